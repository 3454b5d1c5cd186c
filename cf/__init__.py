"""esma: cf package."""
