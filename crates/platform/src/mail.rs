//! Sites' outgoing email. A message is first a row of the outbox (`MailStore`), then a sender
//! delivers due rows through the configured SMTP relay with retries and backoff, so a crash
//! between queueing and sending loses nothing. Without a relay every message stays in the
//! outbox (status `kept`), readable through the API, so a laptop demo works offline.

use std::{sync::Arc, time::Duration};

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use tessera_core::{Millis, Result, members::Email, now_millis};
use tokio::sync::Notify;

use crate::Platform;

/// Attempts before a message is given up as `failed`.
const MAX_ATTEMPTS: i64 = 8;
/// How long a sender holds a leased message before another may retry it.
const LEASE_MILLIS: Millis = 5 * 60 * 1000;

/// Where mail goes: an SMTP relay URL (`smtp://user:pass@host:587?tls=required`,
/// `smtps://host:465`, `smtp://127.0.0.1:2525` for plain SMTP), or none: the outbox keeps it.
#[derive(Clone, Debug)]
pub struct MailConfig {
    pub smtp_url: Option<String>,
    /// The sender of every message, e.g. `Tessera <no-reply@example.com>`.
    pub from: String,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_url: None,
            from: "Tessera <no-reply@localhost>".into(),
        }
    }
}

pub struct Mailer {
    relay: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    wake: Notify,
}

impl Mailer {
    pub fn new(config: &MailConfig) -> Result<Self> {
        let relay = config
            .smtp_url
            .as_deref()
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|b| b.timeout(Some(Duration::from_secs(20))).build())
                    .map_err(|e| tessera_core::Error::invalid("smtp_url", e.to_string()))
            })
            .transpose()?;
        let from = config
            .from
            .parse()
            .map_err(|e| tessera_core::Error::invalid("mail_from", format!("{e}")))?;
        Ok(Self {
            relay,
            from,
            wake: Notify::new(),
        })
    }
}

/// One message to queue.
pub struct Outgoing<'a> {
    pub kind: &'a str,
    pub to: &'a str,
    pub subject: String,
    /// Paragraphs of plain text; the HTML version is made from them.
    pub paragraphs: Vec<String>,
    /// A button: label and address.
    pub action: Option<(String, String)>,
}

/// Puts a message in the site's outbox, wakes the sender, and notes it on the timeline of
/// the recipient's contact, if they are one.
pub async fn queue(
    state: &Platform,
    site: &tessera_core::sites::Site,
    brand: &Brand,
    mail: Outgoing<'_>,
) -> Result<()> {
    queue_with(state, site, brand, mail, None).await
}

/// `queue` with a text file attached (a booking's `.ics`).
pub async fn queue_with(
    state: &Platform,
    site: &tessera_core::sites::Site,
    brand: &Brand,
    mail: Outgoing<'_>,
    attachment: Option<tessera_core::members::Attachment>,
) -> Result<()> {
    let id = uuid::Uuid::now_v7().to_string();
    put(state, site, email(state, site, brand, mail, attachment, id)).await?;
    Ok(())
}

/// `queue` for a message that must go once however often it is asked for (an automation's
/// step, retried after a node died): its id is chosen by the caller, and a message of that id
/// already queued is left as it is; false then.
pub async fn queue_once(
    state: &Platform,
    site: &tessera_core::sites::Site,
    brand: &Brand,
    mail: Outgoing<'_>,
    id: &str,
) -> Result<bool> {
    put(
        state,
        site,
        email(state, site, brand, mail, None, id.to_string()),
    )
    .await
}

/// Keeps a text message (an automation's SMS) in the site's outbox, once per `id`: Tessera
/// has no SMS gateway, so it waits there, readable through the API, for a provider to send it.
pub async fn keep_text_message(
    state: &Platform,
    site: &tessera_core::sites::Site,
    to: &str,
    text: &str,
    id: &str,
) -> Result<bool> {
    let now = now_millis();
    let message = Email {
        site_id: site.id,
        id: id.to_string(),
        kind: "sms".into(),
        to: to.to_string(),
        subject: "Text message".into(),
        text: text.to_string(),
        html: String::new(),
        status: "kept".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
        attachment: None,
    };
    state.store().queue_email(&message).await
}

fn email(
    state: &Platform,
    site: &tessera_core::sites::Site,
    brand: &Brand,
    mail: Outgoing<'_>,
    attachment: Option<tessera_core::members::Attachment>,
    id: String,
) -> Email {
    let now = now_millis();
    let (text, html) = compose(brand, &mail);
    Email {
        site_id: site.id,
        id,
        kind: mail.kind.to_string(),
        to: mail.to.to_string(),
        subject: mail.subject,
        text,
        html,
        status: if state.mailer().relay.is_some() {
            "queued"
        } else {
            "kept"
        }
        .into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        created_at: now,
        sent_at: None,
        attachment,
    }
}

/// Puts a message in the outbox, wakes the sender and notes it on the recipient contact's
/// timeline; false when the outbox had it already.
async fn put(state: &Platform, site: &tessera_core::sites::Site, email: Email) -> Result<bool> {
    if !state.store().queue_email(&email).await? {
        return Ok(false);
    }
    state.mailer().wake.notify_one();
    let to = email.to.to_lowercase();
    if let Some(contact) = crate::contacts::contact_by_email(state, site, &to).await? {
        let details = serde_json::json!({ "emailId": email.id, "kind": email.kind });
        let title = format!("Email: {}", email.subject);
        crate::contacts::add_activity(state, site, &contact, "EMAIL_SENT", &title, details).await?;
    }
    Ok(true)
}

/// The site's look in its emails.
pub struct Brand {
    pub name: String,
    pub color: String,
}

/// The site's name and primary color from its published document, or its plain name.
pub async fn brand(state: &Platform, site: &tessera_core::sites::Site) -> Brand {
    let published = crate::sites::published_site(state, site.id)
        .await
        .ok()
        .flatten();
    let doc = published.as_ref().map(|(_, _, c)| &c.doc);
    Brand {
        name: doc
            .map(|d| d.settings.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| site.name.clone()),
        color: doc
            .and_then(|d| d.theme.colors.get("primary").cloned())
            .filter(|c| c.starts_with('#') && c.len() <= 9)
            .unwrap_or_else(|| "#1f5eff".into()),
    }
}

fn compose(brand: &Brand, mail: &Outgoing) -> (String, String) {
    let mut text = mail.paragraphs.join("\n\n");
    if let Some((label, url)) = &mail.action {
        text.push_str(&format!("\n\n{label}: {url}"));
    }
    text.push_str(&format!("\n\n— {}\n", brand.name));
    let esc = tessera_render::escape_attr;
    let mut html = format!(
        "<!doctype html><html><body style=\"margin:0;padding:24px;background:#f4f4f5;font-family:system-ui,sans-serif;color:#1f2328\">\
         <div style=\"max-width:560px;margin:0 auto;background:#fff;border-radius:8px;overflow:hidden\">\
         <div style=\"background:{};color:#fff;padding:16px 24px;font-size:18px;font-weight:600\">{}</div>\
         <div style=\"padding:24px;line-height:1.5\">",
        brand.color,
        esc(&brand.name)
    );
    for p in &mail.paragraphs {
        html.push_str(&format!("<p>{}</p>", esc(p)));
    }
    if let Some((label, url)) = &mail.action {
        html.push_str(&format!(
            "<p><a href=\"{}\" style=\"display:inline-block;background:{};color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none\">{}</a></p>\
             <p style=\"font-size:13px;color:#57606a\">Or open this address: {}</p>",
            esc(url),
            brand.color,
            esc(label),
            esc(url)
        ));
    }
    html.push_str("</div></div></body></html>");
    (text, html)
}

/// Retry delays: 30 s, 2 min, 8 min, … at most 6 hours.
fn backoff(attempts: i64) -> Millis {
    let base: Millis = 30_000;
    (base << (2 * (attempts - 1).clamp(0, 10))).min(6 * 3600 * 1000)
}

/// Sends every due message once (each send is one attempt); returns how many went out.
/// The background sender calls it; tests call it to step delivery.
pub async fn deliver_due(state: &Platform) -> Result<usize> {
    let mailer = state.mailer();
    let Some(relay) = &mailer.relay else {
        return Ok(0);
    };
    let mut sent = 0;
    loop {
        let now = now_millis();
        let batch = state
            .store()
            .lease_emails(now, now + LEASE_MILLIS, 20)
            .await?;
        if batch.is_empty() {
            return Ok(sent);
        }
        for mut email in batch {
            email.attempts += 1;
            match send(relay, &mailer.from, &email).await {
                Ok(()) => {
                    email.status = "sent".into();
                    email.sent_at = Some(now_millis());
                    email.last_error = None;
                    sent += 1;
                }
                Err((e, permanent)) => {
                    tracing::warn!(site = %email.site_id, email = %email.id, error = %e, "sending email");
                    email.last_error = Some(e);
                    // A 5xx answer will not change with time; anything else is worth a retry.
                    if permanent || email.attempts >= MAX_ATTEMPTS {
                        email.status = "failed".into();
                    } else {
                        email.next_attempt_at = now_millis() + backoff(email.attempts);
                    }
                }
            }
            state.store().update_email(&email).await?;
        }
    }
}

/// The message's parts: text and HTML, and its attachment beside them if it has one.
fn body(email: &Email) -> MultiPart {
    let text = MultiPart::alternative_plain_html(email.text.clone(), email.html.clone());
    match &email.attachment {
        None => text,
        Some(a) => {
            let kind = a
                .content_type
                .parse()
                .unwrap_or(lettre::message::header::ContentType::TEXT_PLAIN);
            MultiPart::mixed().multipart(text).singlepart(
                lettre::message::Attachment::new(a.name.clone()).body(a.content.clone(), kind),
            )
        }
    }
}

async fn send(
    relay: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    email: &Email,
) -> std::result::Result<(), (String, bool)> {
    let to: Mailbox = email.to.parse().map_err(|e| (format!("to: {e}"), true))?;
    let message = Message::builder()
        .from(from.clone())
        .to(to)
        .subject(&email.subject)
        .message_id(Some(format!("<{}@tessera>", email.id)))
        .multipart(body(email))
        .map_err(|e| (e.to_string(), true))?;
    relay
        .send(message)
        .await
        .map(|_| ())
        .map_err(|e| (e.to_string(), e.is_permanent()))
}

/// Delivers due mail in the background: when woken by a new message, and every 30 seconds
/// for retries and for messages other nodes queued.
pub fn spawn_sender(state: Platform) -> tokio::task::JoinHandle<()> {
    let state = Arc::new(state);
    tokio::spawn(async move {
        if state.mailer().relay.is_none() {
            return;
        }
        loop {
            if let Err(e) = deliver_due(&state).await {
                tracing::error!(error = %e, "delivering email");
            }
            let _ =
                tokio::time::timeout(Duration::from_secs(30), state.mailer().wake.notified()).await;
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attachment_goes_beside_the_text() {
        let email = Email {
            site_id: tessera_core::ids::SiteId::new(),
            id: "e1".into(),
            kind: "booking_confirmed".into(),
            to: "cy@example.com".into(),
            subject: "Booked".into(),
            text: "See you".into(),
            html: "<p>See you</p>".into(),
            status: "queued".into(),
            attempts: 0,
            next_attempt_at: 0,
            last_error: None,
            created_at: 0,
            sent_at: None,
            attachment: Some(tessera_core::members::Attachment {
                name: "booking.ics".into(),
                content_type: "text/calendar; charset=utf-8".into(),
                content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
            }),
        };
        let message = Message::builder()
            .from("shop@example.com".parse().unwrap())
            .to("cy@example.com".parse().unwrap())
            .subject("Booked")
            .multipart(body(&email))
            .unwrap();
        let raw = String::from_utf8(message.formatted()).unwrap();
        assert!(raw.contains("multipart/mixed"), "{raw}");
        assert!(
            raw.contains("Content-Disposition: attachment; filename=\"booking.ics\""),
            "{raw}"
        );
        assert!(raw.contains("Content-Type: text/calendar"), "{raw}");
        assert!(raw.contains("See you"), "{raw}");
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), 30_000);
        assert_eq!(backoff(2), 120_000);
        assert_eq!(backoff(3), 480_000);
        assert_eq!(backoff(20), 6 * 3600 * 1000);
    }

    #[test]
    fn html_is_escaped() {
        let brand = Brand {
            name: "<Shop>".into(),
            color: "#000".into(),
        };
        let (text, html) = compose(
            &brand,
            &Outgoing {
                kind: "t",
                to: "a@b.io",
                subject: "s".into(),
                paragraphs: vec!["Hi <b>".into()],
                action: Some(("Go".into(), "https://x.io/?a=1&b=2".into())),
            },
        );
        assert!(text.contains("Go: https://x.io/?a=1&b=2"));
        assert!(html.contains("&lt;Shop&gt;") && html.contains("Hi &lt;b&gt;"));
        assert!(html.contains("https://x.io/?a=1&amp;b=2"));
    }
}
