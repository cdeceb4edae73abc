//! `stripeapp import <stripe-app.json> [-o FILE] [--force]`: turn an existing manifest
//! into a `.stripeapp` file (see `crate::import` and `docs/tools.md`).

use super::io::{color_stderr, emit_stderr};
use crate::diagnostics::problem::import::{ImportProblem, SkippedProfile, WhySkipped};
use crate::diagnostics::render::{FileReport, human};
use crate::diagnostics::{Code, Diagnostic};
use clap::Args;
use std::path::{Path, PathBuf};

/// Turn an existing stripe-app.json into a `.stripeapp` file
///
/// Fields the language cannot carry are dropped with a warning each (`stripeapp explain
/// I0101` …); invalid JSON or a manifest without `id` writes nothing.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The manifest to import, or the app's folder (its `stripe-app.json` and, from its
    /// code, the views' calls, URLs and endpoints and the backend's handlers).
    pub manifest: PathBuf,
    /// The file to write (`-`: standard output). Default: beside the manifest, named after
    /// the last segment of the app's id (`com.example.invoice-sync` →
    /// `invoice-sync.stripeapp`). `--out` is the same option (as in `compile`).
    #[arg(
        short = 'o',
        long = "output",
        visible_alias = "out",
        value_name = "FILE"
    )]
    pub output: Option<PathBuf>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Import the manifest alone, without reading the app's code.
    #[arg(long)]
    pub no_scan: bool,
}

/// Renders diagnostics about one file without the "checked N files" summary line.
pub(super) fn report(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let rendered = human::render(
        &[FileReport::new(
            path.to_string(),
            text.to_string(),
            diagnostics,
        )],
        color_stderr(),
    );
    let body = rendered.trim_end_matches('\n');
    match body.rfind('\n') {
        Some(i) if body[i + 1..].starts_with("checked ") => body[..=i].to_string(),
        _ => rendered,
    }
}

pub fn run(mut args: ImportArgs) -> u8 {
    if args.manifest.is_dir() {
        args.manifest = args.manifest.join("stripe-app.json");
    }
    let display = args.manifest.to_string_lossy().into_owned();
    let bytes = match std::fs::read(&args.manifest) {
        Ok(b) => b,
        Err(e) => return super::fail(format!("cannot read `{display}`: {e}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let d = ImportProblem::NotUtf8 {
                span: crate::ast::Span::point(prefix.len()),
                byte: valid,
            }
            .into();
            emit_stderr(&report(&display, &prefix, vec![d]));
            emit_stderr("nothing was written\n");
            return super::INPUT_ERRORS;
        }
    };
    let source_name = args
        .manifest
        .file_name()
        .map_or_else(|| display.clone(), |n| n.to_string_lossy().into_owned());
    let mut imported = match crate::import::import(&text, &source_name) {
        Ok(i) => i,
        Err(errors) => {
            emit_stderr(&report(&display, &text, errors));
            emit_stderr("nothing was written\n");
            return super::INPUT_ERRORS;
        }
    };
    // The app's code, when its folder has some: what it does becomes declarations.
    let mut from_code = None;
    if !args.no_scan {
        let root = args
            .manifest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let files = super::code::ProjectDir { root };
        let found = crate::import::code::declare_from_code(&imported.text, &files);
        if found.added > 0 || found.backend {
            imported.text = found.text.clone();
            from_code = Some(found);
        }
    }
    // Development manifests beside `stripe-app.json` (`stripe-app.dev.json`, …) become
    // profiles, after the code has said whether there is a backend for them to move.
    let mut profile_reports = String::new();
    let mut profiles: Vec<(String, String)> = Vec::new();
    let mut profile_notes = 0;
    if source_name == "stripe-app.json" {
        let dir = args
            .manifest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let has_backend = crate::analyse(&imported.text).model.backend.is_some();
        for file in development_manifests(&dir) {
            let shown = dir
                .join(&file)
                .to_string_lossy()
                .trim_start_matches("./")
                .to_string();
            let skipped = |why| {
                let line = SkippedProfile {
                    file: shown.clone(),
                    why,
                };
                format!("{line}\n")
            };
            let name = match crate::import::profile::name_of_file(&file) {
                Some(Ok(name)) => name,
                Some(Err(why)) => {
                    profile_reports.push_str(&skipped(why));
                    continue;
                }
                None => continue,
            };
            let Ok(text) = std::fs::read_to_string(dir.join(&file)) else {
                profile_reports.push_str(&skipped(WhySkipped::NotUtf8));
                continue;
            };
            match crate::import::profile::import_profile(
                &text,
                &file,
                &name,
                &imported.base,
                has_backend,
            ) {
                Ok(p) => {
                    profile_notes += p.diagnostics.len();
                    profile_reports.push_str(&report(&shown, &text, p.diagnostics));
                    imported.text.push_str(&p.text);
                    profiles.push((file, name));
                }
                Err(errors) => {
                    profile_reports.push_str(&report(&shown, &text, errors));
                    profile_reports.push_str(&skipped(WhySkipped::NotAManifest));
                }
            }
        }
        if !profiles.is_empty() {
            imported.text = crate::fmt::format(&imported.text).unwrap_or(imported.text);
        }
    }
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let out = match &args.output {
        Some(p) => p.clone(),
        None => args
            .manifest
            .parent()
            .unwrap_or(Path::new(""))
            .join(&imported.file_name),
    };
    let out_display = out.to_string_lossy().trim_start_matches("./").to_string();
    if !to_stdout && !args.force && std::fs::symlink_metadata(&out).is_ok() {
        return super::fail(format!(
            "`{out_display}` already exists; nothing was written (`--force` overwrites it, `-o FILE` writes elsewhere)"
        ));
    }
    let notes = imported.diagnostics.len() + profile_notes;
    emit_stderr(&report(&display, &text, imported.diagnostics));
    emit_stderr(&profile_reports);
    if to_stdout {
        super::emit_stdout(&imported.text);
    } else if let Err(e) = super::write_atomic(&out, imported.text.as_bytes()) {
        return super::fail(format!("cannot write `{out_display}`: {e}"));
    }
    let mut summary = format!(
        "imported {display} into {}",
        if to_stdout {
            "standard output"
        } else {
            &out_display
        }
    );
    if notes > 0 {
        summary.push_str(&format!(
            " ({notes} thing{} dropped or rewritten, see above)",
            if notes == 1 { "" } else { "s" }
        ));
    }
    summary.push('\n');
    if !profiles.is_empty() {
        let list: Vec<String> = profiles
            .iter()
            .map(|(file, name)| format!("{file} → profile {name}"))
            .collect();
        summary.push_str(&format!(
            "development manifests: {}; `stripeapp compile` writes them from now on, and refuses to replace the hand-written ones: move them away before compiling\n",
            list.join(", ")
        ));
    }
    if let Some(found) = &from_code {
        summary.push_str(&format!(
            "from the app's code: {} declaration{} (calls, fetch, uses){}\n",
            found.added,
            if found.added == 1 { "" } else { "s" },
            if found.backend {
                " and the backend's endpoints, handlers and jobs"
            } else {
                ""
            }
        ));
        if let Some(note) = crate::import::code::placeholder_note(&imported.text) {
            let name = if to_stdout { "<stdout>" } else { &out_display };
            summary.push_str(&report(name, &imported.text, vec![note]));
        }
    }
    // What `check` will say about the result: errors in full (they come from values of
    // the manifest and stop `compile`), warnings as a count.
    let analysis = crate::analyse(&imported.text);
    let (errors, warnings): (Vec<_>, Vec<_>) =
        analysis.diagnostics.into_iter().partition(|d| d.is_error());
    let name = if to_stdout { "<stdout>" } else { &out_display };
    if !errors.is_empty() {
        summary.push_str(&format!(
            "the imported file has {} error{} that `stripeapp compile` will stop at (values taken from the manifest as they are):\n",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        ));
        summary.push_str(&report(name, &imported.text, errors));
    }
    if !warnings.is_empty() {
        summary.push_str(&format!(
            "`stripeapp check` gives {} warning{}",
            warnings.len(),
            if warnings.len() == 1 { "" } else { "s" }
        ));
        if warnings.iter().any(|w| w.code == Code::UnusedPermission) {
            summary.push_str(
                ": the manifest says which permissions the app has, not which calls use them, so they look unused until the views, `backend` and `calls` that use them are written",
            );
        }
        summary.push('\n');
    }
    emit_stderr(&summary);
    super::OK
}

/// The development manifests in `dir`: `stripe-app.<name>.json` files, sorted.
fn development_manifests(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| crate::emit::manifest::profile_of_file(n).is_some())
        .collect();
    found.sort();
    found
}
