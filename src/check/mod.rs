//! Checking: names → permissions → URLs → metadata, producing the resolved `Model`.
//! Every check pushes into one diagnostics list and carries on; a name that did not resolve
//! is left out of later checks so one mistake yields one diagnostic.

pub mod code;
mod expand;
pub(crate) mod fixes;
mod index;
mod metadata;
mod names;
mod permissions;
mod profiles;
mod roles;
mod routes;
mod starters;
pub mod suggest;

pub use permissions::{grant, granted_by, grants_of};
pub mod urls;

use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// The file's declarations grouped by kind, in source order.
pub(crate) struct Ctx<'a> {
    /// The whole file, for its finders (`file.permission(..)`, …).
    pub file: &'a File,
    pub src: &'a str,
    /// The file's line break, for inserted lines.
    pub newline: &'static str,
    pub broken: &'a [String],
    /// Whether the parser reported nothing: after a syntax error, a use of a name may be
    /// on the line that did not parse, so "nothing uses this" is not trustworthy.
    pub parsed_cleanly: bool,
    pub apps: Vec<&'a AppDecl>,
    pub permissions: Vec<&'a PermissionDecl>,
    pub urls: Vec<&'a UrlsDecl>,
    pub views: Vec<&'a ViewDecl>,
    pub backends: Vec<&'a BackendDecl>,
    pub profiles: Vec<&'a ProfileDecl>,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a File, src: &'a str, parsed_cleanly: bool) -> Ctx<'a> {
        Ctx {
            file,
            src,
            newline: fixes::newline_of(src),
            broken: &file.broken,
            parsed_cleanly,
            apps: file.apps().collect(),
            permissions: file.permissions().collect(),
            urls: file.urls_blocks().collect(),
            views: file.views().collect(),
            backends: file.backends().collect(),
            profiles: file.profiles().collect(),
        }
    }
    /// The block that counts when there are several (the others are reported).
    pub fn app(&self) -> Option<&'a AppDecl> {
        self.apps.first().copied()
    }
    pub fn urls_block(&self) -> Option<&'a UrlsDecl> {
        self.urls.first().copied()
    }
    pub fn backend(&self) -> Option<&'a BackendDecl> {
        self.backends.first().copied()
    }
}

/// Checks a parsed file and resolves it into a model.
/// `parsed_cleanly`: whether parsing reported no syntax error.
pub fn check(
    file: &File,
    src: &str,
    parsed_cleanly: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Model, crate::index::Index) {
    let ctx = Ctx::new(file, src, parsed_cleanly);
    let mut resolved = names::resolve(&ctx, diags);
    metadata::check(&ctx, diags);
    resolved.model.profiles = profiles::check(&ctx, diags);
    urls::check(&ctx, &resolved, diags);
    urls::profiles(&ctx, &resolved, diags);
    permissions::check(&ctx, &resolved, diags);
    roles::check(&ctx, diags);
    routes::check(&ctx, diags);
    crate::release::placeholders::purposes(
        file,
        crate::release::placeholders::PurposeCodes::CHECK,
        diags,
    );
    let index = index::build(&ctx, &resolved);
    (resolved.model, index)
}
