//! The `tessera` binary: command line, configuration, logging, and the wiring of store and
//! HTTP app. Everything else lives in the library crates.

mod code_cli;
mod config;
mod log_output;
mod setup;
mod site_packages;

use std::{sync::Arc, time::Duration};

use anyhow::Context;
use clap::{Parser, Subcommand};
use tessera_http::{AppState, HttpConfig};

// Request handling allocates and frees many small blocks, often on different threads (the
// HTTP and JavaScript threads); jemalloc serves that pattern with about a quarter less CPU
// time per HTTP function call than glibc's malloc. QuickJS allocates through it too
// (rquickjs's `rust-alloc`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Tessera: a self-hosted website and business platform in one binary.
#[derive(Parser)]
#[command(name = "tessera", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the dashboard, the API and the sites
    Serve {
        #[command(flatten)]
        storage: config::StorageArgs,
        #[command(flatten)]
        serve: Box<config::ServeArgs>,
    },
    /// Create the first owner account offline and print an account API key (shown once)
    Init {
        /// Email of the owner account
        #[arg(long)]
        email: String,
        /// Password of the owner account (at least 8 characters)
        #[arg(long, env = "TESSERA_INIT_PASSWORD")]
        password: String,
        /// Display name of the owner account
        #[arg(long, default_value = "Owner")]
        name: String,
        #[command(flatten)]
        storage: config::StorageArgs,
    },
    /// Apply database migrations and exit
    Migrate {
        #[command(flatten)]
        storage: config::StorageArgs,
    },
    /// Push or pull a site's backend code
    #[command(subcommand)]
    Code(code_cli::CodeCommand),
    /// Print a site's code log (console lines and uncaught errors)
    Logs {
        #[command(flatten)]
        target: code_cli::Target,
        /// Keep printing new entries
        #[arg(long, short)]
        follow: bool,
    },
    /// Print the version
    Version,
}

fn main() {
    let cli = Cli::parse();
    let result = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(anyhow::Error::from)
        .and_then(|runtime| runtime.block_on(run(cli)));
    log_output::BufferedStderr::flush_all();
    // The error and its causes on one line, never a backtrace: these are the user's errors.
    if let Err(e) = result {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Version => {
            println!("tessera {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Command::Code(command) => code_cli::run(command).await,
        Command::Logs { target, follow } => code_cli::logs(target, follow).await,
        Command::Migrate { storage } => {
            init_logging(false);
            let storage = config::storage(&storage)?;
            let store = tessera_store::connect(&storage.database_url).await?;
            println!("database is up to date ({:?})", store.backend());
            Ok(())
        }
        Command::Init {
            email,
            password,
            name,
            storage,
        } => {
            init_logging(false);
            let storage = config::storage(&storage)?;
            let store = tessera_store::connect(&storage.database_url).await?;
            let key = setup::init_owner(store.as_ref(), &email, &name, &password).await?;
            println!("Created owner account {email}.");
            println!("Account API key (shown once, keep it safe):\n{key}");
            Ok(())
        }
        Command::Serve { storage, serve } => {
            let cfg = config::serve(&storage, &serve)?;
            init_logging(cfg.log_json);
            serve_http(cfg).await
        }
    }
}

fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TESSERA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(log_output::BufferedStderr::get())
        // Colours for a terminal only, not for a file or a log collector.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve_http(cfg: config::Serve) -> anyhow::Result<()> {
    let store = tessera_store::connect(&cfg.storage.database_url)
        .await
        .with_context(|| format!("opening the database {}", redact(&cfg.storage.database_url)))?;
    // Collection changes a stopped server left half built read as before them until done.
    let finishing = Arc::clone(&store);
    tokio::spawn(async move {
        if let Err(e) = finishing.finish_collection_changes().await {
            tracing::warn!(error = %e, "finishing collection changes (each also finishes at its next change)");
        }
    });
    let secret_key = setup::secret_key(&cfg)?;
    setup::check_secret_key(store.as_ref(), &secret_key, &cfg).await?;
    if cfg.demo {
        setup::seed_demo(store.as_ref(), &cfg.public_url, &cfg.dashboard_host).await?;
    }
    let http = HttpConfig {
        platform: tessera_platform::PlatformConfig {
            dashboard_host: cfg.dashboard_host.clone(),
            public_url: cfg.public_url.clone(),
            mail: tessera_platform::mail::MailConfig {
                smtp_url: cfg.smtp_url.clone(),
                from: cfg.mail_from.clone(),
            },
            fetch_allow: cfg.fetch_allow.clone(),
            captcha: tessera_platform::captcha::CaptchaConfig {
                verify_url: cfg
                    .captcha_verify_url
                    .clone()
                    .unwrap_or_else(|| tessera_platform::captcha::GOOGLE_VERIFY_URL.into()),
                secret: cfg.captcha_secret.clone(),
            },
            secret_key,
            js_memory_budget: cfg
                .js_memory_budget
                .unwrap_or_else(|| tessera_jsrt::Limits::default().memory_budget),
        },
        secure_cookies: cfg.public_url.starts_with("https://"),
        body_limit_bytes: cfg.body_limit,
        request_timeout: Duration::from_secs(cfg.request_timeout),
        trusted_proxies: cfg.trusted_proxies.clone(),
    };
    let media = tessera_media::MediaConfig {
        max_file_bytes: cfg.media_max_file_bytes,
        site_quota_bytes: cfg.media_quota_bytes,
        ..tessera_media::MediaConfig::new(
            tessera_media::Storage::open(&cfg.media_url).context("media storage")?,
        )
    };
    let modules: Vec<Arc<dyn tessera_platform::module::Module>> = vec![
        Arc::new(tessera_crm::Crm),
        Arc::new(tessera_media::Media::new(media)),
        Arc::new(tessera_stores::Stores::new(tessera_stores::StoresConfig {
            hold_millis: cfg.store_hold_minutes as i64 * 60_000,
            abandon_millis: cfg.store_abandon_minutes as i64 * 60_000,
            stripe_api_url: cfg.stripe_api_url.clone(),
        })),
        Arc::new(tessera_plans::Plans),
        Arc::new(tessera_bookings::Bookings::default()),
        Arc::new(if cfg.test_clock {
            tracing::warn!("the test clock is on (--test-clock): owners can make delays pass");
            tessera_automations::Automations::with_test_clock()
        } else {
            tessera_automations::Automations::default()
        }),
        Arc::new(tessera_search::Search::default()),
        Arc::new(tessera_analytics::Analytics::default()),
    ];
    let state = AppState::new(Arc::clone(&store), http, modules).context("mail settings")?;
    let platform = state.platform().clone();
    let scheduler = tessera_platform::jobs::spawn_scheduler(platform.clone());
    let dispatcher = tessera_platform::backend_events::spawn_dispatcher(platform.clone());
    let deliverer = tessera_platform::backend_events::spawn_deliverer(platform.clone());
    let trash_purger = tessera_media::spawn_trash_purger(platform.clone());
    let hold_sweeper = tessera_stores::spawn_hold_sweeper(platform.clone());
    let plan_scheduler = tessera_plans::spawn_scheduler(platform.clone());
    let booking_sweeper = tessera_bookings::spawn_sweeper(platform.clone());
    let webhook_deliverer = tessera_automations::spawn_deliverer(platform.clone());
    let mail_sender = tessera_platform::mail::spawn_sender(platform.clone());
    let signals = tessera_http::spawn_signals(state.clone())
        .await
        .context("listening for other nodes' signals")?;
    let app = tessera_http::app(state);
    let listener = tokio::net::TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("listening on {}", cfg.listen))?;
    tracing::info!(
        address = %listener.local_addr()?,
        backend = ?store.backend(),
        dashboard = %cfg.public_url,
        "tessera is ready"
    );
    let limits = tessera_http::ConnectionLimits {
        header_read_timeout: Duration::from_secs(cfg.header_read_timeout),
        max_connections: cfg.max_connections,
        max_per_client: cfg.max_connections_per_client,
    };
    tessera_http::serve(listener, app, limits, shutdown_signal()).await;
    scheduler.abort();
    dispatcher.abort();
    deliverer.abort();
    mail_sender.abort();
    trash_purger.abort();
    hold_sweeper.abort();
    plan_scheduler.abort();
    booking_sweeper.abort();
    webhook_deliverer.abort();
    // Hits still buffered are written before the process ends.
    if let Some(a) = platform.module::<tessera_analytics::Analytics>() {
        a.collector.flush(&platform).await;
    }
    if let Some(signals) = signals {
        signals.abort();
    }
    tracing::info!("in-flight requests finished; bye");
    Ok(())
}

/// Resolves on SIGINT or SIGTERM; axum then stops accepting and lets in-flight requests end.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => match url[s + 3..at].split_once(':') {
            Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
            None => url.to_string(),
        },
        _ => url.to_string(),
    }
}
