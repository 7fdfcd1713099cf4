"""`mkdocs build` with the two languages built at the same time, in two processes.

mkdocs-static-i18n builds the default language (zh) and then, from its on_post_build, builds the
other one (en) into the same site folder: at a thousand reports MkDocs is the longest step of a
build, and it used one core of two. Here a forked child builds en into a folder of its own while
this process builds zh. Where the plugin would start the en build, this process instead takes the
child's result and makes the site the sequential build makes, byte for byte
(tests/test_mkdocs_parallel.py):

- the child's files are moved in over zh's (the en build wrote last: 404.html, theme files);
- sitemap.xml(.gz) lists zh's pages then en's, as the plugin's template does once it knows both;
- the child's search entries follow zh's in the one index the plugin writes at the end;
- the child makes its 404 page last, with the language switcher the zh build's last page left
  behind (the plugin keeps it on config.extra), which is what the sequential en build shows there.

This leans on the pinned plugin's internals, so the plain sequential build runs instead with
other versions, a configuration it was not written for, one core, or another thread running
(forking is only safe without). If the child fails (a warning in strict mode, an error), the en
build runs again here, as in the sequential build: errors and warnings are reported exactly as
that build reports them, in about the time that build takes.
"""

from __future__ import annotations

import gc
import gzip
import logging
import os
import pickle
import shutil
import signal
import struct
import sys
import tempfile
import time
from pathlib import Path, PurePath

PINNED = {"mkdocs": "1.6.1", "mkdocs-static-i18n": "1.3.1"}
SITEMAP = "sitemap.xml"
URLSET_END = b"\n</urlset>"
# Set REPORTSITE_MKDOCS_PARALLEL=0 to always build the languages one after the other.
SWITCH = "REPORTSITE_MKDOCS_PARALLEL"

# What the last build did: {"parallel": bool, "why": reason for the sequential build, child's figures}.
last: dict = {}


def build(config, parallel: bool | None = None) -> bool:
    """mkdocs.commands.build.build(config): both languages at once when possible (parallel None or
    True), or one after the other (False). Returns whether they were built at once."""
    from mkdocs.commands.build import build as build_sequentially

    plugin, other, why = _plan(config) if parallel is not False else (None, None, "not asked")
    last.clear()
    last.update(parallel=plugin is not None, why=why)
    if plugin is None:
        build_sequentially(config)
        return False
    _build_in_parallel(config, plugin, other)
    return True


def _plan(config):
    """(the i18n plugin, the language the child builds, "") when the parallel build applies, else
    (None, None, why not)."""
    from importlib import metadata

    from . import render

    if os.environ.get(SWITCH, "1") == "0":
        return None, None, f"{SWITCH}=0"
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < 2 or not hasattr(os, "fork") or not render._can_fork():
        return None, None, "one core, no fork, or other threads running"
    if "--dirty" in sys.argv or "--dirtyreload" in sys.argv:  # the plugin reads these from sys.argv
        return None, None, "dirty build"
    for name, version in PINNED.items():
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            found = None
        if found != version:
            return None, None, f"{name} {found} (written for {version})"
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs_static_i18n import plugin as i18n_module

    plugin = config.plugins.get("i18n")
    if not isinstance(plugin, i18n_module.I18n) or i18n_module.build is not mkdocs_build:
        return None, None, "no i18n plugin"
    if plugin.current_language is not None or plugin.building or plugin.search_entries:
        return None, None, "the i18n plugin has built before"
    languages, default = plugin.build_languages, plugin.default_language
    others = [locale for locale in languages if locale != default]
    if default not in languages or len(others) != 1:
        return None, None, f"languages {languages} (expected the default and one other)"
    if plugin.config.docs_structure != "suffix" or "with-pdf" in config.plugins:
        return None, None, "an i18n configuration this was not written for"
    # The sitemap is joined as the plugin's own template writes it (the plugin's condition for using it).
    if SITEMAP not in config.theme.static_templates or \
            Path(PurePath(config.theme.custom_dir or ".") / SITEMAP).exists():
        return None, None, "a sitemap template of the theme's own"
    return plugin, others[0], ""


def _build_in_parallel(config, plugin, other: str) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs_static_i18n import plugin as i18n_module

    site_dir = Path(config.site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    child_dir = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-{other}-", dir=site_dir.parent))
    initialize_jieba()  # once, before the fork, rather than once in each process
    for stream in (sys.stdout, sys.stderr):  # or the child could write out what they hold a second time
        if stream is not None and not stream.closed:
            stream.flush()
    to_child, from_child = os.pipe(), os.pipe()  # (read end, write end) each
    gc.freeze()  # the child's collections then leave the parent's objects (and their memory pages) alone
    try:
        pid = os.fork()
    except OSError:
        pid = None
    if pid == 0:  # the child: never returns
        os.close(to_child[1])
        os.close(from_child[0])
        _child(config, plugin, other, child_dir, to_child[0], from_child[1])
    gc.unfreeze()
    os.close(to_child[0])
    os.close(from_child[1])
    if pid is None:
        os.close(to_child[1])
        os.close(from_child[0])
        shutil.rmtree(child_dir, ignore_errors=True)
        last.update(parallel=False, why="fork failed")
        mkdocs_build(config)
        return
    child = _Child(pid, to_child[1], from_child[0])

    def build_other(cfg, dirty: bool = False):
        # What the plugin calls where the sequential build builds `other`.
        if cfg is not config or plugin.current_language != other or dirty:
            return mkdocs_build(cfg, dirty=dirty)
        child.send(_switcher_state(config))
        result = child.result()
        sitemap = result and _joined_sitemap(site_dir / SITEMAP, child_dir / SITEMAP)
        mtime = _gzip_mtime(child_dir / f"{SITEMAP}.gz") if sitemap else None
        if mtime is None:  # the child failed: build here, as the sequential build does
            last.update(built_here=True)
            return mkdocs_build(cfg, dirty=dirty)
        for name, level, message in result["log"]:
            logging.getLogger(name).log(level, message)
        _move_tree(child_dir, site_dir)
        _write_sitemap(site_dir, sitemap, mtime)
        plugin.search_entries.extend(result["entries"])
        last.update(child_seconds=result["seconds"], child_private_mb=result["private_mb"])

    i18n_module.build = build_other
    try:
        mkdocs_build(config)
    finally:
        i18n_module.build = mkdocs_build
        child.end()
        shutil.rmtree(child_dir, ignore_errors=True)


def _switcher_state(config) -> tuple[bool, object]:
    """The language switcher's links as the zh build left them: the plugin sets them for each page as
    an attribute of config.extra, and the en build's 404 page, made before any en page, shows the
    last zh page's. (Whether it is set, its value.)"""
    found = vars(config.extra)
    return "alternate" in found, found.get("alternate")


class _Child:
    """The forked en build, seen from the parent."""

    def __init__(self, pid: int, to_child: int, from_child: int):
        self.pid, self.to_child, self.from_child, self.done = pid, to_child, from_child, False

    def send(self, value) -> None:
        data = memoryview(pickle.dumps(value))
        fd, self.to_child = self.to_child, None
        try:
            while data:
                data = data[os.write(fd, data):]
        except BrokenPipeError:  # the child failed and is gone
            pass
        finally:
            os.close(fd)

    def result(self) -> dict | None:
        """What the child sent, None if it failed."""
        with os.fdopen(self.from_child, "rb") as pipe:
            self.from_child = None
            data = pipe.read()
        _pid, status = os.waitpid(self.pid, 0)
        self.done = True
        if not data or not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        return pickle.loads(data)

    def end(self) -> None:
        """Close the pipes, and stop the child if the zh build failed before its result was wanted."""
        for fd in (self.to_child, self.from_child):
            if fd is not None:
                os.close(fd)
        self.to_child = self.from_child = None
        if not self.done:
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.done = True


def _child(config, plugin, other: str, child_dir: Path, from_parent: int, to_parent: int):
    """Build `other` into child_dir, send the search entries and log records back, and exit."""
    from mkdocs.commands import build as mkdocs_commands

    code = 1
    try:
        started = time.perf_counter()
        # MkDocs' records go back to the parent, which logs them where the sequential build would;
        # printed here too, a failed child's warnings would show twice (the parent builds again).
        records = []
        logger = logging.getLogger("mkdocs")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.propagate = False
        logger.addHandler(_Keep(records))
        # The 404 page waits for the zh build's last language switcher (_switcher_state).
        deferred, build_theme_template = [], mkdocs_commands._build_theme_template
        mkdocs_commands._build_theme_template = lambda name, *args: (
            build_theme_template(name, *args) if name == SITEMAP else deferred.append((name, *args)))
        config["site_dir"] = str(child_dir)
        plugin.current_language = other
        plugin.building = True  # as within the plugin's own loop: its on_post_build only keeps the entries
        data = b""
        try:
            mkdocs_commands.build(config)
            with os.fdopen(from_parent, "rb") as pipe:
                has, value = pickle.loads(pipe.read())  # waits for the zh build to be done
            found = vars(config.extra)
            found.pop("alternate", None)
            if has:
                found["alternate"] = value
            for args in deferred:
                build_theme_template(*args)
        except Exception:
            pass
        else:
            # A warning while the deferred templates were made fails strict mode (MkDocs' counter is gone).
            if not (config.strict and any(level >= logging.WARNING for _name, level, _text in records)):
                data = pickle.dumps({"entries": plugin.search_entries, "log": records, "private_mb": _private_mb(),
                                     "seconds": time.perf_counter() - started}, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(to_parent, "wb") as pipe:
            pipe.write(data)
        code = 0 if data else 1
    finally:
        os._exit(code)


class _Keep(logging.Handler):
    def __init__(self, records: list):
        super().__init__(logging.NOTSET)
        self.records = records

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _private_mb() -> float | None:
    """This process's own memory (not shared with the parent), from /proc on Linux."""
    try:
        text = Path("/proc/self/smaps_rollup").read_text()
    except OSError:
        return None
    kb = sum(int(line.split()[1]) for line in text.splitlines() if line.startswith(("Private_Clean", "Private_Dirty")))
    return kb / 1024


def initialize_jieba() -> None:
    jieba = sys.modules.get("jieba")
    if jieba is not None:
        jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every build: only our output
        if not getattr(jieba.dt, "initialized", True):
            jieba.initialize()


def _joined_sitemap(first: Path, second: Path) -> bytes | None:
    """zh's sitemap (its pages) then en's pages: what the plugin's template writes in the en build,
    when it knows both languages' pages. None when either is missing or not of that template."""
    try:
        head, tail = first.read_bytes(), second.read_bytes()
    except OSError:
        return None
    start = tail.find(b"<urlset")
    opened = tail.find(b">", start) + 1 if start >= 0 else 0
    if not opened or head[:opened] != tail[:opened] or not head.endswith(URLSET_END) or \
            not tail.endswith(URLSET_END):
        return None
    return head[:-len(URLSET_END)] + tail[opened:]


def _gzip_mtime(path: Path) -> int | None:
    """The time in a gzip file's header (MkDocs sets it from the pages' dates)."""
    try:
        data = path.read_bytes()[:8]
    except OSError:
        return None
    return struct.unpack("<I", data[4:8])[0] if len(data) == 8 and data[:2] == b"\x1f\x8b" else None


def _write_sitemap(site_dir: Path, content: bytes, mtime: int) -> None:
    """sitemap.xml and sitemap.xml.gz, written as MkDocs writes them (mkdocs/commands/build.py)."""
    path = os.path.join(site_dir, SITEMAP)
    with open(path, "wb") as out:
        out.write(content)
    gz_filename = f"{path}.gz"
    with open(gz_filename, "wb") as out, \
            gzip.GzipFile(fileobj=out, filename=gz_filename, mode="wb", mtime=mtime) as gz_buf:
        gz_buf.write(content)


def _move_tree(source: Path, target: Path) -> None:
    """Every file of source moved into target, over target's file of the same path."""
    for folder, _dirs, names in os.walk(source):
        rel = os.path.relpath(folder, source)
        dest = target if rel == "." else target / rel
        dest.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(os.path.join(folder, name), dest / name)
