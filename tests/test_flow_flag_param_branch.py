"""A branch on a function's own flag parameter runs only where a call takes it: with
``def __init__(self, in_container=True): if in_container: ... else: host = "localhost"`` and
every construction written ``Conn()``, the ``else`` never runs.  It was reported as DW101 (a
crawler's queue worker, whose database class kept a laptop address for callers passing
``False``, which none did)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make


CONN = ('import os\n'
        'import psycopg2\n\n\n'
        'class Conn:\n'
        '    def __init__(self, in_container: bool = True):\n'
        '        if in_container:\n'
        '            self.host = os.environ.get("DB_HOST", "db")\n'
        '        else:\n'
        '            self.host = "localhost"\n'
        '        self.connection = psycopg2.connect(host=self.host, port=5432)\n')


def findings(tmp_path, main: str, conn: str = CONN) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": ("services:\n  worker:\n    build: .\n    environment:\n      DB_HOST: db\n"
                         "  db:\n    image: postgres:16\n"),
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "conn.py": conn,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_the_else_of_a_flag_every_call_leaves_at_its_default_is_dead(tmp_path):
    assert findings(tmp_path, "from conn import Conn\n\nconn = Conn()\n") == []


def test_a_constant_every_call_gives_decides_too(tmp_path):
    main = "from conn import Conn\n\na = Conn(True)\nb = Conn(in_container=True)\n"
    assert findings(tmp_path, main) == []


def test_a_module_function_and_a_negated_test(tmp_path):
    conn = ('import psycopg2\n\n\n'
            'def connect(local=False):\n'
            '    if not local:\n'
            '        dsn = "postgresql://db:5432/app"\n'
            '    else:\n'
            '        dsn = "postgresql://localhost:5432/app"\n'
            '    return psycopg2.connect(dsn)\n')
    assert findings(tmp_path, "from conn import connect\n\nc = connect()\n", conn) == []
    # recall guard: the call that passes True runs the loopback side
    assert findings(tmp_path, "from conn import connect\n\nc = connect(True)\n", conn) == [("conn.py", 8, "DW101")]


def test_a_call_that_takes_the_branch_keeps_the_finding(tmp_path):
    # recall guard: one call passes False, and that container runs the `else:`
    main = "from conn import Conn\n\na = Conn()\nb = Conn(in_container=False)\n"
    assert findings(tmp_path, main) == [("conn.py", 10, "DW101")]


def test_a_value_the_call_computes_keeps_the_finding(tmp_path):
    # recall guard: the argument is not a constant, so either side may run
    main = "import os\nfrom conn import Conn\n\nconn = Conn(os.path.exists('/.dockerenv'))\n"
    assert findings(tmp_path, main) == [("conn.py", 10, "DW101")]


def test_a_class_handed_on_uncalled_keeps_the_finding(tmp_path):
    # recall guard: a factory builds it with arguments not written here
    main = "from conn import Conn\n\nfactory = Conn\nconn = Conn()\n"
    assert findings(tmp_path, main) == [("conn.py", 10, "DW101")]


def test_a_method_called_through_an_unknown_receiver_keeps_the_finding(tmp_path):
    # recall guard: `client.open(local=True)` may be this class's method, though nothing says what
    # `client` is; every call of the name counts
    conn = ('import psycopg2\n\n\n'
            'class Store:\n'
            '    def open(self, local=False):\n'
            '        if not local:\n'
            '            dsn = "postgresql://db:5432/app"\n'
            '        else:\n'
            '            dsn = "postgresql://localhost:5432/app"\n'
            '        return psycopg2.connect(dsn)\n')
    main = ("from conn import Store\n\n\n"
            "def run(client):\n    client.open(local=True)\n\n\n"
            "Store().open()\nrun(Store())\n")
    assert findings(tmp_path, main, conn) == [("conn.py", 9, "DW101")]
    # and with every call leaving it at False, the loopback side never runs
    main = "from conn import Store\n\nStore().open()\n"
    assert findings(tmp_path, main, conn) == []
