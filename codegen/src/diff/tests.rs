//! Every classification case, on hand-built models.

use std::collections::BTreeMap;

use super::*;
use crate::model::{
    ArenaBuilder, Binding, Body, EnumDef, EnumValue, Facets, Field, FieldKind, HttpBinding, Method, Model, Occurs,
    Operation, Param, ParamLocation, Primitive, Response, SecurityScheme, Service, Shape, SoapBinding, SoapFault,
    SoapMessage, SoapPart, SoapStyle, SoapUse, SoapVersion, Source, SpecInfo, Status, StructDef, TypeDef, TypeId,
    TypeKey, TypeKind, UnionDef, UnionStyle, Variant,
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
                output_headers: Vec::new(),
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
            array_style: crate::model::ArrayStyle::Single,
            path_style: crate::model::PathStyle::Simple,
            explode: false,
            file: false,
            content_type: None,
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
                headers: Vec::new(),
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
                form: None,
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

mod report_cases;
mod rest_cases;
mod soap_cases;
