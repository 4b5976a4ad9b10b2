//! Hostile answers for the decode-memory bench and test (`benches/decode_memory.rs`,
//! `tests/decode_memory.rs`): bodies that once cost 5 to 29 times their size to decode.

#![allow(dead_code)]

use mspbackups::Format;

pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
pub const ENGINE: &str = "http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models";
pub const XML: &str = "application/xml; charset=utf-8";
pub const JSON: &str = "application/json; charset=utf-8";

/// Which typed decode the client runs before the error reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Path {
    /// `GET /api/Licenses`: `decode_list`, then the error reader if it fails.
    List,
    /// `GET /api/Licenses/{id}`: `decode`, then the error reader if it fails.
    One,
    /// A non-2xx answer: the error reader only.
    Error,
    /// `GET /api/Users`: `User::list_from_body` (nested lists), then the error reader if it
    /// fails.
    Users,
}

/// A body: its name, format, `Content-Type`, bytes, and the paths it goes through.
pub type Case = (&'static str, Format, &'static str, Vec<u8>, &'static [Path]);

/// `head`, then `unit` as often as fits in `size` bytes, then `tail`.
pub fn repeated(head: &str, unit: &str, tail: &str, size: usize) -> Vec<u8> {
    let n = (size - head.len() - tail.len()) / unit.len();
    let mut body = Vec::with_capacity(head.len() + n * unit.len() + tail.len());
    body.extend_from_slice(head.as_bytes());
    for _ in 0..n {
        body.extend_from_slice(unit.as_bytes());
    }
    body.extend_from_slice(tail.as_bytes());
    body
}

/// The opening tag of a root element with the DataContract namespaces.
pub fn root(name: &str) -> String {
    format!("<{name} xmlns:i=\"{XSI}\" xmlns=\"{ENGINE}\">")
}

/// Every hostile body, `size` bytes long.
pub fn hostile(size: usize) -> Vec<Case> {
    vec![
        (
            "XML ArrayOfLicense of <a/>",
            Format::Xml,
            XML,
            repeated(&root("ArrayOfLicense"), "<a/>", "</ArrayOfLicense>", size),
            &[Path::List, Path::One, Path::Error],
        ),
        (
            "XML ArrayOfLicensesModels of <a/>",
            Format::Xml,
            XML,
            repeated(
                &root("ArrayOfLicensesModels"),
                "<a/>",
                "</ArrayOfLicensesModels>",
                size,
            ),
            &[Path::List],
        ),
        (
            "XML <LicensesModels/> repeated",
            Format::Xml,
            XML,
            repeated(
                &root("ArrayOfLicensesModels"),
                "<LicensesModels/>",
                "</ArrayOfLicensesModels>",
                size,
            ),
            &[Path::List, Path::Error],
        ),
        (
            "XML one License with millions of unknown children",
            Format::Xml,
            XML,
            repeated(&root("LicensesModels"), "<a/>", "</LicensesModels>", size),
            &[Path::One, Path::List, Path::Error],
        ),
        (
            "XML a list of one License with millions of unknown children",
            Format::Xml,
            XML,
            repeated(
                &format!("{}<LicensesModels>", root("ArrayOfLicensesModels")),
                "<a/>",
                "</LicensesModels></ArrayOfLicensesModels>",
                size,
            ),
            &[Path::List],
        ),
        (
            "XML one License with millions of duplicated <ID>",
            Format::Xml,
            XML,
            repeated(
                &root("LicensesModels"),
                "<ID>x</ID>",
                "<IsTaken>true</IsTaken><IsTrial>true</IsTrial><Number>1</Number></LicensesModels>",
                size,
            ),
            &[Path::One, Path::Error],
        ),
        (
            "XML a list of one License with millions of duplicated members",
            Format::Xml,
            XML,
            repeated(
                &format!("{}<LicensesModels>", root("ArrayOfLicensesModels")),
                "<ID>x</ID><Number>1</Number>",
                "<IsTaken>true</IsTaken><IsTrial>true</IsTrial></LicensesModels></ArrayOfLicensesModels>",
                size,
            ),
            &[Path::List],
        ),
        (
            "XML one License whose <ID> text is cut by millions of children",
            Format::Xml,
            XML,
            repeated(
                &format!("{}<ID>&amp;", root("LicensesModels")),
                "aaaaaaaaaaaaaaaaaaaaaaaaaa<b/>",
                "</ID><IsTaken>true</IsTaken><IsTrial>true</IsTrial><Number>1</Number></LicensesModels>",
                size,
            ),
            &[Path::One],
        ),
        (
            "XML <Error> with millions of blank <Message/>",
            Format::Xml,
            XML,
            repeated("<Error>", "<Message/>", "</Error>", size),
            &[Path::Error],
        ),
        (
            "XML <Error> whose <ModelState> has millions of keys",
            Format::Xml,
            XML,
            repeated("<Error><ModelState>", "<a/>", "</ModelState></Error>", size),
            &[Path::Error],
        ),
        (
            "JSON [[],[],...]",
            Format::Json,
            JSON,
            repeated("[[]", ",[]", "]", size),
            &[Path::List, Path::One, Path::Error],
        ),
        (
            "JSON object of millions of unknown keys",
            Format::Json,
            JSON,
            repeated("{\"a\":[]", ",\"a\":[]", "}", size),
            &[Path::One, Path::Error],
        ),
        (
            "JSON ModelState with millions of keys",
            Format::Json,
            JSON,
            repeated("{\"ModelState\":{\"a\":[]", ",\"a\":[]", "}}", size),
            &[Path::Error],
        ),
        (
            "JSON ModelState with millions of messages",
            Format::Json,
            JSON,
            repeated("{\"ModelState\":{\"a\":[\"m\"", ",\"m\"", "]}}", size),
            &[Path::Error],
        ),
    ]
}
