"""The training-records fact table: its model, its refresh from the lower apps' signals and its
full rebuild (``manage.py analytics_rebuild``)."""
