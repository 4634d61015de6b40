//! The routes, with the request body bounded.

use super::app::{App, MAX_BODY};
use super::{api, pages};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use std::sync::Arc;

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::board))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/org/{id}", get(pages::org_page))
        .route("/unit/{id}", get(pages::unit_page))
        .route("/form/mark", post(pages::form_mark))
        .route("/form/approve", post(pages::form_approve))
        .route("/api/status", get(api::status))
        .route("/api/next", get(api::next))
        .route("/api/mark", post(api::mark))
        .route("/api/approve", post(api::approve))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}
