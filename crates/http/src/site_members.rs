//! Members on their site's host: sign up, log in and out, email verification, password reset,
//! changing email and password, and the member's own record (read, update, delete, export).
//!
//! Each endpoint takes JSON (the site runtime, apps) and answers JSON, or takes an urlencoded
//! form (the site's own login pages, no JavaScript needed) and answers with a redirect: to
//! `returnUrl` on success, back to the form's page with `?error=<reason>` on failure.
//! No answer tells whether an email belongs to a member, except signing up with an email that
//! exists when the site neither verifies emails nor approves members (as in Wix).

use axum::{
    Router,
    extract::{FromRequest, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::{Map, Value, json};
use tessera_core::{
    Error, ErrorCode,
    members::{Member, MemberTokenKind, check_password, normalize_email},
    now_millis,
    sites::Site,
};

use tessera_platform::{
    members::{
        self, SignInError, Signup, SignupForm, announce, apply_profile, member_view, send_link,
        sync_member_item,
    },
    throttle,
};

use crate::{
    ApiError, AppState,
    auth::{client_ip, cross_origin, password_hash, password_matches},
    members::{end_session, session_cookie, signed_in, start_session},
};

pub fn router() -> Router<AppState> {
    let my = get(my_member)
        .patch(update_my_member)
        .delete(delete_my_member);
    Router::new()
        .route("/_api/members/v1/auth/register", post(register))
        .route("/_api/members/v1/auth/login", post(login))
        .route("/_api/members/v1/auth/logout", post(logout))
        .route("/_api/members/v1/auth/verify", get(verify).post(verify))
        .route("/_api/members/v1/auth/reset-request", post(request_reset))
        .route("/_api/members/v1/auth/reset", post(reset))
        .route(
            "/_api/members/v1/auth/change-password",
            post(change_password),
        )
        .route("/_api/members/v1/auth/change-email", post(change_email))
        // Forms can only POST: the account page's profile and delete forms use these.
        .route(
            "/_api/members/v1/members/my",
            my.clone().post(update_my_member),
        )
        .route("/_api/members/v1/members/my/delete", post(delete_my_member))
        .route("/members/v1/members/my", my)
        .route("/_api/members/v1/members/my/export", get(export_my_data))
}

/// A request's parts the handlers need, and its fields from JSON or a form.
struct Call {
    site: Site,
    method: Method,
    headers: HeaderMap,
    ip: Option<std::net::IpAddr>,
    json: bool,
    fields: Map<String, Value>,
}

impl FromRequest<AppState> for Call {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let ip = client_ip(state.config(), req.headers(), req.extensions());
        let (parts, body) = req.into_parts();
        let site = parts
            .extensions
            .get::<Site>()
            .cloned()
            .ok_or_else(|| ApiError::not_found("site"))?;
        let headers = parts.headers;
        let json = wants_json(&headers);
        let bytes = axum::body::to_bytes(body, 64 * 1024)
            .await
            .map_err(|_| ApiError::new(ErrorCode::PayloadTooLarge, "the body is too large"))?;
        let mut fields = parse_fields(json, &headers, &bytes)?;
        // A link's parameters (the emailed token) count as fields too.
        for (k, v) in form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
            fields
                .entry(k.into_owned())
                .or_insert_with(|| Value::String(v.into_owned()));
        }
        Ok(Self {
            site,
            method: parts.method,
            headers,
            ip,
            json,
            fields,
        })
    }
}

/// `url` when it is a path on this site, as a browser reads it: percent-decoded, with the
/// tabs, line breaks and other control characters that browsers drop removed, it must start
/// with one `/` and hold no `\\` (`/%09/evil.example` becomes `//evil.example`: refused).
/// Answers the cleaned path, encoded again where needed.
pub(crate) fn safe_return_path(url: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(url)
        .decode_utf8()
        .ok()?;
    let cleaned: String = decoded.chars().filter(|c| !c.is_control()).collect();
    let local = cleaned.starts_with('/')
        && !cleaned.starts_with("//")
        && !cleaned.contains('\\')
        && url.len() <= 2048;
    const ENCODE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'%');
    local.then(|| percent_encoding::utf8_percent_encode(&cleaned, ENCODE).to_string())
}

impl Call {
    fn text(&self, name: &str) -> &str {
        self.fields.get(name).and_then(Value::as_str).unwrap_or("")
    }

    /// Where a browser goes after success: a path on this site, never elsewhere.
    fn return_url(&self, default: &str) -> String {
        safe_return_path(self.text("returnUrl")).unwrap_or_else(|| default.to_string())
    }

    fn base(&self, state: &AppState) -> String {
        crate::site_pages::base_url(state, &self.headers)
    }

    /// Writes carried by the member cookie must come from the site's own pages; so must
    /// logins, so no other site can log a visitor in as someone else.
    fn same_site(&self) -> Result<(), ApiError> {
        if cross_origin(&self.headers) {
            return Err(ApiError::forbidden(
                "cross-site request refused: send it from the site's own pages",
            ));
        }
        Ok(())
    }

    async fn member(&self, state: &AppState) -> Result<Member, ApiError> {
        signed_in(state, &self.site, &self.headers)
            .await?
            .ok_or_else(|| reason(Error::Unauthenticated.into(), "login"))
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    let says = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"))
    };
    says(header::CONTENT_TYPE)
        || (says(header::ACCEPT) && !headers.contains_key(header::CONTENT_TYPE))
}

fn parse_fields(
    json: bool,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<Map<String, Value>, ApiError> {
    if bytes.is_empty() {
        return Ok(Map::new());
    }
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if form || !json {
        return Ok(form_urlencoded::parse(bytes)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect());
    }
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("the body is not a JSON object: {e}"),
        )
    })
}

/// Marks an error with the short reason a page shows (`?error=<reason>`).
fn reason(mut e: ApiError, why: &str) -> ApiError {
    if !e.details.is_object() {
        e.details = json!({});
    }
    e.details["reason"] = json!(why);
    e
}

fn invalid(field: &'static str, e: Error) -> ApiError {
    reason(ApiError::from(e), field)
}

/// What a successful call answers: JSON, or for forms a redirect; perhaps with a cookie.
struct Done {
    body: Value,
    next: String,
    cookie: Option<String>,
}

fn answer(call: &Call, page: &str, result: Result<Done, ApiError>) -> Response {
    let (mut response, cookie) = match (result, call.json) {
        (Ok(done), true) => (axum::Json(done.body).into_response(), done.cookie),
        (Ok(done), false) => (see_other(&done.next), done.cookie),
        (Err(e), true) => (e.into_response(), None),
        (Err(e), false) => (see_other(&error_page(call, page, &e)), None),
    };
    set_cookie(&mut response, cookie);
    response
}

/// The form's page again with the error's reason, keeping where the browser was going.
fn error_page(call: &Call, page: &str, e: &ApiError) -> String {
    let why = e.details["reason"]
        .as_str()
        .or(e.details["field"].as_str())
        .unwrap_or(e.code.as_str());
    let mut to = format!(
        "{page}{}error={why}",
        if page.contains('?') { '&' } else { '?' }
    );
    let back = call.text("returnUrl");
    if !back.is_empty() {
        to.push_str("&returnUrl=");
        to.push_str(
            &percent_encoding::utf8_percent_encode(back, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        );
    }
    to
}

fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Adds the cookie, if any; members' answers are never stored by caches.
fn set_cookie(r: &mut Response, cookie: Option<String>) {
    if let Some(v) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

async fn register(State(state): State<AppState>, call: Call) -> Response {
    let result = do_register(&state, &call).await;
    answer(&call, "/signup", result)
}

async fn do_register(state: &AppState, call: &Call) -> Result<Done, ApiError> {
    call.same_site()?;
    let names = ["firstName", "lastName", "nickname"]
        .into_iter()
        .map(|k| (k.to_string(), json!(call.text(k))))
        .collect();
    let form = SignupForm {
        email: call.text("email"),
        password: call.text("password"),
        names,
    };
    let member = match members::register(state, &call.site, form, &call.base(state))
        .await
        .map_err(refusal)?
    {
        Signup::Active(member) => member,
        Signup::Waiting { state, .. } => {
            return Ok(Done {
                body: json!({ "state": state }),
                next: format!(
                    "/login?notice={}",
                    if state == "REQUIRE_EMAIL_VERIFICATION" {
                        "check-email"
                    } else {
                        "pending"
                    }
                ),
                cookie: None,
            });
        }
    };
    logged_in(state, call, &member).await
}

/// A refused sign-up or login as the site's pages and JSON callers see it.
fn refusal(e: SignInError) -> ApiError {
    match e {
        SignInError::Refused {
            reason: why,
            code,
            message,
            details,
        } => reason(ApiError::new(code, message).with_details(details), why),
        SignInError::Failed(e) => e.into(),
    }
}

/// A new session for `member`: its cookie, and where the browser goes.
async fn logged_in(state: &AppState, call: &Call, member: &Member) -> Result<Done, ApiError> {
    // A new session every login: a session id planted before login is worth nothing.
    end_session(state, &call.headers).await?;
    let cookie = start_session(state, member).await?;
    Ok(Done {
        body: json!({ "state": "SUCCESS", "member": member_view(member) }),
        next: call.return_url("/account"),
        cookie: Some(cookie),
    })
}

async fn login(State(state): State<AppState>, call: Call) -> Response {
    let result = do_login(&state, &call).await;
    answer(&call, "/login", result)
}

async fn do_login(state: &AppState, call: &Call) -> Result<Done, ApiError> {
    call.same_site()?;
    let member = members::login(
        state,
        &call.site,
        call.text("email"),
        call.text("password"),
        call.ip,
        &call.base(state),
    )
    .await
    .map_err(refusal)?;
    logged_in(state, call, &member).await
}

async fn logout(State(state): State<AppState>, call: Call) -> Response {
    let result = async {
        call.same_site()?;
        end_session(&state, &call.headers).await?;
        Ok(Done {
            body: json!({}),
            next: call.return_url("/"),
            cookie: Some(session_cookie(&state, "", 0)),
        })
    }
    .await;
    answer(&call, "/account", result)
}

/// The emailed link: `GET …/verify?token=` from the email, or JSON `{token}`.
async fn verify(State(state): State<AppState>, mut call: Call) -> Response {
    // The link in the email is a GET of a browser: it answers with a page.
    if call.method == Method::GET {
        call.json = false;
    }
    let token = call.text("token").to_string();
    let result = async {
        let member = members::verify_email(&state, &call.site, &token)
            .await
            .map_err(refusal)?;
        Ok(Done {
            body: json!({ "member": member_view(&member) }),
            next: "/login?notice=verified".into(),
            cookie: None,
        })
    }
    .await;
    answer(&call, "/login", result)
}

async fn request_reset(State(state): State<AppState>, call: Call) -> Response {
    let result = async {
        call.same_site()?;
        let email =
            normalize_email("email", call.text("email")).map_err(|e| invalid("email", e))?;
        // The same answer whether or not the address belongs to a member, and whether or
        // not it had too many emails lately.
        let store = state.store();
        let scope = call.site.id.to_string();
        let allowed =
            throttle::reset_email_allowed(store, &scope, &email, call.ip, now_millis()).await?;
        let found = match allowed {
            true => store.member_by_email(call.site.id, &email).await?,
            false => None,
        };
        if let Some((member, _)) = found {
            send_link(
                &state,
                &call.site,
                &call.base(&state),
                &member,
                MemberTokenKind::Reset,
            )
            .await?;
        }
        Ok(Done {
            body: json!({}),
            next: "/login?notice=reset-sent".into(),
            cookie: None,
        })
    }
    .await;
    answer(&call, "/forgot-password", result)
}

async fn reset(State(state): State<AppState>, call: Call) -> Response {
    let page = format!(
        "/reset-password?token={}",
        percent_encoding::utf8_percent_encode(
            call.text("token"),
            percent_encoding::NON_ALPHANUMERIC
        )
    );
    let result = async {
        call.same_site()?;
        members::reset_password(
            &state,
            &call.site,
            call.text("token"),
            call.text("password"),
        )
        .await
        .map_err(refusal)?;
        Ok(Done {
            body: json!({}),
            next: "/login?notice=password-changed".into(),
            cookie: None,
        })
    }
    .await;
    answer(&call, &page, result)
}

async fn change_password(State(state): State<AppState>, call: Call) -> Response {
    let result = async {
        call.same_site()?;
        let member = call.member(&state).await?;
        let new = call.text("newPassword").to_string();
        check_password("newPassword", &new).map_err(|e| invalid("password", e))?;
        confirm_password(&state, &member, call.text("currentPassword")).await?;
        let store = state.store();
        store
            .set_member_password(call.site.id, &member.id, &password_hash(new).await?)
            .await?;
        // The other sessions ended; this one goes on under a new id.
        let cookie = start_session(&state, &member).await?;
        Ok(Done {
            body: json!({}),
            next: "/account?notice=password-changed".into(),
            cookie: Some(cookie),
        })
    }
    .await;
    answer(&call, "/account", result)
}

/// The member's password, checked again before sensitive changes.
async fn confirm_password(
    state: &AppState,
    member: &Member,
    password: &str,
) -> Result<(), ApiError> {
    let stored = state
        .store()
        .member_by_email(member.site_id, &member.email)
        .await?
        .map(|(_, h)| h);
    if !password_matches(password.to_string(), stored).await? {
        return Err(reason(
            ApiError::forbidden("the current password is not right")
                .with_details(json!({ "field": "currentPassword" })),
            "current-password",
        ));
    }
    Ok(())
}

async fn change_email(State(state): State<AppState>, call: Call) -> Response {
    let result = async {
        call.same_site()?;
        let mut member = call.member(&state).await?;
        let email =
            normalize_email("email", call.text("email")).map_err(|e| invalid("email", e))?;
        confirm_password(&state, &member, call.text("currentPassword")).await?;
        member.email = email;
        member.email_verified = false;
        member.updated_at = now_millis();
        state
            .store()
            .update_member(&member)
            .await
            .map_err(|e| match e {
                Error::Conflict { .. } => reason(
                    Error::conflict("email", "another member uses this email").into(),
                    "exists",
                ),
                e => e.into(),
            })?;
        sync_member_item(&state, &call.site, &member).await?;
        announce(&state, &member, "wixMembers_onMemberUpdated");
        send_link(
            &state,
            &call.site,
            &call.base(&state),
            &member,
            MemberTokenKind::Verify,
        )
        .await?;
        Ok(Done {
            body: json!({ "member": member_view(&member) }),
            next: "/account?notice=check-email".into(),
            cookie: None,
        })
    }
    .await;
    answer(&call, "/account", result)
}

async fn my_member(
    State(state): State<AppState>,
    axum::Extension(site): axum::Extension<Site>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let member = signed_in(&state, &site, &headers)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let mut r = axum::Json(json!({ "member": member_view(&member) })).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(r)
}

/// `PATCH …/members/my` with `{"member": {"profile": {...}}}` (or `{"profile": {...}}`, or a
/// form of profile fields): changes the member's own profile.
async fn update_my_member(State(state): State<AppState>, call: Call) -> Response {
    let result = async {
        call.same_site()?;
        let mut member = call.member(&state).await?;
        let body = call.fields.get("member").unwrap_or(&Value::Null);
        let changes = body
            .get("profile")
            .or_else(|| call.fields.get("profile"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_else(|| {
                call.fields
                    .iter()
                    .filter(|(k, _)| members::PROFILE_FIELDS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            });
        apply_profile(&mut member.profile, &changes).map_err(|e| invalid("profile", e))?;
        member.updated_at = now_millis();
        state.store().update_member(&member).await?;
        sync_member_item(&state, &call.site, &member).await?;
        tessera_platform::contacts::update_from_member(&state, &call.site, &member).await?;
        announce(&state, &member, "wixMembers_onMemberUpdated");
        Ok(Done {
            body: json!({ "member": member_view(&member) }),
            next: "/account?notice=saved".into(),
            cookie: None,
        })
    }
    .await;
    answer(&call, "/account", result)
}

/// Deletes the member's account and personal data: sessions, tokens, the mirror item, the
/// contact, and the items they own in the site's collections.
async fn delete_my_member(State(state): State<AppState>, call: Call) -> Response {
    let result = async {
        call.same_site()?;
        let member = call.member(&state).await?;
        confirm_password(&state, &member, call.text("currentPassword")).await?;
        tessera_platform::members::erase(&state, &call.site, &member).await?;
        Ok(Done {
            body: json!({}),
            next: "/?notice=deleted".into(),
            cookie: Some(session_cookie(&state, "", 0)),
        })
    }
    .await;
    answer(&call, "/account", result)
}

/// Everything the site keeps about the member, as one JSON document.
async fn export_my_data(
    State(state): State<AppState>,
    axum::Extension(site): axum::Extension<Site>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let member = signed_in(&state, &site, &headers)
        .await?
        .ok_or(Error::Unauthenticated)?;
    let export = tessera_platform::members::export(&state, &site, &member).await?;
    let mut r = axum::Json(export).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"my-data.json\""),
    );
    Ok(r)
}
