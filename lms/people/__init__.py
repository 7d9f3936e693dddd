"""People and places: users, organisations, governorates, training hubs and roles."""
