//! What the sandbox examples share (`mod common;` in each): the result type, the final check
//! that the sandbox recorded nothing the real server would have dropped silently, and the
//! exit status with the error's causes.
//!
//! A folder without a `main.rs` is not an example of its own, so Cargo builds this only as a
//! module of the examples that use it.

use std::process::ExitCode;

use mspbackups::sandbox::Sandbox;

/// Any error, with its causes.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Prints every request in which the sandbox found something the real server would have
/// dropped silently, and fails when there is one; otherwise prints how many requests it served.
pub fn nothing_dropped(sandbox: &Sandbox) -> Result<()> {
    let dropped: Vec<_> = sandbox
        .diagnostics()
        .into_iter()
        .filter(|r| r.diagnostic.kind.is_silent_loss())
        .collect();
    for r in &dropped {
        println!("  {} → {}", r.request, r.diagnostic);
    }
    if !dropped.is_empty() {
        return Err(format!(
            "the SDK sent {} request(s) with something the real server would drop",
            dropped.len()
        )
        .into());
    }
    println!(
        "Done: {} requests served, nothing the real server would have dropped.",
        sandbox.requests_served()
    );
    Ok(())
}

/// The exit status of `example`'s run: success, or failure after printing the error and each
/// of its causes.
pub fn exit_status(example: &str, result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{example} failed: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}
