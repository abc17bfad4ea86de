//! Who may read and write a collection's items: the collection's permissions applied to the
//! caller. Collaborators and API keys act with their site role; members are site visitors who
//! signed in; everyone else is a visitor.

use super::collection::{AccessLevel, Permissions};
use crate::sites::{Permission, Role};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataCaller {
    Visitor,
    /// A signed-in site member, with the keys of the roles they hold.
    Member {
        id: String,
        roles: Vec<String>,
    },
    /// A collaborator or site API key with this role.
    Collaborator {
        role: Role,
        id: String,
    },
    /// Site code with `suppressAuth`: any item; what it inserts belongs to the member whose
    /// request runs the code, if any.
    Code {
        member: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Insert,
    Update,
    Remove,
}

/// The outcome of a permission check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    Denied,
    All,
    /// Only items whose `_owner` is this member.
    OwnOnly(String),
}

impl DataCaller {
    /// The `_owner` given to the items this caller inserts.
    pub fn owner_id(&self) -> Option<String> {
        match self {
            Self::Visitor => None,
            Self::Member { id, .. } | Self::Collaborator { id, .. } => Some(id.clone()),
            Self::Code { member } => member.clone(),
        }
    }

    /// Whether this caller manages the site's collections (their schemas).
    pub fn may_manage_collections(&self) -> bool {
        matches!(self, Self::Collaborator { role, .. } if role.allows(Permission::EditContent))
    }

    /// Whether this caller sees collections' schemas.
    pub fn may_view_collections(&self) -> bool {
        matches!(self, Self::Collaborator { .. })
    }

    pub fn access(&self, permissions: &Permissions, action: Action) -> Access {
        let level = match action {
            Action::Read => permissions.read,
            Action::Insert => permissions.insert,
            Action::Update => permissions.update,
            Action::Remove => permissions.remove,
        };
        match self {
            Self::Code { .. } => Access::All,
            // Editors and above do anything with content; viewers read it.
            Self::Collaborator { role, .. } if role.allows(Permission::EditContent) => Access::All,
            Self::Collaborator { .. } if action == Action::Read => Access::All,
            Self::Collaborator { .. } | Self::Visitor => {
                if level == AccessLevel::Anyone {
                    Access::All
                } else {
                    Access::Denied
                }
            }
            Self::Member { id, roles } => match level {
                AccessLevel::Anyone => Access::All,
                _ if !permissions.member_roles.is_empty()
                    && !roles.iter().any(|r| permissions.member_roles.contains(r)) =>
                {
                    Access::Denied
                }
                AccessLevel::SiteMember => Access::All,
                AccessLevel::SiteMemberAuthor if action == Action::Insert => Access::All,
                AccessLevel::SiteMemberAuthor => Access::OwnOnly(id.clone()),
                AccessLevel::CmsEditor => Access::Denied,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_per_caller() {
        let p = Permissions {
            read: AccessLevel::Anyone,
            insert: AccessLevel::SiteMember,
            update: AccessLevel::SiteMemberAuthor,
            remove: AccessLevel::CmsEditor,
            member_roles: Vec::new(),
        };
        let visitor = DataCaller::Visitor;
        let member = DataCaller::Member {
            id: "m1".into(),
            roles: vec!["gold".into()],
        };
        let viewer = DataCaller::Collaborator {
            role: Role::Viewer,
            id: "a".into(),
        };
        let editor = DataCaller::Collaborator {
            role: Role::Editor,
            id: "b".into(),
        };
        assert_eq!(visitor.access(&p, Action::Read), Access::All);
        assert_eq!(visitor.access(&p, Action::Insert), Access::Denied);
        assert_eq!(member.access(&p, Action::Insert), Access::All);
        assert_eq!(
            member.access(&p, Action::Update),
            Access::OwnOnly("m1".into())
        );
        assert_eq!(member.access(&p, Action::Remove), Access::Denied);
        assert_eq!(viewer.access(&p, Action::Remove), Access::Denied);
        assert_eq!(editor.access(&p, Action::Remove), Access::All);
        assert!(editor.may_manage_collections() && !viewer.may_manage_collections());

        // A role-limited collection admits members holding one of its roles.
        let gold_only = Permissions {
            member_roles: vec!["gold".into()],
            ..p.clone()
        };
        let plain = DataCaller::Member {
            id: "m2".into(),
            roles: Vec::new(),
        };
        assert_eq!(member.access(&gold_only, Action::Insert), Access::All);
        assert_eq!(plain.access(&gold_only, Action::Insert), Access::Denied);
        assert_eq!(plain.access(&gold_only, Action::Read), Access::All);
    }
}
