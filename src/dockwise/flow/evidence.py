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

This module holds the query (``Flow.of``, ``Flow.env_uses``) and its results; the climb
itself is :mod:`dockwise.flow.climb`, the conditions a value passes :mod:`dockwise.flow.gates`,
and the facts read off one syntax tree :mod:`dockwise.flow.astfacts`.
"""
from __future__ import annotations

import ast
import fnmatch
import re
from typing import Any, Callable, Iterable, TypeVar

from dockwise.flow.astfacts import (
    _outside_bases,
    assigned_values,
    cli_subcommand,
    closed_class,
    distinctive,
    env_name,
    env_read,
    field_values,
    imports_module,
    module_names,
    node_span,
    own_option,
    plain_settings_class,
    registered_name,
    settings_class,
    task_function,
)
from dockwise.flow.climb import Climb, Query, port_value, values_after
from dockwise.flow.flagparams import left_empty, untaken_by_callers
from dockwise.flow.gates import Gate, branch_gates, config_fallback_subject, enum_constant, env_term
from dockwise.flow.handlers import route_handler
from dockwise.flow.index import FUNCTIONS, ModuleAst, dotted, parse_module
from dockwise.flow.nestedsettings import nested_values
from dockwise.flow.overrides import overridden_by_env, reads_env_through
from dockwise.flow.requiredsettings import built_bare
from dockwise.flow.results import FlowResult, Hop, SettingRead, Sink
from dockwise.flow.settingsclass import _qualified, _subclasses, class_named, settings_variable
from dockwise.flow.settingsmodule import unset_guarded
from dockwise.flow.sinks import Tables, _find, tables
from dockwise.model import Span
from dockwise.words import has_call, has_whole, names_as_base

__all__ = ["Flow"]

_MAX_STEPS = 600


class Flow(Climb):
    """Follows string literals to sinks over a set of modules (lazily parsed)."""

    def __init__(self, knowledge: Any, source: Callable[[str], str | None], rels: Iterable[str] = (),
                 parsed: dict[str, ModuleAst | None] | None = None, mains: frozenset[str] | None = None,
                 entry_words: str = "") -> None:
        self.t: Tables = tables(knowledge)
        # the modules the services run as their script (None: not known), and the words of
        # their start commands: what flow/liveness.py asks whether a call can run
        self.mains = mains
        self.entry_words = entry_words
        self.source = source
        self.rels = sorted(set(rels))
        self._mods: dict[str, ModuleAst | None] = parsed if parsed is not None else {}  # shared between flows
        self._by_name: dict[str, list[str]] | None = None
        self._texts: list[tuple[str, str]] | None = None  # (module, its text) of the search set
        self._hits: dict[tuple, list[str]] = {}
        self._config_loads: dict[tuple[str, str], tuple | None] = {}  # (module, class) -> the gates it is loaded into a config mapping under
        self._imported: dict[str, bool] = {}  # module -> some module searched imports it (_imports)
        self._unused_imports: dict[tuple[str, ...], bool] = {}  # libraries -> imported, never used (_imports_unused)
        self._word_texts: dict[str, list[tuple[str, str]]] = {}  # word -> modules naming it
        self._env_overrides: dict[str, bool] = {}  # setting -> replaced by its environment variable
        self._subclasses: dict[tuple, list] = {}  # a settings class -> its subclasses (settingsclass.py)
        self._typed_parameter_memo: dict[tuple, bool] = {}  # (module, class, its node, field) -> see _typed_parameter
        self._self_started: dict[int, bool] = {}  # port -> a server the code starts listens on it
        self._own_starts: bool | None = None  # the code starts programs of its own environment (selfstart.py)
        self._start_texts: list[tuple[str, str]] | None = None  # (module, text) that may start a process (selfstart.py)
        self._process_starts: dict[str, list[list[str | None]]] = {}  # module -> its process starts' argv
        self._self_served: dict[tuple[int, frozenset[str], frozenset[tuple[str, str]]], bool] = {}  # (port, variables set, their values) -> a server the code binds listens on it
        self._self_dialled: dict[tuple[int, frozenset[str], frozenset[tuple[str, str]]], bool] = {}  # (port, variables set, their values) -> the code dials it at loopback
        self._server_call_lines: dict[str, list[int]] = {}  # module -> the lines naming a server call

    # -- modules -------------------------------------------------------------------------
    def module(self, rel: str) -> ModuleAst | None:
        if rel not in self._mods:
            text = self.source(rel)
            parsed = parse_module(rel, text, module_names(rel)[0]) if text is not None else None
            if parsed is not None:
                parsed.imported = self._imported_values
                parsed.imported_home = self._imported_home
                parsed.imported_type = self._imported_type
                parsed.imported_class = self._imported_class
                parsed.imported_function = self._imported_function
                parsed.imported_instance = self._imported_instance
                parsed.setting_values = self._setting_values
                parsed.settings_field = self._settings_field  # (not a lambda holding the module: see index.py)
            self._mods[rel] = parsed
        return self._mods[rel]

    def _imported_values(self, qual: str) -> list[ast.AST]:
        """What ``pkg.mod.NAME`` is bound to at the top level of its module, where one of the
        modules searched is that module."""
        module, _, name = qual.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            if other is not None:
                values = assigned_values(other, name, other.tree)
                if values:
                    return values
        return []

    def _imported_home(self, qual: str) -> ModuleAst | None:
        """The module whose top level binds ``pkg.mod.NAME`` (``_imported_values``), or None."""
        module, _, name = qual.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            if other is not None and assigned_values(other, name, other.tree):
                return other
        return None

    def _setting_values(self, name: str) -> list[tuple[ModuleAst, ast.AST]]:
        """What the setting ``NAME`` is bound to at the top level of the settings modules
        searched (a module named settings*, or one of a settings package), with each module."""
        out: list[tuple[ModuleAst, ast.AST]] = []
        for other in self._containing(name):
            base = other.rel.rsplit("/", 1)[-1]
            if "settings" in base or "settings" in other.rel.split("/")[-2:-1]:
                out.extend((other, value) for value in assigned_values(other, name, other.tree))
        return out

    def _settings_field(self, mod: ModuleAst, node: ast.AST) -> tuple | None:
        """``settings.flag`` where ``settings`` is a module-level instance of a settings class
        (``settings = Settings()`` here or in the module it is imported from), or a local
        name bound to the instance an accessor returns (``settings = get_settings()``): the
        field as an environment term, ``("env", VARIABLE, default, transforms)``, its default
        the literal the class gives it (None: a field without one), a ``bool`` field parsed as
        pydantic does; None where it is no such read, or the default is no literal.  So is
        ``settings.session.backend``, where the field ``session`` holds a settings class of
        its own (``session: SessionSettings = Field(default_factory=SessionSettings)``, a
        ``BaseSettings`` with its own prefix, which reads its variables when it is built)."""
        if not isinstance(node, ast.Attribute):
            return None
        if isinstance(node.value, ast.Attribute):
            outer = self._settings_instance(mod, node.value.value)
            held = self._held_settings(outer[0], outer[1], node.value.attr) if outer is not None else None
            return self._field_term(held[0], held[1], node.attr) if held is not None else None
        if not isinstance(node.value, ast.Name):
            return None
        own = mod.class_of(node) if node.value.id == "self" else None
        if own is not None and settings_class(mod, own):
            # `self.RENDER` in a method (a property) of the settings class itself
            return self._field_term(mod, own, node.attr)
        found = self._settings_instance(mod, node.value) or self._typed_parameter(mod, node.value, node.attr)
        return self._field_term(found[0], found[1], node.attr) if found is not None else None

    def _typed_parameter(self, mod: ModuleAst, expr: ast.Name, field: str) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The settings class a function's parameter holds where the parameter names it, by its
        annotation or a default that builds it (``def open_store(conf: Config = Config())``),
        whatever its callers hand over (``open_store(request.app.state.conf)``): where no class
        derives from it, every construction of it that may run passes no argument, and nothing
        stores the field read, every instance reads the same environment, so ``conf.FIELD`` is
        the field's variable.  None otherwise (an instance built with arguments, or a subclass's,
        may hold anything)."""
        func = mod.binding_scope(expr, expr.id)
        if not isinstance(func, FUNCTIONS):
            return None
        a = func.args
        positional = [*a.posonlyargs, *a.args]
        defaults: dict[str, ast.AST] = {p.arg: d for p, d in zip(positional[len(positional) - len(a.defaults):],
                                                                 a.defaults, strict=True)}
        defaults.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None})
        arg = next((p for p in (*positional, *a.kwonlyargs) if p.arg == expr.id), None)
        if arg is None or any(isinstance(n, ast.Name) and n.id == expr.id and not isinstance(n.ctx, ast.Load)
                              for n in ast.walk(func)):
            return None  # not a parameter, or rebound in the function
        named = set()
        if arg.annotation is not None:
            named.add(dotted(arg.annotation) or "")
        default = defaults.get(arg.arg)
        if isinstance(default, ast.Call):
            named.add((dotted(default.func) or "") if not default.args and not default.keywords else "")
        elif default is not None and not (isinstance(default, ast.Constant) and default.value is None):
            return None
        if len(named) != 1 or "" in named:
            return None  # no class named, or an annotation and a default that disagree
        found = class_named(self, mod, named.pop())
        if found is None:
            return None
        # (memoised per class and field: every gate on such a parameter asks)
        memo = self._typed_parameter_memo
        key = (found[0].rel, found[1].name, id(found[1]), field)
        if key not in memo:
            memo[key] = settings_class(found[0], found[1]) and not _subclasses(self, found[0], found[1]) \
                and built_bare(self, found[0], found[1]) and not self._field_stored(field)
        return found if memo[key] else None

    def _field_stored(self, field: str) -> bool:
        """A module searched stores an attribute named ``field`` (``conf.store_kind = ...``):
        an instance's field may be set by the code."""
        return any(isinstance(n, ast.Attribute) and n.attr == field and not isinstance(n.ctx, ast.Load)
                   for other in self._containing(field) for n in ast.walk(other.tree))

    def _settings_parameter(self, mod: ModuleAst, func: Any, name: str, depth: int) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The settings class a module-level function's parameter holds (``def make_pool(settings:
        Settings)``): one its module's own calls all give a module-level instance of
        (``make_pool(settings=settings)``), where nothing else names the function (no other use
        in its module, no module importing it)."""
        if mod.parent(func) is not mod.tree or not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return None
        params = [*func.args.posonlyargs, *func.args.args]
        index = next((i for i, a in enumerate(params) if a.arg == name), None)
        if index is None:
            return None
        found: tuple[ModuleAst, ast.ClassDef] | None = None
        calls = 0
        for node in ast.walk(mod.tree):
            if not (isinstance(node, ast.Name) and node.id == func.name and isinstance(node.ctx, ast.Load)):
                continue
            call = mod.parent(node)
            if not isinstance(call, ast.Call) or call.func is not node:
                return None  # handed on or named otherwise: other callers may give anything
            given = [k.value for k in call.keywords if k.arg == name]
            if len(call.args) > index:
                given.append(call.args[index])
            if len(given) != 1 or any(isinstance(a, ast.Starred) for a in call.args) \
                    or any(k.arg is None for k in call.keywords) or not isinstance(given[0], ast.Name):
                return None
            got = self._settings_instance(mod, given[0], depth + 1)
            if got is None or found is not None and got[1] is not found[1]:
                return None
            found, calls = got, calls + 1
        if not calls or self._imported_elsewhere(mod, func.name):
            return None
        return found

    def _imported_elsewhere(self, mod: ModuleAst, name: str) -> bool:
        """Another module of the search set names ``name`` (imports or calls the function)."""
        word = re.compile(rf"\b{re.escape(name)}\b")
        for rel in self.rels:
            text = self.source(rel) or ""
            if name in text and word.search(text) and self.module(rel) is not mod:
                return True
        return False

    def _settings_instance(self, mod: ModuleAst, expr: ast.AST, depth: int = 0) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The settings class ``expr`` is an instance of: a module-level instance (here or
        imported), a local name bound once in its function to an accessor's call, or such a
        call (``get_settings()``, a function without parameters that returns the instance)."""
        if depth > 3:
            return None
        if isinstance(expr, ast.Call):
            if expr.args or expr.keywords or not isinstance(expr.func, ast.Name):
                return None
            return self._accessor_instance(mod, expr.func.id, depth + 1)
        if not isinstance(expr, ast.Name):
            return None
        name = expr.id
        scope = mod.binding_scope(expr, name)
        if isinstance(scope, FUNCTIONS):
            if any(isinstance(a, ast.arg) and a.arg == name for a in ast.walk(scope.args)):
                return self._settings_parameter(mod, scope, name, depth)
            # `settings = get_settings()`, the function's only binding of the name
            values = [st.value for st in ast.walk(scope)
                      if isinstance(st, ast.Assign) and len(st.targets) == 1
                      and isinstance(st.targets[0], ast.Name) and st.targets[0].id == name]
            if len(values) != 1:
                return None
            return self._settings_instance(mod, values[0], depth + 1)
        home: ModuleAst | None = mod
        if name in mod.imports:
            home = self._instance_home(mod.imports[name])
            name = mod.imports[name].rpartition(".")[2]
        if home is None or name not in home.var_types:
            return None
        typ = home.var_types[name]
        last = typ.rsplit(".", 1)[-1]
        found = (home, home.classes[last]) if last in home.classes else class_named(self, home, typ)
        if found is None and "." in typ and home is mod and _bound_once_before(mod, name, expr):
            # `from pkg.options import LocalConf` then `conf = LocalConf()`: the type is recorded
            # by its imported path, `pkg.options.LocalConf` (only where that is the one value the
            # read sees: `if not conf.local: conf = RemoteConf()` rebinds it for later reads)
            found = self._imported_class(typ)
        if found is None or not settings_class(found[0], found[1]):
            return None
        return found

    def _instance_home(self, qual: str) -> ModuleAst | None:
        """The module that binds the module-level instance ``pkg.mod.NAME`` (``NAME = Settings()``
        there), followed through the modules that hand ``NAME`` on (a package's ``from .config
        import NAME`` in its ``__init__``: ``from pkg import NAME`` is the instance of
        ``pkg/config.py``): ``_reexported``."""
        return self._reexported(qual, lambda other, name: other if name in other.var_types else None)

    def _reexported(self, qual: str, found: Callable[[ModuleAst, str], _T | None], depth: int = 0) -> _T | None:
        """``found(module, NAME)`` for ``pkg.mod.NAME``, asked of the module among those
        searched, else of the modules it hands ``NAME`` on from (a package's ``from .base import
        NAME`` or ``from .base import *`` in its ``__init__``), up to ``_REEXPORT_HOPS`` such hops."""
        module, _, name = qual.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            if other is None:
                continue
            hit = found(other, name)
            if hit is not None:
                return hit
            if depth >= _REEXPORT_HOPS:
                continue
            for origin in _reexports(other, name):
                hit = self._reexported(f"{origin}.{name}", found, depth + 1)
                if hit is not None:
                    return hit
        return None

    def _accessor_instance(self, mod: ModuleAst, name: str, depth: int) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The settings class whose instance every ``return`` of the module-level function
        ``name`` (defined in ``mod`` or imported) gives, where it takes no parameters."""
        func = mod.top_function(name)
        home = mod
        if func is None and name in mod.imports:
            got = self._imported_function(mod.imports[name])
            if got is None:
                return None
            home, func = got
        if not isinstance(func, FUNCTIONS) or func.args.args or func.args.posonlyargs or func.args.kwonlyargs \
                or func.args.vararg or func.args.kwarg:
            return None
        returns = [r.value for r in ast.walk(func) if isinstance(r, ast.Return)]
        found: tuple[ModuleAst, ast.ClassDef] | None = None
        for value in returns:
            if isinstance(value, ast.Call) and not value.args and not value.keywords:
                got_cls = class_named(self, home, dotted(value.func) or "")
                if got_cls is None or not settings_class(got_cls[0], got_cls[1]):
                    return None
            elif isinstance(value, ast.Name) and home.binding_scope(value, value.id) is home.tree:
                got_cls = self._settings_instance(home, value, depth + 1)
            else:
                return None
            if got_cls is None or found is not None and found[1] is not got_cls[1]:
                return None
            found = got_cls
        return found

    def _held_settings(self, home: ModuleAst, cls: ast.ClassDef, field: str) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The settings class the field ``field`` of ``cls`` holds, by its annotation, built
        by its default with nothing given (``Field(default_factory=SessionSettings)``,
        ``SessionSettings()``: it reads its own variables when it is built), or None.  Where
        ``cls`` sets ``env_nested_delimiter`` the holder's own variables may fill the inner
        fields (``SESSION__BACKEND``): not followed."""
        if own_option(cls, "env_nested_delimiter"):
            return None
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == field:
                found = class_named(self, home, dotted(stmt.annotation) or "")
                if found is None or not settings_class(found[0], found[1]) or found[1] is cls:
                    return None
                value = stmt.value
                plain = isinstance(value, ast.Call) and not value.args and (
                    not value.keywords and (dotted(value.func) or "").rpartition(".")[2] == found[1].name
                    or any(kw.arg == "default_factory" and (dotted(kw.value) or "").rpartition(".")[2] == found[1].name
                           for kw in value.keywords))
                return found if plain else None
        return None

    def _field_term(self, home: ModuleAst, cls: ast.ClassDef, attr: str) -> tuple | None:
        """The field ``attr`` of the settings class ``cls`` as an environment term (see
        ``_settings_field``)."""
        variable = settings_variable(self, home, cls, attr)
        if variable is None:
            return None
        for stmt in cls.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == attr:
                member = enum_constant(home, stmt.value)
                if isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, (str, bool, int, type(None))):
                    default = stmt.value.value
                elif member is not None and isinstance(member.value, str):
                    # `store_kind: StoreKind = StoreKind.MEMORY`: pydantic builds the member from the
                    # variable's text by its value, so the field compares as that text does (a
                    # string's only: "1" is no member valued 1 here)
                    default = member.value
                elif stmt.value is None:
                    default = None
                else:
                    # `VECTOR_STORE: str = os.getenv("VECTOR_STORE", "chroma")`: the same variable
                    # read with a literal default is that default (`Field(..., alias=...)`, any
                    # other computed default: not read here)
                    term = env_term(self.t, home, stmt.value)
                    if term is None or term[3] or term[1].upper() != variable.upper():
                        return None
                    default = term[2]
                annotation = ast.unparse(stmt.annotation).replace(" ", "")
                boolean = annotation in ("bool", "bool|None", "Optional[bool]", "typing.Optional[bool]")
                return ("env", variable, default, ("=flag",) if boolean else ())
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                    and stmt.targets[0].id == attr and isinstance(stmt.value, ast.Constant) \
                    and isinstance(stmt.value.value, bool):
                # `local = True` without an annotation: pydantic (v1) infers a `bool` field from
                # the literal, read from the variable as an annotated one is
                return ("env", variable, stmt.value.value, ("=flag",))
        return None

    def _imported_class(self, qual: str) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The module-level ``class NAME`` of ``pkg.mod.NAME``, with its module, where one of
        the modules searched is that module, or hands it on from one (``from pkg import NAME``
        is the class of ``pkg/base.py``): ``_reexported``."""
        def top_class(other: ModuleAst, name: str) -> tuple[ModuleAst, ast.ClassDef] | None:
            found = other.top_class(name)
            return (other, found) if found is not None else None
        return self._reexported(qual, top_class)

    def _imported_instance(self, qual: str) -> tuple[ModuleAst, ast.ClassDef] | None:
        """The project class of the module-level instance ``pkg.mod.NAME`` (``NAME = Conf()``
        there), with the class's module, followed through the modules that hand ``NAME`` on
        as ``_imported_class`` does."""
        def instance_class(other: ModuleAst, name: str) -> tuple[ModuleAst, ast.ClassDef] | None:
            typ = other.var_types.get(name)
            if typ is None:
                return None
            own = other.top_class(typ)
            return (other, own) if own is not None else self._imported_class(typ)
        return self._reexported(qual, instance_class)

    def _imported_function(self, qual: str) -> tuple[ModuleAst, ast.AST] | None:
        """The module-level ``def NAME`` of ``pkg.mod.NAME``, with its module, where one of
        the modules searched is that module."""
        module, _, name = qual.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            found = other.top_function(name) if other is not None else None
            if other is not None and found is not None:
                return other, found
        return None

    def _imported_type(self, qual: str) -> str | None:
        """The class ``pkg.mod.NAME`` is an instance of (``NAME = Config(...)`` in its module),
        where one of the modules searched is that module."""
        module, _, name = qual.rpartition(".")
        for rel in self._resolve_module(module):
            other = self.module(rel)
            if other is not None and name in other.var_types:
                return other.var_types[name]
        return None

    def _names(self) -> dict[str, list[str]]:
        if self._by_name is None:
            self._by_name = {}
            for rel in self.rels:
                for name in module_names(rel):
                    self._by_name.setdefault(name, []).append(rel)
        return self._by_name

    def _resolve_module(self, dotted_name: str) -> list[str]:
        return self._names().get(dotted_name, [])

    def _containing(self, word: str, *also: str, importing: str | None = None,
                    called: bool = False, based: bool = False) -> Iterable[ModuleAst]:
        """Modules of the search set whose text holds ``word`` and one of ``also`` (when
        given), parsed only then.  ``importing``: and an import statement that names the module
        ``importing`` (its last name): a call or a read that resolves to a module goes through
        an import of it, and parsing every module that merely mentions a common name
        (``Connection``) cost most of a cold run's judging.  ``called``: and ``word`` right
        before a ``(``, for a search of its calls (a method name that every plugin of a
        registry defines is called in few of them).  ``based``: and a ``class`` statement
        that names ``word`` among its bases, for a search of its subclasses (a base class's
        name is read in many more modules than subclass it)."""
        key = (word, also, importing, called, based)
        hits = self._hits.get(key)
        if hits is None:
            hits = []
            for rel, text in self._naming(word):
                if also and not any(a in text for a in also):
                    continue
                if importing and not imports_module(text, importing):
                    continue  # never imports the module: cannot reach its name
                if called and not has_call(text, word):
                    continue  # defines or mentions it, never calls it
                if based and not names_as_base(text, word):
                    continue  # no class statement of it names it as a base
                hits.append(rel)
            self._hits[key] = hits
        for rel in hits:
            mod = self.module(rel)
            if mod is not None:
                yield mod

    def _naming(self, word: str) -> list[tuple[str, str]]:
        """The modules of the search set (with their text) that name ``word`` as a whole
        identifier.  Kept per word: the searches for one name with other conditions (another
        word beside it, an import, a call) share this one pass over every module's text."""
        found = self._word_texts.get(word)
        if found is None:
            # only inside a longer identifier (``port`` in ``report``) is no mention
            found = self._word_texts[word] = [(rel, text) for rel, text in self.texts()
                                              if word in text and has_whole(text, word)]
        return found

    def texts(self) -> list[tuple[str, str]]:
        """(module, its text) of every module of the search set, read once."""
        if self._texts is None:
            self._texts = [(rel, text) for rel in self.rels if (text := self.source(rel)) is not None]
        return self._texts

    def _imports(self, module: str) -> bool:
        """Some module of the search set imports ``module`` (by its last name), not only one
        of its parts that build nothing reading a setting (``from celery.schedules import
        crontab``: rules/flow.yaml setting_reader_idle_imports)."""
        hit = self._imported.get(module)
        if hit is None:
            # (asked for each setting the climb meets: each module's imports are walked once)
            last = module.rsplit(".", 1)[-1]
            idle = self.t.reader_idle_imports
            hit = any(not idle or _imports_beyond(mod, last, idle) for mod in self._containing(last, importing=last))
            lists = self.t.reader_apps.get(module)
            if not hit and lists:
                # an installed app: the framework imports it by the name its list gives
                # (INSTALLED_APPS = [..., "haystack"]), no import statement of the project's
                hit = any(_lists_module(mod, module, lists) for mod in self._containing(last))
            self._imported[module] = hit
        return hit

    def _imports_unused(self, modules: tuple[str, ...]) -> bool:
        """Some module of the search set imports one of ``modules`` (by its last name), and no
        module uses a name such an import binds (a star import, or the name listed as a string,
        ``__all__``, counts as a use): the library is imported and never put to work."""
        hit = self._unused_imports.get(modules)
        if hit is None:
            seen = False
            hit = True
            for module in modules:
                last = module.rsplit(".", 1)[-1]
                for mod in self._containing(last, importing=last):
                    bound = _bound_by_imports(mod, last)
                    if bound:
                        seen = True
                        if "*" in bound or not bound.isdisjoint(_read_names(mod.tree)):
                            hit = False
                            break
                if not hit:
                    break
            hit = self._unused_imports[modules] = hit and seen
        return hit

    # -- the query ------------------------------------------------------------------------
    def of(self, rel: str, line: int, column: int) -> FlowResult:
        """Where the string at ``rel``:``line``:``column`` (1-based) goes."""
        mod = self.module(rel)
        if mod is None:
            return FlowResult()
        node = mod.string_at(line, column)
        if node is None:
            return FlowResult()
        subject = config_fallback_subject(self.t, mod, node)
        if subject is not None and not left_empty(self, mod, subject):
            # `if not raw: return "redis://localhost"` of a configured value: an operator's default
            # (not a parameter that every call leaves empty: `if url is None: url = "..."` then runs)
            return FlowResult(operator=True)
        if unset_guarded(mod, node, self._resolve_module, self.module):
            # `if "CACHES" not in locals(): CACHES = {...}` after `from .local_settings import *`:
            # a default that the deploy-time settings file may set
            return FlowResult(operator=True)
        if untaken_by_callers(self, mod, node):
            # `else: host = "localhost"` of a flag parameter every call leaves at True: never runs
            return FlowResult(overridden=True)
        q = Query(scheme=_scheme(node))
        self._climb(mod, node, q, branch_gates(self.t, mod, node), 0, ())
        written = False
        if q.port is None and isinstance(node, ast.JoinedStr):
            q.port = self._written_port(mod, node)
            written = q.port is not None
        q.fallbacks.extend(self._setting_variables(q))
        if q.fallbacks and not q.overridden and self._called_only_when_set(mod, node, q.fallbacks):
            q.overridden = True  # the function runs only where the variable is set: its default never does
        # a call or a setting that dials it is better evidence than a name alone
        sinks = _ranked(q.sinks)
        return FlowResult(sinks, tuple(dict.fromkeys(q.fallbacks)), q.operator and not sinks, q.overridden,
                          q.never and not sinks, q.port, q.port_appended, port_written=written)

    def of_default(self, rel: str, line: int, column: int) -> FlowResult:
        """Where a client call given no address dials (``redis.Redis()``: ``rules/clients.yaml``
        default_host), the call's name written at ``rel``:``line``:``column`` (1-based): the call
        itself is the sink, kept where its object is (a lazy client that nothing reads dials
        nothing), under the branches and in the function around it, as for an address written
        out as its argument."""
        mod = self.module(rel)
        if mod is None:
            return FlowResult()
        # the call whose called name is exactly the span (`redis.StrictRedis()`, not the
        # `redis.StrictRedis().from_url(...)` around it, whose name starts at the same place)
        at = (line, mod.byte_col(line, column - 1))
        stmt = mod.statement_at(line)
        call = next((n for n in ast.walk(stmt) if isinstance(n, ast.Call) and (n.func.lineno, n.func.col_offset) == at
                     and not (isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Call)
                              and (n.func.value.func.lineno, n.func.value.func.col_offset) == at)),
                    None) if stmt is not None else None
        if call is None:
            return FlowResult()
        qn = mod.qname(call.func, call=True) or mod.qname(call.func) or ""
        q = Query()
        self._sink(q, mod, call, f"{qn}(default)", "connect", (), self._kept_at(mod, qn, call))
        return FlowResult(tuple(q.sinks))

    def _setting_variables(self, q: Query) -> list[str]:
        """Where the value only sets settings that the code replaces with the environment
        variable of the same name when it is set, those variables (the value is their default)."""
        names = [s.kind[len("setting "):] for s in q.sinks if s.kind.startswith("setting ")]
        if not names or len(names) != len(q.sinks) or any("." in n for n in names):
            return []
        names = list(dict.fromkeys(names))
        return names if all(overridden_by_env(self, n) for n in names) else []

    def _called_only_when_set(self, mod: ModuleAst, node: ast.AST, variables: list[str]) -> bool:
        """``node`` is the default of an environment read in a module-level function that is
        called only behind a test that the variable is set (``if os.getenv("X"): f()``)."""
        func = mod.function_of(node)
        if func is None or mod.parent(func) is not mod.tree:
            return False
        calls = self._callers(mod, func)
        return bool(calls) and all(any(_requires(g, variables) for g in branch_gates(self.t, caller, call))
                                   for caller, call in calls)

    def env_uses(self, name: str) -> FlowResult:
        """Where the modules searched use the environment variable ``name``: its reads
        (``os.getenv("NAME")``, ``environ["NAME"]``, ``env("NAME")``, a settings field that reads
        it), followed like a literal."""
        q = Query()
        low = name.lower()
        reads = unread_fields = fields = 0
        read_gates: list[tuple[Gate, ...]] = []
        for rel in self.rels:
            text = self.source(rel)
            # the variable as read (``DATABASE_URL``) or as a settings field (``database_url``):
            # no lowered copy of every module's text per variable asked about
            if text is None or (name not in text and low not in text):
                continue
            mod = self.module(rel)
            if mod is None:
                continue
            for node in self._reads(mod, name):
                reads += 1
                read_gates.append(branch_gates(self.t, mod, node))
                self._climb(mod, node, q, self._at(mod, node, ()), 0, ())
            for cls, field_name in self._settings_fields(mod, name):
                fields += 1
                if self._field_read(field_name, mod, cls):
                    reads += 1
                else:
                    unread_fields += 1
                self._attribute(mod, cls, field_name, q, (), 0, ())
        if not reads and not fields and not q.sinks:
            # read by no name of its own: a settings class may split it (``BROKER__URL`` into
            # the field ``broker`` holding a model with ``URL``, ``env_nested_delimiter="__"``);
            # only a holding field no module searched reads decides (a read one is not followed)
            for mod, cls, holder in self._nested_holders(name):
                if not self._field_read(holder, mod, cls):
                    fields += 1
                    unread_fields += 1
        sinks = _ranked(q.sinks)
        # read only by settings fields that no module searched reads (`settings.rate_limit_url`
        # used by request code another container runs): the class reads the variable and
        # nothing here uses it, as the field's own default is no target here either (the
        # judge still asks whether a program the container starts may read it)
        unread = unread_fields > 0 and reads == 0 and not sinks
        # the port the code dials the value with (a sibling "PORT" key, Client(host, port=...))
        return FlowResult(sinks, (), False, False, q.never and not sinks, q.port, q.port_appended, unread,
                          () if fields else tuple(read_gates))

    def _reads(self, mod: ModuleAst, name: str) -> Iterable[ast.AST]:
        for part in mod.expressions_naming(name):  # the literal names the variable
            for node in ast.walk(part):
                if not isinstance(node, (ast.Call, ast.Subscript)):
                    continue
                got = env_read(self.t, mod, node)
                if got == name or got is None and isinstance(node, ast.Call) and reads_env_through(self, mod, node, name):
                    yield node  # (`get_str("NAME")`: the project's own reader of the variable it is named)

    def _nested_holders(self, name: str) -> Iterable[tuple[ModuleAst, ast.ClassDef, str]]:
        """The fields of the settings classes of the modules searched that set their own
        ``env_nested_delimiter`` and read ``name`` into the model a field holds: the field whose
        variable, the delimiter and an inner name make ``name`` (``BROKER`` + ``__`` + ``URL``)."""
        upper = name.upper()
        for rel in self.rels:
            text = self.source(rel)
            if text is None or "env_nested_delimiter" not in text:
                continue
            mod = self.module(rel)
            if mod is None:
                continue
            for cls in mod.classes.values():
                delimiter = own_option(cls, "env_nested_delimiter") if settings_class(mod, cls) else None
                if not delimiter:
                    continue
                for stmt in cls.body:
                    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                        head = env_name(mod, cls, stmt.target.id) + delimiter.upper()
                        if upper.startswith(head) and len(upper) > len(head):
                            yield mod, cls, stmt.target.id

    def _settings_fields(self, mod: ModuleAst, name: str) -> Iterable[tuple[ast.ClassDef, str]]:
        """The fields of the module's settings classes that read the variable ``name``: by
        their own name (the class's env_prefix added), or by the name their ``Field(...)``
        gives (``_renamed``)."""
        upper = name.upper()
        for cls in mod.classes.values():
            if not settings_class(mod, cls):
                continue
            for stmt in cls.body:
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                    if env_name(mod, cls, stmt.target.id) == upper or upper in self._renamed(mod, cls, stmt.value):
                        yield cls, stmt.target.id

    def _renamed(self, mod: ModuleAst, cls: ast.ClassDef, value: ast.expr | None) -> frozenset[str]:
        """The variables (upper case) a settings field declared ``= Field(...)`` reads under a
        name of its own, no env_prefix added: pydantic-settings (v2, a class whose lineage
        reaches a base of ``field_env_ignored_bases``) reads ``validation_alias`` or ``alias``,
        each name of an ``AliasChoices``; pydantic v1 reads ``env`` (a name or a list of them)
        and ignores an alias ("aliases are no longer used by BaseSettings to define which
        environment variables to read").  As extract/pysites.py names the variable of a
        field's default."""
        if not (isinstance(value, ast.Call) and (dotted(value.func) or "").rpartition(".")[2] == "Field"):
            return frozenset()
        v2 = any(self.t.field_env_ignored(_qualified(mod, base)) for base in _outside_bases(mod, cls))
        renaming = ("validation_alias", "alias") if v2 else ("env",)
        out: set[str] = set()
        for kw in value.keywords:
            if kw.arg not in renaming:
                continue
            given = kw.value
            if isinstance(given, ast.Call) and (dotted(given.func) or "").rpartition(".")[2] == "AliasChoices":
                parts: list[ast.expr] = list(given.args)
            elif isinstance(given, (ast.List, ast.Tuple)) and kw.arg == "env":
                parts = list(given.elts)
            else:
                parts = [given]
            out.update(p.value.upper() for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
        return frozenset(out)

    def _step(self, q: Query, key) -> bool:
        if key in q.seen:
            q.joined += 1
            return False
        if q.steps >= _MAX_STEPS:
            return False
        q.seen.add(key)
        q.steps += 1
        return True

    def _sink(self, q: Query, mod: ModuleAst, node: ast.AST, kind: str, role: str, path: tuple,
              binding: tuple[str, str, int] | None = None) -> None:
        gates = tuple(x for x in path if isinstance(x, Gate)) + branch_gates(self.t, mod, node)
        hops = [x for x in path if isinstance(x, Hop)]
        q.sinks.append(Sink(node_span(mod, node), kind, role, tuple(x for x in path if isinstance(x, Span)),
                            tuple(dict.fromkeys(gates)), _plain_function(mod, node), _settings_holder(mod, node, kind),
                            cli_subcommand(self.t, mod, node), registered_name(self.t, mod, node),
                            tuple(dict.fromkeys((h.path, h.caller) for h in hops if h.caller)),
                            tuple(dict.fromkeys((h.path, h.registered) for h in hops if h.registered)),
                            tuple(dict.fromkeys((x.path, x.name) for x in path if isinstance(x, SettingRead))),
                            task_function(self.t, mod, node),
                            tuple(dict.fromkeys((h.path, h.command) for h in hops if h.command)),
                            route_handler(self.t, mod, node), _built_by_name(mod, node, kind, self.t.inert_bases),
                            binding, _plain_method(mod, node, self.t)))

    def _at(self, mod: ModuleAst, node: ast.AST, path: tuple) -> tuple:
        """``path`` extended with ``node``'s place, the branches it sits in, and the function
        or registered class that must run for the value to pass there."""
        hop: tuple = ()
        caller, registered = _plain_function(mod, node), registered_name(self.t, mod, node)
        command = cli_subcommand(self.t, mod, node)
        if caller or registered or command:
            hop = (Hop(mod.rel, caller, registered, command),)
        return path + (node_span(mod, node),) + branch_gates(self.t, mod, node) + hop


    # -- ports -----------------------------------------------------------------------------
    def _port_after(self, mod: ModuleAst, fstring: ast.JoinedStr, part: ast.AST) -> int | None:
        """``f"http://{host}:{port}/x"``: the port written after the host part ``part``."""
        after = values_after(fstring, part)
        if after and isinstance(after[0], ast.Constant) and isinstance(after[0].value, str):
            m = re.match(r":(\d{1,5})(?!\d)", after[0].value)  # f"redis://{host}:6379/0"
            if m and 0 < int(m.group(1)) < 65536:
                return int(m.group(1))
        value = port_value(after)  # f"{host}:{port}"
        return self._int(mod, value.value, 0) if value is not None else None

    def _written_port(self, mod: ModuleAst, fstring: ast.JoinedStr) -> int | None:
        """``f"localhost:{Ports.QUEUE}"``: the port of an f-string whose literal part holds the
        host and its colon, given by the formatted value right after it, where the code writes it
        as a constant (:meth:`_constant_int`)."""
        values = fstring.values
        for i, part in enumerate(values[:-1]):
            if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
                return None  # a computed part first: the host is not written out
            text, following = part.value, values[i + 1]
            if text.endswith(":") and isinstance(following, ast.FormattedValue):
                host = text[:-1].rsplit("@", 1)[-1].rsplit("/", 1)[-1]
                return self._constant_int(mod, following.value, 0) if host and ":" not in host else None
            if "/" in text.split("://", 1)[-1]:
                return None  # past the authority: a path, no port
        return None

    def _constant_int(self, mod: ModuleAst, expr: ast.AST, depth: int) -> int | None:
        """The integer a literal, or a name the code binds only to one, holds: a module
        constant (``QUEUE_PORT = 9090``, also imported from a project module) or an attribute of
        a plain class imported from one (``Ports.QUEUE`` with ``class Ports: QUEUE = 9090``).  Not
        a settings field nor an environment read's default: the environment may replace those."""
        if depth > 5:
            return None
        if isinstance(expr, ast.Constant):
            return self._int(mod, expr, 0)
        if isinstance(expr, ast.Name):
            values = list(assigned_values(mod, expr.id, mod.tree))
            if values:
                got = {self._constant_int(mod, v, depth + 1) for v in values}
                return got.pop() if len(got) == 1 else None
            qual = mod.imports.get(expr.id)
            owner, name, cls_name = qual.rpartition(".")[0] if qual else "", expr.id, None
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            qual = mod.imports.get(expr.value.id)
            owner, name, cls_name = qual.rpartition(".")[0] if qual else "", expr.attr, qual.rpartition(".")[2] if qual else None
        else:
            return None
        for rel in self._resolve_module(owner) if owner else ():
            other = self.module(rel)
            if other is None:
                continue
            scope: ast.AST = other.tree
            if cls_name is not None:
                cls = other.classes.get(cls_name)
                if cls is None or settings_class(other, cls):
                    continue
                scope = cls
            values = list(assigned_values(other, name, scope))
            got = {self._constant_int(other, v, depth + 1) for v in values}
            if len(got) == 1:
                return got.pop()
        return None

    def _int(self, mod: ModuleAst, expr: ast.AST | None, depth: int) -> int | None:
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
            declared = self._declared_default(qn, expr)
            if declared is not None:
                # `port: int = Field(default=5432, alias="DB_PORT")`: the field's default, as
                # `port: int = 5432` gives it
                return self._int(mod, declared, depth + 1)
            for entry in self.t._entries(mod.qname(expr.func, call=True) or qn):
                if entry.role == "env" and entry.url is not None:
                    return self._int(mod, _find(expr, entry.url), depth + 1)
            return None
        if isinstance(expr, ast.BoolOp):
            for operand in expr.values:
                got = self._int(mod, operand, depth + 1)
                if got is not None:
                    return got
            return None
        if isinstance(expr, ast.Name):
            for value in assigned_values(mod, expr.id, mod.scope(expr)):
                got = self._int(mod, value, depth + 1)
                if got is not None:
                    return got
            qual = mod.imports.get(expr.id)
            if qual and "." in qual:
                module, _, name = qual.rpartition(".")
                for rel in self._resolve_module(module):
                    other = self.module(rel)
                    if other is not None:
                        for value in assigned_values(other, name, other.tree):
                            got = self._int(other, value, depth + 1)
                            if got is not None:
                                return got
            return None
        if isinstance(expr, ast.Attribute):
            name = expr.attr
            others = [m for m in self._containing(name) if m is not mod][:20] if distinctive(name) else []
            for other in [mod, *others]:
                for value in field_values(other, name):
                    got = self._int(other, value, depth + 1)
                    if got is not None:
                        return got
            # `settings.database.port`: the field of a model a settings class holds
            for other, value in nested_values(self, mod, expr):
                got = self._int(other, value, depth + 1)
                if got is not None:
                    return got
        return None

    def _declared_default(self, qn: str, call: ast.Call) -> ast.AST | None:
        """The default a class field's declaration ``call`` (qualified name ``qn``) gives: its
        keyword of ``field_defaults`` (``field(default=5432)`` of dataclasses, attrs), or the
        first positional argument or ``default`` keyword of a call of ``field_positional_defaults``
        (pydantic's ``Field(5432, ge=1)``, ``Field(default=5432)``); None for any other call, and
        for a declaration that gives none (``Field(...)`` is required: an Ellipsis, no integer;
        ``Field(default_factory=...)`` makes it per instance) (rules/flow.yaml)."""
        for kw in call.keywords:
            if kw.arg is not None and f"{qn} {kw.arg}" in self.t.field_defaults:
                return kw.value
        if qn not in self.t.field_positional_defaults:
            return None
        for kw in call.keywords:
            if kw.arg == "default":
                return kw.value
        return call.args[0] if call.args and not isinstance(call.args[0], ast.Starred) else None



def _ranked(sinks: list[Sink]) -> tuple[Sink, ...]:
    """A call that dials the value is the best evidence, then a framework setting, then a name."""
    def rank(s: Sink) -> int:
        return 2 if s.kind.startswith(("name ", "env:")) else 1 if s.kind.startswith("setting ") else 0
    return tuple(sorted(dict.fromkeys(sinks), key=rank))


def _plain_function(mod: ModuleAst, node: ast.AST) -> str | None:
    """The name of the module-level, undecorated, non-dunder function holding ``node``, or
    None (module code, a method, a nested or decorated function: a framework or its
    enclosing code may run those without naming them)."""
    func = mod.function_of(node)
    if func is None or func.decorator_list or not isinstance(mod.parent(func), ast.Module):
        return None
    # (a module's dunder, `__getattr__`, runs without being named; `__connect` is only private)
    return None if func.name.startswith("__") and func.name.endswith("__") else func.name


# decorators that leave a method run only where code writes its name: called by it
# (``@staticmethod``, ``@classmethod``), or loaded by it (``@property``, ``@cached_property``:
# pydantic neither reads nor dumps a plain property, only a ``@computed_field`` one, and
# ``dataclasses.asdict`` reads fields alone)
_BY_NAME_DECORATORS = frozenset({"staticmethod", "classmethod", "property", "cached_property"})


def _by_name_decorator(node: ast.expr) -> bool:
    """``node`` is one of ``_BY_NAME_DECORATORS``, bare or as ``functools.cached_property``."""
    if isinstance(node, ast.Name):
        return node.id in _BY_NAME_DECORATORS
    return isinstance(node, ast.Attribute) and node.attr == "cached_property" \
        and isinstance(node.value, ast.Name) and node.value.id == "functools"


def _plain_method(mod: ModuleAst, node: ast.AST, t: Tables) -> tuple[str, str] | None:
    """(class, method) when ``node`` sits in an undecorated method (or one decorated only as a
    ``@staticmethod`` or ``@classmethod``, called by its name all the same, or as a ``@property``
    or ``@cached_property``, which runs where code loads the attribute; not a dunder) of a class
    only code naming it can build (``astfacts.closed_class``: its bases are plain classes of
    the project); else None.  Nothing calls such a method but code that writes its name,
    which the judge checks over the modules a container runs (a client whose ``process``
    nothing calls, built and kept in a dict of components).  Not a name a library calls on
    an object it is handed (``rules/flow.yaml`` hook_methods: a Scrapy pipeline's
    ``process_item``, a middleware's ``process_request``, a logging filter's ``filter``).
    A settings class's library base (``BaseSettings``: ``rules/flow.yaml`` method_inert_bases)
    calls none of its undecorated methods either: a helper that reads a field runs only where
    code names it."""
    func = mod.function_of(node)
    cls = mod.parent(func) if func is not None else None
    if func is None or not isinstance(cls, ast.ClassDef) \
            or any(not _by_name_decorator(d) for d in func.decorator_list) \
            or func.name.startswith("__") and func.name.endswith("__") \
            or not func.name.startswith("_") and t.hook_methods.fullmatch(func.name) \
            or closed_class(mod, node, inert=t.method_inert_bases) != cls.name:
        return None
    return cls.name, func.name


def _settings_holder(mod: ModuleAst, node: ast.AST, kind: str) -> str | None:
    """The name of the class of plain settings fields whose body sets a setting or an
    environment default at ``node`` (``astfacts.plain_settings_class``), or None."""
    if not kind.startswith(("setting ", "env:")):
        return None
    return plain_settings_class(mod, node)


def _bound_once_before(mod: ModuleAst, name: str, read: ast.AST) -> bool:
    """The module binds ``name`` once at its top level before ``read`` (a read in a function
    runs after the whole module: every binding counts), and nowhere else by assignment."""
    at_top = mod.function_of(read) is None
    line = getattr(read, "lineno", 0)
    stores = [n for n in ast.walk(mod.tree) if isinstance(n, ast.Name) and n.id == name
              and isinstance(n.ctx, ast.Store) and mod.binding_scope(n, name) is mod.tree
              and (not at_top or n.lineno < line)]
    return len(stores) == 1


def _built_by_name(mod: ModuleAst, node: ast.AST, kind: str, inert: frozenset[str]) -> str | None:
    """The class only code naming it can build (``astfacts.closed_class``) whose method holds
    ``node``, or whose body sets a setting or an environment default there
    (``class ProductionConfig(Config)`` with an ``init_app`` hook: a class with methods is no
    plain settings holder, but a loader reads its fields only where something names it)."""
    name = closed_class(mod, node, inert=inert)
    if name is None and kind.startswith(("setting ", "env:")) and plain_settings_class(mod, node) is None:
        name = closed_class(mod, node, body=True, inert=inert)  # (a plain one is the settings holder)
    return name


def _requires(gate: Gate, variables: list[str]) -> bool:
    """The branch runs only when one of ``variables`` is set and not empty."""
    cond = gate.cond
    if not gate.taken:
        return False
    if cond[0] == "set":
        return cond[1] in variables
    return cond[0] == "truth" and cond[1][0] == "env" and cond[1][1] in variables and not cond[1][2] \
        and not cond[1][3]


def _scheme(node: ast.AST) -> str | None:
    """The scheme of a URL literal (``"http://127.0.0.1"`` -> "http"), lower case."""
    text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""
    scheme, sep, _ = text.partition("://")
    return scheme.lower() if sep and scheme.isalnum() else None


_REEXPORT_HOPS = 4  # modules a class is followed through where each hands it on
_T = TypeVar("_T")


def _reexports(mod: ModuleAst, name: str) -> list[str]:
    """The modules ``mod`` takes ``name`` from at its top level to hand it on: the one of
    ``from .base import name`` (imported as itself), and each of ``from .base import *``
    (a private name, ``_Base``, is not star-imported)."""
    out: list[str] = []
    for stmt in mod.tree.body:
        if not isinstance(stmt, ast.ImportFrom):
            continue
        for alias in stmt.names:
            if alias.name == name and alias.asname in (None, name) \
                    or alias.name == "*" and not name.startswith("_"):
                base = mod.import_base(stmt)
                if base and base not in out:
                    out.append(base)
    return out


def _imports_beyond(mod: ModuleAst, last: str, idle: tuple[str, ...]) -> bool:
    """``mod`` has an import statement naming the module ``last`` (a part of a dotted name it
    imports) whose name lies outside each of the ``idle`` modules (``celery.schedules`` and
    what it holds)."""
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = mod.import_base(node)
            names = [f"{base}.{a.name}" if base else a.name for a in node.names]
        else:
            continue
        for name in names:
            if last in name.split(".") and not any(name == m or name.startswith(m + ".") for m in idle):
                return True
    return False


def _lists_module(mod: ModuleAst, module: str, lists: tuple[str, ...]) -> bool:
    """``mod`` binds a name matching one of ``lists`` (globs: ``INSTALLED_APPS``, ``*_APPS``) to
    an expression holding the string ``module`` or a dotted name inside it
    (``"haystack.apps.HaystackConfig"``); a commented-out entry is no string."""
    for node in ast.walk(mod.tree):
        value: ast.AST | None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr in ("append", "extend", "insert"):
            targets, value = [node.func.value], node  # INSTALLED_APPS.append("haystack")
        else:
            continue
        if value is None or not any(isinstance(t, ast.Name) and any(fnmatch.fnmatchcase(t.id, g) for g in lists)
                                    for t in targets):
            continue
        for sub in ast.walk(value):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) \
                    and (sub.value == module or sub.value.startswith(module + ".")):
                return True
    return False


def _bound_by_imports(mod: ModuleAst, last: str) -> set[str]:
    """The names that ``mod``'s import statements naming the module ``last`` bind."""
    bound: set[str] = set()
    for node in ast.walk(mod.tree):
        if isinstance(node, ast.Import):
            bound.update(a.asname or a.name.split(".")[0] for a in node.names if last in a.name.split("."))
        elif isinstance(node, ast.ImportFrom):
            base = mod.import_base(node)
            if last in (base or "").split("."):
                bound.update(a.asname or a.name for a in node.names)
            else:
                bound.update(a.asname or a.name for a in node.names if a.name == last)
    return bound


def _read_names(tree: ast.AST) -> set[str]:
    """The names a module reads (alone or as the head of an attribute chain) and the strings it
    holds that could be a name (an ``__all__`` entry re-exporting an import)."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            found.add(node.value)
    return found
