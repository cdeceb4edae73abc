use crate::diagnostics::problem::syntax::{
    Belongs, Escape, Expected, Found, Misparse, Once, SyntaxHelp, SyntaxProblem,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::syntax::Context;
use crate::syntax::Rule;
use crate::syntax::language;

impl From<SyntaxProblem> for Diagnostic {
    fn from(problem: SyntaxProblem) -> Diagnostic {
        match problem {
            SyntaxProblem::NoKeyword {
                span,
                context,
                found,
            } => Diagnostic::new(
                Code::Syntax,
                span,
                format!(
                    "expected a {} {}, found {}",
                    what(context),
                    place(context),
                    found_words(&found)
                ),
            )
            .help(format!(
                "a {} {} starts with one of {}",
                what(context),
                place(context),
                allowed(context)
            )),
            SyntaxProblem::TopLevelInBlock {
                span,
                word,
                context,
            } => Diagnostic::new(
                Code::Syntax,
                span,
                format!(
                    "`{word}` is a top-level declaration: it belongs at the top level, not {}",
                    place(context)
                ),
            )
            .help(format!(
                "move this `{word}` declaration out of the block, above or below it"
            )),
            SyntaxProblem::NotHere {
                span,
                word,
                context,
                belongs,
            } => {
                let d = Diagnostic::new(
                    Code::Syntax,
                    span,
                    format!("`{word}` is not a {} {}", what(context), place(context)),
                );
                let home = match belongs {
                    Belongs::In(block) => block.home(),
                    Belongs::Handlers => {
                        "inside an `endpoint`, `on` or `job` block (or in a `view`)"
                    }
                    Belongs::Endpoint => "inside an `endpoint` block",
                    Belongs::Nowhere {
                        suggestion: Some(s),
                    } => return d.help(format!("did you mean `{s}`?")),
                    Belongs::Nowhere { suggestion: None } => {
                        return d.help(format!(
                            "{}s {} are: {}",
                            what(context),
                            place(context),
                            allowed(context)
                        ));
                    }
                };
                let others = if context == Context::Top {
                    "declarations at the top level are"
                } else {
                    "the statements allowed here are"
                };
                d.help(format!(
                    "`{word}` belongs {home}; {others}: {}",
                    allowed(context)
                ))
            }
            SyntaxProblem::Unparsed {
                span,
                word,
                context,
            } => Diagnostic::new(
                Code::Syntax,
                span,
                format!("this `{word}` {} could not be parsed", what(context)),
            )
            .help("check the statement against the language reference (grammar/README.md)"),
            SyntaxProblem::Misparsed {
                span,
                statement,
                what,
                help,
            } => {
                let (message, own_help) = match what {
                    Misparse::AfterComma { expected, another } => (
                        format!("expected {} after `,`", expected_words(&expected, &statement)),
                        Some(format!(
                            "{}; remove the extra `,` or add the missing item",
                            if another {
                                "another item must come between two commas"
                            } else {
                                "a list cannot end with a comma"
                            }
                        )),
                    ),
                    Misparse::UnclosedString => (
                        "this string is never closed".to_string(),
                        Some(
                            "a string ends on the line it starts on: add the closing `\"`"
                                .to_string(),
                        ),
                    ),
                    Misparse::Found { expected, found } => (
                        format!(
                            "expected {}, found {}",
                            expected_words(&expected, &statement),
                            found_words(&found)
                        ),
                        None,
                    ),
                };
                let d = Diagnostic::new(Code::Syntax, span, message);
                match help.map(|h| help_words(h, &statement)).or(own_help) {
                    Some(help) => d.help(help),
                    None => d,
                }
            }
            SyntaxProblem::AfterClosingBrace { span } => Diagnostic::new(
                Code::Syntax,
                span,
                "expected the end of the line after `}`",
            )
            .help("start the next declaration or statement on a new line"),
            SyntaxProblem::Unclosed { span, block } => Diagnostic::new(
                Code::Syntax,
                span,
                format!("this `{block}` block is never closed"),
            )
            .help(format!(
                "add a `}}` on its own line at the end of the `{block}` block"
            )),
            SyntaxProblem::BraceOnNextLine { span } => Diagnostic::new(
                Code::Syntax,
                span,
                "a block's `{` must be on the same line as its declaration",
            )
            .help("move the `{` to the end of the line above"),
            SyntaxProblem::Repeated {
                span,
                first,
                statement,
            } => {
                let (message, keyword) = match statement {
                    Once::ViewTitle => ("a view has one `title`", "title"),
                    Once::Runtime => ("a backend has one `runtime`", "runtime"),
                    Once::Webhooks => ("a backend has one `webhooks` route", "webhooks"),
                    Once::Health => ("a backend has one `health` route", "health"),
                    Once::OauthCallback => {
                        return Diagnostic::new(
                            Code::Syntax,
                            span,
                            "a backend has one `oauth_callback`",
                        )
                        .label(first, "the first `oauth_callback` is here")
                        .help("Stripe sends every install to one callback: remove one of the two, and merge their calls");
                    }
                };
                Diagnostic::new(Code::Syntax, span, message)
                    .label(first, format!("the first `{keyword}` is here"))
                    .help(format!("remove one of the two `{keyword}` statements"))
            }
            SyntaxProblem::RolesOutsideEndpoint { span, block } => Diagnostic::new(
                Code::Syntax,
                span,
                format!("`roles` is only allowed in an `endpoint`, not in `{block}`"),
            )
            .help("webhook handlers and jobs are not called by Dashboard users, so there is no role to check; remove this line"),
            SyntaxProblem::BadEscape { span, escape } => {
                let message = match escape {
                    Escape::UnicodeWithoutBrace => "`\\u` must be followed by `{`".to_string(),
                    Escape::UnicodeDigits => {
                        "a `\\u{…}` escape needs 1 to 6 hex digits and a closing `}`".to_string()
                    }
                    Escape::NotScalar { hex } => {
                        format!("`\\u{{{hex}}}` is not a Unicode scalar value")
                    }
                    Escape::Unknown(c) => format!("unknown escape `\\{c}` in a string"),
                };
                Diagnostic::new(Code::Syntax, span, message)
                    .help("valid escapes are \\\" \\\\ \\n \\t and \\u{…} with 1–6 hex digits")
            }
            SyntaxProblem::NotUtf8 { span, byte } => {
                Diagnostic::new(
                    Code::Syntax,
                    span,
                    format!("this file is not valid UTF-8 (byte {byte} is not part of a UTF-8 character)"),
                )
                .help("save the file as UTF-8; `.stripeapp` files are UTF-8 text")
            }
        }
    }
}

fn what(context: Context) -> &'static str {
    match context {
        Context::Top => "declaration",
        _ => "statement",
    }
}

fn place(context: Context) -> &'static str {
    match context {
        Context::Top => "at the top level",
        Context::App => "in an `app` block",
        Context::Urls => "in a `urls` block",
        Context::View => "in a `view` block",
        Context::Backend => "in a `backend` block",
        Context::Handler => "in an `endpoint`, `on`, `job`, `public` or `oauth_callback` block",
        Context::Profile => "in a `profile` block",
    }
}

/// The keywords a block takes, as a list in backticks.
fn allowed(context: Context) -> String {
    super::ticked_list(context.block().keywords().map(|k| k.word))
}

/// The shape of a statement, shown as help under its syntax errors.
fn usage(word: &str) -> String {
    match language::keyword(word) {
        Some(k) => format!("write it as `{}`", k.shape),
        None => "see the language reference in grammar/README.md".to_string(),
    }
}

fn help_words(help: SyntaxHelp, statement: &str) -> String {
    match help {
        SyntaxHelp::EventWildcard => "event types have no wildcards: list each event type, as in `on invoice.paid, invoice.voided`".to_string(),
        SyntaxHelp::NumberDot => "a number needs a digit after its `.`, as in `2.5`".to_string(),
        SyntaxHelp::DottedName => {
            "a dotted name needs a name after each `.`, as in `customers.retrieve`".to_string()
        }
        SyntaxHelp::TypographicQuote => {
            "this is a typographic quote: strings use straight double quotes `\"`".to_string()
        }
        SyntaxHelp::AsciiNames => "names are ASCII: letters `a`–`z`, `A`–`Z`, digits and `_` (Stripe's names and the generated code's identifiers allow no other letters)".to_string(),
        SyntaxHelp::SameLineBrace => {
            format!("{}; the `{{` must be on the same line", usage(statement))
        }
        SyntaxHelp::Usage => usage(statement),
        SyntaxHelp::ProfileBackend => "write it as `backend \"<url>\"`: in a profile it names where that profile's backend runs, without a block".to_string(),
    }
}

fn found_words(found: &Found) -> String {
    match found {
        Found::EndOfFile => "the end of the file".to_string(),
        Found::EndOfLine => "the end of the line".to_string(),
        Found::String => "a string".to_string(),
        Found::Text(text) => format!("`{text}`"),
        Found::Invisible(c) => format!("the invisible character U+{:04X}", *c as u32),
    }
}

fn expected_words(expected: &Expected, statement: &str) -> String {
    let rules = match expected {
        Expected::Rules(rules) => rules,
        Expected::Pest(message) => return message.clone(),
    };
    let mut names: Vec<String> = Vec::new();
    for rule in rules {
        let name = rule_words(*rule, statement);
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

fn rule_words(rule: Rule, statement: &str) -> String {
    let s = match rule {
        Rule::string | Rule::string_list | Rule::role | Rule::role_list => "a string",
        Rule::custom_role | Rule::role_custom => "`custom \"<role>\"`",
        Rule::ident | Rule::ident_list => "a name",
        // The generic example names a method; say what these statements really take.
        Rule::path | Rule::path_list => match statement {
            "view" => "a viewport (like `stripe.dashboard.customer.detail`)",
            "on" => "an event type (like `invoice.paid`)",
            _ => "a dotted name (like `customers.retrieve`)",
        },
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
