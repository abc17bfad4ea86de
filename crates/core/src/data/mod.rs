//! The CMS: collections (schemas), items, and the Wix API Query Language. Everything Tessera
//! stores for a site's content lives in collections, so these types serve every module.

pub mod access;
pub mod aggregate;
pub mod collection;
pub mod item;
pub mod pipeline;
pub mod query;
pub mod usage;

pub use access::{Access, Action, DataCaller};
pub use collection::{
    AccessLevel, Collection, DRAFTS_SUFFIX, Field, FieldType, Index, Permissions,
};
pub use item::{Item, StoredItem};
pub use query::{Filter, Op, Query, Sort, SortOrder};
pub use usage::{CollectionUsage, SiteUsage};
