"""The programme dashboard: a Teams tab (and a plain web page) served by the bot's own server.

`routes.setup(app, ctx)` mounts it under /dashboard. Pages are rendered on the server from read
models (`store.dashboard_repo`) by `views`; who sees what is `programme.access`'s decision; sign-in
is Teams tab SSO checked in `auth`.
"""
