"""Writing the site: staged in a sibling temporary directory, swapped in on success.

A failed build removes its staging directory and leaves the previous site exactly as
it was. Every file written is claimed first, so two sources that would write the same
file (also when names differ only by case or Unicode normalisation, as on macOS and
Windows checkouts) fail the build naming both.

The build owns only what it made (guard.py decides what it may replace);
the swap itself is crash-safe: on Linux one atomic exchange of the two directories, else
two renames, and a build killed between them is repaired by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds and ingests are not serialised there
    fcntl = None

from ..errors import ContentError


class Output:
    def __init__(self, root: Path):
        self.root = root
        self._owners: dict[str, tuple[str, str]] = {}  # folded path -> (path, source)
        self._dirs: set[Path] = set()

    def claim(self, rel: str, source: Path | str, make_parent: bool = True) -> Path:
        """The file `rel` will be, its folder made (unless a worker process will make it)."""
        # ASCII (nearly every path): NFC changes nothing and casefold is lower (10,000 paths a build)
        key = rel.lower() if rel.isascii() else unicodedata.normalize("NFC", rel).casefold()
        if key in self._owners:
            other_rel, other_source = self._owners[key]
            raise ContentError(source, None, f"would write {rel}, which {other_source} also writes ({other_rel})")
        self._owners[key] = (rel, str(source))
        segments = rel.split("/")  # as PurePosixPath(rel).parts, without the object: "" and "." dropped
        if rel.startswith("/") or ".." in segments or all(part in ("", ".") for part in segments):
            raise ContentError(source, None, f"output path {rel!r} leaves the site directory")
        target = self.root / rel
        if make_parent and target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        return target

    def write(self, rel: str, text: str, source: Path | str) -> None:
        self.claim(rel, source).write_bytes(text.encode("utf-8"))

    def copy(self, rel: str, src: Path) -> None:
        self.claim(rel, src).write_bytes(src.read_bytes())

    def write_bytes(self, rel: str, data: bytes, source: Path | str) -> None:
        self.claim(rel, source).write_bytes(data)

    @contextmanager
    def open(self, rel: str, source: Path | str) -> Iterator[IO[str]]:
        with open(self.claim(rel, source), "w", encoding="utf-8", newline="\n") as handle:
            yield handle

    @property
    def count(self) -> int:
        return len(self._owners)


MARKER = ".catalog-site"  # left in every site the build writes: the proof it may replace it
MARKER_TEXT = "Written by the paper catalog build (python build.py). It replaces this folder on every build.\n"
# Beside the marker: the names at the top of the site the build made, one a line. Any other
# name there (a CNAME, .nojekyll, a folder of the person's own) is theirs: every build keeps it.
MADE = ".catalog-made"


@contextmanager
def staged(output_dir: Path) -> Iterator[Path]:
    """Yield a fresh directory beside `output_dir`; on success it replaces `output_dir`.

    A symlinked `output_dir` stays a symlink: its target is what gets replaced."""
    target = real_target(Path(output_dir))
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    with _locked(parent):
        recover(target)
        stage = Path(tempfile.mkdtemp(prefix=f".site-build-{target.name}-", dir=parent))
        try:
            yield stage
            made = set(os.listdir(stage))
            carry_over(target, stage)
            write_made(stage, made)
            (stage / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            os.chmod(stage, 0o755)  # mkdtemp makes it private; a served site must be readable
            _swap(stage, target)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise


def made_names(site: Path) -> set[str] | None:
    """The top-level names the build made in `site`; None for a site from before MADE (all its)."""
    try:
        return set((site / MADE).read_text(encoding="utf-8").splitlines())
    except (FileNotFoundError, NotADirectoryError):
        return None


def write_made(site: Path, names: set[str]) -> None:
    text = "".join(f"{name}\n" for name in sorted(names - {MARKER, MADE}))
    made = site / MADE
    if not made.is_file() or made.read_text(encoding="utf-8") != text:
        made.unlink(missing_ok=True)  # it may be a hard link to the old site's: never write through it
        made.write_text(text, encoding="utf-8")


def persons(site: Path, made_now: set[str]) -> list[str]:
    """Names at the top of the old `site` that are a person's: neither made by the build
    before nor now (a site from before MADE: none; leftovers of killed writes are not kept)."""
    before = made_names(site)
    if before is None or not site.is_dir():
        return []
    return sorted(name for name in os.listdir(site) if name not in before and name not in made_now
                  and name not in (MARKER, MADE) and not (name.startswith(".") and name.endswith(".tmp")))


def carry_over(old: Path, stage: Path) -> None:
    """Keep a person's files: link what they put at the top of the old site into the new one."""
    for name in persons(old, set(os.listdir(stage))):
        source, target = old / name, stage / name
        if source.is_symlink():
            os.symlink(os.readlink(source), target)
        elif source.is_dir():
            shutil.copytree(source, target, symlinks=True, copy_function=link)
        else:
            link(source, target)


def link(source, target) -> None:
    """Hard link an unchanged file into the new site (copy where links are not possible)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def real_target(output_dir: Path) -> Path:
    """The directory a build replaces: `output_dir`, or where its symlink points."""
    if output_dir.is_symlink():
        return output_dir.resolve()
    return output_dir.absolute()


def recover(target: Path) -> None:
    """Repair what a killed build left: put the old site back if the swap was cut between its
    two renames, and remove leftover staging and old-site folders (each a full copy)."""
    parent = target.parent
    olds = sorted(parent.glob(f".site-old-{target.name}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not target.exists():
        for old in olds:
            if (old / MARKER).is_file():
                os.rename(old, target)
                break
    # Every build writing into `parent` holds its lock (we do): any staging folder there is dead,
    # also those of other output folders and of versions that named them .site-build-<random>.
    for leftover in [*parent.glob(".site-build-*"), *parent.glob(".site-old-*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _swap(stage: Path, target: Path) -> None:
    if not target.exists():
        os.rename(stage, target)
        return
    if _exchange(stage, target):  # one atomic step: `target` is always a whole site
        shutil.rmtree(stage, ignore_errors=True)
        return
    old = target.with_name(f".site-old-{target.name}-{os.getpid()}")
    os.rename(target, old)  # a kill right here leaves no site: recover() puts `old` back
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # the file system cannot: fall back to two renames
    err = ctypes.get_errno()
    raise OSError(err, os.strerror(err), str(b))


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Serialise builds that write beside each other (their cleanup must not remove a live
    stage). A lock on the directory itself leaves no lock file behind."""
    if fcntl is None:
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
