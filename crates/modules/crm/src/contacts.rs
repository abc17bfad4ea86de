//! Wix's Contacts API for the site's team (`/contacts/v4/contacts…`): create, get, update,
//! delete, list, query, labels and merge, over the `Contacts/Contacts` system collection.

use serde_json::{Value, json};
use tessera_core::{
    Error,
    data::{Filter, Item},
    members::normalize_email,
    sites::Permission,
};

use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    contacts::{self, CONTACTS, ContactInput, contact_view},
    data::DataContext,
    listing::{list_query, query_ids, rename_fields, team},
    module::{Method, Route, RouteCall},
};

fn not_found(id: &str) -> WixError {
    WixError::new(
        WixCode::ContactNotFound,
        format!("contact {id} does not exist"),
    )
}

async fn load(state: &Platform, ctx: &DataContext, id: &str) -> WixResult<Item> {
    let c = contacts::contacts_collection(state, &ctx.site).await?;
    state
        .store()
        .item(&c, id)
        .await?
        .ok_or_else(|| not_found(id))
}

/// Wix's contact field names → the collection's.
fn stored_field(key: &str) -> &str {
    match key {
        "info.name.first" => "firstName",
        "info.name.last" => "lastName",
        "primaryInfo.email" | "info.emails.email" => "email",
        "primaryInfo.phone" | "info.phones.phone" => "phone",
        "info.company" => "company",
        "info.labelKeys" | "info.labelKeys.items" => "labels",
        "createdDate" => "_createdDate",
        "updatedDate" => "_updatedDate",
        "lastActivity.activityDate" => "lastActivityDate",
        "id" => "_id",
        other => other,
    }
}

/// The fields of a Wix `info` object.
fn input_from_info(info: &Value) -> WixResult<ContactInput> {
    let text = |v: &Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let email = match info["emails"]["items"].get(0).map(|e| &e["email"]) {
        Some(Value::String(e)) => Some(normalize_email("info.emails.items[0].email", e)?),
        _ => None,
    };
    Ok(ContactInput {
        email,
        first_name: text(&info["name"]["first"]),
        last_name: text(&info["name"]["last"]),
        phone: info["phones"]["items"]
            .get(0)
            .and_then(|p| text(&p["phone"])),
        company: text(&info["company"]),
        labels: info["labelKeys"]["items"]
            .as_array()
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default(),
        member_id: None,
        id: None,
        source: "ADMIN",
    })
}

/// `POST /contacts/v4/contacts` with `{info}`. An email another contact has is a 409, as in
/// Wix (unless `allowDuplicates`, which merges instead: one contact per address here).
async fn create(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let body = &call.body;
    team(ctx, Permission::EditContent)?;
    let input = input_from_info(&body["info"])?;
    if let Some(email) = &input.email
        && body["allowDuplicates"].as_bool() != Some(true)
        && contacts::contact_by_email(&state, &ctx.site, email)
            .await?
            .is_some()
    {
        return Err(WixError::new(
            WixCode::DuplicateContactExists,
            format!("a contact with the email {email} exists"),
        ));
    }
    if input.email.is_none() && input.first_name.is_none() && input.phone.is_none() {
        return Err(WixError::bad_request(
            "info: give the contact at least a name, an email or a phone",
        ));
    }
    let (item, _) = contacts::upsert(&state, &ctx.site, input).await?;
    Ok(json!({ "contact": contact_view(&item) }))
}

async fn get(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let id = call.path_param("id").to_string();
    team(ctx, Permission::View)?;
    let item = load(&state, ctx, &id).await?;
    Ok(json!({ "contact": contact_view(&item) }))
}

/// `PATCH /contacts/v4/contacts/{id}` with `{info}`: the given fields replace the stored ones.
async fn update(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let id = call.path_param("id").to_string();
    let body = &call.body;
    team(ctx, Permission::EditContent)?;
    let mut item = load(&state, ctx, &id).await?;
    let had = contacts::labels(&item);
    let input = input_from_info(&body["info"])?;
    contacts::overwrite(&mut item.data, input, body["info"]["labelKeys"].is_object());
    save(&state, ctx, item, &had).await
}

/// `contacts::save` with the answer and errors of this API.
async fn save(state: &Platform, ctx: &DataContext, item: Item, had: &[String]) -> WixResult<Value> {
    let id = item.id.clone();
    let stored = contacts::save(state, &ctx.site, item, had)
        .await
        .map_err(|e| match e {
            Error::Conflict { .. } => WixError::new(
                WixCode::DuplicateContactExists,
                "another contact has this email",
            ),
            e => e.into(),
        })?
        .ok_or_else(|| not_found(&id))?;
    Ok(json!({ "contact": contact_view(&stored) }))
}

async fn delete(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let id = call.path_param("id").to_string();
    team(ctx, Permission::EditContent)?;
    if !contacts::delete_contact(&state, &ctx.site, &id).await? {
        return Err(not_found(&id));
    }
    Ok(json!({}))
}

async fn contacts_page(state: &Platform, ctx: &DataContext, query: Value) -> WixResult<Value> {
    team(ctx, Permission::View)?;
    // A site nobody has been a contact of yet has no contacts collection: an empty page.
    if state
        .store()
        .collection(ctx.site.id, CONTACTS)
        .await?
        .is_none()
    {
        let empty = json!({ "count": 0, "offset": 0, "total": 0, "hasNext": false });
        return Ok(json!({ "contacts": [], "pagingMetadata": empty }));
    }
    let query = rename_fields(&query, stored_field);
    let (ids, paging) = query_ids(state, ctx, CONTACTS, query).await?;
    let mut list = Vec::new();
    for id in ids {
        if let Ok(item) = load(state, ctx, &id).await {
            list.push(contact_view(&item));
        }
    }
    Ok(json!({ "contacts": list, "pagingMetadata": paging }))
}

async fn list(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    contacts_page(&state, ctx, list_query(&call.query, "DESC")).await
}

/// `POST /contacts/v4/contacts/query` with `{query: {filter, sort, paging}}`.
async fn query(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let body = &call.body;
    contacts_page(&state, ctx, body["query"].clone()).await
}

fn label_keys(body: &Value) -> WixResult<Vec<String>> {
    let keys: Vec<String> = body["labelKeys"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if keys.is_empty() || keys.iter().any(|k| k.is_empty() || k.len() > 100) {
        return Err(WixError::bad_request(
            "labelKeys: send 1 or more keys of at most 100 characters",
        ));
    }
    Ok(keys)
}

/// `POST /contacts/v4/contacts/{id}/labels` with `{labelKeys}`.
async fn label(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let id = call.path_param("id").to_string();
    let body = &call.body;
    team(ctx, Permission::EditContent)?;
    let keys = label_keys(body)?;
    let mut item = load(&state, ctx, &id).await?;
    let had = contacts::labels(&item);
    let added = ContactInput {
        labels: keys,
        ..ContactInput::default()
    };
    contacts::merge_into(&mut item.data, &added);
    save(&state, ctx, item, &had).await
}

/// `DELETE /contacts/v4/contacts/{id}/labels` with `{labelKeys}`.
async fn unlabel(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let id = call.path_param("id").to_string();
    let body = &call.body;
    team(ctx, Permission::EditContent)?;
    let keys = label_keys(body)?;
    let mut item = load(&state, ctx, &id).await?;
    let had = contacts::labels(&item);
    if let Some(list) = item.data.get_mut("labels").and_then(Value::as_array_mut) {
        list.retain(|l| !l.as_str().is_some_and(|l| keys.iter().any(|k| k == l)));
    }
    save(&state, ctx, item, &had).await
}

/// `POST /contacts/v4/contacts/{target}/merge` with `{sourceContactIds}`: the sources' empty-in-
/// target fields and labels move to the target, their timelines too, and they are deleted.
async fn merge(state: Platform, call: RouteCall) -> WixResult<Value> {
    let ctx = &call.ctx;
    let target = call.path_param("id").to_string();
    let body = &call.body;
    team(ctx, Permission::EditContent)?;
    let sources: Vec<String> = body["sourceContactIds"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if sources.is_empty() || sources.len() > 5 || sources.contains(&target) {
        return Err(WixError::bad_request(
            "sourceContactIds: send 1 to 5 contact ids other than the target",
        ));
    }
    let mut item = load(&state, ctx, &target).await?;
    let had = contacts::labels(&item);
    let mut merged = Vec::new();
    for id in &sources {
        merged.push(load(&state, ctx, id).await?);
    }
    let store = state.store();
    let activities = contacts::activities_collection(&state, &ctx.site).await?;
    for source in merged {
        let timeline = contacts::activities(&state, &ctx.site, &source.id).await?;
        for mut a in timeline {
            a.data.insert("contactId".into(), json!(target));
            store.update_item(&activities, &a, &Filter::All).await?;
        }
        // The source goes first, so its email is free for the target to take.
        contacts::delete_contact(&state, &ctx.site, &source.id).await?;
        for (key, value) in source.data {
            match (key.as_str(), item.data.get_mut(&key)) {
                ("labels", Some(Value::Array(list))) => {
                    for l in value.as_array().into_iter().flatten() {
                        if !list.contains(l) {
                            list.push(l.clone());
                        }
                    }
                }
                (_, Some(existing)) if !existing.is_null() && existing != "" => {}
                _ => {
                    item.data.insert(key, value);
                }
            }
        }
    }
    save(&state, ctx, item, &had).await
}

/// The routes of `/contacts/v4` (and `/_api/contacts/v4`, as the SDK calls them).
pub fn routes() -> Vec<Route> {
    let mut routes = Vec::new();
    for base in ["/contacts/v4", "/_api/contacts/v4"] {
        let route =
            |method, path: &str, handler| Route::new(method, &format!("{base}{path}"), handler);
        routes.extend([
            route(Method::Get, "/contacts", |p, c| Box::pin(list(p, c))),
            route(Method::Post, "/contacts", |p, c| Box::pin(create(p, c))),
            route(Method::Post, "/contacts/query", |p, c| {
                Box::pin(query(p, c))
            }),
            route(Method::Get, "/contacts/{id}", |p, c| Box::pin(get(p, c))),
            route(Method::Patch, "/contacts/{id}", |p, c| {
                Box::pin(update(p, c))
            }),
            route(Method::Delete, "/contacts/{id}", |p, c| {
                Box::pin(delete(p, c))
            }),
            route(Method::Post, "/contacts/{id}/labels", |p, c| {
                Box::pin(label(p, c))
            }),
            route(Method::Delete, "/contacts/{id}/labels", |p, c| {
                Box::pin(unlabel(p, c))
            }),
            route(Method::Post, "/contacts/{id}/merge", |p, c| {
                Box::pin(merge(p, c))
            }),
        ]);
    }
    routes
}
