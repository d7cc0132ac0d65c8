"""Entry point of the frozen app: the same `counterdesk` command as the pip install."""

import sys

from ui.cli import main

if __name__ == "__main__":
    sys.exit(main())
