"""The trained second opinion: hashed word and character n-gram features, a multi-label linear model
(numpy), and the findings it adds where no rule of a category fired (see docs/model.md)."""
