//! The codec: how a model becomes a body and back, in either format.
//!
//! Every body type implements the internal [`Model`] trait: JSON through serde (field names are
//! the API's own, misspellings included), XML through an explicit member list in DataContract
//! order. The [`data_contract!`] macro writes that list once per model.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{DecodeError, EncodeError};
use crate::format::Format;
use crate::xml::{El, Filter, Keep, MemberFilter, Members, Opening, XmlDoc, XmlWriter, shorten};

/// A type the API sends or answers as a body.
pub(crate) trait Model: Serialize + DeserializeOwned + Sized {
    /// The DataContract name: the XML root element of a single value.
    const NAME: &'static str;
    /// The DataContract namespace.
    const NS: &'static str;
    /// The members' element names, in the order [`Model::read_xml_members`] looks them up.
    const MEMBERS: &'static [&'static str];

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
            // Only the root and the children its members will be read from are stored.
            let mut filter = OneFilter::<T> {
                active: false,
                members: MemberFilter::default(),
                model: PhantomData,
            };
            let doc = XmlDoc::parse_filtered(bytes, &mut filter)?;
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
            // Item by item: each item is stored, decoded when it ends, and dropped; nothing else
            // is stored. Errors come in the order a whole-tree reader finds them: the document's
            // own (it is read to the end), then the root, then the first bad item.
            let mut filter = ListFilter::<T> {
                root_ok: false,
                items: Vec::new(),
                error: None,
                members: MemberFilter::default(),
            };
            let doc = XmlDoc::parse_filtered(bytes, &mut filter)?;
            let root = doc.root();
            if !filter.root_ok {
                return Err(DecodeError::UnexpectedRoot {
                    expected: format!("ArrayOf{}", T::NAME),
                    expected_ns: T::NS,
                    found: root.name().chars().take(64).collect(),
                    found_ns: root.namespace().chars().take(128).collect(),
                });
            }
            match filter.error {
                Some(e) => Err(e),
                None => Ok(filter.items),
            }
        }
    }
}

/// Stores a single model's root and the children its members are read from.
struct OneFilter<T> {
    /// The root is a non-nil `T`: its children are worth storing.
    active: bool,
    members: MemberFilter,
    model: PhantomData<fn() -> T>,
}

impl<T: Model> Filter for OneFilter<T> {
    fn open(&mut self, el: &Opening<'_>) -> Keep {
        match el.depth {
            1 => {
                self.active = el.name == T::NAME && el.namespace == T::NS && !el.nil;
                Keep::Element
            }
            2 if self.active && self.members.keep(T::MEMBERS, T::NS, el) => Keep::Text,
            _ => Keep::Skip,
        }
    }

    fn close(&mut self, _: usize, _: El<'_, '_>) -> bool {
        true
    }
}

/// Decodes an `ArrayOf{NAME}` item by item, as each item ends.
struct ListFilter<T> {
    /// The root is `ArrayOf{NAME}` in the contract namespace.
    root_ok: bool,
    items: Vec<T>,
    /// The first bad item's error; later items are skipped.
    error: Option<DecodeError>,
    /// For the current item.
    members: MemberFilter,
}

impl<T: Model> Filter for ListFilter<T> {
    #[inline(always)]
    fn open(&mut self, el: &Opening<'_>) -> Keep {
        match el.depth {
            1 => {
                self.root_ok =
                    el.name.strip_prefix("ArrayOf") == Some(T::NAME) && el.namespace == T::NS;
                Keep::Element
            }
            2 if self.root_ok
                && self.error.is_none()
                && el.name == T::NAME
                && el.namespace == T::NS =>
            {
                if el.nil {
                    self.error = Some(DecodeError::Nil {
                        model: "ArrayOf",
                        element: T::NAME,
                    });
                    return Keep::Skip;
                }
                self.members.reset();
                Keep::Element
            }
            // Only an item's children get here (nothing else at depth 2 is stored).
            3 if self.members.keep(T::MEMBERS, T::NS, el) => Keep::Text,
            _ => Keep::Skip,
        }
    }

    #[inline(always)]
    fn close(&mut self, depth: usize, el: El<'_, '_>) -> bool {
        if depth != 2 {
            return true;
        }
        self.decode_item(el);
        false
    }
}

impl<T: Model> ListFilter<T> {
    /// Decodes an item that has ended.
    #[inline(never)]
    fn decode_item(&mut self, el: El<'_, '_>) {
        match T::read_xml_members(el) {
            Ok(item) => self.items.push(item),
            Err(e) => self.error = Some(e),
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

/// How long a decode error's message may be, in characters: serde's messages quote the
/// offending value, which may be most of the body.
const ERROR_CHARS: usize = 512;

pub(crate) fn json_error(e: serde_json::Error) -> DecodeError {
    DecodeError::Json(shorten(&e.to_string(), ERROR_CHARS))
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

/// Whether a model's member names suit [`MemberFilter`]: at most 64, all distinct.
pub(crate) const fn members_ok(names: &[&str]) -> bool {
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut k = 0;
        while k < a.len() {
            if a[k] != b[k] {
                return false;
            }
            k += 1;
        }
        true
    }
    if names.len() > 64 {
        return false;
    }
    let mut i = 0;
    while i < names.len() {
        let mut j = i + 1;
        while j < names.len() {
            if same(names[i], names[j]) {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// Implements [`Model`] for a struct from its DataContract name, namespace and members in
/// DataContract order (base-class members first, then ordinal A–Z: the help page's order).
macro_rules! data_contract {
    ($ty:ty, name = $name:literal, ns = $ns:expr, members = [$($wire:literal => $field:ident),* $(,)?]) => {
        impl $crate::codec::Model for $ty {
            const NAME: &'static str = $name;
            const NS: &'static str = $ns;
            const MEMBERS: &'static [&'static str] = &[$($wire),*];

            fn write_xml_members(
                &self,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                $( $crate::codec::XmlMember::write_member(&self.$field, $wire, w)?; )*
                Ok(())
            }

            fn read_xml_members(
                el: $crate::xml::El<'_, '_>,
            ) -> Result<Self, $crate::error::DecodeError> {
                let mut members = $crate::xml::Members::new(el, $ns);
                Ok(Self {
                    $( $field: $crate::codec::XmlMember::read_member(&mut members, $name, $wire)?, )*
                })
            }
        }

        // `MemberFilter` tracks at most 64 members, by distinct names.
        const _: () = assert!($crate::codec::members_ok(<$ty as $crate::codec::Model>::MEMBERS));

        impl $ty {
            /// The body of this value in `format`, exactly as the client sends it.
            pub fn to_body(&self, format: $crate::Format) -> Result<Vec<u8>, $crate::Error> {
                let mut out = Vec::new();
                $crate::codec::encode_into(self, format, &mut out).map_err(|source| {
                    $crate::Error::Encode { format, model: $name, source }
                })?;
                Ok(out)
            }

            /// The body of a list of these values in `format` (a JSON array, or XML
            #[doc = concat!("`ArrayOf", $name, "`).")]
            pub fn list_to_body(items: &[Self], format: $crate::Format) -> Result<Vec<u8>, $crate::Error> {
                let mut out = Vec::new();
                $crate::codec::encode_list_into(items, format, &mut out).map_err(|source| {
                    $crate::Error::Encode { format, model: $name, source }
                })?;
                Ok(out)
            }

            /// Reads a list body in `format`.
            pub fn list_from_body(format: $crate::Format, body: &[u8]) -> Result<Vec<Self>, $crate::Error> {
                $crate::codec::decode_list(format, body).map_err(|source| {
                    $crate::Error::decode(format, $name, String::from("passed to list_from_body"), source)
                })
            }

            /// Reads a body in `format`.
            pub fn from_body(format: $crate::Format, body: &[u8]) -> Result<Self, $crate::Error> {
                $crate::codec::decode(format, body).map_err(|source| {
                    $crate::Error::decode(format, $name, String::from("passed to from_body"), source)
                })
            }
        }
    };
}
pub(crate) use data_contract;

/// Declares an API enum once: its DataContract type name and its members with their numbers.
/// From that one list come the Rust enum (with an `Unknown` arm, so a value a newer server sends
/// is not a decode error), JSON as the integer, XML as the member name, and `VALUES`, the table the
/// sandbox's DataContract emulator reads.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident = $contract:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the crate does not know, kept as the server sent it: a
            /// number from JSON, a name from XML. It can be sent back only in the same format.
            Unknown($crate::models::UnknownValue),
        }

        impl $name {
            /// The DataContract type name.
            pub const CONTRACT_NAME: &'static str = $contract;
            /// Every member this version knows: XML name and JSON number, in declaration order.
            pub const VALUES: &'static [(&'static str, i64)] = &[ $( (stringify!($variant), $value), )+ ];

            /// The JSON number, when known.
            pub fn value(&self) -> Option<i64> {
                match self {
                    $( $name::$variant => Some($value), )+
                    $name::Unknown(u) => u.number(),
                }
            }

            /// The XML name, when known.
            pub fn name(&self) -> Option<&str> {
                match self {
                    $( $name::$variant => Some(stringify!($variant)), )+
                    $name::Unknown(u) => u.name(),
                }
            }

            /// The member with this JSON number (`Unknown` for any other).
            pub fn from_value(value: i64) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown($crate::models::UnknownValue::Number(other)),
                }
            }

            /// The member with this XML name (`Unknown` for any other).
            pub fn from_name(name: &str) -> Self {
                match name {
                    $( stringify!($variant) => $name::$variant, )+
                    other => $name::Unknown($crate::models::UnknownValue::Name(other.to_owned())),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.value() {
                    Some(v) => serializer.serialize_i64(v),
                    None => Err(<S::Error as serde::ser::Error>::custom(format_args!(
                        "{} value {:?} came from XML and has no JSON number this version knows",
                        stringify!($name),
                        self.name().unwrap_or_default()
                    ))),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit;
                impl serde::de::Visitor<'_> for Visit {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " number or name"))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name::from_value(v))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        i64::try_from(v)
                            .map($name::from_value)
                            .map_err(|_| E::custom("enum number out of range"))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok(match v.trim().parse::<i64>() {
                            Ok(n) => $name::from_value(n),
                            Err(_) => $name::from_name(v.trim()),
                        })
                    }
                }
                deserializer.deserialize_any(Visit)
            }
        }

        impl $crate::codec::XmlScalar for $name {
            const EXPECTED: &'static str = concat!(stringify!($name), " name");
            fn write_text(
                &self,
                field: &'static str,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                match self.name() {
                    Some(name) => w.text_member(field, name),
                    None => Err($crate::error::EncodeError::UnknownEnumValue {
                        field,
                        value: self.value().unwrap_or_default().to_string(),
                    }),
                }
            }
            /// DataContractSerializer reads an enum member by its name, surrounding whitespace
            /// allowed; an empty element is not a value.
            fn parse_text(text: &str) -> Option<Self> {
                let t = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
                (!t.is_empty()).then(|| $name::from_name(t))
            }
        }
    };
}
pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::LicenseOperation;
    use crate::models::License;
    use crate::xml::ENGINE_MODELS_NS;

    /// The readers as they were before they filtered: a tree of the whole document, then the
    /// same lookups.
    fn whole_tree_list<T: Model>(bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
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

    fn whole_tree_optional<T: Model>(bytes: &[u8]) -> Result<Option<T>, DecodeError> {
        let doc = XmlDoc::parse(bytes)?;
        let root = doc.root();
        expect_root(root, T::NAME, T::NS)?;
        if root.is_nil() {
            return Ok(None);
        }
        T::read_xml_members(root).map(Some)
    }

    fn same<T: Model + std::fmt::Debug>(bytes: &[u8]) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            format!("{:?}", decode_list::<T>(Format::Xml, bytes)),
            format!("{:?}", whole_tree_list::<T>(bytes)),
            "list {}",
            String::from_utf8_lossy(bytes)
        );
        prop_assert_eq!(
            format!("{:?}", decode_optional::<T>(Format::Xml, bytes)),
            format!("{:?}", whole_tree_optional::<T>(bytes)),
            "one {}",
            String::from_utf8_lossy(bytes)
        );
        Ok(())
    }

    /// A member-like child: a member name (or not), in the model's namespace (or not), with a
    /// valid or invalid value, `i:nil`, or a child of its own.
    fn child() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "ComputerName",
            "DateExpired",
            "ID",
            "IsTaken",
            "IsTrial",
            "LicenseType",
            "Number",
            "OperatingSystem",
            "Transaction",
            "User",
            "UserID",
            "LicenseID",
            "Other",
        ]);
        let values = prop::sample::select(vec![
            "x",
            "1",
            " 7 ",
            "true",
            "0",
            "maybe",
            "",
            "2019-08-28T11:07:01.0922535+00:00",
            "2019-02-30T00:00:00",
            "a &amp; b",
            "<![CDATA[c]]>d",
            "<n>inner</n>z",
        ]);
        (names, values, 0u8..8).prop_map(|(name, value, how)| match how {
            0 => format!("<{name} i:nil=\"true\"/>"),
            1 => format!("<o:{name}>{value}</o:{name}>"),
            2 => format!("<{name}/>"),
            _ => format!("<{name}>{value}</{name}>"),
        })
    }

    fn model(name: &'static str) -> impl Strategy<Value = String> {
        (prop::collection::vec(child(), 0..16), 0u8..10).prop_map(
            move |(children, how)| match how {
                0 => format!("<{name} i:nil=\"true\"/>"),
                1 => format!("<Other>{}</Other>", children.concat()),
                _ => format!("<{name}>{}</{name}>", children.concat()),
            },
        )
    }

    fn document(
        root: &'static str,
        item: &'static str,
        ns: &'static str,
    ) -> impl Strategy<Value = String> {
        let decl = format!("xmlns:i=\"{}\" xmlns:o=\"urn:o\"", crate::xml::XSI_NS);
        (
            prop::collection::vec(model(item), 0..4),
            model(item),
            0u8..8,
            0u8..3,
        )
            .prop_map(move |(items, one, how, ns_how)| {
                let ns = match ns_how {
                    0 => "urn:other",
                    _ => ns,
                };
                match how {
                    0 => {
                        // A single model as the root.
                        let inner = one
                            .strip_prefix(&format!("<{item}"))
                            .map(|rest| format!("<{item} {decl} xmlns=\"{ns}\"{rest}"));
                        inner.unwrap_or(one)
                    }
                    1 => format!("<{root} {decl} xmlns=\"{ns}\">{}", items.concat()),
                    2 => format!("<Wrong {decl} xmlns=\"{ns}\">{}</Wrong>", items.concat()),
                    _ => format!("<{root} {decl} xmlns=\"{ns}\">{}</{root}>", items.concat()),
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn filtered_decoding_matches_the_whole_tree_for_licenses(
            doc in document("ArrayOfLicensesModels", "LicensesModels", ENGINE_MODELS_NS)
        ) {
            same::<License>(doc.as_bytes())?;
        }

        #[test]
        fn filtered_decoding_matches_the_whole_tree_for_operations(
            doc in document("ArrayOfLicenseOperation", "LicenseOperation", ENGINE_MODELS_NS)
        ) {
            same::<LicenseOperation>(doc.as_bytes())?;
        }
    }

    #[test]
    fn list_errors_come_in_document_order() {
        let root = format!(
            "<ArrayOfLicenseOperation xmlns:i=\"{}\" xmlns=\"{ENGINE_MODELS_NS}\">",
            crate::xml::XSI_NS
        );
        let ok = "<LicenseOperation><LicenseID>L</LicenseID><UserID>U</UserID></LicenseOperation>";
        let bad = "<LicenseOperation><UserID>U</UserID></LicenseOperation>";
        let nil = "<LicenseOperation i:nil=\"true\"/>";
        for body in [
            format!("{root}{ok}{bad}{nil}</ArrayOfLicenseOperation>"),
            format!("{root}{ok}{nil}{bad}</ArrayOfLicenseOperation>"),
            format!("{root}{ok}{bad}<x></ArrayOfLicenseOperation>"),
            format!("{root}{ok}{ok}</ArrayOfLicenseOperation>"),
        ] {
            assert_eq!(
                format!(
                    "{:?}",
                    decode_list::<LicenseOperation>(Format::Xml, body.as_bytes())
                ),
                format!("{:?}", whole_tree_list::<LicenseOperation>(body.as_bytes())),
            );
        }
    }

    #[test]
    fn member_lists_must_be_short_and_distinct() {
        assert!(members_ok(License::MEMBERS));
        assert!(members_ok(&[]));
        assert!(!members_ok(&["A", "B", "A"]));
        assert!(!members_ok(&["A"; 65]));
    }

    #[test]
    fn long_json_errors_are_shortened() {
        // serde quotes the offending string in full.
        let body = format!("[{{\"ID\":\"x\",\"Number\":\"{}\"}}]", "u".repeat(10_000));
        let err = decode_list::<License>(Format::Json, body.as_bytes()).unwrap_err();
        let DecodeError::Json(message) = err else {
            panic!("{err:?}")
        };
        assert_eq!(message.chars().count(), ERROR_CHARS, "{message}");
        assert!(
            message.starts_with("invalid type: string \"uuu"),
            "{message}"
        );
        assert!(message.ends_with("at line 1 column 10022"), "{message}");
    }
}
