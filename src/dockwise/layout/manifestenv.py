"""Variables the tree's Kubernetes manifests give the containers of an image.

A Dockerfile no Compose file builds is run some other way; a project that ships a Kubernetes
manifest or a Helm chart for its image deploys it there, and the manifest's ``env:`` list sets
the container's variables (``- name: HUB_URL`` / ``value: ...``), whatever the image's
``ENV`` says: that ``ENV`` is the image's default, not the value the project runs it with.

This module reads the containers of such manifests, line by line (a Helm template is no YAML
until rendered): each container's image, with ``{{ .Values.a.b }}`` filled in from the chart's
``values.yaml`` (any other expression is ``*``, a part filled in at deploy time), and the names
its ``env:`` sets.  The builder ties an image to a Dockerfile as it does a ``docker run``'s
(:func:`dockwise.layout.imageruns.runs_dockerfile`).  ``envFrom`` (a whole ConfigMap) names
nothing here.
"""
from __future__ import annotations

import posixpath
import re
from typing import Any, Callable, Iterable

import yaml

__all__ = ["find_manifest_envs", "is_manifest_candidate"]

_CONTAINERS = re.compile(r"^(\s*)(?:initContainers|containers):\s*(?:#.*)?$")
_KEY = re.compile(r"^(-\s+)?([A-Za-z_][\w.-]*):(?:\s+(.*))?$")
_ENV_NAME = re.compile(r"""^-\s+name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*(?:#.*)?$""")
_EXPR = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}")
_VALUES_REF = re.compile(r"^\.Values((?:\.[A-Za-z_][\w-]*)+)$")
# directories or file names a deployment manifest is kept under (which files are worth reading;
# what a file holds is the evidence)
_MANIFEST_WORDS = ("k8s", "kube", "helm", "chart", "templates", "manifests", "deploy")
MAX_MANIFESTS = 2000


def is_manifest_candidate(rel: str) -> bool:
    """``rel`` is a YAML file kept where deployment manifests are (``k8s/``, a chart's
    ``templates/``, ``deploy/``...); CI workflows are not."""
    low = rel.lower()
    if not low.endswith((".yml", ".yaml")) or "/.github/" in f"/{low}":
        return False
    return any(w in low for w in _MANIFEST_WORDS)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _chart_values(rel: str, read: Callable[[str], str | None], cache: dict[str, Any]) -> Any:
    """The ``values.yaml`` of the chart holding ``rel`` (the nearest directory above it with a
    ``Chart.yaml``), or None."""
    d = posixpath.dirname(rel)
    while True:
        if d in cache:
            return cache[d]
        chart = posixpath.join(d, "Chart.yaml") if d else "Chart.yaml"
        if read(chart) is not None:
            text = read(posixpath.join(d, "values.yaml") if d else "values.yaml")
            try:
                values = yaml.safe_load(text) if text else None
            except yaml.YAMLError:
                values = None
            cache[d] = values
            return values
        if not d:
            return None
        d = posixpath.dirname(d)


def _fill(image: str, values: Any) -> str:
    """``image`` with each ``{{ ... }}`` replaced: a ``.Values`` path by its value, else ``*``."""
    def one(m: re.Match[str]) -> str:
        expr = m.group(1).split("|", 1)[0].strip()
        ref = _VALUES_REF.match(expr)
        node = values
        if ref is None:
            return "*"
        for part in ref.group(1).split(".")[1:]:
            if not isinstance(node, dict) or part not in node:
                return "*"
            node = node[part]
        return str(node) if isinstance(node, (str, int, float)) and not isinstance(node, bool) else "*"
    return _EXPR.sub(one, image)


def _items(lines: list[str], start: int, list_indent: int) -> tuple[list[list[tuple[int, str]]], int]:
    """The items of the list under a ``containers:`` key at ``list_indent`` (each as its lines:
    indent and text, the first without its ``- ``), and the line after the list."""
    items: list[list[tuple[int, str]]] = []
    item_indent: int | None = None
    i = start
    while i < len(lines):
        line = lines[i]
        text = line.strip()
        if not text or text.startswith("#") or text.startswith("{{"):
            i += 1
            continue  # (a template's control line renders to nothing or to lines of the same shape)
        ind = _indent(line)
        if ind < list_indent or (ind == list_indent and not text.startswith("- ")):
            break
        if text.startswith("- ") and (item_indent is None or ind == item_indent):
            item_indent = ind
            items.append([(ind + 2, text[2:].strip())])
        elif item_indent is None or ind <= item_indent:
            break
        else:
            items[-1].append((ind, text))
        i += 1
    return items, i


def _container(item: list[tuple[int, str]]) -> tuple[str | None, list[str]]:
    """The image and the names ``env:`` sets, of one container's lines."""
    key_indent = item[0][0]
    image: str | None = None
    names: list[str] = []
    env_at: int | None = None  # indent of the env list's items
    in_env = False
    for ind, text in item:
        if in_env and ind >= key_indent and (ind > key_indent or text.startswith("- ")):
            # an item of the env list (written at the key's indent or deeper) or its lines
            if text.startswith("- "):
                if env_at is None:
                    env_at = ind
                if ind == env_at:
                    n = _ENV_NAME.match(text)
                    if n is not None:
                        names.append(n.group(1))
            continue
        in_env = False
        if ind != key_indent:
            continue
        m = _KEY.match(text)
        if m is None or m.group(1):
            continue
        key, value = m.group(2), (m.group(3) or "").strip()
        if key == "image" and value:
            image = value.split(" #", 1)[0].strip().strip("\"'")
        elif key == "env" and not value:
            in_env, env_at = True, None
    return image, names


def _file_envs(rel: str, text: str, read: Callable[[str], str | None], cache: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    out: list[tuple[str, tuple[str, ...]]] = []
    lines = text.splitlines()
    i = 0
    values: Any = False  # not looked up yet
    while i < len(lines):
        m = _CONTAINERS.match(lines[i])
        if m is None:
            i += 1
            continue
        items, i = _items(lines, i + 1, len(m.group(1)))
        for item in items:
            image, names = _container(item)
            if not image or not names:
                continue
            if "{{" in image:
                if values is False:
                    values = _chart_values(rel, read, cache)
                image = _fill(image, values)
            out.append((image, tuple(dict.fromkeys(names))))
    return out


def find_manifest_envs(paths: Iterable[str], read: Callable[[str], str | None]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(image reference, names its ``env:`` sets) of every container of the manifests at
    ``paths`` that sets any."""
    out: list[tuple[str, tuple[str, ...]]] = []
    cache: dict[str, Any] = {}
    for rel in paths:
        text = read(rel)
        if not text or "containers:" not in text or "env:" not in text:
            continue
        out.extend(_file_envs(rel, text, read, cache))
    return tuple(out)
