"""A start command that picks its script with a command substitution printing only literals
(``python $( [ "$MODE" = "multi" ] && echo multi.py || echo single.py )``) runs one of the
scripts it names: both are followed, instead of an unknown script whose container would be
judged on every file its image holds."""
from __future__ import annotations

from pathlib import Path

import pytest

from dockwise.config import Config
from dockwise.engine import run_check
from dockwise.layout.startcmd_args import substituted_words
from dockwise.model import Text
from tests.conftest import make

DIAL = 'import redis\n\nr = redis.Redis(host="localhost", port=6379)\n'


def _flagged(tmp_path: Path, pick: str) -> list[str]:
    make(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build: .\n",
        "Dockerfile": f"FROM python:3.12\nWORKDIR /srv\nCOPY . /srv\nENTRYPOINT {pick}\n",
        "multi.py": "import store\n",
        "single.py": "print('single')\n",
        "store.py": DIAL,
        "other_service.py": DIAL.replace("6379", "6380"),
    }, git=True)
    return sorted(f.span.path for f in run_check([tmp_path], Config(cache=False)).active)


def test_each_script_the_substitution_prints_is_followed(tmp_path):
    pick = '["sh", "-c", "python $( [ \\"$MODE\\" = \\"multi\\" ] && echo \'multi.py\' || echo single.py)"]'
    assert _flagged(tmp_path, pick) == ["store.py"]


@pytest.mark.parametrize("word, printed", [
    ('$( [ "$X" = 1 ] && echo a.py || echo "b.py")', ["a.py", "b.py"]),
    ("$(test -f x && echo a.py)", ["a.py"]),
    ("$(cat name.txt)", None),  # a program's output: unknown
    ('$(echo "$SCRIPT")', None),  # a variable printed
    ("$((1 + 2))", None),  # arithmetic
    ("app.py", None),
])
def test_substituted_words(word, printed):
    got = substituted_words(Text(word))
    assert (None if got is None else [t.value for t in got]) == printed
