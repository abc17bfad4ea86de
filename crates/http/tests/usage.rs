//! `GET /api/v1/sites/{site}/usage` over HTTP on every backend: a site's items and bytes per
//! collection follow the data API's writes, for anyone who may see the site and nobody else.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

#[tokio::test]
async fn a_sites_usage_follows_its_writes() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let (_, key) = call(
            app.req_as(Method::POST, "/api/v1/sites/shop/api-keys", &owner)
                .json(&json!({"name": "sdk", "role": "editor"})),
        )
        .await;
        let key = key["key"].as_str().unwrap().to_string();
        let wix = |path: &str, body: Value| {
            call(app.wix(Method::POST, path, "shop", Some(&key)).json(&body))
        };
        let usage = || call(app.req_as(Method::GET, "/api/v1/sites/shop/usage", &owner));

        assert_eq!(
            usage().await,
            (200, json!({"items": 0, "bytes": 0, "collections": []}))
        );
        for id in ["Books", "Notes"] {
            let (s, b) = wix(
                "/wix-data/v2/collections",
                json!({"collection": {"id": id, "fields": [{"key": "title", "type": "TEXT"}]}}),
            )
            .await;
            assert_eq!(s, 200, "{b}");
        }
        let items: Vec<Value> = (0..3)
            .map(|i| json!({"data": {"title": format!("Book {i}")}}))
            .collect();
        let (s, b) = wix(
            "/wix-data/v2/bulk/items/insert",
            json!({"dataCollectionId": "Books", "dataItems": items}),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (s, body) = usage().await;
        assert_eq!(s, 200, "{body}");
        assert_eq!(body["items"], 3);
        let books = &body["collections"][0];
        assert_eq!(
            (&books["collectionId"], &books["items"]),
            (&json!("Books"), &json!(3))
        );
        // Each item's data holds at least its title ("Book n") as JSON.
        assert!(books["bytes"].as_u64().unwrap() >= 3 * r#"{"title":"Book 0"}"#.len() as u64);
        assert_eq!(body["bytes"], books["bytes"]);
        assert_eq!(
            body["collections"][1],
            json!({"collectionId": "Notes", "items": 0, "bytes": 0})
        );
        let (s, _) = wix(
            "/wix-data/v2/items/truncate",
            json!({"dataCollectionId": "Books"}),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(usage().await.1["items"], 0);

        // Every role may look; another account's site is not found.
        let viewer = app
            .collaborator(&owner, "shop", "viewer@example.com", "viewer")
            .await;
        let (s, _) = call(app.req_as(Method::GET, "/api/v1/sites/shop/usage", &viewer)).await;
        assert_eq!(s, 200);
        let (_, stranger) = app.account("stranger@example.com").await;
        let (s, b) = call(app.req_as(Method::GET, "/api/v1/sites/shop/usage", &stranger)).await;
        assert_eq!(s, 404, "{b}");
        let (s, _) = call(app.req(Method::GET, "/api/v1/sites/shop/usage")).await;
        assert_eq!(s, 401);
    }
}
