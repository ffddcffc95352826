"""Small readings of LibCST nodes that the Python extractor shares: a dotted name, a
literal string or int, a dict's or a parameter list's port, the argument a call entry
names, the names an assignment binds, and the literal-shape constants (which node types
stop or never carry a target, string method names that pass a value on)."""
from __future__ import annotations

import ast
import re
from typing import Any

import libcst as cst

from dockwise.pysyntax import parse as parse_source

STRING_LEAVES = (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)
PASS_METHODS = frozenset({"split", "rsplit", "strip", "rstrip", "lstrip", "lower", "encode", "decode", "format", "splitlines"})
STOP_TYPES = (
    cst.SimpleStatementLine, cst.SimpleStatementSuite, cst.IndentedBlock, cst.Module, cst.If, cst.For,
    cst.While, cst.With, cst.Try, cst.FunctionDef, cst.ClassDef, cst.Else, cst.Finally, cst.ExceptHandler,
)
NEVER_TYPES = (
    cst.Comparison, cst.ComparisonTarget, cst.SubscriptElement, cst.Index, cst.Slice, cst.Annotation,
    cst.Raise, cst.Assert, cst.MatchValue, cst.MatchSingleton, cst.MatchAs, cst.MatchOr, cst.MatchClass,
    cst.MatchKeywordElement, cst.MatchMappingElement, cst.MatchSequenceElement, cst.MatchList, cst.MatchTuple,
    cst.Del, cst.Global, cst.Nonlocal, cst.Decorator,
)
MAX_STRING = 4096  # longer literals (SQL, templates, prose) are not read as addresses
MAX_LIST = 20  # a longer literal list of bare words under a host-like name is a word list
# Literal words that settings use for "off / automatic"; never host names of their own.
NOT_HOSTS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "nil", "auto", "default",
                        "disabled", "enabled", "disable", "enable", "unset", "empty", "any", "all", "dummy"})
WS = re.compile(r"\s")
NEWLINE = re.compile(r"\r\n?|\n")
FORMAT_FIELD = re.compile(r"\{[^{}]*\}")
PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsab]")
SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
IDENT = re.compile(r"[\w.]")
# a loopback host written alone (`BROKER = "localhost"`, then `redis.Redis(host=BROKER)`): its
# name says nothing, the value's way to a client does (the flow needs a sink for a finding)
BARE_LOOPBACK = re.compile(r"localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]", re.IGNORECASE)
HOSTPORT = re.compile(r"[A-Za-z][\w-]*:\d{2,5}")  # "db:5432" (a service's name and a port)


FIELD_ORDER: dict[type, tuple[str, ...]] = {}


class _OrderRecorder(cst.CSTVisitor):
    def __init__(self, root: cst.CSTNode) -> None:
        super().__init__()
        self.root = root
        self.attrs: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node is self.root

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if node is self.root:
            self.attrs.append(attribute)


def field_order(node: cst.CSTNode) -> tuple[str, ...]:
    """The node's child fields in lexical order, learnt once per type from LibCST."""
    kind = type(node)
    order = FIELD_ORDER.get(kind)
    if order is None:
        rec = _OrderRecorder(node)
        node.visit(rec)
        order = FIELD_ORDER[kind] = tuple(dict.fromkeys(rec.attrs))
    return order


def stringish(node: cst.BinaryOperation) -> bool:
    """A ``+`` concatenation or ``%`` template with a string literal in it."""
    op = type(node.operator)
    if op is cst.Modulo:
        return isinstance(node.left, STRING_LEAVES)
    if op is not cst.Add:
        return False
    n: cst.BaseExpression = node
    while type(n) is cst.BinaryOperation and type(n.operator) is cst.Add:
        if isinstance(n.right, STRING_LEAVES):
            return True
        n = n.left
    return isinstance(n, STRING_LEAVES)


def own_operands(node: cst.CSTNode, owned: set[int]) -> None:
    """Mark the string operands of a string expression: they are judged as part of it."""
    # Any: dispatched on type(n) (faster than isinstance), which mypy cannot narrow
    stack: list[Any] = [node]
    while stack:
        n = stack.pop()
        owned.add(id(n))
        kind = type(n)
        if kind is cst.ConcatenatedString:
            stack.append(n.left)
            stack.append(n.right)
        elif kind is cst.BinaryOperation and type(n.operator) is cst.Add:
            stack.append(n.left)
            stack.append(n.right)
        elif kind is cst.BinaryOperation and type(n.operator) is cst.Modulo:
            stack.append(n.left)


def dotted_name(node: cst.CSTNode | None) -> str | None:
    parts: list[str] = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    if type(node) is not cst.Name:
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def literal_str(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal (implicit concatenations too), else None."""
    if type(node) is cst.SimpleString:
        try:
            value = node.evaluated_value  # ast.literal_eval of the literal's text
        except (SyntaxError, ValueError):  # a bad escape (\N{NOPE}, \x4), a lone surrogate
            return None
        if isinstance(value, bytes):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return value
    if type(node) is cst.ConcatenatedString:
        left, right = literal_str(node.left), literal_str(node.right)
        return None if left is None or right is None else left + right
    return None


def config_prefix(node: cst.CSTNode) -> str | None:
    """env_prefix of ``SettingsConfigDict(env_prefix="X")`` or ``{"env_prefix": "X"}``."""
    if type(node) is cst.Call:
        for a in node.args:
            if a.keyword is not None and a.keyword.value == "env_prefix":
                return literal_str(a.value)
    if type(node) is cst.Dict:
        for el in node.elements:
            if type(el) is cst.DictElement and literal_str(el.key) == "env_prefix":
                return literal_str(el.value)
    return None


def zero(node: cst.CSTNode | None) -> bool:
    """A literal port 0 (``0`` or ``"0"``)."""
    if type(node) is cst.Integer:
        return node.value.replace("_", "") in ("0", "00")
    s = literal_str(node)
    return s is not None and s.strip() == "0"


def reads_bound_port(node: cst.CSTNode | None, attrs: frozenset[str]) -> bool:
    """``node`` reads back the port a listener of this process was bound to: an attribute of
    ``attrs`` (``rules/flow.yaml`` bound_port_reads: ``tunnel.local_bind_port``,
    ``server.server_port``), also indexed or called (``sock.getsockname()[1]``)."""
    while isinstance(node, (cst.Subscript, cst.Call)):
        node = node.value if isinstance(node, cst.Subscript) else node.func
    return isinstance(node, cst.Attribute) and node.attr.value in attrs


def fills_port_from_bound_listener(node: cst.CSTNode, attrs: frozenset[str]) -> bool:
    """An f-string one of whose fields reads back a bound port (``f"postgresql://u@localhost:{tunnel.local_bind_port}/db"``)."""
    if type(node) is not cst.FormattedString:
        return False
    return any(type(part) is cst.FormattedStringExpression and reads_bound_port(part.expression, attrs)
               for part in node.parts)


def fills_port_from_sidecar(node: cst.CSTNode, names: frozenset[str], bound: frozenset[str]) -> bool:
    """A template one of whose fields reads the port of a sidecar in the container's own network
    stack: a variable of ``names`` (``rules/flow.yaml`` sidecar_port_env), read in the field
    (``f"http://localhost:{os.getenv('DAPR_HTTP_PORT')}"``) or bound to a name of ``bound`` that
    the field gives (``dapr_port = os.getenv("DAPR_HTTP_PORT", 3500)`` ...
    ``"http://localhost:{}".format(dapr_port)``)."""
    if not names:
        return False
    if type(node) is cst.FormattedString:
        fields = [part.expression for part in node.parts if type(part) is cst.FormattedStringExpression]
    elif type(node) is cst.Call:
        fields = [arg.value for arg in node.args]
    else:
        return False
    return any((type(expr) is cst.Name and expr.value in bound) or _names_variable(expr, names) for expr in fields)


def _names_variable(expr: cst.CSTNode, names: frozenset[str]) -> bool:
    """``expr`` writes one of ``names`` as a string literal (the variable an environment read reads)."""
    found = False

    class _Strings(cst.CSTVisitor):
        def visit_SimpleString(self, node: cst.SimpleString) -> None:
            nonlocal found
            if literal_str(node) in names:
                found = True

    expr.visit(_Strings())
    return found


def names_bound_to_variables(source: str, names: frozenset[str]) -> frozenset[str]:
    """The plain names that ``source`` assigns (anywhere) a value writing one of ``names`` as a
    string literal: ``dapr_port = int(os.getenv("DAPR_HTTP_PORT", "3500"))``."""
    if not names or not any(n in source for n in names):
        return frozenset()
    try:
        tree = parse_source(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    bound: set[str] = set()
    for stmt in ast.walk(tree):
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        if any(isinstance(c, ast.Constant) and c.value in names for c in ast.walk(value)):
            bound.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(bound)


def int_value(node: cst.CSTNode | None) -> int | None:
    if type(node) is cst.Integer:
        try:
            value = int(node.value.replace("_", ""), 0)
        except ValueError:
            return None
        return value if 0 < value < 65536 else None
    s = literal_str(node)
    if s is not None and s.strip().isdigit():
        value = int(s.strip())
        return value if 0 < value < 65536 else None
    return None


def port_value(node: cst.CSTNode | None) -> int | None:
    """A port written as a literal (``int_value``), or the literal default of the environment
    read that gives it, ``int()`` around it or not (``os.environ.get("REDIS_PORT", 6379)``):
    the port a host read beside it with its own default is dialled at where neither is set."""
    value = int_value(node)
    if value is not None or type(node) is not cst.Call:
        return value
    call: Any = node
    if len(call.args) == 1 and not call.args[0].keyword and type(call.args[0].value) is cst.Call:
        return port_value(call.args[0].value)  # int(...)
    func = call.func
    name = func.attr.value if type(func) is cst.Attribute else func.value if type(func) is cst.Name else ""
    if name not in ("get", "getenv"):
        return None
    default = [a.value for a in call.args if a.keyword is not None and a.keyword.value == "default"] \
        or [a.value for a in call.args[1:2] if a.keyword is None]
    return int_value(default[0]) if default else None


def dict_port(d: cst.Dict) -> tuple[int | None, cst.CSTNode | None] | None:
    for el in d.elements:
        if type(el) is cst.DictElement:
            key = literal_str(el.key)
            if key is not None and key.lower() == "port":
                return (int_value(el.value), el.value)
    return None


def param_port(params: cst.Parameters) -> tuple[int | None, cst.CSTNode | None] | None:
    for p in (*params.posonly_params, *params.params, *params.kwonly_params):
        if p.name.value.lower() == "port" and p.default is not None:
            return (int_value(p.default), p.default)
    return None


def arg_position(call: cst.Call, arg: cst.Arg) -> int | None:
    """The positional index of ``arg`` (None for keyword or after a *args)."""
    if arg.keyword is not None or arg.star:
        return None
    index = 0
    for a in call.args:
        if a is arg:
            return index
        if a.star:
            return None
        if a.keyword is None:
            index += 1
    return None


def arg_matches(ref: Any, arg: cst.Arg, pos: int | None) -> bool:
    if arg.keyword is not None:
        return ref.keyword is not None and ref.keyword == arg.keyword.value
    return pos is not None and ref.position is not None and ref.position == pos


def find_arg(call: cst.Call, ref: Any) -> cst.Arg | None:
    index = 0
    positional_ok = True
    for a in call.args:
        if a.keyword is not None:
            if ref.keyword is not None and a.keyword.value == ref.keyword:
                return a
            continue
        if a.star:
            positional_ok = False
            continue
        if positional_ok and ref.position is not None and index == ref.position:
            return a
        index += 1
    return None


# target, value: Any, as the dispatch on type(target) (faster than isinstance) does not narrow
def target_names(target: Any, value: Any, child: cst.CSTNode) -> list[str]:
    """Names an assignment target (a CSTNode) gives the value (a CSTNode or None) at ``child``."""
    kind = type(target)
    if kind is cst.Name:
        return [target.value]
    if kind is cst.Attribute:
        name = dotted_name(target)
        return [name] if name else [target.attr.value]
    if kind is cst.Subscript:
        if len(target.slice) == 1 and isinstance(target.slice[0].slice, cst.Index):
            key = literal_str(target.slice[0].slice.value)
            if key is not None:
                return [key]
        return []
    if kind in (cst.Tuple, cst.List) and type(value) in (cst.Tuple, cst.List):
        if len(target.elements) == len(value.elements):
            for t_el, v_el in zip(target.elements, value.elements, strict=False):
                if v_el is child or v_el.value is child:
                    return target_names(t_el.value, v_el.value, child)
    return []
