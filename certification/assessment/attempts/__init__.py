"""Taking a quiz: attempts, their allowed moves, answers as given, deadlines kept by the server."""
