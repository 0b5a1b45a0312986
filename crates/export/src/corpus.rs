//! Corpus-wide aggregates for the report: documents over time, languages,
//! lengths. Constant memory per document.

use crate::record::DocView;
use std::collections::BTreeMap;

/// Upper bounds (exclusive, in code points) of the length histogram's
/// buckets; the last bucket is open.
pub(crate) const LENGTH_BOUNDS: [usize; 7] = [500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000];

/// Aggregates over every observed document.
#[derive(Debug, Default)]
pub(crate) struct CorpusStats {
    /// Documents observed.
    pub docs: u64,
    /// Code points over all texts.
    pub chars: u64,
    /// Documents per `YYYY-MM-DD` of `meta.date`.
    pub days: BTreeMap<String, u64>,
    /// Documents without a parseable `meta.date`.
    pub undated: u64,
    /// Documents per `meta.lang` (`unknown` when missing).
    pub langs: BTreeMap<String, u64>,
    /// Documents per length bucket (`LENGTH_BOUNDS.len() + 1` buckets).
    pub lengths: Vec<u64>,
    /// Documents with a summary.
    pub summarized: u64,
}

/// What the aggregates count of one document, derived from its view on
/// the worker that rendered it.
#[derive(Debug, Clone)]
pub(crate) struct DocFacts {
    /// The text's length in code points.
    chars: usize,
    /// `meta.date` as `YYYY-MM-DD`, when it parses.
    day: Option<String>,
    /// `meta.lang`, or `unknown`.
    lang: String,
    /// Whether it has a summary.
    summarized: bool,
}

impl DocFacts {
    /// The facts of one document.
    pub(crate) fn of(view: &DocView<'_>) -> Self {
        Self {
            chars: view.chars(),
            day: view.date().map(|d| d.iso()),
            lang: view
                .meta_text("lang")
                .map_or_else(|| "unknown".to_owned(), |l| l.into_owned()),
            summarized: view.doc.summary.is_some(),
        }
    }
}

impl CorpusStats {
    /// Counts one document.
    pub(crate) fn observe(&mut self, facts: DocFacts) {
        if self.lengths.is_empty() {
            self.lengths = vec![0; LENGTH_BOUNDS.len() + 1];
        }
        self.docs += 1;
        self.chars += facts.chars as u64;
        match facts.day {
            Some(day) => *self.days.entry(day).or_default() += 1,
            None => self.undated += 1,
        }
        *self.langs.entry(facts.lang).or_default() += 1;
        let bucket = LENGTH_BOUNDS
            .iter()
            .position(|&b| facts.chars < b)
            .unwrap_or(LENGTH_BOUNDS.len());
        if let Some(n) = self.lengths.get_mut(bucket) {
            *n += 1;
        }
        if facts.summarized {
            self.summarized += 1;
        }
    }

    /// Documents over time, bucketed by day, month or year, whichever keeps
    /// the chart under about 60 bars. Returns `(bucket label, documents)`
    /// in time order, empty buckets included between the first and last.
    pub(crate) fn timeline(&self) -> Vec<(String, u64)> {
        let (Some(first), Some(last)) = (self.days.keys().next(), self.days.keys().next_back())
        else {
            return Vec::new();
        };
        let ymd = |s: &str| -> (i32, u32, u32) {
            let n = |r: std::ops::Range<usize>| s.get(r).and_then(|p| p.parse().ok()).unwrap_or(0);
            (n(0..4) as i32, n(5..7), n(8..10))
        };
        let (fy, fm, _) = ymd(first);
        let (ly, lm, _) = ymd(last);
        let months = (ly - fy) * 12 + (lm as i32 - fm as i32) + 1;
        if self.days.len() <= 60 && months <= 2 {
            return self.days.iter().map(|(d, n)| (d.clone(), *n)).collect();
        }
        let mut buckets: BTreeMap<String, u64> = BTreeMap::new();
        let by_year = months > 60;
        if by_year {
            for y in fy..=ly {
                buckets.insert(format!("{y:04}"), 0);
            }
        } else {
            let (mut y, mut m) = (fy, fm);
            while (y, m) <= (ly, lm) {
                buckets.insert(format!("{y:04}-{m:02}"), 0);
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        for (day, n) in &self.days {
            let key = if by_year { &day[..4] } else { &day[..7] };
            *buckets.entry(key.to_owned()).or_default() += n;
        }
        buckets.into_iter().collect()
    }

    /// Labels of the length buckets (`<500`, `500–1k`, …, `≥50k`).
    pub(crate) fn length_labels() -> Vec<String> {
        let k = |n: usize| {
            if n >= 1000 {
                format!("{}k", n / 1000)
            } else {
                n.to_string()
            }
        };
        let mut labels = vec![format!("<{}", k(LENGTH_BOUNDS[0]))];
        for w in LENGTH_BOUNDS.windows(2) {
            labels.push(format!("{}–{}", k(w[0]), k(w[1])));
        }
        labels.push(format!("≥{}", k(LENGTH_BOUNDS[LENGTH_BOUNDS.len() - 1])));
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use docpipe_core::Document;

    fn stats(dates: &[&str]) -> CorpusStats {
        let mut s = CorpusStats::default();
        for (i, d) in dates.iter().enumerate() {
            let mut doc = Document::new(i.to_string(), "x".repeat(i * 700));
            doc.meta.insert("date".into(), (*d).into());
            s.observe(DocFacts::of(&DocView::new(&doc)));
        }
        s
    }

    #[test]
    fn short_spans_chart_by_day() {
        let s = stats(&["2024-05-02", "2024-05-01", "2024-05-02", "n/a"]);
        assert_eq!(
            s.timeline(),
            [("2024-05-01".to_owned(), 1), ("2024-05-02".to_owned(), 2)]
        );
        assert_eq!(s.undated, 1);
        assert_eq!(s.langs["unknown"], 4);
        assert_eq!(s.lengths, [1, 1, 1, 1, 0, 0, 0, 0]);
    }

    #[test]
    fn longer_spans_chart_by_month_or_year() {
        let t = stats(&["2024-01-15", "2024-04-01"]).timeline();
        let labels: Vec<&str> = t.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["2024-01", "2024-02", "2024-03", "2024-04"]);
        let t = stats(&["1987-02-26", "1996-08-20"]).timeline();
        assert_eq!(t.len(), 10);
        assert_eq!(t[0], ("1987".to_owned(), 1));
        assert_eq!(CorpusStats::length_labels().len(), LENGTH_BOUNDS.len() + 1);
    }
}
