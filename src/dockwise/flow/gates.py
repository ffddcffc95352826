"""Branches behind environment flags: a value that passes through ``if os.getenv("X") ==
"1":`` is dialled only when that condition holds.  ``branch_gates`` reads the conditions
around a node into :class:`Gate` values (on environment variables, their defaults and
``.lower()``-like transforms; a test-run check is never true), and ``Gate.holds`` judges
one against a container's environment (``None``: unknown)."""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass
from typing import Any

from dockwise.astnames import test_run_check as testing
from dockwise.flow.astfacts import assigned_values, config_read
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted
from dockwise.flow.reach import UNKNOWN, ReachProgram, reach_program, reaches
from dockwise.flow.sinks import Tables, _find, _literal, implied_var


@dataclass(frozen=True)
class Gate:
    """The branch a value passes through runs only when ``cond`` holds (``taken``) or does
    not hold (the ``else`` side), for a condition on environment variables:

    ``("env", VAR, default, transforms)`` the variable's value (a string, or the default);
    ``("set", VAR)`` the variable is set; ``("iset", VAR)`` it is, in any letter case;
    ``("someset", RUNTIME)`` some variable is, other than
    the runtime's own (a regex); ``("eq", expr, values)`` / ``("in", expr, values)`` /
    ``("truth", expr)`` / ``("not", c)`` / ``("and", c, d)`` / ``("or", c, d)``; ``("unknown",)``: a
    part of an ``or`` that is not read; ``("container", c)``: ``c`` tests a variable whose name
    says "in a container" (``IN_DOCKER``), true where the environment is unknown; ``("ci", c)``:
    ``c`` compares a variable with a value naming a CI run (``== "CI"``), false there;
    ``("argv", WORD)``: the start command gives WORD; ``("argvset", NAME)``: it sets the
    framework's setting NAME (``-s NAME=value``); ``("known", c)``: ``c`` where the environment
    decides it, false where it does not (unknown, or a variable set from the shell)."""

    cond: tuple
    taken: bool = True

    def holds(self, env: dict[str, str | None] | None, argv: frozenset[str] | None = None) -> bool | None:
        """Whether the branch runs with ``env`` (a service's variables; None: a service whose
        environment is unknown, where only conditions on no variable decide: a test-run
        check) and ``argv`` (every word of the service's start command as far as it is read,
        None: not known); None: unknown."""
        got = _eval(self.cond, env, argv)
        if got is None:
            return None
        return bool(got) == self.taken


_UNKNOWN = object()


class PartialEnv(dict):
    """The part of a container's environment known where the rest is not (an ``env_file``
    that is not in the tree): the variables the service's ``environment`` key sets, which
    Compose gives over any env_file's.  A variable not among them may be set or not: a
    condition on it is unknown, as in an environment not known at all."""


def _eval(cond: tuple, env: dict[str, str | None] | None, argv: frozenset[str] | None = None):
    kind = cond[0]
    if isinstance(env, PartialEnv) and kind in _PARTIAL_KINDS:
        return _eval_partial(cond, env, argv)
    if kind == "const":
        return cond[1]
    if kind == "reach":
        # ("reach", program): the code before the node, followed with the environment's values
        if env is None:
            return None

        def read(term: tuple) -> Any:
            got = _eval(term, env, argv)
            return UNKNOWN if got is _UNKNOWN else got
        return reaches(cond[1], read)
    if kind == "argv":
        # `"--debug" in sys.argv`: a switch of the process's command line, which holds only
        # where the service's start command gives that word
        return None if argv is None else cond[1] in argv
    if kind == "argvset":
        # `scrapy crawl items -s NAME=value` (or `--set NAME=value`, `--set=NAME=value`): the
        # start command gives the framework's setting NAME a value of its own
        if argv is None:
            return None
        prefix = cond[1] + "="
        return any(w.startswith(prefix) or w.removeprefix("--set=").startswith(prefix)
                   or (w.startswith("-s") and w[2:].startswith(prefix)) for w in argv)
    if kind == "env":
        _, var, default, transforms = cond
        if env is None:
            return _UNKNOWN
        if var in env:
            value = env[var]
            if value is None:
                return _UNKNOWN  # set from the shell at run time
        else:
            value = default  # unset in the container: the read's default (None: it has none)
        for t in transforms:
            if t.startswith("="):
                value = _converted(value, t[1:])  # ast.literal_eval, strtobool, int ...
                if value is _UNKNOWN:
                    return _UNKNOWN
            elif t.startswith("~"):
                value = _run_normalizer(t[1:], value)  # a project helper that normalizes the text
                if value is _UNKNOWN:
                    return _UNKNOWN
            elif isinstance(value, str):
                value = getattr(value, t)()
            elif value is not None:
                return _UNKNOWN  # `str(os.getenv("X", False)).lower()`-like shapes are not read
        return value
    if kind == "set":  # "X" in os.environ
        return None if env is None else cond[1] in env
    if kind == "iset":  # set in any letter case (pydantic-settings' default matching)
        return None if env is None else any(var.upper() == cond[1] for var in env)
    if kind == "someset":
        # a variable whose name the code computes: set, for all we know, wherever the container
        # sets any variable but those that set up its runtime (cond[1], rules/flow.yaml
        # runtime_settings_env)
        return None if env is None else any(not cond[1].fullmatch(var) for var in env)
    if kind == "container":
        # `if "IN_DOCKER" in os.environ:`: the code's own container switch, which a deployment we
        # cannot see (`docker run -e IN_DOCKER=1`) sets; a known environment decides
        return True if env is None else _eval(cond[1], env, argv)
    if kind == "ci":
        # `ENVIRONMENT == "CI"`: set by a CI workflow, not by a deployment we cannot see; a
        # known environment decides
        return False if env is None else _eval(cond[1], env, argv)
    if kind == "known":
        # `app.config.from_object(os.environ["APP_SETTINGS"])`: the settings class loaded is
        # the one the variable names, which only a known environment tells
        if env is None:
            return False
        got = _eval(cond[1], env, argv)
        return False if got is None or got is _UNKNOWN else got
    if kind == "truth":
        v = _eval(cond[1], env, argv)
        return None if v is _UNKNOWN or (v is None and cond[1][0] != "env") else bool(v)
    if kind in ("eq", "in"):
        v = _eval(cond[1], env, argv)
        if v is _UNKNOWN or (v is None and cond[1][0] != "env"):
            return None
        return v in cond[2]
    if kind == "not":
        v = _eval(cond[1], env, argv)
        return None if v is None else not v
    if kind in ("and", "or"):
        a, b = _eval(cond[1], env, argv), _eval(cond[2], env, argv)
        if kind == "and":
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
        if a is True or b is True:
            return True
        return None if a is None or b is None else False
    return None


# the terms that read the environment itself (the others combine terms)
_PARTIAL_KINDS = frozenset({"env", "set", "iset", "someset", "container", "ci", "known"})


def _eval_partial(cond: tuple, env: PartialEnv, argv: frozenset[str] | None):
    """``_eval`` of a term that reads the environment, in one known in part: a variable it
    knows is judged as in a known environment, any other as in an unknown one."""
    kind = cond[0]
    if kind == "env":
        return _eval(cond, dict(env) if cond[1] in env else None, argv)
    if kind == "set":
        return True if cond[1] in env else None
    if kind == "iset":
        return True if any(var.upper() == cond[1] for var in env) else None
    if kind == "someset":
        return True if any(not cond[1].fullmatch(var) for var in env) else None
    # ("container", c) / ("ci", c) / ("known", c): a known answer of ``c`` decides, else the
    # unknown environment's (a container switch holds, a CI run's branch and a value the
    # environment must name do not)
    got = _eval(cond[1], env, argv)
    return _eval(cond, None, argv) if got is None or got is _UNKNOWN else got


def unset_fallback(gate: Gate) -> str | None:
    """The variable whose absence the branch needs, where it runs only while that variable is
    unset or empty: the body of ``if not os.getenv("X"):``, ``if os.getenv("X") is None:``,
    ``if "X" not in os.environ:``, or the ``else`` of ``if os.getenv("X"):``.  Such a branch
    is the fallback ``os.getenv("X", "...")`` writes as a default; None for any other gate."""
    cond = gate.cond if gate.taken else ("not", gate.cond)
    negated = False
    while cond[0] == "not":
        negated, cond = not negated, cond[1]
    if cond[0] == "set":
        return cond[1] if negated else None
    if cond[0] == "truth" and negated:
        term = cond[1]
    elif cond[0] == "eq" and not negated and all(v in (None, "") for v in cond[2]):
        term = cond[1]
    else:
        return None
    # (a read with a default that is set, `os.getenv("X", "on")`, is no unset check)
    return term[1] if term[0] == "env" and not term[2] else None


def branch_gates(t: Tables, mod: ModuleAst, node: ast.AST) -> tuple[Gate, ...]:
    """The conditions on the environment that must hold for ``node`` to run, up to its
    function: the ``if`` branches it sits in, and the early exits before it in the same
    function (``if not settings.enabled: return`` ahead of the dial runs it only where the
    flag is on)."""
    out: list[Gate] = []
    child = node
    unread = False  # an `if` around the node tests what no environment term reads
    for p in mod.ancestors(node):
        for before in _preceding(p, child):
            # (a `raise` is a check of required configuration, which an operator completes, not
            # a switch: `if not SECRET_KEY: raise ...` turns nothing off)
            if isinstance(before, ast.If) and not before.orelse and before.body \
                    and isinstance(before.body[-1], ast.Return):
                cond = _cond(t, mod, before.test, 0)
                if cond is not None:
                    out.append(Gate(cond, False))
        if isinstance(p, ast.If):
            in_body = any(c is child for c in p.body)
            in_else = any(c is child for c in p.orelse)
            if in_body or in_else:
                cond = _cond(t, mod, p.test, 0)
                if cond is not None:
                    out.append(Gate(cond, in_body))
                else:
                    unread = True
        if isinstance(p, ast.IfExp) and (child is p.body or child is p.orelse):
            # `"host.docker.internal" if os.getenv("DEV") == "local" else "redis"`: a conditional
            # expression on the environment is a branch as an `if` statement is; its side runs
            # only where the container's environment takes it (a test that reads no environment
            # leaves it unknown: the side may run)
            cond = _cond(t, mod, p.test, 0)
            if cond is not None:
                out.append(Gate(cond, child is p.body))
        if isinstance(p, ast.match_case) and any(c is child for c in p.body):
            cond = _case_cond(t, mod, p)
            if cond is not None:
                out.append(Gate(cond, True))
        if isinstance(p, FUNCTIONS + (ast.ClassDef, ast.Lambda)):
            break
        child = p
    if unread:
        program = _reach(t, mod, node)
        if program is not None:
            out.append(Gate(("reach", program), True))
    return tuple(out)


def _reach(t: Tables, mod: ModuleAst, node: ast.AST) -> ReachProgram | None:
    """The code that decides whether the statement holding ``node`` runs, from the start of its
    function (or module), where that code reads the environment (``flow/reach.py``): a branch
    behind ``if db_url.startswith("postgresql://"):`` or ``if len(parts) == 2:`` on what the
    code cut from ``os.getenv("DATABASE_URL")``, which the variable's value takes or not."""
    target = node if isinstance(node, ast.stmt) else None
    scope: ast.AST = mod.tree
    for p in mod.ancestors(node):
        if target is None and isinstance(p, ast.stmt):
            target = p
        if isinstance(p, FUNCTIONS):
            scope = p
            break
        if isinstance(p, (ast.ClassDef, ast.Lambda)):
            return None
    if target is None:
        return None
    memo = mod.reach_programs
    key = (id(scope), id(target))
    if key not in memo:
        memo[key] = reach_program(scope, target, lambda expr: _env_expr(t, mod, expr, 0))
    return memo[key]

def _declared_attribute(mod: ModuleAst, test: ast.AST) -> bool:
    """``hasattr(obj, "name")`` where ``obj`` is a module-level instance of a project class
    (made in this module, or imported from one the flow reads: ``from pkg.config import
    settings``) whose body, or a project base's, gives ``name`` a value (``cache = ...``,
    ``cache: Cache = Field(...)``): always true, the branch for a missing field never runs."""
    if not (isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "hasattr"
            and "hasattr" not in mod.imports and not mod.functions.get("hasattr") and len(test.args) == 2
            and not test.keywords and isinstance(test.args[0], ast.Name)
            and isinstance(test.args[1], ast.Constant) and isinstance(test.args[1].value, str)):
        return False
    obj, field = test.args[0].id, test.args[1].value
    found: tuple[ModuleAst, ast.ClassDef] | None = None
    if obj in mod.var_types and mod.binding_scope(test, obj) is mod.tree:
        typ = mod.var_types[obj]
        own = mod.top_class(typ)
        found = (mod, own) if own is not None else (
            mod.imported_class(typ) if mod.imported_class is not None else None)
    elif obj in mod.imports and mod.imported_instance is not None and mod.binding_scope(test, obj) is mod.tree:
        found = mod.imported_instance(mod.imports[obj])
    seen = 0
    while found is not None and seen < 12:
        seen += 1
        home, cls = found
        if any(isinstance(s, ast.AnnAssign) and s.value is not None and isinstance(s.target, ast.Name)
               and s.target.id == field
               or isinstance(s, ast.Assign) and any(isinstance(x, ast.Name) and x.id == field for x in s.targets)
               for s in cls.body):
            return True
        if len(cls.bases) != 1:
            return False  # (several bases: not followed)
        base = cls.bases[0]
        if isinstance(base, ast.Name) and home.top_class(base.id) is not None:
            found = (home, home.top_class(base.id))  # type: ignore[assignment]
        else:
            qual = home.qname(base)
            found = home.imported_class(qual) if qual and home.imported_class is not None else None
    return False


def _case_cond(t: Tables, mod: ModuleAst, case: ast.match_case) -> tuple | None:
    """The condition on the environment under which the ``case`` of a ``match`` on an
    environment value runs (``match os.getenv("STORE", "memory"): case "qdrant" | "qdrant-cloud":``):
    the value is one of its literals; for the catch-all ``case _:``, none of the literals of the
    cases before it.  None where the subject is no environment value, or a pattern or a guard
    is not a plain literal (its case runs on more than we read)."""
    match = mod.parent(case)
    if not isinstance(match, ast.Match) or case.guard is not None:
        return None
    subject = _env_expr(t, mod, match.subject, 0)
    if subject is None:
        return None
    values = _case_values(mod, case.pattern)
    if values is not None:
        return ("in", subject, values)
    if not (isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None):
        return None
    before: tuple = ()
    for other in match.cases:
        if other is case:
            return ("not", ("in", subject, before))
        got = _case_values(mod, other.pattern) if other.guard is None else None
        if got is None:
            return None
        before += got
    return None


def _case_values(mod: ModuleAst, pattern: ast.pattern) -> tuple | None:
    """The literals a ``case`` pattern matches (``"a"``, ``"a" | "b"``, ``Kind.MONGO``), or None."""
    if isinstance(pattern, ast.MatchValue):
        value = enum_constant(mod, pattern.value) or pattern.value
        return (value.value,) if isinstance(value, ast.Constant) else None
    if isinstance(pattern, ast.MatchSingleton):
        return (pattern.value,)
    if isinstance(pattern, ast.MatchOr):
        out: tuple = ()
        for alt in pattern.patterns:
            got = _case_values(mod, alt)
            if got is None:
                return None
            out += got
        return out
    return None


def _preceding(parent: ast.AST, child: ast.AST) -> list[ast.stmt]:
    """The statements before ``child`` in the statement list of ``parent`` that holds it."""
    for field in ("body", "orelse", "finalbody"):
        stmts = getattr(parent, field, None)
        if isinstance(stmts, list):
            for i, stmt in enumerate(stmts):
                if stmt is child:
                    return stmts[:i]
    return []


def replaced_under(t: Tables, mod: ModuleAst, node: ast.AST) -> Gate | None:
    """For an assignment ``node`` nested in the module's top-level ``if`` branches, which binds a
    module value again: the gate under which the earlier value survives (the branches that
    replace it do not all run).  ``CACHE = "redis://localhost"`` then ``if "IN_DOCKER" in
    os.environ: CACHE = os.environ["CACHE_URL"]`` keeps the loopback value only where the flag
    is unset.  None where a condition on the way is not read, or ``node`` sits elsewhere (a
    loop, a ``try``, a function): the earlier value is not known to be replaced."""
    conds: list[tuple] = []
    child = node
    for p in mod.ancestors(node):
        if p is mod.tree:
            break
        if not isinstance(p, ast.If):
            return None
        cond = _cond(t, mod, p.test, 0)
        if cond is None:
            return None
        conds.append(cond if any(c is child for c in p.body) else ("not", cond))
        child = p
    if not conds:
        return None
    out = conds[0]
    for c in conds[1:]:
        out = ("and", out, c)
    return Gate(out, taken=False)


def config_fallback(t: Tables, mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` lies in the body of ``if not x:`` (``x is None``, ``x == ""``) in a function,
    or in the ``else`` of ``if x:`` (``x is not None``, ``x != ""``), where ``x`` is a value an
    operator configures (``raw = (getattr(conf, "url", None) or "").strip()``, ``url =
    conf.url``, ``url = options.get("url")``): the branch runs only where the configuration
    leaves it empty, like ``conf.url or "redis://localhost"``.  An environment read is no such
    value: its branch is a gate judged against the service's environment."""
    return config_fallback_subject(t, mod, node) is not None


def config_fallback_subject(t: Tables, mod: ModuleAst, node: ast.AST) -> ast.AST | None:
    """The configured value ``x`` whose emptiness the branch holding ``node`` asks for
    (``config_fallback``), or None.  A parameter is such a value as the caller hands it in;
    whether every call leaves it empty is the flow's to say (``flagparams.left_empty``)."""
    child = node
    for p in mod.ancestors(node):
        if isinstance(p, FUNCTIONS + (ast.ClassDef, ast.Lambda)):
            return None
        if isinstance(p, ast.If):
            subject = None
            if any(c is child for c in p.body):
                subject = _emptiness_subject(p.test)
            elif any(c is child for c in p.orelse):
                subject = _presence_subject(p.test)
                if subject is not None and not _reads(p.body, subject):
                    subject = None  # `if cfg.use_cache: ... else: ...` picks by a flag: not `x or default`
            if subject is not None and _configured(t, mod, subject, 0):
                return subject
        child = p
    return None


def _emptiness_subject(test: ast.AST) -> ast.AST | None:
    """What ``not x`` / ``x is None`` / ``x == ""`` asks about."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant) \
            and test.comparators[0].value in (None, "") and isinstance(test.ops[0], (ast.Is, ast.Eq)):
        return test.left
    return None


def _reads(body: list[ast.stmt], subject: ast.AST) -> bool:
    """``body`` reads ``subject`` itself (the value tested), as ``if url: client(url)`` does."""
    want = ast.dump(subject)
    return any(ast.dump(n) == want for stmt in body for n in ast.walk(stmt) if type(n) is type(subject))


def _presence_subject(test: ast.AST) -> ast.AST | None:
    """What ``x`` / ``x is not None`` / ``x != ""`` asks about: its ``else`` runs where ``x``
    is empty."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.comparators[0], ast.Constant) \
            and test.comparators[0].value in (None, "") and isinstance(test.ops[0], (ast.IsNot, ast.NotEq)):
        return test.left
    if isinstance(test, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
        return test
    return None


def _configured(t: Tables, mod: ModuleAst, expr: ast.AST, depth: int) -> bool:
    """``expr`` is a configured value (``conf.url``, ``conf["url"]``, ``getattr(conf, "url")``),
    through ``.strip()``-like calls, an ``or ""`` and the local name it was assigned to."""
    expr = _peeled(expr)
    if isinstance(expr, ast.Name):
        func = mod.binding_scope(expr, expr.id)
        if not isinstance(func, FUNCTIONS):
            return False
        values = values_at(mod, expr.id, expr)
        if not values:
            # a parameter no statement before reassigns: what the caller hands in, as in
            # `url or "redis://localhost"` (the `or` form is judged the same way, climb.py)
            return _is_param(func, expr.id)
        return depth < 4 and all(_configured(t, mod, v, depth + 1) for v in values)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "getattr" \
            and "getattr" not in mod.imports:
        return len(expr.args) >= 2 and isinstance(expr.args[1], ast.Constant)
    return isinstance(expr, (ast.Attribute, ast.Subscript, ast.Call)) and config_read(t, mod, expr) \
        and _env_expr(t, mod, expr, 0) is None


def _is_param(func: ast.AST, name: str) -> bool:
    a = getattr(func, "args", None)
    if a is None:
        return False
    return any(x.arg == name for x in (*a.posonlyargs, *a.args, *a.kwonlyargs))


def _peeled(expr: ast.AST) -> ast.AST:
    """``(x or "").strip()`` -> ``x``: calls and fallbacks that keep whether ``x`` is empty."""
    while True:
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args \
                and expr.func.attr in ("lower", "upper", "strip", "rstrip", "lstrip", "casefold"):
            expr = expr.func.value
        elif isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and all(
                isinstance(v, ast.Constant) and not v.value for v in expr.values[1:]):
            expr = expr.values[0]
        else:
            return expr


def condition(t: Tables, mod: ModuleAst, test: ast.AST) -> tuple | None:
    """The condition on the environment that ``test`` is (a ``Gate``'s ``cond``), or None where
    it tests something else."""
    return _cond(t, mod, test, 0)


# how deep a condition is followed through names, their values and the terms of `and`/`or`
# (`if flag or "--debug" in args:` with `flag = flag and flag not in ("0", "false")` after
# `flag = os.getenv("X", "").lower()` is five steps to the read)
_COND_DEPTH = 6


def _cond(t: Tables, mod: ModuleAst, test: ast.AST, depth: int) -> tuple | None:
    if depth > _COND_DEPTH:
        return None
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _cond(t, mod, test.operand, depth + 1)
        return ("not", inner) if inner is not None else None
    if isinstance(test, ast.BoolOp) and len(test.values) >= 2:
        conds = [_cond(t, mod, v, depth + 1) for v in test.values]
        kind = "and" if isinstance(test.op, ast.And) else "or"
        if kind == "and":
            conds = [c for c in conds if c is not None]  # an unknown part of an `and` only narrows
            if not conds:
                return None
        elif any(c is None for c in conds):
            if any(c == ("const", True) for c in conds):
                # `elif cmd == "weather" or "forecast":`: a non-empty literal is true, so the test
                # always holds, whatever its other parts (and the branches after it never run)
                return ("const", True)
            if all(c == ("const", False) or _maintenance_check(t, mod, v, depth + 1)
                   for c, v in zip(conds, test.values, strict=True)):
                return ("const", False)  # `TESTING or FLUSHING`: a one-off management run, not a service
            if all(c is None for c in conds):
                return None
            # a part not read (`_client is not None or not settings.cache_enabled`) is unknown:
            # the `or` holds where a part that is read holds, and is unknown otherwise
            conds = [("unknown",) if c is None else c for c in conds]
        out = conds[0]
        for c in conds[1:]:
            out = (kind, out, c)
        return out
    if isinstance(test, ast.Constant) and isinstance(test.value, (bool, int, str, type(None))):
        # `if False:` / `if 0:` switches code off by hand: its body never runs, its else always does
        return ("const", bool(test.value))
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and test.func.id == "bool" \
            and len(test.args) == 1 and not test.keywords and "bool" not in mod.imports:
        return _cond(t, mod, test.args[0], depth + 1)  # `bool(os.getenv("X"))`: the same truth
    if isinstance(test, ast.Compare) and testing(test):
        return ("const", False)  # `'test' in sys.argv`: a test run, not the container's command
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.In, ast.NotIn)) \
            and isinstance(test.left, ast.Constant) and isinstance(test.left.value, str) \
            and test.left.value.startswith("-") and _argv_list(mod, test.comparators[0], depth + 1):
        # `"--debug" in sys.argv` (or in the `args` that `main(sys.argv)` hands on): a switch
        # the service's start command gives, or not
        switch: tuple = ("argv", test.left.value)
        return switch if isinstance(test.ops[0], ast.In) else ("not", switch)
    if container_check(t, mod, test):
        return ("const", True)  # `in_docker()`: true in every container
    if _declared_attribute(mod, test):
        return ("const", True)  # `hasattr(settings, "cache")`: its class declares the field
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.In, ast.NotIn)) \
            and isinstance(test.left, ast.Constant) and isinstance(test.left.value, str) \
            and _environ_names(t, mod, test.comparators[0]):
        if test.left.value in t.runtime_env:
            return None  # set by Docker in every container
        is_set: tuple = ("set", test.left.value)  # "CI" in os.environ
        if t.container_env_flags.fullmatch(test.left.value):
            is_set = ("container", is_set)
        elif t.ci_env_flags.fullmatch(test.left.value):
            is_set = ("ci", is_set)  # "GITHUB_ACTIONS" in os.environ: a CI job's branch
        return is_set if isinstance(test.ops[0], ast.In) else ("not", is_set)
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        expr = _env_expr(t, mod, test.left, depth + 1)
        right = test.comparators[0]
        if expr is None:
            return None
        op = test.ops[0]
        right = enum_constant(mod, right) or right  # `== Kind.MONGO`: the member's value
        if isinstance(op, (ast.Eq, ast.NotEq)) and isinstance(right, ast.Constant):
            cond: tuple = ("eq", expr, (right.value,))
            if right.value in t.ci_run_values or t.ci_env_flags.fullmatch(expr[1]):
                cond = ("ci", cond)  # `ENVIRONMENT == "CI"`, `GITHUB_ACTIONS == "true"`: a CI job's branch
            return cond if isinstance(op, ast.Eq) else ("not", cond)
        if isinstance(op, (ast.Is, ast.IsNot)) and isinstance(right, ast.Constant) and right.value is None:
            cond = ("eq", expr, (None,))  # `os.getenv("X") is None`: unset (and no default)
            return cond if isinstance(op, ast.Is) else ("not", cond)
        if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
                and all(isinstance(e, ast.Constant) for e in right.elts):
            cond = ("in", expr, tuple(e.value for e in right.elts if isinstance(e, ast.Constant)))  # (all are)
            return cond if isinstance(op, ast.In) else ("not", cond)
        return None
    if isinstance(test, ast.Name):
        home, values = values_home(mod, test.id, test)
        if len(values) == 1 and isinstance(values[0], (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            return _cond(t, home, values[0], depth + 1)
        if len(values) == 1 and isinstance(values[0], ast.Call) and isinstance(values[0].func, ast.Name):
            # `TIKA = env_flag("TIKA_ENABLED", "NO")`: the test the helper returns
            helped = _helper_test(t, home, values[0], depth)
            if helped is not None:
                return helped
    if isinstance(test, ast.Attribute):
        # `if self.LOCAL:` in a method of a class whose body binds `LOCAL = os.getenv("ENV") != "PROD"`
        field = _class_field_test(mod, test)
        if field is not None:
            return _cond(t, mod, field, depth + 1)
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name) and not test.args and not test.keywords:
        # `if not url and in_dev():` with `def in_dev(): return os.environ.get("DEV") == "1"`:
        # the condition the accessor returns
        returned = _accessor_return(mod, test.func.id)
        if isinstance(returned, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            return _cond(t, mod, returned, depth + 1)
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Name):
        # `if not eligible(base): return` with `def eligible(base): if settings.mode != "edge":
        # return False ...`: a small helper whose result is false wherever the setting says so
        guard = _guard_call(t, mod, test, depth)
        if guard is not None:
            return guard
        helped = _helper_test(t, mod, test, depth)
        if helped is not None:
            return helped
    found = _setting(mod, test)
    if found is not None:
        # `if settings.USE_SENTINEL:` where settings.py has USE_SENTINEL = bool(os.getenv(...))
        return _cond(t, found[0], found[1], depth + 1)
    expr = _env_expr(t, mod, test, depth + 1)
    if expr is None:
        return None
    # `if os.getenv("IN_DOCKER"):`; `if os.getenv("GITHUB_WORKFLOW"):`, a CI job's branch
    if t.container_env_flags.fullmatch(expr[1]):
        return ("container", ("truth", expr))
    return ("ci", ("truth", expr)) if t.ci_env_flags.fullmatch(expr[1]) else ("truth", expr)

def env_read_value(t: Tables, mod: ModuleAst, expr: ast.AST, env: dict[str, str | None] | None) -> tuple[bool, Any]:
    """``(True, value)`` where ``expr`` reads the environment (``os.getenv("X", "d").lower()``,
    a constant or a setting bound to one) and ``env`` (a service's, None: unknown) gives it a
    value (the read's default where the variable is unset, None without one), else ``(False,
    None)``: no such read, or its value is not known."""
    cond = _env_expr(t, mod, expr, 0)
    if cond is None or env is None:
        return False, None
    got = _eval(cond, env)
    return (False, None) if got is _UNKNOWN else (True, got)


def env_term(t: Tables, mod: ModuleAst, expr: ast.AST) -> tuple | None:
    """``expr`` as an environment term, ``("env", VARIABLE, default, transforms)``, or None."""
    return _env_expr(t, mod, expr, 0)


def _env_expr(t: Tables, mod: ModuleAst, expr: ast.AST, depth: int) -> tuple | None:
    """``os.getenv("X", "d").lower()`` (or a module constant bound to it) as a condition term."""
    transforms: list[str] = []
    while isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Attribute) and not expr.args and expr.func.attr in _STR_METHODS:
            transforms.insert(0, expr.func.attr)
            expr = expr.func.value
            continue
        how = _converter(t, mod, expr)
        if how is None:
            program = _normalizer(mod, expr)
            if program is None:
                break
            transforms.insert(0, "~" + program)  # `_normalize(os.getenv("PROVIDER", "a"))`
            expr = expr.args[0]
            continue
        transforms.insert(0, "=" + how)  # `ast.literal_eval(os.getenv("X", "False"))`
        expr = expr.args[0]
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and len(expr.values) == 2 \
            and isinstance(expr.values[1], ast.Constant) and expr.values[1].value == "" and depth < 4:
        # `(os.getenv("X") or "").strip()`: the variable's value, "" where it is unset
        inner = _env_expr(t, mod, expr.values[0], depth + 1)
        if inner is None:
            return None
        return ("env", inner[1], "" if inner[2] is None else inner[2], inner[3] + tuple(transforms))
    found = _setting(mod, expr) if depth < 4 else None
    if found is not None:
        inner = _env_expr(t, found[0], found[1], depth + 1)
        return ("env", inner[1], inner[2], inner[3] + tuple(transforms)) if inner is not None else None
    if isinstance(expr, ast.Attribute) and depth < 4:
        # `if self.mode == "docker":` in a method, where `__init__` binds `self.mode =
        # os.getenv("MODE")`: the variable the attribute holds
        bound = _init_bound(mod, expr)
        if bound is not None:
            inner = _env_expr(t, mod, bound, depth + 1)
            if inner is not None:
                return ("env", inner[1], inner[2], inner[3] + tuple(transforms))
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and depth < 4:
        # `config.QUEUE_TYPE` where `from pkg import config` names a project module whose top
        # level binds QUEUE_TYPE = os.getenv("QUEUE_TYPE", "memory"): that read
        home, values = _module_attribute(mod, expr.value, expr.attr)
        if home is not None and len(values) == 1:
            inner = _env_expr(t, home, values[0], depth + 1)
            if inner is not None:
                return ("env", inner[1], inner[2], inner[3] + tuple(transforms))
    if isinstance(expr, ast.Attribute) and mod.settings_field is not None:
        # `settings.auth_enabled` of a settings class's instance: the variable its field reads
        term = mod.settings_field(mod, expr)
        if term is not None:
            return ("env", term[1], term[2], term[3] + tuple(transforms))
    if isinstance(expr, ast.Name) and depth < _COND_DEPTH:
        home, values = values_home(mod, expr.id, expr)
        if len(values) == 1:
            inner = _env_expr(t, home, values[0], depth + 1)
            if inner is not None:
                return ("env", inner[1], inner[2], inner[3] + tuple(transforms))
        return None
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and not expr.args and not expr.keywords \
            and depth < 4:
        inner = _accessor_read(t, mod, expr.func.id, depth)
        if inner is not None:
            return ("env", inner[1], inner[2], inner[3] + tuple(transforms))
    if isinstance(expr, ast.Subscript) and mod.qname(expr.value) in _ENVIRON:
        # `os.environ["X"] == "0"`: the variable's value, read without a default like
        # `os.getenv("X")` (unset, the read raises: the `if` side does not run either way)
        var = _literal(expr.slice)
        if not isinstance(var, str) or var in t.runtime_env:
            return None
        return ("env", var, None, tuple(transforms))
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and len(expr.args) == 1 \
            and not expr.keywords and _enum_class(mod, expr.func.id) is not None:
        # `Kind(os.getenv("X", Kind.PG.value))`: an enum of the variable's value compares by it
        return _env_expr(t, mod, expr.args[0], depth + 1) if not transforms else None
    if isinstance(expr, ast.Call):
        qn = mod.qname(expr.func, call=True) or ""
        entries = t._entries(qn)
        if not entries and isinstance(expr.func, ast.Name) and expr.func.id in mod.imports \
                and mod.imported_type is not None:
            # `from app.conf import config`, an instance of an environment reader made there
            typ = mod.imported_type(mod.imports[expr.func.id])
            entries = t._entries(f"{typ}.__call__") if typ else entries
        for entry in entries:
            if entry.role == "env" and entry.host is not None:
                var_node = _find(expr, entry.host)
                var = _literal(var_node) or implied_var(expr, entry)
                if var is None and isinstance(var_node, ast.Name):
                    vals = values_at(mod, var_node.id, var_node)
                    var = _literal(vals[0]) if len(vals) == 1 else None
                if var is None:
                    return None
                default_node = _find(expr, entry.url) if entry.url is not None else None
                default_node = enum_constant(mod, default_node) or default_node
                if default_node is None:
                    default = None
                elif isinstance(default_node, ast.Constant) and isinstance(default_node.value, (str, type(None), bool, int)):
                    default = default_node.value  # (a flag's `False` or `0` default: the variable unset is falsy)
                else:
                    return None
                if var in t.runtime_env:
                    return None  # Docker sets it in every container: its value is not the layout's
                how = _reader_conversion(t, qn, expr)
                if how is None:
                    return None  # `cast=parse_flags`: what the program sees is not known
                return ("env", var, default, (("=" + how,) if how else ()) + tuple(transforms))
        if isinstance(expr.func, ast.Name) and depth < 4:
            # `get_bool("USE_S3", default=False)`: the project's wrapper of a reader
            wrapped = _wrapper_read(mod, expr)
            if wrapped is not None:
                inner = _env_expr(t, wrapped[0], wrapped[1], depth + 1)
                if inner is not None:
                    return ("env", inner[1], inner[2], inner[3] + tuple(transforms))
    return None


def _reader_conversion(t: Tables, qn: str, call: ast.Call) -> str | None:
    """How an environment reader turns the text it reads into what the program tests: by
    its own type (``env.bool("X")``, ``rules/flow.yaml`` env_reader_types) or by its ``cast=``
    (decouple's ``config("X", cast=bool)``, env_cast_types); "" where it gives the text itself,
    None where the cast is not one we know (its result cannot be judged)."""
    how = t.env_reader_types.get(qn)
    if how is not None:
        return how
    cast = next((k.value for k in call.keywords if k.arg == "cast"), None)
    if cast is None:
        return ""
    return t.env_cast_types.get(dotted(cast) or "")


def _wrapper_read(mod: ModuleAst, call: ast.Call) -> tuple[ModuleAst, ast.AST] | None:
    """``get_bool("USE_S3", default=False)``: a call of a project function (of this module,
    or imported from one the flow reads) whose one ``return`` gives an expression of its
    parameters (``return _config(key, default=default, cast=bool)``): that expression, with
    the function's module, its parameters replaced by the literals the call gives them (or
    their defaults). None where a parameter it uses gets no literal, or the function rebinds one."""
    assert isinstance(call.func, ast.Name)
    name = call.func.id
    home: ModuleAst | None = mod
    func: ast.AST | None
    if name in mod.imports:
        found = mod.imported_function(mod.imports[name]) if mod.imported_function is not None else None
        home, func = found if found is not None else (None, None)
    else:
        func = mod.top_function(name)
    if home is None or not isinstance(func, FUNCTIONS):
        return None
    a = func.args
    if a.vararg or a.kwarg or any(isinstance(x, ast.Starred) for x in call.args) \
            or any(k.arg is None for k in call.keywords):
        return None
    positional = [*a.posonlyargs, *a.args]
    if len(call.args) > len(positional):
        return None
    with_default = positional[len(positional) - len(a.defaults):]
    bound: dict[str, ast.AST] = {p.arg: d for p, d in zip(with_default, a.defaults, strict=True)}
    bound.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None})
    bound.update({p.arg: v for p, v in zip(positional, call.args, strict=False)})  # (fewer given: the rest by keyword)
    bound.update({k.arg: k.value for k in call.keywords if k.arg is not None})
    params = {p.arg for p in (*positional, *a.kwonlyargs)}
    returns = [n for n in ast.walk(func) if isinstance(n, ast.Return) and home.function_of(n) is func]
    if len(returns) != 1 or returns[0].value is None:
        return None
    if any(isinstance(n, ast.Name) and n.id in params and not isinstance(n.ctx, ast.Load) for n in ast.walk(func)):
        return None  # `key = key.upper()`: the parameter is not what the call gave
    used = {n.id for n in ast.walk(returns[0].value) if isinstance(n, ast.Name) and n.id in params}
    if any(not isinstance(bound.get(p), ast.Constant) for p in used):
        return None

    class _Given(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            return copy.copy(bound[node.id]) if node.id in used else node

    return home, _Given().visit(copy.deepcopy(returns[0].value))


def _init_bound(mod: ModuleAst, load: ast.Attribute) -> ast.AST | None:
    """The value ``__init__`` binds to the instance attribute a method reads (``self.mode``),
    where that is the module's only assignment to an attribute of the name, a statement of
    ``__init__``'s own body (not under a branch or in a loop): then every instance holds it."""
    if not isinstance(load.value, ast.Name):
        return None
    func = mod.function_of(load)
    cls = mod.parent(func) if func is not None else None
    if func is None or not isinstance(cls, ast.ClassDef) or not _is_self(func, load.value.id):
        return None
    stores = [n for n in ast.walk(mod.tree) if isinstance(n, ast.Attribute) and n.attr == load.attr
              and isinstance(n.ctx, (ast.Store, ast.Del))]
    if len(stores) != 1:
        return None
    init = next((b for b in cls.body if isinstance(b, FUNCTIONS) and b.name == "__init__"), None)
    if init is None:
        return None
    for stmt in init.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            if len(targets) == 1 and targets[0] is stores[0] and isinstance(stores[0].value, ast.Name) \
                    and _is_self(init, stores[0].value.id):
                return stmt.value
    return None


def _class_field_test(mod: ModuleAst, load: ast.Attribute) -> ast.AST | None:
    """The test a method's ``self.<field>`` holds where the class's own body binds the field once
    to one (``LOCAL = not (os.getenv("ENV") == "PROD")``, a comparison, ``and``/``or`` or ``not``
    of the module's names alone): every instance reads that value.  None where the module stores
    an attribute of that name anywhere (``self.LOCAL = ...``), another class of the module binds
    it too (a subclass may override it), or the test reads a name the class body binds."""
    if not isinstance(load.value, ast.Name):
        return None
    func = mod.function_of(load)
    cls = mod.parent(func) if func is not None else None
    if func is None or not isinstance(cls, ast.ClassDef) or mod.parent(cls) is not mod.tree \
            or not _is_self(func, load.value.id):
        return None
    field = load.attr

    def binds(c: ast.ClassDef) -> list[ast.AST]:
        out: list[ast.AST] = []
        for stmt in c.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else \
                [stmt.target] if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []
            if any(isinstance(x, ast.Name) and x.id == field for tgt in targets for x in ast.walk(tgt)):
                out.append(stmt)
            elif isinstance(stmt, (*FUNCTIONS, ast.ClassDef)) and stmt.name == field:
                out.append(stmt)
        return out

    own = binds(cls)
    if len(own) != 1 or not isinstance(own[0], ast.Assign) or len(own[0].targets) != 1 \
            or not isinstance(own[0].targets[0], ast.Name):
        return None
    value = own[0].value
    if not isinstance(value, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
        return None
    if any(isinstance(n, ast.ClassDef) and n is not cls and binds(n) for n in ast.walk(mod.tree)):
        return None
    if any(isinstance(n, ast.Attribute) and n.attr == field and isinstance(n.ctx, (ast.Store, ast.Del))
           for n in ast.walk(mod.tree)):
        return None
    in_class = {x.id for stmt in cls.body if isinstance(stmt, (ast.Assign, ast.AnnAssign))
                for tgt in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
                for x in ast.walk(tgt) if isinstance(x, ast.Name)}
    if any(isinstance(n, ast.Name) and n.id in in_class for n in ast.walk(value)):
        return None
    return value


def _is_self(func: ast.AST, name: str) -> bool:
    """``name`` is the first positional parameter of method ``func`` (a plain method: not a
    static or class method)."""
    if not isinstance(func, FUNCTIONS) or any(dotted(d) in ("staticmethod", "classmethod")
                                              for d in func.decorator_list):
        return False
    params = func.args.posonlyargs + func.args.args
    return bool(params) and params[0].arg == name


_STR_METHODS = ("lower", "upper", "strip", "casefold")
# the mapping of the process environment (`from os import environ` resolves to it too)
_ENVIRON = ("os.environ",)


def _converter(t: Tables, mod: ModuleAst, call: ast.Call) -> str | None:
    """How ``call`` converts the one argument it is given (``rules/flow.yaml``
    env_converters: ``ast.literal_eval`` -> "literal"), or None for any other call."""
    if len(call.args) != 1 or call.keywords or isinstance(call.args[0], ast.Starred):
        return None
    qn = mod.qname(call.func) or ""
    how = t.env_converters.get(qn)
    if how is None and "." in qn and isinstance(call.func, ast.Name):
        how = t.env_converters.get(qn.rsplit(".", 1)[-1])  # strtobool imported from a helper module
    return how


def _normalizer(mod: ModuleAst, call: ast.Call) -> str | None:
    """A call of a project helper that only normalizes the one text it is given
    (``def _normalize(name): p = (name or "a").strip().lower(); return p if p in _ALLOWED
    else "a"``), as a program ``_run_normalizer`` runs on the variable's value: the helper's
    body compiled to nested tuples (assignments to local names, ``if``, ``return``; names of
    the parameter, of locals, of module constants bound once to strings or collections of
    strings; ``or``/``and``, the string methods of ``_STR_METHODS``, conditional expressions,
    ``==``/``!=``/``in``/``not in``).  None for any other call or body."""
    if len(call.args) != 1 or call.keywords or not isinstance(call.func, ast.Name) \
            or isinstance(call.args[0], ast.Starred):
        return None
    found = _guard_function(mod, call)
    if found is None:
        return None
    home, func = found
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    if len(params) != 1 or func.args.vararg or func.args.kwarg or func.args.kwonlyargs \
            or func.args.defaults:
        return None
    try:
        body = _compile_body(home, func.body, params[0], 0)
    except _NotNormal:
        return None
    return repr(body)


class _NotNormal(Exception):
    """A helper's body does more than normalize its text."""


def _compile_body(mod: ModuleAst, body: list[ast.stmt], param: str, depth: int) -> tuple:
    if depth > 3:
        raise _NotNormal
    out: list[tuple] = []
    for stmt in body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            continue  # a docstring
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                and stmt.targets[0].id != param:
            out.append(("set", stmt.targets[0].id, _compile_expr(mod, stmt.value, param, 0)))
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            out.append(("return", _compile_expr(mod, stmt.value, param, 0)))
        elif isinstance(stmt, ast.If):
            out.append(("if", _compile_expr(mod, stmt.test, param, 0),
                        _compile_body(mod, stmt.body, param, depth + 1),
                        _compile_body(mod, stmt.orelse, param, depth + 1)))
        else:
            raise _NotNormal
    return tuple(out)


def _compile_expr(mod: ModuleAst, expr: ast.AST, param: str, depth: int) -> tuple:
    if depth > 8:
        raise _NotNormal
    if isinstance(expr, ast.Constant) and (expr.value is None or isinstance(expr.value, (str, bool, int))):
        return ("const", expr.value)
    if isinstance(expr, ast.Name):
        if expr.id == param:
            return ("arg",)
        around = mod.function_of(expr)
        if around is not None and _assigned_in(around, expr.id):
            return ("local", expr.id)
        return ("const", _constant_strings(mod, expr.id))
    if isinstance(expr, ast.BoolOp) and len(expr.values) == 2:
        joined = "or" if isinstance(expr.op, ast.Or) else "and"
        return (joined, _compile_expr(mod, expr.values[0], param, depth + 1),
                _compile_expr(mod, expr.values[1], param, depth + 1))
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args \
            and not expr.keywords and expr.func.attr in _STR_METHODS:
        return ("meth", expr.func.attr, _compile_expr(mod, expr.func.value, param, depth + 1))
    if isinstance(expr, ast.IfExp):
        return ("ifexp", _compile_expr(mod, expr.test, param, depth + 1),
                _compile_expr(mod, expr.body, param, depth + 1), _compile_expr(mod, expr.orelse, param, depth + 1))
    if isinstance(expr, ast.Compare) and len(expr.ops) == 1:
        found_op = {ast.Eq: "==", ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in"}.get(type(expr.ops[0]))
        if found_op is None:
            raise _NotNormal
        op = found_op
        right = expr.comparators[0]
        if isinstance(right, (ast.Tuple, ast.List, ast.Set)):
            items = [e.value for e in right.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(items) != len(right.elts):
                raise _NotNormal
            compiled: tuple = ("const", tuple(items))
        else:
            compiled = _compile_expr(mod, right, param, depth + 1)
        return ("cmp", op, _compile_expr(mod, expr.left, param, depth + 1), compiled)
    raise _NotNormal


def _assigned_in(func: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store) for n in ast.walk(func))


def _constant_strings(mod: ModuleAst, name: str) -> Any:
    """The value the module binds ``name`` to once at its top level: a string, or a collection
    of strings written out (``frozenset({"a", "b"})``, a set, a tuple, a list) as a tuple."""
    values = [st.value for st in mod.tree.body if isinstance(st, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == name for t in st.targets)]
    values += [st.value for st in mod.tree.body if isinstance(st, ast.AnnAssign) and st.value is not None
               and isinstance(st.target, ast.Name) and st.target.id == name]
    if len(values) != 1:
        raise _NotNormal
    value = values[0]
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("frozenset", "set", "tuple") \
            and len(value.args) == 1 and not value.keywords:
        value = value.args[0]
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, (ast.Tuple, ast.List, ast.Set)) \
            and all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
        return tuple(e.value for e in value.elts)  # type: ignore[attr-defined]
    raise _NotNormal


def _run_normalizer(program: str, value: Any) -> Any:
    """The value a normalizing helper compiled by ``_normalizer`` returns for ``value``;
    _UNKNOWN where the program does not end in a return or meets a value it does not read."""
    try:
        body = ast.literal_eval(program)
    except (ValueError, SyntaxError):
        return _UNKNOWN
    local: dict[str, Any] = {}
    got = _run_stmts(body, value, local)
    return _UNKNOWN if got is _NO_RETURN else got


_NO_RETURN = object()


def _run_stmts(body: tuple, arg: Any, local: dict[str, Any]) -> Any:
    for stmt in body:
        if stmt[0] == "set":
            local[stmt[1]] = _run_expr(stmt[2], arg, local)
        elif stmt[0] == "return":
            return _run_expr(stmt[1], arg, local)
        elif stmt[0] == "if":
            test = _run_expr(stmt[1], arg, local)
            if test is _UNKNOWN:
                return _UNKNOWN
            got = _run_stmts(stmt[2] if test else stmt[3], arg, local)
            if got is not _NO_RETURN:
                return got
    return _NO_RETURN


def _run_expr(expr: tuple, arg: Any, local: dict[str, Any]) -> Any:
    kind = expr[0]
    if kind == "const":
        return expr[1]
    if kind == "arg":
        return arg
    if kind == "local":
        return local.get(expr[1], _UNKNOWN)
    if kind in ("or", "and"):
        left = _run_expr(expr[1], arg, local)
        if left is _UNKNOWN:
            return _UNKNOWN
        if kind == "or":
            return left if left else _run_expr(expr[2], arg, local)
        return _run_expr(expr[2], arg, local) if left else left
    if kind == "meth":
        inner = _run_expr(expr[2], arg, local)
        return getattr(inner, expr[1])() if isinstance(inner, str) else _UNKNOWN
    if kind == "ifexp":
        test = _run_expr(expr[1], arg, local)
        if test is _UNKNOWN:
            return _UNKNOWN
        return _run_expr(expr[2] if test else expr[3], arg, local)
    if kind == "cmp":
        left, right = _run_expr(expr[2], arg, local), _run_expr(expr[3], arg, local)
        if left is _UNKNOWN or right is _UNKNOWN:
            return _UNKNOWN
        op = expr[1]
        if op in ("in", "not in"):
            if not isinstance(right, (tuple, str)) or not isinstance(left, str):
                return _UNKNOWN
            return (left in right) == (op == "in")
        return (left == right) == (op == "==")
    return _UNKNOWN


_TRUE_WORDS = ("y", "yes", "t", "true", "on", "1")
_FALSE_WORDS = ("n", "no", "f", "false", "off", "0")
_JSON_WORDS = {"true": True, "false": False, "null": None}


def false_word(text: str) -> bool:
    """``text`` is a word pydantic and strtobool read as false (``false``, ``0``, ``no``,
    ``off``; letter case and surrounding blanks ignored)."""
    return text.strip().lower() in _FALSE_WORDS


def _converted(value: Any, how: str) -> Any:
    """``value`` as the converter ``how`` gives it; _UNKNOWN where that raises or is not read
    (the program would stop there: no branch of ours is decided by it)."""
    if how == "bool":
        return bool(value)
    if how == "flag":
        # a boolean as a typed reader parses it (a pydantic settings field annotated `bool`,
        # decouple's `cast=bool`, `env.bool`): its default as written, a string by the same
        # words as strtobool (letter case ignored); anything else raises or reads differently
        # from reader to reader (django-environ's "ok" is true): unknown
        if not isinstance(value, str):
            return value
        low = value.strip().lower()
        return True if low in _TRUE_WORDS else False if low in _FALSE_WORDS else _UNKNOWN
    if not isinstance(value, str):
        return value if how == "int" and isinstance(value, int) else _UNKNOWN
    text = value.strip()
    if how == "literal":
        if text in _JSON_WORDS:  # json.loads
            return _JSON_WORDS[text]
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            return _UNKNOWN
        return parsed if isinstance(parsed, (bool, int, float, str, type(None))) else _UNKNOWN
    if how == "strtobool":
        low = text.lower()
        return 1 if low in _TRUE_WORDS else 0 if low in _FALSE_WORDS else _UNKNOWN
    if how == "int":
        try:
            return int(text)
        except ValueError:
            return _UNKNOWN
    return _UNKNOWN


def _setting(mod: ModuleAst, node: ast.AST) -> tuple[ModuleAst, ast.AST] | None:
    """A read of a Django setting, ``settings.NAME`` or ``getattr(settings, "NAME"[, default])``
    (``settings`` being ``django.conf.settings``): the one value the settings modules searched
    bind it to, with its module; None where it is no such read, or where they bind it to none
    or to several (settings per environment, chosen by DJANGO_SETTINGS_MODULE)."""
    if isinstance(node, ast.Attribute):
        base, name = node.value, node.attr
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
            and "getattr" not in mod.imports and len(node.args) in (2, 3) and not node.keywords \
            and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str):
        base, name = node.args[0], node.args[1].value
    else:
        return None
    if not (mod.qname(base) or "").endswith("conf.settings") or mod.setting_values is None:
        return None
    found = mod.setting_values(name)
    return found[0] if len(found) == 1 else None


def _accessor_read(t: Tables, mod: ModuleAst, name: str, depth: int) -> tuple | None:
    """``get_backend()``, a function of this module without parameters whose one ``return``
    gives an environment read (``value = os.getenv("BACKEND")``, checks, ``return
    value.lower()``): that read, as a condition term."""
    returned = _accessor_return(mod, name)
    return _env_expr(t, mod, returned, depth + 1) if returned is not None else None


def _accessor_return(mod: ModuleAst, name: str) -> ast.AST | None:
    """The value of the one ``return`` of ``name``, a module-level function of ``mod``
    without parameters (None for anything else)."""
    defs = [d for d in mod.functions.get(name) or () if mod.parent(d) is mod.tree]
    if len(defs) != 1 or not isinstance(defs[0], FUNCTIONS):
        return None
    func = defs[0]
    a = func.args
    if a.posonlyargs or a.args or a.kwonlyargs or a.vararg or a.kwarg:
        return None
    returns = [n for n in ast.walk(func) if isinstance(n, ast.Return) and mod.function_of(n) is func]
    if len(returns) != 1:
        return None
    return returns[0].value


# how many statements (at any depth) a helper whose result gates a branch may hold
_GUARD_STATEMENTS = 15


def _guard_call(t: Tables, mod: ModuleAst, call: ast.Call, depth: int) -> tuple | None:
    """The condition a call of a small project helper is, where its body tests settings the
    environment gives: ``def remote(): return settings.mode == "remote"`` (the test it returns,
    written on no parameter), or ``def eligible(base): if settings.mode != "edge": return False``
    followed by anything (false wherever a leading ``if ...: return False`` holds, unknown
    elsewhere: ``("and", ("not", c), ("unknown",))``).  Only an undecorated synchronous
    module-level ``def`` of this module or of one it imports it from, bound once; a guard that
    tests a parameter, or an ``and`` with a part on no setting, decides nothing."""
    if depth > _COND_DEPTH or not isinstance(call.func, ast.Name):
        return None
    found = _guard_function(mod, call)
    if found is None:
        return None
    home, func = found
    a = func.args
    params = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x is not None}
    body = func.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if not body or sum(isinstance(n, ast.stmt) for n in ast.walk(func)) > _GUARD_STATEMENTS + 1:
        return None

    def on_params(expr: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in params for n in ast.walk(expr))

    def exact(expr: ast.AST) -> bool:
        # (`_cond` keeps the known parts of an `and` and drops the others: a narrowing that
        # holds for a branch taken, not for its negation)
        return not on_params(expr) and all(
            _cond(t, home, v, depth + 2) is not None for n in ast.walk(expr)
            if isinstance(n, ast.BoolOp) and isinstance(n.op, ast.And) for v in n.values)

    if len(body) == 1 and isinstance(body[0], ast.Return) \
            and isinstance(body[0].value, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
        returned = body[0].value
        return _cond(t, home, returned, depth + 1) if exact(returned) else None
    guards: list[tuple] = []
    for stmt in body:
        if not (isinstance(stmt, ast.If) and not stmt.orelse and len(stmt.body) == 1
                and isinstance(stmt.body[0], ast.Return) and _falsy_return(stmt.body[0])):
            break
        cond = _cond(t, home, stmt.test, depth + 1) if exact(stmt.test) else None
        if cond is not None:
            guards.append(("not", cond))
    if not guards:
        return None
    out = guards[0]
    for g in guards[1:]:
        out = ("and", out, g)
    return ("and", out, ("unknown",))


def _helper_test(t: Tables, mod: ModuleAst, call: ast.Call, depth: int) -> tuple | None:
    """The condition a call of a project helper is where its one ``return`` tests its
    parameters (``def env_flag(key, default="NO"): return bool(os.getenv(key,
    default).lower() in ("yes", "1"))``) and the call gives each a literal: that test with the
    literals in place (``_wrapper_read``), as if written inline.  None otherwise."""
    if depth >= 4 or not isinstance(call.func, ast.Name):
        return None
    wrapped = _wrapper_read(mod, call)
    if wrapped is None or not isinstance(wrapped[1], (ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Call)):
        return None
    home, expr = wrapped
    if isinstance(expr, ast.Call) and not (isinstance(expr.func, ast.Name) and expr.func.id == "bool"):
        return None  # (a read the caller's `_env_expr` follows: `return os.getenv(key, default)`)
    return _cond(t, home, expr, depth + 1)


def _falsy_return(stmt: ast.Return) -> bool:
    """``return``, ``return False``, ``return None``, ``return 0``, ``return ""``."""
    return stmt.value is None or isinstance(stmt.value, ast.Constant) and not stmt.value.value


def _guard_function(mod: ModuleAst, call: ast.Call) -> tuple[ModuleAst, ast.FunctionDef] | None:
    """The module-level ``def`` a call by a bare name runs (of ``mod``, or imported from a project
    module), with its module: a synchronous function without decorators, bound once."""
    assert isinstance(call.func, ast.Name)
    name = call.func.id
    if isinstance(mod.binding_scope(call, name), FUNCTIONS):
        return None
    found: tuple[ModuleAst, ast.AST] | None = None
    defs = mod.functions.get(name) or []
    if defs:
        if len(defs) != 1 or mod.parent(defs[0]) is not mod.tree or name in mod.imports \
                or assigned_values(mod, name, mod.tree):
            return None
        found = (mod, defs[0])
    elif name in mod.imports and mod.imported_function is not None:
        found = mod.imported_function(mod.imports[name])
        if found is not None:
            home, qual = found[0], mod.imports[name].rpartition(".")[2]
            if len(home.functions.get(qual) or []) != 1 or assigned_values(home, qual, home.tree):
                return None
    if found is None or not isinstance(found[1], ast.FunctionDef) or found[1].decorator_list:
        return None
    return found[0], found[1]


def _enum_class(mod: ModuleAst, name: str) -> ast.ClassDef | None:
    """The module's class ``name`` if it is an enumeration (a base named ``*Enum``)."""
    cls = mod.classes.get(name)
    if cls is None or not any((dotted(b) or "").rsplit(".", 1)[-1].endswith("Enum") for b in cls.bases):
        return None
    return cls


def enum_constant(mod: ModuleAst, node: ast.AST | None) -> ast.Constant | None:
    """``Kind.PG`` / ``Kind.PG.value`` of an enumeration of this module, or of the project
    module an import of its name binds (``from app.settings import Kind``): the literal its
    member is assigned (enum members compare with each other as their values do)."""
    if isinstance(node, ast.Attribute) and node.attr == "value":
        node = node.value
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return None
    home, name = mod, node.value.id
    if name not in mod.classes and name in mod.imports and mod.imported_class is not None \
            and not isinstance(mod.binding_scope(node.value, name), FUNCTIONS):
        found = mod.imported_class(mod.imports[name])
        if found is None:
            return None
        home, name = found[0], found[1].name
    cls = _enum_class(home, name)
    values = assigned_values(home, node.attr, cls) if cls is not None else []
    return values[0] if len(values) == 1 and isinstance(values[0], ast.Constant) else None


def values_home(mod: ModuleAst, name: str, at: ast.AST) -> tuple[ModuleAst, list[ast.AST]]:
    """``values_at``, with the module whose names those values read: the module that binds an
    imported name (``from .constants import ENABLE_OTEL``, bound there to ``os.getenv(ENV_NAME,
    "false") == "true"`` with ``ENV_NAME`` a constant of that module), else ``mod``."""
    if not isinstance(mod.binding_scope(at, name), FUNCTIONS) and name in mod.imports \
            and mod.imported_home is not None and not assigned_values(mod, name, mod.tree):
        home = mod.imported_home(mod.imports[name])
        if home is not None:
            return home, assigned_values(home, mod.imports[name].rpartition(".")[2], home.tree)
    return mod, values_at(mod, name, at)


def _module_attribute(mod: ModuleAst, base: ast.Name, attr: str) -> tuple[ModuleAst | None, list[ast.AST]]:
    """The module ``base`` names by an import (``from pkg import config``, ``import
    pkg.config as config``) and the values its top level binds ``attr`` to; (None, []) where
    ``base`` is bound in this module (a local object, not a module) or names no project module."""
    if base.id not in mod.imports or mod.imported_home is None or assigned_values(mod, base.id, mod.tree) \
            or isinstance(mod.binding_scope(base, base.id), FUNCTIONS):
        return None, []
    qual = f"{mod.imports[base.id]}.{attr}"
    home = mod.imported_home(qual)
    if home is None:
        return None, []
    return home, assigned_values(home, attr, home.tree)


def values_at(mod: ModuleAst, name: str, at: ast.AST) -> list[ast.AST]:
    """The values ``name`` may hold where ``at`` reads it: in a function that binds it, those
    assigned to it in the function before ``at`` (``url = os.getenv("X")`` / ``if not url:``);
    elsewhere, the module's."""
    func = mod.binding_scope(at, name)
    if not isinstance(func, FUNCTIONS):
        values = assigned_values(mod, name, mod.tree)
        if not values and name in mod.imports and mod.imported is not None:
            return mod.imported(mod.imports[name])  # from app.names import USER_VAR
        return values
    line = getattr(at, "lineno", 0)
    stmts: list[tuple[ast.stmt, ast.AST]] = [
        (stmt, stmt.value) for stmt in ast.walk(func)
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None and stmt.lineno < line
        and any(isinstance(t, ast.Name) and t.id == name
                for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]))]
    last = max(stmts, key=lambda sv: sv[0].lineno, default=None)
    if last is not None and any(st is last[0] for st in getattr(func, "body", ())):
        # the latest assignment is a statement of the function's own body, not inside a branch
        # or a loop: every way to `at` passes it, so the earlier values are replaced there
        # (`flag = os.getenv("X", "").lower()` then `flag = flag and flag not in ("0", "false")`)
        return [last[1]]
    return [value for _, value in stmts]


# builtins that copy a mapping's keys: `"X" in list(os.environ)` tests what `"X" in os.environ` does
# (`dict(os.environ)` copies the mapping whole, its keys with it)
_KEY_COPIES = ("list", "set", "frozenset", "tuple", "sorted", "dict")


def _environ_names(t: Tables, mod: ModuleAst, expr: ast.AST) -> bool:
    """``expr`` holds the names of the process's environment variables: ``os.environ`` (or a
    mapping of ``env_mappings``, ``env = environ.Env()``), its ``.keys()``, or a copy of either
    made by a builtin the module does not rebind (``list(os.environ.keys())``), so that
    ``"X" in expr`` tests whether the variable is set."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in _KEY_COPIES \
            and len(expr.args) == 1 and not expr.keywords and mod.builtin_here(expr.func.id):
        expr = expr.args[0]
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "keys" \
            and not expr.args and not expr.keywords:
        expr = expr.func.value
    return (dotted(expr) or "").endswith("environ") or mod.qname(expr) in t.env_mappings


def _argv_list(mod: ModuleAst, expr: ast.AST, depth: int) -> bool:
    """``expr`` is the process's command line: ``sys.argv`` or a slice of it, a local name
    bound only to one, or a parameter (never bound again) of a function of the module that
    only calls written out in the module name, each handing it such a value
    (``def main(args): ...`` with ``main(sys.argv)``)."""
    if depth > _COND_DEPTH:
        return False
    if isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Slice):
        expr = expr.value  # sys.argv[1:]
    if mod.qname(expr) == "sys.argv":
        return True
    if not isinstance(expr, ast.Name):
        return False
    func = mod.binding_scope(expr, expr.id)
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    values = values_at(mod, expr.id, expr)
    if values:
        return all(_argv_list(mod, v, depth + 1) for v in values)
    params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    if expr.id not in params or any(isinstance(n, ast.Name) and n.id == expr.id and not isinstance(n.ctx, ast.Load)
                                    for n in ast.walk(func)):
        return False
    if mod.class_of(func) is not None:
        return False  # a method: its calls go through objects this module does not show
    index = params.index(expr.id)
    calls = 0
    for n in ast.walk(mod.tree):
        if not (isinstance(n, ast.Name) and n.id == func.name and isinstance(n.ctx, ast.Load)):
            continue
        call = mod.parent(n)
        if not (isinstance(call, ast.Call) and call.func is n) or call.keywords \
                or len(call.args) <= index or any(isinstance(a, ast.Starred) for a in call.args):
            return False  # handed on, or given its argument in a way not read here
        if not _argv_list(mod, call.args[index], depth + 1):
            return False
        calls += 1
    return calls > 0


def _maintenance_check(t: Tables, mod: ModuleAst, test: ast.AST, depth: int) -> bool:
    """``sys.argv[1:2] == ["flush"]`` (or a name bound to it, or an ``or`` of them): a check of
    the process's subcommand against maintenance commands only (``rules/flow.yaml``)."""
    if depth > 4:
        return False
    if isinstance(test, ast.Name):
        values = values_at(mod, test.id, test)
        return len(values) == 1 and _maintenance_check(t, mod, values[0], depth + 1)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return all(_maintenance_check(t, mod, v, depth + 1) for v in test.values)
    if not isinstance(test, ast.Compare):
        return False
    names = {dotted(n) for n in ast.walk(test) if isinstance(n, (ast.Attribute, ast.Name))}
    words = {n.value for n in ast.walk(test) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return bool(names & {"sys.argv", "argv"}) and bool(words) and words <= t.maintenance



def container_check(t: Tables, mod: ModuleAst, test: ast.AST) -> bool:
    """``test`` asks whether the process runs in a container: a call of a function named so
    (``in_docker()``, ``rules/flow.yaml`` container_checks), a test of a file only containers
    have (``os.path.exists("/.dockerenv")``, ``Path("/.dockerenv").exists()``), or a call of a
    function of this module whose body tests one."""
    if not isinstance(test, ast.Call):
        return False
    name = dotted(test.func) or ""
    if name and t.container_checks.fullmatch(name.rsplit(".", 1)[-1]):
        return True
    inner = test.func.value if isinstance(test.func, ast.Attribute) else None
    for call in (test, inner):
        if isinstance(call, ast.Call) and any(isinstance(a, ast.Constant) and a.value in t.container_markers
                                              for a in call.args):
            return True
    if isinstance(test.func, ast.Name):
        for d in mod.functions.get(test.func.id) or ():
            if mod.parent(d) is mod.tree and any(isinstance(n, ast.Constant) and n.value in t.container_markers
                                                 for n in ast.walk(d)):
                return True
    return False


def container_side(t: Tables, mod: ModuleAst, test: ast.AST) -> bool | None:
    """For ``a if TEST else b``: True when TEST is a container check (``a`` runs in a
    container), False when it is one negated (``b`` does), None otherwise."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = container_side(t, mod, test.operand)
        return None if inner is None else not inner
    return True if container_check(t, mod, test) else None


def gate_env(svc: Any) -> dict[str, str | None] | None:
    """A service's environment for judging its branches (:meth:`Gate.holds`): ``service_env``,
    or, where that is unknown because an env_file is not in the tree, the variables its
    ``environment`` key sets (a :class:`PartialEnv`; Compose gives them over any env_file's:
    ``IS_DOCKER: "true"`` beside an absent ``.env`` decides ``if IS_DOCKER``), None where it
    sets none."""
    env = service_env(svc)
    return env if env is not None else _partial_env(svc, "environment")


def service_env(svc: Any) -> dict[str, str | None] | None:
    """A service's environment as the code reads it, for :meth:`Gate.holds` (None: unknown,
    nothing is ruled out; a value built at run time: None)."""
    if svc.env_unknown:
        return None
    return {v.name: _read_value(v) for v in svc.environment}


def _read_value(var: Any) -> str | None:
    """A variable's value as the code reads it; None where it is built at run time."""
    return var.value.value if var.value is not None and "\x00" not in var.value.value else None


def _partial_env(svc: Any, origin: str) -> PartialEnv | None:
    """The variables of ``svc`` set where ``origin`` says (its ``environment`` key, its image's
    ENV), as a :class:`PartialEnv`; None where it sets none there."""
    known = {v.name: _read_value(v) for v in svc.environment if v.origin == origin}
    return PartialEnv(known) if known else None


def selection_env(svc: Any) -> dict[str, str | None] | None:
    """A service's environment for choosing what its code selects (a configuration class, a
    mapping's entry, by an option word or an environment read): ``service_env``, or, for a
    container no Compose service runs (``docker run`` may set anything, so its environment is
    unknown), the variables its image's own ENV sets (a :class:`PartialEnv`): the image as
    built selects by them, and another value is an operator's override.  Not for judging
    fallbacks (a default a variable may replace): only which class or entry is chosen."""
    env = service_env(svc)
    if env is not None or not svc.implicit:
        return env
    return _partial_env(svc, "dockerfile")
