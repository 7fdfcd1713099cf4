"""Writing generated trees: only files whose bytes changed are touched.

Unchanged files keep their modification time, so `mkdocs serve` reloads only what an
edit affected; files no longer generated are removed. Paths are checked to stay inside
their folder, whatever an id in the data says.

A generated file may also be an `Unchanged` marker instead of its bytes: the file is already
in its folder exactly as a previous build wrote it (generator/incremental.py's manifest says
so, by content key and by size, modification and change time), so it is neither made nor
read nor written again. Whatever needs a marker's bytes (staging a full build, a file edited
by hand in the meantime) gets them through `content()`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
from pathlib import Path, PurePosixPath

from .model import ReportsiteError

# What identifies the bytes of a file we wrote: size, modification time, change time (which no
# tool can set back: a copy or `touch -r` of other bytes changes it) and inode.
Stat = tuple[int, int, int, int]


def safe_relpath(rel: str, what: str = "path") -> str:
    """A relative POSIX path that cannot leave its folder."""
    if rel and "\\" not in rel and rel[0] != "/" and all(part not in ("", ".", "..") for part in rel.split("/")):
        return rel  # plain already (the common case, without building a path object)
    path = PurePosixPath(rel)
    if path.is_absolute() or any(part in ("..", "") for part in path.parts) or "\\" in rel:
        raise ReportsiteError(what, f"refusing a path outside its folder (expected a plain relative path, got {rel!r})")
    return str(path)


def stat_of(result: os.stat_result) -> Stat:
    return (result.st_size, result.st_mtime_ns, result.st_ctime_ns, result.st_ino)


def file_stat(path: Path | str) -> Stat | None:
    try:
        return stat_of(os.stat(path))
    except (FileNotFoundError, NotADirectoryError):
        return None


def _changed_meanwhile(path: str) -> ReportsiteError:
    return ReportsiteError(path, "changed while the site was being generated "
                                 "(expected the file as the previous build wrote it): run again")


class _OnDisk:
    """A generated file given by the file at `file` as a previous build left it (its `stat` then)."""

    __slots__ = ("file", "stat")

    @property
    def path(self) -> Path:
        return Path(self.file)

    def intact(self) -> bool:
        return file_stat(self.file) == self.stat


class Unchanged(_OnDisk):
    """A generated file already on disk at `file` as a previous build wrote it (its `stat` then).

    `loader`, when given, makes the same bytes another way (from a cache, or again), for when the
    file on disk was changed by someone else after this marker was made."""

    __slots__ = ("key", "loader")

    def __init__(self, file: Path | str, stat: Stat, key: str | None = None, loader=None):
        self.file, self.stat, self.key, self.loader = os.fspath(file), stat, key, loader

    def read(self) -> bytes:
        """The file's bytes, made sure to be the ones written (else made again by the loader)."""
        data = self.read_intact()
        return data if data is not None else self.remake()

    def read_intact(self) -> bytes | None:
        """The file's bytes if it is as written, else None."""
        try:
            if file_stat(self.file) == self.stat:
                with open(self.file, "rb") as handle:
                    data = handle.read()
                if file_stat(self.file) == self.stat and len(data) == self.stat[0]:
                    return data
        except OSError:
            pass
        return None

    def remake(self) -> bytes:
        data = self.loader() if self.loader else None
        if data is None:
            raise _changed_meanwhile(self.file)
        return data.encode("utf-8") if isinstance(data, str) else data

    def __repr__(self) -> str:
        return f"Unchanged({self.file!r})"


class Staged(_OnDisk):
    """A generated file already written this build, at `file` in the staging folder (with `stat`
    then): a full build writes pages and downloads there as they are made instead of holding the
    whole site in memory. Where it belongs elsewhere (docs/), its bytes are compared and written
    like any other content; `differs_from`: the stat of the file there when it was known to hold
    other bytes (a spliced file's new pieces differ from it), so they need not be compared."""

    __slots__ = ("differs_from",)

    def __init__(self, file: Path | str, stat: Stat, differs_from: Stat | None = None):
        self.file, self.stat, self.differs_from = os.fspath(file), stat, differs_from

    def read(self) -> bytes:
        with open(self.file, "rb") as handle:
            data = handle.read()
        if file_stat(self.file) != self.stat:
            raise _changed_meanwhile(self.file)
        return data

    def __repr__(self) -> str:
        return f"Staged({self.file!r})"


def in_folder(path: str, make, *args):
    """make(*args), which makes the file at `path`; made again once `path`'s folder is made, if that was
    missing (the first file of its folder: asking first would cost a look for every file)."""
    try:
        return make(*args)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return make(*args)


def write_atomic(path: str, blob: bytes, undo: Undo | None = None) -> None:
    """`blob` at `path` through a temporary file named for this process: a killed build leaves no half
    file, and processes writing the same file at once leave one whole file. The file it replaces goes
    to `undo` (kept to be put back if the build fails)."""
    tmp = f"{path}.{os.getpid()}.tmp"
    with in_folder(tmp, open, tmp, "wb") as handle:
        handle.write(blob)
    if undo is not None:
        undo.keep(path)
    os.replace(tmp, path)


def stage_spliced(folder: Path | str, rel: str, spliced: Spliced) -> Spliced | Staged:
    """A spliced file written into the staging folder now (its ranges copied in the kernel while the
    pages render, rather than after them), unless the previous file holds these bytes already or
    changed meanwhile: then the marker is left for write_tree."""
    before = file_stat(spliced.file)
    if before != spliced.stat or spliced.same_as_file():
        return spliced
    path = os.path.join(os.fspath(folder), safe_relpath(rel))
    if not spliced.write_to(path):
        return spliced
    # Every range where it was and the file as it was: the new pieces, which differ, make other bytes.
    differs = before if spliced.in_place and spliced.size == before[0] else None
    return Staged(path, stat_of(os.stat(path)), differs)


def stage(folder: Path | str, rel: str, data: bytes | str) -> Staged:
    """Write a generated file into the staging folder now; the marker stands for it from then on."""
    path = os.path.join(os.fspath(folder), safe_relpath(rel))
    # straight in, no temporary file: the staging folder is the build's own until it succeeds
    with in_folder(path, open, path, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Staged(path, stat_of(os.stat(path)))


class Spliced(_OnDisk):
    """A generated file made of new bytes and of byte ranges of the file at `file` as it was (`stat`):
    a big file of which one part changed (all.csv after one report changed) is written by copying the
    rest from the previous file inside the kernel, without reading it. `pieces` are bytes, or
    (offset in the previous file, length); `loader` makes the whole file another way when the previous
    file changed in the meantime."""

    __slots__ = ("pieces", "loader", "size", "in_place")

    def __init__(self, file: Path | str, stat: Stat, pieces: list, loader):
        merged, offset, in_place = [], 0, True
        for piece in pieces:
            if isinstance(piece, tuple):
                start, length = piece
                in_place = in_place and start == offset
                last = merged[-1] if merged else None
                if isinstance(last, tuple) and last[0] + last[1] == start:
                    merged[-1] = (last[0], last[1] + length)
                else:
                    merged.append(piece)
                offset += length
            elif piece:
                merged.append(piece)
                offset += len(piece)
        self.file, self.stat, self.pieces, self.loader = os.fspath(file), stat, merged, loader
        self.size, self.in_place = offset, in_place  # in_place: every range stays where it was

    def read(self) -> bytes:
        if self.intact():
            with open(self.file, "rb") as handle:
                previous = handle.read()
            if self.intact():
                return b"".join(previous[p[0]:p[0] + p[1]] if isinstance(p, tuple) else p for p in self.pieces)
        return self.remake()

    def remake(self) -> bytes:
        data = self.loader() if self.loader else None
        if data is None:
            raise _changed_meanwhile(self.file)
        return data

    def same_as_file(self) -> bool:
        """Whether the file already holds these bytes, looking only at the new pieces (the ranges are
        the file's own, where they were)."""
        if not self.in_place or file_stat(self.file) != self.stat or self.stat[0] != self.size:
            return False
        offset = 0
        with open(self.file, "rb") as handle:
            for piece in self.pieces:
                if isinstance(piece, tuple):
                    offset += piece[1]
                    continue
                if os.pread(handle.fileno(), len(piece), offset) != piece:
                    return False
                offset += len(piece)
        return file_stat(self.file) == self.stat

    def write_to(self, path: str, undo: Undo | None = None) -> bool:
        """Write the file to `path` (through a temporary file; the file it replaces into `undo`); False,
        writing nothing, when the previous file changed before or while its ranges were copied."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        try:
            with open(self.file, "rb") as source, open(tmp, "wb", buffering=0) as out:
                if stat_of(os.fstat(source.fileno())) != self.stat:
                    raise _Changed
                for piece in self.pieces:
                    if isinstance(piece, tuple):
                        _copy_range(source.fileno(), out.fileno(), *piece)
                    else:
                        out.write(piece)
            if file_stat(self.file) != self.stat:
                raise _Changed
        except (_Changed, FileNotFoundError):
            if os.path.exists(tmp):
                os.unlink(tmp)
            return False
        _replace_with(tmp, path, undo)
        return True

    def __repr__(self) -> str:
        return f"Spliced({self.file!r}, {len(self.pieces)} pieces)"


class _Changed(Exception):
    pass


def _copy_range(source: int, target: int, offset: int, length: int) -> None:
    """Append `length` bytes of `source` from `offset` to `target`, in the kernel where it can."""
    end = offset + length
    while offset < end:
        try:
            copied = os.copy_file_range(source, target, min(end - offset, 1 << 30), offset)
        except OSError:  # not between these file systems: through memory, a megabyte at a time
            copied = os.write(target, os.pread(source, min(end - offset, 1 << 20), offset))
        if copied <= 0:
            raise _Changed  # the file is shorter than it was
        offset += copied


def content(value: bytes | str | Unchanged | Spliced | Staged) -> bytes:
    """The bytes of a generated file, whatever form it takes in a generated tree."""
    if isinstance(value, _OnDisk):
        return value.read()
    return value.encode("utf-8") if isinstance(value, str) else value


def _scan(target: str) -> tuple[dict[str, Stat], list[str]]:
    """Every file under `target` with its stat, and every folder (deepest first), in one walk."""
    found: dict[str, Stat] = {}
    folders: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(rel)
                    walk(entry.path, rel + "/")
                else:
                    found[rel] = stat_of(entry.stat(follow_symlinks=False))
            except FileNotFoundError:
                pass

    walk(target, "")
    folders.sort(reverse=True)
    return found, folders


def _replace(path: str, data: bytes, undo: Undo | None = None) -> Stat:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(data)
    _replace_with(tmp, path, undo)
    return stat_of(os.stat(path))


def _replace_with(new: str, path: str, undo: Undo | None) -> None:
    """os.replace(new, path), the file it replaces (if any) kept in `undo`, to be put back if the build fails."""
    if undo is not None:
        undo.keep(path)
    os.replace(new, path)


def write_tree(target: Path, files: dict[str, bytes | str | Unchanged | Spliced | Staged], keep: tuple[str, ...] = (),
               stats: dict[str, Stat] | None = None, move_staged: bool = False,
               undo: Undo | None = None, written: list[str] | None = None) -> list[str]:
    """Make `target` hold exactly `files` (plus paths starting with `keep`); return the paths written.

    A file is written only when its bytes differ from what is there: an `Unchanged` marker for
    this very file is skipped while the file is intact, without reading it; a `Spliced` file is
    compared by its new pieces only; other bytes are compared (by size first). With `stats`, fills
    in the stat every generated file has afterwards. With `move_staged`, a `Staged` file that must
    be written is moved into place rather than copied (the staging folder is thrown away after), and
    its marker in `files` then names the file in `target`. With `undo`, files replaced or removed are
    kept there, to be put back if the build fails (Undo). With `written` (a list), the paths are added to it as they
    are written: if writing fails half way, it says what was written (Undo.undo)."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    root = os.fspath(target)
    present, folders = _scan(root)
    written = [] if written is None else written
    for rel in sorted(files):
        value = files[rel]
        path = os.path.join(root, safe_relpath(rel))
        now = present.get(rel)
        if isinstance(value, Unchanged):
            if now is not None and now == value.stat and value.file == path:
                if stats is not None:
                    stats[rel] = now
                continue
            data = _copy_of(value, path, undo) if value.file != path else value.remake()
            if data is None:  # copied from where the marker's file is, unchanged: done
                written.append(rel)
                if stats is not None:
                    stats[rel] = file_stat(path)
                continue
        elif isinstance(value, Staged):
            if value.file == path and now == value.stat:  # the staging folder itself: written already
                if stats is not None:
                    stats[rel] = now
                continue
            if now is not None and now[0] == value.stat[0] and now != value.differs_from \
                    and _same_bytes(path, value.read()):
                if stats is not None:  # the same bytes there already
                    stats[rel] = now
                continue
            replaced = undo if now is not None else None
            if move_staged:  # not there, or other bytes: moved, or copied in the kernel
                files[rel] = _move_staged(value, path, replaced)
            else:
                _copy_staged(value, path, replaced)
            written.append(rel)
            if stats is not None:
                stats[rel] = files[rel].stat if move_staged else file_stat(path)
            continue
        elif isinstance(value, Spliced):
            # The previous file itself, every range where it was: only the new pieces can differ.
            own = value.file == path and now == value.stat and value.in_place and value.size == now[0]
            if own and value.same_as_file():
                if stats is not None:
                    stats[rel] = now
                continue
            if (own or now is None or now[0] != value.size) and value.write_to(path, undo):
                written.append(rel)
                if stats is not None:
                    stats[rel] = file_stat(path)
                continue
            data = value.read()  # as long as the file there, to compare; or the previous file changed
        else:
            data = value.encode("utf-8") if isinstance(value, str) else value
        if now is not None and now[0] == len(data) and _same_bytes(path, data):
            if stats is not None:
                stats[rel] = now
            continue
        new = _replace(path, data, undo if now is not None else None)
        if stats is not None:
            stats[rel] = new
        written.append(rel)
    wanted = set(files)
    for rel in present:
        if rel not in wanted and not (keep and rel.startswith(keep)):
            discard(os.path.join(root, rel), undo)
    for rel in folders:
        if keep and rel.startswith(keep):
            continue
        try:
            os.rmdir(os.path.join(root, rel))  # only when empty
        except OSError:
            pass
    return written


def discard(path: str | os.PathLike, undo: Undo | None = None) -> None:
    """Remove the file at `path` (gone already is fine): into `undo`, to be put back if the build fails."""
    if undo is not None:
        undo.take(path)
        return
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def check_intact(values) -> None:
    """Raise when the file of an `Unchanged` marker among `values` is no longer as the marker says (what
    MkDocs read of it may be someone's edit)."""
    for value in values:
        if isinstance(value, Unchanged) and not value.intact():
            raise _changed_meanwhile(value.file)


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def _move_staged(marker: Staged, path: str, undo: Undo | None = None) -> Staged:
    """Move a staged file to `path` (a rename: no bytes copied), once sure it is still as staged."""
    if file_stat(marker.file) != marker.stat:
        raise _changed_meanwhile(marker.file)
    in_folder(path, _replace_with, marker.file, path, undo)
    return Staged(path, stat_of(os.stat(path)))  # (a rename changes the file's ctime)


def _copy_intact(marker: _OnDisk, path: str, undo: Undo | None = None) -> bool:
    """Copy a marker's file to `path` through a temporary file; False, copying nothing, when the file
    is not as the marker says, before or while it is copied."""
    if not marker.intact():
        return False
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    shutil.copyfile(marker.file, tmp)
    if not marker.intact():  # somebody wrote to it while it was being copied
        os.unlink(tmp)
        return False
    _replace_with(tmp, path, undo)
    return True


def _copy_staged(marker: Staged, path: str, undo: Undo | None = None) -> None:
    if not _copy_intact(marker, path, undo):
        raise _changed_meanwhile(marker.file)


def _copy_of(marker: Unchanged, path: str, undo: Undo | None = None) -> bytes | None:
    """Copy a marker's file to `path` (for staging a build); None when done, else the bytes to write
    (the marker's file changed since it was made, so the bytes come from its loader)."""
    return None if _copy_intact(marker, path, undo) else marker.remake()


# ---- putting docs/ back when a build fails ----------------------------------------------------------

class Undo:
    """The files a `write_tree` into `target` replaced or removed, kept in `folder` under names it
    remembers until the build either fails (`undo`: they go back, and the files written that replaced
    nothing go away) or succeeds (then the folder goes with the build's temporary folder)."""

    def __init__(self, folder: Path | str, target: Path | str):
        self.folder = os.fspath(folder)
        self.target = os.fspath(target)
        self.saved: dict[str, str] = {}  # path in target -> the name here of the file it had
        self._names = itertools.count()

    def keep(self, path: str) -> None:
        """Keep the file at `path` before it is replaced (a hard link, or a copy where there are none)."""
        self._put(os.link, path)

    def take(self, path: str) -> None:
        """Move the file at `path` here instead of unlinking it."""
        if self._put(os.rename, path) is None:
            discard(path)

    def _put(self, move, path: str) -> str | None:
        if path in self.saved:  # its file before this build is kept already
            return self.saved[path]
        if not os.path.lexists(path):
            return None
        os.makedirs(self.folder, exist_ok=True)
        name = os.path.join(self.folder, str(next(self._names)))
        try:
            move(path, name)
        except OSError:  # no hard links here: a copy
            if move is not os.link or not os.path.isfile(path):
                return None
            shutil.copy2(path, name)
        self.saved[path] = name
        return name

    def undo(self, written: list[str]) -> None:
        """Put `target` back as it was before the files `written` (paths in it) were written."""
        for rel in written:
            path = os.path.join(self.target, safe_relpath(rel))
            if path not in self.saved:
                discard(path)
        for path, name in self.saved.items():
            in_folder(path, os.replace, name, path)
        self.saved.clear()
