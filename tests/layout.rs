//! Every screen, in every language, on the common kiosk screens (1920×1080, 1366×768, 1280×720,
//! 1280×1024 and 1080×1920 portrait), at normal, large (150 %) and extra large (200 %) text,
//! drawn by the software renderer with the real fonts; then the element geometry is checked: no text
//! runs off the screen or out of its button, no two controls overlap, every control is named and at
//! least 64 px both ways. The pictures go to `target/screenshots/` to be looked at.

use std::path::PathBuf;

use i_slint_backend_testing::{AccessibleRole, ElementHandle, ElementRoot};
use torget::ui::KioskUi;
use torget::ui::screenshot::Canvas;

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

impl Rect {
    fn of(e: &ElementHandle) -> Rect {
        let p = e.absolute_position();
        let s = e.size();
        Rect { x: p.x, y: p.y, w: s.width, h: s.height }
    }
    fn contains(&self, o: &Rect) -> bool {
        const SLACK: f32 = 1.0;
        o.x >= self.x - SLACK
            && o.y >= self.y - SLACK
            && o.x + o.w <= self.x + self.w + SLACK
            && o.y + o.h <= self.y + self.h + SLACK
    }
    fn contains_point(&self, x: f32, y: f32) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
    fn overlap(&self, o: &Rect) -> f32 {
        let w = (self.x + self.w).min(o.x + o.w) - self.x.max(o.x);
        let h = (self.y + self.h).min(o.y + o.h) - self.y.max(o.y);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }
    fn clip(&self, to: &Rect) -> Option<Rect> {
        let x = self.x.max(to.x);
        let y = self.y.max(to.y);
        let w = (self.x + self.w).min(to.x + to.w) - x;
        let h = (self.y + self.h).min(to.y + to.h) - y;
        (w > 0.5 && h > 0.5).then_some(Rect { x, y, w, h })
    }
}

fn is_control(e: &ElementHandle) -> bool {
    matches!(
        e.accessible_role(),
        Some(
            AccessibleRole::Button | AccessibleRole::Checkbox | AccessibleRole::RadioButton | AccessibleRole::TextInput
        )
    )
}

fn is_text(e: &ElementHandle) -> bool {
    e.type_name().is_some_and(|t| t == "Text") || e.bases().is_some_and(|mut b| b.any(|t| t == "Text"))
}

fn by_id(ui: &KioskUi, id: &str) -> Option<ElementHandle> {
    ElementHandle::find_by_element_id(ui.window(), id).next()
}

/// An element as the visitor sees it: where it is, and the part of it that is not scrolled away.
struct Seen {
    e: ElementHandle,
    rect: Rect,
    visible: Rect,
    /// In the scrolling page (not in a bar above or below it).
    scrolled: bool,
}

/// What is wrong with the screen on show, in words.
fn problems(ui: &KioskUi, width: f32, height: f32) -> Vec<String> {
    let window = Rect { x: 0.0, y: 0.0, w: width, h: height };
    // A dialog or the text size panel covers the page: only what is on it counts.
    let modal = by_id(ui, "DialogView::card").or_else(|| by_id(ui, "DisplayPanel::card"));
    let top = modal.clone().unwrap_or_else(|| ui.window().root_element());
    // What is in a scrolling area (the page, a long panel) is seen through its viewport.
    // Elements have no identity to compare; their id, place, size and name together tell them apart.
    let key =
        |e: &ElementHandle| format!("{:?}{:?}{:?}{:?}", e.id(), e.absolute_position(), e.size(), e.accessible_label());
    let mut viewports: std::collections::HashMap<String, Rect> = std::collections::HashMap::new();
    for flickable in top.query_descendants().match_type_name("Flickable").find_all() {
        let r = Rect::of(&flickable);
        for e in flickable.query_descendants().find_all() {
            viewports.insert(key(&e), r);
        }
    }
    let mut cut = Vec::new();
    let all: Vec<Seen> = top
        .query_descendants()
        .find_all()
        .into_iter()
        .filter_map(|e| {
            let rect = Rect::of(&e);
            let viewport = viewports.get(&key(&e));
            // A text the page's edge cuts, or hides whole, can only be reached by scrolling.
            if let Some(v) = viewport.filter(|v| is_text(&e) && !v.contains(&rect) && rect.w * rect.h > 0.0) {
                cut.push((e.accessible_label().map(|l| l.to_string()).unwrap_or_default(), *v));
            }
            let visible = match viewport {
                Some(v) => rect.clip(v)?,
                None => rect,
            };
            Some(Seen { e, rect, visible, scrolled: viewport.is_some() })
        })
        .collect();
    let mut out = Vec::new();
    // Cut off by a scrolling area's edge is fine where the area shows that it scrolls (its scroll bar).
    let bars: Vec<Rect> =
        ElementHandle::find_by_element_id(ui.window(), "ScrollHint::bar").map(|e| Rect::of(&e)).collect();
    if let Some((text, viewport)) =
        cut.iter().find(|(t, v)| !t.trim().is_empty() && !bars.iter().any(|b| v.contains(b)))
    {
        out.push(format!("{text:?} is cut by the edge of {viewport:?}, and nothing shows that it scrolls"));
    }
    let controls: Vec<(&Seen, String)> = all
        .iter()
        .filter(|s| is_control(&s.e))
        .map(|s| (s, s.e.accessible_label().map(|l| l.to_string()).unwrap_or_default()))
        .collect();
    for (s, label) in &controls {
        let r = s.rect;
        if label.trim().is_empty() {
            out.push(format!("a control without a name at {r:?}"));
        }
        if r.w < 63.5 || r.h < 63.5 {
            out.push(format!("{label:?} is only {:.0}x{:.0} px", r.w, r.h));
        }
    }
    for (i, (a, la)) in controls.iter().enumerate() {
        for (b, lb) in &controls[i + 1..] {
            let (a, b) = (a.visible, b.visible);
            if !a.contains(&b) && !b.contains(&a) && a.overlap(&b) > 4.0 {
                out.push(format!("{la:?} and {lb:?} overlap"));
            }
        }
    }
    let texts: Vec<(&Seen, String)> = all
        .iter()
        .filter(|s| is_text(&s.e))
        .map(|s| (s, s.e.accessible_label().map(|l| l.to_string()).unwrap_or_default()))
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    // Lines of one text running into another (a row too short for its wrapped answer).
    for (i, (a, ta)) in texts.iter().enumerate() {
        for (b, tb) in &texts[i + 1..] {
            let (ra, rb) = (a.visible, b.visible);
            if a.scrolled == b.scrolled && ra.overlap(&rb) > 0.1 * (ra.w * ra.h).min(rb.w * rb.h) {
                out.push(format!("{ta:?} and {tb:?} are drawn over each other"));
            }
        }
    }
    for (s, text) in texts {
        let r = s.rect;
        if !window.contains(&s.visible) || r.x < -1.0 || r.x + r.w > width + 1.0 {
            out.push(format!("{text:?} runs off the screen: {r:?}"));
        }
        let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
        // The smallest control the text sits in is its button: the text must fit inside it.
        if let Some((button, label)) = controls
            .iter()
            .filter(|(c, _)| c.scrolled == s.scrolled && c.rect.contains_point(cx, cy) && c.rect.w < width - 1.0)
            .min_by(|a, b| (a.0.rect.w * a.0.rect.h).total_cmp(&(b.0.rect.w * b.0.rect.h)))
            && !button.rect.contains(&r)
        {
            out.push(format!("{text:?} does not fit in {label:?}: text {r:?}, button {:?}", button.rect));
        }
    }
    out
}

/// Draws every screen in every language at every text size on the common kiosk screen `size`, saves the pictures
/// as `target/screenshots/LANG-SCREEN-SIZE[-150|-200].png` and checks each.
fn every_screen_fits(size: &str) {
    let &(_, w, h) = torget::demo::SCREEN_SIZES.iter().find(|(n, _, _)| *n == size).expect("a common kiosk screen");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/screenshots");
    let canvas = Canvas::install().unwrap();
    let data = tempfile::tempdir().unwrap();
    let langs: Vec<String> =
        torget::lint::load_checked(&root).unwrap().0.languages.into_iter().map(|l| l.code).collect();
    let mut found = Vec::new();
    let mut drawn = 0;
    for lang in &langs {
        for screen in torget::demo::SCREENS {
            for &(text_size, suffix) in torget::demo::TEXT_SIZES {
                drawn += 1;
                let mut app =
                    torget::demo::screen_app(&root, screen, torget::demo::screen_database(screen, data.path(), drawn))
                        .unwrap();
                torget::demo::connect_screenshot(&mut app, screen);
                canvas.resize(w, h);
                let ui = KioskUi::new(app).unwrap();
                torget::demo::show(&ui, screen, lang, text_size).unwrap();
                let name = format!("{lang}-{screen}-{size}{suffix}");
                // What was drawn: the window's size, and more than a background (text, buttons).
                let (dw, dh, rgba) = canvas.draw();
                assert_eq!((dw, dh), (w, h), "{name} was drawn at the wrong size");
                let colours: std::collections::BTreeSet<&[u8]> = rgba.chunks(4).step_by(97).collect();
                assert!(colours.len() > 8, "{name} shows next to nothing ({} colours)", colours.len());
                torget::ui::screenshot::write_png(&out.join(format!("{name}.png")), w, h, &rgba).unwrap();
                // A screen of fewer than 1080 lines shows the 1080-line design scaled: the checks
                // measure in the design's pixels.
                let window = slint::ComponentHandle::window(ui.window());
                let expected = (w.min(h) as f32 / torget::ui::DESIGN_LINES).min(1.0);
                assert!(
                    (window.scale_factor() - expected).abs() < 0.001,
                    "{name} drawn at scale {}",
                    window.scale_factor()
                );
                let logical = window.size().to_logical(window.scale_factor());
                found.extend(problems(&ui, logical.width, logical.height).into_iter().map(|p| format!("{name}: {p}")));
            }
        }
    }
    assert_eq!(drawn, langs.len() * torget::demo::SCREENS.len() * torget::demo::TEXT_SIZES.len());
    assert!(found.is_empty(), "{} problems:\n{}", found.len(), found.join("\n"));
}

#[test]
fn every_screen_fits_a_1920x1080_screen() {
    every_screen_fits("1920x1080");
}

#[test]
fn every_screen_fits_a_1366x768_screen() {
    every_screen_fits("1366x768");
}

#[test]
fn every_screen_fits_a_1280x720_screen() {
    every_screen_fits("1280x720");
}

#[test]
fn every_screen_fits_a_1280x1024_screen() {
    every_screen_fits("1280x1024");
}

#[test]
fn every_screen_fits_a_1080x1920_portrait_screen() {
    every_screen_fits("1080x1920");
}

#[test]
fn the_layout_test_draws_every_common_kiosk_screen() {
    let tested = ["1920x1080", "1366x768", "1280x720", "1280x1024", "1080x1920"];
    let listed: Vec<&str> = torget::demo::SCREEN_SIZES.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(listed, tested, "a screen size added to the list gets its test here");
}
