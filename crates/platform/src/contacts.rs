//! The site's CRM: contacts in the system collection `Contacts/Contacts`, one per email
//! address (members, form senders and, later, customers merge into the same contact), and
//! their timeline in `Contacts/Activities` (joined, form submitted, email sent, notes).

use serde_json::{Map, Value, json};
use tessera_core::{
    Error, Result,
    data::{
        AccessLevel, Collection, Field, FieldType, Filter, Index, Item, Op, Permissions, Query,
        query::{Literal, Operand},
    },
    events::{Event, ItemChange, ItemEvent},
    members::Member,
    now_millis,
    sites::Site,
};

use crate::{Platform, time};

pub const CONTACTS: &str = "Contacts/Contacts";
pub const ACTIVITIES: &str = "Contacts/Activities";

/// What is known about a person from one source; empty fields add nothing.
#[derive(Default)]
pub struct ContactInput {
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub labels: Vec<String>,
    pub member_id: Option<String>,
    /// The id a new contact gets (a member's contact has the member's id); fresh if none.
    pub id: Option<String>,
    /// `MEMBER`, `FORM`, `ADMIN`, `IMPORT`.
    pub source: &'static str,
}

fn admin_only() -> Permissions {
    Permissions {
        read: AccessLevel::CmsEditor,
        insert: AccessLevel::CmsEditor,
        update: AccessLevel::CmsEditor,
        remove: AccessLevel::CmsEditor,
        member_roles: Vec::new(),
    }
}

/// The system collection `c` as stored, creating it the first time.
pub async fn ensure(state: &Platform, c: Collection) -> Result<Collection> {
    let store = state.store();
    if let Some(found) = store.collection(c.site_id, &c.id).await? {
        return Ok(found);
    }
    match store.create_collection(&c).await {
        Ok(()) | Err(Error::Conflict { .. }) => Ok(c),
        Err(e) => Err(e),
    }
}

/// A system collection only the site's collaborators may read and write.
pub fn system_collection(site: &Site, id: &str, name: &str, fields: Vec<Field>) -> Collection {
    let now = now_millis();
    Collection {
        site_id: site.id,
        id: id.into(),
        display_name: name.into(),
        display_field: fields.first().map(|f| f.key.clone()),
        fields,
        permissions: admin_only(),
        indexes: Vec::new(),
        revision: 1,
        created_at: now,
        updated_at: now,
        show_drafts: false,
    }
}

pub async fn contacts_collection(state: &Platform, site: &Site) -> Result<Collection> {
    let mut c = system_collection(
        site,
        CONTACTS,
        "Contacts",
        vec![
            Field::new("email", FieldType::Text),
            Field::new("firstName", FieldType::Text),
            Field::new("lastName", FieldType::Text),
            Field::new("phone", FieldType::Text),
            Field::new("company", FieldType::Text),
            Field::new("labels", FieldType::ArrayString),
            Field::new("memberId", FieldType::Text),
            Field::new("source", FieldType::Text),
            Field::new("lastActivityDate", FieldType::Datetime),
            Field::new("lastActivityType", FieldType::Text),
        ],
    );
    // One contact per address: concurrent sign-ups and form posts cannot make two.
    c.indexes = vec![Index {
        name: "by_email".into(),
        fields: vec!["email".into()],
        unique: true,
    }];
    ensure(state, c).await
}

pub async fn activities_collection(state: &Platform, site: &Site) -> Result<Collection> {
    let c = system_collection(
        site,
        ACTIVITIES,
        "Contact activities",
        vec![
            Field::new("contactId", FieldType::Text),
            Field::new("type", FieldType::Text),
            Field::new("title", FieldType::Text),
            Field::new("details", FieldType::Object),
        ],
    );
    ensure(state, c).await
}

fn eq(field: &str, value: &str) -> Filter {
    Filter::Cmp {
        field: field.into(),
        op: Op::Eq,
        operand: Operand::One(Literal::Text(value.into())),
    }
}

/// The contact with this email, if the site has one; a lookup never creates the collection.
pub async fn contact_by_email(state: &Platform, site: &Site, email: &str) -> Result<Option<Item>> {
    match state.store().collection(site.id, CONTACTS).await? {
        Some(c) => find_by_email(state, &c, email).await,
        None => Ok(None),
    }
}

pub async fn find_by_email(state: &Platform, c: &Collection, email: &str) -> Result<Option<Item>> {
    let query = Query {
        filter: eq("email", email),
        limit: 1,
        ..Query::default()
    };
    Ok(state
        .store()
        .query_items(c, &query)
        .await?
        .into_iter()
        .next())
}

fn publish(state: &Platform, site: &Site, collection: &str, item: &Item, change: ItemChange) {
    state.events().publish(Event::Item(ItemEvent {
        site_id: site.id,
        collection_id: collection.into(),
        item_id: item.id.clone(),
        change,
        before: None,
        after: Some(item.data.clone()),
    }));
}

/// Wix's contact object.
pub fn contact_view(item: &Item) -> Value {
    let text = |k: &str| item.data.get(k).and_then(Value::as_str).map(str::to_string);
    let mut info = json!({
        "name": { "first": text("firstName"), "last": text("lastName") },
        "emails": { "items": text("email").map(|e| vec![json!({"tag": "MAIN", "email": e, "primary": true})]).unwrap_or_default() },
        "phones": { "items": text("phone").map(|p| vec![json!({"tag": "MAIN", "phone": p, "primary": true})]).unwrap_or_default() },
        "labelKeys": { "items": item.data.get("labels").cloned().unwrap_or(json!([])) },
    });
    if let Some(company) = text("company") {
        info["company"] = json!(company);
    }
    json!({
        "id": item.id,
        "revision": 1,
        "source": { "sourceType": text("source").unwrap_or_else(|| "OTHER".into()) },
        "createdDate": time(item.created_at),
        "updatedDate": time(item.updated_at),
        "lastActivity": {
            "activityDate": item.data.get("lastActivityDate").and_then(|d| d.get("$date")).cloned(),
            "activityType": text("lastActivityType"),
        },
        "primaryInfo": { "email": text("email"), "phone": text("phone") },
        "info": info,
        "memberId": text("memberId"),
    })
}

/// Fills a contact's empty fields from `input` and adds its labels; true when it changed.
pub fn merge_into(data: &mut Map<String, Value>, input: &ContactInput) -> bool {
    let mut changed = false;
    let mut fill = |key: &str, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty())
            && data
                .get(key)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        {
            data.insert(key.into(), json!(v));
            changed = true;
        }
    };
    fill("email", &input.email);
    fill("firstName", &input.first_name);
    fill("lastName", &input.last_name);
    fill("phone", &input.phone);
    fill("company", &input.company);
    fill("memberId", &input.member_id);
    let labels = data.entry("labels").or_insert_with(|| json!([]));
    if let Some(list) = labels.as_array_mut() {
        for l in &input.labels {
            if !list.iter().any(|x| x.as_str() == Some(l)) {
                list.push(json!(l));
                changed = true;
            }
        }
    }
    changed
}

/// Sets the fields `input` gives, replacing what the contact had; the labels too when
/// `labels` says the caller sent a list (an empty one clears them).
pub fn overwrite(data: &mut Map<String, Value>, input: ContactInput, labels: bool) {
    for (key, value) in [
        ("email", input.email),
        ("firstName", input.first_name),
        ("lastName", input.last_name),
        ("phone", input.phone),
        ("company", input.company),
    ] {
        if let Some(v) = value {
            data.insert(key.into(), json!(v));
        }
    }
    if labels {
        data.insert("labels".into(), json!(input.labels));
    }
}

/// A contact's labels (its `labels` field's texts).
pub fn labels(item: &Item) -> Vec<String> {
    label_keys(item).map(str::to_string).collect()
}

fn label_keys(item: &Item) -> impl Iterator<Item = &str> {
    item.data
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Stores a changed contact and announces it, and each label it gained over `had` (the
/// labels it had when read: `labels`); None when it no longer exists. Conflict when its
/// email is another contact's.
pub async fn save(
    state: &Platform,
    site: &Site,
    mut item: Item,
    had: &[String],
) -> Result<Option<Item>> {
    let c = contacts_collection(state, site).await?;
    item.updated_at = now_millis();
    let Some(stored) = state.store().update_item(&c, &item, &Filter::All).await? else {
        return Ok(None);
    };
    publish(state, site, CONTACTS, &stored, ItemChange::Updated);
    announce(state, site, &stored, "wixCrm_onContactUpdated");
    announce_labels(state, site, &stored, had);
    Ok(Some(stored))
}

/// Creates the contact for `input`'s email, or merges `input` into the one that has it.
/// Returns the contact and whether it is new.
pub async fn upsert(state: &Platform, site: &Site, input: ContactInput) -> Result<(Item, bool)> {
    let c = contacts_collection(state, site).await?;
    let store = state.store();
    for _ in 0..2 {
        let existing = match &input.email {
            Some(e) => find_by_email(state, &c, e).await?,
            None => None,
        };
        if let Some(mut item) = existing {
            let had = labels(&item);
            if merge_into(&mut item.data, &input)
                && let Some(stored) = save(state, site, item.clone(), &had).await?
            {
                return Ok((stored, false));
            }
            return Ok((item, false));
        }
        let now = now_millis();
        let mut item = Item {
            id: input
                .id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
            owner: None,
            created_at: now,
            updated_at: now,
            data: Map::new(),
        };
        item.data.insert("source".into(), json!(input.source));
        merge_into(&mut item.data, &input);
        match store.insert_items(&c, std::slice::from_ref(&item)).await {
            Ok(_) => {
                publish(state, site, CONTACTS, &item, ItemChange::Inserted);
                announce(state, site, &item, "wixCrm_onContactCreated");
                announce_labels(state, site, &item, &[]);
                return Ok((item, true));
            }
            // Someone else just created the contact for this email: merge into theirs.
            Err(Error::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::internal("contact upsert kept conflicting"))
}

fn announce(state: &Platform, site: &Site, item: &Item, handler: &'static str) {
    state.events().publish(Event::App {
        site_id: site.id,
        handler,
        payload: crate::backend_events::event_payload(&item.id, velo_contact(item)),
    });
}

/// `wixCrm_onContactLabelAdded` once for each label `item` has and `had` has not: the
/// contact's event payload with the label as `labelKey`.
fn announce_labels(state: &Platform, site: &Site, item: &Item, had: &[String]) {
    let mut told: Vec<&str> = Vec::new();
    for key in label_keys(item) {
        if had.iter().any(|h| h == key) || told.contains(&key) {
            continue;
        }
        told.push(key);
        let mut payload = crate::backend_events::event_payload(&item.id, velo_contact(item));
        payload["labelKey"] = json!(key);
        state.events().publish(Event::App {
            site_id: site.id,
            handler: "wixCrm_onContactLabelAdded",
            payload,
        });
    }
}

/// Adds an entry to a contact's timeline and marks it as the contact's last activity.
pub async fn add_activity(
    state: &Platform,
    site: &Site,
    contact: &Item,
    kind: &str,
    title: &str,
    details: Value,
) -> Result<()> {
    let activities = activities_collection(state, site).await?;
    let now = now_millis();
    let item = Item {
        id: uuid::Uuid::now_v7().to_string(),
        owner: None,
        created_at: now,
        updated_at: now,
        data: json!({ "contactId": contact.id, "type": kind, "title": title, "details": details })
            .as_object()
            .cloned()
            .unwrap_or_default(),
    };
    state
        .store()
        .insert_items(&activities, std::slice::from_ref(&item))
        .await?;
    publish(state, site, ACTIVITIES, &item, ItemChange::Inserted);
    let contacts = contacts_collection(state, site).await?;
    let mut contact = contact.clone();
    contact
        .data
        .insert("lastActivityDate".into(), json!({ "$date": time(now) }));
    contact.data.insert("lastActivityType".into(), json!(kind));
    contact.updated_at = now;
    if let Some(stored) = state
        .store()
        .update_item(&contacts, &contact, &Filter::All)
        .await?
    {
        publish(state, site, CONTACTS, &stored, ItemChange::Updated);
    }
    Ok(())
}

/// Gives a new member their contact and stores the link. As on Wix, a member's id is their
/// contact's id (site code passes one where the other is expected): a contact that has the
/// member's email and belongs to no member yet (a form sender's, say) becomes theirs and the
/// member takes its id; otherwise a new contact gets the member's id. Call it before
/// anything else refers to the member.
pub async fn link_member(state: &Platform, site: &Site, mut member: Member) -> Result<Member> {
    let c = contacts_collection(state, site).await?;
    let existing = find_by_email(state, &c, &member.email).await?;
    let claimed = existing.as_ref().is_some_and(|item| {
        item.data
            .get("memberId")
            .and_then(Value::as_str)
            .is_some_and(|m| !m.is_empty() && m != member.id)
    });
    if let Some(contact) = existing.as_ref().filter(|_| !claimed)
        && contact.id != member.id
    {
        state
            .store()
            .change_member_id(site.id, &member.id, &contact.id)
            .await?;
        member.id = contact.id.clone();
    }
    let (contact, _) = upsert(
        state,
        site,
        ContactInput {
            // Another member's contact keeps this address (that member changed their login
            // email since): this member's contact goes without it rather than share one.
            email: (!claimed).then(|| member.email.clone()),
            first_name: member.profile_text("firstName").map(str::to_string),
            last_name: member.profile_text("lastName").map(str::to_string),
            member_id: Some(member.id.clone()),
            id: Some(member.id.clone()),
            source: "MEMBER",
            ..ContactInput::default()
        },
    )
    .await?;
    add_activity(
        state,
        site,
        &contact,
        "MEMBER_JOINED",
        "Joined the site",
        json!({}),
    )
    .await?;
    member.contact_id = Some(contact.id);
    state.store().update_member(&member).await?;
    Ok(member)
}

/// Copies a member's changed names into their contact.
pub async fn update_from_member(state: &Platform, site: &Site, member: &Member) -> Result<()> {
    let Some(id) = &member.contact_id else {
        return Ok(());
    };
    let c = contacts_collection(state, site).await?;
    let Some(mut item) = state.store().item(&c, id).await? else {
        return Ok(());
    };
    for key in ["firstName", "lastName"] {
        match member.profile_text(key) {
            Some(v) => item.data.insert(key.into(), json!(v)),
            None => item.data.remove(key),
        };
    }
    item.updated_at = now_millis();
    if let Some(stored) = state.store().update_item(&c, &item, &Filter::All).await? {
        publish(state, site, CONTACTS, &stored, ItemChange::Updated);
    }
    Ok(())
}

/// Deletes a contact and its timeline.
pub async fn delete_contact(state: &Platform, site: &Site, id: &str) -> Result<bool> {
    let c = contacts_collection(state, site).await?;
    let store = state.store();
    let Some(item) = store.remove_item(&c, id, &Filter::All).await? else {
        return Ok(false);
    };
    state.events().publish(Event::Item(ItemEvent {
        site_id: site.id,
        collection_id: CONTACTS.into(),
        item_id: item.id.clone(),
        change: ItemChange::Removed,
        before: Some(item.data.clone()),
        after: None,
    }));
    announce(state, site, &item, "wixCrm_onContactDeleted");
    let activities = activities_collection(state, site).await?;
    let timeline = store
        .query_items(
            &activities,
            &Query {
                filter: eq("contactId", id),
                limit: 1000,
                ..Query::default()
            },
        )
        .await?;
    for a in timeline {
        store.remove_item(&activities, &a.id, &Filter::All).await?;
    }
    Ok(true)
}

/// A contact's timeline, newest first.
pub async fn activities(state: &Platform, site: &Site, id: &str) -> Result<Vec<Item>> {
    let activities = activities_collection(state, site).await?;
    state
        .store()
        .query_items(
            &activities,
            &Query {
                filter: eq("contactId", id),
                // Ids are UUIDv7: within one millisecond they keep the order of writing.
                sort: vec![
                    tessera_core::data::Sort {
                        field: "_createdDate".into(),
                        order: tessera_core::data::SortOrder::Desc,
                    },
                    tessera_core::data::Sort {
                        field: "_id".into(),
                        order: tessera_core::data::SortOrder::Desc,
                    },
                ],
                limit: 1000,
                ..Query::default()
            },
        )
        .await
}

/// A contact as Velo's `wix-crm-backend` shows it: `_id`, underscored dates, and plain
/// arrays where the REST shape has `{items: […]}`.
pub fn velo_contact(item: &Item) -> Value {
    let mut v = contact_view(item);
    v["_id"] = json!(item.id);
    v["_createdDate"] = v["createdDate"].take();
    v["_updatedDate"] = v["updatedDate"].take();
    for list in ["emails", "phones", "labelKeys"] {
        let items = v["info"][list]["items"].take();
        v["info"][list] = items;
    }
    if let Some(o) = v.as_object_mut() {
        o.remove("createdDate");
        o.remove("updatedDate");
    }
    v
}
