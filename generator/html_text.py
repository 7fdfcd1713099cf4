"""The text of a saved web page: the article, paragraphs as lines, table cells tab-separated.

A government page wraps a report in site chrome: menus, a breadcrumb, a byline with a view counter,
share buttons, lists of related reports, a footer. The article is found by where the prose is: the
deepest element that holds most of the page's sentences (text with Chinese clause punctuation).
Before it, the page's heading and its byline (来源, 发布时间: the page's own date and source, which
meta.py may read) are kept, counters and buttons cut from it; everything after the article goes.
Scripts, styles, navigation and footers are never read. A page without a clear article is read whole.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset(("p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "title",
                    "section", "article", "blockquote", "ul", "ol", "dd", "dt", "header", "footer", "hr"))
_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "iframe", "select", "option", "button",
                   "nav", "aside", "form", "head"))
_CELL = frozenset(("td", "th"))
_HEADING = frozenset(("h1", "h2", "h3"))
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"))
_LOOKS_LIKE_HTML = re.compile(r"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<meta\s)",
                              re.IGNORECASE | re.DOTALL)
# class or id words of site chrome (crumb: 面包屑 breadcrumbs; xgwz, xglj: 相关文章, 相关链接 in pinyin)
_CHROME_NAME = re.compile(r"(?:^|[\s_-])(?:nav\w*|menu\w*|\w*crumb\w*|breadcrumb|footer|foot|copyright|share\w*|"
                          r"related|xgwz|xglj|sidebar|toolbar|search\w*|login|friendlink|links?)(?:$|[\s_-])",
                          re.IGNORECASE)
# A byline: the page's source and date, which the article's frame may need.
_BYLINE = re.compile(r"(?:来源|发布时间|发布日期|时间|日期|信息来源|文章来源|发文机关|成文日期)\s*[:：]")
# What a byline carries besides: counters, font-size switches, print and close buttons.
_BYLINE_NOISE = re.compile(r"(?:阅读次数|浏览次数|点击数|点击量|访问量|阅读|浏览)\s*[:：]?\s*\d*|【?字[体号]\s*[:：]?"
                           r"\s*[大中小\s]*】?|【?(?:打印|关闭|收藏|分享到?)(?:本页|窗口)?】?|\[\s*[大中小]\s*\]")
_SENTENCE_PUNCT = re.compile(r"[，。；：]")
_ARTICLE_SHARE = 0.7  # the article holds at least this share of the page's prose
_START, _END, _HEAD = "\x02", "\x03", "\x04"  # marks in the rendered text: article start and end, a heading


def looks_like_html(text: str) -> bool:
    return bool(_LOOKS_LIKE_HTML.match(text[:4096]))


class _Node:
    __slots__ = ("tag", "attrs", "children", "prose")

    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs = tag, attrs
        self.children: list[_Node | str] = []
        self.prose = 0  # characters of sentence-like text inside


class _Tree(HTMLParser):
    """The page as a tree of elements; chrome elements are dropped as they are read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]
        self.skipping: list[str] = []  # the tags of skipped elements being read

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self.handle_startendtag(tag, attrs)
            return
        attrs = dict(attrs)
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if self.skipping or tag in _SKIP or tag in ("header", "footer") or _CHROME_NAME.search(names):
            self.skipping.append(tag)
            return
        node = _Node(tag, attrs)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_endtag(self, tag):
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        for depth in range(len(self.stack) - 1, 0, -1):  # an unclosed inner element ends with its parent
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag in _BLOCK:
            self.stack[-1].children.append(_Node(tag, {}))

    def handle_data(self, data):
        if not self.skipping:
            self.stack[-1].children.append(data.replace("\n", " ").replace("\r", " "))


def _count_prose(node: _Node) -> int:
    total = 0
    for child in node.children:
        if isinstance(child, str):
            total += len(child.strip()) if _SENTENCE_PUNCT.search(child) else 0
        else:
            total += _count_prose(child)
    node.prose = total
    return total


def _article(root: _Node) -> _Node | None:
    """The deepest element holding most of the page's prose."""
    total = _count_prose(root)
    if not total:
        return None
    node = root
    while True:
        inner = [child for child in node.children if isinstance(child, _Node)]
        best = max(inner, key=lambda child: child.prose, default=None)
        if best is None or best.prose < _ARTICLE_SHARE * total:
            return None if node is root else node
        node = best


def _render(node: _Node, article: _Node | None, parts: list[str]) -> None:
    if node is article:
        parts.append(f"\n{_START}\n")
    heading = node.tag in _HEADING or "title" in f"{node.attrs.get('class') or ''}".lower()
    if node.tag in _BLOCK:
        parts.append("\n" + (_HEAD if heading else ""))
    elif node.tag in _CELL:
        parts.append("\t")
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        else:
            _render(child, article, parts)
    if node.tag in _BLOCK:
        parts.append("\n")
    if node is article:
        parts.append(f"\n{_END}\n")


def _tidy(text: str) -> list[str]:
    """Lines without their surrounding spaces; blank lines between blocks collapsed to one."""
    lines: list[str] = []
    for line in text.replace("\xa0", " ").split("\n"):
        line = line.strip(" \u3000")  # (a page indents its paragraphs with ideographic spaces)
        line = line.strip(" \t") if "\t" not in line.strip(" ") else line
        if line.strip():
            lines.append(line.strip("\t") if line.count("\t") < 2 else line)
        elif lines and lines[-1] != "":
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _byline(line: str) -> str:
    return " ".join(_BYLINE_NOISE.sub(" ", line).split())


def html_lines(text: str) -> list[str]:
    """The page's article, one line per paragraph: after the page's heading and byline when they stand
    outside it; the whole page's text when no element holds most of its prose."""
    tree = _Tree()
    tree.feed(text)
    tree.close()
    article = _article(tree.root)
    parts: list[str] = []
    _render(tree.root, article, parts)
    rendered = "".join(parts)
    if article is None:
        return _tidy(rendered.replace(_HEAD, ""))
    before, _, rest = rendered.partition(_START)
    body = rest.partition(_END)[0].replace(_HEAD, "")
    head: list[str] = []
    for line in _tidy(before):
        if line.startswith(_HEAD) and line.strip(_HEAD + " \t") and len(line) < 120:
            head.append(line.strip(_HEAD + " \t"))
        elif _BYLINE.search(line) and len(line) < 160:
            head.append(_byline(line.replace(_HEAD, "")))
    lines: list[str] = []
    for line in head:
        lines += [line, ""]
    return lines + _tidy(body)
