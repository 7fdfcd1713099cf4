"""`python -m generator bench`: a synthetic corpus of N reports through the whole pipeline, timed.

The corpus is rendered from the templates and phrasings in bench/ (work reports with target lists
and a review of the year, half-year plan-execution reports with result lines and a tab-separated
table), for the regions of data/regions.yaml plus the invented ones in bench/regions.yaml, so it
reads like the genre without copying any seed. Each build runs in a fresh process, so peak memory
is that build's own; a second build after one report changed measures the incremental path.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "site", "docs", ".cache", "__pycache__", "*.egg-info",
                                     "node_modules", "test-artifacts", "reports")
# The generator's own stages; "docs" is build()'s writing of docs/ before MkDocs reads it, "write" that
# of data/ (and of docs/ in a build without MkDocs) after.
GENERATOR_STAGES = ("extract", "data", "render", "docs", "write")
FIRST_YEAR, LAST_YEAR = 2015, 2025
KINDS = ("work_report", "plan_execution")
HEAD = {"省": "省长", "市": "市长", "区": "区长", "县": "县长"}


# ---- the corpus ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportSpec:
    region: dict
    year: int
    kind: str

    @property
    def file_name(self) -> str:
        return f"{self.region['id']}-{self.year}-{self.kind.replace('_', '-')}.txt"


def _corpus() -> dict:
    return yaml.safe_load((BENCH / "corpus.yaml").read_text(encoding="utf-8"))


def bench_regions() -> list[dict]:
    """Regions a synthetic report can be about: the catalog's and bench/regions.yaml's, below country level."""
    catalog = yaml.safe_load((ROOT / "data" / "regions.yaml").read_text(encoding="utf-8"))
    extra = yaml.safe_load((BENCH / "regions.yaml").read_text(encoding="utf-8"))
    return [r for r in catalog + extra if r.get("level") != "country"]


def plan_corpus(n: int) -> list[ReportSpec]:
    """N distinct (region, year, kind) combinations, spread over regions, years and kinds."""
    combos = [ReportSpec(r, y, k) for r in bench_regions() for y in range(FIRST_YEAR, LAST_YEAR + 1) for k in KINDS]
    if n > len(combos):
        raise ValueError(f"at most {len(combos)} synthetic reports (expected --reports <= {len(combos)}, got {n})")
    random.Random("reportsite-bench").shuffle(combos)
    return combos[:n]


class _Writer:
    """Numbers and phrasings for one report, drawn from a generator seeded by the report itself."""

    def __init__(self, spec: ReportSpec, corpus: dict, variant: int = 0):
        self.spec, self.corpus = spec, corpus
        self.rng = random.Random(f"{spec.file_name}/{variant}")
        region = spec.region
        self.level = region["name_zh"][-1]
        size = {"province": 40000, "city": 3000}.get(region.get("level"), 400)
        base = random.Random(region["id"]).uniform(0.5, 1.6) * size
        self.gdp = base * 1.06 ** (spec.year - 2020)

    def pick(self, items):
        return self.rng.choice(items)

    def growth(self, indicator: dict) -> float:
        low, high = indicator["growth"]
        return round(self.rng.uniform(low, high), self.rng.choice((1, 1, 2)))

    def level_of(self, indicator: dict, year_share: float = 1.0) -> tuple[float, str] | None:
        share = indicator["share"]
        if share is None:
            return None
        if share == "per_capita_urban":
            return round(42000 * 1.065 ** (self.spec.year - 2020) * self.rng.uniform(0.8, 1.2) * year_share), ""
        if share == "per_capita_rural":
            return round(21000 * 1.08 ** (self.spec.year - 2020) * self.rng.uniform(0.8, 1.2) * year_share), ""
        value = self.gdp * share * self.rng.uniform(0.85, 1.15) * year_share
        if indicator["unit"] == "万美元":
            return round(value * 100), ""
        return round(value, 2), ""

    def number(self, value) -> str:
        """Numbers as reports write them: sometimes with spaces around, as PDF extraction leaves them."""
        return f" {value} " if self.rng.random() < 0.3 else str(value)

    def paragraphs(self, sentences: list[str], fillers: int) -> list[str]:
        pool = self.rng.sample(self.corpus["fillers"], k=min(fillers, len(self.corpus["fillers"])))
        body = [pool.pop()] if pool else []
        body.append("，".join(sentences) + "。" if sentences else "")
        return [p for p in body + pool if p]

    def task_sentences(self, past: bool, count: int) -> list[str]:
        tasks = self.rng.sample(self.corpus["tasks"], k=count)
        out = []
        for task in tasks:
            amount = self.rng.randint(*task["amount"])
            if past:
                out.append(f"{task['name']}{self.number(amount)}{task['unit']}")
            else:
                out.append(f"力争{task['name']}{self.number(amount)}{task['unit']}{self.pick(['以上', '', '左右'])}")
        return out


def _sections(writer: _Writer, titles: list[str], past: bool, count: int) -> list[dict]:
    numerals = "一二三四五六七八九十"
    chosen = writer.rng.sample(titles, k=min(count, len(titles)))
    return [{"number": numerals[i] if i < len(numerals) else str(i + 1), "title": title,
             "paragraphs": writer.paragraphs(writer.task_sentences(past, writer.rng.randint(1, 3)), 4)}
            for i, title in enumerate(chosen)]


def _common(writer: _Writer, corpus: dict) -> dict:
    spec = writer.spec
    region = dict(spec.region, head=HEAD.get(writer.level, "区长"), short=writer.level)
    month = writer.rng.randint(1, 2) if spec.kind == "work_report" else writer.rng.randint(7, 8)
    return {"region": region, "year": spec.year, "prev": spec.year - 1, "month": month,
            "day": writer.rng.randint(5, 28), "congress": writer.pick(["十一", "十二", "十三", "十四"]),
            "session": writer.pick(["一", "二", "三", "四", "五", "二十一", "二十二"]),
            "official": writer.pick(corpus["officials"]) + writer.pick(corpus["given_names"]),
            "level": writer.level}


def work_report_context(writer: _Writer, corpus: dict, review_sections: int = 5) -> dict:
    spec = writer.spec
    fmt = {"level": writer.level, "year": spec.year, "prev": spec.year - 1}
    indicators = corpus["indicators"]
    reviewed = [indicators[0]] + writer.rng.sample(indicators[1:], k=6)
    parts = []
    for indicator in reviewed:
        growth = f"{writer.pick(corpus['growth_words'])}{writer.number(writer.growth(indicator))}%"
        level = writer.level_of(indicator)
        name = writer.pick(indicator["names"])
        if level:
            parts.append(f"{name}{writer.pick(corpus['result_verbs'])}{writer.number(level[0])}{indicator['unit']}，"
                         f"{growth}")
        else:
            parts.append(f"{name}{growth}")
    headline = "全年" + "；".join(parts) + "。"
    targets = [indicators[0]] + writer.rng.sample(indicators[1:], k=8)
    marker = writer.pick(corpus["target_markers"])
    target_lines = [f"{marker}{writer.pick(t['names'])}增长{writer.number(round(writer.growth(t), 1))}%"
                    f"{writer.pick(corpus['target_qualifiers'])}" for t in targets]
    return dict(_common(writer, corpus),
                review_opening=writer.pick(corpus["review_openings"]).format(**fmt),
                review_headline=headline,
                review_sections=_sections(writer, corpus["section_titles"]["review"] * max(1, review_sections // 6 + 1),
                                          True, review_sections),
                plan_filler=writer.pick(corpus["fillers"]),
                plan_opening=writer.pick(corpus["plan_openings"]).format(**fmt),
                target_lines=target_lines,
                task_intro=writer.pick(corpus["task_intros"]),
                plan_sections=_sections(writer, corpus["section_titles"]["plan"], False, 5))


def plan_execution_context(writer: _Writer, corpus: dict) -> dict:
    spec = writer.spec
    year = spec.year
    result_lines, table_rows = [], []
    for number, indicator in enumerate(corpus["indicators"], start=1):
        name = indicator["names"][0]
        growth = writer.growth(indicator)
        plan_growth = round(sum(indicator["growth"]) / 2, 1)
        last = writer.level_of(indicator, 1 / 1.06)
        if last is None:
            result_lines.append(f"——{name}增长{writer.number(growth)}%；")
            table_rows.append([number, name, "亿元", "/", "/", plan_growth, "/", "/", growth, ""])
            continue
        plan_total = round(last[0] * (1 + plan_growth / 100), 2)
        completion = round(writer.rng.uniform(44, 58), 2)
        done = round(plan_total * completion / 100, 2)
        if indicator["unit"] in ("元", "万美元"):
            last, plan_total, done = (round(last[0]),), round(plan_total), round(done)
        verb = writer.pick(corpus["result_verbs"])
        result_lines.append(f"——{name}{verb}{writer.number(done)}{indicator['unit']}，完成年度计划的"
                            f"{writer.number(completion)}%，增长{writer.number(growth)}%；")
        table_rows.append([number, name, indicator["unit"], last[0], plan_total, plan_growth, done, completion,
                           growth, ""])
    result_lines[-1] = result_lines[-1].rstrip("；") + "。"
    header = ["序号", "主要经济指标", "计算单位", f"{year - 1}年实际完成情况", f"{year}年计划完成总量",
              f"{year}年计划增速(%)", f"{year}年上半年完成总量", "完成率(%)", f"{year}年上半年增速(%)", "备注"]
    target = round(writer.rng.uniform(5, 8), 1)
    return dict(_common(writer, corpus),
                half_opening=writer.pick(corpus["half_openings"]).format(level=writer.level),
                result_lines=result_lines,
                review_sections=_sections(writer, corpus["section_titles"]["review"], True, 5),
                second_half_opening=writer.pick(corpus["second_half_openings"]).format(target=target),
                plan_sections=_sections(writer, corpus["section_titles"]["plan"], False, 3),
                table_header="\t".join(header),
                table_rows=["\t".join(str(c) for c in row) for row in table_rows])


def _templates() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(BENCH)), undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def report_text(spec: ReportSpec, variant: int = 0, review_sections: int = 5, env=None, corpus=None) -> str:
    """One synthetic report; `variant` changes its numbers and phrasings but not what it is about."""
    env, corpus = env or _templates(), corpus or _corpus()
    writer = _Writer(spec, corpus, variant)
    if spec.kind == "work_report":
        return env.get_template("work_report.txt.j2").render(work_report_context(writer, corpus, review_sections))
    return env.get_template("plan_execution.txt.j2").render(plan_execution_context(writer, corpus))


def write_corpus(seeds: Path, specs: list[ReportSpec]) -> None:
    """seeds/*.txt and seeds/reports.yaml for the specs (metadata a real archive would also record)."""
    env, corpus = _templates(), _corpus()
    seeds.mkdir(parents=True, exist_ok=True)
    meta = {}
    for spec in specs:
        (seeds / spec.file_name).write_text(report_text(spec, env=env, corpus=corpus), encoding="utf-8")
        period = str(spec.year) if spec.kind == "work_report" else f"{spec.year}H1"
        meta[spec.file_name] = {"region": spec.region["id"], "year": spec.year, "period": period, "kind": spec.kind}
    (seeds / "reports.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=True), encoding="utf-8")


def make_project(target: Path, n: int) -> tuple[Path, list[ReportSpec]]:
    """A copy of the project's inputs (as tests/conftest.py copy_project does) with seeds/ replaced by N reports."""
    for name in ("data", "generator"):
        shutil.copytree(ROOT / name, target / name, ignore=COPY_IGNORE)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    with (target / "data" / "regions.yaml").open("a", encoding="utf-8") as out:
        out.write("\n" + (BENCH / "regions.yaml").read_text(encoding="utf-8"))
    specs = plan_corpus(n)
    write_corpus(target / "seeds", specs)
    return target, specs


# ---- measuring -----------------------------------------------------------------------------------

def _peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux; children count too (nothing should run as a child, but if it does).
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, children_kb) / 1024


def _build_in_child(root: str, with_mkdocs: bool = True) -> dict:
    """One `generator build` of the project, run in a fresh process (see _isolated); without MkDocs,
    only the generator's stages and the writing of data/ and docs/."""
    import logging

    from .build import Project, build, generate, write_generated

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    started = time.perf_counter()
    if with_mkdocs:
        generated, written = build(Project(root))
    else:
        generated = generate(Project(root))
        write_started = time.perf_counter()
        written = write_generated(Project(root), generated)
        generated.seconds["write"] = time.perf_counter() - write_started
    total = time.perf_counter() - started
    return {"seconds": dict(generated.seconds), "total": total,
            "pages": sum(1 for p in generated.pages if p.endswith(".md")),
            "figures": sum(len(r["figures"]) for r in generated.records),
            "warnings": len(generated.warnings),
            "written": {k: sorted(v) for k, v in written.items()}, "peak_rss_mb": _peak_rss_mb(),
            "reused": dict(generated.reused), "mkdocs_parallel": _mkdocs_parallel() if with_mkdocs else {}}


def _mkdocs_parallel() -> dict:
    """Whether MkDocs built the two languages at once, or why not, and the child's seconds."""
    from . import mkdocs_parallel

    return {k: v for k, v in mkdocs_parallel.last.items() if k in ("parallel", "why", "child_seconds")}


def _isolated(func, *args):
    """Run func in a fresh interpreter: its peak memory and caches are its own, like a real `make site`."""
    # Not multiprocessing.Pool: its workers are daemons, and the build starts extraction workers itself.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(func, *args).result()


def _tree_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _report_pages(site: Path) -> list[Path]:
    return [p for p in site.glob("reports/*/index.html")] + [p for p in site.glob("en/reports/*/index.html")]


def extract_throughput(size_bytes: int = 1_000_000) -> dict:
    """Seconds per 100 KB to read, clean and extract one very long synthetic work report; and the same
    report as one line (a PDF extraction without line breaks), whose cleaning and extraction must stay
    linear in the line's length too."""
    from .catalogs import load_catalogs
    from .indicators import IndicatorMatcher

    spec = ReportSpec(next(r for r in bench_regions() if r["id"] == "zhangzhou"), 2023, "work_report")
    sections = 3
    text = report_text(spec, review_sections=sections)
    while len(text.encode("utf-8")) < size_bytes:
        sections *= 2
        text = report_text(spec, review_sections=sections)
    catalogs = load_catalogs(ROOT / "data", ROOT)
    matcher = IndicatorMatcher(catalogs.indicators)
    return {**_timed_extract(text, catalogs, matcher),
            "one_line": _timed_extract("".join(text.splitlines()) + "\n", catalogs, matcher)}


def _timed_extract(text: str, catalogs, matcher) -> dict:
    """Seconds to read, clean and extract `text` as a report file, per 100 KB of it, and its figures."""
    from .extract import extract_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long-report.txt"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        _meta, _clean, figures = extract_file(path, overrides={"year": 2023, "period": "2023",
                                                               "kind": "work_report"},
                                              regions=catalogs.regions, matcher=matcher)
        seconds = time.perf_counter() - started
    kb = len(text.encode("utf-8")) / 1024
    return {"kb": round(kb), "seconds": round(seconds, 3), "figures": len(figures),
            "seconds_per_100kb": round(seconds / kb * 100, 4)}


def bench(n: int, keep: Path | None = None, with_mkdocs: bool = True, leftovers: list[Path] | None = None) -> dict:
    """Build N synthetic reports from nothing, then again after one report changed. The temporary
    project is removed at the end, or appended to `leftovers` for the caller to remove later."""
    tmp = Path(tempfile.mkdtemp(prefix="reportsite-bench-"))
    try:
        root, specs = make_project(tmp / "project", n)
        full = _isolated(_build_in_child, str(root), with_mkdocs)
        site = root / "site"
        report_pages = _report_pages(site)
        page_sizes = sorted(p.stat().st_size for p in report_pages)
        # One report changes (new numbers, same region, year and kind): rebuild and count what moved.
        changed = specs[len(specs) // 2]
        (root / "seeds" / changed.file_name).write_text(report_text(changed, variant=1), encoding="utf-8")
        again = _isolated(_build_in_child, str(root), with_mkdocs)
        seconds = {k: round(full["seconds"].get(k, 0.0), 3) for k in ("extract", "data", "render", "mkdocs")}
        seconds["total"] = round(full["total"], 3)
        generator_seconds = sum(full["seconds"].get(k, 0.0) for k in GENERATOR_STAGES)
        inc_generator = sum(again["seconds"].get(k, 0.0) for k in GENERATOR_STAGES)
        written = again["written"]
        result = {
            "reports": n, "pages": full["pages"], "figures": full["figures"], "warnings": full["warnings"],
            "seconds": seconds,
            "seconds_per_report": round(full["total"] / n, 4),
            "generator_share": round(generator_seconds / full["total"], 3),
            "peak_rss_mb": round(full["peak_rss_mb"], 1),
            "site_mb": round(_tree_bytes(site) / 1e6, 2),
            "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
            "report_page_kb": round(page_sizes[-1] / 1024, 1) if page_sizes else 0.0,
            "report_page_median_kb": round(statistics.median(page_sizes) / 1024, 1) if page_sizes else 0.0,
            "mkdocs_parallel": full.get("mkdocs_parallel", {}),
            "incremental": {
                "seconds": round(inc_generator, 3),
                "stages": {k: round(v, 3) for k, v in again["seconds"].items()},
                "reused": again.get("reused", {}),
                "mkdocs": round(again["seconds"].get("mkdocs", 0.0), 3),
                "mkdocs_parallel": again.get("mkdocs_parallel", {}),
                "files_written": len(written["data"]) + len(written["docs"]),
                "data_written": written["data"], "docs_written": written["docs"],
                "changed_report": changed.file_name,
            },
        }
        if keep:
            shutil.copytree(root, keep, dirs_exist_ok=True)
        return result
    finally:
        if leftovers is None:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            leftovers.append(tmp)


SLOW_CREATE_US = 200  # create_probe: tens of microseconds is usual


def create_probe(count: int = 300) -> float:
    """Microseconds to create an empty file in the temporary folder, now. On a filesystem without a
    journal (ext4 so made, as on the machines this bench was tuned on), Linux skips inodes freed in the
    last minutes when it allocates one, and looks at each: for minutes after many files were deleted,
    creating a file costs a millisecond instead of tens of microseconds, and a build creates thousands."""
    with tempfile.TemporaryDirectory(prefix="reportsite-probe-") as tmp:
        started = time.perf_counter()
        for index in range(count):
            os.close(os.open(os.path.join(tmp, str(index)), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        return (time.perf_counter() - started) / count * 1e6


# ---- the command ---------------------------------------------------------------------------------

ROWS = (("reports", lambda r: f"{r['reports']}"), ("pages", lambda r: f"{r['pages']}"),
        ("figures", lambda r: f"{r['figures']}"),
        ("extract s", lambda r: f"{r['seconds']['extract']:.2f}"),
        ("data s", lambda r: f"{r['seconds']['data']:.2f}"),
        ("render s", lambda r: f"{r['seconds']['render']:.2f}"),
        ("mkdocs s", lambda r: f"{r['seconds']['mkdocs']:.2f}"),
        ("total s", lambda r: f"{r['seconds']['total']:.2f}"),
        ("ms/report", lambda r: f"{r['seconds_per_report'] * 1000:.1f}"),
        ("generator share", lambda r: f"{r['generator_share'] * 100:.1f}%"),
        ("peak RSS MB", lambda r: f"{r['peak_rss_mb']:.0f}"), ("site MB", lambda r: f"{r['site_mb']:.1f}"),
        ("report page KB (max)", lambda r: f"{r['report_page_kb']:.1f}"),
        ("1 changed: generator s", lambda r: f"{r['incremental']['seconds']:.3f}"),
        ("  of which Site s", lambda r: f"{r['incremental']['stages'].get('site', 0.0):.3f}"),
        ("  of which pages s", lambda r: f"{r['incremental']['stages'].get('pages', 0.0):.3f}"),
        ("  pages rendered", lambda r: f"{r['incremental'].get('reused', {}).get('pages_rendered', 0)}"),
        ("1 changed: files written", lambda r: f"{r['incremental']['files_written']}"))


def _median_result(runs: list[dict]) -> dict:
    """Medians of every number over several runs (lists and names from the first run)."""
    def merge(values):
        first = values[0]
        if isinstance(first, dict):
            return {k: merge([v[k] for v in values]) for k in first}
        if isinstance(first, (int, float)) and not isinstance(first, bool):
            return statistics.median(values)
        return first
    return merge(runs)


def table(results: list[dict]) -> str:
    width = max(len(name) for name, _ in ROWS)
    lines = []
    for name, cell in ROWS:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell(r):>9}" for r in results))
    return "\n".join(lines)


def verdict(results: list[dict]) -> list[str]:
    """The issue's targets, checked against what was measured."""
    by_n = {r["reports"]: r for r in results}
    out = []
    big = by_n.get(1000)
    if big:
        out.append(_check("N=1000 whole pipeline < 60 s", big["seconds"]["total"] < 60,
                          f"{big['seconds']['total']:.1f} s"))
        out.append(_check("N=1000 peak memory < 1 GB", big["peak_rss_mb"] < 1024, f"{big['peak_rss_mb']:.0f} MB"))
        out.append(_check("N=1000 generator share < 25%", big["generator_share"] < 0.25,
                          f"{big['generator_share'] * 100:.1f}%"))
        inc = big["incremental"]
        out.append(_check("N=1000 one change: generator < 1 s", inc["seconds"] < 1,
                          f"{inc['seconds']:.3f} s, {inc['files_written']} files written"))
        out.append(_check("N=1000 report page < 100 KB", big["report_page_kb"] < 100,
                          f"{big['report_page_kb']:.1f} KB"))
        if 100 in by_n:
            ratio = big["seconds_per_report"] / by_n[100]["seconds_per_report"]
            out.append(_check("time per report N=1000 <= 1.3x N=100", ratio <= 1.3, f"{ratio:.2f}x"))
    return out


def _check(what: str, ok: bool, measured: str) -> str:
    return f"{'ok  ' if ok else 'FAIL'} {what}: {measured}"


def run(sizes: list[int], runs: int = 1, as_json: bool = False, throughput: bool = True,
        out=sys.stdout, with_mkdocs: bool = True) -> list[dict]:
    results = []
    # Each run's project (ten thousand files at N=1000) is removed only once every run is done: removed
    # between runs, it would slow the next run's every new file (create_probe), which is the bench's
    # doing, not the pipeline's.
    leftovers: list[Path] = []
    probe = create_probe()
    try:
        for n in sizes:
            samples = []
            for index in range(runs):
                if not as_json:
                    print(f"bench: {n} reports, run {index + 1} of {runs} ...", file=sys.stderr, flush=True)
                samples.append(bench(n, with_mkdocs=with_mkdocs, leftovers=leftovers))
            result = _median_result(samples) if runs > 1 else samples[0]
            result["runs"] = runs
            result["file_create_us"] = round(probe, 1)
            results.append(result)
    finally:
        for tmp in leftovers:
            shutil.rmtree(tmp, ignore_errors=True)
    speed = extract_throughput() if throughput else None
    if as_json:
        for result in results:
            if speed:
                result["extract_throughput"] = speed
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        return results
    print(f"\nmedians of {runs} run(s) per size" if runs > 1 else "", file=out)
    slow = " (slow: files were deleted by the thousand in the last minutes?)" if probe > SLOW_CREATE_US else ""
    print(f"creating a file before the runs: {probe:.0f} us{slow}", file=out)
    print(table(results), file=out)
    if speed:
        line = speed["one_line"]
        print(f"\nextract throughput: {speed['seconds_per_100kb']:.3f} s per 100 KB "
              f"({speed['kb']} KB report, {speed['figures']} figures, {speed['seconds']:.2f} s); "
              f"as one line: {line['seconds_per_100kb']:.3f} s per 100 KB ({line['figures']} figures, "
              f"{line['seconds']:.2f} s)", file=out)
    for result in results:
        inc = result["incremental"]
        folders = sorted({re.sub(r"/[^/]*$", "/", p) if "/" in p else p for p in inc["docs_written"]})
        print(f"\nN={result['reports']}: after changing {inc['changed_report']}: "
              f"{len(inc['data_written'])} data files and {len(inc['docs_written'])} pages written "
              f"({', '.join(folders) or 'none'})", file=out)
    for line in verdict(results):
        print(line, file=out)
    return results
