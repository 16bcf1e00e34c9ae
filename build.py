#!/usr/bin/env python3
"""Build the paper catalog: `python build.py` (ingest + render), `python build.py serve`."""

import sys

from catalog.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
