"""Tools for the people who write the knowledge base: lint, source normalisation, vocabulary docs."""
