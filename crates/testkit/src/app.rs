//! `TestApp`: the real HTTP app on a free port over a fresh database.

use std::{net::SocketAddr, sync::Arc};

use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};
use tessera_core::{
    Store,
    accounts::{Account, AccountToken, TokenKind},
    ids::AccountId,
    members::{Member, MemberStatus},
    now_millis,
    secrets::{SecretKind, hash_password, new_secret},
    store::Backend,
};
use tessera_http::{AppState, ConnectionLimits, HttpConfig};

use crate::TestDb;

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Arc<dyn Store>,
    pub backend: Backend,
    /// The app's shared state, e.g. to subscribe to its event bus.
    pub state: AppState,
    client: reqwest::Client,
    db: Arc<TestDb>,
    /// The modules it serves, for other nodes of the same deployment (same media storage).
    modules: Vec<Arc<dyn tessera_platform::module::Module>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, HttpConfig::default()).await
    }

    pub async fn spawn_with(backend: Backend, config: HttpConfig) -> Self {
        Self::spawn_limited(backend, config, ConnectionLimits::default()).await
    }

    /// The app served under `limits` on its connections.
    pub async fn spawn_limited(
        backend: Backend,
        config: HttpConfig,
        limits: ConnectionLimits,
    ) -> Self {
        let db = Arc::new(TestDb::new(backend).await.expect("fresh database"));
        Self::serve(db, backend, config, limits).await
    }

    /// The app with one more module beside the binary's (a test's own).
    pub async fn spawn_with_module(
        backend: Backend,
        module: Arc<dyn tessera_platform::module::Module>,
    ) -> Self {
        let db = Arc::new(TestDb::new(backend).await.expect("fresh database"));
        let mut modules = modules(&db.media_url);
        modules.push(module);
        Self::serve_modules(db, backend, Default::default(), Default::default(), modules).await
    }

    /// The app with its media at `media_url` (None: a fresh folder) and limits of its own:
    /// the largest file and each site's quota, in bytes.
    pub async fn spawn_media(
        backend: Backend,
        media_url: Option<&str>,
        max_file: u64,
        quota: u64,
    ) -> Self {
        let db = Arc::new(TestDb::new(backend).await.expect("fresh database"));
        let url = media_url.unwrap_or(&db.media_url);
        let storage = tessera_media::Storage::open(url).expect("media storage opens");
        let modules: Vec<Arc<dyn tessera_platform::module::Module>> = vec![
            Arc::new(tessera_crm::Crm),
            Arc::new(tessera_media::Media::new(tessera_media::MediaConfig {
                max_file_bytes: max_file,
                site_quota_bytes: quota,
                ..tessera_media::MediaConfig::new(storage)
            })),
            Arc::new(stores()),
            Arc::new(tessera_bookings::Bookings::default()),
            Arc::new(tessera_automations::Automations::default()),
            Arc::new(tessera_analytics::Analytics::default()),
        ];
        Self::serve_modules(
            db,
            backend,
            HttpConfig::default(),
            ConnectionLimits::default(),
            modules,
        )
        .await
    }

    /// Another server node on this one's database, served on its own port, with its own
    /// connections, caches and JavaScript engine. Give it this node's `secret_key` in
    /// `config` to share secrets, as the nodes of one deployment do.
    pub async fn node(&self, config: HttpConfig) -> Self {
        Self::serve_modules(
            Arc::clone(&self.db),
            self.backend,
            config,
            ConnectionLimits::default(),
            self.modules.clone(),
        )
        .await
    }

    async fn serve(
        db: Arc<TestDb>,
        backend: Backend,
        config: HttpConfig,
        limits: ConnectionLimits,
    ) -> Self {
        let modules = modules(&db.media_url);
        Self::serve_modules(db, backend, config, limits, modules).await
    }

    async fn serve_modules(
        db: Arc<TestDb>,
        backend: Backend,
        config: HttpConfig,
        limits: ConnectionLimits,
        modules: Vec<Arc<dyn tessera_platform::module::Module>>,
    ) -> Self {
        let store = db.store().await.expect("store opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let state = AppState::new(Arc::clone(&store), config, modules.clone()).expect("app state");
        let app = tessera_http::app(state.clone());
        tokio::spawn(tessera_http::serve(
            listener,
            app,
            limits,
            std::future::pending(),
        ));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            addr,
            store,
            backend,
            state,
            client,
            db,
            modules,
        }
    }

    /// The state of another server node on the same database: its own connections, caches
    /// and JavaScript engine.
    pub async fn second_node(&self) -> AppState {
        let store = self.db.store().await.expect("store opens");
        AppState::new(store, HttpConfig::default(), self.modules.clone()).expect("app state")
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A request to the dashboard host.
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("host", format!("localhost:{}", self.addr.port()))
    }

    /// A request with a credential.
    pub fn req_as(&self, method: Method, path: &str, secret: &str) -> RequestBuilder {
        self.req(method, path).bearer_auth(secret)
    }

    /// A Wix-compatible call (`/wix-data/v2/...`) to `site` on the dashboard host, as the SDK
    /// makes it with an API key; `secret` None calls as an anonymous visitor.
    pub fn wix(
        &self,
        method: Method,
        path: &str,
        site: &str,
        secret: Option<&str>,
    ) -> RequestBuilder {
        let req = self.req(method, path).header("wix-site-id", site);
        match secret {
            Some(s) => req.header("authorization", s),
            None => req,
        }
    }

    /// A Wix-compatible call to the site with slug `site`, on its own host, as its member
    /// `member` (made on first use, see `member_cookie`).
    pub async fn wix_member(
        &self,
        method: Method,
        path: &str,
        site: &str,
        member: &str,
    ) -> RequestBuilder {
        let cookie = self.member_cookie(site, member, &[]).await;
        self.req_host(
            method,
            &format!("{site}.localhost:{}", self.addr.port()),
            path,
        )
        .header("cookie", cookie)
    }

    /// A `Cookie` header that signs in as member `id` of the site with slug `site`, with
    /// `roles`: the member (`<id>@members.test`, approved and verified) is created straight in
    /// the store if it does not exist yet, and given a new session.
    pub async fn member_cookie(&self, site: &str, id: &str, roles: &[&str]) -> String {
        let site = self
            .store
            .site_by_slug(site)
            .await
            .unwrap()
            .expect("site exists");
        let now = now_millis();
        let member = Member {
            site_id: site.id,
            id: id.into(),
            email: format!("{id}@members.test"),
            status: MemberStatus::Approved,
            email_verified: true,
            roles: roles.iter().map(|r| r.to_string()).collect(),
            profile: Default::default(),
            contact_id: None,
            created_at: now,
            updated_at: now,
            last_login_at: None,
        };
        match self.store.member(site.id, id).await.unwrap() {
            Some(_) => self.store.update_member(&member).await.unwrap(),
            None => self
                .store
                .create_member(&member, &hash_password("password123").unwrap())
                .await
                .unwrap(),
        }
        let secret = new_secret(SecretKind::Member);
        self.store
            .create_member_session(site.id, &secret.hash, id, now + 3_600_000)
            .await
            .unwrap();
        format!("tessera_member={}", secret.plaintext)
    }

    /// A request addressed to `host` (a site's subdomain or custom domain).
    pub fn req_host(&self, method: Method, host: &str, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header("host", host)
    }

    /// A request to `host` sent from the local address `from` (any of 127.0.0.0/8): another
    /// client as the server sees it.
    pub fn req_from(
        &self,
        from: std::net::IpAddr,
        method: Method,
        host: &str,
        path: &str,
    ) -> RequestBuilder {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(from)
            .build()
            .expect("client")
            .request(method, self.url(path))
            .header("host", host)
    }

    /// What a browser holds after loading the page `path` on `host`: the form cookie (a
    /// `Cookie` header value) and the token the page's forms carry in `_csrf`.
    pub async fn form_pass(&self, host: &str, path: &str) -> (String, String) {
        let res = self.req_host(Method::GET, host, path).send().await.unwrap();
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("tessera_visitor="))
            .map(|v| v.split(';').next().unwrap().to_string())
            .expect("the page sets a form cookie");
        let html = res.text().await.unwrap();
        let marker = "name=\"_csrf\" value=\"";
        let start = html.find(marker).expect("the page has a form token") + marker.len();
        let token = html[start..].split('"').next().unwrap().to_string();
        (cookie, token)
    }

    /// Creates an account straight in the store and returns it with a session token.
    pub async fn account(&self, email: &str) -> (Account, String) {
        let account = Account {
            id: AccountId::new(),
            email: email.into(),
            name: email.into(),
            created_at: now_millis(),
        };
        self.store
            .create_account(&account, &hash_password("password123").unwrap())
            .await
            .unwrap();
        let secret = new_secret(SecretKind::Session);
        let token = AccountToken {
            hash: secret.hash,
            account_id: account.id,
            kind: TokenKind::Session,
            label: "test".into(),
            created_at: now_millis(),
            expires_at: None,
        };
        self.store.create_token(&token).await.unwrap();
        (account, secret.plaintext)
    }

    /// Creates a site owned by the holder of `token`; returns its JSON view.
    pub async fn site(&self, token: &str, slug: &str) -> Value {
        let res = self
            .req_as(Method::POST, "/api/v1/sites", token)
            .json(&json!({ "slug": slug, "name": format!("Site {slug}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "creating site {slug}");
        res.json().await.unwrap()
    }

    /// Adds `email` (a new account) to `site` with `role`; returns the account's session token.
    pub async fn collaborator(
        &self,
        owner_token: &str,
        site: &str,
        email: &str,
        role: &str,
    ) -> String {
        let (account, token) = self.account(email).await;
        let invite: Value = self
            .req_as(
                Method::POST,
                &format!("/api/v1/sites/{site}/invites"),
                owner_token,
            )
            .json(&json!({ "email": account.email, "role": role }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let secret = invite["token"].as_str().expect("invite token");
        let res = self
            .req_as(
                Method::POST,
                &format!("/api/v1/invites/{secret}/accept"),
                &token,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204, "accepting invite");
        token
    }
}

/// A response's status and JSON body (`null` when the body is not JSON).
pub async fn call(req: RequestBuilder) -> (u16, Value) {
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body)
}

/// The store, paying through `TESSERA_TEST_STRIPE_URL` (localstripe) when it is set.
fn stores() -> tessera_stores::Stores {
    let mut config = tessera_stores::StoresConfig::default();
    if let Some(url) = stripe_url() {
        config.stripe_api_url = url;
    }
    tessera_stores::Stores::new(config)
}

/// The Stripe stand-in the test command starts (localstripe), if any.
pub fn stripe_url() -> Option<String> {
    std::env::var("TESSERA_TEST_STRIPE_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// The business modules, as the `tessera` binary has them, with media files at `media_url`.
pub fn modules(media_url: &str) -> Vec<Arc<dyn tessera_platform::module::Module>> {
    let storage = tessera_media::Storage::open(media_url).expect("media storage opens");
    vec![
        Arc::new(tessera_crm::Crm),
        Arc::new(tessera_media::Media::new(tessera_media::MediaConfig::new(
            storage,
        ))),
        Arc::new(stores()),
        Arc::new(tessera_plans::Plans),
        Arc::new(tessera_bookings::Bookings::default()),
        Arc::new(tessera_automations::Automations::default()),
        Arc::new(tessera_search::Search::default()),
        Arc::new(tessera_analytics::Analytics::default()),
    ]
}
