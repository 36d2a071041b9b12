"""Queries: functions that take `session` as a keyword, read or write, and never commit."""
