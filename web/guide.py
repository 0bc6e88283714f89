"""The README's words on the API, served by the app itself (`GET /api/guide`)."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_section(title: str, readme: Path = README) -> str:
    """The README's `### {title}` section, from its heading to the next heading of its level
    or above; a note instead when the README is not beside the app."""
    try:
        lines = readme.read_text(encoding="utf-8").splitlines()
    except OSError:
        return f"# {title}\n\nThe README is not installed beside this app.\n"
    heading = f"### {title}"
    if heading not in lines:
        return f"# {title}\n\nThe README has no such section.\n"
    start = lines.index(heading)
    section, fenced = [heading], False
    for line in lines[start + 1 :]:
        fenced = fenced != line.startswith("```")
        if not fenced and line.startswith(("# ", "## ", "### ")):
            break
        section.append(line)
    return "\n".join(section).strip() + "\n"
