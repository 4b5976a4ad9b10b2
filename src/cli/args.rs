//! The command line: built with clap's builder API from the route tables
//! ([`crate::route::dynamic`]), so every route the SDK covers is a command and no second list
//! is kept by hand.
//!
//! `mbs [GLOBAL] <group> <operation> [PARAMS…] [--set Field=value]… [--body FILE|-] [GLOBAL]`:
//! the group is the route's group in lower case (`licenses`), the operation its name with `-`
//! for `_` (`delete-computers`). The positional arguments are the route's parameters (path,
//! then query) and then, for a body that is one model, the model's required members that are
//! not secrets, in the order the JSON shows them (`mbs licenses revoke <LICENSE_ID>
//! <USER_ID>`). Any member can be set with `--set` (dotted paths into nested models); secret
//! members (passwords, storage keys) are never taken from the command line.
//!
//! Everything here is checked before any I/O; a mistake is a [`CliError`] with exit status 2.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::contract::{Contract, Kind, Member};
use crate::format::Format;
use crate::route::{BodyShape, Dynamic, Route};

use super::CliError;
use super::output::OutputKind;

/// The flags every command takes, before or after the subcommand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Globals {
    /// `--format json|xml`: the wire format.
    pub(crate) format: Option<Format>,
    /// `--output json|csv|table`.
    pub(crate) output: Option<OutputKind>,
    /// `--profile NAME`.
    pub(crate) profile: Option<String>,
    /// `--dry-run`: print the request, send nothing.
    pub(crate) dry_run: bool,
    /// `-v`: print every exchange on stderr.
    pub(crate) verbose: bool,
}

/// `--csv FILE` and its companions, on commands whose route takes a model body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BulkArgs {
    pub(crate) csv: PathBuf,
    pub(crate) force: bool,
    pub(crate) concurrency: usize,
    pub(crate) results: Option<PathBuf>,
    pub(crate) resume: Option<PathBuf>,
}

use super::bulk::{DEFAULT_CONCURRENCY, MAX_CONCURRENCY};

/// One route's command, as given.
#[derive(Clone)]
pub(crate) struct RouteCall {
    pub(crate) dynamic: &'static Dynamic,
    /// The route's parameters, in its order.
    pub(crate) params: Vec<String>,
    /// Body members: the positional ones, then every `--set`, in order (a later one wins).
    pub(crate) pairs: Vec<(String, String)>,
    /// `--body FILE`, `-` for stdin.
    pub(crate) body_file: Option<String>,
    /// `--secret PATH`: members to ask for without echo.
    pub(crate) ask: Vec<String>,
    /// `--csv FILE …`.
    pub(crate) bulk: Option<BulkArgs>,
    /// `licenses revoke` only: how the checked revoke proceeds (`None`: `--unchecked`, or any
    /// other route).
    pub(crate) checked_revoke: Option<CheckedRevoke>,
}

/// The checked revoke's flags (`mbs licenses revoke`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CheckedRevoke {
    /// `--switch-to-manual`: switch an automatic user to manual first.
    pub(crate) switch_to_manual: bool,
    /// `--null-password`: with the switch, send a null password instead of asking for it.
    pub(crate) null_password: bool,
}

/// Whether a route is `POST /api/Licenses/Revoke`, whose command is the checked revoke.
pub(crate) fn is_revoke(r: &crate::route::Route) -> bool {
    r.group == "Licenses" && r.operation == "revoke"
}

impl std::fmt::Debug for RouteCall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouteCall")
            .field("route", &self.dynamic.route.path)
            .field("params", &self.params)
            .field("pairs", &self.pairs)
            .field("body_file", &self.body_file)
            .field("ask", &self.ask)
            .field("bulk", &self.bulk)
            .field("checked_revoke", &self.checked_revoke)
            .finish()
    }
}

/// What the command line asks for.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// Call one route (or, with `--csv`, one per row).
    Route(RouteCall),
    /// `mbs login`.
    Login,
    /// `mbs configure [--base-url URL] [--login LOGIN]`.
    Configure {
        base_url: Option<String>,
        login: Option<String>,
    },
    /// `mbs sandbox serve`.
    Serve {
        port: u16,
        seed: Option<PathBuf>,
        latency: Duration,
        licenses: Option<usize>,
    },
    /// `mbs wire check [FILE] --model NAME`.
    WireCheck {
        file: Option<PathBuf>,
        model: String,
    },
    /// `mbs wire sample ROUTE [--response]`.
    WireSample { route: String, response: bool },
    /// `mbs wire encode ROUTE --set Field=value…`.
    WireEncode {
        route: String,
        pairs: Vec<(String, String)>,
    },
}

/// The command name of a route's group (`licenses`).
pub(crate) fn group_name(route: &Route) -> String {
    route.group.to_ascii_lowercase()
}

/// The command name of a route's operation (`delete-computers`).
pub(crate) fn operation_name(route: &Route) -> String {
    route.operation.replace('_', "-")
}

/// `LICENSE_ID` for `LicenseID`, `USER_EMAIL` for `userEmail`, `HID` for `hid`.
pub(crate) fn value_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// The members of a model body taken as positional arguments: required, not secret, not a
/// nested model, in JSON order.
pub(crate) fn positional_members(route: &Route) -> Vec<&'static Member> {
    match route.body {
        BodyShape::Model(c) => c
            .json_members
            .iter()
            .filter(|m| m.required && !m.secret && !matches!(m.kind, Kind::Model(_)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The member a dotted path names (names matched without case).
pub(crate) fn member_at(contract: &'static Contract, path: &str) -> Option<&'static Member> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let member = contract
        .json_members
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(head))?;
    match (rest, member.kind) {
        (None, _) => Some(member),
        (Some(rest), Kind::Model(inner)) => member_at(inner, rest),
        (Some(_), _) => None,
    }
}

fn kind_text(kind: &Kind) -> String {
    match kind {
        Kind::String => "text".into(),
        Kind::Bool => "true|false".into(),
        Kind::Int32 | Kind::Int64 => "number".into(),
        Kind::Decimal => "decimal".into(),
        Kind::Guid => "GUID".into(),
        Kind::DateTime => "date-time".into(),
        Kind::Enum(e) => {
            let names: Vec<&str> = e.values.iter().map(|(n, _)| *n).collect();
            names.join("|")
        }
        Kind::Model(c) => format!("{} (set its members as Name.Member=…)", c.name),
        Kind::List(item) => format!("list of {}, comma-separated", kind_text(item)),
    }
}

/// The help text after a route's options: what its body holds.
fn body_help(route: &Route) -> Option<String> {
    let (contract, list) = match route.body {
        BodyShape::None => return None,
        BodyShape::Model(c) => (c, false),
        BodyShape::List(c) => (c, true),
    };
    let mut s = if list {
        format!(
            "Body: a JSON array of {} objects, given with --body FILE (or - for stdin).\n\nMembers of each {}:\n",
            contract.name, contract.name
        )
    } else {
        format!(
            "Body: {} (JSON), from the arguments and --set Field=value, over --body FILE if given.\n\nMembers:\n",
            contract.name
        )
    };
    for m in contract.json_members {
        let mut notes = Vec::new();
        if m.required {
            notes.push("required");
        }
        if m.secret {
            notes.push(
                "secret: never from the command line; from --body, a CSV column or the prompt",
            );
        }
        let default;
        if !m.nullable {
            if let Some(d) = super::commands::value_default(&m.kind) {
                default = format!("{d} when left out");
                notes.push(&default);
            }
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!(" [{}]", notes.join("; "))
        };
        s.push_str(&format!("  {}: {}{}\n", m.name, kind_text(&m.kind), notes));
    }
    Some(s)
}

fn route_command(d: &'static Dynamic) -> Command {
    let r = d.route;
    let mut about = format!("{} {}", r.method, r.path);
    if r.json_only {
        about.push_str(" (JSON only)");
    }
    let mut cmd = Command::new(operation_name(r)).about(about);
    let mut words: Vec<String> = r
        .params
        .iter()
        .map(|p| format!("<{}>", value_name(p)))
        .collect();
    words.extend(
        positional_members(r)
            .iter()
            .map(|m| format!("<{}>", value_name(m.name))),
    );
    let name = format!("mbs {} {}", group_name(r), operation_name(r));
    let line = |parts: &[&str]| -> String {
        let mut l = name.clone();
        for p in parts.iter().filter(|p| !p.is_empty()) {
            l.push(' ');
            l.push_str(p);
        }
        l
    };
    let all = words.join(" ");
    let params: Vec<String> = r
        .params
        .iter()
        .map(|p| format!("<{}>", value_name(p)))
        .collect();
    let params = params.join(" ");
    let usage = match r.body {
        BodyShape::None => line(&[&all, "[OPTIONS]"]),
        BodyShape::List(_) => line(&[&all, "--body FILE", "[OPTIONS]"]),
        BodyShape::Model(_) => [
            line(&[&all, "[--set FIELD=VALUE]...", "[OPTIONS]"]),
            line(&[
                &params,
                "--body FILE",
                "[--set FIELD=VALUE]...",
                "[OPTIONS]",
            ]),
            line(&[
                "--csv FILE",
                "[--concurrency N]",
                "[--force]",
                "[--results FILE]",
                "[--resume FILE]",
                "[OPTIONS]",
            ]),
        ]
        .join("\n       "),
    };
    cmd = cmd.override_usage(usage);
    if let Some(help) = body_help(r) {
        cmd = cmd.after_help(help);
    }
    let has_model = matches!(r.body, BodyShape::Model(_));
    let mut index = 1;
    for p in r.params {
        let mut arg = Arg::new(format!("param:{p}"))
            .value_name(value_name(p))
            .index(index)
            .help(format!("the route's {{{p}}}"));
        arg = if has_model {
            arg.required_unless_present_any(["csv"])
                .conflicts_with("csv")
        } else {
            arg.required(true)
        };
        cmd = cmd.arg(arg);
        index += 1;
    }
    for m in positional_members(r) {
        cmd = cmd.arg(
            Arg::new(format!("member:{}", m.name))
                .value_name(value_name(m.name))
                .index(index)
                .help(format!("the body's {} ({})", m.name, kind_text(&m.kind)))
                .required_unless_present_any(["body", "csv"])
                .conflicts_with("csv"),
        );
        index += 1;
    }
    if r.body != BodyShape::None {
        cmd = cmd.arg(
            Arg::new("body")
                .long("body")
                .value_name("FILE")
                .help("the body as JSON from FILE, or - for stdin (JSON only; --set and arguments go over it)"),
        );
    }
    if has_model {
        cmd = cmd
            .arg(
                Arg::new("set")
                    .long("set")
                    .value_name("FIELD=VALUE")
                    .action(ArgAction::Append)
                    .help("sets a body member (a dotted path into nested models); repeatable"),
            )
            .arg(
                Arg::new("secret")
                    .long("secret")
                    .value_name("FIELD")
                    .action(ArgAction::Append)
                    .help("asks for a secret member without echo (on a terminal); repeatable"),
            )
            .arg(
                Arg::new("csv")
                    .long("csv")
                    .value_name("FILE")
                    .conflicts_with_all(["body", "set", "secret"])
                    .help("calls the route once per row of FILE (columns: parameters and body members)"),
            )
            .arg(
                Arg::new("force")
                    .long("force")
                    .action(ArgAction::SetTrue)
                    .requires("csv")
                    .help("with --csv: send the valid rows even if some are invalid"),
            )
            .arg(
                Arg::new("concurrency")
                    .long("concurrency")
                    .value_name("N")
                    .requires("csv")
                    .help("with --csv: calls in flight at once (default 4, at most 16)"),
            )
            .arg(
                Arg::new("results")
                    .long("results")
                    .value_name("FILE")
                    .requires("csv")
                    .help("with --csv: where the results go (default: <input>.results.csv beside it)"),
            )
            .arg(
                Arg::new("resume")
                    .long("resume")
                    .value_name("RESULTS")
                    .requires("csv")
                    .help("with --csv: skip the rows a previous results file says are done"),
            );
    }
    if is_revoke(r) {
        cmd = cmd
            .after_help(
                "Checked by default, as the API docs warn: \"The user shouldn't be allowed to activate licenses from the global pool automatically. Otherwise, license revocation will not work properly.\" The user is read first (GET /api/Users/{id}); a user not in Manual license mode is refused, unless --switch-to-manual; the license is read back afterwards. --unchecked sends the bare POST.",
            )
            .arg(
                Arg::new("unchecked")
                    .long("unchecked")
                    .action(ArgAction::SetTrue)
                    .conflicts_with_all(["switch-to-manual", "null-password"])
                    .help("send the bare POST, without reading the user's license mode first"),
            )
            .arg(
                Arg::new("switch-to-manual")
                    .long("switch-to-manual")
                    .action(ArgAction::SetTrue)
                    .help("switch an automatic user to manual (PUT /api/Users) before revoking; asks for the user's password on a terminal, to send it back unchanged"),
            )
            .arg(
                Arg::new("null-password")
                    .long("null-password")
                    .action(ArgAction::SetTrue)
                    .requires("switch-to-manual")
                    .help("with --switch-to-manual: send a null password (undocumented: the server might clear it) instead of asking"),
            );
    }
    cmd
}

fn global_args() -> [Arg; 5] {
    [
        Arg::new("format")
            .long("format")
            .value_name("json|xml")
            .global(true)
            .help("wire format [env MBS_FORMAT; default json]"),
        Arg::new("output")
            .long("output")
            .short('o')
            .value_name("json|csv|table")
            .global(true)
            .help("how answers print [default: table on a terminal, json otherwise]"),
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .global(true)
            .help("the profile of the config file [env MBS_PROFILE; default \"default\"]"),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .global(true)
            .help("print the request that would be sent; send nothing"),
        Arg::new("verbose")
            .short('v')
            .long("verbose")
            .action(ArgAction::SetTrue)
            .global(true)
            .help("print every HTTP exchange on stderr (secrets redacted)"),
    ]
}

/// The whole command tree.
pub(crate) fn command() -> Command {
    let mut root = Command::new("mbs")
        .version(env!("CARGO_PKG_VERSION"))
        .about("The MSP360 Managed Backup Service API from the command line")
        .after_help(
            "Settings: MBS_BASE_URL, MBS_LOGIN, MBS_PASSWORD, MBS_TOKEN, MBS_FORMAT, MBS_PROFILE, \
             or a profile (`mbs configure`). The password is read from MBS_PASSWORD or asked for \
             without echo, never from a flag.\n\
             Exit status: 0 ok, 1 API failure, 2 usage, 3 authentication, 4 network.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args());
    let mut groups: Vec<(String, Command)> = Vec::new();
    for d in crate::route::dynamic() {
        let name = group_name(d.route);
        let index = match groups.iter().position(|(g, _)| *g == name) {
            Some(i) => i,
            None => {
                let about = format!("{} routes (/api/{})", d.route.group, d.route.group);
                groups.push((
                    name.clone(),
                    Command::new(name)
                        .about(about)
                        .subcommand_required(true)
                        .arg_required_else_help(true),
                ));
                groups.len() - 1
            }
        };
        let (g, cmd) = groups.remove(index);
        groups.insert(index, (g, cmd.subcommand(route_command(d))));
    }
    for (_, g) in groups {
        root = root.subcommand(g);
    }
    root.subcommand(Command::new("login").about("logs in and caches the token (its expiry is printed, never the token)"))
        .subcommand(
            Command::new("configure")
                .about("writes a profile: base URL, API login and format (never the password)")
                .arg(Arg::new("base-url").long("base-url").value_name("URL").help("the API root"))
                .arg(Arg::new("login").long("login").value_name("LOGIN").help("the API login")),
        )
        .subcommand(
            Command::new("sandbox")
                .about("the MBS emulator")
                .subcommand_required(true)
                .arg_required_else_help(true)
                .subcommand(
                    Command::new("serve")
                        .about("runs the emulator on 127.0.0.1 until Ctrl-C, printing `export MBS_…=…` lines")
                        .long_about(super::serve::SERVE_HELP)
                        .arg(Arg::new("port").long("port").value_name("PORT").help("the port (default: a free one)"))
                        .arg(Arg::new("seed").long("seed").value_name("FILE").help("a JSON state file to start from"))
                        .arg(
                            Arg::new("latency")
                                .long("latency")
                                .value_name("DURATION")
                                .help("delay every answer (20ms, 1s, 0)"),
                        )
                        .arg(
                            Arg::new("licenses")
                                .long("licenses")
                                .value_name("N")
                                .help("seed N free licenses"),
                        ),
                ),
        )
        .subcommand(
            Command::new("wire")
                .about("format-compatibility tools")
                .subcommand_required(true)
                .arg_required_else_help(true)
                .subcommand(
                    Command::new("check")
                        .about("reports what the real server would drop, null or refuse in a JSON or XML body; exit 1 if anything")
                        .arg(Arg::new("file").value_name("FILE").help("the payload (default: stdin)"))
                        .arg(Arg::new("model").long("model").value_name("NAME").required(true).help("the model (DataContract name)")),
                )
                .subcommand(
                    Command::new("sample")
                        .about("prints the documented sample body of a route")
                        .arg(route_words())
                        .arg(
                            Arg::new("response")
                                .long("response")
                                .action(ArgAction::SetTrue)
                                .help("the answer's sample instead of the request's"),
                        ),
                )
                .subcommand(
                    Command::new("encode")
                        .about("prints the exact body bytes the SDK would send")
                        .arg(route_words())
                        .arg(
                            Arg::new("set")
                                .long("set")
                                .value_name("FIELD=VALUE")
                                .action(ArgAction::Append)
                                .help("sets a body member; repeatable"),
                        ),
                ),
        )
}

fn route_words() -> Arg {
    Arg::new("route")
        .value_name("ROUTE")
        .required(true)
        .num_args(1..=2)
        .help("`licenses revoke`, or `Licenses/revoke`")
}

fn parse_with<T>(
    m: &ArgMatches,
    id: &str,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, CliError> {
    match m.get_one::<String>(id) {
        None => Ok(None),
        Some(text) => parse(text)
            .map(Some)
            .ok_or_else(|| CliError::usage(format!("--{id} {text:?}: expected {what}"))),
    }
}

fn globals(m: &ArgMatches) -> Result<Globals, CliError> {
    Ok(Globals {
        format: parse_with(m, "format", "json or xml", |t| t.parse::<Format>().ok())?,
        output: parse_with(m, "output", "json, csv or table", OutputKind::parse)?,
        profile: m.get_one::<String>("profile").cloned(),
        dry_run: m.get_flag("dry-run"),
        verbose: m.get_flag("verbose"),
    })
}

/// Splits `Field=value`.
pub(crate) fn pair(text: &str) -> Result<(String, String), CliError> {
    match text.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_owned(), v.to_owned())),
        _ => Err(CliError::usage(format!(
            "--set {text:?}: expected FIELD=VALUE"
        ))),
    }
}

/// `20ms`, `1.5s`, `250us`, `0`; a bare number is milliseconds; at most an hour.
pub(crate) fn duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "" | "ms" => n / 1000.0,
        "s" => n,
        "us" | "µs" => n / 1_000_000.0,
        _ => return None,
    };
    (secs.is_finite() && (0.0..=3600.0).contains(&secs)).then(|| Duration::from_secs_f64(secs))
}

/// The values of `id`, none when the command has no such argument (clap's `get_many` panics
/// on an argument the command doesn't define).
fn strings(m: &ArgMatches, id: &str) -> Vec<String> {
    m.try_get_many::<String>(id)
        .ok()
        .flatten()
        .map(|v| v.cloned().collect())
        .unwrap_or_default()
}

fn route_call(d: &'static Dynamic, m: &ArgMatches) -> Result<RouteCall, CliError> {
    let r = d.route;
    let has_model = matches!(r.body, BodyShape::Model(_));
    let params: Vec<String> = r
        .params
        .iter()
        .filter_map(|p| m.get_one::<String>(&format!("param:{p}")).cloned())
        .collect();
    let mut pairs: Vec<(String, String)> = positional_members(r)
        .into_iter()
        .filter_map(|mem| {
            m.get_one::<String>(&format!("member:{}", mem.name))
                .map(|v| (mem.name.to_owned(), v.clone()))
        })
        .collect();
    let mut ask = Vec::new();
    if let BodyShape::Model(contract) = r.body {
        for text in strings(m, "set") {
            let (path, value) = pair(&text)?;
            match member_at(contract, &path) {
                Some(mem) if mem.secret => {
                    return Err(CliError::usage(format!(
                        "{} is a secret and is never taken from the command line: give it with --body FILE, or --secret {} to be asked for it",
                        path, path
                    )));
                }
                // An unknown member is reported by the body builder, with the model's members.
                _ => pairs.push((path, value)),
            }
        }
        for path in strings(m, "secret") {
            match member_at(contract, &path) {
                Some(mem) if mem.secret => ask.push(path),
                Some(_) => {
                    return Err(CliError::usage(format!(
                        "--secret {path}: not a secret member; use --set {path}=VALUE"
                    )));
                }
                None => {
                    return Err(CliError::usage(format!(
                        "--secret {path}: {} has no such member",
                        contract.name
                    )));
                }
            }
        }
    }
    let csv = if has_model {
        m.get_one::<String>("csv")
    } else {
        None
    };
    if has_model && csv.is_none() {
        for flag in ["concurrency", "results", "resume"] {
            if m.get_one::<String>(flag).is_some() {
                return Err(CliError::usage(format!("--{flag} goes with --csv FILE")));
            }
        }
        if m.get_flag("force") {
            return Err(CliError::usage("--force goes with --csv FILE"));
        }
    }
    let bulk = match (has_model, csv) {
        (true, Some(csv)) => {
            let concurrency = parse_with(m, "concurrency", "a number from 1 to 16", |t| {
                t.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_CONCURRENCY).contains(n))
            })?
            .unwrap_or(DEFAULT_CONCURRENCY);
            Some(BulkArgs {
                csv: PathBuf::from(csv),
                force: m.get_flag("force"),
                concurrency,
                results: m.get_one::<String>("results").map(PathBuf::from),
                resume: m.get_one::<String>("resume").map(PathBuf::from),
            })
        }
        _ => None,
    };
    let body_file = if r.body != BodyShape::None {
        m.get_one::<String>("body").cloned()
    } else {
        None
    };
    if matches!(r.body, BodyShape::List(_)) && body_file.is_none() {
        return Err(CliError::usage(format!(
            "{} {} takes a list of {} as its body: give it with --body FILE (a JSON array)",
            group_name(r),
            operation_name(r),
            match r.body {
                BodyShape::List(c) => c.name,
                _ => "",
            }
        )));
    }
    let checked_revoke = (is_revoke(r) && !m.get_flag("unchecked")).then(|| CheckedRevoke {
        switch_to_manual: m.get_flag("switch-to-manual"),
        null_password: m.get_flag("null-password"),
    });
    Ok(RouteCall {
        dynamic: d,
        params,
        pairs,
        body_file,
        ask,
        bulk,
        checked_revoke,
    })
}

/// Reads the command line (without the program name's handling: `args` includes it).
/// `Err(clap::Error)` is clap's own usage error, help or version.
pub(crate) fn parse<I, T>(args: I) -> Result<Result<(Globals, Action), CliError>, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    Ok(interpret(&matches))
}

fn interpret(matches: &ArgMatches) -> Result<(Globals, Action), CliError> {
    let Some((group, gm)) = matches.subcommand() else {
        return Err(CliError::usage("no command given (see `mbs --help`)"));
    };
    match group {
        "login" => Ok((globals(gm)?, Action::Login)),
        "configure" => Ok((
            globals(gm)?,
            Action::Configure {
                base_url: gm.get_one::<String>("base-url").cloned(),
                login: gm.get_one::<String>("login").cloned(),
            },
        )),
        "sandbox" => {
            let Some((_, sm)) = gm.subcommand() else {
                return Err(CliError::usage("`mbs sandbox` needs `serve`"));
            };
            Ok((
                globals(sm)?,
                Action::Serve {
                    port: parse_with(sm, "port", "a port number", |t| {
                        t.trim().parse::<u16>().ok()
                    })?
                    .unwrap_or(0),
                    seed: sm.get_one::<String>("seed").map(PathBuf::from),
                    latency: parse_with(
                        sm,
                        "latency",
                        "a duration such as 20ms, 1.5s or 250us (at most an hour)",
                        duration,
                    )?
                    .unwrap_or(Duration::ZERO),
                    licenses: parse_with(sm, "licenses", "a number", |t| {
                        t.trim().parse::<usize>().ok()
                    })?,
                },
            ))
        }
        "wire" => {
            let Some((op, wm)) = gm.subcommand() else {
                return Err(CliError::usage("`mbs wire` needs check, sample or encode"));
            };
            let route = strings(wm, "route").join(" ");
            let action = match op {
                "check" => Action::WireCheck {
                    file: wm
                        .get_one::<String>("file")
                        .filter(|f| *f != "-")
                        .map(PathBuf::from),
                    model: wm.get_one::<String>("model").cloned().unwrap_or_default(),
                },
                "sample" => Action::WireSample {
                    route,
                    response: wm.get_flag("response"),
                },
                _ => Action::WireEncode {
                    route,
                    pairs: strings(wm, "set")
                        .iter()
                        .map(|s| pair(s))
                        .collect::<Result<_, _>>()?,
                },
            };
            Ok((globals(wm)?, action))
        }
        _ => {
            let Some((op, om)) = gm.subcommand() else {
                return Err(CliError::usage(format!(
                    "`mbs {group}` needs an operation (see `mbs {group} --help`)"
                )));
            };
            let d = crate::route::dynamic()
                .find(|d| group_name(d.route) == group && operation_name(d.route) == op)
                .ok_or_else(|| CliError::usage(format!("unknown command `{group} {op}`")))?;
            Ok((globals(om)?, Action::Route(route_call(d, om)?)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(args: &[&str]) -> (Globals, Action) {
        match parse(std::iter::once("mbs").chain(args.iter().copied())) {
            Ok(Ok(x)) => x,
            Ok(Err(e)) => panic!("{args:?}: {}", e.message),
            Err(e) => panic!("{args:?}: {e}"),
        }
    }

    fn route(args: &[&str]) -> (Globals, RouteCall) {
        match ok(args) {
            (g, Action::Route(c)) => (g, c),
            (_, other) => panic!("{other:?}"),
        }
    }

    fn usage(args: &[&str]) -> String {
        match parse(std::iter::once("mbs").chain(args.iter().copied())) {
            Ok(Ok(_)) => panic!("{args:?} was accepted"),
            Ok(Err(e)) => {
                assert_eq!(e.exit, super::super::Exit::Usage);
                e.message
            }
            Err(e) => {
                assert!(e.use_stderr(), "{args:?}: a usage error, not help");
                e.to_string()
            }
        }
    }

    #[test]
    fn value_names() {
        assert_eq!(value_name("LicenseID"), "LICENSE_ID");
        assert_eq!(value_name("userEmail"), "USER_EMAIL");
        assert_eq!(value_name("userID"), "USER_ID");
        assert_eq!(value_name("hid"), "HID");
        assert_eq!(value_name("AccountSettings"), "ACCOUNT_SETTINGS");
        assert_eq!(value_name("HIDList"), "HID_LIST");
    }

    #[test]
    fn licenses_revoke_takes_the_ids_in_order_and_makes_the_license_operation()
    -> Result<(), Box<dyn std::error::Error>> {
        let (g, c) = route(&["licenses", "revoke", "L1", "U1"]);
        assert_eq!(g, Globals::default());
        assert_eq!(
            (c.dynamic.route.group, c.dynamic.route.operation),
            ("Licenses", "revoke")
        );
        assert!(c.params.is_empty());
        assert_eq!(
            c.pairs,
            vec![
                ("LicenseID".to_owned(), "L1".to_owned()),
                ("UserID".to_owned(), "U1".to_owned())
            ]
        );
        let BodyShape::Model(contract) = c.dynamic.route.body else {
            panic!()
        };
        assert_eq!(
            super::super::json_body(contract, &c.pairs)?,
            br#"{"LicenseID":"L1","UserID":"U1"}"#
        );
        // Dry run through the route's own call: the LicenseOperation in XML.
        let client = crate::Client::builder().format(Format::Xml).build()?;
        let body = super::super::json_body(contract, &c.pairs)?;
        match (c.dynamic.call)(&client, &[], Some(&body), true)? {
            crate::route::DynamicOutcome::DryRun(req) => {
                assert_eq!(req.path(), "/api/Licenses/Revoke");
                let text = String::from_utf8(req.body().unwrap_or_default().to_vec())?;
                assert!(text.starts_with("<LicenseOperation"), "{text}");
                let (l, u) = (
                    text.find("<LicenseID>L1</LicenseID>"),
                    text.find("<UserID>U1</UserID>"),
                );
                assert!(l.is_some() && u.is_some() && l < u, "{text}");
            }
            other => panic!("{other:?}"),
        }
        Ok(())
    }

    #[test]
    fn global_flags_go_before_or_after_the_command() {
        let expected = Globals {
            format: Some(Format::Xml),
            output: Some(OutputKind::Csv),
            profile: Some("sand".into()),
            dry_run: true,
            verbose: true,
        };
        let before = ok(&[
            "--format",
            "xml",
            "-o",
            "csv",
            "--profile",
            "sand",
            "--dry-run",
            "-v",
            "users",
            "get",
            "U1",
        ])
        .0;
        let after = ok(&[
            "users",
            "get",
            "U1",
            "--format=XML",
            "--output",
            "csv",
            "--profile=sand",
            "--dry-run",
            "-v",
        ])
        .0;
        let between = ok(&[
            "users",
            "--format",
            "xml",
            "get",
            "-v",
            "U1",
            "--output",
            "csv",
            "--profile",
            "sand",
            "--dry-run",
        ])
        .0;
        assert_eq!(before, expected);
        assert_eq!(after, expected);
        assert_eq!(between, expected);
    }

    #[test]
    fn params_then_members_then_sets() {
        let (_, c) = route(&["destinations", "delete", "D1", "U1"]);
        assert_eq!(c.params, vec!["D1", "U1"]);
        let (_, c) = route(&["computers", "page", "0", "10"]);
        assert_eq!(c.params, vec!["0", "10"]);
        let (_, c) = route(&[
            "packages",
            "create",
            "30 GB",
            "--set",
            "Cost=4.99",
            "--set",
            "name=31 GB",
        ]);
        assert_eq!(
            c.pairs,
            [("Name", "30 GB"), ("Cost", "4.99"), ("name", "31 GB")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
        );
        let (_, c) = route(&["licenses", "grant", "--body", "-"]);
        assert_eq!(c.body_file.as_deref(), Some("-"));
        assert!(c.pairs.is_empty());
        let (_, c) = route(&[
            "licenses",
            "revoke",
            "--csv",
            "rows.csv",
            "--concurrency",
            "8",
            "--force",
        ]);
        assert_eq!(
            c.bulk,
            Some(BulkArgs {
                csv: "rows.csv".into(),
                force: true,
                concurrency: 8,
                results: None,
                resume: None
            })
        );
        let (_, c) = route(&["users", "delete-computers", "U1", "--body", "list.json"]);
        assert_eq!(c.params, vec!["U1"]);
    }

    #[test]
    fn every_route_is_a_command() {
        let cmd = command();
        let mut n = 0;
        for d in crate::route::dynamic() {
            let g = cmd.find_subcommand(group_name(d.route)).expect("group");
            assert!(
                g.find_subcommand(operation_name(d.route)).is_some(),
                "{}",
                d.route.path
            );
            n += 1;
        }
        assert_eq!(
            n,
            crate::route::all().count() - 1,
            "every route but the login"
        );
        cmd.debug_assert();
    }

    #[test]
    fn mistakes_are_usage_errors_before_any_io() {
        assert!(usage(&["licenses", "revoke", "L1"]).contains("USER_ID"));
        assert!(usage(&["licenses", "revoke", "L1", "U1", "extra"]).contains("unexpected"));
        assert!(usage(&["licenses", "fly"]).contains("fly"));
        assert!(
            usage(&["licenses", "revoke", "L1", "U1", "--format", "yaml"]).contains("json or xml")
        );
        assert!(usage(&["licenses", "list", "--output", "html"]).contains("json, csv or table"));
        assert!(
            usage(&[
                "licenses",
                "revoke",
                "--csv",
                "x.csv",
                "--concurrency",
                "17"
            ])
            .contains("1 to 16")
        );
        assert!(usage(&["licenses", "revoke", "L1", "U1", "--force"]).contains("--csv"));
        assert!(
            usage(&["licenses", "revoke", "L1", "U1", "--set", "nope"]).contains("FIELD=VALUE")
        );
        assert!(usage(&["users", "delete-computers", "U1"]).contains("--body FILE"));
        assert!(usage(&["sandbox", "serve", "--latency", "fast"]).contains("duration"));
    }

    #[test]
    fn secrets_are_never_taken_from_the_command_line() {
        let m = usage(&["users", "create", "a@b.c", "--set", "Password=hunter2"]);
        assert!(m.contains("Password is a secret"), "{m}");
        assert!(!m.contains("hunter2"));
        let m = usage(&[
            "accounts",
            "create",
            "S3",
            "--set",
            "AccountSettings.AmazonS3.SecretKey=SK",
        ]);
        assert!(m.contains("is a secret"), "{m}");
        // A secret member is never a positional argument.
        for d in crate::route::dynamic() {
            assert!(positional_members(d.route).iter().all(|m| !m.secret));
        }
        let (_, c) = route(&["users", "create", "a@b.c", "--secret", "password"]);
        assert_eq!(c.ask, vec!["password"]);
    }

    #[test]
    fn help_and_version_are_not_errors_and_name_the_route() {
        for args in [
            &["mbs", "--help"][..],
            &["mbs", "--version"],
            &["mbs", "licenses", "revoke", "--help"],
        ] {
            let e = parse(args.iter().copied()).expect_err("help");
            assert!(!e.use_stderr(), "{args:?}");
            assert_eq!(e.exit_code(), 0);
        }
        let help = command()
            .find_subcommand_mut("licenses")
            .and_then(|g| g.find_subcommand_mut("revoke"))
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(help.contains("POST /api/Licenses/Revoke"), "{help}");
        assert!(help.contains("<LICENSE_ID> <USER_ID>"), "{help}");
        let help = command()
            .find_subcommand_mut("computers")
            .and_then(|g| g.find_subcommand_mut("get"))
            .map(|c| c.render_help().to_string())
            .unwrap_or_default();
        assert!(help.contains("(JSON only)"), "{help}");
    }

    #[test]
    fn durations() {
        assert_eq!(duration("20ms"), Some(Duration::from_millis(20)));
        assert_eq!(duration("1.5s"), Some(Duration::from_millis(1500)));
        assert_eq!(duration("0"), Some(Duration::ZERO));
        assert_eq!(duration("250us"), Some(Duration::from_micros(250)));
        assert_eq!(duration("2h"), None);
        assert_eq!(duration("-1ms"), None);
    }
}
