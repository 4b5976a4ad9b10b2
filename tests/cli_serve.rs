//! `mbs sandbox serve` as a process: its export lines, calls through the SDK's client, the
//! request log on stderr, Ctrl-C (a SIGINT to the child) and its exit status. And `mbs wire`
//! through the binary.
#![cfg(feature = "cli")]
#![cfg(unix)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mspbackups::{Client, Format};

const MBS: &str = env!("CARGO_BIN_EXE_mbs");

/// A running `mbs sandbox serve`, its exports, and its stderr being collected.
struct Server {
    child: Child,
    exports: HashMap<String, String>,
    comments: Vec<String>,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(MBS)
            .args(["sandbox", "serve", "--port", "0"])
            .args(args)
            .env_remove("MBS_BASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("mbs starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = child.stderr.take().expect("stderr");
        let (etx, erx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut all = String::new();
            let _ = BufReader::new(stderr).read_to_string(&mut all);
            let _ = etx.send(all);
        });
        let mut exports = HashMap::new();
        let mut comments = Vec::new();
        // The exports end with the free license's line (the default seed has free licenses).
        while !exports.contains_key("MBS_FREE_LICENSE_ID") {
            let line = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("mbs sandbox serve prints its exports");
            if let Some(rest) = line.strip_prefix("export ") {
                let (k, v) = rest.split_once('=').expect("NAME=value");
                exports.insert(k.to_owned(), v.to_owned());
            } else {
                assert!(
                    line.starts_with('#'),
                    "only exports and comments on stdout: {line}"
                );
                comments.push(line);
            }
        }
        // Comments after the last export (the bulk licenses').
        while let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            comments.push(line);
        }
        Server {
            child,
            exports,
            comments,
            stderr: erx,
        }
    }

    fn get(&self, name: &str) -> &str {
        self.exports
            .get(name)
            .unwrap_or_else(|| panic!("{name} is exported: {:?}", self.exports))
    }

    fn client(&self, format: Format) -> Client {
        Client::builder()
            .base_url(self.get("MBS_BASE_URL"))
            .credentials(self.get("MBS_LOGIN"), self.get("MBS_PASSWORD"))
            .format(format)
            .no_proxy()
            .build()
            .expect("a client")
    }

    /// Ctrl-C (SIGINT), then the exit status and everything it wrote to stderr.
    fn interrupt(mut self) -> (std::process::ExitStatus, String) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("mbs sandbox serve did not stop after SIGINT");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self
            .stderr
            .recv_timeout(Duration::from_secs(10))
            .expect("stderr closes");
        (status, stderr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_prints_exports_answers_the_sdk_logs_each_request_and_stops_on_ctrl_c() {
    let server = Server::start(&[]);
    assert!(server.get("MBS_BASE_URL").starts_with("http://127.0.0.1:"));
    assert_eq!(server.get("MBS_FORMAT"), "json");
    assert!(
        server
            .comments
            .iter()
            .any(|c| c.contains("demo password, not a secret")),
        "{:?}",
        server.comments
    );
    let (license, user) = (
        server.get("MBS_LICENSE_ID").to_owned(),
        server.get("MBS_USER_ID").to_owned(),
    );

    let xml = server.client(Format::Xml);
    let before = xml
        .licenses()
        .get(&license)
        .expect("get")
        .expect("the license exists");
    assert!(before.is_taken, "the exported license is active");
    assert_eq!(before.user_id.as_deref(), Some(user.as_str()));
    xml.licenses()
        .revoke_from_user(&license, &user)
        .expect("revoke in XML");
    let after = xml
        .licenses()
        .get(&license)
        .expect("get")
        .expect("still there");
    assert!(!after.is_taken);
    let json = server.client(Format::Json);
    let free = server.get("MBS_FREE_LICENSE_ID").to_owned();
    json.licenses()
        .grant_to_user(&free, &user)
        .expect("grant in JSON");

    // A body the real server would partly drop: the log says so.
    let base = server.get("MBS_BASE_URL").to_owned();
    let token = json.login().expect("login");
    let out_of_order = format!(
        "<LicenseOperation xmlns=\"http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models\"><UserID>{user}</UserID><LicenseID>{license}</LicenseID></LicenseOperation>"
    );
    let status = raw_post(
        &base,
        "/api/Licenses/Revoke",
        token.access_token().expose(),
        "application/xml",
        &out_of_order,
    );
    assert_eq!(
        status, 400,
        "the LicenseID was dropped, so [Required] refuses it"
    );

    let (status, stderr) = server.interrupt();
    assert!(
        status.success(),
        "exit 0 after Ctrl-C: {status:?}\n{stderr}"
    );
    assert!(
        stderr.contains("POST /api/Provider/Login -> 200 ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("POST /api/Licenses/Revoke -> 200 ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("POST /api/Licenses/Grant -> 200 ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("POST /api/Licenses/Revoke -> 400 (")
            && stderr.contains("\n    dropped-out-of-order: <LicenseID> was dropped"),
        "the diagnostics are logged under their request, indented: {stderr}"
    );
    assert!(stderr.contains("stopped after"), "a summary: {stderr}");
    assert!(
        !stderr.contains(token.access_token().expose()),
        "no token in the log"
    );
}

/// A POST with `curl`-like bytes (no SDK): the status.
fn raw_post(base: &str, path: &str, token: &str, content_type: &str, body: &str) -> u16 {
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: {content_type}\r\nAccept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn bulk_licenses_are_granted_active_and_answered_concurrently_with_latency() {
    let server = Server::start(&["--licenses", "1000", "--latency", "250ms"]);
    assert!(
        server
            .comments
            .iter()
            .any(|c| c.contains("1000 granted, active licenses")
                && c.contains("b0000000-5c1b-4d6e-9b8a-000000000001")),
        "{:?}",
        server.comments
    );
    let client = server.client(Format::Json);
    let all = client
        .licenses()
        .list()
        .expect("GET /api/Licenses lists them all");
    let bulk: Vec<_> = all
        .iter()
        .filter(|l| l.id.starts_with("b0000000-"))
        .collect();
    assert_eq!(bulk.len(), 1000);
    assert!(bulk.iter().all(|l| l.is_taken && l.user_id.is_some()));
    // 16 revokes at once: with one worker each would wait for the others (16 × 250 ms = 4 s);
    // the server answers them side by side. A concurrency check with a wide margin, not a
    // speed measurement (see benches/).
    std::thread::scope(|s| {
        for l in bulk.iter().take(16) {
            let client = &client;
            s.spawn(move || {
                client
                    .licenses()
                    .revoke_from_user(&l.id, l.user_id.as_deref().unwrap_or_default())
                    .expect("revoke")
            });
        }
    });
    // That the calls overlap their latency is checked by the server's own test (the peak of
    // requests in flight), not by timing here.
    let (status, stderr) = server.interrupt();
    assert!(status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("POST /api/Licenses/Revoke -> 200 (").count(),
        16,
        "{stderr}"
    );
}

#[test]
fn a_seed_file_sets_the_state_and_a_bad_one_is_a_usage_error() {
    let dir = std::env::temp_dir().join(format!("mbs-serve-seed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        r#"{"Users": [{"ID": "u-1", "Email": "dana", "Computers": [{"DestinationId": "d", "ComputerName": "DANA-PC"}]}],
            "Licenses": [{"ID": "l-1", "Number": 1, "UserID": "u-1", "User": "dana", "IsTaken": true, "ComputerName": "DANA-PC"},
                         {"ID": "l-2", "Number": 2}]}"#,
    )
    .expect("write");
    let server = Server::start(&["--seed", seed.to_str().expect("utf-8 path")]);
    assert_eq!(server.get("MBS_USER_ID"), "u-1");
    assert_eq!(server.get("MBS_LICENSE_ID"), "l-1");
    assert_eq!(server.get("MBS_FREE_LICENSE_ID"), "l-2");
    let users = server.client(Format::Xml).users().list().expect("list");
    assert_eq!(
        users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>(),
        ["dana"]
    );
    let (status, _) = server.interrupt();
    assert!(status.success());

    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"Licences": []}"#).expect("write");
    let out = Command::new(MBS)
        .args(["sandbox", "serve", "--port", "0", "--seed"])
        .arg(&bad)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("\"Licences\"") && stderr.contains("Licenses"),
        "{stderr}"
    );
    assert!(
        out.stdout.is_empty(),
        "no exports for a server that didn't start"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn mbs(args: &[&str], stdin: &[u8]) -> (Option<i32>, Vec<u8>, String) {
    let mut child = Command::new(MBS)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write");
    let out = child.wait_with_output().expect("output");
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn wire_check_reports_what_the_real_server_would_drop_and_exits_1() {
    let body = br#"<LicenseOperation xmlns="http://schemas.datacontract.org/2004/07/MBSAPImvc.Engine.Models">
  <UserID>u</UserID>
  <LicenseID>l</LicenseID>
</LicenseOperation>"#;
    let (code, out, err) = mbs(&["wire", "check", "--model", "LicenseOperation"], body);
    let out = String::from_utf8_lossy(&out);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        out.contains("LicenseID: dropped: <LicenseID> was dropped: it comes after <UserID>"),
        "{out}"
    );
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/licenses/revoke.request.xml"
    ))
    .expect("fixture");
    let (code, out, _) = mbs(
        &["wire", "check", "-", "--model", "licenseoperation"],
        &sample,
    );
    assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&out));
    let (code, _, err) = mbs(&["wire", "check", "--model", "NoSuchModel"], b"{}");
    assert_eq!(code, Some(2));
    assert!(err.contains("NoSuchModel"), "{err}");
}

#[test]
fn wire_sample_and_encode_print_the_fixture_bytes() {
    for (format, ext) in [("json", "json"), ("xml", "xml")] {
        let fixture = std::fs::read(format!(
            "{}/fixtures/licenses/revoke.request.{ext}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("fixture");
        let (code, out, err) = mbs(
            &["wire", "sample", "licenses", "revoke", "--format", format],
            b"",
        );
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(out, fixture, "sample {format}");
        let (code, out, err) = mbs(
            &[
                "wire",
                "encode",
                "licenses",
                "revoke",
                "--format",
                format,
                "--set",
                "LicenseID=sample string 1",
                "--set",
                "UserID=sample string 2",
            ],
            b"",
        );
        assert_eq!(code, Some(0), "{err}");
        // The body, byte for byte (the fixture ends with the sample's one newline; a final
        // newline after the body on a terminal-friendly stdout is allowed).
        let body = out.strip_suffix(b"\n").unwrap_or(&out);
        let trimmed = fixture.strip_suffix(b"\n").unwrap_or(&fixture);
        assert_eq!(
            body,
            trimmed,
            "encode {format}: {}",
            String::from_utf8_lossy(&out)
        );
    }
}
