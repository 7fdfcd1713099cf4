"""The records that flow between pipeline stages.

Every stage speaks in these types, so a stage can be swapped or tested on its own:
read -> SourceText, clean -> CleanText, extract -> list[Figure], data -> Report.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

# Closed vocabularies. The YAML schema and the extract contract both use these.
KINDS = ("target", "actual", "estimate")
# Finer role of a figure, as the reference labels use it.
ROLES = ("target", "plan_total", "result", "estimate", "completion")
MEASURES = ("level", "growth_pct", "completion_pct", "share_pct")
QUALIFIERS = ("about", "at_least", "at_most")
# Unit classes, as the reference labels name them; `unit` keeps the unit as printed.
UNIT_CLASSES = (
    "pct_growth", "pct_completion", "pct_share", "pct_level",
    "yi_yuan", "wan_yuan", "yuan", "wan_usd", "yi_usd", "wan_yi_yuan",
    "wan_people", "people", "count", "mu", "wan_mu", "sqm", "wan_sqm",
    "km", "ton", "wan_ton", "other",
)


class ReportsiteError(Exception):
    """An error a user can act on: printed as one line, never as a traceback."""

    def __init__(self, where: str, what: str, hint: str = "", line: int = 0):
        self.where = where  # the file (or other place) at fault
        self.what = what
        self.hint = hint
        self.line_no = line  # 1-based line in `where`, 0 when not known
        super().__init__(self.line())

    def __reduce__(self):
        # Raised in a worker process (extraction, rendering), it crosses back to the build by pickle.
        return (_rebuilt_error, (type(self), self.where, self.what, self.hint, self.line_no, dict(self.__dict__)))

    def line(self) -> str:
        place = f"{self.where}:{self.line_no}" if self.line_no else self.where
        text = f"{place}: {self.what}" if place else self.what
        return f"{text} ({self.hint})" if self.hint else text


def _rebuilt_error(kind, where, what, hint, line, state):
    error = ReportsiteError.__new__(kind)
    ReportsiteError.__init__(error, where, what, hint, line)
    error.__dict__.update(state)  # what subclasses and callers added (problems, step)
    return error


@dataclass
class SourceText:
    """A report file decoded; `lines[i]` is raw line i+1, without its line ending."""

    path: str  # as given, relative to the project root when possible: the original file (.txt, .pdf ...)
    encoding: str  # of a text file; "pdf", "docx", "<encoding>, html" for the other formats
    lines: list[str]
    pages: list[int] | None = None  # a PDF's: the 1-based page each line starts on


@dataclass
class Correction:
    line: int  # 1-based raw line
    before: str
    after: str
    rule: str  # doubled_run | cjk_spacing | fullwidth | place_name | joined_line | ...


@dataclass
class CleanText:
    """Cleaned text, one entry per raw line, so line numbers stay those of the raw file."""

    path: str
    lines: list[str]
    corrections: list[Correction] = field(default_factory=list)


@dataclass
class Figure:
    name_zh: str  # the indicator as written, cleaned
    kind: str  # one of KINDS
    role: str  # one of ROLES
    measure: str  # one of MEASURES
    value: float
    unit: str  # as printed for levels (亿元, 万美元, 个 ...); "%" for percentages
    unit_class: str  # one of UNIT_CLASSES
    qualifier: str | None  # one of QUALIFIERS or None
    period: str  # "2023", "2024H1", "2022-2026"
    line: int  # 1-based line in the raw file
    quote: str  # cleaned source text of the figure
    indicator: str | None = None  # catalog id, or None when the name is not in the catalog
    section: str | None = None  # nearest heading above the figure, cleaned
    rank: int | None = None  # rank among peers, where the report gives one
    note: str | None = None  # anything the source says about the figure (为预计数 ...)
    basis: str | None = None  # why it has its kind and period: the cue and its line, or the section's frame

    def to_dict(self) -> dict:
        # asdict() deep-copies field by field, slow for the thousands of figures of a build; a figure's
        # fields are scalars, which need no copy (anything else still goes through asdict).
        data = self.__dict__.copy()  # the fields, in their order (set by __init__)
        if data.keys() == _FIGURE_FIELDS and _SCALARS.issuperset(map(type, data.values())):
            return data
        return asdict(self)


_FIGURE_FIELDS = frozenset(f.name for f in fields(Figure))
_SCALARS = frozenset((str, int, float, bool, type(None)))


@dataclass
class ReportMeta:
    id: str  # lowercase ASCII, stable: the URL segment
    source: str  # seeds/<file>.txt
    title_zh: str
    title_en: str
    region: str  # region id
    year: int  # the year the report is about (targets year for a work report)
    period: str  # "2023", "2024H1"
    kind: str  # work_report | plan_execution | ...
    date: str | None = None  # ISO date, when known
    issuer_zh: str | None = None
    issuer_en: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)
