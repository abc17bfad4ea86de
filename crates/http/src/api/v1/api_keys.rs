use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use tessera_core::{
    Error,
    ids::ApiKeyId,
    now_millis,
    secrets::{SecretKind, new_secret},
    sites::{Permission, Role, SiteApiKey},
    validate,
};
use utoipa::ToSchema;

use super::{path_id, time};
use crate::{
    ApiError, AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::Json,
};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyBody {
    #[schema(example = "deploy from CI")]
    name: String,
    /// `admin`, `developer`, `editor` or `viewer`: what the key may do on this site.
    #[schema(example = "editor")]
    role: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyView {
    id: String,
    site_id: String,
    name: String,
    role: &'static str,
    created_at: String,
    /// The secret, only in the answer to creating the key: it is stored hashed.
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
}

impl From<&SiteApiKey> for ApiKeyView {
    fn from(k: &SiteApiKey) -> Self {
        Self {
            id: k.id.to_string(),
            site_id: k.site_id.to_string(),
            name: k.name.clone(),
            role: k.role.as_str(),
            created_at: time(k.created_at),
            key: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyList {
    api_keys: Vec<ApiKeyView>,
}

/// Create a site API key. Send it as `Authorization: <key>` or `Authorization: Bearer <key>`.
/// The secret is shown in this answer only.
#[utoipa::path(post, path = "/api/v1/sites/{site}/api-keys", tag = "api-keys",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = CreateApiKeyBody,
    responses(
        (status = 201, description = "Created; `key` holds the secret", body = ApiKeyView),
        (status = 400, description = "Bad name or role", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn create_api_key(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<CreateApiKeyBody>,
) -> ApiResult<(StatusCode, axum::Json<ApiKeyView>)> {
    let (site, mine) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let name = validate::name("name", &body.name)?;
    let role = match Role::parse(&body.role) {
        Some(Role::Owner) | None => {
            return Err(
                Error::invalid("role", "must be one of admin, developer, editor, viewer").into(),
            );
        }
        Some(role) => role,
    };
    if !mine.may_grant(role) {
        return Err(ApiError::forbidden(format!(
            "the {mine} role cannot create {role} keys"
        )));
    }
    let created_by = caller.responsible_account();
    let secret = new_secret(SecretKind::SiteKey);
    let key = SiteApiKey {
        site_id: site.id,
        id: ApiKeyId::new(),
        name,
        role,
        key_hash: secret.hash,
        created_by,
        created_at: now_millis(),
    };
    state.store().create_site_key(&key).await?;
    let view = ApiKeyView {
        key: Some(secret.plaintext),
        ..ApiKeyView::from(&key)
    };
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// The site's API keys, without their secrets.
#[utoipa::path(get, path = "/api/v1/sites/{site}/api-keys", tag = "api-keys",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Keys, oldest first", body = ApiKeyList),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn list_api_keys(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<ApiKeyList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let api_keys = state
        .store()
        .site_keys(site.id)
        .await?
        .iter()
        .map(ApiKeyView::from)
        .collect();
    Ok(axum::Json(ApiKeyList { api_keys }))
}

/// Revoke a site API key; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/api-keys/{key}", tag = "api-keys",
    params(("site" = String, Path, description = "Site id or slug"), ("key" = String, Path, description = "API key id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site or key", body = ErrorBody),
    ))]
pub async fn delete_api_key(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, key)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    state
        .store()
        .delete_site_key(site.id, path_id(&key, "api key")?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
