//! `mbs`: the MSP360 Managed Backup Service API from the command line. See `mbs --help` and
//! the README's "The `mbs` tool" section; everything is in [`mspbackups::cli`].

fn main() -> std::process::ExitCode {
    mspbackups::cli::main()
}
