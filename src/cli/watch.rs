//! `--watch` for `check` and `compile`: run once, then again whenever the `.stripeapp` file
//! or the app's code changes, with one status line per run.
//!
//! Changes are found by polling (every 250 ms) rather than by the operating system's file
//! events: polling sees a file that an editor saves by writing a temporary file and renaming
//! it over the original (the original's inode, which an inotify watch follows, is gone), a
//! file deleted and created again, and files on network or container mounts where events
//! never arrive, with no extra dependency. Its cost is one directory walk and one `stat` per
//! watched file per poll; dependencies (`node_modules`), hidden folders and `target` are not
//! walked. See docs/tools.md.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the watched files are looked at.
const POLL: Duration = Duration::from_millis(250);
/// A change is acted on once the files have stayed the same for this long, so a save that
/// truncates and then writes (or writes in several steps) runs once, on the finished file.
const SETTLE: Duration = Duration::from_millis(150);

/// The file endings that are the app's source: the app file and the code beside it (the UI
/// views, the backend handler module, their configuration). Editor backups (`x.ts~`), swap
/// and temporary files end otherwise and do not trigger a run.
const WATCHED: &[&str] = &[
    "stripeapp",
    "ts",
    "tsx",
    "js",
    "jsx",
    "mjs",
    "cjs",
    "json",
    "py",
];

/// What was seen of one file: its size, modification time and, for the app file (small,
/// and where an edit inside one clock tick must not be missed), a hash of its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    hash: Option<u64>,
}

type Snapshot = BTreeMap<PathBuf, Seen>;

/// The folders to watch for `paths` (the inputs of the command) and `extra` (an output
/// folder): a directory itself, a file's parent folder.
pub fn roots(paths: &[PathBuf], extra: Option<&Path>) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = Vec::new();
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &defaults } else { paths };
    for p in paths {
        let root = if p.is_dir() {
            p.clone()
        } else {
            match p.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        roots.push(root);
    }
    roots.extend(extra.map(Path::to_path_buf));
    roots.sort();
    roots.dedup();
    roots
}

/// The watched files below `roots`, and the named `files` themselves (so that a deleted
/// app file counts as removed, and its return as added, wherever it lives).
fn snapshot(roots: &[PathBuf], files: &[PathBuf]) -> Snapshot {
    let mut seen = Snapshot::new();
    for root in roots {
        // A folder that vanished or cannot be read is simply not seen this time.
        for entry in super::check::source_walk(root).flatten() {
            let watched = entry
                .path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| WATCHED.contains(&x));
            if entry.file_type().is_file() && watched {
                look(entry.path(), &mut seen);
            }
        }
    }
    for f in files {
        look(f, &mut seen);
    }
    seen
}

fn look(path: &Path, seen: &mut Snapshot) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if !meta.is_file() {
        return;
    }
    let hash = if path.extension().is_some_and(|x| x == "stripeapp") {
        std::fs::read(path).ok().map(|bytes| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        })
    } else {
        None
    };
    // One key per file, however it was reached (`./app.stripeapp` from walking `.`, or
    // `app.stripeapp` as named).
    let key = path.strip_prefix(".").unwrap_or(path);
    seen.insert(
        key.to_path_buf(),
        Seen {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash,
        },
    );
}

/// What changed between two snapshots, in words: the first path in order, and how many more.
fn describe(before: &Snapshot, after: &Snapshot) -> Option<String> {
    let mut changes: Vec<String> = Vec::new();
    for (path, now) in after {
        match before.get(path) {
            None => changes.push(format!("{} added", shown(path))),
            Some(was) if was != now => changes.push(format!("{} changed", shown(path))),
            Some(_) => {}
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        changes.push(format!("{} removed", shown(path)));
    }
    changes.sort();
    let first = changes.first()?.clone();
    Some(match changes.len() {
        1 => first,
        n => format!("{first} and {} more", n - 1),
    })
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The status line after a run that exited with `status`.
fn outcome(status: u8) -> &'static str {
    match status {
        super::OK => "ok",
        super::INPUT_ERRORS => "failed (problems above)",
        _ => "could not run (see above)",
    }
}

/// Runs `run` now and after every change below `roots` (or to one of `files`), forever: the
/// process ends when the user stops it. `command` names the command in the status line.
pub fn watch(
    command: &str,
    roots: &[PathBuf],
    files: &[PathBuf],
    mut run: impl FnMut() -> u8,
) -> ! {
    let mut trigger = "started".to_string();
    loop {
        let status = run();
        // The snapshot is taken after the run, so what the run wrote itself (generated
        // files, a `--fix`, a stub) does not start another run.
        let mut before = snapshot(roots, files);
        super::io::emit_stderr(&format!(
            "watch: {command}: {trigger}: {}; waiting for changes\n",
            outcome(status)
        ));
        trigger = loop {
            std::thread::sleep(POLL);
            let now = snapshot(roots, files);
            if now == before {
                continue;
            }
            let settled = settle(roots, files, now);
            match describe(&before, &settled) {
                Some(what) => break what,
                // Changed and changed back while settling: nothing to do.
                None => before = settled,
            }
        };
    }
}

/// Waits until the files stay the same for `SETTLE` (at most ~2 s, so that a file written
/// continuously still gets runs), and returns what they settled to.
fn settle(roots: &[PathBuf], files: &[PathBuf], mut now: Snapshot) -> Snapshot {
    for _ in 0..12 {
        std::thread::sleep(SETTLE);
        let again = snapshot(roots, files);
        if again == now {
            break;
        }
        now = again;
    }
    now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(len: u64) -> Seen {
        Seen {
            len,
            modified: None,
            hash: None,
        }
    }

    #[test]
    fn describes_the_first_change_and_counts_the_rest() {
        let mut a = Snapshot::new();
        a.insert(PathBuf::from("app.stripeapp"), seen(1));
        a.insert(PathBuf::from("b.ts"), seen(1));
        let mut b = a.clone();
        assert_eq!(describe(&a, &b), None);
        b.insert(PathBuf::from("app.stripeapp"), seen(2));
        assert_eq!(describe(&a, &b).as_deref(), Some("app.stripeapp changed"));
        b.remove(Path::new("b.ts"));
        b.insert(PathBuf::from("c.ts"), seen(1));
        assert_eq!(
            describe(&a, &b).as_deref(),
            Some("app.stripeapp changed and 2 more")
        );
        assert_eq!(
            describe(&b, &a).as_deref(),
            Some("app.stripeapp changed and 2 more")
        );
        let mut only_removed = a.clone();
        only_removed.remove(Path::new("app.stripeapp"));
        assert_eq!(
            describe(&a, &only_removed).as_deref(),
            Some("app.stripeapp removed")
        );
    }

    #[test]
    fn a_file_or_a_folder_is_watched_from_its_folder() {
        assert_eq!(
            roots(&[PathBuf::from("app.stripeapp")], None),
            vec![PathBuf::from(".")]
        );
        assert_eq!(
            roots(&[PathBuf::from("x/app.stripeapp")], Some(Path::new("out"))),
            vec![PathBuf::from("out"), PathBuf::from("x")]
        );
    }
}
