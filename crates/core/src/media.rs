//! Each site's media library as stored: files (whose bytes live in the media storage under
//! their content hash, so the same bytes are stored once per site) and folders, both with a
//! trash. The media module (`crates/modules/media`) is its one user.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::{Millis, Result, ids::SiteId};

/// The folder at the top of every site's library, as Wix names it.
pub const MEDIA_ROOT: &str = "media-root";

/// Wix's media types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MediaType {
    Image,
    Vector,
    Video,
    Audio,
    Document,
    Archive,
}

impl MediaType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "IMAGE",
            Self::Vector => "VECTOR",
            Self::Video => "VIDEO",
            Self::Audio => "AUDIO",
            Self::Document => "DOCUMENT",
            Self::Archive => "ARCHIVE",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Image,
            Self::Vector,
            Self::Video,
            Self::Audio,
            Self::Document,
            Self::Archive,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// A file of a site's library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaFile {
    pub site_id: SiteId,
    /// `<site id, 32 hex>_<16 hex>~mv2.<ext>`: the site comes from the id, so a file's URL
    /// works on any host, as Wix's do.
    pub id: String,
    pub folder_id: String,
    pub display_name: String,
    pub media_type: MediaType,
    pub mime: String,
    /// SHA-256 of the stored bytes, as hex: the blob's name in the media storage.
    pub hash: String,
    pub size: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: Option<String>,
    /// Private files have no public URL, only signed download URLs.
    pub private: bool,
    /// When it went to the trash (`None`: in the library).
    pub trashed_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A folder of a site's library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MediaFolder {
    pub site_id: SiteId,
    pub id: String,
    pub parent_id: String,
    pub display_name: String,
    pub trashed_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// Which files a listing returns.
#[derive(Clone, Debug, Default)]
pub struct MediaFilter {
    /// Only those directly in this folder.
    pub folder_id: Option<String>,
    pub media_types: Vec<MediaType>,
    /// Display names containing this, ignoring case.
    pub search: Option<String>,
    /// The trash instead of the library.
    pub trashed: bool,
    pub private: Option<bool>,
}

/// How a listing is ordered: newest first by default, as Wix's Media Manager.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MediaSort {
    #[default]
    Newest,
    Oldest,
    NameAsc,
    NameDesc,
    SizeDesc,
    SizeAsc,
}

#[async_trait]
pub trait MediaStore: Send + Sync {
    /// Adds a file; `Invalid` (field `size`) when the site's stored bytes would pass `quota`,
    /// counted in the same transaction (a blob that the site already has costs nothing).
    async fn insert_media_file(&self, file: &MediaFile, quota: u64) -> Result<()>;
    async fn media_file(&self, site: SiteId, id: &str) -> Result<Option<MediaFile>>;
    /// Files by `filter` in `sort` order, from `offset`, at most `limit`, and how many match.
    async fn media_files(
        &self,
        site: SiteId,
        filter: &MediaFilter,
        sort: MediaSort,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<MediaFile>, u64)>;
    /// Replaces a file's name, folder, alt text and trash state. NotFound when absent.
    async fn update_media_file(&self, file: &MediaFile) -> Result<()>;
    /// Removes the file's row; answers whether another file of the site still has its
    /// bytes (if not, the caller deletes the blob).
    async fn delete_media_file(&self, site: SiteId, id: &str) -> Result<bool>;
    /// Files of any site in the trash since before `before`, at most `limit`: to purge.
    async fn trashed_media_files(&self, before: Millis, limit: u32) -> Result<Vec<MediaFile>>;
    /// The bytes the site's distinct blobs take.
    async fn media_bytes(&self, site: SiteId) -> Result<u64>;

    /// Adds a folder. Conflict when the parent has a folder of that name.
    async fn insert_media_folder(&self, folder: &MediaFolder) -> Result<()>;
    async fn media_folder(&self, site: SiteId, id: &str) -> Result<Option<MediaFolder>>;
    /// The folders in `parent` (or all the site's), in or out of the trash, by name.
    async fn media_folders(
        &self,
        site: SiteId,
        parent: Option<&str>,
        trashed: bool,
    ) -> Result<Vec<MediaFolder>>;
    /// Replaces a folder's name, parent and trash state. NotFound when absent.
    async fn update_media_folder(&self, folder: &MediaFolder) -> Result<()>;
    async fn delete_media_folder(&self, site: SiteId, id: &str) -> Result<()>;

    /// One batch of "where is this used": the site's next `limit` items (of every
    /// collection) after `after` (collection id, item id; `None` from the start), in that
    /// order, with the data as JSON text of those whose text contains `needle` (a file id).
    /// Reads at most `limit` items, so a caller bounds the work by the batches it asks for.
    async fn items_mentioning(
        &self,
        site: SiteId,
        needle: &str,
        after: Option<(&str, &str)>,
        limit: u32,
    ) -> Result<MentionBatch>;
}

/// A batch of [`MediaStore::items_mentioning`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MentionBatch {
    /// The items whose data text contains the needle: collection id, item id, data.
    pub found: Vec<(String, String, String)>,
    /// How many items the batch read.
    pub scanned: u32,
    /// The last item read (where the next batch starts), `None` when it read none.
    pub last: Option<(String, String)>,
}
