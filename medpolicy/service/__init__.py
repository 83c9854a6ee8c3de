"""The HTTP service: a FastAPI application over the library (``medpolicy serve``) and the web form at ``/``.

Same operations and JSON shapes as the CLI, the same input limits and safe parsing (bodies go through
:func:`medpolicy.inputs.read_graph`), errors as RFC 9457 problem details, the OpenAPI document at
``/openapi.json``.
"""

from __future__ import annotations

from medpolicy.service.app import create_app

__all__ = ["create_app"]
