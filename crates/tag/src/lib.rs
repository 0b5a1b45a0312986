//! docpipe-tag (under construction).
