"""The default of a strong-named environment read bound to a module-level name that no code
reads (``QUEUE_DATABASE_URL = os.getenv("QUEUE_DATABASE_URL", "postgresql://...@localhost/q")``
in a module imported for its other names) reaches nothing: a library reading the variable
itself never sees that default.  Where the name is read, even by code dockwise cannot follow,
the variable's name stays evidence."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONF = ('import os\n\n'
        'PAGE_SIZE = 50\n'
        'DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://app:pw@localhost/shelf")\n')


def findings(tmp_path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  worker:\n    build: .\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "conf.py": CONF,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_default_bound_to_a_name_nothing_reads_is_not_a_finding(tmp_path):
    main = "import vendorlib\nfrom conf import PAGE_SIZE\n\nvendorlib.page(PAGE_SIZE)\nvendorlib.config()\n"
    assert findings(tmp_path, main) == []


def test_a_name_read_by_an_attribute_keeps_the_variable_name_as_evidence(tmp_path):
    main = "import vendorlib\nimport conf\n\nvendorlib.attach(conf.DATABASE_URL)\n"
    assert findings(tmp_path, main) == [("conf.py", 4, "DW101")]


def test_a_name_imported_keeps_the_variable_name_as_evidence(tmp_path):
    main = "import vendorlib\nfrom conf import DATABASE_URL\n\nvendorlib.attach(DATABASE_URL)\n"
    assert findings(tmp_path, main) == [("conf.py", 4, "DW101")]


def test_a_read_whose_value_is_not_bound_to_a_module_name_keeps_its_evidence(tmp_path):
    main = ("import os\nimport vendorlib\n\n"
            "vendorlib.attach(os.environ.get(\"DATABASE_URL\", \"postgresql://app:pw@localhost/shelf\"))\n")
    assert findings(tmp_path, main) == [("main.py", 4, "DW101")]
