//! The template environment: every target's templates (embedded in the binary, one per
//! produced file), rendered strictly.

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

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
    for target in super::target::TARGETS {
        for (name, source) in target.templates() {
            env.add_template(name, source)?;
        }
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
