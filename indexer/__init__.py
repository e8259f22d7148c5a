"""xxgk's pipeline: ``readers`` (file → document) → ``extract`` (document → record) →
``segment`` (text → tokens) → ``store`` (record → Elasticsearch, and queries back)."""
