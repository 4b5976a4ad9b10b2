//! The `mbs` binary end to end: the real executable (`CARGO_BIN_EXE_mbs`) run as a child process
//! against an in-process sandbox, with its configuration and cache directories in a fresh
//! temporary home so that no real configuration is read or written.
//!
//! Covered: every group's list command in both wire formats (JSON output that decodes), a revoke
//! in XML that changes the sandbox's state, `--dry-run` bodies equal to the fixtures with nothing
//! sent, the exit statuses (2 usage, 3 auth, 4 network, 1 API), `-v` with the token redacted,
//! the token cache, and no secret (the API password, a user's password, any token) in any
//! output of any run: every run is checked as it finishes.
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use mspbackups::Format;
use mspbackups::sandbox::{DEFAULT_USER_PASSWORD, Sandbox};

const MBS: &str = env!("CARGO_BIN_EXE_mbs");

/// The API password the tests' sandboxes accept: distinctive, so that finding it in an output
/// can only mean it leaked.
const API_PASSWORD: &str = "cli-Test-Pa55word-7f3e";
const API_LOGIN: &str = "cli-test-api";
/// A wrong password, as secret as a right one.
const WRONG_PASSWORD: &str = "wrong-Pa55word-c41d";

/// Seeded IDs (the sandbox's default seed): license 7 is alice's and active on ALICE-PC.
const ALICE: &str = "0a7d1f7e-5c1b-4d6e-9b8a-000000000001";
const LICENSE_7: &str = "license-0007-4f2e-9c1a-sandbox";

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "mbs-cli-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A sandbox, a temporary home for the child, and the secrets no output may hold.
struct World {
    sandbox: Sandbox,
    home: TempDir,
    /// Texts that must never appear in any stdout or stderr.
    secrets: Vec<String>,
}

/// What a run of `mbs` gave.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl World {
    fn new() -> World {
        let sandbox = Sandbox::builder()
            .api_credentials(API_LOGIN, API_PASSWORD)
            .start()
            .unwrap();
        World {
            sandbox,
            home: TempDir::new(),
            secrets: vec![
                API_PASSWORD.to_owned(),
                WRONG_PASSWORD.to_owned(),
                DEFAULT_USER_PASSWORD.to_owned(),
            ],
        }
    }

    /// `mbs` with a clean environment: the temporary home and the sandbox's URL and credentials.
    fn command(&self) -> Command {
        let home = self.home.path();
        let mut c = Command::new(MBS);
        c.env_clear()
            .env("HOME", home.join("home"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("APPDATA", home.join("appdata"))
            .env("MBS_BASE_URL", self.sandbox.base_url())
            .env("MBS_LOGIN", API_LOGIN)
            .env("MBS_PASSWORD", API_PASSWORD)
            .stdin(Stdio::null());
        c
    }

    /// Runs `mbs ARGS` with the world's environment.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, |_| {})
    }

    /// Runs `mbs ARGS` after `adjust` changed the command (e.g. its environment), and checks that
    /// no secret is in its output.
    fn run_with(&self, args: &[&str], adjust: impl FnOnce(&mut Command)) -> Run {
        let mut c = self.command();
        c.args(args);
        adjust(&mut c);
        let out = c.output().unwrap();
        let run = Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        self.assert_no_secret(args, &run);
        run
    }

    /// No known secret, no token the child cached, and nothing shaped like a sandbox token (64
    /// hex digits) in the run's output.
    fn assert_no_secret(&self, args: &[&str], run: &Run) {
        let all = run.all();
        for s in self.secrets.iter().chain(self.cached_tokens().iter()) {
            assert!(
                !all.contains(s.as_str()),
                "a secret is in the output of `mbs {}`:\n{all}",
                args.join(" ")
            );
        }
        assert!(
            !has_hex_run(&all, 64),
            "a token-shaped string (64 hex digits) is in the output of `mbs {}`:\n{all}",
            args.join(" ")
        );
    }

    /// The 64-hex-digit runs in the child's cache files (the tokens it cached).
    fn cached_tokens(&self) -> Vec<String> {
        let mut out = Vec::new();
        for file in files_under(&self.home.path().join("cache")) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            out.extend(hex_runs(&text, 64));
        }
        out
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Maximal runs of at least `len` hex digits.
fn hex_runs(text: &str, len: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            cur.push(c);
        } else {
            if cur.len() >= len {
                out.push(cur.clone());
            }
            cur.clear();
        }
    }
    out
}

fn has_hex_run(text: &str, len: usize) -> bool {
    !hex_runs(text, len).is_empty()
}

fn fixture(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    text.strip_suffix('\n').map(str::to_owned).unwrap_or(text)
}

fn ext(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        _ => "xml",
    }
}

fn format_flag(format: Format) -> &'static str {
    ext(format)
}

fn assert_exit(run: &Run, code: i32, what: &str) {
    assert_eq!(
        run.code,
        Some(code),
        "{what}: expected exit status {code}\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

/// Every group's list (or whole-group read) command, with its positional arguments.
const LISTS: &[&[&str]] = &[
    &["licenses", "list"],
    &["users", "list"],
    &["companies", "list"],
    &["administrators", "list"],
    &["packages", "list"],
    &["computers", "page", "0", "10"],
    &["accounts", "list"],
    &["destinations", "list"],
    &["monitoring", "list"],
    &["billing", "get"],
    &["builds", "list"],
    &["builds", "available-versions"],
];

#[test]
fn every_groups_list_command_answers_json_in_both_formats() {
    let w = World::new();
    for format in Format::ALL {
        for list in LISTS {
            let mut args = list.to_vec();
            args.extend(["--format", format_flag(format), "--output", "json"]);
            let before = w.sandbox.requests_served();
            let run = w.run(&args);
            assert_exit(&run, 0, &args.join(" "));
            let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
                panic!(
                    "`mbs {}` printed no JSON ({e}):\n{}",
                    args.join(" "),
                    run.stdout
                )
            });
            assert!(
                w.sandbox.requests_served() > before,
                "`mbs {}` did not reach the sandbox",
                args.join(" ")
            );
            if list[..] == ["licenses", "list"] {
                let items = value.as_array().expect("licenses list is a JSON array");
                assert_eq!(items.len(), w.sandbox.licenses().len());
                for l in w.sandbox.licenses() {
                    assert!(run.stdout.contains(&l.id), "{} is not listed", l.id);
                }
            }
            if list[..] == ["users", "list"] {
                let items = value.as_array().expect("users list is a JSON array");
                assert_eq!(items.len(), w.sandbox.users().len());
            }
        }
    }
}

#[test]
fn global_flags_work_before_and_after_the_subcommand() {
    let w = World::new();
    for args in [
        &["--format", "xml", "--output", "json", "licenses", "list"][..],
        &["licenses", "--format", "xml", "list", "--output", "json"][..],
        &["licenses", "list", "--output", "json", "--format", "xml"][..],
    ] {
        let run = w.run(args);
        assert_exit(&run, 0, &args.join(" "));
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            value.as_array().map(Vec::len),
            Some(w.sandbox.licenses().len())
        );
    }
}

#[test]
fn revoke_in_xml_revokes_in_the_sandbox() {
    let w = World::new();
    let active = |w: &World| {
        w.sandbox
            .licenses()
            .into_iter()
            .find(|l| l.id == LICENSE_7)
            .unwrap()
    };
    assert!(
        active(&w).is_taken,
        "the seed changed: license 7 is not active"
    );
    let run = w.run(&["licenses", "revoke", LICENSE_7, ALICE, "--format", "xml"]);
    assert_exit(&run, 0, "licenses revoke --format xml");
    let after = active(&w);
    assert!(!after.is_taken, "license 7 is still active");
    assert_eq!(after.computer_name, None);
    assert_eq!(
        after.user_id.as_deref(),
        Some(ALICE),
        "revoke keeps the user"
    );
    // The body bound cleanly: the sandbox recorded nothing dropped or refused.
    let diagnostics = w.sandbox.diagnostics();
    assert!(
        diagnostics.is_empty(),
        "the sandbox saw problems: {diagnostics:?}"
    );
}

/// A dry run: its arguments, and the fixture its body must equal.
struct DryRun {
    args: &'static [&'static str],
    format: Format,
    fixture: &'static str,
    method: &'static str,
    path: &'static str,
}

const DRY_RUNS: &[DryRun] = &[
    DryRun {
        args: &["licenses", "revoke", "sample string 1", "sample string 2"],
        format: Format::Json,
        fixture: "licenses/revoke.request.json",
        method: "POST",
        path: "/api/Licenses/Revoke",
    },
    DryRun {
        args: &["licenses", "revoke", "sample string 1", "sample string 2"],
        format: Format::Xml,
        fixture: "licenses/revoke.request.xml",
        method: "POST",
        path: "/api/Licenses/Revoke",
    },
    DryRun {
        args: &["licenses", "grant", "sample string 1", "sample string 2"],
        format: Format::Json,
        fixture: "licenses/grant.request.json",
        method: "POST",
        path: "/api/Licenses/Grant",
    },
    DryRun {
        args: &["licenses", "grant", "sample string 1", "sample string 2"],
        format: Format::Xml,
        fixture: "licenses/grant.request.xml",
        method: "POST",
        path: "/api/Licenses/Grant",
    },
    // Release's own sample differs from grant's only in Markdown whitespace (fixtures/README.md);
    // tests/licenses.rs compares release with the grant sample too.
    DryRun {
        args: &["licenses", "release", "sample string 1", "sample string 2"],
        format: Format::Xml,
        fixture: "licenses/grant.request.xml",
        method: "POST",
        path: "/api/Licenses/Release",
    },
    DryRun {
        args: &[
            "accounts",
            "add-destination",
            "targetBucket",
            "--set",
            "AccountID=adfc2826-3776-4f36-985d-a95cd3b59894",
            "--set",
            "DestinationDisplayName=Backup Container",
        ],
        format: Format::Json,
        fixture: "accounts/add_destination.request.json",
        method: "POST",
        path: "/api/Accounts/AddDestination",
    },
    DryRun {
        args: &[
            "accounts",
            "add-destination",
            "sample string 2",
            "--set",
            "AccountID=adfc2826-3776-4f36-985d-a95cd3b59894",
            "--set",
            "DestinationDisplayName=sample string 3",
        ],
        format: Format::Xml,
        fixture: "accounts/add_destination.request.xml",
        method: "POST",
        path: "/api/Accounts/AddDestination",
    },
    DryRun {
        args: &[
            "billing",
            "filter",
            "--set",
            "CompanyName=Los Pollos Hermanos",
            "--set",
            "Date=2018-05-15T12:38:46.8345309+00:00",
        ],
        format: Format::Json,
        fixture: "billing/filter.request.json",
        method: "PUT",
        path: "/api/Billing",
    },
    DryRun {
        args: &[
            "billing",
            "filter",
            "--set",
            "CompanyName=sample string 1",
            "--set",
            "Date=2018-05-15T12:38:46.8345309+00:00",
        ],
        format: Format::Xml,
        fixture: "billing/filter.request.xml",
        method: "PUT",
        path: "/api/Billing",
    },
    DryRun {
        args: &[
            "builds",
            "request-custom",
            "--set",
            "Editions=0,2,5",
            "--set",
            "Type=0",
        ],
        format: Format::Json,
        fixture: "builds/request_custom.request.json",
        method: "POST",
        path: "/api/Builds/RequestCustomBuilds",
    },
    DryRun {
        args: &[
            "builds",
            "request-custom",
            "--set",
            "Editions=Windows,Windows",
            "--set",
            "Type=Custom",
        ],
        format: Format::Xml,
        fixture: "builds/request_custom.request.xml",
        method: "POST",
        path: "/api/Builds/RequestCustomBuilds",
    },
];

#[test]
fn dry_run_prints_the_fixture_bytes_and_sends_nothing() {
    let w = World::new();
    for case in DRY_RUNS {
        let mut args = case.args.to_vec();
        args.extend(["--format", format_flag(case.format), "--dry-run"]);
        let what = args.join(" ");
        let before = w.sandbox.requests_served();
        let run = w.run(&args);
        assert_exit(&run, 0, &what);
        assert_eq!(
            w.sandbox.requests_served(),
            before,
            "`mbs {what}` reached the sandbox"
        );
        let out = &run.stdout;
        let first = out.lines().next().unwrap_or("");
        assert!(
            first.starts_with(&format!("{} ", case.method)) && first.contains(case.path),
            "`mbs {what}`: the first line is not `{} …{}`:\n{out}",
            case.method,
            case.path
        );
        assert!(
            out.contains("Authorization: Bearer <redacted>"),
            "`mbs {what}`: no redacted Authorization header:\n{out}"
        );
        assert!(
            out.contains(&format!("Content-Type: {}", case.format.content_type())),
            "`mbs {what}`: no Content-Type {}:\n{out}",
            case.format.content_type()
        );
        let (_, body) = out
            .split_once("\n\n")
            .unwrap_or_else(|| panic!("`mbs {what}`: no blank line before the body:\n{out}"));
        let body = body.strip_suffix('\n').unwrap_or(body);
        assert_eq!(
            body,
            fixture(case.fixture),
            "`mbs {what}`: the body is not {}",
            case.fixture
        );
    }
}

#[test]
fn dry_run_needs_no_server_and_no_credentials() {
    let w = World::new();
    let run = w.run_with(&["licenses", "revoke", "L", "U", "--dry-run"], |c| {
        c.env_remove("MBS_LOGIN").env_remove("MBS_PASSWORD").env(
            "MBS_BASE_URL",
            format!("http://127.0.0.1:{}", closed_port()),
        );
    });
    assert_exit(&run, 0, "licenses revoke --dry-run without credentials");
    assert!(
        run.stdout.contains("\"LicenseID\": \"L\""),
        "{}",
        run.stdout
    );
}

/// A port nothing listens on (bound, then closed).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[test]
fn usage_errors_exit_2_and_send_nothing() {
    let w = World::new();
    let cases: &[&[&str]] = &[
        &["licenses", "revoke", LICENSE_7], // a missing positional
        &["licenses", "revoke"],            // both missing
        &["licenses", "revoke", LICENSE_7, ALICE, "--set", "Nope=1"], // no such member
        &["licenses", "revoke", LICENSE_7, ALICE, "--set", "UserID"], // no `=`
        &["packages", "get", "not-a-number"], // an i64 ID
        &["licenses", "list", "--format", "yaml"], // no such format
        &["licenses", "list", "--output", "yaml"], // no such output
        &["licenses", "no-such-operation"],
        &["no-such-group", "list"],
    ];
    for args in cases {
        let before = w.sandbox.requests_served();
        let run = w.run(args);
        assert_exit(&run, 2, &args.join(" "));
        assert!(
            !run.stderr.trim().is_empty(),
            "`mbs {}` said nothing on stderr",
            args.join(" ")
        );
        assert_eq!(
            w.sandbox.requests_served(),
            before,
            "`mbs {}` reached the sandbox",
            args.join(" ")
        );
    }
}

#[test]
fn a_wrong_password_exits_3() {
    let w = World::new();
    let run = w.run_with(&["licenses", "list"], |c| {
        c.env("MBS_PASSWORD", WRONG_PASSWORD);
    });
    assert_exit(&run, 3, "licenses list with a wrong password");
    assert!(!run.stderr.trim().is_empty());
    // No credentials at all, and no terminal to prompt on: an auth failure too, before any I/O.
    let before = w.sandbox.requests_served();
    let run = w.run_with(&["licenses", "list"], |c| {
        c.env_remove("MBS_LOGIN").env_remove("MBS_PASSWORD");
    });
    assert_exit(&run, 3, "licenses list without credentials");
    assert_eq!(w.sandbox.requests_served(), before);
}

#[test]
fn a_closed_port_exits_4() {
    let w = World::new();
    let port = closed_port();
    let run = w.run_with(&["licenses", "list"], |c| {
        c.env("MBS_BASE_URL", format!("http://127.0.0.1:{port}"));
    });
    assert_exit(&run, 4, "licenses list against a closed port");
    assert!(!run.stderr.trim().is_empty());
}

#[test]
fn an_api_refusal_exits_1_with_the_servers_message() {
    let w = World::new();
    for format in Format::ALL {
        let run = w.run(&[
            "licenses",
            "revoke",
            "no-such-license",
            ALICE,
            "--format",
            format_flag(format),
        ]);
        assert_exit(&run, 1, "licenses revoke of an unknown license");
        assert!(
            run.stderr.contains("no-such-license") && run.stderr.contains("not found"),
            "the server's message is not on stderr:\n{}",
            run.stderr
        );
        assert_eq!(
            run.stderr.trim().lines().count(),
            1,
            "not one sentence:\n{}",
            run.stderr
        );
    }
}

#[test]
fn verbose_prints_the_exchanges_with_the_token_redacted() {
    let w = World::new();
    let run = w.run(&[
        "licenses", "revoke", LICENSE_7, ALICE, "--format", "xml", "-v",
    ]);
    assert_exit(&run, 0, "licenses revoke -v");
    let all = run.all();
    for expected in [
        "/api/Provider/Login",
        "/api/Licenses/Revoke",
        "Authorization: Bearer <redacted>",
        "<LicenseID>license-0007-4f2e-9c1a-sandbox</LicenseID>",
        "\"access_token\":\"<redacted>\"",
    ] {
        assert!(
            all.contains(expected),
            "-v does not show {expected}:\n{all}"
        );
    }
    // The login body's password is redacted too (checked for every run, and here explicitly).
    assert!(!all.contains(API_PASSWORD));
}

#[test]
fn a_token_from_the_environment_is_used_and_never_shown() {
    let w = World::new();
    let token = w
        .sandbox
        .client(Format::Json)
        .unwrap()
        .login()
        .unwrap()
        .access_token()
        .expose()
        .to_owned();
    let mut w = w;
    w.secrets.push(token.clone());
    let before = w.sandbox.requests_served();
    let run = w.run_with(&["licenses", "list", "--output", "json", "-v"], |c| {
        c.env_remove("MBS_LOGIN")
            .env_remove("MBS_PASSWORD")
            .env("MBS_TOKEN", &token);
    });
    assert_exit(&run, 0, "licenses list with MBS_TOKEN");
    assert_eq!(
        w.sandbox.requests_served(),
        before + 1,
        "MBS_TOKEN should spare the login"
    );
    assert!(!run.all().contains(&token));
}

#[test]
fn the_token_is_cached_for_the_user_only_and_reused() {
    let w = World::new();
    let before = w.sandbox.requests_served();
    let run = w.run(&["licenses", "list", "--output", "json"]);
    assert_exit(&run, 0, "licenses list");
    assert_eq!(
        w.sandbox.requests_served(),
        before + 2,
        "the first run logs in, then lists"
    );
    let cache = w.home.path().join("cache").join("mbs");
    let files: Vec<PathBuf> = files_under(&cache)
        .into_iter()
        .filter(|f| {
            f.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("token-"))
        })
        .collect();
    assert_eq!(files.len(), 1, "one token file in {}", cache.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the token file is readable by others: {mode:o}"
        );
    }
    assert_eq!(w.cached_tokens().len(), 1, "the cache file holds the token");

    let before = w.sandbox.requests_served();
    let run = w.run(&["licenses", "list", "--output", "json"]);
    assert_exit(&run, 0, "licenses list, again");
    assert_eq!(
        w.sandbox.requests_served(),
        before + 1,
        "the second run reuses the cached token"
    );
}

#[test]
fn a_users_password_from_a_body_file_is_never_printed() {
    let w = World::new();
    let dir = TempDir::new();
    let body = dir.path().join("auth.json");
    std::fs::write(
        &body,
        format!("{{\"Email\":\"alice\",\"Password\":\"{DEFAULT_USER_PASSWORD}\"}}"),
    )
    .unwrap();
    let body = body.to_str().unwrap();
    for extra in [
        &["--dry-run"][..],
        &["-v"][..],
        &["--format", "xml", "-v"][..],
    ] {
        let mut args = vec!["users", "authenticate", "alice", "--body", body];
        args.extend(extra);
        // Checked by `run` for every secret, the user's password among them.
        let run = w.run(&args);
        assert_exit(&run, 0, &args.join(" "));
    }
}

#[test]
fn version_and_help_exit_0() {
    let w = World::new();
    let run = w.run(&["--version"]);
    assert_exit(&run, 0, "--version");
    assert!(
        run.stdout.contains(env!("CARGO_PKG_VERSION")),
        "{}",
        run.stdout
    );
    let run = w.run(&["--help"]);
    assert_exit(&run, 0, "--help");
    for group in [
        "licenses",
        "users",
        "companies",
        "administrators",
        "packages",
        "computers",
        "accounts",
        "destinations",
        "monitoring",
        "billing",
        "builds",
        "sandbox",
        "wire",
        "configure",
    ] {
        assert!(
            run.stdout.contains(group),
            "--help lists no `{group}`:\n{}",
            run.stdout
        );
    }
}
