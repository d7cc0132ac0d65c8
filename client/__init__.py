"""The platform API contract (pydantic wire models) and the async HTTP client.

Everything that crosses the wire between a counter device and the central
platform is defined here, so the reference platform (``central``) and the app
speak exactly the same language. No Qt, no store access.
"""
