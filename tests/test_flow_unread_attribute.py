"""An environment read under a strong name (``DATABASE_URL``) bound to an instance attribute
(``self.DATABASE_URL = os.getenv(...)`` in a plain configuration class's ``__init__``) that no
code reads is dialled by nothing: its default reaches no client, whatever the name says.  Where
the attribute is read (even by code dockwise cannot follow), its name stays evidence."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

CONFIG = ('import os\n\n\n'
          'class Config:\n'
          '    def __init__(self):\n'
          '        self.DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://app@localhost:5432/app")\n'
          '        self.TITLE = os.getenv("TITLE", "demo")\n\n\n'
          'CFG = Config()\n')


def findings(tmp_path, main: str) -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n  db:\n    image: postgres:16\n",
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["python", "main.py"]\n',
        "config.py": CONFIG,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_strong_named_attribute_no_code_reads_is_not_a_finding(tmp_path):
    assert findings(tmp_path, "from config import CFG\n\nprint(CFG.TITLE)\n") == []


def test_a_strong_named_attribute_read_somewhere_keeps_its_name_as_evidence(tmp_path):
    main = "import vendorlib\nfrom config import CFG\n\nvendorlib.attach(CFG.DATABASE_URL)\n"
    assert findings(tmp_path, main) == [("config.py", 6, "DW101")]


def test_an_attribute_named_as_a_string_keeps_its_name_as_evidence(tmp_path):
    main = 'import vendorlib\nfrom config import CFG\n\nvendorlib.attach(getattr(CFG, "DATABASE_URL"))\n'
    assert findings(tmp_path, main) == [("config.py", 6, "DW101")]


def test_an_attribute_read_into_a_client_is_a_finding(tmp_path):
    main = "import sqlalchemy\nfrom config import CFG\n\nengine = sqlalchemy.create_engine(CFG.DATABASE_URL)\n"
    assert findings(tmp_path, main) == [("config.py", 6, "DW101")]


def test_another_module_reading_the_variable_itself_reads_no_attribute(tmp_path):
    # the same variable read from the environment elsewhere names no attribute of the class
    make(tmp_path, {"store.py": 'import os\n\nURL = os.environ.get("DATABASE_URL")\n'})
    assert findings(tmp_path, "import store\nfrom config import CFG\n\nprint(CFG.TITLE, store.URL)\n") == []
