"""The site builds with ProperDocs (the maintained fork of MkDocs 1.6) from the same mkdocs.yml and the
same docs/, to the same pages in both languages with the same figures and source links: the way to move
when MkDocs 1.x and Material are no longer maintained."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.pages import text_of

SOURCE_LINK = re.compile(r'href="[^"]*sources/([a-z0-9-]+)/#L(\d+)"')


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def _figures(document: str) -> tuple[list, str]:
    """A page's links to source lines, and its article's text (the figures as the reader sees them)."""
    article = document.split("<article", 1)[1].split("</article>", 1)[0]
    return SOURCE_LINK.findall(article), text_of(article)


def test_properdocs_builds_the_same_site(built, tmp_path):
    project, generated = built
    engine = shutil.which("properdocs", path=str(Path(sys.executable).parent))
    assert engine, "properdocs is a test dependency (pyproject.toml)"
    out = tmp_path / "properdocs-site"
    result = subprocess.run([engine, "build", "--strict", "-f", str(project.config), "-d", str(out)],
                            cwd=project.root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _pages(out) == _pages(project.site)
    for record in generated.records:
        for prefix in ("", "en/"):
            for kind in ("reports", "sources"):
                rel = f"{prefix}{kind}/{record['report']['id']}/index.html"
                mine = _figures((project.site / rel).read_text(encoding="utf-8"))
                theirs = _figures((out / rel).read_text(encoding="utf-8"))
                assert mine[0] == theirs[0], rel
                assert mine[1] == theirs[1], rel
