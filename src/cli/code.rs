//! Reading an app's TypeScript from disk for the scanner (`crate::scan` itself reads
//! nothing).

use crate::scan::SourceFiles;
use std::path::{Path, PathBuf};

/// The files of a project folder, read on demand.
pub struct ProjectDir {
    pub root: PathBuf,
}

impl SourceFiles for ProjectDir {
    fn read(&self, path: &str) -> Option<String> {
        // Paths come from the scanner already normalised; refuse anything that could leave
        // the project.
        if path.split('/').any(|seg| seg == ".." || seg.is_empty()) {
            return None;
        }
        let full = self.root.join(path);
        let meta = std::fs::metadata(&full).ok()?;
        if !meta.is_file() {
            return None;
        }
        std::fs::read_to_string(full).ok()
    }
}

/// The folder of a checked file and how to prefix the TypeScript paths shown for it
/// (`apps/a.stripeapp` → `apps/`).
pub fn project_of(file: &Path, shown: &str) -> (PathBuf, String) {
    let root = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let shown_dir = match shown.rfind(['/', '\\']) {
        Some(i) => shown[..=i].to_string(),
        None => String::new(),
    };
    (root, shown_dir)
}

/// Scans the code of the project a `.stripeapp` file heads, as its analysis declares it;
/// `None` when the project has no code the scanner reads.
pub fn scan_for(
    file: &Path,
    shown: &str,
    analysis: &crate::Analysis,
) -> Option<crate::check::code::Code> {
    let (root, shown_dir) = project_of(file, shown);
    let mut code = crate::check::code::Code::scan(
        &analysis.file,
        &analysis.model,
        &ProjectDir { root },
        shown_dir,
    );
    if let Some(name) = file.file_name() {
        code.note_starters(&analysis.model, &name.to_string_lossy());
    }
    code.scan.has_code().then_some(code)
}
