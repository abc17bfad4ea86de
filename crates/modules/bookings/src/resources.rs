//! Resources other than staff (`/bookings/v2/resources`) and their types
//! (`/bookings/v2/resources/resource-types`): rooms, chairs, equipment. An appointment
//! service that needs a type (`serviceResources: [{resourceType: {id}}]`) is offered only
//! when one resource of each such type is free too, and its bookings hold one, so that two
//! never share it. A resource without working hours is there around the clock, as on Wix.
//! Only the business sees them.

use std::sync::Arc;

use serde_json::{Map, Value, json};
use tessera_core::{data::FieldType, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    records::{At, Kind},
};

use crate::{
    entities::{self, Entity},
    schedule::{self, DayHours},
};

pub struct ResourceTypes;

impl Entity for ResourceTypes {
    const KIND: Kind = Kind {
        id: "Bookings/ResourceTypes",
        name: "Resource types",
        fields: &[("name", FieldType::Text)],
        indexes: &[],
        public: false,
    };
    const ONE: &'static str = "resourceType";
    const MANY: &'static str = "resourceTypes";
    const PATH: &'static str = "/bookings/v2/resources/resource-types";
    const MAX: u64 = 50;
    const PUBLIC: bool = false;

    async fn parse(_p: &Platform, _site: &Site, v: &Value) -> WixResult<Map<String, Value>> {
        let mut data = Map::new();
        data.insert(
            "name".into(),
            json!(entities::name(&v["name"], "resourceType.name", 40)?),
        );
        Ok(data)
    }

    async fn removable(p: &Platform, site: &Site, id: &str) -> WixResult<()> {
        let busy = |what: String| {
            Err(WixError::new(
                WixCode::FailedPrecondition,
                format!("resource type {id} is still used by {what}"),
            ))
        };
        if let Some(r) = entities::all::<Resources>(p, site)
            .await?
            .into_iter()
            .find(|r| r.data.at("typeId") == id)
        {
            return busy(format!("resource {}", r.id));
        }
        for item in crate::services::all(p, site, true).await? {
            if crate::services::Service::of(&item)?
                .resource_types
                .iter()
                .any(|t| t == id)
            {
                return busy(format!("service {}", item.id));
            }
        }
        Ok(())
    }
}

pub struct Resources;

impl Entity for Resources {
    const KIND: Kind = Kind {
        id: "Bookings/Resources",
        name: "Resources",
        fields: &[("name", FieldType::Text), ("typeId", FieldType::Text)],
        indexes: &[],
        public: false,
    };
    const ONE: &'static str = "resource";
    const MANY: &'static str = "resources";
    const PATH: &'static str = "/bookings/v2/resources";
    const MAX: u64 = 500;
    const PUBLIC: bool = false;

    async fn parse(p: &Platform, site: &Site, v: &Value) -> WixResult<Map<String, Value>> {
        let mut data = Map::new();
        data.insert(
            "name".into(),
            json!(entities::name(&v["name"], "resource.name", 40)?),
        );
        let type_id = v["typeId"]
            .as_str()
            .ok_or_else(|| WixError::bad_request("resource.typeId: is required"))?;
        entities::get::<ResourceTypes>(p, site, type_id)
            .await
            .map_err(|_| {
                WixError::bad_request(format!("resource.typeId: no resource type {type_id}"))
            })?;
        data.insert("typeId".into(), json!(type_id));
        if !v["workingHours"].is_null() {
            let hours = schedule::parse_hours(&v["workingHours"], "resource.workingHours")?;
            data.insert("workingHours".into(), schedule::hours_json(&hours));
        }
        Ok(data)
    }
}

/// A resource as availability reads it.
pub struct Resource {
    /// Id and name, shared by the slots that hold it.
    pub who: Arc<(String, String)>,
    pub type_id: String,
    /// None: around the clock.
    pub hours: Option<Vec<DayHours>>,
}

/// The resources of the types in `types`.
pub async fn of_types(p: &Platform, site: &Site, types: &[String]) -> WixResult<Vec<Resource>> {
    if types.is_empty() {
        return Ok(Vec::new());
    }
    Ok(entities::all::<Resources>(p, site)
        .await?
        .into_iter()
        .filter_map(|r| {
            let type_id = r.data.at("typeId").as_str()?.to_string();
            types.contains(&type_id).then(|| Resource {
                who: Arc::new((
                    r.id.clone(),
                    r.data.at("name").as_str().unwrap_or_default().to_string(),
                )),
                type_id,
                hours: match r.data.at("workingHours") {
                    Value::Null => None,
                    h => schedule::parse_hours(h, "workingHours").ok(),
                },
            })
        })
        .collect())
}
