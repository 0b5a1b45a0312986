//! Reads documents from input files, one [`InputItem`] at a time.
//!
//! Nothing here panics or stops a run: a file or line that cannot be read
//! becomes an [`InputItem::Error`] carrying the file and line, which the
//! runner writes to `errors.jsonl` with stage `read`.

use super::compressed::{self, Codec};
use super::discover::InputKind;
use docpipe_core::{Document, ReadCounts};
use serde_json::{Map, Value};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The input file, as the pipeline named it.
    pub path: String,
    /// The 1-based line in a JSONL file; `None` for a `.txt` file.
    pub line: Option<u64>,
}

/// One document read, or one that could not be.
// The common variant is the large one; boxing it would cost an allocation
// per document for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum InputItem {
    /// A document and its source.
    Doc {
        /// The document, with `id`, `text` and `meta` set.
        doc: Document,
        /// Where it came from.
        source: Source,
    },
    /// Something that could not be read.
    Error {
        /// The document id if known, else `<file stem>:<line>` or the stem.
        id: String,
        /// Where it failed.
        source: Source,
        /// What went wrong and what to do about it.
        message: String,
    },
}

/// Reads every unit in order, calling `emit` for each item; stops early
/// when `emit` returns `false`. Returns the reader's counts.
pub fn read_units(
    units: &[crate::shard::InputUnit],
    max_doc_bytes: u64,
    mut emit: impl FnMut(InputItem) -> bool,
) -> ReadCounts {
    let mut counts = ReadCounts::default();
    for unit in units {
        // A file split across shards counts once, in the shard that reads
        // its first range, so that merged counts equal an unsharded run's.
        counts.files += u64::from(unit.range.is_none_or(|(start, _)| start == 0));
        let go_on = match unit.range {
            None => read_file(&unit.path, max_doc_bytes, &mut counts, &mut emit),
            Some(range) => {
                read_jsonl_range(&unit.path, range, max_doc_bytes, &mut counts, &mut emit)
            }
        };
        if !go_on {
            break;
        }
    }
    counts
}

/// Reads the lines of a JSONL file whose first byte lies in `[start, end)`.
fn read_jsonl_range(
    path: &Path,
    (start, end): (u64, u64),
    max_doc_bytes: u64,
    counts: &mut ReadCounts,
    emit: &mut impl FnMut(InputItem) -> bool,
) -> bool {
    let stem = InputKind::stem(path);
    let opened = (|| -> std::io::Result<(BufReader<File>, u64, u64)> {
        let mut file = File::open(path)?;
        // Find the first line starting at or after `start`.
        let mut begin = start;
        if start > 0 {
            file.seek(SeekFrom::Start(start - 1))?;
            let mut r = BufReader::new(&mut file);
            let mut skipped = Vec::new();
            let n = r.read_until(b'\n', &mut skipped)? as u64;
            // If byte start-1 was a newline, a line starts exactly at start.
            begin = start - 1 + n;
        }
        // Line numbers count the newlines before `begin`.
        file.seek(SeekFrom::Start(0))?;
        let mut prefix = BufReader::new((&mut file).take(begin));
        let mut lines = 0u64;
        loop {
            let buf = prefix.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            lines += memchr::memchr_iter(b'\n', buf).count() as u64;
            let n = buf.len();
            prefix.consume(n);
        }
        drop(prefix);
        file.seek(SeekFrom::Start(begin))?;
        Ok((BufReader::new(file), lines, end.saturating_sub(begin)))
    })();
    match opened {
        Ok((reader, first_line, budget)) => {
            read_jsonl_lines(
                reader,
                path,
                &stem,
                max_doc_bytes,
                first_line,
                Some(budget),
                counts,
                emit,
            ) != LinesEnd::Stopped
        }
        Err(e) => {
            counts.errors += 1;
            emit(InputItem::Error {
                id: stem,
                source: Source {
                    path: path.to_string_lossy().into_owned(),
                    line: None,
                },
                message: format!("cannot read the file: {e}"),
            })
        }
    }
}

/// Reads one file; returns `false` when `emit` asked to stop.
pub fn read_file(
    path: &Path,
    max_doc_bytes: u64,
    counts: &mut ReadCounts,
    emit: &mut impl FnMut(InputItem) -> bool,
) -> bool {
    let display = path.to_string_lossy().into_owned();
    let stem = InputKind::stem(path);
    let mut fail = |counts: &mut ReadCounts, id: String, line: Option<u64>, message: String| {
        counts.errors += 1;
        emit(InputItem::Error {
            id,
            source: Source {
                path: display.clone(),
                line,
            },
            message,
        })
    };
    let Some(kind) = InputKind::of(path) else {
        return fail(counts, stem, None, "unsupported file type".into());
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return fail(counts, stem, None, format!("cannot open the file: {e}")),
    };
    match kind {
        InputKind::Text => read_text(file, path, &stem, max_doc_bytes, counts, emit),
        InputKind::Jsonl => read_jsonl(
            BufReader::new(file),
            path,
            &stem,
            max_doc_bytes,
            counts,
            emit,
        ),
        InputKind::JsonlGz => {
            read_compressed(file, Codec::Gzip, path, &stem, max_doc_bytes, counts, emit)
        }
        InputKind::JsonlZst => {
            read_compressed(file, Codec::Zstd, path, &stem, max_doc_bytes, counts, emit)
        }
    }
}

/// Reads a compressed JSONL file: checked through to its end first
/// (`compressed.rs` says why), then read as far as it can be trusted, with
/// one error record for the damaged rest instead of one per garbage line.
fn read_compressed(
    mut file: File,
    codec: Codec,
    path: &Path,
    stem: &str,
    max_doc_bytes: u64,
    counts: &mut ReadCounts,
    emit: &mut impl FnMut(InputItem) -> bool,
) -> bool {
    let display = path.to_string_lossy().into_owned();
    // Takes `emit` as an argument: the second pass needs it in between.
    let fail = |counts: &mut ReadCounts,
                emit: &mut dyn FnMut(InputItem) -> bool,
                line: Option<u64>,
                message: String| {
        counts.errors += 1;
        emit(InputItem::Error {
            id: line.map_or_else(|| stem.to_owned(), |l| format!("{stem}:{l}")),
            source: Source {
                path: display.clone(),
                line,
            },
            message,
        })
    };
    let damage = compressed::check(&mut file, codec);
    if let Err(e) = file.seek(SeekFrom::Start(0)) {
        return fail(counts, emit, None, format!("cannot read the file: {e}"));
    }
    if let Some(d) = &damage {
        tracing::warn!(
            "Compressed input {} is damaged: {}.",
            path.display(),
            d.message()
        );
    }
    let budget = damage.as_ref().map(|d| d.bytes);
    let ended = if budget == Some(0) {
        // Nothing can be trusted: no need to decode it again.
        LinesEnd::Done
    } else {
        let reader: Box<dyn BufRead> = match codec {
            Codec::Gzip => Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(
                BufReader::new(file),
            ))),
            Codec::Zstd => match zstd::stream::read::Decoder::new(file) {
                Ok(dec) => Box::new(BufReader::new(dec)),
                Err(e) => {
                    return fail(
                        counts,
                        emit,
                        None,
                        format!("cannot start zstd decoding: {e}"),
                    );
                }
            },
        };
        read_jsonl_lines(reader, path, stem, max_doc_bytes, 0, budget, counts, emit)
    };
    match (ended, damage) {
        (LinesEnd::Stopped, _) => false,
        // The second pass met an error of its own (the file changed since
        // the check?) and recorded it: one record is enough.
        (LinesEnd::Failed, _) | (LinesEnd::Done, None) => true,
        (LinesEnd::Done, Some(d)) => fail(counts, emit, Some(d.lines + 1), d.message()),
    }
}

fn read_text(
    mut file: File,
    path: &Path,
    stem: &str,
    max_doc_bytes: u64,
    counts: &mut ReadCounts,
    emit: &mut impl FnMut(InputItem) -> bool,
) -> bool {
    let source = Source {
        path: path.to_string_lossy().into_owned(),
        line: None,
    };
    let error = |counts: &mut ReadCounts, message: String| {
        counts.errors += 1;
        InputItem::Error {
            id: stem.to_owned(),
            source: source.clone(),
            message,
        }
    };
    let mut bytes = Vec::new();
    // Read at most one byte past the limit, so a huge file is refused
    // without being loaded.
    if let Err(e) = (&mut file).take(max_doc_bytes + 1).read_to_end(&mut bytes) {
        return emit(error(counts, format!("cannot read the file: {e}")));
    }
    if bytes.len() as u64 > max_doc_bytes {
        return emit(error(
            counts,
            format!(
                "document is larger than max_doc_bytes ({max_doc_bytes} bytes); raise `max_doc_bytes` in the pipeline file to accept it"
            ),
        ));
    }
    match decode(&bytes) {
        Ok(text) => {
            counts.docs += 1;
            counts.bytes += text.len() as u64;
            emit(InputItem::Doc {
                doc: Document::new(stem, text),
                source,
            })
        }
        Err(message) => emit(error(counts, message)),
    }
}

/// The UTF-8 byte order mark, dropped at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes document bytes as UTF-8 (without a leading byte order mark),
/// refusing binary data.
fn decode(bytes: &[u8]) -> Result<String, String> {
    if let Some(order) = utf16_order(bytes) {
        return Err(format!(
            "UTF-16 text ({order}): convert the file to UTF-8 first, e.g. `iconv -f UTF-16 -t UTF-8`"
        ));
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(format!(
            "binary data (a NUL byte at byte {pos}): not a text document"
        ));
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(format!(
            "not valid UTF-8 (at byte {}); convert the file to UTF-8 first, e.g. `iconv -f WINDOWS-1252 -t UTF-8`",
            e.valid_up_to()
        )),
    }
}

/// Whether `bytes` look like UTF-16 (a byte order mark, or a NUL beside
/// each of the first two characters, as ASCII text in UTF-16 has), and in
/// which byte order: such a file is text, not the binary data its NUL
/// bytes would otherwise make it look like. The pipeline file's reader
/// names UTF-16 the same way.
pub(crate) fn utf16_order(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => Some("little-endian, with a byte order mark"),
        [0xFE, 0xFF, ..] => Some("big-endian, with a byte order mark"),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some("little-endian"),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("big-endian"),
        _ => None,
    }
}

/// How one capped line read ended.
struct LineRead {
    /// The line's full length in bytes, without the newline.
    len: u64,
    /// Whether it was longer than the cap (then `buf` holds nothing useful).
    over_cap: bool,
}

/// Reads one line into `buf` (without the newline), keeping at most `cap`
/// bytes in memory: a longer line is skipped to its end and reported.
fn read_line_capped<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<Option<LineRead>> {
    buf.clear();
    let mut len: u64 = 0;
    let mut any = false;
    loop {
        let available = r.fill_buf()?;
        if available.is_empty() {
            return Ok(any.then_some(LineRead {
                len,
                over_cap: len > cap,
            }));
        }
        any = true;
        let (chunk, consumed, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        len += chunk.len() as u64;
        if len <= cap {
            buf.extend_from_slice(chunk);
        } else {
            buf.clear();
        }
        r.consume(consumed);
        if done {
            return Ok(Some(LineRead {
                len,
                over_cap: len > cap,
            }));
        }
    }
}

fn read_jsonl<R: BufRead>(
    reader: R,
    path: &Path,
    stem: &str,
    max_doc_bytes: u64,
    counts: &mut ReadCounts,
    emit: &mut impl FnMut(InputItem) -> bool,
) -> bool {
    read_jsonl_lines(reader, path, stem, max_doc_bytes, 0, None, counts, emit) != LinesEnd::Stopped
}

/// How reading a file's lines ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinesEnd {
    /// Every line (within the budget) was read.
    Done,
    /// A read error ended the file; its error record was emitted.
    Failed,
    /// `emit` asked to stop.
    Stopped,
}

/// Reads JSONL lines; `line_no` is the number of lines before the first;
/// with a `budget`, only lines starting within that many bytes are read.
#[allow(clippy::too_many_arguments)]
fn read_jsonl_lines<R: BufRead>(
    mut reader: R,
    path: &Path,
    stem: &str,
    max_doc_bytes: u64,
    mut line_no: u64,
    budget: Option<u64>,
    counts: &mut ReadCounts,
    emit: &mut impl FnMut(InputItem) -> bool,
) -> LinesEnd {
    let display = path.to_string_lossy().into_owned();
    let mut buf = Vec::new();
    let mut offset: u64 = 0;
    loop {
        if budget.is_some_and(|b| offset >= b) {
            return LinesEnd::Done;
        }
        let read = match read_line_capped(&mut reader, &mut buf, max_doc_bytes) {
            Ok(Some(r)) => r,
            Ok(None) => return LinesEnd::Done,
            Err(e) => {
                counts.errors += 1;
                let go_on = emit(InputItem::Error {
                    id: format!("{stem}:{}", line_no + 1),
                    source: Source {
                        path: display,
                        line: Some(line_no + 1),
                    },
                    message: format!(
                        "the file is truncated or corrupt after line {line_no}: {e}; the lines before it were read"
                    ),
                });
                return if go_on {
                    LinesEnd::Failed
                } else {
                    LinesEnd::Stopped
                };
            }
        };
        // A UTF-8 byte order mark (Windows tools write one) is not part of
        // the first line's JSON.
        if line_no == 0 && buf.starts_with(BOM) {
            buf.drain(..BOM.len());
        }
        line_no += 1;
        offset += read.len + 1;
        let source = Source {
            path: display.clone(),
            line: Some(line_no),
        };
        let default_id = format!("{stem}:{line_no}");
        let item = if read.over_cap {
            Err(format!(
                "line is {} bytes, larger than max_doc_bytes ({max_doc_bytes}); raise `max_doc_bytes` to accept it",
                read.len
            ))
        } else if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        } else {
            parse_line(&buf, default_id.clone())
        };
        let go_on = match item {
            Ok(doc) => {
                counts.docs += 1;
                counts.bytes += doc.text.len() as u64;
                emit(InputItem::Doc { doc, source })
            }
            Err(message) => {
                counts.errors += 1;
                // Name the document by its id when the line has one.
                let id = serde_json::from_slice::<Value>(&buf)
                    .ok()
                    .and_then(|v| id_of(v.get("id")?, std::str::from_utf8(&buf).ok()?).ok())
                    .filter(|id| !id.trim().is_empty())
                    .unwrap_or(default_id);
                emit(InputItem::Error {
                    id,
                    source,
                    message,
                })
            }
        };
        if !go_on {
            return LinesEnd::Stopped;
        }
    }
}

fn id_of(v: &Value, line: &str) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        // A number is kept as written: parsed, it could come back rounded
        // (`12345678901234567890123` as `1.2345678901234568e+22`), and two
        // ids could become one.
        Value::Number(n) => Ok(number_literal(line).unwrap_or_else(|| n.to_string())),
        _ => Err("`id` must be a string or a number".into()),
    }
}

/// The `id` of a JSONL line exactly as written, when it is a number.
fn number_literal(line: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct RawId<'a> {
        #[serde(borrow)]
        id: &'a serde_json::value::RawValue,
    }
    let raw = serde_json::from_str::<RawId<'_>>(line).ok()?.id.get();
    raw.starts_with(|c: char| c == '-' || c.is_ascii_digit())
        .then(|| raw.to_owned())
}

/// The message for a line serde_json cannot parse. An unpaired UTF-16
/// surrogate escape (`\ud800`, which Python's `json.dumps` writes for
/// undecodable bytes read with `surrogateescape`) is grammatical JSON but
/// no Unicode text, and serde_json's own words for it ("unexpected end of
/// hex escape") would send the reader looking for a syntax error.
fn json_error(line: &str, e: &serde_json::Error) -> String {
    let lone_surrogate = line.as_bytes().windows(4).any(|w| {
        w[0] == b'\\' && (w[1] == b'u' || w[1] == b'U') && matches!(w[2], b'd' | b'D') && {
            matches!(w[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
        }
    }) && {
        let message = e.to_string();
        message.contains("hex escape") || message.contains("surrogate")
    };
    if lone_surrogate {
        format!(
            "line holds a UTF-16 surrogate escape without its pair (like \\ud800), which no Unicode text can hold ({e}); replace it with \\ufffd or fix the program that wrote the file"
        )
    } else {
        format!("line is not valid JSON: {e}")
    }
}

/// Parses one JSONL input line: `text` required, `id` optional, every
/// other field kept under `meta` (an input `meta` object is merged in).
fn parse_line(line: &[u8], default_id: String) -> Result<Document, String> {
    let text = std::str::from_utf8(line).map_err(|e| {
        format!(
            "line is not valid UTF-8 (at byte {}); convert the file to UTF-8",
            e.valid_up_to()
        )
    })?;
    let mut obj: Map<String, Value> = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(o)) => o,
        Ok(_) => {
            return Err("line is JSON but not an object; each line must be {\"text\": …}".into());
        }
        Err(e) => return Err(json_error(text, &e)),
    };
    let body = match obj.remove("text") {
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(format!(
                "`text` must be a string, not {}",
                match other {
                    Value::Null => "null",
                    Value::Bool(_) => "a boolean",
                    Value::Number(_) => "a number",
                    Value::Array(_) => "an array",
                    Value::Object(_) => "an object",
                    Value::String(_) => "a string",
                }
            ));
        }
        None => return Err("line has no `text` field; each line must be {\"text\": …}".into()),
    };
    let id = match obj.remove("id") {
        // An empty id names nothing: use the default, as for a missing one.
        None | Some(Value::Null) => default_id,
        Some(Value::String(s)) if s.trim().is_empty() => default_id,
        Some(v) => id_of(&v, text)?,
    };
    if body.contains('\0') {
        return Err("`text` contains a NUL character: not a text document".into());
    }
    let mut doc = Document::new(id, body);
    // An input `meta` object is merged in; a `meta` of another kind is
    // kept like any other field, under `meta.meta`.
    match obj.remove("meta") {
        Some(Value::Object(m)) => doc.meta = m,
        Some(other) => {
            doc.meta.insert("meta".into(), other);
        }
        None => {}
    }
    doc.meta.extend(obj);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn capped_lines() {
        let mut r = Cursor::new(b"short\nthis one is long\nend".to_vec());
        let mut buf = Vec::new();
        let a = read_line_capped(&mut r, &mut buf, 8).unwrap().unwrap();
        assert!(!a.over_cap);
        assert_eq!(buf, b"short");
        let b = read_line_capped(&mut r, &mut buf, 8).unwrap().unwrap();
        assert!(b.over_cap);
        assert_eq!(b.len, 16);
        let c = read_line_capped(&mut r, &mut buf, 8).unwrap().unwrap();
        assert_eq!(buf, b"end");
        assert!(!c.over_cap);
        assert!(read_line_capped(&mut r, &mut buf, 8).unwrap().is_none());
    }

    #[test]
    fn lines_to_documents() {
        let d = parse_line(
            br#"{"id":3,"text":"hi","title":"T","meta":{"lang":"en"}}"#,
            "f:1".into(),
        )
        .unwrap();
        assert_eq!(d.id, "3");
        assert_eq!(d.meta_str("title"), Some("T"));
        assert_eq!(d.meta_str("lang"), Some("en"));
        let d = parse_line(br#"{"text":"hi"}"#, "f:1".into()).unwrap();
        assert_eq!(d.id, "f:1");
        // A `meta` that is no object is kept, not dropped.
        let d = parse_line(br#"{"text":"hi","meta":"note","n":[1]}"#, "f:1".into()).unwrap();
        assert_eq!(d.meta_str("meta"), Some("note"));
        assert_eq!(d.meta.get("n"), Some(&serde_json::json!([1])));
        let d = parse_line(br#"{"text":"hi","meta":[1,2]}"#, "f:1".into()).unwrap();
        assert_eq!(d.meta.get("meta"), Some(&serde_json::json!([1, 2])));
        // Numeric ids are kept as written, never rounded.
        for (line, id) in [
            (&br#"{"id":-42,"text":"hi"}"#[..], "-42"),
            (
                br#"{"id":18446744073709551615,"text":"hi"}"#,
                "18446744073709551615",
            ),
            (
                br#"{"id":12345678901234567890123,"text":"hi"}"#,
                "12345678901234567890123",
            ),
            (br#"{"text":"hi","id" : 1e2}"#, "1e2"),
            (br#"{"id":1.50,"text":"hi"}"#, "1.50"),
        ] {
            assert_eq!(parse_line(line, "f:1".into()).unwrap().id, id);
        }
        let e = parse_line(br#"{"id":true,"text":"hi"}"#, "f:1".into()).unwrap_err();
        assert!(e.contains("a string or a number"), "{e}");
        assert!(
            parse_line(br#"{"id":"x"}"#, "f:1".into())
                .unwrap_err()
                .contains("no `text`")
        );
        assert!(
            parse_line(br#"{"text":5}"#, "f:1".into())
                .unwrap_err()
                .contains("must be a string, not a number")
        );
        assert!(
            parse_line(b"[1]", "f:1".into())
                .unwrap_err()
                .contains("not an object")
        );
        // A lone surrogate escape is named as such, not as a syntax error;
        // a pair is a character like any other.
        let e = parse_line(br#"{"text":"lone \ud800 here"}"#, "f:1".into()).unwrap_err();
        assert!(e.contains("surrogate escape without its pair"), "{e}");
        let d = parse_line(br#"{"text":"smile \ud83d\ude00"}"#, "f:1".into()).unwrap();
        assert_eq!(d.text, "smile \u{1F600}");
        let e = parse_line(br#"{"text":"bad \x escape"}"#, "f:1".into()).unwrap_err();
        assert!(e.starts_with("line is not valid JSON"), "{e}");
        assert!(
            parse_line(b"{nope", "f:1".into())
                .unwrap_err()
                .contains("not valid JSON")
        );
    }

    #[test]
    fn binary_and_bad_utf8_are_refused() {
        assert!(decode(b"a\0b").unwrap_err().contains("NUL"));
        assert!(decode(b"ab\0c").unwrap_err().contains("NUL"));
        // UTF-16 is text in another encoding, and the message says so.
        for (bytes, order) in [
            (&b"\xFF\xFEH\0i\0"[..], "little-endian, with"),
            (b"\xFE\xFF\0H\0i", "big-endian, with"),
            (b"H\0i\0", "little-endian"),
            (b"\0H\0i", "big-endian"),
        ] {
            let e = decode(bytes).unwrap_err();
            assert!(e.starts_with("UTF-16 text") && e.contains(order), "{e}");
            assert!(e.contains("iconv -f UTF-16"), "{e}");
        }
        assert!(decode(b"caf\xe9").unwrap_err().contains("UTF-8"));
        assert_eq!(decode("Việt".as_bytes()).unwrap(), "Việt");
    }
}
