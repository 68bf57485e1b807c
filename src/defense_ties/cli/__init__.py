"""The command line: `dt` and its commands, built on typer."""
