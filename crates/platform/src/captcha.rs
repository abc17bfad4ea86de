//! `wix-captcha-backend`'s `authorize(token)`: the site's code checks a reCAPTCHA token with
//! the verifier the server is configured with (Google's `siteverify` unless the operator
//! names another). The request goes out through the server's own HTTP client: the verifier
//! is the operator's choice, not the site's, so the sandbox's fetch guard does not apply.

use std::time::Duration;

use serde_json::{Value, json};
use tessera_jsrt::HostError;

/// Google's reCAPTCHA verifier.
pub const GOOGLE_VERIFY_URL: &str = "https://www.google.com/recaptcha/api/siteverify";

/// Where tokens are verified, and the secret the verifier knows the server by.
#[derive(Clone, Debug)]
pub struct CaptchaConfig {
    pub verify_url: String,
    /// The reCAPTCHA secret key; without one, `authorize` fails with a 500, as Wix does when
    /// the private key is missing.
    pub secret: Option<String>,
}

impl Default for CaptchaConfig {
    fn default() -> Self {
        Self {
            verify_url: GOOGLE_VERIFY_URL.into(),
            secret: None,
        }
    }
}

/// Wix rejects with an HTTP status in the code and the message.
fn failure(status: u16, message: &str) -> HostError {
    let name = match status {
        400 => "Bad Request",
        500 => "Internal Server Error",
        _ => "Unavailable",
    };
    HostError::new(&status.to_string(), format!("{status} {name}: {message}"))
}

/// Checks `token` with the verifier: `{success: true}`, or a 400 (no token, or one the
/// verifier refuses), 500 (no secret configured) or 503 (the verifier did not answer).
pub async fn authorize(config: &CaptchaConfig, p: &Value) -> Result<Value, HostError> {
    let token = p["token"].as_str().unwrap_or_default();
    if token.is_empty() {
        return Err(failure(400, "the request was sent without a token"));
    }
    let Some(secret) = config.secret.as_deref() else {
        return Err(failure(
            500,
            "no CAPTCHA secret key is configured on this server (--captcha-secret)",
        ));
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| failure(503, &e.to_string()))?;
    let response = client
        .post(&config.verify_url)
        .form(&[("secret", secret), ("response", token)])
        .send()
        .await
        .map_err(|e| {
            tracing::warn!(error = %e, "CAPTCHA verifier unreachable");
            failure(503, "the CAPTCHA verifier did not answer")
        })?;
    if !response.status().is_success() {
        tracing::warn!(status = %response.status(), "CAPTCHA verifier failed");
        return Err(failure(503, "the CAPTCHA verifier failed"));
    }
    let answer: Value = response
        .json()
        .await
        .map_err(|_| failure(503, "the CAPTCHA verifier's answer is not JSON"))?;
    if answer["success"].as_bool() == Some(true) {
        return Ok(json!({ "success": true }));
    }
    let reasons: Vec<&str> = answer["error-codes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if reasons
        .iter()
        .any(|r| *r == "invalid-input-secret" || *r == "missing-input-secret")
    {
        return Err(failure(
            500,
            "the verifier refused this server's CAPTCHA secret key",
        ));
    }
    Err(failure(
        400,
        &format!(
            "the token is invalid or has timed out{}",
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join(", "))
            }
        ),
    ))
}
