//! Site members and CRM for the site's team, beyond Wix's shapes: how people join, the roles
//! and badges the owner defines and gives, the outbox of the site's email, contacts as CSV,
//! and contact notes and timelines. (Member and contact records themselves are managed
//! through the Wix-shaped `/members/v1` and `/contacts/v4`.)

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tessera_core::{
    Error,
    members::{MemberRole, MemberSettings, RoleKind, role_key},
    now_millis,
    sites::Permission,
};
use utoipa::ToSchema;

use super::time;
use tessera_platform::{
    contacts::{self, ContactInput},
    members::member_view,
};

use crate::{
    AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::Json,
};

/// `{"signup": "open" | "approval", "verifyEmail": bool}`.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct SettingsBody {
    #[schema(value_type = Object)]
    #[serde(flatten)]
    settings: Value,
}

/// Read how visitors join the site.
#[utoipa::path(get, path = "/api/v1/sites/{site}/members/settings", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "Settings", body = SettingsBody),
        (status = 404, description = "No such site", body = ErrorBody)))]
pub async fn get_member_settings(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<Value>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let settings = state.store().member_settings(site.id).await?;
    Ok(axum::Json(json!(settings)))
}

/// Change how visitors join: open sign-up or owner approval, and whether new members must
/// confirm their email before they can log in.
#[utoipa::path(put, path = "/api/v1/sites/{site}/members/settings", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = SettingsBody,
    responses((status = 200, description = "Saved", body = SettingsBody),
        (status = 400, description = "Bad settings", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody)))]
pub async fn put_member_settings(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<Value>,
) -> ApiResult<axum::Json<Value>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let settings: MemberSettings = serde_json::from_value(body).map_err(|e| {
        Error::invalid(
            "settings",
            format!("{e}; send {{\"signup\": \"open\"|\"approval\", \"verifyEmail\": true|false}}"),
        )
    })?;
    state
        .store()
        .put_member_settings(site.id, &settings)
        .await?;
    Ok(axum::Json(json!(settings)))
}

#[derive(Serialize, ToSchema)]
pub struct RoleList {
    #[schema(value_type = Vec<Object>)]
    roles: Vec<Value>,
}

/// The site's member roles and badges.
#[utoipa::path(get, path = "/api/v1/sites/{site}/member-roles", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "Roles and badges", body = RoleList)))]
pub async fn list_member_roles(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<RoleList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let roles = state.store().member_roles(site.id).await?;
    Ok(axum::Json(RoleList {
        roles: roles.iter().map(|r| json!(r)).collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoleBody {
    /// `role` (limits pages and collections) or `badge` (shown on the profile).
    #[schema(value_type = String)]
    kind: RoleKind,
    title: String,
    #[serde(default)]
    description: String,
}

/// Create or change a role or badge; `{id}` is its key, e.g. `gold`.
#[utoipa::path(put, path = "/api/v1/sites/{site}/member-roles/{id}", tag = "members",
    params(("site" = String, Path, description = "Site id or slug"), ("id" = String, Path, description = "Role key")),
    request_body = RoleBody,
    responses((status = 200, description = "Saved"), (status = 400, description = "Bad key or title", body = ErrorBody)))]
pub async fn put_member_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, id)): Path<(String, String)>,
    Json(body): Json<RoleBody>,
) -> ApiResult<axum::Json<Value>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    role_key(&id)?;
    let title = body.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        return Err(Error::invalid("title", "use 1 to 100 characters").into());
    }
    let existing = state.store().member_roles(site.id).await?;
    if !existing.iter().any(|r| r.id == id) && existing.len() >= 100 {
        return Err(Error::invalid("id", "a site has at most 100 roles and badges").into());
    }
    let role = MemberRole {
        created_at: existing
            .iter()
            .find(|r| r.id == id)
            .map_or_else(now_millis, |r| r.created_at),
        id,
        kind: body.kind,
        title: title.to_string(),
        description: body.description.chars().take(1000).collect(),
    };
    state.store().put_member_role(site.id, &role).await?;
    Ok(axum::Json(json!(role)))
}

/// Delete a role or badge (members keep the key, which no longer admits them anywhere).
#[utoipa::path(delete, path = "/api/v1/sites/{site}/member-roles/{id}", tag = "members",
    params(("site" = String, Path, description = "Site id or slug"), ("id" = String, Path, description = "Role key")),
    responses((status = 204, description = "Deleted"), (status = 404, description = "No such role", body = ErrorBody)))]
pub async fn delete_member_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    state.store().delete_member_role(site.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberRolesBody {
    /// Keys of the site's roles and badges; the member holds exactly these afterwards.
    roles: Vec<String>,
}

/// Give a member roles and badges.
#[utoipa::path(put, path = "/api/v1/sites/{site}/members/{id}/roles", tag = "members",
    params(("site" = String, Path, description = "Site id or slug"), ("id" = String, Path, description = "Member id")),
    request_body = MemberRolesBody,
    responses((status = 200, description = "The member"), (status = 400, description = "Unknown role", body = ErrorBody)))]
pub async fn set_member_roles(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, id)): Path<(String, String)>,
    Json(body): Json<MemberRolesBody>,
) -> ApiResult<axum::Json<Value>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let member = tessera_platform::members::set_roles(&state, &site, &id, body.roles).await?;
    Ok(axum::Json(json!({ "member": member_view(&member) })))
}

#[derive(Serialize, ToSchema)]
pub struct Outbox {
    #[schema(value_type = Vec<Object>)]
    emails: Vec<Value>,
}

/// The site's email, newest first: what was sent, what waits for a retry, and (without an
/// SMTP relay) what is only kept here.
#[utoipa::path(get, path = "/api/v1/sites/{site}/outbox", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "Emails", body = Outbox)))]
pub async fn list_outbox(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<Outbox>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let emails = state.store().emails(site.id, 200).await?;
    Ok(axum::Json(Outbox {
        emails: emails
            .iter()
            .map(|e| {
                let mut v = json!(e);
                v["createdAt"] = json!(time(e.created_at));
                v["nextAttemptAt"] = json!(time(e.next_attempt_at));
                v["sentAt"] = json!(e.sent_at.map(time));
                v
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct Notifications {
    #[schema(value_type = Vec<Object>)]
    notifications: Vec<Value>,
}

/// What the site's code sent to the dashboard with `notifications.notify`, newest first;
/// those addressed to the owner only show to owners.
#[utoipa::path(get, path = "/api/v1/sites/{site}/notifications", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "Notifications", body = Notifications)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<Notifications>> {
    let (site, role) = site_access(&state, &caller, &site, Permission::View).await?;
    Ok(axum::Json(Notifications {
        notifications: tessera_platform::notifications::list(&state, &site, role, 100).await?,
    }))
}

const CSV_COLUMNS: [&str; 7] = [
    "email",
    "firstName",
    "lastName",
    "phone",
    "company",
    "labels",
    "source",
];

fn csv_cell(out: &mut String, value: &str) {
    // A leading = + - @ would make spreadsheets run it as a formula.
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&guarded.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(&guarded);
    }
}

/// Contacts as CSV (`email,firstName,lastName,phone,company,labels,source`; labels joined by
/// `;`).
#[utoipa::path(get, path = "/api/v1/sites/{site}/contacts.csv", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
pub async fn export_contacts(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<Response> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let c = contacts::contacts_collection(&state, &site).await?;
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    let mut offset = 0;
    loop {
        let query = tessera_core::data::Query {
            sort: vec![tessera_core::data::Sort {
                field: "_createdDate".into(),
                order: tessera_core::data::SortOrder::Asc,
            }],
            limit: 1000,
            offset,
            ..Default::default()
        };
        let items = state.store().query_items(&c, &query).await?;
        for item in &items {
            for (i, col) in CSV_COLUMNS.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let value = match item.data.get(*col) {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Array(a)) => a
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(";"),
                    _ => String::new(),
                };
                csv_cell(&mut out, &value);
            }
            out.push('\n');
        }
        if items.len() < 1000 {
            break;
        }
        offset += 1000;
    }
    let mut r = out.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"contacts.csv\""),
    );
    Ok(r)
}

/// Splits CSV text into rows of cells (RFC 4180: quotes, doubled quotes, CRLF).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[derive(Serialize, ToSchema)]
pub struct ImportResult {
    created: u32,
    merged: u32,
}

/// Import contacts from CSV with a header row naming some of
/// `email,firstName,lastName,phone,company,labels`; rows merge into contacts by email. A bad
/// row stops the import before anything is written and is named in the error.
#[utoipa::path(post, path = "/api/v1/sites/{site}/contacts/import", tag = "members",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "Imported", body = ImportResult),
        (status = 400, description = "Bad CSV", body = ErrorBody)))]
pub async fn import_contacts(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    body: Bytes,
) -> ApiResult<axum::Json<ImportResult>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Manage).await?;
    let text = std::str::from_utf8(&body)
        .map_err(|_| Error::invalid("body", "send the CSV as UTF-8 text"))?;
    let rows = parse_csv(text.trim_start_matches('\u{feff}'));
    let Some((header, rows)) = rows.split_first() else {
        return Err(Error::invalid("body", "the CSV is empty").into());
    };
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let email_col = column("email")
        .ok_or_else(|| Error::invalid("body", "the header row must name an 'email' column"))?;
    if rows.len() > 10_000 {
        return Err(Error::invalid("body", "import at most 10,000 contacts at once").into());
    }
    let mut inputs = Vec::new();
    for (n, row) in rows.iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |name: &str| {
            column(name)
                .and_then(|i| row.get(i))
                .map(|v| v.trim().trim_start_matches('\'').to_string())
                .filter(|v| !v.is_empty())
        };
        let email = tessera_core::members::normalize_email(
            "email",
            row.get(email_col).map(String::as_str).unwrap_or(""),
        )
        .map_err(|_| Error::invalid("body", format!("row {}: the email is not valid", n + 2)))?;
        inputs.push(ContactInput {
            email: Some(email),
            first_name: cell("firstName"),
            last_name: cell("lastName"),
            phone: cell("phone"),
            company: cell("company"),
            labels: cell("labels")
                .map(|l| {
                    l.split(';')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            member_id: None,
            id: None,
            source: "IMPORT",
        });
    }
    let (mut created, mut merged) = (0, 0);
    for input in inputs {
        let (_, new) = contacts::upsert(&state, &site, input).await?;
        if new {
            created += 1;
        } else {
            merged += 1;
        }
    }
    Ok(axum::Json(ImportResult { created, merged }))
}

#[derive(Serialize, ToSchema)]
pub struct Timeline {
    #[schema(value_type = Vec<Object>)]
    activities: Vec<Value>,
}

/// A contact's timeline, newest first: joined, forms submitted, notes.
#[utoipa::path(get, path = "/api/v1/sites/{site}/contacts/{id}/activities", tag = "members",
    params(("site" = String, Path, description = "Site id or slug"), ("id" = String, Path, description = "Contact id")),
    responses((status = 200, description = "Timeline", body = Timeline)))]
pub async fn list_contact_activities(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, id)): Path<(String, String)>,
) -> ApiResult<axum::Json<Timeline>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let items = contacts::activities(&state, &site, &id).await?;
    Ok(axum::Json(Timeline {
        activities: items
            .into_iter()
            .map(|i| {
                let mut v = Value::Object(i.data);
                v["id"] = json!(i.id);
                v["createdDate"] = json!(time(i.created_at));
                v
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    text: String,
}

/// Add a note to a contact's timeline.
#[utoipa::path(post, path = "/api/v1/sites/{site}/contacts/{id}/notes", tag = "members",
    params(("site" = String, Path, description = "Site id or slug"), ("id" = String, Path, description = "Contact id")),
    request_body = NoteBody,
    responses((status = 201, description = "Added"), (status = 404, description = "No such contact", body = ErrorBody)))]
pub async fn add_contact_note(
    State(state): State<AppState>,
    caller: Caller,
    Path((site, id)): Path<(String, String)>,
    Json(body): Json<NoteBody>,
) -> ApiResult<StatusCode> {
    let (site, _) = site_access(&state, &caller, &site, Permission::EditContent).await?;
    let text = body.text.trim();
    if text.is_empty() || text.chars().count() > 5000 {
        return Err(Error::invalid("text", "write 1 to 5000 characters").into());
    }
    let c = contacts::contacts_collection(&state, &site).await?;
    let contact = state
        .store()
        .item(&c, &id)
        .await?
        .ok_or(Error::NotFound("contact"))?;
    contacts::add_activity(&state, &site, &contact, "NOTE", text, json!({})).await?;
    Ok(StatusCode::CREATED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trip() {
        let mut out = String::new();
        csv_cell(&mut out, "a,\"b\"\nc");
        out.push(',');
        csv_cell(&mut out, "=SUM(A1)");
        out.push('\n');
        assert_eq!(
            parse_csv(&out),
            vec![vec!["a,\"b\"\nc".to_string(), "'=SUM(A1)".to_string()]]
        );
        assert_eq!(
            parse_csv("x,y\r\n1,\r\n"),
            vec![vec!["x", "y"], vec!["1", ""]]
        );
    }
}
