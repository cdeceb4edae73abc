//! The semantic index of a checked file: which symbol each name is, and for each call,
//! event, `uses`, `fetch` and `redirect` what it needs or names and what in the file
//! satisfies it (and back, from a permission, an endpoint, a public route or the OAuth
//! callback to what uses it). `check` builds it from what name
//! resolution found; the language server reads it instead of working the rules out again.

use crate::ast::Span;
use crate::catalogue::Needs;
use std::collections::BTreeSet;

/// What kind of thing a declared name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Permission,
    View,
    Endpoint,
    Job,
    /// A `connect` entry of the `urls` block.
    Connect,
    /// `public <name> …`: a route nobody signs.
    Public,
    /// The `oauth_callback` (named by its keyword, which is where its span is).
    OauthCallback,
}

/// A declaration.
#[derive(Debug, Clone)]
pub struct Definition {
    pub kind: SymbolKind,
    pub name: String,
    /// The declared name (or the URL's text, for a `connect` entry).
    pub span: Span,
    /// For an endpoint, a public route or the OAuth callback, its public URL; for a
    /// permission, everything it grants (itself, the read of a write, the catalogue's
    /// implications).
    pub url: Option<String>,
    pub grants: BTreeSet<String>,
    /// For the OAuth callback, its URLs under the profiles that have a backend of their own
    /// (Stripe sends an install there when the app is uploaded with that profile).
    pub profile_urls: Vec<ProfileUrl>,
}

/// A route's URL under a profile with a backend of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileUrl {
    pub profile: String,
    pub url: String,
}

/// Where a route is served at a given URL: on the app's backend (`profile` is `None`) or
/// under a profile's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Served<'d> {
    pub url: &'d str,
    pub profile: Option<&'d str>,
}

impl Definition {
    /// Where this route is served at `url` (compared as the checks compare URLs, E0804):
    /// its URL on the app's backend, else the first profile's under which it is.
    pub fn served_at(&self, url: &str) -> Option<Served<'_>> {
        let target = crate::check::urls::canonical(url)?;
        let is_target = |u: &str| crate::check::urls::canonical(u).is_some_and(|c| c == target);
        let main = self.url.as_deref().map(|url| Served { url, profile: None });
        let profiles = self.profile_urls.iter().map(|p| Served {
            url: &p.url,
            profile: Some(&p.profile),
        });
        main.into_iter().chain(profiles).find(|s| is_target(s.url))
    }
}

/// What a use needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requirement {
    /// A call, an `sdk.` function or an event: permissions (the catalogue's rule).
    Permissions(Needs),
    /// A `uses`: the endpoint of that name (or the public route of that name, which a view
    /// cannot use (E0802) but is still the route it names).
    Endpoint(String),
    /// A view's `fetch`: a `connect` entry covering the URL.
    Connect(String),
    /// A `redirect`: the OAuth callback served at that URL, when there is one.
    Callback(String),
}

/// What kind of use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseKind {
    Call,
    Sdk,
    Event,
    Uses,
    Fetch,
    Redirect,
}

/// A use of something: a `calls` item, an `on` event, a `uses` item, a `fetch` URL or a
/// `redirect` URL.
#[derive(Debug, Clone)]
pub struct Use {
    pub kind: UseKind,
    pub span: Span,
    pub requires: Requirement,
}

#[derive(Debug, Clone, Default)]
pub struct Index {
    pub definitions: Vec<Definition>,
    /// In source order within each kind (calls, events, uses, fetches, redirects).
    pub uses: Vec<Use>,
}

impl Index {
    /// The declaration whose name covers `offset`.
    pub fn definition_at(&self, offset: usize) -> Option<&Definition> {
        self.definitions
            .iter()
            .find(|d| d.span.start <= offset && offset <= d.span.end)
    }

    /// The use whose name covers `offset`.
    pub fn use_at(&self, offset: usize) -> Option<&Use> {
        self.uses
            .iter()
            .find(|u| u.span.start <= offset && offset <= u.span.end)
    }

    pub fn definition(&self, kind: SymbolKind, name: &str) -> Option<&Definition> {
        self.definitions
            .iter()
            .find(|d| d.kind == kind && d.name == name)
    }

    pub fn of_kind(&self, kind: SymbolKind) -> impl Iterator<Item = &Definition> {
        self.definitions.iter().filter(move |d| d.kind == kind)
    }

    /// The declared permissions that grant `permission`, in source order.
    pub fn granting<'i>(&'i self, permission: &'i str) -> impl Iterator<Item = &'i Definition> {
        self.of_kind(SymbolKind::Permission)
            .filter(move |p| p.grants.contains(permission))
    }

    /// Whether the file's permissions, together, grant everything `needs` asks for.
    pub fn grants_all(&self, needs: &Needs) -> bool {
        let granted: BTreeSet<String> = self
            .of_kind(SymbolKind::Permission)
            .flat_map(|p| p.grants.iter().cloned())
            .collect();
        needs.met_by(&granted)
    }

    /// The route a position is on: the public route or OAuth callback declared there, or
    /// the OAuth callback that a `redirect` there sends installs to.
    pub fn route_at(&self, offset: usize) -> Option<&Definition> {
        let declared = self
            .definition_at(offset)
            .filter(|d| matches!(d.kind, SymbolKind::Public | SymbolKind::OauthCallback));
        if declared.is_some() {
            return declared;
        }
        self.redirect_at(offset).map(|(route, _)| route)
    }

    /// The OAuth callback a `redirect` at `offset` sends installs to, and where it is served
    /// at that URL (on the app's backend or under a profile's).
    pub fn redirect_at(&self, offset: usize) -> Option<(&Definition, Served<'_>)> {
        let redirect = self
            .use_at(offset)
            .filter(|u| u.kind == UseKind::Redirect)?;
        let Requirement::Callback(url) = &redirect.requires else {
            return None;
        };
        self.of_kind(SymbolKind::OauthCallback)
            .find_map(|route| route.served_at(url).map(|served| (route, served)))
    }

    /// The declarations that satisfy (part of) what `u` needs: the permissions granting a
    /// permission it needs, the endpoint it names, the `connect` entries covering its URL.
    pub fn satisfying(&self, u: &Use) -> Vec<&Definition> {
        match &u.requires {
            Requirement::Permissions(needs) => self
                .of_kind(SymbolKind::Permission)
                .filter(|p| needs.met_in_part_by(&p.grants))
                .collect(),
            Requirement::Endpoint(name) => self
                .of_kind(SymbolKind::Endpoint)
                .chain(self.of_kind(SymbolKind::Public))
                .filter(|e| &e.name == name)
                .take(1)
                .collect(),
            Requirement::Connect(url) => self
                .of_kind(SymbolKind::Connect)
                .filter(|c| crate::check::urls::covers(&c.name, url))
                .collect(),
            Requirement::Callback(url) => self
                .of_kind(SymbolKind::OauthCallback)
                .filter(|c| c.served_at(url).is_some())
                .collect(),
        }
    }

    /// The uses a declaration satisfies (the way back from `satisfying`).
    pub fn satisfied_by<'i>(&'i self, def: &'i Definition) -> impl Iterator<Item = &'i Use> {
        self.uses
            .iter()
            .filter(move |u| match (&u.requires, def.kind) {
                (Requirement::Permissions(needs), SymbolKind::Permission) => {
                    needs.met_in_part_by(&def.grants)
                }
                (Requirement::Endpoint(name), SymbolKind::Endpoint | SymbolKind::Public) => {
                    *name == def.name
                }
                (Requirement::Connect(url), SymbolKind::Connect) => {
                    crate::check::urls::covers(&def.name, url)
                }
                (Requirement::Callback(url), SymbolKind::OauthCallback) => {
                    def.served_at(url).is_some()
                }
                _ => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = r#"app "com.example.x" {
  name "X"
  version "1.0.0"
}

permission customer_write "Update customers"
permission event_read "Hear about things"
permission invoice_read "Read invoices"

urls "Talk to the backend" {
  connect "https://api.example.com/"
}

view Panel on customer.detail {
  calls sdk.showToast
  uses sync
  fetch "https://api.example.com/data"
}

backend "https://api.example.com" {
  endpoint sync {
    calls customers.retrieve, customers.update
    roles "admin"
  }
  on invoice.paid {
  }
}
"#;

    fn spans_of(text: &str, word: &str) -> Vec<usize> {
        text.match_indices(word).map(|(i, _)| i).collect()
    }

    #[test]
    fn uses_point_at_what_satisfies_them_and_back() {
        let a = crate::analyse(APP);
        let index = &a.index;
        let at = |w: &str, n: usize| spans_of(APP, w)[n];

        // `customers.retrieve` needs customer_read, granted by customer_write.
        let retrieve = index
            .use_at(at("customers.retrieve", 0))
            .map(|u| index.satisfying(u));
        let names: Vec<&str> = retrieve
            .unwrap_or_default()
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, ["customer_write"]);

        // `invoice.paid` needs event_read and one of its object permissions.
        let event = index
            .use_at(at("invoice.paid", 0))
            .map(|u| index.satisfying(u));
        let mut names: Vec<&str> = event
            .unwrap_or_default()
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        names.sort();
        assert_eq!(names, ["event_read", "invoice_read"]);

        // `uses sync` is satisfied by the endpoint, which knows its URL.
        let uses = index.use_at(at("sync", 0)).map(|u| index.satisfying(u));
        let endpoint = uses.unwrap_or_default();
        assert_eq!(endpoint.len(), 1);
        assert_eq!(endpoint[0].span.start, at("sync", 1));
        assert_eq!(
            endpoint[0].url.as_deref(),
            Some("https://api.example.com/sync")
        );

        // The fetch URL is covered by the connect entry.
        let fetch = index.use_at(at("https://api.example.com/data", 0));
        assert_eq!(fetch.map(|u| index.satisfying(u).len()), Some(1));

        // Back: what customer_write is used by.
        let write = index.definition(SymbolKind::Permission, "customer_write");
        let users: Vec<usize> = write
            .map(|d| index.satisfied_by(d).map(|u| u.span.start).collect())
            .unwrap_or_default();
        assert_eq!(
            users,
            [at("customers.retrieve", 0), at("customers.update", 0)]
        );
        // The declaration under a cursor.
        assert_eq!(
            index.definition_at(at("invoice_read", 0)).map(|d| d.kind),
            Some(SymbolKind::Permission)
        );

        // What the file grants, for hover: each declaration's grants, and all of them.
        let granting: Vec<&str> = index
            .granting("customer_read")
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(granting, ["customer_write"]);
        assert_eq!(index.granting("charge_read").count(), 0);
        let needs = |event: &str| crate::catalogue::event(event).map(|e| e.needs());
        assert_eq!(
            needs("invoice.paid").map(|n| index.grants_all(&n)),
            Some(true)
        );
        assert_eq!(
            needs("charge.succeeded").map(|n| index.grants_all(&n)),
            Some(false)
        );
    }

    const ROUTES: &str = r#"app "com.example.r" {
  name "R"
  version "1.0.0"
  distribution public
  api_access oauth
  redirect "https://h.example/api/oauth/cb"
  redirect "https://elsewhere.example/done"
}

view Panel on customer.detail {
  uses hook
}

backend "https://h.example/api" {
  public hook POST "/hook"
  oauth_callback "/oauth/cb"
}

profile dev {
  backend "http://localhost:4242"
  redirect "http://localhost:4242/oauth/cb"
}
"#;

    #[test]
    fn a_profile_backend_the_url_checks_reject_serves_no_callback() {
        // Plain http is for localhost only: the checker rejects this profile's backend, so
        // the callback has no URL under it.
        let text =
            format!("{ROUTES}\nprofile tunnel {{\n  backend \"http://tunnel.example\"\n}}\n");
        let a = crate::analyse(&text);
        let callback = a.index.of_kind(SymbolKind::OauthCallback).next();
        let profiles: Vec<&str> = callback
            .map(|d| d.profile_urls.iter().map(|p| p.profile.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(profiles, ["dev"]);
    }

    #[test]
    fn public_routes_and_the_redirects_of_the_oauth_callback() {
        let a = crate::analyse(ROUTES);
        let index = &a.index;
        let at = |w: &str, n: usize| spans_of(ROUTES, w)[n];

        // `uses hook` names the public route (E0802 says a view cannot use it).
        let hook = index.definition(SymbolKind::Public, "hook");
        assert_eq!(hook.map(|d| d.span.start), Some(at("hook", 1)));
        assert_eq!(
            hook.and_then(|d| d.url.as_deref()),
            Some("https://h.example/api/hook")
        );
        let users: Vec<usize> = hook
            .map(|d| index.satisfied_by(d).map(|u| u.span.start).collect())
            .unwrap_or_default();
        assert_eq!(users, [at("hook", 0)]);
        assert_eq!(
            index.route_at(at("hook", 1)).map(|d| d.kind),
            Some(SymbolKind::Public)
        );

        // The callback is registered by the app's redirect and, under the profile's own
        // backend, by the profile's; not by the other redirect.
        let callback = index.route_at(at("oauth_callback", 0));
        assert_eq!(callback.map(|d| d.kind), Some(SymbolKind::OauthCallback));
        let redirects: Vec<usize> = callback
            .map(|d| index.satisfied_by(d).map(|u| u.span.start).collect())
            .unwrap_or_default();
        assert_eq!(
            redirects,
            [
                at("https://h.example/api/oauth/cb", 0),
                at("http://localhost:4242/oauth/cb", 0)
            ]
        );
        // And back: from either redirect to the callback, from the other to nothing.
        let to_callback = |w: &str| index.route_at(at(w, 0) + 3).map(|d| d.span.start);
        assert_eq!(
            to_callback("https://h.example/api/oauth/cb"),
            Some(at("oauth_callback", 0))
        );
        assert_eq!(
            to_callback("http://localhost:4242/oauth/cb"),
            Some(at("oauth_callback", 0))
        );
        assert_eq!(to_callback("https://elsewhere.example/done"), None);
        // Where the callback is served at each redirect: on the app's backend, and under
        // the profile's own backend.
        let served = |w: &str| index.redirect_at(at(w, 0) + 3).map(|(_, s)| s);
        assert_eq!(
            served("https://h.example/api/oauth/cb"),
            Some(Served {
                url: "https://h.example/api/oauth/cb",
                profile: None
            })
        );
        assert_eq!(
            served("http://localhost:4242/oauth/cb"),
            Some(Served {
                url: "http://localhost:4242/oauth/cb",
                profile: Some("dev")
            })
        );
    }
}
