//! Inline SVG charts: horizontal bars for ranked lists, columns for series.
//! Pure functions of their data, so the report stays deterministic.

use super::escape;
use std::fmt::Write as _;

/// The fill colour of an entity label (a categorical palette).
pub(crate) fn label_color(label: &str) -> &'static str {
    match label {
        "PERSON" => "#4e79a7",
        "ORG" => "#f28e2b",
        "LOC" => "#59a14f",
        "MISC" => "#b07aa1",
        "DATE" => "#76b7b2",
        "TIME" => "#9c755f",
        "MONEY" => "#e1b12c",
        "PERCENT" => "#ff9da7",
        "QUANTITY" => "#8d8d8d",
        _ => "#6b7b8c",
    }
}

/// One bar of a horizontal bar chart.
pub(crate) struct Bar {
    /// The category, written left of the bar.
    pub label: String,
    /// The bar's length.
    pub value: f64,
    /// The text written right of the bar.
    pub note: String,
}

/// Widest label column; longer labels are clipped with an ellipsis.
const MAX_LABEL_W: f64 = 230.0;
/// Narrowest label column.
const MIN_LABEL_W: f64 = 60.0;
const BAR_W: f64 = 240.0;
const NOTE_W: f64 = 100.0;
const ROW_H: f64 = 22.0;
/// The charts' font size (`.chart{font-size:12px}` in the page's CSS).
const FONT_PX: f64 = 12.0;

/// A generous estimate of the width of `c` in a sans-serif font, in ems.
/// SVG text cannot be measured before it is rendered, so the label column
/// is sized from this: overestimating costs a little space, underestimating
/// would cut labels off at the chart's left edge.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'I' | ' ' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '-' | '/' => 0.42,
        'm' | 'w' => 0.9,
        'M' | 'W' | '@' | '%' => 0.98,
        c if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.7,
        c if c.is_ascii() => 0.6,
        // CJK, kana, hangul and other wide scripts take a full em.
        c if (c as u32) >= 0x1100 => 1.05,
        // Latin with diacritics, Greek, Cyrillic: as wide as capitals.
        _ => 0.72,
    }
}

/// Estimated rendered width of `s` in pixels.
fn text_px(s: &str) -> f64 {
    s.chars().map(char_em).sum::<f64>() * FONT_PX
}

/// Shortens `s` with an ellipsis until it fits in `max_px`.
fn clip(s: &str, max_px: f64) -> String {
    if text_px(s) <= max_px {
        return s.to_owned();
    }
    let budget = max_px - text_px("…");
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        used += char_em(c) * FONT_PX;
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A horizontal bar chart, one row per bar, in the given order. The label
/// column is as wide as the longest label needs (up to a limit past which
/// labels are clipped; the full label is in each row's tooltip).
pub(crate) fn bars(title: &str, bars: &[Bar], color: &str) -> String {
    let labels: Vec<String> = bars.iter().map(|b| clip(&b.label, MAX_LABEL_W)).collect();
    let label_w = labels
        .iter()
        .map(|l| text_px(l))
        .fold(MIN_LABEL_W, f64::max)
        .ceil()
        + 10.0;
    let width = label_w + BAR_W + NOTE_W;
    let height = ROW_H * bars.len().max(1) as f64 + 6.0;
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart bars" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    if bars.is_empty() {
        let _ = write!(svg, r##"<text x="0" y="16" fill="#777">no data</text>"##);
    }
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * ROW_H + 3.0;
        let w = if max > 0.0 {
            (b.value / max * BAR_W).max(1.0)
        } else {
            1.0
        };
        let _ = write!(
            svg,
            r##"<g><title>{full}: {note}</title><text x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect x="{label_w}" y="{y}" width="{w:.1}" height="{bh}" rx="2" fill="{color}"/><text x="{nx:.1}" y="{ty}" fill="#444">{note}</text></g>"##,
            full = escape(&b.label),
            label = escape(&labels[i]),
            note = escape(&b.note),
            lx = label_w - 6.0,
            ty = y + 14.0,
            bh = ROW_H - 6.0,
            nx = label_w + w + 5.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A column chart of a series (time buckets, histogram bins), with an
/// x label under every few columns so they never overlap.
pub(crate) fn columns(title: &str, cols: &[(String, u64)], color: &str) -> String {
    let (left, bottom, top, plot_h) = (44.0, 30.0, 10.0, 120.0);
    let n = cols.len().max(1);
    let col_w = (440.0 / n as f64).clamp(3.0, 48.0);
    let width = left + col_w * n as f64 + 10.0;
    let height = top + plot_h + bottom;
    let max = cols.iter().map(|c| c.1).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart columns" xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height}" viewBox="0 0 {width:.0} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    let base = top + plot_h;
    let _ = write!(
        svg,
        r##"<line x1="{left}" y1="{base}" x2="{x2:.1}" y2="{base}" stroke="#999"/><text x="{lx}" y="{ty}" text-anchor="end" fill="#666">{max}</text><text x="{lx}" y="{base}" text-anchor="end" fill="#666">0</text>"##,
        x2 = width - 10.0,
        lx = left - 6.0,
        ty = top + 10.0,
    );
    if cols.is_empty() {
        let _ = write!(
            svg,
            r##"<text x="{left}" y="{y}" fill="#777">no data</text>"##,
            y = base - 60.0
        );
    }
    // Enough room for a label of up to 10 chars at ~7 px each.
    let every = ((75.0 / col_w).ceil() as usize).max(1);
    for (i, (label, count)) in cols.iter().enumerate() {
        let x = left + i as f64 * col_w;
        let h = *count as f64 / max as f64 * plot_h;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{color}"><title>{l}: {count}</title></rect>"#,
            y = base - h,
            w = (col_w - 1.0).max(1.0),
            l = escape(label),
        );
        if i % every == 0 {
            let _ = write!(
                svg,
                r##"<text x="{x:.1}" y="{y}" fill="#444">{l}</text>"##,
                y = base + 16.0,
                l = escape(label),
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest() {
        let svg = bars(
            "Top <LOC>",
            &[
                Bar {
                    label: "Việt Nam".into(),
                    value: 10.0,
                    note: "10".into(),
                },
                Bar {
                    label: "Hà Nội".into(),
                    value: 5.0,
                    note: "5".into(),
                },
            ],
            "#59a14f",
        );
        assert!(
            svg.contains(r#"width="240.0""#) && svg.contains(r#"width="120.0""#),
            "{svg}"
        );
        assert!(svg.contains("Top &lt;LOC&gt;"));
        assert_eq!(svg.matches("<rect").count(), 2);
    }

    #[test]
    fn long_labels_fit_their_column_or_are_clipped_with_the_full_name_in_the_tooltip() {
        let long = "Association of Southeast Asian Nations Economic Ministers' Retreat";
        let names = [
            long,
            "WWWWWWWWWWWWWWWWWWWWWWWWWW",
            "東南アジア諸国連合",
            "Việt Nam",
        ];
        let svg = bars(
            "t",
            &names
                .iter()
                .map(|n| Bar {
                    label: (*n).into(),
                    value: 1.0,
                    note: "1".into(),
                })
                .collect::<Vec<_>>(),
            "#000",
        );
        // The label column starts at x = 0: every label's estimated width
        // fits left of its anchor.
        let anchor: f64 = svg
            .split(r#"<text x=""#)
            .nth(1)
            .and_then(|t| t.split('"').next())
            .and_then(|x| x.parse().ok())
            .unwrap();
        for n in names {
            assert!(
                svg.contains(&format!("<title>{}: 1</title>", escape(n))),
                "{n}"
            );
            let shown = clip(n, MAX_LABEL_W);
            assert!(text_px(&shown) <= anchor, "{shown} overflows {anchor}");
        }
        assert!(
            !svg.contains(&format!(">{}<", escape(long))),
            "the long label is clipped"
        );
        assert!(svg.contains("Việt Nam</text>"), "a short label is whole");
        // Short labels only: a narrow column.
        let small = bars(
            "t",
            &[Bar {
                label: "UN".into(),
                value: 1.0,
                note: "1".into(),
            }],
            "#000",
        );
        assert!(small.contains(r#"<rect x="70""#), "{small}");
    }

    #[test]
    fn columns_label_sparsely_and_handle_empty() {
        let cols: Vec<(String, u64)> = (0..100).map(|i| (format!("d{i}"), i)).collect();
        let svg = columns("t", &cols, "#000");
        assert_eq!(svg.matches("<rect").count(), 100);
        assert!(svg.matches("<text").count() < 20);
        assert!(columns("t", &[], "#000").contains("no data"));
        assert!(bars("t", &[], "#000").contains("no data"));
    }
}
