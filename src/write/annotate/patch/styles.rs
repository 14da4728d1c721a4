//! `xl/styles.xml` extended, never renumbered: the review's cell formats are new `xf`
//! records appended to `cellXfs`, each a copy of the cell's own format with the yellow or red
//! fill (or wrapping, or bold) — font, border, number format and alignment shared with the
//! original. Fills and one bold font are appended the same way.

use super::package::{Patch, Refusal};
use std::collections::BTreeMap;

/// A change to a cell's own format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tint {
    /// A reviewed value that differs from what was filed.
    Yellow,
    /// A cell with an error-level finding.
    Red,
    /// Long text in an added column: wrapped, top-aligned.
    Wrap,
    /// The header of the 复核问题 sheet: bold.
    Bold,
}

/// The styles part being extended.
pub struct Styles {
    /// Text before the `cellXfs` records' end, fills and fonts inserted on finish.
    xml: String,
    /// The `xf` records of `cellXfs`, as written.
    xfs: Vec<String>,
    fills: usize,
    fonts: usize,
    /// New fills (XML) and their ids.
    new_fills: Vec<String>,
    yellow: Option<usize>,
    red: Option<usize>,
    bold_font: Option<usize>,
    new_xfs: Vec<String>,
    made: BTreeMap<(u32, Tint), u32>,
}

const YELLOW: &str = "FFFFF2CC";
const RED: &str = "FFFFC7CE";

impl Styles {
    pub fn parse(xml: String) -> Patch<Styles> {
        let refuse = || Refusal::new("styles.xml 的结构无法识别");
        let section = |tag: &str| -> Option<(usize, usize)> {
            let start = xml.find(&format!("<{tag}"))?;
            let end = xml[start..].find(&format!("</{tag}>"))? + start;
            Some((start, end))
        };
        let (xs, xe) = section("cellXfs").ok_or_else(refuse)?;
        let body_start = xml[xs..].find('>').ok_or_else(refuse)? + xs + 1;
        let xfs = records(&xml[body_start..xe], "xf").ok_or_else(refuse)?;
        let fills = section("fills")
            .map(|(s, e)| count_records(&xml[s..e], "fill"))
            .ok_or_else(refuse)?;
        let fonts = section("fonts")
            .map(|(s, e)| count_records(&xml[s..e], "font"))
            .ok_or_else(refuse)?;
        if xfs.is_empty() {
            return Err(refuse());
        }
        Ok(Styles {
            xml,
            xfs,
            fills,
            fonts,
            new_fills: Vec::new(),
            yellow: None,
            red: None,
            bold_font: None,
            new_xfs: Vec::new(),
            made: BTreeMap::new(),
        })
    }

    fn fill(&mut self, rgb: &str) -> usize {
        let id = self.fills + self.new_fills.len();
        self.new_fills.push(format!(
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{rgb}\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        ));
        id
    }

    /// The format `base` (an `s` index; 0 when the cell has none) changed by `tint`.
    pub fn derive(&mut self, base: u32, tint: Tint) -> u32 {
        let base = if (base as usize) < self.xfs.len() {
            base
        } else {
            0
        };
        if let Some(id) = self.made.get(&(base, tint)) {
            return *id;
        }
        let original = self.xfs[base as usize].clone();
        let xf = match tint {
            Tint::Yellow | Tint::Red => {
                let fill = match tint {
                    Tint::Yellow => match self.yellow {
                        Some(f) => f,
                        None => {
                            let f = self.fill(YELLOW);
                            self.yellow = Some(f);
                            f
                        }
                    },
                    _ => match self.red {
                        Some(f) => f,
                        None => {
                            let f = self.fill(RED);
                            self.red = Some(f);
                            f
                        }
                    },
                };
                with_attrs(
                    &original,
                    &[("fillId", fill.to_string()), ("applyFill", "1".into())],
                )
            }
            Tint::Wrap => with_alignment(&original),
            Tint::Bold => {
                let font = match self.bold_font {
                    Some(f) => f,
                    None => {
                        self.bold_font = Some(self.fonts);
                        self.fonts
                    }
                };
                with_attrs(
                    &original,
                    &[("fontId", font.to_string()), ("applyFont", "1".into())],
                )
            }
        };
        let id = (self.xfs.len() + self.new_xfs.len()) as u32;
        self.new_xfs.push(xf);
        self.made.insert((base, tint), id);
        id
    }

    /// True when format `s` shows a number as a percentage (built-in 9 or 10, or a custom
    /// format with `%`).
    pub fn is_percent(&self, s: u32) -> bool {
        let Some(xf) = self.xfs.get(s as usize) else {
            return false;
        };
        let Some(id) = attr_value(xf, "numFmtId") else {
            return false;
        };
        if id == "9" || id == "10" {
            return true;
        }
        let needle = format!("numFmtId=\"{id}\"");
        self.xml
            .match_indices("<numFmt ")
            .map(|(i, _)| &self.xml[i..self.xml[i..].find('>').map_or(self.xml.len(), |e| i + e)])
            .any(|n| n.contains(&needle) && n.contains('%'))
    }

    /// The part with the new fills, font and formats appended and the counts updated.
    pub fn finish(self) -> String {
        if self.new_xfs.is_empty() {
            return self.xml;
        }
        let mut xml = self.xml;
        xml = append_records(
            &xml,
            "cellXfs",
            &self.new_xfs.concat(),
            self.xfs.len() + self.new_xfs.len(),
        );
        if !self.new_fills.is_empty() {
            xml = append_records(
                &xml,
                "fills",
                &self.new_fills.concat(),
                self.fills + self.new_fills.len(),
            );
        }
        if self.bold_font.is_some() {
            xml = append_records(
                &xml,
                "fonts",
                "<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>",
                self.fonts + 1,
            );
        }
        xml
    }
}

/// The value of attribute `key` on a record's start tag.
fn attr_value<'a>(record: &'a str, key: &str) -> Option<&'a str> {
    let gt = record.find('>')?;
    let head = &record[..gt];
    let k = format!(" {key}=\"");
    let at = head.find(&k)? + k.len();
    let end = head[at..].find('"')? + at;
    Some(&head[at..end])
}

/// The records `<tag …/>` or `<tag …>…</tag>` of a section's body, as written; `None` when a
/// record cannot be delimited.
fn records(body: &str, tag: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = body;
    while let Some(at) = rest.find(&open) {
        let after = rest[at + open.len()..].chars().next()?;
        if !(after == ' ' || after == '>' || after == '/' || after.is_whitespace()) {
            rest = &rest[at + open.len()..];
            continue;
        }
        let gt = rest[at..].find('>')? + at;
        let end = if rest[..gt].ends_with('/') {
            gt + 1
        } else {
            rest[gt..].find(&close)? + gt + close.len()
        };
        out.push(rest[at..end].to_string());
        rest = &rest[end..];
    }
    Some(out)
}

fn count_records(section: &str, tag: &str) -> usize {
    let body_start = section.find('>').map_or(section.len(), |i| i + 1);
    records(&section[body_start..], tag).map_or(0, |r| r.len())
}

/// `xml` with `records` inserted before `</tag>` and the `count` of `<tag` set.
fn append_records(xml: &str, tag: &str, records: &str, count: usize) -> String {
    let Some(start) = xml.find(&format!("<{tag}")) else {
        return xml.to_string();
    };
    let Some(end_rel) = xml[start..].find(&format!("</{tag}>")) else {
        return xml.to_string();
    };
    let end = start + end_rel;
    let head_end = xml[start..].find('>').map_or(start, |i| start + i);
    let head = with_attrs(
        &format!("{}>", &xml[start..head_end]),
        &[("count", count.to_string())],
    );
    format!(
        "{}{}{}{records}{}",
        &xml[..start],
        head,
        &xml[head_end + 1..end],
        &xml[end..]
    )
}

/// An element's start tag (of a record as written) with attributes set or replaced.
fn with_attrs(record: &str, set: &[(&str, String)]) -> String {
    let gt = record.find('>').unwrap_or(record.len());
    let self_closing = record[..gt].ends_with('/');
    let head_end = if self_closing { gt - 1 } else { gt };
    let mut head = record[..head_end].to_string();
    for (k, v) in set {
        let key = format!(" {k}=\"");
        if let Some(at) = head.find(&key) {
            let vs = at + key.len();
            let ve = head[vs..].find('"').map_or(head.len(), |e| vs + e);
            head.replace_range(vs..ve, v);
        } else {
            head.push_str(&format!(" {k}=\"{v}\""));
        }
    }
    format!("{head}{}", &record[head_end..])
}

/// A record with wrapping and top alignment: an existing `<alignment>` gets `wrapText` and
/// `vertical`, else one is added.
fn with_alignment(record: &str) -> String {
    let record = with_attrs(record, &[("applyAlignment", "1".into())]);
    if let Some(at) = record.find("<alignment") {
        let gt = record[at..].find('>').map_or(record.len(), |i| at + i);
        let piece = with_attrs(
            &record[at..=gt],
            &[("wrapText", "1".into()), ("vertical", "top".into())],
        );
        return format!("{}{}{}", &record[..at], piece, &record[gt + 1..]);
    }
    let gt = record.find('>').unwrap_or(record.len());
    if record[..gt].ends_with('/') {
        format!(
            "{}><alignment vertical=\"top\" wrapText=\"1\"/></xf>",
            &record[..gt - 1]
        )
    } else {
        format!(
            "{}<alignment vertical=\"top\" wrapText=\"1\"/>{}",
            &record[..=gt],
            &record[gt + 1..]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<styleSheet><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="1" applyNumberFormat="1"><alignment horizontal="center"/></xf></cellXfs></styleSheet>"#;

    #[test]
    fn derived_formats_keep_the_original_and_add_the_fill() {
        let mut s = Styles::parse(XML.into()).unwrap();
        let y = s.derive(1, Tint::Yellow);
        assert_eq!(y, 2);
        assert_eq!(s.derive(1, Tint::Yellow), 2, "made once");
        let w = s.derive(0, Tint::Wrap);
        assert_eq!(w, 3);
        let out = s.finish();
        assert!(out.contains(r#"<cellXfs count="4">"#), "{out}");
        assert!(out.contains(r#"<fills count="3">"#), "{out}");
        assert!(out.contains(r#"<xf numFmtId="10" fontId="0" fillId="2" borderId="1" applyNumberFormat="1" applyFill="1"><alignment horizontal="center"/></xf>"#), "{out}");
        assert!(out.contains(r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"#), "{out}");
        assert!(super::super::package::well_formed(out.as_bytes()));
    }

    #[test]
    fn percent_formats_are_recognised() {
        let xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="164"/></cellXfs></styleSheet>"#;
        let s = Styles::parse(xml.into()).unwrap();
        assert!(!s.is_percent(0));
        assert!(s.is_percent(1));
        assert!(s.is_percent(2));
        assert!(!s.is_percent(9), "no such format");
    }

    #[test]
    fn a_part_it_cannot_read_is_refused() {
        assert!(Styles::parse("<styleSheet/>".into()).is_err());
    }
}
