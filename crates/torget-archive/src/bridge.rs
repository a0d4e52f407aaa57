//! One round of the bridge's work: take the hub's new requests, open each, write its package and
//! move it into the outgoing folder exactly once, tell the hub, then read the archive's receipts
//! and tell the hub what they say.
//!
//! Exactly once, whatever stops the bridge: a package is written whole into `state_dir/staging`
//! (files and folder synced), recorded in the ledger as staged, moved into the outgoing folder in
//! one `rename`, then recorded as delivered. After a crash a staged package still in staging is
//! moved; one no longer there was moved already. A request the ledger knows is never built again,
//! so a hub that answers twice (or a lost "delivered") makes no second package.

use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use torget_common::seal::OpeningKey;
use torget_content::texts::ContentTexts;

use crate::config::Config;
use crate::ledger::{Ledger, Stage};
use crate::package::{self, Issuer, Received};
use crate::receipt::{self, Answer};

/// What a round did, for the log and tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Done {
    pub packages: usize,
    pub receipts: usize,
    pub problems: Vec<String>,
}

pub struct Bridge {
    config: Config,
    key: OpeningKey,
    token: String,
    ledger: Ledger,
    http: reqwest::Client,
    texts: Option<ContentTexts>,
}

#[derive(serde::Deserialize)]
struct Pending {
    requests: Vec<Item>,
}

#[derive(serde::Deserialize)]
struct Item {
    id: String,
    round: i64,
    kiosk: String,
    place: Option<String>,
    received_ms: i64,
    sealed: String,
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

impl Bridge {
    pub fn open(config: Config) -> Result<Bridge, String> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map(|t| t.trim().to_string()).map_err(|e| format!("{}: {e}", path.display()))
        };
        let key = OpeningKey::from_base64(&read(&config.private_key_file)?)
            .map_err(|e| format!("{}: not a private key: {e}", config.private_key_file.display()))?;
        let token = read(&config.token_file)?;
        for dir in [&config.outgoing, &config.incoming, &config.state_dir.join("staging")] {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let ledger = Ledger::open(&config.state_dir.join("ledger.db")).map_err(|e| e.to_string())?;
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .tls_backend_rustls()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Bridge { config, key, token, ledger, http, texts: None })
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.hub_url.trim_end_matches('/'))
    }

    async fn get(&self, path: &str) -> Result<reqwest::Response, String> {
        let answer = self.http.get(self.url(path)).bearer_auth(&self.token).send().await.map_err(|e| e.to_string())?;
        match answer.status().as_u16() {
            200 | 204 => Ok(answer),
            status => Err(format!("the hub answered {status} to {path}")),
        }
    }

    async fn post(&self, path: &str, body: serde_json::Value) -> Result<reqwest::Response, String> {
        let answer = self
            .http
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        match answer.status().as_u16() {
            200 | 404 => Ok(answer),
            status => Err(format!("the hub answered {status} to {path}")),
        }
    }

    /// The content's words, from the newest bundle the hub serves (public texts).
    async fn texts(&mut self) -> Result<&ContentTexts, String> {
        if self.texts.is_none() {
            let answer = self.get("/v1/archive/content").await?;
            if answer.status().as_u16() == 204 {
                return Err("the hub has no published content, so the documents would have no words".into());
            }
            let body = answer.text().await.map_err(|e| e.to_string())?;
            self.texts = Some(ContentTexts::from_signed_bundle(&body)?);
        }
        Ok(self.texts.as_ref().expect("just set"))
    }

    /// One round: packages for new requests, the hub told, receipts read.
    pub async fn round(&mut self) -> Done {
        let mut done = Done::default();
        if let Err(e) = self.deliver(&mut done).await {
            done.problems.push(e);
        }
        if let Err(e) = self.tell_hub().await {
            done.problems.push(e);
        }
        if let Err(e) = self.receipts(&mut done).await {
            done.problems.push(e);
        }
        done
    }

    async fn deliver(&mut self, done: &mut Done) -> Result<(), String> {
        let pending: Pending = self
            .get("/v1/archive/requests?limit=100")
            .await?
            .json()
            .await
            .map_err(|e| format!("the hub's list: {e}"))?;
        if pending.requests.is_empty() {
            return Ok(());
        }
        self.texts().await?;
        for item in pending.requests {
            match self.one(&item) {
                Ok(true) => done.packages += 1,
                Ok(false) => {}
                Err(e) => {
                    tracing::error!(request = %item.id, error = %e, "no package made");
                    done.problems.push(format!("{}: {e}", item.id));
                }
            }
        }
        Ok(())
    }

    /// The package of one request's round in the outgoing folder; `true` when it was put there now.
    fn one(&mut self, item: &Item) -> Result<bool, String> {
        let staging = self.config.state_dir.join("staging");
        match self.ledger.package(&item.id, item.round).map_err(|e| e.to_string())? {
            Some((_, Stage::Delivered, _)) => return Ok(false),
            Some((name, Stage::Staged, _)) => {
                self.move_out(&staging.join(&name), &name)?;
                self.ledger.delivered(&item.id, item.round).map_err(|e| e.to_string())?;
                return Ok(true);
            }
            None => {}
        }
        let sealed = STANDARD.decode(&item.sealed).map_err(|e| format!("the hub sent no sealed bytes: {e}"))?;
        let plain = self.key.open(&sealed).map_err(|e| format!("cannot open it with this key: {e}"))?;
        let received = Received {
            id: item.id.clone(),
            round: item.round,
            kiosk: item.kiosk.clone(),
            place: item.place.clone(),
            received_ms: item.received_ms,
        };
        let zone = self.config.zone();
        let issuer = Issuer {
            municipality: &self.config.municipality,
            language: &self.config.language,
            zone: &zone,
            format: self.config.format,
            codes: &self.config.fiks_arkiv,
            sip: &self.config.e_ark,
        };
        let texts = self.texts.as_ref().ok_or("no content")?;
        let package = package::build(&received, &plain, texts, &issuer).map_err(|e| e.to_string())?;
        // A folder left in staging by a crash before the ledger knew it: made again, same bytes.
        let folder = staging.join(&package.name);
        if folder.exists() {
            std::fs::remove_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        let tmp = staging.join(format!(".{}.part", package.name));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        }
        // Files first, then every folder from the deepest up, so each name is on disk before the
        // folder that holds it is renamed.
        let mut folders = std::collections::BTreeSet::from([tmp.clone()]);
        for (name, bytes) in &package.files {
            use std::io::Write;
            let path = tmp.join(name);
            let parent = path.parent().expect("a file in the package folder");
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            folders.extend(parent.ancestors().take_while(|p| p.starts_with(&tmp)).map(Path::to_path_buf));
            let mut file = std::fs::File::create(&path).map_err(|e| format!("{name}: {e}"))?;
            file.write_all(bytes).and_then(|_| file.sync_all()).map_err(|e| format!("{name}: {e}"))?;
        }
        for folder in folders.iter().rev() {
            sync_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        std::fs::rename(&tmp, &folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        sync_dir(&staging).map_err(|e| e.to_string())?;
        self.ledger.staged(&item.id, item.round, &package.name, &package.sha256()).map_err(|e| e.to_string())?;
        self.move_out(&folder, &package.name)?;
        self.ledger.delivered(&item.id, item.round).map_err(|e| e.to_string())?;
        tracing::info!(package = %package.name, "package delivered");
        Ok(true)
    }

    /// Moves a staged package into the outgoing folder; one already moved is left as it is.
    fn move_out(&self, staged: &Path, name: &str) -> Result<(), String> {
        if !staged.exists() {
            return Ok(());
        }
        let out: PathBuf = self.config.outgoing.join(name);
        std::fs::rename(staged, &out).map_err(|e| format!("{} → {}: {e}", staged.display(), out.display()))?;
        sync_dir(&self.config.outgoing).map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Tells the hub which requests are in packages now, so it offers them no more.
    async fn tell_hub(&mut self) -> Result<(), String> {
        let untold = self.ledger.untold().map_err(|e| e.to_string())?;
        if untold.is_empty() {
            return Ok(());
        }
        let items: Vec<serde_json::Value> =
            untold.iter().map(|(id, round)| serde_json::json!({ "id": id, "round": round })).collect();
        self.post("/v1/archive/delivered", serde_json::json!({ "items": items })).await?;
        self.ledger.told(&untold).map_err(|e| e.to_string())
    }

    /// Reads the archive's answers in the incoming folder: each one for a package of ours goes to
    /// the hub and then to `incoming/done/`; one that cannot be read goes to `incoming/unreadable/`.
    async fn receipts(&mut self, done: &mut Done) -> Result<(), String> {
        let incoming = self.config.incoming.clone();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&incoming)
            .map_err(|e| format!("{}: {e}", incoming.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let package = stem.strip_suffix(".kvittering").unwrap_or(&stem).to_string();
            let put = |folder: &str| {
                let to = incoming.join(folder);
                std::fs::create_dir_all(&to)
                    .and_then(|_| std::fs::rename(&file, to.join(file.file_name().expect("a file"))))
                    .map_err(|e| format!("{}: {e}", file.display()))
            };
            let Some((id, round)) = self.ledger.by_name(&package).map_err(|e| e.to_string())? else {
                done.problems.push(format!("{}: no package of ours is named {package}", file.display()));
                put("unreadable")?;
                continue;
            };
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let outcome = match receipt::read(&text) {
                Ok(Answer::Registered { journal, system_id, .. }) => {
                    serde_json::json!({ "registered": { "journal": journal, "system_id": system_id } })
                }
                Ok(Answer::Refused { message }) => serde_json::json!({ "refused": { "message": message } }),
                Err(e) => {
                    done.problems.push(format!("{}: {e}", file.display()));
                    put("unreadable")?;
                    continue;
                }
            };
            self.post("/v1/archive/receipts", serde_json::json!({ "id": id, "round": round, "outcome": outcome }))
                .await?;
            put("done")?;
            done.receipts += 1;
        }
        Ok(())
    }
}
