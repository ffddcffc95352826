"""Render a rule entry (rules/codes/DWxxx.yaml) as text for `dockwise explain` and SARIF help."""
from __future__ import annotations

from typing import Any


def _example_files(example: dict[str, Any], key: str) -> list[tuple[str, str]]:
    files = example.get(key) or {}
    return [(str(k), str(v)) for k, v in files.items()] if isinstance(files, dict) else []


def render_entry(entry: dict[str, Any], markdown: bool = False) -> str:
    code, name = entry.get("code", "?"), entry.get("name", "")
    severity = entry.get("severity", "error")
    h = "## " if markdown else ""
    lines = [f"# {code} ({name})" if markdown else f"{code} {name} ({severity})", ""]
    for title, key in (("What it does", "summary"), ("Why is this bad?", "why"), ("Evidence it needs", "evidence")):
        text = str(entry.get(key, "")).strip()
        if text:
            lines += [f"{h}{title}", text, ""]
    examples = entry.get("examples") or []
    if examples:
        ex = examples[0]
        fence = "```" if markdown else ""
        if ex.get("compose"):
            lines += [f"{h}Layout", *( [fence + "yaml"] if markdown else []), str(ex["compose"]).rstrip(), *([fence] if markdown else []), ""]
        for label, key in (("Example", "invalid"), ("Use instead", "valid")):
            files = _example_files(ex, key)
            if files:
                lines.append(f"{h}{label}")
                for path, body in files:
                    lang = "python" if path.endswith(".py") else ("yaml" if path.endswith((".yaml", ".yml")) else "")
                    lines.append(f"{path}:")
                    if markdown:
                        lines.append(f"```{lang}")
                    lines.extend("    " + line if not markdown else line for line in body.rstrip().splitlines())
                    if markdown:
                        lines.append("```")
                lines.append("")
    fix = str(entry.get("fix", "")).strip()
    if fix:
        lines += [f"{h}How to fix", fix, ""]
    safety = str(entry.get("fix_safety", "")).strip()
    if safety:
        lines += [f"{h}Fix safety", safety, ""]
    notes = str(entry.get("notes", "")).strip()
    if notes:
        lines += [f"{h}Notes", notes, ""]
    return "\n".join(lines).rstrip() + "\n"
