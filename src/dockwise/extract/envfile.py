"""``.env`` / ``env_file`` files: dotenv syntax with located values, and their endpoints.

The syntax is the one Docker Compose reads (compose-go's dotenv parser):

- blank lines and lines whose first non-blank character is ``#`` are skipped;
- ``KEY=value``, ``export KEY=value`` and the YAML-like ``KEY: value`` / ``KEY:value``;
- unquoted values run to the end of the line, lose a trailing `` # comment`` (a ``#``
  preceded by a space; ``KEY=#x`` is ``#x``) and surrounding blanks;
- ``'single'`` quotes are literal (``\\'`` is a quote); ``"double"`` quotes take the
  escapes ``\\n \\r \\t \\a \\b \\f \\v \\" \\\\ \\0NNN`` (any other backslash stays, and
  ``\\$`` is kept as written for the interpolation stage); both may span lines; text
  after the closing quote is ignored;
- a ``KEY`` line without ``=`` names a variable taken from the environment at run time
  (``EnvVar.value is None``);
- CRLF line ends and a UTF-8 byte order mark are accepted (columns do not count the BOM).

Every value is a located :class:`~dockwise.model.Text`: characters copied verbatim keep
their file position (so a host inside ``amqp://guest:guest@localhost:5672//`` maps back to
its exact column); characters produced by an escape have none.  Nothing here raises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from dockwise.layout.model import EnvVar
from dockwise.model import Endpoint, Span, Text
from dockwise.layout.shell import located

__all__ = ["EnvEntry", "parse_env_entries", "parse_env_text", "extract_env_file"]

_KEY_RE = re.compile(r"[\w.\-\[\]]+")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\"}


@dataclass(frozen=True)
class EnvEntry:
    """One assignment of a dotenv file.

    ``quote`` is the quote the value was written in (``"'"``, ``'"'``) or None (unquoted,
    or no value at all).  Compose interpolates ``${VAR}`` in unquoted and double-quoted
    values only, so a loader that interpolates needs it.
    """

    var: EnvVar
    quote: str | None = None
    line: int = 0  # line of the key


def _lines(source: str) -> list[str]:
    if source.startswith("\ufeff"):
        source = source[1:]
    return [line[:-1] if line.endswith("\r") else line for line in source.split("\n")]


def parse_env_entries(source: str, path: str) -> tuple[EnvEntry, ...]:
    """Every assignment in ``source`` (the text of the file at ``path``), in file order."""
    try:
        return tuple(_parse(source, path))
    except Exception:  # pragma: no cover - defensive: never raise
        return ()


def parse_env_text(source: str, path: str) -> tuple[EnvVar, ...]:
    """The variables ``source`` sets, as ``EnvVar(name, located value, "env_file", name_span)``.

    A name set twice appears twice (the later one wins, as ``Service.env`` reads it).
    """
    return tuple(entry.var for entry in parse_env_entries(source, path))


def _parse(source: str, path: str) -> Iterable[EnvEntry]:
    if not isinstance(source, str):
        return
    lines = _lines(source)
    n = 0
    while n < len(lines):
        raw = lines[n]
        lineno = n + 1
        n += 1
        stripped = raw.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        col0 = len(raw) - len(stripped)  # 0-based index of the first non-blank char
        body = stripped
        offset = col0
        if body.startswith("export") and len(body) > 6 and body[6] in " \t":
            rest = body[6:].lstrip(" \t")
            offset += len(body) - len(rest)
            body = rest
        match = _KEY_RE.match(body)
        if not match:
            continue
        key = match.group(0)
        key_span = Span(path, lineno, offset + 1, lineno, offset + 1 + len(key))
        after = body[match.end():]
        pos = offset + match.end()  # 0-based index in raw just after the key
        sep_rest = after.lstrip(" \t")
        pos += len(after) - len(sep_rest)
        if not sep_rest or sep_rest.startswith("#"):
            # a bare name: taken from the environment at run time
            if not sep_rest.strip() or sep_rest.startswith("#"):
                yield EnvEntry(EnvVar(key, None, "env_file", key_span), None, lineno)
            continue
        if sep_rest[0] not in "=:":
            continue  # not an assignment (e.g. "KEY value")
        pos += 1
        value_part = raw[pos:]
        lead = len(value_part) - len(value_part.lstrip(" \t"))
        pos += lead
        value_part = value_part[lead:]
        if value_part[:1] in ("'", '"'):
            quote = value_part[0]
            text, consumed = _quoted(lines, n - 1, pos + 1, quote, path)
            n += consumed
            yield EnvEntry(EnvVar(key, text, "env_file", key_span), quote, lineno)
            continue
        value = value_part
        cut = _comment_start(value)
        if cut is not None:
            value = value[:cut]
        value = value.rstrip(" \t")
        yield EnvEntry(EnvVar(key, Text.verbatim(value, path, lineno, pos + 1) if value else Text(""), "env_file", key_span), None, lineno)


def _comment_start(value: str) -> int | None:
    """Where an inline comment starts: compose-go cuts an unquoted value at " #"."""
    i = value.find(" #")
    return None if i < 0 else i


def _quoted(lines: list[str], index: int, start: int, quote: str, path: str) -> tuple[Text, int]:
    """The quoted value opening just before ``lines[index][start]``.

    As compose-go reads it: a backslash before the quote character keeps the quote only;
    in double quotes ``\\n \\r \\t \\a \\b \\f \\v \\\\ \\0NNN`` are
    unescaped and ``\\$`` is kept for the interpolation stage; any other backslash stays.
    Returns the located Text and how many further lines it consumed.
    """
    chars: list = []
    i = index
    col = start
    while i < len(lines):
        line = lines[i]
        while col < len(line):
            c = line[col]
            if c == quote:
                return located(chars), i - index
            if c == "\\" and col + 1 < len(line):
                nxt = line[col + 1]
                here, there = (path, i + 1, col + 1), (path, i + 1, col + 2)
                if nxt == quote:
                    chars.append((nxt, None))
                    col += 2
                    continue
                if quote == '"':
                    if nxt in _ESCAPES:
                        chars.append((_ESCAPES[nxt], None))
                        col += 2
                        continue
                    if nxt == "0":
                        j = col + 2
                        while j < len(line) and j < col + 5 and line[j] in "01234567":
                            j += 1
                        try:
                            chars.append((chr(int(line[col + 2 : j] or "0", 8)), None))
                        except ValueError:  # pragma: no cover - digits are octal
                            pass
                        col = j
                        continue
                chars.append(("\\", here))
                chars.append((nxt, there))
                col += 2
                continue
            chars.append((c, (path, i + 1, col + 1)))
            col += 1
        # the value continues on the next line
        i += 1
        col = 0
        if i < len(lines):
            chars.append(("\n", None))
    # unterminated quote: compose rejects the file; keep what we read (never raise)
    return located(chars), len(lines) - 1 - index


# --------------------------------------------------------------------------- endpoints


def extract_env_file(
    source: str,
    path: str,
    knowledge,
    services: tuple[str, ...] = (),
    project: str | None = None,
) -> tuple[Endpoint, ...]:
    """Connect targets and bind addresses set by a standalone ``.env`` / env file.

    Each variable is judged like a Compose ``environment`` entry (see
    ``dockwise.extract.compose.env_endpoints``): URLs and DSNs, values of host-like names,
    ``bind`` names (role "bind"), Kafka advertised listeners; advertised and data names are
    skipped.  ``${VAR}`` / ``$VAR`` references are unknown text (holes) here.
    """
    try:
        from dockwise.extract.compose import env_endpoints, mask_expansions

        entries = parse_env_entries(source, path)
        environment = tuple(e.var for e in entries)
        out: list[Endpoint] = []
        seen: set = set()
        effective: dict[str, int] = {}
        for k, var in enumerate(environment):
            effective[var.name] = k
        for k, entry in enumerate(entries):
            var = entry.var
            if var.value is None or effective.get(var.name) != k:
                continue
            value = var.value if entry.quote == "'" else mask_expansions(var.value)
            for ep in env_endpoints(
                var.name, value, knowledge, services=tuple(services), project=project,
                environment=environment, context_prefix="env",
            ):
                if ep not in seen:
                    seen.add(ep)
                    out.append(ep)
        return tuple(out)
    except Exception:  # pragma: no cover - defensive: never raise
        return ()
