"""``Knowledge.flow`` and ``Knowledge.commands`` are typed records the loader builds and
checks once: a pack's ``flow`` lists add to the bundled ones, a pack's ``commands`` table
replaces the bundled one of the same key, and a table of the wrong shape is a
KnowledgeError naming the pack's file and the key."""
from __future__ import annotations

import re

import pytest

from dockwise.knowledge import (
    Commands,
    FlowTables,
    Knowledge,
    KnowledgeError,
    Probe,
    Programs,
    Runner,
    Server,
    Wrapper,
    load_knowledge,
)


def pack(tmp_path, text: str) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_bundled_flow_is_typed() -> None:
    flow = load_knowledge().flow
    assert isinstance(flow, FlowTables)
    assert "DATABASE_URL" in flow.strong_names and "DATABASES.*.HOST" in flow.settings_sinks
    assert "uds" in flow.socket_keywords and "*.connect_ex" in flow.probe_calls
    for value in (flow.strong_names, flow.never_calls, flow.pass_calls, flow.string_methods):
        assert isinstance(value, tuple) and all(isinstance(v, str) for v in value)


def test_bundled_commands_are_typed() -> None:
    commands = load_knowledge().commands
    assert isinstance(commands, Commands)
    assert isinstance(commands.interpreters, Programs) and "python3" in commands.interpreters.names
    assert all(isinstance(w, Wrapper) for w in commands.wrappers)
    assert all(isinstance(r, Runner) for r in commands.runners)
    assert all(isinstance(p, Probe) for p in commands.probes)
    flask = next(s for s in commands.servers if s.name == "flask")
    assert isinstance(flask, Server)
    assert (flask.default_host, flask.default_port, flask.host_options) == ("127.0.0.1", 5000, ("--host", "-h"))
    django = next(s for s in commands.servers if s.name == "django")
    assert django.ipv6_options == ("-6", "--ipv6")  # YAML reads -6 as a number: an option word here
    wget = next(p for p in commands.probes if "wget" in p.names)
    assert wget.url and wget.localhost_ipv6_first


def test_a_pack_adds_to_the_flow_lists(tmp_path) -> None:
    bundled = load_knowledge().flow
    flow = load_knowledge([pack(tmp_path, "flow:\n  strong_names: [ACME_BACKEND]\n  pass_calls: [acme.wrap]\n")]).flow
    assert flow.strong_names == bundled.strong_names + ("ACME_BACKEND",)
    assert flow.pass_calls == bundled.pass_calls + ("acme.wrap",)
    assert flow.never_calls == bundled.never_calls  # a list the pack does not give is kept


def test_a_pack_adds_to_the_flow_lists_across_packs(tmp_path) -> None:
    (tmp_path / "a.yaml").write_text("flow:\n  socket_keywords: [acme_sock]\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("flow:\n  socket_keywords: [other_sock]\n", encoding="utf-8")
    flow = load_knowledge([str(tmp_path)]).flow
    assert flow.socket_keywords[-2:] == ("acme_sock", "other_sock")


def test_a_null_flow_list_empties_it(tmp_path) -> None:
    # as before the tables were typed: a value that is not a list replaced the list
    flow = load_knowledge([pack(tmp_path, "flow:\n  handler_decorators:\n")]).flow
    assert flow.handler_decorators == ()


def test_a_pack_flow_entry_reaches_the_sinks(tmp_path) -> None:
    from dockwise.flow.sinks import tables

    knowledge = load_knowledge([pack(tmp_path, "flow:\n  strong_names: ['ACME_*_BACKEND']\n")])
    assert tables(knowledge).is_strong("ACME_DB_BACKEND")
    assert not tables(load_knowledge()).is_strong("ACME_DB_BACKEND")


def test_a_pack_commands_table_replaces_the_bundled_one(tmp_path) -> None:
    bundled = load_knowledge().commands
    commands = load_knowledge([pack(tmp_path, """
commands:
  servers:
    - {name: myserve, programs: [myserve], host_options: [--iface], default_port: 1234}
""")]).commands
    assert commands.servers == (Server(name="myserve", programs=("myserve",), host_options=("--iface",),
                                       default_port=1234),)
    assert commands.wrappers == bundled.wrappers and commands.probes == bundled.probes
    spec = Knowledge(commands=commands).commands
    assert [s.name for s in spec.servers] == ["myserve"] and "--iface" in spec.servers[0].with_value


def test_a_null_commands_table_empties_it(tmp_path) -> None:
    assert load_knowledge([pack(tmp_path, "commands:\n  runners:\n")]).commands.runners == ()


@pytest.mark.parametrize(("text", "key", "problem"), [
    ("flow: [strong_names]\n", "flow", "expected a mapping"),
    ("flow:\n  strong_names: [1, 2]\n", "flow.strong_names", "expected a name or a list of names"),
    ("flow:\n  never_calls: {a: b}\n", "flow.never_calls", "expected a name or a list of names"),
    ("flow:\n  settings_sinks: 7\n", "flow.settings_sinks", "expected a name or a list of names"),
    ("commands: [servers]\n", "commands", "expected a mapping"),
    ("commands:\n  servers: {name: x}\n", "commands.servers", "expected a list"),
    ("commands:\n  servers: [null]\n", "commands.servers[0]", "expected a mapping"),
    ("commands:\n  servers: [{programs: [x]}]\n", "commands.servers[0].name", "required"),
    ("commands:\n  servers: [{name: 3}]\n", "commands.servers[0].name", "expected a string"),
    ("commands:\n  servers: [{name: x, programs: 5}]\n", "commands.servers[0].programs",
     "expected a name or a list of names"),
    ("commands:\n  servers: [{name: x, default_port: '8000'}]\n", "commands.servers[0].default_port",
     "expected an integer"),
    ("commands:\n  servers: [{name: x, positional_port: 'yes'}]\n", "commands.servers[0].positional_port",
     "expected true or false"),
    ("commands:\n  wrappers: nope\n", "commands.wrappers", "expected a list"),
    ("commands:\n  wrappers: [{names: [w], positionals: true}]\n", "commands.wrappers[0].positionals",
     "expected an integer"),
    ("commands:\n  interpreters: []\n", "commands.interpreters", "expected a mapping"),
    ("commands:\n  probes: [{names: null, url: 1}]\n", "commands.probes[0].url", "expected true or false"),
    ("commands:\n  entrypoint_scripts: [{a: b}]\n", "commands.entrypoint_scripts",
     "expected a name or a list of names"),
])
def test_a_malformed_table_names_the_file_and_key(tmp_path, text: str, key: str, problem: str) -> None:
    path = pack(tmp_path, text)
    with pytest.raises(KnowledgeError, match=re.escape(f"{path}: {key}: {problem}")):
        load_knowledge([path])


def test_a_malformed_bundled_table_names_its_file(tmp_path, monkeypatch) -> None:
    # the bundled packs are named by their file under rules/ (flow.yaml, commands.yaml)
    import shutil

    from dockwise.knowledge import loader, rules_dir

    rules = tmp_path / "rules"
    shutil.copytree(rules_dir(), rules)
    monkeypatch.setattr(loader, "rules_dir", lambda: rules)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    (rules / "flow.yaml").write_text("flow:\n  probe_calls: [[x]]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^flow\.yaml: flow\.probe_calls: expected a name"):
        load_knowledge()
    (rules / "flow.yaml").write_text("flow: {}\n", encoding="utf-8")
    (rules / "commands.yaml").write_text("commands:\n  shells: {names: [sh], options_with_value: x}\n"
                                         "  runners: [{names: [r], ignore_app: 1}]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"^commands\.yaml: commands\.runners\[0\]\.ignore_app: "):
        load_knowledge()
