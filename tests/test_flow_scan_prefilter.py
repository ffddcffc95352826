"""The whole-text searches of ``rules/flow.yaml`` (task-sending calls, in-process worker
starts, class walkers, name loaders) test each alternative's leading word with ``in`` and
then search that alternative alone (flow/sinks.py ``_Scan``): the same answers as the whole
alternation, without the regex trying every alternative at every position of every module."""
from __future__ import annotations

import pytest

from dockwise.flow.sinks import _leading_literal, tables
from dockwise.knowledge import default_knowledge

T = tables(default_knowledge())

TEXTS = [
    "result = sync.delay(item)\n",
    "app.send_task('app.tasks.sync')\n",
    "r = AsyncResult(task_id)\n",
    "app.control.inspect().ping()\n",
    "with app.connection_for_write() as conn:\n    pass\n",
    "delayed = 3\nrelay = 'x'\n",  # words that contain none of the calls
    "app.worker_main(['worker'])\n",
    "w = Worker(app=app)\n",
    "for cls in Base.__subclasses__ ():\n    pass\n",
    "members = inspect.getmembers(module)\n",
    "names = tar.getmembers()\n",
    "klass = import_string(os.environ['BACKEND'])\n",
    "mod = importlib.import_module(name)\n",
    "def import_modules_of(x):\n    pass\n",
    "",
]


@pytest.mark.parametrize("name", ["task_send_calls", "task_worker_starts", "class_walkers", "name_loaders"])
def test_prefilter_is_on_and_answers_as_the_regex_does(name):
    scan = getattr(T, name)
    assert scan.literals and all(scan.literals)  # every alternative begins with a word: the `in` test is used
    for text in TEXTS:
        assert bool(scan.search(text)) == bool(scan.pattern.search(text)), (name, text)


def test_some_texts_match_and_some_do_not():
    assert T.task_send_calls.search("x.delay(1)") and not T.task_send_calls.search("delayed = 1")
    assert T.class_walkers.search("Base.__subclasses__()") and not T.class_walkers.search("tar.getmembers()")
    assert T.name_loaders.search("import_string('a.B')") and not T.name_loaders.search("import_modules_of(x)")


@pytest.mark.parametrize("pattern, word", [
    (r"\bdelay[ \t]*\(", "delay"),
    (r"\.control\b", "control"),
    (r"\bconnection_for_(?:write|read)[ \t]*\(", "connection_for_"),
    (r"inspect\.getmembers", "inspect.getmembers"),
    (r"(?:a|b)", ""),  # no leading word: no prefilter
    (r"\bab\(", ""),  # too short to be worth a test
])
def test_leading_literal(pattern, word):
    assert _leading_literal(pattern) == word
