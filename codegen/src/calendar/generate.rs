//! Emission: the checked spec → the tokens of the generated module (the `Obrigacao` enum, its
//! documentation in Portuguese, each window rule as a `rt::calendar::Janela`, and the thin
//! wrappers over the runtime), formatted with `prettyplease`.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::{Calendario, Janela, Periodicidade, Referencia, Responsavel, TipoPeriodo};
use crate::{Error, Options};

/// Width at which generated documentation paragraphs are wrapped.
pub(super) const DOC_WIDTH: usize = 96;

/// Wrap a paragraph into doc lines (each with the leading space rustdoc expects).
pub(super) fn wrap(paragraph: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > DOC_WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        line.push(' ');
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Doc attributes for paragraphs separated by blank doc lines.
fn docs(paragraphs: &[String], inner: bool) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(wrap(p));
    }
    if inner {
        quote! { #( #![doc = #lines] )* }
    } else {
        quote! { #( #[doc = #lines] )* }
    }
}

fn periodicidade_pt(p: Periodicidade) -> &'static str {
    match p {
        Periodicidade::Trimestral => "trimestral",
        Periodicidade::Semestral => "semestral",
        Periodicidade::Anual => "anual",
        Periodicidade::Ocorrencia => "na ocorrência de um evento",
    }
}

fn responsavel_pt(r: Responsavel) -> &'static str {
    match r {
        Responsavel::Empregador => "o empregador público",
        Responsavel::Dgaep => "a DGAEP",
    }
}

/// The rule in words, for the variant documentation.
fn regra_pt(janela: &Janela) -> String {
    let periodo_pt = |p: &TipoPeriodo| match p {
        TipoPeriodo::Trimestre => "trimestre",
        TipoPeriodo::Semestre => "semestre",
        TipoPeriodo::Ano => "ano",
    };
    match janela {
        Janela::IntervaloFixo {
            meses,
            dia_inicio,
            dia_fim,
            referencia,
        } => {
            const MESES: [&str; 12] = [
                "janeiro",
                "fevereiro",
                "março",
                "abril",
                "maio",
                "junho",
                "julho",
                "agosto",
                "setembro",
                "outubro",
                "novembro",
                "dezembro",
            ];
            let nomes: Vec<&str> = meses
                .iter()
                .filter_map(|m| MESES.get(usize::try_from(*m).ok()?.checked_sub(1)?).copied())
                .collect();
            let referencia = match referencia {
                Referencia::AnoAnterior => "ano anterior",
                Referencia::AnoCorrente => "ano corrente",
                Referencia::AnoSeguinte => "ano seguinte",
            };
            format!(
                "de {dia_inicio} a {dia_fim} de {} de cada ano; dados do {referencia}.",
                nomes.join(" e de ")
            )
        }
        Janela::AteDiaDoMesSeguinte { periodo, dia } => format!(
            "até ao dia {dia} do mês seguinte ao fim de cada {}; abre no dia seguinte ao fim do período (inferido).",
            periodo_pt(periodo)
        ),
        Janela::AteUltimoDiaDoMesSeguinte { periodo } => format!(
            "até ao último dia do mês seguinte ao fim de cada {}; abre no dia seguinte ao fim do período (inferido).",
            periodo_pt(periodo)
        ),
        Janela::DiasUteisAposEvento { dias, evento } => {
            format!("{dias} dias úteis contados a partir do dia seguinte ao evento: «{evento}».")
        }
        Janela::DiasAposEvento { dias, evento } => {
            format!("{dias} dias (seguidos) contados a partir do dia seguinte ao evento: «{evento}».")
        }
        Janela::NaOcorrencia { evento } => {
            format!("na ocorrência («{evento}»); a Portaria não fixa prazo.")
        }
    }
}

fn lit_u32(n: u32) -> Literal {
    Literal::u32_unsuffixed(n)
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote! { Some(#s) },
        None => quote! { None },
    }
}

/// Emit the module for a checked spec.
pub fn emit(calendario: &Calendario, yaml_path: &str, options: &Options) -> Result<String, Error> {
    let rt_path: syn::Path = syn::parse_str(&options.runtime_path).map_err(|e| Error::Emit {
        file: yaml_path.into(),
        message: format!("runtime_path `{}`: {e}", options.runtime_path),
    })?;
    let cal = quote! { calendar };
    let n = calendario.obrigacoes.len();
    let n_lit = Literal::usize_unsuffixed(n);
    let variantes: Vec<Ident> = calendario
        .obrigacoes
        .iter()
        .map(|o| Ident::new(&o.variante, Span::call_site()))
        .collect();

    // Module documentation.
    let mut module_doc = vec![
        format!("Calendário das obrigações de registo no SIOE: {}.", calendario.fonte),
        format!(
            "Generated from the project's data spec `{yaml_path}` (rules version: {}); the spec is the \
             project's own reading of the legal text, not a publisher file.",
            calendario.versao
        ),
        "[`Obrigacao`] names each obligation and [`JANELAS`] gives each one's window rule as a \
         runtime `Janela`. [`prazos_do_ano`] lists every periodic window of a year, \
         [`obrigacoes_em`] the windows open on a date, [`prazos_da_entidade`] the windows owed by \
         an entity covered from a given date (art. 15.º), and [`prazo_ocorrencia`] the deadline of \
         an event-driven obligation."
            .to_owned(),
        "Each [`Prazo`] carries two closing dates: `fim`, as the Portaria writes it, and `fim_regra`, \
         under the general counting rule named in `regra` (Código Civil art. 279.º e) for the windows \
         fixed on calendar dates: a deadline on a Sunday or holiday moves to the next working day; \
         CPA art. 87.º for the counts of days from an event: counted in working days). Which rule \
         applies is this project's reading; see `rt::calendar`."
            .to_owned(),
    ];
    module_doc.extend(calendario.notas.iter().cloned());
    let module_doc = docs(&module_doc, true);

    let fonte = &calendario.fonte;
    let versao = &calendario.versao;

    let mut variant_defs = Vec::with_capacity(n);
    let mut arms_id = Vec::with_capacity(n);
    let mut arms_nome = Vec::with_capacity(n);
    let mut arms_artigo = Vec::with_capacity(n);
    let mut arms_citacao = Vec::with_capacity(n);
    let mut arms_dados = Vec::with_capacity(n);
    let mut arms_nota = Vec::with_capacity(n);
    let mut arms_evento = Vec::with_capacity(n);
    let mut arms_resp = Vec::with_capacity(n);
    let mut arms_period = Vec::with_capacity(n);
    let mut arms_janela = Vec::with_capacity(n);
    let mut from_id = Vec::with_capacity(n);
    let mut tabela = Vec::with_capacity(n);

    for (o, v) in calendario.obrigacoes.iter().zip(&variantes) {
        let mut paragraphs = vec![format!("**{}** ({}).", o.nome, o.artigo)];
        if let Some(c) = &o.citacao {
            paragraphs.push(format!("Prazo: «{c}»."));
        }
        if let Some(c) = &o.citacao_dados {
            paragraphs.push(format!("Dados: «{c}»."));
        }
        paragraphs.push(format!("Regra: {}", regra_pt(&o.janela)));
        paragraphs.push(format!(
            "Periodicidade: {}; regista {}.",
            periodicidade_pt(o.periodicidade),
            responsavel_pt(o.responsavel)
        ));
        if let Some(nota) = &o.nota {
            paragraphs.push(format!("Nota: {nota}"));
        }
        paragraphs.push(format!("Id na especificação: `{}`.", o.id));
        let doc = docs(&paragraphs, false);
        variant_defs.push(quote! { #doc #v });

        let (id, nome, artigo) = (&o.id, &o.nome, &o.artigo);
        arms_id.push(quote! { Obrigacao::#v => #id });
        arms_nome.push(quote! { Obrigacao::#v => #nome });
        arms_artigo.push(quote! { Obrigacao::#v => #artigo });
        let c = opt_str(o.citacao.as_deref());
        arms_citacao.push(quote! { Obrigacao::#v => #c });
        let c = opt_str(o.citacao_dados.as_deref());
        arms_dados.push(quote! { Obrigacao::#v => #c });
        let c = opt_str(o.nota.as_deref());
        arms_nota.push(quote! { Obrigacao::#v => #c });
        let c = opt_str(o.janela.evento());
        arms_evento.push(quote! { Obrigacao::#v => #c });
        let r = match o.responsavel {
            Responsavel::Empregador => quote! { #cal::Responsavel::Empregador },
            Responsavel::Dgaep => quote! { #cal::Responsavel::Dgaep },
        };
        arms_resp.push(quote! { Obrigacao::#v => #r });
        let p = match o.periodicidade {
            Periodicidade::Trimestral => quote! { #cal::Periodicidade::Trimestral },
            Periodicidade::Semestral => quote! { #cal::Periodicidade::Semestral },
            Periodicidade::Anual => quote! { #cal::Periodicidade::Anual },
            Periodicidade::Ocorrencia => quote! { #cal::Periodicidade::Ocorrencia },
        };
        arms_period.push(quote! { Obrigacao::#v => #p });
        let j = janela_tokens(&cal, &o.janela);
        arms_janela.push(quote! { Obrigacao::#v => #j });
        from_id.push(quote! { #id => Some(Obrigacao::#v) });
        tabela.push(quote! { (Obrigacao::#v, #j) });
    }

    let tokens = quote! {
        #module_doc

        use #rt_path::calendar;

        /// The legal source of the rules.
        pub const FONTE: &str = #fonte;

        /// The version of the rules (art. 14.º of the Portaria lets the content be revised by despacho).
        pub const VERSAO: &str = #versao;

        /// One concrete window of an [`Obrigacao`].
        pub type Prazo = #cal::Prazo<Obrigacao>;

        /// A reporting obligation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Obrigacao {
            #( #variant_defs, )*
        }

        impl Obrigacao {
            /// Every obligation, in spec order.
            pub const TODAS: [Obrigacao; #n_lit] = [ #( Obrigacao::#variantes, )* ];

            /// The stable id of the spec (`quadro_pessoal`).
            pub const fn id(self) -> &'static str {
                match self { #( #arms_id, )* }
            }

            /// The obligation for a spec id.
            pub fn from_id(id: &str) -> Option<Obrigacao> {
                match id {
                    #( #from_id, )*
                    _ => None,
                }
            }

            /// The Portuguese name.
            pub const fn nome(self) -> &'static str {
                match self { #( #arms_nome, )* }
            }

            /// The article that sets the window.
            pub const fn artigo(self) -> &'static str {
                match self { #( #arms_artigo, )* }
            }

            /// The verbatim window rule, when the reference quotes one.
            pub const fn citacao(self) -> Option<&'static str> {
                match self { #( #arms_citacao, )* }
            }

            /// The verbatim rule for the reference period of the data, when there is one.
            pub const fn citacao_dados(self) -> Option<&'static str> {
                match self { #( #arms_dados, )* }
            }

            /// The spec's note: our reading, paraphrase or inference.
            pub const fn nota(self) -> Option<&'static str> {
                match self { #( #arms_nota, )* }
            }

            /// For an event-driven obligation, the verbatim text naming the event.
            pub const fn evento(self) -> Option<&'static str> {
                match self { #( #arms_evento, )* }
            }

            /// Who registers.
            pub const fn responsavel(self) -> #cal::Responsavel {
                match self { #( #arms_resp, )* }
            }

            /// How often.
            pub const fn periodicidade(self) -> #cal::Periodicidade {
                match self { #( #arms_period, )* }
            }

            /// The window rule.
            pub const fn janela(self) -> #cal::Janela {
                match self { #( #arms_janela, )* }
            }

            /// The general counting rule of the deadline (Código Civil art. 279.º e) for a
            /// window fixed on calendar dates, CPA art. 87.º for a count of days from an event);
            /// `None` when the article states no deadline. Each [`Prazo`] gives the date the
            /// Portaria writes (`fim`) and the date under this rule (`fim_regra`).
            pub const fn regra_contagem(self) -> Option<#cal::RegraContagem> {
                self.janela().regra_contagem()
            }
        }

        impl std::fmt::Display for Obrigacao {
            /// The name and the article: `Quadro de pessoal (art. 7.º)`.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} ({})", self.nome(), self.artigo())
            }
        }

        /// Each obligation with its window rule, in spec order.
        pub const JANELAS: [(Obrigacao, #cal::Janela); #n_lit] = [ #( #tabela, )* ];

        /// The periodic windows open on `data` (both ends included), with their reference periods,
        /// ordered by closing date, then opening date, then obligation.
        ///
        /// Event-driven obligations are not listed: see [`prazo_ocorrencia`].
        pub fn obrigacoes_em(data: #cal::NaiveDate) -> Vec<Prazo> {
            #cal::obrigacoes_em(&JANELAS, data)
        }

        /// Every periodic window that closes in `ano`, ordered by closing date, then opening date,
        /// then obligation. The windows for the last period of `ano − 1` (closing in January or
        /// February) are part of `ano`.
        pub fn prazos_do_ano(ano: i32) -> Vec<Prazo> {
            #cal::prazos_do_ano(&JANELAS, ano)
        }

        /// The windows of [`prazos_do_ano`] owed by an entity covered by the SIOE from
        /// `abrangida_desde` (art. 15.º, gradual use, by *despacho*): those that open on or after
        /// that date.
        pub fn prazos_da_entidade(ano: i32, abrangida_desde: #cal::NaiveDate) -> Vec<Prazo> {
            #cal::prazos_da_entidade(&JANELAS, ano, abrangida_desde)
        }

        /// The deadline of an event-driven obligation for an event on `data_evento`, counted in
        /// working days or calendar days from the day after the event.
        ///
        /// `None` for periodic obligations, for obligations whose article states no deadline
        /// («sempre que ocorram …»), and when the date would be out of range.
        pub fn prazo_ocorrencia(obrigacao: Obrigacao, data_evento: #cal::NaiveDate) -> Option<Prazo> {
            obrigacao.janela().prazo_ocorrencia(obrigacao, data_evento)
        }
    };

    let file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit {
        file: yaml_path.into(),
        message: e.to_string(),
    })?;
    let body = prettyplease::unparse(&file);
    let shown_path: String = yaml_path.chars().filter(|c| !c.is_control()).collect();
    Ok(format!(
        "{}{body}",
        crate::emit::header(&[format!("Source: {shown_path}")], options)
    ))
}

fn janela_tokens(cal: &TokenStream, janela: &Janela) -> TokenStream {
    let periodo = |p: &TipoPeriodo| match p {
        TipoPeriodo::Trimestre => quote! { #cal::TipoPeriodo::Trimestre },
        TipoPeriodo::Semestre => quote! { #cal::TipoPeriodo::Semestre },
        TipoPeriodo::Ano => quote! { #cal::TipoPeriodo::Ano },
    };
    match janela {
        Janela::IntervaloFixo {
            meses,
            dia_inicio,
            dia_fim,
            referencia,
        } => {
            let meses = meses.iter().copied().map(lit_u32);
            let (a, b) = (lit_u32(*dia_inicio), lit_u32(*dia_fim));
            let r = match referencia {
                Referencia::AnoAnterior => quote! { #cal::ReferenciaAnual::AnoAnterior },
                Referencia::AnoCorrente => quote! { #cal::ReferenciaAnual::AnoCorrente },
                Referencia::AnoSeguinte => quote! { #cal::ReferenciaAnual::AnoSeguinte },
            };
            quote! {
                #cal::Janela::IntervaloFixo { meses: &[ #(#meses),* ], dia_inicio: #a, dia_fim: #b, referencia: #r }
            }
        }
        Janela::AteDiaDoMesSeguinte { periodo: p, dia } => {
            let (p, dia) = (periodo(p), lit_u32(*dia));
            quote! { #cal::Janela::AteDiaDoMesSeguinte { periodo: #p, dia: #dia } }
        }
        Janela::AteUltimoDiaDoMesSeguinte { periodo: p } => {
            let p = periodo(p);
            quote! { #cal::Janela::AteUltimoDiaDoMesSeguinte { periodo: #p } }
        }
        Janela::DiasUteisAposEvento { dias, .. } => {
            let dias = lit_u32(*dias);
            quote! { #cal::Janela::DiasUteisAposEvento { dias: #dias } }
        }
        Janela::DiasAposEvento { dias, .. } => {
            let dias = lit_u32(*dias);
            quote! { #cal::Janela::DiasAposEvento { dias: #dias } }
        }
        Janela::NaOcorrencia { .. } => quote! { #cal::Janela::NaOcorrencia },
    }
}
