"""esma: discovery package."""
