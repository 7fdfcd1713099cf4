"""Search in both languages, on top of Material's search plugin.

- Chinese: Material cuts Chinese text into words with jieba at build time, but the reader's query
  is only split at spaces and punctuation. jieba cuts 固定资产投资 into 固定资产 + 投资, so the
  query 固定资产投资 found nothing. The catalogs' names (indicators, their aliases, regions) are
  taught to jieba as whole words first; a query then matches the whole name and, as a prefix, its start.
- One index holds both languages: on English pages the quoted Chinese (elements marked lang="zh")
  is left out of it, so a Chinese query lists the Chinese pages, not their English twins.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

_LANG_ZH_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)(\s[^<>]*?\blang="zh(?:-[A-Za-z]+)?")(?![^<>]*data-search-exclude)')


def catalog_words(data_dir: Path) -> list[str]:
    """Chinese names in data/indicators.yaml and data/regions.yaml (aliases included), longest first."""
    from . import yamlio

    words = set()
    for name in ("indicators.yaml", "regions.yaml"):
        path = data_dir / name
        if not path.exists():
            continue
        for entry in yamlio.plain(yamlio.load(path, f"data/{name}")) or []:
            if isinstance(entry, dict):
                words.update(w for w in [entry.get("name_zh"), *(entry.get("aliases") or [])]
                             if isinstance(w, str) and len(w) > 1)
    return sorted(words, key=lambda w: (-len(w), w))


def register_words(data_dir: Path) -> int:
    """Teach jieba (the one Material's search plugin uses, in this process) the catalogs' names."""
    try:
        import jieba
    except ImportError:  # no jieba: Material does not cut Chinese at all, nothing to teach
        return 0
    jieba.setLogLevel(logging.WARNING)  # its dictionary's progress lines are not the build's output
    words = catalog_words(data_dir)
    for word in words:
        # Once per process: jieba.add_word also grows the dictionary's total count, so teaching a word
        # again on every rebuild (mkdocs serve, tests) would shift how later builds cut the same text.
        if word not in _TAUGHT:
            jieba.add_word(word)
            _TAUGHT.add(word)
    return len(words)


_TAUGHT: set[str] = set()


# Report pages are what a search is usually for, but their words sit in long tables, so the ranking
# puts short indicator pages whose title shares a character first (Material cuts a Chinese query into
# pieces of words in the index). A boost brings the report pages to the top; Material reads it from
# the page's `search: boost:` metadata.
REPORT_BOOST = 10


def boost_report_page(page) -> None:
    if page.file.src_uri.startswith("reports/") and not page.file.src_uri.startswith("reports/index."):
        page.meta.setdefault("search", {}).setdefault("boost", REPORT_BOOST)


def is_english_page(src_uri: str) -> bool:
    return src_uri.endswith(".en.md")


_DIV_TAG = re.compile(r"<(/?)div\b")
_ZH_DIV = re.compile(r'<div(\s[^<>]*?\blang="zh(?:-[A-Za-z]+)?")')


def _zh_divs_as_sections(html: str) -> str:
    """<div lang="zh"> blocks holding other divs become <section>s.

    Material's search parser compares elements by tag name only, so the exclusion of a div ends
    when the first div inside it closes (the source text's line divs); a section holds no section.
    """
    while found := _ZH_DIV.search(html):
        depth, end = 0, None
        for tag in _DIV_TAG.finditer(html, found.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag
                break
        if end is None:  # unbalanced: leave the page as it is
            return html
        html = (html[: found.start()] + "<section" + html[found.start() + 4: end.start()] + "</section"
                + html[end.end():])
    return html


def exclude_quoted_chinese(html: str) -> str:
    """Mark every element with lang="zh" data-search-exclude (Material's search skips such elements)."""
    return _LANG_ZH_TAG.sub(r"<\1\2 data-search-exclude", _zh_divs_as_sections(html))
