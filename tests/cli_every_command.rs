//! Every command `mbs` generates from the route tables, in both formats, as a dry run: the
//! method and path it would send, and, for a route with a request fixture, the body bytes equal
//! to the fixture (`fixtures/<group>/<operation>.request.<ext>`, JSON for JSON-only routes).
//! Nothing is sent: the base URL is a closed port and no credentials are given.
#![cfg(feature = "cli")]

use std::path::Path;
use std::process::{Command, Stdio};

use mspbackups::route::{self, BodyShape};

/// A parameter value the route's type accepts (numbers for the typed ones).
fn param(name: &str) -> &'static str {
    match name {
        "id" | "offset" | "count" => "7",
        _ => "p-1",
    }
}

/// A document without the whitespace between its tokens: JSON as a value, XML with the
/// whitespace between tags removed.
fn normalized(text: &str, format: &str) -> String {
    if format == "json" {
        return serde_json::from_str::<serde_json::Value>(text)
            .map(|v| v.to_string())
            .unwrap_or_else(|e| format!("not JSON: {e}"));
    }
    let mut out = String::new();
    for piece in text.split('>') {
        let piece = piece.trim_start();
        out.push_str(piece);
        out.push('>');
    }
    out.replace(" <", "<").replace("\n", "")
}

#[test]
fn every_command_dry_runs_in_both_formats() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("mbs-every-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    let mut bodies = 0;
    let mut same_but_layout = 0;
    for r in route::all().filter(|r| r.group != "Provider") {
        for format in ["json", "xml"] {
            let group = r.group.to_ascii_lowercase();
            let op = r.operation.replace('_', "-");
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_mbs"));
            cmd.args([group.as_str(), op.as_str()])
                .args(r.params.iter().map(|p| param(p)))
                .args(["--format", format, "--dry-run"])
                .current_dir(&dir)
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", &dir)
                .env("XDG_CONFIG_HOME", dir.join("config"))
                .env("XDG_CACHE_HOME", dir.join("cache"))
                .env("MBS_BASE_URL", "http://127.0.0.1:9")
                .stdin(Stdio::null());
            let sent_format = if r.json_only { "json" } else { format };
            let fixture = root
                .join("fixtures")
                .join(r.group.to_ascii_lowercase())
                .join(format!("{}.request.{sent_format}", r.operation));
            let json_fixture = root
                .join("fixtures")
                .join(r.group.to_ascii_lowercase())
                .join(format!("{}.request.json", r.operation));
            let has_body = r.body != BodyShape::None;
            if has_body {
                if !json_fixture.exists() {
                    continue;
                }
                cmd.args(["--body", json_fixture.to_str().unwrap()]);
            }
            let out = cmd.output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert_eq!(
                out.status.code(),
                Some(0),
                "{} {} --format {format}: {stderr}",
                group,
                op
            );
            let first = stdout.lines().next().unwrap_or_default();
            assert!(
                first.starts_with(&format!("{} http://127.0.0.1:9{}", r.method, {
                    let fixed = r.path_template().split('{').next().unwrap_or_default();
                    fixed.to_owned()
                })),
                "{} {}: {first}",
                group,
                op
            );
            if has_body && fixture.exists() && sent_format == "xml" {
                // The XML fixture may hold other values than the JSON one given as the body
                // (the docs' two samples differ): the root element must be the fixture's.
                let (_, body) = stdout.split_once("\n\n").unwrap();
                let text = std::fs::read_to_string(&fixture).unwrap();
                let root = |t: &str| t.split([' ', '>']).next().unwrap_or_default().to_owned();
                assert_eq!(root(body), root(&text), "{} {} --format xml", group, op);
                checked += 1;
                continue;
            }
            if has_body && fixture.exists() && !stderr.contains("<redacted>") {
                let (_, body) = stdout.split_once("\n\n").unwrap();
                // Fixtures end with the line feed a file ends with; bodies don't.
                let text = std::fs::read_to_string(&fixture).unwrap();
                let want = text.strip_suffix('\n').unwrap_or(&text);
                if body == want {
                    bodies += 1;
                } else {
                    // A few fixtures keep a docs sample's own layout (fixtures/README says
                    // which): the same document, apart from whitespace between tokens.
                    assert_eq!(
                        normalized(body, sent_format),
                        normalized(want, sent_format),
                        "{} {} --format {format}",
                        group,
                        op
                    );
                    same_but_layout += 1;
                }
            }
            checked += 1;
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Every route but the login, in two formats, less the routes whose body has no fixture
    // to give (every body route of the tables has one today).
    let runnable = route::all()
        .filter(|r| r.group != "Provider")
        .filter(|r| {
            r.body == BodyShape::None
                || root
                    .join("fixtures")
                    .join(r.group.to_ascii_lowercase())
                    .join(format!("{}.request.json", r.operation))
                    .exists()
        })
        .count();
    assert_eq!(checked, 2 * runnable);
    assert!(bodies > 0);
    eprintln!(
        "{checked} commands dry-run, {bodies} bodies equal to their fixture byte for byte, {same_but_layout} apart from the fixture's layout"
    );
}
