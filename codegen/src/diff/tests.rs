//! Every classification case, on hand-built models.

use std::collections::BTreeMap;

use super::*;
use crate::model::{
    ArenaBuilder, EnumValue, Method, SoapFault, SoapStyle, SoapUse, SoapVersion, Source, SpecInfo, TypeDef, TypeKey,
    Variant,
};

const NS: &str = "http://interfaces.webservice.contrato.segsocial.pt";

// ----- a small declarative description of a SOAP spec ------------------------------------

#[derive(Clone, Debug)]
enum Ty {
    P(Primitive),
    Motivo,
    Estado,
    Texto,
    Morada,
    Node,
}

#[derive(Clone, Debug)]
struct Fd {
    wire: String,
    ty: Ty,
    occurs: Occurs,
    nullable: bool,
    kind: FieldKind,
}

fn el(wire: &str, ty: Ty, occurs: Occurs) -> Fd {
    Fd {
        wire: wire.into(),
        ty,
        occurs,
        nullable: false,
        kind: FieldKind::Element { namespace: None },
    }
}

fn prop(wire: &str, ty: Ty, occurs: Occurs) -> Fd {
    Fd {
        wire: wire.into(),
        ty,
        occurs,
        nullable: false,
        kind: FieldKind::Property,
    }
}

#[derive(Clone, Debug)]
struct Soap {
    service: String,
    ops: Vec<String>,
    action: Option<String>,
    req_element: String,
    req_ns: Option<String>,
    req: Vec<Fd>,
    resp: Vec<Fd>,
    morada: Vec<Fd>,
    motivo: Vec<String>,
    estado: Vec<String>,
    texto_max: Option<u64>,
    faults: Vec<String>,
    addresses: Vec<String>,
    security: Vec<SecurityScheme>,
    addressing: bool,
}

fn base_soap() -> Soap {
    Soap {
        service: "CessarVinculoTrabalhadorService".into(),
        ops: vec!["cessarVinculo".into()],
        action: Some(format!("{NS}#cessarVinculo")),
        req_element: "cessarVinculo".into(),
        req_ns: Some(NS.into()),
        req: vec![
            el("niss", Ty::P(Primitive::I64), Occurs::ONE),
            el("dataFim", Ty::P(Primitive::Date), Occurs::ONE),
            el("motivo", Ty::Motivo, Occurs::ONE),
            el("fundamentacao", Ty::Texto, Occurs::OPTIONAL),
            el("morada", Ty::Morada, Occurs::OPTIONAL),
        ],
        resp: vec![
            el("codigo", Ty::P(Primitive::I32), Occurs::ONE),
            el("mensagem", Ty::P(Primitive::String), Occurs::OPTIONAL),
            el("estado", Ty::Estado, Occurs::ONE),
            el("morada", Ty::Morada, Occurs::OPTIONAL),
            el("arvore", Ty::Node, Occurs::OPTIONAL),
        ],
        morada: vec![
            el("rua", Ty::P(Primitive::String), Occurs::ONE),
            el("codigoPostal", Ty::P(Primitive::String), Occurs::OPTIONAL),
        ],
        motivo: vec!["CT".into(), "DE".into()],
        estado: vec!["A".into(), "B".into()],
        texto_max: Some(50),
        faults: vec!["ErroFault".into()],
        addresses: vec!["https://app.seg-social.pt/ws/contrato/v1/cessarVinculoTrabalhador".into()],
        security: vec![SecurityScheme::Basic, SecurityScheme::Bearer],
        addressing: false,
    }
}

fn key(ns: Option<&str>, name: &str, kind: TypeKind) -> TypeKey {
    TypeKey {
        namespace: ns.map(str::to_owned),
        name: name.into(),
        kind,
    }
}

struct Named {
    motivo: TypeId,
    estado: TypeId,
    texto: TypeId,
    morada: TypeId,
    node: TypeId,
}

fn enum_shape(values: &[String]) -> Shape {
    Shape::Enum(EnumDef {
        base: Primitive::String,
        values: values
            .iter()
            .map(|v| EnumValue {
                wire: v.clone(),
                doc: None,
                rust_name: String::new(),
            })
            .collect(),
    })
}

fn fields(b: &mut ArenaBuilder, named: &Named, fds: &[Fd]) -> Vec<Field> {
    fds.iter()
        .map(|f| {
            let ty = match &f.ty {
                Ty::P(p) => b.primitive(*p),
                Ty::Motivo => named.motivo,
                Ty::Estado => named.estado,
                Ty::Texto => named.texto,
                Ty::Morada => named.morada,
                Ty::Node => named.node,
            };
            Field {
                wire: f.wire.clone(),
                kind: f.kind.clone(),
                ty,
                occurs: f.occurs,
                nullable: f.nullable,
                default: None,
                doc: None,
                source: Source::default(),
                rust_name: String::new(),
                boxed: false,
                aliases: Vec::new(),
            }
        })
        .collect()
}

fn record(fields: Vec<Field>) -> Shape {
    Shape::Struct(StructDef {
        fields,
        ..StructDef::default()
    })
}

#[allow(clippy::too_many_arguments)]
fn named_types(
    b: &mut ArenaBuilder,
    motivo: &[String],
    estado: &[String],
    texto_max: Option<u64>,
    morada: &[Fd],
    kind_ns: Option<&str>,
    schema: TypeKind,
    complex: TypeKind,
) -> Named {
    let motivo_id = b.declare(key(kind_ns, "MotivoCessacao", schema), Source::default(), None);
    let estado_id = b.declare(key(kind_ns, "Estado", schema), Source::default(), None);
    let texto_id = b.declare(key(kind_ns, "Texto50", schema), Source::default(), None);
    let morada_id = b.declare(key(kind_ns, "Morada", complex), Source::default(), None);
    let node_id = b.declare(key(kind_ns, "No", complex), Source::default(), None);
    let named = Named {
        motivo: motivo_id,
        estado: estado_id,
        texto: texto_id,
        morada: morada_id,
        node: node_id,
    };
    b.define(motivo_id, enum_shape(motivo));
    b.define(estado_id, enum_shape(estado));
    let s = b.primitive(Primitive::String);
    b.define(
        texto_id,
        Shape::Newtype {
            inner: s,
            facets: Facets {
                max_length: texto_max,
                ..Facets::default()
            },
        },
    );
    let mf = fields(b, &named, morada);
    b.define(morada_id, record(mf));
    let nf = fields(
        b,
        &named,
        &[
            el("valor", Ty::P(Primitive::String), Occurs::ONE),
            el("seguinte", Ty::Node, Occurs::OPTIONAL),
        ],
    );
    b.define(node_id, record(nf));
    named
}

fn soap_model(d: &Soap) -> Model {
    let mut b = ArenaBuilder::new(SpecInfo {
        id: "cessar-vinculo".into(),
        ..SpecInfo::default()
    });
    let named = named_types(
        &mut b,
        &d.motivo,
        &d.estado,
        d.texto_max,
        &d.morada,
        Some(NS),
        TypeKind::SimpleType,
        TypeKind::ComplexType,
    );
    let req = b.declare(
        key(Some(NS), "cessarVinculoType", TypeKind::ComplexType),
        Source::default(),
        None,
    );
    let rf = fields(&mut b, &named, &d.req);
    b.define(req, record(rf));
    let resp = b.declare(
        key(Some(NS), "cessarVinculoResponseType", TypeKind::ComplexType),
        Source::default(),
        None,
    );
    let sf = fields(&mut b, &named, &d.resp);
    b.define(resp, record(sf));
    let erro = b.declare(key(Some(NS), "Erro", TypeKind::ComplexType), Source::default(), None);
    let ef = fields(&mut b, &named, &[el("codigo", Ty::P(Primitive::String), Occurs::ONE)]);
    b.define(erro, record(ef));
    let operations = d
        .ops
        .iter()
        .map(|name| Operation {
            name: name.clone(),
            doc: None,
            deprecated: false,
            binding: Binding::Soap(SoapBinding {
                version: SoapVersion::V11,
                action: d.action.clone(),
                style: SoapStyle::Document,
                body_use: SoapUse::Literal,
                input: SoapMessage {
                    wrapper: None,
                    parts: vec![SoapPart {
                        name: "parameters".into(),
                        element: (d.req_ns.clone(), d.req_element.clone()),
                        ty: req,
                    }],
                },
                output: Some(SoapMessage {
                    wrapper: None,
                    parts: vec![SoapPart {
                        name: "parameters".into(),
                        element: (Some(NS.into()), "cessarVinculoResponse".into()),
                        ty: resp,
                    }],
                }),
                headers: Vec::new(),
                faults: d
                    .faults
                    .iter()
                    .map(|f| SoapFault {
                        name: f.clone(),
                        detail: SoapPart {
                            name: "fault".into(),
                            element: (Some(NS.into()), "erro".into()),
                            ty: erro,
                        },
                    })
                    .collect(),
                addressing: d.addressing,
                addressing_action: None,
            }),
            source: Source::default(),
            rust_name: String::new(),
        })
        .collect();
    b.model.services.push(Service {
        name: d.service.clone(),
        doc: None,
        operations,
        addresses: d.addresses.clone(),
        security: d.security.clone(),
        source: Source::default(),
        rust_name: String::new(),
    });
    b.finish().expect("model")
}

fn soap_diff(edit: impl FnOnce(&mut Soap)) -> Report {
    let old = base_soap();
    let mut new = old.clone();
    edit(&mut new);
    diff(&soap_model(&old), &soap_model(&new))
}

// ----- a small REST spec -----------------------------------------------------------------

#[derive(Clone, Debug)]
struct Rest {
    method: Method,
    path: String,
    params: Vec<(String, ParamLocation, Primitive, bool)>,
    body: Option<Vec<Fd>>,
    responses: Vec<(Status, Option<Vec<Fd>>)>,
    estado: Vec<String>,
    security: Vec<SecurityScheme>,
}

fn base_rest() -> Rest {
    Rest {
        method: Method::Get,
        path: "/ci/comprovativos-pagamento/{ano-pagamento}".into(),
        params: vec![
            ("ano-pagamento".into(), ParamLocation::Path, Primitive::I32, true),
            ("niss".into(), ParamLocation::Query, Primitive::I64, false),
        ],
        body: None,
        responses: vec![
            (
                Status::Code(200),
                Some(vec![
                    prop("codigoResultado", Ty::P(Primitive::String), Occurs::ONE),
                    prop("estado", Ty::Estado, Occurs::OPTIONAL),
                    prop("valor", Ty::P(Primitive::Decimal), Occurs::OPTIONAL),
                    prop("dataPagamento", Ty::P(Primitive::Date), Occurs::OPTIONAL),
                ]),
            ),
            (
                Status::Code(400),
                Some(vec![prop("mensagem", Ty::P(Primitive::String), Occurs::OPTIONAL)]),
            ),
        ],
        estado: vec!["PAGO".into(), "PENDENTE".into()],
        security: vec![SecurityScheme::Basic],
    }
}

fn rest_model(d: &Rest) -> Model {
    let mut b = ArenaBuilder::new(SpecInfo {
        id: "ci".into(),
        ..SpecInfo::default()
    });
    let doc = Some("psi/ci/openapi_CI.yaml");
    let named = named_types(
        &mut b,
        &[],
        &d.estado,
        None,
        &[],
        doc,
        TypeKind::Schema,
        TypeKind::Schema,
    );
    let params = d
        .params
        .iter()
        .map(|(w, l, p, r)| Param {
            wire: w.clone(),
            location: *l,
            ty: b.primitive(*p),
            required: *r,
            list: false,
            doc: None,
            example: None,
            rust_name: String::new(),
        })
        .collect();
    let body = d.body.as_ref().map(|fs| {
        let f = fields(&mut b, &named, fs);
        let id = b.anonymous(
            doc.map(str::to_owned),
            "op/body".into(),
            Source::default(),
            None,
            record(f),
        );
        Body {
            content_type: "application/json".into(),
            ty: id,
            required: true,
            doc: None,
        }
    });
    let responses = d
        .responses
        .iter()
        .map(|(status, fs)| {
            let ty = fs.as_ref().map(|fs| {
                let f = fields(&mut b, &named, fs);
                let name = format!(
                    "Resposta{}",
                    match status {
                        Status::Code(c) => c.to_string(),
                        _ => "X".into(),
                    }
                );
                let id = b.declare(key(doc, &name, TypeKind::Schema), Source::default(), None);
                b.define(id, record(f));
                id
            });
            Response {
                status: *status,
                content_type: Some("application/json".into()),
                ty,
                doc: None,
                rust_name: String::new(),
            }
        })
        .collect();
    b.model.services.push(Service {
        name: "CI".into(),
        doc: None,
        operations: vec![Operation {
            name: "obterComprovativosPagamento".into(),
            doc: None,
            deprecated: false,
            binding: Binding::Http(HttpBinding {
                method: d.method,
                path: d.path.clone(),
                params,
                body,
                responses,
                security: Vec::new(),
            }),
            source: Source::default(),
            rust_name: String::new(),
        }],
        addresses: vec!["https://app.seg-social.pt/ptss/rest".into()],
        security: d.security.clone(),
        source: Source::default(),
        rust_name: String::new(),
    });
    b.finish().expect("model")
}

fn rest_diff(edit: impl FnOnce(&mut Rest)) -> Report {
    let old = base_rest();
    let mut new = old.clone();
    edit(&mut new);
    diff(&rest_model(&old), &rest_model(&new))
}

// ----- assertions --------------------------------------------------------------------------

type Row = (ChangeKind, Severity, Affects, String);

fn rows(r: &Report) -> Vec<Row> {
    let mut v: Vec<Row> = r
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.affects, c.path.clone()))
        .collect();
    v.sort();
    v
}

fn expect(r: &Report, expected: &[(ChangeKind, Severity, Affects, &str)]) {
    let mut e: Vec<Row> = expected
        .iter()
        .map(|(k, s, a, p)| (*k, *s, *a, (*p).to_owned()))
        .collect();
    e.sort();
    assert_eq!(rows(r), e, "\n{}", to_text(r));
}

const OP: &str = "service CessarVinculoTrabalhadorService / operation cessarVinculo";
const REST_OP: &str = "service CI / operation obterComprovativosPagamento";

fn p(s: &str) -> String {
    format!("{OP} / {s}")
}

use Affects::{Both, Readers, Senders};
use ChangeKind as K;
use Severity::{Breaking, Info, Safe};

// ----- cases -------------------------------------------------------------------------------

#[test]
fn unchanged_models_have_no_changes() {
    let r = soap_diff(|_| {});
    assert!(r.is_empty(), "{}", to_text(&r));
    let r = rest_diff(|_| {});
    assert!(r.is_empty(), "{}", to_text(&r));
    assert_eq!(
        to_text(&r),
        "Spec drift: 0 breaking, 0 safe, 0 info; 0 spec file(s) changed; 0 public Rust item(s) changed\nNo differences.\n"
    );
}

#[test]
fn optional_request_field_added_is_safe() {
    let r = soap_diff(|d| {
        d.req
            .push(el("observacoes", Ty::P(Primitive::String), Occurs::OPTIONAL))
    });
    expect(
        &r,
        &[(
            K::FieldAdded,
            Safe,
            Senders,
            &p("request / cessarVinculo / observacoes"),
        )],
    );
}

#[test]
fn required_request_field_added_breaks_senders() {
    let r = soap_diff(|d| d.req.push(el("observacoes", Ty::P(Primitive::String), Occurs::ONE)));
    expect(
        &r,
        &[(
            K::FieldAdded,
            Breaking,
            Senders,
            &p("request / cessarVinculo / observacoes"),
        )],
    );
}

#[test]
fn response_field_added_is_safe_for_readers() {
    let r = soap_diff(|d| d.resp.push(el("novo", Ty::P(Primitive::String), Occurs::ONE)));
    expect(
        &r,
        &[(
            K::FieldAdded,
            Safe,
            Readers,
            &p("response / cessarVinculoResponse / novo"),
        )],
    );
}

#[test]
fn new_operation_is_safe() {
    let r = soap_diff(|d| d.ops.push("consultarVinculo".into()));
    expect(
        &r,
        &[(
            K::OperationAdded,
            Safe,
            Affects::None,
            "service CessarVinculoTrabalhadorService / operation consultarVinculo",
        )],
    );
}

#[test]
fn removed_operation_breaks_senders() {
    let r = soap_diff(|d| d.ops = vec!["outra".into()]);
    // Same SOAPAction and body element: found by wire identity, reported as a rename.
    expect(
        &r,
        &[(
            K::OperationRenamed,
            Info,
            Affects::None,
            "service CessarVinculoTrabalhadorService / operation outra",
        )],
    );
    let r = soap_diff(|d| {
        d.ops = vec!["outra".into()];
        d.action = Some("urn:outra".into());
        d.req_element = "outra".into();
    });
    expect(
        &r,
        &[
            (
                K::OperationRemoved,
                Breaking,
                Senders,
                "service CessarVinculoTrabalhadorService / operation cessarVinculo",
            ),
            (
                K::OperationAdded,
                Safe,
                Affects::None,
                "service CessarVinculoTrabalhadorService / operation outra",
            ),
        ],
    );
}

#[test]
fn new_enum_value_in_response_is_safe_because_enums_keep_unknown_values() {
    let r = soap_diff(|d| d.estado.push("C".into()));
    expect(
        &r,
        &[(
            K::EnumValueAdded,
            Safe,
            Readers,
            &p("response / cessarVinculoResponse / estado"),
        )],
    );
    assert!(
        r.changes[0].message.contains("keep values they do not know"),
        "{}",
        r.changes[0].message
    );
    assert_eq!(r.changes[0].new.as_deref(), Some("C"));
}

#[test]
fn new_enum_value_in_request_is_safe_removed_one_breaks_senders() {
    let r = soap_diff(|d| d.motivo.push("XX".into()));
    expect(
        &r,
        &[(K::EnumValueAdded, Safe, Senders, &p("request / cessarVinculo / motivo"))],
    );
    let r = soap_diff(|d| d.motivo.retain(|v| v != "DE"));
    expect(
        &r,
        &[(
            K::EnumValueRemoved,
            Breaking,
            Senders,
            &p("request / cessarVinculo / motivo"),
        )],
    );
    let r = soap_diff(|d| d.estado.retain(|v| v != "B"));
    expect(
        &r,
        &[(
            K::EnumValueRemoved,
            Safe,
            Readers,
            &p("response / cessarVinculoResponse / estado"),
        )],
    );
}

#[test]
fn removed_fields_break_the_side_that_uses_them() {
    let r = soap_diff(|d| d.resp.retain(|f| f.wire != "mensagem"));
    expect(
        &r,
        &[(
            K::FieldRemoved,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / mensagem"),
        )],
    );
    let r = soap_diff(|d| d.req.retain(|f| f.wire != "fundamentacao"));
    expect(
        &r,
        &[(
            K::FieldRemoved,
            Breaking,
            Senders,
            &p("request / cessarVinculo / fundamentacao"),
        )],
    );
}

#[test]
fn type_narrowed_in_request_breaks_senders_and_is_safe_in_response() {
    let r = soap_diff(|d| d.req[0].ty = Ty::P(Primitive::I32));
    expect(
        &r,
        &[(
            K::FormatChanged,
            Breaking,
            Senders,
            &p("request / cessarVinculo / niss"),
        )],
    );
    assert_eq!(
        (r.changes[0].old.as_deref(), r.changes[0].new.as_deref()),
        (Some("long"), Some("int"))
    );
    let r = soap_diff(|d| d.resp[0].ty = Ty::P(Primitive::I16));
    expect(
        &r,
        &[(
            K::FormatChanged,
            Safe,
            Readers,
            &p("response / cessarVinculoResponse / codigo"),
        )],
    );
    let r = soap_diff(|d| d.resp[0].ty = Ty::P(Primitive::I64));
    expect(
        &r,
        &[(
            K::FormatChanged,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / codigo"),
        )],
    );
}

#[test]
fn facet_narrowed_is_seen_in_the_request_only_once() {
    let r = soap_diff(|d| d.texto_max = Some(40));
    expect(
        &r,
        &[(
            K::FacetChanged,
            Breaking,
            Senders,
            &p("request / cessarVinculo / fundamentacao"),
        )],
    );
    assert_eq!(
        (r.changes[0].old.as_deref(), r.changes[0].new.as_deref()),
        (Some("50"), Some("40"))
    );
    let r = soap_diff(|d| d.texto_max = Some(60));
    expect(
        &r,
        &[(
            K::FacetChanged,
            Safe,
            Senders,
            &p("request / cessarVinculo / fundamentacao"),
        )],
    );
}

#[test]
fn date_becoming_date_time_breaks_both_ways() {
    let r = soap_diff(|d| d.req[1].ty = Ty::P(Primitive::DateTime));
    expect(
        &r,
        &[(
            K::FormatChanged,
            Breaking,
            Senders,
            &p("request / cessarVinculo / dataFim"),
        )],
    );
    let r = rest_diff(|d| d.responses[0].1.as_mut().unwrap()[3].ty = Ty::P(Primitive::DateTime));
    expect(
        &r,
        &[(
            K::FormatChanged,
            Breaking,
            Readers,
            &format!("{REST_OP} / response 200 / dataPagamento"),
        )],
    );
}

#[test]
fn optional_to_required_in_request_breaks_senders() {
    let r = soap_diff(|d| d.req[3].occurs = Occurs::ONE);
    expect(
        &r,
        &[(
            K::BecameRequired,
            Breaking,
            Senders,
            &p("request / cessarVinculo / fundamentacao"),
        )],
    );
    let r = soap_diff(|d| d.resp[1].occurs = Occurs::ONE);
    expect(
        &r,
        &[(
            K::BecameRequired,
            Safe,
            Readers,
            &p("response / cessarVinculoResponse / mensagem"),
        )],
    );
    let r = soap_diff(|d| d.resp[0].occurs = Occurs::OPTIONAL);
    expect(
        &r,
        &[(
            K::BecameOptional,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / codigo"),
        )],
    );
    let r = soap_diff(|d| d.req[0].occurs = Occurs::OPTIONAL);
    expect(
        &r,
        &[(K::BecameOptional, Safe, Senders, &p("request / cessarVinculo / niss"))],
    );
}

#[test]
fn cardinality_and_nillable() {
    let r = soap_diff(|d| d.resp[1].occurs = Occurs::MANY);
    expect(
        &r,
        &[(
            K::CardinalityChanged,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / mensagem"),
        )],
    );
    let r = soap_diff(|d| d.req[3].occurs = Occurs::MANY);
    expect(
        &r,
        &[(
            K::CardinalityChanged,
            Safe,
            Senders,
            &p("request / cessarVinculo / fundamentacao"),
        )],
    );
    let r = soap_diff(|d| d.resp[1].nullable = true);
    expect(
        &r,
        &[(
            K::NullableChanged,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / mensagem"),
        )],
    );
    let r = soap_diff(|d| d.req[3].nullable = true);
    expect(
        &r,
        &[(
            K::NullableChanged,
            Safe,
            Senders,
            &p("request / cessarVinculo / fundamentacao"),
        )],
    );
}

#[test]
fn soap_action_changed_breaks_senders() {
    let r = soap_diff(|d| d.action = Some(format!("{NS}#cessarVinculoV2")));
    expect(&r, &[(K::SoapActionChanged, Breaking, Senders, OP)]);
    assert_eq!(
        r.changes[0].old.as_deref(),
        Some("\"http://interfaces.webservice.contrato.segsocial.pt#cessarVinculo\"")
    );
    // No action and an empty action are the same header.
    let r = soap_diff(|d| d.action = None);
    assert_eq!(rows(&r).len(), 1);
    let mut a = base_soap();
    a.action = None;
    let mut b = a.clone();
    b.action = Some(String::new());
    assert!(diff(&soap_model(&a), &soap_model(&b)).is_empty());
}

#[test]
fn renamed_element_is_reported_as_a_rename() {
    let r = soap_diff(|d| d.req[3].wire = "fundamento".into());
    expect(
        &r,
        &[(
            K::FieldRenamed,
            Breaking,
            Senders,
            &p("request / cessarVinculo / fundamento"),
        )],
    );
    assert_eq!(
        (r.changes[0].old.as_deref(), r.changes[0].new.as_deref()),
        (Some("fundamentacao"), Some("fundamento"))
    );
    // The body element of the operation.
    let r = soap_diff(|d| d.req_element = "cessarVinculoPedido".into());
    expect(&r, &[(K::ElementRenamed, Breaking, Senders, &p("request"))]);
    // Its namespace.
    let r = soap_diff(|d| d.req_ns = Some("urn:outro".into()));
    expect(&r, &[(K::NamespaceChanged, Breaking, Senders, &p("request"))]);
    // A field namespace.
    let r = soap_diff(|d| {
        d.resp[1].kind = FieldKind::Element {
            namespace: Some("urn:x".into()),
        }
    });
    expect(
        &r,
        &[(
            K::NamespaceChanged,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / mensagem"),
        )],
    );
}

#[test]
fn element_becoming_attribute_and_order_changes() {
    let r = soap_diff(|d| d.resp[1].kind = FieldKind::Attribute { namespace: None });
    expect(
        &r,
        &[(
            K::FieldKindChanged,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / @mensagem"),
        )],
    );
    let r = soap_diff(|d| d.req.swap(0, 1));
    expect(
        &r,
        &[(K::FieldOrderChanged, Breaking, Senders, &p("request / cessarVinculo"))],
    );
    assert_eq!(
        r.changes[0].new.as_deref(),
        Some("dataFim, niss, motivo, fundamentacao, morada")
    );
}

#[test]
fn a_type_reachable_from_both_sides_gets_both_directions() {
    // Morada is in the request and in the response.
    let r = soap_diff(|d| d.morada.retain(|f| f.wire != "codigoPostal"));
    expect(
        &r,
        &[(
            K::FieldRemoved,
            Breaking,
            Both,
            &p("request / cessarVinculo / morada / codigoPostal"),
        )],
    );
    assert_eq!(
        r.changes[0].also,
        vec![p("response / cessarVinculoResponse / morada / codigoPostal")]
    );
    assert!(r.changes[0].message.contains("in requests:") && r.changes[0].message.contains("in responses:"));
    // A required field added: breaks senders only; readers are safe.
    let r = soap_diff(|d| d.morada.push(el("pais", Ty::P(Primitive::String), Occurs::ONE)));
    expect(
        &r,
        &[(
            K::FieldAdded,
            Breaking,
            Senders,
            &p("request / cessarVinculo / morada / pais"),
        )],
    );
    // A facet widened: safe for senders, breaks readers.
    let r = soap_diff(|d| d.morada[0].ty = Ty::P(Primitive::Any));
    expect(
        &r,
        &[(
            K::TypeChanged,
            Breaking,
            Readers,
            &p("request / cessarVinculo / morada / rua"),
        )],
    );
}

#[test]
fn recursive_types_terminate() {
    let old = base_soap();
    let m = soap_model(&old);
    let mut m2 = m.clone();
    // Change the recursive type's value field: found once, through the cycle.
    let no = m2.types.iter().position(|t| t.key.name == "No").unwrap();
    if let Shape::Struct(s) = &mut m2.types[no].shape {
        s.fields[0].occurs = Occurs::OPTIONAL;
    }
    let r = diff(&m, &m2);
    expect(
        &r,
        &[(
            K::BecameOptional,
            Breaking,
            Readers,
            &p("response / cessarVinculoResponse / arvore / valor"),
        )],
    );
    assert_eq!(
        r.changes[0].also,
        vec![p("response / cessarVinculoResponse / arvore / seguinte / valor")]
    );
}

#[test]
fn faults_endpoints_auth_addressing() {
    let r = soap_diff(|d| d.faults.push("OutroFault".into()));
    expect(&r, &[(K::FaultAdded, Safe, Readers, &p("fault OutroFault"))]);
    let r = soap_diff(|d| d.faults.clear());
    expect(&r, &[(K::FaultRemoved, Safe, Readers, &p("fault ErroFault"))]);
    let r =
        soap_diff(|d| d.addresses = vec!["https://app.seg-social.pt/ws/contrato/v2/cessarVinculoTrabalhador".into()]);
    let svc = "service CessarVinculoTrabalhadorService / endpoint";
    expect(
        &r,
        &[
            (K::EndpointRemoved, Breaking, Senders, svc),
            (K::EndpointAdded, Safe, Affects::None, svc),
        ],
    );
    let r = soap_diff(|d| d.security = vec![SecurityScheme::Bearer]);
    expect(
        &r,
        &[(
            K::AuthRemoved,
            Breaking,
            Senders,
            "service CessarVinculoTrabalhadorService / auth",
        )],
    );
    let r = soap_diff(|d| d.security.push(SecurityScheme::OAuth2));
    expect(
        &r,
        &[(
            K::AuthAdded,
            Safe,
            Affects::None,
            "service CessarVinculoTrabalhadorService / auth",
        )],
    );
    let r = soap_diff(|d| d.addressing = true);
    expect(&r, &[(K::AddressingChanged, Breaking, Senders, OP)]);
}

#[test]
fn fault_detail_fields_are_read_as_responses() {
    let mut old = base_soap();
    old.faults = vec!["ErroFault".into()];
    let a = soap_model(&old);
    let mut b = a.clone();
    let erro = b.types.iter().position(|t| t.key.name == "Erro").unwrap();
    if let Shape::Struct(s) = &mut b.types[erro].shape {
        s.fields.clear();
    }
    let r = diff(&a, &b);
    expect(
        &r,
        &[(
            K::FieldRemoved,
            Breaking,
            Readers,
            &p("fault ErroFault / erro / codigo"),
        )],
    );
}

#[test]
fn type_renamed_without_wire_change_is_info() {
    let a = soap_model(&base_soap());
    let mut b = a.clone();
    let i = b.types.iter().position(|t| t.key.name == "Morada").unwrap();
    b.types[i].key.name = "Endereco".into();
    let r = diff(&a, &b);
    expect(
        &r,
        &[(K::TypeRenamed, Info, Both, &p("request / cessarVinculo / morada"))],
    );
}

#[test]
fn http_path_method_and_parameters() {
    let r = rest_diff(|d| d.path = "/ci/v2/comprovativos-pagamento/{ano-pagamento}".into());
    expect(&r, &[(K::PathChanged, Breaking, Senders, REST_OP)]);
    let r = rest_diff(|d| {
        d.path = "/ci/comprovativos-pagamento/{ano}".into();
        d.params[0].0 = "ano".into();
    });
    expect(
        &r,
        &[
            (K::PathChanged, Info, Affects::None, REST_OP),
            (
                K::ParamRenamed,
                Info,
                Affects::None,
                &format!("{REST_OP} / request / path param ano"),
            ),
        ],
    );
    let r = rest_diff(|d| d.method = Method::Post);
    expect(&r, &[(K::MethodChanged, Breaking, Senders, REST_OP)]);
    let r = rest_diff(|d| d.params[1].3 = true);
    expect(
        &r,
        &[(
            K::BecameRequired,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / query param niss"),
        )],
    );
    let r = rest_diff(|d| {
        d.params
            .push(("pagina".into(), ParamLocation::Query, Primitive::I32, false))
    });
    expect(
        &r,
        &[(
            K::ParamAdded,
            Safe,
            Senders,
            &format!("{REST_OP} / request / query param pagina"),
        )],
    );
    let r = rest_diff(|d| {
        d.params
            .push(("x-versao".into(), ParamLocation::Header, Primitive::String, true))
    });
    expect(
        &r,
        &[(
            K::ParamAdded,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / header param x-versao"),
        )],
    );
    let r = rest_diff(|d| d.params[1].1 = ParamLocation::Header);
    expect(
        &r,
        &[(
            K::ParamLocationChanged,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / header param niss"),
        )],
    );
    let r = rest_diff(|d| d.params[1].2 = Primitive::I32);
    expect(
        &r,
        &[(
            K::FormatChanged,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / query param niss"),
        )],
    );
}

#[test]
fn http_bodies_statuses_and_json_types() {
    let r = rest_diff(|d| d.body = Some(vec![prop("motivo", Ty::P(Primitive::String), Occurs::ONE)]));
    expect(
        &r,
        &[(K::BodyAdded, Breaking, Senders, &format!("{REST_OP} / request / body"))],
    );
    let r = rest_diff(|d| d.responses.push((Status::Code(404), None)));
    expect(
        &r,
        &[(K::StatusAdded, Safe, Readers, &format!("{REST_OP} / response 404"))],
    );
    let r = rest_diff(|d| d.responses.push((Status::Code(202), None)));
    expect(
        &r,
        &[(K::StatusAdded, Breaking, Readers, &format!("{REST_OP} / response 202"))],
    );
    let r = rest_diff(|d| d.responses[0].0 = Status::Code(201));
    expect(
        &r,
        &[
            (
                K::StatusRemoved,
                Breaking,
                Readers,
                &format!("{REST_OP} / response 200"),
            ),
            (K::StatusAdded, Breaking, Readers, &format!("{REST_OP} / response 201")),
        ],
    );
    let r = rest_diff(|d| d.responses.retain(|r| r.0 != Status::Code(400)));
    expect(
        &r,
        &[(K::StatusRemoved, Safe, Readers, &format!("{REST_OP} / response 400"))],
    );
    // In JSON a number becoming a string is a type change, not a widening.
    let r = rest_diff(|d| d.responses[0].1.as_mut().unwrap()[2].ty = Ty::P(Primitive::String));
    expect(
        &r,
        &[(
            K::TypeChanged,
            Breaking,
            Readers,
            &format!("{REST_OP} / response 200 / valor"),
        )],
    );
    let r = rest_diff(|d| d.estado.push("ANULADO".into()));
    expect(
        &r,
        &[(
            K::EnumValueAdded,
            Safe,
            Readers,
            &format!("{REST_OP} / response 200 / estado"),
        )],
    );
    let r = rest_diff(|d| d.security = Vec::new());
    expect(&r, &[(K::AuthRemoved, Info, Affects::None, "service CI / auth")]);
    let mut d = base_rest();
    d.security = Vec::new();
    let r = diff(&rest_model(&d), &rest_model(&base_rest()));
    expect(&r, &[(K::AuthAdded, Breaking, Senders, "service CI / auth")]);
}

#[test]
fn renderers_are_deterministic_and_complete() {
    let r = soap_diff(|d| {
        d.estado.push("C".into());
        d.req[3].occurs = Occurs::ONE;
        d.action = Some("urn:novo|acao".into());
    });
    let again = soap_diff(|d| {
        d.estado.push("C".into());
        d.req[3].occurs = Occurs::ONE;
        d.action = Some("urn:novo|acao".into());
    });
    assert_eq!(to_json(&r), to_json(&again));
    assert_eq!(to_text(&r), to_text(&again));
    let text = to_text(&r);
    assert!(text.starts_with("Spec drift: 2 breaking, 1 safe, 0 info;"), "{text}");
    assert!(text.contains("BREAKING senders  service CessarVinculoTrabalhadorService / operation cessarVinculo\n    soap-action-changed:"), "{text}");
    let md = to_markdown(&r);
    assert!(md.contains("### `cessar-vinculo`"), "{md}");
    assert!(md.contains("`\"urn:novo\\|acao\"`"), "pipes are escaped: {md}");
    let json: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
    assert_eq!(json["summary"]["breaking"], 2);
    assert_eq!(json["changes"][0]["severity"], "breaking");
    assert_eq!(json["changes"][0]["kind"], "soap-action-changed");
    assert_eq!(json["changes"][0]["affects"], "senders");
    // Breaking first, then safe.
    let sev: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, vec!["breaking", "breaking", "safe"]);
}

#[test]
fn models_with_dangling_ids_do_not_panic() {
    let a = soap_model(&base_soap());
    let mut b = a.clone();
    if let Binding::Soap(s) = &mut b.services[0].operations[0].binding {
        s.input.parts[0].ty = TypeId(9999);
    }
    let _ = diff(&a, &b);
    let _ = diff(&b, &a);
    let mut c = a.clone();
    c.types.push(TypeDef {
        key: key(None, "loop", TypeKind::SimpleType),
        doc: None,
        source: Source::default(),
        shape: Shape::Alias(TypeId(c.types.len() as u32)),
        rust_name: String::new(),
        module: Vec::new(),
    });
    let _ = diff(&c, &a);
}

#[test]
fn union_variants() {
    let build = |variants: &[&str]| {
        let mut b = ArenaBuilder::new(SpecInfo {
            id: "u".into(),
            ..SpecInfo::default()
        });
        let s = b.primitive(Primitive::String);
        let u = b.declare(key(Some(NS), "Escolha", TypeKind::ComplexType), Source::default(), None);
        b.define(
            u,
            Shape::Union(UnionDef {
                variants: variants
                    .iter()
                    .map(|v| Variant {
                        wire: (*v).into(),
                        namespace: None,
                        ty: s,
                        occurs: Occurs::ONE,
                        doc: None,
                        inline: false,
                        rust_name: String::new(),
                        boxed: false,
                    })
                    .collect(),
                discriminator: None,
                style: UnionStyle::XmlChoice,
            }),
        );
        let mk = |parts: Vec<SoapPart>| SoapMessage { wrapper: None, parts };
        b.model.services.push(Service {
            name: "S".into(),
            doc: None,
            operations: vec![Operation {
                name: "op".into(),
                doc: None,
                deprecated: false,
                binding: Binding::Soap(SoapBinding {
                    version: SoapVersion::V11,
                    action: None,
                    style: SoapStyle::Document,
                    body_use: SoapUse::Literal,
                    input: mk(vec![SoapPart {
                        name: "p".into(),
                        element: (Some(NS.into()), "pedido".into()),
                        ty: u,
                    }]),
                    output: Some(mk(vec![SoapPart {
                        name: "p".into(),
                        element: (Some(NS.into()), "resposta".into()),
                        ty: u,
                    }])),
                    headers: Vec::new(),
                    faults: Vec::new(),
                    addressing: false,
                    addressing_action: None,
                }),
                source: Source::default(),
                rust_name: String::new(),
            }],
            addresses: Vec::new(),
            security: Vec::new(),
            source: Source::default(),
            rust_name: String::new(),
        });
        b.finish().unwrap()
    };
    let r = diff(&build(&["a", "b"]), &build(&["a", "b", "c"]));
    expect(
        &r,
        &[(
            K::VariantAdded,
            Breaking,
            Readers,
            "service S / operation op / request / pedido / c",
        )],
    );
    let r = diff(&build(&["a", "b"]), &build(&["a"]));
    expect(
        &r,
        &[(
            K::VariantRemoved,
            Breaking,
            Senders,
            "service S / operation op / request / pedido / b",
        )],
    );
}

#[test]
fn spec_level_changes() {
    assert_eq!(
        (spec_added("x").severity, spec_added("x").affects),
        (Safe, Affects::None)
    );
    assert_eq!(
        (spec_removed("x").severity, spec_removed("x").affects),
        (Breaking, Both)
    );
    let mut r = Report::default();
    r.extend(Report {
        changes: vec![spec_removed("b"), spec_added("a")],
        ..Report::default()
    });
    assert_eq!(r.changes[0].spec, "a");
}

// ----- generated Rust items ----------------------------------------------------------------

const GEN_OLD: &str = r#"//! Generated.
use crate::rt;

/// Pedido.
#[derive(Debug, Clone, PartialEq)]
pub struct CessarVinculo {
    /// NISS.
    pub niss: i64,
    pub fundamentacao: Option<String>,
    pub(crate) interno: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Estado {
    /// Ativo.
    A,
    B,
    Unknown(String),
}

impl Estado {
    pub fn as_str(&self) -> &str {
        match self {
            Estado::A => "A",
            _ => "?",
        }
    }
}

impl Default for Estado {
    fn default() -> Self {
        Estado::A
    }
}

pub struct Client {
    http: rt::Http,
}

impl Client {
    pub fn cessar_vinculo(
        &self,
        request: &CessarVinculo,
    ) -> Result<Estado, rt::Error> {
        let s = "{ not a brace }";
        todo!()
    }
}

pub const NAMESPACE: &str = "urn:x";
pub mod inner {
    pub fn helper() {}
}
"#;

#[test]
fn public_items_are_scanned() {
    let items = scan_public_items("cessar_vinculo/mod.rs", GEN_OLD);
    let keys: Vec<&str> = items.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "const cessar_vinculo::NAMESPACE",
            "enum cessar_vinculo::Estado",
            "field cessar_vinculo::CessarVinculo.fundamentacao",
            "field cessar_vinculo::CessarVinculo.niss",
            "fn cessar_vinculo::Client::cessar_vinculo",
            "fn cessar_vinculo::Estado::as_str",
            "fn cessar_vinculo::inner::helper",
            "impl cessar_vinculo::Default for Estado",
            "mod cessar_vinculo::inner",
            "struct cessar_vinculo::CessarVinculo",
            "struct cessar_vinculo::Client",
            "variant cessar_vinculo::Estado::A",
            "variant cessar_vinculo::Estado::B",
            "variant cessar_vinculo::Estado::Unknown",
        ],
        "{items:#?}"
    );
    assert_eq!(
        items["fn cessar_vinculo::Client::cessar_vinculo"],
        "pub fn cessar_vinculo(&self, request: &CessarVinculo) -> Result<Estado, rt::Error>"
    );
    assert_eq!(
        items["field cessar_vinculo::CessarVinculo.fundamentacao"],
        "Option<String>"
    );
}

#[test]
fn generated_trees_are_compared() {
    let new_text = GEN_OLD
        .replace(
            "    pub fundamentacao: Option<String>,\n",
            "    pub fundamentacao: String,\n    pub motivo: String,\n",
        )
        .replace("    B,\n", "");
    let old = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), GEN_OLD.to_owned())]);
    let new = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), new_text)]);
    let changes = diff_generated(&old, &new);
    let got: Vec<(&str, ItemChange)> = changes.iter().map(|c| (c.item.as_str(), c.change)).collect();
    assert_eq!(
        got,
        vec![
            ("field cessar_vinculo::CessarVinculo.fundamentacao", ItemChange::Changed),
            ("field cessar_vinculo::CessarVinculo.motivo", ItemChange::Added),
            ("variant cessar_vinculo::Estado::B", ItemChange::Removed),
        ]
    );
    assert!(diff_generated(&old, &old).is_empty());
}

#[test]
fn soap_envelope_level_changes() {
    let a = soap_model(&base_soap());
    let edit = |f: &dyn Fn(&mut SoapBinding)| {
        let mut b = a.clone();
        if let Binding::Soap(s) = &mut b.services[0].operations[0].binding {
            f(s);
        }
        diff(&a, &b)
    };
    expect(
        &edit(&|s| s.version = SoapVersion::V12),
        &[(K::SoapVersionChanged, Breaking, Both, OP)],
    );
    expect(
        &edit(&|s| s.style = SoapStyle::Rpc),
        &[(K::SoapStyleChanged, Breaking, Both, OP)],
    );
    expect(
        &edit(&|s| s.output = None),
        &[(K::ResponseAddedOrRemoved, Breaking, Readers, &p("response"))],
    );
    let header = |s: &mut SoapBinding| {
        let ty = s.input.parts[0].ty;
        s.headers.push(SoapPart {
            name: "h".into(),
            element: (Some(NS.into()), "cabecalho".into()),
            ty,
        });
    };
    expect(
        &edit(&header),
        &[(K::HeaderAdded, Breaking, Senders, &p("request header / cabecalho"))],
    );
    let r = edit(&|s| s.input.parts.clear());
    expect(
        &r,
        &[(K::PartRemoved, Breaking, Senders, &p("request / cessarVinculo"))],
    );
    // The binding moving to HTTP.
    let mut b = a.clone();
    b.services[0].operations[0].binding = Binding::Http(HttpBinding {
        method: Method::Post,
        path: "/x".into(),
        params: Vec::new(),
        body: None,
        responses: Vec::new(),
        security: Vec::new(),
    });
    expect(&diff(&a, &b), &[(K::BindingChanged, Breaking, Both, OP)]);
}

#[test]
fn http_content_types_and_repeated_params() {
    let a = rest_model(&base_rest());
    let mut b = a.clone();
    if let Binding::Http(h) = &mut b.services[0].operations[0].binding {
        h.responses[0].content_type = Some("application/xml".into());
        h.params[1].list = true;
    }
    expect(
        &diff(&a, &b),
        &[
            (
                K::ContentTypeChanged,
                Breaking,
                Readers,
                &format!("{REST_OP} / response 200"),
            ),
            (
                K::ParamListChanged,
                Safe,
                Senders,
                &format!("{REST_OP} / request / query param niss"),
            ),
        ],
    );
    let json = to_json(&diff(&a, &b));
    assert!(!json.contains("\"also\""), "empty `also` lists are left out: {json}");
}

/// The JSON reader's extra shapes (`x-psi-aliases`, `x-psi-bare-array`): more shapes are safe for
/// readers, fewer break them; senders are unaffected.
#[test]
fn json_reader_shapes_widened_and_narrowed() {
    let plain = rest_model(&base_rest());
    let mut wider = plain.clone();
    let body = wider
        .types
        .iter_mut()
        .find_map(|t| match &mut t.shape {
            Shape::Struct(s) if s.fields.iter().any(|f| f.wire == "codigoResultado") => Some(s),
            _ => None,
        })
        .expect("the 200 body");
    body.fields[0].aliases = vec!["codigo-resultado".into()];
    body.fields[1].occurs = Occurs::MANY;
    body.bare_list = Some(1);
    let kinds = |r: &Report| -> Vec<(ChangeKind, Severity)> {
        let mut v: Vec<_> = r
            .changes
            .iter()
            .filter(|c| matches!(c.kind, K::FieldRenamed | K::StructChanged))
            .map(|c| (c.kind, c.severity))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        kinds(&diff(&plain, &wider)),
        [(K::FieldRenamed, Safe), (K::StructChanged, Safe)]
    );
    assert_eq!(
        kinds(&diff(&wider, &plain)),
        [(K::FieldRenamed, Breaking), (K::StructChanged, Breaking)]
    );
}
