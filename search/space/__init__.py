"""The search space: LHS classes P(c)/Q(c), sign periods, the one place for limits and the size
guard, the specification of a search, and its deterministic work units."""
