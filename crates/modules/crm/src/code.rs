//! `wix-crm-backend` in site code: the site's contacts, as the site's admin, in Velo's shapes.

use serde_json::{Value, json};
use tessera_core::{Error, Result, sites::Site};
use tessera_platform::{
    Platform,
    contacts::{
        ContactInput, contacts_collection, delete_contact, find_by_email, labels, merge_into,
        overwrite, save, upsert, velo_contact,
    },
    module::HostError,
    notifications,
};

/// Velo's `contactInfo` (`{name, emails: [{email}], phones, labelKeys, company}`).
fn input_from_velo(info: &Value) -> Result<ContactInput> {
    let text = |v: &Value| {
        v.as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let email = match info["emails"].get(0).map(|e| &e["email"]) {
        Some(Value::String(e)) => Some(tessera_core::members::normalize_email(
            "contactInfo.emails[0].email",
            e,
        )?),
        _ => None,
    };
    Ok(ContactInput {
        email,
        first_name: text(&info["name"]["first"]),
        last_name: text(&info["name"]["last"]),
        phone: info["phones"].get(0).and_then(|p| text(&p["phone"])),
        company: text(&info["company"]),
        labels: info["labelKeys"]
            .as_array()
            .map(|a| a.iter().filter_map(text).collect())
            .unwrap_or_default(),
        member_id: None,
        id: None,
        source: "ADMIN",
    })
}

/// Site code's `wix-crm-backend`: the site's contacts, as the site's admin.
pub async fn code_call(
    state: &Platform,
    site: &Site,
    p: &Value,
) -> std::result::Result<Value, HostError> {
    let failed = HostError::new;
    let error = |e: Error| match e {
        Error::InvalidArgument { .. } => failed("INVALID_ARGUMENT", e.to_string()),
        e => failed("INTERNAL", e.to_string()),
    };
    let id = p["id"].as_str().unwrap_or_default();
    let c = contacts_collection(state, site).await.map_err(error)?;
    let load = || async {
        state
            .store()
            .item(&c, id)
            .await
            .map_err(error)?
            .ok_or_else(|| failed("CONTACT_NOT_FOUND", format!("contact {id} does not exist")))
    };
    match p["action"].as_str().unwrap_or_default() {
        action @ ("create" | "appendOrCreate") => {
            let input = input_from_velo(&p["info"]).map_err(error)?;
            if action == "create"
                && !p["allowDuplicates"].as_bool().unwrap_or(false)
                && let Some(email) = &input.email
                && find_by_email(state, &c, email)
                    .await
                    .map_err(error)?
                    .is_some()
            {
                return Err(failed(
                    "DUPLICATE_CONTACT_EXISTS",
                    format!("a contact with the email {email} exists"),
                ));
            }
            let (item, _) = upsert(state, site, input).await.map_err(error)?;
            if action == "create" {
                return Ok(velo_contact(&item));
            }
            let member = item.data.get("memberId").is_some_and(|m| m.is_string());
            Ok(
                json!({ "contactId": item.id, "identityType": if member { "MEMBER" } else { "CONTACT" } }),
            )
        }
        "get" => Ok(velo_contact(&load().await?)),
        "notify" => {
            notifications::notify(state, site, p).await.map_err(error)?;
            Ok(Value::Null)
        }
        action @ ("update" | "label") => {
            let mut item = load().await?;
            let had = labels(&item);
            if action == "update" {
                let input = input_from_velo(&p["info"]).map_err(error)?;
                overwrite(&mut item.data, input, p["info"]["labelKeys"].is_array());
            } else {
                let labels = p["labelKeys"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                merge_into(
                    &mut item.data,
                    &ContactInput {
                        labels,
                        ..ContactInput::default()
                    },
                );
            }
            let stored = save(state, site, item, &had)
                .await
                .map_err(error)?
                .ok_or_else(|| {
                    failed("CONTACT_NOT_FOUND", format!("contact {id} does not exist"))
                })?;
            Ok(velo_contact(&stored))
        }
        "delete" => {
            if !delete_contact(state, site, id).await.map_err(error)? {
                return Err(failed(
                    "CONTACT_NOT_FOUND",
                    format!("contact {id} does not exist"),
                ));
            }
            Ok(Value::Null)
        }
        other => Err(failed(
            "UNKNOWN_OPERATION",
            format!("wix-crm-backend has no {other}"),
        )),
    }
}
