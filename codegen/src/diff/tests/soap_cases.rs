//! SOAP operations and the types they carry: every classification case.

use super::*;

#[test]
fn unchanged_models_have_no_changes() {
    let r = soap_diff(|_| {});
    assert!(r.is_empty(), "{}", to_text(&r));
    let r = rest_diff(|_| {});
    assert!(r.is_empty(), "{}", to_text(&r));
    assert_eq!(
        to_text(&r),
        "Spec drift: 0 change(s) break users (0 on the wire, 0 in Rust); 0 safe, 0 info on the wire; 0 spec file(s) changed; 0 public Rust item(s) changed (0 major); 0 place(s) of hand-written code to review\nNo differences.\n"
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
                    output_headers: Vec::new(),
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
        form: None,
        responses: Vec::new(),
        security: Vec::new(),
    });
    expect(&diff(&a, &b), &[(K::BindingChanged, Breaking, Both, OP)]);
}
