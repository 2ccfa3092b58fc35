use super::*;
use crate::model::{
    Facets, Field, FieldKind, Model, Occurs, Primitive, Shape, StructDef, TypeDef, TypeId, TypeKind, UnionDef,
    UnionStyle,
};

const NS: &str = "urn:test";

fn set(list: &[(&str, &[u8])]) -> SpecFiles {
    let mut files = SpecFiles::new();
    for (path, bytes) in list {
        files.insert(*path, bytes.to_vec());
    }
    files
}

fn info(entry: &str) -> SpecInfo {
    SpecInfo {
        id: "t".into(),
        title: "t".into(),
        entry: entry.into(),
        ..SpecInfo::default()
    }
}

fn load_one(schema: &str) -> Model {
    load(info("a.xsd"), &set(&[("a.xsd", schema.as_bytes())])).unwrap()
}

fn schema(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{NS}" targetNamespace="{NS}" elementFormDefault="qualified">
{body}
</xs:schema>"#
    )
}

fn ty<'m>(m: &'m Model, name: &str, kind: TypeKind) -> &'m TypeDef {
    m.types
        .iter()
        .find(|t| t.key.name == name && t.key.kind == kind)
        .unwrap_or_else(|| {
            panic!(
                "no {kind:?} `{name}` in {:#?}",
                m.types.iter().map(|t| &t.key).collect::<Vec<_>>()
            )
        })
}

fn id(m: &Model, name: &str, kind: TypeKind) -> TypeId {
    m.type_ids()
        .find(|i| m.ty(*i).key.name == name && m.ty(*i).key.kind == kind)
        .unwrap()
}

fn strukt<'m>(m: &'m Model, name: &str, kind: TypeKind) -> &'m StructDef {
    match &ty(m, name, kind).shape {
        Shape::Struct(s) => s,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn union(m: &Model, id: TypeId) -> &UnionDef {
    match &m.ty(id).shape {
        Shape::Union(u) => u,
        other => panic!("not a union: {other:?}"),
    }
}

fn field<'s>(s: &'s StructDef, wire: &str) -> &'s Field {
    s.fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("no field `{wire}` in {s:#?}"))
}

fn prim(m: &Model, id: TypeId) -> Primitive {
    match m.ty(id).shape {
        Shape::Primitive(p) => p,
        ref other => panic!("not a primitive: {other:?}"),
    }
}

fn wires(s: &StructDef) -> Vec<&str> {
    s.fields.iter().map(|f| f.wire.as_str()).collect()
}

#[test]
fn qualified_and_unqualified_elements_and_attributes() {
    let m = load_one(&format!(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{NS}" targetNamespace="{NS}"
                elementFormDefault="unqualified" attributeFormDefault="qualified">
  <xs:element name="Top" type="xs:string"/>
  <xs:complexType name="T">
    <xs:sequence>
      <xs:element name="plain" type="xs:int"/>
      <xs:element name="forced" form="qualified" type="xs:int"/>
      <xs:element ref="t:Top"/>
    </xs:sequence>
    <xs:attribute name="a" type="xs:string"/>
    <xs:attribute name="b" form="unqualified" type="xs:string" use="required"/>
    <xs:attribute ref="xml:lang"/>
  </xs:complexType>
</xs:schema>"#
    ));
    let t = strukt(&m, "T", TypeKind::ComplexType);
    let ns = Some(NS.to_owned());
    assert_eq!(field(t, "plain").kind, FieldKind::Element { namespace: None });
    assert_eq!(field(t, "forced").kind, FieldKind::Element { namespace: ns.clone() });
    assert_eq!(field(t, "Top").kind, FieldKind::Element { namespace: ns.clone() });
    assert_eq!(
        prim(&m, field(t, "Top").ty),
        Primitive::String,
        "ref= resolves to the element's content type"
    );
    assert_eq!(field(t, "a").kind, FieldKind::Attribute { namespace: ns });
    assert_eq!(field(t, "a").occurs, Occurs::OPTIONAL);
    assert_eq!(field(t, "b").kind, FieldKind::Attribute { namespace: None });
    assert_eq!(field(t, "b").occurs, Occurs::ONE);
    assert_eq!(
        field(t, "lang").kind,
        FieldKind::Attribute {
            namespace: Some(xml::XML.into())
        }
    );
    assert_eq!(wires(t), ["plain", "forced", "Top", "a", "b", "lang"]);
    // A global element with a named type is an alias of it.
    assert_eq!(
        ty(&m, "Top", TypeKind::Element).shape,
        Shape::Alias(id(&m, "String", TypeKind::Builtin))
    );
}

#[test]
fn references_across_two_schemas_with_imports_and_an_import_cycle() {
    let a = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:b="urn:b" targetNamespace="urn:a"
                elementFormDefault="qualified">
  <xs:import namespace="urn:b" schemaLocation="sub/b.xsd"/>
  <xs:element name="Order">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="b:Customer" maxOccurs="unbounded"/>
        <xs:element name="total" type="b:Money" nillable="true"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>"#;
    let b = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:a="urn:a" targetNamespace="urn:b">
  <xs:import namespace="urn:a" schemaLocation="../a.xsd"/>
  <xs:element name="Customer" type="CustomerType" xmlns="urn:b"/>
  <xs:complexType name="CustomerType">
    <xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence>
  </xs:complexType>
  <xs:simpleType name="Money"><xs:restriction base="xs:decimal"><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>
</xs:schema>"#;
    let m = load(
        info("a.xsd"),
        &set(&[("a.xsd", a.as_bytes()), ("sub/b.xsd", b.as_bytes())]),
    )
    .unwrap();
    let order = strukt(&m, "Order", TypeKind::Element);
    let customer = field(order, "Customer");
    assert_eq!(
        customer.kind,
        FieldKind::Element {
            namespace: Some("urn:b".into())
        }
    );
    assert_eq!(customer.ty, id(&m, "CustomerType", TypeKind::ComplexType));
    assert_eq!(customer.occurs, Occurs { min: 1, max: None });
    let total = field(order, "total");
    assert!(total.nullable);
    assert_eq!(total.ty, id(&m, "Money", TypeKind::SimpleType));
    assert_eq!(
        ty(&m, "Money", TypeKind::SimpleType).key.namespace.as_deref(),
        Some("urn:b")
    );
}

#[test]
fn recursive_types_are_legal() {
    let m = load_one(&schema(
        r#"<xs:complexType name="Node">
    <xs:sequence>
      <xs:element name="value" type="xs:string"/>
      <xs:element name="child" type="t:Node" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="special">
        <xs:complexType>
          <xs:complexContent>
            <xs:extension base="t:Node"><xs:sequence><xs:element name="extra" type="xs:int"/></xs:sequence></xs:extension>
          </xs:complexContent>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>"#,
    ));
    let node = id(&m, "Node", TypeKind::ComplexType);
    let s = strukt(&m, "Node", TypeKind::ComplexType);
    assert_eq!(field(s, "child").ty, node);
    assert_eq!(field(s, "child").occurs, Occurs::MANY);
    // A local type that extends the type being defined gets the base fields too.
    let special = strukt(&m, "Node/special", TypeKind::Anonymous);
    assert_eq!(special.base, Some(node));
    assert_eq!(wires(special), ["value", "child", "special", "extra"]);
}

#[test]
fn extension_copies_base_fields_first() {
    let m = load_one(&schema(
        r#"<xs:complexType name="Base" abstract="true">
    <xs:sequence><xs:element name="id" type="xs:long"/></xs:sequence>
    <xs:attribute name="version" type="xs:int"/>
  </xs:complexType>
  <xs:complexType name="Derived">
    <xs:complexContent>
      <xs:extension base="t:Base">
        <xs:sequence><xs:element name="name" type="xs:string"/></xs:sequence>
        <xs:attribute name="flag" type="xs:boolean"/>
      </xs:extension>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="Amount">
    <xs:simpleContent>
      <xs:extension base="xs:decimal"><xs:attribute name="currency" type="xs:string" use="required"/></xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:complexType name="Price">
    <xs:simpleContent>
      <xs:extension base="t:Amount"><xs:attribute name="vat" type="xs:boolean"/></xs:extension>
    </xs:simpleContent>
  </xs:complexType>"#,
    ));
    assert!(strukt(&m, "Base", TypeKind::ComplexType).is_abstract);
    let d = strukt(&m, "Derived", TypeKind::ComplexType);
    assert_eq!(d.base, Some(id(&m, "Base", TypeKind::ComplexType)));
    assert!(!d.is_abstract);
    assert_eq!(wires(d), ["id", "version", "name", "flag"]);
    let amount = strukt(&m, "Amount", TypeKind::ComplexType);
    assert_eq!(amount.base, None);
    assert_eq!(field(amount, "value").kind, FieldKind::Text);
    assert_eq!(prim(&m, field(amount, "value").ty), Primitive::Decimal);
    let price = strukt(&m, "Price", TypeKind::ComplexType);
    assert_eq!(price.base, Some(id(&m, "Amount", TypeKind::ComplexType)));
    assert_eq!(wires(price), ["value", "currency", "vat"]);
}

#[test]
fn choices_become_unions() {
    let m = load_one(&schema(
        r#"<xs:complexType name="Either">
    <xs:choice>
      <xs:element name="a" type="xs:string"/>
      <xs:element name="b" type="xs:int" maxOccurs="3"/>
      <xs:sequence>
        <xs:element name="c1" type="xs:string"/>
        <xs:element name="c2" type="xs:string"/>
      </xs:sequence>
    </xs:choice>
  </xs:complexType>
  <xs:complexType name="Holder">
    <xs:sequence>
      <xs:element name="first" type="xs:string"/>
      <xs:choice minOccurs="0">
        <xs:element name="x" type="xs:string"/>
        <xs:element name="y" type="xs:string"/>
      </xs:choice>
      <xs:group ref="t:Pair" maxOccurs="unbounded"/>
    </xs:sequence>
  </xs:complexType>
  <xs:group name="Pair">
    <xs:sequence>
      <xs:element name="key" type="xs:string"/>
      <xs:element name="value" type="xs:string"/>
    </xs:sequence>
  </xs:group>"#,
    ));
    let either = union(&m, id(&m, "Either", TypeKind::ComplexType));
    assert_eq!(either.style, UnionStyle::XmlChoice);
    let v: Vec<_> = either
        .variants
        .iter()
        .map(|v| (v.wire.as_str(), v.inline, v.occurs))
        .collect();
    assert_eq!(
        v,
        [
            ("a", false, Occurs::ONE),
            ("b", false, Occurs { min: 1, max: Some(3) }),
            ("c1", true, Occurs::ONE)
        ]
    );
    assert_eq!(either.variants[0].namespace.as_deref(), Some(NS));
    let seq = match &m.ty(either.variants[2].ty).shape {
        Shape::Struct(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(wires(seq), ["c1", "c2"]);

    let holder = strukt(&m, "Holder", TypeKind::ComplexType);
    assert_eq!(wires(holder), ["first", "choice", "Pair"]);
    let choice = field(holder, "choice");
    assert_eq!(choice.kind, FieldKind::Flatten);
    assert_eq!(choice.occurs, Occurs::OPTIONAL);
    assert_eq!(union(&m, choice.ty).variants.len(), 2);
    let pair = field(holder, "Pair");
    assert_eq!(pair.kind, FieldKind::Flatten);
    assert_eq!(pair.occurs, Occurs { min: 1, max: None });
    match &m.ty(pair.ty).shape {
        Shape::Struct(s) => assert_eq!(wires(s), ["key", "value"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn enumerations_keep_their_documentation() {
    let m = load_one(&schema(
        r#"<xs:simpleType name="Colour">
    <xs:annotation><xs:documentation>
        A colour.
            Pick   one.
    </xs:documentation></xs:annotation>
    <xs:restriction base="xs:token">
      <xs:enumeration value="R"><xs:annotation><xs:documentation>Red</xs:documentation></xs:annotation></xs:enumeration>
      <xs:enumeration value="G"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Small">
    <xs:restriction base="xs:int"><xs:enumeration value="1"/><xs:enumeration value="2"/></xs:restriction>
  </xs:simpleType>"#,
    ));
    let colour = ty(&m, "Colour", TypeKind::SimpleType);
    assert_eq!(colour.doc.as_deref(), Some("A colour.\nPick one."));
    let Shape::Enum(e) = &colour.shape else {
        panic!("{:?}", colour.shape)
    };
    assert_eq!(e.base, Primitive::String);
    assert_eq!(
        e.values
            .iter()
            .map(|v| (v.wire.as_str(), v.doc.as_deref()))
            .collect::<Vec<_>>(),
        [("R", Some("Red")), ("G", None)]
    );
    let Shape::Enum(small) = &ty(&m, "Small", TypeKind::SimpleType).shape else {
        panic!()
    };
    assert_eq!(small.base, Primitive::I32);
}

#[test]
fn facets_lists_and_simple_unions() {
    let m = load_one(&schema(
        r#"<xs:simpleType name="Code">
    <xs:restriction base="xs:string">
      <xs:minLength value="2"/><xs:maxLength value="8"/>
      <xs:pattern value="[A-Z]+"/><xs:pattern value="[0-9]+"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Amount">
    <xs:restriction base="xs:decimal">
      <xs:minInclusive value="0"/><xs:maxExclusive value="1000"/>
      <xs:totalDigits value="6"/><xs:fractionDigits value="2"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="Codes"><xs:list itemType="t:Code"/></xs:simpleType>
  <xs:simpleType name="CodeOrNumber"><xs:union memberTypes="t:Code xs:int"/></xs:simpleType>
  <xs:simpleType name="Same"><xs:restriction base="t:Code"/></xs:simpleType>
  <xs:element name="tokens" type="xs:NMTOKENS"/>"#,
    ));
    let code = id(&m, "Code", TypeKind::SimpleType);
    let Shape::Newtype { inner, facets } = &m.ty(code).shape else {
        panic!()
    };
    assert_eq!(prim(&m, *inner), Primitive::String);
    assert_eq!(
        *facets,
        Facets {
            min_length: Some(2),
            max_length: Some(8),
            patterns: vec!["[A-Z]+".into(), "[0-9]+".into()],
            ..Facets::default()
        }
    );
    let Shape::Newtype { facets, .. } = &ty(&m, "Amount", TypeKind::SimpleType).shape else {
        panic!()
    };
    assert_eq!(facets.min_inclusive.as_deref(), Some("0"));
    assert_eq!(facets.max_exclusive.as_deref(), Some("1000"));
    assert_eq!((facets.total_digits, facets.fraction_digits), (Some(6), Some(2)));
    assert_eq!(ty(&m, "Codes", TypeKind::SimpleType).shape, Shape::List { item: code });
    let u = union(&m, id(&m, "CodeOrNumber", TypeKind::SimpleType));
    assert_eq!(u.style, UnionStyle::XmlSimpleUnion);
    assert_eq!(u.variants.len(), 2);
    assert_eq!(ty(&m, "Same", TypeKind::SimpleType).shape, Shape::Alias(code));
    let Shape::Alias(tokens) = ty(&m, "tokens", TypeKind::Element).shape else {
        panic!()
    };
    let Shape::List { item } = m.ty(tokens).shape else {
        panic!()
    };
    assert_eq!(prim(&m, item), Primitive::String);
}

#[test]
fn wildcards_are_opaque_fields() {
    let m = load_one(&schema(
        r###"<xs:complexType name="Ext">
    <xs:sequence>
      <xs:element name="known" type="xs:string"/>
      <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute/>
  </xs:complexType>
  <xs:element name="Anything"/>"###,
    ));
    let s = strukt(&m, "Ext", TypeKind::ComplexType);
    let any = field(s, "any");
    assert_eq!(any.kind, FieldKind::AnyElement);
    assert_eq!(any.occurs, Occurs::MANY);
    assert!(matches!(m.ty(any.ty).shape, Shape::Opaque { .. }));
    assert_eq!(field(s, "anyAttribute").kind, FieldKind::AnyAttribute);
    let Shape::Alias(anything) = ty(&m, "Anything", TypeKind::Element).shape else {
        panic!()
    };
    assert_eq!(
        m.ty(anything).shape,
        Shape::Opaque {
            reason: "xs:anyType".into()
        }
    );
}

#[test]
fn substitution_groups_become_choices() {
    let m = load_one(&schema(
        r#"<xs:element name="Shape" type="t:ShapeType" abstract="true"/>
  <xs:element name="Circle" type="t:CircleType" substitutionGroup="t:Shape"/>
  <xs:element name="Square" type="t:ShapeType" substitutionGroup="t:Shape"/>
  <xs:complexType name="ShapeType"><xs:sequence><xs:element name="x" type="xs:int"/></xs:sequence></xs:complexType>
  <xs:complexType name="CircleType">
    <xs:complexContent><xs:extension base="t:ShapeType"><xs:sequence><xs:element name="r" type="xs:int"/></xs:sequence></xs:extension></xs:complexContent>
  </xs:complexType>
  <xs:complexType name="Drawing"><xs:sequence><xs:element ref="t:Shape" maxOccurs="unbounded"/></xs:sequence></xs:complexType>"#,
    ));
    let d = strukt(&m, "Drawing", TypeKind::ComplexType);
    let f = field(d, "Shape");
    assert_eq!(f.kind, FieldKind::Flatten);
    assert_eq!(f.occurs, Occurs { min: 1, max: None });
    let u = union(&m, f.ty);
    let names: Vec<_> = u.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(names, ["Circle", "Square"], "the abstract head is not a variant");
    assert_eq!(u.variants[0].ty, id(&m, "CircleType", TypeKind::ComplexType));
}

#[test]
fn chameleon_include_takes_the_includers_namespace() {
    let main = format!(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="{NS}" targetNamespace="{NS}">
  <xs:include schemaLocation="common.xsd"/>
  <xs:element name="Root" type="t:Common"/>
</xs:schema>"#
    );
    let common = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="Common"><xs:sequence><xs:element name="c" type="Code"/></xs:sequence></xs:complexType>
  <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType>
</xs:schema>"#;
    let m = load(
        info("main.xsd"),
        &set(&[("main.xsd", main.as_bytes()), ("common.xsd", common.as_bytes())]),
    )
    .unwrap();
    assert_eq!(
        ty(&m, "Common", TypeKind::ComplexType).key.namespace.as_deref(),
        Some(NS)
    );
    let c = field(strukt(&m, "Common", TypeKind::ComplexType), "c");
    assert_eq!(c.ty, id(&m, "Code", TypeKind::SimpleType));
    assert_eq!(ty(&m, "Code", TypeKind::SimpleType).key.namespace.as_deref(), Some(NS));
}

#[test]
fn missing_import_that_is_needed_names_the_import() {
    let a = r#"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:o="urn:other" targetNamespace="urn:a">
  <xs:import namespace="urn:unused" schemaLocation="unused.xsd"/>
    <xs:import namespace="urn:other" schemaLocation="other.xsd"/>
  <xs:element name="E" type="o:T"/>
</xs:schema>"#;
    let err = load(info("a.xsd"), &set(&[("a.xsd", a.as_bytes())])).unwrap_err();
    assert_eq!(
        err.to_string().split(':').take(3).collect::<Vec<_>>(),
        ["a.xsd", "4", "5"]
    );
    let Error::MissingFile { path, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "other.xsd");

    // An unused missing import is only a warning.
    let b = a.replace("type=\"o:T\"", "type=\"xs:string\"");
    let m = load(info("a.xsd"), &set(&[("a.xsd", b.as_bytes())])).unwrap();
    assert_eq!(m.warnings.len(), 2);
    assert!(m.warnings[0].message.contains("unused.xsd"));
}

#[test]
fn a_missing_include_is_an_error_at_the_include() {
    let a = schema(r#"<xs:include schemaLocation="gone.xsd"/>"#);
    let err = load(info("a.xsd"), &set(&[("a.xsd", a.as_bytes())])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a.xsd:3:1: `gone.xsd` is not in the spec set (no such file, and no catalog entry maps it)"
    );
}

#[test]
fn unknown_type_is_a_located_error() {
    let err = load(
        info("a.xsd"),
        &set(&[("a.xsd", schema(r#"<xs:element name="E" type="t:Nope"/>"#).as_bytes())]),
    )
    .unwrap_err();
    assert!(err.to_string().starts_with("a.xsd:3:1: type `Nope`"), "{err}");
    let err = load(info("a.xsd"), &set(&[("a.xsd", b"<xs:schema")])).unwrap_err();
    assert!(matches!(err, Error::Spec { .. }), "{err:?}");
}

#[test]
fn iso_8859_1_and_windows_1252_are_decoded() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n".to_vec();
    bytes.extend_from_slice(
        b"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:simpleType name=\"Pa\xEDs\">\
<xs:annotation><xs:documentation>Na\xE7\xE3o</xs:documentation></xs:annotation>\
<xs:restriction base=\"xs:string\"><xs:enumeration value=\"S\xE3o Tom\xE9\"/></xs:restriction></xs:simpleType></xs:schema>",
    );
    let m = load(info("a.xsd"), &set(&[("a.xsd", &bytes)])).unwrap();
    let t = ty(&m, "País", TypeKind::SimpleType);
    assert_eq!(t.doc.as_deref(), Some("Nação"));
    let Shape::Enum(e) = &t.shape else { panic!() };
    assert_eq!(e.values[0].wire, "São Tomé");

    // windows-1252 has € at 0x80.
    let bytes = b"<?xml version='1.0' encoding='windows-1252'?>\n<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>\
<xs:simpleType name='Moeda'><xs:restriction base='xs:string'><xs:enumeration value='\x80'/></xs:restriction></xs:simpleType></xs:schema>";
    let m = load(info("a.xsd"), &set(&[("a.xsd", bytes)])).unwrap();
    let Shape::Enum(e) = &ty(&m, "Moeda", TypeKind::SimpleType).shape else {
        panic!()
    };
    assert_eq!(e.values[0].wire, "€");
}

#[test]
fn attribute_groups_named_groups_and_restriction() {
    let m = load_one(&schema(
        r#"<xs:attributeGroup name="Common">
    <xs:attribute name="id" type="xs:ID" use="required"/>
    <xs:attributeGroup ref="t:More"/>
  </xs:attributeGroup>
  <xs:attributeGroup name="More"><xs:attribute name="lang" type="xs:language" default="pt"/></xs:attributeGroup>
  <xs:complexType name="Base">
    <xs:sequence><xs:element name="a" type="xs:string" minOccurs="0"/><xs:element name="b" type="xs:string"/></xs:sequence>
    <xs:attributeGroup ref="t:Common"/>
  </xs:complexType>
  <xs:complexType name="Narrow">
    <xs:complexContent>
      <xs:restriction base="t:Base">
        <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
        <xs:attribute name="lang" use="prohibited"/>
      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
  <xs:complexType name="Mixed" mixed="true"><xs:sequence><xs:element name="em" type="xs:string"/></xs:sequence></xs:complexType>"#,
    ));
    let base = strukt(&m, "Base", TypeKind::ComplexType);
    assert_eq!(wires(base), ["a", "b", "id", "lang"]);
    assert_eq!(field(base, "lang").default.as_deref(), Some("pt"));
    let narrow = strukt(&m, "Narrow", TypeKind::ComplexType);
    assert_eq!(narrow.base, Some(id(&m, "Base", TypeKind::ComplexType)));
    assert_eq!(wires(narrow), ["b", "id"]);
    let mixed = strukt(&m, "Mixed", TypeKind::ComplexType);
    assert!(mixed.mixed);
    assert_eq!(wires(mixed), ["em", "text"]);
    assert_eq!(field(mixed, "text").kind, FieldKind::MixedText);
    assert!(!narrow.fields.iter().any(|f| f.kind == FieldKind::MixedText));
}

#[test]
fn same_file_is_parsed_once_and_cycles_terminate() {
    let a = schema(r#"<xs:include schemaLocation="b.xsd"/><xs:element name="A" type="xs:string"/>"#);
    let b = schema(r#"<xs:include schemaLocation="a.xsd"/><xs:element name="B" type="xs:string"/>"#);
    let m = load(info("a.xsd"), &set(&[("a.xsd", a.as_bytes()), ("b.xsd", b.as_bytes())])).unwrap();
    assert_eq!(m.types.iter().filter(|t| t.key.kind == TypeKind::Element).count(), 2);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn hostile_nesting_is_an_error_not_a_crash() {
    let depth = 5000;
    let mut body = String::new();
    for _ in 0..depth {
        body.push_str("<xs:element name=\"e\"><xs:complexType><xs:sequence>");
    }
    for _ in 0..depth {
        body.push_str("</xs:sequence></xs:complexType></xs:element>");
    }
    let err = load(info("a.xsd"), &set(&[("a.xsd", schema(&body).as_bytes())])).unwrap_err();
    assert!(err.to_string().contains("nested more than"), "{err}");
}

#[test]
fn hostile_derivation_chains_are_an_error_not_a_crash() {
    let mut body = String::new();
    for i in 0..3000 {
        body.push_str(&format!(
            "<xs:complexType name=\"T{i}\"><xs:complexContent><xs:extension base=\"t:T{}\"/></xs:complexContent></xs:complexType>",
            i + 1
        ));
    }
    body.push_str("<xs:complexType name=\"T3000\"/>");
    let err = load(info("a.xsd"), &set(&[("a.xsd", schema(&body).as_bytes())])).unwrap_err();
    assert!(err.to_string().contains("more than 64 deep"), "{err}");
    // So is a chain of groups.
    let mut body = String::new();
    for i in 0..3000 {
        body.push_str(&format!(
            "<xs:group name=\"G{i}\"><xs:sequence><xs:group ref=\"t:G{}\" minOccurs=\"0\"/></xs:sequence></xs:group>",
            i + 1
        ));
    }
    body.push_str("<xs:group name=\"G3000\"><xs:sequence/></xs:group><xs:complexType name=\"T\"><xs:group ref=\"t:G0\" minOccurs=\"0\"/></xs:complexType>");
    let err = load(info("a.xsd"), &set(&[("a.xsd", schema(&body).as_bytes())])).unwrap_err();
    assert!(err.to_string().contains("more than 64 deep"), "{err}");
    // A cycle of derivations is an error too.
    let body = r#"<xs:complexType name="A"><xs:complexContent><xs:extension base="t:B"/></xs:complexContent></xs:complexType>
  <xs:complexType name="B"><xs:complexContent><xs:extension base="t:A"/></xs:complexContent></xs:complexType>"#;
    let err = load(info("a.xsd"), &set(&[("a.xsd", schema(body).as_bytes())])).unwrap_err();
    assert!(err.to_string().contains("circular type derivation"), "{err}");
}

#[test]
fn a_type_that_is_a_choice_group_can_be_extended() {
    let m = load_one(&schema(
        r#"<xs:group name="AorB"><xs:choice><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string"/></xs:choice></xs:group>
  <xs:complexType name="Alt"><xs:group ref="t:AorB"/></xs:complexType>
  <xs:complexType name="More">
    <xs:complexContent><xs:extension base="t:Alt"><xs:sequence><xs:element name="c" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent>
  </xs:complexType>"#,
    ));
    let group = id(&m, "AorB", TypeKind::Anonymous);
    assert_eq!(union(&m, group).variants.len(), 2);
    assert_eq!(ty(&m, "Alt", TypeKind::ComplexType).shape, Shape::Alias(group));
    let more = strukt(&m, "More", TypeKind::ComplexType);
    assert_eq!(wires(more), ["choice", "c"]);
    assert_eq!(more.fields[0].kind, FieldKind::Flatten);
}

#[test]
fn elements_of_a_type_with_derivations_hold_any_of_them() {
    let mut m = load_one(&schema(
        r#"<xs:element name="list"><xs:complexType><xs:sequence>
    <xs:element name="animal" type="t:Animal" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:complexType name="Animal" abstract="true"><xs:attribute name="id" type="xs:int"/></xs:complexType>
  <xs:complexType name="Dog"><xs:complexContent><xs:extension base="t:Animal">
    <xs:attribute name="name" type="xs:string"/></xs:extension></xs:complexContent></xs:complexType>
  <xs:complexType name="Puppy"><xs:complexContent><xs:extension base="t:Dog"/></xs:complexContent></xs:complexType>
  <xs:complexType name="Unused"><xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:complexType name="UnusedChild"><xs:complexContent><xs:extension base="t:Unused"/></xs:complexContent></xs:complexType>"#,
    ));
    crate::passes::polymorphism::run(&mut m);
    let list = id(&m, "list", TypeKind::Element);
    let list = match m.ty(list).shape {
        Shape::Alias(t) => t,
        _ => list,
    };
    let Shape::Struct(s) = &m.ty(list).shape else {
        panic!("list is not a struct");
    };
    let Shape::Union(u) = &m.ty(s.fields[0].ty).shape else {
        panic!("animal does not hold a union: {:?}", m.ty(s.fields[0].ty).shape);
    };
    // The abstract declared type is no alternative, and nothing is read without xsi:type.
    assert_eq!(u.style, UnionStyle::XsiType { default: None });
    let names: Vec<&str> = u.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(names, ["Dog", "Puppy"]);
    assert!(u.variants.iter().all(|v| v.namespace.as_deref() == Some(NS)));
    // Base links keep the type itself; a type no element holds gets no union.
    assert_eq!(
        strukt(&m, "Dog", TypeKind::ComplexType).base,
        Some(id(&m, "Animal", TypeKind::ComplexType))
    );
    let unions = m
        .types
        .iter()
        .filter(|t| matches!(&t.shape, Shape::Union(u) if matches!(u.style, UnionStyle::XsiType { .. })))
        .count();
    assert_eq!(unions, 1);
}
