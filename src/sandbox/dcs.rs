//! What ASP.NET Web API's XML formatter (`DataContractSerializer`) makes of a request body,
//! emulated, with a diagnostic for everything it would drop or reject.
//!
//! The rules (from the .NET reference source, summarised with links in the repository's
//! `docs/wire-rules.md` §1, and checked against Mono's `DataContractSerializer` by
//! `tests/dcs_oracle.rs`):
//!
//! - The body is UTF-8 unless the `Content-Type` says `charset=utf-16`; any other charset
//!   (including a quoted `"utf-16"`) is read as UTF-8. A UTF-8 BOM is skipped; UTF-16 bytes
//!   where UTF-8 is expected are refused.
//! - An `<?xml …?>` declaration must come first and name the same encoding; other processing
//!   instructions and DTDs are refused.
//! - The root element's name **and** namespace must be the contract's (`ArrayOf` + the item's
//!   name for a collection body, [`read_list`]).
//! - Members are read in contract order: an element that matches no member *after* the last one
//!   read is skipped silently (out of order, duplicate, unknown, wrong namespace). Nested models
//!   follow the same rule in their own namespace.
//! - `i:nil="true"` or text that doesn't parse, on a value type (bool, number, decimal, GUID,
//!   date, enum), fails the whole body, unless the member is nullable ([`Member::nullable`], a
//!   .NET `Nullable<T>`), which takes nil. Numbers, decimals, GUIDs and bools may have whitespace
//!   around them; enum names may not. GUIDs are read in the forms `new Guid(text)` reads
//!   (`D`, `N`, `B`, `P`).
//! - A collection's items are elements named [`Kind::item_name`] in [`Kind::item_namespace`]
//!   (`<d2p1:string>` in the Arrays namespace, `<UserComputerData>` in the model's); other
//!   elements are skipped.
//! - Text among a model's members or a collection's items, an element inside a string, and an
//!   attribute prefix that no `xmlns:` declares also fail it.
//! - Any failure makes the bound model **null**; the action still runs.
//!
//! The contracts are the models' own ([`crate::contract`]): `read(&NewUser::CONTRACT, …)`.
//! Nothing is silent here: each skipped element and each failure is a [`Diagnostic`].

use std::fmt;

pub use crate::contract::{Contract, Kind, Member};
use crate::models::{Decimal, Guid, Timestamp};
use crate::xml::{El, XmlDoc};

/// A member's value, as bound.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Value {
    /// `null` (`i:nil="true"`, or JSON `null`).
    Null,
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A number (`Int32`, `Int64`), or an enum's number.
    Int(i64),
    /// A `System.Decimal`, as written.
    Decimal(Decimal),
    /// A `System.Guid`, as written (`8-4-4-4-12`; the other forms .NET reads are normalised to it).
    Guid(Guid),
    /// A `System.DateTime`.
    DateTime(Timestamp),
    /// A nested model.
    Model(Fields),
    /// A collection; null items are [`Value::Null`].
    List(Vec<Value>),
}

/// The members that were bound, in contract order; members not present keep their default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(pub Vec<(&'static str, Value)>);

impl Fields {
    /// The value bound to `name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The string bound to `name` (`None` for absent or null).
    pub fn str(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// The boolean bound to `name` (`None` for absent or null).
    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        }
    }

    /// The number (or enum number) bound to `name` (`None` for absent or null).
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }

    /// The collection bound to `name` (`None` for absent or null).
    pub fn list(&self, name: &str) -> Option<&[Value]> {
        match self.get(name) {
            Some(Value::List(items)) => Some(items),
            _ => None,
        }
    }

    /// The nested model bound to `name` (`None` for absent or null).
    pub fn model(&self, name: &str) -> Option<&Fields> {
        match self.get(name) {
            Some(Value::Model(f)) => Some(f),
            _ => None,
        }
    }

    /// The strings of a string collection bound to `name`, null items left out.
    pub fn strings(&self, name: &str) -> Option<Vec<String>> {
        self.list(name).map(|items| {
            items
                .iter()
                .filter_map(|v| match v {
                    Value::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    /// Sets a member (last write wins, as Json.NET and form binding do).
    pub(crate) fn set(&mut self, name: &'static str, value: Value) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }
}

/// What a diagnostic is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DiagnosticKind {
    /// An element after a member that sorts later: the real server skips it silently.
    OutOfOrder,
    /// A second element for a member already read: skipped silently.
    Duplicate,
    /// An element that names no member: skipped silently.
    Unknown,
    /// A member's name in the wrong namespace (e.g. no `xmlns`): skipped silently.
    WrongNamespace,
    /// The whole body was bound as null (root mismatch, bad value, encoding, malformed XML …).
    ModelNull,
    /// The request was refused before the action ran (415, 401, 404, 405 …).
    Rejected,
    /// Accepted by the server, but worth knowing (a business-rule caveat).
    Note,
}

impl DiagnosticKind {
    /// A short code for headers and logs.
    pub fn code(self) -> &'static str {
        match self {
            DiagnosticKind::OutOfOrder => "dropped-out-of-order",
            DiagnosticKind::Duplicate => "dropped-duplicate",
            DiagnosticKind::Unknown => "dropped-unknown",
            DiagnosticKind::WrongNamespace => "dropped-wrong-namespace",
            DiagnosticKind::ModelNull => "model-null",
            DiagnosticKind::Rejected => "rejected",
            DiagnosticKind::Note => "note",
        }
    }

    /// Whether the real server would have lost data without saying so.
    pub fn is_silent_loss(self) -> bool {
        matches!(
            self,
            DiagnosticKind::OutOfOrder
                | DiagnosticKind::Duplicate
                | DiagnosticKind::Unknown
                | DiagnosticKind::WrongNamespace
                | DiagnosticKind::ModelNull
        )
    }
}

/// One thing the sandbox dropped, rejected or noticed, with what the real server would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of thing.
    pub kind: DiagnosticKind,
    /// The element (or header, or path) concerned, if any.
    pub subject: Option<String>,
    /// One sentence: what happened and what the real server would have done.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.code(), self.message)
    }
}

impl Diagnostic {
    pub(crate) fn new(
        kind: DiagnosticKind,
        subject: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            kind,
            subject,
            message: message.into(),
        }
    }
}

/// What the XML formatter bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The model, or `None` where the real server's action would receive `null`.
    pub model: Option<Fields>,
    /// The serializer's own message when the model is null because of an error (what a server
    /// with error detail on would put in `ModelState`).
    pub error: Option<String>,
    /// Everything dropped or refused on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the XML formatter bound for a collection body (`ArrayOf…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListOutcome {
    /// The items (each a [`Value::Model`] or [`Value::Null`]), or `None` where the real server's
    /// action would receive `null`.
    pub items: Option<Vec<Value>>,
    /// The serializer's own message when the list is null because of an error.
    pub error: Option<String>,
    /// Everything dropped or refused on the way.
    pub diagnostics: Vec<Diagnostic>,
}

/// What reading a document gave: the value, the error that nulled it, the diagnostics.
type Read = (Option<Value>, Option<String>, Vec<Diagnostic>);

fn null(error: String, mut diagnostics: Vec<Diagnostic>) -> Read {
    diagnostics.push(Diagnostic::new(
        DiagnosticKind::ModelNull,
        None,
        format!(
            "the body was bound as null, as the real server's DataContractSerializer would: {error}"
        ),
    ));
    (None, Some(error), diagnostics)
}

/// Reads `body` as the XML formatter would for `contract`. `charset` is the request's
/// `Content-Type` charset parameter, if any.
pub fn read(contract: &Contract, body: &[u8], charset: Option<&str>) -> Outcome {
    let (value, error, diagnostics) = read_document(
        contract.name,
        contract.namespace,
        body,
        charset,
        |root, diagnostics| read_members(contract, root, "", diagnostics).map(Value::Model),
    );
    Outcome {
        model: match value {
            Some(Value::Model(fields)) => Some(fields),
            _ => None,
        },
        error,
        diagnostics,
    }
}

/// Reads `body` as the XML formatter would for a collection of `item` (root `ArrayOf` + its
/// name, in its namespace).
pub fn read_list(item: &'static Contract, body: &[u8], charset: Option<&str>) -> ListOutcome {
    let root = format!("ArrayOf{}", item.name);
    let kind = Kind::Model(item);
    let (value, error, diagnostics) =
        read_document(&root, item.namespace, body, charset, |root, diagnostics| {
            read_items(&kind, root, "", diagnostics)
        });
    ListOutcome {
        items: match value {
            Some(Value::List(items)) => Some(items),
            _ => None,
        },
        error,
        diagnostics,
    }
}

/// The encoding, declaration and root checks every body goes through, then `read_root`.
fn read_document(
    root_name: &str,
    root_ns: &str,
    body: &[u8],
    charset: Option<&str>,
    read_root: impl FnOnce(El<'_, '_>, &mut Vec<Diagnostic>) -> Result<Value, String>,
) -> Read {
    // Compared as given: Web API matches `MediaTypeHeaderValue.CharSet`, which keeps the quotes
    // of `charset="utf-16"`, against the encodings' names, so a quoted charset is read as UTF-8.
    let utf16 = charset.is_some_and(|c| c.trim().eq_ignore_ascii_case("utf-16"));
    let expected = if utf16 { "utf-16" } else { "utf-8" };
    let mut diagnostics = Vec::new();
    if charset.is_some()
        && !utf16
        && !charset.is_some_and(|c| c.trim().eq_ignore_ascii_case("utf-8"))
    {
        diagnostics.push(Diagnostic::new(
            DiagnosticKind::Note,
            charset.map(str::to_owned),
            format!(
                "charset {:?} is not one the XML formatter supports, so the body was read as UTF-8, as the real server does",
                charset.unwrap_or_default()
            ),
        ));
    }
    // Bytes → text in the expected encoding.
    let text: String = if utf16 {
        let bytes = body.strip_prefix(b"\xFF\xFE").unwrap_or(body);
        if bytes.len() % 2 != 0 {
            return null("The body is not valid UTF-16.".into(), diagnostics);
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        match String::from_utf16(&units) {
            Ok(s) => s,
            Err(_) => return null("The body is not valid UTF-16.".into(), diagnostics),
        }
    } else {
        if body.starts_with(b"\xFF\xFE") || body.starts_with(b"\xFE\xFF") {
            let actual = if body.first() == Some(&0xFF) {
                "utf-16LE"
            } else {
                "utf-16BE"
            };
            return null(
                format!(
                    "The expected encoding 'utf-8' does not match the actual encoding '{actual}'."
                ),
                diagnostics,
            );
        }
        let bytes = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                return null(
                    format!("The body is not valid UTF-8 (byte {}).", e.valid_up_to()),
                    diagnostics,
                );
            }
        }
    };
    let doc = match XmlDoc::parse(text.as_bytes()) {
        Ok(doc) => doc,
        Err(e) => return null(format!("The XML is not well-formed: {e}."), diagnostics),
    };
    if doc.prolog.version.as_deref().is_some_and(|v| v != "1.0") {
        return null("XML version must be '1.0'.".into(), diagnostics);
    }
    if let Some((at, encoding)) = &doc.prolog.declaration {
        if *at != 0 {
            return null(
                "No characters can appear before the XML declaration.".into(),
                diagnostics,
            );
        }
        if let Some(enc) = encoding {
            if !enc.eq_ignore_ascii_case(expected) {
                return null(
                    format!(
                        "The encoding in the declaration '{enc}' does not match the encoding of the document '{expected}'."
                    ),
                    diagnostics,
                );
            }
        }
    }
    if doc.prolog.other_pi || doc.prolog.doctype {
        return null(
            "Processing instructions (other than the XML declaration) and DTDs are not supported."
                .into(),
            diagnostics,
        );
    }
    let root = doc.root();
    if !root.is(root_name, root_ns) {
        return null(
            format!(
                "Expecting element '{}' from namespace '{}'.. Encountered 'Element'  with name '{}', namespace '{}'.",
                root_name,
                root_ns,
                root.name(),
                root.namespace()
            ),
            diagnostics,
        );
    }
    if root.has_invalid_nil() {
        return null(NIL_NOT_BOOLEAN.into(), diagnostics);
    }
    if root.is_nil() {
        diagnostics.push(Diagnostic::new(
            DiagnosticKind::ModelNull,
            Some(root_name.to_owned()),
            "the root carries i:nil=\"true\", so the real server binds null (without an error)",
        ));
        return (None, None, diagnostics);
    }
    match read_root(root, &mut diagnostics) {
        Ok(value) => (Some(value), None, diagnostics),
        Err(error) => null(error, diagnostics),
    }
}

/// Reads the children of `el` as members of `contract`, forward only.
fn read_members(
    contract: &Contract,
    el: El<'_, '_>,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Fields, String> {
    stray_text(el)?;
    let mut fields = Fields::default();
    // Index of the last member read; the next element must match a member after it.
    let mut last: Option<usize> = None;
    for child in el.children() {
        let start = last.map_or(0, |i| i + 1);
        let found = contract.members[start..]
            .iter()
            .position(|m| m.name == child.name() && child.namespace() == contract.namespace)
            .map(|i| i + start);
        let Some(index) = found else {
            let already_read = fields.get(child.name()).is_some();
            diagnostics.push(skipped(contract, child, last, already_read, path));
            continue;
        };
        let member = &contract.members[index];
        let value = read_value(
            &member.kind,
            member.nullable,
            member.name,
            child,
            &format!("{path}{}.", member.name),
            diagnostics,
        )?;
        fields.0.push((member.name, value));
        last = Some(index);
    }
    Ok(fields)
}

/// The diagnostic for an element the forward-only reader skips.
fn skipped(
    contract: &Contract,
    child: El<'_, '_>,
    last: Option<usize>,
    already_read: bool,
    path: &str,
) -> Diagnostic {
    let name = child.name();
    let subject = Some(format!("{path}{name}"));
    let position = contract.members.iter().position(|m| m.name == name);
    let (kind, why) = match position {
        Some(_) if child.namespace() != contract.namespace => (
            DiagnosticKind::WrongNamespace,
            format!(
                "it is in namespace '{}', not the contract's '{}' (members inherit the root's default xmlns; a prefixed root leaves unprefixed children in no namespace)",
                child.namespace(),
                contract.namespace
            ),
        ),
        Some(_) if already_read => (
            DiagnosticKind::Duplicate,
            "the member was already read; the first occurrence wins".to_owned(),
        ),
        Some(_) => {
            let after = last
                .and_then(|l| contract.members.get(l))
                .map(|m| m.name)
                .unwrap_or_default();
            (
                DiagnosticKind::OutOfOrder,
                format!(
                    "it comes after <{after}>, and members must follow the contract order ({})",
                    contract
                        .members
                        .iter()
                        .map(|m| m.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        }
        None => (
            DiagnosticKind::Unknown,
            format!("{} has no member of that name", contract.name),
        ),
    };
    Diagnostic::new(
        kind,
        subject,
        format!(
            "<{path}{name}> was dropped: {why}; the real server skips it silently and the member keeps its default"
        ),
    )
}

/// Text or CDATA (other than whitespace) among the members of a model or the items of a
/// collection: the serializer expects only elements there.
fn stray_text(el: El<'_, '_>) -> Result<(), String> {
    if trim_xml(el.text()).is_empty() {
        Ok(())
    } else {
        Err("Expecting state 'Element'.. Encountered 'Text'  with name '', namespace ''.".into())
    }
}

/// What the serializer says of an `i:nil` that is not an `xs:boolean` (`TRUE`, empty).
const NIL_NOT_BOOLEAN: &str = "The value of the i:nil attribute is not a valid xs:boolean.";

/// XML whitespace, as `XmlConvert` trims it.
/// A `DateTime` as `XmlConvert.ToDateTime(text, RoundtripKind)` reads it: a full timestamp, or
/// an `xsd:date` (`2018-05-15`, optionally with `Z` or an offset), which binds as midnight.
fn parse_date_time(text: &str) -> Option<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t);
    }
    let (date, zone) = (text.get(..10)?, text.get(10..)?);
    let is_date = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !is_date || zone.starts_with('T') {
        return None;
    }
    format!("{date}T00:00:00{zone}").parse().ok()
}

fn trim_xml(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

/// `new Guid(text)`: the `D` form, or `N` (32 digits), `B` (`{D}`) or `P` (`(D)`), normalised
/// to `D`.
pub(crate) fn parse_guid(text: &str) -> Option<Guid> {
    let t = trim_xml(text);
    let inner = t
        .strip_prefix('{')
        .and_then(|r| r.strip_suffix('}'))
        .or_else(|| t.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
        .unwrap_or(t);
    if let Ok(g) = inner.parse::<Guid>() {
        return Some(g);
    }
    if inner.len() == 32 && inner.bytes().all(|b| b.is_ascii_hexdigit()) {
        let d = format!(
            "{}-{}-{}-{}-{}",
            &inner[..8],
            &inner[8..12],
            &inner[12..16],
            &inner[16..20],
            &inner[20..]
        );
        return d.parse().ok();
    }
    None
}

/// Reads one value of `kind` from its element (a member, or a collection's item).
fn read_value(
    kind: &Kind,
    nullable: bool,
    name: &str,
    el: El<'_, '_>,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Value, String> {
    if el.has_invalid_nil() {
        return Err(NIL_NOT_BOOLEAN.into());
    }
    if el.is_nil() {
        if kind.is_value_type() && !nullable {
            return Err(format!(
                "ValueType 'System.{}' cannot be null.",
                kind.clr_name()
            ));
        }
        return Ok(Value::Null);
    }
    let cannot = |text: &str| {
        format!(
            "The value '{}' cannot be parsed as the type '{}'.",
            text,
            kind.clr_name()
        )
    };
    match kind {
        Kind::String => {
            if el.children().next().is_some() {
                return Err(format!(
                    "Element '{name}' holds elements where a string was expected."
                ));
            }
            Ok(Value::Str(el.text().to_owned()))
        }
        Kind::Bool => match trim_xml(el.text()) {
            "true" | "1" => Ok(Value::Bool(true)),
            "false" | "0" => Ok(Value::Bool(false)),
            _ => Err(cannot(el.text())),
        },
        Kind::Int32 => trim_xml(el.text())
            .parse::<i32>()
            .map(|n| Value::Int(i64::from(n)))
            .map_err(|_| cannot(el.text())),
        Kind::Int64 => trim_xml(el.text())
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| cannot(el.text())),
        Kind::Decimal => trim_xml(el.text())
            .parse::<Decimal>()
            .map(Value::Decimal)
            .map_err(|_| cannot(el.text())),
        Kind::Guid => parse_guid(el.text())
            .map(Value::Guid)
            .ok_or_else(|| cannot(el.text())),
        Kind::DateTime => parse_date_time(trim_xml(el.text()))
            .map(Value::DateTime)
            .ok_or_else(|| cannot(el.text())),
        Kind::Enum(e) => {
            // Matched as written: unlike numbers and bools, enum names are not trimmed.
            let text = el.text();
            e.values.iter().find(|(n, _)| *n == text).map(|(_, v)| Value::Int(*v)).ok_or_else(|| {
                format!(
                    "Invalid enum value '{text}' cannot be deserialized into type '{}'. Ensure that the necessary enum values are present and are marked with EnumMemberAttribute attribute if the type has DataContractAttribute attribute.",
                    e.name
                )
            })
        }
        Kind::Model(contract) => read_members(contract, el, path, diagnostics).map(Value::Model),
        Kind::List(item) => read_items(item, el, path, diagnostics),
    }
}

/// Reads the children of `el` as items of a collection of `item`: elements named
/// [`Kind::item_name`] in [`Kind::item_namespace`]; others are skipped.
fn read_items(
    item: &Kind,
    el: El<'_, '_>,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Value, String> {
    stray_text(el)?;
    let (name, ns) = (item.item_name(), item.item_namespace());
    let mut items = Vec::new();
    for child in el.children() {
        if child.is(name, ns) {
            items.push(read_value(item, false, name, child, path, diagnostics)?);
        } else {
            diagnostics.push(Diagnostic::new(
                DiagnosticKind::Unknown,
                Some(format!("{path}{}", child.name())),
                format!(
                    "<{path}{}> was dropped: items of this collection are <{name}> elements in namespace '{ns}'",
                    child.name(),
                ),
            ));
        }
    }
    Ok(Value::List(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::ARRAYS_NS;
    use crate::models::{LicenseOperation, NewUser, UserComputer};

    const LICENSE_OPERATION: &Contract = &LicenseOperation::CONTRACT;
    const USERS_ADD: &Contract = &NewUser::CONTRACT;

    const NS: &str = r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models""#;

    fn op(members: &str) -> Outcome {
        read(
            LICENSE_OPERATION,
            format!("<LicenseOperation {NS}>{members}</LicenseOperation>").as_bytes(),
            None,
        )
    }

    fn kinds(o: &Outcome) -> Vec<DiagnosticKind> {
        o.diagnostics.iter().map(|d| d.kind).collect()
    }

    #[test]
    fn reads_the_documented_sample() {
        let o =
            op("\n  <LicenseID>sample string 1</LicenseID>\n  <UserID>sample string 2</UserID>\n");
        let m = o.model.unwrap();
        assert_eq!(m.str("LicenseID"), Some("sample string 1"));
        assert_eq!(m.str("UserID"), Some("sample string 2"));
        assert!(o.diagnostics.is_empty());
    }

    #[test]
    fn drops_out_of_order_duplicate_unknown_and_wrong_namespace_members() {
        let o = op("<UserID>U</UserID><LicenseID>L</LicenseID>");
        assert_eq!(o.model.as_ref().unwrap().str("LicenseID"), None);
        assert_eq!(kinds(&o), [DiagnosticKind::OutOfOrder]);
        assert!(
            o.diagnostics[0]
                .message
                .starts_with("<LicenseID> was dropped: it comes after <UserID>"),
            "{}",
            o.diagnostics[0]
        );

        let o = op("<LicenseID>1</LicenseID><LicenseID>2</LicenseID><UserID>U</UserID>");
        assert_eq!(o.model.as_ref().unwrap().str("LicenseID"), Some("1"));
        assert_eq!(kinds(&o), [DiagnosticKind::Duplicate]);

        let o = op("<LicenseID>1</LicenseID><UserID>U</UserID><LicenseID>2</LicenseID>");
        assert_eq!(o.model.as_ref().unwrap().str("LicenseID"), Some("1"));
        assert_eq!(kinds(&o), [DiagnosticKind::Duplicate]);

        let o = op("<Foo>x</Foo><LicenseID>L</LicenseID><UserID>U</UserID>");
        assert_eq!(kinds(&o), [DiagnosticKind::Unknown]);
        assert_eq!(o.model.unwrap().str("UserID"), Some("U"));

        let xml = r#"<a:LicenseOperation xmlns:a="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models"><LicenseID>L</LicenseID><a:UserID>U</a:UserID></a:LicenseOperation>"#;
        let o = read(LICENSE_OPERATION, xml.as_bytes(), None);
        assert_eq!(kinds(&o), [DiagnosticKind::WrongNamespace]);
        assert_eq!(o.model.unwrap().str("UserID"), Some("U"));
    }

    #[test]
    fn nulls_the_model_for_root_encoding_and_value_errors() {
        let o = read(
            LICENSE_OPERATION,
            b"<LicenseOperation><LicenseID>L</LicenseID></LicenseOperation>",
            None,
        );
        assert!(o.model.is_none());
        assert!(
            o.error
                .unwrap()
                .starts_with("Expecting element 'LicenseOperation' from namespace")
        );

        let xml = format!("<?xml version=\"1.0\" encoding=\"utf-16\"?><LicenseOperation {NS}/>");
        let o = read(LICENSE_OPERATION, xml.as_bytes(), Some("utf-8"));
        assert_eq!(
            o.error.as_deref(),
            Some(
                "The encoding in the declaration 'utf-16' does not match the encoding of the document 'utf-8'."
            )
        );

        let o = read(
            LICENSE_OPERATION,
            format!(" <?xml version=\"1.0\"?><LicenseOperation {NS}/>").as_bytes(),
            None,
        );
        assert_eq!(
            o.error.as_deref(),
            Some("No characters can appear before the XML declaration.")
        );

        let utf16: Vec<u8> = "\u{feff}<LicenseOperation/>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let o = read(LICENSE_OPERATION, &utf16, None);
        assert_eq!(
            o.error.as_deref(),
            Some("The expected encoding 'utf-8' does not match the actual encoding 'utf-16LE'.")
        );
        let o = read(LICENSE_OPERATION, &utf16, Some("utf-16"));
        assert!(o.error.unwrap().starts_with("Expecting element"));

        let o = read(
            USERS_ADD,
            format!("<UsersAddModels {NS}><Email>e</Email><Enabled/></UsersAddModels>").as_bytes(),
            None,
        );
        assert_eq!(
            o.error.as_deref(),
            Some("The value '' cannot be parsed as the type 'Boolean'.")
        );
        assert_eq!(kinds(&o), [DiagnosticKind::ModelNull]);

        let o = read(
            USERS_ADD,
            format!("<UsersAddModels {NS}><Enabled i:nil=\"true\"/></UsersAddModels>").as_bytes(),
            None,
        );
        assert_eq!(
            o.error.as_deref(),
            Some("ValueType 'System.Boolean' cannot be null.")
        );

        let o = read(USERS_ADD, format!("<UsersAddModels {NS}><LicenseManagmentMode>Sometimes</LicenseManagmentMode></UsersAddModels>").as_bytes(), None);
        assert!(
            o.error
                .unwrap()
                .starts_with("Invalid enum value 'Sometimes'")
        );
    }

    #[test]
    fn reads_nil_empty_and_collections() {
        let o = op("<LicenseID i:nil=\"true\"/><UserID></UserID>");
        let m = o.model.unwrap();
        assert_eq!(m.get("LicenseID"), Some(&Value::Null));
        assert_eq!(m.str("UserID"), Some(""));
        {
            let sample = include_bytes!("../../fixtures/users/create.request.xml");
            let o = read(USERS_ADD, sample, None);
            let m = o.model.unwrap();
            assert!(o.diagnostics.is_empty(), "{:?}", o.diagnostics);
            assert_eq!(m.get("Enabled"), Some(&Value::Bool(true)));
            assert_eq!(m.get("LicenseManagmentMode"), Some(&Value::Int(0)));
            assert_eq!(
                m.get("NotificationEmails"),
                Some(&Value::List(vec![
                    Value::Str("sample string 1".into()),
                    Value::Str("sample string 2".into())
                ]))
            );
            match m.get("DestinationList") {
                Some(Value::List(items)) => {
                    assert_eq!(items.len(), 2);
                    assert!(
                        matches!(&items[0], Value::Model(f) if f.int("PackageID") == Some(3)),
                        "{items:?}"
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_nil_root_binds_null_without_an_error() {
        let o = read(
            LICENSE_OPERATION,
            format!("<LicenseOperation i:nil=\"true\" {NS}/>").as_bytes(),
            None,
        );
        assert!(o.model.is_none() && o.error.is_none());
        assert_eq!(kinds(&o), [DiagnosticKind::ModelNull]);
    }

    /// A contract with every kind, for the binding tests.
    mod every {
        use crate::contract::{Contract, EnumContract, Kind, Member};
        pub(super) const NS: &str = "urn:every";
        const MODE: EnumContract =
            EnumContract::new("Every.Mode", "Mode", NS, &[("Off", 0), ("On", 1)]);
        const INNER_MEMBERS: [Member; 1] = [Member::new("N", Kind::Int32, false, false, false)];
        pub(super) const INNER: Contract =
            Contract::new("Inner", NS, &INNER_MEMBERS, &INNER_MEMBERS);
        const MEMBERS: [Member; 10] = [
            Member::new("Amount", Kind::Decimal, false, false, false),
            Member::new("At", Kind::DateTime, false, false, false),
            Member::new("Id", Kind::Guid, false, false, false),
            Member::new("Inner", Kind::Model(&INNER), true, false, false),
            Member::new(
                "Inners",
                Kind::List(&Kind::Model(&INNER)),
                true,
                false,
                false,
            ),
            Member::new("Ints", Kind::List(&Kind::Int32), true, false, false),
            Member::new("MaybeAt", Kind::DateTime, true, false, false),
            Member::new("MaybeN", Kind::Int64, true, false, false),
            Member::new("Mode", Kind::Enum(&MODE), false, false, false),
            Member::new("Modes", Kind::List(&Kind::Enum(&MODE)), true, false, false),
        ];
        pub(super) const EVERY: Contract = Contract::new("Every", NS, &MEMBERS, &MEMBERS);
    }

    fn every(members: &str) -> Outcome {
        read(
            &every::EVERY,
            format!(
                r#"<Every xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="{}" xmlns:a="{ARRAYS_NS}">{members}</Every>"#,
                every::NS
            )
            .as_bytes(),
            None,
        )
    }

    #[test]
    fn binds_every_kind() {
        let o = every(
            "<Amount> 12.50 </Amount><At>2024-05-01T10:00:00Z</At><Id>{0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB}</Id>\
             <Inner><N>7</N></Inner><Inners><Inner><N>1</N></Inner><Inner i:nil=\"true\"/><Other/></Inners>\
             <Ints><a:int>1</a:int><a:int> 2 </a:int></Ints><MaybeAt i:nil=\"true\"/><MaybeN>9</MaybeN>\
             <Mode>On</Mode><Modes><Mode>Off</Mode><Mode>On</Mode></Modes>",
        );
        let m = o.model.unwrap();
        assert_eq!(
            kinds(&Outcome {
                model: None,
                error: None,
                diagnostics: o.diagnostics.clone()
            }),
            [DiagnosticKind::Unknown],
            "the <Other/> item"
        );
        assert!(matches!(m.get("Amount"), Some(Value::Decimal(d)) if d.as_str() == "12.50"));
        assert!(
            matches!(m.get("At"), Some(Value::DateTime(t)) if t.year() == 2024 && t.hour() == 10)
        );
        assert!(
            matches!(m.get("Id"), Some(Value::Guid(g)) if g.as_str() == "0E6C5DF4-2A1B-4C3D-9E8F-00112233AABB")
        );
        assert_eq!(m.model("Inner").and_then(|f| f.int("N")), Some(7));
        let inners = m.list("Inners").unwrap();
        assert_eq!(inners.len(), 2);
        assert!(matches!(&inners[0], Value::Model(f) if f.int("N") == Some(1)));
        assert_eq!(inners[1], Value::Null);
        assert_eq!(m.list("Ints"), Some(&[Value::Int(1), Value::Int(2)][..]));
        assert_eq!(
            m.get("MaybeAt"),
            Some(&Value::Null),
            "a nullable value type takes nil"
        );
        assert_eq!(m.int("MaybeN"), Some(9));
        assert_eq!(m.int("Mode"), Some(1));
        assert_eq!(m.list("Modes"), Some(&[Value::Int(0), Value::Int(1)][..]));
        // The N form of a GUID is read too, as .NET's `new Guid(text)` does.
        let o = every("<Id>0e6c5df42a1b4c3d9e8f00112233aabb</Id>");
        assert!(
            matches!(o.model.unwrap().get("Id"), Some(Value::Guid(g)) if g.as_str() == "0e6c5df4-2a1b-4c3d-9e8f-00112233aabb")
        );
    }

    #[test]
    fn value_types_refuse_nil_and_bad_text_unless_nullable() {
        for (members, error) in [
            (
                "<Amount i:nil=\"true\"/>",
                "ValueType 'System.Decimal' cannot be null.",
            ),
            (
                "<Amount>1e5</Amount>",
                "The value '1e5' cannot be parsed as the type 'Decimal'.",
            ),
            (
                "<At>yesterday</At>",
                "The value 'yesterday' cannot be parsed as the type 'DateTime'.",
            ),
            (
                "<Id>nope</Id>",
                "The value 'nope' cannot be parsed as the type 'Guid'.",
            ),
            (
                "<Id i:nil=\"true\"/>",
                "ValueType 'System.Guid' cannot be null.",
            ),
            (
                "<Inner><N>x</N></Inner>",
                "The value 'x' cannot be parsed as the type 'Int32'.",
            ),
            (
                "<Ints><a:int i:nil=\"true\"/></Ints>",
                "ValueType 'System.Int32' cannot be null.",
            ),
            (
                "<MaybeN>x</MaybeN>",
                "The value 'x' cannot be parsed as the type 'Int64'.",
            ),
        ] {
            let o = every(members);
            assert!(o.model.is_none(), "{members}");
            assert_eq!(o.error.as_deref(), Some(error), "{members}");
        }
        let o = every("<Modes><Mode>Sometimes</Mode></Modes>");
        assert!(o.error.unwrap().starts_with(
            "Invalid enum value 'Sometimes' cannot be deserialized into type 'Every.Mode'"
        ));
        // A nil nested model or list is null.
        let o = every("<Inner i:nil=\"true\"/><Inners i:nil=\"true\"/>");
        let m = o.model.unwrap();
        assert_eq!(
            (m.get("Inner"), m.get("Inners")),
            (Some(&Value::Null), Some(&Value::Null))
        );
    }

    #[test]
    fn nested_members_follow_the_same_forward_only_rule() {
        let o = every("<Inner><X/><N>3</N><N>4</N></Inner>");
        assert_eq!(
            kinds(&o),
            [DiagnosticKind::Unknown, DiagnosticKind::Duplicate]
        );
        assert_eq!(o.diagnostics[1].subject.as_deref(), Some("Inner.N"));
        assert_eq!(
            o.model.unwrap().model("Inner").and_then(|f| f.int("N")),
            Some(3)
        );
    }

    #[test]
    fn reads_the_computers_list_the_sdk_writes() {
        let list = [
            UserComputer::new("d-1", "PC-1"),
            UserComputer::new("d-2", "PC-2"),
        ];
        let body = UserComputer::list_to_body(&list, crate::Format::Xml).unwrap();
        let o = read_list(&UserComputer::CONTRACT, &body, Some("utf-8"));
        assert!(o.diagnostics.is_empty(), "{:?}", o.diagnostics);
        let items = o.items.unwrap();
        assert_eq!(items.len(), 2);
        assert!(
            matches!(&items[1], Value::Model(f) if f.str("ComputerName") == Some("PC-2") && f.str("DestinationId") == Some("d-2"))
        );
        // The root is `ArrayOf` + the item's name.
        let o = read_list(
            &UserComputer::CONTRACT,
            b"<UserComputerData xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\"/>",
            None,
        );
        assert!(o.items.is_none());
        assert!(
            o.error
                .unwrap()
                .starts_with("Expecting element 'ArrayOfUserComputerData'")
        );
    }
}
