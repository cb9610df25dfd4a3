"""What reading one page makes of it: its split, its copies cleaned and
outlined, and what the later stages need of each copy, made page by page
(in worker processes) so that the corpus stages only compare them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .pages import SplitPage, StructuredCopy


@dataclass(frozen=True)
class Fingerprint:
    """What merging needs to know of a copy. ``fingerprint`` works on one copy
    alone, so the fingerprints can be made in worker processes."""

    length: int  # characters in the canonical text
    # shingles() of the canonical text, as bytes: one object to send between
    # processes or store, where a set of ints is hundreds (and comparable, which
    # an array is not).
    shingle_bytes: bytes

    @property
    def shingles(self) -> np.ndarray:
        return np.frombuffer(self.shingle_bytes, dtype=np.uint32)


@dataclass(frozen=True)
class ParsedPage:
    """What the per-page stages make of one page, with the fingerprints the
    later stages need of each copy (made here, so in the worker processes)."""

    split: SplitPage
    copies: list[StructuredCopy]
    merge_prints: list[Fingerprint]  # merge_duplicates.fingerprint of each copy
    id_prints: list[str]  # stable_ids.copy_fingerprint of each copy
    lossy: list[list[int]]  # build_report.lossy_ranges of the copies
    script: str = "hans"  # the page's script (editions/source_script.py)
    # The page's labels (meta) as a Traditional source wrote them, by their
    # Simplified form (parse/traditional.py: hans_meta): for the Traditional edition.
    originals: dict[str, str] = field(default_factory=dict)
