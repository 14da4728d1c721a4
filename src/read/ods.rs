//! `.ods` formulas: OpenFormula (`of:=SUM([.F5:.F25])`) in Excel syntax, so that the annotated
//! copy of an `.ods` keeps its formulas.

/// An OpenFormula expression (as `.ods` stores it, `of:=SUM([.F5:.F25]);…`) in Excel syntax:
/// `[.A1]` → `A1`, `[.A1:.B2]` → `A1:B2`, `[$Sheet1.A1]` → `'Sheet1'!A1`, `;` → `,`. Returns
/// `None` for references it cannot translate (other files), so that only the cached value is
/// kept rather than a formula Excel would refuse.
pub fn odf_to_excel(odf: &str) -> Option<String> {
    let mut out = String::with_capacity(odf.len());
    let mut chars = odf.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            _ if in_string => out.push(c),
            ';' => out.push(','),
            '[' => {
                let mut reference = String::new();
                for r in chars.by_ref() {
                    if r == ']' {
                        break;
                    }
                    reference.push(r);
                }
                out.push_str(&odf_reference(&reference)?);
            }
            _ => out.push(c),
        }
    }
    (!out.trim().is_empty()).then_some(out)
}

fn odf_reference(reference: &str) -> Option<String> {
    if reference.contains('#') || reference.contains('\'') && reference.contains("file:") {
        return None;
    }
    let parts: Vec<String> = reference
        .split(':')
        .map(|part| {
            let part = part.trim_start_matches('$');
            match part.rsplit_once('.') {
                Some(("", cell)) => Some(cell.to_string()),
                Some((sheet, cell)) => {
                    let sheet = sheet.trim_start_matches('$').trim_matches('\'');
                    Some(format!("'{}'!{cell}", sheet.replace('\'', "''")))
                }
                None => None,
            }
        })
        .collect::<Option<Vec<String>>>()?;
    Some(parts.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openformula_is_translated_to_excel_syntax() {
        assert_eq!(odf_to_excel("1/0").as_deref(), Some("1/0"));
        assert_eq!(
            odf_to_excel("SUM([.F5:.F25])").as_deref(),
            Some("SUM(F5:F25)")
        );
        assert_eq!(
            odf_to_excel("IF([.A1]>0;\"是;否\";[$Sheet2.B$3])").as_deref(),
            Some("IF(A1>0,\"是;否\",'Sheet2'!B$3)")
        );
        assert_eq!(odf_to_excel("['file:///x.ods'#$Sheet1.A1]"), None);
    }
}
