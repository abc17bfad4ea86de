//! Inputs and the other elements page code drives, written as `web/site-runtime/README.md`
//! (section 3) says: the element is a box (`t-<kind>`, its id) whose first control is the
//! input, the label a `<label>` around it so no id ties them (ids repeat in repeaters).
//! None of them sits in a form: they submit nothing by themselves.

use std::fmt::Write;

use super::{Renderer, Scope};
use crate::{
    document::{
        Checkbox, CheckboxGroup, Choice, DatePicker, Dropdown, Element, Kind, Pagination,
        ProgressBar, RadioGroup, Rating, Slider, Switch, TextBox, TextInput, TextInputType,
    },
    html::{attr, text},
};

impl<'a> Renderer<'a> {
    /// `<label>` and its text, or nothing for a control named by `aria-label` instead.
    fn label_open(&mut self, label: &str) -> bool {
        if label.trim().is_empty() {
            return false;
        }
        self.out.push_str("<label>");
        text(&mut self.out, label);
        true
    }

    fn label_close(&mut self, labelled: bool) {
        if labelled {
            self.out.push_str("</label>");
        }
    }

    /// ` name="value"` when there is a value.
    fn attr_opt(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            let _ = write!(self.out, " {name}=\"");
            attr(&mut self.out, v);
            self.out.push('"');
        }
    }

    /// A control without a label is named by its placeholder.
    fn unlabelled(&mut self, labelled: bool, placeholder: Option<&str>) {
        if !labelled {
            self.attr_opt("aria-label", placeholder);
        }
    }

    fn required(&mut self, required: bool) {
        if required {
            self.out.push_str(" required");
        }
    }

    pub(super) fn text_input(&mut self, e: &Element, t: &TextInput) {
        self.open("div", e, "");
        self.out.push('>');
        let labelled = self.label_open(&t.label);
        let _ = write!(self.out, "<input type=\"{}\"", t.input_type.html_type());
        let autocomplete = match t.input_type {
            TextInputType::Email => Some("email"),
            TextInputType::Tel => Some("tel"),
            TextInputType::Url => Some("url"),
            _ => None,
        };
        self.attr_opt("autocomplete", autocomplete);
        self.unlabelled(labelled, t.placeholder.as_deref());
        self.attr_opt("placeholder", t.placeholder.as_deref());
        if t.input_type != TextInputType::Number {
            let _ = write!(self.out, " maxlength=\"{}\"", t.max_length.unwrap_or(5000));
        }
        self.required(t.required);
        self.attr_opt("value", t.value.as_deref());
        self.out.push('>');
        self.label_close(labelled);
        self.out.push_str("</div>");
    }

    pub(super) fn text_box(&mut self, e: &Element, t: &TextBox) {
        self.open("div", e, "");
        self.out.push('>');
        let labelled = self.label_open(&t.label);
        let _ = write!(
            self.out,
            "<textarea maxlength=\"{}\"",
            t.max_length.unwrap_or(5000)
        );
        self.unlabelled(labelled, t.placeholder.as_deref());
        self.attr_opt("placeholder", t.placeholder.as_deref());
        self.required(t.required);
        self.out.push('>');
        // A newline right after the tag would be dropped by parsers: keep the first one.
        if t.value.as_deref().is_some_and(|v| v.starts_with('\n')) {
            self.out.push('\n');
        }
        text(&mut self.out, t.value.as_deref().unwrap_or_default());
        self.out.push_str("</textarea>");
        self.label_close(labelled);
        self.out.push_str("</div>");
    }

    /// The empty first option is the placeholder: its text is its `label` attribute, so
    /// page code's `options` never count it.
    pub(super) fn dropdown(&mut self, e: &Element, d: &Dropdown) {
        self.open("div", e, "");
        self.out.push('>');
        let labelled = self.label_open(&d.label);
        self.out.push_str("<select");
        self.unlabelled(labelled, d.placeholder.as_deref());
        self.required(d.required);
        self.out.push_str("><option value=\"\"");
        self.attr_opt("label", d.placeholder.as_deref());
        self.out.push_str("></option>");
        for c in &d.options {
            self.out.push_str("<option value=\"");
            attr(&mut self.out, c.value());
            self.out.push('"');
            if d.value.as_deref() == Some(c.value()) {
                self.out.push_str(" selected");
            }
            self.out.push('>');
            text(&mut self.out, &c.label);
            self.out.push_str("</option>");
        }
        self.out.push_str("</select>");
        self.label_close(labelled);
        self.out.push_str("</div>");
    }

    pub(super) fn checkbox(&mut self, e: &Element, c: &Checkbox) {
        self.open("div", e, "");
        self.out.push_str("><label><input type=\"checkbox\"");
        self.attr_opt("value", c.value.as_deref());
        if c.checked {
            self.out.push_str(" checked");
        }
        self.required(c.required);
        self.out.push_str("> ");
        text(&mut self.out, &c.label);
        self.out.push_str("</label></div>");
    }

    /// A `<fieldset>` named by its `<legend>`, its choices in one box.
    fn choices(
        &mut self,
        e: &Element,
        legend: &str,
        input: &str,
        options: &[Choice],
        chosen: &dyn Fn(&str) -> bool,
        required: bool,
    ) {
        // Choices are grouped by name: unique per element, and per item in repeaters.
        let name = if self.repeating {
            self.groups += 1;
            format!("{}-{}", e.id, self.groups)
        } else {
            e.id.clone()
        };
        self.open("fieldset", e, "");
        self.out.push_str("><legend>");
        text(&mut self.out, legend);
        self.out.push_str("</legend><div>");
        for c in options {
            let _ = write!(
                self.out,
                "<label><input type=\"{input}\" name=\"{name}\" value=\""
            );
            attr(&mut self.out, c.value());
            self.out.push('"');
            if chosen(c.value()) {
                self.out.push_str(" checked");
            }
            self.required(required);
            self.out.push_str("> ");
            text(&mut self.out, &c.label);
            self.out.push_str("</label>");
        }
        self.out.push_str("</div></fieldset>");
    }

    pub(super) fn checkbox_group(&mut self, e: &Element, g: &CheckboxGroup) {
        let chosen = |v: &str| g.value.iter().any(|c| c == v);
        self.choices(e, &g.label, "checkbox", &g.options, &chosen, false);
    }

    pub(super) fn radio_group(&mut self, e: &Element, g: &RadioGroup) {
        let chosen = |v: &str| g.value.as_deref() == Some(v);
        self.choices(e, &g.label, "radio", &g.options, &chosen, g.required);
    }

    pub(super) fn switch(&mut self, e: &Element, s: &Switch) {
        self.open("div", e, "");
        self.out
            .push_str("><label><input type=\"checkbox\" role=\"switch\"");
        if s.checked {
            self.out.push_str(" checked");
        }
        self.out.push_str("> ");
        text(&mut self.out, &s.label);
        self.out.push_str("</label></div>");
    }

    pub(super) fn slider(&mut self, e: &Element, s: &Slider) {
        self.open("div", e, "");
        self.out.push('>');
        let labelled = self.label_open(&s.label);
        let _ = write!(
            self.out,
            "<input type=\"range\" min=\"{}\" max=\"{}\" step=\"{}\" value=\"{}\">",
            s.min,
            s.max,
            s.step,
            s.value.unwrap_or(s.min)
        );
        self.label_close(labelled);
        self.out.push_str("</div>");
    }

    pub(super) fn date_picker(&mut self, e: &Element, d: &DatePicker) {
        self.open("div", e, "");
        self.out.push('>');
        let labelled = self.label_open(&d.label);
        self.out.push_str("<input type=\"date\"");
        self.attr_opt("min", d.min.as_deref());
        self.attr_opt("max", d.max.as_deref());
        self.required(d.required);
        self.attr_opt("value", d.value.as_deref());
        self.out.push('>');
        self.label_close(labelled);
        self.out.push_str("</div>");
    }

    /// Its states, every one but the first `hidden` until page code changes state.
    pub(super) fn multi_state_box(&mut self, e: &'a Element, scope: Scope<'a>) {
        self.open("div", e, "");
        self.out.push('>');
        for (i, state) in e.children.iter().enumerate() {
            self.state(state, i > 0, scope);
        }
        self.out.push_str("</div>");
    }

    pub(super) fn state(&mut self, e: &'a Element, hidden: bool, scope: Scope<'a>) {
        self.open("div", e, "");
        if hidden {
            self.out.push_str(" hidden");
        }
        self.out.push('>');
        self.elements(&e.children, scope);
        self.out.push_str("</div>");
    }

    pub(super) fn progress_bar(&mut self, e: &Element, p: &ProgressBar) {
        self.open("div", e, "");
        self.out.push('>');
        let labelled = self.label_open(&p.label);
        let percent = (p.value / p.target_value * 100.0).round();
        let _ = write!(
            self.out,
            "<progress max=\"{}\" value=\"{}\">{percent}%</progress>",
            p.target_value, p.value
        );
        self.label_close(labelled);
        self.out.push_str("</div>");
    }

    /// Five stars filled to the rating (`--rating` in the stylesheet), said in words.
    pub(super) fn rating(&mut self, e: &Element, r: &Rating) {
        let mut words = format!("Rated {} out of 5", r.rating);
        if let Some(n) = r.num_ratings {
            let _ = write!(words, ", {n} {}", if n == 1 { "rating" } else { "ratings" });
        }
        self.open("div", e, "");
        self.out.push_str(" role=\"img\" aria-label=\"");
        attr(&mut self.out, &words);
        self.out
            .push_str("\"><span class=\"t-stars\" aria-hidden=\"true\">★★★★★</span>");
        if let Some(n) = r.num_ratings {
            let _ = write!(
                self.out,
                "<span class=\"t-rating-count\" aria-hidden=\"true\">({n})</span>"
            );
        }
        self.out.push_str("</div>");
    }

    /// Buttons for page code to hear (`onChange`): previous, the pages around the current
    /// one with the first and last, next.
    pub(super) fn pagination(&mut self, e: &Element, p: &Pagination) {
        self.open("nav", e, "");
        self.out.push_str(" aria-label=\"Pages\">");
        let (current, total) = (p.current_page, p.total_pages);
        let _ = write!(
            self.out,
            "<button type=\"button\" data-page=\"{}\" aria-label=\"Previous page\"{}>‹</button>",
            current.saturating_sub(1).max(1),
            if current == 1 { " disabled" } else { "" }
        );
        let mut last = 0;
        for n in 1..=total {
            if n != 1 && n != total && n.abs_diff(current) > 1 {
                continue;
            }
            if n > last + 1 {
                self.out.push_str("<span aria-hidden=\"true\">…</span>");
            }
            last = n;
            let _ = write!(self.out, "<button type=\"button\" data-page=\"{n}\"");
            if n == current {
                self.out.push_str(" aria-current=\"page\"");
            }
            let _ = write!(self.out, " aria-label=\"Page {n}\">{n}</button>");
        }
        let _ = write!(
            self.out,
            "<button type=\"button\" data-page=\"{}\" aria-label=\"Next page\"{}>›</button>",
            (current + 1).min(total),
            if current == total { " disabled" } else { "" }
        );
        self.out.push_str("</nav>");
    }
}

/// Whether the element is one of this file's kinds (the stylesheet adds their rules then).
pub(crate) fn is_input(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::TextInput(_)
            | Kind::TextBox(_)
            | Kind::Dropdown(_)
            | Kind::Checkbox(_)
            | Kind::CheckboxGroup(_)
            | Kind::RadioGroup(_)
            | Kind::Switch(_)
            | Kind::Slider(_)
            | Kind::DatePicker(_)
            | Kind::MultiStateBox(_)
            | Kind::State(_)
            | Kind::ProgressBar(_)
            | Kind::Rating(_)
            | Kind::Pagination(_)
    )
}
