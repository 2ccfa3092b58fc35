use super::*;
use crate::model::{
    Binding, FieldKind, Occurs, Operation, Primitive, Shape, SoapBinding, SoapStyle, SoapUse, SoapVersion, TypeId,
    TypeKind,
};

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

fn soap(op: &Operation) -> &SoapBinding {
    match &op.binding {
        Binding::Soap(b) => b,
        other => panic!("{other:?}"),
    }
}

fn named(m: &Model, name: &str, kind: TypeKind) -> TypeId {
    m.type_ids()
        .find(|i| m.ty(*i).key.name == name && m.ty(*i).key.kind == kind)
        .unwrap()
}

/// A document/literal service with SOAP 1.1, SOAP 1.2 and HTTP GET bindings.
const CALC: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:http="http://schemas.xmlsoap.org/wsdl/http/"
    xmlns:s="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:calc" targetNamespace="urn:calc">
  <wsdl:documentation>A calculator.</wsdl:documentation>
  <wsdl:types>
    <s:schema elementFormDefault="qualified" targetNamespace="urn:calc">
      <s:import namespace="urn:calc:types"/>
      <s:element name="Add">
        <s:complexType><s:sequence>
          <s:element name="a" type="s:int"/><s:element name="b" type="s:int"/>
        </s:sequence></s:complexType>
      </s:element>
      <s:element name="AddResponse" xmlns:ty="urn:calc:types" type="ty:Result"/>
      <s:element name="Auth"><s:complexType><s:sequence><s:element name="token" type="s:string"/></s:sequence></s:complexType></s:element>
      <s:element name="Oops" type="s:string"/>
    </s:schema>
    <s:schema targetNamespace="urn:calc:types">
      <s:complexType name="Result"><s:sequence><s:element name="sum" type="s:long"/></s:sequence></s:complexType>
    </s:schema>
  </wsdl:types>
  <wsdl:message name="AddIn"><wsdl:part name="parameters" element="tns:Add"/><wsdl:part name="auth" element="tns:Auth"/></wsdl:message>
  <wsdl:message name="AddOut"><wsdl:part name="parameters" element="tns:AddResponse"/></wsdl:message>
  <wsdl:message name="AddFault"><wsdl:part name="detail" element="tns:Oops"/></wsdl:message>
  <wsdl:message name="AddHttpIn"><wsdl:part name="a" type="s:string"/></wsdl:message>
  <wsdl:portType name="CalcSoap">
    <wsdl:operation name="Add">
      <wsdl:documentation>Adds two
         integers.</wsdl:documentation>
      <wsdl:input message="tns:AddIn"/>
      <wsdl:output message="tns:AddOut"/>
      <wsdl:fault name="Oops" message="tns:AddFault"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="CalcSoap" type="tns:CalcSoap">
    <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Add">
      <soap:operation soapAction="urn:calc#Add" style="document"/>
      <wsdl:input>
        <soap:body use="literal" parts="parameters"/>
        <soap:header message="tns:AddIn" part="auth" use="literal"/>
      </wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="Oops"><soap:fault name="Oops" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="CalcSoap12" type="tns:CalcSoap">
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Add">
      <soap12:operation soapAction=""/>
      <wsdl:input><soap12:body use="literal" parts="parameters"/></wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="CalcHttpGet" type="tns:CalcSoap">
    <http:binding verb="GET"/>
    <wsdl:operation name="Add"><http:operation location="/Add"/></wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="Calculator">
    <wsdl:documentation>The calculator.</wsdl:documentation>
    <wsdl:port name="CalcSoap" binding="tns:CalcSoap"><soap:address location="http://localhost/calc.asmx"/></wsdl:port>
    <wsdl:port name="CalcSoap12" binding="tns:CalcSoap12"><soap12:address location="http://localhost/calc.asmx"/></wsdl:port>
    <wsdl:port name="CalcHttpGet" binding="tns:CalcHttpGet"><http:address location="http://localhost/calc.asmx"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>"#;

#[test]
fn soap11_and_soap12_ports_and_a_skipped_http_binding() {
    let m = load(info("calc.wsdl"), &set(&[("calc.wsdl", CALC.as_bytes())])).unwrap();
    let names: Vec<_> = m.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["CalcSoap", "CalcSoap12"]);
    assert_eq!(m.spec.doc.as_deref(), Some("A calculator."));
    assert_eq!(m.services[0].addresses, ["http://localhost/calc.asmx"]);
    assert_eq!(m.services[0].doc.as_deref(), Some("The calculator."));
    assert_eq!(m.warnings.len(), 1, "{:?}", m.warnings);
    assert!(m.warnings[0].message.contains("CalcHttpGet"), "{:?}", m.warnings);
    assert_eq!(m.warnings[0].source.to_string(), "calc.wsdl:63:5");

    let op = &m.services[0].operations[0];
    assert_eq!(op.name, "Add");
    assert_eq!(op.doc.as_deref(), Some("Adds two\nintegers."));
    let b = soap(op);
    assert_eq!(b.version, SoapVersion::V11);
    assert_eq!(b.action.as_deref(), Some("urn:calc#Add"));
    assert_eq!((b.style, b.body_use), (SoapStyle::Document, SoapUse::Literal));
    assert_eq!(b.input.wrapper, None);
    assert_eq!(b.input.parts.len(), 1, "parts= keeps the header part out of the body");
    assert_eq!(b.input.parts[0].element, (Some("urn:calc".into()), "Add".into()));
    assert_eq!(b.input.parts[0].ty, named(&m, "Add", TypeKind::Element));
    let out = b.output.as_ref().unwrap();
    assert_eq!(out.parts[0].element, (Some("urn:calc".into()), "AddResponse".into()));
    assert_eq!(
        out.parts[0].ty,
        named(&m, "Result", TypeKind::ComplexType),
        "the element's content type"
    );
    assert_eq!(b.headers.len(), 1);
    assert_eq!(b.headers[0].element, (Some("urn:calc".into()), "Auth".into()));
    assert_eq!(b.faults.len(), 1);
    assert_eq!(b.faults[0].name, "Oops");
    assert_eq!(b.faults[0].detail.element.1, "Oops");
    assert!(!b.addressing);

    let b12 = soap(&m.services[1].operations[0]);
    assert_eq!(b12.version, SoapVersion::V12);
    assert_eq!(b12.action.as_deref(), Some(""));
    assert!(b12.headers.is_empty());
}

const RPC: &str = r#"<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:s="urn:interop:xsd" xmlns:tns="urn:interop"
    targetNamespace="urn:interop">
  <types>
    <schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:interop:xsd">
      <import namespace="http://schemas.xmlsoap.org/soap/encoding/"/>
      <complexType name="ArrayOfstring">
        <complexContent>
          <restriction base="SOAP-ENC:Array">
            <attribute ref="SOAP-ENC:arrayType" wsdl:arrayType="xsd:string[]"/>
          </restriction>
        </complexContent>
      </complexType>
      <complexType name="SOAPStruct">
        <all><element name="varString" type="xsd:string"/><element name="varInt" type="xsd:int"/></all>
      </complexType>
      <complexType name="ArrayOfSOAPStruct">
        <complexContent>
          <restriction base="SOAP-ENC:Array">
            <sequence><element name="item" type="s:SOAPStruct" maxOccurs="unbounded"/></sequence>
          </restriction>
        </complexContent>
      </complexType>
    </schema>
  </types>
  <message name="echoStringArrayRequest"><part name="inputStringArray" type="s:ArrayOfstring"/></message>
  <message name="echoStringArrayResponse"><part name="return" type="s:ArrayOfstring"/></message>
  <message name="echoVoidRequest"/>
  <message name="echoVoidResponse"/>
  <portType name="InteropTestPortType">
    <operation name="echoStringArray">
      <input message="tns:echoStringArrayRequest"/><output message="tns:echoStringArrayResponse"/>
    </operation>
    <operation name="echoVoid"><input message="tns:echoVoidRequest"/><output message="tns:echoVoidResponse"/></operation>
  </portType>
  <binding name="InteropTestBinding" type="tns:InteropTestPortType">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <operation name="echoStringArray">
      <soap:operation/>
      <input><soap:body use="encoded" namespace="urn:interop" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></input>
      <output><soap:body use="encoded" namespace="urn:interop" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/></output>
    </operation>
    <operation name="echoVoid">
      <soap:operation soapAction="urn:interop#echoVoid"/>
      <input><soap:body use="encoded" namespace="urn:interop"/></input>
      <output><soap:body use="encoded" namespace="urn:interop"/></output>
    </operation>
  </binding>
  <service name="InteropService">
    <port name="InteropTestPort" binding="tns:InteropTestBinding"><soap:address location="http://localhost/interop"/></port>
  </service>
</definitions>"#;

#[test]
fn rpc_encoded_arrays_and_wrappers() {
    let m = load(info("rpc.wsdl"), &set(&[("rpc.wsdl", RPC.as_bytes())])).unwrap();
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    for (array, item) in [("ArrayOfstring", "String"), ("ArrayOfSOAPStruct", "SOAPStruct")] {
        let Shape::Struct(s) = &m.ty(named(&m, array, TypeKind::ComplexType)).shape else {
            panic!()
        };
        assert_eq!(s.fields.len(), 1);
        let f = &s.fields[0];
        assert_eq!(f.wire, "item");
        assert_eq!(f.kind, FieldKind::Element { namespace: None });
        assert_eq!(f.occurs, Occurs::MANY);
        let kind = if item == "String" {
            TypeKind::Builtin
        } else {
            TypeKind::ComplexType
        };
        assert_eq!(f.ty, named(&m, item, kind), "{array}");
        // What the SOAP-ENC:arrayType of an encoded message will say of the items: the
        // `wsdl:arrayType`, or (given by an item element) the item field's type.
        let info = s.soap_array.as_ref().expect("a SOAP-encoded array");
        let wanted =
            (item == "String").then(|| (Some("http://www.w3.org/2001/XMLSchema".to_owned()), "string".to_owned()));
        assert_eq!(info.item_type, wanted, "{array}");
        assert_eq!(info.inner_dims, "", "{array}");
    }
    let Shape::Struct(s) = &m.ty(named(&m, "SOAPStruct", TypeKind::ComplexType)).shape else {
        panic!()
    };
    assert!(s.any_order);

    let ops = &m.services[0].operations;
    let b = soap(&ops[0]);
    assert_eq!((b.style, b.body_use), (SoapStyle::Rpc, SoapUse::Encoded));
    assert_eq!(b.action, None, "soap:operation without soapAction");
    assert_eq!(
        b.input.wrapper,
        Some((Some("urn:interop".into()), "echoStringArray".into()))
    );
    assert_eq!(
        b.output.as_ref().unwrap().wrapper,
        Some((Some("urn:interop".into()), "echoStringArrayResponse".into()))
    );
    assert_eq!(b.input.parts[0].element, (None, "inputStringArray".into()));
    assert_eq!(b.input.parts[0].ty, named(&m, "ArrayOfstring", TypeKind::ComplexType));
    let void = soap(&ops[1]);
    assert!(void.input.parts.is_empty() && void.output.as_ref().unwrap().parts.is_empty());
    assert_eq!(void.action.as_deref(), Some("urn:interop#echoVoid"));
}

#[test]
fn iso_8859_1_wsdl() {
    let text = RPC
        .replace(
            "<?xml version=\"1.0\"?>",
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        )
        .replace(
            "<service name=\"InteropService\">",
            "<service name=\"InteropService\"><documentation>Servi\u{e7}o</documentation>",
        );
    let bytes: Vec<u8> = text.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
    let m = load(info("rpc.wsdl"), &set(&[("rpc.wsdl", &bytes)])).unwrap();
    assert_eq!(m.services[0].doc.as_deref(), Some("Serviço"));
}

#[test]
fn imports_across_wsdl_files_with_a_cycle_and_a_schema_file() {
    let abstract_part = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:svc"
        xmlns:t="urn:types" targetNamespace="urn:svc">
      <wsdl:import namespace="urn:svc" location="http://example.com/svc?wsdl"/>
      <wsdl:types>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:import namespace="urn:types" schemaLocation="http://example.com/svc?xsd=1"/>
        </xs:schema>
      </wsdl:types>
      <wsdl:message name="Ping"><wsdl:part name="p" element="t:Ping"/></wsdl:message>
      <wsdl:portType name="Svc"><wsdl:operation name="Ping"><wsdl:input message="tns:Ping"/></wsdl:operation></wsdl:portType>
    </wsdl:definitions>"#;
    let root = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:svc"
        xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"
        targetNamespace="urn:svc">
      <wsdl:import namespace="urn:svc" location="abstract.wsdl"/>
      <wsdl:binding name="B" type="tns:Svc">
        <wsaw:UsingAddressing/>
        <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
        <wsdl:operation name="Ping"><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
      </wsdl:binding>
      <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="http://x"/></wsdl:port></wsdl:service>
    </wsdl:definitions>"#;
    let types = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:types">
      <xs:element name="Ping"><xs:complexType/></xs:element>
    </xs:schema>"#;
    let mut files = set(&[
        ("w/root.wsdl", root.as_bytes()),
        ("w/abstract.wsdl", abstract_part.as_bytes()),
        ("w/t.xsd", types.as_bytes()),
    ]);
    files.map_url("http://example.com/svc?wsdl", "w/root.wsdl");
    files.map_url("http://example.com/svc?xsd=1", "w/t.xsd");
    let m = load(info("w/root.wsdl"), &files).unwrap();
    let b = soap(&m.services[0].operations[0]);
    assert!(b.addressing);
    assert!(b.output.is_none(), "one-way");
    assert_eq!(b.action, None);
    assert_eq!(b.input.parts[0].element, (Some("urn:types".into()), "Ping".into()));
}

#[test]
fn a_missing_needed_import_is_a_located_error() {
    // Like savon's juniper.wsdl: a relative import that is not in the set.
    let w = r#"<?xml version="1.0"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:core="urn:core"
    xmlns:tns="urn:a" targetNamespace="urn:a">
  <types>
    <xs:schema targetNamespace="urn:a">
  		<xs:import namespace="urn:core" schemaLocation="SystemService?xsd=xsd0.xsd"/>
      <xs:element name="Login" type="core:Request"/>
    </xs:schema>
  </types>
</definitions>"#;
    let err = load(info("a.wsdl"), &set(&[("a.wsdl", w.as_bytes())])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a.wsdl:6:5: `SystemService?xsd=xsd0.xsd` is not in the spec set (no such file, and no catalog entry maps it)"
    );
    assert!(matches!(err, Error::MissingFile { .. }));
    // A missing entry names the manifest.
    let err = load(info("gone.wsdl"), &SpecFiles::new()).unwrap_err();
    assert!(matches!(err, Error::MissingFile { .. }));
}

#[test]
fn required_unknown_extensions_are_unsupported() {
    let w = CALC.replace(
        "<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/>",
        "<soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\"/><x:magic xmlns:x=\"urn:x\" wsdl:required=\"true\"/>",
    );
    let err = load(info("calc.wsdl"), &set(&[("calc.wsdl", w.as_bytes())])).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("calc.wsdl:36:69: unsupported: required WSDL extension `{urn:x}magic`"),
        "{err}"
    );
    // Not required: ignored.
    let w = w.replace("wsdl:required=\"true\"", "");
    assert!(load(info("calc.wsdl"), &set(&[("calc.wsdl", w.as_bytes())])).is_ok());
}

#[test]
fn bindings_without_ports_still_give_services() {
    let w = CALC.split("<wsdl:service").next().unwrap().to_owned() + "</wsdl:definitions>";
    let m = load(info("calc.wsdl"), &set(&[("calc.wsdl", w.as_bytes())])).unwrap();
    let names: Vec<_> = m
        .services
        .iter()
        .map(|s| (s.name.as_str(), s.addresses.len()))
        .collect();
    assert_eq!(names, [("CalcSoap", 0), ("CalcSoap12", 0)]);
    assert!(m.warnings.iter().any(|w| w.message.contains("no wsdl:port")));
    // The schema types stay in the arena, primitives interned once.
    assert_eq!(
        m.types
            .iter()
            .filter(|t| t.shape == Shape::Primitive(Primitive::I32))
            .count(),
        1
    );
}

#[test]
fn policy_addressing_and_a_wsdl_import_of_a_schema() {
    let w = r##"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:p"
        xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:wsp="http://www.w3.org/ns/ws-policy"
        xmlns:wsam="http://www.w3.org/2007/05/addressing/metadata"
        xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
        xmlns:t="urn:p:types" targetNamespace="urn:p">
      <wsp:Policy wsu:Id="Addr"><wsam:Addressing><wsp:Policy/></wsam:Addressing></wsp:Policy>
      <wsdl:import namespace="urn:p:types" location="types.xsd"/>
      <wsdl:message name="In"><wsdl:part name="x" element="t:X"/></wsdl:message>
      <wsdl:message name="Out"><wsdl:part name="r" type="t:Code"/></wsdl:message>
      <wsdl:portType name="PT"><wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation></wsdl:portType>
      <wsdl:binding name="B" type="tns:PT">
        <wsp:PolicyReference URI="#Addr"/>
        <soap12:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
        <wsdl:operation name="Op">
          <soap12:operation soapAction="urn:p#Op"/>
          <wsdl:input><soap12:body use="literal" namespace="urn:p"/></wsdl:input>
          <wsdl:output><soap12:body use="literal" namespace="urn:p"/></wsdl:output>
        </wsdl:operation>
      </wsdl:binding>
      <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap12:address location="https://p"/></wsdl:port></wsdl:service>
    </wsdl:definitions>"##;
    let types = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:p:types">
      <xs:element name="X" type="xs:string"/>
      <xs:simpleType name="Code"><xs:restriction base="xs:string"><xs:enumeration value="A"/></xs:restriction></xs:simpleType>
    </xs:schema>"#;
    let m = load(
        info("p.wsdl"),
        &set(&[("p.wsdl", w.as_bytes()), ("types.xsd", types.as_bytes())]),
    )
    .unwrap();
    let b = soap(&m.services[0].operations[0]);
    assert!(b.addressing);
    assert_eq!(b.version, SoapVersion::V12);
    assert_eq!(b.style, SoapStyle::Rpc);
    // rpc with an element part: the element's own name; with a type part: the part name.
    assert_eq!(b.input.parts[0].element, (Some("urn:p:types".into()), "X".into()));
    let out = b.output.as_ref().unwrap();
    assert_eq!(out.wrapper, Some((Some("urn:p".into()), "OpResponse".into())));
    assert_eq!(out.parts[0].element, (None, "r".into()));
    assert_eq!(out.parts[0].ty, named(&m, "Code", TypeKind::SimpleType));
}

#[test]
fn dotnet_dataset_and_unbundled_well_known_namespaces_are_opaque() {
    let w = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:tns="urn:d"
        xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:s="http://www.w3.org/2001/XMLSchema"
        xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" targetNamespace="urn:d">
      <wsdl:types>
        <s:schema targetNamespace="urn:d" elementFormDefault="qualified">
          <s:import namespace="http://schemas.xmlsoap.org/soap/envelope/"/>
          <s:element name="GetDataResponse">
            <s:complexType><s:sequence>
              <s:element name="GetDataResult" minOccurs="0">
                <s:complexType><s:sequence><s:element ref="s:schema"/><s:any/></s:sequence></s:complexType>
              </s:element>
              <s:element name="raw" type="env:Envelope"/>
            </s:sequence></s:complexType>
          </s:element>
        </s:schema>
      </wsdl:types>
    </wsdl:definitions>"#;
    let m = load(info("d.wsdl"), &set(&[("d.wsdl", w.as_bytes())])).unwrap();
    let schema = named(&m, "schema", TypeKind::Element);
    assert!(matches!(m.ty(schema).shape, Shape::Opaque { .. }));
    let envelope = named(&m, "Envelope", TypeKind::ComplexType);
    assert!(matches!(&m.ty(envelope).shape, Shape::Opaque { reason } if reason.contains("not in the spec set")));
}
