use crate::diagnostics::problem::roles::RoleProblem;
use crate::diagnostics::{Code, Diagnostic};

impl From<RoleProblem> for Diagnostic {
    fn from(problem: RoleProblem) -> Diagnostic {
        match problem {
            RoleProblem::Misspelt {
                span,
                written,
                near,
            } => Diagnostic::new(
                Code::UnknownRole,
                span,
                format!("`{written}` is not a Dashboard role"),
            )
            .help(format!(
                "did you mean `{near}`? A role matches a Dashboard role's id or name exactly; a custom role of your account is written `custom \"{written}\"`"
            )),
            RoleProblem::NotBuiltIn { span, written } => Diagnostic::new(
                Code::RoleNotInCatalogue,
                span,
                format!("`{written}` is not a built-in Dashboard role"),
            )
            .help(format!("a custom role of your account is written `custom \"{written}\"`; otherwise see `stripeapp catalog roles` for the built-in roles")),
        }
    }
}
