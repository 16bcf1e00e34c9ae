"""The build engine with a site that is not the catalog: a folder of notes (one page per
`.txt` file and a list of them), to show the engine needs nothing of papers, and to pin what
it does for any site: nothing-changed builds read nothing, an edit re-renders what shows
it, worker processes write the same bytes, removed inputs lose their files, the index is
rebuilt only when its key changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.engine import inputs, workers
from catalog.engine.build import Build
from catalog.engine.cache import Cache, digest
from catalog.engine.plan import Index, Job, Plan


def parse_notes(paths: list[Path]) -> list[tuple[str, str]]:  # module-level: a worker finds it by name
    """(key, text) of each note: the key of the bytes read, as the engine's inputs.read wants."""
    found = []
    for path in paths:
        data = path.read_bytes()
        found.append((inputs.file_key(path.name, data), data.decode("utf-8").strip()))
    return found


def render_note(site, text: str) -> bytes:
    return f"<h1>{text.splitlines()[0]}</h1>\n<p>{text}</p>\n".encode()


def render_list(site, titles: list[str]) -> bytes:
    return ("<ul>" + "".join(f"<li>{t}</li>" for t in titles) + "</ul>\n").encode()


def render_packed(key: str, data: bytes, item: tuple) -> dict[str, bytes]:
    rel, text = item
    return {rel: render_note(None, text)}


class Notes:
    """A site of notes, declared to the engine (engine.build.Site)."""
    noun = "notes"
    index_folder = "search"
    render_packed = staticmethod(render_packed)

    def __init__(self, content: Path):
        self.content = content
        self.parsed: dict = {}
        self.stats: dict = {}
        self.read: list[str] = []     # keys parsed by the last build
        self.dirtied: list[str] = []  # jobs rendered by the last build
        self.indexed = 0

    def legacy(self, names):
        return False

    def scan(self):
        self.scanned = inputs.scan(self.content, ".txt")
        return inputs.fingerprint((), self.scanned, [], []), len(self.scanned)

    def prepare(self, pool) -> Plan:
        names, added = inputs.read(self.content, self.scanned, self.parsed, self.stats, parse_notes, pool)
        self.parsed.update(added)
        self.read = list(added)
        notes = {name[:-4]: self.parsed[key] for name, key in names.items()}
        self.notes = notes
        jobs = [Job(f"{stem}/index.html", "note", digest(text), stem, text, render_note, packed=True)
                for stem, text in notes.items()]
        titles = [text.splitlines()[0] for text in notes.values()]
        jobs.append(Job("index.html", "list", digest(titles), "the list", titles, render_list))
        key = digest(sorted(names.values()))
        return Plan(jobs, Index("search", key, build=self._index, empty=not notes), count=len(notes))

    def _index(self, folder: Path, old: Path | None) -> None:
        self.indexed += 1
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "words.txt").write_text(" ".join(sorted(self.notes.values())), encoding="utf-8")

    def dirty(self, jobs):
        self.dirtied = [j.id for j in jobs]

    def report(self, warnings):
        pass

    def shell(self):
        return "shell", b""

    def pack(self, job):
        return (job.id, job.arg)


@pytest.fixture
def notes(tmp_path):
    content = tmp_path / "notes"
    content.mkdir()
    for i in range(6):
        (content / f"n{i}.txt").write_text(f"Note {i}\nabout thing {i}\n", encoding="utf-8")
    return content


def build(content: Path, out: Path, site: Notes | None = None, **options):
    site = site or Notes(content)
    engine = Build(out, Cache(content.parent / ".cache" / f"{out.name}.sqlite"), say=lambda *a: None, **options)
    try:
        return site, engine.run(site)
    finally:
        engine.cache.close()


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("search", [False, True])  # in place / staged
def test_an_edit_renders_what_shows_it_and_nothing_changed_reads_nothing(notes, tmp_path, search):
    out = tmp_path / "site"
    site, summary = build(notes, out, search=search)
    assert summary.line().startswith("6 notes: 7 files written")  # 6 notes and the list
    assert (out / "n3" / "index.html").read_text(encoding="utf-8") == "<h1>Note 3</h1>\n<p>Note 3\nabout thing 3</p>\n"
    assert (out / "search" / "words.txt").is_file() == search
    site.read = []
    site, summary = build(notes, out, site, search=search)  # the same site object: as serve keeps it
    assert summary.rendered == 0 and summary.written == 0 and site.read == []
    (notes / "n3.txt").write_text("Note three\nretitled\n", encoding="utf-8")
    site, summary = build(notes, out, site, search=search)
    assert sorted(site.dirtied) == ["index.html", "n3/index.html"] and len(site.read) == 1  # parsed: the edited note
    assert summary.changed == {"index.html", "n3/index.html"}
    assert summary.search == ("built" if search else "off")
    assert "<li>Note three</li>" in (out / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(notes, clean, search=search)
    assert files(out) == files(clean)


def test_the_index_is_kept_while_its_key_is_unchanged(notes, tmp_path):
    out = tmp_path / "site"
    site, summary = build(notes, out)
    assert summary.search == "built" and site.indexed == 1
    (out / "n1" / "index.html").unlink()  # an output to redo, the inputs as they were
    site, summary = build(notes, out, Notes(notes))
    assert summary.search == "unchanged" and site.indexed == 0 and (out / "search" / "words.txt").is_file()
    assert summary.rendered == 1


def test_workers_write_the_same_bytes(notes, tmp_path, monkeypatch):
    one = tmp_path / "one"
    build(notes, one, jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(workers, "BLOCK", 2)
    two = tmp_path / "two"
    build(notes, two, jobs=2)
    assert files(one) == files(two)


def test_a_removed_input_loses_its_files(notes, tmp_path):
    out = tmp_path / "site"
    build(notes, out, search=False)
    (notes / "n2.txt").unlink()
    site, summary = build(notes, out, Notes(notes), search=False)
    assert not (out / "n2").exists() and summary.removed == 1
    assert summary.line().startswith("5 notes:")


def test_builds_opening_a_new_cache_at_once_take_turns(tmp_path):
    """Three builds open the same new cache file at once, 200 times over. Unlocked, about one
    round in a hundred failed ("no such table", "file is not a database", "disk I/O error"):
    one build dropped the tables another had just made, or deleted the half-made file."""
    import threading

    for round_ in range(200):
        path, errors = tmp_path / f"{round_}" / "render.sqlite", []

        def one():
            try:
                cache = Cache(path)
                cache.update_pages({"k": ("v",)}, set())
                assert cache.pages()["k"] == ("v",)
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(repr(exc))
        threads = [threading.Thread(target=one) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == [], (round_, errors)


def test_pages_written_in_the_background_are_there_at_the_next_use(tmp_path):
    cache = Cache(tmp_path / "render.sqlite")
    cache.update_pages({f"key{i}": ({"n": i}, "", (), []) for i in range(2000)}, set(), background=True)
    assert cache.record("related") is None  # waits for the write
    assert len(cache.pages()) == 2000
    cache.close()
    assert len(Cache(tmp_path / "render.sqlite").pages()) == 2000


def test_a_failed_background_write_is_raised_at_the_next_use(tmp_path):
    cache = Cache(tmp_path / "render.sqlite")
    cache.update_pages({"key": (lambda: None,)}, set(), background=True)  # neither marshal nor pickle takes it
    with pytest.raises(Exception, match="pickle"):
        cache.record("related")
    assert cache.record("related") is None  # raised once; the cache still works
    cache.close()


def test_a_clean_read_reads_each_file_once_with_the_keys_a_later_read_finds(notes, monkeypatch):
    """With nothing cached every file is parsed, so only the parser reads it (it hashes
    what it read); a later read hashes the files itself, to find the changed ones."""
    opened = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self.name) or read_bytes(self))
    scanned, stats = inputs.scan(notes, ".txt"), {}
    names, parsed = inputs.read(notes, scanned, {}, stats, parse_notes)
    assert sorted(opened) == sorted(names) and len(parsed) == len(names) == 6
    assert all(names[name] == inputs.file_key(name, read_bytes(notes / name)) for name in names)
    (notes / "n3.txt").write_text("Note three\n", encoding="utf-8")
    opened.clear()
    again, added = inputs.read(notes, inputs.scan(notes, ".txt"), parsed, stats, parse_notes)
    assert opened == ["n3.txt", "n3.txt"]  # hashed here, then parsed: the only file whose size changed
    assert {k for k, v in again.items() if v != names[k]} == {"n3.txt"} and list(added) == [again["n3.txt"]]
