//! calamine's cell values → [`Cell`]s: floats cleaned to exact decimals, dates shown as
//! text, error literals recognised, formula texts without their `=`.

use super::ods::odf_to_excel;
use crate::grid::{Cell, Value};
use calamine::{CellErrorType, Data, DataRef};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Cleans an Excel float into an exact decimal: 6 places, midpoint away from zero, normalised.
///
/// Returns `None` for NaN, infinities and magnitudes a `Decimal` cannot hold (beyond 7.9e28).
///
/// # Examples
/// ```
/// use jixiao::read::clean_float;
/// assert_eq!(clean_float(9.4000000001).unwrap().to_string(), "9.4");
/// assert_eq!(clean_float(0.1 + 0.2).unwrap().to_string(), "0.3");
/// assert_eq!(clean_float(2.0000005).unwrap().to_string(), "2.000001");
/// ```
pub fn clean_float(value: f64) -> Option<Decimal> {
    let d = Decimal::from_f64(value)?;
    Some(
        d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

fn number_cell(value: f64) -> Cell {
    let value_out = match clean_float(value) {
        Some(d) => Value::Number(d),
        None => Value::Text(value.to_string()),
    };
    Cell {
        value: value_out,
        formula: None,
        raw: Some(value),
    }
}

fn date_cell(serial: f64, ymd: (u16, u8, u8, u8, u8, u8, u16)) -> Cell {
    let (y, mo, d, h, mi, s, _) = ymd;
    let text = if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    };
    Cell {
        value: Value::Date(text),
        formula: None,
        raw: Some(serial),
    }
}

fn error_cell(e: &CellErrorType) -> Cell {
    Cell {
        value: Value::Error(e.to_string()),
        formula: None,
        raw: None,
    }
}

pub(super) fn plain(value: Value) -> Cell {
    Cell {
        value,
        formula: None,
        raw: None,
    }
}

/// Excel's error literals. LibreOffice writes a formula's error result into `.ods` as a string
/// (`calcext:value-type="error"`), which calamine returns as text; such text is an error value.
const ERROR_LITERALS: &[&str] = &[
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!", "Err:502",
    "Err:504", "Err:508", "Err:511", "Err:522",
];

fn text_cell(s: &str) -> Cell {
    if ERROR_LITERALS.contains(&s.trim()) {
        Cell {
            value: Value::Error(s.trim().to_string()),
            formula: None,
            raw: None,
        }
    } else {
        plain(Value::Text(s.to_string()))
    }
}

pub(super) fn cell_from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => plain(Value::Empty),
        Data::Int(i) => Cell {
            value: Value::Number(Decimal::from(*i)),
            formula: None,
            raw: Some(*i as f64),
        },
        Data::Float(f) => number_cell(*f),
        Data::String(s) => text_cell(s),
        Data::Bool(b) => plain(Value::Bool(*b)),
        Data::DateTime(dt) => date_cell(dt.as_f64(), dt.to_ymd_hms_milli()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => plain(Value::Date(s.clone())),
        Data::Error(e) => error_cell(e),
    }
}

pub(super) fn cell_from_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => plain(Value::Empty),
        DataRef::Int(i) => Cell {
            value: Value::Number(Decimal::from(*i)),
            formula: None,
            raw: Some(*i as f64),
        },
        DataRef::Float(f) => number_cell(*f),
        DataRef::String(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Bool(b) => plain(Value::Bool(*b)),
        DataRef::DateTime(dt) => date_cell(dt.as_f64(), dt.to_ymd_hms_milli()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => plain(Value::Date(s.clone())),
        DataRef::Error(e) => error_cell(e),
    }
}

pub(super) fn strip_eq(formula: &str) -> Option<String> {
    let f = formula.trim();
    if let Some(odf) = f.strip_prefix("of:=") {
        return odf_to_excel(odf);
    }
    let f = f.strip_prefix('=').unwrap_or(f);
    (!f.is_empty()).then(|| f.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_cleaned_to_exact_decimals() {
        assert_eq!(clean_float(95.4).unwrap().to_string(), "95.4");
        assert_eq!(clean_float(9.4000000001).unwrap().to_string(), "9.4");
        assert_eq!(clean_float(4.6000000000000085).unwrap().to_string(), "4.6");
        assert_eq!(clean_float(-0.0000004).unwrap().to_string(), "0");
        assert_eq!(clean_float(0.9552).unwrap().to_string(), "0.9552");
        assert_eq!(clean_float(1e30), None);
        assert_eq!(clean_float(f64::NAN), None);
    }
}
