"""Starter specs that `kpitree init` writes: one YAML file per template and language.

`$start`, `$deadline` and `$year` are filled with the current fiscal year (April to March, as most
Japanese companies plan); everything else is written as it stands, comments included.
"""
