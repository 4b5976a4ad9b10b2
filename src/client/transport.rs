//! One HTTP exchange over ureq: the URL, headers and body of a [`Request`], the bounded read of
//! the answer, the inspector and log line, and what a ureq failure means as an [`Error`].

use std::time::{Duration, Instant};

use ureq::http::HeaderValue;
use ureq::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, RETRY_AFTER};

use super::builder::config;
use super::{CallCtx, Client, Exchange};
use crate::error::{Error, TimeoutPhase, TransportError, TransportErrorKind};
use crate::request::Request;
use crate::response::RawResponse;

/// One line per exchange: `POST /api/Licenses/Revoke -> 200 in 3.1 ms (attempt 1)`. The request
/// line holds no secret (tokens travel in a header, passwords in the login body, neither logged).
#[cfg(feature = "log")]
fn log_exchange(
    req: &Request,
    result: &Result<RawResponse, Error>,
    elapsed: Duration,
    attempt: u32,
) {
    let ms = elapsed.as_secs_f64() * 1000.0;
    let target = req.method.as_str();
    match result {
        Ok(r) if r.status < 400 => log::info!(
            target: "mspbackups",
            "{target} {} -> {} in {ms:.1} ms (attempt {attempt})",
            req.path_and_query(),
            r.status
        ),
        Ok(r) => log::warn!(
            target: "mspbackups",
            "{target} {} -> {} in {ms:.1} ms (attempt {attempt})",
            req.path_and_query(),
            r.status
        ),
        Err(e) => log::warn!(
            target: "mspbackups",
            "{target} {} -> no answer: {e} in {ms:.1} ms (attempt {attempt})",
            req.path_and_query()
        ),
    }
}

impl Client {
    /// The one send path: builds the URL, sends, reads the bounded body, reports to the
    /// inspector (secrets redacted).
    pub(super) fn send_once(
        &self,
        req: &Request,
        auth: Option<&HeaderValue>,
        attempt: u32,
        ctx: &CallCtx,
        cap: Option<Duration>,
    ) -> Result<RawResponse, Error> {
        let shared = &*self.shared;
        let mut url = String::with_capacity(shared.base.prefix.len() + req.path.len() + 16);
        url.push_str(&shared.base.prefix);
        if req.query.is_empty() {
            url.push_str(&req.path);
        } else {
            url.push_str(&req.path_and_query());
        }

        let started = Instant::now();
        let result = self.exchange(req, &url, auth, cap);
        #[cfg(feature = "log")]
        log_exchange(req, &result, started.elapsed(), attempt);
        if let Some(inspector) = &shared.inspector {
            let (response, error) = match &result {
                Ok(r) => (Some(r), None),
                Err(e) => (None, Some(e)),
            };
            let shown = response.map(|r| ctx.redactor.bytes(&r.body));
            inspector.inspect(&Exchange {
                request: req,
                url: &url,
                attempt,
                elapsed: started.elapsed(),
                response,
                shown_body: shown.as_deref(),
                error,
            });
        }
        result
    }

    fn exchange(
        &self,
        req: &Request,
        url: &str,
        auth: Option<&HeaderValue>,
        cap: Option<Duration>,
    ) -> Result<RawResponse, Error> {
        let shared = &*self.shared;
        let mut builder = ureq::http::Request::builder()
            .method(req.method.to_http())
            .uri(url)
            .header(ACCEPT, HeaderValue::from_static(req.format.media_type()));
        if let Some(auth) = auth {
            builder = builder.header(AUTHORIZATION, auth.clone());
        }
        let sent = match &req.body {
            Some(body) => builder
                .header(
                    CONTENT_TYPE,
                    HeaderValue::from_static(req.format.content_type()),
                )
                .body(body.as_slice())
                .map(|r| run(&shared.agent, r, cap)),
            None => builder.body(()).map(|r| run(&shared.agent, r, cap)),
        };
        let mut response = match sent {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Err(self.transport_error(e, req, cap.is_some())),
            Err(_) => return Err(config("the request URL could not be built")),
        };
        let status = response.status().as_u16();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let content_type = header(CONTENT_TYPE);
        let location = if (300..400).contains(&status) {
            header(LOCATION)
        } else {
            None
        };
        let retry_after = if matches!(status, 429 | 503) {
            header(RETRY_AFTER)
        } else {
            None
        };
        // Sized from Content-Length (capped), so the buffer does not double past the body.
        let expected = response
            .body()
            .content_length()
            .unwrap_or(0)
            .min(shared.max_response_bytes);
        let mut body = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
        std::io::Read::read_to_end(
            &mut response
                .body_mut()
                .with_config()
                .limit(shared.max_response_bytes)
                .reader(),
            &mut body,
        )
        .map_err(ureq::Error::from)
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => Error::ResponseTooLarge {
                endpoint: req.label(),
                status,
                limit: shared.max_response_bytes,
            },
            e => self.transport_error(e, req, cap.is_some()),
        })?;
        Ok(RawResponse {
            status,
            content_type,
            location,
            retry_after,
            body,
        })
    }

    /// Maps a ureq failure to this crate's error, without exposing ureq in the public API.
    /// `capped`: the attempt's limit was what was left of the call's deadline.
    fn transport_error(&self, e: ureq::Error, req: &Request, capped: bool) -> Error {
        let shared = &*self.shared;
        let endpoint = req.label();
        let call_timeout = |e: ureq::Error| {
            let (phase, limit) = if capped {
                (
                    TimeoutPhase::Deadline,
                    shared.deadline.unwrap_or(shared.timeout),
                )
            } else {
                (TimeoutPhase::Call, shared.timeout)
            };
            Error::Timeout {
                endpoint: req.label(),
                phase,
                limit,
                source: Some(Box::new(e)),
            }
        };
        let mut unresolved = None;
        let kind = match &e {
            ureq::Error::Timeout(t) => {
                return match t {
                    ureq::Timeout::Connect | ureq::Timeout::Resolve
                        if !capped || shared.connect_timeout < shared.timeout =>
                    {
                        Error::Timeout {
                            endpoint,
                            phase: TimeoutPhase::Connect,
                            limit: shared.connect_timeout,
                            source: Some(Box::new(e)),
                        }
                    }
                    _ => call_timeout(e),
                };
            }
            ureq::Error::RequireHttpsOnly(_) | ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                return config("the request URL was refused by the HTTP layer");
            }
            // A failed lookup: ureq's resolver reports it as an I/O error; ours names the host.
            ureq::Error::Io(io) if crate::resolve::unresolved_host(io).is_some() => {
                unresolved = crate::resolve::unresolved_host(io).map(str::to_owned);
                TransportErrorKind::Dns
            }
            // A refused handshake (unknown issuer, expired, …) arrives as rustls inside an I/O error.
            ureq::Error::Io(io) if crate::tls::is_tls_io(io) => TransportErrorKind::Tls,
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    return call_timeout(e);
                }
                std::io::ErrorKind::ConnectionRefused => TransportErrorKind::ConnectionRefused,
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::UnexpectedEof => TransportErrorKind::ConnectionLost,
                std::io::ErrorKind::AddrNotAvailable
                | std::io::ErrorKind::NetworkUnreachable
                | std::io::ErrorKind::HostUnreachable => TransportErrorKind::Connect,
                _ => TransportErrorKind::Io,
            },
            ureq::Error::HostNotFound => {
                unresolved = Some(shared.base.name.clone());
                TransportErrorKind::Dns
            }
            ureq::Error::ConnectionFailed => TransportErrorKind::Connect,
            ureq::Error::Tls(_)
            | ureq::Error::Rustls(_)
            | ureq::Error::Pem(_)
            | ureq::Error::TlsRequired => TransportErrorKind::Tls,
            ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => {
                TransportErrorKind::Proxy
            }
            ureq::Error::Protocol(_)
            | ureq::Error::LargeResponseHeader(..)
            | ureq::Error::BodyExceedsLimit(_) => TransportErrorKind::Protocol,
            _ => TransportErrorKind::Io,
        };
        Error::Transport(TransportError {
            kind,
            endpoint,
            host: shared.base.host.clone(),
            unresolved,
            detail: crate::tls::describe_failure(&e),
            source: Box::new(e),
        })
    }
}

/// Runs one request, with `cap` as its overall limit instead of the agent's when given.
fn run<S: ureq::AsSendBody>(
    agent: &ureq::Agent,
    request: ureq::http::Request<S>,
    cap: Option<Duration>,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    match cap {
        None => agent.run(request),
        Some(limit) => agent.run(
            agent
                .configure_request(request)
                .timeout_global(Some(limit))
                .build(),
        ),
    }
}
