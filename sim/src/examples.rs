//! Deterministic example values (a seeded generator): identifiers that pass the published
//! checks, masked names as the PSI returns them, codes from the generated code lists.

use psi_client::rt::{Date, Decimal};

/// A small seeded generator (SplitMix64): the same seed gives the same examples.
#[derive(Debug, Clone)]
pub(crate) struct Examples {
    state: u64,
}

const FIRST: [&str; 8] = ["Ana", "João", "Maria", "Pedro", "Rita", "Tiago", "Inês", "Rui"];
const LAST: [&str; 8] = [
    "Silva", "Santos", "Ferreira", "Pereira", "Costa", "Martins", "Sousa", "Lopes",
];

impl Examples {
    pub fn new(seed: u64) -> Self {
        Examples { state: seed }
    }

    pub fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let len = u64::try_from(items.len()).unwrap_or(u64::MAX);
        let i = usize::try_from(self.below(len)).unwrap_or(0);
        &items[i]
    }

    /// A masked name, as the PSI returns names (reference §5.8).
    pub fn masked_name(&mut self) -> String {
        let first = *self.pick(&FIRST);
        let last = *self.pick(&LAST);
        format!("{} {}", mask(first), mask(last))
    }

    /// A date between 1960 and 2005 (a birth date).
    pub fn birth_date(&mut self) -> Date {
        let days = i64::try_from(self.below(45 * 365)).unwrap_or(0);
        Date::from_ymd_opt(1960, 1, 1).unwrap_or(Date::MIN) + chrono::Duration::days(days)
    }

    /// An amount in euros with cents, between `low` and `low + span`.
    pub fn amount(&mut self, low: i64, span: u64) -> Decimal {
        let cents = i64::try_from(self.below(span * 100)).unwrap_or(0);
        Decimal::new(low * 100 + cents, 2)
    }

    /// A number of `len` decimal digits (no leading zero).
    pub fn digits(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        s.push(char::from(b'1' + u8::try_from(self.below(9)).unwrap_or(0)));
        while s.len() < len {
            s.push(char::from(b'0' + u8::try_from(self.below(10)).unwrap_or(0)));
        }
        s
    }
}

/// The first letter and one `*` per other letter.
fn mask(word: &str) -> String {
    word.chars()
        .enumerate()
        .map(|(i, c)| if i == 0 { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_examples() {
        let (mut a, mut b) = (Examples::new(7), Examples::new(7));
        for _ in 0..50 {
            let n = a.digits(12);
            assert_eq!(n.len(), 12);
            assert_eq!(n, b.digits(12));
        }
        assert_ne!(Examples::new(1).digits(12), Examples::new(2).digits(12));
        assert_eq!(mask("Silva"), "S****");
    }
}
