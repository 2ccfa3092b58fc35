//! Services, endpoints, authentication and operations: matched by name, then by wire identity.

use std::collections::BTreeSet;

use super::http::normalise_path;
use super::labels::{binding_label, join, op_label, scheme_label, svc_name};
use super::report::{Affects, ChangeKind, Severity};
use super::walk::Cx;
use crate::model::{Binding, Operation, SecurityScheme, Service, SoapMessage};

impl<'a> Cx<'a> {
    pub(super) fn services(&mut self) {
        let old: &'a [Service] = &self.old.services;
        let new: &'a [Service] = &self.new.services;
        let mut pairs: Vec<(Option<&'a Service>, Option<&'a Service>)> = Vec::new();
        let mut new_left: Vec<&'a Service> = new.iter().collect();
        let mut old_left: Vec<&'a Service> = Vec::new();
        for s in old {
            match new_left.iter().position(|n| n.name == s.name) {
                Some(i) => pairs.push((Some(s), Some(new_left.remove(i)))),
                None => old_left.push(s),
            }
        }
        if old_left.len() == 1 && new_left.len() == 1 {
            pairs.push((Some(old_left.remove(0)), Some(new_left.remove(0))));
        }
        pairs.extend(old_left.into_iter().map(|s| (Some(s), None)));
        pairs.extend(new_left.into_iter().map(|s| (None, Some(s))));
        pairs.sort_by(|a, b| svc_name(a).cmp(svc_name(b)));
        for pair in pairs {
            match pair {
                (Some(o), Some(n)) => self.service(o, n),
                (Some(o), None) => self.emit_fixed(
                    &format!("service {}", o.name),
                    ChangeKind::ServiceRemoved,
                    Severity::Breaking,
                    Affects::Both,
                    format!("service `{}` removed: requests to its operations fail", o.name),
                    Some(o.name.clone()),
                    None,
                ),
                (None, Some(n)) => self.emit_fixed(
                    &format!("service {}", n.name),
                    ChangeKind::ServiceAdded,
                    Severity::Safe,
                    Affects::None,
                    format!("service `{}` added: nobody uses it yet", n.name),
                    None,
                    Some(n.name.clone()),
                ),
                (None, None) => {}
            }
        }
    }

    pub(super) fn service(&mut self, o: &'a Service, n: &'a Service) {
        let path = format!("service {}", n.name);
        if o.name != n.name {
            self.emit_fixed(
                &path,
                ChangeKind::ServiceRenamed,
                Severity::Info,
                Affects::None,
                "service name changed; it does not travel on the wire (the Rust module name may change)".into(),
                Some(o.name.clone()),
                Some(n.name.clone()),
            );
        }
        // Addresses.
        let oa: BTreeSet<&String> = o.addresses.iter().collect();
        let na: BTreeSet<&String> = n.addresses.iter().collect();
        for a in oa.difference(&na) {
            self.emit_fixed(
                &format!("{path} / endpoint"),
                ChangeKind::EndpointRemoved,
                Severity::Breaking,
                Affects::Senders,
                format!("address `{a}` no longer declared: senders configured with it must move"),
                Some((*a).clone()),
                None,
            );
        }
        for a in na.difference(&oa) {
            self.emit_fixed(
                &format!("{path} / endpoint"),
                ChangeKind::EndpointAdded,
                Severity::Safe,
                Affects::None,
                format!("address `{a}` declared"),
                None,
                Some((*a).clone()),
            );
        }
        self.security(&format!("{path} / auth"), &o.security, &n.security);

        // Operations: by name, then by wire identity.
        let mut new_left: Vec<&'a Operation> = n.operations.iter().collect();
        let mut old_left: Vec<&'a Operation> = Vec::new();
        let mut pairs: Vec<(&'a Operation, &'a Operation)> = Vec::new();
        for op in &o.operations {
            match new_left.iter().position(|x| x.name == op.name) {
                Some(i) => pairs.push((op, new_left.remove(i))),
                None => old_left.push(op),
            }
        }
        let mut still_old = Vec::new();
        for op in old_left {
            match new_left.iter().position(|x| same_wire_operation(op, x)) {
                Some(i) => pairs.push((op, new_left.remove(i))),
                None => still_old.push(op),
            }
        }
        pairs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        for (op_o, op_n) in pairs {
            self.operation(&path, o, n, op_o, op_n);
        }
        still_old.sort_by(|a, b| a.name.cmp(&b.name));
        for op in still_old {
            self.emit_fixed(
                &format!("{path} / operation {}", op.name),
                ChangeKind::OperationRemoved,
                Severity::Breaking,
                Affects::Senders,
                format!("operation `{}` removed: requests to it fail", op.name),
                Some(op_label(op)),
                None,
            );
        }
        new_left.sort_by(|a, b| a.name.cmp(&b.name));
        for op in new_left {
            self.emit_fixed(
                &format!("{path} / operation {}", op.name),
                ChangeKind::OperationAdded,
                Severity::Safe,
                Affects::None,
                format!("operation `{}` added: nobody calls it yet", op.name),
                None,
                Some(op_label(op)),
            );
        }
    }

    pub(super) fn security(&mut self, path: &str, o: &[SecurityScheme], n: &[SecurityScheme]) {
        let os: BTreeSet<String> = o.iter().map(scheme_label).collect();
        let ns: BTreeSet<String> = n.iter().map(scheme_label).collect();
        if os == ns {
            return;
        }
        if os.is_empty() {
            self.emit_fixed(
                path,
                ChangeKind::AuthAdded,
                Severity::Breaking,
                Affects::Senders,
                format!(
                    "authentication now required ({}): senders that send none are refused",
                    join(&ns)
                ),
                Some("none".into()),
                Some(join(&ns)),
            );
            return;
        }
        if ns.is_empty() {
            self.emit_fixed(
                path,
                ChangeKind::AuthRemoved,
                Severity::Info,
                Affects::None,
                "no authentication scheme declared any more: credentials senders send are not needed (or no longer documented)".into(),
                Some(join(&os)),
                Some("none".into()),
            );
            return;
        }
        for s in os.difference(&ns) {
            self.emit_fixed(
                path,
                ChangeKind::AuthRemoved,
                Severity::Breaking,
                Affects::Senders,
                format!("authentication scheme `{s}` no longer accepted: senders that use it are refused"),
                Some(s.clone()),
                None,
            );
        }
        for s in ns.difference(&os) {
            self.emit_fixed(
                path,
                ChangeKind::AuthAdded,
                Severity::Safe,
                Affects::None,
                format!("authentication scheme `{s}` also accepted"),
                None,
                Some(s.clone()),
            );
        }
    }

    pub(super) fn operation(&mut self, spath: &str, so: &Service, sn: &Service, o: &'a Operation, n: &'a Operation) {
        let path = format!("{spath} / operation {}", n.name);
        if o.name != n.name {
            self.emit_fixed(
                &path,
                ChangeKind::OperationRenamed,
                Severity::Info,
                Affects::None,
                format!(
                    "operation `{}` is now `{}`, found by its wire identity; the name does not travel (the Rust method name changes)",
                    o.name, n.name
                ),
                Some(o.name.clone()),
                Some(n.name.clone()),
            );
        }
        if o.deprecated != n.deprecated {
            self.emit_fixed(
                &path,
                ChangeKind::OperationDeprecated,
                Severity::Info,
                Affects::Senders,
                if n.deprecated {
                    "operation deprecated".into()
                } else {
                    "operation no longer deprecated".into()
                },
                Some(o.deprecated.to_string()),
                Some(n.deprecated.to_string()),
            );
        }
        match (&o.binding, &n.binding) {
            (Binding::Soap(a), Binding::Soap(b)) => self.soap(&path, a, b),
            (Binding::Http(a), Binding::Http(b)) => self.http(&path, so, sn, a, b),
            _ => self.emit_fixed(
                &path,
                ChangeKind::BindingChanged,
                Severity::Breaking,
                Affects::Both,
                "operation moved between SOAP and plain HTTP: every request and response changes".into(),
                Some(binding_label(&o.binding)),
                Some(binding_label(&n.binding)),
            ),
        }
    }
}

/// Two operations with different names that are the same on the wire.
pub(super) fn same_wire_operation(o: &Operation, n: &Operation) -> bool {
    match (&o.binding, &n.binding) {
        (Binding::Soap(a), Binding::Soap(b)) => {
            let action = a.action.as_deref().unwrap_or("");
            let first = |m: &SoapMessage| m.wrapper.clone().or_else(|| m.parts.first().map(|p| p.element.clone()));
            (!action.is_empty() && Some(action) == b.action.as_deref())
                || (first(&a.input).is_some() && first(&a.input) == first(&b.input))
        }
        (Binding::Http(a), Binding::Http(b)) => {
            a.method == b.method && normalise_path(&a.path) == normalise_path(&b.path)
        }
        _ => false,
    }
}
