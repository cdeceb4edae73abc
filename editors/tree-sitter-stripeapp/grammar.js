/**
 * @file Tree-sitter grammar for `.stripeapp` files (Stripe Apps described in one file).
 *
 * It follows grammar/stripeapp.pest, the compiler's grammar, for every well-formed file.
 * Statements are line-based: a newline, `;` or the `}` of the block ends one, so newlines
 * are tokens here, not whitespace. Keywords are keywords only where a statement starts
 * (keyword extraction through `word`): `view calls on settings` declares a view named
 * `calls`. Broken input is left to tree-sitter's error recovery; the compiler's own
 * recovery and diagnostics stay in `stripeapp check` and the language server.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

/** `rule`, then more of it after commas; a comma may be followed by newlines. */
function commaList($, rule) {
  return seq(rule, repeat(seq(',', repeat($._newline), rule)));
}

module.exports = grammar({
  name: 'stripeapp',

  // Spaces, tabs and a byte-order mark separate tokens; comments may go anywhere.
  extras: $ => [/[ \t\uFEFF]/, $.comment, $.doc_comment],

  word: $ => $.identifier,

  rules: {
    source_file: $ => seq(
      repeat($._separator),
      optional(seq(
        $._declaration,
        repeat(seq(repeat1($._separator), $._declaration)),
        repeat($._separator),
      )),
    ),

    _declaration: $ => choice(
      $.app_declaration,
      $.permission_declaration,
      $.urls_declaration,
      $.view_declaration,
      $.backend_declaration,
      $.profile_declaration,
    ),

    // -------------------------------------------------------------------------------
    // Lexical rules
    // -------------------------------------------------------------------------------

    _newline: _ => /\r?\n|\r/,
    _separator: $ => choice($._newline, ';'),

    /**
     * `//` to the end of the line, except a `///` doc comment; `////` is a plain comment.
     * The two never match the same text, so neither needs a precedence (which in tree-sitter
     * would beat the longer match).
     */
    comment: _ => token(/\/\/(\/\/[^\r\n]*|[^\/\r\n][^\r\n]*)?/),
    /** `///` doc comment, attached to the declaration after it. */
    doc_comment: _ => token(/\/\/\/([^\/\r\n][^\r\n]*)?/),

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,
    /** A dotted path; its segments may contain `-` (`stripe.dashboard.payment-link.detail`). */
    path: _ => /[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*/,

    string: $ => seq(
      '"',
      repeat(choice($.string_content, $.escape_sequence)),
      token.immediate('"'),
    ),
    string_content: _ => token.immediate(prec(1, /[^"\\\r\n]+/)),
    /** Valid escapes are `\" \\ \n \t \u{…}`; the compiler reports the others. */
    escape_sequence: _ => token.immediate(choice(
      /\\u(\{[0-9A-Fa-f]*\}?)?/,
      /\\[^\r\nu]/,
    )),

    number: _ => /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/,
    boolean: _ => choice('true', 'false'),

    // -------------------------------------------------------------------------------
    // app "<id>" { … }
    // -------------------------------------------------------------------------------

    app_declaration: $ => seq('app', field('id', $.string), field('body', $.app_block)),
    app_block: $ => block($, $._app_statement),
    _app_statement: $ => choice(
      $.name_statement,
      $.version_statement,
      $.icon_statement,
      $.distribution_statement,
      $.api_access_statement,
      $.sandbox_install_statement,
      $.post_install_statement,
      $.redirect_statement,
      $.constant_statement,
    ),
    name_statement: $ => seq('name', $.string),
    version_statement: $ => seq('version', $.string),
    icon_statement: $ => seq('icon', $.string),
    distribution_statement: $ => seq('distribution', field('value', $.identifier)),
    api_access_statement: $ => seq('api_access', field('value', $.identifier)),
    sandbox_install_statement: $ => seq('sandbox_install', field('value', choice($.boolean, $.identifier))),
    post_install_statement: $ => seq('post_install', field('value', $.identifier), optional(field('url', $.string))),
    redirect_statement: $ => seq('redirect', field('url', $.string)),
    constant_statement: $ => seq(
      'constant',
      field('name', $.identifier),
      field('value', choice($.string, $.number, $.boolean)),
    ),

    // -------------------------------------------------------------------------------
    // permission <name> "<purpose>"
    // -------------------------------------------------------------------------------

    permission_declaration: $ => seq('permission', field('name', $.identifier), field('purpose', $.string)),

    // -------------------------------------------------------------------------------
    // urls "<purpose>" { connect "<url>", … image "<url>", … }
    // -------------------------------------------------------------------------------

    urls_declaration: $ => seq('urls', field('purpose', $.string), field('body', $.urls_block)),
    urls_block: $ => block($, choice($.connect_statement, $.image_statement)),
    connect_statement: $ => seq('connect', $.url_list),
    image_statement: $ => seq('image', $.url_list),
    url_list: $ => commaList($, $.string),

    // -------------------------------------------------------------------------------
    // view <Component> on <viewport> { … }
    // -------------------------------------------------------------------------------

    view_declaration: $ => seq(
      'view',
      field('component', $.identifier),
      'on',
      field('viewport', $.path),
      optional(field('body', $.view_block)),
    ),
    view_block: $ => block($, choice(
      $.title_statement,
      $.calls_statement,
      $.fetch_statement,
      $.uses_statement,
      $.expand_statement,
      // The compiler rejects it in a view (E0112), after parsing it.
      $.platform_calls_statement,
    )),
    title_statement: $ => seq('title', $.string),
    fetch_statement: $ => seq('fetch', $.url_list),
    uses_statement: $ => seq('uses', commaList($, field('endpoint', $.identifier))),
    calls_statement: $ => seq('calls', commaList($, field('method', $.path))),
    // `expand <method> <field path>, …`: fields of a call's result returned as objects.
    expand_statement: $ => seq('expand', field('method', $.path), commaList($, field('field', $.path))),
    // `platform calls <method>, …`: calls on the app owner's own account.
    platform_calls_statement: $ => seq('platform', 'calls', commaList($, field('method', $.path))),

    // -------------------------------------------------------------------------------
    // backend "<base url>" { … }
    // -------------------------------------------------------------------------------

    backend_declaration: $ => seq('backend', field('url', $.string), field('body', $.backend_block)),
    backend_block: $ => block($, choice(
      $.webhooks_statement,
      $.runtime_statement,
      $.endpoint_declaration,
      $.handler_declaration,
      $.job_declaration,
      $.health_statement,
      $.public_declaration,
      $.oauth_callback_declaration,
    )),
    webhooks_statement: $ => seq('webhooks', field('path', $.string)),
    // `runtime node|python`: the backend target's language.
    runtime_statement: $ => seq('runtime', field('value', $.identifier)),
    endpoint_declaration: $ => seq(
      'endpoint',
      field('name', $.identifier),
      optional(field('path', $.string)),
      optional(field('body', $.handler_block)),
    ),
    handler_declaration: $ => seq(
      'on',
      commaList($, field('event', $.path)),
      optional(field('body', $.handler_block)),
    ),
    job_declaration: $ => seq('job', field('name', $.identifier), optional(field('body', $.handler_block))),
    // `health "<path>"`: the unauthenticated health route.
    health_statement: $ => seq('health', field('path', $.string)),
    // `public <name> [GET|POST|PUT|PATCH|DELETE] "<path>" { … }`: an unsigned route.
    public_declaration: $ => seq(
      'public',
      field('name', $.identifier),
      optional(field('method', $.identifier)),
      field('path', $.string),
      optional(field('body', $.handler_block)),
    ),
    // `oauth_callback "<path>" { … }`: the OAuth install callback.
    oauth_callback_declaration: $ => seq(
      'oauth_callback',
      field('path', $.string),
      optional(field('body', $.handler_block)),
    ),
    handler_block: $ => block($, choice(
      $.calls_statement,
      $.roles_statement,
      $.expand_statement,
      $.platform_calls_statement,
    )),
    roles_statement: $ => seq('roles', commaList($, choice($.string, $.custom_role))),
    // `custom "<name>"`: an account's own role, outside the catalogue of built-in roles.
    custom_role: $ => seq('custom', field('name', $.string)),

    // -------------------------------------------------------------------------------
    // profile <name> { … }: named overrides of the production app, compiled to
    // stripe-app.<name>.json. Its `backend "<url>"` has no block.
    // -------------------------------------------------------------------------------

    profile_declaration: $ => seq('profile', field('name', $.profile_name), field('body', $.profile_block)),
    /** Letters, digits, `_`, `-` (and `.`, which the compiler rejects with a reason). */
    profile_name: _ => /[A-Za-z0-9_.-]+/,
    profile_block: $ => block($, choice(
      $.name_statement,
      $.profile_backend_statement,
      $.connect_statement,
      $.image_statement,
      $.constant_statement,
      $.redirect_statement,
    )),
    profile_backend_statement: $ => seq('backend', field('url', $.string)),
  },
});

/**
 * `{ statement (separator+ statement)* }`: statements are separated by newlines or `;`,
 * and the last one may end at the `}`.
 */
function block($, statement) {
  return seq(
    '{',
    repeat($._separator),
    optional(seq(
      statement,
      repeat(seq(repeat1($._separator), statement)),
      repeat($._separator),
    )),
    '}',
  );
}
