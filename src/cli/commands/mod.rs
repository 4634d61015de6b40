//! One file per command: its arguments and a short `exec` that opens the
//! plan through the context layer and hands it to a renderer.

pub mod approve;
pub mod check;
pub mod checklist;
pub mod completions;
pub mod critical_path;
pub mod diff;
pub mod gantt;
pub mod graph;
pub mod ics;
pub mod import;
pub mod man;
pub mod mark;
pub mod next;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod status;
pub mod table;
pub mod token;
pub mod why;
