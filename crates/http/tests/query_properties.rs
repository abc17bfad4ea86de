//! Property tests of the query language, end to end: random filters, sorts, paging,
//! distinct, aggregation and pipeline requests, valid and hostile, sent over HTTP to a
//! collection with items of every common type, on every backend. Whatever the request, the
//! answer is never a 5xx, and a refusal is a Wix-shaped error with a message.
//!
//! The generator is seeded, so a run is reproducible; `TESSERA_QUERY_CASES` sets how many
//! requests each backend gets (default 300).

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use reqwest::Method;
use serde_json::{Map, Value, json};
use tessera_testkit::{TestApp, backends, call};

/// Field paths: declared fields, nested paths, system fields, unknown and malformed names.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "title", "year", "tags", "flag", "when", "place", "place.city", "place.geo.lat", "extra",
            "_id", "_owner", "_createdDate", "_updatedDate", "missing", "title.length",
        ])
        .prop_map(str::to_string),
        1 => "[a-zA-Z_$.]{0,12}",
        1 => ".{0,16}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Dune",
            "dune",
            "",
            "%",
            "_",
            "\\",
            "'",
            "\"",
            "\u{0}",
            "a\u{0}b",
            "ü",
            "🦀",
            "1965",
            "2024-02-03T00:00:00.000Z",
        ])
        .prop_map(str::to_string),
        ".{0,24}",
    ]
}

/// Right-hand sides: every JSON kind, Wix's `$date`, extreme numbers, nested values.
fn literal() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        prop::sample::select(vec![0.0, -0.0, 1.5, 1e308, -1e308, 1e-308, 1965.0])
            .prop_map(Value::from),
        text().prop_map(Value::from),
        prop_oneof![
            Just("2024-02-03T00:00:00.000Z".to_string()),
            Just("1969-07-20".to_string()),
            text()
        ]
        .prop_map(|d| json!({ "$date": d })),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(field(), inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn operator() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "$eq",
            "$ne",
            "$lt",
            "$lte",
            "$gt",
            "$gte",
            "$in",
            "$hasSome",
            "$hasAll",
            "$startsWith",
            "$endsWith",
            "$contains",
            "$exists",
            "$regex",
            "$",
            "$isEmpty",
        ])
        .prop_map(str::to_string),
        "\\$[a-z]{0,8}",
    ]
}

/// One condition on a field: a bare value, an operator object, or something malformed.
fn condition() -> impl Strategy<Value = Value> {
    prop_oneof![
        literal(),
        (operator(), literal()).prop_map(|(op, v)| json!({ op: v })),
        (operator(), prop::collection::vec(literal(), 0..6)).prop_map(|(op, v)| json!({ op: v })),
        (operator(), literal(), operator(), literal())
            .prop_map(|(a, x, b, y)| json!({ a: x, b: y })),
    ]
}

/// A well-formed comparison on an indexed field with a value near the items' own, so that
/// the index paths select some items and not others.
fn indexed_condition() -> impl Strategy<Value = Value> {
    let value = prop_oneof![
        prop::sample::select(vec![1815.0, 1965.0, 1969.5, 1984.0, 0.0, 2000.0])
            .prop_map(Value::from),
        prop::sample::select(vec!["Dune", "Emma", "", "ubik", "1965", "D", "Z"])
            .prop_map(Value::from),
        prop::sample::select(vec!["1965-08-01T00:00:00.000Z", "2000-01-01T00:00:00.000Z"])
            .prop_map(|d| json!({ "$date": d })),
        Just(json!({"city": "LA"})),
    ];
    let field = prop::sample::select(vec!["year", "title", "when", "extra", "place"]);
    let op = prop::sample::select(vec!["$eq", "$ne", "$gt", "$gte", "$lt", "$lte"]);
    prop_oneof![
        (field.clone(), op, value.clone()).prop_map(|(f, op, v)| json!({ f: { op: v } })),
        (field.clone(), value.clone()).prop_map(|(f, v)| json!({ f: v })),
        (field, prop::collection::vec(value, 1..4)).prop_map(|(f, v)| json!({ f: { "$in": v } })),
    ]
}

fn filter() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        1 => Just(json!({})),
        1 => Just(Value::Null),
        3 => (field(), condition()).prop_map(|(f, c)| json!({ f: c })),
        1 => literal(),
        4 => indexed_condition(),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "$and": v })),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "$or": v })),
            inner.clone().prop_map(|f| json!({ "$not": f })),
            prop::collection::vec(inner.clone(), 0..2).prop_map(|v| json!({ "$not": v })),
            prop::collection::vec((field(), inner), 1..3)
                .prop_map(|parts| { Value::Object(parts.into_iter().collect::<Map<_, _>>()) }),
        ]
    })
}

fn sort() -> impl Strategy<Value = Value> {
    let order = prop_oneof![3 => Just(json!("ASC")), 3 => Just(json!("DESC")), 1 => literal()];
    let any_sort = prop::collection::vec(
        (field(), order).prop_map(|(f, o)| json!({"fieldName": f, "order": o})),
        0..3,
    )
    .prop_map(Value::from);
    // The orders the indexes keep, so that pages are read from index entries.
    let indexed = (
        prop::sample::select(vec!["year", "when", "title", "place"]),
        any::<bool>(),
    )
        .prop_map(|(f, asc)| json!([{"fieldName": f, "order": if asc { "ASC" } else { "DESC" }}]));
    prop_oneof![2 => any_sort, 1 => indexed]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        8 => (0i64..120).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => literal(),
    ]
}

/// A whole request: the route and its body.
fn request() -> impl Strategy<Value = (&'static str, Value)> {
    let query = (filter(), sort(), number(), number()).prop_map(|(f, s, limit, offset)| {
        (
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Books", "query": {"filter": f, "sort": s,
                "paging": {"limit": limit, "offset": offset}}}),
        )
    });
    let cursor = (filter(), sort(), number()).prop_map(|(f, s, limit)| {
        (
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Books", "query": {"filter": f, "sort": s,
                "cursorPaging": {"limit": limit}}}),
        )
    });
    // Well-formed queries on indexed fields, as real pages make them.
    let indexed_filter = prop_oneof![
        indexed_condition(),
        prop::collection::vec(indexed_condition(), 1..4).prop_map(|v| json!({ "$and": v })),
    ];
    let indexed = (indexed_filter, sort(), 0i64..12).prop_map(|(f, s, limit)| {
        (
            "/wix-data/v2/items/query",
            json!({"dataCollectionId": "Books", "query": {"filter": f, "sort": s,
                "paging": {"limit": limit}}}),
        )
    });
    let count = prop_oneof![filter(), indexed_condition()].prop_map(|f| {
        (
            "/wix-data/v2/items/count",
            json!({"dataCollectionId": "Books", "filter": f}),
        )
    });
    let order = prop_oneof![3 => Just(json!("ASC")), 3 => Just(json!("DESC")), 1 => literal()];
    let distinct = (field(), filter(), order).prop_map(|(name, f, order)| {
        (
            "/wix-data/v2/items/query-distinct-values",
            json!({"dataCollectionId": "Books", "fieldName": name, "filter": f, "order": order}),
        )
    });
    let op = prop_oneof![
        Just("itemCount"),
        Just("sum"),
        Just("average"),
        Just("min"),
        Just("max"),
        Just("median")
    ];
    let aggregate = (filter(), prop::collection::vec(field(), 0..3), op, field()).prop_map(
        |(f, groups, op, of)| {
            (
                "/wix-data/v2/items/aggregate",
                json!({"dataCollectionId": "Books", "initialFilter": f,
                    "aggregation": {"groupingFields": groups,
                        "operations": [{"resultFieldName": "r", op: {"itemFieldName": of}}]}}),
            )
        },
    );
    let stage = prop_oneof![
        filter().prop_map(|f| json!({ "filter": f })),
        (field(), field()).prop_map(|(g, of)| json!({"group": {
            "groupIds": [{"expression": {"fieldPath": g}, "key": "k"}],
            "accumulators": [{"sum": {"expression": {"fieldPath": of}}, "resultFieldName": "s"}]}})),
        sort().prop_map(|s| json!({ "sort": { "values": s } })),
        number().prop_map(|n| json!({ "limit": n })),
        number().prop_map(|n| json!({ "skip": n })),
        literal().prop_map(|v| json!({ "project": v })),
    ];
    let pipeline = prop::collection::vec(stage, 0..4).prop_map(|stages| {
        (
            "/wix-data/v2/items/aggregate-pipeline",
            json!({"dataCollectionId": "Books", "pipeline": {"stages": stages}}),
        )
    });
    prop_oneof![
        4 => query,
        4 => indexed,
        2 => cursor,
        1 => count,
        1 => distinct,
        1 => aggregate,
        1 => pipeline,
    ]
}

/// A site with collections holding items of every common type, some fields missing, and a
/// `beforeQuery` hook so the hooked read paths run too. Returns an editor API key.
async fn books(app: &TestApp) -> String {
    let (_, owner) = app.account("owner@example.com").await;
    app.site(&owner, "shop").await;
    let (s, key) = call(
        app.req_as(Method::POST, "/api/v1/sites/shop/api-keys", &owner)
            .json(&json!({"name": "fuzz", "role": "editor"})),
    )
    .await;
    assert_eq!(s, 201, "{key}");
    let key = key["key"].as_str().unwrap().to_string();
    let post =
        |path: &str, body: Value| call(app.wix(Method::POST, path, "shop", Some(&key)).json(&body));
    // `Books` and `Plain` hold the same items; only `Books` has indexes, so every query must
    // answer the same from both, whichever index it reads through.
    for (id, indexes) in [
        (
            "Books",
            json!([{"name": "by_year", "fields": ["year"]},
            {"name": "by_title_year", "fields": ["title", "year"]},
            {"name": "by_when", "fields": ["when"]}, {"name": "by_place", "fields": ["place"]}]),
        ),
        ("Plain", json!([])),
    ] {
        let (s, b) = post(
            "/wix-data/v2/collections",
            json!({"collection": {"id": id, "displayField": "title",
                "fields": [{"key": "title", "type": "TEXT"}, {"key": "year", "type": "NUMBER"},
                    {"key": "tags", "type": "ARRAY_STRING"}, {"key": "flag", "type": "BOOLEAN"},
                    {"key": "when", "type": "DATETIME"}, {"key": "place", "type": "OBJECT"}],
                "permissions": {"read": "ANYONE", "insert": "ADMIN", "update": "ADMIN", "remove": "ADMIN"},
                "indexes": indexes}}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }
    let items = [
        json!({"title": "Dune", "year": 1965, "tags": ["scifi"], "flag": true,
            "when": {"$date": "1965-08-01T00:00:00.000Z"}, "place": {"city": "Arrakeen", "geo": {"lat": 1.5}}}),
        json!({"title": "Emma", "year": 1815, "tags": [], "flag": false}),
        json!({"title": "ubik", "year": 1969.5, "tags": ["scifi", "pkd"], "place": {"city": "LA"}}),
        json!({"title": "", "tags": ["%", "_"]}),
        json!({"title": "a'b\"c\\%_ü🦀", "year": -0.0, "when": {"$date": "2024-02-03T00:00:00.000Z"}}),
        json!({"year": 1e300, "flag": true}),
        json!({"title": "Dune", "year": 1984}),
        json!({"title": "Dune", "extra": "1965"}),
        json!({"title": "Emma", "extra": 1965}),
        json!({"extra": true}),
        json!({"extra": {"$date": "2024-02-03T00:00:00.000Z"}}),
    ];
    for (n, mut item) in items.into_iter().enumerate() {
        item["_id"] = json!(format!("item{n}"));
        for id in ["Books", "Plain"] {
            let (s, b) = post(
                "/wix-data/v2/items",
                json!({"dataCollectionId": id, "dataItem": {"data": item}}),
            )
            .await;
            assert_eq!(s, 200, "{b}");
        }
    }
    let hook =
        r#"export function Books_beforeQuery(query) { return query.ne('title', 'hidden'); }"#;
    let path = "/api/v1/sites/shop/code";
    let (s, b) = call(
        app.req_as(Method::PUT, path, &owner)
            .json(&json!({"files": {"backend/data.js": hook}})),
    )
    .await;
    assert_eq!(s, 201, "{b}");
    let (s, b) = call(
        app.req_as(Method::POST, &format!("{path}/publish"), &owner)
            .json(&json!({})),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    key
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_queries_never_fail_on_the_server() {
    let cases = std::env::var("TESSERA_QUERY_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let key = books(&app).await;
        let config = Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let handle = tokio::runtime::Handle::current();
        let result = runner.run(&request(), |(path, body)| {
            // Both an editor (no hook) and an anonymous visitor (hooked, permission-scoped).
            for secret in [Some(key.as_str()), None] {
                let req = app.wix(Method::POST, path, "shop", secret).json(&body);
                let (status, answer) = tokio::task::block_in_place(|| handle.block_on(call(req)));
                prop_assert!(status < 500, "{path} {body} answered {status}: {answer}");
                let compared = path.ends_with("/count") || path.ends_with("/query");
                if secret.is_some() && status == 200 && compared {
                    // The same request on the unindexed twin.
                    let mut plain = body.clone();
                    plain["dataCollectionId"] = json!("Plain");
                    let req = app.wix(Method::POST, path, "shop", secret).json(&plain);
                    let (_, unindexed) = tokio::task::block_in_place(|| handle.block_on(call(req)));
                    if path.ends_with("/count") {
                        prop_assert_eq!(
                            &answer["totalCount"],
                            &unindexed["totalCount"],
                            "{} counted",
                            body
                        );
                    } else {
                        let ids = |b: &Value| -> Vec<Value> {
                            b["dataItems"].as_array().map_or(vec![], |items| {
                                items.iter().map(|i| i["id"].clone()).collect()
                            })
                        };
                        prop_assert_eq!(
                            ids(&answer),
                            ids(&unindexed),
                            "{} through the indexes and without: {} / {}",
                            body,
                            answer,
                            unindexed
                        );
                    }
                }
                if status >= 400 {
                    prop_assert!(
                        answer["message"].as_str().is_some_and(|m| !m.is_empty()),
                        "{path} {body} answered {status} without a message: {answer}"
                    );
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}
