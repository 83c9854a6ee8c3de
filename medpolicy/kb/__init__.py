"""The knowledge base: loading it, typed clauses and parameters, scopes, calls, readings, units, words for terms."""
