#!/usr/bin/env python
"""Django's command-line utility; `python -m ecourt` is the same entry point."""

from ecourt.__main__ import main

if __name__ == "__main__":
    main()
