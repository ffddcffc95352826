"""A sink written in the ``if __name__ == "__main__":`` block of a module that the service
imports (``gunicorn main:app``) never runs there, wherever the value it would receive is
written: a settings field of another module, or a variable of the service's environment.
Where the start command runs the module as a script (``python main.py``), the block runs
and the value is dialled (or bound) there."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

SETTINGS = ('from pydantic_settings import BaseSettings\n\n\n'
            'class Settings(BaseSettings):\n'
            '    serve_host: str = "127.0.0.1"\n'
            '    serve_port: int = 8000\n\n\n'
            'settings = Settings()\n')

MAIN = ('import uvicorn\nfrom fastapi import FastAPI\nfrom conf import settings\n\n'
        'app = FastAPI()\n\n'
        'if __name__ == "__main__":\n'
        '    uvicorn.run("main:app", host=settings.serve_host, port=settings.serve_port)\n')

ENV_MAIN = ('import os\nimport uvicorn\nfrom fastapi import FastAPI\n\n'
            'HOST = os.environ["SERVE_HOST"]\n\n'
            'app = FastAPI()\n\n'
            'if __name__ == "__main__":\n'
            '    uvicorn.run("main:app", host=HOST, port=8000)\n')


def findings(tmp_path, cmd: str, main: str, env: str = "") -> list[tuple[str, int, str]]:
    make(tmp_path, {
        "compose.yaml": f"services:\n  api:\n    build: .\n    ports: ['80:8000']\n{env}",
        "Dockerfile": f'FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nCMD {cmd}\n',
        "conf.py": SETTINGS,
        "main.py": main,
    }, git=True)
    return [(f.span.path.rsplit("/", 1)[-1], f.span.line, f.code)
            for f in run_check([tmp_path], Config(cache=False)).active]


GUNICORN = '["gunicorn", "main:app", "-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:8000"]'


def test_a_field_handed_to_a_server_only_in_an_imported_modules_main_block_binds_nothing(tmp_path):
    assert findings(tmp_path, GUNICORN, MAIN) == []


def test_the_same_block_runs_where_the_module_is_the_script(tmp_path):
    assert findings(tmp_path, '["python", "main.py"]', MAIN) == [("conf.py", 5, "DW201")]


def test_a_variable_handed_on_only_in_an_imported_modules_main_block_binds_nothing(tmp_path):
    env = "    environment:\n      SERVE_HOST: 127.0.0.1\n"
    assert findings(tmp_path, GUNICORN, ENV_MAIN, env) == []


def test_the_variable_binds_where_the_module_is_the_script(tmp_path):
    env = "    environment:\n      SERVE_HOST: 127.0.0.1\n"
    assert findings(tmp_path, '["python", "main.py"]', ENV_MAIN, env) == [("compose.yaml", 6, "DW201")]


DB_MAIN = ('import os\nimport psycopg\nfrom fastapi import FastAPI\n\n'
           'DSN = os.environ["DATABASE_URL"]\n\n'
           'app = FastAPI()\n\n'
           'if __name__ == "__main__":\n'
           '    psycopg.connect(DSN).execute("select 1")\n')


def test_a_strong_named_variable_dialled_only_in_an_imported_modules_main_block_is_unused(tmp_path):
    env = "    environment:\n      DATABASE_URL: postgresql://app@localhost:5432/app\n"
    assert findings(tmp_path, GUNICORN, DB_MAIN, env) == []


def test_the_strong_named_variable_is_dialled_where_the_module_is_the_script(tmp_path):
    env = "    environment:\n      DATABASE_URL: postgresql://app@localhost:5432/app\n"
    assert findings(tmp_path, '["python", "main.py"]', DB_MAIN, env) == [("compose.yaml", 6, "DW101")]
