//! Keeps secrets (the token, the password) out of everything the client shows: errors,
//! inspector views and log lines.
//!
//! Two rules, applied in this order:
//!
//! 1. **Redact first, then cut.** A body is scrubbed as bytes before any of it is parsed, cut or
//!    copied into an error: every occurrence of a secret, as is and in the escaped forms a server
//!    could echo it in (JSON, XML, percent-encoded), becomes `<redacted>`, and so does the value of
//!    an `access_token` or `refresh_token` member, whoever's token it is.
//! 2. **Nothing of a secret at a cut.** After every cut, a text that ends with four or more
//!    characters that begin a secret has them replaced too, so no cut position leaves a
//!    secret's start behind.

use std::borrow::Cow;

use crate::error::{ApiError, DecodeError, Error};
use crate::secret::Secret;

/// What a secret is replaced with.
pub(crate) const REDACTED: &str = "<redacted>";

/// [`REDACTED`] as XML text.
const REDACTED_IN_XML: &str = "&lt;redacted&gt;";

/// Whether a body is XML (its first character, after a byte order mark and whitespace, is `<`).
fn looks_like_xml(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.trim_ascii_start().first() == Some(&b'<')
}

/// The shortest start of a secret that is still treated as a leak when a cut leaves it behind.
pub(crate) const MIN_LEAK_CHARS: usize = 4;

/// Members whose values are tokens, in any answer: OAuth's `access_token` and `refresh_token`.
const TOKEN_KEYS: [&str; 2] = ["access_token", "refresh_token"];

/// The secrets of one call: the password, a fixed token, the tokens a login produced, and the
/// secrets of the request's body (a storage account may carry a dozen). The first six are kept
/// inline, so cloning the usual redactor costs reference counts, no allocation; more go to a
/// list.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secrets: [Option<Secret>; 6],
    more: Vec<Secret>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} secrets)", self.iter().count())
    }
}

/// A redactor that knows no secret, to borrow for `'static`.
pub(crate) static NO_SECRETS: Redactor = Redactor::NONE;

impl Redactor {
    /// A redactor that knows no secret (it still hides token members).
    pub(crate) const NONE: Redactor = Redactor {
        secrets: [None, None, None, None, None, None],
        more: Vec::new(),
    };

    /// Adds a secret (ignored if empty or already known). Every secret added is kept.
    pub(crate) fn add(&mut self, secret: &Secret) {
        if secret.expose().is_empty() || self.iter().any(|s| s == secret.expose()) {
            return;
        }
        match self.secrets.iter_mut().find(|s| s.is_none()) {
            Some(slot) => *slot = Some(secret.clone()),
            None => self.more.push(secret.clone()),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        self.secrets
            .iter()
            .flatten()
            .chain(&self.more)
            .map(Secret::expose)
    }

    /// Every form a secret may take in a body, longest first.
    fn forms(&self) -> Vec<String> {
        let mut forms: Vec<String> = Vec::new();
        for secret in self.iter() {
            forms.push(secret.to_owned());
            forms.push(json_escaped(secret));
            forms.push(json_escaped(secret).replace('/', "\\/"));
            forms.push(xml_escaped(secret));
            forms.push(percent_encoded(secret));
            // A body quoted in a message of another body (an XML error quoting the XML that
            // was sent) carries the secret escaped twice.
            forms.push(xml_escaped(&xml_escaped(secret)));
            forms.push(json_escaped(&xml_escaped(secret)));
            forms.push(xml_escaped(&json_escaped(secret)));
            forms.push(json_escaped(&json_escaped(secret)));
        }
        forms.retain(|f| !f.is_empty());
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        forms
    }

    /// The body with every secret, and every token member's value, replaced. Borrowed when there
    /// was nothing to replace. In an XML body the replacement is escaped (`&lt;redacted&gt;`),
    /// so the body stays well-formed and its text still reads `<redacted>` once parsed.
    pub(crate) fn bytes<'a>(&self, body: &'a [u8]) -> Cow<'a, [u8]> {
        let marker: &[u8] = if looks_like_xml(body) {
            REDACTED_IN_XML.as_bytes()
        } else {
            REDACTED.as_bytes()
        };
        let mut out = Cow::Borrowed(body);
        for form in self.forms() {
            if let Some(replaced) = replace_all(&out, form.as_bytes(), marker) {
                out = Cow::Owned(replaced);
            }
        }
        if let Some(replaced) = redact_token_members(&out, marker) {
            out = Cow::Owned(replaced);
        }
        out
    }

    /// Scrubs a text that was cut from a larger one: every secret in every form it may take,
    /// then a secret's start left at the end.
    pub(crate) fn text(&self, text: &mut String) {
        if self.iter().next().is_some() {
            for form in self.forms() {
                if text.contains(&form) {
                    *text = text.replace(&form, REDACTED);
                }
            }
        }
        self.trim_tail(text);
    }

    /// Replaces a start of a secret (at least [`MIN_LEAK_CHARS`] characters) that `text` ends
    /// with, before an ellipsis if the cut added one.
    fn trim_tail(&self, text: &mut String) {
        let ellipsis = text.ends_with('…');
        let body_end = if ellipsis {
            text.len() - '…'.len_utf8()
        } else {
            text.len()
        };
        let mut cut_at = None;
        for secret in self.iter() {
            // Longest start first, so the whole leaked part goes.
            let starts: Vec<usize> = secret
                .char_indices()
                .map(|(i, _)| i)
                .skip(MIN_LEAK_CHARS)
                .chain(std::iter::once(secret.len()))
                .collect();
            for &end in starts.iter().rev() {
                let start = &secret[..end];
                if text[..body_end].ends_with(start) {
                    let at = body_end - start.len();
                    cut_at = Some(cut_at.map_or(at, |c: usize| c.min(at)));
                    break;
                }
            }
        }
        if let Some(at) = cut_at {
            text.truncate(at);
            text.push_str(REDACTED);
            if ellipsis {
                text.push('…');
            }
        }
    }

    fn opt(&self, text: &mut Option<String>) {
        if let Some(t) = text {
            self.text(t);
        }
    }

    /// Scrubs what the server said in an error.
    pub(crate) fn api_error(&self, api: &mut ApiError) {
        self.opt(&mut api.message);
        self.opt(&mut api.message_detail);
        self.opt(&mut api.exception_message);
        self.opt(&mut api.exception_type);
        self.opt(&mut api.oauth_error);
        self.opt(&mut api.excerpt);
        self.opt(&mut api.raw);
        self.opt(&mut api.location);
        for (key, msgs) in &mut api.model_state {
            self.text(key);
            msgs.iter_mut().for_each(|m| self.text(m));
        }
    }

    fn decode_error(&self, e: &mut DecodeError) {
        match e {
            DecodeError::Json(m) => self.text(m),
            DecodeError::Xml { message, .. } => self.text(message),
            DecodeError::UnexpectedRoot {
                expected,
                found,
                found_ns,
                ..
            } => {
                self.text(expected);
                self.text(found);
                self.text(found_ns);
            }
            DecodeError::InvalidValue { value, .. } => self.text(value),
            _ => {}
        }
    }

    /// Scrubs every text of server origin an error holds.
    pub(crate) fn error(&self, mut error: Error) -> Error {
        match &mut error {
            Error::Api(e)
            | Error::Unauthorized(e)
            | Error::UnexpectedResponse(e)
            | Error::Authentication(e) => self.api_error(e),
            Error::Decode { source, .. } => self.decode_error(source),
            _ => {}
        }
        error
    }
}

fn json_escaped(s: &str) -> String {
    let quoted = serde_json::Value::String(s.to_owned()).to_string();
    quoted[1..quoted.len() - 1].to_owned()
}

fn xml_escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn percent_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::request::encode_component_into(s, &mut out);
    out
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let last_start = hay.len() - needle.len();
    let mut i = from;
    while i <= last_start {
        match hay[i..=last_start].iter().position(|&b| b == first) {
            None => return None,
            Some(p) => {
                let at = i + p;
                if &hay[at..at + needle.len()] == needle {
                    return Some(at);
                }
                i = at + 1;
            }
        }
    }
    None
}

/// The first `needle` (lowercase ASCII) in `hay` at or after `from`, ignoring ASCII case.
fn find_ignore_case(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    (from..=hay.len() - needle.len()).find(|&i| {
        hay[i].to_ascii_lowercase() == first
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// `hay` with every `needle` replaced, or `None` if there is none.
fn replace_all(hay: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    let mut at = find(hay, needle, 0)?;
    let mut out = Vec::with_capacity(hay.len());
    let mut start = 0;
    loop {
        out.extend_from_slice(&hay[start..at]);
        out.extend_from_slice(with);
        start = at + needle.len();
        match find(hay, needle, start) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.extend_from_slice(&hay[start..]);
    Some(out)
}

/// Replaces the value of every `"access_token": "…"` / `"refresh_token": "…"` (JSON) and
/// `<access_token>…</access_token>` (XML) member, keys compared without case, with `marker`.
fn redact_token_members(body: &[u8], marker: &[u8]) -> Option<Vec<u8>> {
    // Keys are compared without case and without a bodycased copy: this runs on every error body.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for key in TOKEN_KEYS {
        let key = key.as_bytes();
        let mut from = 0;
        while let Some(at) = find_ignore_case(body, key, from) {
            from = at + key.len();
            let before = at.checked_sub(1).map(|i| body[i]);
            let after = body.get(from).copied();
            match (before, after) {
                (Some(b'"'), Some(b'"')) => {
                    // JSON: "key" ws : ws "value"
                    let mut i = from + 1;
                    while body.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    if body.get(i) != Some(&b':') {
                        continue;
                    }
                    i += 1;
                    while body.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    if body.get(i) != Some(&b'"') {
                        continue;
                    }
                    let start = i + 1;
                    let mut j = start;
                    while j < body.len() && body[j] != b'"' {
                        j += if body[j] == b'\\' { 2 } else { 1 };
                    }
                    spans.push((start, j.min(body.len())));
                }
                (Some(b'<'), Some(b'>')) => {
                    // XML: <key>value</key>
                    let start = from + 1;
                    let end = body[start..]
                        .iter()
                        .position(|&b| b == b'<')
                        .map_or(body.len(), |p| start + p);
                    spans.push((start, end));
                }
                _ => {}
            }
        }
    }
    spans.retain(|(s, e)| e > s && &body[*s..*e] != marker);
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable();
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    for (s, e) in spans {
        if s < pos {
            continue;
        }
        out.extend_from_slice(&body[pos..s]);
        out.extend_from_slice(marker);
        pos = e;
    }
    out.extend_from_slice(&body[pos..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(secrets: &[&str]) -> Redactor {
        let mut r = Redactor::default();
        for s in secrets {
            r.add(&Secret::new(*s));
        }
        r
    }

    #[test]
    fn replaces_secrets_in_every_form() {
        let r = with(&["p&w<\"/é", "TOKSECRET-123"]);
        let body = r#"{"a":"TOKSECRET-123","b":"p&w<\"\/é","c":"p&amp;w&lt;&quot;/é","d":"p%26w%3C%22%2F%C3%A9"}"#;
        let out = r.bytes(body.as_bytes());
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("TOKSECRET"), "{text}");
        assert!(!text.contains("p&"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 4, "{text}");
    }

    #[test]
    fn keeps_every_secret_however_many() {
        let secrets: Vec<String> = (0..20).map(|i| format!("SECRET-number-{i:02}")).collect();
        let r = with(&secrets.iter().map(String::as_str).collect::<Vec<_>>());
        let body = secrets.join(",");
        let out = r.bytes(body.as_bytes());
        let text = String::from_utf8_lossy(&out);
        assert!(!text.contains("SECRET"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 20);
        let mut t = body.clone();
        r.text(&mut t);
        assert!(!t.contains("SECRET"), "{t}");
    }

    #[test]
    fn an_xml_body_stays_well_formed_and_secrets_escaped_twice_go_too() {
        let r = with(&["p&w<1"]);
        // An XML error whose message quotes the XML that was sent: the secret is escaped twice.
        let body = "<Error><Message>got &lt;Pass&gt;p&amp;amp;w&amp;lt;1&lt;/Pass&gt;</Message><X>p&amp;w&lt;1</X></Error>";
        let out = r.bytes(body.as_bytes());
        let text = String::from_utf8_lossy(&out);
        assert_eq!(
            text,
            "<Error><Message>got &lt;Pass&gt;&lt;redacted&gt;&lt;/Pass&gt;</Message><X>&lt;redacted&gt;</X></Error>"
        );
        // Once parsed, the message holds the secret escaped once: `text` finds that form too.
        let mut message = "got <Pass>p&amp;w&lt;1</Pass>".to_owned();
        r.text(&mut message);
        assert_eq!(message, "got <Pass><redacted></Pass>");
    }

    #[test]
    fn hides_token_members_of_any_answer() {
        let r = Redactor::NONE;
        let body = br#"{"access_token" : "abc\"def","token_type":"bearer","Refresh_Token":"r1","expires_in":1}"#;
        let out = r.bytes(body);
        assert_eq!(
            &*out,
            br#"{"access_token" : "<redacted>","token_type":"bearer","Refresh_Token":"<redacted>","expires_in":1}"#
        );
        // In XML the marker is escaped, so the body stays well-formed.
        let xml = b"<t><access_token>xyz</access_token></t>";
        assert_eq!(
            &*r.bytes(xml),
            b"<t><access_token>&lt;redacted&gt;</access_token></t>"
        );
        assert!(matches!(r.bytes(b"{\"a\":1}"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_cut_never_leaves_the_start_of_a_secret() {
        let token = "TOKSECRET-0123456789";
        let r = with(&[token]);
        for keep in 0..=token.len() {
            for ellipsis in [false, true] {
                let mut t = format!("xxxx{}", &token[..keep]);
                if ellipsis {
                    t.push('…');
                }
                r.text(&mut t);
                for n in MIN_LEAK_CHARS..=token.len() {
                    assert!(!t.contains(&token[..n]), "{keep} {t}");
                }
                if keep >= MIN_LEAK_CHARS {
                    assert!(t.starts_with("xxxx<redacted>"), "{t}");
                } else {
                    assert!(t.starts_with("xxxx"));
                }
            }
        }
    }
}
