"""Environment values that a command-line option of the start command replaces.

A command-line program often takes its settings from the environment first and lets its own
options replace them: a settings class reads ``OUTPUT_ADDRESS`` as a field's default
(``output: str = os.environ.get("OUTPUT_ADDRESS", "tcp://localhost:20501")``), and the click
command the start command runs writes its option over that field (``if output is not None:
settings.output = output``).  Where the start command gives that option a value
(``app serve --output tcp://collector:5556``), the variable's value is read and then replaced
before anything uses it: whatever the container's environment sets there is dialled nowhere.

The variable counts as replaced only where every read of it in the modules the container runs
is the default of one class field, every click command declaring an option that it writes
over that field does so, and every entry of the start command gives one of those options a
value of its own (not one filled in at run time).
"""
from __future__ import annotations

import ast
from typing import Any, Callable, Iterable

__all__ = ["gives_option", "option_replaced", "option_sets_env"]

# (is_env_read(mod, call): the call reads an environment variable, rules/clients.yaml role env;
# is_option(mod, decorator): the decorator declares a command-line option, rules/flow.yaml
# cli_option_decorators)
Predicate = Callable[[Any, ast.AST], bool]


def _field_read(mod: Any, node: ast.Constant, is_env_read: Predicate) -> str | None:
    """The class field whose default is the environment read of the name ``node``."""
    call = mod.parent(node)
    if not isinstance(call, ast.Call) or not call.args or call.args[0] is not node \
            or not is_env_read(mod, call):
        return None
    stmt = mod.parent(call)
    if not isinstance(stmt, (ast.AnnAssign, ast.Assign)) or stmt.value is not call \
            or not isinstance(mod.parent(stmt), ast.ClassDef):
        return None
    targets = [stmt.target] if isinstance(stmt, ast.AnnAssign) else stmt.targets
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        return targets[0].id
    return None


def _options(mod: Any, func: ast.AST, is_option: Predicate) -> list[tuple[tuple[str, ...], str]]:
    """(the flags, the parameter) of each click option declared on ``func``."""
    out: list[tuple[tuple[str, ...], str]] = []
    for dec in getattr(func, "decorator_list", ()):
        if not isinstance(dec, ast.Call) or not is_option(mod, dec):
            continue
        words = [a.value for a in dec.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        flags = tuple(w.split("/", 1)[0] for w in words if w.startswith("-"))
        names = [w for w in words if w.isidentifier()]
        if not flags:
            continue
        if names:
            param = names[0]
        else:
            longs = [f for f in flags if f.startswith("--")]
            param = (longs[0] if longs else flags[0]).lstrip("-").replace("-", "_").lower()
        out.append((flags, param))
    return out


def _writes_over(func: ast.AST, param: str, field: str) -> bool:
    """``func``'s body assigns the parameter ``param`` to an attribute ``field`` (``settings.X = param``)."""
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id == param \
                and any(isinstance(t, ast.Attribute) and t.attr == field for t in node.targets):
            return True
    return False


def _gives(args: Iterable[str], flags: set[str]) -> bool:
    """The arguments give one of ``flags`` a value written out (``--out X``, ``--out=X``)."""
    words = list(args)
    for i, w in enumerate(words):
        flag, eq, value = w.partition("=")
        if flag not in flags:
            continue
        if not eq:
            value = words[i + 1] if i + 1 < len(words) else ""
            if value.startswith("-"):
                continue
        if value and "$" not in value and "`" not in value:
            return True
    return False


gives_option = _gives


def _declared(texts: dict[str, str], module: Callable[[str], Any], holds: Callable[[str], bool],
              writes: Callable[[Any, ast.AST, str], bool], is_option: Predicate) -> list[tuple[tuple[str, ...], bool]] | None:
    """(the flags, whether ``writes(module, function, parameter)`` holds of it) of each
    command-line option a function declares in the modules whose text ``holds`` what is looked
    for; None where one of them cannot be parsed."""
    out: list[tuple[tuple[str, ...], bool]] = []
    for rel, t in texts.items():
        if "option" not in t or not holds(t):
            continue
        mod = module(rel)
        if mod is None:
            return None
        for func in ast.walk(mod.tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.extend((opt_flags, writes(mod, func, param)) for opt_flags, param in _options(mod, func, is_option))
    return out


def _given_and_written(texts: dict[str, str], module: Callable[[str], Any], holds: Callable[[str], bool],
                       writes: Callable[[Any, ast.AST, str], bool], is_option: Predicate,
                       entry_args: list[tuple[str, ...]]) -> bool:
    """Some command of the modules whose text ``holds`` what is looked for declares an option
    whose value it ``writes`` where the variable is read, every command of the container
    declaring one of those options writes it so, and every entry of the start command gives
    one of them a value of its own."""
    written = _declared(texts, module, holds, writes, is_option)
    if written is None:
        return False
    flags = {f for opt_flags, writes_it in written if writes_it for f in opt_flags}
    if not flags:
        return False
    declared = _declared(texts, module, lambda t: any(f in t for f in flags), writes, is_option)
    if declared is None:
        return False
    if any(not writes_it and set(opt_flags) & flags for opt_flags, writes_it in declared):
        return False  # a command taking the same option without writing it
    return all(_gives(args, flags) for args in entry_args)


def option_replaced(rels: Iterable[str], text: Callable[[str], str | None], module: Callable[[str], Any],
                    entry_args: list[tuple[str, ...]], name: str, *, is_env_read: Predicate,
                    is_option: Predicate) -> bool:
    """Whether the start command's option replaces the value of the variable ``name`` (the
    module docstring).  ``rels``: the modules the container runs; ``text``, ``module``: their
    text and parsed module (None for one that cannot be parsed); ``entry_args``: the arguments
    of each entry of its start command."""
    if not entry_args or not any("-" in w for args in entry_args for w in args):
        return False
    texts = {rel: text(rel) or "" for rel in rels}
    readers = [rel for rel, t in texts.items() if name in t]
    if not readers:
        return False
    fields: set[str] = set()
    for rel in readers:
        mod = module(rel)
        if mod is None:
            return False
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Constant) and node.value == name:
                field = _field_read(mod, node, is_env_read)
                if field is None:
                    return False  # read another way (or the name written for something else)
                fields.add(field)
    if len(fields) != 1:
        return False
    field = fields.pop()
    # the options that write over the field, in the modules naming it (a module without the
    # field's name declares such an option without writing it over the field)
    return _given_and_written(texts, module, lambda t: field in t,
                              lambda mod, func, param: _writes_over(func, param, field), is_option, entry_args)


def _writes_env(mod: Any, func: ast.AST, param: str, name: str) -> bool:
    """``func``'s body writes the parameter ``param`` into the variable ``name`` of its own
    environment (``os.environ["NAME"] = param``)."""
    for node in ast.walk(func):
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Name) or node.value.id != param:
            continue
        for t in node.targets:
            if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == name \
                    and mod.qname(t.value) == "os.environ":
                return True
    return False


def option_sets_env(rels: Iterable[str], text: Callable[[str], str | None], module: Callable[[str], Any],
                    entry_args: list[tuple[str, ...]], name: str, *, is_option: Predicate) -> bool:
    """Whether the click command the start command runs writes the value of one of its options
    into the variable ``name`` of its own environment (``os.environ["DB_URI"] = database`` in
    the command declaring ``--database``), and every entry of the start command gives that
    option a value of its own: what the container's environment sets there, or a read's
    default where it sets nothing, is replaced by the command line (as Celery's ``--broker``
    replaces ``CELERY_BROKER_URL``).  A command declaring the same option without writing it
    keeps the variable judged."""
    if not entry_args or not any("-" in w for args in entry_args for w in args):
        return False
    texts = {rel: text(rel) or "" for rel in rels}
    return _given_and_written(texts, module, lambda t: "environ" in t and name in t,
                              lambda mod, func, param: _writes_env(mod, func, param, name), is_option, entry_args)
