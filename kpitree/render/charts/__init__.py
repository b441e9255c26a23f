"""Charts as small SVG builders shared by `--html` and `--svg`: the burn-up of a stage
(burnup.py), the months of a plan (months.py), on a few shared pieces (svg.py)."""
