"""YAML in and out: safe loading that remembers line numbers, and stable dumping.

Validation errors must name `file:line`, so loading keeps, for every mapping and
list, the line each key or item starts on. Dumping is deterministic (sorted where
order carries no meaning, Unicode kept as is) so that two builds give the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .model import ReportsiteError


class Lines(dict):
    """Line numbers of a loaded node: key or index -> 1-based line; `self.at` is the node's own line."""

    at: int = 0


class _Loader(yaml.SafeLoader):
    """SafeLoader that records where each mapping key and list item starts."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = Lines()
    lines.at = node.start_mark.line + 1
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    return _Mapping(mapping, lines)


def _construct_sequence(loader, node, deep=False):
    items = yaml.SafeLoader.construct_sequence(loader, node, deep=True)
    lines = Lines()
    lines.at = node.start_mark.line + 1
    for index, item in enumerate(node.value):
        lines[index] = item.start_mark.line + 1
    return _Sequence(items, lines)


class _Mapping(dict):
    def __init__(self, data, lines: Lines):
        super().__init__(data)
        self.lines = lines


class _Sequence(list):
    def __init__(self, data, lines: Lines):
        super().__init__(data)
        self.lines = lines


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser with the same constructors: same values and lines, about ten times faster.
    On a syntax error, load() parses again with _Loader so messages keep PyYAML's wording."""


_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def line_of(node, key=None, default: int = 0) -> int:
    """The line a key (or item index) of a loaded node starts on, else the node's own line."""
    lines = getattr(node, "lines", None)
    if lines is None:
        return default
    if key is not None and key in lines:
        return lines[key]
    return lines.at or default


def load(path: Path, display: str | None = None):
    """Load a YAML file safely, keeping line numbers; a syntax error becomes a one-line error."""
    where = display or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReportsiteError(where, "file not found") from None
    except UnicodeDecodeError as exc:
        raise ReportsiteError(where, f"not UTF-8 text (expected a UTF-8 YAML file, got byte "
                                     f"0x{exc.object[exc.start]:02x} at offset {exc.start})") from None
    except OSError as exc:
        raise ReportsiteError(where, f"cannot read file (expected a readable YAML file, got "
                                     f"{exc.strerror or type(exc).__name__})") from None
    try:
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - derives from (C)SafeLoader
        except yaml.YAMLError:
            return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        line, what = _syntax_message(exc, text)
        raise ReportsiteError(where, what, line=line) from None
    except yaml.YAMLError as exc:
        raise ReportsiteError(where, f"YAML error: {exc}") from None


def _syntax_message(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """(line, `what is wrong (expected X, got Y)`) for a YAML error, quoting the offending line."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    problem = exc.problem or exc.context or "invalid YAML"
    tag = re.search(r"constructor for the tag '([^']+)'", problem)
    if tag:  # safe loading: a tag that would build a Python object (!!python/...) is refused
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
        return line, f"YAML tag not allowed (expected plain YAML data, got {shown})"
    lines = text.splitlines()
    snippet = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    got = repr(snippet[:60] + ("..." if len(snippet) > 60 else "")) if snippet else "the end of the file"
    context = ""
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        context = f"; {exc.context} that starts on line {exc.context_mark.line + 1}"
        if not snippet:  # at the end of the file: the line that opened what was never closed
            line = exc.context_mark.line + 1
    return line, f"YAML syntax error: {problem} (expected valid YAML, got {got}{context})"


def plain(value):
    """Strip the line-number wrappers, leaving plain dicts and lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


# libyaml's emitter writes the same bytes as PyYAML's (checked on the seeds' data files) about
# five times faster, which matters with a thousand data files per build.
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    pass


def _str_representer(dumper, data):
    # Multi-line strings as blocks, so diffs of quotes stay readable.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_representer(_Mapping, _Dumper.represent_dict)
_Dumper.add_representer(_Sequence, _Dumper.represent_list)


def dump(data, header: str = "") -> str:
    """Deterministic YAML text: keys in the order given (callers order them), Unicode as is, by PyYAML's
    emitter (libyaml's where installed)."""
    return header + yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )
