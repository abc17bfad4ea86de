//! Accounts are the people who build and run sites (owners, collaborators). Site members,
//! the visitors who sign up on a published site, are a different thing and live elsewhere.

use crate::{Millis, ids::AccountId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    /// Normalised: trimmed, lower-case.
    pub email: String,
    pub name: String,
    pub created_at: Millis,
}

/// A stored bearer credential of an account: a login session or an account API key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountToken {
    pub hash: String,
    pub account_id: AccountId,
    pub kind: TokenKind,
    /// Shown in lists; for sessions the client's user agent.
    pub label: String,
    pub created_at: Millis,
    /// `None` never expires (account API keys until revoked).
    pub expires_at: Option<Millis>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Session,
    ApiKey,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::ApiKey => "api_key",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "session" => Some(Self::Session),
            "api_key" => Some(Self::ApiKey),
            _ => None,
        }
    }
}

/// How long a login session lasts.
pub const SESSION_TTL_MILLIS: Millis = 14 * 24 * 3600 * 1000;
