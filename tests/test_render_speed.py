"""The render stage's shortcuts (memos, whole tables made in Python, chart skeletons refilled) write what
the plain way wrote, and still escape everything a report or catalog can put into a page."""

from __future__ import annotations

import html

import pytest

from generator import render
from generator.catalogs import Catalogs
from tests.test_raw_blocks import render_ui

HOSTILE = ["<script>alert('x')</script>", 'a "quoted" & <b>bold</b>', "R&D", "it's", "plain text", "地区生产总值",
           "", "&amp; already escaped", "x" * 300 + "<i>long</i>", "'\"<>&" * 50]


def test_attr_escape_is_html_escape_with_quotes_every_time():
    for text in HOSTILE * 2:  # the second round comes from the memo
        assert render.attr_escape(text) == html.escape(text, quote=True)
    assert render.attr_escape(None) == ""
    assert render.attr_escape(12) == "12"


@pytest.fixture()
def helpers():
    catalogs = Catalogs(
        regions=[{"id": "r1", "name_zh": "<区>", "name_en": 'A & "B" \'C\'', "parent": None}],
        indicators=[{"id": "gdp", "name_zh": "<GDP>", "name_en": 'x < y & "z"', "unit": "亿元",
                     "category": "economy", "aliases": []}],
        translations={"<任务>": "<task> & 'more'"})
    renderer = render.Renderer(render.Site(catalogs=catalogs, reports=[], ui=render_ui()))
    return renderer, {lang: render._HtmlHelpers(renderer, lang, "reports/x.md") for lang in render.LANGS}


def test_indicator_links_escape_the_name_also_when_remembered(helpers):
    _renderer, h = helpers
    for _ in range(2):
        assert h["zh"].indicator_name({"indicator": "gdp"}) == '<a href="../../indicators/gdp/">&lt;GDP&gt;</a>'
        assert h["en"].indicator_name({"indicator": "gdp"}) == (
            '<a href="../../indicators/gdp/">x &lt; y &amp; &quot;z&quot;</a>')
    assert h["zh"].indicator_name({"indicator": None, "name_zh": "<未知>"}) == "&lt;未知&gt;"


def test_source_links_are_the_page_address_plus_the_line_anchor(helpers):
    _renderer, h = helpers
    record = {"report": {"id": "r-2024"}}
    for lang, label in (("zh", "第7行"), ("en", "line 7")):
        expected = f'<a href="../../sources/r-2024/#L7">{label}</a>'
        assert h[lang].source_link(record, 7) == expected
        assert h[lang].source_link(record, 7) == h[lang].a("sources/r-2024.md#L7", label)
    # An anchor that is not a line number goes the long way, escaped.
    assert h["zh"].source_link(record, '"x') == '<a href="../../sources/r-2024/#L&quot;x">第&quot;x行</a>'


def test_whole_tables_escape_their_cells(helpers):
    renderer, h = helpers
    record = {"report": {"id": "r-2024"}}
    figure = {"name_zh": "<任务>", "role": "target", "period": "2024", "line": 3, "value": 12, "measure": "level",
              "unit": "所", "unit_class": "count", "qualifier": None}
    assert h["zh"].task_rows(record, [figure]) == (
        '<tr><td>&lt;任务&gt;</td><td>12所<br><span class="rs-note">目标 · 2024年</span></td>'
        '<td><a href="../../sources/r-2024/#L3">第3行</a></td></tr>\n')
    assert h["en"].task_rows(record, [figure]).startswith("<tr><td>&lt;task&gt; &amp; &#x27;more&#x27;</td>")
    assert renderer.translations_used["reports/x.md"] == {"<任务>": True}
    assert h["en"].thead(["<a>", "b&c"]) == "<thead><tr><th>&lt;a&gt;</th><th>b&amp;c</th></tr></thead>"
    block = {"rows": [["<x>", 1.5], ['"y"', None]]}
    assert h["zh"].chart_rows(block) == ("<tr><td>&lt;x&gt;</td><td>1.5</td></tr>\n"
                                         "<tr><td>&quot;y&quot;</td><td></td></tr>\n")
    block = {"rows": [['<a href="x">1</a>']], "html_cells": True}
    assert h["zh"].chart_rows(block) == '<tr><td><a href="x">1</a></td></tr>\n'


def test_source_lines_and_corrections_escape_the_report_text(helpers):
    _renderer, h = helpers
    assert h["en"].source_lines(["<script>x</script>", "a & 'b'"]) == (
        '<div class="rs-line" id="L1"><a class="rs-ln" href="#L1" aria-label="line 1">1</a>'
        '<span class="rs-text">&lt;script&gt;x&lt;/script&gt;</span></div>\n'
        '<div class="rs-line" id="L2"><a class="rs-ln" href="#L2" aria-label="line 2">2</a>'
        '<span class="rs-text">a &amp; &#x27;b&#x27;</span></div>\n')
    correction = {"line": 4, "before": "<b>", "after": "&", "rule": '"rule"'}
    assert h["en"].correction_rows([correction]) == (
        '<tr><td><a href="#L4">4</a></td><td><span lang="zh">&lt;b&gt;</span></td>'
        '<td><span lang="zh">&amp;</span></td><td>&quot;rule&quot;</td></tr>\n')


def test_plain_numbers_and_growth_without_decimal_are_what_decimal_gives():
    import math
    import random
    from decimal import Decimal

    from generator import fmt

    def plain(value):  # the Decimal way, as fmt did it for every number
        number = fmt._decimal(value)
        text = str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")
        return text.replace("-", fmt.MINUS)

    def signed(value):
        return f"{'+' if fmt._decimal(value) > 0 else ''}{plain(fmt._decimal(value))}%"

    rng = random.Random(3)
    values = [0.0, -0.0, 0, -1, 7, 7.0, -7.5, 1e15, 1e16, 1e-5, 0.0001, 123.45, -0.1, 2**70, 1e300, 5e-324, True,
              Decimal("1.50"), Decimal("-0")]
    values += [round(rng.uniform(-1e6, 1e6), rng.randint(0, 6)) for _ in range(3000)]
    values += [rng.uniform(-10, 10) * 10 ** rng.randint(-12, 20) for _ in range(3000)]
    values += [float(rng.randint(-10**17, 10**17)) for _ in range(1000)]
    for value in values:
        assert fmt.plain_number(value) == plain(value), value
        assert fmt.signed_pct(value) == signed(value), value
    for value in (math.nan, math.inf):  # the same error as before, from the same Decimal code
        with pytest.raises((ArithmeticError, ValueError)) as before:
            signed(value)
        with pytest.raises(before.type):
            fmt.signed_pct(value)


def test_remembered_values_tell_int_from_float():
    from generator import fmt

    figure = {"measure": "level", "unit": "亿元", "qualifier": None, "unit_class": "yi_yuan"}
    assert fmt.value({**figure, "value": 7}, "en") == fmt.value_en({**figure, "value": 7})
    assert fmt.value({**figure, "value": 7.0}, "en") == fmt.value_en({**figure, "value": 7.0})
    assert fmt.value({**figure, "value": 7.25, "qualifier": "about"}, "zh") == "7.25亿元左右"


def test_markdown_escaped_text_reads_back_as_written_through_python_markdown():
    # md_escape must escape only what Python-Markdown unescapes: "\~" stayed on the page as "\~".
    import markdown

    from generator.render import md_escape

    text = "规划期2021~2025年 a*b_c [d](e) #f {g} <h> & i|j `k` \\l ~m! 1. +2 -3 > q"
    converter = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc", "admonition"])
    html = converter.convert(md_escape(text))
    assert html == "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
