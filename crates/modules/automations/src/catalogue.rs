//! The catalogue of triggers as the dashboard's builder and the webhook settings read it: each
//! event type with its sample payload and the fields found in it (the payload's schema), from
//! which the builder offers conditions, delays and `{{event.…}}` variables, and with which
//! "Test" runs an automation; then the triggers that are not events (custom, schedule,
//! inbound).

use serde_json::{Value, json};
use tessera_platform::module::EventType;

use crate::automations::{CUSTOM, INBOUND, SCHEDULE};

/// Fields of a sample listed at most: a payload's first levels are what rules and texts name.
const MAX_FIELDS: usize = 200;
/// How deep the fields of a sample are listed.
const MAX_DEPTH: usize = 6;

/// An event type as the catalogue answers it: name, title, sample payload and its fields.
pub fn view(t: &EventType) -> Value {
    // A sample is the crate's own JSON text, checked by the catalogue's test; a broken one
    // shows as an empty payload rather than failing the whole list.
    let sample: Value = serde_json::from_str(t.sample).unwrap_or_else(|_| json!({}));
    json!({"name": t.name, "title": t.title, "sample": sample, "fields": fields(&sample)})
}

/// The triggers that are not events of the catalogue, marked `kind`: a custom trigger (its
/// payload is whatever site code reports), a schedule, and an inbound address (its payload
/// is the object posted to it).
pub fn kinds() -> Vec<Value> {
    let scheduled = json!({ "scheduledDate": "2026-05-04T09:00:00.000Z" });
    vec![
        json!({"name": CUSTOM, "title": "Custom trigger (reported by site code)", "kind": true,
               "sample": {}, "fields": []}),
        json!({"name": SCHEDULE, "title": "On a schedule", "kind": true,
               "fields": fields(&scheduled), "sample": scheduled}),
        json!({"name": INBOUND, "title": "Inbound webhook (a secret address)", "kind": true,
               "sample": {}, "fields": []}),
    ]
}

/// The fields of a payload, as `{path, type, title}`: every value reached through objects
/// and the first element of lists (path `items.0.name`, which rules and texts resolve),
/// typed `text`, `date` (an RFC 3339 text), `number`, `boolean`, `list` or `object`.
pub fn fields(sample: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    walk(sample, "", "", "", 0, &mut out);
    out
}

/// Lists `v` at `path` (titled `title`) and what is inside it; `prefix` starts its fields'
/// titles ("" under the wrappers every payload has, `entity` and `data`, which say nothing to
/// an owner).
fn walk(v: &Value, path: &str, title: &str, prefix: &str, depth: usize, out: &mut Vec<Value>) {
    if out.len() >= MAX_FIELDS {
        return;
    }
    if !path.is_empty() {
        out.push(json!({"path": path, "type": kind(v), "title": title}));
    }
    if depth >= MAX_DEPTH {
        return;
    }
    let mut inner = |key: &str, name: String, x: &Value| {
        let path = if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        };
        let title = if prefix.is_empty() {
            name
        } else {
            format!("{prefix} › {name}")
        };
        let wrapper = depth == 0 && matches!(key, "entity" | "data");
        walk(
            x,
            &path,
            &title,
            if wrapper { "" } else { &title },
            depth + 1,
            out,
        );
    };
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                inner(k, words(k), x);
            }
        }
        Value::Array(a) => {
            if let Some(first) = a.first().filter(|f| f.is_object()) {
                inner("0", "first".into(), first);
            }
        }
        _ => {}
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::String(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => "date",
        Value::String(_) | Value::Null => "text",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// `contactDetails` → "Contact details", `_id` → "ID".
fn words(key: &str) -> String {
    let key = key.trim_start_matches('_');
    let mut out = String::new();
    for (i, c) in key.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    match out.as_str() {
        "Id" => "ID".into(),
        _ => out.replace(" id", " ID"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_paths_types_and_titles_of_the_sample() {
        let sample = json!({
            "metadata": {"eventTime": "2026-05-01T10:00:00.000Z"},
            "entity": {"submissionData": {"email": "ann@example.com", "age": 3}, "tags": ["a"],
                       "lines": [{"_id": "x", "paid": true}]},
        });
        let f = fields(&sample);
        let find = |p: &str| f.iter().find(|x| x["path"] == p).cloned().unwrap();
        assert_eq!(find("metadata.eventTime")["type"], "date");
        assert_eq!(find("metadata.eventTime")["title"], "Metadata › Event time");
        assert_eq!(
            find("entity.submissionData.email")["title"],
            "Submission data › Email"
        );
        assert_eq!(find("entity.submissionData.age")["type"], "number");
        assert_eq!(find("entity.tags")["type"], "list");
        assert_eq!(find("entity.lines.0._id")["title"], "Lines › first › ID");
        assert_eq!(find("entity.lines.0.paid")["type"], "boolean");
    }
}
