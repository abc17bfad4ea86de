//! The CRM module: the site's contacts for its team (Wix's Contacts REST API) and for its
//! code (`wix-crm-backend`). Contacts themselves live in the platform (`contacts`), which
//! members, forms and the mail outbox write to; this module is how people manage them.

mod code;
mod contacts;

use futures::FutureExt;
use tessera_platform::module::{HostOp, Module, Route};

/// The CRM module.
pub struct Crm;

impl Module for Crm {
    fn name(&self) -> &'static str {
        "crm"
    }

    fn routes(&self) -> Vec<Route> {
        contacts::routes()
    }

    fn host_ops(&self) -> Vec<(&'static str, HostOp)> {
        vec![("crm", |p, who, payload| {
            async move { code::code_call(&p, &who.site, &payload).await }.boxed()
        })]
    }
}
