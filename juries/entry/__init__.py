"""Grade-entry extras that do not belong to the results engine's modules (its parameters)."""
