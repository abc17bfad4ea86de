//! Wix's Members API for the site's team (`/members/v1/members…`): list, query, get, create,
//! update, delete, approve and block. Queries run over `Members/PrivateMembersData`, so they
//! take the data API's filters (`loginEmail`, `status`, `profile.nickname`, …).

use axum::{
    Json,
    extract::{Path, State},
};
use serde_json::{Map, Value, json};
use tessera_core::{
    Error,
    members::{Member, MemberStatus, normalize_email},
    sites::Permission,
};

use tessera_platform::{
    WixCode, WixError,
    data::DataContext,
    members::{
        MEMBERS_COLLECTION, apply_profile, create_member, erase, member_view, profile_changes,
        update_member,
    },
};

use super::{Ctx, Params, WixJson, WixResult};
use crate::AppState;
use tessera_platform::listing::{list_query, query_ids, rename_fields, team};

fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::MemberNotFound,
        format!("member {id} does not exist"),
    )
}

async fn load(state: &AppState, ctx: &DataContext, id: &str) -> WixResult<Member> {
    state
        .store()
        .member(ctx.site.id, id)
        .await?
        .ok_or_else(|| not_found(id).into())
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

/// `GET /members/v1/members?paging.limit=&paging.offset=`.
pub async fn list(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Params(p): Params,
) -> WixResult<Json<Value>> {
    members_page(&state, &ctx, list_query(&p, "ASC")).await
}

/// The members `query` finds, as `POST /members/v1/members/query` answers them (GraphQL's
/// `members`).
pub(crate) async fn members_query(
    state: &AppState,
    ctx: &DataContext,
    query: Value,
) -> Result<Value, tessera_platform::WixError> {
    members_page(state, ctx, query)
        .await
        .map(|Json(v)| v)
        .map_err(|e| e.0)
}

/// `POST /members/v1/members/query` with `{query: {filter, sort, paging}}`.
pub async fn query(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    WixJson(body): WixJson<Value>,
) -> WixResult<Json<Value>> {
    members_page(&state, &ctx, body["query"].clone()).await
}

pub async fn get(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
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
    Ctx(ctx): Ctx,
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
                WixCode::EmailAlreadyExists,
                "a member with this email exists",
            ),
            e => e.into(),
        })?;
    Ok(Json(json!({ "member": member_view(&member) })))
}

/// `PATCH /members/v1/members/{id}` with `{member: {…}}`: profile, and `loginEmail`.
pub async fn update(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
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
    Ctx(ctx): Ctx,
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
    let member = tessera_platform::members::set_status(state, &ctx.site, member, status).await?;
    Ok(Json(json!({ "member": member_view(&member) })))
}

pub async fn approve(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
) -> WixResult<Json<Value>> {
    set_status(&state, &ctx, &id, MemberStatus::Approved).await
}

pub async fn block(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    Path(id): Path<String>,
) -> WixResult<Json<Value>> {
    set_status(&state, &ctx, &id, MemberStatus::Blocked).await
}
