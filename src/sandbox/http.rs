//! The sandbox's request pipeline, in ASP.NET Web API's order: route (404/405), authorize
//! (401), read the body (415, formatter rules), validate (400), run the action; every answer,
//! errors included, in the content-negotiated format.

use std::time::Duration;

use super::LoginRefusal;
use super::dcs::{self, Contract, Diagnostic, DiagnosticKind, Fields, Kind, Value};
use super::state::{Refusal, State};
use crate::format::Format;
use crate::models::{License, Timestamp};
use crate::request::Method;
use crate::route::{self, BodyShape, Route};
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
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Reply {
    pub(crate) fn new(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn with_diagnostics(mut self, mut diagnostics: Vec<Diagnostic>) -> Reply {
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
pub(crate) fn http_error(
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

pub(crate) fn rejected(subject: impl Into<String>, message: impl Into<String>) -> Vec<Diagnostic> {
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

/// The controller of a path template (`/api/Users/{id}` → `Users`).
fn controller_of(template: &str) -> Option<&str> {
    template.trim_start_matches('/').split('/').nth(1)
}

/// Whether the real API has a controller of this name (any case). Every controller the API
/// documents is in the route tables ([`route::all`]); paths under one of them that no route
/// matches answer 501, not 404.
fn is_real_controller(name: &str) -> bool {
    route::all()
        .any(|r| controller_of(r.path_template()).is_some_and(|c| c.eq_ignore_ascii_case(name)))
}

/// How many literal segments a template has (a literal beats a parameter, as in Web API's
/// attribute routing).
fn literal_segments(r: &Route) -> usize {
    r.path_template()
        .split('/')
        .filter(|s| !s.starts_with('{'))
        .count()
}

/// The methods of `routes`, in the order GET, POST, PUT, DELETE, for `Allow`.
fn allow(routes: &[(&'static Route, Vec<String>)]) -> String {
    [Method::Get, Method::Post, Method::Put, Method::Delete]
        .iter()
        .filter(|m| routes.iter().any(|(r, _)| r.method == **m))
        .map(|m| m.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn percent_decode(s: &str) -> String {
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

/// The value of query parameter `name` (names compared ignoring case, as Web API does), decoded;
/// `None` when the query does not have it. `?userId=` gives `Some("")`.
fn query_value(query: &str, name: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        form_decode(k)
            .eq_ignore_ascii_case(name)
            .then(|| form_decode(v))
    })
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
    pub(crate) wrong_password: LoginRefusal,
    pub(crate) delete_user_answers_500: bool,
    /// How many records `GET /api/Monitoring` answers.
    pub(crate) monitoring_records: usize,
    /// The month the sandbox has billing data for.
    pub(crate) billing_month: super::reports::Month,
}

pub(crate) fn lock(state: &std::sync::Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

pub(crate) fn handle(env: &Env<'_>, rq: &Incoming<'_>) -> Reply {
    let neg = negotiate(rq.accept, rq.content_type, rq.requested_with);
    let (path, query) = rq.url.split_once('?').unwrap_or((rq.url, ""));
    let mut segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode);
    let uri = format!("http://{}{}", rq.host, rq.url);
    if !segments
        .next()
        .is_some_and(|s| s.eq_ignore_ascii_case("api"))
    {
        return iis_not_found().with_diagnostics(rejected(
            path,
            "this path is outside /api/, so IIS (not Web API) answers with its HTML 404 page",
        ));
    }
    let controller = segments.next().unwrap_or_default();
    let method = rq.method.to_ascii_uppercase();
    // The routes whose template matches the path, whatever their method.
    let matched: Vec<(&'static Route, Vec<String>)> = route::all()
        .filter_map(|r| r.matches(path).map(|params| (r, params)))
        .collect();
    if matched.is_empty() {
        if is_real_controller(&controller) {
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
    }
    let Some((route, params)) = matched
        .iter()
        .filter(|(r, _)| r.method.as_str() == method)
        .max_by_key(|(r, _)| literal_segments(r))
    else {
        let allow = allow(&matched);
        let mut reply = http_error(
            405,
            &neg,
            &format!("The requested resource does not support http method '{method}'."),
            &[],
        );
        reply.headers.push(("Allow", allow.clone()));
        return reply.with_diagnostics(rejected(
            path,
            format!("{path} does not take {method}; allowed: {allow}"),
        ));
    };

    // Web API's action selector drops an action whose required query parameters are missing
    // (before any filter runs, so before authorization): no action is left, 404.
    let mut params = params.clone();
    for name in route.query_names() {
        match query_value(query, name) {
            Some(value) => params.push(value),
            None => {
                return http_error(
                    404,
                    &neg,
                    &format!("No HTTP resource was found that matches the request URI '{uri}'."),
                    &[],
                )
                .with_diagnostics(rejected(
                    name,
                    format!(
                        "{method} {} needs the query parameter {name}; Web API's action selector finds no action without it and answers 404 (MessageDetail \"No action was found on the controller '{}' that matches the request.\")",
                        route.path, route.group
                    ),
                ));
            }
        }
    }

    if route.auth {
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

    let param = params.first().map(String::as_str).unwrap_or_default();
    let call = Call {
        env,
        rq,
        neg: &neg,
        route,
    };
    match (route.group, route.operation) {
        ("Provider", "login") => login(&call),
        ("Licenses", "list") => list_licenses(&call, query),
        ("Licenses", "get") => get_license(&call, param),
        ("Licenses", "grant" | "release" | "revoke") => license_operation(&call),
        ("Users", _) => super::users::handle(&call, param),
        ("Companies", _) => super::tenant_routes::companies(&call, param),
        ("Administrators", _) => super::tenant_routes::administrators(&call, param),
        ("Packages", _) => super::tenant_routes::packages(&call, param),
        ("Computers", _) => super::tenant_routes::computers(&call, &params),
        ("Accounts", _) => super::storage_routes::accounts(&call, param),
        ("Destinations", _) => super::storage_routes::destinations(&call, &params),
        ("Builds", _) => super::storage_routes::builds(&call),
        ("Monitoring", _) => super::reports::monitoring(&call, param),
        ("Billing", _) => super::reports::billing(&call),
        _ => not_emulated(&call),
    }
}

/// One request routed to one route: what its handler needs.
pub(crate) struct Call<'a> {
    pub(crate) env: &'a Env<'a>,
    pub(crate) rq: &'a Incoming<'a>,
    pub(crate) neg: &'a Negotiated,
    pub(crate) route: &'static Route,
}

/// A route the crate covers but the sandbox does not emulate (yet): 501.
pub(crate) fn not_emulated(call: &Call<'_>) -> Reply {
    let r = call.route;
    let message = format!(
        "The MBS sandbox does not emulate {} {}.",
        r.method.as_str(),
        r.path
    );
    http_error(501, call.neg, &message, &[]).with_diagnostics(rejected(
        r.path,
        format!(
            "{} {} ({}.{}) is in the route tables but the sandbox does not emulate it",
            r.method.as_str(),
            r.path,
            r.group,
            r.operation
        ),
    ))
}

fn list_licenses(call: &Call<'_>, query: &str) -> Reply {
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
                call.neg,
                "The request is invalid.",
                &[("isAvailable".into(), vec![msg])],
            )
            .with_diagnostics(rejected("isAvailable", "isAvailable must be true or false"));
        }
    };
    let list = lock(call.env.state).list(filter);
    model_reply(call.neg, License::list_to_body(&list, call.neg.format))
}

fn get_license(call: &Call<'_>, id: &str) -> Reply {
    match lock(call.env.state).get(id) {
        Some(l) => model_reply(call.neg, l.to_body(call.neg.format)),
        None => null_reply(call.neg, &License::CONTRACT).with_diagnostics(vec![Diagnostic::new(
            DiagnosticKind::Note,
            Some(id.to_owned()),
            "no license has this ID; the real service has been seen to answer 200 with null, and so does the sandbox",
        )]),
    }
}

/// A 200 with a body the SDK's models wrote (a 500 if they could not).
pub(crate) fn model_reply(neg: &Negotiated, body: Result<Vec<u8>, crate::Error>) -> Reply {
    match body {
        Ok(body) => {
            let mut reply = Reply::new(200);
            reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
            reply.body = body;
            reply
        }
        Err(e) => http_error(500, neg, AN_ERROR, &[]).with_diagnostics(rejected(
            "response",
            format!("the sandbox could not write its answer: {e}"),
        )),
    }
}

/// A 200 with `null`: JSON `null`, or the contract's root with `i:nil="true"`.
pub(crate) fn null_reply(neg: &Negotiated, contract: &Contract) -> Reply {
    let mut reply = Reply::new(200);
    reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
    reply.body = match neg.format {
        Format::Json => b"null".to_vec(),
        Format::Xml => format!(
            "<{} i:nil=\"true\" xmlns:i=\"{}\" xmlns=\"{}\" />",
            contract.name,
            crate::xml::XSI_NS,
            contract.namespace
        )
        .into_bytes(),
    };
    reply
}

/// A 200 with a string: JSON `"…"`, or `<string xmlns="…/Serialization/">…</string>`.
pub(crate) fn string_reply(neg: &Negotiated, text: &str) -> Reply {
    let mut reply = Reply::new(200);
    reply.content_type = Some(format!("{}; charset=utf-8", neg.media));
    reply.body = match neg.format {
        Format::Json => serde_json::Value::String(text.to_owned())
            .to_string()
            .into_bytes(),
        Format::Xml => {
            let mut s = format!("<string xmlns=\"{SERIALIZATION_NS}\">");
            xml_text(text, &mut s);
            s.push_str("</string>");
            s.into_bytes()
        }
    };
    reply
}

/// A business-rule refusal: 400 with the `Message`.
pub(crate) fn refused(neg: &Negotiated, Refusal(message): Refusal) -> Reply {
    http_error(400, neg, &message, &[])
}

/// The outcome of reading an action's body parameter.
pub(crate) struct Bound {
    /// The model ([`Value::Model`]) or list ([`Value::List`]); `None` for null.
    pub(crate) value: Option<Value>,
    pub(crate) model_state: Vec<(String, Vec<String>)>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// The body parameter's name in `ModelState` keys (the real actions' names are not published).
const PARAM: &str = "model";
pub(crate) const AN_ERROR: &str = "An error has occurred.";

/// Reads the body as the formatter chosen by `Content-Type` would; `Err` is a 415 reply.
fn bind(shape: BodyShape, rq: &Incoming<'_>, neg: &Negotiated) -> Result<Bound, Reply> {
    let mut bound = Bound {
        value: None,
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
        bind_json(shape, rq.body, &mut bound);
    } else if XML_TYPES.contains(&media.as_str()) {
        // Web API compares the charset as sent: `charset="utf-16"` (quoted) matches nothing.
        let charset = ct.split(';').skip(1).find_map(|p| {
            let (k, v) = p.split_once('=')?;
            k.trim().eq_ignore_ascii_case("charset").then(|| v.trim())
        });
        let error = match shape {
            BodyShape::Model(contract) => {
                let outcome = dcs::read(contract, rq.body, charset);
                bound.diagnostics = outcome.diagnostics;
                bound.value = outcome.model.map(Value::Model);
                outcome.error
            }
            BodyShape::List(item) => {
                let outcome = dcs::read_list(item, rq.body, charset);
                bound.diagnostics = outcome.diagnostics;
                bound.value = outcome.items.map(Value::List);
                outcome.error
            }
            _ => None,
        };
        if error.is_some() {
            bound
                .model_state
                .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
        }
    } else if media == "application/x-www-form-urlencoded" {
        match shape {
            BodyShape::Model(contract) => bind_form(contract, rq.body, &mut bound),
            _ => {
                bound
                    .model_state
                    .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
                bound.diagnostics.push(Diagnostic::new(
                    DiagnosticKind::ModelNull,
                    None,
                    "the sandbox binds form bodies to flat models only, not to a list; the model is null (what the real server does is not documented)",
                ));
            }
        }
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
fn bind_json(shape: BodyShape, body: &[u8], bound: &mut Bound) {
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
    if value.is_null() {
        return;
    }
    let (read, what) = match shape {
        BodyShape::Model(contract) => (
            {
                // Decimals keep their text (`59.90`), as .NET's `decimal` does: read them raw.
                let raw: Option<RawMembers> = serde_json::from_slice(body).ok();
                json_fields(contract, &value, "", raw.as_ref(), bound).map(Value::Model)
            },
            format!(
                "the JSON body is not an object, so Json.NET cannot read it as {}",
                contract.name
            ),
        ),
        BodyShape::List(item) => (
            json_items(&Kind::Model(item), &value, "", bound),
            format!(
                "the JSON body is not an array of {} objects, so Json.NET cannot read it as a list",
                item.name
            ),
        ),
        _ => (None, "the route takes no body".to_owned()),
    };
    match read {
        Some(v) => bound.value = Some(v),
        None => {
            bound
                .model_state
                .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
            bound.diagnostics.push(Diagnostic::new(
                DiagnosticKind::ModelNull,
                None,
                format!("{what}; the model is null"),
            ));
        }
    }
}

/// A JSON object's members as their text.
type RawMembers = std::collections::HashMap<String, Box<serde_json::value::RawValue>>;

fn json_fields(
    contract: &Contract,
    value: &serde_json::Value,
    path: &str,
    raw: Option<&RawMembers>,
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
        let raw_decimal = match (&member.kind, v) {
            (Kind::Decimal, serde_json::Value::Number(_)) => raw
                .and_then(|r| r.get(key))
                .and_then(|t| t.get().trim().parse().ok())
                .map(Value::Decimal),
            _ => None,
        };
        let value = if v.is_null() && (member.nullable || !member.kind.is_value_type()) {
            Some(Value::Null)
        } else if raw_decimal.is_some() {
            raw_decimal
        } else {
            json_value(&member.kind, v, &format!("{path}{}.", member.name), bound)
        };
        match value {
            Some(value) => fields.set(member.name, value),
            None => {
                member_error(bound, &format!("{path}{}", member.name));
                // A password's or a storage key's value never goes into a diagnostic (or a log).
                let shown = if is_secret_name(member.name) {
                    "<redacted>".to_owned()
                } else {
                    v.to_string()
                };
                bound.diagnostics.push(Diagnostic::new(
                    DiagnosticKind::Rejected,
                    Some(format!("{path}{}", member.name)),
                    format!(
                        "{shown} cannot be read as a {} for {path}{}; the real server logs a ModelState error",
                        kind_name(&member.kind),
                        member.name
                    ),
                ));
            }
        }
    }
    Some(fields)
}

/// Whether a member holds a secret (a password, a storage key): its value never goes into a
/// diagnostic. `Password`, `InitialPassword`, `Pass`, `AccessKey`, `SecretKey`, `SharedKey`,
/// `ApiKey`, `BinaryKeyAsBase64` (and, harmlessly, `KeyStoneVersion`).
pub(crate) fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.contains("pass") || name.contains("key") || name.contains("secret")
}

/// A kind's name in diagnostics.
fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::String => "string",
        Kind::Bool => "boolean",
        Kind::Int32 | Kind::Int64 => "number",
        Kind::Decimal => "decimal",
        Kind::Guid => "GUID",
        Kind::DateTime => "date",
        Kind::Enum(..) => "enum value",
        Kind::Model(_) => "object",
        Kind::List(Kind::Model(_)) => "list of objects",
        Kind::List(_) => "list",
    }
}

/// Json.NET's reading of a collection: an array; null items kept for reference types.
fn json_items(item: &Kind, v: &serde_json::Value, path: &str, bound: &mut Bound) -> Option<Value> {
    let items = v.as_array()?;
    let mut out = Vec::with_capacity(items.len());
    for i in items {
        out.push(if i.is_null() && !item.is_value_type() {
            Value::Null
        } else {
            json_value(item, i, path, bound)?
        });
    }
    Some(Value::List(out))
}

/// A text value of a scalar kind (JSON strings for GUIDs and dates, form fields).
fn text_value(kind: &Kind, text: &str) -> Option<Value> {
    match kind {
        Kind::String => Some(Value::Str(text.to_owned())),
        Kind::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        Kind::Int32 => text
            .trim()
            .parse::<i32>()
            .ok()
            .map(|n| Value::Int(i64::from(n))),
        Kind::Int64 => text.trim().parse::<i64>().ok().map(Value::Int),
        Kind::Decimal => text.trim().parse().ok().map(Value::Decimal),
        Kind::Guid => dcs::parse_guid(text).map(Value::Guid),
        Kind::DateTime => text.trim().parse().ok().map(Value::DateTime),
        // Json.NET takes a name in any case, or a number as text.
        Kind::Enum(e) => e
            .values
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(text.trim()))
            .map(|(_, v)| Value::Int(*v))
            .or_else(|| text.trim().parse().ok().map(Value::Int)),
        Kind::Model(_) | Kind::List(_) => None,
    }
}

fn json_value(kind: &Kind, v: &serde_json::Value, path: &str, bound: &mut Bound) -> Option<Value> {
    use serde_json::Value as J;
    match (kind, v) {
        (k, J::Null) if !k.is_value_type() => Some(Value::Null),
        (Kind::String, J::Number(n)) => Some(Value::Str(n.to_string())),
        (Kind::String, J::Bool(b)) => {
            Some(Value::Str(if *b { "True" } else { "False" }.to_owned()))
        }
        (Kind::Bool, J::Bool(b)) => Some(Value::Bool(*b)),
        (Kind::Bool, J::Number(n)) => n.as_i64().map(|n| Value::Bool(n != 0)),
        (Kind::Int32, J::Number(n)) => n
            .as_i64()
            .filter(|n| i32::try_from(*n).is_ok())
            .map(Value::Int),
        (Kind::Int64, J::Number(n)) => n.as_i64().map(Value::Int),
        (Kind::Decimal, J::Number(n)) => n.to_string().parse().ok().map(Value::Decimal),
        // Json.NET takes any integer for an enum.
        (Kind::Enum(..), J::Number(n)) => n.as_i64().map(Value::Int),
        (k, J::String(s)) => text_value(k, s),
        (Kind::Model(contract), J::Object(_)) => {
            json_fields(contract, v, path, None, bound).map(Value::Model)
        }
        (Kind::List(item), J::Array(_)) => json_items(item, v, path, bound),
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
            Kind::Bool if v.trim().eq_ignore_ascii_case("on") => Some(Value::Bool(true)),
            ref kind => text_value(kind, &v),
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
    bound.value = Some(Value::Model(fields));
}

/// `[Required]` on every member the docs mark required (empty and whitespace-only strings
/// fail), into nested models and list items, in declaration order.
fn require_all(contract: &Contract, fields: &Fields, prefix: &str, bound: &mut Bound) {
    for member in contract.json_members {
        let key = format!("{prefix}.{}", member.name);
        let value = fields.get(member.name);
        if member.required {
            let missing = match value {
                None | Some(Value::Null) => true,
                Some(Value::Str(s)) => s.trim().is_empty(),
                _ => false,
            };
            if missing {
                bound.model_state.push((
                    key.clone(),
                    vec![format!("The {} field is required.", member.name)],
                ));
            }
        }
        match (value, &member.kind) {
            (Some(Value::Model(f)), Kind::Model(c)) => require_all(c, f, &key, bound),
            (Some(Value::List(items)), Kind::List(Kind::Model(c))) => {
                require_items(c, items, &key, bound)
            }
            _ => {}
        }
    }
}

fn require_items(contract: &Contract, items: &[Value], prefix: &str, bound: &mut Bound) {
    for (i, item) in items.iter().enumerate() {
        if let Value::Model(f) = item {
            require_all(contract, f, &format!("{prefix}[{i}]"), bound);
        }
    }
}

/// `[StringLength(max, MinimumLength = min)]`.
pub(crate) fn length(bound: &mut Bound, fields: &Fields, member: &str, min: usize, max: usize) {
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

/// Binds the route's body, validates it (`[Required]` from the contract, then `validate`) and,
/// when the model is usable, returns it; otherwise the 400 reply.
pub(crate) fn bind_valid(
    call: &Call<'_>,
    validate: impl FnOnce(&mut Bound, &Value),
) -> Result<(Value, Vec<Diagnostic>), Reply> {
    let neg = call.neg;
    let mut bound = bind(call.route.body, call.rq, neg)?;
    let Some(value) = bound.value.take() else {
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
    match (call.route.body, &value) {
        (BodyShape::Model(c), Value::Model(f)) => require_all(c, f, PARAM, &mut bound),
        (BodyShape::List(c), Value::List(items)) => require_items(c, items, PARAM, &mut bound),
        _ => {}
    }
    validate(&mut bound, &value);
    if !bound.model_state.is_empty() {
        return Err(
            http_error(400, neg, "The request is invalid.", &bound.model_state)
                .with_diagnostics(bound.diagnostics),
        );
    }
    Ok((value, bound.diagnostics))
}

/// What the server's formatters and `[Required]` make of `body` for `shape`, without a
/// request (`mbs wire check`): the binding's diagnostics (members dropped, values refused, a
/// null model) and the `ModelState` errors a 400 would list. `None` when the body is bound as
/// null with no error (an empty body, `null`, an `i:nil` root): the action would get null.
#[cfg(feature = "cli")]
pub(crate) fn check_body(shape: BodyShape, format: Format, body: &[u8]) -> Option<Bound> {
    let mut bound = Bound {
        value: None,
        model_state: Vec::new(),
        diagnostics: Vec::new(),
    };
    match format {
        Format::Json => bind_json(shape, body, &mut bound),
        _ => match shape {
            BodyShape::Model(contract) => {
                let outcome = dcs::read(contract, body, None);
                bound.diagnostics = outcome.diagnostics;
                bound.value = outcome.model.map(Value::Model);
                if outcome.error.is_some() {
                    bound
                        .model_state
                        .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
                }
            }
            BodyShape::List(item) => {
                let outcome = dcs::read_list(item, body, None);
                bound.diagnostics = outcome.diagnostics;
                bound.value = outcome.items.map(Value::List);
                if outcome.error.is_some() {
                    bound
                        .model_state
                        .push((PARAM.to_owned(), vec![AN_ERROR.to_owned()]));
                }
            }
            BodyShape::None => {}
        },
    }
    match (shape, &bound.value) {
        (BodyShape::Model(c), Some(Value::Model(f))) => {
            let f = f.clone();
            require_all(c, &f, PARAM, &mut bound);
        }
        (BodyShape::List(c), Some(Value::List(items))) => {
            let items = items.clone();
            require_items(c, &items, PARAM, &mut bound);
        }
        _ => {}
    }
    if bound.value.is_none() && bound.model_state.is_empty() && bound.diagnostics.is_empty() {
        return None;
    }
    Some(bound)
}

/// The fields of a bound model (empty for anything else).
pub(crate) fn fields_of(value: Value) -> Fields {
    match value {
        Value::Model(f) => f,
        _ => Fields::default(),
    }
}

fn login(call: &Call<'_>) -> Reply {
    let env = call.env;
    let (value, diagnostics) = match bind_valid(call, |b, v| {
        if let Value::Model(f) = v {
            length(b, f, "Password", 3, 100);
        }
    }) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let fields = fields_of(value);
    let user = fields.str("UserName").unwrap_or_default();
    let password = fields.str("Password").unwrap_or_default();
    let mut reply = Reply::new(0);
    // The token endpoint answers JSON whatever was asked for, with no-cache headers.
    reply.content_type = Some("application/json;charset=UTF-8".to_owned());
    reply.headers.push(("Cache-Control", "no-cache".to_owned()));
    reply.headers.push(("Pragma", "no-cache".to_owned()));
    reply.headers.push(("Expires", "-1".to_owned()));
    if user != env.api_login || password != env.api_password {
        reply.status = match env.wrong_password {
            LoginRefusal::InvalidGrant => 400,
            LoginRefusal::Forbidden => 403,
        };
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

fn license_operation(call: &Call<'_>) -> Reply {
    let (value, mut diagnostics) = match bind_valid(call, |_, _| {}) {
        Ok(ok) => ok,
        Err(reply) => return reply,
    };
    let fields = fields_of(value);
    let license = fields.str("LicenseID").unwrap_or_default();
    let user = fields.str("UserID").unwrap_or_default();
    let result = {
        let mut state = lock(call.env.state);
        match call.route.operation {
            "grant" => state.grant(license, user),
            "release" => state.release(license, user),
            _ => state.revoke(license, user),
        }
    };
    match result {
        Ok(mut notes) => {
            diagnostics.append(&mut notes);
            Reply::new(200).with_diagnostics(diagnostics)
        }
        Err(refusal) => refused(call.neg, refusal).with_diagnostics(diagnostics),
    }
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

    #[test]
    fn real_controllers_are_the_route_tables() {
        let mut from_tables: Vec<String> = route::all()
            .filter_map(|r| controller_of(r.path_template()))
            .map(str::to_ascii_lowercase)
            .collect();
        from_tables.sort();
        from_tables.dedup();
        // Every controller the API documents is covered: nothing is listed apart any more.
        assert_eq!(
            from_tables,
            [
                "accounts",
                "administrators",
                "billing",
                "builds",
                "companies",
                "computers",
                "destinations",
                "licenses",
                "monitoring",
                "packages",
                "provider",
                "users"
            ]
        );
        for c in &from_tables {
            assert!(is_real_controller(c), "{c}");
            assert!(is_real_controller(&c.to_ascii_uppercase()), "{c}");
        }
        assert!(!is_real_controller("nothing"));
        // A template's query is not part of its controller or its literal segments.
        let delete = crate::api::destinations::routes::delete;
        assert_eq!(controller_of(delete.path_template()), Some("Destinations"));
        assert_eq!(literal_segments(&delete), 3);
    }

    #[test]
    fn query_values_are_found_ignoring_case_and_decoded() {
        assert_eq!(
            query_value("userId=a%40b", "userId"),
            Some("a@b".to_owned())
        );
        assert_eq!(
            query_value("x=1&USERID=u+1", "userId"),
            Some("u 1".to_owned())
        );
        assert_eq!(query_value("userId=", "userId"), Some(String::new()));
        assert_eq!(query_value("userId", "userId"), Some(String::new()));
        assert_eq!(query_value("user=1", "userId"), None);
        assert_eq!(query_value("", "userId"), None);
    }

    #[test]
    fn secret_member_names_are_recognised() {
        for name in [
            "Password",
            "InitialPassword",
            "Pass",
            "AccessKey",
            "SecretKey",
            "SharedKey",
            "ApiKey",
            "BinaryKeyAsBase64",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in ["Email", "AccountName", "Destination", "Path"] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn allow_lists_the_methods_of_every_route_on_the_path() {
        let on = |path: &str| {
            let matched: Vec<_> = route::all()
                .filter_map(|r| r.matches(path).map(|p| (r, p)))
                .collect();
            allow(&matched)
        };
        assert_eq!(on("/api/Licenses"), "GET");
        assert_eq!(on("/api/Licenses/Grant"), "GET, POST");
        assert_eq!(on("/api/users"), "GET, POST, PUT");
        assert_eq!(on("/api/Users/Authenticate"), "GET, PUT, DELETE");
        assert_eq!(on("/api/Users/u-1/Computers"), "GET, DELETE");
        assert_eq!(on("/api/Provider/Login"), "POST");
        assert_eq!(on("/api/Accounts"), "GET, POST, PUT");
        assert_eq!(on("/api/Destinations/a@b"), "GET, DELETE");
        assert_eq!(on("/api/Billing"), "GET, PUT");
    }
}
