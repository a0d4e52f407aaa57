//! A visitor who cannot use the touchscreen: only arrow keys, Enter and the Help key (a tactile keypad
//! or a keyboard), with speech saying where the focus is. Real Slint window (testing backend).

mod common;

use std::sync::mpsc::Receiver;

use common::TestKiosk;
use slint::platform::Key;
use torget::session::Screen;
use torget::speech::Command;

fn said(rx: &Receiver<Command>) -> Vec<String> {
    rx.try_iter()
        .filter_map(|c| match c {
            Command::Say(parts) => Some(parts.into_iter().map(|(t, _)| t).collect::<Vec<_>>().join(" ")),
            _ => None,
        })
        .collect()
}

/// Presses `key` until speech says `label` (the focus landed on it). Panics after 200 presses.
fn walk_to(kiosk: &TestKiosk, rx: &Receiver<Command>, key: Key, label: &str) {
    said(rx);
    let mut heard = Vec::new();
    for _ in 0..200 {
        kiosk.ui.press_key(key.into());
        let now = said(rx);
        if now.iter().any(|s| s == label || s.starts_with(&format!("{label}, "))) {
            return;
        }
        heard.extend(now);
    }
    heard.truncate(30);
    panic!("the arrows never reached {label:?} on {:?}; heard {heard:?}", kiosk.screen());
}

fn enter(kiosk: &TestKiosk) {
    kiosk.ui.press_key(Key::Return.into());
}

fn keypad_kiosk() -> (TestKiosk, Receiver<Command>) {
    let kiosk = TestKiosk::new();
    let (tx, rx) = std::sync::mpsc::channel();
    kiosk.ui.with_app_mut(|a| a.set_speech(torget::speech::Speech::to_channel(tx, &["sv", "ar"])));
    (kiosk, rx)
}

#[test]
fn a_service_is_finished_with_arrows_enter_and_the_on_screen_keyboard_only() {
    let (kiosk, rx) = keypad_kiosk();
    // Help, the first key a visitor who cannot see the screen presses: it explains and turns speech on.
    kiosk.ui.press_key(Key::F1.into());
    let help = said(&rx);
    assert!(help.iter().any(|s| s.contains(&kiosk.t("help-keys"))), "{help:?}");
    assert!(kiosk.ui.with_app(|a| a.session().speech().is_some()));
    enter(&kiosk);
    assert_eq!(kiosk.screen(), Screen::Language, "Enter starts, like a touch");
    walk_to(&kiosk, &rx, Key::DownArrow, "Svenska");
    enter(&kiosk);
    assert_eq!(kiosk.screen(), Screen::Home);
    walk_to(&kiosk, &rx, Key::DownArrow, &kiosk.t("report-fault-title"));
    enter(&kiosk);
    assert_eq!(kiosk.screen(), Screen::Question);
    walk_to(&kiosk, &rx, Key::DownArrow, &kiosk.t("report-fault-what-street-light"));
    enter(&kiosk);
    walk_to(&kiosk, &rx, Key::DownArrow, &kiosk.t("button-next"));
    enter(&kiosk);
    // The address, typed on the on-screen keyboard reached with the arrows; Up goes backwards.
    for letter in ["t", "o", "r", "g"] {
        walk_to(&kiosk, &rx, Key::DownArrow, letter);
        enter(&kiosk);
    }
    walk_to(&kiosk, &rx, Key::UpArrow, "1");
    enter(&kiosk);
    let step = kiosk.ui.with_app(|a| a.session().current_step().unwrap().id.clone());
    assert_eq!(kiosk.ui.with_app(|a| a.session().typed(&step).to_string()), "torg1");
    // F1 says which page this is and how the keys work, in the visitor's language.
    kiosk.ui.press_key(Key::F1.into());
    let help = said(&rx);
    assert!(help.iter().any(|s| s.contains(&kiosk.t("help-keys"))), "{help:?}");
    // The rest of the way, answering and going on with Enter on each control.
    while kiosk.screen() == Screen::Question {
        let before = kiosk.ui.with_app(|a| a.session().progress());
        let step = kiosk.ui.with_app(|a| a.session().current_step().cloned().unwrap());
        if step.kind == torget::content::FieldKind::YesNo || step.kind == torget::content::FieldKind::Choice {
            walk_to(&kiosk, &rx, Key::DownArrow, &kiosk.t("answer-no"));
            enter(&kiosk);
        } else if kiosk.ui.with_app(|a| a.session().typed(&step.id).is_empty()) && step.required {
            for digit in "0701234567".chars() {
                walk_to(&kiosk, &rx, Key::DownArrow, &digit.to_string());
                enter(&kiosk);
            }
        }
        walk_to(&kiosk, &rx, Key::DownArrow, &kiosk.t("button-next"));
        enter(&kiosk);
        assert_ne!(kiosk.ui.with_app(|a| a.session().progress()), before, "Next went on");
    }
    assert_eq!(kiosk.screen(), Screen::Review);
    walk_to(&kiosk, &rx, Key::DownArrow, &kiosk.t("button-send"));
    enter(&kiosk);
    assert_eq!(kiosk.screen(), Screen::Receipt);
}

#[test]
fn in_arabic_the_arrows_follow_the_reading_direction() {
    let (kiosk, rx) = keypad_kiosk();
    kiosk.start_in("ar");
    kiosk.press_text("speech-listen");
    // Left is "forward" when reading right to left; Right goes back.
    walk_to(&kiosk, &rx, Key::LeftArrow, &kiosk.t("report-fault-title"));
    let before = kiosk.t("report-fault-title");
    kiosk.ui.press_key(Key::LeftArrow.into());
    kiosk.ui.press_key(Key::RightArrow.into());
    let back = said(&rx);
    assert_eq!(back.last(), Some(&before), "Right went back to where Left came from: {back:?}");
}

/// The names of the controls on screen (buttons, options, answer fields).
fn controls(kiosk: &TestKiosk) -> std::collections::BTreeSet<String> {
    use i_slint_backend_testing::{AccessibleRole, ElementRoot};
    kiosk
        .ui
        .window()
        .root_element()
        .query_descendants()
        .find_all()
        .into_iter()
        .filter(|e| {
            matches!(
                e.accessible_role(),
                Some(
                    AccessibleRole::Button
                        | AccessibleRole::Checkbox
                        | AccessibleRole::RadioButton
                        | AccessibleRole::TextInput
                )
            )
        })
        .filter_map(|e| e.accessible_label().map(|l| l.to_string()))
        .collect()
}

#[test]
fn tab_visits_every_control_on_each_page() {
    let (kiosk, rx) = keypad_kiosk();
    kiosk.start_in("sv");
    kiosk.press_text("speech-listen");
    type Go = Box<dyn Fn(&TestKiosk)>;
    let pages: Vec<(&str, Go)> = vec![
        ("home", Box::new(|_| {})),
        ("a choice", Box::new(|k| k.open_service("report-fault"))),
        ("a typed answer with the keyboard", Box::new(|k| k.answer_current_validly())),
        ("the language page", Box::new(|k| k.press_text("button-language"))),
    ];
    for (page, go) in pages {
        go(&kiosk);
        let expected = controls(&kiosk);
        assert!(expected.len() > 5, "{page}: {expected:?}");
        said(&rx);
        let mut heard = std::collections::BTreeSet::new();
        for _ in 0..expected.len() + 5 {
            kiosk.ui.press_key(Key::Tab.into());
            heard.extend(said(&rx));
        }
        let missed: Vec<&String> = expected
            .iter()
            .filter(|label| !heard.iter().any(|h| h == *label || h.starts_with(&format!("{label}, "))))
            .collect();
        assert!(missed.is_empty(), "{page}: Tab never reached {missed:?}");
    }
}

#[test]
fn on_a_masked_field_the_keys_a_keypad_user_passes_are_not_said_aloud() {
    let (kiosk, rx) = keypad_kiosk();
    kiosk.start_in("sv");
    kiosk.press_text("speech-listen");
    kiosk.open_service("parking-permit");
    assert!(kiosk.ui.with_app(|a| a.session().current_step().unwrap().sensitive), "the identity number is masked");
    said(&rx);
    let mut heard = Vec::new();
    for _ in 0..40 {
        kiosk.ui.press_key(Key::DownArrow.into());
        heard.extend(said(&rx));
    }
    let hidden = kiosk.t("field-hidden");
    assert!(heard.iter().filter(|h| **h == hidden).count() >= 10, "the digit keys say only 'hidden': {heard:?}");
    assert!(!heard.iter().any(|h| h.len() == 1 && h.chars().all(|c| c.is_ascii_digit())), "no digit said: {heard:?}");
    assert!(heard.contains(&kiosk.t("key-backspace")), "keys that type nothing keep their names: {heard:?}");
}
