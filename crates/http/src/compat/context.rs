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

/// Header that lets tests act as a site member until members exist; honoured only when
/// `HttpConfig::test_member_header` is on.
pub const TEST_MEMBER_HEADER: &str = "x-tessera-test-member";

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
            None => match parts
                .headers
                .get(TEST_MEMBER_HEADER)
                .and_then(|v| v.to_str().ok())
            {
                Some(member) if state.config().test_member_header => {
                    DataCaller::Member(member.to_string())
                }
                _ => DataCaller::Visitor,
            },
        };
        Ok(Self {
            site,
            caller,
            suppress_hooks: false,
        })
    }
}
