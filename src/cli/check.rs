//! `stripeapp check [PATH…]`: report every problem in each file at once.

use crate::diagnostics::problem::syntax::SyntaxProblem;
use crate::diagnostics::render::{self, FileReport, Format};
use crate::diagnostics::{Code, Diagnostic};
use crate::{analyse_with_code, fix};
use clap::Args;
use std::path::{Path, PathBuf};

/// Check `.stripeapp` files: permissions, URLs, views, webhooks and metadata.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories (every `*.stripeapp` below a directory). Default: `.`
    pub paths: Vec<PathBuf>,
    /// Output format: human (stderr), json, sarif or github (stdout).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Keep running: again after every change to the `.stripeapp` file or the app's code,
    /// with one status line per run (stop with Ctrl-C).
    #[arg(long)]
    pub watch: bool,
    /// Apply every machine-applicable fix in place and report what changed.
    #[arg(long)]
    pub fix: bool,
    /// Also check what Stripe's upload and review would catch: the icon file, placeholder
    /// ids and purposes, and the consent diff against the earlier manifest.
    #[arg(long)]
    pub release: bool,
    /// With --release: compare with the stripe-app.json at this git revision instead of
    /// the one beside the file.
    #[arg(long, value_name = "GIT-REF", requires = "release")]
    pub against: Option<String>,
    /// Check the `.stripeapp` files alone, without reading the app's TypeScript.
    #[arg(long)]
    pub no_scan: bool,
}

/// One input file, read.
pub struct Source {
    pub path: PathBuf,
    pub display: String,
    pub text: String,
    /// A diagnostic about the file itself (invalid UTF-8).
    pub problem: Option<Diagnostic>,
}

/// Expands paths into `.stripeapp` files, sorted, or says why it could not.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for p in paths {
        let meta =
            std::fs::metadata(p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            for entry in source_walk(p) {
                let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|x| x == "stripeapp")
                {
                    found.push(entry.into_path());
                }
            }
            if found.is_empty() {
                return Err(format!("no `.stripeapp` file under `{}`", p.display()));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    // Files come in argument order, a directory's in sorted path order (SPEC §4.12); a file
    // named twice is checked once, where it first appears.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

/// Every entry below `root` except dependencies and tool folders (`node_modules`, `target`,
/// hidden ones), which never hold the app's sources.
pub fn source_walk(root: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    walkdir::WalkDir::new(root)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "node_modules" || name == "target")
        })
}

/// Reads a file; invalid UTF-8 becomes a diagnostic at the first bad byte.
pub fn read_source(path: &Path) -> Result<Source, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let display = path.to_string_lossy().trim_start_matches("./").to_string();
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source {
            path: path.to_path_buf(),
            display,
            text,
            problem: None,
        }),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Keep the valid prefix as text so the location can be shown.
            let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let d = SyntaxProblem::NotUtf8 {
                span: crate::ast::Span::point(text.len()),
                byte: valid,
            }
            .into();
            Ok(Source {
                path: path.to_path_buf(),
                display,
                text,
                problem: Some(d),
            })
        }
    }
}

pub fn run(args: CheckArgs) -> u8 {
    if args.watch {
        let roots = super::watch::roots(&args.paths, None);
        let files: Vec<PathBuf> = args.paths.iter().filter(|p| !p.is_dir()).cloned().collect();
        super::watch::watch("check", &roots, &files, || run_once(&args));
    }
    run_once(&args)
}

/// One run of the command.
fn run_once(args: &CheckArgs) -> u8 {
    let files = match collect_files(&args.paths) {
        Ok(f) => f,
        Err(e) => return super::fail(e),
    };
    let mut reports = Vec::new();
    let mut fix_log = String::new();
    let mut consents: Vec<(String, Option<crate::release::ConsentDiff>)> = Vec::new();
    for path in files {
        let source = match read_source(&path) {
            Ok(s) => s,
            Err(e) => return super::fail(e),
        };
        if let Some(problem) = source.problem {
            reports.push(FileReport::new(source.display, source.text, vec![problem]));
            continue;
        }
        let mut text = source.text;
        // The app's code, when the project has some: compared with the file in every round.
        // The file is analysed once: the scan reads what it declares, then the comparison
        // is added to that same analysis.
        let mut analysis = crate::analyse(&text);
        let code = if args.no_scan {
            None
        } else {
            super::code::scan_for(&source.path, &source.display, &analysis)
        };
        if let Some(code) = &code {
            crate::add_code(&mut analysis, &text, code);
        }
        let analyse_text = |t: &str| analyse_with_code(t, code.as_ref());
        if args.fix {
            let (fixed, applied) = fix::fix_all_with(&text, &analyse_text);
            if fixed != text {
                if let Err(e) = crate::cli::write_atomic(&source.path, fixed.as_bytes()) {
                    return super::fail(format!("cannot write `{}`: {e}", source.display));
                }
                fix_log.push_str(&format!(
                    "fixed {} problem{} in {}:\n",
                    applied.len(),
                    if applied.len() == 1 { "" } else { "s" },
                    source.display
                ));
                for (code, title) in &applied {
                    fix_log.push_str(&format!("  {title} ({code})\n"));
                }
                text = fixed;
                analysis = analyse_text(&text);
            }
        }
        let mut diagnostics = analysis.diagnostics.clone();
        if args.release {
            let dir = source.path.parent().unwrap_or(Path::new(""));
            let previous = match super::release::previous(dir, args.against.as_deref()) {
                Ok(p) => p,
                Err(e) => return super::fail(e),
            };
            // The consent diff compares compiled manifests: only for a file that compiles.
            let previous = previous.filter(|_| !analysis.has_errors());
            let release = crate::release::check(&analysis, dir, previous.as_ref());
            // The release checks report unfinished purposes as errors (R0202, R0203).
            diagnostics.retain(|d| d.code != Code::UnfinishedPurpose);
            diagnostics.extend(release.diagnostics);
            crate::diagnostics::sort(&mut diagnostics);
            consents.push((source.display.clone(), release.consent));
        }
        reports.push(FileReport::new(source.display, text, diagnostics));
    }
    if !fix_log.is_empty() {
        super::io::emit_stderr(&fix_log);
    }
    match args.format {
        Format::Human => {
            super::io::emit_stderr(&render::human::render(&reports, super::io::color_stderr()));
            for (file, consent) in &consents {
                let text = match consent {
                    Some(c) => format!("{file}: {}", c.human()),
                    None => format!(
                        "{file}: no earlier stripe-app.json to compare with (a first release, or use --against <ref>)\n"
                    ),
                };
                super::io::emit_stderr(&text);
            }
        }
        Format::Json if args.release => super::emit_stdout(&super::release::add_to_json(
            &render::json::render(&reports),
            &consents,
        )),
        Format::Json => super::emit_stdout(&render::json::render(&reports)),
        Format::Sarif => super::emit_stdout(&render::sarif::render(&reports)),
        Format::Github => super::emit_stdout(&render::github::render(&reports)),
    }
    let (errors, warnings) = render::counts(&reports);
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        super::INPUT_ERRORS
    } else {
        super::OK
    }
}
