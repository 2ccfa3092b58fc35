//! Consultar Trabalhadores (WSIDQ, reference §6.1), Declarações de Remunerações (§6.2) and
//! the SIOE public directory.

use psi_client::api::consultar_trabalhadores::{
    CodigoEstado, GetDados, GetDadosResponse, GetQualificacoesTrabalhadoresVinculadosEe,
    GetQualificacoesTrabalhadoresVinculadosEeResponse, TrabalhadorQualificacoes,
};
use psi_client::api::gestao_ficheiro::{ConsultarFicheiro, ConsultarFicheiroResponse};
use psi_client::api::sioe_directory::{
    ArrayOfResultado, Entidade, Get, GetResponse, GetResult, Resultado, Search, SearchResponse,
};
use psi_client::rt::{DateTime, RawXml, XmlElement};
use psi_client::rules::Validate;

use super::{SoapInput, violations};
use crate::call::{Call, lock};
use crate::ops::OpInfo;
use crate::problem::Problem;
use crate::server::HttpResponse;
use crate::soap;
use crate::state::{Asked, Phase};

/// Step-2 texts the reference quotes for §6.1 (§7.7.6).
const PENDING: &str = "O pedido ainda não foi processado";
const NO_DATA: &str = "Sem dados de retorno";
const EXPIRED: &str = "A chave expirou";

pub(crate) fn handle(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    match call.op.name {
        "getQualificacoesTrabalhadoresVinculadosEE" => qualificacoes(call, input),
        "getDados" => dados(call, input),
        "consultarFicheiro" => {
            decoded::<ConsultarFicheiro>(input).map_or_else(|p| refuse(call.op, &p), |r| ok(call.op, &ficheiro(&r)))
        }
        "Search" => match decoded::<Search>(input) {
            Ok(r) => search(call, &r),
            Err(p) => refuse(call.op, &p),
        },
        "Get" => match decoded::<Get>(input) {
            Ok(r) => get(call, &r),
            Err(p) => refuse(call.op, &p),
        },
        other => soap::client_fault(&format!("`{other}` is not simulated")),
    }
}

fn decoded<T: XmlElement>(input: &SoapInput<'_, '_>) -> Result<T, Problem> {
    input.decode()
}

/// WSIDQ refuses with `codigoEstado` `2` (business error); the other services, which publish
/// no code, with a `soapenv:Client` Fault (the simulator's choice).
fn refuse(op: &OpInfo, problem: &Problem) -> HttpResponse {
    match op.name {
        "getQualificacoesTrabalhadoresVinculadosEE" | "getDados" => result(op, 2, Some(problem.message())),
        _ => soap::client_fault(problem.message()),
    }
}

fn qualificacoes(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    let r: GetQualificacoesTrabalhadoresVinculadosEe = match input.decode() {
        Ok(r) => r,
        Err(p) => return refuse(call.op, &p),
    };
    let today = lock(&call.shared.state).today();
    if let Some(p) = violations(&r.validate(today)) {
        return refuse(call.op, &p);
    }
    let chave = lock(&call.shared.state).submit(&call.employer, Asked::Trabalhadores);
    ok(
        call.op,
        &GetQualificacoesTrabalhadoresVinculadosEeResponse::new().with_chave(chave),
    )
}

fn dados(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    let r: GetDados = match input.decode() {
        Ok(r) => r,
        Err(p) => return refuse(call.op, &p),
    };
    let mut state = lock(&call.shared.state);
    let job = state
        .jobs
        .get(&r.chave)
        .filter(|j| j.employer == call.employer && matches!(j.asked, Asked::Trabalhadores))
        .cloned();
    let Some(job) = job else {
        return result(call.op, 2, Some("Chave inválida"));
    };
    match state.phase(&job) {
        Phase::Pending => result(call.op, 0, Some(PENDING)),
        Phase::Expired => result(call.op, 0, Some(EXPIRED)),
        Phase::Ready => {
            let registered: Vec<_> = state
                .contracts
                .iter()
                .filter(|s| s.employer == call.employer && s.ended.is_none())
                .cloned()
                .collect();
            if registered.is_empty() {
                return result(call.op, 0, Some(NO_DATA));
            }
            let employer = psi_client::rt::Niss::from_wire(&call.employer);
            let list: Vec<TrabalhadorQualificacoes> = registered
                .iter()
                .map(|s| {
                    let born = s.born.unwrap_or_else(|| state.examples.birth_date());
                    let at = |d: psi_client::rt::Date| DateTime::utc(d.and_hms_opt(0, 0, 0).unwrap_or_default());
                    let mut t = TrabalhadorQualificacoes::new()
                        .with_niss_ee(employer.clone())
                        .with_data_nascimento_trabalhador(at(born))
                        .with_tipo_qlf("TCO");
                    t.niss_ps = s.contrato.niss_trabalhador.clone();
                    t.nome_ps = s.contrato.nome_trabalhador.clone();
                    t.data_entrada_registo_ee = s.contrato.inicio_informacao_contrato.map(at);
                    t.data_inicio_qlf = s.contrato.inicio_contrato.map(at);
                    t
                })
                .collect();
            ok(
                call.op,
                &GetDadosResponse::new(CodigoEstado::V0).with_trabalhadores_qualificacoes(list),
            )
        }
    }
}

/// The response schema is not published (`xs:any`): the simulator echoes the `Idficheiro`
/// asked, so a caller sees its request arrive.
fn ficheiro(r: &ConsultarFicheiro) -> ConsultarFicheiroResponse {
    let echo = format!("<Idficheiro>{}</Idficheiro>", r.idficheiro);
    ConsultarFicheiroResponse::new().with_any(vec![RawXml { xml: echo }])
}

fn search(call: &Call<'_>, r: &Search) -> HttpResponse {
    let mut state = lock(&call.shared.state);
    let n = r.request.nr_resultados.clamp(0, 5);
    let list: Vec<Resultado> = (0..n)
        .map(|i| {
            Resultado::new()
                .with_codigo_sioe(state.examples.digits(6))
                .with_designacao(format!("Entidade pública de exemplo {}", i + 1))
        })
        .collect();
    ok(
        call.op,
        &SearchResponse::new().with_search_result(ArrayOfResultado::new().with_resultado(list)),
    )
}

fn get(call: &Call<'_>, r: &Get) -> HttpResponse {
    let entidade = Entidade::new().with_designacao(format!("Entidade pública {}", r.request.codigo_sioe));
    ok(
        call.op,
        &GetResponse::new().with_get_result(GetResult::new().with_entidade(entidade)),
    )
}

fn ok<T: XmlElement>(op: &OpInfo, value: &T) -> HttpResponse {
    soap::ok(op.soap_ns().unwrap_or_default(), &op.response_element(), value)
}

/// A result: `codigoEstado`/`mensagemEstado` for WSIDQ step 2, `mensagemEstado` without a
/// `chave` for step 1; a Fault with the message elsewhere (no code is published there).
pub(crate) fn result(op: &OpInfo, code: i64, message: Option<&str>) -> HttpResponse {
    match op.name {
        "getDados" => {
            let mut v = GetDadosResponse::new(CodigoEstado::from_wire(&code.to_string()));
            v.mensagem_estado = message.map(str::to_owned);
            ok(op, &v)
        }
        "getQualificacoesTrabalhadoresVinculadosEE" => {
            let mut v = GetQualificacoesTrabalhadoresVinculadosEeResponse::new();
            v.mensagem_estado = message.map(str::to_owned);
            ok(op, &v)
        }
        _ => soap::client_fault(message.unwrap_or("refused")),
    }
}
