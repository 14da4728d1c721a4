//! The integration tests, one crate (so the suite builds once): each module runs the real
//! `jixiao` binary, or the library, on workbooks built in code, on the committed samples and
//! fixtures, and on the real transcribed tables. `common` holds the shared builders and runners.

mod checks;
mod cli;
mod common;
mod config;
mod explain;
mod fixtures;
mod generated;
mod history;
mod outputs;
mod patch;
mod props;
mod readme;
mod real;
mod reliability;
mod robust;
mod rules;
mod rules_corpus;
mod rules_real;
mod rules_real_check;
mod run;
mod sample;
mod samples;
mod self_eval;
mod summary;
mod template;
mod watch;
