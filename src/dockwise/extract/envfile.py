"""Endpoints of a standalone ``.env`` / env file (read by :mod:`dockwise.layout.dotenv`)."""
from __future__ import annotations

from dockwise.extract.layout_env import env_endpoints
from dockwise.extract.masking import mask_expansions
from dockwise.layout.dotenv import read_dotenv
from dockwise.model import Endpoint

__all__ = ["extract_env_file"]


def extract_env_file(
    source: str,
    path: str,
    knowledge,
    services: tuple[str, ...] = (),
    project: str | None = None,
) -> tuple[Endpoint, ...]:
    """Connect targets and bind addresses set by a standalone ``.env`` / env file.

    Each variable is judged like a Compose ``environment`` entry (see
    ``dockwise.extract.layout_env.env_endpoints``): URLs and DSNs, values of host-like names,
    ``bind`` names (role "bind"), Kafka advertised listeners; advertised and data names are
    skipped.  ``${VAR}`` / ``$VAR`` references are unknown text (holes) here.
    """
    entries = read_dotenv(source, path).entries
    environment = tuple(e.var for e in entries)
    out: list[Endpoint] = []
    seen: set = set()
    effective: dict[str, int] = {}
    for k, var in enumerate(environment):
        effective[var.name] = k
    for k, entry in enumerate(entries):
        var = entry.var
        if var.value is None or effective.get(var.name) != k:
            continue
        value = var.value if entry.quote == "'" else mask_expansions(var.value)
        for ep in env_endpoints(
            var.name, value, knowledge, services=tuple(services), project=project,
            environment=environment, context_prefix="env",
        ):
            if ep not in seen:
                seen.add(ep)
                out.append(ep)
    return tuple(out)
