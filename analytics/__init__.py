"""Reports on training reach, completion and learning gain, read-only, with pandas."""
