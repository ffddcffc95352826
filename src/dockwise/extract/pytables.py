"""The call and name tables the Python extractor reads ``rules/clients.yaml`` and
``rules/names.yaml`` through: qualified call names (exact and ``*`` patterns) to their
entries, and a name's value form (``dict_keys``), built once per knowledge."""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Tables:
    exact: dict[str, tuple[Any, ...]]
    patterns: tuple[tuple[re.Pattern[str], Any], ...]
    default_methods: frozenset[str]
    message_last: frozenset[str]
    message_dotted: tuple[str, ...]
    keywords: dict[str, str]
    key_exact: dict[str, str]
    key_patterns: tuple[tuple[re.Pattern[str], str], ...]
    target_re: re.Pattern[str]
    bound_port_reads: frozenset[str]  # rules/flow.yaml: attributes reading back a bound port
    sidecar_port_env: frozenset[str]  # rules/flow.yaml: variables giving a sidecar's loopback port
    # rules/flow.yaml mail_hosts: host setting -> (port setting, default port, backend setting,
    # the backends that dial it over SMTP, the first being the framework's default)
    mail_hosts: dict[str, tuple[str, int, str, tuple[str, ...]]]
    cache: dict[str, tuple[Any, ...]]


TABLES: dict[int, tuple[Any, Tables]] = {}


def python_tables(knowledge: Any) -> Tables:
    hit = TABLES.get(id(knowledge))
    if hit is not None and hit[0] is knowledge:
        return hit[1]
    exact: dict[str, list[Any]] = {}
    patterns: list[tuple[re.Pattern[str], Any]] = []
    defaults: set[str] = set()
    for call in knowledge.clients:
        for name in call.names:
            if "*" in name or "?" in name or "[" in name:
                patterns.append((re.compile(fnmatch.translate(name)), call))
            else:
                exact.setdefault(name, []).append(call)
            if call.default_host:
                defaults.add(name.rsplit(".", 1)[-1])
    message_last = frozenset(m for m in knowledge.names.message_calls if "." not in m)
    message_dotted = tuple(m for m in knowledge.names.message_calls if "." in m)
    key_exact: dict[str, str] = {}
    key_patterns: list[tuple[re.Pattern[str], str]] = []
    for key, form in knowledge.dict_keys.items():
        if any(c in key for c in "*?["):
            key_patterns.append((re.compile(fnmatch.translate(key.lower())), form))
        else:
            key_exact.setdefault(key.lower(), form)
    target = knowledge.names.target
    target_re = re.compile("|".join(f"(?:{fnmatch.translate(p.lower())})" for p in target) or r"(?!)")
    tables = Tables(
        exact={k: tuple(v) for k, v in exact.items()},
        patterns=tuple(patterns),
        default_methods=frozenset(defaults),
        message_last=message_last,
        message_dotted=message_dotted,
        keywords={k.lower(): v for k, v in knowledge.keywords.items()},
        key_exact=key_exact,
        key_patterns=tuple(key_patterns),
        target_re=target_re,
        bound_port_reads=frozenset(knowledge.flow.bound_port_reads),
        sidecar_port_env=frozenset(knowledge.flow.sidecar_port_env),
        mail_hosts=knowledge.flow.mail_host_table(),
        cache={},
    )
    if len(TABLES) > 16:
        TABLES.clear()
    TABLES[id(knowledge)] = (knowledge, tables)
    return tables


def calls_for(tables: Tables, name: str) -> tuple[Any, ...]:
    hit = tables.cache.get(name)
    if hit is None:
        found = list(tables.exact.get(name, ()))
        found.extend(call for rx, call in tables.patterns if rx.match(name))
        hit = tables.cache[name] = tuple(found)
        if len(tables.cache) > 20000:
            tables.cache.clear()
    return hit


def is_pattern_entry(tables: Tables, name: str, call: Any) -> bool:
    return call not in tables.exact.get(name, ())


def key_form(tables: Tables, name: str) -> str | None:
    low = name.lower()
    form = tables.key_exact.get(low)
    if form is not None:
        return form
    for rx, f in tables.key_patterns:
        if rx.match(low):
            return f
    return None
