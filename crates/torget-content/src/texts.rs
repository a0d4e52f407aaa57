//! The words of the content, for people who read a request: each service's title and its
//! questions and options in a language, so that a request reads as the visitor saw it (the
//! hub's inbox, the archive bridge's documents).
//!
//! These texts are public. They come from a published bundle or a content folder.

use std::path::Path;

use crate::content::{CALL_TO_AGREE, Catalog, FieldKind, option_text_id, option_values, text_id};
use crate::i18n::I18n;
use crate::tree::Tree;
use serde::Serialize;
use torget_common::bundle::{self, SignedBundle};

/// A loaded content: what its texts are in every language it has.
pub struct ContentTexts {
    catalog: Catalog,
    i18n: I18n,
}

/// One service as the inbox shows its answers.
#[derive(Debug, Serialize, PartialEq)]
pub struct ServiceTexts {
    pub title: String,
    /// The questions in the order the visitor met them.
    pub steps: Vec<StepTexts>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct StepTexts {
    pub id: String,
    /// The question's kind (`date`, `appointment`, …): how a reader shows its answer.
    pub kind: &'static str,
    pub question: String,
    /// Stored answer value → its words (a yes-no question's `yes` and `no` too).
    pub options: std::collections::BTreeMap<String, String>,
}

impl ContentTexts {
    /// Reads a content folder (`assets/` and `locales/`).
    pub fn load(root: &Path) -> Result<ContentTexts, String> {
        ContentTexts::load_from(&Tree::Disk, root)
    }

    fn load_from(tree: &Tree, root: &Path) -> Result<ContentTexts, String> {
        let catalog = Catalog::load_from(tree, root).map_err(|p| p.to_string())?;
        let i18n = I18n::load(root, &catalog).map_err(|p| p.to_string())?;
        Ok(ContentTexts { catalog, i18n })
    }

    /// Reads a published bundle's content (the signed JSON the hub serves to kiosks).
    pub fn from_signed_bundle(signed_json: &str) -> Result<ContentTexts, String> {
        let signed: SignedBundle = serde_json::from_str(signed_json).map_err(|e| e.to_string())?;
        let bundle = bundle::read_unverified(&signed).map_err(|e| e.to_string())?;
        let files = bundle::decoded(&bundle.files).map_err(|e| e.to_string())?;
        ContentTexts::load_from(&Tree::memory(files), Path::new(""))
    }

    /// Every service's texts in `lang` (the content's default language where `lang` has none).
    pub fn services(&self, lang: &str) -> std::collections::BTreeMap<String, ServiceTexts> {
        self.catalog
            .services
            .iter()
            .map(|s| {
                let steps = s
                    .steps
                    .iter()
                    .map(|step| StepTexts {
                        id: step.id.clone(),
                        kind: step.kind.as_str(),
                        question: self.i18n.text(lang, &text_id(&[&s.id, &step.id])),
                        options: option_values(step)
                            .into_iter()
                            .chain((step.kind == FieldKind::Appointment).then(|| CALL_TO_AGREE.to_string()))
                            .map(|o| {
                                let words = self.i18n.text(lang, &option_text_id(&s.id, step, &o));
                                (o, words)
                            })
                            .collect(),
                    })
                    .collect();
                (s.id.clone(), ServiceTexts { title: self.i18n.text(lang, &text_id(&[&s.id, "title"])), steps })
            })
            .collect()
    }

    /// A language of the content: its own name and whether it is written right to left.
    pub fn language(&self, code: &str) -> Option<(String, bool)> {
        self.catalog
            .languages
            .iter()
            .find(|l| l.code == code)
            .map(|l| (l.endonym.clone(), l.direction == crate::content::Direction::Rtl))
    }

    /// The words `lang` has for text `key` of the content (the content's default language where
    /// `lang` has none).
    pub fn text(&self, lang: &str, key: &str) -> String {
        self.i18n.text(lang, key)
    }

    /// A service's title in `lang`, if the content has the service.
    pub fn title(&self, lang: &str, service: &str) -> Option<String> {
        self.catalog.service(service).map(|s| self.i18n.text(lang, &text_id(&[&s.id, "title"])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    #[test]
    fn a_published_bundle_gives_the_same_texts_as_its_folder() {
        let from_folder = ContentTexts::load(&demo()).unwrap();
        let (signing, _) = bundle::generate_signing_key();
        let signed = bundle::sign(&bundle::pack(&demo(), "2026-11-30", 1).unwrap(), &signing).unwrap();
        let from_bundle = ContentTexts::from_signed_bundle(&serde_json::to_string(&signed).unwrap()).unwrap();
        assert_eq!(from_bundle.services("sv"), from_folder.services("sv"));
        let services = from_folder.services("en");
        assert!(!services.is_empty());
        for (id, service) in &services {
            assert_ne!(&service.title, &format!("{id}-title"), "every title has words");
            for step in &service.steps {
                assert_ne!(step.question, format!("{id}-{}", step.id), "every question has words");
                for (value, words) in &step.options {
                    assert!(
                        !words.contains(&format!("{id}-")),
                        "the answer {value} of {id}-{} has words: {words}",
                        step.id
                    );
                }
            }
        }
        assert_ne!(from_folder.services("sv"), services, "the languages differ");
        let sv = from_folder.services("sv");
        let call_back = &sv["report-fault"].steps.iter().find(|s| s.id == "call-back").unwrap().options;
        assert_eq!((call_back["yes"].as_str(), call_back["no"].as_str()), ("Ja", "Nej"), "a yes-no answer in words");
    }

    #[test]
    fn something_that_is_not_a_bundle_is_refused_with_a_reason() {
        assert!(ContentTexts::from_signed_bundle("{}").is_err());
        let Err(reason) = ContentTexts::from_signed_bundle("not json") else { panic!("not json was read") };
        assert!(reason.contains("expected"), "{reason}");
    }
}
