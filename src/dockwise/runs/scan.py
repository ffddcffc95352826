"""What one Python module imports, read from its text without parsing it.

The runs stage follows imports from each container's entry point to find the modules the
container runs.  That needs, per module, only its import statements, the module names it
hands to frameworks as strings, and where its ``if __name__ == "__main__":`` blocks are.
A full parse of every module in a closure would cost as much as the whole check, so this
is a line scanner: import statements start a logical line, and the rest are regular
expressions over the text.

It errs on the side of more imports: an ``import`` line inside a docstring counts, an
import under ``if TYPE_CHECKING:`` counts.  A module wrongly counted as run can at worst
let a finding through that the start command would not reach; a module wrongly left out
would hide a real one.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from dockwise.knowledge.records import SubcommandTable
from dockwise.runs.envimports import env_named_imports, env_named_objects
from dockwise.runs.registries import key_before, registry_names
from dockwise.runs.selectors import Requirement, selector_gates, test_run_lines
from dockwise.runs.subcommands import subcommand_spans
from dockwise.words import line_starts_holding

__all__ = ["ImportRef", "ModuleScan", "is_main_test", "main_blocks", "scan_module"]


@dataclass(frozen=True)
class ImportRef:
    """One imported module: ``import a.b`` (names empty), ``from .a import b, c``."""

    module: str  # dotted, "" for ``from . import x``
    level: int = 0  # leading dots of a relative import
    names: tuple[str, ...] = ()  # the names of a ``from`` import ("*" included)
    line: int = 0


@dataclass(frozen=True)
class ModuleScan:
    imports: tuple[ImportRef, ...] = ()
    # strings that may name a module: "pkg.mod", "pkg.mod:attr" (frameworks import them by name)
    dotted: tuple[str, ...] = ()
    # (variable, module): a module named only as the default of an environment read
    # (``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")``): imported
    # only where the container's environment leaves that variable unset
    env_defaults: tuple[tuple[str, str], ...] = ()
    # (list name, its strings): module names written under a framework's list or call
    # (INSTALLED_APPS = [...], include=[...], autodiscover_tasks([...])), single words too
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    main_blocks: tuple[tuple[int, int], ...] = ()  # first and last line of each __main__ block
    # plugin discovery: the module imports modules it finds at run time (import_module(name),
    # pkgutil.iter_modules); ``globs`` are the file patterns it names ("*_router.py"),
    # ``words`` its one-word strings (directory names such as "routers")
    dynamic: bool = False
    globs: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    # the packages its dynamic imports name by a template (import_module(f"app.plugins.{n}"),
    # "pkg.mod_{}".format(x)): "app.plugins"; "" for a dynamic import naming no package
    templates: tuple[str, ...] = ()
    # files run by path (django-split-settings ``include("components/*.py")``): the .py paths,
    # relative to the module's directory, written in a module that imports a path includer
    paths: tuple[str, ...] = ()
    # (line, requirements): the imports on that line run only where the environment selects
    # their branch (``case "redis": from .redis_store import ...``, runs.selectors)
    gates: tuple[tuple[int, tuple[Requirement, ...]], ...] = ()
    # (key, module): a registry's alternatives left out of ``dotted`` (``runs.registries``);
    # followed where the container chooses that key (``runs.closure``)
    alternatives: tuple[tuple[str, str], ...] = ()
    # (variable, its default): the module's dynamic imports take their names only from these
    # environment variables (a plugin list, ``runs.envimports``): they import the modules the
    # value names, and ``dynamic`` is then False (no discovery over the module's package)
    env_imports: tuple[tuple[str, str | None], ...] = ()
    # (variable, its default): a loader of settings by name is handed the variable's value, the
    # dotted name of a module or class (``app.config.from_object(os.environ["APP_SETTINGS"])``),
    # which importing that module runs (runs.envimports.env_named_objects)
    env_objects: tuple[tuple[str, str | None], ...] = ()
    # (first line, last line, names): the options class of a command-line subcommand that a
    # table lists under those names and shortcuts (``runs.subcommands``): the imports inside
    # it run only where the start command gives one of them
    subcommands: tuple[tuple[int, int, tuple[str, ...]], ...] = ()
    # (module name, names): a module-name string written only inside such classes, left out of
    # ``dotted``: followed only where the start command gives one of the names
    commanded: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # (variable, module): as ``env_defaults``, but written in a branch only a test run takes
    # (``if "test" in sys.argv:``, ``selectors.test_run_lines``): imported only where the start
    # command also makes a test run (``manage.py test``, ``pytest``)
    test_env_defaults: tuple[tuple[str, str], ...] = ()

    def in_main(self, line: int) -> bool:
        return any(a <= line <= b for a, b in self.main_blocks)

    def subcommand_of(self, line: int) -> tuple[str, ...] | None:
        """The subcommands whose options class holds ``line``; None outside every one."""
        return next((names for a, b, names in self.subcommands if a <= line <= b), None)

    def encode(self) -> list:
        """Plain JSON values (for the cache)."""
        return [[[i.module, i.level, list(i.names), i.line] for i in self.imports], list(self.dotted),
                [[n, list(v)] for n, v in self.lists], [list(b) for b in self.main_blocks], self.dynamic,
                list(self.globs), list(self.words), [list(d) for d in self.env_defaults], list(self.templates),
                list(self.paths),
                [[line, [list(r[:3]) + [list(r[3]), r[4]] for r in needs]] for line, needs in self.gates],
                [list(a) for a in self.alternatives], [list(e) for e in self.env_imports],
                [[a, b, list(names)] for a, b, names in self.subcommands],
                [[name, list(names)] for name, names in self.commanded], [list(e) for e in self.env_objects],
                [list(d) for d in self.test_env_defaults]]

    @classmethod
    def decode(cls, v: list) -> "ModuleScan":
        (imports, dotted, lists, mains, dynamic, globs, words, env_defaults, templates, paths, gates, alternatives,
         env_imports, subcommands, commanded, env_objects, test_env_defaults) = v
        return cls(
            imports=tuple(ImportRef(str(m), int(lv), tuple(map(str, names)), int(line)) for m, lv, names, line in imports),
            dotted=tuple(map(str, dotted)),
            env_defaults=tuple((str(var), str(mod)) for var, mod in env_defaults),
            lists=tuple((str(n), tuple(map(str, vals))) for n, vals in lists),
            main_blocks=tuple((int(a), int(b)) for a, b in mains),
            dynamic=bool(dynamic), globs=tuple(map(str, globs)), words=tuple(map(str, words)),
            templates=tuple(map(str, templates)), paths=tuple(map(str, paths)),
            gates=tuple((int(line), tuple((str(var), None if default is None else str(default), tuple(map(str, tr)),
                                           tuple(None if v is None else str(v) for v in values), bool(among))
                                          for var, default, tr, values, among in needs))
                        for line, needs in gates),
            alternatives=tuple((str(key), str(mod)) for key, mod in alternatives),
            env_imports=tuple((str(var), None if default is None else str(default)) for var, default in env_imports),
            subcommands=tuple((int(a), int(b), tuple(map(str, names))) for a, b, names in subcommands),
            commanded=tuple((str(name), tuple(map(str, names))) for name, names in commanded),
            env_objects=tuple((str(var), None if default is None else str(default)) for var, default in env_objects),
            test_env_defaults=tuple((str(var), str(mod)) for var, mod in test_env_defaults),
        )


# an import statement from the start of its line (tried only at lines that hold "import":
# a ``^`` with MULTILINE steps through every character of the module)
_IMPORT = re.compile(
    r"[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import\b[ \t]*(.*)|import[ \t]+(.+))$",
    re.MULTILINE,
)
# (the literal is the whole argument: `"pkg." + name` is a template, see _templates)
_IMPORT_MODULE = re.compile(r"""(?:import_module|__import__)\(\s*(?:package\s*=\s*[^,)]*,\s*)?(?:name\s*=\s*)?["']([.\w]+)["']\s*[,)]""")
_DOTTED = re.compile(r"""["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?::[A-Za-z_][\w.]*)?["']""")  # see _dotted
_NEWLINE = re.compile("\n")
_STRING = re.compile(r"""["']([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)(?::[A-Za-z_][\w.]*)?["']""")
_MAIN = re.compile(r"""^if[ \t(]+(?:__name__[ \t]*==[ \t]*(['"])__main__\1|(['"])__main__\2[ \t]*==[ \t]*__name__)[ \t)]*:""",
                   re.MULTILINE)
_NAME = re.compile(r"[A-Za-z_]\w*")
# a dynamic import: a name not written as a literal, or a literal completed at run time
# (`"pkg." + name`, `"pkg.%s" % name`, `"pkg.{}".format(name)`); or a discovery call
_DYNAMIC_IMPORT = r"""(?:import_module|__import__)\(\s*(?:(?!["'\s)])|["'][^"'\n]*["']\s*(?:\+|%|\.format\())"""
_OTHER_DISCOVERY = re.compile(r"""\b(?:iter_modules|walk_packages|spec_from_file_location|load_source)\(""")
_DYNAMIC = re.compile(_DYNAMIC_IMPORT + "|" + _OTHER_DISCOVERY.pattern)
_DYNAMIC_WORDS = ("import_module(", "__import__(", "iter_modules(", "walk_packages(", "spec_from_file_location(",
                  "load_source(")
_GLOB = re.compile(r"""["']([\w./-]*\*[\w.*-]*\.py)["']""")
_WORD = re.compile(r"""["']([A-Za-z_][\w-]{1,40})["']""")
_CLOSE = {"(": ")", "[": "]", "{": "}"}


def _import_statements(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_IMPORT`` at the starts of lines, in order: what ``^`` with MULTILINE
    finds, trying only the lines that hold "import" (``dockwise.words``)."""
    match = _IMPORT.match
    for start in line_starts_holding(text, ("import",)):
        m = match(text, start)
        if m is not None:
            yield m


def _line_of(text: str, offset: int, starts: list[int]) -> int:
    return bisect.bisect_right(starts, offset)


def _starts(text: str) -> list[int]:
    """The offset of each line's first character."""
    return [0, *(m.end() for m in _NEWLINE.finditer(text))]


class _Lines:
    """Line numbers of increasing offsets, counted in C from the last one asked (most
    modules need a few, and a table of every line start costs more than the scan)."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def of(self, offset: int) -> int:
        if offset >= self.pos:
            self.line += self.text.count("\n", self.pos, offset)
        else:
            self.line = self.text.count("\n", 0, offset) + 1
        self.pos = offset
        return self.line


def _dotted(text: str, spans: tuple[tuple[int, int, tuple[str, ...]], ...] = (), name_calls: Sequence[str] = (),
            name_keys: Sequence[str] = (), test_runs: tuple[tuple[int, int], ...] = ()) \
        -> tuple[tuple[str, ...], tuple[tuple[str, str], ...], tuple[tuple[str, str], ...],
                 tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]]:
    """The dotted module names written as strings (``"mysite.settings"``, ``"app.tasks:run"``),
    and (variable, name) for the names written only as the default of an environment read.
    The quote must not follow an identifier or a dot: tested on each match rather than by a
    lookbehind at every offset of the module (4x faster).  A string only compared
    (``module == "mysite.settings.test"``) names nothing the module imports: left out, as is
    one on a comment line (``# uvicorn.run("other_app.main:app")``, code switched off): Python
    never reads it, so no framework is handed the name; and so is one of a registry's
    alternatives (``runs.registries``), returned apart as (key, name), and so is one written only
    inside the options classes of command-line subcommands (``spans``, ``runs.subcommands``),
    as (name, the subcommands that import it); and so is a task's name handed to a call that
    sends it (``name_calls``: ``app.send_task("proj.tasks.add")``) or written as the value of a key
    that names one (``name_keys``: a beat schedule entry's ``"task": "proj.tasks.nightly"``), and
    so is the default of an environment read in a branch only a test run takes (``test_runs``,
    ``selectors.test_run_lines``: ``manage.py``'s test settings under ``if "test" in sys.argv:``),
    returned apart as (variable, name)."""
    named: dict[str, None] = {}
    commanded: dict[str, set[str]] = {}
    line_of = _Lines(text).of if spans or test_runs else None
    defaults: dict[tuple[str, str], None] = {}
    test_defaults: dict[tuple[str, str], None] = {}
    keyed: list[tuple[int, str, str]] = []  # (offset, key, name): a value under a provider-like key
    for m in _DOTTED.finditer(text):
        i = m.start()
        if i and (text[i - 1].isalnum() or text[i - 1] in "_."):
            continue  # no match can start inside this one: its closing quote follows [\w.]
        if _compared(text, i, m.end()) or _comment_line(text, i) or name_calls and _sent_name(text, i, name_calls):
            continue
        line = line_of(i) if line_of is not None else 0
        if spans:
            inside = next((names for a, b, names in spans if a <= line <= b), None)
            if inside is not None:
                commanded.setdefault(m.group(1), set()).update(inside)
                continue
        env = _ENV_DEFAULT.search(text, max(0, i - 200), i)
        if env is not None:
            test_run = any(a <= line <= b for a, b in test_runs)
            (test_defaults if test_run else defaults)[(env.group(2), m.group(1))] = None
            continue
        key = key_before(text, i)
        if key is not None and key in name_keys:
            continue  # a task's name under its key: sent by name, imported by nobody here
        if key is not None:
            keyed.append((i, key, m.group(1)))
        named[m.group(1)] = None
    alternatives: dict[tuple[str, str], None] = {}
    if len(keyed) > 1:
        # the alternatives of a registry read one key at a time: only the configured one runs
        names = registry_names(text, keyed)
        for _, key, name in keyed:
            if name in names and text.count(name) == 1:  # and written nowhere else in the module
                named.pop(name, None)
                alternatives[(key, name)] = None
    return tuple(named), tuple(d for d in defaults if d[1] not in named), tuple(alternatives), \
        tuple((name, tuple(sorted(names))) for name, names in commanded.items() if name not in named), \
        tuple(d for d in test_defaults if d[1] not in named and d not in defaults)


# the text before a string that is the default of an environment read:
# os.environ.setdefault("X", ...), os.environ.get("X", ...), os.getenv("X", default=...)
_ENV_DEFAULT = re.compile(r"""\b(?:setdefault|get|getenv)\(\s*(["'])(\w+)\1\s*,\s*(?:default\s*=\s*)?\Z""")
_COMPARE = ("==", "!=")


def _comment_line(text: str, start: int) -> bool:
    """Whether the string at ``text[start]`` stands on a line that is a ``#`` comment (only
    blanks before the ``#``).  A ``#`` later on a code line may sit inside a string: such lines
    are left as they are (more imports, never fewer)."""
    return text[text.rfind("\n", 0, start) + 1:start].lstrip(" \t").startswith("#")


def _sent_name(text: str, start: int, calls: Sequence[str]) -> bool:
    """Whether the string at ``start`` is the first argument (or ``name=``) of one of ``calls``."""
    before = _SENT_NAME.search(text, max(0, start - 80), start)
    return before is not None and before.group(1) in calls


# the text before a call's first argument, or its name= argument: `send_task(`, `signature(name=`
_SENT_NAME = re.compile(r"\b(\w+)\(\s*(?:name\s*=\s*)?\Z")


def _compared(text: str, start: int, end: int) -> bool:
    """Whether the string at text[start:end] is an operand of ``==`` or ``!=``."""
    return text[max(0, start - 40):start].rstrip().endswith(_COMPARE) or text[end:end + 40].lstrip().startswith(_COMPARE)


def _names_part(text: str, start: int) -> str:
    """The imported names after ``import``: one line, a parenthesised list over several, or
    backslash continuations."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    part = text[start:end]
    if part.lstrip().startswith("("):
        close = text.find(")", start)
        part = text[start:close if close >= 0 else len(text)]
    else:
        while part.rstrip().endswith("\\") and end < len(text):
            nxt = text.find("\n", end + 1)
            nxt = len(text) if nxt < 0 else nxt
            part = part.rstrip()[:-1] + " " + text[end + 1:nxt]
            end = nxt
    return part


def _clean(names: str) -> list[str]:
    out = []
    for chunk in re.sub(r"#[^\n]*", "", names).replace("(", " ").replace(")", " ").split(","):
        words = chunk.split()
        if not words:
            continue
        if words[0] == "*" or _NAME.fullmatch(words[0]) or re.fullmatch(r"[\w.]+", words[0]):
            out.append(words[0])
    return out


def _bracketed(text: str, i: int) -> str | None:
    """The text of the bracketed expression starting at ``text[i]`` (strings skipped)."""
    opener = text[i] if i < len(text) else ""
    if opener not in _CLOSE:
        return None
    depth = 0
    k = i
    quote = None
    limit = min(len(text), i + 100_000)
    while k < limit:
        c = text[k]
        if quote:
            if c == "\\":
                k += 2
                continue
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#":
            nl = text.find("\n", k)
            k = limit if nl < 0 else nl
            continue
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return text[i:k + 1]
        k += 1
    return None


class ListFinder:
    """Where a framework list's name stands before its value: ``NAME = [...]``, ``NAME +=
    (...)``, ``NAME.extend([...])``, ``name=[...]`` (a keyword), ``name([...])`` (a call).

    ``names`` are identifiers, where ``*`` stands for identifier characters (``*_APPS``).
    One regex with ``\\w*_APPS`` in it tries every position of a module and backtracks
    over every identifier (20 MB/s); here a literal part of each name finds the few
    candidates, and each is widened to its whole identifier and tested."""

    _TAIL = re.compile(r"\s*(?:\+?=(?!=)|\.(?:extend|append)\(|\()\s*")

    def __init__(self, names: Iterable[str], conditions: dict[str, str] | None = None) -> None:
        names = [n for n in dict.fromkeys(names) if n]
        self._name = re.compile("|".join(re.escape(n).replace(r"\*", r"\w*") for n in names))
        literals = {max(n.split("*"), key=len) for n in names}
        self._anchor = re.compile("|".join(re.escape(x) for x in sorted(literals, key=len, reverse=True) if x))
        # name pattern -> what the module's text must hold for a list under that name to count
        self._conditions = [(re.compile(re.escape(n).replace(r"\*", r"\w*")), re.compile(c))
                            for n, c in (conditions or {}).items() if c]

    def counts(self, word: str, text: str) -> bool:
        """Whether the list named ``word`` counts in a module of text ``text`` (its name's
        ``only_where`` condition, if any, holds there)."""
        return all(cond.search(text) for name, cond in self._conditions if name.fullmatch(word))

    def find(self, text: str) -> Iterator[tuple[str, int]]:
        """(name, where its value starts) of each list in ``text``."""
        done = -1
        n = len(text)
        for m in self._anchor.finditer(text):
            a, b = m.start(), m.end()
            while a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
                a -= 1
            while b < n and (text[b].isalnum() or text[b] == "_"):
                b += 1
            if b <= done:
                continue
            done = b
            word = text[a:b]
            if self._name.fullmatch(word) is None:
                continue
            tail = self._TAIL.match(text, b)
            if tail is None:
                continue
            if a > 0 and text[a - 1] == "." and not tail.group().lstrip().startswith("("):
                continue  # ``app.autodiscover_tasks([...])`` is a call; ``x.INSTALLED_APPS = ...`` no list
            yield word, tail.end()


def _lists(text: str, finder: ListFinder | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if finder is None:
        return ()
    out: list[tuple[str, tuple[str, ...]]] = []
    for name, k in finder.find(text):
        if not finder.counts(name, text):
            continue
        while k < len(text) and text[k] in " \t":
            k += 1
        body = _bracketed(text, k)
        if body is None:
            # a single string: ROOT_URLCONF = "mysite.urls"
            sm = _STRING.match(text, k)
            if sm:
                out.append((name, (sm.group(1),)))
            continue
        strings = tuple(s.group(1) for s in _STRING.finditer(body))
        if strings:
            out.append((name, strings))
    return tuple(out)


def main_blocks(text: str) -> tuple[tuple[int, int], ...]:
    """The first and last lines of the ``if __name__ == "__main__":`` blocks of a module's text."""
    return _main_blocks(text, _starts(text)) if "__main__" in text else ()


def _main_blocks(text: str, starts: list[int]) -> tuple[tuple[int, int], ...]:
    hits = list(_MAIN.finditer(text))
    if not hits:
        return ()
    if '"""' not in text[hits[0].start():] and "'''" not in text[hits[0].start():]:
        return _margin_blocks(text, hits, starts)  # no text at the margin that is not code
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    if tree is not None:
        blocks = []
        for node in tree.body:
            if isinstance(node, ast.If) and is_main_test(node.test):
                blocks.append((node.lineno, node.end_lineno or node.lineno))
        return tuple(blocks)
    return _margin_blocks(text, hits, starts)  # unparsable


def _margin_blocks(text: str, hits: list[re.Match[str]], starts: list[int]) -> tuple[tuple[int, int], ...]:
    """Each block runs to the next line of code at the left margin."""
    blocks = []
    lines = text.split("\n")
    for m in hits:
        first = _line_of(text, m.start(), starts)
        last = first
        for number in range(first + 1, len(lines) + 1):
            line = lines[number - 1]
            if line[:1] and not line[:1].isspace() and not line.startswith(("#", "else", "elif", ")", "]", "}")):
                break
            if line.strip() and not line.startswith("#"):
                last = number  # not the blank lines before the next statement
        blocks.append((first, last))
    return tuple(blocks)


def is_main_test(test) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    import ast

    if not isinstance(test, ast.Compare) or len(test.ops) != 1 or not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return bool(names and consts)


def scan_module(text: str, list_re: ListFinder | None = None, path_includers: Sequence[str] = (),
                subcommand_tables: Sequence[SubcommandTable] = (), task_name_calls: Sequence[str] = (),
                task_name_keys: Sequence[str] = (), object_loaders: frozenset[str] = frozenset()) -> ModuleScan:
    """The imports, module-name strings and ``__main__`` blocks of a module's text.

    ``list_re``: where the framework lists of ``rules/frameworks.yaml`` stand
    (``INSTALLED_APPS = [...]``), see :class:`ListFinder`; ``path_includers``: the libraries
    that run files a module names by path (``frameworks.yaml`` ``path_includers``);
    ``subcommand_tables``: the attributes listing subcommands with their options classes;
    ``task_name_calls``: calls whose string argument is a task's name (``send_task``);
    ``task_name_keys``: dict keys whose string value is one (a beat schedule's ``"task"``);
    ``object_loaders``: calls that load a module or class by a dotted name they are handed
    (``rules/flow.yaml`` config_loaders: Flask's ``from_object``)."""
    line_of = _Lines(text).of
    imports: list[ImportRef] = []
    if "import" in text:
        for m in _import_statements(text):
            line = line_of(m.start())
            if m.group(4) is not None:  # import a.b as c, d
                part = _names_part(text, m.start(4))
                for name in _clean(part):
                    if name != "*":
                        imports.append(ImportRef(name, 0, (), line))
            else:
                dots, module = m.group(1), m.group(2)
                part = _names_part(text, m.start(3))
                imports.append(ImportRef(module, len(dots), tuple(_clean(part)), line))
        for m in _IMPORT_MODULE.finditer(text) if "import_module" in text or "__import__" in text else ():
            name = m.group(1)
            level = len(name) - len(name.lstrip("."))
            imports.append(ImportRef(name.lstrip("."), level, (), line_of(m.start())))
    spans = subcommand_spans(text, subcommand_tables)
    dotted, env_defaults, alternatives, commanded, test_env_defaults = _dotted(
        text, spans, task_name_calls, task_name_keys, test_run_lines(text))
    dynamic = any(w in text for w in _DYNAMIC_WORDS) and bool(_DYNAMIC.search(text))
    env_imports = env_named_imports(text) if dynamic and not _OTHER_DISCOVERY.search(text) else None
    if env_imports:
        dynamic = False  # a plugin list read from the environment: no discovery (runs.envimports)
    return ModuleScan(
        imports=tuple(imports),
        dotted=dotted,
        env_defaults=env_defaults,
        test_env_defaults=test_env_defaults,
        lists=_lists(text, list_re),
        main_blocks=_main_blocks(text, _starts(text)) if "__main__" in text else (),
        dynamic=dynamic,
        globs=tuple(dict.fromkeys(m.group(1) for m in _GLOB.finditer(text))) if dynamic else (),
        words=tuple(dict.fromkeys(m.group(1) for m in _WORD.finditer(text))) if dynamic else (),
        templates=_templates(text) if dynamic else (),
        paths=_included_paths(text, imports, path_includers),
        gates=selector_gates(text) if imports else (),
        alternatives=alternatives,
        env_imports=env_imports or (),
        subcommands=spans,
        commanded=commanded,
        env_objects=env_named_objects(text, object_loaders),
    )


def _included_paths(text: str, imports: Sequence[ImportRef], includers: Sequence[str]) -> tuple[str, ...]:
    """The ``.py`` paths a module that imports a path includer names in its string literals;
    none built at run time (a placeholder: ``f"envs/{ENV}.py"``, ``"%s.py"``)."""
    if not includers or not any(i.module.split(".")[0] in includers for i in imports if i.level == 0):
        return ()
    out: dict[str, None] = {}
    for m in _LITERAL.finditer(text):
        value = m.group(2)
        if value.endswith(".py") and not any(c in value for c in "{}%") and not value.startswith("/"):
            out[value] = None
    return tuple(out)


_IMPORT_CALL = re.compile(r"\b" + _DYNAMIC_IMPORT)
_LITERAL = re.compile(r"""[fFrRbBuU]{0,2}(["'])([^"'\n]*)\1""")
_BARE_NAME = re.compile(r"([A-Za-z_]\w*)\s*[,)]")
_FORMATTED = re.compile(r"""([A-Za-z_]\w*)\s*(?:\.\s*format\s*\(|%)""")


def _templates(text: str) -> tuple[str, ...]:
    """The package each dynamic import names through a template string: the literal dotted
    part before the first placeholder, written in the call (``import_module(f"app.x.{n}")``)
    or in a module-level name the call formats (``import_module(NAME.format(...))``) or is
    given (``NAME = f"app.x.{n}"``, ``import_module(NAME)``).
    ``""`` for an import naming no package (a bare variable, a discovery call)."""
    out: dict[str, None] = {}
    if _OTHER_DISCOVERY.search(text):
        out[""] = None
    for m in _IMPORT_CALL.finditer(text):
        arg = (_bracketed(text, text.index("(", m.start())) or "()")[1:].lstrip()
        literal = _LITERAL.match(arg)
        template = None
        if literal:  # "pkg.{}".format(x), f"pkg.{x}", "pkg." + x
            plus = arg[literal.end():].lstrip().startswith("+")
            template = literal.group(2) + ("{}" if plus else "")
        else:  # NAME.format(x), NAME % x: the module-level string NAME
            name = _FORMATTED.match(arg)
            assigned = re.search(rf"^{name.group(1)}\s*=\s*[\"']([^\"'\n]*)[\"']", text, re.MULTILINE) if name else None
            template = assigned.group(1) if assigned else None
            bare = _BARE_NAME.match(arg) if name is None else None
            if bare is not None:  # import_module(NAME): the module-level f-string NAME
                assigned = re.search(rf"^{bare.group(1)}\s*=\s*[fF]?[\"']([^\"'\n]*)[\"']\s*$", text, re.MULTILINE)
                template = assigned.group(1) if assigned else None
        out[_template_package(template)] = None
    return tuple(out)


_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdir]")


def _template_package(template: str | None) -> str:
    """The package a template names, and the module names it allows there where the
    template says more than "any module of it": ``"app.plugins.{}"`` -> ``"app.plugins"``;
    ``".{}"`` -> ``"."``; ``"apps.{}.routes"`` -> ``"apps.*.routes"`` (the routes module of
    each subpackage, not every module of ``apps``); ``"a.mod_{}"`` -> ``"a.mod_*"``;
    ``"{}.tasks"`` -> ``""`` (no package)."""
    if not template:
        return ""
    pattern = _PLACEHOLDER.sub("*", template)
    cut = pattern.find("*")
    if cut < 0:
        return ""
    head = pattern[:cut]
    package = head.rpartition(".")[0] if "." in head else ""
    dots = len(head) - len(head.lstrip("."))
    rest = pattern[len(package) + 1:] if package.strip(".") else pattern[dots:]
    if dots and not package.strip("."):
        package = "." * dots  # relative to the importing module's package
    elif not re.fullmatch(r"\.*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", package):
        return ""
    if rest == "*":
        return package
    if not re.fullmatch(r"[\w*]+(?:\.[\w*]+)*", rest):
        return package  # (a template this reading does not follow: any module of the package)
    return f"{package}{rest}" if package.endswith(".") else f"{package}.{rest}"
