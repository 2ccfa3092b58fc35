//! What the simulator remembers: the clock, registered contracts, two-step requests and
//! payment documents, per employer.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDateTime;
use psi_client::api::consultar_contratos::Contrato;
use psi_client::api::shared::ObterDocumentoPagamentoVo;
use psi_client::rt::Date;

use crate::examples::Examples;

/// The simulated clock: the real time plus an offset, or a fixed instant that moves only
/// when told to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    Real { offset: chrono::Duration },
    Fixed(NaiveDateTime),
}

impl Clock {
    /// Now, in UTC.
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::Real { offset } => real_now() + *offset,
            Clock::Fixed(t) => *t,
        }
    }

    pub fn advance(&mut self, by: Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX);
        match self {
            Clock::Real { offset } => *offset = offset.checked_add(&by).unwrap_or(*offset),
            Clock::Fixed(t) => *t = t.checked_add_signed(by).unwrap_or(*t),
        }
    }
}

/// The system clock, in UTC.
fn real_now() -> NaiveDateTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    chrono::DateTime::from_timestamp(secs, 0).map_or(NaiveDateTime::MIN, |t| t.naive_utc())
}

/// The life of a two-step request (reference §5.6): pending until `processing` has passed,
/// then its answer is ready until `lifetime` more has passed, then expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    Pending,
    Ready,
    Expired,
}

/// How long two-step requests take and last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timings {
    /// From submission until the answer is ready (default 0: ready at once).
    pub processing: Duration,
    /// How long a ready answer can be fetched (default one hour; the PSI publishes none).
    pub lifetime: Duration,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            processing: Duration::ZERO,
            lifetime: Duration::from_secs(3600),
        }
    }
}

/// A contract as registered, with its employer.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub employer: String,
    pub contrato: Contrato,
    /// The worker's birth date, when the registration gave it.
    pub born: Option<Date>,
    /// The date a cessação ended it.
    pub ended: Option<Date>,
}

impl Stored {
    /// The worker's NISS.
    pub fn worker(&self) -> Option<&str> {
        self.contrato.niss_trabalhador.as_ref().map(|n| n.as_str())
    }
}

/// What a two-step request asked.
#[derive(Debug, Clone)]
pub(crate) enum Asked {
    /// Consultar Contratos: the period and, optionally, the workers.
    Contratos { from: Date, to: Date, workers: Vec<String> },
    /// Consultar Trabalhadores.
    Trabalhadores,
    /// Emissão de documentos de pagamento, by âmbito; the documents once issued.
    Emissao {
        ambito: String,
        issued: Option<Vec<String>>,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub employer: String,
    pub asked: Asked,
    pub submitted: NaiveDateTime,
}

/// The state of a payment document (reference §6.10–§6.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocState {
    Issued,
    Cancelled,
}

#[derive(Debug, Clone)]
pub(crate) struct Document {
    pub employer: String,
    pub vo: ObterDocumentoPagamentoVo,
    pub state: DocState,
}

/// Everything the simulator remembers.
#[derive(Debug)]
pub(crate) struct State {
    pub clock: Clock,
    pub timings: Timings,
    pub examples: Examples,
    pub contracts: Vec<Stored>,
    pub jobs: BTreeMap<String, Job>,
    pub next_key: u64,
    pub documents: Vec<Document>,
}

impl State {
    pub fn new(seed: u64, timings: Timings) -> Self {
        State {
            clock: Clock::Real {
                offset: chrono::Duration::zero(),
            },
            timings,
            examples: Examples::new(seed),
            contracts: Vec::new(),
            jobs: BTreeMap::new(),
            next_key: 1,
            documents: Vec::new(),
        }
    }

    /// Today's date in Lisbon on the simulated clock.
    pub fn today(&self) -> Date {
        lisbon_date(self.clock.now())
    }

    /// Start a two-step request; its `chave`.
    pub fn submit(&mut self, employer: &str, asked: Asked) -> String {
        let chave = format!("SIM{:06}{:04}", self.next_key, self.examples.below(10_000));
        self.next_key += 1;
        let job = Job {
            employer: employer.to_owned(),
            asked,
            submitted: self.clock.now(),
        };
        self.jobs.insert(chave.clone(), job);
        chave
    }

    pub fn phase(&self, job: &Job) -> Phase {
        let age = (self.clock.now() - job.submitted).to_std().unwrap_or(Duration::ZERO);
        if age < self.timings.processing {
            Phase::Pending
        } else if age < self.timings.processing.saturating_add(self.timings.lifetime) {
            Phase::Ready
        } else {
            Phase::Expired
        }
    }

    /// The active (not ended) contract of this worker with this employer.
    pub fn active_mut(&mut self, employer: &str, worker: &str) -> Option<&mut Stored> {
        self.contracts
            .iter_mut()
            .find(|s| s.employer == employer && s.ended.is_none() && s.worker() == Some(worker))
    }
}

/// The Lisbon calendar date at a UTC instant (summer time from the last Sunday of March to
/// the last Sunday of October, changing at 01:00 UTC).
pub(crate) fn lisbon_date(utc: NaiveDateTime) -> Date {
    use chrono::{Datelike, Weekday};
    let last_sunday = |month: u32| {
        let last = Date::from_ymd_opt(utc.year(), month, 31).unwrap_or(Date::MIN);
        let back = i64::from(last.weekday().days_since(Weekday::Sun));
        (last - chrono::Duration::days(back))
            .and_hms_opt(1, 0, 0)
            .unwrap_or_default()
    };
    let summer = utc >= last_sunday(3) && utc < last_sunday(10);
    (utc + chrono::Duration::hours(i64::from(summer))).date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_go_pending_ready_expired_on_the_clock() {
        let start = Date::from_ymd_opt(2026, 1, 15)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .expect("a time");
        let mut s = State::new(
            1,
            Timings {
                processing: Duration::from_secs(10),
                lifetime: Duration::from_secs(60),
            },
        );
        s.clock = Clock::Fixed(start);
        let chave = s.submit("20000000001", Asked::Trabalhadores);
        let job = s.jobs[&chave].clone();
        assert_eq!(s.phase(&job), Phase::Pending);
        s.clock.advance(Duration::from_secs(10));
        assert_eq!(s.phase(&job), Phase::Ready);
        s.clock.advance(Duration::from_secs(60));
        assert_eq!(s.phase(&job), Phase::Expired);
        assert_eq!(s.today(), Date::from_ymd_opt(2026, 1, 15).expect("a date"));
    }
}
