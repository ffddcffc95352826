"""Connect targets and bind addresses written in Compose files, env files and Dockerfiles.

``extract_layout_values(layout, knowledge)`` walks every service of every project (and
every implicit container) and turns the values that its container really uses into
:class:`~dockwise.model.Endpoint` objects pointing at the host text as written:

- ``environment`` (the merged one: Dockerfile ENV < env_file < environment; only the
  effective value of each name is judged) -- URLs and DSNs in any variable, whole values
  of host-like names (``*_HOST``, ``*_ADDR``, ``*_SERVERS``... from ``rules/names.yaml``),
  bind names (role "bind"); advertised and data names never; Kafka advertised listeners
  (role "advertised-listener", one endpoint per listener);
- the start command (Compose ``command``/``entrypoint``, the Dockerfile's CMD/ENTRYPOINT
  when it is the effective one): URLs in arguments (role "connect"), the host given to a
  server (role "bind"), a server relying on its default loopback bind (role
  "bind-default", at the program token);
- the healthcheck test: hosts the probe targets (role "healthcheck", context
  "healthcheck:PROGRAM").

Values reached through ``.env`` interpolation or ``${VAR:-default}`` defaults already point
at the ``.env`` line / the default's text (the loader located them).  A value used by
several services of one project (a YAML anchor, one Dockerfile built twice) gives ONE
endpoint whose ``services`` names all of them (sorted); a host whose position cannot be
located is skipped.  Nothing here raises.

This module walks the services and merges their endpoints; the readers of each part are
``layout_env.py``, ``layout_commands.py`` and ``layout_probes.py``.
"""
from __future__ import annotations

import dataclasses
from typing import Iterable

from dockwise.extract.layout_commands import command_endpoints
from dockwise.extract.layout_env import effective_env, env_endpoints
from dockwise.extract.layout_probes import healthcheck_endpoints
from dockwise.extract.masking import mask_expansions
from dockwise.layout.model import Layout, Service
from dockwise.model import Endpoint


def service_endpoints(svc: Service, knowledge, project: str | None = None) -> list[Endpoint]:
    """Every endpoint one service's container uses (``services=(svc.name,)``)."""
    out: list[Endpoint] = []
    if not isinstance(svc, Service) or svc.fragment:
        # a fragment's values are judged where its file is merged onto the one that gives its
        # image: alone, its networks and network mode are unknown
        return out
    services = (svc.name,)
    dialled = knowledge.image_dialled_names(svc.image) if svc.image else ()
    env = effective_env(svc.environment)
    for name, var in env.items():
        if var.value is None:
            continue
        if var.origin == "dockerfile":
            value, prefix = mask_expansions(var.value), "dockerfile-env"
        else:
            value, prefix = var.value, "env"
        out.extend(env_endpoints(name, value, knowledge, services=services, project=project,
                                 environment=env, context_prefix=prefix, dialled=dialled))
    env_values = tuple(env.values())
    taken = {(ep.span, ep.role) for ep in out}
    for ep in command_endpoints(svc, knowledge, services=services, project=project, environment=env_values):
        if (ep.span, ep.role) not in taken:  # a bind read from UVICORN_HOST is already there
            taken.add((ep.span, ep.role))
            out.append(ep)
    out.extend(healthcheck_endpoints(svc, knowledge, services=services, project=project, environment=env_values))
    return out


def extract_layout_values(layout: Layout, knowledge) -> tuple[Endpoint, ...]:
    """Every connect target / bind address written in the layout's Compose files, env
    files and Dockerfiles, for the services that use them.

    One endpoint per written value and project: when several services of a project use
    the same text (an anchor, one Dockerfile), ``services`` names all of them (sorted).
    Implicit containers (a Dockerfile without Compose) have ``project=Service.project``
    (their Dockerfile's directory, "" at the root), as the engine looks them up.
    """
    return _extract_layout_values(layout, knowledge)


def _extract_layout_values(layout: Layout, knowledge) -> tuple[Endpoint, ...]:
    groups: dict[tuple, list] = {}
    order: list[tuple] = []

    def add(index: int, eps: Iterable[Endpoint]) -> None:
        for ep in eps:
            key = (index, dataclasses.replace(ep, services=()))
            entry = groups.get(key)
            if entry is None:
                groups[key] = [ep, list(ep.services)]
                order.append(key)
            else:
                for name in ep.services:
                    if name not in entry[1]:
                        entry[1].append(name)

    for index, project in enumerate(getattr(layout, "projects", ()) or ()):
        for svc in getattr(project, "services", ()) or ():
            add(index, service_endpoints(svc, knowledge, project=project.dir))
    for svc in getattr(layout, "containers", ()) or ():
        add(-1, service_endpoints(svc, knowledge, project=getattr(svc, "project", "") or ""))

    out: list[Endpoint] = []
    seen: set = set()
    for key in order:
        ep, names = groups[key]
        final = dataclasses.replace(ep, services=tuple(sorted(names)))
        if final not in seen:
            seen.add(final)
            out.append(final)
    return tuple(out)
