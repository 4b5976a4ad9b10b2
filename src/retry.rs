//! Retries: which failures are tried again, how long to wait, and who does the waiting.
//!
//! | failure | retried? |
//! |---|---|
//! | nothing reached the server: connection refused, DNS failure, no route, connect timeout | yes, any method |
//! | 429 Too Many Requests, 503 Service Unavailable | yes, any method; `Retry-After` (seconds or an HTTP date) is honoured up to [`RetryPolicy::max_retry_after`], beyond it the error is returned |
//! | 502 Bad Gateway, 504 Gateway Timeout, a connection lost mid-call | reads only (GET, login); a POST only with [`RetryPolicy::retry_non_idempotent`] |
//! | any other 4xx, 500, a call timeout, TLS or certificate failures, decode errors | never |
//!
//! A 401 is not a retry: with login credentials the client logs in again once and repeats the
//! call once (see [`crate::auth`]).
//!
//! Waits grow exponentially with full jitter: attempt *n* waits a uniformly random time in
//! `[0, min(max_delay, base_delay × 2^(n−1))]`.

use std::time::{Duration, SystemTime};

use crate::error::{Error, TransportErrorKind};
use crate::response::RawResponse;

/// Default number of attempts, the first included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default base of the exponential backoff.
pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(250);
/// Default cap on one backoff wait.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(8);
/// Default cap on a `Retry-After` the client will wait for.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// When and how often a failed call is tried again. On by default: see the [module docs](self).
///
/// ```
/// use std::time::Duration;
/// use mspbackups::retry::RetryPolicy;
///
/// let patient = RetryPolicy::default().max_attempts(5).max_delay(Duration::from_secs(20));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            base_delay: DEFAULT_BASE_DELAY,
            max_delay: DEFAULT_MAX_DELAY,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            retry_non_idempotent: false,
        }
    }
}

/// What the retry loop should do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Stop,
    /// Wait this long, then try again.
    Retry(Duration),
}

impl RetryPolicy {
    /// One attempt only.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (at least 1). Default [`DEFAULT_MAX_ATTEMPTS`] (3).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Base of the exponential backoff. Default [`DEFAULT_BASE_DELAY`] (250 ms).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Cap on one backoff wait. Default [`DEFAULT_MAX_DELAY`] (8 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest `Retry-After` the client waits for; a longer one ends the retries and the
    /// 429/503 is returned. Default [`DEFAULT_MAX_RETRY_AFTER`] (30 s).
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Also retry state-changing calls (grant, release, revoke) after failures that may have
    /// reached the server (502, 504, a lost connection). Default `false`: such a call might then
    /// run twice.
    pub fn retry_non_idempotent(mut self, allow: bool) -> Self {
        self.retry_non_idempotent = allow;
        self
    }

    /// The number of attempts.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Decides after attempt number `attempt` (1-based). `random` is a uniform sample in
    /// `[0, 1)` for the jitter; `now` reads the wall clock for `Retry-After` dates.
    pub(crate) fn decide(
        &self,
        attempt: u32,
        outcome: &Result<RawResponse, Error>,
        read_only: bool,
        random: f64,
        now: impl FnOnce() -> SystemTime,
    ) -> Decision {
        if attempt >= self.max_attempts {
            return Decision::Stop;
        }
        let repeatable = read_only || self.retry_non_idempotent;
        let backoff = || {
            let exp = self
                .base_delay
                .saturating_mul(1u32 << (attempt - 1).min(20));
            Decision::Retry(exp.min(self.max_delay).mul_f64(random.clamp(0.0, 1.0)))
        };
        match outcome {
            Ok(resp) => match resp.status {
                429 | 503 => match resp
                    .retry_after
                    .as_deref()
                    .map(|v| parse_retry_after(v, now()))
                {
                    None | Some(None) => backoff(),
                    Some(Some(wait)) if wait <= self.max_retry_after => Decision::Retry(wait),
                    Some(Some(_)) => Decision::Stop,
                },
                502 | 504 if repeatable => backoff(),
                _ => Decision::Stop,
            },
            Err(Error::Transport(t)) => match t.kind() {
                TransportErrorKind::ConnectionRefused
                | TransportErrorKind::Dns
                | TransportErrorKind::Connect => backoff(),
                TransportErrorKind::ConnectionLost if repeatable => backoff(),
                _ => Decision::Stop,
            },
            Err(Error::Timeout {
                phase: crate::error::TimeoutPhase::Connect,
                ..
            }) => backoff(),
            Err(_) => Decision::Stop,
        }
    }
}

/// `Retry-After`: delay-seconds, or an HTTP date (IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37
/// GMT`). A date in the past means now.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return v.parse::<u64>().ok().map(Duration::from_secs);
    }
    let when = parse_http_date(v)?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(v: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rest = v.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: u32 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    let text = format!("{year:04}-{month:02}-{day:02}T{time}Z");
    let ts: crate::models::Timestamp = text.parse().ok()?;
    Some(ts.to_system_time())
}

/// Waits between attempts. The default really sleeps; tests can record instead.
pub trait Sleeper: Send + Sync + 'static {
    /// Waits for `duration`.
    fn sleep(&self, duration: Duration);
}

/// [`std::thread::sleep`].
#[derive(Debug, Default, Clone, Copy)]
pub struct ThreadSleeper;

impl Sleeper for ThreadSleeper {
    fn sleep(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn resp(status: u16, retry_after: Option<&str>) -> Result<RawResponse, Error> {
        Ok(RawResponse {
            status,
            content_type: None,
            location: None,
            retry_after: retry_after.map(str::to_owned),
            body: Vec::new(),
        })
    }

    fn now() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT
    }

    #[test]
    fn parses_retry_after_in_both_forms() {
        assert_eq!(
            parse_retry_after("120", now()),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now()), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now()),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now()),
            Some(Duration::ZERO)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST",
        ] {
            assert_eq!(parse_retry_after(bad, now()), None, "{bad}");
        }
    }

    #[test]
    fn backoff_is_exponential_with_full_jitter_and_capped() {
        let p = RetryPolicy::default().max_attempts(10);
        let delay = |attempt, random| match p.decide(attempt, &resp(503, None), false, random, now)
        {
            Decision::Retry(d) => d,
            Decision::Stop => panic!("stopped"),
        };
        assert_eq!(delay(1, 1.0), Duration::from_millis(250));
        assert_eq!(delay(2, 1.0), Duration::from_millis(500));
        assert_eq!(delay(3, 0.5), Duration::from_millis(500));
        assert_eq!(delay(9, 1.0), DEFAULT_MAX_DELAY);
        assert_eq!(delay(4, 0.0), Duration::ZERO);
    }

    #[test]
    fn decides_by_status_method_and_retry_after() {
        let p = RetryPolicy::default();
        let d = |out: &Result<RawResponse, Error>, read| p.decide(1, out, read, 1.0, now);
        assert_eq!(
            d(&resp(429, Some("7")), false),
            Decision::Retry(Duration::from_secs(7))
        );
        assert_eq!(
            d(&resp(503, Some("31")), true),
            Decision::Stop,
            "longer than the cap"
        );
        assert_eq!(
            d(&resp(502, None), true),
            Decision::Retry(Duration::from_millis(250))
        );
        assert_eq!(d(&resp(502, None), false), Decision::Stop);
        assert_eq!(d(&resp(504, None), false), Decision::Stop);
        let brave = RetryPolicy::default().retry_non_idempotent(true);
        assert!(matches!(
            brave.decide(1, &resp(504, None), false, 1.0, now),
            Decision::Retry(_)
        ));
        for status in [200, 400, 401, 403, 404, 409, 500] {
            assert_eq!(d(&resp(status, None), true), Decision::Stop, "{status}");
        }
        assert_eq!(
            p.decide(3, &resp(503, None), true, 1.0, now),
            Decision::Stop,
            "attempts used up"
        );
        assert_eq!(
            RetryPolicy::none().decide(1, &resp(503, None), true, 1.0, now),
            Decision::Stop
        );
    }
}
