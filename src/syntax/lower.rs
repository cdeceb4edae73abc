//! Lowering the lossless tree to the typed AST (trivia skipped). Written defensively: a
//! node that is not where the grammar puts it is skipped, never unwrapped, so no input can
//! make this panic.

use super::Rule;
use super::expected::{self, Context};
use super::strings;
use super::tree::{Node, SyntaxTree};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::syntax::{Once, SyntaxProblem};

type P<'a> = Node<'a>;

struct Lower<'s, 'd> {
    src: &'s str,
    diags: &'d mut Vec<Diagnostic>,
    /// Permissions declared inside a block (reported there): they still count, so the
    /// calls that need them do not report a second error.
    misplaced: Vec<PermissionDecl>,
}

pub fn lower_file(src: &str, file: P<'_>, diags: &mut Vec<Diagnostic>) -> File {
    let mut l = Lower {
        src,
        diags,
        misplaced: Vec::new(),
    };
    let mut items = Vec::new();
    let mut broken = Vec::new();
    // Open braces of a broken declaration still waiting for their `}`: the lines up to it
    // belong to that declaration and are not reported one by one.
    let mut unclosed: i64 = 0;
    // A broken `view`/`urls`/`backend` header whose block is being skipped: its body is
    // parsed on its own once the block ends, so what is inside is still checked.
    let mut pending: Option<Broken> = None;
    for node in file.nodes() {
        if unclosed > 0 {
            if node.kind() == Rule::bad_top {
                unclosed += brace_balance(node.text());
                if let Some(b) = pending.as_mut() {
                    b.end = node.span().end;
                }
                continue;
            }
            unclosed = 0;
        }
        if let Some(b) = pending.take() {
            items.extend(l.recover_block(b));
        }
        match node.kind() {
            Rule::app_decl => items.push(Item::App(l.app(node))),
            Rule::permission_decl => {
                if let Some(p) = l.permission(node) {
                    items.push(Item::Permission(p));
                }
            }
            Rule::urls_decl => items.push(Item::Urls(l.urls(node))),
            Rule::view_decl => {
                if let Some(v) = l.view(node) {
                    items.push(Item::View(v));
                }
            }
            Rule::backend_decl => items.push(Item::Backend(l.backend(node))),
            Rule::profile_decl => items.push(Item::Profile(l.profile(node))),
            Rule::bad_top => {
                unclosed = brace_balance(node.text()).max(0);
                let word: String = node
                    .text()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if unclosed > 0
                    && matches!(word.as_str(), "view" | "urls" | "backend")
                    && let Some(brace) = last_open_brace(node.text())
                {
                    let start = node.span().start;
                    pending = Some(Broken {
                        keyword: word.clone(),
                        header: Span::new(start, start + brace),
                        body_start: start + brace + 1,
                        end: node.span().end,
                    });
                }
                broken.push(word);
                l.bad(&node, Context::Top);
                if let Some(p) = l.recover_permission(&node) {
                    items.push(Item::Permission(p));
                }
            }
            _ => {}
        }
    }
    if let Some(b) = pending.take() {
        items.extend(l.recover_block(b));
    }
    items.extend(l.misplaced.drain(..).map(Item::Permission));
    File { items, broken }
}

/// A block whose header line did not parse.
struct Broken {
    keyword: String,
    /// The header line up to its `{`.
    header: Span,
    /// Just after the `{`.
    body_start: usize,
    /// The end of the block's last line.
    end: usize,
}

/// Byte offset of the `{` that opens the block on a broken header line: the last one before
/// a comment (it may sit inside an unclosed string, as in `urls "Load the CRM {`).
fn last_open_brace(text: &str) -> Option<usize> {
    let mut last = None;
    let mut prev = '\0';
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '{' => last = Some(i),
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '{' => last = Some(i),
                '/' if chars.peek().map(|(_, n)| *n) == Some('/') && prev != ':' => break,
                _ => {}
            }
        }
        prev = c;
    }
    last
}

/// `{` minus `}` in a broken line, outside comments and closed strings. An unclosed string
/// runs to the end of the line, and its braces count: `urls "Load the CRM {` opens a block.
fn brace_balance(text: &str) -> i64 {
    let mut balance = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut string_braces = 0;
    let mut prev = '\0';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    string_braces = 0;
                }
                '{' => string_braces += 1,
                '}' => string_braces -= 1,
                _ => {}
            }
            prev = c;
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => balance += 1,
            '}' => balance -= 1,
            // A comment ends the line's code; `//` after `:` is an unquoted URL
            // (`backend https://h/x {`), not a comment.
            '/' if chars.peek() == Some(&'/') && prev != ':' => break,
            _ => {}
        }
        prev = c;
    }
    if in_string {
        balance += string_braces;
    }
    balance
}

fn span(p: &P<'_>) -> Span {
    p.span()
}

fn name(p: &P<'_>) -> Name {
    Name {
        text: p.text().to_string(),
        span: span(p),
    }
}

impl Lower<'_, '_> {
    fn string(&mut self, p: &P<'_>) -> Str {
        let sp = span(p);
        let inner = p.text();
        let inner = inner
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(inner);
        Str {
            value: strings::unescape(inner, sp.start + 1, self.diags),
            span: sp,
        }
    }

    fn strings(&mut self, list: P<'_>) -> Vec<Str> {
        list.nodes()
            .filter(|p| p.kind() == Rule::string)
            .map(|p| self.string(&p))
            .collect()
    }

    /// One item of a `roles` list: `"<role>"` or `custom "<role>"`.
    fn role(&mut self, role: P<'_>, found: &mut Vec<Str>, custom: &mut Vec<Span>) {
        for part in role.nodes() {
            match part.kind() {
                Rule::string => found.push(self.string(&part)),
                Rule::custom_role => {
                    for s in part.nodes().filter(|p| p.kind() == Rule::string) {
                        let s = self.string(&s);
                        custom.push(s.span);
                        found.push(s);
                    }
                }
                _ => {}
            }
        }
    }

    /// An `expand` or `platform calls` statement, into `extras`; false for other statements.
    fn call_extra(stmt: &P<'_>, extras: &mut CallExtras) -> bool {
        let sp = span(stmt);
        match stmt.kind() {
            Rule::expand => {
                let mut method = None;
                let mut paths = Vec::new();
                for part in stmt.nodes() {
                    match part.kind() {
                        Rule::path => method = Some(name(&part)),
                        Rule::path_list => paths = Self::names(part, Rule::path),
                        _ => {}
                    }
                }
                if let Some(method) = method {
                    extras.expand.push(Expand {
                        span: sp,
                        method,
                        paths,
                    });
                }
                true
            }
            Rule::platform_calls => {
                let calls = stmt
                    .nodes()
                    .filter(|p| p.kind() == Rule::path_list)
                    .flat_map(|p| Self::names(p, Rule::path))
                    .collect();
                extras.platform.push(PlatformCalls { span: sp, calls });
                true
            }
            _ => false,
        }
    }

    fn names(list: P<'_>, rule: Rule) -> Vec<Name> {
        list.nodes()
            .filter(|p| p.kind() == rule)
            .map(|p| name(&p))
            .collect()
    }

    /// A broken `permission <name> …` line still declares `<name>`, so calls that need it
    /// do not report a second, cascading error.
    fn recover_permission(&self, p: &P<'_>) -> Option<PermissionDecl> {
        let text = p.text();
        let rest = text.strip_prefix("permission")?;
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() {
            return None;
        }
        let end = trimmed
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'));
        // A non-ASCII letter inside the name (`customer_réad`) breaks the name itself: its
        // ASCII head is no name the user wrote, and reporting it as an unknown permission
        // would be a second error on the line (SPEC §4.12).
        if end.is_some_and(|(_, c)| c.is_alphanumeric()) {
            return None;
        }
        let len = end.map_or(trimmed.len(), |(i, _)| i);
        let name_text = &trimmed[..len];
        if name_text.is_empty() || name_text.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let start = p.span().start + (text.len() - trimmed.len());
        let sp = span(p);
        Some(PermissionDecl {
            span: sp,
            doc: None,
            name: Name {
                text: name_text.to_string(),
                span: Span::new(start, start + len),
            },
            purpose: Str {
                value: String::new(),
                span: Span::point(sp.end),
            },
            recovered: true,
        })
    }

    /// Parses the body of a block whose header is broken on its own, so that the calls,
    /// events and URLs inside are still checked. The text before the body is replaced by
    /// line breaks (same byte offsets, and the body rules skip line breaks), so every span
    /// still points into the file.
    fn recover_block(&mut self, b: Broken) -> Option<Item> {
        let region = self.src.get(b.body_start..b.end)?;
        let mut padded = "\n".repeat(b.body_start);
        padded.push_str(region);
        let rule = match b.keyword.as_str() {
            "backend" => Rule::backend_body,
            "urls" => Rule::urls_body,
            "view" => Rule::view_body,
            _ => return None,
        };
        let body_tree = SyntaxTree::parse_rule(rule, &padded)?;
        let root = body_tree.root();
        let body = if root.kind() == rule {
            root
        } else {
            root.child(rule)?
        };
        let whole = Span::new(b.header.start, b.end);
        let placeholder = Str {
            value: String::new(),
            span: Span::point(b.header.start),
        };
        match rule {
            Rule::backend_body => {
                let mut decl = BackendDecl {
                    span: whole,
                    keyword: Span::new(b.header.start, b.header.start + "backend".len()),
                    doc: self.doc(whole.start),
                    base_url: placeholder,
                    webhooks: None,
                    runtime: None,
                    endpoints: Vec::new(),
                    handlers: Vec::new(),
                    jobs: Vec::new(),
                    health: None,
                    publics: Vec::new(),
                    oauth_callback: None,
                    recovered: true,
                };
                for stmt in body.nodes() {
                    self.backend_stmt(stmt, &mut decl);
                }
                Some(Item::Backend(decl))
            }
            Rule::urls_body => {
                let mut decl = UrlsDecl {
                    span: whole,
                    keyword: Span::new(b.header.start, b.header.start + "urls".len()),
                    doc: self.doc(whole.start),
                    purpose: placeholder,
                    close: Span::point(b.end),
                    connect: Vec::new(),
                    connect_stmts: Vec::new(),
                    image: Vec::new(),
                    recovered: true,
                };
                self.urls_body(body, &mut decl);
                Some(Item::Urls(decl))
            }
            _ => {
                // `view <Component> …`: keep the component name when it is there.
                let header = &self.src[b.header.start..b.header.end];
                let after = header.strip_prefix("view")?;
                let trimmed = after.trim_start();
                let len = trimmed
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(trimmed.len());
                let at = b.header.start + "view".len() + (after.len() - trimmed.len());
                let mut decl = ViewDecl {
                    span: whole,
                    doc: self.doc(whole.start),
                    component: Name {
                        text: trimmed[..len].to_string(),
                        span: Span::new(at, at + len),
                    },
                    viewport: Name {
                        text: String::new(),
                        span: Span::point(b.header.end),
                    },
                    title: None,
                    calls: Vec::new(),
                    fetch: Vec::new(),
                    uses: Vec::new(),
                    extras: CallExtras::default(),
                    recovered: true,
                };
                self.view_body(body, &mut decl);
                Some(Item::View(decl))
            }
        }
    }

    fn bad(&mut self, p: &P<'_>, context: Context) {
        let problem = expected::broken_line(p.text(), p.span().start, context, self.src);
        self.diags.push(problem.into());
        if context != Context::Top
            && let Some(perm) = self.recover_permission(p)
        {
            self.misplaced.push(perm);
        }
    }

    /// The `///` lines directly above the line where `start` is.
    fn doc(&self, start: usize) -> Option<String> {
        let before = self.src.get(..start)?;
        let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        // Only a declaration that starts its line can own the doc comment above it.
        if !before[line_start..].trim().is_empty() {
            return None;
        }
        let mut lines: Vec<&str> = Vec::new();
        for line in before[..line_start].lines().rev() {
            let t = line.trim();
            match t.strip_prefix("///") {
                Some(rest) if !rest.starts_with('/') => {
                    lines.push(rest.strip_prefix(' ').unwrap_or(rest));
                }
                _ => break,
            }
        }
        if lines.is_empty() {
            return None;
        }
        lines.reverse();
        Some(lines.join("\n"))
    }

    /// Handles the `block_end`/`handler_end` node in one pass: reports a missing `}` or
    /// text after it, and returns where the block closes.
    fn end_of(&mut self, p: P<'_>, open: Span, what: &str) -> Span {
        let end_span = span(&p);
        let mut close = Span::point(end_span.start);
        for inner in p.nodes() {
            match inner.kind() {
                Rule::close_brace => close = span(&inner),
                Rule::trailing_junk | Rule::handler_trailing_junk => {
                    let sp = span(&inner);
                    let text = expected::without_trailing_comment(inner.text()).trim_end();
                    let len = text.len().max(1).min(sp.end - sp.start);
                    self.diags.push(
                        SyntaxProblem::AfterClosingBrace {
                            span: Span::new(sp.start, sp.start + len),
                        }
                        .into(),
                    );
                }
                Rule::missing_close | Rule::missing_handler_close => {
                    self.diags.push(
                        SyntaxProblem::Unclosed {
                            span: open,
                            block: what.to_string(),
                        }
                        .into(),
                    );
                }
                _ => {}
            }
        }
        close
    }

    /// A `brace_on_next_line` node was seen before the `{` at `open`: report it, with a fix
    /// joining the `{` to the declaration's line (unless a comment sits in between).
    fn brace_on_next_line(&mut self, gap: Span, open: Span) {
        let line_start = self.src[..gap.start]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let header = &self.src[line_start..gap.start];
        let mut d = Diagnostic::from(SyntaxProblem::BraceOnNextLine { span: open });
        let gap_text = &self.src[gap.start..open.start];
        if expected::without_trailing_comment(header).len() == header.len()
            && gap_text.trim().is_empty()
        {
            d = d.fix(
                crate::diagnostics::FixKind::JoinOpeningBrace,
                vec![crate::diagnostics::Edit {
                    span: Span::new(gap.start, open.start),
                    new_text: " ".to_string(),
                }],
            );
        }
        self.diags.push(d);
    }

    fn app(&mut self, p: P<'_>) -> AppDecl {
        let whole = span(&p);
        let mut decl = AppDecl {
            span: whole,
            keyword: Span::point(whole.start),
            doc: self.doc(whole.start),
            id: Str {
                value: String::new(),
                span: Span::point(whole.start),
            },
            open: Span::point(whole.start),
            stmts: Vec::new(),
            broken: Vec::new(),
        };
        let mut gap: Option<Span> = None;
        for inner in p.nodes() {
            match inner.kind() {
                Rule::kw_app => decl.keyword = span(&inner),
                Rule::string => decl.id = self.string(&inner),
                Rule::brace_on_next_line => gap = Some(span(&inner)),
                Rule::open_brace => {
                    decl.open = span(&inner);
                    if let Some(g) = gap {
                        self.brace_on_next_line(g, decl.open);
                    }
                }
                Rule::app_body => {
                    for stmt in inner.nodes() {
                        if stmt.kind() == Rule::bad_stmt {
                            let word: String = stmt
                                .text()
                                .trim_start()
                                .chars()
                                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                                .collect();
                            decl.broken.push(word);
                        }
                        if let Some(s) = self.app_stmt(stmt) {
                            decl.stmts.push(s);
                        }
                    }
                }
                Rule::block_end => {
                    self.end_of(inner, decl.open, "app");
                }
                _ => {}
            }
        }
        decl
    }

    fn app_stmt(&mut self, p: P<'_>) -> Option<AppStmt> {
        let rule = p.kind();
        if rule == Rule::bad_stmt {
            self.bad(&p, Context::App);
            return None;
        }
        let mut inner = p.nodes();
        let kw = inner.next()?;
        let keyword = span(&kw);
        let parts: Vec<P<'_>> = inner.collect();
        let first = parts.first()?;
        // The statement ends with its last token: pest's span would also cover a comment
        // skipped before an optional part that was not there.
        let sp = keyword.to(parts.last().map_or(keyword, span));
        let kind = match rule {
            Rule::app_name => AppStmtKind::Name(self.string(first)),
            Rule::app_version => AppStmtKind::Version(self.string(first)),
            Rule::app_icon => AppStmtKind::Icon(self.string(first)),
            Rule::app_distribution => AppStmtKind::Distribution(name(first)),
            Rule::app_api_access => AppStmtKind::ApiAccess(name(first)),
            Rule::app_sandbox_install => AppStmtKind::SandboxInstall(name(first)),
            Rule::app_post_install => AppStmtKind::PostInstall {
                kind: name(first),
                url: parts.get(1).map(|u| self.string(u)),
            },
            Rule::app_redirect => AppStmtKind::Redirect(self.string(first)),
            Rule::app_constant => {
                let value_pair = (*parts.get(1)?).nodes().next()?;
                let value = match value_pair.kind() {
                    Rule::string => Value::Str(self.string(&value_pair)),
                    Rule::number => Value::Number(value_pair.text().to_string(), span(&value_pair)),
                    Rule::boolean => Value::Bool(value_pair.text() == "true", span(&value_pair)),
                    _ => return None,
                };
                AppStmtKind::Constant {
                    name: name(first),
                    value,
                }
            }
            _ => return None,
        };
        Some(AppStmt {
            span: sp,
            keyword,
            kind,
        })
    }

    fn profile(&mut self, p: P<'_>) -> ProfileDecl {
        let whole = span(&p);
        let mut decl = ProfileDecl {
            span: whole,
            keyword: Span::point(whole.start),
            doc: self.doc(whole.start),
            name: Name {
                text: String::new(),
                span: Span::point(whole.start),
            },
            open: Span::point(whole.start),
            stmts: Vec::new(),
        };
        let mut gap: Option<Span> = None;
        for inner in p.nodes() {
            match inner.kind() {
                Rule::kw_profile => decl.keyword = span(&inner),
                Rule::profile_name => decl.name = name(&inner),
                Rule::brace_on_next_line => gap = Some(span(&inner)),
                Rule::open_brace => {
                    decl.open = span(&inner);
                    if let Some(g) = gap {
                        self.brace_on_next_line(g, decl.open);
                    }
                }
                Rule::profile_body => {
                    for stmt in inner.nodes() {
                        if let Some(s) = self.profile_stmt(stmt) {
                            decl.stmts.push(s);
                        }
                    }
                }
                Rule::block_end => {
                    self.end_of(inner, decl.open, "profile");
                }
                _ => {}
            }
        }
        decl
    }

    /// A statement of a `profile` block: the `app` and `urls` statements it shares are
    /// lowered by their own code.
    fn profile_stmt(&mut self, p: P<'_>) -> Option<ProfileStmt> {
        let rule = p.kind();
        if matches!(rule, Rule::bad_stmt | Rule::bad_profile_backend) {
            self.bad(&p, Context::Profile);
            return None;
        }
        let keyword = span(&p.nodes().next()?);
        let kind = match rule {
            Rule::profile_backend => {
                let url = p.nodes().find(|n| n.kind() == Rule::string)?;
                ProfileStmtKind::Backend(self.string(&url))
            }
            Rule::urls_connect | Rule::urls_image => {
                let list = p.nodes().find(|n| n.kind() == Rule::string_list)?;
                let urls = self.strings(list);
                if rule == Rule::urls_connect {
                    ProfileStmtKind::Connect(urls)
                } else {
                    ProfileStmtKind::Image(urls)
                }
            }
            _ => {
                let stmt = self.app_stmt(p)?;
                let kind = match stmt.kind {
                    AppStmtKind::Name(s) => ProfileStmtKind::Name(s),
                    AppStmtKind::Redirect(s) => ProfileStmtKind::Redirect(s),
                    AppStmtKind::Constant { name, value } => {
                        ProfileStmtKind::Constant { name, value }
                    }
                    _ => return None,
                };
                return Some(ProfileStmt {
                    span: stmt.span,
                    keyword: stmt.keyword,
                    kind,
                });
            }
        };
        Some(ProfileStmt {
            span: keyword.to(span(&p)),
            keyword,
            kind,
        })
    }

    fn permission(&mut self, p: P<'_>) -> Option<PermissionDecl> {
        let sp = span(&p);
        let mut name_pair = None;
        let mut purpose = None;
        for inner in p.nodes() {
            match inner.kind() {
                Rule::ident => name_pair = Some(name(&inner)),
                Rule::string => purpose = Some(self.string(&inner)),
                _ => {}
            }
        }
        Some(PermissionDecl {
            span: sp,
            doc: self.doc(sp.start),
            name: name_pair?,
            purpose: purpose?,
            recovered: false,
        })
    }

    fn urls(&mut self, p: P<'_>) -> UrlsDecl {
        let sp = span(&p);
        let mut decl = UrlsDecl {
            span: sp,
            keyword: Span::point(sp.start),
            doc: self.doc(sp.start),
            purpose: Str {
                value: String::new(),
                span: Span::point(sp.start),
            },
            close: Span::point(sp.end),
            connect: Vec::new(),
            connect_stmts: Vec::new(),
            image: Vec::new(),
            recovered: false,
        };
        let mut open = Span::point(sp.start);
        let mut gap: Option<Span> = None;
        for inner in p.nodes() {
            match inner.kind() {
                Rule::kw_urls => decl.keyword = span(&inner),
                Rule::string => decl.purpose = self.string(&inner),
                Rule::brace_on_next_line => gap = Some(span(&inner)),
                Rule::open_brace => {
                    open = span(&inner);
                    if let Some(g) = gap {
                        self.brace_on_next_line(g, open);
                    }
                }
                Rule::urls_body => self.urls_body(inner, &mut decl),
                Rule::block_end => decl.close = self.end_of(inner, open, "urls"),
                _ => {}
            }
        }
        decl
    }

    fn urls_body(&mut self, body: P<'_>, decl: &mut UrlsDecl) {
        for stmt in body.nodes() {
            match stmt.kind() {
                Rule::urls_connect | Rule::urls_image => {
                    let is_connect = stmt.kind() == Rule::urls_connect;
                    if is_connect {
                        decl.connect_stmts.push(span(&stmt));
                    }
                    for part in stmt.nodes() {
                        if part.kind() == Rule::string_list {
                            let list = self.strings(part);
                            if is_connect {
                                decl.connect.extend(list);
                            } else {
                                decl.image.extend(list);
                            }
                        }
                    }
                }
                Rule::bad_stmt => self.bad(&stmt, Context::Urls),
                _ => {}
            }
        }
    }

    fn view_body(&mut self, body: P<'_>, decl: &mut ViewDecl) {
        for stmt in body.nodes() {
            let rule = stmt.kind();
            if rule == Rule::bad_stmt {
                self.bad(&stmt, Context::View);
                continue;
            }
            if Self::call_extra(&stmt, &mut decl.extras) {
                continue;
            }
            for part in stmt.nodes() {
                match (rule, part.kind()) {
                    (Rule::view_title, Rule::string) => {
                        let title = self.string(&part);
                        if let Some(first) = &decl.title {
                            self.diags.push(
                                SyntaxProblem::Repeated {
                                    span: title.span,
                                    first: first.span,
                                    statement: Once::ViewTitle,
                                }
                                .into(),
                            );
                        } else {
                            decl.title = Some(title);
                        }
                    }
                    (Rule::view_calls, Rule::path_list) => {
                        decl.calls.extend(Self::names(part, Rule::path))
                    }
                    (Rule::view_fetch, Rule::string_list) => {
                        let list = self.strings(part);
                        decl.fetch.extend(list)
                    }
                    (Rule::view_uses, Rule::ident_list) => {
                        decl.uses.extend(Self::names(part, Rule::ident))
                    }
                    _ => {}
                }
            }
        }
    }

    fn view(&mut self, p: P<'_>) -> Option<ViewDecl> {
        let sp = span(&p);
        let mut component = None;
        let mut viewport = None;
        let mut decl = ViewDecl {
            span: sp,
            doc: self.doc(sp.start),
            component: Name {
                text: String::new(),
                span: sp,
            },
            viewport: Name {
                text: String::new(),
                span: sp,
            },
            title: None,
            calls: Vec::new(),
            fetch: Vec::new(),
            uses: Vec::new(),
            extras: CallExtras::default(),
            recovered: false,
        };
        let mut open = Span::point(sp.start);
        let mut gap: Option<Span> = None;
        for inner in p.nodes() {
            match inner.kind() {
                Rule::ident => component = Some(name(&inner)),
                Rule::path => viewport = Some(name(&inner)),
                Rule::brace_on_next_line => gap = Some(span(&inner)),
                Rule::open_brace => {
                    open = span(&inner);
                    if let Some(g) = gap {
                        self.brace_on_next_line(g, open);
                    }
                }
                Rule::view_body => self.view_body(inner, &mut decl),
                Rule::block_end => {
                    self.end_of(inner, open, "view");
                }
                _ => {}
            }
        }
        decl.component = component?;
        decl.viewport = viewport?;
        Some(decl)
    }

    fn backend(&mut self, p: P<'_>) -> BackendDecl {
        let sp = span(&p);
        let mut decl = BackendDecl {
            span: sp,
            keyword: Span::point(sp.start),
            doc: self.doc(sp.start),
            base_url: Str {
                value: String::new(),
                span: Span::point(sp.start),
            },
            webhooks: None,
            runtime: None,
            endpoints: Vec::new(),
            handlers: Vec::new(),
            jobs: Vec::new(),
            health: None,
            publics: Vec::new(),
            oauth_callback: None,
            recovered: false,
        };
        let mut open = Span::point(sp.start);
        let mut gap: Option<Span> = None;
        for inner in p.nodes() {
            match inner.kind() {
                Rule::kw_backend => decl.keyword = span(&inner),
                Rule::string => decl.base_url = self.string(&inner),
                Rule::brace_on_next_line => gap = Some(span(&inner)),
                Rule::open_brace => {
                    open = span(&inner);
                    if let Some(g) = gap {
                        self.brace_on_next_line(g, open);
                    }
                }
                Rule::backend_body => {
                    for stmt in inner.nodes() {
                        self.backend_stmt(stmt, &mut decl);
                    }
                }
                Rule::block_end => {
                    self.end_of(inner, open, "backend");
                }
                _ => {}
            }
        }
        decl
    }

    fn backend_stmt(&mut self, stmt: P<'_>, decl: &mut BackendDecl) {
        let sp = span(&stmt);
        let doc = self.doc(sp.start);
        match stmt.kind() {
            Rule::bad_stmt => self.bad(&stmt, Context::Backend),
            Rule::backend_webhooks => self.once_string(stmt, &mut decl.webhooks, Once::Webhooks),
            Rule::backend_runtime => {
                for part in stmt.nodes() {
                    if part.kind() == Rule::ident {
                        let value = name(&part);
                        if let Some(first) = &decl.runtime {
                            self.diags.push(
                                SyntaxProblem::Repeated {
                                    span: value.span,
                                    first: first.span,
                                    statement: Once::Runtime,
                                }
                                .into(),
                            );
                        } else {
                            decl.runtime = Some(value);
                        }
                    }
                }
            }
            Rule::backend_health => self.once_string(stmt, &mut decl.health, Once::Health),
            Rule::backend_public => {
                let mut route = PublicDecl {
                    span: sp,
                    doc,
                    name: Name {
                        text: String::new(),
                        span: sp,
                    },
                    method: None,
                    path: Str {
                        value: String::new(),
                        span: sp,
                    },
                    calls: Vec::new(),
                    roles: Vec::new(),
                    extras: CallExtras::default(),
                };
                let mut names = 0;
                for part in stmt.nodes() {
                    match part.kind() {
                        // The first name is the route's, a second one its method.
                        Rule::ident if names == 0 => {
                            route.name = name(&part);
                            names += 1;
                        }
                        Rule::ident => route.method = Some(name(&part)),
                        Rule::string => route.path = self.string(&part),
                        Rule::handler_block => self.handler(
                            part,
                            "public",
                            &mut route.calls,
                            &mut route.extras,
                            None,
                            Some(&mut route.roles),
                        ),
                        _ => {}
                    }
                }
                if names > 0 {
                    decl.publics.push(route);
                }
            }
            Rule::backend_oauth_callback => {
                let mut cb = OauthCallbackDecl {
                    span: sp,
                    keyword: Span::new(sp.start, sp.start + "oauth_callback".len()),
                    doc,
                    path: Str {
                        value: String::new(),
                        span: sp,
                    },
                    calls: Vec::new(),
                    roles: Vec::new(),
                    extras: CallExtras::default(),
                };
                for part in stmt.nodes() {
                    match part.kind() {
                        Rule::string => cb.path = self.string(&part),
                        Rule::handler_block => self.handler(
                            part,
                            "oauth_callback",
                            &mut cb.calls,
                            &mut cb.extras,
                            None,
                            Some(&mut cb.roles),
                        ),
                        _ => {}
                    }
                }
                if let Some(first) = &decl.oauth_callback {
                    self.diags.push(
                        SyntaxProblem::Repeated {
                            span: cb.keyword,
                            first: first.keyword,
                            statement: Once::OauthCallback,
                        }
                        .into(),
                    );
                } else {
                    decl.oauth_callback = Some(Box::new(cb));
                }
            }
            Rule::backend_endpoint => {
                let mut ep = EndpointDecl {
                    span: sp,
                    doc,
                    name: Name {
                        text: String::new(),
                        span: sp,
                    },
                    path: None,
                    calls: Vec::new(),
                    roles: Vec::new(),
                    custom_roles: Vec::new(),
                    extras: CallExtras::default(),
                };
                let mut named = false;
                for part in stmt.nodes() {
                    match part.kind() {
                        Rule::ident => {
                            ep.name = name(&part);
                            named = true;
                        }
                        Rule::string => ep.path = Some(self.string(&part)),
                        Rule::handler_block => self.handler(
                            part,
                            "endpoint",
                            &mut ep.calls,
                            &mut ep.extras,
                            Some((&mut ep.roles, &mut ep.custom_roles)),
                            None,
                        ),
                        _ => {}
                    }
                }
                if named {
                    decl.endpoints.push(ep);
                }
            }
            Rule::backend_on => {
                let mut on = OnDecl {
                    span: sp,
                    doc,
                    events: Vec::new(),
                    calls: Vec::new(),
                    extras: CallExtras::default(),
                };
                for part in stmt.nodes() {
                    match part.kind() {
                        Rule::path_list => on.events = Self::names(part, Rule::path),
                        Rule::handler_block => {
                            self.handler(part, "on", &mut on.calls, &mut on.extras, None, None)
                        }
                        _ => {}
                    }
                }
                decl.handlers.push(on);
            }
            Rule::backend_job => {
                let mut job = JobDecl {
                    span: sp,
                    doc,
                    name: Name {
                        text: String::new(),
                        span: sp,
                    },
                    calls: Vec::new(),
                    extras: CallExtras::default(),
                };
                let mut named = false;
                for part in stmt.nodes() {
                    match part.kind() {
                        Rule::ident => {
                            job.name = name(&part);
                            named = true;
                        }
                        Rule::handler_block => {
                            self.handler(part, "job", &mut job.calls, &mut job.extras, None, None)
                        }
                        _ => {}
                    }
                }
                if named {
                    decl.jobs.push(job);
                }
            }
            _ => {}
        }
    }

    /// A statement of one string that a block has at most once (`webhooks`, `health`).
    fn once_string(&mut self, stmt: P<'_>, slot: &mut Option<Str>, statement: Once) {
        for part in stmt.nodes() {
            if part.kind() == Rule::string {
                let value = self.string(&part);
                if let Some(first) = slot {
                    self.diags.push(
                        SyntaxProblem::Repeated {
                            span: value.span,
                            first: first.span,
                            statement,
                        }
                        .into(),
                    );
                } else {
                    *slot = Some(value);
                }
            }
        }
    }

    fn handler(
        &mut self,
        block: P<'_>,
        what: &str,
        calls: &mut Vec<Name>,
        extras: &mut CallExtras,
        mut roles: Option<(&mut Vec<Str>, &mut Vec<Span>)>,
        mut unsigned: Option<&mut Vec<Span>>,
    ) {
        let mut open = span(&block);
        let mut gap: Option<Span> = None;
        for part in block.nodes() {
            match part.kind() {
                Rule::brace_on_next_line => gap = Some(span(&part)),
                Rule::open_brace => {
                    open = span(&part);
                    if let Some(g) = gap {
                        self.brace_on_next_line(g, open);
                    }
                }
                Rule::handler_body => {
                    for stmt in part.nodes() {
                        match stmt.kind() {
                            Rule::bad_handler_stmt => self.bad(&stmt, Context::Handler),
                            Rule::expand | Rule::platform_calls => {
                                Self::call_extra(&stmt, extras);
                            }
                            Rule::handler_calls => {
                                for list in stmt.nodes() {
                                    if list.kind() == Rule::path_list {
                                        calls.extend(Self::names(list, Rule::path));
                                    }
                                }
                            }
                            Rule::handler_roles => {
                                let sp = span(&stmt);
                                let mut found = Vec::new();
                                let mut custom = Vec::new();
                                for list in stmt.nodes() {
                                    if list.kind() == Rule::role_list {
                                        for role in list.nodes().filter(|r| r.kind() == Rule::role)
                                        {
                                            self.role(role, &mut found, &mut custom);
                                        }
                                    }
                                }
                                match roles.as_mut() {
                                    Some((r, c)) => {
                                        r.extend(found);
                                        c.extend(custom);
                                    }
                                    // Reported by the check (E0801): not a syntax error, so
                                    // `fmt` still formats the file.
                                    None if unsigned.is_some() => {
                                        if let Some(u) = unsigned.as_mut() {
                                            u.push(Span::new(sp.start, sp.start + "roles".len()));
                                        }
                                    }
                                    None => self.diags.push(
                                        SyntaxProblem::RolesOutsideEndpoint {
                                            span: Span::new(sp.start, sp.start + "roles".len()),
                                            block: what.to_string(),
                                        }
                                        .into(),
                                    ),
                                }
                            }
                            _ => {}
                        }
                    }
                }
                Rule::handler_end => {
                    self.end_of(part, open, what);
                }
                _ => {}
            }
        }
    }
}
