//! A finger on the kiosk's window: one tap does what the control shows, a press that slides off does
//! nothing, and an impatient double tap acts once. Every other journey test taps too (`press` is a
//! tap at the control's position); these pin the cases a tap alone has.

mod common;

use std::time::Instant;

use common::TestKiosk;
use slint::LogicalPosition;
use torget::session::Screen;

/// Where the visit is: the screen and, on a question, which one.
fn place(kiosk: &TestKiosk) -> (Screen, Option<String>) {
    kiosk.ui.with_app(|a| (a.session().screen().clone(), a.session().current_step().map(|s| s.id.clone())))
}

fn endonym(kiosk: &TestKiosk, code: &str) -> String {
    kiosk.ui.with_app(|a| a.catalog().language(code).unwrap().endonym.clone())
}

fn touch_label(kiosk: &TestKiosk) -> String {
    kiosk.ui.with_app(|a| a.view(Instant::now()).touch)
}

/// The labels of a visit to the fault report in `lang`, from the attract screen to its summary:
/// the whole screen, a language button, a service tile, options, yes/no and Next.
fn fault_report_labels(kiosk: &TestKiosk, lang: &str) -> Vec<String> {
    let t = |key: &str| kiosk.ui.with_app(|a| a.i18n().text(lang, key));
    vec![
        touch_label(kiosk),
        endonym(kiosk, lang),
        t("report-fault-title"),
        t("report-fault-what-pothole"),
        t("button-next"),
    ]
}

#[test]
fn one_tap_on_each_control_acts_the_first_time_in_swedish_and_arabic() {
    for lang in ["sv", "ar"] {
        let kiosk = TestKiosk::new();
        kiosk.tap(&touch_label(&kiosk));
        assert_eq!(kiosk.screen(), Screen::Language, "{lang}: one tap on the attract screen opens the languages");
        kiosk.tap(&endonym(&kiosk, lang));
        assert_eq!(kiosk.screen(), Screen::Home, "{lang}: one tap on a language opens home");
        assert_eq!(kiosk.ui.is_rtl(), lang == "ar");
        kiosk.tap(&kiosk.t("report-fault-title"));
        assert_eq!(place(&kiosk), (Screen::Question, Some("what".into())), "{lang}: one tap on a tile opens it");
        let pothole = kiosk.t("report-fault-what-pothole");
        kiosk.tap(&pothole);
        let chosen =
            kiosk.ui.with_app(|a| a.view(Instant::now()).question.options.iter().filter(|o| o.selected).count());
        assert_eq!(chosen, 1, "{lang}: one tap on an option chooses it");
        kiosk.tap(&kiosk.t("button-next"));
        assert_ne!(place(&kiosk).1, Some("what".into()), "{lang}: one tap on Next goes on");
        kiosk.tap(&kiosk.t("button-back"));
        assert_eq!(place(&kiosk).1, Some("what".into()), "{lang}: one tap on Back goes back");
        // The dialog's buttons, and the text size panel's.
        kiosk.tap(&kiosk.t("button-cancel"));
        kiosk.tap(&kiosk.t("cancel-no"));
        assert_eq!(place(&kiosk).1, Some("what".into()), "{lang}: one tap on No closes the dialog");
        kiosk.tap(&kiosk.t("display-button"));
        kiosk.tap(&kiosk.t("text-size-large"));
        assert!(kiosk.ui.with_app(|a| a.view(Instant::now()).text_scale) > 1.0, "{lang}: one tap sets the size");
        kiosk.tap(&kiosk.t("display-close"));
        assert!(kiosk.ui.with_app(|a| a.view(Instant::now()).display.is_none()), "{lang}: one tap closes the panel");
        kiosk.tap(&kiosk.t("button-cancel"));
        kiosk.tap(&kiosk.t("cancel-yes"));
        assert_eq!(kiosk.screen(), Screen::Attract, "{lang}: one tap on Yes ends the visit");
    }
}

#[test]
fn one_tap_types_a_key_of_the_on_screen_keyboard_and_the_answer_field_keeps_the_focus() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("parking-permit");
    kiosk.answer_current_validly();
    for key in ["A", "n", "n", "a"] {
        if key == "A" {
            kiosk.tap(&kiosk.t("key-shift"));
        }
        kiosk.tap(key);
    }
    assert_eq!(kiosk.ui.field_text(), "Anna", "each key typed once, with the first tap");
    // A key of a real keyboard still goes into the answer field: the taps left the focus there.
    kiosk.ui.press_key('s');
    assert_eq!(kiosk.ui.field_text(), "Annas", "touching keys leaves the focus in the answer field");
}

#[test]
fn a_press_that_slides_off_a_button_and_is_released_elsewhere_does_nothing() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    let tile = kiosk.position_of(&kiosk.t("report-fault-title"));
    kiosk.settle();
    // Pressed on the tile, the finger slides down the screen and is lifted far below it.
    kiosk.touch(tile, LogicalPosition::new(tile.x, tile.y + 600.0));
    assert_eq!(kiosk.screen(), Screen::Home, "nothing opened");
    // Lifted where it was pressed, the same tile opens.
    kiosk.tap_at(tile);
    assert_eq!(kiosk.screen(), Screen::Question);
}

#[test]
fn the_second_tap_of_an_impatient_double_tap_does_not_choose_on_the_page_that_appeared() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("sv");
    kiosk.open_service("report-fault");
    let option = kiosk.t("report-fault-what-pothole");
    kiosk.press(&option);
    // The visitor taps Next twice quickly: the second tap lands where the next question is drawn.
    let next = kiosk.position_of(&kiosk.t("button-next"));
    kiosk.settle();
    kiosk.tap_at(next);
    let second = place(&kiosk);
    assert_ne!(second.1, Some("what".into()), "the first tap went on");
    kiosk.tap_at(next);
    assert_eq!(place(&kiosk), second, "the second tap, at once, did nothing");
    // A moment later the visitor's tap counts again.
    kiosk.tap(&kiosk.t("button-back"));
    assert_eq!(place(&kiosk).1, Some("what".into()), "a tap after the page settled acts");

    // The same on the attract screen: the second tap must not choose the language under the finger.
    let kiosk = TestKiosk::new();
    kiosk.tap(&touch_label(&kiosk));
    assert_eq!(kiosk.screen(), Screen::Language);
    let first_language = kiosk.position_of(&endonym(&kiosk, "sv"));
    kiosk.tap_at(first_language);
    assert_eq!(kiosk.screen(), Screen::Language, "a tap at once after the page appeared chose nothing");
}

#[test]
fn taps_and_the_screen_readers_actions_reach_the_same_pages() {
    for lang in ["sv", "ar"] {
        let walk = |by_finger: bool| {
            let kiosk = TestKiosk::new();
            let mut places = Vec::new();
            for label in fault_report_labels(&kiosk, lang) {
                if by_finger {
                    kiosk.tap(&label);
                } else {
                    kiosk.press_accessibly(&label);
                }
                places.push(place(&kiosk));
            }
            places
        };
        let (tapped, read) = (walk(true), walk(false));
        assert_eq!(tapped, read, "{lang}: a finger and a screen reader go the same way");
        assert_eq!(tapped.len(), 5);
        assert_ne!(tapped[4].1, Some("what".into()), "{lang}: both got past the first question");
    }
}

#[test]
fn in_arabic_the_finger_finds_next_on_the_left_and_back_on_the_right() {
    let kiosk = TestKiosk::new();
    kiosk.start_in("ar");
    kiosk.open_service("report-fault");
    kiosk.tap(&kiosk.t("report-fault-what-pothole"));
    let window = slint::ComponentHandle::window(kiosk.ui.window());
    let width = window.size().width as f32 / window.scale_factor();
    let next = kiosk.position_of(&kiosk.t("button-next"));
    let back = kiosk.position_of(&kiosk.t("button-back"));
    assert!(next.x < width / 2.0 && back.x > width / 2.0, "mirrored: Next at {next:?}, Back at {back:?}");
    kiosk.settle();
    kiosk.tap_at(next);
    assert_ne!(place(&kiosk).1, Some("what".into()), "the tap on the left went forward");
    kiosk.settle();
    kiosk.tap_at(back);
    assert_eq!(place(&kiosk).1, Some("what".into()), "the tap on the right went back");
}
