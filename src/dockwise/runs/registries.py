"""Registries of alternatives: a dict that maps provider names to the dotted paths of the
classes that implement them, read one key at a time.

    EMBEDDERS = {
        "local": "app.embed.local.LocalEmbedder",
        "remote": ("app.embed.remote.RemoteEmbedder", RemoteConfig),
    }
    ...
    cls = import_string(EMBEDDERS.get(provider))  # or EMBEDDERS[provider]

Only the provider the configuration names is imported, at run time; the others never run in
that container.  A module named only by such a registry is therefore not evidence that the
container runs it: the import walk (``runs.closure``) does not follow these names, so a
value whose only sink is in one provider's module is not reported for every provider the
code supports.  A dict that is iterated (``for name, path in X.items()``: every entry is
loaded) or whose keys are setting names (``"BACKEND"``, upper case) is not a registry, and
a provider whose name the module also writes as a value (a parameter's default, a
configuration read's fallback) is the default choice: it is followed.  So is a provider
another module the container runs chooses by default (``LLM_PROVIDER = os.getenv(
"LLM_PROVIDER", "local")`` in a settings module: :func:`chosen_by_default`), or the
container's environment names (``LLM_PROVIDER: local``); ``runs.closure`` asks that.
"""
from __future__ import annotations

import re

__all__ = ["chosen_by_default", "registry_names"]

# the text right before a dotted string that is the value of a lower-case key (a provider
# name), itself or as the first item of a tuple: `"local": "` or `"remote": ("`
_KEY_BEFORE = re.compile(r"""(["'])([a-z0-9][a-z0-9_.-]*)\1[ \t]*:[ \t]*(?:\([ \t]*)?\Z""")
# the line a dict display opens on: `NAME = {`, `NAME: dict[str, str] = {`
_DICT_OPEN = re.compile(r"[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*\{[ \t]*(?:#.*)?$")
# a line inside a registry's display: an entry (`"key": ...,`), a comment, a blank
_ENTRY_LINE = re.compile(r"""[ \t]*(?:(["'])[^"'\n]*\1[ \t]*:.*|#.*|)$""")
_MAX_BACK = 400  # lines walked back from an entry to its dict's opening


def registry_names(text: str, keyed: list[tuple[int, str, str]]) -> set[str]:
    """The dotted names of ``keyed`` that are alternatives of a registry.

    ``keyed``: (offset of the string's quote, the key, the dotted name) of each dotted string
    written as the value of a lower-case key (see :func:`key_before`)."""
    by_dict: dict[str, list[tuple[str, str]]] = {}
    for offset, key, name in keyed:
        owner = _dict_name(text, offset)
        if owner is not None:
            by_dict.setdefault(owner, []).append((key, name))
    out: set[str] = set()
    for owner, entries in by_dict.items():
        if len({k for k, _ in entries}) < 2 or not _read_by_key(text, owner):
            continue
        # a key the module writes elsewhere as a value (`def create(provider="local")`,
        # `cfg.get("provider", "local")`) is a default choice: that provider may well run
        out.update(name for key, name in entries if not _written_as_value(text, key))
    return out


def _written_as_value(text: str, key: str) -> bool:
    """``key`` stands in the module as a string that is no dict key (not followed by ``:``)."""
    for quoted in (f'"{key}"', f"'{key}'"):
        i = text.find(quoted)
        while i >= 0:
            if not text[i + len(quoted):i + len(quoted) + 40].lstrip(" \t").startswith(":"):
                return True
            i = text.find(quoted, i + 1)
    return False


def key_before(text: str, start: int) -> str | None:
    """The lower-case key whose value is the string at ``start`` (its opening quote), if any."""
    m = _KEY_BEFORE.search(text, max(0, start - 80), start)
    return m.group(2) if m is not None else None


def _dict_name(text: str, offset: int) -> str | None:
    """The name a dict display holding the entry at ``offset`` is bound to: walked back line
    by line over entries, comments and blanks to the line that opens it (an entry spread over
    several lines stops the walk: not a registry of one-line entries)."""
    end = text.rfind("\n", 0, offset)
    for _ in range(_MAX_BACK):
        if end < 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        m = _DICT_OPEN.match(line)
        if m is not None:
            return m.group(1)
        if not _ENTRY_LINE.match(line):
            return None
        end = start - 1
    return None


def _read_by_key(text: str, name: str) -> bool:
    """``name`` is read one key at a time (``name.get(``, ``name[``) and never iterated or
    handed over whole (``name.items()``, ``name.values()``, ``for x in name``, ``f(name)``);
    a membership test (``if key in name``) is a lookup too."""
    keyed = re.search(rf"\b{re.escape(name)}(?:\.get\(|\[)", text)
    if keyed is None:
        return False
    whole = re.search(rf"\b{re.escape(name)}\.(?:items|values)\(|\bfor\b[^\n]*\bin[ \t]+(?:\w+\.)*{re.escape(name)}\b(?![\[.])"
                      rf"|[(,][ \t]*(?:\w+\.)*{re.escape(name)}[ \t]*[),]", text)
    return whole is None


# the text right before a string that is a default choice: an assignment or a keyword's
# default (`PROVIDER = "x"`, `provider: str = "x"`, `Field(default="x")`), the fallback of a
# configuration or environment read (`os.getenv("PROVIDER", "x")`, `cfg.get("provider", "x")`),
# of an `or` (`os.getenv("PROVIDER") or "x"`), a pydantic `Field("x")`; a comparison is none
_DEFAULT_BEFORE = re.compile(r"""(?:(?<![=!<>])=|\b(?:get|getenv|setdefault)\(\s*(["'])[^"'\n]+\1\s*,|\bor|\bField\()\s*\Z""")


def chosen_by_default(text: str, key: str) -> bool:
    """A module's text writes the registry key ``key`` as a default choice (an assignment's
    value, a parameter's default, a configuration read's fallback), not only compares it."""
    for quoted in (f'"{key}"', f"'{key}'"):
        i = text.find(quoted)
        while i >= 0:
            if _DEFAULT_BEFORE.search(text, max(0, i - 120), i) is not None:
                return True
            i = text.find(quoted, i + 1)
    return False
