//! Staff members (`/bookings/v1/staff-members`): who serves appointments and teaches
//! classes, with their working hours per weekday (or the business's) and time off.

use serde_json::{Map, Value, json};
use tessera_core::{
    Millis,
    data::{FieldType, Item},
    sites::Site,
};
use tessera_platform::{
    Platform, WixError, WixResult,
    records::{At, Kind},
};

use crate::{
    entities::{self, Entity},
    schedule::{self, DayHours},
};

pub struct StaffMembers;

impl Entity for StaffMembers {
    const KIND: Kind = Kind {
        id: "Bookings/StaffMembers",
        name: "Staff members",
        fields: &[("name", FieldType::Text), ("email", FieldType::Text)],
        indexes: &[],
        public: true,
    };
    const ONE: &'static str = "staffMember";
    const MANY: &'static str = "staffMembers";
    const PATH: &'static str = "/bookings/v1/staff-members";
    const MAX: u64 = 200;
    const PUBLIC: bool = true;

    async fn parse(_p: &Platform, _site: &Site, v: &Value) -> WixResult<Map<String, Value>> {
        parse(v)
    }

    fn view(item: &Item) -> Value {
        let mut v = entities::view(item);
        v["timeOff"] = item.data.get("timeOff").cloned().unwrap_or(json!([]));
        v["resourceId"] = json!(item.id);
        v
    }
}

/// A staff member as availability reads them.
#[derive(Clone, Debug)]
pub struct Staff {
    pub name: String,
    /// None: the business's hours.
    pub hours: Option<Vec<DayHours>>,
    pub time_off: Vec<(Millis, Millis)>,
}

impl Staff {
    pub fn of(item: &Item) -> Staff {
        let d = &item.data;
        Staff {
            name: d.at("name").as_str().unwrap_or_default().to_string(),
            hours: match d.at("workingHours") {
                Value::Null => None,
                h => schedule::parse_hours(h, "workingHours").ok(),
            },
            time_off: time_off(d.at("timeOff"), "timeOff").unwrap_or_default(),
        }
    }
}

fn time_off(v: &Value, field: &str) -> WixResult<Vec<(Millis, Millis)>> {
    let list = match v {
        Value::Null => return Ok(Vec::new()),
        Value::Array(l) if l.len() <= 500 => l,
        _ => {
            return Err(WixError::bad_request(format!(
                "{field}: an array of at most 500"
            )));
        }
    };
    list.iter()
        .enumerate()
        .map(|(i, t)| {
            let at = format!("{field}[{i}]");
            let time = |k: &str| {
                t[k].as_str()
                    .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                    .map(|d| d.timestamp_millis())
                    .ok_or_else(|| WixError::bad_request(format!("{at}.{k}: an ISO 8601 date")))
            };
            let (s, e) = (time("start")?, time("end")?);
            if e <= s {
                return Err(WixError::bad_request(format!("{at}.end: after its start")));
            }
            Ok((s, e))
        })
        .collect()
}

/// Checks a staff member as sent, answering the fields to store.
fn parse(v: &Value) -> WixResult<Map<String, Value>> {
    let name = v["name"].as_str().map(str::trim).unwrap_or_default();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(WixError::bad_request(
            "staffMember.name: is required, at most 100 characters",
        ));
    }
    let email = v["email"].as_str().unwrap_or_default().trim();
    if !email.is_empty() && (!email.contains('@') || email.len() > 200) {
        return Err(WixError::bad_request("staffMember.email: an email address"));
    }
    let mut data = Map::new();
    data.insert("name".into(), json!(name));
    data.insert("email".into(), json!(email));
    for k in ["phone", "description"] {
        match &v[k] {
            Value::Null => {}
            Value::String(s) if s.len() <= 2000 => {
                data.insert(k.into(), json!(s));
            }
            _ => return Err(WixError::bad_request(format!("staffMember.{k}: a text"))),
        }
    }
    if !v["mainMedia"].is_null() {
        data.insert("mainMedia".into(), v["mainMedia"].clone());
    }
    match &v["workingHours"] {
        Value::Null => {}
        h => {
            let hours = schedule::parse_hours(h, "staffMember.workingHours")?;
            data.insert("workingHours".into(), schedule::hours_json(&hours));
        }
    }
    time_off(&v["timeOff"], "staffMember.timeOff")?;
    if !v["timeOff"].is_null() {
        data.insert("timeOff".into(), v["timeOff"].clone());
    }
    Ok(data)
}

/// Every staff member of the site.
pub async fn all(p: &Platform, site: &Site) -> WixResult<Vec<Item>> {
    entities::all::<StaffMembers>(p, site).await
}
