//! A republished spec that adds an optional request field and a code value is not a breaking
//! change for users: the example payroll program still compiles against the regenerated
//! crate. The test copies the crate and the specs to a scratch workspace under `target/`,
//! edits the copy of the specs, regenerates, and runs `cargo check` on the example there.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a file");
        }
    }
}

/// Replace the one occurrence of `old` in the file, which must be there.
fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).expect("read a spec");
    assert_eq!(text.matches(old).count(), 1, "{}: `{old}`", path.display());
    std::fs::write(path, text.replacen(old, new, 1)).expect("write a spec");
}

#[test]
fn an_added_optional_field_and_code_value_do_not_break_users() {
    let root = workspace();
    let scratch = root.join("target/api-stability");
    let _ = std::fs::remove_dir_all(&scratch);
    for dir in [
        "generated/src",
        "generated/examples",
        "generated/benches",
        "generated/tests",
        "specs",
        "tests/fixtures",
    ] {
        copy_dir(&root.join(dir), &scratch.join(dir));
    }
    std::fs::copy(root.join("generated/Cargo.toml"), scratch.join("generated/Cargo.toml")).expect("copy");
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).expect("copy");
    std::fs::copy(root.join("README.md"), scratch.join("README.md")).expect("copy");
    // The workspace manifest, with the generated crate as its only member.
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("the workspace manifest");
    let manifest: String = manifest
        .lines()
        .filter(|l| !l.starts_with("default-members"))
        .map(|l| {
            if l.starts_with("members") {
                "members = [\"generated\"]"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("write the manifest");

    // The republish: an optional request field and a code value.
    let xsd = scratch.join("specs/psi/registar-vinculo/RegistarVinculoTrabalhadorService_schema1.xsd");
    edit(
        &xsd,
        "<xs:element name=\"motivo-contrato\" type=\"tns:motivoContrato\" minOccurs=\"0\">",
        "<xs:element name=\"observacoes\" type=\"xs:string\" minOccurs=\"0\"/>\n      \
         <xs:element name=\"motivo-contrato\" type=\"tns:motivoContrato\" minOccurs=\"0\">",
    );
    edit(
        &xsd,
        "<xs:enumeration value=\"VAPT\">",
        "<xs:enumeration value=\"ZNEW\"/><xs:enumeration value=\"VAPT\">",
    );
    let outputs = xtask::codegen::outputs(&scratch).expect("the edited specs generate");
    let mut changed = 0;
    for (path, text) in &outputs.files {
        if path.starts_with("generated/src/api") {
            let target = scratch.join(path);
            if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
                changed += 1;
            }
            std::fs::write(target, text).expect("write generated code");
        }
    }
    assert!(changed > 0, "the edits changed the generated code");
    let api = std::fs::read_to_string(scratch.join("generated/src/api/registar_vinculo.rs")).expect("the module");
    assert!(api.contains("pub observacoes"), "the new field is generated");
    let shared = std::fs::read_to_string(scratch.join("generated/src/api/shared.rs")).expect("the module");
    assert!(
        shared.contains("\"ZNEW\""),
        "the new code is in the one shared motive type"
    );

    let status = Command::new(env!("CARGO"))
        .args([
            "check",
            "--offline",
            "--quiet",
            "-p",
            "psi-client",
            "--example",
            "payroll",
        ])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "the example no longer compiles against the regenerated crate"
    );
}
