"""Process plumbing beside the layers: settings, logs, metrics, owner-only files, certificates.

It imports nothing of the project, so every package may use it except `programme/`, which does no I/O
(docs/architecture.md)."""
