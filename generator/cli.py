"""`python -m generator`: extract, build, check.

Errors come out as one line each (`file:line: what (expected X, got Y)`), never a traceback;
exit code 1 for problems in the inputs, 2 for a wrong command line.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import time
from pathlib import Path

from . import yamlio
from .model import ReportsiteError

FIGURE_COLUMNS = ("name_zh", "indicator", "kind", "role", "measure", "value", "unit", "unit_class", "qualifier",
                  "period", "basis", "line", "quote", "section", "rank", "note")


def _figures_output(meta: dict, figures: list, fmt: str) -> str:
    rows = [{k: f.get(k) for k in FIGURE_COLUMNS} for f in figures]
    if fmt == "json":
        return json.dumps({"report": meta, "figures": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        return yamlio.dump({"report": meta, "figures": rows})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIGURE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def cmd_extract(args) -> int:
    from . import data as data_stage
    from .build import Project, load_seed_meta
    from .catalogs import load_catalogs
    from .extract import extract_file
    from .indicators import IndicatorMatcher

    project = Project(args.root)
    catalogs = load_catalogs(project.data, project.root)
    path = Path(args.file)
    overrides = {}
    if path.resolve().parent == project.seeds:
        overrides = load_seed_meta(project)[0].get(path.name, {})
    given = {key: getattr(args, key) for key in ("year", "period", "kind", "region") if getattr(args, key)}
    overrides = {**overrides, **given}
    meta, _clean, figures = extract_file(path, overrides=overrides, regions=catalogs.regions,
                                         matcher=IndicatorMatcher(catalogs.indicators))
    for warning in meta.get("warnings", []):
        print(f"warning: {project.rel(path)}: {warning}", file=sys.stderr)
    basis = meta.get("basis", {})
    meta = data_stage.complete_meta(project.rel(path), meta, overrides, catalogs)
    meta["basis"] = basis
    sys.stdout.write(_figures_output(meta, [data_stage.figure_dict(f) for f in figures], args.format))
    return 0


def _print_problems(problems, stream=None) -> None:
    """One line per problem, one style: `error: file:line: what (expected X, got Y)`, or `warning: ...`."""
    for problem in problems:
        print(f"{problem.severity}: {problem}", file=stream or sys.stderr)


def progress_bar(iterable, stage: str, total: int | None = None):
    """tqdm over one stage of a build, on stderr; silent when stderr is not a terminal or CI is set."""
    from tqdm import tqdm

    quiet = not sys.stderr.isatty() or bool(os.environ.get("CI"))
    return tqdm(iterable, desc=f"{stage:<12}", total=total, disable=quiet, leave=False, file=sys.stderr,
                unit=" reports" if stage != "mkdocs build" else " step", dynamic_ncols=True)


def cmd_build(args) -> int:
    from .build import Project, build

    started = time.perf_counter()
    project = Project(args.root)
    if args.strict or args.release:
        from . import links

        url = links.site_url(project.config)
        if links.placeholder(url):
            print(f"error: {project.rel(project.config)}: site_url is {url or 'not set'}, a placeholder; set it to the "
                  "address the site is published at before a release build (links and QR codes use it)",
                  file=sys.stderr)
            return 1
    generated, written = build(project, strict=args.strict, progress=progress_bar)
    # Unmapped names are many and expected (task commitments): counted here, listed by `check`.
    unmapped = [p for p in generated.warnings if p.code == "unmapped"]
    _print_problems([p for p in generated.warnings if p.code != "unmapped"])
    if unmapped:
        print(f"{len(unmapped)} figures have names not in data/indicators.yaml "
              f"(`python -m generator check` lists them)", file=sys.stderr)
    figures = sum(len(r["figures"]) for r in generated.records)
    pages = sum(1 for p in generated.pages if p.endswith(".md"))
    print(f"built site/: {len(generated.records)} reports, {figures} figures, {pages} pages, "
          f"{len(generated.warnings)} warnings, {time.perf_counter() - started:.1f} s "
          f"({len(written['data'])} data files and {len(written['docs'])} pages changed)")
    return 0


def cmd_check(args) -> int:
    from . import data as data_stage
    from . import translations
    from .build import Project
    from .catalogs import load_catalogs

    project = Project(args.root)
    catalogs = load_catalogs(project.data, project.root)
    reports, problems = data_stage.load_reports(project.reports_dir, project.root, catalogs)
    problems = catalogs.problems + problems
    from .consistency import check as check_consistency
    from .consistency import problems as note_problems

    problems += note_problems(check_consistency(reports))
    problems += _unmapped(reports)
    # Coverage renders the pages in memory: only meaningful (and safe) on data without errors.
    has_errors = any(p.severity == "error" for p in problems)
    coverage = [] if has_errors else _translation_coverage(project, catalogs, reports)
    problems += translations.problems(coverage)
    _print_problems(problems)
    for report_coverage in coverage:
        print(report_coverage.summary())
    errors = [p for p in problems if p.severity == "error" or args.strict]
    figures = sum(len(r["figures"]) for r in reports)
    print(f"checked data/: {len(reports)} reports, {figures} figures, "
          f"{sum(p.severity == 'error' for p in problems)} errors, "
          f"{sum(p.severity == 'warning' for p in problems)} warnings")
    return 1 if errors else 0


def _translation_coverage(project, catalogs, reports):
    """English coverage per report, measured by rendering the pages in memory (see translations.py)."""
    from . import translations
    from .render import Site

    ui_path = project.data / "ui.yaml"
    ui = yamlio.plain(yamlio.load(ui_path, project.rel(ui_path)))
    return translations.coverage(Site(catalogs=catalogs, reports=reports, ui=ui))


def _unmapped(reports) -> list:
    """One warning per indicator name the catalog does not know, the most frequent first, with where it
    stands: a statistician extends data/indicators.yaml from the top of the list."""
    from .schema import Problem

    places: dict[str, list[str]] = {}
    for record in reports:
        for figure in record["figures"]:
            if not figure.get("indicator"):
                places.setdefault(figure["name_zh"], []).append(f"{record['report']['source']}:{figure['line']}")
    ranked = sorted(places.items(), key=lambda item: (-len(item[1]), item[0]))
    out = []
    for name, where in ranked:
        shown = ", ".join(where[:3]) + (f" and {len(where) - 3} more" if len(where) > 3 else "")
        out.append(Problem("data/indicators.yaml", 0, f"unmapped indicator name '{name}': {len(where)} figure"
                           f"{'s' if len(where) > 1 else ''} ({shown}; add it as a name or alias, or map it in "
                           "data/review/)", "warning", "unmapped"))
    return out


def cmd_bench(args) -> int:
    from . import bench

    results = bench.run(args.reports, runs=args.runs, as_json=args.json, throughput=not args.no_throughput,
                        with_mkdocs=not args.no_mkdocs)
    failed = [line for line in bench.verdict(results) if line.startswith("FAIL")]
    return 1 if failed and args.check else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator",
                                description="Turn report texts into a bilingual site of their goals and results.")
    p.add_argument("--root", default=".", help="project folder (default: the current one)")
    p.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("extract", help="print the figures found in one report")
    e.add_argument("file")
    e.add_argument("--format", choices=("json", "yaml", "csv"), default="json")
    e.add_argument("--year", type=int, help="the year the report is about (a work report: its targets' year)")
    e.add_argument("--period", help="the period it reports on: 2024, 2024H1, 2024Q3")
    e.add_argument("--kind", choices=("work_report", "plan_execution", "budget_report"))
    e.add_argument("--region", help="the region's id in data/regions.yaml")
    e.set_defaults(func=cmd_extract)
    b = sub.add_parser("build", help="seeds -> data/ -> docs/ -> site/")
    b.add_argument("--strict", action="store_true", help="fail on warnings (unmapped names, data notes ...)")
    b.add_argument("--release", action="store_true",
                   help="a build to publish: refuse a placeholder site_url (make deploy uses it)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate data/ and print every problem found")
    c.add_argument("--strict", action="store_true", help="treat warnings as failures")
    c.set_defaults(func=cmd_check)
    bench = sub.add_parser("bench", help="time the pipeline on a synthetic corpus of N reports")
    bench.add_argument("--reports", type=int, nargs="+", default=[100], metavar="N",
                       help="corpus sizes to build (default: 100); several give a table")
    bench.add_argument("--runs", type=int, default=1, help="runs per size; the medians are printed")
    bench.add_argument("--json", action="store_true", help="one JSON object per size on stdout")
    bench.add_argument("--no-throughput", action="store_true", help="skip the 1 MB extraction timing")
    bench.add_argument("--check", action="store_true", help="exit 1 when a target of issue 7 is missed")
    bench.add_argument("--no-mkdocs", action="store_true",
                       help="time the generator's stages only (no site/: no site or page sizes)")
    bench.set_defaults(func=cmd_bench)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ReportsiteError as exc:
        for problem in getattr(exc, "problems", None) or [exc.line()]:
            print(f"error: {problem}", file=sys.stderr)
        if getattr(exc, "step", None):
            print(f"build failed at step '{exc.step}': data/, docs/ and site/ were left as they were",
                  file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence against a traceback
        if args.debug:
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback, "
              f"and please report it)", file=sys.stderr)
        return 3
