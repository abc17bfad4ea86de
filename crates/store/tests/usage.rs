//! Per-site usage (items and bytes per collection) on every backend: kept by each write, it
//! must equal a scan of the items after any mix of writes, concurrent ones included, and a
//! database made before it gets it from the migration.

use std::sync::Arc;

use serde_json::{Map, Value, json};
use sqlx::Connection as _;
use tessera_core::{
    Error, Store,
    accounts::Account,
    data::{Collection, CollectionUsage, Field, FieldType, Filter, Index, Item, SiteUsage},
    ids::{AccountId, SiteId},
    sites::Site,
};
use tessera_testkit::{TestDb, backends};

/// A small deterministic random source (xorshift), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

async fn site(s: &dyn Store, owner: AccountId, slug: &str) -> SiteId {
    let site = Site {
        id: SiteId::new(),
        slug: slug.into(),
        name: slug.into(),
        created_at: 0,
    };
    s.create_site(&site, owner).await.unwrap();
    site.id
}

async fn owner(s: &dyn Store) -> AccountId {
    let a = Account {
        id: AccountId::new(),
        email: "a@example.com".into(),
        name: "A".into(),
        created_at: 0,
    };
    s.create_account(&a, "h").await.unwrap();
    a.id
}

/// A collection with an index and a unique field, so writes also keep index entries.
fn notes(site_id: SiteId, id: &str) -> Collection {
    Collection {
        site_id,
        id: id.into(),
        display_name: id.into(),
        display_field: None,
        fields: vec![
            Field::new("text", FieldType::Text),
            Field::new("n", FieldType::Number),
            Field {
                unique: true,
                ..Field::new("code", FieldType::Text)
            },
        ],
        permissions: Default::default(),
        indexes: vec![Index {
            name: "by_n".into(),
            fields: vec!["n".into()],
            unique: false,
        }],
        revision: 1,
        created_at: 0,
        updated_at: 0,
        show_drafts: false,
    }
}

/// An item whose size varies with `len`, with multi-byte characters.
fn note(id: &str, n: u64, len: u64) -> Item {
    let data: Map<String, Value> = json!({"text": "é€".repeat(len as usize), "n": n})
        .as_object()
        .unwrap()
        .clone();
    Item {
        id: id.into(),
        owner: None,
        created_at: n as i64,
        updated_at: n as i64,
        data,
    }
}

/// What a scan of the items says: each collection of the site with its item count and bytes.
async fn scanned(url: &str, site: SiteId) -> SiteUsage {
    let sql = |bytes: &str| {
        format!(
            "SELECT c.collection_id, count(i.item_id), CAST(COALESCE(sum({bytes}), 0) AS BIGINT)
             FROM data_collections c LEFT JOIN data_items i
               ON i.site_id = c.site_id AND i.collection_id = c.collection_id
             WHERE c.site_id = $1 GROUP BY c.collection_id ORDER BY c.collection_id"
        )
    };
    let rows: Vec<(String, i64, i64)> = if url.starts_with("sqlite:") {
        let mut conn = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query_as(sqlx::AssertSqlSafe(sql("length(CAST(i.data AS BLOB))")))
            .bind(site.to_string())
            .fetch_all(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query_as(sqlx::AssertSqlSafe(sql(
            "octet_length(i.data::text)::bigint",
        )))
        .bind(site.to_string())
        .fetch_all(&mut conn)
        .await
        .unwrap()
    };
    SiteUsage::of(
        rows.into_iter()
            .map(|(collection_id, items, bytes)| CollectionUsage {
                collection_id,
                items: items as u64,
                bytes: bytes as u64,
            })
            .collect(),
    )
}

async fn assert_exact(s: &dyn Store, url: &str, site: SiteId, after: &str) {
    assert_eq!(
        s.usage(site).await.unwrap(),
        scanned(url, site).await,
        "usage after {after}"
    );
}

/// Random inserts (some ids taken), updates (some refused by their condition), removes,
/// unique conflicts, truncation, deleting and making collections again, and deleting a
/// site: after each, the kept usage equals the scan, on both sites.
#[tokio::test]
async fn usage_stays_exact_through_every_write_path() {
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s = db.store().await.unwrap();
        let s = s.as_ref();
        let ann = owner(s).await;
        let sites = [site(s, ann, "one").await, site(s, ann, "two").await];
        let names = ["Notes", "Posts", "Tasks"];
        for site in sites {
            for name in names {
                s.create_collection(&notes(site, name)).await.unwrap();
            }
        }
        let mut rng = Rng(0x2545_f491_4f6c_dd1d);
        let mut next_id = 0u64;
        for step in 0..150 {
            let site = sites[rng.below(2) as usize];
            let c = notes(site, names[rng.below(3) as usize]);
            let what = match rng.below(20) {
                0..=6 => {
                    // A batch, across the backends' statement sizes; a few ids again.
                    let n = [1, 3, 40, 700][rng.below(4) as usize];
                    let items: Vec<Item> = (0..n)
                        .map(|_| {
                            next_id += 1;
                            let id = if rng.below(10) == 0 {
                                rng.below(next_id)
                            } else {
                                next_id
                            };
                            note(&format!("i{id}"), rng.below(50), rng.below(30))
                        })
                        .collect();
                    s.insert_items(&c, &items).await.unwrap();
                    "insert"
                }
                7..=10 => {
                    let item = note(
                        &format!("i{}", rng.below(next_id + 1)),
                        rng.below(50),
                        rng.below(60),
                    );
                    // Half the updates are conditional on a value most items lack.
                    let cond = if rng.below(2) == 0 {
                        Filter::All
                    } else {
                        tessera_core::data::query::parse_filter(&json!({"n": 7})).unwrap()
                    };
                    match s.update_item(&c, &item, &cond).await {
                        Ok(_) | Err(Error::Conflict { .. }) => {}
                        Err(e) => panic!("update: {e:?}"),
                    }
                    "update"
                }
                11..=14 => {
                    let id = format!("i{}", rng.below(next_id + 1));
                    match s.remove_item(&c, &id, &Filter::All).await {
                        Ok(_) => {}
                        Err(e) => panic!("remove: {e:?}"),
                    }
                    "remove"
                }
                15 => {
                    // Two items with one code: the unique index refuses the whole batch.
                    let mut a = note(&format!("u{step}a"), 1, 2);
                    let mut b = note(&format!("u{step}b"), 1, 2);
                    a.data.insert("code".into(), json!(format!("c{step}")));
                    b.data.insert("code".into(), json!(format!("c{step}")));
                    let refused = s.insert_items(&c, &[a, b]).await;
                    assert!(
                        matches!(refused, Err(Error::Conflict { .. })),
                        "{refused:?}"
                    );
                    "refused insert"
                }
                16 => {
                    s.truncate_items(&c).await.unwrap();
                    "truncate"
                }
                17 => {
                    s.delete_collection(site, &c.id).await.unwrap();
                    s.create_collection(&c).await.unwrap();
                    "delete and make the collection again"
                }
                _ => {
                    // A new index over the items (its entries are built in batches).
                    let old = s.collection(site, &c.id).await.unwrap().unwrap();
                    let mut new = old.clone();
                    new.revision += 1;
                    new.indexes = vec![Index {
                        name: format!("ix{step}"),
                        fields: vec!["text".into()],
                        unique: false,
                    }];
                    s.update_collection(&old, &new).await.unwrap();
                    "index change"
                }
            };
            for site in sites {
                assert_exact(s, &db.url, site, &format!("step {step}: {what}")).await;
            }
        }
        let totals = s.usage(sites[0]).await.unwrap();
        assert!(
            totals.items > 0 && totals.bytes > totals.items,
            "{totals:?}"
        );
        s.delete_site(sites[0]).await.unwrap();
        assert_eq!(s.usage(sites[0]).await.unwrap(), SiteUsage::default());
        assert_exact(s, &db.url, sites[1], "deleting the other site").await;
    }
}

/// Many writers at once on one collection (PostgreSQL spreads them over several usage rows):
/// the sum is still exact.
#[tokio::test]
async fn usage_is_exact_under_concurrent_writes() {
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s: Arc<dyn Store> = db.store().await.unwrap();
        let ann = owner(s.as_ref()).await;
        let site = site(s.as_ref(), ann, "busy").await;
        let c = notes(site, "Notes");
        s.create_collection(&c).await.unwrap();
        let writers: Vec<_> = (0..16u64)
            .map(|w| {
                let (s, c) = (Arc::clone(&s), c.clone());
                tokio::spawn(async move {
                    for k in 0..30u64 {
                        let id = format!("w{w}-{k}");
                        s.insert_items(&c, &[note(&id, k, w + k)]).await.unwrap();
                        if k % 3 == 0 {
                            s.update_item(&c, &note(&id, k, 2 * k), &Filter::All)
                                .await
                                .unwrap();
                        }
                        if k % 4 == 0 {
                            s.remove_item(&c, &id, &Filter::All).await.unwrap();
                        }
                    }
                })
            })
            .collect();
        for w in writers {
            w.await.unwrap();
        }
        let usage = s.usage(site).await.unwrap();
        assert_eq!(usage.items, 16 * (30 - 8));
        assert_eq!(usage, scanned(&db.url, site).await);
    }
}

/// A database made before usage was kept (items written, no `data_usage`) gets exact usage
/// from migration 0018 when the store next opens.
#[tokio::test]
async fn the_migration_back_fills_usage() {
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s = db.store().await.unwrap();
        let ann = owner(s.as_ref()).await;
        let site = site(s.as_ref(), ann, "old").await;
        for name in ["Notes", "Empty"] {
            s.create_collection(&notes(site, name)).await.unwrap();
        }
        let items: Vec<Item> = (0..1200)
            .map(|i| note(&format!("i{i}"), i % 50, i % 17))
            .collect();
        s.insert_items(&notes(site, "Notes"), &items).await.unwrap();
        drop(s);
        // Back to the schema before 0018.
        let undo = [
            "DROP TABLE data_usage",
            "ALTER TABLE data_collections DROP COLUMN pending",
            "DELETE FROM _sqlx_migrations WHERE version = 18",
        ];
        if db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            for sql in undo {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        } else {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            for sql in undo {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        }
        let s = db.store().await.unwrap();
        let usage = s.usage(site).await.unwrap();
        assert_eq!(usage.items, 1200);
        assert_eq!(usage, scanned(&db.url, site).await);
    }
}
