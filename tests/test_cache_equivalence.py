"""The build caches (extraction, records, pages) may save time but never change a byte of output.

A stale cache would publish an old number: the worst failure this site can have. So: build,
edit a report and a catalog, rebuild on the warm cache, and compare with a cold build of the
same inputs in another folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.build import Project, build
from tests.conftest import copy_project

SEED = "004_f03464d581d09cc0.txt"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _edit_inputs(root: Path) -> None:
    seed = root / "seeds" / SEED
    text = seed.read_text(encoding="utf-8")
    assert "481.35" in text
    seed.write_text(text.replace("481.35", "482.35", 1), encoding="utf-8")
    regions = root / "data" / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace("Xiangcheng District", "Xiangcheng Dist."),
                       encoding="utf-8")


def test_warm_rebuild_equals_cold_build(tmp_path):
    warm = Project(copy_project(tmp_path / "warm"))
    build(warm)
    _edit_inputs(warm.root)
    build(warm)

    cold = Project(copy_project(tmp_path / "cold"))
    _edit_inputs(cold.root)
    shutil.rmtree(cold.cache, ignore_errors=True)
    build(cold)

    for folder in ("docs", "data"):
        assert _tree(warm.root / folder) == _tree(cold.root / folder), f"{folder}/ differs"
    warm_site = {k: v for k, v in _tree(warm.site).items() if not k.startswith("sitemap.xml")}
    cold_site = {k: v for k, v in _tree(cold.site).items() if not k.startswith("sitemap.xml")}
    assert warm_site.keys() == cold_site.keys()
    differing = [k for k in warm_site if warm_site[k] != cold_site[k]]
    assert not differing, differing[:10]
    page = (warm.site / "reports" / "xiangcheng-2024h1-plan-execution" / "index.html").read_text(encoding="utf-8")
    assert "482.35" in page
    assert "Xiangcheng Dist." in (warm.site / "en" / "regions" / "xiangcheng" / "index.html").read_text(
        encoding="utf-8")
