//! Output helpers that survive a closed pipe (`stripeapp catalog methods | head`).

use std::io::Write;

/// Writes machine output to stdout. A closed pipe is not an error: the reader has what it
/// wanted.
pub fn emit_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

/// Writes human output to stderr.
pub fn emit_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|_| err.flush());
}

/// Reports that the command could not run and returns exit status 2.
pub fn fail(message: impl AsRef<str>) -> u8 {
    emit_stderr(&format!("stripeapp: {}\n", message.as_ref()));
    super::CANNOT_RUN
}

/// Whether to colour human output on stderr.
pub fn color_stderr() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Writes a file atomically: a temporary file beside it, then a rename, so a reader (or a
/// crash) never sees half a file.
pub fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.stripeapp-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
