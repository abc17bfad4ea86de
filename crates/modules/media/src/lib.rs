//! The media module: each site's media library (files, folders, trash), its storage (a folder
//! in the data directory or any S3-compatible store), image variants on request, and Wix's
//! Media Manager REST API (`/site-media/v1/…`) and `wix-media-backend`.

pub mod image;
