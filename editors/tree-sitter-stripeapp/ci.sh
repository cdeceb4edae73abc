#!/usr/bin/env bash
# Checks the tree-sitter grammar with the tree-sitter CLI (the crate from crates.io, pinned):
#   1. src/ (the committed generated parser) is what `tree-sitter generate` makes of grammar.js;
#   2. `tree-sitter test`: the corpus (test/corpus) and the highlight tests (test/highlight);
#   3. every file in examples/, and every tracked .stripeapp file on which the compiler reports
#      no syntax error, parses without an ERROR or MISSING node.
# The CLI is installed once with `cargo install --locked` into the user cache
# ($XDG_CACHE_HOME or ~/.cache)/stripeapp/tree-sitter-cli-<version>, so warm runs are fast.
# `tree-sitter generate` evaluates grammar.js with the CLI's built-in JavaScript runtime;
# `tree-sitter test` compiles the parser with the system C compiler.
#
#   editors/tree-sitter-stripeapp/ci.sh            all of it
#   editors/tree-sitter-stripeapp/ci.sh generate   regenerate src/ in place (after editing grammar.js)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

version=0.27.1
# The ABI that Neovim 0.7 (Debian 12) and Helix load.
abi=14
cache=${XDG_CACHE_HOME:-$HOME/.cache}/stripeapp
tools=$cache/tree-sitter-cli-$version
ts=$tools/bin/tree-sitter
if [ ! -x "$ts" ]; then
  echo "== installing tree-sitter-cli $version into $tools (once)"
  cargo install --locked --quiet "tree-sitter-cli@$version" --root "$tools"
fi
"$ts" --version

# The CLI's own cache (compiled parsers) goes with the tool, not into the user's config.
export TREE_SITTER_DIR="$tools/config"
export TREE_SITTER_LIBDIR="$tools/lib"
mkdir -p "$TREE_SITTER_DIR" "$TREE_SITTER_LIBDIR"
if [ ! -f "$TREE_SITTER_DIR/config.json" ]; then
  "$ts" init-config >/dev/null
fi

if [ "${1:-}" = generate ]; then
  cd "$here" && "$ts" generate --abi "$abi"
  exit 0
fi

echo "== tree-sitter generate: src/ is up to date with grammar.js"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$here/grammar.js" "$here/tree-sitter.json" "$work/"
(cd "$work" && "$ts" generate --abi "$abi")
if ! diff -r -q "$work/src" "$here/src"; then
  echo "src/ is stale: run editors/tree-sitter-stripeapp/ci.sh generate and commit src/" >&2
  exit 1
fi

echo "== tree-sitter test: corpus and highlight queries"
(cd "$here" && "$ts" test)

echo "== every example, and every .stripeapp file the compiler parses, parses without ERROR or MISSING nodes"
# The examples must all parse. Beyond them, every tracked .stripeapp file (the ui, emit and lsp
# fixtures: a few hundred) on which the compiler reports no syntax error (E0001) must parse
# here too: the two grammars accept the same files.
cargo build --quiet --manifest-path "$root/Cargo.toml"
stripeapp="$root/target/debug/stripeapp"
failed=0
count=0
skipped=0
while IFS= read -r f; do
  case "$f" in
    examples/*) ;;
    *)
      # (check exits 1 on errors: read its output first, pipefail would hide the match.)
      diagnostics=$("$stripeapp" check --format json "$root/$f" 2>/dev/null || true)
      if grep -q '"E0001"' <<<"$diagnostics"; then
        skipped=$((skipped + 1))
        continue
      fi
      ;;
  esac
  count=$((count + 1))
  tree=$(cd "$here" && "$ts" parse "$root/$f" 2>&1) || true
  if grep -q -E '\((ERROR|MISSING)' <<<"$tree"; then
    echo "FAIL $f:" >&2
    grep -n -E '\((ERROR|MISSING)' <<<"$tree" >&2
    failed=$((failed + 1))
  fi
done < <(cd "$root" && git ls-files '*.stripeapp')
echo "($skipped files with syntax errors left out)"
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
