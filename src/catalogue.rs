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
}

impl PermissionStatus {
    /// Whether a file may declare the name at all.
    pub fn is_known(self) -> bool {
        !matches!(
            self,
            PermissionStatus::SchemaEnumTypo | PermissionStatus::Obsolete
        )
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
    pub basis: Basis,
    pub derivation: &'static str,
    pub notes: &'static str,
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

/// The permission names a file may declare (for did-you-mean and completion).
pub fn known_permission_names() -> impl Iterator<Item = &'static str> {
    PERMISSIONS
        .iter()
        .filter(|p| p.status.is_known())
        .map(|p| p.name)
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
    }
}
