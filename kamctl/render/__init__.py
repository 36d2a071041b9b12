"""Everything a person or a script sees: safe text, tables, JSON, CSV, messages."""
