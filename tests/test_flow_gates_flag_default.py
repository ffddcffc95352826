"""A flag read with a non-string default (``os.environ.get("USE_K8S", False)``, ``0``) gates
its branch like any other read: where the container leaves the variable unset the default
decides (falsy: the branch does not run); where it sets the variable, its value does."""
from __future__ import annotations

import pytest

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()

SOURCE = '''import os

import hvac


class Vault:
    def __init__(self):
        use_k8s = os.environ.get("USE_K8S", {default})
        if use_k8s:
            self.client = hvac.Client(url="http://localhost:8200")
'''


def runs(default: str, env: dict[str, str | None]) -> bool:
    source = SOURCE.replace("{default}", default)
    files = {"vault.py": source}
    sinks = Flow(K, files.get, files).of("vault.py", 10, 43).sinks
    assert sinks, "the value reaches the client"
    return any(s.runs_with(env) for s in sinks)


@pytest.mark.parametrize("default", ["False", "0"])
def test_a_falsy_default_turns_the_branch_off_where_the_variable_is_unset(default):
    assert not runs(default, {})
    assert runs(default, {"USE_K8S": "true"})
    assert runs(default, {"USE_K8S": None})  # from the shell at run time: unknown


def test_a_truthy_default_runs_it():
    assert runs("True", {})
