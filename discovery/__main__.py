"""``python -m discovery ...`` is the ``esma`` command (the daemon starts itself this way)."""

from discovery.cli import main

if __name__ == "__main__":
    main()
