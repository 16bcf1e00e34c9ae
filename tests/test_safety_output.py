"""The build replaces only what it made, and there is never a moment without a site.

Each test runs the command line in-process, in a throwaway project, and checks what the
user sees: the one-line message, the exit status, and that nothing was touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from catalog.cli import main
from catalog.engine import output as output_mod
from catalog.engine.output import MARKER

from render_helpers import FIXTURE, all_files


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A clone-like project: .git, pyproject.toml, content/ with pages (no dumps)."""
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    shutil.copytree(FIXTURE, root / "content")
    monkeypatch.chdir(root)
    return root


def run(capsys, *argv) -> tuple[int, str]:
    code = main(["render", "-q", *argv])
    return code, capsys.readouterr().err.strip()


def tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): (b"" if p.is_dir() else p.read_bytes())
            for p in sorted(path.rglob("*")) if ".git" not in p.parts}


@pytest.mark.parametrize("output, why", [
    ("docs", "docs: holds files the build did not make (e.g. 'notes.txt') and no .catalog-site marker"),
    ("a-file.txt", "a-file.txt: is a file, not a folder"),
    ("content", "content: is the content folder"),
    ("content/papers", "content/papers: is inside the content folder"),
    ("content/new-empty", "content/new-empty: is inside the content folder"),
    (".", ".: is the project folder"),
    ("..", "..: holds the content folder"),
])
def test_refuses_to_replace_what_it_did_not_make(project, capsys, output, why):
    (project / "docs").mkdir()
    (project / "docs" / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (project / "a-file.txt").write_text("keep me\n", encoding="utf-8")
    before = tree(project.parent)
    code, err = run(capsys, "--output", output)
    assert code == 2
    assert err.startswith(f"error: {why}") and err.count("\n") == 0, err
    assert "nothing was changed" in err
    assert tree(project.parent) == before


def test_builds_into_a_missing_or_empty_folder_then_replaces_its_own_site(project, capsys):
    (project / "empty").mkdir()
    for output in ("empty", "new/site"):
        assert run(capsys, "--output", output) == (0, "")
        assert (project / output / MARKER).is_file()
        assert run(capsys, "--output", output) == (0, "")  # its own site: replaced
    assert not list(project.glob(".site-*")) and not list((project / "new").glob(".site-*"))


def test_a_site_built_before_the_marker_existed_is_still_replaced(project, capsys):
    assert run(capsys, "--output", "site") == (0, "")
    (project / "site" / MARKER).unlink()
    assert run(capsys, "--output", "site") == (0, "")
    assert (project / "site" / MARKER).is_file()


def test_missing_content_folder_is_an_error_and_the_site_stays(project, capsys):
    assert run(capsys, "--output", "site") == (0, "")
    before = all_files(project / "site")
    code, err = run(capsys, "--content", "/nonexistent", "--output", "site")
    assert (code, err) == (1, "error: /nonexistent: content folder does not exist (see --content)")
    (project / "other").mkdir()
    code, err = run(capsys, "--content", "other", "--output", "site")
    assert (code, err) == (1, "error: other: holds neither papers/ nor sources/: is this the content folder?")
    assert all_files(project / "site") == before


def test_symlinked_output_keeps_the_symlink_and_updates_its_target(project, capsys):
    (project / "real").mkdir()
    (project / "site").symlink_to("real")
    assert run(capsys, "--output", "site") == (0, "")
    assert (project / "site").is_symlink() and (project / "real" / "index.html").is_file()
    (project / "real" / "index.html").write_text("stale", encoding="utf-8")
    assert run(capsys, "--output", "site") == (0, "")
    assert (project / "site").is_symlink() and (project / "real" / "index.html").read_text() != "stale"


def test_leftovers_of_killed_builds_are_removed_at_the_next_start(project, capsys):
    assert run(capsys, "--output", "site") == (0, "")
    (project / ".site-build-site-abc").mkdir()
    (project / ".site-build-site-abc" / "index.html").write_text("half", encoding="utf-8")
    shutil.copytree(project / "site", project / ".site-old-site-123")
    shutil.copytree(project / "site", project / ".site-old-k2j3h4" / "site")  # named as older versions did
    assert run(capsys, "--output", "site") == (0, "")
    assert sorted(p.name for p in project.glob(".site-*")) == []


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_run(project, capsys, monkeypatch):
    """Where the atomic exchange is not available the swap is two renames; a build killed
    between them left no site/ -- the next run puts the old site back before anything else."""
    assert run(capsys, "--output", "site") == (0, "")
    old = all_files(project / "site")
    os.rename(project / "site", project / ".site-old-site-999")  # what the kill left
    monkeypatch.setattr(output_mod, "_exchange", lambda a, b: False)
    output_mod.recover(project / "site")
    assert all_files(project / "site") == old
    assert run(capsys, "--output", "site") == (0, "")  # and the two-rename swap itself works
    assert not list(project.glob(".site-*"))


def test_write_errors_are_one_line_with_the_file(project, capsys, monkeypatch):
    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", str(project / ".site-build-site-x"))
    monkeypatch.setattr(output_mod.tempfile, "mkdtemp", full_disk)
    code, err = run(capsys, "--output", "site")
    assert (code, err) == (1, f"error: {project / '.site-build-site-x'}: No space left on device")


def test_read_only_output_folder_is_one_line(project, capsys):
    if os.geteuid() == 0:  # root writes anywhere: simulate with a read-only bind of the mode bits
        pytest.skip("root ignores file modes")
    (project / "ro").mkdir()
    (project / "ro").chmod(0o555)
    try:
        code, err = run(capsys, "--output", "ro/site")
    finally:
        (project / "ro").chmod(0o755)
    assert code == 1 and err.startswith("error: ") and "Permission denied" in err and "\n" not in err


def test_cli_exit_status_as_a_subprocess(project):
    """The real command: no traceback on stderr, status 2."""
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("mine", encoding="utf-8")
    build_py = Path(__file__).resolve().parent.parent / "build.py"
    result = subprocess.run(["python", str(build_py), "render", "--output", "docs"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(build_py.parent)})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_two_builds_at_once_into_the_same_folder_both_succeed(project):
    import threading
    from catalog.render.pipeline import render_site
    errors = []

    def one():
        try:
            render_site(project / "content", project / "site", say=lambda *a: None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and (project / "site" / MARKER).is_file()
    assert not list(project.glob(".site-*"))
