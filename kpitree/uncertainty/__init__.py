"""Uncertainty: rates and deal values known only roughly, and what that means for the plan.

The deterministic plan (`kpitree.engine`) uses point values. `simulate` samples the full
distributions (Monte Carlo, numpy), finds the volumes that reach a target with a chosen
confidence, and `whatif` re-plans with changed inputs. Only these commands import numpy.
"""
