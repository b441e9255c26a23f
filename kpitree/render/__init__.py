"""Renderers: a plan or findings in, text out. They only format; they compute nothing."""
