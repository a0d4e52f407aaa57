//! On-screen keyboards. Layouts are content: `assets/keyboards/*.toml`, one file a layout.
//!
//! A layout is rows of keys separated by spaces. A key is the text it types, or a special key in
//! braces, with an optional width in key units: `{shift:1.5}`, `{backspace:2}`, `{space:6}`,
//! `{layout}` (the next layout), `{digits}` (switches 0–9 to the layout's `alternate_digits`).
//! Letters get their capitals from Unicode when shift is on. Which layout a question gets is decided
//! here too: a numeric keypad for numbers, phone, identity numbers and postcodes, the e-mail layout for
//! e-mail, otherwise the visitor's language's own layout.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{FieldKind, HasId, Problem, line_of, load_all, parse_toml, problem};
use crate::tree::Tree;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutKind {
    /// Letters for the languages listed in `languages`.
    Text,
    /// Digits and the few signs numbers, phone and identity numbers need.
    Numeric,
    /// Letters with @ and . at hand.
    Email,
}

/// What a key does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyAction {
    /// Types this text (a letter, a digit, a sign; Arabic ‹لا› is two characters on one key).
    Type(String),
    Shift,
    Backspace,
    Space,
    /// Switches to the next text layout.
    Layout,
    /// Switches the digits between 0–9 and the layout's alternate digits.
    Digits,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub action: KeyAction,
    /// Width in key units (1 = a letter key).
    pub units: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub id: String,
    /// The layout's name in its own language, said when the visitor switches to it.
    pub name: String,
    /// A few letters that show the layout on the switch key ("ABC", "АБВ").
    pub short: String,
    pub kind: LayoutKind,
    pub languages: Vec<String>,
    pub rows: Vec<Vec<Key>>,
    /// Digits 0–9 in another script (Arabic-Indic for Arabic), offered by a `{digits}` key.
    pub alternate_digits: Vec<String>,
}

impl HasId for Layout {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Layout {
    /// Whether shift changes anything: only layouts of scripts with capital letters have a shift key.
    pub fn has_case(&self) -> bool {
        self.keys().any(|k| matches!(&k.action, KeyAction::Type(t) if t.to_uppercase() != *t))
    }

    pub fn keys(&self) -> impl Iterator<Item = &Key> {
        self.rows.iter().flatten()
    }

    /// The widest row, in key units.
    pub fn units(&self) -> f32 {
        self.rows.iter().map(|r| r.iter().map(|k| k.units).sum::<f32>()).fold(0.0, f32::max)
    }

    /// The text a key types with this shift and digits state, or `None` for a special key.
    pub fn typed(&self, key: &Key, shift: bool, alternate: bool) -> Option<String> {
        let KeyAction::Type(t) = &key.action else { return None };
        if alternate
            && let Some(d) = t.chars().next().and_then(|c| c.to_digit(10)).filter(|_| t.chars().count() == 1)
            && let Some(alt) = self.alternate_digits.get(d as usize)
        {
            return Some(alt.clone());
        }
        Some(if shift { t.to_uppercase() } else { t.clone() })
    }
}

/// All the layouts of the content, in file-name order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keyboards {
    pub layouts: Vec<Layout>,
}

/// The on-screen keyboard during one visit: the text layout the visitor switched to (for the language
/// they had then), shift, and Arabic-Indic digits. It lives in the visit and is wiped with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyboardState {
    pub layout: Option<(String, String)>,
    pub shift: bool,
    pub alternate_digits: bool,
}

impl Keyboards {
    /// The text layouts in the order the switch key walks through them: the visitor's language's own
    /// first, then on in the order of the language list.
    pub fn text_layouts(&self, lang: &str) -> Vec<usize> {
        let mut order: Vec<usize> =
            self.layouts.iter().enumerate().filter(|(_, l)| l.kind == LayoutKind::Text).map(|(i, _)| i).collect();
        if let Some(own) = order.iter().position(|&i| self.layouts[i].languages.iter().any(|l| l == lang)) {
            order.rotate_left(own);
        }
        order
    }

    /// The layout a question of this kind starts with, in this language.
    pub fn for_field(&self, kind: FieldKind, lang: &str) -> Option<usize> {
        let wanted = match kind {
            FieldKind::Number | FieldKind::Phone | FieldKind::PersonalId | FieldKind::Postcode => LayoutKind::Numeric,
            FieldKind::Email => LayoutKind::Email,
            _ => LayoutKind::Text,
        };
        let own = self.text_layouts(lang).first().copied();
        if wanted == LayoutKind::Text {
            return own;
        }
        self.layouts.iter().position(|l| l.kind == wanted).or(own)
    }

    /// The layout on screen for a question of this kind: the field's own layout, or for text the
    /// layout the visitor switched to while reading this language.
    pub fn layout_for(&self, kind: FieldKind, lang: &str, state: &KeyboardState) -> Option<usize> {
        let start = self.for_field(kind, lang)?;
        if self.layouts[start].kind != LayoutKind::Text {
            return Some(start);
        }
        match &state.layout {
            Some((for_lang, id)) if for_lang == lang => self.layouts.iter().position(|l| &l.id == id).or(Some(start)),
            _ => Some(start),
        }
    }

    /// The text layout after `current`, the language's own first.
    pub fn next_text_layout(&self, current: usize, lang: &str) -> usize {
        let order = self.text_layouts(lang);
        let at = order.iter().position(|&i| i == current).unwrap_or(0);
        order.get((at + 1) % order.len().max(1)).copied().unwrap_or(current)
    }

    /// Whether `label` is what a key of this layout types now (not shift, space, a switch key …).
    pub fn is_typing_key(&self, layout: usize, state: &KeyboardState, label: &str) -> bool {
        let layout = &self.layouts[layout];
        layout.keys().any(|k| layout.typed(k, state.shift, state.alternate_digits).is_some_and(|t| t == label))
    }

    /// Key `index` (counted row by row) of `layout` pressed while `text` is in the field: returns the
    /// field's new text, or `None` when the key changed only the keyboard (shift, digits, layout).
    pub fn press(
        &self,
        layout_index: usize,
        index: usize,
        lang: &str,
        state: &mut KeyboardState,
        text: &str,
    ) -> Option<String> {
        let layout = &self.layouts[layout_index];
        let key = layout.keys().nth(index)?;
        let mut text = text.to_string();
        match &key.action {
            KeyAction::Type(_) => {
                text.push_str(&layout.typed(key, state.shift, state.alternate_digits).unwrap_or_default());
                // Shift is for one letter, as on a phone.
                state.shift = false;
            }
            KeyAction::Space => text.push(' '),
            KeyAction::Backspace => {
                text.pop();
            }
            KeyAction::Shift => {
                state.shift = !state.shift;
                return None;
            }
            KeyAction::Digits => {
                state.alternate_digits = !state.alternate_digits;
                return None;
            }
            KeyAction::Layout => {
                let next = self.next_text_layout(layout_index, lang);
                state.layout = Some((lang.to_string(), self.layouts[next].id.clone()));
                state.shift = false;
                return None;
            }
        }
        Some(text)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    id: Spanned<String>,
    name: String,
    short: String,
    kind: LayoutKind,
    #[serde(default)]
    languages: Vec<String>,
    rows: Vec<Spanned<String>>,
    #[serde(default)]
    alternate_digits: Option<Spanned<String>>,
}

/// Loads every layout in `assets/keyboards/`, checking that each language has one.
pub fn load(tree: &Tree, assets: &Path, language_codes: &[String], problems: &mut Vec<Problem>) -> Keyboards {
    let dir = assets.join("keyboards");
    let mut layouts = load_all(tree, &dir, "layout", problems, |path, problems| load_layout(tree, path, problems));
    for code in language_codes {
        if !layouts.iter().any(|l| l.kind == LayoutKind::Text && l.languages.contains(code)) {
            problems.push(problem(
                &dir,
                None,
                format!("language `{code}` has no keyboard"),
                format!("add \"{code}\" to `languages` of a text layout whose letters it uses"),
            ));
        }
    }
    // Text layouts in the order of the language list, so that switching walks through them in that order.
    let rank = |l: &Layout| {
        l.languages.iter().filter_map(|c| language_codes.iter().position(|x| x == c)).min().unwrap_or(usize::MAX)
    };
    layouts.sort_by_key(|l| (l.kind != LayoutKind::Text, rank(l)));
    Keyboards { layouts }
}

fn load_layout(tree: &Tree, path: &Path, problems: &mut Vec<Problem>) -> Option<Layout> {
    let (text, raw) = parse_toml::<RawLayout>(tree, path, problems)?;
    let before = problems.len();
    let at = |offset: usize| Some(line_of(&text, offset));
    let mut rows = Vec::new();
    for row in &raw.rows {
        let mut keys = Vec::new();
        for token in row.get_ref().split_whitespace() {
            match parse_key(token) {
                Ok(k) => keys.push(k),
                Err(hint) => {
                    problems.push(problem(path, at(row.span().start), format!("key `{token}` is not valid"), hint))
                }
            }
        }
        if keys.is_empty() {
            problems.push(problem(path, at(row.span().start), "the row has no keys", "remove the row or add keys"));
        }
        rows.push(keys);
    }
    let has = |a: &KeyAction| rows.iter().flatten().any(|k: &Key| &k.action == a);
    if !has(&KeyAction::Backspace) {
        problems.push(problem(path, None, "the layout has no backspace", "add {backspace} to a row"));
    }
    if raw.kind != LayoutKind::Numeric && !has(&KeyAction::Space) {
        problems.push(problem(path, None, "the layout has no space bar", "add {space:5} to the last row"));
    }
    if raw.kind == LayoutKind::Text && raw.languages.is_empty() {
        problems.push(problem(path, None, "a text layout must name its languages", "add languages = [\"sv\"]"));
    }
    let alternate_digits: Vec<String> =
        raw.alternate_digits.as_ref().map(|d| d.get_ref().chars().map(String::from).collect()).unwrap_or_default();
    if let Some(d) = &raw.alternate_digits
        && alternate_digits.len() != 10
    {
        problems.push(problem(
            path,
            at(d.span().start),
            "alternate_digits must be the ten digits 0 to 9",
            "e.g. \"٠١٢٣٤٥٦٧٨٩\"",
        ));
    }
    if has(&KeyAction::Digits) && alternate_digits.is_empty() {
        problems.push(problem(
            path,
            None,
            "{digits} needs alternate_digits",
            "add alternate_digits or remove {digits}",
        ));
    }
    (problems.len() == before).then(|| Layout {
        id: raw.id.into_inner(),
        name: raw.name,
        short: raw.short,
        kind: raw.kind,
        languages: raw.languages,
        rows,
        alternate_digits,
    })
}

fn parse_key(token: &str) -> Result<Key, String> {
    let Some(inner) = token.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return Ok(Key { action: KeyAction::Type(token.to_string()), units: 1.0 });
    };
    let (name, width) = inner.split_once(':').unwrap_or((inner, "1"));
    let units: f32 =
        width.parse().ok().filter(|w: &f32| (0.5..=10.0).contains(w)).ok_or_else(|| {
            format!("the width after `:` must be a number of key units from 0.5 to 10, not `{width}`")
        })?;
    let action = match name {
        "shift" => KeyAction::Shift,
        "backspace" => KeyAction::Backspace,
        "space" => KeyAction::Space,
        "layout" => KeyAction::Layout,
        "digits" => KeyAction::Digits,
        _ => return Err("special keys are {shift}, {backspace}, {space}, {layout} and {digits}".into()),
    };
    Ok(Key { action, units })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_special_keys_with_widths() {
        assert_eq!(parse_key("å").unwrap(), Key { action: KeyAction::Type("å".into()), units: 1.0 });
        assert_eq!(parse_key("{space:6}").unwrap(), Key { action: KeyAction::Space, units: 6.0 });
        assert!(parse_key("{enter}").unwrap_err().contains("{backspace}"));
        assert!(parse_key("{shift:wide}").is_err());
    }

    #[test]
    fn shift_capitalises_and_alternate_digits_replace_digits_only() {
        let layout = Layout {
            id: "x".into(),
            name: "x".into(),
            short: "x".into(),
            kind: LayoutKind::Text,
            languages: vec!["ar".into()],
            rows: vec![vec![parse_key("ø").unwrap(), parse_key("7").unwrap(), parse_key("ب").unwrap()]],
            alternate_digits: "٠١٢٣٤٥٦٧٨٩".chars().map(String::from).collect(),
        };
        let typed: Vec<_> = layout.keys().map(|k| layout.typed(k, true, true).unwrap()).collect();
        assert_eq!(typed, ["Ø", "٧", "ب"]);
        assert!(layout.has_case());
    }

    /// Two text layouts (Swedish, then English) with shift, backspace and a layout key.
    fn keyboards() -> Keyboards {
        let layout = |id: &str, lang: &str, row: &[&str]| Layout {
            id: id.into(),
            name: id.into(),
            short: id.into(),
            kind: LayoutKind::Text,
            languages: vec![lang.into()],
            rows: vec![row.iter().map(|k| parse_key(k).unwrap()).collect()],
            alternate_digits: Vec::new(),
        };
        Keyboards {
            layouts: vec![
                layout("sv", "sv", &["å", "{shift}", "{backspace}", "{space}", "{layout}"]),
                layout("en", "en", &["a", "{shift}", "{backspace}", "{space}", "{layout}"]),
            ],
        }
    }

    #[test]
    fn shift_types_one_capital_then_lets_go() {
        let k = keyboards();
        let mut state = KeyboardState::default();
        assert_eq!(k.press(0, 1, "sv", &mut state, "x"), None, "shift changes only the keyboard");
        assert!(state.shift);
        assert_eq!(k.press(0, 0, "sv", &mut state, "x").as_deref(), Some("xÅ"));
        assert!(!state.shift, "shift is for one letter");
        assert_eq!(k.press(0, 0, "sv", &mut state, "xÅ").as_deref(), Some("xÅå"));
        assert_eq!(k.press(0, 2, "sv", &mut state, "xÅå").as_deref(), Some("xÅ"));
        assert_eq!(k.press(0, 3, "sv", &mut state, "xÅ").as_deref(), Some("xÅ "));
    }

    #[test]
    fn the_layout_key_switches_for_this_language_only() {
        let k = keyboards();
        let mut state = KeyboardState::default();
        assert_eq!(k.layout_for(FieldKind::Text, "sv", &state), Some(0));
        assert_eq!(k.press(0, 4, "sv", &mut state, ""), None);
        assert_eq!(k.layout_for(FieldKind::Text, "sv", &state), Some(1), "English letters now");
        assert_eq!(k.layout_for(FieldKind::Text, "en", &state), Some(1), "an English reader keeps their own");
        assert!(k.is_typing_key(1, &state, "a"));
        assert!(!k.is_typing_key(1, &state, "å"));
    }
}
