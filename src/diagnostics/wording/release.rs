use crate::diagnostics::problem::release::{NotPng, PurposeOf, ReleaseProblem};
use crate::diagnostics::{Code, Diagnostic};

impl From<ReleaseProblem> for Diagnostic {
    fn from(problem: ReleaseProblem) -> Diagnostic {
        match problem {
            ReleaseProblem::ConsentChangeWithoutVersion {
                span,
                against,
                version,
            } => Diagnostic::new(
                Code::ConsentChangeWithoutVersion,
                span,
                format!(
                    "permissions or URLs changed since `{against}`, but the version is still `{version}`"
                ),
            )
            .help("bump `version` (Stripe refuses an upload under a version it already has, and each version is what installed accounts consent to)"),
            ReleaseProblem::VersionLowered {
                span,
                version,
                previous,
                against,
            } => Diagnostic::new(
                Code::VersionLowered,
                span,
                format!("version `{version}` is lower than `{previous}` of `{against}`"),
            )
            .help("Stripe releases versions in upload order; a lower version uploaded later may not become available: use a higher one"),
            ReleaseProblem::EarlierManifestUnreadable { span, origin, why } => Diagnostic::new(
                Code::EarlierManifestUnreadable,
                span,
                format!("the earlier manifest `{origin}` could not be read: {why}"),
            )
            .help("the consent diff needs the manifest of the released version: compile that version again, or name a git revision with `--against <ref>`"),
            ReleaseProblem::EmptyIconPath { span } => Diagnostic::new(Code::IconUnusable, span, "the icon path is empty")
                .help("Stripe asks for a 300×300 PNG: write `icon \"./icon.png\"` and put the file beside the `.stripeapp` file"),
            ReleaseProblem::IconUnreadable { span, path, error } => Diagnostic::new(
                Code::IconUnusable,
                span,
                format!("the icon `{path}` cannot be read: {error}"),
            )
            .help("the path is relative to the folder of the `.stripeapp` file (where `stripe-app.json` is written); add the 300×300 PNG there"),
            ReleaseProblem::IconNotPng { span, path, why } => {
                let why = match why {
                    NotPng::NoSignature => "it is not a PNG image (no PNG signature)",
                    NotPng::CutShort => "the PNG is cut short",
                    NotPng::NoHeaderChunk => "the PNG does not start with its header chunk",
                };
                Diagnostic::new(Code::IconUnusable, span, format!("the icon `{path}`: {why}"))
                    .help("save the icon as a PNG; Stripe rejects other formats, whatever the file is called")
            }
            ReleaseProblem::IconWrongSize {
                span,
                width,
                height,
            } => Diagnostic::new(
                Code::IconWrongSize,
                span,
                format!("the icon is {width}×{height}; Stripe asks for 300×300"),
            )
            .help("export the icon at 300×300 pixels so it stays sharp in the Dashboard and the App Marketplace"),
            ReleaseProblem::NoIcon { span } => Diagnostic::new(Code::NoIcon, span, "the app has no `icon`")
                .help("Stripe shows the icon wherever the app appears and asks for a 300×300 PNG: add `icon \"./icon.png\"` and the file beside the `.stripeapp` file"),
            ReleaseProblem::PlaceholderAppId { span, id } => Diagnostic::new(
                Code::PlaceholderAppId,
                span,
                format!("`{id}` is a placeholder app id"),
            )
            .help("the id is global and fixed at the first upload: use a reverse-DNS name you own, such as `com.yourcompany.invoice-sync`"),
            ReleaseProblem::PlaceholderPurpose {
                span,
                of,
                text,
                release,
            } => {
                let code = if release {
                    Code::PlaceholderPurpose
                } else {
                    Code::UnfinishedPurpose
                };
                Diagnostic::new(code, span, format!("{} is a placeholder (`{text}`)", purpose_of(&of)))
                    .help("people read this before they install, and Stripe's reviewers read it too: say in one sentence what the app does with it")
            }
            ReleaseProblem::InsertedPurpose { span, of, release } => {
                let code = if release {
                    Code::PurposeFromFix
                } else {
                    Code::UnfinishedPurpose
                };
                Diagnostic::new(code, span, format!("{} is the generic text a fix inserted", purpose_of(&of)))
                    .help("a fix inserted this general text so the file would check; replace it with what your app does with this access, in your users' terms")
            }
        }
    }
}

fn purpose_of(of: &PurposeOf) -> String {
    match of {
        PurposeOf::Permission(name) => format!("the purpose of `{name}`"),
        PurposeOf::Urls => "the purpose of the `urls` block".to_string(),
    }
}
