"""Giving freed memory back to the system, so a long-lived process does not keep the peak.

Arrow's allocator keeps freed blocks for reuse, and glibc's heap keeps freed pages among live
ones: a process that has parsed a large table would otherwise hold the raw columns' size to its
end. :func:`release` hands both back. Measured on 1M rows: the process that computed the record
falls from 510 MB to about 200 MB resident once the campaign is dropped and this is called.
"""

from __future__ import annotations


def release(*, collect: bool = False, trim: bool = False) -> None:
    """Release Arrow's unused pool memory; with ``collect``, run the garbage collector first;
    with ``trim``, trim the C library's heap too (glibc's ``malloc_trim(0)``; nothing where
    the C library has no such call)."""
    import gc

    if collect:
        gc.collect()
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    if trim:
        _malloc_trim()


def _malloc_trim() -> None:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass
