"""Pure logic: plain values in, plain values out; no Typer, no Rich, no database session."""
