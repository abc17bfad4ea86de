//! Sites, who may do what on them (roles and permissions), invitations, API keys, domains.

use std::fmt;

use crate::{
    Millis,
    ids::{AccountId, ApiKeyId, InviteId, SiteId},
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub id: SiteId,
    pub slug: String,
    pub name: String,
    pub created_at: Millis,
}

/// A collaborator's or API key's role on a site, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Viewer,
    Editor,
    Developer,
    Admin,
    Owner,
}

/// What a request wants to do on a site; each role allows a fixed set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// See the site, its settings and collaborators.
    View,
    /// Change site content (pages, collections, items).
    EditContent,
    /// Push and publish backend code, run its latest push, read and write secrets: what the
    /// public runs, and what it may reach.
    Develop,
    /// Rename the site, manage domains, collaborators below owner, and API keys.
    Manage,
    /// Delete the site, grant or take away the owner role.
    Own,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::Developer,
        Role::Editor,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::Admin => "admin",
            Self::Developer => "developer",
            Self::Editor => "editor",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn allows(self, p: Permission) -> bool {
        let needed = match p {
            Permission::View => Role::Viewer,
            Permission::EditContent => Role::Editor,
            Permission::Develop => Role::Developer,
            Permission::Manage => Role::Admin,
            Permission::Own => Role::Owner,
        };
        self >= needed
    }

    /// Whether a holder of `self` may hand out (or take away) `other`: never above one's own
    /// role, and only owners touch owners.
    pub fn may_grant(self, other: Role) -> bool {
        self.allows(Permission::Manage) && other <= self
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collaborator {
    pub site_id: SiteId,
    pub account_id: AccountId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub added_at: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub site_id: SiteId,
    pub id: InviteId,
    pub email: String,
    pub role: Role,
    pub token_hash: String,
    pub invited_by: AccountId,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// How long an invitation link stays valid.
pub const INVITE_TTL_MILLIS: Millis = 7 * 24 * 3600 * 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteApiKey {
    pub site_id: SiteId,
    pub id: ApiKeyId,
    pub name: String,
    pub role: Role,
    pub key_hash: String,
    pub created_by: AccountId,
    pub created_at: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Domain {
    pub site_id: SiteId,
    pub domain: String,
    pub created_at: Millis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_in_order() {
        assert!(Role::Owner.allows(Permission::Own));
        assert!(!Role::Admin.allows(Permission::Own));
        assert!(Role::Admin.allows(Permission::Manage));
        assert!(!Role::Editor.allows(Permission::Manage));
        assert!(Role::Editor.allows(Permission::EditContent));
        assert!(!Role::Editor.allows(Permission::Develop));
        assert!(Role::Developer.allows(Permission::Develop));
        assert!(Role::Developer.allows(Permission::EditContent));
        assert!(!Role::Developer.allows(Permission::Manage));
        assert!(Role::Admin.allows(Permission::Develop));
        assert!(!Role::Viewer.allows(Permission::EditContent));
        assert!(Role::Viewer.allows(Permission::View));
    }

    #[test]
    fn granting_is_bounded_by_own_role() {
        assert!(Role::Owner.may_grant(Role::Owner));
        assert!(Role::Admin.may_grant(Role::Admin));
        assert!(!Role::Admin.may_grant(Role::Owner));
        assert!(!Role::Editor.may_grant(Role::Viewer));
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}
