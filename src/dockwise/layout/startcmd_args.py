"""The small readings of command-line words that the start-command walk is made of:
``$VAR``/``${VAR:-x}`` substitution from the container's environment, a port out of a
word, ``host:port`` and URL hosts, options scanned by a server's option table, and a
path joined onto the working directory."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from dockwise.layout.model import EnvVar
from dockwise.layout.shell import slice_text, split_words
from dockwise.model import HOLE, Text

VAR_REF = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])(.*))?\}|([A-Za-z_][A-Za-z0-9_]*))$", re.S)
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
REDIRECT = re.compile(r"^\d*(?:>>?|<<?-?|>&|<&|&>>?|>\||<>)$")
RESERVED_WORDS = {"then", "do", "else", "elif", "if", "while", "until", "!", "{", "(", "time"}
# the commands of a substitution that print nothing to it: tests, no-ops
_SILENT = {"[", "[[", "test", "true", "false", ":"}


def base_name(value: str) -> str:
    return posixpath.basename(value.rstrip("/")) if "/" in value else value


def substituted_words(tok: Text) -> list[Text] | None:
    """The words a command substitution written as a whole word prints, where it prints
    only literals: ``$( [ "$X" = "true" ] && echo a.py || echo b.py )`` prints ``a.py`` or
    ``b.py`` (the test prints nothing).  None for any other word, and for a substitution
    running anything else (a program whose output is unknown, a variable echoed)."""
    v = tok.value
    if not (v.startswith("$(") and v.endswith(")")) or v.startswith("$(("):
        return None
    out: list[Text] = []
    cmd: list[Text] = []
    for w in [*split_words(slice_text(tok, 2, len(v) - 1), newline_is_separator=True), None]:
        if w is not None and w.redirect:
            return None  # `echo a 2>/dev/null`, `cat < file`: not worth reading
        if w is not None and not w.control:
            cmd.append(w.text)
            continue
        if cmd and cmd[0].value == "echo":
            said = cmd[1:]
            if len(said) != 1 or said[0].value.startswith("-") or any(c in said[0].value for c in "$`"):
                return None
            out.append(said[0])
        elif cmd and cmd[0].value not in _SILENT:
            return None
        cmd = []
    return out or None


def env_text(value: Any) -> Text | None:
    if isinstance(value, Text):
        return value
    if isinstance(value, str):
        return Text(value)
    return None


def normalize_env(env: Any) -> dict[str, Text | None]:
    out: dict[str, Text | None] = {}
    if env is None:
        return out
    if isinstance(env, Mapping):
        for k, v in env.items():
            out[str(k)] = env_text(v)
    else:
        for var in env:
            if isinstance(var, EnvVar):
                out[var.name] = var.value
    return out


def resolve_vars(text: Text, env: Mapping[str, Text | None]) -> Text:
    """A value that is a whole ``$VAR`` / ``${VAR:-default}``: its value from ``env`` (a
    located Text when the environment says where it is set), else the default (located in
    ``text``), else a HOLE.  Other values are returned unchanged."""
    m = VAR_REF.match(text.value)
    if not m:
        return text
    name = m.group(1) or m.group(4)
    value = env.get(name)
    if value is not None and (value.value or m.group(2) != ":-"):
        return value
    if m.group(2) is not None and m.group(3) is not None:
        start = m.start(3)
        return slice_text(text, start, start + len(m.group(3)))
    return Text(HOLE)


# one parameter reference inside a word: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`
_REF = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")


def expand_within(value: str, env: Mapping[str, Text | None], depth: int = 2) -> str | None:
    """``value`` with every parameter reference in it replaced by its value, as the shell
    expands a word (``-c port=${PGPORT:-5432}`` → ``-c port=5432``): the value ``env`` gives,
    else the reference's default.  None where one is not known (a variable neither set nor
    defaulted, a value set at run time) or is another expansion (``$(cmd)``, ``$1``,
    ``${#X}``, ``${X%.*}``): such a word is not read as a value at all."""
    if "$" not in value:
        return value
    out: list[str] = []
    i = 0
    while True:
        j = value.find("$", i)
        if j < 0:
            out.append(value[i:])
            return "".join(out)
        out.append(value[i:j])
        m = _REF.match(value, j)
        if m is None:
            return None
        name = m.group(1) or m.group(4)
        got = env.get(name)
        if got is not None and (got.value or m.group(2) not in (":-", ":=")):
            part = got.value
        elif m.group(3) is not None:
            part = m.group(3)
        else:
            return None
        if HOLE in part:
            return None
        if "$" in part:
            if depth <= 0 or (expanded := expand_within(part, env, depth - 1)) is None:
                return None
            part = expanded
        out.append(part)
        i = m.end()


def port_of(text: Text | None, env: Mapping[str, Text | None]) -> int | None:
    if text is None:
        return None
    value = resolve_vars(text, env).value.strip()
    if value.isdigit() and 0 < int(value) < 65536:
        return int(value)
    return None


def split_hostport(text: Text) -> tuple[Text | None, Text | None]:
    """``host:port`` → (host, port) slices.  ``[::1]:8000`` → ("::1", "8000");
    ``:8000`` → ("", "8000"); ``8000`` → (None, "8000"); ``0.0.0.0`` → ("0.0.0.0", None);
    ``::`` (an IPv6 address without brackets) → ("::", None).  ``tcp://`` is skipped."""
    v = text.value
    off = 0
    if v.lower().startswith("tcp://"):
        off = 6
    rest = v[off:]
    if rest.startswith("["):
        close = rest.find("]")
        if close < 0:
            return slice_text(text, off + 1, len(v)), None
        host = slice_text(text, off + 1, off + close)
        tail = rest[close + 1 :]
        if tail.startswith(":") and len(tail) > 1:
            return host, slice_text(text, off + close + 2, len(v))
        return host, None
    if rest.count(":") > 1 and re.fullmatch(r"[0-9A-Fa-f:.]+(?:%\w+)?", rest):
        return slice_text(text, off, len(v)), None  # an IPv6 address without brackets
    if ":" in rest:
        i = rest.index(":")
        port = slice_text(text, off + i + 1, len(v)) if i + 1 < len(rest) else None
        return slice_text(text, off, off + i), port
    if rest.isdigit() or (rest.startswith("$") and "PORT" in rest.upper()):
        return None, slice_text(text, off, len(v))
    return slice_text(text, off, len(v)), None


def url_host(text: Text) -> tuple[Text | None, Text | None, str | None]:
    """(host, port, scheme) slices of a URL or ``host[:port][/path]`` string."""
    v = text.value
    i = 0
    scheme = None
    m = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", v)
    if m:
        scheme = m.group(1).lower()
        i = m.end()
    end = len(v)
    for ch in "/?#":
        j = v.find(ch, i)
        if j >= 0:
            end = min(end, j)
    at = v.rfind("@", i, end)
    if at >= 0:
        i = at + 1
    host, port = split_hostport(slice_text(text, i, end))
    if host is not None and host.value == "" and port is None:
        host = None
    return host, port, scheme


@dataclass
class Opt:
    name: str
    value: Text | None
    token: Text


def scan_options(
    args: Sequence[Text],
    with_value: frozenset[str],
    *,
    all_take_value: bool = False,
    single_dash: bool = False,
    stop_at_positional: bool = False,
) -> tuple[list[Opt], list[Text], int]:
    """Options and positional arguments.  Returns (options, positionals, index of the first
    positional when ``stop_at_positional``, else len(args))."""
    opts: list[Opt] = []
    pos: list[Text] = []
    i, n = 0, len(args)
    while i < n:
        tok = args[i]
        v = tok.value
        if v == "--":
            if stop_at_positional:
                return opts, pos, i + 1
            pos.extend(args[i + 1 :])
            return opts, pos, n
        if v.startswith("--") and len(v) > 2 or (single_dash and v.startswith("-") and len(v) > 2):
            name, eq, _ = v.partition("=")
            if eq:
                opts.append(Opt(name, slice_text(tok, len(name) + 1, len(v)), tok))
            elif (name in with_value or (all_take_value and v.startswith("--"))) and i + 1 < n:
                opts.append(Opt(name, args[i + 1], tok))
                i += 1
            elif single_dash and v[:2] in with_value and not v.startswith("--"):
                opts.append(Opt(v[:2], slice_text(tok, 2, len(v)), tok))
            else:
                opts.append(Opt(name, None, tok))
            i += 1
            continue
        if v.startswith("-") and len(v) >= 2 and v != "-":
            short = v[:2]
            if v in with_value:
                if i + 1 < n:
                    opts.append(Opt(v, args[i + 1], tok))
                    i += 2
                else:
                    opts.append(Opt(v, None, tok))
                    i += 1
                continue
            if "=" in v and v.partition("=")[0] in with_value:  # -addr=host:port
                name = v.partition("=")[0]
                opts.append(Opt(name, slice_text(tok, len(name) + 1, len(v)), tok))
                i += 1
                continue
            if short in with_value and len(v) > 2:
                opts.append(Opt(short, slice_text(tok, 2, len(v)), tok))
                i += 1
                continue
            # a cluster of flags; the last may take a value (-vp 8000)
            for k in range(1, len(v)):
                flag = "-" + v[k]
                if flag in with_value:
                    if k + 1 < len(v):
                        opts.append(Opt(flag, slice_text(tok, k + 1, len(v)), tok))
                    elif i + 1 < n:
                        opts.append(Opt(flag, args[i + 1], tok))
                        i += 1
                    else:
                        opts.append(Opt(flag, None, tok))
                    break
                opts.append(Opt(flag, None, tok))
            i += 1
            continue
        if stop_at_positional:
            return opts, pos, i
        pos.append(tok)
        i += 1
    return opts, pos, n


def last_option(opts: list[Opt], names: Iterable[str]) -> Opt | None:
    names = set(names)
    hit = None
    for o in opts:
        if o.name in names:
            hit = o
    return hit


def container_join(base: str | None, path: str) -> str:
    if path.startswith("/"):
        return posixpath.normpath(path)
    return posixpath.normpath(posixpath.join(base or "/", path))
