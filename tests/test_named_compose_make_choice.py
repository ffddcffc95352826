"""A Makefile that picks the Compose program with a Make function, ``$(if $(HAVE_PODMAN),
podman-compose, docker-compose) -f dev-stack.yml up``, names dev-stack.yml all the same: the
``)`` closing the function ends the program's name, not the command, and the ``-f`` options
after it are the program's.  Before, the ``)`` was taken for the subcommand, dev-stack.yml
stayed unread, and the Dockerfile was judged as a container without Compose."""
from __future__ import annotations

import pytest

from dockwise.knowledge import default_knowledge
from dockwise.layout.build import load_layout
from tests.conftest import make

STACK = "services:\n  web:\n    build: .\n    depends_on: [db]\n  db:\n    image: postgres:16\n"
DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\nCMD ["python", "main.py"]\n'


@pytest.mark.parametrize("makefile", [
    "TOOL := $(if $(HAVE_PODMAN), podman-compose, docker-compose) -f dev-stack.yml\n\nup:\n\t$(TOOL) up -d\n",
    "define stack\n\t$(if $(HAVE_PODMAN), podman-compose, docker-compose) -f dev-stack.yml\nendef\n\n"
    "up:\n\t$(call stack) up -d\n",
    "up:\n\t$(or $(COMPOSE), docker-compose) --file dev-stack.yml up -d\n",
])
def test_a_program_chosen_by_a_make_function_names_its_files(tmp_path, makefile):
    make(tmp_path, {"Makefile": makefile, "dev-stack.yml": STACK, "Dockerfile": DOCKERFILE,
                    "main.py": "print(1)\n"}, git=True)
    projects = {p.files: sorted(s.name for s in p.services)
                for p in load_layout(tmp_path, default_knowledge()).projects}
    assert projects == {("dev-stack.yml",): ["db", "web"]}


def test_only_a_function_that_chooses_the_program_is_looked_through(tmp_path):
    # `$(shell docker-compose version)` runs the program inside the function: the words after
    # its `)` belong to another command, not to that program
    make(tmp_path, {"Makefile": "v:\n\techo $(shell docker-compose version) -f dev-stack.yml\n", "dev-stack.yml": STACK,
                    "Dockerfile": DOCKERFILE, "main.py": "print(1)\n"}, git=True)
    projects = {p.files for p in load_layout(tmp_path, default_knowledge()).projects}
    assert ("dev-stack.yml",) not in projects
