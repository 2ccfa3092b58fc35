//! Tests of the XML writer and readers.

#[test]
fn a_refused_value_is_quoted_cut() {
    let big = "x".repeat(1_000_000);
    let xml = format!("<r><d>{big}</d></r>");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ctx = ReadCtx::new(&doc, &[]);
    let d = children(doc.root_element()).next().unwrap();
    let e = ctx.text::<crate::rt::Date>(d).unwrap_err();
    assert!(e.message.len() < 400, "{} bytes", e.message.len());
    assert!(e.message.contains("bytes in all"), "{}", e.message);
}

#[test]
fn a_part_is_matched_by_namespace_and_name() {
    let doc = roxmltree::Document::parse("<b><x:r xmlns:x=\"urn:other\"/><r/></b>").unwrap();
    let ctx = ReadCtx::new(&doc, &[]);
    let body = doc.root_element();
    let e = ctx.child(body, Some("urn:right"), "r").unwrap_err();
    assert!(e.message.contains("urn:other"), "{e}");
    assert!(ctx.child(body, None, "r").is_ok());
    assert!(ctx.child(body, Some("urn:right"), "missing").is_err());
}

use super::*;

#[test]
fn xsi_type_is_written_with_a_declared_prefix_and_read_by_namespace() {
    let mut w = XmlWriter::new();
    w.start(Some("urn:zoo"), "animal");
    w.xsi_type(Some("urn:pets"), "dog");
    w.end();
    let xml = w.finish();
    assert_eq!(
        xml,
        "<ns1:animal xmlns:ns1=\"urn:zoo\" xmlns:ns2=\"urn:pets\" \
         xmlns:ns3=\"http://www.w3.org/2001/XMLSchema-instance\" ns3:type=\"ns2:dog\"/>"
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ctx = ReadCtx::new(&doc, &[]);
    assert_eq!(ctx.xsi_type(doc.root_element()), Some((Some("urn:pets"), "dog")));
    let doc = roxmltree::Document::parse(
        r#"<a xmlns="urn:d" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" i:type="cat"/>"#,
    )
    .unwrap();
    assert_eq!(ctx_type(&doc), Some((Some("urn:d"), "cat")));
    let doc = roxmltree::Document::parse("<a/>").unwrap();
    assert_eq!(ctx_type(&doc), None);
}

fn ctx_type<'d>(doc: &'d roxmltree::Document<'d>) -> Option<(Option<&'d str>, &'d str)> {
    ReadCtx::new(doc, &[]).xsi_type(doc.root_element())
}

#[test]
fn mixed_text_goes_back_between_the_elements() {
    let xml = "<m>before &amp; <a>1</a> between <b/>after</m>";
    let doc = roxmltree::Document::parse(xml).unwrap();
    let text = MixedText::read(doc.root_element());
    assert_eq!(text.joined(), "before &  between after");
    let mut w = XmlWriter::new();
    w.start(None, "m");
    w.begin_mixed(&text);
    w.text_element(None, "a", &1i32);
    w.start(None, "b");
    w.end();
    w.end_mixed();
    w.end();
    assert_eq!(w.finish(), xml);
}

#[test]
fn a_date_reads_a_date_time_leniently_but_not_strictly() {
    let lenient = <chrono::NaiveDate as XmlText>::from_xml_text("2004-12-23T18:00:15+00:00");
    assert_eq!(lenient, Ok(chrono::NaiveDate::from_ymd_opt(2004, 12, 23).unwrap()));
    assert!(<chrono::NaiveDate as XmlText>::from_xml_text_strict("2004-12-23T18:00:15+00:00").is_err());
    for t in ["2004-12-23", "2004-12-23Z", "2004-12-23+01:00"] {
        assert!(<chrono::NaiveDate as XmlText>::from_xml_text_strict(t).is_ok(), "{t}");
    }
}

#[test]
fn qualified_parent_with_unqualified_children() {
    let mut w = XmlWriter::new();
    w.start(Some("http://vo.example"), "op");
    w.text_element(None, "a-b", &String::from("x<y"));
    w.text_element(Some("http://vo.example"), "c", &5i32);
    w.nil_element(None, "n");
    w.end();
    assert_eq!(
        w.finish(),
        "<ns1:op xmlns:ns1=\"http://vo.example\"><a-b>x&lt;y</a-b><ns1:c>5</ns1:c>\
         <n xmlns:ns2=\"http://www.w3.org/2001/XMLSchema-instance\" ns2:nil=\"true\"/></ns1:op>"
    );
}

#[test]
fn declared_prefix_is_reused_and_scoped() {
    let mut w = XmlWriter::new();
    w.declare_on_next("soapenv", "http://schemas.xmlsoap.org/soap/envelope/");
    w.start(Some("http://schemas.xmlsoap.org/soap/envelope/"), "Envelope");
    w.start(Some("http://schemas.xmlsoap.org/soap/envelope/"), "Body");
    w.start(Some("urn:a"), "x");
    w.end();
    w.start(Some("urn:a"), "y");
    w.end();
    w.end();
    w.end();
    let s = w.finish();
    assert_eq!(
        s,
        "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>\
         <ns1:x xmlns:ns1=\"urn:a\"/><ns2:y xmlns:ns2=\"urn:a\"/></soapenv:Body></soapenv:Envelope>"
    );
    let doc = roxmltree::Document::parse(&s).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.tag_name().namespace() == Some("urn:a"))
            .count(),
        2
    );
}

#[test]
fn decode_error_names_path_and_position() {
    let doc = roxmltree::Document::parse("<r>\n  <v>abc</v>\n</r>").unwrap();
    let ctx = ReadCtx::new(&doc, &[]);
    let v = doc.root_element().first_element_child().unwrap();
    let err = ctx.text::<i32>(v).unwrap_err();
    assert_eq!(
        err.to_string(),
        "/r/v (line 2, column 3): `abc` is not a 32-bit integer"
    );
}

/// A self-recursive type, as a generated reader of a linked list reads it.
#[derive(Debug)]
struct Nest(Option<Box<Nest>>);

impl XmlElement for Nest {
    fn write_content(&self, _w: &mut XmlWriter) {}
    fn read_xml(node: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Result<Self, DecodeError> {
        match children(node).next() {
            Some(c) => Ok(Nest(Some(Box::new(ctx.element(c)?)))),
            None => Ok(Nest(None)),
        }
    }
}

#[test]
fn hostile_nesting_is_refused_not_a_stack_overflow() {
    let deep = format!("{}{}", "<n>".repeat(20_000), "</n>".repeat(20_000));
    let doc = roxmltree::Document::parse(&deep).expect("roxmltree parses deep documents iteratively");
    let ctx = ReadCtx::new(&doc, &[]);
    let err = ctx.element::<Nest>(doc.root_element()).unwrap_err();
    assert!(err.message.contains("nested deeper than 256"), "{err}");
    let shallow = roxmltree::Document::parse("<n><n><n/></n></n>").unwrap();
    let nest = ReadCtx::new(&shallow, &[])
        .element::<Nest>(shallow.root_element())
        .unwrap();
    assert!(nest.0.is_some_and(|inner| inner.0.is_some()));
}

#[test]
fn repeated_sequences_split_at_their_first_element() {
    let doc = roxmltree::Document::parse("<r><a/><b/><x/><a/><a/><b/></r>").unwrap();
    let kids: Vec<Node> = children(doc.root_element()).collect();
    let g = groups(&kids, &["a", "b"], "a");
    let names: Vec<Vec<&str>> = g
        .iter()
        .map(|g| g.iter().map(|n| n.tag_name().name()).collect())
        .collect();
    assert_eq!(names, vec![vec!["a", "b", "x"], vec!["a"], vec!["a", "b"]]);
    let c = choice_groups(&kids, &["x", "b"]);
    assert_eq!(c.len(), 3);
}

#[test]
fn raw_capture_keeps_namespaces_in_scope() {
    let doc = roxmltree::Document::parse("<r xmlns:p=\"urn:p\"><p:x a=\"1\"><y/></p:x></r>").unwrap();
    let x = doc.root_element().first_element_child().unwrap();
    let raw = RawXml::capture(x);
    let again = roxmltree::Document::parse(&raw.xml).unwrap();
    assert_eq!(again.root_element().tag_name().namespace(), Some("urn:p"));
}

#[test]
fn soap_encoding_is_written_only_when_in_force() {
    let write = |encoding: Option<&'static str>| {
        let mut w = XmlWriter::new();
        if let Some(enc) = encoding {
            w.set_soap_encoding(enc);
        }
        w.start(None, "a");
        w.soap_array((Some(XSD), "int"), "[]", 2);
        w.typed_text_element(None, "i", &7i32, (Some(XSD), "int"));
        w.end();
        w.finish()
    };
    assert_eq!(write(None), "<a><i>7</i></a>");
    assert_eq!(
        write(Some(SOAP11_ENC)),
        format!(
            "<a xmlns:xsi=\"{XSI}\" xmlns:xsd=\"{XSD}\" xmlns:SOAP-ENC=\"{SOAP11_ENC}\" xsi:type=\"SOAP-ENC:Array\" \
             SOAP-ENC:arrayType=\"xsd:int[][2]\"><i xsi:type=\"xsd:int\">7</i></a>"
        )
    );
    // SOAP 1.2 names the item type and the size apart; an array of arrays has arrays as items.
    assert_eq!(
        write(Some(SOAP12_ENC)),
        format!(
            "<a xmlns:xsi=\"{XSI}\" xmlns:xsd=\"{XSD}\" xmlns:SOAP-ENC=\"{SOAP12_ENC}\" xsi:type=\"SOAP-ENC:Array\" \
             SOAP-ENC:itemType=\"SOAP-ENC:Array\" SOAP-ENC:arraySize=\"2\"><i xsi:type=\"xsd:int\">7</i></a>"
        )
    );
}

#[test]
fn soap12_references_are_followed() {
    let xml = format!(
        "<b xmlns:e=\"{SOAP12_ENC}\"><r><v e:ref=\"x\"/><w href=\"#y\">kept</w></r><v e:id=\"x\">5</v><w id=\"y\">6</w></b>"
    );
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ctx = ReadCtx::new(&doc, &[]);
    let r = children(doc.root_element()).next().unwrap();
    let mut it = children(r);
    let (v, w) = (it.next().unwrap(), it.next().unwrap());
    assert_eq!(ctx.text::<i32>(v).unwrap(), 5);
    // An `href` on an element with content is no reference.
    assert_eq!(ctx.text::<String>(w).unwrap(), "kept");
    assert!(ctx.referenced(w).unwrap().is_none());
}
