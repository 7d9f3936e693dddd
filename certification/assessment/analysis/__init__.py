"""Item analysis and learning gain with pandas, for instructors (and, through the api, analytics)."""
