//! What a plan unlocks: its member role, held by a member exactly while they have an ACTIVE
//! order of the plan (pages with `Visibility::Roles` and collections limited to the role
//! open for them), and the booking sessions its orders carry, used up by the bookings
//! module through the `plans` host operation (`useSession`).

use serde_json::{Value, json};
use tessera_core::{plans::PlanOrderFilter, sites::Site};
use tessera_platform::{Platform, WixResult};

/// Gives or takes the plan's role as the member's orders of it now say.
pub async fn sync(p: &Platform, site: &Site, member: &str, plan: &str) -> WixResult<()> {
    let (active, _) = p
        .store()
        .plan_orders(
            site.id,
            &PlanOrderFilter {
                plan_ids: vec![plan.into()],
                member_id: Some(member.into()),
                statuses: vec!["ACTIVE".into()],
            },
            0,
            1,
        )
        .await?;
    let Some(role) = role_of(p, site, plan).await? else {
        return Ok(());
    };
    let Some(m) = p.store().member(site.id, member).await? else {
        return Ok(());
    };
    let holds = m.roles.contains(&role);
    let should = !active.is_empty();
    if holds == should {
        return Ok(());
    }
    let mut roles: Vec<String> = m.roles.iter().filter(|r| **r != role).cloned().collect();
    if should {
        roles.push(role);
    }
    tessera_platform::members::set_roles(p, site, member, roles).await?;
    Ok(())
}

async fn role_of(p: &Platform, site: &Site, plan: &str) -> WixResult<Option<String>> {
    match crate::plans::get(p, site, plan).await {
        Ok(item) => Ok(item
            .data
            .get("roleId")
            .and_then(Value::as_str)
            .map(str::to_string)),
        Err(_) => Ok(None),
    }
}

/// `useSession {memberId, serviceId}`: takes one booking session from the member's ACTIVE
/// orders whose plan covers the service; `{ok: true, orderId, remaining}` or `{ok: false,
/// reason}`.
pub async fn use_session(
    p: &Platform,
    site: &Site,
    member: &str,
    service: &str,
) -> WixResult<Value> {
    let (active, _) = p
        .store()
        .plan_orders(
            site.id,
            &PlanOrderFilter {
                plan_ids: Vec::new(),
                member_id: Some(member.into()),
                statuses: vec!["ACTIVE".into()],
            },
            0,
            100,
        )
        .await?;
    for o in active {
        let s = &o.doc["benefits"]["bookingSessions"];
        let covers = s["serviceIds"]
            .as_array()
            .is_some_and(|ids| ids.iter().any(|i| i == service));
        if !covers {
            continue;
        }
        let mut taken = false;
        let done = crate::orders::change(p, site, &o.id, |x| {
            let s = &mut x.doc["benefits"]["bookingSessions"];
            let (total, used) = (
                s["total"].as_i64().unwrap_or(0),
                s["used"].as_i64().unwrap_or(0),
            );
            taken = x.status == "ACTIVE" && used < total;
            if taken {
                s["used"] = json!(used + 1);
            }
            Ok(())
        })
        .await?;
        if taken {
            let s = &done.doc["benefits"]["bookingSessions"];
            let remaining = s["total"].as_i64().unwrap_or(0) - s["used"].as_i64().unwrap_or(0);
            return Ok(json!({ "ok": true, "orderId": done.id, "remaining": remaining }));
        }
    }
    Ok(
        json!({ "ok": false, "reason": format!("member {member} has no active plan with a session left for service {service}") }),
    )
}

/// `giveBackSession {orderId}`: a booking paid with a session of the order was canceled, so
/// the session is the member's again (never below none used).
pub async fn give_back_session(p: &Platform, site: &Site, order: &str) -> WixResult<Value> {
    let done = crate::orders::change(p, site, order, |x| {
        let s = &mut x.doc["benefits"]["bookingSessions"];
        let used = s["used"].as_i64().unwrap_or(0);
        if used > 0 {
            s["used"] = json!(used - 1);
        }
        Ok(())
    })
    .await?;
    let s = &done.doc["benefits"]["bookingSessions"];
    let remaining = s["total"].as_i64().unwrap_or(0) - s["used"].as_i64().unwrap_or(0);
    Ok(json!({ "ok": true, "orderId": done.id, "remaining": remaining }))
}
