//! Routes as data: each API group declares its routes once, in one table, with `routes!`.
//!
//! A [`Route`] says what the API docs say about a route: method, path template with its
//! parameters, the body it takes and the answer it gives. From each group's table come the
//! handler methods (`client.users().get(id)`), the sandbox's router, the protocol-test rows and
//! the README's endpoint table (checked by a test). [`all`] lists every route the crate covers.
//!
//! ```
//! use mspbackups::route::{self, AnswerShape};
//! let get = route::all().find(|r| r.group == "Users" && r.operation == "get").unwrap();
//! assert_eq!((get.method.as_str(), get.path), ("GET", "/api/Users/{id}"));
//! assert!(matches!(get.answer, AnswerShape::Optional(_)));
//! // Path parameters are percent-encoded into the template.
//! let req = get.request(mspbackups::Format::Json, &["a b/c"])?;
//! assert_eq!(req.path(), "/api/Users/a%20b%2Fc");
//! # Ok::<(), mspbackups::Error>(())
//! ```

use std::borrow::Cow;

use crate::client::Client;
use crate::codec::{self, Model, XmlValue};
use crate::contract::Contract;
use crate::error::Error;
use crate::format::Format;
use crate::request::{Method, Request, push_path_param};
use crate::response::{Label, RawResponse};

/// What a route takes as its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyShape {
    /// No body.
    None,
    /// One model.
    Model(&'static Contract),
    /// A list of models (`ArrayOf…` in XML).
    List(&'static Contract),
}

/// What a route answers on success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AnswerShape {
    /// Nothing (a 200 with an empty body); a 200 with a message is an error.
    Empty,
    /// One model; `null` is an error.
    Model(&'static Contract),
    /// One model, or `null` (`None`).
    Optional(&'static Contract),
    /// A list of models.
    List(&'static Contract),
    /// A new ID as a string.
    NewId,
    /// A new ID as a string, or a 200 whose body is a message (an error).
    MessageOrId,
    /// An OAuth token (the login; JSON whatever the format).
    Token,
    /// One model, or a list whose first item is the model (the docs show an array for some
    /// single gets), or `null`.
    OneOrFirst(&'static Contract),
    /// An ID as a string, or nothing (the docs don't say what the answer holds); a message is
    /// an error.
    OptionalId,
    /// One model whose own members report success or failure (a 200 with a failure code is an
    /// error).
    Checked(&'static Contract),
}

/// One route of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// The API group (`Users`), as in the API reference.
    pub group: &'static str,
    /// The operation's name in the crate: the handler method and the fixture name.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, parameters in braces (`/api/Users/{id}/Account`), with a query
    /// string when the route takes query parameters (`/api/Destinations/{id}?userId={userId}`).
    pub path: &'static str,
    /// The parameters' names, in template order: path parameters, then query parameters.
    pub params: &'static [&'static str],
    /// The body.
    pub body: BodyShape,
    /// The answer on success.
    pub answer: AnswerShape,
    /// Whether the route needs the bearer token.
    pub auth: bool,
    /// Whether sending it twice does no harm (GETs, and PUTs that only read): then it may be
    /// retried after a failure that may have reached the server.
    pub read_only: bool,
    /// Whether the route speaks JSON only (documented so, or its XML contract is unknown): its
    /// requests are JSON whatever the client's format.
    pub json_only: bool,
}

impl Route {
    /// A request for this route in `format`, with `params` filled into the path template in
    /// order (each percent-encoded; blank or over-long values are refused) and no body.
    pub fn request(&self, format: Format, params: &[&str]) -> Result<Request, Error> {
        if params.len() != self.params.len() {
            return Err(Error::invalid(
                "params",
                "must give exactly one value per path parameter of the route",
            ));
        }
        let (template, query) = self.split_template();
        let mut path = String::with_capacity(template.len() + 40);
        let mut rest = template;
        let mut i = 0;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let (name, value) = (self.params[i], params[i]);
            push_path_param(&mut path, name, value)?;
            i += 1;
            rest = &rest[open + close + 1..];
        }
        path.push_str(rest);
        let mut pairs = Vec::new();
        for (name, _) in query {
            let (field, value) = (self.params[i], params[i]);
            if value.trim().is_empty() {
                return Err(Error::invalid(field, "must not be empty or blank"));
            }
            pairs.push((name, value.to_owned()));
            i += 1;
        }
        let format = if self.json_only { Format::Json } else { format };
        let mut req = Request::for_route(self, format);
        req.path = Cow::Owned(path);
        for (name, value) in pairs {
            req = req.with_query(name, value);
        }
        Ok(req)
    }

    /// The template's path, and its query pairs (`name`, `{placeholder}`): a template such as
    /// `/api/Destinations/{id}?userId={userId}` sends `userId` in the query string.
    fn split_template(
        &self,
    ) -> (
        &'static str,
        impl Iterator<Item = (&'static str, &'static str)>,
    ) {
        let (path, query) = match self.path.split_once('?') {
            Some((path, query)) => (path, query),
            None => (self.path, ""),
        };
        let pairs = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| p.split_once('=').unwrap_or((p, "")));
        (path, pairs)
    }

    /// The path part of the template (without a `?query`).
    pub fn path_template(&self) -> &'static str {
        self.split_template().0
    }

    /// The names of the query-string parameters of the template (`userId` for
    /// `/api/Destinations/{id}?userId={userId}`), in order; their values are the last of
    /// [`Route::params`].
    pub fn query_names(&self) -> impl Iterator<Item = &'static str> {
        self.split_template().1.map(|(name, _)| name)
    }

    /// The parameter values if `path` (no query, percent-encoded as sent) matches this route's
    /// template, decoded. Matching ignores ASCII case, as ASP.NET routing does.
    /// Query parameters are not part of the match (see [`Route::query_names`]).
    pub fn matches(&self, path: &str) -> Option<Vec<String>> {
        let template: Vec<&str> = self.path_template().trim_matches('/').split('/').collect();
        let given: Vec<&str> = path.trim_matches('/').split('/').collect();
        if template.len() != given.len() {
            return None;
        }
        let mut values = Vec::new();
        for (t, g) in template.iter().zip(&given) {
            if t.starts_with('{') {
                if g.is_empty() {
                    return None;
                }
                values.push(percent_decode(g));
            } else if !t.eq_ignore_ascii_case(g) {
                return None;
            }
        }
        Some(values)
    }

    /// The fixture stem of this route: `users/create`.
    pub fn fixture(&self) -> String {
        format!("{}/{}", self.group.to_ascii_lowercase(), self.operation)
    }
}

/// The parameter names of a path template (`{id}` → `id`), in order. Evaluated at compile time
/// for every route: a template whose placeholder count differs from the route's parameters, or
/// an unclosed brace, fails the build.
#[doc(hidden)]
pub const fn template_params<const N: usize>(path: &'static str) -> [&'static str; N] {
    let bytes = path.as_bytes();
    let mut out = [""; N];
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && bytes[end] != b'}' {
                end += 1;
            }
            assert!(end < bytes.len(), "unclosed {{ in a route template");
            assert!(
                n < N,
                "the template has more placeholders than the route has parameters"
            );
            let (_, rest) = bytes.split_at(start);
            let (name, _) = rest.split_at(end - start);
            out[n] = match std::str::from_utf8(name) {
                Ok(name) => name,
                Err(_) => panic!("a route template is not UTF-8"),
            };
            n += 1;
            i = end;
        }
        i += 1;
    }
    assert!(
        n == N,
        "the template has fewer placeholders than the route has parameters"
    );
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = hex {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A body a route takes: a model, or a slice of models.
pub(crate) trait BodyArg {
    /// Refuses what the API would refuse, before any I/O.
    fn validate(&self) -> Result<(), Error>;
    /// The body bytes in `format`.
    fn encode(&self, format: Format) -> Result<Vec<u8>, Error>;
}

impl<T: Model> BodyArg for T {
    fn validate(&self) -> Result<(), Error> {
        Model::validate(self)
    }
    fn encode(&self, format: Format) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(256);
        codec::encode_into(self, format, &mut out).map_err(|source| Error::Encode {
            format,
            model: T::NAME,
            source,
        })?;
        Ok(out)
    }
}

impl<T: Model> BodyArg for [T] {
    fn validate(&self) -> Result<(), Error> {
        self.iter().try_for_each(Model::validate)
    }
    fn encode(&self, format: Format) -> Result<Vec<u8>, Error> {
        let mut out = Vec::with_capacity(256);
        codec::encode_list_into(self, format, &mut out).map_err(|source| Error::Encode {
            format,
            model: T::NAME,
            source,
        })?;
        Ok(out)
    }
}

/// The body of a route that takes none.
pub(crate) enum NoBody {}

impl BodyArg for NoBody {
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
    fn encode(&self, _: Format) -> Result<Vec<u8>, Error> {
        Ok(Vec::new())
    }
}

/// How a route's answer is read.
pub(crate) trait Answer {
    /// What the handler returns.
    type Output;
    /// The shape, for the route table.
    const SHAPE: AnswerShape;
    /// Reads the answer.
    fn read(resp: RawResponse, label: Label<'_>) -> Result<Self::Output, Error>;
}

/// Answers nothing.
pub(crate) struct Empty;
/// Answers one `T`.
#[allow(dead_code)] // The answer of routes in the next groups (Companies, Accounts …).
pub(crate) struct One<T>(std::marker::PhantomData<T>);
/// Answers one `T` or `null`.
pub(crate) struct Optional<T>(std::marker::PhantomData<T>);
/// Answers a list of `T`.
pub(crate) struct List<T>(std::marker::PhantomData<T>);
/// Answers a new ID.
#[allow(dead_code)] // The answer of routes in the next groups (Administrators, …).
pub(crate) struct NewId;
/// Answers a new ID, or a message.
pub(crate) struct MessageOrId;

impl Answer for Empty {
    type Output = ();
    const SHAPE: AnswerShape = AnswerShape::Empty;
    fn read(resp: RawResponse, label: Label<'_>) -> Result<(), Error> {
        resp.into_empty(label)
    }
}

impl<T: Model> Answer for One<T> {
    type Output = T;
    const SHAPE: AnswerShape = AnswerShape::Model(T::CONTRACT);
    fn read(resp: RawResponse, label: Label<'_>) -> Result<T, Error> {
        resp.into_model(label)
    }
}

impl<T: Model> Answer for Optional<T> {
    type Output = Option<T>;
    const SHAPE: AnswerShape = AnswerShape::Optional(T::CONTRACT);
    fn read(resp: RawResponse, label: Label<'_>) -> Result<Option<T>, Error> {
        resp.into_optional(label)
    }
}

impl<T: Model + XmlValue> Answer for List<T> {
    type Output = Vec<T>;
    const SHAPE: AnswerShape = AnswerShape::List(T::CONTRACT);
    fn read(resp: RawResponse, label: Label<'_>) -> Result<Vec<T>, Error> {
        resp.into_list(label)
    }
}

impl Answer for NewId {
    type Output = String;
    const SHAPE: AnswerShape = AnswerShape::NewId;
    fn read(resp: RawResponse, label: Label<'_>) -> Result<String, Error> {
        resp.into_id(label, false)
    }
}

impl Answer for MessageOrId {
    type Output = String;
    const SHAPE: AnswerShape = AnswerShape::MessageOrId;
    fn read(resp: RawResponse, label: Label<'_>) -> Result<String, Error> {
        resp.into_id(label, true)
    }
}

/// Answers one `T`, or a list whose first item is it, or `null`.
pub(crate) struct OneOrFirst<T>(std::marker::PhantomData<T>);
/// Answers an ID, or nothing.
pub(crate) struct OptionalId;
/// Answers one `T` whose members say whether the call worked.
pub(crate) struct Checked<T>(std::marker::PhantomData<T>);

impl<T: Model + XmlValue> Answer for OneOrFirst<T> {
    type Output = Option<T>;
    const SHAPE: AnswerShape = AnswerShape::OneOrFirst(T::CONTRACT);
    fn read(resp: RawResponse, label: Label<'_>) -> Result<Option<T>, Error> {
        resp.into_one_or_first(label)
    }
}

impl Answer for OptionalId {
    type Output = Option<String>;
    const SHAPE: AnswerShape = AnswerShape::OptionalId;
    fn read(resp: RawResponse, label: Label<'_>) -> Result<Option<String>, Error> {
        if (200..300).contains(&resp.status) && resp.body.trim_ascii().is_empty() {
            return Ok(None);
        }
        resp.into_id(label, true).map(Some)
    }
}

/// A model that reports its call's outcome in its own members (the Computers routes'
/// `StatusCode`, `ResultCode` and `ErrorCode`).
pub(crate) trait Outcome {
    /// `Some((code, message))` when the members report a failure.
    fn failure(&self) -> Option<(Option<i64>, String)>;
}

impl<T: Model + Outcome> Answer for Checked<T> {
    type Output = T;
    const SHAPE: AnswerShape = AnswerShape::Checked(T::CONTRACT);
    fn read(resp: RawResponse, label: Label<'_>) -> Result<T, Error> {
        let (status, content_type) = (resp.status, resp.content_type.clone());
        let value: T = resp.into_model(label)?;
        match value.failure() {
            None => Ok(value),
            Some((code, message)) => {
                let mut err = crate::error::ApiError::new(label.text(), status, content_type);
                err.message = Some(message);
                err.result_code = code;
                label.redactor().api_error(&mut err);
                Err(Error::Api(Box::new(err)))
            }
        }
    }
}

/// A path parameter's value: text as is, numbers in decimal.
pub(crate) trait PathParam {
    fn text(&self) -> Cow<'_, str>;
}

impl PathParam for &str {
    fn text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! number_param {
    ($($t:ty),*) => {$(
        impl PathParam for $t {
            fn text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
number_param!(u32, u64, i32, i64);

/// The type of a route's path parameter: `&str` unless the row gives one.
macro_rules! route_param_type {
    () => {
        &str
    };
    ($t:ty) => {
        $t
    };
}
pub(crate) use route_param_type;

/// The body shape of a route's body type.
pub(crate) trait BodyShapeOf {
    const SHAPE: BodyShape;
}

impl<T: Model> BodyShapeOf for T {
    const SHAPE: BodyShape = BodyShape::Model(T::CONTRACT);
}

impl<T: Model> BodyShapeOf for [T] {
    const SHAPE: BodyShape = BodyShape::List(T::CONTRACT);
}

impl BodyShapeOf for NoBody {
    const SHAPE: BodyShape = BodyShape::None;
}

/// Builds a route's request with its body, validated, without sending it.
pub(crate) fn build<B: BodyArg + ?Sized>(
    route: &Route,
    format: Format,
    params: &[&str],
    body: Option<&B>,
) -> Result<Request, Error> {
    if let Some(body) = body {
        body.validate()?;
    }
    let mut req = route.request(format, params)?;
    let format = req.format;
    if let Some(body) = body {
        let (bytes, secrets) = crate::secret::collect(false, || body.encode(format));
        req.body = Some(bytes?);
        if !secrets.is_empty() {
            // What inspectors, `Display` and `Debug` show: the same body, secrets redacted.
            let (shown, _) = crate::secret::collect(true, || body.encode(format));
            req.shown_body = Some(shown?);
            req.secrets = secrets;
        }
    }
    Ok(req)
}

/// Builds, sends and reads one route's call.
pub(crate) fn run<A: Answer, B: BodyArg + ?Sized>(
    client: &Client,
    route: &Route,
    params: &[&str],
    body: Option<&B>,
) -> Result<A::Output, Error> {
    let req = build(route, client.format(), params, body)?;
    client.call(&req, A::read)
}

/// `None` for routes without a body, `Some(body)` for the others.
macro_rules! route_body {
    () => {
        None::<&$crate::route::NoBody>
    };
    ($body:ident : $t:ty) => {
        Some($body)
    };
}
pub(crate) use route_body;

/// The body type of a route, for its table row.
macro_rules! route_body_type {
    () => {
        $crate::route::NoBody
    };
    ($t:ty) => {
        $t
    };
}
pub(crate) use route_body_type;

/// `GET` → [`Method::Get`], …
macro_rules! route_method {
    (GET) => {
        $crate::request::Method::Get
    };
    (POST) => {
        $crate::request::Method::Post
    };
    (PUT) => {
        $crate::request::Method::Put
    };
    (DELETE) => {
        $crate::request::Method::Delete
    };
}
pub(crate) use route_method;

/// Whether a route's flags hold `json_only`.
macro_rules! route_json_only {
    () => { false };
    (json_only $($rest:ident)*) => { true };
    ($other:ident $($rest:ident)*) => { $crate::route::route_json_only!($($rest)*) };
}
pub(crate) use route_json_only;

/// Whether a route's flags hold `read_only` (GETs always are).
macro_rules! route_read_only {
    (GET; $($flag:ident)*) => { true };
    ($m:ident;) => { false };
    ($m:ident; read_only $($rest:ident)*) => { true };
    ($m:ident; $other:ident $($rest:ident)*) => { $crate::route::route_read_only!($m; $($rest)*) };
}
pub(crate) use route_read_only;

/// The type a handler returns for an answer shape.
macro_rules! answer_output {
    (Empty) => { () };
    (One $t:ty) => { $t };
    (Optional $t:ty) => { Option<$t> };
    (List $t:ty) => { Vec<$t> };
    (NewId) => { String };
    (MessageOrId) => { String };
    (OneOrFirst $t:ty) => { Option<$t> };
    (OptionalId) => { Option<String> };
    (Checked $t:ty) => { $t };
}
pub(crate) use answer_output;

/// Declares one API group's routes once: a table (`$table::ALL`, one `Route` per row) and a
/// handler type with one documented method per route.
///
/// Each row: doc comments, `name(path params; body: Type) METHOD "template" => Answer, flags;`
/// with `Answer` one of `Empty`, `One<T>`, `Optional<T>`, `List<T>`, `NewId`, `MessageOrId`,
/// `OneOrFirst<T>`, `OptionalId`, `Checked<T>`; path parameters are `&str` unless typed
/// (`offset: u32`); flags `read_only`, `json_only`.
macro_rules! routes {
    (
        $(#[$meta:meta])*
        pub struct $handler:ident, group $group:literal, table $table:ident {
            $(
                $(#[$doc:meta])*
                $op:ident ( $($param:ident $(: $pty:ty)?),* $(; body: $body:ty)? )
                    $method:ident $path:literal => $ans:ident $(<$t:ty>)? $(, $flag:ident)* ;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy)]
        pub struct $handler<'c> {
            client: &'c $crate::client::Client,
        }

        /// The group's routes, one constant per route and `ALL` in declaration order.
        #[allow(non_upper_case_globals)]
        pub mod $table {
            use super::*;
            $(
                #[doc = concat!("`", stringify!($method), " ", $path, "`.")]
                pub const $op: $crate::route::Route = $crate::route::Route {
                    group: $group,
                    operation: stringify!($op),
                    method: $crate::route::route_method!($method),
                    path: $path,
                    params: &$crate::route::template_params::<{ let p: &[&str] = &[$(stringify!($param)),*]; p.len() }>($path),
                    body: <$crate::route::route_body_type!($($body)?) as $crate::route::BodyShapeOf>::SHAPE,
                    answer: <$crate::route::$ans $(<$t>)? as $crate::route::Answer>::SHAPE,
                    auth: true,
                    read_only: $crate::route::route_read_only!($method; $($flag)*),
                    json_only: $crate::route::route_json_only!($($flag)*),
                };
            )*
            /// Every route of the group.
            pub const ALL: &[$crate::route::Route] = &[$($op),*];

            /// The group's routes called from text (the `mbs` CLI): parameters as text, the
            /// body as JSON, the answer as JSON. The same rows as `ALL`, calling the same code
            /// as the handler methods.
            #[cfg(feature = "cli")]
            #[allow(dead_code)] // Until the CLI reads it.
            pub(crate) const DYNAMIC: &[$crate::route::Dynamic] = &[$(
                $crate::route::Dynamic {
                    route: &$op,
                    call: |client, params, body, dry_run| {
                        #[allow(unused_mut)]
                        let mut texts: Vec<String> = Vec::new();
                        let mut _i = 0usize;
                        $(
                            let value = $crate::route::dyn_param(params, &mut _i, stringify!($param))?;
                            let parsed: $crate::route::route_param_type!($($pty)?) =
                                $crate::route::FromArg::from_arg(value, stringify!($param))?;
                            texts.push($crate::route::PathParam::text(&parsed).into_owned());
                        )*
                        $crate::route::dyn_no_more(params, _i)?;
                        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                        $crate::route::dyn_call!(
                            client, &$op, &texts, body, dry_run,
                            $ans $(<$t>)?; $($body)?
                        )
                    },
                },
            )*];
        }

        impl<'c> $handler<'c> {
            pub(crate) fn new(client: &'c $crate::client::Client) -> Self {
                $handler { client }
            }

            /// The client this handler calls with.
            #[allow(dead_code)] // Used by the calls built on several routes (the checked revoke).
            pub(crate) fn client(&self) -> &'c $crate::client::Client {
                self.client
            }

            $(
                $(#[$doc])*
                pub fn $op(
                    &self,
                    $($param: $crate::route::route_param_type!($($pty)?),)*
                    $(body: &$body)?
                ) -> Result<$crate::route::answer_output!($ans $($t)?), $crate::Error> {
                    $crate::route::run::<$crate::route::$ans $(<$t>)?, _>(
                        self.client,
                        &$table::$op,
                        &[$(&*$crate::route::PathParam::text(&$param)),*],
                        $crate::route::route_body!($(body: $body)?),
                    )
                }
            )*
        }
    };
}
pub(crate) use routes;

/// A route called from text: what the `mbs` CLI runs.
#[cfg(feature = "cli")]
#[allow(dead_code)] // Until the CLI reads it.
#[derive(Clone, Copy)]
pub(crate) struct Dynamic {
    /// The route.
    pub(crate) route: &'static Route,
    /// Calls it: the parameters as text, in the route's order; the body as JSON (required when
    /// the route takes one); with `dry_run`, the request is built (and checked) but not sent.
    pub(crate) call: DynamicCall,
}

/// The function of a [`Dynamic`] call.
#[cfg(feature = "cli")]
pub(crate) type DynamicCall =
    fn(&Client, &[&str], Option<&[u8]>, bool) -> Result<DynamicOutcome, Error>;

/// What a [`Dynamic`] call gave.
#[cfg(feature = "cli")]
#[allow(dead_code)] // Until the CLI reads it.
#[derive(Debug)]
pub(crate) enum DynamicOutcome {
    /// The answer, as JSON (`null` for routes that answer nothing).
    Answer(serde_json::Value),
    /// The request that would have been sent.
    DryRun(Box<Request>),
}

/// Every route of every group, called from text, in [`all`]'s order (the login is not one).
#[cfg(feature = "cli")]
#[allow(dead_code)] // Until the CLI reads it.
pub(crate) fn dynamic() -> impl Iterator<Item = &'static Dynamic> {
    [
        crate::api::licenses::routes::DYNAMIC,
        crate::api::users::routes::DYNAMIC,
        crate::api::companies::routes::DYNAMIC,
        crate::api::administrators::routes::DYNAMIC,
        crate::api::packages::routes::DYNAMIC,
        crate::api::computers::routes::DYNAMIC,
        crate::api::accounts::routes::DYNAMIC,
        crate::api::destinations::routes::DYNAMIC,
        crate::api::monitoring::routes::DYNAMIC,
        crate::api::billing::routes::DYNAMIC,
        crate::api::builds::routes::DYNAMIC,
    ]
    .into_iter()
    .flat_map(|g| g.iter())
}

/// The next parameter of a [`Dynamic`] call.
#[cfg(feature = "cli")]
pub(crate) fn dyn_param<'a>(
    params: &[&'a str],
    i: &mut usize,
    name: &'static str,
) -> Result<&'a str, Error> {
    let value = params
        .get(*i)
        .copied()
        .ok_or(Error::invalid(name, "is missing (the route needs it)"))?;
    *i += 1;
    Ok(value)
}

/// Refuses parameters beyond the route's.
#[cfg(feature = "cli")]
pub(crate) fn dyn_no_more(params: &[&str], used: usize) -> Result<(), Error> {
    if params.len() > used {
        return Err(Error::invalid("params", "are more than the route takes"));
    }
    Ok(())
}

/// A parameter's value read from text.
#[cfg(feature = "cli")]
pub(crate) trait FromArg<'a>: Sized {
    fn from_arg(text: &'a str, name: &'static str) -> Result<Self, Error>;
}

#[cfg(feature = "cli")]
impl<'a> FromArg<'a> for &'a str {
    fn from_arg(text: &'a str, _: &'static str) -> Result<Self, Error> {
        Ok(text)
    }
}

#[cfg(feature = "cli")]
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl<'a> FromArg<'a> for $t {
            fn from_arg(text: &'a str, name: &'static str) -> Result<Self, Error> {
                text.trim()
                    .parse()
                    .map_err(|_| Error::invalid(name, concat!("must be a whole number (", stringify!($t), ")")))
            }
        }
    )*};
}
#[cfg(feature = "cli")]
number_arg!(u32, u64, i32, i64);

/// A body read from JSON for a [`Dynamic`] call.
#[cfg(feature = "cli")]
pub(crate) trait FromJsonBody {
    /// The owned body.
    type Owned: std::borrow::Borrow<Self>;
    fn from_json(bytes: &[u8]) -> Result<Self::Owned, Error>;
}

#[cfg(feature = "cli")]
impl<T: Model> FromJsonBody for T {
    type Owned = T;
    fn from_json(bytes: &[u8]) -> Result<T, Error> {
        codec::decode(Format::Json, bytes).map_err(|source| {
            Error::decode(
                Format::Json,
                T::NAME,
                String::from("given as the body"),
                source,
            )
        })
    }
}

#[cfg(feature = "cli")]
impl<T: Model + XmlValue> FromJsonBody for [T] {
    type Owned = Vec<T>;
    fn from_json(bytes: &[u8]) -> Result<Vec<T>, Error> {
        codec::decode_list(Format::Json, bytes).map_err(|source| {
            Error::decode(
                Format::Json,
                T::NAME,
                String::from("given as the body"),
                source,
            )
        })
    }
}

/// Runs (or, dry, builds) one [`Dynamic`] call with the route's answer and body types.
#[cfg(feature = "cli")]
pub(crate) fn dyn_run<A: Answer, B: BodyArg + FromJsonBody + ?Sized>(
    client: &Client,
    route: &Route,
    params: &[&str],
    body: Option<&[u8]>,
    dry_run: bool,
) -> Result<DynamicOutcome, Error>
where
    A::Output: serde::Serialize,
{
    use std::borrow::Borrow;
    let owned = match body {
        Some(bytes) => Some(B::from_json(bytes)?),
        None => None,
    };
    let body: Option<&B> = owned.as_ref().map(|o| o.borrow());
    if route.body != BodyShape::None && body.is_none() {
        return Err(Error::invalid("body", "is required by this route"));
    }
    if dry_run {
        return build(route, client.format(), params, body)
            .map(|r| DynamicOutcome::DryRun(Box::new(r)));
    }
    let answer = run::<A, B>(client, route, params, body)?;
    serde_json::to_value(&answer)
        .map(DynamicOutcome::Answer)
        .map_err(|source| Error::Encode {
            format: Format::Json,
            model: "answer",
            source: crate::error::EncodeError::Json(source),
        })
}

#[cfg(feature = "cli")]
impl FromJsonBody for NoBody {
    type Owned = NoBody;
    fn from_json(_: &[u8]) -> Result<NoBody, Error> {
        Err(Error::invalid("body", "is not taken by this route"))
    }
}

/// The [`dyn_run`] of a row: its answer type, and its body type or none.
#[cfg(feature = "cli")]
macro_rules! dyn_call {
    ($client:expr, $route:expr, $params:expr, $body:expr, $dry:expr, $ans:ident $(<$t:ty>)?; ) => {
        $crate::route::dyn_run::<$crate::route::$ans $(<$t>)?, $crate::route::NoBody>(
            $client, $route, $params, $body, $dry,
        )
    };
    ($client:expr, $route:expr, $params:expr, $body:expr, $dry:expr, $ans:ident $(<$t:ty>)?; $bt:ty) => {
        $crate::route::dyn_run::<$crate::route::$ans $(<$t>)?, $bt>(
            $client, $route, $params, $body, $dry,
        )
    };
}
#[cfg(feature = "cli")]
pub(crate) use dyn_call;

/// Every route the crate covers, group by group: the login, then each group's table.
pub const GROUPS: &[&[Route]] = &[
    &[crate::client::LOGIN_ROUTE],
    crate::api::licenses::routes::ALL,
    crate::api::users::routes::ALL,
    crate::api::companies::routes::ALL,
    crate::api::administrators::routes::ALL,
    crate::api::packages::routes::ALL,
    crate::api::computers::routes::ALL,
    crate::api::accounts::routes::ALL,
    crate::api::destinations::routes::ALL,
    crate::api::monitoring::routes::ALL,
    crate::api::billing::routes::ALL,
    crate::api::builds::routes::ALL,
];

/// Every route the crate covers, flattened.
pub fn all() -> impl Iterator<Item = &'static Route> {
    GROUPS.iter().flat_map(|g| g.iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `{…}` placeholders of a template, or `None` if its braces don't pair up.
    fn placeholders(template: &str) -> Option<Vec<&str>> {
        let mut names = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return None;
            }
            let close = rest[open..].find('}')? + open;
            let name = &rest[open + 1..close];
            if name.is_empty() || name.contains('{') || name.contains('/') {
                return None;
            }
            names.push(name);
            rest = &rest[close + 1..];
        }
        Some(names)
    }

    #[test]
    fn every_template_has_one_placeholder_per_param() {
        assert_eq!(
            all().count(),
            55,
            "login, 5 Licenses, 9 Users, 5 Companies, 5 Administrators, 6 Packages, 3 Computers, \
             8 Accounts, 5 Destinations, 2 Monitoring, 3 Billing, 3 Builds"
        );
        for route in all() {
            let found = placeholders(route.path)
                .unwrap_or_else(|| panic!("{}: unpaired braces", route.path));
            assert_eq!(
                found.len(),
                route.params.len(),
                "{} {}: placeholders {found:?}, params {:?}",
                route.group,
                route.operation,
                route.params
            );
            // Each path placeholder is a whole path segment; each query placeholder a whole
            // value.
            let query: Vec<&str> = route.query_names().collect();
            for name in &query {
                assert!(
                    route.path.contains(&format!("{name}={{")),
                    "{}: query {name}",
                    route.path
                );
            }
            assert_eq!(
                placeholders(route.path_template()).map(|p| p.len() + query.len()),
                Some(route.params.len()),
                "{}",
                route.path
            );
            for segment in route.path_template().split('/') {
                if segment.contains('{') {
                    assert!(
                        segment.starts_with('{') && segment.ends_with('}'),
                        "{segment}"
                    );
                }
            }
            assert!(route.path.starts_with("/api/"), "{}", route.path);
        }
        assert_eq!(placeholders("/a/{b}/c/{d}"), Some(vec!["b", "d"]));
        assert_eq!(placeholders("/a/{b"), None);
        assert_eq!(placeholders("/a/b}"), None);
        assert_eq!(placeholders("/a/{}"), None);
    }

    #[test]
    fn method_and_path_pairs_are_unique() {
        let routes: Vec<&Route> = all().collect();
        for (i, a) in routes.iter().enumerate() {
            for b in &routes[i + 1..] {
                // Templates equal once placeholder names are ignored route to the same place.
                let shape = |r: &Route| {
                    r.path
                        .split('/')
                        .map(|s| {
                            if s.starts_with('{') {
                                "{}".to_owned()
                            } else {
                                s.to_ascii_lowercase()
                            }
                        })
                        .collect::<Vec<_>>()
                };
                // The docs put two Packages calls on one route shape (see api::packages).
                let documented_twice = [a.operation, b.operation] == ["get", "for_user"]
                    && a.group == "Packages"
                    && b.group == "Packages";
                assert!(
                    a.method != b.method || shape(a) != shape(b) || documented_twice,
                    "{} {} and {} {} are both {} {}",
                    a.group,
                    a.operation,
                    b.group,
                    b.operation,
                    a.method.as_str(),
                    a.path
                );
                assert!(
                    (a.group, a.operation) != (b.group, b.operation),
                    "{} {} twice",
                    a.group,
                    a.operation
                );
            }
        }
    }

    /// IDs no real API hands out, but a caller may pass.
    const ODD_IDS: &[&str] = &[
        "a b",
        " leading and trailing ",
        "a/b",
        "/",
        "a\\b",
        "ü",
        "Zürich–東京–🎉",
        "%",
        "100%",
        "%25",
        "a%2Fb",
        "%zz",
        "?query=1#frag",
        "a+b",
        "tab\there",
        "line\nbreak",
        "a..b",
        "...",
        "{id}",
        "Computers",
        "Authenticate",
    ];

    #[test]
    fn dot_segments_are_refused() {
        for route in all().filter(|r| !r.params.is_empty()) {
            for id in [".", ".."] {
                let params = vec![id; route.params.len()];
                assert!(
                    matches!(
                        route.request(Format::Json, &params),
                        Err(Error::InvalidInput { .. })
                    ),
                    "{} {} {id:?}",
                    route.group,
                    route.operation
                );
            }
        }
    }

    #[test]
    fn matches_round_trips_the_request_path_of_odd_ids() {
        for route in all().filter(|r| !r.params.is_empty()) {
            for id in ODD_IDS {
                let params = vec![*id; route.params.len()];
                let req = route.request(Format::Json, &params).unwrap();
                // The query's values are in the query, not the path.
                let in_path = route.params.len() - route.query_names().count();
                assert_eq!(
                    req.query().len(),
                    route.params.len() - in_path,
                    "{}",
                    route.path
                );
                assert!(req.query().iter().all(|(_, v)| v == id));
                assert_eq!(
                    route.matches(req.path()),
                    Some(params[..in_path].iter().map(|p| p.to_string()).collect()),
                    "{} {} {id:?} -> {}",
                    route.group,
                    route.operation,
                    req.path()
                );
                // Literal segments match ignoring ASCII case, as ASP.NET routing does.
                let shouted = req.path().replacen("/api/", "/API/", 1);
                assert!(route.matches(&shouted).is_some(), "{shouted}");
                // And among the routes of the same method, only this one matches.
                let others: Vec<&Route> = all()
                    .filter(|r| r.method == route.method && r.matches(req.path()).is_some())
                    .collect();
                // Except the two Packages calls the docs put on one route shape.
                let expected: Vec<&Route> = if route.group == "Packages"
                    && ["get", "for_user"].contains(&route.operation)
                {
                    vec![
                        &crate::api::packages::routes::get,
                        &crate::api::packages::routes::for_user,
                    ]
                } else {
                    vec![route]
                };
                assert_eq!(others, expected, "{id:?} -> {}", req.path());
            }
        }
    }

    #[test]
    fn request_refuses_blank_or_missing_params() {
        let get = crate::api::users::routes::get;
        for params in [&[][..], &["a", "b"][..], &[""][..], &[" \t"][..]] {
            assert!(
                matches!(
                    get.request(Format::Xml, params),
                    Err(Error::InvalidInput { .. })
                ),
                "{params:?}"
            );
        }
        // Path parameters with nothing in them don't match either.
        assert_eq!(get.matches("/api/Users/"), None);
        assert_eq!(get.matches("/api/Users//"), None);
        assert_eq!(get.matches("/api/Users/a/b"), None);
        // Malformed escapes are kept as they are, not refused or panicked on.
        assert_eq!(get.matches("/api/Users/%4"), Some(vec!["%4".to_owned()]));
        assert_eq!(
            get.matches("/api/Users/%C3"),
            Some(vec!["\u{fffd}".to_owned()])
        );
    }
}
