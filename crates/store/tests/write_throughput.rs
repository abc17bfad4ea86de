//! Inserts per second with 64 concurrent writers on one collection: what the per-collection
//! usage rows cost when every write updates them (bench/RESULTS.md, issue 26).
//! `cargo test -p tessera-store --release --test write_throughput -- --ignored --nocapture`
//! (with TESSERA_TEST_DATABASE_URL for PostgreSQL); TESSERA_WRITERS and TESSERA_SECONDS
//! change the load (64, 10).

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use serde_json::json;
use tessera_core::{
    Store,
    accounts::Account,
    data::{Collection, Field, FieldType, Index, Item},
    ids::{AccountId, SiteId},
    sites::Site,
};
use tessera_testkit::{TestDb, backends};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement, not a check: run it with --release --ignored --nocapture"]
async fn concurrent_inserts_into_one_collection() {
    let (writers, seconds) = (env("TESSERA_WRITERS", 64), env("TESSERA_SECONDS", 10));
    for backend in backends() {
        let db = TestDb::new(backend).await.unwrap();
        let s: Arc<dyn Store> = db.store().await.unwrap();
        let owner = Account {
            id: AccountId::new(),
            email: "a@example.com".into(),
            name: "A".into(),
            created_at: 0,
        };
        s.create_account(&owner, "h").await.unwrap();
        let site = Site {
            id: SiteId::new(),
            slug: "busy".into(),
            name: "Busy".into(),
            created_at: 0,
        };
        s.create_site(&site, owner.id).await.unwrap();
        let c = Collection {
            site_id: site.id,
            id: "Orders".into(),
            display_name: "Orders".into(),
            display_field: None,
            fields: vec![
                Field::new("title", FieldType::Text),
                Field::new("n", FieldType::Number),
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
        };
        s.create_collection(&c).await.unwrap();
        let (done, stop) = (
            Arc::new(AtomicU64::new(0)),
            Arc::new(AtomicBool::new(false)),
        );
        let tasks: Vec<_> = (0..writers)
            .map(|w| {
                let (s, c, done, stop) = (
                    Arc::clone(&s),
                    c.clone(),
                    Arc::clone(&done),
                    Arc::clone(&stop),
                );
                tokio::spawn(async move {
                    let mut k = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        k += 1;
                        let item = Item {
                            id: format!("w{w}-{k}"),
                            owner: None,
                            created_at: k as i64,
                            updated_at: k as i64,
                            data: json!({"title": format!("Order {k}"), "n": k})
                                .as_object()
                                .unwrap()
                                .clone(),
                        };
                        s.insert_items(&c, &[item]).await.unwrap();
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        let t = Instant::now();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        let n = done.load(Ordering::Relaxed);
        let elapsed = t.elapsed();
        for t in tasks {
            t.await.unwrap();
        }
        eprintln!(
            "{backend:?}: {writers} writers on one collection: {:.0} inserts/s ({n} in {elapsed:.1?})",
            n as f64 / elapsed.as_secs_f64()
        );
    }
}
