//! What the scanner knows about a value: just enough to follow clients, URLs and
//! functions through the code.

use super::ClientOrigin;
use crate::catalogue::SdkInfo;
use oxc_ast::ast::{ArrowFunctionExpression, Function};
use std::fmt::Write;

/// A piece of a string: known text, or something only known at run time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Dynamic,
}

/// A function of the project, with the module it is in.
#[derive(Debug, Clone, Copy)]
pub enum FnRef<'a> {
    Function(usize, &'a Function<'a>),
    Arrow(usize, &'a ArrowFunctionExpression<'a>),
}

impl FnRef<'_> {
    pub fn module(&self) -> usize {
        match self {
            FnRef::Function(m, _) | FnRef::Arrow(m, _) => *m,
        }
    }
    pub fn start(&self) -> u32 {
        match self {
            FnRef::Function(_, f) => f.span.start,
            FnRef::Arrow(_, f) => f.span.start,
        }
    }
}

/// The handler arguments the generated backend passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerArg {
    /// An endpoint's `call` or an event handler's `context`: `.stripe` is the client.
    WithClient,
    /// A job's `context`: `.stripe`, and `.forAccount(id)` returning a client.
    Job,
}

#[derive(Debug, Clone)]
pub enum Value<'a> {
    Unknown,
    /// A string (or number) as far as it is static.
    Str(Vec<Part>),
    /// A Stripe client.
    Client(ClientOrigin),
    /// A path below a client: `stripe.customers`, `stripe.apps.secrets`.
    Resource(ClientOrigin, Vec<String>),
    /// Below a client through a key chosen at run time (`stripe[kind]`).
    DynamicResource(ClientOrigin),
    /// stripe-node's `Stripe` class.
    StripeClass,
    /// The global `fetch`.
    GlobalFetch,
    /// The generated `fetch` helper of a view.
    HelperFetch,
    /// A generated endpoint helper.
    Endpoint(String),
    Sdk(&'static SdkInfo),
    /// A view's props (`ExtensionContextValue`), `.environment`, `.environment.constants`.
    ViewProps,
    Environment,
    Constants,
    /// `process.env`.
    ProcessEnv,
    /// `window`, `globalThis`, `self`: `.fetch` is the global fetch.
    Global,
    Handler(HandlerArg),
    /// A job context's `forAccount`.
    ForAccount,
    Function(FnRef<'a>),
    /// An array literal, its elements evaluated (only read for `expand` lists).
    List(Vec<Value<'a>>),
    /// An object literal, its properties evaluated.
    Object(Vec<(String, Value<'a>)>),
    /// A project module imported as a namespace (`import * as api from './api'`).
    Namespace(usize),
    /// `useMemo` and friends: calling it returns what its first argument returns.
    Memo,
}

impl<'a> Value<'a> {
    pub fn text(s: &str) -> Value<'a> {
        Value::Str(vec![Part::Text(s.to_string())])
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown)
    }

    /// The value as string parts, when it can be part of a string.
    pub fn parts(&self) -> Vec<Part> {
        match self {
            Value::Str(p) => p.clone(),
            _ => vec![Part::Dynamic],
        }
    }

    /// The whole string, when it is static.
    pub fn as_static(&self) -> Option<String> {
        let Value::Str(parts) = self else { return None };
        let mut out = String::new();
        for p in parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Dynamic => return None,
            }
        }
        Some(out)
    }

    /// A property, when it is known.
    pub fn property(&self, name: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(props) => props.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// A short key that tells walks with different arguments apart (and equal ones alike).
    pub fn key(&self, out: &mut String) {
        match self {
            Value::Unknown => out.push('?'),
            Value::Str(parts) => {
                out.push('"');
                for p in parts {
                    match p {
                        Part::Text(t) => out.push_str(t),
                        Part::Dynamic => out.push_str("${}"),
                    }
                }
                out.push('"');
            }
            Value::Client(o) => {
                let _ = write!(out, "client{o:?}");
            }
            Value::Resource(o, path) => {
                let _ = write!(out, "res{o:?}{}", path.join("."));
            }
            Value::Endpoint(e) => {
                let _ = write!(out, "endpoint {e}");
            }
            Value::Sdk(s) => out.push_str(s.name),
            Value::Handler(h) => {
                let _ = write!(out, "{h:?}");
            }
            Value::Function(f) => {
                let _ = write!(out, "fn{}:{}", f.module(), f.start());
            }
            Value::Object(props) => {
                out.push('{');
                for (k, v) in props {
                    out.push_str(k);
                    out.push(':');
                    v.key(out);
                    out.push(',');
                }
                out.push('}');
            }
            Value::List(items) => {
                out.push('[');
                for v in items {
                    v.key(out);
                    out.push(',');
                }
                out.push(']');
            }
            Value::Namespace(m) => {
                let _ = write!(out, "ns{m}");
            }
            other => {
                let _ = write!(out, "{}", variant_name(other));
            }
        }
    }
}

fn variant_name(v: &Value<'_>) -> &'static str {
    match v {
        Value::StripeClass => "Stripe",
        Value::GlobalFetch => "fetch",
        Value::HelperFetch => "helperFetch",
        Value::ViewProps => "props",
        Value::Environment => "environment",
        Value::Constants => "constants",
        Value::ProcessEnv => "process.env",
        Value::Global => "global",
        Value::ForAccount => "forAccount",
        Value::Memo => "memo",
        _ => "value",
    }
}

/// Joins string parts, merging adjacent text.
pub fn concat(a: Vec<Part>, b: Vec<Part>) -> Vec<Part> {
    let mut out = a;
    for p in b {
        match (out.last_mut(), p) {
            (Some(Part::Text(t)), Part::Text(u)) => t.push_str(&u),
            (Some(Part::Dynamic), Part::Dynamic) => {}
            (_, p) => out.push(p),
        }
    }
    out
}
