"""The applicant's side: the plain-JSON model, RDF conversion, JSON Schema, generated witnesses, templates."""
