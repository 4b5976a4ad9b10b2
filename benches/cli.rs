//! The `mbs` tool as whole processes against `mbs sandbox serve` (issue 13's performance rows).
//!
//! `cargo bench --features cli --bench cli` (options after `--`: `--rows N` (default 1000),
//! `--runs N` (default 3, the bulk and curl-loop rows), `--single N` (default 30, the one-call
//! rows), `--only bulk|single`).
//!
//! Every timed thing is a child process started from here and timed from spawn to exit, as an
//! operator's shell would see it; the release `mbs` is the one cargo builds for this bench
//! (`CARGO_BIN_EXE_mbs`), `curl` the system's. Rows:
//!
//! | row | target |
//! |---|---|
//! | `mbs licenses revoke --unchecked --csv rows.csv --concurrency 8` vs `--concurrency 1`, 1,000 rows, server latency 20 ms | ≥ 6× faster |
//! | `--concurrency 8` vs the physical limit rows × latency ÷ concurrency (2.5 s) | ≤ 1.3× |
//! | the PowerShell module's pattern, scripted with curl in bash (per row: log in, then revoke; one row at a time) vs `--concurrency 8` | mbs ≥ 16× faster |
//! | one `mbs licenses revoke L U --unchecked` process, token cached (warm) vs `curl` making the same POST with the token, server without latency | ≤ 1.5× |
//! | (reported) the default, checked revoke (it reads the user first: 2 requests a row in bulk, 4 for one call) | — |
//! | (reported) `mbs --version`: the binary's start-up and exit | — |
//!
//! The targets are about the bare POST (`--unchecked`), one request a row, as the curl loop
//! sends it; the default `mbs licenses revoke` first reads the user to refuse one in automatic
//! license mode (the API docs' warning), which doubles the requests in bulk.
//!
//! The bulk rows run against `mbs sandbox serve --latency 20ms --licenses 1000` (1,000 extra
//! licenses, each granted to a user and active); a revoke leaves the license with its user, so
//! every run revokes the same 1,000 rows successfully. The CSV is built from `mbs licenses list
//! --output json`. The single-call rows run against a second `mbs sandbox serve` without
//! latency, so that what is compared is the client process, not the simulated distance; the
//! `mbs` and `curl` runs are interleaved and their medians reported.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const MBS: &str = env!("CARGO_BIN_EXE_mbs");
const LATENCY: Duration = Duration::from_millis(20);

struct Options {
    rows: usize,
    runs: usize,
    single: usize,
    only: Option<String>,
}

fn options() -> Options {
    let mut o = Options {
        rows: 1000,
        runs: 3,
        single: 30,
        only: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--rows" => o.rows = value.parse().unwrap_or(o.rows),
            "--runs" => o.runs = value.parse().unwrap_or(o.runs),
            "--single" => o.single = value.parse().unwrap_or(o.single),
            "--only" => o.only = Some(value),
            _ => {
                i += 1; // `--bench`, which cargo passes, and anything else
                continue;
            }
        }
        i += 2;
    }
    o.runs = o.runs.max(1);
    o.single = o.single.max(1);
    o
}

/// A scratch directory for the run: the children's home, config and cache, the CSV files.
fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mbs-cli-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// A running `mbs sandbox serve` and the settings it printed.
struct Server {
    child: Child,
    base_url: String,
    login: String,
    password: String,
}

impl Server {
    fn start(args: &[&str], home: &Path) -> Server {
        let mut child = Command::new(MBS)
            .arg("sandbox")
            .arg("serve")
            .args(args)
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("serve-cache"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("`mbs sandbox serve` starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        let (mut base_url, mut login, mut password) = (None, None, None);
        let deadline = Instant::now() + Duration::from_secs(30);
        while base_url.is_none() || login.is_none() || password.is_none() {
            assert!(
                Instant::now() < deadline,
                "`mbs sandbox serve` printed no settings"
            );
            let Some(Ok(line)) = lines.next() else {
                panic!("`mbs sandbox serve` stopped before printing its settings");
            };
            let Some((name, value)) = line
                .trim()
                .strip_prefix("export ")
                .and_then(|l| l.split_once('='))
            else {
                continue;
            };
            let value = unquote(value);
            match name {
                "MBS_BASE_URL" => base_url = Some(value),
                "MBS_LOGIN" => login = Some(value),
                "MBS_PASSWORD" => password = Some(value),
                _ => {}
            }
        }
        // Keep draining its stdout so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base_url: base_url.unwrap_or_default(),
            login: login.unwrap_or_default(),
            password: password.unwrap_or_default(),
        }
    }

    /// `mbs` aimed at this server, its config and cache in `home`, output discarded.
    fn mbs(&self, home: &Path) -> Command {
        let mut c = Command::new(MBS);
        c.env_clear()
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("MBS_BASE_URL", &self.base_url)
            .env("MBS_LOGIN", &self.login)
            .env("MBS_PASSWORD", &self.password)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        c
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A shell value as `export` printed it: `'x'`, `"x"` or `x`.
fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    v.to_owned()
}

/// Runs `c` to completion; its wall time. Panics, with its stderr, when it fails.
fn timed(c: &mut Command, what: &str) -> Duration {
    let t = Instant::now();
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let elapsed = t.elapsed();
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn list_of(d: &[Duration], f: fn(Duration) -> String) -> String {
    d.iter().map(|d| f(*d)).collect::<Vec<_>>().join(", ")
}

fn verdict(ok: bool) -> &'static str {
    if ok { "yes" } else { "**no**" }
}

/// `LicenseID,UserID` rows for the licenses `--licenses N` added (granted, active), from
/// `mbs licenses list --output json`.
fn revoke_rows(server: &Server, home: &Path, rows: usize) -> Vec<(String, String)> {
    let out = server
        .mbs(home)
        .args(["licenses", "list", "--output", "json"])
        .stdout(Stdio::piped())
        .output()
        .expect("mbs licenses list");
    assert!(
        out.status.success(),
        "mbs licenses list: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON licenses");
    let member = |l: &serde_json::Value, name: &str| -> Option<String> {
        l.as_object()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.as_str().map(str::to_owned))
    };
    let mut out: Vec<(String, String)> = list
        .as_array()
        .expect("a JSON array of licenses")
        .iter()
        .filter_map(|l| Some((member(l, "ID")?, member(l, "UserID")?)))
        .filter(|(id, _)| id.starts_with("b0000000-"))
        .collect();
    out.sort();
    assert!(
        out.len() >= rows,
        "the server has {} granted bulk licenses, {rows} asked for",
        out.len()
    );
    out.truncate(rows);
    out
}

fn write_csv(path: &Path, rows: &[(String, String)]) {
    let mut text = String::from("LicenseID,UserID\n");
    for (l, u) in rows {
        text.push_str(&format!("{l},{u}\n"));
    }
    std::fs::write(path, text).expect("write the CSV");
}

/// The PowerShell module's pattern, scripted: for each row, log in, then revoke with the new
/// token; one row at a time. The token is cut out of the login answer by bash itself.
const CURL_LOOP: &str = r#"set -eu
base="$1"; csv="$2"
login_body="{\"UserName\":\"$MBS_LOGIN\",\"Password\":\"$MBS_PASSWORD\"}"
tail -n +2 "$csv" | while IFS=, read -r license user; do
  answer=$(curl -sS -f -X POST "$base/api/Provider/Login" -H 'Content-Type: application/json' -d "$login_body")
  token=${answer#*\"access_token\":\"}; token=${token%%\"*}
  curl -sS -f -o /dev/null -X POST "$base/api/Licenses/Revoke" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d "{\"LicenseID\":\"$license\",\"UserID\":\"$user\"}"
done
"#;

fn bulk(o: &Options, dir: &Path) {
    let home = dir.join("bulk-home");
    std::fs::create_dir_all(&home).expect("home");
    let licenses = o.rows.to_string();
    let server = Server::start(
        &["--latency", "20ms", "--licenses", licenses.as_str()],
        &home,
    );
    let rows = revoke_rows(&server, &home, o.rows);
    let csv = dir.join("rows.csv");
    write_csv(&csv, &rows);
    let csv_arg = csv.to_str().expect("a UTF-8 path");
    // Log in once so that every run starts with a cached token, as an operator's would.
    timed(server.mbs(&home).arg("login"), "mbs login");

    // `checked`: the default revoke, which reads the user first (two requests a row);
    // otherwise `--unchecked`, the bare POST the issue's targets and the curl loop are about.
    let run_bulk = |concurrency: &str, checked: bool, n: usize| {
        let kind = if checked { "checked" } else { "unchecked" };
        let results = dir.join(format!("rows.{kind}.c{concurrency}.{n}.results.csv"));
        let mut c = server.mbs(&home);
        c.args([
            "licenses",
            "revoke",
            "--csv",
            csv_arg,
            "--concurrency",
            concurrency,
        ])
        .arg("--results")
        .arg(&results);
        if !checked {
            c.arg("--unchecked");
        }
        let t = timed(
            &mut c,
            &format!("mbs licenses revoke --csv --concurrency {concurrency} ({kind})"),
        );
        let lines = std::fs::read_to_string(&results)
            .map(|t| t.lines().count())
            .unwrap_or(0);
        assert_eq!(lines, o.rows + 1, "the results file has a line per row");
        t
    };
    // A warm-up run (page cache, the server's threads), not counted.
    run_bulk("8", false, 0);
    let (mut c1, mut c8, mut checked8) = (Vec::new(), Vec::new(), Vec::new());
    for n in 1..=o.runs {
        c8.push(run_bulk("8", false, n));
        c1.push(run_bulk("1", false, n));
        checked8.push(run_bulk("8", true, n));
    }

    let script = dir.join("powershell-pattern.sh");
    std::fs::write(&script, CURL_LOOP).expect("write the script");
    let mut curl = Vec::new();
    for _ in 0..o.runs {
        curl.push(timed(
            Command::new("bash")
                .arg(&script)
                .arg(&server.base_url)
                .arg(&csv)
                .env("MBS_LOGIN", &server.login)
                .env("MBS_PASSWORD", &server.password)
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
            "the curl loop",
        ));
    }

    let (m1, m8, mc) = (median(c1.clone()), median(c8.clone()), median(curl.clone()));
    let mk = median(checked8.clone());
    let limit = LATENCY * o.rows as u32 / 8;
    let speedup = m1.as_secs_f64() / m8.as_secs_f64();
    let over_limit = m8.as_secs_f64() / limit.as_secs_f64();
    let vs_curl = mc.as_secs_f64() / m8.as_secs_f64();
    println!(
        "\n### Bulk revoke of {} rows, server latency 20 ms (medians of {} runs)\n",
        o.rows, o.runs
    );
    println!("| run | median | runs |");
    println!("|---|---|---|");
    println!(
        "| `--unchecked --concurrency 1` | {} | {} |",
        secs(m1),
        list_of(&c1, secs)
    );
    println!(
        "| `--unchecked --concurrency 8` | {} | {} |",
        secs(m8),
        list_of(&c8, secs)
    );
    println!(
        "| (reported) checked, the default, `--concurrency 8`: 2 requests a row (limit {}: {:.2}×) | {} | {} |",
        secs(limit * 2),
        mk.as_secs_f64() / (2.0 * limit.as_secs_f64()),
        secs(mk),
        list_of(&checked8, secs)
    );
    println!(
        "| curl loop (login + revoke per row, one at a time) | {} | {} |",
        secs(mc),
        list_of(&curl, secs)
    );
    println!();
    println!("| target | measured | met |");
    println!("|---|---|---|");
    println!(
        "| c8 ≥ 6× faster than c1 | {speedup:.2}× | {} |",
        verdict(speedup >= 6.0)
    );
    println!(
        "| c8 ≤ 1.3× rows × latency ÷ 8 ({}) | {over_limit:.2}× | {} |",
        secs(limit),
        verdict(over_limit <= 1.3)
    );
    println!(
        "| c8 ≥ 16× faster than the curl loop | {vs_curl:.1}× | {} |",
        verdict(vs_curl >= 16.0)
    );
}

fn single(o: &Options, dir: &Path) {
    let home = dir.join("single-home");
    std::fs::create_dir_all(&home).expect("home");
    let server = Server::start(&["--licenses", "1"], &home);
    let (license, user) = revoke_rows(&server, &home, 1)
        .into_iter()
        .next()
        .expect("one row");
    timed(server.mbs(&home).arg("login"), "mbs login");
    // The token for curl, from the login route, as a script would get it.
    let answer = Command::new("curl")
        .args(["-sS", "-f", "-X", "POST"])
        .arg(format!("{}/api/Provider/Login", server.base_url))
        .args(["-H", "Content-Type: application/json", "-d"])
        .arg(format!(
            "{{\"UserName\":\"{}\",\"Password\":\"{}\"}}",
            server.login, server.password
        ))
        .output()
        .expect("curl (install it: apt-get install curl)");
    let answer: serde_json::Value =
        serde_json::from_slice(&answer.stdout).expect("a JSON login answer");
    let token = answer["access_token"]
        .as_str()
        .expect("an access_token")
        .to_owned();
    let body = format!("{{\"LicenseID\":\"{license}\",\"UserID\":\"{user}\"}}");
    let url = format!("{}/api/Licenses/Revoke", server.base_url);
    let auth = format!("Authorization: Bearer {token}");

    // `--unchecked`: the same one POST as curl's; the default (checked) revoke also reads the
    // user before and the license and the user's licenses after (four requests), reported.
    let mbs_once = |checked: bool| {
        let mut c = server.mbs(&home);
        c.args(["licenses", "revoke", &license, &user]);
        if !checked {
            c.arg("--unchecked");
        }
        timed(&mut c, "mbs licenses revoke")
    };
    let curl_once = || {
        timed(
            Command::new("curl")
                .args([
                    "-sS",
                    "-f",
                    "-o",
                    "/dev/null",
                    "-X",
                    "POST",
                    &url,
                    "-H",
                    &auth,
                ])
                .args(["-H", "Content-Type: application/json", "-d", &body])
                .stdin(Stdio::null())
                .stderr(Stdio::piped()),
            "curl POST /api/Licenses/Revoke",
        )
    };
    let version_once = |program: &str| {
        timed(
            Command::new(program)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
            &format!("{program} --version"),
        )
    };
    // Warm-up: the binaries in the page cache, the server's threads.
    for _ in 0..3 {
        mbs_once(false);
        mbs_once(true);
        curl_once();
        version_once(MBS);
        version_once("curl");
    }
    let (mut m, mut c, mut mv, mut cv) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut mk = Vec::new();
    for _ in 0..o.single {
        m.push(mbs_once(false));
        mk.push(mbs_once(true));
        c.push(curl_once());
        mv.push(version_once(MBS));
        cv.push(version_once("curl"));
    }
    let (m, c, mv, cv, mk) = (median(m), median(c), median(mv), median(cv), median(mk));
    let ratio = m.as_secs_f64() / c.as_secs_f64();
    println!(
        "\n### One revoke as a whole process, token cached, server without latency (medians of {} interleaved runs)\n",
        o.single
    );
    println!("| process | median |");
    println!("|---|---|");
    println!(
        "| `mbs licenses revoke L U --unchecked` (one POST) | {} |",
        ms(m)
    );
    println!(
        "| (reported) `mbs licenses revoke L U`, checked (4 requests) | {} |",
        ms(mk)
    );
    println!(
        "| `curl -X POST …/api/Licenses/Revoke` with the token | {} |",
        ms(c)
    );
    println!("| `mbs --version` (start-up and exit) | {} |", ms(mv));
    println!("| `curl --version` | {} |", ms(cv));
    println!();
    println!(
        "| mbs `--unchecked` ≤ 1.5× curl | {ratio:.2}× | {} |",
        verdict(ratio <= 1.5)
    );
}

fn main() {
    let o = options();
    let dir = scratch();
    println!(
        "mbs: {MBS}\nrows {}, bulk runs {}, single-call runs {}",
        o.rows, o.runs, o.single
    );
    if o.only.as_deref() != Some("bulk") {
        single(&o, &dir);
    }
    if o.only.as_deref() != Some("single") {
        bulk(&o, &dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
