//! # mspbackups
//!
//! A blocking, dependency-light client for the [MSP360 Managed Backup Service (MBS) REST
//! API](https://api.mspbackups.com), speaking both of its wire formats: JSON and the
//! DataContract XML that the server's own help pages show.
//!
//! ```no_run
//! use mspbackups::{Client, Format};
//!
//! // Log in with the API credentials: the token is fetched, cached and renewed for you.
//! let client = Client::builder()
//!     .credentials("api-login", "api-password")
//!     .format(Format::Xml)
//!     .build()?;
//! for license in client.licenses().list_by_availability(true)? {
//!     println!("#{} {}", license.number, license.id);
//! }
//! client.licenses().revoke_from_user("license-id", "user-id")?;
//! # Ok::<(), mspbackups::Error>(())
//! ```
//!
//! ## Credentials
//!
//! [`ClientBuilder::credentials`] takes the API login and password; the client logs in when a
//! call first needs a token, caches it, renews it at the later of five minutes before expiry and
//! half its lifetime ([`auth::renew_after`]), and after a 401 logs in again once and retries once.
//! Concurrent callers share one login and its outcome, token or error. [`ClientBuilder::token`]
//! takes a fixed token instead. See [`auth`].
//!
//! ## Formats
//!
//! [`Format`] picks `Content-Type`, `Accept` and how bodies are written. Bodies are written
//! exactly as the API docs' samples show them (JSON pretty-printed with two spaces; XML with the
//! root's `xmlns:i` and contract namespace, members in DataContract order). Responses are read by
//! their own `Content-Type`, whatever was asked for.
//!
//! ## Groups
//!
//! Every route of the API's published reference is covered: 55 routes (54 distinct on the
//! wire, as the docs list two Packages gets on one route shape), one handler per group.
//!
//! | group | handler | routes |
//! |---|---|---|
//! | login | [`Client::login`] (calls log in by themselves) | 1 |
//! | Licenses | [`Client::licenses`] | 5 |
//! | Users | [`Client::users`] | 9 |
//! | Companies | [`Client::companies`] | 5 |
//! | Administrators | [`Client::administrators`] | 5 |
//! | Packages (storage limits) | [`Client::packages`] | 6 |
//! | Computers (JSON only) | [`Client::computers`] | 3 |
//! | Accounts (storage accounts and their buckets) | [`Client::accounts`] | 8 |
//! | Destinations (users' backup destinations) | [`Client::destinations`] | 5 |
//! | Monitoring (the latest run of every plan) | [`Client::monitoring`] | 2 |
//! | Billing (reports; the filtered ones are PUTs that only read) | [`Client::billing`] | 3 |
//! | Builds (agent builds) | [`Client::builds`] | 3 |
//!
//! ## Routes and requests as data
//!
//! Each API group declares its routes once, in one table ([`route`]): method, path template
//! (with a query string when the route takes query parameters), body and answer shape. The
//! handler methods ([`Client::licenses`], [`Client::accounts`], …) are generated from those
//! tables, and [`route::all`] lists every covered route. Each call builds a
//! [`Request`] (method, path, query, body bytes, format) and hands it to one send path, which
//! adds `Authorization`, `Accept` and `Content-Type`, enforces the time and size limits, and
//! reports every exchange to an optional [`Inspector`]. [`Client::send`] is that send path,
//! public: it calls a route the SDK has no method for, with the same token handling, retries
//! and typed errors.
//!
//! ## Models
//!
//! Each model in [`models`] is declared once, with its wire names; its JSON, its DataContract
//! XML and its description in [`contract`] (`User::CONTRACT`: name, namespace, members in XML
//! and in JSON order) come from that declaration. Members a response carries that this version
//! doesn't declare are kept, raw, and readable with `extra(name)`
//! ([`License::extra`](models::License::extra)); enum values it doesn't know decode into the
//! enum's `Unknown` arm. Money amounts (package costs, billing) are lossless [`Decimal`]s that
//! keep the server's text; passwords and storage credentials are [`Secret`]s.
//!
//! ## Errors
//!
//! Every failure is an [`Error`]; what the server said is an [`ApiError`] (status, message,
//! `ModelState`, …). A 2xx answer whose body carries an error message is a failure too: see
//! the table [below](#success-answers-that-carry-a-message). The token and the password never
//! appear in any `Debug`, `Display`, error or inspector view: answers are redacted before any part
//! of them is parsed, cut or shown.
//!
//! ## Success answers that carry a message
//!
//! The docs say a failed grant/release/revoke returns "a JSON containing the error message"
//! without naming a status, and other MBS endpoints are known to answer failures with 200. So a
//! 2xx answer to a call that documents **no body** is read like this:
//!
//! | 2xx body | result |
//! |---|---|
//! | empty or whitespace, JSON `null`, JSON `""`, `{}`, `<string i:nil="true"/>` | success |
//! | a JSON string, an object with a `Message`/`error_description`/`ErrorMessage`/`error` key, XML `<Error>`, a serialized `<string>`, `text/plain` | [`Error::Api`] carrying that message |
//! | an object whose message keys are all empty (`{"ErrorMessage": ""}`) | success |
//! | anything else (HTML, other JSON) | [`Error::UnexpectedResponse`]: whether it took effect is unknown |
//!
//! A call that documents a model decodes it; only if that fails is the body checked for an
//! error message (then [`Error::Api`]), else it is an [`Error::Decode`].
//!
//! ## Defaults
//!
//! | setting | default |
//! |---|---|
//! | base URL | [`DEFAULT_BASE_URL`] (https required except for loopback hosts) |
//! | format | [`Format::Json`] |
//! | connect timeout | [`DEFAULT_CONNECT_TIMEOUT`] (10 s per attempt) |
//! | call timeout | [`DEFAULT_TIMEOUT`] (30 s per attempt) |
//! | deadline for a whole call (login, attempts, waits, re-login) | [`DEFAULT_DEADLINE`] (2 minutes) |
//! | retries | [`retry::RetryPolicy::default`]: 3 attempts, jittered backoff, only what is safe to repeat |
//! | response size cap | [`DEFAULT_MAX_RESPONSE_BYTES`] (8 MiB) |
//! | user agent | [`DEFAULT_USER_AGENT`] |
//! | proxy | from the environment |
//! | TLS roots | the bundled Mozilla roots, plus any [`ClientBuilder::add_root_certificates_pem`] adds |
//! | redirects | not followed (reported as [`Error::Api`] with the `Location`) |
//!
//! ## Features
//!
//! - `sandbox`: `mspbackups::sandbox::Sandbox`, an embedded MBS emulator (no added dependency: its HTTP server is std only).
//! - `cli`: the `mbs` tool (`src/bin/mbs.rs`) with `sandbox`; adds `clap`, `rpassword`, `ctrlc` and `csv`.
//! - `log`: one `log` line per HTTP exchange, without secrets (adds `log`).
//! - `gzip`: gzip-compressed answers (ureq's `gzip`).
//! - `platform-verifier`: `ClientBuilder::platform_certificates`, verifying servers with the
//!   operating system's certificate store (adds `rustls-platform-verifier`).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
#[cfg(feature = "cli")]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub mod cli;
mod client;
mod codec;
pub mod contract;
pub mod error;
mod format;
pub mod models;
pub mod prelude;
mod redact;
mod request;
mod resolve;
mod response;
pub mod retry;
pub mod route;
#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;
mod secret;
mod tls;
mod xml;

pub use client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_DEADLINE,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Exchange, Inspector,
};
pub use error::{
    ApiError, DecodeError, EncodeError, Error, RAW_BODY_BYTES, REVOKE_WARNING, RevokeRefusal,
    TimeoutPhase, TransportError, TransportErrorKind,
};
pub use format::{Format, ParseFormatError};
pub use models::{
    Administrator, AdministratorUpdate, AuthorizationResult, Company, CompanyDestination, Computer,
    ComputerAuthorization, ComputersPage, Decimal, DestinationForNewUser, Extra, ExtraValue,
    GlacierRestoreType, Guid, License, LicenseOperation, LicensingMode, LoginRequest,
    MbsLicenseType, NewAdministrator, NewCompany, NewPackage, NewUser, Offset, Package,
    ParseScalarError, ParseTimestampError, PermissionMode, Permissions, Timestamp, Token,
    UnknownValue, User, UserAuthData, UserComputer, UserDestination, UserModeType, UserUpdate,
};
pub use request::{Method, Request};
pub use response::Response;
pub use secret::Secret;

/// The README's examples, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
