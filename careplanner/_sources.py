"""The bibliography: every published work careplanner's data files cite, cited by key.

``careplanner/sources.yaml`` holds one entry per work. A data file cites a work by its key in
square brackets inside a ``source``, ``citation``, ``cite`` or ``note`` text, for example
``"A total below 12 marks risk of social isolation [lubben2006]."``. Fields typed `Cited`
check at load time that every key they cite is in the bibliography, so a data file cannot
point at a work a reader cannot look up. Outputs that show a source list the full reference
of each key they cite (`references`).

``make sources`` writes ``docs/sources.md`` from the bibliography (`sources_markdown`).
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from difflib import get_close_matches
from functools import cache
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from careplanner._content._loader import load_bundled
from careplanner._content._problems import validate

#: A key: lower-case letters, digits and hyphens, starting with a letter.
KEY_PATTERN = r"[a-z][a-z0-9-]*"
_CITATION = re.compile(rf"\[({KEY_PATTERN})\]")
_Key = Annotated[str, StringConstraints(pattern=rf"^{KEY_PATTERN}$")]
_Field = Annotated[str, StringConstraints(min_length=1)]


class Reference(BaseModel):
    """One published work, as a reader needs it to find the work.

    ``authors`` is empty when the copy read does not state them; ``edited`` marks them as the
    editors. ``journal`` (with ``volume``, ``issue``, ``pages``) or ``book`` (the book a
    chapter appeared in) and ``publisher`` say where it appeared; ``note`` says what of the
    work itself was read and what was not verified.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: _Key
    authors: tuple[_Field, ...] = ()
    edited: bool = False
    year: int | None = Field(None, ge=1800, le=2100)
    title: _Field
    journal: _Field | None = None
    book: _Field | None = None
    publisher: _Field | None = None
    volume: _Field | None = None
    issue: _Field | None = None
    pages: _Field | None = None
    doi: _Field | None = None
    url: _Field | None = None
    note: _Field | None = None

    @property
    def text(self) -> str:
        """The full reference in one line.

        Examples
        --------
        >>> print(reference("reid1972").text)
        Reid WJ, Epstein L (1972). Task-Centered Casework. Columbia University Press.
        """
        parts = [f"{self._who()} ({self.year or 'n.d.'}). {_sentence(self.title)}"]
        if self.journal:
            parts.append(_sentence(self.journal + self._where()))
        if self.book:
            parts.append(_sentence(f"In: {self.book}"))
        if self.publisher:
            parts.append(_sentence(self.publisher))
        if self.pages and not self.journal:
            parts.append(_sentence(f"pp. {self.pages}"))
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        elif self.url:
            parts.append(self.url)
        if self.note:
            parts.append(_sentence(f"Note: {self.note.strip()}"))
        return " ".join(parts)

    def _who(self) -> str:
        if not self.authors:
            return "Authors not stated"
        editors = " (ed.)" if len(self.authors) == 1 else " (eds)"
        return ", ".join(self.authors) + (editors if self.edited else "")

    def _where(self) -> str:
        where = f" {self.volume}" if self.volume else ""
        if self.issue:
            where += f"({self.issue})" if self.volume else f" ({self.issue})"
        return where + (f":{self.pages}" if self.pages else "")


class _Bibliography(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: _Key
    version: int = Field(ge=1)
    sources: dict[_Key, dict[str, object]] = Field(min_length=1)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


@cache
def bibliography() -> Mapping[str, Reference]:
    """Return the bundled bibliography: every `Reference` by key, sorted by key."""
    data = validate(_Bibliography, load_bundled("careplanner", "sources.yaml"), "sources.yaml")
    return {
        key: Reference.model_validate({"key": key, **data.sources[key]})
        for key in sorted(data.sources)
    }


def reference(key: str) -> Reference:
    """Return the `Reference` with this key.

    Raises
    ------
    KeyError
        No work in the bibliography has this key.
    """
    return bibliography()[key]


def cited_keys(text: str) -> tuple[str, ...]:
    """Return the keys cited in `text`, in order of first citation.

    Examples
    --------
    >>> cited_keys("Safety first [stanley2012]; older adults [conti2020] [stanley2012].")
    ('stanley2012', 'conti2020')
    """
    return tuple(dict.fromkeys(_CITATION.findall(text)))


def check_cited(text: str) -> str:
    """Return `text` unchanged when every key it cites is in the bibliography.

    Raises
    ------
    ValueError
        A cited key is not in ``careplanner/sources.yaml``; the message names the key.

    Examples
    --------
    >>> check_cited("[nobody1999] says so")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cites 'nobody1999', which is not a key of careplanner/sources.yaml ...
    """
    known = bibliography()
    unknown = [key for key in cited_keys(text) if key not in known]
    if unknown:
        keys = ", ".join(repr(key) for key in unknown)
        near = get_close_matches(unknown[0], known, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ValueError(
            f"cites {keys}, which is not a key of careplanner/sources.yaml{hint} (docs/sources.md "
            "lists the keys; add the work there, or write the reference without square brackets)"
        )
    return text


#: A text that may cite works by key; every key it cites must be in the bibliography.
Cited = Annotated[str, StringConstraints(min_length=1), AfterValidator(check_cited)]


def references(texts: Iterable[str]) -> tuple[Reference, ...]:
    """Return the works the texts cite, each once, sorted by key.

    Examples
    --------
    >>> [ref.key for ref in references(["[stanley2012]", "see [conti2020] and [stanley2012]"])]
    ['conti2020', 'stanley2012']
    """
    keys = {key for text in texts for key in cited_keys(text)}
    return tuple(reference(key) for key in sorted(keys))


def with_references(text: str) -> str:
    """Return `text` followed by the full reference of each key it cites, for one-line outputs.

    Examples
    --------
    >>> print(with_references("Task-centred practice [reid1972]."))  # doctest: +ELLIPSIS
    Task-centred practice [reid1972]. -- [reid1972] Reid WJ, Epstein L (1972). Task-Centered ...
    >>> with_references("no key here")
    'no key here'
    """
    cited = cited_in(text)
    if not cited:
        return text
    return f"{text} -- " + " ".join(f"[{ref.key}] {ref.text}" for ref in cited)


def cited_in(*values: object) -> tuple[Reference, ...]:
    """Return the works cited anywhere in `values`, each once, sorted by key.

    Walks strings inside dataclasses, pydantic models, mappings and sequences, so an output
    can list the full reference of every key its content cites. Only keys of the
    bibliography count: other text in square brackets is not a citation.

    Examples
    --------
    >>> [ref.key for ref in cited_in({"a": ("see [reid1972]", ["[x] [cohen1985]"])})]
    ['cohen1985', 'reid1972']
    """
    known = bibliography()
    keys = {key for text in _texts(values) for key in cited_keys(text) if key in known}
    return tuple(known[key] for key in sorted(keys))


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        yield from _texts(tuple(getattr(value, name) for name in type(value).model_fields))
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from _texts(tuple(getattr(value, f.name) for f in dataclasses.fields(value)))
    elif isinstance(value, Mapping):
        yield from _texts(tuple(value.values()))
    elif isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _texts(item)


def sources_markdown() -> str:
    """Return ``docs/sources.md``: every work in the bibliography, by key."""
    lines = [
        "# Sources",
        "",
        "<!-- Generated by `make sources` from careplanner/sources.yaml;",
        "     do not edit by hand. A test checks that the two agree. -->",
        "",
        "careplanner's data files cite the published works below by key, in square brackets:",
        "`[kroenke2001]` in a threshold's source is the first entry under that key. A figure",
        'that no published work gives says "careplanner convention" instead, and a point that',
        "could not be checked against the work itself says so in its source or in the note of",
        "the entry. Reports, the logic sheet, `careplanner explain` and the FHIR export print",
        "the full reference of every key they cite.",
        "",
    ]
    for ref in bibliography().values():
        lines.append(f"- **{ref.key}**: {ref.text}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print ``docs/sources.md`` to standard output."""
    sys.stdout.write(sources_markdown())
