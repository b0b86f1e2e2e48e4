"""Everything that touches the Bot Framework SDK (botbuilder) lives here and only here.

The Bot Framework SDK for Python reached end of support on 2025-12-31; keeping it inside this one
package means a move to the Microsoft 365 Agents SDK touches nothing else (docs/deploy.md).
"""
