//! Reading answers: success bodies by their own `Content-Type`, and every error shape the
//! server (or something in front of it) produces.
//!
//! The rules are documented in the crate docs, section *Success answers that carry a message*.

use crate::error::{ApiError, DecodeError, Error};
use crate::format::{BodyKind, Format};
use crate::model::{self, Model};
use crate::models::Token;
use crate::xml::{SERIALIZATION_NS, XmlDoc};

/// How long an excerpt of an unrecognised body may be, in characters.
const EXCERPT_CHARS: usize = 512;
/// How long a stored message may be, in characters.
const MESSAGE_CHARS: usize = 4096;

/// Names the call in errors (`METHOD /path`), formatted only when an error needs it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Label<'a> {
    /// The request's method and path.
    Request(&'a crate::request::Request),
    /// A label given as text.
    Text(&'a str),
}

impl Label<'_> {
    pub(crate) fn text(self) -> String {
        match self {
            Label::Request(r) => r.label(),
            Label::Text(t) => t.to_owned(),
        }
    }
}

/// An answer as received: status, media type, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) location: Option<String>,
    /// `Retry-After`, kept for 429 and 503 answers.
    pub(crate) retry_after: Option<String>,
    pub(crate) body: Vec<u8>,
}

/// What an error body turned out to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// No body, `null`, `""`, a nil `<string>`.
    Empty,
    /// A recognised error shape with no message in it.
    NoMessage,
    /// A message was found.
    Message,
    /// Not a shape the client knows; an excerpt was kept.
    Unrecognized,
}

impl RawResponse {
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body's kind by `Content-Type`; a missing or generic type is sniffed from the first byte.
    fn kind(&self) -> BodyKind {
        match BodyKind::of(self.content_type.as_deref()) {
            BodyKind::Other => match self.body.trim_ascii_start().first() {
                Some(b'{' | b'[' | b'"') => BodyKind::Json,
                Some(b'<') => BodyKind::Xml,
                _ => BodyKind::Other,
            },
            kind => kind,
        }
    }

    fn api_error(&self, endpoint: Label<'_>) -> (ApiError, Shape) {
        let mut err = ApiError::new(endpoint.text(), self.status, self.content_type.clone());
        if (300..400).contains(&self.status) {
            err.location = self.location.clone();
        }
        let shape = read_error_body(&mut err, self.kind(), &self.body);
        (err, shape)
    }

    /// What the body says, as an [`ApiError`].
    pub(crate) fn error_details(&self, endpoint: Label<'_>) -> ApiError {
        self.api_error(endpoint).0
    }

    /// The error for a non-2xx answer.
    pub(crate) fn failure(&self, endpoint: Label<'_>) -> Error {
        let (err, _) = self.api_error(endpoint);
        if self.status == 401 {
            Error::Unauthorized(Box::new(err))
        } else {
            Error::Api(Box::new(err))
        }
    }

    /// For calls that document no response body.
    pub(crate) fn into_empty(self, endpoint: Label<'_>) -> Result<(), Error> {
        if !self.is_success() {
            return Err(self.failure(endpoint));
        }
        if self.body.trim_ascii().is_empty() {
            return Ok(());
        }
        let (err, shape) = self.api_error(endpoint);
        match shape {
            Shape::Empty | Shape::NoMessage => Ok(()),
            Shape::Message => Err(Error::Api(Box::new(err))),
            Shape::Unrecognized => Err(Error::UnexpectedResponse(Box::new(err))),
        }
    }

    /// For calls that answer one model, or `null` (`None`).
    pub(crate) fn into_optional<T: Model>(self, endpoint: Label<'_>) -> Result<Option<T>, Error> {
        if self.is_success() && self.body.trim_ascii().is_empty() {
            return Ok(None);
        }
        self.decode_with(endpoint, T::NAME, model::decode_optional::<T>)
    }

    /// For calls that answer one model.
    /// For calls that answer a list.
    pub(crate) fn into_list<T: Model>(self, endpoint: Label<'_>) -> Result<Vec<T>, Error> {
        self.decode_with(endpoint, T::NAME, model::decode_list::<T>)
    }

    /// For the login: an OAuth token in JSON. A refused login (400 with an OAuth `error` or a
    /// `ModelState`, 401, 403) is [`Error::Authentication`].
    pub(crate) fn into_token(self, endpoint: Label<'_>) -> Result<Token, Error> {
        if !self.is_success() {
            let (err, _) = self.api_error(endpoint);
            let refused = matches!(self.status, 401 | 403)
                || (self.status == 400
                    && (err.oauth_error.is_some() || !err.model_state.is_empty()));
            return Err(if refused {
                Error::Authentication(Box::new(err))
            } else {
                Error::Api(Box::new(err))
            });
        }
        self.decode_with(endpoint, "OAuth token", |format, body| match format {
            Format::Json => Token::from_json(body),
            Format::Xml => Err(DecodeError::Encoding(
                "the login answered XML; an OAuth token is JSON",
            )),
        })
    }

    fn decode_with<R>(
        self,
        endpoint: Label<'_>,
        model: &'static str,
        decode: impl FnOnce(Format, &[u8]) -> Result<R, DecodeError>,
    ) -> Result<R, Error> {
        if !self.is_success() {
            return Err(self.failure(endpoint));
        }
        let Some(format) = self.kind().format() else {
            let (err, shape) = self.api_error(endpoint);
            return Err(match shape {
                Shape::Message => Error::Api(Box::new(err)),
                _ => Error::UnexpectedResponse(Box::new(err)),
            });
        };
        match decode(format, &self.body) {
            Ok(v) => Ok(v),
            Err(source) => {
                let (err, shape) = self.api_error(endpoint);
                if shape == Shape::Message {
                    Err(Error::Api(Box::new(err)))
                } else {
                    Err(Error::decode(
                        format,
                        model,
                        format!("of the response to {}", endpoint.text()),
                        source,
                    ))
                }
            }
        }
    }
}

/// Fills `err` from an error body of the given kind.
pub(crate) fn read_error_body(err: &mut ApiError, kind: BodyKind, body: &[u8]) -> Shape {
    if body.trim_ascii().is_empty() {
        return Shape::Empty;
    }
    let shape = match kind {
        BodyKind::Json => match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(v) => read_json_error(err, &v),
            Err(_) => Shape::Unrecognized,
        },
        BodyKind::Xml => match XmlDoc::parse(body) {
            Ok(doc) => read_xml_error(err, &doc),
            Err(_) => Shape::Unrecognized,
        },
        BodyKind::Text => {
            let text = String::from_utf8_lossy(body);
            err.message = non_blank(text.trim());
            if err.message.is_some() {
                Shape::Message
            } else {
                Shape::Empty
            }
        }
        BodyKind::Html | BodyKind::Other => Shape::Unrecognized,
    };
    if shape == Shape::Unrecognized {
        err.excerpt = Some(excerpt(kind, body));
        err.raw = Some(
            String::from_utf8_lossy(&body[..body.len().min(crate::error::RAW_BODY_BYTES)])
                .into_owned(),
        );
    }
    shape
}

fn non_blank(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        Some(t.chars().take(MESSAGE_CHARS).collect())
    }
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => non_blank(s),
        other => non_blank(&other.to_string()),
    }
}

fn read_json_error(err: &mut ApiError, v: &serde_json::Value) -> Shape {
    match v {
        serde_json::Value::Null => Shape::Empty,
        serde_json::Value::String(s) => {
            err.message = non_blank(s);
            if err.message.is_some() {
                Shape::Message
            } else {
                Shape::Empty
            }
        }
        serde_json::Value::Object(map) => {
            if map.is_empty() {
                return Shape::NoMessage;
            }
            if !read_http_error_object(err, map, 0) {
                return Shape::Unrecognized;
            }
            if err.message.is_some() {
                Shape::Message
            } else {
                Shape::NoMessage
            }
        }
        _ => Shape::Unrecognized,
    }
}

/// Reads an `HttpError`/OAuth/MBS error object, keys case-insensitive, first occurrence wins.
/// Returns whether any known key was present.
fn read_http_error_object(
    err: &mut ApiError,
    map: &serde_json::Map<String, serde_json::Value>,
    depth: usize,
) -> bool {
    let mut known = false;
    let mut message = None;
    let mut description = None;
    let mut error_message = None;
    let mut error_code = None;
    for (key, value) in map {
        let set = |slot: &mut Option<String>| {
            if slot.is_none() {
                *slot = json_text(value);
            }
        };
        match key.to_ascii_lowercase().as_str() {
            "message" => set(&mut message),
            "error_description" => set(&mut description),
            "errormessage" => set(&mut error_message),
            "error" => set(&mut error_code),
            "messagedetail" => set(&mut err.message_detail),
            "exceptionmessage" => set(&mut err.exception_message),
            "exceptiontype" => set(&mut err.exception_type),
            "stacktrace" | "error_uri" | "errorcode" | "resultcode" => {}
            "modelstate" => {
                if let serde_json::Value::Object(state) = value {
                    for (k, msgs) in state {
                        let list = match msgs {
                            serde_json::Value::Array(items) => {
                                items.iter().filter_map(json_text).collect()
                            }
                            other => json_text(other).into_iter().collect(),
                        };
                        err.model_state.push((k.clone(), list));
                    }
                }
            }
            "innerexception" => {
                if let (serde_json::Value::Object(inner), true) = (value, depth < 8) {
                    let mut nested = ApiError::new(String::new(), 0, None);
                    read_http_error_object(&mut nested, inner, depth + 1);
                    if err.exception_message.is_none() {
                        err.exception_message = nested.exception_message.or(nested.message);
                    }
                }
            }
            _ => continue,
        }
        known = true;
    }
    if depth == 0 {
        err.oauth_error = error_code.clone();
        err.message = message.or(description).or(error_message).or(error_code);
    } else {
        err.message = message;
    }
    known
}

/// Decodes XmlConvert's `_xHHHH_` escapes in element names (`_x005B_0_x005D_` → `[0]`).
fn decode_xml_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail
            .get(2..6)
            .filter(|_| tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn read_xml_error(err: &mut ApiError, doc: &XmlDoc<'_>) -> Shape {
    let root = doc.root();
    if root.name() == "string" && root.namespace() == SERIALIZATION_NS {
        if root.is_nil() {
            return Shape::Empty;
        }
        err.message = non_blank(root.text());
        return if err.message.is_some() {
            Shape::Message
        } else {
            Shape::Empty
        };
    }
    if root.name() != "Error" {
        return Shape::Unrecognized;
    }
    read_xml_error_element(err, root, 0);
    if err.message.is_some() {
        Shape::Message
    } else {
        Shape::NoMessage
    }
}

fn read_xml_error_element(err: &mut ApiError, el: crate::xml::El<'_, '_>, depth: usize) {
    for child in el.children() {
        let text = || non_blank(child.text());
        match child.name().to_ascii_lowercase().as_str() {
            "message" if err.message.is_none() => err.message = text(),
            "messagedetail" if err.message_detail.is_none() => err.message_detail = text(),
            "exceptionmessage" if err.exception_message.is_none() => err.exception_message = text(),
            "exceptiontype" if err.exception_type.is_none() => err.exception_type = text(),
            "modelstate" => {
                for entry in child.children() {
                    let msgs = non_blank(entry.text()).into_iter().collect();
                    err.model_state.push((decode_xml_name(entry.name()), msgs));
                }
            }
            "innerexception" if depth < 8 => {
                let mut nested = ApiError::new(String::new(), 0, None);
                read_xml_error_element(&mut nested, child, depth + 1);
                if err.exception_message.is_none() {
                    err.exception_message = nested.exception_message.or(nested.message);
                }
            }
            _ => {}
        }
    }
}

/// A one-line, bounded excerpt of a body; an HTML page is reduced to its title or its text.
fn excerpt(kind: BodyKind, body: &[u8]) -> String {
    let head = &body[..body.len().min(64 * 1024)];
    let text = String::from_utf8_lossy(head);
    let text: &str = &text;
    let shown: String = if kind == BodyKind::Html || text.trim_start().starts_with("<!") {
        html_summary(text)
    } else {
        text.to_owned()
    };
    let mut out = String::with_capacity(shown.len().min(EXCERPT_CHARS));
    let mut last_space = false;
    for c in shown.trim().chars() {
        if out.chars().count() >= EXCERPT_CHARS {
            out.push('…');
            break;
        }
        if c.is_whitespace() || c.is_control() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out
}

/// The `<title>` of a page, else its text with tags removed.
fn html_summary(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>")) {
        if a + 7 <= b {
            let title = html[a + 7..b].trim();
            if !title.is_empty() {
                return title.to_owned();
            }
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, ct: &str, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: if ct.is_empty() { None } else { Some(ct.into()) },
            location: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    const EP: Label<'static> = Label::Text("POST /api/Licenses/Revoke");

    #[test]
    fn decodes_xml_names() {
        assert_eq!(decode_xml_name("_x005B_0_x005D_.Name"), "[0].Name");
        assert_eq!(decode_xml_name("model.Password"), "model.Password");
        assert_eq!(decode_xml_name("a_xZZ_b_x"), "a_xZZ_b_x");
    }

    #[test]
    fn success_bodies_for_calls_without_a_body() {
        for (ct, body) in [
            ("", ""),
            ("application/json; charset=utf-8", "  \n"),
            ("application/json; charset=utf-8", "null"),
            ("application/json; charset=utf-8", "\"\""),
            ("application/json; charset=utf-8", "{}"),
            ("application/json; charset=utf-8", r#"{"ErrorMessage": ""}"#),
            (
                "application/xml; charset=utf-8",
                r#"<string i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/2003/10/Serialization/" />"#,
            ),
        ] {
            assert!(resp(200, ct, body).into_empty(EP).is_ok(), "{ct} {body:?}");
        }
        assert!(resp(204, "", "").into_empty(EP).is_ok());
    }

    #[test]
    fn success_status_with_a_message_is_a_failure() {
        for (ct, body, msg) in [
            (
                "application/json",
                "\"License not found\"",
                "License not found",
            ),
            ("application/json", r#"{"message":"nope"}"#, "nope"),
            (
                "text/json",
                r#"{"ErrorCode":-6,"Message":"Object \"x\" not found"}"#,
                "Object \"x\" not found",
            ),
            (
                "application/xml",
                "<Error><Message>bad</Message></Error>",
                "bad",
            ),
            (
                "application/xml",
                r#"<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">User not found</string>"#,
                "User not found",
            ),
            ("text/plain", "License is in use\n", "License is in use"),
        ] {
            match resp(200, ct, body).into_empty(EP) {
                Err(Error::Api(e)) => {
                    assert_eq!(e.status(), 200);
                    assert_eq!(e.message(), Some(msg));
                    assert!(e.is_success_status());
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn undocumented_success_bodies_are_unexpected() {
        for (ct, body) in [
            ("text/html", "<html><body>hi</body></html>"),
            ("application/json", "[1,2]"),
            ("application/json", r#"{"Foo":1}"#),
            ("application/json", "{broken"),
            ("application/octet-stream", "\u{1}\u{2}"),
        ] {
            match resp(200, ct, body).into_empty(EP) {
                Err(Error::UnexpectedResponse(e)) => {
                    assert_eq!(e.status(), 200);
                    assert!(e.body_excerpt().is_some());
                    assert!(e.to_string().contains("whether it took effect is unknown"));
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn reads_every_error_shape() {
        let e = resp(
            500,
            "application/json",
            r#"{"Message":"An error has occurred.","ExceptionMessage":"boom","ExceptionType":"System.Exception",
               "StackTrace":null,"InnerException":{"Message":"An error has occurred.","ExceptionMessage":"inner"}}"#,
        )
        .failure(EP);
        let a = e.api_error().unwrap();
        assert_eq!(a.message(), Some("An error has occurred."));
        assert_eq!(a.exception_message(), Some("boom"));
        assert_eq!(a.exception_type(), Some("System.Exception"));

        let e = resp(400, "application/json;charset=UTF-8", r#"{"error":"invalid_grant","error_description":"The user name or password is incorrect."}"#)
            .failure(EP);
        let a = e.api_error().unwrap();
        assert_eq!(a.oauth_error(), Some("invalid_grant"));
        assert_eq!(a.message(), Some("The user name or password is incorrect."));

        let e = resp(
            400,
            "application/xml",
            "<Error><Message>The request is invalid.</Message><ModelState><op.LicenseID>The LicenseID field is required.</op.LicenseID><_x005B_0_x005D_.Name>a b</_x005B_0_x005D_.Name></ModelState></Error>",
        )
        .failure(EP);
        let a = e.api_error().unwrap();
        assert_eq!(
            a.model_state(),
            &[
                (
                    "op.LicenseID".to_owned(),
                    vec!["The LicenseID field is required.".to_owned()]
                ),
                ("[0].Name".to_owned(), vec!["a b".to_owned()]),
            ]
        );

        let e = resp(
            401,
            "application/json",
            r#"{"Message":"Authorization has been denied for this request."}"#,
        )
        .failure(EP);
        assert!(matches!(e, Error::Unauthorized(_)));
    }

    #[test]
    fn html_pages_become_excerpts() {
        let page = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>";
        let e = resp(502, "text/html", page).failure(EP);
        let a = e.api_error().unwrap();
        assert_eq!(a.message(), None);
        assert_eq!(a.body_excerpt(), Some("502 Bad Gateway"));
        assert_eq!(a.raw_body(), Some(page));
        let no_title = resp(
            500,
            "text/html",
            "<html><body><p>Server   Error</p></body></html>",
        )
        .failure(EP);
        assert_eq!(
            no_title.api_error().unwrap().body_excerpt(),
            Some("Server Error")
        );
        let long_page = format!("<html><body>{}</body></html>", "y".repeat(5000));
        let e = resp(502, "text/html", &long_page).failure(EP);
        assert_eq!(
            e.api_error().unwrap().raw_body().map(str::len),
            Some(crate::error::RAW_BODY_BYTES)
        );
        let huge = "x".repeat(100_000);
        let e = resp(500, "text/plain; charset=utf-8", &huge).failure(EP);
        assert_eq!(
            e.api_error().unwrap().message().map(|m| m.chars().count()),
            Some(MESSAGE_CHARS)
        );
    }

    #[test]
    fn sniffs_untyped_bodies() {
        let e = resp(400, "", r#"{"Message":"x"}"#).failure(EP);
        assert_eq!(e.api_error().unwrap().message(), Some("x"));
        let e = resp(
            400,
            "application/octet-stream",
            "<Error><Message>y</Message></Error>",
        )
        .failure(EP);
        assert_eq!(e.api_error().unwrap().message(), Some("y"));
    }
}
