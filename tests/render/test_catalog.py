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

from ..conftest import ROOT, SOURCES


def front_matter(generated, path: str) -> dict:
    return yaml.safe_load(generated.files[path].decode("utf-8").split("---\n")[1])


def page_of(url: str) -> str:
    """The Markdown page a page URL is built from ("zh-Hans/speeches/x/" → "zh-Hans/speeches/x.md")."""
    return url.removesuffix("/") + ".md"


def test_each_edition_entry_names_what_that_edition_publishes(generated):
    catalog = json.loads(generated.files["catalog.json"])
    assert catalog["version"] == 2 and catalog["base_url"] is None  # built without SITE_URL
    assert len(catalog["speeches"]) == len(generated.speeches) == 9
    for entry in catalog["speeches"]:
        for code, edition in [("zh-Hans", entry), *entry["variants"].items()]:
            assert edition["url"].startswith(code + "/")
            assert edition["markdown"] == page_of(edition["url"])  # in docs/, as tools reading it expect
            page = front_matter(generated, edition["markdown"])
            assert page["id"] == entry["id"] and page["title"] == edition["title"]
            # The edition's corpus download, holding the speech's Markdown.
            downloads = edition["downloads"]
            assert downloads == {"zip": f"{code}/downloads/corpus-markdown.zip"}
            with zipfile.ZipFile(io.BytesIO(generated.files[downloads["zip"]])) as corpus:
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
