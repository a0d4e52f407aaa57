//! Secrets people type, kept only as argon2id hashes: the hub's account passwords and the kiosk's
//! staff PINs, with the same parameters and the same PHC strings (each with its own random salt).

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

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
}
