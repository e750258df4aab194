"""Posters of a map: PDF in A0-A4, and PNG and SVG of the same canvas (see render.py)."""
