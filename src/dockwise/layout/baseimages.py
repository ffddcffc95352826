"""Services that only build the image other services of their project build from.

Docker's "Build dependent images" pattern: a service with nothing but ``build`` and ``image``
whose image another service's Dockerfile starts ``FROM``, by the image's name (``FROM
acme/app:base``) or through an additional build context that names the service
(``additional_contexts: {base: "service:base"}`` beside ``FROM base``; Compose's build
reference: "additional_contexts can also refer to an image built by another service").
Compose starts its container too, but with nothing configured (no command, environment,
ports or volumes; at most its container's name and ``network_mode: none``): it is a step of the build, not where the project's code runs; the
services built from it, which say how that code runs, are judged.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from dockwise.layout.model import Service
from dockwise.layout.nodes import scalar_str
from dockwise.layout.yaml_nodes import YMap, YSeq

__all__ = ["base_image_services", "untagged_image"]

# the keys a service that only builds an image holds: what to build and the name to tag it with
BUILD_KEYS = frozenset({"image", "build", "platform", "pull_policy"})
# what else a base-image service may say without configuring anything its container runs: the
# container's name, and ``network_mode: none`` (a container cut off from every network serves
# and dials nothing; DMOJ-style stacks write both on the service their siblings build FROM)
_BASE_EXTRA_KEYS = frozenset({"container_name", "network_mode"})
_SERVICE_CONTEXT = "service:"


def base_image_services(nodes: Mapping[str, Any], services: Sequence[Service],
                        implied: Sequence[str] = ()) -> frozenset[str]:
    """The names of the services of one project (``nodes``: their Compose mappings) that only
    build an image, which another service of the project builds ``FROM``.  ``implied``: the
    project names a build that names no ``image:`` is tagged under (PROJECT-SERVICE, or
    PROJECT_SERVICE for docker-compose v1)."""
    builders = {name for name, node in nodes.items() if _only_builds(node)}
    if not builders:
        return frozenset()
    images = {untagged_image(s.image): s.name for s in services if s.name in builders and s.image}
    for s in services:
        if s.name in builders and not s.image:
            for prefix in implied:
                for sep in ("-", "_"):
                    images.setdefault(untagged_image(f"{prefix}{sep}{s.name}"), s.name)
    out: set[str] = set()
    for svc in services:
        base = (svc.base_image or "").strip().lower()
        if not base:
            continue
        contexts = _service_contexts(nodes.get(svc.name))
        named = contexts.get(base) or images.get(untagged_image(base))
        if named is not None and named != svc.name and named in builders:
            out.add(named)
    return frozenset(out)


def _only_builds(node: Any) -> bool:
    """A service mapping that builds an image and configures nothing its container runs: the
    build keys, its container's name, and a ``network_mode`` of ``none`` only."""
    if not isinstance(node, YMap) or node.items.get("build") is None:
        return False
    if not set(node.items) <= BUILD_KEYS | _BASE_EXTRA_KEYS:
        return False
    mode = node.items.get("network_mode")
    return mode is None or (scalar_str(mode) or "").strip().lower() == "none"


def untagged_image(image: str) -> str:
    """``acme/app:base`` and ``acme/app:base@sha256:...`` as written, lower-cased; a name
    with no tag as ``name:latest`` (what Docker pulls for it)."""
    ref = image.strip().lower().partition("@")[0]
    return ref if ":" in ref.rpartition("/")[2] else ref + ":latest"


def _service_contexts(node: Any) -> dict[str, str]:
    """``build.additional_contexts`` entries naming a service (``base: service:base``, or the
    list form ``base=service:base``): context name (lower-cased) -> the service."""
    build = node.items.get("build") if isinstance(node, YMap) else None
    value = build.items.get("additional_contexts") if isinstance(build, YMap) else None
    pairs: list[tuple[str, str]] = []
    if isinstance(value, YMap):
        pairs = [(str(k), scalar_str(v) or "") for k, v in value.items.items()]
    elif isinstance(value, YSeq):
        for item in value.items:
            text = scalar_str(item) or ""
            key, eq, ref = text.partition("=")
            if eq:
                pairs.append((key, ref))
    return {k.strip().lower(): ref.strip()[len(_SERVICE_CONTEXT):] for k, ref in pairs
            if ref.strip().startswith(_SERVICE_CONTEXT)}
