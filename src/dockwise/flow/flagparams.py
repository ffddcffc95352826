"""Branches on a function's own flag parameter that its callers never take.

Code written to run both in a container and on a laptop often picks its address by a
parameter: ``def __init__(self, in_container=True): if in_container: host = "db" else: host =
"localhost"``.  Which side runs is decided by the calls, not by the environment: where every
call that can run leaves the parameter at its default, or hands it a constant, and none of
those values takes the branch, the branch never runs and what it assigns is dialled nowhere.
A call that passes anything else (a variable, ``*args``, ``**kwargs``), a function no written
call reaches, or one handed on to be called later, leaves the branch as it is.  An early exit
on such a parameter (``if not email_to: return`` above the dial) is read the same way, and a
call that hands on a command-line option (``options.alert_emails`` of ``parse_args()`` in the
script the start command runs, through parameters) gives the option's default where the
start command names none of its flags.

The same reading decides an ``or`` fallback on a parameter (``url or "redis://localhost"``):
the part after ``or`` runs where every call that may run leaves the parameter at an empty
default or hands it an empty constant, or where the function is only handed to a
request-dependency marker (``Depends(get_store)``, ``rules/flow.yaml`` request_dependencies):
the framework fills the parameter from an optional request parameter, empty unless a client
sends one.
"""
from __future__ import annotations

import ast
import re
from typing import Any

from dockwise.flow.astfacts import in_annotation, module_names, positional_params
from dockwise.flow.index import FUNCTIONS, Function, ModuleAst, assigns
from dockwise.flow.liveness import may_run

__all__ = ["default_node", "function_calls", "left_empty", "untaken_by_callers"]

_UNKNOWN = object()


def untaken_by_callers(flow: Any, mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` sits in a branch (``if``/``else``, a conditional expression) of its function
    on one of that function's parameters that no call of the function that may run takes."""
    func = mod.function_of(node)
    if func is None:
        return False
    values: dict[str, list[Any] | None] = {}  # parameter -> the values the calls give it

    def given_to(name: str) -> list[Any] | None:
        if name not in values:
            values[name] = _given(flow, mod, func, name)
        return values[name]

    child = node
    for p in mod.ancestors(node):
        if isinstance(p, (ast.If, ast.IfExp)) and p is not func:
            side = _side(p, child)
            name = _tested_param(p.test, func, mod) if side is not None and isinstance(p, ast.If) \
                else _tested_param(p.test, func) if side is not None else None
            if name is not None:
                given = given_to(name)
                if given and all(_taken(p.test, v) is (not side) for v in given):
                    return True
            alias = _attribute_alias(mod, p, func) if side is not None and name is None and isinstance(p, ast.If) else None
            if alias is not None:
                # `self.backend = backend.lower()` above `if self.backend == "redis":`
                param, method = alias
                given = given_to(param)
                if given and all(_taken(p.test, _apply(v, method)) is (not side) for v in given):
                    return True
        for test in _exits_before(p, child):
            # `if not email_to: return` above the dial: it runs only where the test fails
            name = _tested_param(test, func)
            if name is not None:
                given = given_to(name)
                if given and all(_taken(test, v) is True for v in given):
                    return True
        if p is func:
            break
        child = p
    return False


def left_empty(flow: Any, mod: ModuleAst, name: ast.AST) -> bool:
    """``name`` is a parameter of the function around it that the function never rebinds and
    that every call which may run leaves empty (``None``, ``""``): its default where a call
    leaves it out, an empty constant where one gives it; or the function is only handed to a
    request-dependency marker and the parameter's default is empty."""
    if not isinstance(name, ast.Name):
        return False
    func = mod.function_of(name)
    if func is None or isinstance(func, ast.Lambda):
        return False
    a = func.args
    if name.id not in {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}:
        return False
    if assigns(func, name.id) and not _self_fallback_only(mod, func, name):
        return False  # rebound in the body: what reaches the `or` is not only the caller's
    given = _given(flow, mod, func, name.id)
    if given is not None:
        return all(v is None or v == "" for v in given)
    default = _default(func, name.id)
    return (default is None or default == "") and _dependency_only(flow, mod, func)


def _self_fallback_only(mod: ModuleAst, func: Function, name: ast.Name) -> bool:
    """The function's only stores of ``name`` give it its own fallback, with ``name`` the read
    that asks for it: ``url = url or DEFAULT``, or ``if url is None: url = DEFAULT`` (``if not
    url:``, ``url == ""``) storing it only in that branch's own statements.  That read is the
    caller's value still, and the function's later reads are that value or the fallback."""
    parent = mod.parent(name)
    stores = [n for n in ast.walk(func) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id == name.id]
    if isinstance(parent, ast.BoolOp):
        if not (isinstance(parent.op, ast.Or) and parent.values[0] is name):
            return False
        stmt = mod.parent(parent)
        if not (isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is parent):
            return False
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return len(targets) == 1 and all(n is targets[0] for n in stores)
    branch = mod.parent(parent) if parent is not None else None
    if not (isinstance(branch, ast.If) and branch.test is parent and _empty_test(parent, name)):
        return False
    own = {id(t) for stmt in branch.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
           for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]) if isinstance(t, ast.Name)}
    return bool(stores) and all(id(n) in own for n in stores)


def _empty_test(test: ast.AST, name: ast.Name) -> bool:
    """``test`` holds where ``name`` is empty: ``not name``, ``name is None``, ``name == ""``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand is name
    return isinstance(test, ast.Compare) and test.left is name and len(test.ops) == 1 \
        and isinstance(test.ops[0], (ast.Is, ast.Eq)) and isinstance(test.comparators[0], ast.Constant) \
        and test.comparators[0].value in (None, "")


def _dependency_only(flow: Any, mod: ModuleAst, func: Function) -> bool:
    """``func`` is a module-level function that its project names only as the dependency
    given to a request-dependency marker (``Depends(get_store)``), at least once."""
    markers = flow.t.request_dependencies
    if not markers or mod.class_of(func) is not None or mod.scope(func) is not mod.tree:
        return False
    mine = set(module_names(mod.rel))
    found = False
    for other in flow._containing(func.name):
        uses: list[ast.AST] = [u for u in other.attr_loads(func.name)
                               if (other.qname(u) or "").rpartition(".")[0] in mine]
        uses += other.loads(func.name)
        for use in uses:
            parent = other.parent(use)
            if isinstance(parent, ast.keyword) and parent.arg == "dependency":
                parent = other.parent(parent)
            elif not (isinstance(parent, ast.Call) and parent.args[:1] == [use]):
                return False
            if not isinstance(parent, ast.Call):
                return False
            callee = parent.func
            last = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if last not in markers:
                return False
            found = True
    return found


def _exits_before(block: ast.AST, child: ast.AST) -> list[ast.AST]:
    """The tests of the early exits (``if TEST: ... return``/``raise``, with no ``else``) that
    come before the statement ``child`` in the statement list of ``block`` holding it."""
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(block, field, None)
        if not isinstance(stmts, list):
            continue
        for i, stmt in enumerate(stmts):
            if stmt is child:
                return [s.test for s in stmts[:i] if isinstance(s, ast.If) and not s.orelse and s.body
                        and isinstance(s.body[-1], (ast.Return, ast.Raise))]
    return []


def _side(branch: ast.If | ast.IfExp, child: ast.AST) -> bool | None:
    """True where ``child`` is on the side that runs when the test holds, False on the
    ``else`` side, None where it is the test itself."""
    if isinstance(branch, ast.If):
        if any(c is child for c in branch.body):
            return True
        return False if any(c is child for c in branch.orelse) else None
    if child is branch.body:
        return True
    return False if child is branch.orelse else None


def _tested_param(test: ast.AST, func: Function, mod: ModuleAst | None = None) -> str | None:
    """The parameter ``test`` asks about (``flag``, ``not flag``, ``flag == "x"``, ``flag is
    None``), where the function never binds that name again (given ``mod``: but for the
    branch's own fallback, ``if url is None: url = DEFAULT``, ``_self_fallback_only``)."""
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant):
        test = test.left
    if not isinstance(test, ast.Name):
        return None
    a = func.args
    if not any(x.arg == test.id for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)):
        return None
    for n in ast.walk(func):
        if isinstance(n, ast.Name) and n.id == test.id and not isinstance(n.ctx, ast.Load):
            if mod is not None and _self_fallback_only(mod, func, test):
                break  # only the branch's own fallback stores it: the test reads the caller's value
            return None  # reassigned: the caller's value is not the one tested
    return test.id


# string methods an attribute alias may apply to the parameter (`self.kind = kind.lower()`)
_ALIAS_METHODS = frozenset(("lower", "upper", "strip", "casefold"))


def _attribute_alias(mod: ModuleAst, branch: ast.If, func: Function) -> tuple[str, str | None] | None:
    """(parameter, string method or None) where ``branch`` tests ``self.<attr>`` (``self.backend
    == "redis"``) that a statement at the top level of the method ``func``, above the branch,
    binds to that parameter as the caller gave it (``self.backend = backend``, ``=
    backend.lower()``), the only binding of ``self.<attr>`` in ``func``; else None."""
    test = branch.test
    while isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant):
        test = test.left
    if not (isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name) and test.value.id == "self") \
            or isinstance(func, ast.Lambda):
        return None
    stores = [n for n in ast.walk(func) if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Load)
              and isinstance(n.value, ast.Name) and n.value.id == "self" and n.attr == test.attr]
    stmt = next((st for st in func.body if isinstance(st, ast.Assign) and len(st.targets) == 1
                 and st.targets[0] in stores), None)
    if stmt is None or len(stores) != 1 or stmt.lineno >= branch.lineno:
        return None
    value: ast.expr = stmt.value
    method: str | None = None
    call = value if isinstance(value, ast.Call) else None
    if call is not None and isinstance(call.func, ast.Attribute) and not call.args \
            and not call.keywords and call.func.attr in _ALIAS_METHODS:
        value, method = call.func.value, call.func.attr
    if not isinstance(value, ast.Name):
        return None
    return (value.id, method) if _tested_param(value, func, mod) == value.id else None


def _apply(value: Any, method: str | None) -> Any:
    """``value`` after the string method an alias applies (``"Redis".lower()``)."""
    return getattr(value, method)() if method and isinstance(value, str) else value


def _taken(test: ast.AST, value: Any) -> bool | None:
    """Whether ``test`` holds with its parameter bound to ``value``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _taken(test.operand, value)
        return None if inner is None else not inner
    if isinstance(test, ast.Name):
        return bool(value)
    if isinstance(test, ast.Compare) and isinstance(test.comparators[0], ast.Constant):
        other, op = test.comparators[0].value, test.ops[0]
        if isinstance(op, ast.Eq):
            return bool(value == other)
        if isinstance(op, ast.NotEq):
            return bool(value != other)
        if isinstance(op, ast.Is):
            return value is other
        if isinstance(op, ast.IsNot):
            return value is not other
    return None


def _given(flow: Any, mod: ModuleAst, func: Function, name: str, depth: int = 0) -> list[Any] | None:
    """The constants the calls of ``func`` that may run give parameter ``name`` (its default
    where a call leaves it out; a parameter of the calling function handed on as it came,
    ``ConversationStore(backend=backend)`` in ``get_store(backend="memory")``, gives what the
    calls of that function give it); None where a call gives anything else, or where the
    function may be called other than by a call written out."""
    calls = function_calls(flow, mod, func)
    if not calls:
        return None  # reached by a framework, a registry, a callback: the arguments are not seen
    params = positional_params(mod, func)
    index = params.index(name) if name in params else None
    default = _default(func, name)
    out: list[Any] = []
    for cmod, call in calls:
        if not may_run(flow, cmod, call):
            continue
        if any(isinstance(x, ast.Starred) for x in call.args) or any(k.arg is None for k in call.keywords):
            return None  # *args / **kwargs: may give it anything
        given = next((k.value for k in call.keywords if k.arg == name), None)
        if given is None and index is not None and len(call.args) > index:
            given = call.args[index]
        if given is None:
            found = [default]
        else:
            found = [_constant(given)]
            if found[0] is _UNKNOWN and isinstance(given, ast.Name) and depth < 2:
                caller = cmod.function_of(call)
                if caller is not None and not isinstance(caller, ast.Lambda) \
                        and _tested_param(given, caller, cmod) == given.id:
                    found = _given(flow, cmod, caller, given.id, depth + 1) or [_UNKNOWN]
            if found[0] is _UNKNOWN:
                found = _option_values(flow, cmod, call, given, 0)
        if any(v is _UNKNOWN for v in found):
            return None
        out.extend(found)
    return out or None


def _option_values(flow: Any, mod: ModuleAst, at: ast.AST, expr: ast.AST, depth: int) -> list[Any]:
    """The values ``expr`` may hold at ``at``, where it is a command-line option,
    ``options.alert_emails`` of ``(options, args) = parser.parse_args()`` (optparse) or ``args =
    parser.parse_args()`` (argparse), or a parameter every call hands such options to: the
    option's default where the start command names none of its flags (``--send-alert-email``),
    [_UNKNOWN] otherwise (a flag given, a start command not read, any other shape)."""
    if depth > 4 or not (isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name)):
        return [_UNKNOWN]
    holder, attr = expr.value.id, expr.attr
    func = mod.function_of(at)
    scope: ast.AST = func if func is not None else mod.tree
    if func is not None and any(a.arg == holder for a in (*func.args.posonlyargs, *func.args.args,
                                                            *func.args.kwonlyargs)):
        calls = function_calls(flow, mod, func)
        params = positional_params(mod, func)
        if not calls or holder not in params:
            return [_UNKNOWN]
        index = params.index(holder)
        out: list[Any] = []
        for cmod, call in calls:
            if not may_run(flow, cmod, call):
                continue
            if any(isinstance(x, ast.Starred) for x in call.args) or any(k.arg is None for k in call.keywords):
                return [_UNKNOWN]
            given = next((k.value for k in call.keywords if k.arg == holder), None)
            if given is None and len(call.args) > index:
                given = call.args[index]
            if not isinstance(given, ast.Name):
                return [_UNKNOWN]
            out.extend(_option_values(flow, cmod, call, ast.Attribute(value=given, attr=attr, ctx=ast.Load()),
                                      depth + 1))
        return out or [_UNKNOWN]
    parsed = [n for n in _scope_nodes(scope) if isinstance(n, ast.Assign) and len(n.targets) == 1
              and _parses_into(n, holder)]
    stores = [n for n in _scope_nodes(scope) if isinstance(n, ast.Name) and n.id == holder
              and isinstance(n.ctx, ast.Store)]
    if len(parsed) != 1 or len(stores) != 1:
        return [_UNKNOWN]
    return [_option_default(flow, mod, attr)]


def given_option_words(flow: Any, mod: ModuleAst, expr: ast.AST) -> list[str] | None:
    """The words the start command gives the command-line option ``expr`` reads, ``args.mode``
    of ``args = parser.parse_args()`` in the script it runs (``-m $RUN_MODE``, ``--mode=live``:
    ``["$RUN_MODE"]``, ``["live"]``), one per place it names a flag of the option; None where
    that is not known: no start command read, the option's flags not named or named in a
    shape not read here (``-mlive``, an abbreviated long flag), any other ``expr``."""
    if not (isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name)):
        return None
    words = flow.entry_words
    if not words or flow.mains is None or mod.rel not in flow.mains:
        return None
    holder = expr.value.id
    func = mod.function_of(expr)
    scope: ast.AST = func if func is not None else mod.tree
    parsed = [n for n in _scope_nodes(scope) if isinstance(n, ast.Assign) and len(n.targets) == 1
              and _parses_into(n, holder)]
    stores = [n for n in _scope_nodes(scope) if isinstance(n, ast.Name) and n.id == holder
              and isinstance(n.ctx, ast.Store)]
    if len(parsed) != 1 or len(stores) != 1:
        return None
    flags = _option_flags(mod, expr.attr)
    if not flags:
        return None
    longs = [f for f in flags if f.startswith("--")]
    tokens = words.split()
    given: list[str] = []
    for i, token in enumerate(tokens):
        if token in flags:
            if i + 1 >= len(tokens):
                return None
            given.append(tokens[i + 1].strip("'\""))
        elif any(token.startswith(f + "=") for f in longs):
            given.append(token.partition("=")[2].strip("'\""))
        elif any(token.startswith(f) and token != f for f in flags if not f.startswith("--")) \
                or token.startswith("--") and any(f.startswith(token.partition("=")[0]) for f in longs):
            return None  # `-mlive`, or an abbreviation argparse expands (`--mo live`)
    return given or None


def _option_calls(mod: ModuleAst, dest: str) -> list[tuple[ast.Call, list[str]]]:
    """The ``add_argument``/``add_option`` calls of ``mod`` whose destination is ``dest`` (its
    ``dest=``, else the first long flag's name), each with its literal flags."""
    out: list[tuple[ast.Call, list[str]]] = []
    for n in ast.walk(mod.tree):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                and n.func.attr in ("add_option", "add_argument")):
            continue
        flags = [a.value for a in n.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        given = next((k.value for k in n.keywords if k.arg == "dest"), None)
        if given is not None:
            name = given.value if isinstance(given, ast.Constant) else None
        else:
            longs = [f for f in flags if f.startswith("--")]
            name = longs[0][2:].replace("-", "_") if longs else None
        if name == dest:
            out.append((n, flags))
    return out


def _option_flags(mod: ModuleAst, dest: str) -> list[str] | None:
    """The flags of the one ``add_argument``/``add_option`` call of ``mod`` whose destination is
    ``dest``, or None (none, several, a positional argument)."""
    found = [flags for _call, flags in _option_calls(mod, dest)]
    if len(found) != 1 or not found[0] or not all(f.startswith("-") for f in found[0]):
        return None
    return found[0]


def _scope_nodes(scope: ast.AST) -> list[ast.AST]:
    """A function's nodes, or a module's outside its functions and classes."""
    if isinstance(scope, FUNCTIONS):
        return list(ast.walk(scope))
    return [n for stmt in getattr(scope, "body", []) if not isinstance(stmt, (*FUNCTIONS, ast.ClassDef))
            for n in ast.walk(stmt)]


def _parses_into(stmt: ast.Assign, name: str) -> bool:
    """``name = parser.parse_args()`` or ``(name, args) = parser.parse_args()``."""
    value = stmt.value
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute)
            and value.func.attr == "parse_args" and not value.args):
        return False
    target = stmt.targets[0]
    if isinstance(target, ast.Tuple) and target.elts:
        target = target.elts[0]
    return isinstance(target, ast.Name) and target.id == name


def _option_default(flow: Any, mod: ModuleAst, dest: str) -> Any:
    """The value option ``dest`` holds where the start command gives none of its flags: its
    ``default=``, else False for ``store_true``, True for ``store_false``, None otherwise."""
    words = flow.entry_words
    if not words or "$" in words or flow.mains is None or mod.rel not in flow.mains:
        # no start command read, one the shell fills in, or a parser of a module the start
        # command does not run as its script
        return _UNKNOWN
    found: list[ast.Call] = []
    for n, flags in _option_calls(mod, dest):
        if not flags or not all(f.startswith("-") for f in flags):
            return _UNKNOWN  # a positional argument: always given
        if any(re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", words) for f in flags):
            return _UNKNOWN
        # optparse and argparse take an unambiguous prefix of a long option (`--send` for
        # `--send-alert-email`): any such prefix in the command may give it
        if any(f.startswith(w) for w in re.findall(r"(?<![\w-])--[\w-]+", words) for f in flags if f.startswith("--")):
            return _UNKNOWN
        found.append(n)
    if len(found) != 1:
        return _UNKNOWN
    keywords = {k.arg: k.value for k in found[0].keywords if k.arg}
    if "default" in keywords:
        return _constant(keywords["default"])
    action = keywords.get("action")
    action_name = action.value if isinstance(action, ast.Constant) and isinstance(action.value, str) else None
    if action is not None and action_name is None:
        return _UNKNOWN
    return {"store_true": False, "store_false": True}.get(action_name or "", None)


def function_calls(flow: Any, mod: ModuleAst, func: Function) -> list[tuple[ModuleAst, ast.Call]] | None:
    """Every call, in the modules searched, of ``func``'s name (its class's, for an
    ``__init__``), whatever the receiver: another object's method of that name counts too, so
    no call of ours is missed.  None where a mention is no call: the function handed on as a
    callback, the class subclassed or kept to be built later."""
    cls = mod.class_of(func)
    name = cls.name if func.name == "__init__" and cls is not None else func.name
    method = cls is not None and func.name != "__init__"
    mine = set(module_names(mod.rel))
    out: list[tuple[ModuleAst, ast.Call]] = []
    for other in flow._containing(name):
        uses: list[ast.AST] = [*other.attr_loads(name)]
        if not method:
            # `pkg.conn.connect(...)` names ours; `psycopg2.connect(...)` another module's
            uses = [u for u in uses if (other.qname(u) or "").rpartition(".")[0] in mine] \
                + [u for u in other.loads(name) if not _names_another(other, u, name, mod, mine)]
        for use in uses:
            parent = other.parent(use)
            if not (isinstance(parent, ast.Call) and parent.func is use):
                if in_annotation(other, use):
                    continue  # `-> Store`, `store: Store`: a type named, nothing built or handed on
                return None
            out.append((other, parent))
    return out


def _names_another(other: ModuleAst, use: ast.AST, name: str, mod: ModuleAst, mine: set[str]) -> bool:
    """The bare ``name`` read in ``other`` is another module's object of that name: ``other``
    defines a class or function of its own so named, or imports it from a module that is
    neither ours nor a package above ours (which may re-export ours)."""
    if other is mod:
        return False
    if name in other.classes or name in other.functions:
        return True
    home = (other.qname(use) or "").rpartition(".")[0]
    return bool(home) and not any(m == home or m.startswith(home + ".") for m in mine)


def default_node(func: Function, name: str) -> ast.expr | None:
    """The default expression of ``func``'s parameter ``name``, or None where it has none."""
    a = func.args
    positional = [*a.posonlyargs, *a.args]
    for i, d in enumerate(a.defaults):
        if positional[len(positional) - len(a.defaults) + i].arg == name:
            return d
    for x, kw in zip(a.kwonlyargs, a.kw_defaults, strict=False):
        if x.arg == name:
            return kw
    return None


def _default(func: Function, name: str) -> Any:
    node = default_node(func, name)
    return _UNKNOWN if node is None else _constant(node)  # no default: every call gives it (or fails)


def _constant(node: ast.AST) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (bool, int, str, type(None))):
        return node.value
    return _UNKNOWN
