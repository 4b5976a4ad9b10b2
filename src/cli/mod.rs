//! The `mbs` command-line tool (feature `cli`): every route of the SDK as a command, bulk calls
//! from CSV files, a standalone sandbox server, and wire tools for format-compatibility
//! testing. The binary is `src/bin/mbs.rs`; everything it does is here.
//!
//! Commands come from the route tables ([`crate::route::all`]): `mbs <group> <operation>
//! [PARAMS…] [--set Field=value…] [--body FILE]`, with the route's path and query parameters as
//! positional arguments in the API's order.
//!
//! Exit status: 0 ok, 1 the API refused or failed, 2 usage (bad arguments, refused before any
//! I/O), 3 authentication, 4 network.

mod args;
mod body;
mod bulk;
mod commands;
mod config;
mod output;
mod serve;
mod wire;

pub use body::json_body;

use std::fmt;
use std::process::ExitCode;

use crate::client::Client;
use crate::error::Error;

/// What a bulk run works with: the client (logged in, or with the cached token; its format
/// and inspector come from the flags) and the flags bulk reads.
pub(crate) struct Ctx {
    /// The client: one, shared by every call of the command (bulk calls share it across
    /// threads).
    pub client: Client,
    /// `--dry-run`: print requests, send nothing (the client then has no credentials).
    pub dry_run: bool,
    /// Whether stderr is a terminal (progress bars, prompts).
    pub progress: bool,
}

/// What the process exits with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Exit {
    /// 0: done.
    Ok = 0,
    /// 1: the API refused the call or failed (its message is printed).
    Api = 1,
    /// 2: the command line or its input is wrong; nothing was sent.
    Usage = 2,
    /// 3: the login was refused, or the token is missing or expired.
    Auth = 3,
    /// 4: the server could not be reached, or didn't answer in time.
    Network = 4,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// A failure of a command: one sentence for stderr and the exit status.
#[derive(Debug)]
pub struct CliError {
    /// The exit status.
    pub exit: Exit,
    /// One sentence, no secret.
    pub message: String,
}

impl CliError {
    /// A usage error (exit 2).
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            exit: Exit::Usage,
            message: message.into(),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Runs `mbs` with the process's arguments and environment; the exit status is the command's.
///
/// Errors are one sentence on stderr, prefixed `mbs: `; `--help` and `--version` print on
/// stdout and exit 0; any other mistake on the command line exits 2 before any I/O.
pub fn main() -> ExitCode {
    commands::main(std::env::args_os()).into()
}

impl From<Error> for CliError {
    fn from(e: Error) -> CliError {
        let exit = match &e {
            Error::InvalidInput { .. } | Error::Config { .. } | Error::Encode { .. } => Exit::Usage,
            Error::MissingCredentials { .. }
            | Error::Authentication(_)
            | Error::Unauthorized(_) => Exit::Auth,
            Error::Timeout { .. } | Error::Transport(_) => Exit::Network,
            _ => Exit::Api,
        };
        CliError {
            exit,
            message: e.to_string(),
        }
    }
}
