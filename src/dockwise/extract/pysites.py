"""Judging a string by where it stands: the site of a string expression (a call's
argument, a keyword, a variable, a dict key, a parameter, a settings field, an
environment default...) says which forms count as an address there (``free``, ``url``,
``host``...), with which role and context, or that it is never a target.

``SiteJudging`` is mixed into the extractor (``dockwise.extract.python``): it reads the
extractor's tables, names, imports and settings classes and hands what it finds to
``_emit``."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Callable

import libcst as cst

from dockwise.extract.address import parse_any
from dockwise.extract.pynodes import (
    BARE_LOOPBACK,
    FORMAT_FIELD,
    HOSTPORT,
    MAX_STRING,
    NEVER_TYPES,
    PASS_METHODS,
    STOP_TYPES,
    WS,
    arg_matches,
    arg_position,
    find_arg,
    int_value,
    literal_str,
    param_port,
    port_value,
    target_names,
)
from dockwise.extract.pytables import Tables, calls_for, is_pattern_entry
from dockwise.extract.pytext import substitute
from dockwise.model import Text
from dockwise.pysyntax import parse as parse_source


@dataclass
class Site:
    form: str  # free | url | address | hostport | host | any
    role: str = "connect"
    context: str = ""
    scheme: str | None = None
    entry: bool = False  # from a rules/clients.yaml call entry
    pattern: bool = False  # ... matched by a "*" pattern
    port: tuple[int | None, cst.CSTNode | None] | None = None  # sibling port (value, node)


NEVER = object()
# what a name says of a string that is never a target (a data name): a sentinel, by identity
_NOT_A_TARGET = Site("")


class SiteJudging:
    # set by the extractor's __init__ and walk
    tables: Tables
    settings: dict[cst.ClassDef, str]
    field_env_ignored: set[cst.ClassDef]
    alias_choices: dict[str, tuple[str, ...]]
    whole_source: str  # the file's text before focus and masking
    # the extractor's methods (dockwise.extract.python, .pytext, .pyemit)
    qname: Callable[..., str | None]
    _name_kind: Callable[[str, str], tuple[str | None, str | None]]
    _is_message: Callable[[str], bool]
    text_of: Callable[[cst.CSTNode], Text | None]
    _emit: Callable[..., None]
    _dict_port: Callable[..., tuple[int | None, cst.CSTNode | None] | None]

    def _judge(self, node: cst.CSTNode, anc: tuple[cst.CSTNode, ...]) -> None:
        parent = anc[-1]
        if type(parent) is cst.Expr:
            return  # docstring or a bare string statement
        if type(node) is cst.SimpleString:
            raw = node.value
            if len(raw) > MAX_STRING or (":" not in raw and "=" not in raw and WS.search(raw[1:-1])):
                return
        result = self._site(node, anc)
        if result is None:
            return
        site, fallback_for, collection, tuple_port, template = result
        text = self.text_of(node)
        if text is None:
            return
        if template == "format":
            text = substitute(text, FORMAT_FIELD)
        value = text.value
        if len(value) > MAX_STRING or not value.strip():
            return
        if site.form == "free" and "://" not in value and "=" not in value and not HOSTPORT.fullmatch(value) \
                and not (site.context.startswith("env:") and BARE_LOOPBACK.fullmatch(value)):
            return  # (a loopback host alone as an environment default is a candidate: the flow decides)
        address = parse_any(value)
        if address is None:
            return
        # a template's fields: the f-string's own, or the arguments of its `.format(...)` call
        filler = anc[-2] if template == "format" and len(anc) >= 2 and type(anc[-2]) is cst.Call else node
        self._emit(node, text, address, site, fallback_for, collection, tuple_port, filler)

    def _site(self, node: cst.CSTNode, anc: tuple[cst.CSTNode, ...]):
        """Where the string stands: (site, fallback_for, first collection, tuple port node,
        template) or None when it is never a target."""
        child: cst.CSTNode = node
        site: Site | None = None
        opaque = False
        fallback_for: str | None = None
        collection: cst.CSTNode | None = None
        tuple_port: cst.CSTNode | None = None
        template: str | None = None
        first_name: str | None = None
        arg: cst.Arg | None = None
        port_info: tuple[int | None, cst.CSTNode | None] | None = None
        receiver: cst.CSTNode | None = None
        # the string is the value of a mapping key that names no address (`"user"`, `"password"`,
        # `"database"`): an option of whatever takes the mapping, not its address
        plain_key = False
        i = len(anc)
        while i > 0:
            i -= 1
            # Any: dispatched on type(p) (faster than isinstance), which mypy cannot narrow
            p: Any = anc[i]
            kind = type(p)
            # (each case climbs on, with ``child = p`` below, or stops with break / return)
            if kind is cst.Element or kind is cst.StarredElement:
                pass
            elif kind is cst.List or kind is cst.Tuple or kind is cst.Set:
                if collection is None:
                    collection = p
                    if kind is cst.Tuple and len(p.elements) == 2 and p.elements[0] is child:
                        tuple_port = p.elements[1].value
            elif kind is cst.Arg:
                arg = p
            elif kind is cst.Attribute:
                if child is not p.value:
                    return None
                receiver = child
            elif kind is cst.Call:
                if (arg is None or child is not arg) and site is not None and site.entry:
                    # a method of what a client call built, however deep in its attributes:
                    # `MongoClient(url).shop.orders.find()` dials as `MongoClient(url).ping()` does
                    break
                if arg is None or child is not arg:
                    passed = _method_passes(p.func, child, receiver, node)
                    if passed is None:
                        return None
                    template = passed or template
                elif site is not None and site.entry:
                    # the string is an argument of a client call already: an outer call takes
                    # that call's result, `print(requests.get(url).json())`, and the call dials
                    # the string wherever its result goes
                    break
                else:
                    before = site
                    state = self._call_site(p, arg, anc, i, node, site, opaque, collection, tuple_port,
                                            fallback_for, first_name)
                    if state is None:
                        return None
                    site, opaque, fallback_for, first_name = state
                    if plain_key and before is None and site is not None and site.entry:
                        # `PostgresEngine(config={"host": h, "user": "..."})`: the client's mapping of
                        # options holds its address under an address key only (a URL counts anywhere)
                        site, opaque = None, True
                arg = None
            elif kind is cst.DictElement:
                before = site
                found = self._dict_site(p, child, anc, i, site, opaque, port_info)
                if found is None:
                    return None
                site, port_info = found
                if before is None and site is None and child is p.value and literal_str(p.key) is not None:
                    plain_key = True
            elif kind is cst.Assign or kind is cst.AnnAssign or kind is cst.AugAssign or kind is cst.NamedExpr \
                    or kind is cst.Param:
                # bound to a name, which says what it holds (x += "...": the name does not describe the text)
                if kind is not cst.AugAssign:
                    site, fallback_for = self._assigned_site(p, kind, child, anc, i, site, opaque, fallback_for)
                    if site is _NOT_A_TARGET:
                        return None
                break
            elif kind is cst.BooleanOperation:
                if child is p.right and type(p.operator) is cst.Or and type(p.left) is cst.Call:
                    site, fallback_for = self._or_default_site(p.left, site, opaque, fallback_for)
                    if site is _NOT_A_TARGET:
                        return None
            elif kind is cst.IfExp:
                if child is p.test:
                    return None
            elif kind is cst.Expr:
                break
            elif isinstance(p, NEVER_TYPES):
                if site is not None and site.entry and kind in (cst.Comparison, cst.ComparisonTarget):
                    break  # a client call's result compared: requests.get(url).status_code == 200
                return None
            elif isinstance(p, STOP_TYPES):
                break
            child = p
        return self._finish(site, node, first_name, fallback_for, collection, tuple_port, template)

    def _call_site(self, call: cst.Call, arg: cst.Arg, anc: tuple[cst.CSTNode, ...], i: int, node: cst.CSTNode,
                   site: Site | None, opaque: bool, collection: cst.CSTNode | None, tuple_port: cst.CSTNode | None,
                   fallback_for: str | None, first_name: str | None
                   ) -> tuple[Site | None, bool, str | None, str | None] | None:
        """What ``call``, taking the string in ``arg``, says (``_call_level``'s verdict): the new
        (site, opaque, fallback_for, first_name), or None when the string is never a target."""
        decided = self._call_level(call, arg, anc, i, node, site, opaque, collection, tuple_port)
        if decided is NEVER:
            return None
        kind_of, payload = decided
        if kind_of == "site":
            if site is None and not opaque:
                site = payload
            elif site is not None and site is not _NOT_A_TARGET and site.scheme is None and payload.scheme \
                    and site.context.startswith("dict:") and not opaque:
                # `PostgresEngine(config={"host": "localhost"})`: the host of the client's mapping
                # of options is dialled at the client's default port
                site.scheme = payload.scheme
        elif kind_of == "env":
            if fallback_for is None:
                fallback_for = payload
            if payload:
                if site is None and not opaque:
                    first_name = first_name or f"env:{payload}"
                site = self._named_site(payload, "env", site, opaque)
                if site is _NOT_A_TARGET:
                    return None
        elif kind_of == "opaque":
            if site is None:
                opaque = True
        elif kind_of == "name":  # ("pass": the call passes the value on unjudged)
            name, where, port = payload
            before = site
            site = self._named_site(name, where, site, opaque)
            if site is _NOT_A_TARGET:
                return None
            if before is None and not opaque:
                if site is None:
                    opaque = True
                elif port is not None:
                    site.port = port
        return site, opaque, fallback_for, first_name

    def _or_default_site(self, call: cst.Call, site: Site | None, opaque: bool, fallback_for: str | None
                         ) -> tuple[Site | None, str | None]:
        """``os.getenv("X") or "..."``: the string is the fallback of the environment variable
        the call reads, whose name says the site (``_NOT_A_TARGET``: a data name)."""
        env = self._env_name(call)
        if env is not None:
            fallback_for = fallback_for or env
            site = self._named_site(env, "env", site, opaque)
        return site, fallback_for

    def _dict_site(self, p: cst.DictElement, child: cst.CSTNode, anc: tuple[cst.CSTNode, ...], i: int,
                   site: Site | None, opaque: bool, port_info: tuple[int | None, cst.CSTNode | None] | None
                   ) -> tuple[Site | None, tuple[int | None, cst.CSTNode | None] | None] | None:
        """The string in dict entry ``p`` (at ``anc[i]``): the site its key says, with the port
        the dict gives beside it, and that port (found once, for the dicts around); None when
        the string is never a target (a key, or under a data key)."""
        if child is p.key:
            return None
        key = literal_str(p.key)
        if key is None:
            return site, port_info
        before = site
        site = self._named_site(key, "dict", site, opaque)
        if site is _NOT_A_TARGET:
            return None
        if port_info is None and i > 0 and type(anc[i - 1]) is cst.Dict:
            port_info = self._dict_port(anc[i - 1])
        if before is None and site is not None:  # a new site
            site.port = port_info
        elif site is not None and site.port is None and not site.entry and port_info is not None:
            site.port = port_info  # {"HOST": os.getenv("H", "db"), "PORT": 5432}
        return site, port_info

    def _named_site(self, name: str, where: str, site: Site | None, opaque: bool) -> Site | None:
        """What a name over the string (``where``: "env", "dict", "param", a call's keyword...)
        says: ``_NOT_A_TARGET`` for a data name, a new site when there is none yet (nor an
        opaque call) and the name is a target's, else ``site`` unchanged."""
        cls, form = self._name_kind(name, where)
        if cls in ("data", "advertised"):
            return _NOT_A_TARGET
        if site is None and not opaque and (cls in ("target", "bind") or form is not None):
            return Site(form or "url", "bind" if cls == "bind" else "connect", f"{where}:{name}")
        return site

    def _assigned_site(self, p: Any, kind: type, child: cst.CSTNode, anc: tuple[cst.CSTNode, ...], i: int,
                       site: Site | None, opaque: bool, fallback_for: str | None
                       ) -> tuple[Site | None, str | None]:
        """The string assigned at ``anc[i]`` (or a parameter's default): the site its target
        names say (a variable's, or a settings field's environment variable), and what it is
        the fallback for (``_NOT_A_TARGET``: a data name)."""
        if kind is cst.Param:
            return (self._param_site(p, anc, i, site, opaque) if child is p.default else site), fallback_for
        targets = [t.target for t in p.targets] if kind is cst.Assign else [p.target]
        element = child
        if type(p.value) in (cst.Tuple, cst.List) and i + 2 < len(anc) and anc[i + 1] is p.value:
            element = anc[i + 2]  # HOST, PORT = "localhost", 8000
        names = []
        for t in targets:
            names.extend(target_names(t, p.value, element))
        settings_env = self._settings_env(anc, i, names)
        for name in names:
            if name == "__all__":
                return _NOT_A_TARGET, fallback_for
            where = "setting" if settings_env is not None else "var"
            if settings_env is None and name in self.tables.mail_hosts and child is p.value:
                mail = self._mail_site(name, anc, i)
                if mail is _NOT_A_TARGET:
                    return _NOT_A_TARGET, fallback_for
                if site is None and not opaque:
                    site = mail
                elif site is not None and site.context.startswith("env:"):
                    # `EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")`: the default of the
                    # variable read is the same mail server's host, at the same port
                    site.scheme, site.port = mail.scheme, site.port or mail.port
                continue
            cls, form = self._name_kind(name.rsplit(".", 1)[-1], where)
            if cls in ("data", "advertised"):
                return _NOT_A_TARGET, fallback_for
            if site is None and not opaque and (cls in ("target", "bind") or form is not None):
                if settings_env is not None:
                    site = Site(form or "url", "bind" if cls == "bind" else "connect", f"env:{settings_env}")
                else:
                    site = Site(form or "url", "bind" if cls == "bind" else "connect", f"var:{name}")
        if settings_env is not None:
            fallback_for = fallback_for or settings_env
            site = self._named_site(settings_env, "env", site, opaque)
        return site, fallback_for

    def _mail_site(self, name: str, anc: tuple[cst.CSTNode, ...], i: int) -> Site:
        """The mail host setting ``name`` (rules/flow.yaml mail_hosts) assigned at module level
        at ``anc[i]``: a connect target at its port setting's value (else the default port) where
        the module's backend setting is unset or names an SMTP backend, else ``_NOT_A_TARGET``
        (a console/file/memory backend, one read from the environment, a port not known)."""
        port_name, default_port, backend_name, smtp = self.tables.mail_hosts[name]
        if any(isinstance(a, (cst.FunctionDef, cst.ClassDef)) for a in anc[:i]):
            return _NOT_A_TARGET
        # the whole file's module-level statements (the tree walked here holds only the kept ones)
        tree = self._whole_tree()
        if tree is None:
            return _NOT_A_TARGET
        backends: list[ast.expr] = []
        ports: list[ast.expr] = []
        star = False
        for stmt in _module_statements(tree.body):
            if isinstance(stmt, ast.ImportFrom) and any(n.name == "*" for n in stmt.names):
                star = True
            targets = stmt.targets if isinstance(stmt, ast.Assign) \
                else [stmt.target] if isinstance(stmt, ast.AnnAssign) and stmt.value is not None else []
            for t in targets:
                if isinstance(t, ast.Name) and t.id == backend_name:
                    backends.append(stmt.value)
                elif isinstance(t, ast.Name) and t.id == port_name:
                    ports.append(stmt.value)
        if backends:
            if not all(isinstance(b, ast.Constant) and b.value in smtp for b in backends):
                return _NOT_A_TARGET  # a backend that never dials, or one chosen elsewhere
        elif star or not smtp:
            return _NOT_A_TARGET  # the backend may come with the settings star-imported
        port: tuple[int | None, cst.CSTNode | None] = (default_port, None)
        if ports:
            values = {_port_literal(v) for v in ports}
            if len(values) != 1 or None in values:
                return _NOT_A_TARGET  # a port not known (or several): its service cannot be judged
            port = (values.pop(), None)
        return Site("host", "connect", f"var:{name}", scheme="smtp", port=port)

    def _param_site(self, p: cst.Param, anc: tuple[cst.CSTNode, ...], i: int, site: Site | None,
                     opaque: bool) -> Site | None:
        """The default of parameter ``p``: the site its name says, with the port parameter
        beside it (``_NOT_A_TARGET``: a data name)."""
        before = site
        site = self._named_site(p.name.value, "param", site, opaque)
        if before is None and site is not None and site is not _NOT_A_TARGET:
            params = anc[i - 1] if i > 0 else None
            if isinstance(params, cst.Parameters):
                site.port = param_port(params)
        return site

    def _finish(self, site, node, first_name, fallback_for=None, collection=None, tuple_port=None, template=None):
        if site is not None and site.port is None and not site.entry and tuple_port is not None:
            if port_value(tuple_port) is not None:
                site.port = (port_value(tuple_port), tuple_port)  # ("localhost", 6379)
        if site is None:
            site = Site("free", context=first_name or "")
        return site, fallback_for, collection, tuple_port, template

    def _settings_env(self, anc: tuple[cst.CSTNode, ...], i: int, names: list[str]) -> str | None:
        """The environment variable of a pydantic settings field assigned at anc[i]."""
        if not self.settings or i < 3:
            return None
        cls = anc[i - 3]
        if type(cls) is not cst.ClassDef or cls not in self.settings or type(anc[i - 2]) is not cst.IndentedBlock:
            return None
        if not names or names[0] in ("model_config",):
            return None
        stmt = anc[i]
        value = getattr(stmt, "value", None)
        if type(value) is cst.Call and (self.qname(value.func) or "").rsplit(".", 1)[-1] == "Field":
            # (pydantic-settings v2 reads no `env` keyword: the field's own name, rules/flow.yaml
            # field_env_ignored_bases)
            renaming = ("validation_alias", "alias") if cls in self.field_env_ignored else ("env", "validation_alias", "alias")
            for a in value.args:
                if a.keyword is not None and a.keyword.value in renaming:
                    alias = literal_str(a.value)
                    if alias:
                        return alias
                    choices = self._alias_choices(a.value, (self.settings[cls] + names[0]).upper())
                    if choices:
                        return choices
                    if a.keyword.value == "env" and isinstance(a.value, (cst.List, cst.Tuple)):
                        listed = self._env_list([literal_str(e.value) for e in a.value.elements])
                        if listed:
                            return listed
        configured = self._config_fields_env(cls, names[0])
        if configured:
            return configured
        return (self.settings[cls] + names[0]).upper()

    def _whole_tree(self) -> ast.Module | None:
        """The whole source parsed once with CPython's ast (None where it does not parse)."""
        if not hasattr(self, "_whole_ast"):
            try:
                self._whole_ast: ast.Module | None = parse_source(self.whole_source)
            except (SyntaxError, ValueError, RecursionError):
                self._whole_ast = None
        return self._whole_ast

    def _config_fields_env(self, cls: cst.ClassDef, field: str) -> str | None:
        """The variable pydantic v1 reads for ``field`` where the class's ``Config`` names it,
        ``fields = {"movies_host": {"env": "MOVIESAPI_HOST"}}`` (v1's "Settings management":
        custom variable names are set with ``Config.fields[name]["env"]`` or ``Field(env=...)``,
        without the prefix; a list is read in order, the first one set wins, like AliasChoices).
        A plain string there is an alias, which v1 does not read from the environment.  Read
        from the whole source: the tree kept for extraction drops the ``Config`` body."""
        if "Config" not in self.whole_source or "fields" not in self.whole_source:
            return None
        tree = self._whole_tree()
        if tree is None:
            return None
        found: list[str] = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or node.name != cls.name.value:
                continue
            for config in node.body:
                if not isinstance(config, ast.ClassDef) or config.name != "Config":
                    continue
                for stmt in config.body:
                    if not isinstance(stmt, ast.Assign) or not isinstance(stmt.value, ast.Dict) \
                            or not any(isinstance(t, ast.Name) and t.id == "fields" for t in stmt.targets):
                        continue
                    for key, value in zip(stmt.value.keys, stmt.value.values, strict=True):
                        if not (isinstance(key, ast.Constant) and key.value == field and isinstance(value, ast.Dict)):
                            continue
                        for opt_key, opt in zip(value.keys, value.values, strict=True):
                            if not (isinstance(opt_key, ast.Constant) and opt_key.value == "env"):
                                continue
                            items = opt.elts if isinstance(opt, (ast.List, ast.Tuple)) else [opt]
                            names = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value]
                            if names and len(names) == len(items):
                                found.append("\0".join(names))
        if len(set(found)) != 1:
            return None  # none, or classes of that name that disagree
        return self._env_list(list(found[0].split("\0")))

    def _env_list(self, names: list[str | None]) -> str | None:
        """The first of pydantic v1's list of variables for a field (``env=["A", "B"]``): the
        first one set wins, so the others are kept as its alternatives, like AliasChoices."""
        clean = [n for n in names if n]
        if not clean or len(clean) != len(names):
            return None  # a name that is no plain string: which variables is not known
        first = clean[0]
        more = self.alias_choices.get(first, ())
        self.alias_choices[first] = more + tuple(n for n in clean[1:] if n not in more)
        return first

    def _alias_choices(self, value: cst.BaseExpression, own: str) -> str | None:
        """``AliasChoices("MQ_HOST", "RABBIT_HOST")``: pydantic-settings reads the first of
        these variables that is set (no env_prefix added), so the default is the fallback of
        each; also of ``own``, the prefixed field name, which ``populate_by_name`` reads.  The
        first is returned; the others are kept for the endpoint (``fallbacks``)."""
        if type(value) is not cst.Call or (self.qname(value.func) or "").rsplit(".", 1)[-1] != "AliasChoices":
            return None
        names = [n for a in value.args if a.keyword is None and (n := literal_str(a.value))]
        if not names:
            return None
        names.append(own)
        more = self.alias_choices.get(names[0], ())
        self.alias_choices[names[0]] = more + tuple(n for n in names[1:] if n not in more)
        return names[0]

    def _env_name(self, call: cst.Call) -> str | None:
        q = self.qname(call.func, call=True)
        if not q:
            return None
        for entry in calls_for(self.tables, q):
            if entry.role == "env" and entry.host is not None:
                a = find_arg(call, entry.host)
                if a is not None:
                    return literal_str(a.value)
                return _implied_var(call, entry)
        return None

    def _call_level(self, call: cst.Call, arg: cst.Arg, anc, i, node, site, opaque, collection, tuple_port):
        """How a call judges the argument ``arg`` that holds the string."""
        q = self.qname(call.func, call=True)
        if q is None:
            return ("opaque", None)
        tables = self.tables
        last = q.rsplit(".", 1)[-1]
        # pydantic Field(default) in a settings class: the default passes through
        if last == "Field" and i >= 1 and type(anc[i - 1]) in (cst.AnnAssign, cst.Assign) and anc[i - 1].value is call:
            if self._settings_env(anc, i - 1, ["x"]) is not None:
                if (arg.keyword is not None and arg.keyword.value == "default") or (arg.keyword is None and call.args and call.args[0] is arg):
                    return ("pass", None)
            return NEVER
        entries = calls_for(tables, q)
        pos = arg_position(call, arg)
        for entry in entries:
            if entry.role == "env":
                if entry.url is not None and arg_matches(entry.url, arg, pos):
                    name_arg = find_arg(call, entry.host) if entry.host is not None else None
                    name = literal_str(name_arg.value) if name_arg is not None else _implied_var(call, entry)
                    return ("env", name)
                if entry.host is not None and arg_matches(entry.host, arg, pos):
                    return NEVER  # the variable's name
                continue
            field = None
            if entry.address is not None and arg_matches(entry.address, arg, pos) and tuple_port is not None:
                field = "address"
            elif entry.url is not None and arg_matches(entry.url, arg, pos):
                field = "url"
            elif entry.hostport is not None and arg_matches(entry.hostport, arg, pos):
                field = "hostport"
            elif entry.host is not None and arg_matches(entry.host, arg, pos):
                field = "host"
            if field is None:
                if entry.port is not None and arg_matches(entry.port, arg, pos):
                    return NEVER  # a port written as a string
                continue
            ctx = f"kwarg:{arg.keyword.value}" if arg.keyword is not None else f"arg:{q}"
            if field == "address":
                form, port = "any", (port_value(tuple_port), tuple_port)
            elif field == "url":
                form, port = "url", None
            elif field == "hostport":
                form, port = "hostport", None
            else:
                form, port = ("any" if entry.host_form == "any" else "host"), None
            if port is None and entry.port is not None:
                port_arg = find_arg(call, entry.port)
                if port_arg is not None:
                    port = (int_value(port_arg.value), port_arg.value)
            s = Site(form, entry.role, ctx, entry.scheme, entry=True, pattern=is_pattern_entry(tables, q, entry), port=port)
            return ("site", s)
        if self._is_message(q):
            return NEVER
        if arg.keyword is not None:
            name = arg.keyword.value
            if last == "get" and name == "default" and type(call.func) is cst.Attribute and call.args:
                key = literal_str(call.args[0].value)
                if key is not None:
                    return ("name", (key, "dict", None))
            port = None
            for other in call.args:
                if other.keyword is not None and other.keyword.value.lower() == "port":
                    port = (int_value(other.value), other.value)
            return ("name", (name, "kwarg", port))
        if arg.star == "**":
            return ("pass", None)  # f(**{"host": ...}): the dict's keys named the values
        if last == "get" and type(call.func) is cst.Attribute and pos == 1 and call.args:
            key = literal_str(call.args[0].value)  # mapping.get("KEY", default)
            if key is not None:
                return ("name", (key, "dict", None))
        return ("opaque", None)


def _method_passes(func: cst.BaseExpression, child: cst.CSTNode, receiver: cst.CSTNode | None,
                   node: cst.CSTNode) -> str | None:
    """The value is the receiver of a method: "...".format(x), getenv(...).split(","), or a
    method of a call's result: requests.get(url).json(), Redis(...).ping(). "format" when
    the string itself is a format template, "" when the method passes the value on, None
    when it does not (the string is never a target)."""
    if child is not func or type(func) is not cst.Attribute:
        return None
    if func.attr.value in PASS_METHODS:
        return "format" if func.attr.value == "format" and receiver is node else ""
    return "" if type(receiver) is cst.Call else None


def _module_statements(body: list[ast.stmt]) -> Any:
    """The statements run at module level: the body's, and those of its if/try/with blocks."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.If, ast.Try, ast.With)):
            yield from _module_statements(stmt.body)
            yield from _module_statements(getattr(stmt, "orelse", []))
            yield from _module_statements(getattr(stmt, "finalbody", []))
            for h in getattr(stmt, "handlers", ()):
                yield from _module_statements(h.body)


def _port_literal(node: ast.expr) -> int | None:
    """A port setting's value: an integer (or digit string) literal, or the literal default of
    the call that reads it (``int(os.getenv("EMAIL_PORT", 1025))``)."""
    if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
        value = node.value
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        return value if isinstance(value, int) and 0 < value < 65536 else None
    if isinstance(node, ast.Call):
        if len(node.args) == 1 and not node.keywords and isinstance(node.args[0], ast.Call):
            return _port_literal(node.args[0])  # int(...)
        default = [k.value for k in node.keywords if k.arg == "default"] or node.args[1:2]
        if default:
            return _port_literal(default[0])
    return None


def _implied_var(call: cst.Call, entry: Any) -> str | None:
    """The variable an environment reader reads where the call names none (``default_var`` of
    its entry: ``dj_database_url.config(default=...)`` reads DATABASE_URL), unless a ``*`` or
    ``**`` argument may give the name."""
    if entry.default_var is None or any(a.star for a in call.args):
        return None
    return str(entry.default_var)
