"""esma: search package."""
