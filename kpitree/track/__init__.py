"""PDCA's Check step: actuals against the plan (`kpitree track`): reading actuals, the review."""
