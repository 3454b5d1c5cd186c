"""Subcommand modules of the esma CLI (each imports the engine lazily)."""
