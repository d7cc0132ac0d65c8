"""The PySide6 + qasync desktop application (and the ``counterdesk`` command).

The only layer allowed to import Qt; it adapts the core's plain callbacks and
state to Qt signals and never lets a widget touch SQLite or the network.
"""

from ui.qt_compat import guard_bool_refcounts

guard_bool_refcounts()  # PySide6 6.12 + Python 3.11: emit() leaks a ref of True
