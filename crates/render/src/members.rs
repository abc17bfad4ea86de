//! The site's member pages — log in, sign up, forgot and reset password, account — in the
//! site's own master page and theme. Plain HTML forms that post to the members endpoints,
//! so they work without JavaScript; messages come as fixed codes (`?error=invalid`), never as
//! text from the address bar.

use crate::{
    Site,
    document::{Page, Seo, Visibility},
    html::{attr, text},
    page::{PageData, Request},
};

/// Which member page, with what it needs.
pub enum MemberPage<'a> {
    Login,
    Signup,
    ForgotPassword,
    ResetPassword { token: &'a str },
    Account(AccountView<'a>),
}

/// What the account page shows of the signed-in member.
pub struct AccountView<'a> {
    pub email: &'a str,
    pub email_verified: bool,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub nickname: &'a str,
    /// Titles of the member's roles and badges.
    pub roles: Vec<String>,
}

/// The page's `?notice=`, `?error=` and `?returnUrl=`.
#[derive(Default)]
pub struct MemberPageState<'a> {
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
    pub return_url: Option<&'a str>,
}

impl MemberPage<'_> {
    /// The member pages' paths; a page of the site's own document at one of them wins.
    pub const PATHS: [&'static str; 5] = [
        "/login",
        "/signup",
        "/forgot-password",
        "/reset-password",
        "/account",
    ];

    fn title(&self) -> &'static str {
        match self {
            Self::Login => "Log in",
            Self::Signup => "Sign up",
            Self::ForgotPassword => "Forgot your password?",
            Self::ResetPassword { .. } => "Choose a new password",
            Self::Account(_) => "My account",
        }
    }

    fn path(&self) -> &'static str {
        match self {
            Self::Login => "/login",
            Self::Signup => "/signup",
            Self::ForgotPassword => "/forgot-password",
            Self::ResetPassword { .. } => "/reset-password",
            Self::Account(_) => "/account",
        }
    }
}

fn notice_text(code: &str) -> &'static str {
    match code {
        "check-email" => "Check your email: we sent you a link to confirm your address.",
        "pending" => "Thanks for joining! The site owner will approve your membership soon.",
        "verified" => "Your email address is confirmed. You can log in now.",
        "reset-sent" => {
            "If an account uses that address, we sent it a link to choose a new password."
        }
        "password-changed" => "Your password is changed.",
        "saved" => "Your profile is saved.",
        _ => "Done.",
    }
}

fn error_text(code: &str) -> &'static str {
    match code {
        "invalid" => "The email or the password is not right.",
        "locked" => "Too many attempts. Wait 15 minutes, then try again.",
        "unverified" => "Confirm your email address first: we sent you a new link.",
        "pending" => "The site owner has not approved your membership yet.",
        "blocked" => "This membership is blocked.",
        "email" => "Enter an email address such as name@example.com.",
        "password" => "Use a password of at least 8 characters.",
        "exists" => "A member with this email already exists. Log in instead.",
        "expired" => "This link has expired or was already used. Ask for a new one.",
        "current-password" => "The current password is not right.",
        "login" => "Log in first.",
        "role" => "That page is for members with another role.",
        "profile" => "Check the profile fields: each holds at most 500 characters.",
        _ => "Something went wrong. Please try again.",
    }
}

impl Site {
    /// A member page as a whole HTML document.
    pub fn render_member_page(
        &self,
        which: &MemberPage,
        state: &MemberPageState,
        req: &Request,
    ) -> String {
        let page = Page {
            id: "member-page".into(),
            title: which.title().into(),
            path: which.path().into(),
            seo: Seo {
                no_index: true,
                ..Seo::default()
            },
            visibility: Visibility::Public,
            hide_from_menu: true,
            datasets: Vec::new(),
            dynamic: None,
            lightbox: false,
            router: None,
            sections: Vec::new(),
        };
        let data = PageData::default();
        self.document(&page, &data, req, |r| {
            let out = &mut r.out;
            out.push_str("<section class=\"t-section member-page\"><div class=\"inner\"><h1>");
            text(out, which.title());
            out.push_str("</h1>");
            if let Some(n) = state.notice {
                out.push_str("<p class=\"t-form-status\" role=\"status\">");
                text(out, notice_text(n));
                out.push_str("</p>");
            }
            if let Some(e) = state.error {
                out.push_str("<p class=\"t-form-status error\" role=\"alert\">");
                text(out, error_text(e));
                out.push_str("</p>");
            }
            member_forms(out, which, state.return_url);
            out.push_str("</div></section>");
        })
    }
}

fn form_open(out: &mut String, action: &str, return_url: Option<&str>) {
    out.push_str("<form class=\"t-form\" method=\"post\" action=\"/_api/members/v1/");
    out.push_str(action);
    out.push_str("\">");
    if let Some(url) = return_url {
        out.push_str("<input type=\"hidden\" name=\"returnUrl\" value=\"");
        attr(out, url);
        out.push_str("\">");
    }
}

fn input(out: &mut String, name: &str, label: &str, kind: &str, extra: &str, value: &str) {
    out.push_str("<label for=\"m-");
    out.push_str(name);
    out.push_str("\">");
    text(out, label);
    out.push_str("<input type=\"");
    out.push_str(kind);
    out.push_str("\" id=\"m-");
    out.push_str(name);
    out.push_str("\" name=\"");
    out.push_str(name);
    out.push_str("\" value=\"");
    attr(out, value);
    out.push('"');
    out.push_str(extra);
    out.push_str("></label>");
}

fn button(out: &mut String, label: &str, class: &str) {
    out.push_str("<button type=\"submit\" class=\"t-button");
    out.push_str(class);
    out.push_str("\">");
    text(out, label);
    out.push_str("</button></form>");
}

const NEW_PASSWORD: &str =
    " autocomplete=\"new-password\" minlength=\"8\" maxlength=\"256\" required";

fn member_forms(out: &mut String, which: &MemberPage, return_url: Option<&str>) {
    let email_extra = " autocomplete=\"email\" maxlength=\"254\" required";
    match which {
        MemberPage::Login => {
            form_open(out, "auth/login", return_url);
            input(out, "email", "Email", "email", email_extra, "");
            input(
                out,
                "password",
                "Password",
                "password",
                " autocomplete=\"current-password\" required",
                "",
            );
            button(out, "Log in", "");
            out.push_str("<p><a href=\"/forgot-password\">Forgot your password?</a></p><p>New here? <a href=\"/signup");
            if let Some(url) = return_url {
                out.push_str("?returnUrl=");
                attr(
                    out,
                    &percent_encoding::utf8_percent_encode(url, percent_encoding::NON_ALPHANUMERIC)
                        .to_string(),
                );
            }
            out.push_str("\">Sign up</a></p>");
        }
        MemberPage::Signup => {
            form_open(out, "auth/register", return_url);
            input(
                out,
                "firstName",
                "First name",
                "text",
                " autocomplete=\"given-name\" maxlength=\"500\"",
                "",
            );
            input(
                out,
                "lastName",
                "Last name",
                "text",
                " autocomplete=\"family-name\" maxlength=\"500\"",
                "",
            );
            input(out, "email", "Email", "email", email_extra, "");
            input(
                out,
                "password",
                "Password (at least 8 characters)",
                "password",
                NEW_PASSWORD,
                "",
            );
            button(out, "Sign up", "");
            out.push_str("<p>Already a member? <a href=\"/login\">Log in</a></p>");
        }
        MemberPage::ForgotPassword => {
            out.push_str("<p>Enter your email address and we will send you a link to choose a new password.</p>");
            form_open(out, "auth/reset-request", None);
            input(out, "email", "Email", "email", email_extra, "");
            button(out, "Send the link", "");
        }
        MemberPage::ResetPassword { token } => {
            form_open(out, "auth/reset", None);
            out.push_str("<input type=\"hidden\" name=\"token\" value=\"");
            attr(out, token);
            out.push_str("\">");
            input(
                out,
                "password",
                "New password (at least 8 characters)",
                "password",
                NEW_PASSWORD,
                "",
            );
            button(out, "Save the password", "");
        }
        MemberPage::Account(a) => {
            out.push_str("<p>Logged in as <strong>");
            text(out, a.email);
            out.push_str("</strong>");
            if !a.email_verified {
                out.push_str(" (not confirmed yet)");
            }
            out.push_str("</p>");
            if !a.roles.is_empty() {
                out.push_str("<ul class=\"member-roles\" aria-label=\"Roles and badges\">");
                for r in &a.roles {
                    out.push_str("<li>");
                    text(out, r);
                    out.push_str("</li>");
                }
                out.push_str("</ul>");
            }
            // The modules' own member pages, which this page does not render.
            out.push_str("<nav aria-label=\"My account\"><ul><li><a href=\"/account/my-bookings\">My bookings</a></li><li><a href=\"/account/my-plans\">My plans</a></li></ul></nav>");
            out.push_str("<h2>Profile</h2>");
            form_open(out, "members/my", None);
            input(
                out,
                "firstName",
                "First name",
                "text",
                " maxlength=\"500\"",
                a.first_name,
            );
            input(
                out,
                "lastName",
                "Last name",
                "text",
                " maxlength=\"500\"",
                a.last_name,
            );
            input(
                out,
                "nickname",
                "Nickname",
                "text",
                " maxlength=\"500\"",
                a.nickname,
            );
            button(out, "Save", "");
            out.push_str("<h2>Password</h2>");
            form_open(out, "auth/change-password", None);
            input(
                out,
                "currentPassword",
                "Current password",
                "password",
                " autocomplete=\"current-password\" required",
                "",
            );
            input(
                out,
                "newPassword",
                "New password",
                "password",
                NEW_PASSWORD,
                "",
            );
            button(out, "Change the password", "");
            out.push_str("<h2>Your data</h2><p><a href=\"/_api/members/v1/members/my/export\" download>Download my data (JSON)</a></p>");
            form_open(out, "auth/logout", None);
            button(out, "Log out", " secondary");
            out.push_str("<details><summary>Delete my account</summary><p>This deletes your account and everything the site keeps about you. It cannot be undone.</p>");
            form_open(out, "members/my/delete", None);
            out.push_str("<label for=\"m-delete-password\">Password<input type=\"password\" id=\"m-delete-password\" name=\"currentPassword\" autocomplete=\"current-password\" required></label>");
            button(out, "Delete my account", " secondary");
            out.push_str("</details>");
        }
    }
}
