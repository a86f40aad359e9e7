"""The printed plan: PDFs drawn page by page and checked for what a worker would notice.

Chromium prints (careplanner.report.render_pdf); pypdfium2 draws each page back. The brief
plan of every bundled example fits two A4 pages in both languages, with the safety box first
where there is a safety need and the signature block on its last page; the full report has
no half-empty page before its last.

Set ``CAREPLANNER_UPDATE_SCREENSHOT=1`` to refresh the PDF pages in ``docs/images/``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from careplanner.report import render_pdf

from .pdf_pages import A4, Page, pages, png
from .report_pages import EXAMPLES, case, intake, seed_reassessment

SEED, CRISIS, WELL = EXAMPLES
DOCS = Path(__file__).resolve().parents[2] / "docs" / "images"
#: The PDF pages shown in the docs: (file, example, language, brief, page number).
DOCS_PAGES = (
    ("brief-crisis-en-1.png", CRISIS, "en", True, 1),
    ("brief-crisis-en-2.png", CRISIS, "en", True, 2),
    ("brief-seed-zh-CN-1.png", SEED, "zh-CN", True, 1),
    ("report-seed-en-1.png", SEED, "en", False, 1),
)
#: Every page but the last of a full report is inked at least this far down.
LEAST_FILLED = 0.55
WORDS = {
    "en": {"safety": "⚠ Safety first", "signatures": "Agreement and signatures",
           "roles": ("Social worker", "Supervisor", "Client or representative")},
    "zh-CN": {"safety": "⚠ 安全优先", "signatures": "确认与签名",
              "roles": ("社工", "督导", "服务对象或其代理人")},
}  # fmt: skip


@cache
def printed(example: str, lang: str, brief: bool) -> tuple[Page, ...]:
    later = seed_reassessment() if example == SEED and not brief else None
    pdf = render_pdf(case(example), intake(example), lang=lang, brief=brief, reassessment=later)
    assert pdf.startswith(b"%PDF-")
    return tuple(pages(pdf))


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_brief_pdf_fits_two_a4_pages_and_ends_with_the_signature_block(example, lang):
    printed_pages = printed(example, lang, True)
    assert 1 <= len(printed_pages) <= 2
    assert {p.size for p in printed_pages} == {A4}
    last = printed_pages[-1].text
    assert WORDS[lang]["signatures"] in last
    for role in WORDS[lang]["roles"]:
        assert role in last
    assert all(p.filled > 0.3 for p in printed_pages)  # drawn, not blank


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_brief_pdf_opens_with_the_safety_box_only_where_there_is_a_safety_need(lang):
    crisis = printed(CRISIS, lang, True)[0].text
    assert crisis.startswith(WORDS[lang]["safety"])
    seed = printed(SEED, lang, True)
    assert not any(WORDS[lang]["safety"] in p.text for p in seed)


@pytest.mark.parametrize(("example", "lang"), [(SEED, "en"), (SEED, "zh-CN"), (CRISIS, "en")])
def test_report_pdf_has_no_half_empty_page_and_keeps_the_evidence_as_an_appendix(example, lang):
    printed_pages = printed(example, lang, False)
    filled = [round(p.filled, 2) for p in printed_pages[:-1]]
    assert min(filled) >= LEAST_FILLED, filled
    text = "\n".join(p.text for p in printed_pages)
    appendix = "Appendix" if lang == "en" else "附录"
    network = "Support network" if lang == "en" else "社会支持网络"
    assert text.index(network) < text.index(appendix)
    assert text.count(appendix) == 3  # evidence, sources, references


@pytest.mark.parametrize(("name", "example", "lang", "brief", "number"), DOCS_PAGES)
def test_docs_show_the_printed_pages(name, example, lang, brief, number):
    """The PDF pages in the docs are A4 drawn at 108 dpi; refreshed on request."""
    page = printed(example, lang, brief)[number - 1]
    picture = DOCS / name
    if os.environ.get("CAREPLANNER_UPDATE_SCREENSHOT") == "1":
        picture.write_bytes(png(page))
    header = picture.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(header[16:20]), int.from_bytes(header[20:24])) == (893, 1263)
