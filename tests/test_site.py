"""The built site of the seed reports: the right numbers on the right pages, in both languages."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.pages import page, source_line, table_rows, text_of

H1_REPORT = "xiangcheng-2024h1-plan-execution"
SEED_REPORTS = ("xiangcheng-2023-work-report", "zhangzhou-2022-work-report", H1_REPORT)


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_every_kind_of_page_exists_in_both_languages(site_dir, lang_prefix):
    assert (site_dir / lang_prefix / "index.html").exists()
    for report_id in SEED_REPORTS:
        assert (site_dir / lang_prefix / "reports" / report_id / "index.html").exists()
        assert (site_dir / lang_prefix / "sources" / report_id / "index.html").exists()
    for region in ("xiangcheng", "zhangzhou"):
        assert (site_dir / lang_prefix / "regions" / region / "index.html").exists()
    assert (site_dir / lang_prefix / "indicators" / "gdp" / "index.html").exists()


def test_every_chinese_page_has_an_english_twin(site_dir):
    chinese = {p.relative_to(site_dir) for p in site_dir.rglob("index.html") if not p.is_relative_to(site_dir / "en")}
    missing = [str(p) for p in chinese if not (site_dir / "en" / p).exists()]
    assert not missing


@pytest.mark.parametrize("lang_prefix, html_lang, gdp, share, growth", [
    ("", "zh", "481.35亿元", "51.4%", "+9.1%"),
    ("en/", "en", "CNY 48.14 billion", "51.4%", "+9.1%"),
])
def test_half_year_report_shows_gdp_with_share_of_plan_and_growth(site_dir, lang_prefix, html_lang, gdp, share,
                                                                   growth):
    document = page(site_dir, f"{lang_prefix}reports/{H1_REPORT}")
    assert f'<html lang="{html_lang}"' in document
    rows = [row for row in table_rows(document) if 'href="../../indicators/gdp/' in row
            or 'href="../../../indicators/gdp/' in row]
    row = next((r for r in rows if gdp in text_of(r)), None)
    assert row is not None, f"no row with {gdp} for GDP on the {html_lang} page"
    cells = text_of(row)
    assert share in cells and growth in cells
    # The row's source link lands on the line that says so.
    link = re.search(rf'href="[./]*sources/{H1_REPORT}/#L(\d+)"', row)
    assert link, "the GDP row links to no source line"
    line = source_line(site_dir, H1_REPORT, int(link.group(1)), lang_prefix)
    assert "481.35" in line and "51.4%" in line and "9.1%" in line


def test_every_figure_on_a_report_page_links_to_its_source_line(built):
    project, generated = built
    for record in generated.records:
        report_id = record["report"]["id"]
        document = page(project.site, f"reports/{report_id}")
        linked = set(map(int, re.findall(rf'sources/{report_id}/#L(\d+)"', document)))
        lines = {f["line"] for f in record["figures"]}
        assert lines, f"{report_id} has no figures"
        assert lines <= linked, f"{report_id}: figures on lines {sorted(lines - linked)} have no source link"
        source = generated.sources[report_id]
        for figure in record["figures"]:
            number = re.sub(r"\.0$", "", str(figure["value"])).lstrip("-")
            window = "".join(source[figure["line"] - 1: figure["line"] + 1]).replace(" ", "")
            assert number in window or figure["unit"] != "%" or "万" in window, (report_id, figure)


def test_report_pages_draw_their_chart_in_html(site_dir):
    for prefix in ("", "en/"):
        document = page(site_dir, f"{prefix}reports/{H1_REPORT}")
        assert 'class="rs-chart-canvas"' in document and 'class="rs-bar-row"' in document
        assert "vega" not in document


def test_no_page_loads_anything_from_another_host(site_dir):
    offenders = []
    for path in site_dir.rglob("*.html"):
        document = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<(script|link|img|iframe|source)\b[^>]*\b(src|href)="(https?:)?//([^"/]+)',
                                 document):
            tag = match.group(0)
            if match.group(1) == "link" and re.search(r'rel="(canonical|alternate)"', tag):
                continue
            offenders.append(f"{path.relative_to(site_dir)}: {tag}")
        if "fonts.googleapis" in document or "fonts.gstatic" in document:
            offenders.append(f"{path.relative_to(site_dir)}: Google Fonts")
    assert not offenders, offenders[:10]


def test_source_page_has_an_anchor_on_every_line_and_lists_corrections(built):
    project, generated = built
    record = next(r for r in generated.records if r["report"]["id"] == H1_REPORT)
    raw_lines = (project.root / record["report"]["source"]).read_text(encoding="utf-8").splitlines()
    document = page(project.site, f"sources/{H1_REPORT}")
    anchors = re.findall(r'<div class="rs-line" id="L(\d+)">', document)
    assert [int(a) for a in anchors] == list(range(1, len(raw_lines) + 1))
    # The misread district name is corrected, and the correction is shown.
    assert any(c["rule"] == "place_name" and "芗城区" in c["after"] for c in record["corrections"])
    assert "芗城区" in text_of(document)


def test_data_files_carry_provenance(built):
    project, _generated = built
    for report_id in SEED_REPORTS:
        data = yaml.safe_load((project.reports_dir / f"{report_id}.yaml").read_text(encoding="utf-8"))
        assert data["report"]["id"] == report_id
        assert data["report"]["source"].startswith("seeds/")
        for figure in data["figures"]:
            assert figure["line"] >= 1 and figure["quote"]


def test_report_without_metadata_still_builds(tmp_path):
    from generator.build import Project, build
    from tests.conftest import ROOT, copy_project

    root = copy_project(tmp_path)
    (root / "seeds" / "reports.yaml").unlink()
    generated, _ = build(Project(root))
    assert len(generated.records) == len(list((ROOT / "seeds").glob("*.txt")))
    for record in generated.records:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record["report"]["id"])
        assert (root / "site" / "reports" / record["report"]["id"] / "index.html").exists()
