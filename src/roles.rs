//! The Dashboard's built-in user roles, which an endpoint's `roles` list names. At run time
//! the signed payload carries the user's roles as `{id, name, type}` and a declared role
//! matches a role's `id` or `name` exactly, so a misspelt role is a 403 for everyone.
//!
//! Sources (checked 2026-12): Stripe's "User roles" page, docs.stripe.com/get-started/account/
//! teams/roles, which names each built-in role and gives some "SSO Role ID"s; and Stripe's
//! "Teams and user roles" page, stripe.com/docs/dashboard/teams, which names the Analyst, Tax
//! Analyst, Support Specialist and View Only roles. Where the docs we could read give no
//! SSO Role ID, the id follows the documented pattern (lower-case words joined by `_`, as in
//! `iam_admin`) and is marked unconfirmed. Roles the catalogue does not list are still
//! possible: custom roles are account-specific, and Stripe adds built-in roles over time, so
//! an unlisted role far from every listed one is a warning, not an error.

/// One built-in Dashboard role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleInfo {
    /// What `userContext.roles[].id` carries (the SSO Role ID).
    pub id: &'static str,
    /// The name the Dashboard shows.
    pub name: &'static str,
    /// Whether a Stripe page gives this id; otherwise it is derived from the name.
    pub id_confirmed: bool,
    pub description: &'static str,
    pub source: &'static str,
}

const ROLES_PAGE: &str = "docs.stripe.com/get-started/account/teams/roles";
const TEAMS_PAGE: &str = "stripe.com/docs/dashboard/teams";

/// Every listed role, in the order the Dashboard groups them.
pub static ROLES: &[RoleInfo] = &[
    RoleInfo {
        id: "admin",
        name: "Administrator",
        id_confirmed: true,
        description: "Sees and manages almost everything, like the account owner.",
        source: ROLES_PAGE,
    },
    RoleInfo {
        id: "iam_admin",
        name: "IAM Administrator",
        id_confirmed: true,
        description: "Invites team members and assigns roles; nothing beyond access management.",
        source: ROLES_PAGE,
    },
    RoleInfo {
        id: "super_admin",
        name: "Super Administrator",
        id_confirmed: false,
        description: "Assigned to the creator of a business account; can do everything an administrator can and more.",
        source: ROLES_PAGE,
    },
    RoleInfo {
        id: "developer",
        name: "Developer",
        id_confirmed: false,
        description: "Sets up the Stripe integration; has the secret key.",
        source: ROLES_PAGE,
    },
    RoleInfo {
        id: "analyst",
        name: "Analyst",
        id_confirmed: false,
        description: "Works with payments and reports; no account settings or API keys.",
        source: TEAMS_PAGE,
    },
    RoleInfo {
        id: "tax_analyst",
        name: "Tax Analyst",
        id_confirmed: false,
        description: "Works on tax forms of connected accounts; read-only elsewhere.",
        source: TEAMS_PAGE,
    },
    RoleInfo {
        id: "support_specialist",
        name: "Support Specialist",
        id_confirmed: false,
        description: "Helps customers (refunds, payment details); no settings, API keys or financial summaries.",
        source: TEAMS_PAGE,
    },
    RoleInfo {
        id: "view_only",
        name: "View Only",
        id_confirmed: false,
        description: "Reads payment information; changes nothing.",
        source: TEAMS_PAGE,
    },
    RoleInfo {
        id: "connect_onboarding_analyst",
        name: "Connect Onboarding Analyst",
        id_confirmed: false,
        description: "Creates connected accounts and edits their identity information (Connect only).",
        source: ROLES_PAGE,
    },
    RoleInfo {
        id: "transfer_analyst",
        name: "Transfer Analyst",
        id_confirmed: false,
        description: "Transfers funds to connected accounts and views the platform's balance (Connect only).",
        source: ROLES_PAGE,
    },
];

/// The built-in role whose id or name is exactly `role` (as the generated backend matches).
pub fn role(role: &str) -> Option<&'static RoleInfo> {
    ROLES.iter().find(|r| r.id == role || r.name == role)
}

/// Every id and name, the candidates of a "did you mean".
pub fn spellings() -> impl Iterator<Item = &'static str> {
    ROLES.iter().flat_map(|r| [r.id, r.name])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_match() {
        let all: Vec<&str> = spellings().collect();
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        assert_eq!(role("admin").map(|r| r.name), Some("Administrator"));
        assert_eq!(
            role("Support Specialist").map(|r| r.id),
            Some("support_specialist")
        );
        assert_eq!(role("administrator"), None);
    }
}
