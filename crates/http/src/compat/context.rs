//! Which site a Wix-compatible call addresses, and who makes it. The site comes from the
//! Host (a site's own address) or, on the dashboard host, from the `wix-site-id` header (id
//! or slug), as the official SDK sends it with API keys, or a `site` query parameter (the
//! dashboard's GraphiQL posts to `/graphql?site=<slug>`).

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::request::Parts,
};
use tessera_core::{data::DataCaller, sites::Site};
use tessera_platform::{WixCode, WixError, data::DataContext};

use super::Wix;
use crate::{AppState, auth::Caller};

/// The [`DataContext`] of a request.
pub struct Ctx(pub DataContext);

impl FromRequestParts<AppState> for Ctx {
    type Rejection = Wix;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Wix> {
        let store = state.store();
        let site = match parts.extensions.get::<Site>() {
            Some(site) => site.clone(),
            None => {
                let from_query = parts.uri.query().and_then(|q| {
                    form_urlencoded::parse(q.as_bytes())
                        .find(|(k, _)| k == "site")
                        .map(|(_, v)| v.into_owned())
                });
                let reference = parts
                    .headers
                    .get("wix-site-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
                    .or(from_query)
                    .ok_or_else(|| {
                        WixError::bad_request(
                            "the wix-site-id header (or a site query parameter) is required on this host",
                        )
                    })?;
                match reference.parse() {
                    Ok(id) => store.site(id).await?,
                    Err(_) => store.site_by_slug(&reference).await?,
                }
                .ok_or_else(|| WixError::new(WixCode::ItemNotFound, "site not found"))?
            }
        };
        let caller =
            <Caller as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
                .await?;
        let caller = match caller {
            Some(Caller::Account { account, .. }) => {
                match store.role_of(site.id, account.id).await? {
                    Some(role) => DataCaller::Collaborator {
                        role,
                        id: account.id.to_string(),
                    },
                    None => DataCaller::Visitor,
                }
            }
            Some(Caller::SiteKey(key)) if key.site_id == site.id => DataCaller::Collaborator {
                role: key.role,
                id: key.created_by.to_string(),
            },
            Some(Caller::SiteKey(_)) => DataCaller::Visitor,
            // A site member's cookie only ever reaches its own site's host.
            None if parts.extensions.get::<Site>().is_some() => {
                let member = crate::members::signed_in(state, &site, &parts.headers).await?;
                if member.is_some()
                    && !crate::auth::is_safe(&parts.method)
                    && crate::auth::cross_origin(&parts.headers)
                {
                    return Err(Wix(WixError::denied(
                        "cross-site request refused: send it from the site's own pages",
                    )));
                }
                tessera_platform::members::data_caller(member.as_ref())
            }
            None => DataCaller::Visitor,
        };
        Ok(Self(DataContext {
            site,
            caller,
            suppress_hooks: false,
        }))
    }
}
