"""Seed the database from your machine: python scripts/seed.py (runs on the host)."""
import psycopg2

conn = psycopg2.connect("postgresql://shop:shop@localhost:15432/shop")
with conn, conn.cursor() as cur:
    cur.execute("CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY)")
conn.close()
