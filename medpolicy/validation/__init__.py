"""prepare → SHACL engine → trace each result to its clause → status per clause → report; proofs, match, index table."""
