"""What readers see: the figures, the hover charts, the chapters' tables and the PDF.

Built on :mod:`alliances.measures` (the numbers) and the data layer; nothing here computes a
figure of the book by itself, and nothing in the measures imports from here. Import the
modules themselves (``from alliances.presentation import plotting``): matplotlib, Plotly and
Playwright load only when the module that needs them does.
"""
