"""Caches keyed by content, so a rebuild after one report changed redoes only what depends on it.

Everything lives in .cache/ (never in the published tree, never keyed by timestamps):

- records/: per report, what the extract and data stages made of it that every build needs (the
  record after review, its problems, and digests of the record and of its cleaned lines), keyed by
  the hash of the seed's bytes, its metadata in seeds/reports.yaml, the catalogs and the generator's
  code (the review file is checked against a digest in the entry). The cleaned lines themselves are
  read again from the extraction cache (.cache/extract/) only for a source page that is rendered.
- pages/: per page, both language versions of the Markdown, keyed by the hash of the templates, the
  catalogs and UI labels, the generator's code, and the records the page is drawn from (`page_inputs`);
  and per report, its share of the downloads. The parts of a page that show one region
  (render.Renderer.section) are taken, when made again, from the page's previous entry:
  pages/sections-index.pickle says where each part is in it. A report page's key names the reports
  its scorecard can reach (`linked_reports`); pages/aliases.pickle keeps it under the digest of its
  region's reports, so a build works it out only for the pages of a region that changed.
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
import gc
import hashlib
import json
import marshal
import multiprocessing
import os
import pickle
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import files
from .scorecard import series_of, span

TEMPLATES = Path(__file__).parent / "templates"
MANIFEST_VERSION = 1


def digest(*parts) -> str:
    """A short stable hash of plain data (dicts, lists, strings, numbers, None) or bytes."""
    return _hashed(hashlib.blake2b(digest_size=16), parts).hexdigest()


def _hashed(h, parts):
    """`h` (a hashlib object) fed with `parts` as digest() feeds them; returns it."""
    for part in parts:
        if not isinstance(part, bytes):
            try:
                part = marshal.dumps(part, 2)  # version 2: no shared references, so equal data, equal bytes
            except ValueError:
                part = pickle.dumps(part, protocol=5)
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h


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
        if self.folder is not None:
            self.write(key, pickle.dumps(value, protocol=5))

    def write(self, key: str, blob: bytes) -> None:
        """Store `blob`, a pickled entry, under `key`."""
        if self.folder is None:
            return
        files.write_atomic(self._path(key), blob)
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
            files.discard(path)
        return len(stale)


class RecordCache(Store):
    """Per report: {rid, review (digest of the review file), record, problems, digest (of the record),
    lines (digest of the cleaned lines)}, keyed by everything that makes them but the review file.

    Every build loads every report's entry, so entries are stored with each repeated string once
    (units, kinds, sections, keys): half the bytes, and loaded in half the time. And the entries a build
    used are kept together in one more file (`save_bundle`), which the next build reads at once instead
    of opening a file per report; an entry not in it is read from its own file."""

    BUNDLE = "bundle.pickle"  # (Store.prune looks at */*.pickle only)

    def __init__(self, folder: Path | None):
        super().__init__(folder)
        self._last: dict[str, bytes] | None = None  # the last build's entries as stored, by key (read once)
        self.blobs: dict[str, bytes] = {}  # this build's entries as stored, by key, for the next bundle

    def key(self, seed: bytes, overrides: dict, review_bytes: bytes | None, context: str) -> str:
        """`seed`: the hash of the report's bytes (build.seed_hash)."""
        return digest(seed, overrides, review_bytes or b"", context)

    def _bundle(self) -> dict[str, bytes]:
        if self._last is None:
            found = read_pickle(os.path.join(self.folder, self.BUNDLE)) if self.folder is not None else None
            self._last = found if isinstance(found, dict) else {}
        return self._last

    def has(self, key: str) -> bool:
        return self.folder is not None and (key in self._bundle() or super().has(key))

    def load(self, key: str):
        if self.folder is None:
            return None
        blob = self._bundle().get(key)
        try:
            if blob is None:
                with open(self._path(key), "rb") as handle:
                    blob = handle.read()
            entry = pickle.loads(blob)
        except (FileNotFoundError, EOFError, pickle.UnpicklingError, TypeError):
            return None
        self.blobs[key] = blob
        return entry

    def put(self, key: str, value) -> None:
        if self.folder is not None:
            blob = self.pack(value)
            self.write(key, blob)
            self.blobs[key] = blob

    def save_bundle(self) -> None:
        """The entries this build used, in one file for the next build. After a few changes the file is
        left as it is (writing it costs more than reading those few entries from their own files): it is
        written again once one entry in 16 is not in it, or in it but no longer used."""
        if self.folder is None:
            return
        last = self._bundle()
        bundle = {key: self.blobs[key] for key in sorted(self.used) if key in self.blobs}
        differ = sum(key not in last for key in bundle) + sum(key not in bundle for key in last)
        if differ > len(bundle) // 16:
            write_pickle(os.path.join(self.folder, self.BUNDLE), bundle)

    @staticmethod
    def pack(entry: dict) -> bytes:
        """An entry as stored: pickled, each repeated string once."""
        return pickle.dumps(_shared_strings(entry, {}), protocol=5)


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


def read_pickle(path: str | os.PathLike) -> object | None:
    """What write_pickle stored at `path`; None when there is nothing there, or nothing that loads."""
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a cache file that does not load is no cache file
        return None


def write_pickle(path: str | os.PathLike, value) -> None:
    """`value` pickled at `path`, atomically: a killed build leaves no half file, and processes writing the
    same file at once (two identical reports) leave one whole file."""
    files.write_atomic(os.fspath(path), pickle.dumps(value, protocol=5))


_CATALOGS_SHA256: list = [None, None, b""]  # regions, indicators (the very objects) and their hash


def catalogs_sha256(regions: list[dict], indicators: list[dict]) -> bytes:
    """The extraction cache's share of the catalogs (build.extract_one), hashed once per build, not once
    per report: remembered for the last catalogs seen (the build never changes them once loaded)."""
    memo = _CATALOGS_SHA256
    if memo[0] is not regions or memo[1] is not indicators:
        text = json.dumps([regions, indicators], sort_keys=True)
        memo[:] = [regions, indicators, hashlib.sha256(text.encode()).digest()]
    return memo[2]


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

    def kept_or_made(self, tree: str, rel: str, key: str, make: Callable[[], str | bytes]):
        """A generated file made from `key`: the marker of `rel` when it is on disk as made from `key`
        (`make` then makes it again should it change before it is read), else what make() returns."""
        self.made(tree, rel, key)
        marker = self.unchanged(tree, rel, key, make)
        return marker if marker is not None else make()

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
        write_pickle(self.path, payload)
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
    previous = read_pickle(journal)
    if not isinstance(previous, dict):
        previous = {}
    for name, store in stores.items():
        store.prune(previous.get(name))
    write_pickle(journal, {name: store.used for name, store in stores.items()})


# ---- pages -----------------------------------------------------------------------------------------

class PageCache(Store):
    """Per page (both languages), keyed by the global inputs and the digests of the records it shows.

    A page whose files in docs/ were made from the same key and are still as written (the manifest says)
    comes back as `files.Unchanged` markers; any other page is rendered. The pages' text is kept in docs/
    only: a copy here too cost a thousand reports' build a second of pickling and 200 MB of disk, to
    spare rendering a page someone deleted from docs/. The folder holds the sections index and the
    report pages' aliases (entries of earlier versions are pruned)."""

    def __init__(self, folder: Path | None, site, global_digest: str, record_digests: dict[str, str] | None = None,
                 lines_digests: dict[str, str] | None = None, manifest: Manifest | None = None):
        super().__init__(folder)
        self.site = site
        self.global_digest = global_digest
        self.manifest = manifest
        self.unchanged = 0  # pages left as they are in docs/
        self.stored_here: list[tuple[str, tuple[str, ...]]] | None = None  # set in render workers
        # Where each page's sections (render.Renderer.section) are in the page as last made: page path ->
        # (page key, ((section key, file, start, end, English text looked up), ...)). A page made again
        # after a change takes the sections whose key did not change out of its files in docs/, as the
        # build that made them from that key wrote them.
        self.sections_index: dict[str, tuple[str, tuple]] = self._load_pickle("sections-index.pickle")
        self.new_sections_index: dict[str, tuple[str, tuple]] = {}
        self.sections_here: list[tuple[str, tuple[str, tuple]]] | None = None  # set in render workers
        self._previous: tuple[str, dict, dict] | None = None  # (page path, its files as last made, its sections)
        self._record_digests = record_digests
        self._lines_digests = lines_digests
        self._by_indicator: dict[str, list[str]] | None = None
        self._by_region: dict[str, list[str]] = {}
        self._regions: str | None = None
        self._inputs: dict[tuple[str, str], str] = {}  # (kind, id) of page_inputs -> digest of those inputs
        self._keys: dict[tuple[str, str], str] = {}  # (template, page path) -> key, made once (workers inherit it)
        self._section_prefixes: dict[tuple[str, str, str], object] = {}  # see section_key
        # A report page's key from the reports it can show (linked_reports), under the key of its whole
        # region: page path -> (region key, page key), as last built and as built now.
        self.aliases: dict[str, tuple[str, str]] = self._load_pickle("aliases.pickle")
        self.new_aliases: dict[str, tuple[str, str]] = {}
        self._by_indicator_year: dict[str, dict[tuple[str, object], set[str]]] = {}  # region -> see linked_reports

    def record_digests(self) -> dict[str, str]:
        if self._record_digests is None:
            self._record_digests = {r["report"]["id"]: digest(r) for r in self.site.reports}
        return self._record_digests

    def _reports_with_indicator(self, indicator_id: str) -> list[str]:
        if self._by_indicator is None:
            self._by_indicator = {}
        if indicator_id not in self._by_indicator:
            self._by_indicator[indicator_id] = sorted(self.site.report_ids_by_indicator.get(indicator_id, ()))
        return self._by_indicator[indicator_id]

    def _reports_of_region(self, region_id: str) -> list[str]:
        if region_id not in self._by_region:
            self._by_region[region_id] = sorted(r["report"]["id"]
                                                for r in self.site.reports_by_region.get(region_id, []))
        return self._by_region[region_id]

    def page_inputs(self, page_path: str) -> list[str]:
        """Ids of the reports whose data a page shows; None-like `["*"]` means every report.

        A report page shows its region's scorecard (targets met by later reports of the same region),
        so it depends on that region's reports (its key names fewer: `key`); a source page on its own
        report; an indicator page on the reports that have the indicator; a region page on its own
        reports; others on all of them.
        """
        return self._ids(self._input_kind(page_path))

    def _input_kind(self, page_path: str) -> tuple[str, str]:
        """What a page is drawn from, as (kind, id): ("source", report), ("region", region),
        ("indicator", indicator) or ("every", "")."""
        site = self.site
        folder, _, name = page_path.partition("/")
        stem = name[: -len(".md")] if name.endswith(".md") else name
        if folder == "sources" and stem in site.report_by_id:
            return "source", stem  # the report's own text, title and corrections
        if folder == "reports" and stem in site.report_by_id:
            return "region", site.report_by_id[stem]["report"]["region"]
        if folder == "indicators" and stem != "index":
            return "indicator", stem
        if folder == "regions" and stem != "index":
            return "region", stem
        if page_path == "links.md":
            return "links", ""  # every page's name and address, not its figures
        return "every", ""

    def _ids(self, kind: tuple[str, str]) -> list[str]:
        what, name = kind
        if what == "source":
            return [name]
        if what == "region":
            return self._reports_of_region(name)
        if what == "indicator":
            return self._reports_with_indicator(name)
        return ["*"]

    def _inputs_digest(self, kind: tuple[str, str]) -> str:
        """The digests of the reports of `kind` (see _input_kind), and for a source page of its cleaned
        text, in one digest: made once per build for all the pages of a region, not once per page."""
        found = self._inputs.get(kind)
        if found is None:
            digests = self.record_digests()
            if kind[0] == "links":
                found = self._links_digest()
            elif kind[0] == "every":
                found = digest(sorted(digests.items()))
            else:
                found = digest([(i, digests[i]) for i in self._ids(kind)],
                               self._lines_digest(kind[1]) if kind[0] == "source" else None)
            self._inputs[kind] = found
        return found

    def _links_digest(self) -> str:
        """What the links page and data/links.csv show of the reports and indicators (links.rows): the
        reports' ids and titles in the site's order, grouped by region, and the indicators with figures.
        The regions are in every page's key (_used_regions); names, site_url and code in global_digest."""
        site = self.site
        return digest("links", [(r["report"]["id"], r["report"]["region"], r["report"]["title_zh"],
                                 r["report"]["title_en"]) for r in site.reports],
                      sorted(i for i, figures in site.figures_by_indicator.items() if figures))

    def links_file(self, rel: str, make: Callable[[], str]):
        """docs/`rel` (data/links.csv), made by `make()` from what the links page shows, or a marker
        when the file is there as last made from the same."""
        if self.manifest is None:
            return make()
        key = digest(self.global_digest, "links-file", rel, self._used_regions(), self._inputs_digest(("links", "")))
        return self.manifest.kept_or_made("docs", rel, key, make)

    def _lines_digest(self, rid: str) -> str:
        """A source page shows the cleaned text, not only the record."""
        if self._lines_digests is not None and rid in self._lines_digests:
            return self._lines_digests[rid]
        return digest(list(self.site.sources.get(rid, [])))

    def key(self, template: str, page_path: str) -> str:
        found = self._keys.get((template, page_path))
        if found is None:
            kind = self._input_kind(page_path)
            found = digest(self.global_digest, template, page_path, self._used_regions(), self._inputs_digest(kind))
            if kind[0] == "region" and page_path.startswith("reports/"):
                found = self._report_key(found, template, page_path)
            self._keys[(template, page_path)] = found
        return found

    def _report_key(self, region_key: str, template: str, page_path: str) -> str:
        """A report page's key from the reports its scorecard can reach, not all its region's: after
        one report changed, a page of its region that cannot show it keeps its key. Worked out once
        per state of the region (`aliases`), since it looks at every figure of the region's reports."""
        known = self.aliases.get(page_path)
        if known is not None and known[0] == region_key:
            found = known[1]
        else:
            rid = page_path[len("reports/"):-len(".md")]
            digests = self.record_digests()
            found = digest(self.global_digest, template, page_path, self._used_regions(), "linked",
                           [(i, digests[i]) for i in self.linked_reports(rid)])
        self.new_aliases[page_path] = (region_key, found)
        return found

    def linked_reports(self, rid: str) -> list[str]:
        """The report and every report of its region with a figure of one of its indicators in a year
        one of its figures covers: all the scorecard can pair with its figures (scorecard.link_region
        pairs one indicator's figures whose periods overlap, and a report's results are looked up in
        the rows of their period and its year), so all its page can show."""
        record = self.site.report_by_id[rid]
        index = self._indicator_years(record["report"]["region"])
        found = {rid}
        for key in _indicator_years(record):
            found.update(index.get(key, ()))
        return sorted(found)

    def _indicator_years(self, region: str) -> dict[tuple[str, object], set[str]]:
        """(indicator, year) -> the region's reports with a figure of the indicator covering that year."""
        index = self._by_indicator_year.get(region)
        if index is None:
            index = self._by_indicator_year[region] = {}
            for record in self.site.reports_by_region.get(region, []):
                rid = record["report"]["id"]
                for key in _indicator_years(record):
                    index.setdefault(key, set()).add(rid)
        return index

    def _used_regions(self) -> str:
        """Which regions have pages (their links depend on it), once per build."""
        if self._regions is None:
            self._regions = digest([r["id"] for r in self.site.used_regions])
        return self._regions

    def _load_pickle(self, name: str) -> dict:
        found = read_pickle(Path(self.folder) / name) if self.folder is not None else None
        return found if isinstance(found, dict) else {}

    def _save_pickle(self, name: str, value: dict, as_loaded: dict) -> None:
        if self.folder is not None and value != as_loaded:
            write_pickle(Path(self.folder) / name, value)

    def sections_for(self, page_path: str, key: str) -> None:
        """A page taken from the cache under `key` keeps its sections' places for the next build."""
        found = self.sections_index.get(page_path)
        if found is not None and found[0] == key:
            self.new_sections_index[page_path] = found

    def section_key(self, page_path: str, lang: str, name: str, region_id: str) -> str:
        """Key of a part of a page that shows one region's reports (render.Renderer.section)."""
        # What all of a page's sections of one name share is hashed once: a page of a thousand reports
        # has a section per region and language, and each key is made on every build.
        prefix = self._section_prefixes.get((page_path, lang, name))
        if prefix is None:
            prefix = self._section_prefixes[(page_path, lang, name)] = _hashed(
                hashlib.blake2b(digest_size=16), (self.global_digest, "section", page_path, lang, name,
                                                  self._used_regions()))
        return _hashed(prefix.copy(), (region_id, self._inputs_digest(("region", region_id)))).hexdigest()

    def kept_section(self, page_path: str, key: str) -> tuple[bytes, int, int, dict] | None:
        """(the bytes of the page's file as last made, the section `key`'s range in them, English text
        looked up) if the page had that section then."""
        if self._previous is None or self._previous[0] != page_path:
            self._previous = (page_path, {}, {})
            try:
                page_key, places = self.sections_index.get(page_path, ("", ()))
                where = {section: (rel, start, end, used) for section, rel, start, end, used in places}
            except (TypeError, ValueError):  # not what this code writes: nothing is kept
                where, page_key = {}, ""
            if where:
                made = {rel: self._as_made(rel, page_key) for rel in {place[0] for place in where.values()}}
                self._previous = (page_path, made, where)
        _path, made, where = self._previous
        place = where.get(key)
        if place is None:
            return None
        rel, start, end, used = place
        data = made.get(rel)
        if not isinstance(data, bytes) or not isinstance(used, dict) or type(start) is not int \
                or type(end) is not int or not 0 <= start <= end <= len(data):
            return None
        return data, start, end, used

    def _as_made(self, rel: str, page_key: str) -> bytes | None:
        """docs/`rel` as the build that made it from `page_key` wrote it, or None if it is not so now."""
        marker = self.manifest.unchanged("docs", rel, page_key) if self.manifest is not None else None
        return marker.read_intact() if marker is not None else None

    def note_sections(self, page_path: str, key: str, places: list[tuple[str, str, int, int, dict]]) -> None:
        """The page just stored under `key` holds the sections `places` (key, file, byte range, English
        text looked up): the next build can take them from its files."""
        self._previous = None
        if places:
            self.new_sections_index[page_path] = value = (key, tuple(places))
            if self.sections_here is not None:  # a render worker: the parent keeps the index
                self.sections_here.append((page_path, value))

    def save_sections_index(self) -> None:
        """The sections index and the report pages' aliases, for the next build (when they changed)."""
        self._save_pickle("sections-index.pickle", self.new_sections_index, self.sections_index)
        self._save_pickle("aliases.pickle", self.new_aliases, self.aliases)

    def get(self, key: str, remake=None) -> dict[str, files.Unchanged] | None:
        """Markers for the page's files when docs/ holds them as made from `key`, else None. `remake()`
        makes the page's files again, should one change before it is read (files.Unchanged.loader)."""
        markers = self._unchanged(key, remake) if self.manifest is not None else None
        if markers is not None:
            self.used.add(key)
            self.hits += 1
            self.unchanged += 1
            self._made(key, markers)
        return markers

    def put(self, key: str, value) -> None:
        """The page made from `key` (its files `value`), written to docs/ by the build, not kept here."""
        self.used.add(key)
        self.stores += 1
        self._made(key, value)
        if self.stored_here is not None:  # a render worker: the parent accounts for it (stored_elsewhere)
            self.stored_here.append((key, tuple(value)))

    def stored_elsewhere(self, key: str, paths: tuple[str, ...]) -> None:
        """A page a render worker stored under `key`, as if `put` had been called here."""
        self.used.add(key)
        self.stores += 1
        self._made(key, paths)

    def _unchanged(self, key: str, remake) -> dict[str, files.Unchanged] | None:
        group = self.manifest.groups.get(key)
        if not group:
            return None
        markers = {}
        for rel in group:
            marker = self.manifest.unchanged("docs", rel, key, remake and functools.partial(_one, remake, rel))
            if marker is None:
                return None
            markers[rel] = marker
        return markers

    def _made(self, key: str, value: dict | tuple[str, ...]) -> None:
        if self.manifest is not None and isinstance(value, (dict, tuple)):
            self.manifest.new_groups[key] = tuple(value)
            for rel in value:
                self.manifest.made("docs", rel, key)


def _one(remake, rel: str):
    return remake().get(rel)


def _indicator_years(record: dict) -> set[tuple[str, object]]:
    """(indicator, year) for every year each figure with an indicator (or a series, scorecard.series_of:
    such figures are paired too) covers; a period that is not a span of months (span() says None) stands
    for itself."""
    found = set()
    for figure in record["figures"]:
        indicator = series_of(figure)
        if indicator:
            period = figure.get("period") or ""
            months = span(period)
            if months is None:
                found.add((indicator, period))
            else:
                found.update((indicator, year) for year in range(months[0] // 12, months[1] // 12 + 1))
    return found


class _FileMemo:
    """Results kept in one file under keys made of `context` and record digests; `save` keeps only the
    ones this build used, so the file never holds more than one build's worth."""

    def __init__(self, path: Path | None, context: str, record_digests: dict[str, str]):
        self.path, self.context, self.record_digests = path, context, record_digests
        self.kept: dict[str, object] = {}
        self.used: dict[str, object] = {}
        if path is not None:
            found = read_pickle(path)
            self.kept = found if isinstance(found, dict) else {}
        self._in_file = set(self.kept)  # what the file holds: `kept` also takes results made elsewhere (add)

    def save(self) -> None:
        if self.path is not None and self.used.keys() != self._in_file:
            write_pickle(self.path, self.used)
            self._in_file = set(self.used)


class NotesMemo(_FileMemo):
    """Each report's data notes (consistency.check_record) under its record's digest: the checks depend
    on the report alone, so after one report changed only its notes are checked again."""

    def add(self, record_digest: str, notes: list) -> None:
        """The notes of the record of this digest, checked elsewhere (by an extraction worker)."""
        self.kept[digest(self.context, record_digest)] = notes

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
    references to their figures, a file per region in `folder`, where summaries.pickle keeps each
    region's summary (scorecard.summary). After one report changed, only its region is linked again,
    and the other regions' targets are loaded only when a page asks for them."""

    def __init__(self, folder: Path | None, context: str, record_digests: dict[str, str]):
        # kept, used: key -> the region's summary
        super().__init__(folder / "summaries.pickle" if folder is not None else None, context, record_digests)
        self.store = Store(folder)

    def lazy(self, region: str, records: list[dict], make) -> tuple:
        """(a function returning the region's linked targets, its summary if kept, else None)."""
        key = digest(self.context, region, [(r["report"]["id"], self.record_digests[r["report"]["id"]])
                                            for r in records])
        found = self.kept.get(key)
        if not isinstance(found, dict):
            return functools.partial(self._make, key, records, make), None
        self.used[key] = found
        self.store.used.add(key)  # the region's file is kept, whether or not this build loads it
        return functools.partial(self._load, key, records, make), found

    def __call__(self, region: str, records: list[dict], make) -> list:
        return self.lazy(region, records, make)[0]()

    def _load(self, key: str, records: list[dict], make) -> list:
        from . import scorecard

        plain = self.store.get(key)
        if plain is not None:
            try:
                return scorecard.from_plain(plain, records)
            except (IndexError, KeyError, TypeError, ValueError, AttributeError):
                pass  # not what this code writes: linked again
        return self._make(key, records, make)

    def _make(self, key: str, records: list[dict], make) -> list:
        from . import scorecard

        tracked = make()
        self.store.put(key, scorecard.to_plain(tracked, records))
        self.used[key] = scorecard.summary(tracked)
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
        manifest = self.pages.manifest
        if manifest is None:
            return make()
        return manifest.kept_or_made("docs", rel, digest(self.record_key(record), rel), make)

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

PARALLEL_FROM = 16  # fewer reports to extract than this: starting forked workers costs more than it saves ...
BESIDE_LOADING = 200  # ... unless the build loads this many cached reports meanwhile (one worker, forked)
SPAWN_FROM = 200  # the same when workers must be spawned (each imports the generator: about a second)
CHUNK = 8  # reports per task sent to a worker
_WORKER: dict = {}


def _can_fork() -> bool:
    # As render._can_fork: forking is only safe with no other thread running (MkDocs' server, for one,
    # runs the build in a thread); then workers are spawned instead.
    return ("fork" in multiprocessing.get_all_start_methods()
            and threading.current_thread() is threading.main_thread() and threading.active_count() == 1)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on, where the system says
    except AttributeError:
        return os.cpu_count() or 1


def _init_worker(state: dict | None = None) -> None:
    """A worker's set-up: spawned ones get the build's state pickled (`state`), forked ones have it already."""
    if state is not None:
        from .indicators import IndicatorMatcher

        _WORKER.update(state, matcher=IndicatorMatcher(state["catalogs"].indicators))
    # Extraction makes no reference cycles: no collections (and what the worker starts with, from the build,
    # is not scanned even once, so its memory stays shared with the build's).
    gc.disable()
    gc.freeze()


def _extract_chunk(jobs: list[tuple]) -> list[tuple]:
    """A worker's share: per report (index, path, source, key, overrides), its cache entry as stored (see
    RecordCache.pack), whether it was stored, its cleaned lines, its data/reports YAML and its data notes
    (consistency.check_record: here, on every core, rather than in the build's Site on one); or None for
    them when it failed (the build extracts it again itself, and reports the problem)."""
    from . import data as data_stage
    from .build import _report_entry
    from .consistency import check_record

    state = _WORKER
    project, cache = state["project"], state["cache"]
    out = []
    for index, path, source, key, overrides in jobs:
        try:
            entry, lines = _report_entry(project, Path(path), source, key, overrides, state["catalogs"],
                                         state["matcher"], state["fingerprint"], cache, state["use_cache"],
                                         fresh=True)
            blob = cache.pack(entry)
            failed = any(p.severity == "error" for p in entry["problems"])  # (the build stops: no cache, no notes)
            stored = cache.folder is not None and not failed
            if stored:
                cache.write(key, blob)
            out.append((index, blob, stored, lines, data_stage.report_yaml(entry["record"]),
                        None if failed else check_record(entry["record"])))
        except Exception:  # noqa: BLE001 - the build's loop extracts this report again and reports the problem
            out.append((index, None, False, None, None, None))
    return out


class Extractions:
    """The reports whose records are not cached, extracted in worker processes (one per core) while the
    build goes through all reports in order: `take(index)` waits for that job's result and returns
    (entry, lines, yaml text, data notes or None), or None when it failed or there are no workers (the build
    then extracts the report itself). Use as a context manager: leaving it stops the workers."""

    def __init__(self, jobs: list[tuple], state: dict, cache: RecordCache, loading: int = 0):
        self.cache = cache
        self._keys = {job[0]: job[3] for job in jobs}
        self._results = iter(())
        self._ready: dict[int, tuple] = {}
        self._pool = None
        self.started: str | None = None  # how the workers started: "fork", "spawn", or None (not at all)
        workers = min(_cores(), -(-len(jobs) // CHUNK))
        fork = _can_fork()
        # A few changed reports among many (`loading`: cached reports the build loads while the workers
        # work) are extracted by one worker at the same time as the loading, not after it.
        beside = fork and bool(jobs) and loading >= BESIDE_LOADING and _cores() > 1
        if not beside and (workers < 2 or len(jobs) < (PARALLEL_FROM if fork else SPAWN_FROM)):
            return
        chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
        try:
            if fork:  # the workers start with the build's state in memory
                _WORKER.update(state)
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_init_worker)
            else:
                self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                                 initializer=_init_worker,
                                                 initargs=({k: v for k, v in state.items() if k != "matcher"},))
            self.started = "fork" if fork else "spawn"  # (workers that die while the chunks are sent did start)
            self._results = self._pool.map(_extract_chunk, chunks)
        except Exception:  # noqa: BLE001 - no workers here (no fork, no importable __main__ ...): the build
            self.close()  # extracts every report itself
        finally:
            if fork:
                _WORKER.clear()  # the forked workers have their copy; the build keeps no reference

    def take(self, index: int) -> tuple[dict, list[str], str, list | None] | None:
        while index not in self._ready and self._pool is not None:
            try:
                chunk = next(self._results)
            except StopIteration:
                break
            except Exception:  # noqa: BLE001 - a worker died (BrokenProcessPool, ...): the build extracts what is left
                self.close()
                break
            for done, *result in chunk:
                self._ready[done] = result
        found = self._ready.pop(index, None)
        if found is None or found[0] is None:
            return None
        blob, stored, lines, text, notes = found
        entry = pickle.loads(blob)
        if stored:  # as if put() had been called here
            self.cache.used.add(self._keys[index])
            self.cache.blobs[self._keys[index]] = blob
            self.cache.stores += 1
        return entry, lines, text, notes

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._results = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
