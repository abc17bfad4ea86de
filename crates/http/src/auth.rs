//! Who is calling, and may they do this? Credentials, in order: `Authorization` header
//! (`Bearer <secret>` or the bare secret: a session token, an account API key or a site API
//! key, told apart by prefix), then the session cookie. Cookie-authenticated writes must come
//! from the dashboard's own origin: site pages are same-site with the dashboard
//! (`<slug>.localhost`), so SameSite alone would not stop them.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::Mutex,
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, Method, header, request::Parts},
};
use tessera_core::{
    Error,
    accounts::{Account, TokenKind},
    now_millis,
    secrets::{SecretKind, hash_secret},
    sites::{Permission, Role, Site, SiteApiKey},
};

use crate::{AppState, error::ApiError};

/// The dashboard's session cookie. The `__Host-` prefix makes browsers refuse it from a
/// site's subdomain or with a `Domain` (cookie tossing), and requires `Secure`.
pub const SESSION_COOKIE: &str = "__Host-tessera_session";
/// Its name where browsers would refuse a `Secure` cookie: a dashboard on plain HTTP under a
/// name other than localhost. Still host-only.
pub const PLAIN_SESSION_COOKIE: &str = "tessera_session";

/// The session cookie's name on this server.
pub fn session_cookie_name(config: &crate::HttpConfig) -> &'static str {
    if config.dashboard_cookie_secure() {
        SESSION_COOKIE
    } else {
        PLAIN_SESSION_COOKIE
    }
}

/// An authenticated caller.
#[derive(Clone, Debug)]
pub enum Caller {
    Account { account: Account, via: AccountAuth },
    SiteKey(SiteApiKey),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountAuth {
    /// A login session; `hash` identifies it for logout.
    Session {
        hash: String,
    },
    AccountKey,
}

impl Caller {
    /// The account behind the call; site API keys have none of their own.
    pub fn account(&self) -> Option<&Account> {
        match self {
            Self::Account { account, .. } => Some(account),
            Self::SiteKey(_) => None,
        }
    }

    /// The account answerable for what the call creates: the caller's own, or for a site API
    /// key the account that created the key.
    pub fn responsible_account(&self) -> tessera_core::ids::AccountId {
        match self {
            Self::Account { account, .. } => account.id,
            Self::SiteKey(key) => key.created_by,
        }
    }

    pub fn require_account(&self, action: &str) -> Result<&Account, ApiError> {
        self.account()
            .ok_or_else(|| ApiError::forbidden(format!("a site API key cannot {action}")))
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (secret, from_cookie) = match bearer_secret(&parts.headers) {
            Some(s) => (s, false),
            None => match cookie(&parts.headers, session_cookie_name(state.config())) {
                Some(s) => (s, true),
                None => return Err(Error::Unauthenticated.into()),
            },
        };
        if from_cookie && !is_safe(&parts.method) && !same_origin(&parts.headers) {
            return Err(ApiError::forbidden(
                "cross-origin request refused: send the Origin of the dashboard, or use a bearer token",
            ));
        }
        let store = state.store();
        let unauthenticated = || ApiError::from(Error::Unauthenticated);
        match SecretKind::of(&secret) {
            Some(SecretKind::Session | SecretKind::AccountKey) => {
                let hash = hash_secret(&secret);
                let (token, account) = store
                    .token(&hash, now_millis())
                    .await?
                    .ok_or_else(unauthenticated)?;
                let via = match token.kind {
                    TokenKind::Session => AccountAuth::Session { hash },
                    TokenKind::ApiKey => AccountAuth::AccountKey,
                };
                Ok(Caller::Account { account, via })
            }
            Some(SecretKind::SiteKey) if !from_cookie => {
                let key = store
                    .site_key(&hash_secret(&secret))
                    .await?
                    .ok_or_else(unauthenticated)?;
                Ok(Caller::SiteKey(key))
            }
            _ => Err(unauthenticated()),
        }
    }
}

/// For routes open to anyone that act on the caller when there is one: no credentials is
/// `None`, bad credentials are still an error.
impl axum::extract::OptionalFromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiError> {
        let presented = bearer_secret(&parts.headers).is_some()
            || cookie(&parts.headers, session_cookie_name(state.config())).is_some();
        if !presented {
            return Ok(None);
        }
        <Caller as FromRequestParts<AppState>>::from_request_parts(parts, state)
            .await
            .map(Some)
    }
}

/// `Authorization: Bearer <secret>` or `Authorization: <secret>`.
pub fn bearer_secret(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let secret = value.strip_prefix("Bearer ").unwrap_or(value).trim();
    (!secret.is_empty()).then(|| secret.to_string())
}

/// The cookie `name`; none when the request carries it more than once. A second one can
/// only come from a cookie set for a parent domain, as a site's code on a subdomain might
/// try (cookie tossing): which one the browser meant cannot be told, so neither counts.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut found = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string());
    let first = found.next();
    if found.next().is_some() {
        return None;
    }
    first
}

pub(crate) fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The `Origin` (or, lacking it, the `Referer`) names the host the request was sent to.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|o| o.to_str().ok())
        .and_then(|o| o.split_once("://"))
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    matches!((host, origin), (Some(h), Some(o)) if h.eq_ignore_ascii_case(o))
}

/// Whether a browser says the request comes from another origin (`Origin`, or lacking it
/// `Referer`). Browsers send one on every cross-origin POST; clients that send neither are
/// not browsers, which carry no one's cookies by surprise.
pub(crate) fn cross_origin(headers: &HeaderMap) -> bool {
    let sent = headers.contains_key(header::ORIGIN) || headers.contains_key(header::REFERER);
    sent && !same_origin(headers)
}

pub(crate) use tessera_platform::passwords::{password_hash, password_matches};

/// The client's IP address, for throttles and rate limits: the peer's, or when the peer is a
/// trusted proxy, the nearest address in `X-Forwarded-For` that is not one (each proxy
/// appends the address it was reached from, so those to the left are the client's to forge).
pub fn client_ip(
    config: &crate::HttpConfig,
    headers: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> Option<IpAddr> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())?;
    let trusted = |ip: &IpAddr| config.trusted_proxies.iter().any(|net| net.contains(ip));
    if !trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map_while(|a| a.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|ip| !trusted(ip))
            .unwrap_or(peer),
    )
}

/// Resolves `{site}` (an id or a slug) and checks the caller's role on it. A caller with no
/// role on the site gets 404, as if it did not exist; one whose role is too low gets 403.
pub async fn site_access(
    state: &AppState,
    caller: &Caller,
    site_ref: &str,
    needed: Permission,
) -> Result<(Site, Role), ApiError> {
    let store = state.store();
    let site = match site_ref.parse() {
        Ok(id) => store.site(id).await?,
        Err(_) => store.site_by_slug(site_ref).await?,
    }
    .ok_or_else(|| ApiError::not_found("site"))?;
    let role = site_role(state, caller, &site, needed)
        .await?
        .ok_or_else(|| ApiError::not_found("site"))?;
    Ok((site, role))
}

/// The caller's role on `site`, `None` when it has none; 403 when it does not allow `needed`.
pub async fn site_role(
    state: &AppState,
    caller: &Caller,
    site: &Site,
    needed: Permission,
) -> Result<Option<Role>, ApiError> {
    let role = match caller {
        Caller::Account { account, .. } => state.store().role_of(site.id, account.id).await?,
        Caller::SiteKey(key) => (key.site_id == site.id).then_some(key.role),
    };
    match role {
        Some(role) if role.allows(needed) => Ok(Some(role)),
        Some(role) => Err(ApiError::forbidden(format!(
            "the {role} role is not allowed to do this on site '{}'",
            site.slug
        ))),
        None => Ok(None),
    }
}

/// Counts events (form posts) per key (an IP address, a site and address) in a fixed window,
/// in memory: each node limits on its own, which bounds posts to `nodes × limit` per window.
/// Logins and reset emails are counted in the database instead (`throttle`).
pub struct RateLimiter {
    window: Duration,
    per_ip: u32,
    per_account: u32,
    failures: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(window: Duration, per_ip: u32, per_account: u32) -> Self {
        Self {
            window,
            per_ip,
            per_account,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(RateLimited)` when either the IP or the email has failed too often lately.
    pub fn check(&self, ip: Option<IpAddr>, email: &str) -> Result<(), Error> {
        let map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let over = |key: &str, limit: u32| {
            map.get(key).and_then(|&(start, n)| {
                let left = self.window.checked_sub(now - start)?;
                (n >= limit).then_some(left.as_secs().max(1))
            })
        };
        let ip_key = ip.map(|ip| format!("ip:{ip}"));
        let blocked = ip_key
            .as_deref()
            .and_then(|k| over(k, self.per_ip))
            .or_else(|| over(&format!("email:{email}"), self.per_account));
        match blocked {
            Some(retry_after_secs) => Err(Error::RateLimited { retry_after_secs }),
            None => Ok(()),
        }
    }

    pub fn record_failure(&self, ip: Option<IpAddr>, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if map.len() > 100_000 {
            map.retain(|_, (start, _)| now - *start < self.window);
        }
        let keys = ip
            .map(|ip| format!("ip:{ip}"))
            .into_iter()
            .chain([format!("email:{email}")]);
        for key in keys {
            let entry = map.entry(key).or_insert((now, 0));
            if now - entry.0 >= self.window {
                *entry = (now, 0);
            }
            entry.1 += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limiter_blocks_after_limit_per_email_and_per_ip() {
        let l = RateLimiter::new(Duration::from_secs(60), 3, 2);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        l.record_failure(Some(ip), "a@x.io");
        assert!(l.check(Some(ip), "a@x.io").is_ok());
        l.record_failure(Some(ip), "a@x.io");
        assert!(matches!(
            l.check(None, "a@x.io"),
            Err(Error::RateLimited { .. })
        ));
        assert!(l.check(Some(ip), "b@x.io").is_ok());
        l.record_failure(Some(ip), "b@x.io");
        // Three failures from this IP: every email is blocked from it now.
        assert!(l.check(Some(ip), "c@x.io").is_err());
        assert!(l.check(Some("10.0.0.2".parse().unwrap()), "c@x.io").is_ok());
    }

    #[test]
    fn secrets_come_from_either_authorization_form() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, "Bearer tsk_abc".parse().unwrap());
        assert_eq!(bearer_secret(&h).as_deref(), Some("tsk_abc"));
        h.insert(header::AUTHORIZATION, "tsk_abc".parse().unwrap());
        assert_eq!(bearer_secret(&h).as_deref(), Some("tsk_abc"));
        h.insert(
            header::COOKIE,
            "a=1; __Host-tessera_session=tss_x".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("tss_x"));
        h.append(
            header::COOKIE,
            "__Host-tessera_session=tss_tossed".parse().unwrap(),
        );
        assert_eq!(cookie(&h, SESSION_COOKIE), None, "twice: signed out");
    }

    #[test]
    fn origin_must_match_host() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "localhost:8080".parse().unwrap());
        assert!(!same_origin(&h));
        h.insert(
            header::ORIGIN,
            "http://shop.localhost:8080".parse().unwrap(),
        );
        assert!(!same_origin(&h));
        h.insert(header::ORIGIN, "http://localhost:8080".parse().unwrap());
        assert!(same_origin(&h));
    }
}
