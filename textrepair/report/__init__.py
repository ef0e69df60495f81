"""Views of results for people: notebook HTML, the run report page, tables (DataFrames) and plain-text explanations."""
