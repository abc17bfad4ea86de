//! Service categories (`/bookings/v2/categories`): services of a category are listed
//! together on the site, in the categories' `sortOrder`. A service keeps its category's id,
//! name and order, rewritten when the category changes; a deleted category leaves its
//! services uncategorized.

use serde_json::{Map, Value, json};
use tessera_core::{
    data::{FieldType, Item},
    sites::Site,
};
use tessera_platform::{
    Platform, WixError, WixResult,
    records::{At, Kind},
};

use crate::{
    entities::{self, Entity},
    services::SERVICES,
};

pub struct Categories;

impl Entity for Categories {
    const KIND: Kind = Kind {
        id: "Bookings/Categories",
        name: "Service categories",
        fields: &[("name", FieldType::Text), ("sortOrder", FieldType::Number)],
        indexes: &[],
        public: true,
    };
    const ONE: &'static str = "category";
    const MANY: &'static str = "categories";
    const PATH: &'static str = "/bookings/v2/categories";
    const MAX: u64 = 100;
    const PUBLIC: bool = true;

    async fn parse(_p: &Platform, _site: &Site, v: &Value) -> WixResult<Map<String, Value>> {
        let mut data = Map::new();
        data.insert(
            "name".into(),
            json!(entities::name(&v["name"], "category.name", 100)?),
        );
        let order = match &v["sortOrder"] {
            Value::Null => 0,
            n => n
                .as_i64()
                .filter(|n| (0..=10_000).contains(n))
                .ok_or_else(|| {
                    WixError::bad_request("category.sortOrder: a whole number from 0 to 10000")
                })?,
        };
        data.insert("sortOrder".into(), json!(order));
        Ok(data)
    }

    async fn changed(p: &Platform, site: &Site, id: &str, now: Option<&Item>) -> WixResult<()> {
        for mut service in crate::services::all(p, site, true).await? {
            if service.data.at("category")["id"] != id {
                continue;
            }
            match now {
                Some(c) => {
                    service.data.insert("category".into(), summary(c));
                }
                None => {
                    service.data.remove("category");
                }
            }
            SERVICES.save(p, site, &service).await?;
        }
        Ok(())
    }
}

/// What a service keeps of its category.
fn summary(c: &Item) -> Value {
    json!({"id": c.id, "name": c.data.at("name"), "sortOrder": c.data.at("sortOrder")})
}

/// A service's `category` as sent, as it keeps it: one named by `id` must exist; one named by
/// its `name` only is found by that name, or made.
pub async fn resolve(p: &Platform, site: &Site, sent: &Value) -> WixResult<Value> {
    if sent.is_null() {
        return Ok(Value::Null);
    }
    if let Some(id) = sent["id"].as_str() {
        let c = entities::get::<Categories>(p, site, id)
            .await
            .map_err(|_| WixError::bad_request(format!("service.category.id: no category {id}")))?;
        return Ok(summary(&c));
    }
    let name = entities::name(&sent["name"], "service.category.name", 100)?;
    let known = entities::all::<Categories>(p, site).await?;
    if let Some(c) = known.iter().find(|c| {
        c.data
            .at("name")
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(&name))
    }) {
        return Ok(summary(c));
    }
    let mut data = Categories::parse(p, site, &json!({ "name": name })).await?;
    data.insert("revision".into(), json!(1));
    let id = uuid::Uuid::new_v4().to_string();
    let c = Categories::KIND.insert(p, site, &id, data).await?;
    Ok(summary(&c))
}
