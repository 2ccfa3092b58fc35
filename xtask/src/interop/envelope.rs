//! SOAP envelopes compared whole: the envelope namespace, the Header entries and the Body.
//!
//! What counts and what does not, and why:
//! * Header entries are matched by element name, not by position: SOAP 1.1 §4.2 and SOAP 1.2
//!   part 1 §5.2 give the order of header blocks no meaning. An empty Header equals none
//!   (the Header is optional, §4.2). The text of `wsa:MessageID` is not compared: it is a
//!   fresh identifier on each message by definition (WS-Addressing 1.0 Core §3.2).
//! * Body elements are compared in order with [`compare`]; under SOAP encoding the
//!   independent elements that multi-references point to are not Body entries of their own
//!   (SOAP 1.1 §5: they are the values of the accessors that refer to them).
//! * For an rpc/encoded request, the `xsi:type` our side gives each accessor must name the
//!   type zeep reads for the part from the WSDL (a SOAP-encoded array may say
//!   `SOAP-ENC:Array` instead, SOAP 1.1 §5.4.2).
//!
//! Two differences come from what zeep leaves out or adds by design, not from the values;
//! they are reported ([`Verdict::Soft`]) only once everything else agrees, so they never
//! hide another difference, and `xtask/interop.toml` explains them per spec:
//! * zeep writes no SOAP encoding (`use="encoded"` is sent as literal): the annotations only
//!   our side writes;
//! * zeep engages WS-Addressing (`Action`, `MessageID`, `To`) whenever the portType names a
//!   `wsam:Action`/`wsaw:Action`, and only then; the client engages it when the binding
//!   says so (`wsaw:UsingAddressing`), and only then (WS-Addressing 1.0 Metadata §3: the
//!   binding's assertion engages it; §4.4: the action only names the value to send when it
//!   is). So either side may write WS-Addressing headers the other does not.

use roxmltree::{Document, Node};

use super::compare::{
    Rules, SOAP11_ENC, SOAP12_ENC, compare, is_encoded_array, is_multi_ref_target, name, resolve_qname, xsi_type,
};

const WSA: &str = "http://www.w3.org/2005/08/addressing";
const WSA_MESSAGE_ID: &str = "{http://www.w3.org/2005/08/addressing}MessageID";

/// What comparing two request envelopes found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// They agree.
    Agree,
    /// They agree but for what zeep leaves out or adds by design (see the module
    /// documentation): the difference to report when nothing else differs.
    Soft(String),
    /// The first difference.
    Differ(String),
}

/// How many of the client's encoding annotations a difference lists.
const SHOWN: usize = 3;

/// The parts of an envelope: its namespace, its Header entries and its Body entries.
struct Envelope<'a, 'i> {
    ns: String,
    headers: Vec<Node<'a, 'i>>,
    body: Vec<Node<'a, 'i>>,
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    n.children().filter(|c| c.is_element()).collect()
}

fn envelope<'a, 'i>(doc: &'a Document<'i>, encoded: bool) -> Result<Envelope<'a, 'i>, String> {
    let env = doc.root_element();
    if env.tag_name().name() != "Envelope" {
        return Err(format!("the root is `{}`, not a SOAP Envelope", env.tag_name().name()));
    }
    let ns = env.tag_name().namespace().unwrap_or("").to_owned();
    let child = |local: &str| {
        env.children()
            .find(|c| c.is_element() && c.tag_name().name() == local && c.tag_name().namespace() == Some(ns.as_str()))
    };
    let body = child("Body").ok_or("the envelope has no Body")?;
    let mut entries = elements(body);
    if encoded {
        // The first entry is the message; later ones with an id are multi-ref values.
        let mut first = true;
        entries.retain(|n| std::mem::replace(&mut first, false) || !is_multi_ref_target(*n));
    }
    let headers = child("Header").map(elements).unwrap_or_default();
    Ok(Envelope {
        ns,
        headers,
        body: entries,
    })
}

fn parse<'i>(text: &'i str, whose: &str) -> Result<Document<'i>, String> {
    Document::parse(text).map_err(|e| format!("{whose} is not XML: {e}"))
}

/// Compare two lists in order.
fn in_order(
    ours: &[Node<'_, '_>],
    theirs: &[Node<'_, '_>],
    what: &str,
    rules: Rules,
    notes: &mut Vec<String>,
) -> Option<String> {
    if ours.len() != theirs.len() {
        return Some(format!("{} {what} here, {} there", ours.len(), theirs.len()));
    }
    for (a, b) in ours.iter().zip(theirs) {
        let d = compare(*a, *b, rules);
        notes.extend(d.ours_only);
        if d.first.is_some() {
            return d.first;
        }
    }
    None
}

/// The WS-Addressing header entries only one side writes (local names).
#[derive(Debug, Default)]
struct Addressing {
    ours: Vec<String>,
    theirs: Vec<String>,
}

fn is_wsa(n: Node<'_, '_>) -> bool {
    n.tag_name().namespace() == Some(WSA)
}

/// Compare Header entries, matched by name; the WS-Addressing entries only one side writes go
/// to `wsa` (when given) instead of failing.
fn by_name(
    ours: &[Node<'_, '_>],
    theirs: &[Node<'_, '_>],
    rules: Rules,
    notes: &mut Vec<String>,
    mut wsa: Option<&mut Addressing>,
) -> Option<String> {
    let mut left: Vec<Node> = theirs.to_vec();
    for a in ours {
        let Some(i) = left.iter().position(|b| name(*b) == name(*a)) else {
            if let Some(w) = wsa.as_deref_mut().filter(|_| is_wsa(*a)) {
                w.ours.push(a.tag_name().name().to_owned());
                continue;
            }
            return Some(format!("header `{}` only here", name(*a)));
        };
        let b = left.remove(i);
        if name(*a) == WSA_MESSAGE_ID {
            continue;
        }
        let d = compare(*a, b, rules);
        notes.extend(d.ours_only);
        if let Some(d) = d.first {
            return Some(format!("header {d}"));
        }
    }
    if let Some(w) = wsa {
        left.retain(|b| {
            if is_wsa(*b) {
                w.theirs.push(b.tag_name().name().to_owned());
            }
            !is_wsa(*b)
        });
    }
    left.first().map(|b| format!("header `{}` only there", name(*b)))
}

/// The types zeep reads for an rpc accessor (`{ns}local`; `None` where it names none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartType {
    /// The part's type.
    pub ty: Option<String>,
    /// For a SOAP-encoded array, the item type its `wsdl:arrayType` names.
    pub item: Option<String>,
}

/// The item type a SOAP 1.1 `arrayType` (or SOAP 1.2 `itemType`) names, resolved, without
/// its dimensions.
fn array_item(n: Node<'_, '_>) -> Option<String> {
    let v = n
        .attribute((SOAP11_ENC, "arrayType"))
        .or_else(|| n.attribute((SOAP12_ENC, "itemType")))?;
    Some(resolve_qname(n, &v[..v.find('[').unwrap_or(v.len())]))
}

/// Our accessors' `xsi:type` (and an array's item type) against the types zeep reads.
fn accessor_types(wrapper: Option<Node<'_, '_>>, zeep_types: &[PartType]) -> Option<String> {
    let wrapper = wrapper?;
    let at = |acc: Node<'_, '_>| format!("/{}/{}", wrapper.tag_name().name(), acc.tag_name().name());
    for (acc, declared) in elements(wrapper).into_iter().zip(zeep_types) {
        if let (Some(theirs), Some(ours)) = (&declared.item, array_item(acc))
            && *theirs != ours
        {
            return Some(format!(
                "{}: array items of `{ours}` here; zeep reads `{theirs}`",
                at(acc)
            ));
        }
        let Some(theirs) = &declared.ty else { continue };
        let ours = xsi_type(acc);
        let array = [SOAP11_ENC, SOAP12_ENC].map(|enc| format!("{{{enc}}}Array"));
        if is_encoded_array(acc) && ours.as_ref().is_some_and(|t| array.contains(t)) {
            continue;
        }
        if ours.as_ref() != Some(theirs) {
            return Some(format!(
                "{}: xsi:type `{}` here; zeep reads the part's type as `{theirs}`",
                at(acc),
                ours.as_deref().unwrap_or("(none)")
            ));
        }
    }
    None
}

/// The difference that only the client writes the SOAP encoding.
fn encoding_note(notes: &[String]) -> Option<String> {
    if notes.is_empty() {
        return None;
    }
    let mut shown: Vec<&str> = notes.iter().take(SHOWN).map(String::as_str).collect();
    if notes.len() > SHOWN {
        shown.push("…");
    }
    Some(format!(
        "zeep writes no SOAP encoding; the client writes {} annotation(s): {}",
        notes.len(),
        shown.join("; ")
    ))
}

/// Compare our request envelope with zeep's.
pub fn compare_requests(ours: &str, theirs: &str, encoded: bool, rpc: bool, zeep_types: &[PartType]) -> Verdict {
    let (a, b) = match (parse(ours, "our envelope"), parse(theirs, "zeep's envelope")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Verdict::Differ(e),
    };
    let (ea, eb) = match (envelope(&a, encoded), envelope(&b, encoded)) {
        (Ok(x), Ok(y)) => (x, y),
        (Err(e), _) => return Verdict::Differ(format!("ours: {e}")),
        (_, Err(e)) => return Verdict::Differ(format!("zeep: {e}")),
    };
    if ea.ns != eb.ns {
        return Verdict::Differ(format!("envelope namespace `{}` here, `{}` there", ea.ns, eb.ns));
    }
    let rules = Rules { encoded, values: false };
    let (mut notes, mut wsa) = (Vec::new(), Addressing::default());
    let hard = by_name(&ea.headers, &eb.headers, rules, &mut notes, Some(&mut wsa))
        .or_else(|| in_order(&ea.body, &eb.body, "body elements", rules, &mut notes))
        .or_else(|| {
            (encoded && rpc)
                .then(|| accessor_types(ea.body.first().copied(), zeep_types))
                .flatten()
        });
    if let Some(d) = hard {
        return Verdict::Differ(d);
    }
    let mut soft = Vec::new();
    if !wsa.theirs.is_empty() {
        soft.push(format!(
            "zeep adds WS-Addressing header(s) the binding does not engage: {}",
            wsa.theirs.join(", ")
        ));
    }
    if !wsa.ours.is_empty() {
        soft.push(format!(
            "zeep leaves out the WS-Addressing header(s) the binding requires: {}",
            wsa.ours.join(", ")
        ));
    }
    soft.extend(encoding_note(&notes));
    if soft.is_empty() {
        Verdict::Agree
    } else {
        Verdict::Soft(soft.join("; "))
    }
}

/// Compare the `<parts>` our reader wrote back (the body parts, then the header parts it
/// read) with the parts of zeep's response envelope; only the values count.
pub fn compare_responses(ours: &str, theirs: &str, encoded: bool, rpc: bool, body_parts: usize) -> Option<String> {
    let (a, b) = match (
        parse(ours, "what our reader wrote back"),
        parse(theirs, "zeep's envelope"),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Some(e),
    };
    let eb = match envelope(&b, encoded) {
        Ok(e) => e,
        Err(e) => return Some(format!("zeep: {e}")),
    };
    let theirs_body = if rpc {
        // zeep writes no wrapper for a response without parts; there are no values then.
        eb.body.first().map(|wrapper| elements(*wrapper)).unwrap_or_default()
    } else {
        eb.body.clone()
    };
    let ours_all = elements(a.root_element());
    let (ours_body, ours_headers) = ours_all.split_at(body_parts.min(ours_all.len()));
    let rules = Rules { encoded, values: true };
    let mut ignored = Vec::new();
    in_order(ours_body, &theirs_body, "body parts", rules, &mut ignored)
        .or_else(|| by_name(ours_headers, &eb.headers, rules, &mut ignored, None))
}

#[cfg(test)]
mod tests {
    use super::{PartType, Verdict, compare_requests, compare_responses};

    const ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";

    fn env(header: &str, body: &str) -> String {
        format!(
            r#"<s:Envelope xmlns:s="{ENV}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:E="http://schemas.xmlsoap.org/soap/encoding/">{header}<s:Body>{body}</s:Body></s:Envelope>"#
        )
    }

    #[test]
    fn header_entries_match_by_name_and_an_empty_header_is_none() {
        let ours = env(
            r#"<s:Header><h:B xmlns:h="urn:h">2</h:B><h:A xmlns:h="urn:h">1</h:A></s:Header>"#,
            r#"<m:op xmlns:m="urn:m"/>"#,
        );
        let theirs = env(
            r#"<s:Header><A xmlns="urn:h">1</A><B xmlns="urn:h">2</B></s:Header>"#,
            r#"<op xmlns="urn:m"/>"#,
        );
        assert_eq!(compare_requests(&ours, &theirs, false, false, &[]), Verdict::Agree);
        let other = theirs.replace(">2<", ">3<");
        let d = compare_requests(&ours, &other, false, false, &[]);
        assert_eq!(d, Verdict::Differ("header /B: text `2` here, `3` there".into()));
        let bare = env("", r#"<op xmlns="urn:m"/>"#);
        let empty = env("<s:Header/>", r#"<op xmlns="urn:m"/>"#);
        assert_eq!(compare_requests(&empty, &bare, false, false, &[]), Verdict::Agree);
        let d = compare_requests(&ours, &bare, false, false, &[]);
        assert_eq!(d, Verdict::Differ("header `{urn:h}B` only here".into()));
    }

    #[test]
    fn addressing_zeep_adds_on_its_own_is_soft_and_a_message_id_is_not_compared() {
        let wsa = r#"xmlns:a="http://www.w3.org/2005/08/addressing""#;
        let ours = env("<s:Header/>", r#"<op xmlns="urn:m">1</op>"#);
        let theirs = env(
            &format!(
                r#"<s:Header><a:Action {wsa}>urn:x</a:Action><a:MessageID {wsa}>urn:uuid:1</a:MessageID></s:Header>"#
            ),
            r#"<op xmlns="urn:m">1</op>"#,
        );
        let d = compare_requests(&ours, &theirs, false, false, &[]);
        assert_eq!(
            d,
            Verdict::Soft("zeep adds WS-Addressing header(s) the binding does not engage: Action, MessageID".into())
        );
        // A body difference is reported first.
        let two = theirs.replace(">1<", ">2<");
        assert!(matches!(
            compare_requests(&ours, &two, false, false, &[]),
            Verdict::Differ(_)
        ));
        // The other way round.
        let d = compare_requests(&theirs, &ours, false, false, &[]);
        assert_eq!(
            d,
            Verdict::Soft("zeep leaves out the WS-Addressing header(s) the binding requires: Action, MessageID".into())
        );
        // Both sides addressing: the message ids differ and that is fine.
        let ours = theirs.replace("urn:uuid:1", "urn:uuid:2");
        assert_eq!(compare_requests(&ours, &theirs, false, false, &[]), Verdict::Agree);
    }

    #[test]
    fn encoded_requests_check_accessor_types_against_zeep_then_report_the_encoding() {
        let ours = env(
            "<s:Header/>",
            r#"<m:op xmlns:m="urn:m" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><a xsi:type="xsd:int">1</a><l xsi:type="E:Array" E:arrayType="xsd:string[1]"><i xsi:type="xsd:string">x</i></l></m:op>"#,
        );
        let theirs = env(
            "",
            r#"<n:op xmlns:n="urn:m"><a>1</a><l><item xsi:type="xsd:string">x</item></l></n:op>"#,
        );
        let xsd = |t: &str| Some(format!("{{http://www.w3.org/2001/XMLSchema}}{t}"));
        let part = |ty: Option<String>, item: Option<String>| PartType { ty, item };
        let types = [
            part(xsd("int"), None),
            part(Some("{urn:m}ArrayOfString".into()), xsd("string")),
        ];
        let Verdict::Soft(d) = compare_requests(&ours, &theirs, true, true, &types) else {
            panic!("a soft difference expected");
        };
        assert!(
            d.starts_with("zeep writes no SOAP encoding; the client writes 4 annotation(s): /op: "),
            "{d}"
        );
        // A wrong accessor or item type is a difference of its own.
        let items = [types[0].clone(), part(None, xsd("int"))];
        let Verdict::Differ(d) = compare_requests(&ours, &theirs, true, true, &items) else {
            panic!("a difference expected");
        };
        assert!(
            d.contains("/op/l: array items of `{http://www.w3.org/2001/XMLSchema}string` here"),
            "{d}"
        );
        let wrong = [part(xsd("long"), None), PartType::default()];
        let Verdict::Differ(d) = compare_requests(&ours, &theirs, true, true, &wrong) else {
            panic!("a difference expected");
        };
        assert!(
            d.contains("/op/a: xsi:type `{http://www.w3.org/2001/XMLSchema}int` here"),
            "{d}"
        );
        // A difference of values comes first.
        let two = theirs.replace(">1<", ">2<");
        let Verdict::Differ(d) = compare_requests(&ours, &two, true, true, &types) else {
            panic!("a difference expected");
        };
        assert!(d.starts_with("/op/a[1]: text"), "{d}");
    }

    #[test]
    fn responses_compare_the_values_read_back_with_zeeps_parts() {
        let zeep = env(
            r#"<s:Header><h:T xmlns:h="urn:h">t</h:T></s:Header>"#,
            r#"<m:opResponse xmlns:m="urn:m"><r xsi:type="xsd:int">5</r><q>6</q></m:opResponse>"#,
        );
        let ours = r#"<parts><r>5</r><q>6</q><T xmlns="urn:h">t</T></parts>"#;
        assert_eq!(compare_responses(ours, &zeep, true, true, 2), None);
        let lost = r#"<parts><r>5</r><q>6</q></parts>"#;
        assert_eq!(
            compare_responses(lost, &zeep, true, true, 2).as_deref(),
            Some("header `{urn:h}T` only there")
        );
        let wrong = r#"<parts><r>5</r><q>7</q><T xmlns="urn:h">t</T></parts>"#;
        assert!(compare_responses(wrong, &zeep, true, true, 2).is_some_and(|d| d.starts_with("/q: text")));
    }
}
