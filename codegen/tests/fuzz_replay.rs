//! Replays the committed inputs of the spec front-ends' fuzz targets (`fuzz/corpus/`,
//! `fuzz/artifacts/`) on stable, through the same functions the fuzz targets call.

#[path = "../../fuzz/src/codegen_targets.rs"]
mod codegen_targets;
#[path = "../../fuzz/src/replay.rs"]
mod replay;

use std::path::Path;

fn fuzz_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz"))
}

#[test]
fn wsdl() {
    replay::replay(fuzz_dir(), "wsdl", codegen_targets::wsdl);
}

#[test]
fn xsd() {
    replay::replay(fuzz_dir(), "xsd", codegen_targets::xsd);
}

#[test]
fn swagger2() {
    replay::replay(fuzz_dir(), "swagger2", codegen_targets::swagger2);
}

#[test]
fn openapi3() {
    replay::replay(fuzz_dir(), "openapi3", codegen_targets::openapi3);
}
