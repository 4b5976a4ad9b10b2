//! The codec: how a model becomes a body and back, in either format.
//!
//! Every wire value implements [`XmlValue`], so members compose: scalars, enums, nested models,
//! `Vec<T>` and `Option<T>`. Every body type implements the internal [`Model`] trait. The
//! [`model!`] macro declares a model once (fields with their wire names) and generates the
//! struct, JSON (serde), XML write and read, and its [`Contract`]; [`wire_enum!`] does the same
//! for enums.
//!
//! XML is read without a tree of the whole document. First by streaming: each model reads its
//! members from a [`StreamReader`] straight into its fields ([`XmlValue::read_stream`], the
//! first of each name; unknown members kept raw). Whatever the streaming reader leaves (markup
//! it does not read, and every error) is read again from a filtered tree: a [`ShapeFilter`]
//! guided by the contract stores only the members a model reads, and a list is decoded item by
//! item as each item ends. The two give the same values (tested against a tree of the whole
//! document), and the errors are the tree reader's.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::contract::{Contract, Kind};
use crate::error::{DecodeError, EncodeError, Error};
use crate::format::Format;
use crate::models::{Extra, ExtraValue};
use crate::xml::{
    El, Fallback, Fast, Filter, Keep, NsCache, Opening, Start, StreamReader, XmlDoc, XmlWriter,
    shorten,
};

/// A type the API sends or answers as a body.
pub(crate) trait Model: Serialize + DeserializeOwned + XmlValue {
    /// The DataContract name: the XML root element of a single value.
    const NAME: &'static str;
    /// The DataContract namespace.
    const NS: &'static str;
    /// The contract.
    const CONTRACT: &'static Contract;

    /// Writes the members, in DataContract order.
    fn write_xml_members(&self, w: &mut XmlWriter<'_>) -> Result<(), EncodeError>;

    /// Reads the members of an element whose children are in [`Model::NS`], from a stored tree
    /// (filtered, or the whole document).
    fn read_xml_members(el: El<'_, '_>) -> Result<Self, DecodeError>;

    /// Refuses values the API would refuse (blank required members), before any I/O.
    fn validate(&self) -> Result<(), Error>;
}

/// A value with a DataContract XML form: a member's value, or a list's item.
pub(crate) trait XmlValue: Sized {
    /// Its contract kind.
    const KIND: Kind;
    /// Whether the Rust type admits null (`Option`).
    const NULLABLE: bool = false;
    /// Whether the value is a [`Secret`](crate::Secret) (or an `Option` of one).
    const SECRET: bool = false;

    /// Writes the value as the member `name` of the element being written (`i:nil` for null).
    fn write_xml(&self, name: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError>;

    /// Reads the value from its member element (present, not nil).
    fn read_xml(
        el: El<'_, '_>,
        model: &'static str,
        name: &'static str,
    ) -> Result<Self, DecodeError>;

    /// Reads the value from its member element (present, not nil) as a [`StreamReader`] opens
    /// it, to the element's end.
    fn read_stream<'a>(r: &mut StreamReader<'a>, el: &Start<'a>) -> Fast<Self>;

    /// The value of a nil element, if the type admits one.
    fn nil() -> Option<Self> {
        None
    }

    /// Refuses what the API would refuse inside the value: the blank required members of a
    /// nested model or of the models in a list (nothing for scalars).
    fn validate_nested(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Whether the value is null (`None`): an `omit` member is then left out of the body.
    fn is_absent(&self) -> bool {
        false
    }
}

/// A value with a text form in XML (scalars and enums).
pub(crate) trait XmlScalar: Sized {
    /// The type's name in messages (`boolean`, `integer`, …).
    const EXPECTED: &'static str;
    fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError>;
    fn parse_text(text: &str) -> Option<Self>;
    /// [`XmlScalar::parse_text`] of a text the reader may already own (a string takes it
    /// without a copy).
    #[inline]
    fn parse_cow(text: std::borrow::Cow<'_, str>) -> Option<Self> {
        Self::parse_text(&text)
    }
}

/// Whether a required member holds nothing (the API refuses it).
pub(crate) trait Blank {
    fn is_blank(&self) -> bool;
}

impl Blank for String {
    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
}

impl Blank for crate::Secret {
    fn is_blank(&self) -> bool {
        crate::Secret::is_blank(self)
    }
}

impl Blank for crate::models::Guid {
    fn is_blank(&self) -> bool {
        self.as_str().trim().is_empty()
    }
}

impl<T: Blank> Blank for Option<T> {
    fn is_blank(&self) -> bool {
        self.as_ref().is_none_or(Blank::is_blank)
    }
}

impl<T> Blank for Vec<T> {
    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

/// The value of a member that was not in the body: `None` unless the type admits null.
pub(crate) fn missing<T: XmlValue>() -> Option<T> {
    if T::NULLABLE { T::nil() } else { None }
}

/// Reads a member element: nil as the type allows, else its value.
#[inline]
pub(crate) fn read_member<T: XmlValue>(
    el: El<'_, '_>,
    model: &'static str,
    name: &'static str,
) -> Result<T, DecodeError> {
    if el.is_nil() {
        return T::nil().ok_or(DecodeError::Nil {
            model,
            element: name,
        });
    }
    T::read_xml(el, model, name)
}

/// A read member, or the error for a missing one.
#[inline]
pub(crate) fn finish_member<T: XmlValue>(
    value: Option<T>,
    model: &'static str,
    name: &'static str,
) -> Result<T, DecodeError> {
    match value {
        Some(v) => Ok(v),
        None => missing::<T>().ok_or(DecodeError::MissingElement {
            model,
            element: name,
        }),
    }
}

/// [`read_member`] for the streaming reader: nil as the type allows (the element is still read
/// to its end), else its value.
#[inline]
pub(crate) fn read_member_stream<'a, T: XmlValue>(
    r: &mut StreamReader<'a>,
    el: &Start<'a>,
) -> Fast<T> {
    if el.nil {
        let v = T::nil().ok_or(Fallback)?;
        r.skip(el)?;
        return Ok(v);
    }
    T::read_stream(r, el)
}

/// [`finish_member`] for the streaming reader.
#[inline]
pub(crate) fn finish_stream<T: XmlValue>(value: Option<T>) -> Fast<T> {
    match value {
        Some(v) => Ok(v),
        None => missing::<T>().ok_or(Fallback),
    }
}

/// Keeps an unknown member met by the streaming reader, as the filtered reader does: the raw
/// markup of the first [`Extra::MAX`] unknown elements (the first of each name is kept).
#[inline(never)]
pub(crate) fn keep_stream_extra<'a>(
    r: &mut StreamReader<'a>,
    el: &Start<'a>,
    extra: &mut Extra,
    seen: &mut usize,
) -> Fast<()> {
    if *seen >= Extra::MAX {
        return r.skip(el);
    }
    *seen += 1;
    let raw = r.raw(el)?;
    extra.keep(el.name, || ExtraValue::Xml(raw.to_owned()));
    Ok(())
}

/// Reads a scalar for the streaming reader.
#[doc(hidden)]
#[inline]
pub(crate) fn stream_scalar<'a, T: XmlScalar>(r: &mut StreamReader<'a>, el: &Start<'a>) -> Fast<T> {
    T::parse_cow(r.text(el)?).ok_or(Fallback)
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

/// Implements [`XmlValue`] for scalars through their [`XmlScalar`] text form.
macro_rules! scalar_value {
    ($($t:ty => $kind:expr $(; secret = $secret:literal)?),* $(,)?) => {$(
        impl $crate::codec::XmlValue for $t {
            const KIND: $crate::contract::Kind = $kind;
            const SECRET: bool = false $(|| $secret)?;
            #[inline]
            fn write_xml(
                &self,
                name: &'static str,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                $crate::codec::XmlScalar::write_text(self, name, w)
            }
            #[inline]
            fn read_xml(
                el: $crate::xml::El<'_, '_>,
                model: &'static str,
                name: &'static str,
            ) -> Result<Self, $crate::error::DecodeError> {
                $crate::codec::parse_scalar_pub(el, model, name)
            }
            #[inline]
            fn read_stream<'a>(
                r: &mut $crate::xml::StreamReader<'a>,
                el: &$crate::xml::Start<'a>,
            ) -> $crate::xml::Fast<Self> {
                $crate::codec::stream_scalar(r, el)
            }
        }
    )*};
}
pub(crate) use scalar_value;

#[doc(hidden)]
#[inline]
pub(crate) fn parse_scalar_pub<T: XmlScalar>(
    el: El<'_, '_>,
    model: &'static str,
    field: &'static str,
) -> Result<T, DecodeError> {
    parse_scalar(el, model, field)
}

impl XmlScalar for String {
    const EXPECTED: &'static str = "string";
    fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        w.text_member(field, self)
    }
    fn parse_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    #[inline]
    fn parse_cow(text: std::borrow::Cow<'_, str>) -> Option<Self> {
        let mut s = text.into_owned();
        // An unescaped text was reserved at its escaped length.
        if s.capacity() - s.len() > 64 {
            s.shrink_to_fit();
        }
        Some(s)
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

impl XmlScalar for crate::Secret {
    const EXPECTED: &'static str = "string";
    fn write_text(&self, field: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        w.text_member(field, self.written())
    }
    fn parse_text(text: &str) -> Option<Self> {
        Some(crate::Secret::new(text))
    }
}

scalar_value!(
    String => Kind::String,
    crate::Secret => Kind::String; secret = true,
    bool => Kind::Bool,
    i32 => Kind::Int32,
    i64 => Kind::Int64,
    crate::models::Decimal => Kind::Decimal,
    crate::models::Guid => Kind::Guid,
    crate::models::Timestamp => Kind::DateTime,
);

impl<T: XmlValue> XmlValue for Option<T> {
    const KIND: Kind = T::KIND;
    const NULLABLE: bool = true;
    const SECRET: bool = T::SECRET;

    fn is_absent(&self) -> bool {
        self.is_none()
    }

    #[inline]
    fn write_xml(&self, name: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        match self {
            Some(v) => v.write_xml(name, w),
            None => {
                w.nil_member(name, T::KIND.child_namespace());
                Ok(())
            }
        }
    }

    #[inline]
    fn read_xml(
        el: El<'_, '_>,
        model: &'static str,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        T::read_xml(el, model, name).map(Some)
    }

    #[inline]
    fn read_stream<'a>(r: &mut StreamReader<'a>, el: &Start<'a>) -> Fast<Self> {
        T::read_stream(r, el).map(Some)
    }

    fn nil() -> Option<Self> {
        Some(None)
    }

    fn validate_nested(&self) -> Result<(), Error> {
        self.as_ref().map_or(Ok(()), XmlValue::validate_nested)
    }
}

impl<T: XmlValue> XmlValue for Vec<T> {
    const KIND: Kind = Kind::List(&T::KIND);

    fn validate_nested(&self) -> Result<(), Error> {
        self.iter().try_for_each(XmlValue::validate_nested)
    }

    fn write_xml(&self, name: &'static str, w: &mut XmlWriter<'_>) -> Result<(), EncodeError> {
        let (item, ns) = (T::KIND.item_name(), T::KIND.item_namespace());
        w.open_member(name, ns);
        for v in self {
            v.write_xml(item, w)?;
        }
        w.close_member();
        Ok(())
    }

    fn read_xml(
        el: El<'_, '_>,
        _model: &'static str,
        name: &'static str,
    ) -> Result<Self, DecodeError> {
        let (item, ns) = (T::KIND.item_name(), T::KIND.item_namespace());
        let mut out = Vec::new();
        for child in el.children() {
            if child.is(item, ns) {
                out.push(read_member::<T>(child, name, item)?);
            }
        }
        Ok(out)
    }

    fn read_stream<'a>(r: &mut StreamReader<'a>, el: &Start<'a>) -> Fast<Self> {
        let (item, ns) = (T::KIND.item_name(), T::KIND.item_namespace());
        let mut ns = NsCache::new(ns);
        let mut out = Vec::new();
        while let Some(child) = r.next_child(el)? {
            if child.name == item && r.is_ns(&mut ns, child.ns) {
                push_grown_by_half(&mut out, read_member_stream::<T>(r, &child)?);
            } else {
                r.skip(&child)?;
            }
        }
        out.shrink_to_fit();
        Ok(out)
    }
}

/// Pushes onto a list being read, growing it by half its length at a time (not doubling): a
/// list holds at most 1.5x its items while it is read, and its spare room is given back once
/// it is complete.
#[inline]
fn push_grown_by_half<T>(list: &mut Vec<T>, item: T) {
    if list.len() == list.capacity() {
        list.reserve_exact((list.len() / 2).max(1));
    }
    list.push(item);
}

/// A JSON array read as [`push_grown_by_half`] reads lists (serde's `Vec` doubles its room).
struct JsonList<T>(Vec<T>);

impl<'de, T: serde::Deserialize<'de>> serde::Deserialize<'de> for JsonList<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<T>(PhantomData<fn() -> T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::Visitor<'de> for Visit<T> {
            type Value = JsonList<T>;
            // What serde's `Vec` says, so that errors read the same.
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<JsonList<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    push_grown_by_half(&mut items, item);
                }
                items.shrink_to_fit();
                Ok(JsonList(items))
            }
        }
        d.deserialize_seq(Visit(PhantomData))
    }
}

/// Writes a model's members in DataContract order, with the unknown members it is asked to send
/// back placed among them by name (after the base members).
pub(crate) fn write_members(
    contract: &'static Contract,
    extra: &Extra,
    w: &mut XmlWriter<'_>,
    mut write: impl FnMut(&'static str, &mut XmlWriter<'_>) -> Result<(), EncodeError>,
) -> Result<(), EncodeError> {
    let extras = extra.to_send(Format::Xml)?;
    let mut pending = extras.iter().peekable();
    for m in contract.members {
        if !m.base {
            while let Some((name, raw)) = pending.next_if(|(n, _)| n.as_bytes() < m.name.as_bytes())
            {
                w.raw_member(name, raw);
            }
        }
        write(m.name, w)?;
    }
    for (name, raw) in pending {
        w.raw_member(name, raw);
    }
    Ok(())
}

/// Keeps an unknown member read from XML.
#[inline(never)]
pub(crate) fn keep_xml_extra(extra: &mut Extra, el: El<'_, '_>) {
    extra.keep(el.name(), || ExtraValue::Xml(el.text().to_owned()));
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

/// The XML root of a list of `T`: `ArrayOf{item}`.
pub(crate) fn list_root<T: XmlValue>() -> String {
    let item = T::KIND.item_name();
    let mut root = String::with_capacity(item.len() + 7);
    root.push_str("ArrayOf");
    root.push_str(item);
    root
}

/// Appends a list body: a JSON array, or `ArrayOf{item}` with one `{item}` element per item.
pub(crate) fn encode_list_into<T: XmlValue + Serialize>(
    items: &[T],
    format: Format,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    match format {
        Format::Json => serde_json::to_writer_pretty(out, items).map_err(EncodeError::Json),
        Format::Xml => {
            let root = list_root::<T>();
            let item = T::KIND.item_name();
            let mut w = XmlWriter::new(out);
            w.open_root(&root, T::KIND.item_namespace());
            for v in items {
                v.write_xml(item, &mut w)?;
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
        // Streamed; anything the streaming reader leaves (an error among them) is read again
        // by the filtered reader, which gives the result or the error.
        Format::Xml => match stream_optional::<T>(bytes) {
            Ok(value) => Ok(value),
            Err(Fallback) => filtered_optional(bytes),
        },
    }
}

/// Reads one `T` (or a nil root) from a filtered tree.
fn filtered_optional<T: Model>(bytes: &[u8]) -> Result<Option<T>, DecodeError> {
    let mut filter = OneFilter::<T> {
        shape: ShapeFilter::default(),
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

/// The streaming read of one `T` (or a nil root): `Err` for anything it leaves to the filtered
/// reader, errors included.
fn stream_optional<T: Model>(bytes: &[u8]) -> Fast<Option<T>> {
    let mut r = StreamReader::new(bytes)?;
    let root = r.root()?;
    if root.name != T::NAME || r.namespace(root.ns) != T::NS {
        return Err(Fallback);
    }
    let value = if root.nil {
        r.skip(&root)?;
        None
    } else {
        Some(T::read_stream(&mut r, &root)?)
    };
    r.finish()?;
    Ok(value)
}

/// The streaming read of an `ArrayOf{item}`: `Err` for anything it leaves to the filtered
/// reader, errors included.
fn stream_list<T: XmlValue>(bytes: &[u8]) -> Fast<Vec<T>> {
    let mut r = StreamReader::new(bytes)?;
    let root = r.root()?;
    if root.name.strip_prefix("ArrayOf") != Some(T::KIND.item_name())
        || r.namespace(root.ns) != T::KIND.item_namespace()
    {
        return Err(Fallback);
    }
    // A nil root is read like any other, as the filtered reader does.
    let items = Vec::<T>::read_stream(&mut r, &root)?;
    r.finish()?;
    Ok(items)
}

/// Reads a body that holds one `T`; `null` is an error.
pub(crate) fn decode<T: Model>(format: Format, bytes: &[u8]) -> Result<T, DecodeError> {
    decode_optional(format, bytes)?.ok_or(DecodeError::Nil {
        model: T::NAME,
        element: T::NAME,
    })
}

/// Reads a list: a JSON array, or `ArrayOf{item}` with one `{item}` child per item.
pub(crate) fn decode_list<T: XmlValue + DeserializeOwned>(
    format: Format,
    bytes: &[u8],
) -> Result<Vec<T>, DecodeError> {
    match format {
        Format::Json => {
            if bytes.trim_ascii().is_empty() {
                return Err(DecodeError::Empty);
            }
            serde_json::from_slice::<JsonList<T>>(bytes)
                .map(|list| list.0)
                .map_err(json_error)
        }
        // As in `decode_optional`.
        Format::Xml => match stream_list::<T>(bytes) {
            Ok(items) => Ok(items),
            Err(Fallback) => filtered_list(bytes),
        },
    }
}

/// Reads an `ArrayOf{item}` from a filtered parse that decodes each item as it ends.
fn filtered_list<T: XmlValue>(bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    // Item by item: each item is stored, decoded when it ends, and dropped. Errors come in the
    // order a whole-tree reader finds them: the document's own (it is read to the end), then
    // the root, then the first bad item.
    let mut filter = ListFilter::<T> {
        root_ok: false,
        items: Vec::new(),
        error: None,
        shape: ShapeFilter::default(),
    };
    let doc = XmlDoc::parse_filtered(bytes, &mut filter)?;
    let root = doc.root();
    if !filter.root_ok {
        return Err(DecodeError::UnexpectedRoot {
            expected: list_root::<T>(),
            expected_ns: T::KIND.item_namespace(),
            found: root.name().chars().take(64).collect(),
            found_ns: root.namespace().chars().take(128).collect(),
        });
    }
    match filter.error {
        Some(e) => Err(e),
        None => {
            let mut items = filter.items;
            items.shrink_to_fit();
            Ok(items)
        }
    }
}

/// Whether an XML body's root element is an `ArrayOf…` (a cheap look at the first tag; the
/// decoder then checks the document properly).
pub(crate) fn xml_root_is_list(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // Skip the declaration, comments and whitespace before the root.
    loop {
        rest = rest.trim_ascii_start();
        if rest.starts_with(b"<?") || rest.starts_with(b"<!") {
            match rest.iter().position(|&b| b == b'>') {
                Some(end) => rest = &rest[end + 1..],
                None => return false,
            }
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/')
        .unwrap_or(tag.len());
    let name = &tag[..end];
    let local = match name.iter().position(|&b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    };
    local.starts_with(b"ArrayOf")
}

/// Reads a body that holds one string: JSON `"text"`, or XML `<string>` in the serialization
/// namespace.
pub(crate) fn decode_string(format: Format, bytes: &[u8]) -> Result<String, DecodeError> {
    match format {
        Format::Json => {
            if bytes.trim_ascii().is_empty() {
                return Err(DecodeError::Empty);
            }
            serde_json::from_slice::<String>(bytes).map_err(json_error)
        }
        Format::Xml => {
            struct RootText;
            impl Filter for RootText {
                fn open(&mut self, el: &Opening<'_>) -> Keep {
                    if el.depth == 1 {
                        Keep::Text
                    } else {
                        Keep::Skip
                    }
                }
                fn close(&mut self, _: usize, _: El<'_, '_>) -> bool {
                    true
                }
            }
            let doc = XmlDoc::parse_filtered(bytes, &mut RootText)?;
            let root = doc.root();
            expect_root(root, "string", crate::xml::SERIALIZATION_NS)?;
            if root.is_nil() {
                return Err(DecodeError::Nil {
                    model: "string",
                    element: "string",
                });
            }
            Ok(root.text().to_owned())
        }
    }
}

/// An open stored element, as the [`ShapeFilter`] sees it.
#[derive(Debug, Clone, Copy)]
struct ShapeFrame {
    /// What its children are read as; `None`: nothing under it is read.
    kind: Option<Kind>,
    /// Members with a stored element.
    seen: u64,
    /// Where the next member is probably found.
    next: usize,
    /// Unknown members stored.
    extras: usize,
    /// The interned id of the members' (or items') namespace, once seen.
    ns_id: Option<u16>,
}

/// Stores what a contract's reader reads and nothing else: for a model, the first element of
/// each member (unknown members as raw text, up to [`Extra::MAX`]); for a list, its items; under
/// a text member, nothing.
#[derive(Debug, Default)]
pub(crate) struct ShapeFilter {
    frames: Vec<ShapeFrame>,
}

impl ShapeFilter {
    /// Starts at a stored element read as `kind` (`None`: skip its children).
    fn push(&mut self, kind: Option<Kind>) {
        self.frames.push(ShapeFrame {
            kind,
            seen: 0,
            next: 0,
            extras: 0,
            ns_id: None,
        });
    }

    /// What to store of `el`, a child of the innermost stored element.
    #[inline(always)]
    fn child(&mut self, el: &Opening<'_>) -> Keep {
        let Some(frame) = self.frames.last_mut() else {
            return Keep::Skip;
        };
        let child_kind = match frame.kind {
            Some(Kind::Model(c)) => {
                let in_ns = match frame.ns_id {
                    Some(id) => id == el.ns_id,
                    None if el.namespace == c.namespace => {
                        frame.ns_id = Some(el.ns_id);
                        true
                    }
                    None => false,
                };
                if !in_ns {
                    return Keep::Skip;
                }
                let members = c.members;
                let n = members.len().min(64);
                let start = frame.next.min(n);
                let found = if start < n && members[start].name == el.name {
                    Some(start)
                } else {
                    (0..n).find(|&i| i != start && members[i].name == el.name)
                };
                let Some(j) = found else {
                    if frame.extras < Extra::MAX {
                        frame.extras += 1;
                        return Keep::Raw;
                    }
                    return Keep::Skip;
                };
                let bit = 1u64 << j;
                if frame.seen & bit != 0 {
                    return Keep::Skip;
                }
                frame.seen |= bit;
                frame.next = j + 1;
                members[j].kind
            }
            Some(Kind::List(item)) => {
                let in_ns = match frame.ns_id {
                    Some(id) => id == el.ns_id,
                    None if el.namespace == item.item_namespace() => {
                        frame.ns_id = Some(el.ns_id);
                        true
                    }
                    None => false,
                };
                if !in_ns || el.name != item.item_name() {
                    return Keep::Skip;
                }
                *item
            }
            _ => return Keep::Skip,
        };
        if child_kind.is_text() {
            // Nothing under a text member is read (its children are not the model's members).
            self.push(None);
            Keep::Text
        } else {
            self.push(Some(child_kind));
            Keep::Element
        }
    }

    /// A stored element at `depth` has ended.
    #[inline(always)]
    fn close(&mut self, depth: usize) {
        if self.frames.len() == depth {
            self.frames.pop();
        }
    }
}

/// Stores a single model's root and what its members are read from.
struct OneFilter<T> {
    shape: ShapeFilter,
    model: PhantomData<fn() -> T>,
}

impl<T: Model> Filter for OneFilter<T> {
    fn open(&mut self, el: &Opening<'_>) -> Keep {
        if el.depth == 1 {
            let ok = el.name == T::NAME && el.namespace == T::NS && !el.nil;
            self.shape.push(ok.then_some(Kind::Model(T::CONTRACT)));
            return Keep::Element;
        }
        self.shape.child(el)
    }

    fn close(&mut self, depth: usize, _: El<'_, '_>) -> bool {
        self.shape.close(depth);
        true
    }
}

/// Decodes an `ArrayOf{item}` item by item, as each item ends.
struct ListFilter<T> {
    /// The root is `ArrayOf{item}` in the items' namespace.
    root_ok: bool,
    items: Vec<T>,
    /// The first bad item's error; later items are skipped.
    error: Option<DecodeError>,
    shape: ShapeFilter,
}

impl<T: XmlValue> Filter for ListFilter<T> {
    #[inline(always)]
    fn open(&mut self, el: &Opening<'_>) -> Keep {
        match el.depth {
            1 => {
                let item = T::KIND.item_name();
                self.root_ok = el.name.strip_prefix("ArrayOf") == Some(item)
                    && el.namespace == T::KIND.item_namespace();
                self.shape
                    .push(self.root_ok.then_some(Kind::List(&T::KIND)));
                Keep::Element
            }
            2 if self.error.is_some() => Keep::Skip,
            2 if el.nil => {
                let keep = self.shape.child(el);
                if keep != Keep::Skip && T::nil().is_none() {
                    self.shape.close(2);
                    self.error = Some(DecodeError::Nil {
                        model: "ArrayOf",
                        element: T::KIND.item_name(),
                    });
                    return Keep::Skip;
                }
                keep
            }
            _ => self.shape.child(el),
        }
    }

    #[inline(always)]
    fn close(&mut self, depth: usize, el: El<'_, '_>) -> bool {
        self.shape.close(depth);
        if depth != 2 {
            return true;
        }
        self.decode_item(el);
        false
    }
}

impl<T: XmlValue> ListFilter<T> {
    /// Decodes an item that has ended.
    #[inline(never)]
    fn decode_item(&mut self, el: El<'_, '_>) {
        if self.error.is_some() {
            return;
        }
        match read_member::<T>(el, "ArrayOf", T::KIND.item_name()) {
            Ok(item) => push_grown_by_half(&mut self.items, item),
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

/// A JSON object key, borrowed from the input when it has no escapes.
pub(crate) struct JsonKey<'de>(pub(crate) std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for JsonKey<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = JsonKey<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<JsonKey<'de>, E> {
                Ok(JsonKey(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<JsonKey<'de>, E> {
                Ok(JsonKey(std::borrow::Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The declared name `key` stands for: itself, else the one equal ignoring ASCII case (Json.NET
/// matches property names that way), else `None`.
#[inline(never)]
pub(crate) fn json_name_ci(names: &[&'static str], key: &str) -> Option<&'static str> {
    names.iter().copied().find(|n| n.eq_ignore_ascii_case(key))
}

/// Keeps an unknown member read from JSON.
pub(crate) fn keep_json_extra<'de, A: serde::de::MapAccess<'de>>(
    extra: &mut Extra,
    name: &str,
    map: &mut A,
) -> Result<(), A::Error> {
    let raw: Box<serde_json::value::RawValue> = map.next_value()?;
    extra.keep(name, || ExtraValue::Json(raw.get().to_owned()));
    Ok(())
}

/// Writes the unknown members a model is asked to send back into a JSON object.
pub(crate) fn serialize_json_extras<M: serde::ser::SerializeMap>(
    extra: &Extra,
    map: &mut M,
) -> Result<(), M::Error> {
    let extras = extra
        .to_send(Format::Json)
        .map_err(<M::Error as serde::ser::Error>::custom)?;
    for (name, raw) in extras {
        let raw = serde_json::value::RawValue::from_string(raw.to_owned())
            .map_err(<M::Error as serde::ser::Error>::custom)?;
        map.serialize_entry(name, &raw)?;
    }
    Ok(())
}

/// Whether a member flag list holds `want` (`base`, `req`).
macro_rules! dc_flag {
    ($want:ident;) => { false };
    (base; base $($rest:ident)*) => { true };
    (req; req $($rest:ident)*) => { true };
    (omit; omit $($rest:ident)*) => { true };
    ($want:ident; $other:ident $($rest:ident)*) => { $crate::codec::dc_flag!($want; $($rest)*) };
}
pub(crate) use dc_flag;

/// The blank check of a `req` member (nothing for other members).
macro_rules! dc_required {
    ($self:ident, $field:ident, $wire:literal;) => {};
    ($self:ident, $field:ident, $wire:literal; req $($rest:ident)*) => {
        if $crate::codec::Blank::is_blank(&$self.$field) {
            return Err($crate::Error::invalid($wire, "must not be empty or blank"));
        }
    };
    ($self:ident, $field:ident, $wire:literal; $other:ident $($rest:ident)*) => {
        $crate::codec::dc_required!($self, $field, $wire; $($rest)*)
    };
}
pub(crate) use dc_required;

/// Declares a model once. From the one list of fields (wire name, flags, Rust name, type, in
/// the JSON formatter's order; `omit`: left out of a body when `None`, as
/// `[DataMember(EmitDefaultValue = false)]` does, for members added later) come the public struct, JSON (serde), XML write and read in
/// DataContract order (computed: `base` members first, then by `@N` order (`[DataMember(Order =
/// N)]`, default -1), then ordinal by name), the
/// [`Contract`], blank checks for `req` members, and the `to_body` / `from_body` helpers.
///
/// ```ignore
/// model! {
///     /// Docs.
///     pub struct LicenseOperation = "LicenseOperation" in ENGINE_MODELS_NS {
///         /// `LicenseID`: the license's ID.
///         req "LicenseID" license_id: String,
///         req "UserID" user_id: String,
///     }
/// }
/// ```
macro_rules! model {
    (
        $(#[$meta:meta])*
        pub struct $ty:ident = $name:literal in $ns:path {
            $(
                $(#[$fmeta:meta])*
                $($flag:ident)* $(@ $order:literal)? $wire:literal $field:ident : $fty:ty
            ),* $(,)?
        }
        $(check = $check:path;)?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $ty {
            $( $(#[$fmeta])* pub $field: $fty, )*
            /// Members the response carried that this version doesn't declare.
            extra: $crate::models::Extra,
        }

        impl $ty {
            /// The DataContract description of this model.
            pub const CONTRACT: $crate::contract::Contract = $crate::contract::Contract::new(
                $name,
                $ns,
                &$crate::contract::data_contract_order(Self::DECLARED),
                &Self::DECLARED,
            );

            const DECLARED: [$crate::contract::Member; [$($wire),*].len()] = [$(
                $crate::contract::Member::new(
                    $wire,
                    <$fty as $crate::codec::XmlValue>::KIND,
                    <$fty as $crate::codec::XmlValue>::NULLABLE,
                    $crate::codec::dc_flag!(req; $($flag)*),
                    $crate::codec::dc_flag!(base; $($flag)*),
                )
                .with_omit($crate::codec::dc_flag!(omit; $($flag)*))
                .with_secret(<$fty as $crate::codec::XmlValue>::SECRET)
                $(.with_order($order))?,
            )*];

            /// The raw value of a member the response carried that this version doesn't
            /// declare (see [`Extra`](crate::models::Extra)).
            pub fn extra(&self, name: &str) -> Option<&$crate::models::ExtraValue> {
                self.extra.get(name)
            }

            /// Every member the response carried that this version doesn't declare.
            pub fn extras(&self) -> &$crate::models::Extra {
                &self.extra
            }

            /// The unknown members, to change or to send back
            /// ([`Extra::send_back`](crate::models::Extra::send_back)).
            pub fn extras_mut(&mut self) -> &mut $crate::models::Extra {
                &mut self.extra
            }

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

            fn write_member(
                &self,
                name: &'static str,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                match name {
                    $( $wire => {
                        if $crate::codec::dc_flag!(omit; $($flag)*)
                            && $crate::codec::XmlValue::is_absent(&self.$field)
                        {
                            return Ok(());
                        }
                        $crate::codec::XmlValue::write_xml(&self.$field, $wire, w)
                    } )*
                    _ => Ok(()),
                }
            }
        }

        // The XML reader tracks members in a `u64`, by distinct names.
        const _: () = assert!($crate::contract::members_ok(&<$ty>::DECLARED));

        impl $crate::codec::Model for $ty {
            const NAME: &'static str = $name;
            const NS: &'static str = $ns;
            const CONTRACT: &'static $crate::contract::Contract = &<$ty>::CONTRACT;

            fn write_xml_members(
                &self,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                $crate::codec::write_members(&<$ty>::CONTRACT, &self.extra, w, |name, w| self.write_member(name, w))
            }

            #[allow(non_snake_case)]
            fn read_xml_members(
                el: $crate::xml::El<'_, '_>,
            ) -> Result<Self, $crate::error::DecodeError> {
                $( let mut $field: Option<$fty> = None; )*
                let mut extra = $crate::models::Extra::default();
                if let Some(ns) = el.doc().find_ns($ns) {
                    for child in el.children() {
                        if child.ns_id() != ns {
                            continue;
                        }
                        match child.name() {
                            $( $wire => if $field.is_none() {
                                $field = Some($crate::codec::read_member(child, $name, $wire)?);
                            }, )*
                            _ => $crate::codec::keep_xml_extra(&mut extra, child),
                        }
                    }
                }
                Ok($ty {
                    $( $field: $crate::codec::finish_member($field, $name, $wire)?, )*
                    extra,
                })
            }

            fn validate(&self) -> Result<(), $crate::Error> {
                $( $crate::codec::dc_required!(self, $field, $wire; $($flag)*); )*
                $( $crate::codec::XmlValue::validate_nested(&self.$field)?; )*
                $( $check(self)?; )?
                Ok(())
            }
        }

        impl $crate::codec::XmlValue for $ty {
            const KIND: $crate::contract::Kind = $crate::contract::Kind::Model(&<$ty>::CONTRACT);

            fn validate_nested(&self) -> Result<(), $crate::Error> {
                <Self as $crate::codec::Model>::validate(self)
            }

            fn write_xml(
                &self,
                name: &'static str,
                w: &mut $crate::xml::XmlWriter<'_>,
            ) -> Result<(), $crate::error::EncodeError> {
                w.open_member(name, $ns);
                $crate::codec::Model::write_xml_members(self, w)?;
                w.close_member();
                Ok(())
            }

            fn read_xml(
                el: $crate::xml::El<'_, '_>,
                _model: &'static str,
                _name: &'static str,
            ) -> Result<Self, $crate::error::DecodeError> {
                <Self as $crate::codec::Model>::read_xml_members(el)
            }

            #[allow(non_snake_case)]
            fn read_stream<'a>(
                r: &mut $crate::xml::StreamReader<'a>,
                el: &$crate::xml::Start<'a>,
            ) -> $crate::xml::Fast<Self> {
                $( let mut $field: Option<$fty> = None; )*
                let mut extra = $crate::models::Extra::default();
                let mut extras = 0usize;
                let mut ns = $crate::xml::NsCache::new($ns);
                while let Some(child) = r.next_child(el)? {
                    if !r.is_ns(&mut ns, child.ns) {
                        r.skip(&child)?;
                        continue;
                    }
                    match child.name {
                        $( $wire => if $field.is_none() {
                            $field = Some($crate::codec::read_member_stream(r, &child)?);
                        } else {
                            r.skip(&child)?;
                        }, )*
                        _ => $crate::codec::keep_stream_extra(r, &child, &mut extra, &mut extras)?,
                    }
                }
                Ok($ty {
                    $( $field: $crate::codec::finish_stream($field)?, )*
                    extra,
                })
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    if !($crate::codec::dc_flag!(omit; $($flag)*)
                        && $crate::codec::XmlValue::is_absent(&self.$field))
                    {
                        map.serialize_entry($wire, &self.$field)?;
                    }
                )*
                $crate::codec::serialize_json_extras(&self.extra, &mut map)?;
                map.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visit;
                impl<'de> serde::de::Visitor<'de> for Visit {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(concat!("a ", $name, " object"))
                    }
                    #[allow(non_snake_case)]
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $( let mut $field: Option<$fty> = None; )*
                        let mut extra = $crate::models::Extra::default();
                        while let Some(key) = map.next_key::<$crate::codec::JsonKey<'de>>()? {
                            let mut name: &str = &key.0;
                            loop {
                                match name {
                                    // Json.NET: the last of duplicate members wins.
                                    $( $wire => { $field = Some(map.next_value()?); break; } )*
                                    other => match $crate::codec::json_name_ci(&[$($wire),*], other) {
                                        Some(declared) if declared != other => name = declared,
                                        _ => {
                                            $crate::codec::keep_json_extra(&mut extra, other, &mut map)?;
                                            break;
                                        }
                                    },
                                }
                            }
                        }
                        Ok($ty {
                            $( $field: match $field {
                                Some(v) => v,
                                None => $crate::codec::missing::<$fty>()
                                    .ok_or_else(|| <A::Error as serde::de::Error>::missing_field($wire))?,
                            }, )*
                            extra,
                        })
                    }
                }
                deserializer.deserialize_map(Visit)
            }
        }
    };
}
pub(crate) use model;

/// Declares an API enum once: its DataContract type name and its members with their numbers.
/// From that one list come the Rust enum (with an `Unknown` arm, so a value a newer server sends
/// is not a decode error), JSON as the integer, XML as the member name, and `VALUES`, the table the
/// sandbox's DataContract emulator reads. A member whose XML name can't be the variant's is
/// written `Variant as "Name" = n`.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident = $xml:literal in $clr_ns:literal {
            $( $(#[$vmeta:meta])* $variant:ident $(as $wire:literal)? = $value:literal, )+
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
            pub const CONTRACT_NAME: &'static str = concat!($clr_ns, ".", $xml);
            /// The enum's contract description.
            pub const CONTRACT: $crate::contract::EnumContract = $crate::contract::EnumContract::new(
                concat!($clr_ns, ".", $xml),
                $xml,
                concat!("http://schemas.datacontract.org/2004/07/", $clr_ns),
                Self::VALUES,
            );
            /// Every member this version knows: XML name and JSON number, in declaration order.
            pub const VALUES: &'static [(&'static str, i64)] = &[ $( ($crate::codec::wire_name!($variant $($wire)?), $value), )+ ];

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
                    $( $name::$variant => Some($crate::codec::wire_name!($variant $($wire)?)), )+
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
                    $( $crate::codec::wire_name!($variant $($wire)?) => $name::$variant, )+
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

        $crate::codec::scalar_value!($name => $crate::contract::Kind::Enum(&$name::CONTRACT));

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

/// The XML name of a `wire_enum!` member: the variant's name, or the `as "Name"` given when the
/// wire name can't be a variant's (`Unknown` is the arm for values the crate doesn't know).
macro_rules! wire_name {
    ($variant:ident) => {
        stringify!($variant)
    };
    ($variant:ident $wire:literal) => {
        $wire
    };
}
pub(crate) use wire_name;

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

    /// The streaming reader, the filtered reader and the decoder (the first, else the second)
    /// each give what the whole-tree reader gives; the streaming reader may only give up.
    fn same<T: Model + std::fmt::Debug + PartialEq + Clone>(
        bytes: &[u8],
    ) -> Result<(), TestCaseError> {
        let text = String::from_utf8_lossy(bytes);
        agree(
            "list",
            &text,
            whole_tree_list::<T>(bytes),
            filtered_list::<T>(bytes),
            decode_list::<T>(Format::Xml, bytes),
            stream_list::<T>(bytes),
        )?;
        agree(
            "one",
            &text,
            whole_tree_optional::<T>(bytes),
            filtered_optional::<T>(bytes),
            decode_optional::<T>(Format::Xml, bytes),
            stream_optional::<T>(bytes),
        )
    }

    /// One reading's results agree with the whole tree's (see [`same`]).
    fn agree<V: std::fmt::Debug + PartialEq + Clone, S>(
        what: &str,
        text: &str,
        tree: Result<V, DecodeError>,
        filtered: Result<V, DecodeError>,
        decoded: Result<V, DecodeError>,
        streamed: Result<V, S>,
    ) -> Result<(), TestCaseError> {
        let tree = format!("{tree:?}");
        prop_assert_eq!(
            &format!("{filtered:?}"),
            &tree,
            "filtered {} {}",
            what,
            text
        );
        prop_assert_eq!(&format!("{decoded:?}"), &tree, "{} {}", what, text);
        if let Ok(v) = streamed {
            // Exactly what the filtered reader reads, unknown members' raw markup included.
            prop_assert_eq!(
                filtered.ok(),
                Some(v.clone()),
                "streamed {}, raw extras {}",
                what,
                text
            );
            prop_assert_eq!(
                &format!("{:?}", Ok::<_, DecodeError>(v)),
                &tree,
                "streamed {} {}",
                what,
                text
            );
        }
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
        // Mostly what the streaming reader reads; then what it leaves to the filtered reader.
        let plain = prop::sample::select(vec![
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
            "&lt;&quot;&apos;&gt;",
            "<n>inner</n>z",
            "<Number>5</Number>z",
        ]);
        let other = prop::sample::select(vec![
            "<![CDATA[c]]>d",
            "x\r\ny",
            "&#x41;",
            "<!--c-->e",
            "&bogus;",
            "<n>",
        ]);
        let values = prop_oneof![12 => plain, 1 => other];
        (names, values, 0u8..12).prop_map(|(name, value, how)| member(name, value, how))
    }

    /// A member element named `name` holding `value`, written one of several ways.
    fn member(name: &str, value: &str, how: u8) -> String {
        match how {
            0 => format!("<{name} i:nil=\"true\"/>"),
            1 => format!("<o:{name}>{value}</o:{name}>"),
            2 => format!("<{name}/>"),
            3 => format!("<{name} i:nil=\"false\">{value}</{name}>"),
            4 => format!("<{name} i:nil=\"1\" />"),
            5 => format!("<{name} xmlns=\"urn:o\">{value}</{name}>"),
            6 => format!("<{name} >{value}</{name} >"),
            _ => format!("<{name}>{value}</{name}>"),
        }
    }

    /// Texts for the members of `User` and `UserDestination`.
    fn user_value() -> impl Strategy<Value = String> {
        let plain = prop::sample::select(vec![
            "x",
            "1",
            " 7 ",
            "true",
            "0",
            "",
            "maybe",
            "Manual",
            " Automatic ",
            "Hybrid",
            "a &amp; b",
            "<n>y</n>z",
            "<ID>5</ID>w",
        ]);
        let other = prop::sample::select(vec!["x\r\ny", "<![CDATA[c]]>"]);
        prop_oneof![12 => plain, 1 => other].prop_map(str::to_owned)
    }

    /// A member of a `UserDestinationsModel`.
    fn destination_child() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "ID",
            "CurrentVolume",
            "PackageID",
            "AccountID",
            "AccountDisplayName",
            "Destination",
            "DestinationDisplayName",
            "Other",
        ]);
        (names, user_value(), 0u8..12).prop_map(|(name, value, how)| member(name, &value, how))
    }

    /// An item of `NotificationEmails` (`string` in the arrays namespace, bound to `a`), or
    /// something else in its place.
    fn email_item() -> impl Strategy<Value = String> {
        (user_value(), 0u8..8).prop_map(|(value, how)| match how {
            0 => "<a:string i:nil=\"true\"/>".to_owned(),
            1 => format!("<string>{value}</string>"),
            2 => format!("<a:other>{value}</a:other>"),
            3 => "<a:string/>".to_owned(),
            4 => format!(
                "<b:string xmlns:b=\"{}\">{value}</b:string>",
                crate::contract::ARRAYS_NS
            ),
            _ => format!("<a:string>{value}</a:string>"),
        })
    }

    /// A member of a `UsersModels`: scalars, `NotificationEmails` (a list of strings in another
    /// namespace) and `DestinationList` (a list of models).
    fn user_child() -> impl Strategy<Value = String> {
        let names = prop::sample::select(vec![
            "ID",
            "Email",
            "FirstName",
            "LastName",
            "Company",
            "Enabled",
            "LicenseManagmentMode",
            "SpaceUsed",
            "Other",
        ]);
        let scalar =
            (names, user_value(), 0u8..12).prop_map(|(name, value, how)| member(name, &value, how));
        let emails =
            (prop::collection::vec(email_item(), 0..4), 0u8..6).prop_map(|(items, how)| {
                let arrays = crate::contract::ARRAYS_NS;
                match how {
                    0 => "<NotificationEmails i:nil=\"true\"/>".to_owned(),
                    1 => format!(
                        "<NotificationEmails>{}</NotificationEmails>",
                        items.concat()
                    ),
                    _ => format!(
                        "<NotificationEmails xmlns:a=\"{arrays}\">{}</NotificationEmails>",
                        items.concat()
                    ),
                }
            });
        let destinations = (
            prop::collection::vec(model_of("UserDestinationsModel", destination_child()), 0..3),
            0u8..6,
        )
            .prop_map(|(items, how)| match how {
                0 => "<DestinationList i:nil=\"true\"/>".to_owned(),
                1 => format!("<o:DestinationList>{}</o:DestinationList>", items.concat()),
                _ => format!("<DestinationList>{}</DestinationList>", items.concat()),
            });
        prop_oneof![6 => scalar, 2 => emails, 2 => destinations]
    }

    /// A model element, half the time with the members it needs (`base`), before the generated
    /// ones (which are then duplicates: the first wins) or after them, so that whole models
    /// decode.
    fn complete(
        name: &'static str,
        base: &'static str,
        child: BoxedStrategy<String>,
    ) -> BoxedStrategy<String> {
        let whole = (prop::collection::vec(child.clone(), 0..6), 0u8..2).prop_map(
            move |(mut children, how)| {
                if how == 0 {
                    children.insert(0, base.to_owned());
                } else {
                    children.push(base.to_owned());
                }
                format!("<{name}>{}</{name}>", children.concat())
            },
        );
        prop_oneof![model_of(name, child), whole].boxed()
    }

    fn user() -> BoxedStrategy<String> {
        complete(
            "UsersModels",
            "<ID>u</ID><Email>e</Email><Enabled>true</Enabled>\
             <LicenseManagmentMode>Manual</LicenseManagmentMode><SpaceUsed>3</SpaceUsed>",
            user_child().boxed(),
        )
    }

    /// A model element of `children`, nil, or another element.
    fn model_of(
        name: &'static str,
        child: impl Strategy<Value = String>,
    ) -> impl Strategy<Value = String> {
        (prop::collection::vec(child, 0..16), 0u8..10).prop_map(move |(children, how)| match how {
            0 => format!("<{name} i:nil=\"true\"/>"),
            1 => format!("<Other>{}</Other>", children.concat()),
            _ => format!("<{name}>{}</{name}>", children.concat()),
        })
    }

    fn document(
        root: &'static str,
        item: &'static str,
        ns: &'static str,
    ) -> impl Strategy<Value = String> {
        let base = match item {
            "LicenseOperation" => "<LicenseID>l</LicenseID><UserID>u</UserID>",
            _ => "<ID>x</ID><Number>1</Number><IsTrial>false</IsTrial><IsTaken>true</IsTaken>",
        };
        document_of(root, item, ns, complete(item, base, child().boxed()))
    }

    fn document_of(
        root: &'static str,
        item: &'static str,
        ns: &'static str,
        model: BoxedStrategy<String>,
    ) -> impl Strategy<Value = String> {
        let decl = format!("xmlns:i=\"{}\" xmlns:o=\"urn:o\"", crate::xml::XSI_NS);
        (
            prop::collection::vec(model.clone(), 0..4),
            model,
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
        fn streamed_and_filtered_decoding_match_the_whole_tree_for_licenses(
            doc in document("ArrayOfLicensesModels", "LicensesModels", ENGINE_MODELS_NS)
        ) {
            same::<License>(doc.as_bytes())?;
        }

        #[test]
        fn streamed_and_filtered_decoding_match_the_whole_tree_for_users(
            doc in document_of("ArrayOfUsersModels", "UsersModels", ENGINE_MODELS_NS, user())
        ) {
            same::<crate::models::User>(doc.as_bytes())?;
        }

        #[test]
        fn streamed_and_filtered_decoding_match_the_whole_tree_for_operations(
            doc in document("ArrayOfLicenseOperation", "LicenseOperation", ENGINE_MODELS_NS)
        ) {
            same::<LicenseOperation>(doc.as_bytes())?;
        }
    }

    /// A `UsersModels` list as the SDK writes it (the help pages' layout), nested lists and an
    /// unknown member included.
    fn users_body() -> Vec<u8> {
        let json =
            br#"[{"ID":"u1","Email":"a@example.com","FirstName":"A &amp; <b>","LastName":null,
            "NotificationEmails":["n1@example.com","n2@example.com"],"Company":"C","Enabled":true,
            "LicenseManagmentMode":2,"DestinationList":[{"ID":"d1","CurrentVolume":5,"PackageID":3,
            "AccountID":"acc","AccountDisplayName":null,"Destination":"bucket",
            "DestinationDisplayName":"B"}],"SpaceUsed":7},
            {"ID":"u2","Email":"b","FirstName":null,"LastName":"L","NotificationEmails":null,
            "Company":null,"Enabled":false,"LicenseManagmentMode":0,"DestinationList":[],
            "SpaceUsed":0}]"#;
        let users = crate::models::User::list_from_body(Format::Json, json).unwrap();
        crate::models::User::list_to_body(&users, Format::Xml).unwrap()
    }

    #[test]
    fn the_streaming_reader_reads_what_the_server_writes() {
        let users = users_body();
        let text = String::from_utf8(users.clone()).unwrap();
        let extra = text.replacen(
            "<SpaceUsed>7</SpaceUsed>",
            "<SpaceUsed>7</SpaceUsed><Plan><o:Id xmlns:o=\"urn:o\">1</o:Id></Plan>",
            1,
        );
        let with_decl = format!("\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{text}\n");
        for body in [text.clone(), extra, with_decl] {
            let streamed = stream_list::<crate::models::User>(body.as_bytes())
                .unwrap_or_else(|_| panic!("streamed: {body}"));
            // The filtered reader keeps unknown members raw too (the whole tree keeps their text).
            assert_eq!(
                Ok(streamed),
                filtered_list::<crate::models::User>(body.as_bytes())
            );
        }
        let users = stream_list::<crate::models::User>(text.as_bytes()).unwrap();
        assert_eq!(users[0].first_name.as_deref(), Some("A &amp; <b>"));
        assert_eq!(
            users[0].notification_emails.as_deref(),
            Some(&["n1@example.com".to_owned(), "n2@example.com".to_owned()][..])
        );
        assert_eq!(users[0].destination_list.as_ref().unwrap()[0].package_id, 3);
        assert_eq!(users[1].notification_emails, None);
        let with_plan = text.replacen(
            "<SpaceUsed>7</SpaceUsed>",
            "<SpaceUsed>7</SpaceUsed><Plan>x &amp; <b/></Plan>",
            1,
        );
        let users = stream_list::<crate::models::User>(with_plan.as_bytes()).unwrap();
        assert_eq!(
            users[0].extra("Plan").map(|v| v.raw()),
            Some("x &amp; <b/>")
        );
        let op = LicenseOperation::new("L", "U")
            .to_body(Format::Xml)
            .unwrap();
        assert_eq!(
            stream_optional::<LicenseOperation>(&op).unwrap(),
            Some(LicenseOperation::new("L", "U"))
        );
    }

    #[test]
    fn the_streaming_reader_leaves_the_rest_to_the_filtered_reader() {
        let root = format!(
            "<ArrayOfLicenseOperation xmlns:i=\"{}\" xmlns=\"{ENGINE_MODELS_NS}\">",
            crate::xml::XSI_NS
        );
        let end = "</ArrayOfLicenseOperation>";
        let item = |inner: &str| format!("{root}<LicenseOperation>{inner}</LicenseOperation>{end}");
        let ok = "<LicenseID>L</LicenseID><UserID>U</UserID>";
        for body in [
            // Not read by the streaming reader, read by the filtered one.
            item(&format!("<!-- c -->{ok}")),
            item("<LicenseID><![CDATA[L]]></LicenseID><UserID>U</UserID>"),
            item("<LicenseID>&#x4C;</LicenseID><UserID>U</UserID>"),
            item("<LicenseID>a\r\nb</LicenseID><UserID>U</UserID>"),
            item("<LicenseID i:nil=\"TRUE\">L</LicenseID><UserID>U</UserID>"),
            item("<Ünïcode>x</Ünïcode><LicenseID>L</LicenseID><UserID>U</UserID>"),
            format!("<?xml version='1.0'?>{}", item(ok)),
            format!("<!DOCTYPE x>{}", item(ok)),
            format!("{}<!-- after -->", item(ok)),
            // Errors: the filtered reader reports them.
            item("<LicenseID>&bogus;</LicenseID><UserID>U</UserID>"),
            item("<LicenseID>L</UserID><UserID>U</UserID>"),
            item("<p:LicenseID>L</p:LicenseID>"),
            item("<UserID>U</UserID>"),
            item("<LicenseID i:nil=\"true\"/><UserID>U</UserID>"),
            format!("{}<x/>", item(ok)),
            format!("{root}{}", "<a>".repeat(70)),
            item(ok).replace("ArrayOfLicenseOperation", "ArrayOfOther"),
        ] {
            assert!(
                stream_list::<LicenseOperation>(body.as_bytes()).is_err(),
                "{body}"
            );
            assert_eq!(
                format!(
                    "{:?}",
                    decode_list::<LicenseOperation>(Format::Xml, body.as_bytes())
                ),
                format!("{:?}", filtered_list::<LicenseOperation>(body.as_bytes())),
                "{body}"
            );
        }
    }

    #[test]
    fn the_children_of_a_text_member_are_not_members() {
        let body = format!(
            "<LicenseOperation xmlns=\"{ENGINE_MODELS_NS}\"><LicenseID><UserID>X</UserID>L</LicenseID>\
             <UserID>U</UserID></LicenseOperation>"
        );
        let expected = Some(LicenseOperation::new("L", "U"));
        assert_eq!(
            filtered_optional::<LicenseOperation>(body.as_bytes()).unwrap(),
            expected
        );
        assert_eq!(
            stream_optional::<LicenseOperation>(body.as_bytes()).unwrap(),
            expected
        );
        assert_eq!(
            whole_tree_optional::<LicenseOperation>(body.as_bytes()).unwrap(),
            expected
        );
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
