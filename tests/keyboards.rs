//! The on-screen keyboards, used as a visitor does: touching keys on the real Slint window (testing
//! backend), then reading back what the session holds.

mod common;

use common::TestKiosk;
use torget::session::Screen;

/// Touches the keys that type `text`, pressing shift before each capital letter.
fn type_on_screen(kiosk: &TestKiosk, text: &str) {
    for c in text.chars() {
        if c == ' ' {
            kiosk.press_text("key-space");
            continue;
        }
        if c.is_uppercase() {
            kiosk.press_text("key-shift");
        }
        kiosk.press(&c.to_string());
    }
}

fn typed(kiosk: &TestKiosk) -> String {
    kiosk.ui.with_app(|a| {
        let step = a.session().current_step().expect("a question").id.clone();
        a.session().typed(&step).to_string()
    })
}

/// Opens the parking permit's name question (its second; the first asks the identity number).
fn to_name_question(kiosk: &TestKiosk, lang: &str) {
    kiosk.start_in(lang);
    kiosk.open_service("parking-permit");
    kiosk.answer_current_validly();
    let step = kiosk.ui.with_app(|a| a.session().current_step().unwrap().kind);
    assert_eq!(step, torget::content::FieldKind::Text);
}

#[test]
fn a_norwegian_name_is_typed_with_the_norwegian_keyboard() {
    let kiosk = TestKiosk::new();
    to_name_question(&kiosk, "nb");
    type_on_screen(&kiosk, "Åsa Øvergård");
    assert_eq!(typed(&kiosk), "Åsa Øvergård");
    assert_eq!(kiosk.ui.field_text(), "Åsa Øvergård", "the field shows what was typed");
    kiosk.press_text("button-next");
    assert_eq!(
        kiosk.ui.with_app(|a| a.session().answers().get("name").cloned()),
        Some(torget::session::Answer::One("Åsa Øvergård".into()))
    );
}

#[test]
fn a_ukrainian_name_is_typed_with_the_ukrainian_keyboard() {
    let kiosk = TestKiosk::new();
    to_name_question(&kiosk, "uk");
    type_on_screen(&kiosk, "Євгенія");
    assert_eq!(typed(&kiosk), "Євгенія");
}

#[test]
fn an_arabic_name_is_typed_with_the_arabic_keyboard_and_digits_can_be_arabic() {
    let kiosk = TestKiosk::new();
    to_name_question(&kiosk, "ar");
    assert!(kiosk.find(&kiosk.t("key-shift")).is_empty(), "Arabic has no capitals, so no shift key");
    type_on_screen(&kiosk, "محمد ");
    kiosk.press("1");
    kiosk.press_text("key-digits");
    kiosk.press("٢");
    assert_eq!(typed(&kiosk), "محمد 1٢");
    kiosk.press_text("key-backspace");
    kiosk.press_text("key-backspace");
    kiosk.press_text("key-backspace");
    assert_eq!(typed(&kiosk), "محمد");
}

#[test]
fn an_identity_number_is_typed_on_the_numeric_keypad() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("parking-permit");
    assert!(kiosk.find("q").is_empty(), "numbers get the keypad, not letters");
    type_on_screen(&kiosk, "811218-9876");
    kiosk.press_text("button-next");
    assert_eq!(kiosk.screen(), Screen::Question);
    assert_eq!(
        kiosk.ui.with_app(|a| a.session().answers().get("personal-id").cloned()),
        Some(torget::session::Answer::One("19811218-9876".into())),
        "the keypad's digits passed the personnummer check"
    );
}

#[test]
fn the_layout_key_walks_through_every_keyboard_and_the_choice_is_kept_for_the_visit_only() {
    let kiosk = TestKiosk::new();
    to_name_question(&kiosk, "sv");
    assert!(!kiosk.find("ö").is_empty(), "Swedish starts with the Swedish keyboard");
    // Norsk, English, Українська in the order of the language list (Finnish shares the Swedish one).
    for (name, letter) in [("Norsk", "ø"), ("English", "q"), ("Українська", "ї"), ("العربية", "ض")]
    {
        let label = kiosk.ui.with_app(|a| a.i18n().format("sv", "key-layout", &[("layout", name.into())]));
        kiosk.press(&label);
        assert!(!kiosk.find(letter).is_empty(), "{name} has {letter}");
    }
    type_on_screen(&kiosk, "ضياء");
    kiosk.press_text("button-next");
    assert!(kiosk.find("ض").is_empty(), "the postcode question has the keypad");
    kiosk.press_text("button-back");
    assert!(!kiosk.find("ض").is_empty(), "the chosen keyboard stays for the visit");
    kiosk.press_text("button-cancel");
    kiosk.press_text("cancel-yes");
    to_name_question(&kiosk, "sv");
    assert!(!kiosk.find("ö").is_empty(), "the next visitor starts with their language's keyboard");
    assert_eq!(typed(&kiosk), "", "and an empty field");
}

#[test]
fn every_key_is_at_least_64_pixels_and_named() {
    let kiosk = TestKiosk::new();
    for lang in ["sv", "uk", "ar"] {
        to_name_question(&kiosk, lang);
        let keys = kiosk.ui.with_app(|a| a.view(std::time::Instant::now()).keyboard.unwrap().keys);
        assert!(keys.len() > 40, "{lang}: a whole keyboard");
        for key in keys {
            let found = kiosk.find(&key.name);
            assert!(!found.is_empty(), "{lang}: key {:?} is exposed by its name", key.name);
            let size = found[0].size();
            assert!(size.width >= 64.0 && size.height >= 64.0, "{lang}: key {:?} is {size:?}", key.name);
        }
        kiosk.press_text("button-cancel");
        kiosk.press_text("cancel-yes");
    }
}
