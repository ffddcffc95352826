"""The Compose loader: located YAML, interpolation, merging, extends/include, hostile input."""
from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dockwise.layout.compose import ReadFailure, load_compose
from dockwise.layout.dotenv import parse_env_file
from dockwise.layout.interpolate import interpolate
from dockwise.layout.merge import keyed_entries
from dockwise.layout.yaml_load import MAX_DEPTH, parse_yaml
from dockwise.layout.yaml_nodes import YMap, YScalar, YSeq
from dockwise.model import HOLE, Text


def reader(files: dict[str, str]):
    def read(path: str) -> str:
        if path.startswith("../") or path.startswith("/"):
            raise ReadFailure("outside the project root: refused")
        if path not in files:
            raise ReadFailure("no such file", missing=True)
        return files[path]

    return read


def one(src: str, path: str = "compose.yaml"):
    docs, errors = parse_yaml(src, path)
    assert len(docs) == 1, errors
    return docs[0], errors


def at(text: Text, sub: str):
    """(line, column) of the first occurrence of ``sub`` in text's value, through its pieces."""
    start = text.value.index(sub)
    span = text.span(start, start + len(sub))
    return None if span is None else (span.path, span.line, span.column)


def svc(model, name):
    return model.services[name]


# --------------------------------------------------------------------------- located scalars


def test_plain_and_quoted_scalars_are_located():
    root, errors = one(
        'a: redis://localhost:6379/0\n'
        "b: 'it''s localhost'\n"
        'c: "tab\\there localhost"\n'
        'd: "\\u00e9 localhost"\n'
    )
    assert errors == []
    assert at(root.items["a"].text, "localhost") == ("compose.yaml", 1, 12)
    assert root.items["b"].value == "it's localhost"
    assert at(root.items["b"].text, "localhost") == ("compose.yaml", 2, 11)
    assert root.items["c"].value == "tab\there localhost"
    assert at(root.items["c"].text, "localhost") == ("compose.yaml", 3, 15)
    # the escape itself has no piece
    assert root.items["c"].text.span(3, 4) is None
    assert at(root.items["d"].text, "localhost") == ("compose.yaml", 4, 12)


def test_block_scalars_one_piece_per_line():
    root, _ = one("cmd: |\n  python app.py\n  --host localhost\nf: >\n  a b\n  c localhost\n")
    text = root.items["cmd"].text
    assert text.value == "python app.py\n--host localhost\n"
    assert at(text, "localhost") == ("compose.yaml", 3, 10)
    folded = root.items["f"].text
    assert folded.value == "a b c localhost\n"
    assert at(folded, "localhost") == ("compose.yaml", 6, 5)


def test_multiline_plain_and_flow_scalars():
    root, _ = one("a: one\n  two localhost\nb: [x, \"y localhost\"]\n")
    assert root.items["a"].value == "one two localhost"
    assert at(root.items["a"].text, "localhost") == ("compose.yaml", 2, 7)
    assert at(root.items["b"].items[1].text, "localhost") == ("compose.yaml", 3, 11)


def test_core_schema_types():
    root, _ = one("a: 5432\nb: '5432'\nc: true\nd: yes\ne: ~\nf: 1.5\ng: 0x10\nh: 22:22\n")
    it = root.items
    assert it["a"].value == 5432 and it["a"].text.value == "5432"
    assert it["b"].value == "5432"
    assert it["c"].value is True
    assert it["d"].value == "yes"  # YAML 1.2: not a boolean
    assert it["e"].value is None
    assert it["f"].value == 1.5
    assert it["g"].value == 16
    assert it["h"].value == "22:22" and it["h"].sexagesimal  # never 1342
    assert not it["a"].sexagesimal


def test_bom_and_crlf():
    root, _ = one("\ufeffservices:\r\n  web:\r\n    image: \"nginx localhost\"\r\n")
    image = root.items["services"].items["web"].items["image"]
    assert at(image.text, "localhost") == ("compose.yaml", 3, 19)


# --------------------------------------------------------------------------- anchors and merge keys


def test_alias_keeps_anchor_location():
    src = (
        "x-env: &env\n"
        "  REDIS_URL: redis://localhost:6379/0\n"
        "services:\n"
        "  web:\n"
        "    environment: *env\n"
        "  worker:\n"
        "    environment:\n"
        "      <<: *env\n"
        "      EXTRA: '1'\n"
    )
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="")
    assert model.errors == []
    for name in ("web", "worker"):
        env = svc(model, name).items["environment"]
        assert at(env.items["REDIS_URL"].text, "localhost") == ("compose.yaml", 2, 22)
    assert set(svc(model, "worker").items["environment"].items) == {"REDIS_URL", "EXTRA"}


def test_merge_key_precedence_and_reset():
    src = (
        "x-base: &base\n"
        "  image: base\n"
        "  ports: ['1:1']\n"
        "x-more: &more\n"
        "  image: more\n"
        "  user: me\n"
        "services:\n"
        "  a:\n"
        "    <<: [*base, *more]\n"
        "    user: own\n"
        "    ports: !reset []\n"
    )
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="")
    a = svc(model, "a")
    assert a.items["image"].value == "base"  # earlier merge sources win
    assert a.items["user"].value == "own"  # own keys win
    assert "ports" not in a.items  # !reset removes the merged value


# --------------------------------------------------------------------------- merging files

BASE = """\
services:
  web:
    image: web
    command: ["python", "app.py"]
    ports: ["8000:8000", "127.0.0.1:9000:9000"]
    volumes: ["./src:/code", "data:/data"]
    environment:
      A: "1"
      B: "2"
    networks: [front]
    dns: [1.1.1.1]
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost"]
      interval: 5s
  db:
    image: postgres
    ports: ["5432:5432"]
"""

OVERRIDE = """\
services:
  web:
    command: python other.py
    ports: ["8000:8000", "8443:443"]
    volumes: ["./other:/code"]
    environment:
      - B=3
      - C=4
    networks:
      back:
        aliases: [api]
    dns: [8.8.8.8]
    healthcheck:
      test: ["CMD", "true"]
  db:
    ports: !override ["15432:5432"]
"""


def test_override_merge_rules():
    files = {"compose.yaml": BASE, "compose.override.yaml": OVERRIDE}
    model = load_compose(["compose.yaml", "compose.override.yaml"], read=reader(files), project_dir="")
    assert model.errors == []
    web = svc(model, "web")
    assert web.items["command"].value == "python other.py"  # replaced
    assert [p.value for p in web.items["ports"].items] == ["8000:8000", "127.0.0.1:9000:9000", "8443:443"]
    vols = [v.value for v in web.items["volumes"].items]
    assert vols == ["./other:/code", "data:/data"]  # merged by target
    env = {k: (v.text.value if k == "A" else v.value) for k, v, _, _ in keyed_entries(web.items["environment"])}
    assert set(env) == {"A", "B", "C"}
    b = [v for k, v, _, lst in keyed_entries(web.items["environment"]) if k == "B"][0]
    assert b.value == "B=3"  # later wins
    assert set(web.items["networks"].items) == {"front", "back"}
    assert [d.value for d in web.items["dns"].items] == ["1.1.1.1", "8.8.8.8"]
    test = web.items["healthcheck"].items["test"]
    assert [t.value for t in test.items] == ["CMD", "true"]  # healthcheck.test replaced
    assert web.items["healthcheck"].items["interval"].value == "5s"
    assert [p.value for p in svc(model, "db").items["ports"].items] == ["15432:5432"]  # !override


def test_reset_in_override():
    files = {
        "compose.yaml": BASE,
        "o.yaml": "services:\n  web:\n    ports: !reset []\n    environment:\n      A: !reset null\n    new: !reset x\n",
    }
    model = load_compose(["compose.yaml", "o.yaml"], read=reader(files), project_dir="")
    web = svc(model, "web")
    assert "ports" not in web.items and "new" not in web.items
    assert set(web.items["environment"].items) == {"B"}


def test_build_string_merges_with_mapping():
    files = {
        "compose.yaml": "services:\n  web:\n    build: ./web\n",
        "o.yaml": "services:\n  web:\n    build:\n      dockerfile: Dockerfile.dev\n",
    }
    model = load_compose(["compose.yaml", "o.yaml"], read=reader(files), project_dir="")
    build = svc(model, "web").items["build"]
    assert isinstance(build, YMap)
    assert build.items["context"].value == "./web" and build.items["dockerfile"].value == "Dockerfile.dev"


# --------------------------------------------------------------------------- interpolation


def env_of(src: str, path: str = ".env"):
    return parse_env_file(src, path).mapping()


def test_interpolation_forms():
    env = env_of("SET=value\nEMPTY=\n")
    cases = {
        "${SET}": "value",
        "$SET": "value",
        "${UNSET:-dflt}": "dflt",
        "${EMPTY:-dflt}": "dflt",
        "${EMPTY-dflt}": "",
        "${UNSET-dflt}": "dflt",
        "${SET:+alt}": "alt",
        "${UNSET:+alt}": "",
        "${EMPTY+alt}": "alt",
        "${UNSET:-${SET}}": "value",
        "${UNSET:-${ALSO:-deep}}": "deep",
        "$$SET": "$SET",
        "a$": "a$",
        "${UNSET}": "",
        "${UNSET:?need it}": HOLE,
        "${EMPTY?x}": "",
    }
    for src, want in cases.items():
        unset: list = []
        got = interpolate(Text.verbatim(src, "compose.yaml", 1, 1), env, unset=unset)
        assert got.value == want, src


def test_interpolation_locations():
    env = env_of("# comment\nDB_PORT=15433\n")
    text = Text.verbatim("${DB_PORT:-5432}:5432 ${NOPE:-redis://localhost:6379}", "compose.yaml", 7, 10)
    got = interpolate(text, env)
    assert got.value == "15433:5432 redis://localhost:6379"
    assert at(got, "15433") == (".env", 2, 9)  # from .env
    assert at(got, ":5432") == ("compose.yaml", 7, 26)  # literal part of the scalar
    assert at(got, "localhost") == ("compose.yaml", 7, 48)  # from the default


def test_unset_variable_is_empty_and_recorded():
    src = "services:\n  web:\n    image: x\n    environment:\n      URL: ${URL}\n      R: ${REQ:?set REQ}\n"
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="", env={})
    env = svc(model, "web").items["environment"]
    assert env.items["URL"].value == ""
    assert env.items["R"].value == HOLE
    assert [n for n, _ in model.unset] == ["URL"]
    assert [n for n, _ in model.required] == ["REQ"]
    assert model.errors == []


def test_invalid_interpolation_is_an_error():
    src = "services:\n  web:\n    image: ${BAD:x}\n    command: echo ${OPEN\n"
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="")
    messages = [e.message for e in model.errors]
    assert any("invalid interpolation" in m for m in messages)
    assert len(model.errors) == 2 and all(e.line == 3 or e.line == 4 for e in model.errors)


def test_keys_are_not_interpolated():
    src = "services:\n  web:\n    labels:\n      $KEY: ${VAL:-v}\n"
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="")
    assert list(svc(model, "web").items["labels"].items) == ["$KEY"]


def test_interpolation_loops_and_growth_are_bounded():
    lines = ["A=${B}", "B=${A}"] + ["X0=xxxxxxxxxxxxxxxx"] + [f"X{i}=${{X{i-1}}}${{X{i-1}}}" for i in range(1, 40)]
    start = time.perf_counter()
    parsed = parse_env_file("\n".join(lines) + "\n", ".env")
    assert time.perf_counter() - start < 2
    values = parsed.mapping()
    assert values["A"].value == "" and values["B"].value == ""
    assert len(values["X39"].value) <= 16_384
    assert any("longer than" in e.message for e in parsed.errors)


# --------------------------------------------------------------------------- .env files


def test_env_file_syntax():
    src = (
        "# a comment\n"
        "PLAIN=redis://localhost:6379  # trailing comment\n"
        "export EXPORTED=amqp://localhost\n"
        "SINGLE='no ${INTERP} here'\n"
        'DOUBLE="line1\\nhost=localhost"\n'
        'MULTI="a\n'
        'b localhost"\n'
        "REF=${PLAIN}/1\n"
        "BARE\n"
        "EMPTY=\n"
        "not a valid line\n"
        "HASH=a#b\n"
    )
    parsed = parse_env_file(src, "worker.env")
    vals = {v.name: v.value for v in parsed.vars}
    assert vals["PLAIN"].value == "redis://localhost:6379"
    assert at(vals["PLAIN"], "localhost") == ("worker.env", 2, 15)
    assert vals["EXPORTED"].value == "amqp://localhost"
    assert at(vals["EXPORTED"], "localhost") == ("worker.env", 3, 24)
    assert vals["SINGLE"].value == "no ${INTERP} here"
    assert vals["DOUBLE"].value == "line1\nhost=localhost"
    assert at(vals["DOUBLE"], "localhost") == ("worker.env", 5, 21)
    assert vals["MULTI"].value == "a\nb localhost"
    assert at(vals["MULTI"], "localhost") == ("worker.env", 7, 3)
    assert vals["REF"].value == "redis://localhost:6379/1"
    assert at(vals["REF"], "localhost") == ("worker.env", 2, 15)
    assert vals["BARE"] is None
    assert vals["EMPTY"].value == ""
    assert vals["HASH"].value == "a#b"
    assert len(parsed.errors) == 1 and parsed.errors[0].line == 11
    assert parsed.vars[0].name_span.line == 2 and parsed.vars[0].name_span.column == 1


# --------------------------------------------------------------------------- extends and include


def test_extends_same_file_and_other_file():
    files = {
        "compose.yaml": (
            "services:\n"
            "  base:\n"
            "    image: base\n"
            "    environment: {A: '1'}\n"
            "  child:\n"
            "    extends: base\n"
            "    environment: {B: '2'}\n"
            "  grandchild:\n"
            "    extends: {service: child}\n"
            "  remote:\n"
            "    extends:\n"
            "      file: common/services.yaml\n"
            "      service: py\n"
            "    command: python app.py\n"
        ),
        "common/services.yaml": "services:\n  py:\n    build: ./py\n    command: python base.py\n",
    }
    model = load_compose(["compose.yaml"], read=reader(files), project_dir="")
    assert model.errors == []
    child = svc(model, "child")
    assert child.items["image"].value == "base"
    assert set(child.items["environment"].items) == {"A", "B"}
    assert svc(model, "grandchild").items["image"].value == "base"
    remote = svc(model, "remote")
    assert remote.items["command"].value == "python app.py"
    build = remote.items["build"]
    assert build.value == "./py" and build.base == "common"  # relative to the other file
    assert "common/services.yaml" in model.included


def test_extends_problems_are_errors():
    files = {
        "compose.yaml": (
            "services:\n"
            "  a: {extends: b}\n"
            "  b: {extends: a}\n"
            "  c: {extends: missing}\n"
            "  d: {extends: {file: ../outside.yaml, service: x}}\n"
            "  e: {extends: {file: nofile.yaml, service: x}}\n"
        )
    }
    start = time.perf_counter()
    model = load_compose(["compose.yaml"], read=reader(files), project_dir="")
    assert time.perf_counter() - start < 1
    messages = " | ".join(e.message for e in model.errors)
    assert "loop" in messages
    assert "no such service" in messages
    assert "outside the project root" in messages
    assert "nofile.yaml" in messages
    assert set(model.services) == {"a", "b", "c", "d", "e"}


def test_include_short_and_long_forms():
    files = {
        "compose.yaml": (
            "include:\n"
            "  - db/compose.yaml\n"
            "  - path: cache/compose.yaml\n"
            "    env_file: cache/cache.env\n"
            "services:\n"
            "  web: {image: web}\n"
        ),
        "db/compose.yaml": "services:\n  db:\n    image: postgres\n    ports: ['${DB_PORT:-5432}:5432']\n",
        "db/.env": "DB_PORT=15432\n",
        "cache/compose.yaml": "services:\n  redis:\n    image: redis:${TAG}\n",
        "cache/cache.env": "TAG=7\n",
    }
    model = load_compose(["compose.yaml"], read=reader(files), project_dir="")
    assert model.errors == []
    assert set(model.services) == {"web", "db", "redis"}
    assert svc(model, "db").items["ports"].items[0].value == "15432:5432"
    assert at(svc(model, "db").items["ports"].items[0].text, "15432") == ("db/.env", 1, 9)
    assert svc(model, "redis").items["image"].value == "redis:7"
    assert "db/compose.yaml" in model.included


def test_include_refusals():
    files = {
        "compose.yaml": (
            "include:\n  - ../elsewhere/compose.yaml\n  - missing.yaml\n  - loop.yaml\n"
            "services:\n  web: {image: web}\n"
        ),
        "loop.yaml": "include: [loop.yaml]\nservices: {x: {image: x}}\n",
    }
    model = load_compose(["compose.yaml"], read=reader(files), project_dir="")
    messages = " | ".join(e.message for e in model.errors)
    assert "outside the project root" in messages
    assert "missing.yaml" in messages
    assert "loop" in messages
    assert "web" in model.services


def test_include_conflict_merges_with_the_local_definition_winning():
    # compose-go merges a resource the including file defines again (loader/include.go), the
    # including file overriding key by key; two included files: the first imported wins
    files = {
        "compose.yaml": (
            "include: [other.yaml, third.yaml]\n"
            "services:\n  web: {image: local}\n"
            "networks:\n  default: {driver: bridge}\n"
        ),
        "other.yaml": (
            "services:\n  web: {image: other, environment: {A: '1'}}\n  db: {image: pg16}\n"
            "networks:\n  default: {driver: bridge}\n"
        ),
        "third.yaml": "services:\n  db: {image: pg15, environment: {B: '2'}}\n",
    }
    model = load_compose(["compose.yaml"], read=reader(files), project_dir="")
    assert model.errors == []
    web, db = svc(model, "web"), svc(model, "db")
    assert web.items["image"].value == "local" and set(web.items["environment"].items) == {"A"}
    assert db.items["image"].value == "pg16" and set(db.items["environment"].items) == {"B"}


# --------------------------------------------------------------------------- hostile input

HOSTILE = {
    "syntax error": "services:\n  web: [\n",
    "tab indentation": "services:\n\tweb: {}\n",
    "alias bomb": (
        "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(9)
        )
        + "services: {web: {image: x}}\n"
    ),
    "deep flow nesting": "services: " + "[" * 10000 + "]" * 10000 + "\n",
    "deep block nesting": "services:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 2000)),
    "recursive alias": "a: &a [*a]\nservices: {}\n",
    "undefined alias": "services: *nope\n",
    "null byte": 'services:\n  web: {image: "a\x00"}\n',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_ends_fast_with_an_error(name):
    start = time.perf_counter()
    docs, errors = parse_yaml(HOSTILE[name], "compose.yaml")
    assert time.perf_counter() - start < 1.0
    assert docs == [] and len(errors) == 1
    assert errors[0].path == "compose.yaml"
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": HOSTILE[name]}), project_dir="")
    assert model.errors and not model.services


def test_depth_limit_through_aliases():
    lines = ["l0: &l0 [x]"] + [f"l{i}: &l{i} [*l{i - 1}]" for i in range(1, MAX_DEPTH + 5)]
    docs, errors = parse_yaml("\n".join(lines) + "\n", "compose.yaml")
    assert docs == [] and "nesting" in errors[0].message


def test_duplicate_keys_error_and_later_wins():
    root, errors = one("services:\n  web: {image: a}\n  web: {image: b}\n")
    assert root.items["services"].items["web"].items["image"].value == "b"
    assert len(errors) == 1 and errors[0].line == 3 and "duplicate key" in errors[0].message


def test_non_mapping_documents_and_no_services():
    for src in ("just a string\n", "- a\n- b\n", "42\n"):
        model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="")
        assert not model.is_compose and not model.services
        assert any("not a mapping" in e.message for e in model.errors)
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": "name: x\nfoo: bar\n"}), project_dir="")
    assert not model.is_compose and model.errors == []
    empty = load_compose(["compose.yaml"], read=reader({"compose.yaml": ""}), project_dir="")
    assert not empty.is_compose and empty.errors == []


def test_wrong_types_keep_the_rest():
    src = "services:\n  web: 5\n  ok: {image: x}\nnetworks: [a]\n"
    model = load_compose(["compose.yaml"], read=reader({"compose.yaml": src}), project_dir="")
    assert set(model.services) == {"ok"}
    assert len(model.errors) == 2
    bad = load_compose(["compose.yaml"], read=reader({"compose.yaml": "services: [a, b]\n"}), project_dir="")
    assert bad.is_compose and not bad.services and bad.errors


def test_unsafe_tags_build_nothing():
    root, errors = one("services: !!python/object/apply:os.system ['echo hi']\nx: !!binary aGk=\n")
    assert isinstance(root.items["services"], YSeq)
    assert isinstance(root.items["x"], YScalar) and root.items["x"].value == "aGk="


def test_multiple_documents_merge():
    docs, errors = parse_yaml("services: {a: {image: x}}\n---\nservices: {b: {image: y}}\n", "c.yaml")
    assert len(docs) == 2
    model = load_compose(
        ["c.yaml"], read=reader({"c.yaml": "services: {a: {image: x}}\n---\nservices: {b: {image: y}}\n"}), project_dir=""
    )
    assert set(model.services) == {"a", "b"}


def test_never_raises_on_odd_reader():
    def read(path: str) -> str:
        raise RuntimeError("boom")

    model = load_compose(["compose.yaml"], read=read, project_dir="")
    assert model.errors and "internal error" in model.errors[0].message


# --------------------------------------------------------------------------- properties

_YAMLISH = st.text(
    alphabet=st.sampled_from(list("ab:-[]{},'\"&*!<|>#$ {}\\\n\t\r0123456789\u00e9\x85")), max_size=200
)


def _pieces_inside(node, lines):
    todo = [node]
    while todo:
        n = todo.pop()
        if isinstance(n, YMap):
            todo.extend(n.items.values())
        elif isinstance(n, YSeq):
            todo.extend(n.items)
        elif isinstance(n, YScalar):
            for p in n.text.pieces:
                assert 1 <= p.line <= len(lines)
                line = lines[p.line - 1]
                assert 1 <= p.column and p.column - 1 + (p.end - p.start) <= len(line)
                assert line[p.column - 1 : p.column - 1 + (p.end - p.start)] == n.text.value[p.start : p.end]


@settings(max_examples=300, deadline=None)
@given(_YAMLISH)
def test_parse_yaml_never_raises_and_pieces_are_exact(src):
    import re as _re

    docs, errors = parse_yaml(src, "compose.yaml")
    lines = _re.split("\r\n|[\r\n\x85\u2028\u2029]", src)
    for doc in docs:
        _pieces_inside(doc, lines)
    for e in errors:
        assert e.path == "compose.yaml"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.dictionaries(st.sampled_from(["A", "B", "C"]), st.text(max_size=10), max_size=3))
def test_interpolation_never_raises(src, values):
    env = {k: Text.verbatim(v, ".env", 1, 3) for k, v in values.items() if "\n" not in v}
    out = interpolate(Text.verbatim(src, "c.yaml", 1, 1) if "\n" not in src else Text(src), env)
    assert isinstance(out.value, str)
    for p in out.pieces:
        assert 0 <= p.start <= p.end <= len(out.value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_env_parser_never_raises(src):
    parsed = parse_env_file(src, ".env")
    # lines as the reader counts them (a lone CR, NEL, LS, PS break a line, as in the YAML
    # files and editors; a BOM is not a column)
    lines = re.split("\r\n|[\r\n\x85\u2028\u2029]", src[1:] if src.startswith("\ufeff") else src)
    for var in parsed.vars:
        if var.value is None:
            continue
        for p in var.value.pieces:
            line = lines[p.line - 1]
            assert line[p.column - 1 : p.column - 1 + (p.end - p.start)] == var.value.value[p.start : p.end]
