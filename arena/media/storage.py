"""Where media files live, behind a small interface.

The embedded default keeps files under ``instance/media``; ``MEDIA_STORAGE_PATH`` points it at any
folder (a volume shared by several hosts). Keys are relative paths such as ``12/original``; nothing
outside the root can be named (a key with ``..`` or an absolute path is refused).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO, Iterator

COPY_BLOCK = 1024 * 1024


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if path != self.root and self.root not in path.parents:
            raise ValueError(f"storage key outside the root: {key!r}")
        return path

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        path = self.path(key)
        return path.stat().st_size if path.is_file() else 0

    def write_at(self, key: str, offset: int, stream: BinaryIO, limit: int) -> int:
        """Write up to ``limit`` bytes from ``stream`` at ``offset`` (the end of what is stored),
        reading in blocks; returns how many were written. Bytes past ``offset`` are dropped first,
        so a retried chunk overwrites a half-written one."""
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with open(path, "r+b" if path.exists() else "wb") as out:
            out.truncate(offset)
            out.seek(offset)
            while written < limit:
                block = stream.read(min(COPY_BLOCK, limit - written))
                if not block:
                    break
                out.write(block)
                written += len(block)
            out.flush()
            os.fsync(out.fileno())
        return written

    def sha256(self, key: str) -> str:
        digest = hashlib.sha256()
        with open(self.path(key), "rb") as f:
            for block in iter(lambda: f.read(COPY_BLOCK), b""):
                digest.update(block)
        return digest.hexdigest()

    def replace(self, source: Path, key: str) -> None:
        """Move a finished file (written beside the store) into place atomically."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)

    def delete(self, key: str | None) -> None:
        if key:
            self.path(key).unlink(missing_ok=True)

    def delete_folder(self, prefix: str) -> None:
        shutil.rmtree(self.path(prefix), ignore_errors=True)

    def folders(self) -> Iterator[str]:
        for child in self.root.iterdir():
            if child.is_dir():
                yield child.name


def get_storage(app=None) -> LocalStorage:
    from flask import current_app

    app = app or current_app
    root = app.config.get("MEDIA_STORAGE_PATH") or os.path.join(app.instance_path, "media")
    storage = app.extensions.get("arena_media_storage")
    if storage is None or storage.root != Path(root).resolve():
        storage = LocalStorage(root)
        app.extensions["arena_media_storage"] = storage
    return storage
