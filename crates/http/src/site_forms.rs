//! Submissions of the published site's form elements: `POST /_api/forms/<form id>` with JSON
//! (the site runtime) or an urlencoded body (no JavaScript; answered with a redirect back).
//! Values are checked against the form's fields and stored as an item of the form's
//! collection, created on first use, through the data API (so hooks and events run).

use axum::{
    Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Map, Value, json};
use tessera_core::{
    ErrorCode,
    data::{AccessLevel, Collection, DataCaller, Field, FieldType, Permissions},
    sites::Site,
};
use tessera_render::document::{Element, Form, InputType, Kind};

use tessera_platform::data::DataContext;

use crate::{ApiError, AppState};

/// The cookie that names a visitor to the site: their form token is signed with it, so a
/// page of another site cannot post a form in their name, and their store cart follows it.
const FORM_COOKIE: &str = "tessera_visitor";

/// The visitor's form cookie value, and the `Set-Cookie` that gives a new one when the
/// request carries none.
pub(crate) fn form_visitor(state: &AppState, headers: &HeaderMap) -> (String, Option<String>) {
    if let Some(v) = crate::auth::cookie(headers, FORM_COOKIE).filter(|v| {
        (20..=100).contains(&v.len())
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    }) {
        return (v, None);
    }
    let value = uuid::Uuid::new_v4().simple().to_string();
    let secure = if state.config().secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!("{FORM_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}");
    (value, Some(cookie))
}

/// The token a site's forms carry for this visitor.
pub(crate) fn form_token(
    state: &AppState,
    site: tessera_core::ids::SiteId,
    visitor: &str,
) -> String {
    state
        .config()
        .platform
        .secret_key
        .mac(site, "form", visitor)
}

/// Whether the post carries the form token of the visitor its cookie names. Compared in
/// constant time.
fn token_matches(state: &AppState, site: &Site, headers: &HeaderMap, sent: Option<&str>) -> bool {
    let (Some(visitor), Some(sent)) = (crate::auth::cookie(headers, FORM_COOKIE), sent) else {
        return false;
    };
    let expected = form_token(state, site.id, &visitor);
    expected.len() == sent.len()
        && expected
            .bytes()
            .zip(sent.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

pub fn router() -> Router<AppState> {
    Router::new().route("/_api/forms/{form}", post(submit_form))
}

fn find_form<'a>(elements: &'a [Element], id: &str) -> Option<&'a Form> {
    elements.iter().find_map(|e| match &e.kind {
        Kind::Form(f) if e.id == id => Some(f),
        _ => find_form(&e.children, id),
    })
}

fn invalid(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message).with_details(json!({ "field": field }))
}

/// The submitted values as the form's fields declare them.
fn check(form: &Form, mut values: Map<String, Value>) -> Result<Map<String, Value>, ApiError> {
    if let Some(name) = values
        .keys()
        .find(|k| !k.starts_with('_') && !form.fields.iter().any(|f| &f.name == *k))
    {
        return Err(invalid(name, format!("{name}: the form has no such field")));
    }
    let mut data = Map::new();
    for field in &form.fields {
        let name = field.name.as_str();
        let label = &field.label;
        let text = match values.remove(name) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Bool(b)) => b.to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => return Err(invalid(name, format!("{label}: send text"))),
        };
        if text.is_empty() || (field.input == InputType::Checkbox && text == "false") {
            if field.required {
                return Err(invalid(name, format!("{label} is required")));
            }
            if field.input == InputType::Checkbox {
                data.insert(name.into(), Value::Bool(false));
            }
            continue;
        }
        let max = field.max_length.unwrap_or(5000) as usize;
        if text.chars().count() > max {
            return Err(invalid(name, format!("{label}: at most {max} characters")));
        }
        let value = match field.input {
            InputType::Email => {
                let ok = text.split_once('@').is_some_and(|(user, domain)| {
                    !user.is_empty()
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }) && !text.contains(char::is_whitespace);
                if !ok {
                    return Err(invalid(
                        name,
                        format!("{label}: enter an email address such as name@example.com"),
                    ));
                }
                Value::String(text)
            }
            InputType::Url => {
                if !(text.starts_with("https://") || text.starts_with("http://")) {
                    return Err(invalid(
                        name,
                        format!("{label}: enter an address starting with https://"),
                    ));
                }
                Value::String(text)
            }
            InputType::Number => match text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                Some(n) => Value::Number(n),
                None => return Err(invalid(name, format!("{label}: enter a number"))),
            },
            InputType::Date => {
                if chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").is_err() {
                    return Err(invalid(
                        name,
                        format!("{label}: enter a date as YYYY-MM-DD"),
                    ));
                }
                Value::String(text)
            }
            InputType::Checkbox => match text.as_str() {
                "true" | "on" => Value::Bool(true),
                _ => return Err(invalid(name, format!("{label}: send true or false"))),
            },
            InputType::Select => {
                if !field.options.contains(&text) {
                    return Err(invalid(name, format!("{label}: choose one of the options")));
                }
                Value::String(text)
            }
            InputType::Text | InputType::Tel | InputType::Textarea => Value::String(text),
        };
        data.insert(name.into(), value);
    }
    Ok(data)
}

/// The collection a form's submissions go to, made (owner-only) on first use.
async fn ensure_collection(state: &AppState, site: &Site, form: &Form) -> Result<(), ApiError> {
    let store = state.store();
    if store.collection(site.id, &form.collection).await?.is_some() {
        return Ok(());
    }
    let now = tessera_core::now_millis();
    let c = Collection {
        site_id: site.id,
        id: form.collection.clone(),
        display_name: form.collection.clone(),
        display_field: form.fields.first().map(|f| f.name.clone()),
        fields: form
            .fields
            .iter()
            .map(|f| Field {
                display_name: f.label.clone(),
                ..Field::new(
                    &f.name,
                    match f.input {
                        InputType::Number => FieldType::Number,
                        InputType::Checkbox => FieldType::Boolean,
                        _ => FieldType::Text,
                    },
                )
            })
            .collect(),
        permissions: Permissions {
            read: AccessLevel::CmsEditor,
            insert: AccessLevel::CmsEditor,
            update: AccessLevel::CmsEditor,
            remove: AccessLevel::CmsEditor,
            member_roles: Vec::new(),
        },
        indexes: Vec::new(),
        revision: 1,
        created_at: now,
        updated_at: now,
        show_drafts: false,
    };
    c.validate()?;
    match store.create_collection(&c).await {
        // Another submission made it first.
        Err(tessera_core::Error::Conflict { .. }) => Ok(()),
        other => other.map_err(ApiError::from),
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    let says = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"))
    };
    says(header::ACCEPT) || says(header::CONTENT_TYPE)
}

/// Where a browser without JavaScript goes back to: the page it posted from.
fn back_to(headers: &HeaderMap, form_id: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let path = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.split_once("://"))
        .and_then(|(_, rest)| rest.strip_prefix(host))
        .filter(|p| p.starts_with('/'))
        .map(|p| p.split(['?', '#']).next().unwrap_or("/"))
        .unwrap_or("/");
    format!("{path}?submitted={form_id}#{form_id}")
}

async fn submit_form(
    State(state): State<AppState>,
    axum::Extension(site): axum::Extension<Site>,
    Path(form_id): Path<String>,
    req: axum::extract::Request,
) -> Response {
    let ip = crate::auth::client_ip(state.config(), req.headers(), req.extensions());
    let (parts, body) = req.into_parts();
    let headers = parts.headers;
    let json = wants_json(&headers);
    let limit = state.config().body_limit_bytes;
    let result = match axum::body::to_bytes(body, limit).await {
        Ok(body) => submit(&state, &site, &form_id, &headers, ip, &body).await,
        Err(_) => Err(ApiError::new(
            ErrorCode::PayloadTooLarge,
            "the form is too large",
        )),
    };
    match result {
        Ok(()) if json => axum::Json(json!({ "ok": true })).into_response(),
        Ok(()) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            if let Ok(to) = HeaderValue::from_str(&back_to(&headers, &form_id)) {
                response.headers_mut().insert(header::LOCATION, to);
            }
            response
        }
        Err(e) if json => e.into_response(),
        Err(e) => {
            let status =
                StatusCode::from_u16(e.code.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
            let mut page =
                crate::pages::not_found(&format!("The form was not sent: {}", e.message));
            *page.status_mut() = status;
            page
        }
    }
}

/// What a stored submission sets off: the sender's contact (created or merged by email) with
/// the submission on its timeline, an email to the site's owners, and `wixForms_onFormSubmit`.
async fn after_submission(
    state: &AppState,
    site: &Site,
    form_id: &str,
    form: &Form,
    data: &Map<String, Value>,
) -> Result<(), ApiError> {
    let value = |input: InputType, names: &[&str]| {
        form.fields
            .iter()
            .filter(|f| f.input == input || names.contains(&f.name.as_str()))
            .find_map(|f| data.get(&f.name).and_then(Value::as_str))
            .map(str::to_string)
    };
    let email = value(InputType::Email, &["email"]).map(|e| e.to_lowercase());
    let name = value(InputType::Text, &["name", "fullName"]).unwrap_or_default();
    let (first, last) = match name.split_once(' ') {
        Some((f, l)) => (f.to_string(), l.to_string()),
        None => (name.clone(), String::new()),
    };
    let fields = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| data.get(*k).and_then(Value::as_str))
            .map(str::to_string)
    };
    let submission =
        json!({ "formId": form_id, "collection": form.collection, "submissionData": data });
    if email.is_some() {
        let (contact, _) = tessera_platform::contacts::upsert(
            state,
            site,
            tessera_platform::contacts::ContactInput {
                email,
                first_name: fields(&["firstName"]).or(Some(first).filter(|s| !s.is_empty())),
                last_name: fields(&["lastName"]).or(Some(last).filter(|s| !s.is_empty())),
                phone: value(InputType::Tel, &["phone"]),
                company: fields(&["company"]),
                source: "FORM",
                ..Default::default()
            },
        )
        .await?;
        tessera_platform::contacts::add_activity(
            state,
            site,
            &contact,
            "FORM_SUBMITTED",
            &format!("Submitted the form {form_id}"),
            submission.clone(),
        )
        .await?;
    }
    let owners = state.store().collaborators(site.id).await?;
    let brand = tessera_platform::mail::brand(state, site).await;
    let lines: Vec<String> = form
        .fields
        .iter()
        .filter_map(|f| {
            data.get(&f.name).map(|v| {
                format!(
                    "{}: {}",
                    f.label,
                    v.as_str().map_or_else(|| v.to_string(), str::to_string)
                )
            })
        })
        .collect();
    for owner in owners
        .iter()
        .filter(|c| c.role == tessera_core::sites::Role::Owner)
    {
        let mut paragraphs = vec![format!(
            "Someone submitted the form {form_id} on {}:",
            brand.name
        )];
        paragraphs.extend(lines.iter().cloned());
        tessera_platform::mail::queue(
            state,
            site,
            &brand,
            tessera_platform::mail::Outgoing {
                kind: "form",
                to: &owner.email,
                subject: format!("New form submission on {}", brand.name),
                paragraphs,
                action: None,
            },
        )
        .await?;
    }
    state.events().publish(tessera_core::events::Event::App {
        site_id: site.id,
        handler: "wixForms_onFormSubmit",
        payload: tessera_platform::backend_events::event_payload(form_id, submission),
    });
    Ok(())
}

async fn submit(
    state: &AppState,
    site: &Site,
    form_id: &str,
    headers: &HeaderMap,
    ip: Option<std::net::IpAddr>,
    body: &[u8],
) -> Result<(), ApiError> {
    // A person sends a form now and then; a flood from one address is a bot.
    let key = format!(
        "{}:{}",
        site.id,
        ip.map(|i| i.to_string()).unwrap_or_default()
    );
    state.form_limiter().check(None, &key)?;
    state.form_limiter().record_failure(None, &key);
    // Browsers name the page a post comes from; another site's page may not post here.
    if crate::auth::cross_origin(headers) {
        return Err(ApiError::forbidden(
            "cross-site form posts are refused: send the form from the site's own pages",
        ));
    }
    let Some((_, _, compiled)) = crate::site_pages::published_site(state, site.id).await? else {
        return Err(ApiError::not_found("form"));
    };
    let doc = &compiled.doc;
    let form = find_form(&doc.master.header, form_id)
        .or_else(|| find_form(&doc.master.footer, form_id))
        .or_else(|| {
            doc.pages
                .iter()
                .find_map(|p| find_form(&p.sections, form_id))
        })
        .ok_or_else(|| ApiError::not_found("form"))?;
    let values: Map<String, Value> = if wants_json(headers) {
        serde_json::from_slice(body).map_err(|e| {
            ApiError::new(
                ErrorCode::MalformedJson,
                format!("the body is not a JSON object: {e}"),
            )
        })?
    } else {
        form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect()
    };
    if !token_matches(
        state,
        site,
        headers,
        values.get("_csrf").and_then(Value::as_str),
    ) {
        return Err(ApiError::forbidden(
            "this form has expired: reload the page and send it again",
        )
        .with_details(json!({ "field": "_csrf" })));
    }
    // People never see the honeypot field; whatever fills it is a bot, and gets no hint.
    if values
        .get("_hp")
        .and_then(Value::as_str)
        .is_some_and(|v| !v.is_empty())
    {
        return Ok(());
    }
    let data = check(form, values)?;
    ensure_collection(state, site, form).await?;
    let member = crate::members::signed_in(state, site, headers)
        .await?
        .map(|m| m.id);
    let ctx = DataContext {
        site: site.clone(),
        caller: DataCaller::Code { member },
        suppress_hooks: false,
    };
    let body = json!({ "dataCollectionId": form.collection, "dataItem": { "data": data } });
    match tessera_platform::data::call(state, &ctx, true, "items", body).await {
        Ok(_) => after_submission(state, site, form_id, form, &data).await,
        Err(e) => {
            e.log_internal();
            let code = if e.code().http_status() < 500 {
                ErrorCode::InvalidArgument
            } else {
                ErrorCode::Internal
            };
            Err(ApiError::new(code, e.description()))
        }
    }
}
