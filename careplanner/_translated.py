"""Chinese wording beside an English data text: the ``zh-CN:`` block of a data item.

A data item whose texts are written in English (a threshold's ``cite`` and ``source``, a
norm's ``population``...) may give their Chinese wording in a ``zh-CN:`` block beside them::

    cite: "< 12 at risk of isolation [lubben2006]"
    zh-CN: {cite: "< 12 分有社会隔离风险 [lubben2006]"}

A Chinese text cites the same bibliography keys as its English one; a text left untranslated
is shown in English. `Translated.text` picks the wording in a language.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from careplanner._sources import Cited, cited_keys


class Translation(BaseModel):
    """The Chinese wording of an item's English texts; each is optional."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cite: Cited | None = Field(None, max_length=120)
    source: Cited | None = None
    note: Cited | None = None
    population: str | None = Field(None, min_length=1)


class Translated(BaseModel):
    """An item whose English texts may carry a Chinese wording under ``zh-CN``."""

    zh_cn: Translation | None = Field(None, alias="zh-CN")

    @model_validator(mode="after")
    def _same_citations(self) -> Translated:
        if self.zh_cn is None:
            return self
        for name, text in self.zh_cn.model_dump(exclude_none=True).items():
            english = self.english(name)
            if english is None:
                raise ValueError(f"'zh-CN.{name}' translates a '{name}' that is not given")
            if set(cited_keys(text)) != set(cited_keys(english)):
                raise ValueError(
                    f"'zh-CN.{name}' must cite the same keys as '{name}': "
                    f"{sorted(set(cited_keys(english)))}"
                )
        return self

    def english(self, name: str) -> str | None:
        """The English text `name`, or None when the item has none."""
        value = getattr(self, name, None)
        return value if isinstance(value, str) else None

    def text(self, name: str, lang: str) -> str:
        """The text `name` (``"source"``, ``"cite"``...) in `lang`; English where untranslated.

        Examples
        --------
        >>> from careplanner.rules import default_pack
        >>> threshold = default_pack().thresholds["lsns6_isolation"]
        >>> threshold.text("cite", "en"), threshold.text("cite", "zh-CN")
        ('< 12 at risk of isolation [lubben2006]', '< 12 分有社会隔离风险 [lubben2006]')
        """
        english = self.english(name) or ""
        if lang == "zh-CN" and self.zh_cn is not None:
            return getattr(self.zh_cn, name) or english
        return english
