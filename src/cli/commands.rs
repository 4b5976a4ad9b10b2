//! What each command does once its arguments are read: settings, the client and its token, the
//! body, the call (or the dry run), and the output.

use std::ffi::OsString;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Duration;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::client::{Client, ClientBuilder, Exchange};
use crate::contract::{Contract, Kind};
use crate::error::Error;
use crate::route::{BodyShape, DynamicOutcome};
use crate::secret::Secret;

use super::args::{self, Action, Globals, RouteCall};
use super::config::{self, CachedToken, Env, ProcessEnv, ProfilesFile, Settings};
use super::output::{self, OutputKind};
use super::{CliError, Ctx, Exit};

/// Runs the command line `argv` (program name first) and returns the exit status.
pub(crate) fn main(argv: impl IntoIterator<Item = OsString>) -> Exit {
    let (globals, action) = match args::parse(argv) {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(e)) => return fail(&e),
        Err(e) if !e.use_stderr() => {
            // --help, --version: clap's text on stdout.
            let _ = e.print();
            return Exit::Ok;
        }
        Err(e) => return fail(&CliError::usage(clap_sentence(&e))),
    };
    match run(&globals, action, &ProcessEnv) {
        Ok(exit) => exit,
        Err(e) => fail(&e),
    }
}

fn fail(e: &CliError) -> Exit {
    eprintln!("mbs: {}", e.message);
    e.exit
}

/// One sentence from clap's error: its first line, its tips, and where help is.
fn clap_sentence(e: &clap::Error) -> String {
    let text = e.to_string();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut s = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    let mut usage = None;
    let mut details = Vec::new();
    for line in lines {
        if let Some(tip) = line.strip_prefix("tip: ") {
            s.push_str("; ");
            s.push_str(tip);
        } else if let Some(u) = line.strip_prefix("Usage: ") {
            usage = Some(u.to_owned());
        } else if usage.is_none() && !line.starts_with("For more information") {
            // The arguments a "not provided" error lists, one per line.
            details.push(line);
        }
    }
    if !details.is_empty() {
        s = format!(
            "{} {}",
            s.trim_end_matches(':').to_owned() + ":",
            details.join(", ")
        );
    }
    if let Some(u) = usage {
        s.push_str(&format!(" (usage: {u})"));
    }
    s
}

fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

fn on_terminal() -> bool {
    std::io::stderr().is_terminal() || std::io::stdin().is_terminal()
}

/// Runs one parsed command.
pub(crate) fn run(globals: &Globals, action: Action, env: &dyn Env) -> Result<Exit, CliError> {
    let output = globals.output.unwrap_or(if stdout_is_terminal() {
        OutputKind::Table
    } else {
        OutputKind::Json
    });
    match action {
        Action::Route(call) => {
            let settings = settings(globals, env)?;
            route(globals, &settings, env, output, call)
        }
        Action::Login => login(globals, env, output),
        Action::Configure { base_url, login } => configure(globals, env, base_url, login),
        Action::Serve {
            port,
            seed,
            latency,
            licenses,
        } => serve(port, seed, latency, licenses),
        Action::WireCheck { file, model } => wire_check(file, &model, globals),
        Action::WireSample { route, response } => {
            let format = settings(globals, env)?.format;
            wire_sample(&route, format, response)
        }
        Action::WireEncode { route, pairs } => {
            let format = settings(globals, env)?.format;
            wire_encode(&route, format, &pairs)
        }
    }
}

fn settings(globals: &Globals, env: &dyn Env) -> Result<Settings, CliError> {
    let file = ProfilesFile::load(&config::config_path(env)?)?;
    config::resolve(env, &file, globals.profile.as_deref(), globals.format)
}

// ---------------------------------------------------------------------------------------------
// The client and its token.

/// The inspector of `-v`: each exchange on stderr, secrets redacted (the request's shown body,
/// the response body as the client redacts it).
fn print_exchange(x: &Exchange<'_>) {
    let req = x.request();
    let mut s = format!("> {} {} (attempt {})\n", req.method(), x.url(), x.attempt());
    if req.needs_auth() {
        s.push_str("> Authorization: Bearer <redacted>\n");
    }
    s.push_str(&format!("> Accept: {}\n", req.accept()));
    if let Some(ct) = req.content_type() {
        s.push_str(&format!("> Content-Type: {ct}\n"));
    }
    let lines = |s: &mut String, mark: &str, body: &[u8]| {
        for line in String::from_utf8_lossy(body).lines() {
            s.push_str(&format!("{mark} {line}\n"));
        }
    };
    if let Some(body) = req.body() {
        s.push_str(">\n");
        lines(&mut s, ">", body);
    }
    let ms = x.elapsed().as_secs_f64() * 1000.0;
    match (x.status(), x.error()) {
        (Some(status), _) => {
            s.push_str(&format!(
                "< {status} {} ({ms:.1} ms)\n",
                x.response_content_type().unwrap_or("no content type")
            ));
            if let Some(body) = x.response_body().filter(|b| !b.is_empty()) {
                lines(&mut s, "<", body);
            }
        }
        (None, Some(e)) => s.push_str(&format!("< failed after {ms:.1} ms: {e}\n")),
        (None, None) => s.push_str(&format!("< no answer ({ms:.1} ms)\n")),
    }
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
}

fn builder(settings: &Settings, verbose: bool) -> ClientBuilder {
    let mut b = Client::builder()
        .base_url(settings.base_url.clone())
        .format(settings.format);
    if verbose {
        b = b.inspector(print_exchange);
    }
    b
}

/// Where the client's token came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// `MBS_TOKEN`: used as is.
    Env,
    /// The token cache.
    Cache(PathBuf),
    /// A login just now (the token is cached).
    Login,
}

fn ask(prompt: &str) -> Option<Secret> {
    if !on_terminal() {
        return None;
    }
    rpassword::prompt_password(prompt).ok().map(Secret::new)
}

/// Logs in with the settings' API login and password (asked for on a terminal), caches the
/// token, and returns the logged-in client and its token's lifetime.
fn log_in(
    settings: &Settings,
    env: &dyn Env,
    verbose: bool,
) -> Result<(Client, CachedToken), CliError> {
    let Some(login) = settings.login.clone() else {
        return Err(CliError {
            exit: Exit::Auth,
            message: "no API login: set MBS_LOGIN (and MBS_PASSWORD) or MBS_TOKEN, or run `mbs configure`".into(),
        });
    };
    let password = match settings.password.clone() {
        Some(p) => p,
        None => ask(&format!("API password for {login}: ")).ok_or_else(|| CliError {
            exit: Exit::Auth,
            message: "no API password: set MBS_PASSWORD, or run on a terminal to be asked for it"
                .into(),
        })?,
    };
    let client = builder(settings, verbose)
        .credentials(login.clone(), password)
        .build()?;
    let token = client.login()?;
    let lifetime = token
        .expires_in()
        .map(Duration::from_secs)
        .unwrap_or(crate::auth::FALLBACK_TOKEN_LIFETIME);
    let cached = CachedToken::issued(
        client.base_url(),
        &login,
        token.access_token().clone(),
        lifetime,
        config::unix_now(),
    );
    let path = config::token_path(env, &settings.profile)?;
    if let Err(e) = cached.save(&path) {
        eprintln!("mbs: warning: the token is not cached: {}", e.message);
    }
    Ok((client, cached))
}

/// A client ready to call: with `MBS_TOKEN`, the cached token, or a fresh login (`fresh`
/// skips the cache).
fn authed(
    settings: &Settings,
    env: &dyn Env,
    verbose: bool,
    fresh: bool,
) -> Result<(Client, Source), CliError> {
    if let Some(token) = &settings.token {
        return Ok((
            builder(settings, verbose).token(token.clone()).build()?,
            Source::Env,
        ));
    }
    let path = config::token_path(env, &settings.profile)?;
    if !fresh {
        // The base URL as the client spells it (no trailing slash), as it was cached.
        let base = builder(settings, false).build()?.base_url().to_owned();
        if let Some(cached) = CachedToken::load(&path)
            .filter(|t| t.usable(&base, settings.login.as_deref(), config::unix_now()))
        {
            return Ok((
                builder(settings, verbose).token(cached.token).build()?,
                Source::Cache(path),
            ));
        }
    }
    let (client, _) = log_in(settings, env, verbose)?;
    Ok((client, Source::Login))
}

// ---------------------------------------------------------------------------------------------
// Route commands.

/// A JSON object as its members' raw text, in order.
struct Obj(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Obj {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Obj, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Obj;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Box<RawValue>>()? {
                    out.push((k, v));
                }
                Ok(Obj(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// `over`'s members set over `base`'s (names matched without case; objects merged member by
/// member), keeping every value's text as written (decimals stay exact).
fn merge(base: &str, over: &str) -> Result<String, serde_json::Error> {
    let mut b: Obj = serde_json::from_str(base)?;
    let o: Obj = serde_json::from_str(over)?;
    for (k, v) in o.0 {
        match b.0.iter_mut().find(|(bk, _)| bk.eq_ignore_ascii_case(&k)) {
            Some((bk, bv)) => {
                let objects =
                    bv.get().trim_start().starts_with('{') && v.get().trim_start().starts_with('{');
                let text = if objects {
                    merge(bv.get(), v.get())?
                } else {
                    v.get().to_owned()
                };
                *bk = k;
                *bv = RawValue::from_string(text)?;
            }
            None => b.0.push((k, v)),
        }
    }
    let mut out = String::from("{");
    for (i, (k, v)) in b.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k)?);
        out.push(':');
        out.push_str(v.get());
    }
    out.push('}');
    Ok(out)
}

/// Whether the JSON object `text` has a member `name` (without case) that is not null.
fn has_member(text: &str, name: &str) -> bool {
    serde_json::from_str::<Obj>(text)
        .map(|o| {
            o.0.iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(name) && v.get() != "null")
        })
        .unwrap_or(false)
}

/// Reads `--body FILE` (`-`: stdin).
fn read_body_file(file: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(file).map(|b| bytes = b)
    };
    read.map_err(|e| CliError::usage(format!("can't read the body from {file}: {e}")))?;
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    if start.is_some_and(|i| bytes[i] == b'<') {
        return Err(CliError::usage(format!(
            "--body takes JSON, and {file} holds XML; `mbs wire check` reads XML bodies"
        )));
    }
    Ok(bytes)
}

/// The JSON body of a route command: `--body FILE` if given, with the arguments, `--set`
/// pairs and asked-for secrets set over it. Required secrets still missing are asked for on a
/// terminal. `None` for routes without a body.
fn body_of(call: &RouteCall, interactive: bool) -> Result<Option<Vec<u8>>, CliError> {
    let contract = match call.dynamic.route.body {
        BodyShape::None => return Ok(None),
        BodyShape::List(_) => {
            return match &call.body_file {
                Some(file) => read_body_file(file).map(Some),
                None => Err(CliError::usage(
                    "this route's body is a list: give it with --body FILE",
                )),
            };
        }
        BodyShape::Model(c) => c,
    };
    let base = match &call.body_file {
        Some(file) => Some(read_body_file(file)?),
        None => None,
    };
    let mut pairs = call.pairs.clone();
    let mut asked: Vec<String> = call.ask.clone();
    let so_far = |pairs: &[(String, String)]| -> Result<String, CliError> {
        let over = String::from_utf8(super::json_body(contract, pairs)?).unwrap_or_default();
        Ok(match &base {
            Some(b) => merge(&String::from_utf8_lossy(b), &over).unwrap_or(over),
            None => over,
        })
    };
    let current = so_far(&pairs)?;
    for m in contract
        .json_members
        .iter()
        .filter(|m| m.required && m.secret)
    {
        if !has_member(&current, m.name) && !asked.iter().any(|a| a.eq_ignore_ascii_case(m.name)) {
            if !interactive {
                return Err(CliError::usage(format!(
                    "{} needs {}, a secret: give it with --body FILE (or run on a terminal to be asked for it)",
                    contract.name, m.name
                )));
            }
            asked.push(m.name.to_owned());
        }
    }
    for path in &asked {
        let secret = ask(&format!("{path}: "))
            .ok_or_else(|| CliError::usage(format!("{path} was not given")))?;
        pairs.push((path.clone(), secret.expose().to_owned()));
    }
    let json = if pairs.is_empty() {
        // The file as it is (its errors are the model's).
        base.unwrap_or_else(|| b"{}".to_vec())
    } else {
        let over = String::from_utf8(super::json_body(contract, &pairs)?).unwrap_or_default();
        match base {
            Some(b) => merge(&String::from_utf8_lossy(&b), &over)
                .map_err(|e| CliError::usage(format!("--body: not a JSON object ({e})")))?
                .into_bytes(),
            None => over.into_bytes(),
        }
    };
    Ok(Some(fill_defaults(contract, json)))
}

/// The value .NET gives a member of a value type that a JSON body leaves out (Json.NET leaves
/// it at `default(T)`): the SDK's models need these members, the server reads them so.
pub(crate) fn value_default(kind: &Kind) -> Option<&'static str> {
    match kind {
        Kind::Bool => Some("false"),
        Kind::Int32 | Kind::Int64 | Kind::Decimal | Kind::Enum(_) => Some("0"),
        _ => None,
    }
}

/// `json` with every top-level member of a value type (bool, number, enum) that it leaves out
/// set to .NET's default, as the server would read it. A body that is not a JSON object is
/// returned as it is (the model reports it).
fn fill_defaults(contract: &'static Contract, json: Vec<u8>) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(&json) else {
        return json;
    };
    let missing: Vec<String> = contract
        .json_members
        .iter()
        .filter(|m| !m.nullable && !has_member(text, m.name))
        .filter_map(|m| {
            value_default(&m.kind).map(|d| format!("{}:{d}", serde_json::Value::from(m.name)))
        })
        .collect();
    if missing.is_empty() {
        return json;
    }
    match merge(text, &format!("{{{}}}", missing.join(","))) {
        Ok(filled) => filled.into_bytes(),
        Err(_) => json,
    }
}

/// The dry run's text: the request line with the full URL, the headers (token redacted), a
/// blank line and the body as the request shows it (secrets redacted).
pub(crate) fn dry_run_text(base_url: &str, req: &crate::Request) -> Vec<u8> {
    let mut s = format!("{} {}{}\n", req.method(), base_url, req.path_and_query());
    if req.needs_auth() {
        s.push_str("Authorization: Bearer <redacted>\n");
    }
    s.push_str(&format!("Accept: {}\n", req.accept()));
    let mut out = s.into_bytes();
    if let (Some(ct), Some(body)) = (req.content_type(), req.body()) {
        out.extend_from_slice(format!("Content-Type: {ct}\n\n").as_bytes());
        out.extend_from_slice(body);
    }
    out
}

fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError {
            exit: Exit::Api,
            message: format!("can't write the output: {e}"),
        }),
        _ => Ok(()),
    }
}

/// The member names of a route's answer model, in its JSON order (for columns).
fn answer_order(route: &crate::route::Route) -> Vec<&'static str> {
    use crate::route::AnswerShape;
    match route.answer {
        AnswerShape::Model(c)
        | AnswerShape::Optional(c)
        | AnswerShape::List(c)
        | AnswerShape::OneOrFirst(c)
        | AnswerShape::Checked(c) => c.json_members.iter().map(|m| m.name).collect(),
        _ => Vec::new(),
    }
}

fn print_answer(
    value: &serde_json::Value,
    kind: OutputKind,
    order: &[&str],
) -> Result<(), CliError> {
    let mut buf = Vec::new();
    output::print_ordered(value, kind, order, &mut buf).map_err(|e| CliError {
        exit: Exit::Api,
        message: format!("can't write the output: {e}"),
    })?;
    write_stdout(&buf)?;
    if kind == OutputKind::Table {
        match value {
            serde_json::Value::Null => eprintln!("done"),
            serde_json::Value::Array(a) if a.is_empty() => eprintln!("(none)"),
            _ => {}
        }
    }
    Ok(())
}

fn route(
    globals: &Globals,
    settings: &Settings,
    env: &dyn Env,
    output: OutputKind,
    call: RouteCall,
) -> Result<Exit, CliError> {
    let interactive = on_terminal();
    if let Some(bulk) = &call.bulk {
        let (client, _) = if globals.dry_run {
            (builder(settings, false).build()?, Source::Env)
        } else {
            authed(settings, env, globals.verbose, false)?
        };
        let ctx = Ctx {
            client,
            dry_run: globals.dry_run,
            progress: std::io::stderr().is_terminal(),
        };
        let checked_revoke = match call.checked_revoke {
            None => None,
            Some(cr) if cr.switch_to_manual && !cr.null_password => {
                return Err(CliError::usage(
                    "--switch-to-manual with --csv needs --null-password: each user's password would have to be given, and a CSV column can't carry another user's password safely",
                ));
            }
            // Per row: the user is read and the license revoked; the license list isn't read
            // back for every row (it would make a bulk run quadratic).
            Some(cr) => Some(revoke_options(cr, None).verify(false)),
        };
        let opts = super::bulk::BulkOptions {
            csv: bulk.csv.clone(),
            force: bulk.force,
            concurrency: bulk.concurrency,
            results: bulk.results.clone(),
            resume: bulk.resume.clone(),
            checked_revoke,
        };
        super::bulk::run(&ctx, call.dynamic, &opts)?.status()?;
        return Ok(Exit::Ok);
    }
    let body = body_of(&call, interactive)?;
    let params: Vec<&str> = call.params.iter().map(String::as_str).collect();
    if globals.dry_run {
        // No credentials, no login: the request is built and checked, not sent.
        let client = builder(settings, false).build()?;
        return match (call.dynamic.call)(&client, &params, body.as_deref(), true)? {
            DynamicOutcome::DryRun(req) => {
                let mut text = dry_run_text(client.base_url(), &req);
                if stdout_is_terminal() {
                    text.push(b'\n');
                }
                write_stdout(&text)?;
                if req.body_is_redacted() {
                    eprintln!(
                        "mbs: secrets in the body are shown as <redacted>; the request carries them"
                    );
                }
                Ok(Exit::Ok)
            }
            DynamicOutcome::Answer(_) => Err(CliError::usage("the dry run sent the request")),
        };
    }
    // Every argument is checked before any I/O, the login included: the request is built
    // (and thrown away) by a client that has no credentials.
    (call.dynamic.call)(
        &builder(settings, false).build()?,
        &params,
        body.as_deref(),
        true,
    )?;
    // Dry runs returned above: the checked revoke shows the bare POST it would send.
    if let Some(cr) = call.checked_revoke {
        let op = crate::LicenseOperation::from_body(
            crate::Format::Json,
            body.as_deref().unwrap_or_default(),
        )?;
        let password = if cr.switch_to_manual && !cr.null_password {
            if !interactive {
                return Err(CliError::usage(
                    "--switch-to-manual sends the user's password back unchanged: run it on a terminal to be asked for it, or give --null-password (undocumented: the server might clear the password)",
                ));
            }
            Some(
                ask(&format!(
                    "Password of user {} (sent back unchanged with the switch): ",
                    op.user_id
                ))
                .ok_or_else(|| CliError::usage("no password given"))?,
            )
        } else {
            None
        };
        let options = revoke_options(cr, password);
        let (client, source) = authed(settings, env, globals.verbose, false)?;
        let report = match client.licenses().revoke_checked(&op, &options) {
            Err(Error::Unauthorized(_)) if matches!(source, Source::Cache(_)) => {
                if let Source::Cache(path) = &source {
                    CachedToken::remove(path);
                }
                let (client, _) = authed(settings, env, globals.verbose, true)?;
                client.licenses().revoke_checked(&op, &options)?
            }
            other => other?,
        };
        let value = revoke_report_json(&op, &report);
        print_answer(&value, output, &REVOKE_REPORT_ORDER)?;
        return Ok(Exit::Ok);
    }
    let (client, source) = authed(settings, env, globals.verbose, false)?;
    let answer = match (call.dynamic.call)(&client, &params, body.as_deref(), false) {
        Err(Error::Unauthorized(_)) if matches!(source, Source::Cache(_)) => {
            // The cached token was refused: forget it, log in once more and try again once.
            if let Source::Cache(path) = &source {
                CachedToken::remove(path);
            }
            let (client, _) = authed(settings, env, globals.verbose, true)?;
            (call.dynamic.call)(&client, &params, body.as_deref(), false)?
        }
        other => other?,
    };
    match answer {
        DynamicOutcome::Answer(value) => {
            print_answer(&value, output, &answer_order(call.dynamic.route))?
        }
        DynamicOutcome::DryRun(_) => return Err(CliError::usage("the request was not sent")),
    }
    Ok(Exit::Ok)
}

/// The checked revoke's options from its flags; `password` is the user's, for the switch.
pub(crate) fn revoke_options(
    cr: super::args::CheckedRevoke,
    password: Option<Secret>,
) -> crate::api::revoke::RevokeOptions {
    use crate::api::revoke::{RevokeOptions, SwitchPassword};
    let options = RevokeOptions::new();
    match (cr.switch_to_manual, password) {
        (false, _) => options,
        (true, Some(p)) => options.switch_to_manual(SwitchPassword::Given(p)),
        (true, None) => options.switch_to_manual(SwitchPassword::NullUnverified),
    }
}

/// The members of a checked revoke's report, in the order they print.
pub(crate) const REVOKE_REPORT_ORDER: [&str; 7] = [
    "LicenseID",
    "UserID",
    "ModeBefore",
    "ModeAfter",
    "Switched",
    "LicenseActiveAfter",
    "ActiveLicensesAfter",
];

/// A checked revoke's report as the CLI prints it.
pub(crate) fn revoke_report_json(
    op: &crate::LicenseOperation,
    r: &crate::api::revoke::RevokeReport,
) -> serde_json::Value {
    serde_json::json!({
        "LicenseID": op.license_id,
        "UserID": op.user_id,
        "ModeBefore": r.mode_before.name(),
        "ModeAfter": r.mode_after.name(),
        "Switched": r.switched,
        "LicenseActiveAfter": r.license_active_after,
        "ActiveLicensesAfter": r.active_licenses_after,
    })
}

// ---------------------------------------------------------------------------------------------
// login, configure.

fn login(globals: &Globals, env: &dyn Env, output: OutputKind) -> Result<Exit, CliError> {
    let settings = settings(globals, env)?;
    if globals.dry_run {
        let client = builder(&settings, false).build()?;
        let body = crate::models::LoginRequest::new(settings.login.clone().unwrap_or_default(), "");
        let req = crate::Request::for_route(&crate::client::LOGIN_ROUTE, settings.format)
            .with_secret_body(&body.redacted(), &body.redacted())?;
        write_stdout(&dry_run_text(client.base_url(), &req))?;
        return Ok(Exit::Ok);
    }
    let settings = Settings {
        token: None,
        ..settings
    };
    let (client, cached) = log_in(&settings, env, globals.verbose)?;
    let now = config::unix_now();
    let value = serde_json::json!({
        "login": cached.login,
        "base_url": client.base_url(),
        "profile": settings.profile,
        "expires": config::utc_text(cached.expires),
        "expires_in": cached.expires.saturating_sub(now),
        "reused_until": config::utc_text(cached.renew_at),
    });
    if output == OutputKind::Table {
        let days = cached.expires.saturating_sub(now) as f64 / 86_400.0;
        write_stdout(
            format!(
                "Logged in to {} as {}; the token is cached for profile {} and expires {} (in {days:.1} days).\n",
                client.base_url(),
                cached.login,
                settings.profile,
                config::utc_text(cached.expires)
            )
            .as_bytes(),
        )?;
    } else {
        print_answer(
            &value,
            output,
            &[
                "login",
                "base_url",
                "profile",
                "expires",
                "expires_in",
                "reused_until",
            ],
        )?;
    }
    Ok(Exit::Ok)
}

fn read_line(prompt: &str, current: Option<&str>) -> Option<String> {
    match current {
        Some(c) => eprint!("{prompt} [{c}]: "),
        None => eprint!("{prompt}: "),
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).ok()?;
    let line = line.trim();
    if line.is_empty() {
        current.map(str::to_owned)
    } else {
        Some(line.to_owned())
    }
}

fn configure(
    globals: &Globals,
    env: &dyn Env,
    base_url: Option<String>,
    login: Option<String>,
) -> Result<Exit, CliError> {
    let path = config::config_path(env)?;
    let mut file = ProfilesFile::load(&path)?;
    let name = globals
        .profile
        .clone()
        .or_else(|| env.get("MBS_PROFILE"))
        .unwrap_or_else(|| config::DEFAULT_PROFILE.to_owned());
    config::check_profile_name(&name)?;
    let mut profile = file.get(&name).cloned().unwrap_or_default();
    let given = base_url.is_some() || login.is_some() || globals.format.is_some();
    if let Some(u) = base_url {
        profile.base_url = Some(u);
    }
    if let Some(l) = login {
        profile.login = Some(l);
    }
    if let Some(f) = globals.format {
        profile.format = Some(f.name().to_ascii_lowercase());
    }
    if !given {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::usage(
                "give --base-url, --login or --format (or run on a terminal to be asked)",
            ));
        }
        eprintln!(
            "Profile {name} in {} (the password is never stored):",
            path.display()
        );
        profile.base_url = read_line(
            "Base URL",
            Some(
                profile
                    .base_url
                    .as_deref()
                    .unwrap_or(crate::client::DEFAULT_BASE_URL),
            ),
        );
        profile.login = read_line("API login", profile.login.as_deref());
        profile.format = read_line(
            "Format (json or xml)",
            Some(profile.format.as_deref().unwrap_or("json")),
        );
    }
    if let Some(u) = &profile.base_url {
        Client::builder().base_url(u.clone()).build()?;
    }
    if let Some(f) = &profile.format {
        f.parse::<crate::Format>()
            .map_err(|e| CliError::usage(e.to_string()))?;
    }
    file.set(&name, profile);
    file.save(&path)?;
    eprintln!("mbs: profile {name} written to {}", path.display());
    Ok(Exit::Ok)
}

// ---------------------------------------------------------------------------------------------
// sandbox serve, wire: the serve and wire helpers' modules.

fn serve(
    port: u16,
    seed: Option<PathBuf>,
    latency: Duration,
    licenses: Option<usize>,
) -> Result<Exit, CliError> {
    super::serve::run(&super::serve::ServeOptions {
        port,
        seed,
        latency,
        licenses,
    })?;
    Ok(Exit::Ok)
}

fn wire_check(file: Option<PathBuf>, model: &str, globals: &Globals) -> Result<Exit, CliError> {
    let clean = super::wire::check(file.as_deref(), model, globals.format)?;
    Ok(if clean { Exit::Ok } else { Exit::Api })
}

fn wire_sample(route: &str, format: crate::Format, response: bool) -> Result<Exit, CliError> {
    let which = if response {
        super::wire::Which::Response
    } else {
        super::wire::Which::Request
    };
    write_stdout(&super::wire::sample(route, format, which)?)?;
    Ok(Exit::Ok)
}

fn wire_encode(
    route: &str,
    format: crate::Format,
    pairs: &[(String, String)],
) -> Result<Exit, CliError> {
    write_stdout(&super::wire::encode(route, format, pairs)?)?;
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_keeps_the_file_and_sets_members_over_it() {
        let merged = merge(
            r#"{"name":"a","Cost":12345678901234567890.123,"Settings":{"A":1,"B":2},"x":null}"#,
            r#"{"Name":"b","Settings":{"b":3},"New":true}"#,
        )
        .unwrap();
        assert_eq!(
            merged,
            r#"{"Name":"b","Cost":12345678901234567890.123,"Settings":{"A":1,"b":3},"x":null,"New":true}"#
        );
        assert!(has_member(&merged, "cost"));
        assert!(!has_member(&merged, "x"), "null is missing");
        assert!(merge("[1]", "{}").is_err());
    }

    fn call(args: &[&str]) -> RouteCall {
        match args::parse(std::iter::once("mbs").chain(args.iter().copied())) {
            Ok(Ok((_, Action::Route(c)))) => c,
            _ => panic!("{args:?}"),
        }
    }

    #[test]
    fn bodies_from_arguments_and_files() {
        let c = call(&["licenses", "revoke", "L1", "U1"]);
        assert_eq!(
            body_of(&c, false).unwrap().unwrap(),
            br#"{"LicenseID":"L1","UserID":"U1"}"#
        );
        let dir = std::env::temp_dir().join(format!("mbs-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("b.json");
        std::fs::write(&file, r#"{"LicenseID":"from-file","UserID":"U9"}"#).unwrap();
        let f = file.to_string_lossy().into_owned();
        let c = call(&["licenses", "revoke", "--body", &f]);
        assert_eq!(
            body_of(&c, false).unwrap().unwrap(),
            br#"{"LicenseID":"from-file","UserID":"U9"}"#
        );
        let c = call(&["licenses", "revoke", "--body", &f, "--set", "userid=U2"]);
        assert_eq!(
            body_of(&c, false).unwrap().unwrap(),
            br#"{"LicenseID":"from-file","UserID":"U2"}"#
        );
        std::fs::write(&file, "<LicenseOperation/>").unwrap();
        let e = body_of(&c, false).unwrap_err();
        assert!(e.message.contains("holds XML"), "{}", e.message);
        let _ = std::fs::remove_dir_all(&dir);
        // A required secret, off a terminal and not in a file: a usage error, nothing asked.
        let c = call(&["users", "create", "a@b.c"]);
        let e = body_of(&c, false).unwrap_err();
        assert!(e.message.contains("Password, a secret"), "{}", e.message);
    }

    #[test]
    fn the_dry_run_shows_the_full_url_headers_and_body_without_secrets() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9/root/")
            .format(crate::Format::Xml)
            .build()
            .unwrap();
        let dir = std::env::temp_dir().join(format!("mbs-dry-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("user.json");
        std::fs::write(
            &file,
            r#"{"Email":"x@b.c","Password":"hunter2-secret","FirstName":"A"}"#,
        )
        .unwrap();
        let c = call(&[
            "users",
            "create",
            "a@b.c",
            "--body",
            &file.to_string_lossy(),
            "--set",
            "Enabled=true",
        ]);
        let body = body_of(&c, false).unwrap().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        // The file, the argument and --set over it, and .NET's defaults for the value types left out.
        assert_eq!(
            String::from_utf8(body.clone()).unwrap(),
            r#"{"Email":"a@b.c","Password":"hunter2-secret","FirstName":"A","Enabled":true,"SendEmailInstruction":false,"LicenseManagmentMode":0}"#
        );
        let req = match (c.dynamic.call)(&client, &[], Some(&body), true).unwrap() {
            DynamicOutcome::DryRun(r) => r,
            other => panic!("{other:?}"),
        };
        let text = String::from_utf8(dry_run_text(client.base_url(), &req)).unwrap();
        assert!(text.starts_with(
            "POST http://127.0.0.1:9/root/api/Users\nAuthorization: Bearer <redacted>\nAccept: application/xml\nContent-Type: application/xml; charset=utf-8\n\n<"
        ), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.contains("&lt;redacted&gt;") || text.contains("<redacted>"),
            "{text}"
        );
        assert!(req.body_is_redacted());
        let c = call(&["destinations", "delete", "D 1", "U/1"]);
        let req = match (c.dynamic.call)(&client, &["D 1", "U/1"], None, true).unwrap() {
            DynamicOutcome::DryRun(r) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            String::from_utf8(dry_run_text(client.base_url(), &req)).unwrap(),
            "DELETE http://127.0.0.1:9/root/api/Destinations/D%201?userId=U%2F1\nAuthorization: Bearer <redacted>\nAccept: application/xml\n"
        );
    }

    #[test]
    fn the_token_is_cached_reused_and_replaced_after_a_401() {
        let sandbox = crate::sandbox::Sandbox::start().unwrap();
        let dir = std::env::temp_dir().join(format!("mbs-auth-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let env: std::collections::HashMap<&'static str, String> = [
            ("MBS_BASE_URL", sandbox.base_url().to_owned()),
            ("MBS_LOGIN", sandbox.api_login().to_owned()),
            ("MBS_PASSWORD", sandbox.api_password().expose().to_owned()),
            (
                "XDG_CACHE_HOME",
                dir.join("cache").to_string_lossy().into_owned(),
            ),
            (
                "XDG_CONFIG_HOME",
                dir.join("config").to_string_lossy().into_owned(),
            ),
        ]
        .into();
        let globals = Globals {
            output: Some(OutputKind::Csv),
            ..Globals::default()
        };
        let list = || match args::parse(["mbs", "builds", "available-versions"]) {
            Ok(Ok((_, action))) => run(&globals, action, &env),
            _ => panic!("parse"),
        };
        let served = || sandbox.requests_served();
        let before = served();
        assert_eq!(list().unwrap(), Exit::Ok);
        assert_eq!(served() - before, 2, "a login and the call");
        let cache = dir.join("cache").join("mbs").join("token-default");
        let text = std::fs::read_to_string(&cache).unwrap();
        assert!(
            text.contains(&format!(
                "base_url={}",
                sandbox.base_url().trim_end_matches('/')
            )),
            "{text}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let before = served();
        assert_eq!(list().unwrap(), Exit::Ok);
        assert_eq!(served() - before, 1, "the cached token, no login");
        sandbox.expire_tokens();
        let before = served();
        assert_eq!(list().unwrap(), Exit::Ok);
        assert_eq!(served() - before, 3, "a 401, one login, the call again");
        assert_ne!(
            std::fs::read_to_string(&cache).unwrap(),
            text,
            "a new token is cached"
        );
        // A dry run sends nothing, not even a login.
        let before = served();
        let dry = Globals {
            dry_run: true,
            ..Globals::default()
        };
        match args::parse(["mbs", "licenses", "revoke", "L1", "U1"]) {
            Ok(Ok((_, action))) => assert_eq!(run(&dry, action, &env).unwrap(), Exit::Ok),
            _ => panic!("parse"),
        }
        assert_eq!(served(), before);
        // An API refusal is exit 1; a wrong password exit 3.
        let e = match args::parse([
            "mbs",
            "licenses",
            "revoke",
            "no-such-license",
            "no-such-user",
        ]) {
            Ok(Ok((_, action))) => run(&globals, action, &env).unwrap_err(),
            _ => panic!("parse"),
        };
        assert_eq!(e.exit, Exit::Api, "{}", e.message);
        let mut wrong = env.clone();
        wrong.insert("MBS_PASSWORD", "wrong-password".into());
        std::fs::remove_file(&cache).unwrap();
        let e = match args::parse(["mbs", "login"]) {
            Ok(Ok((_, action))) => run(&globals, action, &wrong).unwrap_err(),
            _ => panic!("parse"),
        };
        assert_eq!(e.exit, Exit::Auth, "{}", e.message);
        assert!(!e.message.contains("wrong-password"));
        assert!(!cache.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn clap_errors_become_one_sentence() {
        let e = args::command()
            .try_get_matches_from(["mbs", "licenses", "revoke", "L1"])
            .unwrap_err();
        let s = clap_sentence(&e);
        assert!(!s.contains('\n'), "{s}");
        assert!(s.starts_with("the following required arguments were not provided: <USER_ID> (usage: mbs licenses revoke"), "{s}");
        let e = args::command()
            .try_get_matches_from(["mbs", "licenses", "revoke", "L1", "U1", "--sett", "a=b"])
            .unwrap_err();
        let s = clap_sentence(&e);
        assert!(s.contains("--set"), "{s}");
    }
}
