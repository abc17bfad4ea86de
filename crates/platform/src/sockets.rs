//! Raw TCP for site code (`node:net`, `node:tls`), which npm mail clients such as nodemailer
//! need. A socket may only reach the server's configured SMTP relay (`--smtp-url`): code can
//! send mail through the operator's relay with the relay's own authentication, and cannot
//! open connections anywhere else. Sockets live as long as the invocation's host; each is a
//! task that owns the connection, so a pending read never blocks a write or a STARTTLS.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use base64::Engine as _;
use serde_json::{Value, json};
use tessera_jsrt::HostError;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
    sync::{mpsc, oneshot},
};

/// Sockets one invocation may hold open at once.
const MAX_OPEN: usize = 4;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a read waits for data before it answers `timedOut` (the code may ask again).
const DEFAULT_READ_WAIT: Duration = Duration::from_secs(60);
/// Largest write at once.
const MAX_WRITE: usize = 16 * 1024 * 1024;

fn refused(message: impl Into<String>) -> HostError {
    HostError::new("SOCKET_REFUSED", message.into())
}

fn failed(message: impl Into<String>) -> HostError {
    HostError::new("SOCKET_FAILED", message.into())
}

/// What a connection's task is asked to do.
enum Command {
    Write(Vec<u8>, oneshot::Sender<Result<(), String>>),
    Shutdown,
    StartTls(String, oneshot::Sender<Result<(), String>>),
}

/// What the connection's task hands to reads.
enum Incoming {
    Data(Vec<u8>),
    End,
    Failed(String),
}

struct Open {
    commands: mpsc::Sender<Command>,
    incoming: Arc<tokio::sync::Mutex<mpsc::Receiver<Incoming>>>,
}

/// The sockets of one invocation; dropping it ends their tasks and closes them.
#[derive(Default)]
pub struct Sockets {
    open: Mutex<HashMap<u64, Open>>,
    next: AtomicU64,
}

/// `host:port` of the configured SMTP relay, from its URL.
pub fn relay_address(smtp_url: Option<&str>) -> Option<(String, u16)> {
    let url = reqwest::Url::parse(smtp_url?).ok()?;
    let host = url.host_str()?.trim_matches(['[', ']']).to_string();
    let port = url
        .port()
        .unwrap_or(if url.scheme() == "smtps" { 465 } else { 587 });
    Some((host, port))
}

impl Sockets {
    pub async fn call(&self, relay: Option<(String, u16)>, p: Value) -> Result<Value, HostError> {
        match p["action"].as_str().unwrap_or_default() {
            "connect" => self.connect(relay, &p).await,
            "read" => self.read(&p).await,
            "write" => {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(p["data"].as_str().unwrap_or_default())
                    .map_err(|_| failed("socket: data is not base64"))?;
                if data.len() > MAX_WRITE {
                    return Err(failed("socket: a write is limited to 16 MB"));
                }
                let (done, answer) = oneshot::channel();
                self.send(&p, Command::Write(data, done)).await?;
                answer
                    .await
                    .map_err(|_| failed("socket: closed"))?
                    .map_err(failed)?;
                Ok(json!({}))
            }
            "starttls" => {
                let name = p["servername"].as_str().unwrap_or_default().to_string();
                let (done, answer) = oneshot::channel();
                self.send(&p, Command::StartTls(name, done)).await?;
                answer
                    .await
                    .map_err(|_| failed("socket: closed"))?
                    .map_err(failed)?;
                Ok(json!({}))
            }
            "shutdown" => {
                self.send(&p, Command::Shutdown).await.ok();
                Ok(json!({}))
            }
            "close" => {
                let id = p["id"].as_u64().unwrap_or_default();
                self.open.lock().expect("sockets lock").remove(&id);
                Ok(json!({}))
            }
            other => Err(failed(format!("socket: no action {other:?}"))),
        }
    }

    async fn connect(&self, relay: Option<(String, u16)>, p: &Value) -> Result<Value, HostError> {
        let host = p["host"].as_str().unwrap_or_default();
        let port = p["port"].as_u64().unwrap_or_default();
        let Some((relay_host, relay_port)) = relay else {
            return Err(refused(
                "raw TCP is not available: the server has no SMTP relay configured (--smtp-url)",
            ));
        };
        if !host.eq_ignore_ascii_case(&relay_host) || port != u64::from(relay_port) {
            return Err(refused(format!(
                "code may only connect to the server's SMTP relay ({relay_host}:{relay_port}), not {host}:{port}"
            )));
        }
        if self.open.lock().expect("sockets lock").len() >= MAX_OPEN {
            return Err(refused(format!(
                "a call may hold at most {MAX_OPEN} sockets open"
            )));
        }
        let tcp = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((host, relay_port)))
            .await
            .map_err(|_| failed(format!("connect {host}:{port}: timed out")))?
            .map_err(|e| failed(format!("connect {host}:{port}: {e}")))?;
        let mut conn = Conn::Plain(tcp);
        if let Some(tls) = p["tls"].as_object() {
            let name = tls
                .get("servername")
                .and_then(Value::as_str)
                .unwrap_or(host);
            conn = conn.start_tls(name).await.map_err(failed)?;
        }
        let (commands, command_rx) = mpsc::channel(16);
        let (incoming_tx, incoming) = mpsc::channel(16);
        tokio::spawn(run(conn, command_rx, incoming_tx));
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.open.lock().expect("sockets lock").insert(
            id,
            Open {
                commands,
                incoming: Arc::new(tokio::sync::Mutex::new(incoming)),
            },
        );
        Ok(json!({ "id": id }))
    }

    async fn read(&self, p: &Value) -> Result<Value, HostError> {
        let incoming = {
            let open = self.open.lock().expect("sockets lock");
            let id = p["id"].as_u64().unwrap_or_default();
            let socket = open.get(&id).ok_or_else(|| failed("socket: not open"))?;
            Arc::clone(&socket.incoming)
        };
        let wait = p["timeout"]
            .as_u64()
            .filter(|ms| *ms > 0)
            .map_or(DEFAULT_READ_WAIT, Duration::from_millis)
            .min(DEFAULT_READ_WAIT);
        let mut incoming = incoming.lock().await;
        match tokio::time::timeout(wait, incoming.recv()).await {
            Err(_) => Ok(json!({ "timedOut": true })),
            Ok(Some(Incoming::Data(bytes))) => Ok(json!({
                "data": base64::engine::general_purpose::STANDARD.encode(bytes)
            })),
            Ok(Some(Incoming::Failed(e))) => Err(failed(e)),
            Ok(Some(Incoming::End) | None) => Ok(json!({ "end": true })),
        }
    }

    async fn send(&self, p: &Value, command: Command) -> Result<(), HostError> {
        let commands = {
            let open = self.open.lock().expect("sockets lock");
            let id = p["id"].as_u64().unwrap_or_default();
            open.get(&id)
                .ok_or_else(|| failed("socket: not open"))?
                .commands
                .clone()
        };
        commands
            .send(command)
            .await
            .map_err(|_| failed("socket: closed"))
    }
}

enum Conn {
    Plain(TcpStream),
    Tls(Box<tokio_rustls::client::TlsStream<TcpStream>>),
}

impl Conn {
    /// Encrypts the connection; the relay's certificate is always checked against the public
    /// roots (`rejectUnauthorized: false` is not honoured).
    async fn start_tls(self, name: &str) -> Result<Self, String> {
        let Self::Plain(tcp) = self else {
            return Err("the connection is already encrypted".into());
        };
        let roots =
            rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = rustls::pki_types::ServerName::try_from(name.to_string())
            .map_err(|e| format!("TLS: {name}: {e}"))?;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS: {e}"))?;
        Ok(Self::Tls(Box::new(tls)))
    }

    async fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Self::Plain(s) => s.read(buf).await,
            Self::Tls(s) => s.read(buf).await,
        }
    }

    async fn write_all(&mut self, data: &[u8]) -> std::io::Result<()> {
        match self {
            Self::Plain(s) => s.write_all(data).await,
            Self::Tls(s) => {
                s.write_all(data).await?;
                s.flush().await
            }
        }
    }

    async fn shutdown(&mut self) -> std::io::Result<()> {
        match self {
            Self::Plain(s) => AsyncWriteExt::shutdown(s).await,
            Self::Tls(s) => AsyncWriteExt::shutdown(s.as_mut()).await,
        }
    }
}

/// A connection's task: reads into `incoming` and carries out commands, until the socket is
/// closed or the invocation's host is gone.
async fn run(
    mut conn: Conn,
    mut commands: mpsc::Receiver<Command>,
    incoming: mpsc::Sender<Incoming>,
) {
    let mut buf = vec![0u8; 16 * 1024];
    let mut reading = true;
    loop {
        tokio::select! {
            command = commands.recv() => match command {
                None => return,
                Some(Command::Write(data, done)) => {
                    let _ = done.send(conn.write_all(&data).await.map_err(|e| e.to_string()));
                }
                Some(Command::Shutdown) => {
                    let _ = conn.shutdown().await;
                }
                Some(Command::StartTls(name, done)) => {
                    match conn.start_tls(&name).await {
                        Ok(upgraded) => {
                            conn = upgraded;
                            let _ = done.send(Ok(()));
                        }
                        Err(e) => {
                            let _ = done.send(Err(e));
                            return;
                        }
                    }
                }
            },
            read = conn.read(&mut buf), if reading => match read {
                Ok(0) => {
                    reading = false;
                    let _ = incoming.send(Incoming::End).await;
                }
                Ok(n) => {
                    if incoming.send(Incoming::Data(buf[..n].to_vec())).await.is_err() {
                        return;
                    }
                }
                Err(e) => {
                    reading = false;
                    let _ = incoming.send(Incoming::Failed(e.to_string())).await;
                }
            },
        }
    }
}
