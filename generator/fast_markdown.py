"""A fast path past Python-Markdown for the Markdown the generated pages still hold.

Once the hook has lifted the raw blocks (raw_blocks.py), a generated page's Markdown is ATX headings
(`## Text { #id }`), one-line paragraphs of escaped text (render.md_escape), one-line HTML paragraphs
(`<p>…</p>`), the raw blocks' marker paragraphs and blank lines. Building a `markdown.Markdown` for each
page and running every block, inline and tree processor over that took about a third of a build's CPU
at 1000 reports. `Converter.convert` writes the same HTML, table of contents tokens, title and anchor ids
as Python-Markdown with this project's extensions and MkDocs' own processors, for exactly that subset,
and returns None for anything else: the page then goes through Python-Markdown as before.

`install` wraps MkDocs' `Page.render` once; only a config the hook has `enable`d takes the fast path.
REPORTSITE_FAST_MARKDOWN=0 turns it off (the site is the same either way, only slower).
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass

import markdown
from markdown.extensions import toc as toc_extension
from markdown.serializers import _escape_attrib_html
from mkdocs.structure import pages
from mkdocs.structure.toc import get_toc
from mkdocs.utils.rendering import _strip_tags as _mkdocs_strip_tags  # MkDocs' title: tags out, spaces collapsed

SWITCH = "REPORTSITE_FAST_MARKDOWN"
_ATTRIBUTE = "_reportsite_fast_markdown"  # where enable() leaves a config's converter
# The extensions, and the one extension's settings, this converter reproduces (mkdocs.yml plus MkDocs'
# built-in toc, tables and fenced_code). Any other configuration keeps Python-Markdown for every page.
EXTENSIONS = {"toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"}
TOC_SETTINGS = {"permalink", "slugify"}

HEADING = re.compile(r"(#{1,6}) (\S(?:.*\S)?)")
EXPLICIT_ID = re.compile(r"(\S(?:.*?\S)?) \{ #([A-Za-z0-9][A-Za-z0-9_-]*) \}")  # attr_list strips the space before
ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")  # Python-Markdown's inline entity
# Inline HTML left as it is: a span whose attributes are plain double-quoted words. Nothing in a value
# that an inline pattern running before the HTML one (escapes, code, links) or the anchor scan would read.
TAG = re.compile(r'<(?:(span)((?: [a-z][a-z-]*="[A-Za-z0-9 ._:/-]*")*)|/(span))>')
ATTRIBUTE = re.compile(r' ([a-z-]+)="([^"]*)"')
# A raw HTML paragraph of its own (md_in_html stores it as it is), with attributes as above.
HTML_PARAGRAPH = re.compile(r'<p((?: [a-z][a-z-]*="[A-Za-z0-9 ._:/-]*")*)>(.*)</p>')
# A link of plain text to a plain address, such as a source page's link to its report.
LINK = re.compile(r"\[((?:[^\\\[\]`*_{}|<>!~&\x00-\x1f]|\\[^\x00-\x1f]|&[#a-zA-Z0-9]+;)+)\]\(([A-Za-z0-9._~/#:%-]+)\)")
LINK_MARK = re.compile("\x00([0-9]+)\x00")  # where a link's address goes once MkDocs has resolved it
# Text Python-Markdown reads as something other than plain text, or whose output this converter does
# not reproduce: code, emphasis, links, attribute lists, tables, autolinks, admonitions, fences, controls.
SPECIAL = re.compile(r"[`*_\[\]{}|<>!~\\&\x00-\x1f\x7f]")
HEADING_SPECIAL = re.compile(r"[`*_\[\]{}|<>!~\\&\x00-\x1f\x7f#]")  # and `#`: Markdown drops trailing ones
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # tabs, carriage returns and other controls
# Line starts that make a block something other than a paragraph (lists, rules, quotes, code, tables...).
BLOCK_START = re.compile(r"[#\-+=:>|!~`*_\[]|\d+\.|\s")
PLAIN_ESCAPES = "~"  # backslash before a character Markdown cannot escape: both stay (`\~` is `\~`)
UNSAFE_ESCAPES = "<>&"  # escaped, these come out differently in the page and in the table of contents


@dataclass
class Rendered:
    """What MkDocs' Page.render sets from Python-Markdown's run. The page's links (`links`, in the order
    MkDocs would visit them) are resolved by `resolve`, once the whole page is known to be converted."""

    html: str
    toc_tokens: list[dict]
    title: str | None
    anchor_ids: set[str]
    links: list[str]

    def resolve(self, path_to_url) -> str:
        """The page's HTML with each link's address as path_to_url(address) makes it, escaped as
        Python-Markdown's serializer escapes an attribute."""
        if not self.links:
            return self.html
        hrefs = [_escape_attrib_html(path_to_url(url)) for url in self.links]
        return LINK_MARK.sub(lambda m: hrefs[int(m.group(1))], self.html)


class _Declined(Exception):
    """The Markdown holds something outside the subset: Python-Markdown must convert it."""


@dataclass(frozen=True)
class Converter:
    escaped_chars: frozenset[str]  # what a backslash escapes (Python-Markdown's ESCAPED_CHARS)
    slugify: object  # the toc extension's slugify, called as slugify(text, separator)
    separator: str = "-"

    def convert(self, markdown: str) -> Rendered | None:
        """The page as Python-Markdown would convert it, or None when it holds anything else."""
        try:
            return self._convert(markdown)
        except _Declined:
            return None

    def _convert(self, markdown: str) -> Rendered:
        parts: list[str | _Heading] = []
        headings: list[_Heading] = []
        found = _Found()
        for line in _block_lines(markdown):
            if line.startswith("#"):
                heading = self._heading(line, found)
                headings.append(heading)
                parts.append(heading)
            elif line.startswith("<p"):
                # Python-Markdown puts the stashed paragraph back followed by a blank line.
                parts.append(_html_paragraph(line, found) + "\n")
            elif BLOCK_START.match(line):
                raise _Declined
            else:
                parts.append(f"<p>{self._inline(line, found, links=True)}</p>")
        tokens = self._toc_tokens(headings)
        found.anchor_ids.update(h.id for h in headings)  # MkDocs reads the ids of the converted page's elements
        first = parts[0] if parts else None
        title = _mkdocs_strip_tags(first.inner) if isinstance(first, _Heading) and first.level == 1 else None
        page = "\n".join(p.html() if isinstance(p, _Heading) else p for p in parts).strip()
        return Rendered(page, tokens, title, found.anchor_ids, found.links)

    def _heading(self, line: str, found: _Found) -> _Heading:
        matched = HEADING.fullmatch(line)
        if not matched:
            raise _Declined
        text, explicit = matched.group(2), None
        with_id = EXPLICIT_ID.fullmatch(text)
        if with_id:
            text, explicit = with_id.groups()
        inner = self._inline(text, found, specials=HEADING_SPECIAL)
        # The toc extension's name for it: the inner HTML without its tags, whitespace collapsed.
        return _Heading(len(matched.group(1)), inner, toc_extension.strip_tags(inner), explicit)

    def _toc_tokens(self, headings: list[_Heading]) -> list[dict]:
        """The headings' ids (explicit, or slugs of their names) and the toc extension's nested tokens.
        Python-Markdown renames an id that is already taken; this declines instead."""
        explicit = [h.explicit for h in headings if h.explicit]
        taken = set(explicit)
        if len(taken) != len(explicit):
            raise _Declined
        flat = []
        for heading in headings:
            if not heading.explicit:
                slug = self.slugify(html.unescape(heading.name), self.separator)
                if not slug or slug in taken or not _plain_attribute(slug):
                    raise _Declined
                taken.add(slug)
                heading.id = slug
            flat.append({"level": heading.level, "id": heading.id, "name": heading.name, "html": heading.inner,
                         "data-toc-label": ""})
        return toc_extension.nest_toc_tokens(flat)

    def _inline(self, text: str, found: _Found, specials: re.Pattern = SPECIAL, links: bool = False) -> str:
        """One line of paragraph or heading text as Python-Markdown's inline patterns and serializer write it."""
        if not specials.search(text):
            return text
        out, start, depth = [], 0, 0
        for special in specials.finditer(text):
            at = special.start()
            if at < start:  # inside an escape, entity, tag or link already written
                continue
            out.append(text[start:at])
            char = special.group()
            if char == "\\":
                start = at + 2
                out.append(self._escape(text[at + 1:start], text[at:start]))
            elif char == "&":
                start, written = _ampersand(text, at)
                out.append(written)
            elif char == "<":
                tag = TAG.match(text, at)
                if not tag:
                    raise _Declined
                depth = _nested(tag, depth, found)
                start = tag.end()
                out.append(tag.group())
            elif char == "[" and links and (link := LINK.match(text, at)):
                label = self._inline(link.group(1), found)
                out.append(f'<a href="\x00{len(found.links)}\x00">{label}</a>')
                found.links.append(link.group(2))
                start = link.end()
            else:
                raise _Declined
        if depth:
            raise _Declined
        out.append(text[start:])
        return "".join(out)

    def _escape(self, char: str, written: str) -> str:
        if char in self.escaped_chars and char not in UNSAFE_ESCAPES:
            return char
        if char and char in PLAIN_ESCAPES:
            return written  # Markdown leaves a backslash before a character it does not escape
        raise _Declined


class _Found:
    """What a page's conversion collects besides its HTML."""

    __slots__ = ("anchor_ids", "links")

    def __init__(self):
        self.anchor_ids: set[str] = set()
        self.links: list[str] = []


class _Heading:
    __slots__ = ("level", "inner", "name", "explicit", "id")

    def __init__(self, level: int, inner: str, name: str, explicit: str | None):
        self.level, self.inner, self.name, self.explicit, self.id = level, inner, name, explicit, explicit

    def html(self) -> str:
        return f'<h{self.level} id="{self.id}">{self.inner}</h{self.level}>'


def _block_lines(markdown: str):
    """The document's blocks, each one line between blank lines; a block of more lines declines."""
    if CONTROL.search(markdown):
        raise _Declined  # tabs, carriage returns: Python-Markdown's whitespace normalisation is not reproduced
    previous = ""
    for line in markdown.split("\n"):
        if line and previous:
            raise _Declined  # a paragraph continued, a list, a table...
        if line and (line[0].isspace() or line[-1].isspace()):
            raise _Declined  # indented code, trailing line breaks, whitespace Markdown strips
        if line:
            yield line
        previous = line


def _ampersand(text: str, at: int) -> tuple[int, str]:
    """An entity stays as it is (Markdown stashes it); a lone `&` is escaped by the serializer."""
    entity = ENTITY.match(text, at)
    if entity:
        return entity.end(), entity.group()
    if text[at + 1:at + 2].isalnum() or text[at + 1:at + 2] == "#":
        raise _Declined  # almost an entity: Markdown's patterns and serializer may read it either way
    return at + 1, "&amp;"


def _html_paragraph(line: str, found: _Found) -> str:
    """A raw `<p>` paragraph: Python-Markdown stashes it and puts it back as it is. Its contents may hold
    text, entities and spans, nothing that could end the paragraph early or open another block."""
    matched = HTML_PARAGRAPH.fullmatch(line)
    if not matched:
        raise _Declined
    _collect_ids(matched.group(1), found.anchor_ids)
    depth = 0
    for part in re.finditer(r"<[^>]*>?|&[^;\s]*;?", matched.group(2)):
        text = part.group()
        if text.startswith("&"):
            if not ENTITY.fullmatch(text):
                raise _Declined
            continue
        tag = TAG.fullmatch(text)
        if not tag:
            raise _Declined
        depth = _nested(tag, depth, found)
    if depth or ">" in re.sub(r"<[^>]*>", "", matched.group(2)):
        raise _Declined
    return line


def _nested(tag: re.Match, depth: int, found) -> int:
    """How deep in HTML tags the text is after `tag` (one of TAG), noting the ids it sets; a tag that
    closes more than was opened is declined."""
    depth += -1 if tag.group(3) else 1
    if depth < 0:
        raise _Declined
    _collect_ids(tag.group(2) or "", found.anchor_ids)
    return depth


def _collect_ids(attributes: str, anchor_ids: set[str]) -> None:
    # MkDocs reads the id of every HTML tag in the Markdown (its _RawHTMLPreprocessor).
    for name, value in ATTRIBUTE.findall(attributes):
        if name == "id":
            anchor_ids.add(value)


def _plain_attribute(value: str) -> bool:
    # Written as it is in id="…" only if the serializer has nothing to escape in it.
    return not any(c in value for c in '&<>"\n')


# ---- MkDocs' side ---------------------------------------------------------------------------------

def converter_for(config) -> Converter | None:
    """A converter for a MkDocs config whose Markdown settings are the ones this module reproduces."""
    extensions = config["markdown_extensions"]
    if set(extensions) != EXTENSIONS or len(extensions) != len(EXTENSIONS):
        return None
    settings = config["mdx_configs"] or {}
    toc = settings.get("toc", {})
    if set(settings) - {"toc"} or set(toc) - TOC_SETTINGS or toc.get("permalink"):
        return None
    md = markdown.Markdown(extensions=extensions, extension_configs=settings)
    return Converter(frozenset(md.ESCAPED_CHARS), toc.get("slugify", toc_extension.slugify))


def enabled() -> bool:
    return os.environ.get(SWITCH, "1") != "0"


def enable(config) -> None:
    """Let this config's pages take the fast path (the hook's on_config)."""
    install()
    setattr(config, _ATTRIBUTE, converter_for(config) if enabled() else None)


def install() -> None:
    """Wrap MkDocs' Page.render once per process; pages of configs not enabled render as before."""
    if getattr(pages.Page.render, "_reportsite_fast", False):
        return
    original = pages.Page.render

    def render(page, config, files):
        converter = getattr(config, _ATTRIBUTE, None)
        done = converter.convert(page.markdown) if converter and page.markdown is not None else None
        if done is None:
            return original(page, config, files)
        _apply(page, done, config, files)

    render._reportsite_fast = True
    render.__wrapped__ = original
    pages.Page.render = render


def _apply(page, done: Rendered, config, files) -> None:
    # What Page.render sets after md.convert (mkdocs/structure/pages.py, MkDocs 1.6); links are resolved,
    # checked and recorded by MkDocs' own treeprocessor's method.
    links = pages._RelativePathTreeprocessor(page.file, files, config)
    page.content = done.resolve(links.path_to_url)
    page.toc = get_toc(done.toc_tokens)
    page._title_from_render = done.title
    page.present_anchor_ids = done.anchor_ids
    if pages.log.getEffectiveLevel() > logging.DEBUG:
        page.links_to_anchors = links.links_to_anchors
