"""Whether a call can run in the containers searched: the question a parameter default asks
of its callers (``Climb._always_passed``).  A call in the ``if __name__ == "__main__":``
block of a module no service runs as its script never runs; nor does one in a module-level
function that nothing names (no reference where it is defined, no import of it elsewhere,
no ``module:function`` string, no word of a start command).  Where the scripts the services
run are not known (a service that fell back to every file), every ``__main__`` block may.
Also: whether anything builds a class by its name (``unnamed_class``)."""
from __future__ import annotations

import ast
from typing import Any

from dockwise.flow.astfacts import module_names
from dockwise.flow.index import ModuleAst
from dockwise.runs.scan import is_main_test
from dockwise.words import has_whole

Flow = Any  # dockwise.flow.evidence.Flow (which imports this module): mains, entry_words, _containing


def may_run(flow: Flow, mod: ModuleAst, call: ast.Call) -> bool:
    """Whether ``call`` (in ``mod``) can run in a container the flow searches."""
    if dead_main(flow, mod, call):
        return False
    func = mod.function_of(call)
    if func is None or func.decorator_list or mod.parent(func) is not mod.tree or func.name.startswith("__"):
        return True  # module code, a method, a nested or decorated function: run unnamed
    return _named(flow, mod, func.name)


def dead_main(flow: Flow, mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` is in the ``if __name__ == "__main__":`` block of a module that no service
    the flow searches runs as its script."""
    if flow.mains is None or mod.rel in flow.mains:
        return False
    top: ast.AST | None = node
    while top is not None and mod.parent(top) is not mod.tree:
        top = mod.parent(top)
    return isinstance(top, ast.If) and is_main_test(top.test) and node is not top.test


def _named(flow: Flow, mod: ModuleAst, name: str) -> bool:
    """Something that can run names the module-level function ``name`` of ``mod``."""
    if has_whole(flow.entry_words, name):
        return True
    if any(not dead_main(flow, mod, load) for load in mod.loads(name)):
        return True
    mine = set(module_names(mod.rel))
    spelled = tuple(f"{m}{sep}{name}" for m in mine for sep in (":", "."))
    for other in flow._containing(name):
        if other is mod:
            if any(s in other.text for s in spelled):
                return True
            continue
        if any(s in other.text for s in spelled):
            return True  # "pkg.module:function" handed to a server or a scheduler
        for local, qual in other.imports.items():
            module, _, attr = qual.rpartition(".")
            if attr == name and module in mine and any(not dead_main(flow, other, u) for u in other.loads(local)):
                return True
            if qual in mine and any(isinstance(a.value, ast.Name) and a.value.id == local
                                    for a in other.attr_loads(name)):
                return True
    return False


def unnamed_class(flow: Flow, mod: ModuleAst, init: ast.AST) -> bool:
    """No code of the modules searched names the class whose ``__init__`` is ``init`` (its
    name is read nowhere, docstrings aside): it is built by a registry (``__subclasses__``,
    a dotted name in a configuration) with the arguments that gives, or by a library's user."""
    cls = mod.parent(init)
    if not isinstance(cls, ast.ClassDef) or mod.parent(cls) is not mod.tree:
        return False
    return not any(other.loads(cls.name) or other.attr_loads(cls.name) or any(
                       isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.endswith(cls.name)
                       for part in other.expressions_naming(cls.name) for n in ast.walk(part))
                   for other in flow._containing(cls.name))
