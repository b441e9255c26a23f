"""`kpitree diff`: two versions of a spec → what changed and what it means for the work.

sides.py (paths, stdin, git revisions) → compare.py (the changed inputs) → bridge.py (the exact
Shapley split of the change per driver) → plan_diff.py (one `SpecDiff`); render/diff_*.py format it.
"""
