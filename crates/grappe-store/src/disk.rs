//! The folder a file lies in, and the free space of its disk (a leaf module: errors, backups,
//! archives and the sweep of leftovers all ask it).

use std::path::Path;

/// The folder holding `path` (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The bytes free on the disk holding `path`, when the system says.
pub(crate) fn free_bytes(path: &Path) -> Option<u64> {
    fs4::available_space(folder_of(path)).ok()
}
