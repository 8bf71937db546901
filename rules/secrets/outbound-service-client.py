import os

import boto3
import openai
import sentry_sdk as sentry
from anthropic import Anthropic as Claude


def summarize(text):
    # ruleid: outbound-service-client
    client = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])


def ask(question):
    # ruleid: outbound-service-client
    return Claude().messages.create(model="claude-sonnet-4-5", max_tokens=256, messages=[{"role": "user", "content": question}])


# ruleid: outbound-service-client
sentry.init(dsn=os.environ.get("SENTRY_DSN"), traces_sample_rate=0.1)

# ruleid: outbound-service-client
openai.api_key = os.environ["OPENAI_API_KEY"]


def upload(path):
    from boto3.session import Session

    # ruleid: outbound-service-client
    Session().client("s3").upload_file(path, "bucket", "key")


class OpenAI:
    def __init__(self, name):
        self.name = name


def local_only():
    # ok: outbound-service-client
    return OpenAI("offline")


def report(error):
    # ok: outbound-service-client
    sentry.capture_exception(error)


def bucket_name(session):
    # ok: outbound-service-client
    return boto3.__version__
