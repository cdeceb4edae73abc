"""The end-to-end vectors against compiled Python backends: the same requests the Node
suite sends (signed, tampered, wrong secret, stale, v0-only, missing header, garbled,
replayed; endpoint calls unsigned, other secret, wrong role, valid; path parameters
typed, signed and hostile; public routes unsigned; the health route; the OAuth callback
with good and bad ``state`` against a local fake of Stripe's token endpoint (reached by
stripe-python itself, through STRIPE_API_BASE); a retry while the handler runs; a handler that throws, never finishes, succeeds after a failure; a signed
``null``; a 2 MB body), plus the command line (configuration problems all at once, secrets
never printed, ``.env``, jobs), the platform client of every endpoint, event handler and
job that declares ``platform calls`` (called through the fake: the secret key and no
``Stripe-Account``, whatever account the call or event is of) and, when ``redis-server`` is
on the PATH, two instances sharing a Redis store.

    python vectors.py PLAN.json

Standard library only, and independent of stripe-python: signatures are computed here with
``hmac``, as Stripe computes them. Prints one line per check; exits 1 when any failed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

HERE = Path(__file__).resolve().parent
SECRETS = {
    "STRIPE_SECRET_KEY": "sk_test_e2e_not_a_real_key",
    "STRIPE_WEBHOOK_SECRET": "whsec_e2e_webhook_secret",
    "STRIPE_APP_SECRET": "absec_e2e_app_secret",
    # Not a secret, but required the same way by a backend with an `oauth_callback`.
    "STRIPE_OAUTH_INSTALL_URL": "https://marketplace.stripe.com/oauth/v2/authorize?client_id=ca_e2e",
}
TIMEOUT = "2000"  # HANDLER_TIMEOUT_MS for the runs, so "never finishes" ends in 2 s
failures: list[str] = []


def check(ok: bool, what: str, detail: object = "") -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {what}" + ("" if ok else f"\n       {detail}"), flush=True)
    if not ok:
        failures.append(what)


def sign(body: bytes, secret: str, timestamp: int | None = None, scheme: str = "v1") -> str:
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},{scheme}={mac}"


def event(type_: str, id_: str, **extra: Any) -> bytes:
    return json.dumps(
        {
            "id": id_,
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": type_,
            "data": {"object": {"id": "obj_e2e_1", "object": type_.split(".")[0]}},
            **extra,
        }
    ).encode()


class Server:
    """`python chaos.py` in a compiled backend, on a free port."""

    def __init__(self, backend: Path, env: dict[str, str], python: str) -> None:
        self.proc = subprocess.Popen(
            [python, str(HERE / "chaos.py")],
            cwd=backend,
            env={"PATH": os.environ["PATH"], "HOST": "127.0.0.1", "PORT": "0", "HANDLER_TIMEOUT_MS": TIMEOUT, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.port = 0
        ready = threading.Event()

        def pump() -> None:
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.lines.append(line)
                found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
                if found:
                    self.port = int(found.group(1))
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(30) or not self.port:
            self.stop()
            raise RuntimeError(f"the backend in {backend} did not start:\n{self.logs()}")

    def logs(self) -> str:
        return "".join(self.lines)

    def count(self, text: str) -> int:
        return self.logs().count(text)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        res = conn.getresponse()
        data = res.read()
        conn.close()
        headers_out = {k.lower(): v for k, v in res.getheaders()}
        no_trace = b"Traceback" not in data and b'File "' not in data and b"sk_test_leak" not in data
        check(no_trace, f"no stack trace in the answer to {method} {path}", data[:300])
        return res.status, headers_out, data

    def post(self, path: str, body: bytes, signature: str | None) -> tuple[int, dict[str, str], bytes]:
        return self.request("POST", path, body, {} if signature is None else {"Stripe-Signature": signature})

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def ran(server: Server, key: str, times: int, within: float = 5.0) -> bool:
    """Whether the handler ran for ``key`` exactly ``times`` times (waiting for the log)."""

    def count() -> int:
        return sum(1 for line in list(server.lines) if line.startswith("RAN ") and line.rstrip().endswith(f" {key}"))

    end = time.time() + within
    while count() < times and time.time() < end:
        time.sleep(0.05)
    time.sleep(0.1)
    return count() == times


def webhook_vectors(s: Server, b: dict[str, Any], slow: bool) -> None:
    path = b["webhook"]
    secret = SECRETS["STRIPE_WEBHOOK_SECRET"]
    events = [e["name"] for e in b["events"]]
    for i, name in enumerate(events):
        body = event(name, f"evt_e2e_ok_{i}", account="acct_installer")
        status, headers, data = s.post(path, body, sign(body, secret))
        check(status == 200 and json.loads(data) == {"received": True, "handled": True}, f"signed {name} runs its handler", (status, data))
        check("access-control-allow-origin" not in headers, "no CORS on webhooks")
        check(ran(s, f"evt_e2e_ok_{i}", 1) and s.count(f"[{name}] evt_e2e_ok_{i} on acct_installer (test mode)") == 1, f"the starter of {name} logged the id and type only", s.logs()[-2000:])
    if events:
        body = event(events[0], "evt_e2e_ok_0", account="acct_installer")
        status, _, data = s.post(path, body, sign(body, secret))
        check(status == 200 and json.loads(data) == {"received": True, "duplicate": True}, "a replayed id is acknowledged", (status, data))
        check(ran(s, "evt_e2e_ok_0", 1), "a replayed id does not run the handler again")

        body = event(events[0], "evt_e2e_rolled")
        good = sign(body, secret)
        t = int(good.split(",")[0][2:])
        old = sign(body, "whsec_old", timestamp=t)
        header = f"t={t},v1={old.split('v1=')[1]},v1={good.split('v1=')[1]},v0=deadbeef"
        status, _, _ = s.post(path, body, header)
        check(status == 200, "any matching v1 signature is accepted (a rolled secret), v0 ignored", status)

        # A retry while the handler runs gets a retryable non-2xx; nothing is lost.
        body = event(events[0], "evt_e2e_slow")
        first: list[int] = []
        worker = threading.Thread(target=lambda: first.append(s.post(path, body, sign(body, secret))[0]))
        worker.start()
        time.sleep(0.5)
        status, headers, _ = s.post(path, body, sign(body, secret))
        check(status == 409 and "retry-after" in headers, "a retry while the handler runs gets 409 (Stripe retries)", status)
        worker.join()
        check(first == [200], "the first delivery then succeeds", first)
        status, _, data = s.post(path, body, sign(body, secret))
        check(status == 200 and b"duplicate" in data, "and the next retry is acknowledged", (status, data))
        check(ran(s, "evt_e2e_slow", 1), "the slow handler ran exactly once")

        body = event(events[0], "evt_e2e_throw")
        statuses = [s.post(path, body, sign(body, secret)) for _ in range(2)]
        check([x[0] for x in statuses] == [500, 500] and json.loads(statuses[0][2]) == {"error": "handler failed"}, "a handler that throws gets 500, and its id stays free", statuses)
        check(ran(s, "evt_e2e_throw", 2), "each retry of a failed event runs the handler again")

        body = event(events[0], "evt_e2e_hang")
        started = time.time()
        status, _, data = s.post(path, body, sign(body, secret))
        took = time.time() - started
        check(status == 503 and 1.5 < took < 10, f"a handler that never finishes is timed out with 503 (after {took:.1f} s)", (status, data))
        status, _, _ = s.post(path, body, sign(body, secret))
        check(status == 503, "its id stays free: the retry runs (and times out) again", status)

        body = event(events[0], "evt_e2e_flaky")
        statuses = [s.post(path, body, sign(body, secret))[0] for _ in range(3)]
        check(statuses == [500, 200, 200], "a handler that succeeds after a failure: 500, 200, then acknowledged", statuses)

    declared = set(events)
    undeclared = next(t for t in ("product.created", "customer.created", "charge.succeeded") if t not in declared)
    body = event(undeclared, "evt_e2e_undeclared")
    status, _, data = s.post(path, body, sign(body, secret))
    check(status == 200 and json.loads(data) == {"received": True, "handled": False}, "an undeclared type gets 200 and is ignored", (status, data))

    type_ = events[0] if events else "product.created"

    def refused(what: str, body: bytes, header: str | None, expect: int = 400) -> None:
        status, _, data = s.post(path, body, header)
        check(status == expect, f"{expect} for {what}", (status, data))

    body = event(type_, "evt_e2e_tampered")
    refused("a tampered body", body.replace(b"obj_e2e_1", b"obj_e2e_2"), sign(body, secret))
    body = event(type_, "evt_e2e_wrong")
    refused("another secret", body, sign(body, "whsec_someone_else"))
    refused("the app secret", body, sign(body, SECRETS["STRIPE_APP_SECRET"]))
    refused("a v0-only signature", body, sign(body, secret, scheme="v0"))
    refused("a stale timestamp", body, sign(body, secret, timestamp=int(time.time()) - 600))
    refused("no Stripe-Signature header", body, None)
    refused("a garbled header", body, "this is not a signature")
    refused("a header without timestamp", body, re.sub(r"t=\d+,", "", sign(body, secret)))
    refused("a signed null", b"null", sign(b"null", secret))
    refused("a signed list", b"[]", sign(b"[]", secret))
    no_id = json.dumps({"object": "event", "type": type_, "data": {"object": {}}}).encode()
    refused("a signed event without id", no_id, sign(no_id, secret))
    big = b'{"pad":"' + b"x" * (2 * 1024 * 1024) + b'"}'
    refused("a signed 2 MB body", big, sign(big, secret), 413)
    refused("an unsigned 2 MB body (refused before reading it)", big, None)
    status, _, data = s.request("POST", path, body, {"Stripe-Signature": sign(body, secret), "Content-Encoding": "gzip"})
    check(status == 415, "415 for a compressed body", (status, data))
    if slow:  # 10 s of waiting: shown on one backend (the code is the same in all)
        trickle_status = trickle(s.port, path, sign(body, secret))
        check(trickle_status == 408, "408 for a body that trickles in slower than 10 s", trickle_status)
    for id_ in ("tampered", "wrong", "none"):
        check(s.count(f"evt_e2e_{id_}") == 0, f"no handler ran for the refused {id_} delivery")
    status, headers, _ = s.request("GET", path)
    check(status == 405 and headers.get("allow") == "POST", "GET gets 405, Allow: POST", (status, headers))
    status, headers, _ = s.request("OPTIONS", path)
    check(status == 405 and "access-control-allow-origin" not in headers, "OPTIONS gets 405 (no preflight on webhooks)", status)


def trickle(port: int, path: str, header: str) -> int:
    """Declares 100 bytes, sends 10, then waits: the server must not wait for ever."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nStripe-Signature: {header}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n0123456789".encode()
        )
        answer = sock.recv(200).decode(errors="replace")
    found = re.match(r"HTTP/1\.1 (\d+)", answer)
    return int(found.group(1)) if found else 0


def unsigned_params_body(roles: list[dict[str, str]], payload: dict[str, Any] | None = None) -> bytes:
    payload = {"object_id": "obj_e2e"} if payload is None else payload
    return json.dumps({**payload, "stripe_roles": roles, "user_id": "usr_e2e", "account_id": "acct_e2e"}).encode()


def built_in(id_: str) -> dict[str, str]:
    return {"id": id_, "name": id_.replace("_", " "), "type": "builtIn"}


def fill(path: str, values: dict[str, str]) -> str:
    """``path`` with each ``:name`` segment replaced by ``values[name]``, as sent."""
    return "/".join(values[seg[1:]] if seg.startswith(":") else seg for seg in path.split("/"))


HOSTILE = [
    ("an encoded slash", "a%2Fb"),
    ("an encoded slash in lower case", "a%2fb"),
    ("an encoded .", "%2E"),
    ("an encoded .. in lower case", "%2e%2e"),
    ("an encoded backslash", "a%5Cb"),
    ("an encoded NUL", "a%00b"),
    ("an encoded newline", "a%0Ab"),
    ("a double-encoded slash", "a%252Fb"),
    ("a double-encoded dot", "a%252Eb"),
    ("..", ".."),
    ("an encoded ..", "%2E%2E"),
    (".", "."),
    ("an empty value", ""),
    ("bytes that are not UTF-8", "%C3%28"),
]
"""Path parameter values (as sent) refused with 400 before any handler runs."""


def hostile_params(s: Server, what: str, pattern: str, params: dict[str, str], method: str, body: bytes | None, headers: dict[str, str] | None = None) -> None:
    before = s.count("RAN ")
    for name in params:
        for why, raw in HOSTILE:
            status, _, data = s.request(method, fill(pattern, {**params, name: raw}), body, headers)
            check(status == 400 and json.loads(data) == {"error": f"invalid path parameter: {name}"}, f"{what}: 400 for {why} as :{name}", (status, data))
    check(s.count("RAN ") == before, f"{what}: no handler ran for a hostile parameter")


def ran_with_params(s: Server, values: dict[str, str]) -> bool:
    time.sleep(0.1)
    return any(line.startswith("RAN ") and " PARAMS " in line and all(f"={v!r}" in line for v in values.values()) for line in list(s.lines))


def endpoint_vectors(s: Server, e: dict[str, Any], fake: FakeStripe) -> None:
    params = {n: f"{n}_e2e_1" for n in e.get("params", [])}
    path = fill(e["path"], params)
    signed_params: dict[str, Any] = {"stripeapp_params": params} if params else {}
    secret = SECRETS["STRIPE_APP_SECRET"]
    allowed = [built_in(e["roles"][0])] if e["roles"] else []

    def endpoint_body(roles: list[dict[str, str]], payload: dict[str, Any] | None = None) -> bytes:
        payload = {"object_id": "obj_e2e"} if payload is None else payload
        return unsigned_params_body(roles, {**payload, **signed_params})

    status, headers, _ = s.request("OPTIONS", path, None, {"Origin": "null", "Access-Control-Request-Method": "POST"})
    check(status == 204 and headers.get("access-control-allow-origin") == "*" and "Stripe-Signature" in headers.get("access-control-allow-headers", ""), f"{e['name']}: CORS preflight gets 204", (status, headers))
    body = endpoint_body(allowed)
    status, headers, _ = s.post(path, body, None)
    check(status == 401 and headers.get("access-control-allow-origin") == "*", f"{e['name']}: an unsigned call gets 401 with CORS", status)
    for what, sent, header in [
        ("another app secret", body, sign(body, "absec_someone_else")),
        ("the webhook secret", body, sign(body, SECRETS["STRIPE_WEBHOOK_SECRET"])),
        ("a tampered body", body.replace(b"acct_e2e", b"acct_evil"), sign(body, secret)),
        ("a stale timestamp", body, sign(body, secret, timestamp=int(time.time()) - 600)),
        ("a v0-only signature", body, sign(body, secret, scheme="v0")),
        ("a garbled header", body, "garbled"),
    ]:
        status, _, _ = s.post(path, sent, header)
        check(status == 401, f"{e['name']}: 401 for {what}", status)
    if e["roles"]:
        for sent in [endpoint_body([{"id": "view_only_e2e", "name": "View only", "type": "builtIn"}]), endpoint_body([]), json.dumps({"user_id": "usr_e2e", "account_id": "acct_e2e", **signed_params}).encode()]:
            status, _, data = s.post(path, sent, sign(sent, secret))
            check(status == 403 and json.loads(data) == {"error": f"requires one of the roles: {', '.join(e['roles'])}"}, f"{e['name']}: 403 without a declared role", (status, data))
        sent = endpoint_body([{"id": "rol_custom", "name": e["roles"][-1], "type": "custom"}])
        status, _, _ = s.post(path, sent, sign(sent, secret))
        check(status == 200, f"{e['name']}: a role matches by name", status)
    sent = endpoint_body(allowed, {"object_id": f"ok_{e['name']}"})
    status, headers, data = s.post(path, sent, sign(sent, secret))
    check(status == 200 and json.loads(data) == {"ok": True} and headers.get("access-control-allow-origin") == "*", f"{e['name']}: a signed call gets the handler's JSON", (status, data))
    time.sleep(0.1)
    check(s.count(f"[{e['name']}] call from usr_e2e on acct_e2e") >= 1 and f"ok_{e['name']}" not in s.logs().replace(f"RAN ", ""), f"{e['name']}: the starter logs ids, never the payload", s.logs()[-1500:])
    for sent in [b"[1,2]", b'{"user_id":"usr_e2e"}', b"not json"]:
        status, _, _ = s.post(path, sent, sign(sent, secret))
        check(status == 400, f"{e['name']}: 400 for the signed body {sent[:20]!r}", status)
    for behaviour, expect in [("throw", 500), ("hang", 503), ("httperror", 422)]:
        sent = endpoint_body(allowed, {"behaviour": behaviour})
        status, headers, data = s.post(path, sent, sign(sent, secret))
        check(status == expect and headers.get("access-control-allow-origin") == "*", f"{e['name']}: a handler that does {behaviour} gets {expect}", (status, data))
    big = endpoint_body(allowed, {"pad": "x" * (2 * 1024 * 1024)})
    status, _, _ = s.post(path, big, sign(big, secret))
    check(status == 413, f"{e['name']}: a signed 2 MB call gets 413", status)
    status, headers, _ = s.request("GET", path)
    check(status == 405 and headers.get("allow") == "POST, OPTIONS", f"{e['name']}: GET gets 405", (status, headers))
    if params:
        check(ran_with_params(s, params), f"{e['name']}: the handler gets its typed path parameters", s.logs()[-1500:])
        first = next(iter(params))
        sent = endpoint_body(allowed)
        status, headers, data = s.post(fill(e["path"], {**params, first: "other_e2e"}), sent, sign(sent, secret))
        check(status == 400 and json.loads(data) == {"error": "the path parameters are not the ones that were signed"} and headers.get("access-control-allow-origin") == "*", f"{e['name']}: a call signed for one :{first} is refused on another (400)", (status, data))
        sent = unsigned_params_body(allowed)
        status, _, data = s.post(path, sent, sign(sent, secret))
        check(status == 400, f"{e['name']}: a call whose signed body lacks stripeapp_params gets 400", (status, data))
        sent = endpoint_body(allowed)
        hostile_params(s, e["name"], e["path"], params, "POST", sent, {"Stripe-Signature": sign(sent, secret)})
        status, headers, _ = s.request("OPTIONS", path)
        check(status == 204 and headers.get("access-control-allow-origin") == "*", f"{e['name']}: CORS preflight on a path with parameters", status)
    if e["platform"]:
        since, before = len(fake.requests), s.count("PROBE platform ")
        sent = endpoint_body(allowed, {"behaviour": "platform"})
        status, _, data = s.post(path, sent, sign(sent, secret))
        check(status == 200 and probed(s, before), f"{e['name']}: the handler's platform client is called", (status, data, s.logs()[-1500:]))
        own_account_only(fake, since, f"{e['name']} (a call from acct_e2e)")


def public_vectors(s: Server, p: dict[str, Any], publics: list[dict[str, Any]]) -> None:
    what = f"public {p['name']}"
    params = {n: f"{n}_e2e_1" for n in p["params"]}
    path = fill(p["path"], params)
    method = p["method"]
    body = None if method == "GET" else b'{"from":"a third party"}'
    status, headers, data = s.request(method, path + "?x=1", body)
    check(status == 200 and json.loads(data) == {"ok": True}, f"{what}: an unsigned {method} gets the handler's JSON", (status, data))
    check("access-control-allow-origin" not in headers, f"{what}: no CORS (views may not call it)", headers)
    time.sleep(0.1)
    check(s.count(f"[{p['name']}] {method} request") >= 1, f"{what}: the starter logs the method only", s.logs()[-1500:])
    if params:
        check(ran_with_params(s, params), f"{what}: the handler gets its typed path parameters", s.logs()[-1500:])
    for behaviour, expect in [("throw", 500), ("hang", 503), ("httperror", 422)]:
        status, _, data = s.request(method, f"{path}?behaviour={behaviour}", body)
        check(status == expect, f"{what}: a handler that does {behaviour} gets {expect}", (status, data))
    declared = [q["method"] for q in publics if q["path"] == p["path"]]
    other = next(m for m in ("PATCH", "PUT", "DELETE", "POST", "GET") if m not in declared)
    status, headers, _ = s.request(other, path, b"{}")
    allow = headers.get("allow", "")
    check(status == 405 and all(m in allow for m in declared), f"{what}: {other} gets 405 with Allow: {', '.join(declared)}", (status, headers))
    if method != "GET":
        big = b'{"pad":"' + b"x" * (2 * 1024 * 1024) + b'"}'
        status, _, _ = s.request(method, path, big)
        check(status == 413, f"{what}: a 2 MB body gets 413", status)
        status, _, _ = s.request(method, path, body, {"Content-Encoding": "gzip"})
        check(status == 415, f"{what}: a compressed body gets 415", status)
    if params:
        hostile_params(s, what, p["path"], params, method, body)
        shorter = "/".join(p["path"].split("/")[:-1]) if p["path"].endswith(f":{p['params'][-1]}") else None
        if shorter and not any(q["path"] == shorter for q in publics):
            status, _, _ = s.request(method, fill(shorter, params), body)
            check(status == 404, f"{what}: a path missing its last parameter is not this route (404)", status)


def health_vectors(s: Server, path: str) -> None:
    status, headers, data = s.request("GET", path)
    check(status == 200 and json.loads(data) == {"status": "ok"}, f"GET {path} (health, unauthenticated) gets 200", (status, data))
    status, _, data = s.request("HEAD", path)
    check(status == 200 and data == b"", "HEAD on the health route gets 200 without a body", (status, data))
    status, headers, _ = s.request("POST", path, b"{}")
    check(status == 405 and headers.get("allow") == "GET, HEAD", "POST on the health route gets 405, Allow: GET, HEAD", (status, headers))


class FakeStripe:
    """Stripe's token endpoint (``POST /v1/oauth/token``) as the callback reaches it
    through stripe-python (at STRIPE_API_BASE): ``ac_e2e_good`` is exchanged,
    ``ac_e2e_down`` gets a 500, any other code Stripe's ``invalid_grant`` (400). Any other
    ``/v1/`` request (a platform client's) gets an empty object, list or search result.
    Each request is recorded as (path, Authorization, form, Stripe-Account or None)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, list[str]], str | None]] = []
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self, status: int, out: dict[str, Any]) -> None:
                data = json.dumps(out).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def other(self, form: dict[str, list[str]]) -> None:
                fake.requests.append((self.path, self.headers.get("authorization", ""), form, self.headers.get("stripe-account")))
                path = urlsplit(self.path).path
                if path.endswith("/search"):
                    self.answer(200, {"object": "search_result", "data": [], "has_more": False, "url": path})
                elif self.command == "GET":
                    self.answer(200, {"object": "list", "data": [], "has_more": False, "url": path})
                else:
                    self.answer(200, {"id": "obj_e2e_platform", "object": path.rstrip("/").split("/")[-1].rstrip("s")})

            def do_GET(self) -> None:
                self.other({})

            def do_POST(self) -> None:
                form = parse_qs(self.rfile.read(int(self.headers.get("content-length", "0"))).decode())
                if self.path != "/v1/oauth/token":
                    self.other(form)
                    return
                fake.requests.append((self.path, self.headers.get("authorization", ""), form, self.headers.get("stripe-account")))
                code = form.get("code", [""])[0]
                if code == "ac_e2e_good":
                    status, out = 200, {"access_token": "sk_test_e2e_access", "refresh_token": "rt_e2e", "stripe_user_id": "acct_e2e_installed", "livemode": False, "scope": "stripe_apps", "token_type": "bearer"}
                elif code == "ac_e2e_down":
                    status, out = 500, {"error": {"type": "api_error", "message": "down"}}
                else:
                    status, out = 400, {"error": "invalid_grant", "error_description": f"Authorization code does not exist: {code}"}
                self.answer(status, out)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def own_account_only(fake: FakeStripe, since: int, what: str) -> None:
    """Every API request since ``since`` (the platform client's) went to your own account:
    the secret key, no Stripe-Account header."""
    made = [r for r in fake.requests[since:] if r[0] != "/v1/oauth/token"]
    key = f"Bearer {SECRETS['STRIPE_SECRET_KEY']}"
    check(bool(made) and all(r[3] is None and r[1] == key for r in made), f"{what}: the platform client calls your own account (the secret key, no Stripe-Account)", made)


def probed(s: Server, before: int, within: float = 5.0) -> bool:
    """Whether a platform probe finished after ``before`` probes (waiting for the log)."""
    end = time.time() + within
    while s.count("PROBE platform ") <= before and time.time() < end:
        time.sleep(0.05)
    return s.count("PROBE platform ") > before and "PROBE platform none" not in s.logs()


def platform_event_vectors(s: Server, b: dict[str, Any], fake: FakeStripe) -> None:
    for i, e in enumerate(x for x in b["events"] if x["platform"]):
        since, before = len(fake.requests), s.count("PROBE platform ")
        body = event(e["name"], f"evt_e2e_platform_{i}", account="acct_e2e_installer")
        status, _, data = s.post(b["webhook"], body, sign(body, SECRETS["STRIPE_WEBHOOK_SECRET"]))
        check(status == 200 and probed(s, before), f"{e['name']}: the handler's platform client is called", (status, data, s.logs()[-1500:]))
        own_account_only(fake, since, f"{e['name']} (an event of another account)")


def state_for(nonce: str, expires: int, secret: str) -> str:
    mac = base64.urlsafe_b64encode(hmac.new(secret.encode(), f"{nonce}.{expires}".encode(), hashlib.sha256).digest()).rstrip(b"=").decode()
    return f"{nonce}.{expires}.{mac}"


def oauth_vectors(s: Server, path: str, fake: FakeStripe) -> None:
    first_exchange = len(fake.requests)  # the fake serves every example's backend
    status, headers, _ = s.request("GET", path + "/start")
    location = headers.get("location", "")
    cookie = headers.get("set-cookie", "")
    check(status == 302 and location.startswith(SECRETS["STRIPE_OAUTH_INSTALL_URL"] + "&state="), "OAuth start redirects to the install link with a state", (status, location))
    check(re.fullmatch(r"[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]+", parse_qs(urlsplit(location).query).get("state", [""])[0]) is not None, "the state is nonce.expiry.mac", location)
    flags = [f.strip().lower() for f in cookie.split(";")]
    check(flags[0].startswith("stripeapp_oauth_state=") and {"httponly", "secure", "samesite=lax", "max-age=600", f"path={path}".lower()} <= set(flags), "OAuth start sets the nonce in an HttpOnly, Secure, SameSite=Lax cookie on the callback's path for 10 minutes", cookie)
    state = parse_qs(urlsplit(location).query).get("state", [""])[0]
    nonce = cookie.split(";")[0].split("=", 1)[1]
    check(state.startswith(nonce + "."), "the state carries the cookie's nonce", (state, nonce))

    def callback(query: dict[str, str], browser: str | None = nonce) -> tuple[int, dict[str, str], bytes]:
        return s.request("GET", f"{path}?{urlencode(query)}", None, {} if browser is None else {"Cookie": f"stripeapp_oauth_state={browser}"})

    exchanges = len(fake.requests)
    t = int(time.time())
    secret = SECRETS["STRIPE_SECRET_KEY"]
    for what, query, browser in [
        ("no state", {"code": "ac_e2e_good"}, nonce),
        ("a forged state", {"code": "ac_e2e_good", "state": state[:-2] + ("AA" if not state.endswith("AA") else "BB")}, nonce),
        ("a state signed with another secret", {"code": "ac_e2e_good", "state": state_for(nonce, t + 300, "sk_test_someone_else")}, nonce),
        ("an expired state", {"code": "ac_e2e_good", "state": state_for(nonce, t - 1, secret)}, nonce),
        ("a state from another browser (login CSRF)", {"code": "ac_e2e_good", "state": state}, "someone_elses_nonce"),
        ("a state without its cookie", {"code": "ac_e2e_good", "state": state}, None),
        ("a garbled state", {"code": "ac_e2e_good", "state": "garbled"}, nonce),
        ("an empty state", {"code": "ac_e2e_good", "state": ""}, nonce),
        ("a state whose expiry was moved", {"code": "ac_e2e_good", "state": ".".join([state.split(".")[0], str(int(state.split(".")[1]) + 60), state.split(".")[2]])}, nonce),
    ]:
        status, _, data = callback(query, browser)
        check(status == 400 and json.loads(data) == {"error": "invalid state"}, f"OAuth callback: 400 for {what}", (status, data))
    check(len(fake.requests) == exchanges, "OAuth callback: no code is exchanged without a valid state", fake.requests[exchanges:])
    status, _, data = callback({"error": "access_denied", "state": state})
    check(status == 400 and json.loads(data) == {"error": "the installation was not authorized"}, "OAuth callback: 400 when the user declined (error)", (status, data))
    for query in [{"state": state}, {"state": state, "code": ""}]:
        status, _, data = callback(query)
        check(status == 400 and json.loads(data) == {"error": "missing code"}, f"OAuth callback: 400 without code ({query.keys()})", (status, data))
    check(len(fake.requests) == exchanges, "OAuth callback: nothing is exchanged when the user declined or there is no code")
    status, _, data = callback({"code": "ac_e2e_reused", "state": state})
    check(status == 400 and json.loads(data) == {"error": "the code was refused"}, "OAuth callback: 400 when Stripe refuses the code", (status, data))
    status, _, data = callback({"code": "ac_e2e_down", "state": state})
    check(status == 502 and json.loads(data) == {"error": "the token exchange with Stripe failed"} and b"down" not in data, "OAuth callback: 502 when Stripe fails", (status, data))
    status, headers, data = callback({"code": "ac_e2e_good", "state": state})
    check(status == 200 and json.loads(data) == {"installed": True}, "OAuth callback: a good state and code run the handler", (status, data))
    check("max-age=0" in headers.get("set-cookie", "").lower(), "OAuth callback: the state's cookie is cleared", headers)
    good = [r for r in fake.requests[first_exchange:] if r[2].get("code") == ["ac_e2e_good"]]
    check(
        len(good) == 1 and good[0][0] == "/v1/oauth/token" and good[0][2].get("grant_type") == ["authorization_code"] and good[0][1] == f"Bearer {SECRETS['STRIPE_SECRET_KEY']}",
        "OAuth callback: stripe-python exchanged the code at /v1/oauth/token with the secret key",
        fake.requests,
    )
    time.sleep(0.1)
    check(s.count("[oauth_callback] installed on acct_e2e_installed (test mode)") == 1, "OAuth callback: the handler got the installing account", s.logs()[-1500:])
    check("sk_test_e2e_access" not in s.logs() and "rt_e2e" not in s.logs(), "OAuth callback: no token is logged")
    for route in (path, path + "/start"):
        status, headers, _ = s.request("POST", route, b"{}")
        check(status == 405 and headers.get("allow") == "GET, HEAD", f"POST {route} gets 405, Allow: GET, HEAD", (status, headers))


def command_line(example: dict[str, Any], backend: Path, python: str, fake: FakeStripe) -> None:
    b = example["backend"]
    env_base = {"PATH": os.environ["PATH"], "PORT": "0"}

    def run(env: dict[str, str], *args: str, cwd: Path = backend) -> subprocess.CompletedProcess[str]:
        return subprocess.run([python, "-m", "app", *args], cwd=cwd, env={**env_base, **env}, capture_output=True, text=True, timeout=60)

    needed = {name: SECRETS[name] for name in b["env"]}
    result = run({})
    for name in b["env"]:
        check(result.returncode == 1 and f"Missing environment variable {name}: " in result.stderr, f"without any variable, {name} is named (all problems at once)", result.stderr)
    swapped = {**needed, "STRIPE_SECRET_KEY": SECRETS["STRIPE_WEBHOOK_SECRET"], "PORT": "eighty", "HANDLER_TIMEOUT_MS": "never"}
    if "STRIPE_WEBHOOK_SECRET" in needed:
        swapped["STRIPE_WEBHOOK_SECRET"] = SECRETS["STRIPE_APP_SECRET"]
    result = run(swapped)
    check(result.returncode == 1 and "STRIPE_SECRET_KEY holds what looks like a STRIPE_WEBHOOK_SECRET" in result.stderr and "PORT must be" in result.stderr and "HANDLER_TIMEOUT_MS" in result.stderr, "wrong prefixes, a bad PORT and timeout are reported together", result.stderr)
    check(not any(v in result.stdout + result.stderr for v in SECRETS.values()), "no secret value is ever printed", result.stderr)
    # .env in the working directory fills in what the environment does not set.
    dotenv = backend / ".env"
    dotenv.write_text("".join(f'export {k}="{v}"\n' for k, v in needed.items()) + "# a comment\nHOST=127.0.0.1\n")
    try:
        proc = subprocess.Popen([python, "-m", "app"], cwd=backend, env=env_base, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
        check(re.search(r"listening on http://127\.0\.0\.1:\d+$", line.strip()) is not None, "reads .env and logs the real address", line)
    finally:
        dotenv.unlink()
    for job in b["jobs"]:
        result = run({"STRIPE_SECRET_KEY": SECRETS["STRIPE_SECRET_KEY"]}, "job", job["name"])
        check(result.returncode == 0 and f"[{job['name']}] ran" in result.stdout, f"job {job['name']} runs with only STRIPE_SECRET_KEY", result.stdout + result.stderr)
    for job in (j for j in b["jobs"] if j["platform"]):
        since = len(fake.requests)
        env = {**env_base, "STRIPE_SECRET_KEY": SECRETS["STRIPE_SECRET_KEY"], "STRIPE_API_BASE": fake.base, "E2E_BEHAVIOUR": "platform"}
        result = subprocess.run([python, str(HERE / "chaos.py"), "job", job["name"]], cwd=backend, env=env, capture_output=True, text=True, timeout=60)
        check(result.returncode == 0 and "PROBE platform " in result.stdout and "PROBE platform none" not in result.stdout, f"job {job['name']}: its platform client is called (STRIPE_API_BASE honoured)", result.stdout + result.stderr)
        own_account_only(fake, since, f"job {job['name']}")
    result = run({"STRIPE_SECRET_KEY": SECRETS["STRIPE_SECRET_KEY"]}, "job", "nope_e2e")
    check(result.returncode == 1 and "nope_e2e" in result.stderr, "an unknown job is refused, naming it", result.stderr)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_vectors(example: dict[str, Any], backend: Path, python: str) -> None:
    b = example["backend"]
    server_bin = shutil.which("redis-server")
    if server_bin is None:
        if os.environ.get("CI") == "true":
            check(False, "redis-server is installed (CI installs it)")
        else:
            print("  SKIPPED: the Redis vectors (no redis-server on the PATH)", flush=True)
        return
    port = free_port()
    redis = subprocess.Popen([server_bin, "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        env = {**{n: SECRETS[n] for n in b["env"]}, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
        a, other = Server(backend, env, python), Server(backend, env, python)
        path, secret, type_ = b["webhook"], SECRETS["STRIPE_WEBHOOK_SECRET"], b["events"][0]["name"]
        try:
            body = event(type_, "evt_e2e_redis_slow")
            first: list[int] = []
            worker = threading.Thread(target=lambda: first.append(a.post(path, body, sign(body, secret))[0]))
            worker.start()
            time.sleep(0.5)
            status = other.post(path, body, sign(body, secret))[0]
            check(status == 409, "Redis: a retry on the other instance while the first runs gets 409", status)
            worker.join()
            status, _, data = other.post(path, body, sign(body, secret))
            check(first == [200] and status == 200 and b"duplicate" in data, "Redis: once handled, the other instance acknowledges it", (first, status, data))
            check(ran(a, "evt_e2e_redis_slow", 1) and ran(other, "evt_e2e_redis_slow", 0), "Redis: the handler ran once across both instances")
            # An instance killed mid-handler: its claim expires (timeout + 5 s), then the
            # retry runs the handler on the other instance.
            body = event(type_, "evt_e2e_redis_hang_killed")
            threading.Thread(target=lambda: _quiet_post(a, path, body, sign(body, secret)), daemon=True).start()
            time.sleep(0.5)
            a.proc.kill()
            a.proc.wait()
            status = other.post(path, body, sign(body, secret))[0]
            check(status == 409, "Redis: right after the kill, the claim still holds (409)", status)
            time.sleep(int(TIMEOUT) / 1000 + 6)
            status = other.post(path, body, sign(body, secret))[0]
            check(status == 503 and ran(other, "evt_e2e_redis_hang_killed", 1), "Redis: after the claim expires, the retry runs the handler on the other instance", status)
        finally:
            a.stop()
            other.stop()
    finally:
        redis.terminate()
        redis.wait()


def _quiet_post(s: Server, path: str, body: bytes, header: str) -> None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        conn.request("POST", path, body=body, headers={"Stripe-Signature": header})
        conn.getresponse().read()
    except OSError:
        pass


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text())
    python = sys.executable
    fake = FakeStripe()
    for example in plan["examples"]:
        b = example["backend"]
        backend = Path(example["dir"]) / "backend"
        print(f"{example['name']}:", flush=True)
        s = Server(backend, {**{n: SECRETS[n] for n in b["env"]}, "STRIPE_API_BASE": fake.base}, python)
        try:
            health_vectors(s, b["health"])
            if b["webhook"] is not None:
                webhook_vectors(s, b, bool(example.get("redis")))
                platform_event_vectors(s, b, fake)
            for e in b["endpoints"]:
                endpoint_vectors(s, e, fake)
            for p in b["publics"]:
                public_vectors(s, p, b["publics"])
            if b["oauth"] is not None:
                oauth_vectors(s, b["oauth"], fake)
        finally:
            s.stop()
        command_line(example, backend, python, fake)
        if b["events"] and example.get("redis"):
            redis_vectors(example, backend, python)
    print(f"\n{len(failures)} failed" if failures else "\nall passed", flush=True)
    for f in failures:
        print(f"  FAILED: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
