"""Load the knowledge in ``rules/*.yaml`` (and user packs) into typed, frozen tables.

Nothing else in dockwise knows a scheme, an image, a client library or a setting name:
they are all data here.  The tables are loaded once per process (``default_knowledge``).
"""
from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable

import yaml

from dockwise.cachedir import atomic_write, default_cache_base

# what `dockwise fix` may do with a rule's findings (a rule entry's `applicability`)
APPLICABILITIES = ("safe", "unsafe", "none")


class KnowledgeError(Exception):
    """A rule pack is unreadable or malformed."""


def rules_dir() -> Path:
    """The directory holding the bundled rule packs.

    In a wheel the packs are installed as ``dockwise/rules``; in a source checkout (an
    editable install) they are the repository's top-level ``rules/``.
    """
    here = Path(__file__).resolve().parent
    bundled = here / "rules"
    if bundled.is_dir():
        return bundled
    source = here.parent.parent / "rules"
    if source.is_dir():
        return source
    raise KnowledgeError("dockwise's rules directory is missing from this installation")


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Scheme:
    name: str
    port: int | None
    kind: str = "network"  # network | file | local


@dataclass(frozen=True)
class ImagePorts:
    match: tuple[str, ...]
    ports: tuple[int, ...]
    dials: tuple[str, ...] = ()  # environment variables the image reads as addresses it connects to (globs)


@dataclass(frozen=True)
class ArgRef:
    """Where a call takes one argument: by keyword and/or by position (0-based)."""

    keyword: str | None = None
    position: int | None = None


@dataclass(frozen=True)
class ClientCall:
    """A call that connects somewhere (role connect) or starts a server (role bind).

    Only one of the value arguments usually applies; each says how its value is read:
      host      a bare host (or, for ``host_form: any``, a URL / host:port / list too)
      port      the port, as an int literal
      url       a URL (or a list of URLs)
      hostport  "host:port" (or a list / comma-separated list of them)
      address   a ("host", port) tuple
    """

    names: tuple[str, ...]
    role: str = "connect"
    scheme: str | None = None
    host: ArgRef | None = None
    host_form: str = "host"  # host | any
    port: ArgRef | None = None
    url: ArgRef | None = None
    hostport: ArgRef | None = None
    address: ArgRef | None = None
    default_host: str | None = None  # bind: the host used when none is given
    default_needs_entry: bool = False  # bind default only counts where the start command runs the file


@dataclass(frozen=True)
class Names:
    target: tuple[str, ...] = ()
    bind: tuple[str, ...] = ()
    advertised: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    message_calls: tuple[str, ...] = ()
    advertised_listeners: tuple[str, ...] = ()  # env names holding Kafka advertised listeners
    bare_host: tuple[str, ...] = ()  # env names under which a one-label value is a host

    def __post_init__(self) -> None:
        # a name is classified once: every service of a platform sets the same variables
        object.__setattr__(self, "_classified", {})

    def _regex(self, which: str) -> re.Pattern[str]:
        return _glob_regex(getattr(self, which))

    def classify(self, name: str | None) -> str | None:
        """'data' | 'advertised' | 'bind' | 'target' | None for a variable/key name."""
        if not name:
            return None
        memo: dict[str, str | None] = self._classified  # type: ignore[attr-defined]
        if name in memo:
            return memo[name]
        found = None
        for kind in ("data", "advertised", "bind", "target"):
            if _glob_regex(getattr(self, kind)).fullmatch(name):
                found = kind
                break
        if len(memo) < 100_000:
            memo[name] = found
        return found


def glob_regex(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex for shell-style ``patterns`` (``fullmatch`` a name)."""
    patterns = tuple(patterns)
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns), re.IGNORECASE)


_glob_regex = functools.lru_cache(maxsize=64)(glob_regex)


def glob_match(name: str, patterns: tuple[str, ...]) -> bool:
    """``name`` matches one of the shell-style ``patterns``, ignoring case."""
    return _glob_regex(patterns).fullmatch(name) is not None


@dataclass(frozen=True)
class HostTables:
    """The host names and addresses of Docker's networking (``rules/hosts.yaml``'s ``hosts``),
    with the images whose ``wget`` is BusyBox's (``rules/images.yaml``'s ``busybox_images``).

    The defaults are the bundled values a table without packs (a test's ``Knowledge()``) needs.
    """

    loopback_names: tuple[str, ...] = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback",
                                       "loopback")
    host_gateway_names: tuple[str, ...] = ("host.docker.internal",)
    gateway_names: tuple[str, ...] = ("gateway.docker.internal",)
    deprecated_aliases: dict[str, str] = field(default_factory=dict)  # old alias -> its replacement
    default_bridge_subnets: tuple[str, ...] = ()
    bridge_gateways: tuple[str, ...] = ()
    host_alias: str = "host.docker.internal"
    host_gateway_value: str = "host-gateway"
    loopback_domains: tuple[str, ...] = ()
    external_tlds: tuple[str, ...] = ()
    busybox_images: tuple[str, ...] = ()  # image globs


@dataclass(frozen=True)
class ModuleList:
    """Names under which a framework lists modules it imports (``INSTALLED_APPS``), and the
    submodules of each listed module it loads by convention."""

    names: tuple[str, ...] = ()
    submodules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Management:
    """Django's management commands: the scripts and programs that run them, and where a
    command's module lives."""

    scripts: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()
    command_path: str = "management/commands/{name}.py"


@dataclass(frozen=True)
class ConfigRunner:
    """A program that runs what its configuration file names: a process manager (``format``
    ini | procfile) or a server configured by an ini file (the ``*_keys`` and ``*_options``)."""

    programs: tuple[str, ...] = ()
    config_options: tuple[str, ...] = ()
    default_configs: tuple[str, ...] = ()
    config_arguments: tuple[str, ...] = ()
    format: str = ""
    location_keys: dict[str, str] = field(default_factory=dict)  # key -> the file under the directory it names
    dir_keys: tuple[str, ...] = ()
    module_keys: tuple[str, ...] = ()
    file_keys: tuple[str, ...] = ()
    command_keys: tuple[str, ...] = ()
    module_options: tuple[str, ...] = ()
    file_options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Frameworks:
    """What frameworks and process managers run without an import (``rules/frameworks.yaml``)."""

    module_lists: tuple[ModuleList, ...] = ()
    module_env: tuple[str, ...] = ()  # variables naming a module a framework imports
    app_submodules: dict[str, tuple[str, ...]] = field(default_factory=dict)  # program -> submodules it loads
    management: Management = Management()
    ini_entries: tuple[ConfigRunner, ...] = ()
    process_managers: tuple[ConfigRunner, ...] = ()
    service_scripts: tuple[str, ...] = ()  # globs of init systems' service scripts
    non_runtime_dirs: tuple[str, ...] = ()
    no_python: tuple[str, ...] = ()  # programs that are not Python
    no_python_images: tuple[str, ...] = ()  # image globs
    source_commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleExample:
    """One example of a rule entry: a layout, files it flags, the same files fixed, and
    files it accepts (each a mapping of relative path to text)."""

    compose: str = ""
    invalid: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    valid: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleEntry:
    """A rule's documentation and settings (``rules/codes/DWxxx.yaml`` or a pack's entry)."""

    code: str
    applicability: str  # one of APPLICABILITIES
    name: str = ""
    severity: str = "error"
    summary: str = ""
    why: str = ""
    evidence: str = ""
    fix: str = ""
    fix_safety: str = ""
    notes: str = ""
    examples: tuple[RuleExample, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    schemes: dict[str, Scheme] = field(default_factory=dict)
    images: tuple[ImagePorts, ...] = ()
    clients: tuple[ClientCall, ...] = ()
    keywords: dict[str, str] = field(default_factory=dict)  # generic keyword -> form
    dict_keys: dict[str, str] = field(default_factory=dict)  # config-mapping key -> form
    names: Names = Names()
    commands: dict[str, Any] = field(default_factory=dict)  # server start commands
    frameworks: Frameworks = Frameworks()  # modules frameworks import (rules/frameworks.yaml)
    flow: dict[str, Any] = field(default_factory=dict)  # what makes a value dialled (rules/flow.yaml)
    codes: dict[str, RuleEntry] = field(default_factory=dict)  # rule entries by code
    env_hosts: dict[str, str] = field(default_factory=dict)  # variable-name glob -> the scheme it implies
    hosts: HostTables = HostTables()  # rules/hosts.yaml

    def __hash__(self) -> int:  # tables are built once; identity is enough
        return id(self)

    # -- lookups -----------------------------------------------------------------------
    def applicability(self, code: str) -> str:
        """What ``dockwise fix`` may do for a rule (its entry's ``applicability``): "safe"
        (applied by default), "unsafe" (only with --unsafe-fixes) or "none"."""
        entry = self.codes.get(code)
        return entry.applicability if entry is not None else "none"

    def scheme(self, name: str | None) -> Scheme | None:
        if not name:
            return None
        key = name.lower()
        if key.startswith("jdbc:"):
            key = key[5:]
        hit = self.schemes.get(key)
        if hit is None and "+" in key:
            hit = self.schemes.get(key.split("+", 1)[0])
        return hit

    def scheme_port(self, name: str | None) -> int | None:
        hit = self.scheme(name)
        return hit.port if hit else None

    def image_dialled_names(self, image: str | None) -> tuple[str, ...]:
        """The variable globs the image ``image`` reads as addresses it connects to."""
        if not image:
            return ()
        names = image_names(image)
        return tuple(d for e in self.images if e.dials and any(n in e.match for n in names) for d in e.dials)

    def image_ports(self, image: str | None) -> tuple[int, ...]:
        if not image:
            return ()
        names = image_names(image)
        for entry in self.images:
            if any(n in entry.match for n in names):
                return entry.ports
        return ()


def image_names(image: str) -> tuple[str, ...]:
    """Names an image reference may match, most specific first.

    'docker.io/library/postgres:16@sha256:..' -> ('docker.io/library/postgres', 'postgres');
    'mcr.microsoft.com/mssql/server:2022' -> ('mcr.microsoft.com/mssql/server', 'mssql/server', 'server').
    """
    ref = image.strip().lower().split("@", 1)[0]
    slash, colon = ref.rfind("/"), ref.rfind(":")
    if colon > slash:
        ref = ref[:colon]
    parts = [p for p in ref.split("/") if p]
    if not parts:
        return ()
    names = ["/".join(parts)]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
        names.append("/".join(parts))
    if len(parts) > 1 and parts[0] == "library":
        parts = parts[1:]
        names.append("/".join(parts))
    if len(parts) > 1:
        names.append(parts[-1])
    return tuple(dict.fromkeys(names))


# --------------------------------------------------------------------------- loading


def _argref(value: Any, where: str) -> ArgRef | None:
    if value is None:
        return None
    if isinstance(value, str):
        return ArgRef(keyword=value)
    if isinstance(value, int) and not isinstance(value, bool):
        return ArgRef(position=value)
    if isinstance(value, dict):
        kw, pos = value.get("keyword"), value.get("position")
        if (kw is not None and not isinstance(kw, str)) or (
            pos is not None and (not isinstance(pos, int) or isinstance(pos, bool))
        ):
            raise KnowledgeError(f"{where}: keyword must be a string and position an integer")
        return ArgRef(keyword=kw, position=pos)
    raise KnowledgeError(f"{where}: an argument is a keyword name, a position or a mapping")


def _names(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise KnowledgeError(f"{where}: expected a name or a list of names")


_ENTRY_TEXTS = ("name", "severity", "summary", "why", "evidence", "fix", "fix_safety", "notes")


def _files(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise KnowledgeError(f"{where}: expected a mapping of file path to text")
    return dict(value)


def _rule_entry(data: dict[str, Any], where: str) -> RuleEntry:
    """A pack's rule entry (the pack has a ``code``), checked and typed."""
    if data.get("applicability") not in APPLICABILITIES:
        raise KnowledgeError(f"{where}: `applicability` must be one of {', '.join(APPLICABILITIES)}")
    texts: dict[str, str] = {}
    for key in _ENTRY_TEXTS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise KnowledgeError(f"{where}: `{key}` must be a string")
        texts[key] = value
    examples = data.get("examples") or []
    if not isinstance(examples, list):
        raise KnowledgeError(f"{where}: `examples` must be a list")
    typed = []
    for i, ex in enumerate(examples):
        at = f"{where}: examples[{i}]"
        if not isinstance(ex, dict) or not isinstance(ex.get("compose") or "", str):
            raise KnowledgeError(f"{at}: expected a mapping with a `compose` text")
        typed.append(RuleExample(compose=ex.get("compose") or "", invalid=_files(ex.get("invalid"), f"{at}: invalid"),
                                 fixed=_files(ex.get("fixed"), f"{at}: fixed"),
                                 valid=_files(ex.get("valid"), f"{at}: valid")))
    return RuleEntry(code=str(data["code"]), applicability=data["applicability"], examples=tuple(typed), **texts)


def _record(cls: Any, raw: Any, where: str) -> Any:
    """The frozen record ``cls`` of a table the packs merged, each field checked against its
    type (a key no pack gives keeps its default)."""
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: expected a mapping")
    given: dict[str, Any] = {}
    for f in fields(cls):
        value = raw.get(f.name)
        if value is None:
            continue
        at = f"{where}: {f.name}"
        kind = str(f.type)  # the annotation's text (this module postpones annotations)
        if kind == "str":
            if not isinstance(value, str):
                raise KnowledgeError(f"{at}: expected a string")
            given[f.name] = value
        elif kind == "tuple[str, ...]":
            given[f.name] = _names(value, at)
        elif kind == "dict[str, str]":
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                      for k, v in value.items()):
                raise KnowledgeError(f"{at}: expected a mapping of name to name")
            given[f.name] = dict(value)
        elif kind == "dict[str, tuple[str, ...]]":
            if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                raise KnowledgeError(f"{at}: expected a mapping of name to names")
            given[f.name] = {k: _names(v, f"{at}: {k}") for k, v in value.items()}
        elif kind.startswith("tuple["):  # a list of records
            item = _RECORDS[kind[len("tuple["):-len(", ...]")]]
            if not isinstance(value, list):
                raise KnowledgeError(f"{at}: expected a list")
            given[f.name] = tuple(_record(item, v, f"{at}[{i}]") for i, v in enumerate(value))
        else:  # one record
            given[f.name] = _record(_RECORDS[kind], value, at)
    return cls(**given)


_RECORDS = {"ModuleList": ModuleList, "Management": Management, "ConfigRunner": ConfigRunner}


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
    except Exception:
        pass
    docs = [_parse_yaml(data, where) for data, where in raw]
    try:
        text = json.dumps(docs, separators=(",", ":"))
        if json.loads(text) == docs:
            stored.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(stored, text.encode("utf-8"))
    except Exception:
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
        self.commands: dict[str, Any] = {}
        self.frameworks: dict[str, Any] = {}  # raw until build(), like hosts
        self.flow: dict[str, Any] = {}
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
            for name in _names(item.get("names"), at):
                self.schemes[name.lower()] = Scheme(name.lower(), port, kind)
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
            self.images.append(ImagePorts(tuple(n.lower() for n in _names(item.get("match"), at)), tuple(ports),
                                          tuple(dials)))
        for i, item in enumerate(data.get("calls") or []):
            at = f"{where}: calls[{i}]"
            if not isinstance(item, dict):
                raise KnowledgeError(f"{at}: expected a mapping")
            self.clients.append(
                ClientCall(
                    names=_names(item.get("names"), at),
                    role=str(item.get("role", "connect")),
                    scheme=item.get("scheme"),
                    host=_argref(item.get("host"), at),
                    host_form=str(item.get("host_form", "host")),
                    port=_argref(item.get("port"), at),
                    url=_argref(item.get("url"), at),
                    hostport=_argref(item.get("hostport"), at),
                    address=_argref(item.get("address"), at),
                    default_host=item.get("default_host"),
                    default_needs_entry=bool(item.get("default_needs_entry", False)),
                )
            )
        for key, table in (("keywords", self.keywords), ("dict_keys", self.dict_keys)):
            value = data.get(key) or {}
            if not isinstance(value, dict):
                raise KnowledgeError(f"{where}: {key} must be a mapping of name to form")
            table.update({str(k): str(v) for k, v in value.items()})
        for kind in self.names:
            if kind in data:
                self.names[kind].extend(_names(data[kind] or [], f"{where}: {kind}"))
        if isinstance(data.get("commands"), dict):
            self.commands.update(data["commands"])
        if isinstance(data.get("busybox_images"), list):
            self.hosts["busybox_images"] = list(self.hosts.get("busybox_images") or []) + data["busybox_images"]
        if isinstance(data.get("frameworks"), dict):
            self.frameworks.update(data["frameworks"])
        if isinstance(data.get("flow"), dict):
            for key, value in data["flow"].items():
                if isinstance(value, list) and isinstance(self.flow.get(key), list):
                    self.flow[key] = self.flow[key] + value  # a pack adds to the lists
                else:
                    self.flow[key] = value
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
            entry = _rule_entry(data, where)
            self.codes[entry.code] = entry

    def build(self) -> Knowledge:
        return Knowledge(
            schemes=dict(self.schemes),
            images=tuple(self.images),
            clients=tuple(self.clients),
            keywords=dict(self.keywords),
            dict_keys=dict(self.dict_keys),
            names=Names(**{k: tuple(v) for k, v in self.names.items()}),
            commands=dict(self.commands),
            frameworks=_record(Frameworks, self.frameworks, "frameworks"),
            flow=dict(self.flow),
            codes=dict(sorted(self.codes.items())),
            env_hosts=dict(self.env_hosts),
            hosts=_record(HostTables, self.hosts, "hosts"),
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
