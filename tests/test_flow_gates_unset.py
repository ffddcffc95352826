"""A branch behind an environment variable the container does not set: `if os.getenv("CI"):`
is false there (the variable is unset, its read gives None), and so is `"CI" in os.environ`;
a variable set from the shell at run time stays unknown, and so do the ones Docker sets."""
from __future__ import annotations

from dockwise.flow import Flow
from dockwise.knowledge import default_knowledge

K = default_knowledge()


def runs(source: str, env: dict[str, str | None], needle: str = "127.0.0.1") -> bool:
    lines = source.split("\n")
    line, column = next((i + 1, t.index(needle) + 1) for i, t in enumerate(lines) if needle in t)
    files = {"settings.py": source}
    sinks = Flow(K, files.get, files).of("settings.py", line, column).sinks
    assert sinks, "the value reaches the setting"
    return any(s.runs_with(env) for s in sinks)


def settings(test: str) -> str:
    return ('import os\nDATABASES = {"default": {"HOST": os.environ["DB_HOST"]}}\n'
            f'if {test}:\n    DATABASES = {{"default": {{"HOST": "127.0.0.1"}}}}\n')


def test_an_unset_variable_is_false():
    for test in ('os.environ.get("CI")', 'os.getenv("CI")', '"CI" in os.environ', 'os.getenv("CI", "")'):
        assert not runs(settings(test), {"DB_HOST": "db"}), test
        assert runs(settings(test), {"DB_HOST": "db", "CI": "true"}), test


def test_not_in_environ_is_true_where_the_variable_is_unset():
    assert runs(settings('"CI" not in os.environ'), {"DB_HOST": "db"})
    assert not runs(settings('"CI" not in os.environ'), {"CI": "1"})


def test_a_variable_from_the_shell_or_set_by_docker_stays_unknown():
    assert runs(settings('os.getenv("CI")'), {"CI": None})  # `environment: [CI]`: from the shell
    assert runs(settings('os.getenv("CI") == "1"'), {"CI": None})
    assert runs(settings('os.getenv("HOSTNAME")'), {})
