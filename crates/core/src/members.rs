//! Site members: visitors who sign up on one published site, with their own sessions, roles
//! and badges. They are not accounts (who build sites) and never act on another site.
//! Also the site's outgoing email, which members' verification and reset links travel by.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, Millis, Result, ids::SiteId};

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub site_id: SiteId,
    pub id: String,
    /// The login email, trimmed and lower-cased.
    pub email: String,
    pub status: MemberStatus,
    pub email_verified: bool,
    /// Keys of the site's member roles and badges this member holds.
    pub roles: Vec<String>,
    /// `firstName`, `lastName`, `nickname`, `picture`, `slug` and custom fields.
    pub profile: Map<String, Value>,
    /// The member's CRM contact.
    pub contact_id: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub last_login_at: Option<Millis>,
}

impl Member {
    /// A new member of `site` with a fresh id, no roles, contact or login yet, and an email
    /// not yet verified.
    pub fn new(
        site_id: SiteId,
        email: String,
        status: MemberStatus,
        profile: Map<String, Value>,
    ) -> Self {
        let now = crate::now_millis();
        Self {
            site_id,
            id: uuid::Uuid::now_v7().to_string(),
            email,
            status,
            email_verified: false,
            roles: Vec::new(),
            profile,
            contact_id: None,
            created_at: now,
            updated_at: now,
            last_login_at: None,
        }
    }

    pub fn profile_text(&self, key: &str) -> Option<&str> {
        self.profile
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// How to greet the member: nickname, first name, or the email's local part.
    pub fn display_name(&self) -> &str {
        self.profile_text("nickname")
            .or_else(|| self.profile_text("firstName"))
            .unwrap_or_else(|| self.email.split('@').next().unwrap_or(&self.email))
    }
}

/// Wix's member statuses: `PENDING` waits for the owner's approval; `BLOCKED` may not log in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MemberStatus {
    Pending,
    Approved,
    Blocked,
}

impl MemberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Approved => "APPROVED",
            Self::Blocked => "BLOCKED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Blocked]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// How visitors join the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberSettings {
    /// `open`: anyone may join; `approval`: new members wait until the owner approves them.
    pub signup: SignupPolicy,
    /// New members must follow the link emailed to them before they can log in.
    pub verify_email: bool,
}

impl Default for MemberSettings {
    fn default() -> Self {
        Self {
            signup: SignupPolicy::Open,
            verify_email: true,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignupPolicy {
    Open,
    Approval,
}

/// A role (it limits pages and data, e.g. "Gold") or a badge (it is shown on the profile)
/// that the owner defines and gives to members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberRole {
    /// A key such as `gold`: what pages' visibility and members' `roles` name.
    pub id: String,
    pub kind: RoleKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub created_at: Millis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RoleKind {
    Role,
    Badge,
}

impl RoleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Role => "role",
            Self::Badge => "badge",
        }
    }
}

/// Role keys: lower-case letters, digits and `-`, 1–64 characters.
pub fn role_key(key: &str) -> Result<()> {
    let ok = (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "id",
            format!("'{key}' is not a valid role key: use lower-case letters, digits and -"),
        ))
    }
}

/// What a single-use member token is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberTokenKind {
    Verify,
    Reset,
    /// Approves a pending member: code gets it from `register()` and spends it with
    /// `approveByToken()`; it is never emailed.
    Approve,
}

impl MemberTokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::Reset => "reset",
            Self::Approve => "approve",
        }
    }

    /// How long the token works (Wix's approval tokens: 30 hours).
    pub fn ttl_millis(self) -> Millis {
        match self {
            Self::Verify => 48 * 3600 * 1000,
            Self::Reset => 3600 * 1000,
            Self::Approve => 30 * 3600 * 1000,
        }
    }
}

/// How long a member stays logged in.
pub const MEMBER_SESSION_TTL_MILLIS: Millis = 30 * 24 * 3600 * 1000;

/// A message to send. `status`: `queued` (waiting for its next attempt), `sent`, `failed`
/// (gave up), or `kept` (no relay configured: it stays in the outbox to be read there).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    #[serde(skip)]
    pub site_id: SiteId,
    pub id: String,
    /// What it is: `verify`, `reset`, `form`, `signup-exists`, ….
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub last_error: Option<String>,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
    /// A text file sent with it (a booking's calendar entry).
    pub attachment: Option<Attachment>,
}

/// A text file attached to an email.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    pub name: String,
    pub content_type: String,
    pub content: String,
}

#[async_trait]
pub trait MemberStore: Send + Sync {
    /// Conflict on `email` when the site has a member with it.
    async fn create_member(&self, member: &Member, password_hash: &str) -> Result<()>;
    async fn member(&self, site: SiteId, id: &str) -> Result<Option<Member>>;
    /// The member with its password hash.
    async fn member_by_email(&self, site: SiteId, email: &str) -> Result<Option<(Member, String)>>;
    /// Stores everything but the id, site and creation time. Conflict on `email`; NotFound.
    async fn update_member(&self, member: &Member) -> Result<()>;
    /// Gives a member a new id: a new member takes their contact's id (as on Wix, a member's
    /// id is their contact's). Only before anything else refers to the member. NotFound;
    /// Conflict when the id is taken.
    async fn change_member_id(&self, site: SiteId, id: &str, new_id: &str) -> Result<()>;
    /// Replaces the password and ends every session of the member.
    async fn set_member_password(&self, site: SiteId, id: &str, password_hash: &str) -> Result<()>;
    /// Deletes the member with its sessions and tokens. NotFound when there is none.
    async fn delete_member(&self, site: SiteId, id: &str) -> Result<()>;
    /// Members by creation time, oldest first.
    async fn members(&self, site: SiteId, offset: u32, limit: u32) -> Result<Vec<Member>>;
    async fn member_count(&self, site: SiteId) -> Result<i64>;

    async fn create_member_session(
        &self,
        site: SiteId,
        hash: &str,
        member: &str,
        expires_at: Millis,
    ) -> Result<()>;
    /// The member of a session that has not expired at `now`, on that site only.
    async fn member_session(&self, site: SiteId, hash: &str, now: Millis)
    -> Result<Option<Member>>;
    async fn delete_member_session(&self, hash: &str) -> Result<()>;
    async fn delete_member_sessions(&self, site: SiteId, member: &str) -> Result<()>;

    /// Stores a single-use token, replacing the member's earlier ones of the same kind.
    async fn create_member_token(
        &self,
        site: SiteId,
        hash: &str,
        member: &str,
        kind: MemberTokenKind,
        expires_at: Millis,
    ) -> Result<()>;
    /// Consumes a token: the member it was for, if it exists, has this kind and has not
    /// expired. It is gone afterwards either way.
    async fn take_member_token(
        &self,
        site: SiteId,
        hash: &str,
        kind: MemberTokenKind,
        now: Millis,
    ) -> Result<Option<String>>;

    async fn member_settings(&self, site: SiteId) -> Result<MemberSettings>;
    async fn put_member_settings(&self, site: SiteId, settings: &MemberSettings) -> Result<()>;
    async fn member_roles(&self, site: SiteId) -> Result<Vec<MemberRole>>;
    /// Creates or replaces a role or badge by id.
    async fn put_member_role(&self, site: SiteId, role: &MemberRole) -> Result<()>;
    /// NotFound when there is no such role.
    async fn delete_member_role(&self, site: SiteId, id: &str) -> Result<()>;
}

#[async_trait]
pub trait MailStore: Send + Sync {
    /// Queues `email`; false (and nothing changes) when the site has one of its id already.
    async fn queue_email(&self, email: &Email) -> Result<bool>;
    /// Leases up to `limit` queued emails due at `now` until `lease_until`, so no other
    /// sender takes them meanwhile, and returns them.
    async fn lease_emails(
        &self,
        now: Millis,
        lease_until: Millis,
        limit: u32,
    ) -> Result<Vec<Email>>;
    /// Records an attempt's outcome: status, attempts, next attempt, error, sent time.
    async fn update_email(&self, email: &Email) -> Result<()>;
    /// The site's emails, newest first.
    async fn emails(&self, site: SiteId, limit: u32) -> Result<Vec<Email>>;
}

/// Trimmed and lower-cased; an error naming `field` unless it looks like an address.
pub fn normalize_email(field: &'static str, email: &str) -> Result<String> {
    let email = email.trim().to_lowercase();
    let ok = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if ok {
        Ok(email)
    } else {
        Err(Error::invalid(
            field,
            "enter an email address such as name@example.com",
        ))
    }
}

/// Members' passwords: 8–256 characters.
pub fn check_password(field: &'static str, password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < 8 {
        return Err(Error::invalid(field, "use at least 8 characters"));
    }
    if n > 256 {
        return Err(Error::invalid(field, "use at most 256 characters"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_passwords() {
        assert_eq!(
            normalize_email("email", " Ann@Example.COM ").unwrap(),
            "ann@example.com"
        );
        for bad in [
            "", "ann", "ann@", "@x.io", "a b@x.io", "a@x", "a@.x", "a@b@c.io",
        ] {
            assert!(normalize_email("email", bad).is_err(), "{bad}");
        }
        assert!(check_password("password", "short").is_err());
        assert!(check_password("password", "long enough").is_ok());
        assert!(role_key("gold").is_ok() && role_key("Gold").is_err() && role_key("").is_err());
    }
}
