//! Sealing: a finished request is encrypted to the municipality's public key before it touches the disk.
//!
//! Uses the libsodium-compatible sealed box (X25519 + XSalsa20-Poly1305, an ephemeral key per message):
//! the kiosk can seal but never open, so a copied disk reveals nothing. Keys are written as base64 of
//! their 32 bytes. A sealed box carries no associated data, so the submission id and kiosk id travel
//! inside the plaintext and the receiver checks them against the envelope. No SQL, no Slint here.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use crypto_box::aead::OsRng;
use crypto_box::{PublicKey, SecretKey};

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the key is not valid base64 of 32 bytes")]
    BadKey,
    #[error("encryption failed")]
    Seal,
    #[error("the sealed data cannot be opened with this key (wrong key or damaged data)")]
    Open,
}

/// The municipality's public key: what a kiosk needs to seal.
#[derive(Clone)]
pub struct SealingKey(PublicKey);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealingKey({})", self.to_base64())
    }
}

/// The private key: only the case handler's export has it, never a kiosk.
pub struct OpeningKey(SecretKey);

impl SealingKey {
    pub fn from_base64(text: &str) -> Result<Self, SealError> {
        Ok(SealingKey(PublicKey::from(decode32(text)?)))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_bytes())
    }

    pub fn seal(&self, plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        self.0.seal(&mut OsRng, plaintext).map_err(|_| SealError::Seal)
    }
}

impl OpeningKey {
    pub fn generate() -> Self {
        OpeningKey(SecretKey::generate(&mut OsRng))
    }

    pub fn from_base64(text: &str) -> Result<Self, SealError> {
        Ok(OpeningKey(SecretKey::from(decode32(text)?)))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.to_bytes())
    }

    pub fn sealing_key(&self) -> SealingKey {
        SealingKey(self.0.public_key())
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        self.0.unseal(sealed).map_err(|_| SealError::Open)
    }
}

fn decode32(text: &str) -> Result<[u8; 32], SealError> {
    let bytes = STANDARD.decode(text.trim()).map_err(|_| SealError::BadKey)?;
    bytes.try_into().map_err(|_| SealError::BadKey)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_data_opens_only_with_the_matching_private_key() {
        let key = OpeningKey::generate();
        let sealed = key.sealing_key().seal(b"Storgatan 1, lampan lyser inte").unwrap();
        assert!(!sealed.windows(9).any(|w| w == b"Storgatan"), "plaintext must not appear");
        assert_eq!(key.open(&sealed).unwrap(), b"Storgatan 1, lampan lyser inte");
        assert!(matches!(OpeningKey::generate().open(&sealed), Err(SealError::Open)));
    }

    #[test]
    fn keys_round_trip_through_base64() {
        let key = OpeningKey::generate();
        let again = OpeningKey::from_base64(&key.to_base64()).unwrap();
        assert_eq!(again.sealing_key().to_base64(), key.sealing_key().to_base64());
        assert!(matches!(SealingKey::from_base64("dG9vIHNob3J0"), Err(SealError::BadKey)));
    }
}
