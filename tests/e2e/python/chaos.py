"""Serves a compiled Python backend with its own starter handlers, wrapped so the
end-to-end vectors can make a handler misbehave on purpose. Run with the backend folder
as the working directory: ``python chaos.py``.

The behaviour is chosen by the event id or, for endpoints, by the payload's
``behaviour`` (for public routes the query's ``behaviour``): an id containing ``throw`` raises, ``hang`` never finishes, ``slow``
takes 1.5 s, ``flaky`` fails on its first run only, ``httperror`` raises HttpError(422), ``platform``
calls the first create, search or list method of the handler's platform client (``platform
calls``) and prints ``PROBE platform <method>``. Every run of a handler prints
``RAN <method> <key>`` so the suite can count runs.

``python chaos.py job <name>`` runs a job instead, its key from ``E2E_BEHAVIOUR``.
"""

import asyncio
import dataclasses
import inspect
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

sys.path.insert(0, os.getcwd())

from app.generated.runtime import EndpointCall, Event, HttpError, PublicRequest  # noqa: E402
from app.generated.server import run_job, serve  # noqa: E402
from app.handlers import AppHandlers  # noqa: E402

seen: set[str] = set()


def first_method(client: Any) -> Any:
    """The first create, search or list method of a reduced client, depth first."""
    for value in vars(client).values():
        if inspect.ismethod(value):
            if value.__name__.endswith(("create_async", "search_async", "list_async")):
                return value
        elif hasattr(value, "__dict__"):
            found = first_method(value)
            if found is not None:
                return found
    return None


async def probe_platform(args: tuple[Any, ...]) -> None:
    platform = next((a for a in args if type(a).__name__.endswith("Platform")), None)
    method = None if platform is None else first_method(platform)
    if method is None:
        print("PROBE platform none", flush=True)
        return
    params = {"query": "email:'e2e@example.com'"} if "search" in method.__name__ else {}
    await method(params=params)
    print(f"PROBE platform {method.__name__}", flush=True)


class Chaos:
    def __init__(self, inner: AppHandlers) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        target = getattr(self._inner, name)

        async def wrapped(*args: Any) -> Any:
            first = args[0] if args else None
            if isinstance(first, Event):
                key = first.id
            elif isinstance(first, EndpointCall):
                key = str(first.payload.get("behaviour", ""))
            elif isinstance(first, PublicRequest):
                key = first.query.get("behaviour", "")
            else:
                key = os.environ.get("E2E_BEHAVIOUR", "")
            # The typed path parameters, when the handler has them: `PARAMS id=… ticket=…`
            # (after the platform client when there is one).
            params = next((a for a in args[1:] if type(a).__name__.endswith("Params")), None)
            shown = "" if params is None else " PARAMS " + " ".join(f"{f.name}={getattr(params, f.name)!r}" for f in dataclasses.fields(params))
            print(f"RAN {name} {key}{shown}", flush=True)
            if "throw" in key:
                raise RuntimeError("deliberate failure with a secret-looking sk_test_leak")
            if "hang" in key:
                await asyncio.Event().wait()
            if "slow" in key:
                await asyncio.sleep(1.5)
            if "flaky" in key and key not in seen:
                seen.add(key)
                raise RuntimeError("first attempt fails")
            if "httperror" in key:
                raise HttpError(422, "not ready")
            if "platform" in key:
                await probe_platform(args)
            return await target(*args)

        return wrapped


logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
if sys.argv[1:2] == ["job"]:
    run_job(Chaos(AppHandlers()), sys.argv[2] if len(sys.argv) > 2 else None)  # type: ignore[arg-type]
else:
    serve(Chaos(AppHandlers()))  # type: ignore[arg-type]
