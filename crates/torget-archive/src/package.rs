//! One request as one delivery package for the archive: the request as a PDF/A document (its
//! questions and answers in the language it was written in, and in the municipality's language when
//! they differ), the request's JSON as it was sealed, and either the `arkivmelding.xml` that
//! registers both as an incoming journal entry (Fiks Arkiv V1) or the METS documents of an E-ARK
//! SIP ([`crate::sip`]). A pure function of its inputs: the same request gives the same bytes.

use std::collections::BTreeMap;

use askama::Template;
use sha2::{Digest, Sha256};
use torget_common::protocol::{Answer, Submission};
use torget_content::texts::ContentTexts;
use torget_paper::{Archival, Block, Paper, Sheet, Style};

use crate::config::{ArchiveCodes, Format, SipCodes};

/// What the bridge knows of a request beside its sealed bytes (from the hub).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub id: String,
    pub round: i64,
    pub kiosk: String,
    pub place: Option<String>,
    pub received_ms: i64,
}

/// A package: its folder name and its files (name → bytes), `arkivmelding.xml` among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub name: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Package {
    /// The package's fingerprint: SHA-256 over its files' names and bytes.
    pub fn sha256(&self) -> String {
        let mut hash = Sha256::new();
        for (name, bytes) in &self.files {
            hash.update((name.len() as u64).to_be_bytes());
            hash.update(name.as_bytes());
            hash.update((bytes.len() as u64).to_be_bytes());
            hash.update(bytes);
        }
        hex(&hash.finalize())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The folder name of a request's package in a round: `torget-<id>` the first time,
/// `torget-<id>-<round>` when it is sent again.
pub fn package_name(id: &str, round: i64) -> String {
    if round == 0 { format!("torget-{id}") } else { format!("torget-{id}-{round}") }
}

/// The municipality and how its documents are written.
pub struct Issuer<'a> {
    pub municipality: &'a str,
    pub language: &'a str,
    pub zone: &'a jiff::tz::TimeZone,
    pub format: Format,
    pub codes: &'a ArchiveCodes,
    pub sip: &'a SipCodes,
}

/// Labels on the document, in the municipality's language (Norwegian, Swedish or English).
pub(crate) struct Labels {
    pub(crate) reference: &'static str,
    pub(crate) service: &'static str,
    pub(crate) version: &'static str,
    pub(crate) kiosk: &'static str,
    pub(crate) received: &'static str,
    pub(crate) written_in: &'static str,
    pub(crate) assisted: &'static str,
    pub(crate) yes: &'static str,
    pub(crate) no: &'static str,
    pub(crate) json: &'static str,
    /// What the package's documentation file says, for an archivist who opens it.
    pub(crate) about: &'static str,
}

pub(crate) fn labels(lang: &str) -> Labels {
    match lang {
        "nb" | "nn" | "no" => Labels {
            reference: "Referanse",
            service: "Tjeneste",
            version: "versjon",
            kiosk: "Kiosk",
            received: "Mottatt",
            written_in: "Skrevet på",
            assisted: "Med hjelp fra personalet",
            yes: "ja",
            no: "nei",
            json: "Henvendelsen som data (JSON)",
            about: "Denne pakken er én henvendelse levert fra en Torget-kiosk. representations/rep1/data/request.pdf er henvendelsen som PDF/A-2u med spørsmål og svar; request.json er den samme henvendelsen som data, slik kiosken forseglet den. metadata/descriptive/dc.xml beskriver tjenesten, referansen og når henvendelsen kom inn.",
        },
        "sv" => Labels {
            reference: "Referens",
            service: "Tjänst",
            version: "version",
            kiosk: "Kiosk",
            received: "Mottaget",
            written_in: "Skrivet på",
            assisted: "Med hjälp av personal",
            yes: "ja",
            no: "nej",
            json: "Ärendet som data (JSON)",
            about: "Detta paket är ett ärende som lämnats vid en Torget-kiosk. representations/rep1/data/request.pdf är ärendet som PDF/A-2u med frågor och svar; request.json är samma ärende som data, så som kiosken förseglade det. metadata/descriptive/dc.xml beskriver tjänsten, referensen och när ärendet kom in.",
        },
        _ => Labels {
            reference: "Reference",
            service: "Service",
            version: "version",
            kiosk: "Kiosk",
            received: "Received",
            written_in: "Written in",
            assisted: "With help from staff",
            yes: "yes",
            no: "no",
            json: "The request as data (JSON)",
            about: "This package is one request made at a Torget kiosk. representations/rep1/data/request.pdf is the request as PDF/A-2u with its questions and answers; request.json is the same request as data, as the kiosk sealed it. metadata/descriptive/dc.xml names the service, the reference and when the request arrived.",
        },
    }
}

/// A document file of the package, as the arkivmelding describes it.
struct FileEntry {
    name: String,
    title: String,
    /// `H` (main document) or `V` (attachment).
    role: &'static str,
    kind: &'static str,
    variant: &'static str,
    format: &'static str,
    mime: &'static str,
    sha256: String,
    size: usize,
}

#[derive(Template)]
#[template(path = "arkivmelding.xml")]
struct Arkivmelding<'a> {
    files: Vec<FileEntry>,
    title: String,
    sender: Option<String>,
    received: String,
    key: String,
    codes: &'a ArchiveCodes,
}

/// Why a request could not become a package.
#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("the request is not a Torget request: {0}")]
    NotARequest(String),
    #[error("the sealed request says id {inside}, the hub says {outside}")]
    Mismatch { inside: String, outside: String },
    #[error("the document could not be made: {0}")]
    Document(String),
}

/// The answers as the visitor gave them, in `lang`'s words: (question, answer), in the service's
/// order, only the questions answered.
fn answered(texts: &ContentTexts, lang: &str, request: &Submission, l: &Labels) -> Vec<(String, String)> {
    let services = texts.services(lang);
    let Some(service) = services.get(&request.service_id) else {
        // A service the content no longer has: its answers under their ids, still all there.
        return request.answers.iter().map(|(k, a)| (k.clone(), plain(a, &BTreeMap::new(), l))).collect();
    };
    let mut out: Vec<(String, String)> = service
        .steps
        .iter()
        .filter_map(|step| request.answers.get(&step.id).map(|a| (step.question.clone(), plain(a, &step.options, l))))
        .collect();
    for (id, answer) in &request.answers {
        if !service.steps.iter().any(|s| &s.id == id) {
            out.push((id.clone(), plain(answer, &BTreeMap::new(), l)));
        }
    }
    out
}

fn plain(answer: &Answer, options: &BTreeMap<String, String>, l: &Labels) -> String {
    let word = |v: &String| {
        options.get(v).cloned().unwrap_or_else(|| match v.as_str() {
            "yes" => l.yes.to_string(),
            "no" => l.no.to_string(),
            _ => v.clone(),
        })
    };
    match answer {
        Answer::One(v) => word(v),
        Answer::Many(vs) => vs.iter().map(word).collect::<Vec<_>>().join(", "),
    }
}

/// The name a service asks for, if it asks: the answer to a question whose id says "name".
fn sender_name(request: &Submission) -> Option<String> {
    request.answers.iter().find_map(|(id, answer)| match answer {
        Answer::One(v)
            if (id == "name" || id.ends_with("-name") || id == "namn" || id == "navn") && !v.trim().is_empty() =>
        {
            Some(v.trim().to_string())
        }
        _ => None,
    })
}

/// What every format of package is made of: the request, its PDF/A and how it is named.
pub(crate) struct Document {
    pub(crate) request: Submission,
    pub(crate) pdf: Vec<u8>,
    /// The service's name in the municipality's language.
    pub(crate) title: String,
    pub(crate) reference: String,
    /// When the hub received it, in the municipality's time zone.
    pub(crate) at: jiff::ZonedDateTime,
    pub(crate) labels: Labels,
}

/// The package for a request: `plain` is the request's JSON as it was sealed.
pub fn build(
    received: &Received,
    plain: &[u8],
    texts: &ContentTexts,
    issuer: &Issuer,
) -> Result<Package, PackageError> {
    let document = document(received, plain, texts, issuer)?;
    match issuer.format {
        Format::FiksArkiv => arkivmelding(received, plain, document, issuer),
        Format::EArkSip => crate::sip::build(received, plain, document, issuer),
    }
}

fn document(
    received: &Received,
    plain: &[u8],
    texts: &ContentTexts,
    issuer: &Issuer,
) -> Result<Document, PackageError> {
    let request: Submission = serde_json::from_slice(plain).map_err(|e| PackageError::NotARequest(e.to_string()))?;
    if request.id.to_string() != received.id {
        return Err(PackageError::Mismatch { inside: request.id.to_string(), outside: received.id.clone() });
    }
    let l = labels(issuer.language);
    let reference = torget_common::reference::from_id(request.id);
    let at = jiff::Timestamp::from_millisecond(received.received_ms)
        .map_err(|e| PackageError::NotARequest(e.to_string()))?
        .to_zoned_datetime(issuer.zone.clone());
    let local = at.strftime("%Y-%m-%d %H:%M").to_string();
    let title = texts.title(issuer.language, &request.service_id).unwrap_or_else(|| request.service_id.clone());
    let own_title = texts.title(&request.lang, &request.service_id).unwrap_or_else(|| title.clone());
    let (own_name, own_rtl) = texts.language(&request.lang).unwrap_or((request.lang.clone(), false));
    let same_language = request.lang == issuer.language;

    let mut blocks = vec![
        Block { style: Style::Header, text: issuer.municipality.to_string() },
        Block {
            style: Style::Title,
            text: if same_language { title.clone() } else { format!("{title} / {own_title}") },
        },
        Block { style: Style::Small, text: l.reference.to_string() },
        Block { style: Style::Code, text: reference.clone() },
        Block {
            style: Style::Body,
            text: format!("{}: {title} ({}, {} {})", l.service, request.service_id, l.version, request.service_version),
        },
        Block {
            style: Style::Body,
            text: match &received.place {
                Some(place) => format!("{}: {} ({place})", l.kiosk, received.kiosk),
                None => format!("{}: {}", l.kiosk, received.kiosk),
            },
        },
        Block { style: Style::Body, text: format!("{}: {local}", l.received) },
        Block { style: Style::Body, text: format!("{}: {own_name}", l.written_in) },
    ];
    if request.assisted {
        blocks.push(Block { style: Style::Body, text: l.assisted.to_string() });
    }
    // The municipality's language first; the words the visitor wrote in on a page of their own,
    // so that a right-to-left page reads as one.
    let mut languages = vec![issuer.language];
    if !same_language {
        languages.push(request.lang.as_str());
    }
    for (n, lang) in languages.into_iter().enumerate() {
        if n > 0 {
            blocks.push(Block { style: Style::NewPage, text: String::new() });
        }
        let words = labels(lang);
        let heading = texts.language(lang).map(|(name, _)| name).unwrap_or_else(|| lang.to_string());
        blocks.push(Block { style: Style::Title, text: heading });
        for (question, answer) in answered(texts, lang, &request, &words) {
            blocks.push(Block { style: Style::Small, text: question });
            blocks.push(Block { style: Style::Body, text: answer });
        }
    }
    let sheet = Sheet {
        title: format!("{title} {reference}"),
        lang: request.lang.clone(),
        rtl: own_rtl && same_language,
        blocks,
    };
    let created = at.with_time_zone(jiff::tz::TimeZone::UTC);
    let archival = Archival {
        document_id: format!("{}-{}", request.id, received.round),
        created: (
            created.year() as u16,
            created.month() as u8,
            created.day() as u8,
            created.hour() as u8,
            created.minute() as u8,
            created.second() as u8,
        ),
        author: issuer.municipality.to_string(),
        creator: "Torget".into(),
    };
    let pdf = torget_paper::render_archival(&sheet, Paper::A4, &archival).map_err(PackageError::Document)?;
    Ok(Document { request, pdf, title, reference, at, labels: l })
}

fn arkivmelding(
    received: &Received,
    plain: &[u8],
    document: Document,
    issuer: &Issuer,
) -> Result<Package, PackageError> {
    let Document { request, pdf, title, reference, at, labels: l } = document;
    let entry = |name: &str, bytes: &[u8], title: String, role, format, mime| FileEntry {
        name: name.to_string(),
        title,
        role,
        kind: "SA",
        variant: "A",
        format,
        mime,
        sha256: hex(&Sha256::digest(bytes)),
        size: bytes.len(),
    };
    let files = vec![
        entry("request.pdf", &pdf, format!("{title} {reference}"), "H", "PDF/A-2u", "application/pdf"),
        entry("request.json", plain, l.json.to_string(), "V", "JSON", "application/json"),
    ];
    let xml = Arkivmelding {
        files,
        title: format!("{title} {reference}"),
        sender: sender_name(&request),
        received: at.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        key: request.id.to_string(),
        codes: issuer.codes,
    }
    .render()
    .map_err(|e| PackageError::Document(e.to_string()))?;
    let mut files = BTreeMap::new();
    files.insert("arkivmelding.xml".to_string(), xml.into_bytes());
    files.insert("request.pdf".to_string(), pdf);
    files.insert("request.json".to_string(), plain.to_vec());
    Ok(Package { name: package_name(&received.id, received.round), files })
}
