"""A Dockerfile parser that keeps the location of every value.

``parse_dockerfile(source, path)`` reads a Dockerfile the way BuildKit does (parser
directives, ``# escape=`` backtick, comments, continuation lines with comment lines inside,
heredocs, case-insensitive keywords, exec (JSON) and shell forms, ``$VAR`` / ``${VAR:-x}``
substitution from ARG/ENV in the instructions that support it, multi-stage builds with
``FROM <stage>`` inheritance) and returns plain frozen data.  ``code_roots`` says which
project paths the build copies from its context, and where they land in the container.

Nothing here raises on any input: malformed instructions are skipped and reported as
warnings (``Dockerfile.warnings``).
"""
from __future__ import annotations

import fnmatch
import json
import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping

from dockwise.layout.model import CodeRoot, Command, EnvVar
from dockwise.layout.shell import located, slice_text, split_shell, split_words
from dockwise.model import HOLE, FileError, Span, Text

__all__ = [
    "Instruction",
    "CopyOp",
    "Stage",
    "Dockerfile",
    "parse_dockerfile",
    "code_roots",
    "json_tokens",
]


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class Instruction:
    """One (logical) instruction.  ``args`` is the text after the keyword with continuation
    lines joined and comment lines removed; ``text`` is the same as a located Text."""

    keyword: str  # upper case
    args: str
    span: Span  # from the keyword to the end of the instruction's last line
    line: int
    text: Text = Text("")
    stage: int = -1  # index of the stage it belongs to (-1: before the first FROM)
    flags: tuple[tuple[str, str | None], ...] = ()  # leading --name[=value] options
    heredocs: tuple[str, ...] = ()  # bodies of heredocs (RUN <<EOF ... EOF)

    def flag(self, name: str) -> str | None:
        for key, value in self.flags:
            if key == name:
                return value if value is not None else ""
        return None


@dataclass(frozen=True)
class CopyOp:
    """A COPY or ADD.  ``dest`` is an absolute container path (resolved against WORKDIR,
    trailing slash removed); ``dest_is_dir`` says the destination is a directory (written
    with a trailing ``/``, ``.``, several sources, a glob, or a known WORKDIR)."""

    sources: tuple[str, ...]
    dest: str
    span: Span
    from_context: bool
    keyword: str = "COPY"
    from_stage: str | None = None  # the --from value (a stage name/index or an image)
    stage: int = 0
    excludes: tuple[str, ...] = ()
    dest_is_dir: bool = False
    source_texts: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Stage:
    """A build stage and the image configuration at its end (inherited from its parent
    stage when it is built ``FROM`` an earlier stage)."""

    index: int
    name: str | None  # lower case (stage names are case-insensitive)
    base: str  # the FROM image (after ARG substitution)
    span: Span
    parent: int | None = None  # the earlier stage it is built from
    workdir: str | None = None
    env: tuple[EnvVar, ...] = ()
    expose: tuple[int, ...] = ()
    cmd: Command | None = None
    entrypoint: Command | None = None
    healthcheck: Command | None = None
    healthcheck_disabled: bool = False
    shell: tuple[str, ...] | None = None
    user: str | None = None
    depends: tuple[int, ...] = ()  # stages it copies from (COPY --from, RUN --mount from)


@dataclass(frozen=True)
class Dockerfile:
    """The parsed file.  The image-level fields are those of the final stage."""

    path: str
    instructions: tuple[Instruction, ...] = ()
    stages: tuple[Stage, ...] = ()
    workdir: str | None = None
    copies: tuple[CopyOp, ...] = ()
    expose: tuple[int, ...] = ()
    env: tuple[EnvVar, ...] = ()
    cmd: Command | None = None
    entrypoint: Command | None = None
    healthcheck: Command | None = None
    healthcheck_disabled: bool = False
    escape: str = "\\"
    warnings: tuple[FileError, ...] = field(default=())

    def stage(self, target: str | int | None = None) -> Stage | None:
        """The stage named ``target`` (Compose ``build.target``), or the final stage."""
        return _find_stage(self.stages, target)

    def for_target(self, target: str | None) -> "Dockerfile":
        """This Dockerfile as built with ``--target`` (the image fields of that stage)."""
        st = self.stage(target)
        if st is None or target is None:
            return self
        return replace(
            self,
            workdir=st.workdir,
            expose=st.expose,
            env=st.env,
            cmd=st.cmd,
            entrypoint=st.entrypoint,
            healthcheck=st.healthcheck,
            healthcheck_disabled=st.healthcheck_disabled,
        )


def _find_stage(stages: tuple[Stage, ...], target: str | int | None) -> Stage | None:
    if not stages:
        return None
    if target is None:
        return stages[-1]
    if isinstance(target, int):
        return stages[target] if 0 <= target < len(stages) else None
    key = str(target).lower()
    for st in stages:
        if st.name == key:
            return st
    if key.isdigit() and int(key) < len(stages):
        return stages[int(key)]
    return None


# --------------------------------------------------------------------------- lexing

_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_KNOWN_DIRECTIVES = {"syntax", "escape", "check"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HEREDOC_KEYWORDS = {"RUN", "COPY", "ADD"}
_FLAG_KEYWORDS = {"FROM", "COPY", "ADD", "RUN", "HEALTHCHECK"}
_MAX_PORT_RANGE = 1024
# one word after substitution: `ARG A=$A$A$A$A` repeated would double it at every line
_MAX_WORD = 16_384


_MAX_WORDS_TEXT = 4 * _MAX_WORD  # all the words of one instruction
_MAX_SUBSTITUTED = 1_000_000  # characters substituted in one Dockerfile; past it: unknown (HOLE)

Env = Mapping[str, "Text | None"]  # name -> value (None: declared without a value)


def _locs(text: Text) -> list:
    locs: list = [None] * len(text.value)
    for p in text.pieces:
        for k in range(max(p.start, 0), min(p.end, len(text.value))):
            locs[k] = (p.path, p.line, p.column + (k - p.start))
    return locs


class _Lexer:
    """Dockerfile word processing: quotes, the escape character and variable substitution."""

    def __init__(self, escape: str, env: Env, unknown: str, budget: list[int] | None = None) -> None:
        self.escape = escape
        self.env = env
        self.unknown = unknown  # "hole" | "keep" | "empty"
        self.budget = budget if budget is not None else [_MAX_SUBSTITUTED]  # shared by a file's lexers

    def _extend(self, cur: list, make) -> None:
        """Append a substitution's characters, within the word and the file's bounds."""
        room = min(_MAX_WORD - len(cur), self.budget[0])
        if room <= 0:
            if self.budget[0] <= 0 and not (cur and cur[-1][0] == HOLE):
                cur.append((HOLE, None))  # past the file's budget: the value is unknown
            return
        items = make()
        if len(items) > room:
            items = items[:room]
        cur.extend(items)
        self.budget[0] -= len(items)

    def words(self, text: Text, split: bool = True, quotes: bool = True) -> list[Text]:
        s = text.value
        locs = _locs(text)
        out: list[Text] = []
        cur: list = []
        started = False
        total = 0
        i, n = 0, len(s)
        esc = self.escape
        while i < n:
            c = s[i]
            if c == esc and quotes:
                if i + 1 < n:
                    cur.append((s[i + 1], None))
                    i += 2
                else:
                    cur.append((c, locs[i]))
                    i += 1
                started = True
            elif c == "'" and quotes:
                j = s.find("'", i + 1)
                end = n if j < 0 else j
                cur.extend((s[k], locs[k]) for k in range(i + 1, end))
                i = end + 1
                started = True
            elif c == '"' and quotes:
                i += 1
                started = True
                while i < n and s[i] != '"':
                    if s[i] == esc and i + 1 < n and s[i + 1] in ('"', "$", esc):
                        cur.append((s[i + 1], None))
                        i += 2
                    elif s[i] == "$":
                        i = self._dollar(s, locs, i, cur)
                    else:
                        cur.append((s[i], locs[i]))
                        i += 1
                i += 1
            elif c == "$":
                i = self._dollar(s, locs, i, cur)
                started = True
            elif split and c in " \t\r\n":
                if started:
                    out.append(located(cur))
                    total += len(cur)
                    if total > _MAX_WORDS_TEXT:  # substitution blew the instruction up: cut
                        return out
                cur, started = [], False
                i += 1
            else:
                cur.append((c, locs[i]))
                started = True
                i += 1
        if started or (not split and not out):
            out.append(located(cur))
        return out

    def _value(self, name: str) -> Text | None:
        if name in self.env:
            return self.env[name]
        return None

    def _unknown(self, s: str, locs: list, start: int, end: int, cur: list) -> None:
        if self.unknown == "hole":
            cur.append((HOLE, None))
        elif self.unknown == "keep":
            cur.extend((s[k], locs[k]) for k in range(start, end))

    def _dollar(self, s: str, locs: list, i: int, cur: list) -> int:
        n = len(s)
        if i + 1 < n and s[i + 1] == "{":
            depth, j = 1, i + 2
            while j < n:
                if s[j] == "{":
                    depth += 1
                elif s[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            end = min(j + 1, n)
            inner_start = i + 2
            m = _NAME.match(s, inner_start)
            if not m or m.end() > j:
                self._unknown(s, locs, i, end, cur)
                return end
            name = m.group(0)
            k = m.end()
            value = self._value(name)
            if k >= j:  # ${NAME}
                if value is None:
                    self._unknown(s, locs, i, end, cur)
                else:
                    self._extend(cur, lambda: _chars(value))
                return end
            op = s[k : k + 2] if s[k] == ":" else s[k]
            if op in (":-", ":+", ":?", "-", "+", "?"):
                word_start = k + len(op)
                word = _Slice(s, locs, word_start, j)
                is_set = name in self.env and self.env[name] is not None
                non_empty = is_set and bool(value.value if value is not None else "")
                cond = non_empty if op.startswith(":") else is_set
                if op.endswith("-"):
                    if cond and value is not None:
                        self._extend(cur, lambda: _chars(value))
                    else:
                        self._extend(cur, lambda: self._word_chars(word))
                elif op.endswith("+"):
                    if cond:
                        self._extend(cur, lambda: self._word_chars(word))
                else:  # ?: error when unset
                    if cond and value is not None:
                        self._extend(cur, lambda: _chars(value))
                    else:
                        self._unknown(s, locs, i, end, cur)
                return end
            self._unknown(s, locs, i, end, cur)  # ${x#pattern} and the like
            return end
        m = _NAME.match(s, i + 1)
        if not m:
            cur.append(("$", locs[i] if i < len(locs) else None))
            return i + 1
        value = self._value(m.group(0))
        if value is None:
            self._unknown(s, locs, i, m.end(), cur)
        else:
            self._extend(cur, lambda: _chars(value))
        return m.end()

    def _word_chars(self, word: "_Slice") -> list:
        pieces_text = located([(word.s[k], word.locs[k]) for k in range(word.start, word.end)])
        words = self.words(pieces_text, split=False)
        return _chars(words[0]) if words else []


@dataclass
class _Slice:
    s: str
    locs: list
    start: int
    end: int


def _chars(text: Text) -> list:
    locs = _locs(text)
    return [(c, locs[k]) for k, c in enumerate(text.value)]


def _raw_words(text: Text, escape: str) -> list[tuple[int, int]]:
    """(start, end) of whitespace-separated words, respecting quotes and the escape char."""
    s = text.value
    out = []
    i, n = 0, len(s)
    start = None
    quote = None
    while i < n:
        c = s[i]
        if quote:
            if c == escape and quote == '"' and i + 1 < n:
                i += 2
                continue
            if c == quote:
                quote = None
            i += 1
            continue
        if c in " \t\r\n":
            if start is not None:
                out.append((start, i))
                start = None
            i += 1
            continue
        if start is None:
            start = i
        if c == escape and i + 1 < n:
            i += 2
            continue
        if c in "'\"":
            quote = c
        i += 1
    if start is not None:
        out.append((start, n))
    return out


def json_tokens(text: Text) -> tuple[Text, ...] | None:
    """The strings of a JSON array written in ``text`` (exec form), located inside their
    quotes; None when ``text`` is not a JSON array of strings."""
    raw = text.value.strip()
    if not raw.startswith("["):
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        return None
    s = text.value
    locs = _locs(text)
    out: list[Text] = []
    i, n = 0, len(s)
    while i < n:
        if s[i] != '"':
            i += 1
            continue
        i += 1
        cur: list = []
        while i < n and s[i] != '"':
            if s[i] == "\\" and i + 1 < n:
                e = s[i + 1]
                if e == "u" and i + 6 <= n:
                    try:
                        code = int(s[i + 2 : i + 6], 16)
                    except ValueError:
                        code = 0xFFFD
                    cur.append((chr(code), None))
                    i += 6
                    continue
                cur.append(({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e), None))
                i += 2
                continue
            cur.append((s[i], locs[i]))
            i += 1
        i += 1
        out.append(located(cur))
    if len(out) != len(data) or [t.value for t in out] != data:
        # surrogate pairs and the like: fall back to the decoded values (unlocated where different)
        out = [t if t.value == d else Text(d) for t, d in zip(out, data)] if len(out) == len(data) else [
            Text(d) for d in data
        ]
    return tuple(out)


# --------------------------------------------------------------------------- parsing


@dataclass
class _State:
    workdir: str | None = None
    env: dict = field(default_factory=dict)  # name -> EnvVar
    expose: list = field(default_factory=list)
    cmd: Command | None = None
    entrypoint: Command | None = None
    healthcheck: Command | None = None
    healthcheck_disabled: bool = False
    shell: tuple[str, ...] | None = None
    user: str | None = None
    cmd_set: bool = False
    dirs: set = field(default_factory=set)  # container directories known to exist

    def copy(self) -> "_State":
        return _State(
            self.workdir,
            dict(self.env),
            list(self.expose),
            self.cmd,
            self.entrypoint,
            self.healthcheck,
            self.healthcheck_disabled,
            self.shell,
            self.user,
            False,
            set(self.dirs),
        )


def _join(base: str | None, path: str) -> str:
    if path.startswith("/"):
        full = path
    else:
        full = posixpath.join(base or "/", path)
    full = posixpath.normpath(full)
    if full.startswith("//"):
        full = "/" + full.lstrip("/")
    return full


class _Parser:
    def __init__(self, source: str, path: str) -> None:
        if source.startswith("\ufeff"):
            source = source[1:]
        self.path = path
        self.lines = [ln[:-1] if ln.endswith("\r") else ln for ln in source.split("\n")]
        self.escape = "\\"
        self.warnings: list[FileError] = []
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.copies: list[CopyOp] = []
        self.global_args: dict[str, Text | None] = {}
        self.stage_args: dict[str, Text | None] = {}
        self.state: _State | None = None
        self.stage_meta: list[dict] = []
        self.stage_states: list[_State] = []
        self.budget = [_MAX_SUBSTITUTED]

    def warn(self, message: str, line: int | None = None) -> None:
        self.warnings.append(FileError(self.path, message, line))

    # -- physical -> logical lines -----------------------------------------------------
    def directives(self) -> None:
        seen = set()
        for line in self.lines:
            m = _DIRECTIVE.match(line)
            if not m:
                break
            name = m.group(1).lower()
            if name not in _KNOWN_DIRECTIVES or name in seen:
                break
            seen.add(name)
            if name == "escape":
                value = m.group(2)
                if value in ("\\", "`"):
                    self.escape = value
                else:
                    self.warn(f"invalid escape directive {value!r} (expected \\ or `)", 1)

    def run(self) -> Dockerfile:
        self.directives()
        pos = 0
        while pos < len(self.lines):
            item = self._logical(pos)
            if item is None:
                break
            chars, sl, sc, el, ec, pos = item
            try:
                pos = self.instruction(chars, sl, sc, el, ec, pos)
            except Exception as exc:  # defensive: a malformed instruction never stops parsing
                self.warn(f"cannot parse instruction: {exc}", sl)
        return self.finish()

    def _logical(self, start: int):
        """The next instruction from line index ``start``: (chars, start line, start column,
        end line, end column, index of the line after it), or None at the end.  ``chars``
        are (character, (path, line, column)) with continuations joined and comment lines
        inside them dropped."""
        lines = self.lines
        n = len(lines)
        cont = re.compile(re.escape(self.escape) + r"[ \t]*$")
        i = start
        while i < n:
            line = lines[i]
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                i += 1
                continue
            start_line, start_col = i + 1, len(line) - len(stripped) + 1
            chars: list = []
            offset = start_col - 1
            content = line[offset:]
            while True:
                m = cont.search(content)
                if m:
                    body = content[: m.start()]
                    chars.extend((c, (self.path, i + 1, offset + k + 1)) for k, c in enumerate(body))
                    i += 1
                    while i < n and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
                        i += 1
                    if i >= n:
                        break
                    offset, content = 0, lines[i]
                    continue
                body = content.rstrip()
                chars.extend((c, (self.path, i + 1, offset + k + 1)) for k, c in enumerate(body))
                i += 1
                break
            while chars and chars[-1][0] in " \t":
                chars.pop()
            last = next((loc for _, loc in reversed(chars) if loc is not None), None)
            end_line, end_col = (last[1], last[2] + 1) if last else (start_line, start_col)
            return chars, start_line, start_col, end_line, end_col, i
        return None

    # -- one instruction -----------------------------------------------------------------
    def instruction(self, chars: list, sl: int, sc: int, el: int, ec: int, pos: int) -> int:
        k = 0
        while k < len(chars) and not chars[k][0].isspace():
            k += 1
        keyword = "".join(c for c, _ in chars[:k]).upper()
        j = k
        while j < len(chars) and chars[j][0].isspace():
            j += 1
        text = located(chars[j:])
        span = Span(self.path, sl, sc, el, ec)
        heredocs: tuple[str, ...] = ()
        if keyword in _HEREDOC_KEYWORDS and "<<" in text.value:
            heredocs, pos = self.heredocs(text, pos, sl)
        if not re.fullmatch(r"[A-Z][A-Z0-9_-]*", keyword or "?"):
            whole = "".join(c for c, _ in chars)
            self.warn(f"not an instruction: {_redact(whole[:60])!r}", sl)
            return pos
        flags: tuple[tuple[str, str | None], ...] = ()
        rest = text
        if keyword in _FLAG_KEYWORDS:
            flags, rest = self.flags(text)
        inst = Instruction(
            keyword=keyword,
            args=text.value,
            span=span,
            line=sl,
            text=text,
            stage=len(self.stages) - 1,
            flags=flags,
            heredocs=heredocs,
        )
        handler = getattr(self, "do_" + keyword.lower().replace("-", "_"), None)
        if keyword == "FROM":
            self.do_from(inst, rest)
            inst = replace(inst, stage=len(self.stages) - 1)
        elif handler is not None:
            if self.state is None and keyword != "ARG":
                self.warn(f"{keyword} before the first FROM", sl)
                self.instructions.append(inst)
                return pos
            handler(inst, rest)
        self.instructions.append(inst)
        return pos

    def heredocs(self, text: Text, pos: int, line: int) -> tuple[tuple[str, ...], int]:
        words = split_words(text, comments=False)
        markers: list[tuple[str, bool]] = []
        for w, nxt in zip(words, words[1:]):
            op = w.value.lstrip("0123456789")
            if w.operator and op in ("<<", "<<-") and not nxt.operator and nxt.value:
                markers.append((nxt.value, op == "<<-"))
        bodies = []
        for delim, strip_tabs in markers:
            j = pos
            found = None
            while j < len(self.lines):
                candidate = self.lines[j].lstrip("\t") if strip_tabs else self.lines[j]
                if candidate.rstrip() == delim:
                    found = j
                    break
                j += 1
            if found is None:
                self.warn(f"heredoc {delim!r} is not terminated", line)
                break
            bodies.append("\n".join(self.lines[pos:found]))
            pos = found + 1
        return tuple(bodies), pos

    def flags(self, text: Text) -> tuple[tuple[tuple[str, str | None], ...], Text]:
        out = []
        rest = text
        while True:
            stripped = rest.value.lstrip()
            if not stripped.startswith("--"):
                break
            words = _raw_words(rest, self.escape)
            if not words:
                break
            s, e = words[0]
            word = self._lexer().words(slice_text(rest, s, e), split=False)
            raw = word[0].value if word else rest.value[s:e]
            name, eq, value = raw[2:].partition("=")
            out.append((name.lower(), value if eq else None))
            nxt = words[1][0] if len(words) > 1 else len(rest.value)
            rest = slice_text(rest, nxt, len(rest.value))
        return tuple(out), rest

    # -- variables -----------------------------------------------------------------------
    def scope(self) -> dict[str, Text | None]:
        env: dict[str, Text | None] = {}
        if self.state is None:
            env.update(self.global_args)
            return env
        env.update(self.stage_args)
        for name, var in self.state.env.items():
            env[name] = var.value
        return env

    def _lexer(self, unknown: str = "keep") -> _Lexer:
        return _Lexer(self.escape, self.scope(), unknown, self.budget)

    def _substituted(self, text: Text, unknown: str = "keep") -> str:
        words = self._lexer(unknown).words(text, split=False)
        return words[0].value if words else ""

    # -- handlers ------------------------------------------------------------------------
    def do_from(self, inst: Instruction, rest: Text) -> None:
        self.state = None  # FROM sees only the global ARGs
        words = self._lexer().words(rest)
        if not words:
            self.warn("FROM without an image", inst.line)
            base = ""
        else:
            base = words[0].value
        name = None
        if len(words) >= 3 and words[1].value.lower() == "as":
            name = words[2].value.lower()
        parent = None
        for st in reversed(self.stages):
            if st.name is not None and st.name == base.lower():
                parent = st.index
                break
        state = self.stage_states[parent].copy() if parent is not None else _State()
        idx = len(self.stages)
        self.stages.append(Stage(index=idx, name=name, base=base, span=inst.span, parent=parent))
        self.stage_states.append(state)
        self.stage_meta.append({"depends": set([parent] if parent is not None else [])})
        self.state = state
        self.stage_args = {}

    def do_arg(self, inst: Instruction, rest: Text) -> None:
        target = self.global_args if self.state is None else self.stage_args
        total = 0
        for s, e in _raw_words(rest, self.escape):
            word = slice_text(rest, s, e)
            name, eq, _ = word.value.partition("=")
            if not _NAME.fullmatch(name):
                self.warn(f"ARG: invalid name {name[:40]!r}", inst.line)
                continue
            if eq:
                value_raw = slice_text(word, len(name) + 1, len(word.value))
                value = self._lexer("hole").words(value_raw, split=False)
                target[name] = value[0] if value else Text("")
                total += len(target[name].value)
                if total > _MAX_WORDS_TEXT:
                    self.warn("ARG: the values are too long after substitution: the rest is ignored", inst.line)
                    break
            elif self.state is not None and name in self.global_args:
                target[name] = self.global_args[name]
            else:
                target.setdefault(name, None)

    def do_env(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        lexer = self._lexer("hole")  # values use the environment before this instruction
        words = _raw_words(rest, self.escape)
        if not words:
            self.warn("ENV without a value", inst.line)
            return
        first = rest.value[words[0][0] : words[0][1]]
        pairs: list[tuple[Text, Text]] = []
        if "=" not in first:  # legacy: ENV NAME value with spaces
            name_text = slice_text(rest, words[0][0], words[0][1])
            if len(words) < 2:
                self.warn(f"ENV {first[:40]} has no value", inst.line)
                return
            value_raw = slice_text(rest, words[1][0], words[-1][1])
            pairs.append((name_text, value_raw))
        else:
            for s, e in words:
                word = slice_text(rest, s, e)
                name, eq, _ = word.value.partition("=")
                if not eq:
                    self.warn(f"ENV: {_redact(word.value[:40])!r} is not NAME=value", inst.line)
                    continue
                pairs.append((slice_text(word, 0, len(name)), slice_text(word, len(name) + 1, len(word.value))))
        total = 0
        for name_text, value_raw in pairs:
            name = name_text.value
            if not name or any(c.isspace() for c in name):
                continue
            values = lexer.words(value_raw, split=False)
            value = values[0] if values else Text("")
            total += len(value.value)
            if total > _MAX_WORDS_TEXT:
                self.warn("ENV: the values are too long after substitution: the rest is ignored", inst.line)
                break
            name_span = name_text.span(0, len(name))
            self.state.env.pop(name, None)
            self.state.env[name] = EnvVar(name, value, origin="dockerfile", name_span=name_span)

    def do_workdir(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        value = self._substituted(rest).strip()
        if not value:
            self.warn("WORKDIR without a path", inst.line)
            return
        self.state.workdir = _join(self.state.workdir, value)
        self.state.dirs.add(self.state.workdir)

    def do_expose(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        for word in self._lexer("hole").words(rest):
            spec = word.value.split("/", 1)[0].strip()
            m = re.fullmatch(r"(\d{1,5})(?:-(\d{1,5}))?", spec)
            if not m:
                self.warn(f"EXPOSE: cannot read port {word.value[:40]!r}", inst.line)
                continue
            lo = int(m.group(1))
            hi = int(m.group(2)) if m.group(2) else lo
            if hi < lo or hi > 65535 or hi - lo > _MAX_PORT_RANGE:
                self.warn(f"EXPOSE: invalid port range {spec!r}", inst.line)
                continue
            for port in range(lo, hi + 1):
                if port not in self.state.expose:
                    self.state.expose.append(port)

    def _command(self, text: Text, span: Span) -> Command | None:
        tokens = json_tokens(text)
        if tokens is not None:
            return Command(tokens, shell=False, origin="dockerfile", working_dir=None, span=span)
        if not text.value.strip():
            return None
        return Command(split_shell(text), shell=True, origin="dockerfile", working_dir=None, span=span)

    def do_cmd(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        self.state.cmd = self._command(rest, inst.span)
        self.state.cmd_set = True

    def do_entrypoint(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        self.state.entrypoint = self._command(rest, inst.span)
        if not self.state.cmd_set:
            self.state.cmd = None  # ENTRYPOINT resets a CMD inherited from the base

    def do_healthcheck(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        words = _raw_words(rest, self.escape)
        if not words:
            self.warn("HEALTHCHECK without CMD or NONE", inst.line)
            return
        head = rest.value[words[0][0] : words[0][1]].upper()
        if head == "NONE":
            self.state.healthcheck = None
            self.state.healthcheck_disabled = True
        elif head == "CMD":
            after = words[1][0] if len(words) > 1 else len(rest.value)
            cmd = self._command(slice_text(rest, after, len(rest.value)), inst.span)
            if cmd is None:
                self.warn("HEALTHCHECK CMD without a command", inst.line)
                return
            self.state.healthcheck = cmd
            self.state.healthcheck_disabled = False
        else:
            self.warn(f"HEALTHCHECK: expected CMD or NONE, got {head[:20]!r}", inst.line)

    def do_shell(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        tokens = json_tokens(rest)
        if tokens is None:
            self.warn("SHELL must be a JSON array", inst.line)
            return
        self.state.shell = tuple(t.value for t in tokens)

    def do_user(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        self.state.user = self._substituted(rest).strip() or None

    def do_run(self, inst: Instruction, rest: Text) -> None:
        for name, value in inst.flags:
            if name == "mount" and value:
                for part in value.split(","):
                    key, _, val = part.partition("=")
                    if key.strip() == "from":
                        self._depend(val.strip())

    def _depend(self, ref: str) -> int | None:
        st = _find_stage(tuple(self.stages[:-1]), ref) if ref else None
        if st is not None and self.stage_meta:
            self.stage_meta[-1]["depends"].add(st.index)
            return st.index
        return None

    def do_copy(self, inst: Instruction, rest: Text) -> None:
        self._copy(inst, rest)

    def do_add(self, inst: Instruction, rest: Text) -> None:
        self._copy(inst, rest)

    def _copy(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        tokens = json_tokens(rest)
        lexer = self._lexer("keep")
        if tokens is not None:
            words = [w for t in tokens for w in lexer.words(t, split=False, quotes=False)]
        else:
            words = lexer.words(rest)
        if len(words) < 2:
            if not inst.heredocs:
                self.warn(f"{inst.keyword} needs a source and a destination", inst.line)
            return
        from_stage = inst.flag("from")
        if from_stage is not None:
            self._depend(from_stage)
        excludes = tuple(v for k, v in inst.flags if k == "exclude" and v)
        src_texts = tuple(words[:-1])
        dest_raw = words[-1].value
        sources = tuple(t.value for t in src_texts)
        dest = _join(self.state.workdir, dest_raw) if dest_raw else (self.state.workdir or "/")
        globby = any(any(ch in s for ch in "*?[") for s in sources)
        dest_is_dir = (
            dest_raw.endswith("/")
            or dest_raw in (".", "./", "..")
            or len(sources) > 1
            or globby
            or dest in self.state.dirs
            or dest == "/"
        )
        context_sources = []
        for src in sources:
            if src.startswith("<<"):
                continue  # a heredoc: a file written inline
            if inst.keyword == "ADD" and _remote(src):
                continue
            context_sources.append(src)
        from_context = from_stage is None and bool(context_sources)
        op = CopyOp(
            sources=sources if from_stage is not None else tuple(context_sources),
            dest=dest,
            span=inst.span,
            from_context=from_context,
            keyword=inst.keyword,
            from_stage=from_stage,
            stage=len(self.stages) - 1,
            excludes=excludes,
            dest_is_dir=dest_is_dir,
            source_texts=src_texts,
        )
        self.copies.append(op)
        if dest_is_dir:
            self.state.dirs.add(dest)
        for src in sources:
            if not _looks_like_file(posixpath.basename(src.rstrip("/"))) or src.endswith("/"):
                # a directory copied to dest: dest exists as a directory afterwards
                self.state.dirs.add(dest)

    # -- the result ------------------------------------------------------------------------
    def finish(self) -> Dockerfile:
        stages = []
        for st, state, meta in zip(self.stages, self.stage_states, self.stage_meta):
            wd = state.workdir

            def at(cmd: Command | None) -> Command | None:
                return replace(cmd, working_dir=wd) if cmd is not None else None

            stages.append(
                replace(
                    st,
                    workdir=wd,
                    env=tuple(state.env.values()),
                    expose=tuple(state.expose),
                    cmd=at(state.cmd),
                    entrypoint=at(state.entrypoint),
                    healthcheck=at(state.healthcheck),
                    healthcheck_disabled=state.healthcheck_disabled,
                    shell=state.shell,
                    user=state.user,
                    depends=tuple(sorted(meta["depends"])),
                )
            )
        final = stages[-1] if stages else None
        if final is None:
            self.warn("no FROM instruction", None)
        return Dockerfile(
            path=self.path,
            instructions=tuple(self.instructions),
            stages=tuple(stages),
            workdir=final.workdir if final else None,
            copies=tuple(self.copies),
            expose=final.expose if final else (),
            env=final.env if final else (),
            cmd=final.cmd if final else None,
            entrypoint=final.entrypoint if final else None,
            healthcheck=final.healthcheck if final else None,
            healthcheck_disabled=final.healthcheck_disabled if final else False,
            escape=self.escape,
            warnings=tuple(self.warnings),
        )


def _remote(src: str) -> bool:
    low = src.lower()
    return "://" in low or low.startswith("git@") or (low.endswith(".git") and ("/" in low or ":" in low))


def _looks_like_file(name: str) -> bool:
    """A guess, without the file system: ``app.py`` and ``.env`` are files, ``app`` a directory."""
    if name in ("", ".", ".."):
        return False
    if name.startswith("."):
        return True
    stem, dot, ext = name.rpartition(".")
    return bool(dot and stem and ext and ext.isalnum())


def parse_dockerfile(source: str, path: str) -> Dockerfile:
    """Parse a Dockerfile's text; ``path`` (posix, relative to the project root) goes into
    every Span.  Never raises."""
    try:
        return _Parser(source if isinstance(source, str) else str(source), path).run()
    except Exception as exc:  # pragma: no cover - defensive
        return Dockerfile(path=path, warnings=(FileError(path, f"cannot parse Dockerfile: {exc}"),))


# --------------------------------------------------------------------------- code roots


def _stage_closure(df: Dockerfile, target: str | int | None) -> set[int]:
    top = df.stage(target)
    if top is None:
        return set()
    seen: set[int] = set()
    todo = [top.index]
    while todo:
        idx = todo.pop()
        if idx in seen or not (0 <= idx < len(df.stages)):
            continue
        seen.add(idx)
        st = df.stages[idx]
        if st.parent is not None:
            todo.append(st.parent)
        todo.extend(st.depends)
    return seen


def _norm_source(src: str) -> str | None:
    """A COPY source as a path relative to the build context ("" for the context itself)."""
    s = src.replace("\\", "/") if "/" not in src and "\\" in src else src
    s = s.lstrip("/")
    s = posixpath.normpath(s) if s else "."
    if s == "." or s == "":
        return ""
    if s == ".." or s.startswith("../"):
        return None
    return s


def _under(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` ("" when equal), or None when it is not under it."""
    if base == "/":
        return path.lstrip("/")
    if path == base:
        return ""
    if path.startswith(base.rstrip("/") + "/"):
        return path[len(base.rstrip("/")) + 1 :]
    return None


def code_roots(
    df: Dockerfile,
    context: str,
    *,
    target: str | None = None,
    isdir: Callable[[str], bool] | None = None,
) -> tuple[CodeRoot, ...]:
    """Project paths the build copies from its context, with their container targets.

    ``context`` is the build context directory relative to the project root ("" for the
    root).  ``target`` is the stage built (Compose ``build.target``; default the last):
    copies in the stages it depends on count.  ``isdir(path)`` says whether a project path
    is a directory (a guess from the name when not given).  Globs are widened to their
    directory.  A context copy into an earlier stage that a later ``COPY --from`` carries
    over maps to the later destination.
    """
    try:
        return _code_roots(df, context, target, isdir)
    except Exception:  # pragma: no cover - defensive
        return ()


def _code_roots(df, context, target, isdir) -> tuple[CodeRoot, ...]:
    context = posixpath.normpath(context.strip("/")) if context and context not in (".", "./") else ""
    if context == ".":
        context = ""
    stages = _stage_closure(df, target)
    if not df.stages:
        return ()
    final = (df.stage(target) or df.stages[-1]).index
    roots: list[CodeRoot] = []
    for op in df.copies:
        if not op.from_context or op.stage not in stages:
            continue
        for src in op.sources:
            rel = _norm_source(src)
            if rel is None:
                continue
            parts = rel.split("/") if rel else []
            glob_at = next((k for k, p in enumerate(parts) if any(ch in p for ch in "*?[")), None)
            if glob_at is not None:
                if glob_at == len(parts) - 1 and not any(
                        fnmatch.fnmatchcase(name, parts[-1]) for name in ("x.py", "pkg", "x.sh", "x.ini", "x.conf")):
                    continue  # `COPY poetry.lock* ./`: files that hold no code or configuration
                source_rel = "/".join(parts[:glob_at])
                is_dir = True
                dest = op.dest
            else:
                source_rel = rel
                full = posixpath.join(context, rel) if context else rel
                if isdir is not None:
                    try:
                        is_dir = bool(isdir(full)) if full else True
                    except Exception:
                        is_dir = not _looks_like_file(posixpath.basename(rel))
                else:
                    is_dir = rel == "" or src.endswith("/") or not _looks_like_file(posixpath.basename(rel))
                if is_dir:
                    dest = op.dest
                elif op.dest_is_dir:
                    dest = _join(op.dest, posixpath.basename(rel))
                else:
                    dest = op.dest
            source = posixpath.join(context, source_rel) if context and source_rel else (context or source_rel)
            source = posixpath.normpath(source) if source else ""
            if source == ".":
                source = ""
            excludes = tuple(
                posixpath.normpath(posixpath.join(source, e.lstrip("/"))) if source else posixpath.normpath(e.lstrip("/"))
                for e in op.excludes
            )
            for src_path, dst in _carry(df, op.stage, final, source, dest, is_dir, stages):
                roots.append(CodeRoot(src_path, dst, excludes))
    roots.extend(_installed_roots(df, context, final, stages))
    out: list[CodeRoot] = []
    for r in roots:
        if r not in out:
            out.append(r)
    return tuple(out)


# `pip install .`, `pip install -e /app`, `uv pip install .`, `poetry install`, `uv sync`,
# `pdm install`, `pip wheel .`, `python setup.py install`, `python -m build`: the project
# itself is installed (or built to be installed) from what the stage copied
_INSTALL = re.compile(
    r"\b(?:pip3?|uv\s+pip|python3?\s+-m\s+pip)\s+(?:install|wheel)\b[^&;|\n]*?\s(?:-e\s+|--editable\s+|--no-deps\s+)?"
    r"(?:\.|\./|/[\w./-]+|\.\[[\w,-]+\])(?=\s|$|\[)"
    r"|\b(?:poetry|pdm)\s+install\b|\buv\s+sync\b|\bsetup\.py\s+(?:install|develop|bdist_wheel)\b"
    r"|\bpython3?\s+-m\s+build\b|\buv\s+build\b"
)
INSTALLED_PREFIX = "/@installed"  # where a container holds the project's own installed packages


def _installed_roots(df: Dockerfile, context: str, final: int, stages: set[int]) -> list[CodeRoot]:
    """The project's code a stage installs as a package (a venv or site-packages, then
    copied on to the final stage): importable in the container, but not at a path the
    Dockerfile names.  Mapped under ``INSTALLED_PREFIX`` (its ``src/`` too)."""
    chain = _ancestors(df, final)
    reaching = set(chain)
    for op in df.copies:  # a stage whose files the final chain copies from
        if op.from_stage is not None and op.stage in chain:
            st = _find_stage(df.stages[: op.stage], op.from_stage)
            if st is not None:
                reaching |= _ancestors(df, st.index)
    out: list[CodeRoot] = []
    for inst in df.instructions:
        if inst.keyword != "RUN" or inst.stage not in reaching or inst.stage not in stages:
            continue
        if not _INSTALL.search(inst.args):
            continue
        for op in df.copies:
            if not op.from_context or op.stage not in _ancestors(df, inst.stage):
                continue
            for src in op.sources:
                rel = _norm_source(src)
                if rel is None or any(ch in rel for ch in "*?["):
                    continue
                source = posixpath.join(context, rel) if context and rel else (context or rel)
                target = posixpath.join(INSTALLED_PREFIX, source) if source else INSTALLED_PREFIX
                root = CodeRoot(posixpath.normpath(source) if source else "", target)
                if root not in out:
                    out.append(root)
    return out


def _carry(df: Dockerfile, stage: int, final: int, source: str, dest: str, is_dir: bool, stages: set[int], depth: int = 0):
    """Follow ``COPY --from=<stage>`` chains: where (source, dest) written in ``stage`` ends up."""
    if stage == final or depth > len(df.stages):
        return [(source, dest)]
    out = []
    for op in df.copies:
        if op.from_stage is None or op.stage not in stages or op.stage <= stage:
            continue
        src_stage = _find_stage(df.stages[: op.stage], op.from_stage)
        if src_stage is None or src_stage.index != stage:
            continue
        for src in op.sources:
            if any(ch in src for ch in "*?["):
                continue
            base = _join("/", src)
            rest = _under(dest, base)
            if rest is not None:  # what the stage wrote lies under what is copied on
                if rest:
                    new_dest = _join(op.dest, rest)
                elif is_dir or not op.dest_is_dir:
                    new_dest = op.dest
                else:
                    new_dest = _join(op.dest, posixpath.basename(base))
                out.extend(_carry(df, op.stage, final, source, new_dest, is_dir, stages, depth + 1))
                continue
            inner = _under(base, dest) if is_dir else None
            if inner:  # only a part of what the stage wrote is copied on
                sub = posixpath.join(source, inner) if source else inner
                out.extend(_carry(df, op.stage, final, sub, op.dest, True, stages, depth + 1))
    # Code copied into a stage the final one is built FROM is there too; code copied only
    # into a build stage (assets, collectstatic, wheels) and not carried on does not run.
    if stage in _ancestors(df, final) and (source, dest) not in out:
        out.append((source, dest))
    return out


def _ancestors(df: Dockerfile, index: int) -> set[int]:
    """``index`` and the stages it is built FROM (their files are in it)."""
    out: set[int] = set()
    while index is not None and 0 <= index < len(df.stages) and index not in out:
        out.add(index)
        index = df.stages[index].parent  # type: ignore[assignment]
    return out


def _redact(text: str) -> str:
    """Credentials out of Dockerfile text quoted in a message (every output redacts again)."""
    from dockwise.extract.address import redact

    return redact(text)
