//! The page itself: sections, styles and the pagination script.

use super::cards::label_class;
use super::charts::{self, Bar};
use super::escape;
use crate::corpus::CorpusStats;
use crate::entity_index::EntityIndex;
use docpipe_core::RunSnapshot;
use std::fmt::Write as _;

/// Entities per label in the bar charts.
const TOP_PER_LABEL: usize = 12;
/// Cards per page of the pagination script.
const PAGE_SIZE: usize = 20;

/// Everything the page shows.
pub(crate) struct Parts<'a> {
    pub pipeline: &'a str,
    pub run: &'a RunSnapshot,
    pub stats: &'a CorpusStats,
    pub index: &'a EntityIndex,
    pub cards: &'a [String],
}

const STYLE: &str = r#"
:root{--fg:#1d232b;--muted:#5c6773;--line:#dde3ea;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1f3a5f;color:#fff;padding:18px 32px}
header h1{margin:0;font-size:24px}
header p{margin:4px 0 0;opacity:.85}
nav{display:flex;gap:18px;padding:8px 32px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
nav a{color:#1f3a5f;text-decoration:none;font-weight:600}
main{padding:8px 32px 40px;max-width:1240px}
section{margin-top:22px}
h2{font-size:20px;border-bottom:2px solid var(--line);padding-bottom:4px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}
.tile{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px}
.tile b{display:block;font-size:22px}
.tile span{color:var(--muted);font-size:13px}
.grid{display:flex;flex-wrap:wrap;gap:16px;margin-top:14px;align-items:flex-start}
figure{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;overflow-x:auto}
figcaption{font-weight:600;margin-bottom:6px}
.chart{font-size:12px;display:block}
table{border-collapse:collapse;background:#fff;border:1px solid var(--line)}
th,td{padding:5px 12px;border-bottom:1px solid var(--line);text-align:right}
th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}
.bad{color:#b3261e;font-weight:600}
.legend{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 18px;margin:12px 0}
.card h3{margin:0 0 2px;font-size:17px}
.facts{margin:0;color:var(--muted);font-size:13px}
.summary{border-left:3px solid #1f3a5f;padding-left:10px;margin:8px 0}
.kp{display:inline-block;background:#eef2f7;border-radius:10px;padding:0 8px;margin:2px 2px 0 0;font-size:12px}
.text{white-space:pre-wrap;max-height:15em;overflow:auto;border-top:1px dashed var(--line);padding-top:6px;margin-top:6px;font-size:14px}
mark{border-radius:3px;padding:0 2px;background:#eee}
.more{color:var(--muted)}
.pager{display:flex;gap:10px;align-items:center;margin:10px 0}
.pager button{padding:3px 12px}
.pager input{padding:3px 8px;min-width:260px}
.note{color:var(--muted)}
"#;

const SCRIPT: &str = r#"
(function(){
  var cards = Array.prototype.slice.call(document.querySelectorAll('#cards .card'));
  var size = PAGE_SIZE, page = 0, shown = cards;
  var info = document.getElementById('page-info');
  var filter = document.getElementById('filter');
  function render(){
    var pages = Math.max(1, Math.ceil(shown.length / size));
    if (page >= pages) page = pages - 1;
    cards.forEach(function(c){ c.hidden = true; });
    shown.slice(page * size, page * size + size).forEach(function(c){ c.hidden = false; });
    info.textContent = 'page ' + (page + 1) + ' of ' + pages + ' (' + shown.length + ' cards)';
  }
  document.getElementById('prev').addEventListener('click', function(){ if (page > 0) { page--; render(); } });
  document.getElementById('next').addEventListener('click', function(){ page++; render(); });
  filter.addEventListener('input', function(){
    var q = filter.value.toLowerCase();
    shown = cards.filter(function(c){ return c.getAttribute('data-search').indexOf(q) >= 0; });
    page = 0; render();
  });
  render();
  document.documentElement.setAttribute('data-ready', '1');
})();
"#;

/// Formats an integer with thin thousands separators.
fn num(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn tile(html: &mut String, value: &str, what: &str) {
    let _ = write!(
        html,
        r#"<div class="tile"><b>{}</b><span>{}</span></div>"#,
        escape(value),
        escape(what)
    );
}

fn figure(html: &mut String, caption: &str, svg: &str) {
    let _ = write!(
        html,
        "<figure><figcaption>{}</figcaption>{svg}</figure>",
        escape(caption)
    );
}

/// Renders the whole page.
pub(crate) fn page(p: &Parts<'_>) -> String {
    let mut html =
        String::with_capacity(64 * 1024 + p.cards.iter().map(String::len).sum::<usize>());
    let _ = write!(
        html,
        r##"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>docpipe report: {name}</title><style>{STYLE}{labels}</style></head>
<body><header><h1>docpipe report: {name}</h1><p>{docs} documents · {ents} distinct entities · {mentions} mentions</p></header>
<nav><a href="#run">Run</a><a href="#corpus">Corpus</a><a href="#entities">Entities</a><a href="#documents">Documents</a></nav>
<main>"##,
        name = escape(p.pipeline),
        labels = label_css(),
        docs = num(p.stats.docs),
        ents = num(p.index.len() as u64),
        mentions = num(p.index.mentions()),
    );
    run_section(&mut html, p.run);
    corpus_section(&mut html, p.stats);
    entities_section(&mut html, p.index);
    documents_section(&mut html, p);
    let _ = writeln!(
        html,
        "</main><script>{}</script></body></html>",
        SCRIPT.replace("PAGE_SIZE", &PAGE_SIZE.to_string())
    );
    html
}

/// Label colours for the highlighted mentions and the legend, from the
/// same palette as the charts.
fn label_css() -> String {
    let mut css = String::new();
    for label in [
        "PERSON", "ORG", "LOC", "MISC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
    ] {
        let color = charts::label_color(label);
        let _ = write!(
            css,
            "mark.{}{{background:{color}33;border-bottom:2px solid {color}}}",
            label_class(label)
        );
    }
    css
}

fn run_section(html: &mut String, run: &RunSnapshot) {
    html.push_str(r#"<section id="run"><h2>Run at a glance</h2><div class="tiles">"#);
    tile(html, &num(run.read.files), "input files");
    tile(html, &num(run.read.docs), "documents read");
    tile(html, &num(run.read.errors), "read errors");
    tile(html, &format!("{:.2} s", run.wall_seconds), "wall time");
    html.push_str(r#"</div><div class="grid"><figure><figcaption>Documents per stage</figcaption><table><thead><tr><th>stage</th><th>uses</th><th>in</th><th>out</th><th>dropped</th><th>errors</th><th>seconds</th></tr></thead><tbody>"#);
    for s in &run.stages {
        let bad = |n: u64| if n > 0 { r#" class="bad""# } else { "" };
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td{}>{}</td><td{}>{}</td><td>{:.2}{}</td></tr>",
            escape(&s.id),
            escape(&s.uses),
            num(s.input),
            num(s.out),
            bad(s.dropped),
            num(s.dropped),
            bad(s.errors),
            num(s.errors),
            s.seconds,
            if s.reused {
                r#" <span class="note" title="not run: reused from an earlier run of the same input and options">(reused)</span>"#
            } else {
                ""
            }
        );
    }
    html.push_str("</tbody></table></figure>");
    let time: Vec<Bar> = run
        .stages
        .iter()
        .map(|s| Bar {
            label: s.id.clone(),
            value: s.seconds,
            note: if s.reused {
                format!("{:.2} s, reused", s.seconds)
            } else {
                format!("{:.2} s", s.seconds)
            },
        })
        .collect();
    figure(
        html,
        "Time per stage (summed over threads)",
        &charts::bars("Time per stage", &time, "#1f3a5f"),
    );
    html.push_str("</div></section>");
}

fn corpus_section(html: &mut String, stats: &CorpusStats) {
    html.push_str(r#"<section id="corpus"><h2>Corpus</h2><div class="tiles">"#);
    tile(html, &num(stats.docs), "documents exported");
    tile(html, &num(stats.chars), "characters");
    let mean = stats.chars.checked_div(stats.docs).unwrap_or(0);
    tile(html, &num(mean), "characters per document");
    tile(html, &num(stats.summarized), "with a summary");
    tile(html, &num(stats.undated), "without a date");
    html.push_str(r#"</div><div class="grid">"#);
    let timeline = stats.timeline();
    figure(
        html,
        "Documents over time (meta.date)",
        &charts::columns("Documents over time", &timeline, "#1f3a5f"),
    );
    let mut langs: Vec<(&String, &u64)> = stats.langs.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1));
    let lang_bars: Vec<Bar> = langs
        .iter()
        .take(15)
        .map(|(l, n)| Bar {
            label: (*l).clone(),
            value: **n as f64,
            note: num(**n),
        })
        .collect();
    figure(
        html,
        "Languages (meta.lang)",
        &charts::bars("Languages", &lang_bars, "#4e79a7"),
    );
    let lengths: Vec<(String, u64)> = CorpusStats::length_labels()
        .into_iter()
        .zip(stats.lengths.iter().copied().chain(std::iter::repeat(0)))
        .collect();
    figure(
        html,
        "Length in characters",
        &charts::columns("Document lengths", &lengths, "#59a14f"),
    );
    html.push_str("</div></section>");
}

fn entities_section(html: &mut String, index: &EntityIndex) {
    html.push_str(r#"<section id="entities"><h2>Most frequent entities</h2><div class="legend">"#);
    let top = index.top_by_label(TOP_PER_LABEL);
    for label in top.keys() {
        let _ = write!(
            html,
            r#"<mark class="{}">{}</mark>"#,
            label_class(label),
            escape(label)
        );
    }
    html.push_str(r#"</div><div class="grid">"#);
    if top.is_empty() {
        html.push_str(r#"<p class="note">No entities: run the tag stage before export.</p>"#);
    }
    for (label, list) in &top {
        let bars: Vec<Bar> = list
            .iter()
            .map(|(name, mentions, docs)| Bar {
                label: (*name).to_owned(),
                value: *mentions as f64,
                note: format!("{} in {} docs", num(*mentions), num(*docs)),
            })
            .collect();
        figure(
            html,
            label,
            &charts::bars(label, &bars, charts::label_color(label)),
        );
    }
    html.push_str("</div></section>");
}

fn documents_section(html: &mut String, p: &Parts<'_>) {
    html.push_str(r#"<section id="documents"><h2>Documents</h2>"#);
    let shown = p.cards.len() as u64;
    if shown < p.stats.docs {
        let _ = write!(
            html,
            r#"<p class="note">Showing the first {} of {} documents; every document is in documents.jsonl and digest.md.</p>"#,
            num(shown),
            num(p.stats.docs)
        );
    }
    html.push_str(r#"<div class="pager"><button id="prev" type="button">‹ prev</button><span id="page-info"></span><button id="next" type="button">next ›</button><input id="filter" type="search" placeholder="filter by title or id"/></div><div id="cards">"#);
    for card in p.cards {
        html.push_str(card);
    }
    html.push_str("</div></section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_separators() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(1_000), "1,000");
        assert_eq!(num(1_234_567), "1,234,567");
    }
}
