//! The REST side: every request the generated codec builds is sent to Prism, started in mock
//! mode from the same spec with request validation on (`--errors`); Prism must accept it,
//! and the generated reader must decode the answer Prism gives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::cases::{Case, Outcome, Plan};
use super::scratch::{self, Job};

/// The Prism command of the tool folder (installed by `.ci/run`).
fn prism(root: &Path) -> PathBuf {
    root.join("target/interop/node/node_modules/.bin/prism")
}

/// A Prism mock server that stops when dropped.
struct Mock {
    child: Child,
    port: u16,
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path, spec: &Path, port: u16, log: &Path) -> Result<Mock, String> {
    let bin = prism(root);
    if !bin.exists() {
        return Err(format!(
            "Prism is not installed at {} (`.ci/run` installs it with npm)",
            bin.display()
        ));
    }
    let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
    let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
    let child = Command::new(bin)
        .args([
            "mock",
            "--errors",
            "--cors=false",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
        ])
        .arg(spec)
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(err_file)
        .spawn()
        .map_err(|e| format!("cannot start Prism: {e}"))?;
    let mut mock = Mock { child, port };
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        if let Ok(Some(status)) = mock.child.try_wait() {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(5).collect();
            return Err(format!("Prism stopped ({status}): {}", tail.join(" / ")));
        }
        if std::fs::read_to_string(log).is_ok_and(|t| t.contains("Prism is listening")) {
            return Ok(mock);
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    mock.port = 0;
    Err("Prism did not start within 90 s".into())
}

/// Run every REST case: build with the harness, send to Prism, read the answer.
pub fn exercise(root: &Path, harness: &Path, cases: &mut [Case]) -> Result<(), String> {
    let work = root.join("target/interop/rest");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let mut jobs = Vec::new();
    let mut which = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let Some(Plan::Rest { args, .. }) = &c.plan else {
            continue;
        };
        if c.outcome != Outcome::Agreed {
            continue;
        }
        let input = work.join(format!("{i}-args.json"));
        std::fs::write(&input, args.to_string()).map_err(|e| format!("{}: {e}", input.display()))?;
        jobs.push(Job {
            kind: "rest-request",
            key: c.key.clone(),
            input,
            output: work.join(format!("{i}-request.json")),
        });
        which.push(i);
    }
    if jobs.is_empty() {
        return Ok(());
    }
    let built = scratch::run(root, harness, &jobs)?;
    // By spec file: one Prism per spec.
    let mut by_spec: BTreeMap<PathBuf, Vec<(usize, PathBuf)>> = BTreeMap::new();
    for ((i, r), job) in which.iter().zip(built).zip(&jobs) {
        match r {
            Err(e) => cases[*i].outcome = Outcome::Disagreed(format!("request: {e}")),
            Ok(()) => {
                if let Some(Plan::Rest { spec, .. }) = &cases[*i].plan {
                    by_spec.entry(spec.clone()).or_default().push((*i, job.output.clone()));
                }
            }
        }
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let mut reads = Vec::new();
    let mut read_which = Vec::new();
    for (n, (spec, list)) in by_spec.iter().enumerate() {
        let port = 4700 + n as u16;
        let mut restarts = 0;
        let mut log = work.join(format!("prism-{n}.log"));
        let mut mock = match start(root, spec, port, &log) {
            Ok(m) => m,
            Err(e) => {
                for (i, _) in list {
                    cases[*i].outcome = Outcome::Skipped(e.clone());
                }
                continue;
            }
        };
        for (k, (i, request)) in list.iter().enumerate() {
            match send(&agent, mock.port, request) {
                Err(e) if e.starts_with("sending to Prism") && exits_soon(&mut mock.child) => {
                    // Prism itself died on this request: say so with its own error, and
                    // start it again for the operations left.
                    cases[*i].outcome = Outcome::Disagreed(format!(
                        "Prism crashed on this request: {}",
                        crash_of(&log).unwrap_or(e)
                    ));
                    if k + 1 < list.len() {
                        restarts += 1;
                        log = work.join(format!("prism-{n}-{restarts}.log"));
                        mock = match start(root, spec, port, &log) {
                            Ok(m) => m,
                            Err(e) => {
                                for (i, _) in &list[k + 1..] {
                                    cases[*i].outcome = Outcome::Skipped(e.clone());
                                }
                                break;
                            }
                        };
                    }
                }
                Err(e) => cases[*i].outcome = Outcome::Disagreed(e),
                Ok(answer) if answer.get("unmade").is_some() => {
                    cases[*i].outcome = Outcome::Skipped(answer["unmade"].as_str().unwrap_or("").to_owned());
                }
                Ok(answer) if answer.get("skip").is_some() => {
                    cases[*i].note = answer["skip"].as_str().unwrap_or("").to_owned();
                }
                Ok(answer) => {
                    let input = work.join(format!("{i}-response.json"));
                    std::fs::write(&input, answer.to_string()).map_err(|e| format!("{}: {e}", input.display()))?;
                    reads.push(Job {
                        kind: "rest-response",
                        key: cases[*i].key.clone(),
                        input,
                        output: work.join(format!("{i}-decoded.txt")),
                    });
                    read_which.push(*i);
                }
            }
        }
        drop(mock);
    }
    for (i, r) in read_which.iter().zip(scratch::run(root, harness, &reads)?) {
        if let Err(e) = r {
            cases[*i].outcome = Outcome::Disagreed(format!("response: {e}"));
        }
    }
    Ok(())
}

/// Whether the process has ended, or does within two seconds (a crashed Prism drops the
/// connection a moment before it exits).
fn exits_soon(child: &mut Child) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(2) {
        if child.try_wait().is_ok_and(|s| s.is_some()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// The first line of the JavaScript error a crashed Prism left in its log.
fn crash_of(log: &Path) -> Option<String> {
    let text = std::fs::read_to_string(log).ok()?;
    let line = text.lines().find(|l| l.contains("Error:"))?;
    Some(line.trim().chars().take(200).collect())
}

/// Send one built request to Prism; the answer as `{status, headers, body}`, or why
/// Prism refused the request.
fn send(agent: &ureq::Agent, port: u16, request: &Path) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(request).map_err(|e| format!("{}: {e}", request.display()))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let method = v["method"].as_str().unwrap_or("GET");
    let uri = format!("http://127.0.0.1:{port}{}", v["uri"].as_str().unwrap_or("/"));
    let mut builder = ureq::http::Request::builder().method(method).uri(&uri);
    if let Some(headers) = v["headers"].as_object() {
        for (k, value) in headers {
            if !matches!(k.as_str(), "host" | "content-length") {
                builder = builder.header(k.as_str(), value.as_str().unwrap_or(""));
            }
        }
    }
    let body = v["body"].as_str().unwrap_or("").as_bytes().to_vec();
    let req = builder.body(body).map_err(|e| format!("request: {e}"))?;
    let mut resp = agent.run(req).map_err(|e| format!("sending to Prism: {e}"))?;
    let status = resp.status().as_u16();
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
    };
    // Every header Prism answers with: the reader decodes the spec's response headers.
    let headers: serde_json::Map<String, serde_json::Value> = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_owned(), serde_json::Value::from(v.to_str().ok()?))))
        .collect();
    let violations = header("sl-violations");
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    // Prism checks its own answer too: when only the answer breaks the spec (an example
    // that does not match its schema), the request passed and there is nothing to decode.
    if body.contains("https://stoplight.io/prism/errors#VIOLATIONS") && only_response_violations(&body) {
        return Ok(serde_json::json!({ "skip": "Prism's own answer breaks the spec's response schema" }));
    }
    // Violations of the constraints on values (Prism's own 422 lists them in the body,
    // otherwise the header does).
    let listed = serde_json::from_str::<serde_json::Value>(&body)
        .ok()
        .filter(|_| body.contains("https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY"))
        .map(|answer| answer["validation"].to_string())
        .or_else(|| violations.clone().filter(|v| request_violations(v)));
    if let Some(list) = listed.filter(|l| only_value_constraints(l)) {
        let detail: String = list.chars().take(400).collect();
        return Ok(
            serde_json::json!({ "unmade": format!("the values made break a constraint of the spec: {detail}") }),
        );
    }
    if body.contains("https://stoplight.io/prism/errors#") {
        let detail: String = body.chars().take(400).collect();
        return Err(format!(
            "Prism refuses `{method} {}` ({status}): {detail}",
            v["uri"].as_str().unwrap_or("")
        ));
    }
    // Without an error answer of its own, Prism names the violations in a header (and
    // answers with the spec's error response).
    if let Some(violations) = violations.filter(|v| request_violations(v)) {
        let detail: String = violations.chars().take(400).collect();
        return Err(format!(
            "Prism refuses `{method} {}` ({status}): {detail}",
            v["uri"].as_str().unwrap_or("")
        ));
    }
    Ok(serde_json::json!({ "status": status, "headers": headers, "body": body }))
}

/// Whether every violation Prism lists is in its own response.
fn only_response_violations(body: &str) -> bool {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return false;
    };
    let Some(list) = v["validation"].as_array() else {
        return false;
    };
    !list.is_empty() && list.iter().all(|x| x["location"][0].as_str() == Some("response"))
}

/// Whether an `sl-violations` header names an error of the request.
fn request_violations(header: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(header)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .is_some_and(|list| {
            list.iter()
                .any(|x| x["location"][0].as_str() == Some("request") && x["severity"].as_str() == Some("Error"))
        })
}

/// Whether every violation is of a constraint on a value the harness made (a pattern, a
/// format, a bound, a multiple, a length, or a value matching several `oneOf` branches):
/// the values are outside what the value maker meets, not a fault of the request's form.
fn only_value_constraints(list: &str) -> bool {
    const VALUE: [&str; 10] = [
        "pattern",
        "format",
        "multipleOf",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "oneOf",
    ];
    serde_json::from_str::<serde_json::Value>(list)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .is_some_and(|list| {
            !list.is_empty()
                && list
                    .iter()
                    .all(|x| x["code"].as_str().is_some_and(|c| VALUE.contains(&c)))
        })
}
