//! The contrato SOAP services (reference §6.3–§6.8): `codigo-resultado` `1` success, `2`
//! missing parameters, `3` validation failed, `4` no results, `0` server error or (Consultar
//! Contratos step 2) pending, expired or unknown key told apart by `mensagens-erro`.

use psi_client::api::alterar_contrato::{AlterarContratoTrabalho, AlterarContratoTrabalhoResponse};
use psi_client::api::cessar_vinculo::{CessarVinculo, CessarVinculoResponse};
use psi_client::api::consultar_contratos::{
    Contrato, Contratos, GetDadosContratos, GetDadosContratosResponse, PesquisaContratos, PesquisaContratosResponse,
};
use psi_client::api::obter_comunicacoes::{Comunicacao, ObterComunicacoes, ObterComunicacoesResponse, TipoComunicacao};
use psi_client::api::registar_periodo_rendimento::{
    RegistarPeriodoRendimentoContratoTrabalho, RegistarPeriodoRendimentoContratoTrabalhoResponse,
};
use psi_client::api::registar_vinculo::{RegistarVinculoTrabalhador, RegistarVinculoTrabalhadorResponse};
use psi_client::rt::{Date, XmlElement, XmlWriter};
use psi_client::rules::Validate;

use super::{SoapInput, violations};
use crate::call::{Call, lock};
use crate::mtom;
use crate::ops::OpInfo;
use crate::problem::Problem;
use crate::server::HttpResponse;
use crate::soap;
use crate::state::{Asked, Phase, Stored};

/// Texts of the simulator's own refusals (the PSI's wording is not published).
const NO_ACTIVE: &str = "NÃO EXISTE VÍNCULO ATIVO PARA O TRABALHADOR";
const ALREADY_ACTIVE: &str = "JÁ EXISTE VÍNCULO ATIVO PARA O TRABALHADOR";
/// Step-2 texts the reference quotes (§7.7.6).
pub(crate) const PENDING: &str = "O pedido ainda não foi processado, tenta mais tarde";
pub(crate) const EXPIRED: &str = "A chave expirou";
const UNKNOWN_KEY: &str = "Chave desconhecida";

/// An open contract's `fim-informacao-contrato` (the simulator's choice).
fn open_end() -> Date {
    Date::from_ymd_opt(9999, 12, 31).unwrap_or(Date::MAX)
}

pub(crate) fn handle(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    let op = call.op;
    let answer = match op.name {
        "registarVinculoTrabalhador" => registar(call, input),
        "cessarVinculo" => cessar(call, input),
        "alterarContratoTrabalho" => alterar(call, input),
        "registarPeriodoRendimentoContratoTrabalho" => periodo(call, input),
        "pesquisaContratos" => return pesquisa(call, input),
        "getDadosContratos" => return dados(call, input),
        "obterComunicacoes" => return comunicacoes(call, input),
        other => Err(Problem::Invalid(format!("`{other}` is not simulated"))),
    };
    match answer {
        Ok(()) => result(op, 1, None),
        Err(problem) => refuse(op, &problem),
    }
}

/// Code `2` for a missing field, `3` for anything else.
fn refuse(op: &OpInfo, problem: &Problem) -> HttpResponse {
    let code = match problem {
        Problem::Missing(_) => 2,
        Problem::Invalid(_) => 3,
    };
    result(op, code, Some(problem.message()))
}

fn checked<T: XmlElement + Validate>(call: &Call<'_>, input: &SoapInput<'_, '_>) -> Result<T, Problem> {
    let value: T = input.decode()?;
    let today = lock(&call.shared.state).today();
    match violations(&value.validate(today)) {
        Some(problem) => Err(problem),
        None => Ok(value),
    }
}

fn registar(call: &Call<'_>, input: &SoapInput<'_, '_>) -> Result<(), Problem> {
    let r: RegistarVinculoTrabalhador = checked(call, input)?;
    let mut state = lock(&call.shared.state);
    if state.active_mut(&call.employer, r.niss_trabalhador.as_str()).is_some() {
        return Err(Problem::Invalid(ALREADY_ACTIVE.into()));
    }
    let today = state.today();
    let nome = state.examples.masked_name();
    let mut c = Contrato::new()
        .with_niss_trabalhador(r.niss_trabalhador.clone())
        .with_nome_trabalhador(nome)
        .with_modalidade_contrato(r.modalidade_contrato.clone())
        .with_prestacao_trabalho(r.prestacao_trabalho.clone())
        .with_inicio_contrato(r.inicio_contrato)
        .with_inicio_informacao_contrato(today)
        .with_fim_informacao_contrato(open_end())
        .with_profissao(r.profissao.clone())
        .with_remuneracao_base(r.remuneracao_base);
    c.fim_contrato = r.fim_contrato;
    c.percentagem_trabalho = r.percentagem_trabalho;
    c.horas_trabalho = r.horas_trabalho;
    c.dias_trabalho = r.dias_trabalho;
    c.motivo_contrato = r.motivo_contrato.clone();
    c.niss_trabalhador_substituir = r.niss_trabalhador_substituir.clone();
    state.contracts.push(Stored {
        employer: call.employer.clone(),
        contrato: c,
        born: Some(r.data_nascimento),
        ended: None,
    });
    Ok(())
}

fn cessar(call: &Call<'_>, input: &SoapInput<'_, '_>) -> Result<(), Problem> {
    let r: CessarVinculo = checked(call, input)?;
    let mut state = lock(&call.shared.state);
    let stored = state
        .active_mut(&call.employer, r.niss_trabalhador.as_str())
        .ok_or_else(|| Problem::Invalid(NO_ACTIVE.into()))?;
    stored.ended = Some(r.data_fim_vinculo);
    stored.contrato.fim_informacao_contrato = Some(r.data_fim_vinculo);
    Ok(())
}

fn alterar(call: &Call<'_>, input: &SoapInput<'_, '_>) -> Result<(), Problem> {
    let r: AlterarContratoTrabalho = checked(call, input)?;
    let mut state = lock(&call.shared.state);
    let stored = state
        .active_mut(&call.employer, r.niss_trabalhador.as_str())
        .ok_or_else(|| Problem::Invalid(NO_ACTIVE.into()))?;
    let c = &mut stored.contrato;
    c.modalidade_contrato = Some(r.modalidade_contrato.clone());
    if let Some(p) = &r.prestacao_trabalho {
        c.prestacao_trabalho = Some(p.clone());
    }
    c.inicio_contrato = Some(r.inicio_contrato);
    c.fim_contrato = r.fim_contrato;
    c.profissao = Some(r.profissao.clone());
    c.remuneracao_base = Some(r.remuneracao_base);
    c.diuturnidades = r.diuturnidades;
    c.percentagem_trabalho = r.percentagem_trabalho;
    c.horas_trabalho = r.horas_trabalho;
    c.dias_trabalho = r.dias_trabalho;
    c.motivo_contrato = r.motivo_contrato.clone();
    Ok(())
}

fn periodo(call: &Call<'_>, input: &SoapInput<'_, '_>) -> Result<(), Problem> {
    let r: RegistarPeriodoRendimentoContratoTrabalho = input.decode()?;
    let mut state = lock(&call.shared.state);
    state
        .active_mut(&call.employer, r.niss_trabalhador.as_str())
        .map(|_| ())
        .ok_or_else(|| Problem::Invalid(NO_ACTIVE.into()))
}

fn pesquisa(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    let r: PesquisaContratos = match checked(call, input) {
        Ok(r) => r,
        Err(problem) => return result(call.op, 0, Some(problem.message())),
    };
    let workers = r
        .trabalhadores
        .map(|t| t.niss_trabalhador.iter().map(|n| n.as_str().to_owned()).collect())
        .unwrap_or_default();
    let chave = lock(&call.shared.state).submit(
        &call.employer,
        Asked::Contratos {
            from: r.data_inicio,
            to: r.data_fim,
            workers,
        },
    );
    ok(call.op, &PesquisaContratosResponse::new().with_chave(chave))
}

fn dados(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    let r: GetDadosContratos = match input.decode() {
        Ok(r) => r,
        Err(problem) => return refuse(call.op, &problem),
    };
    let state = lock(&call.shared.state);
    let job = state.jobs.get(&r.chave).filter(|j| j.employer == call.employer);
    let Some(job) = job else {
        return result(call.op, 0, Some(UNKNOWN_KEY));
    };
    let Asked::Contratos { from, to, workers } = &job.asked else {
        return result(call.op, 0, Some(UNKNOWN_KEY));
    };
    match state.phase(job) {
        Phase::Pending => result(call.op, 0, Some(PENDING)),
        Phase::Expired => result(call.op, 0, Some(EXPIRED)),
        Phase::Ready => {
            let found: Vec<Contrato> = state
                .contracts
                .iter()
                .filter(|s| s.employer == call.employer)
                .filter(|s| workers.is_empty() || workers.iter().any(|w| s.worker() == Some(w.as_str())))
                .filter(|s| {
                    s.contrato.inicio_contrato.is_some_and(|i| i <= *to) && s.ended.is_none_or(|end| end >= *from)
                })
                .map(|s| s.contrato.clone())
                .collect();
            if found.is_empty() {
                return result(call.op, 4, Some("Sem resultados"));
            }
            if found.len() >= mtom::FILE_THRESHOLD {
                return contratos_file(call.op, found);
            }
            ok(
                call.op,
                &GetDadosContratosResponse::new(1).with_contratos(Contratos::new().with_contrato(found)),
            )
        }
    }
}

/// 500 contracts or more: `ficheiro-dados` as a ZIP in an MTOM/XOP attachment (§5.7).
fn contratos_file(op: &OpInfo, found: Vec<Contrato>) -> HttpResponse {
    let mut xml = XmlWriter::new();
    xml.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    xml.element(None, "contratos", &Contratos::new().with_contrato(found));
    psi_client::rt::zip::write_stored(&[("contratos.xml", xml.as_str().as_bytes())])
        .ok()
        .and_then(|archive| mtom::file_answer(op, &archive))
        .unwrap_or_else(|| HttpResponse::new(500, None, "the simulator could not write the file answer"))
}

fn comunicacoes(call: &Call<'_>, input: &SoapInput<'_, '_>) -> HttpResponse {
    let r: ObterComunicacoes = match input.decode() {
        Ok(r) => r,
        Err(problem) => return refuse(call.op, &problem),
    };
    let wanted: Vec<String> = r
        .list_niss_trabalhador
        .map(|l| l.niss_trabalhador.iter().map(|n| n.as_str().to_owned()).collect())
        .unwrap_or_default();
    let mut state = lock(&call.shared.state);
    let today = state.today();
    let stored: Vec<Stored> = state
        .contracts
        .iter()
        .filter(|s| s.employer == call.employer)
        .filter(|s| wanted.is_empty() || wanted.iter().any(|w| s.worker() == Some(w.as_str())))
        .cloned()
        .collect();
    let list: Vec<Comunicacao> = stored
        .iter()
        .map(|s| {
            let born = s.born.unwrap_or_else(|| state.examples.birth_date());
            let local = state.examples.digits(4);
            let mut c = Comunicacao::new()
                .with_tipo_comunicacao(TipoComunicacao::V0)
                .with_data_nascimento(born)
                .with_motivo("ADMISSAO")
                .with_local_trabalho(local)
                .with_data_processamento(today)
                .with_taxa(psi_client::rt::Decimal::new(2375, 2));
            c.niss_trabalhador = s.contrato.niss_trabalhador.clone();
            c.nome_trabalhador = s.contrato.nome_trabalhador.clone();
            c.data_comunicacao = s.contrato.inicio_informacao_contrato.map(|d| d.to_string());
            c.inicio_contrato = s.contrato.inicio_contrato;
            c
        })
        .collect();
    if list.is_empty() {
        return result(call.op, 4, Some("Sem resultados"));
    }
    ok(call.op, &ObterComunicacoesResponse::new(1).with_comunicacao(list))
}

fn ok<T: XmlElement>(op: &OpInfo, value: &T) -> HttpResponse {
    soap::ok(op.soap_ns().unwrap_or_default(), &op.response_element(), value)
}

/// The operation's response with this code and message (Consultar Contratos step 1 has no
/// code: only `mensagens-erro`, and no `chave`).
pub(crate) fn result(op: &OpInfo, code: i64, message: Option<&str>) -> HttpResponse {
    let code32 = i32::try_from(code).unwrap_or(0);
    let msg = |m: Option<&str>| m.map(str::to_owned);
    macro_rules! coded {
        ($t:ty) => {{
            let mut v = <$t>::new(code32);
            v.mensagens_erro = msg(message);
            ok(op, &v)
        }};
    }
    match op.name {
        "registarVinculoTrabalhador" => coded!(RegistarVinculoTrabalhadorResponse),
        "cessarVinculo" => coded!(CessarVinculoResponse),
        "alterarContratoTrabalho" => coded!(AlterarContratoTrabalhoResponse),
        "registarPeriodoRendimentoContratoTrabalho" => coded!(RegistarPeriodoRendimentoContratoTrabalhoResponse),
        "getDadosContratos" => coded!(GetDadosContratosResponse),
        "obterComunicacoes" => coded!(ObterComunicacoesResponse),
        _ => {
            let mut v = PesquisaContratosResponse::new();
            v.mensagens_erro = msg(message);
            ok(op, &v)
        }
    }
}
