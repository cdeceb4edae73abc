//! Turns the readable catalogue in `stdlib/*.toml` into static tables compiled into the
//! binary, so checking a small file never pays for parsing the catalogue.

use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Deserialize)]
struct Permissions {
    permission: Vec<Permission>,
}
#[derive(Deserialize)]
struct Permission {
    name: String,
    access: String,
    objects: String,
    description: String,
    implies: Vec<String>,
    status: String,
    source: String,
}
#[derive(Deserialize)]
struct Events {
    event: Vec<Event>,
}
#[derive(Deserialize)]
struct Event {
    name: String,
    any_of: Vec<String>,
    basis: String,
    kind: String,
    derivation: String,
}
#[derive(Deserialize)]
struct Viewports {
    viewport: Vec<Viewport>,
}
#[derive(Deserialize)]
struct Viewport {
    id: String,
    objects: Vec<String>,
    objects_inferred: bool,
    description: String,
    dashboard_url: String,
    root: String,
    in_docs: bool,
    in_schema: bool,
    notes: String,
}
#[derive(Deserialize)]
struct Methods {
    method: Vec<Method>,
}
#[derive(Deserialize)]
struct Method {
    name: String,
    http: String,
    path: String,
    permission: String,
    also: Vec<String>,
    basis: String,
    kind: String,
    derivation: String,
    notes: String,
    alias_of: String,
}
#[derive(Deserialize)]
struct Sdks {
    sdk: Vec<Sdk>,
}
#[derive(Deserialize)]
struct Sdk {
    name: String,
    module: String,
    function: String,
    permission: String,
    description: String,
}

#[derive(Deserialize)]
struct Expansions {
    returns: Vec<Returns>,
    field: Vec<ExpandField>,
}
#[derive(Deserialize)]
struct Returns {
    method: String,
    object: String,
    list: bool,
}
#[derive(Deserialize)]
struct ExpandField {
    object: String,
    name: String,
    targets: Vec<String>,
    permissions: Vec<String>,
}

fn read<T: for<'de> Deserialize<'de>>(name: &str) -> T {
    let path = Path::new("stdlib").join(name);
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("invalid {}: {e}", path.display()))
}

fn q(s: &str) -> String {
    format!("{s:?}")
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("&[{}]", inner.join(", "))
}

fn variant(s: &str) -> String {
    s.split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn main() {
    let mut out = String::new();

    let mut perms = read::<Permissions>("permissions.toml").permission;
    perms.sort_by(|a, b| a.name.cmp(&b.name));
    out.push_str("pub static PERMISSIONS: &[PermissionInfo] = &[\n");
    for p in &perms {
        let access = match p.access.as_str() {
            "read" => "Access::Read",
            "write" => "Access::Write",
            other => panic!("permission {}: unknown access {other}", p.name),
        };
        writeln!(
            out,
            "  PermissionInfo {{ name: {}, access: {access}, objects: {}, description: {}, implies: {}, status: PermissionStatus::{}, source: {} }},",
            q(&p.name), q(&p.objects), q(&p.description), list(&p.implies), variant(&p.status), q(&p.source)
        )
        .ok();
    }
    out.push_str("];\n");

    let mut events = read::<Events>("events.toml").event;
    events.sort_by(|a, b| a.name.cmp(&b.name));
    out.push_str("pub static EVENTS: &[EventInfo] = &[\n");
    for e in &events {
        writeln!(
            out,
            "  EventInfo {{ name: {}, any_of: {}, basis: Basis::{}, kind: Derivation::{}, derivation: {} }},",
            q(&e.name),
            list(&e.any_of),
            variant(&e.basis),
            variant(&e.kind),
            q(&e.derivation)
        )
        .ok();
    }
    out.push_str("];\n");

    let viewports = read::<Viewports>("viewports.toml").viewport;
    out.push_str("pub static VIEWPORTS: &[ViewportInfo] = &[\n");
    for v in &viewports {
        writeln!(
            out,
            "  ViewportInfo {{ id: {}, objects: {}, objects_inferred: {}, description: {}, dashboard_url: {}, root: {}, in_docs: {}, in_schema: {}, notes: {} }},",
            q(&v.id), list(&v.objects), v.objects_inferred, q(&v.description), q(&v.dashboard_url), q(&v.root), v.in_docs, v.in_schema, q(&v.notes)
        )
        .ok();
    }
    out.push_str("];\n");

    let mut methods = read::<Methods>("methods.toml").method;
    methods.sort_by(|a, b| a.name.cmp(&b.name));
    out.push_str("pub static METHODS: &[MethodInfo] = &[\n");
    for m in &methods {
        writeln!(
            out,
            "  MethodInfo {{ name: {}, http: {}, path: {}, permission: {}, also: {}, basis: Basis::{}, kind: Derivation::{}, derivation: {}, notes: {}, alias_of: {} }},",
            q(&m.name), q(&m.http), q(&m.path), q(&m.permission), list(&m.also), variant(&m.basis), variant(&m.kind), q(&m.derivation), q(&m.notes), q(&m.alias_of)
        )
        .ok();
    }
    out.push_str("];\n");

    let sdks = read::<Sdks>("sdk.toml").sdk;
    out.push_str("pub static SDK_FUNCTIONS: &[SdkInfo] = &[\n");
    for s in &sdks {
        writeln!(
            out,
            "  SdkInfo {{ name: {}, module: {}, function: {}, permission: {}, description: {} }},",
            q(&s.name),
            q(&s.module),
            q(&s.function),
            q(&s.permission),
            q(&s.description)
        )
        .ok();
    }
    out.push_str("];\n");

    let mut expansions = read::<Expansions>("expansions.toml");
    expansions.returns.sort_by(|a, b| a.method.cmp(&b.method));
    out.push_str("pub static RETURNS: &[ReturnsInfo] = &[\n");
    for r in &expansions.returns {
        writeln!(
            out,
            "  ReturnsInfo {{ method: {}, object: {}, list: {} }},",
            q(&r.method),
            q(&r.object),
            r.list
        )
        .ok();
    }
    out.push_str("];\n");
    expansions
        .field
        .sort_by(|a, b| (&a.object, &a.name).cmp(&(&b.object, &b.name)));
    out.push_str("pub static EXPANDABLE: &[ExpandableInfo] = &[\n");
    for f in &expansions.field {
        writeln!(
            out,
            "  ExpandableInfo {{ object: {}, field: {}, targets: {}, permissions: {} }},",
            q(&f.object),
            q(&f.name),
            list(&f.targets),
            list(&f.permissions)
        )
        .ok();
    }
    out.push_str("];\n");

    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
    std::fs::write(dest, out).expect("cannot write the generated catalogue");
    println!("cargo:rerun-if-changed=build.rs");
}
