//! What the Python target knows about stripe-python: which `StripeClient` member sends
//! each catalogue method's request, and the class of each event type's `data.object`.
//! Both tables are generated from the pinned packages by `generate_tables.py` beside them.

use super::py;
use crate::catalogue::MethodInfo;
use crate::model::Call;
use std::sync::OnceLock;

const METHODS: &str = include_str!("stripe_methods.tsv");
const EVENTS: &str = include_str!("event_objects.tsv");

/// (HTTP method, path with `{}` placeholders, member such as `v1.apps.secrets.find`,
/// whether it has an `_async` twin).
type Row = (&'static str, &'static str, &'static str, bool);

fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        METHODS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                Some((f.next()?, f.next()?, f.next()?, f.next()? == "yes"))
            })
            .collect()
    })
}

/// `/v1/customers/{customer}` → `/v1/customers/{}`.
fn placeholders(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The stripe-python member for a catalogue method, as its path below the client and the
/// attribute to expose (`find_async`); None when stripe-python has no such request.
pub fn python_method(http: &str, path: &str, node_name: &str) -> Option<(Vec<String>, String)> {
    let path = placeholders(path);
    let candidates: Vec<&Row> = rows()
        .iter()
        .filter(|(h, p, _, _)| *h == http && *p == path)
        .collect();
    // Two members send the same request (`customers.deleteSource` is both
    // `customers.payment_sources.delete` and `sources.detach`): prefer the one under the
    // same resource as stripe-node's name.
    let first = node_name
        .split('.')
        .next()
        .map(py::snake)
        .unwrap_or_default();
    let (_, _, member, is_async) = candidates
        .iter()
        .find(|(_, _, m, _)| m.split('.').nth(1) == Some(first.as_str()))
        .or_else(|| candidates.first())?;
    let mut parts: Vec<String> = member.split('.').map(str::to_string).collect();
    let method = parts.pop()?;
    // `v1` is implied below the client; `v2` and `oauth` stay.
    if parts.first().is_some_and(|p| p == "v1") {
        parts.remove(0);
    }
    let exposed = if *is_async {
        format!("{method}_async")
    } else {
        method
    };
    Some((parts, exposed))
}

/// The stripe-python class of `data.object` for an event type, below `stripe.`.
pub fn event_object(event: &str) -> &'static str {
    EVENTS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let (ty, class) = l.split_once('\t')?;
            (ty == event).then_some(class)
        })
        .unwrap_or("StripeObject")
}

/// One namespace of a reduced client.
#[derive(Default)]
struct Node {
    /// (attribute, full access path below the client such as `v1.invoices.retrieve_async`).
    methods: Vec<(String, String)>,
    children: Vec<(String, Node)>,
}

impl Node {
    fn child(&mut self, name: &str) -> &mut Node {
        let i = match self.children.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.children.push((name.to_string(), Node::default()));
                self.children.len() - 1
            }
        };
        &mut self.children[i].1
    }
}

/// The reduced Stripe client class `class` for a handler named `name`: one attribute per
/// namespace, and on each the declared methods as stripe-python's bound async methods
/// (their types are stripe-python's), so an undeclared method is a type error.
pub fn client_class(class: &str, name: &str, calls: &[Call]) -> String {
    let methods: Vec<&MethodInfo> = calls
        .iter()
        .filter_map(|c| match c {
            Call::Api(m) => Some(*m),
            _ => None,
        })
        .collect();
    reduced_class(
        class,
        &format!("The Stripe client of `{name}`"),
        "no methods (declare them with `calls`)",
        &methods,
    )
}

/// The platform client class `class` of a handler named `name` (`platform calls`): the
/// same shape as its Stripe client, built on a client of your own account.
pub fn platform_class(class: &str, name: &str, methods: &[&MethodInfo]) -> String {
    reduced_class(
        class,
        &format!(
            "The platform client of `{name}`, on your own account (the secret key, no Stripe-Account header; app permissions do not apply)"
        ),
        "no methods",
        methods,
    )
}

fn reduced_class(class: &str, lead: &str, none: &str, methods: &[&MethodInfo]) -> String {
    let mut root = Node::default();
    let mut missing = Vec::new();
    let mut declared = Vec::new();
    for m in methods {
        if declared.contains(&m.name) {
            continue;
        }
        declared.push(m.name);
        match python_method(m.http, m.path, m.name) {
            Some((parts, exposed)) => {
                let mut access: Vec<String> = Vec::new();
                if !parts.first().is_some_and(|p| p == "v2" || p == "oauth") {
                    access.push("v1".to_string());
                }
                access.extend(parts.iter().cloned());
                access.push(exposed.clone());
                let mut node = &mut root;
                for p in &parts {
                    node = node.child(p);
                }
                node.methods.push((exposed, access.join(".")));
            }
            None => missing.push(m.name),
        }
    }
    let mut doc = vec![format!(
        "{lead}: {}.",
        if declared.is_empty() {
            none.to_string()
        } else {
            declared.join(", ")
        }
    )];
    if !missing.is_empty() {
        doc.push(format!(
            "Not in stripe (Python) {}: {}.",
            super::versions::STRIPE,
            missing.join(", ")
        ));
    }
    let mut out = Vec::new();
    write_class(&mut out, class, &doc, &root, true);
    out.join("\n\n\n")
}

/// Writes `class` and, before it, the classes of its namespaces (Python needs no forward
/// order at run time, but readers do).
fn write_class(out: &mut Vec<String>, class: &str, doc: &[String], node: &Node, public: bool) {
    let mut body = String::new();
    body.push_str(&format!("class {class}:\n"));
    body.push_str(&py::docstring(doc, "    "));
    body.push_str("\n\n    def __init__(self, client: stripe.StripeClient) -> None:\n");
    let mut lines = Vec::new();
    for (attr, child) in &node.children {
        let child_class = format!(
            "{}{}{}",
            if public { "_" } else { "" },
            class,
            py::pascal(attr)
        );
        write_class(
            out,
            &child_class,
            &[format!("`{attr}` of {}.", class.trim_start_matches('_'))],
            child,
            false,
        );
        lines.push(format!("        self.{attr} = {child_class}(client)"));
    }
    for (attr, access) in &node.methods {
        lines.push(format!("        self.{attr} = client.{access}"));
    }
    if lines.is_empty() {
        lines.push("        del client".to_string());
    }
    body.push_str(&lines.join("\n"));
    out.push(body);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::catalogue;

    #[test]
    fn catalogue_methods_map_to_stripe_python_members() {
        let find = |n: &str| {
            let m = catalogue::method(n).unwrap();
            python_method(m.http, m.path, m.name).map(|(p, e)| format!("{}.{e}", p.join(".")))
        };
        assert_eq!(
            find("apps.secrets.deleteWhere").as_deref(),
            Some("apps.secrets.delete_where_async")
        );
        assert_eq!(
            find("invoices.addLines").as_deref(),
            Some("invoices.add_lines_async")
        );
        assert_eq!(
            find("customers.deleteSource").as_deref(),
            Some("customers.payment_sources.delete_async")
        );
        assert_eq!(
            find("balance.retrieve").as_deref(),
            Some("balance.retrieve_async")
        );
    }

    #[test]
    fn nearly_every_catalogue_method_has_a_python_member() {
        let missing: Vec<&str> = catalogue::METHODS
            .iter()
            .filter(|m| python_method(m.http, m.path, m.name).is_none())
            .map(|m| m.name)
            .collect();
        assert!(missing.len() <= 2, "{missing:?}");
    }

    #[test]
    fn event_objects_have_their_class() {
        assert_eq!(event_object("invoice.paid"), "Invoice");
        assert_eq!(
            event_object("checkout.session.completed"),
            "checkout.Session"
        );
        assert_eq!(event_object("no.such.event"), "StripeObject");
    }
}
