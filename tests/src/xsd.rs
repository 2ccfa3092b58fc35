//! XML Schema validation with libxml2's `xmllint` (Debian package `libxml2-utils`).
//!
//! Tests call [`validate`] and fail when the instance is invalid *or* when `xmllint` cannot
//! be had: a missing validator must never look like a pass. On a fresh Debian machine where
//! the tests run as root, the first call installs `libxml2-utils` itself, so that the
//! README's test command needs no other set-up.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

/// The outcome of one `xmllint --schema` run.
#[derive(Debug)]
pub struct Validation {
    /// `xmllint` exited with 0 (the instance validates).
    pub valid: bool,
    /// What `xmllint` printed (stdout and stderr).
    pub output: String,
}

/// Make `xmllint` available: when it is missing and the tests run as root on a machine with
/// `apt-get`, install Debian's `libxml2-utils` once (what `.ci/run` also does).
fn ensure_xmllint() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let present = Command::new("xmllint").arg("--version").output().is_ok();
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0"));
        if present || !root || Command::new("apt-get").arg("--version").output().is_err() {
            return;
        }
        let _ = Command::new("apt-get").args(["update", "-qq"]).output();
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-qq", "libxml2-utils"])
            .output();
    });
}

/// The workspace's `specs/` directory.
pub fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("specs")
}

/// Validate the XML document `xml` against the schema at `schema` (a path under `specs/`)
/// with `xmllint --noout --schema`. The instance goes to a temporary file under
/// [`std::env::temp_dir`], removed afterwards; `label` names it (for messages).
///
/// Panics when `xmllint` cannot be run, saying to install `libxml2-utils`.
pub fn validate(schema: &str, xml: &str, label: &str) -> Validation {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    ensure_xmllint();
    let schema_path = specs_dir().join(schema);
    assert!(schema_path.is_file(), "schema {} not found", schema_path.display());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let safe: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let file = std::env::temp_dir().join(format!("psi-tests-{}-{n}-{safe}.xml", std::process::id()));
    std::fs::write(&file, xml).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    let run = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema_path)
        .arg(&file)
        .output();
    let _ = std::fs::remove_file(&file);
    let out = match run {
        Ok(out) => out,
        Err(e) => panic!(
            "cannot run `xmllint` ({e}): install libxml2-utils (`apt-get install -y libxml2-utils`) \
             to validate the SOAP requests against their XSDs"
        ),
    };
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    Validation {
        valid: out.status.success(),
        output,
    }
}

/// [`validate`], panicking with `xmllint`'s messages and the instance when it is invalid.
pub fn assert_valid(schema: &str, xml: &str, label: &str) {
    let v = validate(schema, xml, label);
    assert!(
        v.valid,
        "{label}: the request element does not validate against specs/{schema}:\n{}\n--- instance ---\n{xml}",
        v.output
    );
}
