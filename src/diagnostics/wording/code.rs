use crate::diagnostics::problem::code::CodeProblem;
use crate::diagnostics::{Code, Diagnostic};
use crate::scan::Owner;

/// "view `X` is declared here", on the declaration whose code was compared.
fn declared_here(d: Diagnostic, declared: crate::ast::Span, owner: &Owner) -> Diagnostic {
    d.label(declared, format!("{} is declared here", owner.describe()))
}

impl From<CodeProblem> for Diagnostic {
    fn from(problem: CodeProblem) -> Diagnostic {
        match problem {
            CodeProblem::FileDoesNotParse { span, path, message } => Diagnostic::new(
                Code::CodeNotChecked,
                span,
                format!("`{path}` does not parse ({message}): the scan did not check its code"),
            )
            .help("fix the syntax error; until then, calls and URLs in this file are not compared with the declarations"),
            CodeProblem::ScanIncomplete { span, why } => {
                Diagnostic::new(Code::CodeNotChecked, span, format!("not checked: {why}"))
                    .help("split the file, or check its calls and URLs by hand")
            }
            CodeProblem::Unresolved { span, why } => {
                Diagnostic::new(Code::CodeNotChecked, span, format!("not checked: {why}"))
                    .help("make it static (a literal, a constant, a template of constants) so stripeapp can check it, or check it by hand")
            }
            CodeProblem::ClientOutsideHelpers { span } => Diagnostic::new(
                Code::ClientOutsideHelpers,
                span,
                "this Stripe client is built outside the generated helpers, so TypeScript no longer limits it to the declared methods",
            )
            .help("use the generated client (`stripe` from `../generated/<View>`, or the handler's `call.stripe` / `context.stripe`); what is called through this one is still checked against the declarations"),
            CodeProblem::UndeclaredCall {
                span,
                owner,
                declared,
                method,
                ungranted,
            } => {
                let who = owner.describe();
                let mut help = format!("declare it: `calls {method}` in {who}");
                if let Some(p) = ungranted {
                    help.push_str(&format!(
                        "; it needs permission `{p}`, which the app does not request yet"
                    ));
                }
                let d = Diagnostic::new(
                    Code::UndeclaredCall,
                    span,
                    format!("{who} calls `{method}`, which it does not declare"),
                )
                .help(help);
                declared_here(d, declared, &owner)
            }
            CodeProblem::UndeclaredFetch {
                span,
                owner,
                declared,
                shown,
                literal,
            } => {
                let who = owner.describe();
                let d = Diagnostic::new(
                    Code::UndeclaredFetch,
                    span,
                    format!("{who} fetches `{shown}`, which it does not declare"),
                )
                .help(format!(
                    "declare it: `fetch {literal}` in {who}; a `connect` entry must cover it too, or the Dashboard blocks the request"
                ));
                declared_here(d, declared, &owner)
            }
            CodeProblem::UndeclaredEndpointUse {
                span,
                owner,
                declared,
                endpoint,
            } => {
                let who = owner.describe();
                let d = Diagnostic::new(
                    Code::UndeclaredEndpointUse,
                    span,
                    format!("{who} calls the endpoint `{endpoint}`, which it does not declare in `uses`"),
                )
                .help(format!("declare it: `uses {endpoint}` in {who}"));
                declared_here(d, declared, &owner)
            }
            CodeProblem::UnusedCall { span, owner, method } => Diagnostic::new(
                Code::UnusedCall,
                span,
                format!("{} declares `{method}`, but its code never calls it", owner.describe()),
            )
            .help("remove it: the app asks only for what its code uses (least privilege), and the generated client loses the method"),
            CodeProblem::UnusedFetch { span, owner, url } => Diagnostic::new(
                Code::UnusedFetch,
                span,
                format!("{} declares `fetch \"{url}\"`, but its code never fetches it", owner.describe()),
            )
            .help("remove it, so the view may reach only what it uses"),
            CodeProblem::UnusedEndpointUse { span, owner, endpoint } => Diagnostic::new(
                Code::UnusedEndpointUse,
                span,
                format!("{} declares `uses {endpoint}`, but its code never calls the endpoint", owner.describe()),
            )
            .help("remove it, or call the endpoint's helper from the view"),
            CodeProblem::UndeclaredExpansion {
                span,
                owner,
                declared,
                method,
                path,
            } => {
                let who = owner.describe();
                let d = Diagnostic::new(
                    Code::UndeclaredExpansion,
                    span,
                    format!("{who} expands `{path}` of `{method}`, which it does not declare"),
                )
                .help(format!(
                    "declare it: `expand {method} {path}` in {who}; the generated client accepts only declared expansions, and each one needs the read permission of what it expands"
                ));
                declared_here(d, declared, &owner)
            }
            CodeProblem::UndeclaredPlatformCall {
                span,
                owner,
                declared,
                method,
            } => {
                let who = owner.describe();
                let d = Diagnostic::new(
                    Code::UndeclaredPlatformCall,
                    span,
                    format!("{who} calls `{method}` on your own account (its platform client), which it does not declare in `platform calls`"),
                )
                .help(format!("declare it: `platform calls {method}` in {who}"));
                declared_here(d, declared, &owner)
            }
            CodeProblem::UnusedExpansion { span, owner, method, path } => Diagnostic::new(
                Code::UnusedExpansion,
                span,
                format!("{} declares `expand {method} {path}`, but no call of its code asks for it", owner.describe()),
            )
            .help("remove it: an expansion reads the expanded object, so it may ask for a permission the code does not need"),
            CodeProblem::UnusedPlatformCall { span, owner, method } => Diagnostic::new(
                Code::UnusedPlatformCall,
                span,
                format!("{} declares `platform calls {method}`, but its code never calls it through its platform client", owner.describe()),
            )
            .help("remove it, so the handler's platform client loses the method"),
        }
    }
}
