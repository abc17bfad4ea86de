//! Bookings on the published site, as pages of its own theme (`pages::themed`): the service
//! list (`/book-online`), a service's page with its booking calendar
//! (`/booking-service/<slug>`: a date, that day's times in the visitor's time zone, then the
//! form), the confirmation (`/booking-confirmation/<id>?token=…`) and "My bookings"
//! (`/account/my-bookings`: cancel and reschedule within the service's policy). Plain HTML
//! forms, so booking works without JavaScript (times are then in the business's zone); a
//! few lines of script send the browser's zone and show stored times in it. Each action is
//! the function the REST routes call, for the visitor (a `RouteCall`, no HTTP).

use chrono::NaiveDate;
use chrono_tz::Tz;
use futures::FutureExt;
use serde_json::{Value, json};
use tessera_core::{Millis, bookings::BookingRecord, data::DataCaller, now_millis, sites::Site};
use tessera_platform::{
    Platform, WixCode, WixError, WixResult,
    data::Params,
    module::{CodeCaller, Method, RawCall, RawReply, RawRoute, RouteCall},
    pages::{SystemPage, escape_attr as at, escape_text as esc, themed},
    records::At,
};

use crate::{
    BOOKINGS_APP_ID, availability, bookings,
    schedule::{self, local},
    services::{self, Service, ServiceType},
    settings,
};

/// The browser's zone into the forms' `tz` fields, and stored times (`<time data-local>`)
/// shown in it.
const SCRIPT: &str = "<script>(function(){var z;try{z=Intl.DateTimeFormat().resolvedOptions().timeZone}catch(e){}if(!z)return;\
document.querySelectorAll('input[data-tz]').forEach(function(i){i.value=z});\
var f=new Intl.DateTimeFormat(undefined,{weekday:'long',day:'numeric',month:'long',year:'numeric',hour:'2-digit',minute:'2-digit',timeZone:z});\
document.querySelectorAll('time[data-local]').forEach(function(t){t.textContent=f.format(new Date(t.dateTime))+' ('+z+')'})})()</script>";

fn site_of(raw: &RawCall) -> WixResult<Site> {
    raw.ctx.as_ref().map(|c| c.site.clone()).ok_or_else(|| {
        WixError::new(
            WixCode::NoRoute,
            "the bookings' pages are on a site's own address",
        )
    })
}

fn member(raw: &RawCall) -> Option<String> {
    match raw.ctx.as_ref().map(|c| &c.caller) {
        Some(DataCaller::Member { id, .. }) => Some(id.clone()),
        _ => None,
    }
}

/// The call as the REST routes take it, on the visitor's behalf.
fn as_route(raw: &RawCall, id: &str, body: Value) -> WixResult<RouteCall> {
    let ctx = raw.ctx.clone().ok_or_else(|| {
        WixError::new(
            WixCode::NoRoute,
            "the bookings' pages are on a site's own address",
        )
    })?;
    Ok(RouteCall {
        ctx,
        path: vec![("id".into(), id.into())],
        query: Params::parse(""),
        body,
        visitor: raw.visitor.clone(),
        new_visitor: raw.new_visitor,
    })
}

/// A page in the site's theme. Members' pages send crawlers to the login page, so they are
/// indexable as the store's cart is; only what a token opens is not. No cache shares a
/// member's page or one not indexed.
async fn page(
    p: &Platform,
    raw: &RawCall,
    path: &str,
    status: u16,
    meta: (&str, Option<&str>, bool),
    body: &str,
) -> WixResult<RawReply> {
    let site = site_of(raw)?;
    let (title, description, indexed) = meta;
    let body = format!("{body}{SCRIPT}");
    let page = SystemPage {
        title,
        description,
        image: None,
        no_index: !indexed,
        body: &body,
        script: false,
    };
    let html = themed(p, &site, &raw.base_url, path, &page)
        .await?
        .ok_or_else(|| WixError::new(WixCode::ItemNotFound, "the site is not published"))?;
    Ok(RawReply {
        status,
        headers: vec![
            ("content-type", "text/html; charset=utf-8".into()),
            (
                "cache-control",
                if indexed && member(raw).is_none() {
                    "no-cache"
                } else {
                    "private, no-store"
                }
                .into(),
            ),
        ],
        body: html.into(),
    })
}

fn notice(text: &str, error: bool) -> String {
    if error {
        format!(
            "<p class=\"t-form-status error\" role=\"alert\">{}</p>",
            esc(text)
        )
    } else {
        format!(
            "<p class=\"t-form-status\" role=\"status\">{}</p>",
            esc(text)
        )
    }
}

/// What a visitor is told of a refusal.
fn said(e: &WixError) -> String {
    let text = e.description();
    let mut out: String = text.chars().take(1).flat_map(char::to_uppercase).collect();
    out.push_str(text.get(1..).unwrap_or_default());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// An image of the media library at a size, as a variant.
fn image_at(url: &str, w: u32, h: u32) -> String {
    if url.starts_with("/media/") && !url.contains("/v1/") {
        format!("{url}/v1/fill/w_{w},h_{h},q_80/image.jpg")
    } else {
        url.to_string()
    }
}

fn text_of<'a>(d: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .fold(d, |v, k| &v[*k])
        .as_str()
        .unwrap_or_default()
}

/// "45 minutes", "1 hour 30 minutes".
fn duration(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let part = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match (h, m) {
        (0, m) => part(m, "minute"),
        (h, 0) => part(h, "hour"),
        (h, m) => format!("{} {}", part(h, "hour"), part(m, "minute")),
    }
}

fn price(s: &Service) -> String {
    match &s.price {
        None => "Free".into(),
        Some((value, currency)) => format!("{value} {currency}"),
    }
}

/// A length of the policy in words: "24 hours", "2 days".
fn span(minutes: i64) -> String {
    if minutes % (24 * 60) == 0 && minutes > 0 {
        let d = minutes / (24 * 60);
        format!("{d} day{}", if d == 1 { "" } else { "s" })
    } else {
        duration(minutes)
    }
}

/// The booking policy as a customer reads it.
fn policy_words(s: &Service) -> Vec<String> {
    let p = &s.policy;
    let mut out = Vec::new();
    if let Some(m) = p.earliest {
        out.push(format!("Book up to {} ahead.", span(m)));
    }
    if let Some(m) = p.latest.filter(|m| *m > 0) {
        out.push(format!("Book at least {} before it starts.", span(m)));
    }
    out.push(match p.cancel_before {
        Some(0) | None => "Cancel online until it starts.".into(),
        Some(m) => format!("Cancel online until {} before it starts.", span(m)),
    });
    out.push(match p.reschedule_before {
        Some(0) | None => "Reschedule online until it starts.".into(),
        Some(m) => format!("Reschedule online until {} before it starts.", span(m)),
    });
    if p.max_participants > 1 {
        out.push(format!(
            "Up to {} participants per booking.",
            p.max_participants
        ));
    }
    if s.manual_approval {
        out.push("The business confirms each booking.".into());
    }
    match (&s.price, s.online_payment, s.in_person) {
        (None, _, _) => {}
        (Some(_), true, true) => out.push("Pay online when you book, or in person.".into()),
        (Some(_), true, false) => out.push("Paid online when you book.".into()),
        (Some(_), false, _) => out.push("Paid in person.".into()),
    }
    if s.price.is_some() && s.pricing_plan {
        out.push("Members may book with a session of their pricing plan.".into());
    }
    out
}

/// A stored time in the business's zone; the page's script shows it in the visitor's.
fn time_html(tz: Tz, at: Millis) -> String {
    format!(
        "<time datetime=\"{}\" data-local>{} ({})</time>",
        tessera_platform::time(at),
        local(tz, at).format("%A %-d %B %Y, %H:%M"),
        tz.name()
    )
}

/// `GET /book-online`: the visible services, under their categories (in the categories'
/// order) when they have any.
async fn list(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let mut items = services::all(&p, &site, false).await?;
    let category = |i: &tessera_core::data::Item| {
        let c = i.data.at("category");
        match c["name"].as_str() {
            Some(name) => (0, c["sortOrder"].as_i64().unwrap_or(0), name.to_string()),
            None => (1, 0, String::new()),
        }
    };
    items.sort_by(|a, b| {
        category(a)
            .cmp(&category(b))
            .then_with(|| a.data.at("name").as_str().cmp(&b.data.at("name").as_str()))
    });
    let grouped = items.iter().any(|i| category(i).0 == 0);
    let mut body = String::from(
        "<section class=\"t-section t-bookings\"><div class=\"inner\"><h1>Book online</h1>",
    );
    if items.is_empty() {
        body.push_str("<p class=\"t-empty\">No services are offered yet.</p>");
    }
    let (heading, open) = if grouped {
        ("h3", "")
    } else {
        ("h2", "<ul class=\"t-store-grid t-service-list\">")
    };
    body.push_str(open);
    let mut current = None;
    for (i, item) in items.iter().enumerate() {
        let Ok(s) = Service::of(item) else { continue };
        if grouped && current.as_ref() != Some(&category(item)) {
            if current.is_some() {
                body.push_str("</ul>");
            }
            let (none, _, name) = category(item);
            body.push_str(&format!(
                "<h2>{}</h2><ul class=\"t-store-grid t-service-list\">",
                esc(if none == 1 { "Other services" } else { &name })
            ));
            current = Some(category(item));
        }
        let d = Value::Object(item.data.clone());
        let href = format!("/booking-service/{}", at(&s.slug));
        body.push_str("<li class=\"t-service\">");
        match d["media"]["mainMedia"]["image"]["url"].as_str() {
            Some(url) => body.push_str(&format!(
                "<img src=\"{}\" alt=\"\" width=\"480\" height=\"320\"{}>",
                at(&image_at(url, 480, 320)),
                if i >= 4 { " loading=\"lazy\"" } else { "" }
            )),
            None => body.push_str("<span class=\"t-service-noimage\" aria-hidden=\"true\"></span>"),
        }
        body.push_str(&format!(
            "<{heading}><a href=\"{href}\">{}</a></{heading}>",
            esc(&s.name)
        ));
        let tagline = text_of(&d, &["tagLine"]);
        if !tagline.is_empty() {
            body.push_str(&format!("<p>{}</p>", esc(tagline)));
        }
        body.push_str(&format!(
            "<p class=\"t-service-facts\">{} · <span class=\"t-price\">{}</span></p>",
            esc(&duration(s.minutes)),
            esc(&price(&s))
        ));
        body.push_str(&format!(
            "<a class=\"t-button\" href=\"{href}\" aria-label=\"Book now: {}\">Book now</a></li>",
            at(&s.name)
        ));
    }
    if !grouped || current.is_some() {
        body.push_str("</ul>");
    }
    body.push_str("</div></section>");
    page(
        &p,
        &raw,
        "/book-online",
        200,
        ("Book online", None, true),
        &body,
    )
    .await
}

/// The service a slug names, visible.
async fn by_slug(p: &Platform, site: &Site, slug: &str) -> WixResult<Option<(Value, Service)>> {
    Ok(services::all(p, site, false)
        .await?
        .into_iter()
        .find(|i| i.data.at("slug") == slug)
        .and_then(|i| {
            let s = Service::of(&i).ok()?;
            let mut d = Value::Object(i.data.clone());
            d["id"] = json!(i.id);
            Some((d, s))
        }))
}

async fn not_found(p: &Platform, raw: &RawCall) -> WixResult<RawReply> {
    let body = "<section class=\"t-section t-bookings\"><div class=\"inner\"><h1>Not found</h1><p>This service is not offered. <a href=\"/book-online\">See all services</a>.</p></div></section>";
    page(p, raw, "/404", 404, ("Not found", None, false), body).await
}

/// What the calendar shows: the day, the zone its times are in, and what the form holds.
#[derive(Default)]
struct Picked {
    date: Option<NaiveDate>,
    tz: String,
    form: Vec<(String, String)>,
}

impl Picked {
    fn from_query(q: &Params) -> Picked {
        Picked {
            date: q
                .one("date")
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            tz: q.one("tz").unwrap_or_default().to_string(),
            form: Vec::new(),
        }
    }

    fn field(&self, name: &str) -> &str {
        field(&self.form, name)
    }
}

fn form(raw: &RawCall) -> Vec<(String, String)> {
    form_urlencoded::parse(&raw.body).into_owned().collect()
}

fn field<'a>(f: &'a [(String, String)], name: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The day's bookable times of a service in `tz`: `(instant, local text, staff free then,
/// places left)`.
async fn day_slots(
    p: &Platform,
    site: &Site,
    s: &Service,
    day: NaiveDate,
    tz: Tz,
) -> WixResult<Vec<(Millis, String, Vec<(String, String)>, i64)>> {
    let from = schedule::instant(tz, day.and_hms_opt(0, 0, 0).unwrap_or_default());
    let to = schedule::instant(
        tz,
        (day + chrono::Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default(),
    );
    Ok(availability::times(
        p,
        site,
        s,
        (from, to),
        tessera_core::now_millis(),
        availability::Detail::Slots,
    )
    .await?
    .into_iter()
    .filter(availability::Time::bookable)
    .map(|t| {
        (
            t.start,
            schedule::local(tz, t.start).format("%H:%M").to_string(),
            t.free().cloned().collect(),
            t.open,
        )
    })
    .collect())
}

/// The calendar: a date form (GET, with the browser's zone), and for a chosen date its
/// times as radio buttons with `extra` (the details form) inside the same form.
async fn calendar(
    p: &Platform,
    site: &Site,
    s: &Service,
    picked: &Picked,
    action: &str,
    extra: &str,
) -> WixResult<String> {
    let business = settings::of(p, site).await?.time_zone;
    let tz = match picked.tz.as_str() {
        "" => business,
        name => schedule::zone(name, "tz")?,
    };
    let today = local(tz, now_millis()).date();
    let date = picked.date.unwrap_or(today);
    let mut out = format!(
        "<form class=\"t-form t-booking-date\" method=\"get\" action=\"{}\"><h2>Choose a date</h2>\
         <input type=\"hidden\" name=\"tz\" value=\"{}\" data-tz>\
         <label for=\"date\">Date<input id=\"date\" type=\"date\" name=\"date\" value=\"{date}\" min=\"{today}\" required></label>\
         <button class=\"t-button secondary\" type=\"submit\">Show times</button></form>",
        at(action),
        at(tz.name())
    );
    let Some(day) = picked.date else {
        return Ok(out);
    };
    let slots = day_slots(p, site, s, day, tz).await?;
    out.push_str(&format!(
        "<form class=\"t-form t-booking-times\" method=\"post\" action=\"{}\">\
         <input type=\"hidden\" name=\"tz\" value=\"{}\"><input type=\"hidden\" name=\"date\" value=\"{day}\">",
        at(action),
        at(tz.name())
    ));
    let title = day.format("%A %-d %B %Y");
    if slots.is_empty() {
        out.push_str(&format!(
            "<h2>Times on {title}</h2><p class=\"t-empty\">No free times on this day. Choose another date.</p></form>"
        ));
        return Ok(out);
    }
    out.push_str(&format!(
        "<fieldset><legend>Times on {title} ({})</legend><div class=\"t-slots\">",
        esc(tz.name())
    ));
    let chosen = picked.field("start");
    for (i, (start, label, _, left)) in slots.iter().enumerate() {
        let value = tessera_platform::time(*start);
        let places = if s.kind == ServiceType::Appointment {
            String::new()
        } else {
            format!(" <small>{left} left</small>")
        };
        out.push_str(&format!(
            "<label class=\"check t-slot\"><input type=\"radio\" name=\"start\" value=\"{}\" required{}> {label}{places}</label>",
            at(&value),
            if chosen == value || (chosen.is_empty() && i == 0 && slots.len() == 1) {
                " checked"
            } else {
                ""
            }
        ));
    }
    out.push_str("</div></fieldset>");
    if s.kind == ServiceType::Appointment {
        let mut staff: Vec<(String, String)> = Vec::new();
        for (id, name) in slots.iter().flat_map(|x| x.2.iter()) {
            if !staff.iter().any(|(i, _)| i == id) {
                staff.push((id.clone(), name.clone()));
            }
        }
        out.push_str("<label for=\"staff\">Staff member<select id=\"staff\" name=\"staff\"><option value=\"\">Any available</option>");
        for (id, name) in staff {
            out.push_str(&format!(
                "<option value=\"{}\"{}>{}</option>",
                at(&id),
                if picked.field("staff") == id {
                    " selected"
                } else {
                    ""
                },
                esc(&name)
            ));
        }
        out.push_str("</select></label>");
    }
    out.push_str(extra);
    out.push_str("</form>");
    Ok(out)
}

/// The customer's details and how they pay, inside the calendar's form.
fn details_form(s: &Service, picked: &Picked, email: &str, signed_in: bool) -> String {
    let value = |k: &str| at(picked.field(k));
    let mut out = String::from("<fieldset><legend>Your details</legend>");
    out.push_str(&format!("<label for=\"firstName\">First name<input id=\"firstName\" name=\"firstName\" autocomplete=\"given-name\" maxlength=\"100\" required value=\"{}\"></label>", value("firstName")));
    out.push_str(&format!("<label for=\"lastName\">Last name (optional)<input id=\"lastName\" name=\"lastName\" autocomplete=\"family-name\" maxlength=\"100\" value=\"{}\"></label>", value("lastName")));
    let email = match picked.field("email") {
        "" => at(email),
        e => at(e),
    };
    out.push_str(&format!("<label for=\"email\">Email<input id=\"email\" type=\"email\" name=\"email\" autocomplete=\"email\" maxlength=\"200\" required value=\"{email}\"></label>"));
    out.push_str(&format!("<label for=\"phone\">Phone (optional)<input id=\"phone\" type=\"tel\" name=\"phone\" autocomplete=\"tel\" maxlength=\"100\" value=\"{}\"></label>", value("phone")));
    if s.policy.max_participants > 1 {
        let n = match picked.field("participants") {
            "" => "1",
            n => n,
        };
        out.push_str(&format!(
            "<label for=\"participants\">Participants<input id=\"participants\" type=\"number\" name=\"participants\" min=\"1\" max=\"{}\" value=\"{}\" required></label>",
            s.policy.max_participants,
            at(n)
        ));
    }
    out.push_str("</fieldset>");
    // How a paid service may be paid by this visitor: a plan's session only when signed in,
    // since the plan is the member's.
    let mut ways: Vec<(&str, String)> = Vec::new();
    if s.price.is_some() {
        if s.online_payment {
            ways.push(("ONLINE", format!("Pay online now ({})", price(s))));
        }
        if s.in_person {
            ways.push(("OFFLINE", "Pay in person".into()));
        }
        if s.pricing_plan && signed_in {
            ways.push(("MEMBERSHIP", "Use my plan".into()));
        }
    }
    let pay = match ways.as_slice() {
        [] => "Book now",
        [("ONLINE", _)] => "Book and pay",
        [("OFFLINE", _)] => "Book now",
        [(way, _)] => {
            out.push_str(&format!(
                "<input type=\"hidden\" name=\"payment\" value=\"{way}\">"
            ));
            "Book with my plan"
        }
        _ => {
            let chosen = match picked.field("payment") {
                w if ways.iter().any(|(v, _)| *v == w) => w,
                _ => ways[0].0,
            };
            out.push_str("<fieldset><legend>Payment</legend>");
            for (way, label) in &ways {
                out.push_str(&format!(
                    "<label class=\"check\"><input type=\"radio\" name=\"payment\" value=\"{way}\"{}> {}</label>",
                    if *way == chosen { " checked" } else { "" },
                    esc(label)
                ));
            }
            out.push_str("</fieldset>");
            "Book"
        }
    };
    if s.price.is_some() && s.pricing_plan && !signed_in {
        let back: String =
            form_urlencoded::byte_serialize(format!("/booking-service/{}", s.slug).as_bytes())
                .collect();
        out.push_str(&format!(
            "<p>Have a pricing plan? <a href=\"/login?returnUrl={}\">Log in to use your plan</a></p>",
            at(&back)
        ));
    }
    out.push_str(&format!(
        "<button class=\"t-button\" type=\"submit\">{pay}</button>"
    ));
    out
}

/// `GET /booking-service/<slug>[?date=&tz=]`.
async fn service_page(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let picked = Picked::from_query(&raw.query);
    service_with(&p, &raw, &picked, 200, None).await
}

async fn service_with(
    p: &Platform,
    raw: &RawCall,
    picked: &Picked,
    status: u16,
    error: Option<&str>,
) -> WixResult<RawReply> {
    let site = site_of(raw)?;
    let slug = raw.path_param("slug");
    let Some((d, s)) = by_slug(p, &site, slug).await? else {
        return not_found(p, raw).await;
    };
    let email = match member(raw) {
        Some(id) => p
            .store()
            .member(site.id, &id)
            .await?
            .map(|m| m.email)
            .unwrap_or_default(),
        None => String::new(),
    };
    let action = format!("/booking-service/{slug}");
    let (cal, status, error) = match calendar(
        p,
        &site,
        &s,
        picked,
        &action,
        &details_form(&s, picked, &email, member(raw).is_some()),
    )
    .await
    {
        Ok(c) => (c, status, error.map(str::to_string)),
        // A bad date or zone in the address: the plain calendar, and why.
        Err(e) if e.code() != WixCode::Internal => {
            let plain = Picked::default();
            let c = calendar(p, &site, &s, &plain, &action, "").await?;
            (c, e.code().http_status(), Some(said(&e)))
        }
        Err(e) => return Err(e),
    };
    let mut body = String::from(
        "<section class=\"t-section t-bookings\"><div class=\"inner\"><p><a href=\"/book-online\">All services</a></p><div class=\"t-product t-service-page\"><div class=\"t-product-info\">",
    );
    body.push_str(&format!("<h1>{}</h1>", esc(&s.name)));
    let tagline = text_of(&d, &["tagLine"]);
    if !tagline.is_empty() {
        body.push_str(&format!("<p>{}</p>", esc(tagline)));
    }
    body.push_str(&format!(
        "<p class=\"t-service-facts\">{} · <span class=\"t-price\">{}</span></p>",
        esc(&duration(s.minutes)),
        esc(&price(&s))
    ));
    if let Some(url) = d["media"]["mainMedia"]["image"]["url"].as_str() {
        body.push_str(&format!(
            "<img class=\"t-service-image\" src=\"{}\" alt=\"\" width=\"720\" height=\"480\">",
            at(&image_at(url, 720, 480))
        ));
    }
    let description = text_of(&d, &["description"]);
    if !description.is_empty() {
        body.push_str(&format!("<p>{}</p>", esc(description)));
    }
    body.push_str("<h2>Policy</h2><ul class=\"t-policy\">");
    for line in policy_words(&s) {
        body.push_str(&format!("<li>{}</li>", esc(&line)));
    }
    body.push_str("</ul></div><div class=\"t-booking-calendar\">");
    if let Some(e) = &error {
        body.push_str(&notice(e, true));
    }
    body.push_str(&cal);
    body.push_str("</div></div></div></section>");
    let short: String = tagline.chars().take(160).collect();
    page(
        p,
        raw,
        &action,
        status,
        (
            &s.name,
            (!short.is_empty()).then_some(short.as_str()),
            error.is_none(),
        ),
        &body,
    )
    .await
}

/// The confirmation's address: the booking and its token (the one its calendar file has).
fn confirmation_path(b: &Value, token: &str) -> String {
    format!(
        "/booking-confirmation/{}?token={token}",
        b["id"].as_str().unwrap_or_default()
    )
}

/// `POST /booking-service/<slug>`: books the chosen time; a paid-online booking goes on to
/// the store's checkout, any other to its confirmation. A refusal shows on the calendar.
async fn book(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let f = form(&raw);
    let picked = Picked {
        date: NaiveDate::parse_from_str(field(&f, "date"), "%Y-%m-%d").ok(),
        tz: field(&f, "tz").to_string(),
        form: f.clone(),
    };
    let Some((_, s)) = by_slug(&p, &site, raw.path_param("slug")).await? else {
        return not_found(&p, &raw).await;
    };
    match book_with(&p, &raw, &site, &s, &f).await {
        Ok(to) => Ok(RawReply::see_other(&to)),
        Err(e) if e.code() != WixCode::Internal => {
            let text = match e.code() {
                WixCode::SlotNotAvailable => format!("{} Choose another time.", said(&e)),
                // The plans module names the member and service by id; the member knows both.
                WixCode::FailedPrecondition
                    if field(&f, "payment") == "MEMBERSHIP"
                        && e.description().contains("no active plan") =>
                {
                    "None of your plans has a session left for this service. Choose another way to pay.".into()
                }
                _ => said(&e),
            };
            service_with(&p, &raw, &picked, e.code().http_status(), Some(&text)).await
        }
        Err(e) => Err(e),
    }
}

async fn book_with(
    p: &Platform,
    raw: &RawCall,
    site: &Site,
    s: &Service,
    f: &[(String, String)],
) -> WixResult<String> {
    let start = field(f, "start");
    if start.is_empty() {
        return Err(WixError::bad_request("choose a time"));
    }
    let participants = match field(f, "participants") {
        "" => 1,
        n => n.parse::<i64>().map_err(|_| {
            WixError::bad_request(format!(
                "participants: a whole number from 1 to {}",
                s.policy.max_participants
            ))
        })?,
    };
    let mut slot = json!({"serviceId": s.id, "startDate": start});
    if !field(f, "staff").is_empty() {
        slot["resource"] = json!({"id": field(f, "staff")});
    }
    let mut booking = json!({
        "bookedEntity": {"slot": slot},
        "contactDetails": {
            "firstName": field(f, "firstName"), "lastName": field(f, "lastName"),
            "email": field(f, "email"), "phone": field(f, "phone"),
        },
        "totalParticipants": participants,
    });
    if field(f, "firstName").trim().is_empty() {
        return Err(WixError::bad_request("first name: is required"));
    }
    if matches!(field(f, "payment"), "ONLINE" | "OFFLINE" | "MEMBERSHIP") {
        booking["selectedPaymentOption"] = json!(field(f, "payment"));
    }
    let made = bookings::create(p, &as_route(raw, "", json!({ "booking": booking }))?).await?;
    let b = &made["booking"];
    let id = b["id"].as_str().unwrap_or_default();
    let record = p.store().booking(site.id, id).await?;
    let token = record
        .as_ref()
        .and_then(|r| r.doc["icsToken"].as_str())
        .unwrap_or_default()
        .to_string();
    if b["status"] != "CREATED" {
        return Ok(confirmation_path(b, &token));
    }
    // Paid online: a checkout of the booking for this visitor, in the store.
    let Some(op) = p
        .modules()
        .iter()
        .flat_map(|m| m.host_ops())
        .find(|(n, _)| *n == "stores")
        .map(|(_, op)| op)
    else {
        return Err(WixError::new(
            WixCode::FailedPrecondition,
            "paid bookings go through the store, which is not installed",
        ));
    };
    let who = CodeCaller {
        site: site.clone(),
        caller: DataCaller::Code {
            member: member(raw),
        },
        visitor: raw.visitor.clone(),
    };
    let contact = &b["contactDetails"];
    let made = op(
        p.clone(),
        who,
        json!({"method": "POST", "path": "/ecom/v1/checkouts", "body": {
            "lineItems": [{"quantity": 1, "catalogReference": {"appId": BOOKINGS_APP_ID, "catalogItemId": id}}],
            "checkoutInfo": {
                "buyerInfo": {"email": contact["email"]},
                "billingInfo": {"contactDetails": {"firstName": contact["firstName"], "lastName": contact["lastName"], "phone": contact["phone"]}},
            },
        }}),
    )
    .await
    .map_err(|e| WixError::new(WixCode::FailedPrecondition, e.message))?;
    Ok(format!(
        "/checkout?checkoutId={}",
        made["checkout"]["id"].as_str().unwrap_or_default()
    ))
}

/// `GET /booking-confirmation/<id>?token=…`.
async fn confirmation(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let site = site_of(&raw)?;
    let id = raw.path_param("id");
    let token = raw.query.one("token").unwrap_or_default();
    let found = p.store().booking(site.id, id).await?.filter(|b| {
        !token.is_empty() && b.doc["icsToken"] == token
            || member(&raw).is_some_and(|m| b.member_id.as_deref() == Some(m.as_str()))
    });
    let Some(b) = found else {
        return not_found(&p, &raw).await;
    };
    let tz = settings::of(&p, &site).await?.time_zone;
    let title = match b.status.as_str() {
        "CONFIRMED" => "Your booking is confirmed",
        "PENDING" => "Your booking is requested",
        "CREATED" => "Your booking waits for payment",
        _ => "Your booking",
    };
    let mut body = format!(
        "<section class=\"t-section t-bookings\"><div class=\"inner\"><h1>{title}</h1><dl class=\"t-order-totals t-booking-summary\">"
    );
    body.push_str(&summary_rows(&b, tz));
    body.push_str("</dl>");
    if b.status == "PENDING" {
        body.push_str("<p>The business confirms it soon; you will get an email.</p>");
    }
    body.push_str(&format!(
        "<p>A confirmation goes to {}.</p><p><a class=\"t-button secondary\" href=\"/_bookings/v1/bookings/{}/calendar.ics?token={}\">Add to my calendar</a> <a href=\"/book-online\">Book something else</a></p></div></section>",
        esc(&b.email),
        at(&b.id),
        at(b.doc["icsToken"].as_str().unwrap_or_default())
    ));
    page(
        &p,
        &raw,
        &format!("/booking-confirmation/{}", b.id),
        200,
        ("Booking", None, false),
        &body,
    )
    .await
}

fn summary_rows(b: &BookingRecord, tz: Tz) -> String {
    let entity = &b.doc["bookedEntity"];
    let mut out = format!(
        "<dt>Service</dt><dd>{}</dd><dt>When</dt><dd>{}</dd>",
        esc(entity["title"].as_str().unwrap_or_default()),
        time_html(tz, b.start)
    );
    if let Some(name) = entity["slot"]["resource"]["name"]
        .as_str()
        .filter(|n| !n.is_empty())
    {
        out.push_str(&format!("<dt>With</dt><dd>{}</dd>", esc(name)));
    }
    if b.participants > 1 {
        out.push_str(&format!("<dt>Participants</dt><dd>{}</dd>", b.participants));
    }
    let paid = match (
        b.payment_status.as_str(),
        b.doc["selectedPaymentOption"].as_str(),
    ) {
        ("EXEMPT", _) => "Free",
        ("PAID", _) => "Paid",
        (_, Some("OFFLINE")) => "Pay in person",
        _ => "Not paid yet",
    };
    out.push_str(&format!("<dt>Payment</dt><dd>{paid}</dd>"));
    out
}

/// `GET /account/my-bookings`: the member's upcoming and past bookings.
async fn mine(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let notice = match raw.query.one("notice") {
        Some("canceled") => Some("Your booking is canceled."),
        Some("moved") => Some("Your booking is moved."),
        _ => None,
    };
    mine_with(&p, &raw, 200, notice, None).await
}

async fn mine_with(
    p: &Platform,
    raw: &RawCall,
    status: u16,
    done: Option<&str>,
    error: Option<&str>,
) -> WixResult<RawReply> {
    let site = site_of(raw)?;
    if member(raw).is_none() {
        return Ok(RawReply::see_other(
            "/login?returnUrl=%2Faccount%2Fmy-bookings",
        ));
    }
    let found = bookings::query(
        p,
        &as_route(raw, "", json!({"query": {"paging": {"limit": 200}}}))?,
        true,
    )
    .await?;
    let tz = settings::of(p, &site).await?.time_zone;
    let now = now_millis();
    let list: Vec<Value> = found["bookings"].as_array().cloned().unwrap_or_default();
    let ends = |b: &Value| {
        b["endDate"]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map_or(0, |t| t.timestamp_millis())
    };
    let live = |b: &Value| {
        matches!(
            b["status"].as_str(),
            Some("CONFIRMED" | "PENDING" | "CREATED")
        )
    };
    let (mut upcoming, mut past): (Vec<&Value>, Vec<&Value>) =
        list.iter().partition(|b| live(b) && ends(b) > now);
    upcoming.sort_by_key(|b| ends(b));
    past.sort_by_key(|b| std::cmp::Reverse(ends(b)));
    let mut body = String::from(
        "<section class=\"t-section t-bookings\"><div class=\"inner\"><h1>My bookings</h1>",
    );
    if let Some(e) = error {
        body.push_str(&notice(e, true));
    } else if let Some(d) = done {
        body.push_str(&notice(d, false));
    }
    for (title, rows, actions) in [("Upcoming", &upcoming, true), ("Past", &past, false)] {
        body.push_str(&format!("<h2>{title}</h2>"));
        if rows.is_empty() {
            body.push_str(&format!(
                "<p class=\"t-empty\">{}</p>",
                if actions {
                    "Nothing booked. <a href=\"/book-online\">Book online</a>."
                } else {
                    "No past bookings."
                }
            ));
            continue;
        }
        body.push_str("<ul class=\"t-my-bookings\">");
        for b in rows.iter() {
            let start =
                chrono::DateTime::parse_from_rfc3339(b["startDate"].as_str().unwrap_or_default())
                    .map_or(0, |t| t.timestamp_millis());
            let id = b["id"].as_str().unwrap_or_default();
            body.push_str(&format!(
                "<li><h3>{}</h3><p>{}",
                esc(b["bookedEntity"]["title"].as_str().unwrap_or_default()),
                time_html(tz, start)
            ));
            if let Some(name) = b["bookedEntity"]["slot"]["resource"]["name"]
                .as_str()
                .filter(|n| !n.is_empty())
            {
                body.push_str(&format!(" with {}", esc(name)));
            }
            let status = match b["status"].as_str().unwrap_or_default() {
                "CONFIRMED" => "Confirmed",
                "PENDING" => "Waiting for the business to confirm",
                "CREATED" => "Waiting for payment",
                "CANCELED" => "Canceled",
                "DECLINED" => "Declined",
                other => other,
            };
            body.push_str(&format!("</p><p>{status}</p>"));
            if actions {
                body.push_str(&format!(
                    "<div class=\"t-booking-actions\"><a class=\"t-button secondary\" href=\"/account/my-bookings/{}/reschedule\">Reschedule</a>\
                     <form method=\"post\" action=\"/account/my-bookings/{}/cancel\"><input type=\"hidden\" name=\"revision\" value=\"{}\">\
                     <button class=\"t-button secondary\" type=\"submit\">Cancel booking</button></form></div>",
                    at(id),
                    at(id),
                    at(b["revision"].as_str().unwrap_or_default())
                ));
            }
            body.push_str("</li>");
        }
        body.push_str("</ul>");
    }
    body.push_str("</div></section>");
    page(
        p,
        raw,
        "/account/my-bookings",
        status,
        ("My bookings", None, true),
        &body,
    )
    .await
}

/// `POST /account/my-bookings/<id>/cancel`, with the revision the list showed.
async fn cancel(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    if member(&raw).is_none() {
        return Ok(RawReply::see_other(
            "/login?returnUrl=%2Faccount%2Fmy-bookings",
        ));
    }
    let f = form(&raw);
    let call = as_route(
        &raw,
        raw.path_param("id"),
        json!({"revision": field(&f, "revision")}),
    )?;
    match bookings::set_status(&p, &call, "CANCELED").await {
        Ok(_) => Ok(RawReply::see_other("/account/my-bookings?notice=canceled")),
        Err(e) if e.code() != WixCode::Internal => {
            mine_with(&p, &raw, e.code().http_status(), None, Some(&refusal(&e))).await
        }
        Err(e) => Err(e),
    }
}

/// A refusal of a change, in words.
fn refusal(e: &WixError) -> String {
    match e.code() {
        WixCode::ConditionFailed => {
            "The booking changed meanwhile; here it is as it is now. Try again.".into()
        }
        WixCode::SlotNotAvailable => format!("{} Choose another time.", said(e)),
        _ => said(e),
    }
}

/// The member's booking `id` (with its service), or None.
async fn own(p: &Platform, raw: &RawCall) -> WixResult<Option<(BookingRecord, Service)>> {
    let site = site_of(raw)?;
    let Some(m) = member(raw) else {
        return Ok(None);
    };
    let Some(b) = p
        .store()
        .booking(site.id, raw.path_param("id"))
        .await?
        .filter(|b| b.member_id.as_deref() == Some(m.as_str()))
    else {
        return Ok(None);
    };
    let (_, s) = services::get(p, &site, &b.service_id).await?;
    Ok(Some((b, s)))
}

/// `GET /account/my-bookings/<id>/reschedule[?date=&tz=]`: the calendar for a new time.
async fn reschedule_page(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let picked = Picked::from_query(&raw.query);
    reschedule_with(&p, &raw, &picked, 200, None).await
}

async fn reschedule_with(
    p: &Platform,
    raw: &RawCall,
    picked: &Picked,
    status: u16,
    error: Option<&str>,
) -> WixResult<RawReply> {
    if member(raw).is_none() {
        return Ok(RawReply::see_other(
            "/login?returnUrl=%2Faccount%2Fmy-bookings",
        ));
    }
    let Some((b, s)) = own(p, raw).await? else {
        return not_found(p, raw).await;
    };
    let site = site_of(raw)?;
    let tz = settings::of(p, &site).await?.time_zone;
    let action = format!("/account/my-bookings/{}/reschedule", b.id);
    let extra = format!(
        "<input type=\"hidden\" name=\"revision\" value=\"{}\"><button class=\"t-button\" type=\"submit\">Move my booking</button>",
        b.revision
    );
    let (cal, status, error) = match calendar(p, &site, &s, picked, &action, &extra).await {
        Ok(c) => (c, status, error.map(str::to_string)),
        Err(e) if e.code() != WixCode::Internal => {
            let c = calendar(p, &site, &s, &Picked::default(), &action, "").await?;
            (c, e.code().http_status(), Some(said(&e)))
        }
        Err(e) => return Err(e),
    };
    let mut body = format!(
        "<section class=\"t-section t-bookings\"><div class=\"inner\"><p><a href=\"/account/my-bookings\">My bookings</a></p><h1>Reschedule {}</h1><p>Now: {}</p><div class=\"t-booking-calendar\">",
        esc(&s.name),
        time_html(tz, b.start)
    );
    if let Some(e) = &error {
        body.push_str(&notice(e, true));
    }
    body.push_str(&cal);
    body.push_str("</div></div></section>");
    page(p, raw, &action, status, ("Reschedule", None, true), &body).await
}

/// `POST /account/my-bookings/<id>/reschedule`: moves the booking read at `revision`.
async fn reschedule(p: Platform, raw: RawCall) -> WixResult<RawReply> {
    let f = form(&raw);
    let picked = Picked {
        date: NaiveDate::parse_from_str(field(&f, "date"), "%Y-%m-%d").ok(),
        tz: field(&f, "tz").to_string(),
        form: f.clone(),
    };
    let Some((b, _)) = own(&p, &raw).await? else {
        return reschedule_with(&p, &raw, &picked, 404, None).await;
    };
    let result = if field(&f, "start").is_empty() {
        Err(WixError::bad_request("choose a time"))
    } else {
        let mut slot = json!({"serviceId": b.service_id, "startDate": field(&f, "start")});
        if !field(&f, "staff").is_empty() {
            slot["resource"] = json!({"id": field(&f, "staff")});
        }
        let call = as_route(
            &raw,
            &b.id,
            json!({"slot": slot, "revision": field(&f, "revision")}),
        )?;
        bookings::reschedule(&p, &call).await
    };
    match result {
        Ok(_) => Ok(RawReply::see_other("/account/my-bookings?notice=moved")),
        Err(e) if e.code() != WixCode::Internal => {
            reschedule_with(
                &p,
                &raw,
                &picked,
                e.code().http_status(),
                Some(&refusal(&e)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub fn routes() -> Vec<RawRoute> {
    let route = |method, path: &str, handler| {
        RawRoute::new(method, path, 16 * 1024, handler).for_visitors()
    };
    vec![
        route(Method::Get, "/book-online", |p, c| list(p, c).boxed()),
        route(Method::Get, "/booking-service/{slug}", |p, c| {
            service_page(p, c).boxed()
        }),
        route(Method::Post, "/booking-service/{slug}", |p, c| {
            book(p, c).boxed()
        }),
        route(Method::Get, "/booking-confirmation/{id}", |p, c| {
            confirmation(p, c).boxed()
        }),
        route(Method::Get, "/account/my-bookings", |p, c| {
            mine(p, c).boxed()
        }),
        route(Method::Post, "/account/my-bookings/{id}/cancel", |p, c| {
            cancel(p, c).boxed()
        }),
        route(
            Method::Get,
            "/account/my-bookings/{id}/reschedule",
            |p, c| reschedule_page(p, c).boxed(),
        ),
        route(
            Method::Post,
            "/account/my-bookings/{id}/reschedule",
            |p, c| reschedule(p, c).boxed(),
        ),
    ]
}
