//! `wix-realtime-backend`: site code publishes messages to a channel (`{name, resourceId?}`)
//! and the site's visitors receive them as Server-Sent Events from
//! `GET /_realtime/subscribe?channel=<name>&resourceId=<id>` on the site's address. Before a
//! subscription starts, the site's `backend/realtime-permissions.js` export
//! `realtime_check_permission(channel, subscriber)` (usually `permissionsRouter.check`) must
//! answer `{read: true}`; a site without it lets everyone read, as on Wix.
//!
//! Delivery: every node hands a message to its own subscribers; with PostgreSQL it also goes
//! to the other nodes through the database's signals (LISTEN/NOTIFY), which is why a message
//! is at most `MAX_MESSAGE_BYTES`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tessera_core::{
    data::DataCaller,
    ids::SiteId,
    sites::{Role, Site},
};
use tessera_jsrt::HostError;
use tokio::sync::broadcast;

use crate::{Platform, data::DataContext};

const PERMISSIONS_JS: &str = "backend/realtime-permissions.js";
const CHECK: &str = "realtime_check_permission";
/// A message's JSON (channel, payload, users) at most: PostgreSQL's NOTIFY carries 8000 bytes.
pub const MAX_MESSAGE_BYTES: usize = 7000;
/// Messages a slow subscriber may fall behind by before it misses some.
const BACKLOG: usize = 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Channel {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Message {
    pub site: SiteId,
    pub channel: Channel,
    pub payload: Value,
    /// Only these subscribers (member ids) receive it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<Vec<String>>,
    /// The node that published it, which has delivered it already.
    node: String,
}

/// This node's subscribers, fed by publishes here and on the other nodes.
pub struct Realtime {
    sender: broadcast::Sender<Arc<Message>>,
    node: String,
}

impl Default for Realtime {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(BACKLOG).0,
            node: uuid::Uuid::new_v4().to_string(),
        }
    }
}

impl Realtime {
    /// A signal from another node (`realtime <json>`); this node's own are delivered already.
    /// Messages published from now on, on any node.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Message>> {
        self.sender.subscribe()
    }

    pub fn deliver_signalled(&self, json: &str) {
        match serde_json::from_str::<Message>(json) {
            Ok(m) if m.node != self.node => {
                let _ = self.sender.send(Arc::new(m));
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "a realtime signal that is not a message"),
        }
    }
}

pub fn channel_from(v: &Value) -> Result<Channel, HostError> {
    let bad = |m: &str| HostError::new("INVALID_ARGUMENT", m.to_string());
    let name = v["name"]
        .as_str()
        .filter(|n| !n.is_empty() && n.len() <= 140)
        .ok_or_else(|| bad("channel.name must be a non-empty string of at most 140 characters"))?;
    let resource_id = match &v["resourceId"] {
        Value::Null => None,
        Value::String(r) if !r.is_empty() && r.len() <= 140 => Some(r.clone()),
        _ => {
            return Err(bad(
                "channel.resourceId must be a non-empty string of at most 140 characters",
            ));
        }
    };
    Ok(Channel {
        name: name.to_string(),
        resource_id,
    })
}

/// Site code's `publish(channel, payload, options)`.
pub async fn publish(state: &Platform, site: &Site, p: &Value) -> Result<Value, HostError> {
    let channel = channel_from(&p["channel"])?;
    let users = match &p["users"] {
        Value::Null => None,
        Value::Array(ids) => Some(
            ids.iter()
                .map(|u| u.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| {
                    HostError::new("INVALID_ARGUMENT", "options.users must be ids".into())
                })?,
        ),
        _ => {
            return Err(HostError::new(
                "INVALID_ARGUMENT",
                "options.users must be an array of ids".into(),
            ));
        }
    };
    let realtime = state.realtime();
    let message = Message {
        site: site.id,
        channel,
        payload: p["payload"].clone(),
        users,
        node: realtime.node.clone(),
    };
    let json =
        serde_json::to_string(&message).map_err(|e| HostError::new("INTERNAL", e.to_string()))?;
    if json.len() > MAX_MESSAGE_BYTES {
        return Err(HostError::new(
            "PAYLOAD_TOO_LARGE",
            format!("a realtime message is at most {MAX_MESSAGE_BYTES} bytes of JSON"),
        ));
    }
    let _ = realtime.sender.send(Arc::new(message));
    if let Err(e) = state.store().send_signal(&format!("realtime {json}")).await {
        tracing::warn!(error = %e, "sending a realtime message to other nodes");
    }
    Ok(Value::Null)
}

/// Who subscribes, as Wix names them: `{id, type: 'Admin' | 'Member' | 'Visitor'}`.
pub fn subscriber(caller: &DataCaller) -> Value {
    match caller {
        DataCaller::Member { id, .. } => json!({ "id": id, "type": "Member" }),
        DataCaller::Collaborator {
            role: Role::Owner | Role::Admin,
            id,
        } => json!({ "id": id, "type": "Admin" }),
        // A visitor is known by this subscription only.
        _ => json!({ "id": uuid::Uuid::new_v4().to_string(), "type": "Visitor" }),
    }
}

/// Whether the site's permissions code lets `who` read `channel`.
pub async fn allowed(
    state: &Platform,
    ctx: &DataContext,
    channel: &Channel,
    who: &Value,
) -> tessera_core::Result<bool> {
    let Some(code) = crate::code::published_code(state, ctx.site.id).await? else {
        return Ok(true);
    };
    if !code
        .files
        .get(PERMISSIONS_JS)
        .is_some_and(|f| f.contains(CHECK))
    {
        return Ok(true);
    }
    let source = format!("realtime {CHECK}");
    let host = crate::host::SiteHost::for_caller(state, &ctx.site, ctx.caller.clone(), &source);
    let outcome = state
        .engine()
        .call_export(
            &ctx.site.id.to_string(),
            &code,
            host,
            (PERMISSIONS_JS, CHECK),
            &[json!(channel), who.clone()],
        )
        .await;
    crate::code::log_outcome(state, &ctx.site, &source, None, &outcome).await;
    match outcome.result {
        Ok(answer) => Ok(answer["read"].as_bool() == Some(true)),
        // A failing check lets nobody in.
        Err(_) => Ok(false),
    }
}
