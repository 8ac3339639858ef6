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
    /// A frame that is not a JSON-RPC message. `id` is the request's, when one could be read,
    /// so the error can answer it; otherwise the answer goes to `null`, as JSON-RPC says.
    Malformed {
        id: Option<RequestId>,
        code: ErrorCode,
        error: String,
    },
    /// The client closed the stream.
    End,
}

pub fn read(input: &mut impl BufRead) -> io::Result<Incoming> {
    let mut length = None;
    let mut header = String::new();
    loop {
        header.clear();
        if input.read_line(&mut header)? == 0 {
            return Ok(Incoming::End);
        }
        let line = header.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<u64>().ok();
        }
    }
    let Some(length) = length else {
        return Ok(malformed(
            None,
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
        Err(e) => {
            return Ok(malformed(
                None,
                ErrorCode::ParseError,
                &format!("not JSON: {e}"),
            ));
        }
    };
    let id = request_id(&value);
    Ok(match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(
            id,
            ErrorCode::InvalidRequest,
            &format!("not a JSON-RPC request, response or notification: {e}"),
        ),
    })
}

fn malformed(id: Option<RequestId>, code: ErrorCode, error: &str) -> Incoming {
    Incoming::Malformed {
        id,
        code,
        error: error.to_string(),
    }
}

fn request_id(value: &Value) -> Option<RequestId> {
    match value.get("id")? {
        Value::Number(n) => Some(RequestId::from(i32::try_from(n.as_i64()?).ok()?)),
        Value::String(s) => Some(RequestId::from(s.clone())),
        _ => None,
    }
}

pub fn write(output: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(output)
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

    fn frames(text: &str) -> Vec<String> {
        let mut input = io::Cursor::new(text.as_bytes().to_vec());
        let mut seen = Vec::new();
        loop {
            match read(&mut input).expect("reading memory cannot fail") {
                Incoming::Message(Message::Request(r)) => {
                    seen.push(format!("request {}", r.method))
                }
                Incoming::Message(Message::Notification(n)) => {
                    seen.push(format!("notification {}", n.method))
                }
                Incoming::Message(Message::Response(r)) => seen.push(format!("response {}", r.id)),
                Incoming::Malformed { id, code, .. } => seen.push(format!(
                    "malformed {:?} {}",
                    id.map(|i| i.to_string()),
                    code as i32
                )),
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
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":3}"#),
            "Content-Type: text/plain\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            frame(r#"{"jsonrpc":"2.0","id":"a","result":null}"#),
        ]
        .concat();
        assert_eq!(
            frames(&text),
            [
                "request initialize",
                "malformed None -32700",
                "malformed Some(\"7\") -32600",
                "malformed None -32700",
                "notification initialized",
                "response \"a\"",
            ]
        );
    }

    #[test]
    fn a_length_longer_than_the_stream_ends_it_without_allocating_the_claim() {
        let text = "Content-Length: 18446744073709551615\r\n\r\n{}";
        assert_eq!(frames(text), Vec::<String>::new());
    }
}
