"""What ``make TARGET`` runs: the recipe lines of the target in the Makefile, after those of
the targets it depends on, each a shell command (``rules/frameworks.yaml`` make_programs).

A start command ``make docker-run-dev`` runs the lines of that rule in the Makefile of its
working directory (or the file of ``-f``, in the directory of ``-C``); without a target, the
first rule's.  The text returned is a shell script of those lines: a line's ``@``, ``-`` and
``+`` prefixes dropped, ``$$`` read as ``$``, ``$(MAKE)`` as ``make`` and a variable the
Makefile sets at its top level (``PYTHON = python3``), or the command line does
(``make run PYTHON=python3``), by its value; any other ``$(...)`` is left as written (the shell
reads it as a value it cannot know).  The lines of both arms of a conditional (``ifeq ... else
... endif``) are kept.  A target the Makefile has no rule for (a pattern rule, an included file)
gives None: what it runs is not known here.
"""
from __future__ import annotations

import re

__all__ = ["make_arguments", "recipe_script"]

_RULE = re.compile(r"^([^\s:=#][^:=#]*?)[ \t]*::?(?!=)[ \t]*(.*)$")
_ASSIGN = re.compile(r"^(?:export[ \t]+|override[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*(?:::=|:=|\?=|=)[ \t]*(.*)$")
_CONDITIONAL = re.compile(r"(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b")
_VAR = re.compile(r"\$[({]([A-Za-z_][\w.-]*)[)}]")
_MAX_PREREQUISITES = 5


def make_arguments(args: tuple[str, ...], value_options: tuple[str, ...]) -> tuple[str | None, str | None,
                                                                                   list[str], dict[str, str]]:
    """``make``'s arguments read: (the file of ``-f``, the directory of ``-C``, the targets,
    the variables assigned on the command line)."""
    makefile = directory = None
    targets: list[str] = []
    assigned: dict[str, str] = {}
    i = 0
    while i < len(args):
        a = args[i]
        name, eq, value = a.partition("=")
        if a.startswith("-"):
            opt = name if a.startswith("--") else a[:2]
            inline = value if a.startswith("--") and eq else (a[2:] if not a.startswith("--") and len(a) > 2 else None)
            if opt in value_options:
                if inline is None and i + 1 < len(args):
                    inline = args[i + 1]
                    i += 1
                if opt in ("-f", "--file", "--makefile"):
                    makefile = inline
                elif opt in ("-C", "--directory"):
                    directory = inline
        elif eq and re.fullmatch(r"[A-Za-z_][\w.-]*", name):
            assigned[name] = value
        else:
            targets.append(a)
        i += 1
    return makefile, directory, targets, assigned


def recipe_script(text: str, targets: list[str], assigned: dict[str, str]) -> str | None:
    """The shell script the ``targets`` of the Makefile ``text`` run (the first rule's where
    none is given), or None where one has no rule of its own."""
    rules, variables, first = _parse(text)
    variables.update(assigned)
    goals = targets or ([first] if first else [])
    if not goals:
        return None
    lines: list[str] = []
    done: set[str] = set()

    def run(target: str, depth: int) -> bool:
        if target in done:
            return True
        done.add(target)
        rule = rules.get(target)
        if rule is None:
            return False
        prerequisites, recipe = rule
        if depth < _MAX_PREREQUISITES:
            for p in prerequisites:
                if p in rules:
                    run(p, depth + 1)
        lines.extend(recipe)
        return True

    for goal in goals:
        if not run(goal, 0):
            return None
    return "\n".join(_expand(_strip_prefix(line), variables) for line in lines)


def _parse(text: str) -> tuple[dict[str, tuple[list[str], list[str]]], dict[str, str], str | None]:
    """The rules of ``text`` (target -> prerequisites, recipe lines), its top-level simple
    variables, and the default goal (the first target that is not special or a pattern)."""
    rules: dict[str, tuple[list[str], list[str]]] = {}
    variables: dict[str, str] = {}
    first: str | None = None
    current: list[list[str]] = []
    for line in text.replace("\\\r\n", " ").replace("\\\n", " ").splitlines():
        if line.startswith("\t"):
            command = line[1:].strip()
            if command and not command.startswith("#"):
                for recipe in current:
                    recipe.append(command)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _CONDITIONAL.match(stripped):
            continue  # `ifeq (...)` / `else` / `endif` inside a rule: the lines of both arms are kept
        assign = _ASSIGN.match(stripped)
        if assign and _is_assignment(stripped):
            variables.setdefault(assign.group(1), assign.group(2).strip())
            current = []
            continue
        rule = _RULE.match(line)
        if rule is None:
            current = []
            continue
        names = rule.group(1).split()
        rest, _, inline = rule.group(2).partition(";")
        prerequisites = [p for p in rest.split() if not p.startswith("|")]
        current = []
        for name in names:
            if name.startswith(".") or "%" in name or "$" in name:
                continue
            body: list[str] = [inline.strip()] if inline.strip() else []
            if name not in rules:
                rules[name] = (prerequisites, body)
                current.append(body)
            if first is None:
                first = name
    return rules, variables, first


def _is_assignment(line: str) -> bool:
    """The first ``:`` or ``=`` of ``line`` belongs to an assignment (``=``, ``:=``, ``::=``,
    ``?=``), not to a rule's colon."""
    at = min((i for i in (line.find(":"), line.find("=")) if i >= 0), default=-1)
    return at >= 0 and (line[at] == "=" or line.startswith((":=", "::="), at))


def _strip_prefix(line: str) -> str:
    """A recipe line without make's ``@`` (silent), ``-`` (ignore errors), ``+`` prefixes."""
    return line.lstrip("@-+ \t")


def _expand(line: str, variables: dict[str, str]) -> str:
    """``$$`` as ``$``, ``$(MAKE)`` as ``make``, known variables by their values (one level
    deep); other references left as written."""
    marker = "\x00DOLLAR\x00"
    line = line.replace("$$", marker)
    for _ in range(3):
        new = _VAR.sub(lambda m: "make" if m.group(1) == "MAKE" else variables.get(m.group(1), m.group(0)), line)
        if new == line:
            break
        line = new
    return line.replace(marker, "$")
