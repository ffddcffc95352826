"""``command -v tool`` in a start script only asks whether a program is installed
(``rules/commands.yaml`` lookup_options): it runs no program, known or not.  So a worker whose
entrypoint picks its concurrency that way (``if command -v nproc ...; then``) is still known to
serve no requests, and a route handler's body is not charged to it; a program the script does
run and dockwise does not know still may serve."""
from __future__ import annotations

from tests.test_handlers_task_runner import _services


def test_a_lookup_runs_nothing(tmp_path):
    (tmp_path / "start.sh").write_text("#!/bin/sh\nset -e\nworkers=2\n"
                                       "if command -v mystery-tool >/dev/null 2>&1; then\n    workers=4\nfi\n"
                                       "exec celery -A app.tasks worker --concurrency=$workers\n")
    (tmp_path / "start.sh").chmod(0o755)
    assert _services(tmp_path, "./start.sh") == [("DW101", ("web",))]


def test_an_unknown_program_still_may_serve(tmp_path):
    (tmp_path / "start.sh").write_text("#!/bin/sh\nset -e\nmystery-tool --init\n"
                                       "exec celery -A app.tasks worker\n")
    (tmp_path / "start.sh").chmod(0o755)
    assert _services(tmp_path, "./start.sh") == [("DW101", ("web", "worker"))]
