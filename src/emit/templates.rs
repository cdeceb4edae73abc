//! The templates, embedded in the binary, one per produced file.

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

/// (name, source) of every template.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "ui/package.json",
        include_str!("templates/ui/package.json.jinja"),
    ),
    (
        "ui/tsconfig.json",
        include_str!("templates/ui/tsconfig.json.jinja"),
    ),
    (
        "ui/ui-extensions.d.ts",
        include_str!("templates/ui/ui-extensions.d.ts.jinja"),
    ),
    (
        "ui/eslint.config.mjs",
        include_str!("templates/ui/eslint.config.mjs.jinja"),
    ),
    ("ui/gitignore", include_str!("templates/ui/gitignore.jinja")),
    (
        "ui/runtime.ts",
        include_str!("templates/ui/runtime.ts.jinja"),
    ),
    ("ui/helper.ts", include_str!("templates/ui/helper.ts.jinja")),
    ("ui/view.tsx", include_str!("templates/ui/view.tsx.jinja")),
    (
        "backend/package.json",
        include_str!("templates/backend/package.json.jinja"),
    ),
    (
        "backend/tsconfig.json",
        include_str!("templates/backend/tsconfig.json.jinja"),
    ),
    (
        "backend/main.ts",
        include_str!("templates/backend/main.ts.jinja"),
    ),
    (
        "backend/handlers.ts",
        include_str!("templates/backend/handlers.ts.jinja"),
    ),
    (
        "backend/app.ts",
        include_str!("templates/backend/app.ts.jinja"),
    ),
    (
        "backend/config.ts",
        include_str!("templates/backend/config.ts.jinja"),
    ),
    (
        "backend/runtime.ts",
        include_str!("templates/backend/runtime.ts.jinja"),
    ),
    (
        "backend/server.ts",
        include_str!("templates/backend/server.ts.jinja"),
    ),
];

/// A template environment: strict undefined, no auto-escaping (escaping is done in Rust
/// for the language at hand), block tags that leave no blank lines behind.
pub fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    Ok(env)
}

/// Renders template `name` with `ctx`.
pub fn render<S: serde::Serialize>(
    env: &Environment<'_>,
    name: &str,
    ctx: S,
) -> Result<String, minijinja::Error> {
    env.get_template(name)?.render(minijinja::value::Serde(ctx))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    #[test]
    fn every_template_parses() {
        assert!(
            super::environment().is_ok(),
            "{:?}",
            super::environment().err()
        );
    }

    #[test]
    fn undefined_values_are_errors() {
        let Ok(env) = super::environment() else {
            panic!("the embedded templates do not parse");
        };
        let result = super::render(&env, "ui/package.json", minijinja::context! {});
        assert!(
            matches!(&result, Err(e) if e.kind() == minijinja::ErrorKind::UndefinedError),
            "{result:?}"
        );
    }
}
