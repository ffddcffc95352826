"""Whether anything in a container that runs the project's Python can read a variable it
never names.

A shared ``.env`` (``env_file: .env``) gives every service that loads it every variable,
``DATABASE_URL`` of the web application included.  A strong name is kept as evidence because
a library may read it by its documented name without the project writing it
(``dj_database_url.config()``, Celery's ``CELERY_BROKER_URL``, libpq's ``PGHOST``).  Where the
container's start command runs the project's Python (followed, not the fallback), no file it
runs nor its start command names the variable as a whole word, no settings loader there
composes it from a prefix (``rules/flow.yaml`` env_name_composers), no module it imports (nor
its runner) is a library that reads it by its documented name (env_readers), and it starts no
program but ones written out that read no client address (env_inert_programs), nothing there
reads it: the value is another service's setting, not dialled there.
"""
from __future__ import annotations

import ast
import functools
import posixpath
import re
import sys
from typing import Callable, Iterable

from dockwise.astnames import dotted
from dockwise.flow.astfacts import closed_class, text_char_col
from dockwise.flow.index import FUNCTIONS, ModuleAst
from dockwise.knowledge.globs import Glob, glob_match
from dockwise.pysyntax import parse as parse_source
from dockwise.runs.scan import ModuleScan

__all__ = ["composed", "library_readers", "names", "opaque", "python_names", "read_nowhere"]

# a line that starts another program (which may read any variable of the environment it inherits)
_STARTS_PROGRAM = re.compile(r"\bsubprocess\b|\bos\.(?:system|popen|exec\w*|spawn\w*|posix_spawn\w*)\b|\bpty\.spawn\b")
# the environment read by a name computed at run time, or whole (a loop over it, a copy, a
# template or a config file filled from it: `os.getenv(key)`, `os.path.expandvars(text)`), or
# a dotenv file read whole into a mapping (python-dotenv's `dotenv_values()`); the name may be written on
# the next line (`os.getenv(\n    "LOG_FORMAT", ...)`: whitespace is no name, `(?![\s"'])` after
# `\s*`, else the match backs up into the line break and takes it for a computed name)
_COMPUTED_READ = re.compile(
    r"\bexpandvars\b|\bdotenv_values\b"
    r"|\bgetenv\s*\(\s*(?![\s\"'])"
    r"|\benviron\b(?!\s*(?:\[\s*[\"']|\.(?:get|setdefault|pop)\s*\(\s*[\"']|\.(?:Env|FileAwareEnv|Path)\b))")
_SPAWNS = re.compile(r"\bcreate_subprocess_\w+")
# a membership test of a name written out (`"API_KEY" not in os.environ`) reads that name alone
_MEMBERSHIP = re.compile(r"[\"'][A-Za-z_][A-Za-z0-9_]*[\"']\s+(?:not\s+)?in\s+(?:os\s*\.\s*)?environ\b")
_IMPORT_LINE = re.compile(r"^[ \t]*(?:from|import)\b.*$", re.MULTILINE)

_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__"}


_SUBPROCESS_VALUES = frozenset({"PIPE", "STDOUT", "DEVNULL", "CalledProcessError", "TimeoutExpired",
                                "CompletedProcess", "SubprocessError"})
# the whole environment copied (to hand a child process its environment)
_ENV_COPY = re.compile(r"\bos\.environ\.copy\s*\(\s*\)|\bdict\s*\(\s*os\.environ\s*\)")


def _program(node: ast.expr, lists: dict[str, list[ast.expr]]) -> set[str] | None:
    """The programs an argument list (or command string) names first; None: not written."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        words = node.value.split()
        return {posixpath.basename(words[0])} if words else None
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:
        return _program(node.elts[0], {})
    if isinstance(node, ast.Name) and node.id in lists:
        out: set[str] = set()
        for value in lists[node.id]:
            got = _program(value, {}) if isinstance(value, (ast.List, ast.Tuple)) else None
            if got is None:
                return None
            out |= got
        return out
    return None


def _started_programs(text: str, calls: Glob) -> set[str] | None:
    """The programs ``text`` (a module) starts, each written out (`subprocess.run(["git", ...])`,
    a name bound only to such lists, `os.system("git ...")`); None where one is not written, or
    where the module reaches the process functions otherwise (imported by name, aliased, passed
    around).  ``calls``: the calls that start a program (rules/flow.yaml program_calls)."""
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError):
        return None
    lists: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("subprocess", "pty") and not node.level:
            return None
        if isinstance(node, ast.Import) and any(a.name in ("subprocess", "os", "asyncio", "pty") and a.asname
                                                for a in node.names):
            return None
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    lists.setdefault(target.id, []).append(node.value)
    programs: set[str] = set()
    called: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        if name is None or not calls.fullmatch(name):
            continue
        called.add(id(node.func))
        arg = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in ("args", "cmd", "program")), None)
        got = _program(arg, lists) if arg is not None else None
        if got is None:
            return None
        programs |= got
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in called:
            name = dotted(node)
            if name is None:
                continue
            if name.startswith("subprocess.") and name.split(".", 1)[1] not in _SUBPROCESS_VALUES:
                return None
            if calls.fullmatch(name) or re.fullmatch(r"os\.(?:exec\w*|spawn\w*|posix_spawn\w*)|pty\.spawn", name):
                return None
    return programs


def opaque(text: str, calls: Glob, inert_programs: Iterable[str] = ()) -> bool:
    """``text`` (a module's) starts another program, or reads the environment by a name it
    computes or whole: what it reads is not written.  A program started by a name written out
    and listed in ``inert_programs`` (rules/flow.yaml env_inert_programs: `git`, `pg_dump`)
    reads no address of the project's by a name the code does not write; handing it a copy of
    the environment (`env=os.environ.copy()`) is then no read of its own."""
    body = _IMPORT_LINE.sub("", text)
    if _STARTS_PROGRAM.search(text) or _SPAWNS.search(body):
        started = _started_programs(text, calls)
        inert = frozenset(inert_programs)
        if started is None or not started <= inert:
            return True
        body = _ENV_COPY.sub("", body)
    body = _MEMBERSHIP.sub("", body)
    computed = [m.start() for m in _COMPUTED_READ.finditer(body)]
    if not computed:
        return False
    # a name a loop takes from a list written out (`for name in ("A_URL", "B_URL"):
    # os.getenv(name)`) reads those names, which the text writes: no read is hidden
    listed = _listed_reads(text)
    return listed is None or any(_line_col(body, at) not in listed for at in computed)


def _line_col(text: str, at: int) -> tuple[int, int]:
    """The line (1-based) and column (characters) of offset ``at`` of ``text``."""
    start = text.rfind("\n", 0, at) + 1
    return text.count("\n", 0, at) + 1, at - start


def _listed_reads(text: str) -> set[tuple[int, int]] | None:
    """Where ``text`` reads the environment by a name that a ``for`` loop or a comprehension
    takes from a tuple, list or set of string literals: the line and column of each such
    read's ``getenv`` / ``environ`` word.  None where the text does not parse."""
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError):
        return None
    lines = text.splitlines()

    def column(line: int, byte_col: int) -> int:
        # the ast counts UTF-8 bytes; the regex counts characters
        return text_char_col(lines[line - 1], byte_col) if line <= len(lines) else -1

    def written(node: ast.expr) -> bool:
        return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and bool(node.elts) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts)

    out: set[tuple[int, int]] = set()

    def reads(nodes: Iterable[ast.AST], var: str) -> None:
        for root in nodes:
            for node in ast.walk(root):
                word: ast.expr | None = None
                if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name) \
                        and node.args[0].id == var:
                    func = node.func
                    if isinstance(func, ast.Attribute) and func.attr == "getenv" or isinstance(func, ast.Name) and func.id == "getenv":
                        word = func
                    elif isinstance(func, ast.Attribute) and func.attr in ("get", "pop"):
                        word = func.value
                elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name) and node.slice.id == var:
                    word = node.value
                if word is None or word.end_lineno is None or word.end_col_offset is None:
                    continue
                name = word.attr if isinstance(word, ast.Attribute) else word.id if isinstance(word, ast.Name) else ""
                if name in ("getenv", "environ"):
                    out.add((word.end_lineno, column(word.end_lineno, word.end_col_offset) - len(name)))

    for node in ast.walk(tree):
        if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name) and written(node.iter):
            reads(node.body, node.target.id)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for i, gen in enumerate(node.generators):
                if isinstance(gen.target, ast.Name) and written(gen.iter):
                    parts: list[ast.AST] = [*gen.ifs, *node.generators[i + 1:]]
                    parts += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
                    reads(parts, gen.target.id)
    return out


def names(text: str, name: str) -> bool:
    """``text`` names the variable ``name`` as a whole word, letter case ignored (as settings
    fields read it): ``settings.redis_url`` names REDIS_URL, ``rate_limit_redis_url`` does not."""
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text, re.IGNORECASE) is not None


@functools.lru_cache(maxsize=4096)
def _python_words(text: str) -> tuple[str, frozenset[str], dict[str, bool]] | None:
    """What a Python module writes that may name a variable: the text of its string literals
    (a name given to a read, ``os.getenv("X")``, ``env("X")``), the identifiers it writes
    (lower-cased), and for each identifier it binds, whether every binding is a plain one: a
    module-level name, or a field of (or ``self.<attr>`` set in a method of) a class only code
    naming it builds (``astfacts.closed_class``); a settings class (``BaseSettings``) fills
    its fields from the environment by their names, a plain class or a module constant does
    not.  None where the text does not parse."""
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError):
        return None
    mod = ModuleAst("", text, tree)
    strings: list[str] = []
    idents: set[str] = set()
    plain: dict[str, bool] = {}

    def bind(word: str, ok: bool) -> None:
        word = word.lower()
        plain[word] = plain.get(word, True) and ok

    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.append(node.value)
        elif isinstance(node, ast.Name):
            idents.add(node.id.lower())
        elif isinstance(node, ast.Attribute):
            idents.add(node.attr.lower())
        elif isinstance(node, ast.keyword) and node.arg:
            idents.add(node.arg.lower())
        elif isinstance(node, ast.arg):
            idents.add(node.arg.lower())
            bind(node.arg, False)
        elif isinstance(node, ast.alias):
            idents.add((node.asname or node.name).rsplit(".", 1)[-1].lower())
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            idents.add(node.name.lower())
            bind(node.name, False)
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for leaf in ast.walk(t):
                    if isinstance(leaf, ast.Name) and isinstance(leaf.ctx, ast.Store):
                        cls, in_function = _scope(mod, node)
                        # a local of a function binds no variable; a module constant, or a
                        # field of a class only code naming it builds, reads none
                        bind(leaf.id, not in_function and (cls is None or closed_class(mod, cls, body=True) is not None))
                    elif not isinstance(leaf, ast.Attribute) or not isinstance(leaf.ctx, ast.Store):
                        continue
                    elif isinstance(leaf.value, ast.Name) and leaf.value.id == "self":
                        bind(leaf.attr, closed_class(mod, node) is not None)
                    else:
                        bind(leaf.attr, False)
    return "\n".join(strings), frozenset(idents), plain


def _scope(mod: ModuleAst, node: ast.AST) -> tuple[ast.ClassDef | None, bool]:
    """The class whose body (outside its methods) holds ``node``, and whether a function does."""
    for p in mod.ancestors(node):
        if isinstance(p, FUNCTIONS):
            return None, True
        if isinstance(p, ast.ClassDef):
            return p, False
    return None, False


def python_names(texts: Iterable[str], name: str) -> bool:
    """Python modules ``texts`` may read the variable ``name``: a string literal names it as a
    whole word (letter case ignored), or an identifier of that name is written (``settings.
    database_url``) where some binding of it is not a plain one, or none of these modules binds
    it (a field of a class from elsewhere).  A name bound only as a module constant or a field
    of a plain class (``class Config: DATABASE_URL = f"postgresql://{HOST}/app"``) and read as
    such reads no variable.  A module that does not parse is searched as text."""
    word = name.lower()
    written = False
    plain = True
    bound = False
    for text in texts:
        facts = _python_words(text)
        if facts is None:
            if names(text, name):
                return True
            continue
        strings, idents, bindings = facts
        if names(strings, name):
            return True
        if word in idents:
            written = True
        if word in bindings:
            bound = True
            plain = plain and bindings[word]
    return written and not (bound and plain)


def library_readers(readers: Iterable[str], name: str) -> frozenset[str]:
    """The top-level modules (or runner programs) of ``readers`` ("PATTERN module ...",
    rules/flow.yaml env_readers) that read ``name`` by its documented name."""
    out: set[str] = set()
    for entry in readers:
        pattern, *mods = entry.split()
        if glob_match(name, (pattern,)):
            out.update(mods)
    return frozenset(out)


def composed(texts: Iterable[str], name: str, composers: Iterable[str]) -> bool:
    """A settings loader in ``texts`` may compose ``name`` (rules/flow.yaml env_name_composers):
    a prefix it is given starts ``name`` (or it is given none that is written, and has no
    default prefix), or a nested delimiter it is given occurs in ``name``."""
    lowered = name.lower()
    table: list[tuple[str, str | None]] = []
    for c in composers:
        words = c.split()
        if words:
            table.append((words[0], words[1] if len(words) > 1 else None))
    for text in texts:
        for keyword, default in table:
            for m in re.finditer(rf"\b{re.escape(keyword)}\b[\"']?\s*[=:(]\s*(?:prefix\s*=\s*)?", text):
                lit = re.match(r"""[rRuU]?(["'])(.*?)\1""", text[m.end():])
                value = lit.group(2) if lit is not None else default
                if value is None:
                    return True  # a computed prefix: any name
                if keyword.endswith("delimiter"):
                    if value and value.lower() in lowered:
                        return True
                elif value and lowered.startswith(value.lower()):
                    return True
    return False


def read_nowhere(modules: Iterable[str], texts: Iterable[str], scan: Callable[[str], ModuleScan],
                 name: str, readers: Iterable[str], composers: Iterable[str] = (),
                 programs: Iterable[str] = (), words: Iterable[str] = ()) -> bool:
    """``modules`` (the files a container runs) and ``texts`` (their text) never name ``name``
    (``python_names``), nor do ``words`` (its start command's words, the configuration files
    its runner reads) as a whole word, letter case ignored,
    no settings loader they use composes it, no import of those modules and none of
    ``programs`` (the runners of its start command) is a library that reads it by its
    documented name (``readers``), and none imports a module by a name computed at run time."""
    if not _STDLIB:
        return False  # an interpreter that cannot tell the standard library: keep
    texts = list(texts)
    words = list(words)
    if any(names(text, name) for text in words) or python_names(texts, name):
        return False
    if composed(texts + words, name, composers):
        return False
    mods = tuple(modules)
    if not mods:
        return False
    libs = library_readers(readers, name)
    if any(posixpath.basename(p) in libs for p in programs):
        return False
    for rel in mods:
        s = scan(rel)
        if s.dynamic:
            return False  # a plugin loader: what it imports is not written
        for ref in s.imports:
            if ref.level or not ref.module:
                continue
            top = ref.module.split(".", 1)[0]
            if top in libs:
                return False
    return True
