"""Aligning and comparing the clauses and parameters of two policies (or two applicants' reports)."""
