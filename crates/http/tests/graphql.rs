//! `POST /graphql` on every backend: collections as types, Wix's filters, paging, references
//! without N+1, mutations, the same answers as REST for every caller, hooks, schema changes
//! without a restart, and the depth and complexity limits.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call};

/// An app with a site `lib`, its owner's session and an admin API key.
struct Lib {
    app: TestApp,
    owner: String,
    key: String,
}

impl Lib {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "lib").await;
        let (_, key) = call(
            app.req_as(Method::POST, "/api/v1/sites/lib/api-keys", &owner)
                .json(&json!({"name": "sdk", "role": "admin"})),
        )
        .await;
        let key = key["key"].as_str().unwrap().to_string();
        Self { app, owner, key }
    }

    async fn rest(&self, path: &str, body: Value) -> (u16, Value) {
        call(
            self.app
                .wix(Method::POST, path, "lib", Some(&self.key))
                .json(&body),
        )
        .await
    }

    async fn ok(&self, path: &str, body: Value) -> Value {
        let (s, b) = self.rest(path, body).await;
        assert_eq!(s, 200, "{path}: {b}");
        b
    }

    async fn collection(&self, c: Value) {
        self.ok("/wix-data/v2/collections", json!({ "collection": c }))
            .await;
    }

    async fn insert(&self, collection: &str, data: Value) {
        self.ok(
            "/wix-data/v2/items",
            json!({"dataCollectionId": collection, "dataItem": {"data": data}}),
        )
        .await;
    }

    /// A GraphQL request with the admin key, on the dashboard host with `wix-site-id`.
    async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_as(Caller::Key, query, variables).await
    }

    async fn gql_as(&self, caller: Caller<'_>, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables });
        let (s, b) = call(self.as_caller(caller, "/graphql").await.json(&body)).await;
        assert_eq!(s, 200, "{b}");
        b
    }

    async fn as_caller(&self, caller: Caller<'_>, path: &str) -> reqwest::RequestBuilder {
        match caller {
            Caller::Key => self.app.wix(Method::POST, path, "lib", Some(&self.key)),
            Caller::Visitor => self.app.req_host(
                Method::POST,
                &format!("lib.localhost:{}", self.app.addr.port()),
                path,
            ),
            Caller::Member(m) => self.app.wix_member(Method::POST, path, "lib", m).await,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Caller<'a> {
    Visitor,
    Member(&'a str),
    Key,
}

async fn each_lib<F, Fut>(test: F)
where
    F: Fn(Lib) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for backend in backends() {
        test(Lib::new(TestApp::spawn(backend).await).await).await;
    }
}

const OPEN: &str =
    r#"{"read": "ANYONE", "insert": "CMS_EDITOR", "update": "CMS_EDITOR", "remove": "CMS_EDITOR"}"#;

fn open() -> Value {
    serde_json::from_str(OPEN).unwrap()
}

/// Authors and Books (a reference and a multi-reference to Authors).
async fn library(lib: &Lib) {
    lib.collection(json!({"id": "Authors", "fields": [{"key": "name", "type": "TEXT"}], "permissions": open()}))
        .await;
    lib.collection(json!({"id": "Books", "permissions": open(), "fields": [
        {"key": "title", "type": "TEXT"}, {"key": "year", "type": "NUMBER"},
        {"key": "inPrint", "type": "BOOLEAN"}, {"key": "published", "type": "DATE"},
        {"key": "cover", "type": "IMAGE"}, {"key": "tags", "type": "ARRAY_STRING"},
        {"key": "meta", "type": "OBJECT"},
        {"key": "author", "type": "REFERENCE", "referencedCollectionId": "Authors"},
        {"key": "coauthors", "type": "MULTI_REFERENCE", "referencedCollectionId": "Authors"}]}))
        .await;
    for (id, name) in [("a1", "Ada"), ("a2", "Bob"), ("a3", "Cy")] {
        lib.insert("Authors", json!({"_id": id, "name": name}))
            .await;
    }
}

fn errors(b: &Value) -> String {
    b["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| e["message"].as_str().unwrap_or("").to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn collections_are_types_with_wix_filters_sort_and_cursor_paging() {
    each_lib(|lib| async move {
        library(&lib).await;
        for n in 0..7 {
            lib.insert(
                "Books",
                json!({"_id": format!("b{n}"), "title": format!("Book {n}"), "year": 2000 + n,
                    "inPrint": n % 2 == 0, "published": "2020-01-02",
                    "cover": "wix:image://v1/x.jpg/x.jpg", "tags": ["t", format!("n{n}")], "meta": {"n": n},
                    "author": "a1"}),
            )
            .await;
        }
        let q = r#"query($f: JSON, $s: JSON, $after: String) {
            Books(filter: $f, sort: $s, first: 2, after: $after) {
                totalCount
                items { _id _createdDate title year inPrint published cover tags meta author { _id name } }
                pageInfo { hasNextPage endCursor }
            } }"#;
        let f = json!({"$and": [{"year": {"$gte": 2002}}, {"tags": {"$hasSome": ["t"]}}, {"$not": {"title": {"$eq": "Book 6"}}}]});
        let s = json!([{"fieldName": "year", "order": "DESC"}]);
        let b = lib.gql(q, json!({"f": f, "s": s})).await;
        assert_eq!(errors(&b), "", "{b}");
        let page = &b["data"]["Books"];
        assert_eq!(page["totalCount"], 4, "{b}");
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0]["_id"], "b5");
        assert_eq!(items[0]["year"], 2005.0);
        assert_eq!(items[0]["inPrint"], false);
        assert_eq!(items[0]["published"], "2020-01-02");
        assert_eq!(items[0]["cover"], "wix:image://v1/x.jpg/x.jpg");
        assert_eq!(items[0]["tags"], json!(["t", "n5"]));
        assert_eq!(items[0]["meta"], json!({"n": 5}));
        assert_eq!(items[0]["author"], json!({"_id": "a1", "name": "Ada"}));
        assert!(items[0]["_createdDate"].as_str().unwrap().ends_with('Z'));
        assert_eq!(page["pageInfo"]["hasNextPage"], true);
        // The next page: the cursor carries the filter and sort.
        let cursor = page["pageInfo"]["endCursor"].as_str().unwrap();
        let b = lib.gql(q, json!({"after": cursor})).await;
        let ids: Vec<&str> = b["data"]["Books"]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["b3", "b2"], "{b}");
        assert_eq!(b["data"]["Books"]["pageInfo"]["hasNextPage"], false);
        // A filter as JSON text, inline; every operator REST takes.
        for (filter, expect) in [
            (r#"{\"title\": {\"$startsWith\": \"Book 1\"}}"#, 1),
            (r#"{\"title\": {\"$contains\": \"ook\"}}"#, 7),
            (r#"{\"title\": {\"$endsWith\": \"3\"}}"#, 1),
            (r#"{\"year\": {\"$in\": [2001, 2002]}}"#, 2),
            (r#"{\"year\": {\"$ne\": 2001}, \"inPrint\": true}"#, 4),
            (r#"{\"$or\": [{\"year\": {\"$lt\": 2001}}, {\"year\": {\"$gt\": 2005}}]}"#, 2),
            (r#"{\"year\": {\"$lte\": 2001}}"#, 2),
            (r#"{\"tags\": {\"$hasAll\": [\"t\", \"n4\"]}}"#, 1),
            // isNotEmpty and isEmpty, as the SDK sends them.
            (r#"{\"cover\": {\"$exists\": true}}"#, 7),
            (r#"{\"meta\": {\"$exists\": false}}"#, 0),
        ] {
            let b = lib
                .gql(&format!(r#"{{ Books(filter: "{filter}") {{ totalCount }} }}"#), json!({}))
                .await;
            assert_eq!(b["data"]["Books"]["totalCount"], expect, "{filter}: {b}");
        }
        // One item by id; null when there is none.
        let b = lib
            .gql(r#"{ a: Books_by_id(id: "b1") { title } b: Books_by_id(id: "nope") { title } }"#, json!({}))
            .await;
        assert_eq!(b["data"], json!({"a": {"title": "Book 1"}, "b": null}), "{b}");
        // A bad filter is REST's error, with its Wix code.
        let b = lib.gql(r#"{ Books(filter: "{\"year\": {\"$near\": 1}}") { totalCount } }"#, json!({})).await;
        assert!(errors(&b).contains("$near"), "{b}");
        let (s, rest) = lib
            .rest("/wix-data/v2/items/query", json!({"dataCollectionId": "Books", "query": {"filter": {"year": {"$near": 1}}}}))
            .await;
        assert_eq!(b["errors"][0]["extensions"]["code"], rest["details"]["applicationError"]["code"], "{b}");
        assert_eq!(b["errors"][0]["extensions"]["status"], s);
        // Introspection: typed fields.
        let b = lib
            .gql(r#"{ __type(name: "Books") { fields { name type { kind name ofType { name } } } } }"#, json!({}))
            .await;
        let fields = b["data"]["__type"]["fields"].as_array().unwrap();
        let type_of = |n: &str| {
            let f = fields.iter().find(|f| f["name"] == n).unwrap_or_else(|| panic!("{n}: {b}"));
            f["type"]["name"].as_str().or(f["type"]["ofType"]["name"].as_str()).unwrap().to_string()
        };
        for (field, ty) in [("_id", "ID"), ("title", "String"), ("year", "Float"), ("inPrint", "Boolean"),
            ("published", "String"), ("tags", "JSON"), ("author", "Authors"), ("_owner", "String")] {
            assert_eq!(type_of(field), ty, "{field}");
        }
        // The dashboard's GraphiQL names the site in the address, not a header.
        let (s, b) = call(
            lib.app
                .req_as(Method::POST, "/graphql?site=lib", &lib.key)
                .json(&json!({"query": "{ Books { totalCount } }"})),
        )
        .await;
        assert_eq!((s, &b["data"]["Books"]["totalCount"]), (200, &json!(7)), "{b}");
    })
    .await;
}

#[tokio::test]
async fn names_are_mangled_and_mutations_write_through_rest_rules() {
    each_lib(|lib| async move {
        lib.collection(json!({"id": "my-notes", "fields": [{"key": "bodyText", "type": "TEXT"}], "permissions": open()}))
            .await;
        lib.collection(json!({"id": "my_notes", "permissions": open()})).await;
        let b = lib
            .gql(r#"mutation { insert_my_notes(data: "{\"_id\": \"n1\", \"bodyText\": \"hi\"}") { _id bodyText } }"#, json!({}))
            .await;
        assert_eq!(b["data"]["insert_my_notes"], json!({"_id": "n1", "bodyText": "hi"}), "{b}");
        // The second collection's names take `_2`.
        let b = lib.gql(r#"{ my_notes_2 { totalCount } my_notes { items { bodyText } } }"#, json!({})).await;
        assert_eq!(b["data"]["my_notes_2"]["totalCount"], 0, "{b}");
        assert_eq!(b["data"]["my_notes"]["items"], json!([{"bodyText": "hi"}]));
        let b = lib
            .gql(r#"mutation($d: JSON!) { update_my_notes(id: "n1", data: $d) { bodyText } }"#, json!({"d": {"bodyText": "bye"}}))
            .await;
        assert_eq!(b["data"]["update_my_notes"]["bodyText"], "bye", "{b}");
        let (_, rest) = lib
            .rest("/wix-data/v2/items/query", json!({"dataCollectionId": "my-notes"}))
            .await;
        assert_eq!(rest["dataItems"][0]["data"]["bodyText"], "bye");
        // An item that breaks the schema is refused naming the field.
        lib.collection(json!({"id": "Nums", "fields": [{"key": "n", "type": "NUMBER"}], "permissions": open()}))
            .await;
        let b = lib.gql(r#"mutation { insert_Nums(data: "{\"n\": \"many\"}") { _id } }"#, json!({})).await;
        assert!(errors(&b).contains('n'), "{b}");
        assert_eq!(b["data"]["insert_Nums"], Value::Null);
        let b = lib.gql(r#"mutation { remove_my_notes(id: "n1") { _id } }"#, json!({})).await;
        assert_eq!(b["data"]["remove_my_notes"]["_id"], "n1", "{b}");
        let b = lib.gql(r#"mutation { remove_my_notes(id: "n1") { _id } }"#, json!({})).await;
        assert_eq!(b["errors"][0]["extensions"]["code"], "WDE0073", "{b}");
    })
    .await;
}

#[tokio::test]
async fn references_are_loaded_per_level_not_per_item() {
    const AUTHORS: [&str; 3] = ["a1", "a2", "a3"];
    each_lib(|lib| async move {
        library(&lib).await;
        let q = r#"{ Books(first: 100, sort: "[{\"fieldName\": \"_id\"}]") { items { title author { name } coauthors { name } } } }"#;
        let mut calls = Vec::new();
        for n in [1usize, 50] {
            let have = lib
                .gql(r#"{ Books { totalCount } }"#, json!({}))
                .await["data"]["Books"]["totalCount"]
                .as_u64()
                .unwrap() as usize;
            let items: Vec<Value> = (have..n)
                .map(|i| json!({"data": {"_id": format!("b{i}"), "title": format!("B{i}"), "author": AUTHORS[i % 3]}}))
                .collect();
            if !items.is_empty() {
                lib.ok("/wix-data/v2/bulk/items/insert", json!({"dataCollectionId": "Books", "dataItems": items}))
                    .await;
            }
            for i in have..n {
                lib.ok("/wix-data/v2/items/replace-references", json!({"dataCollectionId": "Books",
                    "referringItemFieldName": "coauthors", "referringItemId": format!("b{i}"),
                    "newReferencedItemIds": ["a2", "a3"]}))
                    .await;
            }
            let b = lib.gql(q, json!({})).await;
            assert_eq!(errors(&b), "", "{b}");
            let items = b["data"]["Books"]["items"].as_array().unwrap();
            assert_eq!(items.len(), n);
            assert_eq!(items[0]["author"]["name"], "Ada");
            assert_eq!(items[0]["coauthors"], json!([{"name": "Bob"}, {"name": "Cy"}]));
            calls.push(b["extensions"]["dataCalls"].as_u64().unwrap());
        }
        // The page, then one call per reference field: 3 whether 1 item or 50.
        assert_eq!(calls, [3, 3]);
        // A second level batches too: 50 books → authors → their books' authors.
        lib.collection(json!({"id": "Shelves", "permissions": open(), "fields": [
            {"key": "book", "type": "REFERENCE", "referencedCollectionId": "Books"}]}))
            .await;
        let shelves: Vec<Value> = (0..50).map(|i| json!({"data": {"book": format!("b{i}")}})).collect();
        lib.ok("/wix-data/v2/bulk/items/insert", json!({"dataCollectionId": "Shelves", "dataItems": shelves}))
            .await;
        let b = lib
            .gql(r#"{ Shelves(first: 50) { items { book { title author { name } coauthors { name } } } } }"#, json!({}))
            .await;
        assert_eq!(errors(&b), "", "{b}");
        assert_eq!(b["data"]["Shelves"]["items"].as_array().unwrap().len(), 50);
        assert_eq!(b["extensions"]["dataCalls"], 4, "{b}");
    })
    .await;
}

/// Notes only their authors (and the site's staff) may read; members insert.
async fn private_notes(lib: &Lib) {
    lib.collection(json!({"id": "Notes", "fields": [{"key": "text", "type": "TEXT"}],
        "permissions": {"read": "SITE_MEMBER_AUTHOR", "insert": "SITE_MEMBER", "update": "SITE_MEMBER_AUTHOR", "remove": "CMS_EDITOR"}}))
        .await;
}

#[tokio::test]
async fn graphql_answers_as_rest_for_every_caller() {
    each_lib(|lib| async move {
        private_notes(&lib).await;
        let callers = [Caller::Visitor, Caller::Member("ann"), Caller::Member("ben"), Caller::Key];
        // Each caller inserts through REST and through GraphQL; the outcomes agree.
        for caller in callers {
            let (s, _) = call(lib.as_caller(caller, "/wix-data/v2/items").await.json(
                &json!({"dataCollectionId": "Notes", "dataItem": {"data": {"text": format!("{caller:?} rest")}}}),
            ))
            .await;
            let b = lib
                .gql_as(caller, r#"mutation($d: JSON!) { insert_Notes(data: $d) { text _owner } }"#,
                    json!({"d": {"text": format!("{caller:?} graphql")}}))
                .await;
            let allowed = !matches!(caller, Caller::Visitor);
            assert_eq!(s == 200, allowed, "{caller:?} REST insert");
            assert_eq!(b["data"]["insert_Notes"].is_object(), allowed, "{caller:?}: {b}");
            if !allowed {
                assert_eq!(b["errors"][0]["extensions"]["code"], "WDE0027", "{b}");
            }
        }
        for caller in callers {
            let (s, rest) = call(lib.as_caller(caller, "/wix-data/v2/items/query").await.json(
                &json!({"dataCollectionId": "Notes", "query": {"sort": [{"fieldName": "text"}]}, "returnTotalCount": true}),
            ))
            .await;
            let b = lib
                .gql_as(caller, r#"{ Notes(sort: "[{\"fieldName\": \"text\"}]") { totalCount items { _id _owner text } } }"#, json!({}))
                .await;
            if s == 200 {
                let rest_items: Vec<Value> = rest["dataItems"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| json!({"_id": i["data"]["_id"], "_owner": i["data"]["_owner"], "text": i["data"]["text"]}))
                    .collect();
                assert_eq!(b["data"]["Notes"]["items"], json!(rest_items), "{caller:?}: {b}");
                assert_eq!(b["data"]["Notes"]["totalCount"], rest["pagingMetadata"]["total"], "{caller:?}");
            } else {
                assert_eq!(b["data"], Value::Null, "{caller:?}: {b}");
                assert_eq!(b["errors"][0]["extensions"]["code"], rest["details"]["applicationError"]["code"], "{caller:?}");
                assert_eq!(b["errors"][0]["extensions"]["status"], s, "{caller:?}");
            }
            let expected = match caller {
                Caller::Visitor => None,
                Caller::Member(_) => Some(2),
                Caller::Key => Some(6),
            };
            assert_eq!(b["data"]["Notes"]["totalCount"].as_u64(), expected, "{caller:?}: {b}");
        }
        // Ann's note: Ben may neither see nor change it; REST says the same.
        let (_, anns) = call(lib.as_caller(Caller::Member("ann"), "/wix-data/v2/items/query").await.json(
            &json!({"dataCollectionId": "Notes"}),
        ))
        .await;
        let id = anns["dataItems"][0]["id"].as_str().unwrap().to_string();
        let b = lib
            .gql_as(Caller::Member("ben"), &format!(r#"{{ Notes_by_id(id: "{id}") {{ text }} }}"#), json!({}))
            .await;
        assert_eq!(b["data"]["Notes_by_id"], Value::Null, "{b}");
        let update = format!(r#"mutation {{ update_Notes(id: "{id}", data: "{{\"text\": \"x\"}}") {{ text }} }}"#);
        let b = lib.gql_as(Caller::Member("ben"), &update, json!({})).await;
        let (s, rest) = call(lib.as_caller(Caller::Member("ben"), "/wix-data/v2/items/update").await.json(
            &json!({"dataCollectionId": "Notes", "dataItem": {"id": id, "data": {"text": "x"}}}),
        ))
        .await;
        assert_eq!(b["errors"][0]["extensions"]["status"], s, "{b}");
        assert_eq!(b["errors"][0]["extensions"]["code"], rest["details"]["applicationError"]["code"]);
        let b = lib.gql_as(Caller::Member("ann"), &update, json!({})).await;
        assert_eq!(b["data"]["update_Notes"]["text"], "x", "{b}");
        // Removing is for staff only.
        let remove = format!(r#"mutation {{ remove_Notes(id: "{id}") {{ _id }} }}"#);
        let b = lib.gql_as(Caller::Member("ann"), &remove, json!({})).await;
        assert_eq!(b["errors"][0]["extensions"]["code"], "WDE0027", "{b}");
        let b = lib.gql_as(Caller::Key, &remove, json!({})).await;
        assert_eq!(b["data"]["remove_Notes"]["_id"], json!(id), "{b}");
    })
    .await;
}

/// Ann's private note `n1`, and `Pins` (readable by anyone) with `p1` pointing to it.
async fn pinned_note(lib: &Lib) {
    private_notes(lib).await;
    lib.collection(json!({"id": "Pins", "permissions": open(), "fields": [
        {"key": "note", "type": "REFERENCE", "referencedCollectionId": "Notes"}]}))
        .await;
    let b = lib
        .gql_as(
            Caller::Member("ann"),
            r#"mutation { insert_Notes(data: "{\"_id\": \"n1\", \"text\": \"mine\"}") { _id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(errors(&b), "", "{b}");
    lib.insert("Pins", json!({"_id": "p1", "note": "n1"})).await;
}

#[tokio::test]
async fn references_show_only_what_the_caller_may_read() {
    each_lib(|lib| async move {
        pinned_note(&lib).await;
        let q = r#"{ Pins { items { _id note { text } } } }"#;
        let rest_body = json!({"dataCollectionId": "Pins", "includeReferences": ["note"]});
        for (caller, expect) in [
            (Caller::Visitor, Value::Null),
            (Caller::Member("ben"), Value::Null),
            (Caller::Member("ann"), json!({"text": "mine"})),
            (Caller::Key, json!({"text": "mine"})),
        ] {
            let b = lib.gql_as(caller, q, json!({})).await;
            assert_eq!(
                b["data"]["Pins"]["items"][0]["note"], expect,
                "{caller:?}: {b}"
            );
            let (_, rest) = call(
                lib.as_caller(caller, "/wix-data/v2/items/query")
                    .await
                    .json(&rest_body),
            )
            .await;
            // REST keeps the id where it may not show the item.
            assert_eq!(
                rest["dataItems"][0]["data"]["note"].is_object(),
                expect.is_object(),
                "{caller:?}: {rest}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn hooks_run_and_the_schema_follows_changes() {
    each_lib(|lib| async move {
        lib.collection(json!({"id": "Books", "permissions": open(), "fields": [{"key": "title", "type": "TEXT"}]}))
            .await;
        let hooks = r#"
export function Books_beforeInsert(item) { item.title = item.title.toUpperCase(); return item; }
export function Books_afterQuery(item) { item.title = item.title + '!'; return item; }
"#;
        let path = "/api/v1/sites/lib/code";
        let (s, b) = call(lib.app.req_as(Method::PUT, path, &lib.owner).json(&json!({"files": {"backend/data.js": hooks}}))).await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(lib.app.req_as(Method::POST, &format!("{path}/publish"), &lib.owner).json(&json!({}))).await;
        assert_eq!(s, 200, "{b}");
        let b = lib.gql(r#"mutation { insert_Books(data: "{\"title\": \"dune\"}") { title } }"#, json!({})).await;
        assert_eq!(b["data"]["insert_Books"]["title"], "DUNE", "{b}");
        let b = lib.gql(r#"{ Books { items { title } } }"#, json!({})).await;
        assert_eq!(b["data"]["Books"]["items"], json!([{"title": "DUNE!"}]), "{b}");
        // A new field and a new collection show in the next request.
        let b = lib.gql(r#"{ Books { items { pages } } }"#, json!({})).await;
        assert!(errors(&b).contains("pages"), "{b}");
        lib.ok("/wix-data/v2/collections/create-field", json!({"dataCollectionId": "Books", "field": {"key": "pages", "type": "NUMBER"}}))
            .await;
        lib.collection(json!({"id": "Films", "permissions": open()})).await;
        let b = lib.gql(r#"{ Books { items { pages } } Films { totalCount } }"#, json!({})).await;
        assert_eq!(errors(&b), "", "{b}");
        assert_eq!(b["data"]["Films"]["totalCount"], 0);
        let (s, b) = call(lib.app.req(Method::DELETE, "/wix-data/v2/collections/Films").header("wix-site-id", "lib").header("authorization", &lib.key)).await;
        assert_eq!(s, 200, "{b}");
        let b = lib.gql(r#"{ Films { totalCount } }"#, json!({})).await;
        assert!(errors(&b).contains("Films"), "{b}");
    })
    .await;
}

/// Pages of items are answered by the server's own walk rather than async-graphql's
/// executor (for speed): its answers, errors and data calls are the executor's.
#[tokio::test]
async fn the_fast_walk_answers_as_the_executor() {
    each_lib(|lib| async move {
        library(&lib).await;
        pinned_note(&lib).await;
        for (n, author) in ["a1", "a2", "nobody", "a3"].into_iter().enumerate() {
            lib.insert("Books", json!({"_id": format!("b{n}"), "title": format!("Book {n}"), "year": 2000 + n,
                "inPrint": n % 2 == 0, "published": "2020-01-02", "tags": ["t"], "meta": {"n": n},
                "author": author}))
                .await;
        }
        lib.ok("/wix-data/v2/items/replace-references", json!({"dataCollectionId": "Books",
            "referringItemFieldName": "coauthors", "referringItemId": "b1", "newReferencedItemIds": ["a2", "a3"]}))
            .await;
        let queries = [
            r#"{ Books(first: 3, sort: "[{\"fieldName\": \"_id\"}]") { __typename totalCount
                items { __typename _id _owner _createdDate _updatedDate title year inPrint published cover tags meta
                  author { _id name } coauthors { __typename _id name } }
                pageInfo { hasNextPage endCursor } } }"#,
            r#"query Named { Authors { items { name } } Books(filter: {year: 2001}) { items { title } } }"#,
            r#"{ Books(filter: "{\"year\": {\"$near\": 1}}") { totalCount } }"#,
            r#"{ Books(first: -1) { totalCount } }"#,
            r#"{ Books(filter: "not json") { totalCount } }"#,
            r#"{ Books(after: "bad") { items { _id } } }"#,
            r#"{ Books(filter: "{\"year\": 1}") { items { _id author { name } } pageInfo { endCursor } } }"#,
            r#"{ Notes { items { text } } Pins { items { _id note { text _owner } } } }"#,
        ];
        for caller in [Caller::Visitor, Caller::Member("ann"), Caller::Member("ben"), Caller::Key] {
            for q in queries {
                lib.app.state.set_graphql_fast_path(false);
                let slow = lib.gql_as(caller, q, json!({})).await;
                lib.app.state.set_graphql_fast_path(true);
                let fast = lib.gql_as(caller, q, json!({})).await;
                assert_eq!(fast, slow, "{caller:?}: {q}");
            }
        }
        // The first page's cursor leads to the same next page.
        let b = lib.gql(queries[0], json!({})).await;
        let cursor = b["data"]["Books"]["pageInfo"]["endCursor"].as_str().unwrap().to_string();
        let next = format!(r#"{{ Books(after: "{cursor}") {{ items {{ _id }} }} }}"#);
        assert_eq!(lib.gql(&next, json!({})).await["data"]["Books"]["items"], json!([{"_id": "b3"}]));
    })
    .await;
}

#[tokio::test]
async fn depth_and_complexity_are_limited_with_clear_errors() {
    each_lib(|lib| async move {
        lib.collection(json!({"id": "Nodes", "permissions": open(), "fields": [
            {"key": "next", "type": "REFERENCE", "referencedCollectionId": "Nodes"}]}))
            .await;
        let deep = format!(
            "{{ Nodes {{ items {{ {} _id {} }} }} }}",
            "next { ".repeat(9),
            "}".repeat(9)
        );
        let b = lib.gql(&deep, json!({})).await;
        assert_eq!(b["data"], Value::Null);
        assert!(
            errors(&b).contains("nested too deep: at most 10 levels"),
            "{b}"
        );
        let ok = format!(
            "{{ Nodes {{ items {{ {} _id {} }} }} }}",
            "next { ".repeat(7),
            "}".repeat(7)
        );
        assert_eq!(errors(&lib.gql(&ok, json!({})).await), "");
        // Depth hidden in fragments counts; the introspection clients send (`ofType` eight
        // levels down, 13 in all) does not.
        let hidden = format!(
            "{{ Nodes {{ items {{ ...Deep }} }} }} fragment Deep on Nodes {{ {} _id {} }}",
            "next { ".repeat(9),
            "}".repeat(9)
        );
        assert!(errors(&lib.gql(&hidden, json!({})).await).contains("nested too deep"));
        let introspection = format!(
            "{{ __schema {{ types {{ name fields {{ name type {{ {} name {} }} }} }} }} }}",
            "ofType { ".repeat(8),
            "}".repeat(8)
        );
        let b = lib.gql(&introspection, json!({})).await;
        assert_eq!(errors(&b), "", "{b}");
        assert!(
            b["data"]["__schema"]["types"].as_array().unwrap().len() > 5,
            "{b}"
        );
        let wide: String = (0..501)
            .map(|i| format!("a{i}: Nodes {{ totalCount }} "))
            .collect();
        let b = lib.gql(&format!("{{ {wide} }}"), json!({})).await;
        assert!(
            errors(&b).contains("too complex: it may select at most 500 fields"),
            "{b}"
        );
        // Not JSON at all.
        let (s, b) = call(
            lib.app
                .wix(Method::POST, "/graphql", "lib", Some(&lib.key))
                .body("{"),
        )
        .await;
        assert_eq!(s, 400, "{b}");
        assert!(errors(&b).contains("GraphQL request"), "{b}");
    })
    .await;
}

#[tokio::test]
async fn the_store_catalog_reads_as_stores_products() {
    each_lib(|lib| async move {
        let (s, b) = lib
            .rest("/stores/v1/products", json!({"product": {"name": "Mug", "priceData": {"price": 12}}}))
            .await;
        assert_eq!(s, 200, "{b}");
        let q = r#"{ Stores_Products(filter: "{\"name\": \"Mug\"}") { totalCount items { _id name } } }"#;
        let b = lib.gql_as(Caller::Visitor, q, json!({})).await;
        assert_eq!(errors(&b), "", "{b}");
        assert_eq!(b["data"]["Stores_Products"]["items"][0]["name"], "Mug", "{b}");
        let (_, rest) = call(lib.as_caller(Caller::Visitor, "/wix-data/v2/items/query").await.json(
            &json!({"dataCollectionId": "Stores/Products", "query": {"filter": {"name": "Mug"}}}),
        ))
        .await;
        assert_eq!(b["data"]["Stores_Products"]["items"][0]["_id"], rest["dataItems"][0]["data"]["_id"]);
        // Read-only: the store writes its catalog (a site collection makes `Mutation` exist).
        private_notes(&lib).await;
        let b = lib.gql(r#"mutation { insert_Stores_Products(data: "{}") { _id } }"#, json!({})).await;
        assert!(errors(&b).contains("insert_Stores_Products"), "{b}");
    })
    .await;
}

/// The business records answer as their REST lists do, for every caller: what REST shows,
/// GraphQL shows; where REST refuses, GraphQL's error has REST's code and status.
#[tokio::test]
async fn orders_bookings_plans_and_members_answer_as_rest() {
    each_lib(|lib| async move {
        let b = lib
            .ok("/pricing-plans/v2/plans", json!({"plan": {"name": "Gold Club", "pricing": {"singlePaymentUnlimited": true, "price": {"value": "10.00", "currency": "USD"}}}}))
            .await;
        assert_eq!(b["plan"]["name"], "Gold Club", "{b}");
        lib.ok("/members/v1/members", json!({"member": {"loginEmail": "cy@example.com"}}))
            .await;
        let kinds = [
            ("ecomOrders", "orders", Method::POST, "/ecom/v1/orders/search", "{ items { id number status json } }"),
            ("bookings", "bookings", Method::POST, "/bookings/v2/bookings/query", "{ items { id status startDate } }"),
            ("pricingPlans", "plans", Method::GET, "/pricing-plans/v2/plans", "{ items { id name public json } pagingMetadata }"),
            ("publicPricingPlans", "plans", Method::GET, "/pricing-plans/v2/plans/public", "{ items { id name pricing } }"),
            ("pricingPlanOrders", "orders", Method::GET, "/pricing-plans/v2/orders", "{ items { id planName } }"),
            ("members", "members", Method::POST, "/members/v1/members/query", "{ items { id loginEmail profile } }"),
        ];
        for caller in [Caller::Visitor, Caller::Member("ann"), Caller::Key] {
            for (field, list, method, path, selection) in kinds.clone() {
                let rest = match caller {
                    Caller::Key => lib.app.wix(method.clone(), path, "lib", Some(&lib.key)),
                    Caller::Visitor => lib.app.req_host(method.clone(), &format!("lib.localhost:{}", lib.app.addr.port()), path),
                    Caller::Member(m) => lib.app.wix_member(method.clone(), path, "lib", m).await,
                };
                let rest = if method == Method::POST { rest.json(&json!({})) } else { rest };
                let (s, rest) = call(rest).await;
                let b = lib.gql_as(caller, &format!("{{ {field} {selection} }}"), json!({})).await;
                if s == 200 {
                    assert_eq!(errors(&b), "", "{caller:?} {field}: {b}");
                    let ids: Vec<&Value> = rest[list].as_array().unwrap().iter().map(|r| &r["id"]).collect();
                    let got: Vec<&Value> = b["data"][field]["items"].as_array().unwrap().iter().map(|r| &r["id"]).collect();
                    assert_eq!(got, ids, "{caller:?} {field}: {b}");
                } else {
                    assert_eq!(b["errors"][0]["extensions"]["status"], s, "{caller:?} {field}: {b}");
                    assert_eq!(b["errors"][0]["extensions"]["code"], rest["details"]["applicationError"]["code"], "{caller:?} {field}");
                }
            }
        }
        // Typed fields beside the whole record.
        let b = lib.gql("{ pricingPlans { items { name public json } } members { items { loginEmail } } }", json!({})).await;
        assert_eq!(b["data"]["pricingPlans"]["items"][0]["name"], "Gold Club", "{b}");
        assert_eq!(b["data"]["pricingPlans"]["items"][0]["json"]["name"], "Gold Club", "{b}");
        assert_eq!(b["data"]["members"]["items"][0]["loginEmail"], "cy@example.com", "{b}");
        let b = lib.gql_as(Caller::Visitor, "{ members { items { id } } }", json!({})).await;
        assert_eq!(b["errors"][0]["extensions"]["status"], 403, "{b}");
    })
    .await;
}
