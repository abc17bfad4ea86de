//! Site secrets for backend code (`wix-secrets-backend`): values are sealed with the
//! server's key before they are stored and never shown again.

use serde_json::{Value, json};
use tessera_core::{Error, ids::SiteId, sites::Site, store::SecretInfo};

use crate::{Platform, time};

/// Longest secret value.
const MAX_SECRET_BYTES: usize = 64 * 1024;

pub fn check_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "name",
            "use 1 to 100 letters, digits, '_' or '-'",
        ))
    }
}

pub fn check_value(value: &str) -> Result<(), Error> {
    if value.len() > MAX_SECRET_BYTES {
        return Err(Error::invalid(
            "value",
            format!("is longer than {MAX_SECRET_BYTES} bytes"),
        ));
    }
    Ok(())
}

/// Longest description.
const MAX_DESCRIPTION_CHARS: usize = 1000;

pub fn check_description(description: &str) -> Result<(), Error> {
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(
            "description",
            format!("is longer than {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    Ok(())
}

/// A secret's value, opened with the server's key (None when the site has no such secret).
pub async fn value(state: &Platform, site: SiteId, name: &str) -> Result<Option<String>, Error> {
    let Some(sealed) = state.store().secret(site, name).await? else {
        return Ok(None);
    };
    state
        .config()
        .secret_key
        .open(site, name, &sealed)
        .map(Some)
        .map_err(|e| Error::internal(format!("opening secret {name}: {e}")))
}

/// The site's secret that `which` picks.
pub async fn find(
    state: &Platform,
    site: &Site,
    which: impl Fn(&SecretInfo) -> bool,
) -> Result<SecretInfo, Error> {
    state
        .store()
        .secrets(site.id)
        .await?
        .into_iter()
        .find(which)
        .ok_or(Error::NotFound("secret"))
}

/// Site code's `wix-secrets-backend.v2` (`@wix/secrets`): the site's own backend manages
/// its secrets through the same store and sealing as the dashboard API.
pub async fn code_call(state: &Platform, site: &Site, p: &Value) -> Result<Value, Error> {
    let text = |key: &'static str| -> Result<Option<String>, Error> {
        match &p[key] {
            Value::Null => Ok(None),
            Value::String(s) => Ok(Some(s.clone())),
            _ => Err(Error::invalid(key, "must be a string")),
        }
    };
    let required = |key: &'static str| -> Result<String, Error> {
        text(key)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::invalid(key, "is required"))
    };
    let key = &state.config().secret_key;
    let store = state.store();
    match p["action"].as_str().unwrap_or_default() {
        "create" => {
            let info = SecretInfo {
                id: uuid::Uuid::new_v4().to_string(),
                name: required("name")?,
                description: text("description")?.unwrap_or_default(),
                created_at: 0,
                updated_at: 0,
            };
            let value = text("value")?.ok_or_else(|| Error::invalid("value", "is required"))?;
            check_name(&info.name)?;
            check_value(&value)?;
            check_description(&info.description)?;
            let sealed = key.seal(site.id, &info.name, &value);
            store.create_secret(site.id, &info, &sealed).await?;
            Ok(json!({ "_id": info.id }))
        }
        "update" => {
            let id = required("id")?;
            let current = find(state, site, |s| s.id == id).await?;
            let value = match text("value")? {
                Some(v) => v,
                None => {
                    let sealed = store
                        .secret(site.id, &current.name)
                        .await?
                        .ok_or(Error::NotFound("secret"))?;
                    key.open(site.id, &current.name, &sealed)?
                }
            };
            let info = SecretInfo {
                name: text("name")?.unwrap_or_else(|| current.name.clone()),
                description: text("description")?.unwrap_or_else(|| current.description.clone()),
                ..current.clone()
            };
            check_name(&info.name)?;
            check_value(&value)?;
            check_description(&info.description)?;
            // Sealed under its (new) name, so a renamed secret opens only by that name.
            let sealed = key.seal(site.id, &info.name, &value);
            store
                .update_secret(site.id, &current.name, &info, &sealed)
                .await?;
            Ok(Value::Null)
        }
        "list" => {
            let secrets: Vec<Value> = store
                .secrets(site.id)
                .await?
                .into_iter()
                .map(|s| {
                    json!({
                        "_id": s.id, "name": s.name, "description": s.description,
                        "_createdDate": time(s.created_at), "_updatedDate": time(s.updated_at),
                    })
                })
                .collect();
            Ok(json!({ "secrets": secrets }))
        }
        "delete" => {
            let id = required("id")?;
            let current = find(state, site, |s| s.id == id).await?;
            store
                .delete_secret(site.id, &current.name, Some(&id))
                .await?;
            Ok(Value::Null)
        }
        other => Err(Error::invalid(
            "action",
            format!("wix-secrets-backend.v2 has no {other}"),
        )),
    }
}
