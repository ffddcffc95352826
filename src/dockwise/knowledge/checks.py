"""Raw pack data -> checked, typed records: each value against the type its record field
declares, so that a malformed table is a :class:`KnowledgeError` naming the pack and the
key, never a surprise further down."""
from __future__ import annotations

import functools
from dataclasses import MISSING, fields
from typing import Any

from dockwise.knowledge.commands import Commands, Daemon, Probe, Programs, Runner, Server, Wrapper
from dockwise.knowledge.records import (
    APPLICABILITIES,
    ArgRef,
    ConfigRunner,
    DirectoryLoader,
    ImageEntrypoint,
    KnowledgeError,
    Management,
    ModuleList,
    RuleEntry,
    RuleExample,
    SubcommandTable,
    TaskRunner,
)


def argref(value: Any, where: str) -> ArgRef | None:
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


def names(value: Any, where: str) -> tuple[str, ...]:
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


def rule_entry(data: dict[str, Any], where: str) -> RuleEntry:
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


def record(cls: Any, raw: Any, where: str, words: bool = False) -> Any:
    """The frozen record ``cls`` of the mapping ``raw``, each field checked against its type
    (a key not given, or null, keeps its default; keys the record lacks are ignored).

    ``words``: lists of text may hold numbers, read as their text (a command-line option
    such as ``-6`` is a number to YAML)."""
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: expected a mapping")
    given: dict[str, Any] = {}
    for name, kind, required in _shape(cls):
        value = raw.get(name)
        if value is None:
            if required:
                raise KnowledgeError(f"{where}.{name}: required")
            continue
        given[name] = _typed(kind, value, f"{where}.{name}", words)
    return cls(**given)


@functools.cache
def _shape(cls: Any) -> tuple[tuple[str, str, bool], ...]:
    """(name, type, required) of each field of the record ``cls``; the type is the
    annotation's text (annotations are postponed), without ``| None`` (null is a default).
    Kept: the bundled packs' records are built on every start."""
    return tuple((f.name, str(f.type).removesuffix(" | None"), f.default is MISSING and f.default_factory is MISSING)
                 for f in fields(cls))


def _typed(kind: str, value: Any, at: str, words: bool) -> Any:
    """``value`` as the type whose annotation text is ``kind``."""
    if kind == "str":
        if not isinstance(value, str):
            raise KnowledgeError(f"{at}: expected a string")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise KnowledgeError(f"{at}: expected true or false")
        return value
    if kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise KnowledgeError(f"{at}: expected an integer")
        return value
    if kind == "tuple[str, ...]":
        if words and isinstance(value, list) and not all(type(v) is str for v in value):
            value = [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in value]
        return names(value, at)
    if kind == "dict[str, str]":
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in value.items()):
            raise KnowledgeError(f"{at}: expected a mapping of name to name")
        return dict(value)
    if kind == "dict[str, tuple[str, ...]]":
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise KnowledgeError(f"{at}: expected a mapping of name to names")
        return {k: names(v, f"{at}.{k}") for k, v in value.items()}
    if kind.startswith("tuple["):  # a list of records
        item = _RECORDS[kind[len("tuple["):-len(", ...]")]]
        if not isinstance(value, list):
            raise KnowledgeError(f"{at}: expected a list")
        return tuple(record(item, v, f"{at}[{i}]", words) for i, v in enumerate(value))
    return record(_RECORDS[kind], value, at, words)  # one record


# the records a field may hold, by their annotation's text
_RECORDS: dict[str, Any] = {
    "ModuleList": ModuleList, "Management": Management, "ConfigRunner": ConfigRunner,
    "Programs": Programs, "Wrapper": Wrapper, "Server": Server, "Runner": Runner, "Probe": Probe,
    "Daemon": Daemon, "SubcommandTable": SubcommandTable,
    "Commands": Commands, "TaskRunner": TaskRunner, "ImageEntrypoint": ImageEntrypoint,
    "DirectoryLoader": DirectoryLoader,
}
