"""Every message the loader and validator show, in one catalogue.

Kept in one place so that `--lang ja` (roadmap) is a second catalogue, not a hunt through
f-strings. Rule messages live beside their rules, keyed by rule code, for the same reason.
"""

from __future__ import annotations

from typing import Any

EN: dict[str, str] = {
    # reading files
    "file_missing": "no such file; check the path",
    "file_is_dir": "is a directory with no specs (*.kpi.yaml, kpitree.yaml); name a spec file",
    "file_not_regular": "is not a regular file (a device, FIFO or socket); name a spec file",
    "file_too_large": "file is {size:,} bytes, over the {limit:,}-byte limit for a spec; split it",
    "file_unreadable": "cannot read the file: {reason}",
    "not_utf8": "the file is not UTF-8 (byte 0x{byte:02x}); save it as UTF-8",
    "empty_file": "the file is empty; a spec starts with 'version: 1'",
    # YAML
    "yaml_syntax": "YAML syntax error: {problem}; fix the indentation or quoting here",
    "yaml_tag": "YAML tag '{tag}' is not allowed in a spec; remove it",
    "yaml_merge_key": "merge keys ('<<') are not supported; write the keys out",
    "yaml_complex_key": "a key must be a plain word; write 'key: value'",
    "yaml_too_many_nodes": "anchors and aliases expand to more than {limit} nodes; write the data out without aliases",
    "yaml_too_deep": "nested more than {limit} levels deep; a spec is never this deep",
    "yaml_recursive_alias": "an alias refers to its own anchor; remove the alias",
    "yaml_unknown_node": "unsupported YAML node",
    "yaml_ambiguous_int": "'{value}' is read differently by YAML versions (octal, base 60); write it as a plain decimal number or quote it",
    "yaml_ambiguous_float": "'{value}' is not a plain decimal number; write it like 0.25",
    "yaml_nonfinite": "'{value}' is not allowed: numbers must be finite (no NaN or infinity)",
    "yaml_bad_date": "'{value}' is not a valid date ({reason}); write YYYY-MM-DD",
    "duplicate_key": "duplicate key '{key}' (first on line {first}); remove one of them",
    # schema
    "not_a_mapping": "a spec is a mapping of keys (version, kgi, drivers); got {got}",
    "unknown_key": "unknown key '{key}'{hint}; allowed here: {allowed}",
    "unknown_key_hint": " (did you mean '{suggestion}'?)",
    "missing_key": "missing required key '{key}'{where}; add it",
    "wrong_type": "{what}: expected {expected}, got {got}{hint}",
    "bool_hint": " (YAML reads yes/no/on/off/true/false as booleans; quote it)",
    "invalid_value": "{what}: {reason}",
    "bad_version": "unsupported spec version {got}; this kpitree reads 'version: 1'",
    # cross-field (E006)
    "deadline_not_after_start": "deadline {deadline} is not after start {start}; the period needs at least two days",
    "drivers_and_funnel": "give either 'drivers:' or the 'funnel:' shorthand, not both",
    "no_drivers": "no funnel: add 'drivers:' (one per KSF) or a top-level 'funnel:'",
    "shorthand_with_drivers": "'{key}' at the top level belongs to the 'funnel:' shorthand; move it into each driver",
    "share_and_target": "driver '{driver}' has both 'share' and 'target'; keep one",
    "share_or_target": "driver '{driver}' needs 'share' (part of the KGI) or 'target' (in {unit}); add one",
    "first_stage_rate": "the first stage '{stage}' is the activity and has no rate; remove 'rate' (rates sit on the stage they lead to)",
    "stage_needs_rate": "stage '{stage}' needs 'rate': the share of '{prev}' that reaches it, such as 0.25 or '25%'",
    "duplicate_id": "{kind} id '{id}' is used twice (first on line {first}); ids must be unique",
    "no_working_days": "the period {start}..{deadline} has no working days with workdays {workdays}; add workdays or fix the dates",
    "members_owner": "stage '{stage}' is owned by '{owner}', which team.members does not list; add '{owner}: N' to team.members",
    "capacity_unknown_stage": "team.capacity names stage '{stage}', which no funnel has{hint}; use a stage id",
    "history_pair": "history needs 'won' and 'of' (counts) or 'low' and 'high' (a 90% interval of the rate)",
    "history_won_of": "history won {won} is more than of {of}; won counts the ones that made it",
    "history_low_high": "history low {low} is above high {high}; swap them",
    "workdays_duplicate": "workday '{day}' is listed twice; list each day once",
}


def text(message_id: str, /, **values: Any) -> str:
    """The message `message_id`, filled in."""
    return EN[message_id].format(**values)
