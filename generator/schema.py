"""Schemas of the files in data/, and a validator that reports every problem at once.

A problem reads `file:line: what is wrong (expected X, got Y)`, so a person editing a
YAML file by hand can go straight to the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import KINDS, MEASURES, QUALIFIERS, ROLES, UNIT_CLASSES
from .yamlio import line_of

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_HELP = "an id of lowercase ASCII letters, digits and single hyphens"
PERIOD_PATTERN = re.compile(r"^\d{4}(?:H[12]|Q[1-4]|-\d{4})?$")
PERIOD_HELP = "a period like 2023, 2024H1, 2024Q3 or 2022-2026"
CATEGORIES = ("economy", "industry", "investment", "fiscal", "trade", "consumption", "income", "social",
              "environment")
REPORT_KINDS = ("work_report", "plan_execution", "budget_report", "other")


@dataclass
class Problem:
    file: str
    line: int
    message: str
    severity: str = "error"  # error | warning
    code: str = ""  # a short name for a kind of problem ("unmapped"), for summaries

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class F:
    """One field of a record."""

    type: type | tuple
    required: bool = False
    nullable: bool = False
    choices: tuple | None = None
    pattern: re.Pattern | None = None
    items: type | None = None  # for lists: type of the items
    pattern_help: str = ""  # what the pattern means, for people: shown instead of the regular expression


@dataclass
class Schema:
    name: str
    fields: dict[str, F] = field(default_factory=dict)


def _type_name(value) -> str:
    if value is None:
        return "nothing"
    # bool before int (True is an int); list and dict cover the loader's line-keeping subclasses.
    for kind, name in ((bool, "true/false"), (str, "text"), (int, "a whole number"), (float, "a number"),
                       (list, "a list"), (dict, "a mapping")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _expected_name(kind) -> str:
    if kind == (int, float) or kind == (float, int):
        return "a number"
    return _type_name(kind()) if isinstance(kind, type) else "a value"


def check_record(record, schema: Schema, file: str, label: str) -> list[Problem]:
    """Check one mapping against a schema; `label` names the record in messages."""
    problems: list[Problem] = []
    if not isinstance(record, dict):
        return [Problem(file, line_of(record), f"{label}: not a {schema.name} (expected a mapping of fields, "
                                               f"got {_type_name(record)})")]
    for key in record:
        if key not in schema.fields:
            problems.append(Problem(file, line_of(record, key),
                                    f"{label}: unknown field (expected one of: "
                                    f"{', '.join(schema.fields)}, got {key!r})"))
    # Records built in memory (not loaded from a file) have no lines: skip the look-up per field.
    lined = getattr(record, "lines", None) is not None
    for name, spec in schema.fields.items():
        line = line_of(record, name) if lined else 0
        if name not in record:
            if spec.required:
                problems.append(Problem(file, line_of(record),
                                        f"{label}: missing required field '{name}' "
                                        f"(expected {name}: {_expected_value(spec)}, got no such field)"))
            continue
        value = record[name]
        if value is None:
            if not spec.nullable:
                problems.append(Problem(file, line, f"{label}: field '{name}' is empty "
                                                    f"(expected {_expected_value(spec)}, got nothing)"))
            continue
        if type(value) is str and spec.type is str:
            ok = True  # the common case, without the calls below
        elif isinstance(value, bool) and spec.type is not bool and bool not in _as_tuple(spec.type):
            ok = False
        else:
            ok = isinstance(value, spec.type)
        if not ok:
            problems.append(Problem(file, line, f"{label}: field '{name}' has the wrong type "
                                                f"(expected {_expected_name(spec.type)}, got "
                                                f"{_type_name(value)} {value!r})"))
            continue
        if spec.choices is not None and value not in spec.choices:
            problems.append(Problem(file, line, f"{label}: field '{name}' is not allowed "
                                                f"(expected one of {', '.join(map(str, spec.choices))}, "
                                                f"got {value!r})"))
        if spec.pattern is not None and not _matches(spec.pattern, value):
            problems.append(Problem(file, line, f"{label}: field '{name}' is malformed "
                                                f"(expected {spec.pattern_help or spec.pattern.pattern}, "
                                                f"got {value!r})"))
        if spec.items is not None:
            for index, item in enumerate(value):
                if not isinstance(item, spec.items):
                    problems.append(Problem(file, line_of(value, index, line),
                                            f"{label}: item {index + 1} of '{name}' has the wrong type "
                                            f"(expected {_expected_name(spec.items)}, got {_type_name(item)})"))
    return problems


# (pattern, text) -> whether it matches: every figure of a build checks its period and indicator id,
# which take a few hundred values in all.
_MATCHED: dict[tuple[re.Pattern, str], bool] = {}


def _matches(pattern: re.Pattern, value) -> bool:
    key = (pattern, value if type(value) is str else str(value))
    found = _MATCHED.get(key)
    if found is None:
        if len(_MATCHED) >= 20_000:
            _MATCHED.clear()
        found = _MATCHED[key] = pattern.match(key[1]) is not None
    return found


def _expected_value(spec: F) -> str:
    if spec.choices is not None:
        shown = ", ".join(map(str, spec.choices[:6])) + (", ..." if len(spec.choices) > 6 else "")
        return f"one of {shown}"
    if spec.pattern_help:
        return spec.pattern_help
    return _expected_name(spec.type)


def _as_tuple(kind) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)


NUMBER = (int, float)

REGION = Schema("region", {
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_help=ID_HELP),
    "name_zh": F(str, required=True),
    "name_en": F(str, required=True),
    "level": F(str, choices=("country", "province", "city", "district", "county", "town")),
    "parent": F(str, nullable=True, pattern=ID_PATTERN, pattern_help=ID_HELP),
    "aliases": F(list, items=str),
})

INDICATOR = Schema("indicator", {
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_help=ID_HELP),
    "name_zh": F(str, required=True),
    "name_en": F(str, required=True),
    "aliases": F(list, items=str),
    "aliases_en": F(list, items=str),  # what English readers search for: GDP, CPI
    "unit": F(str, nullable=True),
    "category": F(str, required=True, choices=CATEGORIES),
    "higher_is_better": F(bool, required=True),
    "stock_or_flow": F(str, nullable=True, choices=("stock", "flow")),  # a level at a time, or an amount over one
})

REPORT_META = Schema("report", {
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_help=ID_HELP),
    "source": F(str, required=True),
    "title_zh": F(str, required=True),
    "title_en": F(str, required=True),
    "region": F(str, required=True, pattern=ID_PATTERN, pattern_help=ID_HELP),
    "year": F(int, required=True),
    "period": F(str, required=True, pattern=PERIOD_PATTERN, pattern_help=PERIOD_HELP),
    "kind": F(str, required=True, choices=REPORT_KINDS),
    "date": F(str, nullable=True),
    "issuer_zh": F(str, nullable=True),
    "issuer_en": F(str, nullable=True),
    "page_starts": F(list, items=int),  # a PDF's: the line where each page starts (generator/pages.py)
})

FIGURE = Schema("figure", {
    "name_zh": F(str, required=True),
    "indicator": F(str, nullable=True, pattern=ID_PATTERN, pattern_help=ID_HELP),
    "kind": F(str, required=True, choices=KINDS),
    "role": F(str, required=True, choices=ROLES),
    "measure": F(str, required=True, choices=MEASURES),
    "value": F(NUMBER, required=True),
    "unit": F(str, required=True),
    "unit_class": F(str, required=True, choices=UNIT_CLASSES),
    "qualifier": F(str, nullable=True, choices=QUALIFIERS),
    "period": F(str, required=True, pattern=PERIOD_PATTERN, pattern_help=PERIOD_HELP),
    "basis": F(str, nullable=True),
    "line": F(int, required=True),
    "quote": F(str, required=True),
    "section": F(str, nullable=True),
    "rank": F(int, nullable=True),
    "note": F(str, nullable=True),
    "review": F(str, nullable=True),
})

CORRECTION = Schema("correction", {
    "line": F(int, required=True),
    "before": F(str, required=True),
    "after": F(str, required=True),
    "rule": F(str, required=True),
})

# Seeds metadata (seeds/reports.yaml): every field optional.
SEED_META = Schema("metadata", {name: F(spec.type, nullable=True, choices=spec.choices, pattern=spec.pattern,
                                          pattern_help=spec.pattern_help)
                                for name, spec in REPORT_META.fields.items() if name not in ("source", "page_starts")})

REVIEW_MATCH = Schema("match", {
    "line": F(int, required=True),
    "value": F(NUMBER),
    "name_zh": F(str),
    "measure": F(str, choices=MEASURES),
})

REDIRECT = Schema("redirect", {
    "from": F(str, required=True),
    "to": F(str, required=True),
})
