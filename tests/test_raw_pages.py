"""Report, indicator and region pages leave Python-Markdown only their headings and short paragraphs:
the metadata table, data notes, region lists and links are finished HTML (raw blocks), with final
addresses in both languages; the line naming a report's indicators stays in the search index."""

from __future__ import annotations

import json
import re
from collections import Counter
from types import SimpleNamespace

from generator import raw_blocks
from tests.pages import page, table_rows, text_of

H1_REPORT = "xiangcheng-2024h1-plan-execution"
PAGE_KINDS = ("reports", "indicators", "regions")
# Markdown that would cost Python-Markdown a parse: links, lists, tables, and HTML links (which would
# then carry no final address, since MkDocs does not rewrite links inside HTML).
MARKDOWN_CONSTRUCT = re.compile(r"\]\(|^\s*[-*+] |^\s*\d+\. |^\s*\||<a\b", re.M)


def _pages(docs):
    for kind in PAGE_KINDS:
        yield from (p for p in sorted((docs / kind).glob("*.md")) if not p.name.startswith("index."))


def test_markdown_left_on_report_indicator_and_region_pages_is_headings_and_paragraphs(built):
    project, _generated = built
    seen: Counter = Counter()
    for path in _pages(project.docs):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n"), path
        body = raw_blocks.lift(text).split("\n---\n", 1)[1]  # after the front matter
        for block in (b.strip() for b in re.split(r"\n[ \t]*\n", body)):
            if not block:
                continue
            where = f"{path.relative_to(project.docs)}: {block[:120]!r}"
            assert "\n" not in block, f"a block of several lines is left to Markdown: {where}"
            if block.startswith("#"):
                seen["headings"] += 1
            elif raw_blocks.LIFTED.fullmatch(block):
                seen["raw blocks"] += 1
            elif block.startswith("<p>"):
                # The one paragraph of HTML outside the raw blocks, for the search index: a report's indicators.
                assert path.parent.name == "reports" and block.endswith("</p>"), where
                assert not MARKDOWN_CONSTRUCT.search(block), where
                seen["indicator lines"] += 1
            else:
                assert not MARKDOWN_CONSTRUCT.search(block), f"a link, list or table left to Markdown: {where}"
                assert len(block) < 400, f"a long paragraph left to Markdown: {where}"
                seen["paragraphs"] += 1
        seen[path.parent.name] += 1
    assert seen["reports"] == 6 and seen["regions"] >= 8 and seen["indicators"] > 40, seen
    assert seen["indicator lines"] == 6, seen
    assert seen["raw blocks"] > 300 and seen["headings"] > 300 and seen["paragraphs"] > 50, seen


def _search_docs(site_dir, prefix: str, path: str) -> list[dict]:
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [d for d in index["docs"] if d["location"].startswith(f"{prefix}{path}")]


def test_the_line_naming_a_report_indicators_is_searchable_in_both_languages(site_dir):
    for prefix, name, raw_label in (("", "固定资产投资", "查看原文"),
                                    ("en/", "Fixed-asset investment", "View the source text")):
        docs = _search_docs(site_dir, prefix, f"reports/{H1_REPORT}/")
        assert any(name in d["text"] for d in docs), f"{prefix}: the indicators line is not in the search index"
        # The metadata table is a raw block: on the page, not in the index.
        assert raw_label in text_of(page(site_dir, f"{prefix}reports/{H1_REPORT}"))
        assert not any(raw_label in d["text"] for d in docs)


def _metadata_rows(document: str) -> dict[str, str]:
    """The report page's metadata table (the first table under "About this report"): label -> the value's HTML."""
    table = document.split('id="about"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in table_rows(table):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        if cells:
            rows[text_of(cells[0])] = cells[1]
    return rows


def test_report_metadata_links_carry_their_final_addresses_in_both_languages(site_dir):
    zh = _metadata_rows(page(site_dir, f"reports/{H1_REPORT}"))
    assert zh["地区"] == '<a href="../../regions/xiangcheng/">芗城区</a>'
    assert zh["原文"] == f'<a href="../../sources/{H1_REPORT}/">查看原文</a>'
    assert zh["下载数据"] == f'<a href="../../data/reports/{H1_REPORT}.csv">本报告的全部数字（CSV）</a>'
    assert text_of(zh["期间"]) == "2024年上半年"
    en = _metadata_rows(page(site_dir, f"en/reports/{H1_REPORT}"))
    assert en["Region"] == '<a href="../../regions/xiangcheng/">Xiangcheng District</a>'
    assert en["Source text"] == f'<a href="../../sources/{H1_REPORT}/">View the source text</a>'
    # Data files are written once, at the root: from under en/ one more level up.
    assert en["Downloads"] == (f'<a href="../../../data/reports/{H1_REPORT}.csv">'
                               "This report&#x27;s figures (CSV)</a>")
    assert text_of(en["Period"]) == "H1 2024" and text_of(en["Kind of report"]) == "Plan implementation report"


def test_region_pages_link_parent_and_children_and_indicator_pages_their_regions(site_dir):
    for prefix, part_of, zhangzhou in (("", "上级地区", "漳州市"), ("en/", "Part of", "Zhangzhou City")):
        fujian = page(site_dir, f"{prefix}regions/fujian")
        assert re.search(rf'<p>{part_of}: <a href="\.\./china/">[^<]+</a></p>', fujian)
        children = fujian.split('id="regions"', 1)[1].split("</ul>", 1)[0]
        assert f'<li><a href="../zhangzhou/">{zhangzhou}</a></li>' in children
        gdp = page(site_dir, f"{prefix}indicators/gdp")
        section = gdp.split('id="zhangzhou"', 1)[1].split("<h3", 1)[0]
        assert f'<p><a href="../../regions/zhangzhou/">{zhangzhou}</a></p>' in section


def test_data_notes_are_a_list_with_links_to_the_indicator_and_lines(site_dir):
    for prefix in ("", "en/"):
        notes = page(site_dir, f"{prefix}reports/{H1_REPORT}").split('id="data-notes"', 1)[1].split("<h2", 1)[0]
        items = re.findall(r"<li>(.*?)</li>", notes, flags=re.S)
        assert items, f"{prefix}: no data notes on the report page"
        for item in items:
            assert re.match(r'<a href="\.\./\.\./indicators/[a-z0-9-]+/">', item), item
            assert re.search(rf'\(<a href="\.\./\.\./sources/{H1_REPORT}/#L\d+">[^<]+</a>\)$', item.strip()), item


def _helpers(built, lang: str):
    from generator import render
    from tests.test_raw_blocks import render_ui

    _project, generated = built
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=render_ui(),
                       sources=generated.sources)
    renderer = render.Renderer(site)
    return renderer, render._HtmlHelpers(renderer, lang, "reports/x.md")


def test_a_note_escapes_the_report_remark_and_marks_what_is_not_translated(built):
    note = SimpleNamespace(check="repeat", report=H1_REPORT, indicator=None, name_zh="<b>某项</b>指标",
                           period="2024H1", lines=[12, 30], remark="<script>x</script>备注",
                           params={"line_a": 12, "line_b": 30, "a": "1", "b": "2", "diff": "1"})
    _renderer, zh = _helpers(built, "zh")
    assert zh.note(note) == (
        "&lt;b&gt;某项&lt;/b&gt;指标: 同一数字（2024年上半年）在第12行为 1，在第30行为 2（相差 1）。 "
        "报告备注: &lt;script&gt;x&lt;/script&gt;备注 "
        f'(<a href="../../sources/{H1_REPORT}/#L12">第12行</a>, <a href="../../sources/{H1_REPORT}/#L30">第30行</a>)')
    renderer, en = _helpers(built, "en")
    text = en.note(note)
    assert text.startswith('<span lang="zh" class="rs-untranslated">&lt;b&gt;某项&lt;/b&gt;指标</span>')
    assert "The same figure (H1 2024) reads 1 on line 12 and 2 on line 30 (off by 1)." in text
    assert "<script>" not in text and f'<a href="../../sources/{H1_REPORT}/#L30">line 30</a>)' in text
    # English pages count what they show untranslated, as the Markdown helpers did (translation coverage).
    assert renderer.translations_used["reports/x.md"] == {"<b>某项</b>指标": False, "<script>x</script>备注": False}


def test_a_note_on_a_catalog_indicator_links_to_its_page(built):
    note = SimpleNamespace(check="repeat", report=H1_REPORT, indicator="gdp", name_zh="全区GDP", period="2024",
                           lines=[5], remark=None, params={"line_a": 5, "line_b": 5, "a": "1", "b": "1", "diff": "0"})
    _renderer, en = _helpers(built, "en")
    expected = '<a href="../../indicators/gdp/">Gross regional product (GDP)</a>: The same figure (2024) reads 1'
    assert en.note(note).startswith(expected)
