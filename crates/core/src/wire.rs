//! The JSON form of a [`Document`]: code point offsets on the wire, byte
//! offsets in memory. This module is the only place that converts.

use crate::document::{Document, Entity, Keyphrase, Span, Summary, Token};
use crate::offsets::OffsetMap;
use serde::de::Error as _;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;

struct Spans<'a> {
    spans: &'a [Span],
    map: &'a OffsetMap,
}

impl Serialize for Spans<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.spans.len()))?;
        for span in self.spans {
            seq.serialize_element(&WireSpan {
                start: self.map.to_char(span.start),
                end: self.map.to_char(span.end),
            })?;
        }
        seq.end()
    }
}

struct Tokens<'a> {
    tokens: &'a [Token],
    map: &'a OffsetMap,
}

impl Serialize for Tokens<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.tokens.len()))?;
        for t in self.tokens {
            seq.serialize_element(&WireToken {
                start: self.map.to_char(t.start),
                end: self.map.to_char(t.end),
                pos: t.pos.as_deref().map(Cow::Borrowed),
            })?;
        }
        seq.end()
    }
}

struct Entities<'a> {
    entities: &'a [Entity],
    map: &'a OffsetMap,
}

impl Serialize for Entities<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.entities.len()))?;
        for e in self.entities {
            seq.serialize_element(&WireEntity {
                start: self.map.to_char(e.start),
                end: self.map.to_char(e.end),
                text: Cow::Borrowed(&e.text),
                label: Cow::Borrowed(&e.label),
                canonical: e.canonical.as_deref().map(Cow::Borrowed),
                value: e.value.clone(),
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize, Deserialize)]
struct WireSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize, Deserialize)]
struct WireToken<'a> {
    start: usize,
    end: usize,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    pos: Option<Cow<'a, str>>,
}

#[derive(Serialize, Deserialize)]
struct WireEntity<'a> {
    start: usize,
    end: usize,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(borrow)]
    label: Cow<'a, str>,
    #[serde(default, skip_serializing_if = "Option::is_none", borrow)]
    canonical: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<Value>,
}

#[derive(Serialize, Deserialize)]
struct WireSummary<'a> {
    sentences: Vec<usize>,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

#[derive(Serialize, Deserialize)]
struct WireKeyphrase<'a> {
    #[serde(borrow)]
    text: Cow<'a, str>,
    score: f64,
}

impl<'a> WireSummary<'a> {
    /// The wire form of a summary.
    fn of(summary: &'a Summary) -> Self {
        Self {
            sentences: summary.sentences.clone(),
            text: Cow::Borrowed(&summary.text),
        }
    }
}

impl<'a> WireKeyphrase<'a> {
    /// The wire form of keyphrases.
    fn all(keyphrases: &'a [Keyphrase]) -> Vec<Self> {
        keyphrases
            .iter()
            .map(|k| Self {
                text: Cow::Borrowed(&k.text),
                score: k.score,
            })
            .collect()
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let map = OffsetMap::new(&self.text);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("text", &self.text)?;
        m.serialize_entry("meta", &self.meta)?;
        if let Some(p) = &self.paragraphs {
            m.serialize_entry(
                "paragraphs",
                &Spans {
                    spans: p,
                    map: &map,
                },
            )?;
        }
        if let Some(p) = &self.sentences {
            m.serialize_entry(
                "sentences",
                &Spans {
                    spans: p,
                    map: &map,
                },
            )?;
        }
        if let Some(t) = &self.tokens {
            m.serialize_entry(
                "tokens",
                &Tokens {
                    tokens: t,
                    map: &map,
                },
            )?;
        }
        if let Some(e) = &self.entities {
            m.serialize_entry(
                "entities",
                &Entities {
                    entities: e,
                    map: &map,
                },
            )?;
        }
        if let Some(sum) = &self.summary {
            m.serialize_entry("summary", &WireSummary::of(sum))?;
        }
        if let Some(k) = &self.keyphrases {
            m.serialize_entry("keyphrases", &WireKeyphrase::all(k))?;
        }
        if !self.attrs.is_empty() {
            m.serialize_entry("attrs", &self.attrs)?;
        }
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Document {
    /// Appends the document's JSON record to `out`: the very bytes
    /// `serde_json::to_writer` writes for it (compact). Spans and tokens,
    /// most of a record's bytes, are written directly instead of through
    /// serde; the rest goes through `serde_json`. The engine writes every
    /// artifact line with it.
    pub fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let map = OffsetMap::new(&self.text);
        out.extend_from_slice(b"{\"id\":");
        write_str(out, &self.id)?;
        out.extend_from_slice(b",\"text\":");
        write_str(out, &self.text)?;
        out.extend_from_slice(b",\"meta\":");
        serde_json::to_writer(&mut *out, &self.meta)?;
        if let Some(p) = &self.paragraphs {
            out.extend_from_slice(b",\"paragraphs\":");
            write_spans(out, p, &map);
        }
        if let Some(p) = &self.sentences {
            out.extend_from_slice(b",\"sentences\":");
            write_spans(out, p, &map);
        }
        if let Some(t) = &self.tokens {
            out.extend_from_slice(b",\"tokens\":[");
            for (i, t) in t.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                open_span(out, &map, t.span());
                if let Some(pos) = &t.pos {
                    out.extend_from_slice(b",\"pos\":");
                    write_str(out, pos)?;
                }
                out.push(b'}');
            }
            out.push(b']');
        }
        if let Some(e) = &self.entities {
            out.extend_from_slice(b",\"entities\":");
            serde_json::to_writer(
                &mut *out,
                &Entities {
                    entities: e,
                    map: &map,
                },
            )?;
        }
        if let Some(sum) = &self.summary {
            out.extend_from_slice(b",\"summary\":");
            serde_json::to_writer(&mut *out, &WireSummary::of(sum))?;
        }
        if let Some(k) = &self.keyphrases {
            out.extend_from_slice(b",\"keyphrases\":");
            serde_json::to_writer(&mut *out, &WireKeyphrase::all(k))?;
        }
        if !self.attrs.is_empty() {
            out.extend_from_slice(b",\"attrs\":");
            serde_json::to_writer(&mut *out, &self.attrs)?;
        }
        for (k, v) in &self.extra {
            out.push(b',');
            write_str(out, k)?;
            out.push(b':');
            serde_json::to_writer(&mut *out, v)?;
        }
        out.push(b'}');
        Ok(())
    }
}

/// A JSON string as `serde_json` writes it: the bytes as they are unless
/// one of them needs an escape (control characters, `"` and `\\`), in
/// which case `serde_json` writes it.
fn write_str(out: &mut Vec<u8>, s: &str) -> serde_json::Result<()> {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        return serde_json::to_writer(&mut *out, s);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// A number in decimal, as `serde_json` writes a `usize`.
#[inline]
fn write_usize(out: &mut Vec<u8>, n: usize) {
    // Offsets are nearly all below 100,000. Their digits go in as an array
    // of known length, which compiles to a few stores; a slice of varying
    // length is a `memcpy` call, the larger part of writing a token.
    let digit = |k: usize| b'0' + (k % 10) as u8;
    match n {
        0..=9 => out.push(digit(n)),
        10..=99 => out.extend_from_slice(&[digit(n / 10), digit(n)]),
        100..=999 => out.extend_from_slice(&[digit(n / 100), digit(n / 10), digit(n)]),
        1_000..=9_999 => {
            out.extend_from_slice(&[digit(n / 1_000), digit(n / 100), digit(n / 10), digit(n)]);
        }
        10_000..=99_999 => out.extend_from_slice(&[
            digit(n / 10_000),
            digit(n / 1_000),
            digit(n / 100),
            digit(n / 10),
            digit(n),
        ]),
        _ => write_long_usize(out, n),
    }
}

/// [`write_usize`] for any number.
fn write_long_usize(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// The start of a span's object, with code point offsets:
/// `{"start":S,"end":E` (the caller adds any other field and the `}`).
fn open_span(out: &mut Vec<u8>, map: &OffsetMap, span: Span) {
    out.extend_from_slice(b"{\"start\":");
    write_usize(out, map.to_char(span.start));
    out.extend_from_slice(b",\"end\":");
    write_usize(out, map.to_char(span.end));
}

/// Spans with code point offsets, as [`Spans`] serializes them.
fn write_spans(out: &mut Vec<u8>, spans: &[Span], map: &OffsetMap) {
    out.push(b'[');
    for (i, span) in spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        open_span(out, map, *span);
        out.push(b'}');
    }
    out.push(b']');
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut obj = Map::<String, Value>::deserialize(d)?;
        let id = match obj.remove("id") {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "`id` must be a string or a number, not {}",
                    kind(&other)
                )));
            }
            None => return Err(D::Error::missing_field("id")),
        };
        let text = match obj.remove("text") {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "`text` must be a string, not {}",
                    kind(&other)
                )));
            }
            None => return Err(D::Error::missing_field("text")),
        };
        let map = OffsetMap::new(&text);
        let mut doc = Document::new(id, text);
        doc.meta = take_object(&mut obj, "meta").map_err(D::Error::custom)?;
        doc.attrs = take_object(&mut obj, "attrs").map_err(D::Error::custom)?;
        let span = |w: WireSpan, what: &str| -> Result<Span, D::Error> {
            Ok(Span::new(
                byte(&map, w.start, what)?,
                byte(&map, w.end, what)?,
            ))
        };
        if let Some(v) = obj.remove("paragraphs") {
            let wire: Vec<WireSpan> = field(v, "paragraphs")?;
            doc.paragraphs = Some(
                wire.into_iter()
                    .map(|w| span(w, "paragraphs"))
                    .collect::<Result<_, _>>()?,
            );
        }
        if let Some(v) = obj.remove("sentences") {
            let wire: Vec<WireSpan> = field(v, "sentences")?;
            doc.sentences = Some(
                wire.into_iter()
                    .map(|w| span(w, "sentences"))
                    .collect::<Result<_, _>>()?,
            );
        }
        if let Some(v) = obj.remove("tokens") {
            let wire: Vec<WireToken<'_>> = field_ref(&v, "tokens")?;
            let mut tokens = Vec::with_capacity(wire.len());
            for w in wire {
                tokens.push(Token {
                    start: byte(&map, w.start, "tokens")?,
                    end: byte(&map, w.end, "tokens")?,
                    pos: w.pos.map(|p| Cow::Owned(p.into_owned())),
                });
            }
            doc.tokens = Some(tokens);
        }
        if let Some(v) = obj.remove("entities") {
            let wire: Vec<WireEntity<'_>> = field_ref(&v, "entities")?;
            let mut entities = Vec::with_capacity(wire.len());
            for w in wire {
                entities.push(Entity {
                    start: byte(&map, w.start, "entities")?,
                    end: byte(&map, w.end, "entities")?,
                    text: w.text.into_owned(),
                    label: w.label.into_owned(),
                    canonical: w.canonical.map(Cow::into_owned),
                    value: w.value,
                });
            }
            doc.entities = Some(entities);
        }
        if let Some(v) = obj.remove("summary") {
            let w: WireSummary<'_> = field_ref(&v, "summary")?;
            doc.summary = Some(Summary {
                sentences: w.sentences,
                text: w.text.into_owned(),
            });
        }
        if let Some(v) = obj.remove("keyphrases") {
            let wire: Vec<WireKeyphrase<'_>> = field_ref(&v, "keyphrases")?;
            doc.keyphrases = Some(
                wire.into_iter()
                    .map(|w| Keyphrase {
                        text: w.text.into_owned(),
                        score: w.score,
                    })
                    .collect(),
            );
        }
        doc.extra = obj;
        if let Err(e) = doc.check_spans() {
            return Err(D::Error::custom(e));
        }
        Ok(doc)
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn take_object(obj: &mut Map<String, Value>, key: &str) -> Result<Map<String, Value>, String> {
    match obj.remove(key) {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(other) => Err(format!("`{key}` must be an object, not {}", kind(&other))),
    }
}

fn field<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    v: Value,
    what: &str,
) -> Result<T, E> {
    serde_json::from_value(v).map_err(|e| E::custom(format!("`{what}`: {e}")))
}

fn field_ref<'a, T: Deserialize<'a>, E: serde::de::Error>(
    v: &'a Value,
    what: &str,
) -> Result<T, E> {
    T::deserialize(v).map_err(|e| E::custom(format!("`{what}`: {e}")))
}

fn byte<E: serde::de::Error>(map: &OffsetMap, ch: usize, what: &str) -> Result<usize, E> {
    map.to_byte(ch).ok_or_else(|| {
        E::custom(format!(
            "`{what}` offset {ch} is past the end of the text ({} code points)",
            map.len_chars()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Numbers are written as `to_string` writes them, at every length.
    #[test]
    fn numbers_are_written_in_decimal() {
        let mut numbers: Vec<usize> = (0..=1_000).chain([usize::MAX, usize::MAX - 1]).collect();
        for k in 1..=19 {
            let p = 10usize.pow(k);
            numbers.extend([p - 1, p, p + 1, p + p / 2 + 7]);
        }
        for n in numbers {
            let mut out = b"x".to_vec();
            write_usize(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes(), "{n}");
        }
    }

    fn sample() -> Document {
        let text = "Đỗ Hùng Việt met ASEAN.";
        let mut d = Document::new("a", text);
        let viet = text.find("Đỗ").unwrap();
        let end = text.find(" met").unwrap();
        d.sentences = Some(vec![Span::new(0, text.len())]);
        d.tokens = Some(vec![Token {
            start: viet,
            end,
            pos: Some(Cow::Borrowed("NNP")),
        }]);
        d.entities = Some(vec![Entity {
            start: viet,
            end,
            text: "Đỗ Hùng Việt".into(),
            label: "PERSON".into(),
            canonical: Some("Đỗ Hùng Việt".into()),
            value: None,
        }]);
        d.extra.insert("zzz".into(), Value::Bool(true));
        d
    }

    #[test]
    fn writes_code_point_offsets() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert!(json.contains(r#""entities":[{"start":0,"end":12,"text":"Đỗ Hùng Việt","label":"PERSON","canonical":"Đỗ Hùng Việt"}]"#), "{json}");
        assert!(
            json.contains(r#""sentences":[{"start":0,"end":23}]"#),
            "{json}"
        );
        assert!(json.ends_with(r#""zzz":true}"#), "{json}");
    }

    #[test]
    fn round_trips() {
        let d = sample();
        let back: Document = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }

    #[test]
    fn rejects_out_of_bounds_offsets() {
        let e = serde_json::from_str::<Document>(
            r#"{"id":"x","text":"héllo","sentences":[{"start":0,"end":9}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("past the end"), "{e}");
    }

    #[test]
    fn accepts_numeric_id_and_rejects_wrong_text_type() {
        let d: Document = serde_json::from_str(r#"{"id":7,"text":"x"}"#).unwrap();
        assert_eq!(d.id, "7");
        let e = serde_json::from_str::<Document>(r#"{"id":"x","text":3}"#).unwrap_err();
        assert!(e.to_string().contains("`text` must be a string"), "{e}");
    }

    /// A document with every field set from `text` and `words` (spans cut
    /// at char boundaries, strings that need escapes included).
    fn full_document(text: &str, words: &[String], score: f64) -> Document {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let span = |k: usize| {
            let (a, b) = (bounds[k % bounds.len()], bounds[(k * 7 + 3) % bounds.len()]);
            Span::new(a.min(b), a.max(b))
        };
        let word = |k: usize| {
            words
                .get(k % words.len().max(1))
                .cloned()
                .unwrap_or_default()
        };
        let mut d = Document::new(word(0), text);
        d.meta.insert(word(1), Value::String(word(2)));
        d.paragraphs = Some(vec![span(0)]);
        d.sentences = Some((0..words.len()).map(span).collect());
        d.tokens = Some(
            (0..words.len() * 2)
                .map(|k| {
                    let s = span(k);
                    Token {
                        start: s.start,
                        end: s.end,
                        pos: (k % 3 != 0).then(|| Cow::Owned(word(k))),
                    }
                })
                .collect(),
        );
        d.entities = Some(
            (0..words.len())
                .map(|k| {
                    let s = span(k);
                    Entity {
                        start: s.start,
                        end: s.end,
                        text: word(k),
                        label: "ORG".into(),
                        canonical: (k % 2 == 0).then(|| word(k + 1)),
                        value: (k % 3 == 0).then(|| Value::from(score)),
                    }
                })
                .collect(),
        );
        d.summary = Some(Summary {
            sentences: vec![0, words.len()],
            text: word(3),
        });
        d.keyphrases = Some(vec![Keyphrase {
            text: word(4),
            score,
        }]);
        if words.len() > 2 {
            d.attrs.insert("stage".into(), Value::from(word(5)));
        }
        d.extra.insert(word(6), Value::from(score));
        d
    }

    #[test]
    fn write_json_is_serde_json() {
        for d in [
            Document::new("", ""),
            sample(),
            full_document("a\u{0}b", &[], 0.5),
        ] {
            let mut direct = Vec::new();
            d.write_json(&mut direct).unwrap();
            assert_eq!(
                String::from_utf8(direct).unwrap(),
                serde_json::to_string(&d).unwrap()
            );
        }
    }

    proptest! {
        /// The artifact writer's JSON is byte for byte `serde_json`'s.
        #[test]
        fn write_json_writes_what_serde_json_writes(
            text in "(\\PC|[\\x00-\\x1f\"\\\\])*",
            words in proptest::collection::vec("(\\PC|[\\x00-\\x1f\"\\\\/])*", 0..6),
            score in proptest::num::f64::ANY,
        ) {
            let d = full_document(&text, &words, score);
            let mut direct = Vec::new();
            d.write_json(&mut direct).unwrap();
            prop_assert_eq!(String::from_utf8(direct).unwrap(), serde_json::to_string(&d).unwrap());
        }

        #[test]
        fn python_slicing_matches_rust_slicing(text in "\\PC{0,30}", cuts in proptest::collection::vec(0usize..40, 2)) {
            let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let a = chars[cuts[0] % chars.len()];
            let b = chars[cuts[1] % chars.len()];
            let (start, end) = (a.min(b), a.max(b));
            let mut d = Document::new("p", text.clone());
            d.sentences = Some(vec![Span::new(start, end)]);
            let v: Value = serde_json::to_value(&d).unwrap();
            let s = v["sentences"][0]["start"].as_u64().unwrap() as usize;
            let e = v["sentences"][0]["end"].as_u64().unwrap() as usize;
            let python: String = text.chars().skip(s).take(e - s).collect();
            prop_assert_eq!(python.as_str(), &text[start..end]);
            let back: Document = serde_json::from_value(v).unwrap();
            prop_assert_eq!(back, d);
        }
    }
}
