//! `stripeapp catalog permissions|events|viewports|methods|roles [FILTER]`: browse what the
//! compiler knows about Stripe.

use crate::catalogue::{self, Access, Basis};
use clap::{Args, ValueEnum};

/// Browse the Stripe catalogue compiled into stripeapp.
#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// What to list.
    pub kind: Kind,
    /// Only rows containing this text (case-insensitive), in any column.
    pub filter: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Permissions,
    Events,
    Viewports,
    Methods,
    Roles,
}

fn basis(b: Basis) -> &'static str {
    match b {
        Basis::Documented => "documented",
        Basis::Inferred => "inferred",
        Basis::Unknown => "unknown",
    }
}

/// How many leading columns the table shows; `--json` shows them all (the derivation of a
/// mapping is too long for a table row).
fn table_columns(kind: Kind) -> usize {
    match kind {
        Kind::Permissions | Kind::Viewports => 5,
        Kind::Events => 3,
        Kind::Methods => 5,
        Kind::Roles => 4,
    }
}

/// The rows of a listing: a header and one vector of cells per row.
fn rows(kind: Kind) -> (Vec<&'static str>, Vec<Vec<String>>) {
    match kind {
        Kind::Permissions => (
            vec!["permission", "access", "status", "implies", "description"],
            catalogue::PERMISSIONS
                .iter()
                .map(|p| {
                    vec![
                        p.name.to_string(),
                        match p.access {
                            Access::Read => "read",
                            Access::Write => "write",
                        }
                        .to_string(),
                        format!("{:?}", p.status),
                        p.implies.join(", "),
                        p.description.to_string(),
                    ]
                })
                .collect(),
        ),
        Kind::Events => (
            vec![
                "event",
                "needs event_read and one of",
                "basis",
                "derivation_kind",
                "derivation",
            ],
            catalogue::EVENTS
                .iter()
                .map(|e| {
                    vec![
                        e.name.to_string(),
                        if e.any_of.is_empty() {
                            "-".to_string()
                        } else {
                            e.any_of.join(" | ")
                        },
                        basis(e.basis).to_string(),
                        e.kind.as_str().to_string(),
                        e.derivation.to_string(),
                    ]
                })
                .collect(),
        ),
        Kind::Viewports => (
            vec!["viewport", "objects", "root", "in schema", "description"],
            catalogue::VIEWPORTS
                .iter()
                .map(|v| {
                    vec![
                        v.id.to_string(),
                        if v.objects.is_empty() {
                            "-".to_string()
                        } else {
                            v.objects.join(", ")
                        },
                        v.root.to_string(),
                        if v.in_schema { "yes" } else { "no" }.to_string(),
                        v.description.to_string(),
                    ]
                })
                .collect(),
        ),
        Kind::Methods => (
            vec![
                "method",
                "http",
                "path",
                "permission",
                "basis",
                "also",
                "derivation_kind",
                "derivation",
                "alias_of",
            ],
            catalogue::METHODS
                .iter()
                .map(|m| {
                    vec![
                        m.name.to_string(),
                        m.http.to_string(),
                        m.path.to_string(),
                        if m.permission.is_empty() {
                            "?".to_string()
                        } else {
                            m.permission.to_string()
                        },
                        basis(m.basis).to_string(),
                        m.also.join(", "),
                        m.kind.as_str().to_string(),
                        m.derivation.to_string(),
                        m.alias_of.to_string(),
                    ]
                })
                .collect(),
        ),
        Kind::Roles => (
            vec!["id", "name", "id source", "description"],
            crate::roles::ROLES
                .iter()
                .map(|r| {
                    vec![
                        r.id.to_string(),
                        r.name.to_string(),
                        if r.id_confirmed {
                            r.source.to_string()
                        } else {
                            "derived from the name".to_string()
                        },
                        r.description.to_string(),
                    ]
                })
                .collect(),
        ),
    }
}

pub fn run(args: CatalogArgs) -> u8 {
    let (mut header, mut rows) = rows(args.kind);
    if let Some(f) = &args.filter {
        let f = f.to_lowercase();
        let shown = table_columns(args.kind);
        rows.retain(|r| r.iter().take(shown).any(|c| c.to_lowercase().contains(&f)));
    }
    if args.json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let map: serde_json::Map<String, serde_json::Value> = header
                    .iter()
                    .zip(r)
                    .map(|(h, c)| (h.to_string(), serde_json::Value::String(c.clone())))
                    .collect();
                serde_json::Value::Object(map)
            })
            .collect();
        super::emit_stdout(&(serde_json::to_string_pretty(&list).unwrap_or_default() + "\n"));
        return super::OK;
    }
    let shown = table_columns(args.kind);
    header.truncate(shown);
    for r in &mut rows {
        r.truncate(shown);
    }
    if rows.is_empty() {
        return super::fail(format!(
            "nothing in the catalogue matches `{}`",
            args.filter.unwrap_or_default()
        ));
    }
    // Align every column but the last, which may be long.
    let mut widths = vec![0; header.len()];
    for r in std::iter::once(&header.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .chain(rows.iter())
    {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], out: &mut String| {
        let last = cells.len().saturating_sub(1);
        for (i, c) in cells.iter().enumerate() {
            if i == last {
                out.push_str(c);
            } else {
                out.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        out.push('\n');
    };
    line(
        &header.iter().map(|s| s.to_uppercase()).collect::<Vec<_>>(),
        &mut out,
    );
    for r in &rows {
        line(r, &mut out);
    }
    super::emit_stdout(&out);
    super::OK
}
