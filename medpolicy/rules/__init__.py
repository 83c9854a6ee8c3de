"""Cross-application rules on durable_rules and the batch screening of a round."""
