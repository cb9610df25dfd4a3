"""The Atom feed of newly added speeches, one per edition.

Ordered by when each speech was added: its place in the ledger
(``sources/speech-ids.tsv``), which the generator only ever appends to, so a
rebuild never reorders the feed; dated with the ledger's date (the source
page's date). Entry ids are URNs made from the speech id, so they stay the
same whichever address the site is served from.

Everything from the corpus or the ledger is escaped for XML where it is
written (element text, attribute values), so titles and openings read back
as they are.
"""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape, quoteattr

from ..editions.convert import Script
from ..model import Collection, LedgerEntry, Speech
from .paths import FEED_PATH, speech_url
from .opening import description
from .speech_page import SITE_NAME

FEED_ENTRIES = 50
# A feed reader shows an entry's summary in full, in one file for the whole
# site: it keeps a longer opening than a page's <meta name=description>.
FEED_SUMMARY_CHARACTERS = 120
# A fixed namespace: the same speech id gives the same entry id forever.
_NAMESPACE = uuid.UUID("6f1c1d1e-8a53-5b1e-9a4c-2f6c7a0d9e21")


def entry_id(speech_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, speech_id)}"


def render_feed(
    ledger: list[LedgerEntry],
    speeches: list[Speech],
    collections: list[Collection],
    language: str,
    t: Script,
    edition_url: str | None = None,
) -> str:
    """Atom 1.0. Links are relative to the edition's root (the feed sits
    there) unless the edition's absolute URL is known."""
    by_id = {s.id: s for s in speeches}
    by_collection = {c.id: c for c in collections}
    added = [e for e in ledger if not e.alias_of and e.id in by_id]
    newest = added[::-1][:FEED_ENTRIES]
    base = edition_url.rstrip("/") + "/" if edition_url else ""
    updated = max((e.added for e in added), default="1970-01-01")
    title = t(SITE_NAME) + " · " + t("新增讲话")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(language)}>',
        f"  <title>{escape(title)}</title>",
        f"  <id>{entry_id('feed:' + language)}</id>",
        f"  <updated>{escape(updated)}T00:00:00Z</updated>",
        f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + FEED_PATH)}/>",
        f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base or './')}/>",
        f"  <author><name>{escape(t(SITE_NAME))}</name></author>",
    ]
    for entry in newest:
        speech = by_id[entry.id]
        collection = by_collection[speech.collection_id]
        out += [
            "  <entry>",
            f"    <title>{escape(t(speech.title))}</title>",
            f"    <id>{entry_id(speech.id)}</id>",
            f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + speech_url(speech.id))}/>",
            f"    <published>{escape(entry.added)}T00:00:00Z</published>",
            f"    <updated>{escape(entry.added)}T00:00:00Z</updated>",
            f"    <category term={quoteattr(t(collection.title))}/>",
            f"    <summary>{escape(t(description(speech, FEED_SUMMARY_CHARACTERS)))}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
