//! The committed inputs of a target, for the replay tests on stable: its seed corpus
//! (`corpus/<target>/`) and every crash, hang or leak found (`artifacts/<target>/`).

use std::path::{Path, PathBuf};

/// Every committed input of `target` under the fuzz folder `fuzz_dir`, by path, sorted.
pub fn inputs(fuzz_dir: &Path, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in ["corpus", "artifacts"] {
        let dir = fuzz_dir.join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

/// Run `run` on every committed input of `target`; at least one seed must exist. A panic
/// names the input.
pub fn replay(fuzz_dir: &Path, target: &str, run: fn(&[u8])) -> usize {
    let inputs = inputs(fuzz_dir, target);
    assert!(
        !inputs.is_empty(),
        "no seed corpus for `{target}` in {}",
        fuzz_dir.display()
    );
    for (path, bytes) in &inputs {
        let outcome = std::panic::catch_unwind(|| run(bytes));
        assert!(outcome.is_ok(), "fuzz target `{target}` panicked on {}", path.display());
    }
    inputs.len()
}
