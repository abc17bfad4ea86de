//! The Wix-compatible data API (`/wix-data/v2`) over HTTP on every backend: shapes, errors
//! in Wix's format, permissions per caller, paging.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

/// An app with a site `shop`, its owner's session and an editor API key.
struct Shop {
    app: TestApp,
    owner: String,
    key: String,
}

impl Shop {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        let (_, key) = call(
            app.req_as(Method::POST, "/api/v1/sites/shop/api-keys", &owner)
                .json(&json!({"name": "sdk", "role": "editor"})),
        )
        .await;
        let key = key["key"].as_str().unwrap().to_string();
        Self { app, owner, key }
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        call(
            self.app
                .wix(Method::POST, path, "shop", Some(&self.key))
                .json(&body),
        )
        .await
    }

    async fn visitor(&self, path: &str, body: Value) -> (u16, Value) {
        call(self.app.wix(Method::POST, path, "shop", None).json(&body)).await
    }

    async fn member(&self, member: &str, path: &str, body: Value) -> (u16, Value) {
        call(
            self.app
                .wix_member(Method::POST, path, "shop", member)
                .await
                .json(&body),
        )
        .await
    }

    async fn books(&self, permissions: Value) {
        let (s, b) = self
            .post(
                "/wix-data/v2/collections",
                json!({"collection": {"id": "Books", "displayName": "Books", "displayField": "title",
                    "fields": [{"key": "title", "type": "TEXT", "required": true}, {"key": "year", "type": "NUMBER"},
                               {"key": "tags", "type": "ARRAY_STRING"}],
                    "permissions": permissions,
                    "indexes": [{"name": "by_year", "fields": ["year"]}]}}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
    }

    async fn insert(&self, data: Value) -> Value {
        let (s, b) = self
            .post(
                "/wix-data/v2/items",
                json!({"dataCollectionId": "Books", "dataItem": {"data": data}}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        b["dataItem"].clone()
    }
}

async fn each_shop<F, Fut>(test: F)
where
    F: Fn(Shop) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        test(Shop::new(TestApp::spawn(backend).await).await).await;
    }
}

fn wix_code(body: &Value) -> &str {
    body["details"]["applicationError"]["code"]
        .as_str()
        .unwrap_or("")
}

const ANYONE: &str = "ANYONE";

fn open_read() -> Value {
    json!({"read": ANYONE, "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"})
}

#[tokio::test]
async fn collections_are_managed_by_editors() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let (s, b) = call(shop.app.wix(Method::GET, "/wix-data/v2/collections/Books", "shop", Some(&shop.key))).await;
        assert_eq!(s, 200);
        let c = &b["collection"];
        assert_eq!((c["id"].as_str(), c["revision"].as_str()), (Some("Books"), Some("1")));
        assert_eq!(c["fields"][0]["key"], "_id");
        assert_eq!(c["permissions"]["read"], "ANYONE");

        let (s, b) = shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Books"}})).await;
        assert_eq!((s, wix_code(&b)), (409, "WDE0074"), "{b}");
        for bad in [
            json!({"collection": {"id": "Bad Id"}}),
            json!({"collection": {"id": "X", "fields": [{"key": "a", "type": "NOPE"}]}}),
            json!({"collection": {"id": "X", "fields": [{"key": "author", "type": "REFERENCE"}]}}),
        ] {
            let (s, b) = shop.post("/wix-data/v2/collections", bad).await;
            assert_eq!(s, 400, "{b}");
        }
        let (s, b) = shop.visitor("/wix-data/v2/collections", json!({"collection": {"id": "Mine"}})).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));

        let (s, b) = shop
            .post("/wix-data/v2/collections/create-field", json!({"dataCollectionId": "Books",
                "field": {"key": "author", "type": "REFERENCE", "typeMetadata": {"reference": {"referencedCollectionId": "Authors"}}}}))
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["dataCollection"]["revision"], "2");
        let (s, b) = shop.post("/wix-data/v2/collections/delete-field", json!({"dataCollectionId": "Books", "fieldKey": "author"})).await;
        assert_eq!((s, b["dataCollection"]["revision"].as_str()), (200, Some("3")));
        // An update based on an old revision is refused.
        let (s, _) = call(shop.app.wix(Method::PUT, "/wix-data/v2/collections", "shop", Some(&shop.key))
            .json(&json!({"collection": {"id": "Books", "revision": "1", "fields": []}}))).await;
        assert_eq!(s, 409);

        let (s, b) = shop.post("/wix-data/v2/indexes", json!({"dataCollectionId": "Books",
            "index": {"name": "by_title", "fields": [{"path": "title", "order": "ASC"}], "unique": true}})).await;
        assert_eq!(s, 200, "{b}");
        let (_, b) = call(shop.app.wix(Method::GET, "/wix-data/v2/indexes?dataCollectionId=Books", "shop", Some(&shop.key))).await;
        assert_eq!(b["indexes"].as_array().unwrap().len(), 2);

        let (s, b) = call(shop.app.wix(Method::GET, "/wix-data/v2/collections", "shop", Some(&shop.key))).await;
        assert_eq!((s, b["collections"].as_array().unwrap().len()), (200, 1));
        let (s, _) = call(shop.app.wix(Method::DELETE, "/wix-data/v2/collections/Books", "shop", Some(&shop.key))).await;
        assert_eq!(s, 200);
        let (s, b) = call(shop.app.wix(Method::GET, "/wix-data/v2/collections/Books", "shop", Some(&shop.key))).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0025"));
        let _ = &shop.owner;
    })
    .await;
}

#[tokio::test]
async fn item_lifecycle_and_errors() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let dune = shop.insert(json!({"_id": "dune", "title": "Dune", "year": 1965, "published": {"$date": "1965-08-01T00:00:00Z"}})).await;
        assert_eq!(dune["id"], "dune");
        assert_eq!(dune["data"]["published"], json!({"$date": "1965-08-01T00:00:00.000Z"}));
        assert!(dune["data"]["_createdDate"]["$date"].is_string());
        assert!(dune["data"]["_owner"].is_string());

        let items = "/wix-data/v2/items";
        let (s, b) = shop.post(items, json!({"dataCollectionId": "Books", "dataItem": {"data": {"_id": "dune", "title": "Again"}}})).await;
        assert_eq!((s, wix_code(&b)), (409, "WDE0074"));
        let (s, b) = shop.post(items, json!({"dataCollectionId": "Books", "dataItem": {"data": {"title": "X", "year": "1965"}}})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"));
        assert!(b["message"].as_str().unwrap().contains("'year'"), "{b}");
        let (s, _) = shop.post(items, json!({"dataCollectionId": "Books", "dataItem": {"data": {"title": "x".repeat(600_000)}}})).await;
        assert_eq!(s, 400);
        let (s, b) = shop.post(items, json!({"dataCollectionId": "Nope", "dataItem": {"data": {}}})).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0025"));
        let (_, count) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(count["totalCount"], 1, "nothing else was written");

        let get = |id: &str| call(shop.app.wix(Method::GET, &format!("/wix-data/v2/items/{id}?dataCollectionId=Books"), "shop", Some(&shop.key)));
        let (s, b) = get("dune").await;
        assert_eq!((s, b["dataItem"]["data"]["title"].as_str()), (200, Some("Dune")));
        let (s, b) = get("missing").await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"));

        let (s, b) = shop.post("/wix-data/v2/items/update", json!({"dataCollectionId": "Books", "dataItem": {"data": {"title": "No id"}}})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0007"));
        let update = |cond: Value| shop.post("/wix-data/v2/items/update", json!({"dataCollectionId": "Books",
            "dataItem": {"id": "dune", "data": {"title": "Dune!", "year": 1966}}, "condition": {"filter": cond}}));
        let (s, _) = update(json!({"year": 1900})).await;
        assert_eq!(s, 409);
        let (s, b) = update(json!({"year": 1965})).await;
        assert_eq!((s, b["dataItem"]["data"]["year"].as_i64()), (200, Some(1966)));
        assert_eq!(b["dataItem"]["data"]["_createdDate"], dune["data"]["_createdDate"]);

        let (s, b) = shop.post("/wix-data/v2/items/save", json!({"dataCollectionId": "Books", "dataItem": {"data": {"_id": "emma", "title": "Emma"}}})).await;
        assert_eq!((s, b["action"].as_str()), (200, Some("INSERTED")));
        let (s, b) = shop.post("/wix-data/v2/items/save", json!({"dataCollectionId": "Books", "dataItem": {"data": {"_id": "emma", "title": "Emma."}}})).await;
        assert_eq!((s, b["action"].as_str()), (200, Some("UPDATED")));

        let (s, b) = shop.post("/wix-data/v2/items/remove", json!({"dataCollectionId": "Books", "dataItemId": "emma"})).await;
        assert_eq!((s, b["dataItem"]["data"]["title"].as_str()), (200, Some("Emma.")));
        let (s, b) = call(shop.app.wix(Method::DELETE, "/wix-data/v2/items/emma?dataCollectionId=Books", "shop", Some(&shop.key))).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"));
        let (s, _) = shop.post("/wix-data/v2/items/truncate", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(s, 200);
        let (_, count) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(count["totalCount"], 0);
    })
    .await;
}

#[tokio::test]
async fn queries_page_by_offset_and_cursor() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let items: Vec<Value> = (0..7).map(|i| json!({"data": {"_id": format!("b{i}"), "title": format!("Book {i}"), "year": 2000 + i,
            "tags": if i % 2 == 0 { json!(["even"]) } else { json!(["odd"]) }}})).collect();
        let (s, b) = shop.post("/wix-data/v2/bulk/items/insert", json!({"dataCollectionId": "Books", "dataItems": items})).await;
        assert_eq!((s, b["bulkActionMetadata"]["totalSuccesses"].as_i64()), (200, Some(7)), "{b}");

        let query = json!({"dataCollectionId": "Books", "returnTotalCount": true, "query": {
            "filter": {"tags": {"$hasSome": ["even"]}}, "sort": [{"fieldName": "year", "order": "DESC"}],
            "paging": {"limit": 2, "offset": 1}, "fields": ["title"]}});
        let (s, b) = shop.post("/wix-data/v2/items/query", query.clone()).await;
        assert_eq!(s, 200, "{b}");
        let titles: Vec<&str> = b["dataItems"].as_array().unwrap().iter().map(|i| i["data"]["title"].as_str().unwrap()).collect();
        assert_eq!(titles, ["Book 4", "Book 2"]);
        assert!(b["dataItems"][0]["data"].get("year").is_none(), "projection");
        assert_eq!(b["pagingMetadata"], json!({"count": 2, "offset": 1, "total": 4, "tooManyToCount": false, "hasNext": true}));

        // The SDK's GET form, and the alias prefix it uses for other hosts.
        let r = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&query).unwrap());
        for prefix in ["/wix-data/v2", "/_api/cloud-data/v2"] {
            let (s, g) = call(shop.app.wix(Method::GET, &format!("{prefix}/items/query?.r={r}"), "shop", Some(&shop.key))).await;
            assert_eq!((s, &g["dataItems"]), (200, &b["dataItems"]));
        }

        // Cursor paging walks every item once.
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let paging = match &cursor {
                Some(c) => json!({"limit": 3, "cursor": c}),
                None => json!({"limit": 3}),
            };
            let (s, b) = shop.post("/wix-data/v2/items/query", json!({"dataCollectionId": "Books",
                "query": {"sort": [{"fieldName": "year"}], "cursorPaging": paging}})).await;
            assert_eq!(s, 200, "{b}");
            seen.extend(b["dataItems"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()));
            match b["pagingMetadata"]["cursors"]["next"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        assert_eq!(seen, ["b0", "b1", "b2", "b3", "b4", "b5", "b6"]);

        for (query, code) in [
            (json!({"paging": {"limit": 1001}}), "WDE0077"),
            (json!({"cursorPaging": {"limit": 101}}), "WDE0077"),
            (json!({"filter": {"year": {"$near": 1}}}), "WDE0004"),
            (json!({"filter": {"year": {"$in": 2000}}}), "WDE0004"),
            (json!({"sort": [{"fieldName": "year", "order": "UP"}]}), "WDE0004"),
        ] {
            let (s, b) = shop.post("/wix-data/v2/items/query", json!({"dataCollectionId": "Books", "query": query})).await;
            assert_eq!((s, wix_code(&b)), (400, code), "{b}");
        }
        let (s, _) = call(shop.app.wix(Method::GET, "/wix-data/v2/items/query?.r=%%%", "shop", Some(&shop.key))).await;
        assert_eq!(s, 400);
    })
    .await;
}

#[tokio::test]
async fn permissions_apply_to_every_caller() {
    each_shop(|shop| async move {
        // Wix's defaults: members read their own items; editors write.
        shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Notes",
            "permissions": {"read": "SITE_MEMBER_AUTHOR", "insert": "SITE_MEMBER", "update": "SITE_MEMBER_AUTHOR", "remove": "SITE_MEMBER_AUTHOR"}}})).await;
        let insert = |body: Value| json!({"dataCollectionId": "Notes", "dataItem": {"data": body}});
        let (s, b) = shop.visitor("/wix-data/v2/items", insert(json!({"text": "hi"}))).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));
        let (s, b) = shop.member("ann", "/wix-data/v2/items", insert(json!({"_id": "a1", "text": "ann's"}))).await;
        assert_eq!((s, b["dataItem"]["data"]["_owner"].as_str()), (200, Some("ann")));
        shop.member("bob", "/wix-data/v2/items", insert(json!({"_id": "b1", "text": "bob's"}))).await;

        let query = json!({"dataCollectionId": "Notes"});
        let (_, b) = shop.member("ann", "/wix-data/v2/items/query", query.clone()).await;
        let ids: Vec<&str> = b["dataItems"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["a1"]);
        let (_, b) = shop.member("ann", "/wix-data/v2/items/count", query.clone()).await;
        assert_eq!(b["totalCount"], 1);
        let (s, b) = call(shop.app.wix_member(Method::GET, "/wix-data/v2/items/b1?dataCollectionId=Notes", "shop", "ann").await).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"), "another member's item is invisible");
        let (s, b) = shop.member("ann", "/wix-data/v2/items/update", json!({"dataCollectionId": "Notes", "dataItem": {"id": "b1", "data": {"text": "mine now"}}})).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));
        let (s, b) = shop.member("ann", "/wix-data/v2/items/remove", json!({"dataCollectionId": "Notes", "dataItemId": "b1"})).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));
        let (s, _) = shop.member("ann", "/wix-data/v2/items/remove", json!({"dataCollectionId": "Notes", "dataItemId": "a1"})).await;
        assert_eq!(s, 200);
        let (s, b) = shop.visitor("/wix-data/v2/items/query", query.clone()).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));
        let (s, b) = shop.member("ann", "/wix-data/v2/items/truncate", query.clone()).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));
        // Editors see everything.
        let (_, b) = shop.post("/wix-data/v2/items/count", query).await;
        assert_eq!(b["totalCount"], 1);

        // A site's own host needs no wix-site-id header; visitors read open collections.
        shop.books(open_read()).await;
        shop.insert(json!({"title": "Dune"})).await;
        let port = shop.app.addr.port();
        let (s, b) = call(shop.app.req_host(Method::POST, &format!("shop.localhost:{port}"), "/wix-data/v2/items/query")
            .json(&json!({"dataCollectionId": "Books"}))).await;
        assert_eq!((s, b["dataItems"].as_array().map(Vec::len)), (200, Some(1)), "{b}");
        let (s, b) = call(shop.app.req(Method::POST, "/wix-data/v2/items/query").json(&json!({"dataCollectionId": "Books"}))).await;
        assert_eq!(s, 400, "{b}");
    })
    .await;
}

#[tokio::test]
async fn bulk_calls_report_each_item() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        shop.insert(json!({"_id": "dune", "title": "Dune"})).await;
        let (s, b) = shop.post("/wix-data/v2/bulk/items/insert", json!({"dataCollectionId": "Books", "dataItems": [
            {"data": {"_id": "emma", "title": "Emma"}}, {"data": {"_id": "dune", "title": "Dup"}}, {"data": {"_id": "bad", "year": 1}}]})).await;
        assert_eq!(s, 200, "{b}");
        let results = b["results"].as_array().unwrap();
        assert_eq!(results[0]["itemMetadata"]["success"], true);
        assert_eq!(results[1]["itemMetadata"]["error"]["code"], "WDE0074");
        assert_eq!(results[2]["itemMetadata"]["originalIndex"], 2);
        assert_eq!(results[2]["itemMetadata"]["success"], false);
        assert_eq!(b["bulkActionMetadata"], json!({"totalSuccesses": 1, "totalFailures": 2, "undetailedFailures": 0}));

        let (_, b) = shop.post("/wix-data/v2/bulk/items/update", json!({"dataCollectionId": "Books", "dataItems": [
            {"data": {"_id": "emma", "title": "Emma 2"}}, {"data": {"_id": "ghost", "title": "x"}}]})).await;
        assert_eq!(b["bulkActionMetadata"]["totalSuccesses"], 1);
        assert_eq!(b["results"][1]["itemMetadata"]["error"]["code"], "WDE0073");
        let (_, b) = shop.post("/wix-data/v2/bulk/items/save", json!({"dataCollectionId": "Books", "dataItems": [
            {"data": {"_id": "emma", "title": "Emma 3"}}, {"data": {"_id": "new", "title": "New"}}]})).await;
        assert_eq!((b["results"][0]["action"].as_str(), b["results"][1]["action"].as_str()), (Some("UPDATE"), Some("INSERT")));
        let (_, b) = shop.post("/wix-data/v2/bulk/items/remove", json!({"dataCollectionId": "Books", "dataItemIds": ["emma", "nope"]})).await;
        assert_eq!(b["bulkActionMetadata"]["totalSuccesses"], 1);

        let many: Vec<Value> = (0..1001).map(|i| json!({"data": {"title": format!("t{i}")}})).collect();
        let (s, b) = shop.post("/wix-data/v2/bulk/items/insert", json!({"dataCollectionId": "Books", "dataItems": many})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0006"));
        let (_, count) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(count["totalCount"], 2, "dune and new");
    })
    .await;
}

#[tokio::test]
async fn every_write_is_announced_on_the_event_bus() {
    use tessera_core::events::{Event, ItemChange};
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let mut events = shop.app.state.events().subscribe();
        shop.insert(json!({"_id": "dune", "title": "Dune"})).await;
        shop.post("/wix-data/v2/items/update", json!({"dataCollectionId": "Books", "dataItem": {"id": "dune", "data": {"title": "Dune!"}}})).await;
        shop.post("/wix-data/v2/items/remove", json!({"dataCollectionId": "Books", "dataItemId": "dune"})).await;
        shop.post("/wix-data/v2/items/truncate", json!({"dataCollectionId": "Books"})).await;
        let mut seen = Vec::new();
        while let Ok(event) = events.try_recv() {
            seen.push(event);
        }
        assert_eq!(seen.len(), 4, "{seen:?}");
        let Event::Item(inserted) = &seen[0] else { panic!("{seen:?}") };
        assert_eq!((inserted.change, inserted.item_id.as_str(), inserted.collection_id.as_str()), (ItemChange::Inserted, "dune", "Books"));
        assert_eq!(inserted.after.as_ref().unwrap()["title"], "Dune");
        let Event::Item(updated) = &seen[1] else { panic!() };
        assert_eq!(updated.before.as_ref().unwrap()["title"], "Dune");
        assert_eq!(updated.after.as_ref().unwrap()["title"], "Dune!");
        let Event::Item(removed) = &seen[2] else { panic!() };
        assert_eq!((removed.change, removed.after.is_none()), (ItemChange::Removed, true));
        assert!(matches!(&seen[3], Event::CollectionTruncated { collection_id, .. } if collection_id == "Books"));
    })
    .await;
}

#[tokio::test]
async fn distinct_aggregate_and_patch() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        for (id, title, year, tags) in [("a", "Dune", 1965, json!(["scifi"])), ("b", "Emma", 1815, json!([])), ("c", "Ubik", 1969, json!(["scifi"]))] {
            shop.insert(json!({"_id": id, "title": title, "year": year, "tags": tags, "genre": if year > 1900 { "sf" } else { "classic" }})).await;
        }
        let (s, b) = shop.post("/wix-data/v2/items/query-distinct-values", json!({"dataCollectionId": "Books", "fieldName": "genre"})).await;
        assert_eq!((s, &b["distinctValues"]), (200, &json!(["classic", "sf"])), "{b}");
        let (s, b) = shop.post("/wix-data/v2/items/query-distinct-values", json!({"dataCollectionId": "Books", "fieldName": "year",
            "filter": {"genre": "sf"}, "order": "DESC", "paging": {"limit": 1}})).await;
        assert_eq!((s, &b["distinctValues"], b["pagingMetadata"]["hasNext"].as_bool()), (200, &json!([1969]), Some(true)));

        let (s, b) = shop.post("/wix-data/v2/items/aggregate", json!({"dataCollectionId": "Books",
            "aggregation": {"groupingFields": ["genre"], "operations": [{"resultFieldName": "books", "itemCount": {}},
                {"resultFieldName": "newest", "max": {"itemFieldName": "year"}}]},
            "sort": [{"fieldName": "books", "order": "DESC"}]})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["results"][0], json!({"_id": {"genre": "sf"}, "genre": "sf", "books": 2, "newest": 1969}));
        assert_eq!(b["results"].as_array().unwrap().len(), 2);
        let (s, b) = shop.post("/wix-data/v2/items/aggregate", json!({"dataCollectionId": "Books",
            "aggregation": {"operations": [{"resultFieldName": "x", "median": {}}]}})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"));

        let patch = |mods: Value| shop.post("/wix-data/v2/items/patch", json!({"dataCollectionId": "Books",
            "patch": {"dataItemId": "a", "fieldModifications": mods}}));
        let (s, b) = patch(json!([
            {"fieldPath": "year", "action": "INCREMENT_FIELD", "incrementFieldOptions": {"value": 1}},
            {"fieldPath": "tags", "action": "APPEND_TO_ARRAY", "appendToArrayOptions": {"value": "classic"}},
            {"fieldPath": "genre", "action": "REMOVE_FIELD"},
            {"fieldPath": "subtitle", "action": "SET_FIELD", "setFieldOptions": {"value": "Book One"}}])).await;
        assert_eq!(s, 200, "{b}");
        let data = &b["dataItem"]["data"];
        assert_eq!((data["year"].as_i64(), &data["tags"], data.get("genre"), data["subtitle"].as_str()),
            (Some(1966), &json!(["scifi", "classic"]), None, Some("Book One")));
        let (s, b) = patch(json!([{"fieldPath": "year", "action": "SET_FIELD", "setFieldOptions": {"value": "soon"}}])).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"), "declared types hold for patches too");
        let (s, _) = patch(json!([{"fieldPath": "title", "action": "EXPLODE"}])).await;
        assert_eq!(s, 400);
        let (s, b) = shop.post("/wix-data/v2/items/patch", json!({"dataCollectionId": "Books", "patch": {"dataItemId": "zzz", "fieldModifications": []}})).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"));
    })
    .await;
}

#[tokio::test]
async fn aggregate_pipeline_runs_stages_in_order() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        for (id, title, year, tags, genre, price) in [
            ("a", "Dune", 1965, json!(["sf", "classic"]), "sf", 10),
            ("b", "Emma", 1815, json!(["classic"]), "classic", 4),
            ("c", "Ubik", 1969, json!(["sf"]), "sf", 7),
            ("d", "Persuasion", 1817, json!(["classic", "romance"]), "classic", 6),
            ("e", "Solaris", 1961, json!([]), "sf", 9),
        ] {
            shop.insert(json!({"_id": id, "title": title, "year": year, "tags": tags, "genre": genre, "price": price,
                "stock": {"paper": price, "ebook": 1}})).await;
        }
        let run = |stages: Value, paging: Value| shop.post("/wix-data/v2/items/aggregate-pipeline",
            json!({"dataCollectionId": "Books", "pipeline": {"stages": stages, "paging": paging}}));
        let field = |f: &str| json!({"fieldPath": f});
        let acc = |kind: &str, e: Value, name: &str| json!({kind: {"expression": e}, "resultFieldName": name});

        // Group with every numeric accumulator and a count, then sort and limit.
        let (s, b) = run(json!([
            {"filter": {"year": {"$gt": 1800}}},
            {"group": {"groupIds": [{"expression": field("genre"), "key": "genre"}], "accumulators": [
                acc("sum", field("price"), "total"), acc("avg", field("price"), "avgPrice"),
                acc("min", field("year"), "oldest"), acc("max", field("year"), "newest"),
                acc("sum", json!({"numeric": 1}), "books"), acc("push", field("title"), "titles")]}},
            {"sort": {"values": [{"fieldName": "total", "order": "DESC"}]}},
            {"limit": 1}]), json!({})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["results"], json!([{"_id": {"genre": "sf"}, "total": 26, "avgPrice": 8.666666666666666_f64,
            "oldest": 1961, "newest": 1969, "books": 3, "titles": ["Dune", "Ubik", "Solaris"]}]));
        assert_eq!(b["pagingMetadata"], json!({"count": 1, "offset": 0, "total": 1, "hasNext": false}));

        // A projection reshapes and excludes; a filter after it reads the new fields.
        let (s, b) = run(json!([
            {"projection": {"fields": [
                {"include": {"fieldName": "year"}},
                {"reshape": {"resultFieldName": "label", "expression": {"concat": {"expressions": [
                    {"toUpper": {"expression": field("title")}}, {"text": " ("}, {"stringify": {"expression": field("year")}}, {"text": ")"}]}}}},
                {"reshape": {"resultFieldName": "cents", "expression": {"multiply": {"expressions": [field("price"), {"numeric": 100}]}}}},
                {"exclude": {"fieldName": "_id"}}]}},
            {"filter": {"cents": {"$gte": 700}, "label": {"$contains": "u"}}},
            {"sort": {"values": [{"fieldName": "year"}]}}]), json!({})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["results"], json!([{"year": 1965, "label": "DUNE (1965)", "cents": 1000},
            {"year": 1969, "label": "UBIK (1969)", "cents": 700}]));

        // Unwinding an ARRAY_STRING field, then grouping by its elements, then filtering groups.
        let (s, b) = run(json!([
            {"unwindArray": {"arrayFieldName": "tags"}},
            {"group": {"groupIds": [{"expression": field("tags"), "key": "tag"}],
                "accumulators": [acc("sum", json!({"numeric": 1}), "books")]}},
            {"filter": {"books": {"$gte": 2}}},
            {"sort": {"values": [{"fieldName": "_id.tag", "order": "ASC"}]}}]), json!({})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["results"], json!([{"_id": {"tag": "classic"}, "books": 3}, {"_id": {"tag": "sf"}, "books": 2}]));

        // skip, objectToArray, and offset paging over the final results.
        let (s, b) = run(json!([
            {"sort": {"values": [{"fieldName": "year", "order": "DESC"}]}},
            {"skip": 1},
            {"objectToArray": {"objectFieldName": "stock", "destinationFieldName": "formats"}},
            {"projection": {"fields": [{"include": {"fieldName": "formats"}}]}}]), json!({"limit": 2, "offset": 1})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["results"], json!([
            {"_id": "e", "formats": [{"k": "ebook", "v": 1}, {"k": "paper", "v": 9}]},
            {"_id": "d", "formats": [{"k": "ebook", "v": 1}, {"k": "paper", "v": 6}]}]));
        assert_eq!(b["pagingMetadata"], json!({"count": 2, "offset": 1, "total": 4, "hasNext": true}));
        let (s, b) = run(json!([]), json!({"limit": 1001})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0077"));

        // Mistakes are 400s that name the stage.
        let (s, b) = run(json!([{"limit": 5}, {"lookup": {"from": "Authors"}}]), json!({})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"));
        assert!(b["message"].as_str().unwrap().starts_with("pipeline.stages[1].lookup: unknown stage"), "{b}");
        let (s, b) = run(json!([{"filter": {"year": {"$gt": 1}}}, {"group": {"accumulators": [acc("median", field("year"), "m")]}}]), json!({})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"));
        assert!(b["message"].as_str().unwrap().starts_with("pipeline.stages[1].group.accumulators[0]: unknown accumulator \"median\""), "{b}");
        let (s, b) = run(json!([{"filter": {"year": {"$near": 1}}}]), json!({})).await;
        assert_eq!(s, 400);
        assert!(b["message"].as_str().unwrap().contains("pipeline.stages[0].filter"), "{b}");

        // Members who may read only their own items aggregate only those.
        shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Notes",
            "permissions": {"read": "SITE_MEMBER_AUTHOR", "insert": "SITE_MEMBER", "update": "SITE_MEMBER_AUTHOR", "remove": "SITE_MEMBER_AUTHOR"}}})).await;
        for (member, words) in [("ann", 3), ("ann", 4), ("bob", 100)] {
            let (s, b) = shop.member(member, "/wix-data/v2/items", json!({"dataCollectionId": "Notes", "dataItem": {"data": {"words": words}}})).await;
            assert_eq!(s, 200, "{b}");
        }
        let count = json!({"dataCollectionId": "Notes", "pipeline": {"stages": [
            {"group": {"accumulators": [acc("sum", field("words"), "words"), acc("sum", json!({"numeric": 1}), "notes")]}}]}});
        let (s, b) = shop.member("ann", "/wix-data/v2/items/aggregate-pipeline", count.clone()).await;
        assert_eq!((s, &b["results"]), (200, &json!([{"_id": null, "words": 7, "notes": 2}])), "{b}");
        let (_, b) = shop.post("/wix-data/v2/items/aggregate-pipeline", count.clone()).await;
        assert_eq!(b["results"][0]["words"], 107, "editors see every item");
        let (s, b) = shop.visitor("/wix-data/v2/items/aggregate-pipeline", count).await;
        assert_eq!((s, wix_code(&b)), (403, "WDE0027"));
    })
    .await;
}

#[tokio::test]
async fn references_link_and_include_items() {
    each_shop(|shop| async move {
        shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Authors", "fields": [{"key": "name", "type": "TEXT"}],
            "permissions": open_read()}})).await;
        let (s, b) = shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Books", "permissions": open_read(), "fields": [
            {"key": "title", "type": "TEXT"},
            {"key": "editor", "type": "REFERENCE", "typeMetadata": {"reference": {"referencedCollectionId": "Authors"}}},
            {"key": "writers", "type": "MULTI_REFERENCE", "typeMetadata": {"multiReference": {"referencedCollectionId": "Authors"}}}]}})).await;
        assert_eq!(s, 200, "{b}");
        for (id, name) in [("frank", "Frank"), ("jane", "Jane"), ("kevin", "Kevin")] {
            shop.post("/wix-data/v2/items", json!({"dataCollectionId": "Authors", "dataItem": {"data": {"_id": id, "name": name}}})).await;
        }
        shop.insert(json!({"_id": "dune", "title": "Dune", "editor": "kevin"})).await;
        shop.insert(json!({"_id": "emma", "title": "Emma"})).await;

        let refs = |r: Vec<(&str, &str, &str)>| json!({"dataCollectionId": "Books", "dataItemReferences": r.iter().map(|(f, a, b)|
            json!({"referringItemFieldName": f, "referringItemId": a, "referencedItemId": b})).collect::<Vec<_>>()});
        let (s, b) = shop.post("/wix-data/v2/bulk/items/insert-references",
            refs(vec![("writers", "dune", "frank"), ("writers", "dune", "jane"), ("writers", "emma", "ghost"), ("title", "emma", "jane")])).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["bulkActionMetadata"], json!({"totalSuccesses": 2, "totalFailures": 2, "undetailedFailures": 0}));
        assert_eq!(b["results"][2]["referenceMetadata"]["error"]["code"], "WDE0073");

        let is_ref = |a: &str, b: &str| shop.post("/wix-data/v2/items/is-referenced", json!({"dataCollectionId": "Books",
            "referringItemFieldName": "writers", "referringItemId": a, "referencedItemId": b}));
        assert_eq!(is_ref("dune", "jane").await.1["isReferenced"], true);
        assert_eq!(is_ref("emma", "jane").await.1["isReferenced"], false);

        let (s, b) = shop.post("/wix-data/v2/items/query-referenced", json!({"dataCollectionId": "Books", "referringItemId": "dune",
            "referringItemFieldName": "writers", "returnTotalCount": true})).await;
        assert_eq!(s, 200, "{b}");
        let names: Vec<&str> = b["results"].as_array().unwrap().iter().map(|r| r["dataItem"]["data"]["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Frank", "Jane"]);
        assert_eq!(b["pagingMetadata"]["total"], 2);

        let (s, _) = shop.post("/wix-data/v2/items/replace-references", json!({"dataCollectionId": "Books", "referringItemFieldName": "writers",
            "referringItemId": "emma", "newReferencedItemIds": ["jane", "kevin"]})).await;
        assert_eq!(s, 200);
        let (s, b) = shop.post("/wix-data/v2/items/query", json!({"dataCollectionId": "Books",
            "query": {"sort": [{"fieldName": "title"}]}, "includeReferences": [{"field": "writers", "limit": 1}, {"field": "editor"}]})).await;
        assert_eq!(s, 200, "{b}");
        let dune = &b["dataItems"][0]["data"];
        assert_eq!(dune["editor"]["name"], "Kevin", "a reference becomes the item");
        assert_eq!(dune["writers"].as_array().unwrap().len(), 1, "include limit per item");
        assert_eq!(dune["writers"][0]["name"], "Frank");
        assert_eq!(b["dataItems"][1]["data"]["writers"], json!([{"_id": "jane", "name": "Jane", "_owner": b["dataItems"][1]["data"]["writers"][0]["_owner"], "_createdDate": b["dataItems"][1]["data"]["writers"][0]["_createdDate"], "_updatedDate": b["dataItems"][1]["data"]["writers"][0]["_updatedDate"]}]), "replaced, in the new order");

        let (_, b) = shop.post("/wix-data/v2/bulk/items/remove-references", refs(vec![("writers", "dune", "frank")])).await;
        assert_eq!(b["bulkActionMetadata"]["totalSuccesses"], 1);
        assert_eq!(is_ref("dune", "frank").await.1["isReferenced"], false);
        let (s, b) = shop.member("ann", "/wix-data/v2/bulk/items/insert-references", refs(vec![("writers", "dune", "frank")])).await;
        assert_eq!((s, b["results"][0]["referenceMetadata"]["error"]["code"].as_str()), (200, Some("WDE0027")));
    })
    .await;
}

#[tokio::test]
async fn referenced_items_the_caller_may_not_read_are_unresolved() {
    each_shop(|shop| async move {
        let own = json!({"read": "SITE_MEMBER_AUTHOR", "insert": "SITE_MEMBER", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"});
        shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Notes", "permissions": own}})).await;
        shop.post("/wix-data/v2/collections", json!({"collection": {"id": "Books", "permissions": open_read(), "fields": [
            {"key": "notes", "type": "MULTI_REFERENCE", "typeMetadata": {"multiReference": {"referencedCollectionId": "Notes"}}}]}})).await;
        for (member, id) in [("ann", "n-ann"), ("bob", "n-bob")] {
            let (s, b) = shop.member(member, "/wix-data/v2/items", json!({"dataCollectionId": "Notes", "dataItem": {"data": {"_id": id}}})).await;
            assert_eq!(s, 200, "{b}");
        }
        shop.insert(json!({"_id": "dune"})).await;
        let links = ["n-ann", "n-bob"].map(|n| json!({"referringItemFieldName": "notes", "referringItemId": "dune", "referencedItemId": n}));
        let (s, b) = shop.post("/wix-data/v2/bulk/items/insert-references", json!({"dataCollectionId": "Books", "dataItemReferences": links})).await;
        assert_eq!((s, &b["bulkActionMetadata"]["totalSuccesses"]), (200, &json!(2)), "{b}");

        let (s, b) = shop.member("ann", "/wix-data/v2/items/query-referenced", json!({"dataCollectionId": "Books",
            "referringItemId": "dune", "referringItemFieldName": "notes", "returnTotalCount": true})).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["results"][0]["dataItem"]["id"], "n-ann");
        assert_eq!(b["results"][1], json!({"unresolvedReference": {"referringItemId": "dune", "referringItemFieldName": "notes"}}));
        assert_eq!(b["pagingMetadata"]["total"], 2);
    })
    .await;
}

#[tokio::test]
async fn async_jobs_patch_and_remove_by_filter() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        for chunk in 0..2 {
            let items: Vec<Value> = (0..600).map(|i| json!({"data": {"title": format!("b{}", chunk * 600 + i), "year": chunk * 600 + i}})).collect();
            let (s, b) = shop.post("/wix-data/v2/bulk/items/insert", json!({"dataCollectionId": "Books", "dataItems": items, "returnEntity": false})).await;
            assert_eq!(s, 200, "{b}");
        }
        let status = |id: String| {
            let shop = &shop;
            async move { call(shop.app.wix(Method::GET, &format!("/wix-data/v2/async-jobs/{id}/status"), "shop", Some(&shop.key))).await }
        };
        let (s, b) = shop.post("/wix-data/v2/bulk/items/async-patch-by-filter", json!({"dataCollectionId": "Books",
            "filter": {"year": {"$gte": 100}},
            "fieldModifications": [{"fieldPath": "year", "action": "INCREMENT_FIELD", "incrementFieldOptions": {"value": 10000}}]})).await;
        assert_eq!(s, 200, "{b}");
        shop.app.state.settle_data_jobs().await;
        let (s, b) = status(b["jobId"].as_str().unwrap().to_string()).await;
        assert_eq!((s, &b["status"], &b["successCount"]), (200, &json!("SUCCEEDED"), &json!(1100)), "{b}");
        let (_, b) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books", "filter": {"year": {"$gte": 10000}}})).await;
        assert_eq!(b["totalCount"], 1100, "every match patched once, across pages");

        let (_, b) = shop.post("/wix-data/v2/bulk/items/async-remove-by-filter", json!({"dataCollectionId": "Books", "filter": {"year": {"$lt": 50}}})).await;
        shop.app.state.settle_data_jobs().await;
        let (_, b) = status(b["jobId"].as_str().unwrap().to_string()).await;
        assert_eq!((&b["status"], &b["successCount"]), (&json!("SUCCEEDED"), &json!(50)));
        let (_, b) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(b["totalCount"], 1150);

        // A modification the declared type refuses stops the job at the first item.
        let (_, b) = shop.post("/wix-data/v2/bulk/items/async-patch-by-filter", json!({"dataCollectionId": "Books", "filter": {},
            "fieldModifications": [{"fieldPath": "year", "action": "SET_FIELD", "setFieldOptions": {"value": "soon"}}]})).await;
        shop.app.state.settle_data_jobs().await;
        let (_, b) = status(b["jobId"].as_str().unwrap().to_string()).await;
        assert_eq!((&b["status"], &b["successCount"]), (&json!("FAILED"), &json!(0)), "{b}");
        assert!(b["error"].as_str().unwrap().contains("year"), "{b}");

        let (s, b) = shop.post("/wix-data/v2/bulk/items/async-patch-by-filter", json!({"dataCollectionId": "Books", "filter": {}})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"), "no modifications");
        let (s, _) = shop.visitor("/wix-data/v2/bulk/items/async-remove-by-filter", json!({"dataCollectionId": "Books", "filter": {}})).await;
        assert_eq!(s, 403, "visitors may not remove");
        let (s, _) = status("nope".into()).await;
        assert_eq!(s, 404);
    })
    .await;
}

#[tokio::test]
async fn show_drafts_reads_drafts_over_published_items_and_writes_drafts() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        shop.insert(json!({"_id": "b1", "title": "Dune", "year": 1965})).await;
        shop.insert(json!({"_id": "b2", "title": "Emma", "year": 1815})).await;
        let drafts = json!({"includeDraftItems": true});

        // A write with showDrafts changes drafts: a new draft and a draft of b1.
        for item in [json!({"id": "b3", "data": {"title": "Ulysses", "year": 1922}}),
                     json!({"id": "b1", "data": {"title": "Dune (revised)", "year": 1965}})] {
            let (s, b) = shop.post("/wix-data/v2/items", json!({"dataCollectionId": "Books",
                "dataItem": item, "publishPluginOptions": drafts})).await;
            assert_eq!(s, 200, "{b}");
        }
        let titles = |b: &Value| -> Vec<String> {
            b["dataItems"].as_array().unwrap().iter().map(|i| i["data"]["title"].as_str().unwrap().to_string()).collect()
        };
        let query = json!({"dataCollectionId": "Books", "query": {"sort": [{"fieldName": "year", "order": "ASC"}]}});
        let (_, live) = shop.post("/wix-data/v2/items/query", query.clone()).await;
        assert_eq!(titles(&live), ["Emma", "Dune"], "the live collection is unchanged");

        // A read with showDrafts sees each draft in place of its published item.
        let mut with_drafts = query.clone();
        with_drafts["publishPluginOptions"] = drafts.clone();
        let (s, b) = shop.post("/wix-data/v2/items/query", with_drafts.clone()).await;
        assert_eq!((s, titles(&b)), (200, vec!["Emma".into(), "Ulysses".into(), "Dune (revised)".into()]), "{b}");
        let (_, b) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books",
            "filter": {"year": {"$gt": 1900}}, "publishPluginOptions": drafts})).await;
        assert_eq!(b["totalCount"], 2);
        let (_, b) = shop.post("/wix-data/v2/items/query-distinct-values", json!({"dataCollectionId": "Books",
            "fieldName": "title", "publishPluginOptions": drafts})).await;
        assert_eq!(b["distinctValues"], json!(["Dune (revised)", "Emma", "Ulysses"]), "{b}");
        let get = |flag: &str| format!("/wix-data/v2/items/b1?dataCollectionId=Books{flag}");
        let (_, b) = call(shop.app.wix(Method::GET, &get(""), "shop", Some(&shop.key))).await;
        assert_eq!(b["dataItem"]["data"]["title"], "Dune");
        let (_, b) = call(shop.app.wix(Method::GET, &get("&publishPluginOptions.includeDraftItems=true"), "shop", Some(&shop.key))).await;
        assert_eq!(b["dataItem"]["data"]["title"], "Dune (revised)");

        // Drafts are not for visitors, even of a collection anyone may read; nothing is made.
        let (s, b) = shop.visitor("/wix-data/v2/items/query", with_drafts).await;
        assert_eq!(s, 403, "{b}");
        assert!(b["message"].as_str().unwrap_or_default().contains("showDrafts"), "{b}");

        // The drafts collection follows its collection's schema, and goes with it.
        let (s, b) = shop.post("/wix-data/v2/collections/create-field", json!({"dataCollectionId": "Books",
            "field": {"key": "pages", "type": "NUMBER"}})).await;
        assert_eq!(s, 200, "{b}");
        let collection = |id: &str| call(shop.app.wix(Method::GET, &format!("/wix-data/v2/collections/{id}"), "shop", Some(&shop.key)));
        let (_, b) = collection("Books__drafts").await;
        let keys: Vec<&str> = b["collection"]["fields"].as_array().unwrap().iter().map(|f| f["key"].as_str().unwrap()).collect();
        assert!(keys.contains(&"pages"), "{keys:?}");
        let (s, b) = shop.post("/wix-data/v2/collections/create-field", json!({"dataCollectionId": "Books__drafts",
            "field": {"key": "other", "type": "TEXT"}})).await;
        assert_eq!(s, 400, "{b}");
        let (s, _) = call(shop.app.wix(Method::DELETE, "/wix-data/v2/collections/Books", "shop", Some(&shop.key))).await;
        assert_eq!(s, 200);
        let (s, b) = collection("Books__drafts").await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0025"), "{b}");
    })
    .await;
}

#[tokio::test]
async fn item_drafts_live_in_a_shadow_collection() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let book = shop.insert(json!({"_id": "b1", "title": "Dune", "year": 1965})).await;
        assert_eq!(book["id"], "b1");
        let req = |id: &str| json!({"dataCollectionId": "Books", "dataItemId": id});

        // A draft copies the published item into Books__drafts; a second one is refused.
        let (s, b) = shop.post("/wix-data/v2/items/create-draft", req("b1")).await;
        assert_eq!((s, b["dataItem"]["dataCollectionId"].as_str()), (200, Some("Books__drafts")), "{b}");
        assert_eq!(b["dataItem"]["data"]["title"], "Dune");
        let (s, b) = shop.post("/wix-data/v2/items/create-draft", req("b1")).await;
        assert_eq!((s, wix_code(&b)), (409, "WDE0074"), "{b}");
        let (s, b) = shop.post("/wix-data/v2/items/create-draft", req("nope")).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"), "{b}");

        // Drafts are edited with the ordinary calls; visitors of the live site see no change.
        let (s, b) = shop.post("/wix-data/v2/items/update", json!({"dataCollectionId": "Books__drafts",
            "dataItem": {"id": "b1", "data": {"_id": "b1", "title": "Dune (revised)", "year": 1965}}})).await;
        assert_eq!(s, 200, "{b}");
        let (_, live) = shop.visitor("/wix-data/v2/items/query", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(live["dataItems"][0]["data"]["title"], "Dune");

        // Publishing replaces the live item and deletes the draft.
        let (s, b) = shop.post("/wix-data/v2/items/publish-draft", req("b1")).await;
        assert_eq!((s, b["dataItem"]["data"]["title"].as_str()), (200, Some("Dune (revised)")), "{b}");
        let (_, live) = shop.visitor("/wix-data/v2/items/query", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(live["dataItems"][0]["data"]["title"], "Dune (revised)");
        let (_, drafts) = shop.post("/wix-data/v2/items/count", json!({"dataCollectionId": "Books__drafts"})).await;
        assert_eq!(drafts["totalCount"], 0);
        let (s, b) = shop.post("/wix-data/v2/items/publish-draft", req("b1")).await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"), "{b}");

        // Unpublishing takes it off the live collection and keeps it as a draft; a new item
        // authored as a draft goes live when published.
        let (s, b) = shop.post("/wix-data/v2/items/unpublish", req("b1")).await;
        assert_eq!((s, b["dataItem"]["dataCollectionId"].as_str()), (200, Some("Books__drafts")), "{b}");
        let (_, live) = shop.visitor("/wix-data/v2/items/count", json!({"dataCollectionId": "Books"})).await;
        assert_eq!(live["totalCount"], 0);
        let (s, b) = shop.post("/wix-data/v2/items", json!({"dataCollectionId": "Books__drafts",
            "dataItem": {"id": "b2", "data": {"title": "Emma"}}})).await;
        assert_eq!(s, 200, "{b}");
        let (s, _) = shop.post("/wix-data/v2/items/publish-draft", req("b2")).await;
        assert_eq!(s, 200);
        let (s, b) = shop.post("/wix-data/v2/items/unpublish", json!({"dataCollectionId": "Books", "dataItemId": "b2", "copyToDraft": false})).await;
        assert_eq!((s, &b), (200, &json!({})));
        let (_, drafts) = shop.post("/wix-data/v2/items/query", json!({"dataCollectionId": "Books__drafts"})).await;
        let ids: Vec<&str> = drafts["dataItems"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["b1"]);

        // The drafts collection has the published one's rules: visitors cannot write to it.
        let (s, _) = shop.visitor("/wix-data/v2/items/publish-draft", req("b1")).await;
        assert_eq!(s, 403);
        let (s, b) = shop.post("/wix-data/v2/items/create-draft", json!({"dataCollectionId": "Books__drafts", "dataItemId": "b1"})).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"), "{b}");
    })
    .await;
}

/// `PUT /items/{dataItemId}` (Wix's documented update) replaces the item the path names,
/// through the same checks as `POST /items/update`.
#[tokio::test]
async fn put_item_updates_the_item_its_path_names() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let dune = shop
            .insert(json!({"_id": "dune", "title": "Dune", "year": 1965}))
            .await;
        let put = |id: &str, body: Value, key: Option<&str>| {
            call(
                shop.app
                    .wix(Method::PUT, &format!("/wix-data/v2/items/{id}"), "shop", key)
                    .json(&body),
            )
        };
        let key = Some(shop.key.as_str());
        let (s, b) = put(
            "dune",
            json!({"dataCollectionId": "Books", "dataItem": {"data": {"title": "Dune!", "year": 1966}}}),
            key,
        )
        .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            (&b["dataItem"]["id"], &b["dataItem"]["data"]["year"]),
            (&json!("dune"), &json!(1966))
        );
        assert_eq!(
            b["dataItem"]["data"]["_createdDate"],
            dune["data"]["_createdDate"]
        );
        let (s, b) = put(
            "dune",
            json!({"dataCollectionId": "Books", "dataItem": {"id": "dune", "data": {"title": "Same id"}}}),
            key,
        )
        .await;
        assert_eq!((s, &b["dataItem"]["data"]["title"]), (200, &json!("Same id")), "{b}");
        let (s, b) = put(
            "dune",
            json!({"dataCollectionId": "Books", "dataItem": {"id": "emma", "data": {"title": "Emma"}}}),
            key,
        )
        .await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"), "{b}");
        assert!(b["message"].as_str().unwrap().contains("path"), "{b}");
        let (s, b) = put(
            "missing",
            json!({"dataCollectionId": "Books", "dataItem": {"data": {"title": "X"}}}),
            key,
        )
        .await;
        assert_eq!((s, wix_code(&b)), (404, "WDE0073"), "{b}");
        let (s, b) = put(
            "dune",
            json!({"dataCollectionId": "Books", "dataItem": {"data": {"title": "Visitor"}}}),
            None,
        )
        .await;
        assert_eq!(s, 403, "updates need CMS_EDITOR: {b}");
        let (s, b) = put("dune", json!({"dataItem": {"data": {}}}), key).await;
        assert_eq!((s, wix_code(&b)), (400, "WDE0004"), "{b}");
    })
    .await;
}

/// `POST /bulk/items/patch` patches each item as `items/patch` does and reports each.
#[tokio::test]
async fn bulk_patch_reports_each_item() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        shop.insert(json!({"_id": "dune", "title": "Dune", "year": 1965, "tags": ["sf"]}))
            .await;
        shop.insert(json!({"_id": "emma", "title": "Emma", "year": 1815}))
            .await;
        let mods = json!([{"fieldPath": "year", "action": "INCREMENT_FIELD", "incrementFieldOptions": {"value": 1}},
                          {"fieldPath": "tags", "action": "APPEND_TO_ARRAY", "appendToArrayOptions": {"value": "new"}}]);
        let (s, b) = shop
            .post(
                "/wix-data/v2/bulk/items/patch",
                json!({"dataCollectionId": "Books", "condition": {"filter": {"year": {"$gt": 1900}}},
                "patches": [{"dataItemId": "dune", "fieldModifications": mods},
                            {"dataItemId": "emma", "fieldModifications": mods},
                            {"dataItemId": "nope", "fieldModifications": mods}]}),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let results = b["results"].as_array().unwrap();
        assert_eq!(
            results[0]["dataItem"]["data"]["tags"],
            json!(["sf", "new"]),
            "{b}"
        );
        assert_eq!(results[0]["dataItem"]["data"]["year"], 1966);
        let codes: Vec<&str> = results[1..]
            .iter()
            .map(|r| r["itemMetadata"]["error"]["code"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(codes, ["WDE0123", "WDE0073"], "{b}");
        assert_eq!(
            b["bulkActionMetadata"],
            json!({"totalSuccesses": 1, "totalFailures": 2, "undetailedFailures": 0})
        );
        let (s, _) = call(
            shop.app
                .wix(Method::POST, "/wix-data/v2/bulk/items/patch", "shop", None)
                .json(&json!({"dataCollectionId": "Books", "patches": [{"dataItemId": "dune", "fieldModifications": mods}]})),
        )
        .await;
        assert_eq!(s, 403, "a visitor may not update Books");
    })
    .await;
}

/// A body a Wix-compatible route cannot read answers 400 in Wix's error shape, its message
/// naming the field and never serde's wording or position; one extractor reads every
/// route's body, so the data, members and contacts routes answer alike.
#[tokio::test]
async fn unreadable_bodies_answer_in_wixs_shape_naming_the_field() {
    each_shop(|shop| async move {
        shop.books(open_read()).await;
        let raw = |path: &str, body: String| {
            call(
                shop.app
                    .wix(Method::POST, path, "shop", Some(&shop.key))
                    .header("content-type", "application/json")
                    .body(body),
            )
        };
        let cases = [
            (
                "/wix-data/v2/items",
                r#"{"dataCollectionId": "#,
                "the request body is not valid JSON (at line 1, column 21)",
            ),
            (
                "/wix-data/v2/items",
                r#"{"dataCollectionId": 5, "dataItem": {"data": {}}}"#,
                "dataCollectionId must be a string, not integer 5",
            ),
            (
                "/wix-data/v2/items",
                r#"{"dataCollectionId": "Books", "dataItem": {"data": "x"}}"#,
                "dataItem.data must be an object, not string \"x\"",
            ),
            (
                "/wix-data/v2/items",
                r#"{"dataItem": {"data": {}}}"#,
                "dataCollectionId is required",
            ),
            (
                "/wix-data/v2/items/query",
                r#"{"dataCollectionId": "Books", "query": {"paging": {"limit": "ten"}}}"#,
                "query.paging.limit must be a whole number, not string \"ten\"",
            ),
            (
                "/wix-data/v2/bulk/items/insert",
                r#"{"dataCollectionId": "Books", "dataItems": {}}"#,
                "dataItems must be an array, not an object",
            ),
            (
                "/wix-data/v2/collections",
                "[]",
                "the request body must be a JSON object",
            ),
            (
                "/members/v1/members/query",
                "{",
                "the request body is not valid JSON (at line 1, column 1)",
            ),
            (
                "/contacts/v4/contacts",
                "nope",
                "the request body is not valid JSON (at line 1, column 2)",
            ),
        ];
        for (path, body, message) in cases {
            let (s, b) = raw(path, body.to_string()).await;
            assert_eq!((s, wix_code(&b)), (400, "WDE0004"), "{path} {body}: {b}");
            assert_eq!(b["message"], message, "{path} {body}: {b}");
            assert_eq!(b["details"]["applicationError"]["description"], message);
        }
        // Too large a body is refused in the same shape.
        let (s, b) = raw(
            "/wix-data/v2/items",
            format!("\"{}\"", "x".repeat(3 * 1024 * 1024)),
        )
        .await;
        assert_eq!((s, wix_code(&b)), (413, "WDE0009"), "{b}");
        let (_, count) = shop
            .post(
                "/wix-data/v2/items/count",
                json!({"dataCollectionId": "Books"}),
            )
            .await;
        assert_eq!(count["totalCount"], 0, "nothing was written");
    })
    .await;
}
