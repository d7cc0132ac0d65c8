"""Backup and restore in the app (备份与恢复): the daily backup timer, the dialog and the
in-app restore. The scheduling and verification rules live in ``offline.backup_schedule``;
who may restore and how it is confirmed in :mod:`ui.backup.model`.
"""
