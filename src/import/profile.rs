//! Importing a development manifest, `stripe-app.<name>.json` with `"extends"`, into a
//! `profile <name> { … }` block: its name, constants (`STRIPEAPP_BACKEND_URL` becomes the
//! profile's `backend` when the app has a backend block), the URLs and redirects it adds to
//! the app's. Every other field is dropped with a warning (I0101–I0103), like in `import`.

use super::json::{Key, Node, Value};
use super::{Importer, join, not_a_field};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::import::{
    DroppedField, FieldOf, ImportProblem, Manifest, Rewrite, WhySkipped,
};
use crate::emit::manifest::{BACKEND_URL_CONSTANT, PROFILE_CONSTANT};
use crate::syntax::print::Stmt;

/// The lists of the imported app, which a profile's lists are compared with.
#[derive(Debug, Clone, Default)]
pub struct Base {
    pub connect: Vec<String>,
    pub image: Vec<String>,
    pub redirects: Vec<String>,
    pub purpose: String,
}

/// One imported profile.
#[derive(Debug, Clone)]
pub struct ImportedProfile {
    /// The `profile` block, printed (one line per statement).
    pub text: String,
    /// What was dropped or rewritten, with spans into the profile's JSON.
    pub diagnostics: Vec<Diagnostic>,
}

/// The profile name a file name `stripe-app.<name>.json` gives, when the language can write
/// it (`Err`: why not).
pub fn name_of_file(file: &str) -> Option<Result<String, WhySkipped>> {
    let name = crate::emit::manifest::profile_of_file(file)?;
    let ok = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    Some(if ok {
        Ok(name.to_string())
    } else {
        Err(WhySkipped::ProfileName {
            name: name.to_string(),
        })
    })
}

/// Imports the development manifest `json` (file name `source`) as profile `name`. `base`
/// is the imported app's; `has_backend`: whether the imported file has a `backend` block,
/// which the backend-URL constant then moves. `Err`: the JSON is not an object (I0001).
pub fn import_profile(
    json: &str,
    source: &str,
    name: &str,
    base: &Base,
    has_backend: bool,
) -> Result<ImportedProfile, Vec<Diagnostic>> {
    let root = super::parse_object(
        json,
        Manifest::Development {
            source: source.to_string(),
        },
    )?;
    let mut im = Importer::default();
    let mut stmts: Vec<Stmt> = Vec::new();
    let mut profile = Profile::default();
    for (key, node) in im.fields("", &root) {
        im.profile_field(key, node, base, has_backend, &mut profile);
    }
    if let Some(n) = profile.name {
        stmts.push(Stmt::new("name").string(n));
    }
    if let Some(b) = profile.backend {
        stmts.push(Stmt::new("backend").string(b));
    }
    stmts.extend(
        profile
            .connect
            .iter()
            .map(|u| Stmt::new("connect").string(u)),
    );
    stmts.extend(profile.image.iter().map(|u| Stmt::new("image").string(u)));
    stmts.extend(profile.constants);
    stmts.extend(
        profile
            .redirects
            .iter()
            .map(|u| Stmt::new("redirect").string(u)),
    );
    let clean = |t: &str| t.chars().filter(|c| !c.is_control()).collect::<String>();
    let mut text = format!("\n// Imported from {}.\n", clean(source));
    if !im.dropped.is_empty() {
        text.push_str("// Not carried over (`stripeapp explain <code>` says why):\n");
        for d in &im.dropped {
            text.push_str(&format!("// - {}\n", clean(d)));
        }
    }
    text.push_str(&Stmt::new("profile").name(name).block(stmts).print(0, "\n"));
    text.push('\n');
    Ok(ImportedProfile {
        text,
        diagnostics: im.diags,
    })
}

#[derive(Default)]
struct Profile {
    name: Option<String>,
    backend: Option<String>,
    connect: Vec<String>,
    image: Vec<String>,
    constants: Vec<Stmt>,
    redirects: Vec<String>,
}

/// What a profile's list adds to the app's: the lists of a development manifest may repeat
/// the app's entries (`compile` writes them whole), and those are the app's already.
fn added(list: Vec<String>, base: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in list {
        if !base.contains(&item) && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

impl Importer {
    fn profile_field(
        &mut self,
        key: &Key,
        node: &Node,
        base: &Base,
        has_backend: bool,
        profile: &mut Profile,
    ) {
        let path = key.name.as_str();
        match path {
            "extends" => {
                if let Some(target) = self.string(path, node)
                    && target.trim_start_matches("./") != "stripe-app.json"
                {
                    self.report(ImportProblem::Rewritten {
                        span: key.span.to(node.span),
                        rewrite: Rewrite::Extends { target },
                    });
                }
            }
            "name" => profile.name = self.string(path, node),
            "constants" => self.profile_constants(node, has_backend, profile),
            "allowed_redirect_uris" => {
                let list = self.strings(path, node);
                profile.redirects = added(list, &base.redirects);
            }
            "ui_extension" => self.profile_ui_extension(node, base, profile),
            "$schema" => self.drop_key(path, key, node, DroppedField::Schema),
            _ => self.drop_key(path, key, node, DroppedField::NotInProfile),
        }
    }

    fn profile_constants(&mut self, node: &Node, has_backend: bool, profile: &mut Profile) {
        let path = "constants";
        if !self.object(path, node) {
            return;
        }
        for (key, value) in self.fields(path, node) {
            let p = join(path, &key.name);
            if key.name == PROFILE_CONSTANT {
                // `compile` writes it from the profile's name: nothing is lost.
                self.drop_key(&p, key, value, DroppedField::ProfileConstant);
                continue;
            }
            if key.name == BACKEND_URL_CONSTANT
                && has_backend
                && let Value::String(url) = &value.value
            {
                self.report(ImportProblem::Rewritten {
                    span: key.span.to(value.span),
                    rewrite: Rewrite::BackendConstant {
                        path: p,
                        url: url.clone(),
                    },
                });
                profile.backend = Some(url.clone());
                continue;
            }
            let mut one = super::App::default();
            let single = Node {
                span: node.span,
                value: Value::Object(vec![(key.clone(), value.clone())]),
            };
            self.constants(&single, &mut one);
            profile.constants.extend(one.constants);
        }
    }

    fn profile_ui_extension(&mut self, node: &Node, base: &Base, profile: &mut Profile) {
        let path = "ui_extension";
        if !self.object(path, node) {
            return;
        }
        for (key, value) in self.fields(path, node) {
            let p = join(path, &key.name);
            if key.name != "content_security_policy" {
                self.drop_key(&p, key, value, DroppedField::ProfileUiExtension);
                continue;
            }
            if !self.object(&p, value) {
                continue;
            }
            for (k, v) in self.fields(&p, value) {
                let kp = join(&p, &k.name);
                match k.name.as_str() {
                    "connect-src" => {
                        let list = self.strings(&kp, v);
                        profile.connect = added(list, &base.connect);
                    }
                    "image-src" => {
                        let list = self.strings(&kp, v);
                        profile.image = added(list, &base.image);
                    }
                    "purpose" => {
                        let same = matches!(&v.value, Value::String(s) if *s == base.purpose);
                        if !same {
                            self.drop_key(&kp, k, v, DroppedField::ProfilePurpose);
                        }
                    }
                    _ => self.drop_key(&kp, k, v, not_a_field(FieldOf::ProfileCsp, None)),
                }
            }
        }
    }
}
