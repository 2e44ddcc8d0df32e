"""The estate's documents (信息公示): categories, files, versions, the publishing flow."""
