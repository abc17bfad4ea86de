//! Bookings over HTTP on every backend: services, staff and the business's hours; the
//! availability they give (working hours, time off, buffers, a DST change, capacity,
//! policy); bookings made, moved and canceled by their revision; paid bookings through the
//! store's checkout; reminders and unpaid holds; and no double booking under concurrency,
//! across two nodes on PostgreSQL.

use reqwest::{Client, Method};
use serde_json::{Value, json};
use tessera_core::store::Backend;
use tessera_testkit::{TestApp, backends, call};

mod shop;
use shop::{Shop, Visitor, code};

const BOOKINGS: &str = "13d21c63-b5ec-5912-8397-c3a5ddb27a97";

/// London, open 09:00–12:00 on weekdays; staff Ann on those hours, Bob on Mondays 10–12
/// with a day off on 2027-03-29; a 60-minute appointment with 15 minutes between, at 40.00.
async fn salon(shop: &Shop) -> (String, String, String) {
    shop.ok(
        Method::PATCH,
        "/_bookings/v1/settings",
        json!({"settings": {"timeZone": "Europe/London", "reminderHoursBefore": 24, "businessHours": [
            {"day": "MONDAY", "startTime": "09:00", "endTime": "12:00"},
            {"day": "TUESDAY", "startTime": "09:00", "endTime": "12:00"},
            {"day": "WEDNESDAY", "startTime": "09:00", "endTime": "12:00"},
            {"day": "THURSDAY", "startTime": "09:00", "endTime": "12:00"},
            {"day": "FRIDAY", "startTime": "09:00", "endTime": "12:00"},
        ]}}),
    )
    .await;
    let ann = shop
        .ok(
            Method::POST,
            "/bookings/v1/staff-members",
            json!({"staffMember": {"name": "Ann", "email": "ann@example.com"}}),
        )
        .await["staffMember"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let bob = shop
        .ok(
            Method::POST,
            "/bookings/v1/staff-members",
            json!({"staffMember": {"name": "Bob",
                "workingHours": [{"day": "MONDAY", "startTime": "10:00", "endTime": "12:00"}],
                "timeOff": [{"start": "2027-03-29T00:00:00+01:00", "end": "2027-03-30T00:00:00+01:00", "title": "Holiday"}]}}),
        )
        .await["staffMember"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let service = shop
        .ok(
            Method::POST,
            "/bookings/v2/services",
            json!({"service": {
                "type": "APPOINTMENT", "name": "Haircut",
                "schedule": {"availabilityConstraints": {"sessionDurations": [60], "timeBetweenSessions": 15}},
                "staffMemberIds": [ann, bob],
                "payment": {"rateType": "FIXED", "fixed": {"price": {"value": "40.00", "currency": "USD"}}, "options": {"online": true, "inPerson": true}},
                "bookingPolicy": {"cancellationPolicy": {"enabled": true, "latestCancellationInMinutes": 60}},
            }}),
        )
        .await["service"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (ann, bob, service)
}

/// Time slots v2 of `service` between two London local times, as `(local start, remaining,
/// bookable)`.
async fn slots(
    shop: &Shop,
    service: &str,
    from: &str,
    to: &str,
    tz: &str,
) -> Vec<(String, i64, bool)> {
    let b = shop
        .ok(
            Method::POST,
            "/_api/service-availability/v2/time-slots",
            json!({"serviceId": service, "fromLocalDate": from, "toLocalDate": to, "timeZone": tz}),
        )
        .await;
    b["timeSlots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["localStartDate"].as_str().unwrap()[5..16].to_string(),
                t["remainingCapacity"].as_i64().unwrap(),
                t["bookable"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn appointment(service: &str, start: &str, staff: Option<&str>, email: &str) -> Value {
    json!({"booking": {
        "bookedEntity": {"slot": {"serviceId": service, "startDate": start, "resource": staff.map(|s| json!({"id": s}))}},
        "contactDetails": {"firstName": "Cy", "email": email},
        "selectedPaymentOption": "OFFLINE",
    }})
}

#[tokio::test]
async fn availability_follows_hours_time_off_buffers_bookings_and_dst() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, bob, service) = salon(&shop).await;

        // Monday 2027-03-22 (GMT): Ann 09:00 and 10:15 (60 min + 15 between; 11:30 would
        // end past 12:00), Bob 10:00 (his own hours; 11:15 would end past them).
        assert_eq!(
            slots(
                &shop,
                &service,
                "2027-03-22T00:00:00",
                "2027-03-23T00:00:00",
                "Europe/London"
            )
            .await,
            [
                ("03-22T09:00".into(), 1, true),
                ("03-22T10:00".into(), 1, true),
                ("03-22T10:15".into(), 1, true),
            ]
        );
        // Monday 2027-03-29, the day after clocks go forward: still 09:00 local for Ann, and
        // Bob is off.
        assert_eq!(
            slots(
                &shop,
                &service,
                "2027-03-29T00:00:00",
                "2027-03-30T00:00:00",
                "Europe/London"
            )
            .await,
            [
                ("03-29T09:00".into(), 1, true),
                ("03-29T10:15".into(), 1, true)
            ]
        );
        // A visitor in New York sees the same times in theirs: 09:00 BST is 08:00 UTC, 04:00
        // in New York (on daylight time since 03-14); a week before it was 05:00.
        let ny = slots(
            &shop,
            &service,
            "2027-03-29T00:00:00",
            "2027-03-30T00:00:00",
            "America/New_York",
        )
        .await;
        assert_eq!(ny[0].0, "03-29T04:00");
        // Who is free is listed when asked for, as on Wix; naming staff keeps their times.
        let day = json!({"serviceId": service, "fromLocalDate": "2027-03-22T00:00:00", "toLocalDate": "2027-03-23T00:00:00"});
        let free = |b: &Value| -> Vec<(String, Option<Vec<String>>)> {
            let names = |t: &Value| -> Option<Vec<String>> {
                let list = t["availableResources"][0]["resources"].as_array()?;
                Some(
                    list.iter()
                        .map(|r| r["name"].as_str().unwrap().to_string())
                        .collect(),
                )
            };
            b["timeSlots"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    (
                        t["localStartDate"].as_str().unwrap()[11..16].to_string(),
                        names(t),
                    )
                })
                .collect()
        };
        let ask = |extra: Value| {
            let mut body = day.clone();
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            shop.ok(
                Method::POST,
                "/_api/service-availability/v2/time-slots",
                body,
            )
        };
        let listed = |t: &str, who: Option<&[&str]>| {
            (
                t.to_string(),
                who.map(|w| w.iter().map(|x| x.to_string()).collect()),
            )
        };
        assert_eq!(
            free(&ask(json!({})).await),
            [
                listed("09:00", None),
                listed("10:00", None),
                listed("10:15", None)
            ]
        );
        assert_eq!(
            free(&ask(json!({"includeResourceTypeIds": ["staff"]})).await),
            [
                listed("09:00", Some(&["Ann"])),
                listed("10:00", Some(&["Bob"])),
                listed("10:15", Some(&["Ann"]))
            ]
        );
        assert_eq!(
            free(&ask(json!({"resourceIds": [bob]})).await),
            [listed("10:00", Some(&["Bob"]))]
        );
        // The legacy calendar lists each staff member's slot in UTC.
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v1/availability/query",
                json!({"query": {"filter": {"serviceId": [service], "startDate": "2027-03-29T00:00:00Z", "endDate": "2027-03-30T00:00:00Z"}}}),
            )
            .await;
        let entries = b["availabilityEntries"].as_array().unwrap();
        assert_eq!(entries[0]["slot"]["startDate"], "2027-03-29T08:00:00.000Z");
        assert_eq!(entries[0]["slot"]["resource"]["id"], ann.as_str());
        assert_eq!(
            (
                entries[0]["openSpots"].as_i64(),
                entries[0]["totalSpots"].as_i64()
            ),
            (Some(1), Some(1))
        );

        // Ann booked at 09:00: her 09:00 is gone, and with the buffer nothing else moves.
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-22T09:00:00Z",
                    Some(&ann),
                    "cy@example.com",
                ),
            )
            .await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["booking"]["status"], "CONFIRMED");
        assert_eq!(
            b["booking"]["bookedEntity"]["slot"]["resource"]["name"],
            "Ann"
        );
        assert_eq!(
            slots(
                &shop,
                &service,
                "2027-03-22T00:00:00",
                "2027-03-23T00:00:00",
                "Europe/London"
            )
            .await[0],
            ("03-22T09:00".into(), 0, false)
        );
        // The same time again: taken; a time the service is not offered at: refused.
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-22T09:00:00Z",
                    Some(&ann),
                    "di@example.com",
                ),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "SLOT_NOT_AVAILABLE"), "{b}");
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-22T09:30:00Z",
                    Some(&ann),
                    "di@example.com",
                ),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "SLOT_NOT_AVAILABLE"), "{b}");
        // Without a staff member, the free one is chosen.
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(&service, "2027-03-22T10:15:00Z", None, "di@example.com"),
            )
            .await;
        assert_eq!(
            b["booking"]["bookedEntity"]["slot"]["resource"]["id"],
            ann.as_str(),
            "{backend:?} ann {ann} bob {bob}: {b} {:?}",
            slots(
                &shop,
                &service,
                "2027-03-22T00:00:00",
                "2027-03-23T00:00:00",
                "Europe/London"
            )
            .await
        );
        // The owner's override books over a taken time on purpose, flagged.
        let mut over = appointment(
            &service,
            "2027-03-22T09:00:00Z",
            Some(&ann),
            "ed@example.com",
        );
        over["flowControlSettings"] = json!({"skipAvailabilityValidation": true});
        let b = shop
            .ok(Method::POST, "/bookings/v2/bookings", over.clone())
            .await;
        assert_eq!(b["booking"]["doubleBooked"], true);
        // … which a visitor may not ask for.
        let (s, _) = Visitor::new(&shop.app)
            .call(Method::POST, "/bookings/v2/bookings", over)
            .await;
        assert_eq!(s, 403);

        // Bad input names the field and stores nothing.
        for (body, field) in [
            (
                json!({"service": {"type": "APPOINTMENT", "name": "X", "staffMemberIds": [bob]}}),
                "MISSING_APPOINTMENT_RESOURCES",
            ),
            (
                json!({"service": {"type": "CLASS", "name": "X", "defaultCapacity": 5}}),
                "service.schedule.sessions",
            ),
            (
                json!({"service": {"type": "APPOINTMENT", "name": "X", "staffMemberIds": ["nobody"], "schedule": {"availabilityConstraints": {"sessionDurations": [30]}}}}),
                "service.staffMemberIds",
            ),
            (
                json!({"service": {"type": "APPOINTMENT", "name": "X", "staffMemberIds": [bob], "schedule": {"availabilityConstraints": {"sessionDurations": [30]}}, "payment": {"rateType": "NO_FEE", "options": {"online": true}}}}),
                "INVALID_PAYMENT_OPTIONS",
            ),
        ] {
            let (s, b) = shop.wix(Method::POST, "/bookings/v2/services", body).await;
            assert_eq!(s, 400, "{b}");
            assert!(
                b["message"].as_str().unwrap_or_default().contains(field)
                    || b.to_string().contains(field),
                "{field}: {b}"
            );
        }
        let (s, b) = shop
            .wix(
                Method::PATCH,
                "/_bookings/v1/settings",
                json!({"settings": {"timeZone": "Mars/Olympus"}}),
            )
            .await;
        assert_eq!(s, 400, "{b}");
        assert!(b.to_string().contains("settings.timeZone"), "{b}");
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/services/query",
                json!({"query": {}}),
            )
            .await;
        assert_eq!(b["services"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn classes_have_a_capacity_and_the_policy_holds() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, _, _) = salon(&shop).await;
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/services",
                json!({"service": {
                    "type": "CLASS", "name": "Yoga", "defaultCapacity": 3,
                    "schedule": {"sessions": [{"start": "2027-03-22T18:00:00", "durationInMinutes": 60, "staffMemberId": ann,
                        "recurrenceRule": {"frequency": "WEEKLY", "days": ["MONDAY", "WEDNESDAY"], "until": "2027-04-01T00:00:00"}}]},
                    "bookingPolicy": {"participantsPolicy": {"maxParticipantsPerBooking": 2},
                        "limitEarlyBookingPolicy": {"enabled": true, "earliestBookingInMinutes": 525600}},
                }}),
            )
            .await;
        let yoga = b["service"]["id"].as_str().unwrap().to_string();
        let listed = slots(
            &shop,
            &yoga,
            "2027-03-22T00:00:00",
            "2027-04-05T00:00:00",
            "Europe/London",
        )
        .await;
        let starts: Vec<&str> = listed.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            starts,
            ["03-22T18:00", "03-24T18:00", "03-29T18:00", "03-31T18:00"]
        );
        let b = shop
            .ok(
                Method::POST,
                "/_api/service-availability/v2/time-slots",
                json!({"serviceId": yoga, "fromLocalDate": "2027-03-22T00:00:00", "toLocalDate": "2027-03-23T00:00:00"}),
            )
            .await;
        let event = b["timeSlots"][0]["eventInfo"]["eventId"]
            .as_str()
            .unwrap()
            .to_string();
        let book = |n: i64, email: &str| {
            json!({"booking": {"bookedEntity": {"slot": {"serviceId": yoga, "eventId": event}},
                "contactDetails": {"email": email}, "totalParticipants": n}})
        };
        let member = Visitor::member(&shop.app, "m1", &[]).await;
        let b = member
            .ok(Method::POST, "/bookings/v2/bookings", book(2, ""))
            .await;
        assert_eq!(b["booking"]["status"], "CONFIRMED");
        assert_eq!(b["booking"]["contactDetails"]["email"], "m1@members.test");
        // Three places, two taken: two more do not fit, one does.
        let (s, b) = Visitor::new(&shop.app)
            .call(
                Method::POST,
                "/bookings/v2/bookings",
                book(2, "x@example.com"),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "SLOT_NOT_AVAILABLE"), "{b}");
        let (s, b) = Visitor::new(&shop.app)
            .call(
                Method::POST,
                "/bookings/v2/bookings",
                book(3, "x@example.com"),
            )
            .await;
        assert_eq!(s, 400, "more than a booking may hold: {b}");
        Visitor::new(&shop.app)
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                book(1, "y@example.com"),
            )
            .await;
        let listed = slots(
            &shop,
            &yoga,
            "2027-03-22T00:00:00",
            "2027-03-23T00:00:00",
            "Europe/London",
        )
        .await;
        assert_eq!(listed, [("03-22T18:00".into(), 0, false)]);

        // "My bookings": the member's own, and only theirs.
        let mine = member
            .ok(
                Method::POST,
                "/_bookings/v1/my-bookings/query",
                json!({"query": {}}),
            )
            .await;
        assert_eq!(mine["bookings"].as_array().unwrap().len(), 1);
        let (s, _) = member
            .call(
                Method::POST,
                "/bookings/v2/bookings/query",
                json!({"query": {}}),
            )
            .await;
        assert_eq!(s, 403);

        // Booked far ahead of what the policy allows: the slot says so and refuses a visitor.
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/bookings/v2/services/{yoga}"),
                json!({"service": {"revision": "1", "bookingPolicy": {"limitEarlyBookingPolicy": {"enabled": true, "earliestBookingInMinutes": 60}}}}),
            )
            .await;
        assert_eq!(b["service"]["revision"], "2");
        let (s, b) = shop
            .wix(
                Method::PATCH,
                &format!("/bookings/v2/services/{yoga}"),
                json!({"service": {"revision": "1", "name": "Old"}}),
            )
            .await;
        assert_eq!(s, 409, "a stale revision: {b}");
        let listed = slots(
            &shop,
            &yoga,
            "2027-03-24T00:00:00",
            "2027-03-25T00:00:00",
            "Europe/London",
        )
        .await;
        assert_eq!(listed, [("03-24T18:00".into(), 3, false)]);
        let b = shop
            .ok(
                Method::POST,
                "/_api/service-availability/v2/time-slots",
                json!({"serviceId": yoga, "fromLocalDate": "2027-03-24T00:00:00", "toLocalDate": "2027-03-25T00:00:00"}),
            )
            .await;
        assert_eq!(
            b["timeSlots"][0]["bookingPolicyViolations"]["tooEarlyToBook"],
            true
        );
        let event = b["timeSlots"][0]["eventInfo"]["eventId"].as_str().unwrap();
        let (s, b) = Visitor::new(&shop.app)
            .call(
                Method::POST,
                "/bookings/v2/bookings",
                json!({"booking": {"bookedEntity": {"slot": {"serviceId": yoga, "eventId": event}}, "contactDetails": {"email": "z@example.com"}}}),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "BOOKING_POLICY_VIOLATION"), "{b}");
    }
}

/// A paid appointment: booked online it waits for its order, the store's checkout sells it
/// as a line of Wix Bookings' catalog, and paying confirms it (with its emails and calendar
/// file); one left unpaid lets its time go when its hold ends. Then the customer's changes:
/// reschedule and cancel by the revision read, within the policy.
#[tokio::test]
async fn paid_bookings_go_through_the_checkout() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, _, service) = salon(&shop).await;
        shop.ok(
            Method::PATCH,
            "/stores/v1/settings",
            json!({"settings": {"notifyEmail": "owner@example.com"}}),
        )
        .await;
        let cy = Visitor::member(&shop.app, "cy", &[]).await;
        let mut body = appointment(&service, "2027-03-23T09:00:00Z", Some(&ann), "");
        body["booking"]["selectedPaymentOption"] = json!("ONLINE");
        let b = cy.ok(Method::POST, "/bookings/v2/bookings", body).await;
        let booking = b["booking"]["id"].as_str().unwrap().to_string();
        assert_eq!(
            (
                b["booking"]["status"].as_str(),
                b["booking"]["paymentStatus"].as_str()
            ),
            (Some("CREATED"), Some("NOT_PAID"))
        );
        // Waiting for payment, it holds its time.
        assert_eq!(
            slots(
                &shop,
                &service,
                "2027-03-23T00:00:00",
                "2027-03-24T00:00:00",
                "Europe/London"
            )
            .await[0],
            ("03-23T09:00".into(), 0, false)
        );
        let b = cy
            .ok(
                Method::POST,
                "/ecom/v1/checkouts",
                json!({"lineItems": [{"catalogReference": {"catalogItemId": booking, "appId": BOOKINGS}, "quantity": 1}],
                    "checkoutInfo": {"buyerInfo": {"email": "cy@members.test"}}}),
            )
            .await;
        let checkout = b["checkout"]["id"].as_str().unwrap().to_string();
        let line = &b["checkout"]["lineItems"][0];
        assert_eq!(line["productName"]["original"], "Haircut", "{b}");
        assert_eq!(
            b["checkout"]["priceSummary"]["total"]["amount"], "40.00",
            "{b}"
        );
        let order = cy.order_and_pay(&checkout).await;
        // The payment reaches the booking through the event queue, here twice: it is
        // confirmed once, with one email.
        shop.redelivered("module:bookings:order_paid").await;
        shop.deliver().await;
        let b = cy
            .ok(
                Method::GET,
                &format!("/bookings/v2/bookings/{booking}"),
                json!(null),
            )
            .await;
        assert_eq!(
            (
                b["booking"]["status"].as_str(),
                b["booking"]["paymentStatus"].as_str()
            ),
            (Some("CONFIRMED"), Some("PAID")),
            "{b}"
        );
        assert_eq!(b["booking"]["orderId"], order.as_str());
        let revision = b["booking"]["revision"].as_str().unwrap().to_string();
        let emails = shop.outbox().await;
        let confirmed: Vec<&Value> = emails
            .iter()
            .filter(|e| e["kind"] == "booking_confirmed")
            .collect();
        assert_eq!(confirmed.len(), 1, "{emails:?}");
        let confirmed = confirmed[0];
        assert_eq!(confirmed["to"], "cy@members.test");
        let attached = &confirmed["attachment"];
        assert_eq!(attached["name"], "booking.ics", "{confirmed}");
        assert!(
            attached["content"]
                .as_str()
                .unwrap()
                .contains("DTSTART:20270323T090000Z"),
            "{attached}"
        );
        // Its calendar file, by the address in the email.
        let text = confirmed["text"].as_str().unwrap();
        let ics = &text[text.find("/_bookings/v1/bookings/").unwrap()..];
        let ics = ics
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches([')', '.', '>']);
        let (s, _) = cy.call(Method::GET, ics, json!(null)).await;
        let res = cy
            .client
            .get(format!("{}{ics}", cy.base))
            .header("host", &cy.host)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{s}");
        let cal = res.text().await.unwrap();
        assert!(
            cal.contains("BEGIN:VEVENT") && cal.contains("DTSTART:20270323T090000Z"),
            "{cal}"
        );

        // The customer moves it: a stale revision is refused, the current one moves it.
        let moved = json!({"slot": {"serviceId": service, "startDate": "2027-03-23T10:15:00Z", "resource": {"id": ann}}, "revision": "1"});
        let (s, b) = cy
            .call(
                Method::POST,
                &format!("/bookings/v2/bookings/{booking}/reschedule"),
                moved.clone(),
            )
            .await;
        assert_eq!(s, 409, "{b}");
        let mut moved = moved;
        moved["revision"] = json!(revision);
        let b = cy
            .ok(
                Method::POST,
                &format!("/bookings/v2/bookings/{booking}/reschedule"),
                moved,
            )
            .await;
        assert_eq!(b["booking"]["startDate"], "2027-03-23T10:15:00.000Z");
        let listed = slots(
            &shop,
            &service,
            "2027-03-23T00:00:00",
            "2027-03-24T00:00:00",
            "Europe/London",
        )
        .await;
        assert_eq!(
            listed[0],
            ("03-23T09:00".into(), 1, true),
            "its old time is free again"
        );
        // Another visitor may not touch it; the customer cancels it.
        let revision = b["booking"]["revision"].as_str().unwrap().to_string();
        let (s, _) = Visitor::new(&shop.app)
            .call(
                Method::POST,
                &format!("/bookings/v2/bookings/{booking}/cancel"),
                json!({"revision": revision}),
            )
            .await;
        assert_eq!(s, 404);
        let b = cy
            .ok(
                Method::POST,
                &format!("/bookings/v2/bookings/{booking}/cancel"),
                json!({"revision": revision}),
            )
            .await;
        assert_eq!(b["booking"]["status"], "CANCELED");
        assert!(
            shop.outbox()
                .await
                .iter()
                .any(|e| e["kind"] == "booking_canceled")
        );

        // Unpaid past its hold: the sweep lets its time go, once.
        let mut body = appointment(
            &service,
            "2027-03-24T09:00:00Z",
            Some(&ann),
            "late@example.com",
        );
        body["booking"]["selectedPaymentOption"] = json!("ONLINE");
        let b = shop.ok(Method::POST, "/bookings/v2/bookings", body).await;
        let late = b["booking"]["id"].as_str().unwrap().to_string();
        let p = shop.app.state.platform();
        let later = tessera_core::now_millis() + 16 * 60_000;
        assert_eq!(tessera_bookings::sweep(p, later).await.unwrap(), 1);
        assert_eq!(tessera_bookings::sweep(p, later).await.unwrap(), 0);
        let b = shop
            .ok(
                Method::GET,
                &format!("/bookings/v2/bookings/{late}"),
                json!(null),
            )
            .await;
        assert_eq!(b["booking"]["status"], "DECLINED");

        // A reminder goes 24 hours before a confirmed booking, once.
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-25T09:00:00Z",
                    Some(&ann),
                    "rem@example.com",
                ),
            )
            .await;
        assert_eq!(b["booking"]["status"], "CONFIRMED");
        let day_before = chrono::DateTime::parse_from_rfc3339("2027-03-24T09:00:01Z")
            .unwrap()
            .timestamp_millis();
        assert!(tessera_bookings::sweep(p, day_before).await.unwrap() >= 1);
        assert_eq!(tessera_bookings::sweep(p, day_before).await.unwrap(), 0);
        let reminders = shop
            .outbox()
            .await
            .into_iter()
            .filter(|e| e["kind"] == "booking_reminder")
            .count();
        assert_eq!(reminders, 1);
    }
}

/// 100 clients for one appointment slot: exactly one booking; 30 for a class of 8: exactly
/// 8. On PostgreSQL half of them go through a second node.
#[tokio::test]
async fn concurrent_bookings_never_double_book() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, _, service) = salon(&shop).await;
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/services",
                json!({"service": {"type": "CLASS", "name": "Spin", "defaultCapacity": 8,
                    "schedule": {"sessions": [{"start": "2027-03-22T18:00:00", "durationInMinutes": 45}]}}}),
            )
            .await;
        let spin = b["service"]["id"].as_str().unwrap().to_string();
        let b = shop
            .ok(
                Method::POST,
                "/_api/service-availability/v2/time-slots",
                json!({"serviceId": spin, "fromLocalDate": "2027-03-22T00:00:00", "toLocalDate": "2027-03-23T00:00:00"}),
            )
            .await;
        let event = b["timeSlots"][0]["eventInfo"]["eventId"]
            .as_str()
            .unwrap()
            .to_string();
        let other = match backend {
            Backend::Postgres => Some(shop.app.node(Default::default()).await),
            Backend::Sqlite => None,
        };
        for (n, body_of, want) in [(100, 0, 1), (30, 1, 8)] {
            let mut tasks = Vec::new();
            for i in 0..n {
                let app = match (&other, i % 2) {
                    (Some(o), 1) => o,
                    _ => &shop.app,
                };
                let (base, port) = (app.url(""), app.addr.port());
                let body = if body_of == 0 {
                    appointment(
                        &service,
                        "2027-03-26T10:15:00Z",
                        Some(&ann),
                        &format!("a{i}@example.com"),
                    )
                } else {
                    json!({"booking": {"bookedEntity": {"slot": {"serviceId": spin, "eventId": event}}, "contactDetails": {"email": format!("c{i}@example.com")}}})
                };
                tasks.push(tokio::spawn(async move {
                    call(
                        Client::new()
                            .post(format!("{base}/bookings/v2/bookings"))
                            .header("host", format!("shop.localhost:{port}"))
                            .json(&body),
                    )
                    .await
                }));
            }
            let (mut booked, mut refused) = (0, 0);
            for t in tasks {
                let (s, b) = t.await.unwrap();
                match (s, code(&b)) {
                    (200, _) => booked += 1,
                    (409, "SLOT_NOT_AVAILABLE") => refused += 1,
                    other => panic!("{backend:?}: {other:?} {b}"),
                }
            }
            assert_eq!((booked, refused), (want, n - want), "{backend:?}");
        }
    }
}

const BOOKING_CODE: &str = r#"
import { Permissions, webMethod } from 'wix-web-module';
import { elevate } from 'wix-auth';
import { services, staffMembers, availabilityCalendar, availabilityTimeSlots, bookings, extendedBookings } from 'wix-bookings.v2';
import * as wixBookings from '@wix/bookings';
import { bookings as v1 } from 'wix-bookings-backend';
import { getServiceAvailability, checkoutBooking } from 'wix-bookings-frontend';
export const run = webMethod(Permissions.Anyone, async () => {
  const all = await services.queryServices().eq('type', 'APPOINTMENT').limit(10).find();
  const service = all.items[0];
  const staff = await staffMembers.queryStaffMembers().ascending('name').find();
  // As a real site asks it: local dates and a time zone inside the query.
  const found = await elevate(availabilityCalendar.queryAvailability)({
    filter: { serviceId: [service._id], startDate: '2027-03-22', endDate: '2027-03-23' }, timezone: 'Europe/London' });
  const first = found.availabilityEntries[0].slot;
  const slots = await availabilityTimeSlots.listAvailabilityTimeSlots({ serviceId: service._id,
    fromLocalDate: '2027-03-22T00:00:00', toLocalDate: '2027-03-23T00:00:00', timeZone: 'Europe/London' });
  const made = await elevate(bookings.createBooking)({ bookedEntity: { slot: first },
    contactDetails: { firstName: 'Vel', email: 'velo@example.com' }, selectedPaymentOption: 'OFFLINE' });
  let refused = null;
  try {
    await bookings.createBooking({ bookedEntity: { slot: first }, contactDetails: { email: 'again@example.com' }, selectedPaymentOption: 'OFFLINE' });
  } catch (e) { refused = e.message; }
  const q = await v1.queryBookings().eq('formInfo.contactDetails.email', 'velo@example.com').find();
  const canceled = await v1.cancelBooking(made.booking._id);
  const ext = await extendedBookings.queryExtendedBookings({ filter: { status: { $in: ['CANCELED'] } } });
  const avail = await getServiceAvailability(service._id, { startDateTime: new Date('2027-03-22T00:00:00Z'), endDateTime: new Date('2027-03-23T00:00:00Z') });
  const online = await checkoutBooking({ slot: avail.slots[1], formFields: [{ _id: 'email', value: 'web@example.com' }] }, { paymentType: 'wixPay_Online' });
  const same = (await wixBookings.services.getService(service._id)).name;
  return {
    services: all.items.map((s) => s.name), staff: staff.items.map((s) => s.name),
    first: first.startDate, local: slots.timeSlots[0].localStartDate, status: made.booking.status,
    created: made.booking._createdDate instanceof Date, refused, v1: q.items.map((b) => [b.status, b.bookedEntity.singleSession.start instanceof Date]),
    canceled: canceled.status, ext: ext.extendedBookings.length, slots: avail.slots.length,
    online: [online.status, typeof online.checkoutUrl], same,
  };
});
"#;

const BOOKING_EVENTS: &str = r#"
import wixData from 'wix-data';
const audit = (what, detail) => wixData.insert('Audit', { what, detail: JSON.stringify(detail) }, { suppressAuth: true });
export const wixBookings_onBookingRequestCreated = (e) => audit('requested', [e.booking.status]);
export const wixBookings_onBookingConfirmed = (e) => audit('confirmed', [e.booking.contactDetails.email]);
export const wixBookings_onBookingCanceled = (e) => audit('canceled', [e.booking.status]);
"#;

/// Site code runs bookings as real Velo sites call them (wix-bookings.v2 with `elevate`,
/// the older wix-bookings-backend, wix-bookings-frontend), and events.js hears of them.
#[tokio::test]
async fn site_code_books_through_wix_bookings_and_hears_its_events() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        salon(&shop).await;
        shop.ok(
            Method::POST,
            "/wix-data/v2/collections",
            json!({"collection": {"id": "Audit"}}),
        )
        .await;
        shop.publish_code(json!({
            "backend/bookings.web.js": BOOKING_CODE,
            "backend/events.js": BOOKING_EVENTS,
        }))
        .await;
        let host = format!("shop.localhost:{}", shop.app.addr.port());
        let (s, b) = call(
            shop.app
                .req_host(
                    Method::POST,
                    &host,
                    "/_api/webmethods/backend/bookings.web.js/run",
                )
                .json(&json!([])),
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let r = &b["result"];
        assert_eq!(r["services"], json!(["Haircut"]), "{r}");
        assert_eq!(r["staff"], json!(["Ann", "Bob"]), "{r}");
        assert_eq!(r["first"], "2027-03-22T09:00:00.000Z", "{r}");
        assert_eq!(r["local"], "2027-03-22T09:00:00", "{r}");
        assert_eq!(
            (r["status"].as_str(), r["created"].as_bool()),
            (Some("CONFIRMED"), Some(true)),
            "{r}"
        );
        assert!(
            r["refused"].as_str().unwrap_or_default().contains("booked"),
            "{r}"
        );
        assert_eq!(r["v1"], json!([["CONFIRMED", true]]), "{r}");
        assert_eq!(
            (r["canceled"].as_str(), r["ext"].as_i64()),
            (Some("CANCELED"), Some(1)),
            "{r}"
        );
        assert_eq!(r["slots"], 3, "{r}");
        assert_eq!(r["online"], json!(["Pending Payment", "string"]), "{r}");
        assert_eq!(r["same"], "Haircut");

        tessera_http::platform::backend_events::deliver_due(
            shop.app.state.platform(),
            tessera_core::now_millis(),
        )
        .await
        .unwrap();
        let b = shop
            .ok(
                Method::POST,
                "/wix-data/v2/items/query",
                json!({"dataCollectionId": "Audit", "query": {}}),
            )
            .await;
        let mut heard: Vec<String> = b["dataItems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                format!(
                    "{} {}",
                    i["data"]["what"].as_str().unwrap(),
                    i["data"]["detail"].as_str().unwrap()
                )
            })
            .collect();
        heard.sort();
        assert_eq!(
            heard,
            [
                "canceled [\"CANCELED\"]",
                "confirmed [\"velo@example.com\"]",
                "requested [\"CONFIRMED\"]",
                "requested [\"CREATED\"]",
            ],
            "{backend:?}"
        );
    }
}

/// A member books with a session of their pricing plan: confirmed and paid by the plan,
/// until its sessions are used up; without a plan the booking is refused and its time free.
#[tokio::test]
async fn members_book_with_their_plans_sessions() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, _, service) = salon(&shop).await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/bookings/v2/services/{service}"),
                json!(null),
            )
            .await;
        let revision = b["service"]["revision"].as_str().unwrap().to_string();
        shop.ok(
            Method::PATCH,
            &format!("/bookings/v2/services/{service}"),
            json!({"service": {"revision": revision, "payment": {"rateType": "FIXED", "fixed": {"price": {"value": "40.00", "currency": "USD"}}, "options": {"online": true, "inPerson": true, "pricingPlan": true}}}}),
        )
        .await;
        let plan = shop
            .ok(
                Method::POST,
                "/pricing-plans/v2/plans",
                json!({"plan": {"name": "Two cuts", "pricing": {"singlePaymentUnlimited": true, "price": {"value": "70.00", "currency": "USD"}},
                    "benefits": {"bookingSessions": {"count": 1, "serviceIds": [service]}}}}),
            )
            .await["plan"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let gus = Visitor::member(&shop.app, "gus", &[]).await;
        shop.ok(
            Method::POST,
            "/pricing-plans/v2/checkout/orders/offline",
            json!({"planId": plan, "memberId": "gus"}),
        )
        .await;
        let with_plan = |start: &str| {
            let mut body = appointment(&service, start, Some(&ann), "");
            body["booking"]["selectedPaymentOption"] = json!("MEMBERSHIP");
            body
        };
        let b = gus
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                with_plan("2027-03-22T09:00:00Z"),
            )
            .await;
        assert_eq!(
            (
                b["booking"]["status"].as_str(),
                b["booking"]["paymentStatus"].as_str()
            ),
            (Some("CONFIRMED"), Some("PAID")),
            "{b}"
        );
        assert!(b["booking"]["planOrderId"].is_string(), "{b}");
        // Canceled, the booking gives its session back: booked again with it.
        let first = b["booking"]["id"].as_str().unwrap().to_string();
        let revision = b["booking"]["revision"].as_str().unwrap().to_string();
        let b = gus
            .ok(
                Method::POST,
                &format!("/bookings/v2/bookings/{first}/cancel"),
                json!({"revision": revision}),
            )
            .await;
        assert_eq!(b["booking"]["paymentStatus"], "REFUNDED", "{b}");
        let b = gus
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                with_plan("2027-03-22T09:00:00Z"),
            )
            .await;
        assert_eq!(b["booking"]["paymentStatus"], "PAID", "{b}");
        // The plan's one session is used: refused, and the time stays free.
        let (s, b) = gus
            .call(
                Method::POST,
                "/bookings/v2/bookings",
                with_plan("2027-03-22T10:15:00Z"),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        let (s, b) = Visitor::member(&shop.app, "hal", &[])
            .await
            .call(
                Method::POST,
                "/bookings/v2/bookings",
                with_plan("2027-03-22T10:15:00Z"),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        let listed = slots(
            &shop,
            &service,
            "2027-03-22T00:00:00",
            "2027-03-23T00:00:00",
            "Europe/London",
        )
        .await;
        assert!(
            listed.contains(&("03-22T10:15".into(), 1, true)),
            "{listed:?}"
        );
        // A visitor who is not signed in has no plan to book with.
        let (s, _) = Visitor::new(&shop.app)
            .call(Method::POST, "/bookings/v2/bookings", {
                let mut b = with_plan("2027-03-22T10:15:00Z");
                b["booking"]["contactDetails"]["email"] = json!("v@example.com");
                b
            })
            .await;
        assert_eq!(s, 401);
    }
}

/// A full class with a waiting list: a place on it holds nothing, the list has a size, and
/// the first waiting gets the place a cancellation frees.
#[tokio::test]
async fn the_waiting_list_gets_freed_places() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        salon(&shop).await;
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/services",
                json!({"service": {"type": "CLASS", "name": "Pottery", "defaultCapacity": 1,
                    "schedule": {"sessions": [{"start": "2027-03-22T18:00:00", "durationInMinutes": 90}]},
                    "bookingPolicy": {"waitlistPolicy": {"enabled": true, "capacity": 1}}}}),
            )
            .await;
        let pottery = b["service"]["id"].as_str().unwrap().to_string();
        let b = shop
            .ok(
                Method::POST,
                "/_api/service-availability/v2/time-slots",
                json!({"serviceId": pottery, "fromLocalDate": "2027-03-22T00:00:00", "toLocalDate": "2027-03-23T00:00:00"}),
            )
            .await;
        let event = b["timeSlots"][0]["eventInfo"]["eventId"]
            .as_str()
            .unwrap()
            .to_string();
        let body = |email: &str| {
            json!({"booking": {"bookedEntity": {"slot": {"serviceId": pottery, "eventId": event}},
                "contactDetails": {"email": email}}})
        };
        let visitor = || Visitor::new(&shop.app);
        // While it has a place, the list refuses: book it.
        let (s, b) = visitor()
            .call(
                Method::POST,
                "/bookings/v1/waitlist/register",
                body("a@example.com"),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        let first = visitor()
            .ok(Method::POST, "/bookings/v2/bookings", body("a@example.com"))
            .await;
        let (s, _) = visitor()
            .call(Method::POST, "/bookings/v2/bookings", body("b@example.com"))
            .await;
        assert_eq!(s, 409);
        let waiting = visitor()
            .ok(
                Method::POST,
                "/bookings/v1/waitlist/register",
                body("b@example.com"),
            )
            .await;
        assert_eq!(waiting["booking"]["status"], "WAITING_LIST", "{waiting}");
        // The time slot says the list has no place left.
        let b = shop
            .ok(
                Method::POST,
                "/_api/service-availability/v2/time-slots",
                json!({"serviceId": pottery, "fromLocalDate": "2027-03-22T00:00:00", "toLocalDate": "2027-03-23T00:00:00"}),
            )
            .await;
        assert_eq!(
            b["timeSlots"][0]["eventInfo"]["waitingList"],
            json!({"totalCapacity": 1, "remainingCapacity": 0})
        );
        let (s, b) = visitor()
            .call(
                Method::POST,
                "/bookings/v1/waitlist/register",
                body("c@example.com"),
            )
            .await;
        assert_eq!(
            (s, code(&b)),
            (409, "SLOT_NOT_AVAILABLE"),
            "the list is full: {b}"
        );

        // The booked place is canceled: the first waiting gets it, and is told.
        let id = first["booking"]["id"].as_str().unwrap();
        shop.ok(
            Method::POST,
            &format!("/bookings/v2/bookings/{id}/cancel"),
            json!({"revision": first["booking"]["revision"]}),
        )
        .await;
        let waited = waiting["booking"]["id"].as_str().unwrap();
        let b = shop
            .ok(
                Method::GET,
                &format!("/bookings/v2/bookings/{waited}"),
                json!(null),
            )
            .await;
        assert_eq!(b["booking"]["status"], "CONFIRMED", "{b}");
        assert!(
            shop.outbox()
                .await
                .iter()
                .any(|e| e["kind"] == "booking_off_waitlist" && e["to"] == "b@example.com")
        );
        let listed = slots(
            &shop,
            &pottery,
            "2027-03-22T00:00:00",
            "2027-03-23T00:00:00",
            "Europe/London",
        )
        .await;
        assert_eq!(listed, [("03-22T18:00".into(), 0, false)]);
    }
}

#[tokio::test]
async fn resources_are_held_like_staff_and_categories_group_services() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, bob, service) = salon(&shop).await;
        let id = |v: &Value, k: &str| v[k]["id"].as_str().unwrap().to_string();
        let chair_type = id(
            &shop
                .ok(
                    Method::POST,
                    "/bookings/v2/resources/resource-types",
                    json!({"resourceType": {"name": "Chair"}}),
                )
                .await,
            "resourceType",
        );
        // Chair 1 is there around the clock (no working hours).
        let chair1 = id(
            &shop
                .ok(
                    Method::POST,
                    "/bookings/v2/resources",
                    json!({"resource": {"name": "Chair 1", "typeId": chair_type}}),
                )
                .await,
            "resource",
        );
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/bookings/v2/services/{service}"),
                json!({"service": {"revision": "1", "serviceResources": [{"resourceType": {"id": chair_type}}]}}),
            )
            .await;
        assert_eq!(
            b["service"]["serviceResources"][0]["resourceType"]["id"],
            chair_type.as_str()
        );
        let monday = || {
            slots(
                &shop,
                &service,
                "2027-03-22T00:00:00",
                "2027-03-23T00:00:00",
                "Europe/London",
            )
        };
        assert_eq!(
            monday().await,
            [
                ("03-22T09:00".into(), 1, true),
                ("03-22T10:00".into(), 1, true),
                ("03-22T10:15".into(), 1, true)
            ]
        );
        // Ann at 09:00 takes the one chair until 10:15 (with the buffer): Bob's 10:00 closes.
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-22T09:00:00Z",
                    Some(&ann),
                    "a@example.com",
                ),
            )
            .await;
        assert_eq!(b["booking"]["bookedResources"][0]["id"], chair1.as_str());
        assert_eq!(
            monday().await,
            [
                ("03-22T09:00".into(), 0, false),
                ("03-22T10:00".into(), 0, false),
                ("03-22T10:15".into(), 1, true)
            ]
        );
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-22T10:00:00Z",
                    Some(&bob),
                    "b@example.com",
                ),
            )
            .await;
        assert_eq!((s, code(&b)), (409, "SLOT_NOT_AVAILABLE"), "{b}");
        // A second chair, there on Mondays from 10:00: Bob gets it.
        let chair2 = id(
            &shop
                .ok(
                    Method::POST,
                    "/bookings/v2/resources",
                    json!({"resource": {"name": "Chair 2", "typeId": chair_type,
                        "workingHours": [{"day": "MONDAY", "startTime": "10:00", "endTime": "12:00"}]}}),
                )
                .await,
            "resource",
        );
        let b = shop
            .ok(
                Method::POST,
                "/bookings/v2/bookings",
                appointment(
                    &service,
                    "2027-03-22T10:00:00Z",
                    Some(&bob),
                    "b@example.com",
                ),
            )
            .await;
        assert_eq!(b["booking"]["bookedResources"][0]["id"], chair2.as_str());
        // Chair 1 is free again at 10:15 for Ann; then both chairs are taken until 11:30.
        shop.ok(
            Method::POST,
            "/bookings/v2/bookings",
            appointment(
                &service,
                "2027-03-22T10:15:00Z",
                Some(&ann),
                "c@example.com",
            ),
        )
        .await;
        let listed = shop
            .ok(
                Method::POST,
                "/bookings/v2/resources/query",
                json!({"query": {"filter": {"typeId": chair_type}}}),
            )
            .await;
        assert_eq!(listed["resources"].as_array().unwrap().len(), 2);

        // What is still used cannot go; a class needs no resources; bad ids are named.
        let (s, b) = shop
            .wix(
                Method::DELETE,
                &format!("/bookings/v2/resources/resource-types/{chair_type}"),
                json!({}),
            )
            .await;
        assert_eq!((s, code(&b)), (400, "FAILED_PRECONDITION"), "{b}");
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/resources",
                json!({"resource": {"name": "Chair 3", "typeId": "nope"}}),
            )
            .await;
        assert!(
            s == 400 && b["message"].as_str().unwrap().contains("resource.typeId"),
            "{b}"
        );
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/services",
                json!({"service": {"type": "CLASS", "name": "Yoga", "defaultCapacity": 5,
                    "schedule": {"sessions": [{"start": "2027-03-22T18:00:00", "durationInMinutes": 60}]},
                    "serviceResources": [{"resourceType": {"id": chair_type}}]}}),
            )
            .await;
        assert!(
            s == 400
                && b["message"]
                    .as_str()
                    .unwrap()
                    .contains("service.serviceResources"),
            "{b}"
        );
        // Visitors do not see resources.
        let (s, _) = Visitor::new(&shop.app)
            .call(Method::POST, "/bookings/v2/resources/query", json!({}))
            .await;
        assert_eq!(s, 403);

        // Categories: named by id, or by a name (found or made); renamed and deleted with
        // their services following.
        let hair = id(
            &shop
                .ok(
                    Method::POST,
                    "/bookings/v2/categories",
                    json!({"category": {"name": "Hair", "sortOrder": 1}}),
                )
                .await,
            "category",
        );
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/bookings/v2/services/{service}"),
                json!({"service": {"revision": "2", "category": {"id": hair}}}),
            )
            .await;
        assert_eq!(b["service"]["category"]["name"], "Hair");
        shop.ok(
            Method::PATCH,
            &format!("/bookings/v2/categories/{hair}"),
            json!({"category": {"revision": "1", "name": "Hair & beard"}}),
        )
        .await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/bookings/v2/services/{service}"),
                json!({}),
            )
            .await;
        assert_eq!(b["service"]["category"]["name"], "Hair & beard");
        let b = shop
            .ok(
                Method::PATCH,
                &format!("/bookings/v2/services/{service}"),
                json!({"service": {"revision": "3", "category": {"name": "Nails"}}}),
            )
            .await;
        let nails = b["service"]["category"]["id"].as_str().unwrap().to_string();
        let listed = Visitor::new(&shop.app)
            .ok(Method::POST, "/bookings/v2/categories/query", json!({}))
            .await;
        let names: Vec<&str> = listed["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Hair & beard", "Nails"]);
        shop.ok(
            Method::DELETE,
            &format!("/bookings/v2/categories/{nails}"),
            json!({}),
        )
        .await;
        let b = shop
            .ok(
                Method::GET,
                &format!("/bookings/v2/services/{service}"),
                json!({}),
            )
            .await;
        assert_eq!(b["service"]["category"], Value::Null);
        let (s, b) = shop
            .wix(
                Method::PATCH,
                &format!("/bookings/v2/services/{service}"),
                json!({"service": {"revision": "4", "category": {"id": "nope"}}}),
            )
            .await;
        assert!(
            s == 400
                && b["message"]
                    .as_str()
                    .unwrap()
                    .contains("service.category.id"),
            "{b}"
        );
        let (s, b) = shop
            .wix(
                Method::POST,
                "/bookings/v2/categories",
                json!({"category": {"name": ""}}),
            )
            .await;
        assert!(
            s == 400 && b["message"].as_str().unwrap().contains("category.name"),
            "{b}"
        );

        // Ann and Cat are both free on Tuesday at 09:00, with one chair for the two: visitors
        // asking for either at once get exactly one booking.
        let cat = id(
            &shop
                .ok(
                    Method::POST,
                    "/bookings/v1/staff-members",
                    json!({"staffMember": {"name": "Cat"}}),
                )
                .await,
            "staffMember",
        );
        shop.ok(
            Method::PATCH,
            &format!("/bookings/v2/services/{service}"),
            json!({"service": {"revision": "4", "staffMemberIds": [ann, bob, cat]}}),
        )
        .await;
        let (base, port) = (shop.app.url(""), shop.app.addr.port());
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let who = if i % 2 == 0 { &ann } else { &cat };
                let body = appointment(
                    &service,
                    "2027-03-23T09:00:00Z",
                    Some(who),
                    &format!("t{i}@example.com"),
                );
                let base = base.clone();
                tokio::spawn(async move {
                    call(
                        Client::new()
                            .post(format!("{base}/bookings/v2/bookings"))
                            .header("host", format!("shop.localhost:{port}"))
                            .json(&body),
                    )
                    .await
                })
            })
            .collect();
        let mut booked = 0;
        for t in tasks {
            let (s, b) = t.await.unwrap();
            match (s, code(&b)) {
                (200, _) => booked += 1,
                (409, "SLOT_NOT_AVAILABLE") => {}
                other => panic!("{backend:?}: {other:?} {b}"),
            }
        }
        assert_eq!(booked, 1, "{backend:?}");
    }
}
