//! Row shapes as stored, and their conversion into domain types. Ids and roles are stored as
//! text; a value that does not parse means the database was changed behind our back.

use std::str::FromStr;

use tessera_core::{
    Error, Result,
    accounts::{Account, AccountToken, TokenKind},
    sites::{Collaborator, Domain, Invite, Role, Site, SiteApiKey},
};

fn parse_id<T: FromStr>(s: &str) -> Result<T> {
    s.parse()
        .map_err(|_| Error::internal(format!("stored id '{s}' is not a UUID")))
}

fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| Error::internal(format!("stored role '{s}' is unknown")))
}

#[derive(sqlx::FromRow)]
pub struct AccountRow {
    id: String,
    email: String,
    name: String,
    created_at: i64,
}

impl AccountRow {
    pub fn into_domain(self) -> Result<Account> {
        Ok(Account {
            id: parse_id(&self.id)?,
            email: self.email,
            name: self.name,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct AccountWithHashRow {
    #[sqlx(flatten)]
    account: AccountRow,
    password_hash: String,
}

impl AccountWithHashRow {
    pub fn into_domain(self) -> Result<(Account, String)> {
        Ok((self.account.into_domain()?, self.password_hash))
    }
}

#[derive(sqlx::FromRow)]
pub struct TokenRow {
    hash: String,
    account_id: String,
    kind: String,
    label: String,
    created_at: i64,
    expires_at: Option<i64>,
}

impl TokenRow {
    pub fn into_domain(self) -> Result<AccountToken> {
        Ok(AccountToken {
            account_id: parse_id(&self.account_id)?,
            kind: TokenKind::parse(&self.kind)
                .ok_or_else(|| Error::internal(format!("stored token kind '{}'", self.kind)))?,
            hash: self.hash,
            label: self.label,
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct TokenWithAccountRow {
    #[sqlx(flatten)]
    token: TokenRow,
    email: String,
    name: String,
    account_created_at: i64,
}

impl TokenWithAccountRow {
    /// From the columns in the order the token lookup selects them.
    pub fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            token: TokenRow {
                hash: row.get(0)?,
                account_id: row.get(1)?,
                kind: row.get(2)?,
                label: row.get(3)?,
                created_at: row.get(4)?,
                expires_at: row.get(5)?,
            },
            email: row.get(6)?,
            name: row.get(7)?,
            account_created_at: row.get(8)?,
        })
    }

    pub fn into_domain(self) -> Result<(AccountToken, Account)> {
        let token = self.token.into_domain()?;
        let account = Account {
            id: token.account_id,
            email: self.email,
            name: self.name,
            created_at: self.account_created_at,
        };
        Ok((token, account))
    }
}

#[derive(sqlx::FromRow)]
pub struct SiteRow {
    site_id: String,
    slug: String,
    name: String,
    created_at: i64,
}

impl SiteRow {
    pub fn into_domain(self) -> Result<Site> {
        Ok(Site {
            id: parse_id(&self.site_id)?,
            slug: self.slug,
            name: self.name,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SiteWithRoleRow {
    #[sqlx(flatten)]
    site: SiteRow,
    role: String,
}

impl SiteWithRoleRow {
    pub fn into_domain(self) -> Result<(Site, Role)> {
        Ok((self.site.into_domain()?, parse_role(&self.role)?))
    }
}

#[derive(sqlx::FromRow)]
pub struct RoleRow {
    role: String,
}

impl RoleRow {
    pub fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self { role: row.get(0)? })
    }

    pub fn into_domain(self) -> Result<Role> {
        parse_role(&self.role)
    }
}

#[derive(sqlx::FromRow)]
pub struct CollaboratorRow {
    site_id: String,
    account_id: String,
    email: String,
    name: String,
    role: String,
    added_at: i64,
}

impl CollaboratorRow {
    pub fn into_domain(self) -> Result<Collaborator> {
        Ok(Collaborator {
            site_id: parse_id(&self.site_id)?,
            account_id: parse_id(&self.account_id)?,
            email: self.email,
            name: self.name,
            role: parse_role(&self.role)?,
            added_at: self.added_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct InviteRow {
    site_id: String,
    id: String,
    email: String,
    role: String,
    token_hash: String,
    invited_by: String,
    created_at: i64,
    expires_at: i64,
}

impl InviteRow {
    pub fn into_domain(self) -> Result<Invite> {
        Ok(Invite {
            site_id: parse_id(&self.site_id)?,
            id: parse_id(&self.id)?,
            email: self.email,
            role: parse_role(&self.role)?,
            token_hash: self.token_hash,
            invited_by: parse_id(&self.invited_by)?,
            created_at: self.created_at,
            expires_at: self.expires_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SiteKeyRow {
    site_id: String,
    id: String,
    name: String,
    role: String,
    key_hash: String,
    created_by: String,
    created_at: i64,
}

impl SiteKeyRow {
    /// From the columns in the order the key lookup selects them.
    pub fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            site_id: row.get(0)?,
            id: row.get(1)?,
            name: row.get(2)?,
            role: row.get(3)?,
            key_hash: row.get(4)?,
            created_by: row.get(5)?,
            created_at: row.get(6)?,
        })
    }

    pub fn into_domain(self) -> Result<SiteApiKey> {
        Ok(SiteApiKey {
            site_id: parse_id(&self.site_id)?,
            id: parse_id(&self.id)?,
            name: self.name,
            role: parse_role(&self.role)?,
            key_hash: self.key_hash,
            created_by: parse_id(&self.created_by)?,
            created_at: self.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct DomainRow {
    site_id: String,
    domain: String,
    created_at: i64,
}

impl DomainRow {
    pub fn into_domain(self) -> Result<Domain> {
        Ok(Domain {
            site_id: parse_id(&self.site_id)?,
            domain: self.domain,
            created_at: self.created_at,
        })
    }
}

pub fn all<R, T>(rows: Vec<R>, f: impl Fn(R) -> Result<T>) -> Result<Vec<T>> {
    rows.into_iter().map(f).collect()
}
