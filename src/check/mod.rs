//! Checking: names → permissions → URLs → metadata, producing the resolved `Model`.
//! Every check pushes into one diagnostics list and carries on; a name that did not resolve
//! is left out of later checks so one mistake yields one diagnostic.

mod fixes;
mod metadata;
mod names;
mod permissions;
mod roles;
pub mod suggest;

pub use permissions::grant;
pub mod urls;

use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::model::Model;

/// The file's declarations grouped by kind, in source order.
pub(crate) struct Ctx<'a> {
    pub src: &'a str,
    /// The file's line break, for inserted lines.
    pub newline: &'static str,
    pub broken: &'a [String],
    pub apps: Vec<&'a AppDecl>,
    pub permissions: Vec<&'a PermissionDecl>,
    pub urls: Vec<&'a UrlsDecl>,
    pub views: Vec<&'a ViewDecl>,
    pub backends: Vec<&'a BackendDecl>,
}

impl<'a> Ctx<'a> {
    fn new(file: &'a File, src: &'a str) -> Ctx<'a> {
        let mut ctx = Ctx {
            src,
            newline: fixes::newline_of(src),
            broken: &file.broken,
            apps: Vec::new(),
            permissions: Vec::new(),
            urls: Vec::new(),
            views: Vec::new(),
            backends: Vec::new(),
        };
        for item in &file.items {
            match item {
                Item::App(d) => ctx.apps.push(d),
                Item::Permission(d) => ctx.permissions.push(d),
                Item::Urls(d) => ctx.urls.push(d),
                Item::View(d) => ctx.views.push(d),
                Item::Backend(d) => ctx.backends.push(d),
            }
        }
        ctx
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
pub fn check(file: &File, src: &str, diags: &mut Vec<Diagnostic>) -> Model {
    let ctx = Ctx::new(file, src);
    let resolved = names::resolve(&ctx, diags);
    metadata::check(&ctx, diags);
    urls::check(&ctx, &resolved, diags);
    permissions::check(&ctx, &resolved, diags);
    roles::check(&ctx, diags);
    resolved.model
}
