"""Caches keyed by content, so a rebuild after one report changed redoes only what depends on it.

Everything lives in .cache/ (never in the published tree, never keyed by timestamps):

- records/: per report, what the extract and data stages made of it that every build needs (the
  record after review, its problems, and digests of the record and of its cleaned lines), keyed by
  the hash of the seed's bytes, its metadata in seeds/reports.yaml, the catalogs and the generator's
  code (the review file is checked against a digest in the entry). The cleaned lines themselves are
  read again from the extraction cache (.cache/extract/) only for a source page that is rendered.
- pages/: per page, both language versions of the Markdown, keyed by the hash of the templates, the
  catalogs and UI labels, the generator's code, and the records the page is drawn from (`page_inputs`);
  and per report, its share of the downloads.
- manifest.pickle: per file of docs/ and data/reports/, the content key it was made from and what the
  file looked like once written (size, modification and change time, inode). A file whose key did not
  change and which is still as written is neither rendered, nor loaded, nor read, nor written: the
  build carries a `files.Unchanged` marker for it. A file edited or deleted by hand no longer matches,
  so it is made again (from pages/ when there, else rendered).

A stale entry is impossible by construction as long as `page_inputs` names every record a page
reads; tests/test_incremental*.py check this by comparing incremental rebuilds with clean ones.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pickle
from collections.abc import Mapping, Sequence
from pathlib import Path

from . import files

TEMPLATES = Path(__file__).parent / "templates"
MANIFEST_VERSION = 1


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


class Store:
    """One pickle per key under a folder; writes are atomic, so a killed build leaves no half entry."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = self.stores = 0

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], f"{key}.pickle")

    def has(self, key: str) -> bool:
        return self.folder is not None and os.path.exists(self._path(key))

    def load(self, key: str):
        """The entry, without counting it as used (for a second look at an entry)."""
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as handle:
                return pickle.load(handle)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError):
            return None

    def get(self, key: str):
        value = self.load(key)
        if value is not None:
            self.used.add(key)
            self.hits += 1
        return value

    def put(self, key: str, value) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            handle.write(pickle.dumps(value, protocol=5))
        os.replace(tmp, path)
        self.used.add(key)
        self.stores += 1

    def prune(self, previous: set[str] | None = None) -> int:
        """Drop entries this build did not use, so the cache holds one build's worth, not every build's.

        With `previous` (the keys the last build used), only those are looked at; otherwise every entry in
        the folder is."""
        if self.folder is None or not self.folder.exists():
            return 0
        if previous is not None:
            stale = [self._path(key) for key in previous - self.used]
        else:
            stale = [p for p in self.folder.glob("*/*.pickle") if p.stem not in self.used]
        for path in stale:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        return len(stale)


class RecordCache(Store):
    """Per report: {rid, review (digest of the review file), record, problems, digest (of the record),
    lines (digest of the cleaned lines)}, keyed by everything that makes them but the review file.

    Every build loads every report's entry, so entries are stored with each repeated string once
    (units, kinds, sections, keys): half the bytes, and loaded in half the time."""

    def key(self, seed_bytes: bytes, overrides: dict, review_bytes: bytes | None, context: str) -> str:
        return digest(seed_bytes, overrides, review_bytes or b"", context)

    def put(self, key: str, value) -> None:
        super().put(key, _shared_strings(value, {}))


def _shared_strings(value, seen: dict):
    """A copy of plain data in which equal strings are one object (pickle then writes each once)."""
    kind = type(value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            of = type(item)
            if of is str:
                item = seen.setdefault(item, item)
            elif of is dict or of is list or of is tuple:
                item = _shared_strings(item, seen)
            out[seen.setdefault(key, key) if type(key) is str else key] = item
        return out
    if kind is list or kind is tuple:
        items = []
        for item in value:
            of = type(item)
            if of is str:
                item = seen.setdefault(item, item)
            elif of is dict or of is list or of is tuple:
                item = _shared_strings(item, seen)
            items.append(item)
        return items if kind is list else tuple(items)
    if kind is str:
        return seen.setdefault(value, value)
    return value  # anything else (numbers, None, objects) as it is


def templates_digest() -> str:
    return digest(*[(p.name, p.read_bytes()) for p in sorted(TEMPLATES.rglob("*")) if p.is_file()])


# ---- what the last build wrote -------------------------------------------------------------------

class Manifest:
    """Per generated file (tree "docs" or "data", path in it): the content key it was made from and its
    `files.Stat` once written. `unchanged()` answers with a marker when a file may be left as it is.

    A build notes the key of each file it makes (`made`); `write_generated` saves the new manifest
    once data/ and docs/ are written, with each file's stat as it then is."""

    def __init__(self, path: Path | None, trees: dict[str, Path]):
        self.path, self.trees = path, trees
        self._roots = {tree: os.fspath(folder) + os.sep for tree, folder in trees.items()}
        self.entries: dict[str, dict[str, tuple[str, files.Stat]]] = {tree: {} for tree in trees}
        self.groups: dict[str, tuple[str, ...]] = {}  # page key -> the docs/ paths made from it
        # docs/ path -> its parts (key, offset, length), for files made of parts (spliced())
        self.layouts: dict[str, list[tuple[str, int, int]]] = {}
        self.keys: dict[str, dict[str, str]] = {tree: {} for tree in trees}  # this build's
        self.new_groups: dict[str, tuple[str, ...]] = {}
        self.new_layouts: dict[str, list[tuple[str, int, int]]] = {}
        if path is not None:
            try:
                saved = pickle.loads(path.read_bytes())
                if saved.get("version") == MANIFEST_VERSION:
                    entries, groups, layouts = saved["entries"], saved["groups"], saved["layouts"]
                    if all(isinstance(entries.get(tree), dict) for tree in trees):
                        self.entries = {tree: entries[tree] for tree in trees}
                        self.groups, self.layouts = dict(groups), dict(layouts)
            except Exception:  # noqa: BLE001 - a manifest that does not load is no manifest: nothing is trusted
                pass

    def unchanged(self, tree: str, rel: str, key: str, loader=None) -> files.Unchanged | None:
        """A marker for `rel` when it was made from `key` and is on disk exactly as then written."""
        entry = self.entries[tree].get(rel)
        if entry is None or entry[0] != key:
            return None
        path = self._roots[tree] + rel  # rel was checked when the file was written
        stat = files.file_stat(path)
        if stat is None or stat != entry[1]:
            return None
        return files.Unchanged(path, stat, key, loader)

    def made(self, tree: str, rel: str, key: str) -> None:
        self.keys[tree][rel] = key

    def save(self, stats: dict[str, dict[str, files.Stat]]) -> None:
        """Record what is now on disk: for each generated file with a key, that key and its stat."""
        if self.path is None:
            return
        entries = {tree: {rel: (key, stats[tree][rel]) for rel, key in self.keys[tree].items()
                          if stats.get(tree, {}).get(rel) is not None}
                   for tree in self.trees}
        written = entries["docs"]
        groups = {key: paths for key, paths in self.new_groups.items()
                  if all(written.get(rel, ("",))[0] == key for rel in paths)}
        layouts = {rel: layout for rel, layout in self.new_layouts.items() if rel in written}
        payload = {"version": MANIFEST_VERSION, "entries": entries, "groups": groups, "layouts": layouts}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(payload, protocol=5))
        os.replace(tmp, self.path)
        self.entries, self.groups, self.layouts = entries, groups, layouts

    def spliced(self, rel: str, parts: list) -> files.Unchanged | files.Spliced | bytes:
        """docs/`rel` as the concatenation of `parts`: bytes, or (key, make) where `make()` returns the
        bytes `key` stands for. Parts the file in docs/ already has (by key, as last written) are not
        made: the result is a marker when the file holds exactly these parts, `files.Spliced` (new
        parts and ranges of the file) when some changed, and the bytes when the file cannot be used."""
        old, entry = self.layouts.get(rel), self.entries["docs"].get(rel)
        path = self._roots["docs"] + files.safe_relpath(rel)
        stat = files.file_stat(path) if old is not None and entry is not None else None
        usable = stat is not None and stat == entry[1]
        where = {key: (offset, length) for key, offset, length in old} if usable else {}
        pieces, layout, offset = [], [], 0
        for part in parts:
            if isinstance(part, bytes):
                pieces.append(part)
                offset += len(part)
                continue
            key, make = part
            piece = where.get(key)
            length = piece[1] if piece else len(piece := make())
            pieces.append(piece)
            layout.append((key, offset, length))
            offset += length
        whole = digest([part if isinstance(part, bytes) else part[0] for part in parts])
        self.made("docs", rel, whole)
        self.new_layouts[rel] = layout

        def loader() -> bytes:
            return b"".join(part if isinstance(part, bytes) else part[1]() for part in parts)

        if not usable:
            return b"".join(pieces)
        if entry[0] == whole:
            return files.Unchanged(path, stat, whole, loader)
        return files.Spliced(path, stat, pieces, loader)


def prune(stores: dict[str, Store], journal: Path) -> None:
    """Drop the entries of the caches this build did not use. `journal` keeps the keys each build used,
    so the next one looks only at those instead of listing every entry (a first build lists them all)."""
    try:
        previous = pickle.loads(journal.read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        previous = {}
    if not isinstance(previous, dict):
        previous = {}
    for name, store in stores.items():
        store.prune(previous.get(name))
    journal.parent.mkdir(parents=True, exist_ok=True)
    tmp = journal.with_name(f"{journal.name}.{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps({name: store.used for name, store in stores.items()}, protocol=5))
    os.replace(tmp, journal)


# ---- pages -----------------------------------------------------------------------------------------

class PageCache(Store):
    """Per page (both languages), keyed by the global inputs and the digests of the records it shows.

    With a manifest, a page whose files in docs/ were made from the same key and are still as written
    comes back as `files.Unchanged` markers, without loading anything."""

    def __init__(self, folder: Path | None, site, global_digest: str, record_digests: dict[str, str] | None = None,
                 lines_digests: dict[str, str] | None = None, manifest: Manifest | None = None):
        super().__init__(folder)
        self.site = site
        self.global_digest = global_digest
        self.manifest = manifest
        self.unchanged = 0  # pages left as they are in docs/
        self.stored_here: list[tuple[str, tuple[str, ...]]] | None = None  # set in render workers
        self._record_digests = record_digests
        self._lines_digests = lines_digests
        self._by_indicator: dict[str, list[str]] | None = None
        self._by_region: dict[str, list[str]] = {}
        self._regions: str | None = None
        self._every: str | None = None

    def record_digests(self) -> dict[str, str]:
        if self._record_digests is None:
            self._record_digests = {r["report"]["id"]: digest(r) for r in self.site.reports}
        return self._record_digests

    def _reports_with_indicator(self, indicator_id: str) -> list[str]:
        if self._by_indicator is None:
            self._by_indicator = {}
        if indicator_id not in self._by_indicator:
            entries = getattr(self.site, "figures_by_indicator", None)
            if entries is not None:
                found = {record["report"]["id"] for record, _figure in entries.get(indicator_id, ())}
            else:
                found = {r["report"]["id"] for r in self.site.reports
                         if any(f.get("indicator") == indicator_id for f in r["figures"])}
            self._by_indicator[indicator_id] = sorted(found)
        return self._by_indicator[indicator_id]

    def _reports_of_region(self, region_id: str) -> list[str]:
        if region_id not in self._by_region:
            self._by_region[region_id] = sorted(r["report"]["id"]
                                                for r in self.site.reports_by_region.get(region_id, []))
        return self._by_region[region_id]

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
            return self._reports_of_region(site.report_by_id[stem]["report"]["region"])
        if folder == "indicators" and stem != "index":
            return self._reports_with_indicator(stem)
        if folder == "regions" and stem != "index":
            return self._reports_of_region(stem)
        return ["*"]

    def key(self, template: str, page_path: str) -> str:
        digests = self.record_digests()
        ids = self.page_inputs(page_path)
        if self._regions is None:  # once per build: which regions have pages, and every report's digest
            self._regions = digest([r["id"] for r in self.site.used_regions])
            self._every = digest(sorted(digests.items()))
        inputs = self._every if ids == ["*"] else [(i, digests[i]) for i in ids]
        extra = None
        if page_path.startswith("sources/"):  # a source page shows the cleaned text, not only the record
            rid = page_path[len("sources/"):-len(".md")]
            if self._lines_digests is not None and rid in self._lines_digests:
                extra = self._lines_digests[rid]
            else:
                extra = digest(list(self.site.sources.get(rid, [])))
        return digest(self.global_digest, template, page_path, self._regions, inputs, extra)

    def get(self, key: str):
        if self.manifest is not None:
            markers = self._unchanged(key)
            if markers is not None:
                self.used.add(key)
                self.hits += 1
                self.unchanged += 1
                self._made(key, markers)
                return markers
        value = super().get(key)
        if value is not None:
            self._made(key, value)
        return value

    def put(self, key: str, value) -> None:
        super().put(key, value)
        self._made(key, value)
        if self.stored_here is not None:  # a render worker: the parent accounts for it (stored_elsewhere)
            self.stored_here.append((key, tuple(value)))

    def stored_elsewhere(self, key: str, paths: tuple[str, ...]) -> None:
        """A page a render worker stored under `key`, as if `put` had been called here."""
        self.used.add(key)
        self.stores += 1
        self._made(key, paths)

    def _unchanged(self, key: str) -> dict[str, files.Unchanged] | None:
        group = self.manifest.groups.get(key)
        if not group:
            return None
        markers = {}
        for rel in group:
            marker = self.manifest.unchanged("docs", rel, key, functools.partial(self._one, key, rel))
            if marker is None:
                return None
            markers[rel] = marker
        return markers

    def _one(self, key: str, rel: str):
        value = self.load(key)
        return value.get(rel) if isinstance(value, dict) else None

    def _made(self, key: str, value: dict | tuple[str, ...]) -> None:
        if self.manifest is not None and isinstance(value, (dict, tuple)):
            self.manifest.new_groups[key] = tuple(value)
            for rel in value:
                self.manifest.made("docs", rel, key)


class _FileMemo:
    """Results kept in one file under keys made of `context` and record digests; `save` keeps only the
    ones this build used, so the file never holds more than one build's worth."""

    def __init__(self, path: Path | None, context: str, record_digests: dict[str, str]):
        self.path, self.context, self.record_digests = path, context, record_digests
        self.kept: dict[str, list] = {}
        self.used: dict[str, list] = {}
        if path is not None:
            try:
                found = pickle.loads(path.read_bytes())
                self.kept = found if isinstance(found, dict) else {}
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
                self.kept = {}

    def save(self) -> None:
        if self.path is None or self.used.keys() == self.kept.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(self.used, protocol=5))
        os.replace(tmp, self.path)


class NotesMemo(_FileMemo):
    """Each report's data notes (consistency.check_record) under its record's digest: the checks depend
    on the report alone, so after one report changed only its notes are checked again."""

    def __call__(self, record: dict) -> list:
        from .consistency import check_record

        key = digest(self.context, self.record_digests[record["report"]["id"]])
        notes = self.kept.get(key)
        if notes is None:
            notes = check_record(record)
        self.used[key] = notes
        return notes


class ScorecardMemo(_FileMemo):
    """Each region's linked targets (scorecard.link_region) under the digests of its reports, kept as
    references to their figures: after one report changed, only its region is linked again."""

    def __call__(self, region: str, records: list[dict], make) -> list:
        from . import scorecard

        key = digest(self.context, region, [(r["report"]["id"], self.record_digests[r["report"]["id"]])
                                            for r in records])
        plain = self.kept.get(key)
        if plain is not None:
            try:
                tracked = scorecard.from_plain(plain, records)
            except (IndexError, KeyError, TypeError, ValueError, AttributeError):
                tracked = None  # not what this code writes: linked again below
            if tracked is not None:
                self.used[key] = plain
                return tracked
        tracked = make()
        self.used[key] = scorecard.to_plain(tracked, records)
        return tracked


class RecordMemo:
    """Keys for the downloads, made from the global inputs and report digests, and the files made of
    them: per report (`file`), left as they are in docs/ while the report's digest is the same; and
    site-wide files made of per-report or per-region parts (`spliced`: Manifest.spliced)."""

    def __init__(self, pages: PageCache, name: str):
        self.pages, self.name = pages, name
        self._record_keys: dict[str, str] = {}

    def key(self, *parts) -> str:
        return digest(self.pages.global_digest, self.name, *parts)

    def record_key(self, record: dict) -> str:
        rid = record["report"]["id"]
        if rid not in self._record_keys:
            self._record_keys[rid] = self.key(self.pages.record_digests()[rid])
        return self._record_keys[rid]

    def file(self, rel: str, record: dict, make):
        """The bytes `make()` returns for docs/`rel`, or a marker when the file is there as last made."""
        key = digest(self.record_key(record), rel)
        manifest = self.pages.manifest
        if manifest is not None:
            manifest.made("docs", rel, key)
            marker = manifest.unchanged("docs", rel, key, make)
            if marker is not None:
                return marker
        return make()

    def spliced(self, rel: str, parts: list):
        manifest = self.pages.manifest
        if manifest is None:
            return b"".join(part if isinstance(part, bytes) else part[1]() for part in parts)
        return manifest.spliced(rel, parts)


# ---- the cleaned lines of a report, read only when a page needs them --------------------------------

class LazyLines(Sequence):
    """A report's cleaned lines, loaded (by `loader`) the first time they are read."""

    __slots__ = ("_loader", "_lines")

    def __init__(self, loader):
        self._loader, self._lines = loader, None

    def _get(self) -> list[str]:
        if self._lines is None:
            self._lines = list(self._loader())
        return self._lines

    def __getitem__(self, index):
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self):
        return iter(self._get())

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"LazyLines({'loaded' if self._lines is not None else 'not loaded'})"


class Sources(Mapping):
    """Report id -> cleaned lines, where the lines of unchanged reports are `LazyLines`."""

    def __init__(self):
        self._data: dict[str, Sequence[str]] = {}

    def __setitem__(self, rid: str, lines: Sequence[str]) -> None:
        self._data[rid] = lines

    def __getitem__(self, rid: str) -> Sequence[str]:
        return self._data[rid]

    def __iter__(self):
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


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


def prefetch_extractions(missing: list[Path], seed_meta: dict, catalogs, fingerprint: str, extract_dir: Path,
                         progress=None) -> int:
    """Extract the reports whose records are not cached (`missing`) in worker processes, one per core, into
    the extract cache; the build's own loop then finds them there. Returns how many were extracted."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    jobs = [(str(path), seed_meta.get(path.name, {}), str(extract_dir), fingerprint) for path in missing]
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
