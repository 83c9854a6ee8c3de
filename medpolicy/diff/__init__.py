"""Aligning and comparing the clauses and parameters of two policies, and applicants under both.

The flow of ``compare.diff(A, B)``: ``align`` cuts each policy into items and pairs them within a topic (scores
from ``text`` metrics and ``values``; product families from ``families``) → ``entries`` compares each group of
pairs (``verdict`` per pair of parameters) → ``models.DiffReport``. ``matrix`` runs every pair of policies,
``applicants`` validates a folder under both and explains who flips. Results say why as catalog messages
(``medpolicy/catalog/diff.toml``); ``medpolicy.render.diff`` words them.
"""
