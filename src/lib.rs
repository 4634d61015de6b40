//! `cutover`: a government IT cutover plan as code.
//!
//! A plan (TOML, `docs/plan-format.md`) is loaded into a plain [`model::Plan`]
//! that every command shares; [`check`] runs the [`rules`] over it and the
//! [`report`] modules render the findings.

pub mod alloc;
pub mod calendar;
pub mod check;
pub mod checklist;
pub mod cli;
pub mod context;
pub mod critical;
pub mod diag;
pub mod diff;
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod graph;
pub mod guard;
pub mod i18n;
pub mod ids;
pub mod import;
pub mod load;
pub mod memory;
pub mod model;
pub mod night;
pub mod output;
pub mod par;
pub mod progress;
pub mod report;
pub mod rule;
pub mod rules;
pub mod schedule;
pub mod schema;
pub mod serve;
pub mod source;
pub mod status;
pub mod text;
pub mod time;
pub mod why;
