//! HTTP operations: method, path, parameters, request body, responses, operation security.

use super::classify::{ADDED_OPTIONAL, ADDED_REQUIRED, BECAME_OPTIONAL, BECAME_REQUIRED, Dir, Dirs, REMOVED, Relation};
use super::labels::{is_success, list_label, loc_label, req_label, status_label};
use super::report::{Affects, ChangeKind, Severity};
use super::shapes::describe;
use super::walk::Cx;
use crate::model::{Body, HttpBinding, Param, ParamLocation, Response, Service};

impl<'a> Cx<'a> {
    pub(super) fn http(&mut self, path: &str, so: &Service, sn: &Service, o: &'a HttpBinding, n: &'a HttpBinding) {
        if o.method != n.method {
            self.emit_fixed(
                path,
                ChangeKind::MethodChanged,
                Severity::Breaking,
                Affects::Senders,
                "HTTP method changed: requests with the old method are refused".into(),
                Some(o.method.as_str().into()),
                Some(n.method.as_str().into()),
            );
        }
        let same_shape = normalise_path(&o.path) == normalise_path(&n.path);
        if o.path != n.path {
            if same_shape {
                self.emit_fixed(
                    path,
                    ChangeKind::PathChanged,
                    Severity::Info,
                    Affects::None,
                    "only the names of path placeholders changed; the same URLs are built".into(),
                    Some(o.path.clone()),
                    Some(n.path.clone()),
                );
            } else {
                self.emit_fixed(
                    path,
                    ChangeKind::PathChanged,
                    Severity::Breaking,
                    Affects::Senders,
                    "path changed: requests to the old path are not found".into(),
                    Some(o.path.clone()),
                    Some(n.path.clone()),
                );
            }
        }
        self.params(&format!("{path} / request"), o, n, same_shape);
        self.body(&format!("{path} / request / body"), o.body.as_ref(), n.body.as_ref());
        if let (Some(a), Some(b)) = (&o.form, &n.form)
            && a != b
        {
            self.emit(
                &format!("{path} / request / form"),
                &[],
                ChangeKind::ContentTypeChanged,
                Relation::Incompatible.rule(),
                Dirs::of(Dir::Request),
                "form media type changed".into(),
                Some(a.clone()),
                Some(b.clone()),
            );
        }
        self.responses(path, &o.responses, &n.responses);
        if !o.security.is_empty() || !n.security.is_empty() {
            let eo = if o.security.is_empty() {
                &so.security
            } else {
                &o.security
            };
            let en = if n.security.is_empty() {
                &sn.security
            } else {
                &n.security
            };
            self.security(&format!("{path} / auth"), eo, en);
        }
    }

    pub(super) fn params(&mut self, path: &str, o: &'a HttpBinding, n: &'a HttpBinding, same_shape: bool) {
        let mut new_left: Vec<&'a Param> = n.params.iter().collect();
        let mut pairs: Vec<(&'a Param, &'a Param)> = Vec::new();
        let mut removed = Vec::new();
        for p in &o.params {
            let exact = new_left
                .iter()
                .position(|x| x.location == p.location && x.wire == p.wire);
            let moved = || new_left.iter().position(|x| x.wire == p.wire);
            let placeholder = || {
                if p.location != ParamLocation::Path || !same_shape {
                    return None;
                }
                let at = placeholder_index(&o.path, &p.wire)?;
                new_left
                    .iter()
                    .position(|x| x.location == ParamLocation::Path && placeholder_index(&n.path, &x.wire) == Some(at))
            };
            match exact.or_else(moved).or_else(placeholder) {
                Some(i) => pairs.push((p, new_left.remove(i))),
                None => removed.push(p),
            }
        }
        let req = Dirs::of(Dir::Request);
        for (a, b) in pairs {
            let ppath = format!("{path} / {} param {}", loc_label(b.location), b.wire);
            if a.wire != b.wire {
                self.emit_fixed(
                    &ppath,
                    ChangeKind::ParamRenamed,
                    Severity::Info,
                    Affects::None,
                    "path placeholder renamed at the same place: the URL is the same".into(),
                    Some(a.wire.clone()),
                    Some(b.wire.clone()),
                );
            }
            if a.location != b.location {
                self.emit_fixed(
                    &ppath,
                    ChangeKind::ParamLocationChanged,
                    Severity::Breaking,
                    Affects::Senders,
                    format!(
                        "parameter `{}` moved: the server no longer reads it where senders put it",
                        b.wire
                    ),
                    Some(loc_label(a.location).into()),
                    Some(loc_label(b.location).into()),
                );
            }
            if a.required != b.required {
                let (kind, rule) = if b.required {
                    (ChangeKind::BecameRequired, BECAME_REQUIRED)
                } else {
                    (ChangeKind::BecameOptional, BECAME_OPTIONAL)
                };
                self.emit(
                    &ppath,
                    &[],
                    kind,
                    rule,
                    req,
                    format!(
                        "parameter `{}` {}",
                        b.wire,
                        if b.required {
                            "became required"
                        } else {
                            "became optional"
                        }
                    ),
                    Some(req_label(a.required)),
                    Some(req_label(b.required)),
                );
            }
            if a.location == ParamLocation::Path && a.path_style != b.path_style {
                self.emit_fixed(
                    &ppath,
                    ChangeKind::ParamLocationChanged,
                    Severity::Breaking,
                    Affects::Senders,
                    format!(
                        "path parameter `{}` is marked differently: the server no longer reads the path senders build",
                        b.wire
                    ),
                    Some(format!("{:?}", a.path_style)),
                    Some(format!("{:?}", b.path_style)),
                );
            }
            // Arrays, and objects in the query, by their style.
            let styled = a.list && b.list
                || !a.list && !b.list && a.location == ParamLocation::Query && b.location == ParamLocation::Query;
            if styled && a.array_style != b.array_style {
                self.emit_fixed(
                    &ppath,
                    ChangeKind::ParamLocationChanged,
                    Severity::Breaking,
                    Affects::Senders,
                    format!(
                        "{} parameter `{}` is serialised differently: the server no longer reads the values as senders write them",
                        if b.list { "array" } else { "object" },
                        b.wire
                    ),
                    Some(format!("{:?}", a.array_style)),
                    Some(format!("{:?}", b.array_style)),
                );
            }
            if a.list != b.list {
                let rel = if b.list { Relation::Widened } else { Relation::Narrowed };
                self.emit(
                    &ppath,
                    &[],
                    ChangeKind::ParamListChanged,
                    rel.rule(),
                    req,
                    format!(
                        "parameter `{}` {}",
                        b.wire,
                        if b.list { "may now repeat" } else { "no longer repeats" }
                    ),
                    Some(list_label(a.list)),
                    Some(list_label(b.list)),
                );
            }
            self.root_slot(a.ty, b.ty, &ppath, Dir::Request);
        }
        for p in removed {
            self.emit(
                &format!("{path} / {} param {}", loc_label(p.location), p.wire),
                &[],
                ChangeKind::ParamRemoved,
                REMOVED,
                req,
                format!("parameter `{}` removed", p.wire),
                Some(req_label(p.required)),
                None,
            );
        }
        for p in new_left {
            let rule = if p.required { ADDED_REQUIRED } else { ADDED_OPTIONAL };
            self.emit(
                &format!("{path} / {} param {}", loc_label(p.location), p.wire),
                &[],
                ChangeKind::ParamAdded,
                rule,
                req,
                format!("{} parameter `{}` added", req_label(p.required), p.wire),
                None,
                Some(req_label(p.required)),
            );
        }
    }

    pub(super) fn body(&mut self, path: &str, o: Option<&'a Body>, n: Option<&'a Body>) {
        let req = Dirs::of(Dir::Request);
        match (o, n) {
            (None, None) => {}
            (Some(a), None) => self.emit(
                path,
                &[],
                ChangeKind::BodyRemoved,
                REMOVED,
                req,
                "request body removed".into(),
                Some(a.content_type.clone()),
                None,
            ),
            (None, Some(b)) => {
                let rule = if b.required { ADDED_REQUIRED } else { ADDED_OPTIONAL };
                self.emit(
                    path,
                    &[],
                    ChangeKind::BodyAdded,
                    rule,
                    req,
                    format!("{} request body added", req_label(b.required)),
                    None,
                    Some(b.content_type.clone()),
                );
            }
            (Some(a), Some(b)) => {
                if a.content_type != b.content_type {
                    self.emit(
                        path,
                        &[],
                        ChangeKind::ContentTypeChanged,
                        Relation::Incompatible.rule(),
                        req,
                        "request media type changed".into(),
                        Some(a.content_type.clone()),
                        Some(b.content_type.clone()),
                    );
                }
                if a.required != b.required {
                    let (kind, rule) = if b.required {
                        (ChangeKind::BecameRequired, BECAME_REQUIRED)
                    } else {
                        (ChangeKind::BecameOptional, BECAME_OPTIONAL)
                    };
                    self.emit(
                        path,
                        &[],
                        kind,
                        rule,
                        req,
                        format!(
                            "request body {}",
                            if b.required {
                                "became required"
                            } else {
                                "became optional"
                            }
                        ),
                        Some(req_label(a.required)),
                        Some(req_label(b.required)),
                    );
                }
                self.root_slot(a.ty, b.ty, path, Dir::Request);
            }
        }
    }

    pub(super) fn responses(&mut self, path: &str, o: &'a [Response], n: &'a [Response]) {
        let mut new_left: Vec<&'a Response> = n.iter().collect();
        let mut removed = Vec::new();
        let mut pairs = Vec::new();
        for r in o {
            match new_left.iter().position(|x| x.status == r.status) {
                Some(i) => pairs.push((r, new_left.remove(i))),
                None => removed.push(r),
            }
        }
        let resp = Dirs::of(Dir::Response);
        for (a, b) in pairs {
            let rpath = format!("{path} / response {}", status_label(b.status));
            if a.content_type != b.content_type && a.ty.is_some() && b.ty.is_some() {
                self.emit(
                    &rpath,
                    &[],
                    ChangeKind::ContentTypeChanged,
                    Relation::Incompatible.rule(),
                    resp,
                    "response media type changed".into(),
                    a.content_type.clone(),
                    b.content_type.clone(),
                );
            }
            match (a.ty, b.ty) {
                (Some(x), Some(y)) => self.root_slot(x, y, &rpath, Dir::Response),
                (None, None) => {}
                (Some(x), None) => self.emit(
                    &rpath,
                    &[],
                    ChangeKind::ResponseBodyChanged,
                    REMOVED,
                    resp,
                    "response body removed".into(),
                    Some(describe(self.old, x)),
                    None,
                ),
                (None, Some(y)) => self.emit(
                    &rpath,
                    &[],
                    ChangeKind::ResponseBodyChanged,
                    ADDED_OPTIONAL,
                    resp,
                    "response body added".into(),
                    None,
                    Some(describe(self.new, y)),
                ),
            }
        }
        for r in removed {
            let success = is_success(r.status);
            let (sev, aff, msg) = if success {
                (
                    Severity::Breaking,
                    Affects::Readers,
                    "success status no longer returned: readers that expect it get another one",
                )
            } else {
                (
                    Severity::Safe,
                    Affects::Readers,
                    "status no longer declared: readers no longer receive it",
                )
            };
            self.emit_fixed(
                &format!("{path} / response {}", status_label(r.status)),
                ChangeKind::StatusRemoved,
                sev,
                aff,
                msg.into(),
                Some(status_label(r.status)),
                None,
            );
        }
        for r in new_left {
            let success = is_success(r.status);
            let (sev, aff, msg) = if success {
                (
                    Severity::Breaking,
                    Affects::Readers,
                    "new success status: readers that only know the declared ones treat it as unexpected",
                )
            } else {
                (
                    Severity::Safe,
                    Affects::Readers,
                    "new error status declared: readers already treat undeclared statuses as errors",
                )
            };
            self.emit_fixed(
                &format!("{path} / response {}", status_label(r.status)),
                ChangeKind::StatusAdded,
                sev,
                aff,
                msg.into(),
                None,
                Some(status_label(r.status)),
            );
        }
    }
}

/// `/a/{x}/b` → `/a/{}/b`, trailing slash removed.
pub(super) fn normalise_path(p: &str) -> String {
    let mut out = String::new();
    let mut in_brace = false;
    for c in p.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    let trimmed = out.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        trimmed.to_owned()
    }
}

pub(super) fn placeholder_index(path: &str, name: &str) -> Option<usize> {
    path.split('{').skip(1).position(|s| s.split('}').next() == Some(name))
}
