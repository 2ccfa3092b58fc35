//! Classification rules: how a change of the value set, seen in requests or responses,
//! becomes a severity and the side it hits.

use std::collections::BTreeSet;

use super::report::{Affects, Severity};
use crate::model::{Facets, Occurs, Primitive};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dir {
    Request,
    Response,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Dirs {
    pub(super) request: bool,
    pub(super) response: bool,
}

impl Dirs {
    pub(super) fn of(dir: Dir) -> Dirs {
        match dir {
            Dir::Request => Dirs {
                request: true,
                response: false,
            },
            Dir::Response => Dirs {
                request: false,
                response: true,
            },
        }
    }
    pub(super) fn add(&mut self, dir: Dir) {
        match dir {
            Dir::Request => self.request = true,
            Dir::Response => self.response = true,
        }
    }
    pub(super) fn affects(self) -> Affects {
        match (self.request, self.response) {
            (true, true) => Affects::Both,
            (true, false) => Affects::Senders,
            (false, true) => Affects::Readers,
            (false, false) => Affects::None,
        }
    }
}

/// Severity and reason for each direction a change can travel in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rule {
    pub(super) request: (Severity, &'static str),
    pub(super) response: (Severity, &'static str),
}

/// How the set of values a type accepts changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Relation {
    /// Fewer values.
    Narrowed,
    /// More values.
    Widened,
    /// Neither a subset nor a superset.
    Incompatible,
    /// Same values, another spelling in the spec.
    Equivalent,
}

impl Relation {
    pub(super) fn rule(self) -> Rule {
        use Severity::*;
        match self {
            Relation::Narrowed => Rule {
                request: (Breaking, "senders may send values that are no longer accepted"),
                response: (Safe, "readers receive a subset of what they accept"),
            },
            Relation::Widened => Rule {
                request: (Safe, "what senders send is still accepted"),
                response: (Breaking, "readers may receive values they do not accept"),
            },
            Relation::Incompatible => Rule {
                request: (Breaking, "requests already being sent no longer match"),
                response: (Breaking, "responses no longer match what readers expect"),
            },
            Relation::Equivalent => Rule {
                request: (Info, "the same values travel"),
                response: (Info, "the same values travel"),
            },
        }
    }
}

pub(super) const REMOVED: Rule = Rule {
    request: (Severity::Breaking, "senders that still send it are rejected"),
    response: (Severity::Breaking, "readers no longer receive it"),
};
pub(super) const ADDED_REQUIRED: Rule = Rule {
    request: (Severity::Breaking, "senders do not send it yet"),
    response: (Severity::Safe, "readers that skip unknown content are unaffected"),
};
pub(super) const ADDED_OPTIONAL: Rule = Rule {
    request: (Severity::Safe, "senders may leave it out"),
    response: (Severity::Safe, "readers that skip unknown content are unaffected"),
};
pub(super) const BECAME_REQUIRED: Rule = Rule {
    request: (Severity::Breaking, "senders that leave it out are rejected"),
    response: (Severity::Safe, "readers already handle its presence"),
};
pub(super) const BECAME_OPTIONAL: Rule = Rule {
    request: (Severity::Safe, "senders that send it are still accepted"),
    response: (Severity::Breaking, "readers that expect it may not get it"),
};
pub(super) const NULLABLE_ON: Rule = Rule {
    request: (Severity::Safe, "senders never needed nil"),
    response: (Severity::Breaking, "readers may receive nil"),
};
pub(super) const NULLABLE_OFF: Rule = Rule {
    request: (Severity::Breaking, "senders that send nil are rejected"),
    response: (Severity::Safe, "readers no longer receive nil"),
};
/// A JSON reader accepts more shapes: another name for a property, or a bare array.
pub(super) const READ_WIDER: Rule = Rule {
    request: (Severity::Info, "senders write the declared name and shape"),
    response: (Severity::Safe, "the reader accepts more answers"),
};
/// A JSON reader accepts fewer shapes.
pub(super) const READ_NARROWER: Rule = Rule {
    request: (Severity::Info, "senders write the declared name and shape"),
    response: (Severity::Breaking, "answers in the dropped shape no longer read"),
};
pub(super) const INFO: Rule = Rule {
    request: (Severity::Info, "does not change what travels"),
    response: (Severity::Info, "does not change what travels"),
};
pub(super) const ENUM_ADDED: Rule = Rule {
    request: (Severity::Safe, "senders may now send it"),
    response: (
        Severity::Safe,
        "readers receive it as an unknown value: the enums this toolkit generates keep values they do not know",
    ),
};
pub(super) const ENUM_REMOVED: Rule = Rule {
    request: (Severity::Breaking, "senders that send it are rejected"),
    response: (Severity::Safe, "readers no longer receive it"),
};
pub(super) const BECAME_ENUM: Rule = Rule {
    request: (Severity::Breaking, "senders may send values outside the list"),
    response: (
        Severity::Safe,
        "readers get values of the list; generated enums keep unknown values",
    ),
};
pub(super) const ENUM_OPENED: Rule = Rule {
    request: (Severity::Safe, "what senders send is still accepted"),
    response: (
        Severity::Safe,
        "readers may receive any value; generated enums keep unknown values",
    ),
};
pub(super) const VARIANT_ADDED: Rule = Rule {
    request: (Severity::Safe, "senders may now send it"),
    response: (
        Severity::Breaking,
        "readers may receive an alternative they do not know",
    ),
};
pub(super) const VARIANT_REMOVED: Rule = Rule {
    request: (Severity::Breaking, "senders that send it are rejected"),
    response: (Severity::Safe, "readers no longer receive it"),
};

/// Fold a rule over the directions a change is seen in.
pub(super) fn classify(rule: Rule, dirs: Dirs) -> (Severity, Affects, String) {
    let mut seen: Vec<(Dir, Severity, &str)> = Vec::new();
    if dirs.request {
        seen.push((Dir::Request, rule.request.0, rule.request.1));
    }
    if dirs.response {
        seen.push((Dir::Response, rule.response.0, rule.response.1));
    }
    if seen.is_empty() {
        return (Severity::Info, Affects::None, "not reachable from any operation".into());
    }
    let severity = seen.iter().map(|s| s.1).min().unwrap_or(Severity::Info);
    let mut hit = Dirs::default();
    for (dir, sev, _) in &seen {
        if severity != Severity::Breaking || *sev == Severity::Breaking {
            hit.add(*dir);
        }
    }
    let reason = if seen.len() == 1 {
        seen[0].2.to_owned()
    } else {
        format!("in requests: {}; in responses: {}", seen[0].2, seen[1].2)
    };
    (severity, hit.affects(), reason)
}

/// Value range of the fixed-width integers.
pub(super) fn int_range(p: Primitive) -> Option<(i128, i128)> {
    Some(match p {
        Primitive::I8 => (i8::MIN as i128, i8::MAX as i128),
        Primitive::I16 => (i16::MIN as i128, i16::MAX as i128),
        Primitive::I32 => (i32::MIN as i128, i32::MAX as i128),
        Primitive::I64 => (i64::MIN as i128, i64::MAX as i128),
        Primitive::U8 => (0, u8::MAX as i128),
        Primitive::U16 => (0, u16::MAX as i128),
        Primitive::U32 => (0, u32::MAX as i128),
        Primitive::U64 => (0, u64::MAX as i128),
        _ => return None,
    })
}

/// JSON family of a primitive (what JSON type it travels as).
pub(super) fn json_family(p: Primitive) -> &'static str {
    use Primitive::*;
    match p {
        String | Date | DateTime | Time | Duration | Base64 | HexBinary | Uri | Uuid | QName | Nif | Nipc => "string",
        I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | Integer | Niss => "integer",
        Decimal | F32 | F64 => "number",
        Bool => "boolean",
        Any | ResultCode => "any",
    }
}

/// How the value set changes from `a` to `b` (different primitives).
pub(super) fn primitive_relation(a: Primitive, b: Primitive, xml: bool) -> Relation {
    use Primitive::*;
    let well_known = |p| matches!(p, Niss | Nif | Nipc | ResultCode);
    if well_known(a) || well_known(b) {
        let loose = |p: Primitive| matches!(json_family(p), "string" | "integer" | "any") || well_known(p);
        return if loose(a) && loose(b) {
            Relation::Equivalent
        } else {
            Relation::Incompatible
        };
    }
    if b == Any {
        return Relation::Widened;
    }
    if a == Any {
        return Relation::Narrowed;
    }
    // Exact numbers: fixed-width ⊂ Integer ⊂ Decimal.
    let rank = |p: Primitive| match p {
        Integer => Some((i128::MIN, i128::MAX)),
        _ => int_range(p),
    };
    if let (Some(x), Some(y)) = (rank(a), rank(b)) {
        return if y.0 <= x.0 && x.1 <= y.1 {
            Relation::Widened
        } else if x.0 <= y.0 && y.1 <= x.1 {
            Relation::Narrowed
        } else {
            Relation::Incompatible
        };
    }
    match (a, b) {
        (x, Decimal) if rank(x).is_some() => return Relation::Widened,
        (Decimal, y) if rank(y).is_some() => return Relation::Narrowed,
        (F32, F64) => return Relation::Widened,
        (F64, F32) => return Relation::Narrowed,
        _ => {}
    }
    // Text: every lexical form is a string in XML; in JSON only the string formats are.
    let stringy = |p: Primitive| json_family(p) == "string";
    if b == String && a != String && (xml || stringy(a)) {
        return Relation::Widened;
    }
    if a == String && b != String && (xml || stringy(b)) {
        return Relation::Narrowed;
    }
    if matches!((a, b), (Uri | Uuid | QName, String)) {
        return Relation::Widened;
    }
    Relation::Incompatible
}

pub(super) fn occurs_relation(a: Occurs, b: Occurs) -> Relation {
    let max = |o: Occurs| o.max.map(u64::from).unwrap_or(u64::MAX);
    let narrowed = b.min >= a.min && max(b) <= max(a);
    let widened = b.min <= a.min && max(b) >= max(a);
    match (narrowed, widened) {
        (true, true) => Relation::Equivalent,
        (true, false) => Relation::Narrowed,
        (false, true) => Relation::Widened,
        (false, false) => Relation::Incompatible,
    }
}

pub(super) fn num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok()
}

/// Each facet that differs, with how the value set changes.
pub(super) fn facet_changes(a: &Facets, b: &Facets) -> Vec<(&'static str, Relation, Option<String>, Option<String>)> {
    pub(super) fn upper<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> Relation {
        match (a, b) {
            (None, Some(_)) => Relation::Narrowed,
            (Some(_), None) => Relation::Widened,
            (Some(x), Some(y)) if y < x => Relation::Narrowed,
            (Some(x), Some(y)) if y > x => Relation::Widened,
            _ => Relation::Equivalent,
        }
    }
    pub(super) fn lower<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> Relation {
        match upper(a, b) {
            Relation::Narrowed if a.is_some() && b.is_some() => Relation::Widened,
            Relation::Widened if a.is_some() && b.is_some() => Relation::Narrowed,
            r => r,
        }
    }
    pub(super) fn text_bound(a: &Option<String>, b: &Option<String>, is_upper: bool) -> Relation {
        match (a, b) {
            (Some(x), Some(y)) => match (num(x), num(y)) {
                (Some(x), Some(y)) => {
                    if is_upper {
                        upper(Some(x), Some(y))
                    } else {
                        lower(Some(x), Some(y))
                    }
                }
                _ => Relation::Incompatible,
            },
            _ => upper(a.as_ref().map(|_| 0), b.as_ref().map(|_| 0)),
        }
    }
    let show = |v: Option<String>| v;
    let mut out = Vec::new();
    let mut push = |name: &'static str, rel: Relation, o: Option<String>, n: Option<String>| {
        if o != n {
            out.push((name, rel, show(o), show(n)));
        }
    };
    let s = |v: Option<u64>| v.map(|x| x.to_string());
    let s32 = |v: Option<u32>| v.map(|x| x.to_string());
    let length_rel = match (a.length, b.length) {
        (None, Some(_)) => Relation::Narrowed,
        (Some(_), None) => Relation::Widened,
        _ => Relation::Incompatible,
    };
    push("length", length_rel, s(a.length), s(b.length));
    push(
        "minLength",
        lower(a.min_length, b.min_length),
        s(a.min_length),
        s(b.min_length),
    );
    push(
        "maxLength",
        upper(a.max_length, b.max_length),
        s(a.max_length),
        s(b.max_length),
    );
    let pa: BTreeSet<&String> = a.patterns.iter().collect();
    let pb: BTreeSet<&String> = b.patterns.iter().collect();
    let pattern_rel = if pa.is_empty() {
        Relation::Narrowed
    } else if pb.is_empty() {
        Relation::Widened
    } else {
        Relation::Incompatible
    };
    let join_p =
        |p: &BTreeSet<&String>| (!p.is_empty()).then(|| p.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" | "));
    push("pattern", pattern_rel, join_p(&pa), join_p(&pb));
    push(
        "minInclusive",
        text_bound(&a.min_inclusive, &b.min_inclusive, false),
        a.min_inclusive.clone(),
        b.min_inclusive.clone(),
    );
    push(
        "maxInclusive",
        text_bound(&a.max_inclusive, &b.max_inclusive, true),
        a.max_inclusive.clone(),
        b.max_inclusive.clone(),
    );
    push(
        "minExclusive",
        text_bound(&a.min_exclusive, &b.min_exclusive, false),
        a.min_exclusive.clone(),
        b.min_exclusive.clone(),
    );
    push(
        "maxExclusive",
        text_bound(&a.max_exclusive, &b.max_exclusive, true),
        a.max_exclusive.clone(),
        b.max_exclusive.clone(),
    );
    push(
        "totalDigits",
        upper(a.total_digits, b.total_digits),
        s32(a.total_digits),
        s32(b.total_digits),
    );
    push(
        "fractionDigits",
        upper(a.fraction_digits, b.fraction_digits),
        s32(a.fraction_digits),
        s32(b.fraction_digits),
    );
    out
}

pub(super) fn rel_word(r: Relation) -> &'static str {
    match r {
        Relation::Narrowed => "narrowed",
        Relation::Widened => "widened",
        Relation::Incompatible => "changed",
        Relation::Equivalent => "respelled",
    }
}
