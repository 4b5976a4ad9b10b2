//! A string that never shows itself in `Debug` output.

use std::fmt;

/// A secret string: a bearer token or a password.
///
/// `Debug` prints `Secret(<redacted>)`; there is no `Display`. The value is reachable only
/// through [`Secret::expose`], so every place that uses it is easy to find.
///
/// ```
/// use mspbackups::Secret;
/// let token = Secret::new("abc123");
/// assert_eq!(format!("{token:?}"), "Secret(<redacted>)");
/// assert_eq!(token.expose(), "abc123");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(std::sync::Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(std::sync::Arc::from(value.into()))
    }

    /// The secret value itself. Don't log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Secret::new(value.as_str())
    }
}

/// The secret itself: this is how a request body carries it. Nothing in the crate serializes a
/// secret anywhere but into a body it sends (and, redacted, into the copy of that body it shows).
impl serde::Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.written())
    }
}

std::thread_local! {
    /// While a body is encoded: whether secrets are written redacted, and the secrets written.
    static ENCODING: std::cell::RefCell<Option<(bool, Vec<Secret>)>> =
        const { std::cell::RefCell::new(None) };
}

impl Secret {
    /// The text to write into a body: the secret, or `<redacted>` inside [`collect`] with
    /// `redact`. Records the secret for [`collect`].
    pub(crate) fn written(&self) -> &str {
        let redact = ENCODING.with(|e| match &mut *e.borrow_mut() {
            Some((redact, seen)) => {
                if !seen.contains(self) {
                    seen.push(self.clone());
                }
                *redact
            }
            None => false,
        });
        if redact { "<redacted>" } else { self.expose() }
    }
}

/// Runs an encoding, with secrets written redacted if `redact`, and returns the secrets written.
pub(crate) fn collect<R>(redact: bool, f: impl FnOnce() -> R) -> (R, Vec<Secret>) {
    let outer = ENCODING.with(|e| e.borrow_mut().replace((redact, Vec::new())));
    let r = f();
    let seen = ENCODING.with(|e| {
        let mut e = e.borrow_mut();
        let seen = e.take().map(|(_, s)| s).unwrap_or_default();
        *e = outer;
        seen
    });
    (r, seen)
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Secret::new(s.into_owned()))
    }
}
