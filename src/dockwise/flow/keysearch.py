"""Which entries of a configuration mapping a service's container may load.

A configuration class named only as an entry of a module-level mapping (``config =
{"development": DevConfig, "production": ProdConfig}``: ``flow/selection.py``) is loaded only
where a lookup the container runs can take its key.  This module finds the values a key takes
in a container: a string literal, an environment read (the service's value, else the read's
default), ``a or b``, ``a if c else b``, a local name's assignments, a factory's parameter (its
default and what the calls the container runs pass), and ``self.<attr>`` set in the class's
methods.  Any use of the mapping that is not such a lookup, or a key of unknown value, may take
every entry.

:class:`MappingLookups` is a part of :class:`dockwise.flow.called.Called`: it searches with
the per-service indices Called keeps (the modules a service runs, the mentions of a name,
the services that share one answer).
"""
from __future__ import annotations

import ast
import re
from typing import Any, Callable

from dockwise.flow.flagparams import given_option_words
from dockwise.flow.gates import env_read_value, selection_env, values_at
from dockwise.flow.selection import NO_ENTRY, UNKNOWN_USE, is_param, lookups, method_param, param_values
from dockwise.flow.sinks import tables
from dockwise.layout.model import Service
from dockwise.words import has_whole

__all__ = ["MappingLookups"]

# the string methods whose result a key's value decides alone (`kind.lower()`)
_STR_METHODS = ("lower", "upper", "strip", "casefold")


class MappingLookups:
    """The configuration-mapping key search of :class:`~dockwise.flow.called.Called`."""

    # kept by Called (see its __init__)
    knowledge: Any
    runs: Any
    source: Callable[[str], str | None]
    flow_for: Callable[[Service], Any]
    _module_sets: dict[int, frozenset[str]]
    _lookups: dict[tuple, bool]

    def view(self, svc: Service) -> tuple:
        raise NotImplementedError  # Called.view

    def _env_key(self, svc: Service) -> tuple | None:
        raise NotImplementedError  # Called._env_key

    def _every_texts(self) -> list[tuple[str, str]]:
        raise NotImplementedError  # Called._every_texts

    def _mentions(self, name: str) -> dict[str, tuple[tuple[int, ...], tuple[int, ...], bool]]:
        raise NotImplementedError  # Called._mentions

    def _looked_up(self, svc: Service, rel: str, mapping: str, keys: frozenset[str]) -> bool:
        """Whether code ``svc`` runs may look up one of ``keys`` in the module-level mapping
        ``mapping`` of ``rel`` (flow/selection.py): each load of the mapping there, or where a
        module imports it from ``rel``, is a lookup whose key's values in the container are
        known and none of them is one of ``keys``; any other use, or a key of unknown value,
        may take them.  Services that run the same modules with the same environment share
        the answer."""
        key = (self.view(svc), self._env_key(svc), rel, mapping, keys)
        hit = self._lookups.get(key)
        if hit is None:
            hit = self._lookups[key] = self._looks_up(svc, rel, mapping, keys)
        return hit

    def _looks_up(self, svc: Service, rel: str, mapping: str, keys: frozenset[str]) -> bool:
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        owner = flow.module(rel)
        if owner is None or not owner.module:
            return True
        # reached under another name (`from app.config import config as cfgs`, `app.config.config`
        # through the module): uses we do not follow, which may take any key
        for module, text in self._every_texts():
            if module in mine and module != rel and owner.module.rpartition(".")[2] in text:
                mod = flow.module(module)
                if mod is None or has_whole(text, f"{owner.module}.{mapping}") \
                        or any(q == f"{owner.module}.{mapping}" and local != mapping
                               or q == owner.module and has_whole(text, f"{local}.{mapping}")
                               for local, q in mod.imports.items()):
                    return True
        return self._live_loads_take(svc, mapping, keys, lambda mod, module, live: [
            n for n in mod.loads(mapping) if n.lineno in live and isinstance(n.ctx, ast.Load)
            and self._reads_mapping(mod, n, owner if module != rel else None)])

    def _live_loads_take(self, svc: Service, name: str, keys: frozenset[str],
                         pick: Callable[[Any, str, set[int]], list]) -> bool:
        """Some module ``svc`` runs that names ``name`` on lines it runs reads it (``pick``:
        those reads, given the module, its path and the lines that run) where the key looked
        up may be one of ``keys`` (``_takes``); a module that does not parse may."""
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        for module, (lines, _, _) in self._mentions(name).items():
            if module not in mine:
                continue
            mod = flow.module(module)
            if mod is None:
                return True
            live = {line for line in lines if self.runs.runs_line(svc, module, line)}
            if self._takes(svc, mod, pick(mod, module, live), keys):
                return True
        return False

    def _takes(self, svc: Service, mod: Any, loads: list, keys: frozenset[str]) -> bool:
        """One of the uses ``loads`` of a mapping may load an entry under one of ``keys``."""
        for key in lookups(mod, loads):
            if key is NO_ENTRY:
                continue
            values = None if key is UNKNOWN_USE else self._key_values(svc, mod, key, 0)  # type: ignore[arg-type]
            if values is None or values & keys:
                return True
        return False

    def _local_looked_up(self, svc: Service, mod: Any, line: int, name: str, uses: list,
                         keys: frozenset[str]) -> bool:
        """Whether code ``svc`` runs may look up one of ``keys`` in the mapping literal of a
        function that writes ``name`` on ``line`` of ``mod`` (flow/selection.py
        ``local_mapping_keys``; ``uses``: the literal looked up in place, or the loads of the
        local it is bound to): each use is a lookup whose key's values in the container are
        known (an environment read, a parameter every call leaves to its default or gives a
        literal) and none of them is one of ``keys``; any other use, or a key of unknown value,
        may take them."""
        key = (self.view(svc), self._env_key(svc), mod.rel, line, name, keys)
        hit = self._lookups.get(key)
        if hit is None:
            hit = self._lookups[key] = self._takes(svc, mod, uses, keys)
        return hit

    def _branch_taken(self, svc: Service, mod: Any, param: ast.Name, keys: frozenset[str], others: bool) -> bool:
        """Whether the parameter a branch tests (``if mode == "local": return LocalSettings``,
        flow/selection.py ``branch_keys``) may hold one of ``keys`` in ``svc`` (``others``: a
        value other than them, the ``else`` or ``case _:`` arm): what the calls there pass is
        known and none of it takes the arm, else it may."""
        values = self._key_values(svc, mod, param, 0)
        if values is None:
            return True
        return bool(values - keys) if others else bool(values & keys)

    def _class_looked_up(self, svc: Service, rel: str, cls: str, attr: str, keys: frozenset[str]) -> bool:
        """Whether code ``svc`` runs may look up one of ``keys`` in the mapping the class ``cls``
        of ``rel`` binds to its attribute ``attr`` (flow/selection.py ``class_mapping_keys``):
        each read of an attribute of that name there (``cls._kinds``, ``self._kinds``,
        ``StoreFactory._kinds``, whatever the object) is a lookup whose key's values in the
        container are known and none of them is one of ``keys``; a read by a computed name
        (``getattr``), any other use or a key of unknown value may take them."""
        key = (self.view(svc), self._env_key(svc), rel, f"{cls}.{attr}", keys)
        hit = self._lookups.get(key)
        if hit is None:
            hit = self._lookups[key] = self._class_looks_up(svc, attr, keys)
        return hit

    def _class_looks_up(self, svc: Service, attr: str, keys: frozenset[str]) -> bool:
        mine = self._module_sets[id(svc)]
        for module in mine:
            text = self.source(module)
            if text is None or "getattr(" in text and attr in text:
                return True
        return self._live_loads_take(svc, attr, keys, lambda mod, module, live: [
            n for n in mod.attr_loads(attr) if n.lineno in live and isinstance(n.ctx, ast.Load)])

    @staticmethod
    def _reads_mapping(mod: Any, node: ast.Name, owner: Any) -> bool:
        """``node`` reads the module-level mapping of its own module (``owner`` None), or the one
        ``owner`` defines through an import (the module's, or one inside the function:
        ``from app.config import config_by_name`` in ``create_app``); another object of that
        name (a local ``config``) is not it."""
        scope = mod.binding_scope(node, node.id)
        if owner is None:
            return scope is mod.tree
        qual = mod.local_import(node, node.id) if scope is not mod.tree else mod.imports.get(node.id)
        return bool(owner.module) and qual == f"{owner.module}.{node.id}"

    def _key_values(self, svc: Service, mod: Any, expr: ast.AST, depth: int) -> set | None:
        """The values ``expr`` of ``mod`` may take in ``svc``'s container (None stands for an
        unset variable read without a default), or None where they are not known: a string
        literal, an environment read (the service's value, else the read's default), ``a or
        b``, ``a if c else b``, a local name's assignments, a parameter of a module-level
        function (its default, and what the calls of it that ``svc`` runs pass)."""
        if depth > 4:
            return None
        if isinstance(expr, ast.Constant) and isinstance(expr.value, (str, type(None))):
            return {expr.value}
        if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
            out: set = set()
            for part in expr.values:
                got = self._key_values(svc, mod, part, depth + 1)
                if got is None:
                    return None
                out |= {v for v in got if v}
                if all(v for v in got):
                    return out
            return out | {None}
        if isinstance(expr, ast.IfExp):
            a = self._key_values(svc, mod, expr.body, depth + 1)
            b = self._key_values(svc, mod, expr.orelse, depth + 1)
            return None if a is None or b is None else a | b
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "self":
            return self._self_values(svc, mod, expr, depth)
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args \
                and not expr.keywords and expr.func.attr in _STR_METHODS \
                and not isinstance(expr.func.value, ast.Call):
            # `kind.lower()` of a parameter or a local: its values, so changed (an environment
            # read, `os.getenv("X", "a").lower()`, is read whole below)
            inner = self._key_values(svc, mod, expr.func.value, depth + 1)
            if inner is not None:
                return {getattr(v, expr.func.attr)() if isinstance(v, str) else v for v in inner}
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            given = given_option_words(self.flow_for(svc), mod, expr)
            if given is not None:
                # `args.mode` of the script the start command runs with `-m $RUN_MODE`
                return _option_values(given, selection_env(svc))
        if not isinstance(expr, ast.Name):
            # (a name is followed below, not as an environment read: a parameter keeps what its
            # callers pass)
            read, got = env_read_value(tables(self.knowledge), mod, expr, selection_env(svc))
            return {got} if read and (got is None or isinstance(got, str)) else None
        if not _plainly_bound(mod, expr):
            return None  # bound by a loop, a `with`, a walrus, an unpacking or an augmented assignment
        assigned = values_at(mod, expr.id, expr)
        param = param_values(mod, expr)
        method = method_param(mod, expr) if param is None and is_param(mod, expr) else None
        if param is None and method is None and (not assigned or is_param(mod, expr)):
            return None  # (a parameter of a method or a decorated function: called we do not see how)
        # a parameter keeps what its caller passed where a branch does not reassign it
        # (`if name is None: name = os.getenv(...)`; in a static method, `kind = kind or
        # os.getenv("KIND", "a")`)
        found: set | None = self._param_values(svc, mod, *param, depth) if param is not None else \
            self._method_param_values(svc, mod, *method, depth) if method is not None else set()
        for value in assigned:
            got = self._key_values(svc, mod, value, depth + 1) if found is not None else None
            if found is None or got is None:
                return None
            found |= got
        return found

    def _self_values(self, svc: Service, mod: Any, expr: ast.Attribute, depth: int) -> set | None:
        """The values of ``self.<attr>`` read in a method: what the class's methods assign to it
        (``self._environment = os.getenv("APP_ENV", "development")``) and its class-level value.
        Unknown where anything else may write it: a subclass or another object (``x.<attr> =``
        anywhere the service runs), ``setattr``, or an assignment that unpacks."""
        cls = mod.class_of(expr)
        if cls is None:
            return None
        attr = expr.attr
        values: list[ast.AST] = [st.value for st in cls.body if isinstance(st, ast.Assign)
                                 and any(isinstance(t, ast.Name) and t.id == attr for t in st.targets)]
        # a write in the setter of a property nothing the service runs assigns never runs; one
        # under `if not self.<attr>:` runs only while the other writes may leave it empty
        idle = {id(n) for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                and (prop := _setter_of(f)) is not None and not self._property_set(svc, prop)
                for n in ast.walk(f)}
        fallbacks: list[ast.AST] = []
        written = 0
        targets: list[ast.expr]
        value: ast.expr | None
        for node in ast.walk(cls):
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                targets, value = [node.target], None if isinstance(node, ast.AugAssign) else node.value
            else:
                continue
            for target in targets:
                if not (isinstance(target, ast.Attribute) and target.attr == attr
                        and isinstance(target.value, ast.Name) and target.value.id == "self"):
                    continue
                if value is None:
                    return None  # `self.<attr> += ...`, or declared without a value
                written += 1
                if id(node) in idle:
                    continue
                if _under_empty_test(mod, node, cls, attr):
                    fallbacks.append(value)
                else:
                    values.append(value)
        if not values:
            return None
        # every write of `.<attr>` the service's code holds is one of those above
        pattern = re.compile(rf"\.{re.escape(attr)}\s*(?::[^=\n]*)?(?:[-+*/|&]|//)?=(?!=)|\bsetattr\(")
        count = 0
        for rel in self._module_sets[id(svc)]:
            text = self.source(rel)
            if text is None:
                return None
            # (a `setattr` counts where the module names the attribute: a loop that sets
            # whatever names a file holds is no write of a private attribute)
            count += len(pattern.findall(text)) if attr in text else 0
        if count != written:
            return None
        out: set = set()
        for written_value in values:
            got = self._key_values(svc, mod, written_value, depth + 1)
            if got is None:
                return None
            out |= got
        if fallbacks and not all(isinstance(v, str) and v for v in out):
            # the other writes may leave it empty (an unset variable): the fallback runs
            for written_value in fallbacks:
                got = self._key_values(svc, mod, written_value, depth + 1)
                if got is None:
                    return None
                out |= got
        return out

    def _property_set(self, svc: Service, prop: str) -> bool:
        """Something ``svc`` runs assigns the attribute ``prop`` (``factory.environment =
        ...``, an augmented or annotated write, ``setattr(obj, "environment", ...)``, a
        ``setattr`` whose name is not written): a property's setter of that name may run."""
        flow = self.flow_for(svc)
        for rel in self._module_sets[id(svc)]:
            text = self.source(rel)
            if text is None:
                return True
            if prop not in text and "setattr" not in text:
                continue
            mod = flow.module(rel)
            if mod is None:
                return True
            for node in ast.walk(mod.tree):
                if isinstance(node, ast.Attribute) and node.attr == prop and isinstance(node.ctx, ast.Store):
                    return True
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                        and len(node.args) > 1 and not (isinstance(node.args[1], ast.Constant)
                                                        and node.args[1].value != prop):
                    return True
        return False

    def _param_values(self, svc: Service, mod: Any, func: Any, index: int, param: str, default: ast.AST | None,
                      depth: int) -> set | None:
        """The values the parameter ``index`` of ``func`` takes in ``svc``: its default where a
        call (or the start command, `create_app()`, or a framework finding the factory) gives
        no argument, and what each call ``svc`` runs passes."""
        name = func.name
        entries = self.view(svc)[0]
        if re.search(rf"\b{re.escape(name)}\((?!\s*\))", entries):
            return None  # the start command passes arguments (`app:create_app('prod')`)
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        found: list[tuple[Any, ast.Call]] = []
        for module, (lines, _, _) in self._mentions(name).items():
            if module not in mine:
                continue
            other = flow.module(module)
            if other is None:
                return None
            live = [line for line in lines if self.runs.runs_line(svc, module, line)]
            calls = {id(c): c for c in other.calls_on_lines(live)
                     if isinstance(c.func, (ast.Name, ast.Attribute))
                     and (c.func.id if isinstance(c.func, ast.Name) else c.func.attr) == name}
            for line in live:
                if other is mod and line == func.lineno:
                    continue  # its own `def`
                if not any(c.lineno <= line <= (c.end_lineno or c.lineno) for c in calls.values()):
                    return None  # handed on (`factory=create_app`): called we do not see how
            found.extend((other, call) for call in calls.values()
                         if not self._in_uncalled_function(svc, module, other, call, func))
        # (a call that gives no argument fails without a default: it is no value of the parameter)
        return self._values_passed(svc, mod, found, index, param, default, depth, missing_unknown=False)


    def _in_uncalled_function(self, svc: Service, module: str, other: Any, call: ast.Call, func: Any) -> bool:
        """``call`` (of ``other``, at ``module``) is written in the body of an undecorated
        module-level function other than ``func`` that nothing ``svc`` runs calls (a factory
        only another container's start command names): it never runs there, and passes
        nothing.  A function whose callers are being searched already counts as called."""
        top = other.top_statement(call.lineno)
        if not (isinstance(top, (ast.FunctionDef, ast.AsyncFunctionDef)) and not top.decorator_list
                and top.body and call.lineno >= top.body[0].lineno) or top is func:
            return False
        busy: set = self.__dict__.setdefault("_callers_busy", set())
        key = (id(svc), module, top.name)
        if key in busy:
            return False
        busy.add(key)
        try:
            return not self._named(svc, module, top.name, 1, frozenset({top.name}))
        finally:
            busy.discard(key)

    def _named(self, svc: Service, rel: str, name: str, depth: int = 0, seen: frozenset[str] = frozenset(),
               field: str | None = None) -> bool:
        raise NotImplementedError  # Called._named

    def _method_param_values(self, svc: Service, mod: Any, cls: ast.ClassDef, func: Any, index: int, param: str,
                             default: ast.AST | None, depth: int) -> set | None:
        """The values the parameter ``param`` (``index`` among the arguments a call passes) of
        the class or static method ``func`` of ``cls`` takes in ``svc``: its default where a call
        gives no argument, and what each call through the class passes (``StoreFactory.build(x)``
        where the code ``svc`` runs names the class, ``cls.build(x)`` or ``self.build(x)`` in its
        own body).  Unknown where the class is named any other way (handed on, subclassed,
        aliased: called we do not see how)."""
        calls: list[tuple[Any, ast.Call]] = []
        flow = self.flow_for(svc)
        mine = self._module_sets[id(svc)]
        for module, (lines, _, _) in self._mentions(cls.name).items():
            if module not in mine:
                continue
            other = flow.module(module)
            if other is None:
                return None
            live = set(lines)
            for node in ast.walk(other.tree):
                if not (isinstance(node, ast.Name) and node.id == cls.name and node.lineno in live):
                    continue
                if not self.runs.runs_line(svc, module, node.lineno):
                    continue
                parent = other.parent(node)
                if isinstance(parent, ast.Call) and parent.func is node:
                    # `StoreFactory().build(x)`: a static or class method called through a new
                    # instance takes the same arguments; the instance kept or used any other way
                    # may call it where we do not see
                    method = other.parent(parent)
                    call = other.parent(method) if method is not None else None
                    if isinstance(method, ast.Attribute) and method.value is parent and method.attr == func.name \
                            and isinstance(call, ast.Call) and call.func is method:
                        calls.append((other, call))
                        continue
                    return None
                if isinstance(parent, ast.Attribute) and parent.value is node:
                    call = other.parent(parent)
                    if parent.attr == func.name:
                        if not (isinstance(call, ast.Call) and call.func is parent):
                            return None  # `build = StoreFactory.build`: called we do not see how
                        calls.append((other, call))
                    continue  # another attribute of the class (`StoreFactory.register(...)`)
                return None  # the class handed on, subclassed or aliased
        for node in ast.walk(cls):
            if isinstance(node, ast.Attribute) and node.attr == func.name and isinstance(node.value, ast.Name) \
                    and node.value.id in ("cls", "self"):
                call = mod.parent(node)
                if not (isinstance(call, ast.Call) and call.func is node):
                    return None
                calls.append((mod, call))
        # (a call through the class that gives no argument may be one we misread: unknown)
        return self._values_passed(svc, mod, calls, index, param, default, depth, missing_unknown=True)

    def _values_passed(self, svc: Service, mod: Any, calls: list[tuple[Any, ast.Call]], index: int, param: str,
                       default: ast.AST | None, depth: int, missing_unknown: bool) -> set | None:
        """The values a parameter takes over ``calls`` (each with its module): its ``default``
        (of ``mod``) where there is one, and what each call passes at ``index`` or as ``param``.
        None where a call hands on ``*args``/``**kwargs``, a value is unknown, no value is found
        at all, or (``missing_unknown``) a call gives nothing to a parameter without a default."""
        out: set = set()
        if default is not None:
            got = self._key_values(svc, mod, default, depth + 1)
            if got is None:
                return None
            out |= got
        passed = False  # (without a default, every call passes it; no call we see: unknown)
        for other, call in calls:
            if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
                return None
            arg = call.args[index] if 0 <= index < len(call.args) else \
                next((k.value for k in call.keywords if k.arg == param), None)
            if arg is None:
                if default is None and missing_unknown:
                    return None
                continue  # the default, counted above
            got = self._key_values(svc, other, arg, depth + 1)
            if got is None:
                return None
            out |= got
            passed = True
        return out if default is not None or passed else None


def _plainly_bound(mod: Any, expr: ast.Name) -> bool:
    """Every binding of the name ``expr`` reads in the function whose binding it sees is a
    plain assignment to the name alone (``kind = ...``, ``kind: str = ...``) or a parameter:
    ``values_at`` sees all of its values.  A name of the module is the module's business."""
    func = mod.binding_scope(expr, expr.id)
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return True
    for node in ast.walk(func):
        if isinstance(node, (ast.Global, ast.Nonlocal)) and expr.id in node.names:
            return False
        if isinstance(node, ast.Name) and node.id == expr.id and not isinstance(node.ctx, ast.Load) \
                and mod.binding_scope(node, expr.id) is func:
            parent = mod.parent(node)
            if not (isinstance(parent, ast.Assign) and any(t is node for t in parent.targets)
                    or isinstance(parent, ast.AnnAssign) and parent.target is node and parent.value is not None):
                return False
    return True


def _setter_of(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """The property whose setter ``func`` is (``@environment.setter``), or None."""
    for dec in func.decorator_list:
        if isinstance(dec, ast.Attribute) and dec.attr == "setter" and isinstance(dec.value, ast.Name):
            return dec.value.id
    return None


def _under_empty_test(mod: Any, node: ast.AST, cls: ast.ClassDef, attr: str) -> bool:
    """``node`` sits in the body of an ``if not self.<attr>:`` or ``if self.<attr> is None:``
    (inside ``cls``): it runs only while the attribute is still empty."""
    child = node
    for parent in mod.ancestors(node):
        if parent is cls:
            return False
        if isinstance(parent, ast.If) and any(child is st for st in parent.body) and _empty_test(parent.test, attr):
            return True
        child = parent
    return False


def _empty_test(test: ast.expr, attr: str) -> bool:
    def is_self_attr(e: ast.expr) -> bool:
        return isinstance(e, ast.Attribute) and e.attr == attr and isinstance(e.value, ast.Name) and e.value.id == "self"
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return is_self_attr(test.operand)
    return isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Is) \
        and is_self_attr(test.left) and isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None


def _option_values(given: list[str], env: dict[str, str | None] | None) -> set | None:
    """The values the words ``given`` to an option hold in a container of environment ``env``:
    a literal word itself, ``$VAR`` or ``${VAR}`` the variable's value; None where one is not
    known (a variable the environment does not set, or not known, any other expansion)."""
    out: set = set()
    for word in given:
        if "$" not in word and "`" not in word:
            out.add(word)
            continue
        m = re.fullmatch(r"\$(?:\{(\w+)\}|(\w+))", word)
        if m is None or env is None:
            return None
        value = env.get(m.group(1) or m.group(2))
        if value is None:
            return None
        out.add(value)
    return out
