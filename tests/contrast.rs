//! Contrast of the theme's colour tokens (ui/theme.slint), in both themes, by the WCAG 2.x formula:
//! text at least 4.5:1 in the normal theme and 7:1 in high contrast; controls at least 3:1.

use std::collections::BTreeMap;

/// token → (normal, high contrast), read from `out property <color> name: high-contrast ? #hc : #normal;`.
fn tokens() -> BTreeMap<String, ([u8; 3], [u8; 3])> {
    let theme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/theme.slint")).unwrap();
    let mut out = BTreeMap::new();
    for line in theme.lines() {
        let Some(rest) = line.trim().strip_prefix("out property <color> ") else { continue };
        let (name, value) = rest.split_once(':').unwrap();
        let hexes: Vec<[u8; 3]> = value.split('#').skip(1).map(|h| rgb(&h[..6])).collect();
        let pair = match hexes.as_slice() {
            [hc, normal] => (*normal, *hc),
            [one] => (*one, *one),
            _ => panic!("cannot read token {name}: {value}"),
        };
        out.insert(name.trim().to_string(), pair);
    }
    out
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
    [v(0), v(2), v(4)]
}

fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

fn ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn the_formula_matches_known_values() {
    assert!((ratio([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
    assert!((ratio([0x76, 0x76, 0x76], [255, 255, 255]) - 4.54).abs() < 0.02);
}

#[test]
fn every_text_and_control_token_pair_has_enough_contrast_in_both_themes() {
    let t = tokens();
    let text_pairs = [
        ("text", "background"),
        ("text", "surface"),
        ("text", "secondary-bg"),
        ("muted", "background"),
        ("muted", "surface"),
        ("on-primary", "primary"),
        ("on-selected", "selected-bg"),
        ("error", "error-bg"),
        ("error", "background"),
        ("primary", "background"),
    ];
    let control_pairs =
        [("border", "background"), ("border", "surface"), ("primary", "surface"), ("focus", "background")];
    let mut failures = Vec::new();
    for (theme, min_text) in [("normal", 4.5), ("high contrast", 7.0)] {
        let pick = |name: &str| {
            let (normal, hc) = t.get(name).unwrap_or_else(|| panic!("no token {name}"));
            if theme == "normal" { *normal } else { *hc }
        };
        for (fg, bg) in text_pairs {
            let r = ratio(pick(fg), pick(bg));
            if r < min_text {
                failures.push(format!("{theme}: {fg} on {bg} is {r:.2}:1, needs {min_text}:1"));
            }
        }
        for (fg, bg) in control_pairs {
            let r = ratio(pick(fg), pick(bg));
            if r < 3.0 {
                failures.push(format!("{theme}: {fg} against {bg} is {r:.2}:1, needs 3:1"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
