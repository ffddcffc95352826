"""The knowledge in ``rules/*.yaml`` (and user packs), loaded once into typed, frozen records.

Nothing else in dockwise knows a scheme, an image, a client library or a setting name:
they are all data here, passed to every stage (never fetched).  The modules:

  records.py   the records (Knowledge and its tables) and the lookups on them
  commands.py  the start-command tables (rules/commands.yaml), with their compiled name patterns
  globs.py     shell-style name patterns as matchers
  checks.py    raw pack data -> checked records (a malformed table: KnowledgeError)
  loader.py    reading, caching and merging the packs; ``load_knowledge``, ``default_knowledge``
"""
from __future__ import annotations

from dockwise.knowledge.commands import Commands, Probe, Programs, Runner, Server, Wrapper
from dockwise.knowledge.globs import glob_match, glob_matcher
from dockwise.knowledge.loader import default_knowledge, load_knowledge, rules_dir
from dockwise.knowledge.records import (
    APPLICABILITIES,
    ArgRef,
    ClientCall,
    ConfigRunner,
    FlowTables,
    Frameworks,
    HostTables,
    ImagePorts,
    Knowledge,
    KnowledgeError,
    Management,
    ModuleList,
    Names,
    RuleEntry,
    RuleExample,
    Scheme,
    image_names,
)

__all__ = [
    "APPLICABILITIES", "ArgRef", "ClientCall", "Commands", "ConfigRunner", "FlowTables", "Frameworks",
    "HostTables", "ImagePorts", "Knowledge", "KnowledgeError", "Management", "ModuleList", "Names", "Probe",
    "Programs", "RuleEntry", "RuleExample", "Runner", "Scheme", "Server", "Wrapper", "default_knowledge",
    "glob_match", "glob_matcher", "image_names", "load_knowledge", "rules_dir",
]
