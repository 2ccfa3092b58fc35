//! Time each stage of the pipeline on one spec: `cargo run --release --example stage_times -- ROOT ENTRY`.
use std::time::Instant;

fn walk(dir: &std::path::Path, base: &std::path::Path, files: &mut psi_codegen::SpecFiles) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, base, files);
        } else if let Ok(bytes) = std::fs::read(&p) {
            files.insert(
                p.strip_prefix(base).unwrap_or(&p).to_string_lossy().replace('\\', "/"),
                bytes,
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (root, entry) = (std::path::Path::new(&args[1]), args[2].clone());
    let mut files = psi_codegen::SpecFiles::new();
    walk(root, root, &mut files);
    let input = psi_codegen::SpecInput {
        id: "x".into(),
        entry,
        ..Default::default()
    };
    let t = Instant::now();
    let model = psi_codegen::load(&input, &files).expect("load");
    let t1 = t.elapsed();
    let program = psi_codegen::passes::run(vec![(input, model)]).expect("passes");
    let t2 = t.elapsed();
    let out = psi_codegen::emit::emit(&program, &psi_codegen::Options::default()).expect("emit");
    let t3 = t.elapsed();
    let bytes: usize = out.files.values().map(String::len).sum();
    println!(
        "load {t1:.1?} passes {:.1?} emit+format {:.1?} ({} files, {bytes} bytes)",
        t2 - t1,
        t3 - t2,
        out.files.len()
    );
}
