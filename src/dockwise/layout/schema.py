"""Keys a Compose file holds that the Compose specification does not know.

``docker compose config`` refuses a file with an unknown key (``enviroment:``); a tool that
reads the file anyway silently drops what the key holds.  Each Compose file is validated
against the official schema (``dockwise/schemas/compose-spec.json``) with the ``jsonschema``
package; only unknown keys are reported (other schema errors depend on interpolation and
on what ``docker compose`` coerces), each at its line with the closest known key.

The schema library costs 0.1 s to import and validating with it grows with the file: a walk
of the document beside the schema first tells whether any mapping holds a key the schema
rejects, and only then does ``jsonschema`` validate (and report where, with a hint).  Results
are kept per file text in ``memo`` (the result cache makes it persistent).
"""
from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any, MutableMapping

from dockwise.cache import content_hash
from dockwise.layout.yaml_load import parse_yaml
from dockwise.layout.yaml_nodes import YMap, YNode, YScalar, YSeq
from dockwise.model import FileError

__all__ = ["unknown_keys"]

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "compose-spec.json"


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    with open(SCHEMA, "rb") as handle:
        return json.loads(handle.read())


@functools.lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft7Validator(_schema())


def _may_hold_unknown(value: Any, schema: Any, root: dict[str, Any], depth: int = 0) -> bool:
    """Whether a mapping in ``value`` holds a key that a schema applying to it rejects
    (``additionalProperties: false``), in any ``oneOf`` branch: a walk of the document
    beside the schema, much cheaper than validating it.  False means the validator cannot
    report an unknown key (most files); True, that it may, and then it decides."""
    if depth > 100 or not isinstance(schema, dict):
        return depth > 100
    while "$ref" in schema:  # "#/definitions/service"
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            return True
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return True
        schema = target
    if any(_may_hold_unknown(value, branch, root, depth + 1) for branch in schema.get("oneOf", ())):
        return True
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        patterns = schema.get("patternProperties") or {}
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            key = str(key)
            subs = [props[key]] if key in props else []
            subs += [sub for pattern, sub in patterns.items() if re.search(pattern, key)]
            if not subs:
                if extra is False:
                    return True
                if isinstance(extra, dict):
                    subs = [extra]
            if any(_may_hold_unknown(item, sub, root, depth + 1) for sub in subs):
                return True
    elif isinstance(value, list):
        items = schema.get("items")
        if isinstance(items, dict):
            return any(_may_hold_unknown(item, items, root, depth + 1) for item in value)
        if isinstance(items, list):
            return any(_may_hold_unknown(item, sub, root, depth + 1) for item, sub in zip(value, items, strict=False))  # (tuple form)
    return False


def _plain(node: YNode | None) -> Any:
    if isinstance(node, YMap):
        return {str(k): _plain(v) for k, v in node.items.items()}
    if isinstance(node, YSeq):
        return [_plain(v) for v in node.items]
    if isinstance(node, YScalar):
        return node.value
    return None


def _additional(error: Any) -> list[Any]:
    """The ``additionalProperties`` errors under ``error`` (inside anyOf/oneOf branches: a
    key unknown to the branch whose shape the value has, a mapping)."""
    out = []
    todo = [error]
    while todo:
        e = todo.pop()
        if e.validator == "additionalProperties" and isinstance(e.instance, dict):
            out.append(e)
        todo.extend(e.context or ())
    return out


def _check(text: str, path: str) -> list[list]:
    """[[line, column, message]] of every unknown key of the Compose file ``text``."""
    docs, errors = parse_yaml(text, path)
    if errors or not docs or not isinstance(docs[0], YMap):
        return []  # the loader reports what does not parse
    root = docs[0]
    plain = _plain(root)
    if not _may_hold_unknown(plain, _schema(), _schema()):
        return []  # no key the schema rejects: the validator (and its import) is not needed
    seen: set[tuple] = set()
    found: list[list] = []
    for error in _validator().iter_errors(plain):
        for e in _additional(error):
            where = list(e.absolute_path)
            known = list((e.schema.get("properties") or {}).keys())
            patterns = list((e.schema.get("patternProperties") or {}).keys())
            for key in e.instance:
                if key in known or any(re.search(p, key) for p in patterns):
                    continue
                ident = (tuple(where), key)
                if ident in seen:
                    continue
                seen.add(ident)
                node: Any = root
                for step in where:
                    node = node.items.get(step) if isinstance(node, YMap) else (
                        node.items[step] if isinstance(node, YSeq) and isinstance(step, int) else None)
                span = node.keys.get(key) if isinstance(node, YMap) else None
                at = "the top level" if not where else "`" + ".".join(map(str, where)) + "`"
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                found.append([span.line if span else None, span.column if span else None,
                              f"unknown key `{key}` in {at}: the Compose specification does not allow it, and "
                              f"`docker compose` refuses the file{hint}"])
    return found


def unknown_keys(path: str, text: str, memo: MutableMapping[str, Any] | None = None) -> list[FileError]:
    """The unknown keys of the Compose file ``path`` as errors; ``memo`` keeps them by text."""
    key = "schema:" + content_hash(text.encode("utf-8", "surrogatepass"))
    hit = memo.get(key) if memo is not None else None
    if not isinstance(hit, list):
        try:
            hit = _check(text, path)
        except ImportError:  # an install without jsonschema: nothing to say
            return []
        except OSError:  # the bundled schema cannot be read (a broken install): nothing to check against
            return []
        if memo is not None:
            memo[key] = hit
    return [FileError(path, str(m), line, col) for line, col, m in hit]
