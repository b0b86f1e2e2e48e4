"""The Digital First programme's rules in plain Python: no SDK, no I/O. Tested without a database."""
