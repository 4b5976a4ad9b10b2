//! [`ClientBuilder`]: every setting of a [`Client`], its default, and the checks `build()` makes
//! before any I/O (base URL, limits, credentials, proxy, TLS roots).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::{HeaderValue, Uri};

use super::{Client, Inspector, Shared, seed};
use crate::auth::{Auth, Clock, LoginState, SystemClock, bearer_header};
use crate::error::Error;
use crate::format::Format;
use crate::models::LoginRequest;
use crate::retry::{RetryPolicy, Sleeper, ThreadSleeper};
use crate::secret::Secret;

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
pub(super) enum ProxyChoice {
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

pub(super) fn config(reason: &str) -> Error {
    Error::Config {
        reason: reason.to_owned(),
    }
}

/// A checked base URL.
#[derive(Debug, Clone)]
pub(super) struct BaseUrl {
    /// Scheme, authority and path prefix, without a trailing slash.
    pub(super) prefix: String,
    /// `host:port`, for messages.
    pub(super) host: String,
    /// The host name alone, for messages.
    pub(super) name: String,
}

impl BaseUrl {
    pub(super) fn parse(raw: &str, allow_insecure_http: bool) -> Result<BaseUrl, Error> {
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
