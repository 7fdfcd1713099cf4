"""English pages read as English: Chinese only where marked lang="zh", every string translated, every page twinned.

Judged on the built site's HTML files (the session build of the seeds), so what is checked is
what a reader gets.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator import links, render, translations

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
        "wbr"}


class _MainText(HTMLParser):
    """Text of <article class="md-content__inner"> split by whether an ancestor says lang="zh"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, in article, in lang=zh)
        self.english_text: list[str] = []
        self.marked_zh: list[str] = []
        self.untranslated = 0
        self.head: dict[str, str] = {}
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "meta" and attrs.get("property", "").startswith("og:"):
            self.head[attrs["property"]] = attrs.get("content") or ""
        if tag == "meta" and attrs.get("name") == "description":
            self.head["description"] = attrs.get("content") or ""
        if tag == "link" and attrs.get("rel") == "canonical":
            self.head["canonical"] = attrs.get("href") or ""
        if tag in VOID:
            return
        parent_article, parent_zh = (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)
        in_article = parent_article or (tag == "article" and "md-content__inner" in (attrs.get("class") or ""))
        lang = attrs.get("lang")
        in_zh = parent_zh if lang is None else lang.lower().startswith("zh")
        if "rs-untranslated" in (attrs.get("class") or "").split():
            self.untranslated += 1
        self.stack.append((tag, in_article, in_zh))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        else:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.stack or self.stack[-1][0] in ("script", "style"):
            return
        _tag, in_article, in_zh = self.stack[-1]
        if in_article:
            (self.marked_zh if in_zh else self.english_text).append(data)


def parse(path: Path) -> _MainText:
    parser = _MainText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site_dir: Path, english: bool) -> list[Path]:
    found = []
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith("search/") or rel.startswith("assets/"):
            continue
        if rel.startswith("en/") == english:
            found.append(path)
    return found


def test_every_english_page_has_under_one_percent_chinese_outside_lang_zh(site_dir):
    english_pages = pages(site_dir, english=True)
    assert len(english_pages) >= 20
    worst = []
    for path in english_pages:
        parsed = parse(path)
        text = "".join(parsed.english_text)
        letters = sum(ch.isalpha() for ch in text)
        chinese = len(CJK.findall(text))
        assert letters > 20, f"{path}: no English text in the main content"
        share = chinese / letters
        worst.append((share, path.relative_to(site_dir).as_posix(), "".join(CJK.findall(text))[:60]))
    worst.sort(reverse=True)
    bad = [w for w in worst if w[0] >= 0.01]
    assert not bad, "\n".join(f"{rel}: {share:.2%} Chinese: {sample}" for share, rel, sample in bad)


def test_english_report_pages_show_the_original_chinese_marked(site_dir):
    """Quoted originals (a value's 亿元 form, the issuer) are on the page, inside lang="zh"."""
    report_pages = sorted((site_dir / "en" / "reports").glob("*/index.html"))
    assert len(report_pages) == 3
    for path in report_pages:
        parsed = parse(path)
        marked = "".join(parsed.marked_zh)
        assert CJK.search(marked), f"{path}: no original Chinese shown"
        assert not CJK.search("".join(parsed.english_text))


def test_seed_reports_are_fully_translated(site_dir, built):
    """No English page carries a "not yet translated" mark, and `check` reports 100% for every seed."""
    marked = {path.relative_to(site_dir).as_posix(): parse(path).untranslated
              for path in pages(site_dir, english=True)}
    assert not {k: v for k, v in marked.items() if v}, "pages with untranslated strings"
    project, generated = built
    site = render.Site(catalogs=generated.catalogs, reports=generated.records, ui=_ui(project))
    coverage = translations.coverage(site)
    assert {c.report_id for c in coverage} >= {r["report"]["id"] for r in generated.records}
    for report in coverage:
        assert report.total > 0 or report.report_id == "site"
        assert report.missing == [], f"{report.summary()}: {[m.text for m in report.missing][:10]}"


def _ui(project):
    from generator import yamlio

    return yamlio.plain(yamlio.load(project.data / "ui.yaml", "data/ui.yaml"))


def test_coverage_counts_what_english_pages_show(built):
    """Remove one translation: coverage names exactly that string, and the page marks it."""
    project, generated = built
    catalogs = generated.catalogs
    record = generated.records[0]
    sections = [f["section"] for f in record["figures"] if f.get("section") and not f.get("indicator")]
    assert sections, "a seed report with section headings among its task figures"
    text = sections[0]
    english = catalogs.translations.get(text)
    assert english
    site = render.Site(catalogs=catalogs, reports=generated.records, ui=_ui(project))
    before = {c.report_id: c for c in translations.coverage(site)}[record["report"]["id"]]
    try:
        del catalogs.translations[text]
        coverage = {c.report_id: c for c in translations.coverage(site)}[record["report"]["id"]]
        added = [m for m in coverage.missing if m.text not in {b.text for b in before.missing}]
        assert [m.text for m in added] == [text]
        assert added[0].what == "section heading"
        assert coverage.total == before.total and coverage.percent < before.percent
        problems = [p for p in translations.problems([coverage]) if f"'{text}'" in p.message]
        assert len(problems) == 1 and problems[0].severity == "warning"
        assert "data/translations.yaml" in str(problems[0])
        page = render.render_site(site)[f"reports/{record['report']['id']}.en.md"]
        assert '<span lang="zh" class="rs-untranslated">' in page
        assert "not yet translated" in page
    finally:
        catalogs.translations[text] = english


def test_every_chinese_page_has_its_english_twin(site_dir):
    chinese = pages(site_dir, english=False)
    assert len(chinese) >= 20
    missing = [p.relative_to(site_dir).as_posix() for p in chinese
               if not (site_dir / "en" / p.relative_to(site_dir)).exists()]
    assert not missing


def test_html_lang_canonical_and_link_preview_tags(site_dir, built):
    base = links.site_url(built[0].config)
    assert base.startswith("https://") and base.endswith("/")
    for english in (False, True):
        for path in pages(site_dir, english):
            rel = path.relative_to(site_dir).as_posix()
            if rel == "404.html":
                continue
            parsed = parse(path)
            lang = "en" if english else "zh"
            assert parsed.html_lang == lang, rel
            address = rel[: -len("index.html")]
            assert parsed.head.get("canonical") == base + address, rel
            assert parsed.head.get("og:url") == base + address, rel
            assert parsed.head.get("og:locale") == ("en_US" if english else "zh_CN"), rel
            title, description = parsed.head.get("og:title", ""), parsed.head.get("og:description", "")
            assert title and description, rel
            assert len(description) <= 200, f"{rel}: description too long for a link preview"
            if english:
                assert not CJK.search(title + description), rel


def test_english_numbers_read_as_english(site_dir):
    """Money in CNY billions/millions with the original beside it; growth signed; no Chinese unit outside lang=zh."""
    html = (site_dir / "en" / "reports" / "xiangcheng-2023-work-report" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"CNY [\d.,]+ (billion|million)", html)
    assert re.search(r'CNY [\d.,]+ (billion|million) <span lang="zh"[^>]*class="rs-orig"[^>]*>[\d.]+亿元', html)
    assert "USD 14 million" in html and ">1400万美元左右<" in html  # 实际利用外资, line 20
    assert re.search(r">about \+7\.5%<", html)  # 地区生产总值 target, line 6


@pytest.mark.parametrize("page", ["reports/xiangcheng-2024h1-plan-execution", "reports/zhangzhou-2022-work-report"])
def test_english_report_has_dates_and_periods_in_english(site_dir, page):
    html = (site_dir / "en" / page / "index.html").read_text(encoding="utf-8")
    text = "".join(parse(site_dir / "en" / page / "index.html").english_text)
    assert "年" not in text and "月" not in text
    if "2024h1" in page:
        assert "August 2024" in html and "H1 2024" in html
    else:
        assert "5 January 2022" in html


def test_check_reports_translation_coverage_and_strict_fails_on_gaps(built, tmp_path):
    """`python -m generator check` prints coverage per report; with a string removed, --strict fails and names it."""
    import shutil
    import subprocess
    import sys

    project, generated = built
    root = tmp_path / "project"
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns("site", "docs", ".cache"))

    def check(*args):
        return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "check", *args],
                              capture_output=True, text=True, timeout=300)

    result = check()
    for record in generated.records:
        rid = record["report"]["id"]
        assert re.search(rf"^translations: {rid}: (\d+) of \1 strings in English \(100\.0%\)$", result.stdout, re.M), \
            result.stdout
    record = generated.records[-1]
    name = next(f["name_zh"] for f in record["figures"] if not f.get("indicator"))
    path = root / "data" / "translations.yaml"
    catalog = yaml.safe_load(path.read_text(encoding="utf-8"))
    del catalog[name]
    path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    result = check("--strict")
    assert result.returncode == 1
    assert f"no English for figure name '{name}' (report {record['report']['id']}, line " in result.stderr
    assert re.search(rf"^translations: {record['report']['id']}: \d+ of \d+ strings in English \((?!100\.0)",
                     result.stdout, re.M)


class _WholeText(_MainText):
    """All visible text of a page (header, navigation, footer too) outside lang="zh" elements."""

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] not in ("script", "style") and not self.stack[-1][2]:
            self.english_text.append(data)


def test_english_page_chrome_has_no_unmarked_chinese(site_dir):
    """Navigation, header, language switcher and footer of English pages: Chinese only inside lang="zh"
    (the switcher's 中文 included), so screen readers read each word in its language."""
    found = {}
    for path in pages(site_dir, english=True):
        parser = _WholeText()
        parser.feed(path.read_text(encoding="utf-8"))
        chinese = CJK.findall("".join(parser.english_text))
        if chinese:
            found[path.relative_to(site_dir).as_posix()] = "".join(chinese)[:40]
    assert not found


def test_a_name_made_of_the_genres_terms_gets_english_and_others_stay_chinese():
    from generator.glossary import compose

    assert compose("城镇居民人均可支配收入") == "urban residents per capita disposable income"
    assert compose("市级一般公共预算收入") == "city-level general public budget revenue"
    assert compose("新增城镇就业") == "new urban employment"
    assert compose("海—宝农村公路") is None  # a place name no term covers: the Chinese, marked
    assert compose("") is None
