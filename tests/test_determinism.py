"""Building twice from the same inputs gives the same bytes in data/, docs/ and site/.

The session build (the `built` fixture, in this process) is compared with a second build of a
fresh copy, run as its own process with a different PYTHONHASHSEED, so any output whose order
depends on set or dict iteration, or on the order files are listed in, shows up as a difference.
The sitemap's <lastmod> is the build date (MkDocs, unless SOURCE_DATE_EPOCH is set): it is
compared with the dates taken out, so a build that crosses midnight still passes.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import copy_project

TREES = ("data", "docs", "site")
LASTMOD = re.compile(rb"<lastmod>\d{4}-\d{2}-\d{2}</lastmod>")


def tree_bytes(root: Path, name: str) -> dict[str, bytes]:
    base = root / name
    files = {}
    for path in sorted(base.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            rel = path.relative_to(base).as_posix()
            if rel == "sitemap.xml.gz":
                data = gzip.decompress(data)  # its header holds the build date too
            if rel.startswith("sitemap.xml"):
                data = LASTMOD.sub(b"<lastmod>date</lastmod>", data)
            files[rel] = data
    return files


def test_two_builds_give_identical_bytes(built, tmp_path):
    first_project, _ = built
    # The inputs the session build was made from (others may be editing the working tree meanwhile).
    second = copy_project(tmp_path / "second", first_project.root)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=second, capture_output=True,
                            text=True, timeout=900,
                            env={**os.environ, "PYTHONHASHSEED": "4242", "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    for name in TREES:
        one, two = tree_bytes(first_project.root, name), tree_bytes(second, name)
        assert sorted(one) == sorted(two), f"{name}/: different files"
        assert len(one) > 2, f"{name}/ is (almost) empty"
        differ = [rel for rel in one if one[rel] != two[rel]]
        assert not differ, f"{name}/: {len(differ)} files differ, e.g. {differ[:10]}"
    # And building that copy again (another hash seed, caches warm) changes no file at all.
    before = {name: tree_bytes(second, name) for name in TREES}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=second, capture_output=True,
                            text=True, timeout=900,
                            env={**os.environ, "PYTHONHASHSEED": "7", "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "(0 data files and 0 pages changed)" in result.stdout
    assert {name: tree_bytes(second, name) for name in TREES} == before
