"""The pages together (build_scripts/corpus/build.py): the corpus is the
same whether the facets are found here or in a forked worker, and its
stages run in order."""

from __future__ import annotations

import pytest

from build_scripts.corpus.build import build_corpus
from build_scripts.corpus.ledger import read_ledger
from build_scripts.corpus.page import parse_page
from build_scripts.runtime import workers

from ..conftest import SOURCES


@pytest.fixture(scope="module")
def parsed(seed_page):
    return [parse_page(seed_page)]


def test_the_corpus_is_the_one_the_generator_publishes(parsed, generated):
    corpus, identity = build_corpus(parsed, read_ledger(SOURCES), "2024-01-01", {}, None)
    assert corpus.speeches == generated.speeches and corpus.collections == generated.collections
    assert corpus.ledger == generated.ledger and identity == generated.identity
    assert set(corpus.contexts) == {s.id for s in corpus.speeches}


def test_facets_found_in_a_forked_worker_give_the_same_corpus(parsed):
    if not workers.can_fork():
        pytest.skip("this system cannot fork processes")
    stages = []

    def stage(name):
        stages.append(name)
        return workers.collector_paused()

    here, _ = build_corpus(parsed, [], "2024-01-01", {}, None)
    forked, _ = build_corpus(parsed, [], "2024-01-01", {}, None, stage, beside=lambda work, n: workers.forked(work, True))
    assert forked == here
    assert any(c.facets for c in here.contexts.values())
    assert stages == ["merge duplicates", "assign ids", "related speeches, collation and facets"]
