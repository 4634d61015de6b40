//! The integration tests: one crate that runs the real `cutover` binary,
//! a module per concern, and one way to run it ([`test::Test`]).

mod browser;
mod checklist;
mod cli;
mod cmd;
mod completions;
mod diff;
mod fuzz_regressions;
mod gantt;
mod graph;
mod hostile;
mod i18n;
mod i18n_cli;
mod i18n_load;
mod i18n_night;
mod i18n_report;
mod i18n_rules;
mod i18n_tables;
mod ics;
mod import;
mod injection;
mod linking;
mod night;
mod noise;
mod properties;
mod readme;
mod record;
mod sarif;
mod schema;
mod serve;
mod serve_load;
mod table;
mod test;
mod why;
mod working_time;
