use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use tessera_core::{
    Error,
    accounts::Account,
    ids::{AccountId, InviteId},
    now_millis,
    secrets::{SecretKind, hash_secret, new_secret},
    sites::{INVITE_TTL_MILLIS, Invite, Permission, Role},
    validate,
};
use utoipa::ToSchema;

use super::{path_id, time};
use crate::{
    ApiError, AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::{Json, optional_json},
};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollaboratorView {
    account_id: String,
    email: String,
    name: String,
    #[schema(example = "editor")]
    role: &'static str,
    added_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct CollaboratorList {
    collaborators: Vec<CollaboratorView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// `owner`, `admin`, `developer`, `editor` or `viewer`.
    role: String,
}

fn parse_role(raw: &str) -> Result<Role, Error> {
    Role::parse(raw).ok_or_else(|| {
        Error::invalid(
            "role",
            "must be one of owner, admin, developer, editor, viewer",
        )
    })
}

fn may_grant(mine: Role, theirs: Role) -> Result<(), ApiError> {
    if mine.may_grant(theirs) {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "the {mine} role cannot grant or take away the {theirs} role"
        )))
    }
}

/// Who works on the site.
#[utoipa::path(get, path = "/api/v1/sites/{site}/collaborators", tag = "collaborators",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Collaborators, earliest first", body = CollaboratorList),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn list_collaborators(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<CollaboratorList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let collaborators = state
        .store()
        .collaborators(site.id)
        .await?
        .into_iter()
        .map(|c| CollaboratorView {
            account_id: c.account_id.to_string(),
            email: c.email,
            name: c.name,
            role: c.role.as_str(),
            added_at: time(c.added_at),
        })
        .collect();
    Ok(axum::Json(CollaboratorList { collaborators }))
}

/// Change a collaborator's role. Admins manage roles up to admin; only owners touch owners.
/// A site always keeps at least one owner.
#[utoipa::path(patch, path = "/api/v1/sites/{site}/collaborators/{account}", tag = "collaborators",
    params(("site" = String, Path, description = "Site id or slug"), ("account" = String, Path, description = "Account id")),
    request_body = RoleBody,
    responses(
        (status = 204, description = "Changed"),
        (status = 400, description = "Unknown role", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site or collaborator", body = ErrorBody),
        (status = 409, description = "Would leave the site without an owner", body = ErrorBody),
    ))]
pub async fn update_collaborator(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, account)): Path<(String, String)>,
    Json(body): Json<RoleBody>,
) -> ApiResult<StatusCode> {
    let (site, mine) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let new_role = parse_role(&body.role)?;
    let account: AccountId = path_id(&account, "collaborator")?;
    let current = state
        .store()
        .role_of(site.id, account)
        .await?
        .ok_or_else(|| ApiError::not_found("collaborator"))?;
    may_grant(mine, current)?;
    may_grant(mine, new_role)?;
    state.store().set_role(site.id, account, new_role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a collaborator, or leave a site yourself (any role may leave).
#[utoipa::path(delete, path = "/api/v1/sites/{site}/collaborators/{account}", tag = "collaborators",
    params(("site" = String, Path, description = "Site id or slug"), ("account" = String, Path, description = "Account id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site or collaborator", body = ErrorBody),
        (status = 409, description = "Would leave the site without an owner", body = ErrorBody),
    ))]
pub async fn remove_collaborator(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, account)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, mine) = site_access(&state, &caller, &site, Permission::View).await?;
    let account: AccountId = path_id(&account, "collaborator")?;
    let leaving_myself = caller.account().is_some_and(|a| a.id == account);
    if !leaving_myself {
        let theirs = state
            .store()
            .role_of(site.id, account)
            .await?
            .ok_or_else(|| ApiError::not_found("collaborator"))?;
        may_grant(mine, theirs)?;
    }
    state.store().remove_collaborator(site.id, account).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    #[schema(example = "designer@example.com")]
    email: String,
    #[schema(example = "editor")]
    role: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InviteView {
    id: String,
    email: String,
    role: &'static str,
    created_at: String,
    expires_at: String,
    /// The secret token, only in the answer to creating the invitation.
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    /// The link to send to the invitee, only in the answer to creating the invitation.
    #[serde(skip_serializing_if = "Option::is_none")]
    accept_url: Option<String>,
}

impl InviteView {
    fn new(i: &Invite) -> Self {
        Self {
            id: i.id.to_string(),
            email: i.email.clone(),
            role: i.role.as_str(),
            created_at: time(i.created_at),
            expires_at: time(i.expires_at),
            token: None,
            accept_url: None,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InviteList {
    invites: Vec<InviteView>,
}

/// Invite someone by email. The answer carries the one-time link to send them; it is valid
/// for 7 days.
#[utoipa::path(post, path = "/api/v1/sites/{site}/invites", tag = "collaborators",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = InviteBody,
    responses(
        (status = 201, description = "Invited", body = InviteView),
        (status = 400, description = "Bad email or role", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
        (status = 409, description = "Already a collaborator", body = ErrorBody),
    ))]
pub async fn create_invite(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<InviteBody>,
) -> ApiResult<(StatusCode, axum::Json<InviteView>)> {
    let (site, mine) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let email = validate::email(&body.email)?;
    let role = parse_role(&body.role)?;
    may_grant(mine, role)?;
    let store = state.store();
    if let Some((account, _)) = store.account_by_email(&email).await?
        && store.role_of(site.id, account.id).await?.is_some()
    {
        return Err(
            Error::conflict("email", "this person already collaborates on the site").into(),
        );
    }
    let invited_by = caller.responsible_account();
    let secret = new_secret(SecretKind::Invite);
    let now = now_millis();
    let invite = Invite {
        site_id: site.id,
        id: InviteId::new(),
        email,
        role,
        token_hash: secret.hash,
        invited_by,
        created_at: now,
        expires_at: now + INVITE_TTL_MILLIS,
    };
    store.create_invite(&invite).await?;
    let base = state.config().platform.public_url.trim_end_matches('/');
    let view = InviteView {
        accept_url: Some(format!("{base}/invites/{}", secret.plaintext)),
        token: Some(secret.plaintext),
        ..InviteView::new(&invite)
    };
    Ok((StatusCode::CREATED, axum::Json(view)))
}

/// Pending invitations.
#[utoipa::path(get, path = "/api/v1/sites/{site}/invites", tag = "collaborators",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Pending invitations (without their tokens)", body = InviteList),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn list_invites(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<InviteList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let invites = state
        .store()
        .invites(site.id)
        .await?
        .iter()
        .map(InviteView::new)
        .collect();
    Ok(axum::Json(InviteList { invites }))
}

/// Withdraw an invitation.
#[utoipa::path(delete, path = "/api/v1/sites/{site}/invites/{invite}", tag = "collaborators",
    params(("site" = String, Path, description = "Site id or slug"), ("invite" = String, Path, description = "Invitation id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site or invitation", body = ErrorBody),
    ))]
pub async fn delete_invite(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, invite)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    state
        .store()
        .delete_invite(site.id, path_id(&invite, "invite")?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    /// For someone without an account: the name of the account to create.
    name: Option<String>,
    /// For someone without an account: its password (at least 8 characters).
    password: Option<String>,
}

/// Accept an invitation. A logged-in caller joins with their account (its email must be the
/// invited one). Someone without an account sends `name` and `password`: the account is
/// created, joins the site, and is logged in (the answer is then a session).
#[utoipa::path(post, path = "/api/v1/invites/{token}/accept", tag = "collaborators",
    params(("token" = String, Path, description = "The invitation token from the link")),
    request_body(content = AcceptBody, description = "Only when creating an account", content_type = "application/json"),
    security((), ("bearer" = []), ("session" = [])),
    responses(
        (status = 200, description = "Joined; for a new account, a session (see login)"),
        (status = 204, description = "Joined with the calling account"),
        (status = 400, description = "Bad name or password", body = ErrorBody),
        (status = 403, description = "The invitation is for another email", body = ErrorBody),
        (status = 404, description = "Unknown or expired invitation", body = ErrorBody),
        (status = 409, description = "An account with this email exists: log in first", body = ErrorBody),
    ))]
pub async fn accept_invite(
    State(state): State<AppState>,
    caller: Option<Caller>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let store = state.store();
    let now = now_millis();
    let invite = store
        .invite_by_token(&hash_secret(&token))
        .await?
        .filter(|i| i.expires_at > now)
        .ok_or_else(|| ApiError::not_found("invite"))?;
    if let Some(caller) = caller {
        let account = caller.require_account("accept invitations")?;
        if account.email != invite.email {
            return Err(ApiError::forbidden(
                "this invitation was sent to another email address",
            ));
        }
        store.accept_invite(&invite, account.id, now).await?;
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let body: AcceptBody = optional_json(&body)?;
    let password = body.password.ok_or_else(|| {
        Error::invalid(
            "password",
            "is required to create an account; or log in first",
        )
    })?;
    let (email, name) = super::auth::validate_new_account(
        &invite.email,
        body.name.as_deref().unwrap_or(""),
        &password,
    )?;
    let account = Account {
        id: AccountId::new(),
        email,
        name,
        created_at: now,
    };
    let hash = crate::auth::password_hash(password).await?;
    store
        .create_account(&account, &hash)
        .await
        .map_err(|e| match e {
            Error::Conflict { .. } => Error::conflict(
                "email",
                "an account with this email exists: log in, then accept",
            ),
            e => e,
        })?;
    store.accept_invite(&invite, account.id, now).await?;
    super::auth::start_session(&state, &account, &headers).await
}
