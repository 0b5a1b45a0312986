//! Checks a compressed JSONL file through to its end before any of its
//! lines become documents.
//!
//! Gzip checks its CRC only at the end of a member, and zstd its checksum
//! (when the frame has one) only at the end of a frame: a damaged stream
//! can decode to plausible garbage for a long while before the decoder
//! says anything. Read in one pass, that garbage becomes error records
//! ("not valid JSON", at line numbers the file does not have) and, where it
//! happens to parse, documents. So the reader first decodes the file once
//! without keeping anything, member by member (frame by frame), and learns
//! whether it is intact and, if not, how far it can be trusted. The second
//! pass reads only that far. Memory stays bounded; the cost is decoding a
//! compressed file twice, small beside what the stages do per byte.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

/// The two compressed formats docpipe reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Codec {
    /// Gzip, possibly several members one after another.
    Gzip,
    /// Zstandard, possibly several frames one after another.
    Zstd,
}

impl Codec {
    /// The format's name as people know it.
    fn name(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip",
            Codec::Zstd => "zstd",
        }
    }

    /// What one unit of the stream, checked on its own, is called.
    fn unit(self) -> &'static str {
        match self {
            Codec::Gzip => "member",
            Codec::Zstd => "frame",
        }
    }

    /// The command that checks such a file.
    fn tester(self) -> &'static str {
        match self {
            Codec::Gzip => "gzip -t",
            Codec::Zstd => "zstd -t",
        }
    }
}

/// How a compressed file went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DamageKind {
    /// The stream stops in the middle: what was decoded before the end is
    /// the file's real beginning, so its complete lines are kept.
    Truncated,
    /// The file itself could not be read further (an I/O error): as for a
    /// truncated file, what was decoded before is kept.
    Unreadable,
    /// The decoder refused the data or a checksum did not match: what the
    /// damaged member decoded to may be garbage, so only the lines of the
    /// members before it, each checked, are kept.
    Corrupt,
}

/// What is wrong with a compressed file, and how far it can be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Damage {
    /// The format.
    pub codec: Codec,
    /// What went wrong.
    pub kind: DamageKind,
    /// The number of complete lines that can be trusted: read these, and
    /// nothing after.
    pub lines: u64,
    /// The decompressed bytes those lines take, newlines included: the
    /// byte budget of the second pass.
    pub bytes: u64,
    /// The compressed byte where the damaged member (frame) starts.
    pub unit_start: u64,
    /// How far into the compressed file the decoder had been given bytes
    /// when it gave up: the damage lies at or before it (for a checksum,
    /// it is the end of the member).
    pub at: u64,
    /// The compressed file's size, for scale.
    pub size: u64,
    /// The decoder's (or the file system's) own words.
    pub error: String,
}

impl Damage {
    /// The one message the file's error record carries: which part of the
    /// file is damaged, what was read, and what to do.
    pub fn message(&self) -> String {
        let codec = self.codec.name();
        let unit = self.codec.unit();
        let kept = match self.lines {
            0 => "no line of the file was read".to_owned(),
            1 => "line 1 was read, nothing after it".to_owned(),
            n => format!("lines 1-{n} were read, nothing after them"),
        };
        match self.kind {
            DamageKind::Truncated => format!(
                "the file is truncated: its {codec} stream ends in the middle of a {unit} (at compressed byte {at}, {error}); {kept}; get a complete copy of the file",
                at = self.size,
                error = self.error,
            ),
            DamageKind::Unreadable => format!(
                "cannot read the file past compressed byte {at} ({error}); {kept}",
                at = self.at,
                error = self.error,
            ),
            DamageKind::Corrupt => {
                let which = if self.unit_start == 0 {
                    format!("the file's {codec} data is corrupt")
                } else {
                    format!(
                        "the file's {codec} data is corrupt in the {unit} that starts at compressed byte {}",
                        self.unit_start
                    )
                };
                let why = if self.lines == 0 {
                    format!("what it decompresses to cannot be trusted, so {kept}")
                } else {
                    format!(
                        "{kept}: they come from the intact {unit}s before it, and what the damaged {unit} decompresses to cannot be trusted"
                    )
                };
                format!(
                    "{which}, found by compressed byte {at} of {size} ({error}); {why}; get an intact copy of the file (`{tester} FILE` checks one) or take it out of the input",
                    at = self.at,
                    size = self.size,
                    error = self.error,
                    tester = self.codec.tester(),
                )
            }
        }
    }
}

/// A `BufRead` that counts the bytes taken from it (so an error can say
/// where in the compressed file it happened) and remembers whether the
/// file itself failed (so an I/O error is not called corruption).
struct Counted<R> {
    inner: R,
    consumed: u64,
    /// The furthest byte ever handed out: zstd's reader consumes what it
    /// decoded only after a call succeeds, so after an error `consumed`
    /// can lag behind where the decoder really was.
    reached: u64,
    io_failed: bool,
}

impl<R: BufRead> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self
            .inner
            .read(buf)
            .inspect_err(|_| self.io_failed = true)?;
        self.consumed += n as u64;
        self.reached = self.reached.max(self.consumed);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        match self.inner.fill_buf() {
            Ok(buf) => {
                self.reached = self.reached.max(self.consumed + buf.len() as u64);
                Ok(buf)
            }
            Err(e) => {
                self.io_failed = true;
                Err(e)
            }
        }
    }

    fn consume(&mut self, amount: usize) {
        self.consumed += amount as u64;
        self.inner.consume(amount);
    }
}

/// One member (frame) of the stream, decoding from `r` and leaving it just
/// past the member's end.
fn unit_decoder<'a, R: BufRead + 'a>(
    codec: Codec,
    r: &'a mut R,
) -> std::io::Result<Box<dyn Read + 'a>> {
    Ok(match codec {
        Codec::Gzip => Box::new(flate2::bufread::GzDecoder::new(r)),
        Codec::Zstd => Box::new(zstd::stream::read::Decoder::with_buffer(r)?.single_frame()),
    })
}

/// Decodes `file` through to its end without keeping what it decodes to;
/// `Ok(None)` when the whole stream is intact, otherwise what is damaged
/// and how far the file can be trusted. Leaves the file wherever the
/// decoding stopped: the caller seeks back to read it.
pub(crate) fn check(file: &mut File, codec: Codec) -> Option<Damage> {
    let size = file.metadata().map_or(0, |m| m.len());
    let mut r = Counted {
        inner: BufReader::with_capacity(64 * 1024, file),
        consumed: 0,
        reached: 0,
        io_failed: false,
    };
    let mut out = vec![0u8; 64 * 1024];
    // Decompressed bytes and complete lines so far, and where the last
    // complete line ended.
    let mut decoded: u64 = 0;
    let mut lines: u64 = 0;
    let mut line_end: u64 = 0;
    // The same, as of the end of the last member whose check passed.
    let mut trusted = (0u64, 0u64);
    loop {
        let unit_start = r.consumed;
        let failure = match unit_decoder(codec, &mut r) {
            Err(e) => Some(e),
            Ok(mut dec) => loop {
                match dec.read(&mut out) {
                    Ok(0) => break None,
                    Ok(n) => {
                        let chunk = &out[..n];
                        for i in memchr::memchr_iter(b'\n', chunk) {
                            lines += 1;
                            line_end = decoded + i as u64 + 1;
                        }
                        decoded += n as u64;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => break Some(e),
                }
            },
        };
        if let Some(e) = failure {
            let kind = if r.io_failed {
                DamageKind::Unreadable
            } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
                DamageKind::Truncated
            } else {
                DamageKind::Corrupt
            };
            // A cut-off stream decodes to the file's true beginning, so
            // every complete line decoded is kept; a corrupt one only up to
            // the last member whose check passed.
            let (keep_lines, keep_bytes) = match kind {
                DamageKind::Corrupt => trusted,
                DamageKind::Truncated | DamageKind::Unreadable => (lines, line_end),
            };
            return Some(Damage {
                codec,
                kind,
                lines: keep_lines,
                bytes: keep_bytes,
                unit_start,
                // Gzip consumes exactly what it decoded, so `consumed` is
                // the closer bound; zstd's lags after an error.
                at: match codec {
                    Codec::Gzip => r.consumed,
                    Codec::Zstd => r.reached,
                },
                size,
                error: e.to_string(),
            });
        }
        trusted = (lines, line_end);
        match r.fill_buf() {
            Ok([]) => return None,
            Ok(_) => {}
            Err(e) => {
                return Some(Damage {
                    codec,
                    kind: DamageKind::Unreadable,
                    lines,
                    bytes: line_end,
                    unit_start: r.consumed,
                    at: r.consumed,
                    size,
                    error: e.to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Seek, Write};

    fn lines(range: std::ops::Range<u32>) -> Vec<u8> {
        range
            .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"Document {i} says something about the weather on day {i}. It rained.\"}}\n"))
            .collect::<String>()
            .into_bytes()
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(data).unwrap();
        gz.finish().unwrap()
    }

    fn file_of(bytes: &[u8]) -> File {
        let mut f = tempfile::tempfile().unwrap();
        f.write_all(bytes).unwrap();
        f.rewind().unwrap();
        f
    }

    #[test]
    fn intact_streams_pass() {
        let mut two = gzip(&lines(0..50));
        two.extend(gzip(&lines(50..100)));
        assert_eq!(check(&mut file_of(&two), Codec::Gzip), None);
        let mut z = zstd::encode_all(&lines(0..50)[..], 3).unwrap();
        z.extend(zstd::encode_all(&lines(50..100)[..], 3).unwrap());
        assert_eq!(check(&mut file_of(&z), Codec::Zstd), None);
    }

    #[test]
    fn a_corrupt_member_trusts_only_the_members_before_it() {
        let first = gzip(&lines(0..40));
        let second = gzip(&lines(40..300));
        let mut bytes = first.clone();
        bytes.extend(&second);
        let mid = first.len() + second.len() / 2;
        bytes[mid] ^= 0xFF;
        let d = check(&mut file_of(&bytes), Codec::Gzip).expect("damage found");
        assert_eq!(d.kind, DamageKind::Corrupt);
        assert_eq!(d.lines, 40);
        assert_eq!(d.bytes, lines(0..40).len() as u64);
        assert_eq!(d.unit_start, first.len() as u64);
        let m = d.message();
        assert!(m.contains("lines 1-40 were read"), "{m}");
        assert!(m.contains("gzip -t"), "{m}");
    }

    #[test]
    fn a_checksum_failure_in_the_only_member_keeps_nothing() {
        let mut bytes = gzip(&lines(0..300));
        // Flip the stored CRC: every byte decodes as before, only the
        // check at the end fails.
        let n = bytes.len();
        bytes[n - 8] ^= 0xFF;
        let d = check(&mut file_of(&bytes), Codec::Gzip).expect("damage found");
        assert_eq!(d.kind, DamageKind::Corrupt);
        assert_eq!((d.lines, d.bytes), (0, 0));
        assert!(d.error.contains("checksum"), "{}", d.error);
        assert!(d.message().contains("no line of the file was read"));
    }

    #[test]
    fn a_truncated_stream_keeps_its_complete_lines() {
        let bytes = gzip(&lines(0..300));
        let d = check(&mut file_of(&bytes[..bytes.len() / 2]), Codec::Gzip).expect("damage");
        assert_eq!(d.kind, DamageKind::Truncated);
        assert!(d.lines > 0);
        assert!(d.message().contains("truncated"));
        let z = zstd::encode_all(&lines(0..3000)[..], 3).unwrap();
        let d = check(&mut file_of(&z[..z.len() / 2]), Codec::Zstd).expect("damage");
        assert_eq!(d.kind, DamageKind::Truncated, "{d:?}");
        assert!(d.message().contains("truncated"));
    }

    #[test]
    fn corrupt_zstd_is_found() {
        let mut z = zstd::encode_all(&lines(0..300)[..], 3).unwrap();
        let mid = z.len() / 2;
        z[mid] ^= 0xFF;
        let d = check(&mut file_of(&z), Codec::Zstd).expect("damage found");
        assert_eq!(d.kind, DamageKind::Corrupt, "{d:?}");
        assert_eq!(d.lines, 0);
        // The decoder got past the flipped byte before it could tell.
        assert!(d.at > mid as u64, "{d:?}");
        assert!(d.message().contains("zstd -t"));
    }
}
