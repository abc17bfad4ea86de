//! Collection schemas: fields with Wix's types, who may do what, and indexes.

use serde::{Deserialize, Serialize};

use crate::{Error, Millis, Result, ids::SiteId};

/// Wix's CMS field types (`@wix/data` collections `Type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FieldType {
    Text,
    Number,
    Boolean,
    Date,
    Datetime,
    Time,
    RichText,
    RichContent,
    Image,
    Video,
    Audio,
    Document,
    MediaGallery,
    Url,
    Address,
    Reference,
    MultiReference,
    Object,
    Array,
    ArrayString,
    ArrayDocument,
    PageLink,
    Language,
    Any,
    Slug,
    Email,
    MediaImage,
    MediaVectorArt,
    LegacyTime,
    LegacyBook,
    LegacyExternalUrl,
    LegacyBrokenReference,
    LegacyImage,
    LegacyColor,
    LegacyExternalVideo,
}

impl FieldType {
    /// A field that holds a list: conditions match its elements, and an index on it has an
    /// entry per element.
    pub fn is_array(self) -> bool {
        matches!(
            self,
            Self::Array
                | Self::ArrayString
                | Self::ArrayDocument
                | Self::MultiReference
                | Self::MediaGallery
        )
    }
}

/// Who may perform an action on a collection, from most open to most closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccessLevel {
    Anyone,
    SiteMember,
    /// A signed-in member acting on items they own (`_owner`).
    SiteMemberAuthor,
    /// Site collaborators with content rights, and API keys with them.
    #[serde(alias = "ADMIN", alias = "PRIVILEGED")]
    CmsEditor,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    pub read: AccessLevel,
    pub insert: AccessLevel,
    pub update: AccessLevel,
    pub remove: AccessLevel,
    /// When set, the member levels (`SITE_MEMBER`, `SITE_MEMBER_AUTHOR`) admit only members
    /// holding one of these site roles (e.g. `gold`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_roles: Vec<String>,
}

impl Default for Permissions {
    /// Wix's defaults for a new collection.
    fn default() -> Self {
        Self {
            read: AccessLevel::SiteMemberAuthor,
            insert: AccessLevel::CmsEditor,
            update: AccessLevel::CmsEditor,
            remove: AccessLevel::CmsEditor,
            member_roles: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    pub key: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_collection_id: Option<String>,
}

impl Field {
    /// An optional field with no constraints, shown by its key.
    pub fn new(key: &str, field_type: FieldType) -> Self {
        Self {
            key: key.into(),
            display_name: key.into(),
            field_type,
            required: false,
            unique: false,
            min: None,
            max: None,
            pattern: None,
            referenced_collection_id: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Index {
    pub name: String,
    pub fields: Vec<String>,
    #[serde(default)]
    pub unique: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Collection {
    pub site_id: SiteId,
    /// Chosen by the user, e.g. `Books`; unique per site.
    pub id: String,
    pub display_name: String,
    pub display_field: Option<String>,
    pub fields: Vec<Field>,
    pub permissions: Permissions,
    pub indexes: Vec<Index>,
    /// Bumped on every schema change, for optimistic concurrency.
    pub revision: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// Reads see the collection's drafts (`<id>__drafts`) in place of its items with the
    /// same ids, and its drafts of items never published, as Wix's `showDrafts`. Set per
    /// request, never stored.
    pub show_drafts: bool,
}

/// The suffix of a collection's drafts shadow, where Wix's publish plugin keeps item drafts.
pub const DRAFTS_SUFFIX: &str = "__drafts";

/// Most fields a collection may declare.
pub const MAX_FIELDS: usize = 1000;
/// Most indexes a collection may have (each one costs every write to it).
pub const MAX_INDEXES: usize = 10;
/// Most collections a site may have.
pub const MAX_COLLECTIONS: usize = 1000;

/// System fields every item has; users cannot declare them.
pub const SYSTEM_FIELDS: [&str; 4] = ["_id", "_owner", "_createdDate", "_updatedDate"];

impl Collection {
    /// The id of the collection's drafts shadow.
    pub fn drafts_id(&self) -> String {
        format!("{}{DRAFTS_SUFFIX}", self.id)
    }

    /// Declared indexes plus one unique index per field marked `unique`.
    pub fn all_indexes(&self) -> Vec<Index> {
        let mut all = self.indexes.clone();
        for f in self.fields.iter().filter(|f| f.unique) {
            all.push(Index {
                name: format!("unique_{}", f.key),
                fields: vec![f.key.clone()],
                unique: true,
            });
        }
        all
    }

    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// Checks the schema's own consistency: ids, keys, references, indexes.
    pub fn validate(&self) -> Result<()> {
        collection_id(&self.id)?;
        if self.fields.len() > MAX_FIELDS {
            return Err(Error::invalid(
                "fields",
                format!("a collection has at most {MAX_FIELDS} fields"),
            ));
        }
        if self.all_indexes().len() > MAX_INDEXES {
            return Err(Error::invalid(
                "indexes",
                format!("a collection has at most {MAX_INDEXES} indexes, unique fields included"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for f in &self.fields {
            field_key(&f.key)?;
            if !seen.insert(f.key.as_str()) {
                return Err(Error::invalid(
                    "fields",
                    format!("field '{}' is declared twice", f.key),
                ));
            }
            let is_ref = matches!(
                f.field_type,
                FieldType::Reference | FieldType::MultiReference
            );
            if is_ref
                && f.referenced_collection_id
                    .as_deref()
                    .is_none_or(str::is_empty)
            {
                return Err(Error::invalid(
                    "fields",
                    format!(
                        "field '{}' is a reference and needs referencedCollectionId",
                        f.key
                    ),
                ));
            }
            if let Some(p) = &f.pattern
                && p.len() > 1000
            {
                return Err(Error::invalid(
                    "fields",
                    format!("field '{}': pattern too long", f.key),
                ));
            }
        }
        if let Some(d) = &self.display_field
            && !d.is_empty()
            && self.field(d).is_none()
            && !SYSTEM_FIELDS.contains(&d.as_str())
        {
            return Err(Error::invalid(
                "displayField",
                format!("'{d}' is not a field of the collection"),
            ));
        }
        let mut names = std::collections::HashSet::new();
        for i in &self.indexes {
            index_name(&i.name)?;
            if !names.insert(i.name.as_str()) {
                return Err(Error::invalid(
                    "indexes",
                    format!("index '{}' is declared twice", i.name),
                ));
            }
            if i.fields.is_empty() || i.fields.len() > 3 {
                return Err(Error::invalid(
                    "indexes",
                    format!("index '{}' must have 1 to 3 fields", i.name),
                ));
            }
            for f in &i.fields {
                if !SYSTEM_FIELDS.contains(&f.as_str()) {
                    field_key(f)?;
                }
            }
            // An array field's index has an entry per element; two would multiply.
            let arrays = i
                .fields
                .iter()
                .filter(|f| self.field(f).is_some_and(|d| d.field_type.is_array()))
                .count();
            if arrays > 1 {
                return Err(Error::invalid(
                    "indexes",
                    format!("index '{}' may hold at most one array field", i.name),
                ));
            }
        }
        Ok(())
    }
}

/// Collections the platform keeps for its own records (members, contacts, dashboard
/// notifications, the store's catalog, carts and checkouts): readable and hookable like any
/// other, but written only through their own APIs, and their schemas are fixed.
pub fn is_system_collection(id: &str) -> bool {
    [
        "Members/",
        "Contacts/",
        "Dashboard/",
        "Stores/",
        "PricingPlans/",
    ]
    .iter()
    .any(|p| id.starts_with(p))
}

/// Collection ids: letters, digits, `_`, `-` and one `/` (app collections such as
/// `Stores/Products`), 1–256 characters, starting with a letter.
pub fn collection_id(id: &str) -> Result<()> {
    let ok = (1..=256).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'/')
        && id.matches('/').count() <= 1;
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "dataCollectionId",
            format!("'{id}' is not a valid collection id"),
        ))
    }
}

/// Field keys: a letter or `_` first, then letters, digits, `_`; at most 128 characters. The
/// key becomes part of SQL expressions, so this rule is also what keeps them safe.
pub fn field_key(key: &str) -> Result<()> {
    let ok = (1..=128).contains(&key.len())
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !ok {
        return Err(Error::invalid(
            "fieldKey",
            format!("'{key}' is not a valid field key"),
        ));
    }
    Ok(())
}

fn index_name(name: &str) -> Result<()> {
    let ok = (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "indexes",
            format!("'{name}' is not a valid index name"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_keys() {
        assert!(collection_id("Books").is_ok());
        assert!(collection_id("Stores/Products").is_ok());
        for bad in ["", "1abc", "a b", "a/b/c", "a;drop"] {
            assert!(collection_id(bad).is_err(), "{bad}");
        }
        assert!(field_key("title").is_ok());
        assert!(field_key("_id").is_ok());
        for bad in ["", "9x", "a-b", "a.b", "a'b"] {
            assert!(field_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_are_enforced() {
        let mut c = Collection {
            site_id: SiteId::new(),
            id: "Books".into(),
            display_name: "Books".into(),
            display_field: None,
            fields: vec![],
            permissions: Permissions::default(),
            indexes: vec![],
            revision: 1,
            created_at: 0,
            updated_at: 0,
            show_drafts: false,
        };
        c.indexes = (0..=MAX_INDEXES)
            .map(|i| Index {
                name: format!("i{i}"),
                fields: vec!["a".into()],
                unique: false,
            })
            .collect();
        assert!(c.validate().unwrap_err().to_string().contains("at most"));
        c.indexes.pop();
        assert!(c.validate().is_ok());
    }

    #[test]
    fn types_and_levels_use_wix_names() {
        assert_eq!(
            serde_json::to_string(&FieldType::MultiReference).unwrap(),
            "\"MULTI_REFERENCE\""
        );
        assert_eq!(
            serde_json::from_str::<AccessLevel>("\"ADMIN\"").unwrap(),
            AccessLevel::CmsEditor
        );
    }
}
