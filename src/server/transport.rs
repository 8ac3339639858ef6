//! LSP base protocol: `Content-Length` framed JSON-RPC messages on stdin and stdout.
//!
//! lsp-server's own reader gives up the connection on the first malformed frame and allocates
//! whatever `Content-Length` claims before reading it; this one reads a bad frame, reports it
//! and goes on, and reads a body only as its bytes arrive.

use std::io::{self, BufRead, Read, Write};

use lsp_server::{ErrorCode, Message, RequestId};
use serde_json::{Value, json};

/// What the next frame held.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a usable JSON-RPC message, and whom to tell.
    Malformed {
        answer: Answer,
        code: ErrorCode,
        error: String,
    },
    /// The client closed the stream.
    End,
}

/// Where the error for a malformed frame goes.
#[derive(Debug, PartialEq)]
pub enum Answer {
    /// The request whose id could be read.
    To(RequestId),
    /// `null`, as JSON-RPC asks when the id cannot be read.
    ToNull,
    /// Nobody: a malformed response is never answered.
    Nobody,
}

/// A header line longer than this is not a header; its bytes are skipped.
const HEADER_MAX: u64 = 8 * 1024;

pub fn read(input: &mut impl BufRead) -> io::Result<Incoming> {
    let mut length = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input
            .by_ref()
            .take(HEADER_MAX)
            .read_until(b'\n', &mut line)?
            == 0
        {
            return Ok(Incoming::End);
        }
        let header = String::from_utf8_lossy(&line);
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        // Found anywhere in the line, so that after a frame without one the reader finds its
        // feet again: the orphaned body runs on into the next frame's first header.
        let lower = header.to_ascii_lowercase();
        if let Some(at) = lower.rfind("content-length:") {
            length = header[at + "content-length:".len()..]
                .trim()
                .parse::<u64>()
                .ok();
        }
    }
    let Some(length) = length else {
        return Ok(malformed(
            Answer::ToNull,
            ErrorCode::ParseError,
            "no valid Content-Length header",
        ));
    };
    let mut body = Vec::new();
    input.take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        return Ok(Incoming::End);
    }
    let value: Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        // Editors can send unpaired UTF-16 surrogates (`"\ud800"`), which JSON allows and
        // Rust strings cannot hold: each becomes U+FFFD, one UTF-16 unit like the original.
        Err(e) => match serde_json::from_slice(&replace_lone_surrogates(&body)) {
            Ok(value) => value,
            Err(_) => {
                return Ok(malformed(
                    Answer::ToNull,
                    ErrorCode::ParseError,
                    &format!("not JSON: {e}"),
                ));
            }
        },
    };
    Ok(message(value))
}

/// A JSON value as a JSON-RPC 2.0 message, checked more strictly than lsp-server's untagged
/// enum, which would take a request with an unusable id for a notification.
fn message(value: Value) -> Incoming {
    let is_request = value.get("method").is_some();
    let answer = match (is_request, value.get("id")) {
        (false, _) => Answer::Nobody,
        (true, None) => Answer::Nobody,
        (true, Some(id)) => match request_id(id) {
            Some(id) => Answer::To(id),
            None => {
                return malformed(
                    Answer::ToNull,
                    ErrorCode::InvalidRequest,
                    &format!("a request id must be a string or a 32-bit integer, not {id}"),
                );
            }
        },
    };
    if value.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return malformed(
            answer,
            ErrorCode::InvalidRequest,
            "not a JSON-RPC 2.0 message: `jsonrpc` must be \"2.0\"",
        );
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(
            answer,
            ErrorCode::InvalidRequest,
            &format!("not a JSON-RPC request, response or notification: {e}"),
        ),
    }
}

fn malformed(answer: Answer, code: ErrorCode, error: &str) -> Incoming {
    Incoming::Malformed {
        answer,
        code,
        error: error.to_string(),
    }
}

fn request_id(id: &Value) -> Option<RequestId> {
    match id {
        Value::Number(n) => Some(RequestId::from(i32::try_from(n.as_i64()?).ok()?)),
        Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

/// `\uD800`-`\uDFFF` escapes that are not a high surrogate followed by a low one, replaced by
/// `\uFFFD`. Backslashes only occur inside JSON strings, so escapes can be read without
/// tracking strings; `\\` is skipped as a pair so that `\\ud800` stays text.
fn replace_lone_surrogates(body: &[u8]) -> Vec<u8> {
    let surrogate = |at: usize| -> Option<u16> {
        let digits = body.get(at..at + 6)?.strip_prefix(b"\\u")?;
        let unit = u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        (0xD800..=0xDFFF).contains(&unit).then_some(unit)
    };
    let mut out = body.to_vec();
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            i += 1;
            continue;
        }
        match surrogate(i) {
            Some(0xD800..=0xDBFF) if surrogate(i + 6).is_some_and(|low| low >= 0xDC00) => {
                i += 12;
            }
            Some(_) => {
                out[i..i + 6].copy_from_slice(b"\\uFFFD");
                i += 6;
            }
            None => i += 2,
        }
    }
    out
}

/// An error answer to a message whose id could not be read.
pub fn write_error_to_null(
    output: &mut impl Write,
    code: ErrorCode,
    error: &str,
) -> io::Result<()> {
    let body = json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": { "code": code as i32, "message": error },
    })
    .to_string();
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &[u8]) -> Vec<String> {
        let mut input = io::Cursor::new(text.to_vec());
        let mut seen = Vec::new();
        loop {
            match read(&mut input).expect("reading memory cannot fail") {
                Incoming::Message(Message::Request(r)) => {
                    seen.push(format!("request {} {}", r.method, r.params))
                }
                Incoming::Message(Message::Notification(n)) => {
                    seen.push(format!("notification {}", n.method))
                }
                Incoming::Message(Message::Response(r)) => seen.push(format!("response {}", r.id)),
                Incoming::Malformed { answer, code, .. } => {
                    seen.push(format!("malformed {answer:?} {}", code as i32))
                }
                Incoming::End => return seen,
            }
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn bad_frames_are_reported_and_reading_goes_on() {
        let text = [
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":3}"#),
            // No Content-Length: the body runs on into the next frame's header.
            "Content-Type: text/plain\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","id":"a","result":null}"#),
            frame(r#"{"jsonrpc":"2.0","id":5,"error":{"code":"x"}}"#),
            frame(r#"{"jsonrpc":"2.0","id":2147483648,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
            frame(r#"{"id":9,"method":"shutdown"}"#),
        ]
        .concat();
        assert_eq!(
            frames(text.as_bytes()),
            [
                "request initialize null",
                "malformed ToNull -32700",
                "malformed To(RequestId(I32(7))) -32600",
                "malformed ToNull -32700",
                "notification initialized",
                "response \"a\"",
                "malformed Nobody -32600",
                "malformed ToNull -32600",
                "malformed ToNull -32600",
                "malformed To(RequestId(I32(9))) -32600",
            ]
        );
    }

    #[test]
    fn headers_that_are_not_utf8_or_run_on_do_not_end_the_stream() {
        let mut text = b"X-Junk: \xff\r\n".to_vec();
        text.extend(frame(r#"{"jsonrpc":"2.0","id":1,"method":"a"}"#).as_bytes());
        text.extend(vec![b'x'; 20_000]);
        text.extend(b"\r\n");
        text.extend(frame(r#"{"jsonrpc":"2.0","id":2,"method":"b"}"#).as_bytes());
        let seen = frames(&text);
        assert_eq!(seen.first().map(String::as_str), Some("request a null"));
        assert_eq!(seen.last().map(String::as_str), Some("request b null"));
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let text = frame(
            r#"{"jsonrpc":"2.0","id":1,"method":"a","params":["\ud800x","\ud83d\ude00","\udc00","\\ud800"]}"#,
        );
        assert_eq!(
            frames(text.as_bytes()),
            ["request a [\"\u{fffd}x\",\"😀\",\"\u{fffd}\",\"\\\\ud800\"]"]
        );
    }

    #[test]
    fn a_length_longer_than_the_stream_ends_it_without_allocating_the_claim() {
        let text = b"Content-Length: 18446744073709551615\r\n\r\n{}";
        assert_eq!(frames(text), Vec::<String>::new());
    }
}
