//! \[IO\] The console jixiao runs in (issue #19 part 2). A folder dropped on `jixiao.exe` opens
//! a console window of its own that closes the moment the program ends — before anyone has read
//! the summary. [`started_by_desktop`] tells that case from a command window, and
//! [`wait_for_enter`] keeps the window open.
//!
//! On Windows, a program started by Explorer is the only process attached to its console
//! (`GetConsoleProcessList` counts 1); from `cmd.exe` or PowerShell the shell is attached too.
//! Elsewhere a program is started from a terminal. `JIXIAO_PAUSE=1` (or `0`) says it
//! explicitly: the tests use it, and so can a shortcut.

use std::io::Write;

/// True when the program should wait for Enter before it ends.
pub fn started_by_desktop() -> bool {
    match std::env::var("JIXIAO_PAUSE").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => only_process_on_console(),
    }
}

#[cfg(windows)]
fn only_process_on_console() -> bool {
    use windows_sys::Win32::System::Console::GetConsoleProcessList;
    let mut ids = [0u32; 2];
    // SAFETY: `ids` holds 2 process ids and its length is what is passed.
    let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 2) };
    attached == 1
}

#[cfg(not(windows))]
fn only_process_on_console() -> bool {
    false
}

/// Says `按回车键退出` on stderr and waits for a line on stdin (or its end).
pub fn wait_for_enter() {
    let mut err = std::io::stderr();
    let _ = write!(err, "\n按回车键退出");
    let _ = err.flush();
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[cfg(test)]
mod tests {
    #[test]
    fn outside_windows_a_program_is_started_from_a_terminal() {
        if cfg!(not(windows)) {
            assert!(!super::only_process_on_console());
        }
    }
}
