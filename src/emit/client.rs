//! The reduced Stripe client of one view, endpoint, handler or job: an object literal with
//! the declared resources, each reduced to the declared methods by `pickMethods`, so the
//! TypeScript type is stripe-node's own resource type reduced to them. A resource with declared
//! expansions (`expand <method> <path>, …`) is picked by `pickExpanding` with those paths, so
//! the `expand` parameter of its methods takes exactly them; `pickMethods` allows none.

use super::ts;
use crate::catalogue::MethodInfo;
use crate::model::{Call, Expansion, expansions_of};

/// One resource (or namespace) of the client.
#[derive(Debug, Default)]
struct Node {
    methods: Vec<&'static str>,
    /// The declared expansion paths of each method that has some.
    expand: Vec<(&'static str, Vec<String>)>,
    children: Vec<(&'static str, Node)>,
}

impl Node {
    fn child(&mut self, name: &'static str) -> &mut Node {
        let i = match self.children.iter().position(|(n, _)| *n == name) {
            Some(i) => i,
            None => {
                self.children.push((name, Node::default()));
                self.children.len() - 1
            }
        };
        &mut self.children[i].1
    }
}

/// The declared API methods (not `sdk.` functions), in order of first appearance.
pub fn api_methods(calls: &[Call]) -> Vec<&'static str> {
    method_names(calls.iter().filter_map(|c| match c {
        Call::Api(m) => Some(*m),
        Call::Sdk(_) => None,
    }))
}

/// The names of `methods` (`platform calls`, say), each once, in order of first appearance.
pub fn method_names<'a>(methods: impl IntoIterator<Item = &'a MethodInfo>) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for m in methods {
        if !out.contains(&m.name) {
            out.push(m.name);
        }
    }
    out
}

/// The members of the object literal for `calls` on the stripe-node client `client`, one
/// line each, indented by `indent` spaces; empty when nothing is declared.
pub fn members(calls: &[Call], expand: &[Expansion], client: &str, indent: usize) -> Vec<String> {
    tree_members(&api_methods(calls), expand, client, indent)
}

/// The members of a client with `methods` (platform calls, for example).
pub fn tree_members(
    methods: &[&'static str],
    expand: &[Expansion],
    client: &str,
    indent: usize,
) -> Vec<String> {
    let mut root = Node::default();
    for &name in methods {
        let parts: Vec<&'static str> = name.split('.').collect();
        let Some((method, resource)) = parts.split_last() else {
            continue;
        };
        let mut node = &mut root;
        for part in resource {
            node = node.child(part);
        }
        node.methods.push(method);
        let paths = expansions_of(expand, name);
        if !paths.is_empty() {
            node.expand
                .push((method, paths.iter().map(|p| p.to_string()).collect()));
        }
    }
    let mut lines = Vec::new();
    for (name, node) in &root.children {
        write_member(&mut lines, client, &[name], node, indent);
    }
    lines
}

fn write_member(lines: &mut Vec<String>, client: &str, path: &[&str], node: &Node, indent: usize) {
    let pad = " ".repeat(indent);
    let Some(name) = path.last() else {
        return;
    };
    let key = ts::property_key(name);
    let target = path
        .iter()
        .fold(client.to_string(), |acc, p| ts::member(&acc, p));
    let pick = |target: &str| {
        let names: Vec<String> = node.methods.iter().map(|m| ts::string(m)).collect();
        if node.expand.is_empty() {
            return format!("pickMethods({target}, {})", names.join(", "));
        }
        let declared: Vec<String> = node
            .expand
            .iter()
            .map(|(m, paths)| {
                let paths: Vec<String> = paths.iter().map(|p| ts::string(p)).collect();
                format!("{}: [{}]", ts::property_key(m), paths.join(", "))
            })
            .collect();
        format!(
            "pickExpanding({target}, [{}], {{{}}})",
            names.join(", "),
            declared.join(", ")
        )
    };
    if node.children.is_empty() {
        lines.push(format!("{pad}{key}: {},", pick(&target)));
        return;
    }
    lines.push(format!("{pad}{key}: {{"));
    if !node.methods.is_empty() {
        lines.push(format!("{pad}  ...{},", pick(&target)));
    }
    for (child, sub) in &node.children {
        let mut sub_path = path.to_vec();
        sub_path.push(child);
        write_member(lines, client, &sub_path, sub, indent + 2);
    }
    lines.push(format!("{pad}}},"));
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::catalogue;

    fn calls(names: &[&str]) -> Vec<Call> {
        let calls: Vec<Call> = names
            .iter()
            .filter_map(|n| catalogue::method(n).map(Call::Api))
            .collect();
        assert_eq!(calls.len(), names.len(), "unknown method in {names:?}");
        calls
    }

    #[test]
    fn a_resource_with_declared_expansions_is_picked_with_them() {
        let c = calls(&["invoices.retrieve", "invoices.list", "customers.retrieve"]);
        let expand = vec![
            Expansion {
                method: "invoices.retrieve".into(),
                paths: vec!["customer".into(), "default_payment_method".into()],
            },
            Expansion {
                method: "invoices.list".into(),
                paths: vec!["data.customer".into()],
            },
        ];
        assert_eq!(
            members(&c, &expand, "client", 2),
            vec![
                "  invoices: pickExpanding(client.invoices, ['retrieve', 'list'], {retrieve: ['customer', 'default_payment_method'], list: ['data.customer']}),",
                "  customers: pickMethods(client.customers, 'retrieve'),",
            ]
        );
    }

    #[test]
    fn nests_namespaces_and_keeps_declaration_order() {
        let c = calls(&[
            "invoices.retrieve",
            "apps.secrets.create",
            "invoices.update",
            "apps.secrets.find",
        ]);
        assert_eq!(
            members(&c, &[], "client", 2),
            vec![
                "  invoices: pickMethods(client.invoices, 'retrieve', 'update'),",
                "  apps: {",
                "    secrets: pickMethods(client.apps.secrets, 'create', 'find'),",
                "  },",
            ]
        );
    }
}
