"""catalog.json, for people who link: every URL it names is a file the
generator writes, each edition's entry says what that edition prints, and
the facts are the speech pages' own (render/catalog.py)."""

from __future__ import annotations

import io
import json
import zipfile

import yaml

from build_scripts.pipeline import generate
from build_scripts.publishing.publish import read_handwritten
from build_scripts.parse.decode import read_pages
from build_scripts.corpus.ledger import read_ledger

from build_scripts.render.paths import corpus_zip_path

from ..conftest import ROOT, SOURCES

# Where the workflow publishes the corpus zips: a release's assets.
DOWNLOADS_URL = "https://github.com/owner/repo/releases/download/corpus/"


def front_matter(generated, path: str) -> dict:
    return yaml.safe_load(generated.files[path].decode("utf-8").split("---\n")[1])


def page_of(url: str) -> str:
    """The Markdown page a page URL is built from ("zh-Hans/speeches/x/" → "zh-Hans/speeches/x.md")."""
    return url.removesuffix("/") + ".md"


def test_each_edition_entry_names_what_that_edition_publishes(generated):
    catalog = json.loads(generated.files["catalog.json"])
    assert catalog["version"] == 3 and catalog["base_url"] is None  # built without SITE_URL
    assert len(catalog["speeches"]) == len(generated.speeches) == 9
    for entry in catalog["speeches"]:
        for code, edition in [("zh-Hans", entry), *entry["variants"].items()]:
            assert edition["url"].startswith(code + "/")
            assert edition["markdown"] == page_of(edition["url"])  # in docs/, as tools reading it expect
            page = front_matter(generated, edition["markdown"])
            assert page["id"] == entry["id"] and page["title"] == edition["title"]
            # The edition's corpus download, beside the editions, holds the
            # speech's Markdown; built without DOWNLOADS_URL, the catalog
            # does not know where it is published.
            assert "downloads" not in edition
            with zipfile.ZipFile(io.BytesIO(generated.files[corpus_zip_path(code)])) as corpus:
                assert corpus.read(edition["markdown"].removeprefix(code + "/")) == generated.files[edition["markdown"]]
        assert set(entry["variants"]) == {"zh-Hant"}
        assert entry["variants"]["zh-Hant"]["title"] != entry["title"]  # converted, not copied
    for entry in catalog["collections"]:
        for code, edition in [("zh-Hans", entry), *entry["variants"].items()]:
            assert edition["markdown"] == page_of(edition["url"])
            page = front_matter(generated, edition["markdown"])
            assert page["title"] == edition["title"]


def test_a_speechs_facts_are_its_pages(generated):
    catalog = json.loads(generated.files["catalog.json"])
    dated = 0
    for entry in catalog["speeches"]:
        page = front_matter(generated, page_of(entry["url"]))
        for field in ("topics", "places", "meeting_types", "speaker_roles"):
            assert entry[field] == page.get(field, []), field
        assert entry["date"] == page["date"] and entry["characters"] == page["characters"]
        own = page["speech_date"]
        if own == "unknown" or own.get("conflict"):
            assert entry["speech_date"] is None
        else:
            dated += 1
            assert entry["speech_date"] == {k: v for k, v in own.items() if k != "evidence"}
            assert set(entry["speech_date"]) <= {"year", "years", "date"}
    assert dated >= 1  # the seed holds speeches its text dates


def test_with_the_sites_address_the_catalog_says_it():
    built = generate(
        read_pages(SOURCES), read_handwritten(ROOT / "docs"), ledger=read_ledger(SOURCES),
        site_url="https://example.org/speeches",
    )
    catalog = json.loads(built.files["catalog.json"])
    assert catalog["base_url"] == "https://example.org/speeches/"


def test_with_downloads_url_the_catalog_and_pages_link_the_corpus_zips_there(generated):
    """Generated with DOWNLOADS_URL: each edition's entry, each speech page and
    the home page link that edition's zip at that address (absolute); the
    zips hold the same files as the pages, wherever they are published."""
    published = generate(read_pages(SOURCES), read_handwritten(ROOT / "docs"), ledger=read_ledger(SOURCES),
                         downloads_url=DOWNLOADS_URL)
    catalog = json.loads(published.files["catalog.json"])
    assert catalog["version"] == 3
    for entry in catalog["speeches"]:
        for code, edition in [("zh-Hans", entry), *entry["variants"].items()]:
            url = f"{DOWNLOADS_URL}corpus-markdown.{code}.zip"
            assert edition["downloads"] == {"zip": url}
            assert front_matter(published, edition["markdown"])["corpus_url"] == url
    for code in ("zh-Hans", "zh-Hant"):
        home = published.files[f"{code}/index.md"].decode("utf-8")
        assert f'<a href="{DOWNLOADS_URL}corpus-markdown.{code}.zip">' in home
        assert f"corpus-markdown.{code}.zip" not in generated.files[f"{code}/index.md"].decode("utf-8")
        with zipfile.ZipFile(io.BytesIO(published.files[corpus_zip_path(code)])) as corpus:
            assert corpus.namelist() == zipfile.ZipFile(io.BytesIO(generated.files[corpus_zip_path(code)])).namelist()
            assert all(corpus.read(name) == published.files[name if name == "catalog.json" else f"{code}/{name}"]
                       for name in corpus.namelist())
