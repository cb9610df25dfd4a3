"""An edition's every file (build_scripts/render/whole_edition.py): the
same whether its corpus zip is made here or in a forked worker; the
Traditional edition's text from a Simplified corpus."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest

from build_scripts.corpus.build import build_corpus
from build_scripts.corpus.ledger import read_ledger
from build_scripts.corpus.page import parse_page
from build_scripts.editions.registry import SIMPLIFIED, editions_for
from build_scripts.render.docs_folder import catalog_json, edition_titles
from build_scripts.render.paths import corpus_zip_path
from build_scripts.render.source_pages import source_editions
from build_scripts.render.whole_edition import render_whole_edition, traditional_edition_text
from build_scripts.runtime import workers

from ..conftest import SOURCES


@pytest.fixture(scope="module")
def corpus(seed_page):
    corpus, _ = build_corpus([parse_page(seed_page)], read_ledger(SOURCES), "2024-01-01", {}, None)
    editions = editions_for("s2tw")
    titles = edition_titles(editions, traditional_edition_text(corpus, editions[1]))
    # As the pipeline renders it: each source page published in one edition.
    homes = source_editions(corpus.collections, corpus.page_scripts, [e.code for e in editions])
    return replace(corpus, catalog_json=catalog_json(corpus, editions, titles), source_editions=homes)


def test_a_simplified_corpus_is_printed_as_it_is_by_the_traditional_edition(corpus):
    speeches, contexts, originals = traditional_edition_text(corpus, editions_for("s2tw")[1])
    assert speeches == corpus.speeches and contexts == corpus.contexts and originals == {}


def test_each_edition_is_what_the_generator_publishes_and_its_zip_holds_its_pages(corpus, generated):
    hant = editions_for("s2tw")[1]
    for edition, text in ((SIMPLIFIED, None), (hant, traditional_edition_text(corpus, hant))):
        rendered = render_whole_edition(corpus, edition, text)
        assert rendered.search == generated.search[edition.code]
        pages = {rel for rel in rendered.files if rel.endswith(".md")}
        assert pages and all(rendered.files[rel] == generated.files[rel] for rel in pages)
        zipped = zipfile.ZipFile(io.BytesIO(rendered.files[corpus_zip_path(edition.code)]))
        assert set(zipped.namelist()) == {rel.removeprefix(f"{edition.code}/") for rel in pages} | {"catalog.json"}
        assert (rendered.conversion is None) == (edition == SIMPLIFIED)


def test_the_zip_made_in_a_forked_worker_is_the_same(corpus):
    if not workers.can_fork():
        pytest.skip("this system cannot fork processes")
    hant = editions_for("s2tw")[1]
    text = traditional_edition_text(corpus, hant)
    here = render_whole_edition(corpus, hant, text)
    forked = render_whole_edition(corpus, hant, text, beside=lambda work, n: workers.forked(work, True))
    assert forked == here
