//! Slowing guessing and flooding down, counted in the database so that every server node of
//! one database counts together.
//!
//! Failed logins are counted per client address and per account from that address, never
//! per account alone: an attacker elsewhere cannot lock the owner out, and a right password
//! from another address still works. Past a number of free failures, each further try waits
//! a delay that doubles with every failure, up to a cap. Reset emails are capped per address
//! and per client, and the caller cannot tell a capped request from a sent one.

use std::net::IpAddr;

use tessera_core::{Error, Millis, ThrottleStore};

const SECOND: Millis = 1000;
const HOUR: Millis = 3600 * SECOND;
/// Attempts older than this are forgotten, whatever they were.
const KEPT: Millis = 24 * HOUR;

/// Failed logins for one account from one client address, in a day, before they are slowed
/// down (a right password from there clears them).
pub const FREE_FAILURES_PER_ACCOUNT_AND_CLIENT: i64 = 5;
/// Failed logins from one client address (any account), in an hour, before they are slowed
/// down: an address many people share (an office, a mobile network) forgets sooner.
pub const FREE_FAILURES_PER_CLIENT: i64 = 50;
/// The first wait past the free failures; it doubles with each further failure.
const FIRST_WAIT: Millis = 15 * SECOND;
/// The longest wait.
const MAX_WAIT: Millis = 15 * 60 * SECOND;

/// Reset emails per address, and per client address, in `RESET_WINDOW`.
pub const RESETS_PER_WINDOW: i64 = 3;
const RESET_WINDOW: Millis = HOUR;

/// Longest email address (RFC 3696); no longer one counts apart from its start.
const MAX_EMAIL_CHARS: usize = 320;

fn client(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "unknown".to_string(), |ip| ip.to_string())
}

/// What failed logins are counted against: the client address, and the account from it.
/// `scope` keeps the dashboard's and each site's members' apart.
fn login_subjects(scope: &str, account: &str, ip: Option<IpAddr>) -> [String; 2] {
    let ip = client(ip);
    // A login's email is not checked first: a long one is not stored whole with each try.
    let account: String = account.chars().take(MAX_EMAIL_CHARS).collect();
    [
        format!("login:{scope}:client:{ip}"),
        format!("login:{scope}:account:{account}:client:{ip}"),
    ]
}

/// How long after the latest of `failures` the next try waits: nothing while they are at
/// most `free`, then `FIRST_WAIT` doubling per failure, at most `MAX_WAIT`.
fn wait_after(failures: i64, free: i64) -> Millis {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(16);
    (FIRST_WAIT << doublings).min(MAX_WAIT)
}

/// `RateLimited` while the client, or this account from this client, must still wait.
pub async fn check_login(
    store: &dyn ThrottleStore,
    scope: &str,
    account: &str,
    ip: Option<IpAddr>,
    now: Millis,
) -> Result<(), Error> {
    let [per_client, per_pair] = login_subjects(scope, account, ip);
    let mut until = 0;
    for (subject, free, window) in [
        (per_client, FREE_FAILURES_PER_CLIENT, HOUR),
        (per_pair, FREE_FAILURES_PER_ACCOUNT_AND_CLIENT, KEPT),
    ] {
        let (failures, latest) = store.attempts(&subject, now - window).await?;
        if let Some(latest) = latest {
            until = until.max(latest + wait_after(failures, free));
        }
    }
    if until > now {
        let secs = (until - now + SECOND - 1) / SECOND;
        return Err(Error::RateLimited {
            retry_after_secs: u64::try_from(secs).unwrap_or(1),
        });
    }
    Ok(())
}

pub async fn login_failed(
    store: &dyn ThrottleStore,
    scope: &str,
    account: &str,
    ip: Option<IpAddr>,
    now: Millis,
) -> Result<(), Error> {
    for subject in login_subjects(scope, account, ip) {
        store.add_attempt(&subject, now, now - KEPT).await?;
    }
    Ok(())
}

/// A right password clears the account's failures from this client (not the client's own).
pub async fn login_succeeded(
    store: &dyn ThrottleStore,
    scope: &str,
    account: &str,
    ip: Option<IpAddr>,
) -> Result<(), Error> {
    let [_, per_pair] = login_subjects(scope, account, ip);
    store.clear_attempts(&per_pair).await
}

/// Whether another reset email may go to `email` at the request of client `ip` (`None` for
/// site code, which counts per address only), counting this one when it may. The answer is
/// for the server alone: callers answer the same either way.
pub async fn reset_email_allowed(
    store: &dyn ThrottleStore,
    scope: &str,
    email: &str,
    ip: Option<IpAddr>,
    now: Millis,
) -> Result<bool, Error> {
    let mut subjects = vec![format!("reset:{scope}:email:{email}")];
    subjects.extend(ip.map(|ip| format!("reset:{scope}:client:{ip}")));
    for subject in &subjects {
        let (sent, _) = store.attempts(subject, now - RESET_WINDOW).await?;
        if sent >= RESETS_PER_WINDOW {
            return Ok(false);
        }
    }
    for subject in &subjects {
        store.add_attempt(subject, now, now - KEPT).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_past_the_free_failures_up_to_the_cap() {
        assert_eq!(wait_after(4, 5), 0);
        assert_eq!(wait_after(5, 5), 15 * SECOND);
        assert_eq!(wait_after(6, 5), 30 * SECOND);
        assert_eq!(wait_after(9, 5), 240 * SECOND);
        assert_eq!(wait_after(12, 5), MAX_WAIT);
        assert_eq!(wait_after(i64::MAX, 5), MAX_WAIT);
    }
}
