"""Reading one source page: its bytes in, its speech copies out, every
decision recorded for the build report.

The stages, each a module with one contract, in the order they run:

    decode      bytes → a SourcePage: numbered lines, the encoding named
                (decode.py; also how a line reads: look-alikes folded,
                hard wraps found)
    glosses     pinyin glosses ("會(huì)") found, to be taken out (glosses.py)
    rows        lines → rows: hard-wrapped lines joined, run-on lines cut
                where they show a boundary, each row with its view (rows.py)
    split       rows → zones and speech copies: header, markers, titles,
                speech text, trailer; a verdict for every line (split.py,
                with markers.py and titles.py)
    clean       a copy's lines → paragraphs, the scraping damage repaired
                and recorded (clean.py)
    structure   paragraphs → headings and paragraphs (structure.py)

What they know of 范文 sites is data, not code: the knowledge files
(``knowledge.py`` reads ``build_scripts/knowledge/``), and the template
learned from the other pages of a page's site (``templates.py``, which
needs to know each page's site: ``sites.py``).
"""
