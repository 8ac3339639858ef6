use std::process::ExitCode;

fn main() -> ExitCode {
    pmlint_cli::run()
}

#[path = "cli.rs"]
mod pmlint_cli;
