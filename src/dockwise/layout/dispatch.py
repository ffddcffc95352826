"""Where a start command's words stop being a command: the argument an entrypoint script
dispatches on.

``ENTRYPOINT ["/entrypoint.sh"]`` with ``CMD ["gunicorn"]`` runs ``/entrypoint.sh gunicorn``.
A script that ends in ``exec "$@"`` runs that word as a program; one that dispatches on it
(``case "$1" in gunicorn) run_server asgi "${@:2}" ;; ... esac``) runs what its arm says,
and the word is only a subcommand name.  Reading it as the program (gunicorn with its
default loopback bind) would judge a server that never starts that way.

The word is a subcommand when a ``case "$1"`` arm of the script (the script a project file,
found through the service's code roots) matches it before any catch-all ``*)`` arm, or an
``if``/``elif`` branch tests ``$1`` against it (``if [ "$1" = "worker" ]; then``), and that
arm does not pass the arguments on as they were given: neither ``"$@"``/``$*`` whole, nor
the word's own program with the rest (``gunicorn) exec gunicorn "${@:2}"``), nor reaches
``exec "$@"`` after the block (an arm whose last command is ``exec prog ...`` or ``exit``
never does: the process was replaced or ended).  The word is also the dispatched argument where the script
joins it to a directory and runs or sources the result (``exec "/opt/run/tasks/$1"``, ``source "$target"``
with ``target="$TASKS/$task"`` and ``task="$1"``) and the image holds a file of the tree at that path
(``dispatched_file``): that file is what runs.  Anything else (no such arm, a script that is not in the tree, a form not read here) keeps the
words a command.
"""
from __future__ import annotations

import fnmatch
import posixpath
import re
from typing import Callable, Iterator, Sequence

from dockwise.layout.model import CodeRoot, Command
from dockwise.layout.shellfuncs import without_function_bodies
from dockwise.layout.startfiles import command_script, to_project

__all__ = ["arms_of", "dispatched_argument", "dispatched_file", "dispatches_on", "first_arg_cases", "if_chains",
           "ignores_arguments", "select_argc_ifs", "select_first_arg_cases"]

_CASE_ON_FIRST = re.compile(r"""\bcase[ \t]+(?:"\$\{?1\}?"|\$\{?1\}?)[ \t]+in\b""")
_NESTING = re.compile(r"\bcase\b|\besac\b|;;&?|;&")
# `case "$ROLE" in` / `case ${ROLE} in`: a case on a variable (which may hold the first argument)
_CASE_ON_NAME = re.compile(r"""\bcase[ \t]+(")?\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(?(2)(?::?-[^}"'\s]*)?\})(?(1)")[ \t]+in\b""")
# `ROLE=$1`, `SERVICE="${1:-web}"`, `export ROLE=${1}` at the start of a line (the script's own
# level, not a function's, whose `$1` is the function's argument): the variable holds the first argument
_FIRST_ALIAS = re.compile(r"""^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=(")?\$(?:1|\{1(?::?-[^}"'\s]*)?\})(?(2)")(?=[ \t]*(?:[;#\n]|$))""",
                          re.MULTILINE)
# one arm's head: `pattern | pattern )`, optionally opened with `(`
_ARM_HEAD = re.compile(r"""\s*\(?[ \t]*((?:"[^"\n]*"|'[^'\n]*'|[^\s()|;"']+)(?:[ \t]*\|[ \t]*(?:"[^"\n]*"|'[^'\n]*'|[^\s()|;"']+))*)[ \t]*\)""")
# `if`/`elif`/`else`/`fi`/`then` as shell words (not inside a longer word: `config`, `diff`)
_IF_WORDS = re.compile(r"(?<![\w$.-])(if|elif|else|fi|then)(?![\w.-])")
# a test of the first argument for equality: `"$1" = "worker"`, `[[ $1 == web* ]]`, `"${1}" == 'x'`
_FIRST_EQUALS = re.compile(r"""(?:"\$\{?1\}?"|\$\{?1\}?)[ \t]*==?[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s\]);&|]+)""")
# a whole condition testing the first argument, or a variable holding it, for equality:
# `[ "$1" = "worker" ]`, `[[ "${target}" == iris-worker ]]`, `test $ROLE = web`
_ARG_TEST = re.compile(r"""\s*(?:\[\[?|test)[ \t]+(")?\$(\{)?(1|[A-Za-z_][A-Za-z0-9_]*)(?(2)(?::?-[^}"'\s]*)?\})(?(1)")"""
                       r"""[ \t]*==?[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s\]"';&|]+)[ \t]*(?:\]\]?)?[ \t]*;?\s*""")
_WHOLE_ARGS = re.compile(r"\$(?:[@*]|\{[@*]\})")  # "$@", $*, ${@}: the arguments as given
_SOME_ARGS = re.compile(r"\$\{[@*]:")  # "${@:2}": the arguments after the word
# a command that ends the script's own run: `exec prog ...` (not `exec >log 2>&1`, which only
# redirects and goes on) or `exit`
_ENDS_RUN = re.compile(r"(?:exec[ \t]+(?:-[acl]+[ \t]+)*(?!\d*[<>&])[^\s<>;&|]|exit\b)")


def dispatched_argument(command: Command | None, code: Sequence[CodeRoot], is_file: Callable[[str], bool],
                        read: Callable[[str], str | None],
                        is_wrapper: Callable[[str], bool] = lambda name: False) -> int | None:
    """The index in ``command.tokens`` of the argument its entrypoint script dispatches on
    (from there on the words are a subcommand's, not a command), or None.  A script named as a
    wrapper dockwise knows (``is_wrapper``: a project's own copy of ``wait-for-it.sh``, whose
    option loop reads ``case "$1" in *:* )``) dispatches on nothing: its words are read as the
    wrapper's entry says (``rules/commands.yaml`` wrappers: the command after ``--``)."""
    found = command_script(command, code, is_file, read)
    if found is None or command is None:
        return None
    i, text = found
    if is_wrapper(posixpath.basename(command.tokens[i].value)):
        return None
    word = command.tokens[i + 1].value
    if word.startswith("-") or "$" in word:
        return None
    if dispatched_file(text, word, lambda path: to_project(path, code, is_file) is not None) is not None:
        return i + 1
    return i + 1 if dispatches_on(text, word) or ignores_arguments(text) else None


# a plain file name, as a command word that names a script of a directory: `docs`, `serve-api`
_FILE_WORD = re.compile(r"[A-Za-z0-9_][\w.-]*")
# a word of the script that is a path in a directory ending in a variable: `/opt/run/tasks/$1`,
# `"$TASKS/${task}"`, `/opt/run/tasks/"$1"` (the directory: a literal absolute path, or a variable)
_DIR_PATH = re.compile(r"""(?<![\w$}/."'-])(["']?)(/[\w./-]*[\w.-]|\$\{?[A-Za-z_]\w*\}?)/"?\$\{?(1|[A-Za-z_]\w*)\}?"?(?=$|[\s;&|)])""",
                       re.MULTILINE)
# where such a word runs: the command word of a line (after `exec`, `source`, `.`, `then`, `&&`...)
_RUNS_AT = re.compile(r"""(?:^|[;&|({]|\b(?:then|do|else|exec|source)\b|(?<![\w.-])\.)[ \t]*(?:exec[ \t]+(?:-[acl]+[ \t]+)*)?$""")
# `NAME=value` at the start of a command (`local`/`readonly`/`export`/`declare` before it)
_BINDING = r"""(?:^|[;&|({{]|\b(?:export|local|declare|readonly|typeset|then|do|else))[ \t]*{name}=(\S*)"""


def dispatched_file(text: str, word: str, exists: Callable[[str], bool]) -> str | None:
    """The container path of the script that the shell script ``text``, run with first argument
    ``word``, runs or sources because the word names it: a file of a directory the script
    joins the argument to, ``exec "/opt/run/tasks/$1" "${@:2}"``, or ``task="$1"`` then
    ``target="$TASKS/$task"`` and ``source "$target"`` (a dispatcher whose command words are
    the names of the scripts in its directory).  The directory is written out, or held by a
    variable bound only to a path written out; the argument is ``$1`` or a variable bound from
    it, whatever else the script assigns it a word written out (`cmd=shell` for another form of
    the command); the joined path is a command word of the script, or held by a variable that
    is (``source "$target"``, ``exec "$target"``).  ``exists``: whether a container path is a
    file the image holds from the tree (a script the build copies in).  None where the word is
    no plain file name, the script joins no such path, or the image holds no such file."""
    if not _FILE_WORD.fullmatch(word):
        return None
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))
    for m in _DIR_PATH.finditer(text):
        directory = _literal_dir(text, m.group(2))
        if directory is None or not _first_argument(text, m.group(3)):
            continue
        if not (_runs_at(text, m.start()) or _held_and_run(text, m)):
            continue
        path = posixpath.normpath(posixpath.join(directory, word))
        if posixpath.dirname(path) == posixpath.normpath(directory) and exists(path):
            return path
    return None


def _literal_dir(text: str, head: str) -> str | None:
    """The absolute directory ``head`` (a path written out, or ``$NAME``) stands for: a
    variable counts where every binding of it in ``text`` is the same absolute path written out."""
    if not head.startswith("$"):
        return head
    name = head.strip("${}")
    values = {v.strip("\"'") for v in re.findall(_BINDING.format(name=re.escape(name)), text, re.MULTILINE)}
    if len(values) != 1:
        return None
    value = next(iter(values))
    return value if value.startswith("/") and re.fullmatch(r"[\w./-]+", value) else None


def _first_argument(text: str, name: str) -> bool:
    """``$1`` itself, or a variable bound from it (``task="$1"``, ``local task=${1}``) and
    otherwise only to words written out (never read into, ``read task``)."""
    if name == "1":
        return True
    values = [v.strip("\"'") for v in re.findall(_BINDING.format(name=re.escape(name)), text, re.MULTILINE)]
    if not any(v in ("$1", "${1}") for v in values):
        return False
    if re.search(rf"\b(?:read|getopts)\b[^\n;]*\b{re.escape(name)}\b", text):
        return False
    return all(v in ("$1", "${1}") or re.fullmatch(r"[\w.-]+", v) for v in values)


def _runs_at(text: str, at: int) -> bool:
    """The word at ``at`` is the command word of its command (``exec "/opt/run/tasks/$1"``)."""
    line_start = text.rfind("\n", 0, at) + 1
    return _RUNS_AT.search(text[line_start:at]) is not None


def _held_and_run(text: str, m: re.Match[str]) -> bool:
    """The path ``m`` is the whole value of a variable's binding (``target="$TASKS/$task"``)
    that the script then runs or sources as a command word (``source "$target"``)."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    bound = re.search(r"(?:^|[;&|({]|\b(?:local|readonly|declare|export|typeset))[ \t]*([A-Za-z_]\w*)=$",
                      text[line_start:m.start()])
    if bound is None:
        return False
    quote = m.group(1)
    if quote and not m.group(0).endswith(quote):
        return False  # the path is only part of the value (`"/opt/run/tasks/$1".sh`)
    name = bound.group(1)
    for use in re.finditer(rf"""(["']?)\$\{{?{re.escape(name)}\}}?\1(?=$|[\s;&|)])""", text, re.MULTILINE):
        if use.start() > m.end() and _runs_at(text, use.start()):
            return True
    return False


# what reads the script's positional arguments: "$@", $*, $1..$9, ${1}, ${@:2}, $# / ${#}
# (not ${#NAME}, a length), and the builtins that consume them
_READS_ARGS = re.compile(r"\$(?:[@*#1-9]|\{(?:[@*1-9]|#\}))|(?<![\w.-])(?:shift|getopts)(?![\w.-])")
# a file sourced into the script (`. ./env.sh`, `source lib.sh`) shares its arguments
_SOURCES = re.compile(r"(?:^|[;&|(]|\s)(?:source|\.)[ \t]+[^\s;&|<>]")


def ignores_arguments(text: str) -> bool:
    """Whether the shell script ``text`` never reads its positional arguments (nor sources a
    file that might): run as ``ENTRYPOINT`` with the ``CMD`` words as arguments, it starts
    what it names itself, and those words run nothing (``exec python -m app.serve`` in a
    script given ``gunicorn app:app``).  A function's body reads its own arguments (``wait_for()
    { host=$1; ... }``), not the script's: it is left out, where every body is read to its end
    (the script's own level hands them on where it calls one with ``"$@"``)."""
    text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))
    own_level = without_function_bodies(text)
    return not _READS_ARGS.search(text if own_level is None else own_level) and not _SOURCES.search(text)


def dispatches_on(text: str, word: str) -> bool:
    """Whether the shell script ``text`` run with first argument ``word`` dispatches on it."""
    text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith("#"))
    blocks = [(start, *arms_of(text, end)) for start, end in first_arg_cases(text)] + _if_chains(text)
    for _, arms, end in sorted(blocks, key=lambda b: b[0]):  # in the order the script runs them
        for patterns, body in arms:
            if patterns != [_ELSE] and not any(fnmatch.fnmatchcase(word, p) for p in patterns):
                continue
            if all(p == "*" for p in patterns):
                return False  # the catch-all: typically `exec "$@"`
            if _WHOLE_ARGS.search(body) or end is None or (_WHOLE_ARGS.search(text, end) and not _ends_run(body)):
                return False  # the arguments run as given, in the arm or after the block (a setup arm)
            if _SOME_ARGS.search(body) and re.search(rf"(?<![\w./-]){re.escape(word)}(?![\w.-])", body):
                return False  # `gunicorn) exec gunicorn "${@:2}"`: the word's own program, with the rest
            return True
    return False


def _first_arg_aliases(text: str, before: int) -> set[str]:
    """The variables that hold the script's first argument at ``before``: bound once, on the
    script's own level, from ``$1`` (``ROLE=$1``, ``target=${1:-web}``), and never set or read
    into otherwise."""
    names = {a.group(1) for a in _FIRST_ALIAS.finditer(text, 0, before)}
    out = set()
    for var in names:
        aliases = [a for a in _FIRST_ALIAS.finditer(text) if a.group(1) == var]
        assigned = re.findall(rf"(?:^|[;&|({{]|\b(?:export|local|declare|readonly|typeset|then|do|else))[ \t]*{re.escape(var)}=",
                              text, re.MULTILINE)
        if len(aliases) == 1 and len(assigned) == 1 \
                and not re.search(rf"\b(?:read|getopts)\b[^\n;]*\b{re.escape(var)}\b", text):
            out.add(var)
    return out


def _first_arg_chain(text: str, start: int, branches: list[tuple[str | None, str]]) -> list[str | None] | None:
    """The word each branch of the ``if`` chain at ``start`` tests the first argument for (None:
    the ``else``), where every condition is one such test of the same argument (``$1`` or a
    variable holding it), or None."""
    tests = [_ARG_TEST.fullmatch(cond) if cond is not None else None for cond, _ in branches]
    if not tests or any(t is None and cond is not None for t, (cond, _) in zip(tests, branches, strict=True)):
        return None
    names = {t.group(3) for t in tests if t is not None}
    if len(names) != 1:
        return None
    name = next(iter(names))
    if name != "1" and name not in _first_arg_aliases(text, start):
        return None
    return [t.group(4).strip("\"'") if t is not None else None for t in tests]


def first_arg_cases(text: str) -> list[tuple[int, int]]:
    """Where each ``case`` block of the shell script ``text`` that dispatches on its first
    argument starts, and where its words begin: ``case "$1" in``, or ``case "$SERVICE" in``
    where the script binds ``SERVICE=${1:-web}`` once, on its own level, before the block."""
    heads = [(m.start(), m.end()) for m in _CASE_ON_FIRST.finditer(text)]
    for m in _CASE_ON_NAME.finditer(text):
        var = m.group(3)
        aliases = [a for a in _FIRST_ALIAS.finditer(text, 0, m.start()) if a.group(1) == var]
        assigned = re.findall(rf"(?:^|[;&|({{]|\b(?:export|local|declare|readonly|typeset|then|do|else))[ \t]*{re.escape(var)}=",
                              text, re.MULTILINE)
        if len(aliases) == 1 and len(assigned) == 1 \
                and not re.search(rf"\b(?:read|getopts)\b[^\n;]*\b{re.escape(var)}\b", text):
            heads.append((m.start(), m.end()))
    return sorted(heads)


def select_first_arg_cases(text: str, word: str) -> str:
    """``text`` with each ``case`` block on the script's first argument (``first_arg_cases``)
    that starts a line of the script's own level cut to the arm ``word`` takes (nothing,
    where no arm matches): the script run as ``entrypoint.sh beat`` runs the ``beat)`` arm,
    not the web server of the ``web)`` arm.  A block that falls through (``;&``, ``;;&``),
    whose end is not found, or a ``case "$1"`` after a ``shift`` is kept whole."""
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))
    pos = 0
    for _ in range(64):
        heads = [(s, e) for s, e in first_arg_cases(text) if s >= pos]
        if not heads:
            break
        start, words_at = heads[0]
        pos = words_at
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip():
            continue  # indented or after other words: inside a function or another block
        if _CASE_ON_FIRST.match(text, start) and re.search(r"(?<![\w.-])shift(?![\w.-])", text[:start]):
            continue  # `shift`ed: `$1` is another word by now
        arms, end = arms_of(text, words_at)
        if end is None or re.search(r";;&|;&", text[words_at:end]):
            continue
        body = next((b for patterns, b in arms if any(fnmatch.fnmatchcase(word, p) for p in patterns)), "")
        text = text[:start] + "\n" + body + "\n" + text[end:]
        pos = start
    return _select_first_arg_ifs(text, word)


_FUNCTION_HEAD = re.compile(r"^\s*(?:function\s+[A-Za-z_][\w-]*\s*(?:\(\s*\))?|[A-Za-z_][\w-]*\s*\(\s*\))\s*\{?\s*$")


def _in_function(before: str) -> bool:
    """Whether the text after ``before`` is inside a function's body (whose ``$1`` is the
    function's own argument): a function opened before it whose closing ``}`` is not yet found."""
    depth = 0
    for line in before.split("\n"):
        if _FUNCTION_HEAD.match(line):
            depth += 1
        elif re.fullmatch(r"\s*\}\s*;?\s*", line) and depth:
            depth -= 1
    return depth > 0


def _select_first_arg_ifs(text: str, word: str) -> str:
    """``text`` with each ``if``/``elif`` chain on the script's own level whose every condition
    tests the first argument (``$1``, or a variable bound once from it) cut to the branch
    ``word`` takes: the one testing for it, else the ``else``, else nothing.  A chain after a
    ``shift``, inside another block, or with any other condition is kept whole."""
    def taken(text: str, start: int, branches: list) -> int | None:
        words = _first_arg_chain(text, start, branches)
        if words is None:
            return None
        return next((i for i, w in enumerate(words) if w is None or w == word), -1)
    return _cut_if_chains(text, taken)


def _cut_if_chains(text: str, taken: Callable[[str, int, list], int | None]) -> str:
    """``text`` with each ``if``/``elif`` chain on the script's own level (not inside a function
    or another block, nor after a ``shift``, which moves the arguments) cut to the branch
    ``taken(text, start, branches)`` picks by its index (-1: none runs), or kept whole where it
    gives None."""
    pos = 0
    for _ in range(64):
        chain = next(((st, br, en) for st, br, en, clean in if_chains(text, pos) if clean and en is not None), None)
        if chain is None:
            break
        start, branches, end = chain
        line_start = text.rfind("\n", 0, start) + 1
        pick = None if text[line_start:start].strip() or _in_function(text[:start]) \
            or re.search(r"(?<![\w.-])shift(?![\w.-])", text[:start]) else taken(text, start, branches)
        if pick is None:
            pos = start + 2
            continue
        body = branches[pick][1] if pick >= 0 else ""
        text = text[:start] + "\n" + body + "\n" + text[end:]
        pos = start
    return text


# a whole condition on how many arguments the script was given: `[ "$#" -gt 0 ]`, `[[ $# -eq 0 ]]`,
# `test ${#} -ne 0`; or whether the first is empty: `[ -z "$1" ]`, `[ -n "${1}" ]`
_ARGC_TEST = re.compile(r"""\s*(?:\[\[?|test)[ \t]+(?:(")?\$(?:#|\{#\})(?(1)")[ \t]+-(eq|ne|gt|ge|lt|le)[ \t]+(\d+)"""
                        r"""|-([zn])[ \t]+(")?\$(?:1|\{1\})(?(5)"))[ \t]*(?:\]\]?)?[ \t]*;?\s*""")
_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b}


def _argc_holds(cond: str, argc: int) -> bool | None:
    """Whether the condition ``cond`` (an argument-count test, ``_ARGC_TEST``) holds for a
    script given ``argc`` non-empty arguments; None where it is no such test."""
    m = _ARGC_TEST.fullmatch(cond)
    if m is None:
        return None
    if m.group(2) is not None:
        return _COMPARE[m.group(2)](argc, int(m.group(3)))
    return (argc == 0) == (m.group(4) == "z")


def select_argc_ifs(text: str, argc: int) -> str:
    """``text`` with each ``if``/``elif`` chain on the script's own level whose every condition
    tests how many arguments the script was given (``[ "$#" -gt 0 ]``, ``[ -z "$1" ]``) cut to
    the branch a script given ``argc`` arguments takes: an entrypoint's ``if [ "$#" -gt 0 ];
    then exec "$@"; else exec uvicorn app:app; fi`` run with the service's command runs that
    command, not the default server of its ``else``.  A chain after a ``shift``, inside a
    function or another block, or with any other condition is kept whole."""
    text = "\n".join("" if line.lstrip().startswith("#") else line for line in text.split("\n"))

    def taken(_text: str, _start: int, branches: list) -> int | None:
        holds = [_argc_holds(cond, argc) if cond is not None else True for cond, _ in branches]
        if any(h is None for h in holds):
            return None
        return next((i for i, h in enumerate(holds) if h), -1)
    return _cut_if_chains(text, taken)


def _ends_run(body: str) -> bool:
    """Whether the arm ``body``'s last command replaces or ends the script (``exec daphne
    ...``, ``exit 1``): the text after the block never runs for that word."""
    commands = [c.strip() for c in re.split(r"[;\n]", body.replace("\\\n", " ")) if c.strip()]
    return bool(commands) and bool(_ENDS_RUN.match(commands[-1]))


def _if_chains(text: str) -> list[tuple[int, list[tuple[list[str], str]], int | None]]:
    """The ``if``/``elif`` chains of the script that test ``$1`` for equality, as case arms:
    where the chain starts, (the words each branch tests for, its body) each, and where the
    chain's ``fi`` ends."""
    chains: list[tuple[int, list[tuple[list[str], str]], int | None]] = []
    for start, branches, end, _ in if_chains(text):
        words = _first_arg_chain(text, start, branches)
        if words is not None:
            # every condition tests the argument: the `else` takes every other word
            arms = [([w] if w is not None else [_ELSE], body) for w, (_, body) in zip(words, branches, strict=True)]
        else:
            arms = [(patterns, body) for cond, body in branches if cond is not None
                    for patterns in [[p.strip("\"'") for p in _FIRST_EQUALS.findall(cond)]] if patterns]
        if arms:
            chains.append((start, arms, end))
    return chains


_ELSE = "\0else"  # the pattern of an `if` chain's `else` branch: the words no condition names


def if_chains(text: str, pos: int = 0, scan: str | None = None
              ) -> Iterator[tuple[int, list[tuple[str | None, str]], int | None, bool]]:
    """Every ``if`` chain of the shell text from ``pos`` on (nested ones too, each in turn):
    where it starts, its branches ((the condition's text, None for the ``else``; the body)
    each), where its ``fi`` ends (None: not found), and whether every word fell in place (no
    ``elif``/``else``/``fi`` before a ``then``).  ``scan``: ``text`` with the parts that hold
    no words blanked out (same offsets), where the words are looked for."""
    words = list(_IF_WORDS.finditer(text if scan is None else scan, pos))
    for i, m in enumerate(words):
        if m.group(1) != "if":
            continue
        branches: list[tuple[str | None, str]] = []
        depth = 0
        clean = True
        cond_at: int | None = m.end()  # where the condition being read starts
        cond: str | None = None
        body_at: int | None = None  # where the body of the branch being read starts
        end: int | None = None
        for w in words[i + 1:]:
            tok = w.group(1)
            if tok == "if":
                depth += 1
            elif tok == "fi" and depth:
                depth -= 1
            elif depth:
                continue
            elif tok == "then" and cond_at is not None:
                cond, cond_at, body_at = text[cond_at:w.start()], None, w.end()
            elif tok in ("elif", "else", "fi"):
                if body_at is not None:
                    branches.append((cond, text[body_at:w.start()]))
                else:
                    clean = False
                cond = None
                cond_at, body_at = (w.end(), None) if tok == "elif" else (None, w.end() if tok == "else" else None)
                if tok == "fi":
                    end = w.end()
                    break
            else:
                clean = False  # a `then` out of place
        yield m.start(), branches, end, clean


def arms_of(text: str, start: int) -> tuple[list[tuple[list[str], str]], int | None]:
    """The arms of the case block whose words begin at ``start`` ((patterns, body) each),
    and where the block ends (None: its end was not found)."""
    arms: list[tuple[list[str], str]] = []
    pos = start
    while True:
        close = re.compile(r"\s*esac\b").match(text, pos)
        if close is not None:
            return arms, close.end()
        head = _ARM_HEAD.match(text, pos)
        if head is None:
            return arms, None
        patterns = [p.strip().strip("\"'") for p in head.group(1).split("|")]
        depth = 0
        end = None
        for m in _NESTING.finditer(text, head.end()):
            tok = m.group()
            if tok == "case":
                depth += 1
            elif tok == "esac":
                if depth == 0:
                    arms.append((patterns, text[head.end():m.start()]))
                    return arms, m.end()  # the last arm, without `;;`
                depth -= 1
            elif depth == 0:
                end = m
                break
        if end is None:
            return arms, None
        arms.append((patterns, text[head.end():end.start()]))
        pos = end.end()
