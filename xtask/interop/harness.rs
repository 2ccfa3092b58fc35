//! The interop harness: builds requests with the generated codecs from input values, and
//! decodes responses with them. `cargo xtask interop` writes this file, the generated code
//! and a dispatch table (`table.rs`) into a scratch crate and runs it on a job list.
//!
//! A job is a line `kind<TAB>operation<TAB>input file<TAB>output file`; the harness prints
//! one line per job: `RESULT<TAB>index<TAB>ok|error<TAB>detail`.

mod modules;
mod table;

use std::collections::BTreeMap;
use std::fmt::Display;

use psi_client::rt::xml::{DecodeError, RawXml, ReadCtx, XmlElement, XmlText, XmlWriter};
use serde::de::DeserializeOwned;
use psi_client::rt::{Auth, Config, Request, Response};

pub use modules::*;

/// The settings every request is built with: a local base URL and a basic credential.
fn config(base: &str) -> Config {
    Config::for_url(base).auth(Auth::basic("29999999991", "interop"))
}

/// The settings of a REST request: a bearer token or an API key where the operation asks
/// for one.
fn rest_config(base: &str, auth: Option<&str>) -> Config {
    match auth {
        Some("bearer") => Config::for_url(base).auth(Auth::bearer("interop-token")),
        Some("apikey") => Config::for_url(base).auth(Auth::api_key("interop-key")),
        _ => config(base),
    }
}

/// The parts of a message instance (`<parts>`: the body parts, then the header parts), each
/// read on demand as the type the codec's argument has.
pub struct Parts {
    xml: String,
}

impl Parts {
    /// Read part `i` with `read`.
    fn read<T>(&self, i: usize, read: impl FnOnce(roxmltree::Node<'_, '_>, &ReadCtx<'_>) -> Result<T, DecodeError>) -> Result<T, String> {
        let doc = roxmltree::Document::parse(&self.xml).map_err(|e| format!("instance: {e}"))?;
        let ctx = ReadCtx::new(&doc, &[]);
        let node = doc
            .root_element()
            .children()
            .filter(|n| n.is_element())
            .nth(i)
            .ok_or_else(|| format!("the instance has no part {}", i + 1))?;
        read(node, &ctx).map_err(|e| format!("the generated reader refuses part {} of the instance: {e}", i + 1))
    }
    /// Part `i` as element content.
    pub fn element<T: XmlElement>(&self, i: usize) -> Result<T, String> {
        self.read(i, |n, ctx| T::read_xml(n, ctx))
    }
    /// Part `i` as text.
    pub fn text<T: XmlText>(&self, i: usize) -> Result<T, String> {
        self.read(i, |n, ctx| ctx.text(n))
    }
    /// Part `i` kept as raw XML.
    pub fn raw(&self, i: usize) -> Result<RawXml, String> {
        self.read(i, |n, _| Ok(RawXml::capture(n)))
    }
}

/// Build the SOAP request from the parts of an instance; return the envelope.
pub fn soap_request<E: Display>(
    xml: &str,
    build: impl Fn(&Config, &Parts) -> Result<Result<Request, E>, String>,
) -> Result<String, String> {
    let parts = Parts { xml: xml.to_owned() };
    let request = build(&config("http://127.0.0.1/service"), &parts)?.map_err(|e| format!("request: {e}"))?;
    String::from_utf8(request.body().clone()).map_err(|e| e.to_string())
}

/// Decode a SOAP response envelope with the generated reader and write what it read back as
/// a `<parts>` document (`write` knows the parts of the value).
pub fn soap_response<T, E: Display>(
    envelope: &str,
    read: impl Fn(&Config, &Response) -> Result<T, E>,
    write: impl Fn(&T, &mut XmlWriter),
) -> Result<String, String> {
    let response = http_response(200, &[("content-type", "text/xml; charset=utf-8")], envelope.as_bytes().to_vec())?;
    let value = read(&config("http://127.0.0.1/service"), &response).map_err(|e| format!("the generated reader refuses the response: {e}"))?;
    let mut w = XmlWriter::new();
    w.start(None, "parts");
    write(&value, &mut w);
    w.end();
    Ok(w.finish())
}

fn http_response(status: u16, headers: &[(&str, &str)], body: Vec<u8>) -> Result<Response, String> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body).map_err(|e| e.to_string())
}

/// The input values of a REST operation: parameter texts by Rust argument name, and the body.
pub struct Args {
    params: BTreeMap<String, serde_json::Value>,
    body: serde_json::Value,
    auth: Option<String>,
}

impl Args {
    fn parse(text: &str) -> Result<Args, String> {
        let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("arguments: {e}"))?;
        let params = v
            .get("params")
            .and_then(|p| p.as_object())
            .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        Ok(Args {
            params,
            body: v.get("body").cloned().unwrap_or(serde_json::Value::Null),
            auth: v.get("auth").and_then(|a| a.as_str()).map(str::to_owned),
        })
    }
    fn texts(&self, name: &str) -> Vec<String> {
        match self.params.get(name) {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    }
    /// A required parameter.
    pub fn p<T: DeserializeOwned>(&self, name: &str) -> Result<T, String> {
        self.opt(name)?.ok_or_else(|| format!("no value for `{name}`"))
    }
    /// An optional parameter.
    pub fn opt<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, String> {
        match self.texts(name).first() {
            Some(t) => param(t).map(Some).map_err(|e| format!("`{name}`: {e}")),
            None => Ok(None),
        }
    }
    /// A required text parameter.
    pub fn text(&self, name: &str) -> Result<String, String> {
        self.texts(name).into_iter().next().ok_or_else(|| format!("no value for `{name}`"))
    }
    /// An optional text parameter.
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.texts(name).into_iter().next()
    }
    /// An array parameter.
    pub fn list<T: DeserializeOwned>(&self, name: &str) -> Result<Vec<T>, String> {
        self.texts(name).iter().map(|t| param(t).map_err(|e| format!("`{name}`: {e}"))).collect()
    }
    /// An optional array parameter.
    pub fn opt_list<T: DeserializeOwned>(&self, name: &str) -> Result<Option<Vec<T>>, String> {
        if self.params.contains_key(name) { self.list(name).map(Some) } else { Ok(None) }
    }
    /// The body.
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(self.body.clone()).map_err(|e| format!("the generated type refuses the body: {e}"))
    }
    /// An optional body.
    pub fn opt_body<T: DeserializeOwned>(&self) -> Result<Option<T>, String> {
        if self.body.is_null() { Ok(None) } else { self.body().map(Some) }
    }
}

/// A parameter's value from its text: as a JSON string, or else as the JSON the text is (a
/// number, a boolean).
fn param<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).or_else(|first| {
        serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .and_then(|v| serde_json::from_value(v).ok())
            .ok_or_else(|| first.to_string())
    })
}

/// Build a REST request; the output is JSON: method, path and query, headers, body.
pub fn rest_request<E: Display>(
    args: &str,
    build: impl Fn(&Config, &Args) -> Result<Result<Request, E>, String>,
) -> Result<String, String> {
    let args = Args::parse(args)?;
    let request = build(&rest_config("http://127.0.0.1", args.auth.as_deref()), &args)?.map_err(|e| format!("request: {e}"))?;
    let headers: BTreeMap<String, String> = request
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let out = serde_json::json!({
        "method": request.method().as_str(),
        "uri": request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"),
        "headers": headers,
        "body": String::from_utf8_lossy(request.body()),
    });
    Ok(out.to_string())
}

/// Decode a REST response (`status`, `headers`, `body` in JSON) with the generated reader.
pub fn rest_response<T: std::fmt::Debug, E: Display>(
    text: &str,
    read: impl Fn(&Config, &Response) -> Result<T, E>,
) -> Result<String, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("response: {e}"))?;
    let status = v.get("status").and_then(|s| s.as_u64()).unwrap_or(0) as u16;
    let headers: Vec<(&str, &str)> = v
        .get("headers")
        .and_then(|h| h.as_object())
        .map(|h| h.iter().filter_map(|(k, v)| Some((k.as_str(), v.as_str()?))).collect())
        .unwrap_or_default();
    let body = v.get("body").and_then(|s| s.as_str()).unwrap_or("").as_bytes().to_vec();
    let response = http_response(status, &headers, body)?;
    let value = read(&config("http://127.0.0.1"), &response).map_err(|e| format!("the generated reader refuses the response: {e}"))?;
    let mut shown = format!("{value:?}");
    shown.truncate(200);
    Ok(shown)
}

fn main() {
    let Some(jobs) = std::env::args().nth(1) else {
        eprintln!("usage: interop-harness JOBS");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&jobs) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{jobs}: {e}");
            std::process::exit(2);
        }
    };
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let outcome = match f.as_slice() {
            [kind, op, input, output] => match std::fs::read_to_string(input) {
                Ok(input_text) => match table::run(kind, op, &input_text) {
                    Some(Ok(out)) => std::fs::write(output, out).map_err(|e| format!("{output}: {e}")),
                    Some(Err(e)) => Err(e),
                    None => Err(format!("no {kind} entry for `{op}`")),
                },
                Err(e) => Err(format!("{input}: {e}")),
            },
            _ => Err(format!("bad job line {}", i + 1)),
        };
        match outcome {
            Ok(()) => println!("RESULT\t{i}\tok\t"),
            Err(e) => println!("RESULT\t{i}\terror\t{}", e.replace(['\t', '\n'], " ")),
        }
    }
}
