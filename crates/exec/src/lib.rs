//! docpipe-exec (under construction).
