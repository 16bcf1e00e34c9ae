"""`serve` with a broken page starts and shows the error overlay; its search index never
keeps files of an older index."""

from __future__ import annotations

import shutil
import time

from test_serve import BASE, ROOT, SLUG, Server, raw_get


def test_serve_starts_with_a_broken_page_shows_the_overlay_then_recovers(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "papers" / f"{SLUG}.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace('venue: "ECCV 2024"', 'venue: "ECCV 2024', 1), encoding="utf-8")
    line = good.split("\n").index('venue: "ECCV 2024"') + 1
    server = Server(tmp_path)
    try:
        server.wait_ready()
        status = server.status()
        assert status["error"]["path"].endswith(f"{SLUG}.md") and status["error"]["line"] == line
        code, _, body = raw_get(server.port, BASE)
        assert 'id="build-error"' in body and f"{SLUG}.md:{line}" in body  # no site yet: the 404 page shows it
        assert f"{SLUG}.md:{line}: front matter is not valid YAML: a quote opened on this line" in server.output()
        path.write_text(good, encoding="utf-8")
        server.wait_for(lambda s: s["error"] is None and not s["busy"])
        code, _, body = raw_get(server.port, f"{BASE}papers/{SLUG}/")
        assert code == 200 and 'id="build-error"' not in body
    finally:
        assert server.stop() == 0
    assert "Traceback" not in server.output()


def test_serve_reindexes_into_a_fresh_pagefind_folder(tmp_path):
    server = Server(tmp_path)
    bundle = server.site / "pagefind"
    try:
        server.wait_ready()
        deadline = time.monotonic() + 120
        while not (bundle / "pagefind-entry.json").is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        stale = bundle / "fragment" / "stale_from_an_old_index.pf_fragment"
        stale.parent.mkdir(exist_ok=True)
        stale.write_bytes(b"old")
        start = server.status()["generation"]
        path = server.content / "papers" / f"{SLUG}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("MM1:", "MM1 (renamed):", 1), encoding="utf-8")
        server.wait_for(lambda s: s["generation"] > start and not s["busy"])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and (stale.exists() or server.status()["indexing"]
                                               or not (bundle / "pagefind-entry.json").is_file()):
            time.sleep(0.1)
        assert not stale.exists()
        assert (bundle / "pagefind-entry.json").is_file() and not (server.site / ".pagefind-old").exists()
    finally:
        assert server.stop() == 0
