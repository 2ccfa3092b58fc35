//! Scripted bodies: `Script::raw`, an exact HTTP answer (status, headers in order, body
//! bytes) for any operation, and the scripts it refuses; `Reply::Oversized`, at least as
//! large as asked.

use std::io::{Read, Write};
use std::net::TcpStream;

use psi_client::api::cessar_vinculo::{self, CessarVinculo, ComunicacaoDesemprego, MotivoFimVinculo};
use psi_client::api::consulta_documentos_pagamento as consulta;
use psi_client::rt::{Auth, Date, Environment, Error, Limits, Niss};
use psi_sim::{Reply, Script, SimError, Simulator};

/// Send `request` as written and read the whole answer (the simulator closes after it).
fn exchange(sim: &Simulator, request: &str) -> String {
    let addr = sim.base_url().trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(addr).expect("connect to the simulator");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    String::from_utf8(answer).expect("a text answer")
}

#[test]
fn the_answer_is_written_as_scripted() {
    let sim = Simulator::start().expect("the simulator starts");
    sim.script(
        Script::on("consultarDocumentosPagamento")
            .expect("an operation")
            .raw(
                302,
                &[("Location", "https://example.org/elsewhere"), ("X-Trace", "a\tb")],
                "moved",
            )
            .expect("a valid answer")
            .times(1),
    );
    let answer = exchange(
        &sim,
        "GET /ptss/rest/ci/documento-pagamento/consulta HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert_eq!(
        answer,
        "HTTP/1.1 302 Found\r\nLocation: https://example.org/elsewhere\r\nX-Trace: a\tb\r\n\
         Content-Length: 5\r\nConnection: close\r\n\r\nmoved"
    );
    // Scripts come before the credential check: no Authorization was needed, and the
    // request is recorded with the status answered.
    let seen = sim.requests_to("consultarDocumentosPagamento");
    assert_eq!((seen.len(), seen[0].status), (1, 302));

    // `times(1)`: the next request is simulated again (no credential: 401).
    let again = exchange(
        &sim,
        "GET /ptss/rest/ci/documento-pagamento/consulta HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert!(again.starts_with("HTTP/1.1 401 "), "{again}");
}

#[test]
fn a_content_type_among_the_headers_and_a_binary_body_reach_the_client() {
    let sim = Simulator::start().expect("the simulator starts");
    let body = b"<?xml version=\"1.0\"?>\n<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\">\
<S:Body><ns2:cessarVinculoResponse xmlns:ns2=\"http://vo.webservice.contrato.segsocial.pt\">\
<codigo-resultado>7</codigo-resultado></ns2:cessarVinculoResponse></S:Body></S:Envelope>"
        .to_vec();
    sim.script(
        Script::on("cessarVinculo")
            .expect("an operation")
            .raw(200, &[("Content-Type", "text/xml; charset=utf-8")], body)
            .expect("a valid answer"),
    );
    let client = cessar_vinculo::BlockingClient::new(
        sim.config(Environment::Producao)
            .auth(Auth::basic("20000000001", "secret")),
    );
    let request = CessarVinculo::new(
        Niss::new("11234567892").expect("a NISS"),
        Date::from_ymd_opt(2024, 1, 31).expect("a date"),
        MotivoFimVinculo::Ccct,
        ComunicacaoDesemprego::V0,
    );
    // 7 is no code the simulator answers by itself: the scripted bytes were read.
    assert_eq!(client.cessar_vinculo(&request).expect("decoded").codigo_resultado, 7);

    // Without a Content-Type the answer carries none.
    let sim = Simulator::start().expect("the simulator starts");
    sim.script(
        Script::on("consultarDocumentosPagamento")
            .expect("an operation")
            .raw(409, &[], "x")
            .expect("a valid answer"),
    );
    let answer = exchange(
        &sim,
        "GET /ptss/rest/ci/documento-pagamento/consulta HTTP/1.1\r\nHost: x\r\n\r\n",
    );
    assert_eq!(
        answer,
        "HTTP/1.1 409 Status\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx"
    );
}

#[test]
fn a_redirect_is_not_followed_by_the_client() {
    let sim = Simulator::start().expect("the simulator starts");
    let elsewhere = format!("{}/ptss/rest/ci/documento-pagamento/consulta?moved=1", sim.base_url());
    sim.script(
        Script::on("consultarDocumentosPagamento")
            .expect("an operation")
            .raw(302, &[("Location", elsewhere.as_str())], "")
            .expect("a valid answer"),
    );
    let client = consulta::BlockingClient::new(sim.config(Environment::Producao).auth(Auth::bearer("t")));
    let err = client
        .consultar_documentos_pagamento(None)
        .expect_err("an undeclared status");
    assert!(matches!(err, Error::Status { status: 302, .. }), "{err:?}");
    assert_eq!(sim.requests().len(), 1, "the Location was not requested");
}

#[test]
fn answers_that_http_cannot_carry_are_refused() {
    let script = || Script::on("cessarVinculo").expect("an operation");
    let refused = |r: Result<Script, SimError>| match r {
        Err(SimError::Encode(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(refused(script().raw(101, &[], "")).contains("status 101"));
    assert!(refused(script().raw(1000, &[], "")).contains("status 1000"));
    assert!(refused(script().raw(200, &[("Bad Name", "x")], "")).contains("`Bad Name`: not an HTTP header name"));
    assert!(refused(script().raw(200, &[("X-A", "1\r\nX-B: 2")], "")).contains("`X-A`: the value holds the control"));
    for framing in ["Content-Length", "transfer-encoding", "Connection"] {
        let why = refused(script().raw(200, &[(framing, "1")], ""));
        assert!(why.contains("writes this header itself"), "{framing}: {why}");
    }
    // The error says what was wrong when shown.
    let shown = script()
        .raw(200, &[("", "x")], "")
        .expect_err("an empty name")
        .to_string();
    assert!(
        shown.starts_with("cannot encode the scripted value: header ``"),
        "{shown}"
    );
}

/// The padded answer is at least the size asked for, so a client limit one byte below it
/// refuses it, and it stays a well-formed answer the client reads under a larger limit.
#[test]
fn an_oversized_answer_is_at_least_its_size() {
    let cessacao = CessarVinculo::new(
        Niss::new("11234567892").expect("a NISS"),
        Date::from_ymd_opt(2024, 1, 31).expect("a date"),
        MotivoFimVinculo::Ccct,
        ComunicacaoDesemprego::V0,
    );
    for size in [2_000, 300_000] {
        let sim = Simulator::start().expect("the simulator starts");
        sim.script(
            Script::on("cessarVinculo")
                .expect("an operation")
                .reply(Reply::Oversized(size)),
        );
        sim.script(
            Script::on("consultarDocumentosPagamento")
                .expect("an operation")
                .reply(Reply::Oversized(size)),
        );
        let config = |limit: usize| {
            sim.config(Environment::Producao)
                .auth(Auth::basic("20000000001", "secret"))
                .limits(Limits::DEFAULT.max_body(limit))
        };
        let soap = |limit| cessar_vinculo::BlockingClient::new(config(limit)).cessar_vinculo(&cessacao);
        let rest = |limit| consulta::BlockingClient::new(config(limit)).consultar_documentos_pagamento(None);

        assert!(matches!(soap(size - 1), Err(Error::TooLarge { .. })), "SOAP, {size}");
        assert_eq!(soap(size + 1024).expect("read").codigo_resultado, 1, "SOAP, {size}");
        assert!(matches!(rest(size - 1), Err(Error::TooLarge { .. })), "REST, {size}");
        assert!(
            matches!(
                rest(size + 1024),
                Ok(consulta::ConsultarDocumentosPagamentoResponse::Ok(_))
            ),
            "REST, {size}"
        );
    }
}
