"""Bad input, on purpose: broken report files, broken YAML, hostile report text, paths that try to escape.

Every case asserts the exact message a user sees (`error: file:line: what (expected X, got Y)`),
exit code 1, and no traceback. The commands run in-process through `generator.cli.main`
(the same code `python -m generator` runs), except one end-to-end run as a real process.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.cli import main
from generator.schema import FIGURE
from tests.conftest import ROOT, _QuietHandler, copy_project

H1_REPORT = "xiangcheng-2024h1-plan-execution"
UNCHANGED = "build failed at step '{step}': data/, docs/ and site/ were left as they were"


def run_cli(root: Path, *args, capsys, monkeypatch) -> tuple[int, str, str]:
    """`python -m generator --root ROOT ARGS` in this process, from the project folder."""
    monkeypatch.chdir(root)
    code = main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


def line_of(text: str, needle: str) -> int:
    """1-based line where `needle` starts in `text`."""
    index = text.index(needle)
    return text[:index].count("\n") + 1


@pytest.fixture
def project(tmp_path, built) -> Path:
    """A fresh copy of the project's inputs, with one generated report in data/reports for `check`."""
    root = copy_project(tmp_path / "project")
    built_project, _ = built
    (root / "data" / "reports").mkdir(parents=True, exist_ok=True)
    shutil.copy(built_project.reports_dir / f"{H1_REPORT}.yaml", root / "data" / "reports")
    return root


# ---- report files ---------------------------------------------------------------------------------

TWENTY_MB = 20 * 1024 * 1024
REPORT_FILES = {
    "empty": (b"", "empty file (expected report text)"),
    "blank": (b" \n\r\n\t\n", "empty file (expected report text)"),
    "binary": (bytes(range(256)) * 64, "binary file (NUL bytes; expected report text)"),
    "undecodable": ("报告正文".encode("gb18030") + b"\xff\xff",
                    "not UTF-8 or GB18030 text (undecodable byte at offset 8)"),
    "twenty_mb": (b"a" * TWENTY_MB, f"file too large ({TWENTY_MB} bytes; limit 10485760 bytes for a report)"),
}


@pytest.mark.parametrize("case", sorted(REPORT_FILES))
def test_extract_refuses_a_file_that_is_no_report(case, tmp_path, capsys, monkeypatch):
    content, message = REPORT_FILES[case]
    path = tmp_path / f"{case}.txt"
    path.write_bytes(content)
    code, out, err = run_cli(ROOT, "extract", str(path), capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert out == ""
    assert err.splitlines() == [f"error: {path}: {message}"]


@pytest.mark.parametrize("case", sorted(REPORT_FILES))
def test_build_refuses_a_seed_that_is_no_report(case, project, capsys, monkeypatch):
    content, message = REPORT_FILES[case]
    for seed in (project / "seeds").glob("*.txt"):
        seed.unlink()
    (project / "seeds" / "reports.yaml").unlink()
    (project / "seeds" / "bad.txt").write_bytes(content)
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert err.splitlines()[-2:] == [f"error: seeds/bad.txt: {message}", UNCHANGED.format(step="generate")]
    assert not (project / "site").exists()


def one_megabyte_line(unit: str) -> tuple[str, int]:
    repeats = (1024 * 1024) // len(unit.encode("utf-8")) + 1
    return unit * repeats, repeats


def test_extract_reads_a_single_one_megabyte_line(tmp_path, capsys, monkeypatch):
    """No line-length limit and no quadratic blow-up: every figure of a 1 MB line is found, on line 1."""
    unit = "芗城区2024年上半年国民经济和社会发展计划执行情况：全区地区生产总值完成481.35亿元，增长9.1%，"
    text, repeats = one_megabyte_line(unit)
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    assert len(path.read_bytes()) > 1024 * 1024 and "\n" not in text
    code, out, _err = run_cli(ROOT, "extract", str(path), "--format", "json", capsys=capsys,
                              monkeypatch=monkeypatch)
    assert code == 0
    figures = json.loads(out)["figures"]
    assert {f["line"] for f in figures} == {1}
    gdp = [f for f in figures if f["indicator"] == "gdp"]
    assert sorted({(f["measure"], f["value"]) for f in gdp}) == [("growth_pct", 9.1), ("level", 481.35)]
    assert len(gdp) == 2 * repeats


def test_build_publishes_a_report_that_is_one_long_line(project, capsys, monkeypatch):
    """A 1 MB single-line report builds; its one figure links to #L1 on the source page."""
    filler = "各项工作稳步推进" * ((1024 * 1024) // 24 + 1)
    text = f"芗城区2024年政府工作报告：{filler}全区地区生产总值增长8%左右。"
    for seed in (project / "seeds").glob("*.txt"):
        seed.unlink()
    (project / "seeds" / "reports.yaml").unlink()
    (project / "seeds" / "long.txt").write_text(text, encoding="utf-8")
    code, out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 0, err
    assert "built site/: 1 reports" in out
    page = (project / "site" / "reports" / "xiangcheng-2024-work-report" / "index.html").read_text("utf-8")
    assert 'href="../../sources/xiangcheng-2024-work-report/#L1"' in page
    source = (project / "site" / "sources" / "xiangcheng-2024-work-report" / "index.html").read_text("utf-8")
    assert 'id="L1"' in source and 'id="L2"' not in source


# ---- YAML in data/ ---------------------------------------------------------------------------------

def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def _first_id(path: Path) -> str:
    return re.search(r"^- id: (\S+)", path.read_text(encoding="utf-8"), flags=re.M).group(1)


def fault_syntax(root: Path) -> str:
    path = root / "data" / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    region = _first_id(path)
    old = f"- id: {region}\n"
    text = _edit(path, old, f"- id: {region}\n  name_en: China: the country\n")
    line = line_of(text, "  name_en: China: the country")
    return (f"data/regions.yaml:{line}: YAML syntax error: mapping values are not allowed here "
            f"(expected valid YAML, got 'name_en: China: the country')")


def fault_unclosed(root: Path) -> str:
    path = root / "data" / "regions.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n- id: broken\n  name_zh: [unclosed\n"
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "  name_zh: [unclosed")
    return (f"data/regions.yaml:{line}: YAML syntax error: expected ',' or ']', but got '<stream end>' "
            f"(expected valid YAML, got the end of the file; while parsing a flow sequence that starts "
            f"on line {line})")


def fault_wrong_type(root: Path) -> str:
    path = root / "data" / "indicators.yaml"
    indicator = _first_id(path)
    text = _edit(path, "higher_is_better: true", "higher_is_better: yes please")
    return (f"data/indicators.yaml:{line_of(text, 'higher_is_better: yes please')}: indicator {indicator}: "
            f"field 'higher_is_better' has the wrong type (expected true/false, got text 'yes please')")


def _report_figure(root: Path, needle: str) -> tuple[Path, int, str]:
    """(path, 1-based figure number, name_zh) of the report figure whose block holds `needle` first."""
    path = root / "data" / "reports" / f"{H1_REPORT}.yaml"
    text = path.read_text(encoding="utf-8")
    before = text[: text.index(needle)]
    number = before.count("\n- name_zh: ")
    name = before.rsplit("\n- name_zh: ", 1)[1].split("\n", 1)[0]
    return path, number, name


def fault_unknown_indicator(root: Path) -> str:
    path, number, name = _report_figure(root, "  indicator: gdp\n")
    text = _edit(path, "  indicator: gdp\n", "  indicator: gpd\n")
    return (f"data/reports/{H1_REPORT}.yaml:{line_of(text, '  indicator: gpd')}: figure {number} ({name}): "
            f"unknown indicator (expected an id from data/indicators.yaml, got 'gpd'; did you mean 'gdp'?)")


def fault_unknown_region(root: Path) -> str:
    path = root / "data" / "reports" / f"{H1_REPORT}.yaml"
    text = _edit(path, "  region: xiangcheng\n", "  region: xiangchen\n")
    return (f"data/reports/{H1_REPORT}.yaml:{line_of(text, '  region: xiangchen')}: report: unknown region "
            f"(expected an id from data/regions.yaml, got 'xiangchen'; did you mean 'xiangcheng'?)")


def fault_unknown_parent(root: Path) -> str:
    path = root / "data" / "regions.yaml"
    text = _edit(path, "  parent: zhangzhou\n", "  parent: atlantis\n")
    child = re.findall(r"^- id: (\S+)", text[: text.index("  parent: atlantis")], flags=re.M)[-1]
    return (f"data/regions.yaml:{line_of(text, '  parent: atlantis')}: region {child}: unknown parent region "
            f"(expected an id from data/regions.yaml, got 'atlantis')")


def fault_duplicate_id(root: Path) -> str:
    path = root / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    indicator = _first_id(path)
    first = line_of(text, f"- id: {indicator}\n")
    text = text.rstrip("\n") + (f"\n- id: {indicator}\n  name_zh: 重复\n  name_en: duplicate\n"
                                f"  category: economy\n  higher_is_better: true\n")
    path.write_text(text, encoding="utf-8")
    line = text.count("\n") - 4
    return (f"data/indicators.yaml:{line}: indicator {indicator}: duplicate id (expected each id once, "
            f"got '{indicator}' again; first defined on line {first})")


def fault_missing_field(root: Path) -> str:
    path = root / "data" / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    indicator = _first_id(path)
    name_en = re.search(r"^  name_en: .*\n", text, flags=re.M).group(0)
    text = _edit(path, name_en, "")
    return (f"data/indicators.yaml:{line_of(text, f'- id: {indicator}')}: indicator {indicator}: missing "
            f"required field 'name_en' (expected name_en: text, got no such field)")


def fault_python_tag(root: Path) -> str:
    """Safe loading only: a tag that would run code is refused, and the code does not run."""
    marker = root / "pwned"
    path = root / "data" / "regions.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + (
        f"\n- id: evil\n  name_zh: !!python/object/apply:os.system ['touch {marker}']\n  name_en: Evil\n")
    path.write_text(text, encoding="utf-8")
    return (f"data/regions.yaml:{line_of(text, '  name_zh: !!python')}: YAML tag not allowed "
            f"(expected plain YAML data, got !!python/object/apply:os.system)")


CATALOG_FAULTS = {"syntax": fault_syntax, "unclosed": fault_unclosed, "wrong_type": fault_wrong_type,
                  "unknown_parent": fault_unknown_parent, "duplicate_id": fault_duplicate_id,
                  "missing_field": fault_missing_field, "python_tag": fault_python_tag}
REPORT_FAULTS = {"unknown_indicator": fault_unknown_indicator, "unknown_region": fault_unknown_region}


@pytest.mark.parametrize("fault", sorted(CATALOG_FAULTS) + sorted(REPORT_FAULTS))
def test_check_reports_a_broken_data_file(fault, project, capsys, monkeypatch):
    expected = {**CATALOG_FAULTS, **REPORT_FAULTS}[fault](project)
    code, _out, err = run_cli(project, "check", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: {expected}"]
    assert not (project / "pwned").exists()


@pytest.mark.parametrize("fault", sorted(CATALOG_FAULTS))
def test_build_reports_a_broken_catalog_and_writes_nothing(fault, project, capsys, monkeypatch):
    expected = CATALOG_FAULTS[fault](project)
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert err.splitlines() == [f"error: {expected}", UNCHANGED.format(step="generate")]
    assert sorted(p.name for p in (project / "data" / "reports").iterdir()) == [f"{H1_REPORT}.yaml"]
    assert not (project / "site").exists() and not list((project / "docs").rglob("*.md"))
    assert not (project / "pwned").exists()


def test_check_reports_every_problem_at_once_as_a_process(project):
    """All faults in one project: one line each, exit code 1, no traceback, from a real process."""
    # Each fault computes its line on the file as the faults before it left it.
    expected = [f"error: {make(project)}" for make in (fault_syntax, fault_missing_field, fault_wrong_type,
                                                        fault_unknown_indicator)]
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "check"], cwd=project,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert sorted(error_lines(result.stderr)) == sorted(expected)


# ---- review files and seed metadata ---------------------------------------------------------------

REVIEW_FAULTS = {
    "not_a_mapping": ("- just a list\n", 1, "not a review (expected a mapping with drop, fix, add or map, "
                                            "got a list)"),
    "unknown_section": ("delete:\n  - line: 18\n", 1, "unknown section (expected drop, fix, add or map, "
                                                       "got 'delete')"),
    "section_not_a_list": ("drop: line 18\n", 1, "drop: not a list (expected a list of entries, got text)"),
    "wrong_type": ("drop:\n  - line: eighteen\n", 2, "drop 1: field 'line' has the wrong type (expected a whole "
                                                     "number, got text 'eighteen')"),
    "unknown_indicator": ("map:\n  地区生产总值: gpd\n", 2, "map '地区生产总值': unknown indicator (expected an id "
                                                     "from data/indicators.yaml, got 'gpd'; did you mean 'gdp'?)"),
    "fix_unknown_field": ("fix:\n  - line: 18\n    value: 481.35\n    set: {valeu: 1}\n", 4,
                          "fix 1: unknown field (expected one of: name_zh, indicator, kind, role, measure, value, "
                          "unit, unit_class, qualifier, period, basis, line, quote, section, rank, note, review, "
                          "got 'valeu')"),
    "add_missing_field": ("add:\n  - name_zh: 新指标\n    value: 3\n", 2, None),
}


@pytest.mark.parametrize("fault", sorted(REVIEW_FAULTS))
def test_build_reports_a_broken_review_file(fault, project, capsys, monkeypatch):
    text, line, message = REVIEW_FAULTS[fault]
    review = project / "data" / "review" / f"{H1_REPORT}.yaml"
    review.parent.mkdir(parents=True, exist_ok=True)
    review.write_text(text, encoding="utf-8")
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    errors = error_lines(err)
    if message is None:  # every missing required field of the added figure, at the entry's line
        missing = [name for name, spec in FIGURE.fields.items() if spec.required and name not in ("name_zh", "value")]
        assert [re.search(r"field '(\w+)'", e).group(1) for e in errors] == missing
        assert all(e.startswith(f"error: data/review/{H1_REPORT}.yaml:{line}: add 1: missing required field")
                   for e in errors)
    else:
        assert errors == [f"error: data/review/{H1_REPORT}.yaml:{line}: {message}"]
    assert err.splitlines()[-1] == UNCHANGED.format(step="generate")


SEED_META_FAULTS = {
    "id_escapes": ("  id: ../../evil\n", "field 'id' is malformed (expected an id of lowercase ASCII "
                                         "letters, digits and single hyphens, got '../../evil')"),
    "absolute_id": ("  id: /etc/passwd\n", "field 'id' is malformed (expected an id of lowercase "
                                          "ASCII letters, digits and single hyphens, got '/etc/passwd')"),
    "source_outside": ("  source: /etc/passwd\n", "unknown field (expected one of: id, title_zh, "
                                                 "title_en, region, year, period, kind, date, issuer_zh, "
                                                 "issuer_en, got 'source')"),
}


@pytest.mark.parametrize("fault", sorted(SEED_META_FAULTS))
def test_seed_metadata_cannot_point_outside_its_folder(fault, project, capsys, monkeypatch):
    line_text, message = SEED_META_FAULTS[fault]
    path = project / "seeds" / "reports.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = re.search(r"^  id: .*\n", text, flags=re.M).group(0)
    text = text.replace(anchor, line_text, 1)
    path.write_text(text, encoding="utf-8")
    label = next(raw for raw in text.splitlines() if raw and not raw.startswith(("#", " ")))[:-1]
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: seeds/reports.yaml:{line_of(text, line_text)}: {label}: {message}"]
    assert not (project / "site").exists()
    assert not list(project.parent.glob("evil*")) and not (project / "evil.yaml").exists()


def test_seed_metadata_names_a_region_of_the_catalog(project, capsys, monkeypatch):
    path = project / "seeds" / "reports.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = re.search(r"^  region: .*\n", text, flags=re.M).group(0)
    text = text.replace(anchor, "  region: atlantis\n", 1)
    path.write_text(text, encoding="utf-8")
    label = next(raw for raw in text.splitlines() if raw and not raw.startswith(("#", " ")))[:-1]
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: seeds/reports.yaml:{line_of(text, '  region: atlantis')}: {label}: "
                                f"unknown region (expected an id from data/regions.yaml, got 'atlantis')"]


@pytest.mark.parametrize("name", ["../outside.txt", "sub/dir.txt", ".hidden.txt"])
def test_seed_metadata_keys_must_be_plain_file_names(name, project, capsys, monkeypatch):
    path = project / "seeds" / "reports.yaml"
    text = path.read_text(encoding="utf-8") + f"{name}:\n  region: xiangcheng\n"
    path.write_text(text, encoding="utf-8")
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: seeds/reports.yaml:{line_of(text, name + ':')}: {name!r}: expected a "
                                f"file name in seeds/ (no folders, nothing outside seeds/)"]


# ---- hostile report text ----------------------------------------------------------------------------

HOSTILE_REPORT = """芗城区2024年政府工作报告

一、<script>window.__pwned='section'</script>主要预期目标{{ 7*7 }}

<img src=x onerror="window.__pwned='img'">地区生产总值增长8%左右。
[点我](javascript:window.__pwned='link')规模以上工业增加值增长7%。
**粗体**_斜体_ | 管道 | 表格 |固定资产投资增长10%。
{% if true %}社会消费品零售总额{{ 7*7 }}增长6%{% endif %}。
<a href="javascript:alert(3)">链接</a>新建{{ 7*7 }}公办幼儿园12所。
# 标题 ![图](x.png) <iframe src="javascript:alert(4)"></iframe>完成投资20亿元。
"""
HOSTILE_META = """hostile.txt:
  id: xiangcheng-2024-work-report
  title_zh: "<script>window.__pwned='title'</script>芗城区{{ 7*7 }}报告 | 管道 |"
  title_en: "<img src=x onerror=\\"window.__pwned='title_en'\\"> Report {{ 7*7 }} | pipe |"
  region: xiangcheng
  year: 2024
  period: "2024"
  kind: work_report
  issuer_zh: "[发布](javascript:alert(5))"
  issuer_en: "**bold** {% raw %} <b>x</b>"
"""
HOSTILE_ID = "xiangcheng-2024-work-report"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A site built from a report whose text and metadata carry markup, scripts and template syntax."""
    from generator.build import Project, build

    root = copy_project(tmp_path_factory.mktemp("hostile"))
    for seed in (root / "seeds").glob("*.txt"):
        seed.unlink()
    (root / "seeds" / "hostile.txt").write_text(HOSTILE_REPORT, encoding="utf-8")
    (root / "seeds" / "reports.yaml").write_text(HOSTILE_META, encoding="utf-8")
    build(Project(root))
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root / "site", f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


HOSTILE_PAGES = [f"{prefix}{page}" for prefix in ("", "en/") for page in
                 (f"reports/{HOSTILE_ID}/", f"sources/{HOSTILE_ID}/", "", "reports/", "regions/xiangcheng/")]

PAGE_STATE = """() => (document.querySelectorAll('details').forEach(d => { d.open = true; }), {
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  text: document.querySelector('article').innerText,
  planted: document.querySelectorAll('article img[onerror], article iframe, [href^="javascript:" i], ' +
                                     '[src^="javascript:" i], article script:not([type="application/json"])' +
                                     ':not([src])').length,
  tables: Array.from(document.querySelectorAll('article table'), t => Array.from(t.rows, r => r.cells.length)),
})"""


@pytest.mark.browser
def test_hostile_report_text_is_shown_as_text_and_runs_nothing(hostile_site, browser):
    _site, url = hostile_site
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in HOSTILE_PAGES:
            page.goto(f"{url}/{path}")
            state = page.evaluate(PAGE_STATE)
            assert state["pwned"] is None, path
            # The only inline scripts in an article are the site's own (print date); nothing planted.
            assert state["planted"] <= 1, path
            assert "49" not in state["text"], path
            for rows in state["tables"]:
                assert len(set(rows)) == 1, f"{path}: a table row has a different number of cells: {rows}"
            if path.endswith(f"reports/{HOSTILE_ID}/"):
                assert "<script>window.__pwned='section'</script>主要预期目标{{ 7*7 }}" in state["text"]
                # A figure outside the catalog: its whole clause in Chinese, its name in English; as text.
                assert ("|管道|表格|固定资产投资" + ("" if path.startswith("en/") else "增长10%")) in state["text"]
                assert "{% if true %}社会消费品零售总额{{ 7*7 }}" in state["text"]
            if path.endswith(f"sources/{HOSTILE_ID}/"):
                assert "[点我](javascript:window.__pwned='link')规模以上工业增加值增长7%。" in state["text"]
                assert "# 标题 ![图](x.png) <iframe src=\"javascript:alert(4)\"></iframe>" in state["text"]
        assert not dialogs
    finally:
        context.close()


class _PlantedMarkup(HTMLParser):
    """Tags and attributes as a browser parses them: event handlers, script URLs, planted scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (name in ("src", "href", "action", "formaction") and
                                         (value or "").strip().lower().startswith("javascript:")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed"):
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "__pwned" in data:
            self.found.append(f"<script>{data[:60]}")


def test_hostile_text_is_escaped_in_every_page(hostile_site):
    """Static check over every page: no planted handler, script URL, frame or script is markup."""
    site, _url = hostile_site
    probe = _PlantedMarkup()
    probe.feed('<img src=x onerror="a()"><a href=" JavaScript:b()">x</a><iframe></iframe>'
               '<script>window.__pwned=1</script><p title="&lt;img onerror=x&gt;">&lt;script&gt;</p>')
    assert len(probe.found) == 4, probe.found  # the checker sees real markup, and only that
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = path.read_text(encoding="utf-8")
        parser = _PlantedMarkup()
        parser.feed(text)
        assert not parser.found, (path, parser.found)
        assert ">49<" not in text and "报告49" not in text, path
    # The hostile text is there, escaped: the checks above looked at the right pages.
    source = (site / "sources" / HOSTILE_ID / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in source


def test_a_seed_linking_outside_the_project_is_refused(project, tmp_path, capsys, monkeypatch):
    outside = tmp_path / "secret.txt"
    outside.write_text("地区生产总值增长7%左右\n", encoding="utf-8")
    (project / "seeds" / "linked.txt").symlink_to(outside)
    code, _out, err = run_cli(project, "build", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert error_lines(err) == [f"error: seeds/linked.txt: links to a file outside the project (expected a "
                                f"report file inside the project, got {outside.resolve()})"]
    assert not (project / "site").exists()
