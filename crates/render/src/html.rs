//! Escaping and value formatting: every string that reaches a page passes through here.

use serde_json::{Map, Value};

/// Text content: `<`, `>` and `&` escaped.
pub fn text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// A double-quoted attribute value.
pub fn attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text(&mut out, s);
    out
}

pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    attr(&mut out, s);
    out
}

/// JSON inside `<script type="application/ld+json">`: `<` is escaped so no `</script>` ends it.
pub fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// A field of an item by dotted path.
pub fn field<'a>(item: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = item.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    Some(value)
}

/// How a field value reads on a page: dates in words, lists joined, numbers as written.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a
            .iter()
            .map(value_text)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(o) => match o.get("$date").and_then(Value::as_str) {
            Some(iso) => date_words(iso).unwrap_or_else(|| iso.to_string()),
            None => ["url", "src", "title", "name", "formatted"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str))
                .unwrap_or_default()
                .to_string(),
        },
    }
}

/// The ISO time of a `{"$date": …}` value.
pub fn date_iso(v: &Value) -> Option<&str> {
    v.get("$date").and_then(Value::as_str)
}

fn date_words(iso: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(iso).ok()?;
    Some(t.format("%B %-d, %Y").to_string())
}

/// Replaces `{field}` in a pattern with the item's values (as text, escaped later).
pub fn fill_pattern(pattern: &str, item: Option<&Map<String, Value>>) -> String {
    let Some(item) = item else {
        return pattern.to_string();
    };
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                out.push_str(&field(item, name).map(value_text).unwrap_or_default());
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Percent-encodes a path segment (an item's slug in a dynamic page address).
pub fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patterns_and_values() {
        let item =
            json!({"title": "Hello <b>", "n": 3, "d": {"$date": "2026-11-27T10:00:00.000Z"}});
        let item = item.as_object().unwrap();
        assert_eq!(
            fill_pattern("{title} | Blog", Some(item)),
            "Hello <b> | Blog"
        );
        assert_eq!(fill_pattern("{n} {missing}{", Some(item)), "3 {");
        assert_eq!(value_text(&item["d"]), "November 27, 2026");
        assert_eq!(path_segment("a b/ü"), "a%20b%2F%C3%BC");
        assert_eq!(script_json(&json!("</script>")), "\"\\u003c/script>\"");
    }
}
