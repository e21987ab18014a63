"""Blind round 5: phrases written without reading the parser, scored in aggregate only."""
