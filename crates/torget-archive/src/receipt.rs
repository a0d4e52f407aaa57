//! The archive's answers, read from the incoming folder: an `arkivmeldingKvittering` (registered,
//! or found already registered: "Eksisterende"), or a refusal (`ugyldigforespoersel`,
//! `serverfeil`) with its message. Read by namespace and element name, whatever the prefixes.

const KVITTERING: &str =
    "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1";
const UGYLDIG: &str = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/ugyldigforespoersel/v1";
const SERVERFEIL: &str = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/serverfeil/v1";
const FEIL: &str = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1";

/// What the archive said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Registered as journal entry `journal` ("2026/123"), with the archive's own id for it.
    Registered { journal: String, system_id: String, existing: bool },
    /// Refused, with the archive's words.
    Refused { message: String },
}

/// Reads a receipt file's text; the error says why it is not one.
pub fn read(xml: &str) -> Result<Answer, String> {
    let xml = xml.trim_start_matches('\u{feff}');
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    fn child<'a, 'i>(parent: roxmltree::Node<'a, 'i>, ns: &str, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
        parent
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns))
    }
    let text = |node: Option<roxmltree::Node>| node.and_then(|n| n.text()).map(|t| t.trim().to_string());
    match (root.tag_name().namespace(), root.tag_name().name()) {
        (Some(KVITTERING), "arkivmeldingKvittering") => {
            if let Some(failed) =
                child(root, KVITTERING, "registreringFeilet").or(child(root, KVITTERING, "mappeFeilet"))
            {
                let message = text(child(failed, FEIL, "feilmelding")).unwrap_or_default();
                return Ok(Answer::Refused { message });
            }
            let r = child(root, KVITTERING, "registreringKvittering").ok_or("the receipt registers nothing")?;
            let year = text(child(r, KVITTERING, "journalaar")).ok_or("the receipt has no journalaar")?;
            let number =
                text(child(r, KVITTERING, "journalsekvensnummer")).ok_or("the receipt has no journalsekvensnummer")?;
            let system_id = text(child(r, KVITTERING, "systemID")).ok_or("the receipt has no systemID")?;
            let existing = text(child(r, KVITTERING, "opprettetEllerEksisterende")).as_deref() == Some("Eksisterende");
            if !year.chars().all(|c| c.is_ascii_digit()) || !number.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("`{year}/{number}` is not a journal number"));
            }
            Ok(Answer::Registered { journal: format!("{year}/{number}"), system_id, existing })
        }
        (Some(UGYLDIG), "ugyldigforespoersel") | (Some(SERVERFEIL), "serverfeil") => {
            let message = text(child(root, FEIL, "feilmelding")).ok_or("the refusal has no feilmelding")?;
            Ok(Answer::Refused { message })
        }
        (ns, name) => Err(format!("`{name}` in {} is not an answer of the archive", ns.unwrap_or("no namespace"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name))
            .unwrap()
    }

    #[test]
    fn receipts_and_refusals_are_read_and_anything_else_is_named() {
        assert_eq!(
            read(&fixture("example-kvittering.xml")).unwrap(),
            Answer::Registered {
                journal: "2025/123".into(),
                system_id: "5bce14fe-1126-48e2-8906-15c1e5d4b6a2".into(),
                existing: false
            }
        );
        let existing = fixture("example-kvittering.xml").replace(">Opprettet<", ">Eksisterende<");
        assert!(matches!(read(&existing).unwrap(), Answer::Registered { existing: true, .. }));
        for refusal in ["example-ugyldigforespoersel.xml", "example-serverfeil.xml"] {
            let Answer::Refused { message } = read(&fixture(refusal)).unwrap() else {
                panic!("{refusal} is a refusal")
            };
            assert!(!message.is_empty(), "{refusal}");
        }
        assert!(read(&fixture("example-arkivmelding.xml")).unwrap_err().contains("arkivmelding"));
        assert!(read("garbage").unwrap_err().contains("not XML"));
    }
}
