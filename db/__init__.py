"""esma: db package."""
