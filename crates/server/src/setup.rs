//! First-run setup: the owner account from `tessera init`, and the `--demo` seed.

use anyhow::Context;
use tessera_core::{
    DataStore, Error, Store,
    accounts::{Account, AccountToken, TokenKind},
    data::{AccessLevel, Collection, Field, FieldType, Index, Item, Permissions},
    ids::{AccountId, SiteId},
    now_millis,
    secrets::{SecretKind, hash_password, new_secret},
    sites::Site,
    validate,
};

pub const DEMO_EMAIL: &str = "demo@tessera.local";
pub const DEMO_PASSWORD: &str = "tessera-demo";
pub const DEMO_SLUG: &str = "demo";

async fn create_account(
    store: &dyn Store,
    email: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<Account> {
    let email = validate::email(email)?;
    let name = validate::name("name", name)?;
    validate::password(password)?;
    let account = Account {
        id: AccountId::new(),
        email,
        name,
        created_at: now_millis(),
    };
    store
        .create_account(&account, &hash_password(password)?)
        .await?;
    Ok(account)
}

/// Creates an owner account and returns a new account API key for it.
pub async fn init_owner(
    store: &dyn Store,
    email: &str,
    name: &str,
    password: &str,
) -> anyhow::Result<String> {
    let account = create_account(store, email, name, password)
        .await
        .map_err(|e| match e.downcast::<Error>() {
            Ok(Error::Conflict { .. }) => {
                anyhow::anyhow!("an account with the email {email} exists already")
            }
            Ok(other) => other.into(),
            Err(other) => other,
        })?;
    let secret = new_secret(SecretKind::AccountKey);
    store
        .create_token(&AccountToken {
            hash: secret.hash,
            account_id: account.id,
            kind: TokenKind::ApiKey,
            label: "created by tessera init".into(),
            created_at: now_millis(),
            expires_at: None,
        })
        .await?;
    Ok(secret.plaintext)
}

/// The demo site's `Cakes` collection: something to query right away.
async fn seed_cakes(store: &dyn DataStore, site: &Site, owner: &Account) -> anyhow::Result<()> {
    let now = now_millis();
    let cakes = Collection {
        site_id: site.id,
        id: "Cakes".into(),
        display_name: "Cakes".into(),
        display_field: Some("name".into()),
        fields: vec![
            Field::new("name", FieldType::Text),
            Field::new("price", FieldType::Number),
            Field::new("tags", FieldType::ArrayString),
        ],
        permissions: Permissions {
            read: AccessLevel::Anyone,
            ..Permissions::default()
        },
        indexes: vec![Index {
            name: "by_price".into(),
            fields: vec!["price".into()],
            unique: false,
        }],
        revision: 1,
        created_at: now,
        updated_at: now,
        show_drafts: false,
    };
    store.create_collection(&cakes).await?;
    let items: Vec<Item> = [
        ("Carrot cake", 24, vec!["vegan"]),
        ("Cheesecake", 32, vec![]),
        ("Lemon tart", 18, vec!["vegan", "citrus"]),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, price, tags))| {
        let data = serde_json::json!({ "name": name, "price": price, "tags": tags });
        Item {
            id: format!("cake-{}", i + 1),
            owner: Some(owner.id.to_string()),
            created_at: now + i as i64,
            updated_at: now + i as i64,
            data: data.as_object().cloned().unwrap_or_default(),
        }
    })
    .collect();
    store.insert_items(&cakes, &items).await?;
    Ok(())
}

/// The demo blog's `Posts` collection, read by the home, journal and story pages.
async fn seed_posts(store: &dyn DataStore, site: &Site, owner: &Account) -> anyhow::Result<()> {
    let now = now_millis();
    let posts = Collection {
        site_id: site.id,
        id: "Posts".into(),
        display_name: "Posts".into(),
        display_field: Some("title".into()),
        fields: vec![
            Field {
                unique: true,
                required: true,
                ..Field::new("slug", FieldType::Text)
            },
            Field::new("title", FieldType::Text),
            Field::new("excerpt", FieldType::Text),
            Field::new("author", FieldType::Text),
            Field::new("publishedDate", FieldType::Datetime),
            Field::new("coverImage", FieldType::Image),
            Field::new("body", FieldType::RichText),
        ],
        permissions: Permissions {
            read: AccessLevel::Anyone,
            ..Permissions::default()
        },
        indexes: vec![Index {
            name: "by_date".into(),
            fields: vec!["publishedDate".into()],
            unique: false,
        }],
        revision: 1,
        created_at: now,
        updated_at: now,
        show_drafts: false,
    };
    store.create_collection(&posts).await?;
    let raw: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(include_str!("demo/posts.json"))?;
    let mut items = Vec::new();
    for (i, data) in raw.into_iter().enumerate() {
        items.push(Item {
            id: format!("post-{}", i + 1),
            owner: Some(owner.id.to_string()),
            created_at: now + i as i64,
            updated_at: now + i as i64,
            data: tessera_core::data::item::prepare(&posts, data)?,
        });
    }
    store.insert_items(&posts, &items).await?;
    Ok(())
}

/// The demo site's pages: saved as the draft and published as version 1.
async fn seed_pages(store: &dyn Store, site: &Site, owner: &Account) -> anyhow::Result<()> {
    let document = include_str!("demo/site.json");
    tessera_render::Document::parse(document.as_bytes()).context("the demo site document")?;
    let by = owner.id.to_string();
    let revision = store.put_draft(site.id, document, 0, &by).await?;
    store
        .publish_version(site.id, document, revision, None, &by)
        .await?;
    // Offline, nobody could read a confirmation email: demo members log in at once.
    let members = tessera_core::members::MemberSettings {
        verify_email: false,
        ..Default::default()
    };
    store.put_member_settings(site.id, &members).await?;
    Ok(())
}

/// Seeds the demo owner and demo site unless the demo account exists; prints how to log in.
pub async fn seed_demo(
    store: &dyn Store,
    public_url: &str,
    dashboard_host: &str,
) -> anyhow::Result<()> {
    if store.account_by_email(DEMO_EMAIL).await?.is_none() {
        let account = create_account(store, DEMO_EMAIL, "Demo Owner", DEMO_PASSWORD).await?;
        let site = Site {
            id: SiteId::new(),
            slug: DEMO_SLUG.into(),
            name: "Demo Bakery".into(),
            created_at: now_millis(),
        };
        store
            .create_site(&site, account.id)
            .await
            .context("creating the demo site")?;
        seed_cakes(store, &site, &account)
            .await
            .context("creating the demo collection")?;
    }
    // Data directories made before the demo had pages get them now.
    if let (Some(site), Some((account, _))) = (
        store.site_by_slug(DEMO_SLUG).await?,
        store.account_by_email(DEMO_EMAIL).await?,
    ) && store.published_version(site.id).await?.is_none()
        && store.draft(site.id).await?.is_none()
    {
        if store.collection(site.id, "Posts").await?.is_none() {
            seed_posts(store, &site, &account)
                .await
                .context("creating the demo blog")?;
        }
        seed_pages(store, &site, &account)
            .await
            .context("publishing the demo pages")?;
    }
    let port = public_url
        .rsplit_once(':')
        .map(|(_, p)| p.trim_end_matches('/'))
        .filter(|p| p.bytes().all(|b| b.is_ascii_digit()));
    let site_url = match port {
        Some(p) => format!("http://{DEMO_SLUG}.{dashboard_host}:{p}/"),
        None => format!("http://{DEMO_SLUG}.{dashboard_host}/"),
    };
    println!("Demo ready.");
    println!("  Dashboard: {public_url}");
    println!("  Log in:    {DEMO_EMAIL} / {DEMO_PASSWORD}");
    println!(
        "  Demo site: {site_url}  (blog: {site_url}blog, data: {site_url}wix-data/v2/items/query)"
    );
    println!(
        "  Try:       curl -s -X POST {}/api/v1/auth/login -H 'content-type: application/json' -d '{{\"email\":\"{DEMO_EMAIL}\",\"password\":\"{DEMO_PASSWORD}\"}}'",
        public_url.trim_end_matches('/')
    );
    Ok(())
}

/// The key that seals sites' secrets: given, or read from `<data dir>/secret.key`, which is
/// created (readable by this user only) on first start.
pub fn secret_key(cfg: &crate::config::Serve) -> anyhow::Result<tessera_core::vault::SecretKey> {
    use anyhow::Context;
    use tessera_core::vault::SecretKey;
    if let Some(text) = &cfg.secret_key {
        return SecretKey::from_base64(text).map_err(|e| anyhow::anyhow!("--secret-key {e}"));
    }
    let path = cfg.storage.data_dir.join("secret.key");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            SecretKey::from_base64(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = SecretKey::generate();
            std::fs::create_dir_all(&cfg.storage.data_dir)?;
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(&path)
                .with_context(|| format!("creating {}", path.display()))?;
            std::io::Write::write_all(&mut file, key.to_base64().as_bytes())?;
            tracing::info!(path = %path.display(), "created the key that seals sites' secrets; keep it with the database");
            Ok(key)
        }
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Refuses to serve with a key other than the one this database's secrets were sealed with
/// (the first node's): secrets, form tokens and signed cursors would not open on this node.
pub async fn check_secret_key(
    store: &dyn tessera_core::Store,
    key: &tessera_core::vault::SecretKey,
    cfg: &crate::config::Serve,
) -> anyhow::Result<()> {
    if key.opens(store).await? {
        return Ok(());
    }
    let source = match &cfg.secret_key {
        Some(_) => "the key set with --secret-key (TESSERA_SECRET_KEY)".to_string(),
        None => format!(
            "the key in {}",
            cfg.storage.data_dir.join("secret.key").display()
        ),
    };
    anyhow::bail!(
        "{source} is not the key this database's secrets were sealed with (another node's). \
         Every node of one database needs the same key: copy secret.key from the data folder \
         of the first node into this node's data folder, or set --secret-key \
         (TESSERA_SECRET_KEY) to its contents, then start again"
    )
}
