//! Walking the code each view and handler runs, from its entry point: the module code of
//! every project module it loads, the functions it calls (with the arguments bound to
//! their parameters), the callbacks and components it hands on, and what those reach.
//! Declared-but-never-reached functions are not walked: their calls are dead code.

use super::eval::{Body, Eval, Frame, fn_parts};
use super::project::{Project, Target};
use super::value::{FnRef, HandlerArg, Part, Value};
use super::{
    AppShape, ClientOrigin, FetchUrl, Finding, Found, Location, Owner, Scan, ScannedFile, Unchecked,
};
use crate::ast::Span;
use crate::catalogue;
use oxc_ast::AstKind;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_semantic::NodeId;
use oxc_semantic::ScopeFlags;
use oxc_span::GetSpan;
use rustc_hash::FxHashSet;

/// Makes the owner of a handler from its name.
type OwnerOf = fn(String) -> Owner;

/// How deep walks nest (a call inside a called function inside …) before stopping.
const MAX_WALK_DEPTH: usize = 64;

/// Members of a stripe-node client that are not API methods.
const NOT_API: &[&str] = &[
    "webhooks",
    "errors",
    "oauth",
    "setApiKey",
    "setHost",
    "setTimeout",
    "setMaxNetworkRetries",
    "setAppInfo",
    "setTelemetryEnabled",
    "on",
    "off",
    "once",
    "getApiField",
    "getConstant",
    "getClientUserAgent",
    "createFetchHttpClient",
    "createNodeHttpClient",
    "createSubtleCryptoProvider",
    "StripeResource",
    "testHelpers",
];

pub fn run(project: &Project<'_>, app: &AppShape) -> Scan {
    let mut w = Walker {
        ev: Eval::new(project, app),
        owner: Owner::View(String::new()),
        findings: Vec::new(),
        seen: FxHashSet::default(),
        walked: FxHashSet::default(),
        modules_walked: FxHashSet::default(),
        frames: Vec::new(),
        current_ref: None,
    };
    let mut owners = Vec::new();
    for (view, entry) in app.views.iter().zip(&project.views) {
        let Some(entry) = *entry else { continue };
        let owner = Owner::View(view.clone());
        owners.push(owner.clone());
        w.start(owner);
        w.load(entry);
        let default = w.ev.export(entry, "default");
        match default {
            Value::Function(f) => w.walk_fn(f, vec![Value::ViewProps]),
            _ => {
                let at = Span::new(0, 0);
                w.record_at(entry, at, Found::Unresolved(Unchecked::Code, format!(
                    "the view's file has no default-exported component the scanner can follow; the code of {view} is not checked"
                )));
            }
        }
    }
    if let Some(h) = project.handlers {
        w.handlers(h, &mut owners);
    }
    let mut findings = w.findings;
    findings.sort_by(|a, b| (&a.owner, a.at).cmp(&(&b.owner, b.at)));
    findings.dedup();
    Scan {
        files: project
            .modules
            .iter()
            .map(|m| ScannedFile {
                path: m.path.clone(),
                text: m.semantic.source_text().to_string(),
            })
            .collect(),
        findings,
        owners,
        problems: project.problems.clone(),
    }
}

struct Walker<'p, 'a> {
    ev: Eval<'p, 'a>,
    owner: Owner,
    findings: Vec<Finding>,
    /// Walks done for this owner: function and arguments.
    seen: FxHashSet<(usize, u32, String)>,
    /// Functions walked for this owner, with any arguments.
    walked: FxHashSet<(usize, u32)>,
    modules_walked: FxHashSet<usize>,
    frames: Vec<Frame<'a>>,
    /// The reference being looked at, where a helper handed on is recorded.
    current_ref: Option<oxc_span::Span>,
}

impl<'p, 'a> Walker<'p, 'a> {
    fn start(&mut self, owner: Owner) {
        self.owner = owner;
        self.seen.clear();
        self.walked.clear();
        self.modules_walked.clear();
    }

    fn module(&self) -> usize {
        self.frames.last().map_or(0, |f| f.module)
    }

    fn frame(&self) -> Frame<'a> {
        self.frames.last().cloned().unwrap_or_default()
    }

    fn record(&mut self, found: Found, span: oxc_span::Span) {
        let module = self.module();
        self.record_at(
            module,
            Span::new(span.start as usize, span.end as usize),
            found,
        );
    }

    fn record_at(&mut self, module: usize, span: Span, found: Found) {
        self.findings.push(Finding {
            owner: self.owner.clone(),
            found,
            at: Location { file: module, span },
        });
    }

    /// Runs a module's own code as loading it does, and that of the project modules it
    /// imports first.
    fn load(&mut self, module: usize) {
        if !self.modules_walked.insert(module) {
            return;
        }
        let Some(m) = self.ev.project.modules.get(module) else {
            return;
        };
        let imports: Vec<usize> = m
            .imports
            .values()
            .filter_map(|t| match t {
                Target::Module(i) => Some(*i),
                _ => None,
            })
            .collect();
        for i in imports {
            self.load(i);
        }
        let program = m.program;
        self.frames.push(Frame::new(module));
        for stmt in &program.body {
            match stmt {
                // The default export of a view is walked with the view's props.
                Statement::ExportDefaultDeclaration(_) => {}
                _ => self.visit_statement(stmt),
            }
        }
        self.frames.pop();
    }

    /// Walks a function's body with its parameters bound to `args`.
    fn walk_fn(&mut self, f: FnRef<'a>, args: Vec<Value<'a>>) {
        if self.frames.len() > MAX_WALK_DEPTH {
            return;
        }
        let mut key = String::new();
        for a in &args {
            a.key(&mut key);
            key.push(',');
        }
        if !self.seen.insert((f.module(), f.start(), key)) {
            return;
        }
        self.walked.insert((f.module(), f.start()));
        let (params, body) = fn_parts(f);
        let mut frame = Frame::new(f.module());
        // A closure sees what its enclosing walk bound.
        if let Some(outer) = self.frames.last()
            && outer.module == f.module()
        {
            frame.bindings = outer.bindings.clone();
        }
        self.ev.bind_params(&mut frame, params, args);
        self.frames.push(frame);
        for p in &params.items {
            if let Some(init) = &p.initializer {
                self.visit_expression(init);
            }
        }
        match body {
            Body::Statements(stmts) => {
                for s in stmts {
                    self.visit_statement(s);
                }
            }
            Body::Expression(e) => self.visit_expression(e),
        }
        self.frames.pop();
    }

    /// A function the code hands on (a callback, a prop) runs too, with arguments the
    /// scanner does not know.
    fn escape(&mut self, v: &Value<'a>) {
        match v {
            Value::Function(f) if !self.walked.contains(&(f.module(), f.start())) => {
                self.walk_fn(*f, Vec::new());
            }
            Value::Object(props) => {
                for (_, p) in props {
                    if let Value::Function(_) = p {
                        self.escape(p);
                    }
                }
            }
            Value::Endpoint(e) => self.pending_use(Found::Endpoint(e.clone())),
            Value::Sdk(s) => self.pending_use(Found::Sdk(super::Sdk(s))),
            _ => {}
        }
    }

    /// Set by `escape` for a helper handed on: recorded where it was referenced.
    fn pending_use(&mut self, found: Found) {
        if let Some(span) = self.current_ref.take() {
            self.record(found, span);
        }
    }

    fn eval(&mut self, e: &'a Expression<'a>) -> Value<'a> {
        let frame = self.frame();
        self.ev.expr(&frame, e)
    }

    /// The backend: each handler of the exported `handlers` object.
    fn handlers(&mut self, module: usize, owners: &mut Vec<Owner>) {
        let value = self.ev.export(module, "handlers");
        let groups: [(&str, OwnerOf); 3] = [
            ("endpoints", Owner::Endpoint),
            ("events", Owner::Event),
            ("jobs", Owner::Job),
        ];
        let Value::Object(_) = &value else {
            self.start(Owner::Backend);
            self.record_at(module, Span::new(0, 0), Found::Unresolved(
                Unchecked::Code,
                "backend/src/handlers.ts exports no `handlers` object the scanner can follow; the backend's code is not checked".to_string(),
            ));
            return;
        };
        for (group, make) in groups {
            let Some(Value::Object(handlers)) = value.property(group).cloned() else {
                continue;
            };
            for (name, handler) in handlers {
                let owner = make(name.clone());
                owners.push(owner.clone());
                self.start(owner);
                self.load(module);
                let args = match group {
                    "endpoints" => vec![Value::Handler(HandlerArg::WithClient)],
                    "events" => vec![Value::Unknown, Value::Handler(HandlerArg::WithClient)],
                    _ => vec![Value::Handler(HandlerArg::Job)],
                };
                match handler {
                    Value::Function(f) => self.walk_fn(f, args),
                    _ => self.record_at(module, Span::new(0, 0), Found::Unresolved(Unchecked::Code, format!(
                        "the handler `{name}` is not a function the scanner can follow; its code is not checked"
                    ))),
                }
            }
        }
    }

    /// The node behind a visited reference, with the arena's lifetime.
    fn kind(&self, id: NodeId) -> Option<AstKind<'a>> {
        let m = self.ev.project.modules.get(self.module())?;
        if id.index() >= m.semantic.nodes().len() {
            return None;
        }
        Some(m.semantic.nodes().kind(id))
    }

    fn handle_call(&mut self, c: &'a CallExpression<'a>) {
        let callee = strip(&c.callee);
        match callee {
            Expression::StaticMemberExpression(m) => {
                let obj = self.eval(&m.object);
                let prop = m.property.name.as_str();
                if let Value::Client(o) | Value::Resource(o, _) = &obj {
                    let origin = *o;
                    if let (Value::Client(_), "rawRequest") = (&obj, prop) {
                        self.raw_request(c, origin);
                    } else {
                        let mut path = match obj {
                            Value::Resource(_, p) => p,
                            _ => Vec::new(),
                        };
                        path.push(prop.to_string());
                        if let Some(method) = self.api_call(path, origin, m.span) {
                            self.call_expansions(&method, c, m.span);
                        }
                    }
                    self.visit_arguments(&c.arguments);
                    return;
                }
                if let Value::DynamicResource(_) = obj {
                    self.dynamic_method(m.span);
                    self.visit_arguments(&c.arguments);
                    return;
                }
                let v = self.ev.member(obj, prop);
                if self.dispatch(c, v) {
                    self.visit_arguments(&c.arguments);
                    return;
                }
            }
            Expression::ComputedMemberExpression(m) => {
                let obj = self.eval(&m.object);
                if let Value::DynamicResource(_) = obj {
                    self.dynamic_method(m.span);
                    self.visit_arguments(&c.arguments);
                    return;
                }
                if let Value::Client(o) | Value::Resource(o, _) = &obj {
                    let origin = *o;
                    let key = self.eval(&m.expression).as_static();
                    match key {
                        Some(k) => {
                            let mut path = match obj {
                                Value::Resource(_, p) => p,
                                _ => Vec::new(),
                            };
                            path.push(k);
                            if let Some(method) = self.api_call(path, origin, m.span) {
                                self.call_expansions(&method, c, m.span);
                            }
                        }
                        None => self.dynamic_method(m.span),
                    }
                    self.visit_arguments(&c.arguments);
                    return;
                }
            }
            Expression::Identifier(_) | Expression::ChainExpression(_) => {
                let v = self.eval(callee);
                if self.dispatch(c, v) {
                    self.visit_arguments(&c.arguments);
                    return;
                }
            }
            _ => {}
        }
        walk::walk_call_expression(self, c);
    }

    /// Handles a call by what it calls; `false` when it is nothing the scanner tracks.
    fn dispatch(&mut self, c: &'a CallExpression<'a>, callee: Value<'a>) -> bool {
        match callee {
            Value::GlobalFetch | Value::HelperFetch => {
                self.fetch(c);
                true
            }
            Value::Endpoint(e) => {
                self.record(Found::Endpoint(e), c.callee.span());
                true
            }
            Value::Sdk(s) => {
                self.record(Found::Sdk(super::Sdk(s)), c.callee.span());
                true
            }
            Value::Function(f) => {
                let frame = self.frame();
                let args = self.ev.args(&frame, &c.arguments);
                self.walk_fn(f, args);
                true
            }
            _ => false,
        }
    }

    fn dynamic_method(&mut self, span: oxc_span::Span) {
        let shown = snippet(self.ev.project.text(self.module()), span);
        self.record(
            Found::Unresolved(Unchecked::Call, format!(
                "`{shown}(…)` chooses its Stripe method at run time; its permission is not checked"
            )),
            span,
        );
    }

    /// Records a call of the method at `path` below a client; the method when it is one
    /// the catalogue knows.
    fn api_call(
        &mut self,
        path: Vec<String>,
        via: ClientOrigin,
        span: oxc_span::Span,
    ) -> Option<String> {
        let method = path.join(".");
        if catalogue::method(&method).is_some() {
            self.record(
                Found::Call {
                    method: method.clone(),
                    via,
                },
                span,
            );
            return Some(method);
        }
        let first = path.first().map_or("", String::as_str);
        let prefix = format!("{first}.");
        if NOT_API.contains(&first)
            || !catalogue::METHODS
                .iter()
                .any(|m| m.name.starts_with(&prefix))
        {
            return None;
        }
        self.record(
            Found::Unresolved(Unchecked::Call, format!(
                "`{method}` is not a stripe-node method the catalogue knows; its permission is not checked"
            )),
            span,
        );
        None
    }

    /// The `expand` option of a call of `method`, in whichever object argument carries it
    /// (stripe-node takes it in the params of every method).
    fn call_expansions(&mut self, method: &str, c: &'a CallExpression<'a>, span: oxc_span::Span) {
        let frame = self.frame();
        let args = self.ev.args(&frame, &c.arguments);
        self.expansions(method, &args, span);
    }

    fn expansions(&mut self, method: &str, args: &[Value<'a>], span: oxc_span::Span) {
        for arg in args {
            let Some(list) = arg.property("expand") else {
                continue;
            };
            let paths: Option<Vec<String>> = match list {
                Value::List(items) => items.iter().map(Value::as_static).collect(),
                _ => None,
            };
            match paths {
                Some(paths) => {
                    for path in paths {
                        let found = Found::Expand {
                            method: method.to_string(),
                            path,
                        };
                        self.record(found, span);
                    }
                }
                None => self.record(
                    Found::Unresolved(Unchecked::Expand, format!(
                        "`{method}` is called with an `expand` list chosen at run time; which fields it expands is not checked"
                    )),
                    span,
                ),
            }
        }
    }

    /// `stripe.rawRequest(method, path, params)`: the catalogue method with that verb and
    /// path.
    fn raw_request(&mut self, c: &'a CallExpression<'a>, via: ClientOrigin) {
        let frame = self.frame();
        let args = self.ev.args(&frame, &c.arguments);
        let verb = args.first().and_then(Value::as_static);
        let path = args.get(1).map(Value::parts);
        let mut expanded = None;
        let found = match (verb, path) {
            (Some(verb), Some(path)) => {
                let matches: Vec<&str> = catalogue::METHODS
                    .iter()
                    .filter(|m| m.http.eq_ignore_ascii_case(&verb) && path_matches(m.path, &path))
                    .map(|m| m.name)
                    .collect();
                match matches.as_slice() {
                    [one] => {
                        expanded = Some(one.to_string());
                        Found::Call {
                            method: one.to_string(),
                            via,
                        }
                    }
                    [] => Found::Unresolved(Unchecked::Call, format!(
                        "`rawRequest('{verb}', '{}')` matches no method the catalogue knows; its permission is not checked",
                        shown_parts(&path)
                    )),
                    _ => Found::Unresolved(Unchecked::Call, format!(
                        "`rawRequest('{verb}', '{}')` could be any of {}; its permission is not checked",
                        shown_parts(&path),
                        matches.join(", ")
                    )),
                }
            }
            _ => Found::Unresolved(
                Unchecked::Call,
                "a `rawRequest` whose method or path is chosen at run time; its permission is not checked".to_string(),
            ),
        };
        self.record(found, c.span);
        // `rawRequest(verb, path, params)`: the params may ask for expansions.
        if let Some(method) = expanded {
            self.expansions(&method, args.get(2..).unwrap_or(&[]), c.span);
        }
    }

    fn fetch(&mut self, c: &'a CallExpression<'a>) {
        let Some(arg) = c.arguments.first().and_then(|a| a.as_expression()) else {
            self.record(
                Found::Unresolved(
                    Unchecked::Fetch,
                    "a `fetch` without a URL the scanner can read".to_string(),
                ),
                c.span,
            );
            return;
        };
        let v = self.eval(arg);
        let span = arg.span();
        let found = match &v {
            Value::Str(parts) => {
                let mut text = String::new();
                let mut complete = true;
                for p in parts {
                    match p {
                        Part::Text(t) => text.push_str(t),
                        Part::Dynamic => {
                            complete = false;
                            break;
                        }
                    }
                }
                let url = FetchUrl { text, complete };
                if url.is_checkable() {
                    Found::Fetch(url)
                } else {
                    Found::Unresolved(
                        Unchecked::Fetch,
                        format!(
                            "a `fetch` of `{}`, a URL built at run time; it is not checked against the declared URLs",
                            shown_parts(parts)
                        ),
                    )
                }
            }
            _ => {
                let shown = snippet(self.ev.project.text(self.module()), span);
                Found::Unresolved(
                    Unchecked::Fetch,
                    format!(
                        "a `fetch` of `{shown}`, whose URL is not known before run time; it is not checked against the declared URLs"
                    ),
                )
            }
        };
        self.record(found, span);
        // The URL expression itself may call things (`fetch(await urlFor(id))`).
        self.visit_expression(arg);
        for a in c.arguments.iter().skip(1) {
            self.visit_argument(a);
        }
    }
}

impl<'a> Visit<'a> for Walker<'_, 'a> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        match self.kind(it.node_id.get()) {
            Some(AstKind::CallExpression(c)) => self.handle_call(c),
            _ => walk::walk_call_expression(self, it),
        }
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        if let Some(AstKind::NewExpression(n)) = self.kind(it.node_id.get())
            && let Value::StripeClass = self.eval(&n.callee)
        {
            // `new Stripe`, not its (often long) options.
            let end = n.callee.span().end.max(n.span.start);
            self.record(Found::ClientBuilt, oxc_span::Span::new(n.span.start, end));
        }
        walk::walk_new_expression(self, it);
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        let frame = self.frame();
        let Some(sym) = self.ev.symbol_of(frame.module, it) else {
            return;
        };
        let v = self.ev.symbol(&frame, sym);
        self.current_ref = Some(it.span);
        self.escape(&v);
        self.current_ref = None;
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        let Some(AstKind::StaticMemberExpression(m)) = self.kind(it.node_id.get()) else {
            return walk::walk_static_member_expression(self, it);
        };
        let obj = self.eval(&m.object);
        match &obj {
            // A method handed on unbound (`run(stripe.customers.list)`) is used.
            Value::Client(o) | Value::Resource(o, _) => {
                let origin = *o;
                let mut path = match obj {
                    Value::Resource(_, p) => p,
                    _ => Vec::new(),
                };
                path.push(m.property.name.to_string());
                let method = path.join(".");
                if catalogue::method(&method).is_some() {
                    self.record(
                        Found::Call {
                            method,
                            via: origin,
                        },
                        m.span,
                    );
                }
            }
            _ => {
                let v = self.ev.member(obj, m.property.name.as_str());
                self.current_ref = Some(m.span);
                self.escape(&v);
                self.current_ref = None;
            }
        }
        // An object named directly is not handed on as a whole.
        if !matches!(strip(&m.object), Expression::Identifier(_)) {
            self.visit_expression(&m.object);
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        // Functions, objects and classes bound to a name run when the name is used.
        if let Some(init) = &it.init
            && is_lazy(init)
        {
            return;
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        if it.is_declaration() {
            return;
        }
        walk::walk_function(self, it, flags);
    }

    fn visit_class(&mut self, _it: &Class<'a>) {}

    fn visit_jsx_opening_element(&mut self, it: &JSXOpeningElement<'a>) {
        let Some(AstKind::JSXOpeningElement(el)) = self.kind(it.node_id.get()) else {
            return walk::walk_jsx_opening_element(self, it);
        };
        if let JSXElementName::IdentifierReference(id) = &el.name {
            let frame = self.frame();
            if let Value::Function(f) = self.ev.identifier(&frame, id) {
                let props = self.props(el);
                self.walk_fn(f, vec![props]);
            }
        }
        for attr in &it.attributes {
            self.visit_jsx_attribute_item(attr);
        }
    }

    fn visit_ts_type_annotation(&mut self, _it: &TSTypeAnnotation<'a>) {}
    fn visit_ts_type_parameter_instantiation(&mut self, _it: &TSTypeParameterInstantiation<'a>) {}
    fn visit_ts_type_parameter_declaration(&mut self, _it: &TSTypeParameterDeclaration<'a>) {}
    fn visit_ts_type_alias_declaration(&mut self, _it: &TSTypeAliasDeclaration<'a>) {}
    fn visit_ts_interface_declaration(&mut self, _it: &TSInterfaceDeclaration<'a>) {}
    fn visit_import_declaration(&mut self, _it: &ImportDeclaration<'a>) {}
    fn visit_export_named_declaration(&mut self, _it: &ExportNamedDeclaration<'a>) {}
    fn visit_export_from_declaration(&mut self, _it: &ExportFromDeclaration<'a>) {}
    fn visit_export_all_declaration(&mut self, _it: &ExportAllDeclaration<'a>) {}
}

impl<'a> Walker<'_, 'a> {
    /// A component's props from its JSX attributes.
    fn props(&mut self, el: &'a JSXOpeningElement<'a>) -> Value<'a> {
        let frame = self.frame();
        let mut props = Vec::new();
        for attr in &el.attributes {
            match attr {
                JSXAttributeItem::Attribute(a) => {
                    let JSXAttributeName::Identifier(name) = &a.name else {
                        continue;
                    };
                    let v = match &a.value {
                        None => Value::text("true"),
                        Some(JSXAttributeValue::StringLiteral(s)) => Value::text(s.value.as_str()),
                        Some(JSXAttributeValue::ExpressionContainer(c)) => {
                            match c.expression.as_expression() {
                                Some(e) => self.ev.expr(&frame, e),
                                None => Value::Unknown,
                            }
                        }
                        Some(_) => Value::Unknown,
                    };
                    props.push((name.name.to_string(), v));
                }
                JSXAttributeItem::SpreadAttribute(s) => {
                    if let Value::Object(more) = self.ev.expr(&frame, &s.argument) {
                        props.extend(more);
                    }
                }
            }
        }
        Value::Object(props)
    }
}

/// The expression under parentheses and type assertions.
fn strip<'a, 'b>(e: &'b Expression<'a>) -> &'b Expression<'a> {
    match e {
        Expression::ParenthesizedExpression(p) => strip(&p.expression),
        Expression::TSAsExpression(x) => strip(&x.expression),
        Expression::TSSatisfiesExpression(x) => strip(&x.expression),
        Expression::TSNonNullExpression(x) => strip(&x.expression),
        Expression::TSTypeAssertion(x) => strip(&x.expression),
        other => other,
    }
}

/// An initializer that only runs when its name is used.
fn is_lazy(e: &Expression<'_>) -> bool {
    match strip(e) {
        Expression::ArrowFunctionExpression(_)
        | Expression::FunctionExpression(_)
        | Expression::ClassExpression(_) => true,
        Expression::ObjectExpression(o) => o.properties.iter().any(|p| match p {
            ObjectPropertyKind::ObjectProperty(p) => is_lazy(&p.value),
            ObjectPropertyKind::SpreadProperty(_) => false,
        }),
        _ => false,
    }
}

/// Whether an API path (`/v1/customers/{id}`) matches a path as far as it is static.
fn path_matches(template: &str, path: &[Part]) -> bool {
    // Segments of the actual path; one with a dynamic part matches any template segment.
    let mut segments: Vec<Option<String>> = vec![Some(String::new())];
    for p in path {
        match p {
            Part::Text(t) => {
                for (i, piece) in t.split('/').enumerate() {
                    if i > 0 {
                        segments.push(Some(String::new()));
                    }
                    if let Some(Some(last)) = segments.last_mut() {
                        last.push_str(piece);
                    }
                }
            }
            Part::Dynamic => {
                if let Some(last) = segments.last_mut() {
                    *last = None;
                }
            }
        }
    }
    let path = template.trim_start_matches('/');
    let actual: Vec<Option<String>> = match segments.first() {
        Some(Some(s)) if s.is_empty() => segments.into_iter().skip(1).collect(),
        _ => segments,
    };
    let expected: Vec<&str> = path.split('/').collect();
    if expected.len() != actual.len() {
        return false;
    }
    expected.iter().zip(&actual).all(|(e, a)| match a {
        None => e.starts_with('{'),
        Some(a) => e.starts_with('{') && !a.is_empty() || e == a,
    })
}

fn shown_parts(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.as_str(),
            Part::Dynamic => "${…}",
        })
        .collect()
}

/// The source text of a span, shortened for a message.
fn snippet(text: &str, span: oxc_span::Span) -> String {
    let s = text
        .get(span.start as usize..span.end as usize)
        .unwrap_or("");
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        let cut: String = one_line.chars().take(57).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths() {
        let text = |t: &str| vec![Part::Text(t.to_string())];
        assert!(path_matches(
            "/v1/customers/{id}",
            &text("/v1/customers/cus_1")
        ));
        assert!(path_matches(
            "/v1/customers/{id}",
            &[Part::Text("/v1/customers/".into()), Part::Dynamic]
        ));
        assert!(!path_matches("/v1/customers/{id}", &text("/v1/customers")));
        assert!(path_matches("/v1/customers", &text("/v1/customers")));
        assert!(!path_matches(
            "/v1/customers/search",
            &text("/v1/customers/{x}")
        ));
    }
}
