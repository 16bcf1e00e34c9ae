"""arXiv's metadata as data, shared by the stages that read it (ingest's dump readers, enrich, add).

    record.py       one paper's arXiv metadata: the raw form (API or snapshot) -> a cleaned Record
    latex_text.py   arXiv's LaTeX in titles and names -> readable Unicode
    snapshot.py     a record of arXiv's metadata snapshot -> the raw form

It imports no stage, so every stage may import it (one direction, no circles).
"""
