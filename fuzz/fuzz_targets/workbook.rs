//! Workbook bytes → the whole pipeline (read, evaluate, annotate, report). The first byte picks
//! the format the bytes are read as. Run by hand (`cargo fuzz run workbook`), never in CI; a
//! crashing input goes to `tests/robust/` as a regression test.
#![no_main]

use jixiao::config::Config;
use jixiao::review::evaluate::{evaluate_workbook, Origin};
use jixiao::grid::Format;
use jixiao::read::{read_workbook_bytes, Limits};
use libfuzzer_sys::fuzz_target;

/// libfuzzer-sys aborts on every panic, even one caught: calamine's panics on corrupt files are
/// caught in `grid.rs` and reported as S001, so they must not count as crashes; ours still do
/// (they unwind into libfuzzer-sys, which aborts).
fn quiet_calamine_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let ours = info.location().is_none_or(|l| !l.file().contains("calamine"));
            if ours {
                eprintln!("{info}");
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    quiet_calamine_panics();
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let format = match pick % 4 {
        0 => Format::Xlsx,
        1 => Format::Xls,
        2 => Format::Xlsb,
        _ => Format::Ods,
    };
    // Small limits keep each run fast; the checks are the same.
    let limits = Limits {
        max_cells: 200_000,
        max_unpacked_mib: 64,
        ..Limits::default()
    };
    let Ok(wb) = read_workbook_bytes(bytes, format, &limits) else {
        return;
    };
    let cfg = Config::default();
    let origin = Origin {
        folder: None,
        stem: "fuzz".into(),
    };
    let eval = evaluate_workbook(&wb, &origin, &cfg);
    let _ = jixiao::write::annotate::annotated_workbook(&wb, &eval, &cfg);
});
