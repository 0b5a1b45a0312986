//! docpipe-clean (under construction).
