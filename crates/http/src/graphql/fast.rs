//! The common query walked without async-graphql's executor: pages of collections' items,
//! their fields and references. The executor resolves every field of every item through its
//! general machinery (a boxed future, an argument map, type lookups and checks: about
//! 0.5–1 µs a field, and a page of 50 items with one reference has 550), which made GraphQL
//! cost twice REST's CPU for the same reads. A query that asks only for such pages, with no
//! variables, fragments, directives or aliases, is planned here (`plan`) and, once
//! async-graphql has parsed and validated it, answered by `Fast`'s execute hook with the
//! resolvers' own functions (`resolve::list`, `Node::linked`, `schema::plain`), so its
//! data, errors and data calls are the executor's; anything else goes to the executor.

use std::{collections::HashMap, sync::Arc};

use async_graphql::{
    Name, PathSegment, Pos, Response, ServerError, Value as Gql,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute},
    indexmap::IndexMap,
    parser::types::{
        DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet,
    },
};
use futures::{FutureExt, future::BoxFuture};
use tessera_core::data::Collection;

use super::{
    resolve::{self, Call, Node, Page},
    schema::{self, Shape},
};

/// What planning needs of a site's schema: its list queries and its item types.
#[derive(Default)]
pub struct Model {
    /// Query fields listing a collection's items, by name: the items' type name.
    pub lists: HashMap<String, String>,
    pub types: HashMap<String, ItemType>,
}

pub struct ItemType {
    pub collection: Arc<Collection>,
    /// By GraphQL name: the field's key in the item and how it is shown.
    pub fields: HashMap<String, (String, Shape)>,
}

/// A query planned for the walk (owned: it goes into the request's data).
pub struct Plan(Vec<Root>);

struct Root {
    key: Name,
    pos: Pos,
    collection: Arc<Collection>,
    /// filter, sort, first, after.
    args: [Option<Gql>; 4],
    total: bool,
    page: Vec<PageField>,
}

enum PageField {
    Typename(Name),
    Items(Name, Vec<ItemField>),
    Total(Name, Pos),
    Info(Name, Vec<(Name, bool)>),
}

struct ItemField {
    key: Name,
    pos: Pos,
    /// `__typename`: this type's name.
    typename: Option<Name>,
    data_key: String,
    shape: Shape,
    /// A reference's selection.
    sub: Vec<ItemField>,
}

/// The plan of `doc`, if it is one the walk answers as the executor would.
pub fn plan(model: &Model, doc: &ExecutableDocument) -> Option<Plan> {
    if !doc.fragments.is_empty() {
        return None;
    }
    let DocumentOperations::Single(op) = &doc.operations else {
        return None;
    };
    let op = &op.node;
    if op.ty != OperationType::Query
        || !op.variable_definitions.is_empty()
        || !op.directives.is_empty()
    {
        return None;
    }
    let mut roots = Vec::new();
    for (f, pos) in fields(&op.selection_set.node)? {
        let t = model.lists.get(f.name.node.as_str())?;
        let item = model.types.get(t)?;
        let mut args: [Option<Gql>; 4] = Default::default();
        for (name, value) in &f.arguments {
            let at = ["filter", "sort", "first", "after"]
                .iter()
                .position(|a| *a == name.node.as_str())?;
            if args[at].is_some() {
                return None;
            }
            args[at] = Some(value.node.clone().into_const()?);
        }
        let mut page = Vec::new();
        let mut total = false;
        for (pf, pf_pos) in fields(&f.selection_set.node)? {
            if !pf.arguments.is_empty() {
                return None;
            }
            let key = pf.name.node.clone();
            page.push(match key.as_str() {
                "__typename" => PageField::Typename(Name::new(format!("{t}_Page"))),
                "items" => PageField::Items(key, item_fields(model, t, &pf.selection_set.node)?),
                "totalCount" => {
                    total = true;
                    PageField::Total(key, pf_pos)
                }
                "pageInfo" => {
                    let mut info = Vec::new();
                    for (i, _) in fields(&pf.selection_set.node)? {
                        let has_next = match i.name.node.as_str() {
                            "hasNextPage" => true,
                            "endCursor" => false,
                            _ => return None,
                        };
                        if !i.arguments.is_empty() {
                            return None;
                        }
                        info.push((i.name.node.clone(), has_next));
                    }
                    PageField::Info(key, info)
                }
                _ => return None,
            });
        }
        roots.push(Root {
            key: f.name.node.clone(),
            pos,
            collection: item.collection.clone(),
            args,
            total,
            page,
        });
    }
    Some(Plan(roots))
}

/// The fields of a selection set made only of distinct, unaliased, undirected fields, with
/// where each is (errors name it).
fn fields(set: &SelectionSet) -> Option<Vec<(&Field, Pos)>> {
    let mut list: Vec<(&Field, Pos)> = Vec::with_capacity(set.items.len());
    for s in &set.items {
        let Selection::Field(f) = &s.node else {
            return None;
        };
        let (f, pos) = (&f.node, f.pos);
        if f.alias.is_some()
            || !f.directives.is_empty()
            || list.iter().any(|(g, _)| g.name.node == f.name.node)
        {
            return None;
        }
        list.push((f, pos));
    }
    Some(list)
}

fn item_fields(model: &Model, t: &str, set: &SelectionSet) -> Option<Vec<ItemField>> {
    let item = model.types.get(t)?;
    let mut out = Vec::new();
    for (f, pos) in fields(set)? {
        if !f.arguments.is_empty() {
            return None;
        }
        let key = f.name.node.clone();
        if key == "__typename" {
            out.push(ItemField {
                key,
                pos,
                typename: Some(Name::new(t)),
                data_key: String::new(),
                shape: Shape::Text,
                sub: Vec::new(),
            });
            continue;
        }
        let (data_key, shape) = item.fields.get(key.as_str())?;
        let sub = match shape {
            Shape::Reference(target) | Shape::References(target) => {
                item_fields(model, target, &f.selection_set.node)?
            }
            _ => Vec::new(),
        };
        out.push(ItemField {
            key,
            pos,
            typename: None,
            data_key: data_key.clone(),
            shape: shape.clone(),
            sub,
        });
    }
    Some(out)
}

/// A place in the answer, for the errors the executor gives a path.
#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

fn path_of(path: &[Seg<'_>], last: &str) -> Vec<PathSegment> {
    let mut p: Vec<PathSegment> = path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => PathSegment::Field((*k).to_string()),
            Seg::Index(i) => PathSegment::Index(*i),
        })
        .collect();
    p.push(PathSegment::Field(last.to_string()));
    p
}

/// The executor's error for a non-null field without a value.
fn missing(pos: Pos, path: &[Seg<'_>], key: &str) -> ServerError {
    let mut e = ServerError::new("internal: non-null types require a return value", Some(pos));
    e.path = path_of(path, key);
    e
}

struct Run<'a> {
    call: &'a Call,
    errors: std::sync::Mutex<Vec<ServerError>>,
}

impl Run<'_> {
    fn error(&self, e: ServerError) {
        self.errors.lock().expect("errors lock").push(e);
    }
}

impl Plan {
    async fn run(&self, call: &Call) -> Response {
        let run = Run {
            call,
            errors: Default::default(),
        };
        let mut data = IndexMap::new();
        for root in &self.0 {
            match root.run(&run).await {
                Ok(v) => {
                    data.insert(root.key.clone(), v);
                }
                Err(e) => run.error(e.into_server_error(root.pos)),
            }
        }
        let mut response = Response::new(object(data));
        response.errors = run.errors.into_inner().expect("errors lock");
        response
    }
}

/// An object as the executor answers it: null when none of its fields resolved.
fn object(fields: IndexMap<Name, Gql>) -> Gql {
    match fields.is_empty() {
        true => Gql::Null,
        false => Gql::Object(fields),
    }
}

impl Root {
    async fn run(&self, run: &Run<'_>) -> async_graphql::Result<Gql> {
        let [filter, sort, first, after] = &self.args;
        let args = schema::list_args(
            filter.as_ref(),
            sort.as_ref(),
            first.as_ref(),
            after.as_ref(),
            self.total,
        )?;
        let page = resolve::list(run.call, &self.collection, args).await?;
        let path = [Seg::Key(self.key.as_str())];
        let mut out = IndexMap::new();
        for f in &self.page {
            match f {
                PageField::Typename(t) => {
                    out.insert(Name::new("__typename"), Gql::String(t.to_string()));
                }
                PageField::Items(key, fields) => {
                    let mut items = Vec::with_capacity(page.batch.items.len());
                    let mut path = path.to_vec();
                    path.push(Seg::Key(key.as_str()));
                    for (i, node) in page.batch.nodes().enumerate() {
                        path.push(Seg::Index(i));
                        items.push(item(run, &node, fields, &path).await);
                        path.pop();
                    }
                    out.insert(key.clone(), Gql::List(items));
                }
                PageField::Total(key, pos) => match page.total {
                    Some(n) => {
                        out.insert(key.clone(), Gql::from(n as i64));
                    }
                    None => run.error(missing(*pos, &path, key)),
                },
                PageField::Info(key, info) => {
                    out.insert(key.clone(), page_info(&page, info));
                }
            }
        }
        Ok(object(out))
    }
}

fn page_info(page: &Page, info: &[(Name, bool)]) -> Gql {
    let mut out = IndexMap::new();
    for (key, has_next) in info {
        let v = match has_next {
            true => Gql::Boolean(page.has_next),
            false => page.end_cursor.clone().map_or(Gql::Null, Gql::String),
        };
        out.insert(key.clone(), v);
    }
    object(out)
}

/// One item's selected fields, in order; a field that fails is left out with its error, as
/// the executor does.
fn item<'a>(
    run: &'a Run<'_>,
    node: &'a Node,
    fields: &'a [ItemField],
    path: &'a [Seg<'a>],
) -> BoxFuture<'a, Gql> {
    async move {
        let c = &node.batch.collection;
        let mut out = IndexMap::with_capacity(fields.len());
        for f in fields {
            if let Some(t) = &f.typename {
                out.insert(f.key.clone(), Gql::String(t.to_string()));
                continue;
            }
            let value = match &f.shape {
                Shape::Reference(_) | Shape::References(_) => {
                    let many = matches!(f.shape, Shape::References(_));
                    match node.linked(run.call, &f.data_key).await {
                        Err(e) => Err(e),
                        Ok(nodes) => {
                            let mut path = path.to_vec();
                            path.push(Seg::Key(f.key.as_str()));
                            if many {
                                let mut list = Vec::with_capacity(nodes.len());
                                for (i, n) in nodes.iter().enumerate() {
                                    path.push(Seg::Index(i));
                                    list.push(item(run, n, &f.sub, &path).await);
                                    path.pop();
                                }
                                Ok(Some(Gql::List(list)))
                            } else {
                                match nodes.first() {
                                    Some(n) => Ok(Some(item(run, n, &f.sub, &path).await)),
                                    None => Ok(None),
                                }
                            }
                        }
                    }
                }
                shape => schema::plain(c, &f.data_key, shape, node.data().get(&f.data_key)),
            };
            match value {
                Ok(Some(v)) => {
                    out.insert(f.key.clone(), v);
                }
                // `_id` is the one non-null field.
                Ok(None) if f.data_key == "_id" => run.error(missing(f.pos, path, &f.key)),
                Ok(None) => {
                    out.insert(f.key.clone(), Gql::Null);
                }
                Err(e) => run.error(e.into_server_error(f.pos)),
            }
        }
        object(out)
    }
    .boxed()
}

/// The extension that answers a planned query (the request's data holds its `Plan`) in
/// place of the executor, after async-graphql has parsed and validated it.
pub struct Fast;

impl ExtensionFactory for Fast {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Fast)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for Fast {
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        match (ctx.data_opt::<Plan>(), ctx.data_opt::<Arc<Call>>()) {
            (Some(plan), Some(call)) => plan.run(call).await,
            _ => next.run(ctx, operation_name).await,
        }
    }
}
