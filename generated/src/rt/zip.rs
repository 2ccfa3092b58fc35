//! Reading the files of a ZIP archive (the large-result attachments of the PSI, §5.7): stored
//! and deflated entries, each checked against its CRC-32, with the total unpacked size bounded
//! so that a small archive cannot unpack into gigabytes. ZIP64, encryption and multi-disk
//! archives are refused with a message. [`write_stored`] makes an archive, for faking a file
//! answer in tests.

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
        let crc = u32_at(bytes, at + 16).ok_or_else(|| short("a directory entry"))?;
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
        if crc32(&data) != crc {
            return Err(format!("ZIP entry `{name}` is corrupted (its CRC-32 does not match)"));
        }
        total += data.len();
        entries.push(ZipEntry { name, data });
    }
    Ok(entries)
}

/// A ZIP archive of `files` (name, content), stored without compression — what a file
/// answer of the PSI carries, for tests and fakes. Refused: more than 65,534 files, or a
/// name or size past what a ZIP archive without ZIP64 holds.
///
/// ```
/// use psi_client::rt::zip;
/// let archive = zip::write_stored(&[("a.xml", b"<a/>".as_slice())]).unwrap();
/// assert_eq!(zip::read(&archive, 1024).unwrap()[0].data, b"<a/>");
/// ```
pub fn write_stored(files: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let too_big = |what: &str| format!("{what} does not fit a ZIP archive without ZIP64");
    let le16 = |n: usize, what: &str| u16::try_from(n).map(u16::to_le_bytes).map_err(|_| too_big(what));
    let le32 = |n: usize, what: &str| {
        u32::try_from(n)
            .ok()
            .filter(|&n| n != u32::MAX)
            .map(u32::to_le_bytes)
            .ok_or_else(|| too_big(what))
    };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = le32(out.len(), "the archive")?;
        let size = le32(data.len(), &format!("`{name}`"))?;
        let name_len = le16(name.len(), &format!("the name `{name}`"))?;
        let crc = crc32(data).to_le_bytes();
        // Local header: version 2.0, no flags, stored, no date.
        out.extend_from_slice(&LOCAL.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        for field in [crc, size, size] {
            out.extend_from_slice(&field);
        }
        out.extend_from_slice(&name_len);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&CENTRAL.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        for field in [crc, size, size] {
            central.extend_from_slice(&field);
        }
        central.extend_from_slice(&name_len);
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset);
        central.extend_from_slice(name.as_bytes());
    }
    // A count of 0xFFFF says "see the ZIP64 record".
    if files.len() >= 0xFFFF {
        return Err(too_big("the number of files"));
    }
    let count = le16(files.len(), "the number of files")?;
    let dir_len = le32(central.len(), "the directory")?;
    let dir_offset = le32(out.len(), "the archive")?;
    out.extend_from_slice(&central);
    out.extend_from_slice(&EOCD.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&count);
    out.extend_from_slice(&count);
    out.extend_from_slice(&dir_len);
    out.extend_from_slice(&dir_offset);
    out.extend_from_slice(&[0, 0]);
    Ok(out)
}

/// The CRC-32 table of the ZIP format (IEEE 802.3, reflected polynomial `0xEDB88320`).
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
};

/// The CRC-32 a ZIP archive records for `data`.
fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(0xFFFF_FFFFu32, |crc, &b| {
        CRC_TABLE[usize::from((crc as u8) ^ b)] ^ (crc >> 8)
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A ZIP archive of stored entries (real archives come deflated too).
    pub(crate) fn stored(files: &[(&str, &[u8])]) -> Vec<u8> {
        write_stored(files).expect("a small archive")
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
        zip[c + 16..c + 20].copy_from_slice(&crc32(text.as_bytes()).to_le_bytes());
        let entries = read(&zip, 1 << 20).unwrap();
        assert_eq!(entries[0].data, text.as_bytes());
        // The unpacked size is bounded.
        let e = read(&zip, 100).unwrap_err();
        assert!(e.contains("limit of 100 bytes"), "{e}");
    }

    #[test]
    fn crc_and_corruption() {
        // The check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let mut zip = stored(&[("a.xml", b"<a/>")]);
        zip[30 + 5 + 1] = b'b';
        let e = read(&zip, 100).unwrap_err();
        assert!(e.contains("`a.xml` is corrupted"), "{e}");
        let e = write_stored(&[(&"n".repeat(70_000), b"")]).unwrap_err();
        assert!(e.contains("ZIP64"), "{e}");
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
