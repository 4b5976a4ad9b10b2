//! Revokes one license from one user and shows the exchange.
//!
//! ```text
//! MBS_TOKEN=… MBS_LICENSE_ID=… MBS_USER_ID=… [MBS_FORMAT=xml] [MBS_BASE_URL=…] cargo run --example revoke
//! ```
//!
//! Instead of `MBS_TOKEN`, `MBS_LOGIN` and `MBS_PASSWORD` (the API credentials) make the client log
//! in first; the login request is shown with the password redacted.
//!
//! Prints the request as sent (token redacted), the response, and the outcome. Exits 1 on failure,
//! 2 on a missing or bad setting.

use std::process::ExitCode;

use mspbackups::{Client, Exchange, Format};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn required(name: &str) -> Result<String, String> {
    env(name).ok_or_else(|| format!("{name} is not set"))
}

fn show(x: &Exchange<'_>) {
    println!("--> {}", x.url());
    println!("{}", x.request());
    println!();
    match x.status() {
        Some(status) => {
            println!(
                "<-- HTTP {status} in {:?} ({})",
                x.elapsed(),
                x.response_content_type().unwrap_or("no content type")
            );
            let body = x.response_body().unwrap_or_default();
            if !body.is_empty() {
                println!("{}", String::from_utf8_lossy(&body[..body.len().min(2048)]));
            }
        }
        None => println!("<-- no answer after {:?}", x.elapsed()),
    }
    println!();
}

fn run() -> Result<Result<(), mspbackups::Error>, String> {
    let credentials = match (env("MBS_TOKEN"), env("MBS_LOGIN"), env("MBS_PASSWORD")) {
        (Some(token), _, _) => Ok(token),
        (None, Some(login), Some(password)) => Err((login, password)),
        _ => return Err("set MBS_TOKEN, or MBS_LOGIN and MBS_PASSWORD".to_owned()),
    };
    let license_id = required("MBS_LICENSE_ID")?;
    let user_id = required("MBS_USER_ID")?;
    let format: Format = env("MBS_FORMAT")
        .unwrap_or_else(|| "json".into())
        .parse()
        .map_err(|e| format!("MBS_FORMAT: {e}"))?;
    let mut builder = Client::builder().format(format).inspector(show);
    builder = match credentials {
        Ok(token) => builder.token(token),
        Err((login, password)) => builder.credentials(login, password),
    };
    if let Some(url) = env("MBS_BASE_URL") {
        builder = builder.base_url(url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;
    Ok(client.licenses().revoke_from_user(&license_id, &user_id))
}

fn main() -> ExitCode {
    match run() {
        Ok(Ok(())) => {
            println!("outcome: revoked");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            println!("outcome: failed: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                println!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::from(1)
        }
        Err(msg) => {
            eprintln!("revoke: {msg}");
            eprintln!(
                "usage: MBS_TOKEN=… (or MBS_LOGIN=… MBS_PASSWORD=…) MBS_LICENSE_ID=… MBS_USER_ID=… [MBS_FORMAT=json|xml] [MBS_BASE_URL=…] cargo run --example revoke"
            );
            ExitCode::from(2)
        }
    }
}
