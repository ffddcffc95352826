"""One file's edits applied and verified for its kind (``apply_text_edits``); a file whose
result fails verification raises FixError and is not fixed.

- Python: only the string-literal and integer nodes that hold the edits are rewritten
  (fix/python_edit.py); the result must equal the original with exactly the edits spliced
  in and must re-parse.
- Compose YAML: exact span edits on the text; the result must load with ``yaml.safe_load``
  to the same structure (edited strings may change, an ``extra_hosts`` entry may appear,
  no value may change type).
- .env files: exact span edits; the same variables must parse out in the same order.
- Dockerfiles: exact span edits on single lines.
"""
from __future__ import annotations

from typing import Sequence

import yaml

from dockwise.fix.errors import FixError
from dockwise.fix.gateway import GATEWAY_ENTRY, HOST_ALIAS
from dockwise.fix.text import splice
from dockwise.layout.dotenv import read_dotenv

# --------------------------------------------------------------------------- file kinds


def file_kind(rel: str, layout=None) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith((".py", ".pyw")):
        return "python"
    if name.endswith((".yml", ".yaml")):
        return "yaml"
    for project in getattr(layout, "projects", ()) or ():
        if rel in project.files:
            return "yaml"
    if name in ("dockerfile", "containerfile") or name.startswith(("dockerfile.", "containerfile.")) \
            or name.endswith((".dockerfile", ".containerfile")):
        return "dockerfile"
    return "env"


# --------------------------------------------------------------------------- YAML / .env / Dockerfile


class _Mismatch(Exception):
    pass


def _yaml_docs(text: str):
    return list(yaml.safe_load_all(text))


def _compatible(a, b, key=None, memo=None) -> None:
    """``b`` is ``a`` with strings/ints edited and host-gateway entries added; raises _Mismatch."""
    memo = memo if memo is not None else set()
    mark = (id(a), id(b))
    if mark in memo:
        return
    memo.add(mark)
    if isinstance(a, dict):
        if not isinstance(b, dict):
            raise _Mismatch(key)
        missing = [k for k in a if k not in b]
        if missing:
            raise _Mismatch(missing[0])
        for k in b:
            if k not in a:
                if key == "extra_hosts" and k == HOST_ALIAS and b[k] == "host-gateway":
                    continue
                if k != "extra_hosts" or not _is_gateway(b[k]):
                    raise _Mismatch(k)
        if [k for k in b if k in a] != list(a):
            raise _Mismatch("key order")
        for k in a:
            _compatible(a[k], b[k], k, memo)
        return
    if isinstance(a, list):
        if not isinstance(b, list):
            raise _Mismatch(key)
        if key == "extra_hosts" and len(b) == len(a) + 1 and b[-1] == GATEWAY_ENTRY:
            b = b[:-1]
        if len(a) != len(b):
            raise _Mismatch(key)
        for x, y in zip(a, b, strict=True):
            _compatible(x, y, key, memo)
        return
    if key == "extra_hosts" and a is None and _is_gateway(b):
        return
    if type(a) is not type(b):
        raise _Mismatch(key)
    if isinstance(a, (str, int)) and not isinstance(a, bool):
        return
    if a != b:
        raise _Mismatch(key)


def _is_gateway(value) -> bool:
    if isinstance(value, list):
        return value == [GATEWAY_ENTRY]
    if isinstance(value, dict):
        return value == {HOST_ALIAS: "host-gateway"}
    return False


def _check_yaml(old: str, new: str) -> None:
    try:
        before = _yaml_docs(old)
    except (yaml.YAMLError, RecursionError, ValueError):
        raise FixError("the file is not valid YAML") from None
    try:
        after = _yaml_docs(new)
    except (yaml.YAMLError, RecursionError, ValueError):
        raise FixError("the fixed file would no longer be valid YAML") from None
    try:
        if len(before) != len(after):
            raise _Mismatch("documents")
        for x, y in zip(before, after, strict=True):
            _compatible(x, y)
    except _Mismatch as exc:
        raise FixError(f"the fix would change the YAML structure (at {exc.args[0]!r})") from None
    except RecursionError:
        raise FixError("too deeply nested to verify") from None


def _check_env(old: str, new: str, rel: str) -> None:
    before = [e.var.name for e in read_dotenv(old, rel).entries]
    after = [e.var.name for e in read_dotenv(new, rel).entries]
    if before != after:
        raise FixError("the fix would change which variables the file sets")


def apply_text_edits(rel: str, text: str, edits: Sequence[tuple[int, int, str]], layout=None) -> str:
    """The fixed text of one file (offset edits), verified for its kind; raises FixError."""
    edits = sorted(edits, key=lambda e: (e[0], e[1]))
    if not edits:
        return text
    kind = file_kind(rel, layout)
    if kind == "python":
        # LibCST (0.2 s to import) only where a Python file is fixed, not for a Compose fix
        from dockwise.fix.python_edit import python_edits

        return python_edits(text, list(edits))
    new = splice(text, edits)
    if kind == "yaml":
        _check_yaml(text, new)
    elif kind == "env":
        _check_env(text, new, rel)
    else:  # Dockerfile: single-line edits only
        for a, b, c in edits:
            if "\n" in c or "\r" in c or "\n" in text[a:b] or "\r" in text[a:b]:
                raise FixError("a multi-line edit in a Dockerfile")
    return new
