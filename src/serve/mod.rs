//! `cutover serve`: the night's live board and the pages and JSON API to
//! record progress from, for every office, over one plan and one status log.

pub mod tokens;
