//! Replays the committed inputs of the runtime's fuzz targets (`fuzz/corpus/`,
//! `fuzz/artifacts/`) on stable: SOAP responses, MTOM responses, JSON bodies, through the
//! same functions the fuzz targets call.

#[path = "../../fuzz/src/replay.rs"]
mod replay;
#[path = "../../fuzz/src/runtime_targets.rs"]
mod runtime_targets;

use std::path::Path;

fn fuzz_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fuzz"))
}

#[test]
fn soap_response() {
    replay::replay(fuzz_dir(), "soap_response", runtime_targets::soap_response);
}

#[test]
fn mtom() {
    replay::replay(fuzz_dir(), "mtom", runtime_targets::mtom);
}

#[test]
fn json() {
    replay::replay(fuzz_dir(), "json", runtime_targets::json);
}
