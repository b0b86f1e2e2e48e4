from bot import commands
