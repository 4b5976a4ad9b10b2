//! Reading answers: success bodies by their own `Content-Type`, and every error shape the
//! server (or something in front of it) produces.
//!
//! The rules are documented in the crate docs, section *Success answers that carry a message*.

use crate::codec::{self, Model};
use crate::error::{ApiError, DecodeError, Error};
use crate::format::{BodyKind, Format};
use crate::models::Token;
use crate::redact::Redactor;
use crate::xml::{SERIALIZATION_NS, XmlDoc};

/// How long an excerpt of an unrecognised body may be, in characters.
const EXCERPT_CHARS: usize = 512;
/// How long a stored message may be, in characters.
const MESSAGE_CHARS: usize = 4096;

/// Names the call in errors (`METHOD /path`, formatted only when an error is built), and knows
/// the call's secrets, which every error built from the answer has redacted before anything is
/// cut (see [`crate::redact`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Label<'a> {
    name: LabelName<'a>,
    redactor: &'a Redactor,
}

#[derive(Debug, Clone, Copy)]
enum LabelName<'a> {
    /// The request's method and path.
    Request(&'a crate::request::Request),
    /// A label given as text.
    Text(&'a str),
}

impl<'a> Label<'a> {
    /// The label of `request`, whose answer may echo the secrets `redactor` knows.
    pub(crate) fn request(request: &'a crate::request::Request, redactor: &'a Redactor) -> Self {
        Label {
            name: LabelName::Request(request),
            redactor,
        }
    }

    /// A label given as text, with no secret known.
    pub(crate) fn text_only(text: &'a str) -> Self {
        Label {
            name: LabelName::Text(text),
            redactor: &crate::redact::NO_SECRETS,
        }
    }

    pub(crate) fn text(self) -> String {
        match self.name {
            LabelName::Request(r) => r.label(),
            LabelName::Text(t) => t.to_owned(),
        }
    }

    pub(crate) fn redactor(self) -> &'a Redactor {
        self.redactor
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

/// A 2xx answer as received, from [`Client::send`](crate::Client::send).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

impl Response {
    pub(crate) fn from_raw(raw: RawResponse) -> Response {
        Response {
            status: raw.status,
            content_type: raw.content_type,
            body: raw.body,
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The body's format by its `Content-Type` (or, without a usable one, by its first byte);
    /// `None` for an empty body or another kind of content.
    pub fn format(&self) -> Option<Format> {
        match BodyKind::of(self.content_type.as_deref()) {
            BodyKind::Other => match self.body.trim_ascii_start().first() {
                Some(b'{' | b'[' | b'"') => Some(Format::Json),
                Some(b'<') => Some(Format::Xml),
                _ => None,
            },
            kind => kind.format(),
        }
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body, as owned bytes.
    pub fn into_body(self) -> Vec<u8> {
        self.body
    }
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
        // Redact first, then cut: the parser keeps only the start of long texts.
        let redactor = endpoint.redactor();
        let body = redactor.bytes(&self.body);
        let shape = read_error_body(&mut err, self.kind(), &body);
        redactor.api_error(&mut err);
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
        self.decode_with(endpoint, T::NAME, codec::decode_optional::<T>)
    }

    /// For calls that answer one model (`null` is an error).
    #[allow(dead_code)] // Used through `route::One`.
    pub(crate) fn into_model<T: Model>(self, endpoint: Label<'_>) -> Result<T, Error> {
        self.decode_with(endpoint, T::NAME, codec::decode::<T>)
    }

    /// For calls that answer a new ID as a string (JSON `"id"`, XML `<string>`). With
    /// `or_message`, a 200 whose string is a message (empty, or holding whitespace, and not a
    /// GUID) is that message as [`Error::Api`].
    pub(crate) fn into_id(self, endpoint: Label<'_>, or_message: bool) -> Result<String, Error> {
        if !self.is_success() {
            return Err(self.failure(endpoint));
        }
        let text = self
            .kind()
            .format()
            .and_then(|format| codec::decode_string(format, &self.body).ok());
        if let Some(text) = text {
            let id_like = !text.trim().is_empty() && !text.trim().contains(char::is_whitespace);
            if !or_message || id_like || text.parse::<crate::models::Guid>().is_ok() {
                return Ok(text);
            }
        }
        let (err, shape) = self.api_error(endpoint);
        Err(match shape {
            Shape::Message => Error::Api(Box::new(err)),
            _ => Error::UnexpectedResponse(Box::new(err)),
        })
    }

    /// For calls documented to answer one model whose docs show a list: one model, `null`, or
    /// a list (its first item; an empty list is `None`).
    pub(crate) fn into_one_or_first<T: Model + codec::XmlValue>(
        self,
        endpoint: Label<'_>,
    ) -> Result<Option<T>, Error> {
        if self.is_success() && self.body.trim_ascii().is_empty() {
            return Ok(None);
        }
        self.decode_with(endpoint, T::NAME, |format, body| {
            let is_list = match format {
                Format::Json => body.trim_ascii_start().first() == Some(&b'['),
                Format::Xml => codec::xml_root_is_list(body),
            };
            if is_list {
                codec::decode_list::<T>(format, body).map(|items| items.into_iter().next())
            } else {
                codec::decode_optional::<T>(format, body)
            }
        })
    }

    /// For calls that answer a list.
    pub(crate) fn into_list<T: Model + codec::XmlValue>(
        self,
        endpoint: Label<'_>,
    ) -> Result<Vec<T>, Error> {
        self.decode_with(endpoint, T::NAME, codec::decode_list::<T>)
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
                    Err(endpoint.redactor().error(Error::decode(
                        format,
                        model,
                        format!("of the response to {}", endpoint.text()),
                        source,
                    )))
                }
            }
        }
    }
}

/// Fills `err` from an error body of the given kind.
///
/// Neither reader builds a tree of the whole body: JSON is read by a visitor that keeps only the
/// known members, XML by a parse that stores only the elements [`read_xml_error`] reads.
pub(crate) fn read_error_body(err: &mut ApiError, kind: BodyKind, body: &[u8]) -> Shape {
    if body.trim_ascii().is_empty() {
        return Shape::Empty;
    }
    let shape = match kind {
        BodyKind::Json => read_json_error(err, body),
        BodyKind::Xml => match XmlDoc::parse_filtered(body, &mut XmlErrorFilter::default()) {
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

/// How many `ModelState` keys (JSON) or entries (XML) an error keeps; the rest are dropped.
const MODEL_STATE_KEYS: usize = 1000;
/// How many messages a JSON `ModelState` key keeps.
const MODEL_STATE_MESSAGES: usize = 16;

/// Reads a JSON error body: `null`, a string, or an `HttpError`/OAuth/MBS object.
///
/// The body is checked exactly as `serde_json::Value` would check it (an invalid body is
/// [`Shape::Unrecognized`]), but only the known members are kept: no tree of the body is built.
/// An array, a number or a boolean cannot hold a message, so it is `Unrecognized` unread.
fn read_json_error(err: &mut ApiError, body: &[u8]) -> Shape {
    match body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        Some(b'{' | b'"' | b'n') => {}
        _ => return Shape::Unrecognized,
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let top = match serde::Deserializer::deserialize_any(&mut de, JsonTopVisitor) {
        Ok(top) if de.end().is_ok() => top,
        _ => return Shape::Unrecognized,
    };
    match top {
        JsonTop::Null => Shape::Empty,
        JsonTop::Text(message) => {
            err.message = message;
            if err.message.is_some() {
                Shape::Message
            } else {
                Shape::Empty
            }
        }
        JsonTop::Object(object) => {
            if object.entries == 0 {
                return Shape::NoMessage;
            }
            if !read_http_error_object(err, *object) {
                return Shape::Unrecognized;
            }
            if err.message.is_some() {
                Shape::Message
            } else {
                Shape::NoMessage
            }
        }
        JsonTop::Other => Shape::Unrecognized,
    }
}

/// Moves what an `HttpError`/OAuth/MBS error object held into `err` (keys case-insensitive,
/// first non-empty occurrence wins; an `ExceptionMessage` of the object itself before one from
/// its `InnerException`). Returns whether any known key was present.
fn read_http_error_object(err: &mut ApiError, object: JsonErrorObject) -> bool {
    err.oauth_error = object.error_code.clone();
    err.message = object
        .message
        .or(object.description)
        .or(object.error_message)
        .or(object.error_code);
    err.message_detail = object.message_detail;
    err.exception_message = object.exception_message.or(object.inner);
    err.exception_type = object.exception_type;
    err.model_state = object.model_state.into_iter().collect();
    object.known
}

/// What a JSON error body is, at the top.
enum JsonTop {
    Null,
    /// A string: its message.
    Text(Option<String>),
    Object(Box<JsonErrorObject>),
    /// An array, a number or a boolean.
    Other,
}

/// The known members of one error object (or of an `InnerException`).
#[derive(Default)]
struct JsonErrorObject {
    /// How many members the object has.
    entries: usize,
    /// Whether any known key was present.
    known: bool,
    message: Option<String>,
    description: Option<String>,
    error_message: Option<String>,
    error_code: Option<String>,
    message_detail: Option<String>,
    exception_message: Option<String>,
    exception_type: Option<String>,
    /// The `InnerException`'s exception message, else its message.
    inner: Option<String>,
    /// Sorted by key, the last of duplicate keys winning (as a JSON map reads it); at most
    /// [`MODEL_STATE_KEYS`] keys.
    model_state: std::collections::BTreeMap<String, Vec<String>>,
}

struct JsonTopVisitor;

impl<'de> serde::de::Visitor<'de> for JsonTopVisitor {
    type Value = JsonTop;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an error body")
    }

    fn visit_unit<E>(self) -> Result<JsonTop, E> {
        Ok(JsonTop::Null)
    }

    fn visit_str<E>(self, v: &str) -> Result<JsonTop, E> {
        Ok(JsonTop::Text(non_blank(v)))
    }

    fn visit_bool<E>(self, _: bool) -> Result<JsonTop, E> {
        Ok(JsonTop::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<JsonTop, E> {
        Ok(JsonTop::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<JsonTop, E> {
        Ok(JsonTop::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<JsonTop, E> {
        Ok(JsonTop::Other)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<JsonTop, A::Error> {
        JsonSkip.visit_seq(seq)?;
        Ok(JsonTop::Other)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<JsonTop, A::Error> {
        read_json_object(map, 0).map(|o| JsonTop::Object(Box::new(o)))
    }
}

/// A key of an error object, matched case-insensitively.
#[derive(Clone, Copy)]
enum JsonKey {
    Message,
    Description,
    ErrorMessage,
    ErrorCode,
    MessageDetail,
    ExceptionMessage,
    ExceptionType,
    /// `StackTrace`, `error_uri`, `ErrorCode`, `ResultCode`: known, not kept.
    Known,
    ModelState,
    InnerException,
    Unknown,
}

impl<'de> serde::Deserialize<'de> for JsonKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JsonKey, D::Error> {
        d.deserialize_str(JsonKeyVisitor)
    }
}

struct JsonKeyVisitor;

impl serde::de::Visitor<'_> for JsonKeyVisitor {
    type Value = JsonKey;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<JsonKey, E> {
        let is = |name: &str| key.eq_ignore_ascii_case(name);
        Ok(if is("message") {
            JsonKey::Message
        } else if is("error_description") {
            JsonKey::Description
        } else if is("errormessage") {
            JsonKey::ErrorMessage
        } else if is("error") {
            JsonKey::ErrorCode
        } else if is("messagedetail") {
            JsonKey::MessageDetail
        } else if is("exceptionmessage") {
            JsonKey::ExceptionMessage
        } else if is("exceptiontype") {
            JsonKey::ExceptionType
        } else if is("stacktrace") || is("error_uri") || is("errorcode") || is("resultcode") {
            JsonKey::Known
        } else if is("modelstate") {
            JsonKey::ModelState
        } else if is("innerexception") {
            JsonKey::InnerException
        } else {
            JsonKey::Unknown
        })
    }
}

/// Reads the members of an error object at nesting `depth` (0: the body), skipping (but
/// checking) everything it does not keep.
fn read_json_object<'de, A: serde::de::MapAccess<'de>>(
    mut map: A,
    depth: usize,
) -> Result<JsonErrorObject, A::Error> {
    let mut o = JsonErrorObject::default();
    while let Some(key) = map.next_key::<JsonKey>()? {
        o.entries += 1;
        let slot = match key {
            JsonKey::Message => Some(&mut o.message),
            JsonKey::Description => Some(&mut o.description),
            JsonKey::ErrorMessage => Some(&mut o.error_message),
            JsonKey::ErrorCode => Some(&mut o.error_code),
            JsonKey::MessageDetail => Some(&mut o.message_detail),
            JsonKey::ExceptionMessage => Some(&mut o.exception_message),
            JsonKey::ExceptionType => Some(&mut o.exception_type),
            _ => None,
        };
        match (key, slot) {
            (_, Some(slot)) if slot.is_none() => *slot = map.next_value_seed(JsonText)?,
            (_, Some(_)) => {
                map.next_value::<JsonSkip>()?;
            }
            (JsonKey::ModelState, _) if depth == 0 => {
                map.next_value_seed(JsonModelState(&mut o.model_state))?;
            }
            (JsonKey::InnerException, _) if depth < 8 => {
                let nested = map.next_value_seed(JsonInner { depth: depth + 1 })?;
                if let (None, Some(nested)) = (&o.inner, nested) {
                    o.inner = nested.exception_message.or(nested.inner).or(nested.message);
                }
            }
            (JsonKey::Unknown, _) => {
                map.next_value::<JsonSkip>()?;
                continue;
            }
            _ => {
                map.next_value::<JsonSkip>()?;
            }
        }
        o.known = true;
    }
    Ok(o)
}

/// Any JSON value, checked as `serde_json::Value` checks it (nesting limit, number range, string
/// escapes) and dropped.
struct JsonSkip;

impl<'de> serde::Deserialize<'de> for JsonSkip {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JsonSkip, D::Error> {
        d.deserialize_any(JsonSkip)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonSkip {
    type Value = JsonSkip;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_unit<E>(self) -> Result<JsonSkip, E> {
        Ok(JsonSkip)
    }

    fn visit_bool<E>(self, _: bool) -> Result<JsonSkip, E> {
        Ok(JsonSkip)
    }

    fn visit_i64<E>(self, _: i64) -> Result<JsonSkip, E> {
        Ok(JsonSkip)
    }

    fn visit_u64<E>(self, _: u64) -> Result<JsonSkip, E> {
        Ok(JsonSkip)
    }

    fn visit_f64<E>(self, _: f64) -> Result<JsonSkip, E> {
        Ok(JsonSkip)
    }

    fn visit_str<E>(self, _: &str) -> Result<JsonSkip, E> {
        Ok(JsonSkip)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonSkip, A::Error> {
        while seq.next_element::<JsonSkip>()?.is_some() {}
        Ok(JsonSkip)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonSkip, A::Error> {
        while map.next_entry::<JsonSkip, JsonSkip>()?.is_some() {}
        Ok(JsonSkip)
    }
}

/// An `InnerException`: its members if it is an object, else nothing.
struct JsonInner {
    depth: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonInner {
    type Value = Option<JsonErrorObject>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonInner {
    type Value = Option<JsonErrorObject>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an inner exception")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        JsonSkip.visit_seq(seq).map(|_| None)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        read_json_object(map, self.depth).map(Some)
    }
}

/// A member's text, as `json_text` made it of a `serde_json::Value`: `null` is none, a string
/// is itself, anything else its compact JSON (see [`JsonCompact`]); trimmed and cut to
/// [`MESSAGE_CHARS`] characters.
struct JsonText;

fn json_text(compact: &str) -> Option<String> {
    non_blank(compact)
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonText {
    type Value = Option<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonText {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a text")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(json_text(if v { "true" } else { "false" }))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(json_text(&serde_json::Number::from(v).to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(json_text(&serde_json::Number::from(v).to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        // A number `Value` can't hold is `null`.
        Ok(serde_json::Number::from_f64(v).and_then(|n| json_text(&n.to_string())))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(non_blank(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let mut out = String::new();
        JsonCompact::new(&mut out).visit_seq(seq)?;
        Ok(json_text(&out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let mut out = String::new();
        JsonCompact::new(&mut out).visit_map(map)?;
        Ok(json_text(&out))
    }
}

/// Writes a value as compact JSON, as `serde_json::Value`'s `Display` does (except that an
/// object's keys stay in document order, duplicates included), and stops writing once the text
/// is longer than [`MESSAGE_CHARS`] characters can be: only that much of it is kept.
struct JsonCompact<'o> {
    out: &'o mut String,
    /// Write a `,` first (an element after the first of an array).
    comma: bool,
}

/// Bytes of compact text that surely hold [`MESSAGE_CHARS`] characters.
const COMPACT_BYTES: usize = MESSAGE_CHARS * 4;

impl<'o> JsonCompact<'o> {
    fn new(out: &'o mut String) -> Self {
        JsonCompact { out, comma: false }
    }

    fn push(&mut self, s: &str) {
        let room = COMPACT_BYTES.saturating_sub(self.out.len());
        let mut end = s.len().min(room);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.out.push_str(&s[..end]);
    }

    /// A string, quoted and escaped. When only a start of it fits, the closing quote written
    /// after that start lies past the characters kept.
    fn push_string(&mut self, s: &str) {
        let room = COMPACT_BYTES.saturating_sub(self.out.len());
        if room == 0 {
            return;
        }
        let mut end = s.len().min(room);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        if let Ok(quoted) = serde_json::to_string(&s[..end]) {
            self.out.push_str(&quoted);
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonCompact<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(mut self, d: D) -> Result<(), D::Error> {
        if self.comma {
            self.push(",");
            self.comma = false;
        }
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonCompact<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any value")
    }

    fn visit_unit<E>(mut self) -> Result<(), E> {
        self.push("null");
        Ok(())
    }

    fn visit_bool<E>(mut self, v: bool) -> Result<(), E> {
        self.push(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E>(mut self, v: i64) -> Result<(), E> {
        self.push(&serde_json::Number::from(v).to_string());
        Ok(())
    }

    fn visit_u64<E>(mut self, v: u64) -> Result<(), E> {
        self.push(&serde_json::Number::from(v).to_string());
        Ok(())
    }

    fn visit_f64<E>(mut self, v: f64) -> Result<(), E> {
        match serde_json::Number::from_f64(v) {
            Some(n) => self.push(&n.to_string()),
            None => self.push("null"),
        }
        Ok(())
    }

    fn visit_str<E>(mut self, v: &str) -> Result<(), E> {
        self.push_string(v);
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        self.push("[");
        let mut comma = false;
        while seq
            .next_element_seed(JsonCompact {
                out: &mut *self.out,
                comma,
            })?
            .is_some()
        {
            comma = true;
        }
        self.push("]");
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        self.push("{");
        let mut first = true;
        while let Some(key) = map.next_key::<JsonKeyText>()? {
            if !first {
                self.push(",");
            }
            first = false;
            self.push_string(&key.0);
            self.push(":");
            map.next_value_seed(JsonCompact::new(&mut *self.out))?;
        }
        self.push("}");
        Ok(())
    }
}

/// An object key, cut to what [`JsonCompact`] can keep of it.
struct JsonKeyText(String);

impl<'de> serde::Deserialize<'de> for JsonKeyText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<JsonKeyText, D::Error> {
        d.deserialize_str(JsonKeyTextVisitor)
    }
}

struct JsonKeyTextVisitor;

impl serde::de::Visitor<'_> for JsonKeyTextVisitor {
    type Value = JsonKeyText;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, v: &str) -> Result<JsonKeyText, E> {
        let mut end = v.len().min(COMPACT_BYTES);
        while !v.is_char_boundary(end) {
            end -= 1;
        }
        Ok(JsonKeyText(v[..end].to_owned()))
    }
}

/// A `ModelState` object: each key's messages (an array of texts, or one text), into a sorted
/// map where a repeated key replaces the earlier one; anything but an object is skipped.
struct JsonModelState<'m>(&'m mut std::collections::BTreeMap<String, Vec<String>>);

impl<'de> serde::de::DeserializeSeed<'de> for JsonModelState<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonModelState<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a model state")
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        JsonSkip.visit_seq(seq).map(|_| ())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            let messages = map.next_value_seed(JsonMessages)?;
            if self.0.len() < MODEL_STATE_KEYS || self.0.contains_key(&key) {
                self.0.insert(key, messages);
            }
        }
        Ok(())
    }
}

/// A `ModelState` key's messages: the non-empty texts of an array, or the value's own text.
struct JsonMessages;

impl<'de> serde::de::DeserializeSeed<'de> for JsonMessages {
    type Value = Vec<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for JsonMessages {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("messages")
    }

    fn visit_unit<E>(self) -> Result<Vec<String>, E> {
        Ok(Vec::new())
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Vec<String>, E> {
        JsonText.visit_bool(v).map(Vec::from_iter)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Vec<String>, E> {
        JsonText.visit_i64(v).map(Vec::from_iter)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Vec<String>, E> {
        JsonText.visit_u64(v).map(Vec::from_iter)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Vec<String>, E> {
        JsonText.visit_f64(v).map(Vec::from_iter)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<String>, E> {
        JsonText.visit_str(v).map(Vec::from_iter)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
        JsonText.visit_map(map).map(Vec::from_iter)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
        let mut messages = Vec::new();
        while let Some(text) = seq.next_element_seed(JsonText)? {
            if let (Some(text), true) = (text, messages.len() < MODEL_STATE_MESSAGES) {
                messages.push(text);
            }
        }
        Ok(messages)
    }
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

/// Stores of an XML error body only what [`read_xml_error`] reads, so that its cost does not
/// grow with what the body repeats: the root; the text of a `<string>` root; under `<Error>`
/// (and each `<InnerException>`, 8 deep), the first non-blank `Message`, `MessageDetail`,
/// `ExceptionMessage`, `ExceptionType`, the first [`MODEL_STATE_KEYS`] `ModelState` entries, and
/// the `InnerException`s that give an exception message before one is found. A blank member or
/// an `InnerException` that gives nothing is dropped when it ends, which changes nothing that
/// `read_xml_error_element` reads.
#[derive(Default)]
struct XmlErrorFilter {
    /// What each stored open element is, innermost last.
    roles: Vec<XmlErrorRole>,
    /// Per open `<Error>`/`<InnerException>`, innermost last: the members found non-blank.
    levels: Vec<XmlErrorFound>,
    /// `ModelState` entries stored.
    entries: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum XmlErrorRole {
    /// `<string>` in the serialization namespace.
    StringRoot,
    /// `<Error>` or `<InnerException>`.
    Level,
    /// A root that is neither.
    OtherRoot,
    Message,
    MessageDetail,
    ExceptionMessage,
    ExceptionType,
    ModelState,
    Entry,
}

#[derive(Debug, Default, Clone, Copy)]
struct XmlErrorFound {
    message: bool,
    message_detail: bool,
    /// An `ExceptionMessage`, or an `InnerException` that gives one.
    exception_message: bool,
    exception_type: bool,
}

impl crate::xml::Filter for XmlErrorFilter {
    fn open(&mut self, el: &crate::xml::Opening<'_>) -> crate::xml::Keep {
        use crate::xml::Keep;
        use XmlErrorRole as R;
        let (role, keep) = match self.roles.last() {
            None if el.name == "string" && el.namespace == SERIALIZATION_NS => {
                (R::StringRoot, Keep::Text)
            }
            None if el.name == "Error" => {
                self.levels.push(XmlErrorFound::default());
                (R::Level, Keep::Element)
            }
            None => (R::OtherRoot, Keep::Element),
            Some(R::Level) => {
                let level = self.levels.len() - 1;
                let found = self.levels[level];
                let is = |name: &str| el.name.eq_ignore_ascii_case(name);
                if is("message") && !found.message {
                    (R::Message, Keep::Text)
                } else if is("messagedetail") && level == 0 && !found.message_detail {
                    (R::MessageDetail, Keep::Text)
                } else if is("exceptionmessage") && !found.exception_message {
                    (R::ExceptionMessage, Keep::Text)
                } else if is("exceptiontype") && level == 0 && !found.exception_type {
                    (R::ExceptionType, Keep::Text)
                } else if is("modelstate") && level == 0 && self.entries < MODEL_STATE_KEYS {
                    (R::ModelState, Keep::Element)
                } else if is("innerexception") && level < 8 && !found.exception_message {
                    self.levels.push(XmlErrorFound::default());
                    (R::Level, Keep::Element)
                } else {
                    return Keep::Skip;
                }
            }
            Some(R::ModelState) if self.entries < MODEL_STATE_KEYS => {
                self.entries += 1;
                (R::Entry, Keep::Text)
            }
            Some(_) => return Keep::Skip,
        };
        self.roles.push(role);
        keep
    }

    fn close(&mut self, _: usize, el: crate::xml::El<'_, '_>) -> bool {
        use XmlErrorRole as R;
        let Some(role) = self.roles.pop() else {
            return true;
        };
        match role {
            R::Message | R::MessageDetail | R::ExceptionMessage | R::ExceptionType => {
                if el.text().trim().is_empty() {
                    return false;
                }
                if let Some(level) = self.levels.last_mut() {
                    match role {
                        R::Message => level.message = true,
                        R::MessageDetail => level.message_detail = true,
                        R::ExceptionMessage => level.exception_message = true,
                        _ => level.exception_type = true,
                    }
                }
                true
            }
            R::ModelState => el.children().next().is_some(),
            R::Level => {
                let inner = self.levels.pop().unwrap_or_default();
                if self.roles.is_empty() {
                    return true;
                }
                // What `read_xml_error_element` takes of an inner exception: its exception
                // message, else its message.
                if !(inner.exception_message || inner.message) {
                    return false;
                }
                if let Some(level) = self.levels.last_mut() {
                    level.exception_message = true;
                }
                true
            }
            R::StringRoot | R::OtherRoot | R::Entry => true,
        }
    }
}

/// The error-body readers against the tree-building readers they replace.
#[cfg(test)]
mod error_body_tests {
    use proptest::prelude::*;

    use super::*;

    /// `read_error_body`'s JSON branch as it was: a `serde_json::Value` of the whole body.
    fn value_reader(err: &mut ApiError, body: &[u8]) -> Shape {
        fn text(v: &serde_json::Value) -> Option<String> {
            match v {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => non_blank(s),
                other => non_blank(&other.to_string()),
            }
        }
        fn object(
            err: &mut ApiError,
            map: &serde_json::Map<String, serde_json::Value>,
            depth: usize,
        ) -> bool {
            let mut known = false;
            let (mut message, mut description, mut error_message, mut error_code) =
                (None, None, None, None);
            for (key, value) in map {
                let set = |slot: &mut Option<String>| {
                    if slot.is_none() {
                        *slot = text(value);
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
                                        items.iter().filter_map(text).collect()
                                    }
                                    other => text(other).into_iter().collect(),
                                };
                                err.model_state.push((k.clone(), list));
                            }
                        }
                    }
                    "innerexception" => {
                        if let (serde_json::Value::Object(inner), true) = (value, depth < 8) {
                            let mut nested = ApiError::new(String::new(), 0, None);
                            object(&mut nested, inner, depth + 1);
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
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
            return Shape::Unrecognized;
        };
        match &v {
            serde_json::Value::Null => Shape::Empty,
            serde_json::Value::String(s) => {
                err.message = non_blank(s);
                if err.message.is_some() {
                    Shape::Message
                } else {
                    Shape::Empty
                }
            }
            serde_json::Value::Object(map) if map.is_empty() => Shape::NoMessage,
            serde_json::Value::Object(map) => {
                if !object(err, map, 0) {
                    Shape::Unrecognized
                } else if err.message.is_some() {
                    Shape::Message
                } else {
                    Shape::NoMessage
                }
            }
            _ => Shape::Unrecognized,
        }
    }

    type Read = (
        Shape,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Vec<(String, Vec<String>)>,
    );

    fn fields(shape: Shape, e: ApiError) -> Read {
        (
            shape,
            e.message,
            e.message_detail,
            e.exception_message,
            e.exception_type,
            e.oauth_error,
            e.model_state,
        )
    }

    fn json_now(body: &[u8]) -> Read {
        let mut e = ApiError::new(String::new(), 400, None);
        let shape = read_json_error(&mut e, body);
        fields(shape, e)
    }

    fn json_before(body: &[u8]) -> Read {
        let mut e = ApiError::new(String::new(), 400, None);
        let shape = value_reader(&mut e, body);
        fields(shape, e)
    }

    fn xml_now(body: &[u8]) -> Read {
        let mut e = ApiError::new(String::new(), 400, None);
        let shape = read_error_body(&mut e, BodyKind::Xml, body);
        fields(shape, e)
    }

    fn xml_before(body: &[u8]) -> Read {
        let mut e = ApiError::new(String::new(), 400, None);
        let shape = match XmlDoc::parse(body) {
            Ok(doc) => read_xml_error(&mut e, &doc),
            Err(_) => Shape::Unrecognized,
        };
        fields(shape, e)
    }

    /// A JSON value; objects have distinct keys in sorted order (where a `Value` and a reader
    /// in document order agree).
    fn json_value() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("false".to_owned()),
            Just("0".to_owned()),
            Just("-12".to_owned()),
            Just("1.5e3".to_owned()),
            Just("1e999".to_owned()),
            Just("18446744073709551616".to_owned()),
            Just("\"\\ud800\"".to_owned()),
            Just("\"  \"".to_owned()),
            Just("\"a\\u00e9\\n\\\"b\\\\\"".to_owned()),
            "[ a-zA-Z<>&é\u{1F389}]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                prop::collection::btree_map("[a-zA-Z]{1,3}", inner, 0..4).prop_map(|m| {
                    let members: Vec<String> =
                        m.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                    format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    /// A key spelled in some case (only letters change).
    fn cased(name: &'static str) -> impl Strategy<Value = String> {
        prop::collection::vec(any::<bool>(), name.len()).prop_map(move |upper| {
            name.chars()
                .zip(upper)
                .map(|(c, u)| if u { c.to_ascii_uppercase() } else { c })
                .collect()
        })
    }

    fn model_state() -> impl Strategy<Value = String> {
        prop::collection::btree_map(
            "[a-z.\\[\\]0-9]{1,6}",
            prop_oneof![
                3 => prop::collection::vec(json_value(), 0..3).prop_map(|v| format!("[{}]", v.join(","))),
                1 => json_value(),
            ],
            0..4,
        )
        .prop_map(|m| {
            let members: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{v}", serde_json::to_string(k).unwrap()))
                .collect();
            format!("{{{}}}", members.join(","))
        })
    }

    /// An error object: each known key at most once (in any case but `ExceptionMessage` and
    /// `InnerException`, whose relative order a `Value` reader decides by their spelling),
    /// unknown keys, an inner exception.
    fn error_object(depth: u32) -> BoxedStrategy<String> {
        let inner = if depth == 0 {
            json_value().boxed()
        } else {
            prop_oneof![3 => error_object(depth - 1), 1 => json_value()].boxed()
        };
        let keys = (
            proptest::option::of((cased("message"), json_value())),
            proptest::option::of((cased("error_description"), json_value())),
            proptest::option::of((cased("errormessage"), json_value())),
            proptest::option::of((cased("error"), json_value())),
            proptest::option::of((cased("messagedetail"), json_value())),
            proptest::option::of((Just("ExceptionMessage".to_owned()), json_value())),
            proptest::option::of((cased("exceptiontype"), json_value())),
            proptest::option::of((cased("stacktrace"), json_value())),
            proptest::option::of((
                cased("modelstate"),
                prop_oneof![3 => model_state(), 1 => json_value()],
            )),
            proptest::option::of((Just("InnerException".to_owned()), inner)),
            prop::collection::vec(("[a-z]{4,6}", json_value()), 0..3),
        );
        (keys, any::<prop::sample::Index>())
            .prop_map(
                |((m, d, em, e, md, xm, xt, st, ms, ie, unknown), shuffle)| {
                    let mut members: Vec<String> = [m, d, em, e, md, xm, xt, st, ms, ie]
                        .into_iter()
                        .flatten()
                        .chain(unknown.into_iter().filter(|(k, _)| {
                            !["message", "error", "stacktrace", "errorcode", "resultcode"]
                                .contains(&k.as_str())
                        }))
                        .map(|(k, v)| format!("{}:{v}", serde_json::to_string(&k).unwrap()))
                        .collect();
                    // Any order, except that ExceptionMessage stays before InnerException.
                    let n = members.len();
                    if n > 1 {
                        let at = shuffle.index(n);
                        let moved = members.remove(at);
                        let to = shuffle.index(n - 1);
                        members.insert(to, moved);
                    }
                    let x = members
                        .iter()
                        .position(|m| m.starts_with("\"ExceptionMessage\""));
                    let i = members
                        .iter()
                        .position(|m| m.starts_with("\"InnerException\""));
                    if let (Some(x), Some(i)) = (x, i) {
                        if x > i {
                            members.swap(x, i);
                        }
                    }
                    format!("{{{}}}", members.join(","))
                },
            )
            .boxed()
    }

    fn json_body() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => error_object(3),
            2 => json_value(),
            1 => (error_object(2), 0usize..200).prop_map(|(s, cut)| {
                let mut cut = cut.min(s.len());
                while !s.is_char_boundary(cut) {
                    cut -= 1;
                }
                s[..cut].to_owned()
            }),
            1 => (error_object(1), prop::sample::select(vec![" ", "\n", "x", "{}", ","])).prop_map(|(s, tail)| format!(" \t{s}{tail}")),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn the_json_reader_reads_what_a_value_reader_reads(body in json_body()) {
            prop_assert_eq!(json_now(body.as_bytes()), json_before(body.as_bytes()), "{}", body);
        }
    }

    /// A well-formed element of an XML error body, or something else.
    fn xml_element() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "Message",
            "message",
            "MessageDetail",
            "ExceptionMessage",
            "exceptionMESSAGE",
            "ExceptionType",
            "ModelState",
            "InnerException",
            "innerexception",
            "StackTrace",
            "a",
            "_x005B_0_x005D_.b",
            "string",
        ]);
        let text = prop::sample::select(vec![
            "",
            " ",
            "x",
            " y ",
            "a &amp; b",
            "<![CDATA[c]]>",
            "&#xD;",
            "\n",
        ]);
        let leaf = (names.clone(), text.clone(), any::<bool>()).prop_map(|(n, t, empty)| {
            if empty {
                format!("<{n}/>")
            } else {
                format!("<{n}>{t}</{n}>")
            }
        });
        leaf.prop_recursive(5, 40, 5, move |inner| {
            (
                names.clone(),
                prop::collection::vec(inner, 0..5),
                text.clone(),
            )
                .prop_map(|(n, kids, t)| format!("<{n}>{t}{}{t}</{n}>", kids.concat()))
        })
    }

    fn xml_body() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(xml_element(), 0..6),
            0u8..6,
            prop::sample::select(vec!["", " ", "x", "&amp;"]),
        )
            .prop_map(|(kids, how, text)| match how {
                0 => format!(
                    "<string xmlns=\"{SERIALIZATION_NS}\">{text}{}{text}</string>",
                    kids.concat()
                ),
                1 => format!(
                    "<string i:nil=\"true\" xmlns:i=\"{}\" xmlns=\"{SERIALIZATION_NS}\"/>",
                    crate::xml::XSI_NS
                ),
                2 => format!("<Other>{}</Other>", kids.concat()),
                3 => format!("<Error>{}", kids.concat()),
                _ => format!("<Error xmlns=\"urn:x\">{text}{}</Error>", kids.concat()),
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn the_xml_reader_reads_what_the_whole_tree_reads(body in xml_body()) {
            prop_assert_eq!(xml_now(body.as_bytes()), xml_before(body.as_bytes()), "{}", body);
        }
    }

    #[test]
    fn only_strings_and_objects_are_parsed() {
        for body in ["[1,2", "-", "tru", "[]", "12", "false"] {
            assert_eq!(json_now(body.as_bytes()).0, Shape::Unrecognized, "{body}");
        }
        assert_eq!(json_now(b"null").0, Shape::Empty);
        assert_eq!(json_now(b"nul").0, Shape::Unrecognized);
        assert_eq!(json_now(b"{}").0, Shape::NoMessage);
        assert_eq!(json_now(br#"{"Message":"x"} x"#).0, Shape::Unrecognized);
    }

    #[test]
    fn model_state_is_bounded() {
        let keys: String = (0..MODEL_STATE_KEYS + 10)
            .map(|i| format!("\"k{i:05}\":[\"m\"],"))
            .collect();
        let messages = vec!["\"m\""; MODEL_STATE_MESSAGES + 5].join(",");
        let body = format!("{{\"ModelState\":{{{keys}\"k00001\":[{messages}]}}}}");
        let (shape, .., state) = json_now(body.as_bytes());
        assert_eq!(shape, Shape::NoMessage);
        assert_eq!(state.len(), MODEL_STATE_KEYS);
        // A repeated key replaces the earlier one, as in a JSON map.
        assert_eq!(state[1].1.len(), MODEL_STATE_MESSAGES);

        let entries = "<a>m</a>".repeat(MODEL_STATE_KEYS + 10);
        let body = format!(
            "<Error><ModelState>{entries}</ModelState><ModelState><b/></ModelState></Error>"
        );
        let (shape, .., state) = xml_now(body.as_bytes());
        assert_eq!(shape, Shape::NoMessage);
        assert_eq!(state.len(), MODEL_STATE_KEYS);
    }

    #[test]
    fn a_message_that_is_not_a_string_is_its_json() {
        let body = br#"{"Message":[1,"a\"",{"b":null,"a":[true,1.5e3]}],"ExceptionMessage":12}"#;
        let (shape, message, _, exception, ..) = json_now(body);
        assert_eq!(shape, Shape::Message);
        assert_eq!(
            message.as_deref(),
            Some(r#"[1,"a\"",{"b":null,"a":[true,1500.0]}]"#)
        );
        assert_eq!(exception.as_deref(), Some("12"));
        // Cut like a string message, however long the value.
        let long = format!(r#"{{"Message":["{}",1]}}"#, "é".repeat(20_000));
        let (_, message, ..) = json_now(long.as_bytes());
        let message = message.unwrap();
        assert_eq!(message.chars().count(), MESSAGE_CHARS);
        assert!(message.starts_with("[\"éé"));
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

    const EP: Label<'static> = Label {
        name: LabelName::Text("POST /api/Licenses/Revoke"),
        redactor: &crate::redact::NO_SECRETS,
    };

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
