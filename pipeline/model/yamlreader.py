"""Read YAML as typed values that know their file and line, and refuse what YAML can abuse.

Files are read through `pipeline.files` (regular files inside the checkout, bounded in size)
and composed with PyYAML's safe composer, so no tag can build a Python object and every value
is taken as the text written in the file (no `no` -> False surprises). Aliases (`*name`) are
refused: a few kilobytes of nested aliases expand to gigabytes ("billion laughs"), and a
leaflet never needs them. Texts that will be printed may hold no markup and no invisible or
direction-changing character, which would print differently from how the file reads.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import LeafletError, display_path
from ..files import read_text

MAX_YAML_BYTES = 1_000_000
ID_RE = re.compile(r"^[a-z][a-z0-9-]*$")


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader that stops at the first alias, naming its line."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed here; write "
                                              "the value out", event.start_mark)
        return super().compose_node(parent, index)


class _TooDeep(Exception):
    """libyaml's refusal of nesting deeper than 1,000 levels, at a line."""

    def __init__(self, line: int | None):
        super().__init__(line)
        self.line = line


_FastLoader = getattr(yaml, "CSafeLoader", None)  # libyaml's composer, when PyYAML was built with it


def _shares_a_node(root: yaml.Node) -> bool:
    """Whether a node appears twice in the tree: libyaml's composer resolves an alias to the
    very node its anchor names (without expanding it, so this walk stays as small as the file).
    On the way, plain scalars get the style PyYAML's composer gives them (None, not '')."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            node.style = node.style or None
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return False


def _fast_compose(text: str) -> yaml.Node | None:
    """The tree from libyaml (some fifteen times faster than PyYAML's pure-Python composer), or
    None when libyaml is absent, finds a problem or meets an alias: the Python composer then
    reads the file again and says what is wrong and on which line, in its own words. libyaml
    refuses nesting deeper than 1,000 levels itself, so no input reaches C recursion."""
    if _FastLoader is None:
        return None
    try:
        node = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):  # deeper than PyYAML could recurse too
            raise _TooDeep(exc.problem_mark.line + 1 if exc.problem_mark else None) from None
        return None
    except yaml.YAMLError:
        return None
    return None if node is None or _shares_a_node(node) else node


@lru_cache(maxsize=8)
def compose(text: str, path: str) -> yaml.Node:
    """The YAML node tree of `text`, or a LeafletError with the line of the problem. The same
    text is composed once per process (a build reads a document and the clinic's file in
    several places); callers only read the tree."""
    try:
        node = _fast_compose(text)
    except _TooDeep as deep:
        raise LeafletError("not valid YAML here: nested too deeply", path, deep.line) from None
    if node is not None:
        return node
    try:
        node = yaml.compose(text, Loader=_NoAliasLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise LeafletError(f"not valid YAML: {exc.problem or exc.context}", path,
                           mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise LeafletError(f"not valid YAML: {exc}", path) from None
    except RecursionError:
        raise LeafletError("not valid YAML here: nested too deeply", path) from None
    if node is None:
        raise LeafletError("the file is empty", path)
    return node


def load(path: Path, root: Path) -> tuple[yaml.Node, str]:
    """Read and compose a YAML file inside `root`; returns the node tree and the path as shown."""
    shown = display_path(path)
    return compose(read_text(path, root, MAX_YAML_BYTES), shown), shown


def unprintable(text: str) -> list[str]:
    """Characters that print differently from how they read: controls, format characters
    (bidi overrides and isolates, zero-width), private use, unassigned code points."""
    found = []
    for i, ch in enumerate(text):
        if ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            found.append(f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')} at character {i + 1}")
    return found


class Reader:
    """Typed access to composed YAML nodes; problems are collected with file and line."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[LeafletError] = []

    def error(self, node: yaml.Node, message: str) -> None:
        self.errors.append(LeafletError(message, self.path, node.start_mark.line + 1))

    def mapping(self, node: yaml.Node, where: str, required: tuple[str, ...] = (),
                optional: tuple[str, ...] = ()) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{where}: expected a mapping of keys to values")
            return {}
        result: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in result:
                self.error(key_node, f"{where}: key '{key}' appears twice")
            elif key not in (*required, *optional):
                allowed = ", ".join(sorted((*required, *optional)))
                self.error(key_node, f"{where}: unknown key '{str(key)[:40]}' (allowed: {allowed})")
            else:
                result[key] = value_node
        for key in required:
            if key not in result:
                self.error(node, f"{where}: missing key '{key}'")
        return result

    def sequence(self, node: yaml.Node | None, where: str) -> list[yaml.Node]:
        if node is None or not isinstance(node, yaml.SequenceNode) or not node.value:
            if node is not None:
                self.error(node, f"{where}: expected a non-empty list")
            return []
        return list(node.value)

    def scalar(self, node: yaml.Node | None, where: str, default: str = "") -> str:
        if node is None:
            return default
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"{where}: expected a text value")
            return default
        return " ".join(node.value.split()) if node.style in (">", None) else node.value.strip()

    def printed(self, node: yaml.Node | None, where: str, default: str = "") -> str:
        """A value that is printed as it is written: no markup, nothing invisible."""
        value = self.scalar(node, where, default)
        if node is not None:
            if re.search(r"[<>]", value):
                self.error(node, f"{where}: write plain text without '<' or '>': markup is printed "
                                 "literally, never as formatting")
            hidden = unprintable(value)
            if hidden:
                self.error(node, f"{where}: {'; '.join(hidden[:3])}: invisible or direction-changing "
                                 "characters print differently from how the text reads; delete them")
        return value

    def ident(self, node: yaml.Node | None, where: str) -> str:
        value = self.scalar(node, where)
        if node is not None and not ID_RE.match(value):
            self.error(node, f"{where}: id '{value[:40]}' must be lower-case letters, digits and '-'")
        return value

    def date(self, node: yaml.Node | None, where: str) -> dt.date:
        value = self.scalar(node, where)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            if node is not None:
                self.error(node, f"{where}: '{value[:40]}' is not a date written YYYY-MM-DD")
            return dt.date(1970, 1, 1)

    def raise_errors(self) -> None:
        from ..errors import LeafletErrors

        if self.errors:
            raise LeafletErrors(self.errors)
