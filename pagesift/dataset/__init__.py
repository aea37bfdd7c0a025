"""The dataset machinery: what pages there are, what was published, and publishing records as tables, a data package and a card, atomically."""
