"""Demo and documentation tools: the demo launcher (``python -m demo``), sample data and the
screenshot renderer (``python -m demo.screenshots``).

Developer-only: no installer ships this package, and the shipped packages never import it
(import-linter). It drives the real app with a local reference platform and seeded stores.
"""
