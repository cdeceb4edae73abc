//! Turning a broken line into a readable syntax error: which statement it is not, or what
//! was expected where. The catch-all rules only say "this line is broken"; here its text is
//! parsed again from the rule of its leading keyword to find the first wrong token.

use super::language::{self, Block};
use super::{Rule, StripeappParser};
use crate::ast::Span;
use crate::check::suggest;
use crate::diagnostics::{Code, Diagnostic};
use pest::Parser;
use pest::error::{Error, ErrorVariant, InputLocation};

/// The block a broken line stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Top,
    App,
    Urls,
    View,
    Backend,
    Handler,
    Profile,
}

impl Context {
    /// The block whose keywords the grammar accepts here (a handler body takes what an
    /// `endpoint` takes; lowering reports `roles` outside an endpoint).
    fn block(self) -> Block {
        match self {
            Context::Top => Block::Top,
            Context::App => Block::App,
            Context::Urls => Block::Urls,
            Context::View => Block::View,
            Context::Backend => Block::Backend,
            Context::Handler => Block::Endpoint,
            Context::Profile => Block::Profile,
        }
    }
    fn probe(self) -> Rule {
        match self {
            Context::Top => Rule::probe_top,
            Context::App => Rule::probe_app,
            Context::Urls => Rule::probe_urls,
            Context::View => Rule::probe_view,
            Context::Backend => Rule::probe_backend,
            Context::Handler => Rule::probe_handler,
            Context::Profile => Rule::probe_profile,
        }
    }
    fn place(self) -> &'static str {
        match self {
            Context::Top => "at the top level",
            Context::App => "in an `app` block",
            Context::Urls => "in a `urls` block",
            Context::View => "in a `view` block",
            Context::Backend => "in a `backend` block",
            Context::Handler => "in an `endpoint`, `on`, `job`, `public` or `oauth_callback` block",
            Context::Profile => "in a `profile` block",
        }
    }
    fn what(self) -> &'static str {
        match self {
            Context::Top => "declaration",
            _ => "statement",
        }
    }
}

/// Where each keyword belongs, for "`calls` is not allowed here" messages.
fn home_of(word: &str) -> Option<&'static str> {
    language::home_of(word).map(Block::home)
}

/// Reports one broken line `text` found at byte `base` in `context`.
pub fn broken_line(text: &str, base: usize, context: Context, source: &str) -> Diagnostic {
    let trimmed_start = text.len() - text.trim_start().len();
    let body = &text[trimmed_start..];
    let word_len = body
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map(|(i, _)| i)
        .unwrap_or(body.len());
    let word = &body[..word_len];
    let word_span = Span::new(base + trimmed_start, base + trimmed_start + word_len);
    let allowed: Vec<&str> = context.block().keywords().map(|k| k.word).collect();
    let list = allowed
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");

    if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        let found = describe_found(body);
        let span = Span::new(
            base + trimmed_start,
            base + trimmed_start + body.chars().next().map_or(0, char::len_utf8),
        );
        return Diagnostic::new(
            Code::Syntax,
            span,
            format!(
                "expected a {} {}, found {found}",
                context.what(),
                context.place()
            ),
        )
        .help(format!(
            "a {} {} starts with one of {list}",
            context.what(),
            context.place()
        ));
    }

    // The grammar lets a top-level keyword into a block only when the block's `}` comes
    // later (see `misplaced_top`): the declaration was written inside the block.
    if context != Context::Top && Block::Top.allows(word) && !allowed.contains(&word) {
        return Diagnostic::new(
            Code::Syntax,
            word_span,
            format!(
                "`{word}` is a top-level declaration: it belongs at the top level, not {}",
                context.place()
            ),
        )
        .help(format!(
            "move this `{word}` declaration out of the block, above or below it"
        ));
    }

    if !allowed.contains(&word) {
        let mut d = Diagnostic::new(
            Code::Syntax,
            word_span,
            format!("`{word}` is not a {} {}", context.what(), context.place()),
        );
        let home = match (context, word) {
            (Context::Backend, "calls") => {
                Some("inside an `endpoint`, `on` or `job` block (or in a `view`)")
            }
            (Context::Backend, "roles") => Some("inside an `endpoint` block"),
            _ => home_of(word),
        };
        if let Some(home) = home {
            d = d.help(format!(
                "`{word}` belongs {home}; {}: {list}",
                plural(context)
            ));
        } else if let Some(s) = suggest::did_you_mean(word, allowed.iter().copied()) {
            d = d.help(format!("did you mean `{s}`?"));
        } else {
            d = d.help(format!(
                "{}s {} are: {list}",
                context.what(),
                context.place()
            ));
        }
        return d;
    }

    // A known keyword: re-parse the line from its own rule to find the first wrong token.
    // A trailing comment is cut off first, so "expected … at the end of the line" points
    // just after the last token, not after the comment.
    let body = without_trailing_comment(body).trim_end();
    match StripeappParser::parse(context.probe(), body) {
        Ok(_) => Diagnostic::new(
            Code::Syntax,
            Span::new(base, base + text.len()),
            format!("this `{word}` {} could not be parsed", context.what()),
        )
        .help("check the statement against the language reference (grammar/README.md)"),
        Err(err) => {
            let mut d = from_pest_error(&err, base + trimmed_start, source, word);
            // The generic example names a method; say what this position really takes.
            let example = match word {
                "view" => Some("a viewport (like `stripe.dashboard.customer.detail`)"),
                "on" => Some("an event type (like `invoice.paid`)"),
                _ => None,
            };
            if let Some(example) = example {
                d.message = d
                    .message
                    .replace("a dotted name (like `customers.retrieve`)", example);
            }
            if probe_at(&err) >= body.len() && !d.message.contains("after `,`") {
                // The probe saw the whole (comment-free) line: nothing more was written.
                if let Some(i) = d.message.rfind(", found ") {
                    d.message.truncate(i);
                    d.message.push_str(", found the end of the line");
                    d.span.end = d.span.start;
                }
            }
            if context == Context::Profile && word == "backend" {
                // Not the top-level declaration's shape: in a profile it takes no block.
                d.help = None;
                d = d.help("write it as `backend \"<url>\"`: in a profile it names where that profile's backend runs, without a block");
            }
            if d.help.is_none() {
                d = d.help(usage(word));
            }
            d
        }
    }
}

/// The text before a `//` comment that is not inside a string.
pub fn without_trailing_comment(text: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            return &text[..i];
        }
    }
    text
}

fn plural(context: Context) -> &'static str {
    if context == Context::Top {
        "declarations at the top level are"
    } else {
        "the statements allowed here are"
    }
}

/// The shape of each statement, shown as help under its syntax errors.
pub fn usage(word: &str) -> String {
    match language::keyword(word) {
        Some(k) => format!("write it as `{}`", k.shape),
        None => "see the language reference in grammar/README.md".to_string(),
    }
}

fn probe_at(err: &Error<Rule>) -> usize {
    match err.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Converts a pest error from parsing text that starts at byte `base` of `source`.
pub fn from_pest_error(err: &Error<Rule>, base: usize, source: &str, word: &str) -> Diagnostic {
    let at = base + probe_at(err);
    let rest = source.get(at..).unwrap_or("");
    let expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_rules(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    // A list that ends in a comma: point at the comma, the user's actual mistake, whether the
    // line ends there or a `}`, `{` or second `,` follows (SPEC §4.12: one error).
    let before = source.get(..at).unwrap_or("").trim_end();
    let line_rest = rest.split(['\n', '\r']).next().unwrap_or("");
    let at_line_end = line_rest.trim().is_empty() || line_rest.trim_start().starts_with("//");
    if before.ends_with(',') && (at_line_end || rest.trim_start().starts_with([',', '}', '{'])) {
        let comma = before.len() - 1;
        let (comma, what) = if rest.trim_start().starts_with(',') {
            let second = at + (rest.len() - rest.trim_start().len());
            (second, "another item must come between two commas")
        } else {
            (comma, "a list cannot end with a comma")
        };
        return Diagnostic::new(
            Code::Syntax,
            Span::new(comma, comma + 1),
            format!("expected {expected} after `,`"),
        )
        .help(format!(
            "{what}; remove the extra `,` or add the missing item"
        ));
    }
    let line_rest_after_quote = rest
        .strip_prefix('"')
        .map(|r| r.split(['\n', '\r']).next().unwrap_or(""));
    if let Some(after) = line_rest_after_quote
        && !closes_string(after)
    {
        let end = at + 1 + after.len();
        return Diagnostic::new(
            Code::Syntax,
            Span::new(at, end),
            "this string is never closed",
        )
        .help("a string ends on the line it starts on: add the closing `\"`");
    }
    let found = describe_found(rest);
    let len = found_len(rest);
    let mut d = Diagnostic::new(
        Code::Syntax,
        Span::new(at, at + len),
        format!("expected {expected}, found {found}"),
    );
    if rest.starts_with(".*") && word == "on" {
        d = d.help("event types have no wildcards: list each event type, as in `on invoice.paid, invoice.voided`");
    } else if rest.starts_with('.') && word == "constant" {
        d = d.help("a number needs a digit after its `.`, as in `2.5`");
    } else if rest.starts_with('.') {
        d = d.help("a dotted name needs a name after each `.`, as in `customers.retrieve`");
    } else if rest.starts_with(['“', '”', '„', '‘', '’']) {
        d = d.help("this is a typographic quote: strings use straight double quotes `\"`");
    } else if rest.starts_with(|c: char| !c.is_ascii() && c.is_alphanumeric())
        && before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    {
        d = d.help(
            "names are ASCII: letters `a`–`z`, `A`–`Z`, digits and `_` (Stripe's names and the generated code's identifiers allow no other letters)",
        );
    } else if word == "app" || word == "urls" || word == "backend" {
        d = d.help(format!(
            "{}; the `{{` must be on the same line",
            usage(word)
        ));
    }
    d
}

/// Whether the text after an opening quote contains the closing quote (escapes skipped).
pub fn closes_string(after: &str) -> bool {
    let mut escaped = false;
    for c in after.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return true,
            _ => {}
        }
    }
    false
}

fn found_len(rest: &str) -> usize {
    let first = match rest.chars().next() {
        None | Some('\n' | '\r') => return 0,
        Some(c) => c,
    };
    if first.is_ascii_alphanumeric() || first == '_' {
        rest.char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    }
}

fn describe_found(rest: &str) -> String {
    match rest.chars().next() {
        None => "the end of the file".to_string(),
        Some('\n' | '\r') => "the end of the line".to_string(),
        Some('"') => "a string".to_string(),
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
            format!("`{}`", &rest[..found_len(rest)])
        }
        // Invisible or space-like characters (pasted text) are named, not echoed.
        Some(c) if !c.is_ascii() && (c.is_whitespace() || c.is_control() || is_format_char(c)) => {
            format!("the invisible character U+{:04X}", c as u32)
        }
        Some(c) => format!("`{c}`"),
    }
}

/// Zero-width and other formatting characters that show as nothing.
fn is_format_char(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

fn describe_rules(rules: &[Rule]) -> String {
    let mut names: Vec<String> = Vec::new();
    for rule in rules {
        let name = describe_rule(*rule);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    match names.len() {
        0 => "something else".to_string(),
        1 => names.remove(0),
        _ => {
            let last = names.pop().unwrap_or_default();
            format!("{} or {last}", names.join(", "))
        }
    }
}

fn describe_rule(rule: Rule) -> String {
    let s = match rule {
        Rule::string | Rule::string_list | Rule::role | Rule::role_list => "a string",
        Rule::custom_role | Rule::role_custom => "`custom \"<role>\"`",
        Rule::ident | Rule::ident_list => "a name",
        Rule::path | Rule::path_list => "a dotted name (like `customers.retrieve`)",
        Rule::value => "a value (a string, a number, `true` or `false`)",
        Rule::number => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::open_brace => "`{`",
        Rule::close_brace => "`}`",
        Rule::comma => "`,`",
        Rule::EOI => "the end of the statement",
        other => {
            let name = format!("{other:?}");
            return match name.strip_prefix("kw_") {
                Some(k) => format!("`{k}`"),
                None => name.replace('_', " "),
            };
        }
    };
    s.to_string()
}
