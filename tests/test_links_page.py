"""Links that last: the links page, /data/links.csv, canonical URLs, QR codes and redirect pages."""

from __future__ import annotations

import csv
import io
import re

import pytest

from generator import links, qr, redirects
from generator.model import ReportsiteError

UI = {"moved_title": {"zh": "页面已移动", "en": "Page moved"}, "moved_body": {"zh": "本页已移至：", "en": "Moved to:"}}
BASE = "https://stats.example.gov.cn/reports-site/"


def _csv_rows(site_dir):
    text = (site_dir / "data" / "links.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeff"), "a BOM, so spreadsheets read the Chinese names as UTF-8"
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_links_csv_lists_every_report_indicator_and_region_page_in_both_languages(site_dir, built):
    rows = _csv_rows(site_dir)
    base = links.site_url(built[0].config)
    kinds = {"report": "reports", "indicator": "indicators", "region": "regions"}
    listed = {(r["kind"], r["id"]) for r in rows}
    for kind, folder in kinds.items():
        on_disk = {p.parent.name for p in (site_dir / folder).glob("*/index.html")}
        assert on_disk, folder
        assert {i for k, i in listed if k == kind} == on_disk, kind
    for row in rows:
        folder = kinds[row["kind"]]
        assert row["url_zh"] == f"{base}{folder}/{row['id']}/"
        assert row["url_en"] == f"{base}en/{folder}/{row['id']}/"
        for url in (row["url_zh"], row["url_en"]):
            assert (site_dir / url[len(base):] / "index.html").exists(), url
        assert row["name_zh"] and row["name_en"]
    reports = {r["id"]: r for r in rows if r["kind"] == "report"}
    assert reports["zhangzhou-2022-work-report"]["name_zh"] == "漳州市2022年政府工作报告（摘要）"


def test_links_page_shows_every_address_in_both_languages(site_dir):
    for lang_dir in ("", "en/"):
        html = (site_dir / lang_dir / "links" / "index.html").read_text(encoding="utf-8")
        for row in _csv_rows(site_dir):
            assert row["url_zh"] in html and row["url_en"] in html
        assert re.search(r'href="(\.\./)+data/links\.csv"', html)
    english = (site_dir / "en" / "links" / "index.html").read_text(encoding="utf-8")
    assert "Zhangzhou Municipal Government Work Report 2022 (summary)" in english


def test_report_pages_carry_a_qr_code_of_their_canonical_url(site_dir, built):
    base = links.site_url(built[0].config)
    for lang_dir in ("", "en/"):
        for path in sorted((site_dir / lang_dir / "reports").glob("*/index.html")):
            html = path.read_text(encoding="utf-8")
            url = base + path.parent.relative_to(site_dir).as_posix() + "/"
            assert f'<link rel="canonical" href="{url}">' in html
            svg = re.search(r'<figure class="rs-qr"[^>]*>\s*(<svg .*?</svg>)', html, re.S)
            assert svg, path
            # The inline SVG is the one qr.svg draws for that URL (decoding it is the browser test's job).
            expected = qr.svg(url, "x")
            assert re.sub(r"<title>.*?</title>|aria-label=\"[^\"]*\"", "", svg.group(1)) == \
                re.sub(r"<title>.*?</title>|aria-label=\"[^\"]*\"", "", expected)
            assert f'href="{url}"' in html
            assert f"{url}</span>" in html  # the print footer's address


def test_site_url_is_read_from_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://stats.example.gov.cn/site  # the real address\n"
                      "markdown_extensions:\n  - toc:\n      slugify: !!python/name:pymdownx.slugs.slugify\n")
    assert links.site_url(config) == "https://stats.example.gov.cn/site/"
    config.write_text("site_name: x\n")
    assert links.site_url(config) == ""


@pytest.mark.parametrize(("page", "lang", "url"), [
    ("index.md", "zh", BASE),
    ("index.md", "en", BASE + "en/"),
    ("reports/index.md", "zh", BASE + "reports/"),
    ("reports/abc.md", "en", BASE + "en/reports/abc/"),
    ("links.md", "zh", BASE + "links/"),
])
def test_page_urls(page, lang, url):
    assert links.page_url(BASE, page, lang) == url


SITE_PAGES = {"index.md": "", "reports/new-id.md": "", "reports/new-id.en.md": "", "reports/index.md": ""}


def test_redirect_pages_in_both_languages():
    out = redirects.pages([{"from": "/reports/old-id/", "to": "reports/new-id/"}], SITE_PAGES, BASE, UI)
    assert set(out) == {"reports/old-id/index.html", "reports/old-id/index.en.html"}
    zh, en = out["reports/old-id/index.html"], out["reports/old-id/index.en.html"]
    assert '<html lang="zh">' in zh and '<html lang="en">' in en
    assert '<meta http-equiv="refresh" content="0; url=../new-id/">' in zh
    assert f'<link rel="canonical" href="{BASE}reports/new-id/">' in zh
    assert f'<link rel="canonical" href="{BASE}en/reports/new-id/">' in en
    assert f'<a href="../new-id/">{BASE}en/reports/new-id/</a>' in en
    # an id moved to another folder, and to a section's index page
    out = redirects.pages([{"from": "old/a", "to": "reports/"}], SITE_PAGES, BASE, UI)
    assert 'url=../../reports/' in out["old/a/index.html"]


@pytest.mark.parametrize(("entry", "message"), [
    ({"from": "reports/gone/", "to": "reports/missing/"}, "is not a page of the site"),
    ({"from": "reports/new-id/", "to": "reports/index/"}, "is a page of the site"),
    ({"from": "en/reports/gone/", "to": "reports/new-id/"}, "starts with en/"),
])
def test_bad_redirects_are_one_line_errors(entry, message):
    with pytest.raises(ReportsiteError) as caught:
        redirects.pages([entry], SITE_PAGES, BASE, UI)
    line = caught.value.line()
    assert line.startswith("data/redirects.yaml: ") and message in line and "\n" not in line


def test_a_redirect_twice_from_one_address_is_an_error():
    entries = [{"from": "reports/gone/", "to": "reports/new-id/"}, {"from": "reports/gone", "to": "reports/"}]
    with pytest.raises(ReportsiteError, match="redirected twice"):
        redirects.pages(entries, SITE_PAGES, BASE, UI)


@pytest.mark.parametrize(("base", "expected"), [
    ("https://example.github.io/reportsite/", None),
    ("https://reports.stats.example.gov.cn/", "reports.stats.example.gov.cn\n"),
    ("https://www.example.gov.cn/reports/", None),  # a folder of another site: not GitHub Pages' custom domain
    ("", None),
])
def test_cname_for_a_custom_domain(base, expected):
    assert links.cname(base) == expected
