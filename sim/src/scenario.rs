//! Scenario files for the command line: options and scripts as JSON.
//!
//! ```json
//! {
//!   "seed": 7,
//!   "not_adhered": ["20000000001"],
//!   "processing_seconds": 10,
//!   "lifetime_seconds": 3600,
//!   "scripts": [
//!     { "operation": "cessarVinculo", "result": { "code": 3, "message": "Validação falhou" }, "times": 1 },
//!     { "operation": "pesquisaContratos", "fault": true, "latency_ms": 500 },
//!     { "operation": "consultarDocumentosPagamento", "forbidden": true },
//!     { "operation": "getDadosContratos", "malformed": true },
//!     { "operation": "obterComunicacoes", "oversized": 2000000 },
//!     { "operation": "Search", "raw": { "status": 503, "content_type": "text/plain", "body": "busy" } }
//!   ]
//! }
//! ```

use std::time::Duration;

use serde::Deserialize;

use crate::{Options, Reply, Script, Timings};

/// A scenario file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Seed of the example data.
    pub seed: Option<u64>,
    /// Employers that have not adhered.
    #[serde(default)]
    pub not_adhered: Vec<String>,
    /// Two-step processing time.
    pub processing_seconds: Option<u64>,
    /// Two-step answer lifetime.
    pub lifetime_seconds: Option<u64>,
    /// Scripts, applied in order.
    #[serde(default)]
    pub scripts: Vec<ScriptSpec>,
}

/// One script of a scenario file; exactly one reply key (or none: the simulated answer).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptSpec {
    /// The operation name.
    pub operation: String,
    /// How many requests it answers.
    pub times: Option<usize>,
    /// Wait before answering.
    pub latency_ms: Option<u64>,
    /// A result code.
    pub result: Option<ResultSpec>,
    /// The PSI's timeout Fault.
    #[serde(default)]
    pub fault: bool,
    /// The 403.
    #[serde(default)]
    pub forbidden: bool,
    /// The 401.
    #[serde(default)]
    pub unauthorized: bool,
    /// A truncated body.
    #[serde(default)]
    pub malformed: bool,
    /// A body padded to this many bytes.
    pub oversized: Option<usize>,
    /// An exact answer.
    pub raw: Option<RawSpec>,
}

/// A result code.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultSpec {
    /// The code.
    pub code: i64,
    /// The message.
    pub message: Option<String>,
    /// The HTTP status (REST).
    pub status: Option<u16>,
}

/// An exact answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSpec {
    /// Status.
    pub status: u16,
    /// Content type.
    pub content_type: Option<String>,
    /// Body text.
    #[serde(default)]
    pub body: String,
}

impl Scenario {
    /// Parse a scenario; errors name the line and column.
    pub fn parse(text: &str) -> Result<Scenario, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// These settings over `options`.
    pub fn apply(&self, mut options: Options) -> Options {
        if let Some(seed) = self.seed {
            options.seed = seed;
        }
        options.not_adhered.extend(self.not_adhered.iter().cloned());
        let defaults = Timings::default();
        options.timings = Timings {
            processing: self.processing_seconds.map_or(defaults.processing, Duration::from_secs),
            lifetime: self.lifetime_seconds.map_or(defaults.lifetime, Duration::from_secs),
        };
        options
    }

    /// The scripts; the error names the script (1-based) and why.
    pub fn scripts(&self) -> Result<Vec<Script>, String> {
        self.scripts
            .iter()
            .enumerate()
            .map(|(i, spec)| spec.to_script().map_err(|e| format!("script {}: {e}", i + 1)))
            .collect()
    }
}

impl ScriptSpec {
    fn to_script(&self) -> Result<Script, String> {
        let mut script = Script::on(&self.operation).map_err(|e| e.to_string())?;
        let mut replies = Vec::new();
        if let Some(r) = &self.result {
            replies.push(Reply::Result {
                code: r.code,
                message: r.message.clone(),
                status: r.status,
            });
        }
        if self.fault {
            replies.push(Script::on(&self.operation).map_err(|e| e.to_string())?.fault().reply);
        }
        if self.forbidden {
            replies.push(Reply::Forbidden);
        }
        if self.unauthorized {
            replies.push(Reply::Unauthorized);
        }
        if self.malformed {
            replies.push(Reply::Malformed);
        }
        if let Some(n) = self.oversized {
            replies.push(Reply::Oversized(n));
        }
        if let Some(raw) = &self.raw {
            replies.push(Reply::Raw {
                status: raw.status,
                content_type: raw.content_type.clone(),
                body: raw.body.clone().into_bytes(),
            });
        }
        if replies.len() > 1 {
            return Err(format!("`{}` has {} replies; give one", self.operation, replies.len()));
        }
        if let Some(reply) = replies.pop() {
            if matches!(reply, Reply::Result { .. }) {
                let code = self.result.as_ref().map_or(0, |r| r.code);
                script = script.result(code, None).map_err(|e| e.to_string())?;
            }
            script = script.reply(reply);
        }
        if let Some(n) = self.times {
            script = script.times(n);
        }
        if let Some(ms) = self.latency_ms {
            script = script.latency(Duration::from_millis(ms));
        }
        Ok(script)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example_and_refuses_mistakes() {
        let doc = include_str!("scenario.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("//! "))
            .skip_while(|l| *l != "```json")
            .skip(1)
            .take_while(|l| *l != "```")
            .collect::<Vec<_>>()
            .join("\n");
        let s = Scenario::parse(&doc).expect("the documented example parses");
        assert_eq!(s.scripts().expect("valid scripts").len(), 6);
        assert_eq!(s.apply(Options::default()).timings.processing, Duration::from_secs(10));

        let e = Scenario::parse(r#"{"scripts":[{"operation":"nope"}]}"#)
            .expect("parses")
            .scripts()
            .expect_err("unknown operation");
        assert!(e.starts_with("script 1: no operation `nope`"), "{e}");
        let e = Scenario::parse(r#"{"scripts":[{"operation":"Search","result":{"code":1}}]}"#)
            .expect("parses")
            .scripts()
            .expect_err("no result code in SIOE");
        assert!(e.contains("publishes no result code"), "{e}");
        let e = Scenario::parse(r#"{"seeds": 1}"#).expect_err("unknown field");
        assert!(e.contains("line 1"), "{e}");
    }
}
