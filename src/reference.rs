//! Reference codes: the short code a visitor writes down, derived from the submission id.
//!
//! Nine Crockford base32 characters (no I, L, O or U, so nothing is mistaken for 1, 0 or V), shown in
//! three groups (`K7Q-3F9-XA2`). The last character is a Luhn mod 32 check character, so one wrong
//! character or two swapped neighbours are caught when staff type a code back in.

use uuid::Uuid;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The reference code of a submission id. Uses 40 bits of the id's random part.
pub fn from_id(id: Uuid) -> String {
    let b = id.as_bytes();
    // UUIDv7: bytes 0..6 are the time, 6..16 mostly random; take five random bytes.
    let mut bits: u64 = 0;
    for &x in &b[10..15] {
        bits = (bits << 8) | u64::from(x);
    }
    let mut chars: Vec<u8> = (0..8).rev().map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize]).collect();
    chars.push(ALPHABET[check_value(&chars)]);
    let s = String::from_utf8(chars).expect("alphabet is ASCII");
    format!("{}-{}-{}", &s[0..3], &s[3..6], &s[6..9])
}

/// Luhn mod N (N = 32) over the character values.
fn check_value(chars: &[u8]) -> usize {
    let n = 32;
    let mut sum = 0;
    for (i, &c) in chars.iter().rev().enumerate() {
        let mut v = value(c).expect("only alphabet characters");
        if i % 2 == 0 {
            v *= 2;
            v = v / n + v % n;
        }
        sum += v;
    }
    (n - sum % n) % n
}

fn value(c: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == c.to_ascii_uppercase())
}

/// Checks a code as typed by a person: case, spaces and dashes do not matter; the check character must fit.
pub fn is_valid(code: &str) -> bool {
    let chars: Vec<u8> = code.bytes().filter(|c| !matches!(c, b'-' | b' ')).map(|c| c.to_ascii_uppercase()).collect();
    if chars.len() != 9 || chars.iter().any(|&c| value(c).is_none()) {
        return false;
    }
    ALPHABET[check_value(&chars[..8])] == chars[8]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_is_three_groups_without_ambiguous_letters() {
        for _ in 0..200 {
            let code = from_id(Uuid::now_v7());
            assert_eq!(code.len(), 11);
            assert_eq!(&code[3..4], "-");
            assert!(!code.contains(['I', 'L', 'O', 'U']), "{code}");
            assert!(is_valid(&code), "{code}");
            assert!(is_valid(&code.to_lowercase().replace('-', " ")));
        }
    }

    #[test]
    fn a_mistyped_character_or_swapped_neighbours_are_caught() {
        let code: Vec<u8> = from_id(Uuid::now_v7()).replace('-', "").into_bytes();
        for i in 0..9 {
            for &c in ALPHABET {
                if c != code[i] {
                    let mut typo = code.clone();
                    typo[i] = c;
                    assert!(!is_valid(std::str::from_utf8(&typo).unwrap()));
                }
            }
        }
        for i in 0..8 {
            if code[i] != code[i + 1] {
                let mut swapped = code.clone();
                swapped.swap(i, i + 1);
                assert!(!is_valid(std::str::from_utf8(&swapped).unwrap()), "swap at {i}");
            }
        }
    }
}
