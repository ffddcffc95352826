"""A `.start()`, `call` or `system` named like a server start starts none where the code
shows it: a thread whose `target=` is a function of the module (its own starts are looked for
where they are written), an APScheduler scheduler or a `threading.Timer`, a subprocess whose
literal program is a tool (`git`, `ffmpeg`), or an attribute only read (`cpu.system`).  A
worker script (``python -m app.tasks``: a program that may call any function it reaches) that
imports the web application (which mounts the routes) with such code receives no request: the
route handler's body is not judged there.  A thread running a server, a scheduler of unknown
class, or a program that may serve, keeps the worker a possible server.  (A task runner, which
only loads the modules, counts only the starts that loading runs:
tests/test_task_runner_serves_only_what_loading_starts.py.)"""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ROUTES = (
    "import requests\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
    "@router.get(\"/stats\")\ndef stats():\n    return requests.get(\"http://localhost:9400/stats\").json()\n"
)


def _services(tmp_path: Path, jobs: str) -> list[tuple[str, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": "services:\n"
                        "  web:\n    build: .\n    command: uvicorn app.main:app --host 0.0.0.0\n"
                        "    ports: [\"8000:8000\"]\n"
                        "  worker:\n    build: .\n    command: python -m app.tasks\n"
                        "  cache:\n    image: redis:7\n",
        "Dockerfile": "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n",
        "app/__init__.py": "",
        "app/routes.py": ROUTES,
        "app/jobs.py": jobs,
        "app/main.py": "from fastapi import FastAPI\nfrom app.routes import router\n\n"
                       "app = FastAPI()\napp.include_router(router)\n",
        "app/tasks.py": "from celery import Celery\nfrom app import main  # noqa: F401  (the web app, which mounts the routes)\nfrom app import jobs  # noqa: F401\n\n"
                        "celery = Celery(\"app\", broker=\"redis://cache:6379/0\")\n\n\n"
                        "@celery.task\ndef ping():\n    return \"pong\"\n",
    }, git=True)
    return [(f.code, tuple(sorted(f.services))) for f in run_check([tmp_path], Config(cache=False)).active]


WEB = [("DW101", ("web",))]
BOTH = [("DW101", ("web", "worker"))]


@pytest.mark.parametrize("jobs", [
    # a thread running a function of the module
    "import threading\nimport time\n\n\ndef refresh():\n    while True:\n        time.sleep(1)\n\n\n"
    "updater = threading.Thread(target=refresh, daemon=True)\nupdater.start()\n",
    "from threading import Thread\n\n\ndef refresh():\n    pass\n\n\nThread(target=refresh).start()\n",
    # a method of the class, kept on self
    "import threading\n\n\nclass Beat:\n    def __init__(self):\n        self._thread = threading.Thread(target=self._loop)\n\n"
    "    def _loop(self):\n        pass\n\n    def begin(self):\n        self._thread.start()\n",
    # a scheduler and a timer
    "from apscheduler.schedulers.background import BackgroundScheduler\n\n\ndef tick():\n    pass\n\n\n"
    "scheduler = BackgroundScheduler()\nscheduler.add_job(tick, \"interval\", seconds=5)\nscheduler.start()\n",
    "import threading\n\n\ndef tick():\n    pass\n\n\nthreading.Timer(5.0, tick).start()\n",
    # a tool run as a subprocess
    "import subprocess\n\n\ndef head():\n    return subprocess.call([\"git\", \"rev-parse\", \"HEAD\"])\n",
    "import os\n\n\ndef clip(path):\n    os.system(\"ffmpeg -i \" + path + \" out.mp4\")\n",
    "from subprocess import check_output\n\n\ndef head():\n    return check_output(\"git rev-parse HEAD\", shell=True)\n",
    # an attribute only read
    "import psutil\n\n\ndef cpu():\n    t = psutil.cpu_times()\n    return t.user + t.system\n",
    "def moved(span):\n    return span.start != 0\n",
], ids=["thread", "thread-inline", "thread-method", "apscheduler", "timer", "git-argv", "ffmpeg-line",
        "git-shell", "attribute-sum", "attribute-compare"])
def test_a_start_that_starts_no_server(tmp_path, jobs):
    assert _services(tmp_path, jobs) == WEB


@pytest.mark.parametrize("jobs", [
    # the thread runs a server handed to it, or a function of another module
    "import threading\nfrom app.main import app\nimport uvicorn\n\n\n"
    "threading.Thread(target=uvicorn.run, args=(app,)).start()\n",
    "import threading\nfrom somewhere import serve_all\n\n\nthreading.Thread(target=serve_all).start()\n",
    # a thread bound another way too
    "import threading\n\n\ndef refresh():\n    pass\n\n\nt = threading.Thread(target=refresh)\n"
    "for t in make_threads():\n    t.start()\n",
    # a scheduler of a class not known to serve nothing
    "from somewhere import Scheduler\n\nscheduler = Scheduler()\nscheduler.start()\n",
    # a program that may serve, or one not written
    "import subprocess\n\n\ndef serve():\n    subprocess.Popen([\"python\", \"-m\", \"http.server\"])\n",
    "import subprocess\n\n\ndef go(cmd):\n    subprocess.call(cmd)\n",
    # a server start called or handed on
    "def launch(server):\n    server.start()\n",
], ids=["thread-server", "thread-foreign", "thread-rebound", "unknown-scheduler", "python-subprocess",
        "argv-variable", "parameter-start"])
def test_a_start_that_may_start_a_server_keeps_the_worker(tmp_path, jobs):
    assert _services(tmp_path, jobs) == BOTH


def test_the_function_a_thread_runs_is_looked_into(tmp_path):
    jobs = ("import threading\nimport uvicorn\nfrom app.main import app\n\n\n"
            "def serve():\n    uvicorn.run(app, host=\"0.0.0.0\")\n\n\n"
            "threading.Thread(target=serve).start()\n")
    assert _services(tmp_path, jobs) == BOTH


@pytest.mark.parametrize("line, served", [
    ("f\"ffmpeg -i {path} out.mp4\"", False),
    ("f\"ffmpeg{path}\"", True),  # the program's name runs on into a placeholder
    ("path + \" --serve\"", True),
])
def test_a_command_line_built_from_a_literal_program(tmp_path, line, served):
    jobs = f"import os\n\n\ndef clip(path):\n    os.system({line})\n"
    assert _services(tmp_path, jobs) == (BOTH if served else WEB)


@pytest.mark.parametrize("jobs, served", [
    # a placeholder None, then a thread of the module's function
    ("import threading\n\nupdater = None\n\n\ndef refresh():\n    pass\n\n\n"
     "if True:\n    updater = threading.Thread(target=refresh)\n    updater.start()\n", False),
    # a class of the module whose start is its own code
    ("class Beat:\n    def start(self):\n        pass\n\n\ndef go():\n    beat = Beat()\n    beat.start()\n", False),
    ("import threading\n\n\nclass Beat(threading.Thread):\n    def run(self):\n        pass\n\n\nBeat().start()\n", False),
    # a class of the module that leaves start to an unknown base
    ("from somewhere import Service\n\n\nclass Beat(Service):\n    def stop(self):\n        pass\n\n\nBeat().start()\n", True),
])
def test_a_start_of_the_modules_own_objects(tmp_path, jobs, served):
    assert _services(tmp_path, jobs) == (BOTH if served else WEB)


def test_an_attribute_handed_on_by_or_may_start(tmp_path):
    jobs = "def pick(server, other):\n    launch = other or server.start\n    launch()\n"
    assert _services(tmp_path, jobs) == BOTH


@pytest.mark.parametrize("jobs, served", [
    ("import asyncio\n\n\nasync def sync():\n    pass\n\n\ndef go():\n    asyncio.run(sync())\n", False),
    ("import asyncio\n\n\nasync def sync():\n    pass\n\n\ndef go():\n    loop = asyncio.new_event_loop()\n"
     "    return loop.run_until_complete(sync())\n", False),
    ("import asyncio\n\n\nclass Job:\n    async def _sync(self):\n        pass\n\n    def go(self):\n"
     "        asyncio.get_event_loop().run_until_complete(self._sync())\n", False),
    # a coroutine of another module, or a variable, may serve
    ("import asyncio\nfrom somewhere import main\n\n\ndef go():\n    asyncio.run(main())\n", True),
    ("import asyncio\n\n\ndef go(coro):\n    asyncio.get_event_loop().run_until_complete(coro)\n", True),
    # the function run starts a server: looked for where it is written
    ("import asyncio\nimport uvicorn\n\n\nasync def main(app):\n    await uvicorn.Server(uvicorn.Config(app)).serve()\n\n\n"
     "def go(app):\n    asyncio.run(main(app))\n", True),
])
def test_a_coroutine_run_of_the_modules_function(tmp_path, jobs, served):
    assert _services(tmp_path, jobs) == (BOTH if served else WEB)


@pytest.mark.parametrize("jobs, served", [
    # a name only whose member is used: the member's own name decides
    ("from somewhere import Config\n\n\ndef url():\n    return Config.API_URL.rstrip(\"/\")\n", False),
    ("def url(session):\n    return str(session.bind.url)\n", False),
    ("from somewhere import Config\n\n\ndef go():\n    Config.start()\n", True),
    # SQLAlchemy's event listener, and a listen of anything else
    ("from sqlalchemy import event\n\n\ndef hook(engine, fn):\n    event.listen(engine, \"connect\", fn)\n", False),
    ("def hook(sock):\n    sock.listen(5)\n", True),
])
def test_members_and_listeners(tmp_path, jobs, served):
    assert _services(tmp_path, jobs) == (BOTH if served else WEB)
