//! One request as one E-ARK SIP (CSIP/SIP 2.1, which the Swedish FGS Paketstruktur 2.0 is): a
//! folder named after the package with
//!
//! ```text
//! METS.xml                                  the package's METS (CSIP + SIP profile)
//! metadata/descriptive/dc.xml               service, reference code, received time (Dublin Core)
//! metadata/preservation/premis.xml          the package's identifier and when it was made
//! documentation/README.txt                  what is in the package, in plain words
//! schemas/{mets,xlink,DILCISExtensionMETS}.xsd
//! representations/rep1/METS.xml             the representation's METS
//! representations/rep1/metadata/preservation/premis.xml
//! representations/rep1/data/request.pdf     the request as PDF/A-2u
//! representations/rep1/data/request.json    the request as the kiosk sealed it
//! ```
//!
//! Every file and metadata reference carries its size, SHA-256 and creation time. All times are the
//! hub's receipt of the request, so the same request gives the same bytes.

use std::collections::BTreeMap;

use askama::Template;
use sha2::{Digest, Sha256};

use crate::package::{Document, Issuer, Package, PackageError, Received, hex, package_name};

const METS_XSD: &[u8] = include_bytes!("../schemas/e-ark/mets.xsd");
const XLINK_XSD: &[u8] = include_bytes!("../schemas/e-ark/xlink.xsd");
const CSIP_XSD: &[u8] = include_bytes!("../schemas/e-ark/DILCISExtensionMETS.xsd");

/// The content information type: CSIP has none for a form's answers.
const CONTENT_TYPE: &str = "Torget request v1";

/// A file as METS lists it.
struct MetsFile {
    id: String,
    href: String,
    mime: &'static str,
    size: usize,
    sha256: String,
}

impl MetsFile {
    fn of(id: &str, href: &str, mime: &'static str, bytes: &[u8]) -> MetsFile {
        MetsFile {
            id: id.to_string(),
            href: href.to_string(),
            mime,
            size: bytes.len(),
            sha256: hex(&Sha256::digest(bytes)).to_uppercase(),
        }
    }
}

#[derive(Template)]
#[template(path = "e-ark/METS.xml")]
struct RootMets<'a> {
    name: &'a str,
    label: &'a str,
    created: &'a str,
    version: &'a str,
    content_type: &'a str,
    agreement: Option<&'a str>,
    organisation: Option<(&'a str, &'a str)>,
    dc: MetsFile,
    premis: MetsFile,
    documentation: MetsFile,
    schemas: Vec<MetsFile>,
    representation: MetsFile,
}

#[derive(Template)]
#[template(path = "e-ark/representation-METS.xml")]
struct RepresentationMets<'a> {
    name: &'a str,
    created: &'a str,
    version: &'a str,
    content_type: &'a str,
    premis: MetsFile,
    data: Vec<MetsFile>,
}

#[derive(Template)]
#[template(path = "e-ark/dc.xml")]
struct DublinCore<'a> {
    identifier: &'a str,
    title: &'a str,
    creator: &'a str,
    date: &'a str,
    language: &'a str,
    subject: &'a str,
    description: &'a str,
}

#[derive(Template)]
#[template(path = "e-ark/premis.xml")]
struct Premis<'a> {
    identifier: &'a str,
    kind: &'a str,
    created: &'a str,
}

fn render(template: &impl Template) -> Result<Vec<u8>, PackageError> {
    template.render().map(String::into_bytes).map_err(|e| PackageError::Document(e.to_string()))
}

pub(crate) fn build(
    received: &Received,
    plain: &[u8],
    document: Document,
    issuer: &Issuer,
) -> Result<Package, PackageError> {
    let Document { request, pdf, title, reference, at, labels } = document;
    let name = package_name(&received.id, received.round);
    let created = at.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string();
    let version = env!("CARGO_PKG_VERSION");
    let label = format!("{title} {reference}");
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();

    let rep_premis =
        render(&Premis { identifier: &format!("{name}/rep1"), kind: "representation", created: &created })?;
    let data = vec![
        MetsFile::of("file-rep1-request-pdf", "data/request.pdf", "application/pdf", &pdf),
        MetsFile::of("file-rep1-request-json", "data/request.json", "application/json", plain),
    ];
    let rep_mets = render(&RepresentationMets {
        name: &name,
        created: &created,
        version,
        content_type: CONTENT_TYPE,
        premis: MetsFile::of("rep1-premis", "metadata/preservation/premis.xml", "text/xml", &rep_premis),
        data,
    })?;

    let kiosk = match &received.place {
        Some(place) => format!("{}: {} ({place})", labels.kiosk, received.kiosk),
        None => format!("{}: {}", labels.kiosk, received.kiosk),
    };
    let dc = render(&DublinCore {
        identifier: &reference,
        title: &label,
        creator: issuer.municipality,
        date: &created,
        language: &request.lang,
        subject: &request.service_id,
        description: &format!(
            "{}: {title} ({}, {} {}). {kiosk}. {}: {reference}.",
            labels.service, request.service_id, labels.version, request.service_version, labels.reference
        ),
    })?;
    let premis = render(&Premis { identifier: &name, kind: "intellectualEntity", created: &created })?;
    let readme = format!("{label}\n\n{}\n", labels.about).into_bytes();
    let schemas = vec![
        MetsFile::of("file-schema-mets", "schemas/mets.xsd", "application/xml", METS_XSD),
        MetsFile::of("file-schema-xlink", "schemas/xlink.xsd", "application/xml", XLINK_XSD),
        MetsFile::of("file-schema-csip", "schemas/DILCISExtensionMETS.xsd", "application/xml", CSIP_XSD),
    ];
    let root = render(&RootMets {
        name: &name,
        label: &label,
        created: &created,
        version,
        content_type: CONTENT_TYPE,
        agreement: issuer.sip.submission_agreement.as_deref(),
        organisation: issuer.sip.organisation.as_deref().zip(issuer.sip.organisation_id.as_deref()),
        dc: MetsFile::of("dmd-dc-file", "metadata/descriptive/dc.xml", "text/xml", &dc),
        premis: MetsFile::of("premis-file", "metadata/preservation/premis.xml", "text/xml", &premis),
        documentation: MetsFile::of("file-doc-readme", "documentation/README.txt", "text/plain", &readme),
        schemas,
        representation: MetsFile::of("file-rep1-mets", "representations/rep1/METS.xml", "text/xml", &rep_mets),
    })?;

    files.insert("METS.xml".into(), root);
    files.insert("metadata/descriptive/dc.xml".into(), dc);
    files.insert("metadata/preservation/premis.xml".into(), premis);
    files.insert("documentation/README.txt".into(), readme);
    files.insert("schemas/mets.xsd".into(), METS_XSD.to_vec());
    files.insert("schemas/xlink.xsd".into(), XLINK_XSD.to_vec());
    files.insert("schemas/DILCISExtensionMETS.xsd".into(), CSIP_XSD.to_vec());
    files.insert("representations/rep1/METS.xml".into(), rep_mets);
    files.insert("representations/rep1/metadata/preservation/premis.xml".into(), rep_premis);
    files.insert("representations/rep1/data/request.pdf".into(), pdf);
    files.insert("representations/rep1/data/request.json".into(), plain.to_vec());
    Ok(Package { name, files })
}
