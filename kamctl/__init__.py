"""kamctl: key account management from the terminal."""

__version__ = "0.1.0"
