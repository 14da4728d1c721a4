//! \[IO\] What an `.xls` shows of its numbers and pages that calamine does not give (issue
//! #17): the number format of each number cell (`0.0%`, `0.00`, `#,##0.00`) and each sheet's
//! print orientation, for the rebuilt annotated copy — as [`super::ods_looks`] does for `.ods`.
//!
//! Read from the BIFF8 records of the `Workbook` stream ([MS-XLS] §2.4): the globals'
//! `FORMAT` records (custom format codes by number) and `XF` records (each cell format's
//! number format, in order), `BoundSheet8` (each sheet's name and where its records start);
//! then, per worksheet, the cells that hold a number — `Number`, `RK`, `MulRk`, and `Formula`
//! with a numeric result — whose format index (`ixfe`) names an `XF`, and `Setup` for the
//! orientation. Built-in formats have fixed codes; date and time formats are left out (calamine
//! gives those cells as dates already), and so are General and text. Only cells within the
//! scanned area ([`SCAN_ROWS`] × [`SCAN_COLS`]) get a format. Anything unreadable gives no
//! looks: the copy is then written in the default formats.

use super::ods_looks::SheetLooks;
use super::package::{u16_at, u32_at};
use crate::grid::{SCAN_COLS, SCAN_ROWS};
use std::collections::HashMap;

/// No more formats are kept per sheet than this.
const MAX_FORMATS: usize = 200_000;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUND_SHEET: u16 = 0x0085;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const SETUP: u16 = 0x00A1;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MUL_RK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;

/// The code of a built-in number format that is a number's (not a date's, text's or General).
fn built_in(ifmt: u16) -> Option<&'static str> {
    Some(match ifmt {
        1 => "0",
        2 => "0.00",
        3 => "#,##0",
        4 => "#,##0.00",
        9 => "0%",
        10 => "0.00%",
        11 => "0.00E+00",
        37 => "#,##0 ;(#,##0)",
        38 => "#,##0 ;[Red](#,##0)",
        39 => "#,##0.00;(#,##0.00)",
        40 => "#,##0.00;[Red](#,##0.00)",
        48 => "##0.0E+0",
        _ => return None,
    })
}

/// True for a custom format that shows a number (not a date or time, not text, not General).
fn is_number_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    let mut digits = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | '@' => return false,
            '0' | '#' | '?' => digits = true,
            _ => {}
        }
    }
    digits && !code.eq_ignore_ascii_case("general")
}

/// An `XLUnicodeString` (a 16-bit length, a flags byte, the characters) at `at`.
fn unicode_string(b: &[u8], at: usize, long: bool) -> Option<String> {
    let (len, flags_at) = if long {
        (usize::from(u16_at(b, at)?), at + 2)
    } else {
        (usize::from(*b.get(at)?), at + 1)
    };
    let wide = b.get(flags_at)? & 1 == 1;
    let chars = flags_at + 1;
    if wide {
        let units: Vec<u16> = (0..len)
            .map(|i| u16_at(b, chars + 2 * i))
            .collect::<Option<_>>()?;
        Some(String::from_utf16_lossy(&units))
    } else {
        let bytes = b.get(chars..chars + len)?;
        Some(bytes.iter().map(|&c| char::from(c)).collect())
    }
}

/// The looks of every worksheet of an `.xls`, by sheet name; `None` when the file cannot be
/// read this way.
pub fn xls_looks(bytes: &[u8]) -> Option<HashMap<String, SheetLooks>> {
    let stream = super::package::xls_workbook_stream(bytes)?;
    let mut custom: HashMap<u16, String> = HashMap::new();
    // Each XF's number format code, when it is a number's.
    let mut xfs: Vec<Option<String>> = Vec::new();
    let mut sheets: HashMap<usize, String> = HashMap::new();
    let mut out: HashMap<String, SheetLooks> = HashMap::new();
    let mut current: Option<String> = None;
    let mut globals_done = false;
    let mut at = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let start = at;
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or(&[]);
        at += 4 + usize::from(len);
        match typ {
            BOF => {
                // A worksheet's substream (dt 0x0010) starts where its BoundSheet8 says.
                current = if globals_done && u16_at(data, 2) == Some(0x0010) {
                    sheets.get(&start).cloned()
                } else {
                    None
                };
            }
            EOF => {
                globals_done = true;
                current = None;
            }
            BOUND_SHEET if !globals_done => {
                let pos = u32_at(data, 0)? as usize;
                if let Some(name) = unicode_string(data, 6, false) {
                    sheets.insert(pos, name);
                }
            }
            FORMAT if !globals_done => {
                if let (Some(id), Some(code)) = (u16_at(data, 0), unicode_string(data, 2, true)) {
                    custom.insert(id, code);
                }
            }
            XF if !globals_done => {
                let ifmt = u16_at(data, 2)?;
                let code = match custom.get(&ifmt) {
                    Some(c) => is_number_format(c).then(|| c.clone()),
                    None => built_in(ifmt).map(str::to_string),
                };
                xfs.push(code);
            }
            SETUP => {
                if let Some(name) = &current {
                    let grbit = u16_at(data, 10).unwrap_or(0);
                    // fNoPls: the printer fields are not valid; fNoOrient: no orientation.
                    let landscape =
                        (grbit & 0x0004 == 0 && grbit & 0x0040 == 0).then_some(grbit & 0x0002 == 0);
                    out.entry(name.clone()).or_default().landscape = landscape;
                }
            }
            NUMBER | RK | MUL_RK | FORMULA => {
                let Some(name) = &current else { continue };
                let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                    continue;
                };
                let mut put = |col: u16, ixfe: u16| {
                    let (r, c) = (u32::from(row), u32::from(col));
                    if r >= SCAN_ROWS || c >= SCAN_COLS {
                        return;
                    }
                    let Some(Some(code)) = xfs.get(usize::from(ixfe)) else {
                        return;
                    };
                    let looks = out.entry(name.clone()).or_default();
                    if looks.formats.len() < MAX_FORMATS {
                        looks.formats.insert((r, c), code.clone());
                    }
                };
                match typ {
                    MUL_RK => {
                        // rw, colFirst, (ixfe, RK) × n, colLast.
                        let n = data.len().saturating_sub(6) / 6;
                        for i in 0..n {
                            if let Some(ixfe) = u16_at(data, 4 + 6 * i) {
                                put(first.saturating_add(i as u16), ixfe);
                            }
                        }
                    }
                    // A formula whose result is a string, a boolean or an error has 0xFFFF
                    // in the last two bytes of its value.
                    FORMULA if u16_at(data, 12) == Some(0xFFFF) => {}
                    _ => {
                        if let Some(ixfe) = u16_at(data, 4) {
                            put(first, ixfe);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_are_told_from_dates_and_text() {
        for code in [
            "0.0%",
            "0.00",
            "#,##0.00",
            "#,##0.00_ ",
            "0.00\"分\"",
            "[Red]0.00",
        ] {
            assert!(is_number_format(code), "{code}");
        }
        for code in [
            "yyyy-mm-dd",
            "h:mm",
            "@",
            "General",
            "m/d/yy",
            "[$-804]yyyy\"年\"m\"月\"",
        ] {
            assert!(!is_number_format(code), "{code}");
        }
        assert_eq!(built_in(10), Some("0.00%"));
        assert_eq!(built_in(14), None, "a date");
        assert_eq!(built_in(0), None, "General");
    }

    #[test]
    fn strings_narrow_and_wide() {
        assert_eq!(
            unicode_string(&[3, 0, 0, b'0', b'.', b'0'], 0, true).as_deref(),
            Some("0.0")
        );
        let wide = [2, 1, 0x97, 0x5F, 0x06, 0x52];
        assert_eq!(unicode_string(&wide, 0, false).as_deref(), Some("得分"));
        assert_eq!(unicode_string(&[9, 0, b'a'], 0, false), None, "cut short");
    }
}
