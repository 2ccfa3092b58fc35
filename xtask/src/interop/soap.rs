//! The SOAP side: zeep builds each request from the message's instance (every body and
//! header part), the generated codec builds it from the same instance read by the generated
//! types, and the two envelopes are compared whole (`envelope`); zeep serialises the response
//! from its instance and the generated reader must read it to the same values.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cases::{Case, Outcome, Plan};
use super::envelope::{PartType, Verdict, compare_requests, compare_responses};
use super::scratch::{self, Job};
use super::soap_plan::Message;

/// The endpoint both sides address (the harness's base URL; zeep's `wsa:To`).
const ADDRESS: &str = "http://127.0.0.1/service";

/// The Python interpreter of the tool folder (installed by `.ci/run`), or `python3`.
fn python(root: &Path) -> PathBuf {
    let venv = root.join("target/interop/venv/bin/python");
    if venv.exists() { venv } else { PathBuf::from("python3") }
}

/// Run every SOAP case through zeep and the harness.
pub fn exercise(
    root: &Path,
    harness: &Path,
    urls: &BTreeMap<String, PathBuf>,
    cases: &mut [Case],
) -> Result<(), String> {
    let work = root.join("target/interop/soap");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let write = |name: String, text: &str| -> Result<PathBuf, String> {
        let p = work.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
        Ok(p)
    };
    // zeep, requests and responses in one run.
    let mut zeep_jobs = Vec::new();
    let mut index = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let Some(Plan::Soap(p)) = &c.plan else {
            continue;
        };
        if c.outcome != Outcome::Agreed {
            continue;
        }
        let job = |direction: &str, m: &Message| {
            serde_json::json!({
                "wsdl": p.wsdl, "service": p.service, "soap12": p.soap12, "operation": c.operation,
                "address": ADDRESS, "direction": direction, "instance": m.instance,
                "body_parts": m.body_parts, "header_parts": m.header_parts,
            })
        };
        zeep_jobs.push(job("request", &p.request));
        index.push((i, "request"));
        if let Some(m) = &p.response {
            zeep_jobs.push(job("response", m));
            index.push((i, "response"));
        }
    }
    if zeep_jobs.is_empty() {
        return Ok(());
    }
    let input = serde_json::json!({ "urls": urls, "jobs": zeep_jobs });
    let jobs_path = write("zeep-jobs.json".into(), &input.to_string())?;
    let results_path = work.join("zeep-results.json");
    let script = write("zeep_side.py".into(), include_str!("zeep_side.py"))?;
    let out = std::process::Command::new(python(root))
        .arg(&script)
        .arg(&jobs_path)
        .arg(&results_path)
        .output()
        .map_err(|e| format!("cannot run Python for zeep: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "the zeep side failed (is zeep installed? `.ci/run` installs it):\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let text = std::fs::read_to_string(&results_path).map_err(|e| format!("{}: {e}", results_path.display()))?;
    let results: Vec<serde_json::Value> = serde_json::from_str(&text).map_err(|e| format!("zeep results: {e}"))?;
    // Harness jobs: our request from the instance; our reading of zeep's response.
    let mut jobs = Vec::new();
    // Per zeep job: the case, the direction, zeep's envelope, the harness job.
    type Answer<'d> = (usize, &'d str, Result<Zeep, String>, Option<usize>);
    let mut zeep_text: Vec<Answer> = Vec::new();
    for (n, ((i, dir), r)) in index.iter().zip(&results).enumerate() {
        let zeep = match (
            r.get("ok").and_then(|v| v.as_str()),
            r.get("error").and_then(|v| v.as_str()),
        ) {
            (Some(ok), _) => Ok(Zeep {
                envelope: ok.to_owned(),
                types: r
                    .get("types")
                    .and_then(|t| t.as_array())
                    .map(|t| {
                        t.iter()
                            .map(|v| PartType {
                                ty: v.get(0).and_then(|x| x.as_str()).map(str::to_owned),
                                item: v.get(1).and_then(|x| x.as_str()).map(str::to_owned),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }),
            (_, Some(e)) => Err(e.to_owned()),
            _ => Err("no result".to_owned()),
        };
        let c = &cases[*i];
        let Some(Plan::Soap(p)) = &c.plan else {
            continue;
        };
        let job = (*dir == "request" || zeep.is_ok()).then_some(jobs.len());
        match (*dir, &zeep) {
            ("request", _) => {
                jobs.push(Job {
                    kind: "soap-request",
                    key: c.key.clone(),
                    input: write(format!("{n}-instance.xml"), &p.request.instance)?,
                    output: work.join(format!("{n}-ours.xml")),
                });
            }
            (_, Ok(zeep)) => {
                jobs.push(Job {
                    kind: "soap-response",
                    key: c.key.clone(),
                    input: write(format!("{n}-zeep.xml"), &zeep.envelope)?,
                    output: work.join(format!("{n}-ours.xml")),
                });
            }
            _ => {}
        }
        zeep_text.push((*i, dir, zeep, job));
    }
    let ours = scratch::run(root, harness, &jobs)?;
    let mine = |job: Option<usize>| -> Result<String, String> {
        let n = job.ok_or("no harness job")?;
        ours[n].clone().and_then(|()| read(&jobs[n].output))
    };
    // Per case: the request's verdict first; the response is compared even when the request
    // differs only softly (see `envelope`), and its difference then comes first.
    let mut soft: BTreeMap<usize, String> = BTreeMap::new();
    for (i, dir, zeep, job) in zeep_text {
        let c = &mut cases[i];
        let Some(Plan::Soap(p)) = &c.plan else { continue };
        if c.outcome != Outcome::Agreed {
            continue;
        }
        match (dir, zeep) {
            ("request", Err(e)) => c.outcome = Outcome::Skipped(format!("zeep cannot build the request: {e}")),
            ("request", Ok(theirs)) => match mine(job) {
                Err(e) => c.outcome = Outcome::Disagreed(format!("request: {e}")),
                Ok(ours) => match compare_requests(&ours, &theirs.envelope, p.encoded, p.rpc, &theirs.types) {
                    Verdict::Agree => {}
                    Verdict::Soft(d) => {
                        soft.insert(i, format!("request: {d}"));
                    }
                    Verdict::Differ(d) => c.outcome = Outcome::Disagreed(format!("request: {d}")),
                },
            },
            (_, Err(e)) => c.note = format!("zeep cannot serialise the response: {e}"),
            (_, Ok(theirs)) => {
                let body_parts = p.response.as_ref().map_or(0, |m| m.body_parts);
                let d = match mine(job) {
                    Err(e) => Some(e),
                    Ok(ours) => compare_responses(&ours, &theirs.envelope, p.encoded, p.rpc, body_parts),
                };
                if let Some(d) = d {
                    c.outcome = Outcome::Disagreed(format!("response: {d}"));
                }
            }
        }
    }
    for (i, d) in soft {
        if cases[i].outcome == Outcome::Agreed {
            cases[i].outcome = Outcome::Disagreed(d);
        }
    }
    Ok(())
}

/// What zeep made of one job: the envelope, and for an rpc request the types it reads for
/// the accessors.
struct Zeep {
    envelope: String,
    types: Vec<PartType>,
}

fn read(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}
