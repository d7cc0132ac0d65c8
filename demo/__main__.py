"""``python -m demo`` (``make demo``): the app against a local reference platform."""

from demo.app import main

raise SystemExit(main())
