//! Site members (with their sessions, tokens, settings and roles) and the outgoing email
//! queue, for both backends (`impl_member_store!`, stamped out by `impl_store!`).

use tessera_core::{
    Error, Millis, Result,
    ids::SiteId,
    members::{Email, Member, MemberStatus},
};

/// The columns `member_from_row` reads, in order.
pub(crate) const MEMBER_COLUMNS: &str = "id, email, status, email_verified, roles, profile, \
     contact_id, created_at, updated_at, last_login_at";

pub(crate) type MemberRow = (
    String,
    String,
    String,
    bool,
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<i64>,
);

pub(crate) fn member_from_row(site: SiteId, row: MemberRow) -> Result<Member> {
    let (id, email, status, email_verified, roles, profile, contact_id, created, updated, login) =
        row;
    Ok(Member {
        site_id: site,
        id,
        email,
        status: MemberStatus::parse(&status)
            .ok_or_else(|| Error::internal(format!("member status {status}")))?,
        email_verified,
        roles: serde_json::from_str(&roles).map_err(Error::internal)?,
        profile: serde_json::from_str(&profile).map_err(Error::internal)?,
        contact_id,
        created_at: created,
        updated_at: updated,
        last_login_at: login,
    })
}

pub(crate) const EMAIL_COLUMNS: &str = "site_id, id, kind, to_address, subject, text_body, \
     html_body, status, attempts, next_attempt_at, last_error, created_at, sent_at, attachment";

pub(crate) type EmailRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<String>,
    i64,
    Option<Millis>,
    Option<String>,
);

pub(crate) fn email_from_row(row: EmailRow) -> Result<Email> {
    let (
        site,
        id,
        kind,
        to,
        subject,
        text,
        html,
        status,
        attempts,
        next,
        error,
        created,
        sent,
        attachment,
    ) = row;
    Ok(Email {
        site_id: site.parse().map_err(Error::internal)?,
        id,
        kind,
        to,
        subject,
        text,
        html,
        status,
        attempts,
        next_attempt_at: next,
        last_error: error,
        created_at: created,
        sent_at: sent,
        attachment: attachment
            .map(|a| serde_json::from_str(&a).map_err(Error::internal))
            .transpose()?,
    })
}

macro_rules! impl_member_store {
    ($store:ty, $dialect:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::MemberStore for $store {
            async fn create_member(
                &self,
                m: &tessera_core::members::Member,
                password_hash: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_members (site_id, id, email, password_hash, status,
                       email_verified, roles, profile, contact_id, created_at, updated_at, last_login_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                )
                .bind(m.site_id.to_string())
                .bind(&m.id)
                .bind(&m.email)
                .bind(password_hash)
                .bind(m.status.as_str())
                .bind(m.email_verified)
                .bind(serde_json::to_string(&m.roles).map_err(tessera_core::Error::internal)?)
                .bind(serde_json::Value::Object(m.profile.clone()).to_string())
                .bind(&m.contact_id)
                .bind(m.created_at)
                .bind(m.updated_at)
                .bind(m.last_login_at)
                .execute(self.write())
                .await
                .map_err(|e| {
                    $crate::unique_or_internal(e, "email", "a member with this email exists")
                })?;
                Ok(())
            }

            async fn member(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<Option<tessera_core::members::Member>> {
                let sql = format!(
                    "SELECT {} FROM site_members WHERE site_id = $1 AND id = $2",
                    $crate::members::MEMBER_COLUMNS
                );
                let row: Option<$crate::members::MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(id)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map(|r| $crate::members::member_from_row(site, r))
                    .transpose()
            }

            async fn member_by_email(
                &self,
                site: tessera_core::ids::SiteId,
                email: &str,
            ) -> tessera_core::Result<Option<(tessera_core::members::Member, String)>> {
                let sql = format!(
                    "SELECT {}, password_hash FROM site_members WHERE site_id = $1 AND email = $2",
                    $crate::members::MEMBER_COLUMNS
                );
                let row: Option<(
                    String,
                    String,
                    String,
                    bool,
                    String,
                    String,
                    Option<String>,
                    i64,
                    i64,
                    Option<i64>,
                    String,
                )> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(email)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map(|(a, b, c, d, e, f, g, h, i, j, hash)| {
                    Ok(($crate::members::member_from_row(site, (a, b, c, d, e, f, g, h, i, j))?, hash))
                })
                .transpose()
            }

            async fn update_member(
                &self,
                m: &tessera_core::members::Member,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "UPDATE site_members SET email = $3, status = $4, email_verified = $5,
                       roles = $6, profile = $7, contact_id = $8, updated_at = $9, last_login_at = $10
                     WHERE site_id = $1 AND id = $2",
                )
                .bind(m.site_id.to_string())
                .bind(&m.id)
                .bind(&m.email)
                .bind(m.status.as_str())
                .bind(m.email_verified)
                .bind(serde_json::to_string(&m.roles).map_err(tessera_core::Error::internal)?)
                .bind(serde_json::Value::Object(m.profile.clone()).to_string())
                .bind(&m.contact_id)
                .bind(m.updated_at)
                .bind(m.last_login_at)
                .execute(self.write())
                .await
                .map_err(|e| {
                    $crate::unique_or_internal(e, "email", "a member with this email exists")
                })?;
                $crate::queries::found(done.rows_affected(), "member")
            }

            async fn change_member_id(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
                new_id: &str,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query("UPDATE site_members SET id = $3 WHERE site_id = $1 AND id = $2")
                    .bind(site.to_string())
                    .bind(id)
                    .bind(new_id)
                    .execute(self.write())
                    .await
                    .map_err(|e| $crate::unique_or_internal(e, "id", "a member with this id exists"))?;
                $crate::queries::found(done.rows_affected(), "member")
            }

            async fn set_member_password(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
                password_hash: &str,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query(
                    "UPDATE site_members SET password_hash = $3, updated_at = $4
                      WHERE site_id = $1 AND id = $2",
                )
                .bind(site.to_string())
                .bind(id)
                .bind(password_hash)
                .bind(tessera_core::now_millis())
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "member")?;
                sqlx::query("DELETE FROM site_member_sessions WHERE site_id = $1 AND member_id = $2")
                    .bind(site.to_string())
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)
            }

            async fn delete_member(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query("DELETE FROM site_members WHERE site_id = $1 AND id = $2")
                    .bind(site.to_string())
                    .bind(id)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "member")
            }

            async fn members(
                &self,
                site: tessera_core::ids::SiteId,
                offset: u32,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::members::Member>> {
                let sql = format!(
                    "SELECT {} FROM site_members WHERE site_id = $1
                      ORDER BY created_at, id LIMIT $2 OFFSET $3",
                    $crate::members::MEMBER_COLUMNS
                );
                let rows: Vec<$crate::members::MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(i64::from(limit))
                    .bind(i64::from(offset))
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                rows.into_iter()
                    .map(|r| $crate::members::member_from_row(site, r))
                    .collect()
            }

            async fn member_count(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<i64> {
                let (n,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM site_members WHERE site_id = $1")
                        .bind(site.to_string())
                        .fetch_one(self.read())
                        .await
                        .map_err($crate::db_err)?;
                Ok(n)
            }

            async fn create_member_session(
                &self,
                site: tessera_core::ids::SiteId,
                hash: &str,
                member: &str,
                expires_at: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_member_sessions (hash, site_id, member_id, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(hash)
                .bind(site.to_string())
                .bind(member)
                .bind(tessera_core::now_millis())
                .bind(expires_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn member_session(
                &self,
                site: tessera_core::ids::SiteId,
                hash: &str,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<Option<tessera_core::members::Member>> {
                let columns = $crate::members::MEMBER_COLUMNS
                    .split(", ")
                    .map(|c| format!("m.{}", c.trim()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "SELECT {columns} FROM site_member_sessions s
                       JOIN site_members m ON m.site_id = s.site_id AND m.id = s.member_id
                      WHERE s.hash = $1 AND s.site_id = $2 AND s.expires_at > $3"
                );
                let row: Option<$crate::members::MemberRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(hash)
                    .bind(site.to_string())
                    .bind(now)
                    .fetch_optional(self.read())
                    .await
                    .map_err($crate::db_err)?;
                row.map(|r| $crate::members::member_from_row(site, r))
                    .transpose()
            }

            async fn delete_member_session(&self, hash: &str) -> tessera_core::Result<()> {
                sqlx::query("DELETE FROM site_member_sessions WHERE hash = $1")
                    .bind(hash)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }

            async fn delete_member_sessions(
                &self,
                site: tessera_core::ids::SiteId,
                member: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query("DELETE FROM site_member_sessions WHERE site_id = $1 AND member_id = $2")
                    .bind(site.to_string())
                    .bind(member)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }

            async fn create_member_token(
                &self,
                site: tessera_core::ids::SiteId,
                hash: &str,
                member: &str,
                kind: tessera_core::members::MemberTokenKind,
                expires_at: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query(
                    "DELETE FROM site_member_tokens WHERE site_id = $1 AND member_id = $2 AND kind = $3",
                )
                .bind(site.to_string())
                .bind(member)
                .bind(kind.as_str())
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                sqlx::query(
                    "INSERT INTO site_member_tokens (hash, site_id, member_id, kind, expires_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(hash)
                .bind(site.to_string())
                .bind(member)
                .bind(kind.as_str())
                .bind(expires_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)
            }

            async fn take_member_token(
                &self,
                site: tessera_core::ids::SiteId,
                hash: &str,
                kind: tessera_core::members::MemberTokenKind,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<Option<String>> {
                // One statement, so two clicks on one link cannot both use it.
                let row: Option<(String, String, i64)> = sqlx::query_as(
                    "DELETE FROM site_member_tokens WHERE hash = $1 AND site_id = $2
                     RETURNING member_id, kind, expires_at",
                )
                .bind(hash)
                .bind(site.to_string())
                .fetch_optional(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(row
                    .filter(|(_, k, expires)| k == kind.as_str() && *expires > now)
                    .map(|(member, _, _)| member))
            }

            async fn member_settings(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<tessera_core::members::MemberSettings> {
                let row: Option<(String,)> =
                    sqlx::query_as("SELECT settings FROM site_member_settings WHERE site_id = $1")
                        .bind(site.to_string())
                        .fetch_optional(self.read())
                        .await
                        .map_err($crate::db_err)?;
                match row {
                    Some((s,)) => serde_json::from_str(&s).map_err(tessera_core::Error::internal),
                    None => Ok(Default::default()),
                }
            }

            async fn put_member_settings(
                &self,
                site: tessera_core::ids::SiteId,
                settings: &tessera_core::members::MemberSettings,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_member_settings (site_id, settings) VALUES ($1, $2)
                     ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings",
                )
                .bind(site.to_string())
                .bind(serde_json::to_string(settings).map_err(tessera_core::Error::internal)?)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn member_roles(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::members::MemberRole>> {
                let rows: Vec<(String, String, String, String, i64)> = sqlx::query_as(
                    "SELECT id, kind, title, description, created_at FROM site_member_roles
                      WHERE site_id = $1 ORDER BY created_at, id",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, kind, title, description, created_at)| {
                        tessera_core::members::MemberRole {
                            id,
                            kind: if kind == "badge" {
                                tessera_core::members::RoleKind::Badge
                            } else {
                                tessera_core::members::RoleKind::Role
                            },
                            title,
                            description,
                            created_at,
                        }
                    })
                    .collect())
            }

            async fn put_member_role(
                &self,
                site: tessera_core::ids::SiteId,
                role: &tessera_core::members::MemberRole,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_member_roles (site_id, id, kind, title, description, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (site_id, id) DO UPDATE SET kind = excluded.kind,
                       title = excluded.title, description = excluded.description",
                )
                .bind(site.to_string())
                .bind(&role.id)
                .bind(role.kind.as_str())
                .bind(&role.title)
                .bind(&role.description)
                .bind(role.created_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn delete_member_role(
                &self,
                site: tessera_core::ids::SiteId,
                id: &str,
            ) -> tessera_core::Result<()> {
                let done =
                    sqlx::query("DELETE FROM site_member_roles WHERE site_id = $1 AND id = $2")
                        .bind(site.to_string())
                        .bind(id)
                        .execute(self.write())
                        .await
                        .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "role")
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::MailStore for $store {
            async fn queue_email(
                &self,
                e: &tessera_core::members::Email,
            ) -> tessera_core::Result<bool> {
                let done = sqlx::query(
                    "INSERT INTO site_emails (site_id, id, kind, to_address, subject, text_body,
                       html_body, status, attempts, next_attempt_at, last_error, created_at, sent_at,
                       attachment)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                     ON CONFLICT (site_id, id) DO NOTHING",
                )
                .bind(e.site_id.to_string())
                .bind(&e.id)
                .bind(&e.kind)
                .bind(&e.to)
                .bind(&e.subject)
                .bind(&e.text)
                .bind(&e.html)
                .bind(&e.status)
                .bind(e.attempts)
                .bind(e.next_attempt_at)
                .bind(&e.last_error)
                .bind(e.created_at)
                .bind(e.sent_at)
                .bind(
                    e.attachment
                        .as_ref()
                        .map(|a| serde_json::to_string(a).unwrap_or_default()),
                )
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(done.rows_affected() == 1)
            }

            async fn lease_emails(
                &self,
                now: tessera_core::Millis,
                lease_until: tessera_core::Millis,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::members::Email>> {
                let sql = format!(
                    "UPDATE site_emails SET next_attempt_at = $2
                      WHERE (site_id, id) IN (
                        SELECT site_id, id FROM site_emails
                         WHERE status = 'queued' AND next_attempt_at <= $1
                         ORDER BY next_attempt_at LIMIT $3{})
                     RETURNING {}",
                    <$dialect as $crate::sql::Dialect>::SKIP_LOCKED,
                    $crate::members::EMAIL_COLUMNS
                );
                let rows: Vec<$crate::members::EmailRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(now)
                    .bind(lease_until)
                    .bind(i64::from(limit))
                    .fetch_all(self.write())
                    .await
                    .map_err($crate::db_err)?;
                rows.into_iter().map($crate::members::email_from_row).collect()
            }

            async fn update_email(
                &self,
                e: &tessera_core::members::Email,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "UPDATE site_emails SET status = $3, attempts = $4, next_attempt_at = $5,
                       last_error = $6, sent_at = $7
                     WHERE site_id = $1 AND id = $2",
                )
                .bind(e.site_id.to_string())
                .bind(&e.id)
                .bind(&e.status)
                .bind(e.attempts)
                .bind(e.next_attempt_at)
                .bind(&e.last_error)
                .bind(e.sent_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn emails(
                &self,
                site: tessera_core::ids::SiteId,
                limit: u32,
            ) -> tessera_core::Result<Vec<tessera_core::members::Email>> {
                let sql = format!(
                    "SELECT {} FROM site_emails WHERE site_id = $1
                      ORDER BY created_at DESC, id DESC LIMIT $2",
                    $crate::members::EMAIL_COLUMNS
                );
                let rows: Vec<$crate::members::EmailRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(site.to_string())
                    .bind(i64::from(limit))
                    .fetch_all(self.read())
                    .await
                    .map_err($crate::db_err)?;
                rows.into_iter().map($crate::members::email_from_row).collect()
            }
        }
    };
}

pub(crate) use impl_member_store;
