"""dockwise.layout.shell: POSIX-like word splitting that keeps locations."""
from __future__ import annotations

import random

import pytest

from dockwise.layout.shell import (
    located,
    plain_text,
    slice_text,
    split_plain,
    split_shell,
    split_words,
)
from dockwise.model import HOLE, Piece, Text


def source_at(source: str, text: Text) -> None:
    """Every piece of ``text`` is the source text it claims to be."""
    lines = source.split("\n")
    for p in text.pieces:
        line = lines[p.line - 1]
        assert line[p.column - 1 : p.column - 1 + (p.end - p.start)] == text.value[p.start : p.end], (text, p)


def whole(source: str, text: Text) -> str:
    span = text.span(0, len(text.value))
    assert span is not None, text
    return source.split("\n")[span.line - 1][span.column - 1 : span.end_column - 1]


def values(src: str) -> list[str]:
    return [t.value for t in split_plain(src, "f", 1, 1)]


# --------------------------------------------------------------------------- basics


def test_plain_words_are_located_exactly():
    src = "  python   -m app.worker --flag=1"
    toks = split_plain(src, "compose.yaml", 1, 1)
    assert [t.value for t in toks] == ["python", "-m", "app.worker", "--flag=1"]
    for t in toks:
        assert whole(src, t) == t.value


def test_offset_start_position():
    toks = split_plain("gunicorn -b 127.0.0.1:8000", "c.yml", 7, 14)
    span = toks[2].span(0, 9)
    assert (span.path, span.line, span.column, span.end_column) == ("c.yml", 7, 26, 35)


def test_single_quotes_removed_and_located():
    src = "sh -c 'python app.py --host 0.0.0.0'"
    toks = split_plain(src, "f", 1, 1)
    assert [t.value for t in toks] == ["sh", "-c", "python app.py --host 0.0.0.0"]
    assert whole(src, toks[2]) == "python app.py --host 0.0.0.0"


def test_double_quotes_with_escapes_have_no_piece():
    src = r'echo "say \"hi\" now" end'
    toks = split_plain(src, "f", 1, 1)
    assert toks[1].value == 'say "hi" now'
    source_at(src, toks[1])
    # the escaped quotes are not located: the token is not one span
    assert toks[1].span(0, len(toks[1].value)) is None
    assert toks[1].span(0, 4) is not None  # "say " is
    assert toks[1].span(4, 5) is None  # the escaped quote is not


def test_backslash_in_double_quotes_kept_before_ordinary_chars():
    assert values(r'"a\nb"') == [r"a\nb"]
    assert values(r'"a\\b"') == ["a\\b"]
    assert values(r'"\$HOME"') == ["$HOME"]


def test_backslash_escapes_space_outside_quotes():
    toks = split_plain(r"python my\ app.py", "f", 1, 1)
    assert [t.value for t in toks] == ["python", "my app.py"]
    assert toks[1].span(0, 2) is not None and toks[1].span(2, 3) is None


def test_adjacent_quoted_parts_join_one_word():
    src = """x'y z'"w"v"""
    toks = split_plain(src, "f", 1, 1)
    assert [t.value for t in toks] == ["xy zwv"]
    source_at(src, toks[0])


def test_empty_quoted_string_is_a_word():
    assert values("a '' b \"\"") == ["a", "", "b", ""]


def test_variables_are_kept_literally():
    assert values("echo $HOME ${PORT:-8000} ${A:-b c} $(cat x y) `date +%s`") == [
        "echo",
        "$HOME",
        "${PORT:-8000}",
        "${A:-b c}",
        "$(cat x y)",
        "`date +%s`",
    ]


def test_variables_in_double_quotes():
    src = 'echo "${GREETING:-hello world}" "$(echo "a b")"'
    toks = split_plain(src, "f", 1, 1)
    assert [t.value for t in toks] == ["echo", "${GREETING:-hello world}", '$(echo "a b")']
    assert whole(src, toks[1]) == "${GREETING:-hello world}"


# --------------------------------------------------------------------------- operators


@pytest.mark.parametrize(
    "src, expected",
    [
        ("a && b", ["a", "&&", "b"]),
        ("a&&b", ["a", "&&", "b"]),
        ("a || b", ["a", "||", "b"]),
        ("a; b", ["a", ";", "b"]),
        ("a | b", ["a", "|", "b"]),
        ("a & b", ["a", "&", "b"]),
        ("a;b;c", ["a", ";", "b", ";", "c"]),
    ],
)
def test_control_operators_are_tokens(src, expected):
    words = split_words(Text.verbatim(src, "f", 1, 1))
    assert [w.value for w in words] == expected
    assert [w.operator for w in words] == [v in ("&&", "||", ";", "|", "&") for v in expected]
    assert all(w.control for w in words if w.operator)


def test_quoted_operator_is_a_word():
    words = split_words(Text.verbatim('echo "&&" \\;', "f", 1, 1))
    assert [w.value for w in words] == ["echo", "&&", ";"]
    assert not any(w.operator for w in words)


def test_operator_located():
    src = "migrate && serve"
    toks = split_plain(src, "f", 1, 1)
    assert whole(src, toks[1]) == "&&"


def test_redirections():
    words = split_words(Text.verbatim("cmd >/dev/null 2>&1 < in.txt", "f", 1, 1))
    assert [(w.value, w.operator) for w in words] == [
        ("cmd", False),
        (">", True),
        ("/dev/null", False),
        ("2>&", True),
        ("1", False),
        ("<", True),
        ("in.txt", False),
    ]
    assert all(w.redirect for w in words if w.operator)


def test_heredoc_operator():
    words = split_words(Text.verbatim("cat <<-'EOF' > out", "f", 1, 1))
    assert [w.value for w in words] == ["cat", "<<-", "EOF", ">", "out"]


# --------------------------------------------------------------------------- lines, comments


def test_newline_is_blank_by_default_and_separator_on_request():
    text = plain_text("a b\nc d", "f", 1, 1)
    assert [t.value for t in split_shell(text)] == ["a", "b", "c", "d"]
    words = split_words(text, newline_is_separator=True)
    assert [w.value for w in words] == ["a", "b", ";", "c", "d"]
    assert words[2].control


def test_no_separator_after_operator_at_line_end():
    words = split_words(plain_text("a &&\nb", "f", 1, 1), newline_is_separator=True)
    assert [w.value for w in words] == ["a", "&&", "b"]


def test_line_continuation_removed_and_multiline_locations():
    src = "gunicorn \\\n  --bind 127.0.0.1:8000 \\\n  app:app"
    toks = split_shell(plain_text(src, "f", 3, 5))
    assert [t.value for t in toks] == ["gunicorn", "--bind", "127.0.0.1:8000", "app:app"]
    span = toks[2].span(0, 9)
    assert (span.line, span.column) == (4, 10)
    lines = src.split("\n")
    assert lines[1][span.column - 1 : span.end_column - 1] == "127.0.0.1"


def test_comments():
    assert values("python app.py # run it") == ["python", "app.py"]
    assert values("echo a#b") == ["echo", "a#b"]
    assert [t.value for t in split_shell(Text("a # b"), comments=False)] == ["a", "#", "b"]


def test_multiline_script_comment_stops_at_newline():
    words = split_words(plain_text("# setup\nexec gunicorn app:app", "f", 1, 1), newline_is_separator=True)
    assert [w.value for w in words] == ["exec", "gunicorn", "app:app"]


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "src, expected",
    [
        ("echo 'unterminated text", ["echo", "unterminated text"]),
        ('echo "unterminated text', ["echo", "unterminated text"]),
        ("echo ${unterminated", ["echo", "${unterminated"]),
        ("echo $(unterminated", ["echo", "$(unterminated"]),
        ("trailing\\", ["trailing\\"]),
        ("", []),
        ("   ", []),
    ],
)
def test_never_raises_on_broken_input(src, expected):
    assert values(src) == expected


def test_random_input_never_raises():
    rng = random.Random(1234)
    alphabet = "ab $'\"\\;&|<>(){}#`\n\t=:-"
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert all(not w.text.pieces for w in split_words(Text(s), newline_is_separator=True))
        for w in split_words(plain_text(s, "f", 1, 1)):
            source_at(s, w.text)


def test_input_with_unlocated_parts():
    # "x" + HOLE + " y", where only "x" and " y" are written in a file
    text = Text("x" + HOLE + " yy", (Piece(0, 1, "f", 2, 5), Piece(2, 5, "f", 2, 10)))
    toks = split_shell(text)
    assert [t.value for t in toks] == ["x" + HOLE, "yy"]
    assert toks[0].span(0, 1).column == 5 and toks[0].span(1, 2) is None
    assert toks[1].span(0, 2).column == 11


def test_located_and_slice_helpers():
    t = located([("a", ("f", 1, 1)), ("b", ("f", 1, 2)), ("c", None), ("d", ("f", 2, 1))])
    assert t.value == "abcd"
    assert t.pieces == (Piece(0, 2, "f", 1, 1), Piece(3, 4, "f", 2, 1))
    s = slice_text(Text.verbatim("hello world", "f", 3, 4), 6, 11)
    assert s.value == "world" and s.span(0, 5).column == 10
    assert slice_text(Text("abc"), 5, 9).value == ""


def test_split_plain_multiline_columns():
    src = "a\n  b"
    toks = split_plain(src, "f", 10, 7)
    assert toks[0].span(0, 1).column == 7 and toks[0].span(0, 1).line == 10
    assert toks[1].span(0, 1).column == 3 and toks[1].span(0, 1).line == 11
