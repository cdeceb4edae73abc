#!/usr/bin/env python3
"""Regenerates stdlib/*.toml from the catalogue TSVs.

Usage: python3 stdlib/from_tsv.py ../shared/stripe-apps/catalogue

The TOML files are the reviewed, committed form of the catalogue; this script
only exists so a refreshed TSV export can be turned into TOML the same way
every time. build.rs reads the TOML, never the TSVs.
"""
import csv
import json
import sys
from pathlib import Path


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def q(s):
    # json.dumps yields a valid TOML basic string for any text.
    return json.dumps(s, ensure_ascii=False)


def arr(items):
    return "[" + ", ".join(q(i) for i in items) + "]"


def split_list(s, sep):
    return [p.strip() for p in s.split(sep) if p.strip()]


def permissions(src, out):
    lines = ["# Stripe Apps permissions. See SOURCES.md.", ""]
    for r in rows(src / "permissions.tsv"):
        lines += [
            "[[permission]]",
            f"name = {q(r['permission'])}",
            f"access = {q(r['read_or_write'])}",
            f"objects = {q(r['stripe_object(s)'])}",
            f"description = {q(r['description'])}",
            f"implies = {arr(split_list(r['implies'], ';'))}",
            f"status = {q(r['status'])}",
            f"source = {q(r['source'])}",
            "",
        ]
    (out / "permissions.toml").write_text("\n".join(lines), encoding="utf-8")


def event_basis(b):
    if b.startswith("docs_table"):
        return "documented"
    if b.startswith("inferred"):
        return "inferred"
    return "unknown"


def events(src, out):
    lines = ["# Webhook event types and the permissions that let an app receive them. See SOURCES.md.", ""]
    for r in rows(src / "events.tsv"):
        lines += [
            "[[event]]",
            f"name = {q(r['event_type'])}",
            f"any_of = {arr(split_list(r['required_permission'], '|'))}",
            f"basis = {q(event_basis(r['basis']))}",
            f"derivation = {q(r['basis'])}",
            "",
        ]
    (out / "events.toml").write_text("\n".join(lines), encoding="utf-8")


ROOTS = {
    "settings": "SettingsView",
    "onboarding": "OnboardingView",
    "stripe.dashboard.fullpage": "FullPageView",
}


def viewports(src, out):
    lines = ["# Dashboard viewports a view can be placed on. See SOURCES.md.", ""]
    for r in rows(src / "viewports.tsv"):
        ctx = r["object_context"].strip()
        objects = [] if ctx == "null" else [o.replace("(inferred)", "").strip() for o in ctx.split(",")]
        lines += [
            "[[viewport]]",
            f"id = {q(r['viewport_id'])}",
            f"objects = {arr(objects)}",
            f"objects_inferred = {'true' if '(inferred)' in ctx else 'false'}",
            f"description = {q(r['description'])}",
            f"dashboard_url = {q(r['dashboard_url'])}",
            f"root = {q(ROOTS.get(r['viewport_id'], 'ContextView'))}",
            f"in_docs = {'true' if r['in_docs_table'] == 'yes' else 'false'}",
            f"in_schema = {'true' if r['in_schema_enum'] == 'yes' else 'false'}",
            f"notes = {q(r['notes'])}",
            "",
        ]
    (out / "viewports.toml").write_text("\n".join(lines), encoding="utf-8")


def method_basis(b, perm):
    if not perm:
        return "unknown"
    if b.startswith("inferred"):
        return "inferred"
    return "documented"


def methods(src, out):
    lines = ["# stripe-node API methods and the permission each needs. See SOURCES.md.", ""]
    for r in rows(src / "api-methods.tsv"):
        perm = r["required_permission"].strip()
        lines += [
            "[[method]]",
            f"name = {q(r['resource.method'])}",
            f"http = {q(r['http_method'])}",
            f"path = {q(r['path'])}",
            f"permission = {q(perm)}",
            f"basis = {q(method_basis(r['basis'], perm))}",
            f"derivation = {q(r['basis'])}",
            f"notes = {q(r['notes'])}",
            "",
        ]
    (out / "methods.toml").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/stripe-apps/catalogue")
    out = Path(__file__).resolve().parent
    permissions(src, out)
    events(src, out)
    viewports(src, out)
    methods(src, out)
