"""Whole-identifier search (dockwise.words): the same answers as ``(?<!\\w)word(?!\\w)``."""
import ast
import re

import pytest

from dockwise.words import has_call, has_whole, lines_with_whole, names_as_base, positions_whole


def _regex_lines(text: str, word: str) -> list[int]:
    before = r"(?<!\w)" if re.match(r"\w", word) else ""
    after = r"(?!\w)" if re.search(r"\w$", word) else ""
    return sorted({text.count("\n", 0, m.start()) + 1 for m in re.finditer(before + re.escape(word) + after, text)})


TEXT = "report = port\nimport_port(port_)\n  x.port, é_port éport\n_port port1 (port)\nportport\n"


@pytest.mark.parametrize("word", ["port", "_port", "port_", "x", "éport", "portport", "1", "(port)", "missing"])
def test_same_lines_as_the_regex(word):
    assert lines_with_whole(TEXT, word) == _regex_lines(TEXT, word)


def test_a_name_inside_a_longer_identifier_is_not_there():
    assert not has_whole("report = transport", "port")
    assert has_whole("report = port", "port")
    assert not has_whole("", "port")


def test_each_whole_use_once():
    assert list(positions_whole("port port2 port\nport", "port")) == [0, 11, 16]
    assert list(positions_whole("aaa", "a")) == []
    assert list(positions_whole("a a", "a")) == [0, 2]


def test_non_ascii_letters_are_word_characters():
    assert not has_whole("éport", "port")
    assert has_whole("·port", "port")  # a middle dot is punctuation, not a letter
    assert lines_with_whole("·port\néport", "port") == _regex_lines("·port\néport", "port") == [1]


def test_line_starts_holding_a_keyword_each_once():
    from dockwise.words import line_starts_holding

    text = "import a\nx = 1\nfrom b import c\nimportant = 2"
    assert list(line_starts_holding(text, ("import",))) == [0, 15, 31]
    assert list(line_starts_holding(text, ("import", "from"))) == [0, 15, 31]
    assert list(line_starts_holding(text, ("missing",))) == []


@pytest.mark.parametrize("text, called", [
    ("x.connect(1)", True),
    ("connect (1)", True),
    ("x.connect\\\n    (1)", True),  # a line continuation between the name and its "("
    ("def connect(self):\n    pass\n", True),  # a definition looks like a call: kept (conservative)
    ("handler = connect\n", False),
    ("x.connected()\nreconnect()\n", False),  # only inside longer names
    ("# connect\n", False),
])
def test_has_call(text, called):
    # a module whose text holds no call of a name cannot hold a caller: not parsed for one
    assert has_call(text, "connect") is called


@pytest.mark.parametrize("text, word, based", [
    ("class W(base.Task,\n        Mixin):\n    pass\n", "Task", True),
    ("class W(base.Task,\n        Mixin):\n    pass\n", "Mixin", True),
    ("class Z(Generic[T], Other): pass\n", "Other", True),
    ("class Meta(type): pass\nclass W(Base, metaclass=Meta): pass\n", "Base", True),
    ("class A(B):\n    field = Task()\n", "Task", False),  # in the body, after the ':'
    ("from tasks import Task\n\ndef run(t: Task): pass\n", "Task", False),
    ("class Task:\n    pass\n", "Task", False),  # the class itself
    ("class Foo(metaclass=M):\n    x = Task\n", "Task", False),
    ("class TaskBase(object): pass\n", "Task", False),  # a longer identifier
])
def test_names_as_base(text, word, based):
    # each text parsed: the answer agrees with the classes' bases
    tree = ast.parse(text)
    bases = {ast.unparse(b).rsplit(".", 1)[-1] for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for b in c.bases}
    assert (word in bases) == based
    assert names_as_base(text, word) == based
