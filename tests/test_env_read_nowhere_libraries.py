"""A shared ``.env`` gives every service that loads it the web application's ``REDIS_URL``.
Where a container runs the project's Python and nothing there reads that variable (no module
names it as a whole word, no settings loader composes it from a prefix, no library it imports
reads it by its documented name, no program it starts may read it), the variable's name is
no evidence for that container (``Judge._read_nowhere``, ``flow/libreaders.py``): the general
case, beyond a container importing only libraries known to read nothing."""
from __future__ import annotations

from pathlib import Path

from dockwise.config import Config
from dockwise.engine import run_check

from tests.conftest import make

ENV = "REDIS_URL=redis://localhost:6379/0\n"
API_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "-m", "api.main"]\n'
API_MAIN = 'import os\n\nimport redis\n\nredis.Redis.from_url(os.environ["REDIS_URL"]).ping()\n'
WORKER_DOCKERFILE = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . ./worker/\nCMD ["python", "-m", "worker.main"]\n'
SETTINGS = ('from pydantic_settings import BaseSettings\n\n\n'
            'class Settings(BaseSettings):\n'
            '    rate_limit_redis_url: str = "redis://cache:6379/2"\n\n\n'
            'settings = Settings()\n')
WORKER_MAIN = ('import httpx\nimport redis\n\nfrom worker.config import settings\n\n'
               'limiter = redis.Redis.from_url(settings.rate_limit_redis_url)\n'
               'httpx.get("https://example.org/feed")\n')


def findings(tmp_path: Path, main: str = WORKER_MAIN, settings: str = SETTINGS, env: str = ENV,
             extra: dict[str, str] | None = None) -> list[tuple[str, str, str]]:
    compose = ("services:\n"
               "  api:\n    build: ./api\n    env_file: .env\n"
               "  worker:\n    build: ./worker\n    env_file: .env\n"
               "  cache:\n    image: redis:7\n")
    files = {"compose.yaml": compose, ".env": env,
             "api/Dockerfile": API_DOCKERFILE, "api/api/__init__.py": "", "api/api/main.py": API_MAIN,
             "worker/Dockerfile": WORKER_DOCKERFILE, "worker/__init__.py": "", "worker/main.py": main,
             "worker/config.py": settings, **(extra or {})}
    make(tmp_path, files, git=True)
    result = run_check([tmp_path], Config(cache=False))
    assert result.errors == (), result.errors
    return sorted((f.span.path, f.code, ",".join(f.services)) for f in result.active)


def test_a_container_importing_libraries_that_do_not_read_the_variable_is_left_out(tmp_path):
    # the worker reads `rate_limit_redis_url` (RATE_LIMIT_REDIS_URL), never REDIS_URL; redis-py,
    # httpx and pydantic-settings read no variable by that name: only the api dials it
    assert findings(tmp_path) == [(".env", "DW101", "api")]


def test_a_field_of_the_name_keeps_the_container(tmp_path):
    settings = SETTINGS.replace("rate_limit_redis_url", "redis_url")
    main = WORKER_MAIN.replace("rate_limit_redis_url", "redis_url")
    assert findings(tmp_path, main, settings) == [(".env", "DW101", "api,worker")]


def test_a_prefix_that_starts_the_name_keeps_the_container(tmp_path):
    # env_prefix="REDIS_" with a field `url` reads REDIS_URL without writing it
    settings = SETTINGS.replace("    rate_limit_redis_url: str", '    model_config = {"env_prefix": "REDIS_"}\n    url: str')
    main = WORKER_MAIN.replace("rate_limit_redis_url", "url")
    assert findings(tmp_path, main, settings) == [(".env", "DW101", "api,worker")]
    # another prefix composes other names: left out
    other = settings.replace('"REDIS_"', '"LIMITER_"')
    assert findings(tmp_path / "x", main, other) == [(".env", "DW101", "api")]
    # a prefix computed at run time may be any
    computed = settings.replace('"REDIS_"', 'PREFIX').replace("class Settings", 'PREFIX = "R"\n\n\nclass Settings')
    assert findings(tmp_path / "y", main, computed) == [(".env", "DW101", "api,worker")]


def test_a_library_that_reads_the_variable_by_its_documented_name_keeps_the_container(tmp_path):
    # Celery's app reads CELERY_BROKER_URL from the environment unnamed
    env = "CELERY_BROKER_URL=redis://localhost:6379/0\n"
    api = 'import os\n\nimport redis\n\nredis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).ping()\n'
    main = WORKER_MAIN.replace("import httpx\n", "import httpx\nfrom celery import Celery\n") + 'app = Celery("w")\n'
    assert findings(tmp_path, main, env=env, extra={"api/api/main.py": api}) == [(".env", "DW101", "api,worker")]
    # without it, no library there reads the variable
    assert findings(tmp_path / "x", env=env, extra={"api/api/main.py": api}) == [(".env", "DW101", "api")]


def test_a_program_written_out_that_reads_no_address_leaves_it_out(tmp_path):
    # `git rev-parse` given a copy of the environment reads no client address of the project
    main = WORKER_MAIN.replace("import httpx\n", "import os\nimport subprocess\n\nimport httpx\n") + (
        'ENV = os.environ.copy()\n'
        'REV = subprocess.check_output(["git", "rev-parse", "HEAD"], env=ENV)\n')
    assert findings(tmp_path, main) == [(".env", "DW101", "api")]
    # a program not known to read nothing (a migration tool, a command built at run time) keeps it
    alembic = main.replace('["git", "rev-parse", "HEAD"]', '["alembic", "upgrade", "head"]')
    assert findings(tmp_path / "x", alembic) == [(".env", "DW101", "api,worker")]
    built = main.replace('["git", "rev-parse", "HEAD"]', 'os.environ.get("CMD", "git").split()')
    assert findings(tmp_path / "y", built) == [(".env", "DW101", "api,worker")]


def test_django_environ_is_no_read_of_the_whole_environment(tmp_path):
    # `environ.Env()` is django-environ's reader, not os.environ; `env.db()` reads DATABASE_URL,
    # not REDIS_URL
    main = WORKER_MAIN.replace("import httpx\n", "import environ\nimport httpx\n") + \
        'env = environ.Env()\nDB = env.db()\n'
    assert findings(tmp_path, main) == [(".env", "DW101", "api")]
    env = "DATABASE_URL=postgresql://app:pw@localhost:5432/app\n"
    api = 'import os\n\nimport psycopg\n\npsycopg.connect(os.environ["DATABASE_URL"])\n'
    assert findings(tmp_path / "x", main, env=env, extra={"api/api/main.py": api}) == [(".env", "DW101", "api,worker")]
