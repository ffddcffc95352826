"""Whether a module's calls of a name loader may be handed a name in a string.

A container whose environment is unknown (an ``env_file`` absent from the tree) may name any
settings class for code to load by its dotted path, ``app.config.from_object(os.environ["CFG"])``
(``rules/flow.yaml`` name_loaders).  A loader handed a class object, not a string, loads only
that class: ``app.config.from_object(Config)``, or an app factory's parameter,
``def create_app(config_class=Config): app.config.from_object(config_class)``, where the
parameter's default and what every call of the factory gives it are classes (a name the module
defines or imports as a class of the project), or dotted paths written out
(``def create_app(config="ctf.config.Config")``: the path names what is loaded).  Such a call
lets the environment name nothing; a call given anything else (an environment read, a
variable, a path computed from one, ``*args``), or a factory
handed on to be called later, still may; one no call names (found by its server, ``flask run``'s
``create_app``) is called with its defaults.  A plugin loader importing a package's submodules
by relative names (``import_module("." + plugin, package="ctf.plugins")``) imports modules of
that package, not a settings class elsewhere.
"""
from __future__ import annotations

import ast
from typing import Any

from dockwise.astnames import final_name
from dockwise.flow.astfacts import positional_params
from dockwise.flow.flagparams import default_node, function_calls
from dockwise.flow.index import FUNCTIONS, ModuleAst, assigns
from dockwise.flow.liveness import may_run

__all__ = ["loads_names"]


def loads_names(flow: Any, mod: ModuleAst, loaders: frozenset[str]) -> bool:
    """A call in ``mod`` of one of ``loaders`` may be handed a string (a dotted path)."""
    for node in ast.walk(mod.tree):
        if not (isinstance(node, ast.Call) and final_name(node.func) in loaders):
            continue
        arg = node.args[0] if node.args else (node.keywords[0].value if node.keywords else None)
        if arg is not None and _relative_in_package(mod, node, arg):
            continue
        if arg is None or not _class_handed(flow, mod, node, arg):
            return True
    return False


def _relative_in_package(mod: ModuleAst, call: ast.Call, arg: ast.AST) -> bool:
    """``importlib.import_module("." + plugin, package="ctf.plugins")``: a relative name
    resolved in a package written out imports a submodule of that package, a module and not a
    class; whatever names it (the plugins directory, the environment) loads no settings class
    of another module."""
    package = next((k.value for k in call.keywords if k.arg == "package"), None)
    if package is None and len(call.args) > 1:
        package = call.args[1]
    if not (isinstance(package, ast.Constant) and isinstance(package.value, str) and package.value):
        return False
    return _relative(mod, call, arg, 0)


def _relative(mod: ModuleAst, call: ast.Call, expr: ast.AST, depth: int) -> bool:
    """``expr`` is a module name that starts with a dot: written out, joined onto a literal
    dot (``"." + plugin``, ``f".{plugin}"``), or a local name the function last binds to that
    before the call."""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str) and expr.value.startswith(".")
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _relative(mod, call, expr.left, depth)
    if isinstance(expr, ast.JoinedStr):
        return bool(expr.values) and _relative(mod, call, expr.values[0], depth)
    if isinstance(expr, ast.Name) and depth < 2:
        func = mod.function_of(call)
        scope = func if isinstance(func, FUNCTIONS) else mod.tree
        # the assignment last before the call (`module = "." + plugin` then `module =
        # import_module(module, ...)` rebinds the name to what the call returns)
        values = sorted(((st.lineno, st.value) for st in ast.walk(scope) if isinstance(st, ast.Assign)
                         and st.lineno < call.lineno
                         and any(isinstance(t, ast.Name) and t.id == expr.id for t in st.targets)),
                        key=lambda pair: pair[0])
        return bool(values) and _relative(mod, call, values[-1][1], depth + 1)
    return False


def _class_ref(mod: ModuleAst, expr: ast.AST | None) -> bool:
    """``expr`` names a class of the project: one the module defines at its top level, or one
    it imports from a module the flow reads."""
    if not isinstance(expr, ast.Name):
        return False
    if mod.top_class(expr.id) is not None:
        return True
    qual = mod.imports.get(expr.id)
    return qual is not None and mod.imported_class is not None and mod.imported_class(qual) is not None


def _fixed_ref(mod: ModuleAst, expr: ast.AST | None) -> bool:
    """``expr`` names what the loader loads in the code itself: a class of the project
    (``_class_ref``), or a dotted path written out (``"ctf.config.Config"``), which loads the
    object it names and nothing the environment could give."""
    return _class_ref(mod, expr) or isinstance(expr, ast.Constant) and isinstance(expr.value, str)


def _class_handed(flow: Any, mod: ModuleAst, call: ast.Call, arg: ast.AST) -> bool:
    """The loader's argument is fixed in the code (``_fixed_ref``: a class, or a dotted path
    written out): named directly, or the parameter of the function around the call whose
    default and every argument the calls that may run give are such."""
    if _fixed_ref(mod, arg):
        return True
    func = mod.function_of(call)
    if not isinstance(arg, ast.Name) or func is None or not isinstance(func, FUNCTIONS):
        return False
    name = arg.id
    params = positional_params(mod, func)
    a = func.args
    if name not in params and name not in [k.arg for k in a.kwonlyargs]:
        return False
    if assigns(func, name):
        return False  # bound again in the body
    default = default_node(func, name)
    if default is not None and not _fixed_ref(mod, default):
        return False
    calls = function_calls(flow, mod, func)
    if calls is None:
        return False  # handed on as a callback: the arguments are not seen
    if not calls and default is None:
        return False  # a factory a server calls by its name (`flask run`'s create_app) gives no argument
    index = params.index(name) if name in params else None
    for cmod, c in calls:
        if not may_run(flow, cmod, c):
            continue
        if any(isinstance(x, ast.Starred) for x in c.args) or any(k.arg is None for k in c.keywords):
            return False
        given = next((k.value for k in c.keywords if k.arg == name), None)
        if given is None and index is not None and len(c.args) > index:
            given = c.args[index]
        if given is None and default is None:
            return False  # no default: every call gives it
        if given is not None and not _fixed_ref(cmod, given):
            return False
    return True
