"""The functions that may run while a container only imports the project's code.

An import-only runner (``celery beat``, a monitor subcommand: ``runs/entries.imports_only``)
imports its application's modules and calls none of their functions itself.  What runs there is
what importing runs: each module's top level and its class bodies, the decorators and defaults
of its functions, and, transitively, the functions that code calls:

- a call of a plain name (``client = build_client()``) runs the module-level functions of that
  name, and, where a class has it, the class's constructor methods (``__init__``, ``__new__``,
  ``__post_init__``) and those of its bases; the class is then built (one built on a library
  class that calls its subclass's methods itself, ``threading.Thread``, runs every method:
  rules/flow.yaml self_running_bases);
- a call of an attribute (``app.conf.update(...)``, ``config.load()``) runs the module-level
  functions of that name (``module.func()``) and the methods of that name of the classes built
  so far, or of the class it is called on (``Settings.load()``): not every method of that name
  in the closure, since generic names (``get``, ``update``, ``run``) would join everything;
- a function handed to the running process to call on an event of its own (a signal handler:
  ``@beat_init.connect``, ``@receiver(...)``; ``atexit.register(f)``; a thread's target: the
  calls of ``rules/flow.yaml`` import_time_callbacks, as decorators or taking the function) may
  run; so may the methods a framework calls while the application loads (``AppConfig.ready``:
  startup_methods), and so may a function or class the start command names.

A function handed on in any other way (``Depends(get_user)``, a route table, a task
registration) is called by a server or a worker, not by an importing container.  The result is
a set of ``(module, line of the def)``: a dial written in any other function's body does not
run there.
"""
from __future__ import annotations

import ast
import builtins
from typing import Iterable

from dockwise.astnames import final_name
from dockwise.flow.index import ModuleAst

__all__ = ["import_time_defs"]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_CONSTRUCTORS = ("__init__", "__new__", "__post_init__")
_MAX_DEFS = 20_000  # functions followed in one closure (a bound on a pathological tree)
_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))


def import_time_defs(modules: Iterable[ModuleAst], callbacks: frozenset[str], startup_methods: frozenset[str],
                     named: Iterable[str] = (), loaders: frozenset[str] = frozenset(),
                     runners: frozenset[str] = frozenset()) -> frozenset[tuple[str, int]] | None:
    """``(module, line of the def)`` of every function that importing ``modules`` may run;
    None where the search was cut short (past ``_MAX_DEFS`` functions: any may run).
    ``named``: the words of the start command; a function or class it names is the runner's
    to call (``celery beat -S pkg.sched:DbScheduler``: every method of the scheduler runs).
    ``loaders``: the last names of calls that load a class by name (``rules/flow.yaml``
    name_loaders): where importing calls what one returned (``import_string(path)()``), or
    what a call or a lookup returns (``registry["s3"]()``), any class may be built there, and
    an attribute call runs the methods of that name of every class.  A class built on one of
    ``runners`` (the last names of library classes that call their subclass's methods
    themselves: ``threading.Thread``, whose ``start()`` runs ``run()``) runs every method of its
    own.  (A class built on any other library class, a serializer or a model field declared in
    a class body, has only the methods called on it run.)"""
    mods = list(modules)
    functions: dict[str, list[tuple[str, ast.AST]]] = {}  # name -> non-method defs
    methods: dict[str, list[tuple[str, str, ast.AST]]] = {}  # name -> (module, class, def)
    classes: dict[str, list[ast.ClassDef]] = {}
    for mod in mods:
        # (the module's index of its statements: no walk of its expressions)
        in_class: set[int] = set()
        for cls in mod.class_defs:
            classes.setdefault(cls.name, []).append(cls)
            for item in cls.body:
                if isinstance(item, _FUNCTIONS):
                    methods.setdefault(item.name, []).append((mod.rel, cls.name, item))
                    in_class.add(id(item))
        for name, defs in mod.functions.items():
            functions.setdefault(name, []).extend((mod.rel, node) for node in defs if id(node) not in in_class)

    ran: set[tuple[str, int]] = set()
    built: set[str] = set()
    anything: list[bool] = [False]  # a class loaded by name may have been built
    attributes: set[str] = set()  # attribute names called so far (for classes built later)
    work: list[tuple[str, str | None, str]] = []  # ("name" | "attr", receiver, name)

    def run(rel: str, func: ast.AST) -> None:
        key = (rel, getattr(func, "lineno", 0))
        if key in ran or len(ran) >= _MAX_DEFS:
            return
        ran.add(key)
        visit(rel, getattr(func, "body", []))

    by_rel = {mod.rel: mod for mod in mods}
    # the top-level packages of the project's modules: a name imported from any other is a
    # library's (None where a module's dotted name is unknown: then nothing is taken for one)
    heads: frozenset[str] | None = frozenset(m.module.partition(".")[0] for m in mods if m.module) \
        if all(m.module for m in mods) else None

    def visit(rel: str, stmts: list[ast.stmt]) -> None:
        mod = by_rel.get(rel)
        stack: list[ast.AST] = list(stmts)
        # names bound here to what a loader returns (`cls = import_string(path)`)
        loaded = {t.id for st in stmts for node in ast.walk(st) if isinstance(node, ast.Assign)
                  and isinstance(node.value, ast.Call) and _last_name(node.value.func) in loaders
                  for t in node.targets if isinstance(t, ast.Name)}
        while stack:
            node = stack.pop()
            if isinstance(node, _FUNCTIONS):
                # its decorators and defaults run where it is defined; its body only if called
                stack += node.decorator_list + node.args.defaults + [d for d in node.args.kw_defaults if d]
                if any(_last_name(d) in callbacks for d in node.decorator_list):
                    run(rel, node)  # a signal handler, an exit hook
                continue
            if isinstance(node, ast.Lambda):
                continue
            if isinstance(node, ast.If) and _main_guard(node.test):
                stack += node.orelse  # `if __name__ == "__main__":` runs in a script, not an import
                continue
            if isinstance(node, ast.Call):
                func = node.func
                generic = _generic_class(func)
                if generic is not None:
                    work.append(("name", None, generic))  # `Router[User, UUID](...)`: that class built
                elif isinstance(func, (ast.Call, ast.Subscript)) or isinstance(func, ast.Name) and func.id in loaded:
                    loaded_class_built()
                if isinstance(func, ast.Name):
                    if mod is None or not (func.id in _BUILTINS and mod.builtin_here(func.id)
                                           or heads and _library_object(mod, func.id, heads)):
                        work.append(("name", None, func.id))  # (not `cast` of typing: the library's)
                elif isinstance(func, ast.Attribute):
                    receiver = func.value.id if isinstance(func.value, ast.Name) else None
                    root = func.value
                    while isinstance(root, ast.Attribute):  # (`os.environ.get`: os's)
                        root = root.value
                    if not (isinstance(root, ast.Name) and mod is not None and heads
                            and _library_object(mod, root.id, heads)):
                        work.append(("attr", receiver, func.attr))
                if _last_name(func) in callbacks:
                    for arg in [*node.args, *(k.value for k in node.keywords)]:
                        if isinstance(arg, ast.Name):
                            work.append(("name", None, arg.id))
                        elif isinstance(arg, ast.Attribute):
                            work.append(("attr", arg.value.id if isinstance(arg.value, ast.Name) else None, arg.attr))
            stack.extend(ast.iter_child_nodes(node))

    def loaded_class_built() -> None:
        if not anything[0]:
            anything[0] = True
            for name in attributes:
                for rel, _owner, func in methods.get(name, ()):
                    run(rel, func)

    def build(name: str) -> None:
        if name in built or name not in classes:
            return
        built.add(name)
        foreign = False
        for cls in classes[name]:
            for base in cls.bases:
                last = _last_name(base)
                if isinstance(base, ast.Name) and base.id in classes:
                    build(base.id)
                elif last is not None and last in runners and last not in classes:
                    foreign = True
        # a class built on a library's class that runs its subclass's methods itself
        # (`threading.Thread`: `start()` runs `run()`) may have any of them called
        wanted = tuple(m for m in methods) if foreign else (*_CONSTRUCTORS, *attributes)
        for rel, _owner, func in _methods_of(methods, name, wanted):
            run(rel, func)

    for mod in mods:
        visit(mod.rel, mod.tree.body)
    # the methods a framework calls while the application loads, on classes it builds itself
    for name in startup_methods:
        for rel, _owner, func in methods.get(name, ()):
            run(rel, func)
    for name in set(named):
        for rel, func in functions.get(name, ()):
            run(rel, func)
        for found in methods.values():
            for rel, owner, func in found:
                if owner == name:
                    run(rel, func)
    while work and len(ran) < _MAX_DEFS:
        kind, receiver, name = work.pop()
        for rel, func in functions.get(name, ()):
            run(rel, func)
        if kind == "name":
            build(name)
            continue
        attributes.add(name)
        for rel, owner, func in methods.get(name, ()):
            if owner in built or owner == receiver or anything[0]:
                run(rel, func)
    if len(ran) >= _MAX_DEFS:
        return None
    return frozenset(ran)


def _generic_class(func: ast.AST) -> str | None:
    """The class a call of a subscripted class builds (``Router[User, UUID](...)``: a generic
    class given its type parameters), by its name in CapWords; None for a lookup in a mapping
    (``registry["s3"]()``, ``BACKENDS[kind]()``), whose value may be any class."""
    if not isinstance(func, ast.Subscript):
        return None
    last = _last_name(func.value)
    return last if last and last[0].isupper() and not last.isupper() else None


def _library_object(mod: ModuleAst, name: str, heads: frozenset[str]) -> bool:
    """``name`` is, in ``mod``, a library's module or object: imported from a package that is
    none of the project's (``heads``), or a module-level variable built by such a package's
    class (``router = APIRouter()``).  A method called on it (``@router.get(...)``,
    ``requests.get(...)``) runs the library's code, not the project's functions or methods of
    that name."""
    qualified = mod.imports.get(name)
    if qualified is None:
        built = mod.var_types.get(name)
        # (only a class its import names: `Config()` of a star import, or a local factory's
        # result, is no library's known)
        qualified = built if built is not None and "." in built else None
    return qualified is not None and qualified.partition(".")[0] not in heads


def _methods_of(methods: dict[str, list[tuple[str, str, ast.AST]]], owner: str,
                names: Iterable[str]) -> list[tuple[str, str, ast.AST]]:
    return [m for name in set(names) for m in methods.get(name, ()) if m[1] == owner]


def _last_name(node: ast.AST) -> str | None:
    """``connect`` for ``@beat_init.connect`` and ``@receiver(post_save)``'s ``receiver``."""
    return final_name(node.func if isinstance(node, ast.Call) else node)


def _main_guard(test: ast.AST) -> bool:
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
