//! What the compiler knows about Stripe: permissions, events, viewports, API methods and
//! the SDK functions that need a permission. The data lives in `stdlib/*.toml` (with
//! `stdlib/SOURCES.md` saying where each fact comes from) and is compiled into static
//! tables by `build.rs`.

/// Whether a permission reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// How far a permission name can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermissionStatus {
    /// In Stripe's Apps permissions reference.
    AppsReference,
    /// Listed only in the reference's event table.
    AppsEventTableOnly,
    /// Only in a third-party list of restricted-key permissions: accepted with a warning.
    UnconfirmedRakOnly,
    /// Only in the JSON schema's enum: accepted with a warning.
    SchemaEnumOnly,
    /// A typo in the JSON schema: unknown, with the right name suggested.
    SchemaEnumTypo,
    /// Removed from the platform: unknown.
    Obsolete,
    /// A real permission Stripe does not grant to apps without Support's say-so
    /// (`webhook_write`): declaring it is an error (E0109), and no fix inserts it.
    RefusedForApps,
}

impl PermissionStatus {
    /// Whether a file may declare the name at all.
    pub fn is_known(self) -> bool {
        !matches!(
            self,
            PermissionStatus::SchemaEnumTypo | PermissionStatus::Obsolete
        )
    }
    /// Whether Stripe refuses it for apps (declaring it is an error that says why).
    pub fn is_refused(self) -> bool {
        self == PermissionStatus::RefusedForApps
    }
    /// Whether declaring it deserves a warning that Stripe may reject it.
    pub fn is_unconfirmed(self) -> bool {
        matches!(
            self,
            PermissionStatus::UnconfirmedRakOnly | PermissionStatus::SchemaEnumOnly
        )
    }
}

/// How a permission mapping was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Documented by Stripe (or derived from documentation by the verb rule).
    Documented,
    /// Inferred from a neighbouring documented fact; the check still applies.
    Inferred,
    /// Not known; the permission check is skipped.
    Unknown,
}

/// Where a mapping comes from, finer than [`Basis`]: what `catalog … --json` shows as
/// `derivation_kind` (the generator's words, `stdlib/permission-map.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// Stripe documents this very method's or event's permission.
    Documented,
    /// The Apps reference lists the resource; the verb rule picks read or write.
    ResourceTable,
    /// Inferred from a documented neighbour (the `derivation` text says which).
    Neighbour,
    /// The permission name comes only from Stripe's restricted-key list.
    Unconfirmed,
    /// No permission exists that an app could request (the `derivation` text says why).
    None,
}

impl Derivation {
    pub fn as_str(self) -> &'static str {
        match self {
            Derivation::Documented => "documented",
            Derivation::ResourceTable => "resource_table",
            Derivation::Neighbour => "neighbour",
            Derivation::Unconfirmed => "unconfirmed",
            Derivation::None => "none",
        }
    }
}

#[derive(Debug)]
pub struct PermissionInfo {
    pub name: &'static str,
    pub access: Access,
    pub objects: &'static str,
    pub description: &'static str,
    pub implies: &'static [&'static str],
    pub status: PermissionStatus,
    pub source: &'static str,
}

#[derive(Debug)]
pub struct EventInfo {
    pub name: &'static str,
    /// Any one of these (plus `event_read`) lets the app receive the event.
    pub any_of: &'static [&'static str],
    pub basis: Basis,
    pub kind: Derivation,
    pub derivation: &'static str,
}

#[derive(Debug)]
pub struct ViewportInfo {
    pub id: &'static str,
    /// The objects `environment.objectContext` can hold on this viewport.
    pub objects: &'static [&'static str],
    pub objects_inferred: bool,
    pub description: &'static str,
    pub dashboard_url: &'static str,
    /// The SDK component a view on this viewport must render at its root.
    pub root: &'static str,
    pub in_docs: bool,
    /// Whether Stripe's published manifest schema lists it.
    pub in_schema: bool,
    pub notes: &'static str,
}

#[derive(Debug)]
pub struct MethodInfo {
    pub name: &'static str,
    pub http: &'static str,
    pub path: &'static str,
    /// Empty when the mapping is unknown.
    pub permission: &'static str,
    /// Further permissions the call needs, all of them: the method returns another object's
    /// data (`customers.listPaymentMethods` returns PaymentMethods).
    pub also: &'static [&'static str],
    pub basis: Basis,
    pub kind: Derivation,
    pub derivation: &'static str,
    pub notes: &'static str,
    /// For a second name stripe-node gives a resource (`account.retrieve`), the canonical one.
    pub alias_of: &'static str,
}

impl MethodInfo {
    /// A write method is one whose permission ends in `_write`.
    pub fn is_write(&self) -> bool {
        self.permission.ends_with("_write")
    }
}

#[derive(Debug)]
pub struct SdkInfo {
    pub name: &'static str,
    pub module: &'static str,
    pub function: &'static str,
    pub permission: &'static str,
    pub description: &'static str,
}

/// What a call or an event needs granted: the one statement of the permission rule, which
/// the checker, the semantic index and the language server all read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The catalogue does not know: nothing is checked.
    Unknown,
    /// Every permission in `all` (a call's permission and the others it needs), and when
    /// `any_of` is not empty, at least one of it (an event's object permissions).
    Known {
        first: &'static str,
        all: &'static [&'static str],
        any_of: &'static [&'static str],
    },
}

impl Needs {
    /// Every permission that must be granted.
    pub fn all(&self) -> impl Iterator<Item = &'static str> {
        let (first, all): (Option<&'static str>, &'static [&'static str]) = match *self {
            Needs::Known { first, all, .. } => (Some(first), all),
            Needs::Unknown => (None, &[]),
        };
        first.into_iter().chain(all.iter().copied())
    }
    /// The permissions of which one must be granted (besides `all`); `event_read` is in
    /// `all` for events and left out here.
    pub fn any_of(&self) -> impl Iterator<Item = &'static str> {
        let any_of: &'static [&'static str] = match *self {
            Needs::Known { any_of, .. } => any_of,
            Needs::Unknown => &[],
        };
        any_of.iter().copied().filter(|p| *p != "event_read")
    }
    /// Whether the permissions `granted` (a closure, see `check::grant`) meet all of this.
    pub fn met_by(&self, granted: &std::collections::BTreeSet<String>) -> bool {
        let mut any_of = self.any_of().peekable();
        self.all().all(|p| granted.contains(p))
            && (any_of.peek().is_none() || any_of.any(|p| granted.contains(p)))
    }
    /// Whether a permission that grants `granted` (its closure) meets some part of this.
    pub fn met_in_part_by(&self, granted: &std::collections::BTreeSet<String>) -> bool {
        self.all().chain(self.any_of()).any(|p| granted.contains(p))
    }
}

impl MethodInfo {
    /// What calling the method needs granted.
    pub fn needs(&self) -> Needs {
        if self.basis == Basis::Unknown || self.permission.is_empty() {
            return Needs::Unknown;
        }
        Needs::Known {
            first: self.permission,
            all: self.also,
            any_of: &[],
        }
    }
}

impl SdkInfo {
    /// What calling the SDK function needs granted.
    pub fn needs(&self) -> Needs {
        if self.permission.is_empty() {
            return Needs::Unknown;
        }
        Needs::Known {
            first: self.permission,
            all: &[],
            any_of: &[],
        }
    }
}

impl EventInfo {
    /// What receiving the event needs granted: `event_read`, and one of its object
    /// permissions when the catalogue lists any.
    pub fn needs(&self) -> Needs {
        Needs::Known {
            first: "event_read",
            all: &[],
            any_of: self.any_of,
        }
    }
}

/// What a method returns (`stdlib/expansions.toml`, from stripe-node's type definitions).
#[derive(Debug)]
pub struct ReturnsInfo {
    pub method: &'static str,
    /// The object's `object` value (`invoice`).
    pub object: &'static str,
    /// Whether it returns a list of them (expansions then start with `data.`).
    pub list: bool,
}

/// A field of an object that `expand` can turn from an id into the object.
#[derive(Debug)]
pub struct ExpandableInfo {
    pub object: &'static str,
    pub field: &'static str,
    /// The objects it can expand to (more than one for a polymorphic field).
    pub targets: &'static [&'static str],
    /// The read permission of each target, in the same order; empty when none is known.
    pub permissions: &'static [&'static str],
}

impl ExpandableInfo {
    /// The distinct known read permissions of its targets: reading the expanded object needs
    /// one of them (all of one, for the usual single target).
    pub fn read_permissions(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for p in self.permissions.iter().copied().filter(|p| !p.is_empty()) {
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }
}

/// Stripe expands at most four levels deep.
pub const MAX_EXPANSION_DEPTH: usize = 4;

/// Why an `expand` path does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// The catalogue does not know what the method returns.
    UnknownReturn,
    /// The method returns a list: expansions of its objects start with `data.`.
    ListNeedsData { object: &'static str },
    /// Segment `index` of the path is not an expandable field of `objects`.
    UnknownField {
        index: usize,
        objects: Vec<&'static str>,
        candidates: Vec<&'static str>,
    },
    /// More levels than Stripe expands.
    TooDeep,
}

/// What the method returns, if the catalogue knows.
pub fn returns(method: &str) -> Option<&'static ReturnsInfo> {
    RETURNS
        .binary_search_by(|r| r.method.cmp(method))
        .ok()
        .and_then(|i| RETURNS.get(i))
}

/// The expandable fields of an object.
pub fn expandable_fields(object: &str) -> impl Iterator<Item = &'static ExpandableInfo> + '_ {
    EXPANDABLE.iter().filter(move |f| f.object == object)
}

/// Every path `expand` accepts for a method, up to two levels (what completion offers).
pub fn expansion_paths(method: &str) -> Vec<(String, &'static ExpandableInfo)> {
    let Some(r) = returns(method) else {
        return Vec::new();
    };
    let prefix = if r.list { "data." } else { "" };
    let mut out = Vec::new();
    for f in expandable_fields(r.object) {
        out.push((format!("{prefix}{}", f.field), f));
        for t in f.targets {
            for g in expandable_fields(t) {
                let path = format!("{prefix}{}.{}", f.field, g.field);
                if !out.iter().any(|(p, _)| *p == path) {
                    out.push((path, g));
                }
            }
        }
    }
    out
}

/// Resolves an `expand` path of a method's result: each expanded field in order (a list's
/// `data.` is not one). Segment indexes in errors count the written segments.
pub fn expansion(method: &str, path: &str) -> Result<Vec<&'static ExpandableInfo>, ExpandError> {
    let r = returns(method).ok_or(ExpandError::UnknownReturn)?;
    let segments: Vec<&str> = path.split('.').collect();
    let mut index = 0;
    if r.list {
        if segments.first() != Some(&"data") || segments.len() < 2 {
            return Err(ExpandError::ListNeedsData { object: r.object });
        }
        index = 1;
    }
    if segments.len() - index > MAX_EXPANSION_DEPTH {
        return Err(ExpandError::TooDeep);
    }
    let mut objects: Vec<&'static str> = vec![r.object];
    let mut steps = Vec::new();
    for (i, segment) in segments.iter().enumerate().skip(index) {
        let found = objects
            .iter()
            .find_map(|o| expandable_fields(o).find(|f| f.field == *segment));
        let Some(f) = found else {
            let mut candidates: Vec<&'static str> = objects
                .iter()
                .flat_map(|o| expandable_fields(o).map(|f| f.field))
                .collect();
            candidates.dedup();
            return Err(ExpandError::UnknownField {
                index: i,
                objects,
                candidates,
            });
        };
        steps.push(f);
        objects = f.targets.to_vec();
    }
    Ok(steps)
}

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

pub fn permission(name: &str) -> Option<&'static PermissionInfo> {
    PERMISSIONS
        .binary_search_by(|p| p.name.cmp(name))
        .ok()
        .and_then(|i| PERMISSIONS.get(i))
}

pub fn event(name: &str) -> Option<&'static EventInfo> {
    EVENTS
        .binary_search_by(|e| e.name.cmp(name))
        .ok()
        .and_then(|i| EVENTS.get(i))
}

pub fn method(name: &str) -> Option<&'static MethodInfo> {
    METHODS
        .binary_search_by(|m| m.name.cmp(name))
        .ok()
        .and_then(|i| METHODS.get(i))
}

pub fn viewport(id: &str) -> Option<&'static ViewportInfo> {
    VIEWPORTS.iter().find(|v| v.id == id)
}

pub fn sdk_function(name: &str) -> Option<&'static SdkInfo> {
    SDK_FUNCTIONS.iter().find(|s| s.name == name)
}

/// For a typo or obsolete name, the name the catalogue says to use instead.
pub fn replacement_for(name: &str) -> Option<&'static str> {
    match name {
        "apply_pay_domain_read" => Some("apple_pay_domain_read"),
        "apply_pay_domain_write" => Some("apple_pay_domain_write"),
        "shpping_rate_write" => Some("shipping_rate_write"),
        // The Data Store API was removed; the Secret Store took its place for app data.
        "datastore_write" => Some("secret_write"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_filled() {
        assert!(PERMISSIONS.len() > 100);
        assert!(EVENTS.len() > 200);
        assert!(METHODS.len() > 600);
        assert_eq!(VIEWPORTS.len(), 26);
        assert!(PERMISSIONS.windows(2).all(|w| w[0].name < w[1].name));
        assert!(METHODS.windows(2).all(|w| w[0].name < w[1].name));
        assert_eq!(
            method("customers.retrieve").map(|m| m.permission),
            Some("customer_read")
        );
        assert_eq!(
            permission("customer_read").map(|p| p.implies),
            Some(&["billing_clock_read"][..])
        );
        assert_eq!(viewport("settings").map(|v| v.root), Some("SettingsView"));
        // Every permission an event or method names is itself in the catalogue.
        for e in EVENTS {
            for p in e.any_of {
                assert!(permission(p).is_some(), "{} names {p}", e.name);
            }
        }
        for m in METHODS.iter().filter(|m| !m.permission.is_empty()) {
            assert!(permission(m.permission).is_some(), "{}", m.name);
        }
        for m in METHODS {
            for p in m.also {
                assert!(permission(p).is_some(), "{} also needs {p}", m.name);
            }
            if !m.alias_of.is_empty() {
                assert!(method(m.alias_of).is_some(), "{} aliases nothing", m.name);
            }
        }
    }

    /// Every method and event without a permission says why; the figures the README quotes
    /// (print them with `cargo test --lib coverage -- --nocapture`).
    #[test]
    fn coverage_and_reasons() {
        let canonical: Vec<_> = METHODS.iter().filter(|m| m.alias_of.is_empty()).collect();
        for m in &canonical {
            assert_eq!(
                m.permission.is_empty(),
                m.kind == Derivation::None,
                "{}",
                m.name
            );
            assert_eq!(
                m.basis == Basis::Unknown,
                m.kind == Derivation::None,
                "{}",
                m.name
            );
            if m.kind == Derivation::None {
                assert!(m.derivation.starts_with("no permission: "), "{}", m.name);
                assert!(m.derivation.len() > 40, "{} has no reason", m.name);
            }
        }
        for e in EVENTS.iter().filter(|e| e.kind == Derivation::None) {
            assert!(
                e.any_of.is_empty() && e.derivation.contains("no permission: "),
                "{}",
                e.name
            );
        }
        let count = |kind| canonical.iter().filter(|m| m.kind == kind).count();
        let mapped = canonical.len() - count(Derivation::None);
        println!(
            "methods: {} ({} alias rows); with a permission {mapped} ({:.1}%): documented {}, \
             resource table {}, neighbour {}, unconfirmed {}; none {}",
            canonical.len(),
            METHODS.len() - canonical.len(),
            100.0 * mapped as f64 / canonical.len() as f64,
            count(Derivation::Documented),
            count(Derivation::ResourceTable),
            count(Derivation::Neighbour),
            count(Derivation::Unconfirmed),
            count(Derivation::None),
        );
        for (label, pick) in [
            (
                "v1 events",
                (|n: &str| !n.starts_with("v1.") && !n.starts_with("v2.")) as fn(&str) -> bool,
            ),
            ("thin v1.* events", |n: &str| n.starts_with("v1.")),
            ("thin v2.* events", |n: &str| n.starts_with("v2.")),
        ] {
            let events: Vec<_> = EVENTS.iter().filter(|e| pick(e.name)).collect();
            let kind = |k| events.iter().filter(|e| e.kind == k).count();
            let mapped = events.len() - kind(Derivation::None);
            println!(
                "{label}: {}; mapped {mapped} ({:.1}%): documented {}, neighbour {}, unconfirmed {}; none {}",
                events.len(),
                100.0 * mapped as f64 / events.len() as f64,
                kind(Derivation::Documented),
                kind(Derivation::Neighbour),
                kind(Derivation::Unconfirmed),
                kind(Derivation::None),
            );
        }
        // The expansion table: an invoice's customer needs `customer_read`; a list's objects
        // are under `data.`; a nested path resolves through the first object.
        let steps = expansion("invoices.retrieve", "customer").unwrap_or_default();
        assert_eq!(
            steps
                .iter()
                .map(|s| s.read_permissions())
                .collect::<Vec<_>>(),
            [vec!["customer_read"]]
        );
        assert!(matches!(
            expansion("invoices.list", "customer"),
            Err(ExpandError::ListNeedsData { object: "invoice" })
        ));
        assert_eq!(
            expansion("invoices.list", "data.customer.default_source").map(|s| s.len()),
            Ok(2)
        );
        assert!(matches!(
            expansion("invoices.retrieve", "custmer"),
            Err(ExpandError::UnknownField { index: 0, .. })
        ));
        for f in EXPANDABLE {
            assert_eq!(
                f.targets.len(),
                f.permissions.len(),
                "{}.{}",
                f.object,
                f.field
            );
        }
        assert!(RETURNS.windows(2).all(|w| w[0].method < w[1].method));
        // `stripe.account` is stripe-node's alias of `stripe.accounts`.
        assert_eq!(
            method("account.retrieve").map(|m| m.alias_of),
            Some("accounts.retrieve")
        );
    }
}
