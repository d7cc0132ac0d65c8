"""The 办件 (application) domain: pure rules with no I/O.

Everything here is plain Python over dicts and dataclasses so the store, the sync engine,
the reference platform and the UI all apply exactly the same rules: the state machine,
validation, working-day deadlines, receipt numbering and the mutation-apply rule.
"""
