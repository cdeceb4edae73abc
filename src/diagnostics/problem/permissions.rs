//! What the permission pass finds: calls and events whose needs are not granted or not
//! known, and declared permissions or endpoints nothing needs.

use crate::ast::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PermissionProblem {
    /// `UnknownMapping` on a call: the catalogue says why its permission is not known.
    UnknownCallNeeds {
        span: Span,
        call: String,
        why: String,
    },
    /// `InferredMapping` on a call needing `permission`, derived as `derivation`.
    InferredCallNeeds {
        span: Span,
        call: String,
        permission: String,
        derivation: String,
    },
    /// `CallMissingPermission`. `refused` is the first missing permission Stripe never
    /// grants to apps, with the catalogue's source; `returns_other` when a missing one is
    /// needed because the call returns another object's data.
    CallMissing {
        span: Span,
        call: String,
        missing: Vec<String>,
        refused: Option<(String, String)>,
        returns_other: bool,
    },
    /// `CallMissingPermission` for an `expand` path: every permission in `missing` is needed,
    /// and one of `one_of` (a polymorphic field's objects) when it is not empty.
    ExpansionMissing {
        span: Span,
        method: String,
        path: String,
        missing: Vec<String>,
        one_of: Vec<String>,
    },
    /// `UnknownMapping` on an event.
    UnknownEventNeeds {
        span: Span,
        event: String,
        why: String,
    },
    /// `InferredMapping` on an event readable with any of `any_of`.
    InferredEventNeeds {
        span: Span,
        event: String,
        any_of: Vec<String>,
        derivation: String,
    },
    /// `EventMissingPermission`: `missing` are needed outright; `object_any_of`, when the
    /// event's object is not readable, are the permissions any one of which would do.
    EventMissing {
        span: Span,
        event: String,
        missing: Vec<String>,
        object_any_of: Vec<String>,
    },
    /// `ImpliedWriteNotGranted` at the declaration of `read`.
    ImpliedWriteNotGranted {
        span: Span,
        read: String,
        write: String,
    },
    /// `RedundantRead`: `write` is declared too.
    RedundantRead {
        span: Span,
        name: String,
        write: String,
    },
    /// `UnusedPermission`: a write declared where the app only reads and `read` is declared.
    WriteOnlyRead {
        span: Span,
        name: String,
        read: String,
    },
    /// `UnusedPermission`.
    Unused { span: Span, name: String },
    /// `UnusedEndpoint`.
    UnusedEndpoint { span: Span, endpoint: String },
    /// `WriteWithoutRoles`; `write` is the first call that writes.
    WriteWithoutRoles {
        span: Span,
        endpoint: String,
        write: Span,
    },
}
