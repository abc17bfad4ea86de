//! CMS storage on every backend: collections, indexes, items and the query language.

use serde_json::{Map, Value, json};
use tessera_core::{
    Error, Store,
    accounts::Account,
    data::{
        Collection, Field, FieldType, Filter, Index, Item, Query,
        query::{parse_filter, parse_sort},
    },
    ids::{AccountId, SiteId},
    now_millis,
    sites::Site,
};
use tessera_testkit::{TestDb, backends};

mod common;
use common::catalog_indexes;

async fn each_backend<F, Fut>(test: F)
where
    F: Fn(std::sync::Arc<dyn Store>, Collection) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        let (_db, store, books) = bookshop(backend).await;
        test(store, books).await;
    }
}

/// A fresh database with a site that has the `Books` collection.
async fn bookshop(
    backend: tessera_core::store::Backend,
) -> (TestDb, std::sync::Arc<dyn Store>, Collection) {
    let db = TestDb::new(backend).await.unwrap();
    let store = db.store().await.unwrap();
    let owner = Account {
        id: AccountId::new(),
        email: "a@example.com".into(),
        name: "A".into(),
        created_at: 0,
    };
    store.create_account(&owner, "h").await.unwrap();
    let site = Site {
        id: SiteId::new(),
        slug: "shop".into(),
        name: "Shop".into(),
        created_at: 0,
    };
    store.create_site(&site, owner.id).await.unwrap();
    let books = books(site.id);
    store.create_collection(&books).await.unwrap();
    (db, store, books)
}

fn field(key: &str, t: FieldType) -> Field {
    Field::new(key, t)
}

fn books(site_id: SiteId) -> Collection {
    Collection {
        site_id,
        id: "Books".into(),
        display_name: "Books".into(),
        display_field: Some("title".into()),
        fields: vec![
            field("title", FieldType::Text),
            field("year", FieldType::Number),
            field("tags", FieldType::ArrayString),
            Field {
                unique: true,
                ..field("isbn", FieldType::Text)
            },
        ],
        permissions: Default::default(),
        indexes: vec![Index {
            name: "by_year".into(),
            fields: vec!["year".into()],
            unique: false,
        }],
        revision: 1,
        created_at: now_millis(),
        updated_at: now_millis(),
        show_drafts: false,
    }
}

fn item(id: &str, created_at: i64, data: Value) -> Item {
    let data: Map<String, Value> = data.as_object().unwrap().clone();
    Item {
        id: id.into(),
        owner: Some("member-1".into()),
        created_at,
        updated_at: created_at,
        data,
    }
}

async fn seed(s: &dyn Store, c: &Collection) {
    let items = vec![
        item(
            "dune",
            1,
            json!({"title": "Dune", "year": 1965, "tags": ["scifi", "classic"], "isbn": "1",
            "published": {"$date": "1965-08-01T00:00:00.000Z"}, "stock": 3}),
        ),
        item(
            "emma",
            2,
            json!({"title": "Emma", "year": 1815, "tags": ["classic"], "isbn": "2", "stock": "3"}),
        ),
        item(
            "neuromancer",
            3,
            json!({"title": "Neuromancer", "year": 1984, "tags": ["scifi", "cyberpunk"], "isbn": "3",
            "published": {"$date": "1984-07-01T00:00:00.000Z"}, "inPrint": true}),
        ),
        item("untitled", 4, json!({"year": null, "inPrint": false})),
    ];
    let inserted = s.insert_items(c, &items).await.unwrap();
    assert_eq!(inserted.len(), 4);
}

async fn ids(s: &dyn Store, c: &Collection, filter: Value, sort: Value) -> Vec<String> {
    let q = Query {
        filter: parse_filter(&filter).unwrap(),
        sort: parse_sort(&sort).unwrap(),
        ..Query::default()
    };
    s.query_items(c, &q)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect()
}

#[tokio::test]
async fn collections_round_trip_and_conflict() {
    each_backend(|s, books| async move {
        assert_eq!(
            s.collection(books.site_id, "Books").await.unwrap(),
            Some(books.clone())
        );
        assert!(matches!(
            s.create_collection(&books).await,
            Err(Error::Conflict { .. })
        ));
        assert_eq!(s.collections(books.site_id).await.unwrap().len(), 1);
        let mut changed = books.clone();
        changed.revision = 2;
        changed.indexes = vec![Index {
            name: "by_title".into(),
            fields: vec!["title".into(), "year".into()],
            unique: false,
        }];
        s.update_collection(&books, &changed).await.unwrap();
        assert!(matches!(
            s.update_collection(&books, &changed).await,
            Err(Error::Conflict {
                field: "revision",
                ..
            })
        ));
        assert_eq!(
            s.collection(books.site_id, "Books")
                .await
                .unwrap()
                .unwrap()
                .indexes,
            changed.indexes
        );
        s.delete_collection(books.site_id, "Books").await.unwrap();
        assert!(
            s.collection(books.site_id, "Books")
                .await
                .unwrap()
                .is_none()
        );
        assert!(matches!(
            s.delete_collection(books.site_id, "Books").await,
            Err(Error::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn filters_follow_wix_semantics() {
    each_backend(|s, c| async move {
        let s = s.as_ref();
        seed(s, &c).await;
        let asc = json!([{"fieldName": "_createdDate", "order": "ASC"}]);
        let q = |f: Value| ids(s, &c, f, asc.clone());
        assert_eq!(
            q(json!({})).await,
            ["dune", "emma", "neuromancer", "untitled"]
        );
        assert_eq!(q(json!({"title": "Dune"})).await, ["dune"]);
        // Type-strict equality: the number 3 is not the string "3".
        assert_eq!(q(json!({"stock": 3})).await, ["dune"]);
        assert_eq!(q(json!({"stock": "3"})).await, ["emma"]);
        assert_eq!(q(json!({"inPrint": true})).await, ["neuromancer"]);
        assert_eq!(q(json!({"inPrint": false})).await, ["untitled"]);
        // eq on an array field matches any element; ne means no element matches.
        assert_eq!(q(json!({"tags": "classic"})).await, ["dune", "emma"]);
        assert_eq!(
            q(json!({"tags": {"$ne": "classic"}})).await,
            ["neuromancer", "untitled"]
        );
        assert_eq!(
            q(json!({"year": {"$gt": 1900}})).await,
            ["dune", "neuromancer"]
        );
        assert_eq!(
            q(json!({"year": {"$gte": 1815, "$lt": 1966}})).await,
            ["dune", "emma"]
        );
        assert_eq!(q(json!({"title": {"$lt": "F"}})).await, ["dune", "emma"]);
        assert_eq!(
            q(json!({"published": {"$gt": {"$date": "1970-01-01T00:00:00Z"}}})).await,
            ["neuromancer"]
        );
        assert_eq!(
            q(json!({"year": {"$in": [1815, 1984, "1965"]}})).await,
            ["emma", "neuromancer"]
        );
        assert_eq!(
            q(json!({"tags": {"$hasSome": ["cyberpunk", "nope"]}})).await,
            ["neuromancer"]
        );
        assert_eq!(
            q(json!({"tags": {"$hasAll": ["scifi", "classic"]}})).await,
            ["dune"]
        );
        // Text matching ignores case.
        assert_eq!(
            q(json!({"title": {"$startsWith": "neu"}})).await,
            ["neuromancer"]
        );
        assert_eq!(q(json!({"title": {"$endsWith": "MA"}})).await, ["emma"]);
        assert_eq!(q(json!({"title": {"$contains": "UN"}})).await, ["dune"]);
        assert_eq!(
            q(json!({"title": {"$contains": "%"}})).await,
            Vec::<String>::new()
        );
        // Missing and null are "empty".
        assert_eq!(q(json!({"year": null})).await, ["untitled"]);
        assert_eq!(
            q(json!({"year": {"$ne": null}})).await,
            ["dune", "emma", "neuromancer"]
        );
        assert_eq!(q(json!({"title": {"$exists": false}})).await, ["untitled"]);
        assert_eq!(
            q(json!({"year": {"$exists": true}})).await,
            ["dune", "emma", "neuromancer", "untitled"]
        );
        assert_eq!(
            q(json!({"$or": [{"title": "Dune"}, {"year": 1815}]})).await,
            ["dune", "emma"]
        );
        assert_eq!(
            q(json!({"$and": [{"tags": "scifi"}, {"$not": [{"title": "Dune"}]}]})).await,
            ["neuromancer"]
        );
        assert_eq!(
            q(json!({"$not": [{"year": {"$gt": 1900}}]})).await,
            ["emma", "untitled"]
        );
        // System fields.
        assert_eq!(
            q(json!({"_id": {"$in": ["emma", "dune"]}})).await,
            ["dune", "emma"]
        );
        assert_eq!(
            q(json!({"_id": {"$startsWith": "NEU"}})).await,
            ["neuromancer"]
        );
        assert_eq!(q(json!({"_owner": "member-1"})).await.len(), 4);
        assert_eq!(
            q(json!({"_createdDate": {"$gt": {"$date": "1970-01-01T00:00:00.002Z"}}})).await,
            ["neuromancer", "untitled"]
        );
        assert_eq!(q(json!({"_id": 5})).await, Vec::<String>::new());
    })
    .await;
}

#[tokio::test]
async fn sort_page_and_count() {
    each_backend(|s, c| async move {
        let s = s.as_ref();
        seed(s, &c).await;
        assert_eq!(
            ids(s, &c, json!({}), json!(null)).await,
            ["untitled", "neuromancer", "emma", "dune"],
            "newest first"
        );
        // Missing values rank lowest.
        assert_eq!(
            ids(s, &c, json!({}), json!([{"fieldName": "year"}])).await,
            ["untitled", "emma", "dune", "neuromancer"]
        );
        assert_eq!(
            ids(
                s,
                &c,
                json!({}),
                json!([{"fieldName": "year", "order": "DESC"}])
            )
            .await,
            ["neuromancer", "dune", "emma", "untitled"]
        );
        let page = Query {
            limit: 2,
            offset: 1,
            sort: parse_sort(&json!([{"fieldName": "_id"}])).unwrap(),
            ..Query::default()
        };
        let got: Vec<String> = s
            .query_items(&c, &page)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(got, ["emma", "neuromancer"]);
        assert_eq!(s.count_items(&c, &Filter::All).await.unwrap(), 4);
        assert_eq!(
            s.count_items(&c, &parse_filter(&json!({"tags": "scifi"})).unwrap())
                .await
                .unwrap(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn writes_are_conditional_and_unique_fields_hold() {
    each_backend(|s, c| async move {
        let s = s.as_ref();
        seed(s, &c).await;
        // Existing ids are skipped, new ones inserted.
        let again = s
            .insert_items(
                &c,
                &[
                    item("dune", 9, json!({"isbn": "9"})),
                    item("new", 9, json!({"isbn": "10"})),
                ],
            )
            .await
            .unwrap();
        assert_eq!(again, ["new"]);
        let dup = s
            .insert_items(&c, &[item("clash", 9, json!({"isbn": "1"}))])
            .await;
        assert!(matches!(dup, Err(Error::Conflict { .. })), "{dup:?}");
        assert!(
            s.item(&c, "clash").await.unwrap().is_none(),
            "nothing was written"
        );

        let mut dune = s.item(&c, "dune").await.unwrap().unwrap();
        dune.data.insert("title".into(), json!("Dune (1965)"));
        dune.updated_at = 100;
        let missed = s
            .update_item(&c, &dune, &parse_filter(&json!({"year": 1900})).unwrap())
            .await;
        assert!(
            matches!(
                missed,
                Err(Error::Conflict {
                    field: "condition",
                    ..
                })
            ),
            "{missed:?}"
        );
        let updated = s
            .update_item(&c, &dune, &parse_filter(&json!({"year": 1965})).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                updated.data["title"].as_str(),
                updated.created_at,
                updated.updated_at
            ),
            (Some("Dune (1965)"), 1, 100)
        );
        let ghost = Item {
            id: "ghost".into(),
            ..dune.clone()
        };
        assert!(
            s.update_item(&c, &ghost, &Filter::All)
                .await
                .unwrap()
                .is_none()
        );

        let removed = s
            .remove_item(&c, "emma", &Filter::All)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(removed.data["title"], "Emma");
        assert!(
            s.remove_item(&c, "emma", &Filter::All)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(s.truncate_items(&c).await.unwrap(), 4);
        assert_eq!(s.count_items(&c, &Filter::All).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn distinct_values_and_aggregates() {
    use tessera_core::data::{SortOrder, aggregate, query::Page};
    each_backend(|s, c| async move {
        let s = s.as_ref();
        let rows = [("a", "NY", 2000, 292), ("b", "NY", 2010, 261), ("c", "CA", 2000, 3703), ("d", "CA", 2010, 3796), ("e", "FL", 2010, 401)];
        let items: Vec<Item> = rows
            .iter()
            .enumerate()
            .map(|(i, (id, state, year, pop))| item(id, i as i64, json!({"state": state, "year": year, "population": pop})))
            .collect();
        s.insert_items(&c, &items).await.unwrap();
        s.insert_items(&c, &[item("f", 9, json!({"state": null, "population": "many"}))]).await.unwrap();

        let states = s.distinct_values(&c, "state", &Filter::All, SortOrder::Asc, Page { limit: 50, offset: 0 }).await.unwrap();
        assert_eq!(states, [json!("CA"), json!("FL"), json!("NY")]);
        let years = s.distinct_values(&c, "year", &parse_filter(&json!({"state": "NY"})).unwrap(), SortOrder::Desc, Page { limit: 1, offset: 0 }).await.unwrap();
        assert_eq!(years, [json!(2010)]);
        // An array field's distinct values are its elements.
        s.insert_items(&c, &[item("t1", 20, json!({"tags": ["b", "a"]})), item("t2", 21, json!({"tags": ["a", "c"]}))]).await.unwrap();
        let tags = s.distinct_values(&c, "tags", &Filter::All, SortOrder::Asc, Page { limit: 50, offset: 0 }).await.unwrap();
        assert_eq!(tags, [json!("a"), json!("b"), json!("c")]);
        s.remove_item(&c, "t1", &Filter::All).await.unwrap();
        s.remove_item(&c, "t2", &Filter::All).await.unwrap();

        let req = json!({"initialFilter": {"year": {"$gte": 2000}}, "aggregation": {"groupingFields": ["state"], "operations": [
            {"resultFieldName": "total", "sum": {"itemFieldName": "population"}},
            {"resultFieldName": "mean", "average": {"itemFieldName": "population"}},
            {"resultFieldName": "most", "max": {"itemFieldName": "population"}},
            {"resultFieldName": "n", "itemCount": {}}]},
            "finalFilter": {"total": {"$gt": 500}}, "sort": [{"fieldName": "total", "order": "DESC"}]});
        let a = aggregate::parse(&req, 50, 0).unwrap();
        let out = s.aggregate(&c, &a).await.unwrap();
        assert_eq!(out.len(), 2, "{out:?}");
        assert_eq!(out[0]["state"], "CA");
        assert_eq!(out[0]["total"].as_f64(), Some(7499.0));
        assert_eq!(out[0]["mean"].as_f64(), Some(3749.5));
        assert_eq!((out[0]["most"].as_f64(), out[0]["n"].as_i64()), (Some(3796.0), Some(2)));
        assert_eq!((out[1]["state"].as_str(), out[1]["total"].as_f64()), (Some("NY"), Some(553.0)));

        let all = aggregate::parse(&json!({"aggregation": {"operations": [{"resultFieldName": "n", "itemCount": {}},
            {"resultFieldName": "total", "sum": {"itemFieldName": "population"}}]}}), 50, 0).unwrap();
        let out = s.aggregate(&c, &all).await.unwrap();
        assert_eq!((out.len(), out[0]["n"].as_i64(), out[0]["total"].as_f64()), (1, Some(6), Some(8453.0)), "text values are not summed");
    })
    .await;
}

#[tokio::test]
async fn multi_references_link_items_in_order() {
    use tessera_core::data::{SortOrder, query::Page};
    each_backend(|s, books| async move {
        let s = s.as_ref();
        let authors = Collection {
            id: "Authors".into(),
            indexes: vec![],
            fields: vec![],
            ..books.clone()
        };
        s.create_collection(&authors).await.unwrap();
        s.insert_items(
            &books,
            &[
                item("dune", 1, json!({"isbn": "1"})),
                item("emma", 2, json!({"isbn": "2"})),
            ],
        )
        .await
        .unwrap();
        s.insert_items(
            &authors,
            &[
                item("frank", 1, json!({"name": "Frank"})),
                item("jane", 2, json!({"name": "Jane"})),
                item("kevin", 3, json!({})),
            ],
        )
        .await
        .unwrap();
        let link = |a: &str, b: &str| (a.to_string(), b.to_string());
        let added = s
            .insert_references(
                &books,
                "writers",
                "Authors",
                &[
                    link("dune", "frank"),
                    link("dune", "kevin"),
                    link("emma", "jane"),
                ],
            )
            .await
            .unwrap();
        assert_eq!(added, 3);
        assert_eq!(
            s.insert_references(&books, "writers", "Authors", &[link("dune", "frank")])
                .await
                .unwrap(),
            0,
            "links are a set"
        );
        assert!(
            s.is_referenced(&books, "writers", "dune", "frank")
                .await
                .unwrap()
        );
        assert!(
            !s.is_referenced(&books, "writers", "dune", "jane")
                .await
                .unwrap()
        );

        let ids = |rows: Vec<(String, Item)>| {
            rows.into_iter()
                .map(|(r, i)| format!("{r}>{}", i.id))
                .collect::<Vec<_>>()
        };
        let both = vec!["dune".to_string(), "emma".to_string()];
        assert_eq!(
            ids(s
                .referenced_items(
                    &books,
                    "writers",
                    &authors,
                    &both,
                    SortOrder::Asc,
                    Page {
                        limit: 50,
                        offset: 0
                    }
                )
                .await
                .unwrap()),
            ["dune>frank", "dune>kevin", "emma>jane"]
        );
        let dune = vec!["dune".to_string()];
        assert_eq!(
            ids(s
                .referenced_items(
                    &books,
                    "writers",
                    &authors,
                    &dune,
                    SortOrder::Desc,
                    Page {
                        limit: 1,
                        offset: 0
                    }
                )
                .await
                .unwrap()),
            ["dune>kevin"]
        );

        s.replace_references(
            &books,
            "writers",
            "Authors",
            "dune",
            &["jane".to_string(), "frank".to_string()],
        )
        .await
        .unwrap();
        assert_eq!(
            ids(s
                .referenced_items(
                    &books,
                    "writers",
                    &authors,
                    &dune,
                    SortOrder::Asc,
                    Page {
                        limit: 50,
                        offset: 0
                    }
                )
                .await
                .unwrap()),
            ["dune>jane", "dune>frank"]
        );
        assert_eq!(
            s.remove_references(&books, "writers", &[link("dune", "jane")])
                .await
                .unwrap(),
            1
        );
        // Removing an item clears the links to it.
        s.remove_item(&authors, "frank", &Filter::All)
            .await
            .unwrap();
        assert!(
            !s.is_referenced(&books, "writers", "dune", "frank")
                .await
                .unwrap()
        );
        s.truncate_items(&books).await.unwrap();
        assert!(
            !s.is_referenced(&books, "writers", "emma", "jane")
                .await
                .unwrap()
        );
    })
    .await;
}

#[tokio::test]
async fn queries_read_the_collection_indexes() {
    each_backend(|s, c| async move {
        let s = s.as_ref();
        // Indexes on each field while the collection is empty (`by_year` comes with it), then
        // items, then the index on both, which the query should use.
        let mut single = c.clone();
        single.revision = 2;
        single.indexes.push(Index { name: "by_category".into(), fields: vec!["category".into()], unique: false });
        s.update_collection(&c, &single).await.unwrap();
        let items: Vec<Item> = (0..3000)
            .map(|i| item(&format!("i{i}"), i, json!({"category": format!("cat{}", i % 20), "year": 1950 + i % 75, "isbn": format!("{i}")})))
            .collect();
        s.insert_items(&single, &items).await.unwrap();
        let mut indexed = single.clone();
        indexed.revision = 3;
        indexed.indexes.push(Index { name: "by_cat_year".into(), fields: vec!["category".into(), "year".into()], unique: false });
        s.update_collection(&single, &indexed).await.unwrap();
        let q = Query {
            filter: parse_filter(&json!({"category": "cat7"})).unwrap(),
            sort: parse_sort(&json!([{"fieldName": "year", "order": "DESC"}])).unwrap(),
            ..Query::default()
        };
        // Before any statistics refresh (the index was made on an empty collection, and 3,000
        // writes are too few for one), and after one.
        for refreshed in [false, true] {
            if refreshed {
                s.optimize().await.unwrap();
            }
            // A SQLite connection plans its first statement after a statistics refresh before
            // it reloads them; from the next one on it uses them.
            s.explain_query(&indexed, &q).await.unwrap();
            let plan = s.explain_query(&indexed, &q).await.unwrap();
            assert!(plan.contains("data_index_entries"), "the collection index is used ({refreshed}):\n{plan}");
            // SQLite reads the order from the index too. (PostgreSQL, on so few rows, rightly
            // prefers a bitmap scan and a sort of the 150 matches.)
            assert!(!plan.contains("TEMP B-TREE"), "no sort step ({refreshed}):\n{plan}");
            assert!(!plan.contains("SCAN data_items"), "not a walk of the year index:\n{plan}");
        }
        let got = s.query_items(&indexed, &q).await.unwrap();
        assert_eq!(got.len(), 50);
        assert!(got.windows(2).all(|w| w[0].data["year"].as_i64() >= w[1].data["year"].as_i64()));
        assert!(got.iter().all(|i| i.data["category"] == "cat7"));
    })
    .await;
}

/// Collection indexes are rows, not schema: making collections, indexes and unique fields,
/// and filling them, leaves the database's own indexes as they were, so no site's write or
/// schema change costs more for another site's collections. A unique index still holds.
#[tokio::test]
async fn collection_indexes_change_no_schema() {
    for backend in backends() {
        let (db, s, c) = bookshop(backend).await;
        let url = db.url.clone();
        let before = catalog_indexes(&url).await;
        for n in 0..20 {
            let other = Collection {
                id: format!("Books{n}"),
                ..c.clone()
            };
            s.create_collection(&other).await.unwrap();
            s.insert_items(&other, &[item("a", 1, json!({"year": n, "isbn": "1"}))])
                .await
                .unwrap();
            let mut more = other.clone();
            more.revision = 2;
            more.indexes.push(Index {
                name: "by_title".into(),
                fields: vec!["title".into()],
                unique: false,
            });
            s.update_collection(&other, &more).await.unwrap();
        }
        assert_eq!(catalog_indexes(&url).await, before);
        let dup = s
            .insert_items(
                &c,
                &[
                    item("x", 1, json!({"isbn": "7"})),
                    item("y", 2, json!({"isbn": "7"})),
                ],
            )
            .await;
        assert!(matches!(dup, Err(Error::Conflict { .. })), "{dup:?}");
        // A unique index added over items that break it is refused and changes nothing.
        s.insert_items(
            &c,
            &[
                item("x", 1, json!({"title": "Same"})),
                item("y", 2, json!({"title": "Same"})),
            ],
        )
        .await
        .unwrap();
        let mut unique = c.clone();
        unique.revision = 2;
        unique.indexes.push(Index {
            name: "one_title".into(),
            fields: vec!["title".into()],
            unique: true,
        });
        let refused = s.update_collection(&c, &unique).await;
        assert!(
            matches!(refused, Err(Error::Conflict { .. })),
            "{refused:?}"
        );
        assert_eq!(
            s.collection(c.site_id, "Books")
                .await
                .unwrap()
                .unwrap()
                .revision,
            1
        );
    }
}

/// A database whose collection indexes were partial indexes on the items table (the layout
/// before index entries) is moved to entries when the store opens: the old indexes are
/// dropped and queries find the same items through the entries.
#[tokio::test]
async fn partial_indexes_of_an_older_database_become_entries() {
    use sqlx::Connection as _;
    for backend in backends() {
        let (db, s, c) = bookshop(backend).await;
        seed(s.as_ref(), &c).await;
        drop(s);
        // The older layout: a partial expression index per collection index, no entries.
        let site = c.site_id.to_string();
        let (legacy, clear) = (
            if db.url.starts_with("sqlite:") {
                format!(
                    "CREATE INDEX dx_legacy ON data_items ((json_extract(data, '$.year')), item_id) WHERE site_id = '{site}' AND collection_id = 'Books'"
                )
            } else {
                format!(
                    "CREATE INDEX dx_legacy ON data_items ((NULLIF(data #> '{{year}}', 'null'::jsonb)) NULLS FIRST, item_id) WHERE site_id = '{site}' AND collection_id = 'Books'"
                )
            },
            "DELETE FROM data_index_entries",
        );
        if db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(legacy))
                .execute(&mut conn)
                .await
                .unwrap();
            sqlx::query(clear).execute(&mut conn).await.unwrap();
        } else {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(legacy))
                .execute(&mut conn)
                .await
                .unwrap();
            sqlx::query(clear).execute(&mut conn).await.unwrap();
        }
        assert!(
            catalog_indexes(&db.url)
                .await
                .contains(&"dx_legacy".to_string())
        );

        let s = db.store().await.unwrap();
        assert!(
            !catalog_indexes(&db.url)
                .await
                .iter()
                .any(|i| i.starts_with("dx_"))
        );
        let q = Query {
            filter: parse_filter(&json!({"year": {"$gt": 1900}})).unwrap(),
            sort: parse_sort(&json!([{"fieldName": "year", "order": "ASC"}])).unwrap(),
            ..Query::default()
        };
        let plan = s.explain_query(&c, &q).await.unwrap();
        assert!(plan.contains("data_index_entries"), "{plan}");
        let got: Vec<String> = s
            .query_items(&c, &q)
            .await
            .unwrap()
            .into_iter()
            .map(|i| i.id)
            .collect();
        assert_eq!(got, ["dune", "neuromancer"]);
        // The unique field's index came back too.
        let dup = s
            .insert_items(&c, &[item("clash", 9, json!({"isbn": "1"}))])
            .await;
        assert!(matches!(dup, Err(Error::Conflict { .. })), "{dup:?}");
    }
}

/// An index on an array field has an entry per distinct element: `$hasSome` (or `eq`) on one
/// tag reads that tag's items in the sort's order from the index, and every answer (pages,
/// counts, several tags, empty and duplicate arrays, changed items) is the one a collection
/// without the index gives.
#[tokio::test]
async fn array_indexes_answer_as_a_scan_does() {
    each_backend(|s, c| async move {
        let s = s.as_ref();
        let mut plain = Collection {
            id: "Plain".into(),
            indexes: Vec::new(),
            ..c.clone()
        };
        plain.fields.push(field("inPrint", FieldType::Boolean));
        s.create_collection(&plain).await.unwrap();
        let items: Vec<Item> = (0..600)
            .map(|i| {
                let tags = match i % 7 {
                    0 => json!([]),
                    1 => json!(["t1", "t1"]),
                    2 => json!(null),
                    n => json!([format!("t{n}"), format!("t{}", (n + i) % 5)]),
                };
                let mut data = json!({"year": 1900 + i % 97, "isbn": format!("{i}"), "tags": tags, "inPrint": i % 3 == 0});
                if i % 11 == 0 {
                    data.as_object_mut().unwrap().remove("tags");
                }
                item(&format!("i{i:03}"), i, data)
            })
            .collect();
        s.insert_items(&c, &items).await.unwrap();
        s.insert_items(&plain, &items).await.unwrap();
        let mut indexed = c.clone();
        indexed.revision = 2;
        indexed.fields.push(field("inPrint", FieldType::Boolean));
        indexed.indexes = vec![
            Index {
                name: "by_tag_print_year".into(),
                fields: vec!["tags".into(), "inPrint".into(), "year".into()],
                unique: false,
            },
            Index {
                name: "by_tag_year".into(),
                fields: vec!["tags".into(), "year".into()],
                unique: false,
            },
            Index {
                name: "by_year_tag".into(),
                fields: vec!["year".into(), "tags".into()],
                unique: false,
            },
        ];
        s.update_collection(&c, &indexed).await.unwrap();
        // A change after the index is built rewrites the item's entries.
        let mut moved = items[3].clone();
        moved.data.insert("tags".into(), json!(["t4", "new"]));
        moved.updated_at += 1;
        for coll in [&indexed, &plain] {
            s.update_item(coll, &moved, &Filter::All)
                .await
                .unwrap()
                .unwrap();
        }
        let cases = [
            (
                json!({"$and": [{"tags": {"$hasSome": ["t3"]}}, {"inPrint": true}]}),
                json!([{"fieldName": "year", "order": "DESC"}]),
            ),
            (
                json!({"$and": [{"tags": "t4"}, {"inPrint": false}, {"year": {"$lt": 1990}}]}),
                json!([]),
            ),
            (
                json!({"tags": {"$hasSome": ["t4"]}}),
                json!([{"fieldName": "year", "order": "ASC"}]),
            ),
            (
                json!({"tags": "t1"}),
                json!([{"fieldName": "year", "order": "DESC"}]),
            ),
            (
                json!({"tags": {"$hasSome": ["new"]}}),
                json!([{"fieldName": "year", "order": "ASC"}]),
            ),
            (
                json!({"tags": {"$hasSome": ["t3", "t4"]}}),
                json!([{"fieldName": "isbn", "order": "ASC"}]),
            ),
            (
                json!({"$and": [{"tags": {"$hasSome": ["t2"]}}, {"year": {"$gt": 1950}}]}),
                json!([{"fieldName": "year", "order": "ASC"}]),
            ),
            (json!({"year": 1903}), json!([])),
            (json!({"tags": {"$hasAll": ["t3", "t4"]}}), json!([])),
        ];
        for (filter, sort) in cases {
            let q = Query {
                filter: parse_filter(&filter).unwrap(),
                sort: parse_sort(&sort).unwrap(),
                limit: 1000,
                ..Query::default()
            };
            let want: Vec<String> = s
                .query_items(&plain, &q)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.id)
                .collect();
            let got: Vec<String> = s
                .query_items(&indexed, &q)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.id)
                .collect();
            assert!(!want.is_empty(), "{filter}");
            assert_eq!(got, want, "{filter} {sort}");
            let count = s.count_items(&indexed, &q.filter).await.unwrap();
            assert_eq!(count, want.len() as u64, "count of {filter}");
        }
        // One tag, sorted by year: the page is read from the index, not sorted.
        let q = Query {
            filter: parse_filter(&json!({"tags": {"$hasSome": ["t4"]}})).unwrap(),
            sort: parse_sort(&json!([{"fieldName": "year", "order": "ASC"}])).unwrap(),
            ..Query::default()
        };
        s.explain_query(&indexed, &q).await.unwrap();
        let plan = s.explain_query(&indexed, &q).await.unwrap();
        assert!(plan.contains("data_index_entries"), "{plan}");
        assert!(!plan.contains("TEMP B-TREE"), "no sort step:\n{plan}");
        // Two array fields in one index would multiply entries: refused.
        let mut two = indexed.clone();
        two.fields.push(field("labels", FieldType::ArrayString));
        two.indexes.push(Index {
            name: "both".into(),
            fields: vec!["tags".into(), "labels".into()],
            unique: false,
        });
        let refused = two.validate();
        assert!(
            matches!(refused, Err(Error::InvalidArgument { .. })),
            "{refused:?}"
        );
    })
    .await;
}

/// Indexes on array fields made before they had an entry per element (one entry keyed by the
/// whole array) are rewritten once when the store opens after the upgrade.
#[tokio::test]
async fn older_array_indexes_are_rekeyed_once() {
    use sqlx::Connection as _;
    for backend in backends() {
        let (db, s, c) = bookshop(backend).await;
        let mut tagged = c.clone();
        tagged.revision = 2;
        tagged.indexes.push(Index {
            name: "by_tag".into(),
            fields: vec!["tags".into()],
            unique: false,
        });
        s.update_collection(&c, &tagged).await.unwrap();
        seed(s.as_ref(), &tagged).await;
        drop(s);
        // The older entries: one per item (here the first tag's, so a probe for "scifi" finds
        // none), and the migration's note.
        let older = [
            "DELETE FROM data_index_entries WHERE n > 0",
            "INSERT INTO server_settings (name, value) VALUES ('rekey_array_indexes', 'pending')",
        ];
        if db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            for sql in older {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        } else {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.unwrap();
            for sql in older {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        }
        let s = db.store().await.unwrap();
        assert_eq!(
            ids(
                s.as_ref(),
                &tagged,
                json!({"tags": {"$hasSome": ["scifi"]}}),
                json!([{"fieldName": "title", "order": "ASC"}])
            )
            .await,
            ["dune", "neuromancer"]
        );
        // The note is gone: the next open does nothing.
        assert_eq!(
            s.claim_setting("rekey_array_indexes", "again")
                .await
                .unwrap(),
            "again"
        );
    }
}
