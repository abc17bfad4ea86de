//! First-run setup: the owner account from `tessera init`, and the `--demo` seed.

use anyhow::Context;
use tessera_core::{
    Error, Store,
    accounts::{Account, AccountToken, TokenKind},
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
    println!("  Demo site: {site_url}");
    println!(
        "  Try:       curl -s -X POST {}/api/v1/auth/login -H 'content-type: application/json' -d '{{\"email\":\"{DEMO_EMAIL}\",\"password\":\"{DEMO_PASSWORD}\"}}'",
        public_url.trim_end_matches('/')
    );
    Ok(())
}
