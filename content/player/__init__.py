"""The player: the LMS page that frames a package, and what the content origin serves to it."""
