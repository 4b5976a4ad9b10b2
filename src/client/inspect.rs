//! What an [`Inspector`] sees of each HTTP exchange: the request as sent and the answer as
//! received, secrets redacted.

use std::fmt;
use std::time::Duration;

use crate::error::Error;
use crate::request::Request;
use crate::response::RawResponse;

/// Sees every HTTP exchange a client makes, after it completes, with secrets redacted: the
/// request shows `Authorization: Bearer <redacted>` and the login password as `<redacted>`, the
/// response body has tokens and the password replaced (see [`Exchange::response_body`]).
///
/// Any `Fn(&Exchange<'_>) + Send + Sync + 'static` is an inspector:
///
/// ```
/// let client = mspbackups::Client::builder()
///     .token("t")
///     .inspector(|x: &mspbackups::Exchange<'_>| eprintln!("{} -> {:?}", x.request().label(), x.status()))
///     .build()?;
/// # Ok::<(), mspbackups::Error>(())
/// ```
pub trait Inspector: Send + Sync + 'static {
    /// Called once per HTTP exchange, on the calling thread, after the answer was read (or the
    /// attempt failed).
    fn inspect(&self, exchange: &Exchange<'_>);
}

impl<F> Inspector for F
where
    F: Fn(&Exchange<'_>) + Send + Sync + 'static,
{
    fn inspect(&self, exchange: &Exchange<'_>) {
        self(exchange)
    }
}

/// One HTTP exchange, as shown to an [`Inspector`].
pub struct Exchange<'a> {
    pub(super) request: &'a Request,
    pub(super) url: &'a str,
    pub(super) attempt: u32,
    pub(super) elapsed: Duration,
    pub(super) response: Option<&'a RawResponse>,
    /// The response body with secrets redacted.
    pub(super) shown_body: Option<&'a [u8]>,
    pub(super) error: Option<&'a Error>,
}

impl<'a> Exchange<'a> {
    /// The request; its `Display` shows the wire form with the token redacted.
    pub fn request(&self) -> &'a Request {
        self.request
    }

    /// The full URL called.
    pub fn url(&self) -> &'a str {
        self.url
    }

    /// Which attempt this was (1 for the first; see [`RetryPolicy`](crate::retry::RetryPolicy)).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Time from sending to the end of the body (or the failure).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// The response status, if an answer arrived.
    pub fn status(&self) -> Option<u16> {
        self.response.map(|r| r.status)
    }

    /// The response `Content-Type`, if any.
    pub fn response_content_type(&self) -> Option<&'a str> {
        self.response.and_then(|r| r.content_type.as_deref())
    }

    /// The response body, if an answer arrived, with secrets redacted: the value of every
    /// `access_token` and `refresh_token` member (so a login answer never shows its token), and
    /// any occurrence of the client's token or password, as is or escaped, is `<redacted>`.
    pub fn response_body(&self) -> Option<&'a [u8]> {
        self.shown_body
    }

    /// The transport failure, if no answer arrived.
    pub fn error(&self) -> Option<&'a Error> {
        self.error
    }
}

impl fmt::Debug for Exchange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exchange")
            .field("request", &self.request)
            .field("url", &self.url)
            .field("attempt", &self.attempt)
            .field("elapsed", &self.elapsed)
            .field("status", &self.status())
            .field("response_content_type", &self.response_content_type())
            .field("response_bytes", &self.response_body().map(<[u8]>::len))
            .field("error", &self.error)
            .finish()
    }
}
