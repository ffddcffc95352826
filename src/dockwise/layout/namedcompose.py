"""Compose files a project names outside Compose.

Many projects keep their Compose files under names ``docker compose`` does not look for
(cookiecutter-django's ``local.yml`` and ``production.yml``, ``deploy/stack.yml``) and say
so where they run them: ``docker compose -f local.yml up`` in a Makefile, a justfile, a
Taskfile, a shell script or a CI workflow, or ``COMPOSE_FILE=local.yml`` exported there.
This module reads those files (the ones :func:`imagebuilds.is_build_script_name` picks, a
regex pass over their lines, no shell interpretation beyond the file's own simple
variable assignments) and returns, per command, the files it names in its ``-f`` order,
which is Compose's merge order.

Paths are relative to where the command runs: a Makefile's, a justfile's or a script's
own directory (the repository root where the file is not found there: scripts under
``scripts/`` are often run from the root), a CI workflow's ``working-directory`` or the
repository root.  A path with an unknown variable, an absolute path or one that leaves the
root is dropped; whether a named file exists and is Compose is the builder's question.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from dockwise.layout.scriptlines import logical_lines, split_command

__all__ = ["NamedFiles", "find_named_compose"]

MAX_SCRIPT_CHARS = 256_000  # a build script larger than this is no hand-written one: not read

# `docker compose`'s global options that take a value (the others are flags); -f/--file are
# read, the rest skipped with their value
_OPTIONS_WITH_VALUE = frozenset({
    "-f", "--file", "-p", "--project-name", "--project-directory", "--env-file", "--profile",
    "--ansi", "--progress", "--parallel", "-c", "--context", "--log-level", "-H", "--host",
})
_SHELL_OPERATORS = ("&&", "||", ";", "|", "&")
_ASSIGN = re.compile(r"^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::=|\?=|=)[ \t]*(.*?)[ \t]*$",
                     re.MULTILINE)
_VAR = re.compile(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
# COMPOSE_FILE=local.yml, export COMPOSE_FILE := "a.yml:b.yml", COMPOSE_FILE: local.yml (YAML env)
_COMPOSE_FILE = re.compile(r"\bCOMPOSE_FILE[ \t]*(?::=|\?=|=|:)[ \t]*['\"]?([^\s'\"#;&|]+)")
_CD = re.compile(r"(?:^|[;&|(]\s*)cd\s+([^\s;&|)]+)\s*(?:&&|;)")


@dataclass(frozen=True)
class NamedFiles:
    """The Compose files one command names, in its ``-f`` order."""

    candidates: tuple[tuple[str, ...], ...]  # the same list resolved from each place the command may run
    where: str  # the file that names them
    stack: bool = False  # a Swarm stack's files (`docker stack deploy -c`): `depends_on` is ignored
    # the `--env-file` files the command interpolates with instead of the directory's `.env`,
    # per candidate above (the same place): () where it gives none; None for a path not known
    # (a variable, outside the root)
    env_files: tuple[tuple[str, ...] | None, ...] = ()
    # the `--project-directory` the command gives, per candidate above (root-relative, "" for
    # the root): Compose resolves the files' relative paths (build contexts, bind mounts,
    # env_file) and reads the `.env` from there, not from the first file's directory; None
    # where it gives none or one not known (a variable, outside the root)
    project_dirs: tuple[str | None, ...] = ()


def _program_pattern(programs: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w.$/-])(?:" + "|".join(
        r"\s+".join(re.escape(w) for w in p.split()) for p in programs) + r")(?![\w.-])")


def find_named_compose(paths: Iterable[str], read: Callable[[str], str | None],
                       programs: Sequence[str], stack_programs: Sequence[str] = ()) -> list[NamedFiles]:
    """The ``-f`` lists and ``COMPOSE_FILE`` values of ``programs`` (``docker compose``,
    ``docker-compose``...) in the build scripts ``paths``, and the ``-c`` lists of
    ``stack_programs`` (``docker stack deploy``)."""
    if not programs:
        return []
    program = _program_pattern(programs)
    stack = _program_pattern(stack_programs) if stack_programs else None
    out: list[NamedFiles] = []
    seen: set[tuple[str, tuple[tuple[str, ...], ...]]] = set()
    for rel in paths:
        low = posixpath.basename(rel).lower()
        if low.startswith("docker-bake."):
            continue
        text = read(rel)
        if not text or len(text) > MAX_SCRIPT_CHARS or ("compose" not in text.lower()):
            continue
        variables = _variables(text)  # once per file: per line it made a long script quadratic
        for bases, line in _commands(rel, text):
            lists: list[tuple[list[str], list[str], list[str], bool]] = [
                (files, env_files, dirs, False) for files, env_files, dirs in _named(line, program, variables)]
            if stack is not None:
                lists.extend((files, [], [], True) for files in _stack_named(line, stack, variables))
            for files, env_words, dir_words, is_stack in lists:
                places: dict[tuple[str, ...], tuple[tuple[str, ...] | None, str | None]] = {}
                for base in bases:
                    resolved = _resolve(base, files)
                    if resolved is not None and resolved not in places:
                        places[resolved] = (_resolve_env(base, env_words), _resolve_dir(base, dir_words))
                candidates = tuple(places)
                if candidates and (rel, candidates) not in seen:
                    seen.add((rel, candidates))
                    out.append(NamedFiles(candidates, rel, is_stack, tuple(e for e, _d in places.values()),
                                          tuple(d for _e, d in places.values())))
    return out


def _resolve_env(base: str, words: list[str]) -> tuple[str, ...] | None:
    """The ``--env-file`` paths ``words`` relative to ``base``, root-relative (Compose reads them
    from the directory it runs in); None where one is not a literal path inside the root."""
    out: list[str] = []
    for w in words:
        if "$" in w or "*" in w or "{" in w or w.startswith(("/", "~")):
            return None
        p = posixpath.normpath(posixpath.join(base, w)) if base else posixpath.normpath(w)
        if p == ".." or p.startswith("../"):
            return None
        out.append(p)
    return tuple(out)


def _resolve_dir(base: str, words: list[str]) -> str | None:
    """The last ``--project-directory`` value of ``words`` relative to ``base``, root-relative
    ("" for the root); None where none is given or it is not a literal path inside the root."""
    if not words:
        return None
    w = words[-1]
    if not w or "$" in w or "*" in w or "{" in w or w.startswith(("/", "~")):
        return None
    p = posixpath.normpath(posixpath.join(base, w)) if base else posixpath.normpath(w)
    if p == ".." or p.startswith("../"):
        return None
    return "" if p == "." else p


def _stack_named(line: str, program: re.Pattern[str], variables: dict[str, str]) -> list[list[str]]:
    """The ``-c``/``--compose-file`` lists of a stack deploy command (its options follow the
    subcommand; the stack's name is a positional word among them)."""
    if line.lstrip().startswith("#"):
        return []
    line = _expand(line, variables)
    out: list[list[str]] = []
    for m in program.finditer(line):
        words = split_command(line[m.end():])
        files: list[str] = []
        i = 0
        while i < len(words) and words[i] not in _SHELL_OPERATORS:
            name, eq, value = words[i].partition("=")
            if name in ("-c", "--compose-file"):
                if not eq:
                    value = words[i + 1] if i + 1 < len(words) else ""
                    i += 1
                if value:
                    files.append(value)
            i += 1
        if files:
            cd = _CD.findall(line[:m.start()])
            out.append([posixpath.join(cd[-1], f) if cd and not f.startswith("/") else f for f in files])
    return out


def _commands(rel: str, text: str) -> list[tuple[tuple[str, ...], str]]:
    """(the directories the command may run in, first the likeliest; the command line)."""
    here = posixpath.dirname(rel)
    if "/.github/workflows/" in f"/{rel}" and rel.endswith((".yml", ".yaml")):
        steps = _workflow_steps(text)
        if steps is not None:
            return [((wd,), line) for wd, run in steps for line in logical_lines(run)]
        return [(("",), line) for line in logical_lines(text)]
    if posixpath.basename(rel).lower() == ".gitlab-ci.yml":
        return [(("",), line) for line in logical_lines(text)]
    return [((here, ""), line) for line in logical_lines(text)]


def _workflow_steps(text: str) -> list[tuple[str, str]] | None:
    """A GitHub workflow's ``run:`` steps and ``env:`` maps as (working directory, text):
    the step's ``working-directory``, else its job's or the workflow's ``defaults.run``
    one, else the repository root.  None where the file is no readable YAML mapping."""
    import yaml

    try:
        doc = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(doc, dict):
        return None
    out: list[tuple[str | None, str]] = []
    top_wd = _default_wd(doc, "")
    out.extend((top_wd, line) for line in _env_lines(doc))
    jobs = doc.get("jobs")
    for job in jobs.values() if isinstance(jobs, dict) else ():
        if not isinstance(job, dict):
            continue
        job_wd = _default_wd(job, top_wd)
        out.extend((job_wd, line) for line in _env_lines(job))
        for step in job.get("steps") or ():
            if not isinstance(step, dict):
                continue
            wd = step.get("working-directory")
            step_wd = _clean_dir(wd) if isinstance(wd, str) else job_wd
            if step_wd is None:
                continue
            out.extend((step_wd, line) for line in _env_lines(step))
            if isinstance(step.get("run"), str):
                out.append((step_wd, step["run"]))
    return [(wd, run) for wd, run in out if wd is not None]


def _default_wd(node: dict[str, Any], inherited: str | None) -> str | None:
    defaults = node.get("defaults")
    run = defaults.get("run") if isinstance(defaults, dict) else None
    wd = run.get("working-directory") if isinstance(run, dict) else None
    return _clean_dir(wd) if isinstance(wd, str) else inherited


def _clean_dir(wd: str) -> str | None:
    """A literal working directory, root-relative; None for one built from an expression."""
    if "$" in wd:
        return None
    p = posixpath.normpath(wd.strip().removeprefix("./")) if wd.strip() else "."
    return "" if p == "." else p


def _env_lines(node: dict[str, Any]) -> list[str]:
    """The lines a workflow's ``env:`` map stands for: ``COMPOSE_FILE``'s list, and each other
    string value as a command line of its own (``COMPOSE: docker compose -f a.yml -f b.yml``,
    run later as ``$COMPOSE up``: its files are the ones the steps load)."""
    env = node.get("env")
    if not isinstance(env, dict):
        return []
    out = [f"COMPOSE_FILE={env['COMPOSE_FILE']}"] if isinstance(env.get("COMPOSE_FILE"), str) else []
    out.extend(v for k, v in env.items() if k != "COMPOSE_FILE" and isinstance(v, str))
    return out


def _variables(text: str) -> dict[str, str]:
    """The file's own simple assignments (``DC_FILE = local.yml``, ``export X=...``)."""
    out: dict[str, str] = {}
    for m in _ASSIGN.finditer(text):
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        out.setdefault(m.group(1), value)
    return out


def _expand(text: str, variables: dict[str, str], depth: int = 0) -> str:
    """Variables the file assigns filled in; unknown ones are left as written."""
    def one(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2) or m.group(3)
        value = variables.get(name)
        if value is None or depth > 3:
            return m.group(0)
        return _expand(value, variables, depth + 1)
    return _VAR.sub(one, text) if "$" in text else text


def _named(line: str, program: re.Pattern[str],
           variables: dict[str, str]) -> list[tuple[list[str], list[str], list[str]]]:
    """The file lists a command line gives, each with its ``--env-file`` and
    ``--project-directory`` values: each compose program's ``-f`` options (before its
    subcommand), and a ``COMPOSE_FILE`` value."""
    out: list[tuple[list[str], list[str], list[str]]] = []
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return out
    line = _expand(line, variables)
    for m in program.finditer(line):
        env_files: list[str] = []
        dirs: list[str] = []
        files = _file_options(split_command(_after_make_choice(line, m)), env_files, dirs)
        if files:
            cd = _CD.findall(line[:m.start()])
            out.append(([posixpath.join(cd[-1], f) if cd and not f.startswith("/") else f for f in files],
                        [posixpath.join(cd[-1], f) if cd and not f.startswith("/") else f for f in env_files],
                        [posixpath.join(cd[-1], f) if cd and not f.startswith("/") else f for f in dirs]))
    for m in _COMPOSE_FILE.finditer(line):
        files = [p.strip() for p in re.split(r"[:;]", m.group(1)) if p.strip()]
        if files:
            out.append((files, [], []))
    return out


_MAKE_CHOICE = re.compile(r"\$\((?:if|or)[ \t]")


def _after_make_choice(line: str, m: re.Match[str]) -> str:
    """The text after the program ``m``; where a Make function that chooses the program ends
    right after it (``$(if $(HAVE_PODMAN), podman-compose, docker-compose) -f dev.yml``), the
    text after that function's ``)``: its options are the chosen program's, and the ``)``
    is no subcommand.  Only ``$(if`` and ``$(or`` choose; the program's ``)`` closes the
    innermost such function still open before it."""
    rest = line[m.end():]
    stripped = rest.lstrip()
    if not stripped.startswith(")"):
        return rest
    before = line[:m.start()]
    opens = [c.start() for c in _MAKE_CHOICE.finditer(before)]
    if not opens:
        return rest
    inner = before[opens[-1] + 2:]
    if inner.count("(") - inner.count(")") != 0:
        return rest  # the `)` closes something else opened inside the function
    return stripped[1:]


def _file_options(words: list[str], env_files: list[str] | None = None,
                  project_dirs: list[str] | None = None) -> list[str]:
    """The ``-f``/``--file`` values among the global options before the subcommand (and the
    ``--env-file`` values, into ``env_files``, the ``--project-directory`` ones into
    ``project_dirs``)."""
    files: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _SHELL_OPERATORS or not w.startswith("-"):
            break  # the subcommand (`up`, `logs -f` follows logs, not a file) or the command's end
        name, eq, value = w.partition("=")
        if name in _OPTIONS_WITH_VALUE and not eq:
            value = words[i + 1] if i + 1 < len(words) else ""
            i += 1
        elif name.startswith("-f") and len(name) > 2 and not name.startswith("--"):
            name, value = "-f", name[2:]
        if name in ("-f", "--file") and value:
            files.append(value)
        elif name == "--env-file" and env_files is not None:
            env_files.append(value or "$")  # (an empty value: no path known)
        elif name == "--project-directory" and project_dirs is not None:
            project_dirs.append(value or "$")
        i += 1
    return files


def _resolve(base: str, files: list[str]) -> tuple[str, ...] | None:
    """``files`` relative to ``base``, root-relative; None where one is not a literal YAML
    path inside the root (an unknown variable, ``-`` for stdin, an absolute path, ``..``)."""
    out: list[str] = []
    for f in files:
        if "$" in f or "*" in f or "{" in f or not f.endswith((".yml", ".yaml")) or f.startswith(("/", "~")):
            return None
        p = posixpath.normpath(posixpath.join(base, f)) if base else posixpath.normpath(f)
        if p == ".." or p.startswith("../"):
            return None  # outside the project root: refused, as every path the layout reads
        out.append(p)
    return tuple(dict.fromkeys(out)) or None
