//! `stripeapp compile [PATH…] [-o DIR]`: check, then write the manifest, the UI extension
//! project and the backend.
//!
//! Nothing is written unless every input file checks without errors. Generated files are
//! rewritten (atomically: a temporary file, then a rename); files that belong to the user
//! are created when missing and never touched again. Every path is checked to stay inside
//! its output directory, symbolic links included.

use super::check::{collect_files, read_source};
use super::io::{color_stderr, emit_stderr};
use crate::diagnostics::render::{self, FileReport};
use crate::emit::{self, GeneratedDir, OutputFile, Owner};
use crate::model::Model;
use crate::{analyse, cli};
use clap::Args;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// Check `.stripeapp` files, then write the manifest, the UI extension and the backend
///
/// The project is written beside each source file (or into `-o DIR`). Nothing is written
/// when a file has errors. Generated files are rewritten on every run; the starters you
/// own (`package.json`, `src/views/*.tsx`, `backend/src/handlers.ts`, …) are created once
/// and never overwritten.
#[derive(Debug, Args)]
pub struct CompileArgs {
    /// Files or directories (every `*.stripeapp` below a directory). Default: `.`
    pub paths: Vec<PathBuf>,
    /// Output directory. Default: the directory of each source file. With several input
    /// files, each app is written to `DIR/<file name without .stripeapp>/`.
    /// `--output` is the same option (as in `import`).
    #[arg(
        short = 'o',
        long = "out",
        visible_alias = "output",
        value_name = "DIR"
    )]
    pub out: Option<PathBuf>,
    /// Fail (exit 1, write nothing) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Keep running: again after every change to the `.stripeapp` file or the app's code,
    /// with one status line per run (stop with Ctrl-C).
    #[arg(long)]
    pub watch: bool,
}

/// One app to write.
struct Job {
    /// The source path as shown to the user.
    display: String,
    model: Model,
    /// The source file's name, named in generated headers.
    source_name: String,
    out: PathBuf,
}

pub fn run(args: CompileArgs) -> u8 {
    if args.watch {
        let roots = super::watch::roots(&args.paths, args.out.as_deref());
        let files: Vec<PathBuf> = args.paths.iter().filter(|p| !p.is_dir()).cloned().collect();
        super::watch::watch("compile", &roots, &files, || run_once(&args));
    }
    run_once(&args)
}

/// One run of the command.
fn run_once(args: &CompileArgs) -> u8 {
    let files = match collect_files(&args.paths) {
        Ok(f) => f,
        Err(e) => return cli::fail(e),
    };
    let mut reports = Vec::new();
    let mut analysed = Vec::new();
    for path in &files {
        let source = match read_source(path) {
            Ok(s) => s,
            Err(e) => return cli::fail(e),
        };
        if let Some(problem) = source.problem {
            reports.push(FileReport::new(source.display, source.text, vec![problem]));
            continue;
        }
        let analysis = analyse(&source.text);
        analysed.push((path.clone(), source.display.clone(), analysis.model));
        reports.push(FileReport::new(
            source.display,
            source.text,
            analysis.diagnostics,
        ));
    }
    let (errors, warnings) = render::counts(&reports);
    if errors > 0 || warnings > 0 || render::notes(&reports) > 0 {
        emit_stderr(&render::human::render(&reports, color_stderr()));
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        emit_stderr("stripeapp: nothing was written\n");
        return cli::INPUT_ERRORS;
    }

    let jobs = match plan_jobs(analysed, args.out.as_deref()) {
        Ok(j) => j,
        Err(e) => return cli::fail(e),
    };
    // Render and vet everything before the first write, so that a refusal leaves every
    // output directory as it was.
    let mut prepared = Vec::new();
    for job in jobs {
        // The handler modules as they are, for the stubs of handlers they lack.
        let user_files: std::collections::BTreeMap<String, String> =
            emit::handler_modules(&job.model)
                .into_iter()
                .filter_map(|m| {
                    let text = std::fs::read_to_string(job.out.join(m)).ok()?;
                    Some((m.to_string(), text))
                })
                .collect();
        let project = match emit::project_over(&job.model, &job.source_name, &user_files) {
            Ok(p) => p,
            Err(e) => return cli::fail(e.to_string()),
        };
        match prepare(&job, project) {
            Ok(p) => prepared.push((job, p)),
            Err(e) => return cli::fail(e),
        }
    }
    let mut log = String::new();
    for (job, plan) in prepared {
        match write(&job, &plan) {
            Ok(text) => log.push_str(&text),
            Err(e) => {
                emit_stderr(&log);
                return cli::fail(e);
            }
        }
    }
    emit_stderr(&log);
    cli::OK
}

/// Decides the output directory of each app.
fn plan_jobs(
    analysed: Vec<(PathBuf, String, Model)>,
    out: Option<&Path>,
) -> Result<Vec<Job>, String> {
    let several = analysed.len() > 1;
    let mut jobs: Vec<Job> = Vec::new();
    for (path, display, model) in analysed {
        let source_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = match out {
            Some(dir) if several => {
                let stem = path
                    .file_stem()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                dir.join(stem)
            }
            Some(dir) => dir.to_path_buf(),
            None => match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            },
        };
        if let Some(other) = jobs.iter().find(|j| same_dir(&j.out, &dir)) {
            return Err(if out.is_some() {
                format!(
                    "`{}` and `{display}` would both be written to `{}`: rename one of them",
                    other.display,
                    dir.display()
                )
            } else {
                format!(
                    "`{}` and `{display}` are in the same directory, and each app needs its own: compile them one at a time with `-o DIR`, or pass `-o DIR` to write each to `DIR/<name>/`",
                    other.display
                )
            });
        }
        jobs.push(Job {
            display,
            model,
            source_name,
            out: dir,
        });
    }
    Ok(jobs)
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => normalise(a) == normalise(b),
    }
}

/// `a/./b/` → `a/b` (no file system access).
fn normalise(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// What to do with one output file.
enum Action {
    Write,
    Unchanged,
    /// A user-owned file that exists.
    Keep,
    /// The user's handler module, which exists: stubs for the handlers it lacks are
    /// appended, and nothing else changes.
    Append(emit::stubs::Stubs),
    /// A view file that does not exist yet, moved from the renamed view's file.
    Move(super::rename::ViewMove),
}

struct Plan {
    files: Vec<(OutputFile, Action)>,
    /// Generated files of an earlier compile that nothing declares any more.
    stale: Vec<String>,
    /// The permission names of the existing manifest, if there is one.
    old_permissions: Option<Result<Vec<String>, String>>,
    new_permissions: Vec<String>,
    yaml_manifest: bool,
}

fn prepare(job: &Job, project: emit::Project) -> Result<Plan, String> {
    if job.out.exists() && !job.out.is_dir() {
        return Err(format!("`{}` is not a directory", job.out.display()));
    }
    let mut moves = super::rename::plan(&job.out, &job.model);
    let mut files = Vec::new();
    for file in project.files {
        if !is_plain_relative(&file.path) {
            return Err(format!(
                "refusing to write `{}`, which is not inside the output directory",
                file.path
            ));
        }
        let target = job.out.join(&file.path);
        if let Some(dir) = Path::new(&file.path).parent() {
            inside(&job.out, dir, false)?;
        }
        let meta = std::fs::symlink_metadata(&target).ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            return Err(format!(
                "`{}` is a directory; a file is written there",
                target.display()
            ));
        }
        let moved = moves.iter().position(|m| m.to == file.path);
        let action = match (file.owner, meta.is_some()) {
            (Owner::User, false) if moved.is_some() => {
                Action::Move(moves.swap_remove(moved.unwrap_or_default()))
            }
            (Owner::User, true) => match &file.stubs {
                Some(stubs) if !stubs.append.is_empty() || stubs.note.is_some() => {
                    Action::Append(stubs.clone())
                }
                _ => Action::Keep,
            },
            (_, false) => Action::Write,
            (Owner::Generated, true) => {
                let existing = std::fs::read(&target).unwrap_or_default();
                let marked = file
                    .marker
                    .as_ref()
                    .is_none_or(|m| existing.starts_with(m.as_bytes()));
                if !marked {
                    return Err(format!(
                        "`{}` exists but was not generated by stripeapp (it lacks the header); move it away, then compile again",
                        target.display()
                    ));
                }
                if existing == file.contents.as_bytes() {
                    Action::Unchanged
                } else {
                    Action::Write
                }
            }
        };
        files.push((file, action));
    }
    let declared: BTreeSet<&str> = files.iter().map(|(f, _)| f.path.as_str()).collect();
    let mut stale = Vec::new();
    for dir in &project.generated_dirs {
        stale.extend(stale_files(&job.out, dir, &declared));
    }
    let manifest = job.out.join("stripe-app.json");
    let old_permissions = manifest.exists().then(|| {
        let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
        emit::manifest::permission_names(&text).ok_or_else(|| "it is not a JSON object".to_string())
    });
    Ok(Plan {
        files,
        stale,
        old_permissions,
        new_permissions: job
            .model
            .permissions
            .iter()
            .map(|p| p.name.clone())
            .collect(),
        yaml_manifest: job.out.join("stripe-app.yaml").exists(),
    })
}

/// The files of `dir` that an earlier compile wrote and that nothing declares now, sorted.
fn stale_files(out: &Path, dir: &GeneratedDir, declared: &BTreeSet<&str>) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(out.join(dir.path)) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| !declared.contains(dir.file(name).as_str()))
        .filter(|name| std::fs::read(out.join(dir.file(name))).is_ok_and(|b| dir.claims(name, &b)))
        .map(|name| dir.file(&name))
        .collect();
    found.sort();
    found
}

/// Checks that each existing folder on the way from `out` to `out/dir` is a real folder
/// inside `out` (a symbolic link may lead elsewhere), creating the missing ones one by one
/// when `create` is set, so nothing is ever created through a link that leaves `out`.
fn inside(out: &Path, dir: &Path, create: bool) -> Result<(), String> {
    let Ok(root) = out.canonicalize() else {
        // The output folder does not exist yet, so neither does anything below it.
        if create {
            std::fs::create_dir_all(out)
                .map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
            return inside(out, dir, create);
        }
        return Ok(());
    };
    let mut current = out.to_path_buf();
    for part in dir.components() {
        current.push(part);
        match std::fs::symlink_metadata(&current) {
            Ok(_) => {
                let real = current
                    .canonicalize()
                    .map_err(|e| format!("cannot read `{}`: {e}", current.display()))?;
                if !real.starts_with(&root) {
                    return Err(format!(
                        "refusing to write below `{}`: it leads outside `{}` (a symbolic link?)",
                        current.display(),
                        out.display()
                    ));
                }
                if !real.is_dir() {
                    return Err(format!("`{}` is not a directory", current.display()));
                }
            }
            Err(_) if create => {
                std::fs::create_dir(&current)
                    .map_err(|e| format!("cannot create `{}`: {e}", current.display()))?;
            }
            Err(_) => return Ok(()),
        }
    }
    Ok(())
}

/// A relative path of plain names (no `..`, no root, no `.`).
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes a prepared app and returns its report.
fn write(job: &Job, plan: &Plan) -> Result<String, String> {
    std::fs::create_dir_all(&job.out)
        .map_err(|e| format!("cannot create `{}`: {e}", job.out.display()))?;
    let mut report = format!("compiled {} into {}\n", job.display, display_dir(&job.out));
    let width = 9;
    for (file, action) in &plan.files {
        let target = job.out.join(&file.path);
        match action {
            Action::Keep => {
                report.push_str(&format!("  {:width$} {} (yours)\n", "kept", file.path));
                continue;
            }
            Action::Unchanged => {
                report.push_str(&format!("  {:width$} {}\n", "unchanged", file.path));
                continue;
            }
            Action::Append(stubs) => {
                report.push_str(&append_stubs(&target, &file.path, stubs)?);
                continue;
            }
            Action::Move(m) => {
                cli::write_atomic(&target, m.text.as_bytes())
                    .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
                let from = job.out.join(&m.from);
                std::fs::remove_file(&from)
                    .map_err(|e| format!("cannot remove `{}`: {e}", from.display()))?;
                let import = if m.import_rewritten {
                    "its helper import now names the new view"
                } else {
                    "no import of the old helper was found to rewrite"
                };
                report.push_str(&format!(
                    "  {:width$} {} → {} (yours; the view was renamed: {import})\n",
                    "moved", m.from, m.to
                ));
                continue;
            }
            Action::Write => {}
        }
        if let Some(dir) = Path::new(&file.path).parent() {
            inside(&job.out, dir, true)?;
        }
        cli::write_atomic(&target, file.contents.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
        let what = match file.owner {
            Owner::Generated => "wrote",
            Owner::User => "created",
        };
        report.push_str(&format!("  {what:width$} {}\n", file.path));
    }
    for path in &plan.stale {
        let target = job.out.join(path);
        std::fs::remove_file(&target)
            .map_err(|e| format!("cannot remove `{}`: {e}", target.display()))?;
        report.push_str(&format!(
            "  {:width$} {path} (no longer declared)\n",
            "removed"
        ));
    }
    report.push_str(&permission_report(plan));
    if plan.yaml_manifest {
        report.push_str(
            "  note: a stripe-app.yaml (v2 manifest) is also here; stripeapp writes the v1 stripe-app.json only, so check which one your Stripe CLI uses\n",
        );
    }
    Ok(report)
}

/// Appends `stubs` to the user's handler module at `target` (only appends: the text that
/// is there stays byte for byte) and returns the report lines.
fn append_stubs(target: &Path, path: &str, stubs: &emit::stubs::Stubs) -> Result<String, String> {
    let width = 9;
    let mut report = String::new();
    if !stubs.append.is_empty() {
        let mut text = std::fs::read_to_string(target)
            .map_err(|e| format!("cannot read `{}`: {e}", target.display()))?;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&stubs.append);
        cli::write_atomic(target, text.as_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
        report.push_str(&format!(
            "  {:width$} {path} (yours): {} for {}\n",
            "appended",
            if stubs.added.len() == 1 {
                "a stub"
            } else {
                "stubs"
            },
            stubs.added.join(", ")
        ));
    } else {
        report.push_str(&format!("  {:width$} {path} (yours)\n", "kept"));
    }
    if let Some(note) = &stubs.note {
        report.push_str(&format!("  note: {path}: {note}\n"));
    }
    Ok(report)
}

fn display_dir(dir: &Path) -> String {
    let s = dir.to_string_lossy();
    if s.is_empty() || s == "." {
        "./".to_string()
    } else {
        format!("{}/", s.trim_end_matches('/'))
    }
}

/// The permission changes against the manifest that was there before.
fn permission_report(plan: &Plan) -> String {
    let old = match &plan.old_permissions {
        None => return String::new(),
        Some(Err(e)) => {
            return format!(
                "  permissions: the previous stripe-app.json could not be read ({e}), so changes are not shown\n"
            );
        }
        Some(Ok(old)) => old,
    };
    let added: Vec<&String> = plan
        .new_permissions
        .iter()
        .filter(|p| !old.contains(p))
        .collect();
    let removed: Vec<&String> = old
        .iter()
        .filter(|p| !plan.new_permissions.contains(p))
        .collect();
    if added.is_empty() && removed.is_empty() {
        return "  permissions: unchanged\n".to_string();
    }
    let mut out = String::from("  permissions:");
    for p in &added {
        out.push_str(&format!(" +{p}"));
    }
    for p in &removed {
        out.push_str(&format!(" -{p}"));
    }
    out.push('\n');
    if !added.is_empty() {
        out.push_str(
            "  note: added permissions make every account that installed the app re-authorize it (\"Review permissions\" on its Apps page) once the new version is released; until then, calls that need them fail\n",
        );
    }
    out
}
