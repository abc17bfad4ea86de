//! Site secrets for backend code (`wix-secrets-backend`): values are sealed with the
//! server's key before they are stored and are never shown again through the API.

use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tessera_core::{Error, sites::Permission, sites::Site, store::SecretInfo};
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
    id: String,
    name: String,
    description: String,
    created_at: String,
    updated_at: String,
}

impl From<SecretInfo> for SecretView {
    fn from(s: SecretInfo) -> Self {
        Self {
            id: s.id,
            name: s.name,
            description: s.description,
            created_at: time(s.created_at),
            updated_at: time(s.updated_at),
        }
    }
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

fn check_value(value: &str) -> Result<(), Error> {
    if value.len() > MAX_SECRET_BYTES {
        return Err(Error::invalid(
            "value",
            format!("is longer than {MAX_SECRET_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// Longest description.
const MAX_DESCRIPTION_CHARS: usize = 1000;

fn check_description(description: &str) -> Result<(), Error> {
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(
            "description",
            format!("is longer than {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    Ok(())
}

/// The site's secret that `which` picks.
async fn find(
    state: &AppState,
    site: &Site,
    which: impl Fn(&SecretInfo) -> bool,
) -> Result<SecretInfo, Error> {
    state
        .store()
        .secrets(site.id)
        .await?
        .into_iter()
        .find(which)
        .ok_or(Error::NotFound("secret"))
}

/// Create or replace a secret (developers and above). Code reads it with `getSecret(name)`.
#[utoipa::path(put, path = "/api/v1/sites/{site}/secrets/{name}", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), ("name" = String, Path, description = "Secret name")),
    request_body = SecretBody,
    responses(
        (status = 201, description = "Created", body = SecretView),
        (status = 200, description = "Replaced", body = SecretView),
        (status = 400, description = "Bad name or value", body = ErrorBody),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn put_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, name)): Path<(String, String)>,
    Json(body): Json<SecretBody>,
) -> ApiResult<(StatusCode, axum::Json<SecretView>)> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    check_name(&name)?;
    check_value(&body.value)?;
    let sealed = state.config().secret_key.seal(site.id, &name, &body.value);
    let (created_at, updated_at) = state.store().put_secret(site.id, &name, &sealed).await?;
    let status = if created_at == updated_at {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let info = find(&state, &site, |s| s.name == name).await?;
    Ok((status, axum::Json(info.into())))
}

/// List the site's secrets: names and times, never values.
#[utoipa::path(get, path = "/api/v1/sites/{site}/secrets", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Secrets", body = SecretList),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn list_secrets(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<SecretList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    let secrets = state
        .store()
        .secrets(site.id)
        .await?
        .into_iter()
        .map(SecretView::from)
        .collect();
    Ok(axum::Json(SecretList { secrets }))
}

/// Delete a secret.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/secrets/{name}", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), ("name" = String, Path, description = "Secret name")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site or secret", body = ErrorBody),
    ))]
pub async fn delete_secret(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, name)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    state.store().delete_secret(site.id, &name, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Site code's `wix-secrets-backend.v2` (`@wix/secrets`): the site's own backend manages
/// its secrets through the same store and sealing as the dashboard API.
pub(crate) async fn code_call(state: &AppState, site: &Site, p: &Value) -> Result<Value, Error> {
    let text = |key: &'static str| -> Result<Option<String>, Error> {
        match &p[key] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(Error::invalid(key, "must be a string")),
        }
    };
    let required = |key: &'static str| -> Result<String, Error> {
        text(key)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::invalid(key, "is required"))
    };
    let key = &state.config().secret_key;
    let store = state.store();
    match p["action"].as_str().unwrap_or_default() {
        "create" => {
            let info = SecretInfo {
                id: uuid::Uuid::new_v4().to_string(),
                name: required("name")?,
                description: text("description")?.unwrap_or_default(),
                created_at: 0,
                updated_at: 0,
            };
            let value = text("value")?.ok_or_else(|| Error::invalid("value", "is required"))?;
            check_name(&info.name)?;
            check_value(&value)?;
            check_description(&info.description)?;
            let sealed = key.seal(site.id, &info.name, &value);
            store.create_secret(site.id, &info, &sealed).await?;
            Ok(json!({ "_id": info.id }))
        }
        "update" => {
            let id = required("id")?;
            let current = find(state, site, |s| s.id == id).await?;
            let value = match text("value")? {
                Some(v) => v,
                None => {
                    let sealed = store
                        .secret(site.id, &current.name)
                        .await?
                        .ok_or(Error::NotFound("secret"))?;
                    key.open(site.id, &current.name, &sealed)?
                }
            };
            let info = SecretInfo {
                name: text("name")?.unwrap_or_else(|| current.name.clone()),
                description: text("description")?.unwrap_or_else(|| current.description.clone()),
                ..current.clone()
            };
            check_name(&info.name)?;
            check_value(&value)?;
            check_description(&info.description)?;
            // Sealed under its (new) name, so a renamed secret opens only by that name.
            let sealed = key.seal(site.id, &info.name, &value);
            store
                .update_secret(site.id, &current.name, &info, &sealed)
                .await?;
            Ok(Value::Null)
        }
        "list" => {
            let secrets: Vec<Value> = store
                .secrets(site.id)
                .await?
                .into_iter()
                .map(|s| {
                    json!({
                        "_id": s.id, "name": s.name, "description": s.description,
                        "_createdDate": time(s.created_at), "_updatedDate": time(s.updated_at),
                    })
                })
                .collect();
            Ok(json!({ "secrets": secrets }))
        }
        "delete" => {
            let id = required("id")?;
            let current = find(state, site, |s| s.id == id).await?;
            store
                .delete_secret(site.id, &current.name, Some(&id))
                .await?;
            Ok(Value::Null)
        }
        other => Err(Error::invalid(
            "action",
            format!("wix-secrets-backend.v2 has no {other}"),
        )),
    }
}
