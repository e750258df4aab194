"""Customer evidence: reading feedback files, splitting and masking statements, embedding them on the
user's own machine, sorting them into segments and grouping them into themes. No database here."""
