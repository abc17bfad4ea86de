//! Items: a JSON object of user fields plus the system fields, checked against the
//! collection's declared types on write. Undeclared fields are stored as given, as Wix does.

use serde_json::{Map, Value, json};

use super::{
    collection::{Collection, FieldType, SYSTEM_FIELDS},
    query::date,
};
use crate::{Error, Millis, Result};

/// Largest item accepted, as serialised JSON.
pub const MAX_ITEM_BYTES: usize = 500 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub owner: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// User fields only; system fields live beside them.
    pub data: Map<String, Value>,
}

/// The item as the store holds it: the data is still JSON text (an object of user fields).
/// Query pages go out from this form without a parse and rebuild of every item.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredItem {
    pub id: String,
    pub owner: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub data: String,
}

impl StoredItem {
    pub fn parse(self) -> Result<Item> {
        let data = match serde_json::from_str(&self.data) {
            Ok(Value::Object(m)) => m,
            _ => {
                return Err(Error::internal(format!(
                    "item {} holds no JSON object",
                    self.id
                )));
            }
        };
        Ok(Item {
            id: self.id,
            owner: self.owner,
            created_at: self.created_at,
            updated_at: self.updated_at,
            data,
        })
    }

    /// Appends the item as Wix shows it (see `Item::to_wix`, all fields): the system fields,
    /// then the stored object's members as they are.
    pub fn write_wix(&self, out: &mut Vec<u8>) {
        let string = |out: &mut Vec<u8>, s: &str| {
            serde_json::to_writer(&mut *out, s).expect("writing to a Vec cannot fail");
        };
        out.extend_from_slice(b"{\"_id\":");
        string(out, &self.id);
        if let Some(owner) = &self.owner {
            out.extend_from_slice(b",\"_owner\":");
            string(out, owner);
        }
        for (key, ms) in [
            ("_createdDate", self.created_at),
            ("_updatedDate", self.updated_at),
        ] {
            out.extend_from_slice(
                format!(",\"{key}\":{{\"$date\":\"{}\"}}", millis_to_iso(ms)).as_bytes(),
            );
        }
        let members = self
            .data
            .trim()
            .strip_prefix('{')
            .unwrap_or("}")
            .trim_start();
        if !members.starts_with('}') {
            out.push(b',');
        }
        out.extend_from_slice(members.as_bytes());
    }
}

fn millis_to_iso(ms: Millis) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn millis_to_date(ms: Millis) -> Value {
    json!({ "$date": millis_to_iso(ms) })
}

impl Item {
    /// The item as Wix shows it: user fields with `_id`, `_owner`, `_createdDate`,
    /// `_updatedDate`; restricted to `fields` when that is not empty.
    pub fn to_wix(&self, fields: &[String]) -> Map<String, Value> {
        let mut out = Map::with_capacity(self.data.len() + 4);
        out.insert("_id".into(), Value::String(self.id.clone()));
        if let Some(owner) = &self.owner {
            out.insert("_owner".into(), Value::String(owner.clone()));
        }
        out.insert("_createdDate".into(), millis_to_date(self.created_at));
        out.insert("_updatedDate".into(), millis_to_date(self.updated_at));
        for (k, v) in &self.data {
            if fields.is_empty()
                || fields
                    .iter()
                    .any(|f| f == k || f.split('.').next() == Some(k))
            {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }

    /// `to_wix` of all fields, taking the item apart instead of copying it.
    pub fn into_wix(self) -> Map<String, Value> {
        let mut out = self.data;
        out.insert("_id".into(), Value::String(self.id));
        if let Some(owner) = self.owner {
            out.insert("_owner".into(), Value::String(owner));
        }
        out.insert("_createdDate".into(), millis_to_date(self.created_at));
        out.insert("_updatedDate".into(), millis_to_date(self.updated_at));
        out
    }
}

/// Checks a caller-supplied item id.
pub fn item_id(id: &Value) -> Result<String> {
    match id {
        Value::String(s) if !s.is_empty() && s.len() <= 256 && !s.chars().any(char::is_control) => {
            Ok(s.clone())
        }
        _ => Err(Error::invalid(
            "_id",
            "must be a non-empty string of at most 256 characters",
        )),
    }
}

/// Validates and normalises an item's user data for `collection`: system fields are
/// dropped, dates become `{"$date": ISO}` in UTC with milliseconds, declared types and rules
/// are checked. Errors name the field.
pub fn prepare(collection: &Collection, raw: Map<String, Value>) -> Result<Map<String, Value>> {
    let mut data = Map::with_capacity(raw.len());
    for (key, value) in raw {
        if SYSTEM_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let value = normalise_dates(value)?;
        let value = match collection.field(&key) {
            Some(field) => check_field(field, value)?,
            None => value,
        };
        data.insert(key, value);
    }
    for field in collection.fields.iter().filter(|f| f.required) {
        if data.get(&field.key).is_none_or(Value::is_null) {
            return Err(field_error(&field.key, "is required"));
        }
    }
    let size = json_size(&data);
    if size > MAX_ITEM_BYTES {
        return Err(Error::invalid(
            "dataItem",
            format!("item is {size} bytes; the limit is {MAX_ITEM_BYTES}"),
        ));
    }
    Ok(data)
}

/// Length of `v` as compact JSON, counted without building the text.
fn json_size(v: &Map<String, Value>) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, v) {
        Ok(()) => count.0,
        Err(_) => usize::MAX,
    }
}

fn field_error(key: &str, problem: &str) -> Error {
    Error::InvalidArgument {
        field: "dataItem",
        message: format!("field '{key}' {problem}"),
    }
}

fn normalise_dates(v: Value) -> Result<Value> {
    Ok(match v {
        Value::Object(m) if m.len() == 1 && m.contains_key("$date") => {
            json!({ "$date": date(&m["$date"])? })
        }
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| Ok((k, normalise_dates(v)?)))
                .collect::<Result<_>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(normalise_dates)
                .collect::<Result<_>>()?,
        ),
        other => other,
    })
}

fn check_field(field: &super::Field, value: Value) -> Result<Value> {
    use FieldType as T;
    if value.is_null() {
        return Ok(value);
    }
    let key = &field.key;
    let wrong = |expected: &str| field_error(key, &format!("must be {expected}"));
    let value = match field.field_type {
        T::Number => {
            let n = value.as_f64().ok_or_else(|| wrong("a number"))?;
            if field.min.is_some_and(|min| n < min) || field.max.is_some_and(|max| n > max) {
                return Err(field_error(
                    key,
                    &format!("is out of range [{:?}, {:?}]", field.min, field.max),
                ));
            }
            value
        }
        T::Boolean => {
            value.as_bool().ok_or_else(|| wrong("true or false"))?;
            value
        }
        T::Datetime => match value {
            Value::String(s) => {
                json!({ "$date": date(&Value::String(s)).map_err(|_| wrong("a date"))? })
            }
            v @ Value::Object(_) if v.get("$date").is_some() => v,
            _ => return Err(wrong("a date ({\"$date\": ISO 8601})")),
        },
        T::Date => {
            let s = value
                .as_str()
                .ok_or_else(|| wrong("a date string YYYY-MM-DD"))?;
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| wrong("a date string YYYY-MM-DD"))?;
            value
        }
        T::Reference => match value {
            Value::String(_) => value,
            // A referenced item may be passed whole; its id is what is stored.
            Value::Object(ref m) => m
                .get("_id")
                .filter(|id| id.is_string())
                .cloned()
                .ok_or_else(|| wrong("an item id"))?,
            _ => return Err(wrong("an item id")),
        },
        T::Object | T::Address | T::RichContent => {
            if !value.is_object() {
                return Err(wrong("an object"));
            }
            value
        }
        T::ArrayString => match &value {
            Value::Array(items) if items.iter().all(Value::is_string) => value,
            _ => return Err(wrong("an array of strings")),
        },
        T::Array | T::ArrayDocument | T::MediaGallery | T::MultiReference => {
            if !value.is_array() {
                return Err(wrong("an array"));
            }
            value
        }
        T::Any => value,
        // Text-like types: TEXT, RICH_TEXT, URL, media URLs, TIME, SLUG, EMAIL, ...
        _ => {
            let s = value.as_str().ok_or_else(|| wrong("a string"))?;
            let len = s.chars().count() as f64;
            if field.min.is_some_and(|min| len < min) || field.max.is_some_and(|max| len > max) {
                return Err(field_error(key, "has a length out of range"));
            }
            value
        }
    };
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{data::Field, ids::SiteId};

    #[test]
    fn stored_items_write_what_to_wix_and_into_wix_build() {
        for (owner, data) in [
            (
                Some("m-1"),
                r#"{"title":"Dune","tags":["a"],"at":{"$date":"2024-01-02T03:04:05.000Z"}}"#,
            ),
            (None, "{}"),
            // PostgreSQL's jsonb text has spaces.
            (None, r#"{"n": 1, "s": "x\"y"}"#),
        ] {
            let stored = StoredItem {
                id: "i\"1".into(),
                owner: owner.map(String::from),
                created_at: 1_700_000_000_123,
                updated_at: 1_700_000_001_000,
                data: data.into(),
            };
            let mut out = Vec::new();
            stored.write_wix(&mut out);
            let written: Value = serde_json::from_slice(&out).unwrap();
            let item = stored.parse().unwrap();
            let built = Value::Object(item.to_wix(&[]));
            assert_eq!(written, built);
            assert_eq!(Value::Object(item.into_wix()), built);
        }
    }

    fn books() -> Collection {
        let field = Field::new;
        Collection {
            site_id: SiteId::new(),
            id: "Books".into(),
            display_name: "Books".into(),
            display_field: None,
            fields: vec![
                Field {
                    required: true,
                    ..field("title", FieldType::Text)
                },
                Field {
                    min: Some(0.0),
                    ..field("year", FieldType::Number)
                },
                field("published", FieldType::Datetime),
                field("tags", FieldType::ArrayString),
            ],
            permissions: Default::default(),
            indexes: vec![],
            revision: 1,
            created_at: 0,
            updated_at: 0,
            show_drafts: false,
        }
    }

    fn prep(v: Value) -> Result<Map<String, Value>> {
        prepare(&books(), v.as_object().unwrap().clone())
    }

    #[test]
    fn types_are_checked_and_named() {
        let err = prep(json!({"title": "Dune", "year": "1965"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("'year'") && err.contains("number"), "{err}");
        assert!(
            prep(json!({"year": 1965}))
                .unwrap_err()
                .to_string()
                .contains("'title' is required")
        );
        assert!(
            prep(json!({"title": "x", "year": -1}))
                .unwrap_err()
                .to_string()
                .contains("range")
        );
        assert!(prep(json!({"title": "x", "tags": [1]})).is_err());
    }

    #[test]
    fn system_fields_drop_dates_normalise_and_extras_stay() {
        let d = prep(
            json!({"_id": "x", "_owner": "y", "title": "Dune", "published": "1965-08-01T00:00:00Z",
            "extra": {"when": {"$date": "2020-01-01"}}}),
        )
        .unwrap();
        assert!(!d.contains_key("_id") && !d.contains_key("_owner"));
        assert_eq!(d["published"], json!({"$date": "1965-08-01T00:00:00.000Z"}));
        assert_eq!(
            d["extra"]["when"],
            json!({"$date": "2020-01-01T00:00:00.000Z"})
        );
    }

    #[test]
    fn size_is_limited() {
        let big = "x".repeat(MAX_ITEM_BYTES);
        assert!(
            prep(json!({"title": big}))
                .unwrap_err()
                .to_string()
                .contains("limit")
        );
    }
}
