//! Inputs and the other elements page code drives: each kind written as the site runtime
//! reads it (`web/site-runtime/README.md`, section 3), their stylesheet, and the errors a bad
//! one gets.

use serde_json::{Map, Value, json};
use tessera_render::{DatasetPage, Document, PageCode, PageData, Request, Site};

fn doc() -> Value {
    json!({
        "schemaVersion": 1,
        "pages": [{"id": "home", "title": "Home", "path": "/",
            "datasets": [{"id": "dataset1", "collection": "Things"}],
            "sections": [{"id": "section1", "type": "section", "children": [
                {"id": "input1", "type": "textInput", "props": {"label": "Your name", "placeholder": "Name", "maxLength": 80, "value": "Ann & co"}},
                {"id": "input2", "type": "textInput", "props": {"placeholder": "Email", "inputType": "email", "required": true}},
                {"id": "input3", "type": "textInput", "props": {"label": "Age", "inputType": "number"}},
                {"id": "textBox1", "type": "textBox", "props": {"label": "Message", "placeholder": "Say hi", "value": "\nHello <b>", "maxLength": 500}},
                {"id": "dropdown1", "type": "dropdown", "props": {"label": "Size", "placeholder": "Choose a size", "required": true, "value": "l",
                    "options": [{"label": "Small", "value": "s"}, {"label": "Large", "value": "l"}, {"label": "Huge"}]}},
                {"id": "checkbox1", "type": "checkbox", "props": {"label": "I agree", "value": "yes", "required": true}},
                {"id": "checkboxGroup1", "type": "checkboxGroup", "props": {"label": "Toppings", "value": ["y"],
                    "options": [{"label": "X", "value": "x"}, {"label": "Y", "value": "y"}]}},
                {"id": "radioGroup1", "type": "radioGroup", "props": {"label": "Delivery", "required": true, "value": "b",
                    "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]}},
                {"id": "switch1", "type": "switch", "props": {"label": "Dark mode", "checked": true}},
                {"id": "slider1", "type": "slider", "props": {"label": "Volume", "min": 0, "max": 10, "step": 0.5, "value": 3}},
                {"id": "datePicker1", "type": "datePicker", "props": {"label": "Arrival", "value": "2026-12-24", "min": "2026-12-01"}},
                {"id": "multiStateBox1", "type": "multiStateBox", "children": [
                    {"id": "state1", "type": "state", "children": [{"id": "text1", "type": "text", "props": {"html": "<p>1</p>"}}]},
                    {"id": "state2", "type": "state", "children": [{"id": "input4", "type": "textInput", "props": {"label": "Code"}}]}
                ]},
                {"id": "progressBar1", "type": "progressBar", "props": {"label": "Uploaded", "value": 30, "targetValue": 120}},
                {"id": "rating1", "type": "rating", "props": {"rating": 4.5, "numRatings": 12}},
                {"id": "pagination1", "type": "pagination", "props": {"totalPages": 9, "currentPage": 5}},
                {"id": "html1", "type": "embed", "props": {"html": "<p>x</p>", "title": "Widget"}},
                {"id": "repeater1", "type": "repeater", "props": {"dataset": "dataset1"}, "children": [
                    {"id": "radioGroup2", "type": "radioGroup", "props": {"label": "Pick", "options": [{"label": "One", "value": "1"}]}},
                    {"id": "input5", "type": "textInput", "props": {"label": "Note"}}
                ]}
            ]}]
        }]
    })
}

fn site(doc: Value) -> Result<Site, String> {
    Document::parse(doc.to_string().as_bytes())
        .map(Site::new)
        .map_err(|e| e.to_string())
}

fn data() -> PageData {
    let item = |v: Value| -> Map<String, Value> { v.as_object().unwrap().clone() };
    let mut data = PageData::default();
    data.datasets.insert(
        "dataset1".into(),
        DatasetPage {
            items: vec![item(json!({"_id": "a"})), item(json!({"_id": "b"}))],
            page: 1,
            has_next: false,
        },
    );
    data
}

fn render(site: &Site, code: Option<&PageCode>) -> String {
    let req = Request {
        base_url: "http://demo.localhost:8080",
        path: "/",
        page_number: 1,
        ..Request::default()
    };
    let page = site.doc.page("home").unwrap();
    match code {
        Some(code) => site.render_with_code(page, &data(), &req, code),
        None => site.render(page, &data(), &req),
    }
}

const CODE: PageCode = PageCode {
    runtime: "/_assets/site-runtime.abc.js",
    bundles: &[],
    site_id: "site-1",
    lightboxes: &[],
    router_data: None,
    lightbox: false,
    head: None,
};

#[test]
fn each_kind_is_written_as_the_runtime_reads_it() {
    let site = site(doc()).unwrap();
    let html = render(&site, None);
    let has = |part: &str| assert!(html.contains(part), "missing {part}\nin {html}");
    has(
        "<div id=\"input1\" class=\"t-textInput\"><label>Your name<input type=\"text\" placeholder=\"Name\" maxlength=\"80\" value=\"Ann &amp; co\"></label></div>",
    );
    // Without a label the placeholder names the field.
    has(
        "<div id=\"input2\" class=\"t-textInput\"><input type=\"email\" autocomplete=\"email\" aria-label=\"Email\" placeholder=\"Email\" maxlength=\"5000\" required></div>",
    );
    has("<label>Age<input type=\"number\"></label>");
    // The first newline is kept (parsers drop one right after the tag), the text escaped.
    has(
        "<div id=\"textBox1\" class=\"t-textBox\"><label>Message<textarea maxlength=\"500\" placeholder=\"Say hi\">\n\nHello &lt;b&gt;</textarea></label></div>",
    );
    has(
        "<div id=\"dropdown1\" class=\"t-dropdown\"><label>Size<select required><option value=\"\" label=\"Choose a size\"></option><option value=\"s\">Small</option><option value=\"l\" selected>Large</option><option value=\"Huge\">Huge</option></select></label></div>",
    );
    has(
        "<div id=\"checkbox1\" class=\"t-checkbox\"><label><input type=\"checkbox\" value=\"yes\" required> I agree</label></div>",
    );
    has(
        "<fieldset id=\"checkboxGroup1\" class=\"t-checkboxGroup\"><legend>Toppings</legend><div><label><input type=\"checkbox\" name=\"checkboxGroup1\" value=\"x\"> X</label><label><input type=\"checkbox\" name=\"checkboxGroup1\" value=\"y\" checked> Y</label></div></fieldset>",
    );
    has(
        "<fieldset id=\"radioGroup1\" class=\"t-radioGroup\"><legend>Delivery</legend><div><label><input type=\"radio\" name=\"radioGroup1\" value=\"a\" required> A</label><label><input type=\"radio\" name=\"radioGroup1\" value=\"b\" checked required> B</label></div></fieldset>",
    );
    has(
        "<div id=\"switch1\" class=\"t-switch\"><label><input type=\"checkbox\" role=\"switch\" checked> Dark mode</label></div>",
    );
    has(
        "<div id=\"slider1\" class=\"t-slider\"><label>Volume<input type=\"range\" min=\"0\" max=\"10\" step=\"0.5\" value=\"3\"></label></div>",
    );
    has(
        "<div id=\"datePicker1\" class=\"t-datePicker\"><label>Arrival<input type=\"date\" min=\"2026-12-01\" value=\"2026-12-24\"></label></div>",
    );
    has(
        "<div id=\"multiStateBox1\" class=\"t-multiStateBox\"><div id=\"state1\" class=\"t-state\"><div id=\"text1\" class=\"t-text\"><p>1</p></div></div><div id=\"state2\" class=\"t-state\" hidden><div id=\"input4\" class=\"t-textInput\">",
    );
    has(
        "<div id=\"progressBar1\" class=\"t-progressBar\"><label>Uploaded<progress max=\"120\" value=\"30\">25%</progress></label></div>",
    );
    has(
        "<div id=\"rating1\" class=\"t-rating e-rating1\" role=\"img\" aria-label=\"Rated 4.5 out of 5, 12 ratings\"><span class=\"t-stars\" aria-hidden=\"true\">★★★★★</span><span class=\"t-rating-count\" aria-hidden=\"true\">(12)</span></div>",
    );
    // The pages around the current one, the first and the last.
    has(
        "<nav id=\"pagination1\" class=\"t-pagination\" aria-label=\"Pages\"><button type=\"button\" data-page=\"4\" aria-label=\"Previous page\">‹</button><button type=\"button\" data-page=\"1\" aria-label=\"Page 1\">1</button><span aria-hidden=\"true\">…</span><button type=\"button\" data-page=\"4\" aria-label=\"Page 4\">4</button><button type=\"button\" data-page=\"5\" aria-current=\"page\" aria-label=\"Page 5\">5</button><button type=\"button\" data-page=\"6\" aria-label=\"Page 6\">6</button><span aria-hidden=\"true\">…</span><button type=\"button\" data-page=\"9\" aria-label=\"Page 9\">9</button><button type=\"button\" data-page=\"6\" aria-label=\"Next page\">›</button></nav>",
    );
    // Nothing here submits anywhere: no form and no names but the choice groups'.
    assert!(!html.contains("<form"));
    // A page without code loads no script for them.
    assert!(!html.contains("<script src"));
    // Their rules come with them, the rating's fill among the element rules.
    assert!(site.css.contains(".t-switch input:checked"));
    assert!(site.css.contains(".e-rating1{--rating:4.5;}"));
}

#[test]
fn sites_without_inputs_do_not_carry_their_rules() {
    let plain =
        json!({"schemaVersion": 1, "pages": [{"id": "home", "title": "Home", "path": "/"}]});
    assert!(!site(plain).unwrap().css.contains(".t-switch"));
}

#[test]
fn inside_repeaters_ids_are_data_velo_ids_and_choice_groups_are_per_item() {
    let site = site(doc()).unwrap();
    let html = render(&site, Some(&CODE));
    assert!(html.contains("<li data-velo-item=\"a\"><fieldset data-velo-id=\"radioGroup2\" class=\"t-radioGroup\"><legend>Pick</legend><div><label><input type=\"radio\" name=\"radioGroup2-1\" value=\"1\"> One</label></div></fieldset><div data-velo-id=\"input5\" class=\"t-textInput\">"), "{html}");
    assert!(html.contains("<li data-velo-item=\"b\"><fieldset data-velo-id=\"radioGroup2\" class=\"t-radioGroup\"><legend>Pick</legend><div><label><input type=\"radio\" name=\"radioGroup2-2\""));
    assert!(!html.contains(" id=\"input5\""));
}

/// What `web/site-runtime/test/rendered-inputs.test.ts` runs on: write it again after a change
/// with `TESSERA_UPDATE_FIXTURES=1 cargo test -p tessera-render --test inputs`.
#[test]
fn the_site_runtime_tests_run_on_these_inputs() {
    let html = render(&site(doc()).unwrap(), Some(&CODE));
    let body = html.split("<body>").nth(1).unwrap();
    let body = body.replace("</body></html>", "") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/site-runtime/test/fixtures/rendered-inputs.html");
    if std::env::var_os("TESSERA_UPDATE_FIXTURES").is_some() {
        std::fs::write(&path, &body).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == body,
        "{} is not what the renderer writes now; write it again with TESSERA_UPDATE_FIXTURES=1",
        path.display()
    );
}

/// The document with the first section's child `index` given `props` (or a type and props).
fn with(index: usize, element: Value) -> Value {
    let mut d = doc();
    d["pages"][0]["sections"][0]["children"][index] = element;
    d
}

#[test]
fn a_bad_input_is_refused_naming_the_field() {
    let at = "pages[0].sections[0].children[0]";
    let cases = [
        (
            json!({"id": "input1", "type": "textInput", "props": {}}),
            "props.label: give it a label (or a placeholder)",
        ),
        (
            json!({"id": "input1", "type": "textInput", "props": {"label": "A", "inputType": "color"}}),
            "props.inputType: unknown variant `color`",
        ),
        (
            json!({"id": "input1", "type": "textInput", "props": {"label": "A", "maxLength": 9000}}),
            "props.maxLength: use 1 to 5000",
        ),
        (
            json!({"id": "input1", "type": "textInput", "props": {"label": "A", "maxLength": 2, "value": "abc"}}),
            "props.value: longer than maxLength",
        ),
        (
            json!({"id": "input1", "type": "dropdown", "props": {"label": "A", "options": [{"label": "B"}], "value": "C"}}),
            "props.value: \"C\" is not one of the options' values",
        ),
        (
            json!({"id": "input1", "type": "dropdown", "props": {"label": "A", "options": [{"label": "B", "value": ""}]}}),
            "props.options[0].value: give the option a value",
        ),
        (
            json!({"id": "input1", "type": "radioGroup", "props": {"label": "A", "options": [{"label": "B"}, {"label": "C", "value": "B"}]}}),
            "props.options[1].value: \"B\" is used twice",
        ),
        (
            json!({"id": "input1", "type": "checkboxGroup", "props": {"label": "A", "options": [{"label": " "}]}}),
            "props.options[0].label: use 1 to 200 bytes",
        ),
        (
            json!({"id": "input1", "type": "checkbox", "props": {"label": ""}}),
            "props.label: give it a label:",
        ),
        (
            json!({"id": "input1", "type": "slider", "props": {"label": "A", "min": 5, "max": 5}}),
            "props.max: use a max above min",
        ),
        (
            json!({"id": "input1", "type": "slider", "props": {"label": "A", "step": 0}}),
            "props.step: use a step above 0",
        ),
        (
            json!({"id": "input1", "type": "slider", "props": {"label": "A", "value": 101}}),
            "props.value: use a value from min to max",
        ),
        (
            json!({"id": "input1", "type": "datePicker", "props": {"label": "A", "value": "24/12/2026"}}),
            "props.value: use a date as YYYY-MM-DD",
        ),
        (
            json!({"id": "input1", "type": "datePicker", "props": {"label": "A", "min": "2026-12-02", "max": "2026-12-01"}}),
            "props.max: use a max on or after min",
        ),
        (
            json!({"id": "input1", "type": "progressBar", "props": {"label": "A", "value": 5, "targetValue": 4}}),
            "props.value: use a value from 0 to targetValue",
        ),
        (
            json!({"id": "input1", "type": "rating", "props": {"rating": 6}}),
            "props.rating: use a rating from 0 to 5",
        ),
        (
            json!({"id": "input1", "type": "pagination", "props": {"totalPages": 3, "currentPage": 4}}),
            "props.currentPage: use 1 to totalPages",
        ),
        (
            json!({"id": "input1", "type": "multiStateBox"}),
            "children: a multiStateBox needs at least one state",
        ),
        (
            json!({"id": "input1", "type": "multiStateBox", "children": [{"id": "t", "type": "text", "props": {"html": ""}}]}),
            "children[0].type: a multiStateBox holds only state elements",
        ),
        (
            json!({"id": "input1", "type": "state"}),
            "type: a state belongs directly in a multiStateBox",
        ),
    ];
    for (element, expected) in cases {
        let error = site(with(0, element.clone())).err().unwrap_or_default();
        assert!(
            error.starts_with(&format!("{at}.{expected}")),
            "{element}: {error}"
        );
    }
}
