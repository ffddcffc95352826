"""Project-relative paths and the files the layout stage looks for: which names are
Compose files (base, override, variant), which are Dockerfiles, the walk that finds them
(with the scripts that may build images), and the one normal form of a root-relative path
(posix, no ``.``) that layout values carry."""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Mapping, Sequence

from dockwise.discover import SKIP_DIRS
from dockwise.layout.imagebuilds import is_build_script_name
from dockwise.layout.manifestenv import is_manifest_candidate

# The directories a command word without a slash is looked up in (exec form runs it through
# the image's PATH, as execvp does, not from the working directory): the PATH of Docker's
# official base images; a script the build copies to /usr/local/bin runs by its bare name.
EXEC_PATH_DIRS = ("/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/")

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
OVERRIDE_NAMES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml")
_VARIANT_RE = re.compile(r"(?:(?:docker-)?compose[.\-_](?!override\.ya?ml$).+|docker-stack(?:[.\-_].+)?)\.ya?ml")


# A template renders to a Compose file; it is not one (docker-compose.template.yml, .tpl.yml).
_TEMPLATE_NAME = re.compile(r"[.\-_](?:template|tpl|tmpl|j2|jinja2?)(?=[.\-_])", re.IGNORECASE)
# A backup copy of a Compose file is kept, not run: a marker word (docker-compose.old.yml,
# compose.bak.yaml, docker-compose.orig.yml) or a Compose extension inside the name, the copy of
# a file renamed whole (docker-compose.yml.old.2024-05-01.yml).  A script that names one with
# `-f` still loads it (build.py named_projects).
_BACKUP_NAME = re.compile(r"[.\-_](?:old|bak|backup|orig)(?=[.\-_\d])|\.ya?ml[.\-_~]", re.IGNORECASE)


def is_variant_name(name: str) -> bool:
    """``docker-compose.prod.yml``, ``compose.test.yaml``, ``docker-stack.yml``... (not
    ``docker-compose.template.yml``: a template; nor ``docker-compose.old.yml``: a backup)."""
    return (name not in BASE_NAMES and name not in OVERRIDE_NAMES and bool(_VARIANT_RE.fullmatch(name))
            and not _TEMPLATE_NAME.search(name) and not _BACKUP_NAME.search(name))


# An archive named after the Dockerfile it holds (`Dockerfile.tar.gz`, the tarball `docker build -
# < Dockerfile.tar.gz` reads, or a build's `ADD Dockerfile.tar.gz /srv/`) is no Dockerfile: read as
# one it was only a "not UTF-8 text" error line.
_ARCHIVE_SUFFIXES = (".tar", ".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".zst", ".zip", ".7z")


def is_dockerfile_name(name: str) -> bool:
    if name.endswith(".dockerignore") or name.lower().endswith(_ARCHIVE_SUFFIXES):
        return False
    return (
        name in ("Dockerfile", "Containerfile", "dockerfile")
        or name.endswith((".Dockerfile", ".dockerfile", ".Containerfile"))
        or name.startswith(("Dockerfile.", "Containerfile."))
    )


def norm_path(path: str) -> str:
    p = posixpath.normpath(path.replace("\\", "/")) if path else ""
    return "" if p == "." else p


def find_layout_files(
    root: Path, listing: Mapping[str, Sequence[str]] | None
) -> tuple[dict[str, list[str]], list[str], list[str], list[str]]:
    """Directories with Compose YAML files (dir -> names), every Dockerfile in the tree at
    ``root``, the files that may build images (``imagebuilds.is_build_script_name``) and the
    YAML files that may deploy them (``manifestenv.is_manifest_candidate``): from
    discovery's ``listing`` of the tree when it made one, else by walking the tree."""
    build_scripts: list[str] = []
    manifests: list[str] = []
    yaml_dirs: dict[str, list[str]] = {}
    dockerfiles: list[str] = []
    if listing is not None:
        for d, names in listing.items():
            for name in names:
                if name.endswith((".yml", ".yaml")) and (
                    name in BASE_NAMES or name in OVERRIDE_NAMES or is_variant_name(name)
                ):
                    yaml_dirs.setdefault(d, []).append(name)
                elif is_dockerfile_name(name):
                    dockerfiles.append(f"{d}/{name}" if d else name)
                elif is_manifest_candidate(f"{d}/{name}" if d else name):
                    manifests.append(f"{d}/{name}" if d else name)
                if is_build_script_name(f"{d}/{name}" if d else name):
                    build_scripts.append(f"{d}/{name}" if d else name)
        return yaml_dirs, dockerfiles, build_scripts, manifests
    todo = [""]
    while todo:
        d = todo.pop()
        try:
            with os.scandir(root / d if d else root) as it:
                entries = sorted(it, key=lambda e: e.name)
        except (OSError, ValueError):
            continue
        subdirs = []
        for e in entries:
            name = e.name
            rel = f"{d}/{name}" if d else name
            try:
                if e.is_dir(follow_symlinks=False):
                    if name in SKIP_DIRS or name.endswith(".egg-info"):
                        continue
                    if os.path.exists(os.path.join(e.path, "pyvenv.cfg")):
                        continue
                    subdirs.append(rel)
                elif e.is_file():
                    if name.endswith((".yml", ".yaml")) and (
                        name in BASE_NAMES or name in OVERRIDE_NAMES or is_variant_name(name)
                    ):
                        yaml_dirs.setdefault(d, []).append(name)
                    elif is_dockerfile_name(name):
                        dockerfiles.append(rel)
                    elif is_manifest_candidate(rel):
                        manifests.append(rel)
                    if is_build_script_name(rel):
                        build_scripts.append(rel)
            except OSError:
                continue
        todo.extend(reversed(subdirs))
    return yaml_dirs, dockerfiles, build_scripts, manifests
