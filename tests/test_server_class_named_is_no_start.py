"""Naming a server's class or an idle decorator starts nothing: a class written as the base
of another (``class QuietServer(uvicorn.Server)``) is subclassed, and the subclass's start is
looked for where code builds and runs it; a decorator written bare is a call of its name on the
function (Temporal's ``@workflow.run`` marks a workflow's entry method, rules/flow.yaml
idle_calls).  A consumer script whose helpers hold only these still receives no request, so a
dial only a route handler of the web module it imports makes is not judged in its container.
A subclass built and served is a server."""
from __future__ import annotations

import pytest

from tests.test_regex_match_start_is_no_server import _services

SUBCLASS = ("import uvicorn\n\n\nclass QuietServer(uvicorn.Server):\n"
            "    def install_signal_handlers(self):\n        pass\n")
WORKFLOW = ("from temporalio import workflow\n\n\n@workflow.defn\nclass Sync:\n"
            "    @workflow.run\n    async def run(self, name):\n        return name\n")
SERVED = SUBCLASS + ("\n\ndef serve(app):\n    QuietServer(uvicorn.Config(app, port=7000)).run()\n")


@pytest.mark.parametrize("helpers", [SUBCLASS, WORKFLOW], ids=["base", "decorator"])
def test_a_server_class_or_idle_decorator_named_starts_nothing(tmp_path, helpers):
    assert _services(tmp_path, helpers) == [("web",)]


def test_a_subclass_built_and_run_may_serve(tmp_path):
    assert _services(tmp_path, SERVED) == [("listener", "web")]
