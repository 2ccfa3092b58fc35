//! Records of a result file (§5.7): a ZIP archive whose XML files hold the records in the
//! shape of the inline answer. The layout inside the archive is not published, so the reader
//! looks for the record element at any depth of every XML file and says why when it finds
//! none or one does not decode.

use crate::rt::xml::{ReadCtx, XmlElement};
use crate::rt::{Limits, xml_guard, zip};

/// Every `record` element (by local name, at any depth) of every file in the ZIP archive
/// `bytes`, decoded as `T`. An archive that is not a ZIP, a file that is not XML, a record
/// that does not decode, or no record at all is an error naming the file and the record.
pub(crate) fn records_from_zip<T: XmlElement>(bytes: &[u8], limits: &Limits, record: &str) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for entry in zip::read(bytes, limits.max_body)? {
        let in_entry = |e: &dyn std::fmt::Display| format!("`{}`: {e}", entry.name);
        let text = xml_guard::to_utf8(&entry.data).map_err(|e| in_entry(&e))?;
        let doc = xml_guard::parse(&text, &limits.xml).map_err(|e| in_entry(&e))?;
        let ctx = ReadCtx::new(&doc, &[]);
        for node in doc
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == record)
        {
            out.push(T::read_xml(node, &ctx).map_err(|e| in_entry(&e))?);
        }
    }
    if out.is_empty() {
        return Err(format!("no `{record}` record in the file"));
    }
    Ok(out)
}
