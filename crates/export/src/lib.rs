//! docpipe-export (under construction).
