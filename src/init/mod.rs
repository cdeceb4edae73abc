//! `stripeapp init`: the files of a new app, one `.stripeapp` file and a README saying
//! what to do next, for each kind of app (full-stack, backend only, frontend only).
//!
//! The templates under `templates/` check without a single diagnostic and compile; the
//! end-to-end test compiles each kind and runs it against the real Stripe packages.

use crate::fmt::quote;
use crate::model::{Model, url_path};

/// The kinds of app `init` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Views and a backend.
    FullStack,
    /// A backend and no views.
    Backend,
    /// Views and no backend.
    Frontend,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::FullStack, Kind::Backend, Kind::Frontend];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::FullStack => "full-stack",
            Kind::Backend => "backend",
            Kind::Frontend => "frontend",
        }
    }

    fn template(self) -> &'static str {
        match self {
            Kind::FullStack => include_str!("templates/full-stack.stripeapp"),
            Kind::Backend => include_str!("templates/backend.stripeapp"),
            Kind::Frontend => include_str!("templates/frontend.stripeapp"),
        }
    }
}

/// What `init` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// `<slug>.stripeapp`.
    pub file_name: String,
    pub source: String,
    pub readme: String,
}

/// The app's names derived from a directory name: a slug for the file name and the id
/// (`my-app`), a display name (`My App`) and the id (`com.example.my-app`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    pub slug: String,
    pub name: String,
    pub id: String,
}

pub fn names(dir_name: &str) -> Names {
    let mut slug = String::new();
    for c in dir_name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    let slug = if slug.is_empty() {
        "my-app".to_string()
    } else {
        slug
    };
    let words: Vec<String> = dir_name
        .split(|c: char| c == '-' || c == '_' || c == '.' || c.is_whitespace())
        .filter(|w| !w.is_empty() && !w.chars().any(char::is_control))
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|f| f.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect();
    let name = if words.is_empty() {
        "My App".to_string()
    } else {
        words.join(" ")
    };
    Names {
        id: format!("com.example.{slug}"),
        slug,
        name,
    }
}

/// The files of a new app of `kind` in a directory named `dir_name`.
pub fn project(dir_name: &str, kind: Kind) -> Project {
    let n = names(dir_name);
    let raw = kind
        .template()
        .replace("{{COMMENT_NAME}}", &n.name)
        .replace("{{ID}}", &quote(&n.id))
        .replace("{{NAME}}", &quote(&n.name));
    // The templates are already in the canonical layout; formatting keeps any name
    // (long, or with quotes) canonical too.
    let source = crate::fmt::format(&raw).unwrap_or(raw);
    let file_name = format!("{}.stripeapp", n.slug);
    let model = crate::analyse(&source).model;
    let readme = readme(&n.name, &file_name, kind, &model);
    Project {
        file_name,
        source,
        readme,
    }
}

fn readme(name: &str, file: &str, kind: Kind, model: &Model) -> String {
    let has_views = !model.views.is_empty();
    let backend = model.backend.as_ref();
    let mut r = String::new();
    r.push_str(&format!("# {name}\n\n"));
    let what = match kind {
        Kind::FullStack => "a Dashboard view and its own backend",
        Kind::Backend => "its own backend and no Dashboard view",
        Kind::Frontend => "Dashboard views and no backend",
    };
    r.push_str(&format!(
        "A Stripe App with {what}, described in one file, [`{file}`]({file}), which `stripeapp` \
         compiles into everything Stripe's tooling expects.\n\n"
    ));
    r.push_str("## Next steps\n\n");
    r.push_str(&format!(
        "1. **Make it yours.** Edit `{file}`: the app's name and id (the id cannot change after \
         the first upload), the permissions with the purpose users see when they install the \
         app{}. `stripeapp check` reports what is wrong, `stripeapp fmt` lays the file out, and \
         `stripeapp grant permission <name> \"<purpose>\"` and `stripeapp grant url <url>` add \
         what a new call or URL needs.\n",
        if backend.is_some() {
            ", and the backend's URL (`backend.example.com` is a placeholder)"
        } else {
            ""
        }
    ));
    r.push_str(&format!(
        "2. **Compile.** `stripeapp compile` writes `stripe-app.json`, the UI extension project \
         (`package.json`, `src/views/`, typed helpers in `src/generated/`){}. Compile again after \
         every change to `{file}`: generated files are rewritten, and the files that are yours \
         (`src/views/*.tsx`{}) are created once and never overwritten.\n",
        if backend.is_some() {
            " and the backend in `backend/`"
        } else {
            ""
        },
        if backend.is_some() {
            ", `backend/src/handlers.ts`"
        } else {
            ""
        }
    ));
    let mut step = 3;
    // The development profile, when the file has one: the CLI loads its manifest.
    let dev = model.profiles.first();
    if has_views {
        let start = match dev {
            Some(p) => format!("stripe apps start --manifest stripe-app.{}.json", p.name),
            None => "stripe apps start".to_string(),
        };
        r.push_str(&format!(
            "{step}. **Preview the views.** `npm install`, then `{start}` (the Stripe CLI \
             with its apps plugin: `stripe plugin install apps`) and open the Dashboard link it \
             prints. `npm run typecheck` and `npm run lint` check the views.\n"
        ));
        step += 1;
    }
    if let Some(b) = backend {
        let webhook =
            (b.webhooks_explicit || !b.handlers.is_empty()).then(|| url_path(&b.webhook_url));
        let mut env = vec!["STRIPE_SECRET_KEY=sk_test_…"];
        if webhook.is_some() {
            env.push("STRIPE_WEBHOOK_SECRET=whsec_…");
        }
        if !b.endpoints.is_empty() {
            env.push("STRIPE_APP_SECRET=absec_…");
        }
        r.push_str(&format!(
            "{step}. **Run the backend.** In another terminal:\n\n   ```sh\n   cd backend && npm install && npm run build\n"
        ));
        if let Some(path) = &webhook {
            r.push_str(&format!(
                "   stripe listen --forward-to localhost:4242{path}   # prints the whsec_… secret\n"
            ));
        }
        r.push_str(&format!("   {} npm start\n", env.join(" ")));
        if let Some(event) = b.handlers.first().and_then(|h| h.events.first()) {
            r.push_str(&format!("   stripe trigger {event}\n"));
        }
        for job in &b.jobs {
            r.push_str(&format!(
                "   STRIPE_SECRET_KEY=sk_test_… node dist/main.js job {}\n",
                job.name
            ));
        }
        r.push_str("   ```\n\n");
        r.push_str(
            "   Fill in the handlers in `backend/src/handlers.ts`. `STRIPE_SECRET_KEY` is your \
             test-mode secret key",
        );
        if webhook.is_some() {
            r.push_str(
                "; `STRIPE_WEBHOOK_SECRET` is the secret `stripe listen` prints (in production, \
                 the one of the webhook endpoint you register in the Dashboard under Developers › \
                 Webhooks)",
            );
        }
        if !b.endpoints.is_empty() {
            r.push_str(
                "; `STRIPE_APP_SECRET` is the app's signing secret, on the app's page in the \
                 Dashboard after the first upload",
            );
        }
        r.push_str(". `PORT` defaults to 4242.\n");
        if has_views && !b.endpoints.is_empty() {
            match dev.filter(|p| p.backend.is_some()) {
                Some(p) => r.push_str(&format!(
                    "\n   The view finds the backend through the manifest. Under `stripe-app.json` \
                     it calls the URL of the `backend` statement; under \
                     `stripe-app.{name}.json`, which `stripeapp compile` writes from the \
                     `profile {name}` block, it calls the profile's `backend` (this server), \
                     with no change to the code or to `stripe-app.json`. To reach the server \
                     from elsewhere, put a tunnel's URL in the profile (`backend` and its \
                     `connect` entry) and compile again.\n",
                    name = p.name
                )),
                None => r.push_str(
                    "\n   The view calls the backend at the URL of the `backend` statement. For \
                     development, add a `profile dev` block with your local server's URL \
                     (`backend \"http://localhost:4242/…\"` and a `connect` entry): \
                     `stripeapp compile` writes it to `stripe-app.dev.json`, for \
                     `stripe apps start --manifest stripe-app.dev.json`.\n",
                ),
            }
        }
        step += 1;
    }
    r.push_str(&format!(
        "{step}. **Upload.** `stripe apps upload`, then install the app in test mode from the \
         Dashboard. Every upload needs a new `version` in `{file}`, and adding permissions makes \
         installed accounts re-authorize the app.\n"
    ));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_directories() {
        let n = names("my-cool_app");
        assert_eq!(
            (n.slug.as_str(), n.name.as_str(), n.id.as_str()),
            ("my-cool-app", "My Cool App", "com.example.my-cool-app")
        );
        let n = names("Café Rewards");
        assert_eq!(
            (n.slug.as_str(), n.name.as_str()),
            ("caf-rewards", "Café Rewards")
        );
        let n = names("***");
        assert_eq!((n.slug.as_str(), n.name.as_str()), ("my-app", "***"));
        assert_eq!(names("").name, "My App");
    }
}
