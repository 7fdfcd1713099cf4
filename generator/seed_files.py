"""Which files of seeds/ are reports: text, PDF, Word and saved web pages (read.REPORT_SUFFIXES).

A report's id comes from its file's stem, so two files of one stem (x.txt and x.pdf) are refused, as
are old Word files (.doc, .wps: saved as .docx or PDF they are read) and files of other kinds, each
with a line naming it. The metadata (reports.yaml), notes and hidden files are not reports.
"""

from __future__ import annotations

from .docx_text import CONVERT_HINT, OLD_WORD_FORMATS
from .model import ReportsiteError
from .read import REPORT_SUFFIXES

NOT_REPORTS = (".yaml", ".yml", ".md")  # seeds/reports.yaml and notes kept beside the reports


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def report_names(names, folder: str) -> list[str]:
    """The report files among the file names of seeds/ (`folder`, as errors name it), sorted."""
    found: dict[str, str] = {}  # stem -> file name
    for name in sorted(names):
        if name.startswith("."):
            continue  # an editor's lock file, a copy's ._x.txt
        suffix = _suffix(name)
        if suffix in OLD_WORD_FORMATS:
            raise ReportsiteError(f"{folder}/{name}", f"{suffix} (Word 97-2003 or WPS) files are not read",
                                  CONVERT_HINT)
        if suffix in NOT_REPORTS:
            continue
        if suffix not in REPORT_SUFFIXES:
            raise ReportsiteError(f"{folder}/{name}", f"not a report file type (expected one of "
                                                      f"{', '.join(REPORT_SUFFIXES)})")
        stem = name[:-len(suffix)]
        if stem in found:
            raise ReportsiteError(f"{folder}/{name}", f"same name as {folder}/{found[stem]} (a report's id "
                                                      "comes from its file name: keep one of the two)")
        found[stem] = name
    return sorted(found.values())
