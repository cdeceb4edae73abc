//! Human output: miette's graphical report, coloured only when stderr is a terminal.

use super::{FileReport, counts, notes};
use crate::diagnostics::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// The file's text under its name, borrowed (a large file is not copied per diagnostic).
struct Named<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // miette counts columns in bytes; the location shown must match the JSON output,
        // which counts Unicode scalar values.
        let start = inner.span().offset().min(self.text.len());
        let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let column = self
            .text
            .get(line_start..start)
            .map_or(inner.column(), |prefix| prefix.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}

/// Adapts one of our diagnostics to miette's trait.
struct Report<'a> {
    d: &'a Diagnostic,
    source: Named<'a>,
    /// For a diagnostic located in the app's TypeScript, its labels (which are in the
    /// `.stripeapp` file) as `file:line:col: message` lines under the help.
    elsewhere_labels: Vec<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        // Shown as the report's first line: `error[E0301]`, as rustc writes it.
        Some(Box::new(format!(
            "{}[{}]",
            self.d.severity.as_str(),
            self.d.code
        )))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let mut help = self.d.help.clone().unwrap_or_default();
        for label in &self.elsewhere_labels {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(label);
        }
        for fix in &self.d.fixes {
            if !help.is_empty() {
                help.push('\n');
            }
            if fix.machine_applicable {
                help.push_str(&format!(
                    "fix: {} (stripeapp check --fix applies it)",
                    fix.title()
                ));
            } else {
                help.push_str(&format!("suggestion: {}", fix.title()));
            }
        }
        if help.is_empty() {
            None
        } else {
            Some(Box::new(help))
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = LabeledSpan::new_primary_with_span(
            Some("here".to_string()),
            (
                self.d.span.start,
                self.d.span.end - self.d.span.start.min(self.d.span.end),
            ),
        );
        let others = self
            .d
            .labels
            .iter()
            .filter(|_| self.d.elsewhere.is_none())
            .map(|l| {
                LabeledSpan::new_with_span(
                    Some(l.message.clone()),
                    (l.span.start, l.span.end.saturating_sub(l.span.start)),
                )
            });
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// Lines longer than this (in bytes) are not quoted in reports.
const LONG_LINE: usize = 1_000;

/// Renders every diagnostic and a summary line.
pub fn render(files: &[FileReport], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut out = String::new();
    for f in files {
        for d in &f.diagnostics {
            let (name, text, index) = match &d.elsewhere {
                Some(other) => (other.path.as_str(), other.text.as_str(), &other.index),
                None => (f.path.as_str(), f.text.as_str(), &f.index),
            };
            let (_, (l, c, _, _)) = f.locate(d);
            // A report quotes whole source lines; for a very long line (generated or
            // minified input) that would repeat megabytes per diagnostic, so such lines get
            // the compact one-line form instead.
            if index.line_len_at(text, d.span.start) > LONG_LINE {
                out.push_str(&format!(
                    "{}[{}]: {}\n  --> {name}:{l}:{c}\n",
                    d.severity.as_str(),
                    d.code,
                    d.message,
                ));
                if let Some(h) = &d.help {
                    out.push_str(&format!("  help: {h}\n"));
                }
                out.push('\n');
                continue;
            }
            let elsewhere_labels = match &d.elsewhere {
                Some(_) => d
                    .labels
                    .iter()
                    .map(|label| {
                        let (ll, lc, _, _) = f.range(label.span);
                        format!("{}:{ll}:{lc}: {}", f.path, label.message)
                    })
                    .collect(),
                None => Vec::new(),
            };
            let report = Report {
                d,
                source: Named { name, text },
                elsewhere_labels,
            };
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&format!(
                    "{name}:{l}:{c}: {}[{}]: {}\n",
                    d.severity.as_str(),
                    d.code,
                    d.message
                ));
            }
            out.push('\n');
        }
    }
    let (e, w) = counts(files);
    let n = files.len();
    out.push_str(&format!(
        "checked {n} file{}: {e} error{}, {w} warning{}",
        if n == 1 { "" } else { "s" },
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" },
    ));
    // Notes are counted only when there are some, so a run without any reads as before.
    match notes(files) {
        0 => {}
        1 => out.push_str(", 1 note"),
        k => out.push_str(&format!(", {k} notes")),
    }
    out.push('\n');
    out
}
