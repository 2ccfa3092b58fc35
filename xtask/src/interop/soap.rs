//! The SOAP side: zeep builds each request from the instance, the generated codec builds it
//! from the same instance read by the generated type, and the two envelopes are compared;
//! zeep serialises the response from its instance and the generated reader must read it to
//! the same element.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cases::{Case, Outcome, Plan};
use super::compare::{body_child, first_difference};
use super::scratch::{self, Job};

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
        let Some(Plan::Soap {
            wsdl,
            service,
            soap12,
            request,
            response,
        }) = &c.plan
        else {
            continue;
        };
        if c.outcome != Outcome::Agreed {
            continue;
        }
        let job = serde_json::json!({"wsdl": wsdl, "service": service, "soap12": soap12, "operation": c.operation});
        let with = |direction: &str, instance: &str| {
            let mut j = job.clone();
            j["direction"] = direction.into();
            j["instance"] = instance.into();
            j
        };
        zeep_jobs.push(with("request", request));
        index.push((i, "request"));
        if let Some((_, _, xml)) = response {
            zeep_jobs.push(with("response", xml));
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
    type Answer<'d> = (usize, &'d str, Result<String, String>, Option<usize>);
    let mut zeep_text: Vec<Answer> = Vec::new();
    for (n, ((i, dir), r)) in index.iter().zip(&results).enumerate() {
        let zeep = match (
            r.get("ok").and_then(|v| v.as_str()),
            r.get("error").and_then(|v| v.as_str()),
        ) {
            (Some(ok), _) => Ok(ok.to_owned()),
            (_, Some(e)) => Err(e.to_owned()),
            _ => Err("no result".to_owned()),
        };
        let c = &cases[*i];
        let Some(Plan::Soap { request, .. }) = &c.plan else {
            continue;
        };
        let job = (*dir == "request" || zeep.is_ok()).then_some(jobs.len());
        match (*dir, &zeep) {
            ("request", _) => {
                jobs.push(Job {
                    kind: "soap-request",
                    key: c.key.clone(),
                    input: write(format!("{n}-instance.xml"), request)?,
                    output: work.join(format!("{n}-ours.xml")),
                });
            }
            (_, Ok(envelope)) => {
                jobs.push(Job {
                    kind: "soap-response",
                    key: c.key.clone(),
                    input: write(format!("{n}-zeep.xml"), envelope)?,
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
    for (i, dir, zeep, job) in zeep_text {
        let c = &mut cases[i];
        if c.outcome != Outcome::Agreed {
            continue;
        }
        match (dir, zeep) {
            ("request", Err(e)) => c.outcome = Outcome::Skipped(format!("zeep cannot build the request: {e}")),
            ("request", Ok(theirs)) => {
                c.outcome = match mine(job) {
                    Err(e) => Outcome::Disagreed(format!("request: {e}")),
                    Ok(ours) => match compare_envelopes(&ours, &theirs) {
                        None => Outcome::Agreed,
                        Some(d) => Outcome::Disagreed(format!("request: {d}")),
                    },
                };
            }
            (_, Err(e)) => c.note = format!("zeep cannot serialise the response: {e}"),
            (_, Ok(theirs)) => {
                let d = match mine(job) {
                    Err(e) => Some(e),
                    Ok(ours) => compare_response(&ours, &theirs),
                };
                if let Some(d) = d {
                    c.outcome = Outcome::Disagreed(format!("response: {d}"));
                }
            }
        }
    }
    Ok(())
}

fn read(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// Compare two envelopes: the SOAP version, then the body's elements.
fn compare_envelopes(ours: &str, theirs: &str) -> Option<String> {
    let (a, b) = match (roxmltree::Document::parse(ours), roxmltree::Document::parse(theirs)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) => return Some(format!("our envelope is not XML: {e}")),
        (_, Err(e)) => return Some(format!("zeep's envelope is not XML: {e}")),
    };
    let ((ans, ab), (bns, bb)) = match (body_child(&a), body_child(&b)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) => return Some(format!("ours: {e}")),
        (_, Err(e)) => return Some(format!("zeep: {e}")),
    };
    if ans != bns {
        return Some(format!("envelope namespace `{ans}` here, `{bns}` there"));
    }
    if ab.len() != bb.len() {
        return Some(format!("{} body elements here, {} there", ab.len(), bb.len()));
    }
    ab.iter().zip(&bb).find_map(|(x, y)| first_difference(*x, *y))
}

/// Compare our re-written response element with the body element of zeep's envelope.
fn compare_response(ours: &str, zeep_envelope: &str) -> Option<String> {
    let (a, b) = match (
        roxmltree::Document::parse(ours),
        roxmltree::Document::parse(zeep_envelope),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) => return Some(format!("our element is not XML: {e}")),
        (_, Err(e)) => return Some(format!("zeep's envelope is not XML: {e}")),
    };
    match body_child(&b) {
        Ok((_, children)) => match children.first() {
            Some(first) => first_difference(a.root_element(), *first),
            None => Some("zeep's response body is empty".into()),
        },
        Err(e) => Some(format!("zeep: {e}")),
    }
}
