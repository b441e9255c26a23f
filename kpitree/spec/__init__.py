"""Spec v1: reading a spec file into validated models, with the position of every node.

`source` reads bytes, `yaml_source` turns text into plain data with positions, `model` defines
the format (pydantic), `amounts` parses the numbers people write, `schema_errors` words the
models' validation errors, `crosscheck` finds what no single field shows, and `load` runs them
in that order.
"""
