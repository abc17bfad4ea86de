//! `wix-realtime-backend` on the site's host: site code publishes messages to a channel
//! (`{name, resourceId?}`, in the platform) and the site's visitors receive them as Server-Sent Events from
//! `GET /_realtime/subscribe?channel=<name>&resourceId=<id>` on the site's address. Before a
//! subscription starts, the site's `backend/realtime-permissions.js` export
//! `realtime_check_permission(channel, subscriber)` (usually `permissionsRouter.check`) must
//! answer `{read: true}`; a site without it lets everyone read, as on Wix.
//!
//! Delivery: every node hands a message to its own subscribers; with PostgreSQL it also goes
//! to the other nodes through the database's signals (LISTEN/NOTIFY), which is why a message
//! is at most `MAX_MESSAGE_BYTES`.

use std::{convert::Infallible, sync::Arc, time::Duration};

use axum::{
    Router,
    extract::State,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
    routing::get,
};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::json;
use tessera_core::ErrorCode;
use tessera_platform::realtime::{Message, allowed, channel_from, subscriber};
use tokio::sync::broadcast;

use crate::{AppState, compat::Ctx, error::ApiError};

pub fn router() -> Router<AppState> {
    Router::new().route("/_realtime/subscribe", get(subscribe))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SubscribeQuery {
    channel: Option<String>,
    resource_id: Option<String>,
}

async fn subscribe(
    State(state): State<AppState>,
    Ctx(ctx): Ctx,
    axum::extract::Query(q): axum::extract::Query<SubscribeQuery>,
) -> Response {
    let channel = match channel_from(&json!({ "name": q.channel, "resourceId": q.resource_id })) {
        Ok(c) => c,
        Err(e) => return ApiError::new(ErrorCode::InvalidArgument, e.message).into_response(),
    };
    let who = subscriber(&ctx.caller);
    match allowed(&state, &ctx, &channel, &who).await {
        Ok(true) => {}
        Ok(false) => {
            return ApiError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "the site does not let you read the channel {}",
                    channel.name
                ),
            )
            .into_response();
        }
        Err(e) => return ApiError::from(e).into_response(),
    }
    // Subscribed before the first event goes out: a client that saw `subscribed` misses
    // nothing published after it.
    let receiver = state.realtime().subscribe();
    let site = ctx.site.id;
    let me = who["id"].as_str().unwrap_or_default().to_string();
    let ready = Event::default()
        .event("subscribed")
        .data(json!({ "channel": channel, "subscriber": who }).to_string());
    let messages = tokio_stream_of(receiver).filter_map(move |m| {
        let wanted = m.site == site
            && m.channel == channel
            && m.users.as_ref().is_none_or(|u| u.contains(&me));
        let event = wanted.then(|| {
            Event::default()
                .event("message")
                .data(json!({ "channel": m.channel, "payload": m.payload }).to_string())
        });
        async move { event.map(Ok::<_, Infallible>) }
    });
    let stream = futures::stream::once(async move { Ok(ready) }).chain(messages);
    let mut response = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        .into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    response
}

/// The broadcast receiver as a stream; a subscriber that fell behind skips what it missed.
fn tokio_stream_of(
    receiver: broadcast::Receiver<Arc<Message>>,
) -> impl futures::Stream<Item = Arc<Message>> {
    futures::stream::unfold(receiver, |mut r| async move {
        loop {
            match r.recv().await {
                Ok(m) => return Some((m, r)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}
