//! docpipe-segment (under construction).
