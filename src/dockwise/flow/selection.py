"""A class named only in a mapping that the code indexes with a key the container chooses.

Flask and Django projects keep one configuration class per environment and pick one by name:

    config = {"development": DevelopmentConfig, "production": ProductionConfig,
              "default": DevelopmentConfig}
    ...
    app.config.from_object(config[os.getenv("FLASK_CONFIG") or "default"])

Writing ``DevelopmentConfig`` into the mapping loads nothing: the class is loaded where a
lookup of the mapping can take its key.  A container whose environment sets
``FLASK_CONFIG=production`` never reads the development class's database URL.

This module reads the syntax: which keys a mapping entry gives a name
(:func:`mapping_keys`), and how each use of the mapping looks it up (:func:`lookups`).  The
values a lookup's key may take in a container (an environment read, its default, a
parameter and the arguments its calls pass) are worked out by the caller, which knows the
service (:mod:`dockwise.flow.called`).
"""
from __future__ import annotations

import ast

from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted

__all__ = ["UNKNOWN_USE", "NO_ENTRY", "branch_keys", "class_mapping_keys", "is_param", "local_mapping_keys", "lookups",
           "mapping_keys", "method_param", "param_values"]

# a use of the mapping that is not a lookup by one key (iterated, passed on, `.items()`)
UNKNOWN_USE = object()
# a use that loads no entry: a write of one (`m[key] = cls`), its keys alone (`m.keys()`)
NO_ENTRY = object()


def mapping_keys(mod: ModuleAst, line: int, name: str) -> tuple[str, frozenset[str]] | None:
    """``(mapping, keys)`` where every ``name`` written on ``line`` is a value of a module-level
    mapping literal under a string key (``config = {"dev": DevConfig, "default": DevConfig}``:
    ``("config", {"dev", "default"})``; ``dict(dev=DevConfig)`` alike), else None."""
    return _entry_keys(mod.top_statement(line), line, name)


def class_mapping_keys(mod: ModuleAst, line: int, name: str) -> tuple[str, str, frozenset[str]] | None:
    """``(class, attribute, keys)`` where every ``name`` written on ``line`` is a value of a
    mapping literal that the body of a module-level class binds to a class attribute, a
    registry of alternatives (``class StoreFactory: _kinds = {"chroma": ChromaStore, "qdrant":
    QdrantStore}``: ``("StoreFactory", "_kinds", {"qdrant"})`` for ``QdrantStore``), else None."""
    top = mod.top_statement(line)
    if not isinstance(top, ast.ClassDef) or top.decorator_list or top.keywords:
        return None
    stmt = next((st for st in top.body if st.lineno <= line <= (st.end_lineno or st.lineno)), None)
    entry = _entry_keys(stmt, line, name)
    return None if entry is None else (top.name, entry[0], entry[1])


def branch_keys(mod: ModuleAst, line: int, name: str) -> tuple[ast.Name, frozenset[str], bool] | None:
    """``(parameter read, keys, others)`` where every ``name`` written on ``line`` is the whole
    value of a ``return`` (or the class it builds, ``return LocalSettings()``) that a
    module-level, undecorated function runs only under a test of one of its parameters against
    string literals: an ``if``/``elif`` of its body (``def pick(mode): if mode == "local": return
    LocalSettings``: the read of ``mode`` in the test, ``{"local"}``), or a ``case`` of a
    ``match`` on the parameter (``case "docker" | "compose":``; a member of a string enumeration
    of the module, ``case Env.DOCKER:``, is its value).  ``others`` is true for the arm that
    takes every value but ``keys``: the ``else`` of such a chain, or a ``case _:`` (``keys``
    then the values of the arms before it).  Else None."""
    top = mod.top_statement(line)
    if not isinstance(top, FUNCTIONS) or top.decorator_list:
        return None
    found: tuple[ast.Name, frozenset[str], bool] | None = None
    named = 0
    for read, keys, others, body in _arms(mod, top):
        for st in body:
            if isinstance(st, ast.Return) and _returns(st, name, line):
                if read is None or not is_param(mod, read) or mod.binding_scope(read, read.id) is not top:
                    return None
                found = (read, keys, others)
                named += 1
    written = sum(1 for node in ast.walk(top) if isinstance(node, ast.Name) and node.id == name
                  and node.lineno <= line <= (node.end_lineno or line))
    return found if found is not None and written == named == 1 else None


def _returns(st: ast.Return, name: str, line: int) -> bool:
    """``return name`` or ``return name(...)`` (the class built) on ``line``."""
    value = st.value
    if isinstance(value, ast.Call):
        value = value.func
    return isinstance(value, ast.Name) and value.id == name and value.lineno == line


_Arm = tuple[ast.Name | None, frozenset[str], bool, list[ast.stmt]]


def _arms(mod: ModuleAst, top: ast.FunctionDef | ast.AsyncFunctionDef) -> list[_Arm]:
    """The arms of the ``if`` chains and ``match`` statements of ``top``'s body, each as
    ``(parameter read, keys, others, body)`` (see :func:`branch_keys`); an arm whose test is no
    test of one parameter against string literals has no parameter read (None)."""
    out: list[_Arm] = []
    for stmt in top.body:
        if isinstance(stmt, ast.If):
            seen: set[str] = set()
            param: ast.Name | None = None
            known = True  # every test of the chain so far tests `param` against literals
            node: ast.stmt = stmt
            while True:
                assert isinstance(node, ast.If)
                test = _param_test(node.test)
                if test is not None:
                    if param is not None and test[0].id != param.id:
                        known = False  # `elif kind == "b":` after `if mode == "a":`
                    param = param or test[0]
                    seen |= test[1]
                    out.append((test[0], test[1], False, node.body))
                else:
                    known = False
                    out.append((None, frozenset(), False, node.body))
                if len(node.orelse) == 1 and isinstance(node.orelse[0], ast.If):
                    node = node.orelse[0]
                    continue
                if node.orelse:
                    # the `else`: every value the tests above leave (unknown where one is no such test)
                    out.append((param if known else None, frozenset(seen), True, node.orelse))
                break
        elif isinstance(stmt, ast.Match) and isinstance(stmt.subject, ast.Name):
            taken: set[str] = set()
            known = True
            for case in stmt.cases:
                if case.guard is None and isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None:
                    # `case _:` (or `case other:`): every value the cases above leave
                    out.append((stmt.subject if known else None, frozenset(taken), True, case.body))
                    break
                keys = _pattern_keys(mod, case.pattern) if case.guard is None else None
                if keys is None:
                    known = False
                    out.append((None, frozenset(), False, case.body))
                else:
                    taken |= keys
                    out.append((stmt.subject, keys, False, case.body))
    return out


def _pattern_keys(mod: ModuleAst, pattern: ast.pattern) -> frozenset[str] | None:
    """The strings a ``case`` pattern matches: ``"a"``, ``"a" | "b"``, ``Env.DOCKER`` of a
    string enumeration the module defines; None for any other pattern."""
    if isinstance(pattern, ast.MatchOr):
        parts = [_pattern_keys(mod, p) for p in pattern.patterns]
        if any(p is None for p in parts):
            return None
        return frozenset().union(*(p for p in parts if p is not None))
    if not isinstance(pattern, ast.MatchValue):
        return None
    value = pattern.value
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return frozenset([value.value])
    member = _str_enum_member(mod, value)
    return None if member is None else frozenset([member])


def _str_enum_member(mod: ModuleAst, node: ast.AST) -> str | None:
    """The value of ``Env.DOCKER`` where ``Env`` is a class of the module based on ``StrEnum``
    or ``str`` (with ``Enum``), whose body binds ``DOCKER`` once to a string literal: such a
    member equals its value, and matches it in a ``case``.  (A plain ``Enum``'s member equals
    no string, so it is left unknown.)"""
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return None
    cls = mod.classes.get(node.value.id)
    if cls is None or mod.parent(cls) is not mod.tree:
        return None
    bases = {(dotted(b) or "").rsplit(".", 1)[-1] for b in cls.bases}
    if not ("StrEnum" in bases or "str" in bases and any(b.endswith("Enum") for b in bases)):
        return None
    values = [st.value for st in cls.body if isinstance(st, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == node.attr for t in st.targets)]
    if len(values) != 1 or not isinstance(values[0], ast.Constant) or not isinstance(values[0].value, str):
        return None
    return values[0].value


def _param_test(test: ast.expr) -> tuple[ast.Name, frozenset[str]] | None:
    """``(name, keys)`` for ``name == "a"``, ``"a" == name`` or ``name in ("a", "b")``."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(op, ast.Eq):
        if isinstance(right, ast.Name):
            left, right = right, left
        if isinstance(left, ast.Name) and isinstance(right, ast.Constant) and isinstance(right.value, str):
            return left, frozenset([right.value])
    if isinstance(op, ast.In) and isinstance(left, ast.Name) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
            and right.elts and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in right.elts):
        return left, frozenset(e.value for e in right.elts)  # type: ignore[attr-defined]
    return None


def _entry_keys(top: ast.AST | None, line: int, name: str) -> tuple[str, frozenset[str]] | None:
    """``(target, keys)`` where every ``name`` on ``line`` is a value of the mapping literal the
    assignment ``top`` binds to a plain name, under string keys, else None."""
    if isinstance(top, ast.Assign) and len(top.targets) == 1:
        target, value = top.targets[0], top.value
    elif isinstance(top, ast.AnnAssign) and top.value is not None:
        target, value = top.target, top.value
    else:
        return None
    if not isinstance(target, ast.Name):
        return None
    if isinstance(value, ast.Dict):
        pairs = [(k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None, v)
                 for k, v in zip(value.keys, value.values, strict=True)]
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict" \
            and not value.args:
        pairs = [(k.arg, k.value) for k in value.keywords]  # `dict(dev=DevConfig, prod=ProdConfig)`
    else:
        return None
    keys: set[str] = set()
    named = 0
    for key, val in pairs:
        for node in ast.walk(val):
            if isinstance(node, ast.Name) and node.id == name and node.lineno <= line <= (node.end_lineno or line):
                if _entry_value(node, val) is not val or key is None:
                    return None  # `key: wrap(Name)` or `**other`: not a plain entry
                keys.add(key)
                named += 1
    # the name written elsewhere on the line (a key, a comment holds no Name) is not an entry
    written = sum(1 for node in ast.walk(top) if isinstance(node, ast.Name) and node.id == name
                  and node.lineno <= line <= (node.end_lineno or line))
    if not keys or written != named:
        return None
    return target.id, frozenset(keys)


def _entry_value(node: ast.Name, val: ast.expr) -> ast.expr | None:
    """The entry ``val`` where the name ``node`` is the whole of it, or the whole value or the
    called object of the body of a lambda that ``val`` is (``"local": lambda: LocalStore()``,
    ``"local": lambda opts: LocalStore(**opts)``: the class is built only where the entry is
    looked up and called), else None."""
    if node is val:
        return val
    if isinstance(val, ast.Lambda) and (val.body is node or isinstance(val.body, ast.Call) and val.body.func is node):
        return val
    return None


def local_mapping_keys(mod: ModuleAst, line: int, name: str) -> tuple[list[ast.AST], frozenset[str]] | None:
    """``(uses, keys)`` where every ``name`` written on ``line`` is an entry (alone, or what a
    lambda of the entry returns or calls: ``"local": lambda: LocalStore()``) of a mapping literal
    under string keys that a function either looks up where it writes it (``{"a": A, "b":
    B}.get(kind)``, ``{...}[kind]``: the literal itself is the one use) or binds once to a local
    name of its own (``stores = {...}`` then ``stores.get(kind)``: the loads of that name are the
    uses), else None.  A function that names the local in a ``global`` or ``nonlocal``
    statement, or reads its own namespace (``locals()``, ``vars()``, ``eval``, ``exec``), may
    hand the mapping on unseen: None."""
    stmt = mod.statement_at(line)
    func = mod.function_of(stmt) if stmt is not None else None
    if stmt is None or func is None:
        return None
    literal: ast.Dict | None = None
    keys: set[str] = set()
    for node in ast.walk(stmt):
        if not (isinstance(node, ast.Name) and node.id == name and node.lineno <= line <= (node.end_lineno or line)):
            continue
        holder: ast.AST | None = node
        parent = mod.parent(node)
        if isinstance(parent, ast.Call) and parent.func is node:
            holder, parent = parent, mod.parent(parent)
        if isinstance(parent, ast.Lambda) and parent.body is holder:
            holder, parent = parent, mod.parent(parent)
        if not isinstance(parent, ast.Dict) or holder is not node and not isinstance(holder, ast.Lambda) \
                or literal is not None and parent is not literal:
            return None
        index = next((i for i, v in enumerate(parent.values) if v is holder), None)
        key = parent.keys[index] if index is not None else None
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None  # a key of unknown value, a `**other`, or the name written as a key
        literal = parent
        keys.add(key.value)
    if literal is None:
        return None
    if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("locals", "vars", "eval", "exec")
           for n in ast.walk(func)):
        return None
    holder = mod.parent(literal)
    if isinstance(holder, ast.Subscript) and holder.value is literal \
            or isinstance(holder, ast.Attribute) and holder.value is literal and holder.attr == "get":
        return [literal], frozenset(keys)  # looked up in place
    if not (isinstance(holder, (ast.Assign, ast.AnnAssign)) and holder.value is literal and holder is stmt):
        return None
    targets = holder.targets if isinstance(holder, ast.Assign) else [holder.target]
    if len(targets) != 1 or not isinstance(targets[0], ast.Name):
        return None
    local = targets[0].id
    if mod.binding_scope(targets[0], local) is not func or any(
            isinstance(n, (ast.Global, ast.Nonlocal)) and local in n.names for n in ast.walk(func)):
        return None
    uses: list[ast.AST] = []
    for n in ast.walk(func):
        if isinstance(n, ast.Name) and n.id == local and mod.binding_scope(n, local) is func:
            if isinstance(n.ctx, ast.Load):
                uses.append(n)
            elif n is not targets[0]:
                return None  # bound again (another mapping, a loop's target): not this literal's alone
    return uses, frozenset(keys)


def lookups(mod: ModuleAst, nodes: list[ast.AST]) -> list[object]:
    """How each of ``nodes`` (a load of the mapping) uses it: the key expression of a lookup
    (``m[key]``, ``m.get(key)``, ``m.get(key, default)``: the default is a name written
    elsewhere, judged on its own), or :data:`UNKNOWN_USE`."""
    out: list[object] = []
    for node in nodes:
        parent = mod.parent(node)
        if isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, ast.Load):
            out.append(parent.slice)
            continue
        if isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, (ast.Store, ast.Del)):
            out.append(NO_ENTRY)  # `m[name] = cls` registers another entry, loads none
            continue
        if isinstance(parent, ast.Attribute) and parent.value is node and parent.attr == "keys":
            call = mod.parent(parent)
            if isinstance(call, ast.Call) and call.func is parent and not call.args and not call.keywords:
                out.append(NO_ENTRY)  # `", ".join(m.keys())`: the names, no entry
                continue
        if isinstance(parent, ast.Attribute) and parent.value is node and parent.attr == "get":
            call = mod.parent(parent)
            if isinstance(call, ast.Call) and call.func is parent and call.args and not call.keywords \
                    and not isinstance(call.args[0], ast.Starred):
                out.append(call.args[0])
                continue
        out.append(UNKNOWN_USE)
    return out


def param_values(mod: ModuleAst, name: ast.Name) -> tuple[ast.FunctionDef | ast.AsyncFunctionDef, int, str, ast.AST | None] | None:
    """``(function, position (-1: keyword-only), parameter name, default)`` where ``name`` reads a parameter of the module-level,
    undecorated function holding it (assignments to it in the function are the caller's
    business), else None.  The default is None where the parameter has none."""
    func = mod.function_of(name)
    if not isinstance(func, FUNCTIONS) or func.decorator_list or mod.parent(func) is not mod.tree:
        return None
    if mod.binding_scope(name, name.id) is not func:
        return None
    found = _parameter(func.args, name.id, 0)
    return (func, *found) if found is not None else None


def _parameter(args: ast.arguments, name: str, shift: int) -> tuple[int, str, ast.AST | None] | None:
    """``(position among the arguments a call passes (-1: keyword-only), name, default)`` of
    the parameter ``name`` in ``args``, the first ``shift`` positional ones not passed (a
    classmethod's ``cls``); None where it is no parameter, or one a call does not pass."""
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.AST | None] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for i, a in enumerate(positional):
        if a.arg == name:
            return (i - shift, a.arg, defaults[i]) if i >= shift else None
    for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if a.arg == name:
            return -1, a.arg, d
    return None


def is_param(mod: ModuleAst, name: ast.Name) -> bool:
    """``name`` reads a parameter of the function (or lambda) whose scope binds it."""
    scope = mod.binding_scope(name, name.id)
    args = getattr(scope, "args", None)
    if not isinstance(args, ast.arguments):
        return False
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return any(a is not None and a.arg == name.id for a in every)


def method_param(mod: ModuleAst, name: ast.Name) -> tuple[ast.ClassDef, ast.FunctionDef | ast.AsyncFunctionDef, int, str, ast.AST | None] | None:
    """``(class, method, position among the arguments a call passes (-1: keyword-only), parameter
    name, default)`` where ``name`` reads a parameter of a ``@classmethod`` or ``@staticmethod``
    of a module-level class, a factory called through its class (``StoreFactory.build(kind)``),
    else None."""
    func = mod.function_of(name)
    cls = mod.parent(func) if func is not None else None
    if not isinstance(func, FUNCTIONS) or not isinstance(cls, ast.ClassDef) or mod.parent(cls) is not mod.tree:
        return None
    kinds = [d.id for d in func.decorator_list if isinstance(d, ast.Name)]
    if len(kinds) != len(func.decorator_list) or kinds not in (["classmethod"], ["staticmethod"]):
        return None
    if mod.binding_scope(name, name.id) is not func:
        return None
    found = _parameter(func.args, name.id, 1 if kinds == ["classmethod"] else 0)  # (`cls` is not passed)
    return (cls, func, *found) if found is not None else None
