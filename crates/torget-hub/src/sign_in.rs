//! Signing in with a name and a password: the one rule the sign-in page calls.
//!
//! A try is counted per account and per address *before* its password is checked, and only while
//! neither is held back by [`sign_in_delay`], so simultaneous tries cannot all pass on the same
//! count (the review had 11 wrong passwords of 12 simultaneous tries checked where 3 were allowed).
//! A right password takes its try back. Password checks (argon2id, 19 MiB each) run at most
//! [`MAX_PASSWORD_CHECKS`] at once, on as many threads of their own; a try that cannot get a turn
//! soon is told to come back (24 simultaneous anonymous tries had grown the hub by 458 MiB). This
//! module decides; it renders nothing and writes no SQL.

use std::net::IpAddr;
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::sync::Semaphore;
use torget_common::password::{CheckMemory, verify_in};

use crate::accounts::{self, User};
use crate::store::{Database, DbError};

/// Failed tries an account gets before each further one waits.
pub const FREE_TRIES_PER_ACCOUNT: u32 = 3;
/// Failed tries an address gets before each further one waits (several people may share it).
pub const FREE_TRIES_PER_ADDRESS: u32 = 10;
/// Password checks running at once: each holds 19 MiB, and two cores do no more than this at once
/// anyway.
pub const MAX_PASSWORD_CHECKS: usize = 4;
/// How long a try waits for a turn to be checked before it is told to come back.
const CHECK_TURN_WAIT: Duration = Duration::from_secs(5);
/// Rounds of reading and counting before a try lost to others counting at the same moment gives up.
const COUNT_ROUNDS: usize = 16;

static CHECKS: Semaphore = Semaphore::const_new(MAX_PASSWORD_CHECKS);

/// Why a sign-in did not sign anyone in.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// The name and password do not belong together (or the account has no role this hub knows).
    #[error("the name or the password is wrong")]
    Wrong,
    /// Too many failed tries on the account or from the address: no try before this long.
    #[error("too many failed tries: wait {0:?}")]
    Wait(Duration),
    /// Too many tries being checked at once (or counted at the same moment): try again shortly.
    #[error("too many sign-ins at once")]
    Busy,
    #[error(transparent)]
    Store(#[from] DbError),
}

/// Seconds to wait before the next try after `failures` failed ones: none for the first `free`, then
/// 2, 4, 8 … seconds, at most a quarter of an hour.
pub fn sign_in_delay(failures: u32, free: u32) -> Duration {
    if failures < free {
        return Duration::ZERO;
    }
    Duration::from_secs((1u64 << (failures - free + 1).min(10)).min(900))
}

/// The account `name` when `password` is its password, tried from `from` at `now` (ms).
pub async fn sign_in(db: &Database, name: &str, password: String, from: IpAddr, now: i64) -> Result<User, Refused> {
    let keys = [(format!("user:{name}"), FREE_TRIES_PER_ACCOUNT), (format!("addr:{from}"), FREE_TRIES_PER_ADDRESS)];
    count_try(db, &keys, now).await?;
    let checked = match CHECKS.try_acquire() {
        Ok(turn) => Some(turn),
        Err(_) => tokio::time::timeout(CHECK_TURN_WAIT, CHECKS.acquire()).await.ok().and_then(Result::ok),
    };
    let Some(_turn) = checked else {
        // Not checked, so not a failure either.
        for (key, _) in &keys {
            db.uncount_try(key).await?;
        }
        return Err(Refused::Busy);
    };
    let account = db.user_with_hash(name).await?;
    let matches = check_password(account.as_ref().map(|(_, hash)| hash.clone()), password).await;
    match account {
        Some((user, _)) if matches && user.role().is_some() => {
            // The account starts afresh; the address does not (one valid account must not open
            // the way for guessing others): only this try is taken back.
            db.clear_failures(&keys[0].0).await?;
            db.uncount_try(&keys[1].0).await?;
            Ok(user)
        }
        _ => Err(Refused::Wrong),
    }
}

/// Counts one try under every key, or says how long to wait when any key is held back.
async fn count_try(db: &Database, keys: &[(String, u32)], now: i64) -> Result<(), Refused> {
    for _ in 0..COUNT_ROUNDS {
        let mut seen = Vec::with_capacity(keys.len());
        let mut wait = Duration::ZERO;
        for (key, free) in keys {
            let failures = db.failures(key).await?;
            if let Some((count, last_ms)) = failures {
                let since = Duration::from_millis((now - last_ms).max(0) as u64);
                wait = wait.max(sign_in_delay(count, *free).saturating_sub(since));
            }
            seen.push(failures);
        }
        if !wait.is_zero() {
            return Err(Refused::Wait(wait));
        }
        let mut counted = 0;
        for ((key, _), seen) in keys.iter().zip(seen) {
            if !db.count_try(key, seen, now).await? {
                break;
            }
            counted += 1;
        }
        if counted == keys.len() {
            return Ok(());
        }
        // Another try counted first: take back what this one counted and read again.
        for (key, _) in &keys[..counted] {
            db.uncount_try(key).await?;
        }
    }
    Err(Refused::Busy)
}

/// A password check, run on a checking thread in that thread's memory.
type Check = Box<dyn FnOnce(&mut CheckMemory) + Send>;

/// Whether `password` matches `hash` (`None`: an unknown name, checked against a decoy so that it
/// takes as long). The caller holds a turn of [`CHECKS`], so a checking thread is free.
async fn check_password(hash: Option<String>, password: String) -> bool {
    let (answer, answered) = tokio::sync::oneshot::channel();
    let check: Check = Box::new(move |memory| {
        let matches = match hash {
            Some(hash) => verify_in(&hash, &password, memory),
            None => {
                let _ = verify_in(decoy_hash(), &password, memory);
                false
            }
        };
        let _ = answer.send(matches);
    });
    checking_threads().try_send(check).is_ok() && answered.await.unwrap_or(false)
}

/// The threads that check passwords, [`MAX_PASSWORD_CHECKS`] of them, started at the first check,
/// each with the 19 MiB a check works in kept for good: so the checks' memory is bounded, however
/// many there are (with argon2 allocating its own each time, 24 checks four at a time still grew
/// the hub by 419 MiB, see [`CheckMemory`]).
fn checking_threads() -> &'static SyncSender<Check> {
    static CHECKING: OnceLock<SyncSender<Check>> = OnceLock::new();
    CHECKING.get_or_init(|| {
        let (checks, waiting) = std::sync::mpsc::sync_channel::<Check>(MAX_PASSWORD_CHECKS);
        let waiting: Arc<Mutex<Receiver<Check>>> = Arc::new(Mutex::new(waiting));
        for n in 0..MAX_PASSWORD_CHECKS {
            let waiting = waiting.clone();
            let spawned = std::thread::Builder::new().name(format!("password-check-{n}")).spawn(move || {
                let mut memory = CheckMemory::default();
                loop {
                    let next = waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).recv();
                    match next {
                        Ok(check) => check(&mut memory),
                        Err(_) => return,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password checking thread");
            }
        }
        checks
    })
}

/// An argon2id hash of nothing anyone types, checked for unknown names so that they take as long.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        use crypto_box::aead::rand_core::RngCore;
        let mut secret = [0u8; 32];
        crypto_box::aead::OsRng.fill_bytes(&mut secret);
        let secret: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        accounts::hash_password(&secret).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_grows_after_the_free_tries_and_stops_at_a_quarter_of_an_hour() {
        assert_eq!(sign_in_delay(2, 3), Duration::ZERO);
        assert_eq!(sign_in_delay(3, 3), Duration::from_secs(2));
        assert_eq!(sign_in_delay(4, 3), Duration::from_secs(4));
        assert_eq!(sign_in_delay(60, 3), Duration::from_secs(900));
    }
}
