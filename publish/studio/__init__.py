"""publish studio: a local web app where clinic staff write, fix and publish a handout."""
