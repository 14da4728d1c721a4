//! The review's notes as legacy comments (what Excel, WPS and LibreOffice all show): a new
//! comments part and VML drawing for a sheet without notes, or the department's own parts
//! extended — their comments kept as written, a review note on a cell that already has one
//! appended to it, never replacing it.

use super::package::{escape, Patch, Refusal};
use crate::grid::CellRef;
use std::collections::BTreeMap;

const AUTHOR: &str = "jixiao";

/// The comments part: the department's (`existing`) with the notes added, or a new one.
pub fn comments_xml(existing: Option<&str>, notes: &BTreeMap<(u32, u32), String>) -> Patch<String> {
    let refuse = || Refusal::new("已有批注部件的结构无法识别");
    let Some(xml) = existing else {
        let list: String = notes
            .iter()
            .map(|((r, c), text)| comment(CellRef::new(*r, *c), 0, text))
            .collect();
        return Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><authors><author>{AUTHOR}</author></authors><commentList>{list}</commentList></comments>"
        ));
    };
    if !xml.contains("<commentList") || !xml.contains("<authors") {
        return Err(refuse());
    }
    let mut xml = xml.to_string();
    // Our author, appended (authors are numbered by position).
    let authors = xml.matches("<author>").count() + xml.matches("<author/>").count();
    let author_id = match xml.find(&format!("<author>{AUTHOR}</author>")) {
        Some(at) => xml[..at].matches("<author>").count() + xml[..at].matches("<author/>").count(),
        None => {
            let close = xml.find("</authors>").ok_or_else(refuse)?;
            xml.insert_str(close, &format!("<author>{AUTHOR}</author>"));
            authors
        }
    };
    let mut added = String::new();
    for ((r, c), text) in notes {
        let at = CellRef::new(*r, *c);
        let key = format!("<comment ref=\"{at}\"");
        match xml.find(&key) {
            Some(start) => {
                // The department's comment on this cell: the review's note goes after its text.
                let end = xml[start..].find("</comment>").ok_or_else(refuse)? + start;
                let text_end = xml[start..end].rfind("</text>").ok_or_else(refuse)? + start;
                let run = format!(
                    "<r><rPr><b/><sz val=\"9\"/></rPr><t xml:space=\"preserve\">\n【复核】</t></r><r><rPr><sz val=\"9\"/></rPr><t xml:space=\"preserve\">{}</t></r>",
                    escape(text)
                );
                xml.insert_str(text_end, &run);
            }
            None => added.push_str(&comment(at, author_id, text)),
        }
    }
    let close = xml.rfind("</commentList>").ok_or_else(refuse)?;
    xml.insert_str(close, &added);
    Ok(xml)
}

fn comment(at: CellRef, author: usize, text: &str) -> String {
    let text: String = text.chars().take(32_767).collect();
    format!(
        "<comment ref=\"{at}\" authorId=\"{author}\"><text><r><rPr><sz val=\"9\"/><rFont val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></rPr><t xml:space=\"preserve\">{}</t></r></text></comment>",
        escape(&text)
    )
}

/// The VML drawing that shows the notes: the department's (`existing`) with a shape appended
/// for every new note, or a new one. `block` numbers the shapes of a new drawing
/// (`_x0000_s{block·1024+n}`), unique in the workbook.
pub fn vml(existing: Option<&str>, new_cells: &[(u32, u32)], block: u32) -> Patch<String> {
    match existing {
        Some(xml) => {
            let close = xml
                .rfind("</xml>")
                .ok_or_else(|| Refusal::new("已有批注绘图的结构无法识别"))?;
            if !xml.contains("_x0000_t202") {
                return Err(Refusal::new("已有批注绘图没有批注形状类型"));
            }
            let next = max_shape_id(xml) + 1;
            let shapes: String = new_cells
                .iter()
                .enumerate()
                .map(|(i, (r, c))| shape(next + i as u32, *r, *c))
                .collect();
            Ok(format!("{}{shapes}{}", &xml[..close], &xml[close..]))
        }
        None => {
            let shapes: String = new_cells
                .iter()
                .enumerate()
                .map(|(i, (r, c))| shape(block * 1024 + 1 + i as u32, *r, *c))
                .collect();
            Ok(format!(
                "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{block}\"/></o:shapelayout><v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>{shapes}</xml>"
            ))
        }
    }
}

/// The numbers written right after each `marker` in `xml`.
fn numbers_after<'a>(xml: &'a str, marker: &'a str) -> impl Iterator<Item = u32> + 'a {
    xml.match_indices(marker).filter_map(move |(i, m)| {
        let digits: String = xml[i + m.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}

/// The largest shape number `_x0000_sN` in a drawing (1024 when it has none).
pub fn max_shape_id(xml: &str) -> u32 {
    numbers_after(xml, "_x0000_s").max().unwrap_or(1024)
}

/// The largest `o:idmap` block of a drawing.
pub fn max_block(xml: &str) -> u32 {
    numbers_after(xml, "data=\"")
        .max()
        .unwrap_or(0)
        .max(max_shape_id(xml) / 1024)
}

fn shape(id: u32, row: u32, col: u32) -> String {
    format!(
        "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:80pt;margin-top:2pt;width:240pt;height:120pt;z-index:{id};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{}, 15, {}, 2, {}, 15, {}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>",
        col + 1,
        row,
        col + 4,
        row + 6
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::annotate::patch::package::well_formed;

    #[test]
    fn new_notes_make_new_parts() {
        let notes = BTreeMap::from([((4, 8), "原填报：5\n复核：4".to_string())]);
        let c = comments_xml(None, &notes).unwrap();
        assert!(c.contains("<comment ref=\"I5\" authorId=\"0\">"));
        assert!(well_formed(c.as_bytes()));
        let v = vml(None, &[(4, 8)], 3).unwrap();
        assert!(v.contains("_x0000_s3073") && v.contains("<x:Row>4</x:Row>"));
        assert!(well_formed(v.as_bytes()));
    }

    #[test]
    fn the_departments_comments_are_kept_and_extended() {
        let existing = r#"<comments xmlns="x"><authors><author>张三</author></authors><commentList><comment ref="B2" authorId="0"><text><t>请核对</t></text></comment></commentList></comments>"#;
        let notes = BTreeMap::from([
            ((1, 1), "复核：扣分原因已改写".to_string()),
            ((4, 8), "原填报：5".to_string()),
        ]);
        let c = comments_xml(Some(existing), &notes).unwrap();
        assert!(c.contains("<t>请核对</t>"), "theirs kept: {c}");
        assert!(c.contains("<author>张三</author><author>jixiao</author>"));
        assert!(c.contains("【复核】"), "{c}");
        assert!(c.contains("<comment ref=\"I5\" authorId=\"1\">"), "{c}");
        assert_eq!(
            c.matches("<comment ref=\"B2\"").count(),
            1,
            "one comment per cell"
        );
        assert!(well_formed(c.as_bytes()));
        let existing_vml = r##"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shapetype id="_x0000_t202"/><v:shape id="_x0000_s1025" type="#_x0000_t202"/></xml>"##;
        let v = vml(Some(existing_vml), &[(4, 8)], 9).unwrap();
        assert!(v.contains("_x0000_s1025") && v.contains("_x0000_s1026"));
        assert!(well_formed(v.as_bytes()));
    }
}
