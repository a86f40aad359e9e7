"""Helpers for the report tests: the example results, and a small HTML tree to query."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any

import yaml

from careplanner import Case, case_from_data, load_case
from careplanner._load import example_text
from careplanner.assess import AssessmentResult, Reassessment, assess, reassess

EXAMPLES = ("shidu-mother", "living-alone-crisis", "living-alone-well")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@cache
def case(example: str) -> Case:
    return load_case(f"example:{example}")


@cache
def intake(example: str) -> AssessmentResult:
    return assess(case(example), "intake")


@cache
def seed_reassessment() -> Reassessment:
    return reassess(case("shidu-mother"))


def example_data(example: str) -> dict[str, Any]:
    """A bundled example as a fresh, mutable dict."""
    return copy.deepcopy(yaml.safe_load(example_text(example)))


def case_with(example: str, change: Any) -> Case:
    """The example with `change(data)` applied to its data."""
    data = example_data(example)
    change(data)
    return case_from_data(data)


@dataclass
class Node:
    """An HTML element: tag, attributes and children (nodes or text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.elements():
            if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                found.append(child)
            found += child.all(tag, cls)
        return found

    def by_id(self, id_: str) -> Node:
        return next(n for n in self.all() if n.attrs.get("id") == id_)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    """Parse an HTML page into a `Node` tree."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def body(html: str) -> Node:
    """The page's content: its ``main`` landmark (the body of a page without one)."""
    tree = parse(html)
    return (tree.all("main") or tree.all("body"))[0]
