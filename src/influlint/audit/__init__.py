"""Community audit for brands (`influlint audit`): streaming figures over chat exports and their report
(HTML from templates/, JSON after docs/audit.schema.json, CSV of findings)."""
