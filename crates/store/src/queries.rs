//! The `Store` implementation shared by both backends. The SQL is the subset SQLite and
//! PostgreSQL agree on (`$n` parameters, `RETURNING`, `ON CONFLICT`), so it is written once
//! and stamped out per backend by `impl_store!`: sqlx's generic bounds would make a generic
//! impl much harder to read than this macro.
//!
//! The backend type provides `read()` and `write()` pools (the same pool on PostgreSQL; the
//! reader pool and the single writer connection on SQLite), `stats()`, and `BACKEND`.

macro_rules! impl_store {
    ($store:ty, $dialect:ty) => {
        #[async_trait::async_trait]
        impl tessera_core::Store for $store {
            fn backend(&self) -> tessera_core::store::Backend {
                Self::BACKEND
            }

            fn pool_stats(&self) -> tessera_core::store::PoolStats {
                self.stats()
            }

            async fn ping(&self) -> tessera_core::Result<()> {
                sqlx::query("SELECT 1").execute(self.read()).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn claim_setting(
                &self,
                name: &str,
                value: &str,
            ) -> tessera_core::Result<String> {
                sqlx::query(
                    "INSERT INTO server_settings (name, value) VALUES ($1, $2)
                     ON CONFLICT (name) DO NOTHING",
                )
                .bind(name)
                .bind(value)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                let (stored,): (String,) =
                    sqlx::query_as("SELECT value FROM server_settings WHERE name = $1")
                        .bind(name)
                        .fetch_one(self.write())
                        .await
                        .map_err($crate::db_err)?;
                Ok(stored)
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::AccountStore for $store {
            async fn create_account(
                &self,
                a: &tessera_core::accounts::Account,
                password_hash: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO accounts (id, email, name, password_hash, created_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(a.id.to_string())
                .bind(&a.email)
                .bind(&a.name)
                .bind(password_hash)
                .bind(a.created_at)
                .execute(self.write())
                .await
                .map_err(|e| $crate::unique_or_internal(e, "email", "an account with this email already exists"))?;
                Ok(())
            }

            async fn account(
                &self,
                id: tessera_core::ids::AccountId,
            ) -> tessera_core::Result<Option<tessera_core::accounts::Account>> {
                sqlx::query_as::<_, $crate::rows::AccountRow>(
                    "SELECT id, email, name, created_at FROM accounts WHERE id = $1",
                )
                .bind(id.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn account_by_email(
                &self,
                email: &str,
            ) -> tessera_core::Result<Option<(tessera_core::accounts::Account, String)>> {
                sqlx::query_as::<_, $crate::rows::AccountWithHashRow>(
                    "SELECT id, email, name, created_at, password_hash FROM accounts WHERE email = $1",
                )
                .bind(email)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn account_count(&self) -> tessera_core::Result<i64> {
                let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM accounts")
                    .fetch_one(self.read())
                    .await
                    .map_err($crate::db_err)?;
                Ok(n)
            }

            async fn create_token(
                &self,
                t: &tessera_core::accounts::AccountToken,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO account_tokens (hash, account_id, kind, label, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&t.hash)
                .bind(t.account_id.to_string())
                .bind(t.kind.as_str())
                .bind(&t.label)
                .bind(t.created_at)
                .bind(t.expires_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn token(
                &self,
                hash: &str,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<
                Option<(tessera_core::accounts::AccountToken, tessera_core::accounts::Account)>,
            > {
                const SQL: &str = "SELECT t.hash, t.account_id, t.kind, t.label, t.created_at, t.expires_at,
                            a.email, a.name, a.created_at AS account_created_at
                     FROM account_tokens t JOIN accounts a ON a.id = t.account_id
                     WHERE t.hash = $1 AND (t.expires_at IS NULL OR t.expires_at > $2)";
                // Every authenticated request asks this.
                let binds = [$crate::sql::Bind::Text(hash.to_string()), $crate::sql::Bind::Int(now)];
                if let Some(rows) = self.inline_rows(SQL, &binds, $crate::rows::TokenWithAccountRow::from_sqlite) {
                    return rows?.into_iter().next().map(|r| r.into_domain()).transpose();
                }
                sqlx::query_as::<_, $crate::rows::TokenWithAccountRow>(SQL)
                .bind(hash)
                .bind(now)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn delete_token(&self, hash: &str) -> tessera_core::Result<()> {
                sqlx::query("DELETE FROM account_tokens WHERE hash = $1")
                    .bind(hash)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::ThrottleStore for $store {
            async fn add_attempt(
                &self,
                subject: &str,
                now: tessera_core::Millis,
                forget_before: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM throttle_attempts WHERE at < $1")
                    .bind(forget_before)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                sqlx::query("INSERT INTO throttle_attempts (subject, at) VALUES ($1, $2)")
                    .bind(subject)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn attempts(
                &self,
                subject: &str,
                since: tessera_core::Millis,
            ) -> tessera_core::Result<(i64, Option<tessera_core::Millis>)> {
                sqlx::query_as(
                    "SELECT COUNT(*), MAX(at) FROM throttle_attempts WHERE subject = $1 AND at >= $2",
                )
                .bind(subject)
                .bind(since)
                .fetch_one(self.read())
                .await
                .map_err($crate::db_err)
            }

            async fn clear_attempts(&self, subject: &str) -> tessera_core::Result<()> {
                sqlx::query("DELETE FROM throttle_attempts WHERE subject = $1")
                    .bind(subject)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::SiteStore for $store {
            async fn create_site(
                &self,
                site: &tessera_core::sites::Site,
                owner: tessera_core::ids::AccountId,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("INSERT INTO sites (site_id, slug, name, created_at) VALUES ($1, $2, $3, $4)")
                    .bind(site.id.to_string())
                    .bind(&site.slug)
                    .bind(&site.name)
                    .bind(site.created_at)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::unique_or_internal(e, "slug", "a site with this slug already exists"))?;
                sqlx::query(
                    "INSERT INTO site_collaborators (site_id, account_id, role, added_at)
                     VALUES ($1, $2, 'owner', $3)",
                )
                .bind(site.id.to_string())
                .bind(owner.to_string())
                .bind(site.created_at)
                .execute(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)
            }

            async fn site(
                &self,
                id: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Option<tessera_core::sites::Site>> {
                sqlx::query_as::<_, $crate::rows::SiteRow>(
                    "SELECT site_id, slug, name, created_at FROM sites WHERE site_id = $1",
                )
                .bind(id.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn site_by_slug(
                &self,
                slug: &str,
            ) -> tessera_core::Result<Option<tessera_core::sites::Site>> {
                sqlx::query_as::<_, $crate::rows::SiteRow>(
                    "SELECT site_id, slug, name, created_at FROM sites WHERE slug = $1",
                )
                .bind(slug)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn site_by_domain(
                &self,
                domain: &str,
            ) -> tessera_core::Result<Option<tessera_core::sites::Site>> {
                sqlx::query_as::<_, $crate::rows::SiteRow>(
                    "SELECT s.site_id, s.slug, s.name, s.created_at
                     FROM site_domains d JOIN sites s ON s.site_id = d.site_id
                     WHERE d.domain = $1",
                )
                .bind(domain)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn sites_of(
                &self,
                account: tessera_core::ids::AccountId,
            ) -> tessera_core::Result<Vec<(tessera_core::sites::Site, tessera_core::sites::Role)>> {
                let rows = sqlx::query_as::<_, $crate::rows::SiteWithRoleRow>(
                    "SELECT s.site_id, s.slug, s.name, s.created_at, c.role
                     FROM site_collaborators c JOIN sites s ON s.site_id = c.site_id
                     WHERE c.account_id = $1 ORDER BY s.created_at, s.site_id",
                )
                .bind(account.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                $crate::rows::all(rows, |r| r.into_domain())
            }

            async fn rename_site(
                &self,
                id: tessera_core::ids::SiteId,
                name: &str,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query("UPDATE sites SET name = $2 WHERE site_id = $1")
                    .bind(id.to_string())
                    .bind(name)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "site")
            }

            async fn delete_site(&self, id: tessera_core::ids::SiteId) -> tessera_core::Result<()> {
                // Site-owned rows go by ON DELETE CASCADE, once the writes and index batches
                // in progress on its collections are done.
                let mut tx = self.begin_write().await?;
                let collections: Vec<(String,)> = sqlx::query_as(
                    "SELECT collection_id FROM data_collections WHERE site_id = $1 ORDER BY collection_id",
                )
                .bind(id.to_string())
                .fetch_all(&mut *tx)
                .await
                .map_err($crate::db_err)?;
                for (collection,) in collections {
                    Self::lock_collection(&mut tx, &id.to_string(), &collection, false).await?;
                }
                let done = sqlx::query("DELETE FROM sites WHERE site_id = $1")
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                tx.commit().await.map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "site")
            }

            async fn collaborators(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::sites::Collaborator>> {
                let rows = sqlx::query_as::<_, $crate::rows::CollaboratorRow>(
                    "SELECT c.site_id, c.account_id, a.email, a.name, c.role, c.added_at
                     FROM site_collaborators c JOIN accounts a ON a.id = c.account_id
                     WHERE c.site_id = $1 ORDER BY c.added_at, c.account_id",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                $crate::rows::all(rows, |r| r.into_domain())
            }

            async fn role_of(
                &self,
                site: tessera_core::ids::SiteId,
                account: tessera_core::ids::AccountId,
            ) -> tessera_core::Result<Option<tessera_core::sites::Role>> {
                const SQL: &str = "SELECT role FROM site_collaborators WHERE site_id = $1 AND account_id = $2";
                // Every data request with an account's key asks this.
                let binds = [$crate::sql::Bind::Text(site.to_string()), $crate::sql::Bind::Text(account.to_string())];
                if let Some(rows) = self.inline_rows(SQL, &binds, $crate::rows::RoleRow::from_sqlite) {
                    return rows?.into_iter().next().map(|r| r.into_domain()).transpose();
                }
                sqlx::query_as::<_, $crate::rows::RoleRow>(SQL)
                .bind(site.to_string())
                .bind(account.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn set_role(
                &self,
                site: tessera_core::ids::SiteId,
                account: tessera_core::ids::AccountId,
                role: tessera_core::sites::Role,
            ) -> tessera_core::Result<()> {
                // The owner guard sits in the statement itself, so no read-then-write race.
                let done = sqlx::query(
                    "UPDATE site_collaborators SET role = $3
                     WHERE site_id = $1 AND account_id = $2
                       AND ($3 = 'owner' OR role <> 'owner'
                            OR (SELECT count(*) FROM site_collaborators
                                WHERE site_id = $1 AND role = 'owner') > 1)",
                )
                .bind(site.to_string())
                .bind(account.to_string())
                .bind(role.as_str())
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                self.explain_owner_guard(done.rows_affected(), site, account).await
            }

            async fn remove_collaborator(
                &self,
                site: tessera_core::ids::SiteId,
                account: tessera_core::ids::AccountId,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query(
                    "DELETE FROM site_collaborators
                     WHERE site_id = $1 AND account_id = $2
                       AND (role <> 'owner'
                            OR (SELECT count(*) FROM site_collaborators
                                WHERE site_id = $1 AND role = 'owner') > 1)",
                )
                .bind(site.to_string())
                .bind(account.to_string())
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                self.explain_owner_guard(done.rows_affected(), site, account).await
            }

            async fn create_invite(
                &self,
                i: &tessera_core::sites::Invite,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_invites
                       (site_id, id, email, role, token_hash, invited_by, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(i.site_id.to_string())
                .bind(i.id.to_string())
                .bind(&i.email)
                .bind(i.role.as_str())
                .bind(&i.token_hash)
                .bind(i.invited_by.to_string())
                .bind(i.created_at)
                .bind(i.expires_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn invite_by_token(
                &self,
                token_hash: &str,
            ) -> tessera_core::Result<Option<tessera_core::sites::Invite>> {
                sqlx::query_as::<_, $crate::rows::InviteRow>(
                    "SELECT site_id, id, email, role, token_hash, invited_by, created_at, expires_at
                     FROM site_invites WHERE token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn invites(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::sites::Invite>> {
                let rows = sqlx::query_as::<_, $crate::rows::InviteRow>(
                    "SELECT site_id, id, email, role, token_hash, invited_by, created_at, expires_at
                     FROM site_invites WHERE site_id = $1 ORDER BY created_at, id",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                $crate::rows::all(rows, |r| r.into_domain())
            }

            async fn delete_invite(
                &self,
                site: tessera_core::ids::SiteId,
                id: tessera_core::ids::InviteId,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query("DELETE FROM site_invites WHERE site_id = $1 AND id = $2")
                    .bind(site.to_string())
                    .bind(id.to_string())
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "invite")
            }

            async fn accept_invite(
                &self,
                invite: &tessera_core::sites::Invite,
                account: tessera_core::ids::AccountId,
                now: tessera_core::Millis,
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                // Consuming the invite first makes a second accept of the same link fail.
                let consumed = sqlx::query("DELETE FROM site_invites WHERE site_id = $1 AND id = $2")
                    .bind(invite.site_id.to_string())
                    .bind(invite.id.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                $crate::queries::found(consumed.rows_affected(), "invite")?;
                let current = sqlx::query_as::<_, $crate::rows::RoleRow>(
                    "SELECT role FROM site_collaborators WHERE site_id = $1 AND account_id = $2",
                )
                .bind(invite.site_id.to_string())
                .bind(account.to_string())
                .fetch_optional(&mut *tx)
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()?;
                match current {
                    None => {
                        sqlx::query(
                            "INSERT INTO site_collaborators (site_id, account_id, role, added_at)
                             VALUES ($1, $2, $3, $4)",
                        )
                        .bind(invite.site_id.to_string())
                        .bind(account.to_string())
                        .bind(invite.role.as_str())
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                    }
                    Some(role) if role < invite.role => {
                        sqlx::query(
                            "UPDATE site_collaborators SET role = $3 WHERE site_id = $1 AND account_id = $2",
                        )
                        .bind(invite.site_id.to_string())
                        .bind(account.to_string())
                        .bind(invite.role.as_str())
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                    }
                    Some(_) => {}
                }
                tx.commit().await.map_err($crate::db_err)
            }

            async fn create_site_key(
                &self,
                k: &tessera_core::sites::SiteApiKey,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO site_api_keys (site_id, id, name, role, key_hash, created_by, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(k.site_id.to_string())
                .bind(k.id.to_string())
                .bind(&k.name)
                .bind(k.role.as_str())
                .bind(&k.key_hash)
                .bind(k.created_by.to_string())
                .bind(k.created_at)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn site_key(
                &self,
                key_hash: &str,
            ) -> tessera_core::Result<Option<tessera_core::sites::SiteApiKey>> {
                const SQL: &str = "SELECT site_id, id, name, role, key_hash, created_by, created_at
                     FROM site_api_keys WHERE key_hash = $1";
                // Every request with a site's key asks this.
                let binds = [$crate::sql::Bind::Text(key_hash.to_string())];
                if let Some(rows) = self.inline_rows(SQL, &binds, $crate::rows::SiteKeyRow::from_sqlite) {
                    return rows?.into_iter().next().map(|r| r.into_domain()).transpose();
                }
                sqlx::query_as::<_, $crate::rows::SiteKeyRow>(SQL)
                .bind(key_hash)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?
                .map(|r| r.into_domain())
                .transpose()
            }

            async fn site_keys(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::sites::SiteApiKey>> {
                let rows = sqlx::query_as::<_, $crate::rows::SiteKeyRow>(
                    "SELECT site_id, id, name, role, key_hash, created_by, created_at
                     FROM site_api_keys WHERE site_id = $1 ORDER BY created_at, id",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                $crate::rows::all(rows, |r| r.into_domain())
            }

            async fn delete_site_key(
                &self,
                site: tessera_core::ids::SiteId,
                id: tessera_core::ids::ApiKeyId,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query("DELETE FROM site_api_keys WHERE site_id = $1 AND id = $2")
                    .bind(site.to_string())
                    .bind(id.to_string())
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "api key")
            }

            async fn add_domain(&self, d: &tessera_core::sites::Domain) -> tessera_core::Result<()> {
                sqlx::query("INSERT INTO site_domains (site_id, domain, created_at) VALUES ($1, $2, $3)")
                    .bind(d.site_id.to_string())
                    .bind(&d.domain)
                    .bind(d.created_at)
                    .execute(self.write())
                    .await
                    .map_err(|e| $crate::unique_or_internal(e, "domain", "this domain is already connected to a site"))?;
                Ok(())
            }

            async fn domains(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<Vec<tessera_core::sites::Domain>> {
                let rows = sqlx::query_as::<_, $crate::rows::DomainRow>(
                    "SELECT site_id, domain, created_at FROM site_domains
                     WHERE site_id = $1 ORDER BY created_at, domain",
                )
                .bind(site.to_string())
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                $crate::rows::all(rows, |r| r.into_domain())
            }

            async fn remove_domain(
                &self,
                site: tessera_core::ids::SiteId,
                domain: &str,
            ) -> tessera_core::Result<()> {
                let done = sqlx::query("DELETE FROM site_domains WHERE site_id = $1 AND domain = $2")
                    .bind(site.to_string())
                    .bind(domain)
                    .execute(self.write())
                    .await
                    .map_err($crate::db_err)?;
                $crate::queries::found(done.rows_affected(), "domain")
            }
        }

        $crate::cms::impl_data_store!($store, $dialect);
        $crate::code::impl_code_store!($store);
        $crate::data_jobs::impl_data_job_store!($store);
        $crate::documents::impl_document_store!($store);
        $crate::media::impl_media_store!($store);
        $crate::commerce::impl_commerce_store!($store, $dialect);
        $crate::bookings::impl_booking_store!($store, $dialect);
        $crate::members::impl_member_store!($store, $dialect);
        $crate::plans::impl_plan_store!($store);
        $crate::search::impl_search_store!($store, $dialect);
        $crate::analytics::impl_analytics_store!($store, $dialect);
        $crate::work::impl_work_store!($store, $dialect);

        impl $store {
            $crate::cms::written_or_why!();
            $crate::cms::read_items!();
            $crate::cms::adopt_partial_indexes!($dialect);
            $crate::cms::rekey_array_indexes!($dialect);
            $crate::changes::collection_changes!($dialect);

            /// After a guarded role change touched no row: say whether the collaborator is
            /// missing or the site would have been left without an owner.
            async fn explain_owner_guard(
                &self,
                rows_affected: u64,
                site: tessera_core::ids::SiteId,
                account: tessera_core::ids::AccountId,
            ) -> tessera_core::Result<()> {
                use tessera_core::SiteStore as _;
                if rows_affected > 0 {
                    return Ok(());
                }
                match self.role_of(site, account).await? {
                    None => Err(tessera_core::Error::NotFound("collaborator")),
                    Some(_) => Err(tessera_core::Error::conflict(
                        "role",
                        "a site must keep at least one owner",
                    )),
                }
            }
        }
    };
}

pub(crate) use impl_store;

/// `NotFound(what)` when a write touched no row.
pub(crate) fn found(rows_affected: u64, what: &'static str) -> tessera_core::Result<()> {
    if rows_affected == 0 {
        Err(tessera_core::Error::NotFound(what))
    } else {
        Ok(())
    }
}
