"""Facts read off the syntax tree of one module, without following values: a node's
span, the values assigned to a name or a settings field, the parameter an argument or a
default binds, calls of a name, the environment variable or configuration an expression
reads, request handlers, the names a module is imported under and the import statements
that name it."""
from __future__ import annotations

import ast
import functools
import re
from typing import Iterable

from dockwise.flow.index import FUNCTIONS, Function, ModuleAst, dotted
from dockwise.flow.sinks import Tables, _find, _literal, implied_var
from dockwise.model import Span
from dockwise.words import has_whole, line_starts_holding

SETTINGS_WORDS = ("settings", "config", "conf", "cfg", "options", "opts", "env", "params")


def node_span(mod: ModuleAst, node: ast.AST) -> Span:
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", 0)
    end_line = getattr(node, "end_lineno", line) or line
    end_col = getattr(node, "end_col_offset", col) or col
    return Span(mod.rel, line, char_col(mod, line, col) + 1, end_line, char_col(mod, end_line, end_col) + 1)


def char_col(mod: ModuleAst, line: int, byte_col: int) -> int:
    text = None if mod.ascii else mod.line_text(line)
    return text_char_col(text, byte_col) if text is not None else byte_col


def text_char_col(text: str, byte_col: int) -> int:
    """The column in characters of ``byte_col`` (the ast counts UTF-8 bytes) on the line ``text``."""
    return byte_col if text.isascii() else len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace"))


def in_annotation(mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` lies in a type annotation: a parameter's, a return's or an annotated name's."""
    child = node
    for p in mod.ancestors(node):
        if isinstance(p, ast.AnnAssign) and child is p.annotation or isinstance(p, ast.arg) and child is p.annotation \
                or isinstance(p, FUNCTIONS) and child is p.returns:
            return True
        if isinstance(p, ast.stmt):
            return False
        child = p
    return False


def last_name(rel: str) -> str:
    """The last part of a module's dotted name (``app/config.py`` -> ``config``; a package's
    ``__init__.py`` -> its directory): what an importing module's text names."""
    parts = (rel[:-3] if rel.endswith(".py") else rel).split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return parts[-1] if parts else ""


def distinctive(name: str) -> bool:
    """A name specific enough to follow across modules by name alone (``redis_url``, not ``host``)."""
    return ("_" in name.strip("_") and len(name) >= 7) or len(name) >= 12


def configured_by_name(mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """A method of ``cls``, or of a class of its module it derives from, sets attributes of
    ``self`` by a name computed at run time, in a loop (``for att in self.__dict__:
    setattr(self, att, parser.get(att))``, ``for key, value in options.items(): setattr(self,
    key, value)``), and the module calls that method (``section.parse(parser)`` where it reads
    its configuration file): a configuration object an operator's file or options fill, whose
    every attribute an instance may be given; the values its ``__init__`` writes are defaults.
    A filling method nothing in the module calls leaves them the values."""
    called = mod.called_names()
    for name in lineage(mod, cls):
        c = mod.classes.get(name)
        if c is None:
            continue  # a base the module does not define
        for method in c.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or method.name not in called:
                continue
            for loop in ast.walk(method):
                if not isinstance(loop, (ast.For, ast.AsyncFor)):
                    continue
                for node in ast.walk(loop):
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                            and len(node.args) == 3 and isinstance(node.args[0], ast.Name) \
                            and node.args[0].id == "self" and not isinstance(node.args[1], ast.Constant):
                        return True
    return False


def getattr_reads(mod: ModuleAst, name: str) -> list[ast.Call]:
    """``getattr(obj, "name")`` / ``getattr(obj, "name", fallback)`` in ``mod``: a read of the
    attribute ``name`` that writes the name as a string (a settings field read with a fallback
    for an older settings class).  The call's value is the attribute's where the object has it."""
    out: dict[int, ast.Call] = {}
    for part in mod.expressions_naming(name):
        for node in ast.walk(part):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" \
                    and 2 <= len(node.args) <= 3 and not node.keywords \
                    and isinstance(node.args[1], ast.Constant) and node.args[1].value == name:
                out.setdefault(id(node), node)
    return list(out.values())


def settings_like(expr: ast.AST) -> bool:
    """A receiver that looks like a configuration object (``settings.x``, ``get_config().x``)."""
    text = (dotted(expr) or "").lower()
    if isinstance(expr, ast.Call):
        text = (dotted(expr.func) or "").lower()
    return any(w in part for part in text.split(".") for w in SETTINGS_WORDS)


def module_names(rel: str) -> list[str]:
    """Dotted names a module may be imported under: every suffix of its path."""
    path = rel[:-3] if rel.endswith(".py") else rel
    parts = path.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]



def env_read(t: Tables, mod: ModuleAst, expr: ast.AST) -> str | None:
    """The variable an expression reads from the environment (``os.getenv("X")``,
    ``os.environ["X"]``, ``environ.get("X")``), if it is one."""
    if isinstance(expr, ast.Call):
        qn = mod.qname(expr.func, call=True) or ""
        for entry in t._entries(qn):
            if entry.role == "env" and entry.host is not None:
                return _literal(_find(expr, entry.host)) or implied_var(expr, entry) or ""
        return None
    if isinstance(expr, ast.Subscript) and (dotted(expr.value) or "").endswith("environ"):
        key = expr.slice
        return key.value if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""
    return None

def config_read(t: Tables, mod: ModuleAst, expr: ast.AST) -> bool:
    """A value an operator configures: a settings/config attribute or key, a parameter
    (``self.cfg.host``, ``config["host"]``, ``settings.ollama_url``)."""
    if env_read(t, mod, expr) is not None:
        return False
    if isinstance(expr, ast.Attribute):
        return True
    if isinstance(expr, ast.Subscript):
        return True
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
        return True
    if isinstance(expr, ast.Call) and _config_getter(t, mod, expr):
        return True
    return isinstance(expr, ast.Name)


def _config_getter(t: Tables, mod: ModuleAst, call: ast.Call) -> bool:
    """``call`` looks a setting up by its name through a getter of the project's configuration
    (``config("database")``, ``am.get_setting("storage_service_url")``; ``rules/flow.yaml``
    config_getters): what it returns is what an operator configured, in a file or a database,
    as ``conf.get("database")`` is.  Only a name given as a literal key counts."""
    name = mod.qname(call.func, call=True) or dotted(call.func) or ""
    first = call.args[0] if call.args else None
    return bool(name) and t.config_getters.fullmatch(name.rsplit(".", 1)[-1]) is not None \
        and isinstance(first, ast.Constant) and isinstance(first.value, str)

def is_handler(t: Tables, mod: ModuleAst, func: Function) -> bool:
    for dec in getattr(func, "decorator_list", ()):
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in t.handlers:
            return True
    params = [a.arg for a in func.args.args]
    if params[:1] == ["request"] or params[:2] == ["self", "request"]:
        return True
    return False



def assigned_values(mod: ModuleAst, name: str, scope: ast.AST) -> list[ast.AST]:
    """The values assigned to ``name`` directly in ``scope`` (module or function body)."""
    if isinstance(scope, ast.Lambda):
        # a lambda's body is one expression, which assigns nothing: its names other than its
        # parameters are those of the scope around it (`Thread(target=lambda: app.run(port=p))`)
        a = scope.args
        if any(x.arg == name for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x):
            return []
        return assigned_values(mod, name, mod.scope(scope))
    out: list[ast.AST] = []
    body = getattr(scope, "body", [])
    for stmt in ast.walk(scope) if isinstance(scope, FUNCTIONS) else body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            out.append(stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.target.id == name \
                and stmt.value is not None:
            out.append(stmt.value)
    if not out and scope is not mod.tree:
        return assigned_values(mod, name, mod.tree)
    return out


def read_before(mod: ModuleAst, load: ast.AST, stmt: ast.AST, func: ast.AST) -> bool:
    """``load`` of a local name reads the value it held before ``stmt`` assigned it: it lies in
    ``func``'s own body (not a nested function, which may run later), before ``stmt`` ends
    (``url = url.replace(...)`` reads the old ``url``), and no loop of ``func`` holds ``stmt``
    (where a later turn reads what this one assigned)."""
    end = (getattr(stmt, "end_lineno", 0) or 0, getattr(stmt, "end_col_offset", 0) or 0)
    if (getattr(load, "lineno", 0), getattr(load, "col_offset", 0)) >= end:
        return False
    for p in mod.ancestors(load):
        if p is func:
            break
        if isinstance(p, FUNCTIONS + (ast.Lambda,)):
            return False  # a nested function or lambda: it may run after the assignment
    for p in mod.ancestors(stmt):
        if p is func:
            return True
        if isinstance(p, (ast.For, ast.AsyncFor, ast.While)):
            return False
    return True


def param_loads(mod: ModuleAst, func: ast.AST, name: str) -> list[ast.Name]:
    """The reads of parameter ``name`` of ``func`` that still see the value the call gave it
    (or its default): not those after a statement of ``func``'s own body, outside any branch or
    loop, that binds the name again (``host = self._config.get("host", host)``, ``host =
    "0.0.0.0"``).  Those read the new value, which carries the parameter's on only where its
    right-hand side reads it (followed from that read, as a local's assignment is)."""
    loads = mod.loads_in(func, name)
    body = getattr(func, "body", None)
    if not isinstance(body, list):
        return loads  # a lambda: one expression
    rebound: tuple[int, int] | None = None
    for stmt in body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else \
            [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value is not None else []
        if any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Store)
               for t in targets for n in ast.walk(t)):
            rebound = (stmt.end_lineno or stmt.lineno, stmt.end_col_offset or 0)
            break
    if rebound is None:
        return loads
    return [n for n in loads if (n.lineno, n.col_offset) < rebound]


def field_values(mod: ModuleAst, name: str) -> list[ast.AST]:
    """Defaults of class fields and module constants named ``name`` (``port: int = 9091``)."""
    out = list(assigned_values(mod, name, mod.tree))
    for cls in mod.classes.values():
        out.extend(assigned_values(mod, name, cls))
    return out



def schema_like(d: ast.Dict) -> bool:
    keys = {k.value for k in d.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}
    return bool(keys & {"type", "title", "description", "label", "required", "widget", "help_text", "help"})


def in_class(mod: ModuleAst, node: ast.AST, cls: ast.ClassDef) -> bool:
    return any(p is cls for p in mod.ancestors(node))


def foreign_self(reader: ModuleAst, load: ast.Attribute, writer: ModuleAst, cls: ast.ClassDef) -> bool:
    """``self.x`` read in a method of a class unrelated to ``cls``, whose instances hold the
    value in ``x``: another object's attribute that shares only the name (``self._url`` of a
    scraper is not ``self._url`` of an API client).  Related: the same class, one a base of
    the other, or both bases of one class (mixins)."""
    recv = load.value
    if not (isinstance(recv, ast.Name) and recv.id in ("self", "cls")):
        return False
    owner = reader.class_of(load)
    if owner is None or owner is cls:
        return False
    mine, theirs = lineage(writer, cls), lineage(reader, owner)
    if owner.name in mine or cls.name in theirs:
        return False
    for mod in {id(writer): writer, id(reader): reader}.values():
        for other in mod.classes.values():
            both = lineage(mod, other)
            if owner.name in both and cls.name in both:
                return False
    return True


def lineage(mod: ModuleAst, cls: ast.ClassDef) -> set[str]:
    """A class's name and its bases' names, followed through the classes ``mod`` defines."""
    names: set[str] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c.name in names:
            continue
        names.add(c.name)
        for base in c.bases:
            name = base.attr if isinstance(base, ast.Attribute) else base.id if isinstance(base, ast.Name) else None
            if name is None:
                continue
            defined = mod.classes.get(name)
            if defined is not None:
                todo.append(defined)
            else:
                names.add(name)
    return names


def settings_class(mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """A class whose fields a settings library fills from the environment: one of its bases
    (followed through the classes the module defines) is named like ``BaseSettings`` /
    ``AppConfig`` — not a plain class whose attributes only share a variable's name.  Only a
    base the module does not define is judged by its name: ``class Config:`` written beside
    ``class TestingConfig(Config)`` (Flask's config objects) is judged by its own bases, and a
    lineage that ends in the module's own plain classes is filled by no library."""
    return any("Settings" in base or "Config" in base for base in _outside_bases(mod, cls))


def _outside_bases(mod: ModuleAst, cls: ast.ClassDef) -> set[str]:
    """The bases of ``cls`` and of its ancestors the module defines, as written, that the
    module does not define itself (imported or dotted: ``BaseSettings``, ``pkg.AppConfig``)."""
    out: set[str] = set()
    seen: set[str] = set()
    todo = [cls]
    while todo:
        c = todo.pop()
        if c.name in seen:
            continue
        seen.add(c.name)
        for base in c.bases:
            name = dotted(base) or ""
            defined = mod.classes.get(name) if "." not in name else None
            if defined is not None and defined is not c:
                todo.append(defined)
            elif name:
                out.add(name)
    return out


def tagged_variant(mod: ModuleAst, cls: ast.ClassDef) -> bool:
    """A model that is one variant of a tagged union: a field typed ``Literal`` of one value,
    that value its default if it has one (``type: Literal["redis"] = "redis"``).  Such a model
    is built where an operator's configuration names the variant, from what it gives (a
    ``BaseSettings`` the environment fills is not: its defaults stay the service's values)."""
    if any("BaseSettings" in base for base in {dotted(b) or "" for b in cls.bases} | lineage(mod, cls)):
        return False
    for stmt in cls.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.annotation, ast.Subscript)):
            continue
        head = dotted(stmt.annotation.value) or ""
        tag = stmt.annotation.slice
        if head.rsplit(".", 1)[-1] != "Literal" or not isinstance(tag, ast.Constant):
            continue
        if stmt.value is None or (isinstance(stmt.value, ast.Constant) and stmt.value.value == tag.value):
            return True
    return False


def env_name(mod: ModuleAst, cls: ast.ClassDef, name: str, prefix: str | None = None) -> str:
    """The environment variable a pydantic settings field reads (prefix + name); ``prefix``:
    the one found on the class or its bases, where the caller followed them."""
    own = own_prefix(cls)
    return ((own if own is not None else prefix or "") + name).upper()


def own_prefix(cls: ast.ClassDef) -> str | None:
    """The ``env_prefix`` a settings class sets itself, or None: as a class keyword
    (``class Cache(BaseSettings, env_prefix="cache_")``, pydantic v2), in ``model_config``
    (``SettingsConfigDict(env_prefix=...)`` or a plain dict), as a body attribute or in an
    inner ``Config`` class (pydantic v1)."""
    return own_option(cls, "env_prefix")


def own_option(cls: ast.ClassDef, key: str) -> str | None:
    """The string a settings class sets itself for the configuration option ``key``
    (``env_prefix``, ``env_nested_delimiter``), written in any of the places ``own_prefix``
    names, or None."""
    value: str | None = None
    for kw in cls.keywords:
        if kw.arg == key and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            value = kw.value.value
    for stmt in cls.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            for inner in stmt.body:
                value = _assigned_option(inner, key, value)
        else:
            value = _assigned_option(stmt, key, value)
    return value


def _assigned_option(stmt: ast.stmt, key: str, value: str | None) -> str | None:
    """``value``, or the one ``stmt`` sets for ``key`` (``env_prefix = "x_"``, ``model_config = ...``)."""
    if not isinstance(stmt, (ast.Assign, ast.AnnAssign)) or stmt.value is None:
        return value
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
    for t in targets:
        if not (isinstance(t, ast.Name) and t.id in (key, "model_config")):
            continue
        given = stmt.value
        if t.id == key:
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                value = given.value
        elif isinstance(given, ast.Call):  # SettingsConfigDict(env_prefix="x_")
            for kw in given.keywords:
                if kw.arg == key and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    value = kw.value.value
        elif isinstance(given, ast.Dict):  # {"env_prefix": "x_"}
            for k, v in zip(given.keys, given.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == key \
                        and isinstance(v, ast.Constant) and isinstance(v.value, str):
                    value = v.value
    return value


def param_for(func: Function, call: ast.Call, arg: ast.AST, skip_self: bool) -> str | None:
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


def spread_param(func: Function, key: str, skip_self: bool) -> str | None:
    """The parameter of ``func`` that the item ``key`` of a mapping passed as ``**mapping``
    fills: the one of that name a keyword may give (not positional-only, not ``self``), or
    None (a ``**kwargs`` catch-all takes it where we do not follow)."""
    params = [a.arg for a in func.args.args]
    if skip_self and params and not func.args.posonlyargs:
        params = params[1:]
    return key if key in params or key in [a.arg for a in func.args.kwonlyargs] else None


def positional_params(mod: ModuleAst, func: Function) -> list[str]:
    """The parameters a call's positional arguments fill, in order: a method's ``self`` or
    ``cls`` left out (the call's receiver gives it)."""
    params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    if mod.class_of(func) is not None and params and params[0] in ("self", "cls"):
        params = params[1:]
    return params


def param_of_default(args: ast.arguments, node: ast.AST) -> str | None:
    positional = [*args.posonlyargs, *args.args]
    for i, d in enumerate(args.defaults):
        if d is node:
            return positional[len(positional) - len(args.defaults) + i].arg
    for a, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
        if kw_default is node:
            return a.arg
    return None


def calls_named(mod: ModuleAst, name: str, *, method: bool) -> Iterable[ast.Call]:
    """Calls of a function or method named ``name`` in a module."""
    if method:
        for attr_load in mod.attr_loads(name):
            p = mod.parent(attr_load)
            if isinstance(p, ast.Call) and p.func is attr_load:
                yield p
        return
    for load in mod.loads(name):
        p = mod.parent(load)
        if isinstance(p, ast.Call) and p.func is load:
            yield p
    for attr_load in mod.attr_loads(name):
        p = mod.parent(attr_load)
        if isinstance(p, ast.Call) and p.func is attr_load:
            yield p


def imports_module(text: str, last: str) -> bool:
    """``text`` holds an import statement naming the module ``last``: ``from a.last import
    x``, ``from .last import x``, ``from a import last`` (also in parentheses or after a
    backslash), ``import a.last``: its pattern tried only at the lines that hold ``from`` or
    ``import`` (``dockwise.words``)."""
    match = _import_statement(last).match
    return any(match(text, start) is not None for start in line_starts_holding(text, ("import", "from")))


@functools.lru_cache(maxsize=1024)
def _import_statement(last: str) -> re.Pattern[str]:
    """An import statement naming the module ``last``, from the start of its line."""
    w = re.escape(last)
    rest = r"(?:[^#\n\\]|\\\n)*"  # the rest of a logical line (backslash continuations)
    return re.compile(
        rf"[ \t]*(?:from[ \t]+[.\w]*\b{w}\b"
        rf"|from[ \t]+[.\w]+[ \t]+import[ \t]*(?:\([^)]*\b{w}\b|{rest}\b{w}\b)"
        rf"|import[ \t]+{rest}\b{w}\b)"
    )


def port_probe(t: Tables, mod: ModuleAst, call: ast.Call) -> bool:
    """``s.bind(...)`` on a socket the function opens itself (``socket.socket(...)``, in a
    ``with`` or assigned) and then only sets up, inspects or closes: whether the port is free,
    not a server (a server socket is listened on, read, handed on or returned)."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
        return False
    name = func.value.id
    scope = mod.function_of(call)
    if scope is None:
        return False
    opened = False
    for node in ast.walk(scope):
        if isinstance(node, (ast.withitem, ast.Assign)):
            target = node.optional_vars if isinstance(node, ast.withitem) else \
                (node.targets[0] if len(node.targets) == 1 else None)
            value = node.context_expr if isinstance(node, ast.withitem) else node.value
            if isinstance(target, ast.Name) and target.id == name:
                if isinstance(value, ast.Call) and len(value.args) == 1 \
                        and mod.qname(value.func, call=True) == "contextlib.closing":
                    value = value.args[0]  # `with closing(socket.socket()) as s:` closes it too
                if not (isinstance(value, ast.Call) and mod.qname(value.func, call=True) == "socket.socket"):
                    return False  # bound to something else too
                opened = True
        elif isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            use = mod.parent(node)
            called = mod.parent(use) if use is not None else None
            if _socket_setup(t, use, called):
                continue
            if not _kept_to_be_closed(t, mod, scope, node, use):
                return False
    return opened


def _socket_setup(t: Tables, use: ast.AST | None, called: ast.AST | None) -> bool:
    """``use`` calls one of the socket set-up methods (``s.close()``, ``s.getsockname()``)."""
    return isinstance(use, ast.Attribute) and use.attr in t.socket_setup \
        and isinstance(called, ast.Call) and called.func is use


def _kept_to_be_closed(t: Tables, mod: ModuleAst, scope: ast.AST, node: ast.Name,
                       use: ast.AST | None) -> bool:
    """``held.append(s)`` where ``held`` is a list the function starts empty and only appends
    to and loops over, each loop only setting up or closing its sockets: several free ports
    taken at once (each socket stays bound until all are found, so the ports differ), then
    all closed.  The list is never returned, stored or handed on, so no socket in it serves."""
    if not (isinstance(use, ast.Call) and node in use.args and isinstance(use.func, ast.Attribute)
            and use.func.attr == "append" and isinstance(use.func.value, ast.Name)):
        return False
    held = use.func.value.id
    started = False
    for other in ast.walk(scope):
        if isinstance(other, ast.Assign) and any(isinstance(x, ast.Name) and x.id == held
                                                 for x in other.targets):
            if not (len(other.targets) == 1 and isinstance(other.value, ast.List) and not other.value.elts):
                return False
            started = True
        elif isinstance(other, ast.Name) and other.id == held and isinstance(other.ctx, ast.Load):
            parent = mod.parent(other)
            if isinstance(parent, ast.Attribute) and parent.attr == "append" and \
                    isinstance(mod.parent(parent), ast.Call):
                continue
            if not (isinstance(parent, ast.For) and parent.iter is other
                    and isinstance(parent.target, ast.Name) and _loop_only_sets_up(t, mod, parent)):
                return False
        elif isinstance(other, ast.Name) and other.id == held and \
                not isinstance(mod.parent(other), ast.Assign):
            return False  # deleted or rebound some other way (a loop's or a with's target)
    return started


def _loop_only_sets_up(t: Tables, mod: ModuleAst, loop: ast.For) -> bool:
    """Every use of the loop's variable in its body is a socket set-up call (``each.close()``)."""
    var = loop.target.id if isinstance(loop.target, ast.Name) else ""
    for stmt in loop.body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and node.id == var:
                use = mod.parent(node)
                if not (isinstance(node.ctx, ast.Load) and _socket_setup(t, use, mod.parent(use) if use else None)):
                    return False
    return True


def helper_variable(t: Tables, cmod: ModuleAst, func: Function, call: ast.Call, param: str,
                    skip_self: bool) -> str | None:
    """The variable a project helper reads when the value goes into its parameter ``param``
    (``def env(name, default=None): value = os.getenv(name); return default if value is
    None else value`` called as ``env("STORE_URL", "...")``): the value is that variable's
    default.  None unless the helper reads the environment by another parameter and the call
    names the variable with a literal."""
    for node in ast.walk(func):
        if not isinstance(node, (ast.Call, ast.Subscript)):
            continue
        read = node.args[0] if isinstance(node, ast.Call) and node.args else \
            node.slice if isinstance(node, ast.Subscript) else None
        if env_read(t, cmod, node) != "" or not isinstance(read, ast.Name) or read.id == param:
            continue
        for arg in (*call.args, *(k.value for k in call.keywords)):
            if param_for(func, call, arg, skip_self) == read.id:
                return _literal(arg)
    return None


def cli_subcommand(t: Tables, mod: ModuleAst, node: ast.AST) -> str | None:
    """The subcommand name of the module-level function holding ``node`` when a decorator
    of ``rules/flow.yaml`` ``cli_subcommands`` makes it one (``@cli.command("sync")``,
    ``@cli.command()`` on ``def sync_all`` -> "sync-all"); None otherwise.  A decorator
    called on the library module itself (``@click.command()``) makes a whole program.  Code
    nested in the subcommand's function (a helper function, a class defined in its body) is
    the subcommand's: it runs only when the subcommand does."""
    func = mod.function_of(node)
    while func is not None and not isinstance(mod.parent(func), ast.Module):
        func = next((p for p in mod.ancestors(func) if isinstance(p, FUNCTIONS)), None)
    if func is None:
        return None
    for dec in func.decorator_list:
        command = _command_of(t, mod, dec, func.name)
        if command is not None:
            return command
    return None


def task_function(t: Tables, mod: ModuleAst, node: ast.AST) -> bool:
    """Whether the module-level function holding ``node`` is registered as a background task
    by a decorator of ``rules/flow.yaml`` ``task_decorators`` (``@app.task``, ``@shared_task(bind=True)``):
    its body runs where a worker executes the task, not where the task is sent."""
    func = mod.function_of(node)
    while func is not None and not isinstance(mod.parent(func), ast.Module):
        func = next((p for p in mod.ancestors(func) if isinstance(p, FUNCTIONS)), None)
    if func is None:
        return False
    for dec in func.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        if t.task_decorators.fullmatch(dotted(target) or ""):
            return True
    return False


def task_registration(t: Tables, mod: ModuleAst, line: int, name: str) -> bool:
    """Whether every ``name`` written on ``line`` of ``mod`` hands the function to a task queue's
    worker as one of its jobs (``rules/flow.yaml`` task_registration_slots, task_registration_calls,
    task_registration_keywords, task_schedule_calls): an entry of SAQ's ``"functions": [...]``, of
    arq's ``class WorkerSettings: functions = [...]``, of litestar-saq's ``QueueConfig(tasks=[...])``,
    of a list bound to a module-level name or returned by a module-level function that fills such
    a slot in the module, or the function of a ``CronJob(send_mail)`` / ``cron(send_mail)``
    schedule.  The worker calls it when it takes the job; the process that builds the
    registration calls nothing."""
    top = mod.top_statement(line)
    if top is None:
        return False
    nodes = [n for n in ast.walk(top) if isinstance(n, ast.Name) and n.id == name
             and n.lineno <= line <= (n.end_lineno or n.lineno)]
    return bool(nodes) and all(_registered_job(t, mod, n) for n in nodes)


# calls whose first argument may be a function looked up by its name, not a job's name
_NAME_LOOKUPS = frozenset({"getattr", "hasattr", "setattr", "delattr", "import_module", "import_string",
                           "__import__", "locate", "get", "pop", "__getitem__", "__getattribute__"})


def job_name_argument(mod: ModuleAst, line: int, name: str) -> bool:
    """Whether every ``name`` written on ``line`` of ``mod`` is a string, exactly the name, given
    as the first argument of a call that looks up no attribute or key by it
    (``await queue.enqueue("send_mail", to=email)``, a project's ``enqueue_task("send_mail")``):
    the name a job is sent by, for the worker that registered the function under it."""
    top = mod.top_statement(line)
    if top is None:
        return False
    nodes = [n for n in ast.walk(top) if (isinstance(n, ast.Name) and n.id == name or isinstance(n, ast.Constant)
                                          and isinstance(n.value, str) and name in n.value)
             and n.lineno <= line <= (n.end_lineno or n.lineno)]
    if not nodes:
        return False
    for n in nodes:
        call = mod.parent(n)
        if not (isinstance(n, ast.Constant) and n.value == name and isinstance(call, ast.Call)
                and call.args and call.args[0] is n):
            return False
        callee = dotted(call.func) or ""
        if not callee or callee.rpartition(".")[2] in _NAME_LOOKUPS:
            return False
    return True


def _registered_job(t: Tables, mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` (a function's name) is handed to a worker as a job (``task_registration``)."""
    parent = mod.parent(node)
    if isinstance(parent, ast.keyword):
        call = mod.parent(parent)
        return isinstance(call, ast.Call) and parent.arg in ("function", "coroutine") \
            and bool(t.task_schedule_calls.fullmatch(dotted(call.func) or ""))
    if isinstance(parent, ast.Call) and parent.args and parent.args[0] is node:
        return bool(t.task_schedule_calls.fullmatch(dotted(parent.func) or ""))
    listed = False
    while isinstance(parent, (ast.List, ast.Tuple, ast.Set)):
        node, parent, listed = parent, mod.parent(parent), True
    return listed and _job_slot(t, mod, node, 0)


def _job_slot(t: Tables, mod: ModuleAst, node: ast.AST, depth: int) -> bool:
    """The expression ``node`` (a list of jobs, or a name or call that gives one) fills a slot
    that hands its entries to a worker (``task_registration``)."""
    parent = mod.parent(node)
    if isinstance(parent, ast.keyword):
        call = mod.parent(parent)
        return isinstance(call, ast.Call) and parent.arg in t.task_registration_keywords \
            and bool(t.task_registration_calls.fullmatch(dotted(call.func) or ""))
    if isinstance(parent, ast.Dict):
        key = next((k for k, v in zip(parent.keys, parent.values, strict=True) if v is node), None)
        return isinstance(key, ast.Constant) and key.value in t.task_registration_slots
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name):
            return False
        holder = mod.parent(parent)
        if isinstance(holder, ast.ClassDef):
            return targets[0].id in t.task_registration_slots  # arq's `functions = [...]`
        if isinstance(holder, ast.Module) and depth < 2:
            # `TASKS = [send_mail]` read where a slot takes it (`tasks=TASKS`), and nowhere else
            reads = [n for n in mod.loads(targets[0].id) if n is not targets[0] and not _counted(mod, n)]
            return bool(reads) and all(_job_slot(t, mod, n, depth + 1) for n in reads)
        return False
    if isinstance(parent, ast.Return) and depth < 2:
        # `def task_functions(): return [send_mail]`, called where a slot takes the list
        func = mod.function_of(parent)
        if func is None or not isinstance(mod.parent(func), ast.Module):
            return False
        calls = [c for n in mod.loads(func.name) if isinstance(c := mod.parent(n), ast.Call) and c.func is n
                 and not _counted(mod, c)]
        return bool(calls) and all(_job_slot(t, mod, c, depth + 1) for c in calls)
    return False


def _counted(mod: ModuleAst, node: ast.AST) -> bool:
    """``node`` (a list of jobs) is only counted, ``len(TASKS)``: its entries are not called."""
    call = mod.parent(node)
    return isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "len" \
        and call.args == [node]


def cli_registration(t: Tables, mod: ModuleAst, stmt: ast.AST, name: str) -> str | None:
    """The subcommand name when the module-level statement ``stmt`` registers the function
    ``name`` by calling the decorator (``cli.command("login")(login)``, as a decorator
    would); None otherwise."""
    if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)):
        return None
    call = stmt.value
    if len(call.args) != 1 or call.keywords or not (isinstance(call.args[0], ast.Name) and call.args[0].id == name):
        return None
    return _command_of(t, mod, call.func, name)


def _command_of(t: Tables, mod: ModuleAst, dec: ast.AST, name: str) -> str | None:
    """The subcommand that the decorator expression ``dec`` makes of the function ``name``."""
    if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute)
            and isinstance(dec.func.value, ast.Name) and dec.func.value.id not in mod.imports):
        return None
    if t.cli_group_callbacks.fullmatch(dotted(dec.func) or ""):
        return _group_name(t, mod, dec.func.value.id)
    if not t.cli_subcommands.fullmatch(dotted(dec.func) or ""):
        return None
    named = dec.args[0] if dec.args else next((k.value for k in dec.keywords if k.arg == "name"), None)
    return _literal(named) if named is not None else name.replace("_", "-")


# typer's convention for a sub-application's variable: `users_app` is registered as "users"
_GROUP_SUFFIX = re.compile(r"_(?:app|cli|group)$")


def _group_name(t: Tables, mod: ModuleAst, group: str) -> str | None:
    """The name that invokes the command group ``group`` (whose callback runs only when the
    program is started with it): given where the module builds it (``typer.Typer(name="x")``)
    or registers it (``app.add_typer(group, name="x")``), else its variable's name without a
    sub-application suffix (``users_app`` -> "users").  None for a group built elsewhere, or
    with no such name (the program's root ``app``, whose callback runs with every subcommand)."""
    built = registered = None
    for stmt in mod.tree.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(x, ast.Name) and x.id == group for x in stmt.targets) \
                and isinstance(stmt.value, ast.Call) \
                and t.cli_group_constructors.fullmatch(mod.qname(stmt.value.func) or ""):
            built = stmt.value
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                and isinstance(stmt.value.func, ast.Attribute) and stmt.value.func.attr == "add_typer" \
                and stmt.value.args and isinstance(stmt.value.args[0], ast.Name) and stmt.value.args[0].id == group:
            registered = stmt.value
    if built is None:
        return None
    for call in (registered, built):
        named = next((k.value for k in call.keywords if k.arg == "name"), None) if call is not None else None
        if named is not None:
            return _literal(named) or None
    if not _GROUP_SUFFIX.search(group):
        return None
    return _GROUP_SUFFIX.sub("", group).replace("_", "-") or None


def registered_name(t: Tables, mod: ModuleAst, node: ast.AST) -> str | None:
    """The name under which the module-level class holding ``node`` is registered in a
    component registry (``@Registry.register("OPEA_DATAPREP_REDIS")``, ``rules/flow.yaml``
    registry_decorators), or None: a loader builds the class only where that name is
    selected."""
    cls = next((p for p in mod.ancestors(node) if isinstance(p, ast.ClassDef) and isinstance(mod.parent(p), ast.Module)),
               None)
    if cls is None:
        return None
    for dec in cls.decorator_list:
        if not isinstance(dec, ast.Call) or not t.registry_decorators.fullmatch(dotted(dec.func) or ""):
            continue
        named = dec.args[0] if dec.args else next((k.value for k in dec.keywords if k.arg == "name"), None)
        value = _literal(named) if named is not None else None
        if value:
            return value
    return None


def closed_class(mod: ModuleAst, node: ast.AST, body: bool = False,
                 inert: frozenset[str] = frozenset({"object"})) -> str | None:
    """The name of the module-level class whose method holds ``node`` (``body``: whose own
    body does, outside its methods: a field its methods or a loader read), where only code that
    names the class can build it, or None.  It is undecorated, takes no class keyword (a
    metaclass may register it), and its bases are none, ``inert`` ones (``object``, ``ABC``:
    ``rules/flow.yaml`` inert_bases), or module-level classes of the project of that kind (of
    its module, or imported from one the flow can read: ``ModuleAst.imported_class``), none
    defining ``__init_subclass__`` (a registry of subclasses).  A class with any other base (a
    framework's ``BaseCommand``, ``AppConfig``, ``Spider``) may be found and built by the
    framework without its name being written: not held back."""
    cls: ast.ClassDef | None = node if body and isinstance(node, ast.ClassDef) else None
    in_function = False
    for p in () if cls is not None else mod.ancestors(node):
        if isinstance(p, FUNCTIONS):
            in_function = True
        elif isinstance(p, ast.ClassDef):
            cls = p
            break
    if cls is None or in_function == body or mod.parent(cls) is not mod.tree:
        return None
    todo: list[tuple[ModuleAst, ast.ClassDef]] = [(mod, cls)]
    seen: set[tuple[str, str]] = set()
    while todo:
        m, c = todo.pop()
        if (m.rel, c.name) in seen:
            continue
        seen.add((m.rel, c.name))
        if c.decorator_list or c.keywords or len(seen) > _LINEAGE_MAX \
                or any(isinstance(s, FUNCTIONS) and s.name == "__init_subclass__" for s in c.body):
            return None
        for base in c.bases:
            if isinstance(base, ast.Subscript):
                base = base.value  # Generic[T]
            found = _project_base(m, base)
            if found is not None:
                todo.append(found)
            elif (base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)) not in inert:
                return None
    return cls.name


# how many classes a lineage may hold before it is taken for a framework's (not held back)
_LINEAGE_MAX = 32


def _project_base(mod: ModuleAst, base: ast.AST) -> tuple[ModuleAst, ast.ClassDef] | None:
    """The module-level class of the project a base names: one of ``mod`` (``Base``), or one
    imported from a module the flow reads (``from pkg.interfaces import Base``,
    ``interfaces.Base``); None for any other (a library's, a computed one)."""
    if isinstance(base, ast.Name):
        own = mod.top_class(base.id)
        if own is not None:
            return mod, own
        qual = mod.imports.get(base.id)
    elif isinstance(base, ast.Attribute):
        qual = mod.qname(base)
    else:
        return None
    return mod.imported_class(qual) if qual and mod.imported_class is not None else None


def plain_settings_class(mod: ModuleAst, node: ast.AST) -> str | None:
    """The name of the module-level, undecorated class of plain fields (no methods) whose body
    holds ``node`` outside any function, or None: a config object an app loads by name
    (``app.config.from_object("config.StagingConfig")``), whose fields are read only where
    something names it.  A call made in a class body runs as the class is defined, and a class
    with methods may be run by a framework that finds it (a plugin, a spider) without naming
    it: those are not held back."""
    if mod.function_of(node) is not None:
        return None
    cls = node if isinstance(node, ast.ClassDef) else mod.class_of(node)
    if cls is None or cls.decorator_list or not isinstance(mod.parent(cls), ast.Module):
        return None
    if any(isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for stmt in cls.body):
        return None
    return cls.name


def replaced_def(mod: ModuleAst, line: int, name: str) -> bool:
    """The undecorated module-level ``def name`` holding ``line`` is bound over by a later
    statement of the module's own body (another ``def name``, ``class name``, ``name = ...``,
    an import as ``name``) before anything reads the name: every call made once the module is
    imported reaches the later object, so the first body never runs.  A read in between (a
    registration, ``name = wrap(name)``, ``@functools.wraps(name)``) keeps it."""
    body = mod.tree.body
    at = next((i for i, st in enumerate(body) if isinstance(st, FUNCTIONS) and st.name == name
               and st.lineno <= line <= (st.end_lineno or st.lineno) and not st.decorator_list), None)
    if at is None:
        return False
    for st in body[at + 1:]:
        if binds_name(st, name):
            return not any(_reads_name(part, name) for part in _evaluated_before_binding(st))
        if _reads_name(st, name):
            return False
    return False


def binds_name(st: ast.stmt, name: str) -> bool:
    """A statement of a body binding ``name``: a ``def``/``class`` of that name, an assignment
    to it (an annotation with a value), or an import as it."""
    if isinstance(st, (*FUNCTIONS, ast.ClassDef)):
        return st.name == name
    if isinstance(st, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id == name for t in st.targets)
    if isinstance(st, ast.AnnAssign):
        return st.value is not None and isinstance(st.target, ast.Name) and st.target.id == name
    if isinstance(st, (ast.Import, ast.ImportFrom)):
        return any((a.asname or a.name.partition(".")[0]) == name for a in st.names)
    return False


def _evaluated_before_binding(st: ast.stmt) -> list[ast.AST]:
    """The parts of a binding statement evaluated before the name is bound: a function's
    decorators and defaults, a class's decorators, bases and keywords, an assignment's value."""
    if isinstance(st, FUNCTIONS):
        args = st.args
        return [*st.decorator_list, *args.defaults, *(d for d in args.kw_defaults if d is not None)]
    if isinstance(st, ast.ClassDef):
        return [*st.decorator_list, *st.bases, *st.keywords]
    if isinstance(st, (ast.Assign, ast.AnnAssign)) and st.value is not None:
        return [st.value]
    return []


def _reads_name(node: ast.AST, name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name and not isinstance(n.ctx, ast.Store) for n in ast.walk(node))


def annotation_only(top: ast.AST, line: int, name: str) -> bool:
    """Every mention of ``name`` on ``line`` of the statement ``top`` stands in a type
    annotation (a parameter's, a return's, an annotated name's: ``def index(client:
    SearchClient)``, ``pending: list[SearchClient] = []``), and there is one: an annotation
    names the class, it builds nothing.  A mention anywhere else on the line (a call, a
    default, a dotted path in a string) may build it.  (Comments and sentences are no
    mentions at all: ``mentions.prose``.)"""
    roots: list[ast.AST] = []
    for node in ast.walk(top):
        if isinstance(node, FUNCTIONS):
            a = node.args
            params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *(p for p in (a.vararg, a.kwarg) if p is not None)]
            roots.extend(p.annotation for p in params if p.annotation is not None)
            if node.returns is not None:
                roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
    inside = {id(n) for root in roots for n in ast.walk(root)}
    seen = False
    for node in ast.walk(top):
        if isinstance(node, ast.Name) and node.id == name and node.lineno == line \
                or isinstance(node, ast.Attribute) and node.attr == name and node.end_lineno == line \
                or isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.lineno <= line <= (node.end_lineno or node.lineno) and has_whole(node.value, name):
            if id(node) not in inside:
                return False
            seen = True
    return seen


def lazy_binding(mod: ModuleAst, call: ast.Call) -> tuple[str, str, int] | None:
    """Where the object ``call`` builds is kept when the statement only binds it to a class
    attribute (``client = Client(...)`` in a class body, or annotated): ("class", the
    attribute's name, the statement's line); or, at a module's top level, to an attribute of
    an object the module names (``server.pubsub = Manager(...)``): ("attribute", the
    attribute's name, the line); or returned as it is built by an undecorated module-level
    function (``def connect(): return boto3.resource(...)``): ("returned", the function's
    name, the line of its ``def``), used only where a call of the function keeps the result;
    or to a name at a module's top level (``engine = create_engine(...)``): ("module", the
    name, the line), used wherever the name is read, but in a container that only imports
    the code only by what runs on import.
    None for any other binding: a local name, ``self.x``, an attribute of an
    attribute, an argument, a return from a method or a nested or decorated function, a
    subscript, two targets (their reads are not followed yet: the finding stays)."""
    target = bound_target(mod, call)
    stmt = mod.parent(call)
    if isinstance(stmt, ast.Return) and stmt.value is call:
        func = mod.scope(stmt)
        if isinstance(func, FUNCTIONS) and not func.decorator_list and isinstance(mod.parent(func), ast.Module):
            return "returned", func.name, func.lineno
        return None
    if isinstance(target, ast.Name) and isinstance(stmt, ast.stmt) and isinstance(mod.parent(stmt), ast.ClassDef):
        return "class", target.id, stmt.lineno
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
            and target.value.id not in ("self", "cls") and isinstance(stmt, ast.stmt) \
            and isinstance(mod.parent(stmt), ast.Module):
        return "attribute", target.attr, stmt.lineno
    if isinstance(target, ast.Name) and isinstance(stmt, ast.stmt) and mod.parent(stmt) is mod.tree:
        return "module", target.id, stmt.lineno
    return None


def bound_target(mod: ModuleAst, call: ast.Call) -> ast.expr | None:
    """The one target a statement binds the object ``call`` builds to (``x = Client(...)``,
    annotated or not), or None (the call stands inside a larger expression, two targets)."""
    stmt = mod.parent(call)
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and stmt.value is call:
        return stmt.targets[0]
    if isinstance(stmt, ast.AnnAssign) and stmt.value is call:
        return stmt.target
    return None
