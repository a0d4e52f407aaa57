//! How a language is spoken: abbreviations read in full and the spelling alphabet for reference
//! codes, from `locales/<lang>/speech.toml`. Pure text preparation; the speech engine is the kiosk's.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::tree::Tree;

/// How a language is spoken: abbreviations and the spelling alphabet, from `speech.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pronunciation {
    #[serde(default)]
    pub abbreviations: BTreeMap<String, String>,
    #[serde(default)]
    pub spelling: BTreeMap<String, String>,
}

impl Pronunciation {
    /// Reads `locales/<lang>/speech.toml`; a language without one is spoken as written.
    pub fn load(root: &Path, lang: &str) -> Result<Pronunciation, String> {
        Pronunciation::load_from(&Tree::Disk, root, lang)
    }

    /// [`Pronunciation::load`] from the content's files in `tree`.
    pub fn load_from(tree: &Tree, root: &Path, lang: &str) -> Result<Pronunciation, String> {
        let path = root.join("locales").join(lang).join("speech.toml");
        match tree.read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message())),
            Err(_) => Ok(Pronunciation::default()),
        }
    }

    /// Text as the synthesiser should get it: no bidi control marks, abbreviations in full.
    pub fn prepare(&self, text: &str) -> String {
        let clean: String = text.chars().filter(|c| !is_bidi_control(*c)).collect();
        clean
            .split(' ')
            .map(|word| {
                // Keep trailing punctuation that is not part of the abbreviation ("kl.," → "klockan,").
                let mut best: Option<(&str, &str)> = None;
                for (abbr, full) in &self.abbreviations {
                    let matches = word == abbr
                        || (word.starts_with(abbr.as_str())
                            && word[abbr.len()..].chars().all(|c| ",;:!?)".contains(c)));
                    if matches && best.is_none_or(|(b, _)| abbr.len() > b.len()) {
                        best = Some((abbr, full));
                    }
                }
                match best {
                    Some((abbr, full)) => format!("{full}{}", &word[abbr.len()..]),
                    None => word.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A reference code character by character with the language's spelling alphabet.
    pub fn spell(&self, code: &str) -> String {
        code.chars()
            .map(|c| {
                let key = c.to_ascii_uppercase().to_string();
                self.spelling.get(&key).cloned().unwrap_or(key)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}
