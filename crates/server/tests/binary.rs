//! Black-box tests: the real `tessera` binary, spawned as a user would run it.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    path::Path,
    process::{Child, Command, Output, Stdio},
    time::{Duration, Instant},
};

const BIN: &str = env!("CARGO_BIN_EXE_tessera");

fn tessera(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("TESSERA_LOG", "warn")
        .output()
        .expect("tessera runs")
}

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(data_dir: &Path, extra: &[&str]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let child = Command::new(BIN)
            .args([
                "serve",
                "--listen",
                &listen,
                "--data-dir",
                data_dir.to_str().unwrap(),
            ])
            .args(extra)
            .env("TESSERA_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("tessera serve starts");
        let server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while server.get("/readyz").map(|(s, _)| s) != Some(200) {
            assert!(Instant::now() < deadline, "server never became ready");
            std::thread::sleep(Duration::from_millis(10));
        }
        server
    }

    fn connect(&self) -> std::io::Result<TcpStream> {
        let s = TcpStream::connect(("127.0.0.1", self.port))?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(s)
    }

    /// Sends a raw HTTP/1.1 request (with `Connection: close`) and reads the whole answer.
    fn try_send(&self, raw: &str) -> std::io::Result<(u16, String)> {
        let mut s = self.connect()?;
        s.write_all(raw.as_bytes())?;
        let mut text = String::new();
        s.read_to_string(&mut text)?;
        Ok(parse_response(&text))
    }

    fn send(&self, raw: &str) -> (u16, String) {
        self.try_send(raw).expect("request answered")
    }

    fn get(&self, path: &str) -> Option<(u16, String)> {
        self.try_send(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
        .ok()
    }

    fn terminate(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    fn wait(mut self) -> std::process::ExitStatus {
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn parse_response(text: &str) -> (u16, String) {
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
fn version_init_and_migrate() {
    let out = tessera(&["version"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("tessera "));

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = tessera(&["migrate", "--data-dir", data]);
    assert!(out.status.success(), "{out:?}");
    let init = [
        "init",
        "--email",
        "Owner@Example.com",
        "--password",
        "correct horse",
        "--data-dir",
        data,
    ];
    let out = tessera(&init);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let key = stdout.lines().last().unwrap().trim().to_string();
    assert!(key.starts_with("tsa_"), "{stdout}");

    let again = tessera(&init);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let bad = tessera(&[
        "init",
        "--email",
        "x@example.com",
        "--password",
        "short",
        "--data-dir",
        data,
    ]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("password"));

    // The printed key authenticates as the owner.
    let server = Server::start(dir.path(), &[]);
    let (status, body) = server.send(&format!(
        "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("owner@example.com") && body.contains("account_key"),
        "{body}"
    );
}

/// Every node of one database needs the key its secrets were sealed with: a node with
/// another key refuses to start and says what to copy; given the first node's key, it starts.
#[test]
fn a_node_with_another_secret_key_refuses_to_start() {
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let server = Server::start(first.path(), &[]);
    server.terminate();
    assert!(server.wait().success());
    let database = format!("sqlite://{}", first.path().join("tessera.db").display());
    let out = tessera(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        second.path().to_str().unwrap(),
        "--database-url",
        &database,
    ]);
    assert!(!out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let own_key = second.path().join("secret.key");
    assert!(
        stderr.contains(&format!("the key in {}", own_key.display()))
            && stderr.contains("copy secret.key from the data folder of the first node")
            && stderr.contains("--secret-key (TESSERA_SECRET_KEY)"),
        "{stderr}"
    );
    let key = std::fs::read_to_string(first.path().join("secret.key")).unwrap();
    let server = Server::start(
        second.path(),
        &["--database-url", &database, "--secret-key", key.trim()],
    );
    assert_eq!(server.get("/readyz").map(|(s, _)| s), Some(200));
}

#[test]
fn sigterm_lets_an_in_flight_request_finish_then_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["--demo"]);
    let (status, body) = server.get("/").unwrap();
    assert!(status == 200 && body.contains("Tessera"));

    // A login whose body is still on its way. `Expect: 100-continue` makes the server say
    // when the handler has started reading the body, so the request is surely in flight.
    let body = r#"{"email":"demo@tessera.local","password":"tessera-demo"}"#;
    let mut slow = server.connect().unwrap();
    write!(
        slow,
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut reader = BufReader::new(slow.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 100"), "{line}");
    reader.read_line(&mut line).unwrap();

    server.terminate();
    // Shutdown has begun once new connections are refused.
    let deadline = Instant::now() + Duration::from_secs(10);
    while server.connect().is_ok() {
        assert!(
            Instant::now() < deadline,
            "server kept accepting after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(5));
    }

    slow.write_all(body.as_bytes()).unwrap();
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    let (status, json) = parse_response(&rest);
    assert_eq!(status, 200, "{rest}");
    assert!(json.contains("\"token\":\"tss_"), "{json}");
    assert!(
        server.wait().success(),
        "exit code 0 after a graceful shutdown"
    );

    // Seeding the demo again is a no-op: the same login still has exactly one site.
    let server = Server::start(dir.path(), &["--demo"]);
    let (status, session) = server.send(&format!(
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    assert_eq!(status, 200, "{session}");
    let token = session
        .split("\"token\":\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap();
    let (_, sites) = server.send(&format!(
        "GET /api/v1/sites HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(sites.matches("\"slug\"").count(), 1, "{sites}");
    let (status, page) = server.send(&format!(
        "GET / HTTP/1.1\r\nHost: demo.localhost:{}\r\nConnection: close\r\n\r\n",
        server.port
    ));
    assert!(status == 200 && page.contains("Demo Bakery"), "{page}");
}

/// `tessera code push` (installing the site's npm packages first), `code pull` and `logs`
/// against a running server, as a site owner uses them.
#[test]
fn code_push_pull_and_logs_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = tessera(&[
        "init",
        "--email",
        "cli@example.com",
        "--password",
        "cli-password-1",
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let key = String::from_utf8(out.stdout).unwrap();
    let key = key.lines().last().unwrap().trim().to_string();
    let server = Server::start(&data, &[]);
    let site_json = r#"{"slug":"cli","name":"CLI"}"#;
    let (status, text) = server.send(&format!(
        "POST /api/v1/sites HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{site_json}",
        site_json.len()
    ));
    assert_eq!(status, 201, "{text}");

    // The site uses a local npm package: `npm install` links it without a registry.
    let write = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let package = dir.path().join("shout");
    write(
        &package.join("package.json"),
        r#"{"name":"shout","version":"1.0.0","main":"index.js"}"#,
    );
    write(
        &package.join("index.js"),
        "module.exports = (s) => s.toUpperCase() + '!';\n",
    );
    let site = dir.path().join("site");
    write(
        &site.join("package.json"),
        r#"{"name":"cli-site","private":true,"dependencies":{"shout":"file:../shout"}}"#,
    );
    let functions = "import { ok } from 'wix-http-functions';\n\
        import shout from 'shout';\n\
        export function get_hello(request) {\n  \
          console.log('hello from', request.path[0]);\n  \
          return ok({ body: shout(request.path[0]) });\n\
        }\n";
    write(&site.join("src/backend/http-functions.js"), functions);

    let url = format!("http://127.0.0.1:{}", server.port);
    let cli = |args: &[&str]| {
        let target = ["--site", "cli", "--server", &url, "--api-key", &key];
        tessera(&[args, &target].concat())
    };
    let site_dir = site.to_str().unwrap();
    let out = cli(&["code", "push", site_dir, "--publish"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("pushed revision 1") && stdout.contains("published revision 1"),
        "{stdout}"
    );
    assert!(
        site.join(".tessera/npm/node_modules/shout").exists(),
        "npm installed it beside the site's code"
    );
    let hello = "GET /_functions/hello/tessera HTTP/1.1\r\nHost: cli.localhost\r\n\
        Connection: close\r\n\r\n";
    assert_eq!(server.send(hello), (200, "TESSERA!".to_string()));

    // With --strict, a syntax error is reported at its place, and nothing changes.
    write(
        &site.join("src/backend/http-functions.js"),
        "export function get_hello() {\n  return (1 + ;\n}\n",
    );
    let out = cli(&["code", "push", site_dir, "--publish", "--strict"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{out:?}");
    assert!(
        stderr.contains("backend/http-functions.js:2:") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(server.send(hello), (200, "TESSERA!".to_string()));

    let pulled = dir.path().join("pulled");
    let out = cli(&["code", "pull", pulled.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(pulled.join("src/backend/http-functions.js")).unwrap(),
        functions,
        "the latest revision is still the first"
    );

    let out = cli(&["logs"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("[http-function hello] hello from tessera"),
        "{stdout}"
    );

    // Without it, the push is stored and the broken file is reported, as on Wix; a package
    // that cannot be installed is named, and only the code that imports it fails.
    write(
        &site.join("package.json"),
        r#"{"name":"cli-site","private":true,"dependencies":{"shout":"file:../shout","missing-pkg":"file:../nowhere.tgz"},"devDependencies":{"tool":"file:../shout"}}"#,
    );
    let out = cli(&["code", "push", site_dir]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("pushed revision 2"), "{stdout}");
    assert!(
        stderr.contains("backend/http-functions.js:2:")
            && stderr.contains("1 problem(s)")
            && stderr.contains("not installed: missing-pkg"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );

    // `--watch` pushes and publishes again on each save, until stopped.
    let mut watch = Command::new(BIN)
        .args(["code", "push", site_dir, "--publish", "--watch"])
        .args(["--site", "cli", "--server", &url, "--api-key", &key])
        .env("TESSERA_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (lines, printed) = std::sync::mpsc::channel();
    let stdout = watch.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)).map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let wait_for = |wanted: &str| loop {
        let line = printed
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no line {wanted:?} from code push --watch"));
        if line == wanted {
            break;
        }
    };
    wait_for("published revision 3");
    let changed = functions.replace(
        "shout(request.path[0])",
        "shout('saved ' + request.path[0])",
    );
    write(&site.join("src/backend/http-functions.js"), &changed);
    wait_for("published revision 4");
    watch.kill().unwrap();
    watch.wait().unwrap();
    let (status, text) = server.send(
        "GET /_functions/hello/again HTTP/1.1\r\nHost: cli.localhost\r\nConnection: close\r\n\r\n",
    );
    assert_eq!((status, text.as_str()), (200, "SAVED AGAIN!"));
}
