//! The SDK's main job on a fresh machine, with no account and no network: start the embedded
//! MBS sandbox, log in, list licenses, then grant, revoke and release one, once per format.
//!
//! ```text
//! cargo run --example quickstart --features sandbox
//! ```
//!
//! Every HTTP exchange is printed as it happens: request line, headers (token redacted), body,
//! status and answer.

use std::process::ExitCode;

use mspbackups::sandbox::Sandbox;
use mspbackups::{Exchange, Format};

/// At most this many lines of an answer body are shown.
const BODY_LINES: usize = 8;

fn indent(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = all
        .iter()
        .take(lines)
        .map(|l| format!("      {l}"))
        .collect();
    if all.len() > lines {
        out.push(format!("      … ({} more lines)", all.len() - lines));
    }
    out.join("\n")
}

fn show(x: &Exchange<'_>) {
    let request = x.request().to_string();
    let (head, body) = request.split_once("\n\n").unwrap_or((&request, ""));
    let mut head_lines = head.lines();
    println!("   → {}", head_lines.next().unwrap_or_default());
    for line in head_lines {
        println!("      {line}");
    }
    if !body.is_empty() {
        println!("{}", indent(body, 20));
    }
    match x.status() {
        Some(status) => {
            println!(
                "   ← HTTP {status} in {:.1} ms{}",
                x.elapsed().as_secs_f64() * 1000.0,
                x.response_content_type()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            );
            // The client shows bodies with secrets redacted: the login answer's token too.
            let text = String::from_utf8_lossy(x.response_body().unwrap_or_default());
            if !text.trim().is_empty() {
                println!("{}", indent(&text, BODY_LINES));
            }
        }
        None => println!("   ← no answer after {:?}", x.elapsed()),
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start()?;
    println!("mspbackups quickstart");
    println!(
        "An embedded MBS sandbox is listening on {} (no account, no network needed).",
        sandbox.base_url()
    );
    println!("API login: {} (password redacted)\n", sandbox.api_login());
    let alice = sandbox
        .users()
        .into_iter()
        .find(|u| u.email == "alice")
        .ok_or("the seed has no alice")?;

    for (round, format) in Format::ALL.into_iter().enumerate() {
        println!("════════════════ {format} ════════════════\n");
        let client = mspbackups::Client::builder()
            .base_url(sandbox.base_url())
            .credentials(sandbox.api_login(), sandbox.api_password().clone())
            .format(format)
            .no_proxy()
            .inspector(show)
            .build()?;

        println!("1. Log in with the API credentials");
        let token = client.login()?;
        println!(
            "   ✓ token issued, valid for {} s\n",
            token.expires_in().unwrap_or_default()
        );

        println!("2. List the licenses");
        let all = client.licenses().list()?;
        let free: Vec<_> = all.iter().filter(|l| l.is_free()).collect();
        println!("   ✓ {} licenses, {} available\n", all.len(), free.len());

        let license = free.get(round).ok_or("no free license left")?.id.clone();
        println!("3. Grant {license} to {}", alice.email);
        client.licenses().grant_to_user(&license, &alice.id)?;
        let l = client
            .licenses()
            .get(&license)?
            .ok_or("the license vanished")?;
        println!(
            "   ✓ granted: user {:?}, active: {}\n",
            l.user.unwrap_or_default(),
            l.is_taken
        );

        println!(
            "   (the sandbox plays the backup agent: it activates the license on DESKTOP-QUICKSTART)\n"
        );
        sandbox.activate(&license, "DESKTOP-QUICKSTART", "Windows 11 Pro")?;

        println!("4. Revoke it: deactivated on the computer, the user keeps it");
        client.licenses().revoke_from_user(&license, &alice.id)?;
        let l = client
            .licenses()
            .get(&license)?
            .ok_or("the license vanished")?;
        println!(
            "   ✓ revoked: user {:?}, active: {}, computer: {:?}\n",
            l.user.unwrap_or_default(),
            l.is_taken,
            l.computer_name
        );

        println!("5. Release it: back in the pool");
        client.licenses().release_from_user(&license, &alice.id)?;
        let l = client
            .licenses()
            .get(&license)?
            .ok_or("the license vanished")?;
        println!("   ✓ released: free again: {}\n", l.is_free());

        println!("6. Create a user (the password is a secret: redacted above), read, delete");
        let mut new_user =
            mspbackups::NewUser::new(format!("bob-{format}@example.com"), "bob-s3cret-pw");
        new_user.first_name = Some("Bob".into());
        new_user.notification_emails = Some(vec!["ops@example.com".into()]);
        let id = client.users().create(&new_user)?;
        let bob = client.users().get(&id)?.ok_or("the new user vanished")?;
        println!(
            "   ✓ created {} ({}), license mode {:?}",
            bob.email, bob.id, bob.license_managment_mode
        );
        client.users().delete(&id)?;
        println!(
            "   ✓ deleted: get answers {:?}\n",
            client.users().get(&id)?.map(|u| u.email)
        );
    }

    let dropped: Vec<_> = sandbox
        .diagnostics()
        .into_iter()
        .filter(|r| r.diagnostic.kind.is_silent_loss())
        .collect();
    println!(
        "Sandbox diagnostics: {} request(s) with something the real server would have dropped.",
        dropped.len()
    );
    for r in &dropped {
        println!("  {} → {}", r.request, r.diagnostic);
    }
    if !dropped.is_empty() {
        return Err("the SDK sent something the real server would drop".into());
    }
    println!("Done: {} requests served.", sandbox.requests_served());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quickstart failed: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}
