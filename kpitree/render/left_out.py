"""What `track` read and did not count, and what it noticed: one line each, for text and Markdown."""

from __future__ import annotations

from datetime import date
from typing import Any

from kpitree.i18n import plural
from kpitree.i18n.numbers import format_count
from kpitree.render import TrackView


def left_out_lines(view: TrackView, as_of: date) -> list[str]:
    """One line per kind of row left out (a count above 0), then each note."""
    left = view.left_out
    lines: list[str] = []
    if left is not None:
        if left.filtered:
            lines.append(plural("track.left_out.filtered", left.filtered, rows=format_count(left.filtered)))
        if left.dropped:
            lines.append(plural("track.left_out.dropped", left.dropped, rows=format_count(left.dropped)))
        if left.before_start:
            n = left.before_start
            lines.append(plural("track.left_out.before_start", n, rows=format_count(n), start=view.start))
        if left.after_as_of:
            n = left.after_as_of
            lines.append(plural("track.left_out.after_as_of", n, rows=format_count(n), as_of=as_of))
        if left.after_deadline:
            n = left.after_deadline
            lines.append(plural("track.left_out.after_deadline", n, rows=format_count(n), deadline=view.deadline))
        if left.skipped_lines:
            n = left.skipped_lines
            if left.footer_reason == "blank":
                lines.append(plural("track.left_out.blank", n, rows=format_count(n)))
            elif left.footer_reason == "total":
                lines.append(plural("track.left_out.total", n, rows=format_count(n)))
            else:
                lines.append(plural("track.left_out.footer", n, rows=format_count(n)))
    lines.extend(view.notes)
    return lines


def left_out_json(view: TrackView) -> dict[str, Any]:
    """The top-level JSON fields of rows left out (docs/json.md): counts always present, notes a list."""
    left = view.left_out
    return {
        "filtered": left.filtered if left else 0,
        "dropped": left.dropped if left else 0,
        "before_start": left.before_start if left else 0,
        "after_as_of": left.after_as_of if left else 0,
        "after_deadline": left.after_deadline if left else 0,
        "skipped_lines": left.skipped_lines if left else 0,
        "notes": list(view.notes),
    }
