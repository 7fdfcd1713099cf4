"""A small synthetic corpus (generator/bench.py's templates) shared by the incremental-build tests."""

from __future__ import annotations

from generator import bench


def five_reports() -> list[bench.ReportSpec]:
    """Five reports of two regions; the first has a work report and a plan report of the same year."""
    regions = {r["id"]: r for r in bench.bench_regions()}
    a, b = regions["longhai"], regions["siming"]
    return [bench.ReportSpec(a, 2022, "work_report"), bench.ReportSpec(a, 2023, "work_report"),
            bench.ReportSpec(a, 2023, "plan_execution"), bench.ReportSpec(b, 2022, "work_report"),
            bench.ReportSpec(b, 2023, "plan_execution")]
