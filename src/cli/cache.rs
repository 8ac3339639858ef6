//! `check`'s results per file, kept between runs under `.pmlint_cache/` as ruff keeps
//! `.ruff_cache/`: a file whose path, size and modification time, settings and format are
//! as they were, linted by the same pmlint build with the same output options, is not read
//! again; what it printed and found last time is reused.
//!
//! One cache file per pmlint build and output options, read whole at the start and replaced
//! atomically at the end (two runs at once leave one of them whole). A cache that cannot be
//! read is an empty one; one that cannot be written costs a warning, never the run.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use pmlint::config::Resolver;
use pmlint::diagnostic::Severity;
use pmlint::render::stream::Part;
use pmlint::rules::RuleMeta;

/// The first bytes of a cache file, with the layout's version.
const MAGIC: &[u8] = b"pmlint cache 3\n";
/// A file changed this soon after its modification time was read may not show it in the
/// time (file systems keep it coarsely), so its results are not kept until it is older.
const SETTLING: Duration = Duration::from_secs(2);
/// Entries no run has used for this long are dropped when the cache is next written.
const UNUSED: Duration = Duration::from_secs(30 * 24 * 3600);
/// A run whose files all come from the cache rewrites it only to mark entries this old as
/// used.
const REFRESH: Duration = Duration::from_secs(24 * 3600);

/// What pmlint's output for a file depends on besides the file: which file it is and how it
/// is linted. The file itself is known by its size and modification time.
pub struct Key {
    /// The absolute path.
    pub path: String,
    /// As reports name the file.
    pub name: String,
    pub stamp: Stamp,
    /// The settings and how the file is read (Markdown or text), written out.
    pub settings: String,
}

/// A file's size, modification time and, on Unix, status-change time, read before the file
/// is. The status-change time moves with every write and permission change and cannot be set
/// back, so an edit that keeps the size and restores the modification time is still seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    modified: Duration,
    /// Seconds and nanoseconds; zero where there is no such time.
    changed: (i64, i64),
    /// Which file it is (device and inode): a path that now names another file (a symlink
    /// pointed elsewhere, a folder swapped for one of files with the same times) is a miss.
    /// Zero where there is no such number.
    file: (u64, u64),
}

impl Stamp {
    pub fn of(metadata: &std::fs::Metadata) -> Option<Stamp> {
        let modified = metadata.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        let (changed, file) = changed_and_identity(metadata);
        Some(Stamp {
            size: metadata.len(),
            modified,
            changed,
            file,
        })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// The later of the modification and status-change times: a file system that keeps the
    /// status-change time to the second only still sees an edit made after a run kept it.
    fn last_change(&self) -> Duration {
        let (secs, nanos) = self.changed;
        let changed = u64::try_from(secs).ok().map_or(Duration::ZERO, |secs| {
            Duration::from_secs(secs)
                .saturating_add(Duration::from_nanos(u64::try_from(nanos).unwrap_or(0)))
        });
        self.modified.max(changed)
    }
}

/// The status-change time (seconds, nanoseconds) and which file it is (device, inode); zeros
/// where there are no such numbers.
#[cfg(unix)]
fn changed_and_identity(metadata: &std::fs::Metadata) -> ((i64, i64), (u64, u64)) {
    use std::os::unix::fs::MetadataExt;
    (
        (metadata.ctime(), metadata.ctime_nsec()),
        (metadata.dev(), metadata.ino()),
    )
}

#[cfg(not(unix))]
fn changed_and_identity(_: &std::fs::Metadata) -> ((i64, i64), (u64, u64)) {
    ((0, 0), (0, 0))
}

/// The `CACHEDIR.TAG` pmlint writes in a cache folder it makes; `pmlint clean` deletes only a
/// folder holding it.
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by pmlint.\n";

/// Where the cache is: `given` (`--cache-dir`), else the `cache-dir` of the config for the
/// current directory (by default `.pmlint_cache` beside it), else `.pmlint_cache` here.
pub fn dir(given: Option<&Path>, resolver: &mut Resolver) -> PathBuf {
    if let Some(dir) = given {
        return dir.to_path_buf();
    }
    let cwd = resolver.cwd().to_path_buf();
    // A broken config for the current directory was reported by the walk when it mattered.
    let config = resolver.for_dir(&cwd).ok().flatten();
    config
        .and_then(|config| config.cache_dir(&cwd))
        .unwrap_or_else(|| cwd.join(".pmlint_cache"))
}

/// Deletes the cache folder `dir`; `false` when there is none. A folder pmlint did not make
/// (no `CACHEDIR.TAG` of pmlint's) is left as it is, whatever `cache-dir` names.
pub fn clean(dir: &Path) -> std::io::Result<bool> {
    if !dir.exists() {
        return Ok(false);
    }
    // Deleting a link would leave the cache it points to while saying it was removed.
    if dir.symlink_metadata()?.file_type().is_symlink() {
        return Err(std::io::Error::other(
            "a symbolic link; left as it is (delete the folder it points to instead)",
        ));
    }
    if std::fs::read_to_string(dir.join("CACHEDIR.TAG"))
        .ok()
        .as_deref()
        != Some(TAG)
    {
        return Err(std::io::Error::other(
            "not a folder pmlint made (it has no CACHEDIR.TAG of pmlint's); left as it is",
        ));
    }
    std::fs::remove_dir_all(dir)?;
    Ok(true)
}

/// `pmlint clean`.
pub fn clean_command(given: Option<&Path>) -> Result<std::process::ExitCode, super::Error> {
    let mut resolver = Resolver::new(pmlint::config::Mode::Discover, Default::default())?;
    let dir = dir(given, &mut resolver);
    let shown = pmlint::render::escape::path(&dir);
    match clean(&dir) {
        Ok(true) => say!("pmlint: removed the cache {shown}"),
        Ok(false) => say!("pmlint: no cache at {shown}"),
        Err(e) => return Err(super::Error::Message(format!("{shown}: {e}"))),
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// One file's results.
pub struct Results {
    pub findings: Vec<(&'static RuleMeta, Severity)>,
    pub part: Part,
}

struct Entry {
    name: String,
    stamp: Stamp,
    /// Index into [`Cache::settings`].
    settings: u32,
    /// When a run last used it, in seconds since 1970.
    used: u64,
    results: Results,
}

pub struct Cache {
    file: PathBuf,
    /// The folder given, which holds a `.gitignore` once pmlint made it.
    dir: PathBuf,
    /// The pmlint build and the output options, written out; a cache file for others is
    /// ignored.
    header: String,
    settings: Vec<String>,
    entries: HashMap<String, Entry>,
    started: SystemTime,
}

impl Cache {
    /// The cache in `dir` for output made with `options` (the format and what it depends
    /// on).
    pub fn open(dir: &Path, options: &str) -> Cache {
        let header = format!("{}\n{options}", build());
        let mut hasher = DefaultHasher::new();
        header.hash(&mut hasher);
        let file = dir
            .join(env!("CARGO_PKG_VERSION"))
            .join(format!("{:016x}", hasher.finish()));
        let mut cache = Cache {
            file,
            dir: dir.to_path_buf(),
            header,
            settings: Vec::new(),
            entries: HashMap::new(),
            started: SystemTime::now(),
        };
        if let Ok(bytes) = std::fs::read(&cache.file) {
            // A cache from another build, cut short or damaged is no cache.
            if cache.decode(&bytes).is_none() {
                cache.settings.clear();
                cache.entries.clear();
            }
        }
        cache
    }

    /// The results kept for the file `key` describes, if it has not changed since.
    pub fn get(&self, key: &Key) -> Option<Results> {
        let entry = self.entries.get(&key.path)?;
        let same = entry.stamp == key.stamp
            && entry.name == key.name
            && self.settings.get(entry.settings as usize) == Some(&key.settings);
        same.then(|| Results {
            findings: entry.results.findings.clone(),
            part: clone_part(&entry.results.part),
        })
    }

    /// Writes the cache with `fresh`, the results of the files linted in this run, and marks
    /// the entries `used` (their paths) as used now. Nothing is written when nothing changed.
    pub fn save(mut self, fresh: Vec<(Key, Results)>, used: &[String]) {
        let now = seconds(self.started);
        let settled = self.started.duration_since(UNIX_EPOCH).unwrap_or_default();
        let fresh: Vec<_> = fresh
            .into_iter()
            .filter(|(key, _)| {
                key.stamp
                    .last_change()
                    .checked_add(SETTLING)
                    .is_some_and(|settles| settles <= settled)
            })
            .collect();
        // Marked before old entries go, so a file this run reused is never one of them; a run
        // that only reuses writes when a mark is a day old, not every time.
        let mut refreshed = false;
        for path in used {
            if let Some(entry) = self.entries.get_mut(path) {
                refreshed |= entry.used.saturating_add(REFRESH.as_secs()) < now;
                entry.used = now;
            }
        }
        let before = self.entries.len();
        self.entries
            .retain(|_, entry| entry.used.saturating_add(UNUSED.as_secs()) >= now);
        if fresh.is_empty() && self.entries.len() == before && !refreshed {
            return;
        }
        for (key, results) in fresh {
            let settings = match self.settings.iter().position(|s| *s == key.settings) {
                Some(index) => index,
                None => {
                    self.settings.push(key.settings);
                    self.settings.len() - 1
                }
            };
            let entry = Entry {
                name: key.name,
                stamp: key.stamp,
                settings: u32::try_from(settings).unwrap_or(u32::MAX),
                used: now,
                results,
            };
            self.entries.insert(key.path, entry);
        }
        if let Err(e) = self.write() {
            say!(
                "pmlint: warning: cannot write the cache {}: {e}",
                pmlint::render::escape::path(&self.file)
            );
        }
    }

    fn write(&self) -> std::io::Result<()> {
        let folder = self.file.parent().unwrap_or(&self.dir);
        if !self.dir.exists() {
            std::fs::create_dir_all(&self.dir)?;
            // Like `.ruff_cache`: never committed, never backed up.
            std::fs::write(
                self.dir.join(".gitignore"),
                "# Automatically created by pmlint.\n*\n",
            )?;
            std::fs::write(self.dir.join("CACHEDIR.TAG"), TAG)?;
        }
        std::fs::create_dir_all(folder)?;
        let mut temporary = tempfile::Builder::new()
            .prefix(".pmlint-cache")
            .tempfile_in(folder)?;
        temporary.write_all(&self.encode())?;
        temporary.persist(&self.file).map_err(|e| e.error)?;
        Ok(())
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Encoder(MAGIC.to_vec());
        out.text(&self.header);
        out.number(self.settings.len() as u64);
        for settings in &self.settings {
            out.text(settings);
        }
        out.number(self.entries.len() as u64);
        for (path, entry) in &self.entries {
            out.text(path);
            out.text(&entry.name);
            out.number(entry.stamp.size);
            out.number(entry.stamp.modified.as_secs());
            out.number(u64::from(entry.stamp.modified.subsec_nanos()));
            out.number(entry.stamp.changed.0 as u64);
            out.number(entry.stamp.changed.1 as u64);
            out.number(entry.stamp.file.0);
            out.number(entry.stamp.file.1);
            out.number(u64::from(entry.settings));
            out.number(entry.used);
            out.number(entry.results.findings.len() as u64);
            for (meta, severity) in &entry.results.findings {
                out.text(meta.code);
                out.number(*severity as u64);
            }
            for texts in [&entry.results.part.items, &entry.results.part.kept] {
                out.number(texts.len() as u64);
                for text in texts {
                    out.text(text);
                }
            }
        }
        out.0
    }

    fn decode(&mut self, bytes: &[u8]) -> Option<()> {
        let mut input = Decoder(bytes.strip_prefix(MAGIC)?);
        if input.text()? != self.header {
            return None;
        }
        for _ in 0..input.number()? {
            self.settings.push(input.text()?);
        }
        for _ in 0..input.number()? {
            let path = input.text()?;
            let name = input.text()?;
            let size = input.number()?;
            let (secs, nanos) = (input.number()?, input.number()?);
            let modified = Duration::from_secs(secs)
                .checked_add(Duration::from_nanos(nanos).min(Duration::from_secs(1)))?;
            let changed = (input.number()? as i64, input.number()? as i64);
            let file = (input.number()?, input.number()?);
            let settings = u32::try_from(input.number()?).ok()?;
            let used = input.number()?;
            let mut findings = Vec::new();
            for _ in 0..input.number()? {
                let meta = pmlint::rules::find(&input.text()?)?;
                let severity = match input.number()? {
                    0 => Severity::Info,
                    1 => Severity::Warning,
                    2 => Severity::Error,
                    _ => return None,
                };
                findings.push((meta, severity));
            }
            let mut part = Part::default();
            for texts in [&mut part.items, &mut part.kept] {
                for _ in 0..input.number()? {
                    texts.push(input.text()?);
                }
            }
            let stamp = Stamp {
                size,
                modified,
                changed,
                file,
            };
            let results = Results { findings, part };
            let entry = Entry {
                name,
                stamp,
                settings,
                used,
                results,
            };
            self.entries.insert(path, entry);
        }
        input.0.is_empty().then_some(())
    }
}

/// This pmlint build: its version and the hash of its sources `build.rs` made, so that a
/// rebuild with changed rules but the same version never reuses results.
fn build() -> String {
    format!(
        "pmlint {} {}",
        env!("CARGO_PKG_VERSION"),
        env!("PMLINT_BUILD")
    )
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

pub fn clone_part(part: &Part) -> Part {
    Part {
        items: part.items.clone(),
        kept: part.kept.clone(),
    }
}

/// Numbers as eight little-endian bytes, texts as their length and UTF-8 bytes.
struct Encoder(Vec<u8>);

impl Encoder {
    fn number(&mut self, n: u64) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }
}

struct Decoder<'b>(&'b [u8]);

impl Decoder<'_> {
    fn number(&mut self) -> Option<u64> {
        let (bytes, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(u64::from_le_bytes(*bytes))
    }

    fn text(&mut self) -> Option<String> {
        let len = usize::try_from(self.number()?).ok()?;
        if len > self.0.len() {
            return None;
        }
        let (bytes, rest) = self.0.split_at(len);
        self.0 = rest;
        String::from_utf8(bytes.to_vec()).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(path: &str, modified: u64) -> Key {
        Key {
            path: path.into(),
            name: path.into(),
            stamp: Stamp {
                size: 10,
                modified: Duration::from_secs(modified),
                changed: (0, 0),
                file: (0, 0),
            },
            settings: "settings".into(),
        }
    }

    fn results() -> Results {
        let meta = pmlint::rules::find("PM101").expect("PM101 exists");
        Results {
            findings: vec![(meta, Severity::Error)],
            part: Part {
                items: vec!["one".into(), "two ✓".into()],
                kept: vec!["kept".into()],
            },
        }
    }

    #[test]
    fn entries_survive_a_write_and_a_read() {
        let temporary = tempfile::tempdir().expect("a temporary folder");
        let dir = temporary.path().join("cache");
        let cache = Cache::open(&dir, "json");
        cache.save(vec![(key("/a.md", 1000), results())], &[]);
        let cache = Cache::open(&dir, "json");
        let got = cache.get(&key("/a.md", 1000)).expect("the entry was kept");
        assert_eq!(got.part.items, ["one", "two ✓"]);
        assert_eq!(got.part.kept, ["kept"]);
        assert_eq!(got.findings[0].0.code, "PM101");
        assert_eq!(got.findings[0].1, Severity::Error);
        assert!(cache.get(&key("/a.md", 1001)).is_none(), "another time");
        let mut other = key("/a.md", 1000);
        other.settings = "other".into();
        assert!(cache.get(&other).is_none(), "other settings");
        assert!(
            Cache::open(&dir, "human")
                .get(&key("/a.md", 1000))
                .is_none(),
            "other output options"
        );
        let ignored = std::fs::read_to_string(dir.join(".gitignore")).expect("read");
        assert!(ignored.ends_with("*\n"), "{ignored}");
    }

    #[test]
    fn another_file_at_the_same_path_is_a_miss() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::open(dir.path(), "json");
        let mut first = key("/a.md", 1000);
        first.stamp.file = (1, 2);
        cache.save(vec![(first, results())], &[]);
        let cache = Cache::open(dir.path(), "json");
        let mut same = key("/a.md", 1000);
        same.stamp.file = (1, 2);
        assert!(cache.get(&same).is_some());
        let mut other = key("/a.md", 1000);
        other.stamp.file = (1, 3);
        assert!(cache.get(&other).is_none());
    }

    #[test]
    fn a_status_change_just_now_is_not_kept() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::open(dir.path(), "json");
        let changed = || {
            let mut changed = key("/a.md", 1000);
            changed.stamp.changed = (seconds(SystemTime::now()) as i64, 0);
            changed
        };
        cache.save(vec![(changed(), results())], &[]);
        let cache = Cache::open(dir.path(), "json");
        assert!(cache.get(&changed()).is_none());
    }

    #[test]
    fn entries_a_run_reuses_are_kept_and_marked() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::open(dir.path(), "json");
        cache.save(
            vec![
                (key("/a.md", 1000), results()),
                (key("/b.md", 1000), results()),
            ],
            &[],
        );
        let mut cache = Cache::open(dir.path(), "json");
        let old = seconds(SystemTime::now()) - UNUSED.as_secs() - 60;
        for entry in cache.entries.values_mut() {
            entry.used = old;
        }
        cache.write().expect("written");
        // Only a.md is used: it stays, with a fresh mark; b.md is dropped.
        Cache::open(dir.path(), "json").save(Vec::new(), &["/a.md".to_string()]);
        let cache = Cache::open(dir.path(), "json");
        assert!(cache.get(&key("/a.md", 1000)).is_some());
        assert!(cache.get(&key("/b.md", 1000)).is_none());
        assert!(cache.entries["/a.md"].used > old + UNUSED.as_secs());
    }

    #[test]
    fn a_file_changed_just_now_is_not_kept() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::open(dir.path(), "json");
        let now = seconds(SystemTime::now());
        cache.save(vec![(key("/a.md", now), results())], &[]);
        let cache = Cache::open(dir.path(), "json");
        assert!(cache.get(&key("/a.md", now)).is_none());
    }

    proptest::proptest! {
        /// Whatever follows the header, reading it never panics; a bad entry empties the cache.
        #[test]
        fn any_bytes_after_the_header_are_read_without_panicking(
            entry in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
            count in 0u64..3,
        ) {
            let temporary = tempfile::tempdir().expect("a temporary folder");
            let cache = Cache::open(temporary.path(), "json");
            let mut bytes = Encoder(MAGIC.to_vec());
            bytes.text(&cache.header);
            bytes.number(0);
            bytes.number(count);
            bytes.0.extend_from_slice(&entry);
            std::fs::create_dir_all(cache.file.parent().expect("a folder")).expect("made");
            std::fs::write(&cache.file, &bytes.0).expect("written");
            let reopened = Cache::open(temporary.path(), "json");
            proptest::prop_assert!(reopened.entries.len() <= 1);
        }
    }

    #[test]
    fn a_time_past_the_end_of_time_is_read_without_panicking() {
        let temporary = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::open(temporary.path(), "json");
        let mut bytes = Encoder(MAGIC.to_vec());
        bytes.text(&cache.header);
        bytes.number(0);
        bytes.number(1);
        bytes.text("/a.md");
        bytes.text("a.md");
        for n in [
            10,
            u64::MAX,
            u64::from(u32::MAX),
            0,
            0,
            0,
            0,
            0,
            u64::MAX,
            0,
            0,
            0,
        ] {
            bytes.number(n);
        }
        std::fs::create_dir_all(cache.file.parent().expect("a folder")).expect("made");
        std::fs::write(&cache.file, &bytes.0).expect("written");
        let reopened = Cache::open(temporary.path(), "json");
        assert!(reopened.entries.is_empty());
        reopened.save(Vec::new(), &[]);
    }

    #[test]
    fn a_damaged_cache_is_an_empty_one() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let cache = Cache::open(dir.path(), "json");
        let file = cache.file.clone();
        cache.save(vec![(key("/a.md", 1000), results())], &[]);
        let bytes = std::fs::read(&file).expect("written");
        for cut in [0, MAGIC.len(), bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&file, &bytes[..cut]).expect("cut");
            let cache = Cache::open(dir.path(), "json");
            assert!(cache.get(&key("/a.md", 1000)).is_none(), "cut at {cut}");
        }
    }
}
