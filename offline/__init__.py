"""Domain rules and the encrypted local store.

The bottom layer of CounterDesk: the 办件 state machine, validation, working-day
deadlines and receipt numbering (``offline.domain``, pure Python, no I/O), and the
SQLCipher store every clerk action is written to in one transaction
(``offline.store``). It never imports Qt, the HTTP client or the sync engine.
"""
