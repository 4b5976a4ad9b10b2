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
//! - The root element's name **and** namespace must be the contract's.
//! - Members are read in contract order: an element that matches no member *after* the last one
//!   read is skipped silently (out of order, duplicate, unknown, wrong namespace).
//! - `i:nil="true"` or text that doesn't parse, on a value type (bool, number, enum), fails the
//!   whole body. Numbers and bools may have whitespace around them; enum names may not.
//! - Text among a model's members or a collection's items, an element inside a string, and an
//!   attribute prefix that no `xmlns:` declares also fail it.
//! - Any failure makes the bound model **null**; the action still runs.
//!
//! Nothing is silent here: each skipped element and each failure is a [`Diagnostic`].

use std::fmt;

use crate::xml::{El, XmlDoc};

/// The namespace of string collections' items.
pub const ARRAYS_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/// The type of a contract member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `System.String` (nullable; an empty element is `""`).
    String,
    /// `System.Boolean`.
    Bool,
    /// `System.Int32`.
    Int32,
    /// `System.Int64`.
    Int64,
    /// An enum: its .NET type name and its members' names and values.
    Enum(&'static str, &'static [(&'static str, i64)]),
    /// `string[]` / `List<string>`: items `<string>` in [`ARRAYS_NS`].
    Strings,
    /// A collection of another contract; items are elements named after it.
    Items(&'static Contract),
}

impl Kind {
    /// The .NET type name, as the serializer's messages give it.
    fn clr_name(&self) -> &'static str {
        match self {
            Kind::String => "String",
            Kind::Bool => "Boolean",
            Kind::Int32 => "Int32",
            Kind::Int64 => "Int64",
            Kind::Enum(name, _) => name,
            Kind::Strings => "String[]",
            Kind::Items(c) => c.name,
        }
    }

    fn is_value_type(&self) -> bool {
        matches!(
            self,
            Kind::Bool | Kind::Int32 | Kind::Int64 | Kind::Enum(..)
        )
    }
}

/// A member of a data contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    /// The element name.
    pub name: &'static str,
    /// Its type.
    pub kind: Kind,
}

/// A data contract: root name, namespace, members in DataContract order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contract {
    /// The root element name (`LicenseOperation`).
    pub name: &'static str,
    /// The namespace.
    pub namespace: &'static str,
    /// Members in the order the serializer expects them.
    pub members: &'static [Member],
}

const ENGINE: &str = crate::xml::ENGINE_MODELS_NS;

/// `LicenseOperation` (grant, release, revoke).
pub const LICENSE_OPERATION: Contract = Contract {
    name: "LicenseOperation",
    namespace: ENGINE,
    members: &[
        Member {
            name: "LicenseID",
            kind: Kind::String,
        },
        Member {
            name: "UserID",
            kind: Kind::String,
        },
    ],
};

/// `ProviderController.LoginUserBindingModel` (login).
pub const LOGIN: Contract = Contract {
    name: "ProviderController.LoginUserBindingModel",
    namespace: "http://schemas.datacontract.org/2004/07/MBSAPImvc.Controllers",
    members: &[
        Member {
            name: "Password",
            kind: Kind::String,
        },
        Member {
            name: "UserName",
            kind: Kind::String,
        },
    ],
};

/// `UserModeType`, the `LicenseManagmentMode` enum: read from its one declaration.
pub const USER_MODE_TYPE: Kind = Kind::Enum(
    crate::models::UserModeType::CONTRACT_NAME,
    crate::models::UserModeType::VALUES,
);

/// `DestinationForNewUser`, an item of `UsersAddModels.DestinationList`.
pub const DESTINATION_FOR_NEW_USER: Contract = Contract {
    name: "DestinationForNewUser",
    namespace: ENGINE,
    members: &[
        Member {
            name: "AccountID",
            kind: Kind::String,
        },
        Member {
            name: "Destination",
            kind: Kind::String,
        },
        Member {
            name: "PackageID",
            kind: Kind::Int32,
        },
    ],
};

/// `UsersAddModels` (create a user), in the order of the docs' XML sample.
pub const USERS_ADD: Contract = Contract {
    name: "UsersAddModels",
    namespace: ENGINE,
    members: &[
        Member {
            name: "Company",
            kind: Kind::String,
        },
        Member {
            name: "DestinationList",
            kind: Kind::Items(&DESTINATION_FOR_NEW_USER),
        },
        Member {
            name: "Email",
            kind: Kind::String,
        },
        Member {
            name: "Enabled",
            kind: Kind::Bool,
        },
        Member {
            name: "FirstName",
            kind: Kind::String,
        },
        Member {
            name: "LastName",
            kind: Kind::String,
        },
        Member {
            name: "LicenseManagmentMode",
            kind: USER_MODE_TYPE,
        },
        Member {
            name: "NotificationEmails",
            kind: Kind::Strings,
        },
        Member {
            name: "Password",
            kind: Kind::String,
        },
        Member {
            name: "SendEmailInstruction",
            kind: Kind::Bool,
        },
    ],
};

/// A member's value, as bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null` (`i:nil="true"`, or JSON `null`).
    Null,
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// A number, or an enum's value.
    Int(i64),
    /// A string collection.
    Strings(Vec<Option<String>>),
    /// A collection of models.
    Items(Vec<Option<Fields>>),
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

impl Outcome {
    fn null(error: String, diagnostics: Vec<Diagnostic>) -> Outcome {
        let mut diagnostics = diagnostics;
        diagnostics.push(Diagnostic::new(
            DiagnosticKind::ModelNull,
            None,
            format!(
                "the body was bound as null, as the real server's DataContractSerializer would: {error}"
            ),
        ));
        Outcome {
            model: None,
            error: Some(error),
            diagnostics,
        }
    }
}

/// Reads `body` as the XML formatter would for `contract`. `charset` is the request's
/// `Content-Type` charset parameter, if any.
pub fn read(contract: &Contract, body: &[u8], charset: Option<&str>) -> Outcome {
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
            return Outcome::null("The body is not valid UTF-16.".into(), diagnostics);
        }
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        match String::from_utf16(&units) {
            Ok(s) => s,
            Err(_) => return Outcome::null("The body is not valid UTF-16.".into(), diagnostics),
        }
    } else {
        if body.starts_with(b"\xFF\xFE") || body.starts_with(b"\xFE\xFF") {
            let actual = if body[0] == 0xFF {
                "utf-16LE"
            } else {
                "utf-16BE"
            };
            return Outcome::null(
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
                return Outcome::null(
                    format!("The body is not valid UTF-8 (byte {}).", e.valid_up_to()),
                    diagnostics,
                );
            }
        }
    };
    let doc = match XmlDoc::parse(text.as_bytes()) {
        Ok(doc) => doc,
        Err(e) => return Outcome::null(format!("The XML is not well-formed: {e}."), diagnostics),
    };
    if doc.prolog.version.as_deref().is_some_and(|v| v != "1.0") {
        return Outcome::null("XML version must be '1.0'.".into(), diagnostics);
    }
    if let Some((at, encoding)) = &doc.prolog.declaration {
        if *at != 0 {
            return Outcome::null(
                "No characters can appear before the XML declaration.".into(),
                diagnostics,
            );
        }
        if let Some(enc) = encoding {
            if !enc.eq_ignore_ascii_case(expected) {
                return Outcome::null(
                    format!(
                        "The encoding in the declaration '{enc}' does not match the encoding of the document '{expected}'."
                    ),
                    diagnostics,
                );
            }
        }
    }
    if doc.prolog.other_pi || doc.prolog.doctype {
        return Outcome::null(
            "Processing instructions (other than the XML declaration) and DTDs are not supported."
                .into(),
            diagnostics,
        );
    }
    let root = doc.root();
    if !root.is(contract.name, contract.namespace) {
        return Outcome::null(
            format!(
                "Expecting element '{}' from namespace '{}'.. Encountered 'Element'  with name '{}', namespace '{}'.",
                contract.name,
                contract.namespace,
                root.name(),
                root.namespace()
            ),
            diagnostics,
        );
    }
    if root.has_invalid_nil() {
        return Outcome::null(NIL_NOT_BOOLEAN.into(), diagnostics);
    }
    if root.is_nil() {
        diagnostics.push(Diagnostic::new(
            DiagnosticKind::ModelNull,
            Some(contract.name.to_owned()),
            "the root carries i:nil=\"true\", so the real server binds null (without an error)",
        ));
        return Outcome {
            model: None,
            error: None,
            diagnostics,
        };
    }
    match read_members(contract, root, "", &mut diagnostics) {
        Ok(fields) => Outcome {
            model: Some(fields),
            error: None,
            diagnostics,
        },
        Err(error) => Outcome::null(error, diagnostics),
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
        let member = contract.members[index];
        let value = read_value(
            member,
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
            let after = last.map(|l| contract.members[l].name).unwrap_or_default();
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
fn trim_xml(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

fn read_value(
    member: Member,
    el: El<'_, '_>,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Value, String> {
    if el.has_invalid_nil() {
        return Err(NIL_NOT_BOOLEAN.into());
    }
    if el.is_nil() {
        if member.kind.is_value_type() {
            return Err(format!(
                "ValueType 'System.{}' cannot be null.",
                member.kind.clr_name()
            ));
        }
        return Ok(Value::Null);
    }
    let cannot = |text: &str| {
        format!(
            "The value '{}' cannot be parsed as the type '{}'.",
            text,
            member.kind.clr_name()
        )
    };
    match member.kind {
        Kind::String => {
            if el.children().next().is_some() {
                return Err(format!(
                    "Element '{}' holds elements where a string was expected.",
                    member.name
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
        Kind::Enum(type_name, names) => {
            // Matched as written: unlike numbers and bools, enum names are not trimmed.
            let text = el.text();
            names.iter().find(|(n, _)| *n == text).map(|(_, v)| Value::Int(*v)).ok_or_else(|| {
                format!(
                    "Invalid enum value '{text}' cannot be deserialized into type '{type_name}'. Ensure that the necessary enum values are present and are marked with EnumMemberAttribute attribute if the type has DataContractAttribute attribute."
                )
            })
        }
        Kind::Strings => {
            stray_text(el)?;
            let mut items = Vec::new();
            for item in el.children() {
                if item.is("string", ARRAYS_NS) {
                    if !item.is_nil() && item.children().next().is_some() {
                        return Err(format!(
                            "An item of '{}' holds elements where a string was expected.",
                            member.name
                        ));
                    }
                    items.push(if item.is_nil() {
                        None
                    } else {
                        Some(item.text().to_owned())
                    });
                } else {
                    diagnostics.push(Diagnostic::new(
                        DiagnosticKind::Unknown,
                        Some(format!("{path}{}", item.name())),
                        format!(
                            "<{path}{}> was dropped: items of a string collection are <string> elements in namespace '{ARRAYS_NS}'",
                            item.name()
                        ),
                    ));
                }
            }
            Ok(Value::Strings(items))
        }
        Kind::Items(contract) => {
            stray_text(el)?;
            let mut items = Vec::new();
            for item in el.children() {
                if item.is(contract.name, contract.namespace) {
                    if item.has_invalid_nil() {
                        return Err(NIL_NOT_BOOLEAN.into());
                    }
                    if item.is_nil() {
                        items.push(None);
                        continue;
                    }
                    items.push(Some(read_members(contract, item, path, diagnostics)?));
                } else {
                    diagnostics.push(Diagnostic::new(
                        DiagnosticKind::Unknown,
                        Some(format!("{path}{}", item.name())),
                        format!(
                            "<{path}{}> was dropped: items of this collection are <{}> elements in namespace '{}'",
                            item.name(),
                            contract.name,
                            contract.namespace
                        ),
                    ));
                }
            }
            Ok(Value::Items(items))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models""#;

    fn op(members: &str) -> Outcome {
        read(
            &LICENSE_OPERATION,
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
        let o = read(&LICENSE_OPERATION, xml.as_bytes(), None);
        assert_eq!(kinds(&o), [DiagnosticKind::WrongNamespace]);
        assert_eq!(o.model.unwrap().str("UserID"), Some("U"));
    }

    #[test]
    fn nulls_the_model_for_root_encoding_and_value_errors() {
        let o = read(
            &LICENSE_OPERATION,
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
        let o = read(&LICENSE_OPERATION, xml.as_bytes(), Some("utf-8"));
        assert_eq!(
            o.error.as_deref(),
            Some(
                "The encoding in the declaration 'utf-16' does not match the encoding of the document 'utf-8'."
            )
        );

        let o = read(
            &LICENSE_OPERATION,
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
        let o = read(&LICENSE_OPERATION, &utf16, None);
        assert_eq!(
            o.error.as_deref(),
            Some("The expected encoding 'utf-8' does not match the actual encoding 'utf-16LE'.")
        );
        let o = read(&LICENSE_OPERATION, &utf16, Some("utf-16"));
        assert!(o.error.unwrap().starts_with("Expecting element"));

        let o = read(
            &USERS_ADD,
            format!("<UsersAddModels {NS}><Email>e</Email><Enabled/></UsersAddModels>").as_bytes(),
            None,
        );
        assert_eq!(
            o.error.as_deref(),
            Some("The value '' cannot be parsed as the type 'Boolean'.")
        );
        assert_eq!(kinds(&o), [DiagnosticKind::ModelNull]);

        let o = read(
            &USERS_ADD,
            format!("<UsersAddModels {NS}><Enabled i:nil=\"true\"/></UsersAddModels>").as_bytes(),
            None,
        );
        assert_eq!(
            o.error.as_deref(),
            Some("ValueType 'System.Boolean' cannot be null.")
        );

        let o = read(&USERS_ADD, format!("<UsersAddModels {NS}><LicenseManagmentMode>Sometimes</LicenseManagmentMode></UsersAddModels>").as_bytes(), None);
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
            let o = read(&USERS_ADD, sample, None);
            let m = o.model.unwrap();
            assert!(o.diagnostics.is_empty(), "{:?}", o.diagnostics);
            assert_eq!(m.get("Enabled"), Some(&Value::Bool(true)));
            assert_eq!(m.get("LicenseManagmentMode"), Some(&Value::Int(0)));
            assert_eq!(
                m.get("NotificationEmails"),
                Some(&Value::Strings(vec![
                    Some("sample string 1".into()),
                    Some("sample string 2".into())
                ]))
            );
            match m.get("DestinationList") {
                Some(Value::Items(items)) => {
                    assert_eq!(items.len(), 2);
                    assert_eq!(
                        items[0].as_ref().and_then(|f| f.get("PackageID")),
                        Some(&Value::Int(3))
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn a_nil_root_binds_null_without_an_error() {
        let o = read(
            &LICENSE_OPERATION,
            format!("<LicenseOperation i:nil=\"true\" {NS}/>").as_bytes(),
            None,
        );
        assert!(o.model.is_none() && o.error.is_none());
        assert_eq!(kinds(&o), [DiagnosticKind::ModelNull]);
    }
}
