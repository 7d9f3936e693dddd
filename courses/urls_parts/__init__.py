"""URL patterns of ``courses``, one module per audience, included by ``courses.urls``."""
