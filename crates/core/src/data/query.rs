//! The Wix API Query Language as a validated AST: filters, sort, paging, projection.
//! Storage backends compile it to SQL; nothing here knows about SQL.

use serde_json::{Map, Value};

use crate::{Error, Result};

/// A filter leaf's right-hand side, normalised: dates are recognised from `{"$date": ISO}`.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// RFC 3339 in UTC with milliseconds (`2024-02-03T00:00:00.000Z`): sorts as it compares.
    Date(String),
    /// Arrays and objects, compared as whole JSON values.
    Json(Value),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    HasSome,
    HasAll,
    StartsWith,
    EndsWith,
    Contains,
    Exists,
}

impl Op {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "$eq" => Self::Eq,
            "$ne" => Self::Ne,
            "$lt" => Self::Lt,
            "$lte" => Self::Lte,
            "$gt" => Self::Gt,
            "$gte" => Self::Gte,
            "$in" => Self::In,
            "$hasSome" => Self::HasSome,
            "$hasAll" => Self::HasAll,
            "$startsWith" => Self::StartsWith,
            "$endsWith" => Self::EndsWith,
            "$contains" => Self::Contains,
            "$exists" => Self::Exists,
            _ => return None,
        })
    }
}

/// The right-hand side of one comparison.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    One(Literal),
    /// `$in`, `$hasSome`, `$hasAll`.
    Many(Vec<Literal>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Matches everything (an empty filter).
    All,
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    /// `field` is a dotted path of field keys, e.g. `address.city`.
    Cmp {
        field: String,
        op: Op,
        operand: Operand,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortOrder {
    Asc,
    Desc,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub order: SortOrder,
}

/// How many items to skip and return. Offset paging allows up to 1000 items a page.
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 1000;
pub const MAX_CURSOR_LIMIT: u32 = 100;

/// A window of results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub filter: Filter,
    pub sort: Vec<Sort>,
    pub limit: u32,
    pub offset: u64,
    /// Fields to return (system fields always come back); empty means all.
    pub fields: Vec<String>,
}

impl Default for Query {
    fn default() -> Self {
        Self {
            filter: Filter::All,
            sort: Vec::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            fields: Vec::new(),
        }
    }
}

/// Wix's query shape: `{filter, sort, paging: {limit, offset}, fields}`. Cursor paging is
/// handled by the caller, which encodes the query itself in the cursor.
pub fn parse_filter(v: &Value) -> Result<Filter> {
    let terms = filter_terms(v, 0)?;
    if terms > MAX_FILTER_TERMS {
        return Err(Error::invalid(
            "filter",
            format!(
                "the filter has {terms} conditions and values; at most {MAX_FILTER_TERMS} are allowed"
            ),
        ));
    }
    match v {
        Value::Null => Ok(Filter::All),
        Value::Object(map) => filter_object(map),
        _ => Err(Error::invalid("filter", "must be an object")),
    }
}

/// Most conditions and listed values (`$in`, `$or` branches, …) one filter may hold, and how
/// deep it may nest: the databases refuse deeper expression trees.
pub const MAX_FILTER_TERMS: usize = 500;
pub const MAX_FILTER_DEPTH: usize = 32;

fn filter_terms(v: &Value, depth: usize) -> Result<usize> {
    if depth > MAX_FILTER_DEPTH {
        return Err(Error::invalid(
            "filter",
            format!("the filter nests more than {MAX_FILTER_DEPTH} levels deep"),
        ));
    }
    Ok(match v {
        Value::Object(m) => m
            .values()
            .map(|x| filter_terms(x, depth + 1).map(|n| n + 1))
            .sum::<Result<usize>>()?,
        Value::Array(items) => items
            .iter()
            .map(|x| filter_terms(x, depth + 1).map(|n| n.max(1)))
            .sum::<Result<usize>>()?,
        _ => 0,
    })
}

fn filter_object(map: &Map<String, Value>) -> Result<Filter> {
    let mut parts = Vec::with_capacity(map.len());
    for (key, value) in map {
        parts.push(match key.as_str() {
            "$and" => simplify_and(filter_list(key, value)?),
            "$or" => Filter::Or(filter_list(key, value)?),
            // The SDK sends `$not: [filter]`; a bare object is accepted too.
            "$not" => {
                let inner = match value {
                    Value::Array(_) => simplify_and(filter_list(key, value)?),
                    Value::Object(m) => filter_object(m)?,
                    _ => {
                        return Err(Error::invalid(
                            "filter",
                            "$not takes a filter or an array of filters",
                        ));
                    }
                };
                Filter::Not(Box::new(inner))
            }
            op if op.starts_with('$') => {
                return Err(Error::invalid("filter", format!("unknown operator {op}")));
            }
            field => field_conditions(field, value)?,
        });
    }
    Ok(simplify_and(parts))
}

fn filter_list(op: &str, v: &Value) -> Result<Vec<Filter>> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(|f| match f {
                Value::Object(m) => filter_object(m),
                _ => Err(Error::invalid(
                    "filter",
                    format!("{op} takes an array of filters"),
                )),
            })
            .collect(),
        _ => Err(Error::invalid(
            "filter",
            format!("{op} takes an array of filters"),
        )),
    }
}

fn simplify_and(mut parts: Vec<Filter>) -> Filter {
    parts.retain(|p| *p != Filter::All);
    match parts.len() {
        0 => Filter::All,
        1 => parts.pop().unwrap_or(Filter::All),
        _ => Filter::And(parts),
    }
}

/// Checks a dotted field path: each segment a field key.
pub fn field_path(path: &str) -> Result<()> {
    if path
        .split('.')
        .all(|seg| super::collection::field_key(seg).is_ok())
        && path.len() <= 512
    {
        Ok(())
    } else {
        Err(Error::invalid(
            "filter",
            format!("'{path}' is not a valid field name"),
        ))
    }
}

fn field_conditions(field: &str, value: &Value) -> Result<Filter> {
    field_path(field)?;
    let ops = match value {
        Value::Object(m)
            if !m.is_empty() && m.keys().all(|k| k.starts_with('$')) && !is_date(m) =>
        {
            m
        }
        other => return Ok(cmp(field, Op::Eq, Operand::One(literal(other)?))),
    };
    let mut parts = Vec::with_capacity(ops.len());
    for (name, arg) in ops {
        let op = Op::parse(name).ok_or_else(|| {
            Error::invalid("filter", format!("unknown operator {name} on '{field}'"))
        })?;
        let operand = match op {
            Op::In | Op::HasSome | Op::HasAll => match arg {
                Value::Array(items) => {
                    Operand::Many(items.iter().map(literal).collect::<Result<_>>()?)
                }
                _ => {
                    return Err(Error::invalid(
                        "filter",
                        format!("{name} on '{field}' takes an array"),
                    ));
                }
            },
            Op::StartsWith | Op::EndsWith | Op::Contains => match arg {
                Value::String(s) => Operand::One(Literal::Text(s.clone())),
                _ => {
                    return Err(Error::invalid(
                        "filter",
                        format!("{name} on '{field}' takes a string"),
                    ));
                }
            },
            Op::Exists => match arg {
                Value::Bool(b) => Operand::One(Literal::Bool(*b)),
                _ => {
                    return Err(Error::invalid(
                        "filter",
                        format!("$exists on '{field}' takes true or false"),
                    ));
                }
            },
            Op::Lt | Op::Lte | Op::Gt | Op::Gte => match literal(arg)? {
                l @ (Literal::Number(_) | Literal::Text(_) | Literal::Date(_)) => Operand::One(l),
                _ => {
                    return Err(Error::invalid(
                        "filter",
                        format!("{name} on '{field}' takes a number, a string or a date"),
                    ));
                }
            },
            Op::Eq | Op::Ne => Operand::One(literal(arg)?),
        };
        parts.push(cmp(field, op, operand));
    }
    Ok(simplify_and(parts))
}

fn cmp(field: &str, op: Op, operand: Operand) -> Filter {
    Filter::Cmp {
        field: field.to_string(),
        op,
        operand,
    }
}

fn is_date(m: &Map<String, Value>) -> bool {
    m.len() == 1 && m.contains_key("$date")
}

pub fn literal(v: &Value) -> Result<Literal> {
    Ok(match v {
        Value::Null => Literal::Null,
        Value::Bool(b) => Literal::Bool(*b),
        Value::Number(n) => Literal::Number(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => Literal::Text(s.clone()),
        Value::Object(m) if is_date(m) => Literal::Date(date(&m["$date"])?),
        other => Literal::Json(other.clone()),
    })
}

/// Normalises a `$date` value to RFC 3339 UTC with milliseconds.
pub fn date(v: &Value) -> Result<String> {
    let s = v
        .as_str()
        .ok_or_else(|| Error::invalid("$date", "must be an ISO 8601 string"))?;
    let parsed = chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&chrono::Utc))
        .or_else(|_| {
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
        })
        .map_err(|_| Error::invalid("$date", format!("'{s}' is not an ISO 8601 date")))?;
    Ok(parsed.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// Wix's sort shape: `[{"fieldName": "x", "order": "ASC" | "DESC"}]`.
pub fn parse_sort(v: &Value) -> Result<Vec<Sort>> {
    let Value::Array(items) = v else {
        return match v {
            Value::Null => Ok(Vec::new()),
            _ => Err(Error::invalid(
                "sort",
                "must be an array of {fieldName, order}",
            )),
        };
    };
    items
        .iter()
        .map(|s| {
            let field = s
                .get("fieldName")
                .and_then(Value::as_str)
                .ok_or_else(|| Error::invalid("sort", "each sort needs a fieldName"))?;
            field_path(field).map_err(|_| {
                Error::invalid("sort", format!("'{field}' is not a valid field name"))
            })?;
            let order = match s.get("order").and_then(Value::as_str).unwrap_or("ASC") {
                "ASC" | "asc" => SortOrder::Asc,
                "DESC" | "desc" => SortOrder::Desc,
                other => {
                    return Err(Error::invalid(
                        "sort",
                        format!("order must be ASC or DESC, not '{other}'"),
                    ));
                }
            };
            Ok(Sort {
                field: field.to_string(),
                order,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn f(v: Value) -> Filter {
        parse_filter(&v).unwrap()
    }

    #[test]
    fn the_sdk_builder_output_parses() {
        let parsed = f(
            json!({"$and":[{"title":"Dune"},{"year":{"$gt":1960}},{"tags":{"$hasSome":["a","b"]}},
            {"price":{"$gte":1}},{"price":{"$lt":10}},{"x":null},{"title":{"$contains":"un"}}]}),
        );
        let Filter::And(parts) = parsed else { panic!() };
        assert_eq!(parts.len(), 7);
        assert_eq!(
            parts[0],
            cmp("title", Op::Eq, Operand::One(Literal::Text("Dune".into())))
        );
        assert_eq!(parts[5], cmp("x", Op::Eq, Operand::One(Literal::Null)));
        assert_eq!(
            parts[2],
            cmp(
                "tags",
                Op::HasSome,
                Operand::Many(vec![Literal::Text("a".into()), Literal::Text("b".into())])
            )
        );
    }

    #[test]
    fn dates_not_and_multiple_ops() {
        assert_eq!(
            f(json!({"d": {"$date": "2024-02-03T01:00:00+01:00"}})),
            cmp(
                "d",
                Op::Eq,
                Operand::One(Literal::Date("2024-02-03T00:00:00.000Z".into()))
            )
        );
        assert_eq!(
            f(json!({"$not": [{"a": 1}]})),
            Filter::Not(Box::new(cmp(
                "a",
                Op::Eq,
                Operand::One(Literal::Number(1.0))
            )))
        );
        assert!(matches!(f(json!({"a": {"$gt": 1, "$lt": 5}})), Filter::And(v) if v.len() == 2));
        assert_eq!(f(json!({})), Filter::All);
    }

    #[test]
    fn bad_filters_name_the_problem() {
        let err = |v: Value| parse_filter(&v).unwrap_err().to_string();
        assert!(err(json!({"a": {"$near": 1}})).contains("unknown operator $near"));
        assert!(err(json!({"$nor": []})).contains("unknown operator $nor"));
        assert!(err(json!({"a": {"$in": 1}})).contains("takes an array"));
        assert!(err(json!({"a": {"$contains": 1}})).contains("takes a string"));
        assert!(err(json!({"a": {"$gt": [1]}})).contains("$gt"));
        assert!(err(json!({"a b": 1})).contains("not a valid field name"));
        assert!(err(json!({"$or": {"a": 1}})).contains("array of filters"));
        let many: Vec<u32> = (0..998).collect();
        assert!(err(json!({"a": {"$in": many}})).contains("at most 500"));
        let branches: Vec<Value> = (0..999).map(|n| json!({"a": n})).collect();
        assert!(err(json!({"$or": branches})).contains("at most 500"));
        let mut deep = json!({"a": 1});
        for _ in 0..40 {
            deep = json!({"$and": [deep]});
        }
        assert!(err(deep).contains("levels deep"));
        assert!(err(json!({"d": {"$date": "yesterday"}})).contains("ISO 8601"));
    }

    #[test]
    fn sorts() {
        let s =
            parse_sort(&json!([{"fieldName": "year", "order": "DESC"}, {"fieldName": "title"}]))
                .unwrap();
        assert_eq!(
            s[0],
            Sort {
                field: "year".into(),
                order: SortOrder::Desc
            }
        );
        assert_eq!(s[1].order, SortOrder::Asc);
        assert!(parse_sort(&json!([{"fieldName": "x", "order": "UP"}])).is_err());
    }
}
