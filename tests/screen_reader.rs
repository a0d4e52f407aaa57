//! What a screen reader is told, read from the window's accessibility properties (the ones AccessKit
//! hands to AT-SPI): roles and checked states of options, the current language, errors and help as
//! the field's description, live regions that announce a new page and an error, and no button
//! inside another.

use std::time::Instant;

mod common;

use common::TestKiosk;
use i_slint_backend_testing::{AccessibleRole, ElementHandle, ElementRoot};
use torget::session::Screen;

fn all(kiosk: &TestKiosk) -> Vec<ElementHandle> {
    kiosk.ui.window().root_element().query_descendants().find_all()
}

fn with_role(kiosk: &TestKiosk, role: AccessibleRole) -> Vec<ElementHandle> {
    all(kiosk).into_iter().filter(|e| e.accessible_role() == Some(role)).collect()
}

fn labels(elements: &[ElementHandle]) -> Vec<String> {
    elements.iter().filter_map(|e| e.accessible_label().map(|l| l.to_string())).collect()
}

fn checked(kiosk: &TestKiosk, role: AccessibleRole) -> Vec<String> {
    let on: Vec<ElementHandle> =
        with_role(kiosk, role).into_iter().filter(|e| e.accessible_checked() == Some(true)).collect();
    labels(&on)
}

/// The live region of this politeness: what it says now.
fn live(kiosk: &TestKiosk, politeness: &str) -> Vec<String> {
    let found: Vec<ElementHandle> = all(kiosk)
        .into_iter()
        .filter(|e| e.accessible_live_region().is_some_and(|l| format!("{l:?}").eq_ignore_ascii_case(politeness)))
        .collect();
    labels(&found)
}

#[test]
fn a_single_choice_is_radio_buttons_and_choosing_one_unchecks_the_other() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("en");
    kiosk.open_service("report-fault");
    let radios = labels(&with_role(&kiosk, AccessibleRole::RadioButton));
    let options = kiosk.ui.with_app(|a| a.view(Instant::now()).question.options);
    assert_eq!(radios.len(), options.len(), "every option is a radio button: {radios:?}");
    assert!(with_role(&kiosk, AccessibleRole::Checkbox).is_empty(), "and none a check box");
    assert!(checked(&kiosk, AccessibleRole::RadioButton).is_empty());

    kiosk.press(&options[0].label);
    assert_eq!(checked(&kiosk, AccessibleRole::RadioButton), [options[0].label.clone()]);
    kiosk.press(&options[1].label);
    assert_eq!(checked(&kiosk, AccessibleRole::RadioButton), [options[1].label.clone()], "one at a time");
}

#[test]
fn a_multi_choice_is_check_boxes_and_yes_no_is_radio_buttons() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("home-help");
    kiosk.answer_current_validly();
    let boxes = labels(&with_role(&kiosk, AccessibleRole::Checkbox));
    assert!(boxes.len() >= 3, "the multi-choice options are check boxes: {boxes:?}");
    kiosk.press(&boxes[0]);
    kiosk.press(&boxes[2]);
    assert_eq!(checked(&kiosk, AccessibleRole::Checkbox), [boxes[0].clone(), boxes[2].clone()], "several at once");

    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("parking-permit");
    while kiosk.ui.with_app(|a| a.session().current_step().map(|s| s.kind)) != Some(torget::content::FieldKind::YesNo) {
        kiosk.answer_current_validly();
    }
    let radios = labels(&with_role(&kiosk, AccessibleRole::RadioButton));
    assert_eq!(radios, [kiosk.t("answer-yes"), kiosk.t("answer-no")]);
}

#[test]
fn the_current_language_is_exposed_as_selected() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("uk");
    kiosk.press_text("button-language");
    let selected: Vec<ElementHandle> =
        all(&kiosk).into_iter().filter(|e| e.accessible_item_selected() == Some(true)).collect();
    assert_eq!(labels(&selected), ["Українська"]);
    assert_eq!(selected[0].accessible_description().as_deref(), Some(kiosk.t("selected").as_str()));
}

#[test]
fn no_button_is_inside_another() {
    let kiosk = TestKiosk::new();
    let check = |kiosk: &TestKiosk| {
        for b in with_role(kiosk, AccessibleRole::Button) {
            let inner = b.query_descendants().find_all();
            let nested: Vec<String> = labels(
                &inner.into_iter().filter(|e| e.accessible_role() == Some(AccessibleRole::Button)).collect::<Vec<_>>(),
            );
            assert!(
                nested.is_empty(),
                "{:?} holds the buttons {nested:?} on {:?}",
                b.accessible_label(),
                kiosk.screen()
            );
        }
    };
    check(&kiosk);
    let touch = kiosk.ui.with_app(|a| a.view(Instant::now()).touch);
    assert_eq!(labels(&with_role(&kiosk, AccessibleRole::Button)).iter().filter(|l| **l == touch).count(), 1);
    kiosk.start_in("ar");
    check(&kiosk);
    kiosk.open_service("report-fault");
    check(&kiosk);
}

#[test]
fn a_new_page_and_an_error_are_announced_and_the_error_is_the_fields_description() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("en");
    assert_eq!(live(&kiosk, "polite"), [kiosk.t("home-title")], "the home page says where you are");
    kiosk.open_service("report-fault");
    kiosk.answer_current_validly();
    assert_eq!(kiosk.screen(), Screen::Question);
    let question = kiosk.ui.with_app(|a| a.view(Instant::now()).question);
    assert_eq!(live(&kiosk, "polite"), vec![question.text.clone()], "a new question is announced");
    assert_eq!(live(&kiosk, "assertive"), [String::new()], "no error yet");

    let field = all(&kiosk)
        .into_iter()
        .find(|e| e.accessible_role() == Some(AccessibleRole::TextInput))
        .expect("a typed question");
    assert_eq!(field.accessible_description().unwrap_or_default(), question.help, "the help describes the field");
    kiosk.press_text("button-next");
    let error = kiosk.t("error-required");
    assert_eq!(live(&kiosk, "assertive"), vec![error.clone()], "the error is announced at once");
    assert_eq!(field.accessible_description().unwrap_or_default(), error, "and describes the field");
}
