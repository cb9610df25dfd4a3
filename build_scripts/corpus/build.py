"""The pages together: the corpus every edition is rendered from. Copies
merged into distinct speeches, ids from the ledger, related speeches,
collation and facets, in that order (corpus/*.py each do one). Facets are
found ``beside`` the related speeches: ``beside(work, speeches)`` may start
the work elsewhere (the pipeline forks a worker when the speeches are many)
and yields what waits for its result; by default the work runs here."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace

from ..editions.source_script import HANS
from ..editions.traditional_sources import own_script_first
from ..model import Changes, Corpus, LedgerEntry, ParsedPage
from .assign_ids import assign_stable_ids
from .contexts import speech_contexts
from .find_facets import facets
from .merge_duplicates import merge_duplicates


def build_corpus(
    parsed: list[ParsedPage],
    ledger: list[LedgerEntry],
    today: str,
    handwritten: dict[str, bytes],
    site_url: str | None,
    stage: Callable[[str], AbstractContextManager] = lambda name: nullcontext(),
    track=lambda items, total=None: items,
    beside=lambda work, speeches: nullcontext(work),
) -> tuple[Corpus, Changes]:
    """The corpus of the parsed pages, and what it changes in the ledger
    (``today`` dates the speeches it adds whose page has no date)."""
    with stage("merge duplicates"):
        copies = [c for p in parsed for c in p.copies]
        distinct = merge_duplicates(copies, [f for p in parsed for f in p.merge_prints], track=track)
        # The Simplified edition (and the catalogue) prints a Simplified copy when there is one.
        distinct = [own_script_first(d, (HANS,)) for d in distinct]
    with stage("assign ids"):
        copy_prints = {id(c): f for p in parsed for c, f in zip(p.copies, p.id_prints)}
        metas = {p.split.page.file: p.split.meta for p in parsed}
        speeches, collections, entries, identity = assign_stable_ids(distinct, metas, ledger, today, copy_prints)
    with stage("related speeches, collation and facets"):
        with beside(lambda: {s.id: facets(s) for s in speeches}, len(speeches)) as found:
            contexts = speech_contexts(speeches, collections)
            facets_by_id = found()
        contexts = {sid: replace(c, facets=facets_by_id[sid]) for sid, c in contexts.items()}
    scripts = {p.split.page.file: p.script for p in parsed}
    originals = {p.split.page.file: p.originals for p in parsed if p.originals}
    return Corpus(speeches, collections, handwritten, contexts, entries, site_url, "", scripts, originals), identity

