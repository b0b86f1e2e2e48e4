"""Persistence: SQLAlchemy 2 async models, sessions, migrations and repositories.

Only this package imports SQLAlchemy. Repositories take a session and never commit; the caller
(one unit of work per turn or command) commits on success and rolls back on error.
"""
