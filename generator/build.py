"""The build stage: seeds -> data/ -> docs/ -> `mkdocs build --strict` -> site/.

Everything is computed in memory and built in a temporary folder first; data/, docs/ and
site/ are only replaced when every step, MkDocs included, has succeeded, so a failed build
leaves the previous ones exactly as they were.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import consistency, downloads, files, incremental, links, originals, render, schema, seed_files, yamlio
from . import data as data_stage
from .catalogs import Catalogs, load_catalogs
from .model import Correction, Figure, ReportsiteError
from .schema import Problem

# Set while `generator build` runs MkDocs itself, so the MkDocs hook does not generate twice.
BUILDING = False
CACHE_VERSION = "2"


@dataclass
class Project:
    root: Path

    def __post_init__(self):
        self.root = Path(self.root).resolve()
        self.seeds = self.root / "seeds"
        self.data = self.root / "data"
        self.reports_dir = self.data / "reports"
        self.review_dir = self.data / "review"
        self.docs = self.root / "docs"
        self.site = self.root / "site"
        self.cache = self.root / ".cache"
        self.config = self.root / "mkdocs.yml"

    def rel(self, path: Path) -> str:
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


@dataclass
class Generated:
    """What the generator stages produced, before anything is written."""

    catalogs: Catalogs
    records: list[dict]
    sources: Mapping[str, Sequence[str]]  # report id -> cleaned lines (read when first used)
    # Path under data/reports -> YAML text, and path under docs/ -> content; either may instead be a
    # files.Unchanged marker: the file is there as the last write left it (files.content() reads it);
    # pages may also be files.Staged markers for files in build()'s staging folder, gone once it returns.
    data_files: dict[str, str | files.Unchanged]
    pages: dict[str, str | bytes | files.Unchanged]
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)  # what came from .cache/ (generator/incremental.py)
    # What this build made each file of data/ and docs/ from, saved by write_generated (incremental.Manifest).
    manifest: incremental.Manifest | None = None

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def _code_fingerprint() -> str:
    """Hash of the extraction code and catalogs' shape: a parser change invalidates the cache."""
    digest = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_seed_meta(project: Project, region_ids: set[str] | None = None) -> tuple[dict, list[Problem]]:
    """seeds/reports.yaml: optional metadata per report file; a region must be one of `region_ids`."""
    path = project.seeds / "reports.yaml"
    display = project.rel(path)
    if not path.exists():
        return {}, []
    try:
        raw = yamlio.load(path, display)
    except ReportsiteError as exc:
        return {}, [Problem(exc.where, exc.line_no, exc.what)]
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [Problem(display, 1, "expected a mapping of report file names to metadata")]
    problems, result = [], {}
    for name, entry in raw.items():
        line = yamlio.line_of(raw, name)
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            problems.append(Problem(display, line, f"{name!r}: expected a file name in seeds/ "
                                                   f"(no folders, nothing outside seeds/)"))
            continue
        if not (project.seeds / name).is_file():
            problems.append(Problem(display, line, f"{name}: no such report in seeds/", "warning"))
        found = schema.check_record(entry, schema.SEED_META, display, name)
        region = entry.get("region") if isinstance(entry, dict) else None
        if region_ids is not None and isinstance(region, str) and region not in region_ids:
            found.append(Problem(display, yamlio.line_of(entry, "region"),
                                 f"{name}: unknown region (expected an id from data/regions.yaml, got {region!r})"))
        problems += found
        if not found:
            result[name] = yamlio.plain(entry)
    return result, problems


def seed_hash(raw: bytes) -> bytes:
    """What the caches know a report's text by: its bytes are hashed once per build, not once per cache."""
    return hashlib.sha256(raw).digest()


def extract_cache_name(seed: bytes, overrides: dict, catalogs: Catalogs, fingerprint: str) -> str:
    """The extraction cache's file for a report: its bytes (`seed`: seed_hash), its metadata, the code and
    the catalogs."""
    key = hashlib.sha256(seed)
    for part in (json.dumps(overrides, sort_keys=True, ensure_ascii=False).encode(), fingerprint.encode()):
        key.update(hashlib.sha256(part).digest())
    key.update(incremental.catalogs_sha256(catalogs.regions, catalogs.indicators))
    return f"{key.hexdigest()}.pickle"


def _prune_extractions(project: Project, wanted: set[str]) -> None:
    """Keep in .cache/extract/ only the current reports' extractions, the files named `wanted` (other
    code or catalogs, edited or removed reports leave files nobody will read again)."""
    folder = project.cache / "extract"
    try:
        present = set(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in present - wanted:
        try:
            os.unlink(folder / name)
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            pass


def extract_one(path: Path, overrides: dict, catalogs: Catalogs, matcher, cache_dir: Path | None,
                fingerprint: str) -> tuple[dict, list[str], list[Figure], list[Correction]]:
    """Read, clean and extract one report, through a cache keyed by content, not timestamps."""
    from .extract import extract_file

    cache_file = cache_dir / extract_cache_name(seed_hash(path.read_bytes()), overrides, catalogs, fingerprint) \
        if cache_dir else None
    cached = incremental.read_pickle(cache_file) if cache_file else None
    if cached is not None:
        return (cached["meta"], cached["lines"], [Figure(**f) for f in cached["figures"]],
                [Correction(**c) for c in cached["corrections"]])
    meta, clean, figures = extract_file(path, overrides=overrides, regions=catalogs.regions, matcher=matcher)
    if cache_file:
        payload = {"meta": meta, "lines": clean.lines, "figures": [f.to_dict() for f in figures],
                   "corrections": [c.__dict__ for c in clean.corrections]}
        incremental.write_pickle(cache_file, payload)
    return meta, clean.lines, figures, clean.corrections


def _report_entry(project: Project, path: Path, source: str, key: str, overrides: dict, catalogs: Catalogs,
                  matcher, fingerprint: str, cache: incremental.RecordCache, use_cache: bool,
                  entry: dict | None = None, reviews: set[str] | None = None,
                  fresh: bool = False) -> tuple[dict, list[str] | None]:
    """One report through extract, review and validation, or its cached result when nothing it is made
    from changed (its text, its metadata, its review file, the catalogs, the code).

    Returns the cache entry (rid, review, record, problems, digest, lines: see incremental.RecordCache)
    and the report's cleaned lines when it was extracted now (None when the entry came from the cache).
    `entry` is the cache's entry for `key` when already loaded; `reviews`, the names in data/review/.
    `fresh`: extract now, without looking in the record cache or storing there (the caller does)."""
    entry = None if fresh else entry or cache.load(key)
    if entry:
        if reviews is None or f"{entry['rid']}.yaml" in reviews:
            review_path = project.review_dir / f"{files.safe_relpath(entry['rid'], source)}.yaml"
            review_bytes = review_path.read_bytes() if review_path.is_file() else None
        else:
            review_bytes = None
        if entry["review"] == incremental.digest(review_bytes or b""):
            cache.used.add(key)
            cache.hits += 1
            return entry, None
    meta_in, lines, figures, corrections = extract_one(
        path, overrides, catalogs, matcher, project.cache / "extract" if use_cache else None, fingerprint)
    meta = data_stage.complete_meta(source, meta_in, overrides, catalogs)
    rid = meta["id"]
    record = data_stage.report_record(meta, figures, corrections)
    review_path = project.review_dir / f"{files.safe_relpath(rid, source)}.yaml"
    review_bytes = review_path.read_bytes() if review_path.is_file() else None
    # What the text did not settle about the report itself, and what was guessed (meta.py).
    problems = [Problem(source, 0, warning, "warning", "frame") for warning in meta_in.get("warnings", [])]
    if review_bytes is not None or review_path.exists():  # (else there is no review to apply)
        review_display = project.rel(review_path)
        try:
            problems += data_stage.apply_review(record, data_stage.load_review(review_path, review_display),
                                                review_display, catalogs)
        except ReportsiteError as exc:
            problems.append(Problem(exc.where, exc.line_no, exc.what))
    problems += data_stage.validate_report(record, f"data/reports/{rid}.yaml", catalogs)
    entry = {"rid": rid, "review": incremental.digest(review_bytes or b""), "record": record, "problems": problems,
             "digest": incremental.digest(record), "lines": incremental.digest(lines)}
    if not fresh and not any(p.severity == "error" for p in problems):
        cache.put(key, entry)
    return entry, lines


def _seed_sources(project: Project) -> dict[Path, str]:
    """The seeds (seeds/*.txt, *.pdf, *.docx, *.html ...: seed_files.py; sorted), each with its path as the
    records name it (project.rel), refusing links to files outside the project."""
    try:
        with os.scandir(project.seeds) as listing:  # (each entry says whether it is a link: no stat per seed)
            entries = {entry.name: entry.is_symlink() for entry in listing if not entry.is_dir()}
    except (FileNotFoundError, NotADirectoryError):
        return {}
    links = {name: entries[name] for name in seed_files.report_names(entries, project.rel(project.seeds))}
    folder = project.seeds.resolve()
    inside = folder.is_relative_to(project.root)
    prefix = folder.relative_to(project.root).as_posix() + "/" if inside else ""
    found = {}
    for name in sorted(links):
        path = project.seeds / name
        if inside and not links[name]:  # a plain file in a folder of the project: no need to resolve
            found[path] = prefix + name
            continue
        # A link may point anywhere on the machine; only files inside the project are published.
        if not path.resolve().is_relative_to(project.root):
            raise ReportsiteError(f"{project.rel(path.parent)}/{path.name}",
                                  f"links to a file outside the project (expected a report file inside the "
                                  f"project, got {path.resolve()})")
        found[path] = project.rel(path)
    return found


def _seed_meta(project: Project, region_ids: set[str] | None, fingerprint: str | None) -> tuple[dict, list[Problem]]:
    """load_seed_meta, through a cache keyed by what it reads (the file, the region ids, which files
    seeds/ holds, the code) when `fingerprint` is given."""
    path = project.seeds / "reports.yaml"
    if fingerprint is None or not path.is_file():
        return load_seed_meta(project, region_ids)
    names = sorted(entry.name for entry in os.scandir(project.seeds) if entry.is_file())
    key = incremental.digest(path.read_bytes(), sorted(region_ids) if region_ids is not None else None, names,
                             fingerprint, project.rel(path))
    cache = incremental.Store(project.cache / "seed-meta")
    found = cache.get(key)
    if found is None:
        found = load_seed_meta(project, region_ids)
        cache.put(key, found)
    cache.prune()
    return found


def _cached_lines(project: Project, path: Path, key: str, overrides: dict, catalogs: Catalogs, matcher,
                  fingerprint: str, cache: incremental.RecordCache, context: str) -> list[str]:
    """The cleaned lines of a report whose record came from the cache, for a source page rendered again:
    from the extraction cache (or extracted again), once sure the seed is still the one the record is of."""
    if cache.key(seed_hash(path.read_bytes()), overrides, None, context) != key:
        raise ReportsiteError(project.rel(path), "changed while the site was being generated: run again")
    return extract_one(path, overrides, catalogs, matcher, project.cache / "extract", fingerprint)[1]


def _record_yaml(cache: incremental.RecordCache, key: str) -> str | None:
    """data/reports/<id>.yaml of a cached record, made again from a fresh copy of the cache entry."""
    entry = cache.load(key)
    return data_stage.report_yaml(entry["record"]) if entry else None


def generate(project: Project, use_cache: bool = True, progress=None, stage: Path | None = None) -> Generated:
    """Run read -> clean -> extract -> data -> render in memory. Raises on errors in the inputs.

    With the caches (generator/incremental.py), what did not change since the files in data/ and
    docs/ were written is neither made nor loaded: those files are `files.Unchanged` markers.
    With `stage` (an empty folder), pages and downloads are written there as they are made and stand
    in `pages` as `files.Staged` markers, so a big site is never all in memory."""
    from .indicators import IndicatorMatcher

    seconds = {}
    started = time.perf_counter()
    catalogs = load_catalogs(project.data, project.root)
    problems = list(catalogs.problems)
    # Regions are checked against the catalog only when it loaded cleanly: a broken catalog is one error,
    # not one more for every report that names a region.
    catalog_ok = not any(p.severity == "error" for p in catalogs.problems)
    fingerprint = _code_fingerprint()
    seed_meta, meta_problems = _seed_meta(project, set(catalogs.region_by_id) if catalog_ok else None,
                                          fingerprint if use_cache else None)
    problems += meta_problems
    _raise_errors(problems)
    matcher = IndicatorMatcher(catalogs.indicators)
    ui = yamlio.plain(yamlio.load(project.data / "ui.yaml", project.rel(project.data / "ui.yaml")))

    sources_of = _seed_sources(project)
    seeds = list(sources_of)
    if not seeds:
        raise ReportsiteError(project.rel(project.seeds),
                              "no report files (expected report texts: *.txt, *.pdf, *.docx, *.html)")
    records, ids, yaml_texts = [], {}, {}
    sources = incremental.Sources()
    record_digests, lines_digests = {}, {}
    record_cache = incremental.RecordCache(project.cache / "records" if use_cache else None)
    manifest = incremental.Manifest(project.cache / "manifest.pickle",
                                    {"docs": project.docs, "data": project.reports_dir}) if use_cache else None
    context = incremental.digest(fingerprint, catalogs.regions, catalogs.indicators)
    keys, extractions = {}, set()  # each seed read once: its record's key, its extraction's file name
    checked = {}  # record digest -> data notes, of the records extraction workers made
    for path in seeds:
        seed, overrides = seed_hash(path.read_bytes()), seed_meta.get(path.name, {})
        keys[path] = record_cache.key(seed, overrides, None, context)
        if use_cache:
            extractions.add(extract_cache_name(seed, overrides, catalogs, fingerprint))
    # Reports whose records are not cached are extracted on every core while this loop takes them in order.
    missing = {path for path in seeds if not record_cache.has(keys[path])}
    jobs = [(index, str(path), sources_of[path], keys[path], seed_meta.get(path.name, {}))
            for index, path in enumerate(seeds) if path in missing]
    state = {"project": project, "catalogs": catalogs, "matcher": matcher, "fingerprint": fingerprint,
             "use_cache": use_cache, "cache": incremental.RecordCache(record_cache.folder)}
    with incremental.Extractions(jobs, state, record_cache, loading=len(seeds) - len(missing)) as made:
        loaded = {path: record_cache.load(keys[path]) for path in seeds if path not in missing}
        try:
            reviews = set(os.listdir(project.review_dir))
        except (FileNotFoundError, NotADirectoryError):
            reviews = set()
        for index, path in enumerate(progress(seeds, "extract") if progress else seeds):
            source = sources_of[path]
            overrides = seed_meta.get(path.name, {})
            found = made.take(index) if path in missing else None
            if found is not None:  # extracted by a worker: the entry, lines, data/reports/<id>.yaml and notes
                entry, lines, text, notes = found
                if notes is not None:
                    checked[entry["digest"]] = notes
            else:
                text = None
                entry, lines = _report_entry(project, path, source, keys[path], overrides, catalogs, matcher,
                                             fingerprint, record_cache, use_cache, loaded.pop(path, None), reviews)
            record, rid = entry["record"], entry["record"]["report"]["id"]
            if rid in ids:
                raise ReportsiteError(source, f"report id '{rid}' is already used by {ids[rid]}",
                                      "give one of them its own id in seeds/reports.yaml")
            ids[rid] = source
            problems += entry["problems"]
            records.append(record)
            record_digests[rid], lines_digests[rid] = entry["digest"], entry["lines"]
            if lines is None:  # a cached record: its lines only if a page needs them
                lines = incremental.LazyLines(functools.partial(
                    _cached_lines, project, path, keys[path], overrides, catalogs, matcher, fingerprint, record_cache,
                    context))
            sources[rid] = lines
            # data/reports/<id>.yaml is made from the record alone (and the code, which `context` covers).
            rel, data_key = f"{rid}.yaml", incremental.digest(context, "data", entry["digest"])
            yaml_texts[rid] = manifest and manifest.unchanged(
                "data", rel, data_key, functools.partial(_record_yaml, record_cache, keys[path]))
            if not yaml_texts[rid]:
                yaml_texts[rid] = text or data_stage.report_yaml(record)
            if manifest:
                manifest.made("data", rel, data_key)
    record_cache.save_bundle()
    seconds["extract"] = time.perf_counter() - started
    _raise_errors(problems)

    started = time.perf_counter()
    records.sort(key=lambda r: (r["report"]["region"], r["report"]["period"], r["report"]["id"]))
    data_files = {f"{r['report']['id']}.yaml": yaml_texts[r["report"]["id"]] for r in records}
    for record in records:
        for figure in record["figures"]:
            if not figure.get("indicator"):
                problems.append(Problem(f"data/reports/{record['report']['id']}.yaml", 0,
                                        f"unmapped indicator name '{figure['name_zh']}' (line {figure['line']} "
                                        f"of {record['report']['source']})", "warning", "unmapped"))
    seconds["data"] = time.perf_counter() - started

    started = time.perf_counter()
    notes = incremental.NotesMemo(project.cache / "notes.pickle" if use_cache else None, context, record_digests)
    for record_digest, found in checked.items():
        notes.add(record_digest, found)
    linked = incremental.ScorecardMemo(project.cache / "scorecard", context, record_digests) if use_cache \
        else None
    site = render.Site(catalogs=catalogs, reports=records, ui=ui, sources=sources,
                       site_url=links.site_url(project.config), notes_of_record=notes, scorecard_memo=linked)
    notes.save()
    seconds["site"] = time.perf_counter() - started  # part of "render": the scorecard and checks over all reports
    problems += consistency.problems(site.notes)  # shown on the pages too, never corrected
    renderer = render.Renderer(site)
    if use_cache:  # pages whose templates, catalogs and reports did not change come from .cache/pages
        renderer.progress = progress
        renderer.page_cache = incremental.PageCache(project.cache / "pages", site, incremental.digest(
            fingerprint, incremental.templates_digest(), ui, catalogs.regions, catalogs.indicators,
            catalogs.translations, catalogs.redirects, site.site_url), record_digests, lines_digests, manifest)
        # Compiled templates kept between builds (Jinja checks each against its source file's time).
        (project.cache / "jinja").mkdir(parents=True, exist_ok=True)
        renderer.env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(project.cache / "jinja"))
    pages_started = time.perf_counter()
    made = {}

    def make_downloads():  # while the render workers render: this process has nothing else to do then
        made.update(downloads.files(site, incremental.RecordMemo(renderer.page_cache, "downloads")
                                    if use_cache else None, stage))

    pages: dict[str, str | bytes | files.Unchanged | files.Staged] = dict(
        render.render_site(site, renderer, stage, meanwhile=make_downloads))
    seconds["pages"] = time.perf_counter() - pages_started  # part of "render": pages and downloads
    pages.update(render.static_assets())
    pages.update(made)
    pages.update(originals.files(project.root, records))  # PDF, Word and web-page seeds beside their text
    if use_cache:
        renderer.page_cache.save_sections_index()
        linked.save()  # after the pages: regions are linked (or loaded) when a page first asks for them
        incremental.prune({"records": record_cache, "pages": renderer.page_cache, "scorecard": linked.store},
                          project.cache / "used.pickle")
        _prune_extractions(project, extractions)
        reused = {"records": record_cache.hits, "records_made": record_cache.stores,
                  "pages": renderer.page_cache.hits, "pages_rendered": renderer.page_cache.stores,
                  "pages_unchanged": renderer.page_cache.unchanged,
                  "sections": renderer.sections_kept, "sections_made": renderer.sections_made}
    else:
        reused = {}
    seconds["render"] = time.perf_counter() - started
    return Generated(catalogs, records, sources, data_files, pages, problems, seconds, reused, manifest)


def _raise_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ProblemsError(errors)


class ProblemsError(ReportsiteError):
    """Several problems found at once; each is printed on its own line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("", "\n".join(str(p) for p in problems))


def write_generated(project: Project, generated: Generated,
                    docs: tuple[list[str], dict[str, files.Stat], files.Undo] | None = None) -> dict[str, list[str]]:
    """Write data/reports/ and docs/, touching only files whose bytes changed, and remember what each
    file was made from (incremental.Manifest), so the next build need not make it again. `docs`: what
    build() wrote into docs/ already (write_docs: paths, stats, and the files they replaced)."""
    stats: dict[str, dict[str, files.Stat]] = {"data": {}, "docs": {}}
    written = {"data": files.write_tree(project.reports_dir, generated.data_files, stats=stats["data"])}
    if docs is None:
        written["docs"], stats["docs"] = write_docs(project, generated)
    else:
        written["docs"], stats["docs"], _replaced = docs  # (freed with the build's temporary folder)
    if generated.manifest is not None:
        generated.manifest.save(stats)
    return written


def write_docs(project: Project, generated: Generated, undo: files.Undo | None = None,
               written: list[str] | None = None) -> tuple[list[str], dict[str, files.Stat]]:
    """Write docs/ (the paths written, in `written` as they are, and every file's stat after), the files
    replaced kept in `undo`. Pages staged by generate() are moved in. docs/.gitkeep keeps the folder in a
    fresh clone, where MkDocs insists it exists."""
    stats: dict[str, files.Stat] = {}
    paths = files.write_tree(project.docs, generated.pages, keep=(".gitkeep",), stats=stats, move_staged=True,
                             undo=undo, written=written)
    return paths, stats


def run_mkdocs(project: Project, docs_dir: Path, site_dir: Path, parallel: bool | None = None) -> None:
    """`mkdocs build --strict` from docs_dir into site_dir: the two languages at once, in this process and
    a forked one, when possible (generator/mkdocs_parallel.py; parallel=False: one after the other here)."""
    global BUILDING
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    from . import mkdocs_parallel

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    BUILDING = True
    warnings = _MkDocsWarnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    try:
        config = load_config(config_file=str(project.config), docs_dir=str(docs_dir), site_dir=str(site_dir),
                             strict=True)
        mkdocs_parallel.build(config, parallel)
    except (Abort, MkDocsException) as exc:
        # Each warning that failed strict mode, named by the page it is about.
        found = [Problem(*warnings.where(text), f"mkdocs build --strict: {text}") for text in warnings.texts]
        raise ProblemsError(found or [Problem("mkdocs.yml", 0, f"mkdocs build --strict failed ({exc})")]) from None
    finally:
        logging.getLogger("mkdocs").removeHandler(warnings)
        BUILDING = False


class _MkDocsWarnings(logging.Handler):
    """Collects MkDocs' warnings during a build, so a strict-mode failure can say which page."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.texts: list[str] = []

    def emit(self, record):
        self.texts.append(" ".join(record.getMessage().split()))

    @staticmethod
    def where(text: str) -> tuple[str, int]:
        page = re.search(r"Doc file '([^']+)'", text)
        return (f"docs/{page.group(1)}", 0) if page else ("mkdocs.yml", 0)


def build(project: Project, strict: bool = False, progress=None) -> tuple[Generated, dict]:
    """The whole pipeline, atomically. Returns what was generated and what was written.

    A failure in any step raises a ReportsiteError whose `step` names the step, and leaves
    data/, docs/ and site/ as they were.
    """
    step = "generate"
    try:
        with tempfile.TemporaryDirectory(prefix="reportsite-", dir=project.root) as tmp:
            staging_docs = Path(tmp) / "docs"
            staging_site = Path(tmp) / "site"
            # Pages and downloads go straight into the staging docs/ as they are made.
            generated = generate(project, progress=progress, stage=staging_docs)
            if strict and generated.warnings:
                step = "--strict (warnings are failures)"
                raise ProblemsError([Problem(p.file, p.line, p.message) for p in generated.warnings])
            # docs/ takes the files that changed now, for MkDocs to read (the rest are there already);
            # the files they replace are kept aside, and put back if a later step fails.
            step = "write docs"
            started = time.perf_counter()
            replaced = files.Undo(Path(tmp) / "docs-before", project.docs)
            docs_written: list[str] = []
            try:
                docs_stats = write_docs(project, generated, replaced, docs_written)[1]
                generated.seconds["docs"] = time.perf_counter() - started
                started = time.perf_counter()
                logging.getLogger("mkdocs").setLevel(logging.WARNING)
                step = "mkdocs build --strict"
                for _ in (progress([None], "mkdocs build") if progress else [None]):
                    run_mkdocs(project, project.docs, staging_site)
                # A page left as it was must still be so: else MkDocs may have read someone's edit.
                written_now = set(docs_written)
                files.check_intact(value for rel, value in generated.pages.items() if rel not in written_now)
                generated.seconds["mkdocs"] = time.perf_counter() - started
                # Every step succeeded: now, and only now, replace data/ and site/.
                step = "write"
                write_started = time.perf_counter()
                written = write_generated(project, generated, (docs_written, docs_stats, replaced))
                generated.seconds["write"] = time.perf_counter() - write_started
            except BaseException:
                replaced.undo(docs_written)
                raise
            old = Path(tmp) / "old-site"
            if project.site.exists():
                os.replace(project.site, old)
            os.replace(staging_site, project.site)
    except ReportsiteError as exc:
        exc.step = step
        raise
    except jinja2.TemplateError as exc:
        raise _template_error(exc, project) from None
    return generated, written


def _template_error(exc: Exception, project: Project) -> ReportsiteError:
    """A Jinja error as `generator/templates/x.md.j2:line: what`, from the template's own frame."""
    where = getattr(exc, "filename", None) or "generator/templates"
    line = getattr(exc, "lineno", 0) or 0
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".html")):
            where, line = frame.filename, frame.lineno
            break
    error = ReportsiteError(project.rel(Path(where)), f"template error: {exc}", line=line or 0)
    error.step = "render" if str(where).endswith(".j2") else "mkdocs build --strict"
    return error


def clean_outputs(project: Project) -> None:
    for path in (project.site, project.cache):
        shutil.rmtree(path, ignore_errors=True)
