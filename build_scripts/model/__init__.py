"""The plain data passed between the layers: no logic, only what each
layer hands the next.

    pages.py     a source page, its label, the copies of speeches it holds,
                 their cleaned text and outline; distinct speeches and the
                 collections they are published in
    parsed.py    what reading one page makes of it, with what the corpus
                 stages need of each copy (made page by page)
    corpus.py    the corpus: the ids ledger, what a speech page says besides
                 its text (related speeches, collation, facets)
    edition.py   an edition of the site (editions/registry.py lists them),
                 and what its search index holds of a speech

Every layer is a function from these dataclasses to these dataclasses; the
file system is touched at the edges only (reading the sources, writing the
docs, building the site).
"""

from .corpus import Changes, CopyCollation, Corpus, Facets, LedgerEntry, Reading, SpeechContext, Variant
from .edition import Edition, Faces, Font, RenderedEdition, SearchRecord
from .parsed import Fingerprint, ParsedPage
from .pages import (
    Block,
    CleanCopy,
    Collection,
    Damage,
    DistinctSpeech,
    LineVerdict,
    PageMeta,
    Paragraph,
    Repair,
    SourceLine,
    SourcePage,
    Speech,
    SpeechCopy,
    SplitPage,
    StructuredCopy,
)

__all__ = [
    "Block",
    "Changes",
    "CleanCopy",
    "Collection",
    "CopyCollation",
    "Corpus",
    "Damage",
    "DistinctSpeech",
    "Edition",
    "Faces",
    "Facets",
    "Font",
    "Fingerprint",
    "LedgerEntry",
    "LineVerdict",
    "PageMeta",
    "Paragraph",
    "ParsedPage",
    "Reading",
    "RenderedEdition",
    "Repair",
    "SearchRecord",
    "SourceLine",
    "SourcePage",
    "Speech",
    "SpeechContext",
    "SpeechCopy",
    "SplitPage",
    "StructuredCopy",
    "Variant",
]
