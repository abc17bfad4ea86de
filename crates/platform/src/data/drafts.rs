//! Item drafts, as Wix's publish plugin keeps them: a draft lives in the shadow collection
//! `<collection>__drafts` (same schema and permissions, made on first use) under the published
//! item's id. `items/create-draft` copies a published item there, `items/publish-draft`
//! replaces (or creates) the published item with the draft and deletes the draft, and
//! `items/unpublish` takes an item off the published collection, by default keeping it as a
//! draft. Drafts are edited with the ordinary item calls on the shadow collection.

use serde::Deserialize;
use serde_json::{Value, json};
use tessera_core::{
    Millis,
    data::{Action, Collection, DRAFTS_SUFFIX, Filter, Item},
    events::ItemChange,
    now_millis,
};

use super::{
    DataContext,
    collections::load,
    items::{allow, item_view, publish},
};
use crate::{
    Platform,
    error::{WixError, WixResult},
};

/// `publishPluginOptions` of an item request; `includeDraftItems` is the SDK's `showDrafts`.
#[derive(Deserialize, Default, Clone, Copy)]
#[serde(rename_all = "camelCase")]
pub struct PublishPluginOptions {
    #[serde(default)]
    pub include_draft_items: bool,
}

impl PublishPluginOptions {
    /// Collection `id` for a read. With drafts included, the read sees drafts in place of
    /// their published items.
    pub async fn reading(
        self,
        state: &Platform,
        ctx: &DataContext,
        id: &str,
    ) -> WixResult<Collection> {
        let c = load(state, ctx, id).await?;
        if !self.include_draft_items {
            return Ok(c);
        }
        may_use_drafts(ctx, &c)?;
        Ok(Collection {
            show_drafts: true,
            ..c
        })
    }

    /// Collection `id` for a write: its drafts shadow when drafts are included.
    pub async fn writing(
        self,
        state: &Platform,
        ctx: &DataContext,
        id: &str,
    ) -> WixResult<Collection> {
        let c = load(state, ctx, id).await?;
        if !self.include_draft_items || c.id.ends_with(DRAFTS_SUFFIX) {
            return Ok(c);
        }
        may_use_drafts(ctx, &c)?;
        shadow(state, &c).await
    }
}

/// Drafts are not for visitors: reading or writing them through `showDrafts` needs the
/// permission to update the collection.
fn may_use_drafts(ctx: &DataContext, c: &Collection) -> WixResult<()> {
    allow(ctx, c, Action::Update).map(|_| ()).map_err(|_| {
        WixError::denied(
            "publishPluginOptions.includeDraftItems (showDrafts): drafts need permission to update the collection",
        )
    })
}

/// The drafts shadow of `base`, made with `base`'s schema when it does not exist yet.
pub async fn shadow(state: &Platform, base: &Collection) -> WixResult<Collection> {
    let id = base.drafts_id();
    let store = state.store();
    if let Some(c) = store.collection(base.site_id, &id).await? {
        return Ok(c);
    }
    let c = schema_of(base, 1, now_millis());
    match store.create_collection(&c).await {
        // Another call made it first.
        Ok(()) | Err(tessera_core::Error::Conflict { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    store
        .collection(base.site_id, &id)
        .await?
        .ok_or_else(|| WixError::collection_not_found(&id))
}

/// Gives `base`'s drafts shadow, if it has one, `base`'s new schema.
pub async fn follow_schema(state: &Platform, base: &Collection) -> WixResult<()> {
    let store = state.store();
    let id = base.drafts_id();
    let Some(old) = store.collection(base.site_id, &id).await? else {
        return Ok(());
    };
    let new = schema_of(base, old.revision + 1, old.created_at);
    store.update_collection(&old, &new).await?;
    Ok(())
}

/// The drafts shadow's definition: `base`'s schema and permissions under the shadow's id.
fn schema_of(base: &Collection, revision: i64, created_at: Millis) -> Collection {
    Collection {
        id: base.drafts_id(),
        display_name: format!("{} (drafts)", base.display_name),
        revision,
        created_at,
        updated_at: now_millis(),
        ..base.clone()
    }
}

/// Deletes `base`'s drafts shadow with its drafts, if it has one.
pub async fn delete_shadow(state: &Platform, base: &Collection) -> WixResult<()> {
    let id = base.drafts_id();
    if state.store().collection(base.site_id, &id).await?.is_some() {
        state.store().delete_collection(base.site_id, &id).await?;
    }
    Ok(())
}

/// Inserts one item and announces it; WDE0074 when the id is taken.
async fn insert(state: &Platform, c: &Collection, item: &Item) -> WixResult<()> {
    let ids = state
        .store()
        .insert_items(c, std::slice::from_ref(item))
        .await?;
    if ids.is_empty() {
        return Err(WixError::item_exists(&c.id, &item.id));
    }
    publish(state, c, ItemChange::Inserted, None, Some(item));
    Ok(())
}

/// Writes `item` to `c` as the caller may: over the item with its id (which keeps its owner
/// and creation time), or as a new one; announces which it was.
async fn put(state: &Platform, ctx: &DataContext, c: &Collection, item: Item) -> WixResult<Item> {
    let store = state.store();
    let Some(before) = store.item(c, &item.id).await? else {
        allow(ctx, c, Action::Insert)?;
        insert(state, c, &item).await?;
        return Ok(item);
    };
    allow(ctx, c, Action::Update)?;
    let item = Item {
        owner: before.owner.clone(),
        created_at: before.created_at,
        ..item
    };
    let stored = store
        .update_item(c, &item, &Filter::All)
        .await?
        .ok_or_else(|| WixError::item_not_found(&c.id, &item.id))?;
    publish(state, c, ItemChange::Updated, Some(&before), Some(&stored));
    Ok(stored)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DraftRequest {
    data_collection_id: String,
    data_item_id: String,
    copy_to_draft: Option<bool>,
}

fn request(r: DraftRequest) -> WixResult<DraftRequest> {
    if r.data_collection_id.ends_with(DRAFTS_SUFFIX) {
        return Err(WixError::bad_request(
            "dataCollectionId: name the published collection, not its drafts",
        ));
    }
    Ok(r)
}

/// A published item's copy in the drafts shadow; WDE0074 when a draft exists already.
pub async fn create_draft(
    state: &Platform,
    ctx: &DataContext,
    r: DraftRequest,
) -> WixResult<Value> {
    let r = request(r)?;
    let base = load(state, ctx, &r.data_collection_id).await?;
    allow(ctx, &base, Action::Read)?;
    let drafts = shadow(state, &base).await?;
    allow(ctx, &drafts, Action::Insert)?;
    let store = state.store();
    let published = store
        .item(&base, &r.data_item_id)
        .await?
        .ok_or_else(|| WixError::item_not_found(&base.id, &r.data_item_id))?;
    let draft = Item {
        updated_at: now_millis(),
        ..published
    };
    insert(state, &drafts, &draft).await?;
    Ok(json!({ "dataItem": item_view(&drafts, &draft, &[]) }))
}

/// The draft's content becomes the published item (made if it does not exist); the draft goes.
pub async fn publish_draft(
    state: &Platform,
    ctx: &DataContext,
    r: DraftRequest,
) -> WixResult<Value> {
    let r = request(r)?;
    let base = load(state, ctx, &r.data_collection_id).await?;
    let drafts = shadow(state, &base).await?;
    allow(ctx, &drafts, Action::Remove)?;
    let store = state.store();
    let draft = store
        .item(&drafts, &r.data_item_id)
        .await?
        .ok_or_else(|| WixError::item_not_found(&drafts.id, &r.data_item_id))?;
    let item = Item {
        updated_at: now_millis(),
        ..draft.clone()
    };
    let item = put(state, ctx, &base, item).await?;
    if let Some(removed) = store.remove_item(&drafts, &draft.id, &Filter::All).await? {
        publish(state, &drafts, ItemChange::Removed, Some(&removed), None);
    }
    Ok(json!({ "dataItem": item_view(&base, &item, &[]) }))
}

/// Takes an item off the published collection; with `copyToDraft` (the default) its data is
/// kept as the item's draft, replacing any draft it had.
pub async fn unpublish(state: &Platform, ctx: &DataContext, r: DraftRequest) -> WixResult<Value> {
    let r = request(r)?;
    let base = load(state, ctx, &r.data_collection_id).await?;
    allow(ctx, &base, Action::Remove)?;
    // Checked before anything is removed, so a refusal changes nothing.
    let drafts = if r.copy_to_draft == Some(false) {
        None
    } else {
        let drafts = shadow(state, &base).await?;
        allow(ctx, &drafts, Action::Insert)?;
        allow(ctx, &drafts, Action::Update)?;
        Some(drafts)
    };
    let store = state.store();
    let published = store
        .remove_item(&base, &r.data_item_id, &Filter::All)
        .await?
        .ok_or_else(|| WixError::item_not_found(&base.id, &r.data_item_id))?;
    publish(state, &base, ItemChange::Removed, Some(&published), None);
    let Some(drafts) = drafts else {
        return Ok(json!({}));
    };
    let draft = Item {
        updated_at: now_millis(),
        ..published
    };
    let draft = put(state, ctx, &drafts, draft).await?;
    Ok(json!({ "dataItem": item_view(&drafts, &draft, &[]) }))
}
