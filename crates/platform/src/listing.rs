//! Wix's list and query calls over the system collections that mirror people (members,
//! contacts): the team-only check, a list call's paging, field names, and the page of ids.

use serde_json::{Value, json};
use tessera_core::{data::DataCaller, sites::Permission};

use crate::{
    Platform,
    data::{self, DataContext, Params},
    error::{WixCode, WixError, WixResult},
};

/// The site's team only: `needed` is what the caller's role must allow.
pub fn team(ctx: &DataContext, needed: Permission) -> WixResult<()> {
    match &ctx.caller {
        DataCaller::Collaborator { role, .. } if role.allows(needed) => Ok(()),
        _ => Err(WixError::new(
            WixCode::PermissionDenied,
            "this needs a site collaborator or API key with enough rights",
        )),
    }
}

/// Renames filter keys (recursively, through `$and`/`$or`/`$not`) and sort fields.
pub fn rename_fields(v: &Value, rename: fn(&str) -> &str) -> Value {
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
pub async fn query_ids(
    state: &Platform,
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
    let answer = data::call(state, &code, true, "items/query", body)
        .await?
        .into_value()?;
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

/// The query of a list call's `paging.limit` and `paging.offset`, by creation time.
pub fn list_query(p: &Params, order: &str) -> Value {
    let number = |k: &str| p.one(k).and_then(|v| v.parse::<u64>().ok());
    json!({
        "paging": { "limit": number("paging.limit").unwrap_or(50), "offset": number("paging.offset").unwrap_or(0) },
        "sort": [{ "fieldName": "_createdDate", "order": order }],
    })
}
