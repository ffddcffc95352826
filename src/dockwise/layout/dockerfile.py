"""A Dockerfile parser that keeps the location of every value.

``parse_dockerfile(source, path)`` reads a Dockerfile the way BuildKit does (parser
directives, ``# escape=`` backtick, comments, continuation lines with comment lines inside,
heredocs, case-insensitive keywords, exec (JSON) and shell forms, ``$VAR`` / ``${VAR:-x}``
substitution from ARG/ENV in the instructions that support it, multi-stage builds with
``FROM <stage>`` inheritance) and returns plain frozen data.  ``code_roots`` says which
project paths the build copies from its context, and where they land in the container.

This module is the parser (instruction by instruction); the data it returns is defined in
:mod:`dockwise.layout.dockerfile_types`, the words of an instruction come from
:mod:`dockwise.layout.dockerfile_lexer`, and ``code_roots`` lives in
:mod:`dockwise.layout.dockerfile_roots`; the public names are all importable from here.

Nothing here raises on any input: malformed instructions are skipped and reported as
warnings (``Dockerfile.warnings``).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from dockwise.layout.dockerfile_lexer import (
    MAX_SUBSTITUTED,
    MAX_WORDS_TEXT,
    NAME,
    Lexer,
    json_tokens,
    raw_words,
)
from dockwise.layout.dockerfile_roots import INSTALLED_PREFIX, code_roots
from dockwise.layout.dockerfile_types import (
    CopyOp,
    Dockerfile,
    Instruction,
    Stage,
    container_join,
    find_stage,
    looks_like_file,
)
from dockwise.layout.model import Command, EnvVar
from dockwise.layout.shell import located, slice_text, split_shell, split_words
from dockwise.model import BUG_HINT, FileError, Span, Text
from dockwise.redact import redact

__all__ = [
    "Instruction",
    "CopyOp",
    "Stage",
    "Dockerfile",
    "parse_dockerfile",
    "code_roots",
    "json_tokens",
    "INSTALLED_PREFIX",
]

_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_KNOWN_DIRECTIVES = {"syntax", "escape", "check"}
_HEREDOC_KEYWORDS = {"RUN", "COPY", "ADD"}
_FLAG_KEYWORDS = {"FROM", "COPY", "ADD", "RUN", "HEALTHCHECK"}
_MAX_PORT_RANGE = 1024


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



class _Parser:
    def __init__(self, source: str, path: str, build_args: Mapping[str, Text] | None = None) -> None:
        if source.startswith("\ufeff"):
            source = source[1:]
        self.path = path
        self.build_args = dict(build_args or {})
        self.lines = [ln[:-1] if ln.endswith("\r") else ln for ln in source.split("\n")]
        self.escape = "\\"
        self.warnings: list[FileError] = []
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.copies: list[CopyOp] = []
        self.global_args: dict[str, Text | None] = {}
        self.stage_args: dict[str, Text | None] = {}
        self.stage_args_of: list[dict[str, Text | None]] = []  # each stage's ARGs, by index
        self.state: _State | None = None
        self.stage_meta: list[dict] = []
        self.stage_states: list[_State] = []
        self.budget = [MAX_SUBSTITUTED]

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
            except Exception as exc:  # boundary: one instruction's bug is reported, the rest of the file is read
                self.warnings.append(FileError(self.path, f"internal error while parsing an instruction: {exc!r} "
                                               f"({BUG_HINT})", sl, kind="internal"))
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
            self.warn(f"not an instruction: {redact(whole[:60])!r}", sl)
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
        for w, nxt in zip(words, words[1:], strict=False):
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
            words = raw_words(rest, self.escape)
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

    def _lexer(self, unknown: str = "keep") -> Lexer:
        return Lexer(self.escape, self.scope(), unknown, self.budget)

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
        # a stage built FROM an earlier stage inherits the ARGs declared there, as it inherits
        # its ENV and WORKDIR (Docker's build-variables guide: "Arguments and variables are
        # inherited from parent stages"); a stage FROM an image starts with none
        self.stage_args = dict(self.stage_args_of[parent]) if parent is not None else {}
        self.stage_args_of.append(self.stage_args)

    def do_arg(self, inst: Instruction, rest: Text) -> None:
        target = self.global_args if self.state is None else self.stage_args
        total = 0
        for s, e in raw_words(rest, self.escape):
            word = slice_text(rest, s, e)
            name, eq, _ = word.value.partition("=")
            if not NAME.fullmatch(name):
                self.warn(f"ARG: invalid name {name[:40]!r}", inst.line)
                continue
            if eq:
                value_raw = slice_text(word, len(name) + 1, len(word.value))
                value = self._lexer("hole").words(value_raw, split=False)
                arg = value[0] if value else Text("")
                target[name] = arg
                total += len(arg.value)
                if total > MAX_WORDS_TEXT:
                    self.warn("ARG: the values are too long after substitution: the rest is ignored", inst.line)
                    break
            elif self.state is not None and name in self.global_args:
                target[name] = self.global_args[name]
            else:
                target.setdefault(name, None)
            if name in self.build_args:
                # a build argument (Compose `build.args`, `--build-arg`) overrides the declared
                # default, here and wherever the ARG is declared again
                target[name] = self.build_args[name]

    def do_env(self, inst: Instruction, rest: Text) -> None:
        assert self.state is not None
        lexer = self._lexer("hole")  # values use the environment before this instruction
        words = raw_words(rest, self.escape)
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
                    self.warn(f"ENV: {redact(word.value[:40])!r} is not NAME=value", inst.line)
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
            if total > MAX_WORDS_TEXT:
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
        self.state.workdir = container_join(self.state.workdir, value)
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
        return Command(split_shell(text), shell=True, origin="dockerfile", working_dir=None, span=span, source=text)

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
        words = raw_words(rest, self.escape)
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
        st = find_stage(tuple(self.stages[:-1]), ref) if ref else None
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
        dest = container_join(self.state.workdir, dest_raw) if dest_raw else (self.state.workdir or "/")
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
            if not looks_like_file(posixpath.basename(src.rstrip("/"))) or src.endswith("/"):
                # a directory copied to dest: dest exists as a directory afterwards
                self.state.dirs.add(dest)

    # -- the result ------------------------------------------------------------------------
    def finish(self) -> Dockerfile:
        stages = []
        for st, state, meta in zip(self.stages, self.stage_states, self.stage_meta, strict=False):
            wd = state.workdir

            def at(cmd: Command | None) -> Command | None:
                # called only inside this iteration, so the late-bound wd is this stage's
                return replace(cmd, working_dir=wd) if cmd is not None else None  # noqa: B023

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


def parse_dockerfile(source: str, path: str, build_args: Mapping[str, Text] | None = None) -> Dockerfile:
    """Parse a Dockerfile's text; ``path`` (posix, relative to the project root) goes into
    every Span.  ``build_args``: the values given to its ARGs (Compose ``build.args``), which
    override the defaults it declares.  Never raises."""
    try:
        return _Parser(source if isinstance(source, str) else str(source), path, build_args).run()
    except Exception as exc:  # boundary: the Dockerfile's bug is reported, the layout goes on without it
        return Dockerfile(path=path, warnings=(FileError(path, f"internal error while parsing the Dockerfile: {exc!r} "
                                                         f"({BUG_HINT})", kind="internal"),))
