"""The dotenv file an application loads itself, and the variables its committed sample sets.

Many applications read their settings from a ``.env`` beside their code that the operator
writes from a committed sample (``.env.example``, ``sample_env``...): django-environ's
``environ.Env.read_env(os.path.join(BASE_DIR, ".env"))``, python-dotenv's ``load_dotenv()``,
environs' ``env.read_env()``.  The ``.env`` itself is not in the checkout (it holds secrets and
is ignored by git); a container gets it through the bind mount of the code, or the copy of
its directory.  A variable the sample sets is then set in the container, and the default the
code gives it (``env("BROKER_URL", default="redis://127.0.0.1:6379/0")``) runs only where the
operator skipped the documented step: the fallback is not reported, like one the service's own
environment replaces.

Where the file is looked for: the directory of the module that calls the loader and the
directories above it (python-dotenv's ``find_dotenv`` and environs walk up from the caller;
django-environ is given a path under the project's base directory), inside the code the
container holds.  A loader given a path dockwise cannot read (``load_dotenv(ENV_FILE)``)
names no file: nothing is assumed, except where the path is a template of a dotenv name with
one part filled in at run time (``load_dotenv(f".env.{run_env}")``, or a name bound to it in
the module, ``env_file = ".env." + run_env``) and a word the start command or the environment
gives the service (``--env=docker``, ``APP_ENV: docker``) completes it to a file found there
(``.env.docker``): that file is loaded (several files so named: what all of them set).
A word that names no file, or a start command dockwise cannot read whole, names nothing.
"""
from __future__ import annotations

import ast
import posixpath
import re
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from dockwise.extract.address import parse_any
from dockwise.extract.hostkind import host_kind
from dockwise.layout.dotenv import ENV_TWINS, parse_env_file

# a sample's name: "env" and one of the words of a committed twin of an env_file
# (`.env.example`, `docker_sample_env`, `env.dist`, `.env.template`)
_SAMPLE_WORDS = ENV_TWINS
# a sample is a dotenv file: no extension, or one that a dotenv sample takes (not `.yml`, `.py`)
_SAMPLE_SUFFIXES = ("", ".env", ".example", ".sample", ".dist", ".template", ".local", ".docker", ".dev")
# a file name a dotenv loader reads: `.env`, `dev.env`, `.env.local`, `env.prod` (not a key: "ENV_FILE")
_DOTENV_NAME = re.compile(r"(?:^|\.)env(?:$|\.)")
_STRING = re.compile(r"""(?:[rRbBuU]{0,2})("|')([^"'\n]*)\1""")
# a dotenv name with one part filled in at run time: f".env.{x}", ".env." + x
_FSTRING_TEMPLATE = re.compile(r"""^[fF][rR]?("|')([^"'{}\n]*)\{[^{}"'\n]*\}([^"'{}\n]*)\1$""")
_PLUS_TEMPLATE = re.compile(r"""^[rR]?("|')([^"'\n]*)\1\s*\+\s*[\w.\[\]()"']+$""")
_NAME = re.compile(r"^[A-Za-z_]\w*$")
# a loader told to replace what the process environment already holds
_OVERRIDES = re.compile(r"\b(?:override|overwrite)\s*=\s*True\b")


def loaded_dotenv_names(texts: Iterable[tuple[str, str]], roots: Sequence[str], knowledge: Any,
                        listdir: Callable[[str], Sequence[str]], read: Callable[[str], str | None],
                        placed: Mapping[tuple[str, str], str] | None = None,
                        chosen: Iterable[str] | None = None,
                        interpolated: Mapping[str, frozenset[str]] | None = None) -> frozenset[str]:
    """The variables set by the dotenv files that the modules (``(path, text)``) load: each
    file as found in the tree, or where it is absent, its committed samples (a variable the
    file gives a loopback address is left out: the default it replaces is no worse).  ``roots``: the
    tree directories the container holds (a loader's directory walk stops at them); the
    loaders are ``rules/flow.yaml`` dotenv_loaders.  ``placed``: (tree directory, file name) ->
    the tree file the image's build copies there under that name (``COPY .env.docker
    /app/.env``), which is the file the container holds, whatever the tree has there.
    ``chosen``: the words the service's start command and environment give (None: not known),
    which complete a loader's path template to the file it loads.  ``interpolated``: a Compose
    project's directory -> the variables its Compose files interpolate without a value or default,
    where its ``.env`` is not in the tree: a ``.env`` the code loads from that directory is the file
    Compose reads, and the operator writes them there."""
    names: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for rel, before, args in _loader_calls(texts, knowledge.flow.dotenv_loaders):
        wanted = _file_name(args)
        if wanted is None:
            template = _template(args, before)
            if template is None or chosen is None:
                continue
            for directory in _upwards(posixpath.dirname(rel), roots):
                names.update(_named_by_template(directory, template, chosen, knowledge, listdir, read))
            continue
        for directory in _upwards(posixpath.dirname(rel), roots):
            if (directory, wanted) in seen:
                continue
            seen.add((directory, wanted))
            names.update(_names_in(directory, wanted, knowledge, listdir, read,
                                   (placed or {}).get((directory, wanted))))
            if wanted == ".env" and interpolated and (directory, wanted) not in (placed or {}) \
                    and wanted not in listdir(directory):
                names.update(interpolated.get(directory, ()))
    return frozenset(names)


def _loader_calls(texts: Iterable[tuple[str, str]], loaders: Sequence[str]) -> Iterator[tuple[str, str, str]]:
    """Each call of a dotenv loader (``rules/flow.yaml`` dotenv_loaders) in the modules
    ``(path, text)``: the module's path, its text before the call, and the call's arguments."""
    if not loaders:
        return
    call = re.compile(r"\b(?:" + "|".join(map(re.escape, loaders)) + r")\s*\(")
    for rel, text in texts:
        # a plain substring test first: the regex's leading \b is tried at every position
        # of every module, and few modules name a loader at all
        if not any(loader in text for loader in loaders):
            continue
        for m in call.finditer(text):
            yield rel, text[:m.start()], _arguments(text, m.end())


def loaded_dotenv_values(texts: Iterable[tuple[str, str]], roots: Sequence[str], knowledge: Any,
                         listdir: Callable[[str], Sequence[str]], read: Callable[[str], str | None],
                         placed: Mapping[tuple[str, str], str] | None = None) -> dict[str, str]:
    """The values that the dotenv files the modules (``(path, text)``) load themselves give
    their variables, where the file is in the tree (or the image's build copies one there under
    the loader's name, ``placed``): the nearest such file up from the loading module, inside
    ``roots``.  Unlike :func:`loaded_dotenv_names`, a committed sample says nothing here: the
    operator's values are not known.  Left out: a loader whose path dockwise cannot read, one
    told to override the process's environment (then it is not a fallback), a value built by
    interpolation (``$OTHER``), a variable that two loaded files give different values, and one a
    file gives a loopback address (the default it replaces is no worse: it keeps its finding)."""
    values: dict[str, str | None] = {}
    seen: set[tuple[str, str]] = set()
    for rel, _before, args in _loader_calls(texts, knowledge.flow.dotenv_loaders):
        wanted = _file_name(args)
        if wanted is None or _OVERRIDES.search(args):
            continue
        found = _nearest(rel, wanted, roots, listdir, placed)
        if found is None or found in seen:
            continue
        seen.add(found)
        body = read(found[1])
        for v in parse_env_file(body, found[1]).vars if body is not None else ():
            if v.value is not None and not v.value.value.strip().isdigit() \
                    and _loopback(v.value.value, knowledge):  # (`0` is a flag, not 0.0.0.0)
                # the same mistake as the default it replaces: left unset, so that
                # the default keeps its finding (as loaded_dotenv_names leaves it out)
                continue
            value = v.value.value if v.value is not None and "$" not in v.value.value \
                and "\x00" not in v.value.value else None
            if v.name in values and values[v.name] != value:
                value = None
            values[v.name] = value
    return {k: v for k, v in values.items() if v is not None}


def _nearest(rel: str, wanted: str, roots: Sequence[str], listdir: Callable[[str], Sequence[str]],
             placed: Mapping[tuple[str, str], str] | None) -> tuple[str, str] | None:
    """(directory, tree file) of the dotenv file ``wanted`` nearest up from module ``rel``
    inside ``roots``: the tree's file there, or the one the build places there under that
    name (``placed``); None where there is none (the nearest one is the one read)."""
    for directory in _upwards(posixpath.dirname(rel), roots):
        source = (placed or {}).get((directory, wanted))
        if source is None and wanted in listdir(directory):
            source = wanted if directory in ("", ".") else posixpath.join(directory, wanted)
        if source is not None:
            return directory, source
    return None


def class_dotenv_files(cls: ast.ClassDef) -> tuple[str, ...]:
    """The dotenv files a pydantic settings class names for its own fields: ``model_config =
    SettingsConfigDict(env_file=".env")`` (or a dict with an ``"env_file"`` key), pydantic v1's
    ``class Config: env_file = ".env"``; a tuple or list of them.  Only names written as string
    literals that name a dotenv file (their base names); empty where the class names none, or
    names one by a value dockwise does not follow."""
    values: list[ast.expr] = []
    for stmt in cls.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(stmt.value, (ast.Call, ast.Dict)) \
                and any(isinstance(t, ast.Name) and t.id == "model_config"
                        for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])):
            if isinstance(stmt.value, ast.Call):
                values += [k.value for k in stmt.value.keywords if k.arg == "env_file"]
            else:
                values += [v for k, v in zip(stmt.value.keys, stmt.value.values, strict=True)
                           if isinstance(k, ast.Constant) and k.value == "env_file"]
        elif isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            for inner in stmt.body:
                if isinstance(inner, (ast.Assign, ast.AnnAssign)) and inner.value is not None \
                        and any(isinstance(t, ast.Name) and t.id == "env_file"
                                for t in (inner.targets if isinstance(inner, ast.Assign) else [inner.target])):
                    values.append(inner.value)
    names: list[str] = []
    for value in values:
        for v in (value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]):
            if not (isinstance(v, ast.Constant) and isinstance(v.value, str)):
                return ()
            base = posixpath.basename(v.value)
            if not _DOTENV_NAME.search(base.lower()):
                return ()
            names.append(base)
    return tuple(dict.fromkeys(names))


def class_dotenv_names(rel: str, files: Sequence[str], roots: Sequence[str], knowledge: Any,
                       listdir: Callable[[str], Sequence[str]], read: Callable[[str], str | None],
                       placed: Mapping[tuple[str, str], str] | None = None) -> frozenset[str]:
    """The variables (upper-cased: pydantic matches them without regard to case by default) that
    the dotenv ``files`` a settings class of module ``rel`` names set, where the container is seen
    to hold them: the nearest such file from the module's directory up to the container's roots
    (pydantic reads it from the working directory), or a copy the build places there under its
    name; a variable a file gives a loopback address is left out.  Unlike a loader's file
    (:func:`loaded_dotenv_names`), a committed sample says nothing here: the class reads the file
    by its own fields' names, which the sample's need not match (a ``Field(env="MONGODB_URI")``
    that pydantic v2 ignores, reading ``MONGODB_URL``), so where the file is not in the tree the
    defaults keep their findings.  pydantic-settings reads the file into the class's fields only
    (not the process environment): environment variables first, then the file, then the
    fields' defaults."""
    names: set[str] = set()
    for wanted in files:
        found = _nearest(rel, wanted, roots, listdir, placed)
        body = read(found[1]) if found is not None else None
        if found is not None and body is not None:
            names.update(v.name.upper() for v in parse_env_file(body, found[1]).vars
                         if not (v.value is not None and _loopback(v.value.value, knowledge)))
    return frozenset(names)


def _arguments(text: str, start: int) -> str:
    """The text of a call's arguments, from just after its ``(`` to the matching ``)``."""
    depth = 1
    for i in range(start, min(len(text), start + 400)):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[start:i]
    return text[start:start + 400]


def _file_name(args: str) -> str | None:
    """The dotenv file a loader call reads: the name of a string literal among its arguments
    that names one (``".env"``, ``"dev.env"``), ``.env`` for a call without one that names no
    other path either (``load_dotenv()``, ``load_dotenv(find_dotenv())``); None where the path
    is a value dockwise does not follow."""
    for m in _STRING.finditer(args):
        base = posixpath.basename(m.group(2))
        if _DOTENV_NAME.search(base.lower()):
            return base
    stripped = re.sub(r"\b(?:override|verbose|interpolate|encoding|overwrite|recurse)\s*=\s*\w+|find_dotenv\(\s*\)", "",
                      args).strip(" ,\n")
    return ".env" if not stripped else None


def _template(args: str, before: str) -> tuple[str, str] | None:
    """The (prefix, suffix) of a dotenv name a loader's path fills in at run time: the single
    argument written as ``f".env.{x}"`` or ``".env." + x``, or a name the module binds to one
    above the call (its last binding there); None for anything else."""
    arg = args.strip().rstrip(",").strip()
    if _NAME.match(arg):
        bound = re.findall(r"^[ \t]*" + re.escape(arg) + r"[ \t]*=[ \t]*([^\n]+)$", before, re.MULTILINE)
        if not bound:
            return None
        arg = bound[-1].strip()
    m = _FSTRING_TEMPLATE.match(arg)
    if m is not None:
        prefix, suffix = posixpath.basename(m.group(2)), m.group(3)
    else:
        m = _PLUS_TEMPLATE.match(arg)
        if m is None:
            return None
        prefix, suffix = posixpath.basename(m.group(2)), ""
    if "/" in suffix or not _DOTENV_NAME.search((prefix + "x" + suffix).lower()) or not (prefix or suffix):
        return None
    return prefix, suffix


def _named_by_template(directory: str, template: tuple[str, str], chosen: Iterable[str], knowledge: Any,
                       listdir: Callable[[str], Sequence[str]], read: Callable[[str], str | None]) -> set[str]:
    """The variables set by every file of ``directory`` that ``template`` completed by one of
    the ``chosen`` words names (none where no word names a file there): where several words
    name files, which one the code picks is not known, and only what all of them set is set."""
    prefix, suffix = template
    entries = set(listdir(directory))
    names: set[str] | None = None
    for word in sorted(set(chosen)):
        name = prefix + word + suffix
        if word and "/" not in word and name in entries:
            got = _names_in(directory, name, knowledge, listdir, read)
            names = got if names is None else names & got
    return names or set()


def _upwards(directory: str, roots: Sequence[str]) -> list[str]:
    """``directory`` and those above it, while inside one of ``roots`` ("" is the tree's root)."""
    out: list[str] = []
    while True:
        if not any(r in ("", ".") or directory == r or directory.startswith(r.rstrip("/") + "/") for r in roots):
            break
        out.append(directory)
        if directory in ("", "."):
            break
        directory = posixpath.dirname(directory)
    return out


def _names_in(directory: str, wanted: str, knowledge: Any, listdir: Callable[[str], Sequence[str]],
              read: Callable[[str], str | None], placed: str | None = None) -> set[str]:
    entries = listdir(directory)
    if placed is not None:
        paths = [placed]  # (a path of the tree, not of ``directory``)
    elif wanted in entries:
        paths = [wanted]
    else:
        paths = [e for e in entries if _is_sample(e)]
    names: set[str] = set()
    for name in paths:
        path = name if placed is not None or directory in ("", ".") else posixpath.join(directory, name)
        text = read(path)
        if text is not None:
            # a sample that gives the variable a loopback address hands the operator the same
            # mistake as the default: it decides nothing (the default keeps its finding)
            names.update(v.name for v in parse_env_file(text, path).vars
                         if not (v.value is not None and _loopback(v.value.value, knowledge)))
    return names


def _loopback(value: str, knowledge: Any) -> bool:
    """The value is an address of a loopback (or every-interface) host (``rules/hosts.yaml``)."""
    address = parse_any(value)
    return address is not None and any(host_kind(h.host, knowledge) in ("loopback", "unspecified")
                                       for h in address.hosts)


def dotenv_like(name: str) -> bool:
    """A file name an application's dotenv file or its sample may have: what a warm run's
    evidence cache must see change (``evidence_cache.world_key``)."""
    return bool(_DOTENV_NAME.search(name.lower())) or _is_sample(name)


def _is_sample(name: str) -> bool:
    low = name.lower()
    if "env" not in low or not any(w in low for w in _SAMPLE_WORDS):
        return False
    return posixpath.splitext(low)[1] in _SAMPLE_SUFFIXES
