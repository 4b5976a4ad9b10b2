//! The blocking [`Client`]: one value per configured API connection, and the call path every
//! endpoint goes through (credentials, deadline, retries, redaction).
//!
//! The rest of the client lives beside it: [`builder`] (settings and their defaults),
//! [`inspect`] (what an [`Inspector`] sees) and [`transport`] (one HTTP exchange over ureq).

mod builder;
mod inspect;
mod transport;

pub use builder::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use inspect::{Exchange, Inspector};

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::http::HeaderValue;

use crate::api::accounts::Accounts;
use crate::api::administrators::Administrators;
use crate::api::billing::Billing;
use crate::api::builds::Builds;
use crate::api::companies::Companies;
use crate::api::computers::Computers;
use crate::api::destinations::Destinations;
use crate::api::licenses::Licenses;
use crate::api::monitoring::Monitoring;
use crate::api::packages::Packages;
use crate::api::users::Users;
use crate::auth::{Auth, Bearer, Clock, LoginState, WaitError};
use crate::error::{Error, TimeoutPhase};
use crate::format::Format;
use crate::models::{LoginRequest, Token};
use crate::redact::Redactor;
use crate::request::{Method, Request};
use crate::response::{Label, RawResponse, Response};
use crate::retry::{Decision, RetryPolicy, Sleeper};
use crate::route::{AnswerShape, BodyShape, Route};
use crate::secret::Secret;
use builder::{BaseUrl, ProxyChoice};

/// `POST /api/Provider/Login`: no bearer token; repeating it changes nothing on the server.
pub(crate) const LOGIN_ROUTE: Route = Route {
    group: "Provider",
    operation: "login",
    method: Method::Post,
    path: "/api/Provider/Login",
    params: &[],
    body: BodyShape::Model(&LoginRequest::CONTRACT),
    answer: AnswerShape::Token,
    auth: false,
    read_only: true,
    json_only: false,
};

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

    /// Company calls: list, get, create, update, delete.
    pub fn companies(&self) -> Companies<'_> {
        Companies::new(self)
    }

    /// Administrator calls: list, get, create, update, delete.
    pub fn administrators(&self) -> Administrators<'_> {
        Administrators::new(self)
    }

    /// Package (storage limit) calls: list, get, a user's packages, create, update, delete.
    pub fn packages(&self) -> Packages<'_> {
        Packages::new(self)
    }

    /// Computer calls (JSON only): pages, one computer, authorization.
    pub fn computers(&self) -> Computers<'_> {
        Computers::new(self)
    }

    /// Storage account calls: list, get, create, update, and the accounts' buckets.
    pub fn accounts(&self) -> Accounts<'_> {
        Accounts::new(self)
    }

    /// Destination calls: the destinations available, a user's, assign, change, remove.
    pub fn destinations(&self) -> Destinations<'_> {
        Destinations::new(self)
    }

    /// Monitoring calls: the latest run of every plan, or of one user's.
    pub fn monitoring(&self) -> Monitoring<'_> {
        Monitoring::new(self)
    }

    /// Billing calls: the month's report, filtered or not, and a user's details.
    pub fn billing(&self) -> Billing<'_> {
        Billing::new(self)
    }

    /// Build calls: download links, custom builds, the latest versions.
    pub fn builds(&self) -> Builds<'_> {
        Builds::new(self)
    }

    /// User calls: list, get, create, update, authenticate, delete, computers.
    pub fn users(&self) -> Users<'_> {
        Users::new(self)
    }

    /// Sends any request and returns the answer as received: the escape hatch for routes the
    /// SDK has no method for. The call gets everything the SDK's own calls get: the token (and a
    /// login when needed), retries by the client's policy, the deadline, size limits, redaction,
    /// and typed errors for non-2xx answers ([`Error::Api`], [`Error::Unauthorized`], …). A 2xx
    /// answer is returned as is, whatever its body says.
    ///
    /// ```no_run
    /// use mspbackups::{Method, Request, models::License};
    /// let client = mspbackups::Client::with_token("token")?;
    /// let req = Request::new(Method::Get, "/api/Licenses", client.format())?;
    /// let resp = client.send(&req)?;
    /// let licenses = License::list_from_body(resp.format().unwrap_or(client.format()), resp.body())?;
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub fn send(&self, req: &Request) -> Result<Response, Error> {
        self.call(req, |resp, label| {
            if (200..300).contains(&resp.status) {
                Ok(Response::from_raw(resp))
            } else {
                Err(resp.failure(label))
            }
        })
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
                endpoint: format!("POST {}", LOGIN_ROUTE.path),
            });
        };
        let ctx = self.begin();
        let result = state
            .force(ctx.deadline, |body| self.post_login(body, &ctx))
            .map_err(|e| self.waited(e, || format!("POST {}", LOGIN_ROUTE.path)));
        result.map_err(|e| ctx.redactor.error(e))
    }

    /// `POST /api/Provider/Login`, uncached.
    fn post_login(&self, body: &LoginRequest, ctx: &CallCtx) -> Result<Token, Error> {
        let req = Request::for_route(&LOGIN_ROUTE, self.format)
            .with_secret_body(body, &body.redacted())?;
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
        for secret in &req.secrets {
            ctx.redactor.add(secret);
        }
        let result = self
            .send_authed(req, &mut ctx)
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
    fn send_authed(&self, req: &Request, ctx: &mut CallCtx) -> Result<RawResponse, Error> {
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
    use super::builder::BaseUrl;
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
