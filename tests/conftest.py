"""Shared fixtures: one real build of the seed reports per test session, and a local server for it.

The build runs in a copy of the project (seeds, data, mkdocs.yml, generator) in a temporary
folder, so tests never touch the working tree's data/, docs/ or site/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "docs", ".cache", "__pycache__", "*.egg-info",
                                     "node_modules", "test-artifacts", "reports")


def copy_project(target: Path, source: Path = ROOT) -> Path:
    """A copy of a project's inputs (this one's by default), without anything built."""
    for name in ("seeds", "data", "generator"):
        shutil.copytree(source / name, target / name, ignore=COPY_IGNORE)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    (target / "docs").mkdir()
    shutil.copy(source / "docs" / ".gitkeep", target / "docs" / ".gitkeep")
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seeds built once, end to end: (project, generated)."""
    from generator.build import Project, build

    root = copy_project(tmp_path_factory.mktemp("project"))
    project = Project(root)
    generated, _written = build(project)
    return project, generated


@pytest.fixture(scope="session")
def site_dir(built) -> Path:
    return built[0].site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The built site served on 127.0.0.1 (a free port), as a reader's browser would get it."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM = Path("/usr/bin/chromium")
# Flags that keep Chromium quiet on a closed network (see shared/FIELD-NOTES.md).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-features=AutofillServerCommunication"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium is a failure, never a skip."""
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Chromium is missing: run `apt-get install chromium fonts-noto-cjk` (.ci/run does)"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
