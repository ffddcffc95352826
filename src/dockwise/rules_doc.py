"""Render a rule entry (rules/codes/DWxxx.yaml) as text for `dockwise explain` and SARIF help."""
from __future__ import annotations

from dockwise.knowledge import RuleEntry


def render_entry(entry: RuleEntry, markdown: bool = False) -> str:
    code, name, severity = entry.code, entry.name, entry.severity
    h = "## " if markdown else ""
    lines = [f"# {code} ({name})" if markdown else f"{code} {name} ({severity})", ""]
    for title, text in (("What it does", entry.summary), ("Why is this bad?", entry.why),
                        ("Evidence it needs", entry.evidence)):
        text = text.strip()
        if text:
            lines += [f"{h}{title}", text, ""]
    if entry.examples:
        ex = entry.examples[0]
        fence = "```" if markdown else ""
        if ex.compose:
            lines += [f"{h}Layout", *( [fence + "yaml"] if markdown else []), ex.compose.rstrip(), *([fence] if markdown else []), ""]
        for label, files in (("Example", ex.invalid), ("Use instead", ex.valid)):
            if files:
                lines.append(f"{h}{label}")
                for path, body in files.items():
                    lang = "python" if path.endswith(".py") else ("yaml" if path.endswith((".yaml", ".yml")) else "")
                    lines.append(f"{path}:")
                    if markdown:
                        lines.append(f"```{lang}")
                    lines.extend("    " + line if not markdown else line for line in body.rstrip().splitlines())
                    if markdown:
                        lines.append("```")
                lines.append("")
    for title, text in (("How to fix", entry.fix), ("Fix safety", entry.fix_safety), ("Notes", entry.notes)):
        text = text.strip()
        if text:
            lines += [f"{h}{title}", text, ""]
    return "\n".join(lines).rstrip() + "\n"
