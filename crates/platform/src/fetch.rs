//! `wix-fetch` for site code: outbound HTTP(S) with guards. Every address a host name
//! resolves to is checked, on each redirect too, and the connection goes to exactly the
//! checked address (no second lookup to rebind). Private, loopback, link-local (cloud
//! metadata) and similar addresses are refused unless the operator allows the host.

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::{LazyLock, Mutex},
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use tessera_jsrt::HostError;

const MAX_REDIRECTS: usize = 5;
const MAX_BODY: usize = 10 * 1024 * 1024;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

fn refused(message: impl Into<String>) -> HostError {
    HostError {
        code: "FETCH_REFUSED".into(),
        message: message.into(),
        details: None,
    }
}

fn failed(message: impl Into<String>) -> HostError {
    HostError {
        code: "FETCH_FAILED".into(),
        message: message.into(),
        details: None,
    }
}

/// Addresses code may not reach unless allowed.
fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let [first, second, ..] = a.octets();
            a.is_loopback()
                || a.is_private()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || a.is_multicast()
                || first == 0
                || (first == 100 && (second & 0xc0) == 64)
        }
        IpAddr::V6(a) => {
            let first = a.segments()[0];
            a.is_loopback()
                || a.is_unspecified()
                || a.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || a.to_ipv4_mapped()
                    .is_some_and(|v4| is_internal(IpAddr::V4(v4)))
                // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry
                // an IPv4 address that a gateway may reach.
                || embedded_v4(a).is_some_and(|v4| is_internal(IpAddr::V4(v4)))
        }
    }
}

/// The IPv4 address in the last 32 bits of an IPv4-compatible or NAT64 address.
fn embedded_v4(a: std::net::Ipv6Addr) -> Option<std::net::Ipv4Addr> {
    let s = a.segments();
    let compatible = s[..6].iter().all(|x| *x == 0);
    let nat64 = s[0] == 0x64 && s[1] == 0xff9b && s[2..6].iter().all(|x| *x == 0);
    let [.., a1, a2, a3, a4] = a.octets();
    (compatible || nat64).then(|| std::net::Ipv4Addr::new(a1, a2, a3, a4))
}

/// One request. `raw` (Node's `http` module) sends `bodyBase64`, does not follow redirects
/// (the caller's code does, each hop through here again) and answers the body as
/// `bodyBase64`; otherwise the body is text both ways and redirects are followed.
pub async fn fetch(allow: &[String], p: Value) -> Result<Value, HostError> {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let raw = p["raw"].as_bool().unwrap_or(false);
    let url = reqwest::Url::parse(p["url"].as_str().unwrap_or_default())
        .map_err(|e| failed(format!("fetch: the URL is not valid: {e}")))?;
    let method = reqwest::Method::from_bytes(p["method"].as_str().unwrap_or("GET").as_bytes())
        .map_err(|_| failed("fetch: the method is not valid"))?;
    let timeout = p["timeout"]
        .as_u64()
        .map_or(DEFAULT_TIMEOUT, Duration::from_millis)
        .min(Duration::from_secs(30));
    let body: Option<Vec<u8>> = match p["bodyBase64"].as_str() {
        Some(encoded) => Some(
            b64.decode(encoded)
                .map_err(|_| failed("fetch: bodyBase64 is not base64"))?,
        ),
        None => p["body"].as_str().map(|s| s.as_bytes().to_vec()),
    };
    let headers: Vec<(String, String)> =
        serde_json::from_value(p["headers"].clone()).unwrap_or_default();
    let request = Outbound {
        url,
        method,
        headers,
        body,
        timeout,
        follow: !raw,
        max_body: MAX_BODY,
    };
    let got = send(allow, request).await?;
    let mut answer = json!({
        "status": got.status.as_u16(),
        "statusText": got.status.canonical_reason().unwrap_or(""),
        "url": got.url.to_string(),
        "headers": got.headers,
    });
    answer[if raw { "bodyBase64" } else { "body" }] = if raw {
        b64.encode(&got.body).into()
    } else {
        String::from_utf8_lossy(&got.body).into()
    };
    Ok(answer)
}

/// The bytes at `url` (a GET, redirects followed, at most `max` bytes), by the same rules as
/// site code's fetch: what importing a file from a URL reads.
pub async fn get_bytes(allow: &[String], url: &str, max: usize) -> Result<Vec<u8>, HostError> {
    let url = reqwest::Url::parse(url).map_err(|e| failed(format!("the URL is not valid: {e}")))?;
    let request = Outbound {
        url,
        method: reqwest::Method::GET,
        headers: Vec::new(),
        body: None,
        timeout: Duration::from_secs(30),
        follow: true,
        max_body: max,
    };
    let got = send(allow, request).await?;
    if !got.status.is_success() {
        return Err(failed(format!("{} answered {}", got.url, got.status)));
    }
    Ok(got.body)
}

/// A POST of `body` to `url` by the same rules as site code's fetch, redirects not
/// followed (a redirect is the answer): what outbound webhooks send. The status and at most
/// `max` bytes of the answer.
pub async fn post(
    allow: &[String],
    url: &str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    timeout: Duration,
    max: usize,
) -> Result<(u16, Vec<u8>), HostError> {
    let url = reqwest::Url::parse(url).map_err(|e| failed(format!("the URL is not valid: {e}")))?;
    let request = Outbound {
        url,
        method: reqwest::Method::POST,
        headers,
        body: Some(body),
        timeout,
        follow: false,
        max_body: max,
    };
    let got = send(allow, request).await?;
    Ok((got.status.as_u16(), got.body))
}

struct Outbound {
    url: reqwest::Url,
    method: reqwest::Method,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    timeout: Duration,
    /// Follow redirects (else a redirect is the answer).
    follow: bool,
    max_body: usize,
}

struct Answer {
    status: reqwest::StatusCode,
    url: reqwest::Url,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Clients pinned to a host's checked addresses, kept for a minute: building one (its TLS
/// roots) costs milliseconds, and a kept one reuses its connections, so a webhook receiver
/// or an API called often is not dialled anew for every call.
static CLIENTS: LazyLock<Mutex<HashMap<Pinned, (Instant, reqwest::Client)>>> =
    LazyLock::new(Mutex::default);
/// A host and the addresses its client connects to.
type Pinned = (String, Vec<SocketAddr>);
const CLIENT_KEPT: Duration = Duration::from_secs(60);

fn client_for(host: &str, addrs: &[SocketAddr]) -> Result<reqwest::Client, HostError> {
    let key = (host.to_string(), addrs.to_vec());
    let mut kept = CLIENTS.lock().expect("fetch clients");
    if let Some((at, client)) = kept.get(&key)
        && at.elapsed() < CLIENT_KEPT
    {
        return Ok(client.clone());
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve_to_addrs(host, addrs)
        .build()
        .map_err(|e| failed(format!("fetch: {e}")))?;
    if kept.len() >= 256 {
        kept.retain(|_, (at, _)| at.elapsed() < CLIENT_KEPT);
    }
    kept.insert(key, (Instant::now(), client.clone()));
    Ok(client)
}

async fn send(allow: &[String], request: Outbound) -> Result<Answer, HostError> {
    let Outbound {
        mut url,
        mut method,
        headers,
        mut body,
        timeout,
        follow,
        max_body,
    } = request;
    for _ in 0..=MAX_REDIRECTS {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(refused(format!(
                "fetch: only http and https URLs, not {}",
                url.scheme()
            )));
        }
        let host = url
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']'])
            .to_string();
        let port = url.port_or_known_default().unwrap_or(80);
        let allowed = allow
            .iter()
            .any(|a| *a == host || *a == format!("{host}:{port}"));
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|e| failed(format!("fetch: cannot resolve {host}: {e}")))?
            .collect();
        if addrs.is_empty() {
            return Err(failed(format!("fetch: {host} has no address")));
        }
        if !allowed && addrs.iter().any(|a| is_internal(a.ip())) {
            return Err(refused(format!(
                "fetch: {host} is a private or loopback address; the server's operator can allow it with --fetch-allow"
            )));
        }
        let client = client_for(&host, &addrs)?;
        let mut outbound = client.request(method.clone(), url.clone()).timeout(timeout);
        for (k, v) in &headers {
            outbound = outbound.header(k, v);
        }
        if let Some(b) = &body {
            outbound = outbound.body(b.clone());
        }
        let mut response = outbound
            .send()
            .await
            .map_err(|e| failed(format!("fetch {url}: {e}")))?;
        let status = response.status();
        if status.is_redirection()
            && follow
            && let Some(location) = response.headers().get(reqwest::header::LOCATION)
        {
            url = url
                .join(location.to_str().unwrap_or_default())
                .map_err(|e| failed(format!("fetch: bad redirect: {e}")))?;
            // 303, and 301/302 after a POST, continue as GET without the body, as browsers do.
            if status == reqwest::StatusCode::SEE_OTHER
                || (method == reqwest::Method::POST && status.as_u16() <= 302)
            {
                method = reqwest::Method::GET;
                body = None;
            }
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| failed(format!("fetch {url}: {e}")))?
        {
            if bytes.len() + chunk.len() > max_body {
                return Err(failed(format!(
                    "fetch {url}: the answer is larger than {max_body} bytes"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        return Ok(Answer {
            status,
            url,
            headers,
            body: bytes,
        });
    }
    Err(failed(format!(
        "fetch: more than {MAX_REDIRECTS} redirects"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "::a9fe:a9fe",
            "64:ff9b::10.0.0.1",
            "64:ff9b::169.254.169.254",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "93.184.216.34",
            "1.1.1.1",
            "2606:4700::1111",
            "64:ff9b::1.1.1.1",
        ] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }
}
