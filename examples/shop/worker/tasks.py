import os

import requests
from celery import Celery

app = Celery("shop", broker="redis://redis:6379/0")
PAYMENTS_URL = os.environ["PAYMENTS_URL"]


@app.task
def summarise(order_id: int) -> str:
    # The model server runs natively on the developer machine (for the GPU).
    resp = requests.post("http://localhost:11434/api/generate", json={"model": "llama3", "prompt": str(order_id)}, timeout=60)
    return resp.json()["response"]


@app.task
def notify_api(order_id: int) -> None:
    requests.post(f"http://api:8080/orders/{order_id}/summarised", timeout=5)


@app.task
def charge(order_id: int) -> None:
    requests.post(f"{PAYMENTS_URL}/v1/charges", data={"order": order_id}, timeout=10)
