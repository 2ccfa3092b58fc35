//! Project automation behind `cargo xtask`: regenerate `generated/` from `specs/`, check it,
//! and the manifest and file plumbing the commands share. The code generator itself
//! (`psi-codegen`) never touches files; this crate does.

pub mod codegen;
pub mod conformance;
pub mod diff;
pub mod fetch;
pub mod fuzz;
pub mod interop;
pub mod manifest;

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Hex sha256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
