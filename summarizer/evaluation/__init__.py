"""Scoring structured summaries against a hand-labelled gold file."""
