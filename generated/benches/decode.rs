//! How fast the generated clients decode large responses, against a bare parse of the same
//! bytes. A plain `harness = false` bench: it prints, it never asserts on time.
//!
//! ```text
//! cargo bench -p psi-client --bench decode              # every case
//! cargo bench -p psi-client --bench decode -- soap      # cases whose name contains `soap`
//! ```
//!
//! Inputs, built in memory before anything is timed:
//!
//! * a SOAP 1.1 response of `consultar_contratos` `getDadosContratos` with 5,000 `contrato`
//!   records, every field filled;
//! * a JSON response of `comprovativos_pagamento` `obterComprovativosPagamento` with 50,000
//!   items, every field filled.
//!
//! Cases (median and minimum of the timed iterations, throughput from the median):
//!
//! * `soap-clone`: `Vec<u8>::clone` of the body, which the fake transport does on every call
//!   (part of `soap-call`, not of the decoder);
//! * `soap-bare`: `roxmltree::Document::parse` of the body (already `&str`);
//! * `soap-read`: the same parse, then the generated reader (`ReadCtx`, Envelope/Body lookup,
//!   `GetDadosContratosResponse::read_xml`), as `rt::soap` does it but without the transport;
//! * `soap-call`: `consultar_contratos::BlockingClient::get_dados_contratos` through a `Transport` that
//!   returns the canned response: request envelope, body clone, UTF-8 check, parse, fault
//!   check, typed decoding;
//! * `json-clone`, `json-value` (`serde_json::from_slice::<serde_json::Value>`),
//!   `json-ignored` (`from_slice::<serde::de::IgnoredAny>`), `json-typed`
//!   (`from_slice::<ComprovativosPagamentoRespostaVo>`), `json-call`
//!   (`comprovativos_pagamento::BlockingClient::obter_comprovativos_pagamento` through the fake
//!   transport).
//!
//! `BENCH_ITERS` (timed iterations; default as many as fit in 3 s, 10 to 200) and
//! `BENCH_WARMUP` (default 3) override the loop; `BENCH_ITERS=1 BENCH_WARMUP=0` with one
//! case name is what the allocation count under `valgrind --tool=dhat` uses (see
//! BENCHMARKS.md).

use std::fmt;
use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use psi_client::api::comprovativos_pagamento::{
    self, ComprovativosPagamentoRespostaVo, ObterComprovativosPagamentoResponse,
};
use psi_client::api::consultar_contratos::{self, GetDadosContratos, GetDadosContratosResponse};
use psi_client::rt::{self, Request, Response, Transport, TransportError};

const SOAP_RECORDS: usize = 5_000;
const JSON_ITEMS: usize = 50_000;

// ---- timing helpers -------------------------------------------------------------------------

struct Plan {
    warmup: usize,
    fixed: Option<usize>,
}

impl Plan {
    fn from_env() -> Plan {
        let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
        Plan {
            warmup: env("BENCH_WARMUP").unwrap_or(3),
            fixed: env("BENCH_ITERS").map(|n| n.max(1)),
        }
    }
}

/// Median and minimum of one case.
#[derive(Clone, Copy)]
struct Stats {
    median: Duration,
    min: Duration,
}

fn run<T>(plan: &Plan, name: &str, bytes: usize, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..plan.warmup {
        black_box(f());
    }
    let mut samples = Vec::new();
    let start = Instant::now();
    loop {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed());
        let n = samples.len();
        let done = match plan.fixed {
            Some(k) => n >= k,
            None => n >= 200 || (n >= 10 && start.elapsed() > Duration::from_secs(3)),
        };
        if done {
            break;
        }
    }
    samples.sort();
    let n = samples.len();
    let median = if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2
    };
    let stats = Stats {
        median,
        min: samples[0],
    };
    println!(
        "  {:<44} median {:9.3} ms   min {:9.3} ms   {:8.1} MB/s   ({n} iters)",
        name,
        stats.median.as_secs_f64() * 1e3,
        stats.min.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / stats.median.as_secs_f64(),
    );
    stats
}

fn ratio(what: &str, a: Option<Stats>, b: Option<Stats>) {
    if let (Some(a), Some(b)) = (a, b) {
        println!(
            "  ratio {:<38} median {:5.2}x   min {:5.2}x",
            what,
            a.median.as_secs_f64() / b.median.as_secs_f64(),
            a.min.as_secs_f64() / b.min.as_secs_f64()
        );
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

// ---- the fake transport -----------------------------------------------------------------------

/// Answers every request with a clone of one canned response.
struct Canned(Response);

impl fmt::Debug for Canned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Canned({} bytes)", self.0.body().len())
    }
}

impl Transport for Canned {
    fn send(&self, _request: Request) -> Result<Response, TransportError> {
        Ok(self.0.clone())
    }
}

fn transport(content_type: &str, body: Vec<u8>) -> Arc<Canned> {
    Arc::new(Canned(rt::transport::response(200, content_type, body)))
}

fn config() -> rt::Config {
    rt::Config::for_url("https://bench.invalid/ws")
}

// ---- inputs -----------------------------------------------------------------------------------

/// A deterministic pseudo-random sequence (xorshift), so the inputs vary without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// A NISS with a valid check digit (first digit 1: a person).
fn niss(rng: &mut Rng) -> String {
    let base = format!("1{:09}", rng.below(1_000_000_000));
    (0..10)
        .map(|d| format!("{base}{d}"))
        .find(|s| rt::Niss::new(s).is_ok())
        .expect("one check digit fits")
}

fn date(rng: &mut Rng, year_from: u64) -> String {
    format!(
        "{}-{:02}-{:02}",
        year_from + rng.below(6),
        1 + rng.below(12),
        1 + rng.below(28)
    )
}

const FIRST: &[&str] = &[
    "Maria", "João", "Ana", "José", "Inês", "Luís", "Beatriz", "Gonçalo", "Sofia", "Tomás",
];
const LAST: &[&str] = &[
    "Silva",
    "Gonçalves",
    "Conceição",
    "Simões",
    "Ferreira",
    "Araújo",
    "Brandão",
    "Lopes",
];

/// A masked name as the service returns it (`Maria S*** F***`).
fn masked_name(rng: &mut Rng) -> String {
    let first = rng.pick(FIRST);
    let a = rng.pick(LAST).chars().next().unwrap_or('X');
    let b = rng.pick(LAST).chars().next().unwrap_or('X');
    format!("{first} {a}*** {b}***")
}

fn soap_response(records: usize) -> String {
    const MODALIDADES: &[&str] = &["A", "B", "E", "F", "G", "H", "AB", "BB", "EA", "FB", "I"];
    const PRESTACAO: &[&str] = &["P", "T", "A"];
    const MOTIVOS: &[&str] = &["AEAT", "ATSA", "CTSD", "STAJ", "STAT", "STTC", "VAPT", "S2MT"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut s = String::with_capacity(records * 1000 + 1024);
    s.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>\
         <ns2:getDadosContratosResponse xmlns:ns2=\"http://vo.webservice.contrato.segsocial.pt\">\
         <codigo-resultado>1</codigo-resultado>\
         <mensagens-erro>Pedido processado com sucesso.</mensagens-erro><contratos>",
    );
    for _ in 0..records {
        let _ = write!(
            s,
            "<contrato><niss-trabalhador>{}</niss-trabalhador><nome-trabalhador>{}</nome-trabalhador>\
             <modalidade-contrato>{}</modalidade-contrato><prestacao-trabalho>{}</prestacao-trabalho>\
             <inicio-contrato>{}</inicio-contrato><fim-contrato>{}</fim-contrato>\
             <inicio-informacao-contrato>{}</inicio-informacao-contrato>\
             <fim-informacao-contrato>{}</fim-informacao-contrato><profissao>{:05}</profissao>\
             <remuneracao-base>{}.{:02}</remuneracao-base><diuturnidades>{}.{:02}</diuturnidades>\
             <percentagem-trabalho>{}.00</percentagem-trabalho><horas-trabalho>{}.5</horas-trabalho>\
             <dias-trabalho>{}</dias-trabalho><motivo-contrato>{}</motivo-contrato>\
             <niss-trabalhador-substituir>{}</niss-trabalhador-substituir>\
             <nome-trabalhador-substituir>{}</nome-trabalhador-substituir></contrato>",
            niss(&mut rng),
            masked_name(&mut rng),
            rng.pick(MODALIDADES),
            rng.pick(PRESTACAO),
            date(&mut rng, 2018),
            date(&mut rng, 2024),
            date(&mut rng, 2018),
            date(&mut rng, 2024),
            rng.below(100_000),
            820 + rng.below(4000),
            rng.below(100),
            rng.below(200),
            rng.below(100),
            10 + rng.below(91),
            10 + rng.below(30),
            1 + rng.below(7),
            rng.pick(MOTIVOS),
            niss(&mut rng),
            masked_name(&mut rng),
        );
    }
    s.push_str("</contratos></ns2:getDadosContratosResponse></soap:Body></soap:Envelope>");
    s
}

fn json_response(items: usize) -> String {
    const NATUREZA: &[&str] = &[
        "Contribuições - Trabalhadores por conta de outrem",
        "Quotizações - Membros de órgãos estatutários",
        "Contribuições - Trabalhador independente",
        "Juros de mora",
        "Regularização de contribuições",
    ];
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let mut s = String::with_capacity(items * 170 + 128);
    s.push_str("{\"codigoResultado\":\"1\",\"mensagem\":\"Pedido efetuado com sucesso.\",\"resultado\":[");
    for i in 0..items {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(
            s,
            "{{\"numeroDocumentoPagamento\":\"{:011}\",\"dataPagamento\":\"{}\",\
             \"mensagemNaturezaPagamento\":\"{}\",\"valorPago\":{}.{:02}}}",
            rng.below(100_000_000_000),
            date(&mut rng, 2020),
            rng.pick(NATUREZA),
            rng.below(20_000),
            rng.below(100),
        );
    }
    s.push_str("]}");
    s
}

// ---- cases ------------------------------------------------------------------------------------

/// The generated reader over a parsed envelope, as `rt::soap` runs it (minus the fault and
/// status handling).
fn soap_read(text: &str) -> GetDadosContratosResponse {
    let doc = roxmltree::Document::parse(text).expect("well-formed");
    let ctx = rt::ReadCtx::new(&doc, &[]);
    let envelope = doc.root_element();
    let body = rt::xml::children(envelope)
        .find(|n| n.tag_name().name() == "Body")
        .expect("Body");
    let node = rt::xml::children(body)
        .find(|n| n.tag_name().name() == "getDadosContratosResponse")
        .expect("response element");
    ctx.element(node).expect("decodes")
}

fn soap_cases(plan: &Plan, wanted: &dyn Fn(&str) -> bool) {
    let text = soap_response(SOAP_RECORDS);
    let len = text.len();
    println!(
        "SOAP 1.1 getDadosContratosResponse, {SOAP_RECORDS} contrato records, {len} bytes ({:.2} MB)",
        len as f64 / 1e6
    );
    // Correctness first (not timed): the client decodes every record.
    let client = consultar_contratos::BlockingClient::with_transport(
        config(),
        transport("text/xml; charset=utf-8", text.clone().into_bytes()),
    );
    let request = GetDadosContratos::new("bench");
    let decoded = client.get_dados_contratos(&request).expect("the call decodes");
    let n = decoded.contratos.as_ref().map_or(0, |c| c.contrato.len());
    assert_eq!(n, SOAP_RECORDS, "decoded record count");
    assert_eq!(decoded, soap_read(&text));

    let bytes = text.clone().into_bytes();
    if wanted("soap-clone") {
        run(plan, "soap-clone  (Vec<u8>::clone of the body)", len, || bytes.clone());
    }
    let bare = wanted("soap-bare").then(|| {
        run(plan, "soap-bare   roxmltree::Document::parse", len, || {
            roxmltree::Document::parse(&text).expect("well-formed")
        })
    });
    let read = wanted("soap-read").then(|| run(plan, "soap-read   parse + generated reader", len, || soap_read(&text)));
    let call = wanted("soap-call").then(|| {
        run(plan, "soap-call   Client::get_dados_contratos", len, || {
            client.get_dados_contratos(&request).expect("decodes")
        })
    });
    ratio("soap-read / soap-bare", read, bare);
    ratio("soap-call / soap-bare", call, bare);
    println!();
}

fn json_cases(plan: &Plan, wanted: &dyn Fn(&str) -> bool) {
    let text = json_response(JSON_ITEMS);
    let len = text.len();
    println!(
        "JSON ComprovativosPagamentoRespostaVO, {JSON_ITEMS} items, {len} bytes ({:.2} MB)",
        len as f64 / 1e6
    );
    let bytes = text.into_bytes();
    let client =
        comprovativos_pagamento::BlockingClient::with_transport(config(), transport("application/json", bytes.clone()));
    let decoded = client
        .obter_comprovativos_pagamento(2024, None)
        .expect("the call decodes");
    let ObterComprovativosPagamentoResponse::Ok(body) = &decoded else {
        panic!("unexpected variant")
    };
    assert_eq!(body.resultado.len(), JSON_ITEMS, "decoded item count");
    assert!(
        body.resultado
            .iter()
            .all(|c| c.valor_pago.is_some() && c.data_pagamento.is_some())
    );

    if wanted("json-clone") {
        run(plan, "json-clone   (Vec<u8>::clone of the body)", len, || bytes.clone());
    }
    let value = wanted("json-value").then(|| {
        run(plan, "json-value   from_slice::<serde_json::Value>", len, || {
            serde_json::from_slice::<serde_json::Value>(&bytes).expect("valid")
        })
    });
    let ignored = wanted("json-ignored").then(|| {
        run(plan, "json-ignored from_slice::<IgnoredAny>", len, || {
            serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).expect("valid")
        })
    });
    let typed = wanted("json-typed").then(|| {
        run(plan, "json-typed   from_slice::<...RespostaVo>", len, || {
            serde_json::from_slice::<ComprovativosPagamentoRespostaVo>(&bytes).expect("valid")
        })
    });
    let call = wanted("json-call").then(|| {
        run(plan, "json-call    Client::obter_comprovativos_pagamento", len, || {
            client.obter_comprovativos_pagamento(2024, None).expect("decodes")
        })
    });
    ratio("json-typed / json-value", typed, value);
    ratio("json-typed / json-ignored", typed, ignored);
    ratio("json-call / json-value", call, value);
    ratio("json-call / json-ignored", call, ignored);
    println!();
}

fn main() {
    // `cargo bench` passes `--bench`; any other free argument filters the cases by name.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = move |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let plan = Plan::from_env();
    println!(
        "decode bench: {} CPUs, load average at start {}\n",
        std::thread::available_parallelism().map_or(0, usize::from),
        loadavg()
    );
    if ["soap-clone", "soap-bare", "soap-read", "soap-call"]
        .iter()
        .any(|c| wanted(c))
    {
        soap_cases(&plan, &wanted);
    }
    if ["json-clone", "json-value", "json-ignored", "json-typed", "json-call"]
        .iter()
        .any(|c| wanted(c))
    {
        json_cases(&plan, &wanted);
    }
    println!("load average at end {}", loadavg());
}
