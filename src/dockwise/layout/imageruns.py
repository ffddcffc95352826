"""Images the repository's own scripts run on the host's network stack.

A Dockerfile no Compose file builds is run some other way: an install script, a Makefile
recipe (``docker create --net=host --name app org/app:$VERSION``).  Where such a command
runs the image with ``--net=host``/``--network=host``, the container shares the host's
network stack: ``localhost`` there is the Docker host, and the host's servers (another
container run on the host network, a published port) answer on it.  The container is not
on a bridge network then, and a loopback target is no evidence of a missed server.

The image a run names is tied to a Dockerfile by the tree's own builds of it
(:mod:`imagebuilds`), else by its name: the last part of the repository name is the
Dockerfile's directory, alone or after a prefix (``org/shop-bootstrap`` runs
``bootstrap/Dockerfile``).  CI workflows are left out: a test job's run is not the way the
project runs the image.

The root README's instructions say the same (``docker build -t app .`` then ``docker run
--network host app``): :func:`find_documented_host_runs` reads them, and an image counts
only where every run of it the README shows is on the host network (a README showing a
bridge run too leaves the choice open, so the finding stays).
"""
from __future__ import annotations

import posixpath
import re
from typing import Callable, Iterable, Iterator

from dockwise.layout.imagebuilds import _ASSIGN, ImageBuilds, _substitute, image_keys
from dockwise.layout.scriptlines import logical_lines, split_command

__all__ = ["find_documented_host_runs", "find_host_network_runs", "runs_dockerfile"]

_DOCKER_RUN = re.compile(r"\b(?:docker|podman)(?:\s+container)?\s+(?:run|create)\b")
# options of `docker run`/`docker create` that take no value (short ones may be combined: -dit)
_FLAGS = {"--rm", "--privileged", "--init", "--read-only", "--detach", "--interactive", "--tty",
          "--publish-all", "--no-healthcheck", "--oom-kill-disable", "--sig-proxy", "--disable-content-trust",
          "--quiet", "-q"}
_SHORT_FLAGS = set("ditP")


def _parse_run(words: list[str]) -> tuple[str | None, bool]:
    """(the image, whether it runs on the host network) of a ``docker run`` argv (after ``run``)."""
    host = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("&&", "||", ";", "|") or w.startswith((">", "2>")):
            return None, host
        if w.startswith("-"):
            name, eq, value = w.partition("=")
            if w in _FLAGS or eq and name in _FLAGS or (
                    not w.startswith("--") and len(w) > 1 and set(w[1:]) <= _SHORT_FLAGS):
                i += 1
                continue
            if not eq:
                value = words[i + 1] if i + 1 < len(words) else ""
                i += 1
            if name in ("--net", "--network") and value == "host":
                host = True
            i += 1
            continue
        return w, host
    return None, host


def find_host_network_runs(paths: Iterable[str], read: Callable[[str], str | None]) -> tuple[str, ...]:
    """Image references that a script or Makefile of the tree runs with ``--net=host``
    (variables the file assigns filled in, anything else ``*``)."""
    out: list[str] = []
    for rel in paths:
        if "/.github/workflows/" in f"/{rel}" or rel.endswith((".yml", ".yaml")):
            continue
        out.extend(image for image, host in _docker_runs(read(rel)) if host)
    return tuple(dict.fromkeys(out))


def find_documented_host_runs(paths: Iterable[str], read: Callable[[str], str | None]) -> tuple[str, ...]:
    """Image references that the documentation files ``paths`` (the root README) run, each
    only with ``--net=host``: an image also shown run without it is left out."""
    host_only: dict[str, bool] = {}
    for rel in paths:
        for image, host in _docker_runs(read(rel), prose=True):
            host_only[image] = host_only.get(image, True) and host
    return tuple(image for image, host in host_only.items() if host)


def _docker_runs(text: str | None, prose: bool = False) -> Iterator[tuple[str, bool]]:
    """(image, whether on the host network) of each ``docker run``/``create`` of ``text``, the
    variables it assigns filled in; none where it names no host at all.  ``prose``: a README,
    whose commands may be quoted inline (`` `docker run ...` ``)."""
    if not text or "host" not in text or not _DOCKER_RUN.search(text):
        return
    variables = {m.group(1): m.group(2) for m in _ASSIGN.finditer(text)}
    for line in logical_lines(text):
        if line.lstrip().startswith("#"):
            continue  # (a command commented out runs nothing; in a README, a heading is no command)
        if prose:
            line = line.replace("`", " ")
        for m in _DOCKER_RUN.finditer(line):
            image, host = _parse_run(split_command(line[m.end():]))
            if image:
                yield _substitute(image, variables), host


def runs_dockerfile(image: str, dockerfile: str, builds: ImageBuilds) -> bool:
    """Whether ``image`` is the image built from ``dockerfile`` (root-relative)."""
    build = builds.match(image)
    if build is not None:
        built = build.dockerfile or (f"{build.context}/Dockerfile" if build.context else "Dockerfile")
        return built == dockerfile
    if builds.knows(image):
        return False  # the tree builds that name from another Dockerfile
    directory = posixpath.basename(posixpath.dirname(dockerfile)).lower()
    if not directory or "*" in directory:
        return False  # a Dockerfile at the root: its name names no directory
    for key in image_keys(image, wildcards=True):
        last = key.rsplit("/", 1)[-1]
        if "*" in last:
            continue
        if last == directory or last.endswith(("-" + directory, "_" + directory)):
            return True
    return False
