"""Watch content/ and templates/ for changes: inotify where the platform has it (no cost
while idle, however many pages), else polling mtimes."""

from __future__ import annotations

import ctypes
import os
import select
import struct
import sys
import time
from pathlib import Path

QUIET_SECONDS = 0.015  # after a change, wait this long for the rest of a multi-file save

IN_ATTRIB, IN_CLOSE_WRITE, IN_MOVED_FROM, IN_MOVED_TO = 0x4, 0x8, 0x40, 0x80
IN_CREATE, IN_DELETE, IN_DELETE_SELF, IN_MOVE_SELF = 0x100, 0x200, 0x400, 0x800
IN_Q_OVERFLOW, IN_ISDIR = 0x4000, 0x40000000
MASK = IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF
EVERYTHING = Path("*")  # a change we could not pin down (inotify queue overflow): rescan


def relevant(path: Path, content: Path, templates: Path) -> bool:
    """Files whose change means a rebuild (not editor swap files, not our own temporaries)."""
    name = path.name
    if not name or name.startswith(".") or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913":
        return False
    if path.parent == content:
        return name in ("site.yaml", "topics.yaml")
    if path.parent == content / "papers":
        return name.endswith(".md")
    if path.parent == content / "sources":
        return True
    return path.is_relative_to(templates)


class PollWatcher:
    """Polls mtimes and sizes; the interval grows with the time a scan takes."""

    def __init__(self, content: Path, templates: Path):
        self.content, self.templates = content, templates
        self.snapshot = self._scan()
        self.interval = 0.1

    def _scan(self) -> dict[str, tuple[int, int]]:
        found = {}
        for top in (self.content, self.templates):
            for root, dirs, files in os.walk(top):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    path = os.path.join(root, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    found[path] = (st.st_mtime_ns, st.st_size)
        return found

    def wait(self, timeout: float) -> set[Path]:
        deadline = time.monotonic() + timeout
        while True:
            started = time.monotonic()
            snapshot = self._scan()
            self.interval = max(0.1, 4 * (time.monotonic() - started))
            changed = {Path(p) for p in set(snapshot) | set(self.snapshot) if snapshot.get(p) != self.snapshot.get(p)}
            self.snapshot = snapshot
            changed = {p for p in changed if relevant(p, self.content, self.templates)}
            if changed or time.monotonic() >= deadline:
                return changed
            time.sleep(min(self.interval, max(0.0, deadline - time.monotonic())))

    def close(self) -> None:
        pass


class InotifyWatcher:
    """Linux inotify through ctypes: the kernel says which files changed."""

    def __init__(self, content: Path, templates: Path):
        self.content, self.templates = content, templates
        libc = ctypes.CDLL(None, use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.dirs: dict[int, Path] = {}
        for top in (content, templates):
            self._watch_tree(top)

    def _watch_tree(self, top: Path) -> None:
        for root, dirs, _ in os.walk(top):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            wd = self._add(self.fd, os.fsencode(root), MASK)
            if wd >= 0:
                self.dirs[wd] = Path(root)

    def _read(self) -> set[Path]:
        changed: set[Path] = set()
        while True:
            try:
                data = os.read(self.fd, 1 << 16)
            except BlockingIOError:
                return changed
            offset = 0
            while offset + 16 <= len(data):
                wd, mask, _cookie, length = struct.unpack_from("iIII", data, offset)
                name = data[offset + 16:offset + 16 + length].rstrip(b"\0")
                offset += 16 + length
                if mask & IN_Q_OVERFLOW:
                    changed.add(EVERYTHING)
                    continue
                parent = self.dirs.get(wd)
                if parent is None:
                    continue
                path = parent / os.fsdecode(name) if name else parent
                if mask & IN_ISDIR:
                    if mask & (IN_CREATE | IN_MOVED_TO):
                        self._watch_tree(path)
                        changed.update(p for p in path.rglob("*") if p.is_file())
                    continue
                if mask & IN_CREATE:  # a new file: its close_write follows
                    continue
                changed.add(path)

    def wait(self, timeout: float) -> set[Path]:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return set()
        changed = self._read()
        while select.select([self.fd], [], [], QUIET_SECONDS)[0]:
            changed |= self._read()
        return {p for p in changed if p == EVERYTHING or relevant(p, self.content, self.templates)}

    def close(self) -> None:
        os.close(self.fd)


def make_watcher(content: Path, templates: Path):
    if sys.platform.startswith("linux"):
        try:
            return InotifyWatcher(content, templates)
        except (OSError, AttributeError):
            pass
    return PollWatcher(content, templates)
