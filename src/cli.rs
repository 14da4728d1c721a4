//! The command line (clap derive). [`Cli::into_job`] validates the flags once into a resolved
//! [`Job`]; nothing after it reads the raw flags.

use crate::config::{Config, ConfigError};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Where the guide for staff is, said at the end of `jixiao --help`.
pub const GUIDE: &str = "中文使用说明（带截图）：程序附带的 docs/使用说明.md\n\
     最简单的用法：把工作簿文件夹拖到 jixiao.exe 上，结果在文件夹旁边的“文件夹名_复核”中。";

/// jixiao（绩效）：项目支出绩效评价表/自评表的批量复核工具。
///
/// 把工作簿文件夹（或文件）拖到 jixiao.exe 上，或 `jixiao 文件夹`，即复核并写出结果，
/// 结果在文件夹旁边的“文件夹名_复核”中。
#[derive(Debug, Parser)]
#[command(
    name = "jixiao",
    version,
    about,
    long_about = None,
    args_conflicts_with_subcommands = true,
    arg_required_else_help = true,
    after_help = GUIDE
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// 工作簿文件夹或文件：不写子命令即为 run，结果写到旁边的“名称_复核”文件夹
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

/// Where `jixiao INPUT…` (no subcommand: a folder dropped on the program) writes: beside the
/// first input, named after it — `D:\材料\2025绩效` → `D:\材料\2025绩效_复核`, `表.xlsx` →
/// `表_复核` in the file's folder. A relative input is taken from the working directory; an
/// input without a name (a drive's root) gets `jixiao_复核` inside it.
pub fn beside(input: &std::path::Path) -> PathBuf {
    let absolute = std::path::absolute(input).unwrap_or_else(|_| input.to_path_buf());
    // `.` and `..` resolved by the file system when they can be, so the folder has its name.
    let path = std::fs::canonicalize(&absolute)
        .map(|p| strip_verbatim(&p))
        .unwrap_or(absolute);
    let name = if path.is_dir() {
        path.file_name()
    } else {
        path.file_stem()
    };
    match (name, path.parent()) {
        (Some(name), Some(parent)) => {
            let mut folder = name.to_os_string();
            folder.push("_复核");
            parent.join(folder)
        }
        _ => path.join("jixiao_复核"),
    }
}

/// Windows' `canonicalize` gives `\\?\D:\…`; users know `D:\…`.
fn strip_verbatim(p: &std::path::Path) -> PathBuf {
    let s = p.to_string_lossy();
    match s.strip_prefix(r"\\?\") {
        Some(rest) if !rest.starts_with("UNC") => PathBuf::from(rest),
        _ => p.to_path_buf(),
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 复核并写出结果：OUT/复核/ 下每个工作簿的复核工作簿（原工作簿加复核标注和“复核问题”表）、OUT/汇总.xlsx（项目汇总、部门汇总、等级分布、指标失分、问题清单、无法读取；加 --sample 有抽查清单，加 --previous 有年度对比、重复失分）和 OUT/report.json
    Run(RunArgs),
    /// 只检查，不写任何文件：逐条列出问题，按结果返回退出码 0（无错误）/1（有错误）/2（用法错误）
    Check(CheckArgs),
    /// 监视收件文件夹：先复核全部，之后有工作簿新增、保存或移走时自动重新复核，更新 OUT 中的复核工作簿、汇总.xlsx 和 report.json（与 run 相同）
    Watch(WatchArgs),
    /// 年度对比：只用各年的 report.json（从早到晚），比较同一项目的得分、等级和重复失分；只输出到屏幕，加 -o 另写出对比工作簿
    Compare(CompareArgs),
    /// 显示评价标准被理解成什么评分规则（类型、参数、规范表述）
    Explain(ExplainArgs),
    /// 生成空白的标准绩效评价表或自评表（发给各单位填写），写到 -o 指定的文件（默认 绩效评价表.xlsx 或 绩效自评表.xlsx）
    Template(TemplateArgs),
    /// 显示生效的县级规则配置（jixiao.toml）；--default 输出内置默认值（不写文件，可重定向保存）
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// 输出文件（默认：绩效评价表.xlsx 或 绩效自评表.xlsx）
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
    /// 表的种类：评价（项目支出绩效评价表）或 自评（项目支出绩效自评表）
    #[arg(long, value_enum, default_value = "评价")]
    kind: crate::write::template::Kind,
    /// 县级规则配置文件 jixiao.toml（等级、预算执行率得分规则写入模板公式）
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 覆盖已存在的文件
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct ConfigArgs {
    /// 输出内置默认配置（带注释的 jixiao.toml）
    #[arg(long, conflicts_with_all = ["config", "inputs"])]
    default: bool,
    /// 县级规则配置文件 jixiao.toml
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 工作簿文件夹：显示在其中（或其上一级）找到的 jixiao.toml
    #[arg(value_name = "INPUT")]
    inputs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// 一条或多条评价标准原文
    #[arg(required = true, value_name = "评价标准")]
    texts: Vec<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Output format of `check` and `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// 给人看的文本：每条问题一行，最后是汇总
    Text,
    /// report.json 格式（jixiao.report/1）
    Json,
}

#[derive(Debug, Args)]
struct Common {
    /// 工作簿文件或文件夹（递归查找 .xlsx .xlsm .xls .xlsb .ods）
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// 县级规则配置文件 jixiao.toml
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// 并行处理的线程数（默认：CPU 核数）
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    look: LookArgs,
    /// 抽查复核：按风险和随机抽取项目并说明理由，如 --sample 20%（按比例）或 --sample 15（按个数）
    #[arg(long, value_name = "RATE|COUNT")]
    sample: Option<crate::sample::Amount>,
    /// 抽查的随机种子（默认由输入推出，重跑得到同样的名单）
    #[arg(long, value_name = "N", requires = "sample")]
    seed: Option<u64>,
    /// 年度对比：往年 jixiao run 写出的 report.json（可给多个，从早到晚）
    #[arg(long, value_name = "REPORT.json")]
    previous: Vec<PathBuf>,
}

/// How the text for people looks (issue #19).
#[derive(Debug, Args, Clone, Copy, Default)]
struct LookArgs {
    /// 也逐条列出“提示”（默认只列错误和警告，提示只计数）
    #[arg(short = 'v', long)]
    verbose: bool,
    /// 按文件分组显示（文件名作标题，项目和问题缩进列在下面）；在终端上默认如此
    #[arg(long, overrides_with = "no_heading")]
    heading: bool,
    /// 每条问题一行、带完整路径（便于 grep）；输出到管道或文件时默认如此
    #[arg(long, overrides_with = "heading")]
    no_heading: bool,
    /// 颜色：auto（终端上着色，设了 NO_COLOR 则不着色）、always、never
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,
}

/// When the text is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorWhen {
    /// 终端上着色（NO_COLOR 关闭，CLICOLOR_FORCE 强制）
    #[default]
    Auto,
    /// 总是着色
    Always,
    /// 不着色
    Never,
}

/// How the text for people is to look, as asked; [`TextLook::resolve`] decides it against
/// stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLook {
    /// Print 提示 too.
    pub verbose: bool,
    /// `--heading` (`Some(true)`), `--no-heading` (`Some(false)`), or by the terminal.
    pub heading: Option<bool>,
    /// `--color`.
    pub color: ColorWhen,
}

impl Default for TextLook {
    fn default() -> Self {
        TextLook {
            verbose: false,
            heading: None,
            color: ColorWhen::Auto,
        }
    }
}

impl TextLook {
    /// Grouped on a terminal, one line per finding otherwise (unless asked); coloured on a
    /// terminal that takes colour, unless `NO_COLOR` is set (anstream's reading of the
    /// environment) or `--color` says otherwise.
    pub fn resolve(self) -> crate::write::terminal::Look {
        use std::io::IsTerminal;
        let stdout = std::io::stdout();
        let colour = match self.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                anstream::AutoStream::choice(&stdout) != anstream::ColorChoice::Never
            }
        };
        crate::write::terminal::Look {
            heading: self.heading.unwrap_or_else(|| stdout.is_terminal()),
            colour,
            verbose: self.verbose,
        }
    }
}

impl From<LookArgs> for TextLook {
    fn from(a: LookArgs) -> Self {
        TextLook {
            verbose: a.verbose,
            heading: match (a.heading, a.no_heading) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            color: a.color,
        }
    }
}

#[derive(Debug, Args)]
struct WatchArgs {
    /// 收件文件夹（各单位的工作簿放在这里，可含子文件夹）
    #[arg(value_name = "INBOX")]
    inbox: PathBuf,
    /// 输出文件夹（复核工作簿、report.json、汇总.xlsx）
    #[arg(short = 'o', long = "out", value_name = "OUT", default_value = "out")]
    out: PathBuf,
    /// 县级规则配置文件 jixiao.toml
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 并行处理的线程数（默认：CPU 核数）
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// 各年的 report.json，从早到晚（至少两个）
    #[arg(required = true, num_args = 2.., value_name = "REPORT.json")]
    reports: Vec<PathBuf>,
    /// 县级规则配置文件 jixiao.toml（[[match]] 手工配对、[application] 结果应用建议）
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// 另写出对比工作簿（年度对比、重复失分两张表）
    #[arg(short = 'o', long = "out", value_name = "FILE.xlsx")]
    out: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    #[command(flatten)]
    common: Common,
    /// 有警告也返回退出码 1
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Debug, Args)]
struct RunArgs {
    #[command(flatten)]
    common: Common,
    /// 输出文件夹
    #[arg(short = 'o', long = "out", value_name = "OUT", default_value = "out")]
    out: PathBuf,
    /// 安静模式：只输出错误
    #[arg(short = 'q', long)]
    quiet: bool,
}

/// Settings shared by `check` and `run`, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Files and folders to review.
    pub inputs: Vec<PathBuf>,
    /// The county rules.
    pub config: Config,
    /// Text or JSON.
    pub format: Format,
    /// Worker threads; `None` for one per core.
    pub jobs: Option<usize>,
    /// How the text for people looks.
    pub look: TextLook,
    /// `--sample` and `--seed`: how many projects to pick for 抽查复核, and the seed of the lot.
    pub sample: Option<(crate::sample::Amount, Option<u64>)>,
    /// `--previous`: earlier years' reports, oldest first.
    pub previous: Vec<PathBuf>,
}

/// A validated command.
#[derive(Debug, Clone)]
pub enum Job {
    /// `jixiao explain`.
    Explain {
        /// The criterion texts.
        texts: Vec<String>,
        /// Text or JSON.
        format: Format,
    },
    /// `jixiao check`.
    Check {
        /// Shared settings.
        settings: Settings,
        /// Warnings make the exit status 1.
        deny_warnings: bool,
    },
    /// `jixiao run`.
    Run {
        /// Shared settings.
        settings: Settings,
        /// The output folder.
        out: PathBuf,
        /// Print nothing but errors.
        quiet: bool,
    },
    /// `jixiao watch`.
    Watch {
        /// Shared settings (`inputs` is the inbox).
        settings: Settings,
        /// The output folder.
        out: PathBuf,
    },
    /// `jixiao compare`.
    Compare {
        /// The reports, oldest first.
        reports: Vec<PathBuf>,
        /// The county rules.
        config: Config,
        /// Text or JSON.
        format: Format,
        /// The workbook to write, if any.
        out: Option<PathBuf>,
    },
    /// `jixiao template`.
    Template {
        /// The output file.
        out: PathBuf,
        /// Which form.
        kind: crate::write::template::Kind,
        /// The county rules (grade bands and budget score go into the formulas).
        config: Config,
        /// Overwrite an existing file.
        force: bool,
    },
    /// `jixiao config`: print a configuration as `jixiao.toml`.
    Config {
        /// The configuration to print.
        config: Config,
        /// The file it was read from (`None`: the built-in defaults).
        source: Option<PathBuf>,
    },
}

/// Flags that cannot make a job (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum UsageError {
    /// The county rules file is missing, unreadable or invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// `-j 0`.
    #[error("-j 的线程数至少为 1")]
    NoThreads,
    /// Neither a subcommand nor an input.
    #[error("请给出要复核的工作簿文件夹或文件，或一个子命令（jixiao --help 查看用法）")]
    NoInput,
}

impl Cli {
    /// Validates the flags into a [`Job`].
    ///
    /// # Errors
    /// A [`UsageError`] (exit status 2): a bad config file, `-j 0`.
    pub fn into_job(self) -> Result<Job, UsageError> {
        let settings = |c: Common| -> Result<Settings, UsageError> {
            let (config, _) = Config::load(c.config.as_deref(), &c.inputs)?;
            if c.jobs == Some(0) {
                return Err(UsageError::NoThreads);
            }
            Ok(Settings {
                inputs: c.inputs,
                config,
                format: c.format,
                jobs: c.jobs,
                look: c.look.into(),
                sample: c.sample.map(|a| (a, c.seed)),
                previous: c.previous,
            })
        };
        let Some(command) = self.command else {
            // No subcommand: `run` on what was dropped, writing beside it.
            let first = self.inputs.first().ok_or(UsageError::NoInput)?;
            let out = beside(first);
            let common = Common {
                inputs: self.inputs,
                config: None,
                format: Format::Text,
                jobs: None,
                look: LookArgs::default(),
                sample: None,
                seed: None,
                previous: Vec::new(),
            };
            return Ok(Job::Run {
                settings: settings(common)?,
                out,
                quiet: false,
            });
        };
        Ok(match command {
            Command::Check(a) => Job::Check {
                settings: settings(a.common)?,
                deny_warnings: a.deny_warnings,
            },
            Command::Run(a) => Job::Run {
                settings: settings(a.common)?,
                out: a.out,
                quiet: a.quiet,
            },
            Command::Watch(a) => Job::Watch {
                settings: settings(Common {
                    inputs: vec![a.inbox],
                    config: a.config,
                    format: Format::Text,
                    jobs: a.jobs,
                    look: LookArgs::default(),
                    sample: None,
                    seed: None,
                    previous: Vec::new(),
                })?,
                out: a.out,
            },
            Command::Compare(a) => Job::Compare {
                config: Config::load(a.config.as_deref(), &[])?.0,
                reports: a.reports,
                format: a.format,
                out: a.out,
            },
            Command::Explain(a) => Job::Explain {
                texts: a.texts,
                format: a.format,
            },
            Command::Template(a) => Job::Template {
                out: a
                    .out
                    .unwrap_or_else(|| PathBuf::from(a.kind.default_file_name())),
                kind: a.kind,
                config: Config::load(a.config.as_deref(), &[])?.0,
                force: a.force,
            },
            Command::Config(a) => {
                let (config, source) = if a.default {
                    (Config::default(), None)
                } else {
                    Config::load(a.config.as_deref(), &a.inputs)?
                };
                Job::Config { config, source }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::beside;
    use std::path::Path;

    #[test]
    fn results_go_beside_the_input_named_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("2025绩效");
        std::fs::create_dir(&folder).unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(beside(&folder), real.join("2025绩效_复核"));
        assert_eq!(
            beside(&folder.join("..").join("2025绩效")),
            real.join("2025绩效_复核")
        );
        assert_eq!(beside(&folder.join("表.xlsx")), folder.join("表_复核"));
        if cfg!(unix) {
            assert_eq!(beside(Path::new("/")), Path::new("/jixiao_复核"));
        }
    }
}
