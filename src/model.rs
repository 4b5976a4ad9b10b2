//! How a model becomes a body and back, in either format.
//!
//! Every body type implements the internal [`Model`] trait: JSON through serde (field names are
//! the API's own, misspellings included), XML through an explicit member list in DataContract
//! order. The [`data_contract!`] macro writes that list once per model.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, EncodeError};
use crate::format::Format;
use crate::xml::{El, Members, XmlDoc, XmlWriter};

/// A type the API sends or answers as a body.
pub(crate) trait Model: Serialize + DeserializeOwned + Sized {
    /// The DataContract name: the XML root element of a single value.
    const NAME: &'static str;
    /// The DataContract namespace.
    const NS: &'static str;

    /// Writes the members, in DataContract order.
    fn write_xml_members(&self, w: &mut XmlWriter<'_>) -> Result<(), EncodeError>;

    /// Reads the members of an element whose children are in [`Model::NS`].
    fn read_xml_members(el: El<'_, '_>) -> Result<Self, DecodeError>;
}

/// Appends the body of `value` in `format` to `out`.
pub(crate) fn encode_into<T: Model>(
    value: &T,
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    match format {
        Format::Json => serde_json::to_writer_pretty(out, value).map_err(EncodeError::Json),
        Format::Xml => {
            let mut w = XmlWriter::new(out);
            w.open_root(T::NAME, T::NS);
            value.write_xml_members(&mut w)?;
            w.close_root(T::NAME);
            Ok(())
        }
    }
}

/// Appends a list body: a JSON array, or `ArrayOf{NAME}` with one `{NAME}` element per item.
pub(crate) fn encode_list_into<T: Model>(
    items: &[T],
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    match format {
        Format::Json => serde_json::to_writer_pretty(out, items).map_err(EncodeError::Json),
        Format::Xml => {
            let mut root = String::with_capacity(T::NAME.len() + 7);
            root.push_str("ArrayOf");
            root.push_str(T::NAME);
            let mut w = XmlWriter::new(out);
            w.open_root(&root, T::NS);
            for item in items {
                w.open(T::NAME);
                item.write_xml_members(&mut w)?;
                w.close(T::NAME);
            }
            w.close_root(&root);
            Ok(())
        }
    }
}

/// Reads a body that holds one `T`, or `null` / a nil root (`None`).
pub(crate) fn decode_optional<T: Model>(
    format: Format,
    bytes: &[u8],
) -> Result<Option<T>, DecodeError> {
    match format {
        Format::Json => {
            if bytes.trim_ascii().is_empty() {
                return Err(DecodeError::Empty);
            }
            serde_json::from_slice::<Option<T>>(bytes).map_err(json_error)
        }
        Format::Xml => {
            let doc = XmlDoc::parse(bytes)?;
            let root = doc.root();
            expect_root(root, T::NAME, T::NS)?;
            if root.is_nil() {
                return Ok(None);
            }
            T::read_xml_members(root).map(Some)
        }
    }
}

/// Reads a body that holds one `T`; `null` is an error.
pub(crate) fn decode<T: Model>(format: Format, bytes: &[u8]) -> Result<T, DecodeError> {
    decode_optional(format, bytes)?.ok_or(DecodeError::Nil {
        model: T::NAME,
        element: T::NAME,
    })
}

/// Reads a list: a JSON array, or `ArrayOf{NAME}` with one `{NAME}` child per item.
pub(crate) fn decode_list<T: Model>(format: Format, bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    match format {
        Format::Json => {
            if bytes.trim_ascii().is_empty() {
                return Err(DecodeError::Empty);
            }
            serde_json::from_slice::<Vec<T>>(bytes).map_err(json_error)
        }
        Format::Xml => {
            let doc = XmlDoc::parse(bytes)?;
            let root = doc.root();
            if root.name().strip_prefix("ArrayOf") != Some(T::NAME) || root.namespace() != T::NS {
                return Err(DecodeError::UnexpectedRoot {
                    expected: format!("ArrayOf{}", T::NAME),
                    expected_ns: T::NS,
                    found: root.name().chars().take(64).collect(),
                    found_ns: root.namespace().chars().take(128).collect(),
                });
            }
            let mut items = Vec::new();
            for child in root.children() {
                if child.is(T::NAME, T::NS) {
                    if child.is_nil() {
                        return Err(DecodeError::Nil {
                            model: "ArrayOf",
                            element: T::NAME,
                        });
                    }
                    items.push(T::read_xml_members(child)?);
                }
            }
            Ok(items)
        }
    }
}

fn expect_root(root: El<'_, '_>, name: &'static str, ns: &'static str) -> Result<(), DecodeError> {
    if root.is(name, ns) {
        Ok(())
    } else {
        Err(DecodeError::UnexpectedRoot {
            expected: name.to_owned(),
            expected_ns: ns,
            found: root.name().chars().take(64).collect(),
            found_ns: root.namespace().chars().take(128).collect(),
        })
    }
}

pub(crate) fn json_error(e: serde_json::Error) -> DecodeError {
    DecodeError::Json(e.to_string())
}

/// A member value with a text form in XML.
pub(crate) trait XmlScalar: Sized {
    /// The type's name in messages (`boolean`, `integer`, …).
    const EXPECTED: &'static str;
    fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError>;
    fn parse_text(text: &str) -> Option<Self>;
}

impl XmlScalar for String {
    const EXPECTED: &'static str = "string";
    fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        w.text_member(field, self)
    }
    fn parse_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl XmlScalar for bool {
    const EXPECTED: &'static str = "boolean";
    fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        w.text_member(field, if *self { "true" } else { "false" })
    }
    /// `XmlConvert.ToBoolean`: `true`/`false`/`1`/`0`, surrounding whitespace allowed.
    fn parse_text(text: &str) -> Option<Self> {
        match text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }
}

macro_rules! xml_int {
    ($($t:ty),*) => {$(
        impl XmlScalar for $t {
            const EXPECTED: &'static str = "integer";
            fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
                w.text_member(field, &self.to_string())
            }
            fn parse_text(text: &str) -> Option<Self> {
                text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r')).parse().ok()
            }
        }
    )*};
}
xml_int!(i32, i64);

/// A member: a scalar (required) or an `Option` of one (`i:nil` when `None`).
pub(crate) trait XmlMember: Sized {
    fn write_member(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError>;
    fn read_member(
        members: &mut Members<'_, '_>,
        model: &'static str,
        field: &'static str,
    ) -> Result<Self, DecodeError>;
}

fn parse_scalar<T: XmlScalar>(
    el: El<'_, '_>,
    model: &'static str,
    field: &'static str,
) -> Result<T, DecodeError> {
    T::parse_text(el.text()).ok_or_else(|| DecodeError::InvalidValue {
        model,
        element: field,
        value: el.text().chars().take(64).collect(),
        expected: T::EXPECTED,
    })
}

impl<T: XmlScalar> XmlMember for T {
    fn write_member(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        self.write_text(field, w)
    }
    fn read_member(
        members: &mut Members<'_, '_>,
        model: &'static str,
        field: &'static str,
    ) -> Result<Self, DecodeError> {
        let el = members.find(field).ok_or(DecodeError::MissingElement {
            model,
            element: field,
        })?;
        if el.is_nil() {
            return Err(DecodeError::Nil {
                model,
                element: field,
            });
        }
        parse_scalar(el, model, field)
    }
}

impl<T: XmlScalar> XmlMember for Option<T> {
    fn write_member(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        match self {
            Some(v) => v.write_text(field, w),
            None => {
                w.nil_member(field);
                Ok(())
            }
        }
    }
    fn read_member(
        members: &mut Members<'_, '_>,
        model: &'static str,
        field: &'static str,
    ) -> Result<Self, DecodeError> {
        match members.find(field) {
            None => Ok(None),
            Some(el) if el.is_nil() => Ok(None),
            Some(el) => parse_scalar(el, model, field).map(Some),
        }
    }
}

/// Implements [`Model`] for a struct from its DataContract name, namespace and members in
/// DataContract order (base-class members first, then ordinal A–Z: the help page's order).
macro_rules! data_contract {
    ($ty:ty, name = $name:literal, ns = $ns:expr, members = [$($wire:literal => $field:ident),* $(,)?]) => {
        impl $crate::model::Model for $ty {
            const NAME: &'static str = $name;
            const NS: &'static str = $ns;

            fn write_xml_members(
                &self,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                $( $crate::model::XmlMember::write_member(&self.$field, $wire, w)?; )*
                Ok(())
            }

            fn read_xml_members(
                el: $crate::xml::El<'_, '_>,
            ) -> Result<Self, $crate::error::DecodeError> {
                let mut members = $crate::xml::Members::new(el, $ns);
                Ok(Self {
                    $( $field: $crate::model::XmlMember::read_member(&mut members, $name, $wire)?, )*
                })
            }
        }

        impl $ty {
            /// The body of this value in `format`, exactly as the client sends it.
            pub fn to_body(&self, format: $crate::Format) -> Result<Vec<u8>, $crate::Error> {
                let mut out = Vec::new();
                $crate::model::encode_into(self, format, &mut out).map_err(|source| {
                    $crate::Error::Encode { format, model: $name, source }
                })?;
                Ok(out)
            }

            /// The body of a list of these values in `format` (a JSON array, or XML
            #[doc = concat!("`ArrayOf", $name, "`).")]
            pub fn list_to_body(items: &[Self], format: $crate::Format) -> Result<Vec<u8>, $crate::Error> {
                let mut out = Vec::new();
                $crate::model::encode_list_into(items, format, &mut out).map_err(|source| {
                    $crate::Error::Encode { format, model: $name, source }
                })?;
                Ok(out)
            }

            /// Reads a list body in `format`.
            pub fn list_from_body(format: $crate::Format, body: &[u8]) -> Result<Vec<Self>, $crate::Error> {
                $crate::model::decode_list(format, body).map_err(|source| {
                    $crate::Error::decode(format, $name, String::from("passed to list_from_body"), source)
                })
            }

            /// Reads a body in `format`.
            pub fn from_body(format: $crate::Format, body: &[u8]) -> Result<Self, $crate::Error> {
                $crate::model::decode(format, body).map_err(|source| {
                    $crate::Error::decode(format, $name, String::from("passed to from_body"), source)
                })
            }
        }
    };
}
pub(crate) use data_contract;
