"""Reading the rule packs (the bundled ``rules/*.yaml``, then the user's), merging them and
building the typed :class:`~dockwise.knowledge.records.Knowledge` once.

How packs merge: named entries (schemes, codes, env_hosts, a ``commands`` table) replace
by name; lists (images, calls, names, ``flow``'s tables, ``hosts``' lists) grow; ``hosts``'
mappings update.  Each pack's ``flow`` and ``commands`` are checked as they are read, so a
malformed table's error names its pack.
"""
from __future__ import annotations

import functools
import hashlib
import json
import posixpath
from dataclasses import fields
from pathlib import Path
from typing import Any, Iterable

import yaml

from dockwise.cachedir import atomic_write, default_cache_base
from dockwise.knowledge.checks import argref, names, record, rule_entry
from dockwise.knowledge.commands import Commands
from dockwise.knowledge.records import (
    ArgRef,
    ClientCall,
    FlowTables,
    Frameworks,
    HostTables,
    ImagePorts,
    Knowledge,
    KnowledgeError,
    Names,
    RuleEntry,
    Scheme,
)


def rules_dir() -> Path:
    """The directory holding the bundled rule packs.

    In a wheel the packs are installed as ``dockwise/rules``; in a source checkout (an
    editable install) they are the repository's top-level ``rules/``.
    """
    package = Path(__file__).resolve().parent.parent  # dockwise/ (this module is in dockwise/knowledge/)
    bundled = package / "rules"
    if bundled.is_dir():
        return bundled
    source = package.parent.parent / "rules"
    if source.is_dir():
        return source
    raise KnowledgeError("dockwise's rules directory is missing from this installation")


def _argrefs(value: Any, where: str) -> tuple[ArgRef, ...]:
    """Call arguments: one, or a list (each a keyword name, a position or a mapping of both)."""
    if value is None:
        return ()
    return tuple(ref for v in (value if isinstance(value, list) else [value]) if (ref := argref(v, where)) is not None)


def _bundled_packs() -> list[tuple[dict[str, Any], str]]:
    """(document, name) of every bundled pack.  Parsing the YAML is most of a one-file run's
    knowledge cost, so the parsed documents are kept as JSON in the user cache directory,
    under a hash of the packs' bytes (plain data, checked to survive the round trip; any
    failure: parse the YAML)."""
    base = rules_dir()
    paths = [(p, p.name) for p in sorted(base.glob("*.yaml"))]
    paths += [(p, f"codes/{p.name}") for p in sorted((base / "codes").glob("*.yaml"))]
    raw = []
    for path, where in paths:
        try:
            raw.append((path.read_bytes(), where))
        except OSError as exc:
            raise KnowledgeError(f"{path}: cannot load rule pack: {exc}") from exc
    h = hashlib.blake2b(digest_size=16)
    for data, where in raw:
        h.update(where.encode("utf-8") + b"\0" + data + b"\0")
    try:
        stored = default_cache_base() / "knowledge" / f"{h.hexdigest()}.json"
        docs = json.loads(stored.read_bytes())
        if isinstance(docs, list) and len(docs) == len(raw) and all(isinstance(d, dict) for d in docs):
            return [(doc, where) for doc, (_, where) in zip(docs, raw, strict=True)]
    except (OSError, ValueError, RecursionError):
        pass  # no stored copy, or an unreadable one: a cache miss, the YAML is parsed below
    docs = [_parse_yaml(data, where) for data, where in raw]
    try:
        text = json.dumps(docs, separators=(",", ":"))
        if json.loads(text) == docs:
            stored.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(stored, text.encode("utf-8"))
    except (OSError, TypeError, ValueError, RecursionError):
        pass  # read-only HOME, data JSON cannot hold...: parse the YAML each time
    return list(zip(docs, (where for _, where in raw), strict=True))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot load rule pack: {exc}") from exc
    return _parse_yaml(data, str(path))


def _parse_yaml(raw: bytes, path: str) -> dict[str, Any]:
    try:
        # libyaml's loader when PyYAML has it: the same tables, ~7x faster to load (start-up)
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: cannot load rule pack: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: a rule pack is a mapping")
    return data


class _Builder:
    def __init__(self) -> None:
        self.schemes: dict[str, Scheme] = {}
        self.images: list[ImagePorts] = []
        self.clients: list[ClientCall] = []
        self.keywords: dict[str, str] = {}
        self.dict_keys: dict[str, str] = {}
        self.names: dict[str, list[str]] = {
            k: [] for k in ("target", "bind", "advertised", "data", "message_calls", "advertised_listeners", "bare_host")
        }
        self.commands: dict[str, Any] = {}  # Commands' fields, typed: a pack replaces a table
        self.frameworks: dict[str, Any] = {}  # raw until build(), like hosts
        self.flow: dict[str, tuple[str, ...]] = {}  # FlowTables' fields: a pack's list adds to one
        self.codes: dict[str, RuleEntry] = {}
        self.env_hosts: dict[str, str] = {}
        self.hosts: dict[str, Any] = {}  # raw until build(): packs merge before the tables are typed

    def add(self, data: dict[str, Any], where: str) -> None:
        for i, item in enumerate(data.get("schemes") or []):
            at = f"{where}: schemes[{i}]"
            if not isinstance(item, dict):
                raise KnowledgeError(f"{at}: expected a mapping")
            port = item.get("port")
            if port is not None and (not isinstance(port, int) or isinstance(port, bool)):
                raise KnowledgeError(f"{at}: port must be an integer or null")
            kind = item.get("kind", "network")
            also = item.get("also") or []
            if not isinstance(also, list) or not all(isinstance(p, int) and not isinstance(p, bool) for p in also):
                raise KnowledgeError(f"{at}: also must be a list of ports")
            for name in names(item.get("names"), at):
                self.schemes[name.lower()] = Scheme(name.lower(), port, kind, tuple(also))
        for i, item in enumerate(data.get("images") or []):
            at = f"{where}: images[{i}]"
            if not isinstance(item, dict):
                raise KnowledgeError(f"{at}: expected a mapping")
            ports = item.get("ports") or []
            if not all(isinstance(p, int) and not isinstance(p, bool) for p in ports):
                raise KnowledgeError(f"{at}: ports must be integers")
            dials = item.get("dials") or []
            if not isinstance(dials, list) or not all(isinstance(d, str) and d for d in dials):
                raise KnowledgeError(f"{at}: dials must be a list of variable names")
            templates = item.get("env_templates", False)
            if not isinstance(templates, bool):
                raise KnowledgeError(f"{at}: env_templates must be true or false")
            listens = item.get("listens") or []
            if not isinstance(listens, list) or not all(isinstance(v, str) and v for v in listens):
                raise KnowledgeError(f"{at}: listens must be a list of variable names")
            serves = item.get("serves") or {}
            if not isinstance(serves, dict) or not all(isinstance(k, str) and isinstance(v, int)
                                                       and not isinstance(v, bool) for k, v in serves.items()):
                raise KnowledgeError(f"{at}: serves must map schemes to container ports")
            dirs = item.get("template_dirs") or []
            if not isinstance(dirs, list) or not all(isinstance(v, str) and v.startswith("/") for v in dirs):
                raise KnowledgeError(f"{at}: template_dirs must be a list of absolute container paths")
            if dirs and not templates:
                raise KnowledgeError(f"{at}: template_dirs needs env_templates: true")
            entrypoint = item.get("entrypoint")
            if entrypoint is not None and not (isinstance(entrypoint, str) and entrypoint
                                               and not any(c.isspace() for c in entrypoint)):
                raise KnowledgeError(f"{at}: entrypoint must be one program name")
            command = item.get("command") or []
            if not isinstance(command, list) or not all(isinstance(v, str) and v for v in command):
                raise KnowledgeError(f"{at}: command must be a list of words")
            self.images.append(ImagePorts(tuple(n.lower() for n in names(item.get("match"), at)), tuple(ports),
                                          tuple(dials), templates, listens=tuple(listens),
                                          serves=tuple((k.lower(), v) for k, v in serves.items()),
                                          template_dirs=tuple(posixpath.normpath(v) for v in dirs),
                                          entrypoint=entrypoint, command=tuple(command)))
        for i, item in enumerate(data.get("calls") or []):
            at = f"{where}: calls[{i}]"
            if not isinstance(item, dict):
                raise KnowledgeError(f"{at}: expected a mapping")
            default_var = item.get("default_var")
            if default_var is not None and not (isinstance(default_var, str) and default_var
                                                and item.get("role") == "env" and item.get("host") is not None):
                raise KnowledgeError(f"{at}: default_var must be a variable name, on a role env entry with host")
            self.clients.append(
                ClientCall(
                    names=names(item.get("names"), at),
                    role=str(item.get("role", "connect")),
                    scheme=item.get("scheme"),
                    host=argref(item.get("host"), at),
                    host_form=str(item.get("host_form", "host")),
                    port=argref(item.get("port"), at),
                    url=argref(item.get("url"), at),
                    hostport=argref(item.get("hostport"), at),
                    address=argref(item.get("address"), at),
                    default_host=item.get("default_host"),
                    default_needs_entry=bool(item.get("default_needs_entry", False)),
                    default_unless=_argrefs(item.get("default_unless"), f"{at}: default_unless"),
                    host_env=names(item.get("host_env") or [], at),
                    host_env_file=item.get("host_env_file"),
                    default_var=item.get("default_var"),
                )
            )
        for key, table in (("keywords", self.keywords), ("dict_keys", self.dict_keys)):
            value = data.get(key) or {}
            if not isinstance(value, dict):
                raise KnowledgeError(f"{where}: {key} must be a mapping of name to form")
            table.update({str(k): str(v) for k, v in value.items()})
        for kind in self.names:
            if kind in data:
                self.names[kind].extend(names(data[kind] or [], f"{where}: {kind}"))
        if data.get("commands") is not None:
            self._add_commands(data["commands"], f"{where}: commands")
        for key in ("busybox_images", "busybox_wget_packages"):
            if isinstance(data.get(key), list):
                self.hosts[key] = list(self.hosts.get(key) or []) + data[key]
        if isinstance(data.get("frameworks"), dict):
            self.frameworks.update(data["frameworks"])
        if data.get("flow") is not None:
            self._add_flow(data["flow"], f"{where}: flow")
        if isinstance(data.get("env_hosts"), dict):
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in data["env_hosts"].items()):
                raise KnowledgeError(f"{where}: env_hosts must be a mapping of variable-name glob to scheme")
            self.env_hosts.update(data["env_hosts"])
        if isinstance(data.get("hosts"), dict):
            for key, value in data["hosts"].items():
                if isinstance(value, list) and isinstance(self.hosts.get(key), list):
                    self.hosts[key] = self.hosts[key] + value
                elif isinstance(value, dict) and isinstance(self.hosts.get(key), dict):
                    self.hosts[key] = {**self.hosts[key], **value}
                else:
                    self.hosts[key] = value
        if "code" in data:
            entry = rule_entry(data, where)
            self.codes[entry.code] = entry

    def _add_commands(self, raw: Any, where: str) -> None:
        """A pack's ``commands``: each table it gives (null: none) replaces the one before."""
        table = record(Commands, raw, where, words=True)
        for f in fields(Commands):
            if f.name in raw:
                self.commands[f.name] = getattr(table, f.name)

    def _add_flow(self, raw: Any, where: str) -> None:
        """A pack's ``flow``: each list it gives adds to the one before (null empties it)."""
        table = record(FlowTables, raw, where)
        for f in fields(FlowTables):
            if f.name in raw:
                given = getattr(table, f.name)
                self.flow[f.name] = (self.flow.get(f.name, ()) + given) if raw[f.name] is not None else ()

    def build(self) -> Knowledge:
        return Knowledge(
            schemes=dict(self.schemes),
            images=tuple(self.images),
            clients=tuple(self.clients),
            keywords=dict(self.keywords),
            dict_keys=dict(self.dict_keys),
            names=Names(**{k: tuple(v) for k, v in self.names.items()}),
            commands=Commands(**self.commands),
            frameworks=record(Frameworks, self.frameworks, "frameworks"),
            flow=FlowTables(**self.flow),
            codes=dict(sorted(self.codes.items())),
            env_hosts=dict(self.env_hosts),
            hosts=record(HostTables, self.hosts, "hosts"),
        )


def load_knowledge(extra_packs: Iterable[str | Path] = ()) -> Knowledge:
    """Bundled packs, then each extra pack (a YAML file or a directory of them) in order."""
    builder = _Builder()
    for data, where in _bundled_packs():
        builder.add(data, where)
    for pack in extra_packs:
        pack = Path(pack)
        files = sorted(pack.glob("*.yaml")) + sorted(pack.glob("*.yml")) if pack.is_dir() else [pack]
        for path in files:
            builder.add(_read_yaml(path), str(path))
    return builder.build()


@functools.lru_cache(maxsize=8)
def default_knowledge(extra_packs: tuple[str, ...] = ()) -> Knowledge:
    return load_knowledge(extra_packs)
