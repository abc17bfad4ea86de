//! What serving keeps in memory: the files it answered for, for a second (as host names are
//! kept; this node's own changes drop them at once), and variants' bytes, which are named by
//! the content they were made of and so never change, up to a fixed budget.

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

use bytes::Bytes;
use tessera_core::{media::MediaFile, sites::Site};

/// How long another node's change to a file (trash, delete) may take to show here.
const ROW_TTL: Duration = Duration::from_secs(1);
/// Files remembered at most (all are forgotten when full).
const ROWS_KEPT: usize = 10_000;
/// Variant bytes kept at most, and the largest variant kept.
const BYTES_BUDGET: usize = 64 * 1024 * 1024;
const LARGEST_KEPT: usize = 2 * 1024 * 1024;

#[derive(Default)]
pub struct Remembered {
    rows: Mutex<HashMap<String, (Instant, Site, MediaFile)>>,
    bytes: Mutex<Kept>,
}

/// Variants' bytes, the oldest dropped first when over the budget.
#[derive(Default)]
struct Kept {
    by_key: HashMap<String, Bytes>,
    order: VecDeque<String>,
    total: usize,
}

impl Remembered {
    pub fn file(&self, id: &str) -> Option<(Site, MediaFile)> {
        let rows = self.rows.lock().expect("rows lock");
        rows.get(id)
            .filter(|(at, ..)| at.elapsed() < ROW_TTL)
            .map(|(_, site, file)| (site.clone(), file.clone()))
    }

    pub fn keep_file(&self, site: &Site, file: &MediaFile) {
        let mut rows = self.rows.lock().expect("rows lock");
        if rows.len() >= ROWS_KEPT {
            rows.clear();
        }
        rows.insert(
            file.id.clone(),
            (Instant::now(), site.clone(), file.clone()),
        );
    }

    /// Drops a file this node changed.
    pub fn forget_file(&self, id: &str) {
        self.rows.lock().expect("rows lock").remove(id);
    }

    pub fn bytes(&self, key: &str) -> Option<Bytes> {
        self.bytes
            .lock()
            .expect("bytes lock")
            .by_key
            .get(key)
            .cloned()
    }

    pub fn keep_bytes(&self, key: &str, bytes: &Bytes) {
        if bytes.len() > LARGEST_KEPT {
            return;
        }
        let mut kept = self.bytes.lock().expect("bytes lock");
        if kept.by_key.contains_key(key) {
            return;
        }
        kept.total += bytes.len();
        kept.by_key.insert(key.to_string(), bytes.clone());
        kept.order.push_back(key.to_string());
        while kept.total > BYTES_BUDGET {
            let Some(oldest) = kept.order.pop_front() else {
                break;
            };
            if let Some(gone) = kept.by_key.remove(&oldest) {
                kept.total -= gone.len();
            }
        }
    }
}
