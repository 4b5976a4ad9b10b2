//! The blocking [`Client`], its [`ClientBuilder`], and the one send path every call goes through.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use ureq::http::{HeaderValue, Uri};

use crate::api::licenses::Licenses;
use crate::auth::{Auth, Bearer, Clock, LoginState, SystemClock, WaitError, bearer_header};
use crate::error::{Error, TimeoutPhase, TransportError, TransportErrorKind};
use crate::format::Format;
use crate::models::{LoginRequest, Token};
use crate::redact::Redactor;
use crate::request::{Endpoint, Method, Request};
use crate::response::{Label, RawResponse};
use crate::retry::{Decision, RetryPolicy, Sleeper, ThreadSleeper};
use crate::secret::Secret;

/// `POST /api/Provider/Login`: no bearer token; repeating it changes nothing on the server.
const LOGIN: Endpoint = Endpoint {
    method: Method::Post,
    path: "/api/Provider/Login",
    auth: false,
    read_only: true,
};

/// The API's public base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.mspbackups.com";
/// Default limit for setting up a connection (DNS, TCP, TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default limit for one attempt of a call: connect, send, wait, read the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default deadline for a whole call: login, every attempt, the waits between them, and a
/// re-login after a 401. Two minutes, so an interactive tool never hangs longer.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(120);
/// Default cap on a response body.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 8 * 1024 * 1024;

/// The default `User-Agent`: `mspbackups-rust/<crate version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("mspbackups-rust/", env!("CARGO_PKG_VERSION"));

/// Which proxy the client goes through.
#[derive(Clone)]
enum ProxyChoice {
    /// `ALL_PROXY` / `HTTPS_PROXY` / `HTTP_PROXY`, honouring `NO_PROXY` (ureq's reading).
    FromEnv,
    /// None.
    Off,
    /// This URL (may carry credentials, so it is kept as a secret).
    Url(Secret),
}

impl fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyChoice::FromEnv => f.write_str("FromEnv"),
            ProxyChoice::Off => f.write_str("Off"),
            ProxyChoice::Url(_) => f.write_str("Url(<redacted>)"),
        }
    }
}

/// What the builder was told to authenticate with.
#[derive(Clone)]
enum Credentials {
    None,
    Token(Secret),
    Login(LoginRequest),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::Token(_) => f.write_str("Token(<redacted>)"),
            Credentials::Login(l) => write!(
                f,
                "Login {{ user_name: {:?}, password: <redacted> }}",
                l.user_name
            ),
        }
    }
}

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
    request: &'a Request,
    url: &'a str,
    attempt: u32,
    elapsed: Duration,
    response: Option<&'a RawResponse>,
    /// The response body with secrets redacted.
    shown_body: Option<&'a [u8]>,
    error: Option<&'a Error>,
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

    /// Which attempt this was (1 for the first; see [`RetryPolicy`]).
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

/// Builds a [`Client`]. Every setting has a default; see each setter.
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    clock: Arc<dyn Clock>,
    format: Format,
    timeout: Duration,
    connect_timeout: Duration,
    deadline: Option<Duration>,
    user_agent: String,
    proxy: ProxyChoice,
    max_response_bytes: u64,
    allow_insecure_http: bool,
    inspector: Option<Arc<dyn Inspector>>,
    retry: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
    tls: crate::tls::TlsSettings,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("format", &self.format)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("user_agent", &self.user_agent)
            .field("proxy", &self.proxy)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("inspector", &self.inspector.as_ref().map(|_| "<fn>"))
            .field("retry", &self.retry)
            .field("tls_roots", &self.tls)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials: Credentials::None,
            clock: Arc::new(SystemClock),
            format: Format::Json,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            deadline: Some(DEFAULT_DEADLINE),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            proxy: ProxyChoice::FromEnv,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            allow_insecure_http: false,
            inspector: None,
            retry: RetryPolicy::default(),
            sleeper: Arc::new(ThreadSleeper),
            tls: crate::tls::TlsSettings::default(),
        }
    }
}

impl ClientBuilder {
    /// The API root. Default [`DEFAULT_BASE_URL`] (`https://api.mspbackups.com`).
    ///
    /// A path prefix is kept (`https://mspbackups.com/mbsapi` calls `…/mbsapi/api/…`); a trailing
    /// slash is ignored. Must be `https`, except for loopback hosts (`localhost`, `127.0.0.0/8`,
    /// `::1`) or with [`allow_insecure_http`](Self::allow_insecure_http). User info, a query or a
    /// fragment are refused.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Authenticate with this bearer token, sent as `Authorization: Bearer <token>`. It is used
    /// as is: never renewed. Default: no credentials, which makes every call that needs them fail
    /// with [`Error::MissingCredentials`] before any I/O. Replaces [`credentials`](Self::credentials).
    pub fn token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Credentials::Token(token.into());
        self
    }

    /// Authenticate with an API login and password (Settings → General → API credentials in
    /// the MBS console; not the console login). The client logs in on the first call that needs
    /// a token, caches the token, logs in again at its renewal point
    /// ([`renew_after`](crate::auth::renew_after): 5 minutes before expiry, or half way through a
    /// short-lived token), and after a 401 logs in again once and retries the call once. Clones
    /// share the token; concurrent callers share one login and its outcome (token or error).
    /// Replaces [`token`](Self::token).
    pub fn credentials(
        mut self,
        api_login: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.credentials = Credentials::Login(LoginRequest::new(api_login, password));
        self
    }

    /// When failed calls are tried again. Default [`RetryPolicy::default`]: 3 attempts, see
    /// [`crate::retry`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// What waits between attempts. Default [`ThreadSleeper`].
    pub fn sleeper(mut self, sleeper: impl Sleeper) -> Self {
        self.sleeper = Arc::new(sleeper);
        self
    }

    /// The clock token expiry (and `Retry-After` dates) are measured with. Default
    /// [`SystemClock`].
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The wire format of bodies and `Accept`. Default [`Format::Json`].
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Limit for one attempt of a call (connect, send, wait, read the body). Default
    /// [`DEFAULT_TIMEOUT`] (30 s). Must be more than zero. A call that runs out of it is not
    /// retried (the request may have reached the server); the [`deadline`](Self::deadline)
    /// bounds the whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limit for a whole call, everything included: the login it may need (or the wait for
    /// another caller's login), every attempt, the waits between attempts (backoff and
    /// `Retry-After`), and the re-login and repeat after a 401. Default [`DEFAULT_DEADLINE`]
    /// (2 minutes). Must be more than zero.
    ///
    /// An attempt that starts close to the deadline gets only the time left as its limit; a wait
    /// that would end past the deadline is not started, and the failure that called for it is
    /// returned instead. A call that reaches the deadline fails with [`Error::Timeout`] and
    /// [`TimeoutPhase::Deadline`](crate::TimeoutPhase::Deadline).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// No deadline for a whole call: only the per-attempt limits and the retry policy bound it
    /// (see the README's worst case: 600 s with the other defaults).
    pub fn no_deadline(mut self) -> Self {
        self.deadline = None;
        self
    }

    /// Limit for setting up a connection. Default [`DEFAULT_CONNECT_TIMEOUT`] (10 s). Must be
    /// more than zero; the call limit still applies.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent`. Default [`DEFAULT_USER_AGENT`] (`mspbackups-rust/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Go through this proxy (`http://`, `https://`, `socks5://` URLs as ureq reads them). Default:
    /// the proxy named by `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY`, honouring `NO_PROXY`.
    pub fn proxy(mut self, url: impl Into<Secret>) -> Self {
        self.proxy = ProxyChoice::Url(url.into());
        self
    }

    /// Use no proxy, whatever the environment says.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxyChoice::Off;
        self
    }

    /// Cap on a response body, in bytes. Default [`DEFAULT_MAX_RESPONSE_BYTES`] (8 MiB); a larger
    /// body fails with [`Error::ResponseTooLarge`].
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allow an `http://` base URL on a non-loopback host. Default `false`: the token would travel
    /// in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Calls `inspector` after every HTTP exchange. Default: none.
    pub fn inspector(mut self, inspector: impl Inspector) -> Self {
        self.inspector = Some(Arc::new(inspector));
        self
    }

    /// Also trust the CA certificates in this PEM text (one or more `-----BEGIN CERTIFICATE-----`
    /// sections) to verify the server, e.g. the CA of a TLS-inspecting corporate proxy. May be
    /// called more than once: every certificate given is trusted. Other PEM sections (keys, CRLs)
    /// are ignored.
    ///
    /// Default: none; the server is verified against the Mozilla roots bundled with the crate
    /// (`webpki-roots`). The certificates given are **added** to those roots, so the client
    /// works both behind the proxy and off it.
    ///
    /// A text that is not valid PEM, or holds no certificate, makes [`build`](Self::build) fail
    /// with [`Error::Config`]; nothing is sent.
    ///
    /// ```no_run
    /// let client = mspbackups::Client::builder()
    ///     .token("…")
    ///     .add_root_certificates_pem(std::fs::read("corporate-proxy-ca.pem")?)
    ///     .build()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_root_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.tls.add_pem(pem.as_ref());
        self
    }

    /// Verify the server with the operating system's certificate store and verifier (through
    /// `rustls-platform-verifier`: the Windows and macOS trust settings, the system CA bundle on
    /// Linux) instead of the bundled Mozilla roots. CAs that an IT department deploys to its
    /// machines, such as a TLS-inspecting proxy's, are then trusted like every public CA.
    ///
    /// Default `false`: the bundled roots (`webpki-roots`). Cannot be combined with
    /// [`add_root_certificates_pem`](Self::add_root_certificates_pem): [`build`](Self::build) fails with
    /// [`Error::Config`].
    #[cfg(feature = "platform-verifier")]
    #[cfg_attr(docsrs, doc(cfg(feature = "platform-verifier")))]
    pub fn platform_certificates(mut self, on: bool) -> Self {
        self.tls.set_platform(on);
        self
    }

    /// Checks the settings and builds the client (no I/O).
    pub fn build(self) -> Result<Client, Error> {
        let base = BaseUrl::parse(&self.base_url, self.allow_insecure_http)?;
        if self.timeout.is_zero() {
            return Err(config("the call timeout must be more than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(config("the connect timeout must be more than zero"));
        }
        if self.deadline.is_some_and(|d| d.is_zero()) {
            return Err(config("the call deadline must be more than zero"));
        }
        if self.max_response_bytes == 0 {
            return Err(config("the response size limit must be more than zero"));
        }
        if HeaderValue::from_str(&self.user_agent).is_err() {
            return Err(config(
                "the user agent contains characters not allowed in an HTTP header",
            ));
        }
        let auth = match self.credentials {
            Credentials::None => Auth::None,
            Credentials::Token(token) => Auth::Fixed {
                header: bearer_header(&token)?,
                token,
            },
            Credentials::Login(login) => {
                if login.user_name.trim().is_empty() {
                    return Err(config("the API login is empty"));
                }
                let chars = login.password.expose().chars().count();
                if !(3..=100).contains(&chars) {
                    return Err(config(
                        "the API password must be 3 to 100 characters long (the API's own rule)",
                    ));
                }
                Auth::Login(Box::new(LoginState::new(login, Arc::clone(&self.clock))))
            }
        };
        let proxy = match &self.proxy {
            ProxyChoice::FromEnv => ureq::Proxy::try_from_env(),
            ProxyChoice::Off => None,
            ProxyChoice::Url(url) => Some(
                ureq::Proxy::new(url.expose())
                    .map_err(|_| config("the proxy URL is not one ureq can use"))?,
            ),
        };
        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(self.timeout))
            .timeout_connect(Some(self.connect_timeout))
            .max_redirects(0)
            .max_redirects_will_error(false)
            .user_agent(self.user_agent.as_str())
            .proxy(proxy)
            .tls_config(self.tls.ureq_config()?)
            .build();
        let agent = ureq::Agent::with_parts(
            agent_config,
            ureq::unversioned::transport::DefaultConnector::new(),
            crate::resolve::CachingResolver::default(),
        );
        Ok(Client {
            shared: Arc::new(Shared {
                agent,
                base,
                auth,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                deadline: self.deadline,
                user_agent: self.user_agent,
                proxy: self.proxy,
                max_response_bytes: self.max_response_bytes,
                inspector: self.inspector,
                retry: self.retry,
                sleeper: self.sleeper,
                clock: self.clock,
                jitter: std::sync::atomic::AtomicU64::new(seed()),
            }),
            format: self.format,
        })
    }
}

fn config(reason: &str) -> Error {
    Error::Config {
        reason: reason.to_owned(),
    }
}

/// A checked base URL.
#[derive(Debug, Clone)]
struct BaseUrl {
    /// Scheme, authority and path prefix, without a trailing slash.
    prefix: String,
    /// `host:port`, for messages.
    host: String,
    /// The host name alone, for messages.
    name: String,
}

impl BaseUrl {
    fn parse(raw: &str, allow_insecure_http: bool) -> Result<BaseUrl, Error> {
        let raw = raw.trim();
        if raw.contains('#') {
            return Err(config("the base URL must not have a fragment"));
        }
        let uri: Uri = raw
            .parse()
            .map_err(|_| config("the base URL is not a valid absolute http(s) URL"))?;
        let scheme = uri.scheme_str().map(str::to_ascii_lowercase);
        let authority = uri
            .authority()
            .ok_or_else(|| config("the base URL is not a valid absolute http(s) URL"))?;
        if authority.as_str().contains('@') {
            return Err(config(
                "the base URL must not carry user info; use a token instead",
            ));
        }
        if uri.query().is_some() {
            return Err(config("the base URL must not have a query"));
        }
        let host = authority.host();
        let (secure, default_port) = match scheme.as_deref() {
            Some("https") => (true, 443),
            Some("http") => (false, 80),
            _ => {
                return Err(config(
                    "the base URL must start with https:// (or http:// for loopback)",
                ));
            }
        };
        if !secure && !allow_insecure_http && !is_loopback(host) {
            return Err(Error::Config {
                reason: format!(
                    "the base URL uses http:// for {host}, which would send the token in clear text; \
                     use https://, a loopback address, or allow_insecure_http(true)"
                ),
            });
        }
        // `http` reads a port it can't parse as none; refuse it rather than call port 443.
        let after_host = authority.as_str().strip_prefix(host).unwrap_or(":");
        let port = match after_host.strip_prefix(':') {
            None if after_host.is_empty() => default_port,
            Some(digits) => match digits.parse::<u16>() {
                Ok(port) if port > 0 => port,
                _ => {
                    return Err(config(
                        "the base URL's port must be a number from 1 to 65535",
                    ));
                }
            },
            None => {
                return Err(config("the base URL is not a valid absolute http(s) URL"));
            }
        };
        let path = uri.path().trim_end_matches('/');
        let prefix = format!(
            "{}://{}{}",
            if secure { "https" } else { "http" },
            authority.as_str(),
            path
        );
        Ok(BaseUrl {
            prefix,
            host: format!("{host}:{port}"),
            name: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_owned(),
        })
    }
}

/// `localhost`, `127.0.0.0/8` or `::1`.
pub(crate) fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    if h.eq_ignore_ascii_case("localhost") {
        return true;
    }
    h.parse::<std::net::IpAddr>()
        .map(|ip| ip.is_loopback())
        .unwrap_or(false)
}

struct Shared {
    agent: ureq::Agent,
    base: BaseUrl,
    auth: Auth,
    timeout: Duration,
    connect_timeout: Duration,
    deadline: Option<Duration>,
    user_agent: String,
    proxy: ProxyChoice,
    max_response_bytes: u64,
    inspector: Option<Arc<dyn Inspector>>,
    retry: RetryPolicy,
    sleeper: Arc<dyn Sleeper>,
    clock: Arc<dyn Clock>,
    /// State of the jitter generator (splitmix64).
    jitter: std::sync::atomic::AtomicU64,
}

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

/// A random 64-bit seed from the process's hasher keys.
fn seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x6d73_7062_6163_6b75);
    h.finish()
}

/// A blocking MBS API client.
///
/// Cheap to clone (an `Arc`); clones share one connection pool, so connections stay alive
/// across calls and threads. `Send + Sync`.
///
/// ```no_run
/// use mspbackups::{Client, Format};
///
/// let client = Client::builder().token("…").format(Format::Xml).build()?;
/// client.licenses().revoke_from_user("license-id", "user-id")?;
/// # Ok::<(), mspbackups::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    format: Format,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.shared;
        f.debug_struct("Client")
            .field("base_url", &s.base.prefix)
            .field("format", &self.format)
            .field(
                "credentials",
                &match &s.auth {
                    Auth::None => "none".to_owned(),
                    Auth::Fixed { .. } => "token <redacted>".to_owned(),
                    Auth::Login(l) => {
                        format!("login {:?}, password <redacted>", l.request.user_name)
                    }
                },
            )
            .field("timeout", &s.timeout)
            .field("connect_timeout", &s.connect_timeout)
            .field("deadline", &s.deadline)
            .field("user_agent", &s.user_agent)
            .field("proxy", &s.proxy)
            .field("max_response_bytes", &s.max_response_bytes)
            .field("retry", &s.retry)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with every default set.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the public API with this bearer token and every other default.
    pub fn with_token(token: impl Into<Secret>) -> Result<Client, Error> {
        Client::builder().token(token).build()
    }

    /// The format this client sends and asks for.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The same client (same connections, same credentials) speaking `format`.
    pub fn with_format(&self, format: Format) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            format,
        }
    }

    /// The base URL calls are made against, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.shared.base.prefix
    }

    /// License calls: grant, release, revoke.
    pub fn licenses(&self) -> Licenses<'_> {
        Licenses::new(self)
    }

    /// Logs in with the client's API login now, caches the token, and returns it.
    ///
    /// Useful to check credentials up front; calls log in by themselves when needed.
    /// Fails with [`Error::Authentication`] when the server refuses the login and password, and
    /// with [`Error::MissingCredentials`] when the client was built with a fixed token or none.
    ///
    /// ```no_run
    /// let client = mspbackups::Client::builder().credentials("api-login", "api-password").build()?;
    /// let token = client.login()?;
    /// println!("logged in, token valid for {:?} s", token.expires_in());
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn login(&self) -> Result<Token, Error> {
        let Auth::Login(state) = &self.shared.auth else {
            return Err(Error::MissingCredentials {
                endpoint: format!("POST {}", LOGIN.path),
            });
        };
        let ctx = self.begin();
        let result = state
            .force(ctx.deadline, |body| self.post_login(body, &ctx))
            .map_err(|e| self.waited(e, || format!("POST {}", LOGIN.path)));
        result.map_err(|e| ctx.redactor.error(e))
    }

    /// `POST /api/Provider/Login`, uncached.
    fn post_login(&self, body: &LoginRequest, ctx: &CallCtx) -> Result<Token, Error> {
        let req = Request::new(LOGIN, self.format).with_secret_body(body, &body.redacted())?;
        self.send_retrying(&req, None, ctx)?
            .into_token(Label::request(&req, &ctx.redactor))
    }

    /// What a call keeps from its start to its end: its deadline and the secrets it has used.
    fn begin(&self) -> CallCtx {
        let shared = &*self.shared;
        let mut redactor = Redactor::default();
        match &shared.auth {
            Auth::None => {}
            Auth::Fixed { token, .. } => redactor.add(token),
            Auth::Login(state) => redactor.add(&state.request.password),
        }
        CallCtx {
            deadline: shared
                .deadline
                .and_then(|d| shared.clock.now().checked_add(d)),
            redactor,
        }
    }

    /// The error of a login that was waited for, or of the deadline that came first.
    fn waited(&self, e: Result<Error, WaitError>, endpoint: impl FnOnce() -> String) -> Error {
        match e {
            Ok(e) => e,
            Err(WaitError::Deadline) => self.deadline_error(endpoint()),
        }
    }

    fn deadline_error(&self, endpoint: String) -> Error {
        Error::Timeout {
            endpoint,
            phase: TimeoutPhase::Deadline,
            limit: self.shared.deadline.unwrap_or(Duration::MAX),
            source: None,
        }
    }

    /// Sends a request and reads its answer with `read`; errors have secrets redacted.
    pub(crate) fn call<T>(
        &self,
        req: &Request,
        read: impl FnOnce(RawResponse, Label<'_>) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut ctx = self.begin();
        let result = self
            .send(req, &mut ctx)
            .and_then(|resp| read(resp, Label::request(req, &ctx.redactor)));
        result.map_err(|e| ctx.redactor.error(e))
    }

    /// A fresh token from the login state, logging in (or waiting for the login in flight).
    fn bearer(
        &self,
        state: &LoginState,
        req: &Request,
        ctx: &mut CallCtx,
    ) -> Result<Bearer, Error> {
        let bearer = state
            .bearer(ctx.deadline, |body| self.post_login(body, ctx))
            .map_err(|e| self.waited(e, || req.label()))?;
        ctx.redactor.add(&bearer.token);
        Ok(bearer)
    }

    /// Adds credentials and sends; with login credentials a 401 costs one fresh login and one
    /// retry.
    fn send(&self, req: &Request, ctx: &mut CallCtx) -> Result<RawResponse, Error> {
        if !req.auth {
            return self.send_retrying(req, None, ctx);
        }
        match &self.shared.auth {
            Auth::None => Err(Error::MissingCredentials {
                endpoint: req.label(),
            }),
            Auth::Fixed { header, .. } => self.send_retrying(req, Some(header), ctx),
            Auth::Login(state) => {
                let bearer = self.bearer(state, req, ctx)?;
                let resp = self.send_retrying(req, Some(&bearer.header), ctx)?;
                if resp.status != 401 {
                    return Ok(resp);
                }
                state.invalidate(bearer.generation);
                let bearer = self.bearer(state, req, ctx)?;
                self.send_retrying(req, Some(&bearer.header), ctx)
            }
        }
    }

    /// Sends, and sends again as the retry policy says, within the call's deadline.
    fn send_retrying(
        &self,
        req: &Request,
        auth: Option<&HeaderValue>,
        ctx: &CallCtx,
    ) -> Result<RawResponse, Error> {
        let shared = &*self.shared;
        let mut attempt = 1;
        loop {
            // An attempt gets the call timeout, or only what is left of the deadline.
            let cap = match ctx.deadline {
                None => None,
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(shared.clock.now());
                    if left.is_zero() {
                        return Err(self.deadline_error(req.label()));
                    }
                    (left < shared.timeout).then_some(left)
                }
            };
            let result = self.send_once(req, auth, attempt, ctx, cap);
            if shared.retry.attempts() <= attempt {
                return result;
            }
            let random = self.random();
            match shared
                .retry
                .decide(attempt, &result, req.read_only, random, || {
                    shared.clock.wall()
                }) {
                Decision::Stop => return result,
                Decision::Retry(wait) => {
                    // Don't start a wait that would end past the deadline.
                    if let Some(deadline) = ctx.deadline {
                        if shared
                            .clock
                            .now()
                            .checked_add(wait)
                            .is_none_or(|end| end >= deadline)
                        {
                            return result;
                        }
                    }
                    shared.sleeper.sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// A uniform sample in `[0, 1)` (splitmix64).
    fn random(&self) -> f64 {
        let s = self
            .shared
            .jitter
            .fetch_add(0x9E37_79B9_7F4A_7C15, std::sync::atomic::Ordering::Relaxed)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }

    /// The one send path: builds the URL, sends, reads the bounded body, reports to the
    /// inspector (secrets redacted).
    fn send_once(
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

/// What one call keeps from its start to its end.
struct CallCtx {
    /// When the call must end (by the client's [`Clock`]), if it has a deadline.
    deadline: Option<Instant>,
    /// The secrets this call used, redacted from everything it shows.
    redactor: Redactor,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
    }

    #[test]
    fn base_url_rules() {
        let ok = |u: &str| BaseUrl::parse(u, false).map(|b| b.prefix);
        assert_eq!(
            ok("https://api.mspbackups.com").unwrap(),
            "https://api.mspbackups.com"
        );
        assert_eq!(
            ok("https://api.mspbackups.com/").unwrap(),
            "https://api.mspbackups.com"
        );
        assert_eq!(
            ok("https://mspbackups.com/mbsapi/").unwrap(),
            "https://mspbackups.com/mbsapi"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(ok("http://localhost:1").unwrap(), "http://localhost:1");
        assert_eq!(ok("http://[::1]:9/").unwrap(), "http://[::1]:9");
        assert_eq!(
            BaseUrl::parse("https://h:444", false).unwrap().host,
            "h:444"
        );
        for bad in [
            "http://api.mspbackups.com",
            "ftp://x",
            "api.mspbackups.com",
            "https://user:pw@api.mspbackups.com",
            "https://api.mspbackups.com/?a=1",
            "https://api.mspbackups.com/#x",
            "",
        ] {
            let err = ok(bad).unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}");
            assert!(!err.to_string().contains("pw"), "{err}");
        }
        assert!(BaseUrl::parse("http://10.0.0.5", true).is_ok());
        // Issue 9.8: ports out of range are refused at build time.
        for bad in [
            "https://h:0",
            "https://h:65536",
            "https://h:70000",
            "https://h:99999999999",
            "http://[::1]:0",
        ] {
            let err = Client::builder().base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}");
            assert!(err.to_string().contains("port"), "{bad}: {err}");
        }
        assert_eq!(
            BaseUrl::parse("https://h:65535", false).unwrap().host,
            "h:65535"
        );
        assert_eq!(BaseUrl::parse("https://h:1/", false).unwrap().host, "h:1");
        assert_eq!(
            BaseUrl::parse("http://[::1]:8080", false).unwrap().name,
            "::1"
        );
    }

    #[test]
    fn builder_refuses_bad_settings_without_echoing_the_token() {
        let bad_token = "abc\r\ndef-secret";
        let err = Client::builder().token(bad_token).build().unwrap_err();
        assert!(matches!(err, Error::Config { .. }));
        assert!(!format!("{err} {err:?}").contains("secret"));
        assert!(Client::builder().token("  ").build().is_err());
        assert!(Client::builder().timeout(Duration::ZERO).build().is_err());
        assert!(
            Client::builder()
                .connect_timeout(Duration::ZERO)
                .build()
                .is_err()
        );
        assert!(Client::builder().max_response_bytes(0).build().is_err());
        assert!(Client::builder().user_agent("a\nb").build().is_err());
    }

    #[test]
    fn debug_redacts_token_and_proxy() {
        let builder = Client::builder()
            .token("tok-SECRET-1")
            .proxy("http://user:PROXYPW@proxy:3128");
        let shown = format!("{builder:?}");
        assert!(
            !shown.contains("SECRET") && !shown.contains("PROXYPW"),
            "{shown}"
        );
        let client = Client::builder()
            .token("tok-SECRET-1")
            .no_proxy()
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }

    #[test]
    fn with_format_shares_everything_else() {
        let a = Client::builder().token("t").build().unwrap();
        let b = a.with_format(Format::Xml);
        assert_eq!(a.format(), Format::Json);
        assert_eq!(b.format(), Format::Xml);
        assert!(Arc::ptr_eq(&a.shared, &b.shared));
    }
}
