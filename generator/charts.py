"""Altair chart specs for the pages, built once per chart and embedded as JSON.

The browser draws them with the Vega runtime the site ships itself (assets/vega.js, made
at build time from vl-convert's bundle), so no page asks a CDN for anything. Colours come
from the Okabe-Ito palette, which stays distinguishable for colour-blind readers.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
from pathlib import Path

from . import files


class _Altair:
    """Altair, imported on first use: it takes over half a second to import, and a build whose chart
    skeletons are all kept (keep_skeletons) never uses it."""

    def __getattr__(self, name: str):
        import altair

        globals()["alt"] = altair  # later uses go straight to the module
        return getattr(altair, name)


alt = _Altair()

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

ROLE_LABEL = {
    "zh": {"target": "目标", "result": "实际", "estimate": "预计", "plan_total": "计划总量", "completion": "完成率"},
    "en": {"target": "Target", "result": "Actual", "estimate": "Estimate", "plan_total": "Plan total",
           "completion": "Completion"},
}
TEXT = {
    "zh": {"growth": "增速（%）", "indicator": "指标", "series": "类别", "value": "数值", "period": "期间"},
    "en": {"growth": "Growth (%)", "indicator": "Indicator", "series": "Series", "value": "Value",
           "period": "Period"},
}


_SKELETONS: dict[tuple, str] = {}
_KEPT: list[Path] = []  # the folder skeletons are kept in between builds, if any (keep_skeletons)
_IN_FOLDER: set[tuple] = set()  # keys of the skeletons known to be in that folder
_COMPACT = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}


class SpecText(str):
    """A chart spec as the page embeds it: compact JSON, keys sorted, without `$schema`."""


_ALTAIR_EVERY_TIME = False  # tests set it, to compare refilled skeletons with Altair's own specs


def _placeholder(name: str, value):
    # A string stands in for a string (a title), a one-item list for a list: the same JSON types.
    return f"\x00{name}" if isinstance(value, str) else [f"\x00{name}"]


def _poured(key: tuple, build, as_text: bool = False, **values) -> dict | SpecText:
    """A chart spec built with Altair once per structure (`key`), then only refilled with each chart's values.

    Altair's object model costs tens of milliseconds a chart and a thousand-report site has thousands
    of charts; the values (data rows, sort orders, scale domains and ranges, titles) are placeholders
    in the cached JSON text, so each chart costs a string replace. `build` gets placeholders and must
    use them only as opaque values (anything that depends on their length or content goes in `key`).
    Pages take the text as it is (`as_text`); tests take the dict, to validate it against the Vega-Lite
    schema.
    """
    text = _SKELETONS.get(key)
    if text is None and not _ALTAIR_EVERY_TIME:
        text = _kept_skeleton(key)
    if text is None or _ALTAIR_EVERY_TIME:
        every_time = _ALTAIR_EVERY_TIME
        spec = build(**(values if every_time else {name: _placeholder(name, v) for name, v in values.items()}))
        spec.pop("$schema", None)  # a URL no reader needs; vega-embed sets the mode
        text = json.dumps(spec, **_COMPACT)
        if every_time:
            return SpecText(text) if as_text else json.loads(text)
    _SKELETONS[key] = text
    if _KEPT and key not in _IN_FOLDER:  # made here, or before the folder was chosen
        _keep_skeleton(key, text)
    for name, value in values.items():
        text = text.replace(_placeholder_json(name, isinstance(value, str)), _ENCODE(value))
    return SpecText(text) if as_text else json.loads(text)


def keep_skeletons(folder: Path | None) -> None:
    """Keep skeletons in `folder` (one file each) between builds, or stop keeping them (None). The folder
    must be named for the code and Altair's version: a skeleton is read back without a check."""
    if _KEPT != ([Path(folder)] if folder is not None else []):
        _KEPT[:] = [Path(folder)] if folder is not None else []
        _IN_FOLDER.clear()


def _skeleton_path(key: tuple) -> Path:
    return _KEPT[0] / f"{hashlib.blake2b(repr(key).encode('utf-8'), digest_size=16).hexdigest()}.json"


def _kept_skeleton(key: tuple) -> str | None:
    if not _KEPT:
        return None
    try:
        text = _skeleton_path(key).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    _IN_FOLDER.add(key)
    return text


def _keep_skeleton(key: tuple, text: str) -> None:
    if not _KEPT:
        return
    try:  # (render workers may make the same one at once)
        files.write_atomic(os.fspath(_skeleton_path(key)), text.encode("utf-8"))
        _IN_FOLDER.add(key)
    except OSError:
        pass  # not kept: made again next time, nothing else changes


_ENCODE = json.JSONEncoder(**_COMPACT).encode  # json.dumps with options makes an encoder every call


@functools.cache
def _placeholder_json(name: str, is_text: bool) -> str:
    return json.dumps(_placeholder(name, "" if is_text else []))


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # System fonts with CJK fallbacks the reader already has; no web font is fetched.
    font = "system-ui, -apple-system, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
    # fit-x: fill the page's width; heights come from the data (bars per row), so only x is fitted.
    autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    return (chart.configure(font=font, autosize=autosize)
            .configure_axis(labelFontSize=12, titleFontSize=12)
            .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom"))


def growth_chart(rows: list[dict], lang: str, as_text: bool = False) -> dict | SpecText | None:
    """Grouped bars: growth by indicator, one bar per role (target, actual, estimate).

    rows: {"indicator": name in the page's language, "role": role id, "value": number}
    """
    if not rows:
        return None
    labels = ROLE_LABEL[lang]
    text = TEXT[lang]
    data = [{"indicator": r["indicator"], "series": labels.get(r["role"], r["role"]), "value": r["value"]}
            for r in rows]
    order = [labels[r] for r in ("target", "estimate", "result") if any(d["role"] == r for d in rows)]

    def build(data, order, colours):
        chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
            y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            yOffset=alt.YOffset("series:N", sort=order),
            x=alt.X("value:Q", title=text["growth"]),
            color=alt.Color("series:N", title=text["series"], sort=order,
                            scale=alt.Scale(domain=order, range=colours)),
            tooltip=[alt.Tooltip("indicator:N", title=text["indicator"]),
                     alt.Tooltip("series:N", title=text["series"]),
                     alt.Tooltip("value:Q", title=text["growth"], format=".2~f")],
        ).properties(width="container", height=alt.Step(14))
        return _config(chart).to_dict(validate=False)
    return _poured(("growth", lang), build, as_text, data=data, order=order, colours=OKABE_ITO[: len(order)])


def series_chart(rows: list[dict], lang: str, unit_label: str, as_text: bool = False) -> dict | SpecText | None:
    """Points over periods for one indicator and measure, coloured by role.

    rows: {"period": label, "order": sortable, "role": role id, "value": number}
    """
    if not rows:
        return None
    labels = ROLE_LABEL[lang]
    text = TEXT[lang]
    data = [{"period": r["period"], "order": r["order"], "series": labels.get(r["role"], r["role"]),
             "value": r["value"]} for r in rows]
    periods = [p for _, p in sorted({(r["order"], r["period"]) for r in rows})]
    present = [labels[r] for r in ("target", "plan_total", "estimate", "result") if any(d["role"] == r for d in rows)]

    def build(data, periods):
        chart = alt.Chart(alt.Data(values=data)).mark_point(filled=True, size=90).encode(
            x=alt.X("period:N", title=text["period"], sort=periods),
            y=alt.Y("value:Q", title=unit_label),
            color=alt.Color("series:N", title=text["series"], sort=present,
                            scale=alt.Scale(domain=present, range=OKABE_ITO[: len(present)])),
            shape=alt.Shape("series:N", title=text["series"], sort=present),
            tooltip=[alt.Tooltip("period:N", title=text["period"]), alt.Tooltip("series:N", title=text["series"]),
                     alt.Tooltip("value:Q", title=text["value"], format=",.2~f")],
        ).properties(width="container", height=260)
        return _config(chart).to_dict(validate=False)
    return _poured(("series", lang, unit_label, tuple(present)), build, as_text, data=data, periods=periods)


CHART_MARK = 'class="rs-chart"'  # on the <figure> of every chart: what pages look for (views.has_chart)


def embed(spec: dict | SpecText, chart_id: str, summary: str) -> str:
    """HTML for one chart: a container the page script fills, the spec as inert JSON, a text summary."""
    if isinstance(spec, SpecText):
        payload = str(spec)
    else:
        spec = {k: v for k, v in spec.items() if k != "$schema"}  # a URL no reader needs; embed sets the mode
        payload = json.dumps(spec, **_COMPACT)
    # "</" inside JSON would end the script element early; escape it.
    payload = payload.replace("</", "<\\/")
    summary = html.escape(summary, quote=True)
    return (f'<figure {CHART_MARK} data-search-exclude>\n'
            f'<div class="rs-chart-canvas" id="{chart_id}" data-spec="{chart_id}-spec" role="img" '
            f'aria-label="{summary}"></div>\n'
            f'<script type="application/json" id="{chart_id}-spec">{payload}</script>\n'
            f'<figcaption>{summary}</figcaption>\n'
            f'</figure>')


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed from the installed vl-convert package, as one script."""
    import vl_convert

    return vl_convert.javascript_bundle()


# ---- goals against results (scorecard charts) ---------------------------------------------------

SCORE_TEXT = {
    "zh": {"target": "目标", "outcome": "实际", "growth": "增速（%）", "indicator": "指标", "series": "类别",
           "completion": "完成年度计划（%）", "elapsed": "时间进度", "status": "状态", "value": "数值",
           "period": "期间"},
    "en": {"target": "Target", "outcome": "Outcome", "growth": "Growth (%)", "indicator": "Indicator",
           "series": "Series", "completion": "Share of annual plan (%)", "elapsed": "Time elapsed",
           "status": "Status", "value": "Value", "period": "Period"},
}
# Series of an indicator's history, each with its own colour and its own point shape.
HISTORY_SERIES = ("target", "plan_total", "estimate", "result")
HISTORY_SHAPES = {"target": "triangle-up", "plan_total": "square", "estimate": "diamond", "result": "circle"}


def target_outcome_chart(rows: list[dict], lang: str, validate: bool = False,
                         as_text: bool = False) -> dict | SpecText | None:
    """Growth by indicator: the outcome as a bar, the target as a black tick across it.

    rows: {"indicator": name in the page's language, "target": number, "outcome": number}.
    Two mark types (bar, tick) and a legend, so colour is not the only cue.
    """
    if not rows:
        return None
    text = SCORE_TEXT[lang]
    data = []
    for row in rows:
        data.append({"indicator": row["indicator"], "series": text["outcome"], "value": row["outcome"]})
        data.append({"indicator": row["indicator"], "series": text["target"], "value": row["target"]})
    order = [row["indicator"] for row in rows]
    domain = [text["outcome"], text["target"]]

    def build(data, order):
        color = alt.Color("series:N", title=text["series"],
                          scale=alt.Scale(domain=domain, range=[OKABE_ITO[0], "#000000"]))
        tooltip = [alt.Tooltip("indicator:N", title=text["indicator"]), alt.Tooltip("series:N", title=text["series"]),
                   alt.Tooltip("value:Q", title=text["growth"], format=".2~f")]
        base = alt.Chart(alt.Data(values=data)).encode(
            y=alt.Y("indicator:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", title=text["growth"]), color=color, tooltip=tooltip)
        bars = base.mark_bar(height=14).transform_filter(alt.datum.series == text["outcome"])
        ticks = base.mark_tick(thickness=3, size=24).transform_filter(alt.datum.series == text["target"])
        chart = alt.layer(bars, ticks).properties(width="container", height=alt.Step(28))
        return _config(chart).to_dict(validate=validate)  # tests validate; builds skip the cost
    return _poured(("target_outcome", lang, validate), build, as_text, data=data, order=order)


def completion_chart(rows: list[dict], lang: str, elapsed_pct: float = 50.0, validate: bool = False,
                     as_text: bool = False) -> dict | SpecText | None:
    """Share of the annual plan reached by indicator, against a dashed line at the time elapsed.

    rows: {"indicator": name, "value": completion %, "status": status label in the page's language,
    "good": whether the status is on track}. Blue for on track, vermillion for behind, whatever comes
    first; bars carry their value as text, so the reading does not depend on colour.
    """
    if not rows:
        return None
    text = SCORE_TEXT[lang]
    data = [{"indicator": r["indicator"], "value": r["value"], "status": r["status"]} for r in rows]
    good = {r["status"]: r.get("good", True) for r in rows}
    statuses = sorted(good, key=lambda label: not good[label])
    colours = [OKABE_ITO[0] if good[label] else OKABE_ITO[3] for label in statuses]
    order = [r["indicator"] for r in rows]

    def build(data, order, statuses, colours, elapsed):
        base = alt.Chart(alt.Data(values=data)).encode(
            y=alt.Y("indicator:N", title=None, sort=order, axis=alt.Axis(labelLimit=260)),
            x=alt.X("value:Q", title=text["completion"], scale=alt.Scale(domainMin=0)))
        bars = base.mark_bar(height=14).encode(
            color=alt.Color("status:N", title=text["status"], sort=statuses,
                            scale=alt.Scale(domain=statuses, range=colours)),
            tooltip=[alt.Tooltip("indicator:N", title=text["indicator"]),
                     alt.Tooltip("value:Q", title=text["completion"], format=".2~f"),
                     alt.Tooltip("status:N", title=text["status"])])
        labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text=alt.Text("value:Q", format=".2~f"))
        rule = alt.Chart(alt.Data(values=elapsed)).mark_rule(
            strokeDash=[6, 4], color="#000000", size=1.5).encode(
            x="elapsed:Q", tooltip=[alt.Tooltip("label:N", title=text["series"]),
                                    alt.Tooltip("elapsed:Q", title=text["completion"])])
        chart = alt.layer(bars, labels, rule).properties(width="container", height=alt.Step(26))
        return _config(chart).to_dict(validate=validate)  # tests validate; builds skip the cost
    return _poured(("completion", lang, validate), build, as_text, data=data, order=order, statuses=statuses,
                   colours=colours, elapsed=[{"elapsed": elapsed_pct, "label": text["elapsed"]}])


def history_chart(rows: list[dict], lang: str, unit_label: str, validate: bool = False,
                  as_text: bool = False) -> dict | SpecText | None:
    """One indicator in one region over periods: targets, plan totals, estimates and actuals, each
    with its own colour and point shape. No connecting line: it would join a half-year figure to a
    whole year's and read as a fall.

    rows: {"period": label, "order": sortable, "role": one of HISTORY_SERIES, "value": number}
    """
    if not rows:
        return None
    labels, text = ROLE_LABEL[lang], SCORE_TEXT[lang]
    present = [r for r in HISTORY_SERIES if any(row["role"] == r for row in rows)]
    domain = [labels[r] for r in present]
    colour_of = {"result": OKABE_ITO[0], "estimate": OKABE_ITO[5], "target": OKABE_ITO[3], "plan_total": OKABE_ITO[1]}
    data = [{"period": r["period"], "order": r["order"], "series": labels[r["role"]], "value": r["value"]}
            for r in rows]
    periods = [p for _, p in sorted({(r["order"], r["period"]) for r in rows})]

    def build(data, periods, unit_label, domain, colours, shapes):
        base = alt.Chart(alt.Data(values=data)).encode(
            x=alt.X("period:N", title=text["period"], sort=periods, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit_label))
        points = base.mark_point(filled=True, size=110, opacity=1).encode(
            color=alt.Color("series:N", title=text["series"], sort=domain,
                            scale=alt.Scale(domain=domain, range=colours)),
            shape=alt.Shape("series:N", title=text["series"], sort=domain,
                            scale=alt.Scale(domain=domain, range=shapes)),
            tooltip=[alt.Tooltip("period:N", title=text["period"]), alt.Tooltip("series:N", title=text["series"]),
                     alt.Tooltip("value:Q", title=text["value"], format=",.2~f")])
        chart = points.properties(width="container", height=240)
        return _config(chart).to_dict(validate=validate)  # tests validate; builds skip the cost
    return _poured(("history", lang, validate), build, as_text, data=data, periods=periods, unit_label=unit_label,
                   domain=domain, colours=[colour_of[r] for r in present], shapes=[HISTORY_SHAPES[r] for r in present])
