//! [`SiteHost`]: what site code may do on the server, for one invocation's caller. Data
//! calls run the platform's data use cases directly with the caller's rights; `fetch`,
//! secrets, members, contacts, realtime and sockets through their guards.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;
use tessera_core::{data::DataCaller, sites::Site};
use tessera_jsrt::{Host, HostError, LogLine};

use crate::{
    Platform, WixError,
    code::{append_logs, host_error},
    data::{self, Answer, DataContext},
};

/// What site code may do on the server, for one invocation's caller.
pub struct SiteHost {
    state: Platform,
    site: Site,
    caller: DataCaller,
    /// The visitor whose request runs the code ("" when none): `module::CodeCaller::visitor`.
    visitor: String,
    /// What runs, as the code log names it.
    source: String,
    /// The invocation's raw TCP sockets (to the SMTP relay only), closed when it ends.
    sockets: crate::sockets::Sockets,
}

impl SiteHost {
    pub fn for_caller(
        state: &Platform,
        site: &Site,
        caller: DataCaller,
        source: &str,
    ) -> Arc<dyn Host> {
        Self::for_visitor(state, site, caller, "", source)
    }

    /// `for_caller`, for code that a visitor's request runs (a web method): the store's
    /// "current cart" is then theirs.
    pub fn for_visitor(
        state: &Platform,
        site: &Site,
        caller: DataCaller,
        visitor: &str,
        source: &str,
    ) -> Arc<dyn Host> {
        Arc::new(Self {
            state: state.clone(),
            site: site.clone(),
            caller,
            visitor: visitor.to_string(),
            source: source.to_string(),
            sockets: crate::sockets::Sockets::default(),
        })
    }

    /// A secret's value, for `getSecret`.
    async fn secret(&self, name: &str) -> Result<Value, HostError> {
        let unavailable = |message: String| HostError {
            code: "SECRET_NOT_FOUND".into(),
            message,
            details: None,
        };
        let value = crate::secrets::value(&self.state, self.site.id, name)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, site = %self.site.slug, "opening a secret");
                unavailable("the secret cannot be read with this server's key".into())
            })?
            .ok_or_else(|| unavailable(format!("no secret named {name}")))?;
        Ok(Value::String(value))
    }

    /// A data API call with this caller (or, with `suppressAuth` or from within wix-auth's
    /// `elevate`, with full access), run as REST runs the same path.
    async fn data(&self, p: Value) -> Result<Answer, HostError> {
        let post = match p["method"].as_str() {
            Some("GET") => false,
            Some("POST") => true,
            _ => {
                return Err(wix_host_error(WixError::bad_request(
                    "method must be GET or POST",
                )));
            }
        };
        let caller =
            if p["suppressAuth"].as_bool() == Some(true) || p["elevated"].as_bool() == Some(true) {
                DataCaller::Code {
                    member: self
                        .caller
                        .owner_id()
                        .filter(|_| matches!(self.caller, DataCaller::Member { .. })),
                }
            } else {
                self.caller.clone()
            };
        let ctx = DataContext {
            site: self.site.clone(),
            caller,
            suppress_hooks: p["suppressHooks"].as_bool() == Some(true),
        };
        let mut p = p;
        let body = p["body"].take();
        let path = p["path"].as_str().unwrap_or_default();
        data::call(&self.state, &ctx, post, path, body)
            .await
            .map_err(wix_host_error)
    }
}

/// A data error as site code sees it: Wix's code, its description, and Wix's details.
fn wix_host_error(e: WixError) -> HostError {
    e.log_internal();
    HostError {
        code: e.code().as_str().to_string(),
        message: e.description().to_string(),
        details: Some(e.body()["details"].take()),
    }
}

#[async_trait]
impl Host for SiteHost {
    async fn call(&self, op: &str, payload: Value) -> Result<Value, HostError> {
        match op {
            "data" => self
                .data(payload)
                .await?
                .into_value()
                .map_err(|e| HostError {
                    code: e.code().as_str().to_string(),
                    message: e.description().to_string(),
                    details: None,
                }),
            "fetch" => crate::fetch::fetch(&self.state.config().fetch_allow, payload).await,
            "secret" => {
                self.secret(payload["name"].as_str().unwrap_or_default())
                    .await
            }
            "members" => {
                crate::members::code_call(&self.state, &self.site, &self.caller, &payload).await
            }
            "secrets" => crate::secrets::code_call(&self.state, &self.site, &payload)
                .await
                .map_err(|e| host_error(e, "SECRET_NOT_FOUND")),
            "captcha" => crate::captcha::authorize(&self.state.config().captcha, &payload).await,
            "realtime" => crate::realtime::publish(&self.state, &self.site, &payload).await,
            "socket" => {
                let config = self.state.config();
                let relay = crate::sockets::relay_address(config.mail.smtp_url.as_deref());
                self.sockets.call(relay, payload).await
            }
            other => {
                let op = self
                    .state
                    .modules()
                    .iter()
                    .flat_map(|m| m.host_ops())
                    .find(|(name, _)| *name == other)
                    .map(|(_, op)| op)
                    .ok_or_else(|| HostError {
                        code: "UNKNOWN_OPERATION".into(),
                        message: format!("no host operation {other}"),
                        details: None,
                    })?;
                let who = crate::module::CodeCaller {
                    site: self.site.clone(),
                    caller: self.caller.clone(),
                    visitor: self.visitor.clone(),
                };
                op(self.state.clone(), who, payload).await
            }
        }
    }

    async fn call_json(&self, op: &str, payload: Value) -> Result<String, HostError> {
        match op {
            "data" => Ok(match self.data(payload).await? {
                Answer::Value(v) => v.to_string(),
                // Stored items' JSON, written once by the store and read once by the code.
                Answer::Text(t) => String::from_utf8(t).map_err(|_| HostError {
                    code: "INTERNAL".into(),
                    message: "internal error".into(),
                    details: None,
                })?,
            }),
            _ => self.call(op, payload).await.map(|v| v.to_string()),
        }
    }

    fn late_logs(&self, lines: Vec<LogLine>) {
        let (state, site) = (self.state.clone(), self.site.clone());
        let source = format!("{} (after its answer)", self.source);
        tokio::spawn(async move {
            let at = tessera_core::now_millis();
            append_logs(&state, &site, &source, None, at, &lines).await;
        });
    }
}
