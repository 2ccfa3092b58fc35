//! Writing `specs/`: everything is staged in a folder beside it (same file system), then
//! swapped in with renames, `fetched.toml` and `manifest.toml` last (the manifest's rename is
//! the commit point).
//!
//! Before the first rename a journal is written beside `specs/` (`.specs-fetch-journal.toml`):
//! the staging folder and every folder about to be swapped. A failure while swapping puts
//! back what was moved; if that fails too, the staging folder (with the old files in `old/`)
//! and the journal are kept and the message names them. A run that was killed midway leaves
//! the journal: the next `fetch` completes it (when the manifest was swapped in) or rolls it
//! back (otherwise) before doing anything else.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::record::{timestamp, update_fetched, update_manifest};
use super::{FETCHED_FILE, Fetched};
use crate::manifest::Manifest;

/// The prefix of the staging folders and of the journal, beside `specs/`.
const STAGING_PREFIX: &str = ".specs-fetch-";

/// Test hooks: failures at chosen points of the swap.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Faults {
    /// Fail (and roll back) after this many folder swaps.
    pub fail_after_swaps: Option<usize>,
    /// Stop dead after this many renames, as a killed run would: no roll-back, the
    /// journal and staging folder left as they are.
    pub crash_after_renames: Option<usize>,
    /// Make the roll-back fail too.
    pub fail_rollback: bool,
}

/// The staging folder; removed when dropped unless kept (it holds the only copy of the old
/// files after a failed roll-back, or a killed swap's state for the next run).
struct Staging {
    path: PathBuf,
    keep: bool,
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// What a swap is about to do, written before its first rename.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    /// The staging folder's name (a sibling of `specs/`).
    staging: String,
    /// `fetched.toml` existed before the swap.
    had_fetched: bool,
    /// The folders swapped, in order.
    folders: Vec<JournalFolder>,
}

/// One folder of a swap.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct JournalFolder {
    /// Relative to `specs/`.
    path: String,
    /// It existed before the swap (its old copy goes to the staging folder's `old/`).
    had_old: bool,
}

/// The paths of a swap.
struct Paths {
    specs: PathBuf,
    staging: PathBuf,
    journal: PathBuf,
}

impl Paths {
    fn new_root(&self) -> PathBuf {
        self.staging.join("new")
    }
    fn old_root(&self) -> PathBuf {
        self.staging.join("old")
    }
    fn staged_manifest(&self) -> PathBuf {
        self.staging.join("manifest.toml")
    }
    fn staged_fetched(&self) -> PathBuf {
        self.staging.join(FETCHED_FILE)
    }
    fn fetched_backup(&self) -> PathBuf {
        self.staging.join("fetched.toml.old")
    }
    fn manifest(&self) -> PathBuf {
        self.specs.join("manifest.toml")
    }
    fn fetched(&self) -> PathBuf {
        self.specs.join(FETCHED_FILE)
    }
}

fn parent_of(specs_dir: &Path) -> &Path {
    specs_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Where the journal of a swap into `specs_dir` lives.
fn journal_path(specs_dir: &Path) -> PathBuf {
    parent_of(specs_dir).join(format!("{STAGING_PREFIX}journal.toml"))
}

fn folder_of(path: &str) -> String {
    path.rsplit_once('/').map(|(d, _)| d.to_owned()).unwrap_or_default()
}

fn rename(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::rename(from, to).map_err(|e| format!("moving {} to {}: {e}", from.display(), to.display()))
}

/// Why the swap stopped.
enum Stop {
    /// A failure: roll back.
    Failed(String),
    /// A simulated kill: leave everything as it is.
    Crashed,
}

impl From<String> for Stop {
    fn from(e: String) -> Self {
        Stop::Failed(e)
    }
}

/// Stage the fetched sets beside `specs_dir` and swap them in.
pub(super) fn apply(specs_dir: &Path, fetched: &[&Fetched], faults: Faults) -> Result<(), String> {
    let parent = parent_of(specs_dir);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let name = format!("{STAGING_PREFIX}{}-{nanos}", std::process::id());
    let mut staging = Staging {
        path: parent.join(&name),
        keep: false,
    };
    let paths = Paths {
        specs: specs_dir.to_path_buf(),
        staging: staging.path.clone(),
        journal: journal_path(specs_dir),
    };
    let new_root = paths.new_root();
    std::fs::create_dir_all(&new_root).map_err(|e| format!("{}: {e}", new_root.display()))?;
    std::fs::create_dir_all(paths.old_root()).map_err(|e| format!("{}: {e}", paths.old_root().display()))?;

    // 1. Build each affected folder in full: what is there now, less the old files of the
    //    fetched sets, plus the new files.
    let mut by_folder: BTreeMap<String, Vec<&Fetched>> = BTreeMap::new();
    for f in fetched {
        by_folder.entry(folder_of(&f.entry.entry)).or_default().push(f);
    }
    if by_folder.contains_key("") {
        return Err("an entry file directly in specs/ cannot be replaced folder-wise; move it into a folder".into());
    }
    for (folder, sets) in &by_folder {
        let staged = new_root.join(folder);
        let current = specs_dir.join(folder);
        let drop_paths: BTreeSet<String> = sets.iter().flat_map(|f| f.entry.files.iter().cloned()).collect();
        if current.is_dir() {
            copy_tree(&current, &staged, folder, &drop_paths)?;
        }
        std::fs::create_dir_all(&staged).map_err(|e| format!("{}: {e}", staged.display()))?;
        for f in sets {
            for (path, bytes) in &f.files {
                let Some(rel) = path.strip_prefix(&format!("{folder}/")) else {
                    return Err(format!(
                        "spec `{}`: `{path}` is outside its folder `{folder}`",
                        f.entry.id
                    ));
                };
                let target = staged.join(rel);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
                // Verify what landed on disk.
                let back = std::fs::read(&target).map_err(|e| format!("{}: {e}", target.display()))?;
                if back != *bytes {
                    return Err(format!("{}: written bytes read back differently", target.display()));
                }
            }
        }
    }

    // 2. The new manifest and fetched.toml, checked before anything moves.
    let manifest_path = specs_dir.join("manifest.toml");
    let manifest_text =
        std::fs::read_to_string(&manifest_path).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let new_manifest = update_manifest(&manifest_text, fetched)?;
    toml::from_str::<Manifest>(&new_manifest).map_err(|e| format!("updated manifest would not load: {e}"))?;
    let fetched_path = specs_dir.join(FETCHED_FILE);
    let fetched_text = std::fs::read_to_string(&fetched_path).unwrap_or_default();
    let new_fetched = update_fetched(&fetched_text, fetched, &timestamp())?;
    let staged_manifest = paths.staged_manifest();
    let staged_fetched = paths.staged_fetched();
    std::fs::write(&staged_manifest, &new_manifest).map_err(|e| format!("{}: {e}", staged_manifest.display()))?;
    std::fs::write(&staged_fetched, &new_fetched).map_err(|e| format!("{}: {e}", staged_fetched.display()))?;

    // 3. The journal, then the renames: folders, fetched.toml, the manifest last.
    let journal = Journal {
        staging: name,
        had_fetched: fetched_path.exists(),
        folders: by_folder
            .keys()
            .map(|f| JournalFolder {
                path: f.clone(),
                had_old: specs_dir.join(f).exists(),
            })
            .collect(),
    };
    write_journal(&paths.journal, &journal)?;
    match swap(&paths, &journal, faults) {
        Ok(()) => {
            let _ = std::fs::remove_file(&paths.journal);
            Ok(())
        }
        Err(Stop::Crashed) => {
            staging.keep = true;
            Err("simulated crash while swapping".into())
        }
        Err(Stop::Failed(e)) => {
            let problems = if faults.fail_rollback {
                vec!["simulated failure while putting back".to_owned()]
            } else {
                roll_back(&paths, &journal)
            };
            if problems.is_empty() {
                let _ = std::fs::remove_file(&paths.journal);
                return Err(format!("{e}; specs/ was put back as it was"));
            }
            staging.keep = true;
            Err(format!(
                "{e}; putting specs/ back also failed ({}); the old files are kept in {} (folders under `old/`, \
                 `fetched.toml.old`), and the next `cargo xtask fetch` puts them back as {} says",
                problems.join("; "),
                paths.staging.display(),
                paths.journal.display()
            ))
        }
    }
}

/// Write the journal whole (a temporary sibling, then a rename).
fn write_journal(path: &Path, journal: &Journal) -> Result<(), String> {
    let text = toml::to_string(journal).map_err(|e| format!("journal: {e}"))?;
    let text = format!(
        "# Written by `cargo xtask fetch` while it swaps spec folders in; the next run completes\n\
         # or rolls back the swap it describes. Do not edit.\n{text}"
    );
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    rename(&tmp, path)
}

/// The renames of a swap, in order.
fn swap(paths: &Paths, journal: &Journal, faults: Faults) -> Result<(), Stop> {
    let mut renames = 0usize;
    let mut step = |from: &Path, to: &Path| -> Result<(), Stop> {
        rename(from, to)?;
        renames += 1;
        if faults.crash_after_renames.is_some_and(|n| renames >= n) {
            return Err(Stop::Crashed);
        }
        Ok(())
    };
    for (i, f) in journal.folders.iter().enumerate() {
        if faults.fail_after_swaps.is_some_and(|n| i >= n) {
            return Err(Stop::Failed(format!("simulated failure before swapping `{}`", f.path)));
        }
        let live = paths.specs.join(&f.path);
        if f.had_old {
            let backup = paths.old_root().join(&f.path);
            if let Some(dir) = backup.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            step(&live, &backup)?;
        } else if let Some(dir) = live.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        step(&paths.new_root().join(&f.path), &live)?;
    }
    if faults.fail_after_swaps.is_some_and(|n| journal.folders.len() >= n) {
        return Err(Stop::Failed("simulated failure before writing the manifest".into()));
    }
    if journal.had_fetched {
        step(&paths.fetched(), &paths.fetched_backup())?;
    }
    step(&paths.staged_fetched(), &paths.fetched())?;
    step(&paths.staged_manifest(), &paths.manifest())?;
    Ok(())
}

/// Undo whatever part of a swap was done; the problems met (none: `specs/` is as before).
fn roll_back(paths: &Paths, journal: &Journal) -> Vec<String> {
    let mut problems = Vec::new();
    let fetched = paths.fetched();
    if paths.fetched_backup().exists() {
        if let Err(e) = rename(&paths.fetched_backup(), &fetched) {
            problems.push(e);
        }
    } else if !journal.had_fetched
        && !paths.staged_fetched().exists()
        && fetched.exists()
        && let Err(e) = std::fs::remove_file(&fetched)
    {
        problems.push(format!("{}: {e}", fetched.display()));
    }
    for f in journal.folders.iter().rev() {
        let live = paths.specs.join(&f.path);
        let backup = paths.old_root().join(&f.path);
        let staged = paths.new_root().join(&f.path);
        // What is live is the new folder once the old one is aside, or once the new one left
        // the staging folder.
        let live_is_new = live.exists() && (backup.exists() || (!f.had_old && !staged.exists()));
        if live_is_new && let Err(e) = std::fs::remove_dir_all(&live) {
            problems.push(format!("{}: {e}", live.display()));
            continue;
        }
        if backup.exists()
            && let Err(e) = rename(&backup, &live)
        {
            problems.push(e);
        }
    }
    problems
}

/// `--check` writes nothing: an interrupted swap is an error that says what to run.
pub(super) fn refuse_interrupted(specs_dir: &Path) -> Result<(), String> {
    let path = journal_path(specs_dir);
    if path.exists() {
        return Err(format!(
            "{}: an interrupted fetch left specs/ half swapped; run `cargo xtask fetch` (without --check) to complete or roll it back",
            path.display()
        ));
    }
    Ok(())
}

/// Finish what an interrupted run left, before anything else: a note of what was done, or
/// `None` when no swap was interrupted.
pub(super) fn recover(specs_dir: &Path) -> Result<Option<String>, String> {
    let path = journal_path(specs_dir);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let journal: Journal = toml::from_str(&text).map_err(|e| {
        format!(
            "{}: an interrupted fetch left this journal, which cannot be read ({e}); check specs/ by hand and remove it",
            path.display()
        )
    })?;
    let plain = !journal.staging.contains(['/', '\\']) && journal.staging.starts_with(STAGING_PREFIX);
    if !plain
        || journal
            .folders
            .iter()
            .any(|f| f.path.split('/').any(|p| p == ".." || p.is_empty()))
    {
        return Err(format!(
            "{}: the journal names paths outside the specs folder; check specs/ by hand and remove it",
            path.display()
        ));
    }
    let paths = Paths {
        specs: specs_dir.to_path_buf(),
        staging: parent_of(specs_dir).join(&journal.staging),
        journal: path,
    };
    if !paths.staging.is_dir() {
        return Err(format!(
            "{}: an interrupted fetch left this journal, but its staging folder {} is gone; check specs/ by hand and remove the journal",
            paths.journal.display(),
            paths.staging.display()
        ));
    }
    let note = if paths.staged_manifest().exists() {
        let problems = roll_back(&paths, &journal);
        if !problems.is_empty() {
            return Err(format!(
                "rolling back an interrupted fetch failed ({}); the old files are kept in {}, as {} says",
                problems.join("; "),
                paths.staging.display(),
                paths.journal.display()
            ));
        }
        "an interrupted fetch was rolled back: specs/ is as it was before it"
    } else {
        "an interrupted fetch had swapped everything in: it was completed"
    };
    std::fs::remove_dir_all(&paths.staging).map_err(|e| format!("{}: {e}", paths.staging.display()))?;
    std::fs::remove_file(&paths.journal).map_err(|e| format!("{}: {e}", paths.journal.display()))?;
    Ok(Some(note.to_owned()))
}

/// Copy a folder (files only, no links), skipping the given specs-relative paths.
fn copy_tree(from: &Path, to: &Path, rel: &str, skip: &BTreeSet<String>) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let read = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for e in read {
        let e = e.map_err(|e| format!("{}: {e}", from.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let child_rel = format!("{rel}/{name}");
        let ft = e.file_type().map_err(|err| format!("{}: {err}", e.path().display()))?;
        if ft.is_dir() {
            copy_tree(&e.path(), &to.join(&name), &child_rel, skip)?;
        } else if ft.is_file() && !skip.contains(&child_rel) {
            std::fs::copy(e.path(), to.join(&name)).map_err(|err| format!("{}: {err}", e.path().display()))?;
        }
    }
    Ok(())
}
