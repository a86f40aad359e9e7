"""careplanner's private core for content: the safe loader every data file goes through."""
