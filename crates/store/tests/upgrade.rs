//! A database written by an earlier release opens in place on every backend: its migrations
//! run, its collection indexes (partial indexes on `data_items` then) become entries, its usage
//! is counted, and its data reads and writes as before. The databases in `upgrade/` were made
//! by release 496365b with `upgrade/make.sh`.

use serde_json::json;
use sqlx::Connection as _;
use std::str::FromStr as _;
use tessera_core::{
    Error,
    data::{
        Item, Query,
        query::{parse_filter, parse_sort},
    },
    store::Backend,
};
use tessera_testkit::{TestDb, backends};

mod common;
use common::catalog_indexes;

const RELEASE: &str = "496365b";

/// A fresh database holding what the release wrote.
async fn released(backend: Backend) -> TestDb {
    let db = TestDb::new(backend).await.unwrap();
    match backend {
        Backend::Sqlite => {
            let dump =
                std::fs::read_to_string(format!("tests/upgrade/{RELEASE}.sqlite.sql")).unwrap();
            let options = sqlx::sqlite::SqliteConnectOptions::from_str(&db.url)
                .unwrap()
                .create_if_missing(true);
            let mut conn = sqlx::SqliteConnection::connect_with(&options)
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(dump))
                .execute(&mut conn)
                .await
                .unwrap();
        }
        Backend::Postgres => {
            let dump =
                std::fs::read_to_string(format!("tests/upgrade/{RELEASE}.postgres.sql")).unwrap();
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(dump))
                .execute(&mut conn)
                .await
                .unwrap();
        }
    }
    db
}

fn query(filter: serde_json::Value, sort: serde_json::Value) -> Query {
    Query {
        filter: parse_filter(&filter).unwrap(),
        sort: parse_sort(&sort).unwrap(),
        limit: 1000,
        ..Query::default()
    }
}

/// Book `n` as seed.py wrote it.
fn year_of(n: u64) -> i64 {
    1900 + (n as i64 * 37) % 120
}

#[tokio::test]
async fn a_released_database_upgrades_in_place() {
    for backend in backends() {
        let db = released(backend).await;
        assert!(
            catalog_indexes(&db.url)
                .await
                .iter()
                .any(|i| i.starts_with("dx_")),
            "{backend:?}: the release's database has its partial indexes"
        );
        let s = db.store().await.unwrap();
        assert!(
            !catalog_indexes(&db.url)
                .await
                .iter()
                .any(|i| i.starts_with("dx_")),
            "{backend:?}: opening moved them to entries"
        );

        let owner = s.account_by_email("owner@example.com").await.unwrap();
        assert!(owner.is_some(), "{backend:?}: the account is kept");
        let shop = s
            .site_by_slug("shop")
            .await
            .unwrap()
            .expect("the shop site");
        assert!(
            s.published_version(shop.id).await.unwrap().is_some(),
            "{backend:?}: still published"
        );
        let books = s.collection(shop.id, "Books").await.unwrap().unwrap();
        assert_eq!(books.indexes.len(), 3, "{backend:?}");

        // Reads through each index agree with the data seed.py wrote.
        let q = query(
            json!({"year": {"$gte": 2000}}),
            json!([{"fieldName": "year", "order": "ASC"}, {"fieldName": "_id"}]),
        );
        let plan = s.explain_query(&books, &q).await.unwrap();
        assert!(plan.contains("data_index_entries"), "{backend:?}: {plan}");
        let got: Vec<String> = s
            .query_items(&books, &q)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        let mut want: Vec<(i64, String)> = (0..240)
            .filter(|&n| year_of(n) >= 2000)
            .map(|n| (year_of(n), format!("b{n:03}")))
            .collect();
        want.sort();
        assert_eq!(
            got,
            want.into_iter().map(|(_, id)| id).collect::<Vec<_>>(),
            "{backend:?}"
        );
        let shelf = query(
            json!({"category": "c2"}),
            json!([{"fieldName": "year", "order": "DESC"}]),
        );
        let years: Vec<i64> = s
            .query_items(&books, &shelf)
            .await
            .unwrap()
            .iter()
            .map(|i| i.data["year"].as_i64().unwrap())
            .collect();
        assert_eq!(years.len(), 40, "{backend:?}");
        assert!(years.is_sorted_by(|a, b| a >= b), "{backend:?}: {years:?}");

        // The unique index still holds, and new writes keep every index.
        let clash = Item {
            id: "clash".into(),
            owner: None,
            created_at: 0,
            updated_at: 0,
            data: json!({"title": "Again", "isbn": "isbn-7", "year": 1999})
                .as_object()
                .unwrap()
                .clone(),
        };
        let refused = s.insert_items(&books, std::slice::from_ref(&clash)).await;
        assert!(
            matches!(refused, Err(Error::Conflict { .. })),
            "{backend:?}: {refused:?}"
        );
        let mut fresh = clash;
        fresh.data.insert("isbn".into(), json!("isbn-new"));
        fresh.data.insert("year".into(), json!(2030));
        s.insert_items(&books, &[fresh]).await.unwrap();
        let newest = s
            .query_items(
                &books,
                &query(
                    json!({"year": {"$gt": 2020}}),
                    json!([{"fieldName": "year", "order": "DESC"}]),
                ),
            )
            .await
            .unwrap();
        assert_eq!(newest[0].id, "clash", "{backend:?}");

        // Usage was counted by the migration, then kept by the write.
        let usage = s.usage(shop.id).await.unwrap();
        let items: Vec<(&str, u64)> = usage
            .collections
            .iter()
            .map(|c| (c.collection_id.as_str(), c.items))
            .collect();
        assert_eq!(
            items,
            [("Books", 241), ("Notes", 20), ("Products", 4)],
            "{backend:?}"
        );
        assert!(usage.bytes > 241 * 40, "{backend:?}: {usage:?}");

        // The demo site came through as well, its unique slugs still unique.
        let demo = s
            .site_by_slug("demo")
            .await
            .unwrap()
            .expect("the demo site");
        let posts = s.collection(demo.id, "Posts").await.unwrap().unwrap();
        let all = s
            .query_items(&posts, &query(json!({}), json!([])))
            .await
            .unwrap();
        assert_eq!(all.len(), 7, "{backend:?}");
        let mut copy = all[0].clone();
        copy.id = "copy".into();
        let refused = s.insert_items(&posts, &[copy]).await;
        assert!(
            matches!(refused, Err(Error::Conflict { .. })),
            "{backend:?}: {refused:?}"
        );
    }
}
