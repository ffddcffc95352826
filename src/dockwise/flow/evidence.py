"""Evidence that a string is dialled: follow it from where it is written to a sink.

From a string literal, the value is followed upwards through the expressions that carry
it (f-strings, concatenation, ``.format``, ``urljoin``, ``or`` and conditional fallbacks,
collections, mappings), then through names: a local variable, a module constant (also
where other modules import it), a class attribute or dataclass / pydantic field (its
attribute reads), a function parameter (into the function, from a call's argument), a
function's return value (to its callers).  It stops at:

* a sink: an argument of a client call of ``rules/clients.yaml`` (connect or bind), a
  framework setting (``DATABASES.*.HOST``, ``CELERY_BROKER_URL``...: ``rules/flow.yaml``),
  an environment variable written for a child process under a strong name;
* a place that never connects: comparisons and membership tests, message and response
  calls, request handlers' return values, ORM lookups, form and argument definitions;
* a fallback: the default of an environment read (the variable is recorded: the caller
  knows whether the service sets it), the default of a configuration value an operator
  sets (``cfg.get("host", "localhost")``, ``settings.x or "localhost"``), a parameter default
  every call overrides.

The search is bounded (steps and hops between modules); what it cannot follow is not
evidence.  Only the modules given (those the containers run) are searched.
"""
from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted, parse_module
from dockwise.flow.sinks import Tables, _find, _literal, tables
from dockwise.model import Span

__all__ = ["Gate", "Sink", "FlowResult", "Flow"]

_MAX_STEPS = 600
_MAX_HOPS = 5
_SETTINGS_WORDS = ("settings", "config", "conf", "cfg", "options", "opts", "env", "params")


@dataclass(frozen=True)
class Gate:
    """The branch a value passes through runs only when ``cond`` holds (``taken``) or does
    not hold (the ``else`` side), for a condition on environment variables:

    ``("env", VAR, default, transforms)`` the variable's value (a string, or the default);
    ``("eq", expr, values)`` / ``("in", expr, values)`` / ``("truth", expr)`` / ``("not", c)`` /
    ``("and", c, d)`` / ``("or", c, d)``."""

    cond: tuple
    taken: bool = True

    def holds(self, env: dict[str, str | None]) -> bool | None:
        """Whether the branch runs with ``env`` (a service's variables); None: unknown."""
        got = _eval(self.cond, env)
        if got is None:
            return None
        return bool(got) == self.taken


_UNKNOWN = object()


def _eval(cond: tuple, env: dict[str, str | None]):
    kind = cond[0]
    if kind == "const":
        return cond[1]
    if kind == "env":
        _, var, default, transforms = cond
        if var in env:
            value = env[var]
            if value is None:
                return None  # set from the shell at run time
        else:
            value = default
        for t in transforms:
            if value is not None:
                value = getattr(value, t)()
        return _UNKNOWN if value is _UNKNOWN else value
    if kind == "truth":
        v = _eval(cond[1], env)
        return None if v is None or v is _UNKNOWN else bool(v)
    if kind in ("eq", "in"):
        v = _eval(cond[1], env)
        if v is None or v is _UNKNOWN:
            return None if v is _UNKNOWN or cond[1][0] != "env" else (None in cond[2])
        return v in cond[2]
    if kind == "not":
        v = _eval(cond[1], env)
        return None if v is None else not v
    if kind in ("and", "or"):
        a, b = _eval(cond[1], env), _eval(cond[2], env)
        if kind == "and":
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
        if a is True or b is True:
            return True
        return None if a is None or b is None else False
    return None


@dataclass(frozen=True)
class Sink:
    span: Span  # where the value is dialled (or bound): the call, the setting
    kind: str  # "redis.Redis(host)", "setting DATABASES.default.HOST", "env:DATABASE_URL"
    role: str = "connect"  # connect | bind
    flow: tuple[Span, ...] = ()  # where the value passed on its way (assignments, uses)
    gates: tuple[Gate, ...] = ()  # branches on the way that run only when the environment says so

    def runs_with(self, env: dict[str, str | None]) -> bool:
        """Whether every branch on the way runs with a service's environment."""
        return all(g.holds(env) is not False for g in self.gates)


@dataclass(frozen=True)
class FlowResult:
    sinks: tuple[Sink, ...] = ()
    fallbacks: tuple[str, ...] = ()  # environment variables this literal is the default of
    operator: bool = False  # the default of a configuration value an operator sets
    overridden: bool = False  # a parameter default every call of the function overrides
    never: bool = False  # reached only places that never connect
    port: int | None = None  # the port it is dialled with, where the code gives it elsewhere

    @property
    def evidence(self) -> Sink | None:
        return self.sinks[0] if self.sinks else None


@dataclass
class _Query:
    sinks: list[Sink] = field(default_factory=list)
    fallbacks: list[str] = field(default_factory=list)
    operator: bool = False
    overridden: bool = False
    never: bool = False
    steps: int = 0
    seen: set = field(default_factory=set)
    port: int | None = None
    calls: list = field(default_factory=list)  # (callee def, call) entered through a parameter


def _span(mod: ModuleAst, node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    end_line = getattr(node, "end_lineno", line) or line
    end_col = getattr(node, "end_col_offset", col) or col
    return Span(mod.rel, line, _char_col(mod, line, col) + 1, end_line, _char_col(mod, end_line, end_col) + 1)


def _char_col(mod: ModuleAst, line: int, byte_col: int) -> int:
    lines = mod._lines
    if 1 <= line <= len(lines) and not lines[line - 1].isascii():
        return len(lines[line - 1].encode("utf-8")[:byte_col].decode("utf-8", "replace"))
    return byte_col


def _last_name(rel: str) -> str:
    """The last part of a module's dotted name (``app/config.py`` -> ``config``; a package's
    ``__init__.py`` -> its directory): what an importing module's text names."""
    parts = (rel[:-3] if rel.endswith(".py") else rel).split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return parts[-1] if parts else ""


def _distinctive(name: str) -> bool:
    """A name specific enough to follow across modules by name alone (``redis_url``, not ``host``)."""
    return ("_" in name.strip("_") and len(name) >= 7) or len(name) >= 12


def _settings_like(expr: ast.AST) -> bool:
    """A receiver that looks like a configuration object (``settings.x``, ``get_config().x``)."""
    text = (dotted(expr) or "").lower()
    if isinstance(expr, ast.Call):
        text = (dotted(expr.func) or "").lower()
    return any(w in part for part in text.split(".") for w in _SETTINGS_WORDS)


def _module_names(rel: str) -> list[str]:
    """Dotted names a module may be imported under: every suffix of its path."""
    path = rel[:-3] if rel.endswith(".py") else rel
    parts = path.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]


class Flow:
    """Follows string literals to sinks over a set of modules (lazily parsed)."""

    def __init__(self, knowledge: Any, source: Callable[[str], str | None], rels: Iterable[str] = (),
                 parsed: dict[str, ModuleAst | None] | None = None) -> None:
        self.t: Tables = tables(knowledge)
        self.source = source
        self.rels = sorted(set(rels))
        self._mods: dict[str, ModuleAst | None] = parsed if parsed is not None else {}  # shared between flows
        self._by_name: dict[str, list[str]] | None = None
        self._hits: dict[tuple, list[str]] = {}

    # -- modules -------------------------------------------------------------------------
    def module(self, rel: str) -> ModuleAst | None:
        if rel not in self._mods:
            text = self.source(rel)
            self._mods[rel] = parse_module(rel, text, _module_names(rel)[0] if text is not None else None) \
                if text is not None else None
        return self._mods[rel]

    def _names(self) -> dict[str, list[str]]:
        if self._by_name is None:
            self._by_name = {}
            for rel in self.rels:
                for name in _module_names(rel):
                    self._by_name.setdefault(name, []).append(rel)
        return self._by_name

    def _resolve_module(self, dotted_name: str) -> list[str]:
        return self._names().get(dotted_name, [])

    def _containing(self, word: str, *also: str, importing: str | None = None) -> Iterable[ModuleAst]:
        """Modules of the search set whose text holds ``word`` and one of ``also`` (when
        given), parsed only then.  ``importing``: and an import statement that names the module
        ``importing`` (its last name): a call or a read that resolves to a module goes through
        an import of it, and parsing every module that merely mentions a common name
        (``Connection``) cost most of a cold run's judging."""
        key = (word, also, importing)
        hits = self._hits.get(key)
        if hits is None:
            hits = []
            imports = _import_of(importing) if importing else None
            # a word must not be only part of a longer identifier (``port`` in ``report``)
            before = r"(?<!\w)" if re.match(r"\w", word) else ""
            after = r"(?!\w)" if re.search(r"\w$", word) else ""
            whole = re.compile(before + re.escape(word) + after) if before or after else None
            for rel in self.rels:
                text = self.source(rel)
                if text is None or word not in text or (also and not any(a in text for a in also)):
                    continue
                if whole is not None and whole.search(text) is None:
                    continue  # only inside a longer identifier
                if imports is not None and imports.search(text) is None:
                    continue  # never imports the module: cannot reach its name
                hits.append(rel)
            self._hits[key] = hits
        for rel in hits:
            mod = self.module(rel)
            if mod is not None:
                yield mod

    # -- the query ------------------------------------------------------------------------
    def of(self, rel: str, line: int, column: int) -> FlowResult:
        """Where the string at ``rel``:``line``:``column`` (1-based) goes."""
        mod = self.module(rel)
        if mod is None:
            return FlowResult()
        node = mod.string_at(line, column)
        if node is None:
            return FlowResult()
        q = _Query()
        self._climb(mod, node, q, self._gates(mod, node), 0, ())
        # a call or a setting that dials it is better evidence than a name alone
        sinks = _ranked(q.sinks)
        return FlowResult(sinks, tuple(dict.fromkeys(q.fallbacks)), q.operator and not sinks, q.overridden,
                          q.never and not sinks, q.port)

    def env_uses(self, name: str) -> FlowResult:
        """Where the modules searched use the environment variable ``name``: its reads
        (``os.getenv("NAME")``, ``environ["NAME"]``, ``env("NAME")``, a settings field that reads
        it), followed like a literal."""
        q = _Query()
        low = name.lower()
        for rel in self.rels:
            text = self.source(rel)
            if text is None or low not in text.lower():
                continue
            mod = self.module(rel)
            if mod is None:
                continue
            for node in self._reads(mod, name):
                self._climb(mod, node, q, self._at(mod, node, ()), 0, ())
            for cls, field_name in self._settings_fields(mod, name):
                self._attribute(mod, cls, field_name, q, (), 0, ())
        sinks = _ranked(q.sinks)
        return FlowResult(sinks, (), False, False, q.never and not sinks)

    def _reads(self, mod: ModuleAst, name: str) -> Iterable[ast.AST]:
        for part in mod.expressions_naming(name):  # the literal names the variable
            for node in ast.walk(part):
                if isinstance(node, (ast.Call, ast.Subscript)) and self._env_read(mod, node) == name:
                    yield node

    def _settings_fields(self, mod: ModuleAst, name: str) -> Iterable[tuple[ast.ClassDef, str]]:
        for cls in mod.classes.values():
            if not any("Settings" in (dotted(b) or "") or "Config" in (dotted(b) or "") for b in cls.bases):
                continue
            for stmt in cls.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    if _env_name(mod, cls, stmt.target.id) == name.upper():
                        yield cls, stmt.target.id

    def _step(self, q: _Query, key) -> bool:
        if key in q.seen or q.steps >= _MAX_STEPS:
            return False
        q.seen.add(key)
        q.steps += 1
        return True

    def _sink(self, q: _Query, mod: ModuleAst, node: ast.AST, kind: str, role: str, path: tuple) -> None:
        gates = tuple(x for x in path if isinstance(x, Gate)) + self._gates(mod, node)
        q.sinks.append(Sink(_span(mod, node), kind, role, tuple(x for x in path if isinstance(x, Span)),
                            tuple(dict.fromkeys(gates))))

    def _at(self, mod: ModuleAst, node: ast.AST, path: tuple) -> tuple:
        """``path`` extended with ``node``'s place and the branches it sits in."""
        return path + (_span(mod, node),) + self._gates(mod, node)

    # -- branches behind environment flags ------------------------------------------------
    def _gates(self, mod: ModuleAst, node: ast.AST) -> tuple[Gate, ...]:
        out: list[Gate] = []
        child = node
        for p in mod.ancestors(node):
            if isinstance(p, ast.If):
                in_body = any(c is child for c in p.body)
                in_else = any(c is child for c in p.orelse)
                if in_body or in_else:
                    cond = self._cond(mod, p.test, 0)
                    if cond is not None:
                        out.append(Gate(cond, in_body))
            if isinstance(p, FUNCTIONS + (ast.ClassDef, ast.Lambda)):
                break
            child = p
        return tuple(out)

    def _cond(self, mod: ModuleAst, test: ast.AST, depth: int) -> tuple | None:
        if depth > 4:
            return None
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            inner = self._cond(mod, test.operand, depth + 1)
            return ("not", inner) if inner is not None else None
        if isinstance(test, ast.BoolOp) and len(test.values) >= 2:
            conds = [self._cond(mod, v, depth + 1) for v in test.values]
            kind = "and" if isinstance(test.op, ast.And) else "or"
            if kind == "and":
                conds = [c for c in conds if c is not None]  # an unknown part of an `and` only narrows
                if not conds:
                    return None
            elif any(c is None for c in conds):
                return None
            out = conds[0]
            for c in conds[1:]:
                out = (kind, out, c)
            return out
        if isinstance(test, ast.Compare) and _testing(test):
            return ("const", False)  # `'test' in sys.argv`: a test run, not the container's command
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            expr = self._env_expr(mod, test.left, depth + 1)
            right = test.comparators[0]
            if expr is None:
                return None
            op = test.ops[0]
            if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(right, ast.Constant):
                cond = ("eq", expr, (right.value,))
                return cond if isinstance(op, ast.Eq) else ("not", cond)
            if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
                    and all(isinstance(e, ast.Constant) for e in right.elts):
                cond = ("in", expr, tuple(e.value for e in right.elts))
                return cond if isinstance(op, ast.In) else ("not", cond)
            return None
        if isinstance(test, ast.Name):
            values = _assigned_values(mod, test.id, mod.tree)
            if len(values) == 1 and isinstance(values[0], (ast.Compare, ast.BoolOp, ast.UnaryOp)):
                return self._cond(mod, values[0], depth + 1)
        expr = self._env_expr(mod, test, depth + 1)
        return ("truth", expr) if expr is not None else None

    def _env_expr(self, mod: ModuleAst, expr: ast.AST, depth: int) -> tuple | None:
        """``os.getenv("X", "d").lower()`` (or a module constant bound to it) as a condition term."""
        transforms: list[str] = []
        while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args \
                and expr.func.attr in ("lower", "upper", "strip", "casefold"):
            transforms.insert(0, expr.func.attr)
            expr = expr.func.value
        if isinstance(expr, ast.Name) and depth < 4:
            values = _assigned_values(mod, expr.id, mod.tree)
            if len(values) == 1:
                inner = self._env_expr(mod, values[0], depth + 1)
                if inner is not None:
                    return ("env", inner[1], inner[2], inner[3] + tuple(transforms))
            return None
        if isinstance(expr, ast.Call):
            qn = mod.qname(expr.func, call=True) or ""
            for entry in self.t._entries(qn):
                if entry.role == "env" and entry.host is not None:
                    var_node = _find(expr, entry.host)
                    var = _literal(var_node)
                    if var is None and isinstance(var_node, ast.Name):
                        vals = _assigned_values(mod, var_node.id, mod.tree)
                        var = _literal(vals[0]) if len(vals) == 1 else None
                    if var is None:
                        return None
                    default_node = _find(expr, entry.url) if entry.url is not None else None
                    if default_node is None:
                        default = None
                    elif isinstance(default_node, ast.Constant) and isinstance(default_node.value, (str, type(None))):
                        default = default_node.value
                    else:
                        return None
                    return ("env", var, default, tuple(transforms))
        return None

    def _climb(self, mod: ModuleAst, node: ast.AST, q: _Query, path: tuple, hops: int,
               keys: tuple[str, ...]) -> None:
        """``node``'s value holds the string: follow it to where that value goes."""
        if not self._step(q, (mod.rel, id(node), keys)):
            return
        p = mod.parent(node)
        if p is None:
            return
        kind = type(p)
        if kind is ast.JoinedStr and q.port is None:
            q.port = self._port_after(mod, p, node)
        if kind in (ast.JoinedStr, ast.FormattedValue, ast.Await, ast.Starred):
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.BinOp:
            if isinstance(p.op, (ast.Add, ast.Mod)):
                return self._climb(mod, p, q, path, hops, keys)
            return
        if kind is ast.BoolOp:
            if isinstance(p.op, ast.Or) and node is not p.values[0]:
                # `x or "localhost"`: a fallback of what comes before it
                for before in p.values[:p.values.index(node)]:
                    env = self._env_read(mod, before)
                    if env is not None:
                        q.fallbacks.append(env)
                    elif self._config_read(mod, before):
                        q.operator = True
                        return
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.IfExp:
            if node is p.test:
                q.never = True
                return
            other = p.body if node is p.orelse else p.orelse
            if self._config_read(mod, p.test) or self._config_read(mod, other):
                q.operator = True  # `cfg.host if cfg.host else "localhost"`
                return
            return self._climb(mod, p, q, path, hops, keys)
        if kind in (ast.Compare, ast.Assert, ast.Raise, ast.Delete, ast.Subscript, ast.Slice):
            if kind is ast.Subscript and node is p.value:
                return  # "abc"[0]
            q.never = True
            return
        if kind is ast.keyword:
            call = mod.parent(p)
            if isinstance(call, ast.Call):
                return self._call(mod, call, p.value, q, path, hops, keys)
            return
        if kind is ast.Attribute:
            return self._method(mod, p, q, path, hops, keys)
        if kind is ast.Call:
            if node is p.func:
                return
            return self._call(mod, p, node, q, path, hops, keys)
        if kind in (ast.List, ast.Tuple, ast.Set):
            return self._climb(mod, p, q, path, hops, keys)
        if kind is ast.Dict:
            if node in p.keys:
                q.never = True
                return
            i = next((k for k, v in enumerate(p.values) if v is node), None)
            key = p.keys[i] if i is not None else None
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                name = key.value
                if name.lower() in ("default", "example", "examples", "placeholder") and _schema_like(p):
                    q.never = True  # a JSON schema / form default shown to a user
                    return
                return self._climb(mod, p, q, path, hops, (name,) + keys)
            return self._climb(mod, p, q, path, hops, keys)
        if kind in (ast.Assign, ast.AnnAssign, ast.AugAssign):
            if getattr(p, "value", None) is not node:
                return
            if kind is ast.AugAssign:
                return self._target(mod, p, p.target, q, path, hops, keys)
            targets = p.targets if kind is ast.Assign else [p.target]
            for t in targets:
                self._target(mod, p, t, q, path, hops, keys)
            return
        if kind is ast.NamedExpr:
            return self._target(mod, p, p.target, q, path, hops, keys)
        if kind is ast.Return:
            return self._returned(mod, p, q, path, hops, keys)
        if kind is ast.arguments:
            return self._param_default(mod, p, node, q, path, hops)
        if kind is ast.withitem or kind is ast.comprehension or kind is ast.For:
            return
        # an expression statement, a yield, a lambda's body: goes nowhere we can follow

    # -- expressions ---------------------------------------------------------------------
    def _method(self, mod, attr: ast.Attribute, q, path, hops, keys) -> None:
        """``"...".format(x)``, ``url.rstrip("/")``: the result carries the string on."""
        call = mod.parent(attr)
        if not isinstance(call, ast.Call) or call.func is not attr:
            return
        if attr.attr in ("startswith", "endswith", "__contains__", "find", "index", "count"):
            q.never = True
            return
        if attr.attr in self.t.string_methods or attr.attr == "join":
            return self._climb(mod, call, q, path, hops, keys)

    def _call(self, mod: ModuleAst, call: ast.Call, arg: ast.AST, q, path, hops, keys) -> None:
        qn = mod.qname(call.func, call=True) or mod.qname(call.func)
        use = self.t.use(qn, call, arg)
        if use.kind == "sink":
            kind = use.label if not keys else f"{use.label}[{'.'.join(keys)}]"
            if q.port is None:
                port_arg = self.t.port_arg(qn, call)
                if port_arg is not None:
                    q.port = self._int(mod, port_arg, 0)
            return self._sink(q, mod, call, kind, use.role, path)
        if use.kind == "env-default":
            if use.env:
                q.fallbacks.append(use.env)
            before = len(q.sinks)
            self._climb(mod, call, q, path, hops, keys)
            if len(q.sinks) == before and self.t.is_strong(use.env):
                self._sink(q, mod, call, f"env:{use.env}", "connect", path)
            return
        if use.kind == "env-write":
            if self.t.is_strong(use.env):
                self._sink(q, mod, call, f"env:{use.env}", "connect", path)
            return
        if use.kind == "config-default":
            q.operator = True  # cfg.get("host", "localhost"): what an operator configures
            return
        if use.kind == "never":
            last = (qn or "").rsplit(".", 1)[-1]
            if last == "Field" and isinstance(mod.parent(call), (ast.AnnAssign, ast.Assign)) \
                    and isinstance(mod.scope(call), ast.ClassDef):
                return self._climb(mod, call, q, path, hops, keys)  # a field's default
            q.never = True
            return
        if use.kind == "pass":
            return self._climb(mod, call, q, path, hops, keys)
        # a function or class of the project: into its parameter
        self._into(mod, call, arg, qn, q, path, hops, keys)

    def _into(self, mod: ModuleAst, call: ast.Call, arg: ast.AST, qn: str | None, q, path, hops, keys) -> None:
        if hops >= _MAX_HOPS or qn is None:
            return
        target = self._callee(mod, call, qn)
        if target is None:
            return
        cmod, func, skip_self = target
        if isinstance(func, ast.ClassDef):
            init = next((b for b in func.body if isinstance(b, FUNCTIONS) and b.name == "__init__"), None)
            if init is None:
                # a dataclass / pydantic model: keyword -> field
                kw = next((k.arg for k in call.keywords if k.value is arg), None)
                if kw:
                    self._attribute(cmod, func, kw, q, self._at(mod, call, path), hops + 1, keys)
                return
            func, skip_self = init, True
        name = _param_for(func, call, arg, skip_self)
        if name is None:
            return
        # what the function returns goes back to this call only, not to every caller
        q.calls.append((func, call, mod))
        try:
            for load in cmod.loads_in(func, name):
                self._climb(cmod, load, q, self._at(mod, call, path), hops + 1, keys)
        finally:
            q.calls.pop()

    def _callee(self, mod: ModuleAst, call: ast.Call, qn: str):
        """(module, def, is a method) of a project function or class a call names."""
        func = call.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls"):
            cls = mod.class_of(call)
            if cls is not None:
                for b in cls.body:
                    if isinstance(b, FUNCTIONS) and b.name == func.attr:
                        return mod, b, True
            return None
        if "." not in qn:
            defs = mod.functions.get(qn) or []
            top = [d for d in defs if mod.parent(d) is mod.tree]
            if top:
                return mod, top[0], False
            if qn in mod.classes:
                return mod, mod.classes[qn], False
            return None
        module, _, name = qn.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            if other is None:
                continue
            defs = [d for d in other.functions.get(name) or [] if other.parent(d) is other.tree]
            if defs:
                return other, defs[0], False
            if name in other.classes:
                return other, other.classes[name], False
        return None

    # -- names ---------------------------------------------------------------------------
    def _target(self, mod: ModuleAst, stmt: ast.AST, target: ast.AST, q, path, hops, keys) -> None:
        here = self._at(mod, stmt, path)
        if isinstance(target, ast.Name):
            name = target.id
            scope = mod.scope(stmt)
            setting = self.t.setting((name,) + keys) if not isinstance(scope, FUNCTIONS) else None
            if setting is not None:
                self._sink(q, mod, target, f"setting {setting}", "connect", path)  # and where code reads it
            if isinstance(scope, ast.ClassDef):
                return self._attribute(mod, scope, name, q, here, hops, keys)
            if isinstance(scope, FUNCTIONS) and self._reassigned(mod, scope, target, name):
                q.operator = True  # a default the function replaces (from arguments, a config): not its value
                return
            for load in mod.loads_in(mod.binding_scope(target, name) if isinstance(scope, FUNCTIONS) else mod.tree, name):
                if load is not target:
                    self._climb(mod, load, q, here, hops, keys)
            if not isinstance(scope, FUNCTIONS) and hops < _MAX_HOPS:
                self._exported(mod, name, q, here, hops + 1, keys)
            return
        if isinstance(target, ast.Attribute):
            if self.t.setting((target.attr,) + keys) is not None and _settings_like(target.value):
                return self._sink(q, mod, target, f"setting {target.attr}", "connect", path)
            if isinstance(target.value, ast.Name) and target.value.id == "self":
                cls = mod.class_of(target)
                if cls is not None:
                    return self._attribute(mod, cls, target.attr, q, here, hops, keys)
            if isinstance(target.value, ast.Attribute) and target.value.attr == "environ":
                return
            return self._attribute(mod, None, target.attr, q, here, hops, keys)
        if isinstance(target, ast.Subscript):
            key = target.slice
            name = key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else None
            base = dotted(target.value) or ""
            if base.endswith("environ") and name:
                if self.t.is_strong(name):
                    self._sink(q, mod, target, f"env:{name}", "connect", path)
                return
            if name and self.t.setting((name,) + keys) is not None:
                return self._sink(q, mod, target, f"setting {name}", "connect", path)
            if name is not None:
                # d["KEY"] = value: the mapping holds it
                return self._target(mod, stmt, target.value, q, path, hops, (name,) + keys)
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            return  # unpacking: which element is ours is not followed

    def _reassigned(self, mod: ModuleAst, func: ast.AST, target: ast.Name, name: str) -> bool:
        """``name`` gets another value in ``func`` that is not made from itself
        (``host = "127.0.0.1"`` ... ``host, port = arg.split(":")``)."""
        for node in ast.walk(func):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store) and node is not target \
                    and node.lineno > target.lineno:  # a later value, not the one it is the fallback of
                stmt = mod.parent(node)
                while stmt is not None and not isinstance(stmt, ast.stmt):
                    stmt = mod.parent(stmt)
                value = getattr(stmt, "value", None) if not isinstance(stmt, (ast.For, ast.With)) else None
                if isinstance(stmt, ast.AugAssign):
                    continue
                if value is not None and any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(value)):
                    continue  # url = url + "/x": the same value, carried on
                return True
        return False

    def _attribute(self, mod: ModuleAst, cls: ast.ClassDef | None, name: str, q, path, hops, keys) -> None:
        """A class field / instance attribute holding the value: its reads."""
        if cls is not None and self.t.setting((name,) + keys) is not None:
            return self._sink(q, mod, cls, f"setting {name}", "connect", path)
        if cls is not None and self.t.is_strong(_env_name(mod, cls, name)):
            self._sink(q, mod, cls, f"env:{_env_name(mod, cls, name)}", "connect", path)
        for load in mod.attr_loads(name):
            if cls is not None and not (_in_class(mod, load, cls) or _settings_like(load.value)
                                        or _distinctive(name)):
                continue
            self._climb(mod, load, q, path, hops, keys)
        if hops < _MAX_HOPS and _distinctive(name):
            for other in self._containing("." + name):
                if other is mod:
                    continue
                for load in other.attr_loads(name):
                    if _distinctive(name) or _settings_like(load.value):
                        self._climb(other, load, q, path, hops + 1, keys)

    def _exported(self, mod: ModuleAst, name: str, q, path, hops, keys) -> None:
        """Where other modules read a module-level name: ``from m import NAME``, ``m.NAME``,
        ``settings.NAME`` (a settings module read through its framework)."""
        mine = set(_module_names(mod.rel))
        settings_module = "settings" in mod.rel.rsplit("/", 2)[-1] or "settings" in mod.rel.split("/")[-2:-1]
        # a module that reads the name imports this module: its text names it (or "settings")
        last = _last_name(mod.rel)
        words = tuple(w for w in (last, "settings" if settings_module else "") if w)
        for other in self._containing(name, *words, importing=None if settings_module else last):
            if other is mod:
                continue
            for local, qual in other.imports.items():
                module, _, attr = qual.rpartition(".")
                if attr == name and module in mine:
                    for load in other.loads(local):
                        self._climb(other, load, q, path, hops, keys)
                elif qual in mine:
                    for load in other.attr_loads(name):
                        if isinstance(load.value, ast.Name) and load.value.id == local:
                            self._climb(other, load, q, path, hops, keys)
            if settings_module:
                for load in other.attr_loads(name):
                    rq = other.qname(load.value) or ""
                    if rq.endswith("conf.settings") or rq == "settings":
                        self._climb(other, load, q, path, hops, keys)

    def _returned(self, mod: ModuleAst, ret: ast.Return, q, path, hops, keys) -> None:
        func = mod.function_of(ret)
        if func is None:
            return
        if self._handler(mod, func):
            q.never = True  # a request handler's answer goes to the client
            return
        if hops >= _MAX_HOPS:
            return
        here = self._at(mod, ret, path)
        if q.calls and q.calls[-1][0] is func:
            _, call, caller = q.calls[-1]
            return self._climb(caller, call, q, here, hops + 1, keys)
        for caller, call in self._callers(mod, func):
            self._climb(caller, call, q, here, hops + 1, keys)

    def _callers(self, mod: ModuleAst, func: ast.AST) -> list[tuple[ModuleAst, ast.Call]]:
        """The calls of a function or method (a class's ``__init__``: calls of the class) in
        the modules searched."""
        cls = mod.class_of(func)
        if func.name == "__init__" and cls is not None:
            name, method = cls.name, False
        else:
            name, method = func.name, cls is not None
        if method:
            out = [(mod, c) for c in _calls_named(mod, name, method=True)]
            if _distinctive(name):
                for other in self._containing(name):
                    if other is not mod:
                        out.extend((other, c) for c in _calls_named(other, name, method=True))
            return out
        # a module's function: called by its name here, or where another module imports it
        # (so that module's text names this one)
        mine = set(_module_names(mod.rel))
        out = [(mod, c) for c in _calls_named(mod, name, method=False) if isinstance(c.func, ast.Name)]
        for other in self._containing(name, _last_name(mod.rel), importing=_last_name(mod.rel)):
            if other is mod:
                continue
            for c in _calls_named(other, name, method=False):
                qual = other.qname(c.func) or ""
                if qual.rpartition(".")[0] in mine:
                    out.append((other, c))
        return out

    def _param_default(self, mod: ModuleAst, args: ast.arguments, node: ast.AST, q, path, hops) -> None:
        func = mod.parent(args)
        if not isinstance(func, FUNCTIONS + (ast.Lambda,)):
            return
        name = _param_of_default(args, node)
        if name is None:
            return
        if isinstance(func, FUNCTIONS) and self._always_passed(mod, func, name):
            q.overridden = True
            return
        for load in mod.loads_in(func, name):
            self._climb(mod, load, q, path, hops, ())

    def _always_passed(self, mod: ModuleAst, func: ast.AST, name: str) -> bool:
        """Every call of ``func`` in the modules searched passes parameter ``name``."""
        calls = [call for _, call in self._callers(mod, func)]
        if not calls:
            return False
        params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
        if mod.class_of(func) is not None and params and params[0] in ("self", "cls"):
            params = params[1:]
        index = params.index(name) if name in params else None
        for call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                continue  # *args / **kwargs: may pass it
            if any(k.arg == name for k in call.keywords):
                continue
            if index is not None and len(call.args) > index:
                continue
            return False
        return True

    # -- ports -----------------------------------------------------------------------------
    def _port_after(self, mod: ModuleAst, fstring: ast.JoinedStr, part: ast.AST) -> int | None:
        """``f"http://{host}:{port}/x"``: the port written after the host part ``part``."""
        values = fstring.values
        idx = next((i for i, v in enumerate(values) if v is part or any(n is part for n in ast.walk(v))), None)
        if idx is None or idx + 2 >= len(values):
            return None
        sep, nxt = values[idx + 1], values[idx + 2]
        if isinstance(sep, ast.Constant) and isinstance(sep.value, str) and sep.value == ":" \
                and isinstance(nxt, ast.FormattedValue):
            return self._int(mod, nxt.value, 0)
        return None

    def _int(self, mod: ModuleAst, expr: ast.AST, depth: int) -> int | None:
        """The integer an expression evaluates to, where the code says it plainly: a literal,
        a constant, a settings field's default, ``int(os.getenv("P", "8125"))``."""
        if depth > 5 or expr is None:
            return None
        if isinstance(expr, ast.Constant):
            v = expr.value
            if isinstance(v, int) and not isinstance(v, bool):
                return v if 0 < v < 65536 else None
            if isinstance(v, str) and v.strip().isdigit():
                n = int(v.strip())
                return n if 0 < n < 65536 else None
            return None
        if isinstance(expr, ast.Call):
            qn = mod.qname(expr.func) or ""
            if qn.rsplit(".", 1)[-1] in ("int", "str") and expr.args:
                return self._int(mod, expr.args[0], depth + 1)
            for entry in self.t._entries(mod.qname(expr.func, call=True) or qn):
                if entry.role == "env" and entry.url is not None:
                    return self._int(mod, _find(expr, entry.url), depth + 1)
            return None
        if isinstance(expr, ast.BoolOp):
            for v in expr.values:
                got = self._int(mod, v, depth + 1)
                if got is not None:
                    return got
            return None
        if isinstance(expr, ast.Name):
            for value in _assigned_values(mod, expr.id, mod.scope(expr)):
                got = self._int(mod, value, depth + 1)
                if got is not None:
                    return got
            qual = mod.imports.get(expr.id)
            if qual and "." in qual:
                module, _, name = qual.rpartition(".")
                for rel in self._resolve_module(module):
                    other = self.module(rel)
                    if other is not None:
                        for value in _assigned_values(other, name, other.tree):
                            got = self._int(other, value, depth + 1)
                            if got is not None:
                                return got
            return None
        if isinstance(expr, ast.Attribute):
            name = expr.attr
            others = [m for m in self._containing(name) if m is not mod][:20] if _distinctive(name) else []
            for other in [mod, *others]:
                for value in _field_values(other, name):
                    got = self._int(other, value, depth + 1)
                    if got is not None:
                        return got
        return None

    # -- what a value is read from ----------------------------------------------------------
    def _env_read(self, mod: ModuleAst, expr: ast.AST) -> str | None:
        """The variable an expression reads from the environment (``os.getenv("X")``,
        ``os.environ["X"]``, ``environ.get("X")``), if it is one."""
        if isinstance(expr, ast.Call):
            qn = mod.qname(expr.func, call=True) or ""
            for entry in self.t._entries(qn):
                if entry.role == "env" and entry.host is not None:
                    return _literal(_find(expr, entry.host)) or ""
            return None
        if isinstance(expr, ast.Subscript) and (dotted(expr.value) or "").endswith("environ"):
            key = expr.slice
            return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""
        return None

    def _config_read(self, mod: ModuleAst, expr: ast.AST) -> bool:
        """A value an operator configures: a settings/config attribute or key, a parameter
        (``self.cfg.host``, ``config["host"]``, ``settings.ollama_url``)."""
        if self._env_read(mod, expr) is not None:
            return False
        if isinstance(expr, ast.Attribute):
            return True
        if isinstance(expr, ast.Subscript):
            return True
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
            return True
        return isinstance(expr, ast.Name)

    def _handler(self, mod: ModuleAst, func: ast.AST) -> bool:
        for dec in getattr(func, "decorator_list", ()):
            target = dec.func if isinstance(dec, ast.Call) else dec
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name in self.t.handlers:
                return True
        params = [a.arg for a in func.args.args]
        if params[:1] == ["request"] or params[:2] == ["self", "request"]:
            return True
        return False


# --------------------------------------------------------------------------- helpers


def _ranked(sinks: list[Sink]) -> tuple[Sink, ...]:
    """A call that dials the value is the best evidence, then a framework setting, then a name."""
    def rank(s: Sink) -> int:
        return 2 if s.kind.startswith(("name ", "env:")) else 1 if s.kind.startswith("setting ") else 0
    return tuple(sorted(dict.fromkeys(sinks), key=rank))


def _assigned_values(mod: ModuleAst, name: str, scope: ast.AST) -> list[ast.AST]:
    """The values assigned to ``name`` directly in ``scope`` (module or function body)."""
    out = []
    body = getattr(scope, "body", [])
    for stmt in ast.walk(scope) if isinstance(scope, FUNCTIONS) else body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            out.append(stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name \
                and stmt.value is not None:
            out.append(stmt.value)
    if not out and scope is not mod.tree:
        return _assigned_values(mod, name, mod.tree)
    return out


def _field_values(mod: ModuleAst, name: str) -> list[ast.AST]:
    """Defaults of class fields and module constants named ``name`` (``port: int = 9091``)."""
    out = list(_assigned_values(mod, name, mod.tree))
    for cls in mod.classes.values():
        out.extend(_assigned_values(mod, name, cls))
    return out


def _testing(test: ast.Compare) -> bool:
    """A comparison that asks whether this is a test run: ``sys.argv`` or ``sys.modules``
    against "test" / "pytest" (``TESTING = sys.argv[1:2] == ["test"]``)."""
    names = {dotted(n) for n in ast.walk(test) if isinstance(n, (ast.Attribute, ast.Name))}
    if not names & {"sys.argv", "sys.modules", "argv"}:
        return False
    words = {n.value for n in ast.walk(test) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return bool(words & {"test", "pytest", "tests", "unittest"})


def _schema_like(d: ast.Dict) -> bool:
    keys = {k.value for k in d.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    return bool(keys & {"type", "title", "description", "label", "required", "widget", "help_text", "help"})


def _in_class(mod: ModuleAst, node: ast.AST, cls: ast.ClassDef) -> bool:
    return any(p is cls for p in mod.ancestors(node))


def _env_name(mod: ModuleAst, cls: ast.ClassDef, name: str) -> str:
    """The environment variable a pydantic settings field reads (prefix + name)."""
    prefix = ""
    for stmt in cls.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, ast.Name) and t.id in ("env_prefix", "model_config"):
                    for sub in ast.walk(stmt.value) if stmt.value is not None else ():
                        if isinstance(sub, ast.keyword) and sub.arg == "env_prefix" and isinstance(sub.value, ast.Constant):
                            prefix = str(sub.value.value)
                        elif isinstance(sub, ast.Constant) and t.id == "env_prefix" and isinstance(sub.value, str):
                            prefix = sub.value
    return (prefix + name).upper()


def _param_for(func: ast.AST, call: ast.Call, arg: ast.AST, skip_self: bool) -> str | None:
    params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    if skip_self and params:
        params = params[1:]
    for i, a in enumerate(call.args):
        if a is arg:
            if any(isinstance(x, ast.Starred) for x in call.args[:i + 1]):
                return None
            return params[i] if i < len(params) else None
    for kw in call.keywords:
        if kw.value is arg and kw.arg:
            names = params + [a.arg for a in func.args.kwonlyargs]
            return kw.arg if kw.arg in names else None
    return None


def _param_of_default(args: ast.arguments, node: ast.AST) -> str | None:
    positional = [*args.posonlyargs, *args.args]
    for i, d in enumerate(args.defaults):
        if d is node:
            return positional[len(positional) - len(args.defaults) + i].arg
    for a, d in zip(args.kwonlyargs, args.kw_defaults):
        if d is node:
            return a.arg
    return None


def _calls_named(mod: ModuleAst, name: str, *, method: bool) -> Iterable[ast.Call]:
    """Calls of a function or method named ``name`` in a module."""
    if method:
        for load in mod.attr_loads(name):
            p = mod.parent(load)
            if isinstance(p, ast.Call) and p.func is load:
                yield p
        return
    for load in mod.loads(name):
        p = mod.parent(load)
        if isinstance(p, ast.Call) and p.func is load:
            yield p
    for load in mod.attr_loads(name):
        p = mod.parent(load)
        if isinstance(p, ast.Call) and p.func is load:
            yield p


@functools.lru_cache(maxsize=1024)
def _import_of(last: str) -> re.Pattern[str]:
    """An import statement naming the module ``last``: ``from a.last import x``, ``from .last
    import x``, ``from a import last`` (also in parentheses or after a backslash), ``import
    a.last``."""
    w = re.escape(last)
    rest = r"(?:[^#\n\\]|\\\n)*"  # the rest of a logical line (backslash continuations)
    return re.compile(
        rf"^[ \t]*(?:from[ \t]+[.\w]*\b{w}\b"
        rf"|from[ \t]+[.\w]+[ \t]+import[ \t]*(?:\([^)]*\b{w}\b|{rest}\b{w}\b)"
        rf"|import[ \t]+{rest}\b{w}\b)",
        re.MULTILINE,
    )
