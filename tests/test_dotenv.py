"""The one dotenv reader (compose-go's syntax), with located values; used by layout, extract and fix."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockwise.layout.dotenv import parse_env_file, read_dotenv
from dockwise.model import Span, Text


def parse_env_text(source: str, path: str):
    return tuple(entry.var for entry in read_dotenv(source, path).entries)


def at(source: str, span: Span) -> str:
    """The text of ``source`` (BOM excluded) at a one-line span."""
    if source.startswith("\ufeff"):
        source = source[1:]
    assert span.line == span.end_line
    line = source.split("\n")[span.line - 1].rstrip("\r")
    return line[span.column - 1 : span.end_column - 1]


def whole(text: Text) -> Span | None:
    return text.span(0, len(text.value))


def values(source: str) -> dict[str, str | None]:
    return {v.name: (v.value.value if v.value is not None else None) for v in parse_env_text(source, ".env")}


# --------------------------------------------------------------------------- syntax


def test_plain_assignments_are_located():
    src = "A=1\nDATABASE_URL=postgresql://app@db:5432/app\n"
    out = parse_env_text(src, "app.env")
    assert [v.name for v in out] == ["A", "DATABASE_URL"]
    assert all(v.origin == "env_file" for v in out)
    url = out[1].value
    assert url.value == "postgresql://app@db:5432/app"
    assert whole(url) == Span("app.env", 2, 14, 2, 42)
    assert at(src, whole(url)) == url.value
    assert out[1].name_span == Span("app.env", 2, 1, 2, 13)
    assert at(src, out[1].name_span) == "DATABASE_URL"


def test_export_prefix_and_yaml_like_form():
    src = "export REDIS_URL=redis://localhost:6379/0\n  KEY: value\nexported=1\n"
    out = {v.name: v for v in parse_env_text(src, ".env")}
    assert set(out) == {"REDIS_URL", "KEY", "exported"}
    assert at(src, whole(out["REDIS_URL"].value)) == "redis://localhost:6379/0"
    assert at(src, out["REDIS_URL"].name_span) == "REDIS_URL"
    assert at(src, whole(out["KEY"].value)) == "value"


def test_comments_and_blank_lines():
    src = "# a comment\n\n   # indented comment\nA=x # trailing comment\nB=a#b\nC=#c\nD=\t\n"
    assert values(src) == {"A": "x", "B": "a#b", "C": "#c", "D": ""}


def test_double_quotes_keep_hash_and_process_escapes():
    src = 'A="x # not a comment"\nB="line\\nnext" # comment\nC="say \\"hi\\""\nD="cost \\$5"\n'
    got = values(src)
    assert got["A"] == "x # not a comment"
    assert got["B"] == "line\nnext"
    assert got["C"] == 'say "hi"'
    assert got["D"] == "cost $$5"  # compose-go's escaped dollar, left for the interpolation stage
    a = parse_env_text(src, ".env")[0].value
    assert at(src, whole(a)) == "x # not a comment"
    # characters made by an escape have no position; verbatim runs keep theirs
    b = parse_env_text(src, ".env")[1].value
    assert b.span(0, 4) == Span(".env", 2, 4, 2, 8)
    assert b.span(3, 6) is None


def test_single_quotes_are_literal():
    src = "A='raw \\n $HOME # x'\n"
    entries = read_dotenv(src, ".env").entries
    assert entries[0].var.value.value == "raw \\n $HOME # x"
    assert entries[0].quote == "'"
    assert at(src, whole(entries[0].var.value)) == "raw \\n $HOME # x"


def test_escapes_as_compose_reads_them():
    src = "A='it\\'s'\nB=\"keep \\q and \\\\ one\"\nC=\"\\0101\"\nD:value\n"
    got = values(src)
    assert got["A"] == "it's"
    assert got["B"] == "keep \\q and \\ one"
    assert got["C"] == "A"
    assert got["D"] == "value"
    b = parse_env_text(src, ".env")[1].value
    i = b.value.index("\\q")
    assert at(src, b.span(i, i + 2)) == "\\q"


def test_multiline_quoted_value():
    src = 'A="first\nsecond"\nB=2\n'
    got = parse_env_text(src, ".env")
    assert got[0].value.value == "first\nsecond"
    assert got[0].value.span(0, 5) == Span(".env", 1, 4, 1, 9)
    assert got[0].value.span(6, 12) == Span(".env", 2, 1, 2, 7)
    assert got[1].name == "B" and got[1].value.value == "2"


def test_crlf_and_bom():
    src = "\ufeffA=redis://localhost:6379\r\nB=2\r\n"
    got = parse_env_text(src, ".env")
    assert [v.name for v in got] == ["A", "B"]
    assert got[0].value.value == "redis://localhost:6379"
    assert whole(got[0].value) == Span(".env", 1, 3, 1, 25)
    assert at(src, whole(got[0].value)) == "redis://localhost:6379"
    assert got[1].value.value == "2"


def test_bare_name_has_no_value():
    got = read_dotenv("FOO\n  BAR\nBAZ # comment\n", ".env")
    assert [(e.var.name, e.var.value) for e in got.entries] == [("FOO", None), ("BAR", None)]
    # compose-go reads "#" as a character of the name, and refuses it
    assert [(e.line, e.column) for e in got.errors] == [(3, 1)]


def test_garbage_lines_are_skipped_never_raise():
    src = "not an assignment\n=novalue\n123=x\nK value\nGOOD=1\nU='unterminated\n"
    got = values(src)
    assert got["GOOD"] == "1"
    assert "U" in got
    for junk in ("", "\n\n", "=", "'", '"', "export", "export ", "A=\"\\", "\x00=\x00", "A" * 10000):
        parse_env_text(junk, ".env")
    assert parse_env_text(None, ".env") == ()  # type: ignore[arg-type]


def test_later_assignment_listed_after_earlier():
    got = parse_env_text("A=1\nA=2\n", ".env")
    assert [v.value.value for v in got] == ["1", "2"]


# --------------------------------------------------------------------------- compose-go's semantics


def test_yaml_like_colon_separator():
    src = "A: x\nB:y\nC : z\n"
    assert values(src) == {"A": "x", "B": "y", "C": "z"}
    a = parse_env_text(src, ".env")[0]
    assert at(src, a.name_span) == "A" and at(src, whole(a.value)) == "x"


def test_first_separator_ends_the_name():
    assert values("URL=http://h:1\nHOST:a=b\n") == {"URL": "http://h:1", "HOST": "a=b"}


def test_name_characters():
    src = "C[0]=1\nmy.var-name=2\n_X=3\n1ST=4\nNAMÉ=5\n"
    assert values(src) == {"C[0]": "1", "my.var-name": "2", "_X": "3", "1ST": "4", "NAMÉ": "5"}
    read = read_dotenv(src, ".env")
    assert read.errors == ()
    assert at(src, read.entries[0].var.name_span) == "C[0]"


def test_bad_names_are_errors_and_reading_goes_on():
    src = "A B=1\nA$=2\n=3\nGOOD=4\n"
    read = read_dotenv(src, ".env")
    assert [(e.var.name, e.var.value.value) for e in read.entries] == [("GOOD", "4")]
    assert [e.line for e in read.errors] == [1, 2, 3]
    assert all("expected NAME=value" in e.message for e in read.errors)
    # "export" with nothing after it names nothing, and is no error
    assert read_dotenv("export\nA=1\n", ".env") == read_dotenv("\nA=1\n", ".env")


def test_export_prefix():
    src = "export A=1\nexport\tB=2\nexported=3\n  export   C: 4\n"
    read = read_dotenv(src, ".env")
    assert values(src) == {"A": "1", "B": "2", "exported": "3", "C": "4"}
    assert [at(src, e.var.name_span) for e in read.entries] == ["A", "B", "exported", "C"]


def test_single_quotes_keep_everything_but_an_escaped_quote():
    src = "A='it\\'s'\nB='a\\nb $X \\\\ # c'\n"
    got = values(src)
    assert got["A"] == "it's"
    assert got["B"] == "a\\nb $X \\\\ # c"
    entries = read_dotenv(src, ".env").entries
    assert [e.quote for e in entries] == ["'", "'"]


def test_double_quotes_expand_escapes():
    src = 'A="t\\tn\\nq\\"b\\\\"\nB="it\\\'s \\q"\nC="\\0101\\01x"\nD="\\$HOME"\n'
    got = values(src)
    assert got["A"] == 't\tn\nq"b\\'
    assert got["B"] == "it\\'s \\q"  # only the quote character itself is escaped
    assert got["C"] == "A\\1x"  # \0 and three octal digits; Go drops the 0 of a shorter one
    assert got["D"] == "$$HOME"  # a literal dollar for the interpolation stage


def test_inline_comments_after_a_space_in_unquoted_values():
    src = "A=x # c\nB=x\t# c\nC=x#c\nD= #c\nE=\"x\" # c\nF='x'# c\n"
    assert values(src) == {"A": "x", "B": "x\t# c", "C": "x#c", "D": "#c", "E": "x", "F": "x"}


def test_reading_goes_on_after_a_closing_quote():
    # compose-go reads the rest of the line as the next statement
    assert values('A="x" B=2\n') == {"A": "x", "B": "2"}


def test_unterminated_quote_is_an_error():
    read = read_dotenv("A=1\nU='open\nB=2\n", ".env")
    assert [e.var.name for e in read.entries] == ["A", "U"]
    assert read.entries[1].var.value.value == "open\nB=2\n"
    assert len(read.errors) == 1 and read.errors[0].line == 2 and "unterminated" in read.errors[0].message


def test_crlf_inside_quotes_is_kept_as_compose_keeps_it():
    assert values('A="x\r\ny"\r\nB=2\r\n') == {"A": "x\r\ny", "B": "2"}


# --------------------------------------------------------------------------- one reader for all


def _project(tmp_path, env_file: str):
    (tmp_path / "compose.yaml").write_text(
        "services:\n  worker:\n    image: worker\n    env_file: worker.env\n  rabbitmq:\n    image: rabbitmq\n"
    )
    (tmp_path / "worker.env").write_text(env_file)
    return tmp_path


def test_env_file_with_a_yaml_like_line_is_read_not_an_error(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dockwise.cli import cli

    _project(tmp_path, "BROKER_URL: amqp://guest:guest@localhost:5672//\nLOG_LEVEL=info\n")
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["check", "."], catch_exceptions=False)
    assert res.exit_code == 1, res.output  # a finding, not a file error (2)
    assert "expected NAME=value" not in res.output
    assert "worker.env:1:32: DW101" in res.output


def test_layout_extract_and_fix_checker_read_a_file_alike():
    src = (
        "\ufeffexport A=1\nB: amqp://localhost:5672 # c\nC[0]='it\\'s'\nD=\"x\\ty\"\nBARE\n"
        "E=a#b\nF= #f\nbad name=1\nG=\"multi\nline\"\r\n"
    )
    layout = parse_env_file(src, "w.env")
    read = read_dotenv(src, "w.env")
    assert layout.vars == tuple(e.var for e in read.entries)  # nothing to interpolate here
    assert layout.errors == read.errors
    assert [v.name for v in layout.vars] == ["A", "B", "C[0]", "D", "BARE", "E", "F", "G"]


def test_fix_checker_reads_yaml_like_lines():
    from dockwise.fix.errors import FixError
    from dockwise.fix.verify import apply_text_edits

    src = "B: amqp://localhost:5672\nC=1\n"
    at = src.index("localhost")
    assert apply_text_edits(".env", src, [(at, at + len("localhost"), "rabbitmq")]) == src.replace("localhost", "rabbitmq")
    with pytest.raises(FixError):
        apply_text_edits(".env", src, [(1, 2, " ")])  # "B amqp://..." sets nothing: refused


# --------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(list("AB_=:'\"#\\ \t\n\rx1$.{}/@") + ["export ", "\ufeff", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join))
def test_located_values_map_back_to_the_source(source):
    text = source[1:] if source.startswith("\ufeff") else source
    # lines as the hostile suite counts a non-Python file's (tests/hostile: YAML_BREAK)
    lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", text)
    for var in parse_env_text(source, ".env"):
        if var.name_span is not None:
            line = lines[var.name_span.line - 1]
            assert line[var.name_span.column - 1 : var.name_span.end_column - 1] == var.name
        if var.value is None:
            continue
        for piece in var.value.pieces:
            line = lines[piece.line - 1]
            written = line[piece.column - 1 : piece.column - 1 + (piece.end - piece.start)]
            assert written == var.value.value[piece.start : piece.end]
