"""The use cases (bot/services): broadcasts, the knowledge base store, several replicas on one database."""
