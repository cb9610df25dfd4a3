"""A speech's .docx and .txt, made in the reader's browser from the page
(docs/javascripts/downloads.js): clicked in Chromium on every speech page of
both editions of the built seed site, saved under the link's name (the
script's, as render/download_names.py makes it), and byte for byte the
files render/downloads.py makes for that speech (which the corpus download
holds); without JavaScript there are no such links (the script writes them)
and the corpus download is offered instead, where the build knows it is published
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
        assert line.locator("a[download]").count() == 0
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
        assert line.locator("a[download]").count() == 2
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
        assert line.locator("a").count() == 0 and not line.is_visible()
    finally:
        context.close()
    with browsing(browser, site_url) as page:
        page.goto(url)
        line = page.locator(".speech-downloads")
        assert line.locator("a[download]").count() == 2
        assert all(link.is_visible() for link in line.locator("a[download]").all())
        name, data = clicked(page, line.locator("a[download]").first.inner_text())
        assert name.endswith(".docx") and data.startswith(b"PK")


# Titles that test each step of download_names.safe_title, and the attacks.
NAMED_TITLES = (
    "在城市工作领导小组会议上讲话",
    "关于<b>xx</b>的[讲话]*稿*",
    'a/b\\c:d*e?f"g<h>i|j',
    "{: onclick=alert(1) }",
    "`code` _x_ & #1 ! ~^ @$%'+;=",
    "2024年工作总结(定稿),第1.5版-终",
    "  讲话\t稿\n（一）\x1c\x85\u3000\u00a0末  ",
    "..-.隐藏",
    "\u202egpj.exe",
    "零\u200b宽\ufeff字\u0007符\ue000\u0378",
    "ｅ\u0301",
    "e\u0301",
    "讲" * 200,
    "讲" * 60,
    "讲" * 59 + ".-",
    "😀" * 200,
    "a" * 100,
    "",
    "\u200b\u202e",
    "...",
)


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_script_names_the_files_as_download_names_does(browser, site_url, generated, edition):
    """The script names a download from the title the page shows: whatever
    that title holds, as render/download_names.py names it (the seed's own
    titles: test_each_download_is_made_in_the_browser_byte_for_byte)."""
    from .hostile import ATTACKS

    speech = generated.speeches[0]
    with browsing(browser, site_url) as page:
        page.goto(f"{site_url}{edition}/speeches/{speech.id}/")
        script = page.locator("script[src$='javascripts/downloads.js']").get_attribute("src")
        for title in (*NAMED_TITLES, *ATTACKS):
            # The page's title replaced, the script run again on it.
            names = page.evaluate(
                """async ([title, src]) => {
                    const line = document.querySelector(".speech-downloads");
                    line.replaceChildren();
                    document.querySelector("article h1").textContent = title;
                    await new Promise((resolve, reject) => {
                        const script = document.createElement("script");
                        script.src = src;
                        script.onload = resolve;
                        script.onerror = reject;
                        document.body.append(script);
                    });
                    return [...line.querySelectorAll("a[download]")].map((link) => link.download);
                }""",
                [title, script],
            )
            assert names == [download_name(title, edition, ext, speech.id) for ext in ("docx", "txt")], repr(title)
        assert page.errors == [], page.errors
