//! Kiosk configuration: built-in defaults, then a TOML file, then `TORGET_*` environment variables.
//!
//! The file is `--config FILE`, else `/etc/torget/config.toml` when it exists. Unknown keys, in the file
//! or as `TORGET_*` variables, are errors: a misspelt setting must not be silently ignored on a kiosk
//! nobody watches. Relative paths in a file are relative to the file's folder. The raw, all-optional
//! [`RawConfig`] becomes the validated [`Config`].

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::seal::SealingKey;

pub const SYSTEM_CONFIG: &str = "/etc/torget/config.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {message}")]
    File { path: PathBuf, message: String },
    #[error("environment variable {name}: {message}")]
    Env { name: String, message: String },
    #[error("setting `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
}

/// The configuration as written; every key optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub data_dir: Option<PathBuf>,
    pub content_dir: Option<PathBuf>,
    pub kiosk_id: Option<String>,
    pub idle_seconds: Option<u64>,
    pub idle_warning_seconds: Option<u64>,
    pub default_language: Option<String>,
    pub public_key: Option<String>,
    pub store_max_mb: Option<u64>,
    pub hub_url: Option<String>,
    pub hub_token: Option<String>,
    pub keep_sent_days: Option<u32>,
    pub audit_retention_days: Option<u32>,
    pub fullscreen: Option<bool>,
    pub content_verify_key: Option<String>,
    pub hub_ca_file: Option<PathBuf>,
    pub headphone_jack: Option<bool>,
    pub satisfaction_question: Option<bool>,
    pub printer: Option<String>,
    pub paper: Option<crate::print::Paper>,
    pub printer_server: Option<String>,
}

/// The validated configuration the kiosk runs with.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub content_dir: PathBuf,
    pub kiosk_id: String,
    pub idle: Duration,
    pub idle_warning: Duration,
    /// Overrides the default language of the content when set.
    pub default_language: Option<String>,
    pub public_key: SealingKey,
    pub store_max_bytes: u64,
    /// Where and how to send requests; `None` keeps them on the kiosk (shown as offline).
    pub hub: Option<HubConfig>,
    pub keep_sent_days: u32,
    /// Audit entries older than this are purged when the kiosk starts (the purge is logged).
    pub audit_retention_days: u32,
    pub fullscreen: bool,
    /// Verifying key of signed content bundles; without it the kiosk takes no content updates.
    pub content_verify_key: Option<String>,
    /// The kiosk has a headphone jack: offer private listening (sensitive answers read aloud).
    pub headphone_jack: bool,
    /// The receipt asks "How was it to use the kiosk?" (five faces, skippable); on unless turned off.
    pub satisfaction_question: bool,
    /// The CUPS queue visitors print receipts and information sheets on; `None`: no print buttons.
    pub printer: Option<crate::print::PrinterSettings>,
}

#[derive(Debug, Clone)]
pub struct HubConfig {
    pub url: String,
    pub token: String,
    /// A private certificate authority to trust for the hub (PEM file).
    pub ca_file: Option<PathBuf>,
}

impl Config {
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("kiosk.db")
    }

    /// Loads defaults < file < environment. `file` is the `--config` argument.
    pub fn load(file: Option<&Path>, env: impl IntoIterator<Item = (String, String)>) -> Result<Config, ConfigError> {
        let mut raw = RawConfig::default();
        let system = Path::new(SYSTEM_CONFIG);
        let file = file.or_else(|| system.exists().then_some(system));
        if let Some(path) = file {
            raw = read_file(path)?;
        }
        apply_env(&mut raw, env)?;
        raw.validate()
    }
}

fn read_file(path: &Path) -> Result<RawConfig, ConfigError> {
    let err = |message: String| ConfigError::File { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
    let mut raw: RawConfig = toml::from_str(&text).map_err(|e| {
        let line = e.span().map(|s| crate::content::line_of(&text, s.start));
        err(match line {
            Some(l) => format!("line {l}: {}", e.message().trim()),
            None => e.message().trim().to_string(),
        })
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    for dir in [&mut raw.data_dir, &mut raw.content_dir, &mut raw.hub_ca_file].into_iter().flatten() {
        if dir.is_relative() {
            *dir = base.join(&*dir);
        }
    }
    Ok(raw)
}

fn apply_env(raw: &mut RawConfig, env: impl IntoIterator<Item = (String, String)>) -> Result<(), ConfigError> {
    for (name, value) in env {
        let Some(key) = name.strip_prefix("TORGET_") else { continue };
        let number = |value: &str| {
            value
                .parse::<u64>()
                .map_err(|_| ConfigError::Env { name: name.clone(), message: "must be a whole number".into() })
        };
        match key {
            "DATA_DIR" => raw.data_dir = Some(value.into()),
            "CONTENT_DIR" => raw.content_dir = Some(value.into()),
            "KIOSK_ID" => raw.kiosk_id = Some(value),
            "IDLE_SECONDS" => raw.idle_seconds = Some(number(&value)?),
            "IDLE_WARNING_SECONDS" => raw.idle_warning_seconds = Some(number(&value)?),
            "DEFAULT_LANGUAGE" => raw.default_language = Some(value),
            "PUBLIC_KEY" => raw.public_key = Some(value),
            "STORE_MAX_MB" => raw.store_max_mb = Some(number(&value)?),
            "HUB_URL" => raw.hub_url = Some(value),
            "HUB_TOKEN" => raw.hub_token = Some(value),
            "CONTENT_VERIFY_KEY" => raw.content_verify_key = Some(value),
            "HUB_CA_FILE" => raw.hub_ca_file = Some(value.into()),
            "PRINTER" => raw.printer = Some(value),
            "PRINTER_SERVER" => raw.printer_server = Some(value),
            "PAPER" => {
                raw.paper = Some(value.parse().map_err(|message| ConfigError::Env { name: name.clone(), message })?)
            }
            "KEEP_SENT_DAYS" => raw.keep_sent_days = Some(number(&value)? as u32),
            "AUDIT_RETENTION_DAYS" => raw.audit_retention_days = Some(number(&value)? as u32),
            "HEADPHONE_JACK" => {
                raw.headphone_jack =
                    Some(value.parse().map_err(|_| ConfigError::Env {
                        name: name.clone(),
                        message: "must be true or false".into(),
                    })?)
            }
            "SATISFACTION_QUESTION" => {
                raw.satisfaction_question =
                    Some(value.parse().map_err(|_| ConfigError::Env {
                        name: name.clone(),
                        message: "must be true or false".into(),
                    })?)
            }
            "FULLSCREEN" => {
                raw.fullscreen =
                    Some(value.parse().map_err(|_| ConfigError::Env {
                        name: name.clone(),
                        message: "must be true or false".into(),
                    })?)
            }
            // Read by the binary (logging), not settings.
            "LOG" => {}
            _ => {
                return Err(ConfigError::Env {
                    name: name.clone(),
                    message: "unknown setting; see the README for the TORGET_* variables".into(),
                });
            }
        }
    }
    Ok(())
}

impl RawConfig {
    pub fn validate(self) -> Result<Config, ConfigError> {
        let idle = self.idle_seconds.unwrap_or(90);
        // EN 301 549 11.2.2.1 (timing adjustable): at least 20 s to answer "Do you need more time?".
        let warning = self.idle_warning_seconds.unwrap_or(30);
        if !(30..=1800).contains(&idle) {
            return Err(ConfigError::Invalid { key: "idle_seconds", message: "must be between 30 and 1800".into() });
        }
        if !(20..=300).contains(&warning) {
            return Err(ConfigError::Invalid {
                key: "idle_warning_seconds",
                message: "must be between 20 and 300".into(),
            });
        }
        let key_text = self.public_key.ok_or(ConfigError::Invalid {
            key: "public_key",
            message: "is required: the municipality's public key (make one with `torget keygen`)".into(),
        })?;
        let public_key = SealingKey::from_base64(&key_text)
            .map_err(|e| ConfigError::Invalid { key: "public_key", message: e.to_string() })?;
        let kiosk_id = self.kiosk_id.unwrap_or_else(|| "kiosk".into());
        if kiosk_id.is_empty() || kiosk_id.len() > 64 {
            return Err(ConfigError::Invalid { key: "kiosk_id", message: "must be 1 to 64 characters".into() });
        }
        let max_mb = self.store_max_mb.unwrap_or(1024);
        if max_mb == 0 {
            return Err(ConfigError::Invalid { key: "store_max_mb", message: "must be at least 1".into() });
        }
        let hub = match (self.hub_url, self.hub_token) {
            (None, _) => None,
            (Some(url), Some(token)) if url.starts_with("https://") || url.starts_with("http://") => {
                Some(HubConfig { url, token, ca_file: self.hub_ca_file })
            }
            (Some(_), Some(_)) => {
                return Err(ConfigError::Invalid {
                    key: "hub_url",
                    message: "must start with https:// (or http:// on a trusted local network)".into(),
                });
            }
            (Some(_), None) => {
                return Err(ConfigError::Invalid {
                    key: "hub_token",
                    message: "is required with hub_url (from `torget-hub kiosk add NAME`)".into(),
                });
            }
        };
        let audit_retention_days = self.audit_retention_days.unwrap_or(365);
        if !(30..=3650).contains(&audit_retention_days) {
            return Err(ConfigError::Invalid {
                key: "audit_retention_days",
                message: "must be between 30 and 3650 days".into(),
            });
        }
        let printer = match (self.printer.filter(|p| !p.is_empty()), self.paper, self.printer_server) {
            (Some(queue), paper, server) => Some(crate::print::PrinterSettings {
                queue,
                paper: paper.unwrap_or(crate::print::Paper::Receipt80mm),
                server: server.filter(|s| !s.is_empty()),
                client_config: None,
            }),
            (None, None, None) => None,
            (None, _, _) => {
                return Err(ConfigError::Invalid {
                    key: "printer",
                    message: "is required with paper or printer_server: the name of the CUPS queue".into(),
                });
            }
        };
        Ok(Config {
            hub,
            printer,
            audit_retention_days,
            keep_sent_days: self.keep_sent_days.unwrap_or(30).max(1),
            fullscreen: self.fullscreen.unwrap_or(true),
            content_verify_key: self.content_verify_key,
            headphone_jack: self.headphone_jack.unwrap_or(false),
            satisfaction_question: self.satisfaction_question.unwrap_or(true),
            data_dir: self.data_dir.unwrap_or_else(|| "/var/lib/torget".into()),
            content_dir: self.content_dir.unwrap_or_else(|| ".".into()),
            kiosk_id,
            idle: Duration::from_secs(idle),
            idle_warning: Duration::from_secs(warning),
            default_language: self.default_language,
            public_key,
            store_max_bytes: max_mb * 1024 * 1024,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seal::OpeningKey;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let p = dir.join("config.toml");
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn environment_overrides_file_and_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let key = OpeningKey::generate().sealing_key().to_base64();
        let path = write(dir.path(), &format!("public_key = \"{key}\"\nidle_seconds = 120\ndata_dir = \"data\"\n"));
        let env = vec![("TORGET_IDLE_SECONDS".to_string(), "60".to_string()), ("HOME".into(), "/root".into())];
        let c = Config::load(Some(&path), env).unwrap();
        assert_eq!(c.idle, Duration::from_secs(60));
        assert_eq!(c.idle_warning, Duration::from_secs(30));
        assert_eq!(c.data_dir, dir.path().join("data"), "relative to the file");
    }

    #[test]
    fn unknown_keys_in_file_or_environment_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "idle_secs = 3\n");
        let e = Config::load(Some(&path), Vec::new()).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("idle_secs"), "{e}");
        let key = OpeningKey::generate().sealing_key().to_base64();
        let path = write(dir.path(), &format!("public_key = \"{key}\"\n"));
        let e = Config::load(Some(&path), vec![("TORGET_IDEL_SECONDS".into(), "60".into())]).unwrap_err();
        assert!(e.to_string().contains("TORGET_IDEL_SECONDS"), "{e}");
    }

    #[test]
    fn unsafe_idle_times_and_missing_key_are_refused() {
        let e = RawConfig { idle_seconds: Some(5), ..Default::default() }.validate().unwrap_err();
        assert!(e.to_string().contains("idle_seconds"));
        let e = RawConfig::default().validate().unwrap_err();
        assert!(e.to_string().contains("public_key"));
    }

    #[test]
    fn a_printer_is_a_cups_queue_with_a_paper_size() {
        let dir = tempfile::tempdir().unwrap();
        let key = OpeningKey::generate().sealing_key().to_base64();
        let path = write(dir.path(), &format!("public_key = \"{key}\"\nprinter = \"receipts\"\npaper = \"a4\"\n"));
        let c = Config::load(Some(&path), Vec::new()).unwrap();
        let p = c.printer.unwrap();
        assert_eq!((p.queue.as_str(), p.paper, p.server), ("receipts", crate::print::Paper::A4, None));
        let env = vec![("TORGET_PAPER".to_string(), "receipt-80mm".to_string())];
        assert_eq!(Config::load(Some(&path), env).unwrap().printer.unwrap().paper, crate::print::Paper::Receipt80mm);
        let e = Config::load(Some(&path), vec![("TORGET_PAPER".into(), "a5".into())]).unwrap_err();
        assert!(e.to_string().contains("receipt-80mm or a4"), "{e}");
        let path = write(dir.path(), &format!("public_key = \"{key}\"\npaper = \"letter\"\n"));
        let e = Config::load(Some(&path), Vec::new()).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("letter") && e.contains("a4"), "{e}");
        let path = write(dir.path(), &format!("public_key = \"{key}\"\npaper = \"a4\"\n"));
        let e = Config::load(Some(&path), Vec::new()).unwrap_err().to_string();
        assert!(e.contains("printer") && e.contains("CUPS queue"), "{e}");
        let path = write(dir.path(), &format!("public_key = \"{key}\"\n"));
        assert!(Config::load(Some(&path), Vec::new()).unwrap().printer.is_none(), "no printer: no print buttons");
    }
}
