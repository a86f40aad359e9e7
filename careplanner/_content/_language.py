"""The languages careplanner writes: `Language`, `LANGUAGES`, `WRITING_ORDER`, `check_language`.

Part of the shared vocabulary (`careplanner._content._vocab` re-exports it), kept in a module
of its own that imports no pydantic, so that the command line can offer ``--lang`` without
loading the models.
"""

from __future__ import annotations

from typing import Literal, get_args

from careplanner.errors import UnknownCodeError

#: A language careplanner writes, as a BCP 47 tag; Chinese (simplified) is the default.
Language = Literal["zh-CN", "en"]
#: Every language, the default first.
LANGUAGES: tuple[Language, ...] = get_args(Language)
#: The languages in the order a text's entries are written: sorted by tag, so that output
#: does not depend on where a text was built.
WRITING_ORDER: tuple[Language, ...] = tuple(sorted(LANGUAGES))


def check_language(lang: str) -> Language:
    """Return `lang` as a `Language`, or raise `UnknownCodeError` naming the languages.

    Examples
    --------
    >>> check_language("en")
    'en'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    careplanner.errors.UnknownCodeError: 'lang' must be one of ['en', 'zh-CN'], got 'fr'
    """
    for known in LANGUAGES:
        if lang == known:
            return known
    raise UnknownCodeError("lang", lang, LANGUAGES)
