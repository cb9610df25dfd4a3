"""The plain data passed between the layers: no logic, only what each
layer hands the next.

    pages.py     a source page, its label, the copies of speeches it holds,
                 their cleaned text and outline; distinct speeches and the
                 collections they are published in
    edition.py   an edition of the site (editions/registry.py lists them),
                 and what its search index holds of a speech

Every layer is a function from these dataclasses to these dataclasses; the
file system is touched at the edges only (reading the sources, writing the
docs, building the site).
"""

from .edition import Edition, Faces, SearchRecord
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
    "CleanCopy",
    "Collection",
    "Damage",
    "DistinctSpeech",
    "Edition",
    "Faces",
    "LineVerdict",
    "PageMeta",
    "Paragraph",
    "Repair",
    "SearchRecord",
    "SourceLine",
    "SourcePage",
    "Speech",
    "SpeechCopy",
    "SplitPage",
    "StructuredCopy",
]
