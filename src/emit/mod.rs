//! `emit`: the resolved model → the files of a Stripe App project. Pure: no I/O; the CLI
//! decides what to write (see `cli::compile`).
//!
//! Every file comes from one template under `templates/`, rendered from a view-model
//! struct built here in Rust: names, imports, escaping and comment text are computed
//! before a template sees them, and the templates run in strict-undefined mode, so a
//! misspelt field is an error rather than an empty string.

/// `(name, source)` of each template `templates/<name>.jinja`, embedded in the binary.
macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("templates/", $name, ".jinja")))),*]
    };
}

pub mod json;
pub mod manifest;
pub mod ts;

mod backend;
mod backend_docs;
mod client;
mod py;
pub mod python;
pub mod stubs;
mod target;
mod templates;
mod ui;

pub use target::{CommentSyntax, GeneratedDir, Project};
pub use ui::{HelperView, view_helpers};

use crate::model::Model;

/// The exact npm versions a compiled project depends on. `tests/e2e/*/package.json` pins
/// the same versions (a test compares them), and their lockfiles are what the end-to-end
/// test installs.
pub mod versions {
    pub const UI_SDK: &str = "9.3.0";
    pub const UI_TOOLS: &str = "0.1.0";
    /// stripe-node in views. The same major as the backend: 23 type-checks in views with
    /// one cast of the SDK's HTTP client (see the UI runtime template).
    pub const STRIPE: &str = "23.1.0";
    /// The API version stripe-node 23.1.0 pins; views and backend both send it.
    pub const API_VERSION: &str = "2026-10-28.endive";
    /// Within `@stripe/ui-extension-tools`' peer range (>=5.0.0 <6.1.0).
    pub const TYPESCRIPT: &str = "5.9.3";
    pub const TYPES_REACT: &str = "18.3.32";
    pub const ESLINT: &str = "9.39.5";
    pub const EXPRESS: &str = "5.3.0";
    /// node-redis's core client, for the shared event store (`REDIS_URL`).
    pub const REDIS_CLIENT: &str = "6.3.1";
    pub const TYPES_EXPRESS: &str = "5.0.6";
    pub const TYPES_NODE: &str = "20.19.43";
}

/// Who a file belongs to once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Owner {
    /// Rewritten on every compile; starts with a header saying so (except the JSON
    /// manifest, which has no comments).
    Generated,
    /// A starter created when missing and never touched again.
    User,
}

/// One file of the compiled project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output directory, `/`-separated.
    pub path: String,
    pub contents: String,
    pub owner: Owner,
    /// For a generated file with a header: the bytes it starts with, by which `compile`
    /// recognises an earlier version as its own (it refuses to replace a file without
    /// them). `None` for user files and for generated formats without comments (JSON).
    pub marker: Option<String>,
    /// For the user's handler module when it exists: the stubs to append (see `stubs`).
    pub stubs: Option<stubs::Stubs>,
}

impl OutputFile {
    /// A file as a target builds it; `project` sets the marker of generated files.
    pub(crate) fn new(path: impl Into<String>, owner: Owner, contents: String) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents,
            owner,
            marker: None,
            stubs: None,
        }
    }

    pub(crate) fn generated(path: impl Into<String>, contents: String) -> OutputFile {
        OutputFile::new(path, Owner::Generated, contents)
    }

    pub(crate) fn user(path: impl Into<String>, contents: String) -> OutputFile {
        OutputFile::new(path, Owner::User, contents)
    }
}

/// A failure to render a template: a bug in the compiler, never in the input.
#[derive(Debug)]
pub struct EmitError(pub String);

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "internal error while generating code: {}", self.0)
    }
}

impl From<minijinja::Error> for EmitError {
    fn from(e: minijinja::Error) -> EmitError {
        // `{:#}` includes the template name and line.
        EmitError(format!("{e:#}"))
    }
}

/// The files of the project for `model`, compiled from the file named `source` (a file
/// name, shown in headers and comments). The model must come from a file without errors.
pub fn emit(model: &Model, source: &str) -> Result<Vec<OutputFile>, EmitError> {
    Ok(project(model, source)?.files)
}

/// The project for `model`: every applying target's files, in target order, and the
/// generated folders of all targets.
pub fn project(model: &Model, source: &str) -> Result<Project, EmitError> {
    project_over(model, source, &std::collections::BTreeMap::new())
}

/// The user-owned handler modules of the targets `model` asks for (project paths), whose
/// text `project_over` needs.
pub fn handler_modules(model: &Model) -> Vec<&'static str> {
    target::TARGETS
        .iter()
        .filter(|t| t.applies(model))
        .filter_map(|t| t.handler_module())
        .collect()
}

/// [`project`] over an earlier compile: `user_files` holds the text of the user-owned
/// handler modules that exist (by project path), and the handler module gets the stubs
/// its text lacks (in `OutputFile::stubs`).
pub fn project_over(
    model: &Model,
    source: &str,
    user_files: &std::collections::BTreeMap<String, String>,
) -> Result<Project, EmitError> {
    let env = templates::environment()?;
    let base = Context::new(model, source);
    let mut files = Vec::new();
    for target in target::TARGETS.iter().filter(|t| t.applies(model)) {
        let comment = target.comment();
        let mut ctx = base.with_header(comment);
        let module = target.handler_module();
        if let Some(existing) = module.and_then(|m| user_files.get(m)) {
            ctx.stubs = target.stubs(model, &ctx, existing);
        }
        for mut file in target.files(&env, &ctx, model)? {
            if module == Some(file.path.as_str()) && user_files.contains_key(&file.path) {
                file.stubs = Some(ctx.stubs.clone());
            }
            if let (Owner::Generated, Some(comment)) = (file.owner, comment) {
                let marker = comment.marker();
                if !file.contents.starts_with(&marker) {
                    return Err(EmitError(format!(
                        "`{}` is generated but does not start with the header",
                        file.path
                    )));
                }
                file.marker = Some(marker);
            }
            files.push(file);
        }
    }
    Ok(Project {
        files,
        generated_dirs: target::TARGETS
            .iter()
            .flat_map(|t| t.generated_dirs().iter().copied())
            .collect(),
    })
}

/// What every template needs to know about the app.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Context {
    /// The source file name (control characters replaced, so it fits on a comment line).
    pub source: String,
    /// The source file name as template literal text.
    pub source_template: String,
    /// The two header lines of a generated file in the current target's comment syntax,
    /// without a final newline (empty for a target without comments).
    pub header: String,
    /// The app's name, safe inside a comment.
    pub app_name: String,
    /// The app's name as template literal text.
    pub app_name_template: String,
    pub app_id: String,
    pub api_version: &'static str,
    /// The stubs of the current target's handler module (see `project_over`).
    #[serde(skip)]
    pub stubs: stubs::Stubs,
}

impl Context {
    fn new(model: &Model, source: &str) -> Context {
        let app = model.app.clone().unwrap_or_default();
        let source: String = source
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        Context {
            source_template: ts::template_text(&source),
            // Shown inside comments, which `*/` would end.
            source: source.replace("*/", "*\\/"),
            header: String::new(),
            app_name: comment_text(&app.name),
            app_name_template: ts::template_text(&app.name),
            app_id: app.id,
            api_version: versions::API_VERSION,
            stubs: stubs::Stubs::default(),
        }
    }

    /// The context for a target that writes comments in `comment` syntax.
    fn with_header(&self, comment: Option<target::CommentSyntax>) -> Context {
        Context {
            header: comment.map(|c| c.header(&self.source)).unwrap_or_default(),
            ..self.clone()
        }
    }
}

/// Text that stays on one comment line and cannot end a `/* */` comment.
pub(crate) fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .replace("*/", "*\\/")
}

/// An npm package name for the app's id: lower case, and not starting with `.` or `_`.
pub(crate) fn package_name(app_id: &str, suffix: &str) -> String {
    let mut name: String = app_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_') {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(['.', '_']) {
        name.insert_str(0, "app-");
    }
    name.push_str(suffix);
    name
}

/// `import {a, b, type C} from 'module';`, wrapped one name per line past 100 columns.
pub(crate) fn import(names: &[String], module: &str) -> String {
    let one_line = format!("import {{{}}} from '{module}';", names.join(", "));
    if one_line.len() <= 100 {
        return one_line;
    }
    let mut out = String::from("import {\n");
    for n in names {
        out.push_str(&format!("  {n},\n"));
    }
    out.push_str(&format!("}} from '{module}';"));
    out
}

/// Import names ordered as written by hand: values alphabetically, then types.
pub(crate) fn sorted_imports(mut values: Vec<String>, mut types: Vec<String>) -> Vec<String> {
    values.sort();
    values.dedup();
    types.sort();
    types.dedup();
    values
        .into_iter()
        .chain(types.into_iter().map(|t| format!("type {t}")))
        .collect()
}
