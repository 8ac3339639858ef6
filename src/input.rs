//! Reading what pmlint is handed (documents, config files, profiles) without hanging or
//! exhausting memory: only regular files are opened (a FIFO blocks on open, `/dev/zero` never
//! ends), and never more than a cap is read, so an endless stream ends with an error too.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The most a config or profile file may hold; real ones are a few hundred bytes.
pub const SETTINGS_CAP: u64 = 1 << 20;

/// The default `--max-file-size` for documents.
pub const DOCUMENT_CAP: u64 = 64 << 20;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, a device, a socket or a folder.
    NotRegular,
    /// Longer than the cap, in bytes.
    TooLarge(u64),
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular => f.write_str("not a regular file"),
            ReadError::TooLarge(cap) => write!(f, "larger than {}", size(*cap)),
            ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound => {
                f.write_str("no such file or directory")
            }
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// A size as people write it: `64 MiB`, `1 MiB`, `512 KiB`, `100 bytes`.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// What makes two paths one file: device and inode where there are such, else the path with
/// links resolved. Two names for one file (a link, `./a.md` and `a.md`) compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId {
    #[cfg(unix)]
    device_inode: (u64, u64),
    #[cfg(not(unix))]
    path: PathBuf,
}

impl FileId {
    /// The file `path` names, links followed; `None` when there is none.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let metadata = std::fs::metadata(path).ok()?;
            Some(FileId {
                device_inode: (metadata.dev(), metadata.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileId {
                path: std::fs::canonicalize(path).ok()?,
            })
        }
    }
}

/// Whether `path`, once links are resolved, lies inside the folder `root` (also resolved).
pub fn resolves_inside(path: &Path, root: &Path) -> bool {
    let real = |p: &Path| -> Option<PathBuf> { std::fs::canonicalize(p).ok() };
    match (real(path), real(root)) {
        (Some(path), Some(root)) => path.starts_with(root),
        _ => false,
    }
}

/// A size as given on the command line: bytes, or a number with `K`, `M` or `G` (`KB`, `KiB`,
/// and so on, all powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 64MiB)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{unit}` is not a unit: use K, M or G")),
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// What `path` is once links are followed, if it is a regular file.
pub fn regular_file(path: &Path) -> Result<Metadata, ReadError> {
    let metadata = std::fs::metadata(path).map_err(ReadError::Io)?;
    if metadata.is_file() {
        Ok(metadata)
    } else {
        Err(ReadError::NotRegular)
    }
}

/// The bytes of the regular file at `path`, at most `cap` of them.
pub fn read_file(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = regular_file(path)?;
    if metadata.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let file = File::open(path).map_err(ReadError::Io)?;
    // The file may have been swapped or grown since it was looked at.
    if !file.metadata().map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotRegular);
    }
    // Room for the size it had, and the byte that shows it grew: a huge file is not held
    // twice over while its buffer doubles.
    let room = usize::try_from(metadata.len().saturating_add(1)).unwrap_or(0);
    read_into(Vec::with_capacity(room), file, cap)
}

/// Everything `reader` gives, failing once it gives more than `cap` bytes (stdin, a file that
/// grows while it is read, a `/proc` file whose size says 0).
pub fn read_stream(reader: impl Read, cap: u64) -> Result<Vec<u8>, ReadError> {
    read_into(Vec::new(), reader, cap)
}

fn read_into(mut bytes: Vec<u8>, reader: impl Read, cap: u64) -> Result<Vec<u8>, ReadError> {
    reader
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// The UTF-8 text of a settings file (config or profile) at `path`. A file holding a NUL byte
/// is no TOML file (`/proc/self/environ` is one), and its content is never quoted.
pub fn read_settings(path: &Path) -> Result<String, String> {
    let bytes = read_file(path, SETTINGS_CAP).map_err(|e| e.to_string())?;
    if bytes.contains(&0) {
        return Err("not a TOML file: it holds a NUL byte".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not a TOML file: not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_longer_than_the_cap_is_refused() {
        assert_eq!(read_stream(&b"12345"[..], 5).unwrap(), b"12345");
        assert!(matches!(
            read_stream(&b"123456"[..], 5),
            Err(ReadError::TooLarge(5))
        ));
        assert!(matches!(
            read_stream(io::repeat(b'x'), 1 << 10),
            Err(ReadError::TooLarge(1024))
        ));
    }

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("64MiB"), Ok(DOCUMENT_CAP));
        assert_eq!(parse_size("1 M"), Ok(1 << 20));
        assert_eq!(parse_size("100k"), Ok(100 << 10));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5 TB").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size(DOCUMENT_CAP), "64 MiB");
        assert_eq!(size(SETTINGS_CAP), "1 MiB");
        assert_eq!(size(512 << 10), "512 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_folders_are_not_read() {
        assert!(matches!(
            read_file(Path::new("/dev/zero"), 10),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_file(Path::new("/"), 10),
            Err(ReadError::NotRegular)
        ));
    }
}
