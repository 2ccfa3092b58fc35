//! The committed `generated/` crate and model snapshots are exactly what the specs give.

use std::path::Path;

#[test]
fn generated_code_and_snapshots_are_fresh() {
    let root = xtask::workspace_root();
    let outputs = xtask::codegen::outputs(&root).unwrap_or_else(|e| panic!("generation failed: {e}"));
    let stale = xtask::codegen::check(&root, &outputs);
    if stale.is_empty() {
        return;
    }
    // Say which specs changed since the last regeneration.
    let (manifest, _, actual) = xtask::codegen::read_specs(&root).expect("specs readable");
    let mut changed_specs = Vec::new();
    for e in &manifest.specs {
        for f in &e.files {
            if e.sha256.get(f) != actual.get(f) {
                changed_specs.push(format!("specs/{f} (spec `{}`)", e.id));
            }
        }
    }
    let mut msg = String::new();
    if !changed_specs.is_empty() {
        msg.push_str(&format!(
            "spec files changed since the code was generated: {}\n",
            changed_specs.join(", ")
        ));
    }
    for s in &stale {
        msg.push_str(&format!("{s}\n"));
    }
    panic!(
        "{msg}{} file(s) are stale: run `cargo xtask codegen` and commit the result",
        stale.len()
    );
}

#[test]
fn generation_is_deterministic() {
    let root = xtask::workspace_root();
    let a = xtask::codegen::outputs(&root).expect("first run");
    let b = xtask::codegen::outputs(&root).expect("second run");
    assert_eq!(a, b);
    for (path, text) in &a.files {
        let p = path.to_string_lossy();
        assert!(
            !text.contains(&*root.to_string_lossy()),
            "{p} names an absolute path of this machine"
        );
        if p.ends_with(".rs") {
            assert!(text.starts_with("// @generated"), "{p} lacks the generated header");
            assert!(
                text.contains("cargo xtask codegen"),
                "{p} does not name the regeneration command"
            );
        }
    }
}

#[test]
fn every_spec_has_a_model_snapshot() {
    let root = xtask::workspace_root();
    let (manifest, _, _) = xtask::codegen::read_specs(&root).expect("specs readable");
    for e in &manifest.specs {
        let snap = root
            .join(Path::new(xtask::codegen::SNAPSHOT_DIR))
            .join(format!("{}.model.txt", e.id));
        let text = std::fs::read_to_string(&snap)
            .unwrap_or_else(|_| panic!("{} missing: run `cargo xtask codegen`", snap.display()));
        assert!(
            text.starts_with(&format!("spec {} ", e.id)),
            "{} does not describe spec {}",
            snap.display(),
            e.id
        );
    }
}
