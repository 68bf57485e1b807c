"""The library: what `import defense_ties` offers and the command line calls (the query steps,
the validate policy, citations). Imports nothing heavy until a function is called."""
