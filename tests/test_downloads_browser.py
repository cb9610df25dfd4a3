"""A speech's .docx and .txt, made in the reader's browser from the page
(docs/javascripts/downloads.js): clicked in Chromium on every speech page of
both editions of the built seed site, saved under the link's name, and
byte for byte the files render/downloads.py makes for that speech (which
the corpus download holds); without JavaScript the links are hidden and the
corpus download is offered instead, where the build knows it is published
(DOWNLOADS_URL: the deployed build, whose zips the test's server serves as a
release serves its assets), and nothing in their place where it does not."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from build_scripts.editions.convert import Converter
from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.render.download_names import download_name
from build_scripts.render.downloads import speech_docx, speech_txt
from build_scripts.render.paths import corpus_zip_name, corpus_zip_path

from .browser import browsing
from .render.test_downloads import assert_grid_reads_back

browser_test = pytest.mark.browser

EDITIONS = ("zh-Hans", "zh-Hant")


@pytest.fixture(scope="module")
def converters():
    return {"zh-Hans": lambda text: text, "zh-Hant": Converter(DEFAULT_HANT).convert}


def clicked(page, name: str) -> tuple[str, bytes]:
    """The file a click on the download link named ``name`` saves: its name and bytes."""
    with page.expect_download() as info:
        page.locator(".speech-downloads a[download]", has_text=name).click()
    download = info.value
    with open(download.path(), "rb") as saved:
        return download.suggested_filename, saved.read()


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_each_download_is_made_in_the_browser_byte_for_byte(browser, site_url, built_site, generated, converters, edition):
    t = converters[edition]
    collections = {c.id: c for c in generated.collections}
    labels = {"zh-Hans": ("Word（.docx）", "纯文本（.txt）"), "zh-Hant": ("Word（.docx）", "純文字（.txt）")}[edition]
    with browsing(browser, site_url) as page:
        for speech in generated.speeches:
            collection = collections[speech.collection_id]
            page.goto(f"{site_url}{edition}/speeches/{speech.id}/")
            docx_name, docx = clicked(page, labels[0])
            txt_name, txt = clicked(page, labels[1])
            assert (docx_name, txt_name) == tuple(
                download_name(t(speech.title), edition, ext, speech.id) for ext in ("docx", "txt")
            )
            expected_docx = speech_docx(speech, collection, t, lang=edition)
            expected_txt = speech_txt(speech, collection, t).encode("utf-8")
            assert docx == expected_docx, speech.id
            assert txt == expected_txt, speech.id
            # A second click saves the file made at the first.
            assert clicked(page, labels[1]) == (txt_name, txt)
            with zipfile.ZipFile(io.BytesIO(docx)) as package:
                assert package.testzip() is None
                assert t(speech.title) in package.read("word/document.xml").decode("utf-8")
            assert_grid_reads_back(docx)
        assert page.errors == [], page.errors
        assert [url for url in page.external if not url.startswith("blob:")] == []


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_without_javascript_the_links_hide_and_the_corpus_download_stands_in(browser, deployed_site, generated, edition):
    speech = generated.speeches[0]
    url = f"{deployed_site.url}{edition}/speeches/{speech.id}/"
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(url)
        line = page.locator(".speech-downloads")
        assert line.locator("a[download]").count() == 2
        assert all(not link.is_visible() for link in line.locator("a[download]").all())
        corpus = line.locator("a:not([download])")
        assert corpus.is_visible() and corpus.get_attribute("href") == deployed_site.downloads_url + corpus_zip_name(edition)
        # Followed, it saves the edition's zip from where it is published.
        with page.expect_download() as info:
            corpus.click()
        saved = Path(info.value.path()).read_bytes()
        assert saved == (deployed_site.docs / corpus_zip_path(edition)).read_bytes()
    finally:
        context.close()
    with browsing(browser, deployed_site.url) as page:
        page.goto(url)
        line = page.locator(".speech-downloads")
        assert all(link.is_visible() for link in line.locator("a[download]").all())
        assert not line.locator("a:not([download])").is_visible()


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_without_the_downloads_address_nothing_stands_in_for_the_links(browser, site_url, generated, edition):
    """Built without DOWNLOADS_URL (a developer's machine): no link to a
    corpus download the site does not hold, with or without JavaScript; the
    script's links still make their files."""
    speech = generated.speeches[0]
    url = f"{site_url}{edition}/speeches/{speech.id}/"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        line = page.locator(".speech-downloads")
        assert line.locator("a").count() == 2 and line.locator("a:not([download])").count() == 0
        assert not any(link.is_visible() for link in line.locator("a").all())
    finally:
        context.close()
    with browsing(browser, site_url) as page:
        page.goto(url)
        line = page.locator(".speech-downloads")
        assert all(link.is_visible() for link in line.locator("a[download]").all())
        name, data = clicked(page, line.locator("a[download]").first.inner_text())
        assert name.endswith(".docx") and data.startswith(b"PK")
