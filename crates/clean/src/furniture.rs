//! Which lines are the article and which are page furniture.
//!
//! The lines of a hard-wrapped paragraph are first grouped (see
//! `wrap`), and each group judged as one line. Lines are classified on
//! their own (prose, known widget, link list, menu, symbols, another
//! language). The article body runs from the
//! first to the last prose line, widened over the short sentences and
//! figure rows next to it. Inside the body only clear furniture goes
//! (widgets, link lists, date and byline lines, lists under a "Related"
//! header), so subheads and Q&A questions stay; before and after it,
//! everything goes, metadata lines being lifted into `meta` on the way.

use crate::features::LineFeatures;
use crate::language;
use crate::meta::lines::{self as metalines, DateLine};
use crate::phrases::{Phrases, Widget};
use crate::wrap;
use whatlang::Lang;

/// A line removed from the text, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removed {
    /// 1-based line number in the input (after line endings are unified).
    pub line: usize,
    /// The line's text, normalized.
    pub text: String,
    /// Why it was removed.
    pub reason: String,
}

/// Metadata found in the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lifted {
    pub title: Option<String>,
    pub date: Option<String>,
    pub byline: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
}

/// What to do with a document's lines.
#[derive(Debug, Default)]
pub(crate) struct Plan<'a> {
    /// Lines kept, as (0-based index, text after tags are stripped).
    pub kept: Vec<(usize, &'a str)>,
    /// Lines removed.
    pub removed: Vec<Removed>,
    /// Tags stripped from kept lines (agency tags, date labels).
    pub stripped: Vec<Removed>,
    /// Metadata found.
    pub lifted: Lifted,
    /// The document's language.
    pub lang: Option<Lang>,
}

/// How the planner is configured.
pub(crate) struct Settings<'a> {
    pub phrases: &'a Phrases,
    pub remove_furniture: bool,
    pub drop_foreign_lines: bool,
    /// The title the input already has, if any.
    pub known_title: Option<&'a str>,
}

struct Info<'a> {
    text: &'a str,
    f: LineFeatures,
    widget: Option<Widget>,
    shape: Option<&'static str>,
    prose: bool,
    foreign: bool,
    /// A line that closes the article (credits, rights, tags, comments).
    closes: bool,
    /// A note about the author (`Jane Doe covers markets for …`).
    bio: bool,
    /// A photo credit (`Photograph: Jane Doe/Reuters`, `Credit...`).
    credit: bool,
}

impl Info<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Words of an item of a link list that count as "a few".
const SHORT_ITEM_WORDS: usize = 5;

/// A breadcrumb or a list of links on one line (`Home » News » Markets`,
/// `Share | Tweet | Email`): items between separators, most of them a
/// few words, none a sentence, the whole no sentence either. People put
/// pipes in prose too (`The committee split 5 | 4 on the motion, with
/// the chair | as usual | abstaining.`), and that is no list. `text` is
/// the line, `lower` the same lower-cased, `f` its features.
fn link_list_shape(text: &str, lower: &str, f: &LineFeatures) -> bool {
    if f.separators == 0 {
        return false;
    }
    let homes = [
        "home",
        "trang chủ",
        "accueil",
        "startseite",
        "inicio",
        "início",
        "home page",
    ];
    let content = f.words - f.separators;
    let home = homes.iter().any(|h| lower.starts_with(h));
    if !(f.separators >= 2 && content <= 8 * (f.separators + 1) || home) {
        return false;
    }
    // A sentence with separators in it: it ends like one and reads like
    // one (a fifth of its words stop words), however it is cut.
    let sentence = f.terminal && content >= 8 && f.stop_words * 5 >= content;
    if sentence {
        return false;
    }
    let mut items: Vec<LineFeatures> = Vec::new();
    let mut item: Vec<&str> = Vec::new();
    for token in text.split(' ').filter(|t| !t.is_empty()) {
        if crate::features::is_separator(token) {
            if !item.is_empty() {
                items.push(LineFeatures::of(&item.join(" ")));
                item.clear();
            }
        } else {
            item.push(token);
        }
    }
    if !item.is_empty() {
        items.push(LineFeatures::of(&item.join(" ")));
    }
    let short = items.iter().filter(|i| i.words <= SHORT_ITEM_WORDS).count();
    // An item that is a sentence of its own (a verb's worth of stop
    // words and a final stop), not a headline: `Home | Opinion | Rates
    // Stay High` is a breadcrumb, `… | and ``` fences in it, as people
    // write them.` is not.
    let sentence_item = items.iter().any(|i| {
        i.terminal && i.words >= 5 && i.stop_words >= 2 && i.has_lower && !i.is_headline_case()
    });
    (home || short * 2 > items.len()) && !sentence_item
}

/// Lower-cases `text` into `out` (cleared first), with an ASCII fast path.
fn lower_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        // The same as `str::to_lowercase`, which handles final sigma.
        out.push_str(&text.to_lowercase());
    }
}

fn describe<'a>(text: &'a str, phrases: &Phrases, lower: &mut String) -> Info<'a> {
    if text.is_empty() {
        return Info {
            text,
            f: LineFeatures::default(),
            widget: None,
            shape: None,
            prose: false,
            foreign: false,
            closes: false,
            bio: false,
            credit: false,
        };
    }
    // Features of the line without an agency tag, so `… said. — VNS` reads as prose.
    let core = metalines::agency_suffix(text).map_or(text, |(_, cut)| &text[..cut]);
    let f = LineFeatures::of(core);
    lower_into(text, lower);
    let lower = lower.as_str();
    let notice = crate::phrases::copyright_notice(text, lower, &f);
    let widget = phrases
        .classify(lower, f.words)
        .or(notice.map(|_| Widget::Line));
    let shape = if link_list_shape(text, lower, &f) {
        Some("link list")
    } else if f.is_symbolic() {
        Some("symbols")
    } else {
        None
    };
    let prose = widget.is_none() && shape.is_none() && f.is_prose();
    // A dated copyright notice closes the article, as a rights notice does.
    let closes = !prose
        && f.words <= 60
        && (phrases.closes_article(lower) || notice.is_some_and(|n| n.dated));
    let bio = !closes && is_bio(text, &f);
    let credit = f.words <= 12 && is_photo_credit(lower);
    Info {
        text,
        f,
        widget,
        shape,
        prose,
        foreign: false,
        closes,
        bio,
        credit,
    }
}

/// Non-blank lines above a name that may head its block: a contact
/// block puts a name, a title and a company under its heading.
const CONTACT_REACH: usize = 3;

/// Whether the line `i` stands under the heading of a contact block
/// (`Media Contact:`, `For more information`), looking back at most
/// [`CONTACT_REACH`] non-blank lines, none before `from`.
fn under_contact_heading(infos: &[Info<'_>], from: usize, i: usize) -> bool {
    let mut lower = String::new();
    infos[from..i]
        .iter()
        .rev()
        .filter(|info| !info.blank())
        .take(CONTACT_REACH)
        .any(|info| {
            lower_into(info.text, &mut lower);
            crate::phrases::is_contact_heading(&lower)
        })
}

/// Openings of photo credits.
const CREDITS: &[&str] = &[
    "photograph:",
    "photo:",
    "photo by",
    "photo credit",
    "photos:",
    "credit:",
    "credit...",
    "credit…",
    "image:",
    "image credit",
    "(photo",
    "(ap photo",
    "foto:",
    "bild:",
    "crédit photo",
];

/// A photo credit line.
fn is_photo_credit(lower: &str) -> bool {
    CREDITS.iter().any(|c| lower.starts_with(c)) || lower.ends_with("/getty images")
}

/// Words that say what an author does, in a note about the author.
const BIO_VERBS: &[&str] = &[
    "covers", "writes", "reports", "is", "was", "has", "joined", "leads", "edits",
];

/// Nouns of a note about the author.
const BIO_NOUNS: &[&str] = &[
    "reporter",
    "correspondent",
    "writer",
    "editor",
    "columnist",
    "journalist",
    "contributor",
    "covers",
    "covering",
    "bureau",
    "more about",
];

/// A note about the author: one to three capitalized words (the name),
/// a verb such as `covers` or `is`, a reporting noun, no quotation.
fn is_bio(text: &str, f: &LineFeatures) -> bool {
    if !(4..=50).contains(&f.words) || !text.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let mut words = [""; 4];
    for (slot, w) in words.iter_mut().zip(text.split(' ')) {
        *slot = w;
    }
    let Some(k) = (1..4).find(|&k| BIO_VERBS.contains(&words[k])) else {
        return false;
    };
    let named = words[..k].iter().all(|w| {
        w.starts_with(|c: char| c.is_uppercase())
            && !crate::features::is_stop_word(&w.to_lowercase())
    });
    if !named {
        return false;
    }
    let lower = text.to_lowercase();
    // Whole words: an `underwriter` is no writer.
    let noun = BIO_NOUNS.iter().any(|n| {
        lower
            .match_indices(n)
            .any(|(at, _)| crate::phrases::starts_word(&lower, at))
    });
    noun && !lower.contains(['"', '“', '”']) && !lower.contains(" said") && !lower.contains(" says")
}

/// Whether a line may be part of a hard-wrapped paragraph: a widget, a
/// link list, a menu or a byline stands alone, however long; a date line
/// or a row of symbols too, unless it finishes the sentence of the line
/// before (`Tail`) or is a sentence's fragment (three stop words:
/// `Arrivals for the week ended February 22 were 155,221 bags of`).
fn joinable(info: &Info<'_>, place: wrap::Place) -> bool {
    let tail = place == wrap::Place::Tail;
    !info.blank()
        && info.widget.is_none()
        && info.shape.is_none_or(|s| tail && s == "symbols")
        && !info.f.is_menu_shaped()
        && !info.closes
        && !info.credit
        && metalines::byline(info.text).is_none()
        && (tail || info.f.stop_words >= 3 || metalines::date_line(info.text).is_none())
}

/// Plans the cleaning of normalized `text`.
pub(crate) fn plan<'a>(text: &'a str, s: &Settings<'_>) -> Plan<'a> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut lower = String::new();
    let line_infos: Vec<Info<'_>> = lines
        .iter()
        .map(|l| describe(l, s.phrases, &mut lower))
        .collect();
    // The lines of a hard-wrapped paragraph are judged together (as one
    // unit, their text joined), so that half a sentence is never a title
    // nor a short last line "after body". Every decision below is per
    // unit; the plan is written per line again at the end.
    let units = wrap::paragraphs(&lines, |i, place| joinable(&line_infos[i], place));
    let joined: Vec<Option<String>> = units
        .iter()
        .map(|u| (u.len() > 1).then(|| lines[u.clone()].join(" ")))
        .collect();
    let mut line_infos: Vec<Option<Info<'_>>> = line_infos.into_iter().map(Some).collect();
    let mut infos: Vec<Info<'_>> = units
        .iter()
        .zip(&joined)
        .map(|(u, j)| match j {
            Some(text) => describe(text, s.phrases, &mut lower),
            None => line_infos[u.start]
                .take()
                .unwrap_or_else(|| describe(lines[u.start], s.phrases, &mut lower)),
        })
        .collect();
    let mut out = Plan::default();

    let prose: Vec<bool> = infos.iter().map(|i| i.prose).collect();
    let described: Vec<(&str, &LineFeatures)> = infos.iter().map(|i| (i.text, &i.f)).collect();
    let doc_lang = language::detect_document(&described, &prose);
    out.lang = doc_lang.map(|d| d.lang);
    if s.drop_foreign_lines
        && let Some(doc) = doc_lang
    {
        for info in infos
            .iter_mut()
            .filter(|i| !i.blank() && i.widget.is_none())
        {
            if language::is_foreign(info.text, &info.f, doc) {
                info.foreign = true;
                info.prose = false;
            }
        }
    }

    let (start, end) = body_range(&infos);
    let mut reasons: Vec<Option<String>> = vec![None; infos.len()];
    let mut lifted = Lifted::default();
    let mut title_line = None;

    // Metadata lines, wherever they are: dates, bylines, datelines.
    for (i, info) in infos.iter().enumerate() {
        if info.blank() || info.prose || info.foreign {
            continue;
        }
        if let Some(reason) = lift_meta_line(info.text, &mut lifted, i < start || i > end) {
            reasons[i] = Some(reason.to_owned());
        }
    }
    // The title: the given one if it appears before the body, else the
    // longest headline-shaped line there.
    let candidates = (0..start).filter(|&i| {
        let info = &infos[i];
        reasons[i].is_none()
            && !info.blank()
            && info.widget.is_none()
            && info.shape.is_none()
            && !info.f.is_menu_shaped()
            && info.f.words >= 2
            && !info.foreign
            && !info.f.full_stop
            && !infos
                .get(i + 1)
                .is_some_and(|next| wrap::continues(info.text, next.text))
    });
    if let Some(known) = s.known_title.filter(|t| !t.trim().is_empty()) {
        title_line = (0..start).find(|&i| infos[i].text.eq_ignore_ascii_case(known.trim()));
    } else if let Some(best) = candidates.max_by_key(|&i| (infos[i].f.chars, std::cmp::Reverse(i)))
    {
        title_line = Some(best);
        lifted.title = Some(infos[best].text.to_owned());
    }
    if let Some(t) = title_line {
        reasons[t] = Some("title".to_owned());
    }
    // A name alone next to the body is the byline (after the title when before the body).
    let near: Vec<usize> = (0..start)
        .rev()
        .filter(|&i| !infos[i].blank())
        .take(2)
        .chain(
            (end + 1..infos.len())
                .filter(|&i| !infos[i].blank())
                .take(2),
        )
        .collect();
    for i in near {
        if reasons[i].is_none()
            && infos[i].widget.is_none()
            && metalines::is_name(infos[i].text)
            && title_line.is_none_or(|t| t < i)
        {
            // `Media Contact:` over `John Smith`: whom to call, not who
            // wrote it. Outside the body, so furniture all the same.
            let from = if i > end { end + 1 } else { 0 };
            if under_contact_heading(&infos, from, i) {
                reasons[i] = Some("contact".to_owned());
                continue;
            }
            if lifted.byline.is_none() {
                lifted.byline = Some(infos[i].text.to_owned());
            }
            reasons[i] = Some("byline".to_owned());
        }
    }

    // The line that closes the article after the body: everything after
    // it goes, prose too (notes about the author, boilerplate, comments).
    let close = (end + 1..infos.len()).find(|&i| infos[i].closes || infos[i].bio);
    // Everything else, by position.
    let mut in_list = false;
    for (i, info) in infos.iter().enumerate() {
        if info.blank() || reasons[i].is_some() {
            continue;
        }
        let inside = i >= start && i <= end;
        let captioned = || {
            (i + 1..infos.len())
                .find(|&j| !infos[j].blank())
                .is_some_and(|j| infos[j].credit)
        };
        let reason = if let Some(w) = info.widget {
            in_list = w == Widget::ListHeader;
            Some("widget")
        } else if let Some(shape) = info.shape {
            Some(shape)
        } else if info.foreign {
            Some("other language")
        } else if info.prose && close.is_some_and(|c| i > c) {
            Some("after article end")
        } else if info.bio && !inside {
            Some("author bio")
        } else if i < start && info.f.words <= 40 && captioned() {
            Some("caption")
        } else if info.prose || (inside && info.f.is_data_row()) {
            in_list = false;
            None
        } else if in_list && inside {
            Some("related list")
        } else if !inside {
            Some(if i < start {
                "before body"
            } else {
                "after body"
            })
        } else {
            None
        };
        reasons[i] = reason.map(str::to_owned);
    }

    // Agency tags and date labels around the body.
    let first = (0..infos.len()).find(|&i| !infos[i].blank() && reasons[i].is_none());
    let last = (0..infos.len())
        .rev()
        .find(|&i| !infos[i].blank() && reasons[i].is_none());
    for (u, info) in infos.iter().enumerate() {
        if info.blank() {
            continue;
        }
        let unit = units[u].clone();
        let (head, tail) = (unit.start, unit.end - 1);
        for i in unit {
            match &reasons[u] {
                Some(reason) if s.remove_furniture => out.removed.push(Removed {
                    line: i + 1,
                    text: lines[i].to_owned(),
                    reason: reason.clone(),
                }),
                _ => {
                    // Tags open the body's first line and close its last.
                    let mut text = lines[i];
                    if Some(u) == first && i == head {
                        text = strip_opening(text, &mut lifted, &mut out.stripped, i);
                    }
                    if Some(u) == last
                        && i == tail
                        && let Some((agency, cut)) = metalines::agency_suffix(text)
                    {
                        out.stripped.push(Removed {
                            line: i + 1,
                            text: text[cut..].trim().to_owned(),
                            reason: "source".into(),
                        });
                        lifted.source.get_or_insert(agency);
                        text = text[..cut].trim_end();
                    }
                    out.kept.push((i, text));
                }
            }
        }
    }
    out.lifted = lifted;
    out
}

/// A run of anchor lines (prose and figure rows) with little between them.
struct Block {
    /// Its first and last anchor line.
    first: usize,
    last: usize,
    /// Characters of its anchors.
    chars: usize,
    /// Its anchors.
    lines: usize,
    /// Its anchors that are prose.
    prose: usize,
}

/// The body: the main block of prose (and figure rows), joined with the
/// blocks next to it that are substantial, widened over adjacent short
/// sentences; the whole text when there is no prose. Blocks are split
/// where a run of furniture stands between prose lines (the comment form
/// under an article, say).
fn body_range(infos: &[Info<'_>]) -> (usize, usize) {
    let usable = |i: &Info<'_>| i.widget.is_none() && i.shape.is_none() && !i.foreign;
    let anchors: Vec<usize> = (0..infos.len())
        .filter(|&i| {
            let info = &infos[i];
            info.prose
                || (usable(info)
                    && info.f.is_data_row()
                    && crate::meta::date::find_date(info.text).is_none())
        })
        .collect();
    if anchors.is_empty() {
        return (0, infos.len().saturating_sub(1));
    }
    let mut blocks: Vec<Block> = Vec::new();
    for &a in &anchors {
        let split = blocks.last().is_none_or(|b| {
            let between: Vec<&Info<'_>> =
                infos[b.last + 1..a].iter().filter(|i| !i.blank()).collect();
            let furniture = between.iter().filter(|i| !usable(i)).count();
            furniture >= 2 || between.len() >= 4 || between.iter().any(|i| i.closes)
        });
        let chars = infos[a].f.chars;
        let prose = usize::from(infos[a].prose);
        match blocks.last_mut() {
            Some(b) if !split => {
                b.last = a;
                b.chars += chars;
                b.lines += 1;
                b.prose += prose;
            }
            _ => blocks.push(Block {
                first: a,
                last: a,
                chars,
                lines: 1,
                prose,
            }),
        }
    }
    let main = (0..blocks.len())
        .max_by_key(|&b| (blocks[b].chars, std::cmp::Reverse(b)))
        .unwrap_or(0);
    // A block joins the body when it has two lines, one of them prose (a
    // row of quotes above a page is no article), or is long; a block
    // before the body also when it is one lead paragraph.
    let substantial = |b: &Block, before: bool| {
        (b.lines >= 2 && b.prose >= 1)
            || b.chars >= 250
            || (before && b.prose == 1 && b.chars >= 150)
    };
    // Nothing after a line that closes the article joins it.
    let closed = |from: usize, to: usize| infos[from..to].iter().any(|i| i.closes || i.bio);
    let mut lo = main;
    while lo > 0 && substantial(&blocks[lo - 1], true) {
        lo -= 1;
    }
    let mut hi = main;
    while hi + 1 < blocks.len()
        && substantial(&blocks[hi + 1], false)
        && !closed(blocks[hi].last + 1, blocks[hi + 1].first)
    {
        hi += 1;
    }
    let (mut start, mut end) = (blocks[lo].first, blocks[hi].last);
    let mut j = start;
    while j > 0 {
        j -= 1;
        let info = &infos[j];
        if info.blank() {
            continue;
        }
        let lead = short_sentence(info) && (info.f.words >= 5 || lead_words(infos, j) >= 5);
        let dated = metalines::dateline(info.text)
            .is_some_and(|d| info.text[d.len..].split(' ').count() >= 3);
        if usable(info) && (lead || dated || info.f.is_data_row()) {
            start = j;
        } else {
            break;
        }
    }
    let mut j = end;
    while j + 1 < infos.len() {
        j += 1;
        let info = &infos[j];
        if info.blank() {
            continue;
        }
        let plain = info.f.words >= 12 && info.f.has_lower && info.f.stop_ratio() >= 0.15;
        if usable(info)
            && !info.closes
            && !info.bio
            && (info.f.is_sentence_like() || plain || table_date_line(info.text))
            && metalines::byline(info.text).is_none()
        {
            end = j;
        } else {
            break;
        }
    }
    (start, end)
}

/// A sentence that can open an article: a full stop, lower case, not a
/// title-case headline, three words or more.
fn short_sentence(info: &Info<'_>) -> bool {
    info.f.full_stop && info.f.words >= 3 && info.f.has_lower && !info.f.is_headline_case()
}

/// Words of the lead paragraph of short sentences, one per line
/// (`Rain is coming.` over `Take an umbrella.`), that line `j` is part of:
/// the run of adjacent sentence lines around it, 0 when it stands alone.
/// Each sentence is short, but together they are a paragraph.
fn lead_words(infos: &[Info<'_>], j: usize) -> usize {
    let part = |i: &Info<'_>| !i.blank() && short_sentence(i);
    let before = infos[..j].iter().rev().take_while(|i| part(i));
    let after = infos[j + 1..].iter().take_while(|i| part(i));
    let (mut lines, mut words) = (0, 0);
    for i in before.chain(after) {
        lines += 1;
        words += i.f.words;
    }
    if lines == 0 {
        0
    } else {
        words + infos[j].f.words
    }
}

/// Labels of the date lines of a dividend notice (`Pay April 30`,
/// `Record March nine`, `Payable May one`; `Reord` and `Rcord` are the
/// wire's own misspellings).
const TABLE_DATE_LABELS: &[&str] = &[
    "pay",
    "payable",
    "paid",
    "record",
    "reord",
    "rcord",
    "distribution",
];

/// Words before the end date of a figures table's period (`Qtr ended
/// March 31`, `Six mths ended Feb 28`, `Year ending June 30`).
const PERIOD_END_WORDS: &[&str] = &["ended", "ends", "ending"];

/// A date line of a figures table: a dividend notice's (a label, a month
/// and a day: `Pay April 30`) or a period's end (`Qtr ended March 31`,
/// `Nine mths ended Sept 30, 1986`), a few words in all. It is the table's
/// content, not the page's date, source or byline, and continues the
/// table above it.
fn table_date_line(text: &str) -> bool {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let Some(month) = words.iter().position(|w| {
        crate::meta::date::month_number(&w.trim_end_matches(['.', ',']).to_lowercase()).is_some()
    }) else {
        return false;
    };
    let lower = |w: &str| w.to_lowercase();
    let labelled = (3..=6).contains(&words.len())
        && month >= 1
        && TABLE_DATE_LABELS.contains(&lower(words[0]).as_str());
    let period_end = (3..=7).contains(&words.len())
        && (1..=4).contains(&month)
        && PERIOD_END_WORDS.contains(&lower(words[month - 1]).as_str());
    labelled || period_end
}

/// Lifts the metadata of a line that is only metadata; returns the reason
/// to remove it. Lone names are only bylines away from the body.
fn lift_meta_line(text: &str, lifted: &mut Lifted, outside: bool) -> Option<&'static str> {
    if table_date_line(text) {
        return None;
    }
    if let Some(name) = metalines::byline(text) {
        lifted.byline.get_or_insert(name);
        return Some("byline");
    }
    // `From Jane Doe` over a post of a live blog.
    if let Some(name) = text.strip_prefix("From ")
        && metalines::is_name(name)
    {
        lifted.byline.get_or_insert(name.to_owned());
        return Some("byline");
    }
    // A dateline opening text (`PARIS, March 31 - Dividend 24 francs vs
    // 30`) is the body's first line, not a date line.
    let dateline = metalines::dateline(text);
    if let Some(d) = &dateline
        && text[d.len..].split_whitespace().nth(1).is_some()
    {
        return None;
    }
    if let Some(DateLine {
        date,
        before,
        after,
    }) = metalines::date_line(text)
    {
        if date.has_year {
            if lifted.date.as_ref().is_none_or(|d| d.starts_with("--")) {
                lifted.date = Some(date.iso);
            }
        } else {
            lifted.date.get_or_insert(date.iso);
        }
        let mut reason = "date";
        let before = metalines::dedupe_fused(&before);
        if !before.is_empty() {
            let place_like = before.chars().any(char::is_alphabetic)
                && !before.chars().any(char::is_lowercase)
                && !metalines::is_agency(before);
            if let Some(name) = metalines::byline(before) {
                lifted.byline.get_or_insert(name);
            } else if place_like {
                lifted.dateline.get_or_insert(before.to_owned());
                reason = "dateline";
            } else if outside || metalines::is_agency(before) {
                lifted.source.get_or_insert(before.to_owned());
                reason = "source";
            }
        }
        if !after.is_empty() {
            let place = after.split(',').next().unwrap_or_default().trim();
            if place.chars().any(char::is_alphabetic) && !place.chars().any(char::is_lowercase) {
                lifted.dateline.get_or_insert(place.to_owned());
                reason = "dateline";
            }
        }
        return Some(reason);
    }
    if let Some(d) = dateline
        && text[d.len..].trim().is_empty()
    {
        lifted.dateline.get_or_insert(d.place);
        if let Some(a) = d.agency {
            lifted.source.get_or_insert(a);
        }
        return Some("dateline");
    }
    let lower = text.to_lowercase();
    for label in ["source:", "nguồn:", "quelle:", "fuente:", "fonte:"] {
        if lower.starts_with(label) && text.split(' ').count() <= 8 {
            let name = text[label.len()..].trim();
            if !name.is_empty() {
                lifted.source.get_or_insert(name.to_owned());
            }
            return Some("source");
        }
    }
    None
}

/// Strips a date label and an agency tag from the body's first line, and
/// reads its dateline.
fn strip_opening<'a>(
    mut text: &'a str,
    lifted: &mut Lifted,
    stripped: &mut Vec<Removed>,
    i: usize,
) -> &'a str {
    let lower = text.to_lowercase();
    if lower.starts_with("date ")
        && let Some(d) = crate::meta::date::find_date(text)
        && text[..d.range.start].split(' ').count() <= 2
    {
        if lifted.date.is_none() {
            lifted.date = Some(d.iso.clone());
        }
        stripped.push(Removed {
            line: i + 1,
            text: text[..d.range.end].trim().to_owned(),
            reason: "date".into(),
        });
        text = text[d.range.end..].trim_start();
    }
    if let Some((agency, len)) = metalines::agency_prefix(text) {
        stripped.push(Removed {
            line: i + 1,
            text: text[..len].trim().to_owned(),
            reason: "source".into(),
        });
        lifted.source.get_or_insert(agency);
        text = &text[len..];
    }
    if let Some(d) = metalines::dateline(text) {
        lifted.dateline.get_or_insert(d.place);
        if let Some(a) = d.agency {
            lifted.source.get_or_insert(a);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{Phrases, Plan, Settings, link_list_shape, plan};
    use crate::features::LineFeatures;

    fn list(line: &str) -> bool {
        link_list_shape(line, &line.to_lowercase(), &LineFeatures::of(line))
    }

    fn cleaned<'a>(text: &'a str, phrases: &Phrases) -> Plan<'a> {
        let settings = Settings {
            phrases,
            remove_furniture: true,
            drop_foreign_lines: true,
            known_title: None,
        };
        plan(text, &settings)
    }

    #[test]
    fn link_lists_have_short_items() {
        for line in [
            "Home | World | Asia | Vietnam",
            "Share | Tweet | Email",
            "Home » News » Markets",
            "Terms of Use | Privacy Policy | Ad Choices | Cookie Settings",
            "Home > Business > Oil prices rise as OPEC cuts output",
            "Gold prices fall for second day | Oil rises on supply fears | Stocks slip",
        ] {
            assert!(list(line), "{line}");
        }
    }

    #[test]
    fn sentences_with_pipes_are_no_link_list() {
        for line in [
            "The committee split 5 | 4 on the motion, with the chair | as usual | abstaining.",
            "Text with | pipes | and ``` fences in it, as people write them in forum posts about code.",
            "Home | the page where the family had lived for years was sold in the spring.",
        ] {
            assert!(!list(line), "{line}");
        }
    }

    const BODY: &str = "Acme Corp said on Tuesday it would open a new plant in Ohio next year, creating about 300 jobs.\n\n\
        The plant will make sensors for the car industry, the company said in a statement.";

    #[test]
    fn a_name_under_a_contact_heading_is_no_byline() {
        let phrases = Phrases::new(&[]);
        for contact in [
            "Media Contact:\nJohn Smith\njohn.smith@example.com",
            "For more information\n\nMary Major\n\n+1 555 0100",
            "Press contact:\nJohn Smith\nAcme Corp\n+1 555 0100",
        ] {
            let text = format!("{BODY}\n\n{contact}");
            let p = cleaned(&text, &phrases);
            assert_eq!(p.lifted.byline, None, "{contact}");
            assert!(
                p.removed.iter().any(|r| r.reason == "contact"),
                "{contact}: {:?}",
                p.removed
            );
            assert_eq!(p.kept.len(), 2, "{contact}");
        }
    }

    #[test]
    fn a_name_alone_after_the_body_is_still_the_byline() {
        let phrases = Phrases::new(&[]);
        let text = format!("{BODY}\n\nMary Major");
        let p = cleaned(&text, &phrases);
        assert_eq!(p.lifted.byline.as_deref(), Some("Mary Major"));
        // A contact block elsewhere does not reach a name far below it.
        let text = format!("Contact\n\n{BODY}\n\nMary Major");
        assert_eq!(
            cleaned(&text, &phrases).lifted.byline.as_deref(),
            Some("Mary Major")
        );
    }

    #[test]
    fn notes_about_authors_name_a_reporting_job() {
        let bio = |t: &str| super::is_bio(t, &LineFeatures::of(t));
        assert!(bio("Jane Doe covers markets for Example Wire."));
        assert!(bio("Jane Doe is a staff writer based in Hanoi."));
        assert!(!bio("PaineWebber Inc was named underwriter."));
        assert!(!bio("Underwriters was Brown, Knapp and Co Inc."));
    }

    #[test]
    fn dates_of_a_dividend_notice_are_content() {
        let phrases = Phrases::new(&[]);
        for text in [
            "Qtly div 21-1/2 cts vs 21-1/2 cts prior\n\nPay Aug Three\n\nReord July Seven",
            "Qtly div 25 cts vs 25 cts prior\n\nPay April 30\n\nRecord April 16",
            // A period's end under a table of figures is no source.
            "Shr 12 cts vs 10 cts\n\nNet 1.2 mln vs 1.0 mln\n\nQtr ended March 31",
        ] {
            let p = cleaned(text, &phrases);
            assert_eq!(p.lifted.byline, None);
            assert_eq!(p.lifted.source, None);
            assert!(p.removed.is_empty(), "{:?}", p.removed);
            assert_eq!(p.kept.len(), 3);
        }
        assert!(super::table_date_line("Payable May one"));
        assert!(super::table_date_line("Pay 17 April"));
        assert!(!super::table_date_line("Record March"));
        assert!(!super::table_date_line(
            "Records fell sharply in March this year"
        ));
        assert!(!super::table_date_line("Published March 4, 2025"));
        assert!(super::table_date_line("Qtr ended March 31"));
        assert!(super::table_date_line("Nine mths ended Sept 30, 1986"));
        assert!(super::table_date_line("Rcord March 16"));
    }

    #[test]
    fn copyright_prose_stays_and_notices_go() {
        let phrases = Phrases::new(&[]);
        let text = "Copyright law in the United States was changed in 1998 by Congress, which extended protection terms by 20 years for most works.\n\n\
            Critics said the change mostly benefited large studios. Supporters argued it aligned American law with European rules.\n\n\
            The Supreme Court upheld the law in 2003.\n\n\
            Copyright 2024 Reuters. All rights reserved.";
        let p = cleaned(text, &phrases);
        assert_eq!(p.kept.len(), 3, "{:?}", p.removed);
        assert!(p.kept[0].1.starts_with("Copyright law"));
        assert_eq!(p.removed.len(), 1);
        assert_eq!(
            p.removed[0].text,
            "Copyright 2024 Reuters. All rights reserved."
        );
    }
}
