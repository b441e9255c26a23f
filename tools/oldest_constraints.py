"""Write a pip constraints file pinning every runtime dependency to the lowest version pyproject.toml allows.

CI installs the project with it (`pip install -c oldest.txt '.[test]'`) and runs the suite again, so a
lower bound in pyproject.toml is a version that was really tested (shared/decisions.md). Only the
runtime dependencies are pinned: they are what users get; the test tools stay at their newest.

    python tools/oldest_constraints.py > oldest.txt

A dependency without a lower bound (`>=`, `~=` or `==`) is an error: nothing says what is oldest.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
# name, optional extras, version specifiers, optional environment marker (PEP 508, the forms pyproject uses)
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$")
_LOWER = re.compile(r"(?:>=|~=|==)\s*([0-9][0-9A-Za-z.!+-]*)")


def oldest(requirements: list[str]) -> list[str]:
    """`name==lowest[; marker]` for each requirement, in the order given."""
    pins = []
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        if match is None:
            raise ValueError(f"cannot read the requirement {requirement!r}")
        name, _extras, specifiers, marker = match.groups()
        lower = _LOWER.search(specifiers or "")
        if lower is None:
            raise ValueError(f"{name} has no lower bound in pyproject.toml; add the oldest version CI tests")
        pins.append(f"{name}=={lower.group(1)}{marker or ''}")
    return pins


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    try:
        pins = oldest(project["dependencies"])
    except ValueError as exc:
        print(f"pyproject.toml: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write("".join(pin + "\n" for pin in pins))
    return 0


if __name__ == "__main__":
    sys.exit(main())
