//! The parts of an `.xlsx` package the patcher reads and edits: the zip's entries, the
//! workbook's sheets and relationships, content types, and the small XML helpers they share.
//! Nothing here writes; [`super::patch_xlsx`] decides and [`super::Output`] writes.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// Why a package is not patched (the rebuild writes the copy instead), in Chinese for the
/// S004 finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Refusal {
    pub fn new(why: impl Into<String>) -> Refusal {
        Refusal(why.into())
    }
}

pub type Patch<T> = Result<T, Refusal>;

/// The most a part the patcher reads may hold once inflated (the reader's own limits apply
/// before this; this only keeps a hostile part from being read whole).
const MAX_PART: u64 = 256 * 1024 * 1024;

/// The zip archive of the input, read from memory.
pub struct Package {
    pub zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// Entry names in archive order.
    pub names: Vec<String>,
}

impl Package {
    pub fn open(bytes: Vec<u8>) -> Patch<Package> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| Refusal::new("压缩包结构无法读取"))?;
        let names = (0..zip.len())
            .map(|i| {
                zip.name_for_index(i)
                    .and_then(Result::ok)
                    .map(|n| n.to_string())
            })
            .collect::<Option<Vec<String>>>()
            .ok_or_else(|| Refusal::new("压缩包条目名无法读取"))?;
        Ok(Package { zip, names })
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// A part's bytes, inflated.
    pub fn bytes(&mut self, name: &str) -> Patch<Vec<u8>> {
        let mut f = self
            .zip
            .by_name(name)
            .map_err(|_| Refusal::new(format!("缺少部件 {name}")))?;
        if f.size() > MAX_PART {
            return Err(Refusal::new(format!("部件 {name} 过大")));
        }
        let mut out = Vec::with_capacity(f.size() as usize);
        f.by_ref()
            .take(MAX_PART)
            .read_to_end(&mut out)
            .map_err(|_| Refusal::new(format!("部件 {name} 无法解压")))?;
        Ok(out)
    }

    /// A part as text (UTF-8; a BOM is dropped).
    pub fn text(&mut self, name: &str) -> Patch<String> {
        let bytes = self.bytes(name)?;
        let s = String::from_utf8(bytes)
            .map_err(|_| Refusal::new(format!("部件 {name} 不是 UTF-8 编码")))?;
        Ok(s.trim_start_matches('\u{feff}').to_string())
    }
}

/// One relationship of a `.rels` part.
#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
}

/// The relationships of a `.rels` part, in order.
pub fn rels(xml: &str) -> Patch<Vec<Rel>> {
    let mut out = Vec::new();
    for_each_element(xml, |name, attrs| {
        if name == "Relationship" {
            out.push(Rel {
                id: attrs.get("Id").cloned().unwrap_or_default(),
                kind: attrs.get("Type").cloned().unwrap_or_default(),
                target: attrs.get("Target").cloned().unwrap_or_default(),
            });
        }
    })?;
    Ok(out)
}

/// The rels part of a part: `xl/worksheets/sheet1.xml` → `xl/worksheets/_rels/sheet1.xml.rels`.
pub fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target resolved against the part that holds the relationship: an absolute
/// target (`/xl/worksheets/sheet1.xml`) from the package root, a relative one from the part's
/// folder, `..` folded.
pub fn resolve(from_part: &str, target: &str) -> String {
    let target = target.split('#').next().unwrap_or(target);
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = match from_part.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A target for a part, relative to the folder of the part holding the relationship.
pub fn relative(from_part: &str, to_part: &str) -> String {
    let from: Vec<&str> = from_part.split('/').collect();
    let to: Vec<&str> = to_part.split('/').collect();
    let from_dir = &from[..from.len().saturating_sub(1)];
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// One sheet of the workbook.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    pub name: String,
    pub sheet_id: u32,
    /// The part holding it.
    pub part: String,
}

/// The sheets of `xl/workbook.xml`, resolved to their parts through the workbook's rels.
pub fn sheets(workbook: &str, wb_rels: &[Rel], workbook_part: &str) -> Patch<Vec<SheetEntry>> {
    let mut out = Vec::new();
    let mut bad = false;
    for_each_element(workbook, |name, attrs| {
        if name != "sheet" {
            return;
        }
        let id = attrs
            .iter()
            .find(|(k, _)| k.ends_with(":id"))
            .map(|(_, v)| v.clone());
        let rel = id.and_then(|id| wb_rels.iter().find(|r| r.id == id));
        match (attrs.get("name"), rel) {
            (Some(n), Some(rel)) => out.push(SheetEntry {
                name: n.clone(),
                sheet_id: attrs
                    .get("sheetId")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0),
                part: resolve(workbook_part, &rel.target),
            }),
            _ => bad = true,
        }
    })?;
    if bad {
        return Err(Refusal::new("工作簿中的工作表无法对应到部件"));
    }
    Ok(out)
}

/// Calls `f` with the local name and the attributes (keys as written, values unescaped) of
/// every element start of `xml`.
pub fn for_each_element(
    xml: &str,
    mut f: impl FnMut(&str, &BTreeMap<String, String>),
) -> Patch<()> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name().as_ref().to_string();
                let attrs = attributes(&e)?;
                f(&name, &attrs);
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(_) => return Err(Refusal::new("XML 部件格式有误")),
        }
    }
}

/// The attributes of an element start, keys as written, values unescaped.
pub fn attributes(e: &quick_xml::events::BytesStart<'_>) -> Patch<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for a in e.attributes() {
        let a = a.map_err(|_| Refusal::new("XML 属性格式有误"))?;
        let key = a.key.as_ref().to_string();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|_| Refusal::new("XML 属性值无法解析"))?
            .to_string();
        out.insert(key, value);
    }
    Ok(out)
}

/// `&`, `<`, `>`, `"` escaped for XML text and attributes; characters XML 1.0 forbids dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// True when the part is well-formed XML (every part the patcher writes is checked).
pub fn well_formed(xml: &[u8]) -> bool {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth: i64 = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            Ok(Event::Eof) => return depth == 0,
            Ok(_) => {}
            Err(_) => return false,
        }
        buf.clear();
    }
}

/// `[Content_Types].xml` with overrides added (part name → type) and removed, and defaults
/// added by extension where missing.
pub fn content_types(
    xml: &str,
    add: &[(String, &str)],
    remove: &[String],
    defaults: &[(&str, &str)],
) -> Patch<String> {
    let close = xml
        .rfind("</Types>")
        .ok_or_else(|| Refusal::new("[Content_Types].xml 格式有误"))?;
    let mut body = xml[..close].to_string();
    for part in remove {
        let needle = format!("PartName=\"/{part}\"");
        if let Some(at) = body.find(&needle) {
            let start = body[..at].rfind('<').unwrap_or(at);
            let end = body[at..].find('>').map_or(body.len(), |e| at + e + 1);
            body.replace_range(start..end, "");
        }
    }
    let mut extra = String::new();
    for (ext, kind) in defaults {
        let has = body.contains(&format!("Extension=\"{ext}\""))
            || body.contains(&format!("Extension=\"{}\"", ext.to_uppercase()));
        if !has {
            extra.push_str(&format!(
                "<Default Extension=\"{ext}\" ContentType=\"{kind}\"/>"
            ));
        }
    }
    for (part, kind) in add {
        extra.push_str(&format!(
            "<Override PartName=\"/{}\" ContentType=\"{kind}\"/>",
            escape(part)
        ));
    }
    Ok(format!("{body}{extra}</Types>"))
}

/// The first name `prefix{n}{suffix}` (n = 1, 2, …) that is not a part of the package.
pub fn free_name(pkg: &Package, taken: &[String], prefix: &str, suffix: &str) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}{suffix}"))
        .find(|name| !pkg.has(name) && !taken.contains(name))
        .unwrap_or_default()
}

/// The first relationship id `rId{n}` not used by `rels`.
pub fn free_rid(rels: &[Rel], taken: &[String]) -> String {
    (1..)
        .map(|n| format!("rId{n}"))
        .find(|id| !rels.iter().any(|r| &r.id == id) && !taken.contains(id))
        .unwrap_or_default()
}

/// A `.rels` part with relationships appended (`(id, type, target)`), or a new one.
pub fn rels_with(existing: Option<&str>, add: &[(String, String, String)]) -> Patch<String> {
    let mut extra = String::new();
    for (id, kind, target) in add {
        extra.push_str(&format!(
            "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
            escape(id),
            escape(kind),
            escape(target)
        ));
    }
    match existing {
        Some(xml) => {
            let close = xml
                .rfind("</Relationships>")
                .ok_or_else(|| Refusal::new("关系部件格式有误"))?;
            Ok(format!("{}{extra}</Relationships>", &xml[..close]))
        }
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{extra}</Relationships>"
        )),
    }
}

/// A `.rels` part without the relationships whose type ends with `kind_suffix`.
pub fn rels_without(xml: &str, kind_suffix: &str) -> String {
    let mut out = xml.to_string();
    while let Some(at) = out
        .match_indices("<Relationship ")
        .map(|(i, _)| i)
        .find(|i| {
            let end = out[*i..].find('>').map_or(out.len(), |e| i + e);
            out[*i..end].contains(&format!("{kind_suffix}\""))
        })
    {
        let end = out[at..].find('>').map_or(out.len(), |e| at + e + 1);
        out.replace_range(at..end, "");
    }
    out
}

pub const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
pub const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
pub const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
pub const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
pub const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
pub const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_and_relate() {
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/sheet1.xml", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),
            "../drawings/vmlDrawing1.vml"
        );
        assert_eq!(
            relative("xl/workbook.xml", "xl/worksheets/sheet9.xml"),
            "worksheets/sheet9.xml"
        );
        assert_eq!(
            rels_of("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
    }

    #[test]
    fn content_types_add_and_remove() {
        let xml = r#"<?xml version="1.0"?><Types xmlns="x"><Default Extension="xml" ContentType="a"/><Override PartName="/xl/calcChain.xml" ContentType="c"/></Types>"#;
        let out = content_types(
            xml,
            &[("xl/worksheets/sheet9.xml".into(), CT_WORKSHEET)],
            &["xl/calcChain.xml".into()],
            &[("vml", CT_VML), ("xml", "a")],
        )
        .unwrap();
        assert!(!out.contains("calcChain"));
        assert!(out.contains("/xl/worksheets/sheet9.xml"));
        assert!(out.contains("Extension=\"vml\""));
        assert_eq!(out.matches("Extension=\"xml\"").count(), 1);
        assert!(well_formed(out.as_bytes()));
    }

    #[test]
    fn relationships_are_removed_by_type() {
        let xml = r#"<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="a"/><Relationship Id="rId2" Type="http://x/calcChain" Target="b"/></Relationships>"#;
        let out = rels_without(xml, "/calcChain");
        assert!(!out.contains("rId2") && out.contains("rId1"));
    }
}
