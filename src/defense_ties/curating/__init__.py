"""The curator's tools: one canonical layout for record files (`fmt`), a new record from its
kind's declaration (`template`), what changed between two versions (`history`, from git), and
checking only what a change touches (`changed`)."""
