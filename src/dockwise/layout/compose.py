"""Load Compose files into located YAML trees, interpolated and merged as ``docker compose`` does.

Pure: every file is read through a ``read`` callback (``build.py`` owns the I/O and the
confinement to the project root); nothing here touches the filesystem, and nothing raises:
every problem becomes a :class:`~dockwise.model.FileError`.

Each file is parsed into a located tree (:mod:`dockwise.layout.yaml_load`), its values (not
its keys) are interpolated (:mod:`dockwise.layout.interpolate`) with the project's ``.env``
(:mod:`dockwise.layout.dotenv`), its ``include`` and ``extends`` are resolved as compose-go
does, per file; then the files are merged (:mod:`dockwise.layout.merge`).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence, cast

from dockwise.layout.dotenv import parse_env_file
from dockwise.layout.interpolate import interpolate
from dockwise.layout.merge import merge_nodes, strip_resets
from dockwise.layout.yaml_load import parse_yaml
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import HOLE, FileError, Span, Text
from dockwise.templating import is_template_text

__all__ = ["ReadFailure", "Reader", "ComposeModel", "load_dotenv", "load_compose", "outside_root"]

MAX_INCLUDE_DEPTH = 16
# The top-level keys that hold what a Compose file defines: a mapping with none of them (a CI
# workflow saved as `compose.yaml`: `name`, `on`, `jobs`) is another format's document.
_SECTIONS = ("services", "include", "networks", "volumes", "configs", "secrets", "models")


def _legacy_service(root: YMap) -> str | None:
    """The first top-level key of ``root`` that is a service of the legacy format 1 (a
    mapping with an ``image`` or a ``build``), or None."""
    for name, node in root.items.items():
        if isinstance(node, YMap) and ("image" in node.items or "build" in node.items):
            return name
    return None


class ReadFailure(Exception):
    """Raised by a ``Reader``: the file is missing (``missing=True``), a directory
    (``directory=True``), refused or unreadable."""

    def __init__(self, message: str, missing: bool = False, directory: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing
        self.directory = directory


# a variable a Compose file interpolates: `${NAME...}` or `$NAME` (not `$$NAME`, a literal `$`)
_VARIABLE_REF = re.compile(r"(?<!\$)\$\{?([A-Za-z_][A-Za-z0-9_]*)")

# root-relative posix path -> decoded text; raises ReadFailure
Reader = Callable[[str], str]


@dataclass
class ComposeModel:
    """A Compose project's merged configuration (YAML trees, interpolated and merged)."""

    project_dir: str
    files: list[str] = field(default_factory=list)  # the Compose files of the project (in order)
    read: list[str] = field(default_factory=list)  # every file read (includes, extends, .env)
    services: dict[str, YMap] = field(default_factory=dict)
    service_keys: dict[str, Span | None] = field(default_factory=dict)
    networks: dict[str, YNode | None] = field(default_factory=dict)
    volumes: dict[str, YNode | None] = field(default_factory=dict)
    name: str | None = None
    is_compose: bool = False  # some file has a ``services`` mapping
    errors: list[FileError] = field(default_factory=list)
    unset: list[tuple[str, Span | None]] = field(default_factory=list)  # ${VAR} without a value ("")
    required: list[tuple[str, Span | None]] = field(default_factory=list)  # ${VAR:?} without a value (HOLE)
    included: list[str] = field(default_factory=list)  # files loaded through include / extends
    # (service, the ``environment:`` of the service it ``extends``, its own ``environment:``):
    # the entries of the first that the second does not set again are inherited (layout/build.py)
    extended_env: list[tuple[str, YNode, YNode | None]] = field(default_factory=list)


def _join(directory: str, rel: str) -> str:
    """A root-relative normalised posix path ('..' kept when it leaves the root)."""
    rel = rel.replace("\\", "/")
    if rel.startswith("/"):
        return posixpath.normpath(rel)
    joined = posixpath.normpath(posixpath.join(directory, rel)) if directory else posixpath.normpath(rel)
    return "" if joined == "." else joined


def outside_root(path: str) -> bool:
    return path == ".." or path.startswith("../") or path.startswith("/")


def load_dotenv(read: Reader, directory: str, name: str = ".env", *,
                explicit: bool = False) -> tuple[dict[str, Text], list[FileError], str | None]:
    """The variables of ``directory/.env`` (for interpolation), its errors, and its path if read.
    A default ``.env`` that is a directory (a folder of env files: ``.env/.dev``) is skipped,
    as Compose skips it; only an env file named ``explicit``ly must be a file."""
    path = _join(directory, name)
    try:
        source = read(path)
    except ReadFailure as exc:
        if exc.missing or exc.directory and not explicit:
            return {}, [], None
        return {}, [FileError(path, exc.message)], None
    parsed = parse_env_file(source, path, origin="dotenv")
    if is_template_text(source):
        # a cookiecutter / Jinja template's `.env` (`{{ cookiecutter.slug | upper }}_DB_HOST=`
        # between `{%- if %}` lines) is the text a generator renders: its markup is no syntax
        # error; the lines that read as variables still fill the template's Compose file in
        return parsed.mapping(), [], path
    return parsed.mapping(), list(parsed.errors), path


class _Loader:
    def __init__(self, read: Reader, model: ComposeModel, exists: Callable[[str], bool] | None = None) -> None:
        self.read = read
        self.model = model
        self.exists = exists  # whether a root-relative path exists (None: not asked)
        self.cache: dict[tuple[str, str, int], YMap | None] = {}

    def error(self, path: str, message: str, span: Span | None = None, kind: str = "problem") -> None:
        if span is not None:
            self.model.errors.append(FileError(span.path, message, span.line, span.column, kind))
        else:
            self.model.errors.append(FileError(path, message, kind=kind))

    # one file: parse, interpolate, include, extends
    def load_file(
        self, path: str, base: str, env: Mapping[str, Text], stack: tuple[str, ...], where: Span | None = None
    ) -> YMap | None:
        key = (path, base, id(env))
        if key in self.cache:
            return self.cache[key]
        if outside_root(path):
            self.error(where.path if where else path, f"{path}: outside the project root: refused", where)
            return None
        if path in stack or len(stack) > MAX_INCLUDE_DEPTH:
            self.error(where.path if where else path, f"{path}: include/extends loop: refused", where)
            return None
        try:
            source = self.read(path)
        except ReadFailure as exc:
            self.error(where.path if where else path, f"{path}: {exc.message}", where)
            self.cache[key] = None
            return None
        if path not in self.model.read:
            self.model.read.append(path)
        docs, errors = parse_yaml(source, path, base)
        self.model.errors.extend(errors)
        root: YMap | None = None
        for doc in docs:
            if isinstance(doc, YScalar) and doc.value is None:
                continue  # an empty document
            if not isinstance(doc, YMap):
                self.error(path, "not a Compose file: the document is not a mapping", doc.span)
                continue
            root = doc if root is None else cast(YMap, merge_nodes(root, doc, ()))  # two mappings merge into one
        if root is None:
            self.cache[key] = None
            return None
        if not any(k in root.items for k in _SECTIONS):
            legacy = _legacy_service(root)
            if legacy is not None:
                # Compose file format 1 (2014-2016: services at the top level, no `services:`
                # key): `docker compose` (v2) refuses it, "(root) Additional property web is
                # not allowed"; said, so the author does not read the silence as a clean layout
                self.error(path, f"the legacy Compose file format 1 (services at the top level: `{legacy}`): "
                           "`docker compose` refuses it; put the services under a `services:` key",
                           root.keys.get(legacy) or root.span)
            # not a Compose file: its `${{ matrix.python-version }}` is no Compose interpolation (no
            # error line), and it defines nothing (not a project)
            self.cache[key] = root
            return root
        self._interpolate(root, env)
        stack = stack + (path,)
        root = self._includes(root, path, stack)
        services = root.items.get("services")
        if isinstance(services, YMap):
            resolved = self._extends(services, path, base, env, stack)
            items = dict(root.items)
            items["services"] = resolved
            root = YMap(items, root.keys, root.span, root.tag, root.base)
        self.cache[key] = root
        return root

    def _interpolate(self, root: YNode, env: Mapping[str, Text]) -> None:
        done = self._interpolate_paths(root, env) if "PWD" not in env else set()
        todo: list[YNode] = [root]
        while todo:
            node = todo.pop()
            if isinstance(node, YMap):
                todo.extend(node.items.values())
            elif isinstance(node, YSeq):
                todo.extend(node.items)
            elif isinstance(node, YScalar) and isinstance(node.value, str) and "$" in node.value and id(node) not in done:
                self._fill(node, env, self.model.errors, self.model.unset, self.model.required)

    def _fill(self, node: YScalar, env: Mapping[str, Text], errors: list[FileError],
              unset: list[tuple[str, Span | None]], required: list[tuple[str, Span | None]]) -> Text:
        text = interpolate(
            node.text if node.text.value == node.value else Text(node.value), env,
            path=node.span.path if node.span else "", where=node.span,
            errors=errors, unset=unset, required=required,
        )
        node.text = text
        node.value = text.value
        return text

    def _interpolate_paths(self, root: YNode, env: Mapping[str, Text]) -> set[int]:
        """Interpolate the host-path scalars with PWD, the directory of the shell that runs
        ``docker compose`` (Compose takes PWD from there), written relative to the directory
        each value resolves against; the ids of the scalars filled.

        That shell runs in the project's directory, or at the tree's root for a file run with
        ``-f sub/compose.yaml`` from there (by a Makefile or a script): the root is taken only
        where the build paths written with PWD exist from there and not from the project's
        directory (``context: $PWD`` with ``dockerfile: $PWD/deploy/web/Dockerfile``)."""
        paths = _path_scalars(root)
        shell = self.model.project_dir or "."
        builds = [p for p in paths if p.build and "PWD" in str(p.node.value)]
        if builds and shell != "." and self.exists is not None:
            if not self._builds_exist(builds, env, shell) and self._builds_exist(builds, env, "."):
                shell = "."
        for p in paths:  # a build context before its Dockerfile
            if isinstance(p.node.value, str) and "$" in p.node.value:
                self._fill(p.node, {**env, "PWD": Text(_relative(shell, p.against()))},
                           self.model.errors, self.model.unset, self.model.required)
        return {id(p.node) for p in paths}

    def _builds_exist(self, builds: list[_HostPath], env: Mapping[str, Text], shell: str) -> bool:
        """Whether every build context and Dockerfile written with PWD exists with the shell in
        ``shell`` (worked out on the side: nothing is filled in or recorded)."""
        assert self.exists is not None
        contexts: dict[int, str] = {}  # a context scalar's id -> its value with this shell
        for p in builds:
            context = None
            if p.context is not None:
                context = contexts.get(id(p.context))
                if context is None and isinstance(p.context.value, str):  # a context without PWD
                    context = interpolate(Text(p.context.value), env, errors=[], unset=[], required=[]).value
            against = p.against(context)
            here = {**env, "PWD": Text(_relative(shell, against))}
            value = interpolate(Text(str(p.node.value)), here, errors=[], unset=[], required=[]).value
            contexts[id(p.node)] = value
            target = _join(against, value)
            if outside_root(target) or not self.exists(target):
                return False
        return True

    def _includes(self, root: YMap, path: str, stack: tuple[str, ...]) -> YMap:
        inc = root.items.get("include")
        if inc is None:
            return root
        if not isinstance(inc, YSeq):
            self.error(path, "include must be a list", inc.span)
            return root
        imported: dict[str, dict[str, YNode]] = {"services": {}, "networks": {}, "volumes": {}}
        imported_keys: dict[str, dict[str, Span | None]] = {"services": {}, "networks": {}, "volumes": {}}
        for entry in inc.items:
            sub = self._include(entry, path, stack)
            if sub is None:
                continue
            for section in ("services", "networks", "volumes"):
                part = sub.items.get(section)
                if isinstance(part, YMap):
                    for name, node in part.items.items():
                        earlier = imported[section].get(name)
                        if earlier is not None:
                            # as compose-go (loader/include.go importResource): a resource two
                            # included files define is merged, the one imported first overriding
                            imported[section][name] = merge_nodes(node, earlier, (section, name)) or earlier
                            continue
                        imported[section][name] = node
                        imported_keys[section][name] = part.keys.get(name)
        items = dict(root.items)
        keys = dict(root.keys)
        for section, found in imported.items():
            if not found:
                continue
            own = items.get(section)
            merged = dict(found)
            mkeys = dict(imported_keys[section])
            if isinstance(own, YMap):
                for name, node in own.items.items():
                    if name in merged:
                        # the including file overrides what it imports, key by key (compose-go
                        # merges both; an identical `networks: default:` is no conflict)
                        node = merge_nodes(merged[name], node, (section, name)) or node
                    merged[name] = node
                    mkeys[name] = own.keys.get(name)
            items[section] = YMap(merged, mkeys, own.span if own else None, None, root.base)
            keys.setdefault(section, None)
        items.pop("include", None)
        return YMap(items, keys, root.span, root.tag, root.base)

    def _include(self, entry: YNode, path: str, stack: tuple[str, ...]) -> YMap | None:
        """The merged files of one ``include`` entry of ``path`` (None: nothing loaded)."""
        paths: list[YScalar] = []
        project_dir: str | None = None
        env_files: list[YScalar] = []
        if isinstance(entry, YScalar) and isinstance(entry.value, str):
            paths = [entry]
        elif isinstance(entry, YMap):
            p = entry.items.get("path")
            if isinstance(p, YScalar) and isinstance(p.value, str):
                paths = [p]
            elif isinstance(p, YSeq):
                paths = [x for x in p.items if isinstance(x, YScalar) and isinstance(x.value, str)]
            pd = entry.items.get("project_directory")
            if isinstance(pd, YScalar) and isinstance(pd.value, str):
                project_dir = _join(pd.base, pd.value)
            ef = entry.items.get("env_file")
            if isinstance(ef, YScalar) and isinstance(ef.value, str):
                env_files = [ef]
            elif isinstance(ef, YSeq):
                env_files = [x for x in ef.items if isinstance(x, YScalar) and isinstance(x.value, str)]
        if not paths:
            self.error(path, "include entry without a path: ignored", entry.span)
            return None
        # a path interpolated from a variable of unknown value (`search.${KIND:-single}.yml`,
        # KIND perhaps set by an env_file that is not in the tree) may name any file: which one
        # Compose includes is unknown, so none is loaded, and that is no invalid path
        paths = [p for p in paths if HOLE not in p.value]
        if not paths:
            return None
        files = [_join(p.base, p.value) for p in paths]
        sub_dir = project_dir if project_dir is not None else posixpath.dirname(files[0])
        if outside_root(sub_dir):
            self.error(path, f"include project directory {sub_dir}: outside the project root: refused", entry.span)
            return None
        env, complete = self._include_env(env_files, sub_dir, path)
        if not complete:
            env = self._unknown_rest(env, files)
        sub: YMap | None = None
        for f, p in zip(files, paths, strict=False):
            node = self.load_file(f, sub_dir, env, stack, p.span)
            if node is None:
                continue
            if f not in self.model.included:
                self.model.included.append(f)
            sub = node if sub is None else cast(YMap, merge_nodes(sub, node, ()))  # two mappings merge into one
        return sub

    def _include_env(self, env_files: list[YScalar], sub_dir: str, path: str) -> tuple[dict[str, Text], bool]:
        """The interpolation variables of an included project: its ``env_file`` list, else its
        ``.env``; and whether every ``env_file`` it names was read (False: one is not in the tree)."""
        if not env_files:
            return self._dotenv(sub_dir)[0], True
        env: dict[str, Text] = {}
        complete = True
        for ef_node in env_files:
            ef_path = _join(ef_node.base, ef_node.value)
            if outside_root(ef_path):
                # never opened (confinement), but valid Compose (`$HOME/.config/app/app.env`, a
                # file on the deploy host): a warning, and its variables are unknown, as for a
                # service's env_file outside the root (layout/build.py) or one not in the tree
                self.error(path, f"{ef_path}: outside the project root: not read (its variables are unknown)",
                           ef_node.span, "warning")
                complete = False
                continue
            found, read = self._dotenv(posixpath.dirname(ef_path), posixpath.basename(ef_path), explicit=True)
            env.update(found)
            complete = complete and read
        return env, complete

    def _unknown_rest(self, env: dict[str, Text], files: list[str]) -> dict[str, Text]:
        """``env`` with every variable the included ``files`` write that it lacks set to HOLE.

        An included project whose ``env_file`` is not in the tree (each developer writes it, or a
        setup script does) takes its variables from a file dockwise cannot read: a variable
        missing here may be set there, so its value is unknown, not Compose's "" (a build context
        ``${APP_DIR}/api`` is not ``/api``, outside the root)."""
        names: set[str] = set()
        for f in files:
            try:
                names.update(_VARIABLE_REF.findall(self.read(f)))
            except ReadFailure:
                continue
        return {**{n: Text(HOLE) for n in names if n not in env}, **env}

    def _dotenv(self, directory: str, name: str = ".env", *, explicit: bool = False) -> tuple[dict[str, Text], bool]:
        """The variables of ``directory/name``, and whether the file was read."""
        vars_, errs, read_path = load_dotenv(self.read, directory, name, explicit=explicit)
        self.model.errors.extend(errs)
        if read_path:
            self.model.read.append(read_path)
        return vars_, read_path is not None

    def _extends(self, services: YMap, path: str, base: str, env: Mapping[str, Text], stack: tuple[str, ...]) -> YMap:
        resolved: dict[str, YNode] = {}

        def resolve(name: str, chain: tuple[str, ...]) -> YNode:
            if name in resolved:
                return resolved[name]
            svc = services.items[name]
            if not isinstance(svc, YMap) or "extends" not in svc.items:
                resolved[name] = svc
                return svc
            ext = svc.items["extends"]
            own = YMap({k: v for k, v in svc.items.items() if k != "extends"},
                       {k: s for k, s in svc.keys.items() if k != "extends"}, svc.span, svc.tag, svc.base)
            target_name, target_file = _extends_target(ext)
            if not target_name:
                self.error(path, f"service {name!r}: extends needs a service name", ext.span)
                resolved[name] = own
                return own
            parent: YNode | None = None
            if target_file is not None and _join(target_file.base, target_file.value) == path:
                target_file = None  # extends a service of this very file
            if target_file is not None and HOLE in target_file.value:
                pass  # a file of unknown name (see _include): the service is its own keys alone
            elif target_file is not None:
                fpath = _join(target_file.base, target_file.value)
                other = self.load_file(fpath, posixpath.dirname(fpath), env, stack, target_file.span)
                if other is not None:
                    if fpath not in self.model.included:
                        self.model.included.append(fpath)
                    osvcs = other.items.get("services")
                    parent = osvcs.items.get(target_name) if isinstance(osvcs, YMap) else None
                    if parent is None:
                        self.error(path, f"service {name!r} extends {target_name!r}: no such service in {fpath}", ext.span)
            else:
                if target_name in chain or target_name == name:
                    self.error(path, f"service {name!r}: extends loop through {target_name!r}", ext.span)
                elif target_name not in services.items:
                    self.error(path, f"service {name!r} extends {target_name!r}: no such service", ext.span)
                else:
                    parent = resolve(target_name, chain + (name,))
            if parent is None:
                resolved[name] = own
                return own
            if isinstance(parent, YMap) and "extends" in parent.items:
                parent = YMap({k: v for k, v in parent.items.items() if k != "extends"}, parent.keys, parent.span,
                              parent.tag, parent.base)
            self._note_inherited(name, parent, own)
            merged = merge_nodes(parent, own, ("services", name))
            result = merged if merged is not None else own
            if isinstance(result, YMap):
                result = YMap(result.items, result.keys, svc.span, svc.tag, svc.base)
            resolved[name] = result
            return result

        for name in list(services.items):
            resolve(name, ())
        return YMap({k: resolved[k] for k in services.items}, services.keys, services.span, services.tag, services.base)

    def _note_inherited(self, name: str, parent: YNode, own: YMap) -> None:
        """Keep the ``environment:`` of the service ``name`` extends (``parent``) beside its own
        (in ``own``): layout/build.py marks the entries it takes without setting them again."""
        penv = parent.items.get("environment") if isinstance(parent, YMap) else None
        if penv is not None:
            self.model.extended_env.append((name, penv, own.items.get("environment")))


@dataclass(frozen=True)
class _HostPath:
    """A scalar of a Compose file that holds a host path."""

    node: YScalar
    build: bool = False  # a build context or Dockerfile
    dockerfile: bool = False  # a Dockerfile: it resolves against its build context
    context: YScalar | None = None  # that build context (None: the build's own directory)

    def against(self, context: str | None = None) -> str:
        """The directory the value resolves against: a Dockerfile's build context (its value
        ``context``, else as filled in), else the directory of the file's project."""
        if self.dockerfile and self.context is not None:
            value = context if context is not None else self.context.value
            if isinstance(value, str):
                return _join(self.context.base, value)
        return self.node.base


def _relative(shell: str, against: str) -> str:
    """PWD (the shell's directory) written relative to the directory ``against``."""
    return posixpath.relpath(shell or ".", against or ".")


def _path_scalars(root: YNode) -> list[_HostPath]:
    """The scalars of a Compose file that hold host paths: a service's build context and
    Dockerfile (the context first), its ``env_file`` entries, its volumes' sources (a
    short-syntax volume as a whole: its source comes first) and the file it ``extends``; the
    files it ``include``s."""
    out: list[_HostPath] = []

    def add(node: YNode | None, build: bool = False, dockerfile: bool = False, context: YScalar | None = None) -> None:
        if isinstance(node, YScalar):
            out.append(_HostPath(node, build, dockerfile, context))

    include = root.items.get("include") if isinstance(root, YMap) else None
    for entry in include.items if isinstance(include, YSeq) else ():
        if not isinstance(entry, YMap):
            add(entry)
            continue
        for key in ("path", "env_file", "project_directory"):
            value = entry.items.get(key)
            for item in value.items if isinstance(value, YSeq) else [value]:
                add(item)
    services = root.items.get("services") if isinstance(root, YMap) else None
    for svc in services.items.values() if isinstance(services, YMap) else ():
        if not isinstance(svc, YMap):
            continue
        build = svc.items.get("build")
        if isinstance(build, YMap):
            context = build.items.get("context")
            add(context, build=True)
            add(build.items.get("dockerfile"), build=True, dockerfile=True,
                context=context if isinstance(context, YScalar) else None)
        else:
            add(build, build=True)
        env_file = svc.items.get("env_file")
        for item in env_file.items if isinstance(env_file, YSeq) else [env_file]:
            add(item.items.get("path") if isinstance(item, YMap) else item)
        volumes = svc.items.get("volumes")
        for item in volumes.items if isinstance(volumes, YSeq) else ():
            add(item.items.get("source") if isinstance(item, YMap) else item)
        extends = svc.items.get("extends")
        add(extends.items.get("file") if isinstance(extends, YMap) else None)
    return out


def _extends_target(ext: YNode) -> tuple[str | None, YScalar | None]:
    """The service an ``extends`` value names, and its ``file`` (None: this file)."""
    if isinstance(ext, YScalar) and isinstance(ext.value, str):
        return ext.value, None
    target_name: str | None = None
    target_file: YScalar | None = None
    if isinstance(ext, YMap):
        s = ext.items.get("service")
        if isinstance(s, YScalar) and isinstance(s.value, str):
            target_name = s.value
        f = ext.items.get("file")
        if isinstance(f, YScalar) and isinstance(f.value, str):
            target_file = f
    return target_name, target_file


def load_compose(
    files: Sequence[str],
    *,
    read: Reader,
    project_dir: str | None = None,
    env: Mapping[str, Text] | None = None,
    exists: Callable[[str], bool] | None = None,
) -> ComposeModel:
    """Load and merge ``files`` (root-relative posix paths) like ``docker compose -f a -f b``.

    Relative paths in every file resolve against ``project_dir`` (default: the first file's
    directory), as Compose does; ``env`` holds the interpolation variables (the project's
    ``.env``); ``exists`` tells whether a root-relative path exists (where ``$PWD`` in a build
    path leaves the shell's directory open).  Never raises.
    """
    project_dir = posixpath.dirname(files[0]) if project_dir is None and files else (project_dir or "")
    model = ComposeModel(project_dir=project_dir, files=list(files))
    try:
        _load_into(model, files, read, project_dir, env or {}, exists)
    except Exception as exc:  # boundary: a bug in loading one project's Compose files is reported, the layout goes on
        model.errors.append(FileError(files[0] if files else project_dir, f"internal error while loading Compose files: {exc!r}", kind="internal"))
    return model


def _load_into(model: ComposeModel, files: Sequence[str], read: Reader, project_dir: str, env: Mapping[str, Text],
               exists: Callable[[str], bool] | None = None) -> None:
    loader = _Loader(read, model, exists)
    merged: YNode | None = None
    for path in files:
        node = loader.load_file(path, project_dir, env, ())
        if node is None:
            continue
        services = node.items.get("services")
        if services is not None:
            if isinstance(services, YMap):
                model.is_compose = True
            elif not (isinstance(services, YScalar) and services.value is None):
                loader.error(path, "services must be a mapping of service names to definitions", services.span)
                model.is_compose = True
                node = YMap({k: v for k, v in node.items.items() if k != "services"}, node.keys, node.span, None, node.base)
        merged = node if merged is None else merge_nodes(merged, node, ())
    if merged is None:
        return
    merged = strip_resets(merged)
    if not isinstance(merged, YMap):
        return
    name = merged.items.get("name")
    if isinstance(name, YScalar) and isinstance(name.value, str) and name.value:
        model.name = name.value
    services = merged.items.get("services")
    if isinstance(services, YMap):
        for svc_name, svc in services.items.items():
            if isinstance(svc, YScalar) and svc.value is None:
                svc = YMap({}, {}, svc.span, None, svc.base)
            if not isinstance(svc, YMap):
                loader.error(model.files[0], f"service {svc_name!r} must be a mapping: ignored", svc.span)
                continue
            model.services[svc_name] = svc
            model.service_keys[svc_name] = services.keys.get(svc_name)
    for section, target in (("networks", model.networks), ("volumes", model.volumes)):
        part = merged.items.get(section)
        if isinstance(part, YMap):
            for k, v in part.items.items():
                target[k] = v
        elif part is not None and not (isinstance(part, YScalar) and part.value is None):
            loader.error(model.files[0], f"{section} must be a mapping", part.span)
