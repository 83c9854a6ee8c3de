"""The static site (``medpolicy site OUTDIR``): annotated notices, topic pages, diff pages and a client-side
search, in Chinese and English, self-contained (no network when viewed; opens from ``file://``)."""

from __future__ import annotations

from medpolicy.render.site.build import SiteSummary, build_site

__all__ = ["SiteSummary", "build_site"]
