"""Generator for the speech library: scraped 范文 pages in, clean Markdown out.

The layers, each a package with one contract (the README's Pipeline section
lists them; ``pipeline.py`` runs them in order):

    parse/ (one page: decode → rows → split → clean → structure) →
    corpus/ (duplicates, ids, related, collation, facets) →
    render/ (each edition's files, converted by editions/) →
    publishing/ (docs on disk → the site: MkDocs per edition, search index, root)

with the data they pass on in model/, and the machinery of a run in
runtime/ (workers, the parsed-page cache, progress) and fast/.
"""
