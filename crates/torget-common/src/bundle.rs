//! Signed content bundles: how new services, pages, texts and pictograms reach a kiosk safely.
//!
//! A bundle is one JSON document holding every file under `assets/` and `locales/` of a content
//! folder, with a version. The municipality signs its exact bytes with an Ed25519 key it keeps to
//! itself (`torget-hub content publish`); kiosks know only the verifying key. A kiosk installs a bundle
//! only when the signature holds *and* the content passes the same lint the kiosk runs at start (the caller's `check`);
//! otherwise it keeps its last good content and logs why. Installing writes the files into a new
//! folder and then swaps a `current` pointer with an atomic rename, so a kiosk switched off midway
//! starts with either the old or the new content, never a mix. Every bundle carries a sequence
//! number inside what is signed; a kiosk never installs one whose sequence is not above the one it
//! runs, so an old (validly signed) bundle replayed by a hub or a proxy cannot roll content back.
//! No HTTP here (that is `sync`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The signed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub version: String,
    /// Grows with every publication; a kiosk refuses a bundle whose sequence is not above the one
    /// it runs. Bundles signed before sequences existed have 0.
    #[serde(default)]
    pub sequence: u64,
    /// Relative path (`assets/…` or `locales/…`) → file bytes, base64.
    pub files: BTreeMap<String, String>,
}

/// A bundle as published: its bytes and the signature over exactly those bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedBundle {
    pub version: String,
    /// The bundle JSON, base64.
    pub bundle: String,
    /// Ed25519 signature of the bundle bytes, base64.
    pub signature: String,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error("the signature does not match the content-signing key")]
    BadSignature,
    #[error("the key is not valid base64 of 32 bytes")]
    BadKey,
    #[error("the bundle cannot be read: {0}")]
    Malformed(String),
    #[error("the bundle's file path `{0}` is not allowed")]
    BadPath(String),
    /// A symbolic link in content read or written: it could bring in, or write to, any file.
    #[error("`{0}` is a symbolic link; content holds files and folders only")]
    Link(PathBuf),
    #[error(
        "bundle {offered} (sequence {offered_sequence}) is not newer than the running {running} (sequence {running_sequence}); keeping it"
    )]
    NotNewer { offered: String, offered_sequence: u64, running: String, running_sequence: u64 },
    /// What the content check said, one problem a line.
    #[error("the bundle's content has problems:\n{0}")]
    Lint(String),
    #[error("cannot write the bundle: {0}")]
    Io(#[from] std::io::Error),
}

fn decode32(text: &str) -> Result<[u8; 32], BundleError> {
    STANDARD.decode(text.trim()).ok().and_then(|b| b.try_into().ok()).ok_or(BundleError::BadKey)
}

/// A new content-signing key pair: (signing key, verifying key), both base64.
pub fn generate_signing_key() -> (String, String) {
    use crypto_box::aead::rand_core::RngCore;
    let mut seed = [0u8; 32];
    crypto_box::aead::OsRng.fill_bytes(&mut seed);
    let key = SigningKey::from_bytes(&seed);
    (STANDARD.encode(key.to_bytes()), STANDARD.encode(key.verifying_key().to_bytes()))
}

/// A bundle's version is a name, never a path: it becomes a folder name on every kiosk. Letters,
/// digits, `.`, `-` and `_`, at most 64, not starting with a dot (so neither `.` nor `..`).
pub fn check_version(version: &str) -> Result<(), BundleError> {
    let plain = !version.is_empty()
        && version.len() <= 64
        && !version.starts_with('.')
        && version.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if plain {
        Ok(())
    } else {
        Err(BundleError::Malformed(format!(
            "version `{version}` is not a plain name (letters, digits, . - _; not starting with a dot)"
        )))
    }
}

/// Reads `root/assets` and `root/locales` into a bundle with this version and sequence.
pub fn pack(root: &Path, version: &str, sequence: u64) -> Result<Bundle, BundleError> {
    check_version(version)?;
    let mut files = BTreeMap::new();
    for top in ["assets", "locales"] {
        collect(root, &root.join(top), &mut files)?;
    }
    Ok(Bundle { version: version.to_string(), sequence, files })
}

/// The sequence a signed bundle claims, read without checking the signature: for the publisher,
/// which numbers the next bundle after the last one it published.
pub fn claimed_sequence(signed: &SignedBundle) -> Option<u64> {
    let bytes = STANDARD.decode(&signed.bundle).ok()?;
    serde_json::from_slice::<Bundle>(&bytes).ok().map(|b| b.sequence)
}

/// Reads the files under `dir` into `files`. A symbolic link anywhere is refused: in a content
/// checkout it would copy any file the reader can read (a key, `/etc/shadow` as root) into a draft
/// every editor can download, or into a bundle every kiosk installs.
fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> Result<(), BundleError> {
    refuse_link(dir)?;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        refuse_link(&path)?;
        if path.is_dir() {
            collect(root, &path, files)?;
        } else {
            let rel = path.strip_prefix(root).map_err(|_| BundleError::BadPath(path.display().to_string()))?;
            files.insert(rel.to_string_lossy().replace('\\', "/"), STANDARD.encode(std::fs::read(&path)?));
        }
    }
    Ok(())
}

/// Signs a bundle with the content-signing key (base64).
pub fn sign(bundle: &Bundle, signing_key: &str) -> Result<SignedBundle, BundleError> {
    let key = SigningKey::from_bytes(&decode32(signing_key)?);
    let bytes = serde_json::to_vec(bundle).map_err(|e| BundleError::Malformed(e.to_string()))?;
    let signature = key.sign(&bytes);
    Ok(SignedBundle {
        version: bundle.version.clone(),
        bundle: STANDARD.encode(&bytes),
        signature: STANDARD.encode(signature.to_bytes()),
    })
}

/// Checks the signature and returns the bundle. Nothing is trusted before this returns `Ok`.
pub fn verify(signed: &SignedBundle, verifying_key: &str) -> Result<Bundle, BundleError> {
    let key = VerifyingKey::from_bytes(&decode32(verifying_key)?).map_err(|_| BundleError::BadKey)?;
    let bytes = STANDARD.decode(&signed.bundle).map_err(|e| BundleError::Malformed(e.to_string()))?;
    let signature: [u8; 64] =
        STANDARD.decode(&signed.signature).ok().and_then(|s| s.try_into().ok()).ok_or(BundleError::BadSignature)?;
    key.verify_strict(&bytes, &Signature::from_bytes(&signature)).map_err(|_| BundleError::BadSignature)?;
    let bundle: Bundle = serde_json::from_slice(&bytes).map_err(|e| BundleError::Malformed(e.to_string()))?;
    if bundle.version != signed.version {
        return Err(BundleError::Malformed("the version outside does not match the signed version".into()));
    }
    Ok(bundle)
}

/// A file path from a bundle, refused unless it stays inside `assets/` or `locales/`.
fn safe_path(rel: &str) -> Result<&Path, BundleError> {
    let path = Path::new(rel);
    let inside = (rel.starts_with("assets/") || rel.starts_with("locales/"))
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if inside { Ok(path) } else { Err(BundleError::BadPath(rel.to_string())) }
}

/// `Err(Link)` when `path` is a symbolic link; a path that is not there is fine.
fn refuse_link(path: &Path) -> Result<(), BundleError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(BundleError::Link(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// Where a kiosk keeps installed bundles: `<data_dir>/content/`.
pub fn content_home(data_dir: &Path) -> PathBuf {
    data_dir.join("content")
}

/// The content folder the kiosk should use: the installed bundle named by `current`, if any.
pub fn current(data_dir: &Path) -> Option<PathBuf> {
    let home = content_home(data_dir);
    let name = std::fs::read_to_string(home.join("current")).ok()?;
    let dir = home.join(name.trim());
    dir.is_dir().then_some(dir)
}

/// The version of the installed bundle, if any.
pub fn current_version(data_dir: &Path) -> Option<String> {
    current(data_dir).and_then(|d| std::fs::read_to_string(d.join("VERSION")).ok()).map(|v| v.trim().to_string())
}

/// The sequence of the installed bundle (0 for one installed before sequences existed), if any.
pub fn current_sequence(data_dir: &Path) -> Option<u64> {
    let dir = current(data_dir)?;
    Some(std::fs::read_to_string(dir.join("SEQUENCE")).ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0))
}

/// The bundle inside a signed one, read without checking the signature: for the hub, which reads
/// the texts of what it publishes itself. A kiosk never takes content this way.
pub fn read_unverified(signed: &SignedBundle) -> Result<Bundle, BundleError> {
    let bytes = STANDARD.decode(&signed.bundle).map_err(|e| BundleError::Malformed(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| BundleError::Malformed(e.to_string()))
}

/// The bundle's files decoded, by their paths (`assets/…`, `locales/…`), for reading without
/// writing them out; a path that would leave them, or a file that is not base64, is refused.
pub fn decoded(files: &BTreeMap<String, String>) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
    files
        .iter()
        .map(|(rel, data)| {
            safe_path(rel)?;
            let bytes = STANDARD.decode(data).map_err(|e| BundleError::Malformed(format!("{rel}: {e}")))?;
            Ok((rel.clone(), bytes))
        })
        .collect()
}

/// Writes the bundle's files (`assets/…`, `locales/…`) under `dir`; a path that would leave them is
/// refused before anything is written for it.
pub fn unpack(bundle: &Bundle, dir: &Path) -> Result<(), BundleError> {
    for (rel, data) in &bundle.files {
        let rel_path = safe_path(rel)?;
        let target = dir.join(rel_path);
        // Nothing is written through a link already in the folder (`assets` → `/etc`): every step
        // below `dir`, and the file itself, must be a real folder or file, or not there yet.
        let mut step = dir.to_path_buf();
        for part in rel_path.components() {
            step.push(part);
            refuse_link(&step)?;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let bytes = STANDARD.decode(data).map_err(|e| BundleError::Malformed(format!("{rel}: {e}")))?;
        std::fs::write(target, bytes)?;
    }
    Ok(())
}

/// Verifies and unpacks a bundle, runs `check` on the unpacked folder (the kiosk passes the content
/// linter), then makes it current with an atomic rename. Returns the new content folder. On any
/// error the current content is untouched.
pub fn install(
    data_dir: &Path,
    signed: &SignedBundle,
    verifying_key: &str,
    check: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<PathBuf, BundleError> {
    let bundle = verify(signed, verifying_key)?;
    // Before anything on disk is touched: `..` would name the data folder itself.
    check_version(&bundle.version)?;
    if let Some(running_sequence) = current_sequence(data_dir)
        && bundle.sequence <= running_sequence
    {
        return Err(BundleError::NotNewer {
            offered: bundle.version,
            offered_sequence: bundle.sequence,
            running: current_version(data_dir).unwrap_or_default(),
            running_sequence,
        });
    }
    let home = content_home(data_dir);
    std::fs::create_dir_all(&home)?;
    let staging = home.join(format!(".{}.partial", bundle.version));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    unpack(&bundle, &staging)?;
    std::fs::write(staging.join("VERSION"), &bundle.version)?;
    std::fs::write(staging.join("SEQUENCE"), bundle.sequence.to_string())?;
    if let Err(problems) = check(&staging) {
        std::fs::remove_dir_all(&staging)?;
        return Err(BundleError::Lint(problems));
    }
    let final_dir = home.join(&bundle.version);
    if final_dir.exists() {
        std::fs::remove_dir_all(&final_dir)?;
    }
    std::fs::rename(&staging, &final_dir)?;
    let pointer = home.join(".current.partial");
    std::fs::write(&pointer, &bundle.version)?;
    std::fs::File::open(&pointer)?.sync_all()?;
    std::fs::rename(&pointer, home.join("current"))?;
    Ok(final_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_outside_the_content_are_refused() {
        assert!(safe_path("assets/services/x.toml").is_ok());
        assert!(safe_path("locales/sv/ui.ftl").is_ok());
        assert!(safe_path("assets/../../etc/passwd").is_err());
        assert!(safe_path("/etc/passwd").is_err());
        assert!(safe_path("src/main.rs").is_err());
    }

    #[test]
    fn a_version_that_is_a_path_is_refused_before_anything_on_disk_is_touched() {
        let (signing, verifying) = generate_signing_key();
        let data = tempfile::tempdir().unwrap();
        std::fs::write(data.path().join("kiosk.db"), b"the queue").unwrap();
        for version in [".", "..", "../x", "", "a/b", ".hidden", "x\\y"] {
            assert!(check_version(version).is_err(), "{version:?}");
            let mut files = BTreeMap::new();
            files.insert("assets/languages.toml".to_string(), STANDARD.encode(b"default = \"sv\""));
            // Signed by the right key, as a content team's mistake (or a stolen key) would be.
            let signed = sign(&Bundle { version: version.into(), sequence: 1, files }, &signing).unwrap();
            let result = install(data.path(), &signed, &verifying, |_| Ok(()));
            assert!(matches!(result, Err(BundleError::Malformed(_))), "{version:?}: {result:?}");
            assert_eq!(std::fs::read(data.path().join("kiosk.db")).unwrap(), b"the queue");
            assert!(!content_home(data.path()).exists(), "{version:?}: nothing was written");
            assert!(pack(data.path(), version, 1).is_err(), "{version:?} cannot be published either");
        }
        assert!(check_version("2026-11-24.1").is_ok());
    }

    #[test]
    fn a_link_in_a_content_checkout_is_refused_and_brings_in_nothing() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.key"), b"private").unwrap();
        let checkout = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(checkout.path().join("assets/pictograms")).unwrap();
        std::fs::create_dir_all(checkout.path().join("locales/sv")).unwrap();
        std::fs::write(checkout.path().join("locales/sv/ui.ftl"), b"hello = Hej").unwrap();
        assert!(pack(checkout.path(), "1", 1).is_ok(), "plain files and folders are read");
        // A link to a file, and (in a second checkout) a link to a folder.
        let link = checkout.path().join("assets/pictograms/x.svg");
        std::os::unix::fs::symlink(outside.path().join("secret.key"), &link).unwrap();
        assert!(matches!(pack(checkout.path(), "1", 1), Err(BundleError::Link(p)) if p == link));
        std::fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(outside.path(), checkout.path().join("assets/more")).unwrap();
        assert!(matches!(pack(checkout.path(), "1", 1), Err(BundleError::Link(_))));
    }

    #[test]
    fn unpacking_never_writes_through_a_link_in_the_folder() {
        let outside = tempfile::tempdir().unwrap();
        let target = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), target.path().join("assets")).unwrap();
        let mut files = BTreeMap::new();
        files.insert("assets/languages.toml".to_string(), STANDARD.encode(b"default = \"sv\""));
        let bundle = Bundle { version: "export".into(), sequence: 0, files };
        assert!(matches!(unpack(&bundle, target.path()), Err(BundleError::Link(_))));
        assert!(!outside.path().join("languages.toml").exists(), "nothing was written outside the folder");
        // The file itself a link to a file outside.
        std::fs::remove_file(target.path().join("assets")).unwrap();
        std::fs::create_dir(target.path().join("assets")).unwrap();
        std::fs::write(outside.path().join("victim"), b"untouched").unwrap();
        std::os::unix::fs::symlink(outside.path().join("victim"), target.path().join("assets/languages.toml")).unwrap();
        assert!(matches!(unpack(&bundle, target.path()), Err(BundleError::Link(_))));
        assert_eq!(std::fs::read(outside.path().join("victim")).unwrap(), b"untouched");
        // Into a plain folder it writes.
        let plain = tempfile::tempdir().unwrap();
        unpack(&bundle, plain.path()).unwrap();
        assert!(plain.path().join("assets/languages.toml").is_file());
    }

    #[test]
    fn a_signature_covers_every_byte() {
        let (signing, verifying) = generate_signing_key();
        let mut files = BTreeMap::new();
        files.insert("assets/languages.toml".to_string(), STANDARD.encode(b"default = \"sv\""));
        let signed = sign(&Bundle { version: "1".into(), sequence: 1, files }, &signing).unwrap();
        assert!(verify(&signed, &verifying).is_ok());
        let mut bytes = STANDARD.decode(&signed.bundle).unwrap();
        let last = bytes.len() - 3;
        bytes[last] ^= 1;
        let tampered = SignedBundle { bundle: STANDARD.encode(bytes), ..signed.clone() };
        assert!(matches!(verify(&tampered, &verifying), Err(BundleError::BadSignature)));
        let (_, other) = generate_signing_key();
        assert!(matches!(verify(&signed, &other), Err(BundleError::BadSignature)));
    }

    #[test]
    fn an_older_bundle_offered_after_a_newer_one_is_refused_and_the_newer_one_stays() {
        let (signing, verifying) = generate_signing_key();
        let data = tempfile::tempdir().unwrap();
        let bundle = |version: &str, sequence: u64| {
            let mut files = BTreeMap::new();
            files.insert("assets/languages.toml".to_string(), STANDARD.encode(version.as_bytes()));
            sign(&Bundle { version: version.into(), sequence, files }, &signing).unwrap()
        };
        let (older, newer) = (bundle("2026-11-01", 5), bundle("2026-11-30", 6));
        assert_eq!(claimed_sequence(&newer), Some(6));
        install(data.path(), &older, &verifying, |_| Ok(())).unwrap();
        install(data.path(), &newer, &verifying, |_| Ok(())).unwrap();
        for replayed in [&older, &bundle("2026-12-24", 6)] {
            let refused = install(data.path(), replayed, &verifying, |_| Ok(()));
            assert!(matches!(refused, Err(BundleError::NotNewer { running_sequence: 6, .. })), "{refused:?}");
        }
        assert_eq!(current_version(data.path()).as_deref(), Some("2026-11-30"));
        assert_eq!(current_sequence(data.path()), Some(6));
        let said = install(data.path(), &older, &verifying, |_| Ok(())).unwrap_err().to_string();
        assert!(said.contains("2026-11-01") && said.contains("2026-11-30"), "{said}");
        install(data.path(), &bundle("2027-01-10", 7), &verifying, |_| Ok(())).unwrap();
        assert_eq!(current_version(data.path()).as_deref(), Some("2027-01-10"));
    }
}
