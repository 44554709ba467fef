"""Plot functions of the notebooks, one module per area. Each takes findings or a campaign and
returns a matplotlib Figure; data preparation stays in the area modules."""
