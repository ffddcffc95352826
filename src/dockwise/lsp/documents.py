"""The server's view of an open document: its kind (Python, a layout file, the
configuration), its text as the client sent it, and positions in the client's encoding."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from lsprotocol import types as lsp
from pygls.workspace.position_codec import PositionCodec

from dockwise.fix.text import line_starts

_LAYOUT_LANGUAGES = {"yaml", "dockercompose", "docker-compose", "compose", "dotenv", "env", "dockerfile"}


def document_kind(path: Path, language_id: str | None = None) -> str | None:
    """"python", "layout" (Compose/YAML, .env, Dockerfile), "config" (pyproject.toml) or None."""
    name = path.name
    lower = name.lower()
    if lower.endswith((".py", ".pyw")):
        return "python"
    if lower.endswith((".yml", ".yaml")):
        return "layout"
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return "layout"
    if lower == "dockerfile" or lower.startswith("dockerfile.") or lower.endswith(".dockerfile"):
        return "layout"
    if name == "pyproject.toml":
        return "config"
    if language_id == "python":
        return "python"
    if language_id in _LAYOUT_LANGUAGES:
        return "layout"
    return None


class TextIndex:
    """1-based code-point (line, column) -> LSP Position in the client's encoding."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text = text
        self.codec = codec
        self.starts = line_starts(text)

    def line_text(self, index: int) -> str:
        begin = self.starts[index]
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        line = self.text[begin:end]
        return line.rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def position(self, line: int, column: int) -> lsp.Position:
        index = line - 1
        if index < 0:
            return lsp.Position(0, 0)
        if index >= len(self.starts):  # past the end: the end of the last line
            index = len(self.starts) - 1
            column = len(self.line_text(index)) + 1
        text = self.line_text(index)
        col = min(max(column - 1, 0), len(text))
        return lsp.Position(index, self.codec.client_num_units(text[:col]))

    def range(self, line: int, column: int, end_line: int, end_column: int) -> lsp.Range:
        return lsp.Range(self.position(line, column), self.position(end_line, end_column))

    def line_range(self, line: int, column: int | None = None) -> lsp.Range:
        """From ``column`` (or the first non-blank character) to the end of ``line``."""
        index = min(max(line - 1, 0), len(self.starts) - 1)
        text = self.line_text(index)
        if column is None or column < 1:
            column = len(text) - len(text.lstrip()) + 1
        end = len(text) + 1
        if column >= end:  # an error at the end of a line: mark its last character
            column = max(end - 1, 1)
        return self.range(index + 1, column, index + 1, max(end, column))


@dataclass
class OpenDoc:
    uri: str
    path: Path
    text: str
    version: int | None
    language_id: str | None = None


def same_file(a: str | Path, b: str | Path) -> bool:
    a, b = os.path.normpath(str(a)), os.path.normpath(str(b))
    if os.path.normcase(a) == os.path.normcase(b):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# what loading a text with PyYAML raises: its own errors, and what its scalar constructors
# let through (``2001-02-30``: ValueError; ``!!timestamp x``: AttributeError; a lone
# surrogate: UnicodeEncodeError), nesting past the stack
_YAML_LOAD_ERRORS = (yaml.YAMLError, ValueError, TypeError, AttributeError, RecursionError, MemoryError)


def yaml_parses(text: str) -> bool:
    try:
        yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return True
    except _YAML_LOAD_ERRORS:
        return False


def differs_from_disk(doc: OpenDoc) -> bool:
    try:
        return doc.path.read_text(encoding="utf-8-sig") != doc.text
    except (OSError, UnicodeDecodeError):
        return True
