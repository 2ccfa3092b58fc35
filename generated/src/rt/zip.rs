//! Reading the files of a ZIP archive (the large-result attachments of the PSI, §5.7): stored
//! and deflated entries, with the total unpacked size bounded so that a small archive cannot
//! unpack into gigabytes. ZIP64, encryption and multi-disk archives are refused with a
//! message.

/// One file of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipEntry {
    /// Its name in the archive.
    pub name: String,
    /// Its unpacked content.
    pub data: Vec<u8>,
}

const EOCD: u32 = 0x0605_4b50;
const CENTRAL: u32 = 0x0201_4b50;
const LOCAL: u32 = 0x0403_4b50;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn short(what: &str) -> String {
    format!("ZIP archive cut short in {what}")
}

/// Every file of the archive `bytes`, unpacked, refusing to unpack more than `limit` bytes
/// in all.
pub fn read(bytes: &[u8], limit: usize) -> Result<Vec<ZipEntry>, String> {
    // The end-of-central-directory record is in the last 65,557 bytes.
    let from = bytes.len().saturating_sub(65_557);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(EOCD))
        .ok_or("not a ZIP archive (no end of central directory)")?;
    let count = usize::from(u16_at(bytes, eocd + 10).ok_or_else(|| short("its directory"))?);
    let dir_offset = u32_at(bytes, eocd + 16).ok_or_else(|| short("its directory"))?;
    if dir_offset == u32::MAX || count == usize::from(u16::MAX) {
        return Err("ZIP64 archives are not supported".into());
    }
    let mut at = dir_offset as usize;
    let mut entries = Vec::with_capacity(count.min(1024));
    let mut total = 0usize;
    for _ in 0..count {
        if u32_at(bytes, at) != Some(CENTRAL) {
            return Err(format!("ZIP central directory entry expected at offset {at}"));
        }
        let flags = u16_at(bytes, at + 8).ok_or_else(|| short("a directory entry"))?;
        let method = u16_at(bytes, at + 10).ok_or_else(|| short("a directory entry"))?;
        let packed = u32_at(bytes, at + 20).ok_or_else(|| short("a directory entry"))? as usize;
        let size = u32_at(bytes, at + 24).ok_or_else(|| short("a directory entry"))? as usize;
        let name_len = usize::from(u16_at(bytes, at + 28).ok_or_else(|| short("a directory entry"))?);
        let extra_len = usize::from(u16_at(bytes, at + 30).ok_or_else(|| short("a directory entry"))?);
        let comment_len = usize::from(u16_at(bytes, at + 32).ok_or_else(|| short("a directory entry"))?);
        let local = u32_at(bytes, at + 42).ok_or_else(|| short("a directory entry"))? as usize;
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .ok_or_else(|| short("a file name"))?;
        at += 46 + name_len + extra_len + comment_len;
        if flags & 1 != 0 {
            return Err(format!("ZIP entry `{name}` is encrypted"));
        }
        if name.ends_with('/') {
            continue;
        }
        if u32_at(bytes, local) != Some(LOCAL) {
            return Err(format!("ZIP entry `{name}`: no local header at offset {local}"));
        }
        let local_name = usize::from(u16_at(bytes, local + 26).ok_or_else(|| short("a local header"))?);
        let local_extra = usize::from(u16_at(bytes, local + 28).ok_or_else(|| short("a local header"))?);
        let start = local + 30 + local_name + local_extra;
        let packed_data = bytes
            .get(start..start.saturating_add(packed))
            .ok_or_else(|| short(&format!("the data of `{name}`")))?;
        let room = limit.saturating_sub(total);
        if size > room {
            return Err(format!("ZIP entry `{name}` unpacks past the limit of {limit} bytes"));
        }
        let data = match method {
            0 => packed_data.to_vec(),
            8 => miniz_oxide::inflate::decompress_to_vec_with_limit(packed_data, room)
                .map_err(|e| format!("ZIP entry `{name}` does not inflate: {:?}", e.status))?,
            other => return Err(format!("ZIP entry `{name}` uses compression method {other}")),
        };
        total += data.len();
        entries.push(ZipEntry { name, data });
    }
    Ok(entries)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A ZIP archive of stored entries (enough for tests; real archives come deflated too).
    pub(crate) fn stored(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, data) in files {
            let offset = u32::try_from(out.len()).expect("small");
            let len = u32::try_from(data.len()).expect("small");
            let name_len = u16::try_from(name.len()).expect("small");
            out.extend_from_slice(&LOCAL.to_le_bytes());
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
            central.extend_from_slice(&CENTRAL.to_le_bytes());
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&len.to_le_bytes());
            central.extend_from_slice(&len.to_le_bytes());
            central.extend_from_slice(&name_len.to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let dir_offset = u32::try_from(out.len()).expect("small");
        let dir_len = u32::try_from(central.len()).expect("small");
        let count = u16::try_from(files.len()).expect("small");
        out.extend_from_slice(&central);
        out.extend_from_slice(&EOCD.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&dir_len.to_le_bytes());
        out.extend_from_slice(&dir_offset.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    #[test]
    fn stored_and_deflated_entries() {
        let zip = stored(&[("a.xml", b"<a/>"), ("dir/", b""), ("b.txt", b"hello")]);
        let entries = read(&zip, 1024).unwrap();
        let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a.xml", "b.txt"]);
        assert_eq!(entries[1].data, b"hello");
        // A deflated entry, patched into the stored layout.
        let text = "<contratos>".to_owned() + &"<contrato/>".repeat(100) + "</contratos>";
        let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6);
        let mut zip = stored(&[("c.xml", &packed)]);
        zip[8] = 8; // local header: method
        zip[30 + 5 + packed.len() + 10] = 8; // central directory: method
        let size = u32::try_from(text.len()).unwrap().to_le_bytes();
        zip[22..26].copy_from_slice(&size);
        let c = 30 + 5 + packed.len();
        zip[c + 24..c + 28].copy_from_slice(&size);
        let entries = read(&zip, 1 << 20).unwrap();
        assert_eq!(entries[0].data, text.as_bytes());
        // The unpacked size is bounded.
        let e = read(&zip, 100).unwrap_err();
        assert!(e.contains("limit of 100 bytes"), "{e}");
    }

    #[test]
    fn broken_archives_are_errors_not_panics() {
        assert!(read(b"", 10).is_err());
        assert!(read(b"PK\x05\x06", 10).is_err());
        let zip = stored(&[("a", b"data")]);
        for cut in 0..zip.len() {
            let _ = read(&zip[..cut], 100);
        }
        let mut bad = zip.clone();
        bad[10] = 0xFF;
        let _ = read(&bad, 100);
    }
}
