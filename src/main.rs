//! The thin binary: parse the command line, call the library, map the outcome to an exit
//! status (0 no errors; 1 errors, unreadable files, or warnings with `--deny-warnings`;
//! 2 bad usage or an output that could not be written).

use clap::Parser;
use jixiao::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let job = match Cli::parse().into_job() {
        Ok(job) => job,
        Err(msg) => {
            eprintln!("jixiao: {msg}");
            return ExitCode::from(2);
        }
    };
    match jixiao::batch::execute(&job) {
        Ok(outcome) => ExitCode::from(outcome.exit_status()),
        Err(jixiao::batch::AppError::Usage(msg)) => {
            eprintln!("jixiao: {msg}");
            ExitCode::from(2)
        }
        Err(jixiao::batch::AppError::BrokenPipe) => ExitCode::SUCCESS,
    }
}
