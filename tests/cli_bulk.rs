//! `mbs … --csv`: the real binary against an in-process sandbox. Bulk revoke with every row
//! valid, with bad rows (nothing sent; `--force`), Ctrl-C mid-run (SIGINT to the child) and
//! `--resume`, and user creation with passwords in the CSV (never in any output).
#![cfg(feature = "cli")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mspbackups::Format;
use mspbackups::models::License;
use mspbackups::sandbox::Sandbox;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const ALICE: &str = "0a7d1f7e-5c1b-4d6e-9b8a-000000000001";
const PASSWORD: &str = "Bulk-S3cret-Pa55!";

/// A scratch directory of its own for each test (also the child's HOME, config and cache).
/// A scratch directory, removed when the test's guard is dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<Scratch>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn scratch(name: &str) -> std::io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("mbs-cli-bulk-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    SCRATCH.with(|s| s.borrow_mut().push(Scratch(dir.clone())));
    Ok(dir)
}

/// `n` licenses granted to alice and active on her PC.
fn licenses(n: usize) -> Vec<License> {
    (1..=n)
        .map(|i| {
            let mut l = License::new(format!("lic-{i:04}"), i as i64);
            l.user_id = Some(ALICE.to_owned());
            l.user = Some("alice".to_owned());
            l.computer_name = Some("ALICE-PC".to_owned());
            l.is_taken = true;
            l
        })
        .collect()
}

fn active(sandbox: &Sandbox) -> usize {
    sandbox.licenses().iter().filter(|l| l.is_taken).count()
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

/// How the child authenticates.
enum Auth<'a> {
    /// MBS_LOGIN and MBS_PASSWORD: the child logs in.
    Login,
    /// MBS_TOKEN: the child sends no login.
    Token(&'a str),
}

/// `mbs ARGS` with the sandbox's address and credentials, its own HOME, config and cache.
fn mbs(sandbox: &Sandbox, dir: &Path, auth: Auth<'_>, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mbs"));
    cmd.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("MBS_BASE_URL", sandbox.base_url())
        .stdin(Stdio::null());
    match auth {
        Auth::Login => {
            cmd.env("MBS_LOGIN", sandbox.api_login())
                .env("MBS_PASSWORD", sandbox.api_password().expose());
        }
        Auth::Token(token) => {
            cmd.env("MBS_TOKEN", token);
        }
    }
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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

fn check_no_secret(out: &Output, secrets: &[&str]) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    for secret in secrets {
        assert!(!stdout.contains(secret), "a secret on stdout: {stdout}");
        assert!(!stderr.contains(secret), "a secret on stderr: {stderr}");
    }
}

#[test]
fn bulk_revoke_sends_every_row_and_writes_the_results() -> TestResult {
    let dir = scratch("revoke")?;
    let sandbox = Sandbox::builder().licenses(licenses(60)).start()?;
    let csv = revoke_csv(&dir, 60)?;
    let out = mbs(
        &sandbox,
        &dir,
        Auth::Login,
        &[
            "licenses",
            "revoke",
            "--csv",
            "rows.csv",
            "--concurrency",
            "8",
        ],
    )
    .output()?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(active(&sandbox), 0);
    // Not a terminal: no progress bar.
    assert!(!text(&out.stderr).contains('\r'), "{}", text(&out.stderr));
    check_no_secret(&out, &[sandbox.api_password().expose()]);
    let lines = results(&csv.with_file_name("rows.results.csv"))?;
    assert_eq!(lines[0], ["LicenseID", "UserID", "outcome", "message"]);
    assert_eq!(lines.len(), 61);
    for (i, line) in lines[1..].iter().enumerate() {
        assert_eq!(line[0], format!("lic-{:04}", i + 1));
        assert_eq!(line[2], "ok", "{line:?}");
    }
    Ok(())
}

#[test]
fn bad_rows_send_nothing_unless_forced() -> TestResult {
    let dir = scratch("bad")?;
    let sandbox = Sandbox::builder().licenses(licenses(3)).start()?;
    let token = sandbox.client(Format::Json)?.login()?;
    let token = token.access_token().expose().to_owned();
    std::fs::write(
        dir.join("rows.csv"),
        format!(
            "LicenseID,UserID\nlic-0001,{ALICE}\n,{ALICE}\nlic-0002,{ALICE},extra\nlic-0003,{ALICE}\n"
        ),
    )?;
    let before = sandbox.requests_served();
    let out = mbs(
        &sandbox,
        &dir,
        Auth::Token(&token),
        &["licenses", "revoke", "--csv", "rows.csv"],
    )
    .output()?;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(sandbox.requests_served(), before, "something was sent");
    assert!(stderr.contains("2 of 4 rows"), "{stderr}");
    assert!(stderr.contains("line 3: LicenseID is empty"), "{stderr}");
    assert!(
        stderr.contains("line 4: has 3 fields where the header has 2"),
        "{stderr}"
    );
    assert!(!dir.join("rows.results.csv").exists());
    assert_eq!(active(&sandbox), 3);

    let out = mbs(
        &sandbox,
        &dir,
        Auth::Token(&token),
        &[
            "licenses",
            "revoke",
            "--csv",
            "rows.csv",
            "--force",
            "--results",
            "out.csv",
        ],
    )
    .output()?;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("2 of 4 rows were invalid and not sent"),
        "{stderr}"
    );
    let still: Vec<String> = sandbox
        .licenses()
        .into_iter()
        .filter(|l| l.is_taken)
        .map(|l| l.id)
        .collect();
    assert_eq!(still, ["lic-0002"]);
    let outcomes: Vec<String> = results(&dir.join("out.csv"))?[1..]
        .iter()
        .map(|l| l[l.len() - 2].clone())
        .collect();
    assert_eq!(outcomes, ["ok", "invalid", "invalid", "ok"]);
    check_no_secret(&out, &[&token]);
    Ok(())
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_after_the_calls_in_flight_and_resume_does_the_rest() -> TestResult {
    const ROWS: usize = 300;
    let dir = scratch("sigint")?;
    let sandbox = Sandbox::builder()
        .licenses(licenses(ROWS))
        .latency(Duration::from_millis(20))
        .workers(4)
        .start()?;
    revoke_csv(&dir, ROWS)?;
    let results_path = dir.join("rows.results.csv");
    let child = mbs(
        &sandbox,
        &dir,
        Auth::Login,
        &[
            "licenses",
            "revoke",
            // The bare POST: the file's lines then end with `,ok,` (no report), which this
            // test watches for.
            "--unchecked",
            "--csv",
            "rows.csv",
            "--concurrency",
            "2",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()?;
    // Wait until some rows are done (the file is written as rows complete), then Ctrl-C.
    let start = Instant::now();
    loop {
        let done = std::fs::read_to_string(&results_path)
            .map_or(0, |t| t.lines().filter(|l| l.ends_with(",ok,")).count());
        if done >= 10 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no row was done in 30 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()?;
    assert!(status.success());
    let out = child.wait_with_output()?;
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");

    let lines = results(&results_path)?;
    assert_eq!(lines.len(), ROWS + 1, "a line for every row");
    let ok = lines[1..].iter().filter(|l| l[2] == "ok").count();
    let not_sent = lines[1..].iter().filter(|l| l[2] == "not-sent").count();
    assert_eq!(ok + not_sent, ROWS, "{stderr}");
    assert!(not_sent > 0, "the run finished before the signal");
    assert_eq!(ROWS - active(&sandbox), ok, "the file says what was done");
    assert!(
        stderr.contains(&format!("interrupted after {ok} of {ROWS} rows; see ")),
        "{stderr}"
    );
    // The file is in the input's order: done rows first, as handed out.
    assert!(lines[1..=ok].iter().all(|l| l[2] == "ok"));

    let out = mbs(
        &sandbox,
        &dir,
        Auth::Login,
        &[
            "licenses",
            "revoke",
            "--csv",
            "rows.csv",
            "--concurrency",
            "8",
            "--resume",
            "rows.results.csv",
        ],
    )
    .output()?;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(active(&sandbox), 0);
    let lines = results(&results_path)?;
    let skipped = lines[1..].iter().filter(|l| l[2] == "skipped").count();
    let ok2 = lines[1..].iter().filter(|l| l[2] == "ok").count();
    assert_eq!((skipped, ok2), (ok, ROWS - ok));
    Ok(())
}

#[test]
fn passwords_in_the_csv_are_sent_but_never_shown() -> TestResult {
    let dir = scratch("users")?;
    let sandbox = Sandbox::builder().licenses(Vec::new()).start()?;
    std::fs::write(
        dir.join("users.csv"),
        format!(
            "Email,Password,Enabled,SendEmailInstruction,LicenseManagmentMode\n\
             one@example.com,{PASSWORD}1,true,false,Manual\n\
             alice,{PASSWORD}2,true,false,Manual\n\
             two@example.com,{PASSWORD}3,true,false,Automatic\n"
        ),
    )?;
    for args in [
        &["users", "create", "--csv", "users.csv", "--dry-run"][..],
        &["users", "create", "--csv", "users.csv", "-v"][..],
    ] {
        let out = mbs(&sandbox, &dir, Auth::Login, args).output()?;
        check_no_secret(&out, &[PASSWORD, sandbox.api_password().expose()]);
        if args.contains(&"--dry-run") {
            assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
            assert_eq!(
                text(&out.stdout).matches("POST /api/Users").count(),
                3,
                "{}",
                text(&out.stdout)
            );
            assert!(sandbox.users().iter().all(|u| u.email != "one@example.com"));
        } else {
            // alice exists: that row fails.
            assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        }
    }
    let users = sandbox.users();
    let one = users
        .iter()
        .find(|u| u.email == "one@example.com")
        .ok_or("not created")?;
    assert_eq!(
        one.password.expose(),
        format!("{PASSWORD}1"),
        "the password was sent"
    );
    let file = std::fs::read_to_string(dir.join("users.results.csv"))?;
    assert!(!file.contains(PASSWORD), "{file}");
    let lines = results(&dir.join("users.results.csv"))?;
    assert_eq!(lines[1][1], "<redacted>");
    assert_eq!(lines[1][5], "ok");
    assert_eq!(lines[1][6], one.id, "the new user's ID is the message");
    assert_eq!(lines[2][5], "failed");
    assert!(
        lines[2][6].contains("Email already exist"),
        "{:?}",
        lines[2]
    );
    assert_eq!(lines[3][5], "ok");
    Ok(())
}
