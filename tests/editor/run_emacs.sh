#!/usr/bin/env bash
# Drives `stripeapp lsp` from Emacs (batch) with eglot and editors/emacs/stripeapp-mode.el, on
# a .stripeapp file written here that no other test uses.
#
#   tests/editor/run_emacs.sh [path/to/stripeapp]
#
# Runs `emacs --batch -q --no-site-file`: no init file and no site-start, but with the
# site-lisp directories where Debian installs elpa packages (which -Q would drop).
# Needs Emacs with eglot: Debian 12's `emacs-nox` (28.2) and `elpa-eglot` (1.9), which .ci/run
# installs, or any Emacs 29+ (eglot built in).
# Exit status: 0 passed, 1 failed, 77 Emacs or eglot could not be found.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

bin=${1:-${STRIPEAPP_BIN:-$root/target/debug/stripeapp}}
if [ ! -x "$bin" ]; then
  echo "run_emacs.sh: no stripeapp binary at $bin (build it first)" >&2
  exit 1
fi
if ! command -v emacs >/dev/null 2>&1; then
  echo "run_emacs.sh: no emacs (Debian's: apt-get install emacs-nox elpa-eglot)" >&2
  exit 77
fi
if ! emacs --batch -q --no-site-file --eval "(progn (require 'package) (package-initialize) (require 'eglot))" \
    >/dev/null 2>&1; then
  echo "run_emacs.sh: emacs has no eglot (Debian's: apt-get install elpa-eglot)" >&2
  exit 77
fi
echo "run_emacs.sh: $(emacs --version | head -n1)" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh app, different from the Neovim test's; the diagnosed call sits after non-ASCII text
# on its line, so a wrong column encoding shows.
cat >"$work/stamp-card.stripeapp" <<'APP'
// Written by tests/editor/run_emacs.sh: an app no other test has seen.
app "com.example.stamp-card" {
  name "Stamp Card"
  version "2.1.0"
}

permission invoice_read "Show which invoices earned a stamp"

/// The customer's stamp card.
view StampCard on stripe.dashboard.customer.detail {
  title "Stempel ☕ für Kunden"; calls customers.retrieve
  calls invoices.list
  uses award_points
}

backend "https://stamps.example.net/api" {
  endpoint award_points {
    calls customers.update
    roles "admin"
  }
}

urls "Reach the stamp service" {
  connect "https://stamps.example.net/api/"
}
APP

export STRIPEAPP_BIN="$bin"
export STRIPEAPP_TEST_FILE="$work/stamp-card.stripeapp"
export STRIPEAPP_EDITOR_DIR="$root/editors/emacs"
export HOME="$work/home"
mkdir -p "$HOME"
status=0
emacs --batch -q --no-site-file -l "$root/tests/editor/eglot_test.el" </dev/null || status=$?
exit "$status"
