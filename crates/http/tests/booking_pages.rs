//! The bookings' pages on a published site, on every backend: the service list, a service's
//! calendar in the visitor's time zone, a booking made through the forms alone (no
//! JavaScript), a paid one sent to the store's checkout, one paid with a member's pricing
//! plan, and "My bookings" with cancel and reschedule by revision within the service's policy.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_testkit::{TestApp, backends};

mod shop;
use shop::Shop;

/// London, open 09:00–12:00 on weekdays; Ann works those hours. A free 30-minute
/// consultation (canceled online only a year ahead, so never in these tests) and a 60-minute
/// haircut at 40.00 paid online; published site.
async fn salon(shop: &Shop) -> (String, String) {
    let days: Vec<Value> = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
        .iter()
        .map(|d| json!({"day": d, "startTime": "09:00", "endTime": "12:00"}))
        .collect();
    shop.ok(
        Method::PATCH,
        "/_bookings/v1/settings",
        json!({"settings": {"timeZone": "Europe/London", "businessHours": days}}),
    )
    .await;
    let ann = shop
        .ok(
            Method::POST,
            "/bookings/v1/staff-members",
            json!({"staffMember": {"name": "Ann"}}),
        )
        .await["staffMember"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for service in [
        json!({"type": "APPOINTMENT", "name": "Consultation", "tagLine": "A first talk",
            "description": "We look at what you need.",
            "schedule": {"availabilityConstraints": {"sessionDurations": [30]}}, "staffMemberIds": [ann],
            "bookingPolicy": {"cancellationPolicy": {"enabled": true, "latestCancellationInMinutes": 525600}}}),
        json!({"type": "APPOINTMENT", "name": "Haircut", "category": {"name": "Hair"},
            "schedule": {"availabilityConstraints": {"sessionDurations": [60]}}, "staffMemberIds": [ann],
            "payment": {"rateType": "FIXED", "fixed": {"price": {"value": "40.00", "currency": "USD"}}, "options": {"online": true, "inPerson": false}}}),
    ] {
        shop.ok(
            Method::POST,
            "/bookings/v2/services",
            json!({ "service": service }),
        )
        .await;
    }
    let doc = json!({"schemaVersion": 1, "settings": {"name": "Salon"}, "pages": [
        {"id": "home", "title": "Home", "path": "/", "sections": []},
    ]});
    let path = "/api/v1/sites/shop/document";
    let (_, current) = tessera_testkit::call(shop.app.req_as(Method::GET, path, &shop.owner)).await;
    let (s, b) =
        tessera_testkit::call(shop.app.req_as(Method::PUT, path, &shop.owner).json(
            &json!({"revision": current["revision"].as_i64().unwrap_or(0), "document": doc}),
        ))
        .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = tessera_testkit::call(shop.app.req_as(
        Method::POST,
        "/api/v1/sites/shop/publish",
        &shop.owner,
    ))
    .await;
    assert_eq!(s, 200, "{b}");
    (ann, "consultation".into())
}

/// A page of the published site: status, Location, body, and the visitor cookie it set.
async fn site_page(
    shop: &Shop,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, String, String, Option<String>) {
    let host = format!("shop.localhost:{}", shop.app.addr.port());
    let mut req = shop
        .app
        .req_host(method, &host, path)
        .header("origin", format!("http://{host}"));
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    if !form.is_empty() {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        req = req
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let header = |k: &str| {
        res.headers()
            .get(k)
            .map(|l| l.to_str().unwrap().to_string())
    };
    let location = header("location").unwrap_or_default();
    let set = header("set-cookie").map(|c| c.split(';').next().unwrap().to_string());
    (status, location, res.text().await.unwrap(), set)
}

/// The value of the first `name="start"` radio whose label is `label` on a calendar page.
fn start_for(html: &str, label: &str) -> Option<String> {
    html.split("name=\"start\" value=\"")
        .skip(1)
        .find_map(|rest| {
            let (value, after) = rest.split_once('"')?;
            let text = &after[after.find('>')? + 1..after.find("</label>")?];
            (text.trim() == label).then(|| value.to_string())
        })
}

async fn count_bookings(shop: &Shop) -> usize {
    shop.ok(Method::POST, "/bookings/v2/bookings/query", json!({}))
        .await["bookings"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_visitor_books_through_the_pages_without_javascript() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (_, slug) = salon(&shop).await;

        let (s, _, html, _) = site_page(&shop, Method::GET, "/book-online", None, &[]).await;
        assert_eq!(s, 200, "{html}");
        for text in [
            "<h1>Book online</h1>",
            // Under their categories, the categories' first.
            "<h2>Hair</h2><ul class=\"t-store-grid t-service-list\"><li class=\"t-service\"><span class=\"t-service-noimage\" aria-hidden=\"true\"></span><h3><a href=\"/booking-service/haircut\">Haircut</a></h3>",
            "<h2>Other services</h2>",
            "href=\"/booking-service/consultation\">Consultation</a>",
            "A first talk",
            "30 minutes",
            "Free",
            "1 hour",
            "40.00 USD",
            "Book now",
        ] {
            assert!(html.contains(text), "{text} in {html}");
        }

        let page = format!("/booking-service/{slug}");
        let (s, _, html, _) = site_page(&shop, Method::GET, &page, None, &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("<h1>Consultation</h1>")
                && html.contains("We look at what you need.")
                && html.contains("Cancel online until 365 days before it starts.")
                && html.contains("<label for=\"date\">Date"),
            "{html}"
        );

        // Monday 2027-03-22: London is on GMT, New York already on EDT, so London's 09:00
        // is 05:00 for a visitor there; without a zone, the business's.
        let day = format!("{page}?date=2027-03-22&tz=America%2FNew_York");
        let (s, _, html, _) = site_page(&shop, Method::GET, &day, None, &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(html.contains("(America/New_York)</legend>"), "{html}");
        let start = start_for(&html, "05:00").expect("05:00 in New York");
        assert_eq!(start, "2027-03-22T09:00:00.000Z");
        assert!(start_for(&html, "09:00").is_none(), "{html}");
        let (_, _, html, _) = site_page(
            &shop,
            Method::GET,
            &format!("{page}?date=2027-03-22"),
            None,
            &[],
        )
        .await;
        assert_eq!(
            start_for(&html, "09:00").as_deref(),
            Some("2027-03-22T09:00:00.000Z"),
            "{html}"
        );
        // A zone that is none: said, and the plain calendar.
        let (s, _, html, _) = site_page(
            &shop,
            Method::GET,
            &format!("{page}?date=2027-03-22&tz=Mars%2FOlympus"),
            None,
            &[],
        )
        .await;
        assert_eq!(s, 400);
        assert!(
            html.contains("role=\"alert\">Tz: an IANA time zone"),
            "{html}"
        );

        // Bad input changes nothing: no time, no name, a time that is not offered.
        let base = [
            ("date", "2027-03-22"),
            ("tz", "America/New_York"),
            ("firstName", "Cy"),
            ("email", "cy@example.com"),
        ];
        for (status, form, said) in [
            (400, base.to_vec(), "Choose a time."),
            (
                409,
                [base.to_vec(), vec![("start", "2027-03-22T09:10:00.000Z")]].concat(),
                "The service is not offered at that time. Choose another time.",
            ),
            (
                400,
                vec![
                    ("date", "2027-03-22"),
                    ("start", "2027-03-22T09:00:00.000Z"),
                    ("email", "cy@example.com"),
                ],
                "First name: is required.",
            ),
        ] {
            let (s, _, html, _) = site_page(&shop, Method::POST, &page, None, &form).await;
            assert_eq!(s, status, "{html}");
            assert!(html.contains(said), "{said} in {html}");
        }
        assert_eq!(count_bookings(&shop).await, 0);

        // The booking, by the forms alone: its confirmation, then the time is gone.
        let book = [
            base.to_vec(),
            vec![("start", "2027-03-22T09:00:00.000Z"), ("phone", "555 0100")],
        ]
        .concat();
        let (s, to, body, _) = site_page(&shop, Method::POST, &page, None, &book).await;
        assert_eq!(s, 303, "{body}");
        assert!(to.starts_with("/booking-confirmation/"), "{to}");
        let (s, _, html, _) = site_page(&shop, Method::GET, &to, None, &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("Your booking is confirmed")
                && html.contains("datetime=\"2027-03-22T09:00:00.000Z\" data-local>Monday 22 March 2027, 09:00 (Europe/London)")
                && html.contains("<dd>Ann</dd>")
                && html.contains("<dd>Free</dd>")
                && html.contains("calendar.ics?token="),
            "{html}"
        );
        let id = to["/booking-confirmation/".len()..]
            .split('?')
            .next()
            .unwrap();
        let (s, _, _, _) = site_page(
            &shop,
            Method::GET,
            &format!("/booking-confirmation/{id}?token=wrong"),
            None,
            &[],
        )
        .await;
        assert_eq!(s, 404, "another's booking is not shown");
        let b = shop
            .ok(
                Method::GET,
                &format!("/bookings/v2/bookings/{id}"),
                json!(null),
            )
            .await;
        assert_eq!(b["booking"]["status"], "CONFIRMED");
        assert_eq!(b["booking"]["contactDetails"]["phone"], "555 0100");
        let (s, _, html, _) = site_page(&shop, Method::POST, &page, None, &book).await;
        assert_eq!(s, 409, "{html}");
        assert!(
            html.contains("That time is already booked. Choose another time."),
            "{html}"
        );
        assert_eq!(count_bookings(&shop).await, 1);
    }
}

#[tokio::test]
async fn a_member_pays_at_the_checkout_and_manages_their_bookings() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, slug) = salon(&shop).await;
        let cy = shop.app.member_cookie("shop", "cy", &[]).await;

        // Paid online: the booking waits for its payment in the store's checkout.
        let (s, to, body, _) = site_page(
            &shop,
            Method::POST,
            "/booking-service/haircut",
            Some(&cy),
            &[
                ("date", "2027-03-23"),
                ("start", "2027-03-23T10:00:00.000Z"),
                ("staff", &ann),
                ("firstName", "Cy"),
            ],
        )
        .await;
        assert_eq!(s, 303, "{body}");
        let checkout = to
            .strip_prefix("/checkout?checkoutId=")
            .expect("the store's checkout");
        let c = shop
            .ok(
                Method::GET,
                &format!("/ecom/v1/checkouts/{checkout}"),
                json!(null),
            )
            .await;
        let line = &c["checkout"]["lineItems"][0];
        assert_eq!(
            line["catalogReference"]["appId"],
            "13d21c63-b5ec-5912-8397-c3a5ddb27a97"
        );
        assert_eq!(c["checkout"]["buyerInfo"]["memberId"], "cy", "{c}");
        assert_eq!(c["checkout"]["buyerInfo"]["email"], "cy@members.test");
        assert_eq!(c["checkout"]["priceSummary"]["total"]["amount"], "40.00");
        let paid = line["catalogReference"]["catalogItemId"].as_str().unwrap();
        let (s, _, html, _) = site_page(&shop, Method::GET, &to, Some(&cy), &[]).await;
        assert_eq!(s, 200, "the member's own checkout: {html}");

        // A free one, and a visitor's paid one whose checkout is the visitor's by cookie.
        let (s, _, body, _) = site_page(
            &shop,
            Method::POST,
            &format!("/booking-service/{slug}"),
            Some(&cy),
            &[
                ("date", "2027-03-24"),
                ("start", "2027-03-24T09:00:00.000Z"),
                ("firstName", "Cy"),
            ],
        )
        .await;
        assert_eq!(s, 303, "{body}");
        let (s, to, body, visitor) = site_page(
            &shop,
            Method::POST,
            "/booking-service/haircut",
            None,
            &[
                ("date", "2027-03-25"),
                ("start", "2027-03-25T09:00:00.000Z"),
                ("firstName", "Di"),
                ("email", "di@example.com"),
            ],
        )
        .await;
        assert_eq!(s, 303, "{body}");
        let visitor = visitor.expect("a visitor cookie");
        let (s, _, html, _) = site_page(&shop, Method::GET, &to, Some(&visitor), &[]).await;
        assert_eq!(s, 200);
        assert!(
            html.contains("Haircut") && html.contains("di@example.com"),
            "{html}"
        );

        // The account page leads to the members' pages of bookings and plans.
        let (s, _, html, _) = site_page(&shop, Method::GET, "/account", Some(&cy), &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("<a href=\"/account/my-bookings\">My bookings</a>")
                && html.contains("<a href=\"/account/my-plans\">My plans</a>"),
            "{html}"
        );

        // My bookings: the member's two, upcoming, with their times and actions.
        let (s, to, _, _) = site_page(&shop, Method::GET, "/account/my-bookings", None, &[]).await;
        assert_eq!(
            (s, to.as_str()),
            (303, "/login?returnUrl=%2Faccount%2Fmy-bookings")
        );
        let (s, _, html, _) =
            site_page(&shop, Method::GET, "/account/my-bookings", Some(&cy), &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("<h3>Haircut</h3>")
                && html.contains("Waiting for payment")
                && html.contains("<h3>Consultation</h3>")
                && html.contains("Tuesday 23 March 2027, 10:00 (Europe/London)")
                && !html.contains("Di"),
            "{html}"
        );

        // Cancel: a stale revision is refused and changes nothing; the consultation's policy
        // refuses in words; the haircut is canceled.
        let consultation = shop
            .ok(
                Method::POST,
                "/bookings/v2/bookings/query",
                json!({"query": {"filter": {"contactDetails.email": "cy@members.test"}}}),
            )
            .await["bookings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["bookedEntity"]["title"] == "Consultation")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let cancel = |id: &str| format!("/account/my-bookings/{id}/cancel");
        let (s, _, html, _) = site_page(
            &shop,
            Method::POST,
            &cancel(paid),
            Some(&cy),
            &[("revision", "7")],
        )
        .await;
        assert_eq!(s, 409, "{html}");
        assert!(html.contains("The booking changed meanwhile"), "{html}");
        let (s, _, html, _) = site_page(
            &shop,
            Method::POST,
            &cancel(&consultation),
            Some(&cy),
            &[("revision", "1")],
        )
        .await;
        assert_eq!(s, 400, "{html}");
        assert!(
            html.contains("Too late to cancel: bookings are canceled at least 525600 minutes before they start."),
            "{html}"
        );
        let (s, to, _, _) = site_page(
            &shop,
            Method::POST,
            &cancel(paid),
            Some(&cy),
            &[("revision", "1")],
        )
        .await;
        assert_eq!(
            (s, to.as_str()),
            (303, "/account/my-bookings?notice=canceled")
        );
        let state = |id: String| {
            let shop = &shop;
            async move {
                shop.ok(
                    Method::GET,
                    &format!("/bookings/v2/bookings/{id}"),
                    json!(null),
                )
                .await["booking"]
                    .clone()
            }
        };
        assert_eq!(state(paid.to_string()).await["status"], "CANCELED");
        assert_eq!(state(consultation.clone()).await["status"], "CONFIRMED");

        // Reschedule: the calendar in the member's zone, then the move by its revision.
        let move_page = format!("/account/my-bookings/{consultation}/reschedule");
        let (s, _, html, _) = site_page(
            &shop,
            Method::GET,
            &format!("{move_page}?date=2027-03-26&tz=Asia%2FTokyo"),
            Some(&cy),
            &[],
        )
        .await;
        assert_eq!(s, 200, "{html}");
        let start = start_for(&html, "18:30").expect("London's 09:30 in Tokyo");
        let (s, _, _, _) = site_page(&shop, Method::GET, &move_page, None, &[]).await;
        assert_eq!(s, 303, "members only");
        let (s, to, body, _) = site_page(
            &shop,
            Method::POST,
            &move_page,
            Some(&cy),
            &[("start", &start), ("revision", "1"), ("date", "2027-03-26")],
        )
        .await;
        assert_eq!(
            (s, to.as_str()),
            (303, "/account/my-bookings?notice=moved"),
            "{body}"
        );
        let moved = state(consultation.clone()).await;
        assert_eq!(moved["startDate"], "2027-03-26T09:30:00.000Z");
        let (s, _, html, _) = site_page(
            &shop,
            Method::POST,
            &move_page,
            Some(&cy),
            &[("start", &start), ("revision", "1"), ("date", "2027-03-26")],
        )
        .await;
        assert_eq!(s, 409, "{html}");
        assert!(html.contains("The booking changed meanwhile"), "{html}");
    }
}

#[tokio::test]
async fn a_member_books_with_their_plan_through_the_form() {
    for backend in backends() {
        let shop = Shop::new(TestApp::spawn(backend).await).await;
        let (ann, _) = salon(&shop).await;
        let haircut = shop
            .ok(
                Method::POST,
                "/bookings/v2/services/query",
                json!({"query": {}}),
            )
            .await["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == "Haircut")
            .unwrap()
            .clone();
        let service = haircut["id"].as_str().unwrap().to_string();
        shop.ok(
            Method::PATCH,
            &format!("/bookings/v2/services/{service}"),
            json!({"service": {"revision": haircut["revision"], "payment": {"rateType": "FIXED", "fixed": {"price": {"value": "40.00", "currency": "USD"}}, "options": {"online": true, "inPerson": true, "pricingPlan": true}}}}),
        )
        .await;
        let plan = shop
            .ok(
                Method::POST,
                "/pricing-plans/v2/plans",
                json!({"plan": {"name": "One cut", "pricing": {"singlePaymentUnlimited": true, "price": {"value": "35.00", "currency": "USD"}},
                    "benefits": {"bookingSessions": {"count": 1, "serviceIds": [service]}}}}),
            )
            .await["plan"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let gus = shop.app.member_cookie("shop", "gus", &[]).await;
        let hal = shop.app.member_cookie("shop", "hal", &[]).await;
        shop.ok(
            Method::POST,
            "/pricing-plans/v2/checkout/orders/offline",
            json!({"planId": plan, "memberId": "gus"}),
        )
        .await;

        // A visitor is sent to log in and back; a member is offered the plan beside the rest.
        let day = "/booking-service/haircut?date=2027-03-22&tz=Europe%2FLondon";
        let (s, _, html, _) = site_page(&shop, Method::GET, day, None, &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("<a href=\"/login?returnUrl=%2Fbooking-service%2Fhaircut\">Log in to use your plan</a>")
                && !html.contains("Use my plan"),
            "{html}"
        );
        let (s, _, html, _) = site_page(&shop, Method::GET, day, Some(&gus), &[]).await;
        assert_eq!(s, 200, "{html}");
        for text in [
            "<input type=\"radio\" name=\"payment\" value=\"ONLINE\" checked> Pay online now (40.00 USD)",
            "<input type=\"radio\" name=\"payment\" value=\"OFFLINE\"> Pay in person",
            "<input type=\"radio\" name=\"payment\" value=\"MEMBERSHIP\"> Use my plan",
        ] {
            assert!(html.contains(text), "{text} in {html}");
        }
        assert!(!html.contains("Log in to use your plan"), "{html}");
        let start = start_for(&html, "09:00").expect("09:00 is free");

        // The plan's session pays: confirmed and paid, no checkout.
        let form = |start: &str, name: &'static str| {
            let start = start.to_string();
            let ann = ann.clone();
            move || {
                vec![
                    ("date", "2027-03-22".to_string()),
                    ("tz", "Europe/London".into()),
                    ("start", start.clone()),
                    ("staff", ann.clone()),
                    ("firstName", name.into()),
                    ("payment", "MEMBERSHIP".into()),
                ]
            }
        };
        let post = |cookie: String, fields: Vec<(&'static str, String)>| {
            let shop = &shop;
            async move {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                site_page(
                    shop,
                    Method::POST,
                    "/booking-service/haircut",
                    Some(&cookie),
                    &pairs,
                )
                .await
            }
        };
        let (s, to, body, _) = post(gus.clone(), form(&start, "Gus")()).await;
        assert_eq!(s, 303, "{body}");
        assert!(to.starts_with("/booking-confirmation/"), "{to}");
        let (s, _, html, _) = site_page(&shop, Method::GET, &to, Some(&gus), &[]).await;
        assert_eq!(s, 200, "{html}");
        assert!(
            html.contains("Your booking is confirmed")
                && html.contains("<dt>Payment</dt><dd>Paid</dd>"),
            "{html}"
        );
        let booked = shop
            .ok(Method::POST, "/bookings/v2/bookings/query", json!({}))
            .await["bookings"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(booked.len(), 1, "{booked:?}");
        assert_eq!(booked[0]["selectedPaymentOption"], "MEMBERSHIP");
        assert!(booked[0]["planOrderId"].is_string(), "{:?}", booked[0]);

        // Hal has no plan, and Gus's one session is used: refused in words, the time still free.
        let (_, _, html, _) = site_page(&shop, Method::GET, day, Some(&hal), &[]).await;
        let later = start_for(&html, "10:00").expect("10:00 is free");
        for (cookie, name) in [(hal.clone(), "Hal"), (gus.clone(), "Gus")] {
            let (s, _, html, _) = post(cookie, form(&later, name)()).await;
            assert_eq!(s, 400, "{html}");
            assert!(
                html.contains("None of your plans has a session left for this service. Choose another way to pay."),
                "{html}"
            );
            assert_eq!(start_for(&html, "10:00"), Some(later.clone()), "{html}");
        }
        let live: Vec<Value> = shop
            .ok(Method::POST, "/bookings/v2/bookings/query", json!({}))
            .await["bookings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["status"] != "DECLINED")
            .cloned()
            .collect();
        assert_eq!(live.len(), 1, "{live:?}");
    }
}
