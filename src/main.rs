//! The thin binary: parse the command line, call the library, map the outcome to an exit
//! status (0 no errors; 1 errors, unreadable files, or warnings with `--deny-warnings`;
//! 2 bad usage or an output that could not be written). Errors reach here typed, are carried
//! by `anyhow` with what was being done, and are printed in Chinese, causes joined by `：`.

use anyhow::Context;
use clap::Parser;
use jixiao::cli::{Cli, Job};
use std::process::ExitCode;

fn main() -> ExitCode {
    // A panic is caught where it happens and reported in Chinese (a file's internal error, a
    // full temporary folder); Rust's own message is for developers: JIXIAO_DEBUG=1 shows it.
    std::panic::set_hook(Box::new(|info| {
        if std::env::var_os("JIXIAO_DEBUG").is_some() {
            eprintln!("{info}");
        }
    }));
    let status = status();
    // A folder dropped on jixiao.exe: its window stays until the summary has been read.
    if jixiao::console::started_by_desktop() {
        jixiao::console::wait_for_enter();
    }
    status
}

fn status() -> ExitCode {
    // A panic that escapes every guard (a bug): said in Chinese, never silently.
    let Ok(result) = std::panic::catch_unwind(run) else {
        eprintln!(
            "jixiao：程序内部出错，未能完成；请把所用的文件和命令反馈给开发人员（设 JIXIAO_DEBUG=1 可看到详细信息）"
        );
        return ExitCode::from(101);
    };
    match result {
        Ok(status) => ExitCode::from(status),
        // stdout closed by its reader (`jixiao check … | head`): end quietly, with status 1
        // when errors had been seen.
        Err(e) if matches!(e.downcast_ref(), Some(jixiao::cmd::Error::BrokenPipe)) => {
            ExitCode::SUCCESS
        }
        Err(e)
            if matches!(
                e.downcast_ref(),
                Some(jixiao::cmd::Error::BrokenPipeAfterErrors)
            ) =>
        {
            ExitCode::from(1)
        }
        Err(e) => {
            let causes: Vec<String> = e.chain().map(ToString::to_string).collect();
            eprintln!("jixiao: {}", causes.join("："));
            ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<u8> {
    // clap's own exit would close a dropped folder's window before its message is read.
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Ok(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let job = cli.into_job()?;
    let outcome = jixiao::cmd::execute(&job).with_context(|| unfinished(&job))?;
    Ok(outcome.exit_status())
}

/// What did not get done when a command fails, said first in its message.
fn unfinished(job: &Job) -> &'static str {
    match job {
        Job::Run { .. } => "复核未完成",
        Job::Check { .. } => "检查未完成",
        Job::Watch { .. } => "监视未能继续",
        Job::Compare { .. } => "年度对比未完成",
        Job::Explain { .. } => "未能输出评价标准的理解",
        Job::Template { .. } => "模板未生成",
        Job::Config { .. } => "未能输出配置",
    }
}
