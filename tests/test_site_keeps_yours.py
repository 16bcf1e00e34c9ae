"""Files a person puts at the top of the built site (a CNAME, a folder of their own, a page of
their own) survive every later build, staged or in place; what the build made and no longer
makes (a feed without --site-url, a deleted paper's page) is still removed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.cli import main

from render_helpers import FIXTURE

MINE = {"CNAME": "papers.example.org\n", "my404.html": "<h1>lost?</h1>\n", "mine/notes/a.txt": "hi\n"}


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURE, root / "content")
    monkeypatch.chdir(root)
    return root


def render(*argv: str) -> None:
    assert main(["render", "-q", "--output", "site", *argv]) == 0


def put_mine(site: Path) -> None:
    for rel, text in MINE.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")


def mine_kept(site: Path) -> bool:
    return all((site / rel).is_file() and (site / rel).read_text(encoding="utf-8") == text for rel, text in MINE.items())


def retitle(project: Path, title: str) -> None:
    page = project / "content" / "papers" / "ferret-ui.md"
    text = page.read_text(encoding="utf-8")
    old = next(line for line in text.split("\n") if line.startswith("title:"))
    page.write_text(text.replace(old, f'title: "{title}"', 1), encoding="utf-8")


def test_a_persons_files_in_the_site_survive_staged_and_in_place_builds(project):
    site = project / "site"
    render()
    assert (site / "feed.xml").is_file()  # the fixture's site.yaml has a site_url
    put_mine(site)
    retitle(project, "Ferret-UI, staged")
    render()  # with the index: a staged build, swapped in
    assert mine_kept(site) and "Ferret-UI, staged" in (site / "papers" / "ferret-ui" / "index.html").read_text()
    retitle(project, "Ferret-UI, in place")
    render("--no-search")  # a few files, written in place
    assert mine_kept(site) and "Ferret-UI, in place" in (site / "papers" / "ferret-ui" / "index.html").read_text()
    # What the build made and no longer makes is the build's to remove, in either way.
    config = project / "content" / "site.yaml"
    config.write_text("".join(line for line in config.read_text().splitlines(True) if "site_url" not in line))
    render()  # no site URL: no feed
    assert not (site / "feed.xml").exists() and mine_kept(site)
    (project / "content" / "papers" / "ferret-ui.md").unlink()
    render("--no-search")
    assert not (site / "papers" / "ferret-ui").exists() and mine_kept(site)
