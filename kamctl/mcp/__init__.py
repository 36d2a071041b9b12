"""kamctl for assistants: a Model Context Protocol server whose tools call the CLI's use cases."""
