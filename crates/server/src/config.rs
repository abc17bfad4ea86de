//! Configuration layering: built-in defaults < `tessera.toml` < `TESSERA_*` environment
//! variables < command-line flags. clap reads flags and the environment; the file fills what
//! both left unset.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use serde::Deserialize;

/// Where the data lives; shared by every command that opens the database.
#[derive(Args, Debug, Clone, Default)]
pub struct StorageArgs {
    /// Folder for the embedded SQLite database and local media [default: ./tessera-data]
    #[arg(long, env = "TESSERA_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: postgres://… for PostgreSQL; unset means SQLite in the data folder
    #[arg(long, env = "TESSERA_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Configuration file [default: ./tessera.toml, if present]
    #[arg(long, env = "TESSERA_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "TESSERA_LISTEN")]
    pub listen: Option<String>,
    /// Host name of the dashboard; sites are served at <slug>.<host> [default: localhost]
    #[arg(long, env = "TESSERA_DASHBOARD_HOST")]
    pub dashboard_host: Option<String>,
    /// Public base URL of the dashboard, used in links [default: http://<dashboard host>:<port>]
    #[arg(long, env = "TESSERA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Log format: text or json [default: text]
    #[arg(long, env = "TESSERA_LOG_FORMAT")]
    pub log_format: Option<String>,
    /// Largest accepted request body, in bytes [default: 2097152]
    #[arg(long, env = "TESSERA_BODY_LIMIT")]
    pub body_limit: Option<usize>,
    /// Longest a request may take, in seconds [default: 30]
    #[arg(long, env = "TESSERA_REQUEST_TIMEOUT")]
    pub request_timeout: Option<u64>,
    /// Seconds a client has to send a request's headers, counted from when the server waits
    /// for them; also closes a kept-alive connection idle that long [default: 10]
    #[arg(long, env = "TESSERA_HEADER_READ_TIMEOUT")]
    pub header_read_timeout: Option<u64>,
    /// Connections open at once; past it new ones are closed at once [default: 8192]
    #[arg(long, env = "TESSERA_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Connections open at once from one client address [default: 256]
    #[arg(long, env = "TESSERA_MAX_CONNECTIONS_PER_CLIENT")]
    pub max_connections_per_client: Option<usize>,
    /// Reverse proxies (addresses or networks, comma-separated, e.g. `127.0.0.1,10.0.0.0/8`)
    /// whose `X-Forwarded-For` names the client, for login throttles and rate limits; from
    /// others the header is ignored [default: none]
    #[arg(long, env = "TESSERA_TRUSTED_PROXIES", value_delimiter = ',', value_parser = proxy)]
    pub trusted_proxies: Vec<tessera_http::IpNet>,
    /// Memory, in MB, that sites' code running at once may take over all sites: each running
    /// call reserves its 64 MB quota; past it, calls wait up to 2 s, then answer 503
    /// [default: half the machine's memory]
    #[arg(long, env = "TESSERA_JS_MEMORY_BUDGET")]
    pub js_memory_budget: Option<usize>,
    /// Seed a demo owner account and demo site (once) and print how to log in
    #[arg(long, env = "TESSERA_DEMO")]
    pub demo: bool,
    /// Private or loopback hosts (`host` or `host:port`, comma-separated) that sites' code
    /// may fetch from; all others are refused [default: none]
    #[arg(long, env = "TESSERA_FETCH_ALLOW", value_delimiter = ',')]
    pub fetch_allow: Vec<String>,
    /// Key (base64, 32 bytes) that seals sites' secrets; every node of one database needs
    /// the same [default: <data dir>/secret.key, created on first start]
    #[arg(long, env = "TESSERA_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// SMTP relay for sites' email, e.g. smtp://user:pass@mail.example.com:587?tls=required
    /// or smtps://…:465; without one, email stays in each site's outbox [default: none]
    #[arg(long, env = "TESSERA_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of sites' email [default: Tessera <no-reply@<dashboard host>>]
    #[arg(long, env = "TESSERA_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Where sites' code verifies reCAPTCHA tokens (wix-captcha-backend)
    /// [default: https://www.google.com/recaptcha/api/siteverify]
    #[arg(long, env = "TESSERA_CAPTCHA_VERIFY_URL")]
    pub captcha_verify_url: Option<String>,
    /// The reCAPTCHA secret key the verifier knows this server by; without one, authorize()
    /// fails [default: none]
    #[arg(long, env = "TESSERA_CAPTCHA_SECRET", hide_env_values = true)]
    pub captcha_secret: Option<String>,
    /// Where sites' media files live: a folder, or s3://bucket/prefix for any S3-compatible
    /// store (endpoint and credentials from AWS_ENDPOINT, AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY, AWS_REGION; AWS_ALLOW_HTTP=true for plain http)
    /// [default: <data dir>/media]
    #[arg(long, env = "TESSERA_MEDIA_URL")]
    pub media_url: Option<String>,
    /// Largest media file accepted, in MB [default: 100]
    #[arg(long, env = "TESSERA_MEDIA_MAX_FILE_MB")]
    pub media_max_file_mb: Option<u64>,
    /// What each site's media may take in all, in MB [default: 5120]
    #[arg(long, env = "TESSERA_MEDIA_QUOTA_MB")]
    pub media_quota_mb: Option<u64>,
    /// How long an unpaid order holds its stock, in minutes [default: 15]
    #[arg(long, env = "TESSERA_STORE_HOLD_MINUTES")]
    pub store_hold_minutes: Option<u64>,
    /// How long a checkout with the buyer's email may sit unfinished before it counts as
    /// abandoned, in minutes [default: 60]
    #[arg(long, env = "TESSERA_STORE_ABANDON_MINUTES")]
    pub store_abandon_minutes: Option<u64>,
    /// Stripe's API address (for a stand-in such as localstripe) [default: https://api.stripe.com]
    #[arg(long, env = "TESSERA_STRIPE_API_URL")]
    pub stripe_api_url: Option<String>,
    /// For browser tests only: a clock for automations and webhooks that an owner moves on
    /// (`POST /_automations/v1/test-clock {advanceMinutes}`), so a delay passes at once.
    /// Never on a real server: anyone who owns a site could make every site's delays pass
    #[arg(long, env = "TESSERA_TEST_CLOCK", hide = true)]
    pub test_clock: bool,
}

/// `tessera.toml`: every key optional, named like the flags.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct FileConfig {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<String>,
    dashboard_host: Option<String>,
    public_url: Option<String>,
    log_format: Option<String>,
    body_limit: Option<usize>,
    request_timeout: Option<u64>,
    header_read_timeout: Option<u64>,
    max_connections: Option<usize>,
    max_connections_per_client: Option<usize>,
    trusted_proxies: Option<Vec<String>>,
    js_memory_budget: Option<usize>,
    demo: Option<bool>,
    fetch_allow: Option<Vec<String>>,
    secret_key: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    captcha_verify_url: Option<String>,
    captcha_secret: Option<String>,
    media_url: Option<String>,
    media_max_file_mb: Option<u64>,
    media_quota_mb: Option<u64>,
    store_hold_minutes: Option<u64>,
    store_abandon_minutes: Option<u64>,
    stripe_api_url: Option<String>,
}

fn load_file(explicit: Option<&Path>) -> anyhow::Result<FileConfig> {
    let path = explicit.unwrap_or(Path::new("tessera.toml"));
    match std::fs::read_to_string(path) {
        Ok(text) => toml::from_str(&text).with_context(|| format!("reading {}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
            Ok(FileConfig::default())
        }
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// The settings every command resolves.
#[derive(Debug, Clone)]
pub struct Storage {
    pub database_url: String,
    pub data_dir: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Serve {
    pub storage: Storage,
    pub listen: String,
    pub dashboard_host: String,
    pub public_url: String,
    pub log_json: bool,
    pub body_limit: usize,
    pub request_timeout: u64,
    pub header_read_timeout: u64,
    pub max_connections: usize,
    pub max_connections_per_client: usize,
    pub trusted_proxies: Vec<tessera_http::IpNet>,
    /// In bytes; None for the engine's default (half the machine's memory).
    pub js_memory_budget: Option<usize>,
    pub demo: bool,
    pub fetch_allow: Vec<String>,
    /// The key itself, or None to use (or create) `<data dir>/secret.key`.
    pub secret_key: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub captcha_verify_url: Option<String>,
    pub captcha_secret: Option<String>,
    pub media_url: String,
    pub media_max_file_bytes: u64,
    pub media_quota_bytes: u64,
    pub store_hold_minutes: u64,
    pub store_abandon_minutes: u64,
    pub stripe_api_url: String,
    pub test_clock: bool,
}

pub fn storage(args: &StorageArgs) -> anyhow::Result<Storage> {
    let file = load_file(args.config.as_deref())?;
    Ok(resolve_storage(args, &file))
}

fn resolve_storage(args: &StorageArgs, file: &FileConfig) -> Storage {
    let data_dir = args
        .data_dir
        .clone()
        .or(file.data_dir.clone())
        .unwrap_or_else(|| "tessera-data".into());
    let database_url = args
        .database_url
        .clone()
        .or(file.database_url.clone())
        .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("tessera.db").display()));
    Storage {
        database_url,
        data_dir,
    }
}

pub fn serve(storage_args: &StorageArgs, args: &ServeArgs) -> anyhow::Result<Serve> {
    let file = load_file(storage_args.config.as_deref())?;
    let storage = resolve_storage(storage_args, &file);
    let listen = args
        .listen
        .clone()
        .or(file.listen)
        .unwrap_or_else(|| "127.0.0.1:8080".into());
    let dashboard_host = args
        .dashboard_host
        .clone()
        .or(file.dashboard_host)
        .unwrap_or_else(|| "localhost".into());
    let port = listen.rsplit_once(':').map_or("8080", |(_, p)| p);
    let public_url = args
        .public_url
        .clone()
        .or(file.public_url)
        .unwrap_or_else(|| format!("http://{dashboard_host}:{port}"));
    let log_format = args
        .log_format
        .clone()
        .or(file.log_format)
        .unwrap_or_else(|| "text".into());
    anyhow::ensure!(
        log_format == "text" || log_format == "json",
        "log format must be text or json, not '{log_format}'"
    );
    let js_memory_budget = args.js_memory_budget.or(file.js_memory_budget);
    if let Some(mb) = js_memory_budget {
        anyhow::ensure!(
            mb >= 64,
            "js-memory-budget must be at least 64 (MB, one call's quota), not {mb}"
        );
    }
    let mail_from = args
        .mail_from
        .clone()
        .or(file.mail_from)
        .unwrap_or_else(|| format!("Tessera <no-reply@{dashboard_host}>"));
    let media_url = args
        .media_url
        .clone()
        .or(file.media_url)
        .unwrap_or_else(|| storage.data_dir.join("media").display().to_string());
    let mb = |n: u64| n * 1024 * 1024;
    Ok(Serve {
        media_url,
        media_max_file_bytes: mb(args
            .media_max_file_mb
            .or(file.media_max_file_mb)
            .unwrap_or(100)),
        media_quota_bytes: mb(args.media_quota_mb.or(file.media_quota_mb).unwrap_or(5120)),
        store_hold_minutes: args
            .store_hold_minutes
            .or(file.store_hold_minutes)
            .unwrap_or(15)
            .clamp(1, 24 * 60),
        store_abandon_minutes: args
            .store_abandon_minutes
            .or(file.store_abandon_minutes)
            .unwrap_or(60)
            .clamp(1, 24 * 60),
        stripe_api_url: args
            .stripe_api_url
            .clone()
            .or(file.stripe_api_url)
            .unwrap_or_else(|| "https://api.stripe.com".into())
            .trim_end_matches('/')
            .to_string(),
        storage,
        listen,
        smtp_url: args.smtp_url.clone().or(file.smtp_url),
        mail_from,
        dashboard_host,
        public_url,
        log_json: log_format == "json",
        body_limit: args
            .body_limit
            .or(file.body_limit)
            .unwrap_or(2 * 1024 * 1024),
        request_timeout: args.request_timeout.or(file.request_timeout).unwrap_or(30),
        header_read_timeout: args
            .header_read_timeout
            .or(file.header_read_timeout)
            .unwrap_or(10),
        max_connections: args
            .max_connections
            .or(file.max_connections)
            .unwrap_or(8192),
        max_connections_per_client: args
            .max_connections_per_client
            .or(file.max_connections_per_client)
            .unwrap_or(256),
        trusted_proxies: if args.trusted_proxies.is_empty() {
            let listed = file.trusted_proxies.unwrap_or_default();
            listed
                .iter()
                .map(|p| proxy(p))
                .collect::<Result<_, _>>()
                .map_err(|e| anyhow::anyhow!("trusted-proxies: {e}"))?
        } else {
            args.trusted_proxies.clone()
        },
        js_memory_budget: js_memory_budget.map(|mb| mb * 1024 * 1024),
        demo: args.demo || file.demo.unwrap_or(false),
        test_clock: args.test_clock,
        secret_key: args.secret_key.clone().or(file.secret_key),
        captcha_verify_url: args.captcha_verify_url.clone().or(file.captcha_verify_url),
        captcha_secret: args.captcha_secret.clone().or(file.captcha_secret),
        fetch_allow: if args.fetch_allow.is_empty() {
            file.fetch_allow.unwrap_or_default()
        } else {
            args.fetch_allow.clone()
        },
    })
}

/// A trusted proxy: an address (`10.0.0.7`) or a network (`10.0.0.0/8`).
fn proxy(text: &str) -> Result<tessera_http::IpNet, String> {
    let text = text.trim();
    text.parse::<tessera_http::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(Into::into))
        .map_err(|_| format!("'{text}' is not an IP address or network"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_beat_file_and_file_beats_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tessera.toml");
        std::fs::write(&path, "listen = \"0.0.0.0:9000\"\ndashboard-host = \"admin.example.com\"\ndata-dir = \"/srv/t\"\n").unwrap();
        let storage_args = StorageArgs {
            config: Some(path.clone()),
            ..Default::default()
        };
        let from_file = serve(&storage_args, &ServeArgs::default()).unwrap();
        assert_eq!(from_file.listen, "0.0.0.0:9000");
        assert_eq!(from_file.public_url, "http://admin.example.com:9000");
        assert_eq!(from_file.storage.database_url, "sqlite:///srv/t/tessera.db");
        let flags = ServeArgs {
            listen: Some("127.0.0.1:1".into()),
            ..Default::default()
        };
        assert_eq!(serve(&storage_args, &flags).unwrap().listen, "127.0.0.1:1");
        let defaults = serve(
            &StorageArgs {
                config: None,
                ..Default::default()
            },
            &ServeArgs::default(),
        )
        .unwrap();
        assert_eq!(defaults.dashboard_host, "localhost");
        assert!(defaults.trusted_proxies.is_empty());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        assert_eq!(proxy("10.0.0.0/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(proxy(" 127.0.0.1").unwrap().to_string(), "127.0.0.1/32");
        assert_eq!(proxy("::1").unwrap().to_string(), "::1/128");
        assert!(proxy("proxy.local").unwrap_err().contains("proxy.local"));
    }

    #[test]
    fn unknown_keys_and_missing_explicit_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tessera.toml");
        std::fs::write(&path, "lisen = \"x\"\n").unwrap();
        assert!(
            storage(&StorageArgs {
                config: Some(path),
                ..Default::default()
            })
            .is_err()
        );
        let missing = StorageArgs {
            config: Some(dir.path().join("nope.toml")),
            ..Default::default()
        };
        assert!(storage(&missing).is_err());
    }
}
