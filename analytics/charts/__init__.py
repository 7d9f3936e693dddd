"""Charts drawn on the server as SVG (no chart library on the page): bars, a line and a tile-grid
map of Iraq's governorates. Each is returned with its figures, which the page shows as a table."""

from analytics.charts.svg import bar_chart, line_chart, tile_map

__all__ = ["bar_chart", "line_chart", "tile_map"]
