"""The question bank: categories, tags and versioned questions shared across courses."""
