"""Caches keyed by content, so a rebuild after one report changed redoes only what depends on it.

Two caches live in .cache/ (never in the published tree, never keyed by timestamps):

- records/: per report, everything the extract and data stages made of it (the record after review,
  its cleaned lines, its problems and its data/reports YAML text), keyed by the hash of the seed's
  bytes, its metadata in seeds/reports.yaml, its review file, the catalogs and the generator's code.
- pages/: per page, both language versions of the Markdown, keyed by the hash of the templates, the
  catalogs and UI labels, the generator's code, and the records the page is drawn from (`page_inputs`).

A stale entry is impossible by construction as long as `page_inputs` names every record a page
reads; tests/test_incremental.py checks this by comparing an incremental rebuild with a clean one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from collections import defaultdict
from pathlib import Path

TEMPLATES = Path(__file__).parent / "templates"


def digest(*parts) -> str:
    """A short stable hash of plain data (dicts, lists, strings, numbers, None) or bytes."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if not isinstance(part, bytes):
            try:
                part = marshal.dumps(part, 2)  # version 2: no shared references, so equal data, equal bytes
            except ValueError:
                part = pickle.dumps(part, protocol=5)
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


class _Store:
    """One pickle per key under a folder; writes are atomic, so a killed build leaves no half entry."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = self.stores = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as handle:
                value = pickle.load(handle)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return None
        self.used.add(key)
        self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(value, protocol=5))
        os.replace(tmp, path)
        self.used.add(key)
        self.stores += 1

    def prune(self) -> int:
        """Drop entries this build did not use, so the cache holds one build's worth, not every build's."""
        if self.folder is None or not self.folder.exists():
            return 0
        removed = 0
        for path in self.folder.glob("*/*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


class RecordCache(_Store):
    """Per report: (record, lines, problems, data YAML text), keyed by everything that makes them."""

    def key(self, seed_bytes: bytes, overrides: dict, review_bytes: bytes | None, context: str) -> str:
        return digest(seed_bytes, overrides, review_bytes or b"", context)


def templates_digest() -> str:
    return digest(*[(p.name, p.read_bytes()) for p in sorted(TEMPLATES.rglob("*")) if p.is_file()])


class PageCache(_Store):
    """Per page (both languages), keyed by the global inputs and the digests of the records it shows."""

    def __init__(self, folder: Path | None, site, global_digest: str):
        super().__init__(folder)
        self.site = site
        self.global_digest = global_digest
        self._record_digests: dict[str, str] | None = None
        self._by_indicator: dict[str, list[str]] | None = None

    def record_digests(self) -> dict[str, str]:
        if self._record_digests is None:
            self._record_digests = {r["report"]["id"]: digest(r) for r in self.site.reports}
        return self._record_digests

    def _reports_with_indicator(self, indicator_id: str) -> list[str]:
        if self._by_indicator is None:
            found = defaultdict(set)
            for record, figure in ((r, f) for r in self.site.reports for f in r["figures"]):
                if figure.get("indicator"):
                    found[figure["indicator"]].add(record["report"]["id"])
            self._by_indicator = {k: sorted(v) for k, v in found.items()}
        return self._by_indicator.get(indicator_id, [])

    def page_inputs(self, page_path: str) -> list[str]:
        """Ids of the reports whose data a page shows; None-like `["*"]` means every report.

        A report page shows its region's scorecard (targets met by later reports of the same region),
        so it depends on that region's reports; a source page on its own report; an indicator page on
        the reports that have the indicator; a region page on its own reports; others on all of them.
        """
        site = self.site
        folder, _, name = page_path.partition("/")
        stem = name[: -len(".md")] if name.endswith(".md") else name
        if folder == "sources" and stem in site.report_by_id:
            return [stem]  # the report's own text, title and corrections
        if folder == "reports" and stem in site.report_by_id:
            region = site.report_by_id[stem]["report"]["region"]
            return sorted(r["report"]["id"] for r in site.reports_by_region.get(region, []))
        if folder == "indicators" and stem != "index":
            return self._reports_with_indicator(stem)
        if folder == "regions" and stem != "index":
            return sorted(r["report"]["id"] for r in site.reports_by_region.get(stem, []))
        return ["*"]

    def key(self, template: str, page_path: str) -> str:
        digests = self.record_digests()
        ids = self.page_inputs(page_path)
        if ids == ["*"]:
            ids = list(digests)
        regions = [r["id"] for r in self.site.used_regions]
        extra = None
        if page_path.startswith("sources/"):  # a source page shows the cleaned text, not only the record
            extra = self.site.sources.get(page_path[len("sources/"):-len(".md")])
        return digest(self.global_digest, template, page_path, regions, [(i, digests[i]) for i in ids], extra)


class RecordMemo:
    """Per-report pieces of a site-wide file (downloads), kept in the page cache under the report's digest."""

    def __init__(self, pages: PageCache, name: str):
        self.pages, self.name = pages, name

    def _key(self, record: dict) -> str:
        return digest(self.pages.global_digest, self.name, self.pages.record_digests()[record["report"]["id"]])

    def get(self, record: dict):
        return self.pages.get(self._key(record))

    def put(self, record: dict, value) -> None:
        self.pages.put(self._key(record), value)


# ---- extracting cache misses on every core --------------------------------------------------------

PARALLEL_FROM = 16  # fewer misses than this: starting worker processes costs more than it saves
_WORKER: dict = {}


def _init_worker(regions: list[dict], indicators: list[dict]) -> None:
    from .catalogs import Catalogs
    from .indicators import IndicatorMatcher

    _WORKER["catalogs"] = Catalogs(regions, indicators)
    _WORKER["matcher"] = IndicatorMatcher(indicators)


def _extract_in_worker(job: tuple[str, dict, str, str]) -> str:
    from .build import extract_one

    path, overrides, cache_dir, fingerprint = job
    try:
        extract_one(Path(path), overrides, _WORKER["catalogs"], _WORKER["matcher"], Path(cache_dir), fingerprint)
    except Exception:  # noqa: BLE001 - the main loop extracts this report again and reports the problem
        pass
    return path


def prefetch_extractions(seeds: list[Path], seed_meta: dict, catalogs, fingerprint: str, cache: RecordCache,
                         context: str, extract_dir: Path, progress=None) -> int:
    """Extract the reports whose records are not cached yet in worker processes, one per core, into the
    extract cache; the build's own loop then finds them there. Returns how many were extracted."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if cache.folder is None:
        return 0
    jobs = [(str(path), seed_meta.get(path.name, {}), str(extract_dir), fingerprint) for path in seeds
            if not cache._path(cache.key(path.read_bytes(), seed_meta.get(path.name, {}), None, context)).exists()]
    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < PARALLEL_FROM:
        return 0
    # spawn, not fork: the MkDocs server calls the build from a process that runs threads.
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_init_worker,
                                 initargs=(list(catalogs.regions), list(catalogs.indicators))) as pool:
            done = pool.map(_extract_in_worker, jobs, chunksize=4)
            for _ in (progress(done, "extract", total=len(jobs)) if progress else done):
                pass
    except (OSError, RuntimeError, BrokenProcessPool):
        return 0  # no workers here (no importable __main__, no fork/spawn): the build's loop extracts them
    return len(jobs)
