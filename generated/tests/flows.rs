//! `psi_client::flows` over a fake `rt::Transport`: queued HTTP responses, recorded requests,
//! no real sleeping. Codes and texts are the ones the project reference gives (`psi-services.md`
//! §6.1, §6.7, §6.10, §7.7).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use psi_client::api::{consultar_contratos, consultar_trabalhadores, emissao_documentos_pagamento};
use psi_client::flows::blocking as run;
use psi_client::flows::{MessagePatterns, Outcome, Polling};
use psi_client::rt::{self, Config, Error, Request, Response, Transport, TransportError, TransportErrorKind};

/// A request as the fake saw it.
#[derive(Debug)]
struct Seen {
    method: String,
    url: String,
    body: Vec<u8>,
}

// ---- the fake transport -------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Fake {
    responses: Mutex<VecDeque<Response>>,
    requests: Mutex<Vec<Request>>,
}

impl Fake {
    fn new(responses: Vec<Response>) -> Arc<Self> {
        Arc::new(Fake {
            responses: Mutex::new(responses.into()),
            requests: Mutex::default(),
        })
    }

    fn requests(&self) -> Vec<Seen> {
        self.requests
            .lock()
            .expect("lock")
            .iter()
            .map(|r| Seen {
                method: r.method().to_string(),
                url: r.uri().to_string(),
                body: r.body().clone(),
            })
            .collect()
    }

    fn bodies(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| String::from_utf8_lossy(&r.body).into_owned())
            .collect()
    }

    fn left(&self) -> usize {
        self.responses.lock().expect("lock").len()
    }
}

impl Transport for Fake {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.requests.lock().expect("lock").push(request);
        self.responses
            .lock()
            .expect("lock")
            .pop_front()
            .ok_or_else(|| TransportError::new(TransportErrorKind::Other, "no canned response left"))
    }
}

fn response(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
    rt::transport::response(status, content_type, body)
}

/// A SOAP 1.1 envelope around `body` (HTTP 200, `text/xml`).
fn soap(body: &str) -> Response {
    response(
        200,
        "text/xml; charset=utf-8",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
             <soap:Body>{body}</soap:Body></soap:Envelope>"
        ),
    )
}

fn json(status: u16, body: &str) -> Response {
    response(status, "application/json", body)
}

/// Records the waits instead of sleeping.
#[derive(Debug, Default)]
struct Waits(Vec<Duration>);

impl Waits {
    fn sleeper(&mut self) -> impl FnMut(Duration) + '_ {
        |d| self.0.push(d)
    }
}

const INTERVAL: Duration = Duration::from_millis(1500);

fn polling(max_attempts: u32) -> Polling {
    Polling::new(INTERVAL, max_attempts)
}

// ---- §6.1 Consultar Trabalhadores ---------------------------------------------------------------

const WSIDQ: &str = "http://vo.webservice.wsidq.segsocial.pt";

fn wsidq_chave(chave: &str) -> Response {
    soap(&format!(
        "<ns:getQualificacoesTrabalhadoresVinculadosEEResponse xmlns:ns=\"{WSIDQ}\">\
         <chave>{chave}</chave></ns:getQualificacoesTrabalhadoresVinculadosEEResponse>"
    ))
}

fn wsidq_dados(codigo: &str, mensagem: Option<&str>, records: &str) -> Response {
    let mensagem = mensagem.map_or_else(String::new, |m| format!("<mensagemEstado>{m}</mensagemEstado>"));
    soap(&format!(
        "<ns:getDadosResponse xmlns:ns=\"{WSIDQ}\"><codigoEstado>{codigo}</codigoEstado>\
         {mensagem}{records}</ns:getDadosResponse>"
    ))
}

const TRABALHADOR: &str = "<trabalhadoresQualificacoes>\
    <nissEE>20000000001</nissEE><nissPS>11234567892</nissPS><nomePS>J*** S***</nomePS>\
    <dataNascimentoTrabalhador>1990-03-04</dataNascimentoTrabalhador><tipoQlf>TCO</tipoQlf>\
    <dataEntradaRegistoEE>2024-01-02</dataEntradaRegistoEE><dataInicioQlf>2024-01-02</dataInicioQlf>\
    </trabalhadoresQualificacoes>";

fn trabalhadores_client(fake: &Arc<Fake>) -> consultar_trabalhadores::BlockingClient {
    consultar_trabalhadores::BlockingClient::with_transport(Config::for_url("https://psi.test/ws/idq"), fake.clone())
}

fn trabalhadores_request() -> consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe {
    let data_fim_pesquisa: rt::DateTime = "2026-03-31T23:59:59Z".parse().expect("date-time");
    let data_inicio_pesquisa: rt::DateTime = "2026-01-01T00:00:00Z".parse().expect("date-time");
    consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe::new(
        consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo::new(data_fim_pesquisa, data_inicio_pesquisa),
    )
}

fn run_trabalhadores(
    fake: &Arc<Fake>,
    max_attempts: u32,
    patterns: &MessagePatterns,
    waits: &mut Waits,
) -> Result<Outcome<Vec<consultar_trabalhadores::TrabalhadorQualificacoes>>, Error> {
    run::consultar_trabalhadores(
        &trabalhadores_client(fake),
        &trabalhadores_request(),
        &polling(max_attempts),
        patterns,
        &mut waits.sleeper(),
    )
}

#[test]
fn trabalhadores_data_after_two_pending_polls() {
    let pending = "O pedido ainda não foi processado";
    let fake = Fake::new(vec![
        wsidq_chave("K-1"),
        wsidq_dados("0", Some(pending), ""),
        wsidq_dados("0", Some("AINDA NAO FOI PROCESSADO"), ""),
        wsidq_dados("0", None, TRABALHADOR),
    ]);
    let mut waits = Waits::default();
    let out = run_trabalhadores(&fake, 8, &MessagePatterns::consultar_trabalhadores(), &mut waits).expect("flow");
    let Outcome::Data(records) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].niss_ps.as_ref().map(|n| n.as_str()), Some("11234567892"));
    assert_eq!(waits.0, vec![INTERVAL; 3], "one wait before each of the 3 polls");
    let bodies = fake.bodies();
    assert_eq!(bodies.len(), 4);
    assert!(bodies[0].contains("getQualificacoesTrabalhadoresVinculadosEE"));
    for body in &bodies[1..] {
        assert!(
            body.contains("getDados") && body.contains("<chave>K-1</chave>"),
            "{body}"
        );
    }
}

#[test]
fn trabalhadores_no_data() {
    let fake = Fake::new(vec![
        wsidq_chave("K"),
        wsidq_dados("0", Some("Sem dados de retorno"), ""),
    ]);
    let out = run_trabalhadores(
        &fake,
        8,
        &MessagePatterns::consultar_trabalhadores(),
        &mut Waits::default(),
    );
    assert_eq!(out.expect("flow"), Outcome::NoData);
}

#[test]
fn trabalhadores_expired() {
    let fake = Fake::new(vec![wsidq_chave("K"), wsidq_dados("0", Some("A chave expirou"), "")]);
    let out = run_trabalhadores(
        &fake,
        8,
        &MessagePatterns::consultar_trabalhadores(),
        &mut Waits::default(),
    );
    assert_eq!(out.expect("flow"), Outcome::Expired);
}

#[test]
fn trabalhadores_business_error() {
    // codigoEstado 2: the text is the error.
    let fake = Fake::new(vec![wsidq_chave("K"), wsidq_dados("2", Some("NISS inválido"), "")]);
    let out = run_trabalhadores(
        &fake,
        8,
        &MessagePatterns::consultar_trabalhadores(),
        &mut Waits::default(),
    );
    assert_eq!(
        out.expect("flow"),
        Outcome::Failed {
            code: Some(2),
            message: Some("NISS inválido".into())
        }
    );
    // Code 0 with a text no pattern knows and no records: reported, not guessed.
    let fake = Fake::new(vec![wsidq_chave("K"), wsidq_dados("0", Some("Erro inesperado"), "")]);
    let out = run_trabalhadores(
        &fake,
        8,
        &MessagePatterns::consultar_trabalhadores(),
        &mut Waits::default(),
    );
    assert_eq!(
        out.expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: Some("Erro inesperado".into())
        }
    );
    // Step 1 without a chave: its message, no code, no polling.
    let fake = Fake::new(vec![soap(&format!(
        "<ns:getQualificacoesTrabalhadoresVinculadosEEResponse xmlns:ns=\"{WSIDQ}\">\
         <mensagemEstado>Período superior a 90 dias</mensagemEstado>\
         </ns:getQualificacoesTrabalhadoresVinculadosEEResponse>"
    ))]);
    let mut waits = Waits::default();
    let out = run_trabalhadores(&fake, 8, &MessagePatterns::consultar_trabalhadores(), &mut waits);
    assert_eq!(
        out.expect("flow"),
        Outcome::Failed {
            code: None,
            message: Some("Período superior a 90 dias".into())
        }
    );
    assert!(waits.0.is_empty());
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn trabalhadores_attempts_exhausted() {
    let pending = || wsidq_dados("0", Some("ainda não foi processado"), "");
    let fake = Fake::new(vec![wsidq_chave("K-9"), pending(), pending(), pending(), pending()]);
    let mut waits = Waits::default();
    let out = run_trabalhadores(&fake, 3, &MessagePatterns::consultar_trabalhadores(), &mut waits);
    assert_eq!(out.expect("flow"), Outcome::Pending { chave: "K-9".into() });
    assert_eq!(waits.0.len(), 3);
    assert_eq!(fake.requests().len(), 4, "step 1 and three polls");
    assert_eq!(fake.left(), 1);

    // Resume with the chave later.
    let mut waits = Waits::default();
    let fake2 = Fake::new(vec![wsidq_dados("0", Some(""), TRABALHADOR)]);
    let out = run::obter_trabalhadores(
        &trabalhadores_client(&fake2),
        "K-9",
        &polling(1),
        &MessagePatterns::consultar_trabalhadores(),
        &mut waits.sleeper(),
    )
    .expect("flow");
    assert!(matches!(out, Outcome::Data(ref r) if r.len() == 1), "{out:?}");
    assert!(fake2.bodies()[0].contains("<chave>K-9</chave>"));
}

#[test]
fn trabalhadores_file_and_configurable_patterns() {
    // codigoEstado 1: a file; the generated response has no attachment element.
    let fake = Fake::new(vec![wsidq_chave("K"), wsidq_dados("1", None, "")]);
    let out = run_trabalhadores(
        &fake,
        8,
        &MessagePatterns::consultar_trabalhadores(),
        &mut Waits::default(),
    );
    let Outcome::File(file) = out.expect("flow") else {
        panic!("expected a file")
    };
    assert_eq!(file.bytes, None);
    assert!(file.note.is_some_and(|n| n.contains("not published")));

    // A rewording the defaults miss, taught through the patterns.
    let mut patterns = MessagePatterns::consultar_trabalhadores();
    patterns.pending.push("em processamento".into());
    let fake = Fake::new(vec![
        wsidq_chave("K"),
        wsidq_dados("0", Some("Pedido em processamento"), ""),
        wsidq_dados("0", None, ""),
    ]);
    let out = run_trabalhadores(&fake, 8, &patterns, &mut Waits::default());
    assert_eq!(out.expect("flow"), Outcome::Data(vec![]));
}

#[test]
fn trabalhadores_not_authorised_is_an_error() {
    // §4.4: HTTP 403 with an empty SOAP Body.
    let fake = Fake::new(vec![response(403, "text/xml", "")]);
    let err = run_trabalhadores(
        &fake,
        8,
        &MessagePatterns::consultar_trabalhadores(),
        &mut Waits::default(),
    )
    .expect_err("403");
    assert!(err.is_forbidden(), "{err:?}");
}

// ---- §6.7 Consultar Contratos -------------------------------------------------------------------

const VO: &str = "http://vo.webservice.contrato.segsocial.pt";

fn contratos_chave(chave: &str) -> Response {
    soap(&format!(
        "<ns2:pesquisaContratosResponse xmlns:ns2=\"{VO}\"><chave>{chave}</chave></ns2:pesquisaContratosResponse>"
    ))
}

fn contratos_dados(codigo: i32, mensagem: Option<&str>, rest: &str) -> Response {
    let mensagem = mensagem.map_or_else(String::new, |m| format!("<mensagens-erro>{m}</mensagens-erro>"));
    soap(&format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>{codigo}</codigo-resultado>\
         {mensagem}{rest}</ns2:getDadosContratosResponse>"
    ))
}

const CONTRATOS: &str = "<contratos><contrato>\
    <niss-trabalhador>11234567892</niss-trabalhador><nome-trabalhador>J*** S***</nome-trabalhador>\
    <modalidade-contrato>E</modalidade-contrato><prestacao-trabalho>P</prestacao-trabalho>\
    <inicio-contrato>2026-01-01</inicio-contrato><fim-contrato>2026-12-31</fim-contrato>\
    <inicio-informacao-contrato>2026-01-01</inicio-informacao-contrato>\
    <fim-informacao-contrato>2026-12-31</fim-informacao-contrato>\
    <profissao>93130</profissao><remuneracao-base>920.00</remuneracao-base>\
    <motivo-contrato>AEAT</motivo-contrato>\
    </contrato></contratos>";

fn contratos_client(fake: &Arc<Fake>) -> consultar_contratos::BlockingClient {
    consultar_contratos::BlockingClient::with_transport(
        Config::for_url("https://psi.test/ws/contrato/v1/contratos"),
        fake.clone(),
    )
}

fn run_contratos(
    fake: &Arc<Fake>,
    max_attempts: u32,
    waits: &mut Waits,
) -> Result<Outcome<Vec<consultar_contratos::Contrato>>, Error> {
    let request = consultar_contratos::PesquisaContratos::new(
        rt::Date::from_ymd_opt(2026, 1, 1).expect("date"),
        rt::Date::from_ymd_opt(2026, 3, 31).expect("date"),
    );
    run::consultar_contratos(
        &contratos_client(fake),
        &request,
        &polling(max_attempts),
        &MessagePatterns::consultar_contratos(),
        &mut waits.sleeper(),
    )
}

#[test]
fn contratos_data_after_two_pending_polls() {
    let fake = Fake::new(vec![
        contratos_chave("C-1"),
        contratos_dados(0, Some("O pedido não foi processado"), ""),
        contratos_dados(0, Some("Tenta mais tarde"), ""),
        contratos_dados(1, None, CONTRATOS),
    ]);
    let mut waits = Waits::default();
    let out = run_contratos(&fake, 8, &mut waits).expect("flow");
    let Outcome::Data(contratos) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(contratos.len(), 1);
    assert_eq!(contratos[0].profissao.as_deref(), Some("93130"));
    assert_eq!(waits.0, vec![INTERVAL; 3]);
    let bodies = fake.bodies();
    assert!(bodies[0].contains("pesquisaContratos"));
    for body in &bodies[1..] {
        assert!(
            body.contains("getDadosContratos") && body.contains("<chave>C-1</chave>"),
            "{body}"
        );
    }
}

#[test]
fn contratos_no_data() {
    let fake = Fake::new(vec![
        contratos_chave("C"),
        contratos_dados(4, Some("Sem resultados"), ""),
    ]);
    assert_eq!(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::NoData
    );
}

#[test]
fn contratos_expired() {
    let fake = Fake::new(vec![
        contratos_chave("C"),
        contratos_dados(0, Some("A chave EXPIROU"), ""),
    ]);
    assert_eq!(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Expired
    );
}

#[test]
fn contratos_business_error() {
    let fake = Fake::new(vec![
        contratos_chave("C"),
        contratos_dados(3, Some("Validação falhou"), ""),
    ]);
    assert_eq!(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Failed {
            code: Some(3),
            message: Some("Validação falhou".into())
        }
    );
    // Code 0 that is neither "processing" nor "expired": unknown key or server error.
    let fake = Fake::new(vec![
        contratos_chave("C"),
        contratos_dados(0, Some("Chave desconhecida"), ""),
    ]);
    assert_eq!(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: Some("Chave desconhecida".into())
        }
    );
    // Step 1 answered with mensagens-erro and no chave.
    let fake = Fake::new(vec![soap(&format!(
        "<ns2:pesquisaContratosResponse xmlns:ns2=\"{VO}\">\
         <mensagens-erro>Data fim anterior à data início</mensagens-erro></ns2:pesquisaContratosResponse>"
    ))]);
    assert_eq!(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Failed {
            code: None,
            message: Some("Data fim anterior à data início".into())
        }
    );
}

#[test]
fn contratos_attempts_exhausted() {
    let pending = || contratos_dados(0, Some("não foi processado"), "");
    let fake = Fake::new(vec![contratos_chave("C-7"), pending(), pending()]);
    let mut waits = Waits::default();
    let out = run_contratos(&fake, 2, &mut waits).expect("flow");
    assert_eq!(out, Outcome::Pending { chave: "C-7".into() });
    assert_eq!(waits.0.len(), 2);
    assert_eq!(fake.left(), 0);
}

/// A file whose bytes came through but are not a ZIP of contracts: kept, with the reason.
fn assert_file(out: Outcome<Vec<consultar_contratos::Contrato>>, bytes: &[u8]) {
    let Outcome::File(file) = out else {
        panic!("expected a file, got {out:?}")
    };
    assert_eq!(file.bytes.as_deref(), Some(bytes));
    assert_eq!(file.data, None);
    assert!(file.note.is_some(), "the reason it was not read");
}

#[test]
fn contratos_file() {
    // Inline base64 in ficheiro-dados.
    let fake = Fake::new(vec![
        contratos_chave("C"),
        contratos_dados(1, None, "<ficheiro-dados>UEsDBA==</ficheiro-dados>"),
    ]);
    assert_file(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        &[0x50, 0x4B, 0x03, 0x04],
    );

    // MTOM/XOP: the reader resolves xop:Include to the attachment's bytes.
    let mut body = Vec::new();
    body.extend_from_slice(
        b"--b1\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n\
          Content-ID: <root>\r\n\r\n",
    );
    body.extend_from_slice(
        format!(
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
             <ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
             <ficheiro-dados><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" \
             href=\"cid:zip1\"/></ficheiro-dados></ns2:getDadosContratosResponse></soap:Body></soap:Envelope>"
        )
        .as_bytes(),
    );
    body.extend_from_slice(b"\r\n--b1\r\nContent-Type: application/zip\r\nContent-ID: <zip1>\r\n\r\n");
    body.extend_from_slice(&[0x50, 0x4B, 0x03, 0x04]);
    body.extend_from_slice(b"\r\n--b1--\r\n");
    let mtom = response(
        200,
        "multipart/related; type=\"application/xop+xml\"; boundary=\"b1\"; start=\"<root>\"",
        body,
    );
    let fake = Fake::new(vec![contratos_chave("C"), mtom]);
    assert_file(
        run_contratos(&fake, 8, &mut Waits::default()).expect("flow"),
        &[0x50, 0x4B, 0x03, 0x04],
    );
}

// ---- §6.10 Emissão de Documentos de Pagamento ---------------------------------------------------

fn emissao_client(fake: &Arc<Fake>) -> emissao_documentos_pagamento::BlockingClient {
    emissao_documentos_pagamento::BlockingClient::with_transport(
        Config::for_url("https://psi.test/ptss/rest"),
        fake.clone(),
    )
}

fn run_emissao(
    fake: &Arc<Fake>,
    max_attempts: u32,
    waits: &mut Waits,
) -> Result<Outcome<Vec<psi_client::api::shared::ObterDocumentoPagamentoVo>>, Error> {
    let body =
        emissao_documentos_pagamento::PedidoEmissaoDocumentoPagamentoVo::new(emissao_documentos_pagamento::Ambito::V11);
    run::emissao_documentos_pagamento(
        &emissao_client(fake),
        None,
        &body,
        &polling(max_attempts),
        &mut waits.sleeper(),
    )
}

const DOCUMENTO: &str = r#"{"codigoResultado":"1","resultado":[{"numeroDocumentoPagamento":"123","tipo":"DP"}]}"#;

fn get_paths(fake: &Fake) -> Vec<String> {
    fake.requests()
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.url.clone())
        .collect()
}

#[test]
fn emissao_data_after_two_pending_polls() {
    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":"1","chave":"E-1"}"#),
        json(200, r#"{"codigoResultado":10,"mensagem":"Em processamento"}"#),
        json(200, r#"{"codigoResultado":"10"}"#),
        json(200, DOCUMENTO),
    ]);
    let mut waits = Waits::default();
    let out = run_emissao(&fake, 8, &mut waits).expect("flow");
    let Outcome::Data(docs) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].numero_documento_pagamento.as_deref(), Some("123"));
    assert_eq!(waits.0, vec![INTERVAL; 3]);
    let requests = fake.requests();
    assert_eq!(requests[0].method, "POST");
    assert!(requests[0].url.ends_with("/ci/documento-pagamento/pedido-emissao"));
    assert_eq!(String::from_utf8_lossy(&requests[0].body), r#"{"ambito":11}"#);
    assert_eq!(
        get_paths(&fake),
        vec!["https://psi.test/ptss/rest/ci/documento-pagamento/consulta-pedido/E-1"; 3]
    );
}

#[test]
fn emissao_code_10_polls_the_existing_chave() {
    // A request for the same entity and âmbito is already processing: its chave comes back.
    let fake = Fake::new(vec![
        json(
            200,
            r#"{"codigoResultado":10,"chave":"EXISTING-10","mensagem":"Pedido em curso"}"#,
        ),
        json(200, r#"{"codigoResultado":10}"#),
        json(200, DOCUMENTO),
    ]);
    let out = run_emissao(&fake, 8, &mut Waits::default()).expect("flow");
    assert!(matches!(out, Outcome::Data(ref d) if d.len() == 1), "{out:?}");
    assert_eq!(
        get_paths(&fake),
        vec!["https://psi.test/ptss/rest/ci/documento-pagamento/consulta-pedido/EXISTING-10"; 2]
    );
}

#[test]
fn emissao_code_11_polls_the_existing_chave() {
    // A still-valid answer already exists: its chave comes back and answers at once.
    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":"11","chave":"EXISTING-11"}"#),
        json(200, DOCUMENTO),
    ]);
    let mut waits = Waits::default();
    let out = run_emissao(&fake, 8, &mut waits).expect("flow");
    assert!(matches!(out, Outcome::Data(ref d) if d.len() == 1), "{out:?}");
    assert_eq!(
        get_paths(&fake),
        vec!["https://psi.test/ptss/rest/ci/documento-pagamento/consulta-pedido/EXISTING-11"]
    );
    assert_eq!(waits.0.len(), 1);
}

#[test]
fn emissao_no_data() {
    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":1,"chave":"E"}"#),
        json(200, r#"{"codigoResultado":15,"mensagem":"Sem valores a pagar"}"#),
    ]);
    assert_eq!(
        run_emissao(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::NoData
    );
}

#[test]
fn emissao_expired() {
    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":1,"chave":"E"}"#),
        json(200, r#"{"codigoResultado":"14","mensagem":"Pedido expirado"}"#),
    ]);
    assert_eq!(
        run_emissao(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Expired
    );
}

#[test]
fn emissao_business_error() {
    // A refusal of the pedido: its code and message, no polling.
    let fake = Fake::new(vec![json(200, r#"{"codigoResultado":"5","mensagem":"Sem valores"}"#)]);
    let mut waits = Waits::default();
    assert_eq!(
        run_emissao(&fake, 8, &mut waits).expect("flow"),
        Outcome::Failed {
            code: Some(5),
            message: Some("Sem valores".into())
        }
    );
    assert!(waits.0.is_empty());
    // Invalid key: 13 with HTTP 404 (not the requester's) or 400 (malformed).
    for status in [404, 400] {
        let fake = Fake::new(vec![
            json(200, r#"{"codigoResultado":1,"chave":"E"}"#),
            json(status, r#"{"codigoResultado":13,"mensagem":"Chave inválida"}"#),
        ]);
        assert_eq!(
            run_emissao(&fake, 8, &mut Waits::default()).expect("flow"),
            Outcome::Failed {
                code: Some(13),
                message: Some("Chave inválida".into())
            },
            "HTTP {status}"
        );
    }
    // Internal error: 0 with HTTP 500, on the pedido and on the obter.
    let fake = Fake::new(vec![json(500, r#"{"codigoResultado":0,"mensagem":"Erro interno"}"#)]);
    assert_eq!(
        run_emissao(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: Some("Erro interno".into())
        }
    );
    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":1,"chave":"E"}"#),
        json(500, r#"{"codigoResultado":"0"}"#),
    ]);
    assert_eq!(
        run_emissao(&fake, 8, &mut Waits::default()).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: None
        }
    );
}

#[test]
fn emissao_attempts_exhausted() {
    let pending = || json(200, r#"{"codigoResultado":10}"#);
    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":1,"chave":"E-5"}"#),
        pending(),
        pending(),
        pending(),
    ]);
    let mut waits = Waits::default();
    let out = run_emissao(&fake, 3, &mut waits).expect("flow");
    assert_eq!(out, Outcome::Pending { chave: "E-5".into() });
    assert_eq!(waits.0, vec![INTERVAL; 3]);

    // Resume later with the chave.
    let fake = Fake::new(vec![json(200, DOCUMENTO)]);
    let out = run::obter_emissao_documentos_pagamento(&emissao_client(&fake), "E-5", &Polling::default(), &mut |_| {})
        .expect("flow");
    assert!(matches!(out, Outcome::Data(ref d) if d.len() == 1), "{out:?}");
}

#[test]
fn emissao_http_refusals_are_errors() {
    let fake = Fake::new(vec![json(403, r#"{"code":403,"message":"Operação não permitida"}"#)]);
    let err = run_emissao(&fake, 8, &mut Waits::default()).expect_err("403");
    assert!(err.is_forbidden(), "{err:?}");
    assert!(err.to_string().contains("Operação não permitida"), "{err}");

    let fake = Fake::new(vec![response(401, "application/json", "")]);
    let err = run_emissao(&fake, 8, &mut Waits::default()).expect_err("401");
    assert!(err.is_unauthorized(), "{err:?}");

    let fake = Fake::new(vec![
        json(200, r#"{"codigoResultado":1,"chave":"E"}"#),
        response(401, "application/json", ""),
    ]);
    let err = run_emissao(&fake, 8, &mut Waits::default()).expect_err("401 on obter");
    assert!(err.is_unauthorized(), "{err:?}");

    // Code 1 without the chave it promises.
    let fake = Fake::new(vec![json(200, r#"{"codigoResultado":1}"#)]);
    let err = run_emissao(&fake, 8, &mut Waits::default()).expect_err("no chave");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}
