"""What a speech page shows besides the speech's own text, for every
speech: its related speeches, its neighbours in its collection, and what
its merged copies say differently. Script-neutral: computed once, for
every edition."""

from __future__ import annotations

from ..model import Collection, Speech, SpeechContext
from .collate import collate
from .related import related_speeches


def speech_contexts(speeches: list[Speech], collections: list[Collection]) -> dict[str, SpeechContext]:
    """Related speeches, collection neighbours and collation of every speech:
    near-linear in the corpus (see related.py and collate.py)."""
    by_id = {s.id: s for s in speeches}
    related = related_speeches(speeches)
    neighbours: dict[tuple[str, str], tuple[Speech | None, Speech | None]] = {}
    for c in collections:
        ids = [i for i in c.speech_ids if i in by_id]
        for k, sid in enumerate(ids):
            neighbours[(c.id, sid)] = (
                by_id[ids[k - 1]] if k > 0 else None,
                by_id[ids[k + 1]] if k + 1 < len(ids) else None,
            )
    return {
        s.id: SpeechContext(
            related=tuple(by_id[i] for i in related.get(s.id, ())),
            previous=neighbours.get((s.collection_id, s.id), (None, None))[0],
            next=neighbours.get((s.collection_id, s.id), (None, None))[1],
            collation=collate(s.distinct),
        )
        for s in speeches
    }
