"""Whether a weak-named variable whose value names a service is only carried on by a container.

A configurator (a scheduler, a controller) is often given the settings of the programs it
configures: ``UPSTREAM_HOST=http://app:8080`` on a container whose Python copies its whole
environment into a settings store, renders it into a proxy's configuration templates
(``proxy_pass {{ UPSTREAM_HOST }};``) or posts it to the instances that serve, which dial it on
their own networks.  Such a container reads the environment whole, so ``weak_unread`` keeps the
value; but a program reads one variable by its name, and here the name is written nowhere that
reads it.  In a container built FROM a bare interpreter or distribution image, where:

- no Python file it holds names the variable but as data: a string that is the name alone as an
  element of a list, tuple or set literal or a key of a dict literal (a catalogue of setting
  names, names left out of a copy), or a docstring; never an identifier of that name (a settings
  field ``upstream_host``), a string given to a read (``os.getenv("UPSTREAM_HOST")``), a longer
  string holding it (``f"{site}_UPSTREAM_HOST"``), nor a part a read composes it from (``prefix
  + "_HOST"``, ``f"{kind}_HOST"``, a settings loader's prefix: ``libreaders.composed``); a list of
  names counts as data only in a module that reads no variable by a name it computes (a loop
  ``for var in ("UPSTREAM_HOST",): os.getenv(var)`` reads them);
- every other held file naming it is data or documentation (``.json``, ``.md``, ``.rst``,
  ``.txt``) or a Jinja template (a ``.conf``, ``.j2``, ``.html``, ... whose every mention sits in
  a ``{{ }}`` or ``{% %}`` tag) that the held Python renders (it imports ``jinja2``): its output
  is configuration for a server the image does not hold;
- neither its Dockerfile's instructions that run nor its start command or healthcheck name it;
- and no library that reads it by its documented name (``rules/flow.yaml`` env_readers: the
  Docker SDK and CLI read ``DOCKER_HOST``) is imported by a held Python file, started by one
  (``subprocess.run(["docker", "ps"])``), or named as a program by the Dockerfile's
  instructions that run (a ``docker-cli`` package installed) or the start command,

nothing there dials the value: it is forwarded, and dialled where it is delivered.  Where the
files are too many or too large to read, or one does not parse, the container is kept."""
from __future__ import annotations

import ast
import os
import re
from typing import Any, Iterable

from dockwise.flow.foreign import held_files
from dockwise.flow.libreaders import composed, library_readers
from dockwise.flow.weakunread import read_held
from dockwise.pysyntax import parse as parse_source

__all__ = ["forwarded_only"]

_BUILD_TIME = re.compile(r"^[ \t]*(?:ENV|ARG)[ \t].*?(?:\\\n.*?)*$", re.IGNORECASE | re.MULTILINE)
_DATA = (".json", ".md", ".rst", ".txt")
_TEMPLATES = (".conf", ".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".template", ".html")
_BINARY_DATA = (".mmdb", ".dat", ".bin", ".sqlite", ".sqlite3", ".db", ".pem", ".crt", ".key", ".gz", ".zip")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import|import[ \t]+([\w., \t]+))", re.MULTILINE)
_JINJA_IMPORT = re.compile(r"^[ \t]*(?:from|import)[ \t]+jinja2\b", re.MULTILINE)


def forwarded_only(files: Any, roots: tuple[str, ...], dockerfile: str | None, words: Iterable[str], name: str,
                   cache: dict, *, readers: Iterable[str], composers: Iterable[str]) -> bool:
    """The container whose project files are below ``roots``, built by ``dockerfile`` and started
    by ``words`` (its command's words), holds ``name`` only as data (see the module's docstring)."""
    words = tuple(words)
    key = ("forwarded", roots, dockerfile, words, name)
    if key not in cache:
        cache[key] = _forwarded_only(files, roots, dockerfile, words, name, cache, tuple(readers), tuple(composers))
    return bool(cache[key])


def _forwarded_only(files: Any, roots: tuple[str, ...], dockerfile: str | None, words: tuple[str, ...], name: str,
                    cache: dict, readers: tuple[str, ...], composers: tuple[str, ...]) -> bool:
    low = name.lower()
    if any(low in w.lower() for w in words):
        return False
    libs = library_readers(readers, name)
    if any(w.rsplit("/", 1)[-1] in libs for w in words):
        return False  # (the start command runs a program that reads it: the docker CLI)
    if dockerfile is not None:
        text = files.text(dockerfile)
        if text is None:
            return False
        run = _BUILD_TIME.sub("", text)
        if low in run.lower() or any(_names_program(run, lib) for lib in libs):
            return False  # (a RUN, a CMD naming it; a reader program installed)
    # a data file the tree does not hold (a geolocation database fetched before the build) is no
    # program: what is absent of any other kind may be anything
    roots = tuple(r for r in roots if not (r.lower().endswith(_BINARY_DATA) and not files.is_file(r)
                                           and not files.is_dir(r)))
    listed = held_files(files, roots, cache) if roots else None
    if listed is None:
        return False
    key = ("forwarded python", roots)
    if key not in cache:
        cache[key] = _python_texts(files, listed)
    texts = cache[key]
    if texts is None:
        return False
    if libs and _imported(texts, roots, frozenset(libs), cache) \
            or composed(_composer_texts(texts, roots, composers, cache), name, composers):
        return False
    if any(_starts_program(texts, roots, lib, cache) for lib in libs):
        return False  # (a reader program the Python starts: `subprocess.run(["docker", "ps"])`)
    upper = name.upper()
    for rel in listed:
        data = read_held(files, rel)
        if data is None:
            if rel.endswith(".py") or not _binary(files, rel):
                return False
            continue  # (a database of addresses, an archive: no program's text)
        if low not in data.lower():
            continue
        if rel.endswith(".py"):
            if not _data_only(data, upper):
                return False
        elif rel.lower().endswith(_DATA):
            continue
        elif not (rel.lower().endswith(_TEMPLATES) and _renders(texts, roots, cache) and _in_tags_only(data, low)):
            return False
    key = ("forwarded composed parts", roots)
    if key not in cache:
        cache[key] = _composed_parts(texts)
    return not _composes(cache[key], upper)


def _composer_texts(texts: list[str], roots: tuple[str, ...], composers: tuple[str, ...], cache: dict) -> list[str]:
    """The texts that write a settings loader's keyword (``composers``): only they may compose a
    name.  Asked once per container's files, not once per variable: a tree of a thousand modules
    scanned with each keyword's pattern for each variable took a minute."""
    key = ("forwarded composer texts", roots, composers)
    if key not in cache:
        keywords = [c.split()[0] for c in composers if c.split()]
        cache[key] = [text for text in texts if any(k in text for k in keywords)]
    out: list[str] = cache[key]
    return out


def _starts_program(texts: list[str], roots: tuple[str, ...], program: str, cache: dict) -> bool:
    """A held Python text names ``program`` as a string (a program it starts), once per container."""
    key = ("forwarded starts program", roots, program)
    if key not in cache:
        pattern = re.compile(rf"[\"']{re.escape(program)}[\"'\s]")
        cache[key] = any(pattern.search(text) for text in texts)
    return bool(cache[key])


def _names_program(text: str, program: str) -> bool:
    """``text`` (a Dockerfile's instructions that run) names ``program`` as a word, or a
    package of its name (``docker-cli``, ``docker.io``), in lower case as commands are written."""
    return re.search(rf"(?<![\w./-]){re.escape(program)}(?:[-.][\w.-]*)?(?![\w/])", text) is not None


def _python_texts(files: Any, listed: tuple[str, ...]) -> list[str] | None:
    """The texts of the held Python files; None where one cannot be read."""
    texts: list[str] = []
    for rel in listed:
        if not rel.endswith(".py"):
            continue
        text = read_held(files, rel)
        if text is None:
            return None
        texts.append(text)
    return texts


def _imported(texts: list[str], roots: tuple[str, ...], libs: frozenset[str], cache: dict) -> bool:
    """A held Python file imports one of ``libs`` (top-level modules), once per container and
    set: only the texts that name one are scanned for import statements (the scan of every
    held text took a tenth of a run on a tree of three thousand modules)."""
    key = ("forwarded imports", roots, libs)
    if key not in cache:
        imports: set[str] = set()
        for text in texts:
            if not any(lib in text for lib in libs):
                continue
            for m in _IMPORT.finditer(text):
                if m.group(1):
                    imports.add(m.group(1).split(".")[0])
                else:
                    imports.update(p.strip().split()[0].split(".")[0] for p in m.group(2).split(",") if p.strip())
        cache[key] = bool(imports & libs)
    return bool(cache[key])


def _renders(texts: list[str], roots: tuple[str, ...], cache: dict) -> bool:
    """A held Python file imports jinja2 (it may render the held templates), once per container."""
    key = ("forwarded renders", roots)
    if key not in cache:
        # (the substring first: the line-anchored pattern is tried at every line of every text)
        cache[key] = any("jinja2" in t and _JINJA_IMPORT.search(t) for t in texts)
    return bool(cache[key])


def _data_only(text: str, upper: str) -> bool:
    """Every mention of the variable ``upper`` in the module ``text`` is data: the name alone as
    an element of a list, tuple or set literal or a key of a dict literal, or in a docstring (a
    comment is no node).  No identifier of that name, in any letter case."""
    try:
        tree = parse_source(text)
    except (SyntaxError, ValueError, RecursionError):
        return False
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    word = upper.lower()
    computed: bool | None = None
    for node in ast.walk(tree):
        ident = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) \
            else node.arg if isinstance(node, (ast.arg, ast.keyword)) else \
            node.name if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else None
        if isinstance(ident, str) and ident.lower() == word:
            return False
        if isinstance(node, ast.alias) and word in (node.asname or node.name).lower().split("."):
            return False
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and word in node.value.lower()):
            continue
        parent = parents.get(id(node))
        if isinstance(parent, ast.Expr) and _is_docstring(parent, parents):
            continue
        if node.value != upper:
            return False
        if computed is None:
            computed = _computed_read(tree)
        if computed:
            return False  # (a list of names in a module that reads names it computes may feed those reads)
        if isinstance(parent, (ast.List, ast.Tuple, ast.Set)) and not isinstance(parents.get(id(parent)), ast.Subscript):
            continue
        if isinstance(parent, ast.Dict) and any(k is node for k in parent.keys):
            continue
        return False
    return True


_READS = frozenset({"getenv", "get", "pop", "setdefault"})


def _computed_read(tree: ast.AST) -> bool:
    """The module reads a variable by a name it computes: ``os.getenv(key)``,
    ``os.environ.get(name)``, ``os.environ[name]`` (a loop over a list of names)."""
    for node in ast.walk(tree):
        arg: ast.expr | None = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if fname == "getenv" or fname in _READS and isinstance(func, ast.Attribute) and _is_environ(func.value):
                arg = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            arg = node.slice
        if arg is not None and not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return True
    return False


def _is_environ(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "environ" or isinstance(node, ast.Attribute) and node.attr == "environ"


def _is_docstring(expr: ast.Expr, parents: dict[int, ast.AST]) -> bool:
    owner = parents.get(id(expr))
    body = getattr(owner, "body", None)
    return isinstance(body, list) and bool(body) and body[0] is expr


def _composed_parts(texts: list[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """The parts the modules ``texts`` write that a read may join into a variable's name, upper
    cased, parsed once for every variable: (strings ending a formatted string or added after
    another value, that begin with ``_``: ``f"{kind}_HOST"``, ``prefix + "_HOST"``; strings
    beginning one or added before another value, that end with ``_``: ``"UPSTREAM_" + key``).
    None where a text cannot be parsed: it may write any."""
    tails: set[str] = set()
    heads: set[str] = set()
    for text in texts:
        try:
            tree = parse_source(text)
        except (SyntaxError, ValueError, RecursionError):
            return None
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and len(node.values) > 1:
                first, last = node.values[0], node.values[-1]
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
                first, last = node.left, node.right
            else:
                continue
            if isinstance(last, ast.Constant) and isinstance(last.value, str) \
                    and last.value.startswith("_") and len(last.value) > 1:
                tails.add(last.value.upper())
            if isinstance(first, ast.Constant) and isinstance(first.value, str) \
                    and first.value.endswith("_") and len(first.value) > 1:
                heads.add(first.value.upper())
    return frozenset(tails), frozenset(heads)


def _composes(parts: tuple[frozenset[str], frozenset[str]] | None, upper: str) -> bool:
    """A part of ``_composed_parts`` may be joined into the name ``upper``: it ends the name at
    a word boundary, or begins it."""
    if parts is None:
        return True
    tails, heads = parts
    return any(upper.endswith(t) for t in tails) or any(upper.startswith(h) for h in heads)


def _in_tags_only(text: str, low: str) -> bool:
    """Every mention of the variable (lower-cased ``low``) in the template ``text`` sits inside
    a Jinja tag."""
    spans = [m.span() for m in _TAG.finditer(text)]
    lowered = text.lower()
    start = lowered.find(low)
    while start != -1:
        if not any(a <= start < b for a, b in spans):
            return False
        start = lowered.find(low, start + 1)
    return True


def _binary(files: Any, rel: str) -> bool:
    try:
        with open(os.path.join(files.top, rel), "rb") as fh:
            return b"\0" in fh.read(8192)
    except OSError:
        return False

