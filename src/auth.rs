//! Credentials: a fixed token, or an API login that the client turns into a cached token.
//!
//! With a login the client logs in lazily on the first call that needs a token and caches the
//! token. It logs in again once the token reaches its renewal point (see [`renew_after`]: five
//! minutes before expiry for the usual two-week token, half way through a short-lived one), and
//! on a 401 it logs in again once and retries that request once.
//!
//! **One login at a time, and its outcome is shared.** Callers that find no fresh token while a
//! login is in flight wait for it and take its outcome: its token, or a copy of its error. So a
//! failing login endpoint costs one login per failure however many threads are waiting, and a
//! caller waits no longer than its own deadline.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ureq::http::HeaderValue;

use crate::error::Error;
use crate::models::{LoginRequest, Token};
use crate::secret::Secret;

/// A long-lived token is renewed when less than this remains of its lifetime.
pub const RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);

/// The lifetime assumed when a login answer has no usable `expires_in`.
pub const FALLBACK_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);

/// When a token of this lifetime is renewed, counted from when its login was sent: the later of
/// [`RENEW_BEFORE`] before it expires and half its lifetime.
///
/// A two-week token is renewed 5 minutes before it expires; a 300 s token after 150 s; a 1 s
/// token after 0.5 s. So even a short-lived token serves every call in the first half of its
/// life, and a long-lived one almost all of it.
///
/// ```
/// use std::time::Duration;
/// use mspbackups::auth::renew_after;
/// assert_eq!(renew_after(Duration::from_secs(14 * 24 * 3600)), Duration::from_secs(14 * 24 * 3600 - 300));
/// assert_eq!(renew_after(Duration::from_secs(300)), Duration::from_secs(150));
/// assert_eq!(renew_after(Duration::from_secs(1)), Duration::from_millis(500));
/// ```
pub fn renew_after(lifetime: Duration) -> Duration {
    lifetime.saturating_sub(RENEW_BEFORE).max(lifetime / 2)
}

/// Where the client reads the time for token expiry and deadlines. The default is
/// [`SystemClock`]; tests can move time by hand.
pub trait Clock: Send + Sync + 'static {
    /// Now, for measuring lifetimes and deadlines.
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
    pub(crate) token: Secret,
    pub(crate) generation: u64,
}

struct Cached {
    bearer: Bearer,
    renew_at: Instant,
}

/// What the last finished login gave.
struct Outcome {
    /// Which login (see [`Inner::started`]).
    id: u64,
    result: Result<(Bearer, Token), Error>,
}

struct Inner {
    cached: Option<Cached>,
    /// How many logins were started; the id of the newest.
    started: u64,
    /// Whether login number `started` is still running.
    in_flight: bool,
    outcome: Option<Outcome>,
}

/// State of login-based credentials, shared by every clone of a client.
pub(crate) struct LoginState {
    pub(crate) request: LoginRequest,
    clock: Arc<dyn Clock>,
    inner: Mutex<Inner>,
    finished: Condvar,
    generation: AtomicU64,
}

/// Why a caller stopped waiting for someone else's login.
pub(crate) enum WaitError {
    /// The caller's deadline came first.
    Deadline,
}

/// How a wait for the login in flight ended.
enum Waited<'g> {
    /// With the login's outcome (or the caller's deadline).
    Outcome(Result<(Bearer, Token), Result<Error, WaitError>>),
    /// The login ended without an outcome; the lock is handed back so the caller can lead.
    Abandoned(MutexGuard<'g, Inner>),
}

impl LoginState {
    pub(crate) fn new(request: LoginRequest, clock: Arc<dyn Clock>) -> Self {
        LoginState {
            request,
            clock,
            inner: Mutex::new(Inner {
                cached: None,
                started: 0,
                in_flight: false,
                outcome: None,
            }),
            finished: Condvar::new(),
            generation: AtomicU64::new(0),
        }
    }

    fn fresh(&self, inner: &Inner) -> Option<Bearer> {
        inner
            .cached
            .as_ref()
            .filter(|c| self.clock.now() < c.renew_at)
            .map(|c| c.bearer.clone())
    }

    /// A fresh token: the cached one, the one of the login in flight (waited for), or a new
    /// login's. `Err(Ok(e))` is the login's error; `Err(Err(_))` means the deadline came first.
    pub(crate) fn bearer(
        &self,
        deadline: Option<Instant>,
        login: impl FnOnce(&LoginRequest) -> Result<Token, Error>,
    ) -> Result<Bearer, Result<Error, WaitError>> {
        let mut inner = lock(&self.inner);
        loop {
            if let Some(b) = self.fresh(&inner) {
                return Ok(b);
            }
            if !inner.in_flight {
                return self.lead(inner, login).map(|(b, _)| b).map_err(Ok);
            }
            match self.wait(inner, deadline) {
                Waited::Outcome(result) => return result.map(|(b, _)| b),
                Waited::Abandoned(guard) => inner = guard,
            }
        }
    }

    /// Logs in now, whatever is cached; a login already in flight counts as that login.
    pub(crate) fn force(
        &self,
        deadline: Option<Instant>,
        login: impl FnOnce(&LoginRequest) -> Result<Token, Error>,
    ) -> Result<Token, Result<Error, WaitError>> {
        let mut inner = lock(&self.inner);
        loop {
            if !inner.in_flight {
                return self.lead(inner, login).map(|(_, t)| t).map_err(Ok);
            }
            match self.wait(inner, deadline) {
                Waited::Outcome(result) => return result.map(|(_, t)| t),
                Waited::Abandoned(guard) => inner = guard,
            }
        }
    }

    /// Waits for the login in flight and takes its outcome (or a newer login's).
    fn wait<'g>(
        &'g self,
        mut inner: MutexGuard<'g, Inner>,
        deadline: Option<Instant>,
    ) -> Waited<'g> {
        let awaited = inner.started;
        loop {
            if let Some(outcome) = inner.outcome.as_mut().filter(|o| o.id >= awaited) {
                return Waited::Outcome(match &mut outcome.result {
                    Ok(pair) => Ok(pair.clone()),
                    Err(e) => Err(Ok(e.share())),
                });
            }
            if !inner.in_flight {
                // The awaited login ended without an outcome (it panicked).
                return Waited::Abandoned(inner);
            }
            inner = match deadline {
                None => self.finished.wait(inner).unwrap_or_else(|p| p.into_inner()),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(self.clock.now());
                    if left.is_zero() {
                        return Waited::Outcome(Err(Err(WaitError::Deadline)));
                    }
                    self.finished
                        .wait_timeout(inner, left)
                        .unwrap_or_else(|p| p.into_inner())
                        .0
                }
            };
        }
    }

    /// Runs a login as the one in flight and publishes its outcome to the callers waiting.
    fn lead(
        &self,
        mut inner: MutexGuard<'_, Inner>,
        login: impl FnOnce(&LoginRequest) -> Result<Token, Error>,
    ) -> Result<(Bearer, Token), Error> {
        inner.started += 1;
        inner.in_flight = true;
        let id = inner.started;
        drop(inner);
        // If `login` panics (an inspector may), the guard ends the flight so no one waits forever.
        let guard = FlightGuard { state: self };
        let sent_at = self.clock.now();
        let mut result = login(&self.request).and_then(|token| {
            let lifetime = token
                .expires_in()
                .map(Duration::from_secs)
                .unwrap_or(FALLBACK_TOKEN_LIFETIME);
            let header = bearer_header(token.access_token()).map_err(|_| Error::Config {
                reason: "the login answered a token that can't be sent in an HTTP header"
                    .to_owned(),
            })?;
            let bearer = Bearer {
                header,
                token: token.access_token().clone(),
                generation: self.generation.fetch_add(1, Ordering::Relaxed) + 1,
            };
            Ok((bearer, token, sent_at + renew_after(lifetime)))
        });
        std::mem::forget(guard);
        let mut inner = lock(&self.inner);
        let published = match &mut result {
            Ok((bearer, token, renew_at)) => {
                inner.cached = Some(Cached {
                    bearer: bearer.clone(),
                    renew_at: *renew_at,
                });
                Ok((bearer.clone(), token.clone()))
            }
            Err(e) => Err(e.share()),
        };
        inner.outcome = Some(Outcome {
            id,
            result: published,
        });
        inner.in_flight = false;
        drop(inner);
        self.finished.notify_all();
        result.map(|(b, t, _)| (b, t))
    }

    /// Forgets the token of `generation` (after a 401), unless a newer one replaced it already.
    pub(crate) fn invalidate(&self, generation: u64) {
        let mut inner = lock(&self.inner);
        if inner
            .cached
            .as_ref()
            .is_some_and(|c| c.bearer.generation == generation)
        {
            inner.cached = None;
        }
    }
}

/// Ends a login flight without an outcome if the login unwinds.
struct FlightGuard<'a> {
    state: &'a LoginState,
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        lock(&self.state.inner).in_flight = false;
        self.state.finished.notify_all();
    }
}

/// How the client authenticates.
pub(crate) enum Auth {
    None,
    Fixed { token: Secret, header: HeaderValue },
    Login(Box<LoginState>),
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
