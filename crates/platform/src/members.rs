//! Site members: sign-up and login, sessions, the emails members get (verification, password reset), their Wix-shaped JSON,
//! and `Members/PrivateMembersData`, the system collection that mirrors them so they can be
//! queried, hooked and permission-checked like any collection.

use serde_json::{Map, Value, json};
use tessera_core::{
    Error, ErrorCode, Result,
    data::{AccessLevel, Collection, DataCaller, Field, FieldType, Filter, Item, Permissions},
    events::{Event, ItemChange, ItemEvent},
    members::{
        MEMBER_SESSION_TTL_MILLIS, Member, MemberStatus, MemberTokenKind, SignupPolicy,
        check_password, normalize_email,
    },
    now_millis,
    secrets::{SecretKind, hash_secret, new_secret},
    sites::{Role, Site},
};

use crate::{
    Platform,
    code::host_error,
    mail::{self, Outgoing},
    passwords::{password_hash, password_matches},
    time,
};

pub const MEMBERS_COLLECTION: &str = "Members/PrivateMembersData";

/// The data caller for a request by `member` (or a visitor).
pub fn data_caller(member: Option<&Member>) -> DataCaller {
    match member {
        Some(m) => DataCaller::Member {
            id: m.id.clone(),
            roles: m.roles.clone(),
        },
        None => DataCaller::Visitor,
    }
}

/// Starts a session and returns its token: the member cookie's value.
pub async fn session_token(state: &Platform, member: &Member) -> Result<String> {
    let secret = new_secret(SecretKind::Member);
    let expires = now_millis() + MEMBER_SESSION_TTL_MILLIS;
    state
        .store()
        .create_member_session(member.site_id, &secret.hash, &member.id, expires)
        .await?;
    Ok(secret.plaintext)
}

/// Creates an approved member with `email` and `profile` and no usable password (they
/// choose one with "forgot password"), with their contact and mirror item. Conflict on
/// `email`.
pub async fn create_member(
    state: &Platform,
    site: &Site,
    email: String,
    profile: Map<String, Value>,
) -> Result<Member> {
    let member = Member::new(site.id, email, MemberStatus::Approved, profile);
    // A random secret as password: nobody knows it.
    let unusable = new_secret(SecretKind::MemberLink).plaintext;
    let hash = password_hash(unusable).await?;
    state.store().create_member(&member, &hash).await?;
    let member = crate::contacts::link_member(state, site, member).await?;
    sync_member_item(state, site, &member).await?;
    announce(state, &member, "wixMembers_onMemberCreated");
    Ok(member)
}

/// The profile changes in a Wix member body: `profile.nickname`, `profile.slug`,
/// `profile.photo.url`, `contact.firstName`, `contact.lastName`, `contact.customFields`.
pub fn profile_changes(member: &Value) -> Map<String, Value> {
    let mut changes = Map::new();
    let mut take = |key: &str, v: &Value| {
        if !v.is_null() {
            changes.insert(key.into(), v.clone());
        }
    };
    take("nickname", &member["profile"]["nickname"]);
    take("slug", &member["profile"]["slug"]);
    take("picture", &member["profile"]["photo"]["url"]);
    take("firstName", &member["contact"]["firstName"]);
    take("lastName", &member["contact"]["lastName"]);
    if let Some(custom) = member["contact"]["customFields"].as_object() {
        for (k, v) in custom {
            changes.insert(
                k.clone(),
                v.get("value").cloned().unwrap_or_else(|| v.clone()),
            );
        }
    }
    changes
}

/// Applies a Wix member body (profile, contact and `loginEmail`) to the member and stores
/// it, with its mirror item and contact. A new email is unverified.
pub async fn update_member(
    state: &Platform,
    site: &Site,
    mut member: Member,
    changes: &Value,
) -> Result<Member> {
    apply_profile(&mut member.profile, &profile_changes(changes))?;
    if let Some(email) = changes["loginEmail"].as_str() {
        let email = tessera_core::members::normalize_email("member.loginEmail", email)?;
        if email != member.email {
            member.email = email;
            member.email_verified = false;
        }
    }
    member.updated_at = now_millis();
    state.store().update_member(&member).await?;
    sync_member_item(state, site, &member).await?;
    crate::contacts::update_from_member(state, site, &member).await?;
    announce(state, &member, "wixMembers_onMemberUpdated");
    Ok(member)
}

/// Approves or blocks the member; a blocked member is logged out everywhere at once.
pub async fn set_status(
    state: &Platform,
    site: &Site,
    mut member: Member,
    status: MemberStatus,
) -> Result<Member> {
    member.status = status;
    member.updated_at = now_millis();
    state.store().update_member(&member).await?;
    if status == MemberStatus::Blocked {
        state
            .store()
            .delete_member_sessions(site.id, &member.id)
            .await?;
    }
    sync_member_item(state, site, &member).await?;
    announce(state, &member, "wixMembers_onMemberUpdated");
    Ok(member)
}

/// Gives the member `id` exactly `roles` (keys of the site's roles and badges).
pub async fn set_roles(
    state: &Platform,
    site: &Site,
    id: &str,
    mut roles: Vec<String>,
) -> Result<Member> {
    let defined = state.store().member_roles(site.id).await?;
    if let Some(unknown) = roles.iter().find(|r| !defined.iter().any(|d| &d.id == *r)) {
        return Err(Error::invalid(
            "roles",
            format!("the site has no role or badge '{unknown}'; create it first"),
        ));
    }
    let mut member = state
        .store()
        .member(site.id, id)
        .await?
        .ok_or(Error::NotFound("member"))?;
    roles.sort();
    roles.dedup();
    member.roles = roles;
    member.updated_at = now_millis();
    state.store().update_member(&member).await?;
    sync_member_item(state, site, &member).await?;
    announce(state, &member, "wixMembers_onMemberUpdated");
    Ok(member)
}

/// Wix's member object, plus Tessera's `roles` and `loginEmailVerified`.
pub fn member_view(m: &Member) -> Value {
    let text = |k: &str| m.profile_text(k).map(str::to_string);
    let mut profile = json!({
        "nickname": text("nickname").unwrap_or_else(|| m.display_name().to_string()),
        "slug": text("slug").unwrap_or_else(|| m.id.clone()),
    });
    if let Some(p) = text("picture") {
        profile["photo"] = json!({ "url": p });
    }
    let custom: Map<String, Value> = m
        .profile
        .iter()
        .filter(|(k, _)| !PROFILE_FIELDS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), json!({ "name": k, "value": v })))
        .collect();
    json!({
        "id": m.id,
        "loginEmail": m.email,
        "loginEmailVerified": m.email_verified,
        "status": m.status.as_str(),
        "contactId": m.contact_id,
        "privacyStatus": "PRIVATE",
        "activityStatus": "ACTIVE",
        "profile": profile,
        "contact": {
            "contactId": m.contact_id,
            "firstName": text("firstName"),
            "lastName": text("lastName"),
            "customFields": custom,
        },
        "roles": m.roles,
        "createdDate": time(m.created_at),
        "updatedDate": time(m.updated_at),
        "lastLoginDate": m.last_login_at.map(time),
    })
}

/// Profile keys with a place of their own; others are custom fields.
pub const PROFILE_FIELDS: [&str; 5] = ["firstName", "lastName", "nickname", "picture", "slug"];

/// Checks and applies a profile change: text values up to 500 characters (`null` removes a
/// key); at most 50 keys.
pub fn apply_profile(profile: &mut Map<String, Value>, changes: &Map<String, Value>) -> Result<()> {
    for (key, value) in changes {
        tessera_core::data::collection::field_key(key)
            .map_err(|_| Error::invalid("profile", format!("'{key}' is not a valid field name")))?;
        match value {
            Value::Null => {
                profile.remove(key);
            }
            Value::String(s) if s.chars().count() <= 500 => {
                profile.insert(key.clone(), Value::String(s.trim().to_string()));
            }
            Value::Number(_) | Value::Bool(_) => {
                profile.insert(key.clone(), value.clone());
            }
            _ => {
                return Err(Error::invalid(
                    "profile",
                    format!("{key}: send text of at most 500 characters, a number or true/false"),
                ));
            }
        }
    }
    if profile.len() > 50 {
        return Err(Error::invalid("profile", "a profile has at most 50 fields"));
    }
    Ok(())
}

/// Stores a single-use token of `kind` for the member (replacing their earlier one) and
/// returns it.
pub async fn issue_token(
    state: &Platform,
    site: &Site,
    member: &Member,
    kind: MemberTokenKind,
) -> Result<String> {
    let secret = new_secret(SecretKind::MemberLink);
    state
        .store()
        .create_member_token(
            site.id,
            &secret.hash,
            &member.id,
            kind,
            now_millis() + kind.ttl_millis(),
        )
        .await?;
    Ok(secret.plaintext)
}

/// Emails a single-use link for `kind` to the member.
pub async fn send_link(
    state: &Platform,
    site: &Site,
    base: &str,
    member: &Member,
    kind: MemberTokenKind,
) -> Result<()> {
    let brand = mail::brand(state, site).await;
    let token = &issue_token(state, site, member, kind).await?;
    let (subject, paragraphs, action) = match kind {
        MemberTokenKind::Verify => (
            format!("Confirm your email for {}", brand.name),
            vec![
                format!("Hi {},", member.display_name()),
                format!(
                    "Please confirm that {} is your email address. The link works for 48 hours.",
                    member.email
                ),
            ],
            (
                "Confirm my email".to_string(),
                format!("{base}/_api/members/v1/auth/verify?token={token}"),
            ),
        ),
        MemberTokenKind::Approve => {
            return Err(Error::internal("approval tokens go to code, not by email"));
        }
        MemberTokenKind::Reset => (
            format!("Reset your password for {}", brand.name),
            vec![
                format!("Hi {},", member.display_name()),
                "Someone asked to reset your password. If it was you, choose a new one with \
                 the link below; it works for one hour. If not, ignore this email."
                    .to_string(),
            ],
            (
                "Choose a new password".to_string(),
                format!("{base}/reset-password?token={token}"),
            ),
        ),
    };
    mail::queue(
        state,
        site,
        &brand,
        Outgoing {
            kind: kind.as_str(),
            to: &member.email,
            subject,
            paragraphs,
            action: Some(action),
        },
    )
    .await
}

/// The system collection mirroring members, created on first use.
async fn members_collection(state: &Platform, site: &Site) -> Result<Collection> {
    let store = state.store();
    if let Some(c) = store.collection(site.id, MEMBERS_COLLECTION).await? {
        return Ok(c);
    }
    let now = now_millis();
    let c = Collection {
        site_id: site.id,
        id: MEMBERS_COLLECTION.into(),
        display_name: "Members".into(),
        display_field: Some("loginEmail".into()),
        fields: vec![
            Field::new("loginEmail", FieldType::Text),
            Field::new("firstName", FieldType::Text),
            Field::new("lastName", FieldType::Text),
            Field::new("nickname", FieldType::Text),
            Field::new("picture", FieldType::Image),
            Field::new("slug", FieldType::Text),
            Field::new("status", FieldType::Text),
            Field::new("emailVerified", FieldType::Boolean),
            Field::new("roles", FieldType::ArrayString),
            Field::new("contactId", FieldType::Text),
            Field::new("lastLoginDate", FieldType::Datetime),
        ],
        // Members read their own record; the site's team reads all.
        permissions: Permissions {
            read: AccessLevel::SiteMemberAuthor,
            insert: AccessLevel::CmsEditor,
            update: AccessLevel::CmsEditor,
            remove: AccessLevel::CmsEditor,
            member_roles: Vec::new(),
        },
        indexes: Vec::new(),
        revision: 1,
        created_at: now,
        updated_at: now,
        show_drafts: false,
    };
    match store.create_collection(&c).await {
        Ok(()) | Err(Error::Conflict { .. }) => Ok(c),
        Err(e) => Err(e),
    }
}

fn member_item(m: &Member) -> Item {
    let mut data = Map::new();
    data.insert("loginEmail".into(), json!(m.email));
    for key in ["firstName", "lastName", "nickname", "picture", "slug"] {
        if let Some(v) = m.profile_text(key) {
            data.insert(key.into(), json!(v));
        }
    }
    data.insert("status".into(), json!(m.status.as_str()));
    data.insert("emailVerified".into(), json!(m.email_verified));
    data.insert("roles".into(), json!(m.roles));
    if let Some(c) = &m.contact_id {
        data.insert("contactId".into(), json!(c));
    }
    if let Some(at) = m.last_login_at {
        data.insert("lastLoginDate".into(), json!({ "$date": time(at) }));
    }
    Item {
        id: m.id.clone(),
        owner: Some(m.id.clone()),
        created_at: m.created_at,
        updated_at: m.updated_at,
        data,
    }
}

/// Writes the member's mirror item (inserted or replaced) and announces the change.
pub async fn sync_member_item(state: &Platform, site: &Site, m: &Member) -> Result<()> {
    let c = members_collection(state, site).await?;
    let item = member_item(m);
    let store = state.store();
    let change = if store.update_item(&c, &item, &Filter::All).await?.is_some() {
        ItemChange::Updated
    } else {
        store.insert_items(&c, std::slice::from_ref(&item)).await?;
        ItemChange::Inserted
    };
    state.events().publish(Event::Item(ItemEvent {
        site_id: site.id,
        collection_id: c.id,
        item_id: item.id,
        change,
        before: None,
        after: Some(item.data),
    }));
    Ok(())
}

/// Deletes the member's mirror item.
pub async fn remove_member_item(state: &Platform, site: &Site, id: &str) -> Result<()> {
    let Some(c) = state
        .store()
        .collection(site.id, MEMBERS_COLLECTION)
        .await?
    else {
        return Ok(());
    };
    if let Some(item) = state.store().remove_item(&c, id, &Filter::All).await? {
        state.events().publish(Event::Item(ItemEvent {
            site_id: site.id,
            collection_id: c.id,
            item_id: item.id,
            change: ItemChange::Removed,
            before: Some(item.data),
            after: None,
        }));
    }
    Ok(())
}

/// Tells the site's `events.js` about a member (`wixMembers_onMemberCreated`, …).
pub fn announce(state: &Platform, member: &Member, handler: &'static str) {
    state.events().publish(Event::App {
        site_id: member.site_id,
        handler,
        payload: crate::backend_events::event_payload(&member.id, velo_member(member)),
    });
}

/// Items a member owns (`_owner`) in the site's own collections, per collection: what their
/// personal data export holds and what deleting them erases.
async fn owned_items(
    state: &Platform,
    site: &Site,
    member: &str,
) -> Result<Vec<(Collection, Vec<Item>)>> {
    use tessera_core::data::{Op, Query, query::Literal, query::Operand};
    let store = state.store();
    let mut found = Vec::new();
    for c in store.collections(site.id).await? {
        if tessera_core::data::collection::is_system_collection(&c.id) {
            continue;
        }
        let query = Query {
            filter: Filter::Cmp {
                field: "_owner".into(),
                op: Op::Eq,
                operand: Operand::One(Literal::Text(member.into())),
            },
            limit: 1000,
            ..Query::default()
        };
        let items = store.query_items(&c, &query).await?;
        if !items.is_empty() {
            found.push((c, items));
        }
    }
    Ok(found)
}

/// Everything the site keeps about the member: their record, contact, timeline and the items
/// they own.
pub async fn export(state: &Platform, site: &Site, member: &Member) -> Result<Value> {
    let contact = match &member.contact_id {
        Some(id) => {
            let c = crate::contacts::contacts_collection(state, site).await?;
            state.store().item(&c, id).await?
        }
        None => None,
    };
    let timeline = match &contact {
        Some(c) => crate::contacts::activities(state, site, &c.id).await?,
        None => Vec::new(),
    };
    let owned: Map<String, Value> = owned_items(state, site, &member.id)
        .await?
        .into_iter()
        .map(|(c, items)| {
            let list = items
                .iter()
                .map(|i| Value::Object(i.data.clone()))
                .collect();
            (c.id, Value::Array(list))
        })
        .collect();
    Ok(json!({
        "exportedDate": time(now_millis()),
        "member": member_view(member),
        "profile": member.profile,
        "contact": contact.as_ref().map(crate::contacts::contact_view),
        "activities": timeline.iter().map(|a| Value::Object(a.data.clone())).collect::<Vec<_>>(),
        "items": owned,
    }))
}

/// Deletes the member and their personal data: sessions and tokens (with the member row),
/// the mirror item, their contact with its timeline, and the items they own.
pub async fn erase(state: &Platform, site: &Site, member: &Member) -> Result<()> {
    let store = state.store();
    for (c, items) in owned_items(state, site, &member.id).await? {
        for item in items {
            if let Some(gone) = store.remove_item(&c, &item.id, &Filter::All).await? {
                state.events().publish(Event::Item(ItemEvent {
                    site_id: site.id,
                    collection_id: c.id.clone(),
                    item_id: gone.id,
                    change: ItemChange::Removed,
                    before: Some(gone.data),
                    after: None,
                }));
            }
        }
    }
    if let Some(contact) = &member.contact_id {
        crate::contacts::delete_contact(state, site, contact).await?;
    }
    remove_member_item(state, site, &member.id).await?;
    store.delete_member(site.id, &member.id).await?;
    announce(state, member, "wixMembers_onMemberDeleted");
    Ok(())
}

/// A member as Velo's `wix-members-backend` shows it: Wix's member with `_id`,
/// `contactDetails` and underscored dates.
pub fn velo_member(m: &Member) -> Value {
    let mut v = member_view(m);
    v["_id"] = json!(m.id);
    v["contactDetails"] = v["contact"].take();
    v["_createdDate"] = v["createdDate"].take();
    v["_updatedDate"] = v["updatedDate"].take();
    if let Some(o) = v.as_object_mut() {
        o.remove("contact");
        o.remove("createdDate");
        o.remove("updatedDate");
    }
    v
}

/// Site code's `wix-members-backend`: the caller's member and roles; sign-up and login go
/// through the site's own endpoints, so code gets their rules (limits, enumeration safety);
/// and the site admin's member management (get, update, delete, roles, login email, session
/// tokens for members another service authenticated, approval of pending members).
pub async fn code_call(
    state: &Platform,
    site: &Site,
    caller: &DataCaller,
    p: &Value,
) -> std::result::Result<Value, tessera_jsrt::HostError> {
    let failed = tessera_jsrt::HostError::new;
    let err = |e: Error| host_error(e, "MEMBER_NOT_FOUND");
    let store = state.store();
    let text = |key: &'static str| match p[key].as_str() {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(err(Error::invalid(key, "must be a non-empty string"))),
    };
    let load = |key: &'static str| async move {
        let id = text(key)?;
        store
            .member(site.id, id)
            .await
            .map_err(err)?
            .ok_or_else(|| failed("MEMBER_NOT_FOUND", format!("member {id} does not exist")))
    };
    let caller_member = || async {
        match caller {
            // Elevated code, and service plugins, still run for the member who buys.
            DataCaller::Member { id, .. } | DataCaller::Code { member: Some(id) } => {
                store.member(site.id, id).await.map_err(err)
            }
            _ => Ok(None),
        }
    };
    let not_approved = |m: &Member| {
        failed(
            "MEMBER_NOT_APPROVED",
            format!(
                "member {} is {} and may not log in",
                m.email,
                m.status.as_str()
            ),
        )
    };
    match p["action"].as_str().unwrap_or_default() {
        "current" => Ok(caller_member()
            .await?
            .as_ref()
            .map_or(Value::Null, velo_member)),
        "roles" => {
            let Some(m) = caller_member().await? else {
                return Ok(json!([]));
            };
            let defined = store.member_roles(site.id).await.map_err(err)?;
            Ok(defined
                .iter()
                .filter(|r| {
                    r.kind == tessera_core::members::RoleKind::Role && m.roles.contains(&r.id)
                })
                .map(|r| json!({ "_id": r.id, "title": r.title, "description": r.description }))
                .collect())
        }
        action @ ("register" | "login") => site_auth(state, site, action, p).await,
        // wix-users-backend's currentUser: who runs the code. Jobs and events run as the
        // site's admin with no one behind them; a visitor gets a fresh random id, as on Wix.
        "whoami" => Ok(match caller {
            DataCaller::Member { id, .. } | DataCaller::Code { member: Some(id) } => {
                json!({ "id": id, "role": "Member" })
            }
            DataCaller::Collaborator {
                role: Role::Owner | Role::Admin,
                id,
            } => json!({ "id": id, "role": "Admin" }),
            DataCaller::Collaborator { id, .. } => json!({ "id": id, "role": "Member" }),
            DataCaller::Code { member: None } => json!({ "id": null, "role": "Admin" }),
            DataCaller::Visitor => {
                json!({ "id": uuid::Uuid::new_v4().to_string(), "role": "Visitor" })
            }
        }),
        "email" => {
            let email = match caller {
                DataCaller::Member { .. } => caller_member().await?.map(|m| m.email),
                DataCaller::Collaborator { id, .. } => match id.parse() {
                    Ok(account) => store.account(account).await.map_err(err)?.map(|a| a.email),
                    Err(_) => None,
                },
                _ => None,
            };
            email.map(Value::String).ok_or_else(|| {
                failed(
                    "NOT_LOGGED_IN",
                    "no one with an email runs this code".into(),
                )
            })
        }
        "sessionToken" => {
            let email =
                tessera_core::members::normalize_email("email", text("email")?).map_err(err)?;
            let existing = store.member_by_email(site.id, &email).await.map_err(err)?;
            // Whether the member signs up with this token rather than logs in.
            let (member, joins) = match existing {
                Some((m, _)) => (m, false),
                // Another service vouched for the email: the member is created, as on Wix.
                None => match create_member(state, site, email.clone(), Map::new()).await {
                    Ok(m) => (m, true),
                    Err(Error::Conflict { .. }) => {
                        let again = store.member_by_email(site.id, &email).await.map_err(err)?;
                        (
                            again.ok_or_else(|| err(Error::NotFound("member")))?.0,
                            false,
                        )
                    }
                    Err(e) => return Err(err(e)),
                },
            };
            if member.status != MemberStatus::Approved {
                return Err(not_approved(&member));
            }
            let member = if joins {
                member
            } else {
                record_login(state, site, member).await.map_err(err)?
            };
            Ok(json!(session_token(state, &member).await.map_err(err)?))
        }
        "approveByToken" => {
            let token = text("token")?;
            let spent = || {
                failed(
                    "INVALID_TOKEN",
                    "the approval token has expired or was already used".into(),
                )
            };
            if SecretKind::of(token) != Some(SecretKind::MemberLink) {
                return Err(spent());
            }
            let id = store
                .take_member_token(
                    site.id,
                    &hash_secret(token),
                    MemberTokenKind::Approve,
                    now_millis(),
                )
                .await
                .map_err(err)?
                .ok_or_else(spent)?;
            let mut member = store
                .member(site.id, &id)
                .await
                .map_err(err)?
                .ok_or_else(spent)?;
            if member.status == MemberStatus::Pending {
                member = set_status(state, site, member, MemberStatus::Approved)
                    .await
                    .map_err(err)?;
            }
            if member.status != MemberStatus::Approved {
                return Err(not_approved(&member));
            }
            // The approved member logs in with the token this answers.
            let member = record_login(state, site, member).await.map_err(err)?;
            Ok(json!(session_token(state, &member).await.map_err(err)?))
        }
        "sendSetPasswordEmail" => {
            let email =
                tessera_core::members::normalize_email("email", text("email")?).map_err(err)?;
            let (member, _) = store
                .member_by_email(site.id, &email)
                .await
                .map_err(err)?
                .ok_or_else(|| {
                    failed(
                        "MEMBER_NOT_FOUND",
                        format!("no member has the email {email}"),
                    )
                })?;
            // Code a visitor can call must not flood a mailbox either: past the limit, the
            // email is not sent, silently.
            let scope = site.id.to_string();
            let allowed = crate::throttle::reset_email_allowed(
                store,
                &scope,
                &email,
                None,
                tessera_core::now_millis(),
            )
            .await
            .map_err(err)?;
            if allowed {
                send_link(
                    state,
                    site,
                    &state.site_url(site),
                    &member,
                    MemberTokenKind::Reset,
                )
                .await
                .map_err(err)?;
            }
            Ok(json!(true))
        }
        "changeLoginEmail" => {
            let member = load("id").await?;
            let changes = json!({ "loginEmail": text("email")? });
            let member = update_member(state, site, member, &changes)
                .await
                .map_err(err)?;
            Ok(velo_member(&member))
        }
        "createMember" => {
            let given = &p["member"];
            if !given.is_object() {
                return Err(err(Error::invalid("member", "must be an object")));
            }
            let email = tessera_core::members::normalize_email(
                "member.loginEmail",
                given["loginEmail"].as_str().unwrap_or_default(),
            )
            .map_err(err)?;
            let profile = profile_changes(
                &json!({ "profile": given["profile"], "contact": given["contact"] }),
            );
            let member = create_member(state, site, email, profile)
                .await
                .map_err(err)?;
            Ok(velo_member(&member))
        }
        "getMember" => Ok(velo_member(&load("id").await?)),
        "updateMember" => {
            let member = load("id").await?;
            let given = &p["member"];
            if !given.is_object() {
                return Err(err(Error::invalid("member", "must be an object")));
            }
            if !given["loginEmail"].is_null() {
                return Err(err(Error::invalid(
                    "member.loginEmail",
                    "change it with authentication.changeLoginEmail()",
                )));
            }
            // Velo names the contact part `contactDetails`.
            let changes =
                json!({ "profile": given["profile"], "contact": given["contactDetails"] });
            let member = update_member(state, site, member, &changes)
                .await
                .map_err(err)?;
            Ok(velo_member(&member))
        }
        "deleteMember" => {
            erase(state, site, &load("id").await?).await.map_err(err)?;
            Ok(Value::Null)
        }
        "deleteMemberPhones" => {
            let member = load("id").await?;
            if let Some(id) = &member.contact_id {
                let c = crate::contacts::contacts_collection(state, site)
                    .await
                    .map_err(err)?;
                if let Some(mut contact) = store.item(&c, id).await.map_err(err)?
                    && contact.data.remove("phone").is_some()
                {
                    let had = crate::contacts::labels(&contact);
                    crate::contacts::save(state, site, contact, &had)
                        .await
                        .map_err(err)?;
                }
            }
            Ok(velo_member(&member))
        }
        action @ ("assignRole" | "removeRole") => {
            let role = text("roleId")?;
            let member = load("memberId").await?;
            let defined = store.member_roles(site.id).await.map_err(err)?;
            if !defined
                .iter()
                .any(|r| r.id == role && r.kind == tessera_core::members::RoleKind::Role)
            {
                return Err(err(Error::invalid(
                    "roleId",
                    format!("the site has no role '{role}'"),
                )));
            }
            let mut roles: Vec<String> = member
                .roles
                .iter()
                .filter(|r| *r != role)
                .cloned()
                .collect();
            if action == "assignRole" {
                roles.push(role.to_string());
            }
            set_roles(state, site, &member.id, roles)
                .await
                .map_err(err)?;
            Ok(Value::Null)
        }
        other => Err(failed(
            "UNKNOWN_OPERATION",
            format!("wix-members-backend has no {other}"),
        )),
    }
}

/// `register` or `login` for site code: a login answers the session token; a sign-up its
/// status, token and member, with an approval token for `approveByToken` while it waits.
async fn site_auth(
    state: &Platform,
    site: &Site,
    action: &str,
    p: &Value,
) -> std::result::Result<Value, tessera_jsrt::HostError> {
    let err = |e: Error| host_error(e, "MEMBER_NOT_FOUND");
    let refusal = |e: SignInError| match e {
        SignInError::Refused {
            code,
            message,
            details,
            ..
        } => tessera_jsrt::HostError {
            code: code.as_str().to_string(),
            message,
            details: Some(details),
        },
        SignInError::Failed(e) => err(e),
    };
    let text = |k: &str| p[k].as_str().unwrap_or_default();
    let base = state.site_url(site);
    if action == "login" {
        let member = login(state, site, text("email"), text("password"), None, &base)
            .await
            .map_err(refusal)?;
        return Ok(json!(session_token(state, &member).await.map_err(err)?));
    }
    // The site's pages answer a sign-up with a taken email as they answer any sign-up that
    // waits, so visitors learn nothing; the site's own code is told, as on Wix.
    if let Ok(email) = normalize_email("email", text("email"))
        && state
            .store()
            .member_by_email(site.id, &email)
            .await
            .map_err(err)?
            .is_some()
    {
        return Err(err(Error::conflict(
            "email",
            "a member with this email exists",
        )));
    }
    let names = ["firstName", "lastName", "nickname"]
        .into_iter()
        .filter(|k| p[*k].is_string())
        .map(|k| (k.to_string(), p[k].clone()))
        .collect();
    let form = SignupForm {
        email: text("email"),
        password: text("password"),
        names,
    };
    let mut out = json!({});
    let member = match register(state, site, form, &base).await.map_err(refusal)? {
        Signup::Active(member) => {
            out["status"] = json!("ACTIVE");
            out["sessionToken"] = json!(session_token(state, &member).await.map_err(err)?);
            Some(member)
        }
        Signup::Waiting { member, .. } => {
            out["status"] = json!("PENDING");
            member
        }
    };
    if let Some(m) = member {
        if m.status == MemberStatus::Pending {
            out["approvalToken"] = json!(
                issue_token(state, site, &m, MemberTokenKind::Approve)
                    .await
                    .map_err(err)?
            );
        }
        out["member"] = velo_member(&m);
    }
    Ok(out)
}

/// Why a sign-up or a login did not succeed.
#[derive(Debug)]
pub enum SignInError {
    /// Refused: the short reason the site's pages show (`?error=<reason>`), the error's
    /// code, message and details (with Wix's `state` for a member who may not log in yet).
    Refused {
        reason: &'static str,
        code: ErrorCode,
        message: String,
        details: Value,
    },
    /// Something failed (the database, the mail outbox).
    Failed(Error),
}

impl From<Error> for SignInError {
    fn from(e: Error) -> Self {
        Self::Failed(e)
    }
}

fn refused(reason: &'static str, e: Error) -> SignInError {
    SignInError::Refused {
        reason,
        code: e.code(),
        message: e.to_string(),
        details: e.details(),
    }
}

fn refused_with(
    reason: &'static str,
    code: ErrorCode,
    message: &str,
    state: Option<&str>,
) -> SignInError {
    SignInError::Refused {
        reason,
        code,
        message: message.to_string(),
        details: state.map_or(Value::Null, |s| json!({ "state": s })),
    }
}

/// How a sign-up ended.
pub enum Signup {
    /// The member may log in now.
    Active(Member),
    /// The member waits for the emailed link or the owner's approval (`state` as Wix names
    /// it). No member when the email was taken: the address's owner was told, and the caller
    /// learns nothing.
    Waiting {
        state: &'static str,
        member: Option<Member>,
    },
}

/// What a visitor signs up with: email, password, and `firstName`, `lastName`, `nickname`.
pub struct SignupForm<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub names: Map<String, Value>,
}

/// Signs a visitor up as the site's settings say (open, or waiting for approval; with or
/// without email verification). `base` is the site's address, for the emailed links.
pub async fn register(
    state: &Platform,
    site: &Site,
    form: SignupForm<'_>,
    base: &str,
) -> std::result::Result<Signup, SignInError> {
    let email = normalize_email("email", form.email).map_err(|e| refused("email", e))?;
    check_password("password", form.password).map_err(|e| refused("password", e))?;
    let mut profile = Map::new();
    let changes: Map<String, Value> = form
        .names
        .into_iter()
        .filter(|(_, v)| v.as_str().is_some_and(|s| !s.trim().is_empty()))
        .collect();
    apply_profile(&mut profile, &changes).map_err(|e| refused("profile", e))?;
    let store = state.store();
    let settings = store.member_settings(site.id).await?;
    let status = match settings.signup {
        SignupPolicy::Open => MemberStatus::Approved,
        SignupPolicy::Approval => MemberStatus::Pending,
    };
    let member = Member::new(site.id, email, status, profile);
    let waits = if settings.verify_email {
        Some("REQUIRE_EMAIL_VERIFICATION")
    } else if member.status == MemberStatus::Pending {
        Some("REQUIRE_OWNER_APPROVAL")
    } else {
        None
    };
    let stored_hash = password_hash(form.password.to_string()).await?;
    match store.create_member(&member, &stored_hash).await {
        Err(Error::Conflict { .. }) if waits.is_some() => {
            // The owner of the address learns someone tried; the caller learns nothing.
            let brand = mail::brand(state, site).await;
            mail::queue(
                state,
                site,
                &brand,
                Outgoing {
                    kind: "signup-exists",
                    to: &member.email,
                    subject: format!("You already have an account on {}", brand.name),
                    paragraphs: vec![
                        "Someone, perhaps you, tried to sign up with this email address, which already has an account.".into(),
                        "If you forgot your password, reset it with the link below.".into(),
                    ],
                    action: Some(("Reset my password".into(), format!("{base}/forgot-password"))),
                },
            )
            .await?;
            return Ok(Signup::Waiting {
                state: waits.unwrap_or_default(),
                member: None,
            });
        }
        Err(Error::Conflict { .. }) => {
            return Err(refused(
                "exists",
                Error::conflict("email", "a member with this email exists; log in instead"),
            ));
        }
        other => other?,
    }
    let member = crate::contacts::link_member(state, site, member).await?;
    sync_member_item(state, site, &member).await?;
    announce(state, &member, "wixMembers_onMemberCreated");
    if settings.verify_email {
        send_link(state, site, base, &member, MemberTokenKind::Verify).await?;
    }
    Ok(match waits {
        Some(waits) => Signup::Waiting {
            state: waits,
            member: Some(member),
        },
        None => Signup::Active(member),
    })
}

/// Checks a member's email and password (throttled per address and client) and that they
/// may log in, and records the login. The caller starts the session.
pub async fn login(
    state: &Platform,
    site: &Site,
    email: &str,
    password: &str,
    ip: Option<std::net::IpAddr>,
    base: &str,
) -> std::result::Result<Member, SignInError> {
    let email = email.trim().to_lowercase();
    let store = state.store();
    let scope = site.id.to_string();
    let now = now_millis();
    crate::throttle::check_login(store, &scope, &email, ip, now)
        .await
        .map_err(|e| refused("locked", e))?;
    let found = store.member_by_email(site.id, &email).await?;
    let (member, stored) = match found {
        Some((m, h)) => (Some(m), Some(h)),
        None => (None, None),
    };
    let ok = password_matches(password.to_string(), stored).await?;
    let Some(member) = member.filter(|_| ok) else {
        crate::throttle::login_failed(store, &scope, &email, ip, now).await?;
        return Err(refused_with(
            "invalid",
            ErrorCode::Unauthenticated,
            "the email or the password is not right",
            None,
        ));
    };
    crate::throttle::login_succeeded(store, &scope, &email, ip).await?;
    let settings = store.member_settings(site.id).await?;
    if settings.verify_email && !member.email_verified {
        send_link(state, site, base, &member, MemberTokenKind::Verify).await?;
        return Err(refused_with(
            "unverified",
            ErrorCode::PermissionDenied,
            "confirm your email address first: we sent you a new link",
            Some("REQUIRE_EMAIL_VERIFICATION"),
        ));
    }
    match member.status {
        MemberStatus::Approved => {}
        MemberStatus::Pending => {
            return Err(refused_with(
                "pending",
                ErrorCode::PermissionDenied,
                "the site owner has not approved this membership yet",
                Some("REQUIRE_OWNER_APPROVAL"),
            ));
        }
        MemberStatus::Blocked => {
            return Err(refused_with(
                "blocked",
                ErrorCode::PermissionDenied,
                "this membership is blocked",
                None,
            ));
        }
    }
    Ok(record_login(state, site, member).await?)
}

/// A member logged in (with their password, or with a session token site code had made
/// for them): records when, and announces `wixMembers_onMemberLoggedIn`. A sign-up's first
/// session is no login: it has `wixMembers_onMemberCreated`.
async fn record_login(state: &Platform, site: &Site, mut member: Member) -> Result<Member> {
    member.last_login_at = Some(now_millis());
    state.store().update_member(&member).await?;
    sync_member_item(state, site, &member).await?;
    announce(state, &member, "wixMembers_onMemberLoggedIn");
    Ok(member)
}

/// The member an emailed link's token names, the token used up.
async fn take_token(
    state: &Platform,
    site: &Site,
    token: &str,
    kind: MemberTokenKind,
) -> std::result::Result<Member, SignInError> {
    let expired = || SignInError::Refused {
        reason: "expired",
        code: ErrorCode::InvalidArgument,
        message: "this link has expired or was already used; ask for a new one".into(),
        details: json!({ "field": "token" }),
    };
    if SecretKind::of(token) != Some(SecretKind::MemberLink) {
        return Err(expired());
    }
    let store = state.store();
    let id = store
        .take_member_token(site.id, &hash_secret(token), kind, now_millis())
        .await?
        .ok_or_else(expired)?;
    store.member(site.id, &id).await?.ok_or_else(expired)
}

/// The emailed verification link: the member's address is proven.
pub async fn verify_email(
    state: &Platform,
    site: &Site,
    token: &str,
) -> std::result::Result<Member, SignInError> {
    let mut member = take_token(state, site, token, MemberTokenKind::Verify).await?;
    member.email_verified = true;
    member.updated_at = now_millis();
    state.store().update_member(&member).await?;
    sync_member_item(state, site, &member).await?;
    Ok(member)
}

/// The emailed reset link: a new password, and every session ends (whoever knew the old
/// password is logged out).
pub async fn reset_password(
    state: &Platform,
    site: &Site,
    token: &str,
    password: &str,
) -> std::result::Result<Member, SignInError> {
    check_password("password", password).map_err(|e| refused("password", e))?;
    let mut member = take_token(state, site, token, MemberTokenKind::Reset).await?;
    let store = state.store();
    store
        .set_member_password(
            site.id,
            &member.id,
            &password_hash(password.to_string()).await?,
        )
        .await?;
    // The link reached the mailbox, which proves the address.
    if !member.email_verified {
        member.email_verified = true;
        member.updated_at = now_millis();
        store.update_member(&member).await?;
        sync_member_item(state, site, &member).await?;
    }
    Ok(member)
}
