//! Data hooks: exports of the site's published `backend/data.js` named
//! `<Collection>_<hook>` (`Books_beforeInsert(item, context)`, …) run around every data call,
//! whether it comes from REST, the SDK or site code, as on Wix. `suppressHooks` from code
//! skips them.

use std::sync::Arc;

use serde_json::{Map, Value, json};
use tessera_core::{
    data::{Collection, DataCaller, Item, item},
    sites::Role,
};
use tessera_jsrt::{RunError, SiteCode};

use super::DataContext;
use crate::{
    Platform,
    error::{WixCode, WixError, WixResult},
    host::SiteHost,
};

const DATA_JS: &str = "backend/data.js";

/// What a query hook may change.
pub struct QueryParts {
    pub filter: Value,
    pub sort: Value,
    pub limit: u64,
    pub skip: u64,
}

/// The hooks of one collection for one call.
pub struct Hooks<'a> {
    state: &'a Platform,
    ctx: &'a DataContext,
    collection: &'a Collection,
    code: Option<Arc<SiteCode>>,
}

impl<'a> Hooks<'a> {
    pub async fn of(
        state: &'a Platform,
        ctx: &'a DataContext,
        collection: &'a Collection,
    ) -> WixResult<Self> {
        let code = if ctx.suppress_hooks {
            None
        } else {
            crate::code::published_code(state, ctx.site.id)
                .await?
                .filter(|c| c.has(DATA_JS))
        };
        Ok(Self {
            state,
            ctx,
            collection,
            code,
        })
    }

    /// Whether `data.js` can hold this hook: its name appears in the file. Calls for hooks
    /// that do not exist stay free.
    fn defines(&self, hook: &str) -> Option<(&Arc<SiteCode>, String)> {
        let code = self.code.as_ref()?;
        let name = format!("{}_{hook}", self.collection.id);
        code.files[DATA_JS].contains(&name).then_some((code, name))
    }

    fn context(&self, current: Option<&Item>) -> Value {
        let role = match &self.ctx.caller {
            DataCaller::Visitor => "visitor",
            DataCaller::Member { .. } => "siteMember",
            DataCaller::Collaborator {
                role: Role::Owner, ..
            } => "siteOwner",
            DataCaller::Collaborator { .. } | DataCaller::Code { .. } => "admin",
        };
        let mut context = json!({
            "collectionName": self.collection.id,
            "userId": self.ctx.caller.owner_id(),
            "userRole": role,
        });
        if let Some(current) = current {
            context["currentItem"] = Value::Object(current.to_wix(&[]));
        }
        context
    }

    /// Runs `hook` with `value`; `None` when the site defines no such hook.
    async fn run(
        &self,
        hook: &str,
        value: Value,
        current: Option<&Item>,
    ) -> WixResult<Option<Value>> {
        let Some((code, name)) = self.defines(hook) else {
            return Ok(None);
        };
        let source = format!("hook {name}");
        let host =
            SiteHost::for_caller(self.state, &self.ctx.site, self.ctx.caller.clone(), &source);
        let outcome = self
            .state
            .engine()
            .call_export(
                &self.ctx.site.id.to_string(),
                code,
                host,
                (DATA_JS, &name),
                &[value, self.context(current)],
            )
            .await;
        crate::code::log_outcome(self.state, &self.ctx.site, &source, None, &outcome).await;
        let error = match outcome.result {
            Ok(v) => return Ok(Some(v)),
            Err(RunError::NotFound(_)) => return Ok(None),
            Err(RunError::Thrown { message, .. }) => {
                WixError::new(WixCode::HookThrew, format!("{name}: {message}"))
            }
            Err(e) => WixError::new(WixCode::HookFailed, format!("{name}: {e}")),
        };
        if hook != "onFailure" {
            self.on_failure(&error).await;
        }
        Err(error)
    }

    /// `onFailure(error, context)`: told of a failed call (a hook that threw, or a write
    /// refused); what it returns or throws changes nothing.
    pub async fn on_failure(&self, error: &WixError) {
        let error = json!({ "message": error.description(), "code": error.code().as_str() });
        let _ = Box::pin(self.run("onFailure", error, None)).await;
    }

    /// Passes `result` through, telling `onFailure` when it is an error.
    pub async fn reported<T>(&self, result: WixResult<T>) -> WixResult<T> {
        if let Err(e) = &result
            && !matches!(e.code(), WixCode::HookThrew | WixCode::HookFailed)
        {
            self.on_failure(e).await;
        }
        result
    }

    /// `before<Insert|Update>`: the item the hook returns is written instead (checked again
    /// against the collection's types); any other return value is ignored.
    pub async fn before_write(
        &self,
        hook: &str,
        item: Item,
        current: Option<&Item>,
    ) -> WixResult<Item> {
        match self
            .run(hook, Value::Object(item.to_wix(&[])), current)
            .await?
        {
            Some(Value::Object(data)) => Ok(Item {
                data: item::prepare(self.collection, data)?,
                ..item
            }),
            _ => Ok(item),
        }
    }

    /// `after<Insert|Update|Remove|Get|Query>`: the item as the caller sees it.
    pub async fn after_item(&self, hook: &str, item: &Item) -> WixResult<Map<String, Value>> {
        let view = item.to_wix(&[]);
        match self.run(hook, Value::Object(view.clone()), None).await? {
            Some(Value::Object(data)) => Ok(data),
            _ => Ok(view),
        }
    }

    /// `before<Remove|Get>`: the id to use instead, when the hook returns a string.
    pub async fn before_id(
        &self,
        hook: &str,
        id: String,
        current: Option<&Item>,
    ) -> WixResult<String> {
        match self.run(hook, Value::String(id.clone()), current).await? {
            Some(Value::String(other)) => Ok(other),
            _ => Ok(id),
        }
    }

    /// `beforeQuery` / `beforeCount`: the query (filter, sort, limit, skip) to run instead,
    /// when the hook returns a WixDataQuery.
    pub async fn before_query(&self, hook: &str, query: QueryParts) -> WixResult<QueryParts> {
        // What the caller sent is checked first: a hook that rewrites the query must not turn
        // bad input into an answer.
        tessera_core::data::query::parse_filter(&query.filter)?;
        tessera_core::data::query::parse_sort(&query.sort)?;
        let wire = json!({ "$wixDataQuery": {
            "collection": self.collection.id,
            "filter": query.filter, "sort": query.sort, "limit": query.limit, "skip": query.skip,
        } });
        match self.run(hook, wire, None).await? {
            Some(Value::Object(mut m)) if m.contains_key("$wixDataQuery") => {
                let q = m.remove("$wixDataQuery").unwrap_or_default();
                Ok(QueryParts {
                    filter: q["filter"].clone(),
                    sort: q["sort"].clone(),
                    limit: q["limit"].as_u64().unwrap_or(query.limit),
                    skip: q["skip"].as_u64().unwrap_or(query.skip),
                })
            }
            _ => Ok(query),
        }
    }

    /// `afterCount`: the number to answer, when the hook returns one.
    pub async fn after_count(&self, count: u64) -> WixResult<u64> {
        match self.run("afterCount", json!(count), None).await? {
            Some(Value::Number(n)) => Ok(n.as_u64().unwrap_or(count)),
            _ => Ok(count),
        }
    }

    /// Whether any hook with this name may exist (callers skip work for the usual case).
    pub fn may_run(&self, hook: &str) -> bool {
        self.defines(hook).is_some()
    }

    /// `filter` as the collection's `beforeQuery` hook narrows it, for reads that are not
    /// queries (distinct values, aggregations): rows a site hides with the hook stay hidden
    /// on every read path.
    pub async fn query_filter(&self, filter: Value) -> WixResult<Value> {
        if !self.may_run("beforeQuery") {
            return Ok(filter);
        }
        let parts = QueryParts {
            filter,
            sort: Value::Array(Vec::new()),
            limit: u64::from(tessera_core::data::query::DEFAULT_LIMIT),
            skip: 0,
        };
        Ok(self.before_query("beforeQuery", parts).await?.filter)
    }
}
