//! `mbs sandbox serve`: the sandbox emulator ([`crate::sandbox`]) as a standalone server on
//! 127.0.0.1, until Ctrl-C, for integrations in any language.
//!
//! On stdout it prints `export MBS_…=…` lines a shell can eval (base URL, the sandbox's demo
//! credentials, the format, seeded IDs); on stderr, one line per request answered with what
//! the real server would have dropped, nulled or refused, and a summary when stopped.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::sandbox::{Sandbox, Served};

use super::{CliError, Exit};

/// The long help of `mbs sandbox serve`: what it prints and the seed file's format.
pub(crate) const SERVE_HELP: &str = "\
Runs the sandbox emulator as a standalone server on 127.0.0.1 until Ctrl-C.

On stdout it prints shell lines to eval in another terminal (or source from a file):
  export MBS_BASE_URL=http://127.0.0.1:PORT
  export MBS_LOGIN=sandbox-api
  export MBS_PASSWORD=sandbox-password   (the sandbox's fixed demo password, not a secret)
  export MBS_FORMAT=json
  export MBS_USER_ID=…          a seeded user in manual license mode
  export MBS_LICENSE_ID=…       a license granted to that user and active: revoke it
  export MBS_FREE_LICENSE_ID=…  a free license: grant it
On stderr, one line per request (METHOD path -> status (time)), each followed by what the
real server would drop, null or refuse, indented; a summary when stopped.

--licenses N adds N licenses granted to the seeded users in manual license mode (in turn)
and active, for bulk revokes: IDs b0000000-5c1b-4d6e-9b8a-000000000001 … (12 digits, 1 to N);
list them all with `mbs licenses list --output csv` (GET /api/Licenses).

--seed FILE reads the starting state from a JSON file: one object whose members (each
optional; a section left out keeps the default seed's; names in any case) are lists in the
API's JSON shapes:
  Users           UsersModels (ID and Email required), plus \"Password\" and \"Computers\"
                  (a list of {\"DestinationId\": …, \"ComputerName\": …})
  Licenses        LicensesModels          Companies   CompanyModel
  Administrators  AdministratorsModels, plus \"Password\"
  Packages        PackagesModels          Computers   the Computers API's models
  Accounts        AccountsModels          Builds      BuildsModels
  AvailableVersions  EditionVersion
Booleans, numbers and enums left out take their empty value (false, 0, the first member).
Example:
  {\"Users\": [{\"ID\": \"u-1\", \"Email\": \"dana\", \"Company\": \"Acme Corp\"}],
   \"Licenses\": [{\"ID\": \"l-1\", \"Number\": 1}, {\"ID\": \"l-2\", \"Number\": 2,
                 \"UserID\": \"u-1\", \"User\": \"dana\", \"IsTaken\": true, \"ComputerName\": \"PC\"}]}

--latency 20ms holds every answer that long before sending it (the distance to the real
service); up to 32 requests are answered at once, each with its own delay.";

/// How many requests the server answers at once (each worker sleeps through the latency).
const WORKERS: usize = 32;

/// How many bulk license IDs are printed.
const SHOWN: usize = 3;

/// `mbs sandbox serve`'s options.
#[derive(Debug, Clone, Default)]
pub(crate) struct ServeOptions {
    /// The port on 127.0.0.1; 0 for a free one.
    pub port: u16,
    /// A JSON state file to start from (see [`SERVE_HELP`]).
    pub seed: Option<PathBuf>,
    /// How long each answer is held.
    pub latency: Duration,
    /// How many granted, active licenses to add for bulk revokes.
    pub licenses: Option<usize>,
}

/// A value as a shell word: as it is when it is plain, else in single quotes.
fn shell_word(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@%+=,".contains(c));
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// One request's log entry: `METHOD path -> status (Nms)`, then its diagnostics, indented.
fn log_entry(served: &Served) -> String {
    let mut entry = format!(
        "{} {} -> {} ({}ms)\n",
        served.method,
        served.url,
        served.status,
        served.elapsed.as_millis()
    );
    for d in &served.diagnostics {
        entry.push_str("    ");
        entry.push_str(&d.to_string());
        entry.push('\n');
    }
    entry
}

/// The `export` lines (and comments) for a started sandbox: what a shell evals.
fn exports(sandbox: &Sandbox, bulk: usize) -> String {
    let mut lines = String::new();
    let mut export = |name: &str, value: &str| {
        lines.push_str(&format!("export {name}={}\n", shell_word(value)));
    };
    export("MBS_BASE_URL", sandbox.base_url());
    export("MBS_LOGIN", sandbox.api_login());
    // Printed on purpose: the sandbox's fixed demo password is no one's secret, and the lines
    // are meant to be eval'd.
    lines.push_str("# the sandbox's fixed demo password, not a secret\n");
    lines.push_str(&format!(
        "export MBS_PASSWORD={}\nexport MBS_FORMAT=json\n",
        shell_word(sandbox.api_password().expose())
    ));
    let users = sandbox.users();
    let licenses = sandbox.licenses();
    let manual = |id: &str| {
        users
            .iter()
            .any(|u| u.id == id && u.license_mode == crate::models::UserModeType::Manual)
    };
    // A granted, active license of a manual-mode user (the first bulk one when there are):
    // revocable.
    let is_bulk = |id: &str| id.starts_with("b0000000-5c1b-4d6e-9b8a-");
    let candidates = || {
        licenses
            .iter()
            .filter(|l| l.is_taken)
            .filter_map(|l| Some((l, l.user_id.as_deref()?)))
            .filter(|(_, u)| manual(u))
    };
    let revocable = candidates()
        .find(|(l, _)| bulk > 0 && is_bulk(&l.id))
        .or_else(|| candidates().next());
    let user = revocable
        .map(|(_, u)| u.to_owned())
        .or_else(|| users.first().map(|u| u.id.clone()));
    if let Some(user) = user {
        lines.push_str(&format!("export MBS_USER_ID={}\n", shell_word(&user)));
    }
    if let Some((license, _)) = revocable {
        lines.push_str(&format!(
            "export MBS_LICENSE_ID={}\n",
            shell_word(&license.id)
        ));
    }
    if let Some(free) = licenses.iter().find(|l| l.user_id.is_none() && !l.is_taken) {
        lines.push_str(&format!(
            "export MBS_FREE_LICENSE_ID={}\n",
            shell_word(&free.id)
        ));
    }
    if bulk > 0 {
        let ids: Vec<&str> = licenses
            .iter()
            .filter(|l| is_bulk(&l.id))
            .map(|l| l.id.as_str())
            .collect();
        let first: Vec<&str> = ids.iter().take(SHOWN).copied().collect();
        lines.push_str(&format!(
            "# {} granted, active licenses for bulk revokes: {}{} (all: mbs licenses list --output csv)\n",
            ids.len(),
            first.join(", "),
            if ids.len() > SHOWN { ", …" } else { "" }
        ));
    }
    lines
}

/// `mbs sandbox serve`: starts the sandbox, prints the exports, logs each request on stderr,
/// and returns after Ctrl-C (with a summary on stderr).
pub(crate) fn run(opts: &ServeOptions) -> Result<(), CliError> {
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| CliError {
        exit: Exit::Api,
        message: format!("can't listen for Ctrl-C: {e}"),
    })?;

    let mut builder = Sandbox::builder()
        .port(opts.port)
        .latency(opts.latency)
        .workers(WORKERS)
        .granted_licenses(opts.licenses.unwrap_or(0));
    if let Some(path) = &opts.seed {
        let json = std::fs::read(path).map_err(|e| {
            CliError::usage(format!("can't read the seed file {}: {e}", path.display()))
        })?;
        builder = builder
            .seed_json(&json)
            .map_err(|e| CliError::usage(format!("{}: {e}", path.display())))?;
    }
    let served = Arc::new(AtomicU64::new(0));
    let flagged = Arc::new(AtomicU64::new(0));
    let (s, f) = (Arc::clone(&served), Arc::clone(&flagged));
    builder = builder.request_log(move |request: &Served| {
        s.fetch_add(1, Ordering::Relaxed);
        if !request.diagnostics.is_empty() {
            f.fetch_add(1, Ordering::Relaxed);
        }
        // One write per entry, so that concurrent requests' lines don't interleave.
        let _ = std::io::stderr()
            .lock()
            .write_all(log_entry(request).as_bytes());
    });
    let sandbox = builder
        .start()
        .map_err(|e| CliError::usage(format!("can't serve on 127.0.0.1:{}: {e}", opts.port)))?;
    let started = Instant::now();

    let lines = exports(&sandbox, opts.licenses.unwrap_or(0));
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(lines.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError {
            exit: Exit::Api,
            message: format!("can't write to stdout: {e}"),
        })?;
    drop(stdout);
    eprintln!(
        "mbs sandbox serve: listening on {} (latency {}ms); Ctrl-C stops",
        sandbox.base_url(),
        opts.latency.as_millis()
    );

    // Until Ctrl-C (a closed channel, which can't happen while the handler lives, also stops).
    let _ = stop_rx.recv();
    let diagnostics = sandbox.diagnostics().len();
    drop(sandbox);
    eprintln!(
        "mbs sandbox serve: stopped after {:.1}s: {} request(s) answered, {} with diagnostics ({} diagnostic(s) in all)",
        started.elapsed().as_secs_f64(),
        served.load(Ordering::Relaxed),
        flagged.load(Ordering::Relaxed),
        diagnostics
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shell_words() {
        assert_eq!(shell_word("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$(rm)"), "'$(rm)'");
    }

    #[test]
    fn exports_name_a_revocable_license_of_a_manual_user() -> Result<(), Box<dyn std::error::Error>>
    {
        let sandbox = Sandbox::builder().granted_licenses(10).start()?;
        let text = exports(&sandbox, 10);
        let value = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("export {name}=")))
                .map(str::to_owned)
        };
        assert_eq!(value("MBS_BASE_URL").as_deref(), Some(sandbox.base_url()));
        assert_eq!(value("MBS_LOGIN").as_deref(), Some(sandbox.api_login()));
        assert_eq!(value("MBS_FORMAT").as_deref(), Some("json"));
        let (license, user) = (value("MBS_LICENSE_ID"), value("MBS_USER_ID"));
        assert_eq!(
            license.as_deref(),
            Some("b0000000-5c1b-4d6e-9b8a-000000000001")
        );
        let held = sandbox
            .licenses()
            .into_iter()
            .find(|l| Some(&l.id) == license.as_ref());
        assert!(held.is_some_and(|l| l.is_taken && l.user_id == user));
        assert!(text.contains("# 10 granted, active licenses"));
        // The seeded free license is free.
        let free = value("MBS_FREE_LICENSE_ID");
        assert!(
            sandbox
                .licenses()
                .iter()
                .any(|l| Some(&l.id) == free.as_ref() && l.user_id.is_none())
        );
        // Without bulk licenses, a seeded one.
        let plain = Sandbox::start()?;
        assert!(exports(&plain, 0).contains("export MBS_LICENSE_ID="));
        Ok(())
    }

    #[test]
    fn a_log_entry_is_a_line_and_its_diagnostics_indented() -> Result<(), Box<dyn std::error::Error>>
    {
        let entries = Arc::new(std::sync::Mutex::new(Vec::new()));
        let e = Arc::clone(&entries);
        let sandbox = Sandbox::builder()
            .latency(Duration::from_millis(30))
            .request_log(move |s| {
                if let Ok(mut v) = e.lock() {
                    v.push(log_entry(s));
                }
            })
            .start()?;
        let client = sandbox.client(crate::Format::Xml)?;
        let sent = crate::Request::new(crate::request::Method::Post, "/api/Licenses/Revoke", crate::Format::Xml)?
            .with_body(
                br#"<LicenseOperation xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models"><UserID>x</UserID><LicenseID>y</LicenseID></LicenseOperation>"#
                    .to_vec(),
            );
        let _ = client.send(&sent);
        // The log is written after the answer is sent: wait for it.
        let deadline = Instant::now() + Duration::from_secs(10);
        let entries = loop {
            let now = entries.lock().map(|v| v.clone()).unwrap_or_default();
            if now.len() >= 2 || Instant::now() > deadline {
                break now;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert_eq!(entries.len(), 2, "the login and the revoke: {entries:?}");
        assert!(entries[0].starts_with("POST /api/Provider/Login -> 200 ("));
        let revoke = &entries[1];
        assert!(
            revoke.starts_with("POST /api/Licenses/Revoke -> 400 ("),
            "{revoke}"
        );
        let ms: u128 = revoke
            .split('(')
            .nth(1)
            .and_then(|r| r.split("ms)").next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(ms >= 30, "the latency is in the time: {revoke}");
        assert!(
            revoke.contains("\n    dropped-out-of-order: <LicenseID> was dropped"),
            "{revoke}"
        );
        Ok(())
    }
}
