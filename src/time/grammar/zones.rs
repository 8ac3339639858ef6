//! Zones as written: after a clock (`14:05 UTC`, `09:00-08:00`) or in a declaration
//! (`All times in AEST`). Unknown words count only where they look like a typo of a real zone.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::ZonePart;
use crate::time::conventions::Conventions;
use crate::time::zone::{ZONES, Zone, iana_near_misses, iana_zone, parse_offset};

/// Reads a zone written at `pos`, as in a declaration (`All times in AEST`,
/// `## Timeline (UTC+10)`): the same words and offsets a clock may carry, or a zone's name
/// written in full (`Central European Time`).
pub fn zone_at(text: &str, pos: usize, conventions: &Conventions) -> Option<ZonePart> {
    scan_zone(text, pos, false, conventions).or_else(|| full_name_at(text, pos))
}

/// A zone written in full where a declaration puts it: `All times in Central European Time`.
fn full_name_at(text: &str, pos: usize) -> Option<ZonePart> {
    let rest = &text[pos..];
    let start = pos + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let (abbr, len) = ZONES.full_name_at(&text[start..])?;
    Some(ZonePart {
        span: start..start + len,
        zone: Zone::Abbrev(abbr),
    })
}

/// Reads the zone written right after a clock at `pos`. A word counts as a zone only where it
/// stands next to the time: `CAT1` or `AWS MSK` elsewhere in the text never reach here. An
/// unknown word is reported as a zone only when it is one edit away from a real abbreviation
/// and punctuation or a word follows it; a listed term such as `CDN` (`14:05 CDN purge`) is
/// never one.
pub(super) fn scan_zone(
    text: &str,
    pos: usize,
    numeric_offset_ok: bool,
    conventions: &Conventions,
) -> Option<ZonePart> {
    let rest = &text[pos..];
    if rest.starts_with('Z') && !rest[1..].starts_with(|c: char| c.is_alphanumeric()) {
        return Some(ZonePart {
            span: pos..pos + 1,
            zone: Zone::Offset(0),
        });
    }
    if numeric_offset_ok && rest.starts_with(['+', '-']) {
        static ATTACHED: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^[+-][0-9]{2}:?[0-9]{2}(?-u:\b)").expect("offset pattern compiles")
        });
        if let Some(m) = ATTACHED.find(rest) {
            return Some(ZonePart {
                span: pos..pos + m.end(),
                zone: Zone::Offset(parse_offset(m.as_str())?),
            });
        }
    }
    // `14:00 +05:30`: a spaced offset is read only with a plus sign, since a spaced minus is
    // usually a range dash (`14:00 -15:00`).
    static SPACED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]\+[0-9]{2}:?[0-9]{2}(?-u:\b)").expect("offset pattern compiles")
    });
    if (rest.starts_with(" +") || rest.starts_with("\t+"))
        && let Some(m) = SPACED.find(rest)
        && let Some(seconds) = parse_offset(m.as_str().trim_start())
    {
        return Some(ZonePart {
            span: pos + 1..pos + m.end(),
            zone: Zone::Offset(seconds),
        });
    }
    if let Some(part) = iana_at(text, pos) {
        return Some(part);
    }
    let found = zone_words(rest)?;
    let piece = |range: &Range<usize>| &rest[range.clone()];
    // `GMY+1`: an offset after a typo of UTC or GMT is an unknown zone as a whole.
    if let Some(base) = found
        .base
        .as_ref()
        .filter(|b| !matches!(piece(b), "UTC" | "GMT"))
    {
        let typo = conventions.lookup(piece(base)).is_none()
            && ZONES
                .near_misses(piece(base))
                .iter()
                .any(|n| matches!(*n, "UTC" | "GMT"));
        let offset = found.offset.as_ref()?;
        let span = pos + base.start..pos + offset.end;
        return if typo && !piece(offset).contains([' ', '\t']) {
            Some(ZonePart {
                zone: Zone::Unknown(text[span.clone()].into()),
                span,
            })
        } else {
            let span = pos + base.start..pos + base.end;
            let zone = classify_zone_word(piece(base), &text[span.end..], conventions)?;
            Some(ZonePart { span, zone })
        };
    }
    if let (Some(base), Some(offset)) = (&found.base, &found.offset) {
        let compact: String = piece(offset)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        // `UTC - 2021-09-14 07:50` and `09:00 UTC - 10:45 UTC` are ranges, not offsets: a
        // spaced minus is a dash, and an offset never runs on into a date.
        let spaced_minus = compact.starts_with('-')
            && (piece(offset).contains([' ', '\t']) || rest[..offset.start].ends_with([' ', '\t']));
        let after = &rest[offset.end..];
        let runs_on = after.starts_with(['-', '/'])
            || (after.starts_with('.') && after[1..].starts_with(|c: char| c.is_ascii_digit()));
        return match parse_offset(&compact).filter(|_| !runs_on && !spaced_minus) {
            Some(seconds) => Some(ZonePart {
                span: pos + base.start..pos + offset.end,
                zone: Zone::Offset(seconds),
            }),
            None => Some(ZonePart {
                span: pos + base.start..pos + base.end,
                zone: classify_zone_word(piece(base), &rest[base.end..], conventions)?,
            }),
        };
    }
    let word = found.word?;
    let span = pos + word.start..pos + word.end;
    let name = piece(&word);
    // `UTC+` with no hours after the sign is an offset left unfinished (an offset with hours
    // was read above).
    if matches!(name, "UTC" | "GMT") && rest[word.end..].starts_with('+') {
        let span = span.start..span.end + 1;
        return Some(ZonePart {
            zone: Zone::Unknown(text[span.clone()].into()),
            span,
        });
    }
    let zone = classify_zone_word(name, &text[span.end..], conventions)?;
    Some(ZonePart { span, zone })
}

/// The word where a zone may stand after a clock, as byte ranges of `rest`: an abbreviation
/// with an offset (`GMT+1`, `UTC - 7`) as `base` and `offset`, else a short word.
#[derive(Default)]
struct ZoneWords {
    base: Option<Range<usize>>,
    offset: Option<Range<usize>>,
    word: Option<Range<usize>>,
}

/// Reads the word after at most two blanks, an opening parenthesis and one more blank. A
/// word with no sign after it, which is nearly every zone, is read by hand: a pattern's
/// captures cost more than the rest of reading a timestamp.
fn zone_words(rest: &str) -> Option<ZoneWords> {
    let bytes = rest.as_bytes();
    let mut at = bytes
        .iter()
        .take(2)
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    if bytes.get(at) == Some(&b'(') {
        at += 1;
    }
    if matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    let letters = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let end = at + letters;
    let after = &rest[end..];
    let signed = after
        .strip_prefix([' ', '\t'])
        .unwrap_or(after)
        .starts_with(['+', '-', '−']);
    if signed && (2..=4).contains(&letters) && bytes[at..end].iter().all(u8::is_ascii_uppercase) {
        static WITH_OFFSET: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?P<base>[A-Z]{2,4})[ \t]?(?P<offset>[-+−][ \t]?[0-9]{1,2}(?::?[0-9]{2})?)(?-u:\b)")
                .expect("zone offset pattern compiles")
        });
        if let Some(caps) = WITH_OFFSET.captures(&rest[at..]) {
            let range = |name: &str| caps.name(name).map(|m| at + m.start()..at + m.end());
            return Some(ZoneWords {
                base: range("base"),
                offset: range("offset"),
                word: None,
            });
        }
    }
    let bounded = !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
    ((2..=5).contains(&letters) && bounded).then(|| ZoneWords {
        word: Some(at..end),
        ..ZoneWords::default()
    })
}

/// An IANA name at `pos` (`Europe/Berlin`, `(US/Pacific)`), or a misspelt one
/// (`Europe/Berln`) as an unknown zone. Other slashed words (`CI/CD`) are left to the caller.
fn iana_at(text: &str, pos: usize) -> Option<ZonePart> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[ \t]{0,2}\(?[ \t]?(?P<name>[A-Za-z]{2,}(?:/[A-Za-z][A-Za-z0-9_+-]*){1,2})")
            .expect("IANA name pattern compiles")
    });
    let rest = &text[pos..];
    // Most zones have no slash: skip the pattern unless one is near.
    if !rest.bytes().take(40).any(|b| b == b'/') {
        return None;
    }
    let name = NAME.captures(rest)?.name("name")?;
    let span = pos + name.start()..pos + name.end();
    let zone = match iana_zone(name.as_str()) {
        Some(tz) => Zone::Iana(tz),
        None if !iana_near_misses(name.as_str()).is_empty() => Zone::Unknown(name.as_str().into()),
        None => return None,
    };
    Some(ZonePart { span, zone })
}

/// Decides whether a word in zone position is a zone: a known abbreviation (in lower case too
/// for those listed as `any_case`: `utc`), or an unknown one that looks like a typo of a real
/// one (`WTC`, `TC`, `GTM`, `PTD`) with punctuation after it.
fn classify_zone_word(name: &str, after: &str, conventions: &Conventions) -> Option<Zone> {
    let uppercase = name.chars().all(|c| c.is_ascii_uppercase());
    if let Some(abbr) = conventions.lookup(name) {
        return (uppercase || name == abbr.name).then_some(Zone::Abbrev(abbr));
    }
    if !uppercase {
        // `utc+2` and `utc +2` are left unread rather than read as UTC without the offset; a
        // spaced minus is a range's dash (`10:05 utc - 10:40 utc`).
        let offset_follows = after.starts_with(['+', '-', '−'])
            || after.trim_start_matches([' ', '\t']).starts_with('+');
        return ZONES
            .miscased(name)
            .filter(|_| !offset_follows)
            .map(Zone::Abbrev);
    }
    if name == "AM" || name == "PM" {
        return None;
    }
    // Spaces may pad a table cell or come before a dash: `| 07:42 TC  |`, `07:42 TC  - text`.
    // A comment after the zone is not text: `07:42 TC <!-- pmlint-disable-line ... -->`.
    let rest = after.trim_start_matches([' ', '\t']);
    let spaced = rest.len() < after.len();
    let delimited = rest.is_empty()
        || rest.starts_with(['\r', '\n', '|'])
        || rest.starts_with("<!--")
        || after.starts_with([':', ',', ';', ')', ']', '*', '_', '-', '–', '—'])
        || after.starts_with(". ")
        || after == "."
        || after.starts_with(".\n")
        || after.starts_with(".\r")
        || (spaced
            && (rest.starts_with(['-', '–', '—'])
                || ["to ", "on ", "until "].iter().any(|p| rest.starts_with(p))));
    // Before a word (`14:20 UTX the on-call engineer ...`) only a word that is no common
    // term after a time (`14:49 AWS notified us`).
    let before_word = spaced && rest.starts_with(|c: char| c.is_alphabetic());
    // A listed term is prose before a dash too: `14:49 AWS - notifications sent`.
    ((delimited || before_word) && !ZONES.is_not_zone(name) && !ZONES.near_misses(name).is_empty())
        .then(|| Zone::Unknown(name.into()))
}
