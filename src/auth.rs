//! Credentials: a fixed token, or an API login that the client turns into a cached token.
//!
//! With a login the client logs in lazily on the first call that needs a token, caches the
//! token with its expiry, logs in again when less than [`RENEW_BEFORE`] remains, and on a 401
//! logs in again once and retries that request once. Logins are serialised: callers that find
//! no fresh token wait for the one login in flight and then use its token.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ureq::http::HeaderValue;

use crate::error::Error;
use crate::models::{LoginRequest, Token};
use crate::secret::Secret;

/// A token is renewed when less than this remains of its lifetime.
pub const RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

/// The lifetime assumed when a login answer has no usable `expires_in`.
pub const FALLBACK_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// Where the client reads the time for token expiry. The default is [`SystemClock`];
/// tests can move time by hand.
pub trait Clock: Send + Sync + 'static {
    /// Now, for measuring lifetimes.
    fn now(&self) -> Instant;

    /// The wall-clock time, for dates the server sends (`Retry-After`). Default
    /// [`SystemTime::now`](std::time::SystemTime::now).
    fn wall(&self) -> std::time::SystemTime {
        std::time::SystemTime::now()
    }
}

/// [`Instant::now`].
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while these locks are held; if something ever did, the data is still valid.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A token ready to send, and which login produced it.
#[derive(Clone)]
pub(crate) struct Bearer {
    pub(crate) header: HeaderValue,
    pub(crate) generation: u64,
}

struct Cached {
    bearer: Bearer,
    token: Secret,
    renew_at: Instant,
}

/// State of login-based credentials, shared by every clone of a client.
pub(crate) struct LoginState {
    pub(crate) request: LoginRequest,
    clock: Arc<dyn Clock>,
    cache: Mutex<Option<Cached>>,
    /// Held for the duration of a login, so that only one runs at a time.
    gate: Mutex<()>,
    generation: AtomicU64,
}

impl LoginState {
    pub(crate) fn new(request: LoginRequest, clock: Arc<dyn Clock>) -> Self {
        LoginState {
            request,
            clock,
            cache: Mutex::new(None),
            gate: Mutex::new(()),
            generation: AtomicU64::new(0),
        }
    }

    fn fresh(&self) -> Option<Bearer> {
        let cache = lock(&self.cache);
        cache
            .as_ref()
            .filter(|c| self.clock.now() < c.renew_at)
            .map(|c| c.bearer.clone())
    }

    /// A fresh token, logging in (once, whoever asks at the same time) if there is none.
    pub(crate) fn bearer(
        &self,
        login: impl FnOnce(&LoginRequest) -> Result<Token, Error>,
    ) -> Result<Bearer, Error> {
        if let Some(b) = self.fresh() {
            return Ok(b);
        }
        let _gate = lock(&self.gate);
        if let Some(b) = self.fresh() {
            return Ok(b);
        }
        self.login_locked(login).map(|(b, _)| b)
    }

    /// Logs in now, whatever is cached.
    pub(crate) fn force(
        &self,
        login: impl FnOnce(&LoginRequest) -> Result<Token, Error>,
    ) -> Result<Token, Error> {
        let _gate = lock(&self.gate);
        self.login_locked(login).map(|(_, t)| t)
    }

    fn login_locked(
        &self,
        login: impl FnOnce(&LoginRequest) -> Result<Token, Error>,
    ) -> Result<(Bearer, Token), Error> {
        let sent_at = self.clock.now();
        let token = login(&self.request)?;
        let lifetime = token
            .expires_in()
            .map(Duration::from_secs)
            .unwrap_or(FALLBACK_TOKEN_LIFETIME);
        let header = bearer_header(token.access_token()).map_err(|_| Error::Config {
            reason: "the login answered a token that can't be sent in an HTTP header".to_owned(),
        })?;
        let bearer = Bearer {
            header,
            generation: self.generation.fetch_add(1, Ordering::Relaxed) + 1,
        };
        *lock(&self.cache) = Some(Cached {
            bearer: bearer.clone(),
            token: token.access_token().clone(),
            renew_at: sent_at + lifetime.saturating_sub(RENEW_BEFORE),
        });
        Ok((bearer, token))
    }

    /// Forgets the token of `generation` (after a 401), unless a newer one replaced it already.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut cache = lock(&self.cache);
        if cache
            .as_ref()
            .is_some_and(|c| c.bearer.generation == generation)
        {
            *cache = None;
        }
    }

    /// The cached token, for redaction.
    pub(crate) fn cached_token(&self) -> Option<Secret> {
        lock(&self.cache).as_ref().map(|c| c.token.clone())
    }
}

/// How the client authenticates.
pub(crate) enum Auth {
    None,
    Fixed { token: Secret, header: HeaderValue },
    Login(LoginState),
}

/// `Bearer <token>` as a sensitive header value.
pub(crate) fn bearer_header(token: &Secret) -> Result<HeaderValue, Error> {
    if token.is_blank() {
        return Err(Error::Config {
            reason: "the bearer token is empty".to_owned(),
        });
    }
    let mut value = String::with_capacity(token.expose().len() + 7);
    value.push_str("Bearer ");
    value.push_str(token.expose());
    let mut header = HeaderValue::from_str(&value).map_err(|_| Error::Config {
        reason: "the bearer token contains characters not allowed in an HTTP header".to_owned(),
    })?;
    header.set_sensitive(true);
    Ok(header)
}
