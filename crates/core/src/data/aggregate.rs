//! Aggregations (Wix `items/aggregate`): filter, group, compute, filter the groups, sort, page.

use serde_json::Value;

use super::query::{Filter, Sort, field_path, parse_filter, parse_sort};
use crate::{Error, Result};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggregateOp {
    Sum,
    Average,
    Min,
    Max,
    ItemCount,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub result_name: String,
    pub op: AggregateOp,
    /// The item field the operation reads; none for `ItemCount`.
    pub field: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Aggregation {
    pub initial: Filter,
    pub group_by: Vec<String>,
    pub operations: Vec<Operation>,
    /// Applies to the result rows (group fields and result names).
    pub final_filter: Filter,
    pub sort: Vec<Sort>,
    pub limit: u32,
    pub offset: u64,
}

/// Result fields must not collide with system fields or each other: they become the keys of
/// the result rows, which filters and sorts then address.
fn result_name(name: &str) -> Result<()> {
    super::collection::field_key(name)
        .ok()
        .filter(|_| !name.starts_with('_'))
        .ok_or_else(|| {
            Error::invalid(
                "aggregation",
                format!("'{name}' is not a valid result field name"),
            )
        })
}

/// Parses Wix's `{initialFilter, aggregation: {groupingFields, operations}, finalFilter, sort}`.
pub fn parse(req: &Value, limit: u32, offset: u64) -> Result<Aggregation> {
    let spec = req.get("aggregation").cloned().unwrap_or(Value::Null);
    let group_by: Vec<String> = match spec.get("groupingFields") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(fields)) => fields
            .iter()
            .map(|f| {
                let f = f
                    .as_str()
                    .ok_or_else(|| Error::invalid("groupingFields", "must be field names"))?;
                field_path(f).map_err(|_| {
                    Error::invalid("groupingFields", format!("'{f}' is not a valid field name"))
                })?;
                Ok(f.to_string())
            })
            .collect::<Result<_>>()?,
        Some(_) => {
            return Err(Error::invalid(
                "groupingFields",
                "must be an array of field names",
            ));
        }
    };
    let mut operations = Vec::new();
    for op in spec
        .get("operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = op
            .get("resultFieldName")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::invalid("operations", "each operation needs a resultFieldName")
            })?;
        result_name(name)?;
        let kinds = [
            ("sum", AggregateOp::Sum),
            ("average", AggregateOp::Average),
            ("min", AggregateOp::Min),
            ("max", AggregateOp::Max),
            ("itemCount", AggregateOp::ItemCount),
        ];
        let (key, kind) = kinds
            .iter()
            .find(|(k, _)| op.get(*k).is_some())
            .ok_or_else(|| {
                Error::invalid(
                    "operations",
                    format!("operation '{name}' names no sum, average, min, max or itemCount"),
                )
            })?;
        let field = match kind {
            AggregateOp::ItemCount => None,
            _ => {
                let f = op[*key]
                    .get("itemFieldName")
                    .and_then(Value::as_str)
                    .ok_or_else(|| {
                        Error::invalid(
                            "operations",
                            format!("{key} '{name}' needs an itemFieldName"),
                        )
                    })?;
                field_path(f)?;
                Some(f.to_string())
            }
        };
        if group_by.iter().any(|g| g == name)
            || operations.iter().any(|o: &Operation| o.result_name == name)
        {
            return Err(Error::invalid(
                "operations",
                format!("result field '{name}' is used twice"),
            ));
        }
        operations.push(Operation {
            result_name: name.to_string(),
            op: *kind,
            field,
        });
    }
    let no_system = |f: &Filter| -> Result<()> {
        if mentions_system_field(f) {
            return Err(Error::invalid(
                "finalFilter",
                "filters result fields, not item fields such as _id",
            ));
        }
        Ok(())
    };
    let final_filter = parse_filter(req.get("finalFilter").unwrap_or(&Value::Null))?;
    no_system(&final_filter)?;
    let sort = parse_sort(req.get("sort").unwrap_or(&Value::Null))?;
    if sort.iter().any(|s| s.field.starts_with('_')) {
        return Err(Error::invalid(
            "sort",
            "sorts result fields, not item fields such as _id",
        ));
    }
    Ok(Aggregation {
        initial: parse_filter(req.get("initialFilter").unwrap_or(&Value::Null))?,
        group_by,
        operations,
        final_filter,
        sort,
        limit,
        offset,
    })
}

fn mentions_system_field(f: &Filter) -> bool {
    match f {
        Filter::All => false,
        Filter::And(v) | Filter::Or(v) => v.iter().any(mentions_system_field),
        Filter::Not(inner) => mentions_system_field(inner),
        Filter::Cmp { field, .. } => field.starts_with('_'),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn parses_wix_shape_and_rejects_mistakes() {
        let a = parse(
            &json!({"initialFilter": {"year": {"$gt": 2000}}, "aggregation": {"groupingFields": ["state"],
                "operations": [{"resultFieldName": "total", "sum": {"itemFieldName": "population"}},
                               {"resultFieldName": "n", "itemCount": {}}]},
                "finalFilter": {"total": {"$gt": 10}}, "sort": [{"fieldName": "total", "order": "DESC"}]}),
            50,
            0,
        )
        .unwrap();
        assert_eq!(a.group_by, ["state"]);
        assert_eq!(
            a.operations[0],
            Operation {
                result_name: "total".into(),
                op: AggregateOp::Sum,
                field: Some("population".into())
            }
        );
        assert_eq!(a.operations[1].op, AggregateOp::ItemCount);
        let bad = |v: Value| parse(&v, 50, 0).unwrap_err().to_string();
        assert!(
            bad(json!({"aggregation": {"operations": [{"resultFieldName": "x", "median": {}}]}}))
                .contains("names no sum")
        );
        assert!(bad(json!({"aggregation": {"operations": [{"resultFieldName": "_id", "itemCount": {}}]}})).contains("not a valid"));
        assert!(bad(json!({"finalFilter": {"_id": "x"}})).contains("result fields"));
    }
}
