"""The browser harness finds what it is for: console errors and accessibility violations."""

from __future__ import annotations

from .browser import axe_violations, console_errors, open_page, png_size, screenshot


def test_console_errors_are_reported(browser, tmp_path):
    open_page(browser, "<p>x</p><script>console.error('boom')</script>", tmp_path)
    assert any("boom" in line for line in console_errors(browser))


def test_axe_finds_an_unlabelled_image_and_passes_a_clean_page(browser, tmp_path):
    image = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    bad = f'<!doctype html><html><body><img src="{image}"></body></html>'
    open_page(browser, bad, tmp_path)
    assert "image-alt" in {v["id"] for v in axe_violations(browser)}
    good = (
        '<!doctype html><html lang="en"><head><title>t</title></head>'
        "<body><main><h1>Plan</h1><p>Text.</p></main></body></html>"
    )
    open_page(browser, good, tmp_path)
    assert axe_violations(browser) == []


def test_screenshot_covers_the_whole_page(browser, tmp_path):
    open_page(browser, '<body style="margin:0"><div style="height:2000px"></div></body>', tmp_path)
    width, height = png_size(screenshot(browser, tmp_path / "page.png"))
    assert height >= 2000 and width > 0
