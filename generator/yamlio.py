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
    """Deterministic YAML text: keys in the order given (callers order them), Unicode as is."""
    body = _block_text(data)
    if body is None:  # a shape or a string the direct writer does not handle: the emitter decides
        body = _emit(data)
    return header + body


def _emit(data) -> str:
    return yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False
    )


# ---- direct writer ------------------------------------------------------------------------------
# Even libyaml's emitter spends most of a report's dump in PyYAML's Python representer and resolver
# (several calls per scalar, thousands of scalars per report). A report record has one shape (a
# mapping of mappings and lists of flat mappings) and mostly strings that libyaml writes plain, so
# those are written directly: the same bytes, checked against _emit in tests/test_speed_yaml.py.
# Anything else (nesting deeper than a record's, an object met twice, which the emitter would
# anchor, a long or multi-line string) returns None and goes through the emitter.

_MAPPINGS = (dict, _Mapping)
_SEQUENCES = (list, _Sequence)
# Characters libyaml prints as they are: printable, not a line break (U+2028/9), not outside the
# Basic Multilingual Plane (escaped), not a BOM; no tab; no space in front.
_PLAIN = re.compile("[\x21-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]"
                    "[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")  # what YAML counts as a line break
_INDICATOR_START = frozenset("-?:,[]{}#&*!|>'\"%@`.")  # may start a YAML token: libyaml decides
_RESOLVER = yaml.resolver.Resolver()
_IMPLICIT_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)  # first characters of null, 12, true ...
_STR_TAG = "tag:yaml.org,2002:str"
_MAX_SCALAR = 1000  # far below the width (10 000): no string is folded
_UNSEEN = object()
# string -> its text after `key: ` (None: only the emitter can write it). Most strings of a report
# (kinds, units, periods, names) recur in every report; the cache is emptied now and then.
_written: dict[str, str | None] = {}


def _plain_shape(text: str) -> bool:
    """Whether libyaml may write this string plain in block context (when it reads back as a string)."""
    return (_PLAIN.fullmatch(text) is not None and text[0] not in _INDICATOR_START and text[-1] not in " :"
            and ": " not in text and " #" not in text)


def _string_text(value: str) -> str | None:
    if len(value) > _MAX_SCALAR or _BREAKS.search(value):
        return None  # folded, or written over several lines indented by context
    if _plain_shape(value):
        if (None not in _IMPLICIT_FIRST and value[0] not in _IMPLICIT_FIRST
                or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG):
            return value
        return "'" + value.replace("'", "''") + "'"  # 2024, null, 1.5: quoted to stay strings
    text = _emit({"k": value})  # the emitter's own choice of quotes and escapes
    return text[3:-1] if text.count("\n") == 1 else None


def _string(value: str) -> str | None:
    text = _written.get(value, _UNSEEN)
    if text is _UNSEEN:
        if len(_written) >= 50_000:
            _written.clear()
        text = _written[value] = _string_text(value)
    return text


def _scalar(value) -> str | None:
    """A scalar as it follows `key: ` or `- `; None when it is not a scalar or spans lines."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return None


def _float(value: float) -> str:
    """SafeRepresenter.represent_float's text, which libyaml writes plain."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


def _flat(value, seen: set[int]) -> str | None:
    """A scalar or an empty collection (written [] / {}), as the value of a key or an item."""
    if type(value) in _MAPPINGS or type(value) in _SEQUENCES:
        if value or id(value) in seen:
            return None
        seen.add(id(value))
        return "{}" if type(value) in _MAPPINGS else "[]"
    return _scalar(value)


_plain_keys: set[str] = set()  # keys seen to be written plain: a record has a few dozen


def _key(key) -> str | None:
    """A key written plain (a quoted or long key is laid out otherwise)."""
    if key in _plain_keys:
        return key
    if type(key) is str and len(key) <= 100 and _string(key) == key:
        if len(_plain_keys) < 10_000:
            _plain_keys.add(key)
        return key
    return None


def _flat_mapping(mapping, indent: str, first: str, seen: set[int], out: list[str]) -> bool:
    """The lines of a mapping of flat values; the first line starts with `first` (`- ` in a list)."""
    if id(mapping) in seen:
        return False
    seen.add(id(mapping))
    lead = first
    for key, value in mapping.items():
        if key not in _plain_keys and _key(key) is None:
            return False
        # The common cases inline: this loop runs for every field of every figure of a build.
        kind = type(value)
        if kind is str:
            text = _written.get(value, _UNSEEN)
            if text is _UNSEEN:
                text = _string(value)
        elif kind is int:
            text = str(value)
        elif value is None:
            text = "null"
        else:
            text = _flat(value, seen)
        if text is None:
            return False
        out.append(f"{lead}{key}: {text}\n")
        lead = indent
    return True


def _block_text(data) -> str | None:
    """libyaml's block layout for a mapping whose values are flat, mappings of flat values, or lists
    of flat values or of such mappings; None for any other shape."""
    if type(data) not in _MAPPINGS or not data:
        return None
    out: list[str] = []
    seen = {id(data)}
    for key, value in data.items():
        k = _key(key)
        if k is None:
            return None
        if value and type(value) in _MAPPINGS:
            out.append(f"{k}:\n")
            if not _flat_mapping(value, "  ", "  ", seen, out):
                return None
        elif value and type(value) in _SEQUENCES:
            if id(value) in seen:
                return None
            seen.add(id(value))
            out.append(f"{k}:\n")  # a list in a mapping is not indented: `- ` starts at the key's column
            for item in value:
                if item and type(item) in _MAPPINGS:
                    if not _flat_mapping(item, "  ", "- ", seen, out):
                        return None
                else:
                    v = _flat(item, seen)
                    if v is None:
                        return None
                    out.append(f"- {v}\n")
        else:
            v = _flat(value, seen)
            if v is None:
                return None
            out.append(f"{k}: {v}\n")
    return "".join(out)
