"""The build engine: turns a declared site into files, and knows nothing of papers.

What it does for any site: cheap input fingerprints and content-keyed parsing (inputs.py),
the SQLite cache (cache.py), the plan of outputs, each with the key of what it shows
(plan.py), rendering on every core (workers.py), writing files in place or into a staging
directory swapped in crash-safely (files.py, output.py), an index folder built after the
pages (index.py), the output guard (guard.py), progress and the summary line
(progress.py). build.py runs them in order.

A site declares itself to the engine (build.Site): where its inputs are, how to fingerprint
and read them, and a Plan: every output (a Job: its file, its key, the function that renders
it) and the index, if any. catalog/render/ is the paper catalog's site.
"""
