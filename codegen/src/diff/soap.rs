//! SOAP operations: version, style, SOAPAction, addressing, messages, parts, headers, faults.

use super::classify::{ADDED_REQUIRED, Dir, Dirs, REMOVED, Relation};
use super::labels::{ns_label, qname};
use super::report::{Affects, ChangeKind, Severity};
use super::walk::Cx;
use crate::model::{SoapBinding, SoapMessage, SoapPart};

impl<'a> Cx<'a> {
    pub(super) fn soap(&mut self, path: &str, o: &'a SoapBinding, n: &'a SoapBinding) {
        if o.version != n.version {
            self.emit_fixed(
                path,
                ChangeKind::SoapVersionChanged,
                Severity::Breaking,
                Affects::Both,
                "SOAP version changed: envelope namespace and content type change".into(),
                Some(format!("{:?}", o.version)),
                Some(format!("{:?}", n.version)),
            );
        }
        if o.style != n.style || o.body_use != n.body_use {
            self.emit_fixed(
                path,
                ChangeKind::SoapStyleChanged,
                Severity::Breaking,
                Affects::Both,
                "binding style/use changed: the body is laid out differently".into(),
                Some(format!("{:?}/{:?}", o.style, o.body_use).to_lowercase()),
                Some(format!("{:?}/{:?}", n.style, n.body_use).to_lowercase()),
            );
        }
        let oa = o.action.clone().unwrap_or_default();
        let na = n.action.clone().unwrap_or_default();
        if oa != na {
            self.emit_fixed(
                path,
                ChangeKind::SoapActionChanged,
                Severity::Breaking,
                Affects::Senders,
                "SOAPAction changed: servers dispatch on it, so requests with the old action are refused".into(),
                Some(format!("\"{oa}\"")),
                Some(format!("\"{na}\"")),
            );
        }
        if o.addressing != n.addressing {
            let (sev, aff, msg) = if n.addressing {
                (
                    Severity::Breaking,
                    Affects::Senders,
                    "WS-Addressing now required: senders that omit its headers are refused",
                )
            } else {
                (Severity::Safe, Affects::None, "WS-Addressing no longer required")
            };
            self.emit_fixed(
                path,
                ChangeKind::AddressingChanged,
                sev,
                aff,
                msg.into(),
                Some(o.addressing.to_string()),
                Some(n.addressing.to_string()),
            );
        }
        self.message(&format!("{path} / request"), &o.input, &n.input, Dir::Request);
        self.parts(
            &format!("{path} / request header"),
            &o.headers,
            &n.headers,
            Dir::Request,
            true,
        );
        self.parts(
            &format!("{path} / response header"),
            &o.output_headers,
            &n.output_headers,
            Dir::Response,
            true,
        );
        match (&o.output, &n.output) {
            (Some(a), Some(b)) => self.message(&format!("{path} / response"), a, b, Dir::Response),
            (None, None) => {}
            (a, b) => self.emit_fixed(
                &format!("{path} / response"),
                ChangeKind::ResponseAddedOrRemoved,
                Severity::Breaking,
                Affects::Readers,
                if b.is_some() {
                    "one-way operation now answers: readers that do not wait for a response break".into()
                } else {
                    "operation no longer answers: readers that wait for a response break".into()
                },
                Some(if a.is_some() { "request-response" } else { "one-way" }.into()),
                Some(if b.is_some() { "request-response" } else { "one-way" }.into()),
            ),
        }
        // Faults: by name, then by detail element.
        let mut new_left: Vec<&'a crate::model::SoapFault> = n.faults.iter().collect();
        let mut pairs = Vec::new();
        let mut removed = Vec::new();
        for f in &o.faults {
            let i = new_left
                .iter()
                .position(|x| x.name == f.name)
                .or_else(|| new_left.iter().position(|x| x.detail.element == f.detail.element));
            match i {
                Some(i) => pairs.push((f, new_left.remove(i))),
                None => removed.push(f),
            }
        }
        for (a, b) in pairs {
            let fpath = format!("{path} / fault {}", b.name);
            self.element_identity(&fpath, &a.detail.element, &b.detail.element, Dir::Response);
            let label = format!("{fpath} / {}", b.detail.element.1);
            self.root_slot(a.detail.ty, b.detail.ty, &label, Dir::Response);
        }
        for f in removed {
            self.emit_fixed(
                &format!("{path} / fault {}", f.name),
                ChangeKind::FaultRemoved,
                Severity::Safe,
                Affects::Readers,
                format!("fault `{}` no longer declared: readers no longer receive it", f.name),
                Some(qname(&f.detail.element)),
                None,
            );
        }
        for f in new_left {
            self.emit_fixed(
                &format!("{path} / fault {}", f.name),
                ChangeKind::FaultAdded,
                Severity::Safe,
                Affects::Readers,
                format!(
                    "fault `{}` declared: it arrives as a SOAP fault, which readers already handle",
                    f.name
                ),
                None,
                Some(qname(&f.detail.element)),
            );
        }
    }

    pub(super) fn message(&mut self, path: &str, o: &'a SoapMessage, n: &'a SoapMessage, dir: Dir) {
        match (&o.wrapper, &n.wrapper) {
            (Some(a), Some(b)) => self.element_identity(path, a, b, dir),
            (None, None) => {}
            (a, b) => self.emit(
                path,
                &[],
                ChangeKind::SoapStyleChanged,
                Relation::Incompatible.rule(),
                Dirs::of(dir),
                "rpc wrapper element added or removed".into(),
                a.as_ref().map(qname),
                b.as_ref().map(qname),
            ),
        }
        self.parts(path, &o.parts, &n.parts, dir, false);
    }

    pub(super) fn parts(&mut self, path: &str, o: &'a [SoapPart], n: &'a [SoapPart], dir: Dir, header: bool) {
        let mut new_left: Vec<&'a SoapPart> = n.iter().collect();
        let mut removed = Vec::new();
        let mut pairs = Vec::new();
        for p in o {
            let i = new_left
                .iter()
                .position(|x| x.name == p.name)
                .or_else(|| new_left.iter().position(|x| x.element == p.element));
            match i {
                Some(i) => pairs.push((p, new_left.remove(i))),
                None => removed.push(p),
            }
        }
        for (a, b) in pairs {
            self.element_identity(path, &a.element, &b.element, dir);
            let label = format!("{path} / {}", b.element.1);
            self.root_slot(a.ty, b.ty, &label, dir);
        }
        let (k_add, k_rem) = if header {
            (ChangeKind::HeaderAdded, ChangeKind::HeaderRemoved)
        } else {
            (ChangeKind::PartAdded, ChangeKind::PartRemoved)
        };
        for p in removed {
            self.emit(
                &format!("{path} / {}", p.element.1),
                &[],
                k_rem,
                REMOVED,
                Dirs::of(dir),
                format!("message part `{}` removed", p.name),
                Some(qname(&p.element)),
                None,
            );
        }
        for p in new_left {
            self.emit(
                &format!("{path} / {}", p.element.1),
                &[],
                k_add,
                ADDED_REQUIRED,
                Dirs::of(dir),
                format!("message part `{}` added", p.name),
                None,
                Some(qname(&p.element)),
            );
        }
    }

    /// Compare the name and namespace of an element that travels (part, wrapper, detail).
    pub(super) fn element_identity(
        &mut self,
        path: &str,
        o: &(Option<String>, String),
        n: &(Option<String>, String),
        dir: Dir,
    ) {
        if o.1 != n.1 {
            self.emit(
                path,
                &[],
                ChangeKind::ElementRenamed,
                Relation::Incompatible.rule(),
                Dirs::of(dir),
                format!("element `{}` renamed to `{}`", o.1, n.1),
                Some(qname(o)),
                Some(qname(n)),
            );
        }
        if o.0 != n.0 {
            self.emit(
                path,
                &[],
                ChangeKind::NamespaceChanged,
                Relation::Incompatible.rule(),
                Dirs::of(dir),
                format!("namespace of element `{}` changed", n.1),
                Some(ns_label(&o.0)),
                Some(ns_label(&n.0)),
            );
        }
    }
}
