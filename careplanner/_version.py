"""The single source of careplanner's version (pyproject reads it too)."""

__version__ = "0.1.0"
