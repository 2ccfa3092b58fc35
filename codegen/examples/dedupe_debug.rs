//! Debug aid: load two specs of one folder and report which same-named types do not merge.
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
    let root = std::path::Path::new(&args[1]);
    let mut files = psi_codegen::SpecFiles::new();
    walk(root, root, &mut files);
    let mut loaded = Vec::new();
    for (i, e) in args[2..].iter().enumerate() {
        let input = psi_codegen::SpecInput {
            id: format!("s{i}"),
            entry: e.clone(),
            ..Default::default()
        };
        match psi_codegen::load(&input, &files) {
            Ok(m) => loaded.push((input, m)),
            Err(e) => eprintln!("skipped {e}"),
        }
    }
    let p = psi_codegen::passes::run(loaded).expect("passes");
    println!("canonical merges: {}", p.canonical.len());
    let mut per_module = std::collections::BTreeMap::<String, usize>::new();
    for (_, m) in &p.specs {
        for t in &m.types {
            *per_module.entry(t.module.join("::")).or_default() += 1;
        }
    }
    println!("{per_module:?}");
}
