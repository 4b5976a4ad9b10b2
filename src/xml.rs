//! DataContract XML: a writer that reproduces the server's help-page layout byte for byte, a
//! streaming reader that hands each element to the model reading it, and a namespace-aware
//! reader built on quick-xml's pull parser that stores a (filtered) tree.
//!
//! The writer emits exactly what ASP.NET's `DataContractSerializer` help pages show: the root
//! element with `xmlns:i` and the contract namespace, one member per line indented by two spaces,
//! members in DataContract order (the order each model passes them in), `i:nil="true"` for null.
//!
//! The streaming reader ([`StreamReader`]) stores nothing: a model asks it for its next child,
//! the child's text or raw markup, or to skip it, and fills its fields as it goes. It reads the
//! strict subset of XML the server writes, and gives up ([`Fallback`]) on anything else and on
//! every error. The tree reader ([`XmlDoc`]) then reads the document again: it reads all of XML
//! 1.0 that DataContract bodies may hold, and gives the errors, with their positions. It builds
//! a flat tree (one `Vec` of nodes) whose names and text borrow from the input wherever no
//! unescaping is needed, storing only what a [`Filter`] keeps. Both match elements by local name
//! **and** namespace URI, never by prefix.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::{DecodeError, EncodeError};

/// `xmlns:i`, used for `i:nil`.
pub(crate) const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The namespace of almost every MBS model.
pub(crate) const ENGINE_MODELS_NS: &str =
    "http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models";
/// The namespace of top-level primitives such as `<string>`.
pub(crate) const SERIALIZATION_NS: &str = "http://schemas.microsoft.com/2003/10/Serialization/";

/// How deep the reader lets elements nest before it refuses the document.
const MAX_DEPTH: usize = 64;
/// How many distinct namespace URIs one document may use.
const MAX_NAMESPACES: usize = 256;

// ---------------------------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------------------------

/// Writes DataContract XML in the help pages' layout into a byte buffer.
///
/// Members are written in the parent's namespace. An element whose children are in another
/// namespace than the root's declares it with a prefix named after its depth (`xmlns:d2p1` on an
/// element at depth 2, the root being 1), unless an ancestor already declared a prefix for it:
/// what `DataContractSerializer` does.
pub(crate) struct XmlWriter<'a> {
    out: &'a mut Vec<u8>,
    /// The root's (default) namespace.
    default_ns: &'static str,
    /// Open elements, the root first.
    frames: Vec<Frame>,
    /// The last start tag is still open (`<name attrs`): `>` or ` />` is still to come.
    pending: bool,
}

/// An open element.
struct Frame {
    name: &'static str,
    /// The prefix of its own name (0: none; n: `dNp1`).
    prefix: u8,
    /// The namespace of its children, and the prefix they get.
    child_ns: &'static str,
    child_prefix: u8,
}

impl<'a> XmlWriter<'a> {
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Self {
        XmlWriter {
            out,
            default_ns: "",
            frames: Vec::with_capacity(4),
            pending: false,
        }
    }

    /// `<Name xmlns:i="…" xmlns="ns">`
    pub(crate) fn open_root(&mut self, name: &str, ns: &'static str) {
        self.out.reserve(name.len() * 2 + ns.len() + 96);
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b" xmlns:i=\"");
        self.out.extend_from_slice(XSI_NS.as_bytes());
        self.out.extend_from_slice(b"\" xmlns=\"");
        self.out.extend_from_slice(ns.as_bytes());
        self.out.push(b'"');
        self.default_ns = ns;
        self.frames.clear();
        self.frames.push(Frame {
            name: "",
            prefix: 0,
            child_ns: ns,
            child_prefix: 0,
        });
        // `>` comes with the first child; a root without any (an empty list) is `<Root … />`,
        // as DataContractSerializer writes it.
        self.pending = true;
    }

    /// `\n</Name>`
    pub(crate) fn close_root(&mut self, name: &str) {
        self.frames.clear();
        if self.pending {
            self.out.extend_from_slice(b" />");
            self.pending = false;
            return;
        }
        self.out.extend_from_slice(b"\n</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    fn flush_pending(&mut self) {
        if self.pending {
            self.out.push(b'>');
            self.pending = false;
        }
    }

    /// The prefix the current element's children get (0: none).
    fn child_prefix(&self) -> u8 {
        self.frames.last().map_or(0, |f| f.child_prefix)
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.frames.len() {
            self.out.extend_from_slice(b"  ");
        }
    }

    fn push_name(&mut self, prefix: u8, name: &str) {
        if prefix != 0 {
            self.out.push(b'd');
            self.push_number(prefix);
            self.out.extend_from_slice(b"p1:");
        }
        self.out.extend_from_slice(name.as_bytes());
    }

    fn push_number(&mut self, n: u8) {
        if n >= 10 {
            self.push_number(n / 10);
        }
        self.out.push(b'0' + n % 10);
    }

    /// Opens a member element named `name` (in the parent's namespace) whose children are in
    /// `child_ns`, on its own line, one level deeper.
    pub(crate) fn open_member(&mut self, name: &'static str, child_ns: &'static str) {
        self.flush_pending();
        self.newline();
        let prefix = self.child_prefix();
        let depth = u8::try_from(self.frames.len() + 1).unwrap_or(u8::MAX);
        self.out.push(b'<');
        self.push_name(prefix, name);
        let child_prefix = if child_ns == self.default_ns {
            0
        } else if let Some(f) = self.frames.iter().rev().find(|f| f.child_ns == child_ns) {
            f.child_prefix
        } else {
            self.out.extend_from_slice(b" xmlns:d");
            self.push_number(depth);
            self.out.extend_from_slice(b"p1=\"");
            self.out.extend_from_slice(child_ns.as_bytes());
            self.out.push(b'"');
            depth
        };
        self.frames.push(Frame {
            name,
            prefix,
            child_ns,
            child_prefix,
        });
        self.pending = true;
    }

    /// Closes the element [`XmlWriter::open_member`] opened (`<name />` when it got no child).
    pub(crate) fn close_member(&mut self) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        if self.pending {
            self.out.extend_from_slice(b" />");
            self.pending = false;
            return;
        }
        self.newline();
        self.out.extend_from_slice(b"</");
        self.push_name(frame.prefix, frame.name);
        self.out.push(b'>');
    }

    /// `<field>escaped text</field>` on its own line.
    pub(crate) fn text_member(
        &mut self,
        field: &'static str,
        value: &str,
    ) -> Result<(), EncodeError> {
        self.flush_pending();
        self.newline();
        let prefix = self.child_prefix();
        self.out.push(b'<');
        self.push_name(prefix, field);
        self.out.push(b'>');
        escape_text_into(field, value, self.out)?;
        self.out.extend_from_slice(b"</");
        self.push_name(prefix, field);
        self.out.push(b'>');
        Ok(())
    }

    /// `<field i:nil="true" />` on its own line. A null model or list whose children would be in
    /// a namespace not yet in scope declares it all the same, as DataContractSerializer does:
    /// `<field xmlns:d2p1="…" i:nil="true" />`.
    pub(crate) fn nil_member(&mut self, field: &'static str, child_ns: Option<&'static str>) {
        self.flush_pending();
        self.newline();
        let prefix = self.child_prefix();
        self.out.push(b'<');
        self.push_name(prefix, field);
        if let Some(ns) = child_ns {
            if ns != self.default_ns && !self.frames.iter().any(|f| f.child_ns == ns) {
                let depth = u8::try_from(self.frames.len() + 1).unwrap_or(u8::MAX);
                self.out.extend_from_slice(b" xmlns:d");
                self.push_number(depth);
                self.out.extend_from_slice(b"p1=\"");
                self.out.extend_from_slice(ns.as_bytes());
                self.out.push(b'"');
            }
        }
        self.out.extend_from_slice(b" i:nil=\"true\" />");
    }

    /// Raw, already well-formed XML as a member (an unknown member kept from a response):
    /// `<field>raw</field>`.
    pub(crate) fn raw_member(&mut self, field: &str, raw: &str) {
        self.flush_pending();
        self.newline();
        let prefix = self.child_prefix();
        self.out.push(b'<');
        self.push_name(prefix, field);
        self.out.push(b'>');
        self.out.extend_from_slice(raw.as_bytes());
        self.out.extend_from_slice(b"</");
        self.push_name(prefix, field);
        self.out.push(b'>');
    }
}

/// Whether XML 1.0 can carry `c` at all (production `Char`).
#[cfg(test)]
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes element text: `&`, `<`, `>` as entities, `\r` as `&#xD;` (so that a parser's
/// line-end normalisation can't turn it into `\n`). Characters XML 1.0 cannot carry are refused.
pub(crate) fn escape_text_into(
    field: &'static str,
    value: &str,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let replacement: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\r' => b"&#xD;",
            b'\t' | b'\n' => continue,
            0x00..=0x1F => {
                return Err(EncodeError::InvalidXmlChar {
                    field,
                    code: u32::from(b),
                });
            }
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                let code = if bytes[i + 2] == 0xBE { 0xFFFE } else { 0xFFFF };
                return Err(EncodeError::InvalidXmlChar { field, code });
            }
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(replacement);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    Ok(())
}
// ---------------------------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------------------------

const NONE: u32 = u32::MAX;

/// How many namespace declarations may be in scope at once.
const MAX_BINDINGS: usize = 1024;

/// What a parse stores of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    /// Not stored. Its subtree is still checked (well-formedness, namespaces, entities), but the
    /// filter is not asked about it and its text goes nowhere.
    Skip,
    /// Stored, without its text.
    Element,
    /// Stored with its text.
    Text,
    /// Stored with its raw inner markup as its text (entities not expanded); its children are
    /// not stored. For members a model doesn't know, kept as they came.
    Raw,
}

/// An element as it opens, shown to a [`Filter`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Opening<'x> {
    /// 1 for the root.
    pub(crate) depth: usize,
    /// The local name.
    pub(crate) name: &'x str,
    /// The namespace URI (`""` for none).
    pub(crate) namespace: &'x str,
    /// Whether the element carries `i:nil="true"` (or `"1"`).
    pub(crate) nil: bool,
    /// The namespace's interned id in this document (equal ids, equal namespaces).
    pub(crate) ns_id: u16,
}

/// Decides which elements a parse stores, so that a reader pays only for what it will read.
///
/// The filter is asked about the root (which is stored whatever it answers) and about each
/// element whose parent is stored, in document order; [`Filter::close`] is called when a stored
/// element ends.
pub(crate) trait Filter {
    /// How many nodes to reserve room for up front.
    fn capacity(&self, _input: &str) -> usize {
        16
    }

    /// Whether to store `el`.
    fn open(&mut self, el: &Opening<'_>) -> Keep;

    /// A stored element has ended: its text and its stored children are complete. Returning
    /// `false` removes it with its subtree (never the root).
    fn close(&mut self, depth: usize, el: El<'_, '_>) -> bool;
}

/// Stores every element with its text: the whole document as a tree (the sandbox's reader).
#[cfg(any(test, feature = "sandbox"))]
struct KeepAll;

#[cfg(any(test, feature = "sandbox"))]
impl Filter for KeepAll {
    /// An upper bound on the elements (each start tag is a `<` not followed by `/`), so the node
    /// `Vec` never has to grow.
    fn capacity(&self, input: &str) -> usize {
        let b = input.as_bytes();
        b.windows(2)
            .filter(|w| w[0] == b'<' && w[1] != b'/')
            .count()
            + 1
    }

    fn open(&mut self, _: &Opening<'_>) -> Keep {
        Keep::Text
    }

    fn close(&mut self, _: usize, _: El<'_, '_>) -> bool {
        true
    }
}

/// `Node::flags`: the text is a byte range of the input.
const TEXT_INPUT: u8 = 1;
/// `Node::flags`: the text is `XmlDoc::owned[text.0]`.
const TEXT_OWNED: u8 = 2;
/// `Node::flags`: the name is `XmlDoc::owned[name.0]` (never for the string reader).
const NAME_OWNED: u8 = 4;

/// One stored element: 28 bytes, names and text as ranges of the input where possible.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The local name: `(start, len)` in the input, or an index into `owned` (`NAME_OWNED`).
    name: (u32, u32),
    /// The text: see `flags`; empty when neither `TEXT_INPUT` nor `TEXT_OWNED` is set.
    text: (u32, u32),
    first_child: u32,
    next_sibling: u32,
    ns: u16,
    nil: Nil,
    flags: u8,
}

/// A parsed XML document: its stored elements in document order, namespaces interned.
#[derive(Debug)]
pub(crate) struct XmlDoc<'a> {
    input: &'a str,
    nodes: Vec<Node>,
    /// Texts (and, in theory, names) that are not a range of the input: unescaped, normalised or
    /// joined from several pieces.
    owned: Vec<String>,
    namespaces: Vec<Box<str>>,
    /// What came before the root element.
    pub(crate) prolog: Prolog,
}

/// The parts of a document outside its elements that a strict reader cares about.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Prolog {
    /// Byte offset of an `<?xml ...?>` declaration, and its `encoding`, if there is one.
    pub(crate) declaration: Option<(u64, Option<String>)>,
    /// A processing instruction other than the declaration.
    pub(crate) other_pi: bool,
    /// A `<!DOCTYPE ...>`.
    pub(crate) doctype: bool,
    /// The declaration's `version`.
    pub(crate) version: Option<String>,
}

/// An element's `i:nil`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nil {
    /// Absent, `false` or `0`.
    No,
    /// `true` or `1`.
    Yes,
    /// Present but not an `xs:boolean` (`TRUE`, empty, …).
    Invalid,
}

/// One element of an [`XmlDoc`].
#[derive(Clone, Copy)]
pub(crate) struct El<'d, 'a> {
    doc: &'d XmlDoc<'a>,
    idx: u32,
}

/// Interned namespace ids fixed by every parse.
const NO_NS: u16 = 0;
const XSI_ID: u16 = 1;
const XML_ID: u16 = 2;

impl<'a> XmlDoc<'a> {
    /// Parses a UTF-8 document (a UTF-8 BOM is skipped; UTF-16 is refused) into a tree of every
    /// element.
    #[cfg(any(test, feature = "sandbox"))]
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<XmlDoc<'a>, DecodeError> {
        Self::parse_filtered(bytes, &mut KeepAll)
    }

    /// Parses like [`XmlDoc::parse`] (the same checks, the same errors), storing only the
    /// elements `filter` keeps.
    pub(crate) fn parse_filtered(
        bytes: &'a [u8],
        filter: &mut impl Filter,
    ) -> Result<XmlDoc<'a>, DecodeError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(DecodeError::Encoding(
                "the body is UTF-16; only UTF-8 is read",
            ));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| DecodeError::Encoding("the body is not valid UTF-8"))?;
        parse_str(text, filter)
    }

    /// The root element.
    pub(crate) fn root(&self) -> El<'_, 'a> {
        El { doc: self, idx: 0 }
    }

    /// The interned id of a namespace URI, if the document uses it.
    pub(crate) fn find_ns(&self, uri: &str) -> Option<u16> {
        self.namespaces
            .iter()
            .position(|n| &**n == uri)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// Interns a namespace URI; `None` once a document uses more than [`MAX_NAMESPACES`].
    fn ns_id(&mut self, uri: &str) -> Option<u16> {
        if let Some(i) = self.namespaces.iter().position(|n| &**n == uri) {
            return u16::try_from(i).ok();
        }
        if self.namespaces.len() >= MAX_NAMESPACES {
            return None;
        }
        self.namespaces.push(uri.into());
        u16::try_from(self.namespaces.len() - 1).ok()
    }

    #[inline]
    fn name_of(&self, node: &Node) -> &str {
        if node.flags & NAME_OWNED != 0 {
            &self.owned[node.name.0 as usize]
        } else {
            &self.input[node.name.0 as usize..(node.name.0 + node.name.1) as usize]
        }
    }

    #[inline]
    fn text_of(&self, node: &Node) -> &str {
        if node.flags & TEXT_INPUT != 0 {
            &self.input[node.text.0 as usize..(node.text.0 + node.text.1) as usize]
        } else if node.flags & TEXT_OWNED != 0 {
            &self.owned[node.text.0 as usize]
        } else {
            ""
        }
    }

    /// Appends a piece of text to element `idx`; `from_input` when `piece` is a slice of the
    /// input (then the first piece is stored as a range, without a copy).
    #[inline]
    fn append(&mut self, idx: u32, piece: &str, from_input: bool) {
        if piece.is_empty() {
            return;
        }
        let node = &mut self.nodes[idx as usize];
        if from_input && node.flags & (TEXT_INPUT | TEXT_OWNED) == 0 {
            if let Some(span) = span_in(self.input, piece) {
                node.text = span;
                node.flags |= TEXT_INPUT;
                return;
            }
        }
        self.append_owned(idx, piece);
    }

    /// [`XmlDoc::append`] when the text has to be (or already is) a copy.
    #[cold]
    fn append_owned(&mut self, idx: u32, piece: &str) {
        let node = &self.nodes[idx as usize];
        if node.flags & TEXT_OWNED != 0 {
            let s = &mut self.owned[node.text.0 as usize];
            reserve_for(s, piece.len());
            s.push_str(piece);
            return;
        }
        let current = if node.flags & TEXT_INPUT != 0 {
            let (start, len) = node.text;
            &self.input[start as usize..(start + len) as usize]
        } else {
            ""
        };
        let mut s = String::with_capacity(current.len() + piece.len());
        s.push_str(current);
        s.push_str(piece);
        // Fits: `owned` holds at most one string per node, and nodes are counted in u32.
        let at = u32::try_from(self.owned.len()).unwrap_or(NONE);
        self.owned.push(s);
        let node = &mut self.nodes[idx as usize];
        node.text = (at, 0);
        node.flags = (node.flags & !TEXT_INPUT) | TEXT_OWNED;
    }

    /// Gives back the spare room of an element's owned text once it is complete.
    fn finish_text(&mut self, idx: u32) {
        let node = &self.nodes[idx as usize];
        if node.flags & TEXT_OWNED != 0 {
            self.owned[node.text.0 as usize].shrink_to_fit();
        }
    }
}

/// Grows `s` by half its length at a time (not double): an element's text never holds more than
/// 1.5x its length while it is read.
fn reserve_for(s: &mut String, additional: usize) {
    if s.capacity() - s.len() < additional {
        s.reserve_exact(additional.max(s.len() / 2).max(16));
    }
}

/// Whether `text` holds a `\r`: eight bytes at a time, as element texts are short and a
/// `memchr` call costs more to set up than it saves on them.
#[inline]
fn has_cr(text: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut chunks = text.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // A zero byte in `x` is a `\r` in the chunk; this test for one has no false positive.
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b'\r'));
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            return true;
        }
    }
    chunks.remainder().contains(&b'\r')
}

/// `part` as a byte range of `input`, when it lies inside it.
#[inline]
fn span_in(input: &str, part: &str) -> Option<(u32, u32)> {
    let base = input.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    if p >= base && p + part.len() <= base + input.len() {
        // Both fit: `parse_str` refuses inputs of 4 GiB or more.
        Some(((p - base) as u32, part.len() as u32))
    } else {
        None
    }
}

/// The namespace bound to the `xml` prefix (always in scope).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// `Binding::prefix.0` of a default namespace declaration (`xmlns="…"`).
const DEFAULT_PREFIX: u32 = u32::MAX;

/// A namespace declaration in scope: made on the element at `depth`, binding the prefix at
/// `prefix` (a byte range of the input; [`DEFAULT_PREFIX`]: the default namespace) to interned
/// namespace `ns`.
#[derive(Clone, Copy)]
struct Binding {
    prefix: (u32, u32),
    ns: u16,
    depth: u8,
}

#[inline(always)]
fn lookup(input: &str, scopes: &[Binding], prefix: Option<&str>) -> Option<u16> {
    for b in scopes.iter().rev() {
        match prefix {
            None if b.prefix.0 == DEFAULT_PREFIX => return Some(b.ns),
            Some(p)
                if b.prefix.0 != DEFAULT_PREFIX
                    && input.get(b.prefix.0 as usize..(b.prefix.0 + b.prefix.1) as usize)
                        == Some(p) =>
            {
                return Some(b.ns);
            }
            _ => {}
        }
    }
    match prefix {
        // No default namespace declared: no namespace.
        None => Some(NO_NS),
        Some("xml") => Some(XML_ID),
        Some(_) => None,
    }
}

/// Drops the namespace declarations made at `depth` (and deeper) as that element ends. They are
/// pushed in document order, so there is nothing to drop when the last one is shallower.
#[inline]
fn end_scope(scopes: &mut Vec<Binding>, depth: usize) {
    if scopes.last().is_some_and(|b| usize::from(b.depth) >= depth) {
        scopes.retain(|b| usize::from(b.depth) < depth);
    }
}

/// How long an error message from the parser may be, in characters.
const MESSAGE_CHARS: usize = 512;

fn malformed(position: u64, message: impl Into<String>) -> DecodeError {
    let mut message: String = message.into();
    if message.chars().count() > MESSAGE_CHARS {
        message = shorten(&message, MESSAGE_CHARS);
    }
    DecodeError::Xml { position, message }
}

/// The start and the end of a long message, `…` between them, at most `max` characters.
pub(crate) fn shorten(message: &str, max: usize) -> String {
    let total = message.chars().count();
    if total <= max {
        return message.to_owned();
    }
    let tail = max / 4;
    let head = max - tail - 1;
    let mut out: String = message.chars().take(head).collect();
    out.push('…');
    out.extend(message.chars().skip(total - tail));
    out
}

/// A stored element that is open.
struct Open {
    node: u32,
    /// Its last stored child so far.
    last_child: u32,
    /// Its previous stored sibling (to unlink it if the filter drops it).
    prev: u32,
    /// `owned.len()` when it opened: what it and its subtree own starts there.
    owned_mark: usize,
    /// Whether its text is stored.
    text: bool,
}

fn parse_str<'a>(input: &'a str, filter: &mut impl Filter) -> Result<XmlDoc<'a>, DecodeError> {
    if input.len() >= NONE as usize {
        return Err(malformed(0, "the document is 4 GiB or larger"));
    }
    // quick-xml's plain reader, with namespaces tracked here: DataContract documents declare
    // them on the root, so a small scope stack is much cheaper than a resolver per element.
    let mut reader = Reader::from_str(input);
    reader.config_mut().trim_text(false);
    let mut doc = XmlDoc {
        input,
        nodes: Vec::with_capacity(filter.capacity(input)),
        owned: Vec::new(),
        namespaces: Vec::with_capacity(4),
        prolog: Prolog::default(),
    };
    // Interned: "no namespace", then xsi and xml (see `NO_NS`, `XSI_ID`, `XML_ID`).
    doc.namespaces.push("".into());
    doc.namespaces.push(XSI_NS.into());
    doc.namespaces.push(XML_NS.into());
    // Stored open elements, innermost last.
    let mut stack: Vec<Open> = Vec::with_capacity(8);
    // Open elements inside a skipped one (or skipped themselves), below the stored ones.
    let mut skipped = 0usize;
    let mut scopes: Vec<Binding> = Vec::with_capacity(4);
    let mut seen_root = false;
    // A `Keep::Raw` element being skipped: its node, where its content starts, and `skipped`
    // while inside it at its own level.
    let mut raw: Option<(u32, usize, usize)> = None;

    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(position, e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let open_depth = stack.len() + skipped;
                if open_depth == 0 && seen_root {
                    return Err(malformed(position, "more than one root element"));
                }
                if open_depth >= MAX_DEPTH {
                    return Err(DecodeError::TooDeep { limit: MAX_DEPTH });
                }
                seen_root = true;
                let depth = open_depth + 1;
                // Fits: MAX_DEPTH is far below 255.
                let depth8 = u8::try_from(depth).unwrap_or(u8::MAX);
                let raw_attrs = e.attributes_raw();
                let has_attrs = !raw_attrs.trim().is_empty();
                // Declarations first: they apply to the element's own name and attributes.
                if has_attrs && raw_attrs.contains("xmlns") {
                    for attr in e.attributes().with_checks(false) {
                        let attr = attr.map_err(|err| malformed(position, err.to_string()))?;
                        let key = attr.key.into_inner();
                        let prefix = if key == "xmlns" {
                            (DEFAULT_PREFIX, 0)
                        } else if let Some(p) = key.strip_prefix("xmlns:") {
                            span_in(input, p)
                                .ok_or_else(|| malformed(position, "a prefix outside the input"))?
                        } else {
                            continue;
                        };
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|err| malformed(position, err.to_string()))?;
                        let ns = doc.ns_id(&value).ok_or_else(|| {
                            malformed(position, format!("more than {MAX_NAMESPACES} namespaces"))
                        })?;
                        if scopes.len() >= MAX_BINDINGS {
                            return Err(malformed(
                                position,
                                format!("more than {MAX_BINDINGS} namespace declarations in scope"),
                            ));
                        }
                        scopes.push(Binding {
                            prefix,
                            ns,
                            depth: depth8,
                        });
                    }
                }
                let qname = e.name().into_inner();
                let (prefix, local) = match qname.split_once(':') {
                    Some((p, l)) => (Some(p), l),
                    None => (None, qname),
                };
                let ns = lookup(input, &scopes, prefix).ok_or_else(|| {
                    malformed(
                        position,
                        format!(
                            "undeclared namespace prefix {:?}",
                            prefix
                                .unwrap_or_default()
                                .chars()
                                .take(32)
                                .collect::<String>()
                        ),
                    )
                })?;
                let mut nil = Nil::No;
                if has_attrs && raw_attrs.contains(':') {
                    for attr in e.attributes().with_checks(false) {
                        let attr = attr.map_err(|err| malformed(position, err.to_string()))?;
                        let key = attr.key.into_inner();
                        let Some((p, l)) = key.split_once(':') else {
                            continue;
                        };
                        if p == "xmlns" {
                            continue;
                        }
                        // A prefix nobody declared: the document is not namespace-well-formed.
                        let attr_ns = lookup(input, &scopes, Some(p)).ok_or_else(|| {
                            malformed(
                                position,
                                format!(
                                    "undeclared namespace prefix {:?}",
                                    p.chars().take(32).collect::<String>()
                                ),
                            )
                        })?;
                        if l == "nil" && attr_ns == XSI_ID {
                            // xs:boolean, as XmlConvert reads it.
                            // Nothing to normalise in the usual `true`: no reference, no
                            // whitespace to turn into spaces.
                            let plain = !attr
                                .value
                                .as_bytes()
                                .iter()
                                .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
                            let v = if plain {
                                Cow::Borrowed(&*attr.value)
                            } else {
                                attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .map_err(|err| malformed(position, err.to_string()))?
                            };
                            nil = match &*v {
                                "true" => Nil::Yes,
                                v => {
                                    match v.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                                    {
                                        "true" | "1" => Nil::Yes,
                                        "false" | "0" => Nil::No,
                                        _ => Nil::Invalid,
                                    }
                                }
                            };
                        }
                    }
                }
                let keep = if skipped > 0 {
                    Keep::Skip
                } else {
                    let keep = filter.open(&Opening {
                        depth,
                        name: local,
                        namespace: &doc.namespaces[usize::from(ns)],
                        nil: nil == Nil::Yes,
                        ns_id: ns,
                    });
                    if depth == 1 && keep == Keep::Skip {
                        Keep::Element
                    } else {
                        keep
                    }
                };
                if keep == Keep::Skip {
                    if is_empty {
                        end_scope(&mut scopes, depth);
                    } else {
                        skipped += 1;
                    }
                    continue;
                }
                let idx = u32::try_from(doc.nodes.len())
                    .ok()
                    .filter(|&i| i != NONE)
                    .ok_or_else(|| malformed(position, "too many elements"))?;
                let owned_mark = doc.owned.len();
                let (name, flags) = match span_in(input, local) {
                    Some(span) => (span, 0),
                    None => {
                        let at = u32::try_from(owned_mark).unwrap_or(NONE);
                        doc.owned.push(local.to_owned());
                        ((at, 0), NAME_OWNED)
                    }
                };
                doc.nodes.push(Node {
                    name,
                    text: (0, 0),
                    first_child: NONE,
                    next_sibling: NONE,
                    ns,
                    nil,
                    flags,
                });
                let prev = match stack.last_mut() {
                    Some(parent) => {
                        let prev = parent.last_child;
                        parent.last_child = idx;
                        if prev == NONE {
                            doc.nodes[parent.node as usize].first_child = idx;
                        } else {
                            doc.nodes[prev as usize].next_sibling = idx;
                        }
                        prev
                    }
                    None => NONE,
                };
                let open = Open {
                    node: idx,
                    last_child: NONE,
                    prev,
                    owned_mark,
                    text: keep == Keep::Text,
                };
                if keep == Keep::Raw {
                    if is_empty {
                        end_scope(&mut scopes, depth);
                    } else {
                        skipped += 1;
                        raw = Some((idx, reader.buffer_position() as usize, skipped));
                    }
                } else if is_empty {
                    close(&mut doc, &mut stack, filter, open, depth);
                    end_scope(&mut scopes, depth);
                } else {
                    stack.push(open);
                }
            }
            Event::End(_) => {
                let depth = stack.len() + skipped;
                if skipped > 0 {
                    if let Some((idx, start, level)) = raw {
                        if level == skipped {
                            let end = position as usize;
                            // Fits: `parse_str` refuses inputs of 4 GiB or more.
                            let node = &mut doc.nodes[idx as usize];
                            node.text = (start as u32, end.saturating_sub(start) as u32);
                            node.flags |= TEXT_INPUT;
                            raw = None;
                        }
                    }
                    skipped -= 1;
                } else if let Some(open) = stack.pop() {
                    close(&mut doc, &mut stack, filter, open, depth);
                }
                end_scope(&mut scopes, depth);
            }
            Event::Text(t) => {
                if skipped == 0 {
                    match stack.last() {
                        Some(open) if open.text => {
                            let node = open.node;
                            // What `xml10_content` returns, without its set-up cost on the usual
                            // short text with no `\r`.
                            if !has_cr(t.as_bytes()) {
                                match t.into_inner() {
                                    Cow::Borrowed(s) => doc.append(node, s, true),
                                    Cow::Owned(s) => doc.append(node, &s, false),
                                }
                            } else {
                                match t.xml10_content() {
                                    Cow::Borrowed(s) => doc.append(node, s, true),
                                    Cow::Owned(s) => doc.append(node, &s, false),
                                }
                            }
                        }
                        Some(_) => {}
                        None => {
                            if !t.xml10_content().trim().is_empty() {
                                return Err(malformed(position, "text outside the root element"));
                            }
                        }
                    }
                }
            }
            Event::CData(c) => {
                if let (0, Some(open)) = (skipped, stack.last()) {
                    if open.text {
                        let node = open.node;
                        match c.into_inner() {
                            Cow::Borrowed(s) => doc.append(node, s, true),
                            Cow::Owned(s) => doc.append(node, &s, false),
                        }
                    }
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch,
                    Ok(None) => match r.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "apos" => '\'',
                        "quot" => '"',
                        other => {
                            return Err(malformed(
                                position,
                                format!(
                                    "unknown entity &{};",
                                    other.chars().take(32).collect::<String>()
                                ),
                            ));
                        }
                    },
                    Err(e) => return Err(malformed(position, e.to_string())),
                };
                if let (0, Some(open)) = (skipped, stack.last()) {
                    if open.text {
                        let mut buf = [0u8; 4];
                        let node = open.node;
                        doc.append(node, ch.encode_utf8(&mut buf), false);
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(d) => {
                if doc.prolog.declaration.is_none() {
                    let encoding = d.encoding().and_then(Result::ok).map(|e| e.into_owned());
                    doc.prolog.version = d.version().ok().map(|v| v.into_owned());
                    doc.prolog.declaration = Some((position, encoding));
                } else {
                    doc.prolog.other_pi = true;
                }
            }
            Event::PI(_) => doc.prolog.other_pi = true,
            Event::DocType(_) => doc.prolog.doctype = true,
            Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() || skipped > 0 {
        return Err(malformed(
            reader.buffer_position(),
            "the document ends inside an element",
        ));
    }
    if !seen_root {
        return Err(DecodeError::Empty);
    }
    Ok(doc)
}

/// A stored element has ended: completes its text, tells the filter, and removes it (with its
/// subtree, which lies after it) if the filter drops it.
#[inline(always)]
fn close(
    doc: &mut XmlDoc<'_>,
    stack: &mut [Open],
    filter: &mut impl Filter,
    open: Open,
    depth: usize,
) {
    if open.text {
        doc.finish_text(open.node);
    }
    let keep = filter.close(
        depth,
        El {
            doc,
            idx: open.node,
        },
    );
    if keep {
        return;
    }
    let Some(parent) = stack.last_mut() else {
        // The root stays.
        return;
    };
    doc.nodes.truncate(open.node as usize);
    doc.owned.truncate(open.owned_mark);
    parent.last_child = open.prev;
    if open.prev == NONE {
        doc.nodes[parent.node as usize].first_child = NONE;
    } else {
        doc.nodes[open.prev as usize].next_sibling = NONE;
    }
}

impl<'d, 'a> El<'d, 'a> {
    #[inline]
    fn node(&self) -> &'d Node {
        &self.doc.nodes[self.idx as usize]
    }

    /// The interned id of the element's namespace.
    #[inline]
    pub(crate) fn ns_id(&self) -> u16 {
        self.node().ns
    }

    /// The document the element belongs to.
    pub(crate) fn doc(&self) -> &'d XmlDoc<'a> {
        self.doc
    }

    /// The local name (no prefix).
    #[inline]
    pub(crate) fn name(&self) -> &'d str {
        self.doc.name_of(self.node())
    }

    /// The namespace URI (`""` for none).
    #[inline]
    pub(crate) fn namespace(&self) -> &'d str {
        &self.doc.namespaces[usize::from(self.node().ns)]
    }

    /// Whether the element carries `i:nil="true"` (or `"1"`).
    #[inline]
    pub(crate) fn is_nil(&self) -> bool {
        self.node().nil == Nil::Yes
    }

    /// Whether the element carries an `i:nil` whose value is not a boolean.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub(crate) fn has_invalid_nil(&self) -> bool {
        self.node().nil == Nil::Invalid
    }

    /// The element's own text (entities resolved, line ends normalised), if it was stored.
    #[inline]
    pub(crate) fn text(&self) -> &'d str {
        self.doc.text_of(self.node())
    }

    /// Whether this element has the given local name and namespace.
    #[inline]
    pub(crate) fn is(&self, name: &str, ns: &str) -> bool {
        self.name() == name && self.namespace() == ns
    }

    /// The stored child elements, in document order.
    pub(crate) fn children(&self) -> Children<'d, 'a> {
        Children {
            doc: self.doc,
            next: self.node().first_child,
        }
    }

    /// The first child with this local name in namespace `ns`.
    #[cfg(test)]
    pub(crate) fn child(&self, name: &str, ns: &str) -> Option<El<'d, 'a>> {
        self.children().find(|c| c.is(name, ns))
    }
}

/// Iterator over an element's stored children.
pub(crate) struct Children<'d, 'a> {
    doc: &'d XmlDoc<'a>,
    next: u32,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = El<'d, 'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next == NONE {
            return None;
        }
        let el = El {
            doc: self.doc,
            idx: self.next,
        };
        self.next = self.doc.nodes[self.next as usize].next_sibling;
        Some(el)
    }
}

// ---------------------------------------------------------------------------------------------
// Streaming reader (the fast path)
// ---------------------------------------------------------------------------------------------

/// The streaming reader gave up: the document holds something it does not read (a comment, a
/// character reference, a `\r` in a text it reads, a name outside ASCII, …), breaks a rule, or
/// does not decode. The caller then reads it again with [`XmlDoc::parse_filtered`], which gives
/// the result, or the error with its message and position.
#[derive(Debug)]
pub(crate) struct Fallback;

/// A result of the streaming reader.
pub(crate) type Fast<T> = Result<T, Fallback>;

/// An element the [`StreamReader`] has just opened.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Start<'a> {
    /// The local name.
    pub(crate) name: &'a str,
    /// The interned id of its namespace (see [`StreamReader::find_ns`]).
    pub(crate) ns: u16,
    /// Whether it carries `i:nil="true"` (or `"1"`).
    pub(crate) nil: bool,
    /// `<name/>`: no content, nothing to close.
    empty: bool,
}

/// A namespace URI a reader compares elements with, and its interned id once it is known.
pub(crate) struct NsCache {
    uri: &'static str,
    id: Option<u16>,
    /// How many namespaces were interned at the last look-up.
    known: usize,
}

impl NsCache {
    pub(crate) fn new(uri: &'static str) -> Self {
        NsCache {
            uri,
            id: None,
            known: 0,
        }
    }
}

/// A namespace declaration in scope, for the streaming reader.
#[derive(Clone, Copy)]
struct FastBinding<'a> {
    /// `None`: the default namespace.
    prefix: Option<&'a str>,
    ns: u16,
    depth: usize,
}

/// A pull reader that hands each element to the model reading it, and stores nothing: no node,
/// no copy of a name, a text only when it holds an entity.
///
/// It reads a strict subset of XML, and accepts a document only where [`XmlDoc::parse_filtered`]
/// would accept it with the same meaning (so a model read through it equals the one read from
/// the filtered tree): names are ASCII (`[A-Za-z_][A-Za-z0-9_.-]*`, one prefix at most),
/// attributes are `name="value"` without a reference or a line end in the value, texts hold the
/// five predefined entities at most, and a text that is read holds no `\r`. An XML declaration
/// is read only in its usual forms; comments, processing instructions, CDATA sections, a
/// DOCTYPE, character references and anything past the limits make it give up with
/// [`Fallback`], and so does every error, so that the full reader reports it.
pub(crate) struct StreamReader<'a> {
    input: &'a str,
    pos: usize,
    /// The qualified names of the open elements, the root first.
    open: Vec<&'a str>,
    scopes: Vec<FastBinding<'a>>,
    /// Interned namespaces: `""`, xsi, xml, then in the order they are declared.
    namespaces: Vec<&'a str>,
}

/// Bytes that are neither part of a name nor plain text to a scanner: `Name` allows
/// `[A-Za-z0-9_.-]` after its first character.
#[inline(always)]
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

#[inline(always)]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n')
}

/// The XML declarations the streaming reader reads (anything else starting with `<?` is left
/// to the full reader).
const DECLARATIONS: [&str; 3] = [
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
    "<?xml version=\"1.0\"?>",
];

/// How many attributes one start tag may carry for the streaming reader.
const FAST_ATTRIBUTES: usize = 8;

impl<'a> StreamReader<'a> {
    /// Starts reading `bytes` (a UTF-8 BOM is skipped).
    pub(crate) fn new(bytes: &'a [u8]) -> Fast<Self> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.len() >= NONE as usize {
            return Err(Fallback);
        }
        let input = std::str::from_utf8(bytes).map_err(|_| Fallback)?;
        let mut namespaces = Vec::with_capacity(8);
        namespaces.extend_from_slice(&["", XSI_NS, XML_NS]);
        Ok(StreamReader {
            input,
            pos: 0,
            open: Vec::with_capacity(8),
            scopes: Vec::with_capacity(8),
            namespaces,
        })
    }

    /// The interned id of a namespace URI, if the document declared it.
    #[inline]
    pub(crate) fn find_ns(&self, uri: &str) -> Option<u16> {
        self.namespaces
            .iter()
            .position(|n| *n == uri)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// Whether `id` is the namespace `cache` names. Looks the URI up again only when a
    /// namespace was declared since the last look-up (a namespace may first be declared on the
    /// element that uses it).
    #[inline(always)]
    pub(crate) fn is_ns(&self, cache: &mut NsCache, id: u16) -> bool {
        if cache.id.is_none() && cache.known != self.namespaces.len() {
            cache.id = self.find_ns(cache.uri);
            cache.known = self.namespaces.len();
        }
        cache.id == Some(id)
    }

    /// The namespace URI of an interned id.
    pub(crate) fn namespace(&self, id: u16) -> &'a str {
        self.namespaces.get(usize::from(id)).copied().unwrap_or("")
    }

    #[inline(always)]
    fn byte(&self, at: usize) -> Fast<u8> {
        self.input.as_bytes().get(at).copied().ok_or(Fallback)
    }

    /// Skips whitespace outside the root element.
    fn skip_outer_space(&mut self) {
        let b = self.input.as_bytes();
        while self.pos < b.len() && matches!(b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    /// Reads the prolog and opens the root element.
    pub(crate) fn root(&mut self) -> Fast<Start<'a>> {
        if self.input.starts_with("<?") {
            let decl = DECLARATIONS
                .iter()
                .find(|d| self.input.starts_with(**d))
                .ok_or(Fallback)?;
            self.pos = decl.len();
        }
        self.skip_outer_space();
        if self.byte(self.pos)? != b'<' {
            return Err(Fallback);
        }
        self.pos += 1;
        self.start_tag()
    }

    /// After the root has ended: nothing but whitespace may follow.
    pub(crate) fn finish(mut self) -> Fast<()> {
        if !self.open.is_empty() {
            return Err(Fallback);
        }
        self.skip_outer_space();
        if self.pos == self.input.len() {
            Ok(())
        } else {
            Err(Fallback)
        }
    }

    /// A name at `pos`: `prefix:local` or `local`. Returns the qualified name and where the
    /// colon is.
    #[inline(always)]
    fn name(&mut self) -> Fast<(&'a str, Option<usize>)> {
        let b = self.input.as_bytes();
        let start = self.pos;
        let mut i = start;
        let mut colon = None;
        loop {
            match b.get(i) {
                Some(&c) if is_name_byte(c) => i += 1,
                Some(b':') if colon.is_none() && i > start => {
                    colon = Some(i - start);
                    i += 1;
                }
                _ => break,
            }
        }
        // A name starts with a letter or `_`; a prefix and a local name are not empty.
        let first = b.get(start).copied().unwrap_or(0);
        if i == start
            || !(first.is_ascii_alphabetic() || first == b'_')
            || colon.is_some_and(|c| {
                let next = b.get(start + c + 1).copied().unwrap_or(0);
                !(next.is_ascii_alphabetic() || next == b'_')
            })
        {
            return Err(Fallback);
        }
        self.pos = i;
        Ok((&self.input[start..i], colon))
    }

    /// The namespace bound to `prefix` (`None`: the default namespace).
    #[inline(always)]
    fn lookup(&self, prefix: Option<&str>) -> Fast<u16> {
        for b in self.scopes.iter().rev() {
            if b.prefix == prefix {
                return Ok(b.ns);
            }
        }
        match prefix {
            None => Ok(NO_NS),
            Some("xml") => Ok(XML_ID),
            Some(_) => Err(Fallback),
        }
    }

    /// Interns a namespace URI.
    fn intern(&mut self, uri: &'a str) -> Fast<u16> {
        if let Some(id) = self.find_ns(uri) {
            return Ok(id);
        }
        if self.namespaces.len() >= MAX_NAMESPACES {
            return Err(Fallback);
        }
        self.namespaces.push(uri);
        u16::try_from(self.namespaces.len() - 1).map_err(|_| Fallback)
    }

    /// Reads a start tag, `<` already read: declarations, name, `i:nil`.
    #[inline(always)]
    fn start_tag(&mut self) -> Fast<Start<'a>> {
        let depth = self.open.len() + 1;
        if depth > MAX_DEPTH {
            return Err(Fallback);
        }
        let (qname, colon) = self.name()?;
        // Most members carry no attribute.
        let (empty, nil, ns_checked) = match self.byte(self.pos)? {
            b'>' => {
                self.pos += 1;
                (false, false, false)
            }
            b'/' if self.byte(self.pos + 1)? == b'>' => {
                self.pos += 2;
                (true, false, false)
            }
            _ => (false, false, true),
        };
        let (empty, nil) = if ns_checked {
            self.attributes(depth)?
        } else {
            (empty, nil)
        };
        let (prefix, name) = match colon {
            Some(c) => (Some(&qname[..c]), &qname[c + 1..]),
            None => (None, qname),
        };
        let ns = self.lookup(prefix)?;
        if empty {
            self.end_scope(depth);
        } else {
            self.open.push(qname);
        }
        Ok(Start {
            name,
            ns,
            nil,
            empty,
        })
    }

    /// Reads the attributes of a start tag and the tag's end (`>` or `/>`): declarations go
    /// in scope (they apply to the element's own name and attributes), prefixes are checked,
    /// `i:nil` is read. Returns whether the element is empty, and whether it is nil.
    #[inline(never)]
    fn attributes(&mut self, depth: usize) -> Fast<(bool, bool)> {
        let b = self.input.as_bytes();
        let mut attrs: [(&'a str, Option<usize>, &'a str); FAST_ATTRIBUTES] =
            [("", None, ""); FAST_ATTRIBUTES];
        let mut count = 0;
        let empty = loop {
            let before = self.pos;
            while b.get(self.pos).copied().is_some_and(is_space) {
                self.pos += 1;
            }
            match self.byte(self.pos)? {
                b'>' => {
                    self.pos += 1;
                    break false;
                }
                b'/' if self.byte(self.pos + 1)? == b'>' => {
                    self.pos += 2;
                    break true;
                }
                _ => {}
            }
            if self.pos == before || count == FAST_ATTRIBUTES {
                return Err(Fallback);
            }
            let (key, key_colon) = self.name()?;
            if self.byte(self.pos)? != b'=' {
                return Err(Fallback);
            }
            let quote = self.byte(self.pos + 1)?;
            if quote != b'"' && quote != b'\'' {
                return Err(Fallback);
            }
            let start = self.pos + 2;
            let mut i = start;
            loop {
                match self.byte(i)? {
                    c if c == quote => break,
                    b'<' | b'&' | b'\t' | b'\n' | b'\r' => return Err(Fallback),
                    _ => i += 1,
                }
            }
            attrs[count] = (key, key_colon, &self.input[start..i]);
            count += 1;
            self.pos = i + 1;
        };
        let attrs = &attrs[..count];
        for &(key, _, value) in attrs {
            let prefix = if key == "xmlns" {
                None
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                Some(p)
            } else {
                continue;
            };
            let ns = self.intern(value)?;
            if self.scopes.len() >= MAX_BINDINGS {
                return Err(Fallback);
            }
            self.scopes.push(FastBinding { prefix, ns, depth });
        }
        let mut nil = false;
        for &(key, key_colon, value) in attrs {
            let Some(c) = key_colon else {
                continue;
            };
            let (p, l) = (&key[..c], &key[c + 1..]);
            if p == "xmlns" {
                continue;
            }
            let attr_ns = self.lookup(Some(p))?;
            if l == "nil" && attr_ns == XSI_ID {
                nil = match value.trim_matches(' ') {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    // Not a boolean: the full reader keeps it apart.
                    _ => return Err(Fallback),
                };
            }
        }
        Ok((empty, nil))
    }

    #[inline(always)]
    fn end_scope(&mut self, depth: usize) {
        while self.scopes.last().is_some_and(|b| b.depth >= depth) {
            self.scopes.pop();
        }
    }

    /// Reads text up to the next `<`: its range and whether it holds an entity or a `\r`.
    #[inline(always)]
    fn text_run(&mut self) -> Fast<(usize, usize, bool, bool)> {
        let b = self.input.as_bytes();
        let start = self.pos;
        let mut i = start;
        let (mut amp, mut cr) = (false, false);
        while i < b.len() {
            match b[i] {
                b'<' => break,
                b'&' => {
                    amp = true;
                    let rest = &b[i + 1..];
                    let len = if rest.starts_with(b"lt;") || rest.starts_with(b"gt;") {
                        3
                    } else if rest.starts_with(b"amp;") {
                        4
                    } else if rest.starts_with(b"apos;") || rest.starts_with(b"quot;") {
                        5
                    } else {
                        return Err(Fallback);
                    };
                    i += 1 + len;
                }
                b'\r' => {
                    cr = true;
                    i += 1;
                }
                _ => i += 1,
            }
        }
        if i == b.len() {
            // The document ends inside an element.
            return Err(Fallback);
        }
        self.pos = i;
        Ok((start, i, amp, cr))
    }

    /// After text, at a `<`: the next child of the innermost open element, or `None` once its
    /// end tag is read.
    #[inline(always)]
    fn tag(&mut self) -> Fast<Option<Start<'a>>> {
        let b = self.input.as_bytes();
        // `text_run` stopped at a `<`.
        match b.get(self.pos + 1) {
            Some(b'/') => {
                let qname = self.open.pop().ok_or(Fallback)?;
                let at = self.pos + 2;
                if b.get(at..at + qname.len()) != Some(qname.as_bytes()) {
                    return Err(Fallback);
                }
                let mut i = at + qname.len();
                while b.get(i).copied().is_some_and(is_space) {
                    i += 1;
                }
                if b.get(i) != Some(&b'>') {
                    return Err(Fallback);
                }
                self.pos = i + 1;
                self.end_scope(self.open.len() + 1);
                Ok(None)
            }
            Some(b'!' | b'?') | None => Err(Fallback),
            Some(_) => {
                self.pos += 1;
                self.start_tag().map(Some)
            }
        }
    }

    /// The next child element of `parent` (texts between them are checked, not kept); `None`
    /// once `parent` has ended.
    #[inline]
    pub(crate) fn next_child(&mut self, parent: &Start<'a>) -> Fast<Option<Start<'a>>> {
        if parent.empty {
            return Ok(None);
        }
        self.text_run()?;
        self.tag()
    }

    /// Reads to the end of `el`, checking what is inside.
    pub(crate) fn skip(&mut self, el: &Start<'a>) -> Fast<()> {
        if el.empty {
            return Ok(());
        }
        let depth = self.open.len();
        loop {
            self.text_run()?;
            match self.tag()? {
                None if self.open.len() < depth => return Ok(()),
                _ => {}
            }
        }
    }

    /// The raw markup inside `el` (entities not expanded), read to its end.
    pub(crate) fn raw(&mut self, el: &Start<'a>) -> Fast<&'a str> {
        if el.empty {
            return Ok("");
        }
        let start = self.pos;
        let depth = self.open.len();
        loop {
            self.text_run()?;
            let end = self.pos;
            match self.tag()? {
                None if self.open.len() < depth => return Ok(&self.input[start..end]),
                _ => {}
            }
        }
    }

    /// The text of `el` (its own, not its children's), entities resolved, read to its end.
    #[inline]
    pub(crate) fn text(&mut self, el: &Start<'a>) -> Fast<Cow<'a, str>> {
        if el.empty {
            return Ok(Cow::Borrowed(""));
        }
        let (start, end, amp, cr) = self.text_run()?;
        if cr {
            return Err(Fallback);
        }
        let mut text = if amp {
            let mut s = String::with_capacity(end - start);
            unescape_into(&self.input[start..end], &mut s);
            Cow::Owned(s)
        } else {
            Cow::Borrowed(&self.input[start..end])
        };
        // Usually the end tag; otherwise children (skipped) and more text.
        while let Some(child) = self.tag()? {
            self.skip(&child)?;
            let (start, end, amp, cr) = self.text_run()?;
            if cr {
                return Err(Fallback);
            }
            if start < end {
                let s = text.to_mut();
                // Half its length at a time, as `XmlDoc::append_owned` grows a text.
                reserve_for(s, end - start);
                if amp {
                    unescape_into(&self.input[start..end], s);
                } else {
                    s.push_str(&self.input[start..end]);
                }
            }
        }
        Ok(text)
    }
}

/// Appends `text` with its predefined entities resolved (the only references
/// [`StreamReader`] lets through).
fn unescape_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (ch, len) = if after.starts_with("lt;") {
            ('<', 3)
        } else if after.starts_with("gt;") {
            ('>', 3)
        } else if after.starts_with("amp;") {
            ('&', 4)
        } else if after.starts_with("apos;") {
            ('\'', 5)
        } else if after.starts_with("quot;") {
            ('"', 5)
        } else {
            // `text_run` let no other reference through.
            ('&', 0)
        };
        out.push(ch);
        rest = &after[len..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(s: &str) -> Result<String, EncodeError> {
        let mut out = Vec::new();
        escape_text_into("F", s, &mut out)?;
        Ok(String::from_utf8(out).expect("escaper keeps UTF-8"))
    }

    #[test]
    fn escapes_markup_and_carriage_return() {
        assert_eq!(escaped("a<b>&c\"d'e").unwrap(), "a&lt;b&gt;&amp;c\"d'e");
        assert_eq!(escaped("x\r\ny\tz").unwrap(), "x&#xD;\ny\tz");
        assert_eq!(escaped("Zürich – 東京 🎉").unwrap(), "Zürich – 東京 🎉");
    }

    #[test]
    fn refuses_characters_xml_cannot_carry() {
        let err = escaped("a\u{1}b").unwrap_err();
        assert!(matches!(
            err,
            EncodeError::InvalidXmlChar {
                field: "F",
                code: 1
            }
        ));
        assert!(matches!(
            escaped("\u{FFFE}").unwrap_err(),
            EncodeError::InvalidXmlChar { code: 0xFFFE, .. }
        ));
        assert!(matches!(
            escaped("\u{FFFF}").unwrap_err(),
            EncodeError::InvalidXmlChar { code: 0xFFFF, .. }
        ));
        assert!(escaped("\u{FFFD}\u{EFBF}").is_ok());
        for c in ['\u{0}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}'] {
            assert!(!is_xml_char(c));
            assert!(escaped(&c.to_string()).is_err());
        }
    }

    #[test]
    fn reads_namespaces_nil_and_entities() {
        let xml = br#"<?xml version="1.0" encoding="utf-8"?>
<a:Root xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:a="urn:x">
  <a:Name>A &amp; B &#x3C;&#60; &#xD;</a:Name>
  <a:Gone i:nil="true" />
  <Other>y</Other>
  <a:CD><![CDATA[<raw>]]></a:CD>
</a:Root>"#;
        let doc = XmlDoc::parse(xml).unwrap();
        let root = doc.root();
        assert!(root.is("Root", "urn:x"));
        assert_eq!(root.child("Name", "urn:x").unwrap().text(), "A & B << \r");
        assert!(root.child("Gone", "urn:x").unwrap().is_nil());
        assert!(root.child("Other", "urn:x").is_none());
        assert_eq!(root.child("Other", "").unwrap().text(), "y");
        assert_eq!(root.child("CD", "urn:x").unwrap().text(), "<raw>");
        assert_eq!(root.children().count(), 4);
    }

    #[test]
    fn borrows_plain_text_and_normalises_line_ends() {
        let xml = "<R><A>plain</A><B>x\r\ny</B></R>";
        let doc = XmlDoc::parse(xml.as_bytes()).unwrap();
        let a = doc.root().child("A", "").unwrap();
        assert_eq!(doc.nodes[a.idx as usize].flags, TEXT_INPUT);
        assert_eq!(doc.root().child("B", "").unwrap().text(), "x\ny");
        // Only B's normalised text is a copy.
        assert_eq!(doc.owned, ["x\ny"]);
        assert_eq!(std::mem::size_of::<Node>(), 28);
    }

    #[test]
    fn joins_text_pieces_and_keeps_children_text_apart() {
        let xml = "<R>a&amp;<![CDATA[<b>]]><C>c&lt;</C>d</R>";
        let doc = XmlDoc::parse(xml.as_bytes()).unwrap();
        assert_eq!(doc.root().text(), "a&<b>d");
        assert_eq!(doc.root().child("C", "").unwrap().text(), "c<");
        assert!(doc.owned.iter().all(|s| s.capacity() == s.len()));
    }

    /// Keeps the root, `K` elements (with text) and their `K` children; drops every `D` when it
    /// closes.
    struct KeepK;

    impl Filter for KeepK {
        fn open(&mut self, el: &Opening<'_>) -> Keep {
            match el.name {
                "K" => Keep::Text,
                "D" => Keep::Element,
                _ if el.depth == 1 => Keep::Element,
                _ => Keep::Skip,
            }
        }

        fn close(&mut self, _: usize, el: El<'_, '_>) -> bool {
            el.name() != "D"
        }
    }

    #[test]
    fn a_filter_stores_only_what_it_keeps() {
        let xml =
            "<R>r<a>skipped<K>no</K></a><K>1<x>in x</x>2<K>3</K></K><D><K>d</K></D><K/><D/></R>";
        let doc = XmlDoc::parse_filtered(xml.as_bytes(), &mut KeepK).unwrap();
        let root = doc.root();
        assert_eq!(root.text(), "");
        let kids: Vec<_> = root.children().map(|c| (c.name(), c.text())).collect();
        assert_eq!(kids, [("K", "12"), ("K", "")]);
        let first = root.children().next().unwrap();
        assert_eq!(
            first.children().map(|c| c.text()).collect::<Vec<_>>(),
            ["3"]
        );
        // D and its subtree are gone from the nodes, not just unlinked.
        assert_eq!(doc.nodes.len(), 4);
    }

    #[test]
    fn a_filtered_parse_checks_the_whole_document() {
        for bad in [
            "<R><a><b></a></R>",
            "<R><a>&bogus;</a></R>",
            "<R><a><p:x/></a></R>",
            "<R><a i:nil=\"true\"/></R>",
            "<R><a/></R><S/>",
            "<R><a/></R>text",
            "<R><a>",
        ] {
            let full = XmlDoc::parse(bad.as_bytes()).map(|_| ()).unwrap_err();
            let filtered = XmlDoc::parse_filtered(bad.as_bytes(), &mut KeepK)
                .map(|_| ())
                .unwrap_err();
            assert_eq!(format!("{full:?}"), format!("{filtered:?}"), "{bad}");
        }
        let deep = format!("<R>{}", "<a>".repeat(MAX_DEPTH));
        assert!(matches!(
            XmlDoc::parse_filtered(deep.as_bytes(), &mut KeepK),
            Err(DecodeError::TooDeep { .. })
        ));
    }

    #[test]
    fn limits_namespace_declarations_in_scope() {
        let attrs: String = (0..=MAX_BINDINGS)
            .map(|i| format!(" xmlns:p{i}=\"u\""))
            .collect();
        let xml = format!("<R{attrs}/>");
        assert!(XmlDoc::parse(xml.as_bytes()).is_err());
        let ok: String = (0..MAX_BINDINGS)
            .map(|i| format!(" xmlns:p{i}=\"u\""))
            .collect();
        let xml = format!("<p7:R{ok}><p9:a/></p7:R>");
        let doc = XmlDoc::parse(xml.as_bytes()).unwrap();
        assert!(doc.root().is("R", "u"));
    }

    #[test]
    fn finds_carriage_returns() {
        for len in 0..40 {
            let plain = vec![b'a'; len];
            assert!(!has_cr(&plain));
            for at in 0..len {
                let mut text = plain.clone();
                text[at] = b'\r';
                assert!(has_cr(&text), "{len} {at}");
                // Bytes next to `\r` in value (0x0C, 0x0E) and high bytes are not it.
                text[at] = [0x0C, 0x0E, 0x8D, 0xFF][at % 4];
                assert!(!has_cr(&text), "{len} {at}");
            }
        }
    }

    #[test]
    fn shortens_long_messages() {
        let long = "x".repeat(2000) + " at the end";
        let short = shorten(&long, 100);
        assert_eq!(short.chars().count(), 100);
        assert!(short.ends_with("at the end"));
        assert_eq!(shorten("short", 100), "short");
    }

    /// Stores the root's children raw.
    struct RawChildren;

    impl Filter for RawChildren {
        fn open(&mut self, el: &Opening<'_>) -> Keep {
            match el.depth {
                1 => Keep::Element,
                2 => Keep::Raw,
                _ => Keep::Text,
            }
        }

        fn close(&mut self, _: usize, _: El<'_, '_>) -> bool {
            true
        }
    }

    #[test]
    fn raw_elements_keep_their_inner_markup_and_nothing_below() {
        let xml =
            "<R xmlns=\"urn:m\"><A>x &amp; <b:B xmlns:b=\"urn:b\">y</b:B></A><C/><D>plain</D></R>";
        let doc = XmlDoc::parse_filtered(xml.as_bytes(), &mut RawChildren).unwrap();
        let texts: Vec<_> = doc
            .root()
            .children()
            .map(|c| (c.name().to_owned(), c.text().to_owned()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "A".to_owned(),
                    "x &amp; <b:B xmlns:b=\"urn:b\">y</b:B>".to_owned()
                ),
                ("C".to_owned(), String::new()),
                ("D".to_owned(), "plain".to_owned()),
            ]
        );
        // Only the root and its three children were stored.
        assert_eq!(doc.nodes.len(), 4);
    }

    #[test]
    fn rejects_broken_documents() {
        for bad in [
            &b""[..],
            b"   ",
            b"<a>",
            b"<a></b>",
            b"<a/><b/>",
            b"text",
            b"<p:a/>",
            b"<a>&bogus;</a>",
            b"<a p:x=\"1\"/>",
            b"\xFF\xFE<\x00a\x00/\x00>\x00",
            b"<a>\xC3\x28</a>",
        ] {
            assert!(
                XmlDoc::parse(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(matches!(
            XmlDoc::parse(deep.as_bytes()),
            Err(DecodeError::TooDeep { .. })
        ));
    }

    /// Reads `xml`'s root children through a [`StreamReader`]: (name, namespace, nil, text or
    /// raw markup).
    fn streamed(xml: &str, raw: bool) -> Fast<Vec<(String, String, bool, String)>> {
        let mut r = StreamReader::new(xml.as_bytes())?;
        let root = r.root()?;
        let mut out = Vec::new();
        while let Some(child) = r.next_child(&root)? {
            let text = if raw {
                r.raw(&child)?.to_owned()
            } else {
                r.text(&child)?.into_owned()
            };
            let ns = r.namespace(child.ns).to_owned();
            out.push((child.name.to_owned(), ns, child.nil, text));
        }
        r.finish()?;
        Ok(out)
    }

    #[test]
    fn the_streaming_reader_reads_names_namespaces_texts_and_markup() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<a:R xmlns:a=\"urn:a\" \
                   xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"urn:d\">\
                   <A>x &amp; &lt;y&gt;</A><a:B i:nil=\"true\"/><C xmlns=\"\">1<z>2</z>3</C>\
                   <D><p:E xmlns:p=\"urn:p\">e</p:E>&quot;</D ></a:R>\n";
        let text = streamed(xml, false).unwrap();
        let row =
            |n: &str, ns: &str, nil, t: &str| (n.to_owned(), ns.to_owned(), nil, t.to_owned());
        assert_eq!(
            text,
            [
                row("A", "urn:d", false, "x & <y>"),
                row("B", "urn:a", true, ""),
                row("C", "", false, "13"),
                row("D", "urn:d", false, "\""),
            ]
        );
        let raw = streamed(xml, true).unwrap();
        assert_eq!(raw[0].3, "x &amp; &lt;y&gt;");
        assert_eq!(raw[2].3, "1<z>2</z>3");
        assert_eq!(raw[3].3, "<p:E xmlns:p=\"urn:p\">e</p:E>&quot;");
    }

    #[test]
    fn the_streaming_reader_gives_up_where_the_tree_reader_decides() {
        for xml in [
            // Errors.
            "<R><a><b></a></R>",
            "<R><a>&bogus;</a></R>",
            "<R><p:x/></R>",
            "<R><a i:nil=\"true\"/></R>",
            "<R><a/></R><S/>",
            "<R><a/></R>text",
            "<R><a>",
            "<R><a>x &amp y</a></R>",
            "<R><a b=\"1\"c=\"2\"/></R>",
            // Not read by the streaming reader.
            "<R><a>&#65;</a></R>",
            "<R><a><![CDATA[x]]></a></R>",
            "<R><!-- c --><a/></R>",
            "<R><?pi x?><a/></R>",
            "<!DOCTYPE R><R/>",
            "<?xml version='1.0'?><R/>",
            "<R><a>x\r\ny</a></R>",
            "<R><ä/></R>",
            "<R><a x=\"&amp;\"/></R>",
            "<R xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\"><a i:nil=\"yes\"/></R>",
            "\u{FEFF}\u{FEFF}<R/>",
        ] {
            assert!(streamed(xml, false).is_err(), "{xml}");
        }
        let deep = format!("<R>{}", "<a>".repeat(MAX_DEPTH));
        assert!(streamed(&deep, false).is_err());
        // One BOM is skipped, as the tree reader skips it.
        assert!(streamed("\u{FEFF}<R/>", false).is_ok());
        // A `\r` in a text that is only kept raw is fine.
        assert!(streamed("<R><a>x\r\ny</a></R>", true).is_ok());
    }

    #[test]
    fn skips_utf8_bom() {
        let doc = XmlDoc::parse(b"\xEF\xBB\xBF<a>1</a>").unwrap();
        assert_eq!(doc.root().text(), "1");
    }
}
