//! Input rules shared by every front end (HTTP, CLI). Each error names the field.

use crate::{Error, Result};

/// Site slugs are DNS labels: they become `<slug>.<dashboard host>`.
pub fn slug(s: &str) -> Result<()> {
    let ok_chars = s
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !(2..=63).contains(&s.len()) || !ok_chars {
        return Err(Error::invalid(
            "slug",
            "must be 2 to 63 characters of a-z, 0-9 and '-'",
        ));
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Err(Error::invalid("slug", "must not start or end with '-'"));
    }
    if RESERVED_SLUGS.contains(&s) {
        return Err(Error::invalid("slug", format!("'{s}' is reserved")));
    }
    Ok(())
}

const RESERVED_SLUGS: &[&str] = &[
    "www",
    "api",
    "admin",
    "app",
    "dashboard",
    "static",
    "assets",
];

/// A display name: trimmed, 1 to 100 characters.
pub fn name(field: &'static str, s: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 100 {
        return Err(Error::invalid(field, "must be 1 to 100 characters"));
    }
    Ok(t.to_string())
}

/// Returns the normalised (trimmed, lower-case) email.
pub fn email(s: &str) -> Result<String> {
    let e = s.trim().to_lowercase();
    let valid = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && !domain.contains('@') && hostname_ok(domain)
        });
    if !valid {
        return Err(Error::invalid("email", "must be a valid email address"));
    }
    Ok(e)
}

pub fn password(s: &str) -> Result<()> {
    let n = s.chars().count();
    if n < 8 {
        return Err(Error::invalid("password", "must be at least 8 characters"));
    }
    if n > 256 {
        return Err(Error::invalid("password", "must be at most 256 characters"));
    }
    Ok(())
}

/// Returns the normalised (lower-case, no trailing dot) custom domain.
pub fn domain(s: &str) -> Result<String> {
    let d = s.trim().trim_end_matches('.').to_lowercase();
    if !hostname_ok(&d) {
        return Err(Error::invalid(
            "domain",
            "must be a host name such as www.example.com",
        ));
    }
    Ok(d)
}

/// At least two dot-separated DNS labels, 253 characters at most.
fn hostname_ok(h: &str) -> bool {
    let labels: Vec<&str> = h.split('.').collect();
    h.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["ab", "my-shop", "shop2", &"a".repeat(63)] {
            assert!(slug(ok).is_ok(), "{ok}");
        }
        for bad in [
            "a",
            "My-Shop",
            "my_shop",
            "-ab",
            "ab-",
            "www",
            &"a".repeat(64),
            "ü-x",
        ] {
            assert!(slug(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_are_normalised() {
        assert_eq!(email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "a b@example.com",
            "ann@localhost",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn domains() {
        assert_eq!(domain("WWW.Example.com.").unwrap(), "www.example.com");
        for bad in [
            "example",
            "exa mple.com",
            "-x.com",
            "x..com",
            "http://x.com",
        ] {
            assert!(domain(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_and_passwords() {
        assert_eq!(name("name", "  Bakery ").unwrap(), "Bakery");
        assert!(name("name", "   ").is_err());
        assert!(password("short").is_err());
        assert!(password("long enough").is_ok());
    }
}
