//! Service plugins in site code, in Wix's layout: `backend/___spi___/<type>/<name>/<name>.js`
//! exporting the type's functions, and `<name>-config.js` exporting `getConfig()`. Other
//! files in a plugin's folder are its helpers.

use serde::Serialize;

use crate::code::{CodeError, SiteCode};

pub const ROOT: &str = "backend/___spi___/";

/// The plugin types Tessera calls, and the functions each must export.
pub const TYPES: &[(&str, &[&str])] = &[
    ("ecom-additional-fees", &["calculateAdditionalFees"]),
    ("ecom-validations", &["getValidationViolations"]),
    ("ecom-shipping-rates", &["getShippingRates"]),
    ("billing-tax-calculation", &["calculateTax"]),
    (
        "ecom-discounts-trigger",
        &["listTriggers", "getEligibleTriggers"],
    ),
    ("ecom-catalog", &["getCatalogItems"]),
    (
        "payment-provider",
        &["connectAccount", "createTransaction", "refundTransaction"],
    ),
];

/// One plugin of a revision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plugin {
    /// Its type's folder, e.g. `ecom-additional-fees`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    /// `backend/___spi___/<type>/<name>/<name>.js`.
    pub file: String,
    pub config_file: String,
}

impl Plugin {
    /// `<type>/<name>`: how the dashboard, the settings and the log name it.
    pub fn key(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }
}

/// The revision's plugins, and what is wrong with its `___spi___` folder.
pub fn plugins(code: &SiteCode) -> (Vec<Plugin>, Vec<CodeError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let problem = |file: &str, message: String| CodeError {
        file: file.to_string(),
        line: None,
        column: None,
        message,
    };
    let mut folders = std::collections::BTreeSet::new();
    for path in code.files.keys() {
        let Some(rest) = path.strip_prefix(ROOT) else {
            continue;
        };
        let parts: Vec<&str> = rest.split('/').collect();
        if parts.len() < 3 {
            errors.push(problem(
                path,
                "service plugins go in backend/___spi___/<type>/<name>/<name>.js".into(),
            ));
            continue;
        }
        folders.insert((parts[0], parts[1]));
    }
    for (kind, name) in folders {
        let folder = format!("{ROOT}{kind}/{name}");
        let Some((_, functions)) = TYPES.iter().find(|(t, _)| *t == kind) else {
            let known: Vec<&str> = TYPES.iter().map(|(t, _)| *t).collect();
            errors.push(problem(
                &folder,
                format!(
                    "'{kind}' is not a service plugin type; the types are {}",
                    known.join(", ")
                ),
            ));
            continue;
        };
        let file = format!("{folder}/{name}.js");
        let config_file = format!("{folder}/{name}-config.js");
        let Some(source) = code.files.get(&file) else {
            errors.push(problem(&folder, format!("the plugin needs {file}")));
            continue;
        };
        if !code.has(&config_file) {
            errors.push(problem(
                &folder,
                format!("the plugin needs {config_file}, exporting getConfig()"),
            ));
            continue;
        }
        let missing: Vec<&str> = functions
            .iter()
            .copied()
            .filter(|f| !source.contains(f))
            .collect();
        if !missing.is_empty() {
            errors.push(problem(
                &file,
                format!("a {kind} plugin exports {}", missing.join(" and ")),
            ));
            continue;
        }
        found.push(Plugin {
            kind: kind.to_string(),
            name: name.to_string(),
            file,
            config_file,
        });
    }
    (found, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(files: &[(&str, &str)]) -> SiteCode {
        SiteCode {
            revision: 1,
            files: std::sync::Arc::new(
                files
                    .iter()
                    .map(|(p, s)| (p.to_string(), s.to_string()))
                    .collect(),
            ),
        }
    }

    #[test]
    fn finds_plugins_and_says_what_is_wrong() {
        let fees = "export const calculateAdditionalFees = async () => ({});";
        let config = "export function getConfig() { return {}; }";
        let (found, errors) = plugins(&code(&[
            ("backend/___spi___/ecom-additional-fees/wrap/wrap.js", fees),
            (
                "backend/___spi___/ecom-additional-fees/wrap/wrap-config.js",
                config,
            ),
            ("backend/___spi___/ecom-additional-fees/wrap/util.js", ""),
            ("backend/___spi___/ecom-validations/none/none.js", "x"),
            (
                "backend/___spi___/ecom-validations/none/none-config.js",
                config,
            ),
            ("backend/___spi___/ecom-teleport/x/x.js", ""),
            ("backend/___spi___/ecom-catalog/c/c.js", "getCatalogItems"),
            ("backend/___spi___/loose.js", ""),
            ("backend/other.js", ""),
        ]));
        assert_eq!(
            found.iter().map(Plugin::key).collect::<Vec<_>>(),
            ["ecom-additional-fees/wrap"]
        );
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 4, "{said:?}");
        assert!(said[0].contains("<type>/<name>/<name>.js"), "{said:?}");
        assert!(said[1].contains("c-config.js"), "{said:?}");
        assert!(said[2].contains("'ecom-teleport' is not"), "{said:?}");
        assert!(
            said[3].contains("exports getValidationViolations"),
            "{said:?}"
        );
    }
}
