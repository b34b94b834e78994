"""A list that can be read backwards with bounded memory: items are kept in chunks and chunks beyond the
first are pickled to an anonymous temporary file (written and read only by this process). pickle and
tempfile are imported on the first spill only (start-up time of the CLI)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CHUNK_ITEMS = 20_000


class SpillList:
    def __init__(self, chunk_items: int | None = None) -> None:
        self.chunk_items = chunk_items or CHUNK_ITEMS
        self.chunk: list[Any] = []
        self.offsets: list[int] = []
        self.file: Any = None
        self.first: Any = None
        self.count = 0

    def append(self, item: Any) -> None:
        if not self.count:
            self.first = item
        self.count += 1
        self.chunk.append(item)
        if len(self.chunk) >= self.chunk_items:
            import pickle
            import tempfile

            if self.file is None:
                self.file = tempfile.TemporaryFile(prefix="influlint-")
            self.file.seek(0, 2)
            self.offsets.append(self.file.tell())
            pickle.dump(self.chunk, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.chunk = []

    @property
    def last(self) -> Any:
        if self.chunk:
            return self.chunk[-1]
        return self._load(self.offsets[-1])[-1] if self.offsets else None

    def _load(self, offset: int) -> list[Any]:
        import pickle

        self.file.seek(offset)
        return pickle.load(self.file)  # noqa: S301 - our own temporary file

    def __iter__(self) -> Iterator[Any]:
        for off in self.offsets:
            yield from self._load(off)
        yield from self.chunk

    def __reversed__(self) -> Iterator[Any]:
        yield from reversed(self.chunk)
        for off in reversed(self.offsets):
            yield from reversed(self._load(off))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
