"""A project written for a newer Python than the one running dockwise: the type parameter lists
and type alias statements of Python 3.12 (PEP 695) do not parse under 3.11, and a module the
value-following cannot parse is followed nowhere.  Its settings that replace a base module's are
then unseen (a false finding on the base's value), and its constants never reach its own
clients (a missed one).  Such lines are read in an older syntax, every other character in its
column; a line that uses nothing newer is left alone."""
from __future__ import annotations

import sys

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.flow.index import parse_module
from dockwise.pysyntax import older_syntax as _older_syntax
from tests.conftest import make

DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["{}"]\n'


def findings(tmp_path, files):
    make(tmp_path, files, git=True)
    return [(f.span.path, f.span.line, f.code) for f in run_check([tmp_path], Config(cache=False)).active]


@pytest.mark.parametrize("line, older", [
    ("def first[T](items: list[T]) -> T:", "def first   (items: list[T]) -> T:"),
    ('    async def f[T: (int, str), *Ts](x="localhost"):', '    async def f                    (x="localhost"):'),
    ("class Box[T](Base):", "class Box   (Base):"),
    ("type Pair[T] = tuple[T, T]", "Pair         = tuple[T, T]"),
    ("    type Alias = int", "    Alias      = int"),
])
def test_newer_syntax_is_read_in_an_older_one_column_for_column(line, older):
    assert _older_syntax(line) == older and len(older) == len(line)


@pytest.mark.parametrize("line", ["x = [1]", "def f[T", "types = [int]", "def f(a): return a[0]"])
def test_other_lines_are_left_alone(line):
    assert _older_syntax(line) is None


def test_a_type_parameter_list_over_several_lines_is_read_in_an_older_syntax():
    src = ("import redis\n\n\nclass Store[\n    KeyT: str,\n    ValueT: (int, str),\n](Base):\n"
           "    url = 'redis://localhost:6379'\n\n\ndef pick[\n    T,\n](x: T) -> T:\n    return x\n"
           "\n\nr = redis.Redis(host='localhost')\n")
    mod = parse_module("a.py", src)
    assert mod is not None and set(mod.classes) == {"Store"} and set(mod.functions) == {"pick"}
    store = mod.classes["Store"]
    assert [(b.lineno, b.col_offset) for b in store.bases] == [(7, 2)]  # `](Base):`: Base where it was
    url = store.body[0].value
    assert (url.lineno, url.col_offset) == (8, 10)


@pytest.mark.parametrize("src, older", [
    ('x = f"{\'\\n\'.join(rows)}"\n', 'x = "                  "\n'),
    ('x = f"{row["host"]}:5432" + tail\n', 'x = "                   " + tail\n'),
    ("x = f'{f'{a}'}'\n", 'x = "         "\n'),
    ('x = f"""\n{a  # note\n}"""\n', 'x = """ \n          \n """\n'),
])
def test_an_fstring_only_python_312_parses_is_read_as_a_blank_string(src, older):
    from dockwise.pysyntax import older_fstrings
    assert older_fstrings(src) == older and len(older) == len(src)


@pytest.mark.parametrize("src", ['x = f"{a!r:>{w}}" + "}{"\n', "# f'{x['a']}'\ny = 'it'\n", 'x = rb"\\"\n'])
def test_fstrings_older_pythons_parse_and_comments_are_left_alone(src):
    from dockwise.pysyntax import older_fstrings
    assert older_fstrings(src) is None


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 parses these f-strings itself")
def test_a_module_with_a_newer_fstring_is_followed():
    src = ("import redis\n\nLABEL = f\"{', '.join(['a', 'b'])}\"\nNOTE = f\"{'\\n'.join(['a'])}\"\n\n"
           "r = redis.Redis(host='localhost')\n")
    mod = parse_module("a.py", src)
    assert mod is not None and mod.var_types.get("r") == "redis.Redis"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 parses these f-strings itself")
def test_the_flow_reads_a_newer_fstring_inside_a_call_too():
    # (a line that does not parse is no longer a statement of its own here: leaving it out
    # cannot save the module, reading the f-string in the older syntax does)
    src = ("import redis\n\nLABEL = \"-\".join([\n    f\"{row[\"name\"]}\",\n    \"x\",\n])\n\n\n"
           "def client():\n    return redis.Redis(host='localhost')\n")
    mod = parse_module("a.py", src)
    assert mod is not None and set(mod.functions) == {"client"}


def test_a_module_with_several_generic_definitions_is_followed():
    src = ("import redis\n\n" + "".join(f"def f{i}[T](items: list[T]) -> T:\n    return items[0]\n\n" for i in range(6))
           + "type Pair[T] = tuple[T, T]\n\nr = redis.Redis(host='localhost')\n")
    mod = parse_module("a.py", src)
    assert mod is not None and mod.text == src and len(mod.functions) == 6


def test_a_settings_module_with_generic_helpers_still_replaces_the_base_setting(tmp_path):
    assert findings(tmp_path, {
        "compose.yaml": "services:\n  web:\n    build: .\n    environment:\n"
                        "      DJANGO_SETTINGS_MODULE: proj.settings.docker\n  cache:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\n'
                      'CMD ["gunicorn", "proj.wsgi:application", "-b", "0.0.0.0:8000"]\n',
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "",
        "proj/wsgi.py": 'import os\nfrom django.core.wsgi import get_wsgi_application\n'
                        'os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings.base")\n'
                        "application = get_wsgi_application()\n",
        "proj/settings/base.py": 'CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", '
                                 '"LOCATION": "redis://localhost:6379/1"}}\n',
        "proj/settings/docker.py": "from .base import *  # noqa\n\n\n"
                                   "def env_list[T](value: T) -> list[T]:\n    return [value]\n\n\n"
                                   'CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", '
                                   '"LOCATION": "redis://cache:6379/1"}}\n',
    }) == []


def test_a_constant_reaches_its_client_past_a_generic_function(tmp_path):
    assert findings(tmp_path, {
        "compose.yaml": "services:\n  app:\n    build: .\n  cache:\n    image: redis:7\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . /app\nWORKDIR /app\nCMD ["python", "app.py"]\n',
        "app.py": 'import redis\n\nCACHE_HOST = "localhost"\n\n\n'
                  "def first[T](items: list[T]) -> T:\n    return items[0]\n\n\n"
                  "queue = redis.Redis(host=CACHE_HOST, port=6379)\n",
    }) == [("app.py", 3, "DW101")]


@pytest.mark.skipif(sys.version_info < (3, 12), reason="the running Python parses PEP 695 itself from 3.12 on")
def test_a_newer_python_parses_it_itself():
    assert parse_module("a.py", "def first[T](items: list[T]) -> T:\n    return items[0]\n") is not None


def test_every_search_parses_newer_syntax_with_positions_kept():
    """The searches that parse a module themselves (route handlers, environment selectors,
    settings binds...) use dockwise.pysyntax.parse: a literal keeps its line and column."""
    import ast

    from dockwise.pysyntax import parse

    src = 'def first[T](items: list[T], host: str = "localhost") -> T:\n    return items[0]\n'
    const = next(n for n in ast.walk(parse(src)) if isinstance(n, ast.Constant) and n.value == "localhost")
    assert (const.lineno, const.col_offset) == (1, src.index('"localhost"'))
    with pytest.raises(SyntaxError):
        parse("def broken(:\n")
