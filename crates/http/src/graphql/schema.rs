//! A site's GraphQL schema, generated from its collections' schemas: a type per collection
//! with its fields typed, a page type, the queries and the mutations (see `names` for how
//! names are chosen).

use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Value as Gql,
    dynamic::{
        Field, FieldFuture, FieldValue, InputValue, Object, ResolverContext, Scalar, Schema,
        SchemaError, TypeRef,
    },
};
use serde_json::Value;
use tessera_core::data::{Collection, FieldType, collection::is_system_collection};

use super::{
    fast,
    names::{Names, collection_names},
    resolve::{self, Call, ListArgs, Node, Page, Write},
};

/// Deepest a query may nest its fields, introspection aside (checked in `mod.rs`).
pub const MAX_DEPTH: usize = 10;
/// Most fields a query may select, fragments counted where they are spread.
pub const MAX_COMPLEXITY: usize = 500;

/// How a field's value is shown.
#[derive(Clone)]
pub(super) enum Shape {
    Text,
    Number,
    Boolean,
    Json,
    /// The referenced item, of this type.
    Reference(String),
    /// The referenced items, of this type.
    References(String),
}

impl Shape {
    fn of(f: &tessera_core::data::Field, types: &HashMap<&str, String>) -> Self {
        use FieldType::*;
        let target = || {
            f.referenced_collection_id
                .as_deref()
                .and_then(|t| types.get(t))
                .cloned()
        };
        match f.field_type {
            Number => Self::Number,
            Boolean => Self::Boolean,
            Reference => target().map_or(Self::Text, Self::Reference),
            MultiReference => target().map_or(Self::Json, Self::References),
            Text
            | RichText
            | Date
            | Datetime
            | Time
            | Image
            | Video
            | Audio
            | Document
            | Url
            | Slug
            | Email
            | Language
            | PageLink
            | LegacyTime
            | LegacyExternalUrl
            | LegacyBrokenReference
            | LegacyImage
            | LegacyColor
            | LegacyExternalVideo => Self::Text,
            RichContent | MediaGallery | Address | Object | Array | ArrayString | ArrayDocument
            | Any | MediaImage | MediaVectorArt | LegacyBook => Self::Json,
        }
    }

    fn type_ref(&self) -> TypeRef {
        match self {
            Self::Text => TypeRef::named(TypeRef::STRING),
            Self::Number => TypeRef::named(TypeRef::FLOAT),
            Self::Boolean => TypeRef::named(TypeRef::BOOLEAN),
            Self::Json => TypeRef::named("JSON"),
            Self::Reference(t) => TypeRef::named(t),
            Self::References(t) => TypeRef::named_nn_list_nn(t),
        }
    }
}

fn json(v: Value) -> async_graphql::Result<Gql> {
    Gql::from_json(v).map_err(|e| async_graphql::Error::new(format!("a value: {e}")))
}

/// A stored value as `shape` shows it; a value of another type is an error naming the field.
pub(super) fn plain(
    c: &Collection,
    key: &str,
    shape: &Shape,
    v: Option<&Value>,
) -> async_graphql::Result<Option<Gql>> {
    let Some(v) = v.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let wrong = |what: &str| {
        async_graphql::Error::new(format!(
            "field '{key}' of collection {} holds {v}, not {what}",
            c.id
        ))
    };
    Ok(Some(match shape {
        Shape::Text | Shape::Reference(_) => match v {
            Value::String(s) => Gql::String(s.clone()),
            // Dates are kept as `{"$date": "…"}`.
            Value::Object(o) if o.len() == 1 && o.get("$date").is_some_and(Value::is_string) => {
                Gql::String(o["$date"].as_str().unwrap_or_default().to_string())
            }
            other => Gql::String(other.to_string()),
        },
        Shape::Number => match v {
            Value::Number(n) => Gql::Number(n.clone()),
            _ => return Err(wrong("a number")),
        },
        Shape::Boolean => match v {
            Value::Bool(b) => Gql::Boolean(*b),
            _ => return Err(wrong("a boolean")),
        },
        Shape::Json | Shape::References(_) => json(v.clone())?,
    }))
}

fn node<'a>(ctx: &ResolverContext<'a>) -> async_graphql::Result<&'a Node> {
    ctx.parent_value.try_downcast_ref::<Node>()
}

/// A JSON argument; a string is read as JSON text (`filter: "{\"year\": {\"$gt\": 2000}}"`),
/// since GraphQL's object literals cannot hold keys such as `$gt`.
pub(super) fn json_arg(ctx: &ResolverContext<'_>, name: &str) -> async_graphql::Result<Value> {
    json_value(name, ctx.args.get(name).map(|a| a.as_value()))
}

fn json_value(name: &str, arg: Option<&Gql>) -> async_graphql::Result<Value> {
    let Some(arg) = arg else {
        return Ok(Value::Null);
    };
    let v = arg.clone().into_json()?;
    match v {
        Value::String(text) => serde_json::from_str(&text)
            .map_err(|e| async_graphql::Error::new(format!("{name}: not JSON text: {e}"))),
        v => Ok(v),
    }
}

/// A list query's arguments (as validated: `first` an Int, `after` a String), and whether
/// the total is asked for.
pub(super) fn list_args(
    filter: Option<&Gql>,
    sort: Option<&Gql>,
    first: Option<&Gql>,
    after: Option<&Gql>,
    total: bool,
) -> async_graphql::Result<ListArgs> {
    let first = match first.filter(|v| !matches!(v, Gql::Null)) {
        Some(Gql::Number(n)) => Some(
            n.as_i64()
                .and_then(|n| u64::try_from(n).ok())
                .ok_or_else(|| async_graphql::Error::new("first: must not be negative"))?,
        ),
        Some(_) => return Err(async_graphql::Error::new("internal: not an signed integer")),
        None => None,
    };
    let filter = json_value("filter", filter)?;
    let sort = json_value("sort", sort)?;
    let after = match after.filter(|v| !matches!(v, Gql::Null)) {
        Some(Gql::String(s)) => Some(s.clone()),
        Some(_) => return Err(async_graphql::Error::new("internal: not a string")),
        None => None,
    };
    Ok(ListArgs {
        filter,
        sort,
        first,
        after,
        total,
    })
}

pub(super) fn call<'a>(ctx: &ResolverContext<'a>) -> async_graphql::Result<&'a Call> {
    Ok(ctx.data::<Arc<Call>>()?.as_ref())
}

/// The object type of collection `c`, named `t`, and its fields as the fast walk sees them.
fn item_type(
    c: &Arc<Collection>,
    t: &str,
    types: &HashMap<&str, String>,
) -> (Object, fast::ItemType) {
    let mut walked = fast::ItemType {
        collection: c.clone(),
        fields: HashMap::new(),
    };
    let mut names = Names::fields();
    let mut object = Object::new(t).description(format!("An item of collection {}", c.id));
    let system = [
        ("_id", TypeRef::named_nn(TypeRef::ID)),
        ("_owner", TypeRef::named(TypeRef::STRING)),
        ("_createdDate", TypeRef::named(TypeRef::STRING)),
        ("_updatedDate", TypeRef::named(TypeRef::STRING)),
    ];
    let mut fields: Vec<(String, TypeRef, Shape)> = system
        .into_iter()
        .map(|(k, ty)| (k.to_string(), ty, Shape::Text))
        .collect();
    for f in &c.fields {
        let shape = Shape::of(f, types);
        fields.push((f.key.clone(), shape.type_ref(), shape));
    }
    for (key, ty, shape) in fields {
        let name = names.field(&key);
        walked
            .fields
            .insert(name.clone(), (key.clone(), shape.clone()));
        let c = c.clone();
        let field = match shape {
            Shape::Reference(_) | Shape::References(_) => {
                let many = matches!(shape, Shape::References(_));
                Field::new(name, ty, move |ctx| {
                    let key = key.clone();
                    FieldFuture::new(async move {
                        let nodes = node(&ctx)?.linked(call(&ctx)?, &key).await?;
                        Ok(Some(if many {
                            FieldValue::list(nodes.into_iter().map(FieldValue::owned_any))
                        } else {
                            match nodes.into_iter().next() {
                                Some(n) => FieldValue::owned_any(n),
                                None => return Ok(None),
                            }
                        }))
                    })
                })
            }
            shape => Field::new(name, ty, move |ctx| {
                let value = node(&ctx).and_then(|n| plain(&c, &key, &shape, n.data().get(&key)));
                match value {
                    Ok(v) => FieldFuture::Value(v.map(FieldValue::value)),
                    Err(e) => FieldFuture::new(async move { Err::<Option<Gql>, _>(e) }),
                }
            }),
        };
        object = object.field(field);
    }
    (object, walked)
}

fn page<'a>(ctx: &ResolverContext<'a>) -> async_graphql::Result<&'a Page> {
    ctx.parent_value.try_downcast_ref::<Page>()
}

fn page_type(t: &str) -> Object {
    Object::new(format!("{t}_Page"))
        .description("A page of items, as the REST query answers it")
        .field(Field::new("items", TypeRef::named_nn_list_nn(t), |ctx| {
            FieldFuture::Value(
                page(&ctx)
                    .ok()
                    .map(|p| FieldValue::list(p.batch.nodes().map(FieldValue::owned_any))),
            )
        }))
        .field(Field::new(
            "totalCount",
            TypeRef::named_nn(TypeRef::INT),
            |ctx| {
                FieldFuture::Value(
                    page(&ctx)
                        .ok()
                        .and_then(|p| p.total)
                        .map(|n| FieldValue::value(n as i64)),
                )
            },
        ))
        .field(Field::new(
            "pageInfo",
            TypeRef::named_nn("PageInfo"),
            |ctx| FieldFuture::Value(page(&ctx).ok().map(|p| FieldValue::borrowed_any(p))),
        ))
}

fn page_info() -> Object {
    Object::new("PageInfo")
        .field(Field::new(
            "hasNextPage",
            TypeRef::named_nn(TypeRef::BOOLEAN),
            |ctx| FieldFuture::Value(page(&ctx).ok().map(|p| FieldValue::value(p.has_next))),
        ))
        .field(Field::new(
            "endCursor",
            TypeRef::named(TypeRef::STRING),
            |ctx| {
                FieldFuture::Value(
                    page(&ctx)
                        .ok()
                        .and_then(|p| p.end_cursor.clone())
                        .map(FieldValue::value),
                )
            },
        ))
}

/// The site's schema: a type per collection (drafts shadows left out), `Query` and
/// `Mutation` (system collections, written only through their own APIs, have no
/// mutations); and the model of its pages that the fast walk plans with.
pub fn build(
    collections: Vec<Collection>,
    business: &[&'static super::business::Kind],
) -> Result<(Schema, fast::Model), SchemaError> {
    let collections: Vec<Arc<Collection>> = collections
        .into_iter()
        .filter(|c| !c.id.ends_with(tessera_core::data::DRAFTS_SUFFIX))
        .map(Arc::new)
        .collect();
    let mut names = Names::schema();
    let types: HashMap<&str, String> = collections
        .iter()
        .map(|c| (c.id.as_str(), names.claim(&c.id, collection_names)))
        .collect();
    let mut query = Object::new("Query");
    let mut mutation = Object::new("Mutation");
    let mut has_mutations = false;
    let mut builder_types = vec![page_info()];
    let mut model = fast::Model::default();
    for c in &collections {
        let t = &types[c.id.as_str()];
        let (object, walked) = item_type(c, t, &types);
        builder_types.push(object);
        model.lists.insert(t.clone(), t.clone());
        model.types.insert(t.clone(), walked);
        builder_types.push(page_type(t));
        query = query.field(list_field(c, t)).field(by_id_field(c, t));
        if !is_system_collection(&c.id) {
            has_mutations = true;
            mutation = mutation
                .field(write_field(c, t, "insert"))
                .field(write_field(c, t, "update"))
                .field(write_field(c, t, "remove"));
        }
    }
    let (business_types, business_fields) = super::business::register(business);
    builder_types.extend(business_types);
    for f in business_fields {
        query = query.field(f);
    }
    if collections.is_empty() && business.is_empty() {
        // A schema needs a query field; a site without collections has this one.
        query = query.field(
            Field::new("_empty", TypeRef::named(TypeRef::BOOLEAN), |_| {
                FieldFuture::Value(None)
            })
            .description("The site has no collections yet"),
        );
    }
    let mut builder = Schema::build("Query", has_mutations.then_some("Mutation"), None)
        .register(Scalar::new("JSON").description("Any JSON value"))
        .register(query)
        .extension(fast::Fast)
        .limit_complexity(MAX_COMPLEXITY);
    if has_mutations {
        builder = builder.register(mutation);
    }
    for t in builder_types {
        builder = builder.register(t);
    }
    Ok((builder.finish()?, model))
}

fn list_field(c: &Arc<Collection>, t: &str) -> Field {
    let about = format!(
        "Items of collection {}, as POST /wix-data/v2/items/query finds them",
        c.id
    );
    let c = c.clone();
    Field::new(t, TypeRef::named_nn(format!("{t}_Page")), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let arg = |name: &str| ctx.args.get(name).map(|a| a.as_value());
            let total = ctx.look_ahead().field("totalCount").exists();
            let args = list_args(arg("filter"), arg("sort"), arg("first"), arg("after"), total)?;
            let page = resolve::list(call(&ctx)?, &c, args).await?;
            Ok(Some(FieldValue::owned_any(page)))
        })
    })
    .description(about)
    .argument(InputValue::new("filter", TypeRef::named("JSON")).description(
        "A wix-data filter, e.g. {\"year\": {\"$gt\": 2000}}: a JSON value (a variable) or JSON text",
    ))
    .argument(InputValue::new("sort", TypeRef::named("JSON")).description(
        "[{\"fieldName\": \"year\", \"order\": \"DESC\"}]: a JSON value or JSON text",
    ))
    .argument(InputValue::new("first", TypeRef::named(TypeRef::INT)).description("Items per page: 50 unless given, at most 100"))
    .argument(InputValue::new("after", TypeRef::named(TypeRef::STRING)).description("A page's endCursor: the next page of the same query (filter and sort come with it)"))
}

fn by_id_field(c: &Arc<Collection>, t: &str) -> Field {
    let about = format!(
        "One item of collection {} by its _id; null when there is none",
        c.id
    );
    let c = c.clone();
    Field::new(format!("{t}_by_id"), TypeRef::named(t), move |ctx| {
        let c = c.clone();
        FieldFuture::new(async move {
            let id = ctx.args.try_get("id")?.string()?.to_string();
            let found = resolve::get(call(&ctx)?, &c, &id).await?;
            Ok(found.map(FieldValue::owned_any))
        })
    })
    .description(about)
    .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)))
}

fn write_field(c: &Arc<Collection>, t: &str, verb: &'static str) -> Field {
    let c2 = c.clone();
    let field = Field::new(format!("{verb}_{t}"), TypeRef::named(t), move |ctx| {
        let c = c2.clone();
        FieldFuture::new(async move {
            let data = || -> async_graphql::Result<Value> {
                match json_arg(&ctx, "data")? {
                    v @ Value::Object(_) => Ok(v),
                    _ => Err(async_graphql::Error::new(
                        "data: must be a JSON object of the item's fields",
                    )),
                }
            };
            let id = || -> async_graphql::Result<String> {
                Ok(ctx.args.try_get("id")?.string()?.to_string())
            };
            let write = match verb {
                "insert" => Write::Insert(data()?),
                "update" => Write::Update(id()?, data()?),
                _ => Write::Remove(id()?),
            };
            Ok(Some(FieldValue::owned_any(
                resolve::write(call(&ctx)?, &c, write).await?,
            )))
        })
    });
    match verb {
        "insert" => field
            .description(format!(
                "Inserts an item into {} (as POST /wix-data/v2/items)",
                c.id
            ))
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        "update" => field
            .description(format!(
                "Replaces an item's fields in {} (as POST /wix-data/v2/items/update)",
                c.id
            ))
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID)))
            .argument(InputValue::new("data", TypeRef::named_nn("JSON"))),
        _ => field
            .description(format!(
                "Removes an item from {} (as POST /wix-data/v2/items/remove)",
                c.id
            ))
            .argument(InputValue::new("id", TypeRef::named_nn(TypeRef::ID))),
    }
}

#[cfg(test)]
mod tests {
    use tessera_core::data::{Field as DataField, Permissions};

    use super::*;

    fn collection(id: &str, fields: Vec<DataField>) -> Collection {
        Collection {
            site_id: tessera_core::ids::SiteId::new(),
            id: id.into(),
            display_name: id.into(),
            display_field: None,
            fields,
            permissions: Permissions::default(),
            indexes: Vec::new(),
            revision: 1,
            created_at: 0,
            updated_at: 0,
            show_drafts: false,
        }
    }

    /// Building is cheap enough to do whenever a collection changes: 100 collections of 20
    /// fields (each with a reference) take a few milliseconds in a release build.
    #[test]
    fn a_large_site_builds_quickly() {
        let site: Vec<Collection> = (0..100)
            .map(|i| {
                let mut fields: Vec<DataField> = (0..19)
                    .map(|f| DataField::new(&format!("f{f}"), FieldType::Text))
                    .collect();
                let mut r = DataField::new("next", FieldType::Reference);
                r.referenced_collection_id = Some(format!("C{}", (i + 1) % 100));
                fields.push(r);
                collection(&format!("C{i}"), fields)
            })
            .collect();
        let started = std::time::Instant::now();
        let (schema, _) = build(site, &[]).expect("the schema builds");
        let took = started.elapsed();
        eprintln!("100 collections × 20 fields: built in {took:?}");
        assert!(schema.sdl().contains("type C99_Page"));
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn drafts_and_system_collections() {
        let (schema, _) = build(
            vec![
                collection("Books", vec![]),
                collection("Books__drafts", vec![]),
                collection("Stores/Products", vec![]),
            ],
            &[],
        )
        .expect("the schema builds");
        let sdl = schema.sdl();
        assert!(!sdl.contains("drafts"), "{sdl}");
        assert!(sdl.contains("Stores_Products_by_id"), "{sdl}");
        assert!(sdl.contains("insert_Books") && !sdl.contains("insert_Stores_Products"));
        assert!(build(Vec::new(), &[]).is_ok());
    }
}
