//! Site secrets for backend code (`wix-secrets-backend`): values are sealed with the
//! server's key before they are stored and are never shown again through the API.

use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tessera_core::{Error, sites::Permission};
use utoipa::ToSchema;

use super::time;
use crate::{
    AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::Json,
};

/// Longest secret value.
const MAX_SECRET_BYTES: usize = 64 * 1024;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecretBody {
    value: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SecretView {
    name: String,
    created_at: String,
    updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct SecretList {
    secrets: Vec<SecretView>,
}

fn check_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "name",
            "use 1 to 100 letters, digits, '_' or '-'",
        ))
    }
}

/// Create or replace a secret. Code reads it with `getSecret(name)`.
#[utoipa::path(put, path = "/api/v1/sites/{site}/secrets/{name}", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), ("name" = String, Path, description = "Secret name")),
    request_body = SecretBody,
    responses(
        (status = 201, description = "Created", body = SecretView),
        (status = 200, description = "Replaced", body = SecretView),
        (status = 400, description = "Bad name or value", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn put_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, name)): Path<(String, String)>,
    Json(body): Json<SecretBody>,
) -> ApiResult<(StatusCode, axum::Json<SecretView>)> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    check_name(&name)?;
    if body.value.len() > MAX_SECRET_BYTES {
        return Err(
            Error::invalid("value", format!("is longer than {MAX_SECRET_BYTES} bytes")).into(),
        );
    }
    let sealed = state.config().secret_key.seal(site.id, &name, &body.value);
    let (created_at, updated_at) = state.store().put_secret(site.id, &name, &sealed).await?;
    let created = created_at == updated_at;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        axum::Json(SecretView {
            name,
            created_at: time(created_at),
            updated_at: time(updated_at),
        }),
    ))
}

/// List the site's secrets: names and times, never values.
#[utoipa::path(get, path = "/api/v1/sites/{site}/secrets", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Secrets", body = SecretList),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn list_secrets(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<SecretList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let secrets = state
        .store()
        .secrets(site.id)
        .await?
        .into_iter()
        .map(|(name, created, updated)| SecretView {
            name,
            created_at: time(created),
            updated_at: time(updated),
        })
        .collect();
    Ok(axum::Json(SecretList { secrets }))
}

/// Delete a secret.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/secrets/{name}", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), ("name" = String, Path, description = "Secret name")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site or secret", body = ErrorBody),
    ))]
pub async fn delete_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    state.store().delete_secret(site.id, &name).await?;
    Ok(StatusCode::NO_CONTENT)
}
