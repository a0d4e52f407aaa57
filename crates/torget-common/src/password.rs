//! Secrets people type, kept only as argon2id hashes: the hub's account passwords and the kiosk's
//! staff PINs, with the same parameters and the same PHC strings (each with its own random salt).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

fn argon2() -> Argon2<'static> {
    // OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane.
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("valid parameters"))
}

/// The argon2id hash of `secret`, as a PHC string with its own random salt.
pub fn hash(secret: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2().hash_password(secret.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Whether `secret` matches `hash`. Only an argon2id PHC string matches anything.
pub fn verify(hash: &str, secret: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|h| h.algorithm.as_str() == "argon2id" && argon2().verify_password(secret.as_bytes(), &h).is_ok())
}

/// The memory one check of a secret works in (19 MiB), kept by a caller that checks one secret
/// after another. Allocating it for each check and freeing it again left every check's 19 MiB
/// behind in glibc's heap (an aligned request a little larger than the block it freed), so the
/// hub grew by 19 MiB a sign-in.
#[derive(Default)]
pub struct CheckMemory(Vec<Block>);

/// Whether `secret` matches `hash`, as [`verify`] says, computed in `memory`.
pub fn verify_in(hash: &str, secret: &str, memory: &mut CheckMemory) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let Ok(version) = parsed.version.map(Version::try_from).transpose() else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else { return false };
    if parsed.algorithm.as_str() != "argon2id" {
        return false;
    }
    let blocks = params.block_count();
    if memory.0.len() < blocks {
        memory.0.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(Algorithm::Argon2id, version.unwrap_or_default(), params);
    // `Output`'s comparison takes the same time wherever the two differ.
    argon2.hash_password_into_with_memory(secret.as_bytes(), salt, &mut out, &mut memory.0[..blocks]).is_ok()
        && Output::new(&out).is_ok_and(|out| out == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_kept_as_a_salted_argon2id_hash_that_only_it_matches() {
        let (a, b) = (hash("en lång fras").unwrap(), hash("en lång fras").unwrap());
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify(&a, "en lång fras") && verify(&b, "en lång fras"));
        assert!(!verify(&a, "en lång fras "));
        assert!(!verify("not a hash", "en lång fras"));
        let argon2i = a.replacen("$argon2id$", "$argon2i$", 1);
        assert!(!verify(&argon2i, "en lång fras"), "only argon2id");
    }

    #[test]
    fn a_secret_checked_in_kept_memory_matches_as_it_does_without() {
        let mut memory = CheckMemory::default();
        let a = hash("en lång fras").unwrap();
        for _ in 0..2 {
            assert!(verify_in(&a, "en lång fras", &mut memory));
            assert!(!verify_in(&a, "en lång fras ", &mut memory));
        }
        assert!(!verify_in("not a hash", "en lång fras", &mut memory));
        assert!(!verify_in(&a.replacen("$argon2id$", "$argon2i$", 1), "en lång fras", &mut memory), "only argon2id");
    }
}
