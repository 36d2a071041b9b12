"""The database: engine and sessions, the tables, queries and schema migrations."""
