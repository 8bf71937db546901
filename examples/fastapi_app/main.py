"""Inventory API: items, stock reports, label printing and supplier feeds."""
import asyncio
import logging
import os
import pickle
import re
import shlex
from urllib.parse import urlparse

import httpx
import jinja2
import yaml
from fastapi import FastAPI, File, Header, HTTPException, Query, Response, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel
from sqlalchemy import text

import database
import security

app = FastAPI(title="Inventory")
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])
logger = logging.getLogger("inventory")

REPORT_DIR = "/srv/inventory/reports"
SUPPLIER_HOSTS = {"feeds.acme-supplies.com", "api.partsworld.example"}
LABEL_DIR = "/srv/inventory/labels"


class ReportRequest(BaseModel):
    title: str
    template: str


class Credentials(BaseModel):
    username: str
    password: str


@app.post("/login")
def login(credentials: Credentials):
    user = database.rows(text("SELECT * FROM users WHERE username = :u"), u=credentials.username)
    if not user or security.hash_password(credentials.password, user[0]["salt"]) != user[0]["password_hash"]:
        logger.warning(f"failed login for {credentials.username}")
        raise HTTPException(status_code=401)
    return {"token": security.access_token(credentials.username)}


@app.get("/items")
def list_items(sort: str = "name"):
    try:
        return database.items_sorted(sort)
    except ValueError:
        raise HTTPException(status_code=400, detail="unknown sort column")


@app.get("/items/search")
def search_items(q: str):
    sql = f"SELECT id, name FROM items WHERE name LIKE '%{q}%'"
    return database.rows(text(sql))


@app.get("/items/{item_id}")
def get_item(item_id: int):
    found = database.rows(text(f"SELECT * FROM items WHERE id = {item_id}"))
    if not found:
        raise HTTPException(status_code=404)
    return found[0]


@app.get("/items/filter/by-name")
def filter_by_name(pattern: str = Query(..., max_length=200)):
    matcher = re.compile(pattern)
    return [item for item in database.items_sorted("name") if matcher.search(item["name"])]


@app.get("/items/filter/by-prefix")
def filter_by_prefix(prefix: str):
    matcher = re.compile("^" + re.escape(prefix))
    return [item for item in database.items_sorted("name") if matcher.search(item["name"])]


@app.post("/items/{item_id}/adjust")
def adjust(item_id: int, delta: int, authorization: str = Header(...)):
    user = security.token_subject(authorization.removeprefix("Bearer "))
    database.adjust_quantity(item_id, delta)
    logger.info("stock of %s changed by %d by %s", item_id, delta, user)
    return {"ok": True}


@app.get("/reports/download")
def download_report(file: str, response: Response):
    with open(os.path.join(REPORT_DIR, file), "rb") as handle:
        data = handle.read()
    response.headers["X-Report-Name"] = file
    return Response(content=data, media_type="application/pdf")


@app.get("/reports/latest")
def latest_report():
    names = sorted(os.listdir(REPORT_DIR))
    with open(os.path.join(REPORT_DIR, names[-1]), "rb") as handle:
        return Response(content=handle.read(), media_type="application/pdf")


@app.post("/reports/render", response_class=HTMLResponse)
def render_report(report: ReportRequest):
    template = jinja2.Environment(autoescape=True).from_string(report.template)
    return template.render(title=report.title, items=database.items_sorted("name"))


@app.get("/reports/title", response_class=HTMLResponse)
def report_title(title: str):
    return HTMLResponse(f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>")


@app.post("/labels/{item_id}")
async def print_label(item_id: int, printer: str = "labels", copies: int = 1):
    command = f"lp -d {printer} -n {copies} {LABEL_DIR}/{item_id}.pdf"
    proc = await asyncio.create_subprocess_shell(command)
    await proc.wait()
    return {"printed": copies}


@app.post("/labels/{item_id}/quoted")
async def print_label_quoted(item_id: int, printer: str = "labels"):
    proc = await asyncio.create_subprocess_shell(f"lp -d {shlex.quote(printer)} {LABEL_DIR}/{item_id}.pdf")
    await proc.wait()
    return {"printed": 1}


@app.get("/suppliers/feed")
async def supplier_feed(url: str):
    async with httpx.AsyncClient(timeout=10) as client:
        feed = await client.get(url)
    return {"entries": len(feed.json())}


@app.get("/suppliers/feed-checked")
async def supplier_feed_checked(url: str):
    if urlparse(url).netloc not in SUPPLIER_HOSTS:
        raise HTTPException(status_code=400, detail="unknown supplier")
    async with httpx.AsyncClient(timeout=10) as client:
        feed = await client.get(url)
    return {"entries": len(feed.json())}


@app.post("/suppliers/import")
async def import_supplier_snapshot(snapshot: UploadFile = File(...)):
    items = pickle.loads(await snapshot.read())
    return {"items": len(items)}


@app.post("/suppliers/config")
async def supplier_config(config: UploadFile = File(...)):
    settings = yaml.load(await config.read(), Loader=yaml.SafeLoader)
    return {"suppliers": sorted(settings)}


@app.get("/go")
def go(to: str):
    return RedirectResponse(url=to)


@app.post("/devices/verify")
def send_login_code(username: str):
    code = security.login_code()
    logger.info("login code sent to user %s", username)
    return {"sent": True, "length": len(code), "request": security.request_id()}
