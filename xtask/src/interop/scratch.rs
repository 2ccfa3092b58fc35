//! The scratch crate of `interop`: the generated code of every spec, the harness
//! (`xtask/interop/harness.rs`) and a dispatch table with one line per operation and
//! direction. A line the compiler refuses is dropped (and reported) and the crate rebuilt, so
//! one operation cannot hide the others.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One line of the dispatch table.
#[derive(Debug, Clone)]
pub struct Arm {
    /// `soap-request`, `soap-response`, `rest-request`, `rest-response`.
    pub kind: &'static str,
    /// The operation key.
    pub key: String,
    /// The Rust expression giving `Result<String, String>` from `input: &str`.
    pub expr: String,
}

/// A job for the harness.
#[derive(Debug, Clone)]
pub struct Job {
    /// The arm kind.
    pub kind: &'static str,
    /// The operation key.
    pub key: String,
    /// The input file.
    pub input: PathBuf,
    /// The output file.
    pub output: PathBuf,
}

/// The arguments of `codec::<op>::request` after the config: Rust name and type as tokens.
pub fn request_args(file_text: &str, op_module: &str) -> Option<Vec<(String, String)>> {
    let file = syn::parse_file(file_text).ok()?;
    let codec = file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "codec" => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })?;
    let op = codec.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == op_module => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })?;
    let request = op.iter().find_map(|i| match i {
        syn::Item::Fn(f) if f.sig.ident == "request" => Some(f),
        _ => None,
    })?;
    let mut out = Vec::new();
    for input in request.sig.inputs.iter().skip(1) {
        let syn::FnArg::Typed(t) = input else { return None };
        let syn::Pat::Ident(name) = &*t.pat else { return None };
        let ty = &t.ty;
        out.push((name.ident.to_string(), quote::quote!(#ty).to_string()));
    }
    Some(out)
}

/// The harness expression of one argument, from its type's shape.
pub fn argument(name: &str, ty: &str, is_body: bool) -> String {
    let ty = ty.replace(' ', "");
    let opt = ty.starts_with("::std::option::Option<") || ty.starts_with("Option<");
    let inner = if opt {
        ty.split_once('<').map(|(_, r)| r.trim_end_matches('>')).unwrap_or("")
    } else {
        ty.as_str()
    };
    // A file of a form: its bytes are the text made for it.
    let file = "psi_client::rt::FormFile::new(t.into_bytes())";
    let is_file = |t: &str| t.trim_end_matches(']').ends_with("rt::FormFile");
    match (opt, inner) {
        (false, t) if is_file(t) && t.starts_with("&[") => {
            format!("a.list::<String>({name:?})?.into_iter().map(|t| {file}).collect::<Vec<_>>().as_slice()")
        }
        (true, t) if is_file(t) && t.starts_with("&[") => format!(
            "a.opt_list::<String>({name:?})?.map(|l| l.into_iter().map(|t| {file}).collect::<Vec<_>>()).as_deref()"
        ),
        (false, t) if is_file(t) => format!("&a.text({name:?}).map(|t| {file})?"),
        (true, t) if is_file(t) => format!("a.opt_text({name:?}).map(|t| {file}).as_ref()"),
        (false, "&str") => format!("a.text({name:?})?.as_str()"),
        (true, "&str") => format!("a.opt_text({name:?}).as_deref()"),
        (false, t) if t.starts_with("&[") => format!("a.list({name:?})?.as_slice()"),
        (true, t) if t.starts_with("&[") => format!("a.opt_list({name:?})?.as_deref()"),
        (false, t) if t.starts_with('&') && is_body => "&a.body()?".to_owned(),
        (true, t) if t.starts_with('&') && is_body => "a.opt_body()?.as_ref()".to_owned(),
        (false, t) if t.starts_with('&') => format!("&a.p({name:?})?"),
        (true, t) if t.starts_with('&') => format!("a.opt({name:?})?.as_ref()"),
        (true, _) if is_body => "a.opt_body()?".to_owned(),
        (true, _) => format!("a.opt({name:?})?"),
        (false, _) if is_body => "a.body()?".to_owned(),
        (false, _) => format!("a.p({name:?})?"),
    }
}

/// Write the crate, build it (dropping the table lines the compiler refuses), and return the
/// harness binary with the arms dropped and why.
pub fn build(
    root: &Path,
    modules: &BTreeSet<String>,
    files: &BTreeMap<String, String>,
    arms: &[Arm],
) -> Result<(PathBuf, Vec<(Arm, String)>), String> {
    let dir = root.join("target/interop/harness");
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    }
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = format!(
        "[package]\nname = \"interop-harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\ndefault = [\"blocking\"]\nreqwest = []\nblocking = [\"psi-client/blocking\"]\n\n\
         [dependencies]\npsi-client = {{ path = {:?}, default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\nroxmltree = \"0.21\"\nhttp = \"1\"\n\n[workspace]\n",
        root.join("generated").to_string_lossy()
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    write(&src.join("main.rs"), include_str!("../../interop/harness.rs"))?;
    let mut decls = String::new();
    for m in modules {
        decls.push_str(&format!("#[path = \"{m}/mod.rs\"]\n#[allow(warnings)]\npub mod {m};\n"));
    }
    write(&src.join("modules.rs"), &decls)?;
    for (path, text) in files {
        write(&src.join(path), text)?;
    }
    let mut live: Vec<Arm> = arms.to_vec();
    let mut dropped = Vec::new();
    let target = root.join("target/interop/target");
    for _ in 0..4 {
        let table = table(&live);
        write(&src.join("table.rs"), &table)?;
        let out = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--offline", "--quiet", "--message-format=short"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .output()
            .map_err(|e| format!("cannot run cargo build: {e}"))?;
        if out.status.success() {
            return Ok((target.join("debug/interop-harness"), dropped));
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        // `src/table.rs:LINE:COL: error…`: line 3 + i is arm i.
        let mut bad: BTreeMap<usize, String> = BTreeMap::new();
        for line in stderr.lines().filter(|l| l.contains("error")) {
            let Some(rest) = line.strip_prefix("src/table.rs:") else {
                continue;
            };
            let Some(n) = rest.split(':').next().and_then(|n| n.parse::<usize>().ok()) else {
                continue;
            };
            if let Some(i) = n.checked_sub(FIRST_ARM_LINE).filter(|i| *i < live.len()) {
                bad.entry(i).or_insert_with(|| line.to_owned());
            }
        }
        if bad.is_empty() {
            let head: String = stderr.lines().take(30).collect::<Vec<_>>().join("\n");
            return Err(format!("the interop harness does not build:\n{head}"));
        }
        for (i, why) in bad.into_iter().rev() {
            dropped.push((live.remove(i), why));
        }
    }
    Err("the interop harness still does not build after dropping the refused operations".into())
}

/// The line of the first arm in `table.rs`.
const FIRST_ARM_LINE: usize = 3;

fn table(arms: &[Arm]) -> String {
    let mut t = String::from(
        "pub fn run(kind: &str, op: &str, input: &str) -> Option<Result<String, String>> {\n    match (kind, op) {\n",
    );
    for a in arms {
        t.push_str(&format!("        ({:?}, {:?}) => Some({}),\n", a.kind, a.key, a.expr));
    }
    t.push_str("        _ => None,\n    }\n}\n");
    t
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Run the harness on the jobs; one result per job.
pub fn run(root: &Path, binary: &Path, jobs: &[Job]) -> Result<Vec<Result<(), String>>, String> {
    let list: String = jobs
        .iter()
        .map(|j| format!("{}\t{}\t{}\t{}\n", j.kind, j.key, j.input.display(), j.output.display()))
        .collect();
    let path = root.join("target/interop/jobs.tsv");
    write(&path, &list)?;
    let out = std::process::Command::new(binary)
        .arg(&path)
        .output()
        .map_err(|e| format!("cannot run the interop harness: {e}"))?;
    let mut results: Vec<Option<Result<(), String>>> = vec![None; jobs.len()];
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let f: Vec<&str> = line.splitn(4, '\t').collect();
        if let [_, i, status, detail] = f.as_slice()
            && let Ok(i) = i.parse::<usize>()
            && i < results.len()
        {
            results[i] = Some(if *status == "ok" {
                Ok(())
            } else {
                Err((*detail).to_owned())
            });
        }
    }
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.ok_or_else(|| {
                format!(
                    "the interop harness stopped before job {}:\n{}",
                    i + 1,
                    String::from_utf8_lossy(&out.stderr)
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::argument;

    #[test]
    fn file_arguments_are_made_from_text() {
        let file = "psi_client::rt::FormFile::new(t.into_bytes())";
        assert_eq!(
            argument("f", "& :: psi_client :: rt :: FormFile", false),
            format!("&a.text(\"f\").map(|t| {file})?")
        );
        assert_eq!(
            argument(
                "f",
                ":: std :: option :: Option < & :: psi_client :: rt :: FormFile >",
                false
            ),
            format!("a.opt_text(\"f\").map(|t| {file}).as_ref()")
        );
        assert_eq!(
            argument("fs", "& [:: psi_client :: rt :: FormFile]", false),
            format!("a.list::<String>(\"fs\")?.into_iter().map(|t| {file}).collect::<Vec<_>>().as_slice()")
        );
        assert_eq!(
            argument("s", "& [:: std :: string :: String]", false),
            "a.list(\"s\")?.as_slice()"
        );
    }
}
