use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use tessera_core::{
    Error,
    accounts::{Account, AccountToken, SESSION_TTL_MILLIS, TokenKind},
    now_millis,
    secrets::{SecretKind, new_secret},
    validate,
};
use utoipa::ToSchema;

use super::time;
use crate::{
    AppState, ErrorBody,
    auth::{AccountAuth, Caller, SESSION_COOKIE, client_ip, session_cookie_name},
    error::ApiResult,
    extract::Json,
};
use tessera_platform::throttle;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    #[schema(example = "owner@example.com")]
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    id: String,
    email: String,
    name: String,
    created_at: String,
}

impl From<&Account> for AccountView {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id.to_string(),
            email: a.email.clone(),
            name: a.name.clone(),
            created_at: time(a.created_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// Usable as `Authorization: Bearer <token>`; the same session is also set as a cookie.
    token: String,
    expires_at: String,
    account: AccountView,
}

/// Starts a session for the account, returned as a token and set as an HttpOnly cookie.
pub async fn start_session(
    state: &AppState,
    account: &Account,
    parts_headers: &HeaderMap,
) -> ApiResult<Response> {
    let secret = new_secret(SecretKind::Session);
    let now = now_millis();
    let label = parts_headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let token = AccountToken {
        hash: secret.hash,
        account_id: account.id,
        kind: TokenKind::Session,
        label,
        created_at: now,
        expires_at: Some(now + SESSION_TTL_MILLIS),
    };
    state.store().create_token(&token).await?;
    let cookie = session_cookie(state, &secret.plaintext, SESSION_TTL_MILLIS / 1000);
    let body = SessionView {
        token: secret.plaintext,
        expires_at: time(now + SESSION_TTL_MILLIS),
        account: account.into(),
    };
    Ok(([(header::SET_COOKIE, cookie)], axum::Json(body)).into_response())
}

/// Host-only (no `Domain`), `Secure` with the `__Host-` prefix wherever browsers allow it.
fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> HeaderValue {
    let name = session_cookie_name(state.config());
    let secure = if name == SESSION_COOKIE {
        "; Secure"
    } else {
        ""
    };
    let cookie =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Log in with email and password.
///
/// Wrong email and wrong password get the same answer. Repeated failures are slowed down
/// per client address and per account from that address (429 with `Retry-After`), never for
/// the account from everywhere.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", security(()),
    request_body = LoginBody,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = SessionView),
        (status = 400, description = "Bad input", body = ErrorBody),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    parts: Parts,
    Json(body): Json<LoginBody>,
) -> ApiResult<Response> {
    let ip = client_ip(state.config(), &parts.headers, &parts.extensions);
    let email = body.email.trim().to_lowercase();
    if email.is_empty() {
        return Err(Error::invalid("email", "is required").into());
    }
    let store = state.store();
    let now = now_millis();
    throttle::check_login(store, "dashboard", &email, ip, now).await?;
    let found = store.account_by_email(&email).await?;
    let hash = found.as_ref().map(|(_, h)| h.clone());
    let ok = crate::auth::password_matches(body.password.clone(), hash).await?;
    match found {
        Some((account, _)) if ok => {
            throttle::login_succeeded(store, "dashboard", &email, ip).await?;
            start_session(&state, &account, &parts.headers).await
        }
        _ => {
            throttle::login_failed(store, "dashboard", &email, ip, now).await?;
            Err(crate::ApiError::new(
                tessera_core::ErrorCode::Unauthenticated,
                "wrong email or password",
            ))
        }
    }
}

/// Log out: ends the current session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses(
        (status = 204, description = "Logged out"),
        (status = 401, description = "Not logged in", body = ErrorBody),
    ))]
pub async fn logout(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    if let Caller::Account {
        via: AccountAuth::Session { hash },
        ..
    } = &caller
    {
        state.store().delete_token(hash).await?;
    }
    Ok((
        [(header::SET_COOKIE, session_cookie(&state, "", 0))],
        StatusCode::NO_CONTENT,
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeView {
    /// `session`, `account_key` or `site_key`.
    auth_method: &'static str,
    /// The account, unless the caller is a site API key.
    #[serde(skip_serializing_if = "Option::is_none")]
    account: Option<AccountView>,
    /// The site API key, when the caller is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key: Option<super::api_keys::ApiKeyView>,
}

/// Who am I: the calling account, or the calling site API key.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    responses(
        (status = 200, description = "The caller", body = MeView),
        (status = 401, description = "Not authenticated", body = ErrorBody),
    ))]
pub async fn get_me(caller: Caller) -> axum::Json<MeView> {
    axum::Json(match &caller {
        Caller::Account { account, via } => MeView {
            auth_method: match via {
                AccountAuth::Session { .. } => "session",
                AccountAuth::AccountKey => "account_key",
            },
            account: Some(account.into()),
            api_key: None,
        },
        Caller::SiteKey(key) => MeView {
            auth_method: "site_key",
            account: None,
            api_key: Some(key.into()),
        },
    })
}

/// Checks a new account's email, name and password; returns normalised email and name.
pub fn validate_new_account(
    email: &str,
    name: &str,
    password: &str,
) -> Result<(String, String), Error> {
    let email = validate::email(email)?;
    let name = validate::name("name", name)?;
    validate::password(password)?;
    Ok((email, name))
}
