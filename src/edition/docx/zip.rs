//! The ZIP container of a Word file, written and read as far as a `.docx` needs: entries in a
//! fixed order with one fixed time, so that the same brief gives the same bytes; XML deflated,
//! pictures stored. Reading finds one part of a workspace's `reference.docx`.

use std::io::{Read, Write};

/// 1980-01-01 00:00, the earliest time a ZIP entry can carry: every entry has it.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

/// One part of the package.
pub struct Part {
    /// Its name in the package (`word/document.xml`).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The package's bytes: each part in the order given.
pub fn write(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for part in parts {
        // Pictures are compressed already; the application's name is kept readable in the
        // file's bytes, by which a Word file of this tool is known.
        let stored = part.name.ends_with(".png") || part.name == "docProps/app.xml";
        let data = if stored {
            part.bytes.clone()
        } else {
            let mut e =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            // Writing to memory cannot fail.
            let _ = e.write_all(&part.bytes);
            e.finish().unwrap_or_default()
        };
        let method: u16 = if stored { 0 } else { 8 };
        let crc = crc32(&part.bytes);
        let offset = out.len() as u32;
        let name = part.name.as_bytes();
        // Local file header.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header(
            &mut out,
            method,
            crc,
            data.len(),
            part.bytes.len(),
            name.len(),
        );
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
        out.extend_from_slice(name);
        out.extend_from_slice(&data);
        // Central directory entry.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // made by: 2.0
        header(
            &mut central,
            method,
            crc,
            data.len(),
            part.bytes.len(),
            name.len(),
        );
        central.extend_from_slice(&0u16.to_le_bytes()); // extra
        central.extend_from_slice(&0u16.to_le_bytes()); // comment
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let start = out.len() as u32;
    let size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, the directory's disk
    let count = parts.len() as u16;
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // comment
    out
}

/// The fields a local header and a central entry share, from "version needed" to the name's
/// length.
fn header(out: &mut Vec<u8>, method: u16, crc: u32, packed: usize, size: usize, name: usize) {
    out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
    out.extend_from_slice(&0u16.to_le_bytes()); // flags
    out.extend_from_slice(&method.to_le_bytes());
    out.extend_from_slice(&DOS_TIME.to_le_bytes());
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&(packed as u32).to_le_bytes());
    out.extend_from_slice(&(size as u32).to_le_bytes());
    out.extend_from_slice(&(name as u16).to_le_bytes());
}

/// CRC-32 (IEEE), as ZIP checks each entry.
fn crc32(bytes: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(bytes);
    h.finalize()
}

/// The bytes of part `name` of a ZIP file, read through its central directory; `None` when
/// the file is no ZIP, lacks the part, or the part would inflate past `limit` bytes.
pub fn read(zip: &[u8], name: &str, limit: u64) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(zip.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(zip.get(at..at + 4)?.try_into().ok()?));
    // The end record is within the last 64 KiB and 22 bytes (its comment at most 65,535).
    let from = zip.len().saturating_sub(22 + 65_535);
    let end = (from..zip.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(i) == Some(0x0605_4b50))?;
    let count = u16_at(end + 10)? as usize;
    let mut at = u32_at(end + 16)? as usize;
    for _ in 0..count {
        if u32_at(at)? != 0x0201_4b50 {
            return None;
        }
        let method = u16_at(at + 10)?;
        let packed = u32_at(at + 20)? as usize;
        let size = u32_at(at + 24)? as u64;
        let name_len = u16_at(at + 28)? as usize;
        let extra = u16_at(at + 30)? as usize;
        let comment = u16_at(at + 32)? as usize;
        let local = u32_at(at + 42)? as usize;
        let this = zip.get(at + 46..at + 46 + name_len)?;
        at += 46 + name_len + extra + comment;
        if this != name.as_bytes() {
            continue;
        }
        if size > limit {
            return None;
        }
        let data_at = local + 30 + u16_at(local + 26)? as usize + u16_at(local + 28)? as usize;
        let data = zip.get(data_at..data_at.checked_add(packed)?)?;
        return match method {
            0 => Some(data.to_vec()),
            8 => {
                let mut out = Vec::new();
                flate2::read::DeflateDecoder::new(data)
                    .take(limit + 1)
                    .read_to_end(&mut out)
                    .ok()?;
                (out.len() as u64 <= limit).then_some(out)
            }
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let parts = vec![
            Part {
                name: "a.xml".into(),
                bytes: b"<a>hello hello hello hello</a>".to_vec(),
            },
            Part {
                name: "media/b.png".into(),
                bytes: vec![1, 2, 3],
            },
        ];
        let zip = write(&parts);
        assert_eq!(read(&zip, "a.xml", 1000).unwrap(), parts[0].bytes);
        assert_eq!(read(&zip, "media/b.png", 1000).unwrap(), vec![1, 2, 3]);
        assert_eq!(read(&zip, "c.xml", 1000), None);
        // Past the limit, nothing.
        assert_eq!(read(&zip, "a.xml", 5), None);
        // The same parts, the same bytes.
        assert_eq!(write(&parts), zip);
        assert_eq!(read(b"not a zip", "a.xml", 10), None);
    }
}
