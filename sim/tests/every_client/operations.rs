//! The operations: one line each, the same call for both clients of a service.

use std::fmt::Debug;

use psi_client::api;
use psi_client::api::alterar_contrato::{AlterarContratoTrabalho, AlterarContratoTrabalhoResponse as Altered};
use psi_client::api::cancelamento_documento_pagamento::CancelarDocumentoPagamentoResponse as Cancelar;
use psi_client::api::cessar_vinculo::{CessarVinculo, CessarVinculoResponse as Ceased};
use psi_client::api::comprovativos_pagamento::ObterComprovativosPagamentoResponse as Comprovativos;
use psi_client::api::consulta_documentos_pagamento::ConsultarDocumentosPagamentoResponse as Consulta;
use psi_client::api::consultar_contratos::{
    GetDadosContratos, GetDadosContratosResponse as DadosContratos, PesquisaContratos,
    PesquisaContratosResponse as Pesquisa,
};
use psi_client::api::consultar_trabalhadores::{
    GetDados, GetDadosResponse as Dados, GetQualificacoesTrabalhadoresVinculadosEe,
    GetQualificacoesTrabalhadoresVinculadosEeResponse as Qualificacoes,
};
use psi_client::api::emissao_documentos_pagamento::{
    ObterPedidoEmissaoDocumentosPagamentoResponse as ObterPedido, PedidoEmissaoDocumentoPagamentoVo,
    PedirEmissaoDocumentosPagamentoResponse as Pedido,
};
use psi_client::api::gestao_ficheiro::{ConsultarFicheiro, ConsultarFicheiroResponse as Ficheiro};
use psi_client::api::obter_comunicacoes::{ObterComunicacoes, ObterComunicacoesResponse as Comunicacoes};
use psi_client::api::qlf::{ComunicarVinculoTrabalhadorResponse as Qlf, PedidoVinculoTrabalhadorDto};
use psi_client::api::registar_periodo_rendimento::{
    RegistarPeriodoRendimentoContratoTrabalho, RegistarPeriodoRendimentoContratoTrabalhoResponse as Periodo,
};
use psi_client::api::registar_vinculo::{RegistarVinculoTrabalhador, RegistarVinculoTrabalhadorResponse as Registered};
use psi_client::api::sioe_directory::{Get, GetResponse, Search, SearchResponse};
use psi_client::rt::{Config, Error, Niss};

/// One generated operation, called through either client of its service.
pub trait Operation {
    /// The name the specs (and `psi_sim::operations()`) give it.
    const NAME: &'static str;
    type Request;
    type Answer: Debug;
    fn blocking(config: &Config, request: &Self::Request) -> Result<Self::Answer, Error>;
    async fn call(config: &Config, request: &Self::Request) -> Result<Self::Answer, Error>;
}

macro_rules! operation {
    ($op:ident = $name:literal, $service:ident, $request:ty => $answer:ty, |$c:ident, $r:ident| $call:expr) => {
        pub struct $op;
        impl Operation for $op {
            const NAME: &'static str = $name;
            type Request = $request;
            type Answer = $answer;
            fn blocking(config: &Config, $r: &$request) -> Result<$answer, Error> {
                let $c = api::$service::BlockingClient::new(config.clone());
                $call
            }
            async fn call(config: &Config, $r: &$request) -> Result<$answer, Error> {
                let $c = api::$service::Client::new(config.clone());
                $call.await
            }
        }
    };
}

operation!(WsidqPesquisa = "getQualificacoesTrabalhadoresVinculadosEE", consultar_trabalhadores,
    GetQualificacoesTrabalhadoresVinculadosEe => Qualificacoes, |c, r| c.get_qualificacoes_trabalhadores_vinculados_ee(r));
operation!(WsidqDados = "getDados", consultar_trabalhadores, GetDados => Dados, |c, r| c.get_dados(r));
operation!(ConsultarFicheiroOp = "consultarFicheiro", gestao_ficheiro, ConsultarFicheiro => Ficheiro,
    |c, r| c.consultar_ficheiro(r));
operation!(Registar = "registarVinculoTrabalhador", registar_vinculo, RegistarVinculoTrabalhador => Registered,
    |c, r| c.registar_vinculo_trabalhador(r));
operation!(Cessar = "cessarVinculo", cessar_vinculo, CessarVinculo => Ceased, |c, r| c.cessar_vinculo(r));
operation!(Alterar = "alterarContratoTrabalho", alterar_contrato, AlterarContratoTrabalho => Altered,
    |c, r| c.alterar_contrato_trabalho(r));
operation!(PeriodoRendimento = "registarPeriodoRendimentoContratoTrabalho", registar_periodo_rendimento,
    RegistarPeriodoRendimentoContratoTrabalho => Periodo, |c, r| c.registar_periodo_rendimento_contrato_trabalho(r));
operation!(PesquisaContratosOp = "pesquisaContratos", consultar_contratos, PesquisaContratos => Pesquisa,
    |c, r| c.pesquisa_contratos(r));
operation!(DadosContratosOp = "getDadosContratos", consultar_contratos, GetDadosContratos => DadosContratos,
    |c, r| c.get_dados_contratos(r));
operation!(ObterComunicacoesOp = "obterComunicacoes", obter_comunicacoes, ObterComunicacoes => Comunicacoes,
    |c, r| c.obter_comunicacoes(r));
operation!(ComunicarVinculo = "comunicarVinculoTrabalhador", qlf, PedidoVinculoTrabalhadorDto => Qlf,
    |c, r| c.comunicar_vinculo_trabalhador(r));
operation!(PedirEmissao = "pedirEmissaoDocumentosPagamento", emissao_documentos_pagamento,
    PedidoEmissaoDocumentoPagamentoVo => Pedido, |c, r| c.pedir_emissao_documentos_pagamento(None, r));
operation!(ObterEmissao = "obterPedidoEmissaoDocumentosPagamento", emissao_documentos_pagamento,
    String => ObterPedido, |c, r| c.obter_pedido_emissao_documentos_pagamento(r));
operation!(ConsultarDocumentos = "consultarDocumentosPagamento", consulta_documentos_pagamento,
    Option<Niss> => Consulta, |c, r| c.consultar_documentos_pagamento(r.as_ref()));
operation!(ObterComprovativos = "obterComprovativosPagamento", comprovativos_pagamento, i64 => Comprovativos,
    |c, r| c.obter_comprovativos_pagamento(*r, None));
operation!(CancelarDocumento = "cancelarDocumentoPagamento", cancelamento_documento_pagamento, String => Cancelar,
    |c, r| c.cancelar_documento_pagamento(r, None));
operation!(SioeSearch = "Search", sioe_directory, Search => SearchResponse, |c, r| c.search(r));
operation!(SioeGet = "Get", sioe_directory, Get => GetResponse, |c, r| c.get(r));
