"""The sync engine: pushes the outbox, pulls the platform's change log, rebases.

Pure asyncio, no Qt: the UI polls its state or registers plain callbacks.
"""
