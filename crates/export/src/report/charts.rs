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

const LABEL_W: f64 = 165.0;
const BAR_W: f64 = 240.0;
const NOTE_W: f64 = 100.0;
const ROW_H: f64 = 22.0;

/// Shortens `s` to `max` chars with an ellipsis.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A horizontal bar chart, one row per bar, in the given order.
pub(crate) fn bars(title: &str, bars: &[Bar], color: &str) -> String {
    let width = LABEL_W + BAR_W + NOTE_W;
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
            r##"<g><title>{full}: {note}</title><text x="{lx}" y="{ty}" text-anchor="end">{label}</text><rect x="{LABEL_W}" y="{y}" width="{w:.1}" height="{bh}" rx="2" fill="{color}"/><text x="{nx:.1}" y="{ty}" fill="#444">{note}</text></g>"##,
            full = escape(&b.label),
            label = escape(&clip(&b.label, 26)),
            note = escape(&b.note),
            lx = LABEL_W - 6.0,
            ty = y + 14.0,
            bh = ROW_H - 6.0,
            nx = LABEL_W + w + 5.0,
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
    fn columns_label_sparsely_and_handle_empty() {
        let cols: Vec<(String, u64)> = (0..100).map(|i| (format!("d{i}"), i)).collect();
        let svg = columns("t", &cols, "#000");
        assert_eq!(svg.matches("<rect").count(), 100);
        assert!(svg.matches("<text").count() < 20);
        assert!(columns("t", &[], "#000").contains("no data"));
        assert!(bars("t", &[], "#000").contains("no data"));
    }
}
