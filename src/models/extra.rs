//! `Extra`: members a response carried that this version's model does not declare.

use std::fmt;

use crate::format::Format;

/// Members of a response that this version of a model does not declare, kept as raw text so that
/// fields the API adds are readable before a new release of the crate knows them.
///
/// - Decoding never fails because of an unknown member; up to [`Extra::MAX`] of them (the first
///   occurrence of each name) are kept per model value.
/// - JSON values are kept as their raw JSON text (`"x"`, `12`, `{"a":1}`); XML values as the raw
///   markup inside the element (entities not expanded, prefixes as written).
/// - They are **not** sent back in requests unless [`Extra::send_back`] asks for it, and then
///   only in the format they came in.
/// - `Debug` shows their names only: an unknown member may hold something secret.
///
/// ```
/// use mspbackups::{Format, models::License};
/// let body = br#"{"ID":"L1","Number":7,"IsTrial":false,"IsTaken":false,"PlanId":42}"#;
/// let license = License::from_body(Format::Json, body)?;
/// assert_eq!(license.extra("PlanId").map(|v| v.raw()), Some("42"));
/// // Not sent back by default.
/// assert!(!String::from_utf8_lossy(&license.to_body(Format::Json)?).contains("PlanId"));
/// # Ok::<(), mspbackups::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Extra {
    members: Vec<(Box<str>, ExtraValue)>,
    send: bool,
}

/// The raw value of an unknown member, in the format it came in.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExtraValue {
    /// Raw JSON text.
    Json(String),
    /// Raw XML markup: the element's content.
    Xml(String),
}

impl ExtraValue {
    /// The raw text.
    pub fn raw(&self) -> &str {
        match self {
            ExtraValue::Json(s) | ExtraValue::Xml(s) => s,
        }
    }

    /// The format it came in.
    pub fn format(&self) -> Format {
        match self {
            ExtraValue::Json(_) => Format::Json,
            ExtraValue::Xml(_) => Format::Xml,
        }
    }
}

impl fmt::Debug for ExtraValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}(<{} bytes>)", self.format(), self.raw().len())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Extra")
            .field(
                "members",
                &self.members.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("send_back", &self.send)
            .finish()
    }
}

impl Extra {
    /// How many unknown members one model value keeps.
    pub const MAX: usize = 32;

    /// The raw value of the unknown member `name` (exact name first, then ignoring ASCII case).
    pub fn get(&self, name: &str) -> Option<&ExtraValue> {
        self.members
            .iter()
            .find(|(n, _)| &**n == name)
            .or_else(|| {
                self.members
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
            })
            .map(|(_, v)| v)
    }

    /// Every unknown member, in the order they came.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ExtraValue)> {
        self.members.iter().map(|(n, v)| (&**n, v))
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Whether requests carry these members back (default `false`). When `true`, a body in the
    /// format they came in includes them; the other format fails to encode
    /// ([`EncodeError::ExtraInOtherFormat`](crate::error::EncodeError::ExtraInOtherFormat)).
    pub fn send_back(&mut self, yes: bool) {
        self.send = yes;
    }

    /// Whether requests carry these members back.
    pub fn sends_back(&self) -> bool {
        self.send
    }

    /// Adds or replaces a member (for example to send a field this version doesn't know).
    /// Nothing checks the raw text: it is sent as given once [`Extra::send_back`] is on.
    pub fn insert(&mut self, name: impl Into<String>, value: ExtraValue) {
        let name: Box<str> = name.into().into_boxed_str();
        match self.members.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.members.push((name, value)),
        }
    }

    /// Removes every member.
    pub fn clear(&mut self) {
        self.members.clear();
    }

    /// Keeps a member read from a response (the first of each name, up to [`Extra::MAX`]).
    pub(crate) fn keep(&mut self, name: &str, value: impl FnOnce() -> ExtraValue) {
        if self.members.len() >= Self::MAX || self.members.iter().any(|(n, _)| &**n == name) {
            return;
        }
        self.members.push((name.into(), value()));
    }

    /// The members to write in `format`, sorted by name (ordinal) for XML; empty unless
    /// [`Extra::send_back`] is on.
    pub(crate) fn to_send(
        &self,
        format: Format,
    ) -> Result<Vec<(&str, &str)>, crate::error::EncodeError> {
        if !self.send {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(self.members.len());
        for (n, v) in &self.members {
            if v.format() != format {
                return Err(crate::error::EncodeError::ExtraInOtherFormat {
                    member: n.to_string(),
                });
            }
            out.push((&**n, v.raw()));
        }
        if format == Format::Xml {
            out.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        }
        Ok(out)
    }
}
