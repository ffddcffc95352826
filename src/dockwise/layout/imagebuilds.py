"""Images the repository builds itself, outside Compose.

An image-only Compose service (``image: myorg/app:latest``) often runs an image that the
repository builds with ``docker build -t myorg/app -f docker/Dockerfile .`` in a Makefile,
a shell script or a CI workflow, or with a bake file.  Such a service runs that
Dockerfile's code, with the service's environment: the layout treats it as if Compose
built it.  This module finds those builds: image name -> (context, Dockerfile, target).
"""
from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = ["ImageBuild", "find_image_builds", "is_build_script_name", "image_keys"]

_DOCKER_BUILD = re.compile(r"\bdocker(?:\s+buildx)?\s+build\b|\bpodman\s+build\b|\bbuildah\s+(?:bud|build)\b")
_BAKE_TARGET = re.compile(r'target\s+"([^"]+)"\s*\{(.*?)\n\}', re.S)
_HCL_STRING = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_HCL_LIST = re.compile(r'(\w+)\s*=\s*\[([^\]]*)\]', re.S)


@dataclass(frozen=True)
class ImageBuild:
    context: str  # root-relative directory ("" for the root)
    dockerfile: str | None  # root-relative path; None: <context>/Dockerfile
    target: str | None = None
    where: str = ""  # the file that builds it


def is_build_script_name(rel: str) -> bool:
    """Files that may run ``docker build``: Makefiles, shell scripts, CI workflows, bake files."""
    name = posixpath.basename(rel)
    low = name.lower()
    if low in ("makefile", "gnumakefile", "justfile", ".gitlab-ci.yml", "taskfile.yml", "taskfile.yaml") \
            or low.endswith((".mk", ".sh", ".bash")) or low.startswith("docker-bake."):
        return True
    return "/.github/workflows/" in f"/{rel}" and low.endswith((".yml", ".yaml"))


def image_keys(image: str) -> tuple[str, ...]:
    """Names an image reference is matched by: without tag or digest, with and without
    its registry host (``ghcr.io/org/app:1`` -> ``ghcr.io/org/app``, ``org/app``)."""
    ref = image.strip().lower().split("@", 1)[0]
    slash, colon = ref.rfind("/"), ref.rfind(":")
    if colon > slash:
        ref = ref[:colon]  # the tag (variables there do not matter)
    parts = [p for p in ref.split("/") if p]
    if parts and parts[0].startswith("$") and len(parts) > 1:
        parts = parts[1:]  # ${REGISTRY}/org/app
    if not parts or any("$" in p for p in parts):
        return ()
    out = ["/".join(parts)]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
        out.append("/".join(parts))
    if len(parts) > 1 and parts[0] == "library":
        out.append("/".join(parts[1:]))
    return tuple(dict.fromkeys(out))


def _logical_lines(text: str) -> Iterable[str]:
    buf = ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            buf += line.rstrip()[:-1] + " "
            continue
        yield buf + line
        buf = ""
    if buf:
        yield buf


def _split(command: str) -> list[str]:
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def _parse_build(words: list[str]) -> tuple[list[str], str | None, str | None, str | None]:
    """(tags, dockerfile, target, context) of a ``docker build`` argv (after ``build``)."""
    tags: list[str] = []
    dockerfile = target = context = None
    with_value = {"-t", "--tag", "-f", "--file", "--target", "--build-arg", "--platform", "--label",
                  "--cache-from", "--cache-to", "--secret", "--ssh", "--output", "-o", "--progress",
                  "--network", "--add-host", "--iidfile", "--metadata-file", "--builder", "--build-context",
                  "--attest", "--annotation", "--shm-size", "--ulimit", "--memory", "-m"}
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("&&", "||", ";", "|") or w.startswith((">", "2>")):
            break
        name, eq, value = w.partition("=")
        if w.startswith("-"):
            if not eq and name in with_value:
                value = words[i + 1] if i + 1 < len(words) else ""
                i += 1
            if name in ("-t", "--tag"):
                tags.append(value)
            elif name in ("-f", "--file"):
                dockerfile = value
            elif name == "--target":
                target = value
            i += 1
            continue
        context = w
        i += 1
    return tags, dockerfile, target, context


def _join(base: str, path: str) -> str | None:
    if not path or "$" in path or "://" in path:
        return None
    p = posixpath.normpath(posixpath.join(base, path)) if base else posixpath.normpath(path)
    if p == ".":
        return ""
    if p.startswith("../") or p == ".." or p.startswith("/"):
        return None
    return p


def find_image_builds(paths: Iterable[str], read: Callable[[str], str | None],
                      is_file: Callable[[str], bool]) -> dict[str, ImageBuild]:
    """Image name (``image_keys`` form) -> how the tree builds it, from build scripts."""
    out: dict[str, ImageBuild] = {}
    for rel in paths:
        text = read(rel)
        if not text or ("build" not in text and "target" not in text):
            continue
        here = posixpath.dirname(rel)
        if posixpath.basename(rel).lower().startswith("docker-bake."):
            _bake(text, rel, here, is_file, out)
            continue
        if "build" not in text:
            continue
        for line in _logical_lines(text):
            m = _DOCKER_BUILD.search(line)
            if not m:
                continue
            tags, dockerfile, target, context = _parse_build(_split(line[m.end():]))
            if not tags or context is None:
                continue
            # a path is relative to where the command runs: the file's directory, or (CI, a
            # Makefile run from the root) the repository root
            for base in dict.fromkeys((here, "")):
                ctx = _join(base, context)
                if ctx is None:
                    continue
                df = _join(base, dockerfile) if dockerfile else (f"{ctx}/Dockerfile" if ctx else "Dockerfile")
                if df is None or not is_file(df):
                    continue
                for tag in tags:
                    for key in image_keys(tag):
                        out.setdefault(key, ImageBuild(ctx, df, target, rel))
                break
    return out


def _bake(text: str, rel: str, here: str, is_file, out: dict[str, ImageBuild]) -> None:
    for name, body in _BAKE_TARGET.findall(text):
        strings = dict(_HCL_STRING.findall(body))
        lists = {k: re.findall(r'"([^"]*)"', v) for k, v in _HCL_LIST.findall(body)}
        ctx = _join(here, strings.get("context", "."))
        if ctx is None:
            continue
        df_name = strings.get("dockerfile", "Dockerfile")
        df = _join(ctx, df_name) if not df_name.startswith("/") else None
        if df is None or not is_file(df):
            continue
        for tag in lists.get("tags", []):
            for key in image_keys(tag):
                out.setdefault(key, ImageBuild(ctx, df, strings.get("target"), rel))
