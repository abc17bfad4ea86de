//! The media library over HTTP on every backend, with the media storage the test command
//! gives (a folder, or an S3-compatible server by `TESSERA_TEST_MEDIA_URL`): uploads by
//! signed address, the same bytes stored once, variants and 304s, folders and the trash,
//! private files and signed downloads, quotas and limits, hostile files, permissions, and
//! import from a URL through the outbound rules.

use std::io::Cursor;

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends, call, media_storages};

const BIG: u64 = 1 << 40;

/// Every backend with every media storage.
async fn apps() -> Vec<TestApp> {
    let mut all = Vec::new();
    for backend in backends() {
        for storage in media_storages() {
            all.push(TestApp::spawn_media(backend, storage.as_deref(), BIG, BIG).await);
        }
    }
    all
}

struct Site {
    app: TestApp,
    owner: String,
}

fn png(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x as u8).wrapping_add(seed),
            (y as u8).wrapping_mul(3),
            seed,
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

impl Site {
    async fn new(app: TestApp) -> Self {
        let (_, owner) = app.account("owner@example.com").await;
        app.site(&owner, "shop").await;
        Self { app, owner }
    }

    fn host(&self) -> String {
        format!("shop.localhost:{}", self.app.addr.port())
    }

    /// A Wix media API call as the owner (`None`: as a visitor).
    async fn wix(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        who: Option<&str>,
    ) -> (u16, Value) {
        let who = who.map(str::to_string).or_else(|| Some(self.owner.clone()));
        let mut req = self.app.wix(method, path, "shop", who.as_deref());
        if let Some(body) = body {
            req = req.json(&body);
        }
        call(req).await
    }

    async fn visitor(&self, method: Method, path: &str, body: Value) -> (u16, Value) {
        call(self.app.wix(method, path, "shop", None).json(&body)).await
    }

    /// Sends `bytes` to a fresh upload address for `folder`; answers the upload's answer.
    async fn upload_to(
        &self,
        folder: &str,
        private: bool,
        name: &str,
        mime: &str,
        bytes: Vec<u8>,
    ) -> (u16, Value) {
        let (s, b) = self
            .wix(
                Method::POST,
                "/site-media/v1/files/generate-upload-url",
                Some(json!({"mimeType": mime, "fileName": name, "parentFolderId": folder, "private": private})),
                None,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let url = b["uploadUrl"].as_str().unwrap().to_string();
        self.put(&url, mime, bytes).await
    }

    async fn upload(&self, name: &str, mime: &str, bytes: Vec<u8>) -> (u16, Value) {
        self.upload_to("media-root", false, name, mime, bytes).await
    }

    /// A request to an address the server gave (on the site's host).
    fn at(&self, method: Method, url: &str) -> reqwest::RequestBuilder {
        let path = url.split_once("localhost:").unwrap().1;
        let path = &path[path.find('/').unwrap()..];
        self.app.req_host(method, &self.host(), path)
    }

    async fn put(&self, url: &str, mime: &str, bytes: Vec<u8>) -> (u16, Value) {
        call(
            self.at(Method::PUT, url)
                .header("content-type", mime)
                .body(bytes),
        )
        .await
    }

    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.at(Method::GET, url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap()
    }

    async fn list(&self, query: &str) -> Value {
        let (s, b) = self
            .wix(
                Method::GET,
                &format!("/site-media/v1/files?{query}"),
                None,
                None,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        b
    }
}

#[tokio::test]
async fn uploads_are_stored_once_served_with_variants_and_304s() {
    for app in apps().await {
        let backend = app.backend;
        let site = Site::new(app).await;
        let bytes = png(400, 300, 7);
        let (s, a) = site
            .upload("../../etc/cat.png", "image/png", bytes.clone())
            .await;
        assert_eq!(s, 200, "{backend:?}: {a}");
        let a = &a["file"];
        assert_eq!(a["displayName"], "cat.png", "{a}");
        assert_eq!(a["mediaType"], "IMAGE");
        assert_eq!(a["media"]["image"]["image"]["width"], 400);
        assert_eq!(a["media"]["image"]["image"]["height"], 300);
        assert_eq!(a["parentFolderId"], "media-root");
        assert_eq!(a["operationStatus"], "READY");

        // The same bytes again: a second file, one blob.
        let (s, b) = site
            .upload("again.png", "application/octet-stream", bytes.clone())
            .await;
        assert_eq!(s, 200, "{b}");
        let b = &b["file"];
        assert_ne!(a["id"], b["id"]);
        assert_eq!(a["hash"], b["hash"]);
        let shop = site.app.store.site_by_slug("shop").await.unwrap().unwrap();
        let used = site.app.store.media_bytes(shop.id).await.unwrap();
        assert_eq!(
            used,
            a["sizeInBytes"].as_str().unwrap().parse::<u64>().unwrap(),
            "{backend:?}"
        );

        // The original, then a 304.
        let url = a["url"].as_str().unwrap();
        let res = site.get(url, &[]).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "image/png");
        let tag = res.headers()["etag"].to_str().unwrap().to_string();
        assert!(
            res.headers()["cache-control"]
                .to_str()
                .unwrap()
                .contains("max-age=")
        );
        let original = res.bytes().await.unwrap();
        assert_eq!(image::load_from_memory(&original).unwrap().width(), 400);
        let res = site.get(url, &[("if-none-match", &tag)]).await;
        assert_eq!(res.status(), 304, "{backend:?}");

        // A variant in WebP for a browser that takes it, made once, then a 304.
        let variant = format!("{url}/v1/fill/w_200,h_100,q_80/cat.png");
        let res = site
            .get(&variant, &[("accept", "image/avif,image/webp,*/*")])
            .await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let kind = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind == "image/webp" || kind == "image/avif", "{kind}");
        assert_eq!(res.headers()["vary"], "Accept");
        let vtag = res.headers()["etag"].to_str().unwrap().to_string();
        assert_ne!(vtag, tag);
        let first = res.bytes().await.unwrap();
        let made = image::load_from_memory(&first).unwrap();
        // Sizes come in steps (100 is made as 128), so variants per file are bounded.
        assert_eq!((made.width(), made.height()), (200, 128), "{backend:?}");
        let res = site.get(&variant, &[("accept", "image/webp,*/*")]).await;
        assert_eq!(res.bytes().await.unwrap(), first, "the kept variant");
        let res = site
            .get(
                &variant,
                &[("accept", "image/webp"), ("if-none-match", &vtag)],
            )
            .await;
        assert_eq!(res.status(), 304, "{vtag} {:?}", res.headers());
        // Without WebP: the original's format.
        let res = site
            .get(&variant, &[("accept", "image/png,*/*;q=0.1")])
            .await;
        assert_eq!(res.headers()["content-type"], "image/png");
        // Asked for more than the original: the original's size, the same variant.
        let res = site
            .get(
                &format!("{url}/v1/fit/w_3840,h_2560,q_80/cat.png"),
                &[("accept", "image/webp")],
            )
            .await;
        let same = res.headers()["etag"].to_str().unwrap().to_string();
        let res = site
            .get(
                &format!("{url}/v1/fit/w_1920,h_1920,q_80/cat.png"),
                &[("accept", "image/webp")],
            )
            .await;
        assert_eq!(res.headers()["etag"].to_str().unwrap(), same);
        let big = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
        assert_eq!((big.width(), big.height()), (400, 300));
        // A bad transform names its part.
        let res = site
            .get(&format!("{url}/v1/squash/w_10/cat.png"), &[])
            .await;
        assert_eq!(res.status(), 400);

        // The file's id works on the dashboard's host too (the site is in the id).
        let id = a["id"].as_str().unwrap();
        let res = site
            .app
            .req(Method::GET, &format!("/media/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        // Unknown and forged ids are 404s.
        let res = site
            .app
            .req(Method::GET, "/media/nope")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let forged = format!("{}x", &id[..id.len() - 1]);
        let res = site
            .app
            .req(Method::GET, &format!("/media/{forged}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
    }
}

#[tokio::test]
async fn hostile_and_mislabelled_files_change_nothing() {
    for app in apps().await {
        let backend = app.backend;
        let site = Site::new(app).await;
        let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
            ("cat.jpg", "image/jpeg", png(10, 10, 1), "file"),
            ("empty.png", "image/png", Vec::new(), "empty"),
            (
                "x.svg",
                "image/svg+xml",
                br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#
                    .to_vec(),
                "script",
            ),
            (
                "y.svg",
                "image/svg+xml",
                br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.to_vec(),
                "onload",
            ),
            ("cut.png", "image/png", png(64, 64, 2)[..60].to_vec(), "png"),
        ];
        for (name, mime, bytes, says) in cases {
            let (s, b) = site.upload(name, mime, bytes).await;
            assert_eq!(s, 400, "{backend:?} {name}: {b}");
            let message = b["message"].as_str().unwrap_or_default().to_lowercase();
            assert!(message.contains(says), "{name}: {message}");
        }
        assert_eq!(
            site.list("").await["files"],
            json!([]),
            "nothing was stored"
        );

        // A clean SVG is taken.
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>"#;
        let (s, b) = site.upload("ok.svg", "image/svg+xml", svg.to_vec()).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["file"]["mediaType"], "VECTOR");

        // Upload addresses: tampered or for another folder.
        let (_, g) = site
            .wix(
                Method::POST,
                "/site-media/v1/files/generate-upload-url",
                Some(json!({"mimeType": "image/png"})),
                None,
            )
            .await;
        let url = g["uploadUrl"].as_str().unwrap();
        let (s, _) = site
            .put(
                &url.replace("folder=media-root", "folder=other"),
                "image/png",
                png(4, 4, 1),
            )
            .await;
        assert_eq!(s, 403);
        let (s, _) = site
            .put(
                &url.replace("private=0", "private=1"),
                "image/png",
                png(4, 4, 1),
            )
            .await;
        assert_eq!(s, 403);
        let (s, b) = site
            .wix(
                Method::POST,
                "/site-media/v1/files/generate-upload-url",
                Some(json!({"parentFolderId": "nope"})),
                None,
            )
            .await;
        assert_eq!(
            (s, b["details"]["applicationError"]["code"].clone()),
            (404, json!("FOLDER_NOT_FOUND"))
        );
    }
}

#[tokio::test]
async fn limits_and_quota_are_enforced_and_named() {
    for backend in backends() {
        let big = png(300, 300, 3);
        let app = TestApp::spawn_media(backend, None, 200_000, (big.len() * 2 + 100) as u64).await;
        let site = Site::new(app).await;
        let (s, b) = site.upload("a.png", "image/png", big.clone()).await;
        assert_eq!(s, 200, "{b}");
        // The same bytes cost nothing more.
        let (s, b) = site.upload("a2.png", "image/png", big.clone()).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = site.upload("b.png", "image/png", png(300, 300, 4)).await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = site.upload("c.png", "image/png", png(300, 300, 5)).await;
        assert_eq!(s, 413, "{backend:?}: {b}");
        assert_eq!(b["details"]["applicationError"]["code"], "QUOTA_EXCEEDED");
        assert!(b["message"].as_str().unwrap().contains("quota"), "{b}");
        let (s, b) = site.upload("d.png", "image/png", vec![0u8; 200_001]).await;
        assert_eq!(s, 413, "{b}");
        assert!(
            b["message"].as_str().unwrap_or_default().contains("200000"),
            "{b}"
        );
        assert_eq!(site.list("").await["files"].as_array().unwrap().len(), 3);
    }
}

#[tokio::test]
async fn folders_trash_restore_and_delete_for_good() {
    for app in apps().await {
        let site = Site::new(app).await;
        let (s, f) = site
            .wix(
                Method::POST,
                "/site-media/v1/folders",
                Some(json!({"displayName": "Products"})),
                None,
            )
            .await;
        assert_eq!(s, 200, "{f}");
        let folder = f["folder"]["id"].as_str().unwrap().to_string();
        let (s, b) = site
            .wix(
                Method::POST,
                "/site-media/v1/folders",
                Some(json!({"displayName": "Products"})),
                None,
            )
            .await;
        assert_eq!(s, 409, "{b}");
        let (s, up) = site
            .upload_to(&folder, false, "shoe.png", "image/png", png(50, 40, 9))
            .await;
        assert_eq!(s, 200, "{up}");
        let file = up["file"]["id"].as_str().unwrap().to_string();
        let url = up["file"]["url"].as_str().unwrap().to_string();
        assert_eq!(site.list("").await["files"], json!([]), "not in the root");
        let inside = site.list(&format!("parentFolderId={folder}")).await;
        assert_eq!(inside["files"][0]["id"], file.as_str());
        assert_eq!(inside["nextCursor"]["total"], 1);

        // Rename, alt text, and search by name.
        let (s, b) = site
            .wix(
                Method::PATCH,
                "/site-media/v1/files/update-file-descriptor",
                Some(json!({"file": {"id": file, "displayName": "Red shoe.png", "media": {"image": {"image": {"altText": "A red shoe"}}}}})),
                None,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            b["file"]["media"]["image"]["image"]["altText"],
            "A red shoe"
        );
        let (_, found) = site
            .wix(
                Method::POST,
                "/site-media/v1/files/search",
                Some(json!({"search": "RED"})),
                None,
            )
            .await;
        assert_eq!(found["files"][0]["displayName"], "Red shoe.png", "{found}");

        // Trashing the folder trashes the file; it is no longer served; restoring brings both.
        let (s, b) = site
            .wix(
                Method::POST,
                "/site-media/v1/bulk/folders/delete",
                Some(json!({"folderIds": [folder]})),
                None,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(site.get(&url, &[]).await.status(), 404);
        let (_, trash) = site
            .wix(Method::GET, "/site-media/v1/trash-bin/files", None, None)
            .await;
        assert_eq!(trash["files"][0]["state"], "DELETED", "{trash}");
        let (s, _) = site
            .wix(
                Method::POST,
                "/site-media/v1/bulk/trash-bin/folders/restore",
                Some(json!({"folderIds": [folder]})),
                None,
            )
            .await;
        assert_eq!(s, 200);
        assert_eq!(site.get(&url, &[]).await.status(), 200);

        // Deleted for good: the bytes go with the last file that has them.
        let (s, _) = site
            .wix(
                Method::POST,
                "/site-media/v1/bulk/files/delete",
                Some(json!({"fileIds": [file], "permanent": true})),
                None,
            )
            .await;
        assert_eq!(s, 200);
        let (s, b) = site
            .wix(
                Method::GET,
                &format!("/site-media/v1/files/get-file-by-id?fileId={file}"),
                None,
                None,
            )
            .await;
        assert_eq!(
            (s, b["details"]["applicationError"]["code"].clone()),
            (404, json!("FILE_NOT_FOUND"))
        );
        let shop = site.app.store.site_by_slug("shop").await.unwrap().unwrap();
        assert_eq!(site.app.store.media_bytes(shop.id).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn private_files_are_served_only_by_signed_download_addresses() {
    for app in apps().await {
        let site = Site::new(app).await;
        let (s, up) = site
            .upload_to(
                "media-root",
                true,
                "invoice.pdf",
                "application/pdf",
                b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec(),
            )
            .await;
        assert_eq!(s, 200, "{up}");
        let file = &up["file"];
        assert_eq!(file["url"], Value::Null);
        assert_eq!(file["mediaType"], "DOCUMENT");
        let id = file["id"].as_str().unwrap();
        let res = site
            .app
            .req(Method::GET, &format!("/media/{id}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403);
        let (s, d) = site
            .wix(
                Method::POST,
                "/site-media/v1/files/generate-file-download-url",
                Some(json!({"fileId": id, "downloadFileName": "Invoice 7.pdf", "expirationInMinutes": 5})),
                None,
            )
            .await;
        assert_eq!(s, 200, "{d}");
        let url = d["downloadUrls"][0]["url"].as_str().unwrap();
        let res = site.get(url, &[]).await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .contains("Invoice%207.pdf")
        );
        assert_eq!(res.headers()["cache-control"], "private, no-store");
        assert!(res.bytes().await.unwrap().starts_with(b"%PDF"));
        let res = site.get(&url.replace("sig=", "sig=0"), &[]).await;
        assert_eq!(res.status(), 403);
        let res = site.get(&url.replace("Invoice", "Other"), &[]).await;
        assert_eq!(res.status(), 403);
    }
}

#[tokio::test]
async fn only_the_team_and_site_code_manage_media() {
    for app in apps().await {
        let site = Site::new(app).await;
        let (s, _) = site
            .visitor(
                Method::POST,
                "/site-media/v1/files/generate-upload-url",
                json!({}),
            )
            .await;
        assert_eq!(s, 403);
        let (s, _) = site
            .visitor(Method::POST, "/site-media/v1/files/search", json!({}))
            .await;
        assert_eq!(s, 403);
        let viewer = site
            .app
            .collaborator(&site.owner, "shop", "viewer@example.com", "viewer")
            .await;
        let (s, _) = site
            .wix(Method::GET, "/site-media/v1/files", None, Some(&viewer))
            .await;
        assert_eq!(s, 200);
        let (s, _) = site
            .wix(
                Method::POST,
                "/site-media/v1/files/generate-upload-url",
                Some(json!({})),
                Some(&viewer),
            )
            .await;
        assert_eq!(s, 403);
        // Paging is checked.
        let (s, b) = site
            .wix(
                Method::GET,
                "/site-media/v1/files?paging.limit=1000",
                None,
                None,
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(b["message"].as_str().unwrap().contains("paging.limit"));
    }
}

#[tokio::test]
async fn import_reads_a_url_through_the_outbound_rules() {
    for app in apps().await {
        let backend = app.backend;
        let site = Site::new(app).await;
        let (_, up) = site.upload("source.png", "image/png", png(30, 20, 5)).await;
        let url = format!(
            "http://127.0.0.1:{}/media/{}",
            site.app.addr.port(),
            up["file"]["id"].as_str().unwrap()
        );
        // Loopback is refused unless the operator allows it.
        let (s, b) = site
            .wix(
                Method::POST,
                "/site-media/v1/files/import",
                Some(json!({"url": url, "displayName": "copy.png"})),
                None,
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(b["message"].as_str().unwrap().contains("url:"), "{b}");

        let mut config = tessera_http::HttpConfig::default();
        config.platform.fetch_allow = vec![format!("127.0.0.1:{}", site.app.addr.port())];
        let node = site.app.node(config).await;
        let (s, b) = call(
            node.wix(
                Method::POST,
                "/site-media/v1/files/import",
                "shop",
                Some(&site.owner),
            )
            .json(&json!({"url": url, "displayName": "copy.png"})),
        )
        .await;
        assert_eq!(s, 200, "{backend:?}: {b}");
        assert_eq!(b["file"]["displayName"], "copy.png");
        assert_eq!(b["file"]["hash"], up["file"]["hash"], "the same bytes");
    }
}

const MEDIA_WEB: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { mediaManager } from 'wix-media-backend';
export const put = webMethod(Permissions.Anyone, async (b64, isPrivate) => {
  const info = await mediaManager.upload('/Invoices/2026', Buffer.from(b64, 'base64'), 'dot.png',
    { mediaOptions: { mimeType: 'image/png', mediaType: 'image' }, metadataOptions: { isPrivate } });
  const again = await mediaManager.getFileInfo(info.fileUrl);
  const listed = await mediaManager.listFiles({ parentFolderId: info.parentFolderId });
  const folders = await mediaManager.listFolders({});
  const download = await mediaManager.getDownloadUrl(info.fileUrl, 10);
  let url = null, refused = null;
  try { url = await mediaManager.getFileUrl(info.fileUrl); } catch (e) { refused = e.message; }
  return { info, again: again.fileName, listed: listed.length, folders: folders.map((f) => f.folderName), download, url, refused };
});
export const trash = webMethod(Permissions.Anyone, async (fileUrl) => {
  await mediaManager.moveFilesToTrash([fileUrl]);
  return (await mediaManager.listFiles({})).length;
});
export const bad = webMethod(Permissions.Anyone, async () => {
  try { await mediaManager.upload('/', 'not an image at all', 'x.png', { mediaOptions: { mimeType: 'image/png' } }); }
  catch (e) { return e.message; }
  return 'accepted';
});
"#;

#[tokio::test]
async fn site_code_uses_the_library_through_wix_media_backend() {
    use base64::Engine as _;
    for app in apps().await {
        let backend = app.backend;
        let site = Site::new(app).await;
        let (s, b) = call(
            site.app
                .req_as(Method::PUT, "/api/v1/sites/shop/code", &site.owner)
                .json(&json!({ "files": { "backend/media.web.js": MEDIA_WEB } })),
        )
        .await;
        assert_eq!(s, 201, "{b}");
        let (s, b) = call(
            site.app
                .req_as(Method::POST, "/api/v1/sites/shop/code/publish", &site.owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let web = |name: &'static str, args: Value| {
            let req = site
                .app
                .req_host(
                    Method::POST,
                    &site.host(),
                    &format!("/_api/webmethods/backend/media.web.js/{name}"),
                )
                .json(&args);
            async move {
                let (s, b) = call(req).await;
                assert_eq!(s, 200, "{name}: {b}");
                b["result"].clone()
            }
        };
        let b64 = base64::engine::general_purpose::STANDARD.encode(png(12, 8, 1));
        let public = web("put", json!([b64, false])).await;
        let info = &public["info"];
        assert!(
            info["fileUrl"]
                .as_str()
                .unwrap()
                .starts_with("wix:image://v1/")
                && info["fileUrl"]
                    .as_str()
                    .unwrap()
                    .ends_with("#originWidth=12&originHeight=8"),
            "{public}"
        );
        assert_eq!(info["mediaType"], "image");
        assert_eq!(public["again"], info["fileName"]);
        assert_eq!(public["listed"], 1);
        assert_eq!(public["folders"], json!(["Invoices"]));
        let url = public["url"].as_str().unwrap();
        assert_eq!(site.get(url, &[]).await.status(), 200, "{backend:?}");

        let private = web("put", json!([b64, true])).await;
        assert_eq!(private["url"], Value::Null);
        assert!(
            private["refused"]
                .as_str()
                .unwrap()
                .contains("getDownloadUrl"),
            "{private}"
        );
        let download = private["download"].as_str().unwrap();
        assert_eq!(site.get(download, &[]).await.status(), 200);

        let left = web("trash", json!([info["fileUrl"]])).await;
        assert_eq!(left, 0, "nothing left in the root");
        assert_eq!(site.get(url, &[]).await.status(), 404);
        let refused = web("bad", json!([])).await;
        assert!(refused.as_str().unwrap().contains("file"), "{refused}");
    }
}

impl Site {
    /// Saves `doc` as the site's draft (over whatever revision it has).
    async fn save(&self, doc: &Value) {
        let path = "/api/v1/sites/shop/document";
        let (_, current) = call(self.app.req_as(Method::GET, path, &self.owner)).await;
        let revision = current["revision"].as_i64().unwrap_or(0);
        let (s, b) = call(
            self.app
                .req_as(Method::PUT, path, &self.owner)
                .json(&json!({"revision": revision, "document": doc})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }

    async fn publish(&self) {
        let (s, b) = call(
            self.app
                .req_as(Method::POST, "/api/v1/sites/shop/publish", &self.owner)
                .json(&json!({})),
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }

    async fn usage(&self, id: &str, who: Option<&str>) -> (u16, Value) {
        self.wix(
            Method::GET,
            &format!("/site-media/v1/files/{id}/usage"),
            None,
            who,
        )
        .await
    }
}

/// Pages (`id`, draft, published) of a usage answer, sorted.
fn pages_of(usage: &Value) -> Vec<(String, bool, bool)> {
    let mut pages: Vec<(String, bool, bool)> = usage["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["pageId"].as_str().unwrap().to_string(),
                p["draft"].as_bool().unwrap(),
                p["published"].as_bool().unwrap(),
            )
        })
        .collect();
    pages.sort();
    pages
}

/// Items (`collection`, field, title) of a usage answer, sorted.
fn items_of(usage: &Value) -> Vec<(String, String, String)> {
    let mut items: Vec<(String, String, String)> = usage["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert!(!i["itemId"].as_str().unwrap().is_empty(), "{i}");
            (
                i["collectionId"].as_str().unwrap().to_string(),
                i["field"].as_str().unwrap().to_string(),
                i["title"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    items.sort();
    items
}

#[tokio::test]
async fn usage_names_the_pages_and_items_that_show_a_file() {
    for backend in backends() {
        let app = TestApp::spawn_media(backend, None, BIG, BIG).await;
        let site = Site::new(app).await;
        let (s, b) = site.upload("cat.png", "image/png", png(40, 30, 1)).await;
        assert_eq!(s, 200, "{b}");
        let cat = b["file"]["id"].as_str().unwrap().to_string();
        let (s, b) = site.upload("dog.png", "image/png", png(40, 30, 2)).await;
        assert_eq!(s, 200, "{b}");
        let dog = b["file"]["id"].as_str().unwrap().to_string();

        // Nowhere yet.
        let (s, b) = site.usage(&cat, None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["pages"], json!([]), "{b}");
        assert_eq!(b["items"], json!([]), "{b}");
        assert_eq!(b["truncated"], false, "{b}");

        // On the home page of the draft, and as the site's social image.
        let doc = |home: Value, about: Value| {
            json!({"schemaVersion": 1,
            "settings": {"name": "Shop", "socialImage": format!("wix:image://v1/{cat}/cat.png#originWidth=40&originHeight=30")},
            "pages": [
                {"id": "home", "title": "Home", "path": "/", "sections": [home]},
                {"id": "about", "title": "About", "path": "/about", "sections": [about]},
            ]})
        };
        let photo = json!({"id": "s1", "type": "section", "children": [
            {"id": "photo", "type": "image", "props": {"src": format!("/media/{cat}"), "alt": "", "width": 400, "height": 300}}
        ]});
        let plain = |id: &str| json!({"id": id, "type": "section", "children": []});
        site.save(&doc(photo.clone(), plain("s2"))).await;
        let (s, b) = site.usage(&cat, None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(pages_of(&b), vec![("home".into(), true, false)], "{b}");
        assert_eq!(b["pages"][0]["title"], "Home");
        assert_eq!(b["pages"][0]["path"], "/");
        assert_eq!(
            b["site"],
            json!([{"place": "socialImage", "draft": true, "published": false}])
        );

        // Published; then the draft moves it to the about page's background.
        site.publish().await;
        let background = json!({"id": "s2", "type": "section",
            "props": {"backgroundImage": format!("/media/{cat}")}, "children": []});
        site.save(&doc(plain("s1"), background)).await;
        let (s, b) = site.usage(&cat, None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(
            pages_of(&b),
            vec![("about".into(), true, false), ("home".into(), false, true)],
            "{b}"
        );

        // In a CMS item and in a product's media.
        let owner = Some(site.owner.as_str());
        let (s, b) = call(
            site.app
                .wix(Method::POST, "/wix-data/v2/collections", "shop", owner)
                .json(&json!({"collection": {"id": "Pets"}})),
        )
        .await;
        assert!(s == 200 || s == 201, "{b}");
        for (id, title, photo) in [
            (
                "p1",
                "Tom",
                format!("wix:image://v1/{cat}/cat.png#originWidth=40&originHeight=30"),
            ),
            ("p2", "Rex", format!("/media/{dog}")),
        ] {
            let (s, b) = call(
                site.app
                    .wix(Method::POST, "/wix-data/v2/items", "shop", owner)
                    .json(&json!({"dataCollectionId": "Pets",
                        "dataItem": {"id": id, "data": {"title": title, "photo": photo}}})),
            )
            .await;
            assert_eq!(s, 200, "{b}");
        }
        let (s, b) = site
            .wix(
                Method::POST,
                "/stores/v1/products",
                Some(
                    json!({"product": {"name": "Cat poster", "priceData": {"price": 5},
                    "media": {"items": [{"mediaId": cat}]}}}),
                ),
                None,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = site.usage(&cat, None).await;
        assert_eq!(s, 200, "{b}");
        let items = items_of(&b);
        assert!(
            items.contains(&("Pets".into(), "photo".into(), "Tom".into())),
            "{b}"
        );
        assert!(
            items.contains(&(
                "Stores/Products".into(),
                "media".into(),
                "Cat poster".into()
            )),
            "{b}"
        );
        assert!(
            items.iter().all(|(_, _, title)| title != "Rex"),
            "the other file's item is not this one's: {b}"
        );
        assert_eq!(b["truncated"], false, "{b}");
        assert!(b["itemsScanned"].as_u64().unwrap() >= 3, "{b}");

        // The other file: only its own item; an unknown file: 404.
        let (s, b) = site.usage(&dog, None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["pages"], json!([]), "{b}");
        assert_eq!(
            items_of(&b),
            vec![("Pets".into(), "photo".into(), "Rex".into())]
        );
        let (s, _) = site.usage(&cat.replace("~mv2", "0~mv2"), None).await;
        assert_eq!(s, 404);

        // The team reads it; visitors and members do not.
        let viewer = site
            .app
            .collaborator(&site.owner, "shop", "viewer@example.com", "viewer")
            .await;
        let (s, b) = site.usage(&cat, Some(&viewer)).await;
        assert_eq!(s, 200, "{b}");
        let path = format!("/site-media/v1/files/{cat}/usage");
        let (s, _) = call(site.app.wix(Method::GET, &path, "shop", None)).await;
        assert_eq!(s, 403);
        let (s, _) = call(site.app.wix_member(Method::GET, &path, "shop", "ann").await).await;
        assert_eq!(s, 403);

        // Trashed, it still answers (that is when one asks).
        let (s, b) = site
            .wix(
                Method::POST,
                "/site-media/v1/bulk/files/delete",
                Some(json!({"fileIds": [cat]})),
                None,
            )
            .await;
        assert_eq!(s, 200, "{b}");
        let (s, b) = site.usage(&cat, None).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(pages_of(&b).len(), 2, "{b}");
    }
}

/// Crop offsets come in steps, but a large image still has thousands of crops: a file keeps at
/// most 64, so no one fills the storage with them. Those kept are still served; a new one past
/// the limit is refused with the limit named; fills and fits are not counted.
#[tokio::test]
async fn a_file_keeps_a_bounded_number_of_crops() {
    for app in apps().await {
        let backend = app.backend;
        let site = Site::new(app).await;
        let (s, a) = site.upload("wide.png", "image/png", png(1100, 40, 3)).await;
        assert_eq!(s, 200, "{a}");
        let url = a["file"]["url"].as_str().unwrap().to_string();
        let crop = |x: u32| format!("{url}/v1/crop/w_16,h_16,x_{x},y_0/wide.png");
        for n in 0..64 {
            let res = site.get(&crop(n * 16), &[]).await;
            assert_eq!(res.status(), 200, "{backend:?}: crop {n}");
        }
        let res = site.get(&crop(64 * 16), &[]).await;
        assert_eq!(res.status(), 413, "{backend:?}");
        let body: Value = res.json().await.unwrap();
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("64 crop variants"),
            "{body}"
        );
        // What is kept is served, and other kinds of variant are not limited by it.
        assert_eq!(site.get(&crop(0), &[]).await.status(), 200);
        let fill = format!("{url}/v1/fill/w_64,h_32,q_80/wide.png");
        assert_eq!(site.get(&fill, &[]).await.status(), 200);
    }
}

/// A deleted site's files leave the media storage with it (folder and S3 alike).
#[tokio::test]
async fn a_deleted_sites_files_leave_the_storage() {
    for app in apps().await {
        let backend = app.backend;
        let site = Site::new(app).await;
        let (s, a) = site.upload("cat.png", "image/png", png(64, 48, 9)).await;
        assert_eq!(s, 200, "{a}");
        let hash = a["file"]["hash"].as_str().unwrap().to_string();
        let url = a["file"]["url"].as_str().unwrap().to_string();
        let fill = format!("{url}/v1/fill/w_32,h_32,q_80/cat.png");
        assert_eq!(site.get(&fill, &[]).await.status(), 200);
        let shop = site.app.store.site_by_slug("shop").await.unwrap().unwrap();
        let platform = site.app.state.platform();
        let media = platform
            .modules()
            .iter()
            .find_map(|m| (m.as_ref() as &dyn std::any::Any).downcast_ref::<tessera_media::Media>())
            .expect("the media module");
        let storage = &media.config().storage;
        // The original and its variant.
        assert_eq!(
            storage.variant_count(shop.id, &hash, "").await.unwrap(),
            2,
            "{backend:?}"
        );
        let (s, b) = call(
            site.app
                .req_as(Method::DELETE, "/api/v1/sites/shop", &site.owner),
        )
        .await;
        assert_eq!(s, 204, "{b}");
        assert_eq!(
            storage.variant_count(shop.id, &hash, "").await.unwrap(),
            0,
            "{backend:?}"
        );
    }
}
