"""Indicator tables: tab-separated rows under a header that names each column's period and role.

Header cells read like `2023 年实际完成情况`, `2024 年计划完成总量`, `2024 年计划增速(%)`,
`2024 年上半年完成总量`, `完成率 (%)`, `增速在全市站位`. Rank columns (站位, 排名, 位次) go
into Figure.rank of the figure they rank; `/` cells are empty; a note saying 预计 makes the
row's current-period results estimates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .context import LineContext
from .model import Figure
from .numbers import unit_class_of
from .stream import is_table_row

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMBER_CELL = re.compile(r"^-?\d+(?:\.\d+)?$")
_EMPTY_CELL = re.compile(r"^(?:[/／\-—–]*|暂[无未].*|无|空)$")


@dataclass
class _Column:
    role: str  # seq | name | unit | note | rank | value
    measure: str = "level"
    kind: str = "actual"
    fig_role: str = "result"
    period: str = ""
    ranks: str = ""  # for rank columns: "level", "growth" or "completion"
    header: str = ""  # the header cell as printed, for the figures' basis


def _period_of(header: str, doc_period: str) -> str:
    year = re.search(r"(\d{4})\s*年", header)
    y = year.group(1) if year else doc_period[:4]
    if re.search(r"上半年|1-6月|1—6月", header):
        return f"{y}H1"
    if "下半年" in header:
        return f"{y}H2"
    return y if year else doc_period


def classify_header(header: str, doc_period: str) -> _Column:
    h = re.sub(r"\s+", "", header)
    if re.search(r"序号|编号", h) or h == "":
        return _Column("seq")
    if re.search(r"备注|说明", h):
        return _Column("note")
    if re.search(r"单位", h):
        return _Column("unit")
    if re.search(r"指标|名称|项目", h) and not re.search(r"\d{4}", h):
        return _Column("name")
    if re.search(r"站位|排名|位次|排位", h):
        ranks = "growth" if "增速" in h or "增长" in h else "completion" if "完成率" in h else "level"
        return _Column("rank", ranks=ranks)
    if "完成率" in h or "完成进度" in h or re.search(r"[占为]预算|预算完成", h):
        return _Column("value", measure="completion_pct", fig_role="completion", period=doc_period)
    period = _period_of(h, doc_period)
    if "全年" in h and re.fullmatch(r"\d{4}(?:H[12]|Q[1-4])", period):
        period = period[:4]
    growth = bool(re.search(r"增速|增长|增幅", h))
    measure = "growth_pct" if growth else "level"
    if "预计" in h:
        return _Column("value", measure, "estimate", "estimate", period)
    budget = re.search(r"预算数?$|年初预算|调整预算", h) and not re.search(r"执行|完成|决算", h)
    if "计划" in h or "目标" in h or budget:
        return _Column("value", measure, "target", "target" if growth else "plan_total", period)
    return _Column("value", measure, "actual", "result", period)


_HEADER_WORD = re.compile(r"指标|单位|序号|完成|计划|目标|增速|增长|名称|\d{4}\s*年")


def _is_header(cells: list[str]) -> bool:
    numeric = sum(1 for c in cells if _NUMBER_CELL.match(c.strip()))
    return numeric <= 1 and any(_HEADER_WORD.search(c) for c in cells)


_MULTIPLIED_UNIT = re.compile(r"(万亿|亿|万|千)?(.+)")
_CELL_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)\s*(%|个百分点|百分点)?")
_CELL_DECLINE = re.compile(r"下降|减少|回落")
_CELL_GROWTH = re.compile(r"增长|增速|增幅")
_TABLE_UNIT = re.compile(r"单位\s*[:：]\s*([^\s，,、；;）)]+)")


def _rank(cell: str) -> tuple[int | None, str | None]:
    """A rank cell: "2", or "完成率全市第二" (which ranks the completion figure)."""
    cell = cell.strip()
    if re.fullmatch(r"\d{1,3}", cell):
        return int(cell), None
    match = re.search(r"第\s*(\d+|[一二三四五六七八九十]+)", cell)
    if not match:
        return None, None
    raw = match.group(1)
    value = int(raw) if raw.isdigit() else _cn_number(raw)
    target = "completion" if "完成率" in cell else "growth" if "增速" in cell else None
    return value, target


def _cn_number(raw: str) -> int:
    if raw == "十":
        return 10
    if raw.startswith("十"):
        return 10 + _CN_DIGITS[raw[1]]
    if len(raw) == 2 and raw[1] == "十":
        return _CN_DIGITS[raw[0]] * 10
    if len(raw) == 3 and raw[1] == "十":
        return _CN_DIGITS[raw[0]] * 10 + _CN_DIGITS[raw[2]]
    return _CN_DIGITS.get(raw, 0)


@functools.lru_cache(maxsize=1024)  # a table's unit cells repeat (亿元, %, 万人 ...)
def _unit_of(cell: str) -> tuple[str, str]:
    cell = cell.strip()
    if cell in ("%", "％"):
        return "%", "pct_level"
    match = _MULTIPLIED_UNIT.fullmatch(cell)
    mult, base = (match.group(1) or "", match.group(2)) if match else ("", cell)
    unit_class, _, _ = unit_class_of(mult, base)
    return cell, unit_class


def _cell_figure(cell: str, column: _Column) -> tuple[float, str, str] | None:
    """(value, measure, unit kind) of a value cell: a bare number or a short phrase (增长 1%)."""
    text = cell.strip()
    if _EMPTY_CELL.match(text):
        return None
    if _NUMBER_CELL.match(text):
        return float(text), column.measure, "column"
    match = _CELL_NUMBER.search(text)
    if not match:
        return None
    value = float(match.group(1))
    if match.group(2) and "百分点" in match.group(2):
        return value, "level", "points"
    if _CELL_DECLINE.search(text):
        return -abs(value), "growth_pct", "percent"
    if _CELL_GROWTH.search(text):
        return value, "growth_pct", "percent"
    return value, column.measure, "column"


# A header a PDF printed on several lines, its spanning cells apart: `2025年执行数` over 金额/占预算%/增长%,
# `2024年 2025年` over `决算数 预算数`, and `项目` for the names.
_STACK_GROUP = re.compile(r"\d{4}年[\u4e00-\u9fff]{1,6}数")
_STACK_YEARS = re.compile(r"(?:\d{4}年)+")
_STACK_ROLES = re.compile(r"(?:[\u4e00-\u9fff]{1,5}?数)+")
_STACK_NAME = re.compile(r"项目|指标|名称|科目")
_ROW_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[.．、](?!\d)|"
                          r"[（(][一二三四五六七八九十\d]+[）)])\s*")


def _stacked_header(lines: list[str], idx: int, cells: list[str]) -> tuple[list[str], int]:
    """The header row completed with the cells printed on the lines above it, and where the header
    starts. The data rows say how many columns there are: a name and as many values as they hold."""
    width = max((len(row.split("\t")) for row in lines[idx + 1:idx + 4] if is_table_row(row)), default=0)
    missing = width - len(cells) - 1
    if missing < 1:
        return cells, idx
    years: list[str] = []
    roles: list[str] = []
    group, start = "", idx
    for j in range(idx - 1, max(-1, idx - 7), -1):
        compact = re.sub(r"\s+", "", lines[j])
        if _STACK_GROUP.fullmatch(compact) and not group:
            group = compact
        elif _STACK_YEARS.fullmatch(compact) and not years:
            years = re.findall(r"\d{4}年", compact)
        elif _STACK_ROLES.fullmatch(compact) and not roles:
            roles = re.findall(r"[\u4e00-\u9fff]{1,5}?数", compact)
        elif not _STACK_NAME.fullmatch(compact):
            break
        start = j
    if len(years) == missing and len(roles) in (0, missing):
        leading = [year + (roles[i] if roles else "") for i, year in enumerate(years)]
    elif len(roles) == missing and len(years) == 1:
        leading = [years[0] + role for role in roles]
    else:
        return cells, idx
    return ["项目", *leading, *(group + cell for cell in cells)], start


def _row_name(lines: list[str], idx: int) -> str:
    """The name of a row of numbers only, which a PDF wrote on the line after it (or before it)."""
    for j in (idx + 1, idx - 1):
        line = lines[j].strip() if 0 <= j < len(lines) else ""
        if line and not is_table_row(line) and len(line) <= 30 and not re.search(r"[。；，：:]|\d{4}年", line) \
                and not _NUMBER_CELL.match(line):
            return line
    return ""


def table_figures(lines: list[str], contexts: list[LineContext], *, year: int, period: str, kind: str,
                  line_numbers: list[int] | None = None) -> list[Figure]:
    figures: list[Figure] = []
    columns: list[_Column] | None = None
    table_unit, unit_line = "", -10  # 单位：亿元 written just above a table that has no unit column
    for idx, line in enumerate(lines):
        if not is_table_row(line):
            found = _TABLE_UNIT.search(line) if "单位" in line else None
            if found:
                table_unit, unit_line = found.group(1), idx
            continue
        cells = line.split("\t")
        if _is_header(cells):
            cells, start = _stacked_header(lines, idx, cells)
            found = next((m for m in map(_TABLE_UNIT.search, cells) if m), None)
            if found:
                table_unit = found.group(1)
            elif start - unit_line > 3 and not is_table_row(lines[idx - 1] if idx else ""):
                table_unit = ""
            columns = [classify_header(c, period) for c in cells]
            for column, cell in zip(columns, cells, strict=True):
                column.header = f"line {line_numbers[idx] if line_numbers else idx + 1}: column " \
                    + "".join(cell.split())[:20]
            if not any(c.role == "name" for c in columns):
                # No 指标 header: the first column that is not a number, a unit or a note names the row.
                first = next((i for i, c in enumerate(columns) if c.role in ("value", "seq")
                              and not re.search(r"序号|编号|\d{4}", cells[i])), None)
                if first is not None:
                    columns[first] = _Column("name")
            continue
        if columns is None:
            continue
        numbers_only = all(_NUMBER_CELL.match(c.strip()) for c in cells)
        if columns[0].role == "name" and len(cells) < len(columns) and numbers_only:
            cells = [_row_name(lines, idx), *cells]
        figures.extend(_row_figures(cells, columns, line_numbers[idx] if line_numbers else idx + 1, contexts[idx],
                                    period, table_unit))
    return figures


def _row_figures(cells: list[str], columns: list[_Column], line: int, ctx: LineContext, doc_period: str,
                 table_unit: str = "") -> list[Figure]:
    name, note = "", ""
    unit, unit_class = _unit_of(table_unit) if table_unit else ("", "other")
    for cell, column in zip(cells, columns, strict=False):
        if column.role == "name":
            name = _ROW_ORDINAL.sub("", cell.strip())
        elif column.role == "unit":
            unit, unit_class = _unit_of(cell)
        elif column.role == "note":
            note = cell.strip()
    if not name:
        return []
    estimate_note = "预计" in note
    out: list[Figure] = []
    by_slot: dict[tuple[str, str], Figure] = {}
    ranks: list[tuple[_Column, str]] = []
    for cell, column in zip(cells, columns, strict=False):
        if column.role == "rank":
            ranks.append((column, cell))
            continue
        if column.role != "value":
            continue
        parsed = _cell_figure(cell, column)
        if parsed is None:
            continue
        value, measure, unit_kind = parsed
        kind, role = column.kind, column.fig_role
        if unit_kind == "points":
            fig_unit, fig_class = "个百分点", "other"
        elif measure == "growth_pct":
            fig_unit, fig_class = "%", "pct_growth"
            if column.measure != "growth_pct" and role == "plan_total":
                role = "target"
        elif measure == "completion_pct":
            fig_unit, fig_class = "%", "pct_completion"
        elif unit in ("%", "％"):
            fig_unit, fig_class = "%", "pct_level"
        else:
            fig_unit, fig_class = unit, unit_class
        basis = column.header
        if estimate_note and role == "result" and column.period == doc_period:
            kind, role = "estimate", "estimate"
            basis += f"; note {note[:12]}"
        elif ctx.estimate and role == "result":
            kind, role = "estimate", "estimate"
            basis += f"; {ctx.estimate_basis}"
        figure = Figure(
            name_zh=name, kind=kind, role=role, measure=measure if unit_kind != "points" else "level",
            value=value, unit=fig_unit, unit_class=fig_class, qualifier=None, period=column.period,
            line=line, quote=cell.strip(), section=ctx.section, note=note or None, basis=basis,
        )
        out.append(figure)
        slot = "completion" if role == "completion" else "growth" if measure == "growth_pct" else "level"
        by_slot.setdefault((slot, column.period), figure)
    for column, cell in ranks:
        rank, ranks_what = _rank(cell)
        if rank is None:
            continue
        slot = ranks_what or column.ranks
        for (fig_slot, fig_period), figure in by_slot.items():
            if fig_slot == slot and fig_period == doc_period:
                figure.rank = rank
                break
    return out
