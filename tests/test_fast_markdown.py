"""The fast path past Python-Markdown (generator/fast_markdown.py) gives what Python-Markdown gives.

For every page of the seeds site and of a small synthetic corpus, and for tricky and random inputs, the
converter either declines or sets the page's HTML, table of contents, title, anchor ids and links to
anchors exactly as MkDocs' own Page.render does with this project's Markdown settings (and logs the same
warnings); a site built with the fast path is the site built without it, byte for byte.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from generator import bench, fast_markdown, raw_blocks
from generator.build import Project, generate, run_mkdocs, write_generated
from tests.conftest import ROOT
from tests.test_mkdocs_parallel import DATE, tree

# Pages of the generated kinds, all of which the fast path must take (the rest may go to Python-Markdown).
GENERATED = ("reports/", "indicators/", "regions/", "sources/")
# Files a test page may link to.
LINKED = ("index.md", "reports/index.md", "reports/a-report.md", "sources/a-report.md")


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    return load_config(config_file=str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(docs.parent / "site"))


@pytest.fixture(scope="module")
def converter(config):
    found = fast_markdown.converter_for(config)
    assert found is not None, "the project's own Markdown settings must have the fast path"
    return found


@pytest.fixture(scope="module")
def files(config):
    return Files([File(path, config["docs_dir"], config["site_dir"], True) for path in LINKED])


def _toc(items) -> list:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def _page(config, src: str, markdown: str) -> Page:
    page = Page(None, File(src, config["docs_dir"], config["site_dir"], True), config)
    page.markdown, page.meta = markdown, {}
    return page


def _seen(page: Page, warnings: list[str]) -> tuple:
    links = {file.src_uri: anchors for file, anchors in page.links_to_anchors.items()}  # Files compare by identity
    return page.content, _toc(page.toc), page._title_from_render, page.present_anchor_ids, links, warnings


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def python_markdown(config, files, markdown: str, caplog, src: str = "reports/page.md") -> tuple:
    """What MkDocs' own Page.render sets (and logs) for this Markdown."""
    import markdown as md_module

    caplog.clear()
    page = _page(config, src, markdown)
    original = getattr(Page.render, "__wrapped__", Page.render)
    original(page, config, files)
    md = md_module.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    md.convert(markdown)
    return _seen(page, _warnings(caplog)), md.toc_tokens


def fast(converter, config, files, markdown: str, caplog, src: str = "reports/page.md") -> tuple | None:
    """What the fast path sets (and logs), or None where it declines."""
    caplog.clear()
    done = converter.convert(markdown)
    if done is None:
        return None
    page = _page(config, src, markdown)
    fast_markdown._apply(page, done, config, files)
    return _seen(page, _warnings(caplog)), done.toc_tokens


def assert_same_or_declined(converter, config, files, markdown: str, caplog, src: str = "reports/page.md") -> bool:
    """True if the fast path took the Markdown (and then gave what Python-Markdown gives)."""
    got = fast(converter, config, files, markdown, caplog, src)
    if got is None:
        return False
    assert got == python_markdown(config, files, markdown, caplog, src), markdown
    return True


def _lifted_pages(docs: Path):
    """Each page of a docs/ folder as MkDocs hands it to Page.render (front matter off, raw blocks lifted)."""
    for path in sorted(docs.rglob("*.md")):
        markdown, _meta = meta.get_data(path.read_text(encoding="utf-8-sig"))
        yield path.relative_to(docs).as_posix(), raw_blocks.lift(markdown)


def _assert_site_pages(docs: Path, converter, config, caplog) -> dict[str, int]:
    files = Files([File(src, str(docs), config["site_dir"], True) for src, _ in _lifted_pages(docs)])
    taken = {"fast": 0, "declined": 0}
    for src, markdown in _lifted_pages(docs):
        took = assert_same_or_declined(converter, config, files, markdown, caplog, src)
        assert took or not src.startswith(GENERATED), f"{src}: a generated page went to Python-Markdown"
        taken["fast" if took else "declined"] += 1
    return taken


def test_every_page_of_the_seeds_site_is_converted_as_python_markdown_does(built, converter, config, caplog):
    project, _ = built
    taken = _assert_site_pages(project.docs, converter, config, caplog)
    assert taken["fast"] > 100 and taken["declined"] < 20, taken


@pytest.fixture(scope="module")
def bench_docs(tmp_path_factory) -> Path:
    """The docs/ of six synthetic reports (generator/bench.py), without MkDocs."""
    root, _specs = bench.make_project(tmp_path_factory.mktemp("fast") / "project", 6)
    project = Project(root)
    write_generated(project, generate(project))
    return project.docs


def test_every_page_of_a_synthetic_corpus_is_converted_as_python_markdown_does(bench_docs, converter, config,
                                                                                  caplog):
    taken = _assert_site_pages(bench_docs, converter, config, caplog)
    assert taken["fast"] > 50, taken


# (Markdown, whether the fast path takes it): either way, what comes out must be Python-Markdown's.
TRICKY = [
    ("# Title\n\nrsrawblock0x\n\n## Targets { #targets }\n\nText.", True),
    ("## Growth \\(H1 2015\\) { #chart-growth }", True),
    ("Escaped \\* \\_ \\# \\[ \\] \\{ \\} \\( \\) \\+ \\- \\. \\! \\| \\\\ \\` and \\~", True),
    ("## A \\# heading \\#", True),
    ("Entities &amp; &lt;b&gt; &quot; &#20013; &#x4e2d; and & alone, R & D", True),
    ("# 芗城区2023年政府工作报告（摘要）\n\n本报告涉及的指标：地区生产总值、固定资产投资", True),
    ("### （二）坚持稳中求进，经济运行回稳向好\n\n### （二）坚持稳中求进，经济运行回稳向好", False),  # same slug
    ("## Targets { #targets }\n\n## Other { #targets }", False),  # same explicit id
    ("## Targets\n\n## Results { #targets }", False),  # a slug taken by a later explicit id
    ("## Results\n\n## Results Too", True),
    ("## !!!", False),
    ("### <span lang=\"zh\" class=\"rs-untranslated\">（二）坚持</span><span class=\"rs-untranslated-mark\"> (not yet"
     " translated)</span>", True),
    ("<span lang=\"zh\">农林牧渔业总产值</span>", True),
    ("Text <span id=\"here\">with an id</span> inside", True),
    ("<p>本报告涉及的指标：地区生产总值、R&amp;D经费投入</p>\n\n## After { #after }", True),
    ("<p class=\"rs-indicators\" id=\"indicators\">A <span lang=\"zh\">中文</span> paragraph</p>", True),
    ("<p id=\"here\">An id a heading's slug repeats</p>\n\n## Here\n\nText <span id=\"here\">again</span>", True),
    ("<p>Two</p><p>paragraphs</p>", False),
    ("<p>Unclosed <span>span</p>", False),
    ("<p>A <a href=\"x/\">link</a></p>", False),
    ("<div>block</div>", False),
    ("Text with trailing spaces  ", False),
    ("Text\r\n\r\n## Windows { #windows }\r\n", False),
    ("Tab\tinside", False),
    ("A paragraph\ncontinued on a second line", False),
    ("## Heading\ntext right below", False),
    ("- a list\n- of items", False),
    ("1. an ordered\n2. list", False),
    ("2024\\. A year, escaped", True),
    ("2024. A year, not escaped", False),
    ("Some *emphasis* here", False),
    ("Some _emphasis_ here", False),
    ("Some `code` here", False),
    ("> a quote", False),
    ("    indented code", False),
    ("!!! note\n    an admonition", False),
    ("| a | b |\n|---|---|\n| 1 | 2 |", False),
    ("a | b", False),
    ("~~~\nfenced\n~~~", False),
    ("Text { #not-an-id }", False),
    ("####### seven", False),
    ("#no-space heading", False),
    ("## Trailing hashes ##", False),
    ("\u3000Ideographic space first", False),
    ("Ideographic space last\u3000", False),
    ("Ideographic\u3000space inside", True),
    ("## Heading ending in a no-break space\u00a0 { #nbsp }", False),
    ("Line\u2028separator and next\x85line inside", True),
    ("### Name with  two spaces", True),
    ("&#X41; &foo bar &", False),
    ("Report page. [Report](../reports/a-report.md)", True),
    ("[Report](../reports/a-report.md) first", False),
    ("A [link \\(escaped\\)](../index.md#targets) and [another](a-report.md)", True),
    ("A [broken link](no-such-page.md)", True),
    ("An [anchor](#here) on the page\n\n## Here { #here }", True),
    ("An [external](https://example.org/x) link", True),
    ("An ![image](x.png)", False),
    ("A [link](<x.md>)", False),
    ("A [link](x.md \"title\")", False),
    ("A [reference][ref]", False),
    ("", True),
    ("\n\n\n", True),
    ("rsrawblock0x\n\n\n\nrsrawblock1x", True),
    ("Text \x02 with a control character", False),
]


@pytest.mark.parametrize("markdown, taken", TRICKY)
def test_tricky_inputs_are_declined_or_converted_identically(markdown, taken, converter, config, files, caplog):
    assert assert_same_or_declined(converter, config, files, markdown, caplog, "sources/a-report.md") == taken


# Pieces of lines for random documents: plain text, markup the subset takes, and markup it does not.
WORDS = ["Text", "报告", "目标", "a", "R", "D", "2024", "H1", "（二）", "、", "：", " ", "-", ".", "(", ")", "'", '"',
         "%", "×", "é", "Ǆ", "rsrawblock2x", "Text", "报告", "目标", "a", "R", "D", "2024", "H1", "（二）", "、",
         "\u3000", "  ", "\u00a0", "\u2028", "\x85", "#"]
TAKEN = ["\\(", "\\)", "\\*", "\\_", "\\#", "\\.", "\\-", "\\~", "\\\\", "\\[", "\\{", "&amp;", "&lt;", "&gt;",
         "&#20013;", "&#x4e2d;", "& ", '<span lang="zh">中文</span>', '<span id="s" class="c">a <span>b</span></span>',
         "[link](../index.md)", "[l\\(i\\)nk &amp; more](a-report.md#part)", "[bad](nowhere.md)",
         "[out](https://example.org/x)"]
DECLINED = ['<span lang="zh">', "</span>", "\\a", "\\&", "\\<", "\\>", "\\", "&", "&x", "&#", "&#X41;", "<em>",
            "<br>", "<!-- c -->", "*", "_", "`", "[", "]", "{", "}", "{ #x }", "!", "~", "|", "<", ">",
            "<https://example.org>", "![i](x.png)", "[l](<x.md>)", "[l](x.md 'title')", "\t", "\r", "\x02"]
STARTS = ["", "", "", "# ", "## ", "### ", "###### ", "<p>", '<p id="p" class="c">']
DECLINED_STARTS = ["####### ", "#", "- ", "* ", "1. ", "> ", "    ", "!!! note ", "<div>", "~~~", "---", "===",
                   "[a]: x"]
HEADING_ENDS = [" { #an-id }", " { #other }", " { #an-id }  ", "{ #tight }", " {: #colon }", " { .class }", " #"]


def _random_line(rng: random.Random, declining: float) -> str:
    def piece():
        if rng.random() < 0.75:
            return rng.choice(WORDS)
        return rng.choice(DECLINED if rng.random() < declining else TAKEN)

    start = rng.choice(DECLINED_STARTS if rng.random() < declining else STARTS)
    line = start + "".join(piece() for _ in range(rng.randint(1, 8)))
    if line.startswith("<p") and rng.random() < 0.9:
        line += "</p>"
    if line.startswith("#") and rng.random() < 0.5:
        line += rng.choice(HEADING_ENDS[:2] if rng.random() > declining else HEADING_ENDS)
    return line


def _random_document(rng: random.Random) -> str:
    declining = rng.choice([0, 0, 0.05, 0.2])  # how often a piece is one the subset does not take
    lines = []
    for _ in range(rng.randint(1, 6)):
        lines.append(_random_line(rng, declining))
        lines.append(rng.choice(["", "", "", "\n", "\n\n"]) if rng.random() > declining else "x")
    return "\n".join(lines)


def test_random_documents_are_declined_or_converted_identically(converter, config, files, caplog):
    rng = random.Random("reportsite-fast-markdown")
    taken = 0
    for _ in range(5000):
        taken += assert_same_or_declined(converter, config, files, _random_document(rng), caplog, "sources/a-report.md")
    assert taken > 1000, taken  # enough documents inside the subset for the comparison to mean something


def test_other_markdown_settings_keep_python_markdown(config):
    extensions = config["markdown_extensions"]
    mdx = config["mdx_configs"]
    try:
        config["markdown_extensions"] = [*extensions, "footnotes"]
        assert fast_markdown.converter_for(config) is None
        config["markdown_extensions"] = extensions
        config["mdx_configs"] = {"toc": {**mdx["toc"], "permalink": True}}
        assert fast_markdown.converter_for(config) is None
        config["mdx_configs"] = {**mdx, "admonition": {}}
        assert fast_markdown.converter_for(config) is None
    finally:
        config["markdown_extensions"], config["mdx_configs"] = extensions, mdx
    assert fast_markdown.converter_for(config) is not None


def test_a_config_the_hook_did_not_enable_renders_with_python_markdown(config, files, monkeypatch):
    fast_markdown.install()
    fast_markdown.install()  # once only: the wrapper does not wrap itself
    assert not getattr(Page.render.__wrapped__, "_reportsite_fast", False)
    called = []
    monkeypatch.setattr(fast_markdown.Converter, "convert", lambda self, text: called.append(text))
    page = _page(config, "reports/page.md", "# Title")
    Page.render(page, config, files)  # this config was never enabled
    assert page.content == '<h1 id="title">Title</h1>' and called == []


def test_the_switch_turns_the_fast_path_off(config, monkeypatch):
    monkeypatch.setenv(fast_markdown.SWITCH, "0")
    fast_markdown.enable(config)
    assert getattr(config, fast_markdown._ATTRIBUTE) is None
    monkeypatch.delenv(fast_markdown.SWITCH)
    fast_markdown.enable(config)
    assert getattr(config, fast_markdown._ATTRIBUTE) is not None
    setattr(config, fast_markdown._ATTRIBUTE, None)


def test_a_site_built_with_the_fast_path_is_the_site_built_without_it(built, tmp_path, monkeypatch):
    project, _ = built
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DATE)
    converted = []  # pages this process converted (the English build may run in a forked one)
    convert = fast_markdown.Converter.convert
    monkeypatch.setattr(fast_markdown.Converter, "convert", lambda self, text: converted.append(convert(self, text))
                        or converted[-1])
    sites = {}
    for switch in ("0", "1"):
        monkeypatch.setenv(fast_markdown.SWITCH, switch)
        run_mkdocs(project, project.docs, tmp_path / switch)
        sites[switch] = tree(tmp_path / switch)
        assert (len([c for c in converted if c]) > 50) == (switch == "1"), len(converted)
        converted.clear()
    assert sorted(sites["0"].keys() ^ sites["1"].keys()) == []
    assert [name for name in sites["0"] if sites["0"][name] != sites["1"][name]] == []
