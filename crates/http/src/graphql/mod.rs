//! `POST /graphql`: the site's collections over GraphQL (`async-graphql`'s dynamic schema).
//!
//! The schema is generated from the site's collection schemas (`schema.rs`), remembered per
//! site and made again when a collection's revision changes, which every request checks
//! with one read of the collection list (so a change on any node shows at once). The
//! resolvers call the same platform use cases as REST (`resolve.rs`), as the same caller
//! (`Ctx`: visitor, member session, account or API key; the site from the host, or from
//! `wix-site-id` or `?site=` on the dashboard host), so the access rules, hooks and events
//! are REST's. The business solutions' records (`business.rs`) are read by their REST lists'
//! own code.

mod business;
mod fast;
mod names;
mod resolve;
mod schema;

use std::{
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

use async_graphql::{
    dynamic::Schema,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};
use axum::{
    body::Bytes,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde_json::json;
use tessera_core::{data::Collection, ids::SiteId};

use crate::{
    AppState,
    compat::{Ctx, WixResult},
};

pub use schema::{MAX_COMPLEXITY, MAX_DEPTH};

/// A site's schema with the fingerprint of its collections, and its model.
type Kept = (u64, Schema, Arc<fast::Model>);

/// Schemas remembered per site, with the fingerprint of the collections they were made from
/// and the model the fast walk plans with.
pub struct Schemas {
    kept: Mutex<HashMap<SiteId, Kept>>,
    /// Whether planned queries take the fast walk (tests compare it with the executor).
    fast: AtomicBool,
}

impl Default for Schemas {
    fn default() -> Self {
        Self {
            kept: Mutex::default(),
            fast: AtomicBool::new(true),
        }
    }
}

/// Sites whose schemas are kept at most.
const KEPT: usize = 1000;

/// The collections' ids and revisions: what a schema depends on.
fn fingerprint(collections: &[Collection]) -> u64 {
    let mut h = DefaultHasher::new();
    for c in collections {
        (&c.id, c.revision, c.updated_at).hash(&mut h);
    }
    h.finish()
}

impl Schemas {
    /// The site's schema for its current collections, and its model.
    fn of(
        &self,
        p: &tessera_platform::Platform,
        site: SiteId,
        collections: Vec<Collection>,
    ) -> Result<(Schema, Arc<fast::Model>), String> {
        let print = fingerprint(&collections);
        if let Some((p, schema, model)) = self.kept.lock().expect("schemas lock").get(&site)
            && *p == print
        {
            return Ok((schema.clone(), model.clone()));
        }
        let (schema, model) =
            schema::build(collections, &business::available(p)).map_err(|e| e.0)?;
        let model = Arc::new(model);
        let mut kept = self.kept.lock().expect("schemas lock");
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(site, (print, schema.clone(), model.clone()));
        Ok((schema, model))
    }

    /// Turns the fast walk of planned queries on or off (on unless turned off): tests
    /// compare its answers with the executor's.
    pub(crate) fn set_fast(&self, on: bool) {
        self.fast.store(on, Ordering::Relaxed);
    }
}

/// GraphQL's answer to a request it could not take at all.
fn refused(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(json!({ "errors": [{ "message": message.into() }] })),
    )
        .into_response()
}

/// The limit errors of async-graphql, said with the limits.
fn explain(message: &str) -> Option<String> {
    match message {
        "Query is too complex." => Some(format!(
            "the query is too complex: it may select at most {MAX_COMPLEXITY} fields (fragments counted where they are spread)"
        )),
        _ => None,
    }
}

/// How deep a query's fields nest, the schema's own fields (`__schema`, `__type`) not
/// counted: the introspection query of GraphiQL and code generators nests 13 levels, and
/// must pass where a data query that deep does not.
fn depth(doc: &ExecutableDocument) -> usize {
    fn of(set: &SelectionSet, doc: &ExecutableDocument, within: &mut Vec<String>) -> usize {
        let deepest = set.items.iter().map(|item| match &item.node {
            Selection::Field(f) if f.node.name.node.starts_with("__") => 0,
            Selection::Field(f) => 1 + of(&f.node.selection_set.node, doc, within),
            Selection::InlineFragment(i) => of(&i.node.selection_set.node, doc, within),
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.to_string();
                // A fragment that spreads itself is refused by validation later.
                match doc.fragments.get(name.as_str()) {
                    Some(f) if !within.contains(&name) => {
                        within.push(name);
                        let d = of(&f.node.selection_set.node, doc, within);
                        within.pop();
                        d
                    }
                    _ => 0,
                }
            }
        });
        deepest.max().unwrap_or(0)
    }
    doc.operations
        .iter()
        .map(|(_, op)| of(&op.node.selection_set.node, doc, &mut Vec::new()))
        .max()
        .unwrap_or(0)
}

pub async fn post(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    body: Bytes,
) -> WixResult<Response> {
    let mut request: async_graphql::Request = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return Ok(refused(format!(
                "the body must be a GraphQL request: {{\"query\": \"…\", \"variables\": {{…}}}} ({e})"
            )));
        }
    };
    // Parsed once: async-graphql takes this document rather than parse the text again.
    let doc = request.parsed_query().ok();
    if doc.is_some_and(|doc| depth(doc) > MAX_DEPTH) {
        let message = format!("the query is nested too deep: at most {MAX_DEPTH} levels of fields");
        return Ok(axum::Json(json!({ "errors": [{ "message": message }] })).into_response());
    }
    let collections = state.store().collections(ctx.site.id).await?;
    let schemas = state.graphql_schemas();
    let (schema, model) = match schemas.of(state.platform(), ctx.site.id, collections) {
        Ok(s) => s,
        Err(e) => {
            return Err(
                tessera_platform::WixError::from(tessera_core::Error::internal(format!(
                    "the GraphQL schema of site {}: {e}",
                    ctx.site.id
                )))
                .into(),
            );
        }
    };
    let plan = match (schemas.fast.load(Ordering::Relaxed), doc) {
        (true, Some(doc)) => fast::plan(&model, doc),
        _ => None,
    };
    if let Some(plan) = plan {
        request = request.data(plan);
    }
    let call = std::sync::Arc::new(resolve::Call::new(state.clone(), ctx));
    let mut response = schema.execute(request.data(call.clone())).await;
    for e in &mut response.errors {
        if let Some(m) = explain(&e.message) {
            e.message = m;
        }
    }
    response.extensions.insert(
        "dataCalls".into(),
        async_graphql::Value::from(call.data_calls()),
    );
    Ok(axum::Json(response).into_response())
}
