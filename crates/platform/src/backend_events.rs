//! `backend/events.js`: the site's published handlers for events of the core event bus, by
//! Velo's `<app>_<event>` names. Data items: `wixData_onDataItemCreated`, `…Updated`,
//! `…Deleted`, each given `{metadata: {id, entityId, eventTime}, entity}` where `entity` is
//! the DataItem `{id, dataCollectionId, data}` (for deletions, the item as it was).
//! Handlers run after the write has been answered, as the site's admin; an event is handled
//! on the server node where it happened.

use serde_json::{Value, json};
use tessera_core::{
    data::DataCaller,
    events::{Event, ItemChange},
};

use crate::{
    Platform,
    code::{log_outcome, published_code},
    host::SiteHost,
};

const EVENTS_JS: &str = "backend/events.js";

/// Runs the site's handler for `event`, if it has one.
pub async fn dispatch(state: &Platform, event: &Event) -> tessera_core::Result<()> {
    let (site_id, handler, payload) = match event {
        Event::Item(e) => (e.site_id, item_handler(e.change), None),
        Event::App {
            site_id,
            handler,
            payload,
        } => (*site_id, *handler, Some(payload)),
        _ => return Ok(()),
    };
    let Some(code) = published_code(state, site_id).await? else {
        return Ok(());
    };
    // A handler's name must appear in the file; other events cost nothing.
    if !code
        .files
        .get(EVENTS_JS)
        .is_some_and(|f| f.contains(handler))
    {
        return Ok(());
    }
    let Some(site) = state.store().site(site_id).await? else {
        return Ok(());
    };
    let payload = match (event, payload) {
        (_, Some(p)) => p.clone(),
        (Event::Item(e), None) => {
            let data = e
                .after
                .clone()
                .or_else(|| e.before.clone())
                .map(Value::Object);
            event_payload(
                &e.item_id,
                json!({ "id": e.item_id, "dataCollectionId": e.collection_id, "data": data }),
            )
        }
        _ => return Ok(()),
    };
    let source = format!("event {handler}");
    let host = SiteHost::for_caller(state, &site, DataCaller::Code { member: None }, &source);
    let outcome = state
        .engine()
        .call_export(
            &site_id.to_string(),
            &code,
            host,
            (EVENTS_JS, handler),
            &[payload],
        )
        .await;
    log_outcome(state, &site, &source, None, &outcome).await;
    Ok(())
}

fn item_handler(change: ItemChange) -> &'static str {
    match change {
        ItemChange::Inserted => "wixData_onDataItemCreated",
        ItemChange::Updated => "wixData_onDataItemUpdated",
        ItemChange::Removed => "wixData_onDataItemDeleted",
    }
}

/// Velo's event shape: `{metadata: {id, entityId, eventTime}, entity}`.
pub fn event_payload(entity_id: &str, entity: Value) -> Value {
    json!({
        "metadata": {
            "id": uuid::Uuid::now_v7().to_string(),
            "entityId": entity_id,
            "eventTime": crate::time(tessera_core::now_millis()),
        },
        "entity": entity,
    })
}

/// Handles the bus's events one after another until the process ends.
pub fn spawn_dispatcher(state: Platform) -> tokio::task::JoinHandle<()> {
    let mut events = state.events().subscribe();
    tokio::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Err(e) = dispatch(&state, &event).await {
                        tracing::error!(error = %e, "backend event");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(
                        missed = n,
                        "backend events fell behind; some were not handled"
                    );
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    })
}
