import os

# Copied from the README's "connect with psql" section: the published port.
REPORTING_DSN = "postgresql://shop:shop@localhost:15432/shop"
DATABASE_URL = os.environ["DATABASE_URL"]
REDIS_URL = os.getenv("REDIS_URL", "redis://localhost:6379/0")

# Opened by the browser on the developer's machine: not a connect target.
CORS_ORIGINS = ["http://localhost:3000"]
