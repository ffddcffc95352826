"""The loader types the host tables, the rule entries and ``env_hosts`` once: a pack's
tables merge into the bundled ones (lists extend, mappings update, scalars replace), and a
table of the wrong shape is a clear KnowledgeError, never a surprise further down."""
from __future__ import annotations

import pytest

from dockwise.knowledge import HostTables, KnowledgeError, RuleEntry, load_knowledge


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
