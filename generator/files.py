"""Writing generated trees: only files whose bytes changed are touched.

Unchanged files keep their modification time, so `mkdocs serve` reloads only what an
edit affected; files no longer generated are removed. Paths are checked to stay inside
their folder, whatever an id in the data says.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .model import ReportsiteError


def safe_relpath(rel: str, what: str = "path") -> str:
    """A relative POSIX path that cannot leave its folder."""
    path = PurePosixPath(rel)
    if path.is_absolute() or any(part in ("..", "") for part in path.parts) or "\\" in rel:
        raise ReportsiteError(what, f"refusing a path outside its folder (expected a plain relative path, got {rel!r})")
    return str(path)


def write_tree(target: Path, files: dict[str, bytes | str], keep: tuple[str, ...] = ()) -> list[str]:
    """Make `target` hold exactly `files` (plus paths starting with `keep`); return the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for rel in sorted(files):
        data = files[rel]
        if isinstance(data, str):
            data = data.encode("utf-8")
        path = target / safe_relpath(rel)
        try:
            if path.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        written.append(rel)
    wanted = set(files)
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target).as_posix()
        if rel.startswith(keep) and keep:
            continue
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written
