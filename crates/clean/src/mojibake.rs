//! Repair of mojibake: UTF-8 text that was decoded as Windows-1252 or
//! Latin-1 on the way in, so that `é` shows as `Ã©` and `’` as `â€™`.
//!
//! Each character of a suspicious run is mapped back to the byte it came
//! from; wherever those bytes form a valid multi-byte UTF-8 sequence, the
//! characters are replaced by the one they encode. Characters that do not
//! take part in such a sequence are left as they are, so legitimate accented
//! text is never touched.

/// The Windows-1252 (or Latin-1) byte a character decodes from, for
/// non-ASCII characters only.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = u32::from(c);
    if (0x80..=0xFF).contains(&u) {
        // Latin-1 maps these code points to the same byte; C1 controls are
        // what the bytes Windows-1252 leaves undefined decode to.
        return u8::try_from(u).ok();
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Length of the UTF-8 sequence a lead byte starts, if it can start one.
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// Repairs one pass of mojibake; returns `None` when there was nothing to
/// repair (the common case, without allocating).
pub(crate) fn repair_once(text: &str) -> Option<String> {
    // Fast path: mojibake always contains a lead character Â..ô.
    if text.is_ascii() || !text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(len) = cp1252_byte(c).and_then(sequence_len)
            && let Some(decoded) = decode_at(&chars[i..], len)
        {
            out.push(decoded);
            changed = true;
            i += len;
            continue;
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// Decodes `len` characters starting a slice as one UTF-8 sequence.
fn decode_at(chars: &[char], len: usize) -> Option<char> {
    if chars.len() < len {
        return None;
    }
    let mut bytes = [0u8; 4];
    for (slot, &c) in bytes.iter_mut().zip(&chars[..len]) {
        *slot = cp1252_byte(c)?;
    }
    let s = std::str::from_utf8(&bytes[..len]).ok()?;
    s.chars().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(s: &str) -> String {
        repair_once(s).unwrap_or_else(|| s.to_owned())
    }

    #[test]
    fn repairs_windows_1252_mojibake() {
        assert_eq!(repair("cafÃ©"), "café");
        assert_eq!(repair("Vietnamâ€™s"), "Vietnam’s");
        assert_eq!(repair("â€œquotedâ€\u{9d}"), "“quoted”");
        assert_eq!(repair("Viá»‡t Nam"), "Việt Nam");
    }

    #[test]
    fn leaves_real_accents_alone() {
        for s in [
            "café",
            "Việt Nam",
            "Ölpreis – „gut“",
            "naïve élan",
            "São Paulo",
        ] {
            assert_eq!(repair_once(s), None, "{s}");
        }
    }
}
