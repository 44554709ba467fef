"""A text file of a run's record, wherever the record is: a computed record holds its files in
``record.files``, a stored run has them at the top of its run folder."""

from __future__ import annotations

from pathlib import Path


def record_text(record, name: str, record_dir: str = "") -> str:
    """The text of the file ``name`` (``notice.md``, ``model_card.md``) of ``record``: from
    ``record.files``, else from ``record_dir/name``; ``""`` when the run wrote none."""
    text = (getattr(record, "files", None) or {}).get(name)
    if text is None and record_dir:
        path = Path(record_dir) / name
        text = path.read_text(encoding="utf-8") if path.is_file() else None
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    return text or ""
