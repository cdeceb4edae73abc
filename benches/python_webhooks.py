#!/usr/bin/env python3
"""Signed-webhook throughput of a generated Python backend against a minimal hand-written
receiver (FastAPI + ``stripe.Webhook.construct_event``), side by side in one run, and the
generated server's memory after 100,000 deliveries. A script, not a timed test.

    cargo test --test e2e_python -- --ignored   # once: the venv and the compiled backends
    target/tmp/e2e-python/venv/bin/python benches/python_webhooks.py \\
        target/tmp/e2e-python/work/invoice-sync/backend /stripe/webhooks invoice.paid

Both servers run under the same uvicorn (httptools, uvloop, no access log, one process) on
this machine; the load generator (asyncio + uvloop, keep-alive connections) sends
properly signed deliveries of a declared event type, each with a new id, so the generated
backend does its whole work per delivery: cheap checks, streamed body, signature, event
store claim, typed dispatch to the starter handler (logging filtered out), completion.
Rounds alternate between the two servers so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

SECRET = "whsec_bench_webhook_secret"
ENV = {
    "STRIPE_SECRET_KEY": "sk_test_bench_not_a_real_key",
    "STRIPE_WEBHOOK_SECRET": SECRET,
    "STRIPE_APP_SECRET": "absec_bench_app_secret",
    "HOST": "127.0.0.1",
    "PORT": "0",
}

REFERENCE = textwrap.dedent(
    '''
    import os, sys
    import stripe, uvicorn
    from fastapi import FastAPI, HTTPException, Request

    app = FastAPI()
    SECRET = os.environ["STRIPE_WEBHOOK_SECRET"]

    @app.post(sys.argv[1])
    async def webhook(request: Request) -> dict[str, bool]:
        payload = await request.body()
        try:
            stripe.Webhook.construct_event(payload, request.headers.get("stripe-signature"), SECRET)
        except (ValueError, stripe.SignatureVerificationError):
            raise HTTPException(status_code=400)
        return {"received": True}

    import socket
    sock = socket.create_server(("127.0.0.1", 0))
    print(f"listening on http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning"))
    import asyncio
    asyncio.run(server.serve(sockets=[sock]))
    '''
)

GENERATED = textwrap.dedent(
    '''
    import logging, os, sys
    sys.path.insert(0, os.getcwd())
    from app.generated.server import serve
    from app.handlers import AppHandlers
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    logging.getLogger("app").setLevel(logging.WARNING)  # the starters log every event
    serve(AppHandlers())
    '''
)


def start(cmd: list[str], cwd: Path) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **ENV}, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if found:
            return proc, int(found.group(1))
    raise RuntimeError(f"{cmd} did not start")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def requests(path: str, event_type: str, count: int, prefix: str) -> list[bytes]:
    out = []
    now = int(time.time())
    for i in range(count):
        body = json.dumps(
            {
                "id": f"evt_{prefix}_{i}",
                "object": "event",
                "api_version": "2026-10-28.endive",
                "created": now,
                "livemode": False,
                "pending_webhooks": 1,
                "request": {"id": None, "idempotency_key": None},
                "type": event_type,
                "account": "acct_bench",
                "data": {"object": {"id": f"obj_{i}", "object": event_type.split(".")[0], "amount": 1000}},
            }
        ).encode()
        mac = hmac.new(SECRET.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Stripe-Signature: t={now},v1={mac}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        out.append(head + body)
    return out


async def load(port: int, batch: list[bytes], connections: int) -> float:
    """Sends every request of ``batch`` over ``connections`` keep-alive connections; the
    deliveries per second. Any answer but 200 stops the run."""
    queue = iter(batch)

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for request in queue:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(head.decode(errors="replace"))
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return len(batch) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("backend", type=Path, help="a compiled Python backend folder")
    parser.add_argument("path", help="its webhook path, e.g. /stripe/webhooks")
    parser.add_argument("event", help="a declared event type, e.g. invoice.paid")
    parser.add_argument("--deliveries", type=int, default=100_000, help="per server (default 100000)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "reference.py").write_text(REFERENCE)
        (Path(tmp) / "generated.py").write_text(GENERATED)
        servers = {
            "reference": start([sys.executable, str(Path(tmp) / "reference.py"), args.path], args.backend),
            "generated": start([sys.executable, str(Path(tmp) / "generated.py")], args.backend),
        }
        try:
            per_round = args.deliveries // args.rounds
            rss_start = rss_mb(servers["generated"][0].pid)
            rates: dict[str, list[float]] = {name: [] for name in servers}
            cpu: dict[str, list[float]] = {name: [] for name in servers}
            for name, (_, port) in servers.items():  # warm-up
                asyncio.run(load(port, requests(args.path, args.event, 2000, f"warm_{name}"), args.connections))
            for r in range(args.rounds):
                for name, (_, port) in servers.items():
                    batch = requests(args.path, args.event, per_round, f"{name}_{r}")
                    pid = servers[name][0].pid
                    before = cpu_seconds(pid)
                    rate = asyncio.run(load(port, batch, args.connections))
                    per_delivery = (cpu_seconds(pid) - before) / per_round * 1e6
                    rates[name].append(rate)
                    cpu[name].append(per_delivery)
                    print(
                        f"round {r + 1}  {name:9}  {rate:8.0f} deliveries/s  {per_delivery:6.0f} µs CPU per delivery",
                        flush=True,
                    )
            rss_end = rss_mb(servers["generated"][0].pid)
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.wait()
    ref = statistics.median(rates["reference"])
    gen = statistics.median(rates["generated"])
    print(f"\nreference (FastAPI + construct_event): {ref:8.0f} deliveries/s (median of {args.rounds})")
    print(f"generated backend:                     {gen:8.0f} deliveries/s")
    print(f"ratio generated / reference:           {gen / ref:8.2f}  (goal >= 0.9)")
    ref_cpu = statistics.median(cpu["reference"])
    gen_cpu = statistics.median(cpu["generated"])
    print(f"server CPU per delivery: reference {ref_cpu:.0f} µs, generated {gen_cpu:.0f} µs ({ref_cpu / gen_cpu:.2f}x)")
    total = per_round * args.rounds + 2000
    print(f"generated backend RSS: {rss_start:.1f} MB at start, {rss_end:.1f} MB after {total:,} deliveries")


if __name__ == "__main__":
    main()
