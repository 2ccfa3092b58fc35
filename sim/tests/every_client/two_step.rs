//! The two-step services driven by `psi_client::flows` (async) or `flows::blocking`.

use std::fmt::Debug;
use std::time::Duration;

use psi_client::api;
use psi_client::api::consultar_contratos::{Contrato, PesquisaContratos};
use psi_client::api::consultar_trabalhadores::{GetQualificacoesTrabalhadoresVinculadosEe, TrabalhadorQualificacoes};
use psi_client::api::emissao_documentos_pagamento::PedidoEmissaoDocumentoPagamentoVo;
use psi_client::api::shared::ObterDocumentoPagamentoVo;
use psi_client::flows::{self, MessagePatterns, Outcome, Polling, TokioSleeper};
use psi_client::rt::{Config, Error};

use super::bench::{Bench, Flavour};

/// A two-step service, with the bench's flavour of client.
pub trait TwoStep {
    /// Step 1's request.
    type Request;
    /// What the data outcome holds.
    type Data: Debug;
    /// Step 1 with `config`'s credential, then step 2 as `polling` says.
    fn submit(
        b: &Bench,
        config: &Config,
        request: &Self::Request,
        polling: &Polling,
    ) -> Result<Outcome<Self::Data>, Error>;
    /// Step 2 for an earlier `chave`, with the adhered employer's credential.
    fn resume(b: &Bench, chave: &str, polling: &Polling) -> Result<Outcome<Self::Data>, Error>;
}

pub struct Contratos;
pub struct Trabalhadores;
pub struct Emissao;

fn no_wait(_: Duration) {}

impl TwoStep for Contratos {
    type Request = PesquisaContratos;
    type Data = Vec<Contrato>;
    fn submit(b: &Bench, config: &Config, r: &PesquisaContratos, p: &Polling) -> Result<Outcome<Vec<Contrato>>, Error> {
        let patterns = MessagePatterns::consultar_contratos();
        match b.flavour {
            Flavour::Blocking => {
                let client = api::consultar_contratos::BlockingClient::new(config.clone());
                flows::blocking::consultar_contratos(&client, r, p, &patterns, &mut no_wait)
            }
            Flavour::Async => b.runtime.block_on(async {
                let client = api::consultar_contratos::Client::new(config.clone());
                flows::consultar_contratos(&client, r, p, &patterns, &TokioSleeper).await
            }),
        }
    }
    fn resume(b: &Bench, chave: &str, p: &Polling) -> Result<Outcome<Vec<Contrato>>, Error> {
        let patterns = MessagePatterns::consultar_contratos();
        match b.flavour {
            Flavour::Blocking => {
                let client = api::consultar_contratos::BlockingClient::new(b.config.clone());
                flows::blocking::obter_contratos(&client, chave, p, &patterns, &mut no_wait)
            }
            Flavour::Async => b.runtime.block_on(async {
                let client = api::consultar_contratos::Client::new(b.config.clone());
                flows::obter_contratos(&client, chave, p, &patterns, &TokioSleeper).await
            }),
        }
    }
}

impl TwoStep for Trabalhadores {
    type Request = GetQualificacoesTrabalhadoresVinculadosEe;
    type Data = Vec<TrabalhadorQualificacoes>;
    fn submit(b: &Bench, config: &Config, r: &Self::Request, p: &Polling) -> Result<Outcome<Self::Data>, Error> {
        let patterns = MessagePatterns::consultar_trabalhadores();
        match b.flavour {
            Flavour::Blocking => {
                let client = api::consultar_trabalhadores::BlockingClient::new(config.clone());
                flows::blocking::consultar_trabalhadores(&client, r, p, &patterns, &mut no_wait)
            }
            Flavour::Async => b.runtime.block_on(async {
                let client = api::consultar_trabalhadores::Client::new(config.clone());
                flows::consultar_trabalhadores(&client, r, p, &patterns, &TokioSleeper).await
            }),
        }
    }
    fn resume(b: &Bench, chave: &str, p: &Polling) -> Result<Outcome<Self::Data>, Error> {
        let patterns = MessagePatterns::consultar_trabalhadores();
        match b.flavour {
            Flavour::Blocking => {
                let client = api::consultar_trabalhadores::BlockingClient::new(b.config.clone());
                flows::blocking::obter_trabalhadores(&client, chave, p, &patterns, &mut no_wait)
            }
            Flavour::Async => b.runtime.block_on(async {
                let client = api::consultar_trabalhadores::Client::new(b.config.clone());
                flows::obter_trabalhadores(&client, chave, p, &patterns, &TokioSleeper).await
            }),
        }
    }
}

impl TwoStep for Emissao {
    type Request = PedidoEmissaoDocumentoPagamentoVo;
    type Data = Vec<ObterDocumentoPagamentoVo>;
    fn submit(b: &Bench, config: &Config, r: &Self::Request, p: &Polling) -> Result<Outcome<Self::Data>, Error> {
        match b.flavour {
            Flavour::Blocking => {
                let client = api::emissao_documentos_pagamento::BlockingClient::new(config.clone());
                flows::blocking::emissao_documentos_pagamento(&client, None, r, p, &mut no_wait)
            }
            Flavour::Async => b.runtime.block_on(async {
                let client = api::emissao_documentos_pagamento::Client::new(config.clone());
                flows::emissao_documentos_pagamento(&client, None, r, p, &TokioSleeper).await
            }),
        }
    }
    fn resume(b: &Bench, chave: &str, p: &Polling) -> Result<Outcome<Self::Data>, Error> {
        match b.flavour {
            Flavour::Blocking => {
                let client = api::emissao_documentos_pagamento::BlockingClient::new(b.config.clone());
                flows::blocking::obter_emissao_documentos_pagamento(&client, chave, p, &mut no_wait)
            }
            Flavour::Async => b.runtime.block_on(async {
                let client = api::emissao_documentos_pagamento::Client::new(b.config.clone());
                flows::obter_emissao_documentos_pagamento(&client, chave, p, &TokioSleeper).await
            }),
        }
    }
}
