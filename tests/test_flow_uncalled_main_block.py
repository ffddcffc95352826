"""A module-level function runs in a container only where something there names it.  Three
writings of its name call nothing: a call in the ``if __name__ == "__main__":`` block of a
module the service only imports, an import statement (``from m import f``) itself, and the
module's export list (``__all__``)."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SIDECAR = '''import threading

import uvicorn


def launch_sidecar(port):
    server = uvicorn.Server(uvicorn.Config("sidecar:asgi", host="127.0.0.1", port=port))
    threading.Thread(target=server.run, daemon=True).start()


if __name__ == "__main__":
    launch_sidecar(7001)
'''


def findings(tmp_path, web: str, tool: str = "") -> list[tuple[str, str]]:
    files = {
        "compose.yaml": 'services:\n  web:\n    build: .\n    ports: ["8000:8000"]\n',
        "Dockerfile": 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "web:asgi", "--host", "0.0.0.0"]\n',
        "sidecar.py": SIDECAR,
        "web.py": web,
    }
    if tool:
        files["tool.py"] = tool
    make(tmp_path, files, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.code) for f in run_check([tmp_path], Config(cache=False)).active]


def test_a_call_in_the_main_block_of_an_imported_module_runs_nothing(tmp_path):
    assert findings(tmp_path, "import sidecar\n\nasgi = None\n") == []


def test_an_import_of_the_function_alone_runs_nothing(tmp_path):
    tool = ('from sidecar import launch_sidecar\n\n\n'
            'if __name__ == "__main__":\n    launch_sidecar(7002)\n')
    assert findings(tmp_path, "import tool\n\nasgi = None\n", tool) == []
    tool = 'from sidecar import (\n    launch_sidecar,\n)\n'
    assert findings(tmp_path, "import tool\n\nasgi = None\n", tool) == []


def test_a_call_where_the_service_runs_it_still_counts(tmp_path):
    assert findings(tmp_path, "import sidecar\n\nsidecar.launch_sidecar(7001)\nasgi = None\n") \
        == [("sidecar.py", "DW201")]
    web = "from sidecar import launch_sidecar as start\n\nstart(7001)\nasgi = None\n"
    assert findings(tmp_path, web) == [("sidecar.py", "DW201")]


def test_the_export_list_runs_nothing(tmp_path):
    web = "import sidecar\n\nasgi = None\n"
    assert findings(tmp_path, web, "") == []
    (tmp_path / "sidecar.py").write_text('__all__ = [\n    "launch_sidecar",\n]\n' + SIDECAR, encoding="utf-8")
    assert [f.code for f in run_check([tmp_path], Config(cache=False)).active] == []
