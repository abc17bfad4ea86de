//! Which site a Wix-compatible call addresses, and who makes it. The site comes from the
//! Host (a site's own address) or, on the dashboard host, from the `wix-site-id` header (id
//! or slug), as the official SDK sends it with API keys.

use axum::{
    extract::{FromRequestParts, OptionalFromRequestParts},
    http::request::Parts,
};
use tessera_core::{data::DataCaller, sites::Site};

use super::error::WixError;
use crate::{AppState, auth::Caller};

#[derive(Clone)]
pub struct DataContext {
    pub site: Site,
    pub caller: DataCaller,
    /// Backend code's `suppressHooks`: the site's data hooks do not run.
    pub suppress_hooks: bool,
}

impl FromRequestParts<AppState> for DataContext {
    type Rejection = WixError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WixError> {
        // Site code's own calls come with their context already decided.
        if let Some(ctx) = parts.extensions.get::<DataContext>() {
            return Ok(ctx.clone());
        }
        let store = state.store();
        let site = match parts.extensions.get::<Site>() {
            Some(site) => site.clone(),
            None => {
                let reference = parts
                    .headers
                    .get("wix-site-id")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| {
                        WixError::bad_request("the wix-site-id header is required on this host")
                    })?;
                match reference.parse() {
                    Ok(id) => store.site(id).await?,
                    Err(_) => store.site_by_slug(reference).await?,
                }
                .ok_or_else(|| {
                    WixError::new(
                        axum::http::StatusCode::NOT_FOUND,
                        "WDE0073",
                        "site not found",
                    )
                })?
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
                    return Err(WixError::denied(
                        "cross-site request refused: send it from the site's own pages",
                    ));
                }
                crate::members::data_caller(member.as_ref())
            }
            None => DataCaller::Visitor,
        };
        Ok(Self {
            site,
            caller,
            suppress_hooks: false,
        })
    }
}
