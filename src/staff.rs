//! Staff sign-in: PINs (argon2id hashes, never stored or logged in plain), the lockout after wrong
//! PINs, and how long a staff session lasts. Pure rules; the store keeps the accounts and the counter.

use std::time::Duration;

/// Wrong PINs in a row before the entry locks.
pub const FAILURES_BEFORE_LOCK: u32 = 5;
/// The first lock; each further wrong PIN doubles it, up to [`MAX_LOCK`].
pub const FIRST_LOCK: Duration = Duration::from_secs(30);
pub const MAX_LOCK: Duration = Duration::from_secs(60 * 60);
/// A staff session ends by itself after this long without a touch.
pub const STAFF_IDLE: Duration = Duration::from_secs(3 * 60);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PinError {
    #[error("a PIN is 4 to 8 digits")]
    Format,
    #[error("the PIN could not be hashed")]
    Hash,
}

/// Checks the form of a new PIN: 4 to 8 digits, not all the same digit, not a run like 1234.
pub fn check_new_pin(pin: &str) -> Result<(), PinError> {
    let digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != pin.chars().count() || !(4..=8).contains(&digits.len()) {
        return Err(PinError::Format);
    }
    let same = digits.windows(2).all(|w| w[0] == w[1]);
    let run = digits.windows(2).all(|w| w[1] == (w[0] + 1) % 10) || digits.windows(2).all(|w| w[0] == (w[1] + 1) % 10);
    if same || run { Err(PinError::Format) } else { Ok(()) }
}

/// The argon2id hash of a PIN, as a PHC string with its own random salt.
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    check_new_pin(pin)?;
    torget_common::password::hash(pin).map_err(|_| PinError::Hash)
}

thread_local! {
    /// The 19 MiB a PIN check works in, kept for the next one: each check that allocated its own
    /// left it behind in the heap, so a kiosk with three staff accounts grew by about 117 MiB at
    /// its first sign-ins (see `torget_common::password::CheckMemory`).
    static CHECK_MEMORY: std::cell::RefCell<torget_common::password::CheckMemory> = Default::default();
}

/// Whether `pin` matches `hash` (an argon2id PHC string).
pub fn verify_pin(hash: &str, pin: &str) -> bool {
    CHECK_MEMORY.with(|memory| torget_common::password::verify_in(hash, pin, &mut memory.borrow_mut()))
}

/// How long the entry stays locked after `failures` wrong PINs in a row (zero before the fifth).
pub fn lock_for(failures: u32) -> Duration {
    if failures < FAILURES_BEFORE_LOCK {
        return Duration::ZERO;
    }
    let doublings = (failures - FAILURES_BEFORE_LOCK).min(16);
    (FIRST_LOCK * 2u32.pow(doublings)).min(MAX_LOCK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_digits_and_not_trivial() {
        assert!(check_new_pin("4821").is_ok());
        assert!(check_new_pin("90817364").is_ok());
        for bad in ["123", "123456789", "12a4", "1111", "1234", "9876", "", "٤٨٢١"] {
            assert_eq!(check_new_pin(bad), Err(PinError::Format), "{bad}");
        }
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify_only_the_right_pin() {
        let a = hash_pin("4821").unwrap();
        let b = hash_pin("4821").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("4821"));
        assert!(verify_pin(&a, "4821"));
        assert!(!verify_pin(&a, "4822"));
        assert!(!verify_pin("not a hash", "4821"));
    }

    #[test]
    fn the_lock_grows_with_each_wrong_pin_after_the_fifth() {
        assert_eq!(lock_for(4), Duration::ZERO);
        assert_eq!(lock_for(5), Duration::from_secs(30));
        assert_eq!(lock_for(6), Duration::from_secs(60));
        assert_eq!(lock_for(7), Duration::from_secs(120));
        assert_eq!(lock_for(40), MAX_LOCK);
    }
}
