"""Build the :class:`~dockwise.layout.model.Layout` of a project tree.

``load_layout(root, knowledge)`` discovers the Compose projects of the tree (every
directory that has one, as ``docker compose`` would find them there), loads them with
:mod:`dockwise.layout.compose`, reads the Dockerfiles their services build, the env files
they use, and turns everything into frozen :class:`Service` / :class:`Project` values.
Dockerfiles that no Compose service builds become implicit containers.

``owners(layout, path)`` and ``runs_file(service, path)`` answer the ownership questions
of the later stages: which services' containers hold a project file, and whether a
service's start command runs it.

All I/O of the layout stage happens here, through one confined reader: nothing outside
the project root is read (symlinks resolved), ``read_file`` (the LSP's in-memory buffers)
is used when given, and every problem is a :class:`FileError` in ``Layout.errors``.
"""
from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, MutableMapping, Sequence

from dockwise.layout.schema import unknown_keys
from dockwise.layout import compose as C
from dockwise.layout.compose import ReadFailure, outside_root
from dockwise.layout.dotenv import parse_env_file
from dockwise.layout.merge import keyed_entries
from dockwise.layout.shell import slice_text
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.layout.imagebuilds import (
    ImageBuild,
    ImageBuilds,
    find_image_builds,
    image_keys,
    is_build_script_name,
    repository_names,
)
from dockwise.layout.model import (
    Attachment,
    CodeRoot,
    Command,
    EnvVar,
    Layout,
    Network,
    Port,
    Project,
    Service,
)
from dockwise.model import HOLE, FileError, Text
from dockwise.templating import is_template_text

__all__ = [
    "load_layout",
    "owners",
    "OwnerIndex",
    "runs_file",
    "parse_port",
    "parse_ports",
    "BASE_NAMES",
    "OVERRIDE_NAMES",
    "is_variant_name",
    "is_dockerfile_name",
]

BASE_NAMES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
OVERRIDE_NAMES = ("compose.override.yaml", "compose.override.yml", "docker-compose.override.yaml", "docker-compose.override.yml")
_VARIANT_RE = re.compile(r"(?:(?:docker-)?compose[.\-_](?!override\.ya?ml$).+|docker-stack(?:[.\-_].+)?)\.ya?ml")
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".nox", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", "site-packages", "dist-packages", ".eggs", ".idea", ".vscode", ".direnv",
})
MAX_FILE_BYTES = 5_000_000
MAX_PORT_RANGE = 1024
ENV_TWINS = ("example", "sample", "dist")


# A template renders to a Compose file; it is not one (docker-compose.template.yml, .tpl.yml).
_TEMPLATE_NAME = re.compile(r"[.\-_](?:template|tpl|tmpl|j2|jinja2?)(?=[.\-_])", re.IGNORECASE)


def is_variant_name(name: str) -> bool:
    """``docker-compose.prod.yml``, ``compose.test.yaml``, ``docker-stack.yml``... (not
    ``docker-compose.template.yml``: a template)."""
    return (name not in BASE_NAMES and name not in OVERRIDE_NAMES and bool(_VARIANT_RE.fullmatch(name))
            and not _TEMPLATE_NAME.search(name))


def is_dockerfile_name(name: str) -> bool:
    if name.endswith(".dockerignore"):
        return False
    return (
        name in ("Dockerfile", "Containerfile", "dockerfile")
        or name.endswith((".Dockerfile", ".dockerfile", ".Containerfile"))
        or name.startswith(("Dockerfile.", "Containerfile."))
    )


def _norm(path: str) -> str:
    p = posixpath.normpath(path.replace("\\", "/")) if path else ""
    return "" if p == "." else p


# --------------------------------------------------------------------------- ports


def _port_int(s: str) -> int | None:
    s = s.strip()
    if not s.isdigit():
        return None
    v = int(s)
    return v if 0 < v < 65536 else None


def _range(s: str) -> list[int] | None:
    """"8000" -> [8000]; "8000-8002" -> [8000, 8001, 8002]; invalid -> None."""
    if "-" in s:
        a, _, b = s.partition("-")
        lo, hi = _port_int(a), _port_int(b)
        if lo is None or hi is None or hi < lo:
            return None
        return list(range(lo, min(hi, lo + MAX_PORT_RANGE - 1) + 1))
    v = _port_int(s)
    return None if v is None else [v]


def parse_port(node: YNode, errors: list[FileError] | None = None) -> list[Port]:
    """One ``ports`` entry (any syntax) as Ports (ranges expanded); [] when unusable."""
    errors = errors if errors is not None else []
    if isinstance(node, YScalar):
        if isinstance(node.value, bool) or node.value is None:
            _err(errors, node, f"ports entry {node.text.value!r} is not a port")
            return []
        if isinstance(node.value, int):
            v = node.value if 0 < node.value < 65536 else None
            if v is None:
                _err(errors, node, f"ports entry {node.value} is not a port number")
                return []
            return [Port(v)]
        if isinstance(node.value, float):
            _err(errors, node, f"ports entry {node.text.value!r} is not a port")
            return []
        if node.sexagesimal:
            _err(
                errors,
                node,
                f"unquoted port mapping {node.text.value} is read by YAML 1.1 parsers as a base-60 number; "
                f'quote it: "{node.text.value}"',
            )
        ports = _short_port(node.text)
        if ports is None:
            if HOLE not in node.text.value:
                _err(errors, node, f"cannot parse ports entry {node.text.value!r}")
            return []
        return ports
    if isinstance(node, YMap):
        target = node.items.get("target")
        t_val = _scalar_str(target)
        targets = _range(t_val) if t_val else None
        if not targets:
            _err(errors, node, "ports entry without a valid target port")
            return []
        published = node.items.get("published")
        pub_text = published.text if isinstance(published, YScalar) and published.value is not None else None
        host_ip = _scalar_str(node.items.get("host_ip")) or None
        protocol = (_scalar_str(node.items.get("protocol")) or "tcp").lower()
        if pub_text is None or not pub_text.value.strip():
            return [Port(t, None, host_ip, protocol) for t in targets]
        pubs = _range(pub_text.value)
        if not pubs:
            return [Port(t, None, host_ip, protocol) for t in targets]
        return _pair(targets, pubs, pub_text, 0, host_ip, protocol)
    _err(errors, node, "a ports entry is a string, a number or a mapping")
    return []


def _pair(targets: list[int], pubs: list[int], text: Text | None, start: int, host_ip, protocol) -> list[Port]:
    """Ports for a published part (at ``text.value[start:]``) and the container part."""
    span = None
    if text is not None:
        seg = text.value[start:]
        length = 0
        while length < len(seg) and (seg[length].isdigit() or (seg[length] == "-" and len(pubs) > 1)):
            length += 1
        span = text.span(start, start + length) if length else None
    out: list[Port] = []
    if len(targets) == len(pubs):
        for t, p in zip(targets, pubs):
            out.append(Port(t, p, host_ip, protocol, span))
    elif len(targets) == 1:
        for p in pubs:  # the engine picks one port of the host range
            out.append(Port(targets[0], p, host_ip, protocol, span))
    else:
        for t in targets:
            out.append(Port(t, None, host_ip, protocol))
    return out


def _short_port(text: Text) -> list[Port] | None:
    s = text.value.strip()
    lead = len(text.value) - len(text.value.lstrip())
    protocol = "tcp"
    if "/" in s:
        s, _, protocol = s.rpartition("/")
        protocol = protocol.lower() or "tcp"
    host_ip: str | None = None
    host: str | None = None
    host_at = 0
    if s.startswith("["):
        close = s.find("]")
        if close < 0:
            return None
        host_ip = s[1:close]
        rest = s[close + 1:]
        offset = close + 1
        if rest.startswith(":"):
            rest, offset = rest[1:], offset + 1
        parts = rest.split(":")
        if len(parts) == 2:
            host, container, host_at = parts[0], parts[1], offset
        elif len(parts) == 1:
            container = parts[0]
        else:
            return None
    else:
        parts = s.split(":")
        if len(parts) == 1:
            container = parts[0]
        elif len(parts) == 2:
            host, container = parts
        else:
            host_ip = ":".join(parts[:-2])
            host, container = parts[-2], parts[-1]
            host_at = len(host_ip) + 1
    targets = _range(container)
    if not targets:
        return None
    if host is None or not host.strip():
        return [Port(t, None, host_ip or None, protocol) for t in targets]
    pubs = _range(host)
    if not pubs:
        if HOLE in host:
            return [Port(t, None, host_ip or None, protocol) for t in targets]
        return None
    return _pair(targets, pubs, text, lead + host_at, host_ip or None, protocol)


def parse_ports(node: YNode | None, errors: list[FileError] | None = None) -> tuple[Port, ...]:
    errors = errors if errors is not None else []
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return ()
    if not isinstance(node, YSeq):
        _err(errors, node, "ports must be a list: ignored")
        return ()
    out: list[Port] = []
    for item in node.items:
        for p in parse_port(item, errors):
            if p not in out:
                out.append(p)
    return tuple(out)


def _parse_expose(node: YNode | None, errors: list[FileError]) -> tuple[int, ...]:
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return ()
    if not isinstance(node, YSeq):
        _err(errors, node, "expose must be a list: ignored")
        return ()
    out: list[int] = []
    for item in node.items:
        s = _scalar_str(item)
        if isinstance(item, YScalar) and item.sexagesimal:
            _err(errors, item, f"unquoted {s} is read by YAML 1.1 parsers as a base-60 number; quote it")
        ports = _range(s.split("/")[0]) if s else None
        if not ports:
            if s is None or HOLE not in s:
                _err(errors, item, f"cannot parse expose entry {s!r}")
            continue
        for p in ports:
            if p not in out:
                out.append(p)
    return tuple(out)


# --------------------------------------------------------------------------- small helpers


def _err(errors: list[FileError], node: YNode | None, message: str) -> None:
    span = node.span if node is not None else None
    if span is not None:
        errors.append(FileError(span.path, message, span.line, span.column))
    else:
        errors.append(FileError("", message))


def _scalar_str(node: YNode | None) -> str | None:
    if not isinstance(node, YScalar) or node.value is None:
        return None
    if isinstance(node.value, str):
        return node.value
    return node.text.value or str(node.value)


def _scalar_text(node: YNode | None) -> Text | None:
    if not isinstance(node, YScalar) or node.value is None:
        return None
    if isinstance(node.value, str):
        return node.text
    return node.text if node.text.value else Text(str(node.value))


def _str_list(node: YNode | None) -> list[YScalar]:
    if isinstance(node, YScalar) and node.value is not None:
        return [node]
    if isinstance(node, YSeq):
        return [x for x in node.items if isinstance(x, YScalar) and x.value is not None]
    return []


def _split_shell(text: Text) -> tuple[Text, ...]:
    from dockwise.layout.shell import split_shell

    return split_shell(text)


def _compose_command(node: YNode | None, errors: list[FileError], working_dir: str | None, what: str) -> Command | None:
    if node is None:
        return None
    if isinstance(node, YScalar):
        if node.value is None:
            return Command((), False, "compose", working_dir, node.span)
        text = _scalar_text(node) or Text("")
        return Command(_split_shell(text), True, "compose", working_dir, node.span)
    if isinstance(node, YSeq):
        tokens = []
        for item in node.items:
            t = _scalar_text(item)
            if t is None:
                if not (isinstance(item, YScalar)):
                    _err(errors, item, f"{what} entries must be strings")
                continue
            tokens.append(t)
        return Command(tuple(tokens), False, "compose", working_dir, node.span)
    _err(errors, node, f"{what} must be a string or a list: ignored")
    return None


def _healthcheck(node: YNode | None, errors: list[FileError], working_dir: str | None) -> tuple[Command | None, bool]:
    """(command, disabled) of a Compose healthcheck."""
    if node is None or (isinstance(node, YScalar) and node.value is None):
        return None, False
    if not isinstance(node, YMap):
        _err(errors, node, "healthcheck must be a mapping: ignored")
        return None, False
    disable = node.items.get("disable")
    if isinstance(disable, YScalar) and disable.value is True:
        return None, True
    test = node.items.get("test")
    if test is None:
        return None, False
    if isinstance(test, YScalar):
        text = _scalar_text(test)
        if text is None:
            return None, False
        return Command(_split_shell(text), True, "compose", working_dir, test.span), False
    if isinstance(test, YSeq):
        items = [_scalar_text(x) for x in test.items]
        items = [x for x in items if x is not None]
        if not items:
            return None, False
        kind = items[0].value.upper()
        if kind == "NONE":
            return None, True
        if kind == "CMD-SHELL":
            text = items[1] if len(items) > 1 else Text("")
            return Command(_split_shell(text), True, "compose", working_dir, test.span), False
        if kind == "CMD":
            return Command(tuple(items[1:]), False, "compose", working_dir, test.span), False
        return Command(tuple(items), False, "compose", working_dir, test.span), False
    _err(errors, test, "healthcheck test must be a string or a list")
    return None, False


def _project_name(raw: str) -> str:
    name = re.sub(r"[^a-z0-9_-]", "", raw.lower())
    return name.lstrip("_-") or "default"


# --------------------------------------------------------------------------- the builder


# LABEL org.opencontainers.image.source=URL (quoted or not, among other key=value pairs)
_OCI_SOURCE = re.compile(r"""org\.opencontainers\.image\.source\s*=\s*["']?([^\s"']+)""")


class _Builder:
    def __init__(
        self,
        root: Path,
        knowledge: Any,
        compose_files: Sequence[Path] | None,
        service_map: Mapping[str, str] | None,
        dockerfiles_without_compose: bool,
        read_file: Callable[[Path], bytes] | None,
        listing: Mapping[str, Sequence[str]] | None = None,
        schema_memo: MutableMapping[str, Any] | None = None,
    ) -> None:
        self.root = Path(root).absolute()
        self.schema_memo = schema_memo
        self.listing = listing
        try:
            self.root_real = os.path.realpath(self.root)
        except (OSError, ValueError):
            self.root_real = str(self.root)
        self.knowledge = knowledge
        self.compose_files = compose_files
        self.service_map = dict(service_map or {})
        self.with_dockerfiles = dockerfiles_without_compose
        self.read_file = read_file
        self.errors: list[FileError] = []
        self.files: list[str] = []
        self.texts: dict[str, str | ReadFailure] = {}
        self.dockerfiles: dict[tuple[str, str | None], Any] = {}
        self.env_files: dict[tuple[str, int], tuple[tuple[EnvVar, ...], bool, str | None]] = {}
        self.inside: dict[str, bool] = {}
        self.isfile: dict[str, bool] = {}
        self.broken_dirs: set[str] = set()  # directories whose Compose file could not be loaded
        self.build_scripts: list[str] = []  # files that may run `docker build -t IMAGE`
        self.image_builds = ImageBuilds()  # image name -> how the tree builds it
        self.sibling_builds: dict[str, YNode | None] = {}  # image -> the build of the project's service that builds it
        self.repo_names: set[str] | None = None
        self.labelled: dict[str, list[str]] | None = None  # owner/repo -> Dockerfiles labelled with it
        self.dockerfile_paths: list[str] = []

    # -- confined reading --------------------------------------------------------------
    def _inside(self, rel: str) -> bool:
        """``rel`` (symlinks resolved) lies inside the project root."""
        hit = self.inside.get(rel)
        if hit is None:
            hit = False
            if not outside_root(rel) and "\x00" not in rel:
                try:
                    real = os.path.realpath(self.root / rel) if rel else self.root_real
                    hit = real == self.root_real or real.startswith(self.root_real.rstrip(os.sep) + os.sep)
                except (OSError, ValueError):
                    hit = False
            self.inside[rel] = hit
        return hit

    def read(self, rel: str) -> str:
        rel = _norm(rel)
        hit = self.texts.get(rel)
        if hit is not None:
            if isinstance(hit, ReadFailure):
                raise hit
            return hit
        try:
            text = self._read(rel)
        except ReadFailure as exc:
            self.texts[rel] = exc
            raise
        self.texts[rel] = text
        if rel not in self.files:
            self.files.append(rel)
        return text

    def _read(self, rel: str) -> str:
        if "\x00" in rel:
            raise ReadFailure("invalid path")
        if not self._inside(rel):
            raise ReadFailure("outside the project root: refused")
        full = self.root / rel
        try:
            if self.read_file is not None:
                data = self.read_file(full)
            else:
                st = full.stat()
                if not full.is_file():
                    raise ReadFailure("not a regular file")
                if st.st_size > MAX_FILE_BYTES:
                    raise ReadFailure(f"larger than {MAX_FILE_BYTES} bytes: not read")
                data = full.read_bytes()
        except ReadFailure:
            raise
        except FileNotFoundError:
            raise ReadFailure("no such file", missing=True) from None
        except NotADirectoryError:
            raise ReadFailure("no such file", missing=True) from None
        except IsADirectoryError:
            raise ReadFailure("is a directory") from None
        except PermissionError:
            raise ReadFailure("permission denied") from None
        except (OSError, ValueError) as exc:
            raise ReadFailure(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None
        if isinstance(data, str):
            return data
        if len(data) > MAX_FILE_BYTES:
            raise ReadFailure(f"larger than {MAX_FILE_BYTES} bytes: not read")
        try:
            return bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ReadFailure("not UTF-8 text") from None

    def _labelled_source(self, image: str) -> ImageBuild | None:
        """The Dockerfile whose OCI label ``org.opencontainers.image.source`` names the
        image's repository (``LABEL org.opencontainers.image.source=https://github.com/acme/api``
        builds ``ghcr.io/acme/api:1``), when exactly one Dockerfile says so."""
        if self.labelled is None:
            self.labelled = {}
            for path in self.dockerfile_paths:
                text = self._read_quiet(path)
                if not text or "org.opencontainers.image.source" not in text:
                    continue
                for m in _OCI_SOURCE.finditer(text):
                    parts = [p for p in m.group(1).split("://", 1)[-1].split("/") if p]
                    if len(parts) >= 3:  # host/owner/repo[...]
                        repo = "/".join(parts[1:3]).lower().removesuffix(".git")
                        self.labelled.setdefault(repo, []).append(path)
        for key in image_keys(image):
            hits = sorted(set(self.labelled.get(key, ())))
            if len(hits) == 1:
                return ImageBuild(posixpath.dirname(hits[0]), hits[0], None, hits[0])
        return None

    def _named_after_repository(self, image: str) -> ImageBuild | None:
        """An image named after the repository (``ghcr.io/org/<repo>``) is built from its
        Dockerfile: the one at the root, else the only one in the tree."""
        keys = image_keys(image)
        if not keys:
            return None
        last = keys[-1].rsplit("/", 1)[-1].replace("_", "-")
        if self.repo_names is None:
            self.repo_names = repository_names(self.root.name, self._read_quiet)
        if last not in self.repo_names:
            return None
        if self.is_file("Dockerfile"):
            return ImageBuild("", "Dockerfile", None, "Dockerfile")
        candidates = [d for d in self.dockerfile_paths if posixpath.basename(d) in ("Dockerfile", "Containerfile")]
        if len(candidates) == 1:
            return ImageBuild(posixpath.dirname(candidates[0]), candidates[0], None, candidates[0])
        return None

    def _read_quiet(self, rel: str) -> str | None:
        """A build script's text, or None (not recorded as a layout file when unreadable)."""
        try:
            return self._read(_norm(rel))
        except ReadFailure:
            return None

    def is_file(self, rel: str) -> bool:
        hit = self.isfile.get(rel)
        if hit is None:
            if not self._inside(rel):
                hit = False
            elif rel in self.texts and not isinstance(self.texts[rel], ReadFailure):
                hit = True
            else:
                try:
                    hit = (self.root / rel).is_file()
                except (OSError, ValueError):
                    hit = False
            self.isfile[rel] = hit
        return hit

    def is_dir(self, rel: str) -> bool:
        if not rel:
            return True
        if not self._inside(rel):
            return False
        try:
            return (self.root / rel).is_dir()
        except (OSError, ValueError):
            return False

    # -- discovery ---------------------------------------------------------------------
    def walk(self) -> tuple[dict[str, list[str]], list[str]]:
        """Directories with YAML files (dir -> names) and every Dockerfile in the tree (from
        discovery's listing of the tree when it made one); ``self.build_scripts`` gets the
        files that may build images (``imagebuilds.is_build_script_name``)."""
        yaml_dirs: dict[str, list[str]] = {}
        dockerfiles: list[str] = []
        if self.listing is not None:
            for d, names in self.listing.items():
                for name in names:
                    if name.endswith((".yml", ".yaml")) and (
                        name in BASE_NAMES or name in OVERRIDE_NAMES or is_variant_name(name)
                    ):
                        yaml_dirs.setdefault(d, []).append(name)
                    elif is_dockerfile_name(name):
                        dockerfiles.append(f"{d}/{name}" if d else name)
                    if is_build_script_name(f"{d}/{name}" if d else name):
                        self.build_scripts.append(f"{d}/{name}" if d else name)
            return yaml_dirs, dockerfiles
        todo = [""]
        while todo:
            d = todo.pop()
            try:
                with os.scandir(self.root / d if d else self.root) as it:
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
                        if is_build_script_name(rel):
                            self.build_scripts.append(rel)
                except OSError:
                    continue
            todo.extend(reversed(subdirs))
        return yaml_dirs, dockerfiles

    # -- main ----------------------------------------------------------------------------
    def run(self) -> Layout:
        yaml_dirs, dockerfiles = self.walk()
        self.dockerfile_paths = list(dockerfiles)
        self.image_builds = find_image_builds(sorted(self.build_scripts)[:2000], self._read_quiet, self.is_file)
        projects: list[Project] = []
        consumed: set[str] = set()
        if self.compose_files is not None:
            files = [f for f in (self._given(p) for p in self.compose_files) if f is not None]
            if files:
                project = self.project(files, posixpath.dirname(files[0]), variant=False, consumed=consumed)
                if project is not None:
                    projects.append(project)
                elif self.broken_dirs:
                    self.broken_dirs.add("")  # the given layout is unreadable: no Dockerfile stands alone
        else:
            for d in sorted(yaml_dirs, key=lambda x: (x.count("/") if x else -1, x)):
                projects.extend(self.directory_projects(d, sorted(yaml_dirs[d]), consumed))
        containers = self.implicit_containers(dockerfiles, projects) if self.with_dockerfiles else []
        projects, containers = self.apply_service_map(projects, containers)
        for path in sorted({f for p in projects for f in p.files}):
            # keys the Compose specification does not know: `docker compose` refuses the file
            text = self._read_quiet(path)
            if text:
                self.errors.extend(unknown_keys(path, text, self.schema_memo))
        errors: list[FileError] = []
        for e in self.errors:
            if e not in errors:
                errors.append(e)
        return Layout(
            root=str(self.root),
            projects=tuple(projects),
            containers=tuple(containers),
            errors=tuple(errors),
            files=tuple(sorted(set(self.files))),
        )

    def _given(self, p: Path) -> str | None:
        p = Path(p)
        candidates = [p] if p.is_absolute() else [self.root / p, Path.cwd() / p]
        for cand in candidates:
            try:
                rel = os.path.relpath(os.path.abspath(cand), self.root)
            except ValueError:
                continue
            rel = _norm(rel.replace(os.sep, "/"))
            if outside_root(rel):
                continue
            if cand.exists() or cand is candidates[-1]:
                return rel
        self.errors.append(FileError(str(p), "Compose file outside the project root: refused"))
        return None

    def dotenv(self, d: str) -> dict[str, Text]:
        env, errs, _ = C.load_dotenv(self.read, d)
        self.errors.extend(errs)
        return env

    def directory_projects(self, d: str, names: list[str], consumed: set[str]) -> list[Project]:
        out: list[Project] = []
        env = self.dotenv(d)
        default_files: list[str] = []
        base_files: list[str] = []
        compose_file = env.get("COMPOSE_FILE")
        if compose_file is not None and compose_file.value.strip():
            sep = env.get("COMPOSE_PATH_SEPARATOR")
            sepv = sep.value if sep is not None and sep.value else (";" if ";" in compose_file.value and ":" not in compose_file.value else ":")
            for part in compose_file.value.split(sepv):
                part = part.strip()
                if part:
                    default_files.append(C._join(d, part))
            base_files = list(default_files)
        else:
            base = next((n for n in BASE_NAMES if n in names), None)
            if base is not None:
                base_files = [C._join(d, base)]
                default_files = list(base_files)
                twin = base.replace("compose.", "compose.override.", 1)
                overrides = [twin] + [n for n in OVERRIDE_NAMES if n != twin]
                over = next((n for n in overrides if n in names), None)
                if over is not None:
                    default_files.append(C._join(d, over))
        base_model = None
        if default_files and not all(f in consumed for f in default_files):
            project = self.project(default_files, d, variant=False, consumed=consumed, env=env)
            if project is not None:
                out.append(project)
                base_model = project
        for name in names:
            if not is_variant_name(name):
                continue
            path = C._join(d, name)
            if path in default_files or path in consumed:
                continue
            try:
                if is_template_text(self.read(path)):
                    continue  # a template
            except ReadFailure:
                pass
            alone = C.load_compose([path], read=self.read, project_dir=d, env=env)
            if not alone.is_compose:
                self.errors.extend(alone.errors)
                continue
            # A complete variant (every service it defines has an image or a build) is a
            # project of its own (`docker compose -f docker-compose.prod.yml up`); a partial one
            # only adds keys to the base's services: an overlay, judged merged onto the base.
            if _complete(alone.services):
                project = self.project([path], d, variant=True, consumed=consumed, env=env)
            elif base_model is not None:
                project = self.project(base_files + [path], d, variant=True, consumed=consumed, env=env, quiet_base=True)
            else:
                continue  # an overlay of files this directory does not hold: nothing to judge alone
            if project is not None:
                out.append(project)
        return out

    def project(
        self,
        files: list[str],
        d: str,
        *,
        variant: bool,
        consumed: set[str],
        env: dict[str, Text] | None = None,
        quiet_base: bool = False,
    ) -> Project | None:
        if env is None:
            env = self.dotenv(d)
        for f in files:
            try:
                if is_template_text(self.read(f)):
                    return None  # a template with Jinja markup: it renders to a Compose file
            except ReadFailure:
                pass
        model = C.load_compose(files, read=self.read, project_dir=d, env=env)
        errors = model.errors
        if quiet_base:  # the base files' own problems are reported with the default project
            errors = [e for e in errors if e.path == files[-1]]
        if not model.is_compose:
            # a YAML file with a Compose name but no services: not a Compose project (a
            # well-formed one has no errors; a broken one is reported)
            self.errors.extend(errors)
            if errors and not variant:
                self.broken_dirs.add(d)
            return None
        self.errors.extend(errors)
        consumed.update(model.included)
        consumed.update(files)
        name_env = env.get("COMPOSE_PROJECT_NAME")
        name = model.name or (name_env.value if name_env is not None and name_env.value else None)
        if not name:
            name = posixpath.basename(d) if d else self.root.name
        name = _project_name(name)
        # a service that names the image a sibling builds (`image: app` beside `build: . image: app`)
        # runs that build
        self.sibling_builds = {}
        for node in model.services.values():
            if isinstance(node, YMap) and node.items.get("build") is not None:
                img = _scalar_str(node.items.get("image"))
                if img:
                    self.sibling_builds.setdefault(img.strip().lower(), node.items.get("build"))
        services = []
        for svc_name, node in model.services.items():
            try:
                services.append(self.service(svc_name, node, model, d, env))
            except Exception as exc:  # an internal bug must not lose the whole layout
                span = model.service_keys.get(svc_name)
                self.errors.append(
                    FileError(span.path if span else files[0], f"internal error in service {svc_name!r}: {exc!r}",
                              span.line if span else None)
                )
        networks = self.networks(model, services, name)
        return Project(dir=d, files=tuple(files), name=name, services=tuple(services), networks=networks, variant=variant)

    # -- networks --------------------------------------------------------------------------
    def networks(self, model: C.ComposeModel, services: list[Service], project_name: str) -> tuple[Network, ...]:
        out: dict[str, Network] = {}
        for key, node in model.networks.items():
            driver = name = None
            external = internal = False
            subnets: list[str] = []
            if isinstance(node, YMap):
                driver = _scalar_str(node.items.get("driver"))
                name = _scalar_str(node.items.get("name"))
                ext = node.items.get("external")
                if isinstance(ext, YScalar):
                    external = ext.value is True or str(ext.value).lower() == "true"
                elif isinstance(ext, YMap):
                    external = True
                    name = name or _scalar_str(ext.items.get("name"))
                inn = node.items.get("internal")
                internal = isinstance(inn, YScalar) and inn.value is True
                ipam = node.items.get("ipam")
                if isinstance(ipam, YMap):
                    config = ipam.items.get("config")
                    if isinstance(config, YSeq):
                        for entry in config.items:
                            if isinstance(entry, YMap):
                                sub = _scalar_str(entry.items.get("subnet"))
                                if sub:
                                    subnets.append(sub)
            elif node is not None and not (isinstance(node, YScalar) and node.value is None):
                _err(self.errors, node, f"network {key!r} must be a mapping")
            real = name or (key if external else f"{project_name}_{key}")
            out[key] = Network(key, driver, external, real, tuple(subnets), internal)
        used = {a.network for s in services for a in s.networks}
        if "default" in used and "default" not in out:
            out["default"] = Network("default", None, False, f"{project_name}_default")
        for s in services:
            for a in s.networks:
                if a.network not in out:
                    self.errors.append(FileError(s.span.path if s.span else "", f"service {s.name!r} uses undefined network {a.network!r}",
                                                 s.span.line if s.span else None))
                    out[a.network] = Network(a.network, None, False, f"{project_name}_{a.network}")
        return tuple(out.values())

    # -- services --------------------------------------------------------------------------
    def service(self, name: str, node: YMap, model: C.ComposeModel, d: str, env: Mapping[str, Text]) -> Service:
        errors = self.errors
        items = node.items
        get = items.get
        image = _scalar_str(get("image"))
        working_dir = _scalar_str(get("working_dir"))

        # networking
        network_mode = _scalar_str(get("network_mode"))
        attachments: list[Attachment] = []
        nets = get("networks")
        if isinstance(nets, YSeq):
            for item in nets.items:
                n = _scalar_str(item)
                if n:
                    attachments.append(Attachment(n))
                else:
                    _err(errors, item, f"service {name!r}: network names must be strings")
        elif isinstance(nets, YMap):
            for n, cfg in nets.items.items():
                aliases: list[str] = []
                v4 = v6 = None
                if isinstance(cfg, YMap):
                    for a in _str_list(cfg.items.get("aliases")):
                        s = _scalar_str(a)
                        if s and s not in aliases:
                            aliases.append(s)
                    v4 = _scalar_str(cfg.items.get("ipv4_address"))
                    v6 = _scalar_str(cfg.items.get("ipv6_address"))
                elif cfg is not None and not (isinstance(cfg, YScalar) and cfg.value is None):
                    _err(errors, cfg, f"service {name!r}: network {n!r} settings must be a mapping")
                attachments.append(Attachment(n, tuple(aliases), v4, v6))
        elif nets is not None and not (isinstance(nets, YScalar) and nets.value is None):
            _err(errors, nets, f"service {name!r}: networks must be a list or a mapping: ignored")
        if not attachments and network_mode is None:
            attachments.append(Attachment("default"))
        if network_mode is not None and attachments and nets is not None:
            _err(errors, get("network_mode"), f"service {name!r}: network_mode cannot be combined with networks")

        links = tuple(self._links(get("links"), name, "links"))
        external_links = tuple(self._links(get("external_links"), name, "external_links"))
        ports = parse_ports(get("ports"), errors)
        expose = _parse_expose(get("expose"), errors)
        extra_hosts = tuple(self._extra_hosts(get("extra_hosts"), name))
        profiles = tuple(s for s in (_scalar_str(x) for x in _str_list(get("profiles"))) if s)

        # build
        build_node = get("build")
        if build_node is None and image and image.strip().lower() in self.sibling_builds:
            build_node = self.sibling_builds[image.strip().lower()]
        build_context, dockerfile_path, target, _remote = self._build(build_node, name)
        if build_context is None and not _remote and image:
            # an image the tree builds itself (docker build -t IMAGE in a script, a bake file)
            built = (self.image_builds.match(image) or self._labelled_source(image)
                     or self._named_after_repository(image))
            if built is not None:
                build_context, dockerfile_path, target = built.context, built.dockerfile, built.target
                if built.where not in self.files:
                    self.files.append(built.where)
        df = None
        if dockerfile_path is not None:
            df = self._dockerfile(dockerfile_path, target)
        code: list[CodeRoot] = []
        if build_context is not None:
            if df is not None:
                code.extend(self._code_roots(df, build_context, target))
            else:
                code.append(CodeRoot(build_context, None))
        code.extend(self._bind_mounts(get("volumes"), name))

        # environment: Dockerfile ENV < env_file < environment
        environment: dict[str, EnvVar] = {}
        if df is not None:
            for var in getattr(df, "env", ()) or ():
                environment[var.name] = var
        env_unknown = False
        for var_list, unknown in self._env_files(get("env_file"), name, env):
            for var in var_list:
                environment.pop(var.name, None)
                environment[var.name] = var
            env_unknown = env_unknown or unknown
        for var in self._environment(get("environment"), name):
            environment.pop(var.name, None)
            environment[var.name] = var

        # commands
        compose_command = _compose_command(get("command"), errors, working_dir, "command")
        compose_entrypoint = _compose_command(get("entrypoint"), errors, working_dir, "entrypoint")
        df_workdir = getattr(df, "workdir", None) if df is not None else None
        effective_wd = working_dir or df_workdir
        command = _effective_command(compose_entrypoint, compose_command, df, effective_wd)
        hc, hc_disabled = _healthcheck(get("healthcheck"), errors, effective_wd)
        if hc is None and not hc_disabled and df is not None and not getattr(df, "healthcheck_disabled", False):
            hc = getattr(df, "healthcheck", None)

        base_image = _base_image(df, target)
        env_vars = tuple(environment.values())
        start_ports, entry_files, server_configs = self._start(command, effective_wd, code, env_vars)
        hc_files = self._healthcheck_files(hc, effective_wd, code, env_vars)
        listen: list[int] = []
        for p in (
            [p.target for p in ports]
            + list(expose)
            + list(getattr(df, "expose", ()) or ())
            + list(start_ports)
            + list(self._image_ports(image))
            + list(self._image_ports(base_image))
        ):
            if isinstance(p, int) and p not in listen:
                listen.append(p)

        return Service(
            name=name,
            project=d,
            implicit=False,
            image=image,
            base_image=base_image,
            networks=tuple(attachments),
            network_mode=network_mode,
            container_name=_scalar_str(get("container_name")),
            hostname=_scalar_str(get("hostname")),
            domainname=_scalar_str(get("domainname")),
            links=links,
            external_links=external_links,
            ports=ports,
            expose=expose,
            listen_ports=tuple(listen),
            extra_hosts=extra_hosts,
            environment=env_vars,
            env_unknown=env_unknown,
            code=tuple(_dedupe(code)),
            command=command,
            compose_command=compose_command,
            compose_entrypoint=compose_entrypoint,
            healthcheck=hc,
            entry_files=tuple(entry_files),
            healthcheck_files=tuple(hc_files),
            server_configs=tuple(server_configs),
            build_context=build_context,
            dockerfile=dockerfile_path,
            profiles=profiles,
            span=model.service_keys.get(name),
        )

    def _image_ports(self, image: str | None) -> tuple[int, ...]:
        if not image:
            return ()
        try:
            return tuple(self.knowledge.image_ports(image))
        except Exception:
            return ()

    def _links(self, node: YNode | None, name: str, what: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out
        if not isinstance(node, YSeq):
            _err(self.errors, node, f"service {name!r}: {what} must be a list: ignored")
            return out
        for item in node.items:
            s = _scalar_str(item)
            if not s:
                continue
            target, _, alias = s.partition(":")
            target, alias = target.strip(), alias.strip() or target.strip()
            if target and (target, alias) not in out:
                out.append((target, alias))
        return out

    def _extra_hosts(self, node: YNode | None, name: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out

        def add(host: str, addr: str) -> None:
            host, addr = host.strip(), addr.strip()
            if addr.startswith("[") and addr.endswith("]"):
                addr = addr[1:-1]
            if host and (host, addr) not in out:
                out.append((host, addr))

        if isinstance(node, YSeq):
            for item in node.items:
                s = _scalar_str(item)
                if not s:
                    continue
                if "=" in s:
                    h, _, a = s.partition("=")
                else:
                    h, _, a = s.partition(":")
                add(h, a)
        elif isinstance(node, YMap):
            for h, v in node.items.items():
                values = v.items if isinstance(v, YSeq) else [v]
                for x in values:
                    addr = _scalar_str(x) or ""
                    if addr.startswith((h + "=", h + ":")):
                        addr = addr[len(h) + 1:]  # a list entry merged into the mapping form
                    add(h, addr)
        else:
            _err(self.errors, node, f"service {name!r}: extra_hosts must be a list or a mapping: ignored")
        return out

    def _environment(self, node: YNode | None, name: str) -> list[EnvVar]:
        out: list[EnvVar] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out
        if not isinstance(node, (YMap, YSeq)):
            _err(self.errors, node, f"service {name!r}: environment must be a mapping or a list: ignored")
            return out
        for key, value, key_span, list_entry in keyed_entries(node):
            if not list_entry:  # KEY: value
                if value is None or (isinstance(value, YScalar) and value.value is None):
                    out.append(EnvVar(key, None, "environment", key_span))
                elif isinstance(value, YScalar):
                    out.append(EnvVar(key, _scalar_text(value), "environment", key_span))
                else:
                    _err(self.errors, value, f"service {name!r}: the value of {key} must be a string: ignored")
                continue
            text = _scalar_text(value)
            if text is None:
                _err(self.errors, value, f"service {name!r}: environment entries must be strings: ignored")
                continue
            raw = text.value
            eq = raw.find("=")
            k = (raw[:eq] if eq >= 0 else raw).strip()
            if not k:
                _err(self.errors, value, f"service {name!r}: environment entry without a name: ignored")
                continue
            k_start = raw.find(k)
            span = text.span(k_start, k_start + len(k)) if k_start >= 0 else None
            if eq < 0:
                out.append(EnvVar(k, None, "environment", span))
            else:
                out.append(EnvVar(k, slice_text(text, eq + 1, len(raw)), "environment", span))
        return out

    def _env_files(self, node: YNode | None, name: str, env: Mapping[str, Text]) -> list[tuple[tuple[EnvVar, ...], bool]]:
        out: list[tuple[tuple[EnvVar, ...], bool]] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out
        entries: list[tuple[YScalar, bool]] = []
        items = node.items if isinstance(node, YSeq) else [node]
        for item in items:
            if isinstance(item, YScalar) and isinstance(item.value, str):
                entries.append((item, True))
            elif isinstance(item, YMap):
                p = item.items.get("path")
                req = item.items.get("required")
                required = not (isinstance(req, YScalar) and (req.value is False or str(req.value).lower() == "false"))
                if isinstance(p, YScalar) and isinstance(p.value, str):
                    entries.append((p, required))
                else:
                    _err(self.errors, item, f"service {name!r}: env_file entry without a path")
            else:
                _err(self.errors, item, f"service {name!r}: env_file must be a path, a list or a mapping: ignored")
        for p, required in entries:
            path = C._join(p.base, p.value)
            if outside_root(path) or not self._inside(path):
                _err(self.errors, p, f"env_file {p.value}: outside the project root: refused")
                out.append(((), required))
                continue
            vars_, unknown = self._read_env_file(path, required, env, p)
            out.append((vars_, unknown))
        return out

    def _read_env_file(self, path: str, required: bool, env: Mapping[str, Text], where: YScalar) -> tuple[tuple[EnvVar, ...], bool]:
        key = (path, id(env))
        hit = self.env_files.get(key)
        if hit is None:
            candidates = [path]
            stem, ext = posixpath.splitext(path)
            for suffix in ENV_TWINS:
                candidates.append(f"{path}.{suffix}")
                if ext and posixpath.basename(stem):
                    candidates.append(f"{stem}.{suffix}{ext}")
            vars_: tuple[EnvVar, ...] = ()
            found: str | None = None
            for cand in candidates:
                try:
                    source = self.read(cand)
                except ReadFailure as exc:
                    if exc.missing:
                        continue
                    _err(self.errors, where, f"env_file {cand}: {exc.message}")
                    found = cand
                    break
                parsed = parse_env_file(source, cand, lookup=env, origin="env_file")
                self.errors.extend(parsed.errors)
                vars_ = parsed.vars
                found = cand
                break
            hit = (vars_, found is None, found)
            self.env_files[key] = hit
        vars_, missing, _found = hit
        return vars_, (missing and required)

    def _build(self, node: YNode | None, name: str) -> tuple[str | None, str | None, str | None, bool]:
        """(context, dockerfile path, target, remote) of a service's ``build``."""
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return None, None, None, False
        ctx_node: YNode | None
        df_node: YNode | None = None
        target = None
        if isinstance(node, YScalar):
            ctx_node = node
        elif isinstance(node, YMap):
            ctx_node = node.items.get("context")
            df_node = node.items.get("dockerfile")
            target = _scalar_str(node.items.get("target"))
            if df_node is None and node.items.get("dockerfile_inline") is not None:
                ctx = _scalar_str(ctx_node) or "."
                base = ctx_node.base if ctx_node is not None else node.base
                context = C._join(base, ctx)
                return (None if outside_root(context) else context), None, target, False
        else:
            _err(self.errors, node, f"service {name!r}: build must be a path or a mapping: ignored")
            return None, None, None, False
        ctx = _scalar_str(ctx_node) if ctx_node is not None else "."
        if ctx is None:
            ctx = "."
        low = ctx.lower()
        if "://" in low or low.startswith(("git@", "github.com/")) or HOLE in ctx:
            return None, None, target, True
        base = ctx_node.base if ctx_node is not None else node.base
        context = C._join(base, ctx)
        if outside_root(context) or not self._inside(context):
            _err(self.errors, ctx_node or node, f"service {name!r}: build context {ctx} is outside the project root: refused")
            return None, None, target, False
        df_name = _scalar_str(df_node) if df_node is not None else None
        if df_name:
            dockerfile = C._join(context, df_name)
            if outside_root(dockerfile):
                _err(self.errors, df_node, f"service {name!r}: Dockerfile {df_name} is outside the project root: refused")
                return context, None, target, False
        else:
            dockerfile = C._join(context, "Dockerfile")
            if not self.is_file(dockerfile):
                for alt in ("Containerfile", "dockerfile"):
                    cand = C._join(context, alt)
                    if self.is_file(cand):
                        dockerfile = cand
                        break
        return context, dockerfile, target, False

    def _dockerfile(self, path: str, target: str | None) -> Any:
        key = (path, target)
        if key in self.dockerfiles:
            return self.dockerfiles[key]
        df = None
        try:
            source = self.read(path)
        except ReadFailure as exc:
            if not exc.missing:
                self.errors.append(FileError(path, exc.message))
        else:
            try:
                from dockwise.layout.dockerfile import parse_dockerfile

                df = parse_dockerfile(source, path)
                for w in getattr(df, "warnings", ()) or ():
                    if "cannot parse" in w.message:
                        self.errors.append(w)
                if target and hasattr(df, "for_target"):
                    df = df.for_target(target)
            except Exception as exc:  # the parser promises not to raise; be safe anyway
                self.errors.append(FileError(path, f"internal error while parsing the Dockerfile: {exc!r}"))
                df = None
        self.dockerfiles[key] = df
        return df

    def _code_roots(self, df: Any, context: str, target: str | None) -> list[CodeRoot]:
        try:
            from dockwise.layout.dockerfile import code_roots

            try:
                roots = code_roots(df, context, target=target, isdir=self.is_dir)
            except TypeError:
                roots = code_roots(df, context)
        except Exception:
            return [CodeRoot(context, None)]
        ignored = self._dockerignore(context, getattr(df, "path", None)) if roots else []
        out = []
        for r in roots:
            src = _norm(r.source)
            if outside_root(src):
                continue
            if any(src == e or src.startswith(e + "/") for e in ignored):
                continue  # .dockerignore keeps it out of the context
            excludes = [_norm(e) for e in r.excludes]
            excludes += [e for e in ignored if src == "" or e.startswith(src + "/")]
            out.append(CodeRoot(src, r.target, tuple(_dedupe(excludes))))
        return out

    def _dockerignore(self, context: str, dockerfile: str | None) -> list[str]:
        """Plain paths a ``.dockerignore`` keeps out of the build context (root-relative).

        Only patterns without wildcards count (``scripts/``, ``/tests``); a path that a
        ``!`` pattern re-includes something under is kept.  BuildKit's
        ``<Dockerfile>.dockerignore`` next to the Dockerfile takes precedence.
        """
        candidates = ([dockerfile + ".dockerignore"] if dockerfile else []) + [C._join(context, ".dockerignore")]
        source = None
        for cand in candidates:
            try:
                source = self.read(cand)
                break
            except ReadFailure:
                continue
        if not source:
            return []
        plain: list[str] = []
        negated: list[str] = []
        for line in source.splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            neg = line.startswith("!")
            pattern = line[1:].strip() if neg else line
            pattern = posixpath.normpath(pattern.strip("/")) if pattern.strip("/") else ""
            if not pattern or pattern == "." or pattern.startswith(".."):
                continue
            if neg:
                negated.append(pattern)
            elif not any(ch in pattern for ch in "*?[\\"):
                plain.append(pattern)
        out = []
        for p in plain:
            if any(n == p or n.startswith(p + "/") or p.startswith(n + "/") for n in negated):
                continue
            out.append(C._join(context, p))
        return out

    def _bind_mounts(self, node: YNode | None, name: str) -> list[CodeRoot]:
        out: list[CodeRoot] = []
        if node is None or (isinstance(node, YScalar) and node.value is None):
            return out
        if not isinstance(node, YSeq):
            _err(self.errors, node, f"service {name!r}: volumes must be a list: ignored")
            return out
        for item in node.items:
            source = target = None
            base = item.base
            if isinstance(item, YScalar) and isinstance(item.value, str):
                parts = item.value.split(":")
                if len(parts) >= 2 and len(parts[0]) == 1 and parts[0].isalpha() and parts[1][:1] in ("\\", "/"):
                    parts = [parts[0] + ":" + parts[1]] + parts[2:]
                if len(parts) < 2:
                    continue  # an anonymous volume
                source, target = parts[0], parts[1]
                if not source.startswith((".", "/", "~")) and "/" not in source:
                    continue  # a named volume
            elif isinstance(item, YMap):
                if (_scalar_str(item.items.get("type")) or "") != "bind":
                    continue
                source = _scalar_str(item.items.get("source"))
                target = _scalar_str(item.items.get("target"))
            elif item is not None:
                _err(self.errors, item, f"service {name!r}: a volumes entry is a string or a mapping")
                continue
            if not source or not target or source.startswith("~") or HOLE in source:
                continue
            if source.startswith("/"):
                try:
                    rel = os.path.relpath(source, self.root)
                except ValueError:
                    continue
                rel = _norm(rel.replace(os.sep, "/"))
            else:
                rel = C._join(base, source)
            if outside_root(rel) or not self._inside(rel):
                continue  # host paths outside the project are not project source
            out.append(CodeRoot(rel, posixpath.normpath(target) if target.startswith("/") else target))
        return out

    # -- start commands ----------------------------------------------------------------
    def _start(
        self, command: Command | None, working_dir: str | None, code: Sequence[CodeRoot], env: Iterable[EnvVar]
    ) -> tuple[tuple[int, ...], list[str], list[str]]:
        """(ports, entry files, server config files) of a start command."""
        if command is None or not command.tokens:
            return (), [], []
        try:
            from dockwise.layout import startcmd
        except ImportError:
            return (), [], []
        try:
            info = startcmd.analyze_command(command.tokens, self.knowledge, working_dir=working_dir, env=tuple(env))
            ports = tuple(p for p in (getattr(info, "ports", ()) or ()) if isinstance(p, int))
            paths = startcmd.container_paths(info, main_only=True)
            configs = [posixpath.join(working_dir or "/", _config_path(c)) for server in (getattr(info, "servers", ()) or ())
                       for c in (getattr(server, "config_files", ()) or ()) if isinstance(c, str) and c]
        except Exception as exc:
            self.errors.append(FileError(command.span.path if command.span else "", f"internal error while reading a start command: {exc!r}"))
            return (), [], []
        return ports, self._map_paths(paths, code), self._map_paths(configs, code)

    def _healthcheck_files(
        self, hc: Command | None, working_dir: str | None, code: Sequence[CodeRoot], env: Iterable[EnvVar]
    ) -> list[str]:
        if hc is None or not hc.tokens:
            return []
        try:
            from dockwise.layout import startcmd
        except ImportError:
            return []
        try:
            info = startcmd.healthcheck_info(hc.tokens, self.knowledge, working_dir=working_dir, env=tuple(env))
            paths = startcmd.container_paths(info, main_only=True)  # the probe scripts, not an app a runner loads
        except Exception as exc:
            self.errors.append(FileError(hc.span.path if hc.span else "", f"internal error while reading a healthcheck: {exc!r}"))
            return []
        return self._map_paths(paths, code)

    def _map_paths(self, paths: Iterable[str], code: Sequence[CodeRoot]) -> list[str]:
        out: list[str] = []
        for cpath in paths or ():
            if not isinstance(cpath, str):
                continue
            rel = self._to_project(cpath, code)
            if rel is not None and rel not in out:
                out.append(rel)
        return out

    def _to_project(self, cpath: str, code: Sequence[CodeRoot]) -> str | None:
        """The project file at container path ``cpath`` (through the code roots), if any."""
        if not cpath.startswith("/"):
            return None
        cpath = posixpath.normpath(cpath)
        candidates: list[tuple[int, int, str]] = []
        for order, root in enumerate(code):
            if not root.target or not root.target.startswith("/"):
                continue
            t = posixpath.normpath(root.target)
            if cpath == t:
                rel = root.source
            elif t == "/":
                rel = posixpath.join(root.source, cpath[1:]) if root.source else cpath[1:]
            elif cpath.startswith(t + "/"):
                rest = cpath[len(t) + 1:]
                rel = posixpath.join(root.source, rest) if root.source else rest
            else:
                continue
            rel = _norm(rel)
            if any(rel == e or rel.startswith(e + "/") for e in root.excludes):
                continue
            candidates.append((len(t), order, rel))
        for _, _, rel in sorted(candidates, reverse=True):  # the deepest mount; later (bind) first
            if rel and not outside_root(rel) and self.is_file(rel):
                return rel
        return None

    # -- implicit containers -----------------------------------------------------------
    def implicit_containers(self, dockerfiles: list[str], projects: list[Project]) -> list[Service]:
        used = set()
        context_dirs = set()
        for p in projects:
            for s in p.services:
                if s.dockerfile:
                    used.add(s.dockerfile)
                    context_dirs.add(posixpath.dirname(s.dockerfile))
                if s.build_context is not None:
                    context_dirs.add(s.build_context)
        mapped = [_norm(k) for k in self.service_map]
        out: list[Service] = []
        for path in dockerfiles:
            d = posixpath.dirname(path)
            if path in used or d in context_dirs:
                continue
            if any(m == "" or d == m or d.startswith(m + "/") for m in mapped):
                continue
            if any(b == "" or d == b or d.startswith(b + "/") for b in self.broken_dirs):
                continue  # its Compose file is unreadable: who builds it, and how, is unknown
            try:
                out.append(self.implicit(path, d))
            except Exception as exc:
                self.errors.append(FileError(path, f"internal error while reading the Dockerfile: {exc!r}"))
        return out

    def implicit(self, path: str, d: str) -> Service:
        df = self._dockerfile(path, None)
        code: list[CodeRoot] = []
        if df is not None:
            code = self._code_roots(df, d, None)
        if not code:
            code = [CodeRoot(d, None)]
        wd = getattr(df, "workdir", None) if df is not None else None
        command = _effective_command(None, None, df, wd)
        hc = None
        if df is not None and not getattr(df, "healthcheck_disabled", False):
            hc = getattr(df, "healthcheck", None)
        env: dict[str, EnvVar] = {}
        for var in (getattr(df, "env", ()) or ()) if df is not None else ():
            env.pop(var.name, None)
            env[var.name] = var
        start_ports, entry_files, server_configs = self._start(command, wd, code, env.values())
        hc_files = self._healthcheck_files(hc, wd, code, env.values())
        listen: list[int] = []
        for p in list(getattr(df, "expose", ()) or ()) + list(start_ports) + list(self._image_ports(_base_image(df, None))):
            if isinstance(p, int) and p not in listen:
                listen.append(p)
        return Service(
            name="",
            project=d,
            implicit=True,
            base_image=_base_image(df, None),
            env_unknown=True,  # `docker run -e ...` sets what it sets: no fallback can be judged
            networks=(),
            network_mode="bridge",
            listen_ports=tuple(listen),
            environment=tuple(env.values()),
            code=tuple(_dedupe(code)),
            command=command,
            healthcheck=hc,
            entry_files=tuple(entry_files),
            healthcheck_files=tuple(hc_files),
            server_configs=tuple(server_configs),
            build_context=d,
            dockerfile=path,
        )

    # -- service_map -------------------------------------------------------------------
    def apply_service_map(self, projects: list[Project], containers: list[Service]) -> tuple[list[Project], list[Service]]:
        if not self.service_map:
            return projects, containers
        extra: dict[str, list[CodeRoot]] = {}
        for prefix, svc in self.service_map.items():
            extra.setdefault(str(svc), []).append(CodeRoot(_norm(str(prefix)), None))
        found: set[str] = set()
        new_projects = []
        for p in projects:
            services = []
            for s in p.services:
                if s.name in extra:
                    found.add(s.name)
                    s = dataclasses.replace(s, code=tuple(_dedupe(list(s.code) + extra[s.name])))
                services.append(s)
            new_projects.append(dataclasses.replace(p, services=tuple(services)))
        for name in extra:
            if name not in found:
                prefixes = ", ".join(r.source or "." for r in extra[name])
                self.errors.append(FileError(prefixes, f"service map: no Compose service named {name!r}"))
        return new_projects, containers


def _config_path(value: str) -> str:
    """A server's config file as a path: gunicorn's ``python:config.gunicorn`` names a module."""
    if value.startswith("python:"):
        return value[len("python:"):].replace(".", "/") + ".py"
    return value


def _complete(services: Mapping[str, Any]) -> bool:
    """Every service defines ``image`` or ``build`` (``extends`` already merged in)."""
    if not services:
        return False
    for node in services.values():
        if not isinstance(node, YMap):
            return False
        if node.items.get("image") is None and node.items.get("build") is None:
            return False
    return True


def _dedupe(items: list) -> list:
    out = []
    for x in items:
        if x not in out:
            out.append(x)
    return out


def _base_image(df: Any, target: str | None) -> str | None:
    if df is None:
        return None
    try:
        stage = df.stage(target) if hasattr(df, "stage") else None
    except Exception:
        stage = None
    # follow FROM <stage> chains to the image the final stage starts from
    seen = 0
    while stage is not None and getattr(stage, "parent", None) is not None and seen < 64:
        stage = df.stages[stage.parent]
        seen += 1
    base = getattr(stage, "base", None) if stage is not None else None
    if not base or base.lower() == "scratch" or "$" in base or HOLE in base:
        return None
    return base


def _effective_command(
    compose_entrypoint: Command | None, compose_command: Command | None, df: Any, working_dir: str | None
) -> Command | None:
    """Compose ``entrypoint``/``command`` over the Dockerfile's ENTRYPOINT/CMD."""
    df_entry = getattr(df, "entrypoint", None) if df is not None else None
    df_cmd = getattr(df, "cmd", None) if df is not None else None
    if compose_entrypoint is not None:
        entry = compose_entrypoint
        cmd = compose_command  # a Compose entrypoint resets the image's CMD
    else:
        entry = df_entry
        cmd = compose_command if compose_command is not None else df_cmd
        if entry is not None and entry.shell and entry.origin != "compose":
            cmd = None  # a shell-form ENTRYPOINT ignores CMD and command arguments
    if entry is None and cmd is None:
        return None
    tokens = (entry.tokens if entry is not None else ()) + (cmd.tokens if cmd is not None else ())
    if entry is not None and cmd is None:
        return dataclasses.replace(entry, working_dir=working_dir) if entry.working_dir != working_dir else entry
    if entry is None and cmd is not None:
        return dataclasses.replace(cmd, working_dir=working_dir) if cmd.working_dir != working_dir else cmd
    origin = "compose" if "compose" in (entry.origin, cmd.origin) else "dockerfile"  # type: ignore[union-attr]
    span = (cmd.span if cmd is not None and cmd.origin == "compose" else None) or entry.span  # type: ignore[union-attr]
    return Command(tokens, bool(entry.shell or cmd.shell), origin, working_dir, span)  # type: ignore[union-attr]


# --------------------------------------------------------------------------- public API


def load_layout(
    root: Path,
    knowledge: Any,
    *,
    compose_files: Sequence[Path] | None = None,
    service_map: Mapping[str, str] | None = None,
    dockerfiles_without_compose: bool = True,
    read_file: Callable[[Path], bytes] | None = None,
    listing: Mapping[str, Sequence[str]] | None = None,
    schema_memo: MutableMapping[str, Any] | None = None,
) -> Layout:
    """The declared layout of the project tree at ``root``.  Never raises.  ``listing``:
    the tree's directories (root-relative) -> their file names, when the caller walked it."""
    try:
        return _Builder(Path(root), knowledge, compose_files, service_map, dockerfiles_without_compose, read_file,
                        listing, schema_memo).run()
    except Exception as exc:  # an internal bug: report, never crash the run
        return Layout(
            root=str(Path(root).absolute()),
            errors=(FileError(".", f"internal error while loading the Compose/Dockerfile layout: {exc!r}"),),
        )


def _root_match(root: CodeRoot, path: str) -> int:
    """-1 when ``root`` does not hold ``path``; else the depth of the match (longer: more specific)."""
    src = root.source
    if src == "":
        held = True
        depth = 0
    elif path == src:
        held, depth = True, len(src) + 1
    elif path.startswith(src + "/"):
        held, depth = True, len(src) + 1
    else:
        return -1
    if held and any(path == e or path.startswith(e + "/") for e in root.excludes if e):
        return -1
    return depth


def _best(services: Iterable[Service], path: str) -> list[Service]:
    best = -1
    out: list[Service] = []
    for svc in services:
        depth = max((_root_match(r, path) for r in svc.code), default=-1)
        if depth < 0:
            continue
        if depth > best:
            best, out = depth, [svc]
        elif depth == best:
            out.append(svc)
    return out


def owners(layout: Layout, path: str) -> tuple[Service, ...]:
    """The services whose containers hold the project file ``path`` (root-relative posix).

    The most specific code roots win (longest matching source prefix): a file under
    ``worker/`` built as the worker service is the worker's even when another service
    bind-mounts the whole tree; services sharing that root (web and worker built from one
    context) all own it.  Services of the default projects and implicit containers are
    considered first; variant projects only for files no default project holds.
    ``()``: host code.
    """
    path = _norm(path)
    primary = [s for p in layout.projects if not p.variant for s in p.services] + list(layout.containers)
    found = _best(primary, path)
    if not found:
        seen: set[tuple[str, str]] = set()
        variants = []
        for p in layout.projects:
            if p.variant:
                for s in p.services:
                    if (s.project, s.name) not in seen:
                        seen.add((s.project, s.name))
                        variants.append(s)
        found = _best(variants, path)
    found.sort(key=lambda s: (s.name, s.project))
    return tuple(found)


class OwnerIndex:
    """``owners(layout, path)`` for the many files of one run, memoised per directory: a
    file's owners depend only on its directory, except where a code root or an exclude
    names the file itself (``_root_match`` compares whole path components).  A directory
    that no code root or exclude names has its parent's owners."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        services = [s for p in layout.projects for s in p.services] + list(layout.containers)
        self._named = {x for s in services for r in s.code for x in (r.source, *r.excludes)}
        self._memo: dict[str, tuple[Service, ...]] = {}

    def __call__(self, path: str) -> tuple[Service, ...]:
        if "\\" in path or "/." in path or "//" in path or path.startswith(".") or path.endswith("/"):
            path = _norm(path)  # (discovery's paths are normal already)
        if path in self._named:
            return owners(self.layout, path)
        return self._in(path.rpartition("/")[0])

    def _in(self, directory: str) -> tuple[Service, ...]:
        """The owners of a file in ``directory`` that no code root names itself."""
        found = self._memo.get(directory)
        if found is None:
            if directory and directory not in self._named:
                found = self._in(directory.rpartition("/")[0])
            else:
                found = owners(self.layout, f"{directory}/\x00" if directory else "\x00")
            self._memo[directory] = found
        return found


def runs_file(service: Service, path: str) -> bool:
    """Whether ``service``'s start command runs the project file ``path``."""
    return _norm(path) in service.entry_files
