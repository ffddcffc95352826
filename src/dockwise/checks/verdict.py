"""What a check returns, and the wording its messages share."""
from __future__ import annotations

from dataclasses import dataclass

from dockwise.layout.model import Service
from dockwise.model import Suggestion


@dataclass(frozen=True)
class Verdict:
    code: str
    message: str
    suggestion: Suggestion | None = None
    needs_gateway: bool = False  # the message must add that this service needs the host-gateway entry


def fmt(host: str, port: int | None) -> str:
    """``host:port`` as a user writes it (an IPv6 address in brackets)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}" if port is not None else host


def who(svc: Service) -> str:
    """The container a message speaks of."""
    return "this container" if svc.implicit or not svc.name else f"the `{svc.name}` container"
