"""The real variable every scalar activation is a function of."""

import sympy as sp

x = sp.Symbol("x", real=True)
"""The input of a scalar activation, $x \\in \\mathbb{R}$."""
