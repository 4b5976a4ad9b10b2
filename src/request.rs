//! Requests as plain data: every endpoint builds a [`Request`], one send path executes them all.

use std::borrow::Cow;
use std::fmt;

use crate::codec::{self, Model};
use crate::error::Error;
use crate::format::Format;

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_http(self) -> ureq::http::Method {
        match self {
            Method::Get => ureq::http::Method::GET,
            Method::Post => ureq::http::Method::POST,
            Method::Put => ureq::http::Method::PUT,
            Method::Delete => ureq::http::Method::DELETE,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request, fully built but not sent: what an endpoint method hands to the send path.
///
/// It holds no secret: the bearer token is added when the request is sent, and
/// [`Display`](fmt::Display) shows that header as `Authorization: Bearer <redacted>`.
/// [`Inspector`](crate::Inspector)s receive it with every exchange.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: Cow<'static, str>,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// The bytes sent.
    pub(crate) body: Option<Vec<u8>>,
    /// What is shown instead of `body` when it holds a secret (the login password).
    pub(crate) shown_body: Option<Vec<u8>>,
    pub(crate) format: Format,
    pub(crate) auth: bool,
    pub(crate) read_only: bool,
    /// Secrets the body carries (a user's password): redacted from everything shown.
    pub(crate) secrets: Vec<crate::Secret>,
}

impl Request {
    /// A request for `route`'s path template as is (the route fills in parameters).
    pub(crate) fn for_route(route: &crate::route::Route, format: Format) -> Request {
        Request {
            method: route.method,
            path: Cow::Borrowed(route.path),
            query: Vec::new(),
            body: None,
            shown_body: None,
            format,
            auth: route.auth,
            read_only: route.read_only,
            secrets: Vec::new(),
        }
    }

    /// Sets the body to `value`, and what to show instead: `redacted`, the same value with its
    /// secret replaced.
    pub(crate) fn with_secret_body<T: Model>(
        mut self,
        value: &T,
        redacted: &T,
    ) -> Result<Request, Error> {
        self.body = Some(self.encode(value)?);
        self.shown_body = Some(self.encode(redacted)?);
        Ok(self)
    }

    /// Appends a query parameter (percent-encoded when sent).
    pub fn with_query(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> Request {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A request for any route, for calls the SDK has no method for: `path` is the path as
    /// sent (`/api/Something/{already-encoded}`), without a query (add one with
    /// [`Request::with_query`]). It needs the bearer token and is not retried after a failure
    /// that may have reached the server, unless [`Request::read_only`] says otherwise (GETs
    /// are read-only from the start). Send it with [`Client::send`](crate::Client::send).
    ///
    /// The path must start with `/` and hold no `?`, `#`, space or control character.
    ///
    /// ```
    /// use mspbackups::{Format, Method, Request};
    /// let req = Request::new(Method::Get, "/api/Companies", Format::Json)?.with_query("x", "a b");
    /// assert_eq!(req.path_and_query(), "/api/Companies?x=a%20b");
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn new(method: Method, path: impl Into<String>, format: Format) -> Result<Request, Error> {
        let path = path.into();
        if !path.starts_with('/')
            || path
                .chars()
                .any(|c| c == '?' || c == '#' || c.is_whitespace() || c.is_control())
        {
            return Err(Error::invalid(
                "path",
                "must start with / and hold no ?, #, whitespace or control character",
            ));
        }
        Ok(Request {
            method,
            path: Cow::Owned(path),
            query: Vec::new(),
            body: None,
            shown_body: None,
            format,
            auth: true,
            read_only: method == Method::Get,
            secrets: Vec::new(),
        })
    }

    /// Sets the body: bytes in the request's format (for example from a model's `to_body`).
    pub fn with_body(mut self, body: Vec<u8>) -> Request {
        self.body = Some(body);
        self.shown_body = None;
        self
    }

    /// Marks the request as safe to send twice (a read), so that it may be retried after a
    /// failure that may have reached the server.
    pub fn read_only(mut self, yes: bool) -> Request {
        self.read_only = yes;
        self
    }

    fn encode<T: Model>(&self, value: &T) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(256);
        codec::encode_into(value, self.format, &mut out).map_err(|source| Error::Encode {
            format: self.format,
            model: T::NAME,
            source,
        })?;
        Ok(out)
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path below the base URL, e.g. `/api/Licenses/Revoke` (path segments percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Query parameters, unencoded.
    pub fn query(&self) -> &[(Cow<'static, str>, String)] {
        &self.query
    }

    /// The body bytes as sent, except that a secret in them (the login password) is shown as
    /// `<redacted>`.
    pub fn body(&self) -> Option<&[u8]> {
        self.shown_body.as_deref().or(self.body.as_deref())
    }

    /// Whether [`body`](Self::body) had a secret replaced.
    pub fn body_is_redacted(&self) -> bool {
        self.shown_body.is_some()
    }

    /// The format: it sets `Accept`, and `Content-Type` when there is a body.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The `Content-Type` sent, if there is a body.
    pub fn content_type(&self) -> Option<&'static str> {
        self.body.as_ref().map(|_| self.format.content_type())
    }

    /// The `Accept` sent.
    pub fn accept(&self) -> &'static str {
        self.format.media_type()
    }

    /// Whether the request carries `Authorization: Bearer …`.
    pub fn needs_auth(&self) -> bool {
        self.auth
    }

    /// Whether the endpoint only reads state.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// `METHOD /path`, for messages.
    pub fn label(&self) -> String {
        let mut s = String::with_capacity(self.path.len() + 8);
        s.push_str(self.method.as_str());
        s.push(' ');
        s.push_str(&self.path);
        s
    }

    /// The path and the encoded query string.
    pub fn path_and_query(&self) -> String {
        let mut s = String::with_capacity(self.path.len() + 32);
        s.push_str(&self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            encode_component_into(k, &mut s);
            s.push('=');
            encode_component_into(v, &mut s);
        }
        s
    }
}

impl fmt::Display for Request {
    /// The request as it goes on the wire, token redacted:
    ///
    /// ```text
    /// POST /api/Licenses/Revoke
    /// Authorization: Bearer <redacted>
    /// Accept: application/json
    /// Content-Type: application/json; charset=utf-8
    ///
    /// {…body…}
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.path_and_query())?;
        if self.auth {
            writeln!(f, "Authorization: Bearer <redacted>")?;
        }
        write!(f, "Accept: {}", self.accept())?;
        if let (Some(ct), Some(body)) = (self.content_type(), self.body()) {
            write!(
                f,
                "\nContent-Type: {ct}\n\n{}",
                String::from_utf8_lossy(body)
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("format", &self.format)
            .field("auth", &self.auth)
            .field("read_only", &self.read_only)
            .field("body", &self.body().map(String::from_utf8_lossy))
            .finish()
    }
}

/// The longest path parameter the client sends, percent-encoded. MBS IDs are GUIDs (36
/// characters); IIS and ASP.NET refuse far shorter URLs than this anyway.
pub(crate) const MAX_PATH_PARAM_BYTES: usize = 2048;

/// Appends `value` to `path` as one percent-encoded path segment, refusing an empty, blank or
/// over-long value as [`Error::InvalidInput`] naming `field`, before any I/O.
pub(crate) fn push_path_param(
    path: &mut String,
    field: &'static str,
    value: &str,
) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty or blank"));
    }
    // `.` and `..` are unreserved, so they would go out as they are, and a server or proxy that
    // resolves dot segments would send `/api/Users/../Computers` to another route.
    if value == "." || value == ".." {
        return Err(Error::invalid(
            field,
            "must not be . or .. (a path segment that servers resolve)",
        ));
    }
    let start = path.len();
    encode_component_into(value, path);
    if path.len() - start > MAX_PATH_PARAM_BYTES {
        path.truncate(start);
        return Err(Error::invalid(
            field,
            "is too long to send in a URL path (over 2,048 bytes once percent-encoded)",
        ));
    }
    Ok(())
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(crate) fn encode_component_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LicenseOperation;

    #[test]
    fn builds_revoke_without_network() {
        let op = LicenseOperation::new("L1", "U1");
        let req = crate::route::build(
            &crate::api::licenses::routes::revoke,
            Format::Xml,
            &[],
            Some(&op),
        )
        .unwrap();
        assert_eq!(req.method(), Method::Post);
        assert_eq!(req.path(), "/api/Licenses/Revoke");
        assert_eq!(req.content_type(), Some("application/xml; charset=utf-8"));
        assert_eq!(req.accept(), "application/xml");
        assert!(req.needs_auth());
        assert!(!req.is_read_only());
        assert_eq!(req.label(), "POST /api/Licenses/Revoke");
        let shown = req.to_string();
        assert!(shown.starts_with(
            "POST /api/Licenses/Revoke\nAuthorization: Bearer <redacted>\nAccept: application/xml\n\
             Content-Type: application/xml; charset=utf-8\n\n<LicenseOperation "
        ));
    }

    #[test]
    fn encodes_query_and_segments() {
        let req = Request::new(Method::Post, "/api/Licenses/Revoke", Format::Json)
            .unwrap()
            .with_query("isAvailable", "true")
            .with_query("q", "a b&c/é");
        assert_eq!(
            req.path_and_query(),
            "/api/Licenses/Revoke?isAvailable=true&q=a%20b%26c%2F%C3%A9"
        );
        let mut s = String::new();
        encode_component_into("AZaz09-._~", &mut s);
        assert_eq!(s, "AZaz09-._~");
    }
}
