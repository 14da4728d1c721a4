//! The merged regions of an `.xlsx`, read from the tail of each sheet's XML with quick-xml
//! (calamine's own `merge_cells_by_sheet_name` parses the whole sheet again).

use crate::grid::{CellRef, Rect};
use std::io::Cursor;

/// The merged regions of every sheet of an `.xlsx`, by sheet name. calamine's
/// `merge_cells_by_sheet_name` parses the whole sheet XML again for them (13% of `check`);
/// here the sheet part is only inflated again, and only what follows `</sheetData>` is parsed
/// (with quick-xml, as calamine does). `None` when the package is not as expected (calamine
/// is asked instead).
pub(super) fn xlsx_merges(bytes: &[u8]) -> Option<std::collections::HashMap<String, Vec<Rect>>> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut entry = zip.by_name(name).ok()?;
        let mut out = Vec::with_capacity(entry.size().min(64 << 20) as usize);
        entry.read_to_end(&mut out).ok()?;
        Some(out)
    };
    let workbook = String::from_utf8(read("xl/workbook.xml")?).ok()?;
    let rels = String::from_utf8(read("xl/_rels/workbook.xml.rels")?).ok()?;
    let targets: std::collections::HashMap<String, String> =
        xml_elements(&rels, "Relationship", ["Id", "Target"])?
            .into_iter()
            .filter_map(|[id, target]| Some((id?, target?)))
            .collect();
    let mut out = std::collections::HashMap::new();
    // `id` is `r:id`, whatever the prefix of the relationships namespace.
    for [name, id] in xml_elements(&workbook, "sheet", ["name", "id"])? {
        let (Some(name), Some(id)) = (name, id) else {
            continue;
        };
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path) else { continue };
        if let Some(merges) = scan_merge_cells(&xml) {
            out.insert(name, merges);
        }
    }
    Some(out)
}

/// Every `<mergeCell ref="A1:B2"/>` of a sheet's XML; `None` when the part after the cells
/// cannot be read (calamine is asked instead).
fn scan_merge_cells(xml: &[u8]) -> Option<Vec<Rect>> {
    // <mergeCells> follows </sheetData>: only the tail after it is decoded and scanned.
    let end_of_data = b"</sheetData>";
    let tail = xml
        .windows(end_of_data.len())
        .rposition(|w| w == end_of_data)
        .map_or(xml, |i| &xml[i..]);
    let text = std::str::from_utf8(tail).ok()?;
    xml_elements(text, "mergeCell", ["ref"])?
        .into_iter()
        .map(|[r]| {
            let r = r?;
            let (a, b) = r.split_once(':')?;
            let (a, b) = (CellRef::parse(a)?, CellRef::parse(b)?);
            Some(Rect {
                top: a.row,
                left: a.col,
                bottom: b.row,
                right: b.col,
            })
        })
        .collect()
}

/// For every element named `local` (in any namespace) of an XML text or of a tail of one,
/// the values of the attributes `names` (local names: `id` reads `r:id`), unescaped; `None`
/// when the text is not well-formed XML.
fn xml_elements<const N: usize>(
    xml: &str,
    local: &str,
    names: [&str; N],
) -> Option<Vec<[Option<String>; N]>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    // A tail starts and ends inside elements it does not open.
    reader.config_mut().allow_unmatched_ends = true;
    let mut out = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                let mut values = [const { None }; N];
                for a in e.attributes() {
                    let a = a.ok()?;
                    let key = a.key.local_name();
                    if let Some(i) = names.iter().position(|n| *n == key.as_ref()) {
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?;
                        values[i] = Some(value.into_owned());
                    }
                }
                out.push(values);
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_cells_are_found_by_scanning() {
        let xml = br#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A7:A9"/><mergeCell ref="$B$2:C3"/></mergeCells></worksheet>"#;
        let real = b"<worksheet><sheetData><row/></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells><pageMargins/></worksheet>";
        assert_eq!(
            scan_merge_cells(real).map(|m| m.len()),
            Some(1),
            "the tail after </sheetData>, whose end tags have no start"
        );
        assert_eq!(
            scan_merge_cells(b"<x:mergeCell ref='A1:B1'/>")
                .unwrap()
                .len(),
            1,
            "prefixed, single-quoted"
        );
        assert_eq!(
            scan_merge_cells(b"<mergeCell ref=\"A1:B1\"/><mergeCell ref=\"A1"),
            None,
            "cut off: left to calamine"
        );
        assert_eq!(
            scan_merge_cells(xml).unwrap(),
            vec![
                Rect {
                    top: 6,
                    left: 0,
                    bottom: 8,
                    right: 0
                },
                Rect {
                    top: 1,
                    left: 1,
                    bottom: 2,
                    right: 2
                },
            ]
        );
        let sheets = xml_elements(
            r#"<sheets><sheet name="R&amp;D &#x8BC4;&lt;" r:id="rId1"/><sheetView/></sheets>"#,
            "sheet",
            ["name", "id", "state"],
        )
        .unwrap();
        assert_eq!(
            sheets,
            vec![[Some("R&D 评<".to_string()), Some("rId1".to_string()), None]]
        );
    }
}
