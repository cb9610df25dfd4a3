"""Generator for the speech library: scraped 范文 pages in, clean Markdown out.

The pipeline, one module per stage (see ``pipeline.py`` for how they connect):

    parse (decode → rows → split → clean → structure) →
    merge_duplicates → assign_ids → render_markdown → convert_variant → publish

and then build_site (MkDocs per edition, search_index, the site root).
``page_cache`` keeps the per-page stages' work between builds.
"""
