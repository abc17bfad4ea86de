//! The business solutions' records over GraphQL: the store's orders, bookings, pricing plans
//! and their orders, and the site's members. Each list is read by the code of its REST query
//! (the module's route, or the members API), called in process as the same caller, so who may
//! see what is REST's. A record's main fields are typed; `json` is the whole record as REST
//! answers it.

use async_graphql::dynamic::{
    Field, FieldFuture, FieldValue, InputValue, Object, ResolverContext, TypeRef,
};
use serde_json::{Value, json};
use tessera_platform::{
    Platform, WixError,
    data::Params,
    module::{Method, RouteCall},
};

use super::{
    resolve::{Call, error},
    schema::{call, json_arg},
};

#[derive(Clone, Copy)]
enum Shape {
    Text,
    Number,
    Boolean,
    Json,
}

/// Where a kind's list comes from.
#[derive(Clone, Copy)]
enum Source {
    /// A module's route, given the GraphQL `query` argument as this key of its body
    /// (`None`: a GET with `limit` and `offset`).
    Route(Method, &'static str, Option<&'static str>),
    /// `POST /members/v1/members/query`.
    Members,
}

pub struct Kind {
    /// The query field and the type: `ecomOrders`, `EcomOrder`.
    field: &'static str,
    type_name: &'static str,
    about: &'static str,
    source: Source,
    /// The key of REST's answer that holds the list.
    list: &'static str,
    fields: &'static [(&'static str, Shape)],
}

impl Kind {
    /// The key of the body the GraphQL argument of that name fills; None for a GET list
    /// (`limit`, `offset`).
    fn body_key(&self) -> Option<&'static str> {
        match self.source {
            Source::Route(_, _, key) => key,
            Source::Members => Some("query"),
        }
    }
}

const KINDS: &[Kind] = &[
    Kind {
        field: "ecomOrders",
        type_name: "EcomOrder",
        about: "The store's orders, as POST /ecom/v1/orders/search finds them (`search`: its search object)",
        source: Source::Route(Method::Post, "/ecom/v1/orders/search", Some("search")),
        list: "orders",
        fields: &[
            ("id", Shape::Text),
            ("number", Shape::Text),
            ("status", Shape::Text),
            ("paymentStatus", Shape::Text),
            ("fulfillmentStatus", Shape::Text),
            ("createdDate", Shape::Text),
            ("updatedDate", Shape::Text),
            ("buyerInfo", Shape::Json),
            ("priceSummary", Shape::Json),
            ("lineItems", Shape::Json),
        ],
    },
    Kind {
        field: "bookings",
        type_name: "Booking",
        about: "Bookings, as POST /bookings/v2/bookings/query finds them (`query`: its query object)",
        source: Source::Route(Method::Post, "/bookings/v2/bookings/query", Some("query")),
        list: "bookings",
        fields: &[
            ("id", Shape::Text),
            ("status", Shape::Text),
            ("paymentStatus", Shape::Text),
            ("startDate", Shape::Text),
            ("endDate", Shape::Text),
            ("createdDate", Shape::Text),
            ("totalParticipants", Shape::Number),
            ("contactDetails", Shape::Json),
            ("bookedEntity", Shape::Json),
        ],
    },
    Kind {
        field: "pricingPlans",
        type_name: "PricingPlan",
        about: "Every pricing plan, as GET /pricing-plans/v2/plans lists them (collaborators)",
        source: Source::Route(Method::Get, "/pricing-plans/v2/plans", None),
        list: "plans",
        fields: PLAN_FIELDS,
    },
    Kind {
        field: "publicPricingPlans",
        type_name: "PublicPricingPlan",
        about: "The plans visitors see, as GET /pricing-plans/v2/plans/public lists them",
        source: Source::Route(Method::Get, "/pricing-plans/v2/plans/public", None),
        list: "plans",
        fields: PLAN_FIELDS,
    },
    Kind {
        field: "pricingPlanOrders",
        type_name: "PricingPlanOrder",
        about: "Orders of pricing plans, as GET /pricing-plans/v2/orders lists them",
        source: Source::Route(Method::Get, "/pricing-plans/v2/orders", None),
        list: "orders",
        fields: &[
            ("id", Shape::Text),
            ("planId", Shape::Text),
            ("planName", Shape::Text),
            ("status", Shape::Text),
            ("startDate", Shape::Text),
            ("endDate", Shape::Text),
            ("createdDate", Shape::Text),
            ("buyer", Shape::Json),
            ("pricing", Shape::Json),
        ],
    },
    Kind {
        field: "members",
        type_name: "Member",
        about: "The site's members, as POST /members/v1/members/query finds them (`query`: its query object)",
        source: Source::Members,
        list: "members",
        fields: &[
            ("id", Shape::Text),
            ("loginEmail", Shape::Text),
            ("status", Shape::Text),
            ("contactId", Shape::Text),
            ("createdDate", Shape::Text),
            ("profile", Shape::Json),
            ("contact", Shape::Json),
        ],
    },
];

const PLAN_FIELDS: &[(&str, Shape)] = &[
    ("id", Shape::Text),
    ("name", Shape::Text),
    ("description", Shape::Text),
    ("slug", Shape::Text),
    ("public", Shape::Boolean),
    ("archived", Shape::Boolean),
    ("createdDate", Shape::Text),
    ("pricing", Shape::Json),
    ("perks", Shape::Json),
];

/// The kinds whose module this server runs.
pub fn available(p: &Platform) -> Vec<&'static Kind> {
    let routes: Vec<(Method, String)> = p
        .modules()
        .iter()
        .flat_map(|m| m.routes())
        .map(|r| (r.method, r.path))
        .collect();
    KINDS
        .iter()
        .filter(|k| match k.source {
            Source::Route(method, path, _) => routes.iter().any(|(m, p)| *m == method && p == path),
            Source::Members => true,
        })
        .collect()
}

/// Each kind's record type and list type, and its query field.
pub fn register(kinds: &[&'static Kind]) -> (Vec<Object>, Vec<Field>) {
    let mut types = Vec::new();
    let mut fields = Vec::new();
    for k in kinds {
        let mut object = Object::new(k.type_name).field(
            Field::new("json", TypeRef::named_nn("JSON"), |ctx| {
                FieldFuture::new(async move { Ok(Some(FieldValue::value(gql(record(&ctx)?)?))) })
            })
            .description("The whole record, as REST answers it"),
        );
        for (name, shape) in k.fields {
            object = object.field(record_field(name, *shape));
        }
        types.push(object);
        let list_type = format!("{}_List", k.type_name);
        types.push(
            Object::new(&list_type)
                .field(Field::new(
                    "items",
                    TypeRef::named_nn_list_nn(k.type_name),
                    |ctx| {
                        FieldFuture::new(async move {
                            let page = ctx.parent_value.try_downcast_ref::<Listed>()?;
                            Ok(Some(FieldValue::list(
                                page.items.iter().cloned().map(FieldValue::owned_any),
                            )))
                        })
                    },
                ))
                .field(Field::new(
                    "pagingMetadata",
                    TypeRef::named("JSON"),
                    |ctx| {
                        FieldFuture::new(async move {
                            let page = ctx.parent_value.try_downcast_ref::<Listed>()?;
                            Ok(Some(FieldValue::value(gql(&page.paging)?)))
                        })
                    },
                )),
        );
        fields.push(list_field(k, &list_type));
    }
    (types, fields)
}

/// A page of records and REST's paging of it.
struct Listed {
    items: Vec<Value>,
    paging: Value,
}

fn record<'a>(ctx: &ResolverContext<'a>) -> async_graphql::Result<&'a Value> {
    ctx.parent_value.try_downcast_ref::<Value>()
}

fn gql(v: &Value) -> async_graphql::Result<async_graphql::Value> {
    async_graphql::Value::from_json(v.clone()).map_err(|e| async_graphql::Error::new(e.to_string()))
}

fn record_field(name: &'static str, shape: Shape) -> Field {
    let type_ref = match shape {
        Shape::Text => TypeRef::named(TypeRef::STRING),
        Shape::Number => TypeRef::named(TypeRef::FLOAT),
        Shape::Boolean => TypeRef::named(TypeRef::BOOLEAN),
        Shape::Json => TypeRef::named("JSON"),
    };
    Field::new(name, type_ref, move |ctx| {
        FieldFuture::new(async move {
            let v = &record(&ctx)?[name];
            Ok(match (shape, v) {
                (_, Value::Null) => None,
                (Shape::Text, Value::String(s)) => Some(FieldValue::value(s.clone())),
                (Shape::Text, other) => Some(FieldValue::value(other.to_string())),
                (Shape::Number, v) => v.as_f64().map(FieldValue::value),
                (Shape::Boolean, v) => v.as_bool().map(FieldValue::value),
                (Shape::Json, v) => Some(FieldValue::value(gql(v)?)),
            })
        })
    })
}

fn list_field(k: &'static Kind, list_type: &str) -> Field {
    let field = Field::new(k.field, TypeRef::named_nn(list_type), move |ctx| {
        FieldFuture::new(async move {
            let answer = list(call(&ctx)?, k, &ctx).await.map_err(error)?;
            let items = answer[k.list].as_array().cloned().unwrap_or_default();
            let paging = answer["pagingMetadata"].clone();
            Ok(Some(FieldValue::owned_any(Listed { items, paging })))
        })
    })
    .description(k.about);
    match k.body_key() {
        Some(key) => field.argument(
            InputValue::new(key, TypeRef::named("JSON"))
                .description("REST's object of that name: filter, sort, paging"),
        ),
        None => field
            .argument(InputValue::new("limit", TypeRef::named(TypeRef::INT)))
            .argument(InputValue::new("offset", TypeRef::named(TypeRef::INT))),
    }
}

/// REST's answer for the kind's list, as the caller.
async fn list(call: &Call, k: &Kind, ctx: &ResolverContext<'_>) -> Result<Value, WixError> {
    let bad = |e: async_graphql::Error| WixError::bad_request(e.message);
    match k.source {
        Source::Members => {
            let query = json_arg(ctx, "query").map_err(bad)?;
            crate::compat::members_query(&call.state, &call.ctx, query).await
        }
        Source::Route(method, path, _) => {
            let (body, query) = match k.body_key() {
                Some(key) => (
                    json!({ key: json_arg(ctx, key).map_err(bad)? }),
                    Params::parse(""),
                ),
                None => {
                    let mut pairs = Vec::new();
                    for name in ["limit", "offset"] {
                        if let Some(v) = ctx.args.get(name) {
                            let n = v.i64().map_err(bad)?;
                            pairs.push(format!("{name}={n}"));
                        }
                    }
                    (json!({}), Params::parse(&pairs.join("&")))
                }
            };
            let p = call.state.platform();
            let route = p
                .modules()
                .iter()
                .flat_map(|m| m.routes())
                .find(|r| r.method == method && r.path == path)
                .ok_or_else(|| {
                    WixError::from(tessera_core::Error::internal(format!("no route {path}")))
                })?;
            let call = RouteCall {
                ctx: call.ctx.clone(),
                path: Vec::new(),
                query,
                body,
                visitor: String::new(),
                new_visitor: false,
            };
            route.call(p.clone(), call).await
        }
    }
}
