//! The language table: every keyword of `.stripeapp`, the blocks it starts a statement in,
//! the block its `{` opens, the shape of what follows it, its documentation and its values.
//! Syntax errors, completion, hover, semantic tokens, `check`'s value checks and `import`
//! all read their vocabulary from here; the grammar (`grammar/stripeapp.pest`) has one
//! `kw_<word>` rule per row.

use super::Rule;

/// A kind of block: where a statement can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    /// The top level of the file.
    Top,
    App,
    Urls,
    View,
    Backend,
    Endpoint,
    /// `on <event> { … }`
    On,
    Job,
    /// `public <name> … { … }`
    Public,
    /// `oauth_callback "<path>" { … }`
    OauthCallback,
    /// `profile <name> { … }`
    Profile,
}

impl Block {
    /// The rows whose keyword starts a statement in this block, in the table's order.
    pub fn keywords(self) -> impl Iterator<Item = &'static Keyword> {
        KEYWORDS.iter().filter(move |k| k.blocks.contains(&self))
    }

    /// Whether `word` starts a statement in this block.
    pub fn allows(self, word: &str) -> bool {
        self.keywords().any(|k| k.word == word)
    }

    /// The row of `word` when it starts a statement in this block.
    pub fn keyword(self, word: &str) -> Option<&'static Keyword> {
        self.keywords().find(|k| k.word == word)
    }

    /// Where a keyword of this block belongs, for "`calls` belongs in a `view` block".
    pub fn home(self) -> &'static str {
        match self {
            Block::Top => "at the top level",
            Block::App => "in the `app` block",
            Block::Urls => "in the `urls` block",
            Block::View => "in a `view` block",
            Block::Backend => "in the `backend` block",
            Block::Endpoint => "in an `endpoint` block",
            Block::On => "in an `on` block",
            Block::Job => "in a `job` block",
            Block::Public => "in a `public` block",
            Block::OauthCallback => "in the `oauth_callback` block",
            Block::Profile => "in a `profile` block",
        }
    }
}

/// A kind of name the language declares or refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Symbol {
    Permission,
    /// A view's component.
    View,
    Viewport,
    Event,
    /// An API method or `sdk.` function in `calls`.
    Call,
    /// A field path of a method's result in `expand` (`customer`, `data.customer`).
    Expansion,
    Endpoint,
    Job,
}

/// One word (or string) of a statement after its keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// A name the statement declares.
    Declares(Symbol),
    /// A name of something declared elsewhere (in the file or in the catalogue).
    Refers(Symbol),
    /// This exact word.
    Word(&'static str),
    /// One of the keyword's [`Keyword::values`].
    Value,
    /// A name that is neither (a constant's).
    Name,
    /// A string.
    Str,
    /// A string, number, `true` or `false`.
    Literal,
}

/// One keyword of the language.
#[derive(Debug)]
pub struct Keyword {
    pub word: &'static str,
    /// Its grammar rule.
    pub rule: Rule,
    /// The blocks it starts a statement in.
    pub blocks: &'static [Block],
    /// The block its `{` opens, when it has one.
    pub opens: Option<Block>,
    /// What follows it, in order (optional trailing parts included).
    pub args: &'static [Arg],
    /// Whether the last of `args` repeats as a comma-separated list.
    pub list: bool,
    /// How to write it, shown under syntax errors.
    pub shape: &'static str,
    /// One line of documentation (hover, completion).
    pub doc: &'static str,
    /// The words it takes, with a summary of each (`distribution public|private`).
    pub values: &'static [(&'static str, &'static str)],
    /// The value that holds when the statement is left out (offered first by completion).
    pub default: Option<&'static str>,
}

impl Keyword {
    /// The words of [`Keyword::values`].
    pub fn value_words(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.values.iter().map(|(w, _)| *w)
    }

    /// The values with the default first, as an editor offers them.
    pub fn values_default_first(&self) -> Vec<(&'static str, &'static str)> {
        let mut values = self.values.to_vec();
        values.sort_by_key(|(w, _)| Some(*w) != self.default);
        values
    }
}

/// The row of a keyword (wherever it is allowed).
pub fn keyword(word: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.word == word)
}

/// The row whose grammar rule is `rule`.
pub fn keyword_of_rule(rule: Rule) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|k| k.rule == rule)
}

/// The first block a keyword is allowed in.
pub fn home_of(word: &str) -> Option<Block> {
    keyword(word).and_then(|k| k.blocks.first().copied())
}

const HANDLERS: &[Block] = &[
    Block::View,
    Block::Endpoint,
    Block::On,
    Block::Job,
    Block::Public,
    Block::OauthCallback,
];

/// Every keyword. The order is the order of completion lists and of "one of …" messages.
pub static KEYWORDS: &[Keyword] = &[
    // Top-level declarations.
    Keyword {
        word: "app",
        rule: Rule::kw_app,
        blocks: &[Block::Top],
        opens: Some(Block::App),
        args: &[Arg::Str],
        list: false,
        shape: "app \"<id>\" { … }",
        doc: "`app \"<id>\" { … }`: the app's identity and metadata; exactly one per file.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "permission",
        rule: Rule::kw_permission,
        blocks: &[Block::Top],
        opens: None,
        args: &[Arg::Declares(Symbol::Permission), Arg::Str],
        list: false,
        shape: "permission <name> \"<purpose>\"",
        doc: "`permission <name> \"<purpose>\"`: a Stripe permission the app requests; the purpose is shown at install time.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "urls",
        rule: Rule::kw_urls,
        blocks: &[Block::Top],
        opens: Some(Block::Urls),
        args: &[Arg::Str],
        list: false,
        shape: "urls \"<purpose>\" { connect \"<url>\" … }",
        doc: "`urls \"<purpose>\" { connect … image … }`: third-party URLs the views may reach (the content security policy).",
        values: &[],
        default: None,
    },
    Keyword {
        word: "view",
        rule: Rule::kw_view,
        blocks: &[Block::Top],
        opens: Some(Block::View),
        args: &[
            Arg::Declares(Symbol::View),
            Arg::Word("on"),
            Arg::Refers(Symbol::Viewport),
        ],
        list: false,
        shape: "view <Component> on <viewport> { … }",
        doc: "`view <Component> on <viewport> { … }`: a React view the Dashboard shows on that viewport.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "backend",
        rule: Rule::kw_backend,
        blocks: &[Block::Top, Block::Profile],
        opens: Some(Block::Backend),
        args: &[Arg::Str],
        list: false,
        shape: "backend \"<base url>\" { … }",
        doc: "`backend \"<base url>\" { … }`: where the app's server lives, with its endpoints, webhook handlers and jobs; in a `profile`, `backend \"<url>\"` (no block) is where that profile's views reach it.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "profile",
        rule: Rule::kw_profile,
        blocks: &[Block::Top],
        opens: Some(Block::Profile),
        args: &[Arg::Name],
        list: false,
        shape: "profile <name> { backend \"<url>\"; connect \"<url>\"; … }",
        doc: "`profile <name> { … }`: named overrides of the production app (a development backend, extra URLs, constants, a name, redirects); `compile` writes them to `stripe-app.<name>.json`.",
        values: &[],
        default: None,
    },
    // The `app` block.
    Keyword {
        word: "name",
        rule: Rule::kw_name,
        blocks: &[Block::App, Block::Profile],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "name \"<app name>\"",
        doc: "`name \"<s>\"`: the app's display name (required); in a `profile`, the name under that profile.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "version",
        rule: Rule::kw_version,
        blocks: &[Block::App],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "version \"<version>\"",
        doc: "`version \"<s>\"`: the app's version (required).",
        values: &[],
        default: None,
    },
    Keyword {
        word: "icon",
        rule: Rule::kw_icon,
        blocks: &[Block::App],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "icon \"./icon.png\"",
        doc: "`icon \"./icon.png\"`: the app icon, a `.png` path relative to the project.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "distribution",
        rule: Rule::kw_distribution,
        blocks: &[Block::App],
        opens: None,
        args: &[Arg::Value],
        list: false,
        shape: "distribution public|private",
        doc: "`distribution public|private`: who can install the app (default `private`).",
        values: &[
            (
                "public",
                "Listed on the Stripe App Marketplace after review.",
            ),
            (
                "private",
                "Only your account (and accounts you share a link with) can install it.",
            ),
        ],
        default: Some("private"),
    },
    Keyword {
        word: "api_access",
        rule: Rule::kw_api_access,
        blocks: &[Block::App],
        opens: None,
        args: &[Arg::Value],
        list: false,
        shape: "api_access platform|oauth|restricted_api_key",
        doc: "`api_access platform|oauth|restricted_api_key`: how the app reaches Stripe's API (default `platform`).",
        values: &[
            (
                "platform",
                "The app acts on installed accounts with its own platform keys.",
            ),
            (
                "oauth",
                "Accounts connect with OAuth (needs `distribution public` and a `redirect`).",
            ),
            (
                "restricted_api_key",
                "Users give the app a restricted API key.",
            ),
        ],
        default: Some("platform"),
    },
    Keyword {
        word: "sandbox_install",
        rule: Rule::kw_sandbox_install,
        blocks: &[Block::App],
        opens: None,
        args: &[Arg::Value],
        list: false,
        shape: "sandbox_install true|false",
        doc: "`sandbox_install true|false`: whether the app can be installed in a sandbox.",
        values: &[
            ("true", "The app can be installed in sandboxes."),
            ("false", "The app cannot be installed in sandboxes."),
        ],
        default: None,
    },
    Keyword {
        word: "post_install",
        rule: Rule::kw_post_install,
        blocks: &[Block::App],
        opens: None,
        args: &[Arg::Value, Arg::Str],
        list: false,
        shape: "post_install settings|onboarding|external \"<url>\"",
        doc: "`post_install settings|onboarding|external \"<url>\"`: where users land after installing.",
        values: &[
            ("settings", "Open the app's settings view after install."),
            (
                "onboarding",
                "Open the app's onboarding view after install.",
            ),
            (
                "external",
                "Send users to an external URL: `post_install external \"<url>\"`.",
            ),
        ],
        default: None,
    },
    Keyword {
        word: "redirect",
        rule: Rule::kw_redirect,
        blocks: &[Block::App, Block::Profile],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "redirect \"<url>\"",
        doc: "`redirect \"<url>\"`: an allowed OAuth redirect URI (repeatable; the first is the default); in a `profile`, added before the app's own.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "constant",
        rule: Rule::kw_constant,
        blocks: &[Block::App, Block::Profile],
        opens: None,
        args: &[Arg::Name, Arg::Literal],
        list: false,
        shape: "constant <NAME> <string|number|true|false>",
        doc: "`constant <NAME> <value>`: a constant the views can read from the manifest; in a `profile`, a new value for one of the app's constants.",
        values: &[],
        default: None,
    },
    // The `urls` block.
    Keyword {
        word: "connect",
        rule: Rule::kw_connect,
        blocks: &[Block::Urls, Block::Profile],
        opens: None,
        args: &[Arg::Str],
        list: true,
        shape: "connect \"<url>\"",
        doc: "`connect \"<url>\", …`: URLs the views may fetch; an entry ending in `/` covers everything below it (in a `profile`, added to the app's; plain-http localhost allowed).",
        values: &[],
        default: None,
    },
    Keyword {
        word: "image",
        rule: Rule::kw_image,
        blocks: &[Block::Urls, Block::Profile],
        opens: None,
        args: &[Arg::Str],
        list: true,
        shape: "image \"<url>\"",
        doc: "`image \"<url>\", …`: URLs the views may load images from (in a `profile`, added to the app's).",
        values: &[],
        default: None,
    },
    // A `view` block (and, for `calls`, handler blocks).
    Keyword {
        word: "title",
        rule: Rule::kw_title,
        blocks: &[Block::View],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "title \"<title>\"",
        doc: "`title \"<s>\"`: the view's title (default: the app's name).",
        values: &[],
        default: None,
    },
    Keyword {
        word: "calls",
        rule: Rule::kw_calls,
        blocks: HANDLERS,
        opens: None,
        args: &[Arg::Refers(Symbol::Call)],
        list: true,
        shape: "calls <method>, … (for example `calls customers.retrieve, invoices.list`)",
        doc: "`calls <method>, …`: the Stripe API methods (and `sdk.` functions) this code calls; each needs its permission.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "fetch",
        rule: Rule::kw_fetch,
        blocks: &[Block::View],
        opens: None,
        args: &[Arg::Str],
        list: true,
        shape: "fetch \"<url>\", …",
        doc: "`fetch \"<url>\", …`: URLs outside Stripe that the view requests; a `connect` entry has to allow each one.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "uses",
        rule: Rule::kw_uses,
        blocks: &[Block::View],
        opens: None,
        args: &[Arg::Refers(Symbol::Endpoint)],
        list: true,
        shape: "uses <endpoint>, …",
        doc: "`uses <endpoint>, …`: endpoints of the app's backend that the view sends signed requests to.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "expand",
        rule: Rule::kw_expand,
        blocks: HANDLERS,
        opens: None,
        args: &[Arg::Refers(Symbol::Call), Arg::Refers(Symbol::Expansion)],
        list: true,
        shape: "expand <method> <field path>, … (for example `expand invoices.retrieve customer`)",
        doc: "`expand <method> <field>, …`: fields of a `calls` method's result that Stripe returns as objects instead of ids; each needs the expanded object's read permission.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "platform",
        rule: Rule::kw_platform,
        blocks: &[Block::Endpoint, Block::On, Block::Job],
        opens: None,
        args: &[Arg::Word("calls"), Arg::Refers(Symbol::Call)],
        list: true,
        shape: "platform calls <method>, …",
        doc: "`platform calls <method>, …`: calls the backend makes with your own secret key on your own account (billing the merchant, for example); they need no permission of the installing account. Not in views.",
        values: &[],
        default: None,
    },
    // The `backend` block.
    Keyword {
        word: "runtime",
        rule: Rule::kw_runtime,
        blocks: &[Block::Backend],
        opens: None,
        args: &[Arg::Value],
        list: false,
        shape: "runtime node|python",
        doc: "`runtime node|python`: the language of the generated backend (default `node`).",
        values: &[
            (
                "node",
                "Node.js + TypeScript + Express + stripe-node, in backend/src.",
            ),
            (
                "python",
                "Python + FastAPI + uvicorn + stripe-python, in backend/app.",
            ),
        ],
        default: Some("node"),
    },
    Keyword {
        word: "webhooks",
        rule: Rule::kw_webhooks,
        blocks: &[Block::Backend],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "webhooks \"<path>\"",
        doc: "`webhooks \"<path>\"`: the path of the webhook route (default `/webhooks`).",
        values: &[],
        default: None,
    },
    Keyword {
        word: "endpoint",
        rule: Rule::kw_endpoint,
        blocks: &[Block::Backend],
        opens: Some(Block::Endpoint),
        args: &[Arg::Declares(Symbol::Endpoint), Arg::Str],
        list: false,
        shape: "endpoint <name> [\"<path>\"] { calls …; roles \"<role>\", … }",
        doc: "`endpoint <name> [\"<path>\"] { calls …; roles … }`: a route the views call, signed with the app's secret.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "on",
        rule: Rule::kw_on,
        blocks: &[Block::Backend],
        opens: Some(Block::On),
        args: &[Arg::Refers(Symbol::Event)],
        list: true,
        shape: "on <event>, … { calls … }",
        doc: "`on <event>, … { calls … }`: a webhook handler; needs `event_read` and one of each event's permissions.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "job",
        rule: Rule::kw_job,
        blocks: &[Block::Backend],
        opens: Some(Block::Job),
        args: &[Arg::Declares(Symbol::Job)],
        list: false,
        shape: "job <name> { calls … }",
        doc: "`job <name> { calls … }`: work the backend runs on a schedule of its own.",
        values: &[],
        default: None,
    },
    Keyword {
        word: "health",
        rule: Rule::kw_health,
        blocks: &[Block::Backend],
        opens: None,
        args: &[Arg::Str],
        list: false,
        shape: "health \"<path>\"",
        doc: "`health \"<path>\"`: the path of the unauthenticated health route every backend answers `GET` and `HEAD` on (default `/health`).",
        values: &[],
        default: None,
    },
    Keyword {
        word: "public",
        rule: Rule::kw_public,
        blocks: &[Block::Backend],
        opens: Some(Block::Public),
        // Endpoint, job and public route names share one namespace: a public route's name
        // is coloured, found and explained like an endpoint's.
        args: &[Arg::Declares(Symbol::Endpoint), Arg::Value, Arg::Str],
        list: false,
        shape: "public <name> [GET|POST|PUT|PATCH|DELETE] \"<path>\" { calls … }",
        doc: "`public <name> [<METHOD>] \"<path>\" { calls … }`: a route nobody signs (third-party webhooks, redirect pages); no `roles`, and views cannot `uses` it.",
        values: &[
            ("GET", "Answers GET (and HEAD); the default."),
            ("POST", "Answers POST, with the body limits of every route."),
            ("PUT", "Answers PUT."),
            ("PATCH", "Answers PATCH."),
            ("DELETE", "Answers DELETE."),
        ],
        default: Some("GET"),
    },
    Keyword {
        word: "oauth_callback",
        rule: Rule::kw_oauth_callback,
        blocks: &[Block::Backend],
        opens: Some(Block::OauthCallback),
        args: &[Arg::Str],
        list: false,
        shape: "oauth_callback \"<path>\" { calls … }",
        doc: "`oauth_callback \"<path>\" { calls … }`: the install callback of an `api_access oauth` app: checks `state`, exchanges `code` for the account's tokens and runs your handler; its URL must be a `redirect`.",
        values: &[],
        default: None,
    },
    // An `endpoint` block.
    Keyword {
        word: "roles",
        rule: Rule::kw_roles,
        blocks: &[Block::Endpoint],
        opens: None,
        args: &[Arg::Str],
        list: true,
        shape: "roles \"<role>\", custom \"<role>\", …",
        doc: "`roles \"<role>\", …`: the Dashboard roles allowed to call the endpoint, by id or name (`stripeapp catalog roles`); `custom \"<name>\"` names a custom role of the account.",
        values: &[],
        default: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every keyword rule of the grammar has a row, and every row's rule matches its word.
    #[test]
    fn the_table_and_the_grammar_agree() {
        let grammar = include_str!("../../grammar/stripeapp.pest");
        let mut rules: Vec<&str> = grammar
            .lines()
            .filter_map(|l| l.strip_prefix("kw_"))
            .filter_map(|l| l.split_whitespace().next())
            .collect();
        rules.sort();
        let mut rows: Vec<&str> = KEYWORDS.iter().map(|k| k.word).collect();
        rows.sort();
        assert_eq!(rules, rows);
        for k in KEYWORDS {
            assert_eq!(format!("{:?}", k.rule), format!("kw_{}", k.word));
            assert!(!k.blocks.is_empty(), "{} is allowed nowhere", k.word);
            assert!(k.shape.starts_with(k.word), "{}", k.word);
            assert!(k.doc.starts_with(&format!("`{}", k.word)), "{}", k.word);
            assert_eq!(
                k.values.is_empty(),
                !k.args.contains(&Arg::Value),
                "{}: values and a Value argument go together",
                k.word
            );
        }
    }

    #[test]
    fn blocks_list_their_keywords_in_order() {
        let words = |b: Block| b.keywords().map(|k| k.word).collect::<Vec<_>>();
        assert_eq!(
            words(Block::Top),
            ["app", "permission", "urls", "view", "backend", "profile"]
        );
        assert_eq!(
            words(Block::Backend),
            [
                "runtime",
                "webhooks",
                "endpoint",
                "on",
                "job",
                "health",
                "public",
                "oauth_callback"
            ]
        );
        assert_eq!(
            words(Block::Endpoint),
            ["calls", "expand", "platform", "roles"]
        );
        assert_eq!(words(Block::Job), ["calls", "expand", "platform"]);
        assert_eq!(
            words(Block::Profile),
            [
                "backend", "name", "redirect", "constant", "connect", "image"
            ]
        );
        assert_eq!(home_of("calls"), Some(Block::View));
    }
}
