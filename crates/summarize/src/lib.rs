//! docpipe-summarize (under construction).
