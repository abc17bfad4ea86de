//! Collection schemas as a Wix repository keeps them (`src/database/<id>.json`, the corvid
//! CLI's dump: `{id, displayName, displayField, permissions: {anonymous|siteMember|dataOwner|
//! siteOwner: {read, insert, update, remove}}, fields: {key: {type, displayName, systemField}}}`).
//! A code push creates the collections a site lacks and reports how the ones it has differ;
//! it never changes or drops what exists.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};
use tessera_core::data::{AccessLevel, Collection, Permissions};

use super::{DataContext, collections};
use crate::Platform;

/// What a push did with one schema file.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaOutcome {
    pub file: String,
    /// The collection's id ("" when the file says none).
    pub collection: String,
    /// `CREATED`, `SAME`, `DIFFERENT` (left as it is), `SKIPPED` (an app's collection) or
    /// `INVALID`.
    pub outcome: &'static str,
    /// What differs, or why it was skipped or invalid.
    pub notes: Vec<String>,
}

/// The corvid dump's field types, by Wix's v2 names.
fn field_type(dump: &str) -> Option<&'static str> {
    Some(match dump.to_ascii_lowercase().as_str() {
        "text" | "string" => "TEXT",
        "number" => "NUMBER",
        "boolean" => "BOOLEAN",
        "date" => "DATE",
        "datetime" => "DATETIME",
        "time" => "TIME",
        "richtext" => "RICH_TEXT",
        "richcontent" => "RICH_CONTENT",
        "image" => "IMAGE",
        "video" => "VIDEO",
        "audio" => "AUDIO",
        "document" => "DOCUMENT",
        "mediagallery" => "MEDIA_GALLERY",
        "url" => "URL",
        "address" => "ADDRESS",
        "reference" => "REFERENCE",
        "multi-reference" | "multireference" => "MULTI_REFERENCE",
        "object" => "OBJECT",
        "array" => "ARRAY",
        "array<string>" | "tags" => "ARRAY_STRING",
        "array<document>" => "ARRAY_DOCUMENT",
        "pagelink" => "PAGE_LINK",
        "language" => "LANGUAGE",
        "any" => "ANY",
        _ => return None,
    })
}

/// Who may do `op` by the dump's role objects: the widest role allowed it.
fn level(permissions: &Value, op: &str) -> AccessLevel {
    let allows = |role: &str| permissions[role][op] == true;
    if allows("anonymous") {
        AccessLevel::Anyone
    } else if allows("siteMember") {
        AccessLevel::SiteMember
    } else if allows("dataOwner") && op != "insert" {
        AccessLevel::SiteMemberAuthor
    } else {
        AccessLevel::CmsEditor
    }
}

/// The collection a dump describes, as `POST /wix-data/v2/collections` takes it.
fn to_wire(dump: &Value) -> Result<Value, String> {
    let id = dump["id"]
        .as_str()
        .filter(|s| !s.is_empty())
        .ok_or("has no id")?;
    let mut fields: Vec<(i64, Value)> = Vec::new();
    for (key, f) in dump["fields"].as_object().into_iter().flatten() {
        if f["systemField"] == true || key.starts_with('_') || f["isDeleted"] == true {
            continue;
        }
        let raw = f["type"].as_str().unwrap_or_default();
        let t = field_type(raw).ok_or_else(|| format!("field {key}: type {raw:?} is not known"))?;
        let mut field = json!({
            "key": key,
            "displayName": f["displayName"].as_str().unwrap_or(key),
            "type": t,
        });
        let target = f["referencedCollection"]
            .as_str()
            .or(f["referencedCollectionId"].as_str());
        if let Some(target) = target {
            field["referencedCollectionId"] = json!(target);
        }
        fields.push((f["index"].as_i64().unwrap_or(i64::MAX), field));
    }
    fields.sort_by_key(|(i, _)| *i);
    let p = &dump["permissions"];
    let mut wire = Map::new();
    wire.insert("id".into(), json!(id));
    wire.insert("displayName".into(), dump["displayName"].clone());
    if dump["displayField"].is_string() {
        wire.insert("displayField".into(), dump["displayField"].clone());
    }
    wire.insert(
        "fields".into(),
        Value::Array(fields.into_iter().map(|(_, f)| f).collect()),
    );
    wire.insert(
        "permissions".into(),
        json!({
            "read": level(p, "read"), "insert": level(p, "insert"),
            "update": level(p, "update"), "remove": level(p, "remove"),
        }),
    );
    Ok(Value::Object(wire))
}

/// How an existing collection differs from the dump's (as `to_wire` made it).
fn differences(existing: &Collection, wire: &Value) -> Vec<String> {
    let mut notes = Vec::new();
    for f in wire["fields"].as_array().into_iter().flatten() {
        let key = f["key"].as_str().unwrap_or_default();
        let want = f["type"].as_str().unwrap_or_default();
        match existing.fields.iter().find(|e| e.key == key) {
            None => notes.push(format!(
                "field {key} ({want}) is not in the site's collection"
            )),
            Some(e) => {
                let have = serde_json::to_value(e.field_type).unwrap_or_default();
                let have = have.as_str().unwrap_or_default();
                if have != want {
                    notes.push(format!(
                        "field {key} is {have} on the site, {want} in the file"
                    ));
                }
            }
        }
    }
    for e in &existing.fields {
        let listed = wire["fields"]
            .as_array()
            .is_some_and(|l| l.iter().any(|f| f["key"] == e.key.as_str()));
        if !listed {
            notes.push(format!("field {} is on the site only", e.key));
        }
    }
    let want: Option<Permissions> = serde_json::from_value(wire["permissions"].clone()).ok();
    if want.is_some_and(|w| w != existing.permissions) {
        notes.push(format!(
            "permissions are {} on the site, {} in the file",
            serde_json::to_value(&existing.permissions).unwrap_or_default(),
            wire["permissions"]
        ));
    }
    notes
}

/// Creates the collections of the revision's `database/**.json` files that the site lacks,
/// as `ctx`'s caller, and reports on each file.
pub async fn apply(
    state: &Platform,
    ctx: &DataContext,
    files: &BTreeMap<String, String>,
) -> Vec<SchemaOutcome> {
    let mut out = Vec::new();
    for (path, text) in files.range("database/".to_string()..) {
        let Some(name) = path.strip_prefix("database/") else {
            break;
        };
        if !name.ends_with(".json") {
            continue;
        }
        let mut outcome = SchemaOutcome {
            file: path.clone(),
            collection: String::new(),
            outcome: "INVALID",
            notes: Vec::new(),
        };
        let dump: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                outcome.notes.push(format!("not JSON: {e}"));
                out.push(outcome);
                continue;
            }
        };
        outcome.collection = dump["id"].as_str().unwrap_or_default().to_string();
        if !dump["ownerAppId"].is_null() {
            outcome.outcome = "SKIPPED";
            outcome
                .notes
                .push("an app's collection: the app makes it".into());
            out.push(outcome);
            continue;
        }
        let wire = match to_wire(&dump) {
            Ok(w) => w,
            Err(e) => {
                outcome.notes.push(e);
                out.push(outcome);
                continue;
            }
        };
        let existing = state
            .store()
            .collection(ctx.site.id, &outcome.collection)
            .await;
        match existing {
            Ok(Some(c)) => {
                outcome.notes = differences(&c, &wire);
                outcome.outcome = if outcome.notes.is_empty() {
                    "SAME"
                } else {
                    "DIFFERENT"
                };
            }
            Ok(None) => {
                let made = match serde_json::from_value(json!({ "collection": wire })) {
                    Ok(envelope) => collections::create(state, ctx, envelope).await,
                    Err(e) => Err(crate::WixError::bad_request(e.to_string())),
                };
                match made {
                    Ok(_) => outcome.outcome = "CREATED",
                    Err(e) => outcome.notes.push(e.description().to_string()),
                }
            }
            Err(e) => outcome.notes.push(e.to_string()),
        }
        out.push(outcome);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corvid_dump_becomes_a_collection() {
        let dump = json!({
            "id": "TodoTasks", "displayName": "TodoTasks", "displayField": "title",
            "permissions": {
                "anonymous": {"insert": true, "update": true, "remove": true, "read": true},
                "siteMember": {"insert": true, "update": true, "remove": true, "read": true},
                "dataOwner": {"update": true, "remove": true, "read": true},
                "siteOwner": {"insert": true, "update": true, "remove": true, "read": true},
            },
            "fields": {
                "_id": {"type": "text", "systemField": true, "index": 2},
                "completed": {"displayName": "Completed", "type": "boolean", "index": 1},
                "title": {"displayName": "Title", "type": "text", "index": 0},
                "notes": {"type": "richtext", "index": 3, "isDeleted": true},
            },
        });
        let wire = to_wire(&dump).unwrap();
        assert_eq!(
            wire["fields"],
            json!([
                {"key": "title", "displayName": "Title", "type": "TEXT"},
                {"key": "completed", "displayName": "Completed", "type": "BOOLEAN"},
            ])
        );
        assert_eq!(
            wire["permissions"],
            json!({"read": "ANYONE", "insert": "ANYONE", "update": "ANYONE", "remove": "ANYONE"})
        );
        let members = json!({"permissions": {
            "siteMember": {"insert": true, "read": true},
            "dataOwner": {"update": true, "remove": true, "read": true, "insert": true},
        }, "id": "Posts", "fields": {}});
        assert_eq!(
            to_wire(&members).unwrap()["permissions"],
            json!({"read": "SITE_MEMBER", "insert": "SITE_MEMBER", "update": "SITE_MEMBER_AUTHOR", "remove": "SITE_MEMBER_AUTHOR"})
        );
        let odd = json!({"id": "X", "fields": {"a": {"type": "hologram"}}});
        assert!(to_wire(&odd).unwrap_err().contains("hologram"));
    }
}
