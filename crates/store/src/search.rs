//! Site search, for both backends (`impl_search_store!`, stamped out by `impl_store!`). The
//! writes are shared SQL; the full-text query differs: an FTS5 `MATCH` with `bm25` and
//! `snippet` on SQLite, a `tsquery` with `ts_rank` and `ts_headline` on PostgreSQL.

use tessera_core::{
    search::{SearchQuery, SearchTerm},
    store::Backend,
};

/// A result row: type, id, title, description, url, image, audience, updated_at, the
/// description's and the body's snippets, and the score.
pub(crate) type HitRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    String,
    String,
    f64,
);

/// The body's snippet, or the description's when only it holds a match.
pub(crate) fn best_snippet(description: String, body: String) -> String {
    let marked = |s: &str| s.contains('\u{1}');
    if marked(&body) || (!marked(&description) && !body.is_empty()) {
        body
    } else {
        description
    }
}

/// Values a search document's row binds (`upsert_docs_sql`).
pub(crate) const DOC_WIDTH: usize = 10;
/// Values a word's row binds (`insert_words_sql`).
pub(crate) const WORD_WIDTH: usize = 3;

/// `INSERT … VALUES` of `rows` documents, replacing those with the same type and id.
pub(crate) fn upsert_docs_sql<D: crate::sql::Dialect>(rows: usize) -> String {
    format!(
        "INSERT INTO search_documents (site_id, doc_type, doc_id, title, description, body, url,
           image, audience, updated_at) VALUES {}
         ON CONFLICT (site_id, doc_type, doc_id) DO UPDATE SET title = excluded.title,
           description = excluded.description, body = excluded.body, url = excluded.url,
           image = excluded.image, audience = excluded.audience, updated_at = excluded.updated_at",
        crate::sql::values_placeholders::<D>(rows, DOC_WIDTH)
    )
}

/// `INSERT … VALUES` of `rows` words of a site: site, word and length each.
pub(crate) fn insert_words_sql<D: crate::sql::Dialect>(rows: usize) -> String {
    format!(
        "INSERT INTO search_words (site_id, word, len) VALUES {} ON CONFLICT DO NOTHING",
        crate::sql::values_placeholders::<D>(rows, WORD_WIDTH)
    )
}

/// The text of the full-text condition: an FTS5 expression (each alternative kept to the
/// text columns, the site's token required) or a `to_tsquery` text. Words are letters and
/// digits only (`SearchQuery`), so quoting them needs no escaping.
pub(crate) fn match_text(backend: Backend, site_token: &str, terms: &[SearchTerm]) -> String {
    let alternatives = |t: &SearchTerm| -> Vec<String> {
        let prefixes = t.prefixes.iter().map(|p| match backend {
            Backend::Sqlite => format!("{{title description body}} : \"{p}\"*"),
            Backend::Postgres => format!("'{p}':*"),
        });
        let words = t.words.iter().map(|w| match backend {
            Backend::Sqlite => format!("{{title description body}} : \"{w}\""),
            Backend::Postgres => format!("'{w}'"),
        });
        prefixes.chain(words).collect()
    };
    let (or, and) = match backend {
        Backend::Sqlite => (" OR ", " AND "),
        Backend::Postgres => (" | ", " & "),
    };
    let mut parts: Vec<String> = terms
        .iter()
        .map(|t| format!("({})", alternatives(t).join(or)))
        .collect();
    if backend == Backend::Sqlite {
        parts.insert(0, format!("site : \"{site_token}\""));
    }
    parts.join(and)
}

/// The FTS5 token that names a site (the `site` column of `search_documents`).
pub(crate) fn site_token(site: &str) -> String {
    format!("s{}", site.replace('-', ""))
}

/// The conditions every search has besides the text: `$2` the site, `$3` the audience, `$4`
/// the readable types and, with `in_types`, `$5` the asked types (`'[]'`: all).
pub(crate) fn scope(in_readable: &str, in_types: Option<&str>) -> String {
    let types = in_types.map_or(String::new(), |t| format!(" AND ($5 = '[]' OR {t})"));
    format!("d.site_id = $2 AND d.audience <= $3 AND {in_readable}{types}")
}

/// On SQLite the full-text match drives the join (`CROSS JOIN` keeps its order): joined the
/// other way, the planner walked the site's documents by key and ran the whole `MATCH` once
/// per document (0.8 s over 2,000 documents).
pub(crate) fn hits_sql(backend: Backend, scope: &str, terms: bool) -> String {
    match backend {
        Backend::Sqlite => format!(
            "SELECT d.doc_type, d.doc_id, d.title, d.description, d.url, d.image, d.audience,
               d.updated_at, snippet(search_fts, 2, char(1), char(2), '…', 24),
               snippet(search_fts, 3, char(1), char(2), '…', 24),
               -bm25(search_fts, 0.0, 10.0, 4.0, 1.0)
             FROM search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid
             WHERE search_fts MATCH $1 AND {scope}
             ORDER BY bm25(search_fts, 0.0, 10.0, 4.0, 1.0), d.doc_id
             LIMIT $6 OFFSET $7"
        ),
        // Ranks by weights title 1.0, description 0.4, body 0.1 (`ts_rank`'s A, B, C).
        Backend::Postgres if terms => format!(
            "SELECT d.doc_type, d.doc_id, d.title, d.description, d.url, d.image,
               CAST(d.audience AS BIGINT), d.updated_at,
               ts_headline('simple', d.description, q, $8),
               ts_headline('simple', d.body, q, $8),
               CAST(ts_rank(d.tsv, q) AS DOUBLE PRECISION) AS score
             FROM search_documents d, to_tsquery('simple', $1) q
             WHERE d.tsv @@ q AND {scope}
             ORDER BY score DESC, d.doc_id
             LIMIT $6 OFFSET $7"
        ),
        Backend::Postgres => format!(
            "SELECT d.doc_type, d.doc_id, d.title, d.description, d.url, d.image,
               CAST(d.audience AS BIGINT), d.updated_at, d.description, left(d.body, 160),
               CAST(0 AS DOUBLE PRECISION)
             FROM search_documents d
             WHERE $1 = '' AND {scope}
             ORDER BY d.title, d.doc_id
             LIMIT $6 OFFSET $7"
        ),
    }
}

pub(crate) fn facets_sql(backend: Backend, scope: &str, terms: bool) -> String {
    match backend {
        Backend::Sqlite => format!(
            "SELECT d.doc_type, count(*)
             FROM search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid
             WHERE search_fts MATCH $1 AND {scope}
             GROUP BY d.doc_type"
        ),
        Backend::Postgres if terms => format!(
            "SELECT d.doc_type, count(*)
             FROM search_documents d
             WHERE d.tsv @@ to_tsquery('simple', $1) AND {scope}
             GROUP BY d.doc_type"
        ),
        Backend::Postgres => format!(
            "SELECT d.doc_type, count(*) FROM search_documents d
             WHERE $1 = '' AND {scope} GROUP BY d.doc_type"
        ),
    }
}

/// `ts_headline`'s options: highlights marked as `SearchHit::snippet` says.
pub(crate) const HEADLINE: &str =
    "StartSel=\u{1}, StopSel=\u{2}, MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=…";

pub(crate) fn json_list(values: &[String]) -> String {
    serde_json::to_string(values).unwrap_or_else(|_| "[]".into())
}

pub(crate) fn query_binds(q: &SearchQuery) -> (String, String) {
    (json_list(&q.readable), json_list(&q.types))
}

macro_rules! impl_search_store {
    ($store:ty, $d:ty) => {
        impl $store {
            async fn write_search_docs<'c>(
                tx: &mut sqlx::Transaction<'c, <$d as $crate::sql::Dialect>::Db>,
                site: &str,
                docs: &[tessera_core::search::SearchDoc],
            ) -> tessera_core::Result<()> {
                for chunk in docs.chunks(<$d as $crate::sql::Dialect>::rows_per_statement(
                    $crate::search::DOC_WIDTH,
                )) {
                    let sql = $crate::search::upsert_docs_sql::<$d>(chunk.len());
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for d in chunk {
                        q = q
                            .bind(site)
                            .bind(&d.doc_type)
                            .bind(&d.doc_id)
                            .bind(&d.title)
                            .bind(&d.description)
                            .bind(&d.body)
                            .bind(&d.url)
                            .bind(&d.image)
                            .bind(d.audience as i16)
                            .bind(d.updated_at);
                    }
                    q.execute(&mut **tx).await.map_err($crate::db_err)?;
                }
                let mut words = std::collections::BTreeSet::new();
                for d in docs {
                    words.extend(tessera_core::search::vocabulary(d));
                }
                let words: Vec<String> = words.into_iter().collect();
                for chunk in words.chunks(<$d as $crate::sql::Dialect>::rows_per_statement(
                    $crate::search::WORD_WIDTH,
                )) {
                    let sql = $crate::search::insert_words_sql::<$d>(chunk.len());
                    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for w in chunk {
                        q = q.bind(site).bind(w).bind(w.chars().count() as i32);
                    }
                    q.execute(&mut **tx).await.map_err($crate::db_err)?;
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl tessera_core::search::SearchStore for $store {
            async fn put_search_docs(
                &self,
                site: tessera_core::ids::SiteId,
                docs: &[tessera_core::search::SearchDoc],
            ) -> tessera_core::Result<()> {
                let mut tx = self.begin_write().await?;
                Self::write_search_docs(&mut tx, &site.to_string(), docs).await?;
                tx.commit().await.map_err($crate::db_err)?;
                self.note_writes(docs.len() as u64).await
            }

            async fn replace_search_docs(
                &self,
                site: tessera_core::ids::SiteId,
                doc_type: &str,
                docs: &[tessera_core::search::SearchDoc],
                pages_version: Option<i64>,
            ) -> tessera_core::Result<bool> {
                let site = site.to_string();
                let mut tx = self.begin_write().await?;
                if let Some(version) = pages_version {
                    let claimed = sqlx::query(
                        "INSERT INTO search_sites (site_id, pages_version) VALUES ($1, $2)
                         ON CONFLICT (site_id) DO UPDATE SET pages_version = excluded.pages_version
                         WHERE search_sites.pages_version < excluded.pages_version",
                    )
                    .bind(&site)
                    .bind(version)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                    if claimed.rows_affected() == 0 {
                        return Ok(false);
                    }
                }
                sqlx::query("DELETE FROM search_documents WHERE site_id = $1 AND doc_type = $2")
                    .bind(&site)
                    .bind(doc_type)
                    .execute(&mut *tx)
                    .await
                    .map_err($crate::db_err)?;
                Self::write_search_docs(&mut tx, &site, docs).await?;
                tx.commit().await.map_err($crate::db_err)?;
                self.note_writes(docs.len() as u64).await?;
                Ok(true)
            }

            async fn remove_search_doc(
                &self,
                site: tessera_core::ids::SiteId,
                doc_type: &str,
                doc_id: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "DELETE FROM search_documents
                     WHERE site_id = $1 AND doc_type = $2 AND doc_id = $3",
                )
                .bind(site.to_string())
                .bind(doc_type)
                .bind(doc_id)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }

            async fn clear_search(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<()> {
                let site = site.to_string();
                let mut tx = self.begin_write().await?;
                for sql in [
                    "DELETE FROM search_documents WHERE site_id = $1",
                    "DELETE FROM search_words WHERE site_id = $1",
                    "UPDATE search_sites SET pages_version = 0 WHERE site_id = $1",
                ] {
                    sqlx::query(sql)
                        .bind(&site)
                        .execute(&mut *tx)
                        .await
                        .map_err($crate::db_err)?;
                }
                tx.commit().await.map_err($crate::db_err)
            }

            async fn search(
                &self,
                q: &tessera_core::search::SearchQuery,
            ) -> tessera_core::Result<tessera_core::search::SearchResults> {
                use tessera_core::search::{Audience, SearchDoc, SearchHit, SearchResults};
                let backend = Self::BACKEND;
                let site = q.site.to_string();
                let text = if backend == tessera_core::store::Backend::Postgres
                    && q.terms.is_empty()
                {
                    String::new()
                } else {
                    $crate::search::match_text(
                        backend,
                        &$crate::search::site_token(&site),
                        &q.terms,
                    )
                };
                let terms = !q.terms.is_empty();
                let (readable, types) = $crate::search::query_binds(q);
                let in_readable = <$d as $crate::sql::Dialect>::in_texts("d.doc_type", "$4");
                let in_types = <$d as $crate::sql::Dialect>::in_texts("d.doc_type", "$5");
                let scope = $crate::search::scope(&in_readable, Some(&in_types));
                let facets: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe($crate::search::facets_sql(
                    backend,
                    &$crate::search::scope(&in_readable, None),
                    terms,
                )))
                .bind(&text)
                .bind(&site)
                .bind(q.audience as i16)
                .bind(&readable)
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                let sql = $crate::search::hits_sql(backend, &scope, terms);
                let mut query = sqlx::query_as::<_, $crate::search::HitRow>(sqlx::AssertSqlSafe(sql))
                    .bind(&text)
                    .bind(&site)
                    .bind(q.audience as i16)
                    .bind(&readable)
                    .bind(&types)
                    .bind(i64::from(q.limit))
                    .bind(i64::from(q.offset));
                if backend == tessera_core::store::Backend::Postgres && terms {
                    query = query.bind($crate::search::HEADLINE);
                }
                let rows = query.fetch_all(self.read()).await.map_err($crate::db_err)?;
                let hits = rows
                    .into_iter()
                    .map(
                        |(
                            doc_type,
                            doc_id,
                            title,
                            description,
                            url,
                            image,
                            audience,
                            updated_at,
                            in_description,
                            in_body,
                            score,
                        )| SearchHit {
                            doc: SearchDoc {
                                doc_type,
                                doc_id,
                                title,
                                description,
                                body: String::new(),
                                url,
                                image,
                                audience: Audience::from_i64(audience),
                                updated_at,
                            },
                            snippet: $crate::search::best_snippet(in_description, in_body),
                            score,
                        },
                    )
                    .collect();
                Ok(SearchResults {
                    hits,
                    facets: facets
                        .into_iter()
                        .map(|(t, n)| (t, n.max(0) as u64))
                        .collect(),
                })
            }

            async fn search_word_with_prefix(
                &self,
                site: tessera_core::ids::SiteId,
                prefix: &str,
            ) -> tessera_core::Result<bool> {
                // Words are compared by bytes on both backends, so every word that starts
                // with the prefix sorts between it and it followed by the largest character.
                let upper = format!("{prefix}\u{10FFFF}");
                let found: Option<(i32,)> = sqlx::query_as(
                    "SELECT 1 FROM search_words
                     WHERE site_id = $1 AND word >= $2 AND word < $3 LIMIT 1",
                )
                .bind(site.to_string())
                .bind(prefix)
                .bind(&upper)
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(found.is_some())
            }

            async fn search_words_of_length(
                &self,
                site: tessera_core::ids::SiteId,
                min: u32,
                max: u32,
            ) -> tessera_core::Result<Vec<String>> {
                let rows: Vec<(String,)> = sqlx::query_as(
                    "SELECT word FROM search_words WHERE site_id = $1 AND len BETWEEN $2 AND $3",
                )
                .bind(site.to_string())
                .bind(min as i32)
                .bind(max as i32)
                .fetch_all(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(rows.into_iter().map(|(w,)| w).collect())
            }

            async fn search_site(
                &self,
                site: tessera_core::ids::SiteId,
            ) -> tessera_core::Result<(i64, String)> {
                let row: Option<(i64, String)> = sqlx::query_as(
                    "SELECT pages_version, settings FROM search_sites WHERE site_id = $1",
                )
                .bind(site.to_string())
                .fetch_optional(self.read())
                .await
                .map_err($crate::db_err)?;
                Ok(row.unwrap_or_else(|| (0, "{}".into())))
            }

            async fn put_search_settings(
                &self,
                site: tessera_core::ids::SiteId,
                settings: &str,
            ) -> tessera_core::Result<()> {
                sqlx::query(
                    "INSERT INTO search_sites (site_id, settings) VALUES ($1, $2)
                     ON CONFLICT (site_id) DO UPDATE SET settings = excluded.settings",
                )
                .bind(site.to_string())
                .bind(settings)
                .execute(self.write())
                .await
                .map_err($crate::db_err)?;
                Ok(())
            }
        }
    };
}

pub(crate) use impl_search_store;
