"""dockwise.layout.dockerfile: instructions, image config, COPY/ADD and code roots."""
from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from dockwise.layout.dockerfile import code_roots, json_tokens, parse_dockerfile
from dockwise.layout.model import CodeRoot
from dockwise.model import HOLE, Span, Text

from tests.conftest import CORPUS


def at(source: str, span: Span) -> str:
    lines = source.split("\n")
    assert span.line == span.end_line
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


def whole(source: str, text: Text) -> str:
    span = text.span(0, len(text.value))
    assert span is not None, text
    return at(source, span)


def pieces_ok(source: str, text: Text) -> None:
    lines = source.split("\n")
    for p in text.pieces:
        assert lines[p.line - 1][p.column - 1 : p.column - 1 + p.end - p.start] == text.value[p.start : p.end]


def parse(src: str, path: str = "Dockerfile"):
    return parse_dockerfile(src, path)


def vals(cmd) -> list[str]:
    return [t.value for t in cmd.tokens]


# --------------------------------------------------------------------------- lines


def test_instructions_keywords_case_insensitive_and_spans():
    src = "from python:3.12\nworkdir /app\n  Run pip install x\ncmd python app.py\n"
    df = parse(src)
    assert [i.keyword for i in df.instructions] == ["FROM", "WORKDIR", "RUN", "CMD"]
    run = df.instructions[2]
    assert run.line == 3 and run.args == "pip install x"
    assert at(src, run.span) == "Run pip install x"
    assert df.workdir == "/app" and df.warnings == ()


def test_continuation_lines_with_comments_and_blank_lines_inside():
    src = (
        "FROM python:3.12-slim\n"
        "RUN apt-get update \\\n"
        "# a comment inside\n"
        "    && apt-get install -y curl \\\n"
        "\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        'CMD ["python", \\\n'
        '     "app.py"]\n'
    )
    df = parse(src)
    run = df.instructions[1]
    assert run.keyword == "RUN"
    assert "# a comment" not in run.args
    assert run.args.split() == "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*".split()
    assert run.span.line == 2 and run.span.end_line == 6
    pieces_ok(src, run.text)
    assert vals(df.cmd) == ["python", "app.py"]
    assert whole(src, df.cmd.tokens[1]) == "app.py" and df.cmd.tokens[1].span(0, 6).line == 8
    assert df.cmd.span == Span("Dockerfile", 7, 1, 8, 15)


def test_continuation_with_trailing_whitespace_after_backslash():
    src = "FROM x\nENV A=1 \\   \n    B=2\n"
    df = parse(src)
    assert {e.name: e.value.value for e in df.env} == {"A": "1", "B": "2"}


def test_escape_directive_backtick():
    src = "# escape=`\nFROM mcr.microsoft.com/windows\nWORKDIR C:\\app\nRUN dir `\n    c:\\\nCMD echo done\n"
    df = parse(src)
    assert df.escape == "`"
    assert [i.keyword for i in df.instructions] == ["FROM", "WORKDIR", "RUN", "CMD"]
    assert df.instructions[2].args.split() == ["dir", "c:\\"]


def test_directive_after_instruction_is_a_comment():
    src = "FROM x\n# escape=`\nRUN a \\\n  b\n"
    df = parse(src)
    assert df.escape == "\\"
    assert df.instructions[1].args.split() == ["a", "b"]


def test_directive_stops_at_first_comment():
    df = parse("# a comment\n# escape=`\nFROM x\n")
    assert df.escape == "\\"


def test_syntax_directive_then_escape():
    df = parse("# syntax=docker/dockerfile:1\n#escape=`\nFROM x\n")
    assert df.escape == "`"


def test_crlf_and_bom():
    src = "\ufeffFROM python\r\nWORKDIR /srv\r\nCMD [\"python\", \"a.py\"]\r\n"
    df = parse(src)
    assert df.workdir == "/srv"
    assert vals(df.cmd) == ["python", "a.py"]
    assert df.cmd.tokens[1].span(0, 4) == Span("Dockerfile", 3, 17, 3, 21)


def test_heredocs_are_skipped():
    src = (
        "FROM python\n"
        "RUN <<EOF\n"
        "CMD not-an-instruction\n"
        "EXPOSE 1\n"
        "EOF\n"
        "RUN <<-'END' bash\n"
        "\tWORKDIR /nope\n"
        "\tEND\n"
        "COPY <<A <<B /etc/\n"
        "a\n"
        "A\n"
        "b\n"
        "B\n"
        "EXPOSE 8000\n"
        'CMD ["python", "app.py"]\n'
    )
    df = parse(src)
    assert [i.keyword for i in df.instructions] == ["FROM", "RUN", "RUN", "COPY", "EXPOSE", "CMD"]
    assert df.instructions[1].heredocs == ("CMD not-an-instruction\nEXPOSE 1",)
    assert df.instructions[3].heredocs == ("a", "b")
    assert df.expose == (8000,)
    assert df.workdir is None
    assert vals(df.cmd) == ["python", "app.py"]
    assert all(not c.from_context for c in df.copies)
    assert code_roots(df, "") == ()


def test_heredoc_in_quotes_is_not_a_heredoc():
    df = parse("FROM x\nRUN echo 'a <<EOF'\nCMD run\n")
    assert df.cmd is not None and vals(df.cmd) == ["run"]


def test_unterminated_heredoc_does_not_swallow_the_file():
    df = parse("FROM x\nRUN <<EOF\necho\nCMD run\n")
    assert df.warnings
    assert df.cmd is not None


# --------------------------------------------------------------------------- CMD / ENTRYPOINT / HEALTHCHECK


def test_exec_form_tokens_located_inside_quotes():
    src = 'FROM x\nCMD ["gunicorn", "--bind", "127.0.0.1:8000", "app:app"]\n'
    df = parse(src)
    assert df.cmd.shell is False and df.cmd.origin == "dockerfile"
    for tok in df.cmd.tokens:
        assert whole(src, tok) == tok.value


def test_exec_form_json_escapes():
    src = 'FROM x\nCMD ["sh", "-c", "echo \\"hi\\" && python app.py"]\n'
    df = parse(src)
    assert vals(df.cmd) == ["sh", "-c", 'echo "hi" && python app.py']
    script = df.cmd.tokens[2]
    pieces_ok(src, script)
    start = script.value.index("python")
    assert at(src, script.span(start, start + 6)) == "python"


def test_shell_form_is_split_and_located():
    src = "FROM x\nCMD gunicorn --bind 127.0.0.1:8000 'app:app'\n"
    df = parse(src)
    assert df.cmd.shell is True
    assert vals(df.cmd) == ["gunicorn", "--bind", "127.0.0.1:8000", "app:app"]
    for tok in df.cmd.tokens:
        assert whole(src, tok) == tok.value


def test_invalid_json_falls_back_to_shell_form():
    df = parse("FROM x\nCMD [python, app.py]\n")
    assert df.cmd.shell is True
    assert vals(df.cmd) == ["[python,", "app.py]"]


def test_json_tokens_helper():
    assert json_tokens(Text('["a", "b"]')) is not None
    assert json_tokens(Text("[1, 2]")) is None
    assert json_tokens(Text("python")) is None
    assert [t.value for t in json_tokens(Text('["\\u00e9t\\u00e9"]'))] == ["été"]


def test_last_cmd_wins_and_working_dir_is_the_final_workdir():
    df = parse('FROM x\nCMD ["a"]\nWORKDIR /app\nCMD ["python", "b.py"]\nWORKDIR src\n')
    assert vals(df.cmd) == ["python", "b.py"]
    assert df.cmd.working_dir == "/app/src"


def test_entrypoint_and_cmd():
    df = parse('FROM x\nWORKDIR /w\nENTRYPOINT ["tini", "--"]\nCMD ["python", "app.py"]\n')
    assert vals(df.entrypoint) == ["tini", "--"]
    assert vals(df.cmd) == ["python", "app.py"]
    assert df.entrypoint.working_dir == "/w"


def test_entrypoint_resets_inherited_cmd_only():
    src = 'FROM x AS base\nCMD ["python", "a.py"]\nFROM base\nENTRYPOINT ["./run.sh"]\n'
    assert parse(src).cmd is None
    src2 = 'FROM x\nCMD ["python", "a.py"]\nENTRYPOINT ["./run.sh"]\n'
    assert vals(parse(src2).cmd) == ["python", "a.py"]


def test_healthcheck_forms():
    src = "FROM x\nHEALTHCHECK --interval=30s --timeout=3s \\\n  CMD curl -f http://localhost:8000/ || exit 1\n"
    df = parse(src)
    hc = df.healthcheck
    assert hc.shell and vals(hc) == ["curl", "-f", "http://localhost:8000/", "||", "exit", "1"]
    assert whole(src, hc.tokens[2]) == "http://localhost:8000/"
    assert df.instructions[1].flag("interval") == "30s"
    df2 = parse('FROM x\nHEALTHCHECK CMD ["python", "healthcheck.py"]\n')
    assert not df2.healthcheck.shell and vals(df2.healthcheck) == ["python", "healthcheck.py"]
    df3 = parse('FROM x AS a\nHEALTHCHECK CMD ["true"]\nFROM a\nHEALTHCHECK NONE\n')
    assert df3.healthcheck is None and df3.healthcheck_disabled


def test_healthcheck_without_cmd_is_a_warning():
    df = parse("FROM x\nHEALTHCHECK --interval=5s\nHEALTHCHECK BOGUS x\n")
    assert df.healthcheck is None and len(df.warnings) == 2


# --------------------------------------------------------------------------- WORKDIR / ENV / ARG


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["WORKDIR /app"], "/app"),
        (["WORKDIR /app", "WORKDIR src"], "/app/src"),
        (["WORKDIR /app", "WORKDIR /srv"], "/srv"),
        (["WORKDIR app"], "/app"),
        (["WORKDIR /app/", "WORKDIR ../other/"], "/other"),
        (["ENV HOME_DIR=/home/me", "WORKDIR $HOME_DIR/code"], "/home/me/code"),
        (["ARG DIR=/opt/x", "WORKDIR ${DIR}"], "/opt/x"),
        (["WORKDIR ${UNSET:-/fallback}"], "/fallback"),
        (["WORKDIR /a", "WORKDIR $UNKNOWN"], "/a/$UNKNOWN"),
        (['WORKDIR "/with space"'], "/with space"),
    ],
)
def test_workdir_chains(lines, expected):
    df = parse("FROM x\n" + "\n".join(lines) + "\n")
    assert df.workdir == expected


def test_env_forms_and_locations():
    src = 'FROM x\nENV A=b C="d e" URL=postgresql://db:5432/app\nENV LEGACY value with spaces\nENV Q=\'single $A\'\n'
    df = parse(src)
    env = {e.name: e for e in df.env}
    assert {k: v.value.value for k, v in env.items()} == {
        "A": "b",
        "C": "d e",
        "URL": "postgresql://db:5432/app",
        "LEGACY": "value with spaces",
        "Q": "single $A",
    }
    for var in env.values():
        assert var.origin == "dockerfile"
        assert whole(src, var.value) == var.value.value
        assert at(src, var.name_span) == var.name
    url = env["URL"].value
    i = url.value.index("db")
    assert at(src, url.span(i, i + 2)) == "db"


def test_env_substitution_uses_arg_default_location():
    src = "ARG BASE=python\nFROM $BASE\nARG DB_HOST=localhost\nENV DATABASE_URL=postgresql://u@${DB_HOST}:5432/db\n"
    df = parse(src)
    assert df.stages[0].base == "python"
    value = df.env[0].value
    assert value.value == "postgresql://u@localhost:5432/db"
    i = value.value.index("localhost")
    span = value.span(i, i + 9)
    assert span.line == 3 and at(src, span) == "localhost"
    pieces_ok(src, value)


def test_env_unknown_variable_is_a_hole_and_order_of_substitution():
    df = parse("FROM x\nENV A=1\nENV A=2 B=$A C=${NOPE}\n")
    env = {e.name: e.value.value for e in df.env}
    assert env == {"A": "2", "B": "1", "C": HOLE}


def test_env_later_value_wins_and_inherits_through_stages():
    df = parse("FROM x AS base\nENV A=1 B=1\nFROM base\nENV A=2\n")
    assert {e.name: e.value.value for e in df.env} == {"A": "2", "B": "1"}


def test_global_arg_redeclared_in_stage():
    df = parse("ARG PORT=9000\nFROM x\nARG PORT\nEXPOSE $PORT\n")
    assert df.expose == (9000,)
    df2 = parse("ARG PORT=9000\nFROM x\nEXPOSE $PORT\n")  # not redeclared: not in scope
    assert df2.expose == () and df2.warnings


def test_escaped_dollar_is_literal():
    df = parse("FROM x\nENV A=1 B=\\$A\n")
    assert {e.name: e.value.value for e in df.env}["B"] == "$A"


# --------------------------------------------------------------------------- EXPOSE


@pytest.mark.parametrize(
    "line, expected",
    [
        ("EXPOSE 8000", (8000,)),
        ("EXPOSE 8000/tcp 53/udp", (8000, 53)),
        ("EXPOSE 8000-8002", (8000, 8001, 8002)),
        ("EXPOSE 80 80", (80,)),
        ("ARG PORT=5000\nEXPOSE $PORT", (5000,)),
        ("ENV PORT=5001\nEXPOSE ${PORT}/tcp", (5001,)),
        ("EXPOSE $UNSET", ()),
        ("EXPOSE nope 9000", (9000,)),
        ("EXPOSE 1-99999", ()),
    ],
)
def test_expose(line, expected):
    assert parse("FROM x\n" + line + "\n").expose == expected


# --------------------------------------------------------------------------- COPY / ADD


def roots(src: str, context: str = "", **kw):
    return code_roots(parse(src), context, **kw)


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["WORKDIR /app", "COPY . ."], [("", "/app")]),
        (["COPY . /srv/"], [("", "/srv")]),
        (["WORKDIR /app", "COPY app/ ./app/"], [("app", "/app/app")]),
        (["WORKDIR /app", "COPY app ./app"], [("app", "/app/app")]),
        (["WORKDIR /app", "COPY requirements.txt ."], [("requirements.txt", "/app/requirements.txt")]),
        (["WORKDIR /app", "COPY main.py /app"], [("main.py", "/app/main.py")]),
        (["COPY main.py /srv/run.py"], [("main.py", "/srv/run.py")]),
        (["COPY main.py /srv/"], [("main.py", "/srv/main.py")]),
        (["WORKDIR /app", "COPY a.py b.py ./"], [("a.py", "/app/a.py"), ("b.py", "/app/b.py")]),
        (["WORKDIR /app", "COPY *.py ./"], [("", "/app")]),
        (["COPY src/*.py /app/"], [("src", "/app")]),
        (["WORKDIR /app", "COPY --chown=app:app --chmod=644 --link api/ ./"], [("api", "/app")]),
        (["WORKDIR /app", 'COPY ["api/", "./api"]'], [("api", "/app/api")]),
        (["ADD app.tar.gz /opt/", "ADD https://example.com/x.py /opt/"], [("app.tar.gz", "/opt/app.tar.gz")]),
        (["ADD git@github.com:a/b.git /src"], []),
        (["COPY ./ /code"], [("", "/code")]),
        (["COPY /abs/dir /code"], [("abs/dir", "/code")]),
        (["COPY ../outside /code"], []),
        (["ARG SRC=service", "COPY $SRC /code"], [("service", "/code")]),
    ],
)
def test_copy_forms(lines, expected):
    got = roots("FROM x\n" + "\n".join(lines) + "\n")
    assert [(r.source, r.target) for r in got] == expected


def test_copy_in_context_subdirectory():
    got = roots("FROM x\nWORKDIR /app\nCOPY . .\nCOPY requirements.txt .\n", "svc/api")
    assert got == (CodeRoot("svc/api", "/app"), CodeRoot("svc/api/requirements.txt", "/app/requirements.txt"))


def test_copy_exclude_flags():
    got = roots("FROM x\nWORKDIR /app\nCOPY --exclude=tests --exclude=*.md api/ ./\n", "ctx")
    assert got == (CodeRoot("ctx/api", "/app", ("ctx/api/tests", "ctx/api/*.md")),)


def test_isdir_callback_decides_files_and_directories():
    src = "FROM x\nWORKDIR /app\nCOPY Makefile .\nCOPY v1.0 ./v1\n"
    got = code_roots(parse(src), "", isdir=lambda p: p == "v1.0")
    assert [(r.source, r.target) for r in got] == [("Makefile", "/app/Makefile"), ("v1.0", "/app/v1")]


def test_copy_ops_fields():
    src = "FROM x AS b\nWORKDIR /app\nCOPY --from=b /app/dist /srv/\nCOPY app/ ./app/\n"
    df = parse(src)
    c1, c2 = df.copies
    assert c1.from_context is False and c1.from_stage == "b" and c1.dest == "/srv" and c1.dest_is_dir
    assert c2.from_context is True and c2.sources == ("app/",) and c2.dest == "/app/app"
    assert at(src, c2.span) == "COPY app/ ./app/"
    assert whole(src, c2.source_texts[0]) == "app/"


def test_copy_without_destination_is_a_warning():
    df = parse("FROM x\nCOPY onlyone\n")
    assert df.copies == () and df.warnings


# --------------------------------------------------------------------------- multi-stage


MULTI = """\
ARG PY=3.12
FROM python:${PY} AS builder
WORKDIR /build
COPY requirements.txt .
RUN pip wheel -r requirements.txt -w /wheels
COPY src/ ./src/

FROM node:20 AS assets
WORKDIR /ui
COPY frontend/ .

FROM python:${PY}-slim AS final
WORKDIR /app
COPY --from=builder /wheels /wheels
COPY --from=builder /build/src ./src
COPY --from=assets /ui/dist ./static
ENV PORT=8000
EXPOSE ${PORT}
CMD ["gunicorn", "-b", "0.0.0.0:8000", "src.app:app"]

FROM final AS test
COPY tests/ ./tests/
CMD ["pytest"]
"""


def test_multi_stage_final_stage_config():
    df = parse(MULTI)
    assert [s.name for s in df.stages] == ["builder", "assets", "final", "test"]
    assert df.stages[0].base == "python:3.12" and df.stages[2].base == "python:3.12-slim"
    assert df.stages[3].parent == 2
    assert vals(df.cmd) == ["pytest"]
    assert df.workdir == "/app" and df.expose == (8000,)
    assert df.stages[2].depends == (0, 1)


def test_multi_stage_target():
    df = parse(MULTI)
    final = df.for_target("final")
    assert vals(final.cmd) == ["gunicorn", "-b", "0.0.0.0:8000", "src.app:app"]
    assert final.cmd.working_dir == "/app"
    assert df.stage("FINAL").name == "final"
    assert df.stage("nope") is None


def test_multi_stage_code_roots_follow_copy_from():
    df = parse(MULTI)
    got = {(r.source, r.target) for r in code_roots(df, "", target="final")}
    assert ("src", "/app/src") in got  # builder's /build/src carried into final ./src
    # only what reaches the final stage runs: where the build stage held it is not in the image
    assert ("src", "/build/src") not in got
    assert ("frontend/dist", "/app/static") in got  # the part carried on by COPY --from
    assert ("frontend", "/ui") not in got  # copied only into the assets stage
    assert ("requirements.txt", "/build/requirements.txt") not in got  # only in the builder stage
    assert not any(s == "tests" for s, _ in got)  # the test stage is not built for target final
    all_roots = {(r.source, r.target) for r in code_roots(df, "")}
    assert ("tests", "/app/tests") in all_roots and ("src", "/app/src") in all_roots


def test_from_stage_inherits_files():
    src = "FROM python AS base\nWORKDIR /app\nCOPY . .\nFROM base\nCMD python app.py\n"
    assert [(r.source, r.target) for r in roots(src, "svc")] == [("svc", "/app")]


def test_copy_from_index_and_image_are_not_context():
    df = parse("FROM a\nCOPY x /x\nFROM b\nCOPY --from=0 /x /y\nCOPY --from=nginx:latest /etc/nginx /etc/nginx\n")
    assert [c.from_context for c in df.copies] == [True, False, False]
    assert df.stages[1].depends == (0,)
    assert [(r.source, r.target) for r in code_roots(df, "")] == [("x", "/y")]  # only where it is carried


def test_run_mount_from_is_a_dependency():
    df = parse("FROM a AS deps\nCOPY req.txt /r/\nFROM b\nRUN --mount=type=bind,from=deps,source=/r,target=/r pip install\n")
    assert df.stages[1].depends == (0,)
    assert df.instructions[-1].flag("mount").startswith("type=bind")


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "src",
    [
        "",
        "\n\n# only comments\n",
        "CMD before from\n",
        "FROM\n",
        "FROM x\nENV\nARG\nEXPOSE\nWORKDIR\nCOPY\nADD\nHEALTHCHECK\nSHELL x\n",
        "FROM x\nRUN \\",
        "FROM x\n%%% garbage line\nCMD [\"ok\"]\n",
        "FROM x\nENV A=\"unterminated\nCMD ['a'\n",
        "FROM x\nWORKDIR ${A:-${B:-/deep}}\n",
        "FROM x\nENV ${=broken\n",
        "\x00\x01\x02",
        "FROM x\nCMD [" + "[" * 5000 + "\n",
    ],
)
def test_never_raises(src):
    df = parse(src)
    assert df.path == "Dockerfile"
    code_roots(df, "ctx")


def test_garbage_line_warned_and_skipped():
    df = parse('FROM x\n%%% garbage\nCMD ["ok"]\n')
    assert vals(df.cmd) == ["ok"]
    assert any("garbage" in w.message for w in df.warnings)


def test_random_dockerfiles_never_raise():
    rng = random.Random(99)
    words = ["FROM", "x", "AS", "b", "COPY", "--from=b", ".", "/app", "WORKDIR", "CMD", '["a",', '"b"]', "\\\n",
             "\n", "#", "ENV", "A=b", "$A", "${A:-c}", "<<EOF", "EOF", "EXPOSE", "80-81", "'", '"', "HEALTHCHECK", "NONE"]
    for _ in range(500):
        src = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        df = parse(src)
        code_roots(df, "")


# --------------------------------------------------------------------------- the corpus


def corpus_dockerfiles():
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.glob("*/**/*") if p.is_file() and p.name.endswith("Dockerfile"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
@pytest.mark.parametrize("path", corpus_dockerfiles(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_dockerfiles_parse_cleanly(path: Path):
    case = path.relative_to(CORPUS).parts[0]
    rel = path.relative_to(CORPUS / case).as_posix()
    src = path.read_text()
    df = parse_dockerfile(src, rel)
    assert df.warnings == ()
    assert df.stages and df.stages[-1].base.startswith("python:")
    for cmd in (df.cmd, df.entrypoint, df.healthcheck):
        if cmd is not None:
            for tok in cmd.tokens:
                assert whole(src, tok) == tok.value
    for inst in df.instructions:
        assert inst.span.path == rel
        pieces_ok(src, inst.text)


def _corpus_roots(case: str, dockerfile: str, context: str):
    root = CORPUS / case
    df = parse_dockerfile((root / dockerfile).read_text(), dockerfile)
    return {(r.source, r.target) for r in code_roots(df, context, isdir=lambda p: (root / p).is_dir())}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
@pytest.mark.parametrize(
    "case, dockerfile, context, expected",
    [
        ("01-flask-redis-app-run", "web/Dockerfile", "web", {("web/requirements.txt", "/app/requirements.txt"), ("web", "/app")}),
        ("02-fastapi-postgres-published-port", "api/Dockerfile", "api", {("api/requirements.txt", "/app/requirements.txt"), ("api/app", "/app/app")}),
        ("04-celery-rabbitmq-env-file", "web/Dockerfile", "web", {("web/app.py", "/app/app.py")}),
        ("13-copy-narrowed-context", "docker/app.Dockerfile", "", {("requirements.txt", "/app/requirements.txt"), ("app", "/app/app")}),
        ("14-bind-mounted-source", "docker/api/Dockerfile", "docker/api", set()),
        ("19-override-and-anchors", "app/Dockerfile", "app", {("app/shop", "/app/shop")}),
        ("20-dockerfile-without-compose", "Dockerfile", "", {("requirements.txt", "/app/requirements.txt"), ("", "/app")}),
    ],
)
def test_corpus_code_roots(case, dockerfile, context, expected):
    assert _corpus_roots(case, dockerfile, context) == expected


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_narrowed_context_cmd():
    src = (CORPUS / "13-copy-narrowed-context/docker/app.Dockerfile").read_text()
    df = parse_dockerfile(src, "docker/app.Dockerfile")
    assert vals(df.cmd) == ["python", "-m", "app.worker"]
    assert df.cmd.working_dir == "/app" and not df.cmd.shell
    assert os.path.basename(df.path) == "app.Dockerfile"
