"""`xxgk serve`: a read-only web front end (search, reports, figures, JSON) over the index."""
