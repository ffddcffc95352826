import redis
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from sqlalchemy import create_engine, text

from app import settings

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origins=settings.CORS_ORIGINS)
engine = create_engine(settings.DATABASE_URL, pool_pre_ping=True)
reporting = create_engine(settings.REPORTING_DSN)
cache = redis.Redis.from_url(settings.REDIS_URL)


@app.get("/health")
def health():
    """Try it: curl http://localhost:8080/health"""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"db": "ok", "cache": cache.ping()}
