"""`mkdocs serve` shows an edit to a seed: the MkDocs hook watches seeds/ and regenerates the pages.

A real server on 127.0.0.1 (a free port) in a temporary project with two synthetic reports; one
target figure in a seed is changed and the served report page is polled until the new number shows.
Every wait is bounded; the server is stopped however the test ends.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import yaml

from generator import bench
from generator.build import Project, generate, write_generated

NEW_VALUE = "8.76"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(predicate, seconds: float, what: str, server: subprocess.Popen, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"mkdocs serve exited early while waiting for {what}: "
                                 f"{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(f"gave up after {seconds:.0f} s waiting for {what}: "
                         f"{log.read_text(encoding='utf-8', errors='replace')[-3000:]}")


def _project(root: Path) -> tuple[Path, bench.ReportSpec]:
    for name in ("data", "generator"):
        shutil.copytree(bench.ROOT / name, root / name, ignore=bench.COPY_IGNORE)
    shutil.copy(bench.ROOT / "mkdocs.yml", root / "mkdocs.yml")
    with (root / "data" / "regions.yaml").open("a", encoding="utf-8") as out:
        out.write("\n" + (bench.BENCH / "regions.yaml").read_text(encoding="utf-8"))
    regions = {r["id"]: r for r in bench.bench_regions()}
    specs = [bench.ReportSpec(regions["huian"], 2023, "work_report"),
             bench.ReportSpec(regions["huian"], 2023, "plan_execution")]
    bench.write_corpus(root / "seeds", specs)
    project = Project(root)
    write_generated(project, generate(project))  # what `make serve` does before serving
    return root, specs[0]


def test_edit_to_a_seed_shows_in_mkdocs_serve(tmp_path):
    root, spec = _project(tmp_path / "project")
    seed = root / "seeds" / spec.file_name
    text = seed.read_text(encoding="utf-8")
    # The growth target of gross regional product, in the list of main targets.
    target = re.search(r"^(\S?(?:地区生产总值|全区生产总值|生产总值)增长\s*)([\d.]+)(\s*%)", text, re.M)
    assert target, "the synthetic work report has a GDP growth target line"
    port = _free_port()
    # mkdocs serve mounts the site under site_url's path (/reportsite/ for a GitHub Pages project site).
    mount = urllib.parse.urlsplit(yaml.safe_load(
        re.sub(r"!!python\S*", "", (root / "mkdocs.yml").read_text(encoding="utf-8")))["site_url"]).path
    page = f"http://127.0.0.1:{port}{mount.rstrip('/')}/reports/huian-2023-work-report/"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = tmp_path / "serve.log"  # a file, not a pipe: a full pipe would block the server
    with log.open("wb") as sink:
        server = subprocess.Popen([str(Path(sys.executable).with_name("mkdocs")), "serve", "--dev-addr",
                                   f"127.0.0.1:{port}", "--livereload", "--dirty", "--no-strict"], cwd=root, env=env,
                                  stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        before = _wait_for(lambda: _get(page), 600, "the first build to be served", server, log)
        assert f">{NEW_VALUE}%" not in before and f"{NEW_VALUE}%" not in before
        seed.write_text(text[: target.start(2)] + NEW_VALUE + text[target.end(2):], encoding="utf-8")
        after = _wait_for(lambda: (html := _get(page)) and f"{NEW_VALUE}%" in html and html, 600,
                          "the edited target to show on the served page", server, log)
        assert f"{NEW_VALUE}%" in after
        # One rebuild: the pages and data the rebuild wrote did not start another (a full MkDocs build).
        def builds() -> int:
            return log.read_text(encoding="utf-8", errors="replace").count("Documentation built in")
        _wait_for(lambda: builds() >= 2, 600, "the rebuild to finish", server, log)
        time.sleep(5)  # (MkDocs looks for changes every half second)
        assert builds() == 2
        # A catalog in data/ is watched too (data/reports/, which the generator writes, is not).
        ui = root / "data" / "ui.yaml"
        ui.write_text(ui.read_text(encoding="utf-8").replace("view_source: {zh: 查看原文,",
                                                             "view_source: {zh: 查看报告原文,", 1), encoding="utf-8")
        _wait_for(lambda: "查看报告原文" in (_get(page) or ""), 600, "the edited catalog to show", server, log)
        # The data file follows the seed too.
        data = (root / "data" / "reports" / "huian-2023-work-report.yaml").read_text(encoding="utf-8")
        assert f"value: {NEW_VALUE}" in data
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
