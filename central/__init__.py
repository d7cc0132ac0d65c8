"""The reference central platform (FastAPI + SQLite) used for demos, training and tests.

It implements the same contract (``client.wire``) a provincial platform must speak,
using the same domain rules (``offline.domain``) as the counter client.
"""
