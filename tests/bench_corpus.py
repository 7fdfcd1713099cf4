"""A small synthetic corpus (generator/bench.py's templates) shared by the incremental-build tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator import bench
from generator.build import Project


def five_reports() -> list[bench.ReportSpec]:
    """Five reports of two regions; the first has a work report and a plan report of the same year."""
    regions = {r["id"]: r for r in bench.bench_regions()}
    a, b = regions["longhai"], regions["siming"]
    return [bench.ReportSpec(a, 2022, "work_report"), bench.ReportSpec(a, 2023, "work_report"),
            bench.ReportSpec(a, 2023, "plan_execution"), bench.ReportSpec(b, 2022, "work_report"),
            bench.ReportSpec(b, 2023, "plan_execution")]


def small_project(root: Path) -> Project:
    """A project of the five reports at `root`: the repository's data/ (its regions catalog with the
    benchmark's regions added), generator/ and mkdocs.yml, as bench.make_project makes one."""
    for name in ("data", "generator"):
        shutil.copytree(bench.ROOT / name, root / name, ignore=bench.COPY_IGNORE)
    shutil.copy(bench.ROOT / "mkdocs.yml", root / "mkdocs.yml")
    with (root / "data" / "regions.yaml").open("a", encoding="utf-8") as out:
        out.write("\n" + (bench.BENCH / "regions.yaml").read_text(encoding="utf-8"))
    bench.write_corpus(root / "seeds", five_reports())
    (root / "docs").mkdir()
    (root / "docs" / ".gitkeep").write_bytes(b"")
    return Project(root)


def rewrite(project: Project, spec: bench.ReportSpec, variant: int = 0) -> None:
    """The report of `spec` in the project's seeds/ written again, with the numbers of `variant`."""
    (project.seeds / spec.file_name).write_text(bench.report_text(spec, variant=variant), encoding="utf-8")


def retitle(project: Project, spec: bench.ReportSpec, title_en: str) -> None:
    """The English title of `spec`'s report set in the project's seeds/reports.yaml."""
    path = project.seeds / "reports.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    meta[spec.file_name]["title_en"] = title_en
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8")
