//! `/api/v1`: Tessera's own management API. Each handler carries its OpenAPI description;
//! `router()` collects both, so the published document covers every route by construction.

mod api_keys;
mod auth;
mod code;
mod collaborators;
pub(crate) mod documents;
mod domains;
mod members;
pub(crate) mod secrets;
mod sites;
mod templates;
mod usage;

use std::sync::OnceLock;

use axum::{http::header, response::IntoResponse};
use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Tessera management API", version = "1", description = "Accounts, sites, collaborators, API keys and domains."),
    modifiers(&Security),
    security(("bearer" = []), ("session" = [])),
    tags(
        (name = "auth", description = "Logging in and out"),
        (name = "sites", description = "Sites and their settings"),
        (name = "collaborators", description = "Who works on a site, and invitations"),
        (name = "api-keys", description = "Site API keys"),
        (name = "domains", description = "Custom domains"),
        (name = "code", description = "Sites' backend code: revisions, publishing"),
        (name = "meta", description = "This API's own description"),
    )
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A session token from login, an account API key or a site API key",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::SESSION_COOKIE,
            ))),
        );
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(get_openapi))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::get_me))
        .routes(routes!(sites::create_site, sites::list_sites))
        .routes(routes!(
            sites::get_site,
            sites::update_site,
            sites::delete_site
        ))
        .routes(routes!(collaborators::list_collaborators))
        .routes(routes!(
            collaborators::update_collaborator,
            collaborators::remove_collaborator
        ))
        .routes(routes!(
            collaborators::create_invite,
            collaborators::list_invites
        ))
        .routes(routes!(collaborators::delete_invite))
        .routes(routes!(collaborators::accept_invite))
        .routes(routes!(api_keys::create_api_key, api_keys::list_api_keys))
        .routes(routes!(api_keys::delete_api_key))
        .routes(routes!(domains::add_domain, domains::list_domains))
        .routes(routes!(domains::remove_domain))
        .routes(routes!(usage::get_usage))
        .merge(
            OpenApiRouter::new()
                .routes(routes!(code::push_code, code::pull_code))
                .layer(axum::extract::DefaultBodyLimit::max(
                    tessera_jsrt::MAX_CODE_BYTES + 1024 * 1024,
                )),
        )
        .routes(routes!(code::list_code_revisions))
        .routes(routes!(code::publish_code))
        .routes(routes!(code::call_web_method))
        .routes(routes!(code::call_http_function))
        .routes(routes!(code::list_jobs))
        .routes(routes!(code::get_logs))
        .routes(routes!(code::get_types))
        .routes(routes!(secrets::list_secrets))
        .routes(routes!(secrets::put_secret, secrets::delete_secret))
        .routes(routes!(documents::get_document, documents::put_document))
        .routes(routes!(documents::publish_site))
        .routes(routes!(documents::list_versions))
        .routes(routes!(documents::get_version))
        .routes(routes!(documents::rollback_version))
        .routes(routes!(documents::create_preview))
        .routes(routes!(documents::render_page))
        .routes(routes!(
            members::get_member_settings,
            members::put_member_settings
        ))
        .routes(routes!(members::list_member_roles))
        .routes(routes!(
            members::put_member_role,
            members::delete_member_role
        ))
        .routes(routes!(members::set_member_roles))
        .routes(routes!(members::list_outbox))
        .routes(routes!(members::list_notifications))
        .routes(routes!(members::export_contacts))
        .routes(routes!(members::import_contacts))
        .routes(routes!(members::list_contact_activities))
        .routes(routes!(members::add_contact_note))
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta", security(()),
    responses((status = 200, description = "The OpenAPI 3.1 description of /api/v1")))]
async fn get_openapi() -> impl IntoResponse {
    static JSON: OnceLock<String> = OnceLock::new();
    let json = JSON.get_or_init(|| crate::openapi().to_json().unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], json.as_str())
}

/// RFC 3339 in UTC with milliseconds, as Wix writes dates.
pub use tessera_platform::time;

/// Parses a typed id from a path segment; a malformed id names nothing that exists.
pub fn path_id<T: std::str::FromStr>(raw: &str, what: &'static str) -> Result<T, crate::ApiError> {
    raw.parse().map_err(|_| crate::ApiError::not_found(what))
}
