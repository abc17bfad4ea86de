//! The member cookie: which member a request comes from on a site's host, and the cookie
//! that carries a session. Everything else about members is in the platform.

use axum::http::HeaderMap;
use tessera_core::{
    Result,
    members::{MEMBER_SESSION_TTL_MILLIS, Member, MemberStatus},
    now_millis,
    secrets::{SecretKind, hash_secret},
    sites::Site,
};
use tessera_platform::members::session_token;

use crate::{AppState, auth::cookie};

pub const MEMBER_COOKIE: &str = "tessera_member";
/// Its name over HTTPS: the `__Host-` prefix keeps other sites (subdomains of the same
/// parent) from setting it for this one. Plain HTTP (`<slug>.localhost` while developing)
/// cannot have it: browsers keep no `Secure` cookie there.
pub const SECURE_MEMBER_COOKIE: &str = "__Host-tessera_member";

/// The member cookie's name on this server; either is host-only.
pub fn member_cookie_name(state: &AppState) -> &'static str {
    if state.config().secure_cookies {
        SECURE_MEMBER_COOKIE
    } else {
        MEMBER_COOKIE
    }
}

/// The approved member a request's cookie names on this site, if any. A cookie of another
/// site, an expired one or a blocked member's is no one.
pub async fn signed_in(
    state: &AppState,
    site: &Site,
    headers: &HeaderMap,
) -> Result<Option<Member>> {
    let Some(secret) = cookie(headers, member_cookie_name(state)) else {
        return Ok(None);
    };
    if SecretKind::of(&secret) != Some(SecretKind::Member) {
        return Ok(None);
    }
    let member = state
        .store()
        .member_session(site.id, &hash_secret(&secret), now_millis())
        .await?;
    Ok(member.filter(|m| m.status == MemberStatus::Approved))
}

/// Starts a session and returns the `Set-Cookie` value that carries it.
pub async fn start_session(state: &AppState, member: &Member) -> Result<String> {
    let token = session_token(state, member).await?;
    Ok(session_cookie(
        state,
        &token,
        MEMBER_SESSION_TTL_MILLIS / 1000,
    ))
}

/// The member cookie: host-only (so no other site or the dashboard ever receives it),
/// HttpOnly, SameSite=Lax. A max age of 0 clears it.
pub fn session_cookie(state: &AppState, value: &str, max_age_secs: i64) -> String {
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let name = member_cookie_name(state);
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}

/// Ends the session the request's cookie names, if any.
pub async fn end_session(state: &AppState, headers: &HeaderMap) -> Result<()> {
    if let Some(secret) = cookie(headers, member_cookie_name(state)) {
        state
            .store()
            .delete_member_session(&hash_secret(&secret))
            .await?;
    }
    Ok(())
}
