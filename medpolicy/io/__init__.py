"""Untrusted bytes to a graph: formats, limits, encodings, no network; one lock and a time budget."""
