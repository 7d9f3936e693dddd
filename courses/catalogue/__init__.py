"""The catalogue: Wagtail's catalogue, programme and course pages, their search and page context, the
roles' page permissions, and the demo catalogue."""
