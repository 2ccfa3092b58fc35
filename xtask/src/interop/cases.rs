//! The operations of the loaded specs, each with its input values and the harness lines
//! that build its request and read its response.

use std::collections::BTreeMap;
use std::path::PathBuf;

use psi_codegen::model::{Binding, Model, SecurityScheme, Shape, TypeId};

use super::instance::JsonMaker;
use super::scratch::{Arm, argument, request_args};
use super::soap_plan::{self, SoapPlan};

/// What becomes of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Both sides agree.
    Agreed,
    /// They do not: the first difference.
    Disagreed(String),
    /// The operation could not be exercised, and why.
    Skipped(String),
}

/// How an operation is exercised.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Through zeep: the WSDL file and the messages' values.
    Soap(SoapPlan),
    /// Through Prism: the spec file and the arguments (JSON).
    Rest { spec: PathBuf, args: serde_json::Value },
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Case {
    /// The spec row it belongs to.
    pub spec: String,
    /// The operation name as the spec spells it.
    pub operation: String,
    /// The harness key.
    pub key: String,
    /// How it is exercised (`None` when it cannot be).
    pub plan: Option<Plan>,
    /// The result.
    pub outcome: Outcome,
    /// Notes that do not change the outcome (a response zeep cannot serialise).
    pub note: String,
}

/// A loaded spec of a program: its row id, the file its operations come from, and where its
/// generated code is.
pub struct SpecRef<'p> {
    /// The row id.
    pub id: String,
    /// The entry file on disk (what zeep and Prism read).
    pub file: PathBuf,
    /// The model after the passes (Rust names set).
    pub model: &'p Model,
    /// The scratch module the program's code went into.
    pub module: String,
}

/// The cases of one spec, and the harness lines they need.
pub fn cases(spec: &SpecRef<'_>, files: &BTreeMap<String, String>, seed: u64) -> (Vec<Case>, Vec<Arm>) {
    let mut cases = Vec::new();
    let mut arms = Vec::new();
    for svc in &spec.model.services {
        let file = files
            .get(&format!("{}/{}.rs", spec.module, svc.rust_name))
            .or_else(|| files.get(&format!("{}/{}/mod.rs", spec.module, svc.rust_name)));
        for op in &svc.operations {
            let key = format!("{}::{}::{}", spec.module, svc.rust_name, op.rust_name);
            let codec = format!("crate::{}::{}::codec::{}", spec.module, svc.rust_name, op.rust_name);
            let mut case = Case {
                spec: spec.id.clone(),
                operation: op.name.clone(),
                key: key.clone(),
                plan: None,
                outcome: Outcome::Agreed,
                note: String::new(),
            };
            let planned = match &op.binding {
                Binding::Soap(b) => soap_plan::plan(spec, &svc.name, b, &key, &codec, seed).map(|(plan, a)| {
                    arms.extend(a);
                    Plan::Soap(plan)
                }),
                Binding::Http(h) => {
                    let args = file.and_then(|f| request_args(f, &op.rust_name));
                    match args {
                        None => Err(format!("no `{codec}::request` in the generated code")),
                        Some(args) => rest_args(spec.model, h, &svc.security, seed).map(|mut values| {
                            let list: Vec<String> = args
                                .iter()
                                .map(|(name, ty)| {
                                    let is_param = h.params.iter().any(|p| &p.rust_name == name);
                                    let is_body = !is_param && h.body.is_some() && name == "body";
                                    if !is_param && !is_body {
                                        // A placeholder of the path template the spec does not declare.
                                        values["params"][name] = serde_json::Value::from("p1");
                                    }
                                    argument(name, ty, is_body)
                                })
                                .collect();
                            arms.push(Arm {
                                kind: "rest-request",
                                key: key.clone(),
                                expr: format!(
                                    "crate::rest_request(input, |c: &psi_client::rt::Config, a: &crate::Args| -> Result<_, String> {{ Ok({codec}::request(c, {})) }})",
                                    list.join(", ")
                                ),
                            });
                            arms.push(Arm {
                                kind: "rest-response",
                                key: key.clone(),
                                expr: format!("crate::rest_response(input, {codec}::response)"),
                            });
                            Plan::Rest { spec: spec.file.clone(), args: values }
                        }),
                    }
                }
            };
            match planned {
                Ok(plan) => case.plan = Some(plan),
                Err(why) => case.outcome = Outcome::Skipped(why),
            }
            cases.push(case);
        }
    }
    (cases, arms)
}

fn rest_args(
    model: &Model,
    h: &psi_codegen::model::HttpBinding,
    service_security: &[SecurityScheme],
    seed: u64,
) -> Result<serde_json::Value, String> {
    let mut maker = JsonMaker::new(model, seed);
    let mut params = serde_json::Map::new();
    for p in &h.params {
        let v = if p.list {
            serde_json::Value::Array(vec![maker.param_text(p.ty)?.into(), maker.param_text(p.ty)?.into()])
        } else {
            // A structured value (an object in the path, the query or a form) as its JSON
            // text, which the harness reads back into the generated type.
            match maker.param_text(p.ty) {
                Err(_) if is_object(model, p.ty) => maker.value(p.ty, 0)?.to_string().into(),
                made => made?.into(),
            }
        };
        params.insert(p.rust_name.clone(), v);
    }
    let body = match &h.body {
        Some(b) if b.content_type.contains("json") => maker.value(b.ty, 0)?,
        Some(b) => {
            return Err(format!(
                "request body of type `{}` is not exercised yet",
                b.content_type
            ));
        }
        None => serde_json::Value::Null,
    };
    // The credential the operation asks for (the service's when it names none).
    let schemes = if h.security.is_empty() {
        service_security
    } else {
        &h.security
    };
    let auth = if schemes.iter().any(|s| matches!(s, SecurityScheme::Basic)) || schemes.is_empty() {
        "basic"
    } else if schemes
        .iter()
        .any(|s| matches!(s, SecurityScheme::Bearer | SecurityScheme::OAuth2))
    {
        "bearer"
    } else if schemes.iter().any(|s| matches!(s, SecurityScheme::ApiKey { .. })) {
        "apikey"
    } else {
        "basic"
    };
    Ok(serde_json::json!({ "params": params, "body": body, "auth": auth }))
}

/// Whether `ty` is a record or a map (through aliases).
fn is_object(model: &Model, ty: TypeId) -> bool {
    let mut at = ty;
    for _ in 0..64 {
        match &model.ty(at).shape {
            Shape::Alias(t) => at = *t,
            Shape::Struct(_) | Shape::Map { .. } => return true,
            _ => return false,
        }
    }
    false
}
