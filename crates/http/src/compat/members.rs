//! Wix's Members API for the site's team (`/members/v1/members…`): list, query, get, create,
//! update, delete, approve and block. Queries run over `Members/PrivateMembersData`, so they
//! take the data API's filters (`loginEmail`, `status`, `profile.nickname`, …).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde_json::{Map, Value, json};
use tessera_core::{
    Error,
    data::DataCaller,
    members::{Member, MemberStatus, normalize_email},
    sites::Permission,
};

use super::{DataContext, Params, WixError, WixJson, WixResult};
use crate::{
    AppState,
    members::{
        MEMBERS_COLLECTION, apply_profile, create_member, erase, member_view, profile_changes,
        update_member,
    },
};

/// The site's team only: `needed` is what the caller's role must allow.
pub(crate) fn team(ctx: &DataContext, needed: Permission) -> WixResult<()> {
    match &ctx.caller {
        DataCaller::Collaborator { role, .. } if role.allows(needed) => Ok(()),
        _ => Err(WixError::new(
            StatusCode::FORBIDDEN,
            "PERMISSION_DENIED",
            "this needs a site collaborator or API key with enough rights",
        )),
    }
}

fn not_found(id: &str) -> WixError {
    WixError::new(
        StatusCode::NOT_FOUND,
        "MEMBER_NOT_FOUND",
        format!("member {id} does not exist"),
    )
}

async fn load(state: &AppState, ctx: &DataContext, id: &str) -> WixResult<Member> {
    state
        .store()
        .member(ctx.site.id, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// Wix's member field names → the mirror collection's.
fn mirror_field(key: &str) -> &str {
    match key {
        "profile.nickname" => "nickname",
        "profile.slug" => "slug",
        "contact.firstName" => "firstName",
        "contact.lastName" => "lastName",
        "createdDate" => "_createdDate",
        "updatedDate" => "_updatedDate",
        "lastLoginDate" => "lastLoginDate",
        "id" => "_id",
        other => other,
    }
}

/// Renames filter keys (recursively, through `$and`/`$or`/`$not`) and sort fields.
pub(crate) fn rename_fields(v: &Value, rename: fn(&str) -> &str) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = if k.starts_with('$') {
                        k.as_str()
                    } else {
                        rename(k)
                    };
                    let value = if k == "fieldName" {
                        json!(rename(v.as_str().unwrap_or_default()))
                    } else {
                        rename_fields(v, rename)
                    };
                    (key.to_string(), value)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| rename_fields(v, rename)).collect()),
        other => other.clone(),
    }
}

/// Runs a data query over a system collection as the site's code would (every item) and
/// answers the item ids of the page with Wix's paging metadata.
pub(crate) async fn query_ids(
    state: &AppState,
    ctx: &DataContext,
    collection: &str,
    query: Value,
) -> WixResult<(Vec<String>, Value)> {
    let mut q = query;
    q["fields"] = json!(["_id"]);
    let body = json!({ "dataCollectionId": collection, "query": q, "returnTotalCount": true });
    let code = DataContext {
        site: ctx.site.clone(),
        caller: DataCaller::Code { member: None },
        suppress_hooks: false,
    };
    let (status, answer) = super::call(
        state,
        code,
        axum::http::Method::POST,
        "items/query",
        Some(body.to_string()),
    )
    .await
    .map_err(WixError::bad_request)?;
    if !status.is_success() {
        return Err(WixError::bad_request(
            answer["message"]
                .as_str()
                .unwrap_or("the query failed")
                .to_string(),
        ));
    }
    let ids = answer["dataItems"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    Ok((ids, answer["pagingMetadata"].clone()))
}

async fn members_page(state: &AppState, ctx: &DataContext, query: Value) -> WixResult<Json<Value>> {
    team(ctx, Permission::View)?;
    let query = rename_fields(&query, mirror_field);
    let (ids, paging) = match state
        .store()
        .collection(ctx.site.id, MEMBERS_COLLECTION)
        .await?
    {
        Some(_) => query_ids(state, ctx, MEMBERS_COLLECTION, query).await?,
        None => (Vec::new(), json!({ "count": 0, "offset": 0, "total": 0 })),
    };
    let mut members = Vec::new();
    for id in ids {
        if let Some(m) = state.store().member(ctx.site.id, &id).await? {
            members.push(member_view(&m));
        }
    }
    Ok(Json(json!({ "members": members, "metadata": paging })))
}

/// The query of a list call's `paging.limit` and `paging.offset`, by creation time.
pub(crate) fn list_query(p: &Params, order: &str) -> Value {
    let number = |k: &str| p.one(k).and_then(|v| v.parse::<u64>().ok());
    json!({
        "paging": { "limit": number("paging.limit").unwrap_or(50), "offset": number("paging.offset").unwrap_or(0) },
        "sort": [{ "fieldName": "_createdDate", "order": order }],
    })
}

/// `GET /members/v1/members?paging.limit=&paging.offset=`.
pub async fn list(
    State(state): State<AppState>,
    ctx: DataContext,
    p: Params,
) -> WixResult<Json<Value>> {
    members_page(&state, &ctx, list_query(&p, "ASC")).await
}

/// `POST /members/v1/members/query` with `{query: {filter, sort, paging}}`.
pub async fn query(
    State(state): State<AppState>,
    ctx: DataContext,
    WixJson(body): WixJson<Value>,
) -> WixResult<Json<Value>> {
    members_page(&state, &ctx, body["query"].clone()).await
}

pub async fn get(
    State(state): State<AppState>,
    ctx: DataContext,
    Path(id): Path<String>,
) -> WixResult<Json<Value>> {
    team(&ctx, Permission::View)?;
    let m = load(&state, &ctx, &id).await?;
    Ok(Json(json!({ "member": member_view(&m) })))
}

/// `POST /members/v1/members` with `{member: {loginEmail, profile, contact}}`: an approved
/// member with no usable password yet (they choose one with "forgot password").
pub async fn create(
    State(state): State<AppState>,
    ctx: DataContext,
    WixJson(body): WixJson<Value>,
) -> WixResult<Json<Value>> {
    team(&ctx, Permission::Manage)?;
    let m = &body["member"];
    let email = normalize_email("member.loginEmail", m["loginEmail"].as_str().unwrap_or(""))?;
    let mut profile = Map::new();
    apply_profile(&mut profile, &profile_changes(m))?;
    let member = create_member(&state, &ctx.site, email, profile)
        .await
        .map_err(|e| match e {
            Error::Conflict { .. } => WixError::new(
                StatusCode::CONFLICT,
                "EMAIL_ALREADY_EXISTS",
                "a member with this email exists",
            ),
            e => e.into(),
        })?;
    Ok(Json(json!({ "member": member_view(&member) })))
}

/// `PATCH /members/v1/members/{id}` with `{member: {…}}`: profile, and `loginEmail`.
pub async fn update(
    State(state): State<AppState>,
    ctx: DataContext,
    Path(id): Path<String>,
    WixJson(body): WixJson<Value>,
) -> WixResult<Json<Value>> {
    team(&ctx, Permission::Manage)?;
    let member = load(&state, &ctx, &id).await?;
    let member = update_member(&state, &ctx.site, member, &body["member"]).await?;
    Ok(Json(json!({ "member": member_view(&member) })))
}

/// Deletes the member with their personal data.
pub async fn delete(
    State(state): State<AppState>,
    ctx: DataContext,
    Path(id): Path<String>,
) -> WixResult<Json<Value>> {
    team(&ctx, Permission::Manage)?;
    let member = load(&state, &ctx, &id).await?;
    erase(&state, &ctx.site, &member).await?;
    Ok(Json(json!({})))
}

async fn set_status(
    state: &AppState,
    ctx: &DataContext,
    id: &str,
    status: MemberStatus,
) -> WixResult<Json<Value>> {
    team(ctx, Permission::Manage)?;
    let member = load(state, ctx, id).await?;
    let member = crate::members::set_status(state, &ctx.site, member, status).await?;
    Ok(Json(json!({ "member": member_view(&member) })))
}

pub async fn approve(
    State(state): State<AppState>,
    ctx: DataContext,
    Path(id): Path<String>,
) -> WixResult<Json<Value>> {
    set_status(&state, &ctx, &id, MemberStatus::Approved).await
}

pub async fn block(
    State(state): State<AppState>,
    ctx: DataContext,
    Path(id): Path<String>,
) -> WixResult<Json<Value>> {
    set_status(&state, &ctx, &id, MemberStatus::Blocked).await
}
