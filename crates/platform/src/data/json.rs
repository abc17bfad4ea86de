//! Request bodies of the Wix-compatible APIs, from REST and from site code alike: what is
//! refused answers in Wix's error shape with a message naming the field (`dataItem.data
//! must be an object, not a string`), never serde's own wording or its line and column.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{WixError, WixResult};

/// Parses a JSON body (empty means `{}`).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> WixResult<T> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        bytes
    };
    // Every Wix request body is an object (serde would read an array as a struct's fields).
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map_err(|e| refuse(".", e))?;
        return Err(WixError::bad_request(
            "the request body must be a JSON object",
        ));
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        refuse(&path, e.into_inner())
    })?;
    de.end().map_err(|e| refuse(".", e))?;
    Ok(value)
}

/// A body that site code sent, already JSON: as [`parse`] reads the same body as bytes.
pub fn parse_value<T: DeserializeOwned>(body: Value) -> WixResult<T> {
    match body {
        Value::Null => from_value(".", Value::Object(Default::default())),
        body @ Value::Object(_) => from_value(".", body),
        _ => Err(WixError::bad_request(
            "the request body must be a JSON object",
        )),
    }
}

/// Reads a part of a body already parsed as JSON into `T`; `at` is where it was.
pub fn from_value<T: DeserializeOwned>(at: &str, value: Value) -> WixResult<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = match (at, e.path().to_string().as_str()) {
            (at, ".") => at.to_string(),
            (".", inner) => inner.to_string(),
            (at, inner) => format!("{at}.{inner}"),
        };
        refuse(&path, e.into_inner())
    })
}

fn refuse(path: &str, e: serde_json::Error) -> WixError {
    use serde_json::error::Category;
    let message = match e.classify() {
        Category::Data => describe(path, &e.to_string()),
        Category::Syntax | Category::Eof => format!(
            "the request body is not valid JSON (at line {}, column {})",
            e.line(),
            e.column()
        ),
        Category::Io => "the request body could not be read".to_string(),
    };
    WixError::bad_request(message)
}

/// Rewrites serde's data error about the value at `path` into a sentence naming the field.
fn describe(path: &str, serde_message: &str) -> String {
    // Data errors end with " at line L column C"; the field name says where instead.
    let reason = serde_message
        .rfind(" at line ")
        .map_or(serde_message, |at| &serde_message[..at]);
    let field = |child: &str| match path {
        "." | "" => child.to_string(),
        p => format!("{p}.{child}"),
    };
    let here = match path {
        "." | "" => "the request body".to_string(),
        p => p.to_string(),
    };
    let ticked = |s: &str| s.split('`').nth(1).unwrap_or(s).to_string();
    if let Some(rest) = reason.strip_prefix("missing field ") {
        return format!("{} is required", field(&ticked(rest)));
    }
    if reason.starts_with("unknown field ") {
        // The path already ends with the unknown field.
        return format!("{here} is not a known field");
    }
    if let Some(rest) = reason.strip_prefix("unknown variant ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let options = expected
            .trim_start_matches("one of ")
            .replace('`', "")
            .to_string();
        return format!(
            "{here} cannot be {}; it must be one of: {options}",
            ticked(got)
        );
    }
    // An array given for a nested object: serde reads it as the object's fields, in order.
    if let Some(rest) = reason.strip_prefix("invalid length ")
        && let Some((_, expected)) = rest.split_once(", expected ")
    {
        return match expected.starts_with("struct ") {
            true => format!("{here} must be an object, not an array"),
            false => format!("{here} must have {expected}"),
        };
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = reason.strip_prefix(prefix)
            && let Some((got, expected)) = rest.split_once(", expected ")
        {
            let got = match got {
                "map" => "an object".to_string(),
                "sequence" => "an array".to_string(),
                "unit value" => "null".to_string(),
                other => other.replace('`', ""),
            };
            return format!("{here} must be {}, not {got}", plain(expected));
        }
    }
    format!("{here}: {}", reason.replace('`', ""))
}

/// serde's "expected" as a reader would say it (`struct ItemRequest` is an object).
fn plain(expected: &str) -> String {
    if expected.starts_with("struct ") || expected == "a map" {
        "an object".into()
    } else if expected.starts_with("a sequence") {
        "an array".into()
    } else if expected.starts_with("u") || expected.starts_with('i') {
        // u32, i64, …: serde's names for whole numbers.
        if expected.len() <= 5 && expected[1..].bytes().all(|b| b.is_ascii_digit()) {
            "a whole number".into()
        } else {
            expected.to_string()
        }
    } else {
        expected.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Req {
        data_collection_id: String,
        #[serde(default)]
        limit: Option<u32>,
        #[serde(default)]
        data_item: Option<Inner>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        data: serde_json::Map<String, Value>,
    }

    fn message(body: &str) -> String {
        parse::<Req>(body.as_bytes())
            .unwrap_err()
            .description()
            .to_string()
    }

    #[test]
    fn messages_name_the_field_and_not_serde() {
        assert_eq!(message(""), "dataCollectionId is required");
        assert_eq!(
            message(r#"{"dataCollectionId": 5}"#),
            "dataCollectionId must be a string, not integer 5"
        );
        assert_eq!(
            message(r#"{"dataCollectionId": "a", "limit": -1}"#),
            "limit must be a whole number, not integer -1"
        );
        assert_eq!(
            message(r#"{"dataCollectionId": "a", "dataItem": {"data": "x"}}"#),
            "dataItem.data must be an object, not string \"x\""
        );
        assert_eq!(
            message(r#"{"dataCollectionId": "a", "dataItem": {}}"#),
            "dataItem.data is required"
        );
        assert_eq!(
            message(r#"{"dataCollectionId": "a", "x": 1}"#),
            "x is not a known field"
        );
        assert_eq!(
            message(r#"{"dataCollectionId": "a", "dataItem": []}"#),
            "dataItem must be an object, not an array"
        );
        assert_eq!(
            message(r#"{"dataCollectionId": "#),
            "the request body is not valid JSON (at line 1, column 21)"
        );
        assert_eq!(message("[1]"), "the request body must be a JSON object");
    }
}
