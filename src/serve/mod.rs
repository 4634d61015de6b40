//! `cutover serve`: the night's live board and the pages and JSON API to
//! record progress from, for every office, over one plan and one status log.
//!
//! One concern per file: [`tokens`] (the tokens file), [`auth`] (checking a
//! presented token), [`session`] (browser sessions and CSRF), [`access`]
//! (what a token may record), [`plan`] (the plan served, reloaded when it
//! changes), [`night`] (the log as of now, cached), [`record`] (checking and
//! appending events), [`api`] (JSON), [`board`] and [`pages`] (HTML, with
//! [`html`]), [`routes`], [`app`] (the state) and [`server`] (the runtime).

pub mod access;
pub mod api;
pub mod app;
pub mod auth;
pub mod board;
pub mod html;
pub mod night;
pub mod pages;
pub mod plan;
pub mod record;
pub mod routes;
pub mod server;
pub mod session;
pub mod tokens;

pub use app::Options;
pub use server::run;
