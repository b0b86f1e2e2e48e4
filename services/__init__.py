"""Services: stateless functions over a `Database`, one unit of work each, used by the bot and the CLI."""
