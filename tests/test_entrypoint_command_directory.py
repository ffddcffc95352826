"""An entrypoint script that dispatches on its first argument to a script of a directory
(`exec "/opt/launch/tasks/$1" "${@:2}"`, or `target="/opt/launch/tasks/$task"` with `task=$1`,
then `source "$target"`; `run "$@"`), where the Dockerfile copies that directory into the image:
the command word (`command: docs`) selects the file `tasks/docs`, whose own lines are the start.
The runs stage read the word as no program at all, and the `run` the selected file defines as an
unknown one: the container fell back to every file it holds, and a database URL the service
only inherits from a shared block was charged to a container that serves documentation.  The
word's file is read instead, with the arguments after the word as its own."""
from __future__ import annotations

from dockwise.config import Config
from dockwise.engine import run_check
from tests.conftest import make

ENTRY_EXEC = ('#!/bin/bash\nset -euo pipefail\n'
              'if [ "$#" -lt 1 ]; then\n  echo "usage: <task> [args]"\n  exit 64\nfi\n'
              'exec "/opt/launch/tasks/$1" "${@:2}"\n')
ENTRY_SOURCE = ('#!/bin/bash\nset -euo pipefail\n\n'
                'start() {\n'
                '  task="$1"\n  shift\n'
                '  target="/opt/launch/tasks/$task"\n'
                '  if [[ -f "$target" ]]; then\n'
                '    source "$target"\n'
                '    run "$@" && exit\n'
                '  fi\n'
                '  echo "unknown task: $task" >&2\n  exit 64\n'
                '}\n\nstart "$@"\n')
DOCS = ('#!/bin/bash\nset -euo pipefail\n\n'
        'run() {\n  cd /srv/site\n  exec sphinx-autobuild -v manual manual/_out --host 0.0.0.0 "$@"\n}\n\n'
        '[[ "$0" == "$BASH_SOURCE" ]] && run "$@" || :\n')
WEB = ('#!/bin/bash\nset -euo pipefail\n\n'
       'run() {\n  cd /srv/site\n  exec python -m shop.serve "$@"\n}\n\n'
       '[[ "$0" == "$BASH_SOURCE" ]] && run "$@" || :\n')
SERVE = ('import os\n\nimport psycopg\n\n'
         'conn = psycopg.connect(os.environ["SHOP_DATABASE_URL"])\n')
# the settings every service built on the shared definition inherits through `extends`
COMMON = ('services:\n'
          '  app:\n'
          '    build: .\n'
          '    environment:\n'
          '      SHOP_DATABASE_URL: postgresql://shop@localhost:5432/shop\n')
COMPOSE = ('services:\n'
           '  manual:\n    extends: {file: common.yaml, service: app}\n    command: ["docs", "--watch", "shop"]\n'
           '  shop:\n    extends: {file: common.yaml, service: app}\n    command: ["web", "--reload"]\n'
           '  store:\n    image: postgres:16\n')
DOCKERFILE = ('FROM python:3.12-slim\n'
              'COPY launch /opt/launch\n'
              'WORKDIR /srv/site\n'
              'COPY . .\n'
              'ENTRYPOINT ["/opt/launch/entry"]\n')


def findings(tmp_path, entry: str, dockerfile: str = DOCKERFILE) -> list[tuple[str, int, tuple[str, ...]]]:
    make(tmp_path, {
        "compose.yaml": COMPOSE,
        "common.yaml": COMMON,
        "Dockerfile": dockerfile,
        "launch/entry": entry,
        "launch/tasks/docs": DOCS,
        "launch/tasks/web": WEB,
        "shop/__init__.py": "",
        "shop/serve.py": SERVE,
        "manual/conf.py": 'project = "shop"\n',
    }, git=True)
    result = run_check([tmp_path], Config(cache=False))
    return sorted((f.span.path, f.span.line, tuple(f.services)) for f in result.active)


def test_an_exec_dispatch_to_the_words_file_runs_that_file(tmp_path):
    assert findings(tmp_path, ENTRY_EXEC) == [("common.yaml", 5, ("shop",))]


def test_a_sourced_dispatch_to_the_words_file_runs_that_file(tmp_path):
    assert findings(tmp_path, ENTRY_SOURCE) == [("common.yaml", 5, ("shop",))]


def test_a_directory_the_image_does_not_hold_is_not_followed(tmp_path):
    # the build copies the dispatcher alone: `tasks/web` of the tree is no file of the image, so it
    # is not read as the start (were it, the `shop` service's finding would come back from it)
    dockerfile = DOCKERFILE.replace("COPY launch /opt/launch\n", "COPY launch/entry /opt/launch/entry\n")
    assert findings(tmp_path, ENTRY_EXEC, dockerfile) == []


def test_a_path_the_script_only_copies_selects_nothing(tmp_path):
    # `cp "/opt/launch/tasks/$1" ...` reads the file as data, and `exec "$@"` runs the word as a
    # program: nothing is selected, the container is judged as before
    entry = '#!/bin/bash\nset -e\ncp "/opt/launch/tasks/$1" /tmp/task\nexec "$@"\n'
    assert ("common.yaml", 5, ("manual", "shop")) in findings(tmp_path, entry)
