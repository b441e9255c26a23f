"""PDCA's Check step: actuals against the plan. The track command is being built (issue "track")."""
