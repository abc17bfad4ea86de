//! Aggregation pipelines (Wix `items/aggregate-pipeline`): a list of stages, each turning the
//! items it is given into the items the next stage reads. The pipeline is parsed into a typed
//! AST up front, so a mistake anywhere is reported (naming the stage and key) before anything
//! runs; evaluation is then infallible and works on items as Wix shows them
//! (`Item::to_wix`: system fields included, dates as `{"$date": ISO}`).
//!
//! Values that do not fit an operation (text added to a number, a division by zero) evaluate to
//! `null` rather than failing the whole pipeline halfway through a collection.

use std::cmp::Ordering;
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::query::{
    Filter, Literal, Op, Operand, Sort, SortOrder, field_path, parse_filter, parse_sort,
};

pub type Row = Map<String, Value>;

/// A pipeline mistake: `at` is where in the request it is, e.g.
/// `pipeline.stages[2].group.accumulators[0]`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct PipelineError {
    pub at: String,
    pub message: String,
}

type Result<T> = std::result::Result<T, PipelineError>;

fn fail<T>(at: &str, message: impl Into<String>) -> Result<T> {
    Err(PipelineError {
        at: at.to_string(),
        message: message.into(),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nary {
    Add,
    Multiply,
    Concat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binary {
    Subtract,
    Divide,
    Mod,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unary {
    Abs,
    Floor,
    Ceil,
    ToLower,
    ToUpper,
    Stringify,
    Length,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Field(String),
    Const(Value),
    Nary(Nary, Vec<Expr>),
    Binary(Binary, Box<Expr>, Box<Expr>),
    Unary(Unary, Box<Expr>),
    Substring {
        text: Box<Expr>,
        start: Box<Expr>,
        length: Option<Box<Expr>>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accumulate {
    Sum,
    Avg,
    Min,
    Max,
    First,
    Last,
    Push,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Accumulator {
    pub kind: Accumulate,
    pub expr: Expr,
    pub result: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// `(key, expression)`: each result's `_id` is `{key: value, ...}`, or null with none.
    pub ids: Vec<(String, Expr)>,
    pub accumulators: Vec<Accumulator>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ProjectField {
    Include(String),
    Exclude(String),
    Reshape(String, Expr),
    Nested(String, Vec<ProjectField>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Filter(Filter),
    Group(Group),
    Projection(Vec<ProjectField>),
    Unwind(String),
    Sort(Vec<Sort>),
    Limit(u64),
    Skip(u64),
    ObjectToArray { object: String, destination: String },
}

/// Parses `pipeline.stages`: each stage an object with exactly one key.
pub fn parse(stages: &Value) -> Result<Vec<Stage>> {
    let Value::Array(list) = stages else {
        return fail("pipeline.stages", "must be an array of stages");
    };
    list.iter()
        .enumerate()
        .map(|(i, s)| stage(&format!("pipeline.stages[{i}]"), s))
        .collect()
}

/// The one key of a `{kind: body}` object.
fn single<'a>(at: &str, v: &'a Value, what: &str) -> Result<(&'a str, &'a Value)> {
    match v {
        Value::Object(m) if m.len() == 1 => {
            let (k, v) = m.iter().next().expect("one entry");
            Ok((k.as_str(), v))
        }
        _ => fail(at, format!("must be an object with exactly one {what}")),
    }
}

fn string<'a>(at: &str, v: &'a Value, key: &str) -> Result<&'a str> {
    v.get(key)
        .and_then(Value::as_str)
        .map_or_else(|| fail(&format!("{at}.{key}"), "must be a string"), Ok)
}

fn field_name(at: &str, v: &Value, key: &str) -> Result<String> {
    let name = string(at, v, key)?;
    if field_path(name).is_err() {
        return fail(
            &format!("{at}.{key}"),
            format!("'{name}' is not a valid field name"),
        );
    }
    Ok(name.to_string())
}

fn count(at: &str, v: &Value) -> Result<u64> {
    v.as_u64()
        .map_or_else(|| fail(at, "must be a whole number of at least 0"), Ok)
}

fn stage(at: &str, v: &Value) -> Result<Stage> {
    let (kind, body) = single(at, v, "stage")?;
    let here = format!("{at}.{kind}");
    let at = here.as_str();
    Ok(match kind {
        "filter" => Stage::Filter(parse_filter(body).or_else(|e| fail(at, e.to_string()))?),
        "group" => Stage::Group(group(at, body)?),
        "projection" => {
            let fields = body
                .get("fields")
                .map_or_else(|| fail(&format!("{at}.fields"), "is required"), Ok)?;
            let fields = projection(&format!("{at}.fields"), fields)?;
            if fields.is_empty() {
                return fail(&format!("{at}.fields"), "names no field");
            }
            Stage::Projection(fields)
        }
        "unwindArray" => Stage::Unwind(field_name(at, body, "arrayFieldName")?),
        "sort" => {
            let values = body.get("values").unwrap_or(&Value::Null);
            Stage::Sort(
                parse_sort(values).or_else(|e| fail(&format!("{at}.values"), e.to_string()))?,
            )
        }
        "limit" => Stage::Limit(count(at, body)?),
        "skip" => Stage::Skip(count(at, body)?),
        "objectToArray" => Stage::ObjectToArray {
            object: field_name(at, body, "objectFieldName")?,
            destination: field_name(at, body, "destinationFieldName")?,
        },
        other => {
            return fail(
                at,
                format!(
                    "unknown stage \"{other}\" (filter, group, projection, unwindArray, sort, \
                     limit, skip or objectToArray)"
                ),
            );
        }
    })
}

fn list<'a>(at: &str, v: &'a Value, key: &str) -> Result<&'a [Value]> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => fail(&format!("{at}.{key}"), "must be an array"),
    }
}

/// A result field: a plain key, so later stages can address it.
fn result_name(at: &str, v: &Value, key: &str) -> Result<String> {
    let name = string(at, v, key)?;
    if super::collection::field_key(name).is_err() {
        return fail(
            &format!("{at}.{key}"),
            format!("'{name}' is not a valid field name"),
        );
    }
    Ok(name.to_string())
}

fn group(at: &str, body: &Value) -> Result<Group> {
    let mut ids = Vec::new();
    for (i, id) in list(at, body, "groupIds")?.iter().enumerate() {
        let at = format!("{at}.groupIds[{i}]");
        let key = result_name(&at, id, "key")?;
        if ids.iter().any(|(k, _)| *k == key) {
            return fail(&at, format!("key '{key}' is used twice"));
        }
        let e = id
            .get("expression")
            .map_or_else(|| fail(&format!("{at}.expression"), "is required"), Ok)?;
        ids.push((key, expr(&format!("{at}.expression"), e)?));
    }
    let mut accumulators: Vec<Accumulator> = Vec::new();
    for (i, acc) in list(at, body, "accumulators")?.iter().enumerate() {
        let at = format!("{at}.accumulators[{i}]");
        let result = result_name(&at, acc, "resultFieldName")?;
        // `_id` holds the group key; two accumulators cannot fill one field.
        if result == "_id" || accumulators.iter().any(|a| a.result == result) {
            return fail(
                &format!("{at}.resultFieldName"),
                format!("'{result}' is already a field of the result"),
            );
        }
        let mut kinds = acc
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| *k != "resultFieldName");
        let (Some((name, spec)), None) = (kinds.next(), kinds.next()) else {
            return fail(&at, "needs exactly one accumulator besides resultFieldName");
        };
        let kind = match name.as_str() {
            "sum" => Accumulate::Sum,
            "avg" => Accumulate::Avg,
            "min" => Accumulate::Min,
            "max" => Accumulate::Max,
            "first" => Accumulate::First,
            "last" => Accumulate::Last,
            "push" => Accumulate::Push,
            other => {
                return fail(
                    &at,
                    format!(
                        "unknown accumulator \"{other}\" (sum, avg, min, max, first, last or push)"
                    ),
                );
            }
        };
        let at = format!("{at}.{name}.expression");
        let e = spec
            .get("expression")
            .map_or_else(|| fail(&at, "is required"), Ok)?;
        accumulators.push(Accumulator {
            kind,
            expr: expr(&at, e)?,
            result,
        });
    }
    Ok(Group { ids, accumulators })
}

fn projection(at: &str, fields: &Value) -> Result<Vec<ProjectField>> {
    let Value::Array(fields) = fields else {
        return fail(at, "must be an array");
    };
    fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let at = format!("{at}[{i}]");
            let (kind, body) = single(&at, f, "of include, exclude, reshape or projectNested")?;
            let at = format!("{at}.{kind}");
            Ok(match kind {
                "include" => ProjectField::Include(field_name(&at, body, "fieldName")?),
                "exclude" => ProjectField::Exclude(field_name(&at, body, "fieldName")?),
                "reshape" => {
                    let name = result_name(&at, body, "resultFieldName")?;
                    let e = body
                        .get("expression")
                        .map_or_else(|| fail(&format!("{at}.expression"), "is required"), Ok)?;
                    ProjectField::Reshape(name, expr(&format!("{at}.expression"), e)?)
                }
                "projectNested" => {
                    let name = result_name(&at, body, "resultFieldName")?;
                    let inner = body.get("fields").unwrap_or(&Value::Null);
                    ProjectField::Nested(name, projection(&format!("{at}.fields"), inner)?)
                }
                other => {
                    return fail(
                        &at,
                        format!(
                            "unknown projection \"{other}\" (include, exclude, reshape or \
                             projectNested)"
                        ),
                    );
                }
            })
        })
        .collect()
}

fn expr(at: &str, v: &Value) -> Result<Expr> {
    let (kind, body) = single(at, v, "expression")?;
    let here = format!("{at}.{kind}");
    let at = here.as_str();
    let sub = |key: &str| -> Result<Box<Expr>> {
        let at = format!("{at}.{key}");
        let e = body.get(key).map_or_else(|| fail(&at, "is required"), Ok)?;
        Ok(Box::new(expr(&at, e)?))
    };
    let many = || -> Result<Vec<Expr>> {
        let items = list(at, body, "expressions")?;
        if items.is_empty() {
            return fail(
                &format!("{at}.expressions"),
                "needs at least one expression",
            );
        }
        items
            .iter()
            .enumerate()
            .map(|(i, e)| expr(&format!("{at}.expressions[{i}]"), e))
            .collect()
    };
    let unary = |op| Ok::<_, PipelineError>(Expr::Unary(op, sub("expression")?));
    let binary = |op| {
        Ok::<_, PipelineError>(Expr::Binary(
            op,
            sub("firstExpression")?,
            sub("secondExpression")?,
        ))
    };
    match kind {
        "fieldPath" => match body.as_str() {
            Some(p) if field_path(p).is_ok() => Ok(Expr::Field(p.to_string())),
            _ => fail(at, "must be a field name"),
        },
        "text" => match body {
            Value::String(_) => Ok(Expr::Const(body.clone())),
            _ => fail(at, "must be a string"),
        },
        "numeric" => match body {
            Value::Number(_) => Ok(Expr::Const(body.clone())),
            _ => fail(at, "must be a number"),
        },
        // Wix has both names for one operation.
        "add" | "sum" => Ok(Expr::Nary(Nary::Add, many()?)),
        "multiply" => Ok(Expr::Nary(Nary::Multiply, many()?)),
        "concat" => Ok(Expr::Nary(Nary::Concat, many()?)),
        "subtract" => binary(Binary::Subtract),
        "divide" => binary(Binary::Divide),
        "mod" => binary(Binary::Mod),
        "abs" => unary(Unary::Abs),
        "floor" => unary(Unary::Floor),
        "ceil" => unary(Unary::Ceil),
        "toLower" => unary(Unary::ToLower),
        "toUpper" => unary(Unary::ToUpper),
        "stringify" => unary(Unary::Stringify),
        "length" => unary(Unary::Length),
        "substring" => Ok(Expr::Substring {
            text: sub("expression")?,
            start: sub("startExpression")?,
            length: match body.get("lengthExpression") {
                None | Some(Value::Null) => None,
                Some(_) => Some(sub("lengthExpression")?),
            },
        }),
        other => fail(at, format!("unknown expression \"{other}\"")),
    }
}

// ---- evaluation ----

/// The value at a dotted path; `None` when some segment is missing.
pub fn get<'a>(row: &'a Row, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut v = row.get(parts.next()?)?;
    for p in parts {
        v = v.as_object()?.get(p)?;
    }
    Some(v)
}

fn set(row: &mut Row, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            row.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let slot = row
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            if let Value::Object(m) = slot {
                set(m, rest, value);
            }
        }
    }
}

fn remove(row: &mut Row, path: &str) {
    match path.split_once('.') {
        None => {
            row.remove(path);
        }
        Some((head, rest)) => {
            if let Some(Value::Object(m)) = row.get_mut(head) {
                remove(m, rest);
            }
        }
    }
}

/// A number as JSON: whole numbers without a fraction, as Wix's JSON has them.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) => number(f).to_string(),
            None => n.to_string(),
        },
        Value::Object(m) if is_date(m) => m["$date"].as_str().unwrap_or_default().to_string(),
        other => other.to_string(),
    }
}

fn is_date(m: &Map<String, Value>) -> bool {
    m.len() == 1 && m.get("$date").is_some_and(Value::is_string)
}

pub fn eval(e: &Expr, row: &Row) -> Value {
    match e {
        Expr::Field(p) => get(row, p).cloned().unwrap_or(Value::Null),
        Expr::Const(v) => v.clone(),
        Expr::Nary(op, parts) => {
            let values: Vec<Value> = parts.iter().map(|p| eval(p, row)).collect();
            if *op == Nary::Concat {
                if values.iter().any(Value::is_null) {
                    return Value::Null;
                }
                return Value::String(values.iter().map(text_of).collect());
            }
            let nums: Option<Vec<f64>> = values.iter().map(Value::as_f64).collect();
            match (op, nums) {
                (Nary::Add, Some(n)) => number(n.iter().sum()),
                (_, Some(n)) => number(n.iter().product()),
                _ => Value::Null,
            }
        }
        Expr::Binary(op, a, b) => {
            let (Some(a), Some(b)) = (eval(a, row).as_f64(), eval(b, row).as_f64()) else {
                return Value::Null;
            };
            match op {
                Binary::Subtract => number(a - b),
                Binary::Divide | Binary::Mod if b == 0.0 => Value::Null,
                Binary::Divide => number(a / b),
                Binary::Mod => number(a % b),
            }
        }
        Expr::Unary(op, inner) => {
            let v = eval(inner, row);
            match op {
                Unary::Abs | Unary::Floor | Unary::Ceil => match v.as_f64() {
                    Some(n) => number(match op {
                        Unary::Abs => n.abs(),
                        Unary::Floor => n.floor(),
                        _ => n.ceil(),
                    }),
                    None => Value::Null,
                },
                Unary::ToLower | Unary::ToUpper => match v {
                    Value::String(s) if *op == Unary::ToLower => Value::String(s.to_lowercase()),
                    Value::String(s) => Value::String(s.to_uppercase()),
                    _ => Value::Null,
                },
                Unary::Stringify => match v {
                    Value::Null => Value::Null,
                    v => Value::String(text_of(&v)),
                },
                Unary::Length => match v {
                    Value::String(s) => Value::from(s.chars().count()),
                    Value::Array(a) => Value::from(a.len()),
                    _ => Value::Null,
                },
            }
        }
        Expr::Substring {
            text,
            start,
            length,
        } => {
            let Value::String(s) = eval(text, row) else {
                return Value::Null;
            };
            let start = eval(start, row).as_f64().unwrap_or(0.0).max(0.0) as usize;
            let length = length
                .as_ref()
                .and_then(|l| eval(l, row).as_f64())
                .map_or(usize::MAX, |l| l.max(0.0) as usize);
            Value::String(s.chars().skip(start).take(length).collect())
        }
    }
}

/// Runs the stages over `rows`, in order.
pub fn run(stages: &[Stage], mut rows: Vec<Row>) -> Vec<Row> {
    for stage in stages {
        rows = match stage {
            Stage::Filter(f) => rows.into_iter().filter(|r| matches(f, r)).collect(),
            Stage::Group(g) => group_rows(g, rows),
            Stage::Projection(fields) => rows.iter().map(|r| project(fields, r, true)).collect(),
            Stage::Unwind(path) => rows.into_iter().flat_map(|r| unwind(path, r)).collect(),
            Stage::Sort(sort) => {
                rows.sort_by(|a, b| compare_rows(sort, a, b));
                rows
            }
            Stage::Limit(n) => {
                rows.truncate(usize::try_from(*n).unwrap_or(usize::MAX));
                rows
            }
            Stage::Skip(n) => rows
                .into_iter()
                .skip(usize::try_from(*n).unwrap_or(usize::MAX))
                .collect(),
            Stage::ObjectToArray {
                object,
                destination,
            } => rows
                .into_iter()
                .map(|mut r| {
                    let pairs: Vec<Value> = match get(&r, object) {
                        Some(Value::Object(m)) => m
                            .iter()
                            .map(|(k, v)| serde_json::json!({"k": k, "v": v}))
                            .collect(),
                        _ => Vec::new(),
                    };
                    set(&mut r, destination, Value::Array(pairs));
                    r
                })
                .collect(),
        };
    }
    rows
}

fn group_rows(g: &Group, rows: Vec<Row>) -> Vec<Row> {
    // Groups keep the order in which their first item came, so results are stable.
    let mut order: Vec<(Value, Vec<Row>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let id = if g.ids.is_empty() {
            Value::Null
        } else {
            Value::Object(
                g.ids
                    .iter()
                    .map(|(k, e)| (k.clone(), normalise(eval(e, &row))))
                    .collect(),
            )
        };
        let key = id.to_string();
        match index.get(&key) {
            Some(&i) => order[i].1.push(row),
            None => {
                index.insert(key, order.len());
                order.push((id, vec![row]));
            }
        }
    }
    order
        .into_iter()
        .map(|(id, members)| {
            let mut out = Map::new();
            out.insert("_id".into(), id);
            for acc in &g.accumulators {
                let values: Vec<Value> = members.iter().map(|r| eval(&acc.expr, r)).collect();
                out.insert(acc.result.clone(), accumulate(acc.kind, values));
            }
            out
        })
        .collect()
}

/// Numbers as one JSON form, so `1` and `1.0` fall in one group.
fn normalise(v: Value) -> Value {
    match v.as_f64() {
        Some(n) if v.is_number() => number(n),
        _ => v,
    }
}

fn accumulate(kind: Accumulate, values: Vec<Value>) -> Value {
    let nums = || values.iter().filter_map(Value::as_f64);
    match kind {
        Accumulate::Sum => number(nums().sum()),
        Accumulate::Avg => {
            let n = nums().count();
            if n == 0 {
                Value::Null
            } else {
                number(nums().sum::<f64>() / n as f64)
            }
        }
        Accumulate::Min | Accumulate::Max => {
            let present = values.iter().filter(|v| !v.is_null());
            let best = if kind == Accumulate::Min {
                present.min_by(|a, b| compare(Some(a), Some(b)))
            } else {
                present.max_by(|a, b| compare(Some(a), Some(b)))
            };
            best.cloned().unwrap_or(Value::Null)
        }
        Accumulate::First => values.into_iter().next().unwrap_or(Value::Null),
        Accumulate::Last => values.into_iter().last().unwrap_or(Value::Null),
        Accumulate::Push => Value::Array(values),
    }
}

/// With includes or reshapes, the result holds only those (and `_id`, unless excluded); with
/// excludes alone, everything else. A nested projection reads the same item and is stored
/// under its name, without an `_id` of its own.
fn project(fields: &[ProjectField], row: &Row, top: bool) -> Row {
    let inclusive = fields
        .iter()
        .any(|f| !matches!(f, ProjectField::Exclude(_)));
    let mut out = if !inclusive {
        row.clone()
    } else {
        let mut out = Map::new();
        if let (true, Some(id)) = (top, row.get("_id")) {
            out.insert("_id".into(), id.clone());
        }
        out
    };
    for f in fields {
        match f {
            ProjectField::Include(p) => {
                if let Some(v) = get(row, p) {
                    set(&mut out, p, v.clone());
                }
            }
            ProjectField::Reshape(name, e) => set(&mut out, name, eval(e, row)),
            ProjectField::Nested(name, inner) => {
                set(&mut out, name, Value::Object(project(inner, row, false)));
            }
            ProjectField::Exclude(_) => {}
        }
    }
    for f in fields {
        if let ProjectField::Exclude(p) = f {
            remove(&mut out, p);
        }
    }
    out
}

/// One row per element; rows whose array is missing or empty are dropped, and a value that is
/// not an array passes as a one-element array.
fn unwind(path: &str, row: Row) -> Vec<Row> {
    match get(&row, path) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .clone()
            .into_iter()
            .map(|item| {
                let mut r = row.clone();
                set(&mut r, path, item);
                r
            })
            .collect(),
        Some(_) => vec![row],
    }
}

// ---- ordering and filters, with Wix's semantics ----

/// Missing values and null sort lowest; then numbers, text, dates, other values.
fn rank(v: Option<&Value>) -> u8 {
    match v {
        None | Some(Value::Null) => 0,
        Some(Value::Bool(_)) => 1,
        Some(Value::Number(_)) => 2,
        Some(Value::String(_)) => 3,
        Some(Value::Object(m)) if is_date(m) => 4,
        Some(Value::Array(_)) => 5,
        Some(Value::Object(_)) => 6,
    }
}

pub fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let by_rank = rank(a).cmp(&rank(b));
    if by_rank != Ordering::Equal {
        return by_rank;
    }
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        // Dates are ISO 8601 in UTC with milliseconds: their text sorts as time does.
        (Some(Value::Object(x)), Some(Value::Object(y))) if is_date(x) && is_date(y) => {
            text_of(&x["$date"]).cmp(&text_of(&y["$date"]))
        }
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
        _ => Ordering::Equal,
    }
}

fn compare_rows(sort: &[Sort], a: &Row, b: &Row) -> Ordering {
    for s in sort {
        let o = compare(get(a, &s.field), get(b, &s.field));
        let o = if s.order == SortOrder::Desc {
            o.reverse()
        } else {
            o
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Whether `row` matches `filter`, as the stores' SQL would decide.
pub fn matches(filter: &Filter, row: &Row) -> bool {
    match filter {
        Filter::All => true,
        Filter::And(parts) => parts.iter().all(|p| matches(p, row)),
        Filter::Or(parts) => parts.iter().any(|p| matches(p, row)),
        Filter::Not(inner) => !matches(inner, row),
        Filter::Cmp { field, op, operand } => cmp(get(row, field), *op, operand),
    }
}

/// The literals of an operand: `$in` and friends have several, the rest one.
fn literals(operand: &Operand) -> &[Literal] {
    match operand {
        Operand::One(l) => std::slice::from_ref(l),
        Operand::Many(v) => v,
    }
}

fn cmp(v: Option<&Value>, op: Op, operand: &Operand) -> bool {
    let lits = literals(operand);
    let first = lits.first().unwrap_or(&Literal::Null);
    match op {
        Op::Eq => eq(v, first),
        Op::Ne => !eq(v, first),
        Op::In => lits.iter().any(|l| eq(v, l)),
        // A scalar counts as a one-element array.
        Op::HasSome => elements(v).any(|e| lits.iter().any(|l| same(e, l))),
        Op::HasAll => lits.iter().all(|l| elements(v).any(|e| same(e, l))),
        Op::Lt | Op::Lte | Op::Gt | Op::Gte => {
            let Some(o) = v.and_then(|v| order_against(v, first)) else {
                return false;
            };
            match op {
                Op::Lt => o == Ordering::Less,
                Op::Lte => o != Ordering::Greater,
                Op::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            }
        }
        Op::StartsWith | Op::EndsWith | Op::Contains => {
            let (Some(Value::String(s)), Literal::Text(t)) = (v, first) else {
                return false;
            };
            // Wix compares text case-insensitively for these operators.
            let (s, t) = (s.to_lowercase(), t.to_lowercase());
            match op {
                Op::StartsWith => s.starts_with(&t),
                Op::EndsWith => s.ends_with(&t),
                _ => s.contains(&t),
            }
        }
        Op::Exists => v.is_some() == matches!(first, Literal::Bool(true)),
    }
}

fn elements<'a>(v: Option<&'a Value>) -> Box<dyn Iterator<Item = &'a Value> + 'a> {
    match v {
        None => Box::new(std::iter::empty()),
        Some(Value::Array(items)) => Box::new(items.iter()),
        Some(one) => Box::new(std::iter::once(one)),
    }
}

/// Equality as Wix has it: null matches missing; an array matches when any element does.
fn eq(v: Option<&Value>, lit: &Literal) -> bool {
    match (v, lit) {
        (None | Some(Value::Null), Literal::Null) => true,
        (Some(Value::Array(items)), l) if !matches!(l, Literal::Json(Value::Array(_))) => {
            items.iter().any(|e| same(e, l))
        }
        (Some(v), l) => same(v, l),
        (None, _) => false,
    }
}

/// Type-strict equality of one value and a literal: `1` is not `"1"`.
fn same(v: &Value, lit: &Literal) -> bool {
    match (v, lit) {
        (Value::Null, Literal::Null) => true,
        (Value::Bool(a), Literal::Bool(b)) => a == b,
        (Value::Number(a), Literal::Number(b)) => a.as_f64() == Some(*b),
        (Value::String(a), Literal::Text(b)) => a == b,
        (Value::Object(m), Literal::Date(d)) if is_date(m) => date_text(&m["$date"]) == *d,
        (v, Literal::Json(j)) => v == j,
        _ => false,
    }
}

fn date_text(v: &Value) -> String {
    super::query::date(v).unwrap_or_else(|_| text_of(v))
}

/// How `v` orders against a range bound of the same kind; `None` across kinds.
fn order_against(v: &Value, lit: &Literal) -> Option<Ordering> {
    match (v, lit) {
        (Value::Number(a), Literal::Number(b)) => a.as_f64()?.partial_cmp(b),
        (Value::String(a), Literal::Text(b)) => Some(a.as_str().cmp(b.as_str())),
        (Value::Object(m), Literal::Date(d)) if is_date(m) => {
            Some(date_text(&m["$date"]).as_str().cmp(d.as_str()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rows(v: Value) -> Vec<Row> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_object().unwrap().clone())
            .collect()
    }

    fn go(stages: Value, input: Value) -> Value {
        let stages = parse(&stages).unwrap();
        Value::Array(
            run(&stages, rows(input))
                .into_iter()
                .map(Value::Object)
                .collect(),
        )
    }

    fn books() -> Value {
        json!([
            {"_id": "a", "title": "Dune", "year": 1965, "genre": "sf", "tags": ["sf", "classic"], "price": 10},
            {"_id": "b", "title": "Emma", "year": 1815, "genre": "classic", "tags": ["classic"], "price": 4.5},
            {"_id": "c", "title": "Ubik", "year": 1969, "genre": "sf", "tags": [], "price": 7},
        ])
    }

    #[test]
    fn groups_with_every_accumulator() {
        let out = go(
            json!([{"group": {"groupIds": [{"expression": {"fieldPath": "genre"}, "key": "genre"}],
                "accumulators": [
                    {"sum": {"expression": {"fieldPath": "price"}}, "resultFieldName": "total"},
                    {"avg": {"expression": {"fieldPath": "year"}}, "resultFieldName": "avgYear"},
                    {"min": {"expression": {"fieldPath": "year"}}, "resultFieldName": "first"},
                    {"max": {"expression": {"fieldPath": "title"}}, "resultFieldName": "lastTitle"},
                    {"sum": {"expression": {"numeric": 1}}, "resultFieldName": "n"},
                    {"push": {"expression": {"fieldPath": "_id"}}, "resultFieldName": "ids"},
                    {"last": {"expression": {"fieldPath": "title"}}, "resultFieldName": "latest"}]}},
                {"sort": {"values": [{"fieldName": "n", "order": "DESC"}]}}]),
            books(),
        );
        assert_eq!(
            out[0],
            json!({"_id": {"genre": "sf"}, "total": 17, "avgYear": 1967, "first": 1965,
                "lastTitle": "Ubik", "n": 2, "ids": ["a", "c"], "latest": "Ubik"})
        );
        assert_eq!(out[1]["total"], json!(4.5));
        let all = go(
            json!([{"group": {"accumulators": [{"sum": {"expression": {"numeric": 1}}, "resultFieldName": "n"}]}}]),
            books(),
        );
        assert_eq!(all, json!([{"_id": null, "n": 3}]));
    }

    #[test]
    fn projects_unwinds_and_filters_later_stages() {
        let out = go(
            json!([{"projection": {"fields": [
                {"include": {"fieldName": "year"}},
                {"reshape": {"resultFieldName": "label", "expression": {"concat": {"expressions": [
                    {"toUpper": {"expression": {"fieldPath": "title"}}}, {"text": " "}, {"stringify": {"expression": {"fieldPath": "year"}}}]}}}},
                {"reshape": {"resultFieldName": "cents", "expression": {"multiply": {"expressions": [{"fieldPath": "price"}, {"numeric": 100}]}}}},
                {"reshape": {"resultFieldName": "short", "expression": {"substring": {"expression": {"fieldPath": "title"}, "startExpression": {"numeric": 1}, "lengthExpression": {"numeric": 2}}}}},
                {"projectNested": {"resultFieldName": "meta", "fields": [{"include": {"fieldName": "genre"}}]}},
                {"exclude": {"fieldName": "_id"}}]}},
                {"limit": 1}]),
            books(),
        );
        assert_eq!(
            out,
            json!([{"year": 1965, "label": "DUNE 1965", "cents": 1000, "short": "un", "meta": {"genre": "sf"}}])
        );
        let out = go(
            json!([{"unwindArray": {"arrayFieldName": "tags"}},
                {"group": {"groupIds": [{"expression": {"fieldPath": "tags"}, "key": "tag"}],
                    "accumulators": [{"sum": {"expression": {"numeric": 1}}, "resultFieldName": "n"}]}},
                {"filter": {"n": {"$gt": 1}}}, {"projection": {"fields": [{"exclude": {"fieldName": "n"}}]}}]),
            books(),
        );
        assert_eq!(out, json!([{"_id": {"tag": "classic"}}]));
        let out = go(
            json!([{"skip": 1}, {"objectToArray": {"objectFieldName": "o", "destinationFieldName": "pairs"}},
                {"projection": {"fields": [{"include": {"fieldName": "pairs"}}]}}]),
            json!([{"_id": "x"}, {"_id": "y", "o": {"a": 1, "b": "t"}}]),
        );
        assert_eq!(
            out,
            json!([{"_id": "y", "pairs": [{"k": "a", "v": 1}, {"k": "b", "v": "t"}]}])
        );
    }

    #[test]
    fn filters_in_memory_as_wix_does() {
        let row = rows(
            json!([{"_id": "a", "n": 1, "s": "Hello", "tags": ["x", "y"], "nil": null,
            "d": {"$date": "2024-01-02T00:00:00.000Z"}}]),
        )
        .remove(0);
        let yes = |f: Value| matches(&parse_filter(&f).unwrap(), &row);
        assert!(
            yes(json!({"n": 1})) && !yes(json!({"n": "1"})),
            "type-strict"
        );
        assert!(yes(json!({"s": {"$startsWith": "he"}})) && yes(json!({"s": {"$contains": "LL"}})));
        assert!(yes(json!({"s": {"$endsWith": "LO"}})) && !yes(json!({"n": {"$contains": "1"}})));
        assert!(yes(json!({"tags": "x"})) && yes(json!({"tags": {"$hasSome": ["z", "y"]}})));
        assert!(
            yes(json!({"tags": {"$hasAll": ["x", "y"]}}))
                && !yes(json!({"tags": {"$hasAll": ["x", "z"]}}))
        );
        assert!(
            yes(json!({"n": {"$in": [3, 1]}}))
                && yes(json!({"missing": null}))
                && yes(json!({"nil": null}))
        );
        assert!(
            yes(json!({"nil": {"$exists": true}})) && yes(json!({"missing": {"$exists": false}}))
        );
        assert!(yes(json!({"n": {"$gte": 1, "$lt": 2}})) && !yes(json!({"s": {"$lt": 5}})));
        assert!(
            yes(json!({"d": {"$gt": {"$date": "2024-01-01"}}}))
                && yes(json!({"d": {"$date": "2024-01-02"}}))
        );
        assert!(
            yes(json!({"$or": [{"n": 2}, {"$not": [{"s": "x"}]}]}))
                && !yes(json!({"n": {"$ne": 1}}))
        );
    }

    #[test]
    fn mistakes_name_the_stage_and_key() {
        let err = |v: Value| parse(&v).unwrap_err().to_string();
        assert_eq!(
            err(
                json!([{"limit": 1}, {"skip": 1}, {"group": {"accumulators": [{"median": {"expression": {"numeric": 1}}, "resultFieldName": "m"}]}}])
            ),
            "pipeline.stages[2].group.accumulators[0]: unknown accumulator \"median\" (sum, avg, min, max, first, last or push)"
        );
        assert!(
            err(json!([{"lookup": {}}]))
                .starts_with("pipeline.stages[0].lookup: unknown stage \"lookup\"")
        );
        assert!(
            err(json!([{"filter": {"a": {"$near": 1}}}]))
                .contains("pipeline.stages[0].filter: filter: unknown operator $near")
        );
        assert!(err(json!([{"projection": {"fields": [{"reshape": {"resultFieldName": "x", "expression": {"pow": {}}}}]}}]))
            .starts_with("pipeline.stages[0].projection.fields[0].reshape.expression.pow: unknown expression"));
        assert!(err(json!([{"limit": -1}])).starts_with("pipeline.stages[0].limit:"));
        assert!(err(json!([{"limit": 1, "skip": 1}])).contains("exactly one stage"));
        assert!(err(json!({"limit": 1})).contains("array"));
        assert!(
            err(json!([{"unwindArray": {"arrayFieldName": "a b"}}]))
                .contains("not a valid field name")
        );
    }
}
