//! Response records of the reconstructed specs are read tolerantly: an element whose
//! cardinality the public facts do not state may be absent without failing the answer.

use psi_client::api::obter_comunicacoes::{BlockingClient as Client, ObterComunicacoes, TipoComunicacao};
use psi_tests::sim::{self, Cred, exchange};
use psi_tests::soap;

const VO: &str = "http://vo.webservice.contrato.segsocial.pt";

/// Consultar Comunicações answered (by the simulator, as scripted) with `body` in an envelope.
fn obter(body: &str) -> Result<psi_client::api::obter_comunicacoes::ObterComunicacoesResponse, psi_client::rt::Error> {
    let script = soap::ok("obterComunicacoes", "soap", body);
    exchange(Cred::Basic, script, |c| {
        Client::new(c).obter_comunicacoes(&ObterComunicacoes::new())
    })
    .0
}

#[test]
fn a_pending_comunicacao_without_motivo_is_returned() {
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><tipoComunicacao>0</tipoComunicacao><nissTrabalhador>29999999991</nissTrabalhador>\
         <nomeTrabalhador>J*** S****</nomeTrabalhador><inicioContrato>2024-02-05</inicioContrato></comunicacao>\
         </ns2:obterComunicacoesResponse>"
    );
    let r = obter(&body).expect("a pending item without motivo is a plausible answer");
    assert_eq!(r.comunicacao.len(), 1);
    let c = &r.comunicacao[0];
    assert_eq!(c.tipo_comunicacao, Some(TipoComunicacao::V0));
    assert_eq!(c.niss_trabalhador.as_ref().map(|n| n.as_str()), Some("29999999991"));
    assert_eq!((c.motivo.as_deref(), c.taxa, c.data_processamento), (None, None, None));
}

#[test]
fn a_present_element_with_a_wrong_type_still_fails() {
    // Tolerance is about absence only: a value that is there must still read.
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><taxa>not a number</taxa></comunicacao></ns2:obterComunicacoesResponse>"
    );
    assert!(obter(&body).is_err());
}

// ---- CI lists: every envelope the public facts allow, and nothing else (§6.11, §6.12) ----

mod ci_lists {
    use psi_client::api::comprovativos_pagamento::ComprovativosPagamentoRespostaVo;
    use psi_client::api::consulta_documentos_pagamento::ConsultaDocumentosPagamentoRespostaVo;
    use psi_client::api::shared::{ObterDocumentoPagamentoVo, RetornoValidacaoDto};
    use psi_client::rt::ResultCode;

    fn documentos(json: &str) -> Result<ConsultaDocumentosPagamentoRespostaVo, serde_json::Error> {
        serde_json::from_str(json)
    }

    const DOC_A: &str = r#"{"tipo":"DP","numeroDocumentoPagamento":"123456789","valor":1234.56}"#;
    const DOC_B: &str = r#"{"tipo":"DP","numeroDocumentoPagamento":"987654321"}"#;

    fn numbers(vo: &ConsultaDocumentosPagamentoRespostaVo) -> Vec<&str> {
        vo.resultado
            .iter()
            .filter_map(|d| d.numero_documento_pagamento.as_deref())
            .collect()
    }

    #[test]
    fn the_list_under_resultado() {
        let vo = documentos(&format!(r#"{{"codigoResultado":"1","resultado":[{DOC_A},{DOC_B}]}}"#)).unwrap();
        assert_eq!(numbers(&vo), ["123456789", "987654321"]);
        assert_eq!(vo.codigo_resultado.map(ResultCode::value), Some(1));
        assert_eq!(vo.resultado[0].valor, Some("1234.56".parse().unwrap()), "exact decimal");
    }

    #[test]
    fn the_list_under_documentos() {
        let vo = documentos(&format!(r#"{{"codigoResultado":1,"documentos":[{DOC_A},{DOC_B}]}}"#)).unwrap();
        assert_eq!(numbers(&vo), ["123456789", "987654321"]);
        let vo = documentos(&format!(r#"{{"documentos":[{DOC_B}]}}"#)).unwrap();
        assert_eq!(numbers(&vo), ["987654321"]);
    }

    #[test]
    fn a_bare_array() {
        let vo = documentos(&format!("[{DOC_A},{DOC_B}]")).unwrap();
        assert_eq!(numbers(&vo), ["123456789", "987654321"]);
        assert_eq!((vo.codigo_resultado, vo.mensagem), (None, None));
        assert_eq!(vo.resultado[0].valor, Some("1234.56".parse().unwrap()), "exact decimal");
        assert!(documentos("[]").unwrap().resultado.is_empty());
    }

    #[test]
    fn written_back_under_resultado() {
        let vo = documentos(&format!("[{DOC_B}]")).unwrap();
        let json: serde_json::Value = serde_json::to_value(&vo).unwrap();
        assert_eq!(json["resultado"][0]["numeroDocumentoPagamento"], "987654321");
    }

    #[test]
    fn no_records_without_a_list() {
        let vo = documentos(r#"{"codigoResultado":"4","mensagem":"Sem registos"}"#).unwrap();
        assert_eq!(vo.codigo_resultado.map(ResultCode::value), Some(4));
        assert!(vo.resultado.is_empty());
    }

    #[test]
    fn any_other_shape_is_an_error() {
        let e = documentos(&format!(r#"{{"lista":[{DOC_A}]}}"#))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("none of the declared properties") && e.contains("lista"),
            "{e}"
        );
        assert!(
            documentos(&format!(r#"{{"resultado":[{DOC_A}],"documentos":[{DOC_B}]}}"#)).is_err(),
            "two lists"
        );
        assert!(documentos(r#""resultado""#).is_err());
        assert!(documentos("[1, 2]").is_err(), "items that are no documents");
    }

    #[test]
    fn comprovativos_in_every_allowed_shape() {
        let item = r#"{"numeroDocumentoPagamento":"1","dataPagamento":"2024-03-15","valorPago":99999.99}"#;
        for json in [
            format!(r#"{{"codigoResultado":"1","resultado":[{item}]}}"#),
            format!(r#"{{"comprovativos":[{item}]}}"#),
            format!("[{item}]"),
        ] {
            let vo: ComprovativosPagamentoRespostaVo =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(vo.resultado.len(), 1, "{json}");
            assert_eq!(vo.resultado[0].valor_pago, Some("99999.99".parse().unwrap()));
        }
        let other: Result<ComprovativosPagamentoRespostaVo, _> =
            serde_json::from_str(&format!(r#"{{"documentos":[{item}]}}"#));
        assert!(other.is_err());
    }

    #[test]
    fn every_all_optional_object_refuses_a_foreign_shape() {
        // An object naming none of its declared properties (but others) is an error…
        assert!(serde_json::from_str::<ObterDocumentoPagamentoVo>(r#"{"documento":{"tipo":"DP"}}"#).is_err());
        assert!(serde_json::from_str::<RetornoValidacaoDto>(r#"{"erro":"x"}"#).is_err());
        // …while extra properties beside a declared one, and an empty object, lose nothing.
        let dto: RetornoValidacaoDto =
            serde_json::from_str(r#"{"code":403,"message":"Operação não permitida","extra":1}"#).unwrap();
        assert_eq!(
            (dto.code, dto.message.as_deref()),
            (Some(403), Some("Operação não permitida"))
        );
        assert_eq!(
            serde_json::from_str::<RetornoValidacaoDto>("{}").unwrap(),
            RetornoValidacaoDto::new()
        );
        assert!(
            serde_json::from_str::<RetornoValidacaoDto>(r#"{"code":1,"code":2}"#).is_err(),
            "duplicate"
        );
    }
}

#[test]
fn consulta_de_documentos_answered_under_documentos_returns_them() {
    use psi_client::api::consulta_documentos_pagamento::{
        BlockingClient as Consulta, ConsultarDocumentosPagamentoResponse,
    };

    let body = r#"{"codigoResultado":"1","documentos":[{"tipo":"DP","numeroDocumentoPagamento":"123456789"}]}"#;
    let script = sim::raw("consultarDocumentosPagamento", 200, Some("application/json"), body);
    let (answer, _) = exchange(Cred::Bearer, script, |c| {
        Consulta::new(c).consultar_documentos_pagamento(None)
    });
    let answer = answer.expect("decoded");
    let ConsultarDocumentosPagamentoResponse::Ok(vo) = answer else {
        panic!("HTTP 200 is Ok: {answer:?}")
    };
    assert_eq!(vo.resultado.len(), 1);
    assert_eq!(vo.resultado[0].numero_documento_pagamento.as_deref(), Some("123456789"));
}
