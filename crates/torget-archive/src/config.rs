//! The bridge's configuration file (TOML). Unknown keys are refused with their name, so a typo
//! never silently falls back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Which archive format the packages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// KS Fiks Arkiv V1: `arkivmelding.xml` with the request as PDF/A and JSON (Norway).
    FiksArkiv,
    /// E-ARK SIP 2.1 (CSIP 2.1, FGS Paketstruktur 2.0): a `METS.xml` package with the request
    /// as PDF/A and JSON in one representation (Sweden).
    EArkSip,
}

/// What an E-ARK SIP says of who delivers it, all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SipCodes {
    /// The submission agreement with the archive (`altRecordID TYPE="SUBMISSIONAGREEMENT"`).
    pub submission_agreement: Option<String>,
    /// The organisation that delivers (the municipality or its board) and its identification
    /// code, e.g. `ORG:2120000142` (a SIP `CREATOR` agent of type `ORGANIZATION`).
    pub organisation: Option<String>,
    pub organisation_id: Option<String>,
}

/// The archive's own codes for where an incoming entry is placed (Fiks Arkiv), all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveCodes {
    /// The `arkivdel` code, e.g. `SAK`.
    pub arkivdel: Option<String>,
    /// The classification system (`klassifikasjonssystemID`) and class (`klasseID`).
    pub klassifikasjonssystem: Option<String>,
    pub klasse: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The hub's address, e.g. `https://torget.example.no:8443`.
    pub hub_url: String,
    /// A file holding the bridge's credential from `torget-hub archive-bridge add NAME`.
    pub token_file: PathBuf,
    /// The municipality's private key (the one kiosks seal to), base64.
    pub private_key_file: PathBuf,
    pub format: Format,
    /// Where packages are put for the archive's import; one folder per request.
    pub outgoing: PathBuf,
    /// Where the archive's receipts arrive (`<package>.xml`).
    pub incoming: PathBuf,
    /// The bridge's own state: the ledger (SQLite) and the staging folder.
    pub state_dir: PathBuf,
    /// The municipality's name, on every document.
    pub municipality: String,
    /// The municipality's language: a request written in another is given in both.
    pub language: String,
    /// The time zone times are written in (IANA name).
    #[serde(default = "default_zone")]
    pub time_zone: String,
    /// How often to ask the hub for new requests, in seconds.
    #[serde(default = "default_every")]
    pub every_seconds: u64,
    #[serde(default)]
    pub fiks_arkiv: ArchiveCodes,
    #[serde(default)]
    pub e_ark: SipCodes,
}

fn default_zone() -> String {
    "Europe/Oslo".into()
}

fn default_every() -> u64 {
    30
}

impl Config {
    /// Reads and checks the file; the error names the file and what is wrong.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        jiff::tz::TimeZone::get(&config.time_zone)
            .map_err(|_| format!("{}: time_zone `{}` is not a known time zone", path.display(), config.time_zone))?;
        if config.e_ark.organisation.is_some() != config.e_ark.organisation_id.is_some() {
            return Err(format!("{}: [e_ark] needs both organisation and organisation_id, or neither", path.display()));
        }
        if !config.hub_url.starts_with("https://") && !config.hub_url.starts_with("http://127.0.0.1") {
            return Err(format!("{}: hub_url must be https:// (or http://127.0.0.1 for tests)", path.display()));
        }
        Ok(config)
    }

    pub fn zone(&self) -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get(&self.time_zone).expect("checked when loaded")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
hub_url = "https://hub.example.no"
token_file = "/etc/torget-archive/token"
private_key_file = "/etc/torget-archive/private.key"
format = "fiks-arkiv"
outgoing = "/srv/arkiv/inn"
incoming = "/srv/arkiv/kvitteringer"
state_dir = "/var/lib/torget-archive"
municipality = "Eksempel kommune"
language = "nb"

[fiks_arkiv]
arkivdel = "SAK"
"#;

    fn load(text: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("archive.toml");
        std::fs::write(&path, text).unwrap();
        Config::load(&path)
    }

    #[test]
    fn a_good_file_loads_and_an_unknown_key_or_format_is_named() {
        let config = load(GOOD).unwrap();
        assert_eq!((config.format, config.fiks_arkiv.arkivdel.as_deref()), (Format::FiksArkiv, Some("SAK")));
        assert_eq!((config.time_zone.as_str(), config.every_seconds), ("Europe/Oslo", 30));
        let typo = load(&GOOD.replace("arkivdel =", "arkivdell =")).unwrap_err();
        assert!(typo.contains("unknown field `arkivdell`"), "{typo}");
        let top = load(&format!("{GOOD}\n")).map(|_| ()).and(load(&GOOD.replace("language =", "lang ="))).unwrap_err();
        assert!(top.contains("unknown field `lang`"), "{top}");
        let format = load(&GOOD.replace("fiks-arkiv", "noark4")).unwrap_err();
        assert!(format.contains("noark4"), "{format}");
        let zone = load(&format!("time_zone = \"Mars/Olympus\"\n{GOOD}")).unwrap_err();
        assert!(zone.contains("Mars/Olympus"), "{zone}");
        let plain = load(&GOOD.replace("https://hub.example.no", "http://hub.example.no")).unwrap_err();
        assert!(plain.contains("https://"), "{plain}");
        let sweden = format!(
            "{}\n[e_ark]\nsubmission_agreement = \"RA 2026-1\"\n",
            GOOD.replace("fiks-arkiv", "e-ark-sip").replace("\n[fiks_arkiv]\narkivdel = \"SAK\"\n", "")
        );
        let config = load(&sweden).unwrap();
        assert_eq!((config.format, config.e_ark.submission_agreement.as_deref()), (Format::EArkSip, Some("RA 2026-1")));
        let half = load(&format!("{sweden}organisation = \"Exempel kommun\"\n")).unwrap_err();
        assert!(half.contains("organisation_id"), "{half}");
        let typo = load(&format!("{sweden}agreement = \"x\"\n")).unwrap_err();
        assert!(typo.contains("unknown field `agreement`"), "{typo}");
    }
}
