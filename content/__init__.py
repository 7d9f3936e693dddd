"""Content packages (SCORM 1.2, SCORM 2004, cmi5, xAPI/Tin Can, H5P), the player and the xAPI LRS."""
