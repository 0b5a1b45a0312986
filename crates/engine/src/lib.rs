//! docpipe-engine (under construction).
