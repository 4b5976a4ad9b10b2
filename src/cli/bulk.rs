//! Bulk calls from a CSV file: `mbs licenses revoke --csv rows.csv`, and the same for every
//! command whose route takes a model body (grant, release, user creation, …).
//!
//! - The header row names the columns: the body's member paths as `--set` takes them
//!   (`LicenseID`, `AccountSettings.AmazonS3.AccessKey`; matched without case) and the route's
//!   parameters (`hid`, `userId`). An empty cell leaves its member out of the body.
//! - Every row is checked first: its body is built and its request built without sending. While
//!   any row is invalid nothing is sent and the command fails (exit 2) listing each bad row with
//!   its line number; with `--force` the valid rows are sent and the others recorded `invalid`.
//! - Rows are sent by `--concurrency N` threads (default 4, at most 16) over the one shared
//!   client (one login, one connection pool), handed out in order.
//! - On a terminal, a progress bar on stderr: `[#####.....] 123/1000 ok 120 failed 3`.
//! - A results file (`--results FILE`, default `<input stem>.results.csv` beside the input) gets
//!   one line per row as each completes: the input columns, `outcome` (`ok`, `failed`,
//!   `invalid`, `skipped` or `not-sent`) and `message` (the answer, or the error's sentence).
//!   At the end it is rewritten in the input's order with a line for every row. Secret columns
//!   (a user's `Password`, a storage key) are sent but written as `<redacted>`, and scrubbed
//!   from every message.
//! - Ctrl-C stops handing out rows, lets the calls in flight finish, writes the results and
//!   fails with `interrupted after N of M rows; see <results>`. A second Ctrl-C quits at once
//!   (exit 130; the lines written so far stay).
//! - `--resume results.csv` skips the rows whose outcome there was `ok` (or `skipped`: done in
//!   an earlier run), matched by their input columns (secret columns aside), and records them
//!   `skipped`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use crate::Client;
use crate::contract::{Contract, Kind, Member};
use crate::redact::{REDACTED, Redactor};
use crate::route::{BodyShape, Dynamic, DynamicOutcome};
use crate::secret::Secret;

use super::{CliError, Ctx, Exit, json_body};

/// The default `--concurrency`.
pub(crate) const DEFAULT_CONCURRENCY: usize = 4;
/// The most `--concurrency` gives.
pub(crate) const MAX_CONCURRENCY: usize = 16;

/// How often the progress bar is redrawn, at most.
const REDRAW: Duration = Duration::from_millis(50);

/// The width of the progress bar, in characters.
const BAR: usize = 20;

/// What `--csv` and its companion flags ask for.
#[derive(Debug, Clone)]
pub(crate) struct BulkOptions {
    /// The input: a header row, then one row per call.
    pub csv: PathBuf,
    /// Send the valid rows although some are invalid.
    pub force: bool,
    /// How many calls run at once (default [`DEFAULT_CONCURRENCY`], at most [`MAX_CONCURRENCY`]).
    pub concurrency: usize,
    /// Where the results go; `None`: beside the input, `<stem>.results.csv`.
    pub results: Option<PathBuf>,
    /// A results file of an earlier run: its `ok` rows are skipped.
    pub resume: Option<PathBuf>,
    /// `licenses revoke` without `--unchecked`: each row is a checked revoke with these
    /// options, and its message records the user's license mode and the outcome.
    pub checked_revoke: Option<crate::api::revoke::RevokeOptions>,
}

/// What a bulk run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BulkSummary {
    /// Rows in the input.
    pub total: usize,
    /// Rows sent and accepted (`ok`).
    pub done: usize,
    /// Rows sent and refused, or whose call failed (`failed`).
    pub failed: usize,
    /// Rows skipped because an earlier run did them (`skipped`).
    pub skipped: usize,
    /// Rows not sent because they are invalid (`invalid`, with `--force`).
    pub invalid: usize,
    /// Rows never started because the run was interrupted (`not-sent`).
    pub not_sent: usize,
    /// Whether Ctrl-C stopped the run.
    pub interrupted: bool,
    /// The results file (`None` for a dry run, which writes none).
    pub results: Option<PathBuf>,
}

impl BulkSummary {
    /// The command's result: `Ok` when every row is done (sent and accepted, or skipped), else
    /// an API failure (exit 1) saying what happened and where the results are.
    pub(crate) fn status(&self) -> Result<(), CliError> {
        let see = match &self.results {
            Some(path) => format!("; see {}", path.display()),
            None => String::new(),
        };
        let message = if self.interrupted {
            format!(
                "interrupted after {} of {} rows{see}",
                self.done + self.failed,
                self.total - self.skipped - self.invalid
            )
        } else if self.failed > 0 {
            format!("{} of {} rows failed{see}", self.failed, self.total)
        } else if self.invalid > 0 {
            format!(
                "{} of {} rows were invalid and not sent{see}",
                self.invalid, self.total
            )
        } else {
            return Ok(());
        };
        Err(CliError {
            exit: Exit::Api,
            message,
        })
    }
}

/// Runs `dynamic` once per row of `opts.csv` with the command's client: see the module's docs.
/// With `--dry-run`, prints each row's request (secrets redacted) and sends nothing.
pub(crate) fn run(
    ctx: &Ctx,
    dynamic: &'static Dynamic,
    opts: &BulkOptions,
) -> Result<BulkSummary, CliError> {
    let interrupt = interrupt_flag();
    let mut stdout = std::io::stdout().lock();
    let run = Run {
        client: &ctx.client,
        dynamic,
        opts,
        progress: ctx.progress,
        dry_run: ctx.dry_run,
        stop: interrupt,
    };
    let summary = run.go(&mut stdout)?;
    if ctx.progress && !ctx.dry_run {
        eprintln!("{}", summary_line(&summary));
    }
    Ok(summary)
}

/// One line saying what a run did.
fn summary_line(s: &BulkSummary) -> String {
    let mut line = format!("{} rows: {} ok, {} failed", s.total, s.done, s.failed);
    for (n, what) in [
        (s.skipped, "skipped"),
        (s.invalid, "invalid"),
        (s.not_sent, "not sent"),
    ] {
        if n > 0 {
            line.push_str(&format!(", {n} {what}"));
        }
    }
    if let Some(path) = &s.results {
        line.push_str(&format!("; results in {}", path.display()));
    }
    line
}

/// Set by the first Ctrl-C (the handler is installed on first use, once per process); a
/// second Ctrl-C exits at once.
fn interrupt_flag() -> &'static AtomicBool {
    static INTERRUPTED: AtomicBool = AtomicBool::new(false);
    static HANDLER: OnceLock<bool> = OnceLock::new();
    HANDLER.get_or_init(|| {
        ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\nmbs: stopping after the calls in flight (Ctrl-C again to quit at once)");
        })
        // Without a handler (another one is installed) Ctrl-C ends the process as usual; the
        // lines written so far stay in the results file.
        .is_ok()
    });
    &INTERRUPTED
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    Failed,
    Invalid,
    Skipped,
    NotSent,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
            Outcome::Invalid => "invalid",
            Outcome::Skipped => "skipped",
            Outcome::NotSent => "not-sent",
        }
    }
}

/// What a CSV column feeds.
#[derive(Debug, Clone)]
enum Column {
    /// The route's parameter at this index.
    Param(usize),
    /// A body member (path as written in the header); `secret` when its value is one,
    /// `required` when the docs require it (a top-level member).
    Member {
        path: String,
        secret: bool,
        required: bool,
    },
}

impl Column {
    fn secret(&self) -> bool {
        matches!(self, Column::Member { secret: true, .. })
    }
}

/// One input row.
struct Row {
    /// Its line in the input (1 is the header).
    line: u64,
    cells: Vec<String>,
    /// Its call, or why it is invalid; `None` when skipped (not checked).
    call: Option<Result<Call, String>>,
    /// What scrubs its secrets from messages.
    redactor: Redactor,
}

/// A row's call, built and checked.
struct Call {
    params: Vec<String>,
    body: Option<Vec<u8>>,
    /// The request as `--dry-run` shows it, secrets redacted.
    shown: String,
}

/// A bulk run over one client.
struct Run<'a> {
    client: &'a Client,
    dynamic: &'static Dynamic,
    opts: &'a BulkOptions,
    progress: bool,
    dry_run: bool,
    stop: &'a AtomicBool,
}

/// The results file being written, and every row's outcome so far.
struct Recorder {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
    outcomes: Vec<Option<(Outcome, String)>>,
    /// The first write failure: the run stops.
    failure: Option<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Run<'_> {
    fn go(&self, out: &mut dyn Write) -> Result<BulkSummary, CliError> {
        let concurrency = match self.opts.concurrency {
            0 => return Err(CliError::usage("--concurrency must be at least 1")),
            n => n.min(MAX_CONCURRENCY),
        };
        let route = self.dynamic.route;
        let contract = match route.body {
            BodyShape::Model(c) => Some(c),
            BodyShape::None => None,
            BodyShape::List(c) => {
                return Err(CliError::usage(format!(
                    "{} {} takes a list of {} as its body, so it can't be sent row by row from a CSV file",
                    route.group.to_lowercase(),
                    route.operation.replace('_', "-"),
                    c.name
                )));
            }
        };
        let input = &self.opts.csv;
        let results = match &self.opts.results {
            Some(path) => path.clone(),
            None => default_results(input),
        };
        if same_file(&results, input) {
            return Err(CliError::usage(format!(
                "the results file {} is the input; give another with --results",
                results.display()
            )));
        }
        let Input {
            header,
            columns,
            mut rows,
        } = read_input(input, route.params, contract)?;

        // Rows done by an earlier run are skipped; every other row is checked.
        let mut done = match &self.opts.resume {
            Some(resume) => read_resume(resume, &header, &columns)?,
            None => HashMap::new(),
        };
        for row in &mut rows {
            let skip = done
                .get_mut(&key(&columns, &shown_cells(row, &columns)))
                .filter(|n| **n > 0)
                .map(|n| *n -= 1)
                .is_some();
            if !skip {
                row.call = Some(self.check(&columns, header.len(), row, contract));
            }
        }
        let bad: Vec<String> = rows
            .iter()
            .filter_map(|r| match &r.call {
                Some(Err(why)) => Some(format!("line {}: {why}", r.line)),
                _ => None,
            })
            .collect();
        if !bad.is_empty() && !self.opts.force {
            return Err(CliError::usage(format!(
                "{} of {} rows of {} are invalid, so nothing was sent (--force sends the valid ones):\n  {}",
                bad.len(),
                rows.len(),
                input.display(),
                bad.join("\n  ")
            )));
        }

        if self.dry_run {
            let mut first = true;
            for row in &rows {
                if let Some(Ok(call)) = &row.call {
                    let gap = if first { "" } else { "\n" };
                    first = false;
                    writeln!(out, "{gap}# line {}\n{}", row.line, call.shown)
                        .map_err(|e| CliError::usage(format!("could not write the output: {e}")))?;
                }
            }
            return Ok(BulkSummary {
                total: rows.len(),
                done: 0,
                failed: 0,
                skipped: rows.iter().filter(|r| r.call.is_none()).count(),
                invalid: bad.len(),
                not_sent: 0,
                interrupted: false,
                results: None,
            });
        }

        let recorder = Mutex::new(Recorder::create(&results, &header, rows.len())?);
        {
            let mut rec = lock(&recorder);
            for (i, row) in rows.iter().enumerate() {
                match &row.call {
                    None => rec.record(i, row, &columns, Outcome::Skipped, String::new()),
                    Some(Err(why)) => rec.record(i, row, &columns, Outcome::Invalid, why.clone()),
                    Some(Ok(_)) => {}
                }
            }
            if let Some(failure) = rec.failure.take() {
                return Err(CliError::usage(failure));
            }
        }
        let work: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.call, Some(Ok(_))))
            .map(|(i, _)| i)
            .collect();
        let sent = self.send(&rows, &work, &columns, &recorder, concurrency);

        let rec = recorder.into_inner().unwrap_or_else(|p| p.into_inner());
        let (summary, write_failure) = rec.finish(&rows, &columns, &header);
        let summary = BulkSummary {
            interrupted: sent.interrupted,
            ..summary
        };
        if let Some(failure) = write_failure {
            return Err(CliError {
                exit: Exit::Api,
                message: format!("{failure}; {}", summary_line(&summary)),
            });
        }
        if let Some(auth) = sent.auth {
            return Err(CliError {
                exit: Exit::Auth,
                message: format!(
                    "{auth}; stopped after {} of {} rows; see {}",
                    summary.done + summary.failed,
                    work.len(),
                    results.display()
                ),
            });
        }
        Ok(summary)
    }

    /// Builds a row's call and its request, sending nothing.
    fn check(
        &self,
        columns: &[Column],
        width: usize,
        row: &Row,
        contract: Option<&'static Contract>,
    ) -> Result<Call, String> {
        if row.cells.len() != width {
            return Err(format!(
                "has {} fields where the header has {width}",
                row.cells.len()
            ));
        }
        let mut params = vec![String::new(); self.dynamic.route.params.len()];
        let mut pairs = Vec::new();
        for (column, cell) in columns.iter().zip(&row.cells) {
            match column {
                Column::Param(i) => {
                    if let Some(p) = params.get_mut(*i) {
                        p.clone_from(cell);
                    }
                }
                Column::Member { path, .. } if !cell.is_empty() => {
                    pairs.push((path.clone(), cell.clone()))
                }
                Column::Member {
                    path,
                    required: true,
                    ..
                } => return Err(format!("{path} is empty, and the route requires it")),
                Column::Member { .. } => {}
            }
        }
        let scrub = |message: String| {
            let mut message = message;
            row.redactor.text(&mut message);
            message
        };
        let body = match contract {
            Some(contract) => Some(json_body(contract, &pairs).map_err(|e| scrub(e.message))?),
            None => None,
        };
        let texts: Vec<&str> = params.iter().map(String::as_str).collect();
        match (self.dynamic.call)(self.client, &texts, body.as_deref(), true) {
            Ok(DynamicOutcome::DryRun(request)) => Ok(Call {
                shown: scrub(request.to_string()),
                params,
                body,
            }),
            Ok(DynamicOutcome::Answer(_)) => Err(String::from(
                "was sent while being checked (a bug: please report it)",
            )),
            Err(e) => Err(scrub(sentence(&e))),
        }
    }

    /// Sends the rows of `work`, in order, with `concurrency` threads, until done or stopped.
    fn send(
        &self,
        rows: &[Row],
        work: &[usize],
        columns: &[Column],
        recorder: &Mutex<Recorder>,
        concurrency: usize,
    ) -> Sent {
        let next = AtomicUsize::new(0);
        let ok = AtomicUsize::new(0);
        let failed = AtomicUsize::new(0);
        let live = AtomicUsize::new(0);
        // Stops this run's workers (an authentication failure, the results file) without
        // touching the process's Ctrl-C flag.
        let abort = AtomicBool::new(false);
        let auth: Mutex<Option<String>> = Mutex::new(None);
        let workers = concurrency.min(work.len()).max(1);
        let stopped = || self.stop.load(Ordering::SeqCst) || abort.load(Ordering::SeqCst);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                live.fetch_add(1, Ordering::SeqCst);
                scope.spawn(|| {
                    while !stopped() {
                        let n = next.fetch_add(1, Ordering::SeqCst);
                        let Some(&i) = work.get(n) else { break };
                        let Some(row) = rows.get(i) else { break };
                        let Some(Ok(call)) = &row.call else {
                            continue;
                        };
                        let texts: Vec<&str> = call.params.iter().map(String::as_str).collect();
                        let result = match &self.opts.checked_revoke {
                            Some(options) => {
                                checked_revoke(self.client, call.body.as_deref(), options)
                            }
                            None => (self.dynamic.call)(
                                self.client,
                                &texts,
                                call.body.as_deref(),
                                false,
                            ),
                        };
                        let (outcome, mut message) = match result {
                            Ok(DynamicOutcome::Answer(answer)) => {
                                (Outcome::Ok, answer_text(&answer))
                            }
                            Ok(DynamicOutcome::DryRun(_)) => (Outcome::Ok, String::new()),
                            Err(e) => {
                                let e = CliError::from(e);
                                if e.exit == Exit::Auth {
                                    let mut first = lock(&auth);
                                    if first.is_none() {
                                        let mut text = e.message.clone();
                                        row.redactor.text(&mut text);
                                        *first = Some(text);
                                    }
                                    abort.store(true, Ordering::SeqCst);
                                }
                                (Outcome::Failed, e.message)
                            }
                        };
                        row.redactor.text(&mut message);
                        match outcome {
                            Outcome::Ok => ok.fetch_add(1, Ordering::SeqCst),
                            _ => failed.fetch_add(1, Ordering::SeqCst),
                        };
                        let mut rec = lock(recorder);
                        rec.record(i, row, columns, outcome, message);
                        if rec.failure.is_some() {
                            abort.store(true, Ordering::SeqCst);
                        }
                    }
                    live.fetch_sub(1, Ordering::SeqCst);
                });
            }
            if self.progress {
                let mut shown = String::new();
                let mut stderr = std::io::stderr();
                loop {
                    let finished = live.load(Ordering::SeqCst) == 0;
                    let bar = progress_bar(
                        ok.load(Ordering::SeqCst),
                        failed.load(Ordering::SeqCst),
                        work.len(),
                    );
                    if bar != shown {
                        let _ = write!(stderr, "\r{bar}");
                        let _ = stderr.flush();
                        shown = bar;
                    }
                    if finished {
                        let _ = writeln!(stderr);
                        break;
                    }
                    std::thread::sleep(REDRAW);
                }
            }
        });
        let auth = auth.into_inner().unwrap_or_else(|p| p.into_inner());
        Sent {
            interrupted: self.stop.load(Ordering::SeqCst)
                && next.load(Ordering::SeqCst) < work.len(),
            auth,
        }
    }
}

/// One row of a checked revoke: the report as the answer (its message records the user's mode
/// and the outcome), or the refusal as the error.
fn checked_revoke(
    client: &Client,
    body: Option<&[u8]>,
    options: &crate::api::revoke::RevokeOptions,
) -> Result<DynamicOutcome, crate::Error> {
    let op = crate::LicenseOperation::from_body(crate::Format::Json, body.unwrap_or_default())?;
    let report = client.licenses().revoke_checked(&op, options)?;
    Ok(DynamicOutcome::Answer(super::commands::revoke_report_json(
        &op, &report,
    )))
}

/// How sending ended.
struct Sent {
    /// Ctrl-C stopped it before every row was handed out.
    interrupted: bool,
    /// An authentication failure stopped it.
    auth: Option<String>,
}

/// An error and its causes, as one sentence (`could not decode X from …: missing field Y`).
fn sentence(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The progress bar: `[#####.....] 123/1000 ok 120 failed 3`.
fn progress_bar(ok: usize, failed: usize, total: usize) -> String {
    let done = ok + failed;
    let filled = (done * BAR).checked_div(total).unwrap_or(BAR).min(BAR);
    format!(
        "[{}{}] {done}/{total} ok {ok} failed {failed}",
        "#".repeat(filled),
        ".".repeat(BAR - filled)
    )
}

/// An answer as a results message: nothing for `null`, a string as is, else compact JSON.
fn answer_text(answer: &serde_json::Value) -> String {
    match answer {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `<dir>/<stem>.results.csv` beside the input.
fn default_results(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| String::from("bulk"));
    input.with_file_name(format!("{stem}.results.csv"))
}

/// Whether two paths name the same file (as written, or once both exist).
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The member a dotted path names, walking into nested models.
fn member_at(contract: &'static Contract, path: &str) -> Option<&'static Member> {
    let mut contract = contract;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let member = contract
            .json_members
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case(part.trim()))?;
        if parts.peek().is_none() {
            return Some(member);
        }
        match member.kind {
            Kind::Model(inner) => contract = inner,
            _ => return None,
        }
    }
    None
}

/// What each header names: a parameter of the route, or a member of the body.
fn columns(
    header: &[String],
    params: &[&str],
    contract: Option<&'static Contract>,
) -> Result<Vec<Column>, CliError> {
    let mut columns = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        if name.is_empty() {
            return Err(CliError::usage(format!(
                "column {} of the header has no name",
                i + 1
            )));
        }
        if header[..i].iter().any(|h| h.eq_ignore_ascii_case(name)) {
            return Err(CliError::usage(format!(
                "the header names column {name:?} twice"
            )));
        }
        if let Some(p) = params.iter().position(|p| p.eq_ignore_ascii_case(name)) {
            columns.push(Column::Param(p));
            continue;
        }
        match contract.map(|c| (c, member_at(c, name))) {
            Some((_, Some(member))) => {
                let secret = member.secret || name.contains('.') && path_has_secret(contract, name);
                columns.push(Column::Member {
                    path: name.clone(),
                    secret,
                    required: member.required && !name.contains('.'),
                });
            }
            Some((c, None)) => {
                let mut known: Vec<&str> = params.to_vec();
                known.extend(c.json_members.iter().map(|m| m.name));
                return Err(CliError::usage(format!(
                    "the header's column {name:?} is neither a parameter of the route nor a member of {} (columns: {})",
                    c.name,
                    known.join(", ")
                )));
            }
            None => {
                return Err(CliError::usage(format!(
                    "the header's column {name:?} is not a parameter of the route (its parameters: {})",
                    if params.is_empty() {
                        String::from("none")
                    } else {
                        params.join(", ")
                    }
                )));
            }
        }
    }
    let missing: Vec<&str> = params
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !columns
                .iter()
                .any(|c| matches!(c, Column::Param(p) if p == i))
        })
        .map(|(_, p)| *p)
        .collect();
    if !missing.is_empty() {
        return Err(CliError::usage(format!(
            "the header has no column for the route's parameter{} {}",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }
    Ok(columns)
}

/// Whether any member along a dotted path is a secret.
fn path_has_secret(contract: Option<&'static Contract>, path: &str) -> bool {
    let Some(contract) = contract else {
        return false;
    };
    let parts: Vec<&str> = path.split('.').collect();
    (1..=parts.len()).any(|n| member_at(contract, &parts[..n].join(".")).is_some_and(|m| m.secret))
}

/// The input file, read.
struct Input {
    /// The header's names, trimmed.
    header: Vec<String>,
    /// What each column feeds.
    columns: Vec<Column>,
    rows: Vec<Row>,
}

/// Reads the input: its header, what each column feeds, and its rows.
fn read_input(
    path: &Path,
    params: &[&str],
    contract: Option<&'static Contract>,
) -> Result<Input, CliError> {
    let file = File::open(path)
        .map_err(|e| CliError::usage(format!("could not open {}: {e}", path.display())))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let bad = |e: csv::Error| CliError::usage(format!("could not read {}: {e}", path.display()));
    let header: Vec<String> = reader
        .headers()
        .map_err(bad)?
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let h = if i == 0 {
                h.trim_start_matches('\u{feff}')
            } else {
                h
            };
            h.trim().to_owned()
        })
        .collect();
    if header.is_empty() || header.iter().all(String::is_empty) {
        return Err(CliError::usage(format!(
            "{} has no header row (the first row names the columns)",
            path.display()
        )));
    }
    let columns = columns(&header, params, contract)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(bad)?;
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        let mut redactor = Redactor::default();
        for (column, cell) in columns.iter().zip(&cells) {
            if column.secret() {
                redactor.add(&Secret::new(cell.as_str()));
            }
        }
        rows.push(Row {
            line,
            cells,
            call: None,
            redactor,
        });
    }
    Ok(Input {
        header,
        columns,
        rows,
    })
}

/// A row's key for `--resume`: its cells as the results file shows them, secret columns
/// aside.
fn key(columns: &[Column], cells: &[String]) -> Vec<String> {
    cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if columns.get(i).is_some_and(Column::secret) {
                String::new()
            } else {
                c.clone()
            }
        })
        .collect()
}

/// The rows an earlier run did (`ok`, or `skipped` because done before), counted by key.
fn read_resume(
    path: &Path,
    header: &[String],
    columns: &[Column],
) -> Result<HashMap<Vec<String>, usize>, CliError> {
    let bad = |what: String| CliError::usage(format!("could not read {}: {what}", path.display()));
    let file = File::open(path).map_err(|e| bad(e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(std::io::BufReader::new(file));
    let theirs: Vec<String> = reader
        .headers()
        .map_err(|e| bad(e.to_string()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
        .collect();
    let width = header.len();
    let matches = theirs.len() == width + 2
        && theirs[..width]
            .iter()
            .zip(header)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
        && theirs[width].eq_ignore_ascii_case("outcome")
        && theirs[width + 1].eq_ignore_ascii_case("message");
    if !matches {
        return Err(CliError::usage(format!(
            "{} is not a results file of this input: its header should be the input's columns, then outcome and message",
            path.display()
        )));
    }
    let mut done = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad(e.to_string()))?;
        let outcome = record.get(width).unwrap_or("");
        if outcome == Outcome::Ok.as_str() || outcome == Outcome::Skipped.as_str() {
            let cells: Vec<String> = record.iter().take(width).map(str::to_owned).collect();
            *done.entry(key(columns, &cells)).or_insert(0) += 1;
        }
    }
    Ok(done)
}

impl Recorder {
    fn create(path: &Path, header: &[String], rows: usize) -> Result<Recorder, CliError> {
        let file = File::create(path).map_err(|e| {
            CliError::usage(format!(
                "could not create the results file {}: {e}",
                path.display()
            ))
        })?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        let mut failure = None;
        if let Err(e) = write_line(
            &mut writer,
            header
                .iter()
                .map(String::as_str)
                .chain(["outcome", "message"]),
        ) {
            failure = Some(format!(
                "could not write the results file {}: {e}",
                path.display()
            ));
        }
        Ok(Recorder {
            path: path.to_owned(),
            writer,
            outcomes: vec![None; rows],
            failure,
        })
    }

    /// Records a row's outcome and writes its line (flushed).
    fn record(
        &mut self,
        i: usize,
        row: &Row,
        columns: &[Column],
        outcome: Outcome,
        message: String,
    ) {
        if self.failure.is_none() {
            if let Err(e) = write_line(
                &mut self.writer,
                shown_line(row, columns, outcome, &message)
                    .iter()
                    .map(String::as_str),
            ) {
                self.failure = Some(format!(
                    "could not write the results file {}: {e}",
                    self.path.display()
                ));
            }
        }
        if let Some(slot) = self.outcomes.get_mut(i) {
            *slot = Some((outcome, message));
        }
    }

    /// Rewrites the results in the input's order, a line for every row (`not-sent` for the rows
    /// never started), and counts the outcomes.
    fn finish(
        self,
        rows: &[Row],
        columns: &[Column],
        header: &[String],
    ) -> (BulkSummary, Option<String>) {
        let Recorder {
            path,
            writer,
            outcomes,
            failure,
        } = self;
        drop(writer);
        let mut summary = BulkSummary {
            total: rows.len(),
            done: 0,
            failed: 0,
            skipped: 0,
            invalid: 0,
            not_sent: 0,
            interrupted: false,
            results: Some(path.clone()),
        };
        let mut lines = Vec::with_capacity(rows.len());
        for (row, outcome) in rows.iter().zip(outcomes) {
            let (outcome, message) = outcome.unwrap_or((Outcome::NotSent, String::new()));
            *match outcome {
                Outcome::Ok => &mut summary.done,
                Outcome::Failed => &mut summary.failed,
                Outcome::Invalid => &mut summary.invalid,
                Outcome::Skipped => &mut summary.skipped,
                Outcome::NotSent => &mut summary.not_sent,
            } += 1;
            lines.push(shown_line(row, columns, outcome, &message));
        }
        let rewrite = || -> Result<(), String> {
            let mut partial = path.clone().into_os_string();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            let file = File::create(&partial).map_err(|e| e.to_string())?;
            let mut writer = csv::Writer::from_writer(BufWriter::new(file));
            writer
                .write_record(
                    header
                        .iter()
                        .map(String::as_str)
                        .chain(["outcome", "message"]),
                )
                .map_err(|e| e.to_string())?;
            for line in &lines {
                writer.write_record(line).map_err(|e| e.to_string())?;
            }
            writer.flush().map_err(|e| e.to_string())?;
            drop(writer);
            std::fs::rename(&partial, &path).map_err(|e| e.to_string())
        };
        let failure = failure.or_else(|| {
            rewrite()
                .err()
                .map(|e| format!("could not write the results file {}: {e}", path.display()))
        });
        (summary, failure)
    }
}

/// A row's line in the results file: its cells (secret ones redacted), outcome and message on
/// one line.
fn shown_line(row: &Row, columns: &[Column], outcome: Outcome, message: &str) -> Vec<String> {
    let mut line = shown_cells(row, columns);
    line.resize(columns.len(), String::new());
    line.push(outcome.as_str().to_owned());
    line.push(message.replace(['\r', '\n'], " "));
    line
}

/// A row's cells as the results file shows them: secret columns `<redacted>`, and a secret of
/// the row scrubbed from any other cell.
fn shown_cells(row: &Row, columns: &[Column]) -> Vec<String> {
    row.cells
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if !c.is_empty() && columns.get(i).is_some_and(Column::secret) {
                REDACTED.to_owned()
            } else {
                let mut c = c.clone();
                row.redactor.text(&mut c);
                c
            }
        })
        .collect()
}

fn write_line<'a>(
    writer: &mut csv::Writer<BufWriter<File>>,
    fields: impl IntoIterator<Item = &'a str>,
) -> Result<(), String> {
    writer.write_record(fields).map_err(|e| e.to_string())?;
    writer.flush().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::models::License;
    use crate::sandbox::Sandbox;
    use std::sync::Arc;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const ALICE: &str = "0a7d1f7e-5c1b-4d6e-9b8a-000000000001";
    const PASSWORD: &str = "S3cret-Pa55word!";

    /// A scratch directory of its own for each test.
    fn scratch(name: &str) -> std::io::Result<PathBuf> {
        let dir = std::env::temp_dir().join(format!("mbs-bulk-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    fn route(group: &str, operation: &str) -> &'static Dynamic {
        crate::route::dynamic()
            .find(|d| d.route.group == group && d.route.operation == operation)
            .unwrap()
    }

    /// `n` licenses granted to alice and active on her PC, then two free ones.
    fn sandbox(n: usize) -> std::io::Result<Sandbox> {
        let mut licenses: Vec<License> = (1..=n)
            .map(|i| {
                let mut l = License::new(format!("lic-{i:04}"), i as i64);
                l.user_id = Some(ALICE.to_owned());
                l.user = Some("alice".to_owned());
                l.computer_name = Some("ALICE-PC".to_owned());
                l.is_taken = true;
                l
            })
            .collect();
        licenses.push(License::new("free-1", 9001));
        licenses.push(License::new("free-2", 9002));
        Sandbox::builder().licenses(licenses).workers(8).start()
    }

    /// Revoke (or other) calls seen by the client, by the body's `LicenseID`.
    #[derive(Default)]
    struct Seen {
        bodies: Mutex<HashMap<String, usize>>,
    }

    /// A client of `sandbox` that counts the calls to `path` by body and sets `stop` once
    /// `stop_after` of them were answered.
    fn client(
        sandbox: &Sandbox,
        path: &'static str,
        seen: Arc<Seen>,
        stop: Arc<AtomicBool>,
        stop_after: usize,
    ) -> Result<Client, crate::Error> {
        Client::builder()
            .base_url(sandbox.base_url())
            .credentials(sandbox.api_login(), sandbox.api_password().clone())
            .format(Format::Json)
            .no_proxy()
            .inspector(move |x: &crate::client::Exchange<'_>| {
                if x.request().path() != path {
                    return;
                }
                // Keyed by the body's LicenseID.
                let body: serde_json::Value =
                    serde_json::from_slice(x.request().body().unwrap_or_default())
                        .unwrap_or_default();
                let id = body["LicenseID"].as_str().unwrap_or_default().to_owned();
                let mut bodies = lock(&seen.bodies);
                *bodies.entry(id).or_insert(0) += 1;
                if bodies.values().sum::<usize>() >= stop_after {
                    stop.store(true, Ordering::SeqCst);
                }
            })
            .build()
    }

    fn opts(csv: &Path, concurrency: usize) -> BulkOptions {
        BulkOptions {
            csv: csv.to_owned(),
            force: false,
            concurrency,
            results: None,
            resume: None,
            checked_revoke: None,
        }
    }

    fn run(
        client: &Client,
        dynamic: &'static Dynamic,
        opts: &BulkOptions,
        stop: &AtomicBool,
        out: &mut Vec<u8>,
    ) -> Result<BulkSummary, CliError> {
        Run {
            client,
            dynamic,
            opts,
            progress: false,
            dry_run: false,
            stop,
        }
        .go(out)
    }

    /// The results file's lines, header first, as fields.
    fn results(path: &Path) -> Result<Vec<Vec<String>>, Box<dyn std::error::Error>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(path)?;
        let mut lines = Vec::new();
        for record in reader.records() {
            lines.push(record?.iter().map(str::to_owned).collect());
        }
        Ok(lines)
    }

    fn revoke_csv(dir: &Path, n: usize) -> std::io::Result<PathBuf> {
        let mut text = String::from("LicenseID,UserID\n");
        for i in 1..=n {
            text.push_str(&format!("lic-{i:04},{ALICE}\n"));
        }
        let path = dir.join("rows.csv");
        std::fs::write(&path, text)?;
        Ok(path)
    }

    #[test]
    fn every_valid_row_is_sent_once_and_recorded_in_order() -> TestResult {
        let dir = scratch("valid")?;
        let sandbox = sandbox(200)?;
        let csv = revoke_csv(&dir, 200)?;
        let seen = Arc::new(Seen::default());
        let never = Arc::new(AtomicBool::new(false));
        let client = client(
            &sandbox,
            "/api/Licenses/Revoke",
            seen.clone(),
            never.clone(),
            usize::MAX,
        )?;
        let summary = run(
            &client,
            route("Licenses", "revoke"),
            &opts(&csv, 8),
            &never,
            &mut Vec::new(),
        )?;
        assert_eq!(
            (
                summary.total,
                summary.done,
                summary.failed,
                summary.not_sent
            ),
            (200, 200, 0, 0)
        );
        assert!(!summary.interrupted);
        assert!(summary.status().is_ok());
        // Every row exactly once.
        let bodies = lock(&seen.bodies);
        assert_eq!(bodies.len(), 200);
        assert!(bodies.values().all(|n| *n == 1), "a row was sent twice");
        for i in 1..=200 {
            let id = format!("lic-{i:04}");
            assert_eq!(bodies.get(&id), Some(&1), "{id}");
        }
        // Revoked in the sandbox.
        let active = sandbox.licenses().iter().filter(|l| l.is_taken).count();
        assert_eq!(active, 0);
        // The results file: beside the input, every row in the input's order.
        assert_eq!(
            summary.results.as_deref(),
            Some(dir.join("rows.results.csv").as_path())
        );
        let lines = results(&dir.join("rows.results.csv"))?;
        assert_eq!(lines[0], ["LicenseID", "UserID", "outcome", "message"]);
        assert_eq!(lines.len(), 201);
        for (i, line) in lines[1..].iter().enumerate() {
            assert_eq!(
                line,
                &[
                    format!("lic-{:04}", i + 1),
                    ALICE.to_owned(),
                    "ok".into(),
                    String::new()
                ]
            );
        }
        Ok(())
    }

    #[test]
    fn an_invalid_row_stops_everything_unless_forced() -> TestResult {
        let dir = scratch("invalid")?;
        let sandbox = sandbox(4)?;
        let csv = dir.join("rows.csv");
        std::fs::write(
            &csv,
            format!(
                "licenseid, UserID\nlic-0001,{ALICE}\n,{ALICE}\nlic-0002,{ALICE}\nlic-0003\nlic-0004,{ALICE}\n"
            ),
        )?;
        let client = sandbox.client(Format::Xml)?;
        let stop = AtomicBool::new(false);
        let before = sandbox.requests_served();
        let e = run(
            &client,
            route("Licenses", "revoke"),
            &opts(&csv, 4),
            &stop,
            &mut Vec::new(),
        )
        .err()
        .ok_or("an invalid row was accepted")?;
        assert_eq!(sandbox.requests_served(), before, "something was sent");
        assert_eq!(e.exit, Exit::Usage);
        assert!(e.message.starts_with("2 of 5 rows of "), "{}", e.message);
        assert!(
            e.message
                .contains("line 3: licenseid is empty, and the route requires it"),
            "{}",
            e.message
        );
        assert!(
            e.message
                .contains("line 5: has 1 fields where the header has 2"),
            "{}",
            e.message
        );
        assert!(!dir.join("rows.results.csv").exists());
        assert_eq!(sandbox.licenses().iter().filter(|l| l.is_taken).count(), 4);

        let forced = BulkOptions {
            force: true,
            results: Some(dir.join("out.csv")),
            ..opts(&csv, 4)
        };
        let summary = run(
            &client,
            route("Licenses", "revoke"),
            &forced,
            &stop,
            &mut Vec::new(),
        )?;
        assert_eq!((summary.done, summary.invalid, summary.failed), (3, 2, 0));
        let taken: Vec<String> = sandbox
            .licenses()
            .into_iter()
            .filter(|l| l.is_taken)
            .map(|l| l.id)
            .collect();
        assert_eq!(taken, ["lic-0003"]);
        let lines = results(&dir.join("out.csv"))?;
        let outcomes: Vec<&str> = lines[1..].iter().map(|l| l[2].as_str()).collect();
        assert_eq!(outcomes, ["ok", "invalid", "ok", "invalid", "ok"]);
        assert_eq!(lines[4][..2], ["lic-0003".to_owned(), String::new()]);
        let e = summary
            .status()
            .err()
            .ok_or("invalid rows are not a success")?;
        assert_eq!(e.exit, Exit::Api);
        assert!(
            e.message.contains("2 of 5 rows were invalid"),
            "{}",
            e.message
        );
        Ok(())
    }

    #[test]
    fn a_stop_lets_the_calls_in_flight_finish_and_records_every_row() -> TestResult {
        let dir = scratch("stop")?;
        let sandbox = sandbox(200)?;
        let csv = revoke_csv(&dir, 200)?;
        let seen = Arc::new(Seen::default());
        let stop = Arc::new(AtomicBool::new(false));
        let client = client(
            &sandbox,
            "/api/Licenses/Revoke",
            seen.clone(),
            stop.clone(),
            10,
        )?;
        let summary = run(
            &client,
            route("Licenses", "revoke"),
            &opts(&csv, 4),
            &stop,
            &mut Vec::new(),
        )?;
        assert!(summary.interrupted);
        // The tenth answer stopped it; at most the three other calls in flight finished.
        assert!((10..=13).contains(&summary.done), "{summary:?}");
        assert_eq!(summary.done + summary.not_sent, 200);
        let revoked = sandbox
            .licenses()
            .iter()
            .filter(|l| l.id.starts_with("lic-") && !l.is_taken)
            .count();
        assert_eq!(revoked, summary.done);
        let e = summary
            .status()
            .err()
            .ok_or("an interrupted run is not a success")?;
        assert_eq!(e.exit, Exit::Api);
        let results_path = dir.join("rows.results.csv");
        assert_eq!(
            e.message,
            format!(
                "interrupted after {} of 200 rows; see {}",
                summary.done,
                results_path.display()
            )
        );
        let lines = results(&results_path)?;
        assert_eq!(lines.len(), 201);
        let ok = lines[1..].iter().filter(|l| l[2] == "ok").count();
        let not_sent = lines[1..].iter().filter(|l| l[2] == "not-sent").count();
        assert_eq!((ok, not_sent), (summary.done, summary.not_sent));

        // Resuming sends the rest, and only the rest.
        let seen = Arc::new(Seen::default());
        let never = Arc::new(AtomicBool::new(false));
        let client2 = super::tests::client(
            &sandbox,
            "/api/Licenses/Revoke",
            seen.clone(),
            never.clone(),
            usize::MAX,
        )?;
        let resume = BulkOptions {
            resume: Some(results_path.clone()),
            ..opts(&csv, 8)
        };
        let summary2 = run(
            &client2,
            route("Licenses", "revoke"),
            &resume,
            &never,
            &mut Vec::new(),
        )?;
        assert_eq!(
            (summary2.skipped, summary2.done, summary2.failed),
            (summary.done, 200 - summary.done, 0)
        );
        assert_eq!(
            lock(&seen.bodies).values().sum::<usize>(),
            200 - summary.done
        );
        assert_eq!(sandbox.licenses().iter().filter(|l| l.is_taken).count(), 0);
        // A third run finds everything done (skipped rows were done before).
        let before = sandbox.requests_served();
        let summary3 = run(
            &client2,
            route("Licenses", "revoke"),
            &resume,
            &never,
            &mut Vec::new(),
        )?;
        assert_eq!((summary3.skipped, summary3.done), (200, 0));
        assert_eq!(sandbox.requests_served(), before);
        assert!(
            results(&results_path)?[1..]
                .iter()
                .all(|l| l[2] == "skipped")
        );
        Ok(())
    }

    #[test]
    fn resume_resends_failed_rows_only() -> TestResult {
        let dir = scratch("resume")?;
        let sandbox = sandbox(3)?;
        let csv = dir.join("rows.csv");
        std::fs::write(
            &csv,
            format!("UserID,LicenseID\n{ALICE},lic-0001\n{ALICE},nope\n{ALICE},lic-0002\n"),
        )?;
        let seen = Arc::new(Seen::default());
        let never = Arc::new(AtomicBool::new(false));
        let client = client(
            &sandbox,
            "/api/Licenses/Release",
            seen.clone(),
            never.clone(),
            usize::MAX,
        )?;
        let release = route("Licenses", "release");
        let first = run(&client, release, &opts(&csv, 2), &never, &mut Vec::new())?;
        assert_eq!((first.done, first.failed), (2, 1));
        let e = first
            .status()
            .err()
            .ok_or("a failed row is not a success")?;
        assert!(
            e.message.starts_with("1 of 3 rows failed; see "),
            "{}",
            e.message
        );
        let lines = results(&dir.join("rows.results.csv"))?;
        assert_eq!(lines[2][2], "failed");
        assert!(
            lines[2][3].contains("License nope not found"),
            "{:?}",
            lines[2]
        );

        let resume = BulkOptions {
            resume: Some(dir.join("rows.results.csv")),
            results: Some(dir.join("second.csv")),
            ..opts(&csv, 2)
        };
        let second = run(&client, release, &resume, &never, &mut Vec::new())?;
        assert_eq!((second.skipped, second.failed, second.done), (2, 1, 0));
        // Release twice would fail: each released row went out once.
        let bodies = lock(&seen.bodies);
        assert_eq!(bodies.get("nope"), Some(&2));
        assert_eq!(bodies.values().sum::<usize>(), 4);
        drop(bodies);
        let outcomes: Vec<String> = results(&dir.join("second.csv"))?[1..]
            .iter()
            .map(|l| l[2].clone())
            .collect();
        assert_eq!(outcomes, ["skipped", "failed", "skipped"]);

        // A file of another input is refused.
        std::fs::write(dir.join("other.csv"), "LicenseID,outcome,message\n")?;
        let wrong = BulkOptions {
            resume: Some(dir.join("other.csv")),
            ..opts(&csv, 2)
        };
        let e = run(&client, release, &wrong, &never, &mut Vec::new())
            .err()
            .ok_or("accepted")?;
        assert_eq!(e.exit, Exit::Usage);
        assert!(
            e.message.contains("is not a results file of this input"),
            "{}",
            e.message
        );
        Ok(())
    }

    #[test]
    fn secrets_are_sent_but_never_written_or_shown() -> TestResult {
        let dir = scratch("secrets")?;
        let sandbox = sandbox(0)?;
        let csv = dir.join("users.csv");
        std::fs::write(
            &csv,
            format!(
                "Email,Password,Enabled,FirstName,SendEmailInstruction,LicenseManagmentMode\n\
                 new1@example.com,{PASSWORD},true,One,false,Manual\n\
                 alice,{PASSWORD}x,true,Dup,false,Manual\n\
                 new2@example.com,{PASSWORD}y,{PASSWORD}y,Bad,false,Manual\n"
            ),
        )?;
        let client = sandbox.client(Format::Json)?;
        let stop = AtomicBool::new(false);
        let create = route("Users", "create");
        let e = run(&client, create, &opts(&csv, 2), &stop, &mut Vec::new())
            .err()
            .ok_or("accepted")?;
        assert!(
            e.message
                .contains("line 4: Enabled: \"<redacted>\" is not true or false"),
            "{}",
            e.message
        );
        assert!(!e.message.contains(PASSWORD), "{}", e.message);

        // Dry run: the requests, their passwords redacted; nothing sent.
        let before = sandbox.requests_served();
        let mut out = Vec::new();
        let forced = BulkOptions {
            force: true,
            ..opts(&csv, 2)
        };
        let dry = Run {
            client: &client,
            dynamic: create,
            opts: &forced,
            progress: false,
            dry_run: true,
            stop: &stop,
        }
        .go(&mut out)?;
        assert_eq!(sandbox.requests_served(), before);
        assert_eq!(dry.results, None);
        let out = String::from_utf8(out)?;
        assert_eq!(out.matches("POST /api/Users").count(), 2, "{out}");
        assert!(out.contains(r#""Password": "<redacted>""#), "{out}");
        assert!(!out.contains(PASSWORD), "{out}");

        let summary = run(&client, create, &forced, &stop, &mut Vec::new())?;
        assert_eq!((summary.done, summary.failed, summary.invalid), (1, 1, 1));
        let created = sandbox
            .users()
            .into_iter()
            .find(|u| u.email == "new1@example.com");
        assert!(
            created.is_some_and(|u| u.password.expose() == PASSWORD),
            "the password was not sent"
        );
        let text = std::fs::read_to_string(dir.join("users.results.csv"))?;
        assert!(!text.contains(PASSWORD), "{text}");
        let lines = results(&dir.join("users.results.csv"))?;
        assert_eq!(lines[1][1], "<redacted>");
        assert_eq!(lines[1][6], "ok");
        let id = &lines[1][7];
        assert!(
            sandbox.users().iter().any(|u| &u.id == id),
            "the new user's ID is the message: {id}"
        );
        assert_eq!(lines[2][6], "failed");
        assert!(
            lines[2][7].contains("Email already exist"),
            "{:?}",
            lines[2]
        );
        // The row's secret is scrubbed from every cell, whatever the column.
        assert_eq!(lines[3][2], "<redacted>"); // Enabled was the row's password
        assert_eq!(lines[3][6], "invalid");
        Ok(())
    }

    #[test]
    fn headers_are_checked_before_any_row() -> TestResult {
        let dir = scratch("headers")?;
        let sandbox = sandbox(1)?;
        let client = sandbox.client(Format::Json)?;
        let stop = AtomicBool::new(false);
        let cases = [
            (
                "LicenseID,UserID,Colour\n",
                "\"Colour\" is neither a parameter of the route nor a member of LicenseOperation",
            ),
            ("LicenseID,licenseid\n", "names column \"licenseid\" twice"),
            (
                "\u{feff}LicenseID,,UserID\n",
                "column 2 of the header has no name",
            ),
        ];
        for (text, expected) in cases {
            let csv = dir.join("h.csv");
            std::fs::write(&csv, text)?;
            let e = run(
                &client,
                route("Licenses", "revoke"),
                &opts(&csv, 1),
                &stop,
                &mut Vec::new(),
            )
            .err()
            .ok_or("accepted")?;
            assert_eq!(e.exit, Exit::Usage);
            assert!(e.message.contains(expected), "{}", e.message);
        }
        // A route's parameters are columns too: all of them are needed.
        let csv = dir.join("d.csv");
        std::fs::write(&csv, "id\nx\n")?;
        let e = run(
            &client,
            route("Destinations", "delete"),
            &opts(&csv, 1),
            &stop,
            &mut Vec::new(),
        )
        .err()
        .ok_or("accepted")?;
        assert!(
            e.message
                .contains("no column for the route's parameter userId"),
            "{}",
            e.message
        );
        // A list body can't come from rows.
        let e = run(
            &client,
            route("Users", "delete_computers"),
            &opts(&csv, 1),
            &stop,
            &mut Vec::new(),
        )
        .err()
        .ok_or("accepted")?;
        assert!(e.message.contains("takes a list of"), "{}", e.message);
        // Neither can zero workers, nor the input as its own results.
        let e = run(
            &client,
            route("Licenses", "revoke"),
            &opts(&csv, 0),
            &stop,
            &mut Vec::new(),
        )
        .err()
        .ok_or("accepted")?;
        assert!(e.message.contains("at least 1"), "{}", e.message);
        let same = BulkOptions {
            results: Some(csv.clone()),
            ..opts(&csv, 1)
        };
        let e = run(
            &client,
            route("Licenses", "revoke"),
            &same,
            &stop,
            &mut Vec::new(),
        )
        .err()
        .ok_or("accepted")?;
        assert!(e.message.contains("is the input"), "{}", e.message);
        Ok(())
    }

    #[test]
    fn the_progress_bar() {
        assert_eq!(
            progress_bar(120, 3, 1000),
            "[##..................] 123/1000 ok 120 failed 3"
        );
        assert_eq!(
            progress_bar(0, 0, 0),
            "[####################] 0/0 ok 0 failed 0"
        );
        assert_eq!(
            progress_bar(5, 5, 10),
            "[####################] 10/10 ok 5 failed 5"
        );
    }
}
