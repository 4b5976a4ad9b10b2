//! Errors: one [`Error`] enum a caller matches on, and [`ApiError`] for what the server said.
//!
//! | variant | when | I/O done? |
//! |---|---|---|
//! | [`Error::InvalidInput`] | an argument can't be sent (empty ID, …) | no |
//! | [`Error::Config`] | the builder got a setting it can't use | no |
//! | [`Error::MissingCredentials`] | a call needs a token and the client has none | no |
//! | [`Error::Encode`] | a body can't be written in the chosen format | no |
//! | [`Error::Authentication`] | the login endpoint refused the API login and password | yes |
//! | [`Error::Unauthorized`] | HTTP 401: token missing, invalid or expired | yes |
//! | [`Error::Api`] | the server reported a failure: any other non-2xx, or a 2xx whose body carries a message | yes |
//! | [`Error::UnexpectedResponse`] | a 2xx whose body the call does not document | yes |
//! | [`Error::Decode`] | a 2xx body that does not parse as the documented model | yes |
//! | [`Error::Timeout`] | an attempt's connect or call limit, or the call's deadline, ran out ([`TimeoutPhase`]) | maybe |
//! | [`Error::Transport`] | connection refused, DNS, TLS, reset, … | maybe |
//! | [`Error::ResponseTooLarge`] | the body exceeded the configured cap | yes |
//! | [`Error::RevokeRefused`] | a checked revoke found a user who isn't in manual license mode (or no user) | the user was read; nothing changed |
//!
//! No error ever holds the bearer token or a password: they are not part of any message, and
//! a server body that echoes the token back has it replaced by `<redacted>`.

use std::fmt;
use std::time::Duration;

use crate::format::Format;

/// Everything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was refused before any I/O: `"{field} {reason}"`.
    #[error("{field} {reason}")]
    InvalidInput {
        /// The wire name of the offending field (`LicenseID`, …).
        field: &'static str,
        /// What is wrong with it, as the end of a sentence.
        reason: &'static str,
    },

    /// The client configuration can't be used; nothing was sent.
    #[error("invalid client configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },

    /// The call needs credentials the client was not given (a token, or an API login).
    #[error("{endpoint} needs credentials the client was not given")]
    MissingCredentials {
        /// `METHOD /path` of the call.
        endpoint: String,
    },

    /// The server answered 401 Unauthorized (after one fresh login and retry, with login credentials).
    #[error("{0}")]
    Unauthorized(Box<ApiError>),

    /// The login endpoint refused the API login and password (400 `invalid_grant`, 401 or 403).
    #[error("{}", LoginRefused(.0))]
    Authentication(Box<ApiError>),

    /// The server reported a failure (a non-2xx status, or a 2xx whose body carries an error message).
    #[error("{0}")]
    Api(Box<ApiError>),

    /// A 2xx response whose body this call does not document: whether it took effect is unknown.
    #[error("{0}")]
    UnexpectedResponse(Box<ApiError>),

    /// A request body could not be written; nothing was sent.
    #[error("could not encode {model} as {format}")]
    Encode {
        /// The format that was being written.
        format: Format,
        /// The model (DataContract name).
        model: &'static str,
        /// Why.
        #[source]
        source: EncodeError,
    },

    /// A successful response's body could not be read as the documented model.
    #[error("could not decode {model} from the {format} body {origin}")]
    Decode {
        /// The format of the body (from its `Content-Type`).
        format: Format,
        /// The model that was expected.
        model: &'static str,
        /// Where the body came from: `of the response to METHOD /path`, or `passed to from_body`.
        origin: String,
        /// Why.
        #[source]
        source: Box<DecodeError>,
    },

    /// A time limit ran out: an attempt's connect or call limit, or the whole call's deadline.
    #[error("{}", TimeoutText { endpoint, phase: *phase, limit: *limit })]
    Timeout {
        /// `METHOD /path` of the call.
        endpoint: String,
        /// Which limit ran out.
        phase: TimeoutPhase,
        /// The configured limit.
        limit: Duration,
        /// The transport's report, when the transport noticed it (none when the client stopped
        /// before starting another attempt or wait).
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// The request could not be delivered or the answer could not be read.
    #[error(transparent)]
    Transport(#[from] TransportError),

    /// The response body was larger than the configured cap.
    #[error(
        "the HTTP {status} response of {endpoint} exceeded the {limit}-byte response size limit"
    )]
    ResponseTooLarge {
        /// `METHOD /path` of the call.
        endpoint: String,
        /// The status of the answer whose body was too large.
        status: u16,
        /// The cap, in bytes.
        limit: u64,
    },

    /// A checked revoke ([`Licenses::revoke_checked`](crate::api::licenses::Licenses::revoke_checked))
    /// refused to revoke: the user takes licenses automatically, or doesn't exist. The user was
    /// read; nothing was changed.
    #[error("{0}")]
    RevokeRefused(Box<RevokeRefusal>),
}

/// Why a checked revoke refused to revoke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RevokeRefusal {
    /// The user's ID, as given.
    pub user_id: String,
    /// The user's login, when the user was found.
    pub login: Option<String>,
    /// The user's `LicenseManagmentMode`, when the user was found.
    pub mode: Option<crate::models::UserModeType>,
}

/// The revoke page's warning, quoted in refusals and reports.
pub const REVOKE_WARNING: &str = "The user shouldn't be allowed to activate licenses from the global pool automatically. Otherwise, license revocation will not work properly.";

impl fmt::Display for RevokeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::models::UserModeType;
        match (&self.login, &self.mode) {
            (None, _) | (_, None) => write!(
                f,
                "revoke refused: user {} was not found, so its license mode can't be checked",
                self.user_id
            ),
            (Some(login), Some(UserModeType::CompanySettings)) => write!(
                f,
                "revoke refused: user {login} ({}) takes licenses by its company's settings (LicenseManagmentMode CompanySettings), which may activate licenses from a pool again, and the docs warn: \"{REVOKE_WARNING}\"; set the user's mode to Manual in the company's settings first",
                self.user_id
            ),
            (Some(login), Some(mode)) => write!(
                f,
                "revoke refused: user {login} ({}) is in {} license mode, and the docs warn: \"{REVOKE_WARNING}\"; switch the user to Manual first (RevokeOptions::switch_to_manual)",
                self.user_id,
                mode.name().unwrap_or("an unknown")
            ),
        }
    }
}

impl Error {
    /// The HTTP status, when the server answered (also when its body was too large to read).
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => self.api_error().map(ApiError::status),
        }
    }

    /// What the server said, for [`Error::Api`], [`Error::Unauthorized`],
    /// [`Error::Authentication`] and [`Error::UnexpectedResponse`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e)
            | Error::Unauthorized(e)
            | Error::UnexpectedResponse(e)
            | Error::Authentication(e) => Some(&**e),
            _ => None,
        }
    }

    /// Whether a time limit ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    pub(crate) fn decode(
        format: Format,
        model: &'static str,
        origin: String,
        source: DecodeError,
    ) -> Error {
        Error::Decode {
            format,
            model,
            origin,
            source: Box::new(source),
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: &'static str) -> Error {
        Error::InvalidInput { field, reason }
    }

    /// A copy for another caller that waited on the same operation (a shared login): the same
    /// variant and fields, with a boxed source shared between the two (`self`'s is moved into
    /// an `Arc` for that).
    pub(crate) fn share(&mut self) -> Error {
        fn shared(
            source: &mut Box<dyn std::error::Error + Send + Sync>,
        ) -> Box<dyn std::error::Error + Send + Sync> {
            let inner: Box<dyn std::error::Error + Send + Sync> =
                std::mem::replace(source, Box::new(SharedSource::placeholder()));
            let arc = SharedSource(std::sync::Arc::from(inner));
            *source = Box::new(arc.clone());
            Box::new(arc)
        }
        match self {
            Error::InvalidInput { field, reason } => Error::InvalidInput { field, reason },
            Error::Config { reason } => Error::Config {
                reason: reason.clone(),
            },
            Error::MissingCredentials { endpoint } => Error::MissingCredentials {
                endpoint: endpoint.clone(),
            },
            Error::Unauthorized(e) => Error::Unauthorized(e.clone()),
            Error::Authentication(e) => Error::Authentication(e.clone()),
            Error::Api(e) => Error::Api(e.clone()),
            Error::UnexpectedResponse(e) => Error::UnexpectedResponse(e.clone()),
            Error::RevokeRefused(r) => Error::RevokeRefused(r.clone()),
            Error::Encode {
                format,
                model,
                source,
            } => Error::Encode {
                format: *format,
                model,
                source: source.duplicate(),
            },
            Error::Decode {
                format,
                model,
                origin,
                source,
            } => Error::Decode {
                format: *format,
                model,
                origin: origin.clone(),
                source: source.clone(),
            },
            Error::Timeout {
                endpoint,
                phase,
                limit,
                source,
            } => Error::Timeout {
                endpoint: endpoint.clone(),
                phase: *phase,
                limit: *limit,
                source: source.as_mut().map(shared),
            },
            Error::Transport(t) => Error::Transport(TransportError {
                kind: t.kind,
                endpoint: t.endpoint.clone(),
                host: t.host.clone(),
                unresolved: t.unresolved.clone(),
                detail: t.detail.clone(),
                source: shared(&mut t.source),
            }),
            Error::ResponseTooLarge {
                endpoint,
                status,
                limit,
            } => Error::ResponseTooLarge {
                endpoint: endpoint.clone(),
                status: *status,
                limit: *limit,
            },
        }
    }
}

/// A source error shared by the copies of one error (see [`Error::share`]): shows and chains
/// exactly as the original.
#[derive(Clone)]
struct SharedSource(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl SharedSource {
    fn placeholder() -> Self {
        SharedSource(std::sync::Arc::new(std::fmt::Error))
    }
}

impl fmt::Debug for SharedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl std::error::Error for SharedSource {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

/// Which time limit ran out, in an [`Error::Timeout`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// Setting up a connection (DNS, TCP, TLS) took longer than the connect timeout, in one
    /// attempt. Nothing was sent; such an attempt is retried.
    Connect,
    /// One attempt took longer than the call timeout (the request may have reached the server).
    Call,
    /// The whole call (login, attempts, retries, waits, re-login) reached the client's deadline.
    Deadline,
}

impl TimeoutPhase {
    /// `connect`, `call` or `deadline`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeoutPhase::Connect => "connect",
            TimeoutPhase::Call => "call",
            TimeoutPhase::Deadline => "deadline",
        }
    }
}

impl fmt::Display for TimeoutPhase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

struct TimeoutText<'a> {
    endpoint: &'a str,
    phase: TimeoutPhase,
    limit: Duration,
}

impl fmt::Display for TimeoutText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.phase {
            TimeoutPhase::Deadline => write!(
                f,
                "{} ran out of time: the {:?} deadline for the whole call (login, retries and waits \
                 included) was reached",
                self.endpoint, self.limit
            ),
            phase => write!(
                f,
                "{} timed out: no complete answer within the {:?} {phase} limit",
                self.endpoint, self.limit
            ),
        }
    }
}

/// Why a body could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// XML 1.0 has no way to carry this character (a control character, U+FFFE or U+FFFF).
    #[error("{field} contains U+{code:04X}, a character XML 1.0 cannot carry")]
    InvalidXmlChar {
        /// The member that holds it.
        field: &'static str,
        /// Its code point.
        code: u32,
    },
    /// serde_json failed.
    #[error("JSON serialization failed")]
    Json(#[source] serde_json::Error),
    /// An enum value this version does not know, received in the other format: a number from
    /// JSON has no XML name here (and a name from XML no JSON number).
    #[error(
        "{field} holds the enum value {value}, which this version does not know and can only send in the format it came in"
    )]
    UnknownEnumValue {
        /// The member that holds it.
        field: &'static str,
        /// The value as received.
        value: String,
    },
    /// A member the model does not declare, kept from a response in one format, was asked to be
    /// sent back in the other.
    #[error(
        "the unknown member {member} came in the other format and can only be sent back in the format it came in"
    )]
    ExtraInOtherFormat {
        /// The member's name.
        member: String,
    },
}

impl EncodeError {
    /// An equal error (serde_json's is rebuilt from its message).
    fn duplicate(&self) -> EncodeError {
        match self {
            EncodeError::InvalidXmlChar { field, code } => {
                EncodeError::InvalidXmlChar { field, code: *code }
            }
            EncodeError::Json(e) => {
                EncodeError::Json(<serde_json::Error as serde::ser::Error>::custom(e))
            }
            EncodeError::UnknownEnumValue { field, value } => EncodeError::UnknownEnumValue {
                field,
                value: value.clone(),
            },
            EncodeError::ExtraInOtherFormat { member } => EncodeError::ExtraInOtherFormat {
                member: member.clone(),
            },
        }
    }
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is empty.
    #[error("the body is empty")]
    Empty,
    /// The body's bytes are not UTF-8 text.
    #[error("{0}")]
    Encoding(&'static str),
    /// The JSON is malformed or doesn't match the model.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The XML is not well-formed.
    #[error("malformed XML near byte {position}: {message}")]
    Xml {
        /// Byte offset where the parser stopped.
        position: u64,
        /// The parser's message.
        message: String,
    },
    /// Elements nest deeper than the reader allows.
    #[error("the XML nests deeper than {limit} elements")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The root element is not the expected DataContract.
    #[error(
        "expected root element {expected} in namespace {expected_ns:?}, found {found} in {found_ns:?}"
    )]
    UnexpectedRoot {
        /// The contract name.
        expected: String,
        /// The contract namespace.
        expected_ns: &'static str,
        /// What was found.
        found: String,
        /// Its namespace.
        found_ns: String,
    },
    /// A member the model needs is absent.
    #[error("{model} has no {element} element")]
    MissingElement {
        /// The model.
        model: &'static str,
        /// The member.
        element: &'static str,
    },
    /// A member the model needs is `i:nil="true"` or `null`.
    #[error("{model}.{element} is nil but needs a value")]
    Nil {
        /// The model.
        model: &'static str,
        /// The member.
        element: &'static str,
    },
    /// A member's text is not a value of its type.
    #[error("{model}.{element} is {value:?}, which is not a valid {expected}")]
    InvalidValue {
        /// The model.
        model: &'static str,
        /// The member.
        element: &'static str,
        /// The text found (at most 64 characters).
        value: String,
        /// The expected type.
        expected: &'static str,
    },
}

/// How much of an unrecognised body [`ApiError::raw_body`] keeps.
pub const RAW_BODY_BYTES: usize = 2048;

/// What the server said when a call failed: status, message and the rest of the error body.
///
/// Filled from whichever shape the body has: a Web API `HttpError` (JSON keys matched
/// case-insensitively: `Message`, `MessageDetail`, `ExceptionMessage`, `ExceptionType`,
/// `ModelState`, `InnerException`), its XML form `<Error><Message>…`, an OAuth error
/// (`error`, `error_description`), a bare JSON string or a serialized `<string>`, or plain text.
/// Anything else (an HTML page from a proxy, a truncated body) is kept as a short excerpt.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    pub(crate) endpoint: String,
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) message_detail: Option<String>,
    pub(crate) exception_message: Option<String>,
    pub(crate) exception_type: Option<String>,
    pub(crate) model_state: Vec<(String, Vec<String>)>,
    pub(crate) oauth_error: Option<String>,
    pub(crate) excerpt: Option<String>,
    pub(crate) raw: Option<String>,
    pub(crate) location: Option<String>,
    pub(crate) result_code: Option<i64>,
}

impl ApiError {
    pub(crate) fn new(endpoint: String, status: u16, content_type: Option<String>) -> Self {
        ApiError {
            endpoint,
            status,
            content_type,
            message: None,
            message_detail: None,
            exception_message: None,
            exception_type: None,
            model_state: Vec::new(),
            oauth_error: None,
            excerpt: None,
            raw: None,
            location: None,
            result_code: None,
        }
    }

    /// Reads an error body the way the client does, e.g. one captured elsewhere.
    ///
    /// ```
    /// use mspbackups::ApiError;
    /// let e = ApiError::parse("POST /api/Licenses/Revoke", 400, Some("application/json"), br#"{"message":"No license"}"#);
    /// assert_eq!(e.message(), Some("No license"));
    /// assert_eq!(e.to_string(), "POST /api/Licenses/Revoke failed with HTTP 400 Bad Request: No license");
    /// ```
    pub fn parse(endpoint: &str, status: u16, content_type: Option<&str>, body: &[u8]) -> ApiError {
        crate::response::RawResponse {
            status,
            content_type: content_type.map(str::to_owned),
            location: None,
            retry_after: None,
            body: body.to_vec(),
        }
        .error_details(crate::response::Label::text_only(endpoint))
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The failure code a 200 answer's envelope carried (`StatusCode`, `ResultCode` or
    /// `ErrorCode` of the Computers routes), if that is how the failure was reported.
    pub fn result_code(&self) -> Option<i64> {
        self.result_code
    }

    /// `METHOD /path` of the failed call.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The server's message: `Message`, else `error_description`, else `ErrorMessage`, else
    /// `error`, else a bare string body.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// `MessageDetail`, sent only when the server includes error details.
    pub fn message_detail(&self) -> Option<&str> {
        self.message_detail.as_deref()
    }

    /// `ExceptionMessage` (of the outermost exception that has one).
    pub fn exception_message(&self) -> Option<&str> {
        self.exception_message.as_deref()
    }

    /// `ExceptionType`.
    pub fn exception_type(&self) -> Option<&str> {
        self.exception_type.as_deref()
    }

    /// `ModelState`: for each key (`param.Property`), its validation messages. In XML the
    /// server joins a key's messages with spaces into one string, so each key has one entry.
    pub fn model_state(&self) -> &[(String, Vec<String>)] {
        &self.model_state
    }

    /// The OAuth `error` code (`invalid_grant`, …) of a token-endpoint failure.
    pub fn oauth_error(&self) -> Option<&str> {
        self.oauth_error.as_deref()
    }

    /// The response's `Content-Type`.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The start of a body that isn't a recognised error shape (an HTML page, a broken JSON),
    /// whitespace collapsed, at most 512 characters.
    pub fn body_excerpt(&self) -> Option<&str> {
        self.excerpt.as_deref()
    }

    /// The start of a body that isn't a recognised error shape, as received (lossy UTF-8, at most
    /// [`RAW_BODY_BYTES`] bytes): the raw counterpart of [`body_excerpt`](Self::body_excerpt).
    pub fn raw_body(&self) -> Option<&str> {
        self.raw.as_deref()
    }

    /// The `Location` of a redirect, which the client does not follow.
    pub fn location(&self) -> Option<&str> {
        self.location.as_deref()
    }

    /// Whether the status was 2xx (a failure reported in a success response).
    pub fn is_success_status(&self) -> bool {
        (200..300).contains(&self.status)
    }

    fn write_status(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        let reason = reason_phrase(self.status);
        if !reason.is_empty() {
            write!(f, " {reason}")?;
        }
        Ok(())
    }

    fn write_details(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(m) = &self.message {
            f.write_str(": ")?;
            write_clean(f, m, 500)?;
            let mut extra: Vec<&str> = Vec::new();
            if let Some(d) = &self.message_detail {
                extra.push(d);
            }
            if let Some(x) = &self.exception_message {
                if x != m {
                    extra.push(x);
                }
            }
            for (i, x) in extra.iter().enumerate() {
                f.write_str(if i == 0 { " (" } else { "; " })?;
                write_clean(f, x, 300)?;
            }
            if !extra.is_empty() {
                f.write_str(")")?;
            }
            if !self.model_state.is_empty() {
                f.write_str(" [")?;
                for (i, (key, msgs)) in self.model_state.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write_clean(f, key, 100)?;
                    f.write_str(": ")?;
                    write_clean(f, &msgs.join(" "), 300)?;
                }
                f.write_str("]")?;
            }
        } else if let Some(x) = &self.excerpt {
            let ct = self.content_type.as_deref().unwrap_or("untyped");
            write!(f, " and a {ct} body that is not an API error: ")?;
            write_clean(f, x, 512)?;
        } else if let Some(loc) = &self.location {
            f.write_str(" redirecting to ")?;
            write_clean(f, loc, 300)?;
            f.write_str(", which the client does not follow")?;
        } else {
            f.write_str(" and an empty body")?;
        }
        Ok(())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.endpoint)?;
        if self.status == 401 {
            f.write_str(" was refused with ")?;
            self.write_status(f)?;
            f.write_str(" (token missing, invalid or expired)")?;
        } else if self.is_success_status() && self.message.is_some() {
            f.write_str(" answered ")?;
            self.write_status(f)?;
            f.write_str(" but its body reports a failure")?;
        } else if self.is_success_status() {
            f.write_str(" answered ")?;
            self.write_status(f)?;
            f.write_str(
                " with a body this call does not document, so whether it took effect is unknown",
            )?;
            if let Some(x) = &self.excerpt {
                f.write_str(": ")?;
                write_clean(f, x, 512)?;
            }
            return Ok(());
        } else {
            f.write_str(" failed with ")?;
            self.write_status(f)?;
        }
        self.write_details(f)?;
        if let Some(code) = self.result_code {
            write!(f, " (result code {code})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ApiError");
        d.field("endpoint", &self.endpoint)
            .field("status", &self.status);
        if let Some(v) = &self.content_type {
            d.field("content_type", v);
        }
        if let Some(v) = &self.message {
            d.field("message", v);
        }
        if let Some(v) = &self.result_code {
            d.field("result_code", v);
        }
        if let Some(v) = &self.message_detail {
            d.field("message_detail", v);
        }
        if let Some(v) = &self.exception_message {
            d.field("exception_message", v);
        }
        if let Some(v) = &self.exception_type {
            d.field("exception_type", v);
        }
        if !self.model_state.is_empty() {
            d.field("model_state", &self.model_state);
        }
        if let Some(v) = &self.oauth_error {
            d.field("oauth_error", v);
        }
        if let Some(v) = &self.excerpt {
            d.field("body_excerpt", v);
        }
        if let Some(v) = &self.raw {
            d.field("raw_body_bytes", &v.len());
        }
        if let Some(v) = &self.location {
            d.field("location", v);
        }
        d.finish()
    }
}

/// Display of a refused login.
struct LoginRefused<'a>(&'a ApiError);

impl fmt::Display for LoginRefused<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(f, "{} refused the API login and password with ", e.endpoint)?;
        e.write_status(f)?;
        e.write_details(f)?;
        if let Some(code) = &e.oauth_error {
            if e.message.as_deref() != Some(code.as_str()) {
                f.write_str(" (")?;
                write_clean(f, code, 64)?;
                f.write_str(")")?;
            }
        }
        Ok(())
    }
}

/// Writes `s` on one line: control characters and whitespace runs become one space, and
/// anything past `max` characters becomes `…`.
fn write_clean(f: &mut fmt::Formatter<'_>, s: &str, max: usize) -> fmt::Result {
    let mut last_space = false;
    for (n, c) in s.trim().chars().enumerate() {
        if n == max {
            return f.write_str("…");
        }
        if c.is_whitespace() || c.is_control() {
            if !last_space {
                f.write_str(" ")?;
            }
            last_space = true;
        } else {
            last_space = false;
            fmt::Write::write_char(f, c)?;
        }
    }
    Ok(())
}

/// The standard reason phrase of common statuses ("" for others).
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// What kind of delivery failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Nothing listens at the address (the request was not sent).
    ConnectionRefused,
    /// The host name did not resolve (the request was not sent).
    Dns,
    /// A connection could not be set up for another reason (the request was not sent).
    Connect,
    /// TLS setup or certificate verification failed (the request was not sent).
    Tls,
    /// The proxy could not be used.
    Proxy,
    /// The connection broke after it was set up (the request may have reached the server).
    ConnectionLost,
    /// The server's answer is not valid HTTP.
    Protocol,
    /// Any other I/O failure.
    Io,
}

impl TransportErrorKind {
    fn describe(self) -> &'static str {
        match self {
            TransportErrorKind::ConnectionRefused => "the connection was refused",
            TransportErrorKind::Dns => "the host name could not be resolved",
            TransportErrorKind::Connect => "no connection could be made",
            TransportErrorKind::Tls => "the TLS handshake or certificate check failed",
            TransportErrorKind::Proxy => "the proxy could not be used",
            TransportErrorKind::ConnectionLost => {
                "the connection broke before the answer was complete"
            }
            TransportErrorKind::Protocol => "the answer was not valid HTTP",
            TransportErrorKind::Io => "an I/O error occurred",
        }
    }

    /// Whether the failure happened before any byte of the request could reach the server.
    pub fn request_not_sent(self) -> bool {
        matches!(
            self,
            TransportErrorKind::ConnectionRefused
                | TransportErrorKind::Dns
                | TransportErrorKind::Connect
                | TransportErrorKind::Tls
                | TransportErrorKind::Proxy
        )
    }
}

/// The request could not be delivered, or the answer not read.
#[derive(Debug, thiserror::Error)]
#[error("{}", TransportText(self))]
pub struct TransportError {
    pub(crate) kind: TransportErrorKind,
    pub(crate) endpoint: String,
    pub(crate) host: String,
    /// For [`TransportErrorKind::Dns`]: the name that did not resolve (the API host, or the proxy).
    pub(crate) unresolved: Option<String>,
    /// A more precise account than the kind's, when the transport gave one.
    pub(crate) detail: Option<String>,
    #[source]
    pub(crate) source: Box<dyn std::error::Error + Send + Sync>,
}

struct TransportText<'a>(&'a TransportError);

impl fmt::Display for TransportText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        match (&e.kind, &e.unresolved) {
            (TransportErrorKind::Dns, Some(name)) => write!(
                f,
                "{} failed: could not resolve host `{name}` (the request was not sent)",
                e.endpoint
            )?,
            (kind, _) => write!(
                f,
                "{} to {} failed: {}",
                e.endpoint,
                e.host,
                kind.describe()
            )?,
        }
        if let Some(detail) = &e.detail {
            write!(f, " ({detail})")?;
        }
        Ok(())
    }
}

impl TransportError {
    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// `host:port` the client tried to reach.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// For a DNS failure, the host name that did not resolve.
    pub fn unresolved_host(&self) -> Option<&str> {
        self.unresolved.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> ApiError {
        ApiError::new(
            "POST /api/Licenses/Revoke".into(),
            status,
            Some("application/json".into()),
        )
    }

    #[test]
    fn display_is_one_line_per_shape() {
        let mut e = api(400);
        e.message = Some("License not found".into());
        assert_eq!(
            e.to_string(),
            "POST /api/Licenses/Revoke failed with HTTP 400 Bad Request: License not found"
        );

        let mut e = api(400);
        e.message = Some("The request is invalid.".into());
        e.model_state = vec![(
            "op.LicenseID".into(),
            vec!["The LicenseID field is required.".into()],
        )];
        assert_eq!(
            e.to_string(),
            "POST /api/Licenses/Revoke failed with HTTP 400 Bad Request: The request is invalid. \
             [op.LicenseID: The LicenseID field is required.]"
        );

        let mut e = api(200);
        e.message = Some("License not found".into());
        assert_eq!(
            e.to_string(),
            "POST /api/Licenses/Revoke answered HTTP 200 OK but its body reports a failure: License not found"
        );

        let mut e = api(502);
        e.content_type = Some("text/html".into());
        e.excerpt = Some("502 Bad Gateway\n\n nginx".into());
        assert_eq!(
            e.to_string(),
            "POST /api/Licenses/Revoke failed with HTTP 502 Bad Gateway and a text/html body that is not an API error: 502 Bad Gateway nginx"
        );

        assert_eq!(
            api(404).to_string(),
            "POST /api/Licenses/Revoke failed with HTTP 404 Not Found and an empty body"
        );

        let mut e = api(401);
        e.message = Some("Authorization has been denied for this request.".into());
        assert_eq!(
            e.to_string(),
            "POST /api/Licenses/Revoke was refused with HTTP 401 Unauthorized (token missing, invalid or expired): \
             Authorization has been denied for this request."
        );
    }

    #[test]
    fn long_messages_are_cut() {
        let mut e = api(500);
        e.message = Some("x".repeat(2000));
        let s = e.to_string();
        assert!(s.ends_with('…'));
        assert!(s.len() < 600);
    }

    #[test]
    fn errors_are_send_sync_static() {
        fn check<T: Send + Sync + 'static + std::error::Error>() {}
        check::<Error>();
        check::<TransportError>();
        check::<DecodeError>();
        check::<EncodeError>();
    }
}
