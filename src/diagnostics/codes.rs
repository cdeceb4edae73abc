//! The registry of diagnostic codes: the one list every other list of codes is made from
//! (`stripeapp explain --list`, the SARIF rules, `docs/codes.tsv` and the README's table,
//! which a test regenerates and compares). Codes are stable and never reused: a retired
//! code stays listed, marked `[retired]`. Each has a Markdown explanation behind
//! `stripeapp explain`, in `explain/<CODE>.md`.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Said for the user's information, never a problem in itself: what a check could not
    /// look at (W0705, whose code keeps the letter it was first given: codes never change).
    /// It fails no build, not even under `--deny-warnings`.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

macro_rules! registry {
    ($( $variant:ident $code:literal $sev:ident $title:literal $([$flag:ident])* when $when:literal ),* $(,)?) => {
        /// A diagnostic code. Code outside this module names codes by variant, never by
        /// their text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( #[doc = concat!($code, ": ", $title)] $variant, )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable text of the code (`E0301`).
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
            /// A few words naming the problem (`explain --list`, SARIF rule names).
            pub fn title(self) -> &'static str {
                match self { $( Code::$variant => $title, )* }
            }
            /// The long Markdown explanation `stripeapp explain` prints.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$variant => include_str!(concat!("explain/", $code, ".md")), )* }
            }
            /// When it is reported, in one line (the `when` column of `docs/codes.tsv`).
            pub fn when(self) -> &'static str {
                match self { $( Code::$variant => $when, )* }
            }
            fn flags(self) -> &'static [&'static str] {
                match self { $( Code::$variant => &[$(stringify!($flag)),*], )* }
            }
        }
    };
}

impl Code {
    /// A retired code is no longer reported but stays listed so that it is never reused.
    pub fn retired(self) -> bool {
        self.flags().contains(&"retired")
    }
    /// Whether it flags something that can simply be removed (editors fade it).
    pub fn unnecessary(self) -> bool {
        self.flags().contains(&"unnecessary")
    }
    /// Looks a code up by its text, case-insensitively.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

registry! {
    Syntax "E0001" Error "syntax error"
        when "anything the grammar rejects: a malformed statement, a bad string escape, an unterminated string, an unclosed block, a trailing or doubled comma in a list, a statement that is not valid in its block, a `{` on the line after its declaration, a second `title` in a view or `webhooks` in a backend, `roles` outside an endpoint",
    UnknownPermission "E0101" Error "unknown permission"
        when "a `permission` name that is not in the catalogue, or is obsolete (datastore_write) or a schema typo (shpping_rate_write); did-you-mean",
    UnknownViewport "E0102" Error "unknown viewport"
        when "`view X on <viewport>` with a viewport not in the catalogue; did-you-mean",
    UnknownEvent "E0103" Error "unknown event"
        when "`on <event>` with an event type not in the catalogue; did-you-mean",
    UnknownMethod "E0104" Error "unknown API method"
        when "`calls <method>` that stripe-node does not have (or an unknown `sdk.` function); did-you-mean",
    UnknownEndpoint "E0105" Error "unknown endpoint"
        when "`uses <endpoint>` naming no endpoint of the backend; did-you-mean from the file",
    SdkOutsideView "E0106" Error "SDK function outside a view"
        when "`calls sdk.…` in a backend endpoint, webhook handler or job (the UI SDK runs only in views)",
    InvalidValue "E0107" Error "invalid value"
        when "a value outside its set: `distribution`, `api_access`, `post_install`, `sandbox_install`; did-you-mean",
    UnknownRole "E0108" Error "unknown role"
        when "a role in `roles` that is close to (but not) a Dashboard role's id or name, and not marked `custom`; did-you-mean",
    PermissionRefused "E0109" Error "permission Stripe refuses for apps"
        when "`permission webhook_write`: Stripe's upload refuses it for apps unless Stripe Support enabled it; a call that needs it says so instead of offering to add it",
    UnknownExpansion "E0110" Error "unknown expansion"
        when "`expand <method> <path>` with a path that is not an expandable field of what the method returns (or a list's field without `data.`, or deeper than Stripe expands); did-you-mean",
    ExpandWithoutCall "E0111" Error "expansion of a method the block does not call"
        when "`expand <method> …` naming a method missing from the same block's `calls` (and `platform calls`)",
    PlatformCallInView "E0112" Error "platform calls in a view"
        when "`platform calls` in a view: they use the app owner's secret key, and views run in the merchant's browser",
    PlatformCallsUnsupported "E0113" Error "platform calls on a runtime that does not serve them" [retired]
        when "retired: the Python backend now gives handlers that declare `platform calls` a platform client, as the Node backend does",
    MissingApp "E0201" Error "missing app block"
        when "the file has no `app` block (reported at 1:1)",
    DuplicateApp "E0202" Error "duplicate app block"
        when "a second `app` block",
    DuplicatePermission "E0203" Error "duplicate permission"
        when "the same permission declared twice",
    DuplicateView "E0204" Error "duplicate view component"
        when "two views with the same component name, or names that differ only in case",
    DuplicateEndpointOrJob "E0205" Error "duplicate endpoint or job"
        when "an endpoint or job name used twice (they share one namespace)",
    DuplicateUrls "E0206" Error "duplicate urls block"
        when "a second `urls` block",
    DuplicateBackend "E0207" Error "duplicate backend block"
        when "a second `backend` block",
    DuplicateRoute "E0208" Error "duplicate route"
        when "two routes (endpoints or the webhook route) on the same path, compared as Express does (case-insensitively, trailing `/` ignored)",
    DuplicateAppStatement "E0209" Error "duplicate app statement"
        when "an app statement that may appear once (`name`, `version`, `icon`, …) given twice, or a `constant` name given twice",
    EventHandledTwice "E0210" Error "event handled twice"
        when "the same event type in two `on` declarations of the backend",
    ReservedConstant "E0211" Error "reserved constant name"
        when "`constant STRIPEAPP_BACKEND_URL` in a file with a `backend`, or `constant STRIPEAPP_PROFILE` in a file with a `profile` (the compiler writes those constants), in the `app` block or a profile",
    CallMissingPermission "E0301" Error "missing permission for API call"
        when "a method in `calls` whose permission is not granted (fix: add the permission line)",
    EventMissingPermission "E0302" Error "missing permission for event"
        when "an `on` event without `event_read` or without one of the event's permissions (fix: add it)",
    UrlNotCovered "E0401" Error "URL not covered by connect"
        when "a view `fetch` URL, or the URL of an endpoint a view `uses`, that no `connect` entry covers (fix: add a connect entry)",
    UrlNotHttps "E0501" Error "URL is not https"
        when "a URL literal with another scheme (http is a warning W0102 for localhost/127.0.0.1 only)",
    UrlQueryOrFragment "E0502" Error "URL with query or fragment"
        when "a URL literal with `?…` or `#…`",
    UrlIsStripe "E0503" Error "Stripe URL"
        when "a URL pointing at a Stripe host (`stripe.com` or `*.stripe.com`); Stripe API calls go through `calls`; a `redirect` may name Stripe's OAuth landing page for this app's own id",
    UrlWithoutPath "E0504" Error "URL without path"
        when "a `connect` or `redirect` URL with no path (`https://h.example` or `https://h.example/`)",
    MisplacedWildcard "E0505" Error "misplaced wildcard"
        when "a `*` anywhere but the whole left-most host label of a `connect`/`image` entry; any `*` in other URLs",
    MalformedUrl "E0506" Error "malformed URL"
        when "a URL literal that cannot be parsed as an absolute URL with a host (WHATWG rules), or has userinfo, a trailing dot in the host, a `\\`, or a `.`/`..` path segment (also percent-encoded)",
    InvalidAppId "E0601" Error "invalid app id"
        when "an app id not matching ^[a-zA-Z0-9_\\-.]+$",
    EmptyText "E0602" Error "empty text"
        when "an empty `name`, `version` or permission purpose",
    InvalidIcon "E0603" Error "invalid icon path"
        when "an `icon` that does not match Stripe's pattern (starts `./`, may contain `../`, ends in lowercase `.png`, no other `.`)",
    ReservedWordInName "E0604" Error "reserved word in public app name"
        when "a public app whose name contains Stripe, app, free or paid as a whole word",
    OauthRequirements "E0605" Error "OAuth app not public or without redirect"
        when "`api_access oauth` without `distribution public` and at least one `redirect`",
    MissingAppMetadata "E0606" Error "missing app metadata"
        when "an `app` block without `name` or `version`",
    PostInstallWithoutView "E0607" Error "post-install action without its view"
        when "`post_install settings` without a view on `settings`, `post_install onboarding` without one on `onboarding`",
    UnconfirmedPermission "W0101" Warning "unconfirmed permission"
        when "a permission the catalogue lists only from a restricted-key list or only from the JSON schema enum (status unconfirmed_rak_only / schema_enum_only): accepted, but Stripe may reject it at upload",
    PlainHttpLocalhost "W0102" Warning "plain http on localhost"
        when "an `http://` URL to localhost or 127.0.0.1: fine for local development, must be https before upload",
    RoleNotInCatalogue "W0103" Warning "role not in the catalogue"
        when "a role in `roles` far from every built-in Dashboard role and not marked `custom \"<name>\"` (fix: add the marker)",
    UnusedPermission "W0201" Warning "unused permission" [unnecessary]
        when "a declared permission that no call, event or sdk function needs",
    RedundantRead "W0202" Warning "redundant read permission" [unnecessary]
        when "`X_read` declared while `X_write` is declared and used (the write grants the read)",
    ImpliedWriteNotGranted "W0203" Warning "read permission whose implied write is not granted"
        when "a declared read permission whose reference `implies` list names a write (`transfer_read` → `payout_write`) that a call or event needs: a read never grants a write, so the write must be declared",
    WriteWithoutRoles "W0301" Warning "writing endpoint without roles"
        when "an endpoint that calls a write method but names no `roles`",
    UnusedEndpoint "W0401" Warning "unused endpoint" [unnecessary]
        when "an endpoint no view `uses`",
    SharedViewport "W0402" Warning "two views on one viewport"
        when "a second view on a viewport that already has one",
    InferredMapping "W0403" Warning "inferred catalogue mapping"
        when "a call or event whose permission was inferred, not documented (the check still applies)",
    UnknownMapping "W0404" Warning "unknown catalogue mapping"
        when "a call or event whose permission is unknown (the permission check is skipped)",
    EmptyUrlsPurpose "W0601" Warning "empty purpose of the urls block"
        when "a `urls` block whose purpose is empty (Stripe's schema allows it; reviewers read it)",
    UnfinishedPurpose "W0602" Warning "purpose still a placeholder"
        when "a permission or `urls` purpose that is a to-do marker or filler (`TODO: …`, what a fix or `grant` writes), or the catalogue's description of the permission: reword it (under `check --release` it is R0202 or R0203)",
    UndeclaredCall "E0701" Error "call not declared"
        when "the app's TypeScript calls a Stripe method or SDK function from a view or handler that does not list it in `calls` (located in the TS file)",
    UndeclaredFetch "E0702" Error "fetch not declared"
        when "a view's code fetches a URL (resolved from literals, templates and constants) that the view does not declare with `fetch`",
    UndeclaredEndpointUse "E0703" Error "endpoint use not declared"
        when "a view's code calls a generated endpoint helper the view does not list in `uses`",
    UndeclaredExpansion "E0704" Error "expansion not declared"
        when "the app's TypeScript passes an `expand` path to a Stripe call that the view or handler does not declare with `expand` (located in the TS file)",
    UndeclaredPlatformCall "E0705" Error "platform call not declared"
        when "a handler's code calls a Stripe method through its platform client (`call.platform`, `context.platform`) that it does not list in `platform calls`",
    UnusedCall "W0701" Warning "declared call never made" [unnecessary]
        when "a `calls` entry that the view's or handler's code never calls (not given while some of that code is unresolved)",
    UnusedFetch "W0702" Warning "declared fetch never made" [unnecessary]
        when "a view's `fetch` URL that its code never fetches",
    UnusedEndpointUse "W0703" Warning "declared endpoint never called" [unnecessary]
        when "a view's `uses` entry whose helper and URL its code never calls",
    ClientOutsideHelpers "W0704" Warning "Stripe client built outside the helpers"
        when "`new Stripe(…)` in the app's code: TypeScript no longer limits it to the declared methods",
    CodeNotChecked "W0705" Note "code not checked"
        when "a URL or Stripe method chosen at run time, code the scanner cannot follow, or a TS file that does not parse or is too deeply nested",
    UnusedExpansion "W0706" Warning "declared expansion never asked for" [unnecessary]
        when "an `expand` path that no call of the view's or handler's code asks for (not given while some of that code is unresolved)",
    UnusedPlatformCall "W0707" Warning "declared platform call never made" [unnecessary]
        when "a `platform calls` entry that the handler's code never calls through its platform client",
    RolesOnUnsignedRoute "E0801" Error "roles on an unsigned route"
        when "a `roles` line inside a `public` route or the `oauth_callback`, whose requests carry no signed user",
    ViewUsesPublicRoute "E0802" Error "view uses an unsigned route"
        when "a view's `uses` names a `public` route: views call signed `endpoint`s only",
    OauthCallbackWithoutOauth "E0803" Error "OAuth callback in an app without OAuth"
        when "an `oauth_callback` in a backend of an app that is not `api_access oauth`",
    OauthCallbackNotRedirect "E0804" Error "OAuth callback URL not a redirect"
        when "the `oauth_callback`'s public URL (backend URL and path) is not among the app's `redirect`s",
    DuplicateProfile "E0901" Error "duplicate profile"
        when "two `profile` blocks with the same name, or names that differ only in case (their manifests would be one file on macOS and Windows)",
    InvalidProfileName "E0902" Error "invalid profile name"
        when "a profile name that does not start with a letter or digit, or contains a `.` (it becomes part of the file name `stripe-app.<name>.json`)",
    ProfileBackendWithoutBackend "E0903" Error "profile backend without a backend"
        when "`backend \"<url>\"` in a profile of a file that has no `backend` block",
    ProfileOnlyConstant "W0901" Warning "constant only in a profile"
        when "a profile `constant` the `app` block does not define: the production manifest lacks it, so code that reads it fails after upload",
    IconUnusable "R0101" Error "icon missing or not a PNG"
        when "`check --release`: the `icon` file does not exist beside the `.stripeapp` file, cannot be read, or is not a PNG",
    IconWrongSize "R0102" Warning "icon not 300×300"
        when "`check --release`: the icon PNG's size is not the 300×300 Stripe asks for",
    NoIcon "R0103" Warning "no icon"
        when "`check --release`: the app has no `icon`",
    PlaceholderAppId "R0201" Error "placeholder app id"
        when "`check --release`: the app id is `com.example.…` (or `example.…`)",
    PlaceholderPurpose "R0202" Error "placeholder purpose"
        when "`check --release`: a permission or `urls` purpose is a to-do marker or filler (`TODO`, `TBD`, `purpose`, `...`)",
    PurposeFromFix "R0203" Error "purpose inserted by a fix"
        when "`check --release`: a purpose is the catalogue description or generic `urls` text a fix inserted",
    ConsentChangeWithoutVersion "R0301" Error "consent changes without a new version"
        when "`check --release`: permissions or URLs changed against the earlier manifest (beside the file or `--against <ref>`) but `version` did not",
    VersionLowered "R0302" Warning "version lower than the released one"
        when "`check --release`: `version` is lower (MAJOR.MINOR.PATCH) than the earlier manifest's",
    EarlierManifestUnreadable "R0303" Error "earlier manifest unreadable"
        when "`check --release`: the earlier manifest is not a JSON object, so there is no consent diff",
    ManifestNotJson "I0001" Error "manifest is not valid JSON"
        when "`stripeapp import`: the manifest does not parse as JSON, or is not a JSON object; nothing is written",
    ManifestWithoutId "I0002" Error "manifest without id"
        when "`stripeapp import`: the manifest's `id` is missing, empty or not a string; nothing is written",
    ManifestFieldDropped "I0101" Warning "manifest field dropped"
        when "`stripeapp import`: a key with no place in the language (`$schema`, `app_backend`, `extensions`, `extends`, `ui_extension.actions`, a permission's `name`, a repeated key, an unknown key; did-you-mean)",
    ManifestValueDropped "I0102" Warning "manifest value dropped"
        when "`stripeapp import`: a value the language cannot hold (a constant that is an object, array or null or has no valid name, a purpose per locale, a purpose without URLs, `post_install_action` of type `modal`, a value of the wrong type)",
    ManifestValueRewritten "I0103" Warning "manifest value rewritten"
        when "`stripeapp import`: a permission misspelt in Stripe's schema renamed (`shpping_rate_write` → `shipping_rate_write`); an icon path without `./` given one",
    PermissionDropped "I0104" Warning "permission dropped"
        when "`stripeapp import`: an obsolete permission (`datastore_write`), a name that is not a permission name, a permission requested twice",
    ManifestFieldMissing "I0105" Warning "required manifest field missing"
        when "`stripeapp import`: no `name`, `version` or permission `purpose`; the file is written and `check` reports it until it is added",
    BackendUrlUnknown "I0106" Warning "backend URL not known"
        when "`stripeapp import <app folder>` wrote a `backend` block from `backend/src/handlers.ts` with a placeholder base URL, since the code does not say where the backend is served",
}
