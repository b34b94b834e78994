"""influlint: the compliance linter for French influencer content and group chats."""

__version__ = "0.1.0"
