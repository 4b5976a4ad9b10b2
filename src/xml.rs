//! DataContract XML: a writer that reproduces the server's help-page layout byte for byte, and a
//! small namespace-aware reader built on quick-xml's pull parser.
//!
//! The writer emits exactly what ASP.NET's `DataContractSerializer` help pages show: the root
//! element with `xmlns:i` and the contract namespace, one member per line indented by two spaces,
//! members in DataContract order (the order each model passes them in), `i:nil="true"` for null.
//!
//! The reader builds a flat tree (one `Vec` of nodes) whose names and text borrow from the input
//! wherever no unescaping is needed. Elements are matched by local name **and** namespace URI,
//! never by prefix.

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
pub(crate) struct XmlWriter<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
}

impl<'a> XmlWriter<'a> {
    pub(crate) fn new(out: &'a mut Vec<u8>) -> Self {
        XmlWriter { out, depth: 0 }
    }

    /// `<Name xmlns:i="…" xmlns="ns">`
    pub(crate) fn open_root(&mut self, name: &str, ns: &str) {
        self.out.reserve(name.len() * 2 + ns.len() + 96);
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b" xmlns:i=\"");
        self.out.extend_from_slice(XSI_NS.as_bytes());
        self.out.extend_from_slice(b"\" xmlns=\"");
        self.out.extend_from_slice(ns.as_bytes());
        self.out.extend_from_slice(b"\">");
        self.depth = 1;
    }

    /// `<name>` on its own line, one level deeper (an item of a list).
    pub(crate) fn open(&mut self, name: &str) {
        self.newline();
        self.out.push(b'<');
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
        self.depth += 1;
    }

    /// `</name>` on its own line, one level up.
    pub(crate) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.newline();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    /// `\n</Name>`
    pub(crate) fn close_root(&mut self, name: &str) {
        self.depth = 0;
        self.newline();
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(b'>');
    }

    fn newline(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    /// `<field>escaped text</field>` on its own line.
    pub(crate) fn text_member(
        &mut self,
        field: &'static str,
        value: &str,
    ) -> Result<(), EncodeError> {
        self.newline();
        self.out.push(b'<');
        self.out.extend_from_slice(field.as_bytes());
        self.out.push(b'>');
        escape_text_into(field, value, self.out)?;
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(field.as_bytes());
        self.out.push(b'>');
        Ok(())
    }

    /// `<field i:nil="true" />` on its own line.
    pub(crate) fn nil_member(&mut self, field: &'static str) {
        self.newline();
        self.out.push(b'<');
        self.out.extend_from_slice(field.as_bytes());
        self.out.extend_from_slice(b" i:nil=\"true\" />");
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

#[derive(Debug)]
struct Node<'a> {
    ns: u16,
    name: Cow<'a, str>,
    nil: Nil,
    text: Cow<'a, str>,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
}

/// A parsed XML document: every element in document order, namespaces interned.
#[derive(Debug)]
pub(crate) struct XmlDoc<'a> {
    nodes: Vec<Node<'a>>,
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

impl<'a> XmlDoc<'a> {
    /// Parses a UTF-8 document (a UTF-8 BOM is skipped; UTF-16 is refused).
    pub(crate) fn parse(bytes: &'a [u8]) -> Result<XmlDoc<'a>, DecodeError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Err(DecodeError::Encoding(
                "the body is UTF-16; only UTF-8 is read",
            ));
        }
        let text = std::str::from_utf8(bytes)
            .map_err(|_| DecodeError::Encoding("the body is not valid UTF-8"))?;
        parse_str(text)
    }

    /// The root element.
    pub(crate) fn root(&self) -> El<'_, 'a> {
        El { doc: self, idx: 0 }
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
}

/// Returns `part` as a slice of `input` when it lies inside it (no copy), else an owned copy.
fn reborrow<'a>(input: &'a str, part: &str) -> Cow<'a, str> {
    let base = input.as_ptr() as usize;
    let p = part.as_ptr() as usize;
    if p >= base && p + part.len() <= base + input.len() {
        if let Some(s) = input.get(p - base..p - base + part.len()) {
            return Cow::Borrowed(s);
        }
    }
    Cow::Owned(part.to_owned())
}

fn append<'a>(text: &mut Cow<'a, str>, piece: Cow<'a, str>) {
    if text.is_empty() {
        *text = piece;
    } else {
        text.to_mut().push_str(&piece);
    }
}

/// The namespace bound to the `xml` prefix (always in scope).
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A namespace declaration in scope: made on the element at `depth`, binding `prefix` (`None`:
/// the default namespace) to interned namespace `ns`.
struct Binding<'a> {
    depth: usize,
    prefix: Option<Cow<'a, str>>,
    ns: u16,
}

fn lookup(scopes: &[Binding<'_>], prefix: Option<&str>) -> Option<u16> {
    match scopes.iter().rev().find(|b| b.prefix.as_deref() == prefix) {
        Some(b) => Some(b.ns),
        // No default namespace declared: no namespace.
        None if prefix.is_none() => Some(0),
        None => None,
    }
}

fn malformed(position: u64, message: impl Into<String>) -> DecodeError {
    DecodeError::Xml {
        position,
        message: message.into(),
    }
}

fn parse_str(input: &str) -> Result<XmlDoc<'_>, DecodeError> {
    // quick-xml's plain reader, with namespaces tracked here: DataContract documents declare
    // them on the root, so a small scope stack is much cheaper than a resolver per element.
    let mut reader = Reader::from_str(input);
    reader.config_mut().trim_text(false);
    let mut doc = XmlDoc {
        nodes: Vec::with_capacity(input.len() / 32 + 1),
        namespaces: Vec::with_capacity(4),
        prolog: Prolog::default(),
    };
    // Open elements, innermost last.
    let mut stack: Vec<u32> = Vec::with_capacity(8);
    let mut scopes: Vec<Binding<'_>> = Vec::with_capacity(4);
    let mut seen_root = false;
    // Interned namespace id 0 is "no namespace".
    doc.namespaces.push("".into());
    let xsi = doc.ns_id(XSI_NS).unwrap_or(1);
    let xml = doc.ns_id(XML_NS).unwrap_or(2);
    scopes.push(Binding {
        depth: 0,
        prefix: Some(Cow::Borrowed("xml")),
        ns: xml,
    });

    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| malformed(position, e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                if stack.is_empty() && seen_root {
                    return Err(malformed(position, "more than one root element"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(DecodeError::TooDeep { limit: MAX_DEPTH });
                }
                seen_root = true;
                let depth = stack.len() + 1;
                let raw_attrs = e.attributes_raw();
                let has_attrs = !raw_attrs.trim().is_empty();
                // Declarations first: they apply to the element's own name and attributes.
                if has_attrs && raw_attrs.contains("xmlns") {
                    for attr in e.attributes().with_checks(false) {
                        let attr = attr.map_err(|err| malformed(position, err.to_string()))?;
                        let key = attr.key.into_inner();
                        let prefix = if key == "xmlns" {
                            None
                        } else if let Some(p) = key.strip_prefix("xmlns:") {
                            Some(reborrow(input, p))
                        } else {
                            continue;
                        };
                        let value = attr
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|err| malformed(position, err.to_string()))?;
                        let ns = doc.ns_id(&value).ok_or_else(|| {
                            malformed(position, format!("more than {MAX_NAMESPACES} namespaces"))
                        })?;
                        scopes.push(Binding { depth, prefix, ns });
                    }
                }
                let qname = e.name().into_inner();
                let (prefix, local) = match qname.split_once(':') {
                    Some((p, l)) => (Some(p), l),
                    None => (None, qname),
                };
                let ns = lookup(&scopes, prefix).ok_or_else(|| {
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
                        let attr_ns = lookup(&scopes, Some(p)).ok_or_else(|| {
                            malformed(
                                position,
                                format!(
                                    "undeclared namespace prefix {:?}",
                                    p.chars().take(32).collect::<String>()
                                ),
                            )
                        })?;
                        if l == "nil" && attr_ns == xsi {
                            // xs:boolean, as XmlConvert reads it.
                            let v = attr
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map_err(|err| malformed(position, err.to_string()))?;
                            nil = match v.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
                                "true" | "1" => Nil::Yes,
                                "false" | "0" => Nil::No,
                                _ => Nil::Invalid,
                            };
                        }
                    }
                }
                let name = reborrow(input, local);
                let idx = u32::try_from(doc.nodes.len())
                    .map_err(|_| malformed(position, "too many elements"))?;
                doc.nodes.push(Node {
                    ns,
                    name,
                    nil,
                    text: Cow::Borrowed(""),
                    first_child: NONE,
                    last_child: NONE,
                    next_sibling: NONE,
                });
                if let Some(&parent) = stack.last() {
                    let p = &mut doc.nodes[parent as usize];
                    let prev = p.last_child;
                    p.last_child = idx;
                    if prev == NONE {
                        p.first_child = idx;
                    } else {
                        doc.nodes[prev as usize].next_sibling = idx;
                    }
                }
                if is_empty {
                    scopes.retain(|b| b.depth < depth || b.depth == 0);
                } else {
                    stack.push(idx);
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                stack.pop();
                scopes.retain(|b| b.depth < depth || b.depth == 0);
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                match stack.last() {
                    Some(&open) => append(&mut doc.nodes[open as usize].text, content),
                    None if content.trim().is_empty() => {}
                    None => return Err(malformed(position, "text outside the root element")),
                }
            }
            Event::CData(c) => {
                if let Some(&open) = stack.last() {
                    append(&mut doc.nodes[open as usize].text, c.into_inner());
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
                if let Some(&open) = stack.last() {
                    let mut buf = [0u8; 4];
                    let piece: &str = ch.encode_utf8(&mut buf);
                    doc.nodes[open as usize].text.to_mut().push_str(piece);
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
    if !stack.is_empty() {
        return Err(malformed(
            reader.buffer_position(),
            "the document ends inside an element",
        ));
    }
    if doc.nodes.is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(doc)
}

impl<'d, 'a> El<'d, 'a> {
    fn node(&self) -> &'d Node<'a> {
        &self.doc.nodes[self.idx as usize]
    }

    /// The local name (no prefix).
    pub(crate) fn name(&self) -> &'d str {
        &self.node().name
    }

    /// The namespace URI (`""` for none).
    pub(crate) fn namespace(&self) -> &'d str {
        &self.doc.namespaces[usize::from(self.node().ns)]
    }

    /// Whether the element carries `i:nil="true"` (or `"1"`).
    pub(crate) fn is_nil(&self) -> bool {
        self.node().nil == Nil::Yes
    }

    /// Whether the element carries an `i:nil` whose value is not a boolean.
    #[cfg_attr(not(feature = "sandbox"), allow(dead_code))]
    pub(crate) fn has_invalid_nil(&self) -> bool {
        self.node().nil == Nil::Invalid
    }

    /// The element's own text (entities resolved, line ends normalised).
    pub(crate) fn text(&self) -> &'d str {
        &self.node().text
    }

    /// Whether this element has the given local name and namespace.
    pub(crate) fn is(&self, name: &str, ns: &str) -> bool {
        self.name() == name && self.namespace() == ns
    }

    /// The child elements, in document order.
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

/// Finds an element's members by name in one namespace, scanning forward from the last one found
/// (DataContract documents list members in order, so each lookup is usually one step).
pub(crate) struct Members<'d, 'a> {
    doc: &'d XmlDoc<'a>,
    first: u32,
    /// The members' namespace, if the document uses it at all.
    ns: Option<u16>,
    /// Where the next search starts.
    next: u32,
}

impl<'d, 'a> Members<'d, 'a> {
    pub(crate) fn new(el: El<'d, 'a>, ns: &str) -> Self {
        let first = el.node().first_child;
        let ns = el
            .doc
            .namespaces
            .iter()
            .position(|n| &**n == ns)
            .and_then(|i| u16::try_from(i).ok());
        Members {
            doc: el.doc,
            first,
            ns,
            next: first,
        }
    }

    /// The first child named `name` in the members' namespace, looking after the last match
    /// first, then from the start.
    pub(crate) fn find(&mut self, name: &str) -> Option<El<'d, 'a>> {
        let ns = self.ns?;
        let (start, first) = (self.next, self.first);
        for (from, until) in [(start, NONE), (first, start)] {
            let mut i = from;
            while i != until && i != NONE {
                let node = &self.doc.nodes[i as usize];
                if node.ns == ns && node.name == name {
                    self.next = node.next_sibling;
                    return Some(El {
                        doc: self.doc,
                        idx: i,
                    });
                }
                i = node.next_sibling;
            }
        }
        None
    }
}

/// Iterator over an element's children.
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
        assert!(matches!(doc.nodes[a.idx as usize].text, Cow::Borrowed(_)));
        assert!(matches!(doc.nodes[a.idx as usize].name, Cow::Borrowed(_)));
        assert_eq!(doc.root().child("B", "").unwrap().text(), "x\ny");
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

    #[test]
    fn skips_utf8_bom() {
        let doc = XmlDoc::parse(b"\xEF\xBB\xBF<a>1</a>").unwrap();
        assert_eq!(doc.root().text(), "1");
    }
}
