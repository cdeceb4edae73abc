"""Serves a compiled Python backend with its own starter handlers, wrapped so the
end-to-end vectors can make a handler misbehave on purpose. Run with the backend folder
as the working directory: ``python chaos.py``.

The behaviour is chosen by the event id or, for endpoints, by the payload's
``behaviour`` (for public routes the query's ``behaviour``): an id containing ``throw`` raises, ``hang`` never finishes, ``slow``
takes 1.5 s, ``flaky`` fails on its first run only, ``httperror`` raises HttpError(422).
Every run of a handler prints ``RAN <method> <key>`` so the suite can count runs.
"""

import asyncio
import dataclasses
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

sys.path.insert(0, os.getcwd())

from app.generated.runtime import EndpointCall, Event, HttpError, PublicRequest  # noqa: E402
from app.generated.server import serve  # noqa: E402
from app.handlers import AppHandlers  # noqa: E402

seen: set[str] = set()


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
                key = ""
            # The typed path parameters, when the handler has them: `PARAMS id=… ticket=…`.
            params = args[1] if len(args) > 1 and type(args[1]).__name__.endswith("Params") else None
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
            return await target(*args)

        return wrapped


logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
serve(Chaos(AppHandlers()))  # type: ignore[arg-type]
