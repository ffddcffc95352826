"""The loader types the host tables, the rule entries, ``env_hosts`` and the frameworks once:
a pack's tables merge into the bundled ones as the raw YAML did (``hosts``: lists extend,
mappings update, scalars replace), and a table of the wrong shape is a clear KnowledgeError,
never a surprise further down."""
from __future__ import annotations

import pytest

from dockwise.knowledge import ConfigRunner, Frameworks, HostTables, KnowledgeError, RuleEntry, load_knowledge


def pack(tmp_path, text: str) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_bundled_host_tables_are_typed() -> None:
    hosts = load_knowledge().hosts
    assert isinstance(hosts, HostTables)
    assert "localhost" in hosts.loopback_names and hosts.host_alias == "host.docker.internal"
    assert hosts.deprecated_aliases["docker.for.mac.localhost"] == "host.docker.internal"
    assert "alpine" in hosts.busybox_images  # rules/images.yaml's busybox_images


def test_a_pack_extends_lists_updates_mappings_and_replaces_scalars(tmp_path) -> None:
    hosts = load_knowledge([pack(tmp_path, """
hosts:
  loopback_names: [myloop]
  deprecated_aliases: {old.alias: host.example}
  host_alias: host.example
busybox_images: [mybox]
""")]).hosts
    assert hosts.loopback_names[0] == "localhost" and hosts.loopback_names[-1] == "myloop"
    assert hosts.deprecated_aliases["old.alias"] == "host.example"
    assert "docker.for.mac.localhost" in hosts.deprecated_aliases
    assert hosts.host_alias == "host.example"
    assert hosts.busybox_images[-1] == "mybox"


@pytest.mark.parametrize("text", [
    "hosts:\n  host_alias: [a, b]\n",
    "hosts:\n  external_tlds: [1, 2]\n",
    "hosts:\n  deprecated_aliases: [a]\n",
    "env_hosts: {'*_SEARCH': 7}\n",
    "code: DW999\napplicability: safe\nsummary: [not, text]\n",
    "code: DW999\napplicability: safe\nexamples: [{compose: x, invalid: [a.py]}]\n",
    "code: DW999\napplicability: maybe\n",
])
def test_a_malformed_table_is_a_knowledge_error(tmp_path, text: str) -> None:
    with pytest.raises(KnowledgeError):
        load_knowledge([pack(tmp_path, text)])


def test_a_pack_rule_entry_is_typed(tmp_path) -> None:
    codes = load_knowledge([pack(tmp_path, "code: DW999\napplicability: none\nname: my-rule\n")]).codes
    assert codes["DW999"] == RuleEntry(code="DW999", applicability="none", name="my-rule")
    assert isinstance(codes["DW101"], RuleEntry) and codes["DW101"].examples


def test_env_hosts_name_a_scheme(tmp_path) -> None:
    assert load_knowledge([pack(tmp_path, "env_hosts: {'*_SEARCH': elasticsearch}\n")]).env_hosts == {
        "*_SEARCH": "elasticsearch"}


def test_bundled_frameworks_are_typed() -> None:
    fw = load_knowledge().frameworks
    assert isinstance(fw, Frameworks)
    assert "INSTALLED_APPS" in fw.module_lists[0].names and "models" in fw.module_lists[0].submodules
    assert fw.management.scripts == ("manage.py",) and fw.app_submodules["celery"] == ("celery",)
    supervisord = next(m for m in fw.process_managers if "supervisord" in m.programs)
    assert isinstance(supervisord, ConfigRunner) and supervisord.format == "ini"
    alembic = next(m for m in fw.ini_entries if "alembic" in m.programs)
    assert alembic.location_keys == {"script_location": "env.py"}


@pytest.mark.parametrize("text", [
    "frameworks:\n  module_lists: {names: [X]}\n",
    "frameworks:\n  management: {command_path: [a]}\n",
    "frameworks:\n  process_managers: [{programs: [x], format: 3}]\n",
])
def test_a_malformed_frameworks_table_is_a_knowledge_error(tmp_path, text: str) -> None:
    with pytest.raises(KnowledgeError):
        load_knowledge([pack(tmp_path, text)])


def test_a_client_calls_default_unless_is_arguments(tmp_path) -> None:
    """``default_unless``: one argument or a list, each a keyword name, a position or both."""
    from dockwise.knowledge import ArgRef

    clients = load_knowledge([pack(tmp_path, """
calls:
  - names: [mylib.One]
    default_host: localhost
    default_unless: pool
  - names: [mylib.Two]
    default_host: localhost
    default_unless: [pool, {keyword: params, position: 0}]
""")]).clients
    by = {c.names[0]: c for c in clients if c.names[0].startswith("mylib.")}
    assert by["mylib.One"].default_unless == (ArgRef(keyword="pool"),)
    assert by["mylib.Two"].default_unless == (ArgRef(keyword="pool"), ArgRef(keyword="params", position=0))
    with pytest.raises(KnowledgeError):
        load_knowledge([pack(tmp_path, "calls:\n  - names: [mylib.Three]\n    default_unless: [1.5]\n")])
