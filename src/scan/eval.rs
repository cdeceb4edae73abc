//! Evaluating expressions to what the scanner tracks ([`Value`]): names are resolved
//! through oxc's scopes to their declarations, across imports and re-exports inside the
//! project; parameters take the values a walk binds to them.

use super::project::{Project, Target};
use super::value::{FnRef, HandlerArg, Part, Value, concat};
use super::{AppShape, ClientOrigin};
use crate::catalogue;
use oxc_ast::AstKind;
use oxc_ast::ast::*;
use oxc_semantic::SymbolId;
use rustc_hash::FxHashMap;

/// How deep evaluation follows names and returns before giving up (cycles, long chains).
const MAX_DEPTH: u32 = 48;

/// The values bound in one walk of a function: its parameters (and what the walk of its
/// callers bound, for closures), in the module the function is in.
#[derive(Debug, Clone, Default)]
pub struct Frame<'a> {
    pub module: usize,
    pub bindings: FxHashMap<SymbolId, Value<'a>>,
}

impl<'a> Frame<'a> {
    pub fn new(module: usize) -> Frame<'a> {
        Frame {
            module,
            bindings: FxHashMap::default(),
        }
    }
}

pub struct Eval<'p, 'a> {
    pub project: &'p Project<'a>,
    app: &'p AppShape,
    depth: u32,
    /// Values of module-level bindings, which do not depend on any walk.
    top: FxHashMap<(usize, SymbolId), Value<'a>>,
}

impl<'p, 'a> Eval<'p, 'a> {
    pub fn new(project: &'p Project<'a>, app: &'p AppShape) -> Eval<'p, 'a> {
        Eval {
            project,
            app,
            depth: 0,
            top: FxHashMap::default(),
        }
    }

    pub fn expr(&mut self, frame: &Frame<'a>, e: &'a Expression<'a>) -> Value<'a> {
        if self.depth > MAX_DEPTH {
            return Value::Unknown;
        }
        self.depth += 1;
        let v = self.expr_inner(frame, e);
        self.depth -= 1;
        v
    }

    fn expr_inner(&mut self, frame: &Frame<'a>, e: &'a Expression<'a>) -> Value<'a> {
        match e {
            Expression::StringLiteral(s) => Value::text(s.value.as_str()),
            Expression::NumericLiteral(n) => match n.raw {
                Some(raw) => Value::text(raw.as_str()),
                None => Value::text(&n.value.to_string()),
            },
            Expression::BooleanLiteral(b) => Value::text(if b.value { "true" } else { "false" }),
            Expression::TemplateLiteral(t) => self.template(frame, t),
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                let l = self.expr(frame, &b.left);
                let r = self.expr(frame, &b.right);
                if matches!(l, Value::Str(_)) || matches!(r, Value::Str(_)) {
                    Value::Str(concat(l.parts(), r.parts()))
                } else {
                    Value::Unknown
                }
            }
            Expression::Identifier(id) => self.identifier(frame, id),
            Expression::StaticMemberExpression(m) => self.static_member(frame, m),
            Expression::ComputedMemberExpression(m) => self.computed_member(frame, m),
            Expression::CallExpression(c) => self.call(frame, c),
            Expression::NewExpression(n) => self.new_value(frame, n),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call(frame, call),
                ChainElement::TSNonNullExpression(n) => self.expr(frame, &n.expression),
                ChainElement::StaticMemberExpression(m) => self.static_member(frame, m),
                ChainElement::ComputedMemberExpression(m) => self.computed_member(frame, m),
                ChainElement::PrivateFieldExpression(_) => Value::Unknown,
            },
            Expression::AwaitExpression(a) => self.expr(frame, &a.argument),
            Expression::ParenthesizedExpression(p) => self.expr(frame, &p.expression),
            Expression::TSAsExpression(x) => self.expr(frame, &x.expression),
            Expression::TSSatisfiesExpression(x) => self.expr(frame, &x.expression),
            Expression::TSNonNullExpression(x) => self.expr(frame, &x.expression),
            Expression::TSTypeAssertion(x) => self.expr(frame, &x.expression),
            Expression::TSInstantiationExpression(x) => self.expr(frame, &x.expression),
            Expression::SequenceExpression(s) => match s.expressions.last() {
                Some(last) => self.expr(frame, last),
                None => Value::Unknown,
            },
            Expression::AssignmentExpression(a) => self.expr(frame, &a.right),
            Expression::ConditionalExpression(c) => {
                let a = self.expr(frame, &c.consequent);
                let b = self.expr(frame, &c.alternate);
                same_or_unknown(a, b)
            }
            Expression::LogicalExpression(l) => {
                let a = self.expr(frame, &l.left);
                if a.is_unknown() {
                    self.expr(frame, &l.right)
                } else {
                    a
                }
            }
            Expression::ArrowFunctionExpression(f) => {
                Value::Function(FnRef::Arrow(frame.module, f))
            }
            Expression::FunctionExpression(f) => Value::Function(FnRef::Function(frame.module, f)),
            Expression::ObjectExpression(o) => self.object(frame, o),
            Expression::ArrayExpression(a) => self.array(frame, a),
            _ => Value::Unknown,
        }
    }

    fn static_member(&mut self, frame: &Frame<'a>, m: &'a StaticMemberExpression<'a>) -> Value<'a> {
        let obj = self.expr(frame, &m.object);
        self.member(obj, m.property.name.as_str())
    }

    fn computed_member(
        &mut self,
        frame: &Frame<'a>,
        m: &'a ComputedMemberExpression<'a>,
    ) -> Value<'a> {
        let key = self.expr(frame, &m.expression).as_static();
        let obj = self.expr(frame, &m.object);
        match key {
            Some(k) => self.member(obj, &k),
            None => dynamic_member(obj),
        }
    }

    fn template(&mut self, frame: &Frame<'a>, t: &'a TemplateLiteral<'a>) -> Value<'a> {
        let mut parts = Vec::new();
        for (i, q) in t.quasis.iter().enumerate() {
            let text = q.value.cooked.as_ref().unwrap_or(&q.value.raw);
            parts = concat(parts, vec![Part::Text(text.to_string())]);
            if let Some(e) = t.expressions.get(i) {
                let v = self.expr(frame, e);
                parts = concat(parts, v.parts());
            }
        }
        Value::Str(parts)
    }

    pub fn object(&mut self, frame: &Frame<'a>, o: &'a ObjectExpression<'a>) -> Value<'a> {
        let mut props = Vec::new();
        for p in &o.properties {
            match p {
                ObjectPropertyKind::ObjectProperty(p) => {
                    let Some(key) = self.key(frame, &p.key, p.computed) else {
                        continue;
                    };
                    let v = self.expr(frame, &p.value);
                    props.push((key, v));
                }
                ObjectPropertyKind::SpreadProperty(s) => {
                    if let Value::Object(more) = self.expr(frame, &s.argument) {
                        props.extend(more);
                    }
                }
            }
        }
        Value::Object(props)
    }

    /// An array literal, element by element; spreads and holes make its contents unknown.
    fn array(&mut self, frame: &Frame<'a>, a: &'a ArrayExpression<'a>) -> Value<'a> {
        let mut items = Vec::new();
        for el in &a.elements {
            match el.as_expression() {
                Some(e) => items.push(self.expr(frame, e)),
                None => return Value::Unknown,
            }
        }
        Value::List(items)
    }

    fn key(
        &mut self,
        frame: &Frame<'a>,
        key: &'a PropertyKey<'a>,
        computed: bool,
    ) -> Option<String> {
        match key {
            PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
            PropertyKey::PrivateIdentifier(_) => None,
            _ => {
                let e = key.as_expression()?;
                match e {
                    Expression::StringLiteral(s) => Some(s.value.to_string()),
                    Expression::NumericLiteral(n) => Some(n.value.to_string()),
                    _ if computed => self.expr(frame, e).as_static(),
                    _ => None,
                }
            }
        }
    }

    /// A property of a value.
    pub fn member(&mut self, obj: Value<'a>, prop: &str) -> Value<'a> {
        match obj {
            Value::DynamicResource(o) => Value::DynamicResource(o),
            Value::Client(o) => Value::Resource(o, vec![prop.to_string()]),
            Value::Resource(o, mut path) => {
                path.push(prop.to_string());
                Value::Resource(o, path)
            }
            Value::Global => match prop {
                "fetch" => Value::GlobalFetch,
                "window" | "globalThis" | "self" => Value::Global,
                _ => Value::Unknown,
            },
            Value::ProcessEnv => Value::Str(vec![Part::Dynamic]),
            Value::ViewProps if prop == "environment" => Value::Environment,
            Value::Environment if prop == "constants" => Value::Constants,
            Value::Constants => match self.app.constants.iter().find(|(k, _)| k == prop) {
                Some((_, v)) => Value::text(v),
                None => Value::Unknown,
            },
            Value::Handler(_) if prop == "stripe" => Value::Client(ClientOrigin::Handler),
            Value::Handler(_) if prop == "platform" => Value::Client(ClientOrigin::Platform),
            Value::Handler(HandlerArg::Job) if prop == "forAccount" => Value::ForAccount,
            Value::Namespace(m) => self.export(m, prop),
            Value::Object(props) => props
                .into_iter()
                .rev()
                .find(|(k, _)| k == prop)
                .map_or(Value::Unknown, |(_, v)| v),
            Value::Str(parts) if prop == "href" => Value::Str(parts),
            _ => Value::Unknown,
        }
    }

    fn call(&mut self, frame: &Frame<'a>, c: &'a CallExpression<'a>) -> Value<'a> {
        // `url.toString()` is the URL.
        if let Expression::StaticMemberExpression(m) = &c.callee
            && m.property.name == "toString"
        {
            let obj = self.expr(frame, &m.object);
            if matches!(obj, Value::Str(_)) {
                return obj;
            }
        }
        let callee = self.expr(frame, &c.callee);
        match callee {
            Value::Function(f) => {
                let args = self.args(frame, &c.arguments);
                self.returns(f, args)
            }
            Value::ForAccount => Value::Client(ClientOrigin::Handler),
            Value::StripeClass => Value::Client(ClientOrigin::Built),
            Value::Memo => match c.arguments.first().and_then(|a| a.as_expression()) {
                Some(e) => match self.expr(frame, e) {
                    Value::Function(f) => self.returns(f, Vec::new()),
                    _ => Value::Unknown,
                },
                None => Value::Unknown,
            },
            _ => Value::Unknown,
        }
    }

    fn new_value(&mut self, frame: &Frame<'a>, n: &'a NewExpression<'a>) -> Value<'a> {
        match self.expr(frame, &n.callee) {
            Value::StripeClass => Value::Client(ClientOrigin::Built),
            Value::Global => Value::Unknown,
            _ => {
                // `new URL(path, base)` with a static base.
                if let Expression::Identifier(id) = &n.callee
                    && id.name == "URL"
                    && self.is_global(frame, id)
                {
                    let mut args = self.args(frame, &n.arguments).into_iter();
                    let path = args.next().unwrap_or(Value::Unknown);
                    return match args.next() {
                        None => path,
                        Some(base) => url_join(base, path),
                    };
                }
                Value::Unknown
            }
        }
    }

    pub fn args(&mut self, frame: &Frame<'a>, args: &'a [Argument<'a>]) -> Vec<Value<'a>> {
        args.iter()
            .map(|a| match a.as_expression() {
                Some(e) => self.expr(frame, e),
                None => Value::Unknown,
            })
            .collect()
    }

    /// What a call of `f` with `args` returns, when its returns agree.
    pub fn returns(&mut self, f: FnRef<'a>, args: Vec<Value<'a>>) -> Value<'a> {
        if self.depth > MAX_DEPTH {
            return Value::Unknown;
        }
        self.depth += 1;
        let mut frame = Frame::new(f.module());
        let (params, body) = fn_parts(f);
        self.bind_params(&mut frame, params, args);
        let mut out: Option<Value<'a>> = None;
        match body {
            Body::Expression(e) => out = Some(self.expr(&frame, e)),
            Body::Statements(stmts) => {
                let mut found = Vec::new();
                returns_in(stmts, &mut found);
                for e in found {
                    let v = self.expr(&frame, e);
                    out = Some(match out {
                        None => v,
                        Some(prev) => same_or_unknown(prev, v),
                    });
                }
            }
        }
        self.depth -= 1;
        out.unwrap_or(Value::Unknown)
    }

    /// Binds call arguments to a function's parameters.
    pub fn bind_params(
        &mut self,
        frame: &mut Frame<'a>,
        params: &'a FormalParameters<'a>,
        args: Vec<Value<'a>>,
    ) {
        for (param, arg) in params.items.iter().zip(args) {
            if !arg.is_unknown() {
                self.bind(frame, &param.pattern, arg);
            }
        }
    }

    fn bind(&mut self, frame: &mut Frame<'a>, pattern: &'a BindingPattern<'a>, v: Value<'a>) {
        match pattern {
            BindingPattern::BindingIdentifier(id) => {
                if let Some(sym) = id.symbol_id.get() {
                    frame.bindings.insert(sym, v);
                }
            }
            BindingPattern::ObjectPattern(o) => {
                for p in &o.properties {
                    if let Some(key) = self.key(frame, &p.key, p.computed) {
                        let pv = self.member(v.clone(), &key);
                        if !pv.is_unknown() {
                            self.bind(frame, &p.value, pv);
                        }
                    }
                }
            }
            BindingPattern::AssignmentPattern(a) => self.bind(frame, &a.left, v),
            BindingPattern::ArrayPattern(_) => {}
        }
    }

    fn is_global(&self, frame: &Frame<'a>, id: &IdentifierReference<'a>) -> bool {
        self.symbol_of(frame.module, id).is_none()
    }

    /// The symbol a name refers to, `None` for a global.
    pub fn symbol_of(&self, module: usize, id: &IdentifierReference<'a>) -> Option<SymbolId> {
        let m = self.project.modules.get(module)?;
        let r = id.reference_id.get()?;
        m.semantic.scoping().get_reference(r).symbol_id()
    }

    pub fn identifier(&mut self, frame: &Frame<'a>, id: &IdentifierReference<'a>) -> Value<'a> {
        match self.symbol_of(frame.module, id) {
            Some(sym) => self.symbol(frame, sym),
            None => global(id.name.as_str()),
        }
    }

    /// The value of a declared name.
    pub fn symbol(&mut self, frame: &Frame<'a>, sym: SymbolId) -> Value<'a> {
        if let Some(v) = frame.bindings.get(&sym) {
            return v.clone();
        }
        let module = frame.module;
        let Some(m) = self.project.modules.get(module) else {
            return Value::Unknown;
        };
        let scoping = m.semantic.scoping();
        let top = scoping.symbol_scope_id(sym) == scoping.root_scope_id();
        if top && let Some(v) = self.top.get(&(module, sym)) {
            return v.clone();
        }
        if self.depth > MAX_DEPTH {
            return Value::Unknown;
        }
        self.depth += 1;
        // A cycle (`const a = b; const b = a`) ends at Unknown.
        if top {
            self.top.insert((module, sym), Value::Unknown);
        }
        let v = self.declared(frame, module, sym, top);
        self.depth -= 1;
        if top {
            self.top.insert((module, sym), v.clone());
        }
        v
    }

    fn declared(
        &mut self,
        frame: &Frame<'a>,
        module: usize,
        sym: SymbolId,
        top: bool,
    ) -> Value<'a> {
        let Some(m) = self.project.modules.get(module) else {
            return Value::Unknown;
        };
        let scoping = m.semantic.scoping();
        let nodes = m.semantic.nodes();
        let decl = scoping.symbol_declaration(sym);
        match nodes.kind(decl) {
            AstKind::VariableDeclarator(d) => {
                if scoping.symbol_is_mutated(sym) {
                    return Value::Unknown;
                }
                let Some(path) = pattern_path(&d.id, sym) else {
                    return Value::Unknown;
                };
                let mut v = match &d.init {
                    Some(init) if top => self.expr(&Frame::new(module), init),
                    Some(init) => self.expr(frame, init),
                    None => Value::Unknown,
                };
                for key in path {
                    v = match key {
                        Some(k) => self.member(v, &k),
                        None => Value::Unknown,
                    };
                }
                if v.is_unknown()
                    && let Some(t) = &d.type_annotation
                {
                    v = self.typed(module, t);
                }
                v
            }
            AstKind::Function(f) => Value::Function(FnRef::Function(module, f)),
            AstKind::FormalParameter(p) => {
                if let BindingPattern::BindingIdentifier(_) = &p.pattern {
                    if let Some(t) = &p.type_annotation {
                        let v = self.typed(module, t);
                        if !v.is_unknown() {
                            return v;
                        }
                    }
                    if let Some(init) = &p.initializer {
                        return self.expr(frame, init);
                    }
                }
                Value::Unknown
            }
            AstKind::ImportSpecifier(s) => {
                let name = s.imported.name();
                match import_source(nodes, decl) {
                    Some(source) => self.import(module, source, name.as_str()),
                    None => Value::Unknown,
                }
            }
            AstKind::ImportDefaultSpecifier(_) => match import_source(nodes, decl) {
                Some(source) => self.import(module, source, "default"),
                None => Value::Unknown,
            },
            AstKind::ImportNamespaceSpecifier(_) => match import_source(nodes, decl) {
                Some(source) => match m.imports.get(source) {
                    Some(Target::Module(i)) => Value::Namespace(*i),
                    Some(Target::Package(p)) => package(p, "*"),
                    Some(Target::Helper) => Value::Object(self.helper_exports()),
                    _ => Value::Unknown,
                },
                None => Value::Unknown,
            },
            _ => Value::Unknown,
        }
    }

    /// A value from its type annotation: a parameter typed as a Stripe client or as a
    /// view's props.
    fn typed(&mut self, module: usize, t: &'a TSTypeAnnotation<'a>) -> Value<'a> {
        let TSType::TSTypeReference(r) = &t.type_annotation else {
            return Value::Unknown;
        };
        let TSTypeName::IdentifierReference(id) = &r.type_name else {
            return Value::Unknown;
        };
        let name = id.name.as_str();
        if name == "ExtensionContextValue" {
            return Value::ViewProps;
        }
        // Type-only imports have no value to resolve: look at where the name comes from.
        let Some(sym) = self.symbol_of(module, id) else {
            return Value::Unknown;
        };
        let Some(m) = self.project.modules.get(module) else {
            return Value::Unknown;
        };
        let decl = m.semantic.scoping().symbol_declaration(sym);
        let source = match m.semantic.nodes().kind(decl) {
            AstKind::ImportSpecifier(_)
            | AstKind::ImportDefaultSpecifier(_)
            | AstKind::ImportNamespaceSpecifier(_) => import_source(m.semantic.nodes(), decl),
            _ => None,
        };
        match source {
            Some("stripe") if name == "Stripe" => Value::Client(ClientOrigin::Typed),
            Some(s) if name.ends_with("Stripe") && s.contains("generated/") => {
                Value::Client(ClientOrigin::Typed)
            }
            _ => Value::Unknown,
        }
    }

    /// The value a module exports under `name`.
    pub fn import(&mut self, module: usize, source: &str, name: &str) -> Value<'a> {
        let Some(m) = self.project.modules.get(module) else {
            return Value::Unknown;
        };
        match m.imports.get(source) {
            Some(Target::Module(i)) => self.export(*i, name),
            Some(Target::Helper) => self.helper(name),
            Some(Target::Package(p)) => package(p, name),
            _ => Value::Unknown,
        }
    }

    /// What a project module exports under `name`, through re-exports.
    pub fn export(&mut self, module: usize, name: &str) -> Value<'a> {
        if self.depth > MAX_DEPTH {
            return Value::Unknown;
        }
        self.depth += 1;
        let v = self.export_inner(module, name);
        self.depth -= 1;
        v
    }

    fn export_inner(&mut self, module: usize, name: &str) -> Value<'a> {
        let Some(m) = self.project.modules.get(module) else {
            return Value::Unknown;
        };
        let program = m.program;
        let top = Frame::new(module);
        for stmt in &program.body {
            match stmt {
                Statement::ExportDeclaration(d) => match &d.declaration {
                    Declaration::VariableDeclaration(v) => {
                        for dtor in &v.declarations {
                            if let Some(sym) = binding_named(&dtor.id, name) {
                                return self.symbol(&top, sym);
                            }
                        }
                    }
                    Declaration::FunctionDeclaration(f)
                        if f.id.as_ref().is_some_and(|id| id.name == name) =>
                    {
                        return Value::Function(FnRef::Function(module, f));
                    }
                    _ => {}
                },
                Statement::ExportNamedDeclaration(d) => {
                    for s in &d.specifiers {
                        if s.exported.name() == name
                            && let ModuleExportName::IdentifierReference(r) = &s.local
                        {
                            return self.identifier(&top, r);
                        }
                    }
                }
                Statement::ExportFromDeclaration(d) => {
                    for s in &d.specifiers {
                        if s.exported.name() == name {
                            return self.import(
                                module,
                                d.source.value.as_str(),
                                s.local.name().as_str(),
                            );
                        }
                    }
                }
                Statement::ExportDefaultDeclaration(d) if name == "default" => {
                    return match &d.declaration {
                        ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                            Value::Function(FnRef::Function(module, f))
                        }
                        other => match other.as_expression() {
                            Some(e) => self.expr(&top, e),
                            None => Value::Unknown,
                        },
                    };
                }
                Statement::ExportAllDeclaration(d) if d.exported.is_none() && name != "default" => {
                    let v = self.import(module, d.source.value.as_str(), name);
                    if !v.is_unknown() {
                        return v;
                    }
                }
                Statement::ExportAllDeclaration(d) => {
                    if d.exported.as_ref().is_some_and(|e| e.name() == name)
                        && let Some(Target::Module(i)) = m.imports.get(d.source.value.as_str())
                    {
                        return Value::Namespace(*i);
                    }
                }
                _ => {}
            }
        }
        Value::Unknown
    }

    /// A name exported by a view's generated helpers (`src/generated/<View>.ts`).
    fn helper(&self, name: &str) -> Value<'a> {
        match name {
            "stripe" => return Value::Client(ClientOrigin::Helper),
            "fetch" => return Value::HelperFetch,
            _ => {}
        }
        for (endpoint, _) in &self.app.endpoints {
            let camel = crate::emit::ts::camel(endpoint);
            if name == camel || name.strip_suffix("Endpoint") == Some(camel.as_str()) {
                return Value::Endpoint(endpoint.clone());
            }
        }
        if let Some(s) = catalogue::SDK_FUNCTIONS.iter().find(|s| s.function == name) {
            return Value::Sdk(s);
        }
        Value::Unknown
    }

    fn helper_exports(&self) -> Vec<(String, Value<'a>)> {
        let mut out = vec![
            ("stripe".to_string(), Value::Client(ClientOrigin::Helper)),
            ("fetch".to_string(), Value::HelperFetch),
        ];
        for (endpoint, _) in &self.app.endpoints {
            let camel = crate::emit::ts::camel(endpoint);
            out.push((
                format!("{camel}Endpoint"),
                Value::Endpoint(endpoint.clone()),
            ));
            out.push((camel, Value::Endpoint(endpoint.clone())));
        }
        for s in catalogue::SDK_FUNCTIONS {
            out.push((s.function.to_string(), Value::Sdk(s)));
        }
        out
    }
}

/// Values of names no declaration in the project provides.
fn global<'a>(name: &str) -> Value<'a> {
    match name {
        "fetch" => Value::GlobalFetch,
        "window" | "globalThis" | "self" => Value::Global,
        _ => Value::Unknown,
    }
}

/// What a package exports, for the packages the scanner knows.
fn package<'a>(specifier: &str, name: &str) -> Value<'a> {
    match specifier {
        "stripe" => match name {
            "default" | "Stripe" | "*" => Value::StripeClass,
            _ => Value::Unknown,
        },
        "react" => match name {
            "useMemo" => Value::Memo,
            _ => Value::Unknown,
        },
        "process" | "node:process" if name == "env" => Value::ProcessEnv,
        _ => catalogue::SDK_FUNCTIONS
            .iter()
            .find(|s| s.module == specifier && s.function == name)
            .map_or(Value::Unknown, Value::Sdk),
    }
}

/// `obj[key]` with a key known only at run time: below a client, a method chosen at run
/// time.
fn dynamic_member(obj: Value<'_>) -> Value<'_> {
    match obj {
        Value::Client(o) | Value::Resource(o, _) | Value::DynamicResource(o) => {
            Value::DynamicResource(o)
        }
        _ => Value::Unknown,
    }
}

/// Two possible values: one when they agree, else unknown.
fn same_or_unknown<'a>(a: Value<'a>, b: Value<'a>) -> Value<'a> {
    let (mut ka, mut kb) = (String::new(), String::new());
    a.key(&mut ka);
    b.key(&mut kb);
    if ka == kb { a } else { Value::Unknown }
}

/// `new URL(path, base)`: the path resolved against a static base.
fn url_join<'a>(base: Value<'a>, path: Value<'a>) -> Value<'a> {
    let Some(base) = base.as_static() else {
        return Value::Str(vec![Part::Dynamic]);
    };
    let parts = path.parts();
    let first = match parts.first() {
        Some(Part::Text(t)) => t.clone(),
        _ => return Value::Str(vec![Part::Dynamic]),
    };
    if first.contains("://") {
        return Value::Str(parts);
    }
    let joined = if let Some(abs) = first.strip_prefix('/') {
        let origin_end = base
            .split_once("://")
            .map(|(s, rest)| s.len() + 3 + rest.find('/').unwrap_or(rest.len()))
            .unwrap_or(base.len());
        format!("{}/{abs}", &base[..origin_end])
    } else {
        let dir_end = base.rfind('/').map_or(base.len(), |i| i + 1);
        format!("{}{first}", &base[..dir_end])
    };
    let mut out = vec![Part::Text(joined)];
    out.extend(parts.into_iter().skip(1));
    Value::Str(out)
}

/// The source of the import declaration a specifier belongs to.
fn import_source<'a>(
    nodes: &oxc_semantic::AstNodes<'a>,
    decl: oxc_semantic::NodeId,
) -> Option<&'a str> {
    nodes.ancestor_kinds(decl).find_map(|k| match k {
        AstKind::ImportDeclaration(d) => Some(d.source.value.as_str()),
        _ => None,
    })
}

/// The property keys from a pattern down to the binding of `sym` (`None` for an array
/// position, which is not tracked).
fn pattern_path(p: &BindingPattern<'_>, sym: SymbolId) -> Option<Vec<Option<String>>> {
    match p {
        BindingPattern::BindingIdentifier(id) => (id.symbol_id.get() == Some(sym)).then(Vec::new),
        BindingPattern::ObjectPattern(o) => {
            for prop in &o.properties {
                if let Some(mut rest) = pattern_path(&prop.value, sym) {
                    let key = match &prop.key {
                        PropertyKey::StaticIdentifier(id) => Some(id.name.to_string()),
                        PropertyKey::StringLiteral(s) => Some(s.value.to_string()),
                        _ => None,
                    };
                    rest.insert(0, key);
                    return Some(rest);
                }
            }
            let rest = o.rest.as_ref()?;
            pattern_path(&rest.argument, sym).map(|mut r| {
                r.insert(0, None);
                r
            })
        }
        BindingPattern::ArrayPattern(a) => {
            for el in a.elements.iter().flatten() {
                if let Some(mut rest) = pattern_path(el, sym) {
                    rest.insert(0, None);
                    return Some(rest);
                }
            }
            None
        }
        BindingPattern::AssignmentPattern(a) => pattern_path(&a.left, sym),
    }
}

/// The symbol a pattern binds under `name`.
fn binding_named(p: &BindingPattern<'_>, name: &str) -> Option<SymbolId> {
    match p {
        BindingPattern::BindingIdentifier(id) if id.name == name => id.symbol_id.get(),
        BindingPattern::BindingIdentifier(_) => None,
        BindingPattern::ObjectPattern(o) => o
            .properties
            .iter()
            .find_map(|prop| binding_named(&prop.value, name))
            .or_else(|| {
                o.rest
                    .as_ref()
                    .and_then(|r| binding_named(&r.argument, name))
            }),
        BindingPattern::ArrayPattern(a) => a
            .elements
            .iter()
            .flatten()
            .find_map(|el| binding_named(el, name)),
        BindingPattern::AssignmentPattern(a) => binding_named(&a.left, name),
    }
}

/// The expressions a function body returns (not those of nested functions).
fn returns_in<'a>(stmts: &'a [Statement<'a>], out: &mut Vec<&'a Expression<'a>>) {
    for s in stmts {
        match s {
            Statement::ReturnStatement(r) => {
                if let Some(e) = &r.argument {
                    out.push(e);
                }
            }
            Statement::BlockStatement(b) => returns_in(&b.body, out),
            Statement::IfStatement(i) => {
                returns_in(std::slice::from_ref(&i.consequent), out);
                if let Some(alt) = &i.alternate {
                    returns_in(std::slice::from_ref(alt), out);
                }
            }
            Statement::TryStatement(t) => {
                returns_in(&t.block.body, out);
                if let Some(h) = &t.handler {
                    returns_in(&h.body.body, out);
                }
            }
            _ => {}
        }
    }
}

/// A function's body: statements, or the expression of an arrow function.
pub enum Body<'a> {
    Statements(&'a [Statement<'a>]),
    Expression(&'a Expression<'a>),
}

/// A function's parameters and body.
pub fn fn_parts<'a>(f: FnRef<'a>) -> (&'a FormalParameters<'a>, Body<'a>) {
    match f {
        FnRef::Function(_, func) => (
            &func.params,
            Body::Statements(func.body.as_ref().map_or(&[][..], |b| &b.statements[..])),
        ),
        FnRef::Arrow(_, arrow) => (
            &arrow.params,
            match &arrow.body {
                ArrowFunctionBody::FunctionBody(b) => Body::Statements(&b.statements),
                other => match other.as_expression() {
                    Some(e) => Body::Expression(e),
                    None => Body::Statements(&[]),
                },
            },
        ),
    }
}
