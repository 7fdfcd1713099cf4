"""Altair chart specs for the pages, built once per chart and embedded as JSON.

The browser draws them with the Vega runtime the site ships itself (assets/vega.js, made
at build time from vl-convert's bundle), so no page asks a CDN for anything. Colours come
from the Okabe-Ito palette, which stays distinguishable for colour-blind readers.
"""

from __future__ import annotations

import html
import json

import altair as alt

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


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    # System fonts with CJK fallbacks the reader already has; no web font is fetched.
    font = "system-ui, -apple-system, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
    # fit-x: fill the page's width; heights come from the data (bars per row), so only x is fitted.
    autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    return (chart.configure(font=font, autosize=autosize)
            .configure_axis(labelFontSize=12, titleFontSize=12)
            .configure_legend(labelFontSize=12, titleFontSize=12, orient="bottom"))


def growth_chart(rows: list[dict], lang: str) -> dict | None:
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
    chart = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        yOffset=alt.YOffset("series:N", sort=order),
        x=alt.X("value:Q", title=text["growth"]),
        color=alt.Color("series:N", title=text["series"], sort=order,
                        scale=alt.Scale(domain=order, range=OKABE_ITO[: len(order)])),
        tooltip=[alt.Tooltip("indicator:N", title=text["indicator"]),
                 alt.Tooltip("series:N", title=text["series"]),
                 alt.Tooltip("value:Q", title=text["growth"], format=".2~f")],
    ).properties(width="container", height=alt.Step(14))
    return _config(chart).to_dict(validate=False)


def series_chart(rows: list[dict], lang: str, unit_label: str) -> dict | None:
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


def embed(spec: dict, chart_id: str, summary: str) -> str:
    """HTML for one chart: a container the page script fills, the spec as inert JSON, a text summary."""
    spec = {k: v for k, v in spec.items() if k != "$schema"}  # a URL no reader needs; embed sets the mode
    payload = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # "</" inside JSON would end the script element early; escape it.
    payload = payload.replace("</", "<\\/")
    summary = html.escape(summary, quote=True)
    return (f'<figure class="rs-chart" data-search-exclude>\n'
            f'<div class="rs-chart-canvas" id="{chart_id}" data-spec="{chart_id}-spec" role="img" '
            f'aria-label="{summary}"></div>\n'
            f'<script type="application/json" id="{chart_id}-spec">{payload}</script>\n'
            f'<figcaption>{summary}</figcaption>\n'
            f'</figure>')


def javascript_bundle() -> str:
    """Vega, Vega-Lite and vega-embed from the installed vl-convert package, as one script."""
    import vl_convert

    return vl_convert.javascript_bundle()
