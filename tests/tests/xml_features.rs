//! XSD constructs round-tripped through code generated from the project's fixture
//! (`tests/fixtures/xsd/features.xsd` → `tests/src/features/`): each document is decoded with
//! the generated types, written back, and compared as XML (namespaces by URI, whitespace-only
//! text ignored; `xsi:type` values compared as resolved names).

use psi_client::rt::xml::{Document, ReadCtx, XmlElement, XmlText, XmlWriter};
use psi_tests::features::features::{
    Animal, AnimalOrDerived, Dog, Either, Framed, Labels, Lines, Note, Pair, When, Zoo,
};

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

#[derive(Debug, PartialEq)]
struct Canon {
    name: (String, String),
    attrs: Vec<(String, String, String)>,
    text: String,
    children: Vec<Canon>,
}

fn canon(node: roxmltree::Node<'_, '_>) -> Canon {
    let mut attrs: Vec<_> = node
        .attributes()
        .map(|a| {
            let ns = a.namespace().unwrap_or("").to_owned();
            let value = if ns == XSI && a.name() == "type" {
                let (prefix, local) = a
                    .value()
                    .split_once(':')
                    .map_or((None, a.value()), |(p, l)| (Some(p), l));
                format!("{{{}}}{local}", node.lookup_namespace_uri(prefix).unwrap_or(""))
            } else {
                a.value().to_owned()
            };
            (ns, a.name().to_owned(), value)
        })
        .collect();
    attrs.sort();
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    Canon {
        name: (
            node.tag_name().namespace().unwrap_or("").to_owned(),
            node.tag_name().name().to_owned(),
        ),
        attrs,
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        children: node.children().filter(|c| c.is_element()).map(canon).collect(),
    }
}

fn round_trip(xml: &str) -> String {
    let out = psi_tests::features::roundtrip_document(xml)
        .expect("the root is a global element")
        .unwrap_or_else(|e| panic!("decoding failed: {e}\n{xml}"));
    let (a, b) = (Document::parse(xml).unwrap(), Document::parse(&out).unwrap());
    assert_eq!(
        canon(a.root_element()),
        canon(b.root_element()),
        "\nin:  {xml}\nout: {out}"
    );
    out
}

fn decode<T: XmlElement>(xml: &str) -> T {
    let doc = Document::parse(xml).unwrap();
    T::read_xml(doc.root_element(), &ReadCtx::new(&doc, &[])).unwrap()
}

#[test]
fn xsi_type_selects_the_derived_type_and_is_written_back() {
    let xml = r#"<z:Zoo xmlns:z="urn:psi-codegen:features" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
        <z:animal id="1"/>
        <z:animal i:type="z:Dog" id="2"><z:name>Rex</z:name></z:animal>
        <z:animal xmlns:q="urn:psi-codegen:features" i:type="q:Labrador" id="3" colour="black"><z:name>Buddy</z:name></z:animal>
    </z:Zoo>"#;
    let zoo: Zoo = decode(xml);
    match zoo.animal.as_slice() {
        [
            AnimalOrDerived::Animal(a),
            AnimalOrDerived::Dog(d),
            AnimalOrDerived::Labrador(l),
        ] => {
            assert_eq!((a.id, d.id, d.name.as_str()), (1, 2, "Rex"));
            assert_eq!(
                (l.id, l.name.as_str(), l.colour.as_deref()),
                (3, "Buddy", Some("black"))
            );
        }
        other => panic!("wrong variants: {other:?}"),
    }
    round_trip(xml);
}

#[test]
fn a_derived_value_is_written_with_its_xsi_type() {
    let zoo = Zoo::new(vec![Animal::new(1).into(), Dog::new(2, "Rex").into()]);
    let mut w = XmlWriter::new();
    w.element(Some("urn:psi-codegen:features"), "Zoo", &zoo);
    let xml = w.finish();
    assert_eq!(xml.matches(":type=").count(), 1, "{xml}");
    assert_eq!(decode::<Zoo>(&xml), zoo);
}

#[test]
fn an_unknown_xsi_type_reads_as_the_declared_type() {
    let zoo: Zoo = decode(
        r#"<Zoo xmlns="urn:psi-codegen:features" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
            <animal i:type="Cat" id="7"/></Zoo>"#,
    );
    assert!(matches!(zoo.animal.as_slice(), [AnimalOrDerived::Animal(a)] if a.id == 7));
}

#[test]
fn mixed_content_keeps_its_text_in_place() {
    let xml = r#"<Note xmlns="urn:psi-codegen:features">Pay <em>before</em> the 10th, <em>not</em> after.</Note>"#;
    let note: Note = decode(xml);
    assert_eq!(note.em, ["before", "not"]);
    assert_eq!(note.text.joined(), "Pay  the 10th,  after.");
    let out = round_trip(xml);
    assert!(out.contains(">Pay <"), "{out}");
    assert!(out.contains("</ns1:em> the 10th, <ns1:em>"), "{out}");
}

#[test]
fn a_choice_group_referenced_twice_reads_one_alternative_each() {
    let xml = r#"<Pair xmlns="urn:psi-codegen:features"><left>a</left><right>2</right></Pair>"#;
    let pair: Pair = decode(xml);
    assert_eq!(
        (pair.either, pair.either_2),
        (Either::Left("a".into()), Either::Right(2))
    );
    round_trip(xml);
}

#[test]
fn a_repeated_sequence_in_a_choice_keeps_every_occurrence() {
    let xml = r#"<Lines xmlns="urn:psi-codegen:features"><line>one</line><line>two</line><line>three</line></Lines>"#;
    let Lines::Line(lines) = decode::<Lines>(xml) else {
        panic!("wrong alternative");
    };
    let texts: Vec<&str> = lines.iter().map(|l| l.line.as_str()).collect();
    assert_eq!(texts, ["one", "two", "three"]);
    round_trip(xml);
}

#[test]
fn one_local_name_in_two_namespaces_fills_two_fields() {
    let xml = r#"<Labels xmlns="urn:psi-codegen:features" xmlns:o="urn:psi-codegen:other"><label>x</label><o:label>5</o:label></Labels>"#;
    let labels: Labels = decode(xml);
    assert_eq!((labels.label.as_str(), labels.label_2), ("x", 5));
    round_trip(xml);
}

#[test]
fn two_wildcards_keep_their_elements_in_place() {
    let xml = r#"<Framed xmlns="urn:psi-codegen:features" xmlns:x="urn:x"><head>h</head><x:a/><x:b/><body>b</body><x:c/></Framed>"#;
    let framed: Framed = decode(xml);
    assert_eq!((framed.any.len(), framed.any_2.len()), (2, 1));
    round_trip(xml);
}

#[test]
fn a_date_or_date_time_union_keeps_the_time() {
    assert!(matches!(
        When::from_xml_text("2004-12-23T18:00:15+00:00"),
        Ok(When::DateTime(_))
    ));
    assert!(matches!(When::from_xml_text("2004-12-23"), Ok(When::Date(_))));
    let out = round_trip(r#"<Stamp xmlns="urn:psi-codegen:features">2004-12-23T18:00:15+01:00</Stamp>"#);
    assert!(out.contains("2004-12-23T18:00:15+01:00"), "{out}");
}
