//! Reference codes: the short code a visitor writes down, derived from the submission id.
//!
//! Nine Crockford base32 characters (no I, L, O or U, so nothing is mistaken for 1, 0 or V), shown in
//! three groups (`K7Q-3F9-XA2`). The last character is a Damm check character, so every single wrong
//! character and every swap of two neighbours is caught when staff type a code back in.
//!
//! The Damm check needs a totally anti-symmetric quasigroup of order 32. `x * y = 2x + y` over the
//! field GF(32) is one: `(c * x) * y = (c * y) * x` gives `(2 - 1)(x - y) = 0`, so `x = y`. Luhn mod 32
//! would not do: it misses the swap of `0` and `Z`, the two ends of the alphabet.

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

/// Multiplication by 2 in GF(32) with the field polynomial x⁵ + x² + 1.
fn double(x: usize) -> usize {
    let shifted = x << 1;
    if shifted & 32 != 0 { (shifted ^ 0b10_0101) & 31 } else { shifted }
}

/// The quasigroup operation `x * y = 2x + y` (addition in GF(32) is XOR).
fn step(interim: usize, v: usize) -> usize {
    double(interim) ^ v
}

fn interim(chars: &[u8]) -> usize {
    chars.iter().fold(0, |acc, &c| step(acc, value(c).expect("only alphabet characters")))
}

/// The check value `c` with `step(interim, c) == 0`.
fn check_value(chars: &[u8]) -> usize {
    double(interim(chars))
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
    interim(&chars) == 0
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

    fn with_check(body: &[u8]) -> Vec<u8> {
        let mut code = body.to_vec();
        code.push(ALPHABET[check_value(body)]);
        code
    }

    /// A valid code with `a` at position `i` and `b` right after it. When `b` would be the check character
    /// itself, the first character is chosen so that the check comes out as `b`.
    fn code_with(i: usize, a: u8, b: u8) -> Vec<u8> {
        let mut body = b"K7Q3F9XA".to_vec();
        body[i] = a;
        if i < 7 {
            body[i + 1] = b;
            return with_check(&body);
        }
        ALPHABET
            .iter()
            .map(|&first| {
                body[0] = first;
                with_check(&body)
            })
            .find(|code| code[8] == b)
            .expect("the check character takes every value as the first character does")
    }

    #[test]
    fn every_mistyped_character_is_caught() {
        for i in 0..9 {
            for &a in ALPHABET {
                let code = code_with(i.min(7), a, b'0');
                assert!(is_valid(std::str::from_utf8(&code).unwrap()));
                for &c in ALPHABET {
                    if c != code[i] {
                        let mut typo = code.clone();
                        typo[i] = c;
                        assert!(!is_valid(std::str::from_utf8(&typo).unwrap()), "{c} for {} at {i}", code[i]);
                    }
                }
            }
        }
    }

    #[test]
    fn every_swap_of_neighbours_is_caught() {
        for i in 0..8 {
            for &a in ALPHABET {
                for &b in ALPHABET {
                    let code = code_with(i, a, b);
                    if code[i] == code[i + 1] {
                        continue;
                    }
                    assert!(is_valid(std::str::from_utf8(&code).unwrap()));
                    let mut swapped = code.clone();
                    swapped.swap(i, i + 1);
                    let shown = std::str::from_utf8(&swapped).unwrap().to_string();
                    assert!(!is_valid(&shown), "swap at {i}: {shown}");
                }
            }
        }
    }
}
