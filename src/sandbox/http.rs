//! The sandbox's request pipeline, in ASP.NET Web API's order: route (404/405), authorize
//! (401), read the body (415, formatter rules), validate (400), run the action; every answer,
//! errors included, in the content-negotiated format.

use std::time::Duration;

use super::dcs::{self, Contract, Diagnostic, DiagnosticKind, Fields, Kind, Value};
use super::state::{Refusal, State};
use crate::format::Format;
use crate::models::UserModeType;
use crate::models::{License, Timestamp};
use crate::xml::SERIALIZATION_NS;

/// An incoming request, as the pipeline sees it.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) host: &'a str,
    pub(crate) accept: Option<&'a str>,
    pub(crate) content_type: Option<&'a str>,
    pub(crate) authorization: Option<&'a str>,
    pub(crate) requested_with: Option<&'a str>,
    pub(crate) body: &'a [u8],
}

/// An answer.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Reply {
    fn new(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    fn with_diagnostics(mut self, mut diagnostics: Vec<Diagnostic>) -> Reply {
        diagnostics.append(&mut self.diagnostics);
        self.diagnostics = diagnostics;
        self
    }
}

/// The negotiated answer format and the media type to label it with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Negotiated {
    pub(crate) format: Format,
    pub(crate) media: &'static str,
}

const JSON_TYPES: [&str; 2] = ["application/json", "text/json"];
const XML_TYPES: [&str; 2] = ["application/xml", "text/xml"];

fn media_of(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn param(content_type: &str, name: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Web API's `DefaultContentNegotiator`, for the JSON formatter then the XML formatter:
/// `X-Requested-With: XMLHttpRequest` with no or `*/*` Accept → JSON; else the best Accept match
/// (highest q; on a tie, a literal type beats `type/*` beats `*/*`, then JSON beats XML);
/// else the request's `Content-Type`; else JSON.
pub(crate) fn negotiate(
    accept: Option<&str>,
    content_type: Option<&str>,
    requested_with: Option<&str>,
) -> Negotiated {
    let json = Negotiated {
        format: Format::Json,
        media: JSON_TYPES[0],
    };
    let accept = accept.map(str::trim).filter(|a| !a.is_empty());
    if requested_with.is_some_and(|v| v.trim().eq_ignore_ascii_case("XMLHttpRequest"))
        && accept.is_none_or(|a| a.split(',').all(|r| media_of(r) == "*/*"))
    {
        return json;
    }
    if let Some(accept) = accept {
        // (quality, rank, formatter index, media) of the best match so far.
        let mut best: Option<(f32, u8, usize, &'static str)> = None;
        for range in accept.split(',') {
            let media = media_of(range);
            let q = param(range, "q")
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            for (index, types) in [JSON_TYPES, XML_TYPES].iter().enumerate() {
                let hit = if let Some(t) = types.iter().find(|t| **t == media) {
                    Some((3u8, *t))
                } else if media == "*/*" {
                    Some((1, types[0]))
                } else if let Some(top) = media.strip_suffix("/*") {
                    types
                        .iter()
                        .find(|t| t.split('/').next() == Some(top))
                        .map(|t| (2, *t))
                } else {
                    None
                };
                if let Some((rank, t)) = hit {
                    let better = match best {
                        None => true,
                        Some((bq, br, bi, _)) => {
                            q > bq || (q == bq && (rank > br || (rank == br && index < bi)))
                        }
                    };
                    if better {
                        best = Some((q, rank, index, t));
                    }
                }
            }
        }
        if let Some((_, _, index, media)) = best {
            return Negotiated {
                format: if index == 0 {
                    Format::Json
                } else {
                    Format::Xml
                },
                media,
            };
        }
    }
    if let Some(ct) = content_type {
        let media = media_of(ct);
        if let Some(t) = JSON_TYPES.iter().find(|t| **t == media) {
            return Negotiated {
                format: Format::Json,
                media: t,
            };
        }
        if let Some(t) = XML_TYPES.iter().find(|t| **t == media) {
            return Negotiated {
                format: Format::Xml,
                media: t,
            };
        }
    }
    json
}

/// Escapes text for an XML answer the way the server's writer does (`CheckCharacters = false`:
/// characters XML can't carry become character references).
fn xml_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("&#x{:X};", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// `XmlConvert.EncodeLocalName`: characters not allowed in a name become `_xHHHH_`.
fn encode_local_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for (i, c) in name.chars().enumerate() {
        let ok = c.is_ascii_alphabetic()
            || c == '_'
            || (i > 0 && (c.is_ascii_digit() || c == '.' || c == '-'));
        if ok || (!c.is_ascii() && c.is_alphanumeric()) {
            out.push(c);
        } else {
            out.push_str(&format!("_x{:04X}_", c as u32));
        }
    }
    out
}

/// An `HttpError` (`Message`, optional `ModelState`) in the negotiated format.
fn http_error(
    status: u16,
    neg: &Negotiated,
    message: &str,
    model_state: &[(String, Vec<String>)],
) -> Reply {
    let mut reply = Reply::new(status);
    reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
    reply.body = match neg.format {
        Format::Json => {
            let mut map = serde_json::Map::new();
            map.insert("Message".into(), message.into());
            if !model_state.is_empty() {
                let mut state = serde_json::Map::new();
                for (k, v) in model_state {
                    state.insert(k.clone(), v.clone().into());
                }
                map.insert("ModelState".into(), state.into());
            }
            serde_json::Value::Object(map).to_string().into_bytes()
        }
        Format::Xml => {
            let mut s = String::from("<Error><Message>");
            xml_text(message, &mut s);
            s.push_str("</Message>");
            if !model_state.is_empty() {
                s.push_str("<ModelState>");
                for (k, v) in model_state {
                    let name = encode_local_name(k);
                    s.push('<');
                    s.push_str(&name);
                    s.push('>');
                    xml_text(&v.join(" "), &mut s);
                    s.push_str("</");
                    s.push_str(&name);
                    s.push('>');
                }
                s.push_str("</ModelState>");
            }
            s.push_str("</Error>");
            s.into_bytes()
        }
    };
    reply
}

fn rejected(subject: impl Into<String>, message: impl Into<String>) -> Vec<Diagnostic> {
    vec![Diagnostic::new(
        DiagnosticKind::Rejected,
        Some(subject.into()),
        message,
    )]
}

/// The IIS-style page for paths outside `/api/`.
fn iis_not_found() -> Reply {
    let mut reply = Reply::new(404);
    reply.content_type = Some("text/html".into());
    reply.body = b"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\r\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\r\n<head><title>404 - File or directory not found.</title></head>\r\n<body><div id=\"header\"><h1>Server Error</h1></div><div id=\"content\"><h2>404 - File or directory not found.</h2><h3>The resource you are looking for might have been removed, had its name changed, or is temporarily unavailable.</h3></div></body>\r\n</html>\r\n".to_vec();
    reply
}

/// Controllers the real API has; paths under them that the sandbox does not emulate answer 501.
const REAL_CONTROLLERS: [&str; 12] = [
    "users",
    "accounts",
    "destinations",
    "packages",
    "monitoring",
    "licenses",
    "billing",
    "builds",
    "administrators",
    "companies",
    "computers",
    "provider",
];

/// What a route runs.
enum Action {
    Login,
    ListLicenses,
    GetLicense(String),
    Grant,
    Release,
    Revoke,
    CreateUser,
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| char::from(c).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn form_decode(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// Everything the pipeline needs from the sandbox.
pub(crate) struct Env<'a> {
    pub(crate) state: &'a std::sync::Mutex<State>,
    pub(crate) api_login: &'a str,
    pub(crate) api_password: &'a str,
    pub(crate) token_lifetime: Duration,
}

fn lock(state: &std::sync::Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn handle(env: &Env<'_>, rq: &Incoming<'_>) -> Reply {
    let neg = negotiate(rq.accept, rq.content_type, rq.requested_with);
    let (path, query) = rq.url.split_once('?').unwrap_or((rq.url, ""));
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect();
    let lower: Vec<String> = segments.iter().map(|s| s.to_ascii_lowercase()).collect();
    let uri = format!("http://{}{}", rq.host, rq.url);
    if lower.first().map(String::as_str) != Some("api") {
        return iis_not_found().with_diagnostics(rejected(
            path,
            "this path is outside /api/, so IIS (not Web API) answers with its HTML 404 page",
        ));
    }
    let method = rq.method.to_ascii_uppercase();
    let names: Vec<&str> = lower.iter().map(String::as_str).collect();
    // (the action, the methods the route allows)
    let route: Option<(Option<Action>, &'static str)> = match names.as_slice() {
        ["api", "provider", "login"] => Some(((method == "POST").then_some(Action::Login), "POST")),
        ["api", "licenses"] => Some(((method == "GET").then_some(Action::ListLicenses), "GET")),
        ["api", "licenses", op @ ("grant" | "release" | "revoke")] => Some((
            match method.as_str() {
                "POST" => Some(match *op {
                    "grant" => Action::Grant,
                    "release" => Action::Release,
                    _ => Action::Revoke,
                }),
                // `api/Licenses/{id}` also matches: a GET reads a license with that ID.
                "GET" => Some(Action::GetLicense(segments[2].clone())),
                _ => None,
            },
            "GET, POST",
        )),
        ["api", "licenses", _] => Some((
            (method == "GET").then(|| Action::GetLicense(segments[2].clone())),
            "GET",
        )),
        ["api", "users"] if method == "POST" => Some((Some(Action::CreateUser), "POST")),
        _ => None,
    };
    let Some((action, allow)) = route else {
        if names.get(1).is_some_and(|c| REAL_CONTROLLERS.contains(c)) {
            let message = format!("The MBS sandbox does not emulate {method} {path}.");
            return http_error(501, &neg, &message, &[]).with_diagnostics(rejected(
                path,
                format!(
                    "{method} {path} belongs to the real API but the sandbox does not emulate it"
                ),
            ));
        }
        return http_error(
            404,
            &neg,
            &format!("No HTTP resource was found that matches the request URI '{uri}'."),
            &[],
        )
        .with_diagnostics(rejected(
            path,
            "no Web API route matches this path; the real server answers 404 the same way",
        ));
    };
    let Some(action) = action else {
        let mut reply = http_error(
            405,
            &neg,
            &format!("The requested resource does not support http method '{method}'."),
            &[],
        );
        reply.headers.push(("Allow", allow.to_owned()));
        return reply.with_diagnostics(rejected(
            path,
            format!("{path} does not take {method}; allowed: {allow}"),
        ));
    };

    if !matches!(action, Action::Login) {
        let token = rq.authorization.and_then(|h| {
            let (scheme, token) = h.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
        let verdict = match token {
            None => Err("no Authorization: Bearer header was sent"),
            Some(t) => lock(env.state).check_token(t),
        };
        if let Err(why) = verdict {
            return http_error(
                401,
                &neg,
                "Authorization has been denied for this request.",
                &[],
            )
            .with_diagnostics(rejected(
                "Authorization",
                format!("{why}; the real server answers 401 the same way"),
            ));
        }
    }

    match action {
        Action::Login => login(env, rq, &neg),
        Action::ListLicenses => {
            let available = query.split('&').find_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                k.eq_ignore_ascii_case("isAvailable")
                    .then(|| form_decode(v))
            });
            let filter = match available.as_deref().map(str::to_ascii_lowercase).as_deref() {
                None | Some("") => None,
                Some("true") => Some(true),
                Some("false") => Some(false),
                Some(other) => {
                    let msg = format!("The value '{other}' is not valid for Boolean.");
                    return http_error(
                        400,
                        &neg,
                        "The request is invalid.",
                        &[("isAvailable".into(), vec![msg])],
                    )
                    .with_diagnostics(rejected(
                        "isAvailable",
                        "isAvailable must be true or false",
                    ));
                }
            };
            let list = lock(env.state).list(filter);
            model_reply(&neg, License::list_to_body(&list, neg.format))
        }
        Action::GetLicense(id) => match lock(env.state).get(&id) {
            Some(l) => model_reply(&neg, l.to_body(neg.format)),
            None => {
                let mut reply = Reply::new(200);
                reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
                reply.body = match neg.format {
                    Format::Json => b"null".to_vec(),
                    Format::Xml => format!(
                        "<LicensesModels i:nil=\"true\" xmlns:i=\"{}\" xmlns=\"{}\" />",
                        crate::xml::XSI_NS,
                        crate::xml::ENGINE_MODELS_NS
                    )
                    .into_bytes(),
                };
                reply.with_diagnostics(vec![Diagnostic::new(
                    DiagnosticKind::Note,
                    Some(id),
                    "no license has this ID; the real service has been seen to answer 200 with null, and so does the sandbox",
                )])
            }
        },
        Action::Grant | Action::Release | Action::Revoke => {
            license_operation(env, rq, &neg, &action)
        }
        Action::CreateUser => create_user(env, rq, &neg),
    }
}

fn model_reply(neg: &Negotiated, body: Result<Vec<u8>, crate::Error>) -> Reply {
    match body {
        Ok(body) => {
            let mut reply = Reply::new(200);
            reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
            reply.body = body;
            reply
        }
        Err(e) => http_error(500, neg, "An error has occurred.", &[]).with_diagnostics(rejected(
            "response",
            format!("the sandbox could not write its answer: {e}"),
        )),
    }
}

/// The outcome of reading an action's body parameter.
struct Bound {
    model: Option<Fields>,
    model_state: Vec<(String, Vec<String>)>,
    diagnostics: Vec<Diagnostic>,
}

/// The body parameter's name in `ModelState` keys (the real actions' names are not published).
const PARAM: &str = "model";
const AN_ERROR: &str = "An error has occurred.";

/// Reads the body as the formatter chosen by `Content-Type` would; `Err` is a 415 reply.
fn bind(contract: &Contract, rq: &Incoming<'_>, neg: &Negotiated) -> Result<Bound, Reply> {
    let mut bound = Bound {
        model: None,
        model_state: Vec::new(),
        diagnostics: Vec::new(),
    };
    if rq.body.is_empty() {
        return Ok(bound);
    }
    let Some(ct) = rq.content_type else {
        return Err(http_error(
            415,
            neg,
            "The request contains an entity body but no Content-Type header. The inferred media type 'application/octet-stream' is not supported for this resource.",
            &[],
        )
        .with_diagnostics(rejected("Content-Type", "a body without Content-Type is refused with 415, as on the real server")));
    };
    let media = media_of(ct);
    if JSON_TYPES.contains(&media.as_str()) {
        bind_json(contract, rq.body, &mut bound);
    } else if XML_TYPES.contains(&media.as_str()) {
        // Web API compares the charset as sent: `charset="utf-16"` (quoted) matches nothing.
        let charset = ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("charset").then(|| v.trim())
        });
        let outcome = dcs::read(contract, rq.body, charset);
        bound.diagnostics = outcome.diagnostics;
        bound.model = outcome.model;
        if outcome.error.is_some() {
            bound
                .model_state
                .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
        }
    } else if media == "application/x-www-form-urlencoded" {
        bind_form(contract, rq.body, &mut bound);
    } else {
        return Err(http_error(
            415,
            neg,
            &format!("The request entity's media type '{media}' is not supported for this resource."),
            &[],
        )
        .with_diagnostics(rejected(
            "Content-Type",
            format!("no formatter reads '{media}': the real server answers 415 (JSON, XML and form bodies are read)"),
        )));
    }
    Ok(bound)
}

fn member_error(bound: &mut Bound, member: &str) {
    bound
        .model_state
        .push((format!("{PARAM}.{member}"), vec![AN_ERROR.to_owned()]));
}

/// Json.NET's reading: names matched case-insensitively, unknown names ignored, last value wins.
fn bind_json(contract: &Contract, body: &[u8], bound: &mut Bound) {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            bound
                .model_state
                .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
            bound.diagnostics.push(Diagnostic::new(
                DiagnosticKind::ModelNull,
                None,
                format!("the JSON is malformed ({e}); the real server binds null and logs the error to ModelState"),
            ));
            return;
        }
    };
    match json_fields(contract, &value, "", bound) {
        Some(fields) => bound.model = Some(fields),
        None if value.is_null() => {}
        None => {
            bound
                .model_state
                .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
            bound.diagnostics.push(Diagnostic::new(
                DiagnosticKind::ModelNull,
                None,
                format!("the JSON body is not an object, so Json.NET cannot read it as {}; the model is null", contract.name),
            ));
        }
    }
}

fn json_fields(
    contract: &Contract,
    value: &serde_json::Value,
    path: &str,
    bound: &mut Bound,
) -> Option<Fields> {
    let map = value.as_object()?;
    let mut fields = Fields::default();
    for (key, v) in map {
        let member = contract.members.iter().find(|m| m.name == key).or_else(|| {
            contract
                .members
                .iter()
                .find(|m| m.name.eq_ignore_ascii_case(key))
        });
        let Some(member) = member else {
            bound.diagnostics.push(Diagnostic::new(
                DiagnosticKind::Unknown,
                Some(format!("{path}{key}")),
                format!(
                    "\"{path}{key}\" was ignored: {} has no member of that name, and Json.NET skips unknown members silently",
                    contract.name
                ),
            ));
            continue;
        };
        match json_value(member.kind, v, &format!("{path}{}.", member.name), bound) {
            Some(value) => fields.set(member.name, value),
            None => {
                member_error(bound, &format!("{path}{}", member.name));
                bound.diagnostics.push(Diagnostic::new(
                    DiagnosticKind::Rejected,
                    Some(format!("{path}{}", member.name)),
                    format!(
                        "{v} cannot be read as a {} for {path}{}; the real server logs a ModelState error",
                        member.kind_name(),
                        member.name
                    ),
                ));
            }
        }
    }
    Some(fields)
}

impl dcs::Member {
    fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::String => "string",
            Kind::Bool => "boolean",
            Kind::Int32 | Kind::Int64 => "number",
            Kind::Enum(..) => "enum value",
            Kind::Strings => "list of strings",
            Kind::Items(_) => "list of objects",
        }
    }
}

fn json_value(kind: Kind, v: &serde_json::Value, path: &str, bound: &mut Bound) -> Option<Value> {
    use serde_json::Value as J;
    match (kind, v) {
        (Kind::String | Kind::Strings | Kind::Items(_), J::Null) => Some(Value::Null),
        (Kind::String, J::String(s)) => Some(Value::Str(s.clone())),
        (Kind::String, J::Number(n)) => Some(Value::Str(n.to_string())),
        (Kind::String, J::Bool(b)) => {
            Some(Value::Str(if *b { "True" } else { "False" }.to_owned()))
        }
        (Kind::Bool, J::Bool(b)) => Some(Value::Bool(*b)),
        (Kind::Bool, J::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        (Kind::Bool, J::Number(n)) => n.as_i64().map(|n| Value::Bool(n != 0)),
        (Kind::Int32, J::Number(n)) => n
            .as_i64()
            .filter(|n| i32::try_from(*n).is_ok())
            .map(Value::Int),
        (Kind::Int64, J::Number(n)) => n.as_i64().map(Value::Int),
        (Kind::Int32 | Kind::Int64, J::String(s)) => s.trim().parse::<i64>().ok().map(Value::Int),
        // Json.NET takes any integer for an enum, and a name in any case.
        (Kind::Enum(..), J::Number(n)) => n.as_i64().map(Value::Int),
        (Kind::Enum(_, names), J::String(s)) => names
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(s.trim()))
            .map(|(_, v)| Value::Int(*v)),
        (Kind::Strings, J::Array(items)) => items
            .iter()
            .map(|i| match i {
                J::Null => Some(None),
                J::String(s) => Some(Some(s.clone())),
                J::Number(n) => Some(Some(n.to_string())),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Strings),
        (Kind::Items(contract), J::Array(items)) => {
            let mut out = Vec::new();
            for item in items {
                out.push(if item.is_null() {
                    None
                } else {
                    Some(json_fields(contract, item, path, bound)?)
                });
            }
            Some(Value::Items(out))
        }
        _ => None,
    }
}

/// Form binding (`UserName=…&Password=…`): names case-insensitive, scalar members only.
fn bind_form(contract: &Contract, body: &[u8], bound: &mut Bound) {
    let text = String::from_utf8_lossy(body);
    let mut fields = Fields::default();
    for pair in text.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (form_decode(k), form_decode(v));
        let Some(member) = contract
            .members
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(&k))
        else {
            bound.diagnostics.push(Diagnostic::new(
                DiagnosticKind::Unknown,
                Some(k.clone()),
                format!(
                    "form field {k:?} was ignored: {} has no member of that name",
                    contract.name
                ),
            ));
            continue;
        };
        let value = match member.kind {
            Kind::String => Some(Value::Str(v.clone())),
            Kind::Bool => match v.trim().to_ascii_lowercase().as_str() {
                "true" | "on" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            Kind::Int32 | Kind::Int64 => v.trim().parse().ok().map(Value::Int),
            Kind::Enum(_, names) => names
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(v.trim()))
                .map(|(_, n)| Value::Int(*n))
                .or_else(|| v.trim().parse().ok().map(Value::Int)),
            Kind::Strings | Kind::Items(_) => None,
        };
        match value {
            Some(value) => fields.set(member.name, value),
            None => {
                bound.model_state.push((
                    format!("{PARAM}.{}", member.name),
                    vec![format!("The value '{v}' is not valid for {}.", member.name)],
                ));
            }
        }
    }
    bound.model = Some(fields);
}

/// `[Required]` (empty and whitespace-only strings fail) and `[StringLength]`.
fn require(bound: &mut Bound, fields: &Fields, member: &str) {
    if fields.str(member).is_none_or(|s| s.trim().is_empty()) {
        bound.model_state.push((
            format!("{PARAM}.{member}"),
            vec![format!("The {member} field is required.")],
        ));
    }
}

fn length(bound: &mut Bound, fields: &Fields, member: &str, min: usize, max: usize) {
    if let Some(s) = fields.str(member) {
        let n = s.chars().count();
        if !s.trim().is_empty() && (n < min || n > max) {
            bound.model_state.push((
                format!("{PARAM}.{member}"),
                vec![format!(
                    "The field {member} must be a string with a minimum length of {min} and a maximum length of {max}."
                )],
            ));
        }
    }
}

/// Binds, validates and, when the model is usable, returns it; otherwise the 400 reply.
fn bind_valid(
    contract: &Contract,
    rq: &Incoming<'_>,
    neg: &Negotiated,
    validate: impl FnOnce(&mut Bound, &Fields),
) -> Result<(Fields, Vec<Diagnostic>), Reply> {
    let mut bound = bind(contract, rq, neg)?;
    let Some(fields) = bound.model.take() else {
        if bound.model_state.is_empty() {
            bound.model_state.push((
                PARAM.to_owned(),
                vec!["A non-empty request body is required.".to_owned()],
            ));
            bound.diagnostics.push(Diagnostic::new(
                DiagnosticKind::ModelNull,
                None,
                "the action received a null model (empty body or nil root) without a binding error; what the real server does then is not documented, the sandbox answers 400",
            ));
        }
        return Err(
            http_error(400, neg, "The request is invalid.", &bound.model_state)
                .with_diagnostics(bound.diagnostics),
        );
    };
    validate(&mut bound, &fields);
    if !bound.model_state.is_empty() {
        return Err(
            http_error(400, neg, "The request is invalid.", &bound.model_state)
                .with_diagnostics(bound.diagnostics),
        );
    }
    Ok((fields, bound.diagnostics))
}

fn login(env: &Env<'_>, rq: &Incoming<'_>, neg: &Negotiated) -> Reply {
    let (fields, diagnostics) = match bind_valid(&dcs::LOGIN, rq, neg, |b, f| {
        require(b, f, "UserName");
        require(b, f, "Password");
        length(b, f, "Password", 3, 100);
    }) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let user = fields.str("UserName").unwrap_or_default();
    let password = fields.str("Password").unwrap_or_default();
    let mut reply = Reply::new(0);
    // The token endpoint answers JSON whatever was asked for, with no-cache headers.
    reply.content_type = Some("application/json;charset=UTF-8".to_owned());
    reply.headers.push(("Cache-Control", "no-cache".to_owned()));
    reply.headers.push(("Pragma", "no-cache".to_owned()));
    reply.headers.push(("Expires", "-1".to_owned()));
    if user != env.api_login || password != env.api_password {
        reply.status = 400;
        reply.body = br#"{"error":"invalid_grant","error_description":"The user name or password is incorrect."}"#.to_vec();
        return reply.with_diagnostics(diagnostics);
    }
    let token = lock(env.state).issue_token(env.token_lifetime);
    let now = std::time::SystemTime::now();
    // Katana's key order: access_token, token_type, expires_in, userName, .issued, .expires.
    let quote = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
    let body = format!(
        "{{\"access_token\":{},\"token_type\":\"bearer\",\"expires_in\":{},\"userName\":{},\".issued\":{},\".expires\":{}}}",
        quote(&token),
        env.token_lifetime.as_secs(),
        quote(user),
        quote(&rfc1123(now)),
        quote(&rfc1123(now + env.token_lifetime)),
    );
    reply.status = 200;
    reply.body = body.into_bytes();
    reply.with_diagnostics(diagnostics)
}

/// `Sat, 28 Apr 2018 13:50:43 GMT`.
fn rfc1123(t: std::time::SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ts = Timestamp::from_system_time(t);
    let days = ts.unix_seconds().div_euclid(86_400);
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        ts.day(),
        MONTHS[usize::from(ts.month().clamp(1, 12)) - 1],
        ts.year(),
        ts.hour(),
        ts.minute(),
        ts.second()
    )
}

fn license_operation(env: &Env<'_>, rq: &Incoming<'_>, neg: &Negotiated, action: &Action) -> Reply {
    let (fields, mut diagnostics) = match bind_valid(&dcs::LICENSE_OPERATION, rq, neg, |b, f| {
        require(b, f, "LicenseID");
        require(b, f, "UserID");
    }) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let license = fields.str("LicenseID").unwrap_or_default();
    let user = fields.str("UserID").unwrap_or_default();
    let result = {
        let mut state = lock(env.state);
        match action {
            Action::Grant => state.grant(license, user),
            Action::Release => state.release(license, user),
            _ => state.revoke(license, user),
        }
    };
    match result {
        Ok(mut notes) => {
            diagnostics.append(&mut notes);
            Reply::new(200).with_diagnostics(diagnostics)
        }
        Err(Refusal(message)) => http_error(400, neg, &message, &[]).with_diagnostics(diagnostics),
    }
}

fn create_user(env: &Env<'_>, rq: &Incoming<'_>, neg: &Negotiated) -> Reply {
    let (fields, diagnostics) = match bind_valid(&dcs::USERS_ADD, rq, neg, |b, f| {
        require(b, f, "Email");
        require(b, f, "Password");
        length(b, f, "Password", 6, 100);
    }) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let email = fields.str("Email").unwrap_or_default();
    let enabled = matches!(fields.get("Enabled"), Some(Value::Bool(true)));
    let mode = match fields.get("LicenseManagmentMode") {
        Some(Value::Int(v)) => UserModeType::from_value(*v),
        _ => UserModeType::Manual,
    };
    // Success and failure both answer 200 with a string: the new ID, or the error text.
    let text = match lock(env.state).create_user(email, enabled, mode) {
        Ok(id) => id,
        Err(Refusal(message)) => message,
    };
    let mut reply = Reply::new(200);
    reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
    reply.body = match neg.format {
        Format::Json => serde_json::Value::String(text).to_string().into_bytes(),
        Format::Xml => {
            let mut s = format!("<string xmlns=\"{SERIALIZATION_NS}\">");
            xml_text(&text, &mut s);
            s.push_str("</string>");
            s.into_bytes()
        }
    };
    reply.with_diagnostics(diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(accept: Option<&str>, ct: Option<&str>) -> (Format, &'static str) {
        let r = negotiate(accept, ct, None);
        (r.format, r.media)
    }

    #[test]
    fn negotiates_like_web_api() {
        use Format::*;
        assert_eq!(n(None, None), (Json, "application/json"));
        assert_eq!(n(Some("application/xml"), None), (Xml, "application/xml"));
        assert_eq!(n(Some("text/xml"), None), (Xml, "text/xml"));
        assert_eq!(
            n(Some("application/xml, application/json"), None),
            (Json, "application/json")
        );
        assert_eq!(
            n(Some("*/*"), Some("application/xml")),
            (Json, "application/json")
        );
        assert_eq!(n(Some("application/*"), None), (Json, "application/json"));
        assert_eq!(
            n(Some("application/json;q=0.5, application/xml"), None),
            (Xml, "application/xml")
        );
        assert_eq!(
            n(Some("text/html"), Some("text/xml; charset=utf-8")),
            (Xml, "text/xml")
        );
        assert_eq!(n(None, Some("application/xml")), (Xml, "application/xml"));
        assert_eq!(
            n(Some("application/json;q=0"), Some("application/xml")),
            (Xml, "application/xml")
        );
        assert_eq!(n(Some("application/*, text/xml"), None), (Xml, "text/xml"));
        let ajax = negotiate(None, Some("application/xml"), Some("XMLHttpRequest"));
        assert_eq!(ajax.format, Json);
    }

    #[test]
    fn encodes_model_state_keys_like_xmlconvert() {
        assert_eq!(encode_local_name("model.Password"), "model.Password");
        assert_eq!(encode_local_name("[0].Name"), "_x005B_0_x005D_.Name");
        assert_eq!(encode_local_name("1a"), "_x0031_a");
    }

    #[test]
    fn formats_rfc1123() {
        let t = std::time::UNIX_EPOCH + Duration::from_secs(1_524_923_443);
        assert_eq!(rfc1123(t), "Sat, 28 Apr 2018 13:50:43 GMT");
    }

    #[test]
    fn decodes_percent_and_form_escapes() {
        assert_eq!(percent_decode("a%20b%2Fc%C3%BC"), "a b/cü");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(form_decode("a+b%2B"), "a b+");
    }
}
