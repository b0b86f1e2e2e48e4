"""Composition root of the Digital First bot: settings, logging, the web app and the `dfbot` CLI.

The programme's rules live in `programme/`; each outside SDK lives in its own package
(`bot/` botbuilder, `graph/` msgraph + azure-identity, `store/` SQLAlchemy).
"""
