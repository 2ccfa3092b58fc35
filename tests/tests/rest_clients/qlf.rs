//! QLF: comunicar vínculo com enquadramento (§6.9): the body against the spec, and the answers.

use psi_client::api::{qlf, shared};
use psi_sim::Reply;
use psi_tests::sim::{self, Cred, exchange};
use serde_json::json;

use super::common::*;

#[test]
fn qlf_request_body_matches_the_spec() {
    let (result, seen) = exchange(Cred::Bearer, sim::raw(QLF, 204, None, ""), |c| {
        qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&vinculo_termo_certo())
    });
    let spec = qlf_spec();
    assert_declared(&spec, "post", "/qlf/tco/vinculos/pedido");
    assert_request(&seen, "POST", "/ptss/rest/qlf/tco/vinculos/pedido", Cred::Bearer);
    let body = json_body(&seen);
    spec.assert_valid_body("post", "/qlf/tco/vinculos/pedido", &body);
    // NISS as JSON integers, dates as YYYY-MM-DD, amounts as exact numbers (§5.1–§5.3, §6.9):
    // `900.00` travels with its scale, as the decimal holds it.
    assert_eq!(body["remuneracao-base"].to_string(), "900.00");
    assert_eq!(
        body,
        json!({
            "niss-entidade-empregadora": 21111111111_u64,
            "niss-trabalhador": 29999999991_u64,
            "data-nascimento": "1990-01-31",
            "modalidade-contrato": "E",
            "prestacao-trabalho": "P",
            "inicio-contrato": "2024-02-01",
            "fim-contrato": "2024-07-31",
            "profissao": "93130",
            "remuneracao-base": serde_json::Number::from_string_unchecked("900.00".into()),
            "enquadramento": "REGE",
            "local-trabalho": 1,
            "motivo-contrato": "AEAT"
        })
    );
    assert_eq!(result.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::NoContent);
}

#[test]
fn qlf_part_time_substitution_body_matches_the_spec() {
    let mut request = vinculo_termo_certo()
        .with_percentagem_trabalho(dec("50"))
        .with_horas_trabalho(dec("20"))
        .with_dias_trabalho(dec("2.5"))
        .with_motivo_contrato(shared::MotivoContrato::Staj)
        .with_niss_trabalhador_substituir(niss("19999999990"));
    request.modalidade_contrato = shared::ModalidadeContrato::F;
    request.prestacao_trabalho = shared::PrestacaoTrabalho::T;
    request.remuneracao_base = dec("612.5");
    let (_, seen) = exchange(Cred::Basic, sim::raw(QLF, 204, None, ""), |c| {
        qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&request)
    });
    assert_request(&seen, "POST", "/ptss/rest/qlf/tco/vinculos/pedido", Cred::Basic);
    let body = json_body(&seen);
    qlf_spec().assert_valid_body("post", "/qlf/tco/vinculos/pedido", &body);
    assert_eq!(body["remuneracao-base"], json!(612.5));
    assert_eq!(body["dias-trabalho"], json!(2.5));
    assert_eq!(body["niss-trabalhador-substituir"], json!(19999999990_u64));
}

/// A termo incerto modality omits `fim-contrato` (an empty string is rejected, §6.9).
#[test]
fn qlf_termo_incerto_omits_fim_contrato() {
    let mut request = vinculo_termo_certo();
    request.modalidade_contrato = shared::ModalidadeContrato::G;
    request.fim_contrato = None;
    let (_, seen) = exchange(Cred::Basic, sim::raw(QLF, 204, None, ""), |c| {
        qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&request)
    });
    let body = json_body(&seen);
    assert!(body.get("fim-contrato").is_none(), "{body}");
    assert!(
        body.get("percentagem-trabalho").is_none() && body.get("niss-trabalhador-substituir").is_none(),
        "{body}"
    );
    assert_eq!(body["modalidade-contrato"], "G");
}

#[test]
fn qlf_answers() {
    let call = |c| qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&vinculo_termo_certo());
    let (r, _) = exchange(Cred::Basic, sim::raw(QLF, 204, None, ""), call);
    assert_eq!(r.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::NoContent);
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(
            QLF,
            400,
            json!({"code": 400, "message": "DATA FIM CONTRATO COM FORMATO INVÁLIDO"}),
        ),
        call,
    );
    assert_eq!(
        r.unwrap(),
        qlf::ComunicarVinculoTrabalhadorResponse::BadRequest(
            qlf::RetornoValidacaoDto::new()
                .with_code(400)
                .with_message("DATA FIM CONTRATO COM FORMATO INVÁLIDO")
        )
    );
    let (r, _) = exchange(Cred::Basic, sim::on(QLF).reply(Reply::Forbidden), call);
    assert_eq!(
        r.unwrap(),
        qlf::ComunicarVinculoTrabalhadorResponse::Forbidden(
            qlf::RetornoValidacaoDto::new()
                .with_code(403)
                .with_message("Operação não permitida")
        )
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(QLF, 500, json!({"code": 500, "message": "Erro interno"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::InternalServerError(e) if e.code == Some(500))
    );
    let (r, _) = exchange(Cred::Basic, sim::on(QLF).reply(Reply::Unauthorized), call);
    assert_eq!(r.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::Unauthorized);
}
